//! "Did you mean": the known name closest to a misspelt one, for the
//! validator's messages about unknown ids, fields and values.
//!
//! A name is suggested when it is within a few edits of the one written
//! (Damerau–Levenshtein, so a swap of two letters is one edit; case is
//! ignored): at most a third of the written name's length, and at least one.
//! Farther than that, a suggestion would more likely mislead than help.

/// The known name closest to `written`, if one is close enough to be
/// what was meant; the first of the closest, in the order given.
pub(super) fn closest<'a>(
    written: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = written.to_lowercase();
    let allowed = (written.chars().count() / 3).max(1);
    known
        .into_iter()
        .filter(|k| *k != written)
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// `message`, with ` (did you mean NAME?)` when a known name is close to
/// `written`; `quote` says whether names are shown in backticks.
pub(super) fn with_suggestion<'a>(
    message: String,
    written: &str,
    known: impl IntoIterator<Item = &'a str>,
    quote: bool,
) -> String {
    match closest(written, known) {
        Some(name) if quote => format!("{message} (did you mean `{name}`?)"),
        Some(name) => format!("{message} (did you mean {name}?)"),
        None => message,
    }
}

/// What serde says of a name it does not know, taken apart: `field` or
/// `variant`, the name written, and the names it expected. Serde words
/// these as ``unknown field `nmae`, expected one of `id`, `name` `` (or
/// ``expected `id` or `name` ``, or ``there are no fields``).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct UnknownName<'m> {
    /// `field` or `variant`.
    pub(super) what: &'m str,
    /// The name written.
    pub(super) written: &'m str,
    /// The names serde expected there.
    pub(super) expected: Vec<&'m str>,
}

/// Takes serde's message about an unknown field or variant apart; `None`
/// for any other message.
pub(super) fn unknown_name(message: &str) -> Option<UnknownName<'_>> {
    let what = ["field", "variant"]
        .into_iter()
        .find(|w| message.starts_with(&format!("unknown {w} `")))?;
    let rest = &message[format!("unknown {what} `").len()..];
    let (written, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect();
    Some(UnknownName {
        what,
        written,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_name_is_suggested_only_when_close() {
        let tracks = ["risk", "defcon", "khrushchev_standing"];
        assert_eq!(closest("riks", tracks), Some("risk"));
        assert_eq!(closest("Risk", tracks), Some("risk"));
        assert_eq!(closest("defcom", tracks), Some("defcon"));
        assert_eq!(
            closest("khrushchev_standin", tracks),
            Some("khrushchev_standing")
        );
        assert_eq!(closest("khrushchev", tracks), None, "too far to be a typo");
        assert_eq!(closest("war", tracks), None);
        assert_eq!(closest("risk", tracks), None, "not unknown at all");
        // Of two equally close, the first given.
        assert_eq!(closest("us", ["uk", "ua"]), Some("uk"));
    }

    #[test]
    fn serdes_unknown_names_are_taken_apart() {
        assert_eq!(
            unknown_name("unknown field `nmae`, expected one of `id`, `name`, `kind`"),
            Some(UnknownName {
                what: "field",
                written: "nmae",
                expected: vec!["id", "name", "kind"],
            })
        );
        assert_eq!(
            unknown_name("unknown variant `rol`, expected `roll` or `auto`"),
            Some(UnknownName {
                what: "variant",
                written: "rol",
                expected: vec!["roll", "auto"],
            })
        );
        assert_eq!(
            unknown_name("unknown field `x`, there are no fields").map(|u| u.expected),
            Some(vec![])
        );
        assert_eq!(unknown_name("missing field `name`"), None);
        assert_eq!(
            unknown_name("invalid type: string \"a\", expected u32"),
            None
        );
    }
}
