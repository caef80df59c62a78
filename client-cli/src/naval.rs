//! The map for people: `/move` and `/stance` orders, the `/map` view (zones,
//! the side's own units, enemy units as last seen), and one line per naval
//! event. Units, zones, stances and sides go by their names; `/map` shows
//! beside them the ids `/move` and `/stance` take.

use brink_engine::{Action, Event, OrderItem, Sighting, UnitId, View, ZoneId};
use std::fmt::Write;

/// Parses `/move UNIT ZONE` or `/stance UNIT STANCE`; `None` for other commands.
pub fn parse(word: &str, rest: &str) -> Option<Result<Action, String>> {
    let mut words = rest.split_whitespace();
    let (unit, second, extra) = (words.next(), words.next(), words.next());
    Some(match (word, unit, second, extra) {
        ("/move", Some(unit), Some(to), None) => Ok(Action::AddOrder {
            order: OrderItem::Move {
                unit: unit.into(),
                to: to.into(),
            },
        }),
        ("/move", ..) => Err("usage: /move UNIT ZONE (/map lists your units and the zones)".into()),
        ("/stance", Some(unit), Some(stance), None) => Ok(Action::AddOrder {
            order: OrderItem::Stance {
                unit: unit.into(),
                stance: stance.to_owned(),
            },
        }),
        ("/stance", ..) => {
            Err("usage: /stance UNIT STANCE (/map lists your units and their stances)".into())
        }
        _ => return None,
    })
}

/// A zone's name for people, as it reads inside a line.
fn zone_name(view: &View, zone: &ZoneId) -> String {
    brink_engine::names::zone_in_sentence(&view.scenario.zones, zone)
}

/// A stance's name for people.
fn stance_name(view: &View, stance: &str) -> String {
    view.scenario
        .stances
        .iter()
        .find(|s| s.id == stance)
        .map_or_else(|| stance.to_owned(), |s| s.name.clone())
}

fn side_name(view: &View, side: &brink_engine::SideId) -> String {
    crate::describe::side_name(view, side)
}

/// A unit's name, if the view knows the unit: its own, or one seen.
fn known_unit(view: &View, unit: &UnitId) -> Option<String> {
    view.units
        .iter()
        .find(|u| &u.id == unit)
        .map(|u| u.name.clone())
        .or_else(|| {
            view.sightings
                .iter()
                .find(|s| &s.unit == unit)
                .map(|s| s.name.clone())
        })
}

fn unit_name(view: &View, unit: &UnitId) -> String {
    known_unit(view, unit).unwrap_or_else(|| unit.to_string())
}

/// An order about units, for people; `None` for other orders.
pub fn order_line(view: &View, order: &OrderItem) -> Option<String> {
    Some(match order {
        OrderItem::Move { unit, to } => {
            format!("move {} to {}", unit_name(view, unit), zone_name(view, to))
        }
        OrderItem::Stance { unit, stance } => {
            format!(
                "{} takes stance {}",
                unit_name(view, unit),
                stance_name(view, stance)
            )
        }
        _ => return None,
    })
}

fn sighting_text(view: &View, s: &Sighting) -> String {
    let mut out = format!(
        "{} ({}, {}) in {}, turn {}",
        s.name,
        side_name(view, &s.side),
        s.kind.describe(),
        zone_name(view, &s.zone),
        s.turn
    );
    if s.inspected {
        let _ = write!(
            out,
            "; inspected: {}",
            s.cargo.as_deref().unwrap_or("nothing of note aboard")
        );
    }
    if s.lost {
        out.push_str("; LOST");
    }
    if view.viewer == brink_engine::Viewer::Umpire {
        let _ = write!(out, " [seen by {}]", side_name(view, &s.by));
    }
    out
}

