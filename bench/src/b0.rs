//! B0, the bare baseline: a tokio-tungstenite fan-out server with Brink's
//! runtime flavour (multi-thread), socket options (`Limits::configure_socket`:
//! TCP_NODELAY, and the send buffer if `--send-buffer-bytes` caps it), WebSocket
//! settings (`Limits::websocket()`: 4 KiB read buffer, no write buffer), and
//! Brink's fan-out shape — each message goes to the members of its session
//! who would see it in Brink, one serialization per audience, through a
//! bounded outbox per connection — but no engine, no log, no filtering.
//!
//! It speaks just enough of Brink's protocol for the same generator to drive
//! it: `hello`, `create_session` (codes `ROLE-SESSION`), `join` or `resume`
//! → `welcome`,
//! and `command` → an `event` to the command's audience, then `ack`.

use anyhow::{Context, Result};
use brink_server::Limits;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// A member's role in a B0 session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Umpire,
    Observer,
    Side(usize),
}

/// The two sides, as Brink's 1962 scenario names them.
const SIDES: [&str; 2] = ["us", "ussr"];

/// One connection in a session.
#[derive(Debug)]
struct Member {
    role: Role,
    outbox: mpsc::Sender<Message>,
}

/// A session: its members and each audience's next seq.
#[derive(Debug, Default)]
struct Room {
    members: Vec<Member>,
    seq: HashMap<&'static str, u64>,
}

/// The whole server's state.
#[derive(Debug, Default)]
struct Rooms {
    rooms: Mutex<HashMap<u64, Arc<Mutex<Room>>>>,
    next: AtomicU64,
}

/// Serves B0 on `listen` until killed; prints `listening on ws://ADDR`.
pub fn serve(listen: &str, limits: Limits) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on ws://{addr}")?;
            out.flush()?;
        }
        let rooms = Arc::new(Rooms::default());
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = limits.configure_socket(&stream);
            tokio::spawn(connection(stream, rooms.clone(), limits.outbox_messages));
        }
    })
}

