//! The session actor: one task per session owns its game state, its log and
//! its connections, so no lock guards game state. Connections talk to it
//! through a bounded channel of [`Input`]s.
//!
//! For every command: decide (folding the events into the game), make the
//! events durable, fan them out (each viewer's form serialized once), then
//! answer the sender — in that order, so nobody learns of anything that a
//! crash could lose. `batch` holds that one path: players' commands that wait
//! together are taken together (one write for all of them), and the server's
//! own commands go as a batch of one.

use crate::answers::Answers;
use crate::log::Log;
use crate::outbound::{self, Stream, Streams};
use crate::rebuild::Rebuilt;
use crate::review;
use crate::secret;
use crate::store::{Answered, Store};
use crate::tokens::Tokens;
use brink_engine::{
    Action, Actor, Command, Event, JoinRole, PlayerId, Point, Recorded, Rejection, Scenario,
    SeatId, Session, Viewer,
};
use brink_protocol::{Refusal, ServerMsg, codes};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Utf8Bytes;

mod batch;
pub mod listing;
mod seats;

pub use listing::Listing;

/// How many inputs may wait for a session actor before senders wait.
pub const INPUT_QUEUE: usize = 256;
/// A reconnecting client more than this many events behind gets a fresh view
/// instead of the events it missed.
pub const MAX_CATCH_UP: u64 = 10_000;

/// A connection's number, unique in the server's lifetime.
pub type ConnId = u64;

/// A connection's outgoing queue, as the session holds it, and the flag the
/// session raises when it lets the connection go because the same player
/// resumed on another one.
#[derive(Debug)]
pub struct Outbox {
    /// The sending end of the queue.
    pub queue: mpsc::Sender<Utf8Bytes>,
    /// Raised before the queue is dropped, when a newer connection took over.
    pub replaced: Arc<AtomicBool>,
    /// Raised before the queue is dropped, when the player left the session
    /// or the umpire freed their seat or removed them.
    pub removed: Arc<AtomicBool>,
}

/// The sending end of a session's input queue. Inputs go boxed: a tokio
/// queue block holds 32 slots, and an [`Input`] is 136 bytes, so an idle
/// session's queue held 4.4 KB unboxed and holds 0.3 KB boxed.
pub type Inbox = mpsc::Sender<Box<Input>>;

/// What a session actor is asked to do.
#[derive(Debug)]
pub enum Input {
    /// Admit a new player through a checked join code.
    Join {
        /// The connection joining.
        conn: ConnId,
        /// Its outgoing queue.
        outbox: Outbox,
        /// The join request's id.
        request: String,
        /// The role the code grants.
        role: JoinRole,
        /// Display name.
        name: String,
        /// Seat, for side players.
        seat: Option<SeatId>,
        /// The player's id once joined, or the rejection to send.
        reply: oneshot::Sender<Result<PlayerId, ServerMsg>>,
    },
    /// Bring back a player by resume token.
    Resume {
        /// The connection resuming.
        conn: ConnId,
        /// Its outgoing queue.
        outbox: Outbox,
        /// The resume request's id.
        request: String,
        /// The player the token belongs to.
        player: PlayerId,
        /// The token itself, to hand back in the welcome.
        token: String,
        /// The last seq the client saw.
        last_seq: u64,
        /// The player's id once resumed, or the rejection to send.
        reply: oneshot::Sender<Result<PlayerId, ServerMsg>>,
    },
    /// A game command from a joined connection.
    Command {
        /// The connection.
        conn: ConnId,
        /// The request's id.
        request: String,
        /// What to do.
        action: Action,
    },
    /// What a join code admits to, before joining: the side's seats and
    /// their holders.
    Seats {
        /// The request's id.
        request: String,
        /// The role the code grants.
        role: brink_engine::JoinRole,
        /// The answer.
        reply: oneshot::Sender<ServerMsg>,
    },
    /// A connection closed.
    Disconnect {
        /// The connection.
        conn: ConnId,
    },
    /// A review request (replay, export, report) whose credential the
    /// registry has checked.
    Review {
        /// Who asks.
        requester: Requester,
        /// The request's id.
        request_id: String,
        /// What is asked.
        request: review::Request,
        /// The messages to send back.
        reply: oneshot::Sender<Vec<ServerMsg>>,
    },
    /// The start of a fork: the log prefix a new session keeps.
    ForkPrefix {
        /// Who asks.
        requester: Requester,
        /// The request's id.
        request_id: String,
        /// Where to fork.
        at: Point,
        /// The prefix, or the rejection to send.
        reply: oneshot::Sender<Result<ForkSeed, ServerMsg>>,
    },
    /// The end of a fork: record it in this, the parent session.
    RecordFork {
        /// The new session's id.
        fork: String,
        /// How many events it kept.
        at_seq: u64,
        /// The turn it begins with.
        turn: u32,
    },
}

