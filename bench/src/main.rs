//! `brink-bench`: issue 7's benchmark. It runs the bare baseline server B0
//! (`brink-bench b0`), and drives Brink and B0 alternately with the same
//! load generator, in this process and its own tokio runtime, through the
//! scenarios (S1 hold, S2 realistic, S3 saturation, S6 replay, S7 the
//! boardgame.io shape), printing each scenario's table and ratios.
//!
//! `cargo run --release -p brink-bench -- quick` finishes in under a minute
//! and prints as its last line `throughput_ratio=… p99_ratio=… mem_ratio=…
//! replay_events_per_s=…` (`throughput_ratio=none` when neither server
//! passed the latency limit within the quick climb). See docs/performance.md.

#![allow(clippy::print_stdout)]

mod b0;
mod bots;
mod fleet;
mod ids;
mod load;
mod procstat;
mod replay;
mod scenarios;
mod seminar_log;
mod server;
mod stats;
mod table;
mod wire;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use scenarios::{Ramp, Sizes, progress};
use server::{Binaries, Kind};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use table::{Table, num};

/// Brink's benchmark: a load generator and a bare baseline, in the same run.
#[derive(Debug, Parser)]
#[command(about)]
struct Args {
    /// The brink-server binary (default: $BRINK_SERVER, else beside this one,
    /// built if missing).
    #[arg(long, global = true)]
    server_bin: Option<PathBuf>,
    /// The generator's worker threads.
    #[arg(long, global = true, default_value_t = 1)]
    gen_threads: usize,
    /// Repetitions of each scenario (each server, alternately).
    #[arg(long, global = true, default_value_t = 3)]
    reps: usize,
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Serves the bare baseline B0.
    B0 {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
        /// Most messages queued for a member before it is dropped, as
        /// Brink's flag of the same name.
        #[arg(long, default_value_t = brink_server::Limits::default().outbox_messages)]
        outbox_messages: usize,
        /// Each connection's kernel send buffer, as Brink's flag of the same
        /// name; left out, the kernel's autotuning.
        #[arg(long)]
        send_buffer_bytes: Option<usize>,
    },
    /// Under a minute: S7's shape once against each server, and S6; the last
    /// line gives the ratios.
    Quick,
    /// A few seconds, to prove the bench works (CI).
    Smoke,
    /// Bot games headless in the engine (issue 29): games per second, and
    /// the time a game and a turn takes, for several pairings of personas.
    Bots {
        /// Games per pairing.
        #[arg(long, default_value_t = 1000)]
        games: u64,
    },
    /// Every scenario, `--reps` times each.
    All {
        /// S1's connections.
        #[arg(long, default_value_t = 10_000)]
        connections: usize,
    },
    /// S1 hold alone.
    S1 {
        /// Connections to hold.
        #[arg(long, default_value_t = 10_000)]
        connections: usize,
    },
    /// S2 realistic alone, at this many commands per second in all.
    S2 {
        /// Commands per second over all sessions.
        #[arg(long, default_value_t = 1000.0)]
        rate: f64,
    },
    /// S3 saturation alone.
    S3,
    /// S4 slow consumers alone.
    S4,
    /// S5 reconnect storm alone.
    S5,
    /// S6 replay alone.
    S6,
    /// S7 (the boardgame.io shape) alone.
    S7,
    /// What request ids cost: one player at the rate limit with 8-byte ids,
    /// then with 64-byte ones (issue 24).
    Ids {
        /// Seconds each run lasts.
        #[arg(long, default_value_t = 60)]
        secs: u64,
    },
}

/// When the bench started, for its progress lines.
pub fn started() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn main() -> Result<()> {
    let args = Args::parse();
    started();
    if let Mode::B0 {
        listen,
        outbox_messages,
        send_buffer_bytes,
    } = &args.mode
    {
        let limits = brink_server::Limits {
            outbox_messages: (*outbox_messages).max(1),
            send_buffer_bytes: *send_buffer_bytes,
            ..brink_server::Limits::default()
        };
        return b0::serve(listen, limits);
    }
    if let Mode::Bots { games } = args.mode {
        return bots::run(games);
    }
    load::GEN_THREADS.store(
        args.gen_threads.max(1),
        std::sync::atomic::Ordering::Relaxed,
    );
    let bins = Binaries::find(args.server_bin.clone())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.gen_threads.max(1))
        .enable_all()
        .build()
        .context("cannot start the generator's runtime")?;
    runtime.block_on(bench(args, bins))
}

