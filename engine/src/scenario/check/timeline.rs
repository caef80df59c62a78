//! The history: each entry dated, with text, and its moves ones the game can
//! make (a side's strategic action, or the terms of its letter).

use super::Problems;
use super::ids::is_date;
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
            if s.side(&m.side).is_none() {
                p.push(
                    place.clone(),
                    format!("there is no side {}", m.side),
                    "name a side of the scenario's [[sides]]",
                );
            }
            match &m.action {
                Some(action)
                    if !s
                        .strategic
                        .iter()
                        .any(|a| &a.id == action && a.side == m.side) =>
                {
                    p.push(
                        place.clone(),
                        format!("{} has no strategic action {action}", m.side),
                        "name an action of the side's menu ([[actions]] with this side)",
                    )
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
                    p.push(
                        place.clone(),
                        format!("there is no term {term}"),
                        "name a term of the scenario's [[terms]]",
                    );
                }
            }
        }
    }
}
