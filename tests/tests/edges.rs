//! The limits an outside battery found missing, each over the real network
//! path: every string a client sends at its limit and one past it, ordinary
//! closes not counted as drops, close frames that reach a raw TCP peer
//! instead of a reset, a 503 at the connection cap, names that would
//! impersonate, and one live connection per resume token.

use anyhow::{Context, Result, bail};
use brink_tests::{ADMIN, Client, Server, TempDir, temp_dir};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A text of `n` characters.
fn chars(n: usize) -> String {
    "é".repeat(n)
}

/// A string of `n` bytes.
fn bytes(n: usize) -> String {
    "x".repeat(n)
}

/// What an answer must be: acknowledged, or refused with this code.
fn expect(answer: &Value, code: Option<&str>, case: &str) -> Result<()> {
    match code {
        None if answer["type"] == "ack" => Ok(()),
        Some(code) if answer["type"] == "rejected" && answer["code"] == code => Ok(()),
        _ => bail!("{case}: expected {code:?}, got {answer}"),
    }
}

/// A game in its Orders phase, with the umpire and a player of each side.
struct Table {
    _data: TempDir,
    server: Server,
    session: brink_tests::Session,
    umpire: Client,
    us: Client,
    ussr: Client,
}

impl Table {
    async fn new(label: &str) -> Result<Self> {
        let data = temp_dir(label)?;
        let server = Server::start_with(data.path(), &["--messages-per-second", "0"]).await?;
        let session = server.create_session().await?;
        let (mut umpire, _) = Client::join(&server.url, &session.umpire, "Ms Smith", None).await?;
        let (us, _) = Client::join(&server.url, &session.us, "Jack", Some("president")).await?;
        let (ussr, _) = Client::join(
            &server.url,
            &session.ussr,
            "Nikita",
            Some("first_secretary"),
        )
        .await?;
        for step in [json!({"type": "start_game"}), json!({"type": "advance"})] {
            expect(&umpire.command(step).await?, None, "the clock")?;
        }
        Ok(Self {
            _data: data,
            server,
            session,
            umpire,
            us,
            ussr,
        })
    }
}

