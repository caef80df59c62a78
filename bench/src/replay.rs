//! S6, replay: a seminar's stored log (see `seminar_log`) rebuilt as the
//! server rebuilds a session (`brink_server::rebuild`: each line parsed into
//! its event, folded, counted into the viewers' streams) against a raw
//! `serde_json::Value` parse of the same lines — on one core, and as a
//! restart rebuilds many sessions, on every core. The measures take turns
//! within each run, so that the machine's noise falls on all of them alike.

use crate::seminar_log::Seminar;
use anyhow::Result;
use brink_engine::Session;
use brink_server::rebuild::{Rebuilt, on_every_core};
use std::time::{Duration, Instant};

/// How many copies of the seminar a restart rebuilds.
pub const RESTART_SESSIONS: usize = 16;

/// What S6 measured (medians of `runs`), in events per second.
#[derive(Debug, Clone, Copy)]
pub struct Replay {
    /// Events in the log.
    pub events: usize,
    /// Turns the seminar played.
    pub turns: u32,
    /// Bytes of log.
    pub bytes: usize,
    /// Raw parse into `Value`, one core.
    pub raw_per_s: f64,
    /// The server's rebuild of the session, one core.
    pub rebuild_per_s: f64,
    /// The fold alone (`Session::apply`), one core.
    pub fold_per_s: f64,
    /// Raw parse of `RESTART_SESSIONS` copies, on every core.
    pub raw_all_cores_per_s: f64,
    /// The server's rebuild of `RESTART_SESSIONS` copies, on every core, as
    /// at a restart.
    pub restart_per_s: f64,
    /// The cores used.
    pub cores: usize,
}

/// Measures S6 with `runs` timed runs of each (after one to warm up).
pub fn measure(runs: usize) -> Result<Replay> {
    let seminar = Seminar::built_in().map_err(anyhow::Error::msg)?;
    let (bytes, turns) = (seminar.bytes(), seminar.game.state().turn);
    let Seminar {
        scenario,
        log,
        lines,
        ..
    } = seminar;
    let raw = |lines: &[String]| -> Result<()> {
        for line in lines {
            let v: serde_json::Value = serde_json::from_str(line)?;
            std::hint::black_box(v);
        }
        Ok(())
    };
    let rebuild = |lines: &[String]| -> Result<()> {
        let rebuilt = Rebuilt::from_lines(scenario.clone(), lines, Default::default())?;
        std::hint::black_box(rebuilt.game.state().last_seq);
        Ok(())
    };
    let copies = || vec![lines.as_slice(); RESTART_SESSIONS];
    let measures: [&dyn Fn() -> Result<()>; 5] = [
        &|| raw(&lines),
        &|| rebuild(&lines),
        &|| {
            let mut s = Session::new(scenario.clone());
            for r in &log {
                s.apply(r);
            }
            std::hint::black_box(s.state().last_seq);
            Ok(())
        },
        &|| on_every_core(copies(), raw).into_iter().collect(),
        &|| on_every_core(copies(), rebuild).into_iter().collect(),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); measures.len()];
    for run in 0..=runs.max(1) {
        for (measure, times) in measures.iter().zip(&mut times) {
            let start = Instant::now();
            measure()?;
            // The first run warms up.
            if run > 0 {
                times.push(start.elapsed());
            }
        }
    }
    let rate = |times: &mut Vec<Duration>, sessions: usize| {
        times.sort();
        (log.len() * sessions) as f64 / times[times.len() / 2].as_secs_f64()
    };
    Ok(Replay {
        events: log.len(),
        turns,
        bytes,
        raw_per_s: rate(&mut times[0], 1),
        rebuild_per_s: rate(&mut times[1], 1),
        fold_per_s: rate(&mut times[2], 1),
        raw_all_cores_per_s: rate(&mut times[3], RESTART_SESSIONS),
        restart_per_s: rate(&mut times[4], RESTART_SESSIONS),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
    })
}
