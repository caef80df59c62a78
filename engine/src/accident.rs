//! The accident check: at every close of orders, the higher the risk, the
//! likelier an incident from the scenario's table (a U-2 shot down, a
//! submarine forced up). Both draws come from the seed, labelled by the turn,
//! and are kept with their inputs in the pending adjudication, so the review
//! can show why; the incident's effects join the track changes, and its
//! audience learns of it at publish. The umpire, who may amend the pending
//! adjudication, may also bring an incident of the table in by hand; it then
//! happens at publish exactly as a drawn one would.

use crate::command::Audience;
use crate::dice;
use crate::event::Event;
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::{IncidentDef, Scenario};
use crate::state::State;
use crate::tracks::{self, TrackChange};
use serde::{Deserialize, Serialize};

/// One accident check and what it drew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccidentCheck {
    /// The name of the track the chance came from (`Risk of war`; absent
    /// from logs written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// The track's value the chance came from.
    pub value: i32,
    /// The chance, in percent.
    pub percent: u32,
    /// The draw, 0 to 99: an incident when below `percent`.
    pub draw: u32,
    /// When there was an incident: the second draw, 0 to `total_weight` - 1,
    /// that picked it (the incidents' weights laid end to end, in the table's
    /// order). Absent from logs written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_draw: Option<u32>,
    /// When there was an incident: the weights of the table, summed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_weight: Option<u32>,
    /// The incident drawn, if any.
    pub incident: Option<Incident>,
    /// An incident drawn that could not happen, its preconditions not
    /// holding: its name and why not. Nothing happens then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impossible: Option<String>,
}

/// An incident that happened, as its audience learns of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    let track = scenario.track(&def.track)?;
    let (value, track_name) = (tracks::value(state, track), track.name.clone());
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
                track: Some(track_name.clone()),
                value,
                percent,
                draw,
                incident_draw: None,
                total_weight: None,
                incident: None,
                impossible: None,
            },
            Vec::new(),
        ));
    }
    let total: u32 = scenario.incidents.iter().map(|i| i.weight).sum();
    let incident_draw = dice::draw(state.seed, &format!("incident/{turn}"), total);
    let mut pick = incident_draw;
    let chosen = scenario.incidents.iter().find(|i| {
        if pick < i.weight {
            true
        } else {
            pick -= i.weight;
            false
        }
    })?;
    let mut check = AccidentCheck {
        track: Some(track_name),
        value,
        percent,
        draw,
        incident_draw: Some(incident_draw),
        total_weight: Some(total),
        incident: None,
        impossible: None,
    };
    // Drawn but impossible, nothing happens: the others are no likelier
    // for it, so how often they happen tells nobody what it needed.
    if let Some(why) = unmet(scenario, state, chosen, turn) {
        check.impossible = Some(format!("{}: {why}", chosen.name));
        return Some((check, Vec::new()));
    }
    let (incident, changes) = happening(scenario, state, chosen);
    check.incident = Some(incident);
    Some((check, changes))
}

/// Why `def`'s preconditions do not hold at the close of `turn`, if not.
fn unmet(scenario: &Scenario, state: &State, def: &IncidentDef, turn: u32) -> Option<String> {
    crate::strategic::unmet_conditions(scenario, state, None, turn, &def.requires)
}

/// An incident of the table as its audience learns of it, and the track
/// changes it brings: the same whether the check drew it or the umpire.
fn happening(
    scenario: &Scenario,
    state: &State,
    def: &IncidentDef,
) -> (Incident, Vec<TrackChange>) {
    let reason = format!("Incident: {}", def.name);
    let changes = tracks::changes(scenario, state, &[], &def.effects, &reason);
    let incident = Incident {
        id: def.id.clone(),
        name: def.name.clone(),
        text: def.text.clone(),
        to: def.to.clone(),
    };
    (incident, changes)
}

