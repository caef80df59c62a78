//! Effects on tracks, wherever a scenario has them: each names a track and
//! moves it by something, but not by more than its range, or to a value
//! within its range. Who may learn of a move is `leaks`' to check.

use super::{Problems, Table, leaks};
use crate::ids::SideId;
use crate::scenario::{ScenarioDef, TrackDef};
use crate::strategic::Effect;

/// An effect `to` a value where the rules cannot promise it lands there
/// (other changes to the track pend beside it): only injects' and terms'
/// effects may set a value.
pub(super) fn no_to(place: &str, e: &Effect, p: &mut Problems) {
    if let Some(to) = e.to {
        p.push(
            place.to_owned(),
            format!("an effect to a value ({} to {to}) here", e.track),
            "move the track `by` an amount: only injects' and terms' effects may set a value (`to`)",
        );
    }
}

/// What is wrong with effect `e` on `track`, if anything: a move of
/// nothing or of more than its range, a value outside its range, or both a
/// move and a value.
pub(super) fn bad_move(e: &Effect, track: &TrackDef) -> Option<(String, &'static str)> {
    match e.to {
        Some(_) if e.by != 0 => Some((
            format!("the effect on {} gives both `by` and `to`", track.id),
            "give either a move (`by`) or a value (`to`)",
        )),
        Some(to) if !(track.min..=track.max).contains(&to) => Some((
            format!(
                "a move to {to} on {}, outside its range ({}..{})",
                track.id, track.min, track.max
            ),
            "give a value within the track's range",
        )),
        Some(_) => None,
        None if e.by == 0 || e.by.unsigned_abs() > track.max.abs_diff(track.min) => Some((
            format!(
                "a move of {} on {} is nothing, or more than its range",
                e.by, track.id
            ),
            "give a move of 1 up to the track's range either way",
        )),
        None => None,
    }
}

/// Problems with `effects` of something only `sides` (and the umpire) learn
/// of (`None`: everyone does): unknown tracks, empty or oversized moves, and
/// moves of tracks others know exactly, which would give it away
/// ([`leaks::effect_moves_known`]). `what` names the something in messages.
pub(super) fn check(
    s: &ScenarioDef,
    place: &str,
    effects: &[Effect],
    sides: Option<&[SideId]>,
    what: &str,
    p: &mut Problems,
) {
    for e in effects {
        match s.track(&e.track) {
            None => p.unknown(
                s,
                place,
                (Table::Tracks, e.track.as_str()),
                format!("there is no track {}", e.track),
                "name one of the [[tracks]]",
            ),
            Some(track) => {
                if let Some((problem, fix)) = bad_move(e, track) {
                    p.push(place.to_owned(), problem, fix);
                }
                leaks::effect_moves_known(place, track, sides, what, p);
            }
        }
    }
}
