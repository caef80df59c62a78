//! The crash battery: a busy game while the server is killed with SIGKILL at
//! random moments (50 times in the quick profile, 500 in the long one:
//! `BRINK_PROFILE=long`). After each kill SQLite's integrity check passes and
//! the server comes back; the players resume by themselves through a proxy
//! that always points at the live server. In the end no acknowledged command
//! is missing, none is there twice, nothing rejected is there, every stream
//! is whole and in order, and the state the server recovered equals a fresh
//! fold of its log.

use anyhow::{Context, Result, bail};
use brink_engine::{Recorded, Scenario, Session, Viewer};
use brink_tests::proxy::Proxy;
use brink_tests::robust::{Playing, table};
use brink_tests::{ADMIN, Client, Dice, Server, long_profile, temp_dir};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The players send as fast as the server answers: no rate limit.
const FAST: &[&str] = &["--messages-per-second", "0"];

/// How the server is stopped in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// SIGKILL: no warning.
    Kill,
    /// SIGTERM: a graceful shutdown.
    Term,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_lose_nothing_acknowledged() -> Result<()> {
    battery(Stop::Kill, if long_profile() { 500 } else { 50 }).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdowns_lose_nothing_and_exit_promptly() -> Result<()> {
    battery(Stop::Term, if long_profile() { 100 } else { 10 }).await
}

async fn battery(how: Stop, kills: usize) -> Result<()> {
    let data = temp_dir("crash")?;
    let mut server = Server::start_with(data.path(), FAST).await?;
    let s = server.create_session().await?;
    let players = table(&server.url, &s, false).await?;
    let proxy = Proxy::start(&server.url, 0, 1, 1).await?;
    // Every fifth command is refused (a control character), to show that
    // nothing refused is ever recorded.
    let playing = Playing::start(players, &proxy.url, Some(5));
    let mut dice = Dice::new(0xc0ffee);
    let started = Instant::now();
    let mut slowest_exit = Duration::ZERO;
    for _ in 0..kills {
        tokio::time::sleep(Duration::from_millis(30 + dice.below(250) as u64)).await;
        match how {
            Stop::Kill => server.kill().await?,
            Stop::Term => {
                let asked = Instant::now();
                let code = server.terminate().await?;
                assert_eq!(code, Some(0), "a clean exit");
                slowest_exit = slowest_exit.max(asked.elapsed());
            }
        }
        let integrity = brink_tests::integrity(data.path())?;
        if integrity != "ok" {
            bail!("the integrity check after a kill says {integrity}");
        }
        server = Server::start_with(data.path(), FAST).await?;
        proxy.reroute(&server.url);
    }
    let players = playing.finish().await?;
    let elapsed = started.elapsed();

    // One last kill, then the recovered state against a fresh fold.
    server.kill().await?;
    let server = Server::start_with(data.path(), FAST).await?;
    let umpire = &players[0];
    let mut control = Client::connect(&server.url).await?;
    let welcome = control
        .request(json!({"type": "resume", "token": umpire.token, "last_seq": umpire.last_seq()}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    let jsonl = Client::connect(&server.url)
        .await?
        .document(json!({"type": "export", "session": s.id, "auth": {"admin_token": ADMIN}, "format": "jsonl"}))
        .await?
        .map_err(|r| anyhow::anyhow!("export refused: {r}"))?;
    let log: Vec<Recorded> = jsonl
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("the exported log parses")?;
    for (i, r) in log.iter().enumerate() {
        assert_eq!(r.seq, i as u64 + 1, "log positions are contiguous");
    }
    let scenario = Scenario::parse(
        "cuban-missile-crisis-1962.toml",
        include_str!("../../scenarios/cuban-missile-crisis-1962.toml"),
    )?;
    let mut fold = Session::new(Arc::new(scenario));
    for r in &log {
        fold.apply(r);
    }
    assert_eq!(
        serde_json::to_value(fold.view(&Viewer::Umpire))?,
        welcome["view"],
        "the recovered state is the fold of the log"
    );

    // Acknowledged: there once. Refused: not there. Streams: whole.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in &log {
        let event = serde_json::to_value(&r.event)?;
        if let Some(text) = event["text"].as_str() {
            *counts.entry(text.to_owned()).or_default() += 1;
        }
    }
    let (mut acked, mut refused) = (0, 0);
    for p in &players {
        if !p.violations.is_empty() {
            bail!(
                "{} saw: {:#?}",
                p.name,
                &p.violations[..p.violations.len().min(5)]
            );
        }
        for (id, command) in &p.commands {
            let text = command["text"].as_str().context("text")?;
            let answer = p
                .answers
                .get(id)
                .with_context(|| format!("{id} unanswered"))?;
            let count = counts.get(text).copied().unwrap_or(0);
            match answer["type"].as_str() {
                Some("ack") if count == 1 => acked += 1,
                Some("rejected") if count == 0 && text.contains("-refused-") => refused += 1,
                _ => bail!("{id} ({text:?}) answered {answer} is in the log {count} times"),
            }
        }
    }
    let unavailable: usize = players.iter().map(|p| p.unavailable).sum();
    eprintln!(
        "crash battery ({unavailable} refused as unavailable while stopping, then applied once) ({how:?}, slowest exit {slowest_exit:?}): {kills} stops in {:.1} s; {acked} commands acknowledged, each in the log once; {} refused, none recorded; {} events in the log, contiguous; integrity ok after every kill; recovered state equals the fold",
        elapsed.as_secs_f64(),
        refused,
        log.len()
    );
    Ok(())
}
