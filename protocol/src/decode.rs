//! Decoding a client's text into a [`ClientMsg`], or into the rejection that
//! says precisely what is wrong with it: not JSON, no `type`, an unknown
//! `type`, or a malformed message of a known type. Never panics, whatever
//! the input (see the property test and `fuzz/`).

use crate::{
    ClientMsg, Credential, MAX_CLIENT_BYTES, MAX_KEY_BYTES, MAX_REQUEST_ID_BYTES, PROTOCOL_VERSION,
    Refusal, ServerMsg, codes,
};
use brink_engine::limits::MAX_ID_BYTES;
use brink_engine::{Action, OrderItem};

/// Reads a client message, or says precisely what is wrong with it.
pub fn decode(text: &str) -> Result<ClientMsg, Box<ServerMsg>> {
    // Well-formed messages, nearly all of them, are parsed once, typed; only
    // one that fails is read again as a `Value`, to say what is wrong.
    // (Objects only: serde would also read an internally tagged enum from
    // an array whose first element is the tag, which the protocol refuses.)
    if text.trim_start().starts_with('{')
        && let Ok(msg) = serde_json::from_str::<ClientMsg>(text)
    {
        return within_limits(msg);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        boxed_rejected(
            None,
            codes::BAD_JSON,
            format!("the message is not valid JSON ({e}); send one JSON object per message"),
        )
    })?;
    // An id too long to be a request id is not echoed back.
    let id = value
        .get("id")
        .and_then(|v| v.as_str())
        .filter(|id| id.len() <= MAX_REQUEST_ID_BYTES)
        .map(str::to_owned);
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
    serde_json::from_value(value)
        .map_err(|e| {
            boxed_rejected(
                id,
                codes::BAD_MESSAGE,
                format!("this {kind} message is malformed: {e}; see docs/protocol.md"),
            )
        })
        .and_then(within_limits)
}

/// `msg`, or the refusal of its first string over its limit: nothing longer
/// than these reaches a session, its memory or its log.
fn within_limits(msg: ClientMsg) -> Result<ClientMsg, Box<ServerMsg>> {
    let Some((what, len, limit)) = oversized(&msg) else {
        return Ok(msg);
    };
    let id = msg
        .request_id()
        .filter(|id| id.len() <= MAX_REQUEST_ID_BYTES)
        .map(str::to_owned);
    Err(boxed_rejected(
        id,
        codes::BAD_MESSAGE,
        format!(
            "this {} message is malformed: {what} has {len} bytes and the limit is {limit}; shorten it",
            msg.kind()
        ),
    ))
}

/// The first string of `msg` longer than its limit: what it is, its length
/// and the limit. (Free texts — chat, letters, names — have their own limits
/// in characters, which the rules check; ids inside commands are limited when
/// read, see `brink_engine::check_id`.)
fn oversized(msg: &ClientMsg) -> Option<(&'static str, usize, usize)> {
    let over = |what: &'static str, value: &str, limit: usize| {
        (value.len() > limit).then_some((what, value.len(), limit))
    };
    if let Some(found) = msg
        .request_id()
        .and_then(|id| over("the request id", id, MAX_REQUEST_ID_BYTES))
    {
        return Some(found);
    }
    let credential = |auth: &Credential| match auth {
        Credential::Token(key) | Credential::Code(key) | Credential::AdminToken(key) => {
            over("the credential", key, MAX_KEY_BYTES)
        }
    };
    match msg {
        ClientMsg::Hello { client, .. } => over("the client's name", client, MAX_CLIENT_BYTES),
        ClientMsg::CreateSession {
            admin_token,
            scenario,
            ..
        } => over("the admin token", admin_token, MAX_KEY_BYTES)
            .or_else(|| over("the scenario id", scenario, MAX_ID_BYTES)),
        ClientMsg::ListSessions { admin_token, .. }
        | ClientMsg::ServerStats { admin_token, .. } => {
            over("the admin token", admin_token, MAX_KEY_BYTES)
        }
        ClientMsg::Join { code, .. } | ClientMsg::Seats { code, .. } => {
            over("the join code", code, MAX_KEY_BYTES)
        }
        ClientMsg::Resume { token, .. } => over("the resume token", token, MAX_KEY_BYTES),
        ClientMsg::Command { command, .. } => match command {
            Action::TriggerIncident { incident } => over("the incident id", incident, MAX_ID_BYTES),
            Action::AddOrder {
                order: OrderItem::Strategic { action },
            } => over("the strategic action's id", action, MAX_ID_BYTES),
            Action::AddOrder {
                order: OrderItem::Stance { stance, .. },
            } => over("the stance", stance, MAX_ID_BYTES),
            _ => None,
        },
        ClientMsg::Replay { session, auth, .. }
        | ClientMsg::Export { session, auth, .. }
        | ClientMsg::Report { session, auth, .. }
        | ClientMsg::Fork { session, auth, .. } => {
            over("the session id", session, MAX_KEY_BYTES).or_else(|| credential(auth))
        }
    }
}

fn boxed_rejected(id: Option<String>, code: &'static str, message: String) -> Box<ServerMsg> {
    Box::new(Refusal::new(code, message).to(id))
}
