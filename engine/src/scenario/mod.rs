//! The scenario: what a scenario file (TOML) says, and the checks that a file
//! must pass before a session can be built on it.
//!
//! Parsing is pure: the caller reads the file and hands over its name and text,
//! so the engine never touches the file system. Every problem in a file is
//! reported at once, in the file's order, each naming the place, its line
//! and column when the file has it, and the fix; an unknown name gets the
//! closest known one as a suggestion, and one mistake is one problem.
//!
//! This module owns [`Scenario`] (a definition that passed every check: the
//! only kind a session is built on), [`Scenario::parse`], the lookups by id,
//! and [`ScenarioError`]/[`Problem`]. The definition's types are in `model`,
//! the history's in `timeline`; `read` reads a file piece by piece (every
//! TOML and type error, and what was left out, so that it does not cascade),
//! the checks, one file a concern, are in `check` — those that keep one
//! side's secrets from the others in `check/leaks.rs` — and `suggest` finds
//! the name a typo meant.

mod check;
mod model;
mod read;
mod suggest;
pub mod timeline;

use crate::command::Audience;
use crate::ids::{ChannelId, SeatId, SideId, TermId, TrackId};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

pub use model::{
    AccidentDef, Band, Chance, ChannelDef, DraftsAtDeadline, EachTurnDef, EndingDef, IncidentDef,
    InjectDef, ScenarioDef, SeatDef, SideDef, StrategicDef, TermDef, TrackDef, TurnDef,
};
pub use timeline::{HistoryMove, TimelineEntry};

/// A validated scenario: sides and their seats, the turns with their dates,
/// and the rest of its definition, which it shows read-only (it derefs to
/// [`ScenarioDef`]).
///
/// There is no other way to hold one than through the checks: it is made by
/// [`Scenario::parse`] from TOML, by [`Scenario::try_from`] from a
/// [`ScenarioDef`], or by deserializing, which runs the same checks. It
/// serializes as its definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ScenarioDef")]
pub struct Scenario {
    def: ScenarioDef,
}

impl Deref for Scenario {
    type Target = ScenarioDef;

    fn deref(&self) -> &ScenarioDef {
        &self.def
    }
}

impl Serialize for Scenario {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.def.serialize(serializer)
    }
}

/// Checks a definition; the error names the scenario by its id, as there is
/// no file to name (use [`Scenario::check`] to name one).
impl TryFrom<ScenarioDef> for Scenario {
    type Error = ScenarioError;

    fn try_from(def: ScenarioDef) -> Result<Self, ScenarioError> {
        let file = def.id.clone();
        Self::check(&file, def)
    }
}

impl Scenario {
    /// Parses and checks a scenario: the scenario, or every problem in the
    /// file, in the file's order, each with its line. `file` names the
    /// source in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, ScenarioError> {
        let refuse = |problems| ScenarioError {
            file: file.to_owned(),
            problems,
        };
        let reading = read::read(text).map_err(refuse)?;
        let mut problems = reading.problems;
        problems.extend(
            check::problems(&reading.def, reading.unread)
                .into_iter()
                .map(|found| {
                    reading
                        .source
                        .locate(found.problem, found.unknown.as_deref())
                }),
        );
        // Stable: problems at one place keep the order of the checks.
        problems.sort_by_key(|p| p.position);
        if problems.is_empty() {
            Ok(Self { def: reading.def })
        } else {
            Err(refuse(problems))
        }
    }

    /// Checks a definition: the scenario, or every problem in it. `file`
    /// names the source in errors; there is no text, so no lines.
    pub fn check(file: &str, def: ScenarioDef) -> Result<Self, ScenarioError> {
        let problems: Vec<Problem> = check::problems(&def, read::Unread::default())
            .into_iter()
            .map(|found| found.problem)
            .collect();
        if problems.is_empty() {
            Ok(Self { def })
        } else {
            Err(ScenarioError {
                file: file.to_owned(),
                problems,
            })
        }
    }
}

impl ScenarioDef {
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
}

/// Everything wrong with one scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file (or name) the scenario came from.
    pub file: String,
    /// Every problem found, in file order (those of the whole file, with no
    /// position, first).
    pub problems: Vec<Problem>,
}

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a path such as `sides[1] (blue).seats[0]` (an element's id in
    /// parentheses), or `syntax` for text that is not TOML.
    pub place: String,
    /// Where in the file's text, when there is a text and it has the place.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// A place in a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, in characters, from 1.
    pub column: usize,
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
            write!(f, "\n  {}", self.file)?;
            if let Some(Position { line, column }) = p.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": {}: {} — {}", p.place, p.message, p.fix)?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_SIDES: &str = include_str!("../../tests/data/tiny.toml");

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
        assert!(
            shown.contains("\n  tiny.toml:10:8: syntax: string values must be quoted"),
            "{shown}"
        );
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let text = TWO_SIDES.replace("title = \"Tiny\"", "title = \"Tiny\"\ncolour = 3");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn a_scenario_is_only_made_checked() {
        let good = Scenario::parse("tiny.toml", TWO_SIDES).expect("valid");
        // A definition is checked on the way in, whichever way it comes.
        let mut def = ScenarioDef::clone(&good);
        assert_eq!(Scenario::try_from(def.clone()), Ok(good.clone()));
        def.turns.clear();
        let err = Scenario::try_from(def.clone()).expect_err("no turns");
        assert_eq!(err.file, "tiny");
        assert!(
            err.to_string()
                .contains("tiny: turns: the scenario has no turns"),
            "{err}"
        );
        // Deserializing runs the same checks; serializing writes the definition.
        let json = serde_json::to_string(&good).expect("serializes");
        assert_eq!(json, serde_json::to_string(&*good).expect("serializes"));
        let back: Scenario = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, good);
        let bad = serde_json::to_string(&def).expect("serializes");
        let refused = serde_json::from_str::<Scenario>(&bad).expect_err("unchecked");
        assert!(
            refused.to_string().contains("the scenario has no turns"),
            "{refused}"
        );
    }
}
