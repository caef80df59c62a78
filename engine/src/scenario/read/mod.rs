//! Reading a scenario file into a definition, reporting every TOML and type
//! error in it, not only the first, each with its line and place.
//!
//! The text is parsed once into a document that knows where each part is
//! (`toml`'s spanned `DeTable`). Text that is not TOML is reported as such,
//! a problem a line (the parser goes on after an error, but what it makes
//! of the rest of that line is more likely noise), and nothing more: what
//! the parser made of the text is not read. A document that parses is then
//! read a piece at a time: each top-level key, and each element of a
//! top-level array of tables on its own, so that a bad field in zone 3 and
//! another in unit 7 are two problems, each with its line, column and place
//! (`zones[2] (approaches).kind`). Within one element, serde stops at the
//! first error it meets: a problem an element. An unknown field or value
//! gets a "did you mean" from the names serde expected there (less those the
//! table has already).
//!
//! **No cascade.** A piece that does not read is left out of the definition
//! and recorded in [`Unread`], with the id of an element when that can be
//! read; the checks consult it (see `check`), so that the one problem the
//! piece has is the only one reported: references to its id are not called
//! unknown, and the checks of a whole it is part of (two sides at least, a
//! connected map, turn numbers within the turns) are not made on what is
//! left. An unknown top-level key close to one the file lacks (`[acident]`)
//! is taken for that one, unread, rather than the file said to lack it.
//! Every piece left out is reported, so a definition with unread pieces is
//! never a [`Scenario`](super::Scenario).

mod source;
mod unread;

pub(super) use source::Source;
pub(super) use unread::Unread;

use super::{DraftsAtDeadline, Problem, ScenarioDef, suggest};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// The top-level keys of a scenario file, as [`ScenarioDef`] names them.
const KEYS: [&str; 23] = [
    "id",
    "title",
    "summary",
    "sides",
    "turns",
    "channels",
    "terms",
    "injects",
    "tracks",
    "endings",
    "actions",
    "accident",
    "incidents",
    "each_turn",
    "zones",
    "units",
    "stances",
    "contacts",
    "cargoes",
    "timeline",
    "framing",
    "aftermath",
    "drafts_at_deadline",
];

/// The top-level keys a file must have (a missing `sides` or `turns` is
/// the checks' to report, as no sides or no turns).
const REQUIRED: [&str; 2] = ["id", "title"];

/// A file read: what could be read of the definition, the problems met
/// reading it, what was left out, and the document, to place the checks'
/// problems in it.
#[derive(Debug)]
pub(super) struct Reading<'t> {
    /// The definition, without the pieces that could not be read.
    pub(super) def: ScenarioDef,
    /// A problem for each piece that could not be read, with its position.
    pub(super) problems: Vec<Problem>,
    /// The pieces left out.
    pub(super) unread: Unread,
    /// The document.
    pub(super) source: Source<'t>,
}

/// Reads `text`; text that is not TOML is refused with its syntax errors
/// only, the first of each line.
pub(super) fn read(text: &str) -> Result<Reading<'_>, Vec<Problem>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(syntax(text, &errors));
    }
    let mut reader = Reader {
        text,
        problems: Vec::new(),
        unread: Unread::default(),
        kept: BTreeMap::new(),
    };
    let def = reader.definition(root.get_ref());
    Ok(Reading {
        def,
        problems: reader.problems,
        unread: reader.unread,
        source: Source::new(text, root, reader.kept),
    })
}

/// The syntax errors, the first of each line, in the file's order.
fn syntax(text: &str, errors: &[toml::de::Error]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| Problem {
            place: "syntax".to_owned(),
            position: e.span().map(|span| source::position(text, span.start)),
            message: e.message().trim().to_owned(),
            fix: "correct the TOML at that place (see docs/scenarios.md for the format)".to_owned(),
        })
        .collect();
    problems.sort_by_key(|p| p.position);
    problems.dedup_by_key(|p| p.position.map(|at| at.line));
    problems
}

/// Reads a document piece by piece, keeping note of what it could not read.
struct Reader<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    unread: Unread,
    /// For each array of tables, the file's index of each element kept.
    kept: BTreeMap<String, Vec<usize>>,
}

