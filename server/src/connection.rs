//! One task per WebSocket connection: the handshake, `hello`, admin requests,
//! joining, and then shuttling commands to the session actor and its messages
//! back to the socket. A connection's error ends that connection only.

use crate::Context;
use crate::admission::{self, Admitted};
use crate::fragment;
use crate::handshake;
use crate::outbound::encode;
use crate::review;
use crate::session::{ConnId, Inbox, Input, Outbox};
use crate::throttle::{Throttle, Verdict};
use crate::web::{self, Rewind};
use brink_engine::Point;
use brink_protocol::{ClientMsg, Credential, PROTOCOL_VERSION, Refusal, ServerMsg, codes};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message, Utf8Bytes};

/// Where a connection stands.
#[derive(Debug)]
enum Stage {
    /// Waiting for `hello`.
    New,
    /// Said hello; may create sessions, list them, join or resume.
    Ready,
    /// Speaks for a player of a session.
    Joined {
        /// The session actor's inputs.
        session: Inbox,
        /// Messages from the session actor for this connection.
        /// (Texts, not `Message`s: a queue's block is half the size.)
        outbox: mpsc::Receiver<Utf8Bytes>,
        /// Raised by the session when it lets this connection go because
        /// its player resumed on another.
        replaced: Arc<AtomicBool>,
        /// Raised by the session when the player left or was removed.
        removed: Arc<AtomicBool>,
    },
}

/// What to do after handling one client message.
enum Reply {
    /// Nothing more to send.
    None,
    /// Send this message.
    Send(ServerMsg),
    /// Send these messages, in order.
    Many(Vec<ServerMsg>),
    /// Send this message, then close with this frame.
    Close(ServerMsg, CloseFrame),
}

/// A connection's socket once its request head was read: the head put back.
type Socket<'s> = Rewind<&'s mut TcpStream>;

/// Serves one accepted TCP connection until it closes or the server shuts down.
pub async fn serve(
    mut stream: TcpStream,
    peer: SocketAddr,
    ctx: Arc<Context>,
    mut shutdown: watch::Receiver<bool>,
    _admitted: Admitted,
) {
    let limits = &ctx.limits;
    // Pages first (the web client), then the WebSocket handshake.
    let head = match Box::pin(web::serve_pages(&mut stream, limits.handshake_timeout)).await {
        web::Next::Handshake(head) => head,
        web::Next::Done => return,
    };
    let origins = limits.allowed_origins.clone();
    #[allow(
        clippy::result_large_err,
        reason = "the shape tungstenite's handshake callback takes"
    )]
    let handshake = tokio_tungstenite::accept_hdr_async_with_config(
        Rewind::new(head, &mut stream),
        move |request: &Request, response: Response| {
            admission::check_origin(&origins, request, response)
        },
        Some(limits.websocket()),
    );
    // Boxed, so that its state is freed once it is done with.
    let ws = match Box::pin(tokio::time::timeout(limits.handshake_timeout, handshake)).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "WebSocket handshake failed");
            // Boxed: its read buffer would otherwise be part of every
            // connection's task, for the life of the connection.
            Box::pin(handshake::refuse(&mut stream, &e)).await;
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "WebSocket handshake timed out");
            return;
        }
    };
    let id = ctx.next_conn.fetch_add(1, Ordering::Relaxed);
    let _open = crate::counters::connection_opened();
    tracing::debug!(%peer, conn = id, "connection opened");
    let (close, stuck, sink, source, conn) = {
        let mut handler = Handler::new(ws, id, ctx.clone());
        let (close, stuck) = handler.run(&mut shutdown).await;
        let Handler {
            sink, source, conn, ..
        } = handler;
        (close, stuck, sink, source, conn)
    };
    if let Stage::Joined { session, .. } = &conn.stage {
        let _ = session.send(Box::new(Input::Disconnect { conn: id })).await;
    }
    // Boxed: the closing's state (a read buffer among it) would otherwise
    // be part of every connection's task for the life of the connection.
    Box::pin(send_close(sink, source, close, stuck, limits)).await;
    Box::pin(linger(&mut stream)).await;
    tracing::debug!(%peer, conn = id, "connection closed");
}

