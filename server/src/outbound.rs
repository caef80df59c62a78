//! Every game message a connection receives is built here, from the engine's
//! `view` and `redact` and nothing else: live events, join and resume
//! snapshots, and catch-up after a reconnect alike.
//!
//! Each viewer (the umpire, each side, observers) has its own stream of events:
//! the events it may see, numbered from 1 without gaps. All connections of a
//! viewer share its stream, so each event is serialized once per viewer that
//! may see it, not once per connection.

use brink_engine::{Recorded, Session, Viewer, redact};
use brink_protocol::ServerMsg;
use std::collections::BTreeMap;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// The per-viewer streams of one session.
#[derive(Debug, Clone, Default)]
pub struct Streams {
    /// For each viewer, the log positions of the events in its stream: the
    /// event with stream seq `n` is at log position `positions[n - 1]`.
    positions: BTreeMap<Viewer, Vec<u64>>,
}

impl Streams {
    /// Streams for every viewer of `session`'s scenario, all empty.
    pub fn new(session: &Session) -> Self {
        let mut viewers = vec![Viewer::Umpire, Viewer::Observer];
        viewers.extend(
            session
                .scenario()
                .sides
                .iter()
                .map(|s| Viewer::Side(s.id.clone())),
        );
        Self {
            positions: viewers.into_iter().map(|v| (v, Vec::new())).collect(),
        }
    }

    /// Adds a recorded event to every stream that may see it, and returns the
    /// message each of those viewers receives, serialized once.
    pub fn record(&mut self, recorded: &Recorded) -> Vec<(Viewer, Utf8Bytes)> {
        let mut out = Vec::new();
        for (viewer, positions) in &mut self.positions {
            if let Some(event) = redact(recorded, viewer) {
                positions.push(recorded.seq);
                let seq = positions.len() as u64;
                out.push((viewer.clone(), encode(&ServerMsg::Event { seq, event })));
            }
        }
        out
    }

    /// The length of `viewer`'s stream: the seq of its latest event.
    pub fn seq(&self, viewer: &Viewer) -> u64 {
        self.positions.get(viewer).map_or(0, |p| p.len() as u64)
    }

    /// The messages of `viewer`'s stream after seq `after`, exactly as they
    /// were sent live. `log[i]` must be the event at log position `i + 1`.
    pub fn since(&self, log: &[Recorded], viewer: &Viewer, after: u64) -> Vec<Utf8Bytes> {
        let Some(positions) = self.positions.get(viewer) else {
            return Vec::new();
        };
        let start = usize::try_from(after).unwrap_or(usize::MAX);
        positions
            .iter()
            .enumerate()
            .skip(start)
            .filter_map(|(i, &pos)| {
                let recorded = log.get(usize::try_from(pos).ok()?.checked_sub(1)?)?;
                let event = redact(recorded, viewer)?;
                Some(encode(&ServerMsg::Event {
                    seq: i as u64 + 1,
                    event,
                }))
            })
            .collect()
    }
}

/// Serializes a server message as the text of a WebSocket message.
pub fn encode(msg: &ServerMsg) -> Utf8Bytes {
    // Serializing these plain data types cannot fail: no maps with non-string
    // keys, no custom serializers.
    serde_json::to_string(msg)
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot serialize a server message");
            String::from(r#"{"type":"rejected","code":"internal","message":"the server could not encode its answer"}"#)
        })
        .into()
}
