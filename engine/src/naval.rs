//! Naval operations and the fog of war: orders that move units and set their
//! stances; their resolution at the close of orders (simultaneous movement,
//! contacts at a quarantine line decided by the pair of stances, cargo
//! delivered, anti-submarine searches, detection); and what each side knows
//! of the other's units — only what it has seen, as of when it saw it, and
//! cargo only once inspected. The umpire sees the truth. Results wait in the
//! pending adjudication and each side learns its part at publish.

use crate::adjudication::ClosedOrders;
use crate::dice::{self, Roll};
use crate::event::{Event, Visibility};
use crate::ids::{SideId, TrackId, UnitId, ZoneId};
use crate::map::{ContactDef, ContactOutcome, Graph, UnitDef, UnitKind, ZoneKind};
use crate::orders::{DraftItem, OrderItem, list};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::State;
use crate::tracks::TrackChange;
use crate::view::Viewer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a unit differs from its start, as the state keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnitState {
    /// Where it is, once it has moved.
    pub zone: Option<ZoneId>,
    /// Its stance, once changed.
    pub stance: Option<String>,
    /// Whether it has been lost.
    pub lost: bool,
    /// Whether its cargo has been delivered.
    pub delivered: bool,
}

/// A unit as one viewer may know it: its own side's (or, for the umpire, every unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitView {
    /// The unit.
    pub id: UnitId,
    /// Name for people.
    pub name: String,
    /// Its side.
    pub side: SideId,
    /// What it is.
    pub kind: UnitKind,
    /// Where it is now.
    pub zone: ZoneId,
    /// Its stance, if it has one.
    pub stance: Option<String>,
    /// Zones it may move in a turn.
    pub movement: u32,
    /// How far it sees.
    pub detection: u32,
    /// Its anti-submarine target, 0 for none.
    pub asw: u8,
    /// What it carries (the cargo's name).
    pub cargo: Option<String>,
    /// Whether its cargo has been delivered.
    pub delivered: bool,
    /// Whether it has been lost.
    pub lost: bool,
    /// The turn it enters the game.
    pub enters: u32,
}

/// What a side saw of another side's unit, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sighting {
    /// The side that saw it.
    pub by: SideId,
    /// The unit seen.
    pub unit: UnitId,
    /// Its name.
    pub name: String,
    /// Its side.
    pub side: SideId,
    /// What it is.
    pub kind: UnitKind,
    /// Where it was seen.
    pub zone: ZoneId,
    /// The turn it was seen.
    pub turn: u32,
    /// Whether the seeing side has inspected it.
    pub inspected: bool,
    /// Its cargo, once inspected (none: nothing of note aboard).
    pub cargo: Option<String>,
    /// Whether it was seen lost.
    pub lost: bool,
}

/// A unit's move at the close of orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitMove {
    /// The unit.
    pub unit: UnitId,
    /// Its side.
    pub side: SideId,
    /// From.
    pub from: ZoneId,
    /// To.
    pub to: ZoneId,
    /// Why it did not go where it was ordered, or went back, if so.
    pub note: Option<String>,
}

/// A unit's new stance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StanceChange {
    /// The unit.
    pub unit: UnitId,
    /// Its side.
    pub side: SideId,
    /// The stance.
    pub stance: String,
}

/// Ships of two sides meeting at a quarantine line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    /// Where.
    pub zone: ZoneId,
    /// The ship enforcing the line.
    pub enforcer: UnitId,
    /// Its name.
    pub enforcer_name: String,
    /// Its side.
    pub enforcer_side: SideId,
    /// Its stance.
    pub enforcer_stance: String,
    /// The ship it met.
    pub unit: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Its side.
    pub unit_side: SideId,
    /// Its stance.
    pub unit_stance: String,
    /// What came of it.
    pub outcome: ContactOutcome,
    /// What both sides read.
    pub text: String,
    /// For an inspection: the cargo found (none: nothing of note).
    pub cargo: Option<String>,
    /// Whether the ship was turned back (to where it started).
    pub turned_back: bool,
    /// Whether the ship was lost.
    pub lost: bool,
}

/// Cargo that reached where it was going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Delivery {
    /// The unit.
    pub unit: UnitId,
    /// Its side.
    pub side: SideId,
    /// The cargo's name.
    pub cargo: String,
    /// Where.
    pub zone: ZoneId,
}

