//! The clock with simulated time: phases in order, pause and resume that stop
//! and restart the deadline, the deadline closing the Orders phase by itself,
//! the last turn, the verdict — and every refusal changing nothing.

use brink_engine::{
    Action, Actor, Command, Event, JoinRole, OrderItem, Phase, PlayerId, RejectCode, SideId, Viewer,
};

mod common;
use common::{Game, join};

const MIN: u64 = 60_000;

/// A session with an umpire (p1) and a Red chief (p2), created at 0.
fn game() -> Game {
    Game::with(
        7,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
        ],
    )
}

#[test]
fn the_umpire_walks_the_turns_in_order_and_ends_with_a_verdict() {
    let mut g = game();
    assert_eq!(g.at(), (0, Phase::Lobby));
    g.refused_at(
        1,
        Action::Advance { force: true },
        0,
        RejectCode::WrongPhase,
    );
    let events = g.umpire_at(Action::StartGame {}, 0).expect("start");
    assert_eq!(
        events,
        [Event::PhaseChanged {
            turn: 1,
            phase: Phase::Briefing,
            date: "2000-01-01".into(),
            by_deadline: false
        }]
    );
    g.refused_at(1, Action::StartGame {}, 0, RejectCode::WrongPhase);
    for expected in [
        (1, Phase::Orders),
        (1, Phase::Adjudication),
        (2, Phase::Briefing),
        (2, Phase::Orders),
        (2, Phase::Adjudication),
        (3, Phase::Briefing),
        (3, Phase::Orders),
        (3, Phase::Adjudication),
    ] {
        if g.at().1 == Phase::Adjudication {
            g.refused_at(
                1,
                Action::Advance { force: true },
                0,
                RejectCode::NotPublished,
            );
            g.umpire_at(Action::Publish {}, 0).expect("publish");
        }
        g.umpire_at(Action::Advance { force: true }, 0)
            .expect("advance");
        assert_eq!(g.at(), expected);
    }
    g.umpire_at(Action::Publish {}, 0).expect("publish");
    assert_eq!(
        g.session.view(&Viewer::Observer).date.as_deref(),
        Some("2000-01-03")
    );
    g.refused_at(1, Action::Advance { force: true }, 0, RejectCode::LastTurn);
    g.refused_at(
        1,
        Action::EndGame {
            verdict: " ".into(),
        },
        0,
        RejectCode::EmptyText,
    );
    g.umpire_at(
        Action::EndGame {
            verdict: "A settlement.".into(),
        },
        0,
    )
    .expect("end");
    assert_eq!(g.at().1, Phase::Ended);
    assert_eq!(
        g.session
            .view(&Viewer::Side(SideId::from("red")))
            .verdict
            .as_deref(),
        Some("A settlement.")
    );
    g.refused_at(1, Action::Advance { force: true }, 0, RejectCode::GameOver);
}

#[test]
fn an_audience_of_observers_never_locks_the_players_out() {
    let mut g = game();
    for _ in 0..brink_engine::limits::MAX_OBSERVERS {
        g.system_at(join(JoinRole::Observer, None), 0);
    }
    let full = g.run_at(&Actor::System, &join(JoinRole::Observer, None), 0);
    assert_eq!(full.err(), Some(RejectCode::SessionFull));
    g.system_at(join(JoinRole::Side(SideId::from("blue")), Some("chief")), 0);
}

#[test]
fn only_the_umpire_runs_the_clock() {
    let mut g = game();
    for action in [
        Action::StartGame {},
        Action::Pause {},
        Action::SetDeadline { seconds: 300 },
        Action::EndGame {
            verdict: "mine".into(),
        },
    ] {
        g.refused_at(2, action, 0, RejectCode::Forbidden);
    }
}

