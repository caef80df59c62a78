//! The resume battery: several players play through a proxy that cuts and
//! half-opens their connections at random (1,000 faults in the quick profile,
//! 20,000 in the long one: `BRINK_PROFILE=long`). Each player resumes by
//! itself and sends again what was not answered. In the end every player's
//! stream has no gap, no duplicate and no reordering and equals the server's
//! replay of its perspective, and every command was applied exactly once.

use anyhow::{Context, Result, bail};
use brink_tests::proxy::Proxy;
use brink_tests::robust::{Playing, table};
use brink_tests::{ADMIN, Client, Server, long_profile, temp_dir};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_lose_duplicate_and_reorder_nothing() -> Result<()> {
    let faults = if long_profile() { 20_000 } else { 1_000 };
    let data = temp_dir("resume")?;
    // Dead links are found in a second; the players may send as fast as they
    // like; and a gap of up to 8,191 events is caught up on (the umpire, who
    // sees everything, can miss more than the default 1,023 in that second
    // on a loaded machine, and would get a fresh view instead).
    let server = Server::start_with(
        data.path(),
        &[
            "--ping-interval-secs",
            "0.5",
            "--messages-per-second",
            "0",
            "--outbox-messages",
            "8192",
        ],
    )
    .await?;
    let s = server.create_session().await?;
    let players = table(&server.url, &s, true).await?;
    let proxy = Proxy::start(&server.url, faults, 12, 0x5eed).await?;
    let started = Instant::now();
    let playing = Playing::start(players, &proxy.url, None);
    while proxy.faults().0 + proxy.faults().1 < faults {
        if started.elapsed() > Duration::from_secs(if long_profile() { 3_600 } else { 240 }) {
            bail!("only {:?} faults in time", proxy.faults());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    proxy.calm();
    let players = playing.finish().await?;
    let elapsed = started.elapsed();

    // Each stream is whole and in order, and is what its perspective's
    // replay holds, no more and no less.
    let mut review = Client::connect(&server.url).await?;
    let auth = json!({"admin_token": ADMIN});
    let mut commands = 0;
    for p in &players {
        if !p.violations.is_empty() {
            bail!(
                "{} saw: {:#?}",
                p.name,
                &p.violations[..p.violations.len().min(5)]
            );
        }
        assert_eq!(
            p.snapshots, 0,
            "{}: gaps were short enough to replay",
            p.name
        );
        let perspective = match p.name.as_str() {
            "umpire" => json!("umpire"),
            "class" => json!("observer"),
            "jfk" | "rfk" => json!({"side": "us"}),
            _ => json!({"side": "ussr"}),
        };
        let to = format!("seq:{}", p.last_seq());
        let (replayed, _) = review
            .replay_all(&s.id, &auth, &perspective, Some(&to))
            .await?
            .map_err(|r| anyhow::anyhow!("replay refused: {r}"))?;
        let replayed: Vec<Value> = replayed
            .into_iter()
            .filter(|e| e["seq"].as_u64().is_some_and(|s| s > p.joined_at))
            .collect();
        if replayed != p.events {
            let at = replayed.iter().zip(&p.events).position(|(a, b)| a != b);
            bail!(
                "{}'s stream differs from its replay ({} replayed, {} received; first difference at {at:?})",
                p.name,
                replayed.len(),
                p.events.len()
            );
        }
        for id in p.commands.keys() {
            let answer = p
                .answers
                .get(id)
                .with_context(|| format!("{id} unanswered"))?;
            assert_eq!(answer["type"], "ack", "{}'s {id}: {answer}", p.name);
        }
        commands += p.commands.len();
    }

    // Every acknowledged command is in the log exactly once.
    let (log, _) = review
        .replay_all(&s.id, &auth, &json!("umpire"), None)
        .await?
        .map_err(|r| anyhow::anyhow!("replay refused: {r}"))?;
    let mut counts = std::collections::HashMap::new();
    for e in &log {
        if let Some(text) = e["event"]["text"].as_str().or(e["text"].as_str())
            && text.contains("-says-")
        {
            *counts.entry(text.to_owned()).or_insert(0) += 1;
        }
    }
    for p in &players {
        for command in p.commands.values() {
            let text = command["text"].as_str().context("text")?;
            let count = counts.get(text).copied().unwrap_or(0);
            if count != 1 {
                bail!("{text} is in the log {count} times");
            }
        }
    }
    assert_eq!(counts.len(), commands, "nothing unacknowledged was applied");
    let resumes: usize = players.iter().map(|p| p.resumes).sum();
    let repeated: usize = players.iter().map(|p| p.repeated).sum();
    let retried: usize = players.iter().map(|p| p.retried).sum();
    let retried_applied: usize = players.iter().map(|p| p.retried_applied).sum();
    let (cuts, half_opens) = proxy.faults();
    let events: usize = players.iter().map(|p| p.events.len()).sum();
    eprintln!(
        "resume battery: {cuts} cuts and {half_opens} half-opens in {:.1} s; {resumes} resumes; {commands} commands, each applied once ({retried} sent again, {retried_applied} of them already applied; {repeated} answers received twice); {events} events received, no gap, duplicate or reordering",
        elapsed.as_secs_f64()
    );
    assert!(
        resumes >= faults / 2,
        "the faults reached the players ({resumes} resumes)"
    );
    assert!(
        retried_applied > 0,
        "some retries were of commands already applied"
    );
    Ok(())
}

/// A command id reused for another command is refused, and a retried one is
/// answered as the first time, over a fresh connection too.
#[tokio::test]
async fn a_retried_command_is_answered_once_and_a_reused_id_is_refused() -> Result<()> {
    let (data, mut server, s) = brink_tests::with_session("retry").await?;
    let (mut jfk, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"]
        .as_str()
        .context("token")?
        .to_owned();
    let chat = json!({"type": "command", "id": "once", "command": {"type": "team_chat", "text": "only once"}});
    assert_eq!(jfk.request(chat.clone()).await?["type"], "ack");
    assert_eq!(
        jfk.request(chat.clone()).await?,
        json!({"type": "ack", "id": "once"})
    );
    let other = json!({"type": "command", "id": "once", "command": {"type": "team_chat", "text": "something else"}});
    let r = jfk.request(other).await?;
    assert_eq!(r["code"], "request_id_reused", "{r}");
    let refused =
        json!({"type": "command", "id": "bad", "command": {"type": "team_chat", "text": " "}});
    let first = jfk.request(refused.clone()).await?;
    assert_eq!(first["code"], "empty_text");
    assert_eq!(
        jfk.request(refused).await?,
        first,
        "a refusal is repeated as it was"
    );
    drop(jfk);
    // After a restart too, the retry is recognised from the store.
    server.kill().await?;
    let server = Server::start(data.path()).await?;
    let mut back = Client::connect(&server.url).await?;
    back.request(json!({"type": "resume", "token": token, "last_seq": 0}))
        .await?;
    assert_eq!(
        back.request(chat).await?,
        json!({"type": "ack", "id": "once"})
    );
    let (_, umpire) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let said: Vec<&Value> = umpire["view"]["messages"]
        .as_array()
        .map(|m| m.iter().filter(|m| m["text"] == "only once").collect())
        .unwrap_or_default();
    assert_eq!(said.len(), 1, "applied once");
    Ok(())
}

/// A resume whose `last_seq` the stream never reached is refused with its
/// own code and changes nothing; resuming again from a real position works.
#[tokio::test]
async fn a_resume_from_past_the_streams_end_is_refused() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("ahead").await?;
    let (mut jfk, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"].clone();
    let seq = welcome["seq"].as_u64().context("seq")?;
    jfk.close().await;
    let mut back = Client::connect(&server.url).await?;
    let refused = back
        .request(json!({"type": "resume", "token": token, "last_seq": seq + 1000}))
        .await?;
    assert_eq!(refused["code"], "ahead_of_stream", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("resume with the last seq")),
        "{refused}"
    );
    let welcome = back
        .request(json!({"type": "resume", "token": token, "last_seq": seq}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    assert!(
        welcome["seq"].as_u64() > Some(seq),
        "it went offline and back since: {welcome}"
    );
    Ok(())
}
