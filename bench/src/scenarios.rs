//! The scenarios, each run alternately against Brink and B0 (fresh server
//! process and data directory every time; Brink first on even repetitions,
//! B0 first on odd), their measures gathered into tables.
//!
//! - S1 hold: idle seminars ramped up; memory per connection.
//! - S2 realistic: many sessions, every member acting every few seconds.
//! - S3 saturation: the rate rising until p99 passes 50 ms.
//! - S7 the boardgame.io shape: 50 sessions of 8, a move every 2 s each.

use crate::fleet::{Fleet, Options, Shape};
use crate::load::{self, Load, Sample};
use crate::server::{Binaries, Kind, Server};
use crate::table::Table;
use anyhow::Result;
use std::time::Duration;

/// The p99 (command → last recipient) that ends a saturation search, in ms.
pub const P99_LIMIT_MS: f64 = 50.0;

/// The order of the servers in repetition `rep`.
pub fn order(rep: usize) -> [Kind; 2] {
    if rep.is_multiple_of(2) {
        [Kind::Brink, Kind::B0]
    } else {
        [Kind::B0, Kind::Brink]
    }
}

/// Says what is happening, on standard error.
pub fn progress(what: &str) {
    eprintln!(
        "[{:>7.1}s load {:.2}] {what}",
        crate::started().elapsed().as_secs_f64(),
        crate::procstat::load_average()
    );
}

/// Idle connections: what the server holds before and after them.
#[derive(Debug, Clone, Copy)]
pub struct Hold {
    /// Connections held.
    pub connections: usize,
    /// Server RSS before, bytes.
    pub rss_before: u64,
    /// Server RSS with them all joined, bytes.
    pub rss_after: u64,
    /// Server RSS with the sessions created, before anyone joined, bytes.
    pub rss_sessions: u64,
    /// Seconds to connect and join them all.
    pub ramp_s: f64,
}

impl Hold {
    /// Bytes per connection.
    pub fn per_connection(&self) -> f64 {
        (self.rss_after.saturating_sub(self.rss_before)) as f64 / self.connections as f64
    }

    /// Adds this hold's rows to `t`.
    pub fn rows(&self, t: &mut Table, kind: Kind) {
        t.add("connections held", kind, self.connections as f64);
        t.add(
            "KB per idle connection",
            kind,
            self.per_connection() / 1024.0,
        );
        t.add(
            "server RSS with all of them, MB",
            kind,
            self.rss_after as f64 / 1e6,
        );
        t.add(
            "of which the empty sessions, KB per connection",
            kind,
            self.rss_sessions.saturating_sub(self.rss_before) as f64
                / 1024.0
                / self.connections as f64,
        );
        t.add("seconds to connect and join them", kind, self.ramp_s);
    }
}

/// Connects `shape` idle and measures the server's memory.
pub async fn hold(server: &Server, shape: Shape, play: bool) -> Result<(Fleet, Hold)> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_before = server.proc.rss_bytes()?;
    let options = Options {
        play,
        watch: Some(server.proc),
        recv_buffer: None,
    };
    let fleet = Fleet::connect_with(&server.url, shape, options).await?;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let rss_after = server.proc.rss_bytes()?;
    hold_pause(rss_after, shape.connections()).await;
    let hold = Hold {
        connections: shape.connections(),
        rss_before,
        rss_after,
        rss_sessions: fleet.rss_sessions.unwrap_or(rss_before),
        ramp_s: fleet.ramp.as_secs_f64(),
    };
    Ok((fleet, hold))
}

/// With `BRINK_BENCH_HOLD_PAUSE_S` set, waits that many seconds once the
/// connections are held, so that a memory profiler can look at the server
/// idle (see docs/performance.md: `heaptrack`, the server killed during the
/// pause, reads "leaked" as what it held).
async fn hold_pause(rss: u64, connections: usize) {
    let Some(secs) = std::env::var("BRINK_BENCH_HOLD_PAUSE_S")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    else {
        return;
    };
    progress(&format!(
        "  holding {connections} connections idle for {secs} s (server RSS {:.1} MB)",
        rss as f64 / 1e6
    ));
    tokio::time::sleep(Duration::from_secs_f64(secs.max(0.0))).await;
}

