//! The after-action report as one self-contained HTML document, written with
//! maud: every value put into the page is escaped unless it is wrapped in
//! `PreEscaped`, which only the stylesheet is. Player-written text (letters,
//! chat, notes, outcomes) therefore always reaches the page as text.

use super::{adjudication, channel_name, decided, knew, note_kind, outcome, paragraphs, played};
use crate::review::story::{LetterStory, Story, TurnStory};
use crate::review::summary::{Names, terms_text};
use brink_engine::scenario::TrackDef;
use maud::{DOCTYPE, Markup, PreEscaped, html as markup};

/// The report's stylesheet: inline, so the file stands alone.
const CSS: &str = include_str!("report.css");

/// Colours for the sides, in the scenario's order.
const SIDE_COLOURS: &[&str] = &["#1f4e99", "#b3261e", "#2e7d32", "#7b1fa2"];

/// The report as one HTML document.
pub fn html(story: &Story<'_>) -> String {
    let n = story.names();
    markup! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "After-action report: " (story.scenario.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    p.kicker { "After-action report" }
                    h1 { (story.scenario.title) }
                    p.sub {
                        "Session "
                        @if let Some(title) = &story.state.title { "“" (title) "” (" (story.session) ")" }
                        @else { (story.session) }
                        " · " (played(story)) " · generated from the session's log"
                    }
                }
                (framing(story))
                (ending(story, &n))
                (charts(story))
                (history(story))
                (aftermath(story))
                section {
                    h2 { "Turn by turn: what each side knew, and what it did" }
                    @for turn in &story.turns { (turn_article(story, &n, turn)) }
                }
                (letters(story, &n))
                (rolls(story))
                (notes(story, &n))
                footer { "Made by Brink from the session's log. Every secret in it is shown: keep it for the review." }
            }
        }
    }
    .into_string()
}

/// How it ended: the verdict, the agreement, the fork, each track's change.
fn ending(story: &Story<'_>, n: &Names<'_>) -> Markup {
    markup! {
        section.outcome {
            h2 { "How it ended" }
            p.verdict { (outcome(story)) }
            @if let Some(a) = &story.state.agreement {
                p { strong { "Agreement" } " (" (if a.public { "public" } else { "secret" }) ") on: " (terms_text(n, &a.terms)) }
            }
            @if let Some(from) = &story.state.forked_from {
                p { "A what-if fork of session " (from.session) " from turn " (from.turn) "." }
            }
            table.tracks {
                thead { tr { th { "Track" } th { "Start" } th { "End" } th { "Change" } } }
                tbody {
                    @for (track, values) in &story.series {
                        @let (first, last) = (values[0], values[values.len() - 1]);
                        tr {
                            td { (n.track(track)) }
                            td { (first) }
                            td { (last) }
                            td.up[last > first].down[last < first] { (format!("{:+}", last - first)) }
                        }
                    }
                }
            }
        }
    }
}

/// The question the crisis put, from the scenario: what the review
/// measures the game against.
fn framing(story: &Story<'_>) -> Markup {
    markup! {
        @if !story.scenario.framing.trim().is_empty() {
            section.framing {
                h2 { "The question" }
                @for para in paragraphs(&story.scenario.framing) { p { (para) } }
            }
        }
    }
}

/// What came after, in history, set against how this game ended.
fn aftermath(story: &Story<'_>) -> Markup {
    markup! {
        @if !story.scenario.aftermath.trim().is_empty() {
            section.aftermath {
                h2 { "What came after, in history" }
                p.verdict { "This game: " (outcome(story)) }
                @for para in paragraphs(&story.scenario.aftermath) { p { (para) } }
            }
        }
    }
}

/// A chart per track.
fn charts(story: &Story<'_>) -> Markup {
    markup! {
        section {
            h2 { "The tracks, turn by turn" }
            p.note { "Each track's true value at the start and at the end of every turn; shaded bands are what the sides saw of tracks they did not know exactly." }
            div.charts {
                @for (track, values) in &story.series {
                    @if let Some(def) = story.scenario.track(track) {
                        figure.chart { figcaption { (def.name) } (chart(def, values)) }
                    }
                }
            }
        }
    }
}

