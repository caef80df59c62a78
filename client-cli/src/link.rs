//! The client's connection to the server: connect, say hello, send requests
//! with fresh ids, and receive server messages.

use anyhow::{Context, Result, bail};
use brink_protocol::{ClientMsg, PROTOCOL_VERSION, ServerMsg};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The server let this connection go because the same player resumed on
/// another (close code 4001): the other one has the seat now, and this one
/// must not take it back.
#[derive(Debug)]
pub struct ResumedElsewhere;

impl std::fmt::Display for ResumedElsewhere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("this seat was resumed on another connection (another terminal or window with the same token)")
    }
}

impl std::error::Error for ResumedElsewhere {}

/// An open, greeted connection.
pub struct Link {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// Request ids are this link's random prefix and a count, so no two
    /// commands of a player ever share one, across runs and reconnections:
    /// the server answers a reused id with the first command's answer.
    prefix: String,
    next_id: u64,
}

impl Link {
    /// Connects to `server` and exchanges hellos.
    pub async fn connect(server: &str) -> Result<Self> {
        let (ws, _) = tokio_tungstenite::connect_async(server)
            .await
            .with_context(|| {
                format!("cannot connect to {server}; is brink-server running there?")
            })?;
        let mut link = Link {
            ws,
            prefix: uuid::Uuid::new_v4().simple().to_string()[..12].to_owned(),
            next_id: 1,
        };
        link.send(&ClientMsg::Hello {
            protocol: PROTOCOL_VERSION,
            client: format!("brink {}", env!("CARGO_PKG_VERSION")),
        })
        .await?;
        match link.recv().await? {
            Some(ServerMsg::Hello { .. }) => Ok(link),
            Some(ServerMsg::Rejected { message, .. }) => bail!("the server refused: {message}"),
            other => bail!("unexpected answer to hello: {other:?}"),
        }
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> String {
        let id = format!("{}-{}", self.prefix, self.next_id);
        self.next_id += 1;
        id
    }

    /// Sends a message.
    pub async fn send(&mut self, msg: &ClientMsg) -> Result<()> {
        let text = serde_json::to_string(msg)?;
        self.ws
            .send(Message::Text(text.into()))
            .await
            .context("the connection to the server is lost")
    }

    /// The next server message; `None` when the server closed the connection.
    pub async fn recv(&mut self) -> Result<Option<ServerMsg>> {
        Ok(self.recv_raw().await?.map(|(msg, _)| msg))
    }

    /// The next server message with its raw JSON text.
    pub async fn recv_raw(&mut self) -> Result<Option<(ServerMsg, String)>> {
        loop {
            match self.ws.next().await {
                None => return Ok(None),
                Some(Err(e)) => return Err(e).context("the connection to the server is lost"),
                Some(Ok(Message::Text(text))) => {
                    let msg = serde_json::from_str(&text)
                        .with_context(|| format!("the server sent something unreadable: {text}"))?;
                    return Ok(Some((msg, text.to_string())));
                }
                Some(Ok(Message::Close(frame))) => {
                    if frame.as_ref().is_some_and(|f| {
                        u16::from(f.code) == brink_protocol::codes::CLOSE_RESUMED_ELSEWHERE
                    }) {
                        return Err(ResumedElsewhere.into());
                    }
                    if let Some(frame) = frame
                        && !frame.reason.is_empty()
                    {
                        bail!("the server closed the connection: {}", frame.reason);
                    }
                    return Ok(None);
                }
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Sends a request and waits for the answer carrying its id.
    pub async fn request(&mut self, msg: &ClientMsg) -> Result<(ServerMsg, String)> {
        let id = msg.request_id().map(str::to_owned);
        self.send(msg).await?;
        loop {
            let Some((answer, raw)) = self.recv_raw().await? else {
                bail!("the server closed the connection before answering");
            };
            if answer_id(&answer) != id.as_deref() {
                continue;
            }
            // Too fast: the request was not acted on; send it again shortly.
            if let ServerMsg::Rejected { code, .. } = &answer
                && code == brink_protocol::codes::RATE_LIMITED
            {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                self.send(msg).await?;
                continue;
            }
            return Ok((answer, raw));
        }
    }
}

/// The request id a server message answers, if any.
pub fn answer_id(msg: &ServerMsg) -> Option<&str> {
    match msg {
        ServerMsg::Ack { id }
        | ServerMsg::SessionCreated { id, .. }
        | ServerMsg::Sessions { id, .. }
        | ServerMsg::ServerStats { id, .. }
        | ServerMsg::Welcome { id, .. }
        | ServerMsg::Seats { id, .. }
        | ServerMsg::Replay { id, .. }
        | ServerMsg::Document { id, .. }
        | ServerMsg::Forked { id, .. } => Some(id),
        ServerMsg::Rejected { id, .. } => id.as_deref(),
        ServerMsg::Hello { .. } | ServerMsg::Event { .. } => None,
    }
}
