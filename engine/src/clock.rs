//! The rules of the clock: starting the game, moving through each turn's
//! phases, pausing, the Orders deadline, and the end. Time is an input (`now`,
//! milliseconds since the epoch), so deadlines are tested with simulated time.

use crate::command::Action;
use crate::event::Event;
use crate::ids::SideId;
use crate::limits::{MAX_ADDED_TURNS, MAX_DEADLINE_SECONDS, MAX_MESSAGE_CHARS};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::{DraftsAtDeadline, Scenario};
use crate::state::{Phase, State};
use crate::{adjudication, injects};

/// Decides a clock action of the umpire's.
pub(crate) fn decide(
    scenario: &Scenario,
    state: &State,
    action: &Action,
    now: u64,
) -> Result<Vec<Event>, Rejection> {
    if state.phase == Phase::Ended {
        return Err(Rejection::new(
            RejectCode::GameOver,
            "the game has ended; the session stays open for talk and review",
        ));
    }
    match action {
        Action::StartGame {} => start_game(scenario, state),
        Action::Advance { force } => advance(scenario, state, *force),
        Action::Pause {} => pause(state, now),
        Action::Resume {} => resume(state, now),
        Action::SetDeadline { seconds } => set_deadline(state, now, *seconds),
        Action::ExtendDeadline { seconds } => extend_deadline(state, *seconds),
        Action::ClearDeadline {} => clear_deadline(state),
        Action::AddTurns { turns } => add_turns(scenario, state, *turns),
        Action::EndGame { verdict } => {
            crate::decide::check_text(verdict, MAX_MESSAGE_CHARS, "the verdict")?;
            Ok(vec![Event::GameEnded {
                verdict: verdict.clone(),
            }])
        }
        _ => Ok(Vec::new()),
    }
}

/// Refuses while the game is paused.
fn running(state: &State) -> Result<(), Rejection> {
    if state.clock.paused {
        Err(Rejection::new(
            RejectCode::Paused,
            "the game is paused; resume it first",
        ))
    } else {
        Ok(())
    }
}

/// Refuses outside the Orders phase, the only one with a deadline.
fn in_orders(state: &State) -> Result<(), Rejection> {
    if state.phase == Phase::Orders {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::WrongPhase,
            format!(
                "deadlines are for the orders phase, and this is the {} phase; advance to orders first",
                state.phase.as_str()
            ),
        ))
    }
}

/// A deadline's `seconds` in milliseconds, if they are within the limits.
fn span(seconds: u32) -> Result<u64, Rejection> {
    if (1..=MAX_DEADLINE_SECONDS).contains(&seconds) {
        Ok(u64::from(seconds) * 1_000)
    } else {
        Err(Rejection::new(
            RejectCode::BadDeadline,
            format!("give a time from 1 second to {MAX_DEADLINE_SECONDS} seconds (10 hours)"),
        ))
    }
}

/// Starts the game from the lobby: turn 1's briefing.
fn start_game(scenario: &Scenario, state: &State) -> Result<Vec<Event>, Rejection> {
    if state.phase != Phase::Lobby {
        return Err(Rejection::new(
            RejectCode::WrongPhase,
            format!("the game has already started (turn {})", state.turn),
        ));
    }
    let mut events = vec![phase_changed(scenario, 1, Phase::Briefing, false)];
    events.extend(injects::briefing(scenario, state, 1));
    Ok(events)
}

/// Moves the clock on: briefing to orders, orders to adjudication (once
/// every side has submitted, or by force), a published adjudication to the
/// next turn's briefing.
fn advance(scenario: &Scenario, state: &State, force: bool) -> Result<Vec<Event>, Rejection> {
    running(state)?;
    match state.phase {
        Phase::Lobby => Err(Rejection::new(
            RejectCode::WrongPhase,
            "the game has not started; start it first",
        )),
        Phase::Briefing => Ok(vec![phase_changed(
            scenario,
            state.turn,
            Phase::Orders,
            false,
        )]),
        Phase::Orders => {
            if !force {
                every_side_submitted(scenario, state)?;
            }
            Ok(close_orders(scenario, state, false))
        }
        Phase::Adjudication | Phase::Ended => next_turn(scenario, state),
    }
}

/// Refuses to close the Orders phase while a side has not submitted.
fn every_side_submitted(scenario: &Scenario, state: &State) -> Result<(), Rejection> {
    let missing: Vec<&str> = scenario
        .sides
        .iter()
        .filter(|s| {
            state
                .orders
                .get(&s.id)
                .is_none_or(|o| o.submitted.is_none())
        })
        .map(|s| s.name.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::OrdersMissing,
            format!(
                "not every side has submitted (still to submit: {}); wait, set a deadline, or close the phase anyway",
                missing.join(", ")
            ),
        ))
    }
}

