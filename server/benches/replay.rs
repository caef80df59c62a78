//! Replay speed: a 13-turn session of about 10,000 events of the 1962
//! scenario, as a seminar would make it (chat, drafts, letters, strategic
//! actions, rulings, notes), rebuilt from its stored log. Measured beside a
//! raw `serde_json` parse of the same lines, in the same run. Prints one line
//! per measure, and last a summary line for scripts.
//!
//! `cargo bench -p brink-server --bench replay`

#![allow(clippy::print_stdout)]

use brink_engine::{Recorded, Session, Viewer};
use brink_server::review::{self, Request};
use std::time::{Duration, Instant};

// The session builder is shared with `brink-bench`'s S6.
#[path = "../../bench/src/seminar_log.rs"]
mod seminar_log;
use seminar_log::Seminar;

/// How many times each measure runs; the median is reported.
const RUNS: usize = 15;

fn main() {
    let seminar = Seminar::built_in().expect("the seminar's log");
    let bytes = seminar.bytes();
    let Seminar {
        scenario,
        game,
        log,
        lines,
    } = seminar;
    println!(
        "session: {} events, {} turns, {:.1} MB of log",
        log.len(),
        game.state().turn,
        bytes as f64 / 1e6
    );

    let raw = median(|| {
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            std::hint::black_box(v);
        }
    });
    let parse = median(|| {
        for line in &lines {
            let r: Recorded = serde_json::from_str(line).expect("an event");
            std::hint::black_box(r);
        }
    });
    let fold = median(|| {
        let mut s = Session::new(scenario.clone());
        for r in &log {
            s.apply(r);
        }
        std::hint::black_box(s.state().last_seq);
    });
    let rebuild = median(|| {
        let mut s = Session::new(scenario.clone());
        for line in &lines {
            let r: Recorded = serde_json::from_str(line).expect("an event");
            s.apply(&r);
        }
        std::hint::black_box(s.state().last_seq);
    });
    let side = Viewer::Side("us".into());
    let replay = median(|| {
        let mut from = None;
        loop {
            let request = Request::Replay {
                perspective: side.clone(),
                from,
                to: None,
                view: from.is_none(),
            };
            let answer = review::answer("s", "r", &game, &log, &side, &request).expect("a replay");
            match answer.as_slice() {
                [
                    brink_protocol::ServerMsg::Replay {
                        events, more: true, ..
                    },
                ] => {
                    from = events.last().map(|e| brink_engine::Point::Seq(e.seq));
                }
                _ => break,
            }
        }
    });
    let report = median(|| {
        let request = Request::Report {
            format: brink_protocol::ReportFormat::Html,
        };
        let answer = review::answer("s", "r", &game, &log, &Viewer::Umpire, &request);
        std::hint::black_box(answer.expect("a report"));
    });
    let per_s = |d: Duration| log.len() as f64 / d.as_secs_f64();
    println!(
        "raw serde_json parse (Value):  {:>8.2} ms  {:>12.0} events/s",
        ms(raw),
        per_s(raw)
    );
    println!(
        "parse into events:             {:>8.2} ms  {:>12.0} events/s",
        ms(parse),
        per_s(parse)
    );
    println!(
        "fold parsed events (apply):    {:>8.2} ms  {:>12.0} events/s",
        ms(fold),
        per_s(fold)
    );
    println!(
        "rebuild from the stored lines: {:>8.2} ms  {:>12.0} events/s",
        ms(rebuild),
        per_s(rebuild)
    );
    println!("a side's whole replay (pages): {:>8.2} ms", ms(replay));
    println!("the HTML report:               {:>8.2} ms", ms(report));
    println!(
        "replay_events_per_s={:.0} rebuild_ms={:.2} raw_parse_ratio={:.2}",
        per_s(rebuild),
        ms(rebuild),
        raw.as_secs_f64() / rebuild.as_secs_f64()
    );
}

/// The median time of `RUNS` runs of `f` (after one to warm up).
fn median(mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