/// Adds what the machine did besides the run: the time the hypervisor took
/// for other guests (which stalls both servers alike, and is why a quiet
/// moment matters) and the time its CPUs waited on the disk.
pub fn machine_rows(t: &mut Table, kind: Kind, s: &Sample) {
    t.add(
        "machine time stolen by the hypervisor, %",
        kind,
        s.steal * 100.0,
    );
    t.add(
        "machine time waiting on the disk, %",
        kind,
        s.iowait * 100.0,
    );
}

/// Adds a steady run's rows to `t`.
pub fn sample_rows(t: &mut Table, kind: Kind, s: &Sample) {
    t.add("offered commands/s", kind, s.offered);
    t.add("command → ack p50, ms", kind, s.ack.p50);
    t.add("command → ack p99, ms", kind, s.ack.p99);
    t.add("ack p99 from the actual send, ms", kind, s.ack_sent.p99);
    t.add("command → last recipient p50, ms", kind, s.fan.p50);
    t.add("command → last recipient p99, ms", kind, s.fan.p99);
    t.add("command → last recipient p99.9, ms", kind, s.fan.p999);
    t.add("command → last recipient max, ms", kind, s.fan.max);
    t.add(
        "last recipient p99 from the actual send, ms",
        kind,
        s.fan_sent.p99,
    );
    t.add("delivered messages/s", kind, s.delivered_per_s);
    t.add("server CPU, cores", kind, s.server_cpu_s / s.window_s);
    t.add(
        "server CPU s per million delivered",
        kind,
        s.cpu_per_million,
    );
    received_rows(t, kind, s);
    counted_rows(t, kind, s);
    t.add("generator CPU, cores", kind, s.gen_cores);
    t.add("generator wake-up lag p99, ms", kind, s.lag.p99);
    machine_rows(t, kind, s);
    t.add(
        "refused / lost / unanswered",
        kind,
        (s.rejected + s.lost + s.unanswered) as f64,
    );
}

/// Adds every message the clients received, and the server's CPU per
/// million of them: Brink sends more than the measured commands' fan-outs
/// (the turn's events: phases, letters delivered at publish, rulings), B0
/// one event an umpire's command.
pub fn received_rows(t: &mut Table, kind: Kind, s: &Sample) {
    t.add(
        "messages received by the clients/s (all)",
        kind,
        s.received_per_s,
    );
    t.add(
        "server CPU s per million received (all)",
        kind,
        s.cpu_per_million_received,
    );
}

/// Adds the server's counters over a run, where it has them (Brink).
pub fn counted_rows(t: &mut Table, kind: Kind, s: &Sample) {
    let Some(c) = s.counted else { return };
    t.add(
        "event serializations per event",
        kind,
        c.encodings_per_event,
    );
    t.add(
        "event deliveries per serialization",
        kind,
        c.deliveries_per_encoding,
    );
    if let Some(a) = c.allocations_per_command {
        t.add("heap allocations per command", kind, a);
    }
}

/// Notes in `t` a sample that was flagged, lost commands, or was kept
/// though the hypervisor took more than [`STEAL_LIMIT`].
pub fn flag(t: &mut Table, kind: Kind, what: &str, s: &Sample) {
    if let Some(why) = &s.flagged {
        t.notes.push(format!(
            "{} {what}: flagged ({why}); treat its figures as bounds.",
            kind.name()
        ));
    } else if s.steal > STEAL_LIMIT {
        t.notes.push(format!(
            "{} {what}: the hypervisor took {:.1} % of the machine's time; its latencies and CPU are the machine's as much as the server's.",
            kind.name(),
            s.steal * 100.0
        ));
    }
    if s.lost + s.unanswered > 0 {
        t.notes.push(format!(
            "{} {what}: {} fan-outs lost and {} commands unanswered of {}.",
            kind.name(),
            s.lost,
            s.unanswered,
            s.sent
        ));
    }
}

