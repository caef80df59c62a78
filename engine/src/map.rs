//! The map and the forces on it, as a scenario defines them: zones with their
//! kind and adjacency; units with owner, kind, movement, detection and hidden
//! cargo; the stances units may take; the contact table that decides what
//! happens when ships meet at a quarantine line; and what cargoes do when they
//! arrive. Also the checks a scenario's map must pass. The rules that move
//! units and decide who sees what live in `naval`.

use crate::ids::{SideId, TermId, TrackId, UnitId, ZoneId};
use crate::scenario::{Problem, Scenario};
use crate::strategic::{Condition, Effect};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What kind of sea (or land) a zone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct ZoneDef {
    /// Short id: `quarantine_line`.
    pub id: ZoneId,
    /// Name for people: `The quarantine line (500 nautical miles out)`.
    pub name: String,
    /// Its kind.
    pub kind: ZoneKind,
    /// The zones next to it (adjacency goes both ways; list it on either side).
    #[serde(default)]
    pub adjacent: Vec<ZoneId>,
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// A moment of the real history, for the after-action review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// The day, as `YYYY-MM-DD`.
    pub date: String,
    /// What happened.
    pub text: String,
    /// The moves of that day the game can match: a side's strategic action,
    /// or its letter proposing terms. The after-action report marks where
    /// the game made them on another day, or not at all.
    #[serde(default)]
    pub moves: Vec<HistoryMove>,
}

/// A move history made, as the game could make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryMove {
    /// The side that made it.
    pub side: SideId,
    /// The strategic action taken, from the side's menu.
    #[serde(default)]
    pub action: Option<String>,
    /// Or: the terms a letter of the side's proposed (at least these).
    #[serde(default)]
    pub terms: Vec<TermId>,
}

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

