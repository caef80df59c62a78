//! **Scenario data cannot leak.** The invariant these checks guard: nothing
//! a scenario makes happen may tell a side, or the observers, what the rules
//! keep from them. A track's exact value is known only to the umpire and the
//! sides the scenario names (everyone, for a public track); a secret — a
//! secret action or agreement, an incident or inject for some sides only, a
//! ship's cargo, what happens when a secret track reaches a value — is known
//! only to those it concerns. So a scenario is refused when a mechanic's
//! visible consequence would depend on what its viewer may not know:
//!
//! - a condition (precondition or modifier) on a track the side cannot see
//!   exactly ([`condition_track`]), and a public action's modifier on a track
//!   that is not public ([`public_modifier`]);
//! - a secret action, an incident, an inject, a contact or a cargo's delivery
//!   that moves a track known exactly outside its audience
//!   ([`secret_action_moves`], [`incident_effect`], [`effect_moves_known`],
//!   [`secret_delivery`]);
//! - something that happens, or is released, when a secret track reaches a
//!   value, seen or felt by those who do not know the track
//!   ([`each_turn_conditions`], [`inject_conditions`]);
//! - what happens each turn unless a secret action stops it, moving a track
//!   others know exactly, so its standing still would give the action away
//!   ([`stopped_by_secret_action`]);
//! - accident chances that step inside a band of a secret track, so that
//!   accidents tell more than the band ([`accident_steps`]);
//! - a secret agreement's cost on a public track ([`secret_costs`]).
//!
//! Each check is called from the concern it belongs to (`actions`,
//! `incidents`, `letters`, `map`, `conditions`, `effects`), at the point where
//! that concern is checked, so that problems keep the file's order. What
//! the rules then show each viewer is filtered in `view` and
//! `Event::visibility`; these checks see to it that the scenario gives them
//! nothing to give away.

use super::{Problems, effects};
use crate::command::Audience;
use crate::ids::{SideId, TrackId};
use crate::map::CargoDef;
use crate::scenario::{
    AccidentDef, EachTurnDef, IncidentDef, InjectDef, ScenarioDef, StrategicDef, TermDef, TrackDef,
};
use crate::strategic::{Effect, Modifier};
use std::collections::BTreeSet;

/// The sides that know `track`'s exact value: all of them when it is public.
fn knowers(s: &ScenarioDef, track: &TrackId) -> Vec<SideId> {
    match s.track(track) {
        Some(t) if t.public => s.sides.iter().map(|d| d.id.clone()).collect(),
        Some(t) => t.exact.clone(),
        None => Vec::new(),
    }
}

/// A condition of `side`'s (a precondition or a modifier, as `what` says) on
/// `track`, which the side does not know exactly: whether it holds would
/// tell the side the value. Without a side, the caller sees to it.
pub(super) fn condition_track(
    place: &str,
    side: Option<&SideId>,
    track: &TrackDef,
    what: &str,
    p: &mut Problems,
) {
    if let Some(side) = side
        && !track.public
        && !track.exact.contains(side)
    {
        p.push(
            place.to_owned(),
            format!(
                "{what} on {}, which side {side} does not know exactly, would tell it the value",
                track.id
            ),
            "base an action's or a stance's conditions on tracks the side knows exactly (public, or `exact` for it)",
        );
    }
}

/// Modifier `m` of `def`, at `place`: when the action is public, everyone
/// learns its roll and the modifiers that applied, so the modifier's track
/// must be public too.
pub(super) fn public_modifier(
    s: &ScenarioDef,
    place: &str,
    def: &StrategicDef,
    m: &Modifier,
    p: &mut Problems,
) {
    if def.public
        && let Some(track) = s.track(&m.track)
        && !track.public
    {
        p.push(
            place.to_owned(),
            format!(
                "the action is public, so everyone learns its roll and modifiers, but {} is not public: the modifier would tell them its value",
                track.id
            ),
            "base a public action's modifiers on public tracks, or make the action secret",
        );
    }
}

/// A secret action's effects (on success or failure) may move only tracks
/// known to the umpire and its side: a move others see would give it away.
pub(super) fn secret_action_moves(
    s: &ScenarioDef,
    place: &str,
    action: &StrategicDef,
    p: &mut Problems,
) {
    if action.public {
        return;
    }
    let side = std::slice::from_ref(&action.side);
    for e in action.effects.iter().chain(&action.on_failure) {
        if let Some(track) = s.track(&e.track)
            && !track.known_only_within(side)
        {
            p.push(
                place.to_owned(),
                format!(
                    "the secret action moves {}, which others know exactly: its move would give the action away",
                    track.id
                ),
                "make the action public, or move only tracks known to the umpire and this side",
            );
        }
    }
}

