//! Calibration through bots: the 1962 scenario played by bots over 100
//! seeds with the automatic umpire. Historical against historical ends in
//! agreement without war in at least 95; hawks against hawks in war in a
//! clear majority but not in all. The other pairings, and Berlin 1961, are
//! measured (run with `--nocapture`) for the table in `docs/scenarios.md`.

use brink_bots::{End, Persona, Totals, play};
use brink_engine::{Scenario, SideId};
use std::sync::Arc;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");
const BERLIN: &str = include_str!("../../scenarios/berlin-1961.toml");

fn scenario(id: &str, toml: &str) -> Arc<Scenario> {
    Arc::new(Scenario::parse(id, toml).expect("a shipped scenario is valid"))
}

fn tally(scenario: &Arc<Scenario>, a: Persona, b: Persona, games: u64) -> Totals {
    let sides: Vec<SideId> = scenario.sides.iter().map(|s| s.id.clone()).collect();
    let personas = [(sides[0].clone(), a), (sides[1].clone(), b)];
    let mut totals = Totals::default();
    for seed in 1..=games {
        let played = play(scenario, &personas, seed).expect("the game is set up");
        totals.add(played.end);
    }
    eprintln!("{} {a} vs {b}: {totals}", scenario.id);
    totals
}

#[test]
fn historical_bots_end_the_1962_crisis_in_agreement() {
    let cuba = scenario("cuba", CUBA);
    let totals = tally(&cuba, Persona::Historical, Persona::Historical, 100);
    assert!(totals.agreement >= 95, "{totals}");
    assert_eq!(totals.agreement + totals.war + totals.unresolved, 100);
    // As in October 1962: the first letter accepted on the 27th, the
    // missiles dismantled and the quarantine lifted.
    let personas = [
        (SideId::from("us"), Persona::Historical),
        (SideId::from("ussr"), Persona::Historical),
    ];
    for seed in 1..=10 {
        let played = play(&cuba, &personas, seed).expect("set up");
        if played.end == End::Agreement {
            assert_eq!(played.turns, 12, "{played}");
            let track = |id: &str| played.tracks.iter().find(|(t, _)| t == id).map(|(_, v)| *v);
            assert_eq!(track("missiles_operational"), Some(0), "{played}");
            assert_eq!(track("quarantine"), Some(0), "{played}");
        }
    }
}

#[test]
fn hawk_bots_mostly_reach_war_but_not_always() {
    let totals = tally(&scenario("cuba", CUBA), Persona::Hawk, Persona::Hawk, 100);
    assert!(totals.war > 60, "{totals}");
    assert!(totals.war < 100, "every game reached war: {totals}");
}

#[test]
fn the_other_pairings_are_measured() {
    let cuba = scenario("cuba", CUBA);
    let berlin = scenario("berlin", BERLIN);
    for (s, a, b) in [
        (&cuba, Persona::Hawk, Persona::Dove),
        (&cuba, Persona::Dove, Persona::Hawk),
        (&cuba, Persona::Dove, Persona::Dove),
        (&cuba, Persona::RandomLegal, Persona::RandomLegal),
        (&berlin, Persona::Historical, Persona::Historical),
        (&berlin, Persona::Hawk, Persona::Hawk),
        (&berlin, Persona::Dove, Persona::Dove),
    ] {
        let totals = tally(s, a, b, 100);
        assert_eq!(totals.games, 100);
    }
}

#[test]
fn a_bot_game_replays_exactly_from_its_seed() {
    let cuba = scenario("cuba", CUBA);
    let personas = [
        (SideId::from("us"), Persona::RandomLegal),
        (SideId::from("ussr"), Persona::Hawk),
    ];
    for seed in 1..=5 {
        let a = play(&cuba, &personas, seed).expect("set up");
        let b = play(&cuba, &personas, seed).expect("set up");
        assert_eq!(a, b);
    }
    let ends: Vec<End> = (1..=20)
        .map(|s| play(&cuba, &personas, s).expect("set up").end)
        .collect();
    assert!(
        ends.iter().any(|e| *e != ends[0]) || ends.len() < 2,
        "{ends:?}"
    );
}
