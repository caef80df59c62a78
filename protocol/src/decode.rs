//! Decoding a client's text into a [`ClientMsg`], or into the rejection that
//! says precisely what is wrong with it: not JSON, no `type`, an unknown
//! `type`, or a malformed message of a known type. Never panics, whatever
//! the input (see the property test and `fuzz/`).

use crate::{ClientMsg, PROTOCOL_VERSION, ServerMsg, codes};

/// Reads a client message, or says precisely what is wrong with it.
pub fn decode(text: &str) -> Result<ClientMsg, Box<ServerMsg>> {
    // Well-formed messages, nearly all of them, are parsed once, typed; only
    // one that fails is read again as a `Value`, to say what is wrong.
    // (Objects only: serde would also read an internally tagged enum from
    // an array whose first element is the tag, which the protocol refuses.)
    if text.trim_start().starts_with('{')
        && let Ok(msg) = serde_json::from_str::<ClientMsg>(text)
    {
        return Ok(msg);
    }
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
    Box::new(ServerMsg::Rejected {
        id,
        code: code.to_owned(),
        message,
    })
}
