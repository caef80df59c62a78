//! What a connection whose WebSocket handshake failed is told: an HTTP answer
//! that says what was wrong (a browser or `curl` pointed at the server, a
//! malformed or oversized request), instead of a silent hang-up. The
//! handshake itself is tungstenite's, run by the connection task.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Error as WsError;
use tokio_tungstenite::tungstenite::error::ProtocolError;

/// How long the refusal may take to write, and the peer to stop sending.
const LINGER: Duration = Duration::from_millis(500);

/// The most of the peer's remaining request read (and dropped) after the
/// answer, so that closing does not reset the connection before the peer
/// has read it.
const DRAIN_BYTES: usize = 256 * 1024;

/// The HTTP status and explanation for a failed handshake, or none when
/// there is no one to tell (the peer hung up) or an answer was already sent
/// (a refused origin).
pub fn answer(error: &WsError) -> Option<(u16, &'static str, String)> {
    match error {
        WsError::Protocol(
            ProtocolError::MissingConnectionUpgradeHeader
            | ProtocolError::MissingUpgradeWebSocketHeader,
        ) => Some((
            426,
            "Upgrade Required",
            "This is a Brink server: open this address in a web browser to play, or use the brink client (`brink --server ws://HOST:PORT join CODE --name NAME`), or connect a WebSocket client to this address.".to_owned(),
        )),
        WsError::Protocol(ProtocolError::MissingSecWebSocketVersionHeader) => Some((
            400,
            "Bad Request",
            "This server speaks WebSocket version 13: send `Sec-WebSocket-Version: 13`.".to_owned(),
        )),
        WsError::Protocol(e) => Some((
            400,
            "Bad Request",
            format!("Not a WebSocket handshake this server can accept: {e}."),
        )),
        WsError::Capacity(_) => Some((
            431,
            "Request Header Fields Too Large",
            "The handshake's headers are too large or too many.".to_owned(),
        )),
        WsError::HttpFormat(_) | WsError::Url(_) | WsError::Utf8(_) => Some((
            400,
            "Bad Request",
            "Not an HTTP request: connect a WebSocket client to this address.".to_owned(),
        )),
        _ => None,
    }
}

/// Tells the peer why its handshake failed, if there is anything to say,
/// then lets it go.
pub async fn refuse(stream: &mut TcpStream, error: &WsError) {
    if let Some((status, reason, text)) = answer(error) {
        respond(stream, status, reason, &text).await;
    }
}

/// Most connections refused at accept that are answered at once; past
/// that (a flood), a refused connection is closed without an answer.
const MAX_ANSWERING: usize = 64;

/// Refused connections being answered now.
static ANSWERING: AtomicUsize = AtomicUsize::new(0);

/// Answers a connection refused at accept (a connection limit) with `503
/// Service Unavailable` and `text`, in a task of its own that holds no place
/// among the open connections, and then lets it go.
pub fn busy(mut stream: TcpStream, text: String) {
    if ANSWERING.fetch_add(1, Ordering::Relaxed) >= MAX_ANSWERING {
        ANSWERING.fetch_sub(1, Ordering::Relaxed);
        return;
    }
    tokio::spawn(async move {
        respond(&mut stream, 503, "Service Unavailable", &text).await;
        ANSWERING.fetch_sub(1, Ordering::Relaxed);
    });
}

/// Writes an HTTP answer, shuts the write side, and reads (and drops) what
/// the peer still sends, within [`LINGER`], so that closing does not reset
/// the connection under the answer.
async fn respond(stream: &mut TcpStream, status: u16, reason: &str, text: &str) {
    let body = format!("{text}\n");
    // A 426 names the protocol to upgrade to (RFC 9110, 15.5.22).
    let upgrade = if status == 426 {
        "Upgrade: websocket\r\n"
    } else {
        ""
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\n{upgrade}Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let said = async {
        stream.write_all(response.as_bytes()).await?;
        shut_and_drain(stream, DRAIN_BYTES).await
    };
    let _ = tokio::time::timeout(LINGER, said).await;
}

/// Shuts the write side of `stream` (the peer reads what was sent, then an
/// end of stream) and reads and drops what the peer still sends, up to
/// `most` bytes or its end: dropping a socket with unread bytes would reset
/// the connection under what was sent. The caller bounds the time.
pub async fn shut_and_drain(stream: &mut TcpStream, most: usize) -> std::io::Result<()> {
    stream.shutdown().await?;
    let mut buf = [0u8; 4096];
    let mut read = 0;
    while read < most {
        match stream.read(&mut buf).await? {
            0 => break,
            n => read += n,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_http_request_is_told_to_upgrade_and_an_answered_one_gets_nothing_more() {
        let plain = WsError::Protocol(ProtocolError::MissingConnectionUpgradeHeader);
        assert_eq!(answer(&plain).map(|(s, ..)| s), Some(426));
        let version = WsError::Protocol(ProtocolError::MissingSecWebSocketVersionHeader);
        assert_eq!(answer(&version).map(|(s, ..)| s), Some(400));
        let gone = WsError::ConnectionClosed;
        assert_eq!(answer(&gone), None);
    }
}
