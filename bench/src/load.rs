//! The open-loop load: each acting member sends on a fixed schedule, its
//! send times fixed before the run, whatever the server answers, so a slow
//! server cannot slow the offered load (no coordinated omission). Latencies
//! count from the scheduled time. A run also measures the generator's own
//! CPU and how late it woke for its sends, and refuses (flags) a run where
//! the generator, not the server, was the bottleneck.

use crate::fleet::{Fleet, InFlight, Pending, Role, Sink, side_name};
use crate::procstat::{Machine, Proc};
use crate::stats::{Summary, histogram, record};
use crate::wire;
use anyhow::{Context, Result};
use futures_util::SinkExt;
use hdrhistogram::Histogram;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// What the members do in a run.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Commands per second of each side member.
    pub member_rate: f64,
    /// The share of a member's commands that draft a public letter; the
    /// rest are team chat.
    pub letter_share: f64,
    /// How often each umpire writes to everyone and runs the turn on
    /// (force the Orders phase closed, publish, on to the next Orders).
    pub umpire_every: Option<Duration>,
    /// How many sessions act (the others stay idle).
    pub active_sessions: usize,
    /// Bytes of text in each message.
    pub text_bytes: usize,
    /// Sending before measuring.
    pub warmup: Duration,
    /// Sending and measuring.
    pub measure: Duration,
    /// Waiting for the last answers after the sends.
    pub drain: Duration,
}

impl Load {
    /// Commands per second offered by side members, in all.
    pub fn offered(&self, fleet: &Fleet) -> f64 {
        self.member_rate
            * (self.active_sessions.min(fleet.shape.sessions) * 2 * fleet.shape.per_side) as f64
    }
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Offered side-member commands per second.
    pub offered: f64,
    /// Command → ack, from schedule.
    pub ack: Summary,
    /// Command → ack, from the actual send.
    pub ack_sent: Summary,
    /// Command → last recipient, from schedule.
    pub fan: Summary,
    /// Command → last recipient, from the actual send.
    pub fan_sent: Summary,
    /// How late the generator woke for its sends.
    pub lag: Summary,
    /// Measured commands sent.
    pub sent: u64,
    /// Measured commands never answered.
    pub unanswered: u64,
    /// Measured commands refused.
    pub rejected: u64,
    /// Those refusals by their code.
    pub rejected_codes: std::collections::BTreeMap<String, u64>,
    /// Measured fan-outs that never completed.
    pub lost: u64,
    /// Fan-out deliveries of measured commands per second.
    pub delivered_per_s: f64,
    /// The measure window, seconds.
    pub window_s: f64,
    /// Server CPU seconds in the window.
    pub server_cpu_s: f64,
    /// Server CPU seconds per million deliveries.
    pub cpu_per_million: f64,
    /// Every message the clients received in the window (events of every
    /// kind, the turn's included, and answers), per second.
    pub received_per_s: f64,
    /// Server CPU seconds per million of those.
    pub cpu_per_million_received: f64,
    /// The generator's CPU in the window, in cores.
    pub gen_cores: f64,
    /// The machine's time in the window the hypervisor stole (0–1).
    pub steal: f64,
    /// The machine's time in the window its CPUs waited on the disk (0–1).
    pub iowait: f64,
    /// Why the generator was the bottleneck, if it was.
    pub flagged: Option<String>,
    /// What the server's counters say of the window (Brink only).
    pub counted: Option<Counted>,
}

/// The growth of the server's counters over a run's window.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    /// Event serializations per recorded event.
    pub encodings_per_event: f64,
    /// Event deliveries per serialization.
    pub deliveries_per_encoding: f64,
    /// Heap allocations per command, in a server that counts them.
    pub allocations_per_command: Option<f64>,
}

impl Counted {
    /// From the counters at the window's start and end.
    fn between(before: &serde_json::Value, after: &serde_json::Value) -> Option<Self> {
        let grew = |name: &str| -> Option<f64> {
            Some(after[name].as_u64()?.checked_sub(before[name].as_u64()?)? as f64)
        };
        let (events, encodings) = (grew("events")?, grew("encodings")?);
        if events == 0.0 || encodings == 0.0 {
            return None;
        }
        Some(Self {
            encodings_per_event: encodings / events,
            deliveries_per_encoding: grew("deliveries")? / encodings,
            allocations_per_command: grew("allocations")
                .map(|a| a / grew("commands").unwrap_or(f64::NAN)),
        })
    }
}

/// Generator worker threads (set once by `main`).
pub static GEN_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// A tiny deterministic random source (xorshift), one per writer.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What one writer needs.
#[derive(Debug, Clone, Copy)]
struct Plan {
    run: u32,
    first: Instant,
    period: Duration,
    measure_from: Instant,
    measure_to: Instant,
    stop: Instant,
    expected: u32,
    everyone: u32,
}

