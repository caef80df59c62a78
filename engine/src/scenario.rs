//! The scenario model: what a scenario file (TOML) says, and the checks that a
//! file must pass before a session can be built on it.
//!
//! Parsing is pure: the caller reads the file and hands over its name and text,
//! so the engine never touches the file system. Every problem in a file is
//! reported at once, each naming the place and the fix.

use crate::command::Audience;
use crate::ids::{ChannelId, SeatId, SideId, TermId, TrackId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A validated scenario: sides and their seats, and the turns with their dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
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
    pub timeline: Vec<crate::map::TimelineEntry>,
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

impl Scenario {
    /// Parses and checks a scenario. `file` names the source in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, ScenarioError> {
        let scenario: Scenario = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((1, 1));
            ScenarioError {
                file: file.to_owned(),
                problems: vec![Problem {
                    place: format!("line {line}, column {column}"),
                    message: e.message().trim().to_owned(),
                    fix: "correct the TOML at that place (see docs/scenarios.md for the format)"
                        .to_owned(),
                }],
            }
        })?;
        let problems = scenario.problems();
        if problems.is_empty() {
            Ok(scenario)
        } else {
            Err(ScenarioError {
                file: file.to_owned(),
                problems,
            })
        }
    }

    /// The side with this id.
    pub fn side(&self, id: &SideId) -> Option<&SideDef> {
        self.sides.iter().find(|s| &s.id == id)
    }

    /// The channel with this id.
    pub fn channel(&self, id: &ChannelId) -> Option<&ChannelDef> {
        self.channels.iter().find(|c| &c.id == id)
    }

    /// The track with this id.
    pub fn track(&self, id: &TrackId) -> Option<&TrackDef> {
        self.tracks.iter().find(|t| &t.id == id)
    }

    /// The term with this id.
    pub fn term(&self, id: &TermId) -> Option<&TermDef> {
        self.terms.iter().find(|t| &t.id == id)
    }

    /// The seat `seat` of `side`, if the scenario has it.
    pub fn seat(&self, side: &SideId, seat: &SeatId) -> Option<&SeatDef> {
        self.side(side)?.seats.iter().find(|s| &s.id == seat)
    }

    /// Why `audience` names no real side, if it does not: a side the scenario
    /// does not have, or an empty or repeated list.
    pub fn audience_problem(&self, audience: &Audience) -> Option<String> {
        let sides: Vec<&str> = self.sides.iter().map(|s| s.id.as_str()).collect();
        let listed: &[SideId] = match audience {
            Audience::All => return None,
            Audience::Side(side) => std::slice::from_ref(side),
            Audience::Sides(list) => list,
        };
        if listed.is_empty() {
            return Some("an audience of sides must name at least one side".to_owned());
        }
        for (i, side) in listed.iter().enumerate() {
            if self.side(side).is_none() {
                return Some(format!(
                    "there is no side {side}; the sides are: {}",
                    sides.join(", ")
                ));
            }
            if listed[..i].contains(side) {
                return Some(format!("side {side} is named twice"));
            }
        }
        None
    }

    /// Every problem in the scenario, each with its place and fix.
    fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut problem = |place: String, message: String, fix: &str| {
            out.push(Problem {
                place,
                message,
                fix: fix.to_owned(),
            })
        };
        if !is_id(&self.id) {
            problem(
                "id".into(),
                format!("scenario id {:?} is not a valid id", self.id),
                "use lowercase letters, digits, '-' and '_' only",
            );
        }
        if self.sides.len() < 2 {
            problem(
                "sides".into(),
                format!("the scenario has {} side(s)", self.sides.len()),
                "define at least two [[sides]]",
            );
        }
        let mut side_ids = BTreeSet::new();
        for (i, side) in self.sides.iter().enumerate() {
            let place = format!("sides[{i}] ({})", side.id);
            if !is_id(side.id.as_str()) {
                problem(
                    place.clone(),
                    format!("side id {:?} is not a valid id", side.id.as_str()),
                    "use lowercase letters, digits, '-' and '_' only",
                );
            }
            if RESERVED_ROLES.contains(&side.id.as_str()) {
                problem(
                    place.clone(),
                    format!("side id {:?} is the name of a role", side.id.as_str()),
                    "call the side something else: umpire and observer are taken",
                );
            }
            if !side_ids.insert(&side.id) {
                problem(
                    place.clone(),
                    format!("side id {:?} is used twice", side.id.as_str()),
                    "give every side its own id",
                );
            }
            let leaders = side.seats.iter().filter(|s| s.leader).count();
            if leaders != 1 {
                problem(
                    format!("{place}.seats"),
                    format!("side {} has {leaders} leader seats", side.id),
                    "mark exactly one seat of each side with leader = true",
                );
            }
            let mut seat_ids = BTreeSet::new();
            for (j, seat) in side.seats.iter().enumerate() {
                if !is_id(seat.id.as_str()) {
                    problem(
                        format!("{place}.seats[{j}]"),
                        format!("seat id {:?} is not a valid id", seat.id.as_str()),
                        "use lowercase letters, digits, '-' and '_' only",
                    );
                }
                if !seat_ids.insert(&seat.id) {
                    problem(
                        format!("{place}.seats[{j}]"),
                        format!(
                            "seat id {:?} is used twice in side {}",
                            seat.id.as_str(),
                            side.id
                        ),
                        "give every seat of a side its own id",
                    );
                }
            }
        }
        if self.turns.is_empty() {
            problem(
                "turns".into(),
                "the scenario has no turns".into(),
                "define at least one [[turns]] with a date",
            );
        }
        for (i, turn) in self.turns.iter().enumerate() {
            if !is_date(&turn.date) {
                problem(
                    format!("turns[{i}]"),
                    format!("turn {} has date {:?}", i + 1, turn.date),
                    "write the date as YYYY-MM-DD",
                );
            }
        }
        let mut channel_ids = BTreeSet::new();
        for (i, channel) in self.channels.iter().enumerate() {
            let place = format!("channels[{i}] ({})", channel.id);
            if !is_id(channel.id.as_str()) || !channel_ids.insert(&channel.id) {
                problem(
                    place.clone(),
                    format!(
                        "channel id {:?} is not a valid, unique id",
                        channel.id.as_str()
                    ),
                    "give every channel its own id of lowercase letters, digits, '-' and '_'",
                );
            }
            if channel.delay as usize >= self.turns.len().max(1) {
                problem(
                    place,
                    format!(
                        "a delay of {} turns is as long as the whole game ({} turns)",
                        channel.delay,
                        self.turns.len()
                    ),
                    "give a delay shorter than the number of turns (0 delivers the same turn)",
                );
            }
        }
        let mut term_ids = BTreeSet::new();
        for (i, term) in self.terms.iter().enumerate() {
            let place = format!("terms[{i}] ({})", term.id);
            if !is_id(term.id.as_str()) || !term_ids.insert(&term.id) {
                problem(
                    place.clone(),
                    format!("term id {:?} is not a valid, unique id", term.id.as_str()),
                    "give every term its own id of lowercase letters, digits, '-' and '_'",
                );
            }
            if self.side(&term.by).is_none() {
                problem(
                    place,
                    format!(
                        "term {} is to be done by side {:?}, which does not exist",
                        term.id,
                        term.by.as_str()
                    ),
                    "set `by` to the id of one of the [[sides]]",
                );
            }
        }
        for (i, term) in self.terms.iter().enumerate() {
            let place = format!("terms[{i}] ({})", term.id);
            for e in term.public_cost.iter().chain(&term.secret_cost) {
                if self.track(&e.track).is_none() {
                    problem(
                        place.clone(),
                        format!("there is no track {}", e.track),
                        "name one of the [[tracks]]",
                    );
                }
            }
            for e in &term.secret_cost {
                if self.track(&e.track).is_some_and(|t| t.public) {
                    problem(
                        place.clone(),
                        format!(
                            "a secret cost on the public track {} would reveal the secret terms",
                            e.track
                        ),
                        "put secret costs only on tracks that are not public",
                    );
                }
            }
        }
        let mut track_ids = BTreeSet::new();
        for (i, track) in self.tracks.iter().enumerate() {
            let place = format!("tracks[{i}] ({})", track.id);
            if !is_id(track.id.as_str()) || !track_ids.insert(&track.id) {
                problem(
                    place.clone(),
                    format!("track id {:?} is not a valid, unique id", track.id.as_str()),
                    "give every track its own id of lowercase letters, digits, '-' and '_'",
                );
            }
            if track.min >= track.max
                || !(track.min..=track.max).contains(&track.start)
                || track.min < -1_000_000
                || track.max > 1_000_000
            {
                problem(
                    place.clone(),
                    format!(
                        "range {}..{} with start {} is not a range that holds its start",
                        track.min, track.max, track.start
                    ),
                    "set min below max, and start between them",
                );
            }
            for side in &track.exact {
                if self.side(side).is_none() {
                    problem(
                        format!("{place}.exact"),
                        format!("there is no side {side}"),
                        "list ids of the [[sides]] that know the exact value",
                    );
                }
            }
            let rising = track.bands.windows(2).all(|w| w[0].upto < w[1].upto);
            let ends = track.bands.last().is_none_or(|b| b.upto == track.max);
            let within = track.bands.first().is_none_or(|b| b.upto >= track.min);
            if !rising || !ends || !within {
                problem(
                    format!("{place}.bands"),
                    "the bands do not cover the range in rising order".into(),
                    "list bands lowest first, each `upto` higher than the last, the last `upto` equal to max",
                );
            }
        }
        let mut action_ids = BTreeSet::new();
        for (i, action) in self.strategic.iter().enumerate() {
            let place = format!("actions[{i}] ({})", action.id);
            if !is_id(&action.id) || !action_ids.insert((&action.side, &action.id)) {
                problem(
                    place.clone(),
                    format!(
                        "action id {:?} is not a valid id unique on its side's menu",
                        action.id
                    ),
                    "give every action of a side its own id of lowercase letters, digits, '-' and '_'",
                );
            }
            if self.side(&action.side).is_none() {
                problem(
                    place.clone(),
                    format!("there is no side {}", action.side),
                    "set `side` to the id of one of the [[sides]]",
                );
            }
            if action.resolution == crate::strategic::Resolution::Roll
                && !(2..=12).contains(&action.target)
            {
                problem(
                    place.clone(),
                    format!(
                        "a rolled action needs a target of 2 to 12, not {}",
                        action.target
                    ),
                    "set `target` (two dice must total at least this; 7 is even odds)",
                );
            }
            crate::strategic::condition_problems(
                self,
                &place,
                Some(&action.side),
                "a precondition",
                &action.requires,
                &mut problem,
            );
            crate::strategic::modifier_problems(self, &place, action, &mut problem);
            for track in action
                .effects
                .iter()
                .chain(&action.on_failure)
                .map(|e| &e.track)
            {
                if self.track(track).is_none() {
                    problem(
                        place.clone(),
                        format!("there is no track {track}"),
                        "name one of the [[tracks]]",
                    );
                }
            }
            for track in &action.reveals {
                if self.track(track).is_none() {
                    problem(
                        place.clone(),
                        format!("it reveals track {track}, which does not exist"),
                        "name one of the [[tracks]] in `reveals`",
                    );
                }
            }
            let roll = action.resolution == crate::strategic::Resolution::Roll;
            if !roll && (action.target != 0 || !action.on_failure.is_empty()) {
                problem(
                    place.clone(),
                    "`target` and `on_failure` are for rolled actions only".into(),
                    "set resolution = \"roll\", or remove them",
                );
            }
            if action.resolution == crate::strategic::Resolution::Umpire
                && !action.effects.is_empty()
            {
                problem(
                    place.clone(),
                    "an action the umpire rules on has no fixed effects".into(),
                    "remove `effects` (the umpire moves the tracks with /track), or resolve it another way",
                );
            }
            for e in action.effects.iter().chain(&action.on_failure) {
                if let Some(track) = self.track(&e.track)
                    && (e.by == 0 || e.by.unsigned_abs() > track.max.abs_diff(track.min))
                {
                    problem(
                        place.clone(),
                        format!(
                            "a move of {} on {} is nothing, or more than its range",
                            e.by, track.id
                        ),
                        "give a move of 1 up to the track's range either way",
                    );
                }
            }
            if !action.public {
                let side = std::slice::from_ref(&action.side);
                for e in action.effects.iter().chain(&action.on_failure) {
                    if let Some(track) = self.track(&e.track)
                        && !track.known_only_within(side)
                    {
                        problem(
                            place.clone(),
                            format!(
                                "the secret action moves {}, which others know exactly: its move would give the action away",
                                track.id
                            ),
                            "make the action public, or move only tracks known to the umpire and this side",
                        );
                    }
                }
            }
        }
        if let Some(accident) = &self.accident {
            if self.track(&accident.track).is_none() {
                problem(
                    "accident".into(),
                    format!("there is no track {}", accident.track),
                    "set `track` to one of the [[tracks]] (the risk of war)",
                );
            }
            let rising = accident
                .chances
                .windows(2)
                .all(|w| w[0].at_least < w[1].at_least);
            if accident.chances.is_empty()
                || !rising
                || accident.chances.iter().any(|c| c.percent > 100)
            {
                problem(
                    "accident.chances".into(),
                    "the chances are empty, not in rising order of `at_least`, or over 100 percent"
                        .into(),
                    "list chances lowest `at_least` first, each `percent` from 0 to 100",
                );
            }
            if self.incidents.is_empty() {
                problem(
                    "accident".into(),
                    "an accident check with no [[incidents]] to draw from".into(),
                    "add [[incidents]], or remove [accident]",
                );
            }
            if let Some(track) = self.track(&accident.track) {
                for c in accident
                    .chances
                    .iter()
                    .filter(|c| !(track.min..=track.max).contains(&c.at_least))
                {
                    problem(
                        "accident.chances".into(),
                        format!(
                            "a step at {} is outside track {} ({}..{})",
                            c.at_least, track.id, track.min, track.max
                        ),
                        "give every `at_least` within the track's range",
                    );
                }
            }
            // Steps inside a band would tell those who see only the band more.
            if let Some(track) = self.track(&accident.track)
                && !track.public
                && !track.bands.is_empty()
            {
                let starts: Vec<i32> = std::iter::once(track.min)
                    .chain(track.bands.iter().map(|b| b.upto + 1))
                    .collect();
                if let Some(c) = accident.chances.iter().find(|c| {
                    (track.min..=track.max).contains(&c.at_least) && !starts.contains(&c.at_least)
                }) {
                    problem(
                        "accident.chances".into(),
                        format!(
                            "a step at {} falls inside a band of {}, so accidents would tell more than the band",
                            c.at_least, track.id
                        ),
                        "put every `at_least` at the start of one of the track's bands",
                    );
                }
            }
        } else if !self.incidents.is_empty() {
            problem(
                "incidents".into(),
                "[[incidents]] with no [accident] check: they never happen".into(),
                "add an [accident] table, or remove the incidents",
            );
        }
        let mut incident_ids = BTreeSet::new();
        for (i, incident) in self.incidents.iter().enumerate() {
            let place = format!("incidents[{i}] ({})", incident.id);
            if !is_id(&incident.id) || !incident_ids.insert(&incident.id) {
                problem(
                    place.clone(),
                    format!("incident id {:?} is not a valid, unique id", incident.id),
                    "give every incident its own id of lowercase letters, digits, '-' and '_'",
                );
            }
            if incident.weight == 0 || incident.weight > 1_000 {
                problem(
                    place.clone(),
                    format!("a weight of {}", incident.weight),
                    "give a weight of 1 to 1000",
                );
            }
            if let Some(why) = self.audience_problem(&incident.to) {
                problem(
                    place.clone(),
                    why,
                    "set `to` to \"all\", { side = \"ID\" } or { sides = [...] }",
                );
            }
            for e in &incident.effects {
                let within = match &incident.to {
                    Audience::All => true,
                    Audience::Side(side) => self
                        .track(&e.track)
                        .is_none_or(|t| t.known_only_within(std::slice::from_ref(side))),
                    Audience::Sides(sides) => self
                        .track(&e.track)
                        .is_none_or(|t| t.known_only_within(sides)),
                };
                if self.track(&e.track).is_none() {
                    problem(
                        place.clone(),
                        format!("there is no track {}", e.track),
                        "name one of the [[tracks]]",
                    );
                } else if !within {
                    problem(
                        place.clone(),
                        format!(
                            "the incident moves {}, which some outside its audience know exactly: the move would give it away",
                            e.track
                        ),
                        "widen the incident's audience, or move only tracks known within it",
                    );
                }
            }
        }
        for (i, each) in self.each_turn.iter().enumerate() {
            let place = format!("each_turn[{i}]");
            crate::strategic::condition_problems(
                self,
                &place,
                None,
                "a condition",
                &each.when,
                &mut problem,
            );
            // What a condition on a secret track does must stay among those who know it.
            for c in &each.when {
                if let Some(track) = c.track.as_ref().and_then(|t| self.track(t))
                    && !track.public
                {
                    let knowers = crate::map::knowers(self, &track.id);
                    crate::map::effect_problems(
                        self,
                        &place,
                        &each.effects,
                        Some(&knowers),
                        &format!("what happens when {} is reached", track.id),
                        &mut problem,
                    );
                }
            }
            if let Some(action) = &each.unless
                && !self.strategic.iter().any(|a| &a.id == action)
            {
                problem(
                    place.clone(),
                    format!("there is no action {action}"),
                    "set `unless` to the id of one of the [[actions]]",
                );
            }
            let secret_side = each.unless.as_ref().and_then(|a| {
                self.strategic
                    .iter()
                    .find(|d| &d.id == a && !d.public)
                    .map(|d| &d.side)
            });
            for e in &each.effects {
                if let (Some(side), Some(track)) = (secret_side, self.track(&e.track))
                    && !track.known_only_within(std::slice::from_ref(side))
                {
                    problem(
                        place.clone(),
                        format!(
                            "it moves {}, which others know exactly, unless a secret action stops it: its standing still would give the action away",
                            track.id
                        ),
                        "move only tracks known to the umpire and the action's side, or make the action public",
                    );
                }
                match self.track(&e.track) {
                    None => problem(
                        place.clone(),
                        format!("there is no track {}", e.track),
                        "name one of the [[tracks]]",
                    ),
                    Some(track)
                        if e.by == 0 || e.by.unsigned_abs() > track.max.abs_diff(track.min) =>
                    {
                        problem(
                            place.clone(),
                            format!(
                                "a move of {} on {} is nothing, or more than its range",
                                e.by, track.id
                            ),
                            "give a move of 1 up to the track's range either way",
                        )
                    }
                    Some(_) => {}
                }
            }
        }
        for (i, end) in self.endings.iter().enumerate() {
            let place = format!("endings[{i}]");
            match self.track(&end.track) {
                None => problem(
                    place.clone(),
                    format!("there is no track {}", end.track),
                    "set `track` to the id of one of the [[tracks]]",
                ),
                Some(track) => {
                    let threshold = match (end.at_least, end.at_most) {
                        (Some(t), None) | (None, Some(t)) => Some(t),
                        _ => None,
                    };
                    match threshold {
                        None => problem(
                            place.clone(),
                            "an ending needs exactly one of at_least and at_most".into(),
                            "give `at_least = N` or `at_most = N`",
                        ),
                        Some(t) if !(track.min..=track.max).contains(&t) => problem(
                            place.clone(),
                            format!(
                                "{t} is outside track {} ({}..{})",
                                track.id, track.min, track.max
                            ),
                            "give a value within the track's range",
                        ),
                        Some(_) => {}
                    }
                }
            }
            if end.verdict.trim().is_empty() {
                problem(
                    place,
                    "the ending has no verdict".into(),
                    "write the verdict everyone reads",
                );
            }
        }
        for (i, inject) in self.injects.iter().enumerate() {
            let place = format!("injects[{i}]");
            if inject.turn == 0 || inject.turn as usize > self.turns.len() {
                problem(
                    place.clone(),
                    format!(
                        "inject for turn {}, but the turns run from 1 to {}",
                        inject.turn,
                        self.turns.len()
                    ),
                    "set `turn` to one of the scenario's turns",
                );
            }
            if let Some(why) = self.audience_problem(&inject.to) {
                problem(
                    place.clone(),
                    why,
                    "set `to` to \"all\", { side = \"ID\" } or { sides = [\"ID\", ...] }",
                );
            }
            crate::strategic::condition_problems(
                self,
                &place,
                None,
                "a condition",
                &inject.when,
                &mut problem,
            );
            let audience: Option<Vec<SideId>> = match &inject.to {
                Audience::All => None,
                Audience::Side(side) => Some(vec![side.clone()]),
                Audience::Sides(sides) => Some(sides.clone()),
            };
            crate::map::effect_problems(
                self,
                &place,
                &inject.effects,
                audience.as_deref(),
                "the inject",
                &mut problem,
            );
            for c in &inject.when {
                let Some(track) = c.track.as_ref().and_then(|t| self.track(t)) else {
                    continue;
                };
                if track.public {
                    continue;
                }
                let knowers = crate::map::knowers(self, &track.id);
                let told = audience
                    .as_ref()
                    .is_some_and(|a| a.iter().all(|s| knowers.contains(s)));
                if !told {
                    problem(
                        place.clone(),
                        format!(
                            "the inject depends on {}, which some of its audience do not know exactly: its arrival would tell them",
                            track.id
                        ),
                        "send it only to sides that know the track exactly, or use a public track",
                    );
                }
                crate::map::effect_problems(
                    self,
                    &place,
                    &inject.effects,
                    Some(&knowers),
                    &format!("the inject on {}", track.id),
                    &mut problem,
                );
            }
            if inject.text.trim().is_empty() {
                problem(
                    place,
                    "the inject has no text".into(),
                    "write the text the audience will read",
                );
            }
        }
        crate::map::problems(self, &mut out);
        out
    }
}

