//! What an id and a date look like in a scenario, and the scenario's own id.

use super::Problems;
use crate::scenario::ScenarioDef;

/// The scenario's id.
pub(super) fn scenario(s: &ScenarioDef, p: &mut Problems) {
    if !is_id(&s.id) && !p.unread("id") {
        p.push(
            "id".into(),
            format!("scenario id {:?} is not a valid id", s.id),
            "use lowercase letters, digits, '-' and '_' only",
        );
    }
}

/// Whether `s` is a valid id: 1 to 64 lowercase letters, digits, '-' and '_'.
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Whether `s` is a date as `YYYY-MM-DD` (digits in place; not a calendar check).
pub(super) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