/// Who makes a review request: a player of the session (by resume token), or
/// a role (by join code, or the admin as umpire).
#[derive(Debug, Clone)]
pub enum Requester {
    /// A player, whose role decides.
    Player(PlayerId),
    /// A role.
    Role(Viewer),
}

/// What a fork starts from.
#[derive(Debug)]
pub struct ForkSeed {
    /// The scenario played.
    pub scenario: Arc<Scenario>,
    /// The events the fork keeps.
    pub prefix: Vec<Recorded>,
    /// How many they are.
    pub at_seq: u64,
    /// The turn the fork begins with.
    pub turn: u32,
}

/// One connection attached to the session.
#[derive(Debug)]
struct Conn {
    /// The player it speaks for.
    player: PlayerId,
    /// Which stream it receives.
    stream: Stream,
    /// Its outgoing queue; when full, the connection is dropped (it can resume),
    /// so that one slow reader never stalls the session.
    outbox: Outbox,
}

/// The state the actor owns.
#[derive(Debug)]
pub struct SessionActor {
    /// The session's id.
    id: String,
    /// The game: scenario and folded state.
    game: Session,
    /// The log: its latest events in memory, the rest in the store.
    log: Log,
    /// Each viewer's stream of events.
    streams: Streams,
    /// Open connections of this session's players.
    conns: BTreeMap<ConnId, Conn>,
    /// Players who lost a connection since their presence was last settled.
    dropped: Vec<PlayerId>,
    /// Players out of the session by the events just published, whose
    /// connections are let go once the batch's answers are sent.
    leaving: Vec<PlayerId>,
    /// Where events are made durable.
    store: Store,
    /// Where resume tokens are registered once durable.
    tokens: Arc<Tokens>,
    /// What the registry lists of the session, published after every
    /// batch.
    listing: watch::Sender<Listing>,
    /// When the session last did something (see [`listing::is_activity`]).
    last_activity_ms: u64,
    /// The answers players' recent commands got, for retries.
    answers: Answers,
    /// Set when the game could not be folded again from the durable log
    /// after a failed write: the actor stops.
    broken: bool,
}

impl SessionActor {
    /// An actor for a session rebuilt from (or just started with) its log.
    pub fn new(
        id: String,
        rebuilt: Rebuilt,
        store: Store,
        tokens: Arc<Tokens>,
        answered: Vec<Answered>,
    ) -> Self {
        let Rebuilt {
            game,
            log,
            streams,
            last_activity_ms,
        } = rebuilt;
        let (listing, _) = watch::channel(Listing::of(&game, last_activity_ms));
        Self {
            id,
            game,
            log,
            streams,
            conns: BTreeMap::new(),
            dropped: Vec::new(),
            leaving: Vec::new(),
            store,
            tokens,
            listing,
            last_activity_ms,
            answers: Answers::restore(answered),
            broken: false,
        }
    }

    /// What the registry lists of the session, kept up to date by the actor.
    pub fn listing(&self) -> watch::Receiver<Listing> {
        self.listing.subscribe()
    }

    /// Publishes the listing again, if the game or its activity changed it.
    fn relist(&mut self) {
        let (game, last) = (&self.game, self.last_activity_ms);
        self.listing
            .send_if_modified(|listing| listing.update(game, last));
    }

    /// Marks offline every player the log left online: after a restart no
    /// connection is open yet.
    pub async fn settle_presence(&mut self) {
        let online: Vec<PlayerId> = self
            .game
            .state()
            .players
            .values()
            .filter(|p| p.online)
            .map(|p| p.id.clone())
            .collect();
        for player in online {
            let command = Command::SetPresence {
                player,
                online: false,
            };
            if let Err(e) = self.execute(&Actor::System, &command, None).await {
                tracing::warn!(session = %self.id, error = %e.message, "cannot settle presence");
            }
        }
    }