/// Each free text of each command a player sends, at its limit (accepted)
/// and one character past it (refused, and nothing happens).
#[tokio::test]
async fn every_free_text_is_taken_at_its_limit_and_refused_past_it() -> Result<()> {
    let mut t = Table::new("edges-texts").await?;
    let letter = |text: String| json!({"type": "add_order", "order": {"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": text}});
    let action = |field: &str, text: String| {
        let mut order = json!({"kind": "action", "what": "We watch.", "why": "", "expected": ""});
        order[field] = json!(text);
        json!({"type": "add_order", "order": order})
    };
    // (case, who sends it, the command for a text of n characters, limit)
    type Build = Box<dyn Fn(String) -> Value>;
    let cases: Vec<(&str, bool, Build, usize)> = vec![
        (
            "team chat",
            false,
            Box::new(|t| json!({"type": "team_chat", "text": t})),
            2000,
        ),
        (
            "to the umpire",
            false,
            Box::new(|t| json!({"type": "message_umpire", "text": t})),
            2000,
        ),
        (
            "umpire message",
            true,
            Box::new(|t| json!({"type": "umpire_message", "to": "all", "text": t})),
            2000,
        ),
        ("letter", false, Box::new(letter), 6000),
        (
            "action: what",
            false,
            Box::new(move |t| action("what", t)),
            2000,
        ),
        (
            "action: why",
            false,
            Box::new(move |t| action("why", t)),
            2000,
        ),
        (
            "action: expected",
            false,
            Box::new(move |t| action("expected", t)),
            2000,
        ),
        (
            "inject",
            true,
            Box::new(|t| json!({"type": "inject", "to": "all", "text": t})),
            2000,
        ),
        (
            "note",
            true,
            Box::new(|t| json!({"type": "note", "text": t})),
            2000,
        ),
        (
            "bookmark",
            false,
            Box::new(|t| json!({"type": "note", "text": t, "bookmark": true})),
            2000,
        ),
        (
            "title",
            true,
            Box::new(|t| json!({"type": "set_title", "title": t})),
            120,
        ),
    ];
    for (case, umpire, build, limit) in &cases {
        let who = if *umpire { &mut t.umpire } else { &mut t.us };
        expect(&who.command(build(chars(*limit))).await?, None, case)?;
        let past = who.command(build(chars(limit + 1))).await?;
        expect(&past, Some("text_too_long"), case)?;
        let message = past["message"].as_str().unwrap_or_default();
        assert!(message.contains(&limit.to_string()), "{case}: {past}");
    }
    // The adjudication's texts: a track's reason, then the verdict.
    expect(
        &t.umpire
            .command(json!({"type": "advance", "force": true}))
            .await?,
        None,
        "close",
    )?;
    let reason = |t: String| json!({"type": "adjust_track", "track": "risk", "by": 1, "reason": t});
    expect(
        &t.umpire.command(reason(chars(2000))).await?,
        None,
        "reason",
    )?;
    expect(
        &t.umpire.command(reason(chars(2001))).await?,
        Some("text_too_long"),
        "reason",
    )?;
    let verdict = |t: String| json!({"type": "end_game", "verdict": t});
    expect(
        &t.umpire.command(verdict(chars(2001))).await?,
        Some("text_too_long"),
        "verdict",
    )?;
    expect(
        &t.umpire.command(verdict(chars(2000))).await?,
        None,
        "verdict",
    )?;
    // A name, at 40 characters and at 41.
    let mut c = Client::connect(&t.server.url).await?;
    let join = |name: String| json!({"type": "join", "code": t.session.ussr, "name": name, "seat": "ambassador"});
    let past = c.request(join(chars(41))).await?;
    expect(&past, Some("bad_name"), "name")?;
    assert_eq!(c.request(join(chars(40))).await?["type"], "welcome");
    let _ = &mut t.ussr;
    Ok(())
}