/// One connection: reads requests, relays its outbox to the socket.
async fn connection(stream: TcpStream, rooms: Arc<Rooms>, outbox_messages: usize) {
    let Ok(ws) =
        tokio_tungstenite::accept_async_with_config(stream, Some(Limits::default().websocket()))
            .await
    else {
        return;
    };
    let (mut sink, mut source) = ws.split();
    let (outbox_tx, mut outbox) = mpsc::channel::<Message>(outbox_messages);
    let mut joined: Option<(Arc<Mutex<Room>>, Role, String)> = None;
    loop {
        tokio::select! {
            out = outbox.recv() => match out {
                Some(msg) => if sink.send(msg).await.is_err() { break },
                None => break,
            },
            incoming = source.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let reply = handle(&text, &rooms, &outbox_tx, &mut joined);
                    if let Some(reply) = reply
                        && sink.send(Message::Text(reply.into())).await.is_err()
                    {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
}

/// Handles one request; returns the direct reply, if any (a command's ack
/// goes through the outbox, after its event, as in Brink).
fn handle(
    text: &str,
    rooms: &Rooms,
    outbox: &mpsc::Sender<Message>,
    joined: &mut Option<(Arc<Mutex<Room>>, Role, String)>,
) -> Option<String> {
    let msg: Value = serde_json::from_str(text).ok()?;
    let id = msg.get("id").and_then(Value::as_str).unwrap_or_default();
    match msg.get("type").and_then(Value::as_str)? {
        "hello" => Some(r#"{"type":"hello","protocol":1,"server":"b0"}"#.into()),
        "create_session" => {
            let n = rooms.next.fetch_add(1, Ordering::Relaxed) + 1;
            if let Ok(mut all) = rooms.rooms.lock() {
                all.insert(n, Arc::default());
            }
            let codes: Vec<Value> = ["umpire", "observer", "us", "ussr"]
                .iter()
                .map(|r| json!({"role": r, "code": format!("{r}-{n}")}))
                .collect();
            let session = json!({"session": n.to_string(), "scenario": "b0", "created_at_ms": 0, "players": 0, "codes": codes});
            Some(json!({"type": "session_created", "id": id, "session": session}).to_string())
        }
        // A resume token is the join code: the member joins again, and its
        // old entry goes once its closed outbox refuses a message.
        "join" | "resume" => {
            let code = msg
                .get("code")
                .or_else(|| msg.get("token"))
                .and_then(Value::as_str)?;
            let (role, n) = code.split_once('-')?;
            let role = match role {
                "umpire" => Role::Umpire,
                "observer" => Role::Observer,
                side => Role::Side(SIDES.iter().position(|s| *s == side)?),
            };
            let room = rooms.rooms.lock().ok()?.get(&n.parse().ok()?)?.clone();
            let player = {
                let mut r = room.lock().ok()?;
                r.members.push(Member {
                    role,
                    outbox: outbox.clone(),
                });
                format!("p{}", r.members.len())
            };
            let reply = json!({"type": "welcome", "id": id, "session": n, "player": player, "resume_token": code, "seq": 0, "missed": 0, "view": {}});
            *joined = Some((room, role, player));
            Some(reply.to_string())
        }
        "command" => {
            let Some((room, role, player)) = joined.as_ref() else {
                return Some(rejected(id, "not_joined"));
            };
            let command = msg.get("command")?;
            let Some((audience, event)) = event_of(*role, player, command) else {
                return Some(rejected(id, "forbidden"));
            };
            let mut r = room.lock().ok()?;
            let seq = {
                let s = r.seq.entry(audience.label()).or_insert(0);
                *s += 1;
                *s
            };
            let wire: Utf8Bytes = json!({"type": "event", "seq": seq, "at_ms": 0, "turn": 1, "phase": "orders", "actor": player, "visibility": audience.visibility(), "event": event}).to_string().into();
            // Members whose outbox is full are dropped, as Brink drops them.
            r.members.retain(|m| {
                !audience.includes(m.role) || m.outbox.try_send(Message::Text(wire.clone())).is_ok()
            });
            // Brink's field order: the generator reads acks by their prefix.
            let ack = format!(r#"{{"type":"ack","id":{}}}"#, Value::from(id));
            let _ = outbox.try_send(Message::Text(ack.into()));
            None
        }
        _ => Some(rejected(id, "unknown_type")),
    }
}

/// Who sees an event.
#[derive(Debug, Clone, Copy)]
enum Audience {
    /// Everyone in the session.
    All,
    /// A side and the umpire.
    Side(usize),
}

impl Audience {
    fn label(self) -> &'static str {
        match self {
            Audience::All => "public",
            Audience::Side(s) => SIDES[s],
        }
    }

    fn visibility(self) -> Value {
        match self {
            Audience::All => json!("public"),
            Audience::Side(s) => json!({"side": SIDES[s]}),
        }
    }

    fn includes(self, role: Role) -> bool {
        match self {
            Audience::All => true,
            Audience::Side(s) => role == Role::Umpire || role == Role::Side(s),
        }
    }
}

/// The event a command makes in Brink, in Brink's shape, and who sees it.
fn event_of(role: Role, player: &str, command: &Value) -> Option<(Audience, Value)> {
    let kind = command.get("type").and_then(Value::as_str)?;
    let text = command.get("text").cloned().unwrap_or(Value::Null);
    match (role, kind) {
        (Role::Side(s), "team_chat" | "message_umpire") => {
            let channel = if kind == "team_chat" {
                "team"
            } else {
                "to_umpire"
            };
            let event = json!({"type": "message_posted", "from": player, "channel": {"kind": channel, "side": SIDES[s]}, "text": text});
            Some((Audience::Side(s), event))
        }
        (Role::Side(s), "add_order") => {
            let event = json!({"type": "order_added", "side": SIDES[s], "item": 1, "by": player, "seat": "seat", "order": command.get("order")?});
            Some((Audience::Side(s), event))
        }
        (Role::Umpire, "umpire_message") => {
            let audience = match command
                .get("to")
                .and_then(|t| t.get("side"))
                .and_then(Value::as_str)
            {
                Some(side) => Audience::Side(SIDES.iter().position(|s| *s == side)?),
                None => Audience::All,
            };
            let event = json!({"type": "message_posted", "from": player, "channel": {"kind": "from_umpire", "to": "all"}, "text": text});
            Some((audience, event))
        }
        (Role::Umpire, "start_game" | "advance" | "publish" | "add_turns") => {
            let event = json!({"type": "phase_changed", "turn": 1, "phase": "orders", "date": "1962-10-16", "by_deadline": false});
            Some((Audience::All, event))
        }
        _ => None,
    }
}

fn rejected(id: &str, code: &str) -> String {
    format!(
        r#"{{"type":"rejected","id":{},"code":{},"message":"B0 does not do this"}}"#,
        Value::from(id),
        Value::from(code)
    )
}
