//! Taking a seat: the `join` and `resume` requests, and what a welcome says.
//! A welcome is read from its JSON, so that it reads the same from Brink and
//! from the benchmark's bare baseline server, whose welcomes carry no view.

use crate::link::{Answer, Link};
use anyhow::{Context, Result, bail};
use brink_engine::SeatId;
use brink_protocol::ClientMsg;
use serde_json::Value;

/// A `join` request: `code`, under `name`, in `seat` (side players).
pub fn join_request(id: String, code: &str, name: &str, seat: Option<&str>) -> ClientMsg {
    ClientMsg::Join {
        id,
        code: code.to_owned(),
        name: name.to_owned(),
        seat: seat.map(|s| SeatId(s.to_owned())),
    }
}

/// A `resume` request: come back with `token`, having received every event
/// up to `last_seq`.
pub fn resume_request(id: String, token: &str, last_seq: u64) -> ClientMsg {
    ClientMsg::Resume {
        id,
        token: token.to_owned(),
        last_seq,
    }
}

impl Link {
    /// Joins with `code`; the answer (a welcome or a refusal) and its text.
    pub async fn join<T: Answer>(
        &mut self,
        code: &str,
        name: &str,
        seat: Option<&str>,
    ) -> Result<(T, String)> {
        let request = join_request(self.next_id(), code, name, seat);
        self.request(&request).await
    }

    /// Resumes with `token` from `last_seq`; the answer (a welcome or a
    /// refusal) and its text. The missed events follow a welcome.
    pub async fn resume<T: Answer>(&mut self, token: &str, last_seq: u64) -> Result<(T, String)> {
        let request = resume_request(self.next_id(), token, last_seq);
        self.request(&request).await
    }
}

/// What a welcome says, apart from the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// The session.
    pub session: String,
    /// The resume token.
    pub token: String,
    /// The stream position the welcome's view reflects.
    pub seq: u64,
    /// How many missed events follow it.
    pub missed: u64,
}

impl Welcome {
    /// Reads a welcome; an error (saying what came) for anything else.
    pub fn of(answer: &Value) -> Result<Self> {
        if answer["type"] != "welcome" {
            bail!("refused: {answer}");
        }
        Ok(Self {
            session: answer["session"]
                .as_str()
                .context("a welcome without its session")?
                .to_owned(),
            token: answer["resume_token"]
                .as_str()
                .context("a welcome without a resume token")?
                .to_owned(),
            seq: answer["seq"]
                .as_u64()
                .context("a welcome without its seq")?,
            missed: answer["missed"].as_u64().unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_welcome_reads_from_brink_and_b0_and_a_refusal_does_not() -> Result<()> {
        let w = Welcome::of(
            &json!({"type": "welcome", "id": "j", "session": "7", "resume_token": "t", "seq": 4, "view": {}}),
        )?;
        assert_eq!(
            w,
            Welcome {
                session: "7".into(),
                token: "t".into(),
                seq: 4,
                missed: 0
            }
        );
        let refused = Welcome::of(&json!({"type": "rejected", "code": "bad_code"}));
        assert!(refused.is_err_and(|e| e.to_string().contains("bad_code")));
        Ok(())
    }

    #[test]
    fn join_and_resume_requests_carry_their_ids() -> Result<()> {
        let join = serde_json::to_value(join_request("j1".into(), "C", "Jack", Some("president")))?;
        assert_eq!(
            join,
            json!({"type": "join", "id": "j1", "code": "C", "name": "Jack", "seat": "president"})
        );
        let resume = serde_json::to_value(resume_request("r1".into(), "T", 9))?;
        assert_eq!(
            resume,
            json!({"type": "resume", "id": "r1", "token": "T", "last_seq": 9})
        );
        Ok(())
    }
}
