//! The server's directory: which sessions exist, which join code admits to
//! which role of which session, and which resume token belongs to which
//! player. It also creates sessions and starts their actors.
//!
//! The maps sit behind short-lived locks that are never held across an await.

use crate::catalog::Catalog;
use crate::log::Window;
use crate::rebuild::{self, Rebuilt};
use crate::secret;
use crate::session::{ForkSeed, INPUT_QUEUE, Inbox, Listing, Requester, SessionActor};
use crate::store::{Store, StoredSession, Write};
use crate::tokens::Tokens;
use anyhow::{Context, Result};
use brink_engine::{
    Actor, Command, JoinRole, ObserverMode, PlayerId, Recorded, Scenario, Session, SideId, Viewer,
};
use brink_protocol::{Credential, JoinCode, Refusal, SessionInfo, codes};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{mpsc, watch};

/// A session as the directory knows it.
#[derive(Debug)]
struct Entry {
    scenario: String,
    created_at_ms: u64,
    codes: Vec<JoinCode>,
    /// What its actor says of it: title, status, players, activity.
    listing: watch::Receiver<Listing>,
    inputs: Inbox,
}

impl Entry {
    /// The session as the admin sees it.
    fn info(&self, id: &str) -> SessionInfo {
        let listing = self.listing.borrow();
        SessionInfo {
            session: id.to_owned(),
            title: listing.title.clone(),
            scenario: self.scenario.clone(),
            created_at_ms: self.created_at_ms,
            status: listing.status.clone(),
            players: listing.players,
            online: listing.online,
            last_activity_ms: listing.last_activity_ms,
            codes: self.codes.clone(),
        }
    }
}

/// Sessions and join codes.
#[derive(Debug, Default)]
struct Directory {
    sessions: BTreeMap<String, Entry>,
    /// `code → (session, role)`.
    codes: HashMap<String, (String, JoinRole)>,
}

/// The server's directory of sessions.
#[derive(Debug)]
pub struct Registry {
    directory: Mutex<Directory>,
    tokens: Arc<Tokens>,
    catalog: Catalog,
    store: Store,
    max_sessions: usize,
    window: Window,
    shutdown: watch::Receiver<bool>,
}

impl Registry {
    /// A registry rebuilt from the stored sessions, with their actors started.
    pub async fn start(
        catalog: Catalog,
        store: Store,
        stored: Vec<StoredSession>,
        max_sessions: usize,
        window: Window,
        shutdown: watch::Receiver<bool>,
    ) -> Result<Arc<Self>> {
        let registry = Arc::new(Self {
            directory: Mutex::new(Directory::default()),
            tokens: Arc::new(Tokens::default()),
            catalog,
            store,
            max_sessions,
            window,
            shutdown,
        });
        let rebuilt = rebuild::on_every_core(stored, |mut session| {
            let events = std::mem::take(&mut session.events);
            let rebuilt = registry.rebuild(&session, &events);
            (session, rebuilt)
        });
        for (session, rebuilt) in rebuilt {
            let id = session.session.clone();
            registry
                .restore(session, rebuilt)
                .await
                .with_context(|| format!("cannot restore session {id}"))?;
        }
        Ok(registry)
    }

    /// A stored session's game, from its scenario and its log's lines.
    fn rebuild(&self, stored: &StoredSession, lines: &[String]) -> Result<Rebuilt> {
        let scenario = self.catalog.get(&stored.scenario).with_context(|| {
            format!(
                "its scenario {} is not loaded; start the server with --scenarios pointing at it",
                stored.scenario
            )
        })?;
        let mut rebuilt =
            Rebuilt::from_lines(scenario, lines, self.window).context("its log does not parse")?;
        rebuilt.log.set_marks(stored.marks.clone());
        Ok(rebuilt)
    }

    async fn restore(&self, stored: StoredSession, rebuilt: Result<Rebuilt>) -> Result<()> {
        let rebuilt = rebuilt?;
        for (hash, player) in stored.tokens {
            self.tokens
                .insert(hash, stored.session.clone(), PlayerId(player));
        }
        let codes = stored
            .codes
            .into_iter()
            .map(|(code, role)| JoinCode { role, code })
            .collect();
        let mut actor = SessionActor::new(
            stored.session.clone(),
            rebuilt,
            self.store.clone(),
            self.tokens.clone(),
            stored.requests,
        );
        actor.settle_presence().await;
        self.enter(
            stored.session,
            stored.scenario,
            stored.created_at_ms,
            codes,
            actor,
        );
        Ok(())
    }