impl<'t> Reader<'t> {
    /// The definition, each top-level key read on its own.
    fn definition(&mut self, root: &DeTable<'t>) -> ScenarioDef {
        let mut def = ScenarioDef {
            id: String::new(),
            title: String::new(),
            summary: String::new(),
            sides: Vec::new(),
            turns: Vec::new(),
            channels: Vec::new(),
            terms: Vec::new(),
            injects: Vec::new(),
            tracks: Vec::new(),
            endings: Vec::new(),
            strategic: Vec::new(),
            accident: None,
            incidents: Vec::new(),
            each_turn: Vec::new(),
            zones: Vec::new(),
            units: Vec::new(),
            stances: Vec::new(),
            contacts: Vec::new(),
            cargoes: Vec::new(),
            timeline: Vec::new(),
            framing: String::new(),
            aftermath: String::new(),
            drafts_at_deadline: DraftsAtDeadline::default(),
        };
        for (key, value) in root.iter() {
            let name: &str = key.get_ref();
            match name {
                "id" => self.one(name, value, &mut def.id),
                "title" => self.one(name, value, &mut def.title),
                "summary" => self.one(name, value, &mut def.summary),
                "sides" => self.list(name, value, &mut def.sides),
                "turns" => self.list(name, value, &mut def.turns),
                "channels" => self.list(name, value, &mut def.channels),
                "terms" => self.list(name, value, &mut def.terms),
                "injects" => self.list(name, value, &mut def.injects),
                "tracks" => self.list(name, value, &mut def.tracks),
                "endings" => self.list(name, value, &mut def.endings),
                "actions" => self.list(name, value, &mut def.strategic),
                "accident" => self.one(name, value, &mut def.accident),
                "incidents" => self.list(name, value, &mut def.incidents),
                "each_turn" => self.list(name, value, &mut def.each_turn),
                "zones" => self.list(name, value, &mut def.zones),
                "units" => self.list(name, value, &mut def.units),
                "stances" => self.list(name, value, &mut def.stances),
                "contacts" => self.list(name, value, &mut def.contacts),
                "cargoes" => self.list(name, value, &mut def.cargoes),
                "timeline" => self.list(name, value, &mut def.timeline),
                "framing" => self.one(name, value, &mut def.framing),
                "aftermath" => self.one(name, value, &mut def.aftermath),
                "drafts_at_deadline" => self.one(name, value, &mut def.drafts_at_deadline),
                _ => self.unknown_key(root, key),
            }
        }
        for name in REQUIRED {
            // Not when a misspelt key was taken for it (`titel`).
            if !root.iter().any(|(key, _)| key.get_ref() == name) && !self.unread.any(name) {
                self.unread.whole(name);
                self.problems.push(Problem {
                    place: name.to_owned(),
                    position: None,
                    message: format!("missing field `{name}`"),
                    fix: format!("add `{name} = \"…\"` at the top of the file"),
                });
            }
        }
        def
    }

