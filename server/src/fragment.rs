//! Splits long outgoing text messages into WebSocket fragments.
//!
//! tungstenite formats every frame into one write buffer per connection that
//! never gives back what it grew to: one welcome or replay page would pin
//! its size for the life of the connection. Frames of at most
//! [`FRAME_BYTES`] keep that buffer small; clients (tungstenite, browsers)
//! put the fragments back together into the one message they were.

use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::{Bytes, Message};

/// The most payload bytes one outgoing frame carries.
pub const FRAME_BYTES: usize = 1024;

/// The frames to write for `msg`: itself when it is short or not text,
/// otherwise its text in fragments of at most `max` bytes, each ending on
/// a character boundary.
pub fn frames(msg: Message, max: usize) -> Fragments {
    match msg {
        Message::Text(text) if text.len() > max && max >= 4 => Fragments {
            rest: Bytes::from(text),
            first: true,
            whole: None,
            max,
        },
        msg => Fragments {
            rest: Bytes::new(),
            first: false,
            whole: Some(msg),
            max,
        },
    }
}

/// The frames of one message, in order.
pub struct Fragments {
    rest: Bytes,
    first: bool,
    whole: Option<Message>,
    max: usize,
}

impl Iterator for Fragments {
    type Item = Message;

    fn next(&mut self) -> Option<Message> {
        if let Some(msg) = self.whole.take() {
            return Some(msg);
        }
        if self.rest.is_empty() {
            return None;
        }
        let mut end = self.max.min(self.rest.len());
        // Back off to the start of a character (at most 3 bytes).
        while end < self.rest.len() && self.rest[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        let chunk = self.rest.split_to(end);
        let opcode = if std::mem::take(&mut self.first) {
            OpCode::Data(Data::Text)
        } else {
            OpCode::Data(Data::Continue)
        };
        Some(Message::Frame(Frame::message(
            chunk,
            opcode,
            self.rest.is_empty(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The payload and flags of each frame `msg` is written as.
    fn split(text: &str, max: usize) -> Vec<(Vec<u8>, OpCode, bool)> {
        frames(Message::text(text), max)
            .map(|m| match m {
                Message::Frame(f) => {
                    let (op, fin) = (f.header().opcode, f.header().is_final);
                    (f.into_payload().to_vec(), op, fin)
                }
                Message::Text(t) => (t.as_bytes().to_vec(), OpCode::Data(Data::Text), true),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_short_text_and_a_close_go_whole() {
        assert_eq!(
            split("hello", 8),
            vec![(b"hello".to_vec(), OpCode::Data(Data::Text), true)]
        );
        let close = frames(Message::Close(None), 8).collect::<Vec<_>>();
        assert_eq!(close, vec![Message::Close(None)]);
    }

    #[test]
    fn a_long_text_is_a_text_frame_then_continuations_the_last_final() {
        let parts = split("abcdefghij", 4);
        let ops: Vec<_> = parts
            .iter()
            .map(|(p, op, fin)| (p.len(), *op, *fin))
            .collect();
        assert_eq!(
            ops,
            vec![
                (4, OpCode::Data(Data::Text), false),
                (4, OpCode::Data(Data::Continue), false),
                (2, OpCode::Data(Data::Continue), true),
            ]
        );
    }

    proptest! {
        #[test]
        fn fragments_rejoin_to_the_message_and_each_is_whole_characters(
            text in "\\PC{0,300}",
            max in 4usize..64,
        ) {
            let parts = split(&text, max);
            let mut joined = Vec::new();
            for (i, (payload, op, fin)) in parts.iter().enumerate() {
                prop_assert!(payload.len() <= max);
                prop_assert!(std::str::from_utf8(payload).is_ok());
                prop_assert_eq!(*fin, i + 1 == parts.len());
                let want = if i == 0 { OpCode::Data(Data::Text) } else { OpCode::Data(Data::Continue) };
                prop_assert_eq!(*op, want);
                joined.extend_from_slice(payload);
            }
            prop_assert_eq!(joined, text.as_bytes());
        }
    }
}
