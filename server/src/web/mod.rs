//! The web client, served on the game port: a connection's first request is
//! read here. A plain `GET`/`HEAD` for a page or asset is answered from the
//! files compiled into the binary ([`assets`]), and the connection may ask
//! again (keep-alive); anything else — a WebSocket upgrade, or a request
//! this module does not answer — is handed on, its bytes put back in front
//! of the socket ([`Rewind`]), to the WebSocket handshake, which accepts it
//! or says what is wrong as before (a `curl` at `/` still learns it needs a
//! WebSocket client).

mod assets;
mod rewind;

pub use rewind::Rewind;

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most of a request head read before deciding; a longer head goes to
/// the WebSocket handshake as it is, which refuses it.
const MAX_HEAD: usize = 8 * 1024;

/// The most headers a page request may have (the handshake allows more and
/// answers too many with 431).
const MAX_HEADERS: usize = 64;

/// The most pages one connection asks for before it is closed.
const MAX_PAGES: usize = 100;

/// What the browser may load and connect to: only this server, no inline
/// script or style, no frames.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What came first on a connection, once its pages are answered.
#[derive(Debug)]
pub enum Next {
    /// A request for the WebSocket handshake: its bytes, read so far.
    Handshake(Vec<u8>),
    /// The peer left, fell silent, or asked for its last page.
    Done,
}

/// Answers the page requests that come first on `stream`, each head within
/// `patience`, and returns what comes after them.
pub async fn serve_pages(stream: &mut TcpStream, patience: Duration) -> Next {
    for _ in 0..MAX_PAGES {
        let head = match tokio::time::timeout(patience, read_head(stream)).await {
            Ok(Ok(head)) if !head.is_empty() => head,
            _ => return Next::Done,
        };
        let Some(page) = PageRequest::parse(&head) else {
            return Next::Handshake(head);
        };
        let answer = page.answer();
        if tokio::time::timeout(patience, stream.write_all(&answer))
            .await
            .map_or(true, |r| r.is_err())
            || page.close
        {
            return Next::Done;
        }
    }
    Next::Done
}

/// Reads until the request head is complete or cannot be one (malformed,
/// too many headers: the handshake says what is wrong at once), [`MAX_HEAD`]
/// bytes, or the end of the stream: all that was read.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while head.len() < MAX_HEAD {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        if !matches!(
            httparse::Request::new(&mut headers).parse(&head),
            Ok(httparse::Status::Partial)
        ) {
            break;
        }
    }
    Ok(head)
}

/// A request this module answers: a plain `GET` or `HEAD`, not an upgrade.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PageRequest {
    path: String,
    head_only: bool,
    /// The `If-None-Match` header: the ETag the browser holds.
    cached: Option<String>,
    /// Whether the peer asked to close after this answer.
    close: bool,
}

impl PageRequest {
    /// The page request in `head`, or `None` when it is for the handshake:
    /// an upgrade, another method, a malformed or incomplete head, or `/`
    /// asked by a client that does not take HTML (it is told to use
    /// WebSocket).
    fn parse(head: &[u8]) -> Option<Self> {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        if !matches!(request.parse(head), Ok(httparse::Status::Complete(_))) {
            return None;
        }
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .and_then(|h| std::str::from_utf8(h.value).ok())
        };
        let head_only = match request.method? {
            "GET" => false,
            "HEAD" => true,
            _ => return None,
        };
        if header("upgrade").is_some() || header("sec-websocket-key").is_some() {
            return None;
        }
        let path = request.path?.split(['?', '#']).next().unwrap_or("/");
        let takes_html = header("accept").is_some_and(|a| a.contains("text/html"));
        if path == "/" && !takes_html {
            return None;
        }
        Some(Self {
            path: path.to_owned(),
            head_only,
            cached: header("if-none-match").map(str::to_owned),
            close: request.version == Some(0)
                || header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close")),
        })
    }

    /// The whole HTTP answer.
    fn answer(&self) -> Vec<u8> {
        let Some(asset) = assets::find(&self.path) else {
            return plain(
                404,
                "Not Found",
                "There is no such page on this Brink server. Open / to play.",
                self,
            );
        };
        let etag = asset.etag();
        if self
            .cached
            .as_deref()
            .is_some_and(|held| held.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
        {
            let unchanged = Self {
                head_only: true,
                ..self.clone()
            };
            return response(304, "Not Modified", asset.mime, &etag, &[], &unchanged);
        }
        response(200, "OK", asset.mime, &etag, asset.bytes, self)
    }
}

