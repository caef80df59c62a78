//! The leak properties, over randomised games that chat, draft and submit
//! orders (letters by every channel, with terms; free-form actions), accept
//! and publicise letters, close orders, rule (with rolls), write outcomes,
//! confirm agreements, publish, inject and take notes:
//!
//! 1. No viewer ever receives — live, in a snapshot, or in catch-up after a
//!    reconnect — another side's team chat, messages to the umpire, drafts,
//!    orders or free-form actions, the umpire's messages, outcomes or injects
//!    for others, the umpire's notes, a secret letter between others or not
//!    yet made public, or the seed; and every viewer does receive the chat it
//!    may see.
//! 2. Noninterference: a viewer's whole stream and view are byte for byte the
//!    same whether or not the chat it may not see happened at all (catching
//!    leaks through counts, positions and sizes), and whatever the texts of
//!    every other secret it may not see (drafts, actions, outcomes, injects,
//!    notes, letters that stay secret), and whatever the cargo is called (for
//!    a side that inspected none, and for observers) or the units are (for
//!    observers).
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

use brink_engine::scenario::ScenarioDef;
use brink_engine::{
    Action, Actor, Audience, Command, JoinRole, OrderItem, PlayerId, Role, Ruling, Scenario,
    SeatId, Session, SideId, TermId, Viewer,
};
use brink_protocol::ServerMsg;
use brink_server::catalog::Catalog;
use brink_server::outbound::{Stream, Streams, encode};
use brink_server::review::{self, Request};
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
    /// Draft a letter by the channel at this index, with terms or not.
    Letter(usize, usize, bool),
    /// Draft a free-form action.
    FreeAction(usize),
    /// Remove the side's first draft item.
    Drop(usize),
    /// Accept, or publicise, the n-th letter the side can see.
    Accept(usize, usize),
    Publicise(usize, usize),
    Submit(usize),
    /// The umpire closes orders (forcing) or moves on.
    Advance,
    /// The umpire rules on the n-th pending action: a roll against this, or accept.
    Rule(usize, Option<u8>),
    /// The umpire writes the n-th pending action's outcome for an audience.
    Outcome(usize, Aud),
    Confirm,
    /// The umpire rules every unruled action (accept) and publishes.
    Publish,
    Note(bool),
    Inject(Aud, bool),
    /// The umpire moves the track at this index (in the pending adjudication).
    Track(usize, i32),
    /// Order the strategic action at this index of STRATEGIC.
    Strategic(usize, usize),
    /// Move the side's n-th unit to the k-th zone next to it.
    Move(usize, usize, usize),
    /// Set the side's n-th unit to the k-th stance its kind may take.
    Stance(usize, usize, usize),
    /// The umpire brings the incident at this index of INCIDENTS in.
    Incident(usize),
}

/// The 1962 incidents and who may learn of each.
const INCIDENTS: [(&str, &[&str]); 5] = [
    ("u2_shot_down", &VIEWERS),
    ("u2_strays", &["umpire", "us", "ussr"]),
    ("submarine_forced_up", &["umpire", "us", "ussr"]),
    ("collision_at_the_line", &VIEWERS),
    ("false_alarm", &["umpire", "us"]),
];

/// Some 1962 strategic actions: id, side, public.
const STRATEGIC: [(&str, &str, bool); 6] = [
    ("quarantine", "us", true),
    ("u2_overflight", "us", false),
    ("back_channel_talks", "us", false),
    ("continue_construction", "ussr", false),
    ("run_blockade", "ussr", true),
    ("authorise_air_defence", "ussr", false),
];

/// The 1962 tracks and who may know each exactly, from `docs/scenarios.md` (`[[tracks]]`)
/// (everyone else sees at most its band).
const TRACKS: [(&str, &[&str]); 9] = [
    ("risk", &["umpire"]),
    ("quarantine", &VIEWERS),
    ("defcon", &VIEWERS),
    ("soviet_alert", &["umpire", "ussr"]),
    ("kennedy_prestige", &["umpire", "us"]),
    ("khrushchev_standing", &["umpire", "ussr"]),
    ("missiles_operational", &["umpire", "ussr"]),
    ("world_opinion", &VIEWERS),
    ("nato_cohesion", &["umpire", "us"]),
];

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
const UMPIRE_EVENTS: [&str; 10] = [
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
];

