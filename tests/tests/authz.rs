//! The authorisation matrix: every client request and every game command,
//! tried by every role — the admin (by token, not joined), the umpire, each
//! side's leader and a member, an observer, a player of another session and
//! an unauthenticated connection — asserting, from a table, that it is
//! allowed or refused with its exact code. "Allowed" means that no
//! authorisation refusal comes back: the answer is an acknowledgement (or the
//! request's own reply), or a refusal about the game's state (a phase, a
//! missing action), never `forbidden`, `not_joined`, `not_admin`,
//! `perspective_forbidden`, `not_in_session`, `bad_token` or `already_joined`.

use anyhow::{Context, Result, bail};
use brink_tests::table::Table;
use brink_tests::{ADMIN, Client, Server, Session, temp_dir};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Admin,
    Umpire,
    UsLeader,
    UsMember,
    UssrLeader,
    UssrMember,
    Observer,
    Stranger,
    Anonymous,
}
use Who::*;

const EVERYONE: [Who; 9] = [
    Admin, Umpire, UsLeader, UsMember, UssrLeader, UssrMember, Observer, Stranger, Anonymous,
];
const SIDES: [Who; 4] = [UsLeader, UsMember, UssrLeader, UssrMember];
const AUTHZ_CODES: [&str; 7] = [
    "forbidden",
    "not_joined",
    "not_admin",
    "perspective_forbidden",
    "not_in_session",
    "bad_token",
    "already_joined",
];

/// A table of one connection per role (joined where the role is a player),
/// at turn 1's Orders phase: where most commands make sense.
async fn seat(server: &Server, other: &Session) -> Result<Table<Who>> {
    let s = server.create_session().await?;
    let mut conns = Vec::new();
    for who in EVERYONE {
        let (code, seat) = match who {
            Umpire => (Some(&s.umpire), None),
            UsLeader => (Some(&s.us), Some("president")),
            UsMember => (Some(&s.us), Some("attorney_general")),
            UssrLeader => (Some(&s.ussr), Some("first_secretary")),
            UssrMember => (Some(&s.ussr), Some("foreign_minister")),
            Observer => (Some(&s.observer), None),
            Stranger => (Some(&other.observer), None),
            Admin | Anonymous => (None, None),
        };
        let (client, welcome) = match code {
            // "Observer" is a name kept for the umpire: "The Observer".
            Some(code) => Client::join(&server.url, code, &format!("The {who:?}"), seat).await?,
            None => (Client::connect(&server.url).await?, Value::Null),
        };
        conns.push((who, client, welcome));
    }
    let mut t = Table::new(server, s, conns);
    for step in [json!({"type": "start_game"}), json!({"type": "advance"})] {
        let r = t.of(&Umpire).command(step).await?;
        if r["type"] != "ack" {
            bail!("setting up: {r}");
        }
    }
    Ok(t)
}

/// The credential a role would use for review requests.
fn credential(t: &Table<Who>, who: Who) -> Value {
    match who {
        Admin => json!({"admin_token": ADMIN}),
        Anonymous => json!({"token": "not-a-real-token-at-all"}),
        _ => json!({"token": t.welcome_of(&who).map(|w| w["resume_token"].clone())}),
    }
}

/// A request as a role would send it.
type Build = Box<dyn Fn(&Table<Who>, Who) -> Value>;
/// What a role should get: allowed, or refused with this code.
type Expect = Box<dyn Fn(Who) -> Result<(), &'static str>>;

/// What a role should get.
fn check(what: &str, who: Who, answer: &Value, expected: Result<(), &str>) -> Result<()> {
    let code = answer["code"].as_str();
    match expected {
        Ok(()) if code.is_some_and(|c| AUTHZ_CODES.contains(&c)) => {
            bail!("{what} as {who:?} should be allowed, got {answer}")
        }
        Ok(()) => Ok(()),
        Err(want) if code == Some(want) => Ok(()),
        Err(want) => bail!("{what} as {who:?} should be refused with {want}, got {answer}"),
    }
}