/// One open WebSocket's loop, and what it keeps between messages.
struct Handler<'s> {
    sink: SplitSink<WebSocketStream<Socket<'s>>, Message>,
    source: SplitStream<WebSocketStream<Socket<'s>>>,
    /// The connection's stage and what handling a message needs.
    conn: Connection,
    throttle: Throttle,
    /// When the peer was last heard from, and the ping it has not answered.
    heard: Instant,
    pinged: Option<Instant>,
    pings: tokio::time::Interval,
    /// Once the server begins to shut down, or this connection is cut off:
    /// no more reading, until this moment at the latest, to pass on the
    /// answers to what was read, then this close.
    draining: Option<(Instant, CloseFrame)>,
    /// The messages being written, kept between writes for its capacity.
    batch: Vec<Utf8Bytes>,
    write_timeout: Duration,
    ping_interval: Duration,
}

/// What the loop does after one event.
enum Next {
    /// Goes on.
    Continue,
    /// Ends, with the close frame still to send (if any), and whether the
    /// peer stopped reading (its socket's buffer is full).
    End(Option<CloseFrame>, bool),
}

impl Next {
    /// Ends with nothing more to send.
    const GONE: Next = Next::End(None, false);
}

impl<'s> Handler<'s> {
    fn new(ws: WebSocketStream<Socket<'s>>, id: ConnId, ctx: Arc<Context>) -> Self {
        let (sink, source) = ws.split();
        let limits = &ctx.limits;
        let tick = limits.ping_interval / 2;
        let mut pings = tokio::time::interval_at((Instant::now() + tick).into(), tick);
        pings.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Self {
            sink,
            source,
            throttle: Throttle::new(limits.messages_per_second, Instant::now()),
            heard: Instant::now(),
            pinged: None,
            pings,
            draining: None,
            batch: Vec::new(),
            write_timeout: limits.write_timeout(),
            ping_interval: limits.ping_interval,
            conn: Connection {
                id,
                ctx,
                stage: Stage::New,
            },
        }
    }

    /// Serves the connection until it ends: shutdown, the session's
    /// messages, the end of a drain, pings, and the peer's messages, each
    /// handled by its own method.
    async fn run(&mut self, shutdown: &mut watch::Receiver<bool>) -> (Option<CloseFrame>, bool) {
        loop {
            let outgoing = async {
                match &mut self.conn.stage {
                    Stage::Joined { outbox, .. } => outbox.recv().await,
                    _ => std::future::pending().await,
                }
            };
            let drained = async {
                match &self.draining {
                    Some((at, _)) => tokio::time::sleep_until((*at).into()).await,
                    None => std::future::pending().await,
                }
            };
            let reading = self.draining.is_none();
            let next = tokio::select! {
                biased;
                _ = shutdown.changed(), if reading => self.on_shutdown(),
                out = outgoing => match out {
                    Some(msg) => self.on_outgoing(msg).await,
                    None => self.on_let_go(*shutdown.borrow()),
                },
                () = drained => Next::End(self.draining.take().map(|(_, frame)| frame), false),
                _ = self.pings.tick() => self.on_tick().await,
                incoming = self.source.next(), if reading => self.on_incoming(incoming).await,
            };
            if let Next::End(close, stuck) = next {
                return (close, stuck);
            }
        }
    }

    /// The server begins to shut down: a joined connection passes on the
    /// session's last answers first.
    fn on_shutdown(&mut self) -> Next {
        if matches!(self.conn.stage, Stage::Joined { .. }) {
            self.draining = Some((Instant::now() + DRAIN, going_away()));
            return Next::Continue;
        }
        Next::End(Some(going_away()), false)
    }

