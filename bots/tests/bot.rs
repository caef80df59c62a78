//! A bot's manners: it chooses again after a refusal and gives its orders
//! up for the turn after a few, with a note to the umpire; it answers a
//! teammate's chat with "Noted." (never its own, nor another bot's
//! "Noted."); a game with a side or persona that does not exist is refused
//! with a message; the automatic umpire rolls for free-form actions.

use brink_bots::{Bot, DEFAULT_DIFFICULTY, Game, MAX_REFUSALS, NOTED, Persona, play};
use brink_engine::{Action, Event, Phase, Ruling, Scenario, SideId};
use std::sync::Arc;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

fn cuba() -> Arc<Scenario> {
    Arc::new(Scenario::parse("cuba", CUBA).expect("valid"))
}

/// The US view at turn 1's Orders phase of a game of two players who have
/// not submitted, for a bot made by the test to act on.
fn us_at_orders(seed: u64) -> brink_engine::View {
    let mut game = Game::new(cuba(), seed).expect("a game");
    game.add_player(&"us".into(), "The US").expect("a player");
    game.add_player(&"ussr".into(), "The USSR")
        .expect("a player");
    game.settle();
    assert_eq!(game.session().state().phase, Phase::Orders);
    game.session()
        .view(&brink_engine::Viewer::Side("us".into()))
}

#[test]
fn after_a_few_refusals_a_bot_gives_the_turn_up_with_a_note_and_submits() {
    let us = SideId::from("us");
    let view = us_at_orders(3);
    let mut bot = Bot::new(Persona::Historical, 9, us, "president".into());
    let first = bot.next(&view).expect("an order");
    assert!(matches!(first, Action::AddOrder { .. }), "{first:?}");
    for _ in 0..MAX_REFUSALS {
        bot.refused("wrong_phase", "not now");
    }
    match bot.next(&view) {
        Some(Action::MessageUmpire { text }) => {
            assert!(text.contains("gives up"), "{text}");
            assert!(text.contains("wrong_phase"), "{text}");
        }
        other => panic!("expected a note to the umpire, got {other:?}"),
    }
    assert_eq!(bot.next(&view), Some(Action::SubmitOrders {}));
    assert_eq!(bot.next(&view), None);
    // Refused again: it stops for the turn.
    bot.refused("wrong_phase", "not now");
    assert_eq!(bot.next(&view), None);
}

#[test]
fn a_random_bot_chooses_again_after_a_refusal() {
    let us = SideId::from("us");
    let view = us_at_orders(5);
    let mut bot = Bot::new(Persona::RandomLegal, 5, us, "president".into());
    let first = bot.next(&view).expect("something");
    bot.refused("unknown_letter", "no such letter");
    let again = bot.next(&view).expect("another choice");
    assert!(
        matches!(again, Action::AddOrder { .. }),
        "{first:?} then {again:?}"
    );
}

#[test]
fn a_bot_does_not_answer_the_other_sides_chat() {
    let mut game = Game::new(cuba(), 1).expect("a game");
    game.add_bot(&"us".into(), Persona::Dove, 1).expect("a bot");
    let other = game
        .add_player(&"ussr".into(), "The USSR")
        .expect("a player");
    game.act(
        &other,
        Action::TeamChat {
            text: "Anyone?".into(),
        },
    )
    .expect("chat");
    game.settle();
    let noted = game
        .sent()
        .iter()
        .filter(|(_, a)| matches!(a, Action::TeamChat { text } if text == NOTED))
        .count();
    assert_eq!(noted, 0, "a bot answers only its own side");
    assert!(!game.sent().is_empty(), "the bot did play");
}

#[test]
fn a_bot_answers_a_teammates_chat_with_noted() {
    let mut game = Game::new(cuba(), 1).expect("a game");
    let ussr = SideId::from("ussr");
    game.add_bot(&ussr, Persona::Hawk, 1).expect("a bot");
    let view = game.view_of(&ussr).expect("view").clone();
    let mut bot = Bot::new(Persona::Hawk, 1, ussr.clone(), "first_secretary".into());
    let chat = |from: &str, text: &str| brink_engine::Seen {
        at_ms: 0,
        turn: 0,
        phase: Phase::Lobby,
        actor: Some(from.into()),
        visibility: brink_engine::Visibility::Side(ussr.clone()),
        event: Event::MessagePosted {
            from: from.into(),
            channel: brink_engine::MessageChannel::Team { side: ussr.clone() },
            text: text.into(),
        },
    };
    let me = view
        .players
        .iter()
        .find(|p| p.name.contains("bot"))
        .map(|p| p.id.clone())
        .expect("the bot joined");
    assert_eq!(bot.next(&view), None, "nothing to do in the lobby");
    bot.on_event(&chat(me.as_str(), "My own words."));
    bot.on_event(&chat("p9", NOTED));
    assert_eq!(
        bot.next(&view),
        None,
        "neither its own words nor a Noted. are answered"
    );
    bot.on_event(&chat("p9", "What now?"));
    bot.on_event(&chat("p9", "Hello?"));
    assert_eq!(
        bot.next(&view),
        Some(Action::TeamChat { text: NOTED.into() })
    );
    assert_eq!(bot.next(&view), None, "one answer to a burst");
}

#[test]
fn a_game_with_a_side_or_persona_that_does_not_exist_is_refused() {
    let cuba = cuba();
    let err = play(
        &cuba,
        &[
            ("us".into(), Persona::Hawk),
            ("ussr".into(), Persona::Hawk),
            ("nato".into(), Persona::Dove),
        ],
        1,
    )
    .expect_err("no side nato");
    assert!(err.to_string().contains("us, ussr"), "{err}");
    let err = play(&cuba, &[("us".into(), Persona::Hawk)], 1).expect_err("no persona for the ussr");
    assert!(err.to_string().contains("ussr"), "{err}");
    assert!("contrarian".parse::<Persona>().is_err());
}

#[test]
fn the_automatic_umpire_rolls_for_free_form_actions() {
    let personas = [
        (SideId::from("us"), Persona::RandomLegal),
        (SideId::from("ussr"), Persona::RandomLegal),
    ];
    let mut rolled = 0;
    for seed in 1..=10 {
        let mut game = Game::new(cuba(), seed).expect("a game");
        for (side, p) in &personas {
            game.add_bot(side, *p, seed).expect("a bot");
        }
        game.run();
        for action in game.session().state().actions.values() {
            assert_eq!(
                action.ruling,
                Some(Ruling::Roll {
                    difficulty: DEFAULT_DIFFICULTY
                })
            );
            assert!(action.roll.is_some());
            rolled += 1;
        }
    }
    assert!(rolled > 0, "random bots order free-form actions");
}
