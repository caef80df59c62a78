//! `brink-bench bots`: bot games per second, headless in the engine (issue
//! 29): each pairing of personas over `games` seeds, one after another on
//! one thread, with the mean time a game and a turn. The last line gives
//! `bot_games_per_s=… bot_game_ms=… bot_turn_us=…` over them all.

use anyhow::{Context, Result};
use brink_bots::{Persona, play};
use brink_engine::{Scenario, SideId};
use std::sync::Arc;
use std::time::Instant;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");

/// Plays the pairings and prints the figures.
pub fn run(games: u64) -> Result<()> {
    let scenario = Arc::new(Scenario::parse("cuba", CUBA).context("the 1962 scenario")?);
    let pairings = [
        (Persona::Historical, Persona::Historical),
        (Persona::Hawk, Persona::Hawk),
        (Persona::Historical, Persona::Hawk),
        (Persona::RandomLegal, Persona::RandomLegal),
    ];
    let (mut all_games, mut all_turns, mut all_secs) = (0u64, 0u64, 0f64);
    println!("pairing                      games  turns/game   ms/game   us/turn  games/s");
    for (us, ussr) in pairings {
        let personas = [(SideId::from("us"), us), (SideId::from("ussr"), ussr)];
        let start = Instant::now();
        let mut turns = 0u64;
        for seed in 1..=games {
            turns += u64::from(play(&scenario, &personas, seed)?.turns);
        }
        let secs = start.elapsed().as_secs_f64();
        let n = games.max(1) as f64;
        println!(
            "{:<28} {games:>5} {:>11.1} {:>9.3} {:>9.1} {:>8.0}",
            format!("{us} vs {ussr}"),
            turns as f64 / n,
            secs * 1e3 / n,
            secs * 1e6 / (turns.max(1) as f64),
            n / secs.max(1e-9),
        );
        (all_games, all_turns, all_secs) = (all_games + games, all_turns + turns, all_secs + secs);
    }
    let n = all_games.max(1) as f64;
    println!(
        "bot_games_per_s={:.0} bot_game_ms={:.3} bot_turn_us={:.1}",
        n / all_secs.max(1e-9),
        all_secs * 1e3 / n,
        all_secs * 1e6 / (all_turns.max(1) as f64)
    );
    Ok(())
}
