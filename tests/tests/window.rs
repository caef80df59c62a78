//! A session longer than the log window its server keeps in memory
//! (`--log-window-events` set low): the live path serves what the window
//! holds, and everything older is read back from the store — a replay, the
//! report, a fork, delayed observers released at the end — before and after
//! a restart, exactly as a session held whole would be.

use anyhow::{Context, Result};
use brink_tests::{ADMIN, Client, Server, temp_dir};
use serde_json::{Value, json};
use std::time::Duration;

const WINDOW: &str = "40";
const CHATS: usize = 150;

async fn chat(c: &mut Client, text: String) -> Result<()> {
    let answer = c
        .command(json!({"type": "team_chat", "text": text}))
        .await?;
    anyhow::ensure!(answer["type"] == "ack", "{answer}");
    Ok(())
}

/// The umpire's whole replay: its events, each a chat's text or its type.
async fn umpire_replay(url: &str, session: &str) -> Result<Vec<Value>> {
    let mut admin = Client::connect(url).await?;
    let (events, _) = admin
        .replay_all(
            session,
            &json!({"admin_token": ADMIN}),
            &json!("umpire"),
            None,
        )
        .await?
        .map_err(|r| anyhow::anyhow!("the replay was refused: {r}"))?;
    Ok(events)
}

#[tokio::test]
async fn a_session_longer_than_its_window_is_whole_where_it_must_be() -> Result<()> {
    let data = temp_dir("window")?;
    let args = ["--log-window-events", WINDOW, "--messages-per-second", "0"];
    let mut server = Server::start_with(data.path(), &args).await?;
    let s = server
        .create_session_with(json!({"observers": {"mode": "after_end"}}))
        .await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Ms Smith", None).await?;
    let (mut jack, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (mut bobby, welcome) =
        Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    let bobby_token = welcome["resume_token"]
        .as_str()
        .context("a token")?
        .to_owned();
    let (mut class, _) = Client::join(&server.url, &s.observer, "The class", None).await?;
    bobby.settle(Duration::from_millis(200)).await?;
    let bobby_seq = bobby
        .log
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .max()
        .unwrap_or(0);
    bobby.close().await;
    for i in 0..CHATS {
        chat(&mut jack, format!("chat {i}")).await?;
    }

    // Bobby, far behind the window, is welcomed with a fresh view: no
    // missed events, the latest messages in the view.
    let mut back = Client::connect(&server.url).await?;
    let welcome = back
        .request(json!({"type": "resume", "token": bobby_token, "last_seq": bobby_seq}))
        .await?;
    assert_eq!(welcome["missed"], 0, "{welcome}");
    let last = welcome["view"]["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned();
    assert_eq!(
        last.map(|m| m["text"].clone()),
        Some(json!(format!("chat {}", CHATS - 1)))
    );
    // A short gap, within the window, is caught up event by event.
    back.settle(Duration::from_millis(200)).await?;
    let seq = back
        .log
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .max()
        .unwrap_or(0);
    back.close().await;
    chat(&mut jack, "one more".into()).await?;
    let mut again = Client::connect(&server.url).await?;
    let welcome = again
        .request(json!({"type": "resume", "token": bobby_token, "last_seq": seq}))
        .await?;
    assert!(
        welcome["missed"].as_u64().is_some_and(|n| n >= 1),
        "{welcome}"
    );

    // The whole log, read back from the store: every chat is in the
    // umpire's replay and in the report.
    let events = umpire_replay(&server.url, &s.id).await?;
    let texts: Vec<&str> = events
        .iter()
        .filter_map(|e| e["event"]["text"].as_str())
        .collect();
    for i in [0, CHATS / 2, CHATS - 1] {
        assert!(
            texts.contains(&format!("chat {i}").as_str()),
            "chat {i} is in the replay"
        );
    }
    let seqs: Vec<u64> = events.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "no gap");
    let mut admin = Client::connect(&server.url).await?;
    let report = admin
        .document(json!({"type": "report", "session": s.id, "auth": {"admin_token": ADMIN}, "format": "md"}))
        .await?
        .map_err(|r| anyhow::anyhow!("the report was refused: {r}"))?;
    assert!(
        report.contains("Cuban Missile Crisis"),
        "the report is written"
    );
    let export = admin
        .document(json!({"type": "export", "session": s.id, "auth": {"admin_token": ADMIN}, "format": "jsonl"}))
        .await?
        .map_err(|r| anyhow::anyhow!("the export was refused: {r}"))?;
    assert!(
        export.contains("\"chat 0\""),
        "the export holds the oldest chat"
    );
    // Observers who see everything once the game ends are given the whole
    // log then: far more than the window, from the store. Before the end,
    // a fork at turn 1 keeps every chat of the lobby, read back too.
    let start = umpire.command(json!({"type": "start_game"})).await?;
    assert_eq!(start["type"], "ack", "{start}");
    let fork = admin
        .request(json!({"type": "fork", "session": s.id, "auth": {"admin_token": ADMIN}, "at": "turn:1"}))
        .await?;
    assert_eq!(fork["type"], "forked", "{fork}");
    assert!(
        fork["at_seq"].as_u64().is_some_and(|n| n > CHATS as u64),
        "{fork}"
    );
    let end = umpire
        .command(json!({"type": "end_game", "verdict": "Over."}))
        .await?;
    assert_eq!(end["type"], "ack", "{end}");
    let end = umpire_replay(&server.url, &s.id).await?.len() as u64;
    let shown = class.event_where(|e| e["type"] == "game_ended").await?;
    let texts: Vec<&str> = class
        .log
        .iter()
        .filter_map(|m| m["event"]["text"].as_str())
        .collect();
    assert!(texts.contains(&"chat 0"), "the class sees the oldest chat");
    assert!(
        shown["seq"].as_u64().is_some_and(|n| n + 2 >= end),
        "{shown} of {end}"
    );

    // After a restart the same log replays the same.
    server.terminate().await?;
    let server = Server::start_with(data.path(), &args).await?;
    let after = umpire_replay(&server.url, &s.id).await?;
    assert!(after.len() >= events.len());
    assert_eq!(
        after[..events.len()],
        events[..],
        "the replay is the same after a restart"
    );
    Ok(())
}