/// Steps a saturation search takes between the last rate under the limit
/// and the first over it.
pub const REFINE_STEPS: usize = 2;

/// A saturation search: the load of `base` at rising rates.
#[derive(Debug, Clone, Copy)]
pub struct Ramp {
    /// The first step's member rate.
    pub first_rate: f64,
    /// Each step's rate over the last's.
    pub factor: f64,
    /// Most steps.
    pub steps: usize,
    /// How many times a disturbed step is run again, after a pause, before
    /// it counts as it is (see [`saturate`]).
    pub retries: usize,
}

/// The pause before a disturbed run is taken again.
const RETRY_PAUSE: Duration = Duration::from_secs(5);

/// The share of the machine's time the hypervisor may take from a run
/// before the run is taken again: beyond it, other guests, not the server,
/// decide the tail (on 2026-12-07 a B0 step at 2,259 moves/s went from
/// p99 2.7 ms to 40–56 ms while 25–39 % was stolen).
pub const STEAL_LIMIT: f64 = 0.05;

/// Why a run should be taken again: the generator was the bottleneck, or
/// the hypervisor took more than [`STEAL_LIMIT`] of the machine.
pub fn disturbed(s: &Sample) -> Option<String> {
    s.flagged.clone().or_else(|| {
        (s.steal > STEAL_LIMIT).then(|| {
            format!(
                "the hypervisor took {:.1} % of the machine's time",
                s.steal * 100.0
            )
        })
    })
}

/// Runs `load`, and again after a pause, up to `retries` times, while the
/// run is [`disturbed`]; the first undisturbed run counts, or the last once
/// the retries are spent. `each` sees every run. Returns the run and why
/// each one before it was dropped.
async fn undisturbed(
    fleet: &mut Fleet,
    load: &Load,
    server: &Server,
    retries: usize,
    mut each: impl FnMut(&Sample),
) -> Result<(Sample, Vec<String>)> {
    let mut dropped = Vec::new();
    loop {
        let s = load::run(fleet, load, server.proc).await?;
        each(&s);
        let Some(why) = disturbed(&s).filter(|_| dropped.len() < retries) else {
            return Ok((s, dropped));
        };
        progress(&format!(
            "  disturbed ({why}): the run again in {} s",
            RETRY_PAUSE.as_secs()
        ));
        dropped.push(why);
        tokio::time::sleep(RETRY_PAUSE).await;
    }
}

/// A steady run, [`undisturbed`]; `notes` says of each run dropped.
pub async fn steady(
    notes: &mut Vec<String>,
    kind: Kind,
    what: &str,
    fleet: &mut Fleet,
    load: &Load,
    server: &Server,
    retries: usize,
) -> Result<Sample> {
    let (s, dropped) = undisturbed(fleet, load, server, retries, |_| ()).await?;
    notes.extend(
        dropped
            .into_iter()
            .map(|why| format!("{} {what}: the run was taken again ({why}).", kind.name())),
    );
    Ok(s)
}

/// What a saturation search found.
#[derive(Debug, Clone)]
pub struct Saturation {
    /// Each step's sample.
    pub steps: Vec<Sample>,
    /// The last step with p99 under the limit, if any.
    pub best: Option<Sample>,
    /// The first offered rate whose p99 passed the limit, if any.
    pub passed_at: Option<f64>,
    /// Whether the search ended because the generator was the bottleneck.
    pub generator_bound: bool,
    /// Disturbed steps run again.
    pub retried: usize,
}

