//! The scenario's definition as its TOML file says it: the sides and seats,
//! turns, channels, terms, injects, tracks and endings, strategic actions,
//! the accident table and incidents, and what happens each turn (the map's
//! definitions are in `crate::map`, the history in `super::timeline`).
//!
//! A [`ScenarioDef`] is data, not yet checked: a session is built only on a
//! [`Scenario`](super::Scenario), which is a definition that passed every check.

use crate::command::Audience;
use crate::ids::{ChannelId, SeatId, SideId, TermId, TrackId};
use serde::{Deserialize, Serialize};

/// A scenario as its file defines it, unchecked: sides and their seats, the
/// turns with their dates, and everything else the file says. Only
/// [`Scenario::parse`](super::Scenario::parse) and
/// [`Scenario::try_from`](super::Scenario) make a [`Scenario`](super::Scenario)
/// of it, after every check has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDef {
    /// The scenario's id, used to create sessions: `cuban-missile-crisis-1962`.
    pub id: String,
    /// Its title, for people.
    pub title: String,
    /// A paragraph that sets the scene.
    #[serde(default)]
    pub summary: String,
    /// The sides, in the order the scenario lists them.
    pub sides: Vec<SideDef>,
    /// The turns, in order; turn 1 is the first entry.
    pub turns: Vec<TurnDef>,
    /// The channels letters travel by.
    #[serde(default)]
    pub channels: Vec<ChannelDef>,
    /// The terms a letter may propose.
    #[serde(default)]
    pub terms: Vec<TermDef>,
    /// Messages released at a turn's briefing, each to its audience.
    #[serde(default)]
    pub injects: Vec<InjectDef>,
    /// The measures of the crisis.
    #[serde(default)]
    pub tracks: Vec<TrackDef>,
    /// How the game ends by itself when a track reaches a value.
    #[serde(default)]
    pub endings: Vec<EndingDef>,
    /// Each side's menu of strategic actions.
    #[serde(default, rename = "actions")]
    pub strategic: Vec<StrategicDef>,
    /// The accident check made at every close of orders, if any.
    #[serde(default)]
    pub accident: Option<AccidentDef>,
    /// What can happen by accident.
    #[serde(default)]
    pub incidents: Vec<IncidentDef>,
    /// What happens every turn by itself, unless a strategic action stops it.
    #[serde(default)]
    pub each_turn: Vec<EachTurnDef>,
    /// The map's zones.
    #[serde(default)]
    pub zones: Vec<crate::map::ZoneDef>,
    /// Every side's units.
    #[serde(default)]
    pub units: Vec<crate::map::UnitDef>,
    /// The stances units may take.
    #[serde(default)]
    pub stances: Vec<crate::map::StanceDef>,
    /// What happens when ships meet at a quarantine line, by their stances.
    #[serde(default)]
    pub contacts: Vec<crate::map::ContactDef>,
    /// What units may carry.
    #[serde(default)]
    pub cargoes: Vec<crate::map::CargoDef>,
    /// The real history, for the after-action review.
    #[serde(default)]
    pub timeline: Vec<super::timeline::TimelineEntry>,
    /// The question the crisis put, for the after-action review's opening:
    /// what the review measures the game against. Paragraphs, split by a
    /// blank line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub framing: String,
    /// What came after, in history, for the after-action review, set
    /// against how the game ended. Paragraphs, split by a blank line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub aftermath: String,
    /// What becomes of a side's draft when the Orders deadline closes the
    /// phase before the side submitted: it stands as the side's orders (the
    /// default), or it is discarded.
    #[serde(default)]
    pub drafts_at_deadline: DraftsAtDeadline,
}

/// The rule for a draft the side never submitted when the deadline passes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftsAtDeadline {
    /// The draft stands as the side's orders.
    #[default]
    Stand,
    /// The draft is discarded: the side gives no orders that turn.
    Discard,
}

/// A change every close of orders brings (the missile sites' work goes on),
/// unless the named strategic action was ordered that turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EachTurnDef {
    /// What goes on, for people (the reason of its moves).
    pub name: String,
    /// Its effects on tracks.
    pub effects: Vec<crate::strategic::Effect>,
    /// A strategic action (its side's) that stops it for the turn.
    #[serde(default)]
    pub unless: Option<String>,
    /// Conditions on tracks or turns that must hold for it to happen.
    #[serde(default)]
    pub when: Vec<crate::strategic::Condition>,
}

/// The accident check: the chance of an incident, by the value of a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccidentDef {
    /// The track that sets the chance (the risk of war).
    pub track: TrackId,
    /// The chance, by the track's value: the last entry whose `at_least`
    /// the value reaches applies.
    pub chances: Vec<Chance>,
}

/// The chance of an incident from a value of the track up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chance {
    /// From this value of the track.
    pub at_least: i32,
    /// The chance, in percent.
    pub percent: u32,
}

/// An incident of the table: what can happen by accident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct IncidentDef {
    /// Short id: `u2_shot_down`.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// What the audience reads.
    pub text: String,
    /// Its weight in the draw, against the other incidents'.
    #[serde(default = "one")]
    pub weight: u32,
    /// Who learns of it (default: everyone).
    #[serde(default = "everyone")]
    pub to: Audience,
    /// Its effects on tracks.
    #[serde(default)]
    pub effects: Vec<crate::strategic::Effect>,
    /// What must hold at the close for it to happen (a submarine forced up
    /// needs one at the line): on tracks its whole audience knows exactly,
    /// the turn, or where a named side's units are. Drawn when they do not
    /// hold, it does not happen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<crate::strategic::Condition>,
}

