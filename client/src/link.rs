//! The link to a server: one WebSocket, opened with the socket settings the
//! caller asks for, greeted with `hello`; messages sent as JSON and received
//! typed or as plain JSON; a request sent until it is answered. The rule for
//! a `rate_limited` refusal (not acted on: wait, then send the same request
//! again, with its id) lives here, once.

use crate::ids::Ids;
use anyhow::{Context, Result, bail};
use brink_protocol::{ClientMsg, PROTOCOL_VERSION, ServerMsg, codes};
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client's WebSocket.
pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

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

/// How a link connects and waits.
#[derive(Debug, Clone)]
pub struct Options {
    /// The client's name in its `hello`, for the server's logs.
    pub client: String,
    /// How long connecting, and then each message awaited, may take; `None`
    /// waits as long as it takes.
    pub patience: Option<Duration>,
    /// How long to wait before sending again a request refused as
    /// `rate_limited`.
    pub retry_pause: Duration,
    /// The WebSocket settings; `None` for tungstenite's defaults.
    pub config: Option<WebSocketConfig>,
    /// A fixed kernel receive buffer (`SO_RCVBUF`), set before the handshake
    /// so that the window is sized for it; `None` leaves it to autotuning.
    /// Needs a `ws://IP:PORT` address.
    pub recv_buffer: Option<u32>,
    /// TCP_NODELAY. Needs a `ws://IP:PORT` address.
    pub nodelay: bool,
}

impl Options {
    /// Defaults for a client called `client`: no time limit, half a second's
    /// pause before a rate-limited request goes again, default sockets.
    pub fn new(client: impl Into<String>) -> Self {
        Self {
            client: client.into(),
            patience: None,
            retry_pause: Duration::from_millis(500),
            config: None,
            recv_buffer: None,
            nodelay: false,
        }
    }

    /// With a time limit on connecting and on each message awaited.
    #[must_use]
    pub fn patience(mut self, patience: Duration) -> Self {
        self.patience = Some(patience);
        self
    }

    /// With another pause before a rate-limited request goes again.
    #[must_use]
    pub fn retry_pause(mut self, pause: Duration) -> Self {
        self.retry_pause = pause;
        self
    }
}

/// A request: a message that may carry an id its answer will carry too.
pub trait Request: Serialize {
    /// The request id, if the message has one.
    fn request_id(&self) -> Option<&str>;
}

impl Request for ClientMsg {
    fn request_id(&self) -> Option<&str> {
        ClientMsg::request_id(self)
    }
}

impl Request for Value {
    fn request_id(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }
}

/// A server message, as far as matching answers to requests goes.
pub trait Answer: DeserializeOwned {
    /// The request id this message answers, if any.
    fn answers(&self) -> Option<&str>;
    /// The code, if this is a refusal.
    fn refusal(&self) -> Option<&str>;
}