/// Raises the rate step by step until p99 passes the limit (or commands get
/// lost, or the generator becomes the bottleneck).
///
/// Each step is run [`undisturbed`]: a step on which the generator woke
/// late, or the hypervisor took more than [`STEAL_LIMIT`] of the machine,
/// is run again, up to `ramp.retries` times. On this shared machine other tenants stall everything for tens
/// of seconds at a time, and a stall would otherwise end a climb at a few
/// hundred moves/s; at the real limit, where the server and the generator
/// together fill the cores, every run is flagged and the search stops as
/// before. A clean step over the limit is never run again: a server's own
/// stalls (its disk, say) neither flag the generator nor take the
/// machine's time, and are counted.
pub async fn saturate(
    fleet: &mut Fleet,
    server: &Server,
    base: Load,
    ramp: Ramp,
) -> Result<Saturation> {
    let mut out = Saturation {
        steps: Vec::new(),
        best: None,
        passed_at: None,
        generator_bound: false,
        retried: 0,
    };
    let mut rate = ramp.first_rate;
    // The last rate under the limit, the last over it, and the steps left.
    let (mut good, mut bad) = (None::<f64>, None::<f64>);
    let (mut climbing, mut refining) = (ramp.steps, REFINE_STEPS);
    while climbing > 0 {
        let load = Load {
            member_rate: rate,
            ..base
        };
        let (s, dropped) = undisturbed(fleet, &load, server, ramp.retries, |s| progress(&format!(
            "  {} step {:.0} cmds/s: p99 {:.2} ms, delivered {:.0}/s, sent {} refused {}{} lost {} unanswered {}, gen {:.2} cores, stolen {:.1} % disk-wait {:.1} %{}",
            server.kind.name(),
            s.offered,
            s.fan.p99,
            s.delivered_per_s,
            s.sent,
            s.rejected,
            if s.rejected_codes.is_empty() {
                String::new()
            } else {
                format!(" {:?}", s.rejected_codes)
            },
            s.lost,
            s.unanswered,
            s.gen_cores,
            s.steal * 100.0,
            s.iowait * 100.0,
            s.flagged
                .as_deref()
                .map(|f| format!(" [{f}]"))
                .unwrap_or_default()
        ))).await?;
        out.retried += dropped.len();
        let over = s.fan.p99 > P99_LIMIT_MS || (s.lost + s.unanswered) * 100 > s.sent.max(1);
        let bound = s.flagged.is_some();
        out.steps.push(s.clone());
        if over {
            out.passed_at = Some(s.offered);
            out.generator_bound = bound;
            bad = Some(rate);
        } else {
            out.best = Some(s);
            if bound {
                out.generator_bound = true;
                break;
            }
            good = Some(rate);
        }
        // Once the limit is passed, a few steps between the last rate under
        // it and the first over it narrow where it lies (each halves the
        // gap's ratio), each judged by its own flag.
        match (good, bad) {
            (Some(g), Some(b)) if refining > 0 => {
                refining -= 1;
                rate = (g * b).sqrt();
            }
            (_, Some(_)) => break,
            _ => {
                climbing -= 1;
                rate *= ramp.factor;
            }
        }
    }
    Ok(out)
}