    /// The session let go of this connection: for falling behind, for a
    /// newer connection of the same player, or because the server is
    /// shutting down.
    fn on_let_go(&mut self, shutting_down: bool) -> Next {
        let frame = if shutting_down {
            going_away()
        } else if let Some((_, frame)) = self.draining.take() {
            frame
        } else {
            self.let_go()
        };
        Next::End(Some(frame), false)
    }

    /// Why the session let go of this connection: a newer connection of the
    /// same player, or falling behind.
    fn let_go(&self) -> CloseFrame {
        if self.conn.removed() {
            close_frame(
                CloseCode::Library(codes::CLOSE_LEFT_SESSION),
                "out of the session: the seat was left or freed; join again with a join code",
            )
        } else if self.conn.replaced() {
            resumed_elsewhere()
        } else {
            close_frame(
                CloseCode::Policy,
                "this connection fell too far behind; resume to catch up",
            )
        }
    }

    /// Writes `msg` and whatever else the session has queued, in one flush.
    async fn on_outgoing(&mut self, msg: Utf8Bytes) -> Next {
        let id = self.conn.id;
        let Stage::Joined { outbox, .. } = &mut self.conn.stage else {
            return Next::GONE;
        };
        self.batch.push(msg);
        while self.batch.len() < BATCH {
            match outbox.try_recv() {
                Ok(text) => self.batch.push(text),
                Err(_) => break,
            }
        }
        let write = forward(&mut self.sink, &mut self.batch);
        match write_while_wanted(write, outbox, self.write_timeout).await {
            Ok(Ok(())) => Next::Continue,
            Ok(Err(_)) => Next::GONE,
            Err(Stuck::Unread) => {
                tracing::info!(conn = id, "closing a connection that does not read");
                let reason = "this connection does not read what it is sent; resume to catch up";
                Next::End(Some(close_frame(CloseCode::Policy, reason)), true)
            }
            Err(Stuck::LetGo) => {
                tracing::info!(
                    conn = id,
                    "closing a connection let go of while its write was stuck"
                );
                Next::End(Some(self.let_go()), true)
            }
        }
    }

    /// Pings a quiet peer; closes one that did not answer the last ping.
    async fn on_tick(&mut self) -> Next {
        if self
            .pinged
            .is_some_and(|at| at.elapsed() >= self.ping_interval)
        {
            tracing::info!(conn = self.conn.id, silent = ?self.heard.elapsed(), "closing a connection whose peer does not answer pings");
            return Next::End(
                Some(close_frame(CloseCode::Away, "no answer to pings")),
                false,
            );
        }
        if self.pinged.is_none() && self.heard.elapsed() >= self.ping_interval {
            self.pinged = Some(Instant::now());
            let ping = self.sink.send(Message::Ping(Default::default()));
            if !matches!(
                tokio::time::timeout(self.write_timeout, ping).await,
                Ok(Ok(()))
            ) {
                return Next::GONE;
            }
        }
        Next::Continue
    }