fn full_sizes(reps: usize, connections: usize) -> Sizes {
    let s = Duration::from_secs;
    let ms = Duration::from_millis;
    Sizes {
        reps,
        s1_connections: connections,
        s2_sessions: 500,
        s2_times: (s(3), s(10), s(2)),
        s3_sessions: 100,
        step_times: (s(1), s(4), ms(1500)),
        s7_times: (s(2), s(10), s(2)),
        steps: 14,
        retries: 3,
    }
}

async fn bench(args: Args, bins: Binaries) -> Result<()> {
    progress(&format!(
        "brink-server {}; flags passed: {:?}; load {:.2}",
        bins.brink.display(),
        bins.brink_flags,
        procstat::load_average()
    ));
    match args.mode {
        Mode::B0 { .. } | Mode::Bots { .. } => Ok(()),
        Mode::Quick => quick(&bins, false).await,
        Mode::Smoke => quick(&bins, true).await,
        Mode::S1 { connections } => {
            print(&scenarios::s1(&bins, full_sizes(args.reps, connections)).await?);
            Ok(())
        }
        Mode::S2 { rate } => {
            print(
                &scenarios::s2(
                    &bins,
                    full_sizes(args.reps, 0),
                    rate,
                    &format!("S2 realistic: 500 sessions, {rate:.0} commands/s"),
                )
                .await?,
            );
            Ok(())
        }
        Mode::S3 => {
            print(&scenarios::s3(&bins, full_sizes(args.reps, 0)).await?.0);
            Ok(())
        }
        Mode::S4 => {
            print(&scenarios::s4(&bins, full_sizes(args.reps, 0)).await?);
            Ok(())
        }
        Mode::S5 => {
            print(&scenarios::s5(&bins, full_sizes(args.reps, 0)).await?);
            Ok(())
        }
        Mode::S6 => {
            print(&s6(15)?);
            Ok(())
        }
        Mode::S7 => {
            print(&scenarios::s7(&bins, full_sizes(args.reps, 0)).await?);
            Ok(())
        }
        Mode::Ids { secs } => {
            let (table, rss, disk) = ids::measure(&bins, secs).await?;
            println!("{table}");
            println!("id_rss_ratio={rss:.2} id_disk_ratio={disk:.2}");
            Ok(())
        }
        Mode::All { connections } => {
            let sizes = full_sizes(args.reps, connections);
            print(&s6(15)?);
            print(&scenarios::s1(&bins, sizes).await?);
            print(&scenarios::s7(&bins, sizes).await?);
            let (t3, b0_rate) = scenarios::s3(&bins, sizes).await?;
            print(&t3);
            let half = if b0_rate.is_finite() && b0_rate > 0.0 {
                b0_rate / 2.0
            } else {
                1000.0
            };
            let title = format!(
                "S2 realistic at half B0's saturation rate: 500 sessions, {half:.0} commands/s"
            );
            print(&scenarios::s2(&bins, sizes, half, &title).await?);
            // A seminar's own pace: every member acting every 5 s.
            let pace = (sizes.s2_sessions * 6) as f64 / 5.0;
            let title = format!(
                "S2 at a seminar's pace: 500 sessions, each member every 5 s ({pace:.0} commands/s)"
            );
            print(&scenarios::s2(&bins, sizes, pace, &title).await?);
            print(&scenarios::s4(&bins, sizes).await?);
            print(&scenarios::s5(&bins, sizes).await?);
            println!("load average at the end: {:.2}", procstat::load_average());
            Ok(())
        }
    }
}

fn print(t: &Table) {
    println!("{}", t.markdown());
}