/// One anti-submarine search, found something or not. Every unit that can
/// search does, every turn, so that a search tells nothing by happening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Search {
    /// The searching side.
    pub side: SideId,
    /// The searching unit.
    pub unit: UnitId,
    /// Where.
    pub zone: ZoneId,
    /// The dice, against the unit's target.
    pub roll: Roll,
    /// The submarines found.
    pub found: Vec<UnitId>,
}

/// What a side learned of a track by intelligence (an overflight's photographs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Intel {
    /// The side that learned it.
    pub side: SideId,
    /// The track.
    pub track: TrackId,
    /// The value then.
    pub value: i32,
    /// The turn.
    pub turn: u32,
}

/// The naval part of one turn's adjudication, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NavalReport {
    /// Stances ordered.
    pub stances: Vec<StanceChange>,
    /// Moves ordered, as they came out.
    pub moves: Vec<UnitMove>,
    /// Contacts at quarantine lines.
    pub contacts: Vec<Contact>,
    /// Ships sent back by a contact.
    pub returns: Vec<UnitMove>,
    /// Cargo delivered.
    pub deliveries: Vec<Delivery>,
    /// Anti-submarine searches.
    pub searches: Vec<Search>,
    /// What each side saw.
    pub sightings: Vec<Sighting>,
}

impl NavalReport {
    /// Whether nothing naval happened.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A unit of the scenario with where it stands now.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'s> {
    pub def: &'s UnitDef,
    pub zone: ZoneId,
    pub stance: Option<String>,
    pub lost: bool,
    pub delivered: bool,
}

impl Unit<'_> {
    /// Whether it is in play at `turn`.
    pub fn present(&self, turn: u32) -> bool {
        !self.lost && turn >= self.def.enters
    }
}

/// Every unit of the scenario with where it stands now.
pub(crate) fn units<'s>(scenario: &'s Scenario, state: &State) -> Vec<Unit<'s>> {
    scenario
        .units
        .iter()
        .map(|def| {
            let now = state.units.get(&def.id);
            Unit {
                def,
                zone: now
                    .and_then(|u| u.zone.clone())
                    .unwrap_or_else(|| def.start.clone()),
                stance: now
                    .and_then(|u| u.stance.clone())
                    .or_else(|| first_stance(scenario, def)),
                lost: now.is_some_and(|u| u.lost),
                delivered: now.is_some_and(|u| u.delivered),
            }
        })
        .collect()
}

/// The stance a unit starts in.
fn first_stance(scenario: &Scenario, def: &UnitDef) -> Option<String> {
    def.stance.clone().or_else(|| {
        scenario
            .stances
            .iter()
            .find(|s| s.side == def.side && s.kinds.contains(&def.kind))
            .map(|s| s.id.clone())
    })
}

/// `side`'s units in play in `zone`.
pub(crate) fn units_in<'s>(
    scenario: &'s Scenario,
    state: &State,
    side: &SideId,
    zone: &ZoneId,
) -> impl Iterator<Item = &'s UnitDef> {
    let turn = state.turn;
    units(scenario, state)
        .into_iter()
        .filter(move |u| &u.def.side == side && &u.zone == zone && u.present(turn))
        .map(|u| u.def)
}

/// The unit `id` if `side` may order it now; else why not. Another side's
/// unit that `side` has never sighted gets the same refusal as a unit that
/// does not exist, so that orders cannot be used to probe which enemy units
/// there are.
fn own_unit<'s>(
    scenario: &'s Scenario,
    state: &State,
    side: &SideId,
    id: &UnitId,
) -> Result<Unit<'s>, Rejection> {
    let all = units(scenario, state);
    let mine = || {
        let ids: Vec<&str> = scenario
            .units
            .iter()
            .filter(|u| &u.side == side)
            .map(|u| u.id.as_str())
            .collect();
        list(&ids)
    };
    let unknown = || {
        Rejection::new(
            RejectCode::UnknownUnit,
            format!("there is no unit {id}; your units are: {}", mine()),
        )
    };
    let Some(unit) = all.into_iter().find(|u| &u.def.id == id) else {
        return Err(unknown());
    };
    let sighted = state
        .sightings
        .get(side)
        .is_some_and(|seen| seen.contains_key(id));
    if &unit.def.side != side && !sighted {
        return Err(unknown());
    }
    if &unit.def.side != side {
        return Err(Rejection::new(
            RejectCode::NotYourUnit,
            format!(
                "{} is not your side's to command; your units are: {}",
                unit.def.name,
                mine()
            ),
        ));
    }
    if unit.lost {
        return Err(Rejection::new(
            RejectCode::UnitLost,
            format!("{} has been lost and can take no orders", unit.def.name),
        ));
    }
    if state.turn < unit.def.enters {
        return Err(Rejection::new(
            RejectCode::UnitAbsent,
            format!(
                "{} enters the game at turn {}; order it from then",
                unit.def.name, unit.def.enters
            ),
        ));
    }
    Ok(unit)
}

