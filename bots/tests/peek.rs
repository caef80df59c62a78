//! Bots cannot peek: noninterference for bots. Randomised 1962 games in
//! which one side is a bot (any persona, any seed) and the other side is
//! played by random ops, each game played twice: once as drawn, once with
//! everything the bot's side may not see changed — the other side's team
//! chat and messages to the umpire (absent, or other words), drafts made
//! and taken back, the texts of its free-form actions, a secret letter not
//! yet delivered, its submarines' stances in port. The bot's stream and
//! every command it sends must be byte for byte the same. A third play
//! moves the other side's secret track (known to the bot's side only by its
//! band) by one at the start: whenever the bot's stream is the same, so are
//! its commands.

use brink_bots::{Game, Persona};
use brink_engine::{Action, OrderItem, Phase, PlayerId, Scenario, SideId, TermId};
use proptest::prelude::*;
use std::sync::Arc;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

/// One thing the other side does in its Orders phase.
#[derive(Debug, Clone)]
enum Op {
    /// Team chat: the bot's side may not see it.
    Chat(u8),
    /// A message to the umpire: nor this.
    ToUmpire(u8),
    /// A draft item added and taken back.
    Scribble(u8),
    /// A free-form action (its outcome goes to the other side alone).
    FreeAction(u8),
    /// A strategic action from its menu (public or not): the same in both.
    Strategic(usize),
    /// A letter by embassy cable with some terms, which the bot receives:
    /// the same in both.
    Letter(Vec<bool>),
    /// A submarine in port set running silent (the other side is the USSR).
    Silent,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::Chat),
        any::<u8>().prop_map(Op::ToUmpire),
        any::<u8>().prop_map(Op::Scribble),
        any::<u8>().prop_map(Op::FreeAction),
        (0usize..20).prop_map(Op::Strategic),
        prop::collection::vec(any::<bool>(), 8).prop_map(Op::Letter),
        Just(Op::Silent),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    bot_is_us: bool,
    persona: Persona,
    seed: u64,
    /// The other side's ops, turn by turn.
    turns: Vec<Vec<Op>>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        prop::sample::select(Persona::ALL.to_vec()),
        any::<u64>(),
        prop::collection::vec(prop::collection::vec(op(), 0..5), 1..9),
    )
        .prop_map(|(bot_is_us, persona, seed, turns)| Case {
            bot_is_us,
            persona,
            seed,
            turns,
        })
}

/// What changes between the plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    AsDrawn,
    Secrets,
    SecretTrack,
}

/// The bot's stream and commands, serialized.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    stream: Vec<String>,
    commands: Vec<String>,
}

fn text(variant: Variant, what: &str, n: u8) -> String {
    if variant == Variant::Secrets {
        format!("{what} {n}, said otherwise and at much greater length, to change every size")
    } else {
        format!("{what} {n}")
    }
}

fn play(case: &Case, variant: Variant) -> Seen {
    let (bot, other) = if case.bot_is_us {
        ("us", "ussr")
    } else {
        ("ussr", "us")
    };
    let mut toml = CUBA.to_owned();
    if variant == Variant::SecretTrack {
        // The other side's standing, which the bot's side knows by band.
        let (from, to) = if case.bot_is_us {
            ("start = 60", "start = 59")
        } else {
            ("start = 55", "start = 56")
        };
        toml = toml.replacen(from, to, 1);
    }
    let scenario = Arc::new(Scenario::parse("cuba", &toml).expect("valid"));
    let (bot, other) = (SideId::from(bot), SideId::from(other));
    let mut game = Game::new(scenario, case.seed).expect("a game");
    game.keep_streams();
    game.add_bot(&bot, case.persona, case.seed).expect("a bot");
    let player = game.add_player(&other, "The other side").expect("a player");
    let last = u32::try_from(case.turns.len()).unwrap_or(1);
    for _ in 0..100 {
        game.settle();
        let state = game.session().state();
        let submitted = state
            .orders
            .get(&other)
            .is_some_and(|o| o.submitted.is_some());
        if state.phase == Phase::Ended || state.turn > last {
            break;
        }
        if state.phase != Phase::Orders || submitted {
            break;
        }
        let turn = state.turn;
        let ops = &case.turns[usize::try_from(turn - 1).unwrap_or(0)];
        for op in ops {
            other_side(&mut game, &player, &other, op, variant);
        }
        if turn == last {
            // A secret letter that the game ends before delivering.
            let _ = game.act(
                &player,
                Action::AddOrder {
                    order: OrderItem::Letter {
                        channel: "diplomatic_note".into(),
                        to: bot.clone(),
                        text: text(variant, "a late note", 0),
                        terms: Vec::new(),
                    },
                },
            );
        }
        let _ = game.act(&player, Action::SubmitOrders {});
    }
    Seen {
        stream: game
            .stream(&bot)
            .unwrap_or_default()
            .iter()
            .map(|s| serde_json::to_string(s).expect("serializes"))
            .collect(),
        commands: game
            .sent()
            .iter()
            .filter(|(side, _)| *side == bot)
            .map(|(_, a)| serde_json::to_string(a).expect("serializes"))
            .collect(),
    }
}

