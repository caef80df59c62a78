//! The engine's session against hostile commands: randomised 1962 games
//! (lobby, briefing, orders or adjudication) into which every role — the
//! umpire, each side's leader and member, an observer, a player who is not in
//! the session, and the server itself — throws well-formed but wrong
//! commands: garbage and unknown ids (units, zones, letters, tracks,
//! channels, terms, incidents, actions, seats, sides), texts empty, blank,
//! huge or full of control characters and unicode oddities, extreme numbers,
//! commands of the wrong phase or role; mixed with enough right ones that the
//! games move on. It proves that:
//!
//! 1. nothing panics, in `decide`, `apply` or any viewer's `view`;
//! 2. deciding is deterministic (the same command decides the same twice);
//! 3. every rejection changes nothing — the state, and the umpire's view
//!    serialized, are identical before and after — and carries a code and a
//!    non-empty message;
//! 4. accepted commands' events are numbered on from the log's end;
//! 5. the battery reaches deep: many commands are accepted, many rejected,
//!    with many different codes.

use brink_engine::{
    Action, ActionId, Actor, Audience, ChannelId, Command, JoinRole, LetterId, ObserverMode,
    OrderItem, PlayerId, RejectCode, Ruling, Scenario, SeatId, Session, SideId, TermId, TrackId,
    UnitId, Viewer, ZoneId,
};
use brink_server::catalog::Catalog;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// Who joins every game, in order (players `p1` to `p6`).
const CAST: &[(&str, Option<(&str, &str)>)] = &[
    ("umpire", None),
    ("us", Some(("us", "president"))),
    ("us", Some(("us", "attorney_general"))),
    ("ussr", Some(("ussr", "first_secretary"))),
    ("ussr", Some(("ussr", "ambassador"))),
    ("observer", None),
];

fn scenario() -> Arc<Scenario> {
    static SCENARIO: OnceLock<Arc<Scenario>> = OnceLock::new();
    SCENARIO
        .get_or_init(|| {
            Catalog::built_in()
                .expect("built-in scenarios")
                .get("cuban-missile-crisis-1962")
                .expect("the 1962 scenario")
        })
        .clone()
}

/// The scenario's real names, by kind, so that generated commands name real
/// things as often as garbage.
#[derive(Debug, Clone)]
struct Names {
    units: Vec<String>,
    zones: Vec<String>,
    tracks: Vec<String>,
    channels: Vec<String>,
    terms: Vec<String>,
    incidents: Vec<String>,
    strategic: Vec<String>,
    stances: Vec<String>,
    sides: Vec<String>,
    seats: Vec<String>,
}

fn names() -> Names {
    let s = scenario();
    let ids = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    Names {
        units: ids(s.units.iter().map(|u| u.id.as_str()).collect()),
        zones: ids(s.zones.iter().map(|z| z.id.as_str()).collect()),
        tracks: ids(s.tracks.iter().map(|t| t.id.as_str()).collect()),
        channels: ids(s.channels.iter().map(|c| c.id.as_str()).collect()),
        terms: ids(s.terms.iter().map(|t| t.id.as_str()).collect()),
        incidents: ids(s.incidents.iter().map(|i| i.id.as_str()).collect()),
        strategic: ids(s.strategic.iter().map(|a| a.id.as_str()).collect()),
        stances: ids(s.stances.iter().map(|a| a.id.as_str()).collect()),
        sides: ids(s.sides.iter().map(|a| a.id.as_str()).collect()),
        seats: ids(s
            .sides
            .iter()
            .flat_map(|side| side.seats.iter().map(|seat| seat.id.as_str()))
            .collect()),
    }
}

/// Texts people and attackers paste: empty, blank, huge, control
/// characters, bidi overrides, combining marks, or short and fine.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[A-Za-z ,.]{1,40}",
        1 => Just(String::new()),
        1 => Just("   \t ".to_owned()),
        1 => prop_oneof![Just(2_000usize), Just(2_001), Just(6_000), Just(6_001), 1..100_000usize]
            .prop_map(|n| "é".repeat(n)),
        1 => Just("ok\u{0}then\u{7}\u{1b}[2J\r".to_owned()),
        1 => Just("\u{202e}\u{feff}\u{200b}e\u{301}\u{301}🇺🇸\u{10ffff}\u{2028}".to_owned()),
        1 => any::<String>(),
    ]
    .boxed()
}