/// Checks an order to move `unit` to `to`.
pub(crate) fn check_move(
    scenario: &Scenario,
    state: &State,
    side: &SideId,
    draft: &[DraftItem],
    unit: &UnitId,
    to: &ZoneId,
) -> Result<(), Rejection> {
    let found = own_unit(scenario, state, side, unit)?;
    let Some(zone) = scenario.zones.iter().find(|z| &z.id == to) else {
        let ids: Vec<&str> = scenario.zones.iter().map(|z| z.id.as_str()).collect();
        return Err(Rejection::new(
            RejectCode::UnknownZone,
            format!("there is no zone {to}; the zones are: {}", list(&ids)),
        ));
    };
    let graph = Graph::new(&scenario.zones);
    let next: Vec<&str> = graph.neighbours(&found.zone).map(ZoneId::as_str).collect();
    if &found.zone == to {
        return Err(Rejection::new(
            RejectCode::BadMove,
            format!(
                "{} is in {} already; zones next to it: {}",
                found.def.name,
                zone.name,
                list(&next)
            ),
        ));
    }
    let steps = graph.distance(&found.zone, to);
    if steps.is_none_or(|n| n > found.def.movement) {
        return Err(Rejection::new(
            RejectCode::BadMove,
            format!(
                "{} moves at most {} zone(s) a turn and {} is {}; zones next to {}: {}",
                found.def.name,
                found.def.movement,
                zone.name,
                steps.map_or("out of reach".to_owned(), |n| format!("{n} zones away")),
                crate::names::zone_in_sentence(&scenario.zones, &found.zone),
                list(&next)
            ),
        ));
    }
    if draft
        .iter()
        .any(|d| matches!(&d.order, OrderItem::Move { unit: u, .. } if u == unit))
    {
        return Err(Rejection::new(
            RejectCode::DuplicateOrder,
            format!(
                "your orders move {} already; remove that item to change its move",
                found.def.name
            ),
        ));
    }
    Ok(())
}

/// Checks an order to set `unit`'s stance.
pub(crate) fn check_stance(
    scenario: &Scenario,
    state: &State,
    side: &SideId,
    draft: &[DraftItem],
    unit: &UnitId,
    stance: &str,
) -> Result<(), Rejection> {
    let found = own_unit(scenario, state, side, unit)?;
    let allowed: Vec<&crate::map::StanceDef> = scenario
        .stances
        .iter()
        .filter(|s| &s.side == side && s.kinds.contains(&found.def.kind))
        .collect();
    let Some(def) = allowed.iter().find(|s| s.id == stance) else {
        let ids: Vec<&str> = allowed.iter().map(|s| s.id.as_str()).collect();
        return Err(Rejection::new(
            RejectCode::BadStance,
            format!(
                "{} cannot take stance {stance}; it may take: {}",
                found.def.name,
                list(&ids)
            ),
        ));
    };
    if found.stance.as_deref() == Some(stance) {
        return Err(Rejection::new(
            RejectCode::BadStance,
            format!("{} is in stance \"{}\" already", found.def.name, def.name),
        ));
    }
    if let Some(why) =
        crate::strategic::unmet_conditions(scenario, state, Some(side), state.turn, &def.requires)
    {
        return Err(Rejection::new(
            RejectCode::PreconditionFailed,
            format!("{} is not possible now: {why}", def.name),
        ));
    }
    if draft
        .iter()
        .any(|d| matches!(&d.order, OrderItem::Stance { unit: u, .. } if u == unit))
    {
        return Err(Rejection::new(
            RejectCode::DuplicateOrder,
            format!(
                "your orders set {}'s stance already; remove that item to change it",
                found.def.name
            ),
        ));
    }
    Ok(())
}

