//! Every limit at its edge, over real sockets: message size, messages a
//! second, connections per address, sessions, the handshake timeout, dead
//! peers found by ping, a client that stops reading (and how soon a capped
//! send buffer lets it go), and browsers' origins.
//! Each server here is started with the limit under test set low.

use anyhow::{Context, Result, bail};
use brink_tests::{ADMIN, Client, Server, bin, temp_dir};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::test]
async fn a_message_over_the_limit_closes_with_1009() -> Result<()> {
    let data = temp_dir("limit-size")?;
    let server = Server::start_with(data.path(), &["--max-message-bytes", "1000"]).await?;
    let mut c = Client::connect(&server.url).await?;
    // At the limit: read, and refused as a bad message, not closed.
    let at_limit = format!(
        r#"{{"type":"hello","protocol":1,"client":"{}"}}"#,
        "x".repeat(1000 - 40)
    );
    c.send_text(&at_limit[..1000.min(at_limit.len())]).await?;
    let r = c.recv().await?;
    assert_eq!(r["type"], "rejected", "{r}");
    c.send_text(&"x".repeat(1001)).await?;
    assert_eq!(c.closed().await?, 1009);
    Ok(())
}

#[tokio::test]
async fn a_flood_is_refused_then_cut_off_while_others_go_on() -> Result<()> {
    let data = temp_dir("limit-rate")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "5"]).await?;
    let s = server.create_session().await?;
    let (mut flood, _) = Client::join(&server.url, &s.us, "Flood", Some("president")).await?;
    let (mut calm, _) = Client::join(&server.url, &s.us, "Calm", Some("attorney_general")).await?;
    let before = timed_chat(&mut calm, "before").await?;
    // Five a second, ten in a burst: the join took one of them.
    for i in 0..40 {
        flood
            .send(json!({"type": "command", "id": format!("f{i}"), "command": {"type": "team_chat", "text": format!("flood {i}")}}))
            .await?;
    }
    let during = timed_chat(&mut calm, "during").await?;
    let mut acks = 0;
    let mut limited = 0;
    let code = loop {
        match flood.recv().await {
            Ok(m) if m["type"] == "ack" => acks += 1,
            Ok(m) if m["code"] == "rate_limited" && m["id"].is_string() => {
                limited += 1;
                assert!(
                    m["message"]
                        .as_str()
                        .is_some_and(|t| t.contains("5 a second")),
                    "{m}"
                );
            }
            Ok(m) if m["code"] == "rate_limited" => {
                assert!(
                    m["message"].as_str().is_some_and(|t| t.contains("closed")),
                    "{m}"
                );
            }
            Ok(_) => {}
            Err(_) => break flood.closed().await.unwrap_or(1006),
        }
    };
    // Ten in a burst, less the hello and the join, and what refilled since.
    assert!((8..=14).contains(&acks), "the burst passes ({acks})");
    assert!(limited >= 10, "then refusals ({limited})");
    assert!(
        matches!(code, 1008 | 1005 | 1006),
        "then the close ({code})"
    );
    let after = timed_chat(&mut calm, "after").await?;
    eprintln!(
        "rate limit: {acks} passed, {limited} refused, then closed; another client's chat round trip before {before:?}, during {during:?}, after {after:?}"
    );
    // The flooder can come back and is welcome to speak calmly.
    let (mut back, _) =
        Client::join(&server.url, &s.us, "Flood", Some("secretary_of_state")).await?;
    assert_eq!(
        back.command(json!({"type": "team_chat", "text": "sorry"}))
            .await?["type"],
        "ack"
    );
    Ok(())
}

async fn timed_chat(c: &mut Client, text: &str) -> Result<Duration> {
    let start = Instant::now();
    let r = c
        .command(json!({"type": "team_chat", "text": text}))
        .await?;
    if r["type"] != "ack" {
        bail!("{text}: {r}");
    }
    Ok(start.elapsed())
}

