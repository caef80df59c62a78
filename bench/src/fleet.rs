//! The generator's clients: seminar sessions created through the admin
//! token, and every member joined over its own WebSocket (umpire, the two
//! sides' members in named seats, observers). Each client's reader task
//! runs for the fleet's life and records what arrives: acks against the
//! client's commands in flight, markers against its session's pending
//! fan-outs. The load itself is driven by `load`.

use crate::server::ADMIN_TOKEN;
use crate::stats::{histogram, record};
use crate::wire::{Seen, classify};
use anyhow::{Context, Result, bail};
use brink_client::{Link, Options as LinkOptions, Welcome};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// A client's socket.
pub use brink_client::Ws;
/// Its sending half.
pub type Sink = SplitSink<Ws, Message>;

/// The seats the generator's members take, per side, in order.
const SEATS: [(&str, [&str; 5]); 2] = [
    (
        "us",
        [
            "president",
            "attorney_general",
            "secretary_of_defense",
            "secretary_of_state",
            "national_security_adviser",
        ],
    ),
    (
        "ussr",
        [
            "first_secretary",
            "foreign_minister",
            "ambassador",
            "defence_minister",
            "first_deputy_premier",
        ],
    ),
];

/// Who a session holds.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// How many sessions.
    pub sessions: usize,
    /// Members of each of the two sides (1–5).
    pub per_side: usize,
    /// Observers per session.
    pub observers: usize,
}

impl Shape {
    /// Connections per session.
    pub fn per_session(&self) -> usize {
        1 + 2 * self.per_side + self.observers
    }

    /// Connections in all.
    pub fn connections(&self) -> usize {
        self.sessions * self.per_session()
    }
}

/// A member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The session's umpire.
    Umpire,
    /// A member of side 0 or 1.
    Side(usize),
    /// An observer.
    Observer,
}

/// The name of side `s`.
pub fn side_name(s: usize) -> &'static str {
    SEATS[s % 2].0
}

/// A command in flight from one client.
#[derive(Debug, Clone, Copy)]
pub struct InFlight {
    /// When it was due to be sent.
    pub scheduled: Instant,
    /// When it was sent.
    pub sent: Instant,
    /// The run it belongs to, and whether it is measured.
    pub run: u32,
    /// Whether its ack is measured.
    pub measured: bool,
}

/// A fan-out waiting for its last recipient.
#[derive(Debug, Clone, Copy)]
pub struct Pending {
    /// When its command was due.
    pub scheduled: Instant,
    /// When it was sent.
    pub sent: Instant,
    /// Recipients still to receive it.
    pub remaining: u32,
    /// Its run.
    pub run: u32,
    /// Whether it is measured.
    pub measured: bool,
}

/// Histograms of one run.
#[derive(Debug)]
pub struct Hists {
    /// Command → ack, from the scheduled send time.
    pub ack: Histogram<u64>,
    /// Command → ack, from the actual send.
    pub ack_sent: Histogram<u64>,
    /// Command → last recipient, from the scheduled send time.
    pub fan: Histogram<u64>,
    /// Command → last recipient, from the actual send.
    pub fan_sent: Histogram<u64>,
    /// Deliveries of measured fan-outs.
    pub delivered: u64,
    /// Refusals of measured commands.
    pub rejected: u64,
    /// Those refusals by their code.
    pub rejected_codes: std::collections::BTreeMap<String, u64>,
}

impl Default for Hists {
    fn default() -> Self {
        Self {
            ack: histogram(),
            ack_sent: histogram(),
            fan: histogram(),
            fan_sent: histogram(),
            delivered: 0,
            rejected: 0,
            rejected_codes: Default::default(),
        }
    }
}

impl Hists {
    /// Adds `other` into these.
    pub fn merge(&mut self, other: &Hists) {
        let _ = self.ack.add(&other.ack);
        let _ = self.ack_sent.add(&other.ack_sent);
        let _ = self.fan.add(&other.fan);
        let _ = self.fan_sent.add(&other.fan_sent);
        self.delivered += other.delivered;
        self.rejected += other.rejected;
        for (code, n) in &other.rejected_codes {
            *self.rejected_codes.entry(code.clone()).or_default() += n;
        }
    }
}

/// What a session's clients share.
#[derive(Debug, Default)]
pub struct SessionState {
    /// Fan-outs by marker key.
    pub pending: Mutex<HashMap<u64, Pending>>,
    /// This run's histograms.
    pub hists: Mutex<Hists>,
    /// Members of each side who stopped reading (S4).
    pub stalled: [AtomicU32; 2],
    /// Letters each side has drafted since the umpire last ran the turn on.
    pub letters: [AtomicU32; 2],
}

