//! The hostile-input battery over raw TCP against the real `brink-server`:
//! handshakes and WebSocket frames written by hand, each malformed in one
//! way — a header megabytes long, hundreds of headers, garbage instead of
//! HTTP, a plain HTTP request, a wrong WebSocket version, a handshake
//! dribbled out byte by byte; and after a valid handshake and `hello`: a
//! frame with a huge 64-bit length (and one with its top bit set), a frame
//! just over the size limit, an unmasked client frame, every reserved opcode,
//! every reserved bit, a fragmented ping, a ping over 125 bytes, a
//! continuation with nothing to continue, a new message inside a fragmented
//! one, invalid UTF-8 in a text frame, close frames with invalid codes or a
//! one-byte payload, a message in 65,536 one-byte fragments, random bytes,
//! and slowloris frames (a header or a payload left unfinished).
//!
//! Every case runs [`ROUNDS`] times at once. It proves that each bad
//! connection is closed, with the HTTP status or close code its fault calls
//! for (the read ends within a generous timeout; the times
//! are printed, not asserted), that the server still serves a normal client
//! after every case and a whole session at the end, and that its memory
//! comes back near where it started (a generous bound; the figures are
//! printed, with the number of malformed inputs tried, on the line starting
//! `hostile battery:`).

use anyhow::{Context, Result, bail, ensure};
use brink_tests::{Client, Dice, Server, temp_dir};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How many connections try each case (all at once).
const ROUNDS: usize = 20;

/// How long a bad connection may stay open before the test fails: generous,
/// for a loaded CI machine; the real times are printed.
const PATIENCE: Duration = Duration::from_secs(10);

/// A valid upgrade request.
const UPGRADE: &str = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

/// One malformed input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    LongHeader,
    ManyHeaders,
    Garbage,
    NotAnUpgrade,
    WrongVersion,
    SlowHandshake,
    HugeLength,
    HugeLengthTopBit,
    OverLimit,
    Unmasked,
    ReservedOpcode(u8),
    ReservedBit(u8),
    FragmentedPing,
    BigPing,
    OrphanContinuation,
    NewMessageInFragments,
    BadUtf8,
    BadCloseCode(u16),
    OneByteClose,
    TinyFragments,
    RandomBytes,
    SlowHeader,
    SlowPayload,
}

impl Case {
    fn all() -> Vec<Case> {
        let mut all = vec![
            Case::LongHeader,
            Case::ManyHeaders,
            Case::Garbage,
            Case::NotAnUpgrade,
            Case::WrongVersion,
            Case::SlowHandshake,
            Case::HugeLength,
            Case::HugeLengthTopBit,
            Case::OverLimit,
            Case::Unmasked,
        ];
        all.extend((0x3..=0x7).chain(0xB..=0xF).map(Case::ReservedOpcode));
        all.extend([0x40, 0x20, 0x10].map(Case::ReservedBit));
        all.extend([
            Case::FragmentedPing,
            Case::BigPing,
            Case::OrphanContinuation,
            Case::NewMessageInFragments,
            Case::BadUtf8,
        ]);
        // Codes a peer may not send: below 1000, reserved, or beyond 4999.
        all.extend(
            [0, 999, 1004, 1005, 1006, 1015, 1100, 2999, 5000, 65535].map(Case::BadCloseCode),
        );
        all.extend([
            Case::OneByteClose,
            Case::TinyFragments,
            Case::RandomBytes,
            Case::SlowHeader,
            Case::SlowPayload,
        ]);
        all
    }

    /// Whether the case comes after a valid handshake and `hello`.
    fn after_hello(self) -> bool {
        !matches!(
            self,
            Case::LongHeader
                | Case::ManyHeaders
                | Case::Garbage
                | Case::NotAnUpgrade
                | Case::WrongVersion
                | Case::SlowHandshake
        )
    }

