//! `brink bots`: bot games played headless in the engine (no server), with
//! a bot of a chosen persona on each side and the automatic umpire; a line
//! a game (outcome, turns, final tracks), then the totals.

use anyhow::{Context, Result, bail};
use brink_bots::{Persona, Totals, play};
use brink_engine::{Scenario, SideId};
use std::io::Write;
use std::sync::Arc;

/// The shipped scenarios, compiled in as the server has them.
const BUILT_IN: &[&str] = &[
    include_str!("../../scenarios/cuban-missile-crisis-1962.toml"),
    include_str!("../../scenarios/berlin-1961.toml"),
];

/// What `brink bots` was asked.
#[derive(Debug)]
pub struct Options {
    /// A built-in scenario's id, or a scenario file's path.
    pub scenario: String,
    /// `(side, persona)` as given.
    pub personas: Vec<(String, String)>,
    /// How many games.
    pub games: u64,
    /// The first game's seed; each next game's is one more.
    pub seed: u64,
}

/// The scenario by id among the built-in ones, else from a file.
fn scenario(name: &str) -> Result<Arc<Scenario>> {
    for text in BUILT_IN {
        let s = Scenario::parse("built-in", text)?;
        if s.id == name {
            return Ok(Arc::new(s));
        }
    }
    let text = std::fs::read_to_string(name).with_context(|| {
        format!("{name} is neither a built-in scenario (cuban-missile-crisis-1962, berlin-1961) nor a file")
    })?;
    Ok(Arc::new(Scenario::parse(name, &text)?))
}

/// Plays the games and prints them.
pub fn run(o: Options) -> Result<()> {
    let scenario = scenario(&o.scenario)?;
    let mut personas = Vec::new();
    for (side, persona) in &o.personas {
        if !scenario.sides.iter().any(|s| s.id.as_str() == side) {
            let ids: Vec<&str> = scenario.sides.iter().map(|s| s.id.as_str()).collect();
            bail!(
                "{} has no side {side:?}; its sides are {}",
                scenario.id,
                ids.join(", ")
            );
        }
        personas.push((SideId::from(side.as_str()), persona.parse::<Persona>()?));
    }
    // A side not given plays as history did.
    for side in &scenario.sides {
        if !personas.iter().any(|(s, _)| *s == side.id) {
            personas.push((side.id.clone(), Persona::Historical));
        }
    }
    let mut out = std::io::stdout().lock();
    let mut totals = Totals::default();
    for i in 0..o.games {
        let played = play(&scenario, &personas, o.seed.wrapping_add(i))?;
        totals.add(played.end);
        writeln!(out, "{played}")?;
    }
    writeln!(out, "{totals}")?;
    Ok(())
}

/// `brink bots` from its arguments: the 1962 sides' personas by name, any
/// side's as `SIDE=PERSONA`.
pub fn from_args(
    scenario: String,
    named: [(&str, Option<String>); 2],
    sides: Vec<String>,
    games: u64,
    seed: u64,
) -> anyhow::Result<std::process::ExitCode> {
    let mut personas: Vec<(String, String)> = named
        .into_iter()
        .filter_map(|(side, p)| Some((side.to_owned(), p?)))
        .collect();
    for given in sides {
        let Some((side, persona)) = given.split_once('=') else {
            anyhow::bail!("--side takes SIDE=PERSONA, e.g. east=hawk; got {given:?}");
        };
        personas.push((side.to_owned(), persona.to_owned()));
    }
    run(Options {
        scenario,
        personas,
        games,
        seed,
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}
