//! The engine tests' one harness: a session of the tiny scenario
//! (`data/tiny.toml`) driven by commands at a time of the test's choosing,
//! its log kept (to fold again), and every refusal checked to change
//! nothing. `clock.rs` moves time by hand (`…_at`); `turns.rs` plays at a
//! fixed moment (`now`).

#![allow(dead_code, reason = "each test file uses part of the harness")]

use brink_engine::{
    Action, Actor, Command, Event, JoinRole, Phase, PlayerId, Recorded, RejectCode, Scenario,
    SeatId, Session,
};
use std::sync::Arc;

/// The tiny scenario: two sides (Red: chief, aide; Blue: chief, admiral).
pub const TINY: &str = include_str!("../data/tiny.toml");

/// A session, its log, and the time commands are decided at unless told.
pub struct Game {
    pub session: Session,
    pub log: Vec<Recorded>,
    pub now: u64,
}

impl Game {
    /// A session of the tiny scenario created with `seed` at `now`, joined
    /// by `joins` in order (players `p1`, `p2`, … each under a name of its
    /// own: no one but the umpire may take the umpire's).
    pub fn with(seed: u64, now: u64, joins: &[(JoinRole, Option<&str>)]) -> Self {
        Self::of(TINY, seed, now, joins)
    }

    /// Like [`Game::with`], of the scenario `toml`.
    pub fn of(toml: &str, seed: u64, now: u64, joins: &[(JoinRole, Option<&str>)]) -> Self {
        let scenario = Scenario::parse("test.toml", toml).expect("valid");
        let mut g = Self {
            session: Session::new(Arc::new(scenario)),
            log: Vec::new(),
            now,
        };
        g.system(Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        });
        for (role, seat) in joins {
            g.system(join(role.clone(), *seat));
        }
        g
    }

    /// A system command at `now`, which must be taken.
    pub fn system(&mut self, command: Command) -> Vec<Event> {
        self.system_at(command, self.now)
    }

    /// A system command at `at`, which must be taken.
    pub fn system_at(&mut self, command: Command, at: u64) -> Vec<Event> {
        self.run_at(&Actor::System, &command, at)
            .expect("system command")
    }

    /// Decides `command` at `now` and folds its events in.
    pub fn run(&mut self, actor: &Actor, command: &Command) -> Result<Vec<Event>, RejectCode> {
        self.run_at(actor, command, self.now)
    }

    /// Decides `command` at `at` and folds its events in.
    pub fn run_at(
        &mut self,
        actor: &Actor,
        command: &Command,
        at: u64,
    ) -> Result<Vec<Event>, RejectCode> {
        let recorded = self
            .session
            .decide(actor, command, at)
            .map_err(|r| r.code)?;
        for r in &recorded {
            self.session.apply(r);
        }
        self.log.extend(recorded.iter().cloned());
        Ok(recorded.into_iter().map(|r| r.event).collect())
    }

    /// Player `who`'s action at `at`.
    pub fn act_at(&mut self, who: u32, action: Action, at: u64) -> Result<Vec<Event>, RejectCode> {
        self.run_at(
            &Actor::Player(PlayerId::nth(who)),
            &Command::Act(action),
            at,
        )
    }

    /// The umpire's (`p1`'s) action at `at`.
    pub fn umpire_at(&mut self, action: Action, at: u64) -> Result<Vec<Event>, RejectCode> {
        self.act_at(1, action, at)
    }

    /// Player `who`'s action at `now`, which must be taken.
    pub fn ok(&mut self, who: u32, action: Action) -> Vec<Event> {
        let got = self.act_at(who, action.clone(), self.now);
        got.unwrap_or_else(|code| panic!("{action:?} refused: {code:?}"))
    }

    /// Asserts that player `who`'s action at `now` is refused with `code`
    /// and changes nothing.
    pub fn refused(&mut self, who: u32, action: Action, code: RejectCode) {
        self.refused_at(who, action, self.now, code);
    }

    /// Asserts that player `who`'s action at `at` is refused with `code`
    /// and changes nothing.
    pub fn refused_at(&mut self, who: u32, action: Action, at: u64, code: RejectCode) {
        let before = serde_json::to_string(self.session.state()).expect("state");
        let got = self.act_at(who, action.clone(), at);
        assert_eq!(got.err(), Some(code), "{action:?}");
        assert_eq!(
            serde_json::to_string(self.session.state()).expect("state"),
            before
        );
    }

    /// The turn and the phase.
    pub fn at(&self) -> (u32, Phase) {
        (self.session.state().turn, self.session.state().phase)
    }

    /// A viewer's view, as JSON.
    pub fn view_json(&self, viewer: &brink_engine::Viewer) -> String {
        serde_json::to_string(&self.session.view(viewer)).expect("view")
    }
}

/// A join for `role` and `seat`, under a name of its own.
pub fn join(role: JoinRole, seat: Option<&str>) -> Command {
    Command::Join {
        name: match (&role, seat) {
            (JoinRole::Umpire, _) => "The instructor".to_owned(),
            (_, Some(seat)) => format!("{role:?} {seat}"),
            (_, None) => "A student".to_owned(),
        },
        seat: seat.map(SeatId::from),
        role,
    }
}

/// The first slash command `text` names (`/letters`, `/bookmark`), if any:
/// a `/` at the start of a word, followed by a letter. A rejection's message
/// speaks of the game, not of one client's commands (a third-party client
/// has none; the CLI adds its own hints). A path (`docs/protocol.md`) or a
/// key (`strategic/us`) has a word before its slash, so it is not one.
pub fn slash_command(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().find_map(|(i, c)| {
        let starts_word = i == 0
            || matches!(
                chars[i - 1],
                ' ' | '\t' | '\n' | '(' | '[' | '`' | '"' | '\''
            );
        let word: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_lowercase() || **c == '-' || **c == '_')
            .collect();
        (*c == '/' && starts_word && !word.is_empty()).then(|| format!("/{word}"))
    })
}
