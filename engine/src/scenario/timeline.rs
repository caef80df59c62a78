//! The real history a scenario records for the after-action review: dated
//! entries, each with the moves of that day the game can match (a side's
//! strategic action, or the terms its letter proposed).

use crate::ids::{SideId, TermId};
use serde::{Deserialize, Serialize};

/// A moment of the real history, for the after-action review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// The day, as `YYYY-MM-DD`.
    pub date: String,
    /// What happened.
    pub text: String,
    /// The moves of that day the game can match: a side's strategic action,
    /// or its letter proposing terms. The after-action report marks where
    /// the game made them on another day, or not at all.
    #[serde(default)]
    pub moves: Vec<HistoryMove>,
}

/// A move history made, as the game could make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryMove {
    /// The side that made it.
    pub side: SideId,
    /// The strategic action taken, from the side's menu.
    #[serde(default)]
    pub action: Option<String>,
    /// Or: the terms a letter of the side's proposed (at least these).
    #[serde(default)]
    pub terms: Vec<TermId>,
}
