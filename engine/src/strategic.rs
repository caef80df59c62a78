//! Strategic actions: each side's menu from the scenario (declare a
//! quarantine, a U-2 overflight, halt construction...). An action has
//! preconditions on tracks, checked when it is ordered; effects on tracks; and
//! a resolution: automatic, a roll of 2d6 against a target (from the seed, at
//! the close of orders, recorded with its inputs), or by the umpire (it then
//! waits for a ruling like a free-form action). Its effects join the pending
//! adjudication's track changes; at publish the side (or everyone, for a
//! public action) learns how it went.

use crate::dice::{self, Roll};
use crate::event::Visibility;
use crate::ids::{SideId, TrackId, ZoneId};
use crate::map::UnitKind;
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::{Scenario, StrategicDef};
use crate::state::State;
use crate::tracks::{self, TrackChange};
use serde::{Deserialize, Serialize};

/// How a strategic action is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// It happens, with its effects.
    #[default]
    Auto,
    /// Two dice against the action's target decide between its effects and
    /// its failure effects.
    Roll,
    /// The umpire rules on it, as on a free-form action.
    Umpire,
}

/// A condition: on a track's value, on the turn, or on where the side's own
/// units are. Give one kind of condition per entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The track.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<TrackId>,
    /// Holds when the track is at this value or above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i32>,
    /// Holds when the track is at this value or below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i32>,
    /// Holds from this turn on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_turn: Option<u32>,
    /// Holds up to this turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_turn: Option<u32>,
    /// Holds when one of the side's own units is in this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_in: Option<ZoneId>,
    /// With `unit_in`: a unit of this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
}

/// A change a strategic action makes to a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The track.
    pub track: TrackId,
    /// By how much.
    pub by: i32,
}

/// How a strategic action went, at the close of orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategicResult {
    /// The side acting.
    pub side: SideId,
    /// The action's id in the scenario.
    pub action: String,
    /// Its name, for people.
    pub name: String,
    /// The dice, for a rolled action.
    pub roll: Option<Roll>,
    /// Whether it succeeded (its effects, else its failure effects).
    pub success: bool,
    /// Whether everyone learns of it at publish (else the side alone).
    pub public: bool,
}

impl StrategicResult {
    /// Who learns how it went.
    pub fn visibility(&self) -> Visibility {
        if self.public {
            Visibility::Public
        } else {
            Visibility::Side(self.side.clone())
        }
    }
}

/// The action `id` of `side`'s menu, if its preconditions hold now; else why not.
pub(crate) fn check<'s>(
    scenario: &'s Scenario,
    state: &State,
    side: &SideId,
    id: &str,
) -> Result<&'s StrategicDef, Rejection> {
    let Some(def) = scenario
        .strategic
        .iter()
        .find(|a| a.id == id && &a.side == side)
    else {
        let menu: Vec<&str> = scenario
            .strategic
            .iter()
            .filter(|a| &a.side == side)
            .map(|a| a.id.as_str())
            .collect();
        return Err(Rejection::new(
            RejectCode::UnknownStrategic,
            format!(
                "{id} is not on your side's menu; it holds: {}",
                crate::orders::list(&menu)
            ),
        ));
    };
    if let Some(why) = unmet(scenario, state, def) {
        return Err(Rejection::new(
            RejectCode::PreconditionFailed,
            format!("{} is not possible now: {why}", def.name),
        ));
    }
    Ok(def)
}

/// Why `def`'s preconditions do not hold now, if they do not. The tracks in
/// preconditions are the acting side's to know (the scenario's checks see to
/// it), so the reason tells nothing secret.
pub(crate) fn unmet(scenario: &Scenario, state: &State, def: &StrategicDef) -> Option<String> {
    unmet_conditions(scenario, state, Some(&def.side), state.turn, &def.requires)
}

/// Why `conditions` do not all hold at `turn`, if they do not; `side` is
/// whose units `unit_in` means.
pub(crate) fn unmet_conditions(
    scenario: &Scenario,
    state: &State,
    side: Option<&SideId>,
    turn: u32,
    conditions: &[Condition],
) -> Option<String> {
    conditions.iter().find_map(|c| {
        if let Some(track) = c.track.as_ref().and_then(|t| scenario.track(t)) {
            let v = tracks::value(state, track);
            if let Some(t) = c.at_least
                && v < t
            {
                return Some(format!("{} must be at least {t}", track.name));
            }
            if let Some(t) = c.at_most
                && v > t
            {
                return Some(format!("{} must be at most {t}", track.name));
            }
        }
        if let Some(t) = c.from_turn
            && turn < t
        {
            return Some(format!("not before turn {t}"));
        }
        if let Some(t) = c.until_turn
            && turn > t
        {
            return Some(format!("not after turn {t}"));
        }
        if let Some(zone) = &c.unit_in {
            let there = side.is_some_and(|side| {
                crate::naval::units_in(scenario, state, side, zone)
                    .any(|u| c.kind.is_none_or(|k| u.kind == k))
            });
            if !there {
                let name = scenario
                    .zones
                    .iter()
                    .find(|z| &z.id == zone)
                    .map_or(zone.as_str(), |z| z.name.as_str());
                return Some(match c.kind {
                    Some(kind) => format!("one of your {}s must be in {name}", kind.as_str()),
                    None => format!("one of your units must be in {name}"),
                });
            }
        }
        None
    })
}

