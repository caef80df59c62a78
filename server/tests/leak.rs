//! The leak properties, over randomised games:
//!
//! 1. No viewer ever receives — live, in a snapshot, or in catch-up after a
//!    reconnect — another side's team chat, its messages to the umpire, the
//!    umpire's messages to another side, or the seed; and every viewer does
//!    receive what it may see.
//! 2. Noninterference: a viewer's whole stream and view are byte for byte the
//!    same whether or not the things it may not see happened at all. This also
//!    catches leaks through counts, positions and sizes.
//!
//! Both drive the engine and the server's one outbound path (`Streams`, which
//! builds every event message a connection gets) as the session actor does,
//! and check the serialized bytes against an oracle written here from the
//! rules of DESIGN.md section 7, not from the engine's own visibility code.

use brink_engine::{
    Action, Actor, Audience, Command, JoinRole, PlayerId, Role, SeatId, Session, SideId, Viewer,
};
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

const VIEWERS: [&str; 4] = ["umpire", "us", "ussr", "observer"];

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

fn viewer(name: &str) -> Viewer {
    match name {
        "umpire" => Viewer::Umpire,
        "observer" => Viewer::Observer,
        side => Viewer::Side(SideId(side.to_owned())),
    }
}

fn player(w: usize) -> PlayerId {
    PlayerId::nth(u32::try_from(w).unwrap_or(0) + 1)
}

/// The oracle: which viewers may read what an op says, from DESIGN.md section 7.
/// Presence changes are public.
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
        Op::FromUmpire(..) => vec![],
        Op::Leave(_) | Op::Return(_) => VIEWERS.to_vec(),
    }
}

fn marker(n: usize) -> String {
    format!("CANARY-{n}-END")
}

/// What every viewer received in one game.
struct Played {
    /// Each viewer's live stream, message by message.
    live: BTreeMap<&'static str, Vec<String>>,
    /// Each viewer's view after every op, concatenated.
    snapshots: BTreeMap<&'static str, String>,
    /// Each viewer's catch-up from 0 at the end.
    catch_up: BTreeMap<&'static str, Vec<String>>,
    /// Each viewer's view at the end.
    finals: BTreeMap<&'static str, String>,
    /// The observer's welcome at the end.
    welcome: String,
}