#[test]
fn the_deadline_closes_orders_by_itself_and_pausing_stops_it() {
    let mut g = game();
    g.umpire_at(Action::StartGame {}, 0).expect("start");
    g.refused_at(
        1,
        Action::SetDeadline { seconds: 600 },
        0,
        RejectCode::WrongPhase,
    );
    g.umpire_at(Action::Advance { force: true }, 0)
        .expect("to orders");
    g.refused_at(
        1,
        Action::SetDeadline { seconds: 0 },
        0,
        RejectCode::BadDeadline,
    );
    g.refused_at(
        1,
        Action::SetDeadline { seconds: 36001 },
        0,
        RejectCode::BadDeadline,
    );
    g.refused_at(
        1,
        Action::ExtendDeadline { seconds: 300 },
        0,
        RejectCode::NoDeadline,
    );

    g.umpire_at(Action::SetDeadline { seconds: 600 }, 1_000)
        .expect("deadline");
    // Red has not submitted: the next tick is its 5-minute warning.
    assert_eq!(g.session.next_tick(), Some(1_000 + 5 * MIN));
    // Time passes but not enough: nothing happens.
    assert!(g.system_at(Command::Tick, 1_000 + 5 * MIN - 1).is_empty());

    // Paused with 4 minutes left; a long pause; resumed: 4 minutes again.
    g.umpire_at(Action::Pause {}, 1_000 + 6 * MIN)
        .expect("pause");
    assert_eq!(g.session.next_tick(), None);
    assert_eq!(g.session.state().clock.remaining_ms, Some(4 * MIN));
    assert!(
        g.system_at(Command::Tick, 1_000 + 60 * MIN).is_empty(),
        "a paused deadline does not fire"
    );
    g.refused_at(
        1,
        Action::Advance { force: true },
        1_000 + 60 * MIN,
        RejectCode::Paused,
    );
    g.refused_at(1, Action::Pause {}, 1_000 + 60 * MIN, RejectCode::Paused);
    g.umpire_at(Action::Resume {}, 100 * MIN).expect("resume");
    g.refused_at(1, Action::Resume {}, 100 * MIN, RejectCode::NotPaused);
    // 4 minutes left: the 5-minute warning is due at once.
    assert_eq!(g.session.next_tick(), Some(99 * MIN));

    g.umpire_at(Action::ExtendDeadline { seconds: 120 }, 101 * MIN)
        .expect("extend");
    assert_eq!(g.session.next_tick(), Some(101 * MIN));
    assert_eq!(
        g.system_at(Command::Tick, 101 * MIN),
        ["red", "blue"].map(|side| Event::DeadlineNear {
            side: SideId::from(side),
            left_ms: 5 * MIN,
            draft_stands: true
        })
    );
    assert_eq!(g.session.next_tick(), Some(105 * MIN));
    assert_eq!(g.system_at(Command::Tick, 105 * MIN).len(), 2);
    assert_eq!(g.session.next_tick(), Some(106 * MIN));
    assert!(g.system_at(Command::Tick, 106 * MIN - 1).is_empty());
    let closed = g.system_at(Command::Tick, 106 * MIN);
    assert_eq!(
        closed[0],
        Event::PhaseChanged {
            turn: 1,
            phase: Phase::Adjudication,
            date: "2000-01-01".into(),
            by_deadline: true
        }
    );
    assert!(
        matches!(
            &closed[1..],
            [
                Event::NotSubmitted {
                    items: 0,
                    used: false,
                    ..
                },
                Event::NotSubmitted {
                    items: 0,
                    used: false,
                    ..
                },
                Event::AdjudicationPending { .. }
            ]
        ),
        "closing orders says each side gave none, and builds the pending adjudication: {closed:?}"
    );
    assert_eq!(
        g.session.next_tick(),
        None,
        "the deadline belonged to that Orders phase"
    );
}

#[test]
fn clearing_a_deadline_while_paused_leaves_none_on_resume() {
    let mut g = game();
    g.umpire_at(Action::StartGame {}, 0).expect("start");
    g.umpire_at(Action::Advance { force: true }, 0)
        .expect("to orders");
    g.umpire_at(Action::SetDeadline { seconds: 600 }, 0)
        .expect("deadline");
    g.umpire_at(Action::Pause {}, MIN).expect("pause");
    g.umpire_at(Action::ClearDeadline {}, MIN).expect("clear");
    g.umpire_at(Action::Resume {}, 2 * MIN).expect("resume");
    assert_eq!(g.session.next_tick(), None);
    g.refused_at(1, Action::ClearDeadline {}, 2 * MIN, RejectCode::NoDeadline);
}

#[test]
fn folding_the_log_again_gives_the_same_state_byte_for_byte() {
    let mut g = game();
    let mut log = Vec::new();
    let script = [
        Action::StartGame {},
        Action::Advance { force: true },
        Action::SetDeadline { seconds: 180 },
        Action::Pause {},
        Action::Resume {},
    ];
    for (i, action) in script.into_iter().enumerate() {
        let recorded = g
            .session
            .decide(
                &Actor::Player(PlayerId::nth(1)),
                &Command::Act(action),
                i as u64 * MIN,
            )
            .expect("accepted");
        for r in recorded {
            g.session.apply(&r);
            log.push(r);
        }
    }
    let mut again = game();
    for r in &log {
        let json = serde_json::to_string(r).expect("serializes");
        again
            .session
            .apply(&serde_json::from_str(&json).expect("parses"));
    }
    assert_eq!(
        serde_json::to_string(again.session.state()).expect("state"),
        serde_json::to_string(g.session.state()).expect("state")
    );
}

