//! The after-action report, from a session's [`Story`]: one self-contained
//! HTML file (inline CSS and SVG, nothing fetched, large type for a
//! projector), or Markdown for a course page. Both show the same things: the
//! outcome, the tracks over the turns, history beside the game, each turn's
//! hidden decisions side by side with what each side knew when it made them,
//! every letter in full, every roll, and the umpire's notes and bookmarks;
//! and, where the scenario gives them, the question the crisis put and what
//! came after in history, set against how the game ended.

mod html;
mod markdown;

pub use html::html;
pub use markdown::markdown;

use super::story::{Story, TurnStory};
use super::summary::{Names, order_text};
use brink_engine::{Letter, Phase, TrackView, View};
use std::fmt::Write;

/// A scenario's text as paragraphs: split at blank lines, each one's lines
/// joined.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// What a side knew, from its view as orders closed.
fn knew(n: &Names<'_>, turn: u32, view: &View) -> Vec<String> {
    let mut out: Vec<String> = view.tracks.iter().map(track_known).collect();
    let mine = match &view.viewer {
        brink_engine::Viewer::Side(side) => Some(side),
        _ => None,
    };
    let received: Vec<String> = view
        .letters
        .iter()
        .filter(|l| Some(&l.to) == mine && l.delivered)
        .map(|l| format!("{} from {}", l.id, n.side(&l.from)))
        .collect();
    if !received.is_empty() {
        out.push(format!("Letters received: {}", received.join(", ")));
    }
    let seen: Vec<String> = view
        .sightings
        .iter()
        .map(|s| {
            format!(
                "{} in {} (turn {}){}",
                s.name,
                n.zone(&s.zone),
                s.turn,
                s.cargo
                    .as_ref()
                    .map_or(String::new(), |c| format!(", carrying {c}"))
            )
        })
        .collect();
    if !seen.is_empty() {
        out.push(format!("Seen of the other side: {}", seen.join("; ")));
    }
    for inject in view.injects.iter().filter(|i| i.turn == turn) {
        out.push(format!("Briefing: {}", inject.inject.text));
    }
    out
}

fn track_known(t: &TrackView) -> String {
    match (t.value, &t.band, &t.intel) {
        (Some(v), _, _) => format!("{}: {v}", t.name),
        (None, _, Some(intel)) => format!(
            "{}: {} as of turn {} (intelligence){}",
            t.name,
            intel.value,
            intel.turn,
            t.band
                .as_ref()
                .map_or(String::new(), |b| format!(", now {b}"))
        ),
        (None, Some(band), None) => format!("{}: {band}", t.name),
        (None, None, None) => format!("{}: not known", t.name),
    }
}

/// What a side submitted for the turn.
fn decided(
    story: &Story<'_>,
    n: &Names<'_>,
    turn: &TurnStory,
    side: &brink_engine::SideId,
) -> Vec<String> {
    let Some(adjudication) = &turn.adjudication else {
        return vec!["(orders never closed)".into()];
    };
    let Some(closed) = adjudication.orders.iter().find(|o| &o.side == side) else {
        return vec!["(no orders)".into()];
    };
    let Some(submission) = &closed.submitted else {
        return vec!["Did not submit orders.".into()];
    };
    if submission.items.is_empty() {
        return vec!["Submitted no orders.".into()];
    }
    submission
        .items
        .iter()
        .map(|item| {
            let text = order_text(n, side, &item.order);
            let mut text = if text.chars().count() > 400 {
                format!("{}…", text.chars().take(400).collect::<String>())
            } else {
                text
            };
            if let brink_engine::OrderItem::Letter { to, .. } = &item.order
                && let Some(l) = story.letters.iter().find(|l| {
                    l.letter.sent_turn == turn.turn && &l.letter.from == side && &l.letter.to == to
                })
            {
                let _ = write!(text, " [{}]", l.letter.id);
            }
            text
        })
        .collect()
}

