//! Strategic actions: each side's menu from the scenario (declare a
//! quarantine, a U-2 overflight, halt construction...). An action has
//! preconditions on tracks, checked when it is ordered; effects on tracks; and
//! a resolution: automatic, a roll of 2d6 against a target (from the seed, at
//! the close of orders, recorded with its inputs), or by the umpire (it then
//! waits for a ruling like a free-form action). A rolled action's modifiers
//! make the roll easier or harder by the tracks as they stand at the close.
//! Its effects join the pending adjudication's track changes; at publish the
//! side (or everyone, for a public action) learns how it went.

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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// With `unit_in`: whose unit, where no side is implied (an incident's
    /// preconditions); a menu's conditions mean the ordering side's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<SideId>,
}

/// A change something makes to a track: by so much, or to a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The track.
    pub track: TrackId,
    /// By how much (0 with `to`).
    #[serde(default)]
    pub by: i32,
    /// To this value, from wherever the track stands when the change is
    /// worked out (a DEFCON 2 inject, missiles dismantled to none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
}

impl Effect {
    /// How far it moves a track that stands at `now`.
    pub fn change(&self, now: i32) -> i32 {
        self.to.map_or(self.by, |to| to - now)
    }
}

/// A modifier of a rolled action: when the condition on the track holds at
/// the close of orders, `by` is added to the roll (positive makes success
/// likelier). It is applied to the target, so the dice and their total stay
/// as thrown: the roll's `difficulty` is the target less the modifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    /// The track read.
    pub track: TrackId,
    /// Applies when the track is at this value or above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<i32>,
    /// Applies when the track is at this value or below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<i32>,
    /// What it adds to the roll, -10 to 10 and not 0.
    pub by: i32,
}

impl Modifier {
    /// The condition it applies under, in the form preconditions take.
    pub fn condition(&self) -> Condition {
        Condition {
            track: Some(self.track.clone()),
            at_least: self.at_least,
            at_most: self.at_most,
            ..Condition::default()
        }
    }
}

/// A modifier that applied to a roll, kept with the result so the review can
/// show why the roll needed what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedModifier {
    /// The track it read.
    pub track: TrackId,
    /// What it added to the roll.
    pub by: i32,
    /// The condition that held, for people: `US DEFCON at most 3`.
    pub why: String,
}

/// How a strategic action went, at the close of orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StrategicResult {
    /// The side acting.
    pub side: SideId,
    /// The action's id in the scenario.
    pub action: String,
    /// Its name, for people.
    pub name: String,
    /// The dice, for a rolled action; its `difficulty` is the action's
    /// target less the modifiers that applied.
    pub roll: Option<Roll>,
    /// The modifiers that applied to the roll (none: the target as written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<AppliedModifier>,
    /// Whether it succeeded (its effects, else its failure effects).
    pub success: bool,
    /// Whether everyone learns of it at publish (else the side alone).
    pub public: bool,
    /// What its success or failure means, in the scenario's words, if it
    /// gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
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

/// What conditions read: tracks' exact values, where a side's units are, and
/// zones' names. The rules read them from the state ([`StateFacts`]); a
/// client's fold reads them from its view (`impl Facts for View`, in
/// `fold.rs`), so both give a menu item the same reason it is unavailable.
pub(crate) trait Facts {
    /// A track's name and exact value, if known (`None` for a track not
    /// known exactly, or none such).
    fn track(&self, id: &TrackId) -> Option<(&str, i32)>;
    /// Whether one of `side`'s units in play now is in `zone` (of `kind`,
    /// when one is given).
    fn unit_in(&self, side: &SideId, zone: &ZoneId, kind: Option<UnitKind>) -> bool;
    /// A zone's name, if there is such a zone.
    fn zone_name(&self, zone: &ZoneId) -> Option<&str>;
    /// A side's name, if there is such a side.
    fn side_name(&self, side: &SideId) -> Option<&str>;
}

/// The facts as they are: the scenario and the state.
pub(crate) struct StateFacts<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The state.
    pub state: &'a State,
}

impl Facts for StateFacts<'_> {
    fn track(&self, id: &TrackId) -> Option<(&str, i32)> {
        let def = self.scenario.track(id)?;
        Some((def.name.as_str(), tracks::value(self.state, def)))
    }

    fn unit_in(&self, side: &SideId, zone: &ZoneId, kind: Option<UnitKind>) -> bool {
        crate::naval::units_in(self.scenario, self.state, side, zone)
            .any(|u| kind.is_none_or(|k| u.kind == k))
    }

    fn zone_name(&self, zone: &ZoneId) -> Option<&str> {
        self.scenario
            .zones
            .iter()
            .find(|z| &z.id == zone)
            .map(|z| z.name.as_str())
    }

    fn side_name(&self, side: &SideId) -> Option<&str> {
        self.scenario.side(side).map(|s| s.name.as_str())
    }
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
    unmet_facts(&StateFacts { scenario, state }, side, turn, conditions)
}

