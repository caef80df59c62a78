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

use crate::log::Log;
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
    /// For each live viewer, how many events its stream has: the seq of its
    /// latest. (Which log events a stream holds is `Viewer::may_see` of each
    /// event's visibility; catch-up walks the log's window back to find them.)
    counts: BTreeMap<Viewer, u64>,
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
            counts: viewers.into_iter().map(|v| (v, 0)).collect(),
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
            self.counts.remove(&Viewer::Observer);
            self.delayed = Some(Delayed {
                released: 0,
                game: Session::new(self.scenario.clone()),
            });
        }
        for (viewer, count) in &mut self.counts {
            if viewer.may_see(&recorded.visibility) {
                *count += 1;
                each(viewer, *count);
            }
        }
    }

    /// The log position of the first event delayed observers are still to
    /// be shown, if `horizon` lets them see it.
    pub fn unreleased(&self, horizon: Option<u64>) -> Option<u64> {
        let released = self.delayed.as_ref()?.released;
        (released < horizon?).then_some(released + 1)
    }

    /// Releases to delayed observers the umpire's events up to `horizon` (a
    /// log position), returning their messages in order. `events` are the
    /// log's events from [`Streams::unreleased`] on, in order (as many as
    /// are at hand: the rest waits for another call).
    pub fn release<R: std::borrow::Borrow<Recorded>>(
        &mut self,
        events: impl IntoIterator<Item = R>,
        horizon: Option<u64>,
    ) -> Vec<Utf8Bytes> {
        let mut out = Vec::new();
        self.advance(events, horizon, |seq, event| {
            out.push(event_message(seq, event));
        });
        out
    }

    /// Moves delayed observers up to `horizon`, as [`Streams::release`]
    /// does, without building messages: for a session rebuilt from its log.
    pub fn catch_up<R: std::borrow::Borrow<Recorded>>(
        &mut self,
        events: impl IntoIterator<Item = R>,
        horizon: Option<u64>,
    ) {
        self.advance(events, horizon, |_, _| ());
    }

    fn advance<R: std::borrow::Borrow<Recorded>>(
        &mut self,
        events: impl IntoIterator<Item = R>,
        horizon: Option<u64>,
        mut each: impl FnMut(u64, Seen),
    ) {
        let (Some(delayed), Some(horizon)) = (self.delayed.as_mut(), horizon) else {
            return;
        };
        for recorded in events {
            let recorded = recorded.borrow();
            if delayed.released >= horizon {
                break;
            }
            if recorded.seq != delayed.released + 1 {
                debug_assert!(
                    false,
                    "delayed observers were handed event {} after {}",
                    recorded.seq, delayed.released
                );
                break;
            }
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
            Stream::Live(viewer) => self.counts.get(viewer).copied().unwrap_or(0),
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
    /// live; `None` when some of them are no longer in the log's window (the
    /// client then gets a fresh view instead).
    pub fn since(&self, log: &Log, stream: &Stream, after: u64) -> Option<Vec<Utf8Bytes>> {
        let end = self.seq(stream);
        match stream {
            Stream::Delayed => {
                if !log.holds_from(after + 1) {
                    return None;
                }
                let shown = log.held_from(after + 1).take_while(|r| r.seq <= end);
                Some(
                    shown
                        .filter_map(|r| Some(event_message(r.seq, redact_delayed(r)?)))
                        .collect(),
                )
            }
            Stream::Live(viewer) => {
                // Walk the window back to the stream's event `after + 1`.
                let wanted = usize::try_from(end.saturating_sub(after)).ok()?;
                let mut found: Vec<&Recorded> = Vec::with_capacity(wanted);
                for recorded in log.held_from(0).rev() {
                    if found.len() == wanted {
                        break;
                    }
                    if viewer.may_see(&recorded.visibility) {
                        found.push(recorded);
                    }
                }
                if found.len() < wanted {
                    return None;
                }
                Some(
                    found
                        .into_iter()
                        .rev()
                        .zip(after + 1..)
                        .filter_map(|(recorded, seq)| {
                            Some(event_message(seq, redact(recorded, viewer)?))
                        })
                        .collect(),
                )
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
