//! [`Session`]: a scenario and the state folded from a session's log, with the
//! engine's operations as methods.

use crate::command::{Actor, Command};
use crate::event::{Event, Recorded};
use crate::ids::PlayerId;
use crate::rejection::Rejection;
use crate::scenario::Scenario;
use crate::state::{Role, State};
use crate::view::{View, Viewer};
use crate::{apply, decide, view};
use std::sync::Arc;

/// One session's game: the scenario it plays and the state of its log so far.
#[derive(Debug, Clone)]
pub struct Session {
    /// Shared by every session of the same scenario.
    scenario: Arc<Scenario>,
    /// The fold of every recorded event so far.
    state: State,
}

impl Session {
    /// A session with an empty log. Its first event comes from [`Command::Create`].
    pub fn new(scenario: Arc<Scenario>) -> Self {
        Self {
            scenario,
            state: State::default(),
        }
    }

    /// The scenario played.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario played, to share with another session of it.
    pub fn shared_scenario(&self) -> Arc<Scenario> {
        self.scenario.clone()
    }

    /// How much of the umpire's stream observers see now, as a log position,
    /// or `None` when observers follow the public stream live.
    pub fn observer_horizon(&self) -> Option<u64> {
        crate::replay::observer_horizon(&self.state)
    }

    /// The session's title: its own, or else the scenario's.
    pub fn title(&self) -> &str {
        self.state.title.as_deref().unwrap_or(&self.scenario.title)
    }

    /// The state so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Decides what `actor`'s command does, without changing anything: the
    /// events to record (numbered from the next log position and stamped with
    /// `now_ms`), or why it is refused.
    pub fn decide(
        &self,
        actor: &Actor,
        command: &Command,
        now_ms: u64,
    ) -> Result<Vec<Recorded>, Rejection> {
        let events = decide::decide(&self.scenario, &self.state, actor, command, now_ms)?;
        let player = match actor {
            Actor::System => None,
            Actor::Player(id) => Some(id.clone()),
        };
        // Each event is stamped with the turn and phase it happens in: those
        // after a phase change in the same command belong to the new phase.
        let (mut turn, mut phase) = (self.state.turn, self.state.phase);
        Ok(events
            .into_iter()
            .zip(self.state.last_seq + 1..)
            .map(|(event, seq)| {
                let recorded = Recorded {
                    seq,
                    at_ms: now_ms,
                    turn,
                    phase,
                    actor: player.clone(),
                    visibility: event.visibility(),
                    event,
                };
                if let Event::PhaseChanged {
                    turn: t, phase: p, ..
                } = &recorded.event
                {
                    (turn, phase) = (*t, *p);
                }
                recorded
            })
            .collect())
    }

    /// Folds one recorded event into the state. Infallible and rule-free.
    pub fn apply(&mut self, recorded: &Recorded) {
        apply::apply(&mut self.state, recorded);
    }

    /// What `viewer` may know of the session now.
    pub fn view(&self, viewer: &Viewer) -> View {
        view::view(&self.scenario, &self.state, viewer)
    }

    /// When the engine next needs a [`Command::Tick`]: the running Orders
    /// deadline, if any (ms since the epoch).
    pub fn next_tick(&self) -> Option<u64> {
        crate::clock::next_tick(&self.scenario, &self.state)
    }

    /// The perspective a player sees the session from.
    pub fn viewer_of(&self, player: &PlayerId) -> Option<Viewer> {
        self.state.players.get(player).map(|p| match &p.role {
            Role::Umpire => Viewer::Umpire,
            Role::Player { side, .. } => Viewer::Side(side.clone()),
            Role::Observer => Viewer::Observer,
        })
    }
}