#[tokio::test]
async fn connections_are_limited_per_address_and_places_come_back() -> Result<()> {
    let data = temp_dir("limit-ip")?;
    let server = Server::start_with(data.path(), &["--max-connections-per-ip", "3"]).await?;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(Client::connect(&server.url).await?);
    }
    let refused = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async(&server.url),
    )
    .await?;
    assert!(
        refused.is_err(),
        "a fourth connection from the address is refused"
    );
    open.pop().context("one")?.close().await;
    // The place is given back once the server sees the close.
    let start = Instant::now();
    loop {
        if Client::connect(&server.url).await.is_ok() {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            bail!("the freed place never came back");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

#[tokio::test]
async fn sessions_are_limited() -> Result<()> {
    let data = temp_dir("limit-sessions")?;
    let server = Server::start_with(data.path(), &["--max-sessions", "1"]).await?;
    server.create_session().await?;
    let mut admin = Client::connect(&server.url).await?;
    let r = admin
        .request(json!({"type": "create_session", "admin_token": ADMIN, "scenario": "cuban-missile-crisis-1962"}))
        .await?;
    assert_eq!(r["code"], "too_many_sessions", "{r}");
    Ok(())
}

#[tokio::test]
async fn a_handshake_never_finished_is_closed() -> Result<()> {
    let data = temp_dir("limit-handshake")?;
    let server = Server::start_with(data.path(), &["--handshake-timeout-secs", "0.5"]).await?;
    let addr = server.url.trim_start_matches("ws://").to_owned();
    for partial in [&b""[..], b"GET / HTTP/1.1\r\nHost: x\r\n"] {
        let mut tcp = TcpStream::connect(&addr).await?;
        tokio::io::AsyncWriteExt::write_all(&mut tcp, partial).await?;
        let start = Instant::now();
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(Duration::from_secs(10), tcp.read(&mut buf))
            .await
            .context("the silent connection stayed open")?
            .unwrap_or(0);
        assert_eq!(n, 0, "closed without an answer");
        eprintln!(
            "handshake timeout 0.5 s: closed after {:?}",
            start.elapsed()
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_silent_peer_is_closed_within_two_pings_and_a_live_one_is_not() -> Result<()> {
    let data = temp_dir("limit-ping")?;
    let server = Server::start_with(data.path(), &["--ping-interval-secs", "1"]).await?;
    let s = server.create_session().await?;
    let (live, _) = Client::join(&server.url, &s.us, "Live", Some("president")).await?;
    let (ws, _) = tokio_tungstenite::connect_async(&server.url).await?;
    let (mut tx, mut rx) = ws.split();
    tx.send(Message::Text(
        json!({"type": "hello", "protocol": 1}).to_string().into(),
    ))
    .await?;
    let start = Instant::now();

    // Say nothing more, and answer no ping (reading only later), while the
    // live player reads, and so answers its pings.
    let mut live = live;
    let (_, reading) = tokio::join!(
        tokio::time::sleep(Duration::from_millis(3500)),
        // Pings keep it from ever being quiet: read until the time is up.
        tokio::time::timeout(
            Duration::from_millis(3500),
            live.settle(Duration::from_secs(60))
        )
    );
    if let Ok(ended) = reading {
        bail!("the live player's connection ended: {ended:?}");
    }
    let mut pings = 0;
    let mut closed = None;
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(5), rx.next()).await {
        match msg {
            Ok(Message::Ping(_)) => pings += 1,
            Ok(Message::Close(frame)) => {
                closed = frame.map(|f| u16::from(f.code));
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert_eq!(pings, 1, "closed after one unanswered ping");
    assert_eq!(closed, Some(1001), "closed as silent");
    eprintln!(
        "ping interval 1 s: a silent peer was pinged {pings} times and closed (read back after {:?})",
        start.elapsed()
    );
    // The player who kept reading (and so answered the pings) is still here.
    assert_eq!(
        live.command(json!({"type": "team_chat", "text": "still here"}))
            .await?["type"],
        "ack"
    );
    Ok(())
}

/// A member who joins through a tiny receive window and then never reads
/// again: its socket (keep it alive) and its resume token.
async fn stalled_member(
    server: &Server,
    code: &str,
) -> Result<(tokio_tungstenite::WebSocketStream<TcpStream>, String)> {
    let addr: std::net::SocketAddr = server.url.trim_start_matches("ws://").parse()?;
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_recv_buffer_size(4096)?;
    let tcp = socket.connect(addr).await?;
    let (mut slow, _) = tokio_tungstenite::client_async(&server.url, tcp).await?;
    slow.send(Message::Text(
        json!({"type": "hello", "protocol": 1}).to_string().into(),
    ))
    .await?;
    slow.send(Message::Text(
        json!({"type": "join", "id": "j", "code": code, "name": "Slow", "seat": "president"})
            .to_string()
            .into(),
    ))
    .await?;
    loop {
        if let Some(Ok(Message::Text(t))) = slow.next().await {
            let v: serde_json::Value = serde_json::from_str(&t)?;
            if let Some(token) = v["resume_token"].as_str() {
                return Ok((slow, token.to_owned()));
            }
        }
    }
}

/// How many 1 KB team chats `fast` sends (each acknowledged) before it hears
/// that the stalled member went offline; `None` if not within `most`.
async fn chats_until_dropped(fast: &mut Client, most: usize) -> Result<Option<usize>> {
    let offline = |c: &Client| {
        c.log.iter().any(|m| {
            m["type"] == "event"
                && m["event"]["type"] == "presence_changed"
                && m["event"]["online"] == false
        })
    };
    for i in 0..most {
        let r = fast
            .command(json!({"type": "team_chat", "text": format!("{i} {}", "words ".repeat(150))}))
            .await?;
        assert_eq!(r["type"], "ack", "{r}");
        if offline(fast) {
            return Ok(Some(i + 1));
        }
    }
    fast.settle(Duration::from_millis(500)).await?;
    Ok(offline(fast).then_some(most))
}

/// With `--send-buffer-bytes` capping the kernel's send buffer, a member who
/// stops reading is let go after a few dozen messages rather than after the
/// megabytes the kernel would otherwise buffer for it; the server counts the
/// drop and closes the socket within seconds.
#[tokio::test]
async fn a_capped_send_buffer_lets_a_stalled_reader_go_sooner_and_counts_it() -> Result<()> {
    let flags = ["--outbox-messages", "16", "--messages-per-second", "0"];
    let capped = [&flags[..], &["--send-buffer-bytes", "4096"]].concat();
    let mut counts = Vec::new();
    for args in [&capped[..], &flags[..]] {
        let data = temp_dir("limit-sndbuf")?;
        let server = Server::start_with(data.path(), args).await?;
        let s = server.create_session().await?;
        let (mut slow, _) = stalled_member(&server, &s.us).await?;
        let (mut fast, _) =
            Client::join(&server.url, &s.us, "Fast", Some("attorney_general")).await?;
        let count = chats_until_dropped(&mut fast, 100).await?;
        let mut admin = Client::connect(&server.url).await?;
        let stats = admin
            .request(json!({"type": "server_stats", "admin_token": ADMIN}))
            .await?;
        let dropped = u64::from(count.is_some());
        assert_eq!(stats["counters"]["dropped"], dropped, "{args:?}: {stats}");
        // And its socket is closed within seconds, though the write stuck on
        // it could wait out the whole write timeout (30 s): only Fast and the
        // admin stay connected.
        let open = |stats: &serde_json::Value| stats["counters"]["connections"].as_u64();
        let mut stats = stats;
        let since = Instant::now();
        while count.is_some()
            && open(&stats) != Some(2)
            && since.elapsed() < Duration::from_secs(10)
        {
            tokio::time::sleep(Duration::from_millis(200)).await;
            stats = admin
                .request(json!({"type": "server_stats", "admin_token": ADMIN}))
                .await?;
        }
        let left = open(&stats);
        assert_eq!(left, Some(if count.is_some() { 2 } else { 3 }), "{stats}");
        eprintln!(
            "{args:?}: {left:?} connections open {:?} later",
            since.elapsed()
        );
        if count.is_some() && args.len() > flags.len() {
            // Let go with a capped buffer, the stalled member finds its
            // close frame behind what it had not read, though it reads only
            // now that the server has closed its socket.
            let closed = tokio::time::timeout(Duration::from_secs(10), async {
                loop {
                    match slow.next().await {
                        Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                        Some(Ok(_)) => continue,
                        Some(Err(_)) | None => return None,
                    }
                }
            })
            .await?;
            assert_eq!(closed, Some(1008), "the stalled member's close frame");
        }
        eprintln!("{args:?}: the stalled member was let go after {count:?} chats");
        let out = tokio::process::Command::new(bin("brink"))
            .args(["--server", &server.url, "admin", "stats"])
            .env("BRINK_ADMIN_TOKEN", ADMIN)
            .output()
            .await?;
        let printed = String::from_utf8_lossy(&out.stdout);
        let line = format!("connections dropped  {dropped}  (for falling behind)");
        assert!(printed.contains(&line), "{printed}");
        counts.push(count);
    }
    // 16 messages in the outbox and a few KiB in each kernel buffer: about
    // 20 chats of 1 KB. Without the cap the kernel grows its buffer instead.
    let (capped, uncapped) = (counts[0], counts[1]);
    assert!(capped.is_some_and(|c| c <= 60), "capped: {capped:?}");
    assert!(
        uncapped.is_none_or(|u| u > capped.unwrap_or(0)),
        "{counts:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_and_resumes() -> Result<()> {
    let data = temp_dir("limit-slow")?;
    let server = Server::start_with(
        data.path(),
        &[
            "--outbox-messages",
            "16",
            "--messages-per-second",
            "0",
            "--ping-interval-secs",
            "0.5",
        ],
    )
    .await?;
    let s = server.create_session().await?;
    let (_slow, token) = stalled_member(&server, &s.us).await?;
    let (mut fast, _) = Client::join(&server.url, &s.us, "Fast", Some("attorney_general")).await?;
    let rss_before = server.rss_kib();
    // Fast keeps talking; every command is answered, however slow Slow is.
    let n = 600;
    let start = Instant::now();
    for i in 0..n {
        let r = fast
            .command(json!({"type": "team_chat", "text": format!("{i} {}", "words ".repeat(150))}))
            .await?;
        assert_eq!(r["type"], "ack", "{r}");
    }
    let took = start.elapsed();
    let rss_after = server.rss_kib();
    // Slow's connection was let go, and the session says so: its player
    // is offline. (Reading Slow's socket to its end would prove it too, but
    // through a 4 KiB window that can take minutes on some kernels.)
    let gone = tokio::time::timeout(
        Duration::from_secs(10),
        fast.event_where(|e| e["type"] == "presence_changed" && e["online"] == false),
    )
    .await;
    assert!(
        gone.is_ok_and(|e| e.is_ok()),
        "the slow connection was let go within 10 s of the last command"
    );
    let mut back = Client::connect(&server.url).await?;
    let welcome = back
        .request(json!({"type": "resume", "token": token, "last_seq": 0}))
        .await?;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    let last = welcome["view"]["messages"]
        .as_array()
        .and_then(|m| m.last())
        .cloned();
    assert!(last.is_some_and(|m| {
        m["text"]
            .as_str()
            .is_some_and(|t| t.starts_with(&format!("{} ", n - 1)))
    }));
    eprintln!(
        "slow consumer: {n} commands of 1 KB in {took:?} while a client did not read; server RSS {rss_before:?} → {rss_after:?} KiB"
    );
    Ok(())
}

#[tokio::test]
async fn only_allowed_origins_connect_from_browsers() -> Result<()> {
    let data = temp_dir("limit-origin")?;
    let server = Server::start_with(
        data.path(),
        &["--allowed-origin", "https://seminar.example"],
    )
    .await?;
    let with_origin = |origin: &str| -> Result<_> {
        let mut request = server.url.as_str().into_client_request()?;
        request.headers_mut().insert("origin", origin.parse()?);
        Ok(request)
    };
    let refused = tokio_tungstenite::connect_async(with_origin("https://elsewhere.example")?).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403);
        }
        other => bail!("expected a 403, got {other:?}"),
    }
    assert!(
        tokio_tungstenite::connect_async(with_origin("https://seminar.example")?)
            .await
            .is_ok()
    );
    assert!(
        Client::connect(&server.url).await.is_ok(),
        "no Origin: not a browser, allowed"
    );
    Ok(())
}
