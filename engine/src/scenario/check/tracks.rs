//! The tracks (ids, ranges, who knows them exactly, bands) and the endings
//! they bring.

use super::ids::is_id;
use super::{Problems, Table};
use crate::scenario::ScenarioDef;
use std::collections::BTreeSet;

/// The tracks: ids, a range that holds the start, real sides in `exact`, and
/// bands that cover the range in rising order.
pub(super) fn tracks(s: &ScenarioDef, p: &mut Problems) {
    let mut track_ids = BTreeSet::new();
    for (i, track) in s.tracks.iter().enumerate() {
        let place = format!("tracks[{i}] ({})", track.id);
        if !is_id(track.id.as_str()) || !track_ids.insert(&track.id) {
            p.push(
                place.clone(),
                format!("track id {:?} is not a valid, unique id", track.id.as_str()),
                "give every track its own id of lowercase letters, digits, '-' and '_'",
            );
        }
        if track.min >= track.max
            || !(track.min..=track.max).contains(&track.start)
            || track.min < -1_000_000
            || track.max > 1_000_000
        {
            p.push(
                place.clone(),
                format!(
                    "range {}..{} with start {} is not a range that holds its start",
                    track.min, track.max, track.start
                ),
                "set min below max, and start between them",
            );
        }
        for side in &track.exact {
            if s.side(side).is_none() {
                p.unknown(
                    s,
                    &format!("{place}.exact"),
                    (Table::Sides, side.as_str()),
                    format!("there is no side {side}"),
                    "list ids of the [[sides]] that know the exact value",
                );
            }
        }
        let rising = track.bands.windows(2).all(|w| w[0].upto < w[1].upto);
        let ends = track.bands.last().is_none_or(|b| b.upto == track.max);
        let within = track.bands.first().is_none_or(|b| b.upto >= track.min);
        if !rising || !ends || !within {
            p.push(
                format!("{place}.bands"),
                "the bands do not cover the range in rising order".into(),
                "list bands lowest first, each `upto` higher than the last, the last `upto` equal to max",
            );
        }
    }
}

/// The endings: a real track, exactly one threshold within its range, and a
/// verdict.
pub(super) fn endings(s: &ScenarioDef, p: &mut Problems) {
    for (i, end) in s.endings.iter().enumerate() {
        let place = format!("endings[{i}]");
        match s.track(&end.track) {
            None => p.unknown(
                s,
                &place,
                (Table::Tracks, end.track.as_str()),
                format!("there is no track {}", end.track),
                "set `track` to the id of one of the [[tracks]]",
            ),
            Some(track) => {
                let threshold = match (end.at_least, end.at_most) {
                    (Some(t), None) | (None, Some(t)) => Some(t),
                    _ => None,
                };
                match threshold {
                    None => p.push(
                        place.clone(),
                        "an ending needs exactly one of at_least and at_most".into(),
                        "give `at_least = N` or `at_most = N`",
                    ),
                    Some(t) if !(track.min..=track.max).contains(&t) => p.push(
                        place.clone(),
                        format!(
                            "{t} is outside track {} ({}..{})",
                            track.id, track.min, track.max
                        ),
                        "give a value within the track's range",
                    ),
                    Some(_) => {}
                }
            }
        }
        if end.verdict.trim().is_empty() {
            p.push(
                place,
                "the ending has no verdict".into(),
                "write the verdict everyone reads",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    const TWO_SIDES: &str = include_str!("../../../tests/data/tiny.toml");

    #[test]
    fn tracks_are_checked() {
        let text = TWO_SIDES
            .replace("start = 2\n", "start = 12\n")
            .replace("exact = [\"red\"]", "exact = [\"green\"]")
            .replace(
                "{ name = \"high\", upto = 10 }",
                "{ name = \"high\", upto = 9 }",
            )
            .replace("at_least = 10", "at_least = 11")
            .replace(
                "track = \"weather\", at_least = 2",
                "track = \"risk\", at_least = 2",
            );
        let err = Scenario::parse("tiny.toml", &text).expect_err("invalid");
        let shown = err.to_string();
        for expected in [
            "tracks[0] (risk): range 0..10 with start 12 is not a range that holds its start",
            "tracks[0] (risk).bands: the bands do not cover the range in rising order",
            "tracks[1] (red_mood).exact: there is no side green",
            "endings[0]: 11 is outside track risk (0..10)",
            "actions[2] (calm): a precondition on risk, which side blue does not know exactly, would tell it the value",
        ] {
            assert!(shown.contains(expected), "{expected} not in {shown}");
        }
    }
}
