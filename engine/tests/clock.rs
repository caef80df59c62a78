//! The clock with simulated time: phases in order, pause and resume that stop
//! and restart the deadline, the deadline closing the Orders phase by itself,
//! the last turn, the verdict — and every refusal changing nothing.

use brink_engine::{
    Action, Actor, Command, Event, JoinRole, Phase, PlayerId, RejectCode, Scenario, SeatId,
    Session, SideId, Viewer,
};
use std::sync::Arc;

const TINY: &str = include_str!("data/tiny.toml");

const MIN: u64 = 60_000;

/// A session with an umpire (p1) and a Red chief (p2).
struct Game {
    session: Session,
}

impl Game {
    fn new() -> Self {
        let scenario = Scenario::parse("tiny.toml", TINY).expect("valid");
        let mut g = Self {
            session: Session::new(Arc::new(scenario)),
        };
        g.system(
            Command::Create {
                seed: 7,
                observers: Default::default(),
            },
            0,
        );
        g.system(join(JoinRole::Umpire, None), 0);
        g.system(join(JoinRole::Side(SideId::from("red")), Some("chief")), 0);
        g
    }

    fn system(&mut self, command: Command, now: u64) -> Vec<Event> {
        self.run(&Actor::System, command, now)
            .expect("system command")
    }

    fn run(&mut self, actor: &Actor, command: Command, now: u64) -> Result<Vec<Event>, RejectCode> {
        let recorded = self
            .session
            .decide(actor, &command, now)
            .map_err(|r| r.code)?;
        for r in &recorded {
            self.session.apply(r);
        }
        Ok(recorded.into_iter().map(|r| r.event).collect())
    }

    fn umpire(&mut self, action: Action, now: u64) -> Result<Vec<Event>, RejectCode> {
        self.run(&Actor::Player(PlayerId::nth(1)), Command::Act(action), now)
    }

    /// Asserts a refusal that changes nothing.
    fn refused(&mut self, actor: u32, action: Action, now: u64, code: RejectCode) {
        let before = serde_json::to_string(self.session.state()).expect("state");
        let got = self.run(
            &Actor::Player(PlayerId::nth(actor)),
            Command::Act(action.clone()),
            now,
        );
        assert_eq!(got.err(), Some(code), "{action:?}");
        assert_eq!(
            serde_json::to_string(self.session.state()).expect("state"),
            before
        );
    }

    fn at(&self) -> (u32, Phase) {
        (self.session.state().turn, self.session.state().phase)
    }
}

fn join(role: JoinRole, seat: Option<&str>) -> Command {
    Command::Join {
        // Not the umpire's name: a side player may not take it.
        name: match (&role, seat) {
            (JoinRole::Umpire, _) => "The instructor".to_owned(),
            (_, Some(seat)) => format!("Holder of {seat}"),
            (_, None) => "A student".to_owned(),
        },
        seat: seat.map(SeatId::from),
        role,
    }
}

#[test]
fn the_umpire_walks_the_turns_in_order_and_ends_with_a_verdict() {
    let mut g = Game::new();
    assert_eq!(g.at(), (0, Phase::Lobby));
    g.refused(
        1,
        Action::Advance { force: true },
        0,
        RejectCode::WrongPhase,
    );
    let events = g.umpire(Action::StartGame {}, 0).expect("start");
    assert_eq!(
        events,
        [Event::PhaseChanged {
            turn: 1,
            phase: Phase::Briefing,
            date: "2000-01-01".into(),
            by_deadline: false
        }]
    );
    g.refused(1, Action::StartGame {}, 0, RejectCode::WrongPhase);
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
            g.refused(
                1,
                Action::Advance { force: true },
                0,
                RejectCode::NotPublished,
            );
            g.umpire(Action::Publish {}, 0).expect("publish");
        }
        g.umpire(Action::Advance { force: true }, 0)
            .expect("advance");
        assert_eq!(g.at(), expected);
    }
    g.umpire(Action::Publish {}, 0).expect("publish");
    assert_eq!(
        g.session.view(&Viewer::Observer).date.as_deref(),
        Some("2000-01-03")
    );
    g.refused(1, Action::Advance { force: true }, 0, RejectCode::LastTurn);
    g.refused(
        1,
        Action::EndGame {
            verdict: " ".into(),
        },
        0,
        RejectCode::EmptyText,
    );
    g.umpire(
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
    g.refused(1, Action::Advance { force: true }, 0, RejectCode::GameOver);
}