/// The umpire brings the incident `id` of the scenario's table into the
/// pending adjudication.
pub(crate) fn trigger(
    scenario: &Scenario,
    state: &State,
    id: &str,
) -> Result<Vec<Event>, Rejection> {
    let adjudication = crate::adjudication::pending(state)?;
    let Some(def) = scenario.incidents.iter().find(|i| i.id == id) else {
        let ids: Vec<&str> = scenario.incidents.iter().map(|i| i.id.as_str()).collect();
        return Err(Rejection::new(
            RejectCode::UnknownIncident,
            format!(
                "there is no incident {id} in the scenario's table; its incidents are: {}",
                crate::orders::list(&ids)
            ),
        ));
    };
    let drawn = adjudication
        .accident
        .as_ref()
        .and_then(|a| a.incident.as_ref())
        .is_some_and(|i| i.id == def.id);
    if drawn || adjudication.triggered.iter().any(|i| i.id == def.id) {
        return Err(Rejection::new(
            RejectCode::DuplicateIncident,
            format!(
                "{} is in this adjudication already{}; it happens once at publish",
                def.name,
                if drawn {
                    ", drawn by the accident check"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(why) = unmet(scenario, state, def, adjudication.turn) {
        return Err(Rejection::new(
            RejectCode::IncidentImpossible,
            format!("{} cannot happen now: {why}", def.name),
        ));
    }
    let (incident, changes) = happening(scenario, state, def);
    Ok(vec![Event::IncidentTriggered {
        incident: Box::new(incident),
        changes,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

    #[test]
    fn the_check_records_both_draws_and_the_weights() {
        let scenario = Scenario::parse("cuba", CUBA).expect("valid");
        let weights: Vec<(&str, u32)> = scenario
            .incidents
            .iter()
            .map(|i| (i.id.as_str(), i.weight))
            .collect();
        let total: u32 = weights.iter().map(|(_, w)| w).sum();
        let (mut incidents, mut impossible) = (0, 0);
        for seed in 1..=200 {
            let mut state = State {
                seed,
                ..State::default()
            };
            state.tracks.insert("risk".into(), 80);
            let Some((check, changes)) = check(&scenario, &state, 12) else {
                panic!("the 1962 scenario has a check");
            };
            assert_eq!((check.value, check.percent), (80, 35));
            let Some(pick) = check.incident_draw else {
                assert_eq!(check.total_weight, None);
                assert!(check.incident.is_none() && changes.is_empty());
                continue;
            };
            assert_eq!(check.total_weight, Some(total));
            assert!(pick < total);
            // The draw falls in the chosen incident's stretch of the weights.
            let mut from = 0;
            let chosen = weights
                .iter()
                .find(|(_, w)| {
                    from += w;
                    pick < from
                })
                .map(|(id, _)| *id);
            match &check.incident {
                Some(incident) => {
                    incidents += 1;
                    assert_eq!(chosen, Some(incident.id.as_str()));
                }
                // No quarantine: the incidents at the line cannot happen,
                // and none comes in their place.
                None => {
                    impossible += 1;
                    assert!(changes.is_empty());
                    assert!(
                        matches!(
                            chosen,
                            Some("submarine_forced_up" | "collision_at_the_line")
                        ),
                        "{chosen:?}"
                    );
                    let why = check.impossible.as_deref().unwrap_or_default();
                    assert!(
                        why.contains("quarantine of Cuba (0 none, 1 in force) must be at least 1"),
                        "{why}"
                    );
                }
            }
        }
        assert!(
            incidents > 20,
            "35% of 200 checks, less the impossible: {incidents}"
        );
        assert!(
            impossible > 5,
            "a third of the weight is at the line: {impossible}"
        );
    }

    #[test]
    fn an_incident_needs_its_preconditions() {
        let scenario = Scenario::parse("cuba", CUBA).expect("valid");
        let mut state = State {
            turn: 9,
            phase: crate::state::Phase::Adjudication,
            ..State::default()
        };
        let pending = serde_json::json!({
            "turn": 9, "orders": [], "sent": [], "deliveries": [], "actions": [],
            "acceptances": [], "publicity": [], "agreement": null,
            "confirmed": false, "published": false,
        });
        state.adjudication = Some(serde_json::from_value(pending).expect("an adjudication"));
        // No quarantine: no submarine is forced up at the line.
        let refused = trigger(&scenario, &state, "submarine_forced_up").expect_err("refused");
        assert_eq!(refused.code, RejectCode::IncidentImpossible);
        assert!(
            refused
                .message
                .contains("quarantine of Cuba (0 none, 1 in force) must be at least 1"),
            "{refused}"
        );
        // The quarantine declared, but no submarine there yet.
        state.tracks.insert("quarantine".into(), 1);
        let refused = trigger(&scenario, &state, "submarine_forced_up").expect_err("refused");
        assert!(
            refused.message.contains(
                "a submarine of the Soviet Union (Presidium) must be in the quarantine line"
            ),
            "{refused}"
        );
        // A collision needs only the line.
        assert!(trigger(&scenario, &state, "collision_at_the_line").is_ok());
        // B-59 at the line, but no US ship to meet it; then destroyers too.
        let at_line = || crate::naval::UnitState {
            zone: Some("quarantine_line".into()),
            ..Default::default()
        };
        state.units.insert("b59".into(), at_line());
        let refused = trigger(&scenario, &state, "submarine_forced_up").expect_err("refused");
        assert!(
            refused.message.contains("a unit of the United States"),
            "{refused}"
        );
        state.units.insert("destroyers_east".into(), at_line());
        let events = trigger(&scenario, &state, "submarine_forced_up").expect("it can happen");
        assert!(
            matches!(&events[0], Event::IncidentTriggered { incident, .. } if incident.id == "submarine_forced_up")
        );
    }

    #[test]
    fn a_check_recorded_before_the_second_draw_was_kept_still_reads() {
        let old = r#"{"value": 40, "percent": 15, "draw": 3, "incident": {"id": "false_alarm", "name": "A false alarm", "text": "A test tape.", "to": {"side": "us"}}}"#;
        let check: AccidentCheck = serde_json::from_str(old).expect("an old log's check parses");
        assert_eq!((check.incident_draw, check.total_weight), (None, None));
        assert_eq!(check.incident.map(|i| i.id), Some("false_alarm".to_owned()));
    }
}
