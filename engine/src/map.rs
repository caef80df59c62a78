//! The map and the forces on it, as a scenario defines them: zones with their
//! kind and adjacency; units with owner, kind, movement, detection and hidden
//! cargo; the stances units may take; the contact table that decides what
//! happens when ships meet at a quarantine line; what cargoes do when they
//! arrive; and the zone graph. The checks a scenario's map must pass are in
//! `scenario/check/map.rs`; the rules that move units and decide who sees
//! what live in `naval`.

use crate::ids::{SideId, UnitId, ZoneId};
use crate::strategic::{Condition, Effect};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What kind of sea (or land) a zone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// Open ocean.
    OpenOcean,
    /// A line where ships are stopped: contacts happen here.
    Quarantine,
    /// A country's own waters (Cuban waters).
    CoastalWaters,
    /// A port or base.
    Port,
    /// Land: streets, roads, fields.
    Land,
}

/// A zone of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ZoneDef {
    /// Short id: `quarantine_line`.
    pub id: ZoneId,
    /// Name for people: `The quarantine line (500 nautical miles out)`.
    pub name: String,
    /// Its kind.
    pub kind: ZoneKind,
    /// What the scenario calls its kind, for people, where the rules' word
    /// would be wrong (Berlin's headquarters are ports to the rules, its
    /// crossing a quarantine line): `headquarters`, `checkpoint`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<String>,
    /// The zones next to it. Adjacency goes both ways: a scenario lists it
    /// on either side, and a view lists it on both.
    #[serde(default)]
    pub adjacent: Vec<ZoneId>,
}

impl ZoneDef {
    /// Its kind in words, the scenario's where it gives them.
    pub fn kind_words(&self) -> &str {
        self.kind_name.as_deref().unwrap_or(match self.kind {
            ZoneKind::OpenOcean => "open ocean",
            ZoneKind::Quarantine => "quarantine line",
            ZoneKind::CoastalWaters => "coastal waters",
            ZoneKind::Port => "port",
            ZoneKind::Land => "land",
        })
    }
}

/// The zones with adjacency listed both ways, as a view gives them.
pub(crate) fn both_ways(zones: &[ZoneDef]) -> Vec<ZoneDef> {
    zones
        .iter()
        .map(|zone| {
            let mut adjacent = zone.adjacent.clone();
            for other in zones {
                if other.adjacent.contains(&zone.id) && !adjacent.contains(&other.id) {
                    adjacent.push(other.id.clone());
                }
            }
            ZoneDef {
                adjacent,
                ..zone.clone()
            }
        })
        .collect()
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A freighter, tanker or destroyer.
    SurfaceShip,
    /// A submarine: seen only by anti-submarine search, on a roll.
    Submarine,
    /// Patrol aircraft: fast, and sees into next zones.
    PatrolAircraft,
    /// A carrier group.
    CarrierGroup,
    /// Soldiers, tanks or vehicles on land: stopped and met at a line like a
    /// surface ship.
    GroundUnit,
}

impl UnitKind {
    /// The kind's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::SurfaceShip => "surface_ship",
            UnitKind::Submarine => "submarine",
            UnitKind::PatrolAircraft => "patrol_aircraft",
            UnitKind::CarrierGroup => "carrier_group",
            UnitKind::GroundUnit => "ground_unit",
        }
    }

    /// The kind in words for people: `surface ship`.
    pub fn describe(self) -> &'static str {
        match self {
            UnitKind::SurfaceShip => "surface ship",
            UnitKind::Submarine => "submarine",
            UnitKind::PatrolAircraft => "patrol aircraft",
            UnitKind::CarrierGroup => "carrier group",
            UnitKind::GroundUnit => "ground unit",
        }
    }

    /// Whether it can hold a line and challenge others there.
    pub fn surface(self) -> bool {
        matches!(
            self,
            UnitKind::SurfaceShip | UnitKind::CarrierGroup | UnitKind::GroundUnit
        )
    }

    /// Whether it can carry cargo, be stopped at a line and be challenged there.
    pub fn stoppable(self) -> bool {
        matches!(self, UnitKind::SurfaceShip | UnitKind::GroundUnit)
    }
}

/// A unit of a side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    /// Short id: `poltava`.
    pub id: UnitId,
    /// Name for people: `Freighter Poltava`.
    pub name: String,
    /// The side that commands it.
    pub side: SideId,
    /// What it is.
    pub kind: UnitKind,
    /// The zone it starts in.
    pub start: ZoneId,
    /// How many zones it may move in a turn.
    #[serde(default = "one")]
    pub movement: u32,
    /// How far it sees surface units and aircraft: 0 its own zone, 1 the next
    /// zones too, and so on.
    #[serde(default)]
    pub detection: u32,
    /// Anti-submarine search: the total of two dice it needs to find a
    /// submarine in its zone (2 to 12); 0 if it cannot search.
    #[serde(default)]
    pub asw: u8,
    /// What it carries (a cargo id), hidden from other sides until inspected.
    #[serde(default)]
    pub cargo: Option<String>,
    /// Its stance at the start (default: the first its side and kind may take).
    #[serde(default)]
    pub stance: Option<String>,
    /// The turn it enters the game (default 1).
    #[serde(default = "one")]
    pub enters: u32,
}

