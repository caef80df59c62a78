//! Commands: what someone asks the engine to do. [`crate::Session::decide`] turns
//! each into events or a rejection.

use crate::ids::{PlayerId, SeatId, SideId};
use serde::{Deserialize, Serialize};

/// Who issues a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The server itself: session creation, joins it has checked a code for,
    /// presence. Never a connection's own claim.
    System,
    /// A player of the session.
    Player(PlayerId),
}

/// The role a join code grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinRole {
    /// The umpire.
    Umpire,
    /// A player of a side.
    Side(SideId),
    /// An observer.
    Observer,
}

/// Who a message from the umpire is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everyone, observers included.
    All,
    /// One side (and the umpire).
    Side(SideId),
}

/// Everything the engine can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the session's log (system only).
    Create {
        /// The session's random seed.
        seed: u64,
    },
    /// Admit a player whose join code the server has checked (system only).
    Join {
        /// The role the code grants.
        role: JoinRole,
        /// Display name.
        name: String,
        /// The seat chosen, for side players.
        seat: Option<SeatId>,
    },
    /// A player's first connection opened or last one closed (system only).
    SetPresence {
        /// Whose presence changed.
        player: PlayerId,
        /// Whether they are now online.
        online: bool,
    },
    /// Time has passed: closes an Orders phase whose deadline is due (system only).
    Tick,
    /// Something a player does.
    Act(Action),
}

/// What a connected player may ask for: the game commands of the protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Say something to one's own side (side players only).
    TeamChat {
        /// What to say.
        text: String,
    },
    /// Write to the umpire (side players only; the side's members read it too).
    MessageUmpire {
        /// What to write.
        text: String,
    },
    /// The umpire writes to one side or to everyone.
    UmpireMessage {
        /// Who it is for.
        to: Audience,
        /// What to write.
        text: String,
    },
    /// The umpire starts the game: turn 1's briefing.
    StartGame,
    /// The umpire moves the clock on: briefing → orders → adjudication → the
    /// next turn's briefing.
    Advance,
    /// The umpire pauses the game; the deadline stops.
    Pause,
    /// The umpire resumes the game; the deadline runs again.
    Resume,
    /// The umpire sets the Orders deadline `seconds` from now.
    SetDeadline {
        /// Seconds from now, 1 to 36,000.
        seconds: u32,
    },
    /// The umpire moves the Orders deadline `seconds` later.
    ExtendDeadline {
        /// Seconds to add, 1 to 36,000.
        seconds: u32,
    },
    /// The umpire removes the Orders deadline.
    ClearDeadline,
    /// The umpire ends the game with a verdict.
    EndGame {
        /// The verdict, for everyone.
        verdict: String,
    },
}
