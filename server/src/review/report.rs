//! The after-action report, from a session's [`Story`]: one self-contained
//! HTML file (inline CSS and SVG, nothing fetched, large type for a
//! projector), or Markdown for a course page. Both show the same things: the
//! outcome, the tracks over the turns, history beside the game, each turn's
//! hidden decisions side by side with what each side knew when it made them,
//! every letter in full, every roll, and the umpire's notes and bookmarks.

use super::story::{Story, TurnStory};
use super::summary::{Names, order_text, terms_text};
use brink_engine::{Letter, Phase, TrackView, View};
use std::fmt::Write;

/// Colours for the sides, in the scenario's order.
const SIDE_COLOURS: &[&str] = &["#1f4e99", "#b3261e", "#2e7d32", "#7b1fa2"];

/// The report as one HTML document.
pub fn html(story: &Story<'_>) -> String {
    let n = story.names();
    let mut h = String::with_capacity(64 * 1024);
    let title = esc(&story.scenario.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>After-action report: {title}</title><style>{CSS}</style></head><body>\n"
    );
    let _ = writeln!(
        h,
        "<header><p class=\"kicker\">After-action report</p><h1>{title}</h1><p class=\"sub\">Session {} · {} · generated from the session's log</p></header>",
        esc(&story.session),
        esc(&played(story))
    );
    // The outcome.
    let _ = write!(h, "<section class=\"outcome\"><h2>How it ended</h2>");
    let _ = write!(h, "<p class=\"verdict\">{}</p>", esc(&outcome(story)));
    if let Some(a) = &story.state.agreement {
        let _ = write!(
            h,
            "<p><strong>Agreement</strong> ({}) on: {}</p>",
            if a.public { "public" } else { "secret" },
            esc(&terms_text(&n, &a.terms))
        );
    }
    if let Some(from) = &story.state.forked_from {
        let _ = write!(
            h,
            "<p>A what-if fork of session {} from turn {}.</p>",
            esc(&from.session),
            from.turn
        );
    }
    h.push_str("<table class=\"tracks\"><thead><tr><th>Track</th><th>Start</th><th>End</th><th>Change</th></tr></thead><tbody>");
    for (track, values) in &story.series {
        let (first, last) = (values[0], values[values.len() - 1]);
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{first}</td><td>{last}</td><td class=\"{}\">{:+}</td></tr>",
            esc(&n.track(track)),
            if last > first {
                "up"
            } else if last < first {
                "down"
            } else {
                ""
            },
            last - first
        );
    }
    h.push_str("</tbody></table></section>\n");
    // Charts.
    h.push_str("<section><h2>The tracks, turn by turn</h2><p class=\"note\">Each track's true value at the start and at the end of every turn; shaded bands are what the sides saw of tracks they did not know exactly.</p><div class=\"charts\">");
    for (track, values) in &story.series {
        if let Some(def) = story.scenario.track(track) {
            let _ = write!(
                h,
                "<figure class=\"chart\"><figcaption>{}</figcaption>{}</figure>",
                esc(&def.name),
                chart(def, values)
            );
        }
    }
    h.push_str("</div></section>\n");
    // History beside the game.
    h.push_str("<section><h2>History beside the game</h2><table class=\"history\"><thead><tr><th>Date</th><th>In history</th><th>In the game</th><th>Where they parted</th></tr></thead><tbody>");
    for row in &story.timeline {
        let _ = write!(
            h,
            "<tr{}><td class=\"date\">{}{}</td><td>{}</td><td>{}</td><td class=\"diverge\">{}</td></tr>",
            if row.divergences.is_empty() {
                ""
            } else {
                " class=\"parted\""
            },
            esc(&row.date),
            row.turn
                .map_or(String::new(), |t| format!("<br><small>turn {t}</small>")),
            list(&row.history),
            list(&row.game),
            list(&row.divergences)
        );
    }
    h.push_str("</tbody></table></section>\n");
    // Turn by turn.
    h.push_str("<section><h2>Turn by turn: what each side knew, and what it did</h2>");
    for turn in &story.turns {
        html_turn(&mut h, story, &n, turn);
    }
    h.push_str("</section>\n");
    // Letters.
    let _ = write!(
        h,
        "<section><h2>Every letter ({})</h2>",
        story.letters.len()
    );
    if story.letters.is_empty() {
        h.push_str("<p>No letters were sent.</p>");
    }
    for l in &story.letters {
        let letter = &l.letter;
        let colour = side_colour(story, &letter.from);
        let _ = write!(
            h,
            "<article class=\"letter\" id=\"{id}\" style=\"border-color:{colour}\"><h3>{id}: {} to {} <span class=\"badge {}\">{}</span></h3><p class=\"meta\">{} · sent turn {} ({}) · {}{}{}</p>",
            esc(&n.side(&letter.from)),
            esc(&n.side(&letter.to)),
            if letter.public { "public" } else { "secret" },
            if letter.public { "public" } else { "secret" },
            esc(&channel_name(story, letter)),
            letter.sent_turn,
            esc(
                &brink_engine::replay::date_of(story.scenario, letter.sent_turn)
                    .unwrap_or_default()
            ),
            if letter.delivered {
                format!("delivered turn {}", letter.deliver_turn)
            } else {
                "not delivered".to_owned()
            },
            l.publicised
                .as_ref()
                .map_or(String::new(), |(by, t)| format!(
                    " · made public by {} in turn {t}",
                    esc(&n.side(by))
                )),
            l.accepted
                .iter()
                .map(|(side, t)| format!(" · accepted by {} in turn {t}", esc(&n.side(side))))
                .collect::<String>(),
            id = esc(letter.id.as_str()),
        );
        if !letter.terms.is_empty() {
            let _ = write!(
                h,
                "<p class=\"terms\">Proposes: {}</p>",
                esc(&terms_text(&n, &letter.terms))
            );
        }
        let _ = write!(
            h,
            "<blockquote>{}</blockquote></article>",
            esc(&letter.text)
        );
    }
    h.push_str("</section>\n");
    // Rolls.
    let _ = write!(h, "<section><h2>Every roll ({})</h2>", story.rolls.len());
    h.push_str("<table><thead><tr><th>Turn</th><th>For</th><th>Inputs</th><th>Result</th></tr></thead><tbody>");
    for r in &story.rolls {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.turn,
            esc(&r.what),
            esc(&r.inputs),
            esc(&r.result)
        );
    }
    h.push_str("</tbody></table></section>\n");
    // Notes and bookmarks.
    h.push_str("<section><h2>Notes and bookmarks</h2>");
    if story.state.notes.is_empty() {
        h.push_str("<p>None were written.</p>");
    } else {
        h.push_str("<ul class=\"notes\">");
        for note in &story.state.notes {
            let _ = write!(
                h,
                "<li><span class=\"badge\">{}</span> turn {}, {} phase: {}</li>",
                esc(&note_kind(&n, note)),
                note.turn,
                note.phase.as_str(),
                esc(&note.text)
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>\n<footer>Made by Brink from the session's log. Every secret in it is shown: keep it for the review.</footer></body></html>\n");
    h
}

fn html_turn(h: &mut String, story: &Story<'_>, n: &Names<'_>, turn: &TurnStory) {
    let _ = write!(
        h,
        "<article class=\"turn\"><h3>Turn {}: {}</h3><div class=\"sides\">",
        turn.turn,
        esc(&turn.date)
    );
    for side in &story.scenario.sides {
        let colour = side_colour(story, &side.id);
        let _ = write!(
            h,
            "<div class=\"side\" style=\"border-top-color:{colour}\"><h4 style=\"color:{colour}\">{}</h4>",
            esc(&side.name)
        );
        h.push_str("<h5>What it knew as orders closed</h5>");
        match turn.knew.iter().find(|(s, _)| *s == side.id) {
            Some((_, view)) => h.push_str(&list(&knew(n, turn.turn, view))),
            None => h.push_str("<p class=\"note\">Orders never closed this turn.</p>"),
        }
        h.push_str("<h5>What it decided</h5>");
        h.push_str(&list(&decided(story, n, turn, &side.id)));
        h.push_str("</div>");
    }
    h.push_str("</div>");
    let adjudicated = adjudication(story, n, turn);
    if !adjudicated.is_empty() {
        let _ = write!(h, "<h5>Adjudication</h5>{}", list(&adjudicated));
    }
    let notes: Vec<String> = story
        .state
        .notes
        .iter()
        .filter(|note| note.turn == turn.turn)
        .map(|note| format!("{}: {}", note_kind(n, note), note.text))
        .collect();
    if !notes.is_empty() {
        let _ = write!(h, "<h5>Notes and bookmarks</h5>{}", list(&notes));
    }
    h.push_str("</article>");
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
                "Accident check: risk {} gives {}%, drew {}: {}",
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

/// A line chart of a track over the turns, as inline SVG.
fn chart(def: &brink_engine::scenario::TrackDef, values: &[i32]) -> String {
    const W: f64 = 420.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 30.0;
    let span = f64::from((def.max - def.min).max(1));
    let turns = (values.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / turns;
    let y = |v: i32| TOP + (H - TOP - BOTTOM) * (1.0 - f64::from(v - def.min) / span);
    let mut s = format!(
        "<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        esc(&def.name)
    );
    // Bands, shaded in turn, with their names.
    let mut low = def.min;
    for (i, band) in def.bands.iter().enumerate() {
        let (top, bottom) = (y(band.upto), y(low));
        if i % 2 == 0 {
            let _ = write!(
                s,
                "<rect x=\"{LEFT}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#eef1f6\"/>",
                W - LEFT - RIGHT,
                (bottom - top).max(0.0)
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"band\" text-anchor=\"end\">{}</text>",
            W - RIGHT - 4.0,
            top + 13.0,
            esc(&band.name)
        );
        low = band.upto;
    }
    // Axes.
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#555\"/><line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#555\"/>",
        H - BOTTOM,
        W - RIGHT,
        H - BOTTOM,
        H - BOTTOM
    );
    for v in [def.min, def.max] {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{v}</text>",
            LEFT - 6.0,
            y(v) + 5.0
        );
    }
    let step = (values.len() / 7).max(1);
    for i in (0..values.len()).step_by(step) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
            x(i),
            H - BOTTOM + 18.0,
            if i == 0 {
                "start".to_owned()
            } else {
                format!("T{i}")
            }
        );
    }
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"3\"/>",
        points.join(" ")
    );
    for (i, v) in values.iter().enumerate() {
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#b3261e\"><title>{} {v}</title></circle>",
            x(i),
            y(*v),
            if i == 0 {
                "start:".to_owned()
            } else {
                format!("turn {i}:")
            }
        );
    }
    s.push_str("</svg>");
    s
}

