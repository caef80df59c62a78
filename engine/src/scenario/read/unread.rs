//! What of a file could not be read: the elements (and whole top-level
//! keys) left out of the definition because they did not deserialize, each
//! already reported. The checks consult it so that one typo is one problem:
//! an unread element's id still counts as defined, and a check of a whole
//! (the map is connected, there are two sides) is not made on a part.

use std::collections::{BTreeMap, BTreeSet};

/// What of a file could not be read, by top-level key (`zones`, `accident`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(in crate::scenario) struct Unread {
    /// The ids of the unread elements of each array of tables.
    ids: BTreeMap<String, BTreeSet<String>>,
    /// How many elements of each array of tables were not read.
    elements: BTreeMap<String, usize>,
    /// The keys with an unread element whose id could not be read either,
    /// or unread as a whole: any id may be one of theirs.
    unnamed: BTreeSet<String>,
}

impl Unread {
    /// Records that element of `key` (with `id`, if it could be read) was
    /// left out.
    pub(super) fn element(&mut self, key: &str, id: Option<&str>) {
        *self.elements.entry(key.to_owned()).or_default() += 1;
        match id {
            Some(id) => {
                self.ids
                    .entry(key.to_owned())
                    .or_default()
                    .insert(id.to_owned());
            }
            None => {
                self.unnamed.insert(key.to_owned());
            }
        }
    }

    /// Records that `key` was left out as a whole.
    pub(super) fn whole(&mut self, key: &str) {
        self.unnamed.insert(key.to_owned());
    }

    /// Whether anything of `key` was left out: checks of the whole of it
    /// are not made.
    pub(in crate::scenario) fn any(&self, key: &str) -> bool {
        self.unnamed.contains(key) || self.elements.contains_key(key)
    }

    /// Whether `id` may name something of `key` that was left out, so that
    /// a reference to it is not to be called unknown.
    pub(in crate::scenario) fn may_define(&self, key: &str, id: &str) -> bool {
        self.unnamed.contains(key) || self.ids.get(key).is_some_and(|ids| ids.contains(id))
    }

    /// How many elements of `key` the file has beyond the `read` ones;
    /// `None` when it cannot be told (the key was unread as a whole).
    pub(in crate::scenario) fn count(&self, key: &str, read: usize) -> Option<usize> {
        if self.unnamed.contains(key) && !self.elements.contains_key(key) {
            return None;
        }
        Some(read + self.elements.get(key).copied().unwrap_or(0))
    }
}
