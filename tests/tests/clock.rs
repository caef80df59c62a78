//! End-to-end: the umpire runs the clock over real sockets — start, phases,
//! an Orders deadline that the server closes by itself, pause and resume, the
//! verdict — and everyone sees each step; players cannot touch the clock.

use anyhow::Result;
use brink_tests::{Client, Server, bin, temp_dir};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

fn phase(turn: u64, phase: &'static str) -> impl Fn(&Value) -> bool {
    move |e| e["type"] == "phase_changed" && e["turn"] == turn && e["phase"] == phase
}

#[tokio::test]
async fn the_umpire_runs_the_clock_and_the_deadline_closes_orders() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("clock").await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (mut observer, _) = Client::join(&server.url, &s.observer, "Class", None).await?;

    assert_eq!(
        jfk.command(json!({"type": "start_game"})).await?["code"],
        "forbidden"
    );
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["code"],
        "wrong_phase"
    );
    assert_eq!(
        umpire.command(json!({"type": "start_game"})).await?["type"],
        "ack"
    );
    for c in [&mut jfk, &mut observer] {
        let e = c.event_where(phase(1, "briefing")).await?;
        assert_eq!(e["event"]["date"], "1962-10-16");
    }
    assert_eq!(
        umpire
            .command(json!({"type": "set_deadline", "seconds": 60}))
            .await?["code"],
        "wrong_phase"
    );
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["type"],
        "ack"
    );
    jfk.event_where(phase(1, "orders")).await?;

    // Pause: the clock stops, talk goes on, the umpire must resume to move on.
    assert_eq!(
        umpire
            .command(json!({"type": "set_deadline", "seconds": 600}))
            .await?["type"],
        "ack"
    );
    assert_eq!(
        umpire.command(json!({"type": "pause"})).await?["type"],
        "ack"
    );
    let paused = observer.event_where(|e| e["type"] == "paused").await?;
    assert!(
        paused["event"]["remaining_ms"]
            .as_u64()
            .is_some_and(|ms| ms > 590_000 && ms <= 600_000)
    );
    assert_eq!(
        jfk.command(json!({"type": "team_chat", "text": "while paused"}))
            .await?["type"],
        "ack"
    );
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["code"],
        "paused"
    );
    assert_eq!(
        umpire.command(json!({"type": "resume"})).await?["type"],
        "ack"
    );
    assert_eq!(
        umpire.command(json!({"type": "resume"})).await?["code"],
        "not_paused"
    );

    // A one-second deadline: the server closes the Orders phase by itself.
    assert_eq!(
        umpire
            .command(json!({"type": "set_deadline", "seconds": 1}))
            .await?["type"],
        "ack"
    );
    let closed = jfk.event_where(phase(1, "adjudication")).await?;
    assert_eq!(closed["event"]["by_deadline"], true);
    let last_deadline = jfk
        .log
        .iter()
        .rev()
        .find(|m| m["event"]["type"] == "deadline_set")
        .and_then(|m| m["event"]["at_ms"].as_u64());
    let closed_at = closed["at_ms"].as_u64();
    assert!(
        closed_at.is_some() && closed_at >= last_deadline,
        "closed before the deadline"
    );
    observer.event_where(phase(1, "adjudication")).await?;

    // A turn moves on once its adjudication is published.
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["code"],
        "not_published"
    );
    assert_eq!(
        umpire.command(json!({"type": "publish"})).await?["type"],
        "ack"
    );
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["type"],
        "ack"
    );
    let next = observer.event_where(phase(2, "briefing")).await?;
    assert_eq!(next["event"]["date"], "1962-10-17");
    let verdict = "Both sides stood down.";
    assert_eq!(
        umpire
            .command(json!({"type": "end_game", "verdict": verdict}))
            .await?["type"],
        "ack"
    );
    observer
        .event_where(|e| e["type"] == "game_ended" && e["verdict"] == verdict)
        .await?;
    assert_eq!(
        umpire.command(json!({"type": "advance"})).await?["code"],
        "game_over"
    );

    // A latecomer's view carries the clock and the verdict.
    let (_, welcome) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    assert_eq!(welcome["view"]["phase"], "ended");
    assert_eq!(welcome["view"]["verdict"], verdict);
    assert_eq!(welcome["view"]["date"], "1962-10-17");
    Ok(())
}

