//! The checks on what makes the state follow the story: terms' effects,
//! effects to a value, incidents' preconditions and whose units a condition
//! means. Each mistake is refused with its place and fix, all at once.

use brink_engine::Scenario;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

fn problems(text: &str) -> String {
    Scenario::parse("cuba.toml", text)
        .expect_err("the scenario must be refused")
        .to_string()
}

#[test]
fn the_1962_scenario_passes() {
    Scenario::parse("cuba.toml", CUBA).expect("valid");
}

#[test]
fn an_effect_to_a_value_must_be_in_range_and_alone() {
    let text = CUBA
        .replace(
            r#"effects = [{ track = "missiles_operational", to = 0 }]"#,
            r#"effects = [{ track = "missiles_operational", to = 43 }]"#,
        )
        .replace(
            r#"effects = [{ track = "quarantine", to = 0 }]"#,
            r#"effects = [{ track = "quarantine", to = 0, by = 1 }]"#,
        );
    let shown = problems(&text);
    for expected in [
        "terms[0] (soviet_missiles_removed): a move to 43 on missiles_operational, outside its range (0..42)",
        "terms[4] (quarantine_lifted): the effect on quarantine gives both `by` and `to`",
    ] {
        assert!(shown.contains(expected), "{expected} not in {shown}");
    }
}

#[test]
fn an_incidents_preconditions_may_not_tell_its_audience_more() {
    let text = CUBA
        // Observers would learn where the submarines are.
        .replace(
            "weight = 2\nto = { sides = [\"us\", \"ussr\"] }\neffects = [{ track = \"risk\", by = 12 }]",
            "weight = 2\nto = \"all\"\neffects = [{ track = \"risk\", by = 12 }]",
        )
        // The US would learn Khrushchev's standing.
        .replace(
            "requires = [{ track = \"quarantine\", at_least = 1 }]",
            "requires = [{ track = \"khrushchev_standing\", at_most = 30 }]",
        );
    let shown = problems(&text);
    for expected in [
        "incidents[2] (submarine_forced_up): the incident goes to everyone but depends on where units are",
        "incidents[3] (collision_at_the_line): the incident depends on khrushchev_standing, which some of its audience do not know exactly",
    ] {
        assert!(shown.contains(expected), "{expected} not in {shown}");
    }
}

#[test]
fn whose_units_a_condition_means_is_said_where_it_must_be() {
    let text = CUBA
        .replace(
            r#"{ unit_in = "quarantine_line", side = "us" },"#,
            r#"{ unit_in = "quarantine_line" },"#,
        )
        .replace(
            r#"side = "ussr", kind = "submarine" }"#,
            r#"side = "soviets", kind = "submarine" }"#,
        );
    let shown = problems(&text);
    for expected in [
        "`unit_in` here has no side whose units it could mean",
        "there is no side soviets",
    ] {
        assert!(shown.contains(expected), "{expected} not in {shown}");
    }
}

#[test]
fn an_incident_may_tell_a_side_of_units_only_where_its_own_met_them() {
    let text = CUBA.replace(
        r#"  { unit_in = "quarantine_line", side = "us" },
]"#,
        "]",
    );
    let shown = problems(&text);
    assert!(
        shown.contains("incidents[2] (submarine_forced_up): the incident depends on where ussr's units are, which us does not know"),
        "{shown}"
    );
}

#[test]
fn only_injects_and_terms_may_set_a_value() {
    let text = CUBA.replace(
        r#"effects = [{ track = "risk", by = 12 }]"#,
        r#"effects = [{ track = "risk", to = 60 }]"#,
    );
    let shown = problems(&text);
    assert!(
        shown
            .contains("incidents[2] (submarine_forced_up): an effect to a value (risk to 60) here"),
        "{shown}"
    );
}