fn other_side(game: &mut Game, player: &PlayerId, other: &SideId, op: &Op, variant: Variant) {
    let hidden = variant == Variant::Secrets;
    let add = |order| Action::AddOrder { order };
    match op {
        // Chat and notes: absent altogether, or in other words.
        Op::Chat(n) if hidden && n % 2 == 0 => {}
        Op::Chat(n) => {
            let _ = game.act(
                player,
                Action::TeamChat {
                    text: text(variant, "chat", *n),
                },
            );
        }
        Op::ToUmpire(n) if hidden && n % 2 == 0 => {}
        Op::ToUmpire(n) => {
            let _ = game.act(
                player,
                Action::MessageUmpire {
                    text: text(variant, "to the umpire", *n),
                },
            );
        }
        // A draft taken back: there or not.
        Op::Scribble(_) if hidden => {}
        Op::Scribble(n) => {
            let order = OrderItem::Action {
                what: text(variant, "a scribble", *n),
                why: String::new(),
                expected: String::new(),
            };
            if game.act(player, add(order)).is_ok() {
                let item = game
                    .session()
                    .state()
                    .orders
                    .get(other)
                    .and_then(|o| o.draft.last())
                    .map_or(0, |d| d.item);
                let _ = game.act(player, Action::RemoveOrder { item });
            }
        }
        Op::FreeAction(n) => {
            let order = OrderItem::Action {
                what: text(variant, "a secret plan", *n),
                why: text(variant, "because", *n),
                expected: text(variant, "success", *n),
            };
            let _ = game.act(player, add(order));
        }
        Op::Strategic(i) => {
            let menu: Vec<String> = game
                .session()
                .scenario()
                .strategic
                .iter()
                .filter(|a| &a.side == other)
                .map(|a| a.id.clone())
                .collect();
            if let Some(action) = menu.get(i % menu.len().max(1)) {
                let _ = game.act(
                    player,
                    add(OrderItem::Strategic {
                        action: action.clone(),
                    }),
                );
            }
        }
        Op::Letter(pick) => {
            let terms: Vec<TermId> = game
                .session()
                .scenario()
                .terms
                .iter()
                .zip(pick)
                .filter(|(_, p)| **p)
                .map(|(t, _)| t.id.clone())
                .collect();
            let to = game
                .session()
                .scenario()
                .sides
                .iter()
                .find(|s| &s.id != other)
                .map(|s| s.id.clone())
                .expect("two sides");
            let order = OrderItem::Letter {
                channel: "embassy_cable".into(),
                to,
                text: "A letter the bot will read.".to_owned(),
                terms,
            };
            let _ = game.act(player, add(order));
        }
        Op::Silent if hidden && other.as_str() == "ussr" => {
            let order = OrderItem::Stance {
                unit: "b4".into(),
                stance: "run_silent".to_owned(),
            };
            let _ = game.act(player, add(order));
        }
        Op::Silent => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_bots_commands_do_not_depend_on_what_its_side_may_not_see(case in case()) {
        let drawn = play(&case, Variant::AsDrawn);
        let secrets = play(&case, Variant::Secrets);
        prop_assert_eq!(&drawn.stream, &secrets.stream, "the bot's stream changed");
        prop_assert_eq!(&drawn.commands, &secrets.commands, "the bot's commands changed");
        let track = play(&case, Variant::SecretTrack);
        if track.stream == drawn.stream {
            prop_assert_eq!(&drawn.commands, &track.commands);
        }
    }
}

/// The property is not empty: the bots do act in these games, and the
/// texts changed do reach the other side's and the umpire's streams.
#[test]
fn the_bots_in_these_games_act_and_the_changes_are_real() {
    let case = Case {
        bot_is_us: false,
        persona: Persona::Historical,
        seed: 7,
        turns: vec![vec![Op::Chat(1), Op::FreeAction(2), Op::Scribble(3)]; 3],
    };
    let drawn = play(&case, Variant::AsDrawn);
    assert!(drawn.commands.len() > 3, "{:?}", drawn.commands);
    assert!(!drawn.stream.is_empty());
    assert!(drawn.stream.iter().all(|s| !s.contains("a secret plan")));
}
