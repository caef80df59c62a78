//! The sides and their seats: at least two sides, ids valid and unique and
//! not a role's name, exactly one leader seat a side.

use super::ids::is_id;
use super::{Problems, Table};
use crate::command::Audience;
use crate::ids::SideId;
use crate::scenario::ScenarioDef;
use std::collections::BTreeSet;

/// Role names that join codes use beside side ids, so no side may take them.
const RESERVED_ROLES: &[&str] = &["umpire", "observer"];

/// The sides and their seats.
pub(super) fn sides(s: &ScenarioDef, p: &mut Problems) {
    if let Some(count) = p.count("sides", s.sides.len())
        && count < 2
    {
        p.push(
            "sides".into(),
            format!("the scenario has {count} side(s)"),
            "define at least two [[sides]]",
        );
    }
    let mut side_ids = BTreeSet::new();
    for (i, side) in s.sides.iter().enumerate() {
        let place = format!("sides[{i}] ({})", side.id);
        if !is_id(side.id.as_str()) {
            p.push(
                place.clone(),
                format!("side id {:?} is not a valid id", side.id.as_str()),
                "use lowercase letters, digits, '-' and '_' only",
            );
        }
        if RESERVED_ROLES.contains(&side.id.as_str()) {
            p.push(
                place.clone(),
                format!("side id {:?} is the name of a role", side.id.as_str()),
                "call the side something else: umpire and observer are taken",
            );
        }
        if !side_ids.insert(&side.id) {
            p.push(
                place.clone(),
                format!("side id {:?} is used twice", side.id.as_str()),
                "give every side its own id",
            );
        }
        let leaders = side.seats.iter().filter(|s| s.leader).count();
        if leaders != 1 {
            p.push(
                format!("{place}.seats"),
                format!("side {} has {leaders} leader seats", side.id),
                "mark exactly one seat of each side with leader = true",
            );
        }
        let mut seat_ids = BTreeSet::new();
        for (j, seat) in side.seats.iter().enumerate() {
            if !is_id(seat.id.as_str()) {
                p.push(
                    format!("{place}.seats[{j}]"),
                    format!("seat id {:?} is not a valid id", seat.id.as_str()),
                    "use lowercase letters, digits, '-' and '_' only",
                );
            }
            if !seat_ids.insert(&seat.id) {
                p.push(
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
}

/// Who something is for, at `place`: `"all"`, or sides the scenario has,
/// each named once.
pub(super) fn audience(s: &ScenarioDef, place: &str, to: &Audience, p: &mut Problems) {
    const FIX: &str = "set `to` to \"all\", { side = \"ID\" } or { sides = [\"ID\", ...] }, with ids of the [[sides]]";
    let listed: &[SideId] = match to {
        Audience::All => return,
        Audience::Side(side) => std::slice::from_ref(side),
        Audience::Sides(list) => list,
    };
    let unknown: Vec<&SideId> = listed.iter().filter(|d| s.side(d).is_none()).collect();
    for side in &unknown {
        p.unknown(
            s,
            place,
            (Table::Sides, side.as_str()),
            format!("there is no side {side}"),
            FIX,
        );
    }
    if unknown.is_empty()
        && let Some(why) = s.audience_problem(to)
    {
        p.push(place.to_owned(), why, FIX);
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

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
}