/// The game commands, and who may give them.
fn commands() -> Vec<(&'static str, Value, Vec<Who>)> {
    let umpire = vec![Umpire];
    vec![
        (
            "team_chat",
            json!({"type": "team_chat", "text": "hello"}),
            SIDES.to_vec(),
        ),
        (
            "message_umpire",
            json!({"type": "message_umpire", "text": "a question"}),
            SIDES.to_vec(),
        ),
        (
            "umpire_message",
            json!({"type": "umpire_message", "to": "all", "text": "news"}),
            umpire.clone(),
        ),
        (
            "add_order",
            json!({"type": "add_order", "order": {"kind": "action", "what": "Consult the allies.", "why": "", "expected": ""}}),
            SIDES.to_vec(),
        ),
        (
            "remove_order",
            json!({"type": "remove_order", "item": 1}),
            SIDES.to_vec(),
        ),
        (
            "submit_orders",
            json!({"type": "submit_orders"}),
            vec![UsLeader, UssrLeader],
        ),
        (
            "note (bookmark)",
            json!({"type": "note", "text": "look here", "bookmark": true}),
            vec![Umpire, UsLeader, UsMember, UssrLeader, UssrMember],
        ),
        (
            "inject",
            json!({"type": "inject", "to": "all", "text": "An inject."}),
            umpire.clone(),
        ),
        ("pause", json!({"type": "pause"}), umpire.clone()),
        ("resume", json!({"type": "resume"}), umpire.clone()),
        (
            "set_deadline",
            json!({"type": "set_deadline", "seconds": 900}),
            umpire.clone(),
        ),
        (
            "extend_deadline",
            json!({"type": "extend_deadline", "seconds": 60}),
            umpire.clone(),
        ),
        (
            "clear_deadline",
            json!({"type": "clear_deadline"}),
            umpire.clone(),
        ),
        (
            "add_turns",
            json!({"type": "add_turns", "turns": 1}),
            umpire.clone(),
        ),
        (
            "any_member_submits",
            json!({"type": "any_member_submits", "allowed": true}),
            umpire.clone(),
        ),
        (
            "rule_action",
            json!({"type": "rule_action", "action": "A0000", "ruling": {"kind": "accept"}}),
            umpire.clone(),
        ),
        (
            "write_outcome",
            json!({"type": "write_outcome", "action": "A0000", "text": "done", "to": "all"}),
            umpire.clone(),
        ),
        (
            "confirm_agreement",
            json!({"type": "confirm_agreement", "confirmed": true}),
            umpire.clone(),
        ),
        (
            "adjust_track",
            json!({"type": "adjust_track", "track": "risk", "by": 5, "reason": "tension"}),
            umpire.clone(),
        ),
        (
            "trigger_incident",
            json!({"type": "trigger_incident", "incident": "u2_shot_down"}),
            umpire.clone(),
        ),
        ("publish", json!({"type": "publish"}), umpire.clone()),
        ("declassify", json!({"type": "declassify"}), umpire.clone()),
        (
            "set_title",
            json!({"type": "set_title", "title": "Monday seminar, group B"}),
            umpire.clone(),
        ),
        ("start_game", json!({"type": "start_game"}), umpire.clone()),
        (
            "advance",
            json!({"type": "advance", "force": true}),
            umpire.clone(),
        ),
        (
            "end_game",
            json!({"type": "end_game", "verdict": "Over."}),
            umpire,
        ),
    ]
}