/// A Red draft of one free-form action, in the Orders phase at 0, with a
/// deadline a minute away: both sides are warned at once.
fn red_drafts_and_the_deadline_nears(g: &mut Game) {
    g.umpire_at(Action::StartGame {}, 0).expect("start");
    g.umpire_at(Action::Advance { force: true }, 0)
        .expect("to orders");
    g.act_at(
        2,
        Action::AddOrder {
            order: OrderItem::Action {
                what: "Hold the pass".into(),
                why: String::new(),
                expected: String::new(),
            },
        },
        0,
    )
    .expect("draft");
    g.umpire_at(Action::SetDeadline { seconds: 60 }, 0)
        .expect("deadline");
    assert_eq!(
        g.system_at(Command::Tick, 0),
        ["red", "blue"].map(|side| Event::DeadlineNear {
            side: SideId::from(side),
            left_ms: MIN,
            draft_stands: !g
                .session
                .scenario()
                .drafts_at_deadline
                .eq(&brink_engine::scenario::DraftsAtDeadline::Discard)
        }),
        "with a minute left, the 1-minute warning comes at once, and only it"
    );
    assert_eq!(g.session.next_tick(), Some(MIN));
}

/// The closing events' `NotSubmitted` notes and the pending adjudication.
fn closed_at_the_deadline(g: &mut Game) -> (Vec<Event>, brink_engine::Adjudication) {
    let closed = g.system_at(Command::Tick, MIN);
    let adjudication = closed
        .iter()
        .find_map(|e| match e {
            Event::AdjudicationPending { adjudication, .. } => Some((**adjudication).clone()),
            _ => None,
        })
        .expect("the pending adjudication");
    let notes = closed
        .into_iter()
        .filter(|e| matches!(e, Event::NotSubmitted { .. }))
        .collect();
    (notes, adjudication)
}

#[test]
fn at_the_deadline_a_draft_never_submitted_stands_as_the_sides_orders() {
    let mut g = game();
    red_drafts_and_the_deadline_nears(&mut g);
    let (notes, adjudication) = closed_at_the_deadline(&mut g);
    assert_eq!(
        notes,
        [
            Event::NotSubmitted {
                side: SideId::from("red"),
                items: 1,
                used: true
            },
            Event::NotSubmitted {
                side: SideId::from("blue"),
                items: 0,
                used: false
            }
        ]
    );
    let red = &adjudication.orders[0];
    assert!(red.submitted.is_none());
    assert_eq!(red.draft_used.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        adjudication.actions.len(),
        1,
        "the draft's action is ruled on like a submitted one"
    );
    assert_eq!(
        adjudication.orders[1].draft_used, None,
        "no draft: no orders"
    );
}

#[test]
fn a_scenario_may_discard_drafts_at_the_deadline() {
    let toml = format!("drafts_at_deadline = \"discard\"\n{}", common::TINY);
    let mut g = Game::of(
        &toml,
        7,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
        ],
    );
    red_drafts_and_the_deadline_nears(&mut g);
    let (notes, adjudication) = closed_at_the_deadline(&mut g);
    assert!(matches!(
        notes[0],
        Event::NotSubmitted {
            items: 1,
            used: false,
            ..
        }
    ));
    assert_eq!(adjudication.orders[0].draft_used, None);
    assert!(adjudication.actions.is_empty());
}

#[test]
fn a_submission_outlasts_later_drafting_and_the_umpire_hears_when_all_are_in() {
    let mut g = Game::with(
        7,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
            (JoinRole::Side(SideId::from("blue")), Some("chief")),
        ],
    );
    red_drafts_and_the_deadline_nears(&mut g);
    let red = g
        .act_at(2, Action::SubmitOrders {}, 1)
        .expect("red submits");
    assert_eq!(red.len(), 1, "Blue has not submitted: {red:?}");
    g.act_at(
        2,
        Action::AddOrder {
            order: OrderItem::Action {
                what: "Drafted after submitting".into(),
                why: String::new(),
                expected: String::new(),
            },
        },
        2,
    )
    .expect("more drafting");
    let blue = g
        .act_at(3, Action::SubmitOrders {}, 3)
        .expect("blue submits");
    assert_eq!(blue.last(), Some(&Event::AllSubmitted));
    assert_eq!(
        brink_engine::redact(
            &brink_engine::Recorded {
                seq: 1,
                at_ms: 3,
                turn: 1,
                phase: Phase::Orders,
                actor: None,
                visibility: Event::AllSubmitted.visibility(),
                event: Event::AllSubmitted,
            },
            &Viewer::Side(SideId::from("red"))
        ),
        None,
        "for the umpire alone"
    );
    let again = g.act_at(3, Action::SubmitOrders {}, 4).expect("resubmit");
    assert_eq!(again.len(), 1, "all were in already");
    assert_eq!(
        g.session.next_tick(),
        Some(MIN),
        "no warning once all are in"
    );
    let (notes, adjudication) = closed_at_the_deadline(&mut g);
    assert!(notes.is_empty());
    assert_eq!(
        adjudication.orders[0]
            .submitted
            .as_ref()
            .map(|s| s.items.len()),
        Some(1),
        "Red's submission stands, not its later draft"
    );
}