/// Steps of the accident table inside a band of a secret track would tell
/// those who see only the band more: every step must start a band.
pub(super) fn accident_steps(s: &ScenarioDef, accident: &AccidentDef, p: &mut Problems) {
    if let Some(track) = s.track(&accident.track)
        && !track.public
        && !track.bands.is_empty()
    {
        let starts: Vec<i32> = std::iter::once(track.min)
            .chain(track.bands.iter().map(|b| b.upto + 1))
            .collect();
        if let Some(c) = accident.chances.iter().find(|c| {
            (track.min..=track.max).contains(&c.at_least) && !starts.contains(&c.at_least)
        }) {
            p.push(
                "accident.chances".into(),
                format!(
                    "a step at {} falls inside a band of {}, so accidents would tell more than the band",
                    c.at_least, track.id
                ),
                "put every `at_least` at the start of one of the track's bands",
            );
        }
    }
}

/// Effect `e` of `incident` (on a track that exists) may move only a track
/// known within the incident's audience: others would see the move.
pub(super) fn incident_effect(
    s: &ScenarioDef,
    place: &str,
    incident: &IncidentDef,
    e: &Effect,
    p: &mut Problems,
) {
    let within = match &incident.to {
        Audience::All => true,
        Audience::Side(side) => s
            .track(&e.track)
            .is_none_or(|t| t.known_only_within(std::slice::from_ref(side))),
        Audience::Sides(sides) => s.track(&e.track).is_none_or(|t| t.known_only_within(sides)),
    };
    if !within {
        p.push(
            place.to_owned(),
            format!(
                "the incident moves {}, which some outside its audience know exactly: the move would give it away",
                e.track
            ),
            "widen the incident's audience, or move only tracks known within it",
        );
    }
}

/// An incident happens only where its preconditions hold, so its happening
/// tells its audience they do: a track it depends on must be one its whole
/// audience knows exactly, and units it needs may not be anyone's when it
/// goes to everyone (observers see no units). Its text tells a named
/// audience the units were there.
pub(super) fn incident_requires(
    s: &ScenarioDef,
    place: &str,
    incident: &IncidentDef,
    p: &mut Problems,
) {
    let audience: Option<&[SideId]> = match &incident.to {
        Audience::All => None,
        Audience::Side(side) => Some(std::slice::from_ref(side)),
        Audience::Sides(sides) => Some(sides),
    };
    for c in &incident.requires {
        if let Some(track) = c.track.as_ref().and_then(|t| s.track(t))
            && !track.public
            && !audience.is_some_and(|a| a.iter().all(|side| track.exact.contains(side)))
        {
            p.push(
                place.to_owned(),
                format!(
                    "the incident depends on {}, which some of its audience do not know exactly: its happening would tell them",
                    track.id
                ),
                "depend only on tracks its whole audience knows exactly, or on public ones",
            );
        }
        if c.unit_in.is_some() && audience.is_none() {
            p.push(
                place.to_owned(),
                "the incident goes to everyone but depends on where units are: observers would learn of them".into(),
                "send it to the sides (`to = { sides = [...] }`), or drop the condition on units",
            );
        }
        // Another side of the audience learns where the units were: only
        // where its own units met them there.
        if let (Some(zone), Some(owner), Some(audience)) = (&c.unit_in, &c.side, audience) {
            for side in audience.iter().filter(|s| *s != owner) {
                let met = incident
                    .requires
                    .iter()
                    .any(|d| d.unit_in.as_ref() == Some(zone) && d.side.as_ref() == Some(side));
                if !met {
                    p.push(
                        place.to_owned(),
                        format!(
                            "the incident depends on where {owner}'s units are, which {side} does not know: its happening would tell it"
                        ),
                        "also require one of that side's units in the same zone (it met them there), or send the incident only to the units' side",
                    );
                }
            }
        }
    }
}

/// What happens each turn when a secret track reaches a value must stay
/// among those who know the track: its effects are checked as if they alone
/// learned of it.
pub(super) fn each_turn_conditions(
    s: &ScenarioDef,
    place: &str,
    each: &EachTurnDef,
    p: &mut Problems,
) {
    for c in &each.when {
        if let Some(track) = c.track.as_ref().and_then(|t| s.track(t))
            && !track.public
        {
            let knowers = knowers(s, &track.id);
            effects::check(
                s,
                place,
                &each.effects,
                Some(&knowers),
                &format!("what happens when {} is reached", track.id),
                p,
            );
        }
    }
}