impl Answer for ServerMsg {
    fn answers(&self) -> Option<&str> {
        answer_id(self)
    }
    fn refusal(&self) -> Option<&str> {
        match self {
            ServerMsg::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl Answer for Value {
    fn answers(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }
    fn refusal(&self) -> Option<&str> {
        if self.get("type").and_then(Value::as_str) == Some("rejected") {
            self.get("code").and_then(Value::as_str)
        } else {
            None
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

/// An open connection to a server.
#[derive(Debug)]
pub struct Link {
    ws: Ws,
    options: Options,
    /// The ids of this link's requests.
    pub ids: Ids,
}

impl Link {
    /// Connects to `url` and exchanges hellos.
    pub async fn connect(url: &str, options: Options) -> Result<Self> {
        let mut link = Self::open(url, options).await?;
        link.hello().await?;
        Ok(link)
    }

    /// Connects to `url` without saying hello.
    pub async fn open(url: &str, options: Options) -> Result<Self> {
        let opening = open_ws(url, &options);
        let ws = match options.patience {
            Some(patience) => tokio::time::timeout(patience, opening)
                .await
                .with_context(|| format!("connecting to {url} timed out"))??,
            None => opening.await?,
        };
        Ok(Self {
            ws,
            options,
            ids: Ids::random(),
        })
    }

    /// Says hello and waits for the server's.
    pub async fn hello(&mut self) -> Result<()> {
        self.send(&ClientMsg::Hello {
            protocol: PROTOCOL_VERSION,
            client: self.options.client.clone(),
        })
        .await?;
        match self.recv::<Value>().await? {
            Some((v, _)) if v["type"] == "hello" => Ok(()),
            Some((v, _)) if v["type"] == "rejected" => {
                bail!(
                    "the server refused: {}",
                    v["message"].as_str().unwrap_or_default()
                )
            }
            Some((_, raw)) => bail!("unexpected answer to hello: {raw}"),
            None => bail!("the server closed the connection before its hello"),
        }
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> String {
        self.ids.next_id()
    }

    /// The socket, for reading and writing frames directly.
    pub fn ws_mut(&mut self) -> &mut Ws {
        &mut self.ws
    }

    /// The socket, for a caller that splits it into halves.
    pub fn into_ws(self) -> Ws {
        self.ws
    }

    /// Sends a message as JSON.
    pub async fn send(&mut self, msg: &impl Serialize) -> Result<()> {
        let text = serde_json::to_string(msg)?;
        self.send_text(&text).await
    }

    /// Sends raw text.
    pub async fn send_text(&mut self, text: &str) -> Result<()> {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .context("the connection to the server is lost")
    }

    /// Closes the connection politely, without waiting.
    pub async fn close(&mut self) {
        let _ = self.ws.close(None).await;
    }

    /// The next text message; `None` when the server closed the connection
    /// without a reason. A close with code 4001 is [`ResumedElsewhere`]; a
    /// close with a reason is an error that gives it.
    pub async fn recv_text(&mut self) -> Result<Option<String>> {
        loop {
            let next = match self.options.patience {
                Some(patience) => tokio::time::timeout(patience, self.ws.next())
                    .await
                    .context("no message arrived in time")?,
                None => self.ws.next().await,
            };
            match next {
                None => return Ok(None),
                Some(Err(e)) => return Err(e).context("the connection to the server is lost"),
                Some(Ok(Message::Text(text))) => return Ok(Some(text.to_string())),
                Some(Ok(Message::Close(frame))) => {
                    if frame
                        .as_ref()
                        .is_some_and(|f| u16::from(f.code) == codes::CLOSE_RESUMED_ELSEWHERE)
                    {
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

    /// The next message, read as `T` (a [`ServerMsg`] or a JSON
    /// [`Value`]), with its raw text; `None` as for [`Link::recv_text`].
    pub async fn recv<T: DeserializeOwned>(&mut self) -> Result<Option<(T, String)>> {
        let Some(text) = self.recv_text().await? else {
            return Ok(None);
        };
        let msg = serde_json::from_str(&text)
            .with_context(|| format!("the server sent something unreadable: {text}"))?;
        Ok(Some((msg, text)))
    }

    /// Sends a request and waits for the answer carrying its id (messages
    /// that come before it are passed over); a `rate_limited` refusal sends
    /// it again after a pause.
    pub async fn request<T: Answer>(&mut self, msg: &impl Request) -> Result<(T, String)> {
        self.send(msg).await?;
        loop {
            let Some((answer, raw)) = self.recv::<T>().await? else {
                bail!("the server closed the connection before answering");
            };
            if answer.answers() != msg.request_id() {
                continue;
            }
            if !self.again_if_limited(&answer, msg).await? {
                return Ok((answer, raw));
            }
        }
    }

    /// If `answer` refuses `msg` as `rate_limited` (not acted on), sends
    /// `msg` again, with its id, after the pause; says whether it did.
    pub async fn again_if_limited(
        &mut self,
        answer: &impl Answer,
        msg: &impl Request,
    ) -> Result<bool> {
        if answer.refusal() != Some(codes::RATE_LIMITED) {
            return Ok(false);
        }
        tokio::time::sleep(self.options.retry_pause).await;
        self.send(msg).await?;
        Ok(true)
    }
}

/// Opens the WebSocket: through tungstenite's connector, or, when the
/// options set the socket's buffer or TCP_NODELAY, over a socket set up
/// first.
async fn open_ws(url: &str, options: &Options) -> Result<Ws> {
    if options.recv_buffer.is_none() && !options.nodelay {
        let (ws, _) = tokio_tungstenite::connect_async_with_config(url, options.config, false)
            .await
            .with_context(|| format!("cannot connect to {url}; is brink-server running there?"))?;
        return Ok(ws);
    }
    let addr: std::net::SocketAddr = url
        .strip_prefix("ws://")
        .and_then(|a| a.parse().ok())
        .with_context(|| format!("not a ws://IP:PORT address: {url}"))?;
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    if let Some(bytes) = options.recv_buffer {
        socket.set_recv_buffer_size(bytes)?;
    }
    let stream = socket
        .connect(addr)
        .await
        .with_context(|| format!("cannot connect to {url}"))?;
    stream.set_nodelay(options.nodelay)?;
    let (ws, _) = tokio_tungstenite::client_async_with_config(
        url,
        MaybeTlsStream::Plain(stream),
        options.config,
    )
    .await
    .with_context(|| format!("no WebSocket handshake with {url}"))?;
    Ok(ws)
}