#[test]
fn an_audience_of_observers_never_locks_the_players_out() {
    let mut g = Game::new();
    for _ in 0..brink_engine::limits::MAX_OBSERVERS {
        g.system(join(JoinRole::Observer, None), 0);
    }
    let full = g.run(&Actor::System, join(JoinRole::Observer, None), 0);
    assert_eq!(full.err(), Some(RejectCode::SessionFull));
    g.system(join(JoinRole::Side(SideId::from("blue")), Some("chief")), 0);
}

#[test]
fn only_the_umpire_runs_the_clock() {
    let mut g = Game::new();
    for action in [
        Action::StartGame {},
        Action::Pause {},
        Action::SetDeadline { seconds: 300 },
        Action::EndGame {
            verdict: "mine".into(),
        },
    ] {
        g.refused(2, action, 0, RejectCode::Forbidden);
    }
}

#[test]
fn the_deadline_closes_orders_by_itself_and_pausing_stops_it() {
    let mut g = Game::new();
    g.umpire(Action::StartGame {}, 0).expect("start");
    g.refused(
        1,
        Action::SetDeadline { seconds: 600 },
        0,
        RejectCode::WrongPhase,
    );
    g.umpire(Action::Advance { force: true }, 0)
        .expect("to orders");
    g.refused(
        1,
        Action::SetDeadline { seconds: 0 },
        0,
        RejectCode::BadDeadline,
    );
    g.refused(
        1,
        Action::SetDeadline { seconds: 36001 },
        0,
        RejectCode::BadDeadline,
    );
    g.refused(
        1,
        Action::ExtendDeadline { seconds: 300 },
        0,
        RejectCode::NoDeadline,
    );

    g.umpire(Action::SetDeadline { seconds: 600 }, 1_000)
        .expect("deadline");
    assert_eq!(g.session.next_tick(), Some(1_000 + 10 * MIN));
    // Time passes but not enough: nothing happens.
    assert!(g.system(Command::Tick, 1_000 + 10 * MIN - 1).is_empty());

    // Paused with 4 minutes left; a long pause; resumed: 4 minutes again.
    g.umpire(Action::Pause {}, 1_000 + 6 * MIN).expect("pause");
    assert_eq!(g.session.next_tick(), None);
    assert_eq!(g.session.state().clock.remaining_ms, Some(4 * MIN));
    assert!(
        g.system(Command::Tick, 1_000 + 60 * MIN).is_empty(),
        "a paused deadline does not fire"
    );
    g.refused(
        1,
        Action::Advance { force: true },
        1_000 + 60 * MIN,
        RejectCode::Paused,
    );
    g.refused(1, Action::Pause {}, 1_000 + 60 * MIN, RejectCode::Paused);
    g.umpire(Action::Resume {}, 100 * MIN).expect("resume");
    g.refused(1, Action::Resume {}, 100 * MIN, RejectCode::NotPaused);
    assert_eq!(g.session.next_tick(), Some(104 * MIN));

    g.umpire(Action::ExtendDeadline { seconds: 120 }, 101 * MIN)
        .expect("extend");
    assert_eq!(g.session.next_tick(), Some(106 * MIN));
    assert!(g.system(Command::Tick, 106 * MIN - 1).is_empty());
    let closed = g.system(Command::Tick, 106 * MIN);
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
        matches!(&closed[1..], [Event::AdjudicationPending { .. }]),
        "closing orders builds the pending adjudication: {closed:?}"
    );
    assert_eq!(
        g.session.next_tick(),
        None,
        "the deadline belonged to that Orders phase"
    );
}

#[test]
fn clearing_a_deadline_while_paused_leaves_none_on_resume() {
    let mut g = Game::new();
    g.umpire(Action::StartGame {}, 0).expect("start");
    g.umpire(Action::Advance { force: true }, 0)
        .expect("to orders");
    g.umpire(Action::SetDeadline { seconds: 600 }, 0)
        .expect("deadline");
    g.umpire(Action::Pause {}, MIN).expect("pause");
    g.umpire(Action::ClearDeadline {}, MIN).expect("clear");
    g.umpire(Action::Resume {}, 2 * MIN).expect("resume");
    assert_eq!(g.session.next_tick(), None);
    g.refused(1, Action::ClearDeadline {}, 2 * MIN, RejectCode::NoDeadline);
}

#[test]
fn folding_the_log_again_gives_the_same_state_byte_for_byte() {
    let mut g = Game::new();
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
    let mut again = Game::new();
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
