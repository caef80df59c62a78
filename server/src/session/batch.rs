//! The one way a session's commands take effect: decide, store, publish.
//! Players' commands are taken a batch at a time: every command already
//! waiting for the session is decided in turn (each seeing the ones before
//! it), its events folded into the game at once, and all of them made
//! durable in one write — one commit, one fsync, for the batch. Only then are
//! the events fanned out and the commands answered, in order, so nobody
//! learns of anything a crash could lose. If the write fails, the game is
//! folded again from the durable log, and every command of the batch is
//! answered `unavailable`: nothing of it happened, and a retry may succeed.
//! The server's own commands (a join, presence, a tick) go the same way, as
//! a batch of one ([`SessionActor::execute`]).

use super::{ConnId, SessionActor, unavailable};
use crate::answers::{self, Answer, Digest, Known};
use crate::outbound;
use crate::store::{Answered, Write};
use brink_engine::{Action, Actor, Command, Event, PlayerId, Recorded, Session};
use brink_protocol::{Refusal, ServerMsg, codes};
use std::collections::BTreeSet;
use std::ops::Range;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// The most commands decided before one write.
pub const MAX_BATCH: usize = 64;

/// A player's command as it reached the session.
pub type Sent = (ConnId, String, Action);

/// One command of a batch, decided.
struct Decided {
    /// Who is answered.
    from: From,
    outcome: Outcome,
}

/// Who sent a command.
enum From {
    /// A player, through a connection, with a request id and the command's
    /// digest: answered, and remembered for retries.
    Player {
        conn: ConnId,
        player: PlayerId,
        request: String,
        digest: Digest,
    },
    /// The server itself: nobody to answer.
    Server,
}

enum Outcome {
    /// Answered without deciding: a retry, or an id reused.
    Known(Utf8Bytes),
    /// Refused by the rules; `speculative` when an earlier command of the
    /// batch (not yet durable) had changed the game it was decided on.
    Refused { refusal: Refusal, speculative: bool },
    /// Applied: these events of the batch are its own.
    Applied(Range<usize>),
}

/// A batch being decided: the commands, and the events they produced.
#[derive(Default)]
struct Batch {
    decided: Vec<Decided>,
    events: Vec<Recorded>,
    /// Who sent what, to keep a retry within the batch for the next one.
    keys: BTreeSet<(PlayerId, String)>,
    /// The hash of a joining player's resume token, stored with the join.
    token: Option<String>,
}

impl SessionActor {
    /// Decides, stores, applies and fans out one of the server's own
    /// commands (a join, presence, a tick), as a batch of one, and returns
    /// where its events stand in the log. `token` is the hash of a joining
    /// player's resume token, stored in the same transaction as the join.
    pub(super) async fn execute(
        &mut self,
        actor: &Actor,
        command: &Command,
        token: Option<String>,
    ) -> Result<Range<u64>, Refusal> {
        if self.broken {
            return Err(stopped());
        }
        let start = self.log.len() + 1;
        let events = self
            .game
            .decide(actor, command, crate::now_ms())
            .map_err(Refusal::from)?;
        for recorded in &events {
            self.game.apply(recorded);
        }
        let batch = Batch {
            decided: vec![Decided {
                from: From::Server,
                outcome: Outcome::Applied(0..events.len()),
            }],
            events,
            keys: BTreeSet::new(),
            token,
        };
        self.commit(batch).await?;
        Ok(start..self.log.len() + 1)
    }

    /// Decides, stores (in one write), applies and answers `sent`, in order.
    pub(super) async fn commands(&mut self, sent: Vec<Sent>) {
        tracing::debug!(session = %self.id, commands = sent.len(), "a batch of commands");
        let mut batch = Batch::default();
        for (conn, request, action) in sent {
            if self.broken {
                // The game is not the durable one: decide nothing more.
                let refusal = stopped().to(Some(request));
                self.send(conn, outbound::encode(&refusal));
                continue;
            }
            let Some(player) = self.conns.get(&conn).map(|c| c.player.clone()) else {
                tracing::warn!(session = %self.id, conn, %request, "a command from a connection the session does not hold");
                continue;
            };
            crate::counters::command();
            // The same command again before the first is answered: answer
            // the first, so that the retry finds its answer.
            if batch.keys.contains(&(player.clone(), request.clone())) {
                let _ = self.commit(std::mem::take(&mut batch)).await;
            }
            batch.keys.insert((player.clone(), request.clone()));
            let decided = self.decide(&mut batch, conn, player, request, action);
            batch.decided.push(decided);
        }
        let _ = self.commit(batch).await;
    }

    /// Decides one command on the game as the batch so far left it, and
    /// folds its events in.
    fn decide(
        &mut self,
        batch: &mut Batch,
        conn: ConnId,
        player: PlayerId,
        request: String,
        action: Action,
    ) -> Decided {
        let digest = answers::digest(&action);
        let outcome = match self.answers.check(&player, &request, &digest) {
            Known::Again(answer) => Outcome::Known(answer),
            Known::Reused => Outcome::Known(outbound::encode(&Refusal::new(
                codes::REQUEST_ID_REUSED,
                "this command id was already used for another command; give every command a fresh id (a retry keeps its own)",
            ).to(Some(request.clone())))),
            Known::New => {
                let actor = Actor::Player(player.clone());
                match self
                    .game
                    .decide(&actor, &Command::Act(action), crate::now_ms())
                {
                    Err(rejection) => Outcome::Refused {
                        refusal: rejection.into(),
                        speculative: !batch.events.is_empty(),
                    },
                    Ok(events) => {
                        let start = batch.events.len();
                        for recorded in &events {
                            self.game.apply(recorded);
                        }
                        batch.events.extend(events);
                        Outcome::Applied(start..batch.events.len())
                    }
                }
            }
        };
        Decided {
            from: From::Player {
                conn,
                player,
                request,
                digest,
            },
            outcome,
        }
    }

