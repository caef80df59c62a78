//! A client that never gives up: it resumes after every lost connection (with
//! backoff), treats a silent connection as dead, sends again every command
//! whose answer it has not seen (with the same id), and checks its stream as
//! it goes: each event must be the one after the last, with no gap, no
//! duplicate and no reordering. The batteries run several of these through
//! faults, kills and restarts, then compare what each received with the
//! server's replay of its perspective.

use anyhow::{Context, Result, bail};
use brink_client::seat::resume_request;
use brink_client::{Ids, Inflight, Link, Options, Resumed, Stream, Taken, Welcome};
use futures_util::SinkExt;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// One player's resilient connection, and what it has seen.
#[derive(Debug)]
pub struct Robust {
    /// Who this is, for messages.
    pub name: String,
    /// Where it connects (the server, or a proxy in front of it).
    pub url: String,
    /// The resume token.
    pub token: String,
    /// The session.
    pub session: String,
    /// The stream seq of the welcome at joining: events after it are checked.
    pub joined_at: u64,
    /// Every event received, as the connection got it (without `type`).
    pub events: Vec<Value>,
    /// Every command taken, by id.
    pub commands: BTreeMap<String, Value>,
    /// The answer each command got, by id.
    pub answers: BTreeMap<String, Value>,
    /// Commands answered more than once (a retry of one already answered).
    pub repeated: usize,
    /// Commands sent again after a resume whose events had already arrived:
    /// applied, with the answer lost (the server must not apply them again).
    pub retried_applied: usize,
    /// Commands sent again after a resume.
    pub retried: usize,
    /// Commands refused as `unavailable` (a shutdown), and sent again.
    pub unavailable: usize,
    /// How many times it resumed.
    pub resumes: usize,
    /// Resumes that got a fresh view instead of the missed events.
    pub snapshots: usize,
    /// What went wrong with the stream or the answers.
    pub violations: Vec<String>,
    /// How long silence may last before the connection counts as dead.
    pub patience: Duration,
    /// Where its stream stands: the last seq received, in order.
    stream: Stream,
    link: Option<Link>,
    /// Its command ids, `NAME-1`, `NAME-2`, … across every connection.
    ids: Ids,
}

impl Robust {
    /// Joins `code` at `server` (directly), then lets the connection go: from
    /// now on it resumes by token, from `url`.
    pub async fn join(server: &str, code: &str, name: &str, seat: Option<&str>) -> Result<Self> {
        let (mut c, welcome) = crate::Client::join(server, code, name, seat).await?;
        c.close().await;
        let welcome = Welcome::of(&welcome)?;
        Ok(Self {
            name: name.to_owned(),
            url: server.to_owned(),
            token: welcome.token,
            session: welcome.session,
            joined_at: welcome.seq,
            events: Vec::new(),
            commands: BTreeMap::new(),
            answers: BTreeMap::new(),
            repeated: 0,
            retried_applied: 0,
            retried: 0,
            unavailable: 0,
            resumes: 0,
            snapshots: 0,
            violations: Vec::new(),
            patience: Duration::from_millis(400),
            stream: Stream::at(welcome.seq),
            link: None,
            ids: Ids::new(format!("{name}-")),
        })
    }

    /// The last seq received, in order.
    pub fn last_seq(&self) -> u64 {
        self.stream.last()
    }

