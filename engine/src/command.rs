//! Commands: what someone asks the engine to do. [`crate::Session::decide`] turns
//! each into events or a rejection.

use crate::adjudication::Ruling;
use crate::ids::{ActionId, PlayerId, SeatId, SideId, TrackId};
use crate::orders::OrderItem;
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum JoinRole {
    /// The umpire.
    Umpire,
    /// A player of a side.
    Side(SideId),
    /// An observer.
    Observer,
}

/// Who a message, an inject or an outcome from the umpire is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everyone, observers included.
    All,
    /// One side (and the umpire).
    Side(SideId),
    /// These sides (and the umpire), never observers.
    Sides(Vec<SideId>),
}

/// Everything the engine can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the session's log (system only).
    Create {
        /// The session's random seed.
        seed: u64,
        /// How observers follow the session.
        observers: crate::replay::ObserverMode,
        /// The session's title; none: the scenario's title is the session's.
        title: Option<String>,
    },
    /// Mark a session just made from another's log as its fork (system only).
    MarkForked {
        /// The parent session's id.
        parent: String,
        /// How many of the parent's events the fork kept.
        at_seq: u64,
        /// The fork's own seed: with the parent's, whoever saw how the
        /// parent went on would know the fork's rolls to come.
        seed: u64,
    },
    /// Record in the parent that a fork was made (system only).
    RecordFork {
        /// The new session's id.
        fork: String,
        /// How many events the fork kept.
        at_seq: u64,
        /// The turn the fork begins with.
        turn: u32,
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
///
/// The field-less commands are empty struct variants (`StartGame {}`), not
/// unit variants: serde ignores unknown fields on an internally tagged
/// enum's unit variants, and the protocol refuses unknown fields everywhere.
/// On the wire they are the same: `{"type": "start_game"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "type"))]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
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
    StartGame {},
    /// The umpire renames the session: the title everyone sees, and the one
    /// an instructor finds the session by in the server's list. Allowed in
    /// any phase, paused or ended too.
    SetTitle {
        /// The new title: one line, 1 to 120 characters.
        title: String,
    },
    /// The umpire moves the clock on: briefing → orders → adjudication → the
    /// next turn's briefing. Orders close early only when every side has
    /// submitted, unless `force`; a turn moves on only once published.
    Advance {
        /// Close the Orders phase even though a side has not submitted.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        force: bool,
    },
    /// The umpire pauses the game; the deadline stops.
    Pause {},
    /// The umpire resumes the game; the deadline runs again.
    Resume {},
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
    ClearDeadline {},
    /// The umpire adds turns after the scenario's last, a day each.
    AddTurns {
        /// How many, 1 to 30 in all.
        turns: u32,
    },
    /// The umpire ends the game with a verdict.
    EndGame {
        /// The verdict, for everyone.
        verdict: String,
    },
    /// Add an item to one's side's orders (side players, Orders phase).
    AddOrder {
        /// The order.
        order: OrderItem,
    },
    /// Remove an item from one's side's orders by its number.
    RemoveOrder {
        /// The item's number.
        item: u32,
    },
    /// Submit one's side's orders as they stand (the leader, or any member
    /// when allowed or the leader is away); again to revise.
    SubmitOrders {},
    /// The umpire lets any member submit their side's orders, or only leaders.
    AnyMemberSubmits {
        /// Whether any member may.
        allowed: bool,
    },
    /// The umpire rules on a free-form action: accept, reject, or roll.
    RuleAction {
        /// The action.
        action: ActionId,
        /// The ruling.
        ruling: Ruling,
    },
    /// The umpire writes an action's outcome and who learns of it.
    WriteOutcome {
        /// The action.
        action: ActionId,
        /// What came of it.
        text: String,
        /// Who learns of it.
        to: Audience,
        /// Whether the outcome says the action succeeded (absent: it does
        /// not say), checked against the ruling.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        success: Option<bool>,
        /// Let an outcome stand that contradicts the ruling.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        overrule: bool,
    },
    /// The umpire confirms the agreement (it ends the crisis at publish), or not.
    ConfirmAgreement {
        /// Whether to confirm.
        confirmed: bool,
    },
    /// The umpire publishes the pending adjudication.
    Publish {},
    /// The umpire moves a track in the pending adjudication (at publish).
    AdjustTrack {
        /// The track.
        track: TrackId,
        /// By how much (negative: down).
        by: i32,
        /// Why, for those who know the track exactly.
        reason: String,
    },
    /// The umpire brings an incident of the scenario's table into the pending
    /// adjudication: at publish it happens as if the accident check had drawn
    /// it, for its audience, with its effects on the tracks.
    TriggerIncident {
        /// The incident's id in the scenario's table.
        incident: String,
    },
    /// The umpire injects a message, now or at the next Briefing.
    Inject {
        /// Who reads it.
        to: Audience,
        /// What it says.
        text: String,
        /// Hold it for the next Briefing instead of releasing it now.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        next_briefing: bool,
    },
    /// A side player leaves their seat, and the session: the seat is free
    /// for the next to join; their resume token stops working.
    LeaveSeat {},
    /// The umpire frees a side's seat: its holder is out of the session
    /// (their token stops working) and the next to join may take it.
    FreeSeat {
        /// The side.
        side: SideId,
        /// The seat.
        seat: SeatId,
    },
    /// The umpire moves a side player to another, free seat of their side.
    MovePlayer {
        /// The player.
        player: PlayerId,
        /// The seat to move to.
        seat: SeatId,
    },
    /// The umpire removes a player (not an umpire) from the session.
    RemovePlayer {
        /// The player.
        player: PlayerId,
    },
    /// The umpire opens every perspective of the ended game to everyone, for
    /// the after-action review.
    Declassify {},
    /// The umpire shows the class a moment of the declassified game's
    /// review — a perspective at a point of its stream — on the observers'
    /// wall; without `moment`, the wall goes back to the game.
    ShowClass {
        /// The perspective and the point, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        moment: Option<crate::replay::Moment>,
    },
    /// The umpire writes a private note, or a bookmark, on the timeline; a side
    /// player sets a bookmark for the side's own review.
    Note {
        /// What it says.
        text: String,
        /// Whether it marks a moment to return to.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        bookmark: bool,
    },
}

brink_tagged::tag_first!(Action, "type");
