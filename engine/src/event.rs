//! Events: the facts a session's log is made of, each with the visibility that
//! decides who may ever learn it.

use crate::adjudication::{Adjudication, FreeAction, Outcome, Ruling};
use crate::command::Audience;
use crate::dice::Roll;
use crate::ids::{ActionId, PlayerId, SeatId, SideId, TrackId};
use crate::injects::Inject;
use crate::letters::{Acceptance, Agreement, Letter};
use crate::orders::{DraftItem, OrderItem};
use crate::replay::ObserverMode;
use crate::state::{MessageChannel, Phase, Role};
use crate::tracks::TrackChange;
use serde::{Deserialize, Serialize};

/// Who may see an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "type"))]
#[serde(remote = "Self", rename_all = "snake_case")]
pub enum Event {
    /// The session's log starts.
    SessionCreated {
        /// The scenario played.
        scenario: String,
        /// The random seed of every roll to come.
        seed: u64,
        /// How observers follow the session.
        #[serde(default, skip_serializing_if = "ObserverMode::is_public")]
        observers: ObserverMode,
        /// The session's title, when it was given one at creation (else
        /// the scenario's title is the session's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// The umpire renamed the session (public: the title is everyone's).
    TitleSet {
        /// The session's title now.
        title: String,
    },
    /// This session was forked from another at a turn boundary: the events
    /// before this one are the parent's. Its players stay on the record but
    /// hold no seats here.
    Forked {
        /// The parent session's id.
        parent: String,
        /// The turn this session begins with.
        turn: u32,
    },
    /// A fork's own seed, for the rolls to come, and how many of the
    /// parent's events it kept (the umpire's: a count of the parent's events
    /// would tell the others how much they were not shown).
    Reseeded {
        /// The seed of every roll from here on.
        seed: u64,
        /// How many of the parent's events the fork kept.
        at_seq: u64,
    },
    /// The umpire forked this session into a new one (the umpire's record).
    ForkCreated {
        /// The new session's id.
        fork: String,
        /// How many of this session's events the fork kept.
        at_seq: u64,
        /// The turn the fork begins with.
        turn: u32,
    },
    /// The umpire opened every perspective of the ended game to everyone.
    Declassified,
    /// The umpire showed the class a moment of the review on the wall (or,
    /// without one, returned the wall to the game).
    ClassShown {
        /// The perspective and the point, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        moment: Option<crate::replay::Moment>,
    },
    /// Someone joined.
    PlayerJoined {
        /// The new player's id.
        player: PlayerId,
        /// Display name.
        name: String,
        /// Role, side and seat.
        role: Box<Role>,
    },
    /// A player came online or went offline.
    /// A player left the session, or the umpire freed their seat or removed
    /// them (`by` says who did it): they hold no seat now, and their resume
    /// token no longer works.
    PlayerLeft {
        /// Who is out.
        player: PlayerId,
        /// Who did it: the player themself, or the umpire.
        by: PlayerId,
    },
    /// The umpire moved a side player to another seat of their side.
    PlayerMoved {
        /// The player.
        player: PlayerId,
        /// Their seat now.
        seat: SeatId,
        /// The umpire who moved them.
        by: PlayerId,
    },
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
    /// The umpire added turns after the scenario's last.
    TurnsAdded {
        /// How many the umpire has added in all.
        added: u32,
        /// How many turns the game has now.
        total: u32,
        /// The date of every turn added so far, in order (empty in logs
        /// written before it was recorded).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        dates: Vec<String>,
    },
    /// The game is over.
    /// Little time is left before the Orders deadline and the side has not
    /// submitted: at 5 minutes and at 1 minute (at once, when the deadline
    /// is set with less left).
    DeadlineNear {
        /// The side that has not submitted.
        side: SideId,
        /// Time left, in milliseconds.
        left_ms: u64,
        /// Whether the side's draft will stand as its orders at the
        /// deadline if it is not submitted (the scenario's rule).
        draft_stands: bool,
    },
    /// Every side has submitted its orders (for the umpire, who may close
    /// the phase).
    AllSubmitted,
    /// The deadline closed the Orders phase before the side submitted: its
    /// draft of `items` items stood as its orders (`used`), or was discarded,
    /// as the scenario's rule says. No items: no orders.
    NotSubmitted {
        /// The side.
        side: SideId,
        /// How many items its draft held.
        items: u32,
        /// Whether the draft stood as the side's orders.
        used: bool,
    },
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
    /// A member added an item to the side's orders.
    OrderAdded {
        /// The side.
        side: SideId,
        /// The item's number in the side's orders.
        item: u32,
        /// Who drafted it.
        by: PlayerId,
        /// From which seat.
        seat: SeatId,
        /// The order.
        order: Box<OrderItem>,
    },
    /// A member removed an item from the side's orders.
    OrderRemoved {
        /// The side.
        side: SideId,
        /// The item's number.
        item: u32,
    },
    /// The side submitted its orders (replacing any earlier submission).
    OrdersSubmitted {
        /// The side.
        side: SideId,
        /// Who submitted.
        by: PlayerId,
        /// The orders.
        items: Vec<DraftItem>,
    },
    /// The umpire let any member submit a side's orders, or only the leader.
    SubmitRuleSet {
        /// Whether any member may submit.
        any_member: bool,
    },
    /// The Orders phase closed: the pending adjudication, for the umpire alone.
    AdjudicationPending {
        /// What is to be published.
        adjudication: Box<Adjudication>,
        /// The letters sent this turn, in full.
        letters: Vec<Letter>,
        /// The free-form actions to rule on, in full.
        actions: Vec<FreeAction>,
    },
    /// The umpire ruled on a free-form action (pending until published).
    ActionRuled {
        /// The action.
        action: ActionId,
        /// The ruling.
        ruling: Ruling,
        /// The dice the server rolled, for a roll.
        roll: Option<Roll>,
    },
    /// The umpire wrote an action's outcome (pending until published).
    OutcomeWritten {
        /// The action.
        action: ActionId,
        /// What came of it.
        text: String,
        /// Who will learn of it.
        to: Audience,
        /// Whether the outcome says the action succeeded, if it says.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        success: Option<bool>,
        /// Whether the umpire let it stand against the ruling.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        overrule: bool,
    },
    /// The umpire confirmed the agreement, or withdrew the confirmation.
    AgreementConfirmed {
        /// Whether it is confirmed.
        confirmed: bool,
    },
    /// A letter arrived (at publish): for the two sides, or everyone if public.
    LetterDelivered {
        /// The letter.
        letter: Box<Letter>,
    },
    /// A letter the side sent is on its way (at publish), arriving later.
    LetterDispatched {
        /// The letter.
        letter: Box<Letter>,
    },
    /// A side made a letter public (at publish).
    LetterPublicised {
        /// The side that did.
        by: SideId,
        /// The letter, now public.
        letter: Box<Letter>,
    },
    /// A side accepted a proposal (at publish).
    ProposalAccepted {
        /// Who accepted which terms.
        acceptance: Box<Acceptance>,
        /// The side that proposed them.
        proposer: SideId,
    },
    /// A free-form action's outcome (at publish), for its audience.
    ActionResolved {
        /// The outcome.
        outcome: Box<Outcome>,
    },
    /// The turn's adjudication is published.
    AdjudicationPublished {
        /// The turn.
        turn: u32,
    },
    /// Both sides stand behind the same terms, and the umpire confirmed them.
    AgreementReached {
        /// The agreement.
        agreement: Agreement,
    },
    /// The umpire queued an inject for the next Briefing.
    InjectQueued {
        /// The inject.
        inject: Inject,
    },
    /// An inject is released to its audience.
    InjectReleased {
        /// The inject.
        inject: Inject,
    },
    /// A strategic action was resolved (at publish): for its side, or
    /// everyone if the action is public.
    StrategicResolved {
        /// How it went.
        result: Box<crate::strategic::StrategicResult>,
    },
    /// An incident happened by accident (at publish), for its audience.
    IncidentOccurred {
        /// What happened.
        incident: Box<crate::accident::Incident>,
    },
    /// The umpire brought an incident into the pending adjudication; it
    /// happens at publish, and its effects join the track changes.
    IncidentTriggered {
        /// The incident, as its audience will learn of it.
        incident: Box<crate::accident::Incident>,
        /// Its effects, joining the adjudication's track changes.
        changes: Vec<TrackChange>,
    },
    /// The umpire changed a track in the pending adjudication.
    TrackAdjusted {
        /// The change.
        change: TrackChange,
    },
    /// A track moved (at publish): for those who may know its exact value.
    TrackMoved {
        /// The track.
        track: TrackId,
        /// Its value before.
        from: i32,
        /// Its value now.
        to: i32,
        /// Why it moved.
        reasons: Vec<String>,
        /// Who may know the exact value (from the scenario).
        seen_by: Visibility,
    },
    /// A track's value entered another band (at publish): for everyone.
    TrackBand {
        /// The track.
        track: TrackId,
        /// The band it is in now.
        band: String,
    },
    /// A unit's stance changed (at publish): for its side.
    StanceChanged {
        /// The change.
        change: crate::naval::StanceChange,
    },
    /// A unit moved (at publish): for its side.
    UnitMoved {
        /// The move.
        movement: Box<crate::naval::UnitMove>,
    },
    /// Ships of two sides met at a quarantine line (at publish): for the two sides.
    ContactMade {
        /// What happened.
        contact: Box<crate::naval::Contact>,
    },
    /// A unit's cargo arrived (at publish): for its side.
    CargoDelivered {
        /// The delivery.
        delivery: Box<crate::naval::Delivery>,
    },
    /// A unit searched for submarines (at publish): for its side.
    SubmarineSearch {
        /// The search and its roll.
        search: Box<crate::naval::Search>,
    },
    /// A side saw another side's unit (at publish): for the side that saw it.
    UnitSighted {
        /// Where and when.
        sighting: Box<crate::naval::Sighting>,
    },
    /// A side learned a track's value by intelligence (at publish): for that side.
    IntelGathered {
        /// What it learned.
        intel: crate::naval::Intel,
        /// The track's name and range, so that a side that could know
        /// nothing of it until now can show it (none in logs written before
        /// it was recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        track: Option<Box<crate::tracks::TrackInfo>>,
    },
    /// The umpire wrote a private note or bookmark, or a side set a bookmark
    /// for its own review.
    NoteWritten {
        /// What it says.
        text: String,
        /// Whether it is a bookmark.
        bookmark: bool,
        /// The side whose bookmark it is; none for the umpire's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<SideId>,
    },
}

impl Event {
    /// Who may see this event. Every event's visibility is decided here, once.
    pub fn visibility(&self) -> Visibility {
        match self {
            Event::SessionCreated { .. } | Event::ForkCreated { .. } | Event::Reseeded { .. } => {
                Visibility::Umpire
            }
            Event::NoteWritten {
                side: Some(side), ..
            } => Visibility::Side(side.clone()),
            Event::PlayerJoined { .. }
            | Event::PlayerLeft { .. }
            | Event::PlayerMoved { .. }
            | Event::Forked { .. }
            | Event::Declassified
            | Event::ClassShown { .. }
            | Event::TitleSet { .. }
            | Event::PresenceChanged { .. }
            | Event::PhaseChanged { .. }
            | Event::Paused { .. }
            | Event::Resumed
            | Event::DeadlineSet { .. }
            | Event::GameEnded { .. }
            | Event::TurnsAdded { .. }
            | Event::SubmitRuleSet { .. }
            | Event::LetterPublicised { .. }
            | Event::AdjudicationPublished { .. }
            | Event::TrackBand { .. } => Visibility::Public,
            Event::TrackMoved { seen_by, .. } => seen_by.clone(),
            Event::StrategicResolved { result } => result.visibility(),
            Event::IncidentOccurred { incident } => audience_visibility(&incident.to),
            Event::AgreementReached { agreement } => {
                if agreement.public {
                    Visibility::Public
                } else {
                    Visibility::Sides(agreement.parties.clone())
                }
            }
            Event::MessagePosted { channel, .. } => Self::channel_visibility(channel),
            Event::OrderAdded { side, .. }
            | Event::OrderRemoved { side, .. }
            | Event::OrdersSubmitted { side, .. }
            | Event::DeadlineNear { side, .. }
            | Event::NotSubmitted { side, .. } => Visibility::Side(side.clone()),
            Event::AdjudicationPending { .. }
            | Event::AllSubmitted
            | Event::ActionRuled { .. }
            | Event::OutcomeWritten { .. }
            | Event::AgreementConfirmed { .. }
            | Event::InjectQueued { .. }
            | Event::TrackAdjusted { .. }
            | Event::IncidentTriggered { .. }
            | Event::NoteWritten { .. } => Visibility::Umpire,
            Event::LetterDelivered { letter } => {
                if letter.public {
                    Visibility::Public
                } else {
                    Visibility::Sides(vec![letter.from.clone(), letter.to.clone()])
                }
            }
            Event::LetterDispatched { letter } => Visibility::Side(letter.from.clone()),
            Event::ProposalAccepted {
                acceptance,
                proposer,
            } => Visibility::Sides(vec![proposer.clone(), acceptance.side.clone()]),
            Event::ActionResolved { outcome } => audience_visibility(&outcome.to),
            Event::StanceChanged { change } => Visibility::Side(change.side.clone()),
            Event::UnitMoved { movement } => Visibility::Side(movement.side.clone()),
            Event::ContactMade { contact } => contact.visibility(),
            Event::CargoDelivered { delivery } => Visibility::Side(delivery.side.clone()),
            Event::SubmarineSearch { search } => Visibility::Side(search.side.clone()),
            Event::UnitSighted { sighting } => Visibility::Side(sighting.by.clone()),
            Event::IntelGathered { intel, .. } => Visibility::Side(intel.side.clone()),
            Event::InjectReleased { inject } => audience_visibility(&inject.to),
        }
    }

    /// Who may read a message said in `channel`.
    pub fn channel_visibility(channel: &MessageChannel) -> Visibility {
        match channel {
            MessageChannel::Team { side } | MessageChannel::ToUmpire { side } => {
                Visibility::Side(side.clone())
            }
            MessageChannel::FromUmpire { to } => audience_visibility(to),
        }
    }
}

/// Who may see what is addressed to `audience`.
pub fn audience_visibility(audience: &Audience) -> Visibility {
    match audience {
        Audience::All => Visibility::Public,
        Audience::Side(side) => Visibility::Side(side.clone()),
        Audience::Sides(sides) => Visibility::Sides(sides.clone()),
    }
}

brink_tagged::tag_first!(Event, "type");

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

// A session keeps its whole log in memory, and an enum is as large as its
// largest variant: one big variant would make every event that big. Box a
// large payload instead (`Box<Letter>`, …); docs/performance.md, "Tuning
// applied: memory a session holds", says what this saved.
const _: () = assert!(
    std::mem::size_of::<Event>() <= 96,
    "an Event variant grew past 96 bytes: box its payload"
);

/// An event as one viewer may see it: what [`crate::redact`] gives. It leaves out
/// the log position, which would tell a viewer how many events it was not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
