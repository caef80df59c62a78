//! Every game message a connection receives is built here, from the engine's
//! `view` and `redact` and nothing else: live events, join and resume
//! snapshots, and catch-up after a reconnect alike.
//!
//! Each viewer (the umpire, each side, observers) has its own stream of events:
//! the events it may see, numbered from 1 without gaps. All connections of a
//! viewer share its stream, so each event is serialized once per viewer that
//! may see it, not once per connection.
//!
//! Observers of a delayed session (see `brink_engine::ObserverMode`) follow
//! instead the umpire's stream as far as the engine's observer horizon: its
//! events are released to them in log order as the horizon moves, numbered as
//! the umpire's, and their view is the umpire's as of the horizon. They
//! never learn the seed, which decides every roll to come.

use brink_engine::replay::redact_delayed;
use brink_engine::{Event, Recorded, Seen, Session, View, Viewer, redact};
use brink_protocol::ServerMsg;
use std::collections::BTreeMap;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// Which stream a connection follows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stream {
    /// A viewer's own stream, live.
    Live(Viewer),
    /// The umpire's stream, as far as observers of a delayed session see.
    Delayed,
}

/// The per-viewer streams of one session.
#[derive(Debug, Clone)]
pub struct Streams {
    /// For each live viewer, the log positions of the events in its stream:
    /// the event with stream seq `n` is at log position `positions[n - 1]`.
    positions: BTreeMap<Viewer, Vec<u64>>,
    /// Observers' delayed stream, once the session's first event says so.
    delayed: Option<Delayed>,
    /// The scenario, for the delayed observers' game.
    scenario: std::sync::Arc<brink_engine::Scenario>,
}

/// What delayed observers have been shown.
#[derive(Debug, Clone)]
struct Delayed {
    /// The log position up to which they have the umpire's stream.
    released: u64,
    /// The session folded that far: their view is its umpire's view.
    game: Session,
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
            delayed: None,
            scenario: session.shared_scenario(),
        }
    }

    /// The stream a connection of `viewer` follows.
    pub fn stream_of(&self, viewer: &Viewer) -> Stream {
        if *viewer == Viewer::Observer && self.delayed.is_some() {
            Stream::Delayed
        } else {
            Stream::Live(viewer.clone())
        }
    }

    /// Adds a recorded event to every live stream that may see it, and
    /// returns the message each of those streams receives, serialized once.
    pub fn record(&mut self, recorded: &Recorded) -> Vec<(Stream, Utf8Bytes)> {
        crate::counters::event();
        let mut out = Vec::new();
        self.add(recorded, |viewer, seq| {
            if let Some(event) = redact(recorded, viewer) {
                out.push((Stream::Live(viewer.clone()), event_message(seq, event)));
            }
        });
        out
    }

    /// Adds a recorded event to the streams, as [`Streams::record`] does,
    /// without building messages: for a session rebuilt from its log.
    pub fn note(&mut self, recorded: &Recorded) {
        self.add(recorded, |_, _| ());
    }

    /// Adds `recorded` to each live stream that may see it (the rule
    /// [`redact`] applies), handing `each` the viewer and the event's seq in
    /// its stream.
    fn add(&mut self, recorded: &Recorded, mut each: impl FnMut(&Viewer, u64)) {
        if let Event::SessionCreated { observers, .. } = &recorded.event
            && !observers.is_public()
        {
            // Observers follow the umpire's stream, delayed, from the start.
            self.positions.remove(&Viewer::Observer);
            self.delayed = Some(Delayed {
                released: 0,
                game: Session::new(self.scenario.clone()),
            });
        }
        for (viewer, positions) in &mut self.positions {
            if viewer.may_see(&recorded.visibility) {
                positions.push(recorded.seq);
                each(viewer, positions.len() as u64);
            }
        }
    }

    /// Releases to delayed observers the umpire's events up to `horizon` (a
    /// log position), returning their messages in order. `log[i]` must be the
    /// event at log position `i + 1`.
    pub fn release(&mut self, log: &[Recorded], horizon: Option<u64>) -> Vec<Utf8Bytes> {
        let mut out = Vec::new();
        self.advance(log, horizon, |seq, event| {
            out.push(event_message(seq, event));
        });
        out
    }

    /// Moves delayed observers up to `horizon`, as [`Streams::release`]
    /// does, without building messages: for a session rebuilt from its log.
    pub fn catch_up(&mut self, log: &[Recorded], horizon: Option<u64>) {
        self.advance(log, horizon, |_, _| ());
    }

    fn advance(&mut self, log: &[Recorded], horizon: Option<u64>, mut each: impl FnMut(u64, Seen)) {
        let (Some(delayed), Some(horizon)) = (self.delayed.as_mut(), horizon) else {
            return;
        };
        while delayed.released < horizon {
            let Some(recorded) = usize::try_from(delayed.released)
                .ok()
                .and_then(|i| log.get(i))
            else {
                break;
            };
            delayed.game.apply(recorded);
            delayed.released = recorded.seq;
            if let Some(event) = redact_delayed(recorded) {
                each(recorded.seq, event);
            }
        }
    }

    /// The length of a stream: the seq of its latest event.
    pub fn seq(&self, stream: &Stream) -> u64 {
        match stream {
            Stream::Live(viewer) => self.positions.get(viewer).map_or(0, |p| p.len() as u64),
            Stream::Delayed => self.delayed.as_ref().map_or(0, |d| d.released),
        }
    }

    /// The view a connection of `stream` is welcomed with.
    pub fn view(&self, stream: &Stream, game: &Session) -> View {
        match (stream, &self.delayed) {
            // Nothing released yet: the umpire's view of a session not yet
            // begun would show what the scenario hides (units, cargo, menus).
            (Stream::Delayed, Some(delayed)) if delayed.released == 0 => {
                delayed.game.view(&Viewer::Observer)
            }
            (Stream::Delayed, Some(delayed)) => delayed.game.view(&Viewer::Umpire),
            (Stream::Live(viewer), _) => game.view(viewer),
            // Not reached: a delayed stream exists only with its state.
            (Stream::Delayed, None) => game.view(&Viewer::Observer),
        }
    }

    /// The messages of a stream after seq `after`, exactly as they were sent
    /// live. `log[i]` must be the event at log position `i + 1`.
    pub fn since(&self, log: &[Recorded], stream: &Stream, after: u64) -> Vec<Utf8Bytes> {
        let start = usize::try_from(after).unwrap_or(usize::MAX);
        match stream {
            Stream::Delayed => {
                let end = usize::try_from(self.seq(stream)).unwrap_or(0);
                log.get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|r| {
                        let event = redact_delayed(r)?;
                        Some(event_message(r.seq, event))
                    })
                    .collect()
            }
            Stream::Live(viewer) => {
                let Some(positions) = self.positions.get(viewer) else {
                    return Vec::new();
                };
                positions
                    .iter()
                    .enumerate()
                    .skip(start)
                    .filter_map(|(i, &pos)| {
                        let recorded = log.get(usize::try_from(pos).ok()?.checked_sub(1)?)?;
                        let event = redact(recorded, viewer)?;
                        Some(event_message(i as u64 + 1, event))
                    })
                    .collect()
            }
        }
    }
}

/// Serializes one event as a stream sees it (and counts it: see
/// [`crate::counters`]).
fn event_message(seq: u64, event: Seen) -> Utf8Bytes {
    crate::counters::encoding();
    encode(&ServerMsg::Event { seq, event })
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
