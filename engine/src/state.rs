//! The state of one session: a fold of its log. Plain data with deterministic
//! collections, so that two folds of the same log serialize to the same bytes.

use crate::adjudication::{Adjudication, FreeAction, Outcome};
use crate::command::Audience;
use crate::ids::{ActionId, LetterId, PlayerId, SeatId, SideId, TrackId, UnitId};
use crate::injects::{Inject, Note, Released};
use crate::letters::{Agreement, Letter};
use crate::naval::{Intel, Sighting, UnitState};
use crate::orders::Orders;
use crate::replay::ObserverMode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the session stands on its clock: `lobby`, then each turn's
/// `briefing` → `orders` → `adjudication`, and at last `ended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Players gather; the game has not started.
    #[default]
    Lobby,
    /// The day's injects and intelligence are read.
    Briefing,
    /// Both sides deliberate and submit orders, in secret.
    Orders,
    /// The orders are resolved; the umpire reviews, then publishes.
    Adjudication,
    /// The game is over.
    Ended,
}

impl Phase {
    /// The phase's wire name, e.g. `orders`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Lobby => "lobby",
            Phase::Briefing => "briefing",
            Phase::Orders => "orders",
            Phase::Adjudication => "adjudication",
            Phase::Ended => "ended",
        }
    }
}

/// The session's clock: whether it runs, and the Orders deadline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clock {
    /// Whether the umpire has paused the game.
    pub paused: bool,
    /// When the Orders phase closes by itself (ms since the epoch), while running.
    pub deadline_at_ms: Option<u64>,
    /// While paused: how long the deadline had left when the game was paused.
    pub remaining_ms: Option<u64>,
}

/// What a player is in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "kind"))]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum Role {
    /// Runs the session and sees everything.
    Umpire,
    /// Plays a side from one of its seats.
    Player {
        /// The side played.
        side: SideId,
        /// The seat held.
        seat: SeatId,
    },
    /// Watches what is public.
    Observer,
}

brink_tagged::tag_first!(Role, "kind");

/// One person in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Player {
    /// The player's id.
    pub id: PlayerId,
    /// Display name.
    pub name: String,
    /// Role, side and seat.
    pub role: Role,
    /// Whether at least one connection of the player is open.
    pub online: bool,
    /// Whether the player is no longer at the table: they came with the log
    /// of the session this one was forked from, or left the session (or the
    /// umpire freed their seat or removed them). Kept for the record,
    /// holding no seat here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
}

/// Which conversation a message belongs to; it decides who may read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "kind"))]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum MessageChannel {
    /// A side's own chat (also read by the umpire).
    Team {
        /// The side talking.
        side: SideId,
    },
    /// A side writing to the umpire (its members read it too).
    ToUmpire {
        /// The side writing.
        side: SideId,
    },
    /// The umpire writing to one side or to everyone.
    FromUmpire {
        /// Who it is for.
        to: Audience,
    },
}

brink_tagged::tag_first!(MessageChannel, "kind");

/// A chat line or a message to or from the umpire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    /// When it was sent (milliseconds since the Unix epoch).
    pub at_ms: u64,
    /// Who wrote it.
    pub from: PlayerId,
    /// Where it was said.
    pub channel: MessageChannel,
    /// What was said.
    pub text: String,
}