fn one() -> u32 {
    1
}

fn everyone() -> Audience {
    Audience::All
}

/// A strategic action on a side's menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategicDef {
    /// Short id: `quarantine`.
    pub id: String,
    /// The side whose menu holds it.
    pub side: SideId,
    /// Name for people: `Declare a naval quarantine of Cuba`.
    pub name: String,
    /// What it means, for the players.
    #[serde(default)]
    pub description: String,
    /// Whether everyone learns of it at publish (else the side alone).
    #[serde(default)]
    pub public: bool,
    /// Conditions on tracks that must hold when it is ordered.
    #[serde(default)]
    pub requires: Vec<crate::strategic::Condition>,
    /// How it is resolved: `auto`, `roll` (against `target`) or `umpire`.
    #[serde(default)]
    pub resolution: crate::strategic::Resolution,
    /// For `roll`: the total of two dice needed, 2 to 12.
    #[serde(default)]
    pub target: u8,
    /// For `roll`: what makes the roll easier or harder, by the tracks at
    /// the close of orders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<crate::strategic::Modifier>,
    /// Its effects on tracks (on success, for a roll).
    #[serde(default)]
    pub effects: Vec<crate::strategic::Effect>,
    /// Its effects when the roll fails.
    #[serde(default)]
    pub on_failure: Vec<crate::strategic::Effect>,
    /// Tracks whose value the side learns when it succeeds (as of that turn):
    /// the intelligence an overflight brings.
    #[serde(default)]
    pub reveals: Vec<TrackId>,
    /// What its success means, for people: the text of its result, and the
    /// default outcome when the umpire rules it a success.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub success_text: String,
    /// What its failure means, likewise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub failure_text: String,
}

/// An ending: when a track reaches a value (at publish), the game ends with
/// this verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndingDef {
    /// The track watched.
    pub track: TrackId,
    /// Ends when the track is at this value or above.
    #[serde(default)]
    pub at_least: Option<i32>,
    /// Ends when the track is at this value or below.
    #[serde(default)]
    pub at_most: Option<i32>,
    /// The verdict, for everyone.
    pub verdict: String,
}

/// A track: a number in a range, known exactly to some, by its band to all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TrackDef {
    /// Short id: `risk`.
    pub id: TrackId,
    /// Name for people: `Risk of war`.
    pub name: String,
    /// Lowest value.
    pub min: i32,
    /// Highest value.
    pub max: i32,
    /// Where it starts.
    pub start: i32,
    /// Whether everyone, observers included, knows the exact value.
    #[serde(default)]
    pub public: bool,
    /// The sides that know the exact value (the umpire always does).
    #[serde(default)]
    pub exact: Vec<SideId>,
    /// Named bands, lowest first, that everyone may know; empty: none.
    #[serde(default)]
    pub bands: Vec<Band>,
}

/// A named band of a track: the values up to `upto` (from the band below).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Name for people: `elevated`.
    pub name: String,
    /// The highest value in the band.
    pub upto: i32,
}

/// A channel letters travel by: secret (the two sides and the umpire read it)
/// or public (everyone does), with a delay in turns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChannelDef {
    /// Short id: `embassy_cable`.
    pub id: ChannelId,
    /// Name for people: `Embassy cable`.
    pub name: String,
    /// Whether letters sent by it are public (a broadcast, a speech).
    #[serde(default)]
    pub public: bool,
    /// Turns in transit: 0 delivers at the publish of the turn it was sent,
    /// 1 at the next turn's publish, and so on.
    #[serde(default)]
    pub delay: u32,
}

/// A term a letter may propose, and the side that would carry it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TermDef {
    /// Short id: `quarantine_lifted`.
    pub id: TermId,
    /// Name for people: `The quarantine is lifted`.
    pub name: String,
    /// The side that would do it.
    pub by: SideId,
    /// What agreeing to it in public costs (on tracks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_cost: Vec<crate::strategic::Effect>,
    /// What agreeing to it in secret costs: usually nothing, unless revealed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_cost: Vec<crate::strategic::Effect>,
    /// What carrying it out does, when the agreement takes effect, in public
    /// or in secret alike (the missiles dismantled, the quarantine lifted):
    /// after the costs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<crate::strategic::Effect>,
}

/// A scripted inject: released at its turn's briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectDef {
    /// The turn (1-based) whose briefing releases it.
    pub turn: u32,
    /// Who reads it: `"all"`, `{ side = "us" }` or `{ sides = ["us", "ussr"] }`.
    pub to: Audience,
    /// What it says.
    pub text: String,
    /// Conditions on tracks that must hold at the briefing, or it is not released.
    #[serde(default)]
    pub when: Vec<crate::strategic::Condition>,
    /// Its effects on tracks, when it is released.
    #[serde(default)]
    pub effects: Vec<crate::strategic::Effect>,
}

/// One side of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideDef {
    /// Short id: `us`, `ussr`.
    pub id: SideId,
    /// Name for people: `United States (ExComm)`.
    pub name: String,
    /// The seats of the side; exactly one is the leader.
    pub seats: Vec<SeatDef>,
}

/// One seat of a side, held by at most one player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatDef {
    /// Short id: `president`.
    pub id: SeatId,
    /// Name for people: `President`.
    pub name: String,
    /// Whether this seat commits the side's orders.
    #[serde(default)]
    pub leader: bool,
}

/// One turn of a scenario: one day of the crisis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnDef {
    /// The day the turn stands for, as `YYYY-MM-DD`.
    pub date: String,
    /// A headline for the day.
    #[serde(default)]
    pub title: String,
}
