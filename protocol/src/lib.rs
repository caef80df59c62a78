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

use brink_engine::{
    Action, JoinRole, ObserverMode, Phase, PlayerId, Point, Role, SeatId, Seen, View, Viewer,
};
use serde::{Deserialize, Serialize};

pub mod codes;
mod decode;

pub use decode::decode;

/// The protocol version this build speaks. A client of another version is told
/// so and disconnected.
pub const PROTOCOL_VERSION: u32 = 1;

/// Longest request `id`, in bytes: a longer one is refused (`bad_message`)
/// before anything is done or stored.
pub const MAX_REQUEST_ID_BYTES: usize = 64;
/// Longest client name in `hello`, in bytes.
pub const MAX_CLIENT_BYTES: usize = 100;
/// Longest join code, resume token, admin token, credential or session id,
/// in bytes.
pub const MAX_KEY_BYTES: usize = 128;

/// A message from a client to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "type"))]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
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
        /// How observers follow the session: what is public, live (the
        /// default); the umpire's picture some turns behind; or everything
        /// once the game has ended.
        #[serde(default, skip_serializing_if = "ObserverMode::is_public")]
        observers: ObserverMode,
        /// The session's title, to find it by (one line, at most 120
        /// characters); by default the scenario's title. The umpire may
        /// change it later (`set_title`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// List the sessions on the server (admin only).
    ListSessions {
        /// Request id.
        id: String,
        /// The admin token.
        admin_token: String,
    },
    /// The server's work counters (admin only): how many commands, events,
    /// serializations and deliveries it has handled since it started.
    ServerStats {
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
    /// Before joining: what a join code admits to, and for a side's code
    /// the side's seats, who holds each and whether they are online —
    /// nothing else about the game. Needs no hello's session.
    Seats {
        /// Request id.
        id: String,
        /// The join code.
        code: String,
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
    /// Replay a session from a perspective: its events between two points,
    /// exactly as that perspective's connections received them, and the view
    /// it had at the second point. Needs no join.
    Replay {
        /// Request id.
        id: String,
        /// The session.
        session: String,
        /// Who asks.
        auth: Credential,
        /// Whose stream to replay: `umpire`, `observer` (the public one), or
        /// `{"side": "us"}`.
        perspective: Viewer,
        /// Events after this point (default: the start).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Point>,
        /// Up to this point (default: the end so far).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Point>,
        /// Whether to send the view at `to` as well.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        view: bool,
    },
    /// Export a session's log: the raw log as JSON Lines for the umpire (or a
    /// perspective's stream), or its timeline as CSV.
    Export {
        /// Request id.
        id: String,
        /// The session.
        session: String,
        /// Who asks.
        auth: Credential,
        /// `jsonl` or `csv`.
        format: ExportFormat,
        /// Whose stream to export (default: the umpire's whole log for the
        /// umpire, one's own side's for a side, the public one for observers).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        perspective: Option<Viewer>,
    },
    /// The after-action report of a session, as one self-contained document
    /// (the umpire's, or anyone's once the session is declassified).
    Report {
        /// Request id.
        id: String,
        /// The session.
        session: String,
        /// Who asks.
        auth: Credential,
        /// `html` or `md`.
        format: ReportFormat,
    },
    /// Fork a session at a turn boundary into a new session with the same log
    /// up to that point and new join codes (the umpire only).
    Fork {
        /// Request id.
        id: String,
        /// The session to fork.
        session: String,
        /// Who asks.
        auth: Credential,
        /// Where: `turn:N` (the moment before turn N began), or the `seq:N`
        /// of such a moment in the umpire's stream.
        at: Point,
    },
}

brink_tagged::tag_first!(ClientMsg, "type");

/// What a review request (replay, export, report, fork) is authorised by:
/// one's resume token, one's join code, or the admin token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Credential {
    /// A resume token: the player's own role in its session.
    Token(String),
    /// A join code: the role it admits to, in its session.
    Code(String),
    /// The admin token: the umpire's authority in any session.
    AdminToken(String),
}

/// The formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One event per line, as JSON.
    Jsonl,
    /// The timeline: one event per row, with a summary, for a spreadsheet.
    Csv,
}

/// The formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// One HTML file with inline CSS and SVG charts.
    Html,
    /// Markdown, for pasting into a course page.
    Md,
}