    /// What the peer sent: a frame that ends the connection, or a message
    /// to answer.
    async fn on_incoming(&mut self, incoming: Option<Result<Message, WsError>>) -> Next {
        self.heard = Instant::now();
        self.pinged = None;
        let text = match incoming {
            None => return Next::GONE,
            // Send the close tungstenite answers with (the peer's code, or
            // 1002 for one a peer may not send), then go.
            Some(Ok(Message::Close(_))) => {
                let _ = tokio::time::timeout(DRAIN, self.sink.flush()).await;
                return Next::GONE;
            }
            Some(Err(WsError::Capacity(e))) => {
                let limit = self.conn.ctx.limits.max_message_bytes;
                let reason = format!("message too big ({e}); the limit is {limit} bytes");
                return Next::End(Some(close_frame(CloseCode::Size, &reason)), false);
            }
            // A frame that breaks the protocol: say which, then go.
            Some(Err(WsError::Protocol(e)))
                if !matches!(e, ProtocolError::ResetWithoutClosingHandshake) =>
            {
                tracing::debug!(conn = self.conn.id, error = %e, "protocol error");
                let reason = format!("protocol error: {e}");
                return Next::End(Some(close_frame(CloseCode::Protocol, &reason)), false);
            }
            Some(Err(WsError::Utf8(_))) => {
                let reason = "a text message that is not valid UTF-8";
                return Next::End(Some(close_frame(CloseCode::Invalid, reason)), false);
            }
            Some(Err(e)) => {
                tracing::debug!(conn = self.conn.id, error = %e, "connection error");
                return Next::GONE;
            }
            Some(Ok(Message::Text(text))) => Some(text),
            Some(Ok(Message::Binary(_))) => None,
            Some(Ok(_)) => return Next::Continue,
        };
        let reply = match (self.throttle.check(self.heard), text) {
            (Verdict::CutOff, _) => return self.cut_off().await,
            (Verdict::Refuse, text) => Reply::Send(rejected(
                text.as_deref().and_then(request_id),
                codes::RATE_LIMITED,
                format!(
                    "too many messages: at most {} a second; wait a moment and send this again",
                    self.conn.ctx.limits.messages_per_second
                ),
            )),
            (Verdict::Pass, Some(text)) => self.conn.on_text(&text).await,
            (Verdict::Pass, None) => Reply::Send(rejected(
                None,
                codes::BINARY_NOT_SUPPORTED,
                "binary messages are not supported; send JSON as text".into(),
            )),
        };
        self.reply(reply).await
    }

    /// A connection that keeps on flooding: told so, then closed once the
    /// answers to what was let through first have gone out.
    async fn cut_off(&mut self) -> Next {
        let msg = rejected(
            None,
            codes::RATE_LIMITED,
            "too many messages; this connection is closed".into(),
        );
        let told = self.sink.send(Message::Text(encode(&msg)));
        if tokio::time::timeout(self.write_timeout, told)
            .await
            .is_err()
        {
            return Next::GONE;
        }
        let frame = close_frame(
            CloseCode::Policy,
            "too many messages: slow down, then resume",
        );
        self.draining = Some((Instant::now() + CUT_OFF_GRACE, frame));
        Next::Continue
    }

    /// Sends the answer to one message (and closes, if it says so).
    async fn reply(&mut self, reply: Reply) -> Next {
        let (msgs, then_close) = match reply {
            Reply::None => return Next::Continue,
            Reply::Send(msg) => (vec![msg], None),
            Reply::Many(msgs) => (msgs, None),
            Reply::Close(msg, frame) => (vec![msg], Some(frame)),
        };
        let sink = &mut self.sink;
        let send_all = async {
            for msg in msgs {
                feed(sink, Message::Text(encode(&msg))).await?;
            }
            sink.flush().await
        };
        match Box::pin(tokio::time::timeout(self.write_timeout, send_all)).await {
            Ok(Ok(())) if then_close.is_none() => Next::Continue,
            Ok(Ok(())) => Next::End(then_close, false),
            _ => Next::GONE,
        }
    }
}

/// The close of every connection when the server shuts down.
fn going_away() -> CloseFrame {
    close_frame(
        CloseCode::Away,
        "the server is shutting down; resume in a moment",
    )
}

/// How long a closing connection waits to pass on its last answers.
const DRAIN: Duration = Duration::from_secs(3);

/// How long a closed connection reads what its peer still sends before the
/// socket is dropped, and how much of it at most.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1024 * 1024;

/// Sends the close frame still to send, if any; into the full buffer of a
/// peer that stopped reading (`stuck`), as far as [`make_room_for_close`]
/// lets it.
async fn send_close<'s>(
    sink: SplitSink<WebSocketStream<Socket<'s>>, Message>,
    source: futures_util::stream::SplitStream<WebSocketStream<Socket<'s>>>,
    close: Option<CloseFrame>,
    stuck: bool,
    limits: &crate::Limits,
) {
    if let Ok(mut ws) = sink.reunite(source)
        && let Some(frame) = close
    {
        if stuck {
            make_room_for_close(ws.get_ref().get_ref(), limits);
        }
        let _ = tokio::time::timeout(DRAIN, ws.send(Message::Close(Some(frame)))).await;
    }
}

