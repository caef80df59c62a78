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

/// The recent answers of every player of a session.
#[derive(Debug, Default)]
pub struct Answers {
    players: HashMap<PlayerId, Recent>,
}

#[derive(Debug, Default)]
struct Recent {
    order: VecDeque<String>,
    by_id: HashMap<String, (String, Utf8Bytes)>,
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
            let ack = encode(&ServerMsg::Ack {
                id: request.clone(),
            });
            answers.remember(&PlayerId(player), request, digest, ack);
        }
        answers
    }

    /// What is known of `player`'s command `request` with this digest.
    pub fn check(&self, player: &PlayerId, request: &str, digest: &str) -> Known {
        match self.players.get(player).and_then(|r| r.by_id.get(request)) {
            None => Known::New,
            Some((seen, answer)) if seen == digest => Known::Again(answer.clone()),
            Some(_) => Known::Reused,
        }
    }

    /// Keeps the answer `player`'s command got.
    pub fn remember(
        &mut self,
        player: &PlayerId,
        request: String,
        digest: String,
        answer: Utf8Bytes,
    ) {
        let recent = self.players.entry(player.clone()).or_default();
        if recent
            .by_id
            .insert(request.clone(), (digest, answer))
            .is_none()
        {
            recent.order.push_back(request);
        }
        while recent.order.len() > REMEMBERED {
            if let Some(old) = recent.order.pop_front() {
                recent.by_id.remove(&old);
            }
        }
    }
}

/// A digest of a command, to tell a retry from another command under the
/// same id.
pub fn digest(action: &Action) -> String {
    crate::secret::sha256_hex(&serde_json::to_string(action).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_gets_the_first_answer_a_reuse_is_caught_and_old_ones_are_forgotten() {
        let mut answers = Answers::restore(vec![Answered {
            player: "p1".into(),
            request: "r1".into(),
            digest: "d1".into(),
        }]);
        let p1 = PlayerId("p1".into());
        let ack = encode(&ServerMsg::Ack { id: "r1".into() });
        assert_eq!(answers.check(&p1, "r1", "d1"), Known::Again(ack));
        assert_eq!(answers.check(&p1, "r1", "d2"), Known::Reused);
        assert_eq!(
            answers.check(&PlayerId("p2".into()), "r1", "d1"),
            Known::New
        );
        for n in 0..REMEMBERED {
            answers.remember(&p1, format!("x{n}"), "d".into(), Utf8Bytes::from("a"));
        }
        assert_eq!(answers.check(&p1, "r1", "d1"), Known::New, "forgotten");
        assert!(matches!(answers.check(&p1, "x0", "d"), Known::Again(_)));
    }
}
