//! The rules of the clock: starting the game, moving through each turn's
//! phases, pausing, the Orders deadline, and the end. Time is an input (`now`,
//! milliseconds since the epoch), so deadlines are tested with simulated time.

use crate::command::Action;
use crate::event::Event;
use crate::limits::{MAX_DEADLINE_SECONDS, MAX_MESSAGE_CHARS};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
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
    let clock = &state.clock;
    let running = || -> Result<(), Rejection> {
        if clock.paused {
            Err(Rejection::new(
                RejectCode::Paused,
                "the game is paused; resume it first",
            ))
        } else {
            Ok(())
        }
    };
    let in_orders = || -> Result<(), Rejection> {
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
    };
    let span = |seconds: u32| -> Result<u64, Rejection> {
        if (1..=MAX_DEADLINE_SECONDS).contains(&seconds) {
            Ok(u64::from(seconds) * 1_000)
        } else {
            Err(Rejection::new(
                RejectCode::BadDeadline,
                format!("give a time from 1 second to {MAX_DEADLINE_SECONDS} seconds (10 hours)"),
            ))
        }
    };
    Ok(match action {
        Action::StartGame => {
            if state.phase != Phase::Lobby {
                return Err(Rejection::new(
                    RejectCode::WrongPhase,
                    format!("the game has already started (turn {})", state.turn),
                ));
            }
            let mut events = vec![phase_changed(scenario, 1, Phase::Briefing, false)];
            events.extend(injects::briefing(scenario, state, 1));
            events
        }
        Action::Advance { force } => {
            running()?;
            match state.phase {
                Phase::Lobby => {
                    return Err(Rejection::new(
                        RejectCode::WrongPhase,
                        "the game has not started; start it first",
                    ));
                }
                Phase::Briefing => vec![phase_changed(scenario, state.turn, Phase::Orders, false)],
                Phase::Orders => {
                    let missing: Vec<&str> = scenario
                        .sides
                        .iter()
                        .filter(|s| {
                            state
                                .orders
                                .get(&s.id)
                                .is_none_or(|o| o.submitted.is_none())
                        })
                        .map(|s| s.id.as_str())
                        .collect();
                    if !*force && !missing.is_empty() {
                        return Err(Rejection::new(
                            RejectCode::OrdersMissing,
                            format!(
                                "not every side has submitted (still to submit: {}); wait, set a deadline, or close anyway with force",
                                missing.join(", ")
                            ),
                        ));
                    }
                    close_orders(scenario, state, false)
                }
                Phase::Adjudication | Phase::Ended => {
                    if !state.adjudication.as_ref().is_some_and(|a| a.published) {
                        return Err(Rejection::new(
                            RejectCode::NotPublished,
                            "publish this turn's adjudication before moving on",
                        ));
                    }
                    if state.turn as usize >= scenario.turns.len() {
                        return Err(Rejection::new(
                            RejectCode::LastTurn,
                            format!(
                                "turn {} was the scenario's last; end the game with a verdict",
                                state.turn
                            ),
                        ));
                    }
                    let turn = state.turn + 1;
                    let mut events = vec![phase_changed(scenario, turn, Phase::Briefing, false)];
                    events.extend(injects::briefing(scenario, state, turn));
                    events
                }
            }
        }
        Action::Pause => {
            if state.phase == Phase::Lobby {
                return Err(Rejection::new(
                    RejectCode::WrongPhase,
                    "the game has not started; there is nothing to pause",
                ));
            }
            running()?;
            vec![Event::Paused {
                remaining_ms: clock.deadline_at_ms.map(|at| at.saturating_sub(now)),
            }]
        }
        Action::Resume => {
            if !clock.paused {
                return Err(Rejection::new(
                    RejectCode::NotPaused,
                    "the game is not paused",
                ));
            }
            let mut events = vec![Event::Resumed];
            if let Some(remaining) = clock.remaining_ms {
                events.push(Event::DeadlineSet {
                    at_ms: Some(now.saturating_add(remaining)),
                });
            }
            events
        }
        Action::SetDeadline { seconds } => {
            in_orders()?;
            running()?;
            vec![Event::DeadlineSet {
                at_ms: Some(now.saturating_add(span(*seconds)?)),
            }]
        }
        Action::ExtendDeadline { seconds } => {
            in_orders()?;
            running()?;
            let Some(at) = clock.deadline_at_ms else {
                return Err(Rejection::new(
                    RejectCode::NoDeadline,
                    "there is no deadline to extend; set one",
                ));
            };
            vec![Event::DeadlineSet {
                at_ms: Some(at.saturating_add(span(*seconds)?)),
            }]
        }
        Action::ClearDeadline => {
            in_orders()?;
            if clock.deadline_at_ms.is_none() && clock.remaining_ms.is_none() {
                return Err(Rejection::new(
                    RejectCode::NoDeadline,
                    "there is no deadline to clear",
                ));
            }
            vec![Event::DeadlineSet { at_ms: None }]
        }
        Action::EndGame { verdict } => {
            let chars = verdict.chars().count();
            if verdict.trim().is_empty() || chars > MAX_MESSAGE_CHARS {
                return Err(Rejection::new(
                    RejectCode::EmptyText,
                    format!("write a verdict of 1 to {MAX_MESSAGE_CHARS} characters"),
                ));
            }
            vec![Event::GameEnded {
                verdict: verdict.clone(),
            }]
        }
        _ => Vec::new(),
    })
}

/// Closes the Orders phase if its deadline has passed by `now`.
pub(crate) fn tick(scenario: &Scenario, state: &State, now: u64) -> Vec<Event> {
    match state.clock.deadline_at_ms {
        Some(at) if state.phase == Phase::Orders && !state.clock.paused && now >= at => {
            close_orders(scenario, state, true)
        }
        _ => Vec::new(),
    }
}

/// Closes the Orders phase: the phase change, then the pending adjudication.
fn close_orders(scenario: &Scenario, state: &State, by_deadline: bool) -> Vec<Event> {
    vec![
        phase_changed(scenario, state.turn, Phase::Adjudication, by_deadline),
        adjudication::close(scenario, state),
    ]
}

fn phase_changed(scenario: &Scenario, turn: u32, phase: Phase, by_deadline: bool) -> Event {
    let date = scenario
        .turns
        .get((turn as usize).saturating_sub(1))
        .map(|t| t.date.clone())
        .unwrap_or_default();
    Event::PhaseChanged {
        turn,
        phase,
        date,
        by_deadline,
    }
}
