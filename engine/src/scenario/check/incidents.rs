//! What happens without anyone ordering it: the accident check and its
//! chances, the incidents it draws from, and what happens each turn.

use super::ids::is_id;
use super::{Problems, Table, conditions, effects, leaks, sides};
use crate::scenario::ScenarioDef;
use std::collections::BTreeSet;

/// The accident check: a real track, chances in rising order within it,
/// incidents to draw from (and incidents only with a check).
pub(super) fn accident(s: &ScenarioDef, p: &mut Problems) {
    let Some(accident) = &s.accident else {
        if !s.incidents.is_empty() && !p.unread("accident") {
            p.push(
                "incidents".into(),
                "[[incidents]] with no [accident] check: they never happen".into(),
                "add an [accident] table, or remove the incidents",
            );
        }
        return;
    };
    if s.track(&accident.track).is_none() {
        p.unknown(
            s,
            "accident",
            (Table::Tracks, accident.track.as_str()),
            format!("there is no track {}", accident.track),
            "set `track` to one of the [[tracks]] (the risk of war)",
        );
    }
    let rising = accident
        .chances
        .windows(2)
        .all(|w| w[0].at_least < w[1].at_least);
    if accident.chances.is_empty() || !rising || accident.chances.iter().any(|c| c.percent > 100) {
        p.push(
            "accident.chances".into(),
            "the chances are empty, not in rising order of `at_least`, or over 100 percent".into(),
            "list chances lowest `at_least` first, each `percent` from 0 to 100",
        );
    }
    if p.count("incidents", s.incidents.len()) == Some(0) {
        p.push(
            "accident".into(),
            "an accident check with no [[incidents]] to draw from".into(),
            "add [[incidents]], or remove [accident]",
        );
    }
    if let Some(track) = s.track(&accident.track) {
        for c in accident
            .chances
            .iter()
            .filter(|c| !(track.min..=track.max).contains(&c.at_least))
        {
            p.push(
                "accident.chances".into(),
                format!(
                    "a step at {} is outside track {} ({}..{})",
                    c.at_least, track.id, track.min, track.max
                ),
                "give every `at_least` within the track's range",
            );
        }
    }
    leaks::accident_steps(s, accident, p);
}

/// The incidents: ids, weights, audiences, and effects on real tracks that
/// stay within the audience.
pub(super) fn incidents(s: &ScenarioDef, p: &mut Problems) {
    let mut incident_ids = BTreeSet::new();
    for (i, incident) in s.incidents.iter().enumerate() {
        let place = format!("incidents[{i}] ({})", incident.id);
        if !is_id(&incident.id) || !incident_ids.insert(&incident.id) {
            p.push(
                place.clone(),
                format!("incident id {:?} is not a valid, unique id", incident.id),
                "give every incident its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if incident.weight == 0 || incident.weight > 1_000 {
            p.push(
                place.clone(),
                format!("a weight of {}", incident.weight),
                "give a weight of 1 to 1000",
            );
        }
        sides::audience(s, &place, &incident.to, p);
        for e in &incident.effects {
            if s.track(&e.track).is_none() {
                p.unknown(
                    s,
                    &place,
                    (Table::Tracks, e.track.as_str()),
                    format!("there is no track {}", e.track),
                    "name one of the [[tracks]]",
                );
            } else {
                effects::no_to(&place, e, p);
                if let Some((problem, fix)) =
                    s.track(&e.track).and_then(|t| effects::bad_move(e, t))
                {
                    p.push(place.clone(), problem, fix);
                }
                leaks::incident_effect(s, &place, incident, e, p);
            }
        }
        conditions::check(s, &place, None, "a precondition", &incident.requires, p);
        leaks::incident_requires(s, &place, incident, p);
    }
}

/// What happens each turn: its conditions, the action that stops it, and
/// its effects (none of which may give a secret away).
pub(super) fn each_turn(s: &ScenarioDef, p: &mut Problems) {
    for (i, each) in s.each_turn.iter().enumerate() {
        let place = format!("each_turn[{i}]");
        conditions::check(s, &place, None, "a condition", &each.when, p);
        leaks::each_turn_conditions(s, &place, each, p);
        if let Some(action) = &each.unless
            && !s.strategic.iter().any(|a| &a.id == action)
        {
            p.unknown(
                s,
                &place,
                (Table::Actions, action),
                format!("there is no action {action}"),
                "set `unless` to the id of one of the [[actions]]",
            );
        }
        for e in &each.effects {
            leaks::stopped_by_secret_action(s, &place, each, e, p);
            match s.track(&e.track) {
                None => p.unknown(
                    s,
                    &place,
                    (Table::Tracks, e.track.as_str()),
                    format!("there is no track {}", e.track),
                    "name one of the [[tracks]]",
                ),
                Some(track) => {
                    effects::no_to(&place, e, p);
                    if let Some((problem, fix)) = effects::bad_move(e, track) {
                        p.push(place.clone(), problem, fix);
                    }
                }
            }
        }
    }
}