/// A name of this kind: a real one, or garbage.
fn name(real: &[String]) -> BoxedStrategy<String> {
    let garbage = prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("'; DROP TABLE events; --".to_owned()),
        Just("\u{0}".to_owned()),
        Just("UNIT\u{202e}".to_owned()),
        (1..70_000usize).prop_map(|n| "z".repeat(n)),
        "[a-z_]{1,16}",
        any::<String>(),
    ];
    if real.is_empty() {
        return garbage.boxed();
    }
    prop_oneof![3 => prop::sample::select(real.to_vec()), 1 => garbage].boxed()
}

/// A letter or action id: `@n` stands for the n-th one the game has (filled
/// in when the command is made), else garbage.
fn dynamic_id() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0..8usize).prop_map(|n| format!("@{n}")),
        1 => name(&[]),
        1 => "[LA][A-Z0-9]{4}",
    ]
    .boxed()
}

fn side(n: &Names) -> BoxedStrategy<SideId> {
    name(&n.sides).prop_map(SideId).boxed()
}

fn audience(n: &Names) -> BoxedStrategy<Audience> {
    prop_oneof![
        Just(Audience::All),
        side(n).prop_map(Audience::Side),
        prop::collection::vec(side(n), 0..4).prop_map(Audience::Sides),
    ]
    .boxed()
}

