//! Less noise in the live feed. A person does not need every automatic
//! event one by one: routine submarine searches that found nothing are
//! summed up, one line per side and zone, when the next other event comes;
//! so are players coming and going (after a server restart the whole class
//! reconnects at once), one line with where each stands last; a sighting
//! that tells nothing new (the unit where it was last seen, as it was) is
//! not shown; and presence changes in the catch-up after a reconnection are
//! only counted, as the welcome already says who is online. Everything is
//! still folded into the view, and `--json` prints every event.

use brink_engine::{Event, PlayerId, SideId, View, ZoneId};
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
    /// Players come or gone since the last line, each as it stands last:
    /// id, name, online.
    comings: Vec<(PlayerId, String, bool)>,
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
            Event::PresenceChanged { player, online } => {
                let name = view
                    .and_then(|v| v.players.iter().find(|p| &p.id == player))
                    .map_or_else(|| "someone".to_owned(), |p| p.name.clone());
                self.comings.retain(|(id, ..)| id != player);
                self.comings.push((player.clone(), name, *online));
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

    /// What was held back, summed up (none held: nothing to say).
    pub fn flush(&mut self) -> Option<String> {
        let mut lines = self.comings_line().into_iter().collect::<Vec<_>>();
        lines.extend(self.search_lines());
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// Players come and gone, in a line: `* Online: Jack, Nikita; offline: Anatoly`.
    fn comings_line(&mut self) -> Option<String> {
        let comings = std::mem::take(&mut self.comings);
        let names = |online: bool| -> Vec<&str> {
            comings
                .iter()
                .filter(|c| c.2 == online)
                .map(|c| c.1.as_str())
                .collect()
        };
        let parts: Vec<String> = [("online", names(true)), ("offline", names(false))]
            .into_iter()
            .filter(|(_, who)| !who.is_empty())
            .map(|(what, who)| format!("{what}: {}", who.join(", ")))
            .collect();
        (!parts.is_empty()).then(|| format!("* Now {}", parts.join("; ")))
    }

    /// The searches held back, a line per side and zone.
    fn search_lines(&mut self) -> Vec<String> {
        std::mem::take(&mut self.searches)
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
            .collect()
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
    fn comings_and_goings_are_one_line_with_where_each_stands_last() {
        let mut view = view();
        for (id, name) in [("p2", "Jack"), ("p3", "Nikita")] {
            view.players.push(brink_engine::PlayerView {
                id: id.into(),
                name: name.into(),
                role: brink_engine::Role::Observer,
                online: true,
                former: false,
            });
        }
        let mut quiet = Quiet::default();
        let presence = |player: &str, online: bool| Event::PresenceChanged {
            player: player.into(),
            online,
        };
        for (player, online) in [("p2", false), ("p3", true), ("p2", true), ("p4", false)] {
            assert!(quiet.hold(Some(&view), &presence(player, online), true));
        }
        // Jack went and came back: he is online; p4 is not in the view.
        assert_eq!(
            quiet.flush().as_deref(),
            Some("* Now online: Nikita, Jack; offline: someone")
        );
        assert_eq!(quiet.flush(), None);
    }

    #[test]
    fn presence_in_the_catch_up_is_counted() {
        let mut quiet = Quiet::default();
        let offline = Event::PresenceChanged {
            player: "p2".into(),
            online: false,
        };
        assert!(quiet.hold(None, &offline, false));
        assert!(quiet.hold(None, &offline, false));
        let said = quiet.presence_left_out();
        assert_eq!(
            said.as_deref(),
            Some("* 2 comings and goings left out (/who shows who is here now)")
        );
        assert_eq!(quiet.presence_left_out(), None);
    }
}