/// The next turn's briefing, once this turn's adjudication is published and
/// if the game has another turn.
fn next_turn(scenario: &Scenario, state: &State) -> Result<Vec<Event>, Rejection> {
    if !state.adjudication.as_ref().is_some_and(|a| a.published) {
        return Err(Rejection::new(
            RejectCode::NotPublished,
            "publish this turn's adjudication before moving on",
        ));
    }
    if state.turn >= total_turns(scenario, state) {
        return Err(Rejection::new(
            RejectCode::LastTurn,
            format!(
                "turn {} was the game's last; end the game with a verdict, or add turns",
                state.turn
            ),
        ));
    }
    let turn = state.turn + 1;
    let mut events = vec![phase_changed(scenario, turn, Phase::Briefing, false)];
    events.extend(injects::briefing(scenario, state, turn));
    Ok(events)
}

/// Pauses the game, keeping what is left of a running deadline.
fn pause(state: &State, now: u64) -> Result<Vec<Event>, Rejection> {
    if state.phase == Phase::Lobby {
        return Err(Rejection::new(
            RejectCode::WrongPhase,
            "the game has not started; there is nothing to pause",
        ));
    }
    running(state)?;
    Ok(vec![Event::Paused {
        remaining_ms: state.clock.deadline_at_ms.map(|at| at.saturating_sub(now)),
    }])
}

/// Resumes the game, and the deadline with the time it had left.
fn resume(state: &State, now: u64) -> Result<Vec<Event>, Rejection> {
    if !state.clock.paused {
        return Err(Rejection::new(
            RejectCode::NotPaused,
            "the game is not paused",
        ));
    }
    let mut events = vec![Event::Resumed];
    if let Some(remaining) = state.clock.remaining_ms {
        events.push(Event::DeadlineSet {
            at_ms: Some(now.saturating_add(remaining)),
        });
    }
    Ok(events)
}

/// Sets the Orders deadline `seconds` from now.
fn set_deadline(state: &State, now: u64, seconds: u32) -> Result<Vec<Event>, Rejection> {
    in_orders(state)?;
    running(state)?;
    Ok(vec![Event::DeadlineSet {
        at_ms: Some(now.saturating_add(span(seconds)?)),
    }])
}

/// Moves the running Orders deadline `seconds` later.
fn extend_deadline(state: &State, seconds: u32) -> Result<Vec<Event>, Rejection> {
    in_orders(state)?;
    running(state)?;
    let Some(at) = state.clock.deadline_at_ms else {
        return Err(Rejection::new(
            RejectCode::NoDeadline,
            "there is no deadline to extend; set one",
        ));
    };
    Ok(vec![Event::DeadlineSet {
        at_ms: Some(at.saturating_add(span(seconds)?)),
    }])
}

/// Clears the Orders deadline, running or paused.
fn clear_deadline(state: &State) -> Result<Vec<Event>, Rejection> {
    in_orders(state)?;
    if state.clock.deadline_at_ms.is_none() && state.clock.remaining_ms.is_none() {
        return Err(Rejection::new(
            RejectCode::NoDeadline,
            "there is no deadline to clear",
        ));
    }
    Ok(vec![Event::DeadlineSet { at_ms: None }])
}

/// Adds `turns` to the game, within the limit of turns added in all.
fn add_turns(scenario: &Scenario, state: &State, turns: u32) -> Result<Vec<Event>, Rejection> {
    if state.phase == Phase::Lobby {
        return Err(Rejection::new(
            RejectCode::WrongPhase,
            "the game has not started; start it first",
        ));
    }
    running(state)?;
    let added = state.added_turns.saturating_add(turns);
    if turns == 0 || added > MAX_ADDED_TURNS {
        return Err(Rejection::new(
            RejectCode::BadTurns,
            format!(
                "add 1 to {} turns (up to {MAX_ADDED_TURNS} in all; {} added so far)",
                MAX_ADDED_TURNS - state.added_turns,
                state.added_turns
            ),
        ));
    }
    let scenario_turns = u32::try_from(scenario.turns.len()).unwrap_or(u32::MAX);
    let total = scenario_turns.saturating_add(added);
    Ok(vec![Event::TurnsAdded {
        added,
        total,
        dates: (scenario_turns.saturating_add(1)..=total)
            .filter_map(|t| date_of(scenario, t))
            .collect(),
    }])
}

/// How many turns the game has: the scenario's, and those the umpire added.
pub(crate) fn total_turns(scenario: &Scenario, state: &State) -> u32 {
    u32::try_from(scenario.turns.len())
        .unwrap_or(u32::MAX)
        .saturating_add(state.added_turns)
}

/// The date of turn `turn` (1-based): the scenario's, or for a turn the umpire
/// added, a day after the turn before.
pub(crate) fn date_of(scenario: &Scenario, turn: u32) -> Option<String> {
    let i = (turn as usize).checked_sub(1)?;
    if let Some(t) = scenario.turns.get(i) {
        return Some(t.date.clone());
    }
    let last = scenario.turns.last()?;
    let days = i64::try_from(i + 1 - scenario.turns.len()).ok()?;
    days_after(&last.date, days)
}