/// Resolves the turn's naval orders at the close: stances, simultaneous
/// moves, contacts, deliveries, searches and sightings, with the track
/// changes they bring.
pub(crate) fn resolve(
    scenario: &Scenario,
    state: &State,
    orders: &[ClosedOrders],
) -> (NavalReport, Vec<TrackChange>) {
    if scenario.units.is_empty() {
        return (NavalReport::default(), Vec::new());
    }
    let mut sea = Resolution::new(scenario, state);
    let ordered = sea.take_orders(orders);
    sea.move_units(&ordered);
    sea.make_contacts();
    sea.deliver_cargo();
    sea.search_for_submarines();
    sea.sight_units();
    (sea.report, sea.changes)
}

/// The naval resolution of one close under way: the units as they come to
/// stand, step by step, and what has been reported and changed so far.
struct Resolution<'s> {
    scenario: &'s Scenario,
    state: &'s State,
    /// The turn whose orders close.
    turn: u32,
    /// The map.
    graph: Graph,
    /// Every unit of the scenario, in its order, as it stands now.
    units: Vec<Unit<'s>>,
    /// Where each unit is in `units`, by id.
    index: BTreeMap<UnitId, usize>,
    /// What happened, so far.
    report: NavalReport,
    /// The track changes it brings, so far.
    changes: Vec<TrackChange>,
}

