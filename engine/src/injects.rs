//! The umpire's injects and private notes. An inject is a message to an
//! audience (one side, several, or everyone), released now or at the next
//! Briefing; the scenario scripts injects for each turn's Briefing too. Notes
//! and bookmarks are the umpire's alone, kept on the timeline for the
//! after-action review.

use crate::command::Audience;
use crate::decide::check_text;
use crate::event::Event;
use crate::ids::SideId;
use crate::limits::MAX_MESSAGE_CHARS;
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::{Phase, State};
use serde::{Deserialize, Serialize};

/// A message from the umpire or the scenario to an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Inject {
    /// Who reads it.
    pub to: Audience,
    /// What it says.
    pub text: String,
    /// Whether the scenario scripted it (otherwise the umpire wrote it).
    pub scripted: bool,
}

/// A released inject, as the state keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Released {
    /// The turn it was released in.
    pub turn: u32,
    /// When (ms since the epoch).
    pub at_ms: u64,
    /// The inject.
    #[serde(flatten)]
    pub inject: Inject,
}

/// An umpire's private note on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    /// The log position it was written at.
    pub seq: u64,
    /// The turn.
    pub turn: u32,
    /// The phase.
    pub phase: Phase,
    /// What it says.
    pub text: String,
    /// Whether it marks a moment to return to in the review.
    pub bookmark: bool,
    /// The side whose bookmark it is; none for the umpire's notes and bookmarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<SideId>,
}

/// The umpire injects a message now or at the next Briefing.
pub(crate) fn inject(
    scenario: &Scenario,
    state: &State,
    to: &Audience,
    text: &str,
    next_briefing: bool,
) -> Result<Vec<Event>, Rejection> {
    if state.phase == Phase::Ended {
        return Err(Rejection::new(
            RejectCode::GameOver,
            "the game has ended; write to the players with an umpire message",
        ));
    }
    if state.clock.paused {
        return Err(Rejection::new(
            RejectCode::Paused,
            "the game is paused; resume it first",
        ));
    }
    if let Some(why) = scenario.audience_problem(to) {
        return Err(Rejection::new(RejectCode::UnknownSide, why));
    }
    check_text(text, MAX_MESSAGE_CHARS, "the inject")?;
    if next_briefing && state.turn >= crate::clock::total_turns(scenario, state) {
        return Err(Rejection::new(
            RejectCode::LastTurn,
            "this is the last turn, so there is no next briefing; inject it now",
        ));
    }
    let inject = Inject {
        to: to.clone(),
        text: text.to_owned(),
        scripted: false,
    };
    Ok(vec![if next_briefing {
        Event::InjectQueued { inject }
    } else {
        Event::InjectReleased { inject }
    }])
}

/// The umpire writes a private note or bookmark; a side player (`side`) sets
/// a bookmark that only the side and the umpire see.
pub(crate) fn note(
    text: &str,
    bookmark: bool,
    side: Option<SideId>,
) -> Result<Vec<Event>, Rejection> {
    if side.is_some() && !bookmark {
        return Err(Rejection::new(
            RejectCode::Forbidden,
            "notes are the umpire's; a side may set bookmarks for its own review, or talk in team chat",
        ));
    }
    check_text(text, MAX_MESSAGE_CHARS, "the note")?;
    Ok(vec![Event::NoteWritten {
        text: text.to_owned(),
        bookmark,
        side,
    }])
}

/// What turn `turn`'s Briefing releases: the scenario's injects for the turn,
/// then the umpire's queued ones.
/// A scripted inject whose conditions do not hold is not released; the
/// effects of those released move the tracks at once.
pub(crate) fn briefing(scenario: &Scenario, state: &State, turn: u32) -> Vec<Event> {
    let due: Vec<&crate::scenario::InjectDef> = scenario
        .injects
        .iter()
        .filter(|i| {
            i.turn == turn
                && crate::strategic::unmet_conditions(scenario, state, None, turn, &i.when)
                    .is_none()
        })
        .collect();
    let mut events: Vec<Event> = due
        .iter()
        .map(|i| Inject {
            to: i.to.clone(),
            text: i.text.clone(),
            scripted: true,
        })
        .chain(state.queued_injects.iter().cloned())
        .map(|inject| Event::InjectReleased { inject })
        .collect();
    let mut changes: Vec<crate::tracks::TrackChange> = Vec::new();
    for inject in &due {
        let reason = format!("Turn {turn} briefing");
        let more = crate::tracks::changes(scenario, state, &changes, &inject.effects, &reason);
        changes.extend(more);
    }
    if !changes.is_empty() {
        let moves = crate::tracks::publish(scenario, state, &changes);
        let ending = crate::tracks::ending(scenario, state, &moves);
        events.extend(moves);
        if let Some(verdict) = ending {
            events.push(Event::GameEnded { verdict });
        }
    }
    events
}