/// History beside the game, date by date.
fn history(story: &Story<'_>) -> Markup {
    markup! {
        section {
            h2 { "History beside the game" }
            table.history {
                thead { tr { th { "Date" } th { "In history" } th { "In the game" } th { "Where they parted" } } }
                tbody {
                    @for row in &story.timeline {
                        tr.parted[!row.divergences.is_empty()] {
                            td.date {
                                (row.date)
                                @if let Some(t) = row.turn { br; small { "turn " (t) } }
                            }
                            td { (list(&row.history)) }
                            td { (list(&row.game)) }
                            td.diverge { (list(&row.divergences)) }
                        }
                    }
                }
            }
        }
    }
}

/// One turn: each side's knowledge and decisions side by side, then how the
/// turn was resolved and the notes written in it.
fn turn_article(story: &Story<'_>, n: &Names<'_>, turn: &TurnStory) -> Markup {
    let adjudicated = adjudication(story, n, turn);
    let notes: Vec<String> = story
        .state
        .notes
        .iter()
        .filter(|note| note.turn == turn.turn)
        .map(|note| format!("{}: {}", note_kind(n, note), note.text))
        .collect();
    markup! {
        article.turn {
            h3 { "Turn " (turn.turn) ": " (turn.date) }
            div.sides {
                @for side in &story.scenario.sides {
                    @let colour = side_colour(story, &side.id);
                    div.side style={ "border-top-color:" (colour) } {
                        h4 style={ "color:" (colour) } { (side.name) }
                        h5 { "What it knew as orders closed" }
                        @match turn.knew.iter().find(|(s, _)| *s == side.id) {
                            Some((_, view)) => (list(&knew(n, turn.turn, view))),
                            None => p.note { "Orders never closed this turn." },
                        }
                        h5 { "What it decided" }
                        (list(&decided(story, n, turn, &side.id)))
                    }
                }
            }
            @if !adjudicated.is_empty() { h5 { "Adjudication" } (list(&adjudicated)) }
            @if !notes.is_empty() { h5 { "Notes and bookmarks" } (list(&notes)) }
        }
    }
}

/// Every letter in full.
fn letters(story: &Story<'_>, n: &Names<'_>) -> Markup {
    markup! {
        section {
            h2 { "Every letter (" (story.letters.len()) ")" }
            @if story.letters.is_empty() { p { "No letters were sent." } }
            @for l in &story.letters { (letter(story, n, l)) }
        }
    }
}

/// One letter: who, how, when, what became of it, and its text.
fn letter(story: &Story<'_>, n: &Names<'_>, l: &LetterStory) -> Markup {
    let letter = &l.letter;
    let colour = side_colour(story, &letter.from);
    let kind = if letter.public { "public" } else { "secret" };
    let date = brink_engine::replay::date_of(story.scenario, letter.sent_turn).unwrap_or_default();
    markup! {
        article.letter id=(letter.id) style={ "border-color:" (colour) } {
            h3 { (letter.id) ": " (n.side(&letter.from)) " to " (n.side(&letter.to)) " " span.badge.(kind) { (kind) } }
            p.meta {
                (channel_name(story, letter)) " · sent turn " (letter.sent_turn) " (" (date) ") · "
                @if letter.delivered { "delivered turn " (letter.deliver_turn) } @else { "not delivered" }
                @if let Some((by, t)) = &l.publicised { " · made public by " (n.side(by)) " in turn " (t) }
                @for (side, t) in &l.accepted { " · accepted by " (n.side(side)) " in turn " (t) }
            }
            @if !letter.terms.is_empty() { p.terms { "Proposes: " (terms_text(n, &letter.terms)) } }
            blockquote { (letter.text) }
        }
    }
}

