//! Sessions rebuilt from their logs: each stored line parsed into its event,
//! folded into the game and counted into the viewers' streams — what a
//! session actor starts from, after a restart or for a new session. At start
//! the stored sessions are rebuilt on every core of the machine at once.

use crate::outbound::Streams;
use brink_engine::{Recorded, Scenario, Session};
use std::sync::{Arc, Mutex};

/// A session's game, log and streams, as its log leaves them.
#[derive(Debug)]
pub struct Rebuilt {
    /// The game, folded.
    pub game: Session,
    /// Every event, in order: `log[i].seq == i + 1`.
    pub log: Vec<Recorded>,
    /// Each viewer's stream, as far as the log goes.
    pub streams: Streams,
}

impl Rebuilt {
    /// `log` folded into a fresh game of `scenario`.
    pub fn from_events(scenario: Arc<Scenario>, log: Vec<Recorded>) -> Self {
        let mut game = Session::new(scenario);
        let mut streams = Streams::new(&game);
        for recorded in &log {
            game.apply(recorded);
            streams.note(recorded);
        }
        streams.catch_up(&log, game.observer_horizon());
        Self { game, log, streams }
    }

    /// A log as the store keeps it, one JSON line an event, parsed and folded.
    pub fn from_lines(scenario: Arc<Scenario>, lines: &[String]) -> serde_json::Result<Self> {
        // Sized at once: collected, the log would double its way up and
        // keep up to half its size again unused.
        let mut log = Vec::with_capacity(lines.len());
        for line in lines {
            log.push(serde_json::from_str::<Recorded>(line)?);
        }
        Ok(Self::from_events(scenario, log))
    }
}

/// `each` of every job, on as many threads as the machine has cores (at most
/// one a job), the results in the jobs' order. Jobs are handed out one at a
/// time, so one long session does not hold up the rest behind it.
pub fn on_every_core<T: Send, R: Send>(jobs: Vec<T>, each: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(each).collect();
    }
    let count = jobs.len();
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let next = || {
        queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .next()
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    while let Some((i, job)) = next() {
                        out.push((i, each(job)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(out) => out,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    debug_assert_eq!(done.len(), count);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_is_done_once_and_in_order() {
        let jobs: Vec<u64> = (0..1000).collect();
        let out = on_every_core(jobs, |n| {
            // Uneven work, so that the threads finish out of order.
            (0..n % 17).fold(n, |a, _| a.wrapping_mul(3)) ^ n
        });
        let expected: Vec<u64> = (0..1000)
            .map(|n: u64| (0..n % 17).fold(n, |a, _| a.wrapping_mul(3)) ^ n)
            .collect();
        assert_eq!(out, expected);
        assert!(on_every_core(Vec::<u8>::new(), |n| n).is_empty());
    }
}
