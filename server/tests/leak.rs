//! The leak properties, over randomised games (`games/mod.rs`) that chat,
//! draft and submit orders (letters by every channel, with terms; free-form
//! actions), accept and publicise letters, close orders, rule (with rolls),
//! write outcomes, confirm agreements, publish, inject, take notes and set
//! bookmarks (the umpire's and the sides'), pause, set deadlines that come
//! near (warning the sides that have not submitted) and pass (closing the
//! phase on the drafts standing), add turns, and change seats: a side member
//! leaves their seat, the umpire frees a seat, moves a member to another seat
//! of the side or removes a player, and whoever is out joins again later
//! (a late joiner, welcomed with the turn's briefing):
//!
//! 1. No viewer ever receives — live, in a snapshot, or in catch-up after a
//!    reconnect — another side's team chat, messages to the umpire, drafts,
//!    orders or free-form actions, the umpire's messages, outcomes or injects
//!    for others, the umpire's notes, a secret letter between others or not
//!    yet made public, or the seed; no side receives the other side's
//!    deadline warnings or what became of its unsubmitted draft, and only the
//!    umpire hears that every side has submitted; every viewer does receive
//!    the chat it may see, and every change of seats (a late joiner's welcome
//!    holds nothing it may not see either).
//! 2. Noninterference: a viewer's whole stream and view are byte for byte the
//!    same whether or not the chat it may not see happened at all (catching
//!    leaks through counts, positions and sizes), and whether or not another
//!    side drafted and took back an order (activity that leaves its draft as
//!    it was), and whatever the texts of
//!    every other secret it may not see (drafts, actions, outcomes, injects,
//!    notes, bookmarks, letters that stay secret), and whatever the cargo is called (for
//!    a side that inspected none, and for observers) or the units are (for
//!    observers). Late joiners' welcomes are the same too.
//!
//! The games also move units, set stances, order strategic actions and bring
//! incidents in; property 1 checks units, sightings, cargo, exact track
//! values, strategic results, outcomes and the umpire's own events against
//! the oracle too.
//!
//! Both drive the engine and the server's one outbound path (`Streams`, which
//! builds every event message a connection gets) as the session actor does,
//! and check the serialized bytes against an oracle written here from the
//! rules of `docs/protocol.md` ("Who sees what"), not from the engine's own visibility code.

mod games;

use brink_engine::scenario::ScenarioDef;
use brink_engine::{Event, Phase, PlayerId, Recorded, Role, Session, Viewer};
use brink_protocol::ServerMsg;
use brink_server::outbound::{Stream, encode};
use brink_server::review::{self, Request};
use games::{
    Aud, CAST, CHANNELS, INCIDENTS, Op, STRATEGIC, TRACKS, Table, VIEWERS, Watch, game, games,
    play_ops, player, viewer,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The cargo of the 1962 ships (all Soviet), which the other side may learn
/// only by inspecting the ship.
const CARGOES: [&str; 4] = [
    "R-12 medium-range missiles and their equipment",
    "Nuclear warheads",
    "Petroleum",
    "Paper, sulphur and spare lorry parts",
];

/// The map's events that concern one side's own units and intelligence.
const OWN_SIDE_EVENTS: [&str; 5] = [
    "unit_moved",
    "stance_changed",
    "cargo_delivered",
    "submarine_search",
    "intel_gathered",
];

/// The events of the umpire's own working, which no one else may receive.
const UMPIRE_EVENTS: [&str; 11] = [
    "session_created",
    "fork_created",
    "reseeded",
    "adjudication_pending",
    "action_ruled",
    "outcome_written",
    "agreement_confirmed",
    "inject_queued",
    "track_adjusted",
    "incident_triggered",
    "all_submitted",
];

/// The events of one side's orders before the close that name the side:
/// the side and the umpire receive them, the other side and observers not.
const SIDE_ORDERS_EVENTS: [&str; 2] = ["deadline_near", "not_submitted"];

/// Who holds which seat, which every viewer receives (`docs/protocol.md`:
/// players are everyone's).
const SEAT_EVENTS: [&str; 3] = ["player_joined", "player_left", "player_moved"];

fn aud_viewers(aud: Aud) -> Vec<&'static str> {
    match aud {
        Aud::All => VIEWERS.to_vec(),
        Aud::Both => vec!["umpire", "us", "ussr"],
        Aud::One(side) => vec!["umpire", side],
    }
}