/// Shuts the write side (the peer reads the close frame, then an end of
/// stream) and reads what the peer still sends — the rest of an oversized
/// frame, its own close — within [`LINGER`], so that dropping the socket
/// with unread bytes does not reset the connection under the close frame.
async fn linger(stream: &mut TcpStream) {
    let drained = handshake::shut_and_drain(stream, LINGER_BYTES);
    let _ = tokio::time::timeout(LINGER, drained).await;
}

/// Lets a close frame into the full send buffer of a peer that stopped
/// reading: with `--send-buffer-bytes` set, the buffer grows by a few KiB,
/// so that the close frame waits behind what was sent and the peer reads it
/// when it reads again. (An autotuned buffer cannot grow this way: setting
/// it would shrink it.)
fn make_room_for_close(stream: &TcpStream, limits: &crate::Limits) {
    if let Some(bytes) = limits.send_buffer_bytes
        && let Err(e) = socket2::SockRef::from(stream).set_send_buffer_size(bytes + 16 * 1024)
    {
        tracing::debug!(error = %e, "cannot grow the send buffer for a close frame");
    }
}

/// How long a connection cut off for flooding still receives the answers to
/// what it sent before.
const CUT_OFF_GRACE: Duration = Duration::from_millis(500);

/// Most queued messages written before one flush.
const BATCH: usize = 64;

/// Writes the batch (drained, whatever happens) and flushes once. (With the
/// write buffer at 0, see `Limits::websocket`, each frame is still its own
/// system call; a 1 KiB buffer, which would share them at a kilobyte more a
/// connection, made no difference to S2's CPU: see docs/performance.md.)
async fn forward(
    sink: &mut SplitSink<WebSocketStream<Socket<'_>>, Message>,
    batch: &mut Vec<Utf8Bytes>,
) -> Result<(), WsError> {
    for text in batch.drain(..) {
        feed(sink, Message::Text(text)).await?;
    }
    sink.flush().await
}

/// Why a write was given up.
enum Stuck {
    /// The peer took nothing for the whole write timeout.
    Unread,
    /// The session let go of the connection (for falling behind, most
    /// likely because this very write is stuck) and the write did not finish
    /// within [`DRAIN`] of it.
    LetGo,
}

/// Runs `write` for at most `timeout`, or [`DRAIN`] once the session has let
/// go of `outbox`: a connection dropped for not reading then closes in
/// seconds instead of holding its socket for the whole write timeout, while
/// a healthy one still gets to write its last answers at shutdown.
async fn write_while_wanted<T>(
    write: impl Future<Output = T>,
    outbox: &mpsc::Receiver<Utf8Bytes>,
    timeout: Duration,
) -> Result<T, Stuck> {
    let mut write = std::pin::pin!(write);
    let check = timeout.min(DRAIN) / 3;
    let mut waited = Duration::ZERO;
    loop {
        if let Ok(done) = tokio::time::timeout(check, &mut write).await {
            return Ok(done);
        }
        waited += check;
        if waited >= timeout {
            return Err(Stuck::Unread);
        }
        if outbox.is_closed() && waited >= DRAIN.min(timeout) {
            return Err(Stuck::LetGo);
        }
    }
}

/// Queues `msg` on `sink`, a long text in fragments (see [`fragment`]).
async fn feed(
    sink: &mut SplitSink<WebSocketStream<Socket<'_>>, Message>,
    msg: Message,
) -> Result<(), WsError> {
    for frame in fragment::frames(msg, fragment::FRAME_BYTES) {
        sink.feed(frame).await?;
    }
    Ok(())
}

/// The `id` of a message, read without acting on it (for refusals).
fn request_id(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: Option<String>,
    }
    serde_json::from_str::<Id>(text)
        .ok()
        .and_then(|m| m.id)
        .filter(|id| id.len() <= brink_protocol::MAX_REQUEST_ID_BYTES)
}

