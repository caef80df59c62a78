//! One task per WebSocket connection: the handshake, `hello`, admin requests,
//! joining, and then shuttling commands to the session actor and its messages
//! back to the socket. A connection's error ends that connection only.

use crate::Context;
use crate::outbound::encode;
use crate::review;
use crate::session::{ConnId, Input};
use brink_engine::Point;
use brink_protocol::{ClientMsg, Credential, PROTOCOL_VERSION, ServerMsg, codes};
use futures_util::{SinkExt, StreamExt};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

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
        session: mpsc::Sender<Input>,
        /// Messages from the session actor for this connection.
        outbox: mpsc::Receiver<Message>,
    },
}

/// Where a connection stands, as far as handling one message needs to know.
enum At {
    New,
    Ready,
    Joined(mpsc::Sender<Input>),
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

/// Serves one accepted TCP connection until it closes or the server shuts down.
pub async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    ctx: Arc<Context>,
    mut shutdown: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let handshake =
        tokio_tungstenite::accept_async_with_config(stream, Some(ctx.limits.websocket()));
    let ws = match tokio::time::timeout(ctx.limits.handshake_timeout, handshake).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "WebSocket handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "WebSocket handshake timed out");
            return;
        }
    };
    let id = ctx.next_conn.fetch_add(1, Ordering::Relaxed);
    tracing::debug!(%peer, conn = id, "connection opened");
    let (mut sink, mut source) = ws.split();
    let mut conn = Connection {
        id,
        ctx,
        stage: Stage::New,
    };
    loop {
        let outgoing = async {
            match &mut conn.stage {
                Stage::Joined { outbox, .. } => outbox.recv().await,
                _ => std::future::pending().await,
            }
        };
        let close = tokio::select! {
            biased;
            _ = shutdown.changed() => Some(close_frame(
                CloseCode::Away,
                "the server is shutting down; resume in a moment",
            )),
            out = outgoing => match out {
                Some(msg) => match sink.send(msg).await {
                    Ok(()) => continue,
                    Err(_) => break,
                },
                // The session dropped this connection: for falling behind, or
                // because the server is shutting down and the session stopped
                // before this task saw the signal.
                None if *shutdown.borrow() => Some(close_frame(
                    CloseCode::Away,
                    "the server is shutting down; resume in a moment",
                )),
                None => Some(close_frame(
                    CloseCode::Policy,
                    "this connection fell too far behind; resume to catch up",
                )),
            },
            incoming = source.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Err(WsError::Capacity(e))) => Some(close_frame(
                    CloseCode::Size,
                    &format!("message too big ({e}); the limit is {} bytes", conn.ctx.limits.max_message_bytes),
                )),
                Some(Err(e)) => {
                    tracing::debug!(conn = id, error = %e, "connection error");
                    break;
                }
                Some(Ok(Message::Text(text))) => match conn.on_text(&text).await {
                    Reply::None => continue,
                    Reply::Send(msg) => match sink.send(Message::Text(encode(&msg))).await {
                        Ok(()) => continue,
                        Err(_) => break,
                    },
                    Reply::Many(msgs) => {
                        let mut sent = true;
                        for msg in msgs {
                            if sink.send(Message::Text(encode(&msg))).await.is_err() {
                                sent = false;
                                break;
                            }
                        }
                        if sent { continue } else { break }
                    }
                    Reply::Close(msg, frame) => {
                        let _ = sink.send(Message::Text(encode(&msg))).await;
                        Some(frame)
                    }
                },
                Some(Ok(Message::Binary(_))) => {
                    let msg = rejected(None, codes::BINARY_NOT_SUPPORTED, "binary messages are not supported; send JSON as text".into());
                    match sink.send(Message::Text(encode(&msg))).await {
                        Ok(()) => continue,
                        Err(_) => break,
                    }
                }
                Some(Ok(_)) => continue,
            },
        };
        if let Some(frame) = close {
            let _ = sink.send(Message::Close(Some(frame))).await;
        }
        break;
    }
    if let Stage::Joined { session, .. } = conn.stage {
        let _ = session.send(Input::Disconnect { conn: id }).await;
    }
    tracing::debug!(%peer, conn = id, "connection closed");
}

/// One connection's state between messages.
struct Connection {
    id: ConnId,
    ctx: Arc<Context>,
    stage: Stage,
}

