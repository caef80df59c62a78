//! What a player's request ids cost the server (issue 24): one player sends
//! team chats at the default rate limit (20 a second) for a while, once with
//! 8-byte ids and once with ids of the longest length allowed (64 bytes),
//! each against a fresh server; the table compares the growth of the
//! server's RSS and of its data directory. Ids are stored with every applied
//! command and kept in memory for retries, so before the limit a long id
//! cost its length again and again.

use crate::server::{ADMIN_TOKEN, Binaries, Kind, Server};
use anyhow::{Context, Result, bail};
use brink_client::{Link, Options};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

/// The default rate limit: commands a second one connection may send.
const RATE: u64 = 20;

/// What one run measured.
struct Run {
    commands: u64,
    rss_growth: u64,
    disk_growth: u64,
}

/// Runs both id lengths for `secs` seconds each; a markdown table, and the
/// ratios (64-byte run over 8-byte run) of RSS and disk growth.
pub async fn measure(bins: &Binaries, secs: u64) -> Result<(String, f64, f64)> {
    let mut runs = Vec::new();
    for len in [8usize, 64] {
        crate::scenarios::progress(&format!("ids: {len}-byte ids for {secs} s"));
        runs.push((len, one(bins, len, secs).await?));
    }
    let mut table = format!(
        "### Request ids: one player chatting at {RATE}/s for {secs} s\n\n| id length | commands acknowledged | server RSS growth | data directory growth |\n|---|---|---|---|\n"
    );
    for (len, run) in &runs {
        table.push_str(&format!(
            "| {len} bytes | {} | {:.0} KiB | {:.0} KiB |\n",
            run.commands,
            run.rss_growth as f64 / 1024.0,
            run.disk_growth as f64 / 1024.0
        ));
    }
    let ratio = |f: fn(&Run) -> u64| f(&runs[1].1).max(1) as f64 / f(&runs[0].1).max(1) as f64;
    Ok((table, ratio(|r| r.rss_growth), ratio(|r| r.disk_growth)))
}

async fn one(bins: &Binaries, len: usize, secs: u64) -> Result<Run> {
    let server = Server::start(Kind::Brink, bins).await?;
    let dir = server
        .data_dir()
        .context("Brink's data directory")?
        .to_owned();
    let mut admin = connect(&server.url).await?;
    let created = request(&mut admin, json!({"type": "create_session", "id": "c", "admin_token": ADMIN_TOKEN, "scenario": "cuban-missile-crisis-1962"})).await?;
    let code = created["session"]["codes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["role"] == "us"))
        .and_then(|c| c["code"].as_str())
        .context("a code for the US")?
        .to_owned();
    let mut player = connect(&server.url).await?;
    let (joined, _) = player
        .join::<Value>(&code, "Jack", Some("president"))
        .await?;
    if joined["type"] != "welcome" {
        bail!("not joined: {joined}");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (rss, disk) = (server.proc.rss_bytes()?, dir_bytes(&dir));
    let start = Instant::now();
    let mut commands = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        // Ids of exactly `len` bytes, all different.
        let id = format!("{commands:0len$}");
        let chat = json!({"type": "command", "id": id, "command": {"type": "team_chat", "text": "Holding at the line."}});
        let answer = request(&mut player, chat).await?;
        if answer["type"] != "ack" {
            bail!("refused: {answer}");
        }
        commands += 1;
        let due = start + Duration::from_millis(commands * 1000 / RATE);
        tokio::time::sleep_until(due.into()).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let run = Run {
        commands,
        rss_growth: server.proc.rss_bytes()?.saturating_sub(rss),
        disk_growth: dir_bytes(&dir).saturating_sub(disk),
    };
    server.stop().await?;
    Ok(run)
}

/// The bytes of the files in `dir` (the database, its WAL and shared memory).
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

async fn connect(url: &str) -> Result<Link> {
    Link::connect(
        url,
        Options::new("brink-bench").patience(Duration::from_secs(10)),
    )
    .await
}

/// Sends `msg` and returns the answer carrying its id.
async fn request(link: &mut Link, msg: Value) -> Result<Value> {
    Ok(link.request::<Value>(&msg).await?.0)
}
