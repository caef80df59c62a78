//! Where things are in a scenario file: the parsed document with its spans,
//! and the way from a problem's place to a line and column.
//!
//! A place is a path into the file as the problems name it — `accident`,
//! `zones[2] (approaches)`, `sides[0] (us).seats[1]`, `actions[3]
//! (air_strike).modifiers[0]` — keys and indices, with an element's id in
//! parentheses for people. [`Source::locate`] walks the document along it as
//! far as it goes and gives the problem the line and column of the deepest
//! part found: the key, or the element (an `[[array]]` element's header) —
//! or, for a problem about an unknown id, where that part has the id.
//!
//! The checks count the elements of the definition, from which the reader
//! left out those it could not read; [`Source::locate`] also turns their
//! index (the first of a place) back into the file's.

use crate::scenario::{Position, Problem};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A parsed scenario file, to say where its parts are.
#[derive(Debug)]
pub(in crate::scenario) struct Source<'t> {
    text: &'t str,
    /// The whole document, as a table value.
    root: Spanned<DeValue<'t>>,
    /// For each array of tables the reader read element by element: the
    /// index in the file of each element it kept, in order.
    kept: BTreeMap<String, Vec<usize>>,
}

/// One step of a place: a key, or an index into an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

impl<'t> Source<'t> {
    /// The source of `text`, parsed as `root`; `kept` as the reader kept
    /// elements.
    pub(super) fn new(
        text: &'t str,
        root: Spanned<DeTable<'t>>,
        kept: BTreeMap<String, Vec<usize>>,
    ) -> Self {
        let span = root.span();
        Self {
            text,
            root: Spanned::new(span, DeValue::Table(root.into_inner())),
            kept,
        }
    }

    /// `problem`, its place's first index made the file's, and with the
    /// position of its place, when the file has that place: of the string
    /// `unknown` there, for a problem about that unknown id.
    pub(in crate::scenario) fn locate(
        &self,
        mut problem: Problem,
        unknown: Option<&str>,
    ) -> Problem {
        if let Some(place) = self.in_file(&problem.place) {
            problem.place = place;
        }
        if problem.position.is_none()
            && let Some((at, value)) = self.offset(&steps(&problem.place))
        {
            let at = unknown.and_then(|id| first_string(value, id)).unwrap_or(at);
            problem.position = Some(self.position(at));
        }
        problem
    }

    /// `place` with its first index the file's, when that differs.
    fn in_file(&self, place: &str) -> Option<String> {
        let [Step::Key(key), Step::Index(i), ..] = steps(place)[..] else {
            return None;
        };
        let in_file = *self.kept.get(key)?.get(i)?;
        let rest = place.strip_prefix(&format!("{key}[{i}]"))?;
        (in_file != i).then(|| format!("{key}[{in_file}]{rest}"))
    }

    /// The byte offset of the deepest part of `steps` the document has,
    /// and that part.
    fn offset(&self, steps: &[Step<'_>]) -> Option<(usize, &Spanned<DeValue<'t>>)> {
        let mut here = &self.root;
        let mut found = None;
        for step in steps {
            let next = match (*step, here.get_ref()) {
                (Step::Key(name), DeValue::Table(table)) => table
                    .iter()
                    .find(|(key, _)| key.get_ref() == name)
                    .map(|(key, value)| (key.span().start, value)),
                (Step::Index(i), DeValue::Array(array)) => array
                    .as_ref()
                    .get(i)
                    .map(|value| (value.span().start, value)),
                _ => None,
            };
            let Some((at, value)) = next else { break };
            found = Some((at, value));
            here = value;
        }
        found
    }

    /// The line and column of a byte offset.
    fn position(&self, offset: usize) -> Position {
        position(self.text, offset)
    }
}

/// The line and column of a byte offset into `text`.
pub(super) fn position(text: &str, offset: usize) -> Position {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    Position {
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    }
}

/// The steps of a place: `sides[0] (us).seats` is `sides`, 0, `seats`. An
/// id in parentheses is skipped; anything not understood ends the walk.
fn steps(place: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    let mut rest = place;
    loop {
        if let Some(after) = rest.strip_prefix('.') {
            rest = after;
        } else if let Some(after) = rest.strip_prefix(" (") {
            let Some(end) = after.find(')') else { break };
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some((digits, after)) = after.split_once(']') else {
                break;
            };
            let Ok(i) = digits.parse() else { break };
            steps.push(Step::Index(i));
            rest = after;
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end == 0 {
                break;
            }
            steps.push(Step::Key(&rest[..end]));
            rest = &rest[end..];
        }
    }
    steps
}

/// The path within `value` (`.kind`, `.effects[1].track`) to the deepest
/// key or element whose span holds `offset`, and the value there: where in
/// an element an error is.
pub(super) fn path_within<'v, 't>(
    value: &'v Spanned<DeValue<'t>>,
    offset: usize,
) -> (String, &'v Spanned<DeValue<'t>>) {
    let holds = |span: Range<usize>| span.start <= offset && offset < span.end.max(span.start + 1);
    let mut path = String::new();
    let mut here = value;
    loop {
        match here.get_ref() {
            DeValue::Table(table) => {
                let Some((key, inner)) = table
                    .iter()
                    .find(|(key, inner)| holds(key.span()) || holds(inner.span()))
                else {
                    break;
                };
                path.push('.');
                path.push_str(key.get_ref());
                if holds(key.span()) {
                    break;
                }
                here = inner;
            }
            DeValue::Array(array) => {
                let Some((i, inner)) = array
                    .as_ref()
                    .iter()
                    .enumerate()
                    .find(|(_, inner)| holds(inner.span()))
                else {
                    break;
                };
                path.push_str(&format!("[{i}]"));
                here = inner;
            }
            _ => break,
        }
    }
    (path, here)
}

/// The offset of the first string `text` within `value`.
fn first_string(value: &Spanned<DeValue<'_>>, text: &str) -> Option<usize> {
    match value.get_ref() {
        DeValue::String(s) if s == text => Some(value.span().start),
        DeValue::Table(table) => table
            .iter()
            .filter_map(|(_, inner)| first_string(inner, text))
            .min(),
        DeValue::Array(array) => array
            .as_ref()
            .iter()
            .filter_map(|inner| first_string(inner, text))
            .min(),
        _ => None,
    }
}

/// The `id` of an element, when it has one that is a string.
pub(super) fn id_of<'v>(value: &'v Spanned<DeValue<'_>>) -> Option<&'v str> {
    let DeValue::Table(table) = value.get_ref() else {
        return None;
    };
    table
        .iter()
        .find(|(key, _)| key.get_ref() == "id")
        .and_then(|(_, id)| id.get_ref().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_walked_as_keys_and_indices() {
        assert_eq!(
            steps("sides[0] (us).seats[1]"),
            [
                Step::Key("sides"),
                Step::Index(0),
                Step::Key("seats"),
                Step::Index(1)
            ]
        );
        assert_eq!(
            steps("accident.chances"),
            [Step::Key("accident"), Step::Key("chances")]
        );
        assert_eq!(
            steps("units[1] (a (b)"),
            [Step::Key("units"), Step::Index(1)]
        );
        assert_eq!(steps("line 3"), [Step::Key("line")]);
    }
}
