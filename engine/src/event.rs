//! Events: the facts a session's log is made of, each with the visibility that
//! decides who may ever learn it.

use crate::command::Audience;
use crate::ids::{PlayerId, SideId};
use crate::state::{MessageChannel, Phase, Role};
use serde::{Deserialize, Serialize};

/// Who may see an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone, observers included.
    Public,
    /// One side and the umpire.
    Side(SideId),
    /// Several sides and the umpire, never observers.
    Sides(Vec<SideId>),
    /// The umpire alone.
    Umpire,
}

/// A fact that happened in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The session's log starts.
    SessionCreated {
        /// The scenario played.
        scenario: String,
        /// The random seed of every roll to come.
        seed: u64,
    },
    /// Someone joined.
    PlayerJoined {
        /// The new player's id.
        player: PlayerId,
        /// Display name.
        name: String,
        /// Role, side and seat.
        role: Role,
    },
    /// A player came online or went offline.
    PresenceChanged {
        /// Whose presence changed.
        player: PlayerId,
        /// Whether they are online now.
        online: bool,
    },
    /// The clock moved to a new phase (and perhaps a new turn).
    PhaseChanged {
        /// The turn now.
        turn: u32,
        /// The phase now.
        phase: Phase,
        /// The turn's date, from the scenario.
        date: String,
        /// Whether the Orders phase closed because its deadline passed.
        #[serde(default)]
        by_deadline: bool,
    },
    /// The umpire paused the game.
    Paused {
        /// How long the deadline had left, if one was set.
        remaining_ms: Option<u64>,
    },
    /// The umpire resumed the game.
    Resumed,
    /// The Orders deadline was set, moved or cleared.
    DeadlineSet {
        /// When the phase closes (ms since the epoch), or none.
        at_ms: Option<u64>,
    },
    /// The game is over.
    GameEnded {
        /// The umpire's verdict.
        verdict: String,
    },
    /// A chat line or a message to or from the umpire.
    MessagePosted {
        /// Who wrote it.
        from: PlayerId,
        /// Where it was said.
        channel: MessageChannel,
        /// What was said.
        text: String,
    },
}

impl Event {
    /// Who may see this event. Every event's visibility is decided here, once.
    pub fn visibility(&self) -> Visibility {
        match self {
            Event::SessionCreated { .. } => Visibility::Umpire,
            Event::PlayerJoined { .. }
            | Event::PresenceChanged { .. }
            | Event::PhaseChanged { .. }
            | Event::Paused { .. }
            | Event::Resumed
            | Event::DeadlineSet { .. }
            | Event::GameEnded { .. } => Visibility::Public,
            Event::MessagePosted { channel, .. } => Self::channel_visibility(channel),
        }
    }

    /// Who may read a message said in `channel`.
    pub fn channel_visibility(channel: &MessageChannel) -> Visibility {
        match channel {
            MessageChannel::Team { side } | MessageChannel::ToUmpire { side } => {
                Visibility::Side(side.clone())
            }
            MessageChannel::FromUmpire { to: Audience::All } => Visibility::Public,
            MessageChannel::FromUmpire {
                to: Audience::Side(side),
            } => Visibility::Side(side.clone()),
        }
    }
}

/// An event as the log stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    /// Position in the session's log, from 1, without gaps.
    pub seq: u64,
    /// Wall-clock time of the command (milliseconds since the Unix epoch).
    pub at_ms: u64,
    /// Turn when it happened.
    pub turn: u32,
    /// Phase when it happened.
    pub phase: Phase,
    /// Who caused it: a player's id, or none for the server.
    pub actor: Option<PlayerId>,
    /// Who may see it.
    pub visibility: Visibility,
    /// What happened.
    pub event: Event,
}

/// An event as one viewer may see it: what [`crate::redact`] gives. It leaves out
/// the log position, which would tell a viewer how many events it was not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// Wall-clock time of the command (milliseconds since the Unix epoch).
    pub at_ms: u64,
    /// Turn when it happened.
    pub turn: u32,
    /// Phase when it happened.
    pub phase: Phase,
    /// Who caused it: a player's id, or none for the server.
    pub actor: Option<PlayerId>,
    /// Who may see it.
    pub visibility: Visibility,
    /// What happened, as this viewer may know it.
    pub event: Event,
}