/// A readable line for a naval event; `None` for other events.
pub fn line(view: &View, event: &Event) -> Option<String> {
    Some(match event {
        Event::UnitMoved { movement } => format!(
            "* {} moves {} → {}{}",
            unit_name(view, &movement.unit),
            zone_name(view, &movement.from),
            zone_name(view, &movement.to),
            movement
                .note
                .as_ref()
                .map_or(String::new(), |n| format!(" ({n})"))
        ),
        Event::StanceChanged { change } => format!(
            "* {} takes stance {}",
            unit_name(view, &change.unit),
            stance_name(view, &change.stance)
        ),
        Event::ContactMade { contact } => {
            let mut out = format!(
                "!!! Contact at {}: {} ({}, {}) meets {} ({}, {}): {} — {}",
                zone_name(view, &contact.zone),
                contact.enforcer_name,
                side_name(view, &contact.enforcer_side),
                stance_name(view, &contact.enforcer_stance),
                contact.unit_name,
                side_name(view, &contact.unit_side),
                stance_name(view, &contact.unit_stance),
                contact.outcome.describe(),
                contact.text
            );
            if contact.outcome == brink_engine::map::ContactOutcome::Inspect {
                let _ = write!(
                    out,
                    "\n    Inspection finds: {}",
                    contact.cargo.as_deref().unwrap_or("nothing of note")
                );
            }
            if contact.turned_back {
                out.push_str("\n    The ship turns back.");
            }
            if contact.lost {
                out.push_str("\n    The ship is disabled and lost.");
            }
            out
        }
        Event::CargoDelivered { delivery } => format!(
            "* {} delivers {} in {}",
            unit_name(view, &delivery.unit),
            delivery.cargo,
            zone_name(view, &delivery.zone)
        ),
        Event::SubmarineSearch { search } => format!(
            "* {} searches {} for submarines: {} + {} = {} against {}: {}",
            unit_name(view, &search.unit),
            zone_name(view, &search.zone),
            search.roll.dice[0],
            search.roll.dice[1],
            search.roll.total,
            search.roll.difficulty,
            if search.found.is_empty() {
                "nothing found".to_owned()
            } else {
                // Told before the sightings that name what it found.
                let names: Vec<String> = search
                    .found
                    .iter()
                    .map(|u| known_unit(view, u).unwrap_or_else(|| "a submarine".into()))
                    .collect();
                format!("found {}", names.join(", "))
            }
        ),
        Event::UnitSighted { sighting } => format!("* Sighted: {}", sighting_text(view, sighting)),
        Event::IntelGathered { intel, .. } => format!(
            "* Intelligence: {} stood at {} (turn {})",
            view.tracks
                .iter()
                .find(|t| t.id == intel.track)
                .map_or_else(|| intel.track.to_string(), |t| t.name.clone()),
            intel.value,
            intel.turn
        ),
        _ => return None,
    })
}

/// The `/map` report: each zone with its neighbours, the viewer's units in it
/// and other sides' units last seen there.
pub fn map_text(view: &View) -> String {
    if view.scenario.zones.is_empty() {
        return "This scenario has no map.".into();
    }
    let mut out = String::new();
    for zone in &view.scenario.zones {
        let _ = writeln!(
            out,
            "{} — {} ({}) — next to: {}",
            zone.id,
            zone.name,
            zone.kind_words(),
            view.scenario
                .zones
                .iter()
                .filter(|z| z.adjacent.contains(&zone.id) || zone.adjacent.contains(&z.id))
                .map(|z| z.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        for u in view.units.iter().filter(|u| u.zone == zone.id) {
            let _ = write!(
                out,
                "    {} {} ({}, {}), moves {}",
                u.id,
                u.name,
                side_name(view, &u.side),
                u.kind.describe(),
                u.movement
            );
            if let Some(stance) = &u.stance {
                let _ = write!(out, ", stance {} ({stance})", stance_name(view, stance));
            }
            if let Some(cargo) = &u.cargo {
                let _ = write!(
                    out,
                    ", carrying {cargo}{}",
                    if u.delivered { " (delivered)" } else { "" }
                );
            }
            if u.lost {
                out.push_str(", LOST");
            } else if u.enters > view.turn.max(1) {
                let _ = write!(out, ", enters at turn {}", u.enters);
            }
            out.push('\n');
        }
        for s in view.sightings.iter().filter(|s| s.zone == zone.id) {
            let _ = writeln!(out, "    seen: {}", sighting_text(view, s));
        }
    }
    let _ = write!(
        out,
        "Orders: /move UNIT ZONE, /stance UNIT STANCE (stances: {})",
        view.scenario
            .stances
            .iter()
            .filter(|s| match &view.viewer {
                brink_engine::Viewer::Side(side) => &s.side == side,
                _ => true,
            })
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    out
}