/// What a client's reader and writer share.
#[derive(Debug, Default)]
pub struct ClientState {
    /// Commands by number.
    pub in_flight: Mutex<HashMap<u64, InFlight>>,
    /// The next command number: never reused.
    pub next: AtomicU64,
    /// Messages received.
    pub received: AtomicU64,
    /// The last event seq received, for resuming.
    pub seq: AtomicU64,
}

/// One member's connection.
#[derive(Debug)]
pub struct Client {
    /// Its number in the fleet (the high half of its markers).
    pub id: u64,
    /// Its session's index.
    pub session: usize,
    /// Its role.
    pub role: Role,
    /// Shared with its reader.
    pub state: Arc<ClientState>,
    /// Its sending half, lent to a writer during a run.
    pub sink: Option<Sink>,
    /// Whether it has stopped reading (S4): it sends nothing either.
    pub stalled: bool,
    /// Its resume token.
    pub token: String,
    reader: JoinHandle<()>,
}

/// Every client of a run, and the sessions they are in.
#[derive(Debug)]
pub struct Fleet {
    /// The shape it was built in.
    pub shape: Shape,
    /// Per session.
    pub sessions: Vec<Arc<SessionState>>,
    /// Per client.
    pub clients: Vec<Client>,
    /// The run now measured.
    pub run: Arc<AtomicU32>,
    /// How long connecting and joining took.
    pub ramp: Duration,
    /// The server's RSS once the sessions existed, before anyone joined.
    pub rss_sessions: Option<u64>,
    /// The server's address.
    pub url: String,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for c in &self.clients {
            c.reader.abort();
        }
    }
}

/// The WebSocket settings of the generator's clients: small buffers, as the
/// server's, but room for Brink's large welcome.
fn client_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
}

/// How the generator's clients connect: TCP_NODELAY, the WebSocket settings
/// above, a kernel receive buffer if given, and 30 s for each answer.
fn options(recv_buffer: Option<u32>) -> LinkOptions {
    let mut options = LinkOptions::new("brink-bench").patience(Duration::from_secs(30));
    options.config = Some(client_config());
    options.recv_buffer = recv_buffer;
    options.nodelay = true;
    options
}

/// Connects and says hello.
async fn connect(url: &str) -> Result<Link> {
    Link::connect(url, options(None)).await
}

/// The server's work counters (`server_stats`), or none from a server
/// without them (B0 refuses the request).
pub async fn counters(url: &str) -> Option<Value> {
    let ask = async {
        let mut link = connect(url).await?;
        let req = json!({"type": "server_stats", "id": "stats", "admin_token": ADMIN_TOKEN});
        let (answer, _) = link.request::<Value>(&req).await?;
        link.close().await;
        if answer["type"] != "server_stats" {
            bail!("refused: {answer}");
        }
        anyhow::Ok(answer["counters"].clone())
    };
    tokio::time::timeout(Duration::from_secs(5), ask)
        .await
        .ok()?
        .ok()
}

/// The join codes of one session, by role.
#[derive(Debug, Clone)]
struct Codes(HashMap<String, String>);