impl<'s> Resolution<'s> {
    /// The units as they stand at the close, nothing resolved yet.
    fn new(scenario: &'s Scenario, state: &'s State) -> Self {
        let units = units(scenario, state);
        let index = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.def.id.clone(), i))
            .collect();
        Self {
            scenario,
            state,
            turn: state.turn,
            graph: Graph::new(&scenario.zones),
            units,
            index,
            report: NavalReport::default(),
            changes: Vec::new(),
        }
    }

    /// The sides' naval orders, in order: stances change at once; the moves
    /// ordered (unit and destination) are returned, to be made together.
    fn take_orders(&mut self, orders: &[ClosedOrders]) -> Vec<(usize, ZoneId)> {
        let items = orders
            .iter()
            .flat_map(|o| o.submitted.iter().flat_map(|s| &s.items).map(|i| &i.order));
        let mut ordered: Vec<(usize, ZoneId)> = Vec::new();
        for order in items {
            match order {
                OrderItem::Stance { unit, stance } => {
                    if let Some(&i) = self.index.get(unit) {
                        self.units[i].stance = Some(stance.clone());
                        self.report.stances.push(StanceChange {
                            unit: unit.clone(),
                            side: self.units[i].def.side.clone(),
                            stance: stance.clone(),
                        });
                    }
                }
                OrderItem::Move { unit, to } => {
                    if let Some(&i) = self.index.get(unit) {
                        ordered.push((i, to.clone()));
                    }
                }
                _ => {}
            }
        }
        ordered
    }

    /// Whether `zone` is a quarantine line.
    fn is_line(&self, zone: &ZoneId) -> bool {
        self.scenario
            .zones
            .iter()
            .any(|z| &z.id == zone && z.kind == ZoneKind::Quarantine)
    }

    /// Makes the moves `ordered`, all at once: each unit goes where it was
    /// ordered, unless its way passes a line held by another side's ships.
    fn move_units(&mut self, ordered: &[(usize, ZoneId)]) {
        let stops = self.stops(ordered);
        for (i, to) in ordered {
            let stop = stops.iter().find(|(j, _)| j == i).map(|(_, z)| z.clone());
            let from = self.units[*i].zone.clone();
            let end = stop.clone().unwrap_or_else(|| to.clone());
            self.report.moves.push(UnitMove {
                unit: self.units[*i].def.id.clone(),
                side: self.units[*i].def.side.clone(),
                from,
                to: end.clone(),
                note: stop.map(|z| {
                    format!(
                        "stopped at {} by ships holding the line",
                        crate::names::zone_in_sentence(&self.scenario.zones, &z)
                    )
                }),
            });
            self.units[*i].zone = end;
        }
    }

    /// Where the moves `ordered` stop short. Moves are simultaneous: where
    /// every unit would end, first; then a ship whose way passes a line held
    /// there by another side's ships (enforcing it) stops at the line.
    fn stops(&self, ordered: &[(usize, ZoneId)]) -> Vec<(usize, ZoneId)> {
        let units = &self.units;
        let enforcing: Vec<&str> = self
            .scenario
            .contacts
            .iter()
            .map(|c| c.enforcer.as_str())
            .collect();
        let mut ends: Vec<ZoneId> = units.iter().map(|u| u.zone.clone()).collect();
        for (i, to) in ordered {
            ends[*i] = to.clone();
        }
        let mut stops: Vec<(usize, ZoneId)> = Vec::new();
        for (i, to) in ordered {
            let u = &units[*i];
            if !u.def.kind.stoppable() {
                continue;
            }
            let path = self.graph.path(&u.zone, to).unwrap_or_default();
            let held = path
                .iter()
                .skip(1)
                .take(path.len().saturating_sub(2))
                .find(|z| {
                    self.is_line(z)
                        && units.iter().enumerate().any(|(j, e)| {
                            e.def.side != u.def.side
                                && e.def.kind.surface()
                                && e.present(self.turn)
                                && &ends[j] == *z
                                && e.stance.as_deref().is_some_and(|s| enforcing.contains(&s))
                        })
                });
            if let Some(z) = held {
                stops.push((*i, z.clone()));
            }
        }
        stops
    }

    /// Contacts at each line, unit by unit in the scenario's order, by the
    /// pair of stances.
    fn make_contacts(&mut self) {
        for r in 0..self.units.len() {
            if let Some((e, row, r_stance)) = self.contact_of(r) {
                self.make_contact(r, e, row, r_stance);
            }
        }
    }

    /// The ship that unit `r` meets at a line, if it is a ship that can be
    /// stopped, in play there with a stance: the first of another side's
    /// surface ships there whose stance and `r`'s have a row in the contact
    /// table; with that row and `r`'s stance.
    fn contact_of(&self, r: usize) -> Option<(usize, &'s ContactDef, String)> {
        let runner = &self.units[r];
        if !runner.def.kind.stoppable() || !runner.present(self.turn) || !self.is_line(&runner.zone)
        {
            return None;
        }
        let r_stance = runner.stance.clone()?;
        let contacts = &self.scenario.contacts;
        let (e, row) = self.units.iter().enumerate().find_map(|(e, enforcer)| {
            if enforcer.def.side == runner.def.side
                || !enforcer.def.kind.surface()
                || !enforcer.present(self.turn)
                || enforcer.zone != runner.zone
            {
                return None;
            }
            let stance = enforcer.stance.as_deref()?;
            contacts
                .iter()
                .find(|c| c.enforcer == stance && c.other == r_stance)
                .map(|row| (e, row))
        })?;
        Some((e, row, r_stance))
    }

    /// Unit `r` meets unit `e` at a line, as `row` of the contact table says:
    /// the contact reported with its track changes; the unit turned back to
    /// where it started, or lost, if so.
    fn make_contact(&mut self, r: usize, e: usize, row: &ContactDef, r_stance: String) {
        let (enforcer, runner) = (&self.units[e], &self.units[r]);
        let carried = runner
            .def
            .cargo
            .as_ref()
            .filter(|_| !runner.delivered)
            .and_then(|c| self.scenario.cargoes.iter().find(|d| &d.id == c));
        let inspected = row.outcome == ContactOutcome::Inspect;
        let turned_back = row.outcome == ContactOutcome::TurnBack
            || (inspected && carried.is_some_and(|c| c.contraband));
        let lost = row.outcome == ContactOutcome::ShotsFired;
        self.report.contacts.push(Contact {
            zone: runner.zone.clone(),
            enforcer: enforcer.def.id.clone(),
            enforcer_name: enforcer.def.name.clone(),
            enforcer_side: enforcer.def.side.clone(),
            enforcer_stance: enforcer.stance.clone().unwrap_or_default(),
            unit: runner.def.id.clone(),
            unit_name: runner.def.name.clone(),
            unit_side: runner.def.side.clone(),
            unit_stance: r_stance,
            outcome: row.outcome,
            text: row.text.clone(),
            cargo: if inspected {
                carried.map(|c| c.name.clone())
            } else {
                None
            },
            turned_back,
            lost,
        });
        self.changes
            .extend(row.effects.iter().map(|eff| TrackChange {
                track: eff.track.clone(),
                by: eff.by,
                reason: format!(
                    "Contact at {}: {}",
                    crate::names::zone_in_sentence(&self.scenario.zones, &runner.zone),
                    row.outcome.describe()
                ),
            }));
        if turned_back && runner.zone != runner.def.start {
            self.report.returns.push(UnitMove {
                unit: runner.def.id.clone(),
                side: runner.def.side.clone(),
                from: runner.zone.clone(),
                to: runner.def.start.clone(),
                note: Some("turned back at the line".to_owned()),
            });
            self.units[r].zone = self.units[r].def.start.clone();
        }
        if lost {
            self.units[r].lost = true;
        }
    }

    /// Cargo that reached its destination, with the track changes its
    /// delivery brings.
    fn deliver_cargo(&mut self) {
        let turn = self.turn;
        for u in self.units.iter_mut() {
            let Some(cargo) = u
                .def
                .cargo
                .as_ref()
                .and_then(|c| self.scenario.cargoes.iter().find(|d| &d.id == c))
            else {
                continue;
            };
            if u.present(turn) && !u.delivered && cargo.deliver_in.as_ref() == Some(&u.zone) {
                u.delivered = true;
                self.report.deliveries.push(Delivery {
                    unit: u.def.id.clone(),
                    side: u.def.side.clone(),
                    cargo: cargo.name.clone(),
                    zone: u.zone.clone(),
                });
                let reason = format!("Delivered: {}", cargo.name);
                let more = crate::tracks::changes(
                    self.scenario,
                    self.state,
                    &self.changes,
                    &cargo.on_delivery,
                    &reason,
                );
                self.changes.extend(more);
            }
        }
    }

    /// Searches: every unit that can, every turn, each with its own dice; a
    /// success finds every other side's submarine in its zone.
    fn search_for_submarines(&mut self) {
        let turn = self.turn;
        let units = &self.units;
        for u in units.iter().filter(|u| u.present(turn) && u.def.asw > 0) {
            let roll = dice::roll_for(
                self.state.seed,
                &format!("asw/{turn}/{}", u.def.id),
                u.def.asw,
            );
            let found = if roll.success {
                units
                    .iter()
                    .filter(|s| {
                        s.def.side != u.def.side
                            && s.def.kind == UnitKind::Submarine
                            && s.present(turn)
                            && s.zone == u.zone
                    })
                    .map(|s| s.def.id.clone())
                    .collect()
            } else {
                Vec::new()
            };
            self.report.searches.push(Search {
                side: u.def.side.clone(),
                unit: u.def.id.clone(),
                zone: u.zone.clone(),
                roll,
                found,
            });
        }
    }

    /// What each side sees, side by side in the scenario's order.
    fn sight_units(&mut self) {
        for side in &self.scenario.sides {
            let seen = self.seen_by(&side.id);
            self.report.sightings.extend(seen.into_values());
        }
    }

    /// What `side` sees: ships met at the line, units within its units'
    /// sight, submarines its searches found; by unit id.
    fn seen_by(&self, side: &SideId) -> BTreeMap<UnitId, Sighting> {
        let mut seen = self.met_at_lines(side);
        let mine: Vec<&Unit> = self
            .units
            .iter()
            .filter(|u| &u.def.side == side && u.present(self.turn))
            .collect();
        for other in self
            .units
            .iter()
            .filter(|u| &u.def.side != side && u.present(self.turn))
        {
            let visible = if other.def.kind == UnitKind::Submarine {
                self.report
                    .searches
                    .iter()
                    .any(|s| &s.side == side && s.found.contains(&other.def.id))
            } else {
                mine.iter().any(|m| {
                    self.graph
                        .distance(&m.zone, &other.zone)
                        .is_some_and(|d| d <= m.def.detection)
                })
            };
            if visible {
                let before = seen.remove(&other.def.id);
                let mut s = self.sighting(side, other, &other.zone);
                if let Some(b) = before {
                    (s.inspected, s.cargo) = (b.inspected, b.cargo);
                }
                seen.insert(other.def.id.clone(), s);
            }
        }
        seen
    }

    /// The ships `side` met at a line this turn: those its ships stopped
    /// (with the cargo an inspection found), then those that stopped its own.
    fn met_at_lines(&self, side: &SideId) -> BTreeMap<UnitId, Sighting> {
        let mut seen: BTreeMap<UnitId, Sighting> = BTreeMap::new();
        for c in self
            .report
            .contacts
            .iter()
            .filter(|c| &c.enforcer_side == side)
        {
            if let Some(&i) = self.index.get(&c.unit) {
                let mut s = self.sighting(side, &self.units[i], &c.zone);
                if c.outcome == ContactOutcome::Inspect {
                    s.inspected = true;
                    s.cargo = c.cargo.clone();
                }
                seen.insert(c.unit.clone(), s);
            }
        }
        for c in self.report.contacts.iter().filter(|c| &c.unit_side == side) {
            if let Some(&i) = self.index.get(&c.enforcer) {
                seen.insert(
                    c.enforcer.clone(),
                    self.sighting(side, &self.units[i], &c.zone),
                );
            }
        }
        seen
    }

    /// `side`'s sighting of unit `u` in `zone` this turn, keeping what an
    /// earlier inspection found.
    fn sighting(&self, side: &SideId, u: &Unit, zone: &ZoneId) -> Sighting {
        let before = self
            .state
            .sightings
            .get(side)
            .and_then(|s| s.get(&u.def.id));
        Sighting {
            by: side.clone(),
            unit: u.def.id.clone(),
            name: u.def.name.clone(),
            side: u.def.side.clone(),
            kind: u.def.kind,
            zone: zone.clone(),
            turn: self.turn,
            inspected: before.is_some_and(|b| b.inspected),
            cargo: before.and_then(|b| b.cargo.clone()),
            lost: u.lost,
        }
    }
}

