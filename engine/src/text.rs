//! What player-written text may hold, beyond its length: display names that
//! cannot pass for someone else, and texts whose right-to-left controls are
//! balanced, so that no line can reorder what comes after it.
//!
//! A display name may not be blank, nor hold control characters or
//! invisible ones (format characters such as bidi controls and zero-width
//! spaces, fillers that render as nothing); names are compared trimmed, with
//! runs of spaces as one, and case folded. A side player or observer may not
//! take a reserved role word ([`RESERVED_NAMES`]) nor the name of an umpire.
//!
//! Long texts (chat, letters, notes) may carry bidi controls, which Arabic
//! and Hebrew writers use, but only balanced within each line: every
//! embedding or override (U+202A, U+202B, U+202D, U+202E) closed by U+202C,
//! every isolate (U+2066–U+2068) by U+2069, in order.

/// Names nobody but the umpire may take: the words the clients use for the
/// umpire, the server and the audience.
pub const RESERVED_NAMES: &[&str] = &[
    "umpire",
    "control",
    "observer",
    "observers",
    "server",
    "system",
    "admin",
    "brink",
];

/// Deepest nesting of bidi controls a line may hold (Unicode's own limit is
/// 125; a seminar's text needs a few).
const MAX_BIDI_DEPTH: usize = 16;

/// Whether `c` renders as nothing or changes how other characters render:
/// Unicode's format characters (Cf) and the fillers and blanks that are not
/// whitespace.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A name as names are compared: trimmed, runs of whitespace as one space,
/// case folded.
pub fn folded(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What is wrong with a display name's characters, if anything (its length
/// is checked apart).
pub fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a display name cannot be blank".into());
    }
    if let Some(c) = name.chars().find(|&c| c.is_control()) {
        return Some(format!(
            "a display name cannot hold control characters (it has U+{:04X})",
            u32::from(c)
        ));
    }
    if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
        return Some(format!(
            "a display name cannot hold invisible or direction-changing characters (it has U+{:04X})",
            u32::from(c)
        ));
    }
    None
}

/// Whether a side player's or observer's `name` is one only the umpire may
/// take: a reserved word, or one of `umpires`' names.
pub fn reserved<'a>(name: &str, mut umpires: impl Iterator<Item = &'a str>) -> Option<String> {
    let name = folded(name);
    if RESERVED_NAMES.contains(&name.as_str()) {
        return Some(format!(
            "the name {name:?} is kept for the umpire and the server; choose your own name"
        ));
    }
    umpires
        .any(|u| folded(u) == name)
        .then(|| "that is the umpire's name; choose your own name".to_owned())
}

/// What is wrong with the bidi controls of a long text, if anything: one
/// left open at the end of a line, closed by the wrong closer or with none
/// open, or nested too deep.
pub fn bidi_problem(text: &str) -> Option<String> {
    for line in text.split('\n') {
        // `true` for an isolate, `false` for an embedding or override.
        let mut open: Vec<bool> = Vec::new();
        for c in line.chars() {
            match c {
                '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(false),
                '\u{2066}'..='\u{2068}' => open.push(true),
                '\u{202C}' if open.pop() != Some(false) => {
                    return Some(
                        "a pop-directional-formatting (U+202C) closes no embedding or override"
                            .into(),
                    );
                }
                '\u{2069}' if open.pop() != Some(true) => {
                    return Some("a pop-directional-isolate (U+2069) closes no isolate".into());
                }
                _ => {}
            }
            if open.len() > MAX_BIDI_DEPTH {
                return Some(format!(
                    "bidi controls nest more than {MAX_BIDI_DEPTH} deep"
                ));
            }
        }
        if !open.is_empty() {
            return Some(
                "a right-to-left or left-to-right control is left open at the end of a line; close each one (U+202C, U+2069) on its line"
                    .into(),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_trimmed_spaced_and_folded() {
        assert_eq!(folded("  Control "), "control");
        assert_eq!(folded("Jack\t  Kennedy"), "jack kennedy");
        assert!(reserved("control ", std::iter::empty()).is_some());
        assert!(reserved("UMPIRE", std::iter::empty()).is_some());
        assert!(reserved("Controller", std::iter::empty()).is_none());
        assert!(reserved("mr  smith", ["Mr Smith"].into_iter()).is_some());
        assert!(reserved("Mr Smithers", ["Mr Smith"].into_iter()).is_none());
    }

    #[test]
    fn blank_control_and_invisible_names_are_refused() {
        for bad in [
            " ",
            "\u{3000}",
            "Jack\u{7}",
            "Ja\u{200B}ck",
            "\u{202E}kcaJ",
            "\u{3164}",
            "A\u{2066}B",
            "\u{FEFF}Jack",
            "\u{2800}",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "Jack",
            "Анастасия",
            "José María",
            "فاطمة",
            "李雷",
            "O'Brien-Smith",
        ] {
            assert_eq!(name_problem(good), None, "{good:?}");
        }
    }

    #[test]
    fn bidi_controls_pass_only_balanced_on_their_line() {
        for good in [
            "plain text",
            "quoting \u{2067}שלום\u{2069} in a line",
            "\u{202B}embedded\u{202C} and \u{202E}overridden\u{202C}",
            "\u{2066}\u{202A}nested\u{202C}\u{2069}",
        ] {
            assert_eq!(bidi_problem(good), None, "{good:?}");
        }
        for bad in [
            "\u{202E}gnp.exe",
            "open \u{2067} on one line\n\u{2069} closed on the next",
            "\u{202C} with nothing open",
            "\u{2066}crossed\u{202C}",
            "\u{202A}crossed\u{2069}",
            &"\u{2066}".repeat(17),
        ] {
            assert!(bidi_problem(bad).is_some(), "{bad:?}");
        }
    }
}
