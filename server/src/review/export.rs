//! Exports of a session's log for analysis elsewhere: a perspective's stream
//! as JSON Lines (for the umpire, the raw log itself: its events carry their
//! log positions, which are the umpire's stream seqs), and the timeline as
//! CSV, one event per row with a summary, for a spreadsheet. The JSON Lines
//! keep the protocol's ids; the CSV's columns a person reads (`actor`,
//! `visibility`, `summary`) carry the scenario's and the players' names.

use super::summary::{self, Names};
use brink_engine::{Recorded, Seen, Session};
use brink_protocol::StreamEvent;
use std::fmt::Write;

/// The events of a perspective's stream in `log` (`seen` gives each event as
/// the perspective sees it, or none), one JSON object per line, each exactly
/// as a live `event` message carries it (without `type`).
pub fn jsonl(log: &[Recorded], seen: &dyn Fn(&Recorded) -> Option<Seen>) -> String {
    let mut out = String::new();
    for (seq, event) in (1..).zip(log.iter().filter_map(seen)) {
        if let Ok(line) = serde_json::to_string(&StreamEvent { seq, event }) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The columns of the CSV timeline.
pub const CSV_HEADER: &str = "seq,time_utc,turn,date,phase,actor,visibility,type,summary";

/// A perspective's stream in `log` (as `seen` gives it) as CSV: a header,
/// then one row per event.
pub fn csv(game: &Session, log: &[Recorded], seen: &dyn Fn(&Recorded) -> Option<Seen>) -> String {
    let names = Names {
        scenario: game.scenario(),
        state: game.state(),
    };
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for (seq, seen) in (1..).zip(log.iter().filter_map(seen)) {
        let kind = serde_json::to_value(&seen.event)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str().map(str::to_owned)))
            .unwrap_or_default();
        let date = brink_engine::replay::date_of(game.scenario(), seen.turn).unwrap_or_default();
        let fields = [
            seq.to_string(),
            utc(seen.at_ms),
            seen.turn.to_string(),
            date,
            seen.phase.as_str().to_owned(),
            seen.actor
                .as_ref()
                .map_or(String::new(), |p| names.player(p)),
            visibility(&names, &seen.visibility),
            kind,
            summary::line(&names, &seen.event),
        ];
        let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
        let _ = write!(out, "{}\r\n", row.join(","));
    }
    out
}

/// A CSV field, quoted when it must be (RFC 4180). A field that a spreadsheet
/// would take for a formula gets a leading apostrophe.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Who may see an event, for people: `public`, `umpire`, a side's name, or
/// sides' names joined by `and`.
pub fn visibility(names: &Names<'_>, v: &brink_engine::Visibility) -> String {
    use brink_engine::Visibility;
    match v {
        Visibility::Public => "public".into(),
        Visibility::Side(side) => names.side(side),
        Visibility::Sides(sides) => sides
            .iter()
            .map(|s| names.side(s))
            .collect::<Vec<_>>()
            .join(" and "),
        Visibility::Umpire => "umpire".into(),
    }
}

/// Milliseconds since the epoch as `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn utc(ms: u64) -> String {
    let secs = ms / 1000;
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let date = brink_engine::replay::civil_date(days);
    format!(
        "{date} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
