//! A refusal's message speaks of the game, never of one client's slash
//! commands: a third-party client has none, and the CLI adds its own hints
//! when it shows a refusal's code. Two checks: every command of the
//! protocol, wrong in every way the list below thinks of, from every role in
//! every phase, is refused with such a message; and no string written in the
//! engine's rules (the scenario checks aside: they speak to a scenario's
//! author), the protocol or the server (the web page's file paths aside)
//! holds a slash command at all: the server's and the protocol's refusals
//! are made there.

use brink_engine::{Action, Actor, Command, JoinRole, PlayerId, RejectCode};
use serde_json::json;
use std::path::Path;

mod common;
use common::{Game, join, slash_command};

/// Commands that are wrong for some role, some phase, or for their every
/// argument: unknown ids, empty texts, out-of-range numbers.
fn wrong_actions() -> Vec<Action> {
    let commands = [
        json!({"type": "team_chat", "text": ""}),
        json!({"type": "message_umpire", "text": "\u{7}"}),
        json!({"type": "umpire_message", "to": {"side": "nobody"}, "text": "x"}),
        json!({"type": "umpire_message", "to": "all", "text": ""}),
        json!({"type": "start_game"}),
        json!({"type": "set_title", "title": ""}),
        json!({"type": "advance"}),
        json!({"type": "pause"}),
        json!({"type": "resume"}),
        json!({"type": "set_deadline", "seconds": 0}),
        json!({"type": "extend_deadline", "seconds": 5}),
        json!({"type": "clear_deadline"}),
        json!({"type": "add_turns", "turns": 0}),
        json!({"type": "end_game", "verdict": ""}),
        json!({"type": "add_order", "order": {"kind": "letter", "channel": "nowhere", "to": "blue", "text": "x"}}),
        json!({"type": "add_order", "order": {"kind": "letter", "channel": "cable", "to": "red", "text": "x"}}),
        json!({"type": "add_order", "order": {"kind": "letter", "channel": "cable", "to": "blue", "text": "x", "terms": ["nothing"]}}),
        json!({"type": "add_order", "order": {"kind": "letter", "channel": "cable", "to": "blue", "text": ""}}),
        json!({"type": "add_order", "order": {"kind": "action", "what": ""}}),
        json!({"type": "add_order", "order": {"kind": "accept", "letter": "LNONE"}}),
        json!({"type": "add_order", "order": {"kind": "publicise", "letter": "LNONE"}}),
        json!({"type": "add_order", "order": {"kind": "strategic", "action": "nothing"}}),
        json!({"type": "add_order", "order": {"kind": "move", "unit": "nothing", "to": "nowhere"}}),
        json!({"type": "add_order", "order": {"kind": "stance", "unit": "nothing", "stance": "none"}}),
        json!({"type": "remove_order", "item": 99}),
        json!({"type": "submit_orders"}),
        json!({"type": "any_member_submits", "allowed": true}),
        json!({"type": "rule_action", "action": "ANONE", "ruling": {"kind": "roll", "difficulty": 13}}),
        json!({"type": "write_outcome", "action": "ANONE", "text": "x", "to": "all"}),
        json!({"type": "confirm_agreement", "confirmed": true}),
        json!({"type": "publish"}),
        json!({"type": "adjust_track", "track": "nothing", "by": 0, "reason": ""}),
        json!({"type": "adjust_track", "track": "risk", "by": 99, "reason": "x"}),
        json!({"type": "trigger_incident", "incident": "nothing"}),
        json!({"type": "inject", "to": "all", "text": "", "next_briefing": true}),
        json!({"type": "leave_seat"}),
        json!({"type": "free_seat", "side": "nobody", "seat": "none"}),
        json!({"type": "free_seat", "side": "blue", "seat": "none"}),
        json!({"type": "move_player", "player": "p99", "seat": "none"}),
        json!({"type": "move_player", "player": "p2", "seat": "chief"}),
        json!({"type": "remove_player", "player": "p1"}),
        json!({"type": "declassify"}),
        json!({"type": "note", "text": "x", "bookmark": false}),
        json!({"type": "note", "text": "", "bookmark": true}),
    ];
    commands
        .into_iter()
        .map(|c| serde_json::from_value(c.clone()).unwrap_or_else(|e| panic!("{c}: {e}")))
        .collect()
}