    /// How the server must end the case: an HTTP status for a bad
    /// handshake, the close code for a bad frame (none: any ending, for
    /// inputs whose ending depends on timing or chance).
    fn ending(self) -> Option<&'static str> {
        Some(match self {
            Case::NotAnUpgrade => "http 426",
            Case::Garbage | Case::WrongVersion => "http 400",
            Case::ManyHeaders => "http 431",
            Case::HugeLength | Case::HugeLengthTopBit | Case::OverLimit | Case::TinyFragments => {
                "close 1009"
            }
            Case::BadUtf8 => "close 1007",
            Case::SlowHeader | Case::SlowPayload => "close 1001",
            // Still sending its 4 MiB as the answer goes: the answer may be
            // lost in the reset; a handshake never finished: dropped.
            Case::LongHeader | Case::SlowHandshake | Case::RandomBytes => return None,
            _ => "close 1002",
        })
    }

    /// What to send at once, and what to dribble afterwards, a byte every
    /// 100 ms, until the server hangs up.
    fn bytes(self, dice: &mut Dice) -> (Vec<u8>, Option<Vec<u8>>) {
        let text = br#"{"type":"hello","protocol":1}"#;
        let once = |b: Vec<u8>| (b, None);
        match self {
            Case::LongHeader => {
                let mut b = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ".to_vec();
                b.extend(std::iter::repeat_n(b'a', 4 * 1024 * 1024));
                b.extend(b"\r\n\r\n");
                once(b)
            }
            Case::ManyHeaders => {
                let mut b = UPGRADE.trim_end().as_bytes().to_vec();
                for i in 0..2_000 {
                    b.extend(format!("\r\nX-H{i}: {i}").as_bytes());
                }
                b.extend(b"\r\n\r\n");
                once(b)
            }
            Case::Garbage => {
                let n = 1 + dice.below(8 * 1024);
                once((0..n).map(|_| dice.below(256) as u8).collect())
            }
            Case::NotAnUpgrade => once(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec()),
            Case::WrongVersion => once(UPGRADE.replace("Version: 13", "Version: 8").into_bytes()),
            Case::SlowHandshake => {
                let dribble = b"X-Slow: loris\r\n".repeat(100);
                (b"GET / HTTP/1.1\r\n".to_vec(), Some(dribble))
            }
            Case::HugeLength => {
                let mut b = vec![0x81, 0x80 | 127];
                b.extend(0x7fff_ffff_ffff_ffffu64.to_be_bytes());
                b.extend(MASK);
                b.extend(b"{\"type\":");
                once(b)
            }
            Case::HugeLengthTopBit => {
                let mut b = vec![0x82, 0x80 | 127];
                b.extend(u64::MAX.to_be_bytes());
                b.extend(MASK);
                once(b)
            }
            Case::OverLimit => {
                // One byte over the 64 KiB limit, declared in the header.
                let mut b = vec![0x81, 0x80 | 127];
                b.extend((64 * 1024 + 1u64).to_be_bytes());
                b.extend(MASK);
                b.extend(std::iter::repeat_n(b'x', 1024));
                once(b)
            }
            Case::Unmasked => once(frame_with(0x81, text, false)),
            Case::ReservedOpcode(op) => once(frame(0x80 | op, text)),
            Case::ReservedBit(bit) => once(frame(0x81 | bit, text)),
            Case::FragmentedPing => once(frame(0x09, b"ping")),
            Case::BigPing => once(frame(0x89, &[b'p'; 126])),
            Case::OrphanContinuation => once(frame(0x80, text)),
            Case::NewMessageInFragments => {
                let mut b = frame(0x01, b"{\"type\":");
                b.extend(frame(0x81, text));
                once(b)
            }
            Case::BadUtf8 => once(frame(0x81, b"{\"type\":\"\xff\xfe\xc0\xaf\"}")),
            Case::BadCloseCode(code) => {
                let mut payload = code.to_be_bytes().to_vec();
                payload.extend(b"bye");
                once(frame(0x88, &payload))
            }
            Case::OneByteClose => once(frame(0x88, &[0x03])),
            Case::TinyFragments => {
                let mut b = frame(0x01, b"x");
                for _ in 0..64 * 1024 {
                    b.extend(frame(0x00, b"x"));
                }
                b.extend(frame(0x80, b"x"));
                once(b)
            }
            Case::RandomBytes => {
                let n = 1 + dice.below(256);
                once((0..n).map(|_| dice.below(256) as u8).collect())
            }
            Case::SlowHeader => once(vec![0x81]),
            Case::SlowPayload => {
                let mut b = vec![0x81, 0x80 | 126];
                b.extend(1000u16.to_be_bytes());
                b.extend(MASK);
                b.extend(b"{\"ty");
                once(b)
            }
        }
    }
}

/// A masked client frame.
fn frame(first: u8, payload: &[u8]) -> Vec<u8> {
    frame_with(first, payload, true)
}

fn frame_with(first: u8, payload: &[u8], masked: bool) -> Vec<u8> {
    let bit = if masked { 0x80 } else { 0 };
    let mut b = vec![first];
    match payload.len() {
        n @ 0..=125 => b.push(bit | n as u8),
        n @ 126..=65535 => {
            b.push(bit | 126);
            b.extend((n as u16).to_be_bytes());
        }
        n => {
            b.push(bit | 127);
            b.extend((n as u64).to_be_bytes());
        }
    }
    if masked {
        b.extend(MASK);
        b.extend(payload.iter().zip(MASK.iter().cycle()).map(|(p, m)| p ^ m));
    } else {
        b.extend(payload);
    }
    b
}