    /// Reads the value of top-level `key` into `into`, or reports why not
    /// and leaves `into` as it was.
    fn one<T: DeserializeOwned>(&mut self, key: &str, value: &Spanned<DeValue<'t>>, into: &mut T) {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(read) => *into = read,
            Err(e) => {
                self.report(key.to_owned(), value, &e);
                self.unread.whole(key);
            }
        }
    }

    /// Reads the array of top-level `key` into `into` element by element,
    /// reporting each element that does not read and leaving it out.
    fn list<T: DeserializeOwned>(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'t>>,
        into: &mut Vec<T>,
    ) {
        let Some(elements) = value.get_ref().as_array() else {
            // Not an array: reading it whole says what it is instead.
            self.one(key, value, into);
            return;
        };
        let mut kept = Vec::new();
        for (i, element) in elements.as_ref().iter().enumerate() {
            match T::deserialize(ValueDeserializer::from(element.clone())) {
                Ok(read) => {
                    into.push(read);
                    kept.push(i);
                }
                Err(e) => {
                    let id = source::id_of(element);
                    let place = match id {
                        Some(id) => format!("{key}[{i}] ({id})"),
                        None => format!("{key}[{i}]"),
                    };
                    self.report(place, element, &e);
                    self.unread.element(key, id);
                }
            }
        }
        self.kept.insert(key.to_owned(), kept);
    }

    /// A top-level key the format does not have. When it is close to one
    /// the file lacks (`[acident]`), it is taken for that one, unread.
    fn unknown_key(&mut self, root: &DeTable<'t>, key: &Spanned<toml::de::DeString<'t>>) {
        let name: &str = key.get_ref();
        self.unread.whole(name);
        let meant = suggest::closest(name, absent(&KEYS, root));
        if let Some(meant) = meant {
            self.unread.whole(meant);
        }
        let message = format!("unknown field `{name}`");
        self.problems.push(Problem {
            place: name.to_owned(),
            position: Some(source::position(self.text, key.span().start)),
            message: match meant {
                Some(meant) => format!("{message} (did you mean `{meant}`?)"),
                None => message,
            },
            fix: format!("use one of the top-level fields {}", quoted(&KEYS)),
        });
    }

    /// Reports `error`, met reading `value` at `place`: at the part of the
    /// value the error is about, or at the value.
    fn report(&mut self, place: String, value: &Spanned<DeValue<'t>>, error: &toml::de::Error) {
        let at = error.span().map_or(value.span().start, |span| span.start);
        let (path, found) = source::path_within(value, at);
        let (message, fix) = match found.get_ref() {
            // toml reads a bare date as a table of its own: say what it is.
            DeValue::Datetime(date) => (
                format!("{date} is a TOML date, not a string"),
                format!("put it in quotes: \"{date}\""),
            ),
            DeValue::Table(table) => explain(error.message(), table),
            _ => explain(error.message(), &DeTable::new()),
        };
        self.problems.push(Problem {
            place: place + &path,
            position: Some(source::position(self.text, at)),
            message,
            fix,
        });
    }
}

/// What a deserialization error's `message` about a part of `table` says,
/// in the validator's words, and how to fix it. A field `table` has already
/// is not suggested for an unknown one (`sid` is `side` when there is an `id`).
fn explain(message: &str, table: &DeTable<'_>) -> (String, String) {
    let message = message.trim();
    if let Some(unknown) = suggest::unknown_name(message) {
        let what = if unknown.what == "field" {
            "field"
        } else {
            "value"
        };
        let said = suggest::with_suggestion(
            format!("unknown {what} `{}`", unknown.written),
            unknown.written,
            absent(&unknown.expected, table),
            true,
        );
        let fix = if unknown.expected.is_empty() {
            format!("remove it: there are no {what}s here")
        } else {
            format!("use one of {}", quoted(&unknown.expected))
        };
        return (said, fix);
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return (
            message.to_owned(),
            format!("add `{field}` (see docs/scenarios.md for the format)"),
        );
    }
    (
        message.to_owned(),
        "correct the value at that place (see docs/scenarios.md for the format)".to_owned(),
    )
}

/// The `names` that `table` does not have as keys.
fn absent<'n>(names: &[&'n str], table: &DeTable<'_>) -> Vec<&'n str> {
    names
        .iter()
        .copied()
        .filter(|name| !table.iter().any(|(key, _)| key.get_ref() == name))
        .collect()
}

/// Names in backticks, comma-separated.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_level_keys_are_the_definitions_fields() {
        // Serde lists a definition's fields when it meets one it does not know.
        let refused = toml::from_str::<ScenarioDef>("no_such_key = 1").expect_err("unknown");
        let unknown = suggest::unknown_name(refused.message()).expect("an unknown field");
        assert_eq!(unknown.expected, KEYS);
        // And the reader reads each of them, rather than calling it unknown.
        for key in KEYS {
            let text = format!("{key} = 1");
            let reading = read(&text).expect("TOML");
            let said: Vec<&str> = reading
                .problems
                .iter()
                .map(|p| p.message.as_str())
                .collect();
            assert!(
                said.iter().all(|m| !m.starts_with("unknown field")),
                "{key}: {said:?}"
            );
        }
    }

    #[test]
    fn syntax_errors_are_reported_one_a_line_and_nothing_else() {
        let text = "id = \"x\"\ntitle = x\nsummary = \"a\" \"b\" c\nsides = 3\n";
        let problems = read(text).expect_err("not TOML");
        let lines: Vec<Option<usize>> = problems
            .iter()
            .map(|p| p.position.map(|at| at.line))
            .collect();
        assert_eq!(lines, [Some(2), Some(3)], "{problems:?}");
        assert!(problems.iter().all(|p| p.place == "syntax"), "{problems:?}");
    }
}
