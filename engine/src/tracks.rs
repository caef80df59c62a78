//! Tracks: the scenario's measures of the crisis (risk of war, DEFCON,
//! prestige, standing...), each with a range, a start, the sides that know its
//! exact value (the umpire always does) and named bands that everyone may
//! know. Changes are part of the pending adjudication and take effect at
//! publish: the exact move goes to those who may know it, a change of band to
//! everyone.

use crate::decide::check_text;
use crate::event::{Event, Visibility};
use crate::ids::TrackId;
use crate::limits::MAX_MESSAGE_CHARS;
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::{Scenario, TrackDef};
use crate::state::State;
use crate::view::Viewer;
use serde::{Deserialize, Serialize};

/// A change to a track, pending until publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrackChange {
    /// The track.
    pub track: TrackId,
    /// How much it moves (before the range clamps it).
    pub by: i32,
    /// Why, for those who may know the exact value.
    pub reason: String,
}

/// A track as one viewer may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrackView {
    /// The track.
    pub id: TrackId,
    /// Name for people.
    pub name: String,
    /// Lowest value.
    pub min: i32,
    /// Highest value.
    pub max: i32,
    /// The exact value, for those who may know it.
    pub value: Option<i32>,
    /// The named band the value is in, if the track has bands.
    pub band: Option<String>,
    /// What the viewer's side last learned of it by intelligence, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intel: Option<crate::naval::Intel>,
}

impl TrackDef {
    /// Who may know the exact value.
    pub fn exact_visibility(&self) -> Visibility {
        if self.public {
            Visibility::Public
        } else {
            match self.exact.as_slice() {
                [] => Visibility::Umpire,
                [side] => Visibility::Side(side.clone()),
                sides => Visibility::Sides(sides.to_vec()),
            }
        }
    }

    /// Whether only the umpire and `sides` know the exact value.
    pub fn known_only_within(&self, sides: &[crate::ids::SideId]) -> bool {
        !self.public && self.exact.iter().all(|s| sides.contains(s))
    }

    /// The band `value` falls in, if the track has bands.
    pub fn band(&self, value: i32) -> Option<&str> {
        self.bands
            .iter()
            .find(|b| value <= b.upto)
            .map(|b| b.name.as_str())
    }
}

/// The current value of `track`.
pub(crate) fn value(state: &State, track: &TrackDef) -> i32 {
    state.tracks.get(&track.id).copied().unwrap_or(track.start)
}

/// The changes `effects` bring, each for `reason`, after the changes
/// already `pending`: an effect `to` a value moves the track from where
/// those leave it, before the range clamps it (as [`publish`] sums the
/// changes, then clamps), so that the track ends at that value.
pub(crate) fn changes(
    scenario: &Scenario,
    state: &State,
    pending: &[TrackChange],
    effects: &[crate::strategic::Effect],
    reason: &str,
) -> Vec<TrackChange> {
    let mut out: Vec<TrackChange> = Vec::new();
    for e in effects {
        let now = scenario.track(&e.track).map_or(0, |def| {
            let by: i64 = pending
                .iter()
                .chain(&out)
                .filter(|c| c.track == def.id)
                .map(|c| i64::from(c.by))
                .sum();
            i32::try_from(i64::from(value(state, def)) + by).unwrap_or(def.start)
        });
        out.push(TrackChange {
            track: e.track.clone(),
            by: e.change(now),
            reason: reason.to_owned(),
        });
    }
    out
}

/// The umpire adds a change to the pending adjudication.
pub(crate) fn adjust(
    scenario: &Scenario,
    state: &State,
    track: &TrackId,
    by: i32,
    reason: &str,
) -> Result<Vec<Event>, Rejection> {
    crate::adjudication::pending(state)?;
    let Some(def) = scenario.track(track) else {
        let known: Vec<&str> = scenario.tracks.iter().map(|t| t.id.as_str()).collect();
        return Err(Rejection::new(
            RejectCode::UnknownTrack,
            format!(
                "there is no track {track}; the tracks are: {}",
                known.join(", ")
            ),
        ));
    };
    let span = def.max - def.min;
    if by == 0 || i64::from(by).abs() > i64::from(span) {
        return Err(Rejection::new(
            RejectCode::BadAdjustment,
            format!(
                "move {} by 1 to {span} either way (it runs from {} to {})",
                def.name, def.min, def.max
            ),
        ));
    }
    check_text(reason, MAX_MESSAGE_CHARS, "the reason")?;
    Ok(vec![Event::TrackAdjusted {
        change: TrackChange {
            track: track.clone(),
            by,
            reason: reason.to_owned(),
        },
    }])
}

