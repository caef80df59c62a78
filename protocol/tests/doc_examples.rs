//! Every JSON example in `docs/protocol.md` parses into the protocol types, and
//! every message, command and event type has at least one example there.

use brink_protocol::{ClientMsg, ServerMsg};
use serde_json::Value;
use std::collections::BTreeSet;

fn examples(direction: &str) -> Vec<String> {
    let doc = include_str!("../../docs/protocol.md");
    let fence = format!("```json {direction}");
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim() == fence {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            out.push(block.join("\n"));
        }
    }
    out
}

fn types(examples: &[String], pointer: &str) -> BTreeSet<String> {
    examples
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e).ok())
        .filter_map(|v| {
            v.pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_client_example_parses_and_round_trips() {
    let client = examples("client");
    assert!(client.len() >= 8);
    for text in &client {
        let msg: ClientMsg = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let again: Value = serde_json::to_value(&msg).expect("serializes");
        let original: Value = serde_json::from_str(text).expect("json");
        assert_eq!(again, original, "round trip changes the example");
    }
}

#[test]
fn every_server_example_parses_and_round_trips() {
    for text in &examples("server") {
        let msg: ServerMsg = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let again: Value = serde_json::to_value(&msg).expect("serializes");
        let original: Value = serde_json::from_str(text).expect("json");
        assert_eq!(again, original, "round trip changes the example");
    }
}

#[test]
fn every_type_has_an_example() {
    let client = examples("client");
    let server = examples("server");
    assert_eq!(types(&client, "/type"), set(ClientMsg::TYPES));
    assert_eq!(
        types(&client, "/command/type"),
        set(&[
            "team_chat",
            "message_umpire",
            "umpire_message",
            "start_game",
            "advance",
            "set_deadline",
            "extend_deadline",
            "clear_deadline",
            "pause",
            "resume",
            "end_game",
            "add_turns",
            "add_order",
            "remove_order",
            "submit_orders",
            "any_member_submits",
            "rule_action",
            "write_outcome",
            "confirm_agreement",
            "publish",
            "inject",
            "note",
            "adjust_track",
            "declassify",
            "show_class",
            "trigger_incident",
            "leave_seat",
            "free_seat",
            "move_player",
            "remove_player",
            "set_title",
        ])
    );
    assert_eq!(
        types(&server, "/type"),
        set(&[
            "hello",
            "ack",
            "rejected",
            "session_created",
            "sessions",
            "server_stats",
            "welcome",
            "seats",
            "event",
            "replay",
            "document",
            "forked"
        ])
    );
    assert_eq!(
        types(&server, "/event/type"),
        set(&[
            "session_created",
            "title_set",
            "player_joined",
            "player_left",
            "player_moved",
            "presence_changed",
            "message_posted",
            "phase_changed",
            "deadline_set",
            "paused",
            "resumed",
            "game_ended",
            "turns_added",
            "order_added",
            "order_removed",
            "orders_submitted",
            "submit_rule_set",
            "deadline_near",
            "all_submitted",
            "not_submitted",
            "adjudication_pending",
            "action_ruled",
            "outcome_written",
            "agreement_confirmed",
            "letter_delivered",
            "letter_dispatched",
            "letter_publicised",
            "proposal_accepted",
            "action_resolved",
            "adjudication_published",
            "agreement_reached",
            "inject_queued",
            "inject_released",
            "note_written",
            "track_adjusted",
            "track_moved",
            "track_band",
            "strategic_resolved",
            "stance_changed",
            "unit_moved",
            "contact_made",
            "cargo_delivered",
            "submarine_search",
            "unit_sighted",
            "intel_gathered",
            "incident_occurred",
            "declassified",
            "class_shown",
            "fork_created",
            "forked",
            "incident_triggered",
            "reseeded",
        ])
    );
}

#[test]
fn every_rejection_code_is_documented() {
    let doc = include_str!("../../docs/protocol.md");
    let engine = brink_engine::RejectCode::ALL.iter().map(|c| c.as_str());
    for code in brink_protocol::codes::ALL.iter().copied().chain(engine) {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "docs/protocol.md lacks a row for {code}"
        );
    }
}