    /// Plays until `stop`: takes commands from `next` (given how many it has
    /// taken; `None` for none now), keeps at most `window` unanswered, and
    /// resends unanswered ones after each resume. Once `stop` is set, it
    /// waits for every answer, then reads until the stream is quiet.
    pub async fn play(
        &mut self,
        mut next: impl FnMut(u64) -> Option<Value>,
        stop: &AtomicBool,
        window: usize,
    ) -> Result<()> {
        let mut inflight: Inflight<Value> = Inflight::new();
        let mut taken = 0;
        let mut failures = 0u32;
        loop {
            let stopping = stop.load(Ordering::Relaxed);
            if self.link.is_none() {
                match self.resume().await {
                    Ok(()) => failures = 0,
                    Err(_) => {
                        failures += 1;
                        if failures > 200 {
                            bail!("{} cannot resume: the server is gone", self.name);
                        }
                        let backoff = 5u64 << failures.min(5);
                        tokio::time::sleep(Duration::from_millis(backoff)).await;
                        continue;
                    }
                }
                self.retried += inflight.len();
                for (_, c) in inflight.iter() {
                    let text = &c["text"];
                    if self.events.iter().any(|e| e["event"]["text"] == *text) {
                        self.retried_applied += 1;
                    }
                }
                // The same ids: the server answers those it has applied.
                let again: Vec<Value> = inflight.iter().map(|(id, c)| command(id, c)).collect();
                if self.send_all(again).await.is_err() {
                    continue;
                }
            }
            let mut fresh = Vec::new();
            while !stopping && inflight.len() < window {
                let Some(c) = next(taken) else { break };
                taken += 1;
                let id = self.ids.next_id();
                fresh.push(command(&id, &c));
                self.commands.insert(id.clone(), c.clone());
                inflight.push(id, c);
            }
            if self.send_all(fresh).await.is_err() {
                continue;
            }
            let Some(link) = self.link.as_mut() else {
                continue;
            };
            match tokio::time::timeout(self.patience, link.recv_text()).await {
                Err(_) if stopping && inflight.is_empty() => return Ok(()),
                // Silence while others play: the link is dead, or half-open.
                Err(_) => self.link = None,
                Ok(Ok(Some(text))) => {
                    let v: Value = serde_json::from_str(&text)?;
                    self.take(v, &mut inflight);
                }
                Ok(Ok(None) | Err(_)) => self.link = None,
            }
        }
    }

    async fn send_all(&mut self, msgs: Vec<Value>) -> Result<()> {
        let Some(link) = self.link.as_mut() else {
            bail!("not connected")
        };
        let ws = link.ws_mut();
        let sent = async {
            for m in msgs {
                ws.feed(Message::Text(m.to_string().into())).await?;
            }
            ws.flush().await
        };
        match tokio::time::timeout(self.patience, sent).await {
            Ok(Ok(())) => Ok(()),
            _ => {
                self.link = None;
                bail!("send failed")
            }
        }
    }

    /// Connects, says hello and resumes from the last seq received.
    async fn resume(&mut self) -> Result<()> {
        let options = Options::new("robust").patience(self.patience * 3);
        let mut link = Link::open(&self.url, options).await?;
        link.hello().await?;
        let request = resume_request(self.ids.next_id(), &self.token, self.stream.last());
        let (answer, _) = link.request::<Value>(&request).await?;
        let welcome = Welcome::of(&answer).context("resume refused")?;
        let last = self.stream.last();
        match self.stream.resumed(welcome.seq, welcome.missed) {
            Resumed::Shorter => self.violations.push(format!(
                "{}: the server's stream ({}) is shorter than what was received ({last})",
                self.name, welcome.seq
            )),
            Resumed::Snapshot => self.snapshots += 1,
            Resumed::Miscounted => self.violations.push(format!(
                "{}: welcome at {} after {last} announces {} missed",
                self.name, welcome.seq, welcome.missed
            )),
            Resumed::Missed(_) => {}
        }
        self.resumes += 1;
        self.link = Some(link);
        Ok(())
    }

