//! Conditions (on a track, on the turn, or on a unit's zone), wherever a
//! scenario has them: preconditions of actions and stances, modifiers, and
//! the `when` of injects and of what happens each turn.

use super::{Problems, Table, leaks};
use crate::ids::SideId;
use crate::scenario::ScenarioDef;
use crate::strategic::Condition;

/// Problems with `conditions` at `place`. With a `side` (an action's or a
/// stance's), tracks must be ones the side knows exactly
/// ([`leaks::condition_track`]) and `unit_in` means its units; without one,
/// `unit_in` is refused and the caller sees to who may learn what the
/// conditions reveal. `what` names a condition in the
/// messages: `a precondition`, `a modifier`.
pub(super) fn check(
    s: &ScenarioDef,
    place: &str,
    side: Option<&SideId>,
    what: &str,
    conditions: &[Condition],
    p: &mut Problems,
) {
    for c in conditions {
        let kinds = [
            c.track.is_some(),
            c.from_turn.is_some() || c.until_turn.is_some(),
            c.unit_in.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            p.push(
                place.to_owned(),
                "a condition must be on one thing: a track, the turn, or a unit's zone".into(),
                "give `track` with `at_least`/`at_most`, or `from_turn`/`until_turn`, or `unit_in` (with `kind`)",
            );
            continue;
        }
        if let Some(id) = &c.track {
            match s.track(id) {
                None => p.unknown(
                    s,
                    place,
                    (Table::Tracks, id.as_str()),
                    format!("there is no track {id}"),
                    "name one of the [[tracks]]",
                ),
                Some(track) => {
                    // A bound outside the range holds always or never: a typo.
                    for (name, bound) in [("at_least", c.at_least), ("at_most", c.at_most)] {
                        if let Some(t) = bound
                            && !(track.min..=track.max).contains(&t)
                        {
                            p.push(
                                place.to_owned(),
                                format!(
                                    "`{name} = {t}` is outside track {} ({}..{})",
                                    track.id, track.min, track.max
                                ),
                                "give a bound within the track's range",
                            );
                        }
                    }
                    leaks::condition_track(place, side, track, what, p);
                }
            }
            if c.at_least.is_none() && c.at_most.is_none() {
                p.push(
                    place.to_owned(),
                    format!("the condition on {id} sets no bound"),
                    "give `at_least` or `at_most`",
                );
            }
        } else if c.at_least.is_some() || c.at_most.is_some() {
            p.push(
                place.to_owned(),
                "`at_least` and `at_most` without a `track`".into(),
                "name the track the bound is on",
            );
        }
        if let Some(whose) = &c.side {
            if side.is_some() {
                p.push(
                    place.to_owned(),
                    format!(
                        "`side = {whose:?}` where the condition means the ordering side's units"
                    ),
                    "drop `side`: an action's or a stance's conditions are on its own side's units",
                );
            } else if s.side(whose).is_none() {
                p.push(
                    place.to_owned(),
                    format!("there is no side {whose}"),
                    "name one of the [[sides]]",
                );
            }
            if c.unit_in.is_none() {
                p.push(
                    place.to_owned(),
                    "`side` without `unit_in`".into(),
                    "name the zone the side's unit must be in",
                );
            }
        }
        if let Some(zone) = &c.unit_in {
            if side.is_none() && c.side.is_none() {
                p.push(
                    place.to_owned(),
                    "`unit_in` here has no side whose units it could mean".into(),
                    "name the side (`side = \"ID\"`), or use `unit_in` in an action's or a stance's preconditions, where it means that side's",
                );
            }
            if !s.zones.iter().any(|z| &z.id == zone) {
                p.unknown(
                    s,
                    place,
                    (Table::Zones, zone.as_str()),
                    format!("there is no zone {zone}"),
                    "name one of the [[zones]]",
                );
            }
        } else if c.kind.is_some() {
            p.push(
                place.to_owned(),
                "`kind` without `unit_in`".into(),
                "name the zone the unit must be in",
            );
        }
        let turns = p.turns(s);
        for t in [c.from_turn, c.until_turn].into_iter().flatten() {
            if let Some(turns) = turns
                && (t == 0 || t as usize > turns)
            {
                p.push(
                    place.to_owned(),
                    format!("turn {t}, but the turns run from 1 to {turns}"),
                    "give one of the scenario's turns",
                );
            }
        }
    }
}