/// One connection's state between messages.
struct Connection {
    id: ConnId,
    ctx: Arc<Context>,
    stage: Stage,
}

impl Connection {
    /// Whether the session let this connection go for a newer one.
    fn replaced(&self) -> bool {
        matches!(&self.stage, Stage::Joined { replaced, .. } if replaced.load(Ordering::Relaxed))
    }

    /// Whether the session let this connection go because its player left
    /// the session or was removed.
    fn removed(&self) -> bool {
        matches!(&self.stage, Stage::Joined { removed, .. } if removed.load(Ordering::Relaxed))
    }

    async fn on_text(&mut self, text: &str) -> Reply {
        let msg = match brink_protocol::decode(text) {
            Ok(msg) => msg,
            Err(rejection) => return Reply::Send(*rejection),
        };
        // The one message a joined connection sends all game long is
        // handled here; everything else, rare, on the heap, so that every
        // idle connection's task is not the size of the largest request.
        let msg = match (&self.stage, msg) {
            (Stage::Joined { session, .. }, ClientMsg::Command { id, command }) => {
                let input = Input::Command {
                    conn: self.id,
                    request: id.clone(),
                    action: command,
                };
                return match session.send(Box::new(input)).await {
                    Ok(()) => Reply::None,
                    Err(_) => Reply::Send(unavailable(id)),
                };
            }
            (_, msg) => msg,
        };
        Box::pin(self.on_other(msg)).await
    }