/// Reads one server frame: its opcode and payload.
async fn read_frame(tcp: &mut TcpStream) -> Result<(u8, Vec<u8>)> {
    let mut head = [0u8; 2];
    tcp.read_exact(&mut head).await?;
    let len = match head[1] & 0x7f {
        126 => {
            let mut n = [0u8; 2];
            tcp.read_exact(&mut n).await?;
            u64::from(u16::from_be_bytes(n))
        }
        127 => {
            let mut n = [0u8; 8];
            tcp.read_exact(&mut n).await?;
            u64::from_be_bytes(n)
        }
        n => u64::from(n),
    };
    ensure!(len < 1 << 20, "a server frame of {len} bytes");
    let mut payload = vec![0u8; usize::try_from(len)?];
    tcp.read_exact(&mut payload).await?;
    Ok((head[0] & 0x0f, payload))
}

/// A valid handshake and `hello` over raw TCP: the connection is live.
async fn handshake_and_hello(tcp: &mut TcpStream) -> Result<()> {
    tcp.write_all(UPGRADE.as_bytes()).await?;
    let mut response = Vec::new();
    while !response.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        ensure!(
            tcp.read(&mut byte).await? == 1,
            "closed during the handshake"
        );
        response.push(byte[0]);
        ensure!(response.len() < 16 * 1024, "an endless handshake response");
    }
    ensure!(
        response.starts_with(b"HTTP/1.1 101"),
        "handshake refused: {}",
        String::from_utf8_lossy(&response)
    );
    tcp.write_all(&frame(
        0x81,
        br#"{"type":"hello","protocol":1,"client":"hostile"}"#,
    ))
    .await?;
    loop {
        let (op, payload) = read_frame(tcp).await?;
        if op == 0x1 {
            let text = String::from_utf8(payload)?;
            ensure!(text.contains("\"hello\""), "expected hello, got {text}");
            return Ok(());
        }
    }
}

/// How a bad connection ended.
#[derive(Debug)]
struct Ended {
    /// From the bad input to the end of the read.
    after: Duration,
    /// What the server said as it went: an HTTP status, a close code, or
    /// nothing (a plain hang-up).
    said: String,
}

/// Tries one case on a fresh connection; returns how the server ended it.
async fn attack(addr: String, case: Case, seed: u64) -> Result<Ended> {
    let mut dice = Dice::new(seed);
    let mut tcp = TcpStream::connect(&addr).await?;
    if case.after_hello() {
        tokio::time::timeout(PATIENCE, handshake_and_hello(&mut tcp))
            .await
            .context("handshake and hello took too long")??;
    }
    let (bytes, dribble) = case.bytes(&mut dice);
    let start = Instant::now();
    let (mut reader, mut writer) = tcp.split();
    let write = async {
        // A write that fails means the server has hung up already.
        if writer.write_all(&bytes).await.is_ok()
            && let Some(dribble) = dribble
        {
            for byte in dribble.iter().cycle() {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if writer.write_all(&[*byte]).await.is_err() {
                    break;
                }
            }
        }
        std::future::pending::<()>().await;
    };
    let read = async {
        let mut got = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => return got,
                Ok(n) => got.extend(&buf[..n]),
            }
        }
    };
    let got = tokio::time::timeout(PATIENCE, async {
        tokio::select! {
            got = read => got,
            () = write => unreachable!("the writer never ends"),
        }
    })
    .await
    .with_context(|| format!("{case:?}: the connection was still open after {PATIENCE:?}"))?;
    let after = start.elapsed();
    let said = if !case.after_hello() {
        String::from_utf8_lossy(&got)
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1).map(|s| format!("http {s}")))
            .unwrap_or_else(|| "hang-up".to_owned())
    } else {
        close_code(&got).map_or_else(|| "hang-up".to_owned(), |c| format!("close {c}"))
    };
    Ok(Ended { after, said })
}

