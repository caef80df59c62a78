//! End-to-end: sessions, join codes, seats, presence, chat visibility, bad
//! input and durability, against the real server binary over real WebSockets.

use anyhow::Result;
use brink_tests::{ADMIN, Client, Server, temp_dir};
use serde_json::{Value, json};

fn is_text(text: &'static str) -> impl Fn(&Value) -> bool {
    move |e| e["type"] == "message_posted" && e["text"] == text
}

#[tokio::test]
async fn joins_seats_and_presence() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("join").await?;
    assert_eq!(
        s.umpire.len(),
        "umpire-".len() + 28,
        "codes carry 130+ random bits"
    );

    let (mut umpire, welcome) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    assert_eq!(welcome["role"], json!({"kind": "umpire"}));
    assert_eq!(
        welcome["view"]["scenario"]["id"],
        "cuban-missile-crisis-1962"
    );
    assert_eq!(welcome["view"]["scenario"]["turns"], 13);
    assert!(
        welcome["resume_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 50)
    );

    let (mut jfk, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    assert_eq!(
        welcome["role"],
        json!({"kind": "player", "side": "us", "seat": "president"})
    );
    let seats = &welcome["view"]["scenario"]["sides"][0]["seats"];
    assert_eq!(
        seats[0]["holder"], welcome["player"],
        "the seat shows its holder"
    );

    // Everyone learns of the join, with name and seat: presence is public.
    let joined = umpire.event_where(|e| e["type"] == "player_joined").await?;
    assert_eq!(joined["event"]["name"], "Jack");
    assert_eq!(joined["event"]["role"]["seat"], "president");

    // A seat holds one player; the error names the free seats.
    let mut other = Client::connect(&server.url).await?;
    let taken = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby", "seat": "president"}))
        .await?;
    assert_eq!(taken["code"], "seat_taken");
    assert!(
        taken["message"]
            .as_str()
            .is_some_and(|m| m.contains("attorney_general"))
    );
    let unknown = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby", "seat": "first_secretary"}))
        .await?;
    assert_eq!(unknown["code"], "unknown_seat");
    let none = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby"}))
        .await?;
    assert_eq!(none["code"], "seat_required");
    // The same connection can still join, into a free seat.
    let ok = other
        .request(json!({"type": "join", "code": s.us, "name": "Bobby", "seat": "attorney_general"}))
        .await?;
    assert_eq!(ok["type"], "welcome");

    let (nikita, _) = Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    let (_observer, welcome) = Client::join(&server.url, &s.observer, "Class", None).await?;
    let players = welcome["view"]["players"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = players.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["Control", "Jack", "Bobby", "Nikita", "Class"]);
    assert!(players.iter().all(|p| p["online"] == true));

    // Leaving is seen by everyone.
    drop(nikita);
    let gone = jfk
        .event_where(|e| e["type"] == "presence_changed" && e["online"] == false)
        .await?;
    assert_eq!(gone["event"]["player"], "p4");
    Ok(())
}

#[tokio::test]
async fn team_chat_reaches_only_its_side_and_the_umpire() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("chat").await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (mut rfk, _) = Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    let (mut nikita, _) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    let (mut observer, _) = Client::join(&server.url, &s.observer, "Class", None).await?;

    let ack = jfk
        .command(json!({"type": "team_chat", "text": "US-SECRET quarantine"}))
        .await?;
    assert_eq!(ack["type"], "ack");
    let ack = nikita
        .command(json!({"type": "team_chat", "text": "USSR-SECRET missiles"}))
        .await?;
    assert_eq!(ack["type"], "ack");
    let ack = nikita
        .command(json!({"type": "message_umpire", "text": "USSR-SECRET to umpire"}))
        .await?;
    assert_eq!(ack["type"], "ack");
    let ack = umpire
        .command(json!({"type": "umpire_message", "to": {"side": "us"}, "text": "US-SECRET note"}))
        .await?;
    assert_eq!(ack["type"], "ack");
    // A public barrier: everything above was fanned out before it.
    let ack = umpire
        .command(json!({"type": "umpire_message", "to": "all", "text": "BARRIER"}))
        .await?;
    assert_eq!(ack["type"], "ack");

    for c in [&mut jfk, &mut rfk, &mut nikita, &mut observer, &mut umpire] {
        c.event_where(is_text("BARRIER")).await?;
    }
    // Both US members got their team's chat and the umpire's note to the US.
    for c in [&jfk, &rfk] {
        let t = c.transcript();
        assert!(
            t.contains("US-SECRET quarantine") && t.contains("US-SECRET note"),
            "{t}"
        );
        assert!(
            !t.contains("USSR-SECRET"),
            "a US player saw a Soviet secret: {t}"
        );
    }
    let t = nikita.transcript();
    assert!(t.contains("USSR-SECRET missiles") && t.contains("USSR-SECRET to umpire"));
    assert!(
        !t.contains("US-SECRET"),
        "a Soviet player saw a US secret: {t}"
    );
    let t = observer.transcript();
    assert!(
        !t.contains("SECRET"),
        "the observer saw a side's secret: {t}"
    );
    let t = umpire.transcript();
    assert!(t.contains("US-SECRET quarantine") && t.contains("USSR-SECRET missiles"));

    // Stream numbers run from the welcome without gaps, per connection.
    for c in [&jfk, &nikita, &observer, &umpire] {
        let seqs: Vec<u64> = c.log.iter().filter_map(|m| m["seq"].as_u64()).collect();
        let first = seqs[0];
        assert_eq!(seqs, (first..first + seqs.len() as u64).collect::<Vec<_>>());
    }
    Ok(())
}

