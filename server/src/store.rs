//! The durable store: one SQLite database (WAL mode) holding every session's
//! log, its join codes and its players' resume-token hashes.
//!
//! Writes go to a dedicated thread that owns the write connection. It commits
//! whatever writes are waiting in one transaction (group commit), each inside
//! its own savepoint so that one failed write does not sink the others, and
//! answers each writer only after the commit: an answer means durable.
//! `synchronous = FULL` makes a commit survive power loss, not only a crash of
//! the process.

use anyhow::{Context, Result};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use tokio::sync::oneshot;

/// How many waiting writes one transaction takes at most.
const MAX_BATCH: usize = 256;

/// One write to make durable.
#[derive(Debug)]
pub enum Write {
    /// A new session: its row, its join codes and its first events.
    CreateSession {
        /// Session id.
        session: String,
        /// Scenario id.
        scenario: String,
        /// Creation time (ms since the epoch).
        created_at_ms: u64,
        /// `(code, role)` pairs.
        codes: Vec<(String, String)>,
        /// `(seq, json)` of its first events.
        events: Vec<(u64, String)>,
    },
    /// Events appended to a session's log, and maybe a new player's token hash.
    Append {
        /// Session id.
        session: String,
        /// `(seq, json)` of each event.
        events: Vec<(u64, String)>,
        /// `(token hash, player id)` of a player who just joined.
        token: Option<(String, String)>,
        /// The players' commands these events answer, each with the seq of
        /// its first event, to know them again if they are retried.
        requests: Vec<(Answered, u64)>,
    },
}

/// A player's command that was applied: who sent it, its id, and a digest of
/// the command itself (so a reused id for another command is caught).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The player's id.
    pub player: String,
    /// The command's request id.
    pub request: String,
    /// A digest of the command.
    pub digest: String,
}

/// A session as stored: everything needed to rebuild it.
#[derive(Debug)]
pub struct StoredSession {
    /// Session id.
    pub session: String,
    /// Scenario id.
    pub scenario: String,
    /// Creation time (ms since the epoch).
    pub created_at_ms: u64,
    /// `(code, role)` pairs.
    pub codes: Vec<(String, String)>,
    /// `(token hash, player id)` pairs.
    pub tokens: Vec<(String, String)>,
    /// Each event's JSON, in log order.
    pub events: Vec<String>,
    /// The players' applied commands, oldest first.
    pub requests: Vec<Answered>,
}

type Request = (Write, oneshot::Sender<Result<(), String>>);

/// The handle to the store's writer thread. Cloning shares the thread.
#[derive(Debug, Clone)]
pub struct Store {
    tx: mpsc::Sender<Request>,
}

/// The writer thread; joining it waits until every write sent has committed.
#[derive(Debug)]
pub struct Writer {
    handle: JoinHandle<()>,
}

impl Writer {
    /// Waits for the writer to commit what it has and stop. It stops once every
    /// [`Store`] handle is dropped.
    pub fn join(self) {
        if self.handle.join().is_err() {
            tracing::error!("the store's writer thread panicked");
        }
    }
}

impl Store {
    /// Opens (creating if need be) the database in `dir`, loads every session,
    /// and starts the writer thread.
    pub fn open(dir: &Path) -> Result<(Store, Writer, Vec<StoredSession>)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let path = dir.join("brink.db");
        let conn = open_connection(&path)?;
        let sessions = load(&conn).context("cannot read the sessions from the database")?;
        let (tx, rx) = mpsc::channel::<Request>();
        let handle = std::thread::Builder::new()
            .name("brink-store".into())
            .spawn(move || write_loop(conn, rx))
            .context("cannot start the store's writer thread")?;
        Ok((Store { tx }, Writer { handle }, sessions))
    }

    /// Makes `write` durable; returns once it is committed.
    pub async fn write(&self, write: Write) -> Result<()> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((write, reply))
            .map_err(|_| anyhow::anyhow!("the store is closed"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the store stopped before committing"))?
            .map_err(|e| anyhow::anyhow!("the store could not commit: {e}"))
    }
}