/// Every string that is not free text — request ids, the client's name,
/// codes and tokens, scenario and session ids, ids inside commands — at its
/// limit and one byte past it: past it, `bad_message` naming the limit, and
/// a request id too long is neither echoed nor stored.
#[tokio::test]
async fn every_id_and_key_is_taken_at_its_limit_and_refused_past_it() -> Result<()> {
    let mut t = Table::new("edges-ids").await?;
    // (case, the request for a string of n bytes, limit, the code at the limit)
    type Build = Box<dyn Fn(String) -> Value>;
    let session = t.session.id.clone();
    let cases: Vec<(&str, Build, usize, &str)> = vec![
        (
            "request id",
            Box::new(
                |s| json!({"type": "command", "id": s, "command": {"type": "team_chat", "text": "an id at its edge"}}),
            ),
            64,
            "ack",
        ),
        (
            "scenario id",
            Box::new(|s| json!({"type": "create_session", "admin_token": ADMIN, "scenario": s})),
            64,
            "unknown_scenario",
        ),
        (
            "admin token",
            Box::new(|s| json!({"type": "list_sessions", "admin_token": s})),
            128,
            "not_admin",
        ),
        (
            "join code",
            Box::new(|s| json!({"type": "join", "code": s, "name": "X"})),
            128,
            "already_joined",
        ),
        (
            "resume token",
            Box::new(|s| json!({"type": "resume", "token": s})),
            128,
            "already_joined",
        ),
        (
            "session id",
            Box::new(
                |s| json!({"type": "report", "session": s, "auth": {"admin_token": ADMIN}, "format": "md"}),
            ),
            128,
            "unknown_session",
        ),
        (
            "credential",
            Box::new(
                move |s| json!({"type": "report", "session": session, "auth": {"token": s}, "format": "md"}),
            ),
            128,
            "bad_token",
        ),
        (
            "unit id",
            Box::new(
                |s| json!({"type": "command", "command": {"type": "add_order", "order": {"kind": "move", "unit": s, "to": "cuban_waters"}}}),
            ),
            64,
            "unknown_unit",
        ),
        (
            "term id",
            Box::new(
                |s| json!({"type": "command", "command": {"type": "add_order", "order": {"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": "Terms.", "terms": [s]}}}),
            ),
            64,
            "unknown_term",
        ),
        (
            "strategic action",
            Box::new(
                |s| json!({"type": "command", "command": {"type": "add_order", "order": {"kind": "strategic", "action": s}}}),
            ),
            64,
            "unknown_strategic",
        ),
        (
            "stance",
            Box::new(
                |s| json!({"type": "command", "command": {"type": "add_order", "order": {"kind": "stance", "unit": "destroyers_east", "stance": s}}}),
            ),
            64,
            "bad_stance",
        ),
    ];
    for (case, build, limit, at_limit) in &cases {
        let mut msg = build(bytes(*limit));
        if msg.get("id").is_none() {
            msg["id"] = json!(format!("edge-{case}"));
        }
        let answer = t.us.request(msg).await?;
        let code = answer["code"]
            .as_str()
            .unwrap_or(answer["type"].as_str().unwrap_or_default());
        assert_eq!(code, *at_limit, "{case} at its limit: {answer}");
        let mut msg = build(bytes(limit + 1));
        let past_id = msg.get("id").is_some();
        if !past_id {
            msg["id"] = json!(format!("past-{case}"));
        }
        t.us.send(msg).await?;
        let past = loop {
            let m = t.us.recv().await?;
            if m["type"] == "rejected" {
                break m;
            }
        };
        assert_eq!(past["code"], "bad_message", "{case} past its limit: {past}");
        let text = past["message"].as_str().unwrap_or_default();
        assert!(
            text.contains(&format!("limit is {limit}"))
                || text.contains(&format!("at most {limit} bytes")),
            "{case}: {past}"
        );
        if past_id {
            assert!(
                past.get("id").is_none(),
                "a too-long id is not echoed: {past}"
            );
        }
    }
    // The hello's client name, on fresh connections.
    for (n, ok) in [(100, true), (101, false)] {
        let mut c = Client::raw(&t.server.url).await?;
        c.send(json!({"type": "hello", "protocol": 1, "client": bytes(n)}))
            .await?;
        let answer = c.recv().await?;
        assert_eq!(
            answer["type"] == "hello",
            ok,
            "client name of {n} bytes: {answer}"
        );
    }
    // A scripted incident's id (the umpire's), past the limit.
    let incident = json!({"type": "trigger_incident", "incident": bytes(65)});
    expect(
        &t.umpire.command(incident).await?,
        Some("bad_message"),
        "incident",
    )?;
    // Nothing of a refused command happened: the chat with the long id was
    // never posted, the one with the id at its limit was.
    t.ussr.settle(Duration::from_millis(200)).await?;
    t.umpire.settle(Duration::from_millis(200)).await?;
    let posted = t
        .umpire
        .log
        .iter()
        .filter(|m| m["event"]["text"] == "an id at its edge")
        .count();
    assert_eq!(posted, 1, "only the chat whose id was within the limit");
    Ok(())
}

/// Ten observers closing at once while the session broadcasts: none of
/// them was let go for falling behind, and the counter says so.
#[tokio::test]
async fn ordinary_closes_are_not_counted_as_drops() -> Result<()> {
    let data = temp_dir("edges-dropped")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "0"]).await?;
    let s = server.create_session().await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Ms Smith", None).await?;
    let mut observers = Vec::new();
    for i in 0..10 {
        observers.push(
            Client::join(&server.url, &s.observer, &format!("Class {i}"), None)
                .await?
                .0,
        );
    }
    // The umpire's notices go out while the observers close: the session
    // sends to connections that have just closed before it hears so.
    let notices = 200;
    for i in 0..notices {
        let say = json!({"type": "command", "id": format!("n{i}"), "command": {"type": "umpire_message", "to": "all", "text": format!("Notice {i}")}});
        umpire.send(say).await?;
    }
    for o in &mut observers {
        o.close().await;
    }
    drop(observers);
    let mut acks = 0;
    while acks < notices {
        let m = umpire.recv().await?;
        acks += usize::from(m["type"] == "ack");
    }
    umpire.settle(Duration::from_millis(300)).await?;
    let mut admin = Client::connect(&server.url).await?;
    let stats = admin
        .request(json!({"type": "server_stats", "admin_token": ADMIN}))
        .await?;
    assert_eq!(stats["counters"]["dropped"], 0, "{stats}");
    Ok(())
}

