//! The generator's side of the wire: the requests it sends, as text, and the
//! cheap reading of what comes back — an `ack` or `rejected` by its id, and
//! the marker `#M<key>#` that names a message in a fan-out — without a JSON
//! parse on the hot path.

use serde_json::json;

/// A command request with id `c<n>`, its tags first (see [`tags_first`]).
pub fn command(n: u64, command: serde_json::Value) -> String {
    let request = json!({"type": "command", "id": format!("c{n}"), "command": command});
    let mut text = String::with_capacity(256);
    tags_first(&request, &mut text);
    text
}

/// Writes `value` as JSON with each object's tag (`type`, else `kind`)
/// first, as Brink's CLI and every example in docs/protocol.md write it.
/// (`serde_json`'s maps sort their keys, which would put `type` last and
/// send Brink's decoder down its slower path for a tag that is not first,
/// a cost real clients do not pay.)
pub fn tags_first(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let tag = ["type", "kind"].into_iter().find(|t| map.contains_key(*t));
            let entries = tag
                .and_then(|t| map.get_key_value(t))
                .into_iter()
                .chain(map.iter().filter(|(k, _)| Some(k.as_str()) != tag));
            out.push('{');
            for (i, (key, value)) in entries.enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // A string always serializes.
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                tags_first(value, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                tags_first(item, out);
            }
            out.push(']');
        }
        _ => out.push_str(&value.to_string()),
    }
}

/// The text of a message carrying `key`, padded to about `len` bytes.
pub fn marked_text(key: u64, len: usize) -> String {
    let mut text = format!("#M{key}# ");
    const FILLER: &str = "We hold the line at five hundred miles and wait for their answer. ";
    while text.len() < len {
        let room = len - text.len();
        text.push_str(&FILLER[..room.min(FILLER.len())]);
    }
    text
}

/// A team chat line.
pub fn team_chat(text: &str) -> serde_json::Value {
    json!({"type": "team_chat", "text": text})
}

/// A public letter drafted into the side's orders.
pub fn public_letter(to: &str, text: &str) -> serde_json::Value {
    json!({"type": "add_order", "order": {"kind": "letter", "channel": "public_statement", "to": to, "text": text}})
}

/// The umpire writing to everyone.
pub fn umpire_to_all(text: &str) -> serde_json::Value {
    json!({"type": "umpire_message", "to": "all", "text": text})
}

/// What a received message is, as far as the generator cares.
#[derive(Debug, PartialEq, Eq)]
pub enum Seen {
    /// The answer to command `c<n>`.
    Ack(u64),
    /// A refusal of command `c<n>`.
    Rejected(u64),
    /// A message carrying marker `key`.
    Marked(u64),
    /// Anything else.
    Other,
}

/// Reads a server message cheaply.
pub fn classify(text: &str) -> Seen {
    if let Some(rest) = text.strip_prefix(r#"{"type":"ack","id":"c"#) {
        return digits(rest).map_or(Seen::Other, Seen::Ack);
    }
    if text.starts_with(r#"{"type":"rejected""#) {
        return text
            .find(r#""id":"c"#)
            .and_then(|at| digits(&text[at + 7..]))
            .map_or(Seen::Other, Seen::Rejected);
    }
    match text.find("#M") {
        Some(at) => digits(&text[at + 2..]).map_or(Seen::Other, Seen::Marked),
        None => Seen::Other,
    }
}

fn digits(s: &str) -> Option<u64> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_tags_first() {
        let text = command(7, public_letter("ussr", "a \"quoted\" line"));
        assert_eq!(
            text,
            r#"{"type":"command","command":{"type":"add_order","order":{"kind":"letter","channel":"public_statement","text":"a \"quoted\" line","to":"ussr"}},"id":"c7"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back["command"]["order"]["to"], "ussr");
        let mut listed = String::new();
        tags_first(
            &json!({"items": [{"z": 1, "kind": "a"}, 2, []], "\"k\"": null}),
            &mut listed,
        );
        assert_eq!(
            listed,
            r#"{"\"k\"":null,"items":[{"kind":"a","z":1},2,[]]}"#
        );
    }

    #[test]
    fn reads_acks_refusals_and_markers() {
        assert_eq!(classify(r#"{"type":"ack","id":"c42"}"#), Seen::Ack(42));
        assert_eq!(
            classify(r#"{"type":"rejected","id":"c7","code":"x","message":"y"}"#),
            Seen::Rejected(7)
        );
        let text = marked_text(99, 100);
        assert!(text.len() >= 100 && text.len() < 110);
        let event = serde_json::json!({"type": "event", "event": {"text": text}}).to_string();
        assert_eq!(classify(&event), Seen::Marked(99));
        assert_eq!(classify(r#"{"type":"ack","id":"s1"}"#), Seen::Other);
    }
}
