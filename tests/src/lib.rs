//! The end-to-end test harness: starts the real `brink-server` binary on an
//! ephemeral port with its own data directory, and talks to it with real
//! WebSocket clients and the real `brink` binary.
//!
//! The binaries are the ones `cargo test --workspace` builds next to this
//! crate's test executables (`target/<profile>/`).

use anyhow::{Context, Result, anyhow, bail};
use brink_client::seat::join_request;
use brink_client::{Link, Options};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;

pub mod browser;
pub mod proxy;
pub mod robust;
pub mod table;

/// Whether the batteries run their long profile (`BRINK_PROFILE=long`) rather
/// than the quick one CI runs.
pub fn long_profile() -> bool {
    std::env::var("BRINK_PROFILE").is_ok_and(|p| p == "long")
}

/// A small random number generator (xorshift), for repeatable random games
/// and faults.
#[derive(Debug, Clone)]
pub struct Dice(u64);

impl Dice {
    /// Dice from a seed (any; zero is moved off).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// A number in `0..n` (`n` at least 1).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// How long any single expected message may take before a test fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The admin token every test server uses.
pub const ADMIN: &str = "test-admin-token";

/// The path of a workspace binary built beside the test executable, built
/// first if need be: `cargo test -p brink-tests` alone would not rebuild the
/// other packages' binaries, and a stale binary tests old code.
pub fn bin(name: &str) -> PathBuf {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(build_binaries);
    binary_path(name)
}

fn build_binaries() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "brink-server", "-p", "brink-cli"]);
    if binary_path("brink-server")
        .parent()
        .and_then(Path::file_name)
        == Some("release".as_ref())
    {
        cmd.arg("--release");
    }
    match cmd.status() {
        Ok(s) if s.success() => {}
        other => panic!("cannot build the binaries under test: {other:?}"),
    }
}

fn binary_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/<profile>/deps/<test> → target/<profile>/<name>
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// SQLite's integrity check of a server's database (`brink-server
/// check-store`): `ok` when it is sound.
pub fn integrity(dir: &Path) -> Result<String> {
    let out = std::process::Command::new(bin("brink-server"))
        .arg("--data-dir")
        .arg(dir)
        .arg("check-store")
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A directory removed when dropped (`tempfile`'s).
pub use tempfile::TempDir;

/// A new, empty directory under the system's temporary directory, named
/// after `label`; removed when dropped.
pub fn temp_dir(label: &str) -> Result<TempDir> {
    Ok(tempfile::Builder::new()
        .prefix(&format!("brink-{label}-"))
        .tempdir()?)
}

/// A running `brink-server` process.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `ws://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    /// Starts the server on an ephemeral port with `data` as its data directory,
    /// and waits until it says where it listens.
    pub async fn start(data: &Path) -> Result<Self> {
        Self::start_with(data, &[]).await
    }

    /// Starts the server with extra arguments (limits, say
    /// `["--messages-per-second", "5"]`).
    pub async fn start_with(data: &Path, args: &[&str]) -> Result<Self> {
        let path = bin("brink-server");
        if !path.exists() {
            bail!(
                "{} is missing: run the tests with `cargo test --workspace`, which builds it",
                path.display()
            );
        }
        let mut child = Command::new(&path)
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .args(args)
            .env("BRINK_ADMIN_TOKEN", ADMIN)
            // `BRINK_TEST_LOG=debug cargo test ...` to see what the server did.
            .env(
                "RUST_LOG",
                std::env::var("BRINK_TEST_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .context("cannot start brink-server")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(PATIENCE, async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return Ok(url.to_owned());
                }
            }
            Err(anyhow!("brink-server exited before listening"))
        })
        .await
        .context("brink-server did not start in time")??;
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self { child, url })
    }

    /// The server's resident memory in KiB (Linux), for reports.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()?)).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Kills the server at once (SIGKILL): no chance to flush or say goodbye.
    pub async fn kill(&mut self) -> Result<()> {
        self.child.kill().await?;
        Ok(())
    }

    /// Asks the server to stop (SIGTERM) and waits for it; returns its exit code.
    pub async fn terminate(&mut self) -> Result<Option<i32>> {
        let pid = self.child.id().context("the server has already exited")?;
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()?;
        if !status.success() {
            bail!("kill -TERM {pid} failed");
        }
        let status = tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .context("the server did not stop in time")??;
        Ok(status.code())
    }

    /// Creates a session of the 1962 scenario; returns its id and codes by role.
    pub async fn create_session(&self) -> Result<Session> {
        self.create_session_with(json!({})).await
    }

    /// Creates a session of the 1962 scenario with `extra` fields in the
    /// request (e.g. `{"observers": {"mode": "after_end"}}`).
    pub async fn create_session_with(&self, extra: Value) -> Result<Session> {
        let mut admin = Client::connect(&self.url).await?;
        let mut request = json!({"type": "create_session", "id": "c1", "admin_token": ADMIN, "scenario": "cuban-missile-crisis-1962"});
        if let (Some(r), Some(e)) = (request.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        let answer = admin.request(request).await?;
        let session = &answer["session"];
        let code = |role: &str| -> Result<String> {
            session["codes"]
                .as_array()
                .and_then(|codes| codes.iter().find(|c| c["role"] == role))
                .and_then(|c| c["code"].as_str())
                .map(str::to_owned)
                .with_context(|| format!("no {role} code in {answer}"))
        };
        Ok(Session {
            id: session["session"].as_str().unwrap_or_default().to_owned(),
            umpire: code("umpire")?,
            observer: code("observer")?,
            us: code("us")?,
            ussr: code("ussr")?,
        })
    }
}

