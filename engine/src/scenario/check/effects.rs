//! Effects on tracks, wherever a scenario has them: each names a track and
//! moves it by something, but not by more than its range. Who may learn of
//! a move is `leaks`' to check.

use super::{Problems, Table, leaks};
use crate::ids::SideId;
use crate::scenario::{ScenarioDef, TrackDef};
use crate::strategic::Effect;

/// Whether a move of `by` on `track` is nothing, or more than its range.
pub(super) fn bad_move(by: i32, track: &TrackDef) -> bool {
    by == 0 || by.unsigned_abs() > track.max.abs_diff(track.min)
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
                if bad_move(e.by, track) {
                    p.push(
                        place.to_owned(),
                        format!(
                            "a move of {} on {} is nothing, or more than its range",
                            e.by, track.id
                        ),
                        "give a move of 1 up to the track's range either way",
                    );
                }
                leaks::effect_moves_known(place, track, sides, what, p);
            }
        }
    }
}