/// The oracle: which viewers may read what an op says, from `docs/protocol.md` ("Who sees what").
/// Presence changes are public.
fn audience(op: &Op) -> Vec<&'static str> {
    let side = |w: usize| CAST[w].1.map(|(s, _)| s);
    let other = |s: &str| if s == "us" { "ussr" } else { "us" };
    match op {
        // A letter reaches the other side once delivered, and everyone if
        // public; the canary check adds observers for letters made public.
        Op::Letter(w, c, _) => match side(*w) {
            Some(_) if CHANNELS[*c] == "public_statement" => VIEWERS.to_vec(),
            Some(s) => vec!["umpire", s, other(s)],
            None => vec![],
        },
        Op::FreeAction(w) | Op::Scribble(w) => match side(*w) {
            Some(s) => vec!["umpire", s],
            None => vec![],
        },
        Op::Outcome(_, aud) | Op::Inject(aud, _) => aud_viewers(*aud),
        Op::Note(_) => vec!["umpire"],
        Op::Track(t, _) => TRACKS[*t].1.to_vec(),
        Op::Strategic(..) | Op::Move(..) | Op::Stance(..) | Op::Incident(_) => vec![],
        Op::Drop(_)
        | Op::Accept(..)
        | Op::Publicise(..)
        | Op::Submit(_)
        | Op::Advance
        | Op::Rule(..)
        | Op::Confirm
        | Op::Publish => vec![],
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
        // The umpire's bookmark is the umpire's; a side's, the side's too;
        // observers set none.
        Op::Bookmark(w) => match (CAST[*w].0, side(*w)) {
            ("umpire", _) => vec!["umpire"],
            (_, Some(s)) => vec!["umpire", s],
            _ => vec![],
        },
        // The verdict is everyone's.
        Op::EndGame => VIEWERS.to_vec(),
        Op::Pause
        | Op::Resume
        | Op::Deadline(_)
        | Op::Tick
        | Op::AddTurns(_)
        | Op::AnyMember(_)
        | Op::Declassify
        | Op::Fork
        | Op::Wait => vec![],
        // Seats carry no text; who holds which is public (checked by kind).
        Op::Join(_)
        | Op::LeaveSeat(_)
        | Op::FreeSeat(_)
        | Op::MovePlayer(..)
        | Op::RemovePlayer(_) => vec![],
    }
}

/// The events of these kinds in a stream, without their stream positions.
fn events_of(stream: &[String], kinds: &[&str]) -> Vec<serde_json::Value> {
    stream
        .iter()
        .map(|m| serde_json::from_str::<serde_json::Value>(m).expect("parses")["event"].clone())
        .filter(|e| kinds.contains(&e["type"].as_str().unwrap_or_default()))
        .collect()
}

fn marker(n: usize) -> String {
    format!("CANARY-{n}-END")
}

/// Whether an op is one of the chat and presence ops, whose absence the
/// noninterference property tests (the others it tests by varying texts).
fn is_chat(op: &Op) -> bool {
    matches!(
        op,
        Op::Team(_) | Op::ToUmpire(_) | Op::FromUmpire(..) | Op::Leave(_) | Op::Return(_)
    )
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
    /// The welcome of each player who joined after the game began (a late
    /// joiner, or one back after leaving), by the viewer they joined as.
    late_welcomes: BTreeMap<&'static str, Vec<String>>,
    /// The markers of letters that ended up public.
    public_letters: Vec<String>,
    /// The marker numbers of ops that never happened, their cast member
    /// being out of the session then.
    absent: Vec<usize>,
    /// Each viewer's replay of its own perspective, as `event` messages.
    replays: BTreeMap<&'static str, Vec<String>>,
    /// Each viewer's replayed view at the end.
    replay_views: BTreeMap<&'static str, String>,
    /// Each viewer's exports of its own perspective: JSON Lines, then CSV.
    exports: BTreeMap<&'static str, (String, String)>,
    /// What each viewer was refused when it asked for a perspective, an
    /// export or a report it may not have: `(what, code)`.
    refusals: BTreeMap<&'static str, Vec<(String, String)>>,
}

