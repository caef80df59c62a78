//! What is written to whom: the channels letters travel by, the terms a
//! letter may propose (and what agreeing costs), and the injects released at
//! a turn's briefing.

use super::ids::is_id;
use super::{Problems, Table};
use super::{conditions, effects, leaks, sides};
use crate::command::Audience;
use crate::ids::SideId;
use crate::scenario::ScenarioDef;
use std::collections::BTreeSet;

/// The channels: ids, and delays shorter than the game.
pub(super) fn channels(s: &ScenarioDef, p: &mut Problems) {
    let mut channel_ids = BTreeSet::new();
    for (i, channel) in s.channels.iter().enumerate() {
        let place = format!("channels[{i}] ({})", channel.id);
        if !is_id(channel.id.as_str()) || !channel_ids.insert(&channel.id) {
            p.push(
                place.clone(),
                format!(
                    "channel id {:?} is not a valid, unique id",
                    channel.id.as_str()
                ),
                "give every channel its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if let Some(turns) = p.turns(s)
            && channel.delay as usize >= turns.max(1)
        {
            p.push(
                place,
                format!(
                    "a delay of {} turns is as long as the whole game ({turns} turns)",
                    channel.delay,
                ),
                "give a delay shorter than the number of turns (0 delivers the same turn)",
            );
        }
    }
}

/// The terms: ids and the sides that would carry them out, then (term by
/// term, after all of those) their costs.
pub(super) fn terms(s: &ScenarioDef, p: &mut Problems) {
    let mut term_ids = BTreeSet::new();
    for (i, term) in s.terms.iter().enumerate() {
        let place = format!("terms[{i}] ({})", term.id);
        if !is_id(term.id.as_str()) || !term_ids.insert(&term.id) {
            p.push(
                place.clone(),
                format!("term id {:?} is not a valid, unique id", term.id.as_str()),
                "give every term its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if s.side(&term.by).is_none() {
            p.unknown(
                s,
                &place,
                (Table::Sides, term.by.as_str()),
                format!(
                    "term {} is to be done by side {:?}, which does not exist",
                    term.id,
                    term.by.as_str()
                ),
                "set `by` to the id of one of the [[sides]]",
            );
        }
    }
    for (i, term) in s.terms.iter().enumerate() {
        let place = format!("terms[{i}] ({})", term.id);
        for e in term.public_cost.iter().chain(&term.secret_cost) {
            effects::no_to(&place, e, p);
            match s.track(&e.track) {
                None => p.unknown(
                    s,
                    &place,
                    (Table::Tracks, e.track.as_str()),
                    format!("there is no track {}", e.track),
                    "name one of the [[tracks]]",
                ),
                Some(track) => {
                    if let Some((problem, fix)) = effects::bad_move(e, track) {
                        p.push(place.clone(), problem, fix);
                    }
                }
            }
        }
        leaks::secret_costs(s, &place, term, p);
        // What carrying it out does is the deed, seen like any move of
        // its tracks, in secret or not.
        effects::check(s, &place, &term.effects, None, "the term", p);
    }
}

/// The injects: turn, audience, conditions, effects (and what its
/// conditions and effects would tell its audience), and text.
pub(super) fn injects(s: &ScenarioDef, p: &mut Problems) {
    for (i, inject) in s.injects.iter().enumerate() {
        let place = format!("injects[{i}]");
        if let Some(turns) = p.turns(s)
            && (inject.turn == 0 || inject.turn as usize > turns)
        {
            p.push(
                place.clone(),
                format!(
                    "inject for turn {}, but the turns run from 1 to {turns}",
                    inject.turn,
                ),
                "set `turn` to one of the scenario's turns",
            );
        }
        sides::audience(s, &place, &inject.to, p);
        conditions::check(s, &place, None, "a condition", &inject.when, p);
        let audience: Option<Vec<SideId>> = match &inject.to {
            Audience::All => None,
            Audience::Side(side) => Some(vec![side.clone()]),
            Audience::Sides(sides) => Some(sides.clone()),
        };
        effects::check(
            s,
            &place,
            &inject.effects,
            audience.as_deref(),
            "the inject",
            p,
        );
        leaks::inject_conditions(s, &place, inject, audience.as_deref(), p);
        if inject.text.trim().is_empty() {
            p.push(
                place,
                "the inject has no text".into(),
                "write the text the audience will read",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

    #[test]
    fn channels_terms_and_injects_are_checked() {
        let text = TWO_SIDES
            .replace("delay = 1", "delay = 3")
            .replace("by = \"red\"", "by = \"green\"")
            .replace(
                "turn = 2\nto = { side = \"red\" }",
                "turn = 4\nto = { sides = [\"red\", \"red\"] }",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "channels[1] (slow): a delay of 3 turns is as long as the whole game (3 turns)",
            "terms[0] (red_withdraws): term red_withdraws is to be done by side \"green\"",
            "injects[0]: inject for turn 4, but the turns run from 1 to 3",
            "injects[0]: side red is named twice",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }
}