/// Effect `e` of what happens each turn, unless a secret action stops it:
/// it may move only tracks known to the action's side, or its standing still
/// would give the action away.
pub(super) fn stopped_by_secret_action(
    s: &ScenarioDef,
    place: &str,
    each: &EachTurnDef,
    e: &Effect,
    p: &mut Problems,
) {
    let secret_side = each.unless.as_ref().and_then(|a| {
        s.strategic
            .iter()
            .find(|d| &d.id == a && !d.public)
            .map(|d| &d.side)
    });
    if let (Some(side), Some(track)) = (secret_side, s.track(&e.track))
        && !track.known_only_within(std::slice::from_ref(side))
    {
        p.push(
            place.to_owned(),
            format!(
                "it moves {}, which others know exactly, unless a secret action stops it: its standing still would give the action away",
                track.id
            ),
            "move only tracks known to the umpire and the action's side, or make the action public",
        );
    }
}

/// An inject whose release depends on a secret track may go only to sides
/// that know the track exactly (its arrival would tell the others), and its
/// effects are checked as if only those sides learned of it. `audience` is
/// the inject's (`None`: everyone).
pub(super) fn inject_conditions(
    s: &ScenarioDef,
    place: &str,
    inject: &InjectDef,
    audience: Option<&[SideId]>,
    p: &mut Problems,
) {
    for c in &inject.when {
        let Some(track) = c.track.as_ref().and_then(|t| s.track(t)) else {
            continue;
        };
        if track.public {
            continue;
        }
        let knowers = knowers(s, &track.id);
        let told = audience.is_some_and(|a| a.iter().all(|side| knowers.contains(side)));
        if !told {
            p.push(
                place.to_owned(),
                format!(
                    "the inject depends on {}, which some of its audience do not know exactly: its arrival would tell them",
                    track.id
                ),
                "send it only to sides that know the track exactly, or use a public track",
            );
        }
        effects::check(
            s,
            place,
            &inject.effects,
            Some(&knowers),
            &format!("the inject on {}", track.id),
            p,
        );
    }
}

/// A delivery is the carrying side's secret: the effects of `cargo`'s
/// delivery must be too, for every side whose units carry it.
pub(super) fn secret_delivery(s: &ScenarioDef, place: &str, cargo: &CargoDef, p: &mut Problems) {
    let carriers: BTreeSet<SideId> = s
        .units
        .iter()
        .filter(|u| u.cargo.as_deref() == Some(cargo.id.as_str()))
        .map(|u| u.side.clone())
        .collect();
    for side in &carriers {
        effects::check(
            s,
            place,
            &cargo.on_delivery,
            Some(std::slice::from_ref(side)),
            "the secret delivery",
            p,
        );
    }
}

/// An effect on `track` of something only `sides` (and the umpire) learn of
/// (`None`: everyone does, and nothing is hidden) may not move a track
/// others know exactly: the move would give it away. `what` names the
/// something in the message.
pub(super) fn effect_moves_known(
    place: &str,
    track: &TrackDef,
    sides: Option<&[SideId]>,
    what: &str,
    p: &mut Problems,
) {
    if sides.is_some_and(|sides| !track.known_only_within(sides)) {
        p.push(
            place.to_owned(),
            format!(
                "{what} moves {}, which others know exactly: the move would give it away",
                track.id
            ),
            "move only tracks known to the umpire and those who learn of it",
        );
    }
}

/// A secret agreement's cost on a public track would reveal the terms.
pub(super) fn secret_costs(s: &ScenarioDef, place: &str, term: &TermDef, p: &mut Problems) {
    for e in &term.secret_cost {
        if s.track(&e.track).is_some_and(|t| t.public) {
            p.push(
                place.to_owned(),
                format!(
                    "a secret cost on the public track {} would reveal the secret terms",
                    e.track
                ),
                "put secret costs only on tracks that are not public",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

    #[test]
    fn secret_moves_may_not_give_themselves_away() {
        let text = TWO_SIDES
            .replace(
                "effects = [{ track = \"red_mood\", by = 1 }]",
                "effects = [{ track = \"weather\", by = 1 }]",
            )
            .replace(
                "effects = [{ track = \"risk\", by = 1 }]",
                "effects = [{ track = \"red_mood\", by = 1 }]",
            )
            .replace("at_least = 5, percent = 100", "at_least = 3, percent = 100");
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "actions[1] (gamble): the secret action moves weather, which others know exactly",
            "incidents[0] (flare): the incident moves red_mood, which some outside its audience know exactly",
            "accident.chances: a step at 3 falls inside a band of risk",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }
}