impl Connection {
    async fn on_text(&mut self, text: &str) -> Reply {
        let msg = match parse(text) {
            Ok(msg) => msg,
            Err(rejection) => return Reply::Send(*rejection),
        };
        let id = msg.request_id().map(str::to_owned);
        let conn = self.id;
        let at = match &self.stage {
            Stage::New => At::New,
            Stage::Ready => At::Ready,
            Stage::Joined { session, .. } => At::Joined(session.clone()),
        };
        match (at, msg) {
            (At::New, ClientMsg::Hello { protocol, client }) => {
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
                })
            }
            (At::New, _) => Reply::Send(rejected(
                id,
                codes::HELLO_FIRST,
                format!(
                    "say hello first: {{\"type\":\"hello\",\"protocol\":{PROTOCOL_VERSION}}}"
                ),
            )),
            (_, ClientMsg::Hello { .. }) => Reply::Send(rejected(
                None,
                codes::HELLO_FIRST,
                "hello was already received on this connection".into(),
            )),
            (_, ClientMsg::CreateSession { id, admin_token, scenario, observers }) => {
                if !crate::secret::same(&admin_token, &self.ctx.admin_token) {
                    return Reply::Send(not_admin(id));
                }
                Reply::Send(match self.ctx.registry.create(&scenario, observers).await {
                    Ok(session) => ServerMsg::SessionCreated { id, session },
                    Err((code, message)) => rejected(Some(id), code, message),
                })
            }
            (_, ClientMsg::ListSessions { id, admin_token }) => {
                if !crate::secret::same(&admin_token, &self.ctx.admin_token) {
                    return Reply::Send(not_admin(id));
                }
                Reply::Send(ServerMsg::Sessions {
                    id,
                    sessions: self.ctx.registry.list(),
                })
            }
            (At::Joined(_), ClientMsg::Join { id, .. } | ClientMsg::Resume { id, .. }) => {
                Reply::Send(rejected(
                    Some(id),
                    codes::ALREADY_JOINED,
                    "this connection has already joined; open another connection to join as someone else".into(),
                ))
            }
            (_, ClientMsg::Join { id, code, name, seat }) => {
                let Some((session, role)) = self.ctx.registry.by_code(code.trim()) else {
                    return Reply::Send(rejected(
                        Some(id),
                        codes::BAD_CODE,
                        "this join code is not valid; check it with your umpire (codes look like us-xxxxxxxx...)".into(),
                    ));
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
            (_, ClientMsg::Resume { id, token, last_seq }) => {
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
            (At::Joined(session), ClientMsg::Command { id, command }) => {
                let input = Input::Command {
                    conn,
                    request: id.clone(),
                    action: command,
                };
                match session.send(input).await {
                    Ok(()) => Reply::None,
                    Err(_) => Reply::Send(unavailable(id)),
                }
            }
            (_, ClientMsg::Replay { id, session, auth, perspective, from, to, view }) => {
                let request = review::Request::Replay { perspective, from, to, view };
                self.review(id, &session, &auth, request).await
            }
            (_, ClientMsg::Export { id, session, auth, format, perspective }) => {
                let request = review::Request::Export { format, perspective };
                self.review(id, &session, &auth, request).await
            }
            (_, ClientMsg::Report { id, session, auth, format }) => {
                self.review(id, &session, &auth, review::Request::Report { format }).await
            }
            (_, ClientMsg::Fork { id, session, auth, at }) => self.fork(id, &session, &auth, at).await,
            (_, ClientMsg::Command { id, .. }) => Reply::Send(rejected(
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
    ) -> Result<(mpsc::Sender<Input>, crate::session::Requester), Box<Reply>> {
        self.ctx
            .registry
            .review(session, auth, &self.ctx.admin_token)
            .map_err(|(code, message)| {
                Box::new(Reply::Send(rejected(Some(id.to_owned()), code, message)))
            })
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
        if inputs.send(input).await.is_err() {
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
        if parent.send(input).await.is_err() {
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
            Err((code, message)) => return Reply::Send(rejected(Some(id), code, message)),
        };
        let record = Input::RecordFork {
            fork: info.session.clone(),
            at_seq,
            turn,
        };
        if parent.send(record).await.is_err() {
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
        session: mpsc::Sender<Input>,
        input: impl FnOnce(
            mpsc::Sender<Message>,
            oneshot::Sender<Result<brink_engine::PlayerId, ServerMsg>>,
        ) -> Input,
        request: &str,
    ) -> Reply {
        let (outbox_tx, outbox) = mpsc::channel(self.ctx.limits.outbox_messages);
        let (reply, answer) = oneshot::channel();
        if session.send(input(outbox_tx, reply)).await.is_err() {
            return Reply::Send(unavailable(request.to_owned()));
        }
        match answer.await {
            Ok(Ok(player)) => {
                tracing::debug!(conn = self.id, %player, "joined");
                self.stage = Stage::Joined { session, outbox };
                Reply::None
            }
            Ok(Err(rejection)) => Reply::Send(rejection),
            Err(_) => Reply::Send(unavailable(request.to_owned())),
        }
    }
}

/// Reads a client message, or says precisely what is wrong with it.
fn parse(text: &str) -> Result<ClientMsg, Box<ServerMsg>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        boxed_rejected(
            None,
            codes::BAD_JSON,
            format!("the message is not valid JSON ({e}); send one JSON object per message"),
        )
    })?;
    let id = value.get("id").and_then(|v| v.as_str()).map(str::to_owned);
    let Some(kind) = value.get("type").and_then(|v| v.as_str()) else {
        return Err(boxed_rejected(
            id,
            codes::BAD_MESSAGE,
            format!(
                "the message has no \"type\"; every message is a JSON object with one, e.g. {{\"type\":\"hello\",\"protocol\":{PROTOCOL_VERSION}}}"
            ),
        ));
    };
    if !ClientMsg::TYPES.contains(&kind) {
        return Err(boxed_rejected(
            id,
            codes::UNKNOWN_TYPE,
            format!(
                "there is no message type {kind:?}; the types are: {}",
                ClientMsg::TYPES.join(", ")
            ),
        ));
    }
    let kind = kind.to_owned();
    serde_json::from_value(value).map_err(|e| {
        boxed_rejected(
            id,
            codes::BAD_MESSAGE,
            format!("this {kind} message is malformed: {e}; see docs/protocol.md"),
        )
    })
}

fn boxed_rejected(id: Option<String>, code: &str, message: String) -> Box<ServerMsg> {
    Box::new(rejected(id, code, message))
}

fn rejected(id: Option<String>, code: &str, message: String) -> ServerMsg {
    ServerMsg::Rejected {
        id,
        code: code.to_owned(),
        message,
    }
}

fn not_admin(id: String) -> ServerMsg {
    rejected(
        Some(id),
        codes::NOT_ADMIN,
        "the admin token is wrong; use the one the server printed when it first started, or BRINK_ADMIN_TOKEN".into(),
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