/// The report as Markdown.
pub fn markdown(story: &Story<'_>) -> String {
    let n = story.names();
    let mut m = String::with_capacity(32 * 1024);
    let _ = writeln!(m, "# After-action report: {}\n", story.scenario.title);
    let _ = writeln!(m, "Session {} · {}\n", story.session, played(story));
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
    let _ = writeln!(
        m,
        "\n## Turn by turn: what each side knew, and what it did\n"
    );
    for turn in &story.turns {
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
                Some((_, view)) => knew(&n, turn.turn, view).join("<br>"),
                None => "orders never closed".into(),
            };
            let _ = write!(m, " {} |", md(&cell).replace("&lt;br&gt;", "<br>"));
        }
        let _ = write!(m, "\n| **Decided** |");
        for side in sides {
            let cell = decided(story, &n, turn, &side.id).join("<br>");
            let _ = write!(m, " {} |", md(&cell).replace("&lt;br&gt;", "<br>"));
        }
        m.push_str("\n\n");
        for line in adjudication(story, &n, turn) {
            let _ = writeln!(m, "- {}", md(&line));
        }
        for note in story
            .state
            .notes
            .iter()
            .filter(|note| note.turn == turn.turn)
        {
            let _ = writeln!(m, "- *{}*: {}", note_kind(&n, note), md(&note.text));
        }
        m.push('\n');
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