/// S6 as a table (one row per rate; B0 has no replay: its column holds the
/// raw parse, the baseline of this scenario).
fn s6(runs: usize) -> Result<Table> {
    progress("S6 replay");
    let r = replay::measure(runs)?;
    let mut t = Table::new("S6 replay: rebuild (Brink) against a raw serde_json parse (B0 column)");
    t.add("turns in the log", Kind::Brink, f64::from(r.turns));
    t.add("turns in the log", Kind::B0, f64::from(r.turns));
    t.add("events in the log", Kind::Brink, r.events as f64);
    t.add("events in the log", Kind::B0, r.events as f64);
    t.add("MB of log", Kind::Brink, r.bytes as f64 / 1e6);
    t.add("MB of log", Kind::B0, r.bytes as f64 / 1e6);
    t.add("events/s, one core", Kind::Brink, r.rebuild_per_s);
    t.add("events/s, one core", Kind::B0, r.raw_per_s);
    let restart = format!(
        "events/s, {} sessions on {} cores (a restart)",
        replay::RESTART_SESSIONS,
        r.cores
    );
    t.add(&restart, Kind::Brink, r.restart_per_s);
    t.add(&restart, Kind::B0, r.raw_all_cores_per_s);
    t.add("fold alone, events/s, one core", Kind::Brink, r.fold_per_s);
    Ok(t)
}

/// Quick (under a minute) or smoke (seconds): S7's shape once against each
/// server, then S6; the last line gives the ratios.
async fn quick(bins: &Binaries, smoke: bool) -> Result<()> {
    let ms = Duration::from_millis;
    let (sessions, sizes, ramp, runs) = if smoke {
        let sizes = Sizes {
            reps: 1,
            s1_connections: 0,
            s2_sessions: 0,
            s2_times: (ms(0), ms(0), ms(0)),
            s3_sessions: 0,
            step_times: (ms(200), ms(500), ms(300)),
            s7_times: (ms(300), ms(1000), ms(300)),
            steps: 2,
            retries: 0,
        };
        (
            4,
            sizes,
            Ramp {
                first_rate: 1.0,
                factor: 2.0,
                steps: 2,
                retries: 0,
            },
            1,
        )
    } else {
        let sizes = Sizes {
            reps: 1,
            s1_connections: 0,
            s2_sessions: 0,
            s2_times: (ms(0), ms(0), ms(0)),
            s3_sessions: 0,
            step_times: (ms(500), ms(1500), ms(500)),
            s7_times: (ms(1000), ms(3000), ms(500)),
            steps: 7,
            retries: 0,
        };
        (
            50,
            sizes,
            Ramp {
                first_rate: 1.0,
                factor: 1.7,
                steps: 7,
                retries: 0,
            },
            5,
        )
    };
    let mut t = Table::new(if smoke {
        "smoke"
    } else {
        "quick: S7's shape once each, and S6"
    });
    // Whether either server passed the latency limit in its climb: only then
    // is the ratio of what each held a saturation figure.
    let mut saturated = false;
    for kind in scenarios::order(0) {
        progress(&format!("quick {}", kind.name()));
        let r = scenarios::s7_once(bins, kind, sessions, sizes, ramp).await?;
        saturated |= r.saturation.passed_at.is_some();
        t.add(
            "KB per idle connection",
            kind,
            r.hold.per_connection() / 1024.0,
        );
        t.add("move → last recipient p50, ms", kind, r.steady.fan.p50);
        t.add("move → last recipient p99, ms", kind, r.steady.fan.p99);
        t.add("move → ack p99, ms", kind, r.steady.ack.p99);
        scenarios::flag(&mut t, kind, "steady", &r.steady);
        t.notes.extend(r.notes);
        r.saturation.rows(&mut t, kind, "moves");
    }
    let replay = replay::measure(runs)?;
    print(&t);
    println!(
        "S6: rebuild {} events/s on one core ({} at a restart, on {} cores), raw parse {} events/s on one core",
        num(replay.rebuild_per_s),
        num(replay.restart_per_s),
        replay.cores,
        num(replay.raw_per_s)
    );
    println!("load average: {:.2}", procstat::load_average());
    // Neither passed the limit: both held the climb's top step, and a ratio
    // would be 1.00 by construction, not a measure.
    let throughput = if saturated {
        format!(
            "{:.2}",
            t.ratio("saturation: delivered messages/s under 50 ms p99")
        )
    } else {
        "none".to_owned()
    };
    println!(
        "throughput_ratio={throughput} p99_ratio={:.2} mem_ratio={:.2} replay_events_per_s={:.0}",
        t.ratio("move → last recipient p99, ms"),
        t.ratio("KB per idle connection"),
        replay.restart_per_s
    );
    Ok(())
}