#[tokio::test]
async fn every_command_against_every_role() -> Result<()> {
    let data = temp_dir("authz")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "0"]).await?;
    let other = server.create_session().await?;
    let mut tried = 0;
    for (what, command, allowed) in commands() {
        // A fresh table for each command: what one role's command changes
        // cannot decide another's answer. The allowed roles go last.
        let mut t = seat(&server, &other).await?;
        let mut order: Vec<Who> = EVERYONE
            .iter()
            .copied()
            .filter(|w| !allowed.contains(w))
            .collect();
        order.extend(allowed.iter().copied());
        for who in order {
            if who == Stranger {
                // Joined elsewhere: its commands reach its own session only
                // (the review requests below check its credential here).
                continue;
            }
            let answer = t.of(&who).command(command.clone()).await?;
            let expected = match who {
                _ if allowed.contains(&who) => Ok(()),
                Admin | Anonymous => Err("not_joined"),
                _ => Err("forbidden"),
            };
            check(what, who, &answer, expected)?;
            tried += 1;
        }
    }

    // The requests outside a game: administration, joining and review.
    let mut t = seat(&server, &other).await?;
    let id = t.s.id.clone();
    let requests: Vec<(&str, Build, Expect)> = vec![
        (
            "list_sessions",
            Box::new(
                |_, who| json!({"type": "list_sessions", "admin_token": if who == Admin { ADMIN } else { "a-guess" }}),
            ),
            Box::new(|who| {
                if who == Admin {
                    Ok(())
                } else {
                    Err("not_admin")
                }
            }),
        ),
        (
            "create_session",
            Box::new(
                |_, who| json!({"type": "create_session", "admin_token": if who == Admin { ADMIN } else { "a-guess" }, "scenario": "cuban-missile-crisis-1962"}),
            ),
            Box::new(|who| {
                if who == Admin {
                    Ok(())
                } else {
                    Err("not_admin")
                }
            }),
        ),
        (
            "replay as umpire",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "replay", "session": id, "auth": credential(t, who), "perspective": "umpire"})
            }),
            Box::new(|who| match who {
                Admin | Umpire => Ok(()),
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Err("perspective_forbidden"),
            }),
        ),
        (
            "replay as the US",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "replay", "session": id, "auth": credential(t, who), "perspective": {"side": "us"}})
            }),
            Box::new(|who| match who {
                Admin | Umpire | UsLeader | UsMember => Ok(()),
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Err("perspective_forbidden"),
            }),
        ),
        (
            "replay as observers",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "replay", "session": id, "auth": credential(t, who), "perspective": "observer"})
            }),
            Box::new(|who| match who {
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Ok(()),
            }),
        ),
        (
            "export",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "export", "session": id, "auth": credential(t, who), "format": "jsonl"})
            }),
            Box::new(|who| match who {
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Ok(()),
            }),
        ),
        (
            "export of the umpire's log",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "export", "session": id, "auth": credential(t, who), "format": "jsonl", "perspective": "umpire"})
            }),
            Box::new(|who| match who {
                Admin | Umpire => Ok(()),
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Err("perspective_forbidden"),
            }),
        ),
        (
            "report",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "report", "session": id, "auth": credential(t, who), "format": "md"})
            }),
            Box::new(|who| match who {
                Admin | Umpire => Ok(()),
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Err("perspective_forbidden"),
            }),
        ),
        (
            "fork",
            Box::new({
                let id = id.clone();
                move |t, who| json!({"type": "fork", "session": id, "auth": credential(t, who), "at": "turn:1"})
            }),
            Box::new(|who| match who {
                Admin | Umpire => Ok(()),
                Stranger => Err("not_in_session"),
                Anonymous => Err("bad_token"),
                _ => Err("forbidden"),
            }),
        ),
        (
            "join",
            Box::new(|t, _| json!({"type": "join", "code": t.s.observer, "name": "Another"})),
            Box::new(|who| match who {
                Admin | Anonymous => Ok(()),
                _ => Err("already_joined"),
            }),
        ),
    ];
    for (what, request, expected) in &requests {
        for who in EVERYONE {
            let msg = request(&t, who);
            let answer = t
                .of(&who)
                .request(msg)
                .await
                .with_context(|| format!("{what} as {who:?}"))?;
            // A document comes in parts: read to the last one.
            if answer["type"] == "document" && answer["last"] != true {
                t.of(&who)
                    .settle(std::time::Duration::from_millis(200))
                    .await?;
            }
            check(what, who, &answer, expected(who))?;
            tried += 1;
        }
    }
    eprintln!(
        "authorisation matrix: {tried} (request, role) pairs, each allowed or refused as the table says"
    );
    Ok(())
}