/// What each viewer receives as a game is played.
#[derive(Default)]
struct Seen {
    /// Each viewer's live stream, message by message.
    live: BTreeMap<&'static str, Vec<String>>,
    /// Each viewer's view after every op, concatenated.
    snapshots: BTreeMap<&'static str, String>,
    /// The welcomes of late joiners.
    late_welcomes: BTreeMap<&'static str, Vec<String>>,
    /// Players who joined after the game began, in the command under way.
    joining: Vec<PlayerId>,
}

impl Watch for Seen {
    fn event(&mut self, game: &Session, recorded: &Recorded, out: &[(Stream, String)]) {
        for (stream, msg) in out {
            if let Some(name) = VIEWERS.iter().find(|n| Stream::Live(viewer(n)) == *stream) {
                self.live.entry(name).or_default().push(msg.clone());
            }
        }
        if let Event::PlayerJoined { player, .. } = &recorded.event
            && game.state().phase != Phase::Lobby
        {
            self.joining.push(player.clone());
        }
    }

    /// A late joiner is welcomed once their join's events are all out.
    fn command(&mut self, game: &Session) {
        for player in std::mem::take(&mut self.joining) {
            let (Some(me), Some(joined)) =
                (game.viewer_of(&player), game.state().players.get(&player))
            else {
                continue;
            };
            let Some(name) = VIEWERS.iter().find(|n| viewer(n) == me) else {
                continue;
            };
            let welcome = encode(&ServerMsg::Welcome {
                id: "j".into(),
                session: "s".into(),
                player: player.clone(),
                role: joined.role.clone(),
                resume_token: "t".into(),
                seq: self.live.get(name).map_or(0, Vec::len) as u64,
                view: Box::new(game.view(&me)),
                missed: 0,
            });
            self.late_welcomes
                .entry(name)
                .or_default()
                .push(welcome.to_string());
        }
    }

    fn op(&mut self, game: &Session, _: usize) {
        for name in VIEWERS {
            let view = serde_json::to_string(&game.view(&viewer(name))).expect("view serializes");
            self.snapshots.entry(name).or_default().push_str(&view);
        }
    }
}

/// Plays `ops` (each with its marker number) and records what each viewer
/// got. `text` gives each op's text from its marker number.
fn play(ops: &[(usize, Op)], seed: u64) -> Played {
    play_with(ops, seed, &marker, &|_| {})
}