/// How the turn was resolved.
fn adjudication(story: &Story<'_>, n: &Names<'_>, turn: &TurnStory) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = &turn.adjudication {
        for r in &a.strategic {
            out.push(format!(
                "{}: {}: {}{}",
                n.side(&r.side),
                r.name,
                if r.success { "done" } else { "failed" },
                r.roll.as_ref().map_or(String::new(), |roll| format!(
                    " (rolled {} + {} = {} against {})",
                    roll.dice[0], roll.dice[1], roll.total, roll.difficulty
                ))
            ));
        }
        for c in &a.naval.contacts {
            out.push(format!("At {}: {}", n.zone(&c.zone), c.text));
        }
        for d in &a.naval.deliveries {
            out.push(format!(
                "{} delivered {} in {}",
                n.unit(&d.unit),
                d.cargo,
                n.zone(&d.zone)
            ));
        }
        if let Some(check) = &a.accident {
            out.push(format!(
                "Accident check: {} at {} gives {}%, drew {}: {}",
                n.accident_track(),
                check.value,
                check.percent,
                check.draw,
                check
                    .incident
                    .as_ref()
                    .map_or("no incident".to_owned(), |i| i.name.clone())
            ));
        }
        if !a.published {
            out.push("This adjudication was never published.".into());
        }
    }
    for action in &turn.actions {
        out.push(format!(
            "Free-form action {} ({}): {}: ruling {}{}; outcome: {}",
            action.id,
            n.side(&action.side),
            action.what,
            match &action.ruling {
                Some(brink_engine::Ruling::Accept {}) => "accept".to_owned(),
                Some(brink_engine::Ruling::Reject {}) => "reject".to_owned(),
                Some(brink_engine::Ruling::Roll { difficulty }) =>
                    format!("roll against {difficulty}"),
                None => "none".to_owned(),
            },
            action.roll.as_ref().map_or(String::new(), |r| format!(
                " ({} + {} = {}: {})",
                r.dice[0],
                r.dice[1],
                r.total,
                if r.success { "success" } else { "failure" }
            )),
            action.outcome.as_deref().unwrap_or("(none written)")
        ));
    }
    for i in &turn.incidents {
        out.push(format!(
            "Incident: {}: {} (told to {})",
            i.name,
            i.text,
            n.audience(&i.to)
        ));
    }
    for m in &turn.moves {
        out.push(format!(
            "{}: {} → {} ({})",
            n.track(&m.track),
            m.from,
            m.to,
            m.reasons.join("; ")
        ));
    }
    for inject in &turn.injects {
        out.push(format!(
            "Inject to {}: {}",
            n.audience(&inject.to),
            inject.text
        ));
    }
    let _ = story;
    out
}

/// How many turns were played, of how many.
fn played(story: &Story<'_>) -> String {
    let total = brink_engine::replay::total_turns(story.scenario, story.state);
    match story.state.phase {
        Phase::Lobby => format!("not started ({total} turns)"),
        _ => format!("{} of {total} turns played", story.state.turn),
    }
}

/// The outcome in a sentence.
fn outcome(story: &Story<'_>) -> String {
    match (&story.state.verdict, story.state.phase) {
        (Some(verdict), _) => verdict.clone(),
        (None, Phase::Ended) => "The game has ended.".into(),
        (None, _) => format!(
            "The game is still running (turn {}, {} phase).",
            story.state.turn,
            story.state.phase.as_str()
        ),
    }
}

fn note_kind(n: &Names<'_>, note: &brink_engine::Note) -> String {
    match (&note.side, note.bookmark) {
        (Some(side), _) => format!("{} bookmark", n.side(side)),
        (None, true) => "Umpire's bookmark".into(),
        (None, false) => "Umpire's note".into(),
    }
}

fn channel_name(story: &Story<'_>, letter: &Letter) -> String {
    story
        .scenario
        .channel(&letter.channel)
        .map_or(letter.channel.to_string(), |c| c.name.clone())
}