/// The events that publish the naval report, each for those who may know it.
pub(crate) fn publish(report: &NavalReport) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    events.extend(
        report
            .stances
            .iter()
            .map(|s| Event::StanceChanged { change: s.clone() }),
    );
    events.extend(report.moves.iter().map(|m| Event::UnitMoved {
        movement: Box::new(m.clone()),
    }));
    events.extend(report.contacts.iter().map(|c| Event::ContactMade {
        contact: Box::new(c.clone()),
    }));
    events.extend(report.returns.iter().map(|m| Event::UnitMoved {
        movement: Box::new(m.clone()),
    }));
    events.extend(report.deliveries.iter().map(|d| Event::CargoDelivered {
        delivery: Box::new(d.clone()),
    }));
    events.extend(report.searches.iter().map(|s| Event::SubmarineSearch {
        search: Box::new(s.clone()),
    }));
    events.extend(report.sightings.iter().map(|s| Event::UnitSighted {
        sighting: Box::new(s.clone()),
    }));
    events
}

/// Who may know of a contact: the two sides.
impl Contact {
    /// The two sides in it (and the umpire).
    pub fn visibility(&self) -> Visibility {
        Visibility::Sides(vec![self.enforcer_side.clone(), self.unit_side.clone()])
    }
}

/// The units `viewer` commands (every unit, for the umpire), as they are.
pub(crate) fn view_units(scenario: &Scenario, state: &State, viewer: &Viewer) -> Vec<UnitView> {
    units(scenario, state)
        .into_iter()
        .filter(|u| match viewer {
            Viewer::Umpire => true,
            Viewer::Side(side) => &u.def.side == side,
            Viewer::Observer => false,
        })
        .map(|u| UnitView {
            id: u.def.id.clone(),
            name: u.def.name.clone(),
            side: u.def.side.clone(),
            kind: u.def.kind,
            zone: u.zone,
            stance: u.stance,
            movement: u.def.movement,
            detection: u.def.detection,
            asw: u.def.asw,
            cargo: u
                .def
                .cargo
                .as_ref()
                .and_then(|c| scenario.cargoes.iter().find(|d| &d.id == c))
                .map(|c| c.name.clone()),
            delivered: u.delivered,
            lost: u.lost,
            enters: u.def.enters,
        })
        .collect()
}

/// What `viewer` has seen of other sides' units (every side's sightings, for
/// the umpire), each as last seen.
pub(crate) fn view_sightings(state: &State, viewer: &Viewer) -> Vec<Sighting> {
    state
        .sightings
        .iter()
        .filter(|(side, _)| viewer.may_see(&Visibility::Side((*side).clone())))
        .flat_map(|(_, seen)| seen.values().cloned())
        .collect()
}