impl Saturation {
    /// Adds this search's rows to `t`.
    pub fn rows(&self, t: &mut Table, kind: Kind, moves: &str) {
        let best = self.best.as_ref();
        t.add(
            "saturation: delivered messages/s under 50 ms p99",
            kind,
            best.map_or(0.0, |b| b.delivered_per_s),
        );
        t.add(
            &format!("saturation: {moves}/s under 50 ms p99"),
            kind,
            best.map_or(0.0, |b| b.offered),
        );
        t.add(
            "saturation: p99 at that rate, ms",
            kind,
            best.map_or(f64::NAN, |b| b.fan.p99),
        );
        t.add(
            &format!("saturation: {moves}/s where p99 passed 50 ms"),
            kind,
            self.passed_at.unwrap_or(f64::NAN),
        );
        t.add(
            "saturation: server CPU s per million delivered",
            kind,
            best.map_or(f64::NAN, |b| b.cpu_per_million),
        );
        t.add(
            "saturation: server CPU s per million received (all)",
            kind,
            best.map_or(f64::NAN, |b| b.cpu_per_million_received),
        );
        if self.retried > 0 {
            t.notes.push(format!(
                "{}: {} disturbed step(s) run again (the generator woke late, or the hypervisor took over {:.0} % of the machine; the first undisturbed run of a step counts, or the last once the retries are spent).",
                kind.name(),
                self.retried,
                STEAL_LIMIT * 100.0
            ));
        }
        if let Some(b) = best.filter(|b| b.steal > STEAL_LIMIT) {
            t.notes.push(format!(
                "{}: the saturation figures come from a step the hypervisor took {:.1} % of the machine's time from; read them as the machine's as much as the server's.",
                kind.name(),
                b.steal * 100.0
            ));
        }
        if self.generator_bound {
            t.notes.push(format!(
                "{}: the saturation search stopped at a flagged step (the generator woke late: with the server, the two cores were saturated); its figures are lower bounds.",
                kind.name()
            ));
        }
    }
}

/// The scenarios' sizes.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Repetitions.
    pub reps: usize,
    /// S1's connections.
    pub s1_connections: usize,
    /// S2's sessions.
    pub s2_sessions: usize,
    /// S2's warm-up, measure and drain.
    pub s2_times: (Duration, Duration, Duration),
    /// S3's sessions.
    pub s3_sessions: usize,
    /// Each saturation step's warm-up, measure and drain.
    pub step_times: (Duration, Duration, Duration),
    /// S7's steady run's warm-up, measure and drain.
    pub s7_times: (Duration, Duration, Duration),
    /// Saturation steps at most.
    pub steps: usize,
    /// Times a flagged saturation step is run again.
    pub retries: usize,
}

/// The game's load shape: 80 % team chat, 20 % public letters, ~100-byte
/// messages, the umpire writing to all and running the turn every 5 s.
pub fn seminar_load(
    member_rate: f64,
    active: usize,
    times: (Duration, Duration, Duration),
) -> Load {
    Load {
        member_rate,
        letter_share: 0.2,
        umpire_every: Some(Duration::from_secs(5)),
        active_sessions: active,
        text_bytes: 100,
        warmup: times.0,
        measure: times.1,
        drain: times.2,
    }
}

/// S1: idle seminars of 10 (umpire, 3 + 3, 3 observers) up to the connection count.
pub async fn s1(bins: &Binaries, sizes: Sizes) -> Result<Table> {
    let mut t = Table::new("S1 hold: idle seminars");
    let shape = Shape {
        sessions: sizes.s1_connections.div_ceil(10),
        per_side: 3,
        observers: 3,
    };
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            let server = Server::start(kind, bins).await?;
            progress(&format!(
                "S1 {} rep {rep}: {} connections",
                kind.name(),
                shape.connections()
            ));
            let (fleet, h) = hold(&server, shape, false).await?;
            h.rows(&mut t, kind);
            progress(&format!(
                "  {:.1} KB per connection, ramp {:.1} s",
                h.per_connection() / 1024.0,
                h.ramp_s
            ));
            fleet.close().await;
            server.stop().await?;
        }
    }
    Ok(t)
}