/// A server on a fresh data directory, with one session of the 1962 scenario.
/// Keep the directory alive as long as the server.
pub async fn with_session(label: &str) -> Result<(TempDir, Server, Session)> {
    let data = temp_dir(label)?;
    let server = Server::start(data.path()).await?;
    let session = server.create_session().await?;
    Ok((data, server, session))
}

/// A created session's id and join codes.
#[derive(Debug, Clone)]
pub struct Session {
    /// Session id.
    pub id: String,
    /// The umpire's code.
    pub umpire: String,
    /// The observers' code.
    pub observer: String,
    /// The US team's code.
    pub us: String,
    /// The Soviet team's code.
    pub ussr: String,
}

/// A raw WebSocket client that keeps every message it receives after the
/// hello. Its link (connect, hello, the join request, the retry of a
/// rate-limited request) is the client library's; reading stays here, where
/// every frame is kept for the tests to look at.
#[derive(Debug)]
pub struct Client {
    link: Link,
    /// Messages received but not yet taken by a test.
    inbox: VecDeque<Value>,
    /// Every message received, in order, for whole-stream checks.
    pub log: Vec<Value>,
}

impl Client {
    /// Connects without saying hello.
    pub async fn raw(url: &str) -> Result<Self> {
        let options = Options::new("e2e")
            .patience(PATIENCE)
            .retry_pause(Duration::from_millis(250));
        Ok(Self {
            link: Link::open(url, options).await?,
            inbox: VecDeque::new(),
            log: Vec::new(),
        })
    }

