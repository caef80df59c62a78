//! The answers each player's recent commands got, by request id, so that a
//! command sent again after its answer was lost (a dropped connection, a
//! restart) is answered again with what it got the first time, and not
//! applied twice. Applied commands are also stored with their events (see
//! `store::Answered`) and come back after a restart; refusals are kept in
//! memory only: a refused command changed nothing, so deciding it again
//! after a restart cannot apply anything twice.

use crate::outbound::encode;
use crate::store::Answered;
use brink_engine::{Action, PlayerId};
use brink_protocol::ServerMsg;
use std::collections::{HashMap, VecDeque};
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// How many answers are kept for each player; older ones are forgotten.
pub const REMEMBERED: usize = 1_024;

/// A command's SHA-256, to tell a retry from another command under its id.
pub type Digest = [u8; 32];

/// A request id as it is remembered: the first 16 bytes of its SHA-256, so
/// that an answer costs the same whatever the id's length (up to the
/// protocol's 64 bytes). A retry brings its id along, to be answered under.
type IdKey = [u8; 16];

fn key(request: &str) -> IdKey {
    let mut key = [0u8; 16];
    key.copy_from_slice(&crate::secret::sha256(request)[..16]);
    key
}

/// The recent answers of every player of a session.
///
/// Every command leaves an entry, so entries are kept small: the id as a
/// 16-byte key, the digest as 32 bytes, and only a refusal's message; an
/// acknowledgement is encoded again for a retry. (Kept as strings and
/// encoded messages they were 386 bytes an answer, the largest part of a
/// live server's heap; see `cargo bench -p brink-server --bench memory`.)
#[derive(Debug, Default)]
pub struct Answers {
    players: HashMap<PlayerId, Recent>,
}

#[derive(Debug, Default)]
struct Recent {
    /// Ids, oldest first.
    order: VecDeque<IdKey>,
    /// Each remembered command's digest.
    digests: HashMap<IdKey, Digest>,
    /// The answers that were not acknowledgements (refusals: few).
    sent: HashMap<IdKey, Utf8Bytes>,
}

/// The answer a command got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// It was applied: an acknowledgement under its id.
    Ack,
    /// Anything else, as sent.
    Sent(Utf8Bytes),
}

/// What a command's id says about it.
#[derive(Debug, PartialEq, Eq)]
pub enum Known {
    /// Not seen before: decide it.
    New,
    /// Seen, with the same command: send this answer again.
    Again(Utf8Bytes),
    /// Seen, with another command: the id was reused.
    Reused,
}

impl Answers {
    /// The answers of the stored, applied commands (acknowledgements).
    pub fn restore(requests: Vec<Answered>) -> Self {
        let mut answers = Self::default();
        for Answered {
            player,
            request,
            digest,
        } in requests
        {
            answers.remember(
                &PlayerId(player),
                request,
                stored_digest(&digest),
                Answer::Ack,
            );
        }
        answers
    }

    /// What is known of `player`'s command `request` with this digest.
    pub fn check(&self, player: &PlayerId, request: &str, digest: &Digest) -> Known {
        let Some(recent) = self.players.get(player) else {
            return Known::New;
        };
        let id = key(request);
        match recent.digests.get(&id) {
            None => Known::New,
            Some(seen) if seen == digest => Known::Again(match recent.sent.get(&id) {
                Some(sent) => sent.clone(),
                None => encode(&ServerMsg::Ack {
                    id: request.to_owned(),
                }),
            }),
            Some(_) => Known::Reused,
        }
    }

    /// Keeps the answer `player`'s command got.
    pub fn remember(&mut self, player: &PlayerId, request: String, digest: Digest, answer: Answer) {
        let recent = self.players.entry(player.clone()).or_default();
        let request = key(&request);
        match answer {
            Answer::Ack => recent.sent.remove(&request),
            Answer::Sent(sent) => recent.sent.insert(request, sent),
        };
        if recent.digests.insert(request, digest).is_some() {
            // An id used again once its first use aged out of the window
            // (a restart's restore meets both): the newer use is the newest.
            recent.order.retain(|id| *id != request);
        }
        recent.order.push_back(request);
        while recent.order.len() > REMEMBERED {
            if let Some(old) = recent.order.pop_front() {
                recent.digests.remove(&old);
                recent.sent.remove(&old);
            }
        }
    }
}