fn open_connection(path: &PathBuf) -> Result<Connection> {
    let conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(SCHEMA)
        .context("cannot create the database schema")?;
    Ok(conn)
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS join_codes (
    code TEXT PRIMARY KEY,
    session TEXT NOT NULL REFERENCES sessions(id),
    role TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS resume_tokens (
    token_hash TEXT PRIMARY KEY,
    session TEXT NOT NULL REFERENCES sessions(id),
    player TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    session TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS requests (
    session TEXT NOT NULL REFERENCES sessions(id),
    player TEXT NOT NULL,
    request TEXT NOT NULL,
    digest TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (session, player, request)
) WITHOUT ROWID;
";

fn load(conn: &Connection) -> Result<Vec<StoredSession>> {
    let mut sessions = Vec::new();
    let mut stmt = conn
        .prepare("SELECT id, scenario, created_at_ms FROM sessions ORDER BY created_at_ms, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (session, scenario, created) = row?;
        let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([&session], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let codes = pairs("SELECT code, role FROM join_codes WHERE session = ?1 ORDER BY role")?;
        let tokens = pairs("SELECT token_hash, player FROM resume_tokens WHERE session = ?1")?;
        let mut stmt = conn.prepare("SELECT json FROM events WHERE session = ?1 ORDER BY seq")?;
        let events = stmt
            .query_map([&session], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let mut stmt = conn.prepare(
            "SELECT player, request, digest FROM requests WHERE session = ?1 ORDER BY seq",
        )?;
        let requests = stmt
            .query_map([&session], |r| {
                Ok(Answered {
                    player: r.get(0)?,
                    request: r.get(1)?,
                    digest: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        sessions.push(StoredSession {
            session,
            scenario,
            created_at_ms: u64::try_from(created).unwrap_or(0),
            codes,
            tokens,
            events,
            requests,
        });
    }
    Ok(sessions)
}

fn write_loop(mut conn: Connection, rx: mpsc::Receiver<Request>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let outcomes = commit_batch(&mut conn, &batch);
        for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
            // The writer may have given up waiting (its connection closed); the
            // write is durable all the same.
            let _ = reply.send(outcome);
        }
    }
    tracing::debug!("store writer stopped");
}

fn commit_batch(conn: &mut Connection, batch: &[Request]) -> Vec<Result<(), String>> {
    let mut tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => return batch.iter().map(|_| Err(e.to_string())).collect(),
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for (write, _) in batch {
        // A savepoint dropped without commit rolls back just this write.
        let outcome = tx.savepoint().and_then(|sp| {
            apply_write(&sp, write)?;
            sp.commit()
        });
        if let Err(e) = &outcome {
            tracing::error!(error = %e, "a write failed and was rolled back");
        }
        outcomes.push(outcome.map_err(|e| e.to_string()));
    }
    match tx.commit() {
        Ok(()) => outcomes,
        Err(e) => {
            tracing::error!(error = %e, "a commit failed");
            batch.iter().map(|_| Err(e.to_string())).collect()
        }
    }
}

fn apply_write(conn: &Connection, write: &Write) -> rusqlite::Result<()> {
    match write {
        Write::CreateSession {
            session,
            scenario,
            created_at_ms,
            codes,
            events,
        } => {
            conn.execute(
                "INSERT INTO sessions (id, scenario, created_at_ms) VALUES (?1, ?2, ?3)",
                params![
                    session,
                    scenario,
                    i64::try_from(*created_at_ms).unwrap_or(i64::MAX)
                ],
            )?;
            for (code, role) in codes {
                conn.execute(
                    "INSERT INTO join_codes (code, session, role) VALUES (?1, ?2, ?3)",
                    params![code, session, role],
                )?;
            }
            insert_events(conn, session, events)
        }
        Write::Append {
            session,
            events,
            token,
            requests,
        } => {
            insert_events(conn, session, events)?;
            for (answered, seq) in requests {
                conn.prepare_cached(
                    "INSERT INTO requests (session, player, request, digest, seq) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    session,
                    answered.player,
                    answered.request,
                    answered.digest,
                    i64::try_from(*seq).unwrap_or(i64::MAX)
                ])?;
            }
            if let Some((hash, player)) = token {
                conn.execute(
                    "INSERT INTO resume_tokens (token_hash, session, player) VALUES (?1, ?2, ?3)",
                    params![hash, session, player],
                )?;
            }
            Ok(())
        }
    }
}

fn insert_events(
    conn: &Connection,
    session: &str,
    events: &[(u64, String)],
) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO events (session, seq, json) VALUES (?1, ?2, ?3)")?;
    for (seq, json) in events {
        stmt.execute(params![
            session,
            i64::try_from(*seq).unwrap_or(i64::MAX),
            json
        ])?;
    }
    Ok(())
}

/// Runs SQLite's integrity check on the database in `dir` (for tests and tools).
pub fn integrity_check(dir: &Path) -> Result<String> {
    let conn = Connection::open(dir.join("brink.db"))?;
    Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
}