/// Plays `ops` as [`play`] does, each op's text from `text_of`, in the 1962
/// scenario as `edit` leaves its definition (checked again after the edit).
fn play_with(
    ops: &[(usize, Op)],
    seed: u64,
    text_of: &dyn Fn(usize) -> String,
    edit: &dyn Fn(&mut ScenarioDef),
) -> Played {
    let mut seen = Seen::default();
    let Table {
        game,
        streams,
        log,
        held,
        absent,
        ..
    } = play_ops(ops, seed, text_of, edit, &mut seen);
    let Seen {
        live,
        snapshots,
        late_welcomes,
        ..
    } = seen;
    let catch_up = VIEWERS
        .iter()
        .map(|name| {
            let msgs = streams
                .since(&held, &Stream::Live(viewer(name)), 0)
                .expect("a window as long as the game holds all of it");
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
        seq: streams.seq(&Stream::Live(Viewer::Observer)),
        view: Box::new(game.view(&Viewer::Observer)),
        missed: 0,
    })
    .to_string();
    let public_letters = game
        .state()
        .letters
        .values()
        .filter(|l| l.is_public())
        .map(|l| l.text.clone())
        .collect();
    let mut replays = BTreeMap::new();
    let mut replay_views = BTreeMap::new();
    let mut exports = BTreeMap::new();
    let mut refusals = BTreeMap::new();
    for name in VIEWERS {
        let me = viewer(name);
        let (events, view) = replay_all(&game, &log, &me, &me);
        replays.insert(name, events);
        replay_views.insert(name, view);
        let document = |format| {
            let request = Request::Export {
                format,
                perspective: None,
            };
            let parts = review::answer("s", "x", &game, &log, &me, &request)
                .expect("an export of one's own");
            parts
                .iter()
                .map(|m| match m {
                    ServerMsg::Document { text, .. } => text.clone(),
                    other => panic!("not a document: {other:?}"),
                })
                .collect::<String>()
        };
        exports.insert(
            name,
            (
                document(brink_protocol::ExportFormat::Jsonl),
                document(brink_protocol::ExportFormat::Csv),
            ),
        );
        // Every other perspective, and the report, is the umpire's alone
        // while the session is not declassified (these games never are).
        let mut refused = Vec::new();
        if name != "umpire" {
            let others = VIEWERS.iter().filter(|o| **o != name && **o != "observer");
            for other in others {
                for request in [
                    Request::Replay {
                        perspective: viewer(other),
                        from: None,
                        to: None,
                        view: true,
                    },
                    Request::Export {
                        format: brink_protocol::ExportFormat::Jsonl,
                        perspective: Some(viewer(other)),
                    },
                ] {
                    let code = review::answer("s", "x", &game, &log, &me, &request)
                        .err()
                        .map_or("allowed".to_owned(), |r| r.code.as_str().to_owned());
                    refused.push((format!("{other} {request:?}"), code));
                }
            }
            let report = Request::Report {
                format: brink_protocol::ReportFormat::Html,
            };
            let code = review::answer("s", "x", &game, &log, &me, &report)
                .err()
                .map_or("allowed".to_owned(), |r| r.code.as_str().to_owned());
            refused.push(("report".to_owned(), code));
        }
        refusals.insert(name, refused);
    }
    Played {
        live,
        snapshots,
        catch_up,
        finals,
        welcome,
        late_welcomes,
        public_letters,
        absent,
        replays,
        replay_views,
        exports,
        refusals,
    }
}

