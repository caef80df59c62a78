//! Remembers resume tokens between runs, so that running the same `brink join`
//! again after a lost connection puts the player back in the seat and shows
//! what was missed. One small file per seat under `$BRINK_HOME/resume/`
//! (default `~/.brink`), readable by its owner only, so that several `brink`
//! processes of one user never overwrite each other's seats.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What is remembered of one seat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seat {
    /// The resume token.
    pub token: String,
    /// The last event seq received.
    pub last_seq: u64,
    /// The session, so that `brink replay SESSION` can find the seat.
    #[serde(default)]
    pub session: Option<String>,
    /// The player's role there.
    #[serde(default)]
    pub role: Option<brink_engine::Role>,
}

/// Every seat remembered on this machine in `session`.
pub fn remembered(session: &str) -> Vec<Seat> {
    let Some(dir) = home().map(|h| h.join("resume")) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut seats: Vec<(PathBuf, Seat)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let seat: Seat = serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
            Some((p, seat))
        })
        .filter(|(_, s)| s.session.as_deref() == Some(session))
        .collect();
    // Deterministic order, whatever the directory's.
    seats.sort_by(|a, b| a.0.cmp(&b.0));
    seats.into_iter().map(|(_, s)| s).collect()
}

/// `$BRINK_HOME`, or `~/.brink`.
fn home() -> Option<PathBuf> {
    std::env::var_os("BRINK_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".brink")))
}

/// Where one join (same server, same code, same seat — or same name when the
/// role has no seat) is remembered.
#[derive(Debug, Clone)]
pub struct Slot {
    path: Option<PathBuf>,
}

impl Slot {
    /// The slot of a join.
    pub fn new(server: &str, code: &str, seat: Option<&str>, name: &str) -> Self {
        let key = format!("{server} {code} {}", seat.unwrap_or(name));
        // FNV-1a: a stable file name for the key; the key holds the code, which
        // is a secret, so it is not written out as the name.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Self {
            path: home().map(|h| h.join("resume").join(format!("{hash:016x}.json"))),
        }
    }

    /// The remembered seat, if any.
    pub fn load(&self) -> Option<Seat> {
        let text = std::fs::read_to_string(self.path.as_ref()?).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Remembers the seat.
    pub fn save(&self, seat: &Seat) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let tmp = path.with_extension("tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        serde_json::to_writer(file, seat)?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Forgets the seat.
    pub fn forget(&self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}
