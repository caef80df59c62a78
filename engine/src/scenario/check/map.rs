//! The map and the forces on it: zones and their adjacency (one connected
//! map), units, the stances they may take, the contact table, and cargoes.

use super::ids::is_id;
use super::{Problems, Table, conditions, effects, leaks};
use crate::ids::ZoneId;
use crate::map::{CargoDef, Graph, UnitDef, ZoneDef};
use crate::scenario::ScenarioDef;
use std::collections::BTreeSet;

/// The zone with this id.
fn zone<'s>(s: &'s ScenarioDef, id: &ZoneId) -> Option<&'s ZoneDef> {
    s.zones.iter().find(|z| &z.id == id)
}

/// The cargo with this id.
fn cargo<'s>(s: &'s ScenarioDef, id: &str) -> Option<&'s CargoDef> {
    s.cargoes.iter().find(|c| c.id == id)
}

/// The zones: ids, adjacency to real zones (not to themselves), and every
/// zone reachable from the first — checked only when every zone was read
/// and every adjacency is to one of them, or a typo would cut the map.
pub(super) fn zones(s: &ScenarioDef, p: &mut Problems) {
    let mut ids = BTreeSet::new();
    let mut all_adjacent_known = true;
    for (i, z) in s.zones.iter().enumerate() {
        let place = format!("zones[{i}] ({})", z.id);
        if !is_id(z.id.as_str()) || !ids.insert(&z.id) {
            p.push(
                place.clone(),
                format!("zone id {:?} is not a valid, unique id", z.id.as_str()),
                "give every zone its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        for other in &z.adjacent {
            if zone(s, other).is_none() {
                all_adjacent_known = false;
                p.unknown(
                    s,
                    &place,
                    (Table::Zones, other.as_str()),
                    format!("it is next to zone {other}, which is not on the map"),
                    "list ids of [[zones]] in `adjacent`",
                );
            } else if other == &z.id {
                p.push(
                    place.clone(),
                    "it is listed as next to itself".into(),
                    "remove the zone's own id from `adjacent`",
                );
            }
        }
    }
    let graph = Graph::new(&s.zones);
    if let Some(first) = s.zones.first()
        && all_adjacent_known
        && !p.unread("zones")
    {
        for (i, z) in s.zones.iter().enumerate() {
            if graph.distance(&first.id, &z.id).is_none() {
                p.push(
                    format!("zones[{i}] ({})", z.id),
                    format!("zone {} cannot be reached from zone {}", z.id, first.id),
                    "connect it to the rest of the map with `adjacent`",
                );
            }
        }
    }
}

/// The units: ids, sides, where they start, movement and detection, search,
/// cargo, the turn they enter, and their starting stance.
pub(super) fn units(s: &ScenarioDef, p: &mut Problems) {
    if !s.units.is_empty() && p.count("zones", s.zones.len()) == Some(0) {
        p.push(
            "units".into(),
            "units, but no [[zones]] to put them in".into(),
            "add the map's [[zones]]",
        );
    }
    let mut unit_ids = BTreeSet::new();
    for (i, u) in s.units.iter().enumerate() {
        let place = format!("units[{i}] ({})", u.id);
        if !is_id(u.id.as_str()) || !unit_ids.insert(&u.id) {
            p.push(
                place.clone(),
                format!("unit id {:?} is not a valid, unique id", u.id.as_str()),
                "give every unit its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if s.side(&u.side).is_none() {
            p.unknown(
                s,
                &place,
                (Table::Sides, u.side.as_str()),
                format!("there is no side {}", u.side),
                "set `side` to the id of one of the [[sides]]",
            );
        }
        if zone(s, &u.start).is_none() {
            p.unknown(
                s,
                &place,
                (Table::Zones, u.start.as_str()),
                format!("it starts in zone {}, which is not on the map", u.start),
                "set `start` to the id of one of the [[zones]]",
            );
        }
        if u.movement > 10 || u.detection > 10 {
            p.push(
                place.clone(),
                format!(
                    "movement {} or detection {} is more than 10",
                    u.movement, u.detection
                ),
                "give movement and detection of 0 to 10 zones",
            );
        }
        if u.asw != 0 && !(2..=12).contains(&u.asw) {
            p.push(
                place.clone(),
                format!("an anti-submarine target of {}", u.asw),
                "set `asw` to the total of two dice it needs (2 to 12), or 0 for none",
            );
        }
        if let Some(c) = &u.cargo {
            if cargo(s, c).is_none() {
                p.unknown(
                    s,
                    &place,
                    (Table::Cargoes, c),
                    format!("it carries {c}, which is not one of the [[cargoes]]"),
                    "set `cargo` to the id of one of the [[cargoes]]",
                );
            }
            if !u.kind.stoppable() {
                p.push(
                    place.clone(),
                    format!("a {} carries cargo", u.kind.as_str()),
                    "give cargo to surface ships and ground units only",
                );
            }
        }
        if let Some(turns) = p.turns(s)
            && (u.enters == 0 || u.enters as usize > turns)
        {
            p.push(
                place.clone(),
                format!(
                    "it enters at turn {}, but the turns run from 1 to {turns}",
                    u.enters,
                ),
                "set `enters` to one of the scenario's turns",
            );
        }
        if let Some(stance) = &u.stance {
            start_stance(s, &place, u, stance, p);
        }
    }
}

/// The stance unit `u` starts in: one of the [[stances]], and one its side
/// and kind may take (not looked for when its side is unknown: that is its
/// problem).
fn start_stance(s: &ScenarioDef, place: &str, u: &UnitDef, stance: &str, p: &mut Problems) {
    const FIX: &str = "name a stance of [[stances]] for the unit's side and kind";
    if !s.stances.iter().any(|d| d.id == stance) {
        p.unknown(
            s,
            place,
            (Table::Stances, stance),
            format!("it starts in stance {stance}, which is not one of the [[stances]]"),
            FIX,
        );
    } else if s.side(&u.side).is_some()
        && !s
            .stances
            .iter()
            .any(|d| d.id == stance && d.side == u.side && d.kinds.contains(&u.kind))
    {
        p.push(
            place.to_owned(),
            format!(
                "it starts in stance {stance}, which its side's {}s may not take",
                u.kind.as_str()
            ),
            FIX,
        );
    }
}

/// The stances: ids, sides, kinds, and their preconditions.
pub(super) fn stances(s: &ScenarioDef, p: &mut Problems) {
    let mut stance_ids = BTreeSet::new();
    for (i, d) in s.stances.iter().enumerate() {
        let place = format!("stances[{i}] ({})", d.id);
        if !is_id(&d.id) || !stance_ids.insert(&d.id) {
            p.push(
                place.clone(),
                format!("stance id {:?} is not a valid, unique id", d.id),
                "give every stance its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if s.side(&d.side).is_none() {
            p.unknown(
                s,
                &place,
                (Table::Sides, d.side.as_str()),
                format!("there is no side {}", d.side),
                "set `side` to the id of one of the [[sides]]",
            );
        }
        if d.kinds.is_empty() {
            p.push(
                place.clone(),
                "no kind of unit may take it".into(),
                "list the unit kinds in `kinds`",
            );
        }
        conditions::check(s, &place, Some(&d.side), "a precondition", &d.requires, p);
    }
}

/// The contact table: real stances of two sides, one row a pair, effects
/// that stay between the two sides, and a text.
pub(super) fn contacts(s: &ScenarioDef, p: &mut Problems) {
    let mut pairs = BTreeSet::new();
    for (i, c) in s.contacts.iter().enumerate() {
        let place = format!("contacts[{i}]");
        let enforcer = s.stances.iter().find(|d| d.id == c.enforcer);
        let other = s.stances.iter().find(|d| d.id == c.other);
        for (id, found) in [(&c.enforcer, enforcer), (&c.other, other)] {
            if found.is_none() {
                p.unknown(
                    s,
                    &place,
                    (Table::Stances, id),
                    format!("there is no stance {id}"),
                    "name stances of the [[stances]]",
                );
            }
        }
        if let (Some(e), Some(o)) = (enforcer, other) {
            if e.side == o.side {
                p.push(
                    place.clone(),
                    format!("stances {} and {} are the same side's", e.id, o.id),
                    "a contact is between ships of two sides",
                );
            }
            let sides = [e.side.clone(), o.side.clone()];
            effects::check(s, &place, &c.effects, Some(&sides), "the contact", p);
            for e in &c.effects {
                effects::no_to(&place, e, p);
            }
        }
        if !pairs.insert((&c.enforcer, &c.other)) {
            p.push(
                place.clone(),
                format!("the pair {} / {} is listed twice", c.enforcer, c.other),
                "give each pair of stances one row",
            );
        }
        if c.text.trim().is_empty() {
            p.push(
                place,
                "the contact has no text".into(),
                "write what both sides read",
            );
        }
    }
}

/// The cargoes: ids, where they are delivered and what that does (which
/// stays the carrying side's secret).
pub(super) fn cargoes(s: &ScenarioDef, p: &mut Problems) {
    let mut cargo_ids = BTreeSet::new();
    for (i, c) in s.cargoes.iter().enumerate() {
        let place = format!("cargoes[{i}] ({})", c.id);
        if !is_id(&c.id) || !cargo_ids.insert(&c.id) {
            p.push(
                place.clone(),
                format!("cargo id {:?} is not a valid, unique id", c.id),
                "give every cargo its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if let Some(z) = &c.deliver_in
            && zone(s, z).is_none()
        {
            p.unknown(
                s,
                &place,
                (Table::Zones, z.as_str()),
                format!("it is delivered in zone {z}, which is not on the map"),
                "set `deliver_in` to the id of one of the [[zones]]",
            );
        }
        if c.deliver_in.is_none() && !c.on_delivery.is_empty() {
            p.push(
                place.clone(),
                "effects on delivery, but nowhere to deliver it".into(),
                "set `deliver_in`, or remove `on_delivery`",
            );
        }
        for e in &c.on_delivery {
            effects::no_to(&place, e, p);
        }
        leaks::secret_delivery(s, &place, c, p);
    }
}