/// Opens a WebSocket by hand over TCP: the upgrade request, and its answer.
async fn raw_websocket(url: &str) -> Result<TcpStream> {
    let addr = url.trim_start_matches("ws://");
    let mut tcp = TcpStream::connect(addr).await?;
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    tcp.write_all(request.as_bytes()).await?;
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        if tcp.read(&mut byte).await? == 0 {
            bail!("the handshake's answer ended early");
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    if !head.starts_with("HTTP/1.1 101") {
        bail!("not upgraded: {head}");
    }
    Ok(tcp)
}

/// A masked client text frame.
fn client_frame(payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x81];
    match payload.len() {
        n if n < 126 => frame.push(0x80 | u8::try_from(n).unwrap_or(0)),
        n if n <= 0xFFFF => {
            frame.push(0x80 | 126);
            frame.extend(u16::try_from(n).unwrap_or(0).to_be_bytes());
        }
        n => {
            frame.push(0x80 | 127);
            frame.extend((n as u64).to_be_bytes());
        }
    }
    let mask = [0x12, 0x34, 0x56, 0x78];
    frame.extend(mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    frame
}

/// Reads the peer to its end: the code of the close frame among the server's
/// frames, failing on a reset (the close frame lost under it).
async fn close_code_over_tcp(tcp: &mut TcpStream) -> Result<u16> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(10), tcp.read(&mut buf))
            .await
            .context("the server neither closed nor answered")?
            .context("the connection was reset instead of closed")?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    // Walk the server's (unmasked) frames to the close.
    let mut at = 0;
    while at + 2 <= bytes.len() {
        let (opcode, len) = (bytes[at] & 0x0F, usize::from(bytes[at + 1] & 0x7F));
        let (len, head) = match len {
            126 => (
                usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]])),
                4,
            ),
            127 => bail!("a frame too long for this test"),
            n => (n, 2),
        };
        if opcode == 0x8 {
            let code = bytes
                .get(at + head..at + head + 2)
                .context("a close frame without a code")?;
            return Ok(u16::from_be_bytes([code[0], code[1]]));
        }
        at += head + len;
    }
    bail!(
        "the connection ended without a close frame ({} bytes read)",
        bytes.len()
    )
}

/// A peer that writes an oversized frame before reading, and one that floods
/// without reading, get their close frames (1009, 1008) and then an orderly
/// end of stream — never a reset that loses the frame.
#[tokio::test]
async fn close_frames_reach_a_raw_peer_instead_of_a_reset() -> Result<()> {
    let data = temp_dir("edges-close")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "5"]).await?;
    let tries = if brink_tests::long_profile() { 20 } else { 5 };
    let start = std::time::Instant::now();
    for _ in 0..tries {
        let mut tcp = raw_websocket(&server.url).await?;
        tcp.write_all(&client_frame(&vec![b' '; 65_537])).await?;
        assert_eq!(close_code_over_tcp(&mut tcp).await?, 1009);
    }
    let oversized = start.elapsed() / tries;
    let start = std::time::Instant::now();
    for _ in 0..tries {
        let mut tcp = raw_websocket(&server.url).await?;
        let hello = client_frame(br#"{"type":"hello","protocol":1}"#);
        let flood: Vec<u8> = (0..200).flat_map(|_| hello.clone()).collect();
        tcp.write_all(&flood).await?;
        assert_eq!(close_code_over_tcp(&mut tcp).await?, 1008);
    }
    eprintln!(
        "raw TCP: {tries} of {tries} oversized frames got 1009 and an end of stream ({oversized:?} each); {tries} of {tries} floods got 1008 ({:?} each)",
        start.elapsed() / tries
    );
    Ok(())
}

