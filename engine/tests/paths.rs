//! The 1962 scenario played to the end through the engine along three scripted
//! paths, each over 100 seeds: history (quarantine, ships turned back, the two
//! letters, the U-2 shot down on the 27th, which the umpire brings in from the
//! incident table, the first letter accepted in public, the Jupiters promised
//! in secret) must end in agreement without war in at least 95 of them; the hawks' path
//! (air strike and invasion from 20 October) must reach nuclear war in a
//! clear majority but not in all, because risk is a risk and not a script;
//! doing nothing must let the missiles become operational. Run with
//! `--nocapture` to see the measured rates.

use brink_engine::{
    Action, Actor, Command, JoinRole, OrderItem, Phase, PlayerId, Scenario, SeatId, Session,
    SideId, State,
};
use std::sync::Arc;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

const UMPIRE: u32 = 1;

/// How a game ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Agreement,
    War,
    Unresolved,
}

/// The orders a side gives at a turn, given the state so far.
type Script = fn(turn: u32, side: &str, state: &State) -> Vec<OrderItem>;

/// What the umpire does to a turn's pending adjudication, given the state.
type Umpire = fn(turn: u32, state: &State) -> Vec<Action>;

struct Played {
    end: End,
    state: State,
    refused: Vec<String>,
}

fn play(seed: u64, script: Script, umpire: Umpire) -> Played {
    let scenario = Scenario::parse("cuba", CUBA).expect("the 1962 scenario is valid");
    let mut session = Session::new(Arc::new(scenario));
    let mut refused = Vec::new();
    let mut run = |session: &mut Session, actor: Actor, command: Command| -> bool {
        match session.decide(&actor, &command, 1_000) {
            Ok(events) => {
                for e in &events {
                    session.apply(e);
                }
                true
            }
            Err(r) => {
                refused.push(format!("{command:?}: {r}"));
                false
            }
        }
    };
    run(
        &mut session,
        Actor::System,
        Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        },
    );
    for (role, seat) in [
        (JoinRole::Umpire, None),
        (JoinRole::Side("us".into()), Some("president")),
        (JoinRole::Side("ussr".into()), Some("first_secretary")),
    ] {
        run(
            &mut session,
            Actor::System,
            Command::Join {
                name: seat.unwrap_or("umpire-person").to_owned(),
                role,
                seat: seat.map(SeatId::from),
            },
        );
    }
    let act = |who: u32, action: Action| (Actor::Player(PlayerId::nth(who)), Command::Act(action));
    let (a, c) = act(UMPIRE, Action::StartGame {});
    run(&mut session, a, c);
    loop {
        let turn = session.state().turn;
        let (a, c) = act(UMPIRE, Action::Advance { force: false });
        run(&mut session, a, c);
        for (n, side) in [(2, "us"), (3, "ussr")] {
            for order in script(turn, side, session.state()) {
                let (a, c) = act(n, Action::AddOrder { order });
                run(&mut session, a, c);
            }
            let (a, c) = act(n, Action::SubmitOrders {});
            run(&mut session, a, c);
        }
        let (a, c) = act(UMPIRE, Action::Advance { force: false });
        run(&mut session, a, c);
        for action in umpire(turn, session.state()) {
            let (a, c) = act(UMPIRE, action);
            run(&mut session, a, c);
        }
        if session
            .state()
            .adjudication
            .as_ref()
            .is_some_and(|a| a.agreement.is_some())
        {
            let (a, c) = act(UMPIRE, Action::ConfirmAgreement { confirmed: true });
            run(&mut session, a, c);
        }
        let (a, c) = act(UMPIRE, Action::Publish {});
        run(&mut session, a, c);
        if session.state().phase == Phase::Ended || turn == 13 {
            break;
        }
        let (a, c) = act(UMPIRE, Action::Advance { force: false });
        run(&mut session, a, c);
    }
    let state = session.state().clone();
    let end = if state.agreement.is_some() {
        End::Agreement
    } else if state.phase == Phase::Ended {
        End::War
    } else {
        End::Unresolved
    };
    Played {
        end,
        state,
        refused,
    }
}

fn track(state: &State, id: &str, start: i32) -> i32 {
    state.tracks.get(&id.into()).copied().unwrap_or(start)
}

fn strategic(action: &str) -> OrderItem {
    OrderItem::Strategic {
        action: action.into(),
    }
}

/// The letter `from` sent at `turn`, once it is known.
fn letter_of(state: &State, from: &str, turn: u32) -> Option<brink_engine::LetterId> {
    state
        .letters
        .values()
        .find(|l| l.from == SideId::from(from) && l.sent_turn == turn)
        .map(|l| l.id.clone())
}

/// October 1962 as it happened (turn 1 is the 16th, turn 13 the 28th): each
/// side's orders, from the data file the end-to-end review test plays too. A
/// letter is named there by who sent it and when (`{"sent_by", "turn"}`),
/// and found here among the letters sent.
fn history(turn: u32, side: &str, state: &State) -> Vec<OrderItem> {
    let script: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/data/history-1962.json"))
            .expect("the history file is JSON");
    let mut orders = Vec::new();
    for entry in script.as_array().into_iter().flatten() {
        if entry["turn"] != turn || entry["side"] != side {
            continue;
        }
        for order in entry["orders"].as_array().into_iter().flatten() {
            let mut order = order.clone();
            if let Some(reference) = order.get("letter").filter(|l| l.is_object()).cloned() {
                let from = reference["sent_by"].as_str().unwrap_or_default();
                let sent = u32::try_from(reference["turn"].as_u64().unwrap_or(0)).unwrap_or(0);
                let id = letter_of(state, from, sent).expect("the letter was sent");
                order["letter"] = serde_json::json!(id);
            }
            orders.push(serde_json::from_value(order).expect("an order"));
        }
    }
    orders
}

