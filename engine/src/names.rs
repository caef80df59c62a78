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
/// exactly as written. Looked for are the ids a person could not take for
/// a word: every id with `_` or a digit (`quarantine_line`,
/// `u2_overflight`, `b59`), and the sides' and units' ids that the
/// scenario's names and texts never use as a word (`us`, `ussr`,
/// `poltava`); a stance's id only as `stance ID` (`inspect` and `submit`
/// are words too). A word after `/` is a client's command or handle
/// (`/submit`), not an id shown.
pub fn ids_shown(scenario: &Scenario, text: &str) -> Vec<String> {
    let mut prose = BTreeSet::new();
    prose_words(
        &serde_json::to_value(&**scenario).unwrap_or_default(),
        &mut prose,
    );
    let s = scenario;
    let named: Vec<&str> = std::iter::once(s.id.as_str())
        .chain(s.sides.iter().flat_map(|d| {
            std::iter::once(d.id.as_str()).chain(d.seats.iter().map(|t| t.id.as_str()))
        }))
        .chain(s.channels.iter().map(|c| c.id.as_str()))
        .chain(s.terms.iter().map(|t| t.id.as_str()))
        .chain(s.tracks.iter().map(|t| t.id.as_str()))
        .chain(s.strategic.iter().map(|a| a.id.as_str()))
        .chain(s.incidents.iter().map(|i| i.id.as_str()))
        .chain(s.zones.iter().map(|z| z.id.as_str()))
        .chain(s.units.iter().map(|u| u.id.as_str()))
        .chain(s.stances.iter().map(|t| t.id.as_str()))
        .chain(s.cargoes.iter().map(|c| c.id.as_str()))
        .collect();
    let proper = s
        .sides
        .iter()
        .map(|d| d.id.as_str())
        .chain(s.units.iter().map(|u| u.id.as_str()))
        .filter(|id| !prose.contains(*id));
    let looked_for: BTreeSet<&str> = named
        .into_iter()
        .filter(|id| id.contains(|c: char| c == '_' || c.is_ascii_digit()))
        .chain(proper)
        .chain(WIRE_WORDS.iter().copied())
        .collect();
    let mut shown: Vec<String> = words(text)
        .filter(|w| looked_for.contains(*w))
        .map(str::to_owned)
        .collect();
    let all: Vec<&str> = words(text).collect();
    for pair in all.windows(2) {
        if pair[0] == "stance" && s.stances.iter().any(|t| t.id == pair[1]) {
            shown.push(pair[1].to_owned());
        }
    }
    shown.sort();
    shown.dedup();
    shown
}

/// The words of `text`: runs of letters, digits, `_`, `-` and `/`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
        .filter(|w| !w.is_empty())
}

/// Every word of the scenario's prose: its names, texts, titles, verdicts.
fn prose_words(value: &serde_json::Value, prose: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if let ("name" | "text" | "title" | "summary" | "verdict", Some(s)) =
                    (key.as_str(), v.as_str())
                {
                    prose.extend(words(s).map(str::to_owned));
                }
                prose_words(v, prose);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                prose_words(item, prose);
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
        let line = "Contact at quarantine_line: inspect; us: Declare a naval quarantine (ussr, surface_ship) /submit; poltava: stance submit";
        assert_eq!(
            ids_shown(&scenario, line),
            [
                "poltava",
                "quarantine_line",
                "submit",
                "surface_ship",
                "us",
                "ussr"
            ],
            "`quarantine` and `inspect` are words, `/submit` a command, `stance submit` an id"
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
