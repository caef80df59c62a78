//! Each side's menu of strategic actions: ids, sides, resolution and target,
//! preconditions, modifiers, effects and what they reveal.

use super::ids::is_id;
use super::{Problems, Table, conditions, effects, leaks};
use crate::scenario::{ScenarioDef, StrategicDef};
use crate::strategic::Resolution;
use std::collections::BTreeSet;

/// The most a modifier may add to a roll, or take away.
const MAX_MODIFIER: i32 = 10;

/// Every strategic action, in the file's order.
pub(super) fn actions(s: &ScenarioDef, p: &mut Problems) {
    let mut action_ids = BTreeSet::new();
    for (i, action) in s.strategic.iter().enumerate() {
        let place = format!("actions[{i}] ({})", action.id);
        if !is_id(&action.id) || !action_ids.insert((&action.side, &action.id)) {
            p.push(
                place.clone(),
                format!(
                    "action id {:?} is not a valid id unique on its side's menu",
                    action.id
                ),
                "give every action of a side its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        action_problems(s, &place, action, p);
    }
}

/// One action's problems, after its id's.
fn action_problems(s: &ScenarioDef, place: &str, action: &StrategicDef, p: &mut Problems) {
    if s.side(&action.side).is_none() {
        p.unknown(
            s,
            place,
            (Table::Sides, action.side.as_str()),
            format!("there is no side {}", action.side),
            "set `side` to the id of one of the [[sides]]",
        );
    }
    if action.resolution == Resolution::Roll && !(2..=12).contains(&action.target) {
        p.push(
            place.to_owned(),
            format!(
                "a rolled action needs a target of 2 to 12, not {}",
                action.target
            ),
            "set `target` (two dice must total at least this; 7 is even odds)",
        );
    }
    conditions::check(
        s,
        place,
        Some(&action.side),
        "a precondition",
        &action.requires,
        p,
    );
    modifiers(s, place, action, p);
    for track in action
        .effects
        .iter()
        .chain(&action.on_failure)
        .map(|e| &e.track)
    {
        if s.track(track).is_none() {
            p.unknown(
                s,
                place,
                (Table::Tracks, track.as_str()),
                format!("there is no track {track}"),
                "name one of the [[tracks]]",
            );
        }
    }
    for track in &action.reveals {
        if s.track(track).is_none() {
            p.unknown(
                s,
                place,
                (Table::Tracks, track.as_str()),
                format!("it reveals track {track}, which does not exist"),
                "name one of the [[tracks]] in `reveals`",
            );
        }
    }
    let roll = action.resolution == Resolution::Roll;
    if !roll && (action.target != 0 || !action.on_failure.is_empty()) {
        p.push(
            place.to_owned(),
            "`target` and `on_failure` are for rolled actions only".into(),
            "set resolution = \"roll\", or remove them",
        );
    }
    if action.resolution == Resolution::Umpire && !action.effects.is_empty() {
        p.push(
            place.to_owned(),
            "an action the umpire rules on has no fixed effects".into(),
            "remove `effects` (the umpire moves the tracks with /track), or resolve it another way",
        );
    }
    for e in action.effects.iter().chain(&action.on_failure) {
        effects::no_to(place, e, p);
        if let Some((problem, fix)) = s.track(&e.track).and_then(|t| effects::bad_move(e, t)) {
            p.push(place.to_owned(), problem, fix);
        }
    }
    leaks::secret_action_moves(s, place, action, p);
}

/// Problems with the modifiers of `def` at `place`: each reads a track its
/// side knows exactly (as a precondition must) and, when the action is
/// public, a public track, because everyone then learns the roll and the
/// modifiers that applied ([`leaks::public_modifier`]); each adds 1 to 10
/// either way; and only a rolled action has any.
fn modifiers(s: &ScenarioDef, place: &str, def: &StrategicDef, p: &mut Problems) {
    if def.resolution != Resolution::Roll && !def.modifiers.is_empty() {
        p.push(
            place.to_owned(),
            "`modifiers` are for rolled actions only".into(),
            "set resolution = \"roll\" with a `target`, or remove them",
        );
    }
    for (j, m) in def.modifiers.iter().enumerate() {
        let at = format!("{place}.modifiers[{j}]");
        conditions::check(
            s,
            &at,
            Some(&def.side),
            "a modifier",
            std::slice::from_ref(&m.condition()),
            p,
        );
        if m.by == 0 || i64::from(m.by).abs() > i64::from(MAX_MODIFIER) {
            p.push(
                at.clone(),
                format!(
                    "a modifier of {} does nothing, or more than dice can bear",
                    m.by
                ),
                "give `by` from -10 to 10, not 0 (+1 makes the roll one easier)",
            );
        }
        leaks::public_modifier(s, &at, def, m, p);
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

    #[test]
    fn modifiers_are_checked() {
        let text = TWO_SIDES
            .replace(
                "on_failure = [{ track = \"red_mood\", by = -1 }]",
                "on_failure = [{ track = \"red_mood\", by = -1 }]\nmodifiers = [{ track = \"risk\", at_least = 3, by = 2 }, { track = \"dread\", at_least = 1, by = 1 }, { track = \"weather\", at_least = 1, by = 0 }, { track = \"red_mood\", at_most = 2, by = -11 }, { track = \"weather\", by = 1 }]",
            )
            .replace(
                "effects = [{ track = \"risk\", by = 2 }]",
                "effects = [{ track = \"risk\", by = 2 }]\nmodifiers = [{ track = \"weather\", at_least = 1, by = 1 }]",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "actions[0] (mobilise): `modifiers` are for rolled actions only",
            "actions[1] (gamble).modifiers[0]: a modifier on risk, which side red does not know exactly, would tell it the value",
            "actions[1] (gamble).modifiers[1]: there is no track dread",
            "actions[1] (gamble).modifiers[2]: a modifier of 0 does nothing",
            "actions[1] (gamble).modifiers[3]: a modifier of -11 does nothing, or more than dice can bear",
            "actions[1] (gamble).modifiers[4]: the condition on weather sets no bound",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
        // A public action's roll is everyone's to see, and so are its modifiers.
        let text = TWO_SIDES
            .replace(
                "name = \"Gamble\"",
                "name = \"Gamble\"\npublic = true",
            )
            .replace(
                "on_failure = [{ track = \"red_mood\", by = -1 }]",
                "on_failure = [{ track = \"red_mood\", by = -1 }]\nmodifiers = [{ track = \"red_mood\", at_least = 3, by = 1 }, { track = \"weather\", at_least = 1, by = 1 }]",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        assert!(
            shown.contains("actions[1] (gamble).modifiers[0]: the action is public, so everyone learns its roll and modifiers, but red_mood is not public"),
            "{shown}"
        );
        assert_eq!(
            err.problems.len(),
            1,
            "the modifier on weather is fine: {shown}"
        );
    }
}