/// S3: saturation with many sessions; returns the table and B0's median
/// saturation rate in commands per second (S2 runs at half of it).
pub async fn s3(bins: &Binaries, sizes: Sizes) -> Result<(Table, f64)> {
    let mut t = Table::new("S3 saturation");
    let shape = Shape {
        sessions: sizes.s3_sessions,
        per_side: 3,
        observers: 1,
    };
    let ramp = Ramp {
        first_rate: 0.5,
        factor: 1.4,
        steps: sizes.steps,
        retries: sizes.retries,
    };
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            let server = Server::start(kind, bins).await?;
            progress(&format!("S3 {} rep {rep}", kind.name()));
            let mut fleet = Fleet::connect(&server.url, shape, true).await?;
            let base = seminar_load(1.0, shape.sessions, sizes.step_times);
            let sat = saturate(&mut fleet, &server, base, ramp).await?;
            sat.rows(&mut t, kind, "commands");
            fleet.close().await;
            server.stop().await?;
        }
    }
    let b0_rate = t.median("saturation: commands/s under 50 ms p99", Kind::B0);
    Ok((t, b0_rate))
}

/// S2: many sessions at `rate` commands per second in all.
pub async fn s2(bins: &Binaries, sizes: Sizes, rate: f64, title: &str) -> Result<Table> {
    let mut t = Table::new(title);
    let shape = Shape {
        sessions: sizes.s2_sessions,
        per_side: 3,
        observers: 1,
    };
    let member_rate = rate / (shape.sessions * 2 * shape.per_side) as f64;
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            let server = Server::start(kind, bins).await?;
            progress(&format!(
                "S2 {} rep {rep}: {:.0} commands/s over {} sessions",
                kind.name(),
                rate,
                shape.sessions
            ));
            let mut fleet = Fleet::connect(&server.url, shape, true).await?;
            let load = seminar_load(member_rate, shape.sessions, sizes.s2_times);
            let s = steady(
                &mut t.notes,
                kind,
                &format!("rep {rep}"),
                &mut fleet,
                &load,
                &server,
                sizes.retries,
            )
            .await?;
            progress(&format!(
                "  p99 ack {:.2} ms, last recipient {:.2} ms",
                s.ack.p99, s.fan.p99
            ));
            sample_rows(&mut t, kind, &s);
            flag(&mut t, kind, &format!("rep {rep}"), &s);
            fleet.close().await;
            server.stop().await?;
        }
    }
    Ok(t)
}

/// What S7 found for one server: the hold, the steady run, the search.
#[derive(Debug, Clone)]
pub struct S7Run {
    /// Its idle connections.
    pub hold: Hold,
    /// The steady run.
    pub steady: Sample,
    /// The saturation search.
    pub saturation: Saturation,
    /// Steady runs taken again, and why.
    pub notes: Vec<String>,
}

/// S7 on one server: 50 sessions of 8 (3 + 3 players, umpire, spectator),
/// each player a ~100-byte message every 2 s; then rising rates.
pub async fn s7_once(
    bins: &Binaries,
    kind: Kind,
    sessions: usize,
    sizes: Sizes,
    ramp: Ramp,
) -> Result<S7Run> {
    let server = Server::start(kind, bins).await?;
    let shape = Shape {
        sessions,
        per_side: 3,
        observers: 1,
    };
    let (mut fleet, hold) = hold(&server, shape, true).await?;
    let mut notes = Vec::new();
    let steady = steady(
        &mut notes,
        kind,
        "steady",
        &mut fleet,
        &seminar_load(0.5, sessions, sizes.s7_times),
        &server,
        sizes.retries,
    )
    .await?;
    progress(&format!(
        "  {} steady {:.0} moves/s: p50 {:.2} ms, p99 {:.2} ms; {:.1} KB per idle connection",
        kind.name(),
        steady.offered,
        steady.fan.p50,
        steady.fan.p99,
        hold.per_connection() / 1024.0
    ));
    let base = seminar_load(0.5, sessions, sizes.step_times);
    let saturation = saturate(&mut fleet, &server, base, ramp).await?;
    fleet.close().await;
    server.stop().await?;
    Ok(S7Run {
        hold,
        steady,
        saturation,
        notes,
    })
}