/// A connection over the per-address cap is answered `503` with a line
/// that says why, and the WebSocket client sees that status.
#[tokio::test]
async fn a_connection_over_the_cap_is_told_why() -> Result<()> {
    let data = temp_dir("edges-503")?;
    let server = Server::start_with(data.path(), &["--max-connections-per-ip", "1"]).await?;
    let _held = Client::connect(&server.url).await?;
    let addr = server.url.trim_start_matches("ws://");
    let mut tcp = TcpStream::connect(addr).await?;
    tcp.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await?;
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_string(&mut answer)).await??;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("--max-connections-per-ip"), "{answer}");
    match tokio_tungstenite::connect_async(&server.url).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 503);
        }
        other => bail!("expected a 503, got {other:?}"),
    }
    Ok(())
}

/// Names that would pass for the umpire, the server or nobody are refused;
/// texts may carry right-to-left controls only balanced.
#[tokio::test]
async fn names_that_impersonate_are_refused() -> Result<()> {
    let mut t = Table::new("edges-names").await?;
    let url = t.server.url.clone();
    let mut c = Client::connect(&url).await?;
    let seat = "attorney_general";
    for (name, why) in [
        ("Control", "kept"),
        ("  control ", "kept"),
        ("UMPIRE", "kept"),
        ("ms   SMITH", "umpire's name"),
        ("Ja\u{202E}kc", "invisible or direction-changing"),
        ("\u{200B}", "invisible or direction-changing"),
        ("   ", "blank"),
    ] {
        let answer = c
            .request(json!({"type": "join", "code": t.session.us, "name": name, "seat": seat}))
            .await?;
        assert_eq!(answer["code"], "bad_name", "{name:?}: {answer}");
        assert!(
            answer["message"].as_str().is_some_and(|m| m.contains(why)),
            "{name:?}: {answer}"
        );
    }
    let answer = c
        .request(json!({"type": "join", "code": t.session.observer, "name": "Observer"}))
        .await?;
    assert_eq!(answer["code"], "bad_name", "{answer}");
    assert_eq!(
        c.request(json!({"type": "join", "code": t.session.us, "name": "Bobby", "seat": seat}))
            .await?["type"],
        "welcome"
    );
    // Nor may a second umpire take a name a player goes by.
    let mut u = Client::connect(&url).await?;
    let answer = u
        .request(json!({"type": "join", "code": t.session.umpire, "name": " BOBBY"}))
        .await?;
    assert_eq!(answer["code"], "bad_name", "{answer}");
    let rlo = json!({"type": "team_chat", "text": "see \u{202E}fdp.exe"});
    expect(
        &t.us.command(rlo).await?,
        Some("bad_text"),
        "an open override",
    )?;
    let isolated = json!({"type": "team_chat", "text": "they said \u{2067}نعم\u{2069} today"});
    expect(&t.us.command(isolated).await?, None, "a closed isolate")?;
    Ok(())
}

/// Resuming a token whose connection is still open closes the older one
/// with 4001, so a token is never live twice.
#[tokio::test]
async fn a_resumed_token_closes_its_older_connection() -> Result<()> {
    let data = temp_dir("edges-token")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let (mut first, welcome) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let token = welcome["resume_token"]
        .as_str()
        .context("a token")?
        .to_owned();
    let mut second = Client::connect(&server.url).await?;
    let again = second
        .request(json!({"type": "resume", "token": token, "last_seq": 0}))
        .await?;
    assert_eq!(again["type"], "welcome", "{again}");
    assert_eq!(first.closed().await?, 4001);
    // The newer connection speaks for the player, who is still online.
    expect(
        &second
            .command(json!({"type": "team_chat", "text": "here"}))
            .await?,
        None,
        "chat",
    )?;
    let online = again["view"]["players"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "Jack"))
        .map(|p| p["online"].clone());
    assert_eq!(online, Some(json!(true)));
    Ok(())
}
