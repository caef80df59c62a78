//! Brink's wire protocol, version [`PROTOCOL_VERSION`]: the JSON messages between
//! the server and its clients, each an object tagged by `type`.
//!
//! A client opens with [`ClientMsg::Hello`]; the server answers with
//! [`ServerMsg::Hello`], or with a `version_mismatch` rejection and a close.
//! Every request a client sends carries an `id` of its choosing that comes back
//! in the answer ([`ServerMsg::Ack`], a specific reply, or
//! [`ServerMsg::Rejected`]). Every event the server pushes carries `seq`, the
//! position in the connection's own stream (its viewer's), which has no gaps.
//!
//! The game's own vocabulary (commands, events, views) is the engine's: the
//! protocol carries it as is. Every message is documented with an example in
//! `docs/protocol.md`, and a test parses every example there.

use brink_engine::{Action, PlayerId, Role, SeatId, Seen, View};
use serde::{Deserialize, Serialize};

pub mod codes;

/// The protocol version this build speaks. A client of another version is told
/// so and disconnected.
pub const PROTOCOL_VERSION: u32 = 1;

/// A message from a client to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// The first message of every connection.
    Hello {
        /// The protocol version the client speaks.
        protocol: u32,
        /// The client's name and version, for the server's logs.
        #[serde(default)]
        client: String,
    },
    /// Create a session from a scenario (admin only).
    CreateSession {
        /// Request id.
        id: String,
        /// The admin token.
        admin_token: String,
        /// The scenario's id.
        scenario: String,
    },
    /// List the sessions on the server (admin only).
    ListSessions {
        /// Request id.
        id: String,
        /// The admin token.
        admin_token: String,
    },
    /// Join a session with a join code. Side players choose a seat.
    Join {
        /// Request id.
        id: String,
        /// The join code handed out by the session's creator.
        code: String,
        /// Display name.
        name: String,
        /// The seat to take (side players only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seat: Option<SeatId>,
    },
    /// Come back as the player a resume token belongs to.
    Resume {
        /// Request id.
        id: String,
        /// The token from [`ServerMsg::Welcome`].
        token: String,
        /// The last `seq` this player received; events after it are sent again.
        #[serde(default)]
        last_seq: u64,
    },
    /// A game command, once joined.
    Command {
        /// Request id.
        id: String,
        /// What to do.
        command: Action,
    },
}

impl ClientMsg {
    /// The request id, for messages that carry one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientMsg::Hello { .. } => None,
            ClientMsg::CreateSession { id, .. }
            | ClientMsg::ListSessions { id, .. }
            | ClientMsg::Join { id, .. }
            | ClientMsg::Resume { id, .. }
            | ClientMsg::Command { id, .. } => Some(id),
        }
    }
}

/// A message from the server to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The answer to the client's hello.
    Hello {
        /// The protocol version the server speaks.
        protocol: u32,
        /// The server's name and version.
        server: String,
    },
    /// A command was accepted and its events are durably recorded.
    Ack {
        /// The request's id.
        id: String,
    },
    /// A request was refused; nothing changed.
    Rejected {
        /// The request's id, when the request could be read far enough to have one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Stable machine code (see [`codes`]).
        code: String,
        /// What was wrong and what to do, for a person.
        message: String,
    },
    /// A session was created.
    SessionCreated {
        /// The request's id.
        id: String,
        /// The session's summary, with its join codes.
        session: SessionInfo,
    },
    /// The sessions on the server.
    Sessions {
        /// The request's id.
        id: String,
        /// Every session, oldest first.
        sessions: Vec<SessionInfo>,
    },
    /// The client joined or resumed: who it is, and its view of the session.
    Welcome {
        /// The request's id.
        id: String,
        /// The session.
        session: String,
        /// The player's id.
        player: PlayerId,
        /// The player's role, side and seat.
        role: Role,
        /// Keep this secret: it lets this player resume after a lost connection.
        resume_token: String,
        /// The position of the connection's stream that `view` reflects; the
        /// next event has `seq + 1`.
        seq: u64,
        /// What this player may know of the session now.
        view: Box<View>,
        /// How many missed events follow this message (on resume). When a
        /// resuming client is further behind than can be replayed, none follow
        /// and `view` alone brings it up to date.
        #[serde(default)]
        missed: u64,
    },
    /// Something happened that this connection may see.
    Event {
        /// Position in this connection's stream, from 1, without gaps.
        seq: u64,
        /// The event, as this connection's viewer may see it.
        #[serde(flatten)]
        event: Seen,
    },
}

/// A session as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The session's id.
    pub session: String,
    /// The scenario played.
    pub scenario: String,
    /// When it was created (milliseconds since the Unix epoch).
    pub created_at_ms: u64,
    /// How many players have joined.
    pub players: u32,
    /// The join codes: one per side, one for the umpire, one for observers.
    pub codes: Vec<JoinCode>,
}

/// A join code and what it admits to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCode {
    /// `umpire`, `observer`, or a side's id.
    pub role: String,
    /// The code itself: long, random, unguessable.
    pub code: String,
}

impl ClientMsg {
    /// The `type` of every client message.
    pub const TYPES: &'static [&'static str] = &[
        "hello",
        "create_session",
        "list_sessions",
        "join",
        "resume",
        "command",
    ];
}
