//! Why a command was refused: a stable machine code and a message for a person.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The stable, machine-readable reason for a [`Rejection`]. Clients may match on
/// these; their wire names (snake_case) never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The session already exists (a second `create`).
    AlreadyCreated,
    /// A command about a session that was never created.
    NotCreated,
    /// The command needs a role the actor does not have.
    Forbidden,
    /// A side player must choose a seat.
    SeatRequired,
    /// Umpires and observers do not take seats.
    SeatNotAllowed,
    /// The seat is not one of the side's seats in the scenario.
    UnknownSeat,
    /// Another player holds the seat.
    SeatTaken,
    /// The side is not in the scenario.
    UnknownSide,
    /// The player is not in the session.
    UnknownPlayer,
    /// A display name that is empty, too long or has control characters.
    BadName,
    /// A message with no text.
    EmptyText,
    /// A message over the length limit.
    TextTooLong,
    /// A message with control characters.
    BadText,
    /// The session has as many players as it admits.
    SessionFull,
    /// The command does not belong to the current phase.
    WrongPhase,
    /// The game is paused.
    Paused,
    /// The game is not paused.
    NotPaused,
    /// The last turn is over; only a verdict remains.
    LastTurn,
    /// A deadline outside the allowed range.
    BadDeadline,
    /// There is no deadline to change.
    NoDeadline,
    /// The game has ended.
    GameOver,
    /// The letter channel is not in the scenario.
    UnknownChannel,
    /// The term is not in the scenario's list.
    UnknownTerm,
    /// No letter with that id that this side may see.
    UnknownLetter,
    /// No item with that number in the side's orders.
    UnknownItem,
    /// No free-form action with that id in this adjudication.
    UnknownAction,
    /// A letter must go to another side.
    BadRecipient,
    /// A side may not accept its own proposal.
    OwnProposal,
    /// The letter proposes no terms, so there is nothing to accept.
    NoTerms,
    /// The letter is public already.
    AlreadyPublic,
    /// The same order is in the side's orders already.
    DuplicateOrder,
    /// The side's orders hold as many items as they may.
    TooManyOrders,
    /// The side (or the umpire) has written as many notes and bookmarks as
    /// a session keeps.
    TooManyNotes,
    /// Not every side has submitted its orders.
    OrdersMissing,
    /// A free-form action still waits for the umpire's ruling.
    NotRuled,
    /// The adjudication has not been published yet.
    NotPublished,
    /// The adjudication has been published already.
    AlreadyPublished,
    /// There is no agreement in this adjudication to confirm.
    NoAgreement,
    /// A roll's difficulty outside 2 to 12.
    BadDifficulty,
    /// The track is not in the scenario.
    UnknownTrack,
    /// A track change of nothing, or more than the track's range.
    BadAdjustment,
    /// The strategic action is not on the side's menu.
    UnknownStrategic,
    /// The strategic action's preconditions do not hold now.
    PreconditionFailed,
    /// No unit with that id in the scenario, or another side's that this
    /// side has never sighted (the same answer, so that it tells nothing).
    UnknownUnit,
    /// The unit is another side's, one this side has sighted.
    NotYourUnit,
    /// The unit has been lost (sunk, disabled or destroyed).
    UnitLost,
    /// The unit has not entered the game yet.
    UnitAbsent,
    /// No zone with that id on the scenario's map.
    UnknownZone,
    /// A move to a zone the unit cannot reach this turn.
    BadMove,
    /// A stance the unit cannot take.
    BadStance,
    /// Adding no turns, or more than the game may have.
    BadTurns,
    /// A replay or fork point the session has not reached.
    BeyondEnd,
    /// A point observers of a delayed session may not see yet.
    BeyondHorizon,
    /// A perspective the requester may not replay.
    PerspectiveForbidden,
    /// A fork point that is not a turn boundary.
    NotABoundary,
    /// Something only done once the game has ended.
    NotEnded,
    /// An observer delay outside the allowed range.
    BadObservers,
    /// A replay whose from point comes after its to point.
    BadRange,
    /// No incident with that id in the scenario's table.
    UnknownIncident,
    /// The incident is in this adjudication already.
    DuplicateIncident,
}