/// Every roll made in the game.
fn rolls(story: &Story<'_>) -> Markup {
    markup! {
        section {
            h2 { "Every roll (" (story.rolls.len()) ")" }
            table {
                thead { tr { th { "Turn" } th { "For" } th { "Inputs" } th { "Result" } } }
                tbody {
                    @for r in &story.rolls {
                        tr { td { (r.turn) } td { (r.what) } td { (r.inputs) } td { (r.result) } }
                    }
                }
            }
        }
    }
}

/// The umpire's notes and the sides' bookmarks.
fn notes(story: &Story<'_>, n: &Names<'_>) -> Markup {
    markup! {
        section {
            h2 { "Notes and bookmarks" }
            @if story.state.notes.is_empty() {
                p { "None were written." }
            } @else {
                ul.notes {
                    @for note in &story.state.notes {
                        li { span.badge { (note_kind(n, note)) } " turn " (note.turn) ", " (note.phase.as_str()) " phase: " (note.text) }
                    }
                }
            }
        }
    }
}

/// A line chart of a track over the turns, as inline SVG.
fn chart(def: &TrackDef, values: &[i32]) -> Markup {
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
    let px = |v: f64| format!("{v:.1}");
    // Bands, shaded in turn, with their names: (top, bottom) of each.
    let mut low = def.min;
    let bands: Vec<(f64, f64, &str)> = def
        .bands
        .iter()
        .map(|band| {
            let edges = (y(band.upto), y(low), band.name.as_str());
            low = band.upto;
            edges
        })
        .collect();
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    let step = (values.len() / 7).max(1);
    markup! {
        svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(def.name) {
            @for (i, (top, bottom, name)) in bands.iter().enumerate() {
                @if i % 2 == 0 {
                    rect x=(LEFT) y=(px(*top)) width=(px(W - LEFT - RIGHT)) height=(px((bottom - top).max(0.0))) fill="#eef1f6" {}
                }
                text x=(px(W - RIGHT - 4.0)) y=(px(top + 13.0)) class="band" text-anchor="end" { (name) }
            }
            line x1=(LEFT) y1=(px(H - BOTTOM)) x2=(px(W - RIGHT)) y2=(px(H - BOTTOM)) stroke="#555" {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(px(H - BOTTOM)) stroke="#555" {}
            @for v in [def.min, def.max] {
                text x=(px(LEFT - 6.0)) y=(px(y(v) + 5.0)) class="axis" text-anchor="end" { (v) }
            }
            @for i in (0..values.len()).step_by(step) {
                text x=(px(x(i))) y=(px(H - BOTTOM + 18.0)) class="axis" text-anchor="middle" {
                    @if i == 0 { "start" } @else { "T" (i) }
                }
            }
            polyline points=(points.join(" ")) fill="none" stroke="#b3261e" stroke-width="3" {}
            @for (i, v) in values.iter().enumerate() {
                circle cx=(px(x(i))) cy=(px(y(*v))) r="4" fill="#b3261e" {
                    title { @if i == 0 { "start:" } @else { "turn " (i) ":" } " " (v) }
                }
            }
        }
    }
}

/// The side's colour, by its place in the scenario.
fn side_colour(story: &Story<'_>, side: &brink_engine::SideId) -> &'static str {
    let i = story
        .scenario
        .sides
        .iter()
        .position(|s| &s.id == side)
        .unwrap_or(0);
    SIDE_COLOURS[i % SIDE_COLOURS.len()]
}

/// A list of lines, or a dash when there are none.
fn list(items: &[String]) -> Markup {
    markup! {
        @if items.is_empty() {
            span.none { "—" }
        } @else {
            ul { @for item in items { li { (item) } } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::list;

    #[test]
    fn player_text_is_text() {
        let hostile = [
            "<script>alert(1)</script>".to_owned(),
            "\"><img src=x onerror=alert(1)>".to_owned(),
        ];
        let page = list(&hostile).into_string();
        assert!(
            !page.contains("<script>") && !page.contains("<img"),
            "{page}"
        );
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(
            page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{page}"
        );
    }
}