/// The events publishing the pending changes: each track that moves, once,
/// with every reason; and its new band, when that changed.
pub(crate) fn publish(scenario: &Scenario, state: &State, changes: &[TrackChange]) -> Vec<Event> {
    let mut events = Vec::new();
    for def in &scenario.tracks {
        let mine: Vec<&TrackChange> = changes.iter().filter(|c| c.track == def.id).collect();
        if mine.is_empty() {
            continue;
        }
        let from = value(state, def);
        let total: i64 = mine.iter().map(|c| i64::from(c.by)).sum();
        let to = (i64::from(from) + total).clamp(i64::from(def.min), i64::from(def.max));
        let to = i32::try_from(to).unwrap_or(from);
        if to == from {
            continue;
        }
        events.push(Event::TrackMoved {
            track: def.id.clone(),
            from,
            to,
            reasons: mine.iter().map(|c| c.reason.clone()).collect(),
            seen_by: def.exact_visibility(),
        });
        // Everyone learns of a new band, even of a public track whose move
        // everyone sees: a client keeps its view by these events alone, and
        // the bands' bounds are not in the view.
        if let (Some(before), Some(after)) = (def.band(from), def.band(to))
            && before != after
        {
            events.push(Event::TrackBand {
                track: def.id.clone(),
                band: after.to_owned(),
            });
        }
    }
    events
}

/// The verdict of the first of the scenario's endings that the tracks reach
/// once `moves` (from [`publish`]) take effect, if any.
pub(crate) fn ending(scenario: &Scenario, state: &State, moves: &[Event]) -> Option<String> {
    let now = |def: &TrackDef| {
        moves
            .iter()
            .find_map(|e| match e {
                Event::TrackMoved { track, to, .. } if *track == def.id => Some(*to),
                _ => None,
            })
            .unwrap_or_else(|| value(state, def))
    };
    scenario.endings.iter().find_map(|end| {
        let v = now(scenario.track(&end.track)?);
        let reached = end.at_least.is_some_and(|t| v >= t) || end.at_most.is_some_and(|t| v <= t);
        reached.then(|| end.verdict.clone())
    })
}

/// The tracks as `viewer` may know them; a track it may know nothing of is
/// left out. Those it knows exactly or by band come in the scenario's order;
/// a side's tracks known only by intelligence follow, in the order it first
/// learned of them (so that a client folding `intel_gathered` can add each
/// at the end, knowing nothing of the tracks it cannot see).
pub(crate) fn view(scenario: &Scenario, state: &State, viewer: &Viewer) -> Vec<TrackView> {
    let learned: &[crate::naval::Intel] = match viewer {
        Viewer::Side(side) => state.intel.get(side).map_or(&[], Vec::as_slice),
        _ => &[],
    };
    let intel = |def: &TrackDef| learned.iter().find(|i| i.track == def.id).cloned();
    let track = |def: &TrackDef, value: Option<i32>, band: Option<String>| TrackView {
        id: def.id.clone(),
        name: def.name.clone(),
        min: def.min,
        max: def.max,
        value,
        band,
        intel: value.is_none().then(|| intel(def)).flatten(),
    };
    let mut shown: Vec<TrackView> = scenario
        .tracks
        .iter()
        .filter_map(|def| {
            let v = value(state, def);
            let exact = viewer.may_see(&def.exact_visibility());
            let band = def.band(v).map(str::to_owned);
            (exact || band.is_some()).then(|| track(def, exact.then_some(v), band))
        })
        .collect();
    for i in learned {
        if let Some(def) = scenario.track(&i.track)
            && !shown.iter().any(|t| t.id == def.id)
        {
            shown.push(track(def, None, None));
        }
    }
    shown
}

/// A track's name and range, for a side that learns of it by intelligence
/// and may have nothing else to go by (it carries no band).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrackInfo {
    /// Name for people.
    pub name: String,
    /// Lowest value.
    pub min: i32,
    /// Highest value.
    pub max: i32,
}