    /// Takes one message: an event (checked against the last seq), or an
    /// answer (matched to its command).
    fn take(&mut self, mut v: Value, inflight: &mut Inflight<Value>) {
        match v["type"].as_str() {
            Some("event") => {
                let seq = v["seq"].as_u64().unwrap_or(0);
                let last = self.stream.last();
                match self.stream.take(seq) {
                    Taken::Next => {
                        v.as_object_mut().map(|o| o.remove("type"));
                        self.events.push(v);
                    }
                    Taken::Again => self
                        .violations
                        .push(format!("{}: event {seq} again after {last}", self.name)),
                    Taken::Gap => self
                        .violations
                        .push(format!("{}: event {seq} after {last}: a gap", self.name)),
                }
            }
            // The batteries run without a rate limit (`--messages-per-second
            // 0`): a player that sends as fast as it is answered would be
            // throttled, then cut off, and its refusals taken for answers.
            Some("rejected") if v["code"] == "rate_limited" => {
                self.violations
                    .push(format!("{}: rate limited: {v}", self.name));
            }
            // Refused for now (the server is shutting down): not acted on,
            // so it stays unanswered and goes again after the resume.
            Some("rejected") if v["code"] == "unavailable" => {
                self.unavailable += 1;
            }
            Some("ack" | "rejected") => {
                let Some(id) = v["id"].as_str().map(str::to_owned) else {
                    self.violations
                        .push(format!("{}: an answer without id: {v}", self.name));
                    return;
                };
                let before = if inflight.settle(&id).is_some() {
                    self.answers.insert(id.clone(), v.clone())
                } else {
                    self.answers.get(&id).cloned()
                };
                if let Some(before) = before {
                    self.repeated += 1;
                    if before != v {
                        self.violations
                            .push(format!("{}: {id} answered {before} then {v}", self.name));
                    }
                }
            }
            _ => {}
        }
    }
}

fn command(id: &str, c: &Value) -> Value {
    json!({"type": "command", "id": id, "command": c})
}

/// The batteries' table: the umpire (`umpire`), two members a side (`jfk`,
/// `rfk`; `nk`, `gromyko`) and, if asked, an observer (`class`), joined at
/// `server`.
pub async fn table(server: &str, s: &crate::Session, observer: bool) -> Result<Vec<Robust>> {
    let mut players = vec![
        Robust::join(server, &s.umpire, "umpire", None).await?,
        Robust::join(server, &s.us, "jfk", Some("president")).await?,
        Robust::join(server, &s.us, "rfk", Some("attorney_general")).await?,
        Robust::join(server, &s.ussr, "nk", Some("first_secretary")).await?,
        Robust::join(server, &s.ussr, "gromyko", Some("foreign_minister")).await?,
    ];
    if observer {
        players.push(Robust::join(server, &s.observer, "class", None).await?);
    }
    Ok(players)
}

/// A table at play, each player in its own task.
#[derive(Debug)]
pub struct Playing {
    stop: std::sync::Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<(Robust, Result<()>)>>,
}

impl Playing {
    /// Sets `players` playing through `url`: the umpire writes to all, the
    /// side players chat, the observer listens. Each command's text is
    /// `NAME-says-N`; with `refuse_every: Some(k)`, every k-th is instead
    /// `NAME-refused-N` with a control character, which the server refuses.
    pub fn start(players: Vec<Robust>, url: &str, refuse_every: Option<u64>) -> Self {
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let tasks = players
            .into_iter()
            .map(|mut p| {
                p.url = url.to_owned();
                let stop = stop.clone();
                tokio::spawn(async move {
                    let name = p.name.clone();
                    let next = move |n: u64| -> Option<Value> {
                        let text = match refuse_every {
                            Some(k) if n % k == k - 1 => format!("{name}-refused-{n}\u{1b}"),
                            _ => format!("{name}-says-{n}"),
                        };
                        match name.as_str() {
                            "class" => None,
                            "umpire" => {
                                Some(json!({"type": "umpire_message", "to": "all", "text": text}))
                            }
                            _ => Some(json!({"type": "team_chat", "text": text})),
                        }
                    };
                    let played = p.play(next, &stop, 3).await;
                    (p, played)
                })
            })
            .collect();
        Self { stop, tasks }
    }

    /// Stops the play, waits for every answer, and gives the players back.
    pub async fn finish(self) -> Result<Vec<Robust>> {
        self.stop.store(true, Ordering::Relaxed);
        let mut players = Vec::new();
        for task in self.tasks {
            let (p, played) = task.await?;
            played?;
            players.push(p);
        }
        Ok(players)
    }
}