#[tokio::test]
async fn bad_input_gets_its_own_code_and_changes_nothing() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("bad").await?;

    // Before hello: a request is refused, and the connection stays usable.
    let mut c = Client::raw(&server.url).await?;
    let r = c
        .request(json!({"type": "join", "id": "x", "code": s.us, "name": "A", "seat": "president"}))
        .await?;
    assert_eq!(
        (r["code"].as_str(), r["id"].as_str()),
        (Some("hello_first"), Some("x"))
    );
    c.send(json!({"type": "hello", "protocol": 1})).await?;
    assert_eq!(c.recv().await?["type"], "hello");

    let cases: Vec<(&str, &str)> = vec![
        ("{not json", "bad_json"),
        (r#"{"type":"dance","id":"a"}"#, "unknown_type"),
        (r#"{"id":"b"}"#, "bad_message"),
        (r#"{"type":"join","id":"c","name":"A"}"#, "bad_message"),
        (
            r#"{"type":"join","id":"d","code":"us-nope","name":"A","seat":"president"}"#,
            "bad_code",
        ),
        (r#"{"type":"resume","id":"e","token":"nope"}"#, "bad_token"),
        (
            r#"{"type":"command","id":"f","command":{"type":"team_chat","text":"hi"}}"#,
            "not_joined",
        ),
        (
            r#"{"type":"list_sessions","id":"g","admin_token":"wrong"}"#,
            "not_admin",
        ),
        (
            r#"{"type":"create_session","id":"h","admin_token":"wrong","scenario":"cuban-missile-crisis-1962"}"#,
            "not_admin",
        ),
        (r#"{"type":"hello","protocol":1}"#, "hello_first"),
    ];
    for (text, code) in cases {
        c.send_text(text).await?;
        let r = c.recv().await?;
        assert_eq!(r["type"], "rejected", "{text}");
        assert_eq!(r["code"], code, "{text} → {r}");
        assert!(r["message"].as_str().is_some_and(|m| m.len() > 20), "{r}");
    }
    let r = c
        .request(json!({"type": "create_session", "admin_token": ADMIN, "scenario": "cuban-missile-crisis-1963"}))
        .await?;
    assert_eq!(r["code"], "unknown_scenario");
    assert!(
        r["message"]
            .as_str()
            .is_some_and(|m| m.contains("cuban-missile-crisis-1962"))
    );
    c.send_message(tokio_tungstenite::tungstenite::Message::Binary(
        vec![1, 2, 3].into(),
    ))
    .await?;
    assert_eq!(c.recv().await?["code"], "binary_not_supported");

    // Joined: game rules refuse with the engine's codes.
    let r = c
        .request(json!({"type": "join", "code": s.observer, "name": "Class"}))
        .await?;
    assert_eq!(r["type"], "welcome");
    let r = c
        .command(json!({"type": "team_chat", "text": "hi"}))
        .await?;
    assert_eq!(r["code"], "forbidden");
    let r = c
        .request(json!({"type": "join", "code": s.us, "name": "X", "seat": "president"}))
        .await?;
    assert_eq!(r["code"], "already_joined");
    let r = c.command(json!({"type": "team_chat"})).await?;
    assert_eq!(r["code"], "bad_message");
    let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    assert_eq!(
        jfk.command(json!({"type": "team_chat", "text": "  "}))
            .await?["code"],
        "empty_text"
    );
    let long = "x".repeat(2_001);
    assert_eq!(
        jfk.command(json!({"type": "team_chat", "text": long}))
            .await?["code"],
        "text_too_long"
    );
    let r = jfk
        .command(json!({"type": "team_chat", "text": "ok\u{1b}[2J"}))
        .await?;
    assert_eq!(r["code"], "bad_text");
    let r = jfk
        .command(json!({"type": "umpire_message", "to": "all", "text": "I am the umpire"}))
        .await?;
    assert_eq!(r["code"], "forbidden");
    let r = Client::connect(&server.url)
        .await?
        .request(json!({"type": "join", "code": s.us, "name": "\u{7}bell", "seat": "joint_chiefs"}))
        .await?;
    assert_eq!(r["code"], "bad_name");

    // Nothing of the above changed the session: a newcomer sees exactly the
    // two players who joined and no messages.
    let (_, welcome) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let names: Vec<&str> = welcome["view"]["players"]
        .as_array()
        .map(|ps| ps.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Class", "Jack", "Control"]);
    assert_eq!(welcome["view"]["messages"], json!([]));
    Ok(())
}

#[tokio::test]
async fn another_protocol_version_is_refused_and_closed() -> Result<()> {
    let data = temp_dir("version")?;
    let server = Server::start(data.path()).await?;
    let mut c = Client::raw(&server.url).await?;
    c.send(json!({"type": "hello", "protocol": 2})).await?;
    let r = c.recv().await?;
    assert_eq!(r["code"], "version_mismatch");
    assert!(
        r["message"]
            .as_str()
            .is_some_and(|m| m.contains("protocol 1"))
    );
    assert_eq!(c.closed().await?, 1002);
    Ok(())
}

#[tokio::test]
async fn a_killed_server_keeps_sessions_players_and_history() -> Result<()> {
    let (data, mut server, s) = brink_tests::with_session("restart").await?;
    let (mut jfk, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (mut rfk, _) = Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    let ack = jfk
        .command(json!({"type": "team_chat", "text": "before the crash"}))
        .await?;
    assert_eq!(ack["type"], "ack");
    let seen = rfk.event_where(is_text("before the crash")).await?;
    let last_seq = seen["seq"].as_u64().unwrap_or_default();
    let ack = rfk
        .command(json!({"type": "team_chat", "text": "acknowledged just before"}))
        .await?;
    assert_eq!(ack["type"], "ack");

    server.kill().await?;
    let server = Server::start(data.path()).await?;

    // Jack resumes by token and gets exactly what he missed after last_seq.
    let mut jfk = Client::connect(&server.url).await?;
    let welcome = jfk
        .request(json!({"type": "resume", "token": token, "last_seq": last_seq}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    assert_eq!(welcome["player"], "p1");
    let texts: Vec<&str> = welcome["view"]["messages"]
        .as_array()
        .map(|ms| ms.iter().filter_map(|m| m["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(texts, ["before the crash", "acknowledged just before"]);
    let missed = welcome["missed"].as_u64().unwrap_or_default();
    let mut got = Vec::new();
    for _ in 0..missed {
        got.push(jfk.recv().await?);
    }
    let seqs: Vec<u64> = got.iter().filter_map(|m| m["seq"].as_u64()).collect();
    assert_eq!(
        seqs,
        (last_seq + 1..=welcome["seq"].as_u64().unwrap_or_default()).collect::<Vec<_>>()
    );
    assert_eq!(got[0]["event"]["text"], "acknowledged just before");
    // The restart marked everyone offline, then Jack came back.
    assert!(
        got.iter()
            .any(|m| m["event"]["type"] == "presence_changed" && m["event"]["online"] == false)
    );
    let me = welcome["view"]["players"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == "p1"))
        .cloned();
    assert_eq!(me.map(|p| p["online"].clone()), Some(json!(true)));

    // The seat is still his: the join code cannot take it again.
    let r = Client::connect(&server.url)
        .await?
        .request(json!({"type": "join", "code": s.us, "name": "Impostor", "seat": "president"}))
        .await?;
    assert_eq!(r["code"], "seat_taken");
    // The join codes still work, and the chat goes on.
    let (mut nikita, _) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    assert_eq!(
        nikita
            .command(json!({"type": "team_chat", "text": "after"}))
            .await?["type"],
        "ack"
    );

    let mut admin = Client::connect(&server.url).await?;
    let list = admin
        .request(json!({"type": "list_sessions", "admin_token": ADMIN}))
        .await?;
    assert_eq!(list["sessions"][0]["session"], s.id.as_str());
    assert_eq!(list["sessions"][0]["players"], 3);
    assert_eq!(brink_tests::integrity(data.path())?, "ok");
    Ok(())
}

/// A restart rebuilds the stored sessions on every core at once: each must
/// come back as its own, with its own history, whatever order the threads
/// finish in.
#[tokio::test]
async fn a_restart_rebuilds_every_session_as_its_own() -> Result<()> {
    let data = temp_dir("restart-many")?;
    let mut server = Server::start(data.path()).await?;
    let mut sessions = Vec::new();
    for n in 0..6 {
        let s = server.create_session().await?;
        let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
        // Logs of different lengths, so that the rebuilds end out of order.
        for k in 0..(1 + 7 * (n % 3)) {
            let ack = jfk
                .command(json!({"type": "team_chat", "text": format!("session {n} line {k}")}))
                .await?;
            assert_eq!(ack["type"], "ack", "{ack}");
        }
        sessions.push((s, 1 + 7 * (n % 3)));
    }
    server.kill().await?;
    let server = Server::start(data.path()).await?;
    let mut admin = Client::connect(&server.url).await?;
    let list = admin
        .request(json!({"type": "list_sessions", "admin_token": ADMIN}))
        .await?;
    let listed: Vec<&str> = list["sessions"]
        .as_array()
        .map(|ss| ss.iter().filter_map(|s| s["session"].as_str()).collect())
        .unwrap_or_default();
    let created: Vec<&str> = sessions.iter().map(|(s, _)| s.id.as_str()).collect();
    assert_eq!(listed, created);
    for (n, (s, lines)) in sessions.iter().enumerate() {
        let (_, welcome) =
            Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
        assert_eq!(welcome["session"], s.id.as_str());
        let texts: Vec<String> = welcome["view"]["messages"]
            .as_array()
            .map(|ms| {
                ms.iter()
                    .filter_map(|m| m["text"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let expected: Vec<String> = (0..*lines)
            .map(|k| format!("session {n} line {k}"))
            .collect();
        assert_eq!(texts, expected, "session {n}");
    }
    Ok(())
}

#[tokio::test]
async fn sigterm_closes_clients_and_exits_cleanly() -> Result<()> {
    let (data, mut server, s) = brink_tests::with_session("term").await?;
    let (mut jfk, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    assert_eq!(server.terminate().await?, Some(0));
    assert_eq!(jfk.closed().await?, 1001);
    // Everything acknowledged is there after the restart.
    let server = Server::start(data.path()).await?;
    let (_, welcome) =
        Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    assert_eq!(welcome["view"]["players"][0]["name"], "Jack");
    Ok(())
}

#[tokio::test]
async fn a_client_too_far_behind_gets_a_fresh_view_instead_of_a_replay() -> Result<()> {
    let data = temp_dir("behind")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "0"]).await?;
    let s = server.create_session().await?;
    let (mut jfk, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (mut rfk, _) = Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    drop(
        jfk.command(json!({"type": "team_chat", "text": "first"}))
            .await?,
    );
    // 1,100 commands pipelined: more than a new connection's outbox holds.
    let n = 1_100;
    for i in 0..n {
        rfk.send(json!({"type": "command", "id": format!("m{i}"), "command": {"type": "team_chat", "text": format!("line {i}")}}))
            .await?;
    }
    loop {
        let m = rfk.recv().await?;
        assert_ne!(m["type"], "rejected", "{m}");
        if m["id"] == format!("m{}", n - 1) {
            break;
        }
    }
    let mut back = Client::connect(&server.url).await?;
    let welcome = back
        .request(json!({"type": "resume", "token": token, "last_seq": 1}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    assert_eq!(welcome["missed"], 0);
    let last = welcome["view"]["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned();
    assert_eq!(
        last.map(|m| m["text"].clone()),
        Some(json!(format!("line {}", n - 1)))
    );
    // The connection works: the next event follows the welcome's seq.
    drop(
        rfk.command(json!({"type": "team_chat", "text": "after"}))
            .await?,
    );
    let next = back.event_where(is_text("after")).await?;
    assert_eq!(next["seq"].as_u64(), welcome["seq"].as_u64().map(|s| s + 1));
    Ok(())
}