/// An audience the umpire picks: everyone, both sides, or one.
#[derive(Debug, Clone, Copy)]
enum Aud {
    All,
    Both,
    One(&'static str),
}

const CHANNELS: [&str; 4] = [
    "embassy_cable",
    "back_channel",
    "diplomatic_note",
    "public_statement",
];

fn op() -> impl Strategy<Value = Op> {
    let who = 0..CAST.len();
    // Mostly side members, now and then the umpire or the observer.
    let members = prop_oneof![4 => 1..5usize, 1 => 0..CAST.len()];
    let aud = prop_oneof![
        Just(Aud::All),
        Just(Aud::Both),
        Just(Aud::One("us")),
        Just(Aud::One("ussr"))
    ];
    prop_oneof![
        1 => who.clone().prop_map(Op::Team),
        1 => who.clone().prop_map(Op::ToUmpire),
        1 => (
            who.clone(),
            prop_oneof![Just(None), Just(Some("us")), Just(Some("ussr"))]
        )
            .prop_map(|(w, to)| Op::FromUmpire(w, to)),
        1 => who.clone().prop_map(Op::Leave),
        1 => who.prop_map(Op::Return),
        4 => (members.clone(), 0..CHANNELS.len(), any::<bool>()).prop_map(|(w, c, t)| Op::Letter(w, c, t)),
        2 => members.clone().prop_map(Op::FreeAction),
        1 => members.clone().prop_map(Op::Drop),
        5 => (members.clone(), 0..4usize).prop_map(|(w, n)| Op::Accept(w, n)),
        3 => (members.clone(), 0..4usize).prop_map(|(w, n)| Op::Publicise(w, n)),
        3 => members.clone().prop_map(Op::Submit),
        3 => Just(Op::Advance),
        2 => (0..3usize, prop::option::of(2..=12u8)).prop_map(|(n, d)| Op::Rule(n, d)),
        3 => (0..3usize, aud.clone()).prop_map(|(n, a)| Op::Outcome(n, a)),
        1 => Just(Op::Confirm),
        2 => Just(Op::Publish),
        1 => any::<bool>().prop_map(Op::Note),
        1 => (aud, any::<bool>()).prop_map(|(a, next)| Op::Inject(a, next)),
        3 => (0..TRACKS.len(), prop_oneof![-30..-1i32, 1..30i32]).prop_map(|(t, by)| Op::Track(t, by)),
        3 => (members.clone(), 0..STRATEGIC.len()).prop_map(|(w, a)| Op::Strategic(w, a)),
        6 => (members.clone(), 0..12usize, 0..3usize).prop_map(|(w, u, k)| Op::Move(w, u, k)),
        3 => (members, 0..12usize, 0..4usize).prop_map(|(w, u, k)| Op::Stance(w, u, k)),
        1 => (0..INCIDENTS.len()).prop_map(Op::Incident),
    ]
}

/// A game shaped in turns, so that letters are delivered, answered,
/// accepted and publicised: each turn some random ops while orders are open,
/// both leaders submitting, the close, some random ops during adjudication,
/// and the publish into the next turn — any op may still come at any time.
fn game() -> impl Strategy<Value = Vec<Op>> {
    let turn = (
        prop::collection::vec(op(), 0..10),
        prop::collection::vec(op(), 0..5),
    );
    let opening = (any::<bool>(), 0..3usize, 0..3usize, 0..3usize);
    (opening, prop::collection::vec(turn, 1..5)).prop_map(|((naval, us, ussr, other), turns)| {
        let mut ops = Vec::new();
        if naval {
            // Half the games open at sea, so that ships meet at the line: the
            // US declares the quarantine and sends its ships out; Soviet ships
            // and a submarine sail towards the line; next turn the US picks a
            // stance (shadow, inspect, disable) and so do the Soviet ships
            // (press on, submit, turn back) as they reach the line.
            ops.extend([
                Op::Strategic(1, 0),
                Op::Move(1, 0, 0),
                Op::Move(1, 1, 0),
                Op::Move(2, 2, 0),
                Op::Move(3, 0, 0),
                Op::Move(3, 1, 0),
                Op::Move(3, 3, 0),
                Op::Move(4, 5, 0),
                Op::Move(4, 6, 0),
                Op::Submit(1),
                Op::Submit(3),
                Op::Advance,
                Op::Advance,
                Op::Advance,
                Op::Stance(1, 0, us),
                Op::Stance(2, 1, other),
                Op::Stance(3, 0, ussr),
                Op::Stance(3, 1, other),
                Op::Stance(4, 3, ussr),
                Op::Move(3, 0, 0),
                Op::Move(3, 1, 0),
                Op::Move(3, 3, 0),
                Op::Move(4, 5, 0),
                Op::Move(4, 6, 0),
                Op::Submit(1),
                Op::Submit(3),
                Op::Advance,
                Op::Advance,
                Op::Advance,
            ]);
        }
        for (orders, adjudication) in turns {
            ops.extend(orders);
            ops.extend([Op::Submit(1), Op::Submit(3), Op::Advance]);
            ops.extend(adjudication);
            ops.extend([Op::Advance, Op::Advance]);
        }
        ops
    })
}

fn audience_of(aud: Aud) -> Audience {
    match aud {
        Aud::All => Audience::All,
        Aud::Both => Audience::Sides(vec!["us".into(), "ussr".into()]),
        Aud::One(side) => Audience::Side(side.into()),
    }
}

fn aud_viewers(aud: Aud) -> Vec<&'static str> {
    match aud {
        Aud::All => VIEWERS.to_vec(),
        Aud::Both => vec!["umpire", "us", "ussr"],
        Aud::One(side) => vec!["umpire", side],
    }
}