/// Runs `load` on `fleet` against `server`; returns the sample.
pub async fn run(fleet: &mut Fleet, load: &Load, server: Proc) -> Result<Sample> {
    let run = fleet.run.fetch_add(1, Ordering::Relaxed) + 1;
    for s in &fleet.sessions {
        if let Ok(mut h) = s.hists.lock() {
            *h = Default::default();
        }
    }
    let t0 = Instant::now() + Duration::from_millis(100);
    let measure_from = t0 + load.warmup;
    let measure_to = measure_from + load.measure;
    let shape = fleet.shape;
    let mut writers = Vec::new();
    for c in &mut fleet.clients {
        if c.session >= load.active_sessions || c.stalled {
            continue;
        }
        let period = match c.role {
            Role::Side(_) if load.member_rate > 0.0 => {
                Duration::from_secs_f64(1.0 / load.member_rate)
            }
            Role::Umpire => match load.umpire_every {
                Some(every) => every,
                None => continue,
            },
            _ => continue,
        };
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15
            ^ (c.id + 1).wrapping_mul(0x2545_F491_4F6C_DD1D)
            ^ u64::from(run));
        let session = &fleet.sessions[c.session];
        let stalled = [0, 1].map(|i| session.stalled[i].load(Ordering::Relaxed));
        let expected = |role: Role| match role {
            Role::Side(s) => shape.per_side as u32 + 1 - stalled[s % 2],
            _ => 0,
        };
        let plan = Plan {
            run,
            first: t0 + period.mul_f64(rng.unit()),
            period,
            measure_from,
            measure_to,
            stop: measure_to,
            expected: expected(c.role),
            everyone: shape.per_session() as u32 - stalled[0] - stalled[1],
        };
        let sink = c.sink.take().context("a sink is lent out")?;
        let state = c.state.clone();
        let session = fleet.sessions[c.session].clone();
        let (id, role) = (c.id, c.role);
        let load = *load;
        writers.push((
            c.id,
            tokio::spawn(write(sink, id, role, state, session, plan, load, rng)),
        ));
    }
    let received = |fleet: &Fleet| -> u64 {
        fleet
            .clients
            .iter()
            .map(|c| c.state.received.load(Ordering::Relaxed))
            .sum()
    };
    tokio::time::sleep_until(measure_from.into()).await;
    let received1 = received(fleet);
    let (cpu1, gen1) = (server.cpu_s()?, Proc::Me.cpu_s()?);
    let machine1 = Machine::now();
    let wall1 = Instant::now();
    let counters1 = crate::fleet::counters(&fleet.url).await;
    tokio::time::sleep_until(measure_to.into()).await;
    let (cpu2, gen2) = (server.cpu_s()?, Proc::Me.cpu_s()?);
    let (steal, iowait) = machine1.shares_until(Machine::now());
    let wall2 = Instant::now();
    let received2 = received(fleet);
    let counters2 = crate::fleet::counters(&fleet.url).await;
    let mut lag = histogram();
    let mut sent = 0;
    for (id, w) in writers {
        let (sink, l, n) = w.await?;
        let _ = lag.add(&l);
        sent += n;
        if let Some(c) = fleet.clients.iter_mut().find(|c| c.id == id) {
            c.sink = Some(sink);
        }
    }
    tokio::time::sleep(load.drain).await;
    let (all, lost, unanswered) = tally(fleet, run);
    let window = (wall2 - wall1).as_secs_f64();
    let server_cpu_s = cpu2 - cpu1;
    let gen_cores = (gen2 - gen1) / window;
    let delivered_per_s = all.delivered as f64 / load.measure.as_secs_f64();
    let lag_summary = Summary::of(&lag);
    let threads = GEN_THREADS.load(Ordering::Relaxed) as f64;
    let flagged = flag(gen_cores, threads, &lag_summary, steal, iowait);
    Ok(Sample {
        offered: load.offered(fleet),
        ack: Summary::of(&all.ack),
        ack_sent: Summary::of(&all.ack_sent),
        fan: Summary::of(&all.fan),
        fan_sent: Summary::of(&all.fan_sent),
        lag: lag_summary,
        sent,
        unanswered,
        rejected: all.rejected,
        rejected_codes: all.rejected_codes.clone(),
        lost,
        delivered_per_s,
        window_s: window,
        server_cpu_s,
        cpu_per_million: if all.delivered > 0 {
            server_cpu_s / all.delivered as f64 * 1e6
        } else {
            f64::NAN
        },
        received_per_s: received2.saturating_sub(received1) as f64 / window,
        cpu_per_million_received: if received2 > received1 {
            server_cpu_s / (received2 - received1) as f64 * 1e6
        } else {
            f64::NAN
        },
        gen_cores,
        steal,
        iowait,
        flagged,
        counted: counters1
            .zip(counters2)
            .and_then(|(a, b)| Counted::between(&a, &b)),
    })
}

