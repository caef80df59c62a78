//! The turns: at least one, each dated `YYYY-MM-DD`.

use super::Problems;
use super::ids::is_date;
use crate::scenario::ScenarioDef;

/// The turns and their dates.
pub(super) fn turns(s: &ScenarioDef, p: &mut Problems) {
    if p.turns(s) == Some(0) {
        p.push(
            "turns".into(),
            "the scenario has no turns".into(),
            "define at least one [[turns]] with a date",
        );
    }
    for (i, turn) in s.turns.iter().enumerate() {
        if !is_date(&turn.date) {
            p.push(
                format!("turns[{i}]"),
                format!("turn {} has date {:?}", i + 1, turn.date),
                "write the date as YYYY-MM-DD",
            );
        }
    }
}