/// Everything wrong with one scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file (or name) the scenario came from.
    pub file: String,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a line and column, or a path such as `sides[1].seats[0]`.
    pub place: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scenario {} has {} problem(s):",
            self.file,
            self.problems.len()
        )?;
        for p in &self.problems {
            write!(
                f,
                "\n  {}: {}: {} — {}",
                self.file, p.place, p.message, p.fix
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// Role names that join codes use beside side ids, so no side may take them.
const RESERVED_ROLES: &[&str] = &["umpire", "observer"];

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_SIDES: &str = include_str!("../tests/data/tiny.toml");

    #[test]
    fn a_good_scenario_parses() {
        let s = Scenario::parse("tiny.toml", TWO_SIDES).expect("valid");
        assert_eq!(s.sides.len(), 2);
        assert_eq!(s.side(&"red".into()).map(|d| d.seats.len()), Some(2));
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let text = TWO_SIDES.replace("name = \"Blue\"", "name = Blue");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        assert!(shown.contains("tiny.toml: line 10, column 8"), "{shown}");
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let text = TWO_SIDES.replace("title = \"Tiny\"", "title = \"Tiny\"\ncolour = 3");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn a_side_may_not_take_a_role_name() {
        let text = TWO_SIDES.replace("id = \"blue\"", "id = \"umpire\"");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        assert!(
            err.to_string()
                .contains("side id \"umpire\" is the name of a role"),
            "{err}"
        );
    }

    #[test]
    fn channels_terms_and_injects_are_checked() {
        let text = TWO_SIDES
            .replace("delay = 1", "delay = 3")
            .replace("by = \"red\"", "by = \"green\"")
            .replace(
                "turn = 2\nto = { side = \"red\" }",
                "turn = 4\nto = { sides = [\"red\", \"red\"] }",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "channels[1] (slow): a delay of 3 turns is as long as the whole game (3 turns)",
            "terms[0] (red_withdraws): term red_withdraws is to be done by side \"green\"",
            "injects[0]: inject for turn 4, but the turns run from 1 to 3",
            "injects[0]: side red is named twice",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }

    #[test]
    fn secret_moves_may_not_give_themselves_away() {
        let text = TWO_SIDES
            .replace(
                "effects = [{ track = \"red_mood\", by = 1 }]",
                "effects = [{ track = \"weather\", by = 1 }]",
            )
            .replace(
                "effects = [{ track = \"risk\", by = 1 }]",
                "effects = [{ track = \"red_mood\", by = 1 }]",
            )
            .replace("at_least = 5, percent = 100", "at_least = 3, percent = 100");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "actions[1] (gamble): the secret action moves weather, which others know exactly",
            "incidents[0] (flare): the incident moves red_mood, which some outside its audience know exactly",
            "accident.chances: a step at 3 falls inside a band of risk",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }

    #[test]
    fn modifiers_are_checked() {
        let text = TWO_SIDES
            .replace(
                "on_failure = [{ track = \"red_mood\", by = -1 }]",
                "on_failure = [{ track = \"red_mood\", by = -1 }]\nmodifiers = [{ track = \"risk\", at_least = 3, by = 2 }, { track = \"dread\", at_least = 1, by = 1 }, { track = \"weather\", at_least = 1, by = 0 }, { track = \"red_mood\", at_most = 2, by = -11 }, { track = \"weather\", by = 1 }]",
            )
            .replace(
                "effects = [{ track = \"risk\", by = 2 }]",
                "effects = [{ track = \"risk\", by = 2 }]\nmodifiers = [{ track = \"weather\", at_least = 1, by = 1 }]",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "actions[0] (mobilise): `modifiers` are for rolled actions only",
            "actions[1] (gamble).modifiers[0]: a modifier on risk, which side red does not know exactly, would tell it the value",
            "actions[1] (gamble).modifiers[1]: there is no track dread",
            "actions[1] (gamble).modifiers[2]: a modifier of 0 does nothing",
            "actions[1] (gamble).modifiers[3]: a modifier of -11 does nothing, or more than dice can bear",
            "actions[1] (gamble).modifiers[4]: the condition on weather sets no bound",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
        // A public action's roll is everyone's to see, and so are its modifiers.
        let text = TWO_SIDES
            .replace(
                "name = \"Gamble\"",
                "name = \"Gamble\"\npublic = true",
            )
            .replace(
                "on_failure = [{ track = \"red_mood\", by = -1 }]",
                "on_failure = [{ track = \"red_mood\", by = -1 }]\nmodifiers = [{ track = \"red_mood\", at_least = 3, by = 1 }, { track = \"weather\", at_least = 1, by = 1 }]",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        assert!(
            shown.contains("actions[1] (gamble).modifiers[0]: the action is public, so everyone learns its roll and modifiers, but red_mood is not public"),
            "{shown}"
        );
        assert_eq!(
            err.problems.len(),
            1,
            "the modifier on weather is fine: {shown}"
        );
    }

    #[test]
    fn tracks_are_checked() {
        let text = TWO_SIDES
            .replace("start = 2\n", "start = 12\n")
            .replace("exact = [\"red\"]", "exact = [\"green\"]")
            .replace(
                "{ name = \"high\", upto = 10 }",
                "{ name = \"high\", upto = 9 }",
            )
            .replace("at_least = 10", "at_least = 11")
            .replace(
                "track = \"weather\", at_least = 2",
                "track = \"risk\", at_least = 2",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "tracks[0] (risk): range 0..10 with start 12 is not a range that holds its start",
            "tracks[0] (risk).bands: the bands do not cover the range in rising order",
            "tracks[1] (red_mood).exact: there is no side green",
            "endings[0]: 11 is outside track risk (0..10)",
            "actions[2] (calm): a precondition on risk, which side blue does not know exactly, would tell it the value",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }

    #[test]
    fn every_semantic_problem_is_reported_at_once() {
        let text = TWO_SIDES
            .replace("id = \"blue\"", "id = \"red\"")
            .replace(
                "{ id = \"aide\", name = \"Aide\" }",
                "{ id = \"chief\", name = \"Aide\", leader = true }",
            )
            .replace("2000-01-01", "1 Jan 2000");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let places: Vec<&str> = err.problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "sides[0] (red).seats",
                "sides[0] (red).seats[1]",
                "sides[1] (red)",
                "turns[0]",
                "terms[1] (blue_pledges)",
                "actions[2] (calm)",
                "actions[3] (parley)",
                "incidents[0] (flare)"
            ],
            "{err}"
        );
    }
}