/// One event of a viewer's stream, as a live `event` message carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StreamEvent {
    /// Position in the viewer's stream, from 1, without gaps.
    pub seq: u64,
    /// The event, as the viewer may see it.
    #[serde(flatten)]
    pub event: Seen,
}

impl ClientMsg {
    /// The request id, for messages that carry one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientMsg::Hello { .. } => None,
            ClientMsg::CreateSession { id, .. }
            | ClientMsg::ListSessions { id, .. }
            | ClientMsg::ServerStats { id, .. }
            | ClientMsg::Join { id, .. }
            | ClientMsg::Seats { id, .. }
            | ClientMsg::Resume { id, .. }
            | ClientMsg::Command { id, .. }
            | ClientMsg::Replay { id, .. }
            | ClientMsg::Export { id, .. }
            | ClientMsg::Report { id, .. }
            | ClientMsg::Fork { id, .. } => Some(id),
        }
    }
}

/// A message from the server to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The answer to the client's hello.
    Hello {
        /// The protocol version the server speaks.
        protocol: u32,
        /// The server's name and version.
        server: String,
        /// The server's clock (milliseconds since the Unix epoch) as it
        /// answered: deadlines are on this clock, so a client counts down
        /// by the difference to its own.
        #[serde(default)]
        now_ms: u64,
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
        /// The scenarios a session can be created from, by id.
        #[serde(default)]
        scenarios: Vec<ScenarioEntry>,
    },
    /// The server's work counters, since it started.
    ServerStats {
        /// The request's id.
        id: String,
        /// The counters.
        counters: Counters,
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
    /// What a join code admits to, and the seats of its side.
    Seats {
        /// The request's id.
        id: String,
        /// The role the code grants.
        role: JoinRole,
        /// The side's name, for a side's code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side_name: Option<String>,
        /// The scenario's title.
        title: String,
        /// The side's seats, in the scenario's order (none for the umpire's
        /// and observers' codes).
        seats: Vec<SeatInfo>,
    },
    /// Something happened that this connection may see.
    Event {
        /// Position in this connection's stream, from 1, without gaps.
        seq: u64,
        /// The event, as this connection's viewer may see it.
        #[serde(flatten)]
        event: Seen,
    },
    /// A page of a replay. When `events` stops short of `to`, ask again from
    /// the last event's seq for the rest.
    Replay {
        /// The request's id.
        id: String,
        /// The session.
        session: String,
        /// Whose stream this is.
        perspective: Viewer,
        /// The stream seq the events follow.
        from: u64,
        /// The stream seq of the point replayed to.
        to: u64,
        /// How long the stream is now.
        end: u64,
        /// Whether the game has ended.
        ended: bool,
        /// The events after `from`, up to `to`, as they were sent live; at
        /// most a page of them.
        events: Vec<StreamEvent>,
        /// Whether more events follow up to `to`.
        more: bool,
        /// The perspective's view at `to`, when asked for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        view: Option<Box<View>>,
    },
    /// A document (export or report), sent in parts of at most
    /// [`MAX_DOCUMENT_PART`] bytes: join the `text` of every part, in order,
    /// up to the one with `last`.
    Document {
        /// The request's id.
        id: String,
        /// A file name for it, e.g. `brink-77d3908d-report.html`.
        name: String,
        /// The part's number, from 0.
        part: u32,
        /// Whether this is the last part.
        last: bool,
        /// The part's text.
        text: String,
    },
    /// A fork was made: the new session, with its own join codes.
    Forked {
        /// The request's id.
        id: String,
        /// The new session, with its join codes.
        session: SessionInfo,
        /// The session it was forked from.
        parent: String,
        /// How many of the parent's events it kept.
        at_seq: u64,
        /// The turn it begins with.
        turn: u32,
    },
}

/// A seat of a side, as someone about to join sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeatInfo {
    /// The seat's id, to join with.
    pub seat: SeatId,
    /// Its name for people.
    pub name: String,
    /// Whether it commits the side's orders.
    pub leader: bool,
    /// The name of the player holding it, if one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Whether its holder is connected.
    pub online: bool,
}

/// A scenario the server hosts, as the admin chooses one to create a
/// session from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScenarioEntry {
    /// Its id, to create a session with.
    pub id: String,
    /// Its title.
    pub title: String,
    /// How many turns it has.
    pub turns: u32,
}

/// The largest part of a [`ServerMsg::Document`], in bytes of text.
pub const MAX_DOCUMENT_PART: usize = 256 * 1024;

