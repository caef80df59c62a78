//! The after-action report as Markdown, for a course page: the same
//! sections as the HTML report, player-written text made safe for a table
//! cell or a line (no pipes, no line breaks, no raw HTML).

use super::{adjudication, channel_name, decided, knew, note_kind, outcome, paragraphs, played};
use crate::review::story::{Story, TurnStory};
use crate::review::summary::{Names, terms_text};
use std::fmt::Write;

/// The report as Markdown.
pub fn markdown(story: &Story<'_>) -> String {
    let n = story.names();
    let mut m = String::with_capacity(32 * 1024);
    let _ = writeln!(m, "# After-action report: {}\n", story.scenario.title);
    match &story.state.title {
        Some(title) => {
            let _ = writeln!(
                m,
                "Session “{}” ({}) · {}\n",
                md(title),
                story.session,
                played(story)
            );
        }
        None => {
            let _ = writeln!(m, "Session {} · {}\n", story.session, played(story));
        }
    }
    if !story.scenario.framing.trim().is_empty() {
        let _ = writeln!(m, "## The question\n");
        for para in paragraphs(&story.scenario.framing) {
            let _ = writeln!(m, "{}\n", md(&para));
        }
    }
    let _ = writeln!(m, "## How it ended\n\n**{}**\n", md(&outcome(story)));
    if let Some(a) = &story.state.agreement {
        let _ = writeln!(
            m,
            "Agreement ({}) on: {}\n",
            if a.public { "public" } else { "secret" },
            terms_text(&n, &a.terms)
        );
    }
    let _ = writeln!(m, "## The tracks, turn by turn\n");
    let turns = story.series.first().map_or(0, |(_, v)| v.len());
    let _ = write!(m, "| Track | Start |");
    for t in 1..turns {
        let _ = write!(m, " T{t} |");
    }
    let _ = write!(m, "\n|---|---|");
    for _ in 1..turns {
        m.push_str("---|");
    }
    m.push('\n');
    for (track, values) in &story.series {
        let _ = write!(m, "| {} |", md(&n.track(track)));
        for v in values {
            let _ = write!(m, " {v} |");
        }
        m.push('\n');
    }
    let _ = writeln!(
        m,
        "\n## History beside the game\n\n| Date | In history | In the game | Where they parted |\n|---|---|---|---|"
    );
    for row in &story.timeline {
        let _ = writeln!(
            m,
            "| {}{} | {} | {} | {} |",
            row.date,
            row.turn.map_or(String::new(), |t| format!(" (turn {t})")),
            md(&row.history.join("; ")),
            md(&row.game.join("; ")),
            md(&row.divergences.join("; "))
        );
    }
    if !story.scenario.aftermath.trim().is_empty() {
        let _ = writeln!(
            m,
            "\n## What came after, in history\n\n**This game: {}**\n",
            md(&outcome(story))
        );
        for para in paragraphs(&story.scenario.aftermath) {
            let _ = writeln!(m, "{}\n", md(&para));
        }
    }
    let _ = writeln!(
        m,
        "\n## Turn by turn: what each side knew, and what it did\n"
    );
    for turn in &story.turns {
        turn_section(&mut m, story, &n, turn);
    }
    let _ = writeln!(m, "## Every letter ({})\n", story.letters.len());
    for l in &story.letters {
        let letter = &l.letter;
        let _ = writeln!(
            m,
            "### {}: {} to {} ({}, {})\n\nSent turn {}{}{}{}\n",
            letter.id,
            n.side(&letter.from),
            n.side(&letter.to),
            if letter.public { "public" } else { "secret" },
            channel_name(story, letter),
            letter.sent_turn,
            if letter.delivered {
                format!(", delivered turn {}", letter.deliver_turn)
            } else {
                ", not delivered".to_owned()
            },
            l.publicised
                .as_ref()
                .map_or(String::new(), |(by, t)| format!(
                    ", made public by {} in turn {t}",
                    n.side(by)
                )),
            l.accepted
                .iter()
                .map(|(side, t)| format!(", accepted by {} in turn {t}", n.side(side)))
                .collect::<String>()
        );
        if !letter.terms.is_empty() {
            let _ = writeln!(m, "Proposes: {}\n", terms_text(&n, &letter.terms));
        }
        for line in letter.text.lines() {
            let _ = writeln!(m, "> {}", md(line));
        }
        m.push('\n');
    }
    let _ = writeln!(
        m,
        "## Every roll ({})\n\n| Turn | For | Inputs | Result |\n|---|---|---|---|",
        story.rolls.len()
    );
    for r in &story.rolls {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} |",
            r.turn,
            md(&r.what),
            md(&r.inputs),
            md(&r.result)
        );
    }
    let _ = writeln!(m, "\n## Notes and bookmarks\n");
    if story.state.notes.is_empty() {
        m.push_str("None were written.\n");
    }
    for note in &story.state.notes {
        let _ = writeln!(
            m,
            "- *{}*, turn {}, {} phase: {}",
            note_kind(&n, note),
            note.turn,
            note.phase.as_str(),
            md(&note.text)
        );
    }
    m
}

/// One turn: what each side knew and decided, side by side in a table,
/// then how the turn was resolved and the notes written in it.
fn turn_section(m: &mut String, story: &Story<'_>, n: &Names<'_>, turn: &TurnStory) {
    let _ = writeln!(m, "### Turn {}: {}\n", turn.turn, turn.date);
    let sides = &story.scenario.sides;
    let _ = write!(m, "| |");
    for side in sides {
        let _ = write!(m, " {} |", md(&side.name));
    }
    let _ = write!(m, "\n|---|");
    for _ in sides {
        m.push_str("---|");
    }
    let _ = write!(m, "\n| **Knew** |");
    for side in sides {
        let cell = match turn.knew.iter().find(|(s, _)| *s == side.id) {
            Some((_, view)) => knew(n, turn.turn, view).join("<br>"),
            None => "orders never closed".into(),
        };
        let _ = write!(m, " {} |", md(&cell).replace("&lt;br&gt;", "<br>"));
    }
    let _ = write!(m, "\n| **Decided** |");
    for side in sides {
        let cell = decided(story, n, turn, &side.id).join("<br>");
        let _ = write!(m, " {} |", md(&cell).replace("&lt;br&gt;", "<br>"));
    }
    m.push_str("\n\n");
    for line in adjudication(story, n, turn) {
        let _ = writeln!(m, "- {}", md(&line));
    }
    for note in story
        .state
        .notes
        .iter()
        .filter(|note| note.turn == turn.turn)
    {
        let _ = writeln!(m, "- *{}*: {}", note_kind(n, note), md(&note.text));
    }
    m.push('\n');
}

/// Text made safe inside a Markdown table cell or line: no pipes, no line
/// breaks, no raw HTML.
fn md(text: &str) -> String {
    esc(text).replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Text escaped for HTML (Markdown passes raw HTML through).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