fn order(n: &Names) -> BoxedStrategy<OrderItem> {
    prop_oneof![
        1 => (
            name(&n.channels),
            side(n),
            text(),
            prop::collection::vec(name(&n.terms), 0..4)
        )
            .prop_map(|(channel, to, text, terms)| OrderItem::Letter {
                channel: ChannelId(channel),
                to,
                text,
                terms: terms.into_iter().map(TermId).collect(),
            }),
        1 => (text(), text(), text())
            .prop_map(|(what, why, expected)| OrderItem::Action { what, why, expected }),
        1 => dynamic_id().prop_map(|l| OrderItem::Accept {
            letter: LetterId(l)
        }),
        1 => dynamic_id().prop_map(|l| OrderItem::Publicise {
            letter: LetterId(l)
        }),
        1 => name(&n.strategic).prop_map(|action| OrderItem::Strategic { action }),
        2 => (name(&n.units), name(&n.zones)).prop_map(|(u, z)| OrderItem::Move {
            unit: UnitId(u),
            to: ZoneId(z)
        }),
        1 => (name(&n.units), name(&n.stances)).prop_map(|(u, stance)| OrderItem::Stance {
            unit: UnitId(u),
            stance
        }),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<u32> {
    prop_oneof![
        Just(0u32),
        Just(1),
        Just(30),
        Just(31),
        Just(36_000),
        Just(36_001),
        Just(u32::MAX),
        any::<u32>(),
    ]
    .boxed()
}

fn action(n: &Names) -> BoxedStrategy<Action> {
    let ruling = prop_oneof![
        Just(Ruling::Accept {}),
        Just(Ruling::Reject {}),
        any::<u8>().prop_map(|difficulty| Ruling::Roll { difficulty })
    ];
    let by = prop_oneof![
        Just(0i32),
        Just(i32::MIN),
        Just(i32::MIN + 1),
        Just(i32::MAX),
        -20..20i32,
        any::<i32>(),
    ];
    prop_oneof![
        2 => text().prop_map(|text| Action::TeamChat { text }),
        1 => text().prop_map(|text| Action::MessageUmpire { text }),
        1 => (audience(n), text()).prop_map(|(to, text)| Action::UmpireMessage { to, text }),
        2 => Just(Action::StartGame {}),
        3 => any::<bool>().prop_map(|force| Action::Advance { force }),
        1 => Just(Action::Pause {}),
        1 => Just(Action::Resume {}),
        1 => number().prop_map(|seconds| Action::SetDeadline { seconds }),
        1 => number().prop_map(|seconds| Action::ExtendDeadline { seconds }),
        1 => Just(Action::ClearDeadline {}),
        1 => number().prop_map(|turns| Action::AddTurns { turns }),
        1 => text().prop_map(|verdict| Action::EndGame { verdict }),
        6 => order(n).prop_map(|order| Action::AddOrder { order }),
        1 => number().prop_map(|item| Action::RemoveOrder { item }),
        2 => Just(Action::SubmitOrders {}),
        1 => any::<bool>().prop_map(|allowed| Action::AnyMemberSubmits { allowed }),
        2 => (dynamic_id(), ruling).prop_map(|(a, ruling)| Action::RuleAction {
            action: ActionId(a),
            ruling
        }),
        1 => (dynamic_id(), text(), audience(n), proptest::option::of(any::<bool>()), any::<bool>())
            .prop_map(|(a, text, to, success, overrule)| Action::WriteOutcome {
                action: ActionId(a),
                text,
                to,
                success,
                overrule,
            }),
        1 => any::<bool>().prop_map(|confirmed| Action::ConfirmAgreement { confirmed }),
        2 => Just(Action::Publish {}),
        2 => (name(&n.tracks), by, text()).prop_map(|(t, by, reason)| Action::AdjustTrack {
            track: TrackId(t),
            by,
            reason
        }),
        1 => name(&n.incidents).prop_map(|incident| Action::TriggerIncident { incident }),
        1 => (audience(n), text(), any::<bool>()).prop_map(|(to, text, next_briefing)| {
            Action::Inject {
                to,
                text,
                next_briefing,
            }
        }),
        1 => Just(Action::Declassify {}),
        1 => text().prop_map(|title| Action::SetTitle { title }),
        1 => (text(), any::<bool>()).prop_map(|(text, bookmark)| Action::Note { text, bookmark }),
    ]
    .boxed()
}

/// Who issues a generated command.
#[derive(Debug, Clone)]
enum Who {
    /// One whose role may do it: a side player (the n-th) for a side's
    /// action, else the umpire.
    Fit(usize),
    /// The n-th of the cast.
    Cast(usize),
    /// A player id the session does not have.
    Stranger(String),
    /// The server itself.
    System,
}

/// A generated command: a game action, or a system command.
#[derive(Debug, Clone)]
enum Hostile {
    Act(Who, Action),
    Join(JoinRole, String, Option<String>),
    Presence(String, bool),
    Tick,
    Create(u64),
}

fn hostile(n: &Names) -> BoxedStrategy<Hostile> {
    let who = prop_oneof![
        6 => (0..4usize).prop_map(Who::Fit),
        3 => (0..CAST.len()).prop_map(Who::Cast),
        1 => prop_oneof![Just("p7".to_owned()), Just("p0".to_owned()), name(&[])]
            .prop_map(Who::Stranger),
        1 => Just(Who::System),
    ];
    let role = prop_oneof![
        Just(JoinRole::Umpire),
        Just(JoinRole::Observer),
        side(n).prop_map(JoinRole::Side),
    ];
    prop_oneof![
        20 => (who, action(n)).prop_map(|(w, a)| Hostile::Act(w, a)),
        1 => (role, text(), prop::option::of(name(&n.seats)))
            .prop_map(|(r, name, seat)| Hostile::Join(r, name, seat)),
        1 => (
            prop_oneof![Just("p2".to_owned()), Just("p99".to_owned()), name(&[])],
            any::<bool>()
        )
            .prop_map(|(p, online)| Hostile::Presence(p, online)),
        1 => Just(Hostile::Tick),
        1 => any::<u64>().prop_map(Hostile::Create),
    ]
    .boxed()
}

/// A game: its seed, how far it gets before the hostile commands (0 lobby,
/// 1 briefing, 2 orders, 3 adjudication), and the commands.
fn game() -> BoxedStrategy<(u64, u8, Vec<Hostile>)> {
    let n = names();
    (
        any::<u64>(),
        0..4u8,
        prop::collection::vec(hostile(&n), 1..40),
    )
        .boxed()
}

/// Whether side players issue this action (the umpire issues the rest).
fn for_sides(action: &Action) -> bool {
    matches!(
        action,
        Action::TeamChat { .. }
            | Action::MessageUmpire { .. }
            | Action::AddOrder { .. }
            | Action::RemoveOrder { .. }
            | Action::SubmitOrders {}
    )
}

fn player(w: usize) -> PlayerId {
    PlayerId::nth(u32::try_from(w).unwrap_or(0) + 1)
}

/// Replaces an `@n` id with the game's n-th of that kind (or leaves it, an
/// id no game has).
fn fill(action: Action, session: &Session) -> Action {
    let state = session.state();
    let pick = |id: &str, ids: Vec<String>| -> String {
        match id.strip_prefix('@').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if !ids.is_empty() => ids[n % ids.len()].clone(),
            _ => id.to_owned(),
        }
    };
    let letters = || state.letters.keys().map(|l| l.0.clone()).collect();
    let actions = || state.actions.keys().map(|a| a.0.clone()).collect();
    match action {
        Action::AddOrder {
            order: OrderItem::Accept { letter },
        } => Action::AddOrder {
            order: OrderItem::Accept {
                letter: LetterId(pick(&letter.0, letters())),
            },
        },
        Action::AddOrder {
            order: OrderItem::Publicise { letter },
        } => Action::AddOrder {
            order: OrderItem::Publicise {
                letter: LetterId(pick(&letter.0, letters())),
            },
        },
        Action::RuleAction { action, ruling } => Action::RuleAction {
            action: ActionId(pick(&action.0, actions())),
            ruling,
        },
        Action::WriteOutcome {
            action,
            text,
            to,
            success,
            overrule,
        } => Action::WriteOutcome {
            action: ActionId(pick(&action.0, actions())),
            text,
            to,
            success,
            overrule,
        },
        other => other,
    }
}

/// What one run of the battery saw.
#[derive(Debug, Default)]
struct Tally {
    games: usize,
    commands: usize,
    accepted: usize,
    rejected: usize,
    codes: BTreeMap<&'static str, usize>,
}

fn viewers() -> [Viewer; 4] {
    [
        Viewer::Umpire,
        Viewer::Side(SideId::from("us")),
        Viewer::Side(SideId::from("ussr")),
        Viewer::Observer,
    ]
}

/// Decides one command and checks every promise about it; applies it when
/// accepted. Returns whether it was.
fn hostile_step(
    session: &mut Session,
    actor: &Actor,
    command: &Command,
    now: u64,
    tally: &mut Tally,
) -> Result<bool, TestCaseError> {
    let before = session.state().clone();
    let before_view = serde_json::to_string(&session.view(&Viewer::Umpire))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let decided = session.decide(actor, command, now);
    prop_assert_eq!(
        &decided,
        &session.decide(actor, command, now),
        "deciding {:?} by {:?} is not deterministic",
        command,
        actor
    );
    tally.commands += 1;
    match decided {
        Err(rejection) => {
            tally.rejected += 1;
            *tally.codes.entry(rejection.code.as_str()).or_default() += 1;
            prop_assert!(
                RejectCode::ALL.contains(&rejection.code) && !rejection.code.as_str().is_empty()
            );
            prop_assert!(
                !rejection.message.trim().is_empty(),
                "{:?} by {:?} was rejected ({}) without a message",
                command,
                actor,
                rejection.code.as_str()
            );
            prop_assert!(
                session.state() == &before,
                "the rejection of {:?} changed the state",
                command
            );
            let after_view = serde_json::to_string(&session.view(&Viewer::Umpire))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(
                after_view == before_view,
                "the rejection of {:?} changed the umpire's view",
                command
            );
            Ok(false)
        }
        Ok(events) => {
            tally.accepted += 1;
            for (k, recorded) in events.iter().enumerate() {
                prop_assert_eq!(recorded.seq, before.last_seq + 1 + k as u64);
                session.apply(recorded);
            }
            prop_assert_eq!(
                session.state().last_seq,
                before.last_seq + events.len() as u64
            );
            for viewer in viewers() {
                serde_json::to_string(&session.view(&viewer))
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            Ok(true)
        }
    }
}

fn play(
    (seed, stage, commands): &(u64, u8, Vec<Hostile>),
    tally: &mut Tally,
) -> Result<(), TestCaseError> {
    let mut session = Session::new(scenario());
    let mut now = 1_000u64;
    let system = Actor::System;
    let create = Command::Create {
        seed: *seed,
        observers: ObserverMode::Public {},
        title: None,
    };
    prop_assert!(hostile_step(&mut session, &system, &create, now, tally)?);
    for (kind, seat) in CAST {
        let role = match (kind, seat) {
            (_, Some((side, _))) => JoinRole::Side(SideId::from(*side)),
            (&"umpire", None) => JoinRole::Umpire,
            _ => JoinRole::Observer,
        };
        let join = Command::Join {
            role,
            name: format!("{kind}-player"),
            seat: seat.map(|(_, s)| SeatId::from(s)),
        };
        prop_assert!(hostile_step(&mut session, &system, &join, now, tally)?);
    }
    let umpire = Actor::Player(player(0));
    let opening = [
        Action::StartGame {},
        Action::Advance { force: true },
        Action::Advance { force: true },
    ];
    for action in opening.into_iter().take(usize::from(*stage)) {
        prop_assert!(hostile_step(
            &mut session,
            &umpire,
            &Command::Act(action),
            now,
            tally
        )?);
    }
    for hostile in commands {
        now += 7_000;
        let (actor, command) = match hostile.clone() {
            Hostile::Act(who, action) => {
                let actor = match who {
                    Who::Fit(k) if for_sides(&action) => Actor::Player(player(1 + k)),
                    Who::Fit(_) => Actor::Player(player(0)),
                    Who::Cast(w) => Actor::Player(player(w)),
                    Who::Stranger(id) => Actor::Player(PlayerId(id)),
                    Who::System => Actor::System,
                };
                (actor, Command::Act(fill(action, &session)))
            }
            Hostile::Join(role, name, seat) => (
                Actor::System,
                Command::Join {
                    role,
                    name,
                    seat: seat.map(SeatId),
                },
            ),
            Hostile::Presence(p, online) => (
                Actor::System,
                Command::SetPresence {
                    player: PlayerId(p),
                    online,
                },
            ),
            Hostile::Tick => (Actor::System, Command::Tick),
            Hostile::Create(seed) => (
                Actor::System,
                Command::Create {
                    seed,
                    observers: ObserverMode::Public {},
                    title: None,
                },
            ),
        };
        hostile_step(&mut session, &actor, &command, now, tally)?;
    }
    tally.games += 1;
    Ok(())
}

#[test]
fn hostile_commands_change_nothing_or_play_by_the_rules() {
    let cases = if std::env::var("BRINK_PROFILE").is_ok_and(|p| p == "long") {
        5_000
    } else {
        400
    };
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let tally = RefCell::new(Tally::default());
    let result = runner.run(&game(), |game| play(&game, &mut tally.borrow_mut()));
    if let Err(e) = result {
        panic!("{e}");
    }
    let tally = tally.into_inner();
    eprintln!(
        "hostile session: {} games, {} commands: {} accepted, {} rejected with {} different codes",
        tally.games,
        tally.commands,
        tally.accepted,
        tally.rejected,
        tally.codes.len()
    );
    eprintln!("rejection codes: {:?}", tally.codes);
    // The battery must reach deep into the rules to prove anything.
    assert!(tally.games >= cases as usize);
    assert!(
        tally.accepted > tally.games * 8,
        "too few accepted: {tally:?}"
    );
    assert!(
        tally.rejected > tally.games * 5,
        "too few rejected: {tally:?}"
    );
    assert!(
        tally.codes.len() >= 30,
        "too few kinds of rejection: {:?}",
        tally.codes
    );
    for code in [
        "forbidden",
        "wrong_phase",
        "unknown_unit",
        "unknown_side",
        "bad_name",
        "unknown_letter",
        "unknown_action",
        "empty_text",
        "text_too_long",
        "bad_text",
        "unknown_player",
        "already_created",
    ] {
        assert!(
            tally.codes.contains_key(code),
            "no command was rejected as {code}: {:?}",
            tally.codes
        );
    }
}

/// Found by this battery: `tracks::adjust` checked `by.abs() > span`, and
/// `i32::MIN.abs()` overflows — a panic in debug builds (the session's actor
/// died), and in release a change past the track's range let through. The
/// umpire could send it: `{"type":"adjust_track","track":"risk","by":-2147483648,...}`.
#[test]
fn adjusting_a_track_by_i32_min_is_rejected() {
    let mut session = Session::new(scenario());
    let mut run = |actor: &Actor, command: Command| {
        let events = session.decide(actor, &command, 1_000);
        if let Ok(events) = &events {
            for recorded in events {
                session.apply(recorded);
            }
        }
        events.map(|_| ())
    };
    let system = Actor::System;
    let create = Command::Create {
        seed: 1,
        observers: ObserverMode::Public {},
        title: None,
    };
    assert!(run(&system, create).is_ok());
    let join = Command::Join {
        role: JoinRole::Umpire,
        name: "umpire".into(),
        seat: None,
    };
    assert!(run(&system, join).is_ok());
    let umpire = Actor::Player(player(0));
    for action in [
        Action::StartGame {},
        Action::Advance { force: true },
        Action::Advance { force: true },
    ] {
        assert!(run(&umpire, Command::Act(action)).is_ok());
    }
    let adjust = Action::AdjustTrack {
        track: TrackId::from("risk"),
        by: i32::MIN,
        reason: "overflow".into(),
    };
    let answer = run(&umpire, Command::Act(adjust));
    assert!(
        matches!(&answer, Err(r) if r.code == RejectCode::BadAdjustment),
        "{answer:?}"
    );
}
