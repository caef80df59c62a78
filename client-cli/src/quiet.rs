//! Less noise in the live feed. A person does not need every automatic
//! event one by one: routine submarine searches that found nothing are
//! summed up, one line per side and zone, when the next other event comes;
//! a sighting that tells nothing new (the unit where it was last seen, as it
//! was) is not shown; and presence changes in the catch-up after a
//! reconnection (a server restart marks everyone offline) are not shown one
//! by one, as the welcome already says who is online. Everything is still
//! folded into the view, and `--json` prints every event.

use brink_engine::{Event, SideId, View, ZoneId};
use std::collections::BTreeMap;

/// What is held back, to be summed up.
#[derive(Debug, Default)]
pub struct Quiet {
    /// Searches that found nothing, by side and zone, in the order met.
    searches: Vec<((SideId, ZoneId), u32)>,
    /// The names to sum them up with, taken as they are held.
    names: BTreeMap<(SideId, ZoneId), (String, String)>,
    /// Presence changes left out of a catch-up.
    presence: u32,
}

impl Quiet {
    /// Whether `event` is held back rather than shown on its own. `view` is
    /// the view before the event is folded; `live` is false in the catch-up
    /// after a welcome.
    pub fn hold(&mut self, view: Option<&View>, event: &Event, live: bool) -> bool {
        match event {
            Event::SubmarineSearch { search } if search.found.is_empty() => {
                let key = (search.side.clone(), search.zone.clone());
                match self.searches.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => self.searches.push((key.clone(), 1)),
                }
                if let Some(view) = view {
                    let side = crate::describe::side_name(view, &search.side);
                    let zone =
                        brink_engine::names::zone_in_sentence(&view.scenario.zones, &search.zone);
                    self.names.insert(key, (side, zone));
                }
                true
            }
            // In a catch-up the view already holds the latest sightings.
            Event::UnitSighted { sighting } => {
                live && view.is_some_and(|v| {
                    v.sightings.iter().any(|s| {
                        s.by == sighting.by
                            && s.unit == sighting.unit
                            && s.zone == sighting.zone
                            && s.inspected == sighting.inspected
                            && s.lost == sighting.lost
                            && s.cargo == sighting.cargo
                    })
                })
            }
            Event::PresenceChanged { .. } if !live => {
                self.presence += 1;
                true
            }
            _ => false,
        }
    }

    /// After a catch-up: how many comings and goings it left out, if any.
    pub fn presence_left_out(&mut self) -> Option<String> {
        let n = std::mem::take(&mut self.presence);
        (n > 0).then(|| format!("* {n} comings and goings left out (/who shows who is here now)"))
    }

    /// The searches held back, summed up (none held: nothing to say).
    pub fn flush(&mut self) -> Option<String> {
        if self.searches.is_empty() {
            return None;
        }
        let lines: Vec<String> = std::mem::take(&mut self.searches)
            .into_iter()
            .map(|(key, n)| {
                let (side, zone) = self
                    .names
                    .remove(&key)
                    .unwrap_or_else(|| (key.0.to_string(), key.1.to_string()));
                format!(
                    "* {side}: {n} search{} in {zone}: nothing found",
                    if n == 1 { "" } else { "es" }
                )
            })
            .collect();
        Some(lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_engine::Roll;
    use brink_engine::{Scenario, Session, Viewer};
    use brink_engine::{Search, Sighting};
    use std::sync::Arc;

    const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

    fn view() -> View {
        let scenario = Scenario::parse("cuba", CUBA).expect("valid");
        Session::new(Arc::new(scenario)).view(&Viewer::Side("us".into()))
    }

    fn search(unit: &str, zone: &str, found: &[&str]) -> Event {
        Event::SubmarineSearch {
            search: Box::new(Search {
                side: "us".into(),
                unit: unit.into(),
                zone: zone.into(),
                roll: Roll {
                    dice: [3, 4],
                    total: 7,
                    difficulty: 6,
                    success: true,
                },
                found: found.iter().map(|u| (*u).into()).collect(),
            }),
        }
    }

    #[test]
    fn routine_searches_are_summed_up_by_side_and_zone() {
        let (mut quiet, view) = (Quiet::default(), view());
        for unit in ["destroyers_east", "destroyers_south"] {
            assert!(quiet.hold(Some(&view), &search(unit, "us_ports", &[]), true));
        }
        assert!(quiet.hold(
            Some(&view),
            &search("neptunes", "florida_straits", &[]),
            true
        ));
        // One that found a submarine is news, shown on its own.
        assert!(!quiet.hold(
            Some(&view),
            &search("neptunes", "approaches", &["b59"]),
            true
        ));
        let said = quiet.flush().expect("a summary");
        assert_eq!(
            said,
            "* United States (ExComm): 2 searches in US ports (Norfolk, Key West, Jacksonville): nothing found\n\
             * United States (ExComm): 1 search in the Florida Straits: nothing found"
        );
        assert_eq!(quiet.flush(), None, "said once");
    }

    #[test]
    fn a_sighting_is_shown_when_it_changes() {
        let mut view = view();
        let seen = |zone: &str, turn: u32| Sighting {
            by: "us".into(),
            unit: "poltava".into(),
            name: "Freighter Poltava".into(),
            side: "ussr".into(),
            kind: brink_engine::map::UnitKind::SurfaceShip,
            zone: zone.into(),
            turn,
            inspected: false,
            cargo: None,
            lost: false,
        };
        let event = |s: Sighting| Event::UnitSighted {
            sighting: Box::new(s),
        };
        let mut quiet = Quiet::default();
        assert!(!quiet.hold(Some(&view), &event(seen("approaches", 3)), true));
        view.sightings.push(seen("approaches", 3));
        // Seen again where it was: nothing new.
        assert!(quiet.hold(Some(&view), &event(seen("approaches", 4)), true));
        // Moved: news.
        assert!(!quiet.hold(Some(&view), &event(seen("quarantine_line", 5)), true));
    }

    #[test]
    fn presence_is_quiet_only_in_the_catch_up() {
        let mut quiet = Quiet::default();
        let offline = Event::PresenceChanged {
            player: "p2".into(),
            online: false,
        };
        assert!(quiet.hold(None, &offline, false));
        assert!(quiet.hold(None, &offline, false));
        assert!(!quiet.hold(None, &offline, true));
        let said = quiet.presence_left_out();
        assert_eq!(
            said.as_deref(),
            Some("* 2 comings and goings left out (/who shows who is here now)")
        );
        assert_eq!(quiet.presence_left_out(), None);
    }
}