/// A session as the admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionInfo {
    /// The session's id.
    pub session: String,
    /// The session's title: its own, or else the scenario's.
    pub title: String,
    /// The scenario played.
    pub scenario: String,
    /// When it was created (milliseconds since the Unix epoch).
    pub created_at_ms: u64,
    /// Where the game stands: in the lobby, at a turn and phase, or ended.
    pub status: SessionStatus,
    /// How many players have joined (umpires and observers included; not
    /// the players a fork keeps on the record from its parent).
    pub players: u32,
    /// How many of them are connected now.
    pub online: u32,
    /// When the session last did something: the time of its last recorded
    /// event other than a player going offline (milliseconds since the
    /// Unix epoch).
    pub last_activity_ms: u64,
    /// The join codes: one per side, one for the umpire, one for observers.
    pub codes: Vec<JoinCode>,
}

/// Where a session's game stands, for the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionStatus {
    /// Players gather; the umpire has not started the game.
    Lobby,
    /// The game runs: a turn and its phase (`briefing`, `orders` or
    /// `adjudication`).
    Playing {
        /// The turn.
        turn: u32,
        /// Its phase.
        phase: Phase,
        /// Whether the umpire has paused the game.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        paused: bool,
    },
    /// The game is over.
    Ended {
        /// The turn it ended in.
        turn: u32,
        /// How it ended: the umpire's verdict, or an agreement's.
        verdict: String,
    },
}

impl SessionStatus {
    /// Where the game of `state` stands.
    pub fn of(state: &brink_engine::State) -> Self {
        match state.phase {
            Phase::Lobby => Self::Lobby,
            Phase::Ended => Self::Ended {
                turn: state.turn,
                verdict: state.verdict.clone().unwrap_or_default(),
            },
            phase => Self::Playing {
                turn: state.turn,
                phase,
                paused: state.clock.paused,
            },
        }
    }
}

/// What the server has done since it started, for operators and the
/// benchmark: each event is serialized once per distinct view that may see
/// it (`encodings`), whatever the number of connections it goes to
/// (`deliveries`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counters {
    /// Players' commands taken up by their sessions.
    pub commands: u64,
    /// Events recorded in sessions' logs (restored ones not counted).
    pub events: u64,
    /// Event messages serialized: one per view of a live event, and one
    /// per event a resuming connection catches up on.
    pub encodings: u64,
    /// Event messages queued to connections: one per recipient.
    pub deliveries: u64,
    /// Connections open now.
    pub connections: u64,
    /// Connections their sessions let go of for falling too far behind (a
    /// full outbox), since the server started. Such a connection is closed
    /// once its pending write ends or times out, so it may still count in
    /// `connections` for a while.
    #[serde(default)]
    pub dropped: u64,
    /// Heap allocations, when the server was built to count them (the
    /// `count-allocations` feature); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocations: Option<u64>,
}

/// A join code and what it admits to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
        "server_stats",
        "join",
        "seats",
        "resume",
        "command",
        "replay",
        "export",
        "report",
        "fork",
    ];

    /// This message's `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientMsg::Hello { .. } => "hello",
            ClientMsg::CreateSession { .. } => "create_session",
            ClientMsg::ListSessions { .. } => "list_sessions",
            ClientMsg::ServerStats { .. } => "server_stats",
            ClientMsg::Join { .. } => "join",
            ClientMsg::Seats { .. } => "seats",
            ClientMsg::Resume { .. } => "resume",
            ClientMsg::Command { .. } => "command",
            ClientMsg::Replay { .. } => "replay",
            ClientMsg::Export { .. } => "export",
            ClientMsg::Report { .. } => "report",
            ClientMsg::Fork { .. } => "fork",
        }
    }
}

/// A refusal: a code from one of the two tables (the protocol's
/// [`codes`], the engine's `RejectCode`) and a message that says what was
/// wrong and what to do. Every `rejected` the server sends is built from one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The stable code.
    pub code: &'static str,
    /// What went wrong and what to do, for a person.
    pub message: String,
}

impl Refusal {
    /// A refusal with `code` and `message`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The `rejected` message that answers request `id` with this refusal.
    pub fn to(self, id: Option<String>) -> ServerMsg {
        ServerMsg::Rejected {
            id,
            code: self.code.to_owned(),
            message: self.message,
        }
    }
}

impl From<brink_engine::Rejection> for Refusal {
    fn from(r: brink_engine::Rejection) -> Self {
        Self::new(r.code.as_str(), r.message)
    }
}