/// `requester`'s whole replay of `perspective`, page by page, as the `event`
/// messages it is made of, and the view at the end.
fn replay_all(
    game: &Session,
    log: &[brink_engine::Recorded],
    requester: &Viewer,
    perspective: &Viewer,
) -> (Vec<String>, String) {
    let mut events = Vec::new();
    let mut from = None;
    loop {
        let request = Request::Replay {
            perspective: perspective.clone(),
            from,
            to: None,
            view: true,
        };
        let answer =
            review::answer("s", "x", game, log, requester, &request).expect("one's own replay");
        let [
            ServerMsg::Replay {
                events: page,
                more,
                view,
                ..
            },
        ] = answer.as_slice()
        else {
            panic!("not a replay: {answer:?}");
        };
        for e in page {
            events.push(
                encode(&ServerMsg::Event {
                    seq: e.seq,
                    event: e.event.clone(),
                })
                .to_string(),
            );
        }
        if !*more {
            let view =
                serde_json::to_string(view.as_deref().expect("a view")).expect("view serializes");
            return (events, view);
        }
        from = page.last().map(|e| brink_engine::Point::Seq(e.seq));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(games()))]

    #[test]
    fn no_viewer_ever_receives_what_it_may_not_see(ops in game(), seed in any::<u64>()) {
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let played = play(&ops, seed);
        for name in VIEWERS {
            let stream = played.live.get(name).cloned().unwrap_or_default();
            // Catch-up after a reconnect replays exactly what went out live.
            prop_assert_eq!(played.catch_up.get(name), Some(&stream));
            // So does a replay of the viewer's own perspective, with the
            // same view at the end, and so does its JSON Lines export.
            prop_assert_eq!(played.replays.get(name), Some(&stream));
            prop_assert_eq!(played.replay_views.get(name), played.finals.get(name));
            let (jsonl, csv) = played.exports.get(name).cloned().unwrap_or_default();
            let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
            let live_events: Vec<serde_json::Value> = stream.iter().map(|m| {
                let mut v: serde_json::Value = serde_json::from_str(m).expect("parses");
                v.as_object_mut().map(|o| o.remove("type"));
                v
            }).collect();
            prop_assert_eq!(lines, live_events, "{}'s export differs from its stream", name);
            prop_assert!(csv.starts_with(review::export::CSV_HEADER));
            // Other perspectives and the report are refused, each by code.
            for (what, code) in played.refusals.get(name).into_iter().flatten() {
                prop_assert_eq!(code.as_str(), "perspective_forbidden", "{} asked for {}", name, what);
            }
            // Stream numbers run 1..=n without gaps.
            for (i, msg) in stream.iter().enumerate() {
                let parsed: ServerMsg = serde_json::from_str(msg).expect("parses");
                let ServerMsg::Event { seq, .. } = parsed else { panic!("not an event: {msg}") };
                prop_assert_eq!(seq, i as u64 + 1);
            }
            let live_text = stream.join("\n");
            let snapshot_text = played.snapshots.get(name).cloned().unwrap_or_default();
            let late_text = played.late_welcomes.get(name).map(|w| w.join("\n")).unwrap_or_default();
            for (n, op) in &ops {
                if matches!(op, Op::Leave(_) | Op::Return(_)) {
                    continue;
                }
                let m = marker(*n);
                // What a member out of the session would have said was never said.
                let said = !played.absent.contains(n);
                let may = said
                    && (audience(op).contains(&name)
                        || (matches!(op, Op::Letter(..)) && played.public_letters.contains(&m)));
                prop_assert!(may || !csv.contains(&m), "{} CSV export leaked {}", name, m);
                if is_chat(op) {
                    prop_assert_eq!(live_text.contains(&m), may, "{} live, {}", name, m);
                    prop_assert_eq!(csv.contains(&m), may, "{} CSV, {}", name, m);
                } else {
                    prop_assert!(may || !live_text.contains(&m), "{} live leaked {}", name, m);
                    let caught_up = played.catch_up.get(name).map(|c| c.join("\n")).unwrap_or_default();
                    prop_assert!(may || !caught_up.contains(&m), "{} catch-up leaked {}", name, m);
                }
                if !may {
                    prop_assert!(!snapshot_text.contains(&m), "{} snapshot leaked {}", name, m);
                    prop_assert!(!late_text.contains(&m), "{} late joiner's welcome leaked {}", name, m);
                }
                if name == "observer" && is_chat(op) {
                    prop_assert_eq!(played.welcome.contains(&m), may);
                } else if name == "observer" {
                    prop_assert!(may || !played.welcome.contains(&m), "welcome leaked {}", m);
                }
            }
            // The seed decides every future roll: only the umpire has it.
            let seed_text = format!("\"seed\":{seed}");
            prop_assert_eq!(live_text.contains(&seed_text), name == "umpire");
            prop_assert!(!snapshot_text.contains(&seed_text));
            prop_assert!(!late_text.contains(&seed_text));
            // A side's deadline warnings and what became of its unsubmitted
            // draft reach the side and the umpire, every one of them; the
            // other side and observers none.
            let umpire_stream = played.live.get("umpire").cloned().unwrap_or_default();
            let its_own: Vec<_> = events_of(&umpire_stream, &SIDE_ORDERS_EVENTS)
                .into_iter()
                .filter(|e| name == "umpire" || e["side"] == name)
                .collect();
            prop_assert_eq!(events_of(&stream, &SIDE_ORDERS_EVENTS), its_own, "{}'s deadline news", name);
            // Every change of seats reaches everyone.
            prop_assert_eq!(events_of(&stream, &SEAT_EVENTS), events_of(&umpire_stream, &SEAT_EVENTS), "{}'s seat changes", name);
            // Exact track values only for those who may know them: in the
            // view, and in every track_moved received.
            let knows = |track: &str| TRACKS.iter().any(|(t, who)| *t == track && who.contains(&name));
            let view: serde_json::Value = serde_json::from_str(played.finals.get(name).map_or("{}", String::as_str)).expect("view");
            for track in view["tracks"].as_array().into_iter().flatten() {
                let id = track["id"].as_str().unwrap_or_default();
                prop_assert_eq!(!track["value"].is_null(), knows(id), "{} view of {}", name, id);
            }
            for msg in &stream {
                let parsed: serde_json::Value = serde_json::from_str(msg).expect("parses");
                if parsed["event"]["type"] == "incident_occurred" {
                    let id = parsed["event"]["incident"]["id"].as_str().unwrap_or_default();
                    let may = INCIDENTS.iter().any(|(i, who)| *i == id && who.contains(&name));
                    prop_assert!(may, "{} was told of incident {}", name, id);
                }
                if parsed["event"]["type"] == "strategic_resolved" {
                    let result = &parsed["event"]["result"];
                    let id = result["action"].as_str().unwrap_or_default();
                    let (_, side, public) = STRATEGIC.iter().find(|(a, ..)| *a == id).copied().unwrap_or(("", "", false));
                    prop_assert!(public || name == "umpire" || name == side, "{} was told of {}'s {}", name, side, id);
                }
                if parsed["event"]["type"] == "track_moved" {
                    let id = parsed["event"]["track"].as_str().unwrap_or_default();
                    prop_assert!(knows(id), "{} was told how {} moved", name, id);
                }
                // The umpire's working (pending adjudications, rulings and
                // their rolls, outcomes not yet out, queued injects, track
                // adjustments, the seed) is the umpire's alone.
                let kind = parsed["event"]["type"].as_str().unwrap_or_default();
                prop_assert!(name == "umpire" || !UMPIRE_EVENTS.contains(&kind), "{} was told {}", name, msg);
                // An outcome, with its roll, reaches only the audience the
                // umpire wrote it for.
                if kind == "action_resolved" {
                    let to = &parsed["event"]["outcome"]["to"];
                    let reaches = to == "all"
                        || name == "umpire"
                        || to["side"] == name
                        || to["sides"].as_array().is_some_and(|s| s.iter().any(|x| x == name));
                    prop_assert!(reaches, "{} was told an outcome for {}: {}", name, to, msg);
                }
            }
            // Units and cargo: a side learns of its own units, of others' only
            // what it saw (a submarine only when its own search found it), and
            // of cargo only what it inspected; observers learn nothing of them.
            let umpire = name == "umpire";
            let mut inspected: Vec<String> = Vec::new();
            let mut found: Vec<String> = Vec::new();
            for msg in &stream {
                let parsed: serde_json::Value = serde_json::from_str(msg).expect("parses");
                let event = &parsed["event"];
                let kind = event["type"].as_str().unwrap_or_default();
                if OWN_SIDE_EVENTS.contains(&kind) {
                    let body = event.as_object().and_then(|o| o.values().find(|v| v.is_object())).cloned().unwrap_or_default();
                    prop_assert!(umpire || body["side"] == name, "{} was told {}", name, msg);
                    if kind == "submarine_search" && body["side"] == name {
                        found.extend(body["found"].as_array().into_iter().flatten().filter_map(|u| u.as_str().map(str::to_owned)));
                    }
                }
                if kind == "contact_made" {
                    let c = &event["contact"];
                    prop_assert!(umpire || c["enforcer_side"] == name || c["unit_side"] == name, "{} was told {}", name, msg);
                    if c["outcome"] == "inspect" && c["enforcer_side"] == name {
                        inspected.extend(c["unit"].as_str().map(str::to_owned));
                    }
                }
                if kind == "unit_sighted" {
                    let seen = &event["sighting"];
                    let unit = seen["unit"].as_str().unwrap_or_default().to_owned();
                    prop_assert!(umpire || seen["by"] == name, "{} was told {}", name, msg);
                    prop_assert!(umpire || seen["kind"] != "submarine" || found.contains(&unit), "{} sighted submarine {} unsearched", name, unit);
                    prop_assert!(umpire || seen["cargo"].is_null() || inspected.contains(&unit), "{} knows {}'s cargo uninspected", name, unit);
                }
                // Every ship with cargo is Soviet.
                if !umpire && name != "ussr" {
                    for cargo in CARGOES {
                        let inspection = kind == "contact_made" && event["contact"]["outcome"] == "inspect" && event["contact"]["enforcer_side"] == name;
                        let own = OWN_SIDE_EVENTS.contains(&kind) || (kind == "contact_made" && event["contact"]["unit_side"] == name);
                        let recalled = kind == "unit_sighted" && event["sighting"]["inspected"] == true;
                        prop_assert!(!msg.contains(cargo) || inspection || own || recalled, "{} learned cargo {}: {}", name, cargo, msg);
                    }
                }
            }
            if name == "observer" {
                for msg in &stream {
                    let parsed: serde_json::Value = serde_json::from_str(msg).expect("parses");
                    let kind = parsed["event"]["type"].as_str().unwrap_or_default();
                    prop_assert!(!OWN_SIDE_EVENTS.contains(&kind) && kind != "contact_made" && kind != "unit_sighted", "observer got {}", msg);
                }
            }
            for unit in view["units"].as_array().into_iter().flatten() {
                prop_assert!(umpire || unit["side"] == name, "{} sees {}", name, unit);
            }
            for seen in view["sightings"].as_array().into_iter().flatten() {
                let unit = seen["unit"].as_str().unwrap_or_default().to_owned();
                prop_assert!(umpire || seen["by"] == name, "{} has {}", name, seen);
                prop_assert!(umpire || seen["cargo"].is_null() || inspected.contains(&unit), "{} view knows {}'s cargo", name, unit);
            }
        }
    }

    #[test]
    fn what_a_viewer_may_not_see_makes_no_difference_to_it(ops in game(), seed in any::<u64>()) {
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let full = play(&ops, seed);
        for name in ["us", "ussr", "observer"] {
            // The chat it may not see never happened.
            let seen: Vec<(usize, Op)> = ops
                .iter()
                .filter(|(_, op)| !is_chat(op) || audience(op).contains(&name))
                .cloned()
                .collect();
            let only = play(&seen, seed);
            prop_assert_eq!(full.live.get(name), only.live.get(name), "{}'s stream differs", name);
            prop_assert_eq!(full.finals.get(name), only.finals.get(name), "{}'s view differs", name);
            prop_assert_eq!(full.late_welcomes.get(name), only.late_welcomes.get(name), "{}'s late welcomes differ", name);
            // Every secret it may not see says something else, at another length.
            let hidden: Vec<usize> = ops
                .iter()
                .filter(|(n, op)| {
                    // A letter someone made public is no secret any more.
                    let public = matches!(op, Op::Letter(..))
                        && full.public_letters.contains(&marker(*n));
                    !public && !audience(op).contains(&name)
                })
                .map(|(n, _)| *n)
                .collect();
            let other = |n: usize| {
                if hidden.contains(&n) {
                    format!("something else entirely {}", "x".repeat(n % 7))
                } else {
                    marker(n)
                }
            };
            let varied = play_with(&ops, seed, &other, &|_| {});
            prop_assert_eq!(full.live.get(name), varied.live.get(name), "{}'s stream depends on secrets", name);
            prop_assert_eq!(full.finals.get(name), varied.finals.get(name), "{}'s view depends on secrets", name);
            prop_assert_eq!(full.late_welcomes.get(name), varied.late_welcomes.get(name), "{}'s late welcomes depend on secrets", name);
            prop_assert_eq!(full.replays.get(name), varied.replays.get(name), "{}'s replay depends on secrets", name);
            prop_assert_eq!(full.exports.get(name), varied.exports.get(name), "{}'s exports depend on secrets", name);
            prop_assert_eq!(full.exports.get(name), only.exports.get(name), "{}'s exports depend on chat it may not see", name);
            // Another side's drafting that leaves its draft as it was
            // never happened, for this viewer.
            let still: Vec<(usize, Op)> = ops
                .iter()
                .filter(|(_, op)| !matches!(op, Op::Scribble(w) if CAST[*w].1.map(|(s, _)| s) != Some(name)))
                .cloned()
                .collect();
            let calm = play(&still, seed);
            prop_assert_eq!(full.live.get(name), calm.live.get(name), "{}'s stream depends on others' drafting", name);
            prop_assert_eq!(full.finals.get(name), calm.finals.get(name), "{}'s view depends on others' drafting", name);
        }
        // Hidden things that are not texts: what the Soviet ships carry
        // (named otherwise, at other lengths) makes no difference to a side
        // that inspected none of them, nor to observers; and what every unit
        // is called makes none to observers, who see no units.
        let cargo_renamed = play_with(&ops, seed, &marker, &|s| {
            for (i, cargo) in s.cargoes.iter_mut().enumerate() {
                cargo.name = format!("crates {}", "y".repeat(i * 3));
            }
        });
        let inspected = full.live.get("us").into_iter().flatten().any(|m| {
            let v: serde_json::Value = serde_json::from_str(m).expect("parses");
            v["event"]["type"] == "contact_made"
                && v["event"]["contact"]["outcome"] == "inspect"
                && v["event"]["contact"]["enforcer_side"] == "us"
        });
        let mut blind = vec!["observer"];
        if !inspected {
            blind.push("us");
        }
        for name in blind {
            prop_assert_eq!(full.live.get(name), cargo_renamed.live.get(name), "{}'s stream depends on cargo", name);
            prop_assert_eq!(full.finals.get(name), cargo_renamed.finals.get(name), "{}'s view depends on cargo", name);
            prop_assert_eq!(full.exports.get(name), cargo_renamed.exports.get(name), "{}'s exports depend on cargo", name);
        }
        let units_renamed = play_with(&ops, seed, &marker, &|s| {
            for (i, unit) in s.units.iter_mut().enumerate() {
                unit.name = format!("vessel {}", "z".repeat(i % 5));
            }
        });
        // The renaming shows where it may (so the check above is not empty).
        prop_assert_ne!(full.finals.get("umpire"), units_renamed.finals.get("umpire"));
        prop_assert_ne!(full.finals.get("umpire"), cargo_renamed.finals.get("umpire"));
        prop_assert_eq!(full.live.get("observer"), units_renamed.live.get("observer"), "the observers' stream depends on units");
        prop_assert_eq!(full.finals.get("observer"), units_renamed.finals.get("observer"), "the observers' view depends on units");
    }
}