#[tokio::test]
async fn the_cli_starts_the_game_and_reports_status() -> Result<()> {
    let data = temp_dir("clock-cli")?;
    let home = temp_dir("clock-cli-home")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let script =
        "/start\n/advance\n/addturns 2\n/deadline 10\n/status\n/pause\n/status\n/extend x\n";
    // Commands on standard input (not a terminal): script mode.
    let mut child = tokio::process::Command::new(bin("brink"))
        .args([
            "--server",
            &server.url,
            "join",
            &s.umpire,
            "--name",
            "Control",
        ])
        .env("BRINK_HOME", home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(script.as_bytes()).await?;
    }
    let out = child.wait_with_output().await?;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "the bad /extend makes the script fail: {text}"
    );
    assert!(
        text.contains("=== Turn 1, 1962-10-16: briefing phase ==="),
        "{text}"
    );
    assert!(
        text.contains("=== Turn 1, 1962-10-16: orders phase ==="),
        "{text}"
    );
    assert!(
        text.contains("* Orders deadline: 10 min from now"),
        "{text}"
    );
    // 9 min 59 s, or 10 min if the client's clock reads the same millisecond.
    assert!(
        text.contains("Turn 1 of 15, 1962-10-16: orders phase. Orders deadline: 9 min")
            || text
                .contains("Turn 1 of 15, 1962-10-16: orders phase. Orders deadline: 10 min left"),
        "{text}"
    );
    // The pause may come in the deadline's own millisecond: 10 min left.
    assert!(
        text.contains("orders phase. PAUSED. Orders deadline: 9 min")
            || text.contains("orders phase. PAUSED. Orders deadline: 10 min left when resumed"),
        "{text}"
    );
    assert!(text.contains("! /extend takes minutes"), "{text}");
    assert!(
        text.contains(
            "* The umpire extends the game: 15 turns now (2 added after the scenario's last)"
        ),
        "{text}"
    );
    Ok(())
}

/// The leader never presses submit: the Soviet side is warned at once (the
/// deadline is under a minute away), the deadline closes Orders, the draft
/// at the deadline stands as its orders, and its free-form action is in the
/// umpire's adjudication; the US side, which submitted, is neither warned
/// nor told, and learns nothing of the Soviet side's orders.
#[tokio::test]
async fn at_the_deadline_a_draft_never_submitted_is_the_sides_orders() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("deadline-draft").await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (mut nikita, _) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    for step in ["start_game", "advance"] {
        assert_eq!(umpire.command(json!({"type": step})).await?["type"], "ack");
    }
    let draft = json!({"type": "add_order", "order": {"kind": "action", "what": "Ships hold at the line", "why": "", "expected": ""}});
    assert_eq!(nikita.command(draft).await?["type"], "ack");
    assert_eq!(
        jfk.command(json!({"type": "submit_orders"})).await?["type"],
        "ack"
    );
    assert_eq!(
        umpire
            .command(json!({"type": "set_deadline", "seconds": 2}))
            .await?["type"],
        "ack"
    );
    let near = nikita.event_where(|e| e["type"] == "deadline_near").await?;
    assert_eq!(near["event"]["side"], "ussr");
    assert_eq!(near["event"]["draft_stands"], true);
    assert!(near["event"]["left_ms"].as_u64() <= Some(2000));
    let told = nikita.event_where(|e| e["type"] == "not_submitted").await?;
    assert_eq!(
        told["event"],
        json!({"type": "not_submitted", "side": "ussr", "items": 1, "used": true})
    );
    let pending = umpire
        .event_where(|e| e["type"] == "adjudication_pending")
        .await?;
    let orders = &pending["event"]["adjudication"]["orders"];
    assert_eq!(orders[1]["side"], "ussr");
    assert_eq!(orders[1]["submitted"], Value::Null);
    assert_eq!(
        orders[1]["draft_used"][0]["order"]["what"],
        "Ships hold at the line"
    );
    assert_eq!(
        pending["event"]["actions"][0]["what"],
        "Ships hold at the line"
    );
    assert!(
        umpire
            .live_events(0)
            .iter()
            .any(|e| e["event"]["type"] == "deadline_near" && e["event"]["side"] == "ussr"),
        "the umpire sees the warning too"
    );
    jfk.event_where(phase(1, "adjudication")).await?;
    jfk.settle(std::time::Duration::from_millis(200)).await?;
    let us_saw: Vec<&Value> = jfk
        .log
        .iter()
        .filter(|m| {
            let t = &m["event"]["type"];
            t == "deadline_near" || t == "not_submitted" || t == "all_submitted"
        })
        .collect();
    assert!(us_saw.is_empty(), "the US side saw {us_saw:?}");
    assert!(
        !jfk.transcript().contains("Ships hold at the line"),
        "the Soviet draft reached the US side"
    );
    Ok(())
}