fn one() -> u32 {
    1
}

/// A stance units of a side and kind may take (shadow, stop and inspect,
/// submit to inspection, press on...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct StanceDef {
    /// Short id: `inspect`.
    pub id: String,
    /// Name for people: `Stop and inspect`.
    pub name: String,
    /// The side whose units may take it.
    pub side: SideId,
    /// The kinds of unit that may take it.
    pub kinds: Vec<UnitKind>,
    /// What it means, for the players.
    #[serde(default)]
    pub description: String,
    /// Conditions that must hold when it is ordered.
    #[serde(default)]
    pub requires: Vec<Condition>,
}

/// What a contact at a quarantine line comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    /// The ship goes on its way.
    Pass,
    /// The ship turns back to where it started.
    TurnBack,
    /// The ship is boarded: its cargo is revealed, and contraband is turned back.
    Inspect,
    /// A dangerous incident; the ship goes on its way.
    Incident,
    /// Shots are fired; the ship is disabled and lost.
    ShotsFired,
}

impl ContactOutcome {
    /// The outcome's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactOutcome::Pass => "pass",
            ContactOutcome::TurnBack => "turn_back",
            ContactOutcome::Inspect => "inspect",
            ContactOutcome::Incident => "incident",
            ContactOutcome::ShotsFired => "shots_fired",
        }
    }

    /// What became of the stopped ship, in words for people: `the ship is
    /// boarded`.
    pub fn describe(self) -> &'static str {
        match self {
            ContactOutcome::Pass => "the ship passes",
            ContactOutcome::TurnBack => "the ship turns back",
            ContactOutcome::Inspect => "the ship is boarded",
            ContactOutcome::Incident => "a dangerous incident",
            ContactOutcome::ShotsFired => "shots are fired",
        }
    }
}

/// A row of the contact table: what happens when a ship whose stance is
/// `enforcer` meets, at a quarantine line, a ship of another side whose
/// stance is `other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactDef {
    /// The stance of the ship enforcing the line.
    pub enforcer: String,
    /// The stance of the ship it meets.
    pub other: String,
    /// What comes of it.
    pub outcome: ContactOutcome,
    /// What both sides read.
    pub text: String,
    /// Its effects on tracks.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// A cargo a unit may carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CargoDef {
    /// Short id: `warheads`.
    pub id: String,
    /// Name for people: `Nuclear warheads`.
    pub name: String,
    /// Whether an inspection that finds it turns the ship back.
    #[serde(default)]
    pub contraband: bool,
    /// The zone where it is delivered, if anywhere.
    #[serde(default)]
    pub deliver_in: Option<ZoneId>,
    /// What its delivery does to tracks.
    #[serde(default)]
    pub on_delivery: Vec<Effect>,
}

/// The real history's types live in `crate::scenario::timeline`; they are
/// named here too, so that `map::TimelineEntry` and `map::HistoryMove` keep
/// working.
pub use crate::scenario::timeline::{HistoryMove, TimelineEntry};

/// The map's zones as a graph: adjacency both ways, and distances.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    next: BTreeMap<ZoneId, BTreeSet<ZoneId>>,
}

impl Graph {
    /// The graph of `zones` (unknown ids in adjacency lists are left out).
    pub(crate) fn new(zones: &[ZoneDef]) -> Self {
        let known: BTreeSet<&ZoneId> = zones.iter().map(|z| &z.id).collect();
        let mut next: BTreeMap<ZoneId, BTreeSet<ZoneId>> = zones
            .iter()
            .map(|z| (z.id.clone(), BTreeSet::new()))
            .collect();
        for zone in zones {
            for other in zone.adjacent.iter().filter(|o| known.contains(o)) {
                if *other != zone.id {
                    next.entry(zone.id.clone())
                        .or_default()
                        .insert(other.clone());
                    next.entry(other.clone())
                        .or_default()
                        .insert(zone.id.clone());
                }
            }
        }
        Self { next }
    }

    /// The zones next to `zone`, in id order.
    pub(crate) fn neighbours(&self, zone: &ZoneId) -> impl Iterator<Item = &ZoneId> {
        self.next.get(zone).into_iter().flatten()
    }

    /// A shortest path from `from` to `to`, both included (ties broken by id
    /// order, so it is deterministic); none if `to` cannot be reached.
    pub(crate) fn path(&self, from: &ZoneId, to: &ZoneId) -> Option<Vec<ZoneId>> {
        let mut came: BTreeMap<&ZoneId, &ZoneId> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = BTreeSet::from([from]);
        while let Some(zone) = queue.pop_front() {
            if zone == to {
                let mut path = vec![to.clone()];
                let mut at = to;
                while let Some(prev) = came.get(at) {
                    path.push((*prev).clone());
                    at = prev;
                }
                path.reverse();
                return Some(path);
            }
            for n in self.neighbours(zone) {
                if seen.insert(n) {
                    came.insert(n, zone);
                    queue.push_back(n);
                }
            }
        }
        None
    }

    /// The number of steps from `from` to `to`, if it can be reached.
    pub(crate) fn distance(&self, from: &ZoneId, to: &ZoneId) -> Option<u32> {
        self.path(from, to)
            .map(|p| u32::try_from(p.len().saturating_sub(1)).unwrap_or(u32::MAX))
    }
}