    /// Connects and exchanges hellos.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut c = Self::raw(url).await?;
        c.link.hello().await?;
        Ok(c)
    }

    /// Connects and joins with `code`; returns the client and its welcome.
    pub async fn join(
        url: &str,
        code: &str,
        name: &str,
        seat: Option<&str>,
    ) -> Result<(Self, Value)> {
        let mut c = Self::connect(url).await?;
        let msg = serde_json::to_value(join_request("j".into(), code, name, seat))?;
        let welcome = c.request(msg).await?;
        if welcome["type"] != "welcome" {
            bail!("expected welcome, got {welcome}");
        }
        Ok((c, welcome))
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, msg: Value) -> Result<()> {
        self.send_text(&msg.to_string()).await
    }

    /// Sends raw text.
    pub async fn send_text(&mut self, text: &str) -> Result<()> {
        self.link.send_text(text).await
    }

    /// Sends a raw WebSocket message.
    pub async fn send_message(&mut self, msg: Message) -> Result<()> {
        self.link.ws_mut().send(msg).await?;
        Ok(())
    }

    /// The next message: from the inbox, or from the socket.
    pub async fn recv(&mut self) -> Result<Value> {
        if let Some(v) = self.inbox.pop_front() {
            return Ok(v);
        }
        self.read().await
    }

    async fn read(&mut self) -> Result<Value> {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.link.ws_mut().next())
                .await
                .context("no message arrived in time")?;
            match msg {
                Some(Ok(Message::Text(text))) => {
                    let v: Value = serde_json::from_str(&text)?;
                    self.log.push(v.clone());
                    return Ok(v);
                }
                Some(Ok(Message::Close(frame))) => bail!("closed: {frame:?}"),
                Some(Ok(_)) => continue,
                Some(Err(e)) => bail!("connection error: {e}"),
                None => bail!("connection ended"),
            }
        }
    }

    /// Reads whatever arrives until the connection has been quiet for
    /// `quiet` (for streams a test cannot wait on by name).
    pub async fn settle(&mut self, quiet: Duration) -> Result<()> {
        loop {
            match tokio::time::timeout(quiet, self.link.ws_mut().next()).await {
                Err(_) => return Ok(()),
                Ok(Some(Ok(Message::Text(text)))) => {
                    let v: Value = serde_json::from_str(&text)?;
                    self.log.push(v.clone());
                    self.inbox.push_back(v);
                }
                Ok(Some(Ok(Message::Close(frame)))) => bail!("closed: {frame:?}"),
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(e))) => bail!("connection error: {e}"),
                Ok(None) => bail!("connection ended"),
            }
        }
    }

    /// Closes the connection (politely, without waiting).
    pub async fn close(&mut self) {
        self.link.close().await;
    }

    /// Waits for the close frame; returns its code.
    pub async fn closed(&mut self) -> Result<u16> {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.link.ws_mut().next())
                .await
                .context("the connection did not close in time")?;
            match msg {
                Some(Ok(Message::Close(Some(frame)))) => return Ok(frame.code.into()),
                Some(Ok(Message::Close(None))) | None => return Ok(1005),
                Some(Ok(Message::Text(text))) => self.log.push(serde_json::from_str(&text)?),
                Some(Ok(_)) => continue,
                Some(Err(e)) => bail!("connection error before close: {e}"),
            }
        }
    }

    /// Sends a request (its `id` set if missing) and returns the answer that
    /// carries its id; other messages wait in the inbox.
    pub async fn request(&mut self, mut msg: Value) -> Result<Value> {
        if msg.get("id").is_none() {
            // Unique in the whole test run: a player's command ids must never
            // repeat, even across its connections.
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
            msg["id"] = json!(format!("q{}", NEXT.fetch_add(1, Ordering::Relaxed)));
        }
        self.send(msg.clone()).await?;
        loop {
            let v = self.read().await?;
            if v.get("id") != msg.get("id") {
                self.inbox.push_back(v);
            } else if !self.link.again_if_limited(&v, &msg).await? {
                // (A `rate_limited` refusal sent it again, with its id.)
                return Ok(v);
            }
        }
    }

    /// Sends a game command; returns the answer (ack or rejected).
    pub async fn command(&mut self, command: Value) -> Result<Value> {
        self.request(json!({"type": "command", "command": command}))
            .await
    }

    /// The next event whose payload satisfies `pred`, skipping others.
    pub async fn event_where(&mut self, pred: impl Fn(&Value) -> bool) -> Result<Value> {
        loop {
            let v = self.recv().await?;
            if v["type"] == "event" && pred(&v["event"]) {
                return Ok(v);
            }
        }
    }

    /// A whole replay, every page of it: the events (as the replay sends
    /// them) and the view at `to`; or the rejection.
    pub async fn replay_all(
        &mut self,
        session: &str,
        auth: &Value,
        perspective: &Value,
        to: Option<&str>,
    ) -> Result<std::result::Result<(Vec<Value>, Value), Value>> {
        let mut events = Vec::new();
        let mut from: Option<String> = None;
        let mut view = Value::Null;
        loop {
            let mut request = json!({"type": "replay", "session": session, "auth": auth, "perspective": perspective, "view": view.is_null()});
            if let Some(from) = &from {
                request["from"] = json!(from);
            }
            if let Some(to) = to {
                request["to"] = json!(to);
            }
            let answer = self.request(request).await?;
            if answer["type"] != "replay" {
                return Ok(Err(answer));
            }
            if view.is_null() {
                view = answer["view"].clone();
            }
            let page = answer["events"].as_array().cloned().unwrap_or_default();
            let last = page.last().and_then(|e| e["seq"].as_u64());
            events.extend(page);
            match (answer["more"].as_bool(), last) {
                (Some(true), Some(last)) => from = Some(format!("seq:{last}")),
                _ => return Ok(Ok((events, view))),
            }
        }
    }

    /// A whole document (export or report): its parts' text joined; or the
    /// rejection.
    pub async fn document(&mut self, request: Value) -> Result<std::result::Result<String, Value>> {
        let mut answer = self.request(request).await?;
        let mut text = String::new();
        loop {
            if answer["type"] != "document" {
                return Ok(Err(answer));
            }
            text.push_str(answer["text"].as_str().unwrap_or_default());
            if answer["last"] == true {
                return Ok(Ok(text));
            }
            answer = self.recv().await?;
        }
    }

    /// The events this connection received live after stream seq `after`,
    /// each as a replay carries it (without `type`).
    pub fn live_events(&self, after: u64) -> Vec<Value> {
        self.log
            .iter()
            .filter(|m| m["type"] == "event" && m["seq"].as_u64().is_some_and(|s| s > after))
            .map(|m| {
                let mut m = m.clone();
                m.as_object_mut().map(|o| o.remove("type"));
                m
            })
            .collect()
    }

    /// Every message received so far (log), serialized, for leak checks.
    pub fn transcript(&self) -> String {
        self.log
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Fails unless the PNG has many colours (text, charts), not one blank field.
pub fn check_not_blank(min_width: u32, png: &std::path::Path) -> Result<()> {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png)?));
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().context("png size")?];
    let info = reader.next_frame(&mut buf)?;
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let mut colours = std::collections::BTreeSet::new();
    let mut dark = 0usize;
    for px in bytes.chunks(channels) {
        colours.insert(px.to_vec());
        if px.iter().take(3).all(|c| *c < 100) {
            dark += 1;
        }
    }
    let pixels = bytes.len() / channels;
    if info.width < min_width || colours.len() < 50 || dark * 200 < pixels {
        bail!(
            "the picture is nearly blank: {}x{}, {} colours, {dark} dark pixels of {pixels}",
            info.width,
            info.height,
            colours.len()
        );
    }
    Ok(())
}
