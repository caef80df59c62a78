//! [`Umpire`]: the automatic umpire for solo play and bot games. It acts on
//! the umpire's view alone: starts the game once every side has a player,
//! moves briefings on, closes the orders when every side has submitted (or,
//! told the deadline has passed, without them), rules on each free-form
//! action by a roll against its difficulty (the scenario's target for the
//! action, else [`DEFAULT_DIFFICULTY`]), confirms an agreement, publishes,
//! and after the last turn ends the game as unresolved.

use brink_engine::{Action, Phase, Ruling, View};

/// The total two dice must reach when the scenario names none: even odds
/// or a little better (7 or more comes up 21 times in 36).
pub const DEFAULT_DIFFICULTY: u8 = 7;

/// The verdict when the last turn passes without agreement or war.
pub const UNRESOLVED: &str =
    "Time has run out: the crisis is unresolved, and neither war nor agreement has come.";

/// The automatic umpire.
#[derive(Debug, Clone, Default)]
pub struct Umpire {
    /// Refusals in the current phase; after a few it waits for the next.
    refusals: u32,
    /// The turn and phase those refusals were in.
    at: (u32, Option<Phase>),
}

impl Umpire {
    /// An automatic umpire.
    pub fn new() -> Self {
        Self::default()
    }

    /// What it does next, given the umpire's view; `None` while it waits.
    pub fn next(&mut self, view: &View) -> Option<Action> {
        if self.at != (view.turn, Some(view.phase)) {
            self.at = (view.turn, Some(view.phase));
            self.refusals = 0;
        }
        if self.refusals >= crate::bot::MAX_REFUSALS {
            return None;
        }
        match view.phase {
            Phase::Lobby => every_side_seated(view).then_some(Action::StartGame {}),
            Phase::Briefing => Some(Action::Advance { force: false }),
            Phase::Orders => every_side_submitted(view).then_some(Action::Advance { force: false }),
            Phase::Adjudication => adjudicate(view),
            Phase::Ended => None,
        }
    }

    /// The deadline has passed (nothing else will happen): in the Orders
    /// phase, it closes the orders without the sides that have not submitted.
    pub fn deadline(&mut self, view: &View) -> Option<Action> {
        (view.phase == Phase::Orders).then_some(Action::Advance { force: true })
    }

    /// The rules refused its last action.
    pub fn refused(&mut self, _code: &str, _message: &str) {
        self.refusals += 1;
    }
}

fn every_side_seated(view: &View) -> bool {
    view.scenario
        .sides
        .iter()
        .all(|s| s.seats.iter().any(|seat| seat.holder.is_some()))
}

fn every_side_submitted(view: &View) -> bool {
    view.scenario.sides.iter().all(|side| {
        view.orders
            .iter()
            .any(|o| o.side == side.id && o.orders.submitted.is_some())
    })
}

/// The pending adjudication: rule, confirm, publish; once published, the
/// next turn, or the end after the last.
fn adjudicate(view: &View) -> Option<Action> {
    let adjudication = view.adjudication.as_ref()?;
    if adjudication.published {
        return Some(if view.turn < view.scenario.turns {
            Action::Advance { force: false }
        } else {
            Action::EndGame {
                verdict: UNRESOLVED.to_owned(),
            }
        });
    }
    for id in &adjudication.actions {
        let Some(action) = view.actions.iter().find(|a| &a.id == id) else {
            continue;
        };
        if action.ruling.is_none() {
            return Some(Action::RuleAction {
                action: id.clone(),
                ruling: Ruling::Roll {
                    difficulty: difficulty(view, &action.side, &action.what),
                },
            });
        }
    }
    if adjudication.agreement.is_some() && !adjudication.confirmed {
        return Some(Action::ConfirmAgreement { confirmed: true });
    }
    Some(Action::Publish {})
}

/// The difficulty of a free-form action: the target the scenario gives the
/// strategic action it came from (by its name), else the default.
fn difficulty(view: &View, side: &brink_engine::SideId, what: &str) -> u8 {
    view.menu
        .iter()
        .find(|m| &m.side == side && m.name == what)
        .map(|m| m.target)
        .filter(|t| (2..=12).contains(t))
        .unwrap_or(DEFAULT_DIFFICULTY)
}