/// A digest of a command, to tell a retry from another command under the
/// same id.
pub fn digest(action: &Action) -> Digest {
    crate::secret::sha256(&serde_json::to_string(action).unwrap_or_default())
}

/// A stored digest (lowercase hex, as [`crate::secret::hex`] writes it).
/// Anything else — the store is a file, and a file can be damaged — becomes
/// the SHA-256 of the text itself, which no command's digest is: a retry of
/// that command is then refused as an id reused, never applied twice.
fn stored_digest(text: &str) -> Digest {
    let mut digest = [0u8; 32];
    let bytes = text.as_bytes();
    let parsed = bytes.len() == 64
        && digest.iter_mut().enumerate().all(|(i, out)| {
            match (nibble(bytes[2 * i]), nibble(bytes[2 * i + 1])) {
                (Some(hi), Some(lo)) => {
                    *out = hi << 4 | lo;
                    true
                }
                _ => false,
            }
        });
    if parsed {
        digest
    } else {
        crate::secret::sha256(text)
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_gets_the_first_answer_a_reuse_is_caught_and_old_ones_are_forgotten() {
        let d1 = crate::secret::sha256("one command");
        let d2 = crate::secret::sha256("another");
        let mut answers = Answers::restore(vec![Answered {
            player: "p1".into(),
            request: "r1".into(),
            digest: crate::secret::hex(&d1),
        }]);
        let p1 = PlayerId("p1".into());
        let ack = encode(&ServerMsg::Ack { id: "r1".into() });
        assert_eq!(answers.check(&p1, "r1", &d1), Known::Again(ack));
        assert_eq!(answers.check(&p1, "r1", &d2), Known::Reused);
        assert_eq!(answers.check(&PlayerId("p2".into()), "r1", &d1), Known::New);
        let refusal = Utf8Bytes::from("a refusal");
        for n in 0..REMEMBERED {
            answers.remember(&p1, format!("x{n}"), d2, Answer::Sent(refusal.clone()));
        }
        assert_eq!(answers.check(&p1, "r1", &d1), Known::New, "forgotten");
        assert_eq!(answers.check(&p1, "x0", &d2), Known::Again(refusal));
        answers.remember(&p1, "x0".into(), d2, Answer::Ack);
        let ack = encode(&ServerMsg::Ack { id: "x0".into() });
        assert_eq!(answers.check(&p1, "x0", &d2), Known::Again(ack));
    }

    #[test]
    fn an_id_remembered_again_is_the_newest() {
        let (old, new) = (
            crate::secret::sha256("first"),
            crate::secret::sha256("second"),
        );
        let p1 = PlayerId("p1".into());
        let mut answers = Answers::default();
        answers.remember(&p1, "x".into(), old, Answer::Ack);
        for n in 1..REMEMBERED {
            answers.remember(&p1, format!("y{n}"), old, Answer::Ack);
        }
        answers.remember(&p1, "x".into(), new, Answer::Ack);
        answers.remember(&p1, "z".into(), new, Answer::Ack);
        assert!(matches!(answers.check(&p1, "x", &new), Known::Again(_)));
        assert_eq!(
            answers.check(&p1, "y1", &old),
            Known::New,
            "the oldest went"
        );
    }

    #[test]
    fn a_stored_digest_reads_back_and_a_damaged_one_matches_no_command() {
        let digest = crate::secret::sha256("a command");
        assert_eq!(stored_digest(&crate::secret::hex(&digest)), digest);
        let damaged = crate::secret::hex(&digest).to_uppercase();
        assert_ne!(stored_digest(&damaged), digest);
        assert_ne!(stored_digest("d1"), digest);
        assert_ne!(stored_digest(""), digest);
    }
}
