//! The accident check: at every close of orders, the higher the risk, the
//! likelier an incident from the scenario's table (a U-2 shot down, a
//! submarine forced up). Both draws come from the seed, labelled by the turn,
//! and are kept with their inputs in the pending adjudication, so the review
//! can show why; the incident's effects join the track changes, and its
//! audience learns of it at publish.

use crate::command::Audience;
use crate::dice;
use crate::scenario::Scenario;
use crate::state::State;
use crate::tracks::{self, TrackChange};
use serde::{Deserialize, Serialize};

/// One accident check and what it drew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccidentCheck {
    /// The track's value the chance came from.
    pub value: i32,
    /// The chance, in percent.
    pub percent: u32,
    /// The draw, 0 to 99: an incident when below `percent`.
    pub draw: u32,
    /// The incident drawn, if any.
    pub incident: Option<Incident>,
}

/// An incident that happened, as its audience learns of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Its id in the scenario's table.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// What the audience reads.
    pub text: String,
    /// Who learns of it.
    pub to: Audience,
}

/// The accident check at the close of turn `turn`'s orders, with the track
/// changes an incident brings; none if the scenario has no check.
pub(crate) fn check(
    scenario: &Scenario,
    state: &State,
    turn: u32,
) -> Option<(AccidentCheck, Vec<TrackChange>)> {
    let def = scenario.accident.as_ref()?;
    let value = tracks::value(state, scenario.track(&def.track)?);
    let percent = def
        .chances
        .iter()
        .rev()
        .find(|c| value >= c.at_least)
        .map_or(0, |c| c.percent);
    let draw = dice::draw(state.seed, &format!("accident/{turn}"), 100);
    if draw >= percent {
        return Some((
            AccidentCheck {
                value,
                percent,
                draw,
                incident: None,
            },
            Vec::new(),
        ));
    }
    let total: u32 = scenario.incidents.iter().map(|i| i.weight).sum();
    let mut pick = dice::draw(state.seed, &format!("incident/{turn}"), total);
    let chosen = scenario.incidents.iter().find(|i| {
        if pick < i.weight {
            true
        } else {
            pick -= i.weight;
            false
        }
    })?;
    let changes = chosen
        .effects
        .iter()
        .map(|e| TrackChange {
            track: e.track.clone(),
            by: e.by,
            reason: format!("Incident: {}", chosen.name),
        })
        .collect();
    Some((
        AccidentCheck {
            value,
            percent,
            draw,
            incident: Some(Incident {
                id: chosen.id.clone(),
                name: chosen.name.clone(),
                text: chosen.text.clone(),
                to: chosen.to.clone(),
            }),
        },
        changes,
    ))
}