    /// Handles any message but a joined connection's command (which
    /// `on_text` sends on itself).
    async fn on_other(&mut self, msg: ClientMsg) -> Reply {
        let id = msg.request_id().map(str::to_owned);
        let conn = self.id;
        let new = matches!(self.stage, Stage::New);
        let joined = matches!(self.stage, Stage::Joined { .. });
        match msg {
            ClientMsg::Hello { protocol, client } if new => {
                if protocol != PROTOCOL_VERSION {
                    return Reply::Close(
                        rejected(
                            None,
                            codes::VERSION_MISMATCH,
                            format!(
                                "this server speaks protocol {PROTOCOL_VERSION} and the client speaks {protocol}; use a brink client of version {PROTOCOL_VERSION}"
                            ),
                        ),
                        close_frame(CloseCode::Protocol, "protocol version mismatch"),
                    );
                }
                tracing::debug!(conn = self.id, %client, "hello");
                self.stage = Stage::Ready;
                Reply::Send(ServerMsg::Hello {
                    protocol: PROTOCOL_VERSION,
                    server: format!("brink-server {}", env!("CARGO_PKG_VERSION")),
                    now_ms: crate::now_ms(),
                })
            }
            _ if new => Reply::Send(rejected(
                id,
                codes::HELLO_FIRST,
                format!(
                    "say hello first: {{\"type\":\"hello\",\"protocol\":{PROTOCOL_VERSION}}}"
                ),
            )),
            ClientMsg::Hello { .. } => Reply::Send(rejected(
                None,
                codes::HELLO_FIRST,
                "hello was already received on this connection".into(),
            )),
            ClientMsg::CreateSession { id, admin_token, scenario, observers, title } => {
                if !crate::secret::same(&admin_token, &self.ctx.admin_token) {
                    return Reply::Send(not_admin(id));
                }
                Reply::Send(match self.ctx.registry.create(&scenario, observers, title).await {
                    Ok(session) => ServerMsg::SessionCreated { id, session },
                    Err(refusal) => refusal.to(Some(id)),
                })
            }
            ClientMsg::ListSessions { id, admin_token } => {
                if !crate::secret::same(&admin_token, &self.ctx.admin_token) {
                    return Reply::Send(not_admin(id));
                }
                Reply::Send(ServerMsg::Sessions {
                    id,
                    sessions: self.ctx.registry.list(),
                    scenarios: self.ctx.registry.scenarios(),
                })
            }
            ClientMsg::ServerStats { id, admin_token } => {
                if !crate::secret::same(&admin_token, &self.ctx.admin_token) {
                    return Reply::Send(not_admin(id));
                }
                Reply::Send(ServerMsg::ServerStats {
                    id,
                    counters: crate::counters::snapshot(),
                })
            }
            ClientMsg::Join { id, .. } | ClientMsg::Resume { id, .. } if joined => {
                Reply::Send(rejected(
                    Some(id),
                    codes::ALREADY_JOINED,
                    "this connection has already joined; open another connection to join as someone else".into(),
                ))
            }
            ClientMsg::Seats { id, code } => {
                let Some((session, role)) = self.ctx.registry.by_code(code.trim()) else {
                    return Reply::Send(bad_code(id));
                };
                let (reply, answer) = oneshot::channel();
                let input = Input::Seats { request: id.clone(), role, reply };
                if session.send(Box::new(input)).await.is_err() {
                    return Reply::Send(unavailable(id));
                }
                Reply::Send(answer.await.unwrap_or_else(|_| unavailable(id)))
            }
            ClientMsg::Join { id, code, name, seat } => {
                let Some((session, role)) = self.ctx.registry.by_code(code.trim()) else {
                    return Reply::Send(bad_code(id));
                };
                self.attach(session, |outbox, reply| Input::Join {
                    conn,
                    outbox,
                    request: id.clone(),
                    role,
                    name,
                    seat,
                    reply,
                }, &id)
                .await
            }
            ClientMsg::Resume { id, token, last_seq } => {
                let Some((session, player)) = self.ctx.registry.by_token(token.trim()) else {
                    return Reply::Send(rejected(
                        Some(id),
                        codes::BAD_TOKEN,
                        "this resume token is not valid; join again with your join code".into(),
                    ));
                };
                self.attach(session, |outbox, reply| Input::Resume {
                    conn,
                    outbox,
                    request: id.clone(),
                    player,
                    token,
                    last_seq,
                    reply,
                }, &id)
                .await
            }
            ClientMsg::Replay { id, session, auth, perspective, from, to, view } => {
                let request = review::Request::Replay { perspective, from, to, view };
                self.review(id, &session, &auth, request).await
            }
            ClientMsg::Export { id, session, auth, format, perspective } => {
                let request = review::Request::Export { format, perspective };
                self.review(id, &session, &auth, request).await
            }
            ClientMsg::Report { id, session, auth, format } => {
                self.review(id, &session, &auth, review::Request::Report { format }).await
            }
            ClientMsg::Fork { id, session, auth, at } => self.fork(id, &session, &auth, at).await,
            ClientMsg::Command { id, .. } => Reply::Send(rejected(
                Some(id),
                codes::NOT_JOINED,
                "join a session first: send join with your join code, or resume with your token".into(),
            )),
        }
    }

    /// The session a review request is about and who makes it, or the
    /// refusal to send.
    fn target(
        &self,
        id: &str,
        session: &str,
        auth: &Credential,
    ) -> Result<(Inbox, crate::session::Requester), Box<Reply>> {
        self.ctx
            .registry
            .review(session, auth, &self.ctx.admin_token)
            .map_err(|refusal| Box::new(Reply::Send(refusal.to(Some(id.to_owned())))))
    }

    /// Asks a session to answer a review request.
    async fn review(
        &self,
        id: String,
        session: &str,
        auth: &Credential,
        request: review::Request,
    ) -> Reply {
        let (inputs, requester) = match self.target(&id, session, auth) {
            Ok(found) => found,
            Err(reply) => return *reply,
        };
        let (reply, answer) = oneshot::channel();
        let input = Input::Review {
            requester,
            request_id: id.clone(),
            request,
            reply,
        };
        if inputs.send(Box::new(input)).await.is_err() {
            return Reply::Send(unavailable(id));
        }
        match answer.await {
            Ok(msgs) => Reply::Many(msgs),
            Err(_) => Reply::Send(unavailable(id)),
        }
    }

