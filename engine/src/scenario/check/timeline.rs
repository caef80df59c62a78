//! The history: each entry dated, with text, and its moves ones the game can
//! make (a side's strategic action, or the terms of its letter).

use super::ids::is_date;
use super::{Problems, Table};
use crate::scenario::ScenarioDef;

/// The timeline's entries and their moves.
pub(super) fn timeline(s: &ScenarioDef, p: &mut Problems) {
    for (i, t) in s.timeline.iter().enumerate() {
        if !is_date(&t.date) || t.text.trim().is_empty() {
            p.push(
                format!("timeline[{i}]"),
                format!("an entry dated {:?} with or without text", t.date),
                "give each entry a `date` as YYYY-MM-DD and the `text` of what happened",
            );
        }
        for (j, m) in t.moves.iter().enumerate() {
            let place = format!("timeline[{i}].moves[{j}]");
            let side_known = s.side(&m.side).is_some();
            if !side_known {
                p.unknown(
                    s,
                    &place,
                    (Table::Sides, m.side.as_str()),
                    format!("there is no side {}", m.side),
                    "name a side of the scenario's [[sides]]",
                );
            }
            match &m.action {
                // An unknown side's menu is not looked in: that is one problem.
                Some(action)
                    if side_known
                        && !s
                            .strategic
                            .iter()
                            .any(|a| &a.id == action && a.side == m.side) =>
                {
                    let menu = s.strategic.iter().filter(|a| a.side == m.side);
                    p.unknown_among(
                        &place,
                        (Table::Actions, action),
                        menu.map(|a| a.id.as_str()),
                        format!("{} has no strategic action {action}", m.side),
                        "name an action of the side's menu ([[actions]] with this side)",
                    );
                }
                Some(_) if !m.terms.is_empty() => p.push(
                    place.clone(),
                    "a move with both an action and terms".to_owned(),
                    "give either `action` (a strategic action) or `terms` (a letter's), not both",
                ),
                None if m.terms.is_empty() => p.push(
                    place.clone(),
                    "a move with neither an action nor terms".to_owned(),
                    "give `action` (a strategic action of the side) or `terms` (what its letter proposed)",
                ),
                _ => {}
            }
            for term in &m.terms {
                if s.term(term).is_none() {
                    p.unknown(
                        s,
                        &place,
                        (Table::Terms, term.as_str()),
                        format!("there is no term {term}"),
                        "name a term of the scenario's [[terms]]",
                    );
                }
            }
        }
    }
}