/// S7 over the repetitions.
pub async fn s7(bins: &Binaries, sizes: Sizes) -> Result<Table> {
    let mut t = Table::new("S7 the boardgame.io shape: 50 sessions of 8, a move every 2 s");
    let ramp = Ramp {
        first_rate: 1.0,
        factor: 1.4,
        steps: sizes.steps,
        retries: sizes.retries,
    };
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            progress(&format!("S7 {} rep {rep}", kind.name()));
            let r = s7_once(bins, kind, 50, sizes, ramp).await?;
            t.add(
                "KB per idle connection",
                kind,
                r.hold.per_connection() / 1024.0,
            );
            t.add("moves/s (steady)", kind, r.steady.offered);
            t.add(
                "move → last of its recipients p50, ms",
                kind,
                r.steady.fan.p50,
            );
            t.add(
                "move → last of its recipients p99, ms",
                kind,
                r.steady.fan.p99,
            );
            t.add("move → ack p99, ms", kind, r.steady.ack.p99);
            t.add(
                "server CPU s per million delivered (steady)",
                kind,
                r.steady.cpu_per_million,
            );
            received_rows(&mut t, kind, &r.steady);
            counted_rows(&mut t, kind, &r.steady);
            machine_rows(&mut t, kind, &r.steady);
            flag(&mut t, kind, &format!("rep {rep} steady"), &r.steady);
            t.notes.extend(r.notes);
            r.saturation.rows(&mut t, kind, "moves");
        }
    }
    Ok(t)
}

/// S4's settings, the same for both servers and the generator: an outbox
/// and kernel buffers small enough that a member who stops reading fills
/// them in seconds (with the defaults — 1,024 messages, and buffers that
/// autotune to megabytes on loopback — that takes many minutes).
const S4_OUTBOX_MESSAGES: usize = 32;
const S4_SEND_BUFFER_BYTES: usize = 8 * 1024;
const S4_RECV_BUFFER_BYTES: u32 = 4 * 1024;

/// S4: 1 % of the members stop reading; the healthy members' p99 beside the
/// same run without them, how many of the stalled were dropped, and what
/// they cost the server in memory.
pub async fn s4(bins: &Binaries, sizes: Sizes) -> Result<Table> {
    let mut t = Table::new("S4 slow consumers: 1 % of the members stop reading");
    let shape = Shape {
        sessions: 100,
        per_side: 3,
        observers: 1,
    };
    let flags = [
        ("--outbox-messages", S4_OUTBOX_MESSAGES.to_string()),
        ("--send-buffer-bytes", S4_SEND_BUFFER_BYTES.to_string()),
    ];
    let options = Options {
        play: true,
        recv_buffer: Some(S4_RECV_BUFFER_BYTES),
        ..Options::default()
    };
    // Longer runs than S7's, for the stalled members' buffers to fill
    // (about 16 KiB of kernel buffers, then the outbox, at 3–4 messages a
    // second), and both the same length: Brink's p99 grows with a run's
    // length as its log does. Brink runs with pings off
    // (`Binaries::brink_flags`), so a drop is the outbox's doing.
    let (warmup, measure, drain) = sizes.s7_times;
    let load = seminar_load(1.0, shape.sessions, (warmup, measure * 3, drain));
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            let server = Server::start_with(kind, bins, &flags).await?;
            progress(&format!("S4 {} rep {rep}", kind.name()));
            let mut fleet = Fleet::connect_with(&server.url, shape, options).await?;
            let rss_connected = server.proc.rss_bytes()?;
            let before = load::run(&mut fleet, &load, server.proc).await?;
            let rss_before = server.proc.rss_bytes()?;
            let dropped_before = dropped_connections(&server.url).await;
            let stalled = fleet.stall(shape.connections() / 100);
            let after = load::run(&mut fleet, &load, server.proc).await?;
            let rss_after = server.proc.rss_bytes()?;
            let dropped = dropped_before
                .zip(dropped_connections(&server.url).await)
                .map(|(b, a)| a.saturating_sub(b));
            progress(&format!(
                "  {stalled} stalled, {} dropped: healthy p99 {:.2} → {:.2} ms, RSS {:.1} → {:.1} MB",
                dropped.map_or("?".into(), |d| d.to_string()),
                before.fan.p99,
                after.fan.p99,
                rss_before as f64 / 1e6,
                rss_after as f64 / 1e6
            ));
            t.add("healthy p99 without slow members, ms", kind, before.fan.p99);
            t.add("healthy p99 with 1 % not reading, ms", kind, after.fan.p99);
            t.add("with / without", kind, after.fan.p99 / before.fan.p99);
            if let Some(d) = dropped {
                t.add("stalled members dropped", kind, d as f64);
            }
            t.add(
                "healthy commands refused / lost / unanswered, both runs",
                kind,
                [&before, &after]
                    .iter()
                    .map(|s| s.rejected + s.lost + s.unanswered)
                    .sum::<u64>() as f64,
            );
            // The same run's growth with everyone reading, for what the
            // stalled members add beyond it (Brink's log grows in both).
            t.add(
                "server RSS growth in the run without, MB",
                kind,
                (rss_before as f64 - rss_connected as f64) / 1e6,
            );
            t.add(
                "server RSS growth while they stall, MB",
                kind,
                (rss_after as f64 - rss_before as f64) / 1e6,
            );
            flag(
                &mut t,
                kind,
                &format!("rep {rep} with slow members"),
                &after,
            );
            fleet.close().await;
            server.stop().await?;
        }
    }
    Ok(t)
}

