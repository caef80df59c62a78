//! S6, replay: a seminar's stored log (see `seminar_log`) rebuilt into a
//! session — each line parsed into the engine's event and folded — against
//! a raw `serde_json::Value` parse of the same lines, in the same run.

use crate::seminar_log::session;
use anyhow::{Context, Result};
use brink_engine::{Recorded, Session};
use brink_server::catalog::Catalog;
use std::time::{Duration, Instant};

/// What S6 measured (medians of `runs`).
#[derive(Debug, Clone, Copy)]
pub struct Replay {
    /// Events in the log.
    pub events: usize,
    /// Bytes of log.
    pub bytes: usize,
    /// Raw parse into `Value`, events per second.
    pub raw_per_s: f64,
    /// Parse into events and fold, events per second.
    pub rebuild_per_s: f64,
    /// The fold alone, events per second.
    pub fold_per_s: f64,
}

/// Measures S6 with `runs` timed runs of each (after one to warm up).
pub fn measure(runs: usize) -> Result<Replay> {
    let scenario = Catalog::built_in()?
        .get("cuban-missile-crisis-1962")
        .context("the built-in 1962 scenario is missing")?;
    let (_, log) = session(scenario.clone());
    let lines = log
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<Vec<String>, _>>()?;
    let raw = median(runs, || {
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line)?;
            std::hint::black_box(v);
        }
        Ok(())
    })?;
    let rebuild = median(runs, || {
        let mut s = Session::new(scenario.clone());
        for line in &lines {
            let r: Recorded = serde_json::from_str(line)?;
            s.apply(&r);
        }
        std::hint::black_box(s.state().last_seq);
        Ok(())
    })?;
    let fold = median(runs, || {
        let mut s = Session::new(scenario.clone());
        for r in &log {
            s.apply(r);
        }
        std::hint::black_box(s.state().last_seq);
        Ok(())
    })?;
    let per_s = |d: Duration| log.len() as f64 / d.as_secs_f64();
    Ok(Replay {
        events: log.len(),
        bytes: lines.iter().map(String::len).sum(),
        raw_per_s: per_s(raw),
        rebuild_per_s: per_s(rebuild),
        fold_per_s: per_s(fold),
    })
}

fn median(runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    f()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}
