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
//! calls in [`problems`], and within each, the order of the file.

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

use super::{Problem, ScenarioDef};

/// The problems found so far, each with its place and fix.
#[derive(Debug, Default)]
pub(super) struct Problems(Vec<Problem>);

impl Problems {
    /// Records a problem: where it is, what is wrong, and how to fix it.
    pub(super) fn push(&mut self, place: String, message: String, fix: &str) {
        self.0.push(Problem {
            place,
            message,
            fix: fix.to_owned(),
        });
    }
}

/// Every problem in the scenario, each with its place and fix.
pub(super) fn problems(s: &ScenarioDef) -> Vec<Problem> {
    let mut p = Problems::default();
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
    p.0
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