/// Why `conditions` do not all hold at `turn` as `facts` tell, if they do
/// not; `side` is whose units `unit_in` means. The one place conditions are
/// read, by the rules and by a client's fold alike.
pub(crate) fn unmet_facts(
    facts: &impl Facts,
    side: Option<&SideId>,
    turn: u32,
    conditions: &[Condition],
) -> Option<String> {
    conditions.iter().find_map(|c| {
        if let Some((name, v)) = c.track.as_ref().and_then(|t| facts.track(t)) {
            if let Some(t) = c.at_least
                && v < t
            {
                return Some(format!("{name} must be at least {t}"));
            }
            if let Some(t) = c.at_most
                && v > t
            {
                return Some(format!("{name} must be at most {t}"));
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
            let whose = c.side.as_ref().or(side);
            let there = whose.is_some_and(|side| facts.unit_in(side, zone, c.kind));
            if !there {
                let name =
                    crate::names::in_sentence(facts.zone_name(zone).unwrap_or(zone.as_str()));
                let what = c.kind.map_or("unit", UnitKind::describe);
                return Some(match &c.side {
                    Some(s) => {
                        let side = facts.side_name(s).unwrap_or(s.as_str());
                        format!("a {what} of the {side} must be in {name}")
                    }
                    None => format!("one of your {what}s must be in {name}"),
                });
            }
        }
        None
    })
}

/// Resolves `side`'s automatic and rolled action `def` at the close of orders
/// of `turn`: the result and its track changes. Modifiers read the tracks as
/// they stand at the close, before this turn's changes land at publish.
pub(crate) fn resolve(
    scenario: &Scenario,
    state: &State,
    side: &SideId,
    def: &StrategicDef,
    turn: u32,
) -> (StrategicResult, Vec<TrackChange>) {
    let rolled = def.resolution == Resolution::Roll;
    let modifiers: Vec<AppliedModifier> = def
        .modifiers
        .iter()
        .filter(|_| rolled)
        .filter_map(|m| applied(scenario, state, m))
        .collect();
    let roll = rolled.then(|| {
        let bonus: i32 = modifiers.iter().map(|m| m.by).sum();
        // The modifiers move the target, not the dice; a target below 2 is a
        // sure thing and one above 12 cannot be made, as the dice would have it.
        let target = (i32::from(def.target) - bonus).clamp(0, i32::from(u8::MAX));
        dice::roll_for(
            state.seed,
            &format!("strategic/{side}/{}/{turn}", def.id),
            u8::try_from(target).unwrap_or(u8::MAX),
        )
    });
    let success = roll.as_ref().is_none_or(|r| r.success);
    let effects = if success {
        &def.effects
    } else {
        &def.on_failure
    };
    let reason = format!(
        "{}: {}{}",
        scenario
            .side(side)
            .map_or(side.as_str(), |s| s.name.as_str()),
        def.name,
        match (&roll, success) {
            (None, _) => String::new(),
            (Some(_), true) => " (succeeded)".to_owned(),
            (Some(_), false) => " (failed)".to_owned(),
        }
    );
    let changes = tracks::changes(scenario, state, &[], effects, &reason);
    (
        StrategicResult {
            side: side.clone(),
            action: def.id.clone(),
            name: def.name.clone(),
            roll,
            modifiers,
            success,
            public: def.public,
            text: Some(if success {
                &def.success_text
            } else {
                &def.failure_text
            })
            .filter(|t| !t.is_empty())
            .cloned(),
        },
        changes,
    )
}

/// `modifier` as it applies now, if its condition holds.
fn applied(scenario: &Scenario, state: &State, modifier: &Modifier) -> Option<AppliedModifier> {
    let track = scenario.track(&modifier.track)?;
    let v = tracks::value(state, track);
    let holds = modifier.at_least.is_none_or(|t| v >= t) && modifier.at_most.is_none_or(|t| v <= t);
    if !holds {
        return None;
    }
    let bounds: Vec<String> = [
        modifier.at_least.map(|t| format!("at least {t}")),
        modifier.at_most.map(|t| format!("at most {t}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(AppliedModifier {
        track: track.id.clone(),
        by: modifier.by,
        why: format!("{} {}", track.name, bounds.join(" and ")),
    })
}

/// A strategic action as the menu shows it to a side (or the umpire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// For a roll: what makes it easier or harder (they read tracks the side
    /// knows exactly, so it may see them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
    /// Its preconditions (on tracks the side knows exactly, the turn, and the
    /// side's own units), from which `unavailable` is worked out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Condition>,
    /// Why it cannot be ordered now, if it cannot: what the first of
    /// `requires` that does not hold asks for.
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
            modifiers: def.modifiers.clone(),
            requires: def.requires.clone(),
            unavailable: unmet(scenario, state, def),
        })
        .collect()
}