/// The whole state of a session.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    /// Whether the session's first event has been applied.
    pub created: bool,
    /// The scenario the session plays.
    pub scenario_id: String,
    /// The session's own title, given at creation or by the umpire since;
    /// none: the scenario's title is the session's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The session's random seed, recorded in its first event.
    pub seed: u64,
    /// Sequence number of the last applied event (0 before any).
    pub last_seq: u64,
    /// Current turn: 0 in the lobby.
    pub turn: u32,
    /// Current phase.
    pub phase: Phase,
    /// Pause and deadline.
    pub clock: Clock,
    /// The umpire's verdict, once the game has ended.
    pub verdict: Option<String>,
    /// Everyone who has joined, by id.
    pub players: BTreeMap<PlayerId, Player>,
    /// Every message, in order.
    pub messages: Vec<Message>,
    /// Whether any member may submit a side's orders (else the leader, or
    /// anyone while the leader seat is empty or offline).
    pub any_member_submits: bool,
    /// Each side's orders for the current turn.
    pub orders: BTreeMap<SideId, Orders>,
    /// Every letter sent, by id.
    pub letters: BTreeMap<LetterId, Letter>,
    /// The letters sent at the close whose publish has not yet told their
    /// sender (`letter_dispatched` or `letter_delivered`): the umpire's alone
    /// until then.
    #[serde(default)]
    pub pending_letters: std::collections::BTreeSet<LetterId>,
    /// Every free-form action, by id, with the umpire's ruling.
    pub actions: BTreeMap<ActionId, FreeAction>,
    /// Published outcomes of free-form actions, in order.
    pub outcomes: Vec<Outcome>,
    /// The current turn's adjudication, from the close of Orders.
    pub adjudication: Option<Adjudication>,
    /// Injects released so far, in order.
    pub injects: Vec<Released>,
    /// The umpire's injects held for the next Briefing.
    pub queued_injects: Vec<Inject>,
    /// The umpire's notes and bookmarks.
    pub notes: Vec<Note>,
    /// The agreement that ended the crisis, if one did.
    pub agreement: Option<Agreement>,
    /// Tracks that have moved from their start, by id.
    pub tracks: BTreeMap<TrackId, i32>,
    /// Units that have changed since the start, by id.
    #[serde(default)]
    pub units: BTreeMap<UnitId, UnitState>,
    /// What each side last saw of other sides' units.
    #[serde(default)]
    pub sightings: BTreeMap<SideId, BTreeMap<UnitId, Sighting>>,
    /// What each side last learned of tracks by intelligence, a track once,
    /// in the order it first learned of each.
    #[serde(default)]
    pub intel: BTreeMap<SideId, Vec<Intel>>,
    /// Turns the umpire added after the scenario's last.
    #[serde(default)]
    pub added_turns: u32,
    /// How observers follow the session, from its first event.
    #[serde(default)]
    pub observers: ObserverMode,
    /// Whether the umpire opened every perspective to every participant
    /// (only once the game has ended).
    #[serde(default)]
    pub declassified: bool,
    /// The moment of the review the umpire shows the class, if any.
    #[serde(default)]
    pub shown: Option<crate::replay::Moment>,
    /// The log position of each turn's first event (the change into its
    /// Briefing): turn `k` began at `[k - 1]`.
    #[serde(default)]
    pub turn_starts: Vec<u64>,
    /// The session this one was forked from, and where.
    #[serde(default)]
    pub forked_from: Option<ForkOrigin>,
    /// The sessions forked from this one (the umpire's record).
    #[serde(default)]
    pub forks: Vec<ForkPoint>,
    /// The nearest warning before the current Orders deadline already given
    /// (in ms before it: 5 minutes, then 1), if any.
    #[serde(default)]
    pub deadline_warned_ms: Option<u64>,
    /// How many events each side's stream holds so far.
    #[serde(default)]
    pub streams: StreamCounts,
    /// Each side's bookmark, by its log position (its `seq` in `notes`): its
    /// position in the side's own stream, which is what the side's view shows
    /// (a log position would tell the side how much it was not shown).
    #[serde(default)]
    pub bookmark_seqs: BTreeMap<u64, u64>,
}

/// How many events each side's stream holds: the public ones, and those for
/// the side alone or with others. (The umpire's stream is the whole log;
/// observers' is the public events.)
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StreamCounts {
    /// Public events.
    pub public: u64,
    /// Each side's events that are not public.
    pub sides: BTreeMap<SideId, u64>,
}

impl StreamCounts {
    /// Counts an event seen by those `visibility` names.
    pub fn count(&mut self, visibility: &crate::event::Visibility) {
        use crate::event::Visibility;
        match visibility {
            Visibility::Public => self.public += 1,
            Visibility::Side(side) => *self.sides.entry(side.clone()).or_default() += 1,
            Visibility::Sides(sides) => {
                for (i, side) in sides.iter().enumerate() {
                    // A side named twice sees the event once.
                    if !sides[..i].contains(side) {
                        *self.sides.entry(side.clone()).or_default() += 1;
                    }
                }
            }
            Visibility::Umpire => {}
        }
    }

    /// How many events `side`'s stream holds: the seq of its latest.
    pub fn of(&self, side: &SideId) -> u64 {
        self.public + self.sides.get(side).copied().unwrap_or(0)
    }
}

/// Where a fork came from: its parent and the turn it begins with (and, for
/// the umpire, how many of the parent's events it kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForkOrigin {
    /// The parent session's id.
    pub session: String,
    /// The turn the fork begins with.
    pub turn: u32,
    /// How many of the parent's events it kept: the umpire's alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_seq: Option<u64>,
}

/// A fork made of this session: the fork, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForkPoint {
    /// The fork's id.
    pub session: String,
    /// How many of the parent's events the fork kept.
    pub at_seq: u64,
    /// The turn the fork begins with.
    pub turn: u32,
}

impl State {
    /// The player holding `seat` of `side`, if any.
    pub fn seat_holder(&self, side: &SideId, seat: &SeatId) -> Option<&Player> {
        self.players.values().find(|p| match &p.role {
            Role::Player { side: s, seat: t } => !p.former && s == side && t == seat,
            _ => false,
        })
    }
}