/// The code of the first close frame among server frames, if any.
fn close_code(mut bytes: &[u8]) -> Option<u16> {
    while bytes.len() >= 2 {
        let (op, short) = (bytes[0] & 0x0f, usize::from(bytes[1] & 0x7f));
        let (len, head) = match short {
            126 => (
                usize::from(u16::from_be_bytes([*bytes.get(2)?, *bytes.get(3)?])),
                4,
            ),
            127 => (
                usize::try_from(u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?)).ok()?,
                10,
            ),
            n => (n, 2),
        };
        let payload = bytes.get(head..head + len)?;
        if op == 0x8 {
            return Some(match payload {
                [a, b, ..] => u16::from_be_bytes([*a, *b]),
                _ => 1005,
            });
        }
        bytes = &bytes[head + len..];
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_and_handshakes_are_closed_and_forgotten() -> Result<()> {
    let data = temp_dir("hostile")?;
    let server = Server::start_with(
        data.path(),
        &["--handshake-timeout-secs", "1", "--ping-interval-secs", "1"],
    )
    .await?;
    let addr = server.url.trim_start_matches("ws://").to_owned();
    // Warm up, so that the first figure is a working server's.
    let session = server.create_session().await?;
    for _ in 0..ROUNDS {
        let mut c = Client::connect(&server.url).await?;
        c.close().await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before = server.rss_kib();
    let battery = Instant::now();
    let mut tried = 0usize;
    let mut slowest = (Duration::ZERO, None);
    let mut endings: BTreeMap<String, usize> = BTreeMap::new();
    for (k, case) in Case::all().into_iter().enumerate() {
        let attacks: Vec<_> = (0..ROUNDS)
            .map(|round| {
                let seed = (k * 1_000 + round) as u64 + 1;
                tokio::spawn(attack(addr.clone(), case, seed))
            })
            .collect();
        let mut times = Vec::new();
        let mut said: BTreeMap<String, usize> = BTreeMap::new();
        for attack in attacks {
            let ended = attack.await??;
            tried += 1;
            if ended.after > slowest.0 {
                slowest = (ended.after, Some(case));
            }
            if let Some(ending) = case.ending() {
                assert_eq!(ended.said, ending, "{case:?} ended otherwise");
            }
            times.push(ended.after);
            *said.entry(ended.said.clone()).or_default() += 1;
            *endings.entry(ended.said).or_default() += 1;
        }
        times.sort();
        eprintln!(
            "{case:?}: {ROUNDS} closed, median {:?}, slowest {:?}; {said:?}",
            times[times.len() / 2],
            times[times.len() - 1]
        );
        // The server is still there for everyone else.
        let mut c = Client::connect(&server.url)
            .await
            .with_context(|| format!("the server did not serve a client after {case:?}"))?;
        c.close().await;
    }
    let took = battery.elapsed();
    // And still plays: a whole join and command at the end.
    let (mut umpire, _) = Client::join(&server.url, &session.umpire, "Umpire", None).await?;
    let answer = umpire
        .command(serde_json::json!({"type": "start_game"}))
        .await?;
    if answer["type"] != "ack" {
        bail!("the session no longer plays: {answer}");
    }
    umpire.close().await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_after = server.rss_kib();
    eprintln!(
        "hostile battery: {tried} malformed inputs tried ({} kinds × {ROUNDS}), {tried} closed (slowest {:?} by {:?}) in {took:?}, server up after every kind; endings {endings:?}; server RSS {rss_before:?} → {rss_after:?} KiB",
        Case::all().len(),
        slowest.0,
        slowest.1,
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after < before + 50 * 1024,
            "the server's memory grew from {before} KiB to {after} KiB"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_browser_or_curl_at_the_address_is_told_what_this_is() -> Result<()> {
    let data = temp_dir("hostile-http")?;
    let server = Server::start(data.path()).await?;
    let addr = server.url.trim_start_matches("ws://").to_owned();
    let get = |accept: &'static str| {
        let addr = addr.clone();
        async move {
            let mut tcp = TcpStream::connect(&addr).await?;
            tcp.write_all(
                format!("GET / HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await?;
            let mut got = Vec::new();
            tokio::time::timeout(PATIENCE, tcp.read_to_end(&mut got)).await??;
            anyhow::Ok(String::from_utf8(got)?)
        }
    };
    // A browser gets the web client, under a policy that runs only its own scripts.
    let page = get("text/html,application/xhtml+xml,*/*;q=0.8").await?;
    ensure!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    ensure!(
        page.contains("Content-Security-Policy: default-src 'self'"),
        "{page}"
    );
    ensure!(page.contains("<title>Brink</title>"), "{page}");
    // curl, or a script, is told this address wants a WebSocket client.
    let got = get("*/*").await?;
    ensure!(
        got.starts_with("HTTP/1.1 426 Upgrade Required\r\n"),
        "{got}"
    );
    ensure!(got.contains("This is a Brink server"), "{got}");
    ensure!(got.contains("brink --server ws://"), "{got}");
    Ok(())
}