/// What the run's sessions measured, merged; how many measured commands
/// were never seen by everyone (lost) and never answered. Clears both.
fn tally(fleet: &Fleet, run: u32) -> (crate::fleet::Hists, u64, u64) {
    let mut all = crate::fleet::Hists::default();
    let mut lost = 0;
    for s in &fleet.sessions {
        if let Ok(h) = s.hists.lock() {
            all.merge(&h);
        }
        if let Ok(mut p) = s.pending.lock() {
            lost += p.values().filter(|p| p.measured && p.run == run).count() as u64;
            p.clear();
        }
    }
    let mut unanswered = 0;
    for c in &fleet.clients {
        if let Ok(mut f) = c.state.in_flight.lock() {
            unanswered += f.values().filter(|f| f.measured && f.run == run).count() as u64;
            f.clear();
        }
    }
    (all, lost, unanswered)
}

/// Why a sample cannot be trusted, if it cannot: the generator ran out of
/// CPU, or woke late.
fn flag(gen_cores: f64, threads: f64, lag: &Summary, steal: f64, iowait: f64) -> Option<String> {
    if gen_cores > 0.9 * threads {
        Some(format!(
            "generator CPU {gen_cores:.2} cores of {threads} threads"
        ))
    } else if lag.p99 > 10.0 {
        Some(format!(
            "generator woke late: p99 {:.1} ms; the machine's time stolen {:.1} %, waiting on disk {:.1} %",
            lag.p99,
            steal * 100.0,
            iowait * 100.0
        ))
    } else {
        None
    }
}

/// How many letters a side drafts in one turn at most (the engine takes 40
/// items; the rest is room for a publish that arrives after the next drafts).
const LETTER_ROOM: u32 = 32;

/// One member's writer: sends on its schedule until the run stops; returns
/// its sink and how late it woke.
#[allow(clippy::too_many_arguments)]
async fn write(
    mut sink: Sink,
    id: u64,
    role: Role,
    state: std::sync::Arc<crate::fleet::ClientState>,
    session: std::sync::Arc<crate::fleet::SessionState>,
    plan: Plan,
    load: Load,
    mut rng: Rng,
) -> (Sink, Histogram<u64>, u64) {
    let mut lag = histogram();
    let mut sent = 0;
    let mut k: u32 = 0;
    loop {
        let scheduled = plan.first + plan.period * k;
        k += 1;
        if scheduled >= plan.stop {
            break;
        }
        tokio::time::sleep_until(scheduled.into()).await;
        let woke = Instant::now();
        let measured = scheduled >= plan.measure_from && scheduled < plan.measure_to;
        // Only the measure window's wake-ups judge the generator, as only its
        // commands are measured: in Brink's warm-up the generator fell up to
        // two seconds behind in its first four wake-ups, and that flagged
        // runs on sends that no figure counts.
        if measured {
            record(&mut lag, woke - scheduled);
        }
        let mut batch: Vec<(serde_json::Value, u32)> = Vec::new();
        match role {
            Role::Side(s) => {
                let n = state.next.load(Ordering::Relaxed);
                let text = wire::marked_text((id << 32) | n, load.text_bytes);
                // A side may hold 40 items in its orders a turn: past
                // LETTER_ROOM the letters it would draft go as team chat,
                // which reaches the same audience, so that no command is
                // refused however fast the members send.
                let letter = rng.unit() < load.letter_share
                    && session.letters[s % 2].fetch_add(1, Ordering::Relaxed) < LETTER_ROOM;
                let command = if letter {
                    wire::public_letter(side_name(s + 1), &text)
                } else {
                    wire::team_chat(&text)
                };
                batch.push((command, plan.expected));
            }
            Role::Umpire => {
                let n = state.next.load(Ordering::Relaxed);
                let text = wire::marked_text((id << 32) | n, load.text_bytes);
                batch.push((wire::umpire_to_all(&text), plan.everyone));
                for letters in &session.letters {
                    letters.store(0, Ordering::Relaxed);
                }
                // One more turn each time (up to the 30 the engine allows),
                // so that a long run does not reach the last turn.
                batch.push((serde_json::json!({"type": "add_turns", "turns": 1}), 0));
                batch.push((serde_json::json!({"type": "advance", "force": true}), 0));
                batch.push((serde_json::json!({"type": "publish"}), 0));
                batch.push((serde_json::json!({"type": "advance"}), 0));
                batch.push((serde_json::json!({"type": "advance"}), 0));
            }
            Role::Observer => {}
        }
        for (command, expected) in batch {
            let n = state.next.fetch_add(1, Ordering::Relaxed);
            let tracked = measured && expected > 0;
            sent += u64::from(tracked);
            if expected > 0
                && let Ok(mut p) = session.pending.lock()
            {
                p.insert(
                    (id << 32) | n,
                    Pending {
                        scheduled,
                        sent: woke,
                        remaining: expected,
                        run: plan.run,
                        measured: tracked,
                    },
                );
            }
            if let Ok(mut f) = state.in_flight.lock() {
                f.insert(
                    n,
                    InFlight {
                        scheduled,
                        sent: woke,
                        run: plan.run,
                        measured: tracked,
                    },
                );
            }
            if sink
                .send(Message::Text(wire::command(n, command).into()))
                .await
                .is_err()
            {
                return (sink, lag, sent);
            }
        }
    }
    (sink, lag, sent)
}