/// Problems with `conditions` at `place`. With a `side` (an action's or a
/// stance's), tracks must be ones the side knows exactly and `unit_in` means
/// its units; without one, `unit_in` is refused and the caller sees to who
/// may learn what the conditions reveal.
pub(crate) fn condition_problems(
    scenario: &Scenario,
    place: &str,
    side: Option<&SideId>,
    conditions: &[Condition],
    problem: &mut impl FnMut(String, String, &str),
) {
    for c in conditions {
        let kinds = [
            c.track.is_some(),
            c.from_turn.is_some() || c.until_turn.is_some(),
            c.unit_in.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            problem(
                place.to_owned(),
                "a condition must be on one thing: a track, the turn, or a unit's zone".into(),
                "give `track` with `at_least`/`at_most`, or `from_turn`/`until_turn`, or `unit_in` (with `kind`)",
            );
            continue;
        }
        if let Some(id) = &c.track {
            match scenario.track(id) {
                None => problem(
                    place.to_owned(),
                    format!("there is no track {id}"),
                    "name one of the [[tracks]]",
                ),
                Some(track) => {
                    if let Some(side) = side
                        && !track.public
                        && !track.exact.contains(side)
                    {
                        problem(
                            place.to_owned(),
                            format!(
                                "a precondition on {}, which side {side} does not know exactly, would tell it the value",
                                track.id
                            ),
                            "base preconditions on tracks the side knows exactly (public, or `exact` for it)",
                        );
                    }
                }
            }
            if c.at_least.is_none() && c.at_most.is_none() {
                problem(
                    place.to_owned(),
                    format!("the condition on {id} sets no bound"),
                    "give `at_least` or `at_most`",
                );
            }
        } else if c.at_least.is_some() || c.at_most.is_some() {
            problem(
                place.to_owned(),
                "`at_least` and `at_most` without a `track`".into(),
                "name the track the bound is on",
            );
        }
        if let Some(zone) = &c.unit_in {
            if side.is_none() {
                problem(
                    place.to_owned(),
                    "`unit_in` here has no side whose units it could mean".into(),
                    "use `unit_in` only in the preconditions of actions and stances",
                );
            }
            if !scenario.zones.iter().any(|z| &z.id == zone) {
                problem(
                    place.to_owned(),
                    format!("there is no zone {zone}"),
                    "name one of the [[zones]]",
                );
            }
        } else if c.kind.is_some() {
            problem(
                place.to_owned(),
                "`kind` without `unit_in`".into(),
                "name the zone the unit must be in",
            );
        }
        for t in [c.from_turn, c.until_turn].into_iter().flatten() {
            if t == 0 || t as usize > scenario.turns.len() {
                problem(
                    place.to_owned(),
                    format!(
                        "turn {t}, but the turns run from 1 to {}",
                        scenario.turns.len()
                    ),
                    "give one of the scenario's turns",
                );
            }
        }
    }
}

/// Resolves `side`'s automatic and rolled action `def` at the close of orders
/// of `turn`: the result and its track changes.
pub(crate) fn resolve(
    state: &State,
    side: &SideId,
    def: &StrategicDef,
    turn: u32,
) -> (StrategicResult, Vec<TrackChange>) {
    let roll = (def.resolution == Resolution::Roll).then(|| {
        dice::roll_for(
            state.seed,
            &format!("strategic/{side}/{}/{turn}", def.id),
            def.target,
        )
    });
    let success = roll.as_ref().is_none_or(|r| r.success);
    let effects = if success {
        &def.effects
    } else {
        &def.on_failure
    };
    let reason = format!(
        "{side}: {}{}",
        def.name,
        match (&roll, success) {
            (None, _) => String::new(),
            (Some(_), true) => " (succeeded)".to_owned(),
            (Some(_), false) => " (failed)".to_owned(),
        }
    );
    let changes = effects
        .iter()
        .map(|e| TrackChange {
            track: e.track.clone(),
            by: e.by,
            reason: reason.clone(),
        })
        .collect();
    (
        StrategicResult {
            side: side.clone(),
            action: def.id.clone(),
            name: def.name.clone(),
            roll,
            success,
            public: def.public,
        },
        changes,
    )
}

/// A strategic action as the menu shows it to a side (or the umpire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuItem {
    /// The side whose menu holds it.
    pub side: SideId,
    /// Its id, for ordering it.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// What it means.
    pub description: String,
    /// Whether everyone learns of it at publish.
    pub public: bool,
    /// How it is resolved.
    pub resolution: Resolution,
    /// For a roll: the total needed.
    pub target: u8,
    /// Why it cannot be ordered now, if it cannot.
    pub unavailable: Option<String>,
}

/// The menus `viewer` may read: its own side's, or every side's for the umpire.
pub(crate) fn menu(
    scenario: &Scenario,
    state: &State,
    viewer: &crate::view::Viewer,
) -> Vec<MenuItem> {
    scenario
        .strategic
        .iter()
        .filter(|def| match viewer {
            crate::view::Viewer::Umpire => true,
            crate::view::Viewer::Side(side) => &def.side == side,
            crate::view::Viewer::Observer => false,
        })
        .map(|def| MenuItem {
            side: def.side.clone(),
            id: def.id.clone(),
            name: def.name.clone(),
            description: def.description.clone(),
            public: def.public,
            resolution: def.resolution,
            target: def.target,
            unavailable: unmet(scenario, state, def),
        })
        .collect()
}