    /// Creates a session of `scenario` with fresh join codes, titled
    /// `title` (none: the scenario's title).
    pub async fn create(
        &self,
        scenario_id: &str,
        observers: ObserverMode,
        title: Option<String>,
    ) -> Result<SessionInfo, Refusal> {
        let Some(scenario) = self.catalog.get(scenario_id) else {
            return Err(Refusal::new(
                codes::UNKNOWN_SCENARIO,
                format!(
                    "there is no scenario {scenario_id:?}; choose one of: {}",
                    self.catalog.ids().join(", ")
                ),
            ));
        };
        let seed = secret::seed().map_err(internal)?;
        let create = Command::Create {
            seed,
            observers,
            title,
        };
        self.found(scenario, Vec::new(), create).await
    }

    /// Creates a session that continues `seed.prefix` of session `parent`,
    /// with fresh join codes.
    pub async fn fork(&self, parent: &str, seed: ForkSeed) -> Result<SessionInfo, Refusal> {
        let command = Command::MarkForked {
            parent: parent.to_owned(),
            at_seq: seed.at_seq,
            seed: secret::seed().map_err(internal)?,
        };
        self.found(seed.scenario, seed.prefix, command).await
    }

    /// Founds a session: `prefix` (a parent's events, or none), then the
    /// events of `first`, stored with fresh join codes, and its actor started.
    async fn found(
        &self,
        scenario: Arc<Scenario>,
        prefix: Vec<Recorded>,
        first: Command,
    ) -> Result<SessionInfo, Refusal> {
        if lock(&self.directory).sessions.len() >= self.max_sessions {
            return Err(Refusal::new(
                codes::TOO_MANY_SESSIONS,
                format!(
                    "the server hosts {} sessions, its limit; delete one or start another server",
                    self.max_sessions
                ),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let mut roles: Vec<String> = vec!["umpire".into(), "observer".into()];
        roles.extend(scenario.sides.iter().map(|s| s.id.to_string()));
        let codes = roles
            .into_iter()
            .map(|role| {
                Ok(JoinCode {
                    code: secret::join_code(&role)?,
                    role,
                })
            })
            .collect::<Result<Vec<_>>>()
            .map_err(internal)?;
        let mut game = Session::new(scenario.clone());
        for recorded in &prefix {
            game.apply(recorded);
        }
        let now = crate::now_ms();
        let events = game
            .decide(&Actor::System, &first, now)
            .map_err(Refusal::from)?;
        let mut log = prefix;
        log.extend(events);
        let rows = log
            .iter()
            .map(|r| Ok((r.seq, serde_json::to_string(r)?)))
            .collect::<Result<Vec<_>>>()
            .map_err(internal)?;
        let sizes: Vec<usize> = rows.iter().map(|(_, json)| json.len()).collect();
        let count = log.len() as u64;
        let row = self
            .store
            .write(Write::CreateSession {
                session: id.clone(),
                scenario: scenario.id.clone(),
                created_at_ms: now,
                codes: codes
                    .iter()
                    .map(|c| (c.code.clone(), c.role.clone()))
                    .collect(),
                events: rows,
            })
            .await
            .map_err(internal)?;
        let mut rebuilt = Rebuilt::from_events(
            scenario.clone(),
            log.into_iter().zip(sizes).collect(),
            self.window,
        );
        rebuilt.log.stored(1, count, row.unwrap_or(0));
        let actor = SessionActor::new(
            id.clone(),
            rebuilt,
            self.store.clone(),
            self.tokens.clone(),
            Vec::new(),
        );
        let info = self.enter(id.clone(), scenario.id.clone(), now, codes, actor);
        tracing::info!(session = %id, scenario = %scenario.id, title = %info.title, "session created");
        Ok(info)
    }

    /// Starts `actor` and enters its session and join codes in the
    /// directory; the session as the admin sees it.
    fn enter(
        &self,
        id: String,
        scenario: String,
        created_at_ms: u64,
        codes: Vec<JoinCode>,
        actor: SessionActor,
    ) -> SessionInfo {
        let listing = actor.listing();
        let (inputs, rx) = mpsc::channel(INPUT_QUEUE);
        tokio::spawn(Box::new(actor).run(rx, self.shutdown.clone()));
        let mut dir = lock(&self.directory);
        for c in &codes {
            let role = match c.role.as_str() {
                "umpire" => JoinRole::Umpire,
                "observer" => JoinRole::Observer,
                side => JoinRole::Side(SideId(side.to_owned())),
            };
            dir.codes.insert(c.code.clone(), (id.clone(), role));
        }
        let entry = Entry {
            scenario,
            created_at_ms,
            codes,
            listing,
            inputs,
        };
        let info = entry.info(&id);
        dir.sessions.insert(id, entry);
        info
    }

    /// Every session, oldest first.
    pub fn list(&self) -> Vec<SessionInfo> {
        let dir = lock(&self.directory);
        let mut sessions: Vec<SessionInfo> =
            dir.sessions.iter().map(|(id, e)| e.info(id)).collect();
        sessions.sort_by(|a, b| (a.created_at_ms, &a.session).cmp(&(b.created_at_ms, &b.session)));
        sessions
    }

    /// The scenarios sessions can be created from.
    pub fn scenarios(&self) -> Vec<brink_protocol::ScenarioEntry> {
        self.catalog.entries()
    }

    /// The session and role a join code admits to.
    pub fn by_code(&self, code: &str) -> Option<(Inbox, JoinRole)> {
        let dir = lock(&self.directory);
        let (session, role) = dir.codes.get(code)?;
        Some((dir.sessions.get(session)?.inputs.clone(), role.clone()))
    }

    /// The session a review request is about, and who makes it, from its
    /// credential: a resume token or a join code of that session, or the
    /// admin token.
    pub fn review(
        &self,
        session: &str,
        credential: &Credential,
        admin_token: &str,
    ) -> Result<(Inbox, Requester), Refusal> {
        let (of, requester) = match credential {
            Credential::Token(token) => {
                let (of, player) = self.tokens.get(token.trim()).ok_or_else(|| {
                    Refusal::new(
                        codes::BAD_TOKEN,
                        "this resume token is not valid; use your join code instead".to_owned(),
                    )
                })?;
                (of, Requester::Player(player))
            }
            Credential::Code(code) => {
                let dir = lock(&self.directory);
                let (of, role) = dir.codes.get(code.trim()).cloned().ok_or_else(|| {
                    Refusal::new(
                        codes::BAD_CODE,
                        "this join code is not valid; check it with your umpire".to_owned(),
                    )
                })?;
                let viewer = match role {
                    JoinRole::Umpire => Viewer::Umpire,
                    JoinRole::Observer => Viewer::Observer,
                    JoinRole::Side(side) => Viewer::Side(side),
                };
                (of, Requester::Role(viewer))
            }
            Credential::AdminToken(token) => {
                if !secret::same(token, admin_token) {
                    return Err(Refusal::new(
                        codes::NOT_ADMIN,
                        "the admin token is wrong; use the one the server printed when it first started, or BRINK_ADMIN_TOKEN".to_owned(),
                    ));
                }
                (session.to_owned(), Requester::Role(Viewer::Umpire))
            }
        };
        let dir = lock(&self.directory);
        let Some(entry) = dir.sessions.get(session) else {
            return Err(Refusal::new(
                codes::UNKNOWN_SESSION,
                format!(
                    "there is no session {session:?} on this server; check its id (brink admin list-sessions)"
                ),
            ));
        };
        if of != session {
            return Err(Refusal::new(
                codes::NOT_IN_SESSION,
                format!(
                    "your credential is for another session, not {session}; use a code or token of this session"
                ),
            ));
        }
        Ok((entry.inputs.clone(), requester))
    }

    /// The session and player a resume token belongs to.
    pub fn by_token(&self, token: &str) -> Option<(Inbox, PlayerId)> {
        let (session, player) = self.tokens.get(token)?;
        let dir = lock(&self.directory);
        Some((dir.sessions.get(&session)?.inputs.clone(), player))
    }
}

fn internal(e: anyhow::Error) -> Refusal {
    Refusal::new(
        codes::UNAVAILABLE,
        format!("cannot create the session: {e}"),
    )
}

/// Locks a mutex, recovering from poisoning: the maps stay consistent because
/// no code panics while holding them.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