/// Plays `ops` (each with its marker number) and records what each viewer got.
fn play(ops: &[(usize, Op)], seed: u64) -> Played {
    let scenario = Catalog::built_in()
        .expect("built-in scenarios")
        .get("cuban-missile-crisis-1962")
        .expect("1962");
    let mut game = Session::new(scenario);
    let mut streams = Streams::new(&game);
    let mut log = Vec::new();
    let mut live: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut snapshots: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut run = |game: &mut Session, actor: Actor, command: Command| {
        let Ok(events) = game.decide(&actor, &command, 1_000) else {
            return;
        };
        for recorded in events {
            game.apply(&recorded);
            for (v, msg) in streams.record(&recorded) {
                if let Some(name) = VIEWERS.iter().find(|n| viewer(n) == v) {
                    live.entry(name).or_default().push(msg.to_string());
                }
            }
            log.push(recorded);
        }
    };
    run(&mut game, Actor::System, Command::Create { seed });
    for (kind, seat) in CAST {
        let role = match (kind, seat) {
            (_, Some((side, _))) => JoinRole::Side(SideId((*side).to_owned())),
            (&"umpire", None) => JoinRole::Umpire,
            _ => JoinRole::Observer,
        };
        let join = Command::Join {
            role,
            name: format!("{kind}-player"),
            seat: seat.map(|(_, s)| SeatId(s.to_owned())),
        };
        run(&mut game, Actor::System, join);
    }
    for (n, op) in ops {
        let text = marker(*n);
        let (w, command) = match op {
            Op::Team(w) => (w, Command::Act(Action::TeamChat { text })),
            Op::ToUmpire(w) => (w, Command::Act(Action::MessageUmpire { text })),
            Op::FromUmpire(w, to) => (
                w,
                Command::Act(Action::UmpireMessage {
                    to: to.map_or(Audience::All, |s| Audience::Side(SideId(s.to_owned()))),
                    text,
                }),
            ),
            Op::Leave(w) | Op::Return(w) => (
                w,
                Command::SetPresence {
                    player: player(*w),
                    online: matches!(op, Op::Return(_)),
                },
            ),
        };
        let actor = match command {
            Command::Act(_) => Actor::Player(player(*w)),
            _ => Actor::System,
        };
        run(&mut game, actor, command);
        for name in VIEWERS {
            let view = serde_json::to_string(&game.view(&viewer(name))).expect("view serializes");
            snapshots.entry(name).or_default().push_str(&view);
        }
    }
    let catch_up = VIEWERS
        .iter()
        .map(|name| {
            let msgs = streams.since(&log, &viewer(name), 0);
            (*name, msgs.iter().map(ToString::to_string).collect())
        })
        .collect();
    let finals = VIEWERS
        .iter()
        .map(|name| {
            let view = serde_json::to_string(&game.view(&viewer(name))).expect("view serializes");
            (*name, view)
        })
        .collect();
    let welcome = encode(&ServerMsg::Welcome {
        id: "j".into(),
        session: "s".into(),
        player: player(5),
        role: Role::Observer,
        resume_token: "t".into(),
        seq: streams.seq(&Viewer::Observer),
        view: Box::new(game.view(&Viewer::Observer)),
        missed: 0,
    })
    .to_string();
    Played {
        live,
        snapshots,
        catch_up,
        finals,
        welcome,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_viewer_ever_receives_what_it_may_not_see(ops in prop::collection::vec(op(), 1..40), seed in any::<u64>()) {
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let played = play(&ops, seed);
        for name in VIEWERS {
            let stream = played.live.get(name).cloned().unwrap_or_default();
            // Catch-up after a reconnect replays exactly what went out live.
            prop_assert_eq!(played.catch_up.get(name), Some(&stream));
            // Stream numbers run 1..=n without gaps.
            for (i, msg) in stream.iter().enumerate() {
                let parsed: ServerMsg = serde_json::from_str(msg).expect("parses");
                let ServerMsg::Event { seq, .. } = parsed else { panic!("not an event: {msg}") };
                prop_assert_eq!(seq, i as u64 + 1);
            }
            let live_text = stream.join("\n");
            let snapshot_text = played.snapshots.get(name).cloned().unwrap_or_default();
            for (n, op) in &ops {
                if matches!(op, Op::Leave(_) | Op::Return(_)) {
                    continue;
                }
                let may = audience(op).contains(&name);
                let m = marker(*n);
                prop_assert_eq!(live_text.contains(&m), may, "{} live, {}", name, m);
                if !may {
                    prop_assert!(!snapshot_text.contains(&m), "{} snapshot leaked {}", name, m);
                }
                if name == "observer" {
                    prop_assert_eq!(played.welcome.contains(&m), may);
                }
            }
            // The seed decides every future roll: only the umpire has it.
            let seed_text = format!("\"seed\":{seed}");
            prop_assert_eq!(live_text.contains(&seed_text), name == "umpire");
            prop_assert!(!snapshot_text.contains(&seed_text));
        }
    }

    #[test]
    fn what_a_viewer_may_not_see_makes_no_difference_to_it(ops in prop::collection::vec(op(), 1..30), seed in any::<u64>()) {
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let full = play(&ops, seed);
        for name in ["us", "ussr", "observer"] {
            let seen: Vec<(usize, Op)> =
                ops.iter().filter(|(_, op)| audience(op).contains(&name)).cloned().collect();
            let only = play(&seen, seed);
            prop_assert_eq!(full.live.get(name), only.live.get(name), "{}'s stream differs", name);
            prop_assert_eq!(full.finals.get(name), only.finals.get(name), "{}'s view differs", name);
        }
    }
}
