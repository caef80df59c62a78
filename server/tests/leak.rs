//! The leak property: over randomised games, no viewer ever receives — live,
//! in a snapshot, or in catch-up after a reconnect — anything of another
//! side's team chat, its messages to the umpire, or the umpire's messages to
//! another side. And every viewer does receive what it may see.
//!
//! It drives the engine and the server's one outbound path (`Streams`, which
//! builds every event message a connection gets) exactly as the session actor
//! does, and checks the serialized bytes against an oracle written here from
//! the rules of DESIGN.md section 7, not from the engine's own visibility code.

use brink_engine::{Action, Actor, Audience, Command, JoinRole, SeatId, Session, SideId, Viewer};
use brink_protocol::ServerMsg;
use brink_server::catalog::Catalog;
use brink_server::outbound::{Streams, encode};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Who acts in a generated game: the umpire, two players a side, an observer.
const CAST: &[(&str, Option<(&str, &str)>)] = &[
    ("umpire", None),
    ("us", Some(("us", "president"))),
    ("us", Some(("us", "attorney_general"))),
    ("ussr", Some(("ussr", "first_secretary"))),
    ("ussr", Some(("ussr", "ambassador"))),
    ("observer", None),
];

#[derive(Debug, Clone)]
enum Op {
    Team(usize),
    ToUmpire(usize),
    FromUmpire(usize, Option<&'static str>),
    Leave(usize),
    Return(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..CAST.len();
    prop_oneof![
        who.clone().prop_map(Op::Team),
        who.clone().prop_map(Op::ToUmpire),
        (
            who.clone(),
            prop_oneof![Just(None), Just(Some("us")), Just(Some("ussr"))]
        )
            .prop_map(|(w, to)| Op::FromUmpire(w, to)),
        who.clone().prop_map(Op::Leave),
        who.prop_map(Op::Return),
    ]
}

const VIEWERS: [&str; 4] = ["umpire", "us", "ussr", "observer"];

fn viewer(name: &str) -> Viewer {
    match name {
        "umpire" => Viewer::Umpire,
        "observer" => Viewer::Observer,
        side => Viewer::Side(SideId(side.to_owned())),
    }
}

/// The oracle: which viewers may read a message, from DESIGN.md section 7.
fn audience(op: &Op) -> Vec<&'static str> {
    let side = |w: usize| CAST[w].1.map(|(s, _)| s);
    match op {
        Op::Team(w) | Op::ToUmpire(w) => match side(*w) {
            Some(s) => vec!["umpire", s],
            None => vec![], // refused: umpires and observers have no team
        },
        Op::FromUmpire(w, to) if CAST[*w].0 == "umpire" => match to {
            None => VIEWERS.to_vec(),
            Some(s) => vec!["umpire", s],
        },
        _ => vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_viewer_ever_receives_what_it_may_not_see(ops in prop::collection::vec(op(), 1..40), seed in any::<u64>()) {
        let scenario = Catalog::built_in().expect("built-in scenarios").get("cuban-missile-crisis-1962").expect("1962");
        let mut game = Session::new(scenario);
        let mut streams = Streams::new(&game);
        let mut log = Vec::new();
        let mut live: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut snapshots: BTreeMap<&str, String> = BTreeMap::new();
        let mut run = |game: &mut Session, actor: Actor, command: Command, live: &mut BTreeMap<&str, Vec<String>>| {
            let Ok(events) = game.decide(&actor, &command, 1_000) else { return };
            for recorded in events {
                game.apply(&recorded);
                for (v, msg) in streams.record(&recorded) {
                    let name = VIEWERS.iter().find(|n| viewer(n) == v).copied().unwrap_or("?");
                    live.entry(name).or_default().push(msg.to_string());
                }
                log.push(recorded);
            }
        };
        run(&mut game, Actor::System, Command::Create { seed }, &mut live);
        for (kind, seat) in CAST {
            let role = match (kind, seat) {
                (_, Some((side, _))) => JoinRole::Side(SideId((*side).to_owned())),
                (&"umpire", None) => JoinRole::Umpire,
                _ => JoinRole::Observer,
            };
            let join = Command::Join { role, name: format!("{kind}-player"), seat: seat.map(|(_, s)| SeatId(s.to_owned())) };
            run(&mut game, Actor::System, join, &mut live);
        }
        let player = |w: usize| brink_engine::PlayerId::nth(u32::try_from(w).unwrap_or(0) + 1);
        let mut expected: Vec<(String, Vec<&str>)> = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            let marker = format!("CANARY-{n}-END");
            let command = match op {
                Op::Team(w) => Some((*w, Action::TeamChat { text: marker.clone() })),
                Op::ToUmpire(w) => Some((*w, Action::MessageUmpire { text: marker.clone() })),
                Op::FromUmpire(w, to) => Some((*w, Action::UmpireMessage {
                    to: to.map_or(Audience::All, |s| Audience::Side(SideId(s.to_owned()))),
                    text: marker.clone(),
                })),
                Op::Leave(w) | Op::Return(w) => {
                    let online = matches!(op, Op::Return(_));
                    run(&mut game, Actor::System, Command::SetPresence { player: player(*w), online }, &mut live);
                    None
                }
            };
            if let Some((w, action)) = command {
                run(&mut game, Actor::Player(player(w)), Command::Act(action), &mut live);
                expected.push((marker, audience(op)));
            }
            for name in VIEWERS {
                let view = serde_json::to_string(&game.view(&viewer(name))).expect("view serializes");
                snapshots.entry(name).or_default().push_str(&view);
            }
        }
        for name in VIEWERS {
            let v = viewer(name);
            let stream = live.get(name).cloned().unwrap_or_default();
            // Catch-up after a reconnect replays exactly what went out live.
            let replayed: Vec<String> = streams.since(&log, &v, 0).iter().map(ToString::to_string).collect();
            prop_assert_eq!(&replayed, &stream);
            // Stream numbers run 1..=n without gaps.
            for (i, msg) in stream.iter().enumerate() {
                let parsed: ServerMsg = serde_json::from_str(msg).expect("parses");
                let ServerMsg::Event { seq, .. } = parsed else { panic!("not an event: {msg}") };
                prop_assert_eq!(seq, i as u64 + 1);
            }
            let live_text = stream.join("\n");
            let snapshot_text = snapshots.get(name).cloned().unwrap_or_default();
            for (marker, allowed) in &expected {
                let may = allowed.contains(&name);
                prop_assert_eq!(live_text.contains(marker.as_str()), may, "{} live, marker {}", name, marker);
                if !may {
                    prop_assert!(!snapshot_text.contains(marker.as_str()), "{} snapshot leaked {}", name, marker);
                }
            }
            // The seed decides every future roll: only the umpire has it.
            let seed_text = format!("\"seed\":{seed}");
            prop_assert_eq!(live_text.contains(&seed_text), name == "umpire");
            prop_assert!(!snapshot_text.contains(&seed_text));
        }
        // The welcome a joining connection gets is built from the same view.
        let welcome = encode(&ServerMsg::Welcome {
            id: "j".into(), session: "s".into(), player: player(5), role: brink_engine::Role::Observer,
            resume_token: "t".into(), seq: streams.seq(&Viewer::Observer), view: Box::new(game.view(&Viewer::Observer)), missed: 0,
        });
        for (marker, allowed) in &expected {
            prop_assert_eq!(welcome.contains(marker.as_str()), allowed.contains(&"observer"));
        }
    }
}