/// Every problem with the scenario's map, forces, stances, contacts, cargoes
/// and timeline.
pub(crate) fn problems(s: &Scenario, out: &mut Vec<Problem>) {
    let mut problem = |place: String, message: String, fix: &str| {
        out.push(Problem {
            place,
            message,
            fix: fix.to_owned(),
        })
    };
    let zone = |id: &ZoneId| s.zones.iter().find(|z| &z.id == id);
    let mut ids = BTreeSet::new();
    for (i, z) in s.zones.iter().enumerate() {
        let place = format!("zones[{i}] ({})", z.id);
        if !crate::scenario::is_id(z.id.as_str()) || !ids.insert(&z.id) {
            problem(
                place.clone(),
                format!("zone id {:?} is not a valid, unique id", z.id.as_str()),
                "give every zone its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        for other in &z.adjacent {
            if zone(other).is_none() {
                problem(
                    place.clone(),
                    format!("it is next to zone {other}, which is not on the map"),
                    "list ids of [[zones]] in `adjacent`",
                );
            } else if other == &z.id {
                problem(
                    place.clone(),
                    "it is listed as next to itself".into(),
                    "remove the zone's own id from `adjacent`",
                );
            }
        }
    }
    let graph = Graph::new(&s.zones);
    if let Some(first) = s.zones.first() {
        for (i, z) in s.zones.iter().enumerate() {
            if graph.distance(&first.id, &z.id).is_none() {
                problem(
                    format!("zones[{i}] ({})", z.id),
                    format!("zone {} cannot be reached from zone {}", z.id, first.id),
                    "connect it to the rest of the map with `adjacent`",
                );
            }
        }
    }
    if !s.units.is_empty() && s.zones.is_empty() {
        problem(
            "units".into(),
            "units, but no [[zones]] to put them in".into(),
            "add the map's [[zones]]",
        );
    }
    let cargo = |id: &str| s.cargoes.iter().find(|c| c.id == id);
    let mut unit_ids = BTreeSet::new();
    for (i, u) in s.units.iter().enumerate() {
        let place = format!("units[{i}] ({})", u.id);
        if !crate::scenario::is_id(u.id.as_str()) || !unit_ids.insert(&u.id) {
            problem(
                place.clone(),
                format!("unit id {:?} is not a valid, unique id", u.id.as_str()),
                "give every unit its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if s.side(&u.side).is_none() {
            problem(
                place.clone(),
                format!("there is no side {}", u.side),
                "set `side` to the id of one of the [[sides]]",
            );
        }
        if zone(&u.start).is_none() {
            problem(
                place.clone(),
                format!("it starts in zone {}, which is not on the map", u.start),
                "set `start` to the id of one of the [[zones]]",
            );
        }
        if u.movement > 10 || u.detection > 10 {
            problem(
                place.clone(),
                format!(
                    "movement {} or detection {} is more than 10",
                    u.movement, u.detection
                ),
                "give movement and detection of 0 to 10 zones",
            );
        }
        if u.asw != 0 && !(2..=12).contains(&u.asw) {
            problem(
                place.clone(),
                format!("an anti-submarine target of {}", u.asw),
                "set `asw` to the total of two dice it needs (2 to 12), or 0 for none",
            );
        }
        if let Some(c) = &u.cargo {
            if cargo(c).is_none() {
                problem(
                    place.clone(),
                    format!("it carries {c}, which is not one of the [[cargoes]]"),
                    "set `cargo` to the id of one of the [[cargoes]]",
                );
            }
            if !u.kind.stoppable() {
                problem(
                    place.clone(),
                    format!("a {} carries cargo", u.kind.as_str()),
                    "give cargo to surface ships and ground units only",
                );
            }
        }
        if u.enters == 0 || u.enters as usize > s.turns.len() {
            problem(
                place.clone(),
                format!(
                    "it enters at turn {}, but the turns run from 1 to {}",
                    u.enters,
                    s.turns.len()
                ),
                "set `enters` to one of the scenario's turns",
            );
        }
        if let Some(stance) = &u.stance
            && !s
                .stances
                .iter()
                .any(|d| &d.id == stance && d.side == u.side && d.kinds.contains(&u.kind))
        {
            problem(
                place.clone(),
                format!(
                    "it starts in stance {stance}, which its side's {}s may not take",
                    u.kind.as_str()
                ),
                "name a stance of [[stances]] for the unit's side and kind",
            );
        }
    }
    let mut stance_ids = BTreeSet::new();
    for (i, d) in s.stances.iter().enumerate() {
        let place = format!("stances[{i}] ({})", d.id);
        if !crate::scenario::is_id(&d.id) || !stance_ids.insert(&d.id) {
            problem(
                place.clone(),
                format!("stance id {:?} is not a valid, unique id", d.id),
                "give every stance its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if s.side(&d.side).is_none() {
            problem(
                place.clone(),
                format!("there is no side {}", d.side),
                "set `side` to the id of one of the [[sides]]",
            );
        }
        if d.kinds.is_empty() {
            problem(
                place.clone(),
                "no kind of unit may take it".into(),
                "list the unit kinds in `kinds`",
            );
        }
        crate::strategic::condition_problems(
            s,
            &place,
            Some(&d.side),
            "a precondition",
            &d.requires,
            &mut problem,
        );
    }
    let mut pairs = BTreeSet::new();
    for (i, c) in s.contacts.iter().enumerate() {
        let place = format!("contacts[{i}]");
        let enforcer = s.stances.iter().find(|d| d.id == c.enforcer);
        let other = s.stances.iter().find(|d| d.id == c.other);
        for (id, found) in [(&c.enforcer, enforcer), (&c.other, other)] {
            if found.is_none() {
                problem(
                    place.clone(),
                    format!("there is no stance {id}"),
                    "name stances of the [[stances]]",
                );
            }
        }
        if let (Some(e), Some(o)) = (enforcer, other) {
            if e.side == o.side {
                problem(
                    place.clone(),
                    format!("stances {} and {} are the same side's", e.id, o.id),
                    "a contact is between ships of two sides",
                );
            }
            let sides = [e.side.clone(), o.side.clone()];
            effect_problems(
                s,
                &place,
                &c.effects,
                Some(&sides),
                "the contact",
                &mut problem,
            );
        }
        if !pairs.insert((&c.enforcer, &c.other)) {
            problem(
                place.clone(),
                format!("the pair {} / {} is listed twice", c.enforcer, c.other),
                "give each pair of stances one row",
            );
        }
        if c.text.trim().is_empty() {
            problem(
                place,
                "the contact has no text".into(),
                "write what both sides read",
            );
        }
    }
    let mut cargo_ids = BTreeSet::new();
    for (i, c) in s.cargoes.iter().enumerate() {
        let place = format!("cargoes[{i}] ({})", c.id);
        if !crate::scenario::is_id(&c.id) || !cargo_ids.insert(&c.id) {
            problem(
                place.clone(),
                format!("cargo id {:?} is not a valid, unique id", c.id),
                "give every cargo its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if let Some(z) = &c.deliver_in
            && zone(z).is_none()
        {
            problem(
                place.clone(),
                format!("it is delivered in zone {z}, which is not on the map"),
                "set `deliver_in` to the id of one of the [[zones]]",
            );
        }
        if c.deliver_in.is_none() && !c.on_delivery.is_empty() {
            problem(
                place.clone(),
                "effects on delivery, but nowhere to deliver it".into(),
                "set `deliver_in`, or remove `on_delivery`",
            );
        }
        // A delivery is the carrying side's secret: its effects must be too.
        let carriers: BTreeSet<SideId> = s
            .units
            .iter()
            .filter(|u| u.cargo.as_deref() == Some(c.id.as_str()))
            .map(|u| u.side.clone())
            .collect();
        for side in &carriers {
            effect_problems(
                s,
                &place,
                &c.on_delivery,
                Some(std::slice::from_ref(side)),
                "the secret delivery",
                &mut problem,
            );
        }
    }
    for (i, t) in s.timeline.iter().enumerate() {
        if !crate::scenario::is_date(&t.date) || t.text.trim().is_empty() {
            problem(
                format!("timeline[{i}]"),
                format!("an entry dated {:?} with or without text", t.date),
                "give each entry a `date` as YYYY-MM-DD and the `text` of what happened",
            );
        }
        for (j, m) in t.moves.iter().enumerate() {
            let place = format!("timeline[{i}].moves[{j}]");
            if s.side(&m.side).is_none() {
                problem(
                    place.clone(),
                    format!("there is no side {}", m.side),
                    "name a side of the scenario's [[sides]]",
                );
            }
            match &m.action {
                Some(action)
                    if !s
                        .strategic
                        .iter()
                        .any(|a| &a.id == action && a.side == m.side) =>
                {
                    problem(
                        place.clone(),
                        format!("{} has no strategic action {action}", m.side),
                        "name an action of the side's menu ([[actions]] with this side)",
                    )
                }
                Some(_) if !m.terms.is_empty() => problem(
                    place.clone(),
                    "a move with both an action and terms".to_owned(),
                    "give either `action` (a strategic action) or `terms` (a letter's), not both",
                ),
                None if m.terms.is_empty() => problem(
                    place.clone(),
                    "a move with neither an action nor terms".to_owned(),
                    "give `action` (a strategic action of the side) or `terms` (what its letter proposed)",
                ),
                _ => {}
            }
            for term in &m.terms {
                if s.term(term).is_none() {
                    problem(
                        place.clone(),
                        format!("there is no term {term}"),
                        "name a term of the scenario's [[terms]]",
                    );
                }
            }
        }
    }
}

/// Problems with `effects` of something only `sides` (and the umpire) learn
/// of (`None`: everyone does): unknown tracks, empty or oversized moves, and moves of tracks others
/// know exactly, which would give it away.
pub(crate) fn effect_problems(
    s: &Scenario,
    place: &str,
    effects: &[Effect],
    sides: Option<&[SideId]>,
    what: &str,
    problem: &mut impl FnMut(String, String, &str),
) {
    for e in effects {
        match s.track(&e.track) {
            None => problem(
                place.to_owned(),
                format!("there is no track {}", e.track),
                "name one of the [[tracks]]",
            ),
            Some(track) => {
                if e.by == 0 || e.by.unsigned_abs() > track.max.abs_diff(track.min) {
                    problem(
                        place.to_owned(),
                        format!(
                            "a move of {} on {} is nothing, or more than its range",
                            e.by, track.id
                        ),
                        "give a move of 1 up to the track's range either way",
                    );
                }
                if sides.is_some_and(|sides| !track.known_only_within(sides)) {
                    problem(
                        place.to_owned(),
                        format!(
                            "{what} moves {}, which others know exactly: the move would give it away",
                            track.id
                        ),
                        "move only tracks known to the umpire and those who learn of it",
                    );
                }
            }
        }
    }
}

/// The sides that know `track`'s exact value: all of them when it is public.
pub(crate) fn knowers(s: &Scenario, track: &TrackId) -> Vec<SideId> {
    match s.track(track) {
        Some(t) if t.public => s.sides.iter().map(|d| d.id.clone()).collect(),
        Some(t) => t.exact.clone(),
        None => Vec::new(),
    }
}
