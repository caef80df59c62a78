//! The durable store: one SQLite database (WAL mode) holding every session's
//! log, its join codes and its players' resume-token hashes.
//!
//! Writes go to a dedicated thread that owns the write connection. It commits
//! whatever writes are waiting in one transaction (group commit) and answers
//! each writer only after the commit: an answer means durable. Should one
//! write fail, the batch is written again with each write in its own
//! savepoint, so that one failed write does not sink the others.
//! `synchronous = FULL` makes a commit survive power loss, not only a crash of
//! the process.
//!
//! Every session's events and answered commands go into two shared tables in
//! commit order (see [`SCHEMA_VERSION`]), so that a commit writes the tables'
//! last pages whatever sessions it holds; the store reads them whole at start
//! and sorts the rows out by session.

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
    /// `(seq, row)` of the events [`crate::log::is_mark`] marks.
    pub marks: Vec<(u64, i64)>,
}

/// A write, and where to say that it is durable (with the row of its first
/// event, if it has events).
type Request = (Write, oneshot::Sender<Result<Option<i64>, String>>);

/// The handle to the store's writer thread, and to the database for reads.
/// Cloning shares the thread.
#[derive(Debug, Clone)]
pub struct Store {
    tx: mpsc::Sender<Request>,
    path: PathBuf,
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
        Ok((Store { tx, path }, Writer { handle }, sessions))
    }

    /// Reads back the events `from..=to` of `session`, whose rows lie in
    /// `rows` (from the first, below the second if any: see
    /// [`crate::log::Log::rows`]), on a thread of their own.
    pub async fn read(
        &self,
        session: &str,
        from: u64,
        to: u64,
        rows: (i64, Option<i64>),
    ) -> Result<Vec<brink_engine::Recorded>> {
        let path = self.path.clone();
        let session = session.to_owned();
        tokio::task::spawn_blocking(move || read_events(&path, &session, from, to, rows)).await?
    }

    /// Makes `write` durable; returns once it is committed, with the row of
    /// its first event, if it has events.
    pub async fn write(&self, write: Write) -> Result<Option<i64>> {
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

/// The events `from..=to` of `session`, read on a connection of their own
/// (WAL lets it read beside the writer) within the rows `rows` bound.
fn read_events(
    path: &Path,
    session: &str,
    from: u64,
    to: u64,
    (low, high): (i64, Option<i64>),
) -> Result<Vec<brink_engine::Recorded>> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open the database {} to read", path.display()))?;
    let mut stmt = conn.prepare(
        "SELECT seq, json FROM log WHERE id >= ?1 AND id < ?2 AND session = ?3 \
         AND seq BETWEEN ?4 AND ?5 ORDER BY id",
    )?;
    let (from_i, to_i) = (
        i64::try_from(from).unwrap_or(i64::MAX),
        i64::try_from(to).unwrap_or(i64::MAX),
    );
    let mut rows = stmt.query(params![
        low,
        high.unwrap_or(i64::MAX),
        session,
        from_i,
        to_i
    ])?;
    let mut events = Vec::with_capacity(usize::try_from(to.saturating_sub(from) + 1).unwrap_or(0));
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let recorded: brink_engine::Recorded = serde_json::from_str(row.get_ref(1)?.as_str()?)
            .with_context(|| format!("event {seq} of session {session} does not parse"))?;
        let expected = from + events.len() as u64;
        if recorded.seq != expected {
            anyhow::bail!(
                "the log of session {session} has event {} where {expected} was expected",
                recorded.seq
            );
        }
        events.push(recorded);
    }
    if (events.len() as u64) < to.saturating_sub(from) + 1 {
        anyhow::bail!("the log of session {session} ends before event {to}");
    }
    Ok(events)
}

fn open_connection(path: &PathBuf) -> Result<Connection> {
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn).context("cannot create or upgrade the database schema")?;
    Ok(conn)
}

/// The schema's version, kept in SQLite's `user_version`.
///
/// - 0: an empty database, or one from before versions were kept, whose logs
///   were `events` and `requests`, keyed by `(session, seq)`. Every commit
///   rewrote one B-tree leaf per session it touched, scattered over the file.
/// - 1: the logs are `log` and `answered`, appended in commit order under a
///   global row id, so that a commit writes the tail pages only. A session's
///   rows are found by reading the whole table once at start.
const SCHEMA_VERSION: i64 = 1;

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
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY,
    session TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answered (
    id INTEGER PRIMARY KEY,
    session TEXT NOT NULL REFERENCES sessions(id),
    player TEXT NOT NULL,
    request TEXT NOT NULL,
    digest TEXT NOT NULL,
    seq INTEGER NOT NULL
);
";