#[test]
fn every_refusal_speaks_of_the_game_not_of_slash_commands() {
    let mut game = Game::with(
        7,
        1_000,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("chief")),
            (JoinRole::Side("blue".into()), Some("chief")),
            (JoinRole::Observer, None),
        ],
    );
    let mut codes = Vec::new();
    let mut refuse_all = |game: &Game| {
        for who in 1..=4 {
            for action in wrong_actions() {
                let actor = Actor::Player(PlayerId::nth(who));
                if let Err(r) = game.session.decide(&actor, &Command::Act(action), 1_000) {
                    assert!(
                        slash_command(&r.message).is_none(),
                        "p{who} in {:?} was refused with a slash command: {r}",
                        game.at()
                    );
                    codes.push(r.code);
                }
            }
        }
        // Joining wrongly, too.
        for (role, seat) in [
            (JoinRole::Side("red".into()), None),
            (JoinRole::Side("red".into()), Some("chief")),
            (JoinRole::Side("red".into()), Some("nobody")),
            (JoinRole::Side("nobody".into()), Some("chief")),
            (JoinRole::Observer, Some("chief")),
        ] {
            if let Err(r) = game
                .session
                .decide(&Actor::System, &join(role, seat), 1_000)
            {
                assert!(slash_command(&r.message).is_none(), "{r}");
                codes.push(r.code);
            }
        }
    };
    // In the lobby, in the Orders phase, in the adjudication, once ended.
    refuse_all(&game);
    for action in [Action::StartGame {}, Action::Advance { force: false }] {
        game.ok(1, action);
    }
    refuse_all(&game);
    game.ok(1, Action::Advance { force: true });
    refuse_all(&game);
    game.ok(
        1,
        Action::EndGame {
            verdict: "Over.".into(),
        },
    );
    refuse_all(&game);
    // The refusals that once named the CLI's commands were among them.
    for code in [RejectCode::UnknownLetter, RejectCode::Forbidden] {
        assert!(codes.contains(&code), "no {code:?} refusal was made");
    }
}

/// Every string literal in `source` before its tests, with its line.
fn literals(source: &str) -> Vec<(usize, String)> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        match chars[i] {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            // A char literal (`'"'`, `'\''`); a lifetime is passed over.
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 4;
                continue;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                i += 3;
                continue;
            }
            '"' => {
                let (start, mut text) = (line, String::new());
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        text.push(chars[i]);
                        i += 1;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                out.push((start, text));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The `.rs` files under `dir`, but for the folders named `aside`.
fn sources(dir: &Path, aside: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != aside) {
            sources(&path, aside, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_string_in_the_rules_the_protocol_or_the_server_names_a_slash_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    // The scenario checks speak to a scenario's author; the server's `web`
    // folder names the page's files by path.
    sources(&root.join("engine/src"), "scenario", &mut files);
    sources(&root.join("protocol/src"), "", &mut files);
    sources(&root.join("server/src"), "web", &mut files);
    assert!(files.len() > 50, "the sources: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        for (line, literal) in literals(&text) {
            if let Some(command) = slash_command(&literal) {
                found.push(format!(
                    "{}:{line}: {command} in {literal:?}",
                    file.display()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "slash commands in text for people:\n{}",
        found.join("\n")
    );
    // The scan finds what it looks for.
    let sample = "fn f() { g(\"see the letters with /letters\"); let c = '\"'; }";
    assert_eq!(literals(sample).len(), 1);
    assert_eq!(
        slash_command(&literals(sample)[0].1).as_deref(),
        Some("/letters")
    );
    assert_eq!(slash_command("docs/protocol.md and strategic/us/x"), None);
}