/// The connections a server has dropped for falling behind (its
/// `server_stats`; none from B0).
async fn dropped_connections(url: &str) -> Option<u64> {
    crate::fleet::counters(url).await?["dropped"].as_u64()
}

/// S5: a fifth of the connections drop and resume at once, between two runs
/// of the seminar load; how long they take to come back, and the others' p99.
pub async fn s5(bins: &Binaries, sizes: Sizes) -> Result<Table> {
    let mut t = Table::new("S5 reconnect storm: 20 % drop and resume at once");
    let shape = Shape {
        sessions: 100,
        per_side: 3,
        observers: 1,
    };
    for rep in 0..sizes.reps {
        for kind in order(rep) {
            let server = Server::start(kind, bins).await?;
            progress(&format!("S5 {} rep {rep}", kind.name()));
            let mut fleet = Fleet::connect(&server.url, shape, true).await?;
            let load = seminar_load(0.5, shape.sessions, sizes.s7_times);
            let before = load::run(&mut fleet, &load, server.proc).await?;
            let cpu = server.proc.cpu_s()?;
            let (total, back, h) = fleet.storm(&server.url, 5).await?;
            let storm_cpu = server.proc.cpu_s()? - cpu;
            let resumed = crate::stats::Summary::of(&h);
            let after = load::run(&mut fleet, &load, server.proc).await?;
            progress(&format!(
                "  {back} of {total} back: p50 {:.1} ms, p99 {:.1} ms, last {:.1} ms; p99 {:.2} → {:.2} ms",
                resumed.p50, resumed.p99, resumed.max, before.fan.p99, after.fan.p99
            ));
            t.add("connections dropped at once", kind, total as f64);
            t.add("came back", kind, back as f64);
            t.add("drop → welcome p50, ms", kind, resumed.p50);
            t.add("drop → welcome p99, ms", kind, resumed.p99);
            t.add("all back after, ms", kind, resumed.max);
            t.add("server CPU s for the storm", kind, storm_cpu);
            t.add("p99 before the storm, ms", kind, before.fan.p99);
            t.add("p99 after the storm, ms", kind, after.fan.p99);
            flag(&mut t, kind, &format!("rep {rep} after the storm"), &after);
            fleet.close().await;
            server.stop().await?;
        }
    }
    Ok(t)
}
