//! `apply`: folds a recorded event into the state. No rules live here; every
//! check was made by `decide` before the event was recorded.

use crate::event::{Event, Recorded};
use crate::state::{Clock, Message, Phase, Player, State};

pub(crate) fn apply(state: &mut State, recorded: &Recorded) {
    state.last_seq = recorded.seq;
    match &recorded.event {
        Event::SessionCreated { scenario, seed } => {
            state.created = true;
            state.scenario_id = scenario.clone();
            state.seed = *seed;
        }
        Event::PlayerJoined { player, name, role } => {
            state.players.insert(
                player.clone(),
                Player {
                    id: player.clone(),
                    name: name.clone(),
                    role: role.clone(),
                    // A player joins through an open connection.
                    online: true,
                },
            );
        }
        Event::PresenceChanged { player, online } => {
            if let Some(p) = state.players.get_mut(player) {
                p.online = *online;
            }
        }
        Event::PhaseChanged { turn, phase, .. } => {
            state.turn = *turn;
            state.phase = *phase;
            // A deadline belongs to one Orders phase.
            state.clock.deadline_at_ms = None;
            state.clock.remaining_ms = None;
        }
        Event::Paused { remaining_ms } => {
            state.clock.paused = true;
            state.clock.deadline_at_ms = None;
            state.clock.remaining_ms = *remaining_ms;
        }
        Event::Resumed => {
            state.clock.paused = false;
            state.clock.remaining_ms = None;
        }
        Event::DeadlineSet { at_ms } => {
            state.clock.deadline_at_ms = *at_ms;
            state.clock.remaining_ms = None;
        }
        Event::GameEnded { verdict } => {
            state.phase = Phase::Ended;
            state.verdict = Some(verdict.clone());
            state.clock = Clock::default();
        }
        Event::MessagePosted {
            from,
            channel,
            text,
        } => state.messages.push(Message {
            at_ms: recorded.at_ms,
            from: from.clone(),
            channel: channel.clone(),
            text: text.clone(),
        }),
    }
}