/// Steps from zone `from` to zone `to` on the map (adjacency both ways).
fn hops(zones: &[brink_engine::map::ZoneDef], from: &str, to: &str) -> usize {
    let mut reached = vec![from.to_owned()];
    let mut frontier = reached.clone();
    for step in 0..zones.len() {
        if reached.iter().any(|z| z == to) {
            return step;
        }
        let mut next = Vec::new();
        for zone in zones {
            let id = zone.id.as_str().to_owned();
            let near = frontier.iter().any(|f| {
                zone.adjacent.iter().any(|a| a.as_str() == f)
                    || zones
                        .iter()
                        .any(|z| z.id.as_str() == f && z.adjacent.contains(&zone.id))
            });
            if near && !reached.contains(&id) {
                next.push(id);
            }
        }
        reached.extend(next.iter().cloned());
        frontier = next;
    }
    usize::MAX
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
        Op::FreeAction(w) => match side(*w) {
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
    }
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
    /// The markers of letters that ended up public.
    public_letters: Vec<String>,
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
    let built_in = Catalog::built_in()
        .expect("built-in scenarios")
        .get("cuban-missile-crisis-1962")
        .expect("1962");
    let mut def = ScenarioDef::clone(&built_in);
    edit(&mut def);
    let scenario = std::sync::Arc::new(Scenario::try_from(def).expect("the edit keeps it valid"));
    let mut game = Session::new(scenario);
    let mut streams = Streams::new(&game);
    let mut log = Vec::new();
    // The log as a session actor holds it, with a window that keeps it all.
    let mut held = brink_server::log::Log::new(brink_server::log::Window {
        events: usize::MAX,
        bytes: usize::MAX,
    });
    let mut live: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut snapshots: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut run = |game: &mut Session, actor: Actor, command: Command| {
        let Ok(events) = game.decide(&actor, &command, 1_000) else {
            return;
        };
        for recorded in events {
            game.apply(&recorded);
            for (stream, msg) in streams.record(&recorded) {
                if let Some(name) = VIEWERS.iter().find(|n| Stream::Live(viewer(n)) == stream) {
                    live.entry(name).or_default().push(msg.to_string());
                }
            }
            held.push(recorded.clone(), 0);
            log.push(recorded);
        }
    };
    run(
        &mut game,
        Actor::System,
        Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        },
    );
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
    // The game starts in turn 1's Orders phase.
    for action in [Action::StartGame {}, Action::Advance { force: true }] {
        run(&mut game, Actor::Player(player(0)), Command::Act(action));
    }
    let umpire_act = |action: Action| (&0usize, Command::Act(action));
    for (n, op) in ops {
        let text = text_of(*n);
        let side_of = |w: usize| CAST[w].1.map(|(s, _)| SideId(s.to_owned()));
        // The n-th of the letters `w`'s side may see (none for others).
        // The n-th letter `w`'s side could accept (received, with terms) or
        // publicise (not yet public), so that most such ops are accepted.
        let nth_letter = |game: &Session, w: usize, k: usize, accepting: bool| {
            let side = side_of(w)?;
            let view = game.view(&Viewer::Side(side.clone()));
            let letters: Vec<_> = view
                .letters
                .into_iter()
                .filter(|l| {
                    if accepting {
                        l.to == side && l.delivered && !l.terms.is_empty()
                    } else {
                        !l.is_public()
                    }
                })
                .collect();
            (!letters.is_empty()).then(|| letters[k % letters.len()].id.clone())
        };
        let nth_action = |game: &Session, k: usize| {
            let ids = game.state().adjudication.as_ref()?.actions.clone();
            (!ids.is_empty()).then(|| ids[k % ids.len()].clone())
        };
        let publishing = matches!(op, Op::Publish)
            || (matches!(op, Op::Advance)
                && game
                    .state()
                    .adjudication
                    .as_ref()
                    .is_some_and(|a| !a.published));
        if publishing {
            let unruled: Vec<_> = game
                .state()
                .actions
                .values()
                .filter(|a| a.ruling.is_none())
                .map(|a| a.id.clone())
                .collect();
            for action in unruled {
                let (_, command) = umpire_act(Action::RuleAction {
                    action,
                    ruling: Ruling::Accept {},
                });
                run(&mut game, Actor::Player(player(0)), command);
            }
            if matches!(op, Op::Advance) {
                run(
                    &mut game,
                    Actor::Player(player(0)),
                    Command::Act(Action::Publish {}),
                );
            }
        }
        let (w, command) = match op {
            Op::Letter(w, c, with_terms) => (
                w,
                Command::Act(Action::AddOrder {
                    order: OrderItem::Letter {
                        channel: CHANNELS[*c].into(),
                        to: if side_of(*w).is_some_and(|s| s.as_str() == "us") {
                            "ussr".into()
                        } else {
                            "us".into()
                        },
                        text,
                        terms: if *with_terms {
                            vec![
                                TermId::from("soviet_missiles_removed"),
                                TermId::from("no_invasion_pledge"),
                            ]
                        } else {
                            Vec::new()
                        },
                    },
                }),
            ),
            Op::FreeAction(w) => (
                w,
                Command::Act(Action::AddOrder {
                    order: OrderItem::Action {
                        what: text.clone(),
                        why: text.clone(),
                        expected: text,
                    },
                }),
            ),
            Op::Drop(w) => {
                let item = side_of(*w)
                    .and_then(|s| game.state().orders.get(&s)?.draft.first().map(|d| d.item))
                    .unwrap_or(1);
                (w, Command::Act(Action::RemoveOrder { item }))
            }
            Op::Accept(w, k) | Op::Publicise(w, k) => {
                let Some(letter) = nth_letter(&game, *w, *k, matches!(op, Op::Accept(..))) else {
                    continue;
                };
                let order = if matches!(op, Op::Accept(..)) {
                    OrderItem::Accept { letter }
                } else {
                    OrderItem::Publicise { letter }
                };
                (w, Command::Act(Action::AddOrder { order }))
            }
            // The side's leader submits (members 1 and 3 lead their sides).
            Op::Submit(w) => (
                match CAST[*w].1 {
                    Some(("us", _)) => &1,
                    Some(_) => &3,
                    None => w,
                },
                Command::Act(Action::SubmitOrders {}),
            ),
            Op::Advance => umpire_act(if game.state().phase == brink_engine::Phase::Lobby {
                Action::StartGame {}
            } else {
                Action::Advance { force: true }
            }),
            Op::Rule(k, difficulty) => {
                let Some(action) = nth_action(&game, *k) else {
                    continue;
                };
                umpire_act(Action::RuleAction {
                    action,
                    ruling: difficulty
                        .map_or(Ruling::Accept {}, |difficulty| Ruling::Roll { difficulty }),
                })
            }
            Op::Outcome(k, aud) => {
                let Some(action) = nth_action(&game, *k) else {
                    continue;
                };
                umpire_act(Action::WriteOutcome {
                    action,
                    text,
                    to: audience_of(*aud),
                })
            }
            Op::Confirm => umpire_act(Action::ConfirmAgreement { confirmed: true }),
            Op::Publish => umpire_act(Action::Publish {}),
            Op::Incident(i) => umpire_act(Action::TriggerIncident {
                incident: INCIDENTS[*i].0.to_owned(),
            }),
            Op::Track(t, by) => umpire_act(Action::AdjustTrack {
                track: TRACKS[*t].0.into(),
                by: *by,
                reason: text,
            }),
            Op::Strategic(w, a) => (
                w,
                Command::Act(Action::AddOrder {
                    order: OrderItem::Strategic {
                        action: STRATEGIC[*a].0.to_owned(),
                    },
                }),
            ),
            Op::Move(w, u, k) | Op::Stance(w, u, k) => {
                let Some(side) = side_of(*w) else {
                    continue;
                };
                let view = game.view(&Viewer::Side(side.clone()));
                let units: Vec<_> = view.units.iter().filter(|x| !x.lost).collect();
                if units.is_empty() {
                    continue;
                }
                let unit = units[u % units.len()];
                let order = if matches!(op, Op::Move(..)) {
                    let zones = &view.scenario.zones;
                    let here = zones.iter().find(|z| z.id == unit.zone);
                    let next: Vec<_> = zones
                        .iter()
                        .filter(|z| {
                            z.adjacent.contains(&unit.zone)
                                || here.is_some_and(|h| h.adjacent.contains(&z.id))
                        })
                        .collect();
                    if next.is_empty() {
                        continue;
                    }
                    // Mostly towards the line or Cuba, so that ships meet there.
                    let goal = ["quarantine_line", "cuban_waters"].get(*k).copied();
                    let toward = goal.and_then(|goal| {
                        next.iter()
                            .min_by_key(|z| hops(zones, z.id.as_str(), goal))
                            .filter(|z| {
                                hops(zones, z.id.as_str(), goal)
                                    < hops(zones, unit.zone.as_str(), goal)
                            })
                    });
                    OrderItem::Move {
                        unit: unit.id.clone(),
                        to: toward.copied().unwrap_or(next[k % next.len()]).id.clone(),
                    }
                } else {
                    let stances: Vec<_> = view
                        .scenario
                        .stances
                        .iter()
                        .filter(|s| s.side == side && s.kinds.contains(&unit.kind))
                        .collect();
                    if stances.is_empty() {
                        continue;
                    }
                    OrderItem::Stance {
                        unit: unit.id.clone(),
                        stance: stances[k % stances.len()].id.clone(),
                    }
                };
                (w, Command::Act(Action::AddOrder { order }))
            }
            Op::Note(bookmark) => umpire_act(Action::Note {
                text,
                bookmark: *bookmark,
            }),
            Op::Inject(aud, next) => umpire_act(Action::Inject {
                to: audience_of(*aud),
                text,
                next_briefing: *next,
            }),
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
        public_letters,
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

/// Games per property: 256 in the quick profile CI runs, 1,000 in the long
/// one (`BRINK_PROFILE=long`).
fn games() -> u32 {
    if std::env::var("BRINK_PROFILE").is_ok_and(|p| p == "long") {
        1_000
    } else {
        256
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
            for (n, op) in &ops {
                if matches!(op, Op::Leave(_) | Op::Return(_)) {
                    continue;
                }
                let m = marker(*n);
                let may = audience(op).contains(&name)
                    || (matches!(op, Op::Letter(..)) && played.public_letters.contains(&m));
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
            prop_assert_eq!(full.replays.get(name), varied.replays.get(name), "{}'s replay depends on secrets", name);
            prop_assert_eq!(full.exports.get(name), varied.exports.get(name), "{}'s exports depend on secrets", name);
            prop_assert_eq!(full.exports.get(name), only.exports.get(name), "{}'s exports depend on chat it may not see", name);
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
