//! Names, never ids, where a person reads: a scenario's things (sides and
//! seats, tracks, units, zones, stances, actions, terms, channels, incidents,
//! cargoes) go by their names in every line for people, in the engine's own
//! free text (a track's reasons, a unit's note) as in every client and
//! review; their ids stay in the protocol and the JSON. Here: a name as it
//! reads inside a line, and [`ids_shown`], which the tests of every line for
//! people use to find an id that slipped through.

use crate::ids::ZoneId;
use crate::map::ZoneDef;
use crate::scenario::Scenario;
use std::collections::BTreeSet;

/// A name as it reads inside a line: a name that begins with "The" (`The
/// quarantine line, 500 nautical miles out`) takes a small "the" after
/// other words (`Contact at the quarantine line, 500 nautical miles out`);
/// any other name is left as it is.
pub fn in_sentence(name: &str) -> String {
    match name.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => name.to_owned(),
    }
}

/// The name of zone `id` of `zones` as it reads inside a line (see
/// [`in_sentence`]); the id itself if no zone has it.
pub fn zone_in_sentence(zones: &[ZoneDef], id: &ZoneId) -> String {
    zones
        .iter()
        .find(|z| &z.id == id)
        .map_or_else(|| id.to_string(), |z| in_sentence(&z.name))
}

/// The wire's own words for kinds of unit and outcomes of a contact that
/// are no words for people either (`surface_ship`).
const WIRE_WORDS: &[&str] = &[
    "surface_ship",
    "patrol_aircraft",
    "carrier_group",
    "ground_unit",
    "turn_back",
    "shots_fired",
];

/// The ids of `scenario` (and the wire's words for unit kinds and contact
/// outcomes) that `text`, meant for people, shows: each as a whole word,
/// exactly as written. Only ids a person could not take for a word of the
/// scenario's own prose are looked for: one with `_` or a digit
/// (`quarantine_line`, `u2_overflight`), or one the scenario's names and
/// texts never use as a word (`ussr`, `poltava`) — not `quarantine` or
/// `risk`, which are words too. A word after `/` is a client's command or
/// handle (`/submit`), not an id shown.
pub fn ids_shown(scenario: &Scenario, text: &str) -> Vec<String> {
    let def = serde_json::to_value(&**scenario).unwrap_or_default();
    let mut ids = BTreeSet::new();
    let mut prose = BTreeSet::new();
    walk(&def, &mut ids, &mut prose);
    ids.insert(scenario.id.clone());
    let looked_for: BTreeSet<String> = ids
        .into_iter()
        .filter(|id| id.contains(|c: char| c == '_' || c.is_ascii_digit()) || !prose.contains(id))
        .chain(WIRE_WORDS.iter().map(|w| (*w).to_owned()))
        .collect();
    let mut shown: Vec<String> = words(text)
        .filter(|w| looked_for.contains(*w))
        .map(str::to_owned)
        .collect();
    shown.sort();
    shown.dedup();
    shown
}

/// The words of `text`: runs of letters, digits, `_`, `-` and `/`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
        .filter(|w| !w.is_empty())
}

/// Every `id` of the scenario's definition whose thing's `name` differs,
/// and every word of its prose (names, texts, titles, verdicts).
fn walk(value: &serde_json::Value, ids: &mut BTreeSet<String>, prose: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(id) = map.get("id").and_then(|v| v.as_str())
                && map.get("name").and_then(|v| v.as_str()) != Some(id)
            {
                ids.insert(id.to_owned());
            }
            for (key, v) in map {
                if let ("name" | "text" | "title" | "summary" | "verdict", Some(s)) =
                    (key.as_str(), v.as_str())
                {
                    prose.extend(words(s).map(str::to_owned));
                }
                walk(v, ids, prose);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                walk(item, ids, prose);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_no_words_are_found_and_words_are_not() {
        let scenario = Scenario::parse(
            "cuba",
            include_str!("../../scenarios/cuban-missile-crisis-1962.toml"),
        )
        .expect("valid");
        let line = "Contact at quarantine_line: inspect; us: Declare a naval quarantine (ussr, surface_ship) /submit";
        assert_eq!(
            ids_shown(&scenario, line),
            ["inspect", "quarantine_line", "surface_ship", "us", "ussr"],
            "`quarantine` is a word of the scenario, `/submit` a command"
        );
        let named = "Contact at the quarantine line, 500 nautical miles out: the ship is boarded; United States (ExComm): Declare a naval quarantine of Cuba";
        assert!(ids_shown(&scenario, named).is_empty());
        assert_eq!(
            in_sentence("The quarantine line, 500 nautical miles out"),
            "the quarantine line, 500 nautical miles out"
        );
        assert_eq!(in_sentence("Cuban waters"), "Cuban waters");
    }
}