/// The umpire of history: on 27 October a U-2 is shot down over Cuba, unless
/// the accident check has drawn it already.
fn history_umpire(turn: u32, state: &State) -> Vec<Action> {
    let drawn = state
        .adjudication
        .as_ref()
        .and_then(|a| a.accident.as_ref())
        .and_then(|a| a.incident.as_ref())
        .is_some_and(|i| i.id == "u2_shot_down");
    if turn == 12 && !drawn {
        vec![Action::TriggerIncident {
            incident: "u2_shot_down".into(),
        }]
    } else {
        Vec::new()
    }
}

/// An umpire who only moves the game on.
fn no_umpire(_: u32, _: &State) -> Vec<Action> {
    Vec::new()
}

/// The Joint Chiefs' way: an air strike on 20 October, then invasion.
fn hawks(turn: u32, side: &str, _: &State) -> Vec<OrderItem> {
    match (side, turn) {
        ("us", 1) => vec![strategic("u2_overflight")],
        ("us", 5) => vec![strategic("raise_defcon"), strategic("air_strike")],
        ("us", 6) => vec![strategic("raise_defcon")],
        ("us", 7) => vec![strategic("invasion")],
        ("ussr", 5) => vec![strategic("raise_alert")],
        ("ussr", 6) => vec![strategic("authorise_air_defence")],
        _ => Vec::new(),
    }
}

/// Neither side does anything.
fn nothing(_: u32, _: &str, _: &State) -> Vec<OrderItem> {
    Vec::new()
}

fn tally(script: Script, umpire: Umpire) -> (Vec<Played>, [usize; 3]) {
    let games: Vec<Played> = (1..=100).map(|seed| play(seed, script, umpire)).collect();
    let count = |end| games.iter().filter(|g| g.end == end).count();
    let counts = [
        count(End::Agreement),
        count(End::War),
        count(End::Unresolved),
    ];
    (games, counts)
}

#[test]
fn history_ends_in_agreement_without_war() {
    let (games, [agreement, war, unresolved]) = tally(history, history_umpire);
    eprintln!("history: {agreement} agreement, {war} war, {unresolved} unresolved (of 100)");
    for g in &games {
        // Every order of the script is one the rules allow, whatever the dice.
        assert!(g.refused.is_empty(), "{:?}", g.refused);
    }
    assert!(
        agreement >= 95,
        "only {agreement} of 100 ended in agreement"
    );
    for g in games.iter().filter(|g| g.end == End::Agreement) {
        let agreement = g.state.agreement.as_ref().expect("agreement");
        assert!(agreement.public, "the first letter was accepted in public");
        // The agreement came on the 27th, the day the U-2 was shot down.
        let last = g
            .state
            .adjudication
            .as_ref()
            .expect("the last adjudication");
        assert_eq!(last.turn, 12);
        let drawn = last.accident.as_ref().and_then(|a| a.incident.as_ref());
        assert!(
            last.triggered
                .iter()
                .chain(drawn)
                .any(|i| i.id == "u2_shot_down"),
            "the U-2 was shot down"
        );
        assert!(track(&g.state, "khrushchev_standing", 60) < 60);
        // The terms took effect: the missiles dismantled, the quarantine
        // lifted; and SAC went to DEFCON 2 when the quarantine took effect.
        assert_eq!(track(&g.state, "missiles_operational", 0), 0);
        assert_eq!(track(&g.state, "quarantine", 0), 0);
        assert_eq!(track(&g.state, "defcon", 5), 2);
        assert!(
            track(&g.state, "kennedy_prestige", 55) > 55,
            "{:?}",
            g.state.tracks
        );
        // The quarantine turned the missile ships back, and Aleksandrovsk's
        // warheads were in before it.
        let poltava = g.state.units.get(&"poltava".into()).expect("poltava moved");
        assert_eq!(
            poltava.zone.as_ref().map(|z| z.as_str()),
            Some("mid_atlantic")
        );
        assert!(
            g.state
                .units
                .get(&"aleksandrovsk".into())
                .is_some_and(|u| u.delivered)
        );
        // The US inspected the Marucla and knows what it carried.
        let seen = &g.state.sightings[&SideId::from("us")];
        assert!(seen[&"marucla".into()].inspected);
    }
}

#[test]
fn the_hawks_way_mostly_ends_in_war_but_not_always() {
    let (games, [agreement, war, unresolved]) = tally(hawks, no_umpire);
    eprintln!("hawks: {agreement} agreement, {war} war, {unresolved} unresolved (of 100)");
    assert!(war > 60, "only {war} of 100 reached war");
    assert!(
        war < 100,
        "every game reached war: risk has become a script"
    );
    for g in &games {
        assert!(
            g.refused
                .iter()
                .all(|r| r.contains("game_over") || r.contains("game has ended")),
            "{:?}",
            g.refused
        );
    }
}

#[test]
fn doing_nothing_lets_the_missiles_become_operational() {
    let (games, [agreement, war, unresolved]) = tally(nothing, no_umpire);
    eprintln!("nothing: {agreement} agreement, {war} war, {unresolved} unresolved (of 100)");
    let operational = games
        .iter()
        .filter(|g| track(&g.state, "missiles_operational", 0) >= 36)
        .count();
    eprintln!("nothing: missiles operational (36 or more of 42) in {operational} of 100");
    assert_eq!(agreement, 0);
    assert!(
        operational >= 95,
        "missiles operational in only {operational}"
    );
}
