//! Resume tokens: which player of which session a token's hash belongs to.
//! The registry fills it at start and looks tokens up; a session actor adds
//! a joining player's token once it is durable.

use brink_engine::PlayerId;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Resume-token hashes and whose they are: `hash → (session, player)`.
#[derive(Debug, Default)]
pub struct Tokens(Mutex<HashMap<String, (String, PlayerId)>>);

impl Tokens {
    /// Registers a durable token hash.
    pub fn insert(&self, hash: String, session: String, player: PlayerId) {
        self.map().insert(hash, (session, player));
    }

    /// Whose token this is.
    pub fn get(&self, token: &str) -> Option<(String, PlayerId)> {
        self.map().get(&crate::secret::token_hash(token)).cloned()
    }

    /// The map, recovering from poisoning: no code panics while holding it.
    fn map(&self) -> MutexGuard<'_, HashMap<String, (String, PlayerId)>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
