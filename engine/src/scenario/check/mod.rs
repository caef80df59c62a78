//! The checks a scenario's definition must pass before it is a
//! [`Scenario`](super::Scenario), one file a concern: the scenario's id
//! (`ids`), sides and seats (`sides`), turns (`turns`), channels, terms and
//! injects (`letters`), tracks and endings (`tracks`), strategic actions and
//! their modifiers (`actions`), the accident table, incidents and what
//! happens each turn (`incidents`), the map and forces (`map`), and the
//! history (`timeline`); conditions and effects, which several of them have,
//! are checked by `conditions` and `effects`.
//!
//! The checks that stop scenario data from giving one side's secrets away
//! are all in `leaks`, called from the concern they belong to at the point
//! where that concern is checked.
//!
//! Every problem is reported at once, in a fixed order: the order of the
//! calls in [`problems`], and within each, the order of the file (and
//! [`Scenario::parse`](super::Scenario::parse) then puts them in the
//! file's order by line).
//!
//! A place is a path into the file (`zones[2] (approaches)`, `accident.chances`):
//! the first index counts the definition's elements, which `read::Source`
//! turns into the file's and a line.
//!
//! **One typo, one problem.** Pieces of a file that could not be read are
//! left out of the definition, already reported, and listed in the
//! [`Unread`] the checks get. So a reference by id goes through
//! [`Problems::unknown`], which is silent about an id an unread element may
//! have (and otherwise suggests the closest known id); a check of a whole —
//! there are two sides, the map is connected, an accident check has
//! incidents — is not made when part of that whole was unread; and turn
//! numbers are checked against every turn of the file ([`Problems::turns`]).

mod actions;
mod conditions;
mod effects;
mod ids;
mod incidents;
mod leaks;
mod letters;
mod map;
mod sides;
mod timeline;
mod tracks;
mod turns;

use super::read::Unread;
use super::{Problem, ScenarioDef, suggest};

/// The problems found so far, each with its place and fix, and what of the
/// file could not be read (about which the checks say nothing more).
#[derive(Debug)]
pub(super) struct Problems {
    found: Vec<Found>,
    unread: Unread,
}

/// A problem found, and the id it calls unknown, if it does: the file has
/// it at the place, on the line to show.
#[derive(Debug)]
pub(super) struct Found {
    /// The problem.
    pub(super) problem: Problem,
    /// The unknown id it is about.
    pub(super) unknown: Option<String>,
}

/// A table of the file whose elements others name by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Sides,
    Tracks,
    Zones,
    Stances,
    Cargoes,
    Actions,
    Terms,
}

impl Table {
    /// Its key in the file.
    fn key(self) -> &'static str {
        match self {
            Table::Sides => "sides",
            Table::Tracks => "tracks",
            Table::Zones => "zones",
            Table::Stances => "stances",
            Table::Cargoes => "cargoes",
            Table::Actions => "actions",
            Table::Terms => "terms",
        }
    }

    /// The ids its elements have in `s`.
    fn ids(self, s: &ScenarioDef) -> Vec<&str> {
        match self {
            Table::Sides => s.sides.iter().map(|d| d.id.as_str()).collect(),
            Table::Tracks => s.tracks.iter().map(|d| d.id.as_str()).collect(),
            Table::Zones => s.zones.iter().map(|d| d.id.as_str()).collect(),
            Table::Stances => s.stances.iter().map(|d| d.id.as_str()).collect(),
            Table::Cargoes => s.cargoes.iter().map(|d| d.id.as_str()).collect(),
            Table::Actions => s.strategic.iter().map(|d| d.id.as_str()).collect(),
            Table::Terms => s.terms.iter().map(|d| d.id.as_str()).collect(),
        }
    }
}

impl Problems {
    /// Records a problem: where it is, what is wrong, and how to fix it.
    pub(super) fn push(&mut self, place: String, message: String, fix: &str) {
        self.found.push(Found {
            problem: Problem {
                place,
                position: None,
                message,
                fix: fix.to_owned(),
            },
            unknown: None,
        });
    }

    /// Records that `id`, named at `place`, is not one of `table`'s in `s`
    /// (`message` says so), suggesting the closest id it has — unless an
    /// element of `table` that could not be read may have it: that element
    /// has its problem already.
    pub(super) fn unknown(
        &mut self,
        s: &ScenarioDef,
        place: &str,
        named: (Table, &str),
        message: String,
        fix: &str,
    ) {
        self.unknown_among(place, named, named.0.ids(s), message, fix);
    }

    /// As [`Problems::unknown`], suggesting one of `known` only (the ids
    /// of one side's actions, say).
    pub(super) fn unknown_among<'k>(
        &mut self,
        place: &str,
        (table, id): (Table, &str),
        known: impl IntoIterator<Item = &'k str>,
        message: String,
        fix: &str,
    ) {
        if self.unread.may_define(table.key(), id) {
            return;
        }
        let message = suggest::with_suggestion(message, id, known, false);
        self.push(place.to_owned(), message, fix);
        if let Some(found) = self.found.last_mut() {
            found.unknown = Some(id.to_owned());
        }
    }

    /// Whether anything of `key` could not be read: checks of the whole of
    /// it are not made.
    pub(super) fn unread(&self, key: &str) -> bool {
        self.unread.any(key)
    }

    /// How many elements of `key` the file has, the `read` ones and those
    /// that could not be; `None` when it cannot be told.
    pub(super) fn count(&self, key: &str, read: usize) -> Option<usize> {
        self.unread.count(key, read)
    }

    /// How many turns the file has, read or not; `None` when it cannot be
    /// told, and turn numbers are not checked.
    pub(super) fn turns(&self, s: &ScenarioDef) -> Option<usize> {
        self.count("turns", s.turns.len())
    }
}

/// Every problem in the scenario, each with its place and fix. `unread` is
/// what of its file could not be read.
pub(super) fn problems(s: &ScenarioDef, unread: Unread) -> Vec<Found> {
    let mut p = Problems {
        found: Vec::new(),
        unread,
    };
    ids::scenario(s, &mut p);
    sides::sides(s, &mut p);
    turns::turns(s, &mut p);
    letters::channels(s, &mut p);
    letters::terms(s, &mut p);
    tracks::tracks(s, &mut p);
    actions::actions(s, &mut p);
    incidents::accident(s, &mut p);
    incidents::incidents(s, &mut p);
    incidents::each_turn(s, &mut p);
    tracks::endings(s, &mut p);
    letters::injects(s, &mut p);
    map::zones(s, &mut p);
    map::units(s, &mut p);
    map::stances(s, &mut p);
    map::contacts(s, &mut p);
    map::cargoes(s, &mut p);
    timeline::timeline(s, &mut p);
    p.found
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

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