/// A short text answer.
fn plain(status: u16, reason: &str, text: &str, request: &PageRequest) -> Vec<u8> {
    let body = format!("{text}\n");
    response(
        status,
        reason,
        "text/plain; charset=utf-8",
        "",
        body.as_bytes(),
        request,
    )
}

/// An answer with the security and caching headers every page gets; the
/// body is left out for a `HEAD` (its length is still said) and a 304.
fn response(
    status: u16,
    reason: &str,
    mime: &str,
    etag: &str,
    body: &[u8],
    request: &PageRequest,
) -> Vec<u8> {
    let etag = if etag.is_empty() {
        String::new()
    } else {
        format!("ETag: {etag}\r\nCache-Control: no-cache\r\n")
    };
    let connection = if request.close { "close" } else { "keep-alive" };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n{etag}Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCross-Origin-Opener-Policy: same-origin\r\nConnection: {connection}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !request.head_only {
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<PageRequest> {
        PageRequest::parse(text.as_bytes())
    }

    #[test]
    fn a_browser_gets_pages_and_everything_else_goes_to_the_handshake() {
        let browser = parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/html,*/*\r\n\r\n");
        assert_eq!(browser.map(|p| p.path), Some("/".to_owned()));
        let asset = parse("HEAD /app.js?v=1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            .expect("an asset");
        assert_eq!(
            (asset.path.as_str(), asset.head_only, asset.close),
            ("/app.js", true, true)
        );
        for handshake in [
            // curl at the root learns it needs a WebSocket client.
            "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAccept: text/html\r\n\r\n",
            "POST /app.js HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /app.js HTTP/1.1\r\nHost: h\r\n",
            "garbage\r\n\r\n",
        ] {
            assert_eq!(parse(handshake), None, "{handshake:?}");
        }
    }

    #[test]
    fn answers_carry_the_policy_and_revalidate_by_etag() {
        let page = parse("GET / HTTP/1.1\r\nAccept: text/html\r\n\r\n").expect("page");
        let first = String::from_utf8(page.answer()).expect("text");
        assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
        assert!(first.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(first.contains(&format!("Content-Security-Policy: {CSP}\r\n")));
        assert!(first.contains("<title>Brink</title>"));
        let etag = first
            .lines()
            .find_map(|l| l.strip_prefix("ETag: "))
            .expect("an etag")
            .to_owned();
        let again = parse(&format!(
            "GET / HTTP/1.1\r\nAccept: text/html\r\nIf-None-Match: {etag}\r\n\r\n"
        ))
        .expect("page");
        let second = String::from_utf8(again.answer()).expect("text");
        assert!(
            second.starts_with("HTTP/1.1 304 Not Modified\r\n"),
            "{second}"
        );
        assert!(second.ends_with("\r\n\r\n"), "no body");
        let head = parse("HEAD / HTTP/1.1\r\nAccept: text/html\r\n\r\n").expect("page");
        let head = String::from_utf8(head.answer()).expect("text");
        assert!(
            head.ends_with("\r\n\r\n") && !head.contains("Content-Length: 0\r\n"),
            "{head}"
        );
        let missing = parse("GET /nothing.js HTTP/1.1\r\n\r\n").expect("a page request");
        assert!(String::from_utf8_lossy(&missing.answer()).starts_with("HTTP/1.1 404 Not Found"));
    }
}
