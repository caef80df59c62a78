//! Computer players over the real network path: `brink bot` processes
//! join as clients — a Soviet dove in the First Secretary's seat and the
//! automatic umpire — and a person's client plays the US. The dove
//! proposes, the person accepts, the umpire confirms and publishes, and the
//! crisis ends in an agreement. And `brink solo` plays from a script: a new
//! session with bots on the other side and the automatic umpire, the
//! student seated, turns going by.

use anyhow::{Context, Result, ensure};
use brink_tests::{ADMIN, Client, Server, bin, temp_dir};
use serde_json::{Value, json};
use std::process::Stdio;
use tokio::process::{Child, Command};

/// `brink bot CODE` with `args`, killed when dropped.
fn bot(url: &str, code: &str, args: &[&str]) -> Result<Child> {
    Command::new(bin("brink"))
        .args(["--server", url, "bot", code])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("brink bot")
}

#[tokio::test]
async fn a_person_against_a_bot_with_the_automatic_umpire_reaches_an_agreement() -> Result<()> {
    let data = temp_dir("bots")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let _umpire = bot(&server.url, &s.umpire, &[])?;
    let _dove = bot(&server.url, &s.ussr, &["--persona", "dove", "--seed", "7"])?;
    let (mut jack, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    const DOVE: &str = "Bot (dove, First Secretary)";

    // The automatic umpire starts once both sides are seated; each Orders
    // phase the person submits, accepting the first proposal that arrives.
    // The dove proposes in its first turn and the acceptance follows the
    // next; the session's seed (the OS's) cannot end the game sooner, as
    // nothing ordered in two quiet turns raises the risk of war near its
    // ending.
    let mut proposal: Option<Value> = None;
    let mut accepted = false;
    // The dove may have joined before Jack (then it is in his welcome).
    let mut bot_joined = welcome["view"]["players"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["name"] == DOVE));
    let verdict = loop {
        let e = jack
            .event_where(|e| {
                matches!(
                    e["type"].as_str(),
                    Some("player_joined" | "letter_delivered" | "phase_changed" | "game_ended")
                )
            })
            .await?;
        let event = &e["event"];
        match event["type"].as_str() {
            Some("player_joined") => {
                bot_joined |= event["name"] == DOVE;
            }
            Some("letter_delivered")
                if proposal.is_none()
                    && !accepted
                    && event["letter"]["terms"]
                        .as_array()
                        .is_some_and(|t| !t.is_empty()) =>
            {
                proposal = Some(event["letter"]["id"].clone());
            }
            Some("phase_changed") if event["phase"] == "orders" => {
                if let Some(letter) = proposal.take() {
                    let order = json!({"kind": "accept", "letter": letter});
                    let answer = jack
                        .command(json!({"type": "add_order", "order": order}))
                        .await?;
                    ensure!(answer["type"] == "ack", "the acceptance: {answer}");
                    accepted = true;
                }
                let answer = jack.command(json!({"type": "submit_orders"})).await?;
                ensure!(answer["type"] == "ack", "the submission: {answer}");
            }
            Some("game_ended") => break event["verdict"].as_str().unwrap_or_default().to_owned(),
            _ => {}
        }
    };
    ensure!(
        bot_joined,
        "the dove joined as a bot, named with its persona"
    );
    ensure!(accepted, "a proposal came from the dove");
    let reached = jack
        .live_events(0)
        .iter()
        .any(|e| e["event"]["type"] == "agreement_reached");
    ensure!(reached, "the crisis ended in an agreement: {verdict}");
    Ok(())
}

#[tokio::test]
async fn brink_solo_plays_from_a_script() -> Result<()> {
    let data = temp_dir("solo")?;
    let server = Server::start(data.path()).await?;
    let script = data.path().join("solo.script");
    std::fs::write(
        &script,
        "/expect orders phase\n/submit\n/expect Turn 2\n/expect orders phase\n/submit\n/expect Turn 3\n/who\n/quit\n",
    )?;
    let out = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        Command::new(bin("brink"))
            .args([
                "--server",
                &server.url,
                "solo",
                "--against",
                "dove",
                "--name",
                "Ann",
            ])
            .arg("--script")
            .arg(&script)
            .env("BRINK_ADMIN_TOKEN", ADMIN)
            .kill_on_drop(true)
            .output(),
    )
    .await
    .context("brink solo did not finish")??;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    ensure!(out.status.success(), "{text}");
    for needed in [
        "as Ann (President, United States (ExComm))",
        "=== Turn 1, 1962-10-16: briefing phase ===",
        "Automatic umpire",
        "Bot (dove, First Secretary)",
        "=== Turn 2, 1962-10-17: orders phase ===",
        "Secret letter",
    ] {
        ensure!(text.contains(needed), "no {needed:?} in:\n{text}");
    }
    Ok(())
}

#[tokio::test]
async fn a_demonstration_plays_itself_at_the_umpires_pace() -> Result<()> {
    let data = temp_dir("demo")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let (mut class, _) = Client::join(&server.url, &s.observer, "Class", None).await?;
    let _umpire = bot(&server.url, &s.umpire, &["--pace", "1"])?;
    let _us = bot(&server.url, &s.us, &["--persona", "historical"])?;
    let _ussr = bot(&server.url, &s.ussr, &["--persona", "hawk"])?;
    // The wall sees the phases go by, each at least a second long.
    let mut began = Vec::new();
    while began.len() < 4 {
        let e = class.event_where(|e| e["type"] == "phase_changed").await?;
        began.push(e["at_ms"].as_u64().context("at_ms")?);
    }
    for pair in began.windows(2) {
        ensure!(
            pair[1] - pair[0] >= 1000,
            "a phase shorter than the pace: {began:?}"
        );
    }
    Ok(())
}