/// Creates `n` sessions over a few admin connections.
async fn create_sessions(url: &str, n: usize) -> Result<Vec<Codes>> {
    let lanes = n.clamp(1, 8);
    let mut tasks = Vec::new();
    for lane in 0..lanes {
        let url = url.to_owned();
        let count = n / lanes + usize::from(lane < n % lanes);
        tasks.push(tokio::spawn(async move {
            let mut link = connect(&url).await?;
            let mut out = Vec::new();
            for i in 0..count {
                let id = format!("s{lane}-{i}");
                let req = json!({"type": "create_session", "id": id, "admin_token": ADMIN_TOKEN, "scenario": "cuban-missile-crisis-1962"});
                let (answer, _) = link.request::<Value>(&req).await?;
                if answer["type"] == "rejected" {
                    bail!("refused: {answer}");
                }
                let codes = answer["session"]["codes"]
                    .as_array()
                    .context("session_created without codes")?
                    .iter()
                    .filter_map(|c| Some((c["role"].as_str()?.to_owned(), c["code"].as_str()?.to_owned())))
                    .collect();
                out.push(Codes(codes));
            }
            link.close().await;
            anyhow::Ok(out)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

/// Joins one member; returns its socket once welcomed.
async fn join(
    url: &str,
    codes: &Codes,
    role: Role,
    index: usize,
    recv_buffer: Option<u32>,
) -> Result<(Ws, String)> {
    let mut link = Link::connect(url, options(recv_buffer)).await?;
    let (code_role, seat, name) = match role {
        Role::Umpire => ("umpire".to_owned(), None, "Control".to_owned()),
        Role::Observer => ("observer".to_owned(), None, format!("Class {index}")),
        Role::Side(s) => {
            let seat = SEATS[s].1[index];
            (SEATS[s].0.to_owned(), Some(seat), seat.replace('_', " "))
        }
    };
    let code = codes
        .0
        .get(&code_role)
        .with_context(|| format!("no {code_role} code"))?;
    let (welcome, _) = link.join::<Value>(code, &name, seat).await?;
    let welcome = Welcome::of(&welcome)?;
    Ok((link.into_ws(), welcome.token))
}

/// Comes back with a resume token; returns the socket once welcomed.
async fn resume(url: &str, token: &str, last_seq: u64) -> Result<Ws> {
    let mut link = connect(url).await?;
    let (welcome, _) = link.resume::<Value>(token, last_seq).await?;
    Welcome::of(&welcome)?;
    Ok(link.into_ws())
}

/// How a fleet connects.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Each umpire starts the game and opens turn 1's Orders phase.
    pub play: bool,
    /// A server whose RSS to read between creating the sessions and joining
    /// their members.
    pub watch: Option<crate::procstat::Proc>,
    /// Each member's kernel receive buffer (`SO_RCVBUF`); `None` leaves it
    /// to autotuning.
    pub recv_buffer: Option<u32>,
}

impl Fleet {
    /// Creates the sessions of `shape` and joins every member; with `play`,
    /// each umpire then starts the game and opens turn 1's Orders phase.
    pub async fn connect(url: &str, shape: Shape, play: bool) -> Result<Self> {
        let options = Options {
            play,
            ..Options::default()
        };
        Self::connect_with(url, shape, options).await
    }

    /// As [`Fleet::connect`], with more say in how.
    pub async fn connect_with(url: &str, shape: Shape, options: Options) -> Result<Self> {
        let Options {
            play,
            watch: server,
            recv_buffer,
        } = options;
        if shape.per_side == 0 || shape.per_side > 5 {
            bail!("1 to 5 members a side");
        }
        let start = Instant::now();
        let codes = create_sessions(url, shape.sessions).await?;
        // Let the server release the admin connections before the members come.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let rss_sessions = server.and_then(|p| p.rss_bytes().ok());
        let run = Arc::new(AtomicU32::new(0));
        let sessions: Vec<Arc<SessionState>> =
            (0..shape.sessions).map(|_| Arc::default()).collect();
        let mut members = Vec::new();
        for s in 0..shape.sessions {
            members.push((s, Role::Umpire, 0));
            for side in 0..2 {
                for i in 0..shape.per_side {
                    members.push((s, Role::Side(side), i));
                }
            }
            for i in 0..shape.observers {
                members.push((s, Role::Observer, i));
            }
        }
        let gate = Arc::new(Semaphore::new(128));
        let mut joins = Vec::new();
        for (id, (s, role, index)) in members.into_iter().enumerate() {
            let (url, codes, gate) = (url.to_owned(), codes[s].clone(), gate.clone());
            joins.push(tokio::spawn(async move {
                let _permit = gate.acquire_owned().await?;
                let (ws, token) = join(&url, &codes, role, index, recv_buffer).await?;
                anyhow::Ok((id as u64, s, role, ws, token))
            }));
        }
        let mut clients = Vec::new();
        for j in joins {
            let (id, s, role, ws, token) = j.await??;
            let (sink, source) = ws.split();
            let state = Arc::new(ClientState::default());
            let reader = tokio::spawn(read(
                source,
                id,
                state.clone(),
                sessions[s].clone(),
                run.clone(),
            ));
            clients.push(Client {
                id,
                session: s,
                role,
                state,
                sink: Some(sink),
                stalled: false,
                token,
                reader,
            });
        }
        let mut fleet = Self {
            shape,
            sessions,
            clients,
            run,
            ramp: start.elapsed(),
            rss_sessions,
            url: url.to_owned(),
        };
        if play {
            fleet.start_games().await?;
        }
        Ok(fleet)
    }

    /// Each umpire starts the game and opens the Orders phase; waits for
    /// every answer.
    async fn start_games(&mut self) -> Result<()> {
        for c in self.clients.iter_mut().filter(|c| c.role == Role::Umpire) {
            let sink = c.sink.as_mut().context("a sink is lent out")?;
            for command in [json!({"type": "start_game"}), json!({"type": "advance"})] {
                let n = c.state.next.fetch_add(1, Ordering::Relaxed);
                let now = Instant::now();
                if let Ok(mut f) = c.state.in_flight.lock() {
                    f.insert(
                        n,
                        InFlight {
                            scheduled: now,
                            sent: now,
                            run: 0,
                            measured: false,
                        },
                    );
                }
                sink.send(Message::Text(crate::wire::command(n, command).into()))
                    .await?;
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.clients.iter().any(|c| {
            c.state
                .in_flight
                .lock()
                .map(|f| !f.is_empty())
                .unwrap_or(false)
        }) {
            if Instant::now() > deadline {
                bail!("the games did not start in 30 s");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Makes `count` side members, one a session from the first, stop
    /// reading: the server's queue for them fills, and it must cope.
    pub fn stall(&mut self, count: usize) -> usize {
        let mut done = 0;
        for s in 0..self.sessions.len() {
            if done == count {
                break;
            }
            if let Some(c) = self
                .clients
                .iter_mut()
                .find(|c| c.session == s && matches!(c.role, Role::Side(0)))
            {
                c.reader.abort();
                c.stalled = true;
                self.sessions[s].stalled[0].fetch_add(1, Ordering::Relaxed);
                done += 1;
            }
        }
        done
    }

    /// Drops every `nth` connection at once and resumes them all at once;
    /// returns how many came back and each one's time from drop to welcome.
    pub async fn storm(&mut self, url: &str, nth: usize) -> Result<(usize, usize, Histogram<u64>)> {
        let dropped = Instant::now();
        let mut tasks = Vec::new();
        for c in self
            .clients
            .iter_mut()
            .filter(|c| (c.id as usize).is_multiple_of(nth.max(1)))
        {
            c.reader.abort();
            drop(c.sink.take());
            let (url, token) = (url.to_owned(), c.token.clone());
            let seq = c.state.seq.load(Ordering::Relaxed);
            tasks.push((
                c.id,
                tokio::spawn(async move {
                    resume(&url, &token, seq)
                        .await
                        .map(|ws| (ws, dropped.elapsed()))
                }),
            ));
        }
        let mut hist = histogram();
        let (total, mut back) = (tasks.len(), 0);
        for (id, task) in tasks {
            let Ok(Ok((ws, took))) = task.await else {
                continue;
            };
            record(&mut hist, took);
            back += 1;
            let Some(c) = self.clients.iter_mut().find(|c| c.id == id) else {
                continue;
            };
            let (sink, source) = ws.split();
            c.sink = Some(sink);
            c.reader = tokio::spawn(read(
                source,
                c.id,
                c.state.clone(),
                self.sessions[c.session].clone(),
                self.run.clone(),
            ));
        }
        Ok((total, back, hist))
    }

    /// Closes every connection.
    pub async fn close(mut self) {
        for c in &mut self.clients {
            if let Some(mut sink) = c.sink.take() {
                let _ = sink.close().await;
            }
        }
    }
}

/// A client's reader: counts what arrives and settles acks and fan-outs.
async fn read(
    mut source: SplitStream<Ws>,
    id: u64,
    state: Arc<ClientState>,
    session: Arc<SessionState>,
    run: Arc<AtomicU32>,
) {
    while let Some(Ok(msg)) = source.next().await {
        let Message::Text(text) = msg else { continue };
        state.received.fetch_add(1, Ordering::Relaxed);
        if let Some(rest) = text.strip_prefix(r#"{"type":"event","seq":"#)
            && let Some(seq) = rest.split(',').next().and_then(|n| n.parse().ok())
        {
            state.seq.store(seq, Ordering::Relaxed);
        }
        let now = Instant::now();
        match classify(&text) {
            Seen::Ack(n) | Seen::Rejected(n) => {
                let refused = matches!(classify(&text), Seen::Rejected(_));
                let Some(f) = state.in_flight.lock().ok().and_then(|mut f| f.remove(&n)) else {
                    continue;
                };
                let key = (id << 32) | n;
                if refused {
                    // No fan-out will come.
                    if let Ok(mut p) = session.pending.lock() {
                        p.remove(&key);
                    }
                }
                if f.measured
                    && f.run == run.load(Ordering::Relaxed)
                    && let Ok(mut h) = session.hists.lock()
                {
                    if refused {
                        h.rejected += 1;
                        let code = serde_json::from_str::<serde_json::Value>(&text)
                            .ok()
                            .and_then(|v| v["code"].as_str().map(str::to_owned))
                            .unwrap_or_default();
                        *h.rejected_codes.entry(code).or_default() += 1;
                    } else {
                        record(&mut h.ack, now - f.scheduled);
                        record(&mut h.ack_sent, now - f.sent);
                    }
                }
            }
            Seen::Marked(key) => {
                let Ok(mut pending) = session.pending.lock() else {
                    continue;
                };
                let Some(p) = pending.get_mut(&key) else {
                    continue;
                };
                p.remaining = p.remaining.saturating_sub(1);
                let p = *p;
                if p.remaining == 0 {
                    pending.remove(&key);
                }
                drop(pending);
                if p.measured
                    && p.run == run.load(Ordering::Relaxed)
                    && let Ok(mut h) = session.hists.lock()
                {
                    h.delivered += 1;
                    if p.remaining == 0 {
                        record(&mut h.fan, now - p.scheduled);
                        record(&mut h.fan_sent, now - p.sent);
                    }
                }
            }
            Seen::Other => {}
        }
    }
}
