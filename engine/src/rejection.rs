//! Why a command was refused: a stable machine code and a message for a person.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares [`RejectCode`] from one table: a line per code, its variant and
/// its wire name, under its description. `ALL` and `as_str` come from the
/// same lines, so a code is written once.
macro_rules! reject_codes {
    ($($(#[doc = $doc:literal])* $name:ident = $wire:literal,)*) => {
        /// The stable, machine-readable reason for a [`Rejection`]. Clients
        /// may match on these; their wire names never change meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum RejectCode {
            $($(#[doc = $doc])* #[serde(rename = $wire)] $name,)*
        }

        impl RejectCode {
            /// Every code, for documentation checks.
            pub const ALL: &'static [RejectCode] = &[$(Self::$name,)*];

            /// The code as it goes on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$name => $wire,)*
                }
            }
        }
    };
}

reject_codes! {
    /// The session already exists (a second `create`).
    AlreadyCreated = "already_created",
    /// A command about a session that was never created.
    NotCreated = "not_created",
    /// The command needs a role the actor does not have.
    Forbidden = "forbidden",
    /// A side player must choose a seat.
    SeatRequired = "seat_required",
    /// Umpires and observers do not take seats.
    SeatNotAllowed = "seat_not_allowed",
    /// The seat is not one of the side's seats in the scenario.
    UnknownSeat = "unknown_seat",
    /// Another player holds the seat.
    SeatTaken = "seat_taken",
    /// Freeing a seat nobody holds.
    SeatEmpty = "seat_empty",
    /// Moving a player to the seat they hold.
    SameSeat = "same_seat",
    /// The side is not in the scenario.
    UnknownSide = "unknown_side",
    /// The player is not in the session.
    UnknownPlayer = "unknown_player",
    /// A display name that is empty, too long or has control characters.
    BadName = "bad_name",
    /// A message with no text.
    EmptyText = "empty_text",
    /// A message over the length limit.
    TextTooLong = "text_too_long",
    /// A message with control characters.
    BadText = "bad_text",
    /// The session has as many players as it admits.
    SessionFull = "session_full",
    /// The command does not belong to the current phase.
    WrongPhase = "wrong_phase",
    /// The game is paused.
    Paused = "paused",
    /// The game is not paused.
    NotPaused = "not_paused",
    /// The last turn is over; only a verdict remains.
    LastTurn = "last_turn",
    /// A deadline outside the allowed range.
    BadDeadline = "bad_deadline",
    /// There is no deadline to change.
    NoDeadline = "no_deadline",
    /// The game has ended.
    GameOver = "game_over",
    /// The letter channel is not in the scenario.
    UnknownChannel = "unknown_channel",
    /// The term is not in the scenario's list.
    UnknownTerm = "unknown_term",
    /// No letter with that id that this side may see.
    UnknownLetter = "unknown_letter",
    /// No item with that number in the side's orders.
    UnknownItem = "unknown_item",
    /// No free-form action with that id in this adjudication.
    UnknownAction = "unknown_action",
    /// A letter must go to another side.
    BadRecipient = "bad_recipient",
    /// A side may not accept its own proposal.
    OwnProposal = "own_proposal",
    /// The letter proposes no terms, so there is nothing to accept.
    NoTerms = "no_terms",
    /// The letter is public already.
    AlreadyPublic = "already_public",
    /// The same order is in the side's orders already.
    DuplicateOrder = "duplicate_order",
    /// The side's orders hold as many items as they may.
    TooManyOrders = "too_many_orders",
    /// The side (or the umpire) has written as many notes and bookmarks as
    /// a session keeps.
    TooManyNotes = "too_many_notes",
    /// Not every side has submitted its orders.
    OrdersMissing = "orders_missing",
    /// A free-form action still waits for the umpire's ruling.
    NotRuled = "not_ruled",
    /// The adjudication has not been published yet.
    NotPublished = "not_published",
    /// The adjudication has been published already.
    AlreadyPublished = "already_published",
    /// There is no agreement in this adjudication to confirm.
    NoAgreement = "no_agreement",
    /// A roll's difficulty outside 2 to 12.
    BadDifficulty = "bad_difficulty",
    /// The track is not in the scenario.
    UnknownTrack = "unknown_track",
    /// A track change of nothing, or more than the track's range.
    BadAdjustment = "bad_adjustment",
    /// The strategic action is not on the side's menu.
    UnknownStrategic = "unknown_strategic",
    /// The strategic action's preconditions do not hold now.
    PreconditionFailed = "precondition_failed",
    /// No unit with that id in the scenario, or another side's that this
    /// side has never sighted (the same answer, so that it tells nothing).
    UnknownUnit = "unknown_unit",
    /// The unit is another side's, one this side has sighted.
    NotYourUnit = "not_your_unit",
    /// The unit has been lost (sunk, disabled or destroyed).
    UnitLost = "unit_lost",
    /// The unit has not entered the game yet.
    UnitAbsent = "unit_absent",
    /// No zone with that id on the scenario's map.
    UnknownZone = "unknown_zone",
    /// A move to a zone the unit cannot reach this turn.
    BadMove = "bad_move",
    /// A stance the unit cannot take.
    BadStance = "bad_stance",
    /// Adding no turns, or more than the game may have.
    BadTurns = "bad_turns",
    /// A replay or fork point the session has not reached.
    BeyondEnd = "beyond_end",
    /// A point observers of a delayed session may not see yet.
    BeyondHorizon = "beyond_horizon",
    /// A perspective the requester may not replay.
    PerspectiveForbidden = "perspective_forbidden",
    /// A fork point that is not a turn boundary.
    NotABoundary = "not_a_boundary",
    /// Something only done once the game has ended.
    NotEnded = "not_ended",
    /// Something only done once the umpire has declassified the game.
    NotDeclassified = "not_declassified",
    /// An observer delay outside the allowed range.
    BadObservers = "bad_observers",
    /// A replay whose from point comes after its to point.
    BadRange = "bad_range",
    /// No incident with that id in the scenario's table.
    UnknownIncident = "unknown_incident",
    /// The incident is in this adjudication already.
    DuplicateIncident = "duplicate_incident",
    /// The incident's preconditions do not hold now (the message says which).
    IncidentImpossible = "incident_impossible",
    /// An outcome says the action succeeded where its ruling says it failed,
    /// or the other way round, and the umpire did not overrule.
    ContradictsRuling = "contradicts_ruling",
}

/// A refused command: nothing changed. The message says what was wrong and
/// what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The stable reason.
    pub code: RejectCode,
    /// What went wrong and what to do, for a person.
    pub message: String,
}

impl Rejection {
    /// A rejection with `code` and a human `message`.
    pub fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Rejection {}