    /// Makes the batch's events durable, then fans them out and answers each
    /// command in order; or, if that fails, undoes the batch. This is the
    /// one place where events are written before anyone is told of them.
    async fn commit(&mut self, batch: Batch) -> Result<(), Refusal> {
        let Batch {
            decided,
            events,
            token,
            ..
        } = batch;
        let stored = if events.is_empty() {
            Ok(Vec::new())
        } else {
            self.store_batch(&decided, &events, token).await
        };
        if let Err(e) = &stored {
            tracing::error!(session = %self.id, error = %e.message, "cannot store a batch of commands");
            self.refold().await;
        }
        let batch_events = events.len();
        let sizes = match &stored {
            Ok(sizes) => sizes.clone(),
            Err(_) => vec![0; events.len()],
        };
        let mut events = events.into_iter().zip(sizes);
        for d in decided {
            if let (Outcome::Applied(range), Ok(_)) = (&d.outcome, &stored) {
                // The batch's events go into the log in order, each
                // command's its own run of them: moved, not copied.
                debug_assert_eq!(events.len() + range.start, batch_events);
                for (recorded, bytes) in events.by_ref().take(range.len()) {
                    self.publish(recorded, bytes);
                }
                self.release_delayed().await;
            }
            if let From::Player {
                conn,
                player,
                request,
                digest,
            } = d.from
            {
                let answer = self.answer(d.outcome, &stored, &player, request, digest);
                self.send(conn, answer);
            }
        }
        self.let_go_leaving();
        // The game is the durable one again (folded anew if the write failed).
        self.relist();
        stored.map(drop)
    }

    /// A player's answer to one command of a committed (or failed) batch,
    /// remembered for a retry.
    fn answer(
        &mut self,
        outcome: Outcome,
        stored: &Result<Vec<usize>, Refusal>,
        player: &PlayerId,
        request: String,
        digest: Digest,
    ) -> Utf8Bytes {
        match (outcome, stored) {
            (Outcome::Known(answer), _) => answer,
            // Nothing of the batch happened: neither the command, nor what
            // a refusal decided on.
            (
                Outcome::Applied(_)
                | Outcome::Refused {
                    speculative: true, ..
                },
                Err(refusal),
            ) => outbound::encode(&refusal.clone().to(Some(request))),
            (Outcome::Refused { refusal, .. }, _) => {
                let answer = outbound::encode(&refusal.to(Some(request.clone())));
                self.answers
                    .remember(player, request, digest, Answer::Sent(answer.clone()));
                answer
            }
            (Outcome::Applied(_), Ok(_)) => {
                let answer = outbound::encode(&ServerMsg::Ack {
                    id: request.clone(),
                });
                self.answers.remember(player, request, digest, Answer::Ack);
                answer
            }
        }
    }

    /// One write of the batch's events, with every applied command's id;
    /// the events' stored sizes.
    async fn store_batch(
        &mut self,
        decided: &[Decided],
        events: &[Recorded],
        token: Option<String>,
    ) -> Result<Vec<usize>, Refusal> {
        let (rows, sizes) = super::stored_rows(events).map_err(|e| unavailable(&e))?;
        let requests = decided
            .iter()
            .filter_map(|d| match (&d.from, &d.outcome) {
                (
                    From::Player {
                        player,
                        request,
                        digest,
                        ..
                    },
                    Outcome::Applied(range),
                ) if !range.is_empty() => events.get(range.start).map(|first| {
                    let answered = Answered {
                        player: player.to_string(),
                        request: request.clone(),
                        digest: crate::secret::hex(digest),
                    };
                    (answered, first.seq)
                }),
                _ => None,
            })
            .collect();
        let joined = events.iter().find_map(|r| match &r.event {
            Event::PlayerJoined { player, .. } => Some(player.to_string()),
            _ => None,
        });
        let write = Write::Append {
            session: self.id.clone(),
            events: rows,
            token: token.zip(joined),
            requests,
        };
        let row = self.store.write(write).await.map_err(|e| unavailable(&e))?;
        let first = events.first().map_or(0, |r| r.seq);
        self.log
            .stored(first, events.len() as u64, row.unwrap_or(0));
        Ok(sizes)
    }

    /// The game as the durable log has it, after a batch that was not
    /// stored: folded again from the log's window if it holds the whole
    /// log, else from the store. Should the store not even read, the
    /// session stops taking commands (`broken`) rather than decide on a game
    /// that is not the durable one.
    async fn refold(&mut self) {
        let mut game = Session::new(self.game.shared_scenario());
        match self.whole_log().await {
            Ok(log) => {
                for recorded in &log {
                    game.apply(recorded);
                }
                self.game = game;
            }
            Err(e) => {
                tracing::error!(session = %self.id, error = %e, "cannot fold the session again from its log; it stops");
                self.broken = true;
            }
        }
    }
}

/// The refusal of every command once the session has stopped (see
/// `SessionActor::refold`).
fn stopped() -> Refusal {
    Refusal::new(
        codes::UNAVAILABLE,
        "this session stopped after its store failed; it comes back when the server restarts",
    )
}
