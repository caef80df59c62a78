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
use crate::ids::{SideId, TrackId};
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

/// A condition on a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The track.
    pub track: TrackId,
    /// Holds when the track is at this value or above.
    #[serde(default)]
    pub at_least: Option<i32>,
    /// Holds when the track is at this value or below.
    #[serde(default)]
    pub at_most: Option<i32>,
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
/// preconditions are the acting side's to know (the scenario's author sees
/// to it), so the reason tells nothing secret.
pub(crate) fn unmet(scenario: &Scenario, state: &State, def: &StrategicDef) -> Option<String> {
    def.requires.iter().find_map(|c| {
        let track = scenario.track(&c.track)?;
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
        None
    })
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