/// Brings the database to [`SCHEMA_VERSION`] in one transaction: creates the
/// tables of an empty database, moves the rows of an unversioned one into the
/// append-ordered tables, and refuses a database from a newer Brink.
fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        anyhow::bail!(
            "the database has schema version {version}, made by a newer Brink than this one \
             (which knows up to {SCHEMA_VERSION}); run the newer server, or start this one \
             on another --data-dir"
        );
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    tx.execute_batch(SCHEMA)?;
    let has = |table: &str| -> rusqlite::Result<bool> {
        tx.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
    };
    if has("events")? {
        tx.execute_batch(
            "INSERT INTO log (session, seq, json)
                 SELECT session, seq, json FROM events ORDER BY session, seq;
             DROP TABLE events;",
        )?;
    }
    if has("requests")? {
        tx.execute_batch(
            "INSERT INTO answered (session, player, request, digest, seq)
                 SELECT session, player, request, digest, seq FROM requests ORDER BY session, seq;
             DROP TABLE requests;",
        )?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

fn load(conn: &Connection) -> Result<Vec<StoredSession>> {
    let mut sessions = Vec::new();
    let mut index = std::collections::HashMap::new();
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
        index.insert(session.clone(), sessions.len());
        sessions.push(StoredSession {
            session,
            scenario,
            created_at_ms: u64::try_from(created).unwrap_or(0),
            codes,
            tokens,
            events: Vec::new(),
            requests: Vec::new(),
            marks: Vec::new(),
        });
    }
    let mut stmt = conn.prepare("SELECT session, seq, json, id FROM log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let session = row.get_ref(0)?.as_str()?;
        let seq: i64 = row.get(1)?;
        let stored = index
            .get(session)
            .and_then(|&i| sessions.get_mut(i))
            .with_context(|| format!("the log has an event of an unknown session {session}"))?;
        let expected = stored.events.len() + 1;
        if usize::try_from(seq).ok() != Some(expected) {
            anyhow::bail!(
                "the log of session {session} is broken: event {seq} where {expected} was expected"
            );
        }
        stored.events.push(row.get(2)?);
        let seq = stored.events.len() as u64;
        if crate::log::is_mark(seq) {
            stored.marks.push((seq, row.get(3)?));
        }
    }
    let mut stmt =
        conn.prepare("SELECT session, player, request, digest FROM answered ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let session = row.get_ref(0)?.as_str()?;
        let stored = index
            .get(session)
            .and_then(|&i| sessions.get_mut(i))
            .with_context(|| format!("a command of an unknown session {session} is logged"))?;
        stored.requests.push(Answered {
            player: row.get(1)?,
            request: row.get(2)?,
            digest: row.get(3)?,
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

/// Commits a batch in one transaction. Should one write of it fail, the batch
/// is written again a write at a time, each in a savepoint, so that the
/// others commit and only that one is refused.
fn commit_batch(conn: &mut Connection, batch: &[Request]) -> Vec<Result<Option<i64>, String>> {
    let mut rows = Vec::with_capacity(batch.len());
    let whole = in_transaction(conn, |conn| {
        batch
            .iter()
            .try_for_each(|(write, _)| apply_write(conn, write).map(|row| rows.push(row)))
    });
    match whole {
        Ok(()) => rows.into_iter().map(Ok).collect(),
        Err(e) => {
            tracing::warn!(error = %e, writes = batch.len(), "a batch failed; writing it a write at a time");
            commit_each(conn, batch)
        }
    }
}

/// Runs `writes` in one transaction, begun and committed by statements kept
/// prepared (rusqlite's `transaction()` has SQLite parse `BEGIN` and `COMMIT`
/// afresh each time, 1–2 % of the server's CPU at a commit a batch); rolls
/// back if anything fails.
fn in_transaction(
    conn: &Connection,
    writes: impl FnOnce(&Connection) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    conn.prepare_cached("BEGIN")?.execute([])?;
    let done = writes(conn).and_then(|()| conn.prepare_cached("COMMIT")?.execute([]).map(drop));
    if done.is_err()
        && !conn.is_autocommit()
        && let Err(e) = conn.execute_batch("ROLLBACK")
    {
        tracing::error!(error = %e, "cannot roll back a failed batch");
    }
    done
}

/// Commits a batch in one transaction, each write in its own savepoint.
fn commit_each(conn: &mut Connection, batch: &[Request]) -> Vec<Result<Option<i64>, String>> {
    let mut tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => return batch.iter().map(|_| Err(e.to_string())).collect(),
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for (write, _) in batch {
        // A savepoint dropped without commit rolls back just this write.
        let outcome = tx.savepoint().and_then(|sp| {
            let row = apply_write(&sp, write)?;
            sp.commit().map(|()| row)
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

/// Applies one write; returns the row of its first event, if it has events.
fn apply_write(conn: &Connection, write: &Write) -> rusqlite::Result<Option<i64>> {
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
            let row = insert_events(conn, session, events)?;
            for (answered, seq) in requests {
                conn.prepare_cached(
                    "INSERT INTO answered (session, player, request, digest, seq) VALUES (?1, ?2, ?3, ?4, ?5)",
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
            Ok(row)
        }
    }
}

/// Inserts a session's events; returns the row of the first (the others
/// follow it, one row each).
fn insert_events(
    conn: &Connection,
    session: &str,
    events: &[(u64, String)],
) -> rusqlite::Result<Option<i64>> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO log (session, seq, json) VALUES (?1, ?2, ?3)")?;
    let mut first = None;
    for (seq, json) in events {
        stmt.execute(params![
            session,
            i64::try_from(*seq).unwrap_or(i64::MAX),
            json
        ])?;
        first = first.or(Some(conn.last_insert_rowid()));
    }
    Ok(first)
}

/// Runs SQLite's integrity check on the database in `dir` (for tests and tools).
pub fn integrity_check(dir: &Path) -> Result<String> {
    let conn = Connection::open(dir.join("brink.db"))?;
    Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn append(session: &str, from: u64, n: u64) -> Write {
        Write::Append {
            session: session.into(),
            events: (from..from + n)
                .map(|seq| (seq, format!("{{\"n\":{seq}}}")))
                .collect(),
            token: None,
            requests: vec![(
                Answered {
                    player: "p".into(),
                    request: format!("r{from}"),
                    digest: "d".into(),
                },
                from,
            )],
        }
    }

    fn create(session: &str, at: u64) -> Write {
        Write::CreateSession {
            session: session.into(),
            scenario: "s".into(),
            created_at_ms: at,
            codes: vec![(format!("code-{session}"), "umpire".into())],
            events: vec![(1, "{\"n\":1}".into())],
        }
    }

    fn write_all(dir: &Path, writes: Vec<Write>) {
        let (store, writer, _) = Store::open(dir).expect("the store opens");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        for w in writes {
            rt.block_on(store.write(w)).expect("the write commits");
        }
        drop(store);
        writer.join();
    }

    #[test]
    fn interleaved_sessions_load_apart_in_order() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write_all(
            dir.path(),
            vec![
                create("a", 1),
                create("b", 2),
                append("b", 2, 3),
                append("a", 2, 1),
                append("b", 5, 1),
                append("a", 3, 2),
            ],
        );
        let (_, _, sessions) = Store::open(dir.path()).expect("the store opens");
        let summary: Vec<(String, usize, Vec<String>)> = sessions
            .iter()
            .map(|s| {
                let requests = s.requests.iter().map(|r| r.request.clone()).collect();
                (s.session.clone(), s.events.len(), requests)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("a".into(), 4, vec!["r2".into(), "r3".into()]),
                ("b".into(), 5, vec!["r2".into(), "r5".into()]),
            ]
        );
        assert_eq!(sessions[1].events[4], "{\"n\":5}");
    }

    #[test]
    fn a_failed_write_is_rolled_back_alone_and_the_rest_of_its_batch_commits() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write_all(dir.path(), vec![create("a", 1)]);
        let mut conn = open_connection(&dir.path().join("brink.db")).expect("the database");
        // Three writes in one transaction. The middle one creates session b
        // with a join code that a already holds: its session row goes in,
        // then its code is refused, and the row must go with it.
        let clash = Write::CreateSession {
            session: "b".into(),
            scenario: "s".into(),
            created_at_ms: 2,
            codes: vec![("code-a".into(), "umpire".into())],
            events: vec![(1, "{}".into())],
        };
        let batch: Vec<Request> = [append("a", 2, 2), clash, append("a", 4, 1)]
            .into_iter()
            .map(|w| (w, oneshot::channel().0))
            .collect();
        let outcomes = commit_batch(&mut conn, &batch);
        assert!(outcomes[0].is_ok() && outcomes[2].is_ok(), "{outcomes:?}");
        let failed = outcomes[1]
            .as_ref()
            .expect_err("the clashing code is refused");
        assert!(failed.contains("UNIQUE"), "{failed}");
        drop(conn);
        let (_, _, sessions) = Store::open(dir.path()).expect("the store opens");
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].events.len(), 4);
        let requests: Vec<&str> = sessions[0]
            .requests
            .iter()
            .map(|r| r.request.as_str())
            .collect();
        assert_eq!(requests, vec!["r2", "r4"]);
    }

    #[test]
    fn an_unversioned_database_is_moved_to_the_append_ordered_tables() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let conn = Connection::open(dir.path().join("brink.db")).expect("the database");
        conn.execute_batch(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, scenario TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
             CREATE TABLE join_codes (code TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL);
             CREATE TABLE resume_tokens (token_hash TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), player TEXT NOT NULL);
             CREATE TABLE events (session TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (session, seq)) WITHOUT ROWID;
             CREATE TABLE requests (session TEXT NOT NULL REFERENCES sessions(id), player TEXT NOT NULL, request TEXT NOT NULL, digest TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (session, player, request)) WITHOUT ROWID;
             INSERT INTO sessions VALUES ('z', 'cmc', 1), ('a', 'cmc', 2);
             INSERT INTO join_codes VALUES ('Z1', 'z', 'umpire');
             INSERT INTO resume_tokens VALUES ('h', 'a', 'p1');
             INSERT INTO events VALUES ('a', 2, 'a2'), ('z', 1, 'z1'), ('a', 1, 'a1');
             INSERT INTO requests VALUES ('a', 'p1', 'late', 'd2', 2), ('a', 'p1', 'early', 'd1', 1);",
        )
        .expect("the query runs");
        drop(conn);
        let (_, _, sessions) = Store::open(dir.path()).expect("the store opens");
        assert_eq!(sessions.len(), 2);
        assert_eq!(
            (sessions[0].session.as_str(), &sessions[0].events[..]),
            ("z", &["z1".to_string()][..])
        );
        assert_eq!(
            sessions[0].codes,
            vec![("Z1".to_string(), "umpire".to_string())]
        );
        assert_eq!(sessions[1].events, vec!["a1".to_string(), "a2".to_string()]);
        assert_eq!(
            sessions[1].tokens,
            vec![("h".to_string(), "p1".to_string())]
        );
        let requests: Vec<&str> = sessions[1]
            .requests
            .iter()
            .map(|r| r.request.as_str())
            .collect();
        assert_eq!(requests, vec!["early", "late"]);
        let conn = Connection::open(dir.path().join("brink.db")).expect("the database");
        let old: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('events', 'requests')",
                [],
                |r| r.get(0),
            )
            .expect("the query runs");
        assert_eq!(old, 0);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("the query runs");
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(integrity_check(dir.path()).expect("the check runs"), "ok");
    }

    #[test]
    fn a_gap_in_a_log_is_refused_with_the_session_and_seq() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write_all(dir.path(), vec![create("a", 1), append("a", 3, 1)]);
        let err = Store::open(dir.path()).expect_err("the store refuses");
        let text = format!("{err:#}");
        assert!(
            text.contains("session a is broken: event 3 where 2"),
            "{text}"
        );
    }

    #[test]
    fn a_database_from_a_newer_brink_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let conn = Connection::open(dir.path().join("brink.db")).expect("the database");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("the query runs");
        drop(conn);
        let err = Store::open(dir.path()).expect_err("the store refuses");
        assert!(format!("{err:#}").contains("newer Brink"), "{err:#}");
        let conn = Connection::open(dir.path().join("brink.db")).expect("the database");
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .expect("the query runs");
        assert_eq!(tables, 0);
    }
}