    /// Forks a session: the parent gives its log prefix, the registry founds
    /// the new session, and the parent records it.
    async fn fork(&self, id: String, session: &str, auth: &Credential, at: Point) -> Reply {
        let (parent, requester) = match self.target(&id, session, auth) {
            Ok(found) => found,
            Err(reply) => return *reply,
        };
        let (reply, answer) = oneshot::channel();
        let input = Input::ForkPrefix {
            requester,
            request_id: id.clone(),
            at,
            reply,
        };
        if parent.send(Box::new(input)).await.is_err() {
            return Reply::Send(unavailable(id));
        }
        let seed = match answer.await {
            Ok(Ok(seed)) => seed,
            Ok(Err(rejection)) => return Reply::Send(rejection),
            Err(_) => return Reply::Send(unavailable(id)),
        };
        let (at_seq, turn) = (seed.at_seq, seed.turn);
        let info = match self.ctx.registry.fork(session, seed).await {
            Ok(info) => info,
            Err(refusal) => return Reply::Send(refusal.to(Some(id))),
        };
        let record = Input::RecordFork {
            fork: info.session.clone(),
            at_seq,
            turn,
        };
        if parent.send(Box::new(record)).await.is_err() {
            tracing::warn!(parent = %session, fork = %info.session, "cannot record the fork in its parent");
        }
        Reply::Send(ServerMsg::Forked {
            id,
            session: info,
            parent: session.to_owned(),
            at_seq,
            turn,
        })
    }

    /// Asks a session to admit this connection; on success the connection
    /// speaks for the player from now on.
    async fn attach(
        &mut self,
        session: Inbox,
        input: impl FnOnce(Outbox, oneshot::Sender<Result<brink_engine::PlayerId, ServerMsg>>) -> Input,
        request: &str,
    ) -> Reply {
        let (queue, outbox) = mpsc::channel(self.ctx.limits.outbox_messages);
        let replaced = Arc::new(AtomicBool::new(false));
        let removed = Arc::new(AtomicBool::new(false));
        let (reply, answer) = oneshot::channel();
        let sending = Outbox {
            queue,
            replaced: replaced.clone(),
            removed: removed.clone(),
        };
        if session.send(Box::new(input(sending, reply))).await.is_err() {
            return Reply::Send(unavailable(request.to_owned()));
        }
        match answer.await {
            Ok(Ok(player)) => {
                tracing::debug!(conn = self.id, %player, "joined");
                self.stage = Stage::Joined {
                    session,
                    outbox,
                    replaced,
                    removed,
                };
                Reply::None
            }
            Ok(Err(rejection)) => Reply::Send(rejection),
            Err(_) => Reply::Send(unavailable(request.to_owned())),
        }
    }
}

fn rejected(id: Option<String>, code: &'static str, message: String) -> ServerMsg {
    Refusal::new(code, message).to(id)
}

fn not_admin(id: String) -> ServerMsg {
    rejected(
        Some(id),
        codes::NOT_ADMIN,
        "the admin token is wrong; use the one the server printed when it first started, or BRINK_ADMIN_TOKEN".into(),
    )
}

/// The refusal of a join code the server does not know.
fn bad_code(id: String) -> ServerMsg {
    rejected(
        Some(id),
        codes::BAD_CODE,
        "this join code is not valid; check it with your umpire (codes look like us-xxxxxxxx...)"
            .into(),
    )
}

fn unavailable(id: String) -> ServerMsg {
    rejected(
        Some(id),
        codes::UNAVAILABLE,
        "the session is not available (the server may be shutting down); try again in a moment"
            .into(),
    )
}

/// The close of a connection whose player resumed on another.
fn resumed_elsewhere() -> CloseFrame {
    close_frame(
        CloseCode::Library(codes::CLOSE_RESUMED_ELSEWHERE),
        "resumed elsewhere: this player's token was used on another connection",
    )
}

fn close_frame(code: CloseCode, reason: &str) -> CloseFrame {
    // A close reason may hold at most 123 bytes.
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    CloseFrame {
        code,
        reason: reason[..end].to_owned().into(),
    }
}