impl RejectCode {
    /// Every code, for documentation checks.
    pub const ALL: &'static [RejectCode] = &[
        Self::AlreadyCreated,
        Self::NotCreated,
        Self::Forbidden,
        Self::SeatRequired,
        Self::SeatNotAllowed,
        Self::UnknownSeat,
        Self::SeatTaken,
        Self::UnknownSide,
        Self::UnknownPlayer,
        Self::BadName,
        Self::EmptyText,
        Self::TextTooLong,
        Self::BadText,
        Self::SessionFull,
        Self::WrongPhase,
        Self::Paused,
        Self::NotPaused,
        Self::LastTurn,
        Self::BadDeadline,
        Self::NoDeadline,
        Self::GameOver,
        Self::UnknownChannel,
        Self::UnknownTerm,
        Self::UnknownLetter,
        Self::UnknownItem,
        Self::UnknownAction,
        Self::BadRecipient,
        Self::OwnProposal,
        Self::NoTerms,
        Self::AlreadyPublic,
        Self::DuplicateOrder,
        Self::TooManyOrders,
        Self::TooManyNotes,
        Self::OrdersMissing,
        Self::NotRuled,
        Self::NotPublished,
        Self::AlreadyPublished,
        Self::NoAgreement,
        Self::BadDifficulty,
        Self::UnknownTrack,
        Self::BadAdjustment,
        Self::UnknownStrategic,
        Self::PreconditionFailed,
        Self::UnknownUnit,
        Self::NotYourUnit,
        Self::UnitLost,
        Self::UnitAbsent,
        Self::UnknownZone,
        Self::BadMove,
        Self::BadStance,
        Self::BadTurns,
        Self::BeyondEnd,
        Self::BeyondHorizon,
        Self::PerspectiveForbidden,
        Self::NotABoundary,
        Self::NotEnded,
        Self::BadObservers,
        Self::BadRange,
        Self::UnknownIncident,
        Self::DuplicateIncident,
    ];

    /// The code's wire name, e.g. `seat_taken`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AlreadyCreated => "already_created",
            Self::NotCreated => "not_created",
            Self::Forbidden => "forbidden",
            Self::SeatRequired => "seat_required",
            Self::SeatNotAllowed => "seat_not_allowed",
            Self::UnknownSeat => "unknown_seat",
            Self::SeatTaken => "seat_taken",
            Self::UnknownSide => "unknown_side",
            Self::UnknownPlayer => "unknown_player",
            Self::BadName => "bad_name",
            Self::EmptyText => "empty_text",
            Self::TextTooLong => "text_too_long",
            Self::BadText => "bad_text",
            Self::SessionFull => "session_full",
            Self::WrongPhase => "wrong_phase",
            Self::Paused => "paused",
            Self::NotPaused => "not_paused",
            Self::LastTurn => "last_turn",
            Self::BadDeadline => "bad_deadline",
            Self::NoDeadline => "no_deadline",
            Self::GameOver => "game_over",
            Self::UnknownChannel => "unknown_channel",
            Self::UnknownTerm => "unknown_term",
            Self::UnknownLetter => "unknown_letter",
            Self::UnknownItem => "unknown_item",
            Self::UnknownAction => "unknown_action",
            Self::BadRecipient => "bad_recipient",
            Self::OwnProposal => "own_proposal",
            Self::NoTerms => "no_terms",
            Self::AlreadyPublic => "already_public",
            Self::DuplicateOrder => "duplicate_order",
            Self::TooManyOrders => "too_many_orders",
            Self::TooManyNotes => "too_many_notes",
            Self::OrdersMissing => "orders_missing",
            Self::NotRuled => "not_ruled",
            Self::NotPublished => "not_published",
            Self::AlreadyPublished => "already_published",
            Self::NoAgreement => "no_agreement",
            Self::BadDifficulty => "bad_difficulty",
            Self::UnknownTrack => "unknown_track",
            Self::BadAdjustment => "bad_adjustment",
            Self::UnknownStrategic => "unknown_strategic",
            Self::PreconditionFailed => "precondition_failed",
            Self::UnknownUnit => "unknown_unit",
            Self::NotYourUnit => "not_your_unit",
            Self::UnitLost => "unit_lost",
            Self::UnitAbsent => "unit_absent",
            Self::UnknownZone => "unknown_zone",
            Self::BadMove => "bad_move",
            Self::BadStance => "bad_stance",
            Self::BadTurns => "bad_turns",
            Self::BeyondEnd => "beyond_end",
            Self::BeyondHorizon => "beyond_horizon",
            Self::PerspectiveForbidden => "perspective_forbidden",
            Self::NotABoundary => "not_a_boundary",
            Self::NotEnded => "not_ended",
            Self::BadObservers => "bad_observers",
            Self::BadRange => "bad_range",
            Self::UnknownIncident => "unknown_incident",
            Self::DuplicateIncident => "duplicate_incident",
        }
    }
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
