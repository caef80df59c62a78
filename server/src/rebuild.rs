//! Sessions rebuilt from their logs: each stored line parsed into its event,
//! folded into the game and counted into the viewers' streams — what a
//! session actor starts from, after a restart or for a new session. At start
//! the stored sessions are rebuilt on every core of the machine at once.

use crate::log::{Log, Window};
use crate::outbound::Streams;
use crate::session::listing::is_activity;
use brink_engine::{Recorded, Scenario, Session};
use std::sync::{Arc, Mutex};

/// A session's game, log and streams, as its log leaves them.
#[derive(Debug)]
pub struct Rebuilt {
    /// The game, folded.
    pub game: Session,
    /// The log: its latest events in memory, as `window` allows.
    pub log: Log,
    /// Each viewer's stream, as far as the log goes.
    pub streams: Streams,
    /// When the session last did something, by its log (ms since the epoch;
    /// a player going offline is not activity).
    pub last_activity_ms: u64,
}

impl Rebuilt {
    /// `events` (the whole log, as its stored JSON lines are long) folded
    /// into a fresh game of `scenario`.
    pub fn from_events(
        scenario: Arc<Scenario>,
        events: Vec<(Recorded, usize)>,
        window: Window,
    ) -> Self {
        let mut game = Session::new(scenario);
        let mut streams = Streams::new(&game);
        let mut last_activity_ms = 0;
        for (recorded, _) in &events {
            game.apply(recorded);
            streams.note(recorded);
            if is_activity(recorded) {
                last_activity_ms = recorded.at_ms;
            }
        }
        let from = streams
            .unreleased(game.observer_horizon())
            .unwrap_or(u64::MAX);
        let skip = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
        streams.catch_up(
            events.iter().skip(skip).map(|(r, _)| r),
            game.observer_horizon(),
        );
        let mut log = Log::new(window);
        for (recorded, bytes) in events {
            log.push(recorded, bytes);
        }
        Self {
            game,
            log,
            streams,
            last_activity_ms,
        }
    }

    /// A log as the store keeps it, one JSON line an event, parsed and
    /// folded; only its window stays in memory.
    pub fn from_lines(
        scenario: Arc<Scenario>,
        lines: &[String],
        window: Window,
    ) -> serde_json::Result<Self> {
        let parse = |line: &String| serde_json::from_str::<Recorded>(line);
        let mut game = Session::new(scenario);
        let mut streams = Streams::new(&game);
        let mut log = Log::new(window);
        let mut last_activity_ms = 0;
        for (i, line) in lines.iter().enumerate() {
            let recorded = parse(line)?;
            // The store checked the rows' order; the events must agree.
            if recorded.seq != i as u64 + 1 {
                return Err(serde::de::Error::custom(format!(
                    "event {} is stored as the log's {}th",
                    recorded.seq,
                    i + 1
                )));
            }
            game.apply(&recorded);
            streams.note(&recorded);
            if is_activity(&recorded) {
                last_activity_ms = recorded.at_ms;
            }
            log.push(recorded, line.len());
        }
        // Delayed observers may be far behind the window: their events are
        // read again from the lines.
        let horizon = game.observer_horizon();
        if let (Some(from), Some(to)) = (streams.unreleased(horizon), horizon) {
            let lines = lines
                .get(
                    usize::try_from(from - 1).unwrap_or(usize::MAX)
                        ..usize::try_from(to).unwrap_or(0),
                )
                .unwrap_or_default();
            let events = lines.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
            streams.catch_up(events, horizon);
        }
        Ok(Self {
            game,
            log,
            streams,
            last_activity_ms,
        })
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
    fn a_log_whose_events_are_not_numbered_in_order_is_refused() {
        let scenario = crate::catalog::Catalog::built_in()
            .ok()
            .and_then(|c| c.get("cuban-missile-crisis-1962"))
            .expect("the 1962 scenario");
        let game = Session::new(scenario.clone());
        let create = brink_engine::Command::Create {
            seed: 1,
            observers: Default::default(),
            title: None,
        };
        let events = game
            .decide(&brink_engine::Actor::System, &create, 0)
            .expect("created");
        let mut lines: Vec<String> = events
            .iter()
            .map(|r| serde_json::to_string(r).expect("an event serializes"))
            .collect();
        assert!(Rebuilt::from_lines(scenario.clone(), &lines, Window::default()).is_ok());
        // The first event again, as the log's second.
        lines.push(lines[0].clone());
        let refused = Rebuilt::from_lines(scenario, &lines, Window::default());
        assert!(refused.is_err_and(|e| e.to_string().contains("stored as the log's 2th")));
    }

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