    /// Serves inputs until every sender is gone or the server shuts down, and
    /// ticks the engine when its Orders deadline falls due. Takes the actor
    /// boxed: held by value, the task would hold it twice.
    pub async fn run(
        mut self: Box<Self>,
        mut inputs: mpsc::Receiver<Box<Input>>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        while !self.broken {
            let due = self.game.next_tick();
            let deadline = async {
                match due {
                    Some(at) => {
                        let wait = at.saturating_sub(crate::now_ms());
                        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                input = inputs.recv() => match input {
                    Some(input) => self.take(*input, &mut inputs).await,
                    None => break,
                },
                () = deadline => {
                    if let Err(Refusal { message, .. }) = self.execute(&Actor::System, &Command::Tick, None).await {
                        // The store is failing: try again in a while, not at once.
                        tracing::warn!(session = %self.id, %message, "cannot close the orders phase");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                    self.settle_dropped().await;
                }
                _ = shutdown.changed() => {
                    // Refuse what comes from now on, but answer what was sent.
                    inputs.close();
                    while let Some(input) = inputs.recv().await {
                        self.handle(*input).await;
                    }
                    break;
                }
            }
        }
        tracing::debug!(session = %self.id, "session actor stopped");
    }

    /// Handles `input`; a command together with every command waiting
    /// behind it (up to [`batch::MAX_BATCH`]), in one write.
    async fn take(&mut self, input: Input, inputs: &mut mpsc::Receiver<Box<Input>>) {
        let Input::Command {
            conn,
            request,
            action,
        } = input
        else {
            return self.handle(input).await;
        };
        let mut sent = vec![(conn, request, action)];
        let mut after = None;
        while sent.len() < batch::MAX_BATCH {
            match inputs.try_recv().map(|input| *input) {
                Ok(Input::Command {
                    conn,
                    request,
                    action,
                }) => sent.push((conn, request, action)),
                Ok(other) => {
                    after = Some(other);
                    break;
                }
                Err(_) => break,
            }
        }
        self.commands(sent).await;
        self.settle_dropped().await;
        if let Some(input) = after {
            self.handle(input).await;
        }
    }

    async fn handle(&mut self, input: Input) {
        match input {
            Input::Join {
                conn,
                outbox,
                request,
                role,
                name,
                seat,
                reply,
            } => {
                let outcome = self.join(conn, outbox, &request, role, name, seat).await;
                let _ = reply.send(outcome);
            }
            Input::Resume {
                conn,
                outbox,
                request,
                player,
                token,
                last_seq,
                reply,
            } => {
                let outcome = self
                    .resume(conn, outbox, &request, player, token, last_seq)
                    .await;
                let _ = reply.send(outcome);
            }
            Input::Command {
                conn,
                request,
                action,
            } => self.commands(vec![(conn, request, action)]).await,
            Input::Seats {
                request,
                role,
                reply,
            } => {
                let _ = reply.send(seats::answer(
                    self.game.scenario(),
                    self.game.state(),
                    request,
                    role,
                ));
            }
            Input::Disconnect { conn } => {
                if let Some(gone) = self.conns.remove(&conn) {
                    self.dropped.push(gone.player);
                }
            }
            Input::Review {
                requester,
                request_id,
                request,
                reply,
            } => {
                let viewer = self.viewer(&requester);
                // Borrowed when the window holds the whole log; read back
                // only for a requester the session knows.
                let log = if self.log.holds_all() || viewer.is_err() {
                    Ok(Cow::Borrowed(self.log.held()))
                } else {
                    self.read_log(1, self.log.len()).await.map(Cow::Owned)
                };
                let answer = match (viewer, log) {
                    (Err(r), _) => vec![rejected(&request_id, r)],
                    (Ok(_), Err(e)) => vec![unreadable(&request_id, &e)],
                    (Ok(viewer), Ok(log)) => {
                        review::answer(&self.id, &request_id, &self.game, &log, &viewer, &request)
                            .unwrap_or_else(|r| vec![rejected(&request_id, r)])
                    }
                };
                let _ = reply.send(answer);
            }
            Input::ForkPrefix {
                requester,
                request_id,
                at,
                reply,
            } => {
                let _ = reply.send(self.fork_prefix(&requester, &request_id, at).await);
            }
            Input::RecordFork { fork, at_seq, turn } => {
                let command = Command::RecordFork { fork, at_seq, turn };
                if let Err(Refusal { message, .. }) =
                    self.execute(&Actor::System, &command, None).await
                {
                    tracing::warn!(session = %self.id, %message, "cannot record a fork");
                }
            }
        }
        self.settle_dropped().await;
    }

    /// The perspective a review requester speaks for.
    fn viewer(&self, requester: &Requester) -> Result<Viewer, Rejection> {
        match requester {
            Requester::Role(viewer) => Ok(viewer.clone()),
            Requester::Player(player) => self.game.viewer_of(player).ok_or_else(|| {
                Rejection::new(
                    brink_engine::RejectCode::UnknownPlayer,
                    "this token's player is not in the session",
                )
            }),
        }
    }

    /// The log prefix a fork at `at` keeps (the umpire only).
    async fn fork_prefix(
        &mut self,
        requester: &Requester,
        request_id: &str,
        at: Point,
    ) -> Result<ForkSeed, ServerMsg> {
        let refused = |r| rejected(request_id, r);
        if self.viewer(requester).map_err(refused)? != Viewer::Umpire {
            return Err(refused(Rejection::new(
                brink_engine::RejectCode::Forbidden,
                "only the umpire forks a session",
            )));
        }
        let mut log = self
            .whole_log()
            .await
            .map_err(|e| unreadable(request_id, &e))?;
        let cut = brink_engine::replay::fork_cut(&log, at).map_err(refused)?;
        let turn = match log.get(cut).map(|r| &r.event) {
            Some(Event::PhaseChanged { turn, .. }) => *turn,
            _ => 1,
        };
        log.truncate(cut);
        Ok(ForkSeed {
            scenario: self.game.shared_scenario(),
            prefix: log,
            at_seq: cut as u64,
            turn,
        })
    }

    /// The whole log, owned: from memory if the window holds it all, else
    /// read back from the store.
    async fn whole_log(&mut self) -> anyhow::Result<Vec<Recorded>> {
        if self.log.holds_all() {
            return Ok(self.log.held().to_vec());
        }
        self.read_log(1, self.log.len()).await
    }

    /// The events `from..=to`, read back from the store.
    async fn read_log(&self, from: u64, to: u64) -> anyhow::Result<Vec<Recorded>> {
        if from > to {
            return Ok(Vec::new());
        }
        let rows = self.log.rows(from, to);
        self.store.read(&self.id, from, to, rows).await
    }

    /// Records as offline the players whose last connection closed or was
    /// dropped. Recording may drop more connections; the loop takes them too.
    async fn settle_dropped(&mut self) {
        while let Some(player) = self.dropped.pop() {
            if self.conns.values().any(|c| c.player == player) {
                continue;
            }
            let command = Command::SetPresence {
                player,
                online: false,
            };
            if let Err(Refusal { message, .. }) = self.execute(&Actor::System, &command, None).await
            {
                tracing::warn!(session = %self.id, %message, "cannot record a player going offline");
            }
        }
    }

    async fn join(
        &mut self,
        conn: ConnId,
        outbox: Outbox,
        request: &str,
        role: JoinRole,
        name: String,
        seat: Option<SeatId>,
    ) -> Result<PlayerId, ServerMsg> {
        let reject = |refusal: Refusal| refusal.to(Some(request.to_owned()));
        let token = secret::resume_token().map_err(|e| reject(unavailable(&e)))?;
        let hash = secret::token_hash(&token);
        let command = Command::Join { role, name, seat };
        let recorded = self
            .execute(&Actor::System, &command, Some(hash.clone()))
            .await
            .map_err(reject)?;
        let player = recorded
            .filter_map(|seq| self.log.get(seq))
            .find_map(|r| match &r.event {
                Event::PlayerJoined { player, .. } => Some(player.clone()),
                _ => None,
            })
            .ok_or_else(|| reject(unavailable(&"the join recorded no player")))?;
        self.tokens.insert(hash, self.id.clone(), player.clone());
        self.attach(conn, outbox, request, &player, token, None);
        Ok(player)
    }

    async fn resume(
        &mut self,
        conn: ConnId,
        outbox: Outbox,
        request: &str,
        player: PlayerId,
        token: String,
        last_seq: u64,
    ) -> Result<PlayerId, ServerMsg> {
        if self
            .game
            .state()
            .players
            .get(&player)
            .is_some_and(|p| p.former)
        {
            return Err(ServerMsg::Rejected {
                id: Some(request.to_owned()),
                code: brink_protocol::codes::LEFT_SESSION.into(),
                message: "you are no longer in this session (the seat was left, or the umpire freed it); join again with your join code".into(),
            });
        }
        let seq = self
            .game
            .viewer_of(&player)
            .map(|viewer| self.streams.seq(&self.streams.stream_of(&viewer)));
        if let Some(seq) = seq.filter(|seq| last_seq > *seq) {
            return Err(ServerMsg::Rejected {
                id: Some(request.to_owned()),
                code: brink_protocol::codes::AHEAD_OF_STREAM.into(),
                message: format!(
                    "last_seq {last_seq} is past the end of your stream (its last event is {seq}); resume with the last seq you received, or 0"
                ),
            });
        }
        let command = Command::SetPresence {
            player: player.clone(),
            online: true,
        };
        self.execute(&Actor::System, &command, None)
            .await
            .map_err(|refusal| refusal.to(Some(request.to_owned())))?;
        // One token, one live connection: the newest takes over (once it
        // is sure to).
        let older: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.player == player)
            .map(|(id, _)| *id)
            .collect();
        for id in older {
            if let Some(gone) = self.conns.remove(&id) {
                tracing::info!(session = %self.id, conn = id, newer = conn, %player, "closing a connection whose player resumed on another");
                gone.outbox.replaced.store(true, Ordering::Relaxed);
                self.dropped.push(gone.player);
            }
        }
        self.attach(conn, outbox, request, &player, token, Some(last_seq));
        Ok(player)
    }

    /// Registers a connection and sends it its welcome, then (on resume) what
    /// it missed.
    fn attach(
        &mut self,
        conn: ConnId,
        outbox: Outbox,
        request: &str,
        player: &PlayerId,
        resume_token: String,
        last_seq: Option<u64>,
    ) {
        let Some(viewer) = self.game.viewer_of(player) else {
            return;
        };
        let Some(role) = self
            .game
            .state()
            .players
            .get(player)
            .map(|p| p.role.clone())
        else {
            return;
        };
        let stream = self.streams.stream_of(&viewer);
        let seq = self.streams.seq(&stream);
        // The welcome and every missed event must fit the new connection's
        // outbox at once (nothing drains it yet); a longer gap gets the fresh
        // view alone.
        let room = outbox.queue.max_capacity().saturating_sub(1) as u64;
        let missed = match last_seq {
            Some(last) if last < seq && seq - last <= MAX_CATCH_UP.min(room) => self
                .streams
                .since(&self.log, &stream, last)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let welcome = ServerMsg::Welcome {
            id: request.to_owned(),
            session: self.id.clone(),
            player: player.clone(),
            role,
            resume_token,
            seq,
            view: Box::new(self.streams.view(&stream, &self.game)),
            missed: missed.len() as u64,
        };
        self.conns.insert(
            conn,
            Conn {
                player: player.clone(),
                stream,
                outbox,
            },
        );
        self.send(conn, outbound::encode(&welcome));
        let mut delivered = 0;
        for msg in missed {
            delivered += usize::from(self.send(conn, msg));
        }
        crate::counters::deliveries(delivered);
    }

    /// Sends a durable event, already applied to the game, to every
    /// connection whose stream may see it, and appends it to the log.
    fn publish(&mut self, recorded: Recorded, bytes: usize) {
        for (stream, msg) in self.streams.record(&recorded) {
            self.fan_out(&stream, &msg);
        }
        if let Event::PlayerLeft { player, .. } = &recorded.event {
            self.leaving.push(player.clone());
        }
        if listing::is_activity(&recorded) {
            self.last_activity_ms = self.last_activity_ms.max(recorded.at_ms);
        }
        self.log.push(recorded, bytes);
    }

    /// Lets go of every connection of a player who is out of the session
    /// (they close with "left the session"), once they have the event and
    /// the answer to their last command.
    pub(super) fn let_go_leaving(&mut self) {
        let leaving = std::mem::take(&mut self.leaving);
        let theirs: Vec<(ConnId, PlayerId)> = self
            .conns
            .iter()
            .filter(|(_, c)| leaving.contains(&c.player))
            .map(|(id, c)| (*id, c.player.clone()))
            .collect();
        for (id, player) in theirs {
            if let Some(gone) = self.conns.remove(&id) {
                tracing::info!(session = %self.id, conn = id, %player, "letting go of a connection whose player is out of the session");
                gone.outbox.removed.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Sends delayed observers what their horizon now lets them see: from
    /// the log's window, or (when they are further behind than it reaches)
    /// read back from the store, a window's worth at a time.
    async fn release_delayed(&mut self) {
        // No further than the log: within a batch, the game is ahead of what
        // has been published so far.
        let horizon = self.game.observer_horizon().map(|h| h.min(self.log.len()));
        while let Some(from) = self.streams.unreleased(horizon) {
            let before = self.streams.seq(&Stream::Delayed);
            let msgs = if self.log.holds_from(from) {
                self.streams.release(self.log.held_from(from), horizon)
            } else {
                let to = (self.log.first_held() - 1).min(from + crate::log::MARK_EVERY * 4);
                match self.read_log(from, to).await {
                    Ok(events) => self.streams.release(events, horizon),
                    Err(e) => {
                        tracing::error!(session = %self.id, error = %e, "cannot read the log back for delayed observers");
                        return;
                    }
                }
            };
            for msg in msgs {
                self.fan_out(&Stream::Delayed, &msg);
            }
            if self.streams.seq(&Stream::Delayed) == before {
                tracing::error!(session = %self.id, from, "delayed observers cannot be moved on");
                return;
            }
        }
    }

    /// Sends a message to every connection following `stream`.
    fn fan_out(&mut self, stream: &Stream, msg: &Utf8Bytes) {
        let targets: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.stream == *stream)
            .map(|(id, _)| *id)
            .collect();
        let mut delivered = 0;
        for conn in targets {
            delivered += usize::from(self.send(conn, msg.clone()));
        }
        crate::counters::deliveries(delivered);
    }

    /// Queues a message for a connection; says whether it was queued. A
    /// connection whose queue is full is dropped: it resumes later and
    /// catches up from the log.
    fn send(&mut self, conn: ConnId, msg: Utf8Bytes) -> bool {
        let Some(c) = self.conns.get(&conn) else {
            return false;
        };
        match c.outbox.queue.try_send(msg) {
            Ok(()) => return true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::info!(session = %self.id, conn, player = %c.player, "dropping a connection whose outgoing queue is full (it is not reading); it may resume");
                crate::counters::dropped();
            }
            // It closed on its own; its disconnect is on its way.
            Err(mpsc::error::TrySendError::Closed(_)) => {
                tracing::debug!(session = %self.id, conn, "a connection closed before its messages were queued");
            }
        }
        // Dropping its outbox closes it, which ends the connection.
        if let Some(gone) = self.conns.remove(&conn) {
            self.dropped.push(gone.player);
        }
        false
    }
}

fn rejected(request_id: &str, r: Rejection) -> ServerMsg {
    Refusal::from(r).to(Some(request_id.to_owned()))
}

/// `(seq, json)` of each event, as the store keeps them.
type Rows = Vec<(u64, String)>;

/// The rows of `events` as the store keeps them, and their sizes.
fn stored_rows(events: &[Recorded]) -> serde_json::Result<(Rows, Vec<usize>)> {
    let mut rows = Vec::with_capacity(events.len());
    let mut sizes = Vec::with_capacity(events.len());
    for recorded in events {
        let json = serde_json::to_string(recorded)?;
        sizes.push(json.len());
        rows.push((recorded.seq, json));
    }
    Ok((rows, sizes))
}

/// The refusal of a request the log could not be read back for.
fn unreadable(request_id: &str, e: &dyn std::fmt::Display) -> ServerMsg {
    tracing::error!(error = %e, "cannot read a session's log back from the store");
    Refusal::new(
        codes::UNAVAILABLE,
        format!("the server could not read this session's log ({e}); try again in a moment"),
    )
    .to(Some(request_id.to_owned()))
}

fn unavailable(e: &dyn std::fmt::Display) -> Refusal {
    Refusal::new(
        codes::UNAVAILABLE,
        format!("the server could not record this ({e}); try again in a moment"),
    )
}