/// `date` (YYYY-MM-DD) moved `days` later, in the proleptic Gregorian calendar.
pub(crate) fn days_after(date: &str, days: i64) -> Option<String> {
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    // Days from the civil date and back (H. Hinnant's algorithms).
    let (y0, m0) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y0.div_euclid(400);
    let yoe = y0 - era * 400;
    let doy = (153 * m0 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let z = era * 146_097 + doe + days;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The warnings before an Orders deadline, in ms before it: 5 minutes, 1.
pub(crate) const WARNINGS_MS: [u64; 2] = [5 * 60_000, 60_000];

/// The warning that `left_ms` before the deadline falls under: the nearest
/// of [`WARNINGS_MS`] at or above it.
pub(crate) fn warning_for(left_ms: u64) -> u64 {
    WARNINGS_MS
        .iter()
        .rev()
        .copied()
        .find(|w| left_ms <= *w)
        .unwrap_or(WARNINGS_MS[0])
}

/// The sides that have not submitted this turn's orders, in the scenario's order.
fn unsubmitted<'s>(scenario: &'s Scenario, state: &'s State) -> impl Iterator<Item = &'s SideId> {
    scenario.sides.iter().map(|s| &s.id).filter(|side| {
        state
            .orders
            .get(*side)
            .is_none_or(|o| o.submitted.is_none())
    })
}

/// When the engine next needs a tick: the next warning due to a side that
/// has not submitted, or the deadline itself.
pub(crate) fn next_tick(scenario: &Scenario, state: &State) -> Option<u64> {
    let at = state
        .clock
        .deadline_at_ms
        .filter(|_| state.phase == Phase::Orders && !state.clock.paused)?;
    let warning = WARNINGS_MS
        .iter()
        .find(|w| state.deadline_warned_ms.is_none_or(|given| **w < given))
        .filter(|_| unsubmitted(scenario, state).next().is_some());
    Some(warning.map_or(at, |w| at.saturating_sub(*w)))
}

/// At `now`: closes the Orders phase if its deadline has passed, else warns
/// each side that has not submitted when a warning falls due.
pub(crate) fn tick(scenario: &Scenario, state: &State, now: u64) -> Vec<Event> {
    let Some(at) = state
        .clock
        .deadline_at_ms
        .filter(|_| state.phase == Phase::Orders && !state.clock.paused)
    else {
        return Vec::new();
    };
    if now >= at {
        return close_orders(scenario, state, true);
    }
    let left_ms = at - now;
    let due = warning_for(left_ms);
    if left_ms > due || state.deadline_warned_ms.is_some_and(|given| given <= due) {
        return Vec::new();
    }
    let draft_stands = scenario.drafts_at_deadline == DraftsAtDeadline::Stand;
    unsubmitted(scenario, state)
        .map(|side| Event::DeadlineNear {
            side: side.clone(),
            left_ms,
            draft_stands,
        })
        .collect()
}

/// Closes the Orders phase: the phase change; when the deadline closed it,
/// what became of each unsubmitted side's draft; then the pending
/// adjudication.
fn close_orders(scenario: &Scenario, state: &State, by_deadline: bool) -> Vec<Event> {
    let mut events = vec![phase_changed(
        scenario,
        state.turn,
        Phase::Adjudication,
        by_deadline,
    )];
    if by_deadline {
        let used = scenario.drafts_at_deadline == DraftsAtDeadline::Stand;
        for side in unsubmitted(scenario, state) {
            let items = state.orders.get(side).map_or(0, |o| o.draft.len());
            events.push(Event::NotSubmitted {
                side: side.clone(),
                items: u32::try_from(items).unwrap_or(u32::MAX),
                used: used && items > 0,
            });
        }
    }
    events.push(adjudication::close(scenario, state, by_deadline));
    events
}

fn phase_changed(scenario: &Scenario, turn: u32, phase: Phase, by_deadline: bool) -> Event {
    let date = date_of(scenario, turn).unwrap_or_default();
    Event::PhaseChanged {
        turn,
        phase,
        date,
        by_deadline,
    }
}

#[cfg(test)]
mod tests {
    use super::days_after;

    #[test]
    fn days_run_over_months_years_and_leap_days() {
        let next = |d: &str| days_after(d, 1);
        assert_eq!(next("1962-10-28").as_deref(), Some("1962-10-29"));
        assert_eq!(next("1962-10-31").as_deref(), Some("1962-11-01"));
        assert_eq!(next("1999-12-31").as_deref(), Some("2000-01-01"));
        assert_eq!(next("2000-02-28").as_deref(), Some("2000-02-29"));
        assert_eq!(next("1900-02-28").as_deref(), Some("1900-03-01"));
        assert_eq!(days_after("1961-10-27", 30).as_deref(), Some("1961-11-26"));
        assert_eq!(next("not a date"), None);
    }
}