fn side_colour(story: &Story<'_>, side: &brink_engine::SideId) -> &'static str {
    let i = story
        .scenario
        .sides
        .iter()
        .position(|s| &s.id == side)
        .unwrap_or(0);
    SIDE_COLOURS[i % SIDE_COLOURS.len()]
}

/// A list of lines as HTML.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "<span class=\"none\">—</span>".into();
    }
    let mut s = String::from("<ul>");
    for item in items {
        let _ = write!(s, "<li>{}</li>", esc(item));
    }
    s.push_str("</ul>");
    s
}

/// Text escaped for HTML.
pub fn esc(text: &str) -> String {
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

/// Text made safe inside a Markdown table cell or line: no pipes, no line
/// breaks, no raw HTML.
fn md(text: &str) -> String {
    esc(text).replace('|', "\\|").replace(['\n', '\r'], " ")
}

const CSS: &str = "
:root{--ink:#1b1b1f;--muted:#5a5d66;--rule:#d5d8de;--paper:#fff;--wash:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;padding:0 2.5rem 3rem;font:20px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--ink);background:var(--paper);max-width:1500px}
header{padding:2rem 0 1rem;border-bottom:4px solid var(--ink)}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.12em;font-weight:700;color:var(--muted);font-size:.85rem}
h1{margin:.2rem 0;font-size:2.6rem;line-height:1.1}
.sub{margin:.3rem 0 0;color:var(--muted)}
h2{font-size:1.7rem;margin:2.2rem 0 .8rem;border-bottom:2px solid var(--rule);padding-bottom:.3rem}
h3{font-size:1.35rem;margin:1.4rem 0 .6rem}
h4{font-size:1.2rem;margin:.2rem 0 .4rem}
h5{font-size:.95rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:.8rem 0 .3rem}
.outcome .verdict{font-size:1.6rem;font-weight:700;margin:.4rem 0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
th,td{border:1px solid var(--rule);padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:var(--wash)}
table.tracks{width:auto;min-width:50%}
td.change{font-weight:700;white-space:nowrap}
figure.chart svg{width:100%;height:auto;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:1rem}
figure.chart{margin:0;padding:.6rem;border:1px solid var(--rule);border-radius:6px;background:#fff}
figcaption{font-weight:700;margin-bottom:.3rem}
svg text{font:13px system-ui,sans-serif;fill:#444}svg text.band{fill:#7a7f8a;font-style:italic}
table.history td.date{white-space:nowrap;font-weight:700}
tr.parted td{background:#fff6e5}td.diverge{color:#8a4b00}
article.turn{border:1px solid var(--rule);border-radius:8px;padding:.6rem 1.2rem 1rem;margin:1.2rem 0;page-break-inside:avoid}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1.2rem}
.side{border-top:6px solid;padding-top:.4rem}
ul{margin:.2rem 0;padding-left:1.3rem}li{margin:.15rem 0}
.none{color:var(--muted)}
.note{color:var(--muted);font-size:.9rem}
article.letter{border-left:6px solid;padding:.2rem 0 .2rem 1rem;margin:1.2rem 0}
.meta{color:var(--muted);margin:.2rem 0}
.terms{font-weight:600}
blockquote{margin:.5rem 0;padding:.6rem 1rem;background:var(--wash);white-space:pre-wrap;font-family:Georgia,'Times New Roman',serif}
.badge{display:inline-block;font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;padding:.1rem .5rem;border-radius:999px;background:#e3e6ec;color:#333;vertical-align:middle}
.badge.secret{background:#b3261e;color:#fff}.badge.public{background:#1f4e99;color:#fff}
footer{margin-top:3rem;color:var(--muted);font-size:.9rem;border-top:1px solid var(--rule);padding-top:.8rem}
@media print{body{font-size:12pt;padding:0}article.turn,article.letter,figure.chart{break-inside:avoid}}
";