/// What the games must bring about for the properties above to cover the
/// seats, the deadline's news and late joiners, as it came about.
#[derive(Default)]
struct Coverage {
    seen: BTreeMap<&'static str, usize>,
}

/// Everything [`Coverage`] looks for.
const COVERED: [&str; 9] = [
    "a member left their seat",
    "the umpire let a side member go",
    "the umpire removed an observer",
    "player_moved",
    "a late joiner",
    "a late joiner welcomed with the turn's briefing",
    "deadline_near",
    "not_submitted, its draft used",
    "all_submitted",
];

impl Watch for Coverage {
    fn event(&mut self, game: &Session, recorded: &Recorded, _: &[(Stream, String)]) {
        let state = game.state();
        let role = |p: &PlayerId| state.players.get(p).map(|p| p.role.clone());
        let kind = match &recorded.event {
            Event::PlayerLeft { player, by } if player == by => "a member left their seat",
            Event::PlayerLeft { player, .. } if role(player) == Some(Role::Observer) => {
                "the umpire removed an observer"
            }
            Event::PlayerLeft { .. } => "the umpire let a side member go",
            Event::PlayerMoved { .. } => "player_moved",
            Event::PlayerJoined { player, .. } if state.phase != Phase::Lobby => {
                let briefed = game
                    .viewer_of(player)
                    .is_some_and(|me| game.view(&me).injects.iter().any(|i| i.turn == state.turn));
                if briefed {
                    *self
                        .seen
                        .entry("a late joiner welcomed with the turn's briefing")
                        .or_default() += 1;
                }
                "a late joiner"
            }
            Event::DeadlineNear { .. } => "deadline_near",
            Event::NotSubmitted { used: true, .. } => "not_submitted, its draft used",
            Event::AllSubmitted => "all_submitted",
            _ => return,
        };
        *self.seen.entry(kind).or_default() += 1;
    }
}

/// The games bring every change of seats, every piece of the deadline's
/// news and late joiners about (so the properties cannot silently stop
/// covering them): over a fixed run of 64 generated games, each at least once.
#[test]
fn the_games_change_seats_join_late_and_run_out_of_time() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let games = game();
    let mut coverage = Coverage::default();
    for seed in 0..64 {
        let ops = games.new_tree(&mut runner).expect("a game").current();
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        play_ops(&ops, seed, &marker, &|_| {}, &mut coverage);
    }
    let missing: Vec<_> = COVERED
        .iter()
        .filter(|k| !coverage.seen.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "no game brought about {missing:?} (only {:?})",
        coverage.seen
    );
}
