//! The turn machine in words: one readable line (or block) per event about
//! orders, letters, adjudication, injects and notes, and the texts of the
//! `/status`, `/orders`, `/letters`, `/tracks` and `/menu` commands. Sides,
//! tracks, terms, actions and the rest go by the scenario's names; an id
//! shows only where it is what to type (`/terms`, `/menu`, `/tracks`, the
//! incidents the umpire may bring in).

use brink_engine::{
    Adjudication, Audience, Event, FreeAction, OrderItem, Roll, Ruling, SideId, TermId, View,
};
use std::fmt::Write;

/// A side's name for people.
pub fn side_name(view: &View, side: &SideId) -> String {
    view.scenario
        .sides
        .iter()
        .find(|s| &s.id == side)
        .map_or_else(|| side.to_string(), |s| s.name.clone())
}

/// Sides' names, joined by `and`.
fn sides_names(view: &View, sides: &[SideId]) -> String {
    sides
        .iter()
        .map(|s| side_name(view, s))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A term's name for people, with the side that would do it.
fn term_names(view: &View, terms: &[TermId]) -> String {
    terms
        .iter()
        .map(|t| {
            view.scenario.terms.iter().find(|d| &d.id == t).map_or_else(
                || t.to_string(),
                |d| format!("{} [by {}]", d.name, side_name(view, &d.by)),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn channel_name(view: &View, channel: &brink_engine::ChannelId) -> String {
    view.scenario
        .channels
        .iter()
        .find(|c| &c.id == channel)
        .map_or_else(|| channel.to_string(), |c| c.name.clone())
}

fn indent(text: &str) -> String {
    text.replace('\n', "\n    ")
}

/// One order, in a line.
pub fn order_line(view: &View, order: &OrderItem) -> String {
    match order {
        OrderItem::Letter {
            channel,
            to,
            text,
            terms,
        } => {
            let mut out = format!(
                "letter to {} by {}: {}",
                side_name(view, to),
                channel_name(view, channel),
                indent(text)
            );
            if !terms.is_empty() {
                let _ = write!(out, "\n    proposing: {}", term_names(view, terms));
            }
            out
        }
        OrderItem::Action {
            what,
            why,
            expected,
        } => {
            let mut out = format!("action: {}", indent(what));
            if !why.is_empty() {
                let _ = write!(out, "\n    why: {}", indent(why));
            }
            if !expected.is_empty() {
                let _ = write!(out, "\n    expected: {}", indent(expected));
            }
            out
        }
        OrderItem::Strategic { action } => format!("strategic action: {}", menu_name(view, action)),
        OrderItem::Accept { letter } => format!("accept the terms of letter {letter}"),
        OrderItem::Publicise { letter } => format!("make letter {letter} public"),
        OrderItem::Move { .. } | OrderItem::Stance { .. } => {
            crate::naval::order_line(view, order).unwrap_or_default()
        }
    }
}

fn roll_text(roll: &Roll) -> String {
    format!(
        "rolled {} + {} = {} against {}: {}",
        roll.dice[0],
        roll.dice[1],
        roll.total,
        roll.difficulty,
        if roll.success { "success" } else { "failure" }
    )
}

/// How a strategic action went: done, or its roll with the modifiers that
/// moved its target.
fn strategic_text(result: &brink_engine::StrategicResult) -> String {
    let mut out = match &result.roll {
        None => "done".to_owned(),
        Some(roll) => roll_text(roll),
    };
    if !result.modifiers.is_empty() {
        let why: Vec<String> = result
            .modifiers
            .iter()
            .map(|m| format!("{:+} {}", m.by, m.why))
            .collect();
        let _ = write!(out, " (modified: {})", why.join("; "));
    }
    if let Some(text) = &result.text {
        let _ = write!(out, ": {text}");
    }
    out
}

fn ruling_text(ruling: &Ruling, roll: Option<&Roll>) -> String {
    match (ruling, roll) {
        (Ruling::Accept {}, _) => "accepted".into(),
        (Ruling::Reject {}, _) => "rejected".into(),
        (Ruling::Roll { .. }, Some(roll)) => roll_text(roll),
        (Ruling::Roll { difficulty }, None) => format!("roll against {difficulty}"),
    }
}

fn audience_text(view: &View, to: &Audience) -> String {
    match to {
        Audience::All => "everyone".into(),
        Audience::Side(side) => side_name(view, side),
        Audience::Sides(sides) => sides_names(view, sides),
    }
}

/// A readable line for a turn-machine event (or a naval one); `None` for
/// other events.
pub fn line(
    view: &View,
    who: &dyn Fn(&brink_engine::PlayerId) -> String,
    event: &Event,
) -> Option<String> {
    orders_line(view, who, event)
        .or_else(|| letters_line(view, event))
        .or_else(|| world_line(view, event))
        .or_else(|| crate::naval::line(view, event))
}

/// Orders, rulings and outcomes, in a line; `None` for other events.
fn orders_line(
    view: &View,
    who: &dyn Fn(&brink_engine::PlayerId) -> String,
    event: &Event,
) -> Option<String> {
    Some(match event {
        Event::OrderAdded {
            side,
            item,
            by,
            order,
            ..
        } => {
            format!(
                "[{} orders] {} drafted #{item}: {}",
                side_name(view, side),
                who(by),
                order_line(view, order)
            )
        }
        Event::OrderRemoved { side, item } => {
            format!("[{} orders] #{item} removed", side_name(view, side))
        }
        Event::OrdersSubmitted { side, by, items } => format!(
            "[{} orders] {} submitted the orders ({} item(s)); they may be revised until the phase closes",
            side_name(view, side),
            who(by),
            items.len()
        ),
        Event::DeadlineNear {
            side,
            left_ms,
            draft_stands,
        } => format!(
            "[{} orders] ! {} left before the deadline, and the orders are not submitted: {}",
            side_name(view, side),
            crate::render::duration(*left_ms),
            if *draft_stands {
                "at the deadline the draft as it stands is used"
            } else {
                "at the deadline an unsubmitted draft is discarded"
            }
        ),
        Event::AllSubmitted => {
            "* Every side has submitted its orders: /advance closes the phase".into()
        }
        Event::NotSubmitted { side, items: 0, .. } => {
            format!(
                "[{} orders] Not submitted at the deadline, and the draft was empty: no orders this turn",
                side_name(view, side)
            )
        }
        Event::NotSubmitted {
            side,
            items,
            used: true,
        } => format!(
            "[{} orders] Not submitted at the deadline: the draft at the deadline ({items} item(s)) was used",
            side_name(view, side)
        ),
        Event::NotSubmitted {
            side,
            items,
            used: false,
        } => format!(
            "[{} orders] Not submitted at the deadline: the draft ({items} item(s)) was discarded, as the scenario says",
            side_name(view, side)
        ),
        Event::SubmitRuleSet { any_member } => {
            if *any_member {
                "* Any member may now submit their side's orders".into()
            } else {
                "* Only each side's leader submits orders now (anyone while the leader is away)"
                    .into()
            }
        }
        Event::AdjudicationPending {
            adjudication,
            actions,
            ..
        } => {
            let mut out = format!(
                "=== Pending adjudication, turn {} (umpire only) ===\n",
                adjudication.turn
            );
            out.push_str(&pending_text(view, adjudication, actions));
            out.push_str("\n    /rule, /outcome, /agree, /track, /incident, then /publish");
            out
        }
        Event::ActionRuled {
            action,
            ruling,
            roll,
        } => {
            format!(
                "* Ruling on {action}: {}",
                ruling_text(ruling, roll.as_ref())
            )
        }
        Event::OutcomeWritten {
            action,
            text,
            to,
            success,
            overrule,
        } => {
            let says = match (success, overrule) {
                (Some(true), false) => ", it succeeds",
                (Some(false), false) => ", it fails",
                (Some(true), true) => ", it succeeds, overruling the ruling",
                (Some(false), true) => ", it fails, overruling the ruling",
                (None, _) => "",
            };
            format!(
                "* Outcome of {action} (for {}{says}): {}",
                audience_text(view, to),
                indent(text)
            )
        }
        Event::AgreementConfirmed { confirmed } => {
            if *confirmed {
                "* Agreement confirmed: publishing ends the crisis".into()
            } else {
                "* Agreement not confirmed: publishing does not end the crisis".into()
            }
        }
        Event::ActionResolved { outcome } => format!(
            "* Outcome of {}'s action ({}): {}",
            side_name(view, &outcome.side),
            ruling_text(&outcome.ruling, outcome.roll.as_ref()),
            indent(&outcome.text)
        ),
        Event::AdjudicationPublished { turn } => {
            format!("=== Turn {turn}'s adjudication is published ===")
        }
        Event::StrategicResolved { result } => format!(
            "* {}: {} — {}",
            side_name(view, &result.side),
            result.name,
            strategic_text(result)
        ),
        _ => return None,
    })
}

/// Letters and agreements, in a line; `None` for other events.
fn letters_line(view: &View, event: &Event) -> Option<String> {
    Some(match event {
        Event::LetterDelivered { letter } | Event::LetterPublicised { letter, .. } => {
            let head = match event {
                Event::LetterPublicised { by, .. } => {
                    format!("{} made public letter", side_name(view, by))
                }
                _ if letter.public => "Public letter".into(),
                _ => "Secret letter".into(),
            };
            let mut out = format!(
                "=== {head} {} from {} ({}) to {}, by {} ===\n    {}",
                letter.id,
                side_name(view, &letter.from),
                seat_name(view, &letter.from, &letter.seat),
                side_name(view, &letter.to),
                channel_name(view, &letter.channel),
                indent(&letter.text)
            );
            if !letter.terms.is_empty() {
                let _ = write!(out, "\n    Proposes: {}", term_names(view, &letter.terms));
                if view.viewer == brink_engine::Viewer::Side(letter.to.clone()) {
                    let _ = write!(out, "  (accept with /accept {})", letter.id);
                }
            }
            out
        }
        Event::LetterDispatched { letter } => format!(
            "* Letter {} to {} is on its way by {}; it arrives at turn {}'s publish",
            letter.id,
            side_name(view, &letter.to),
            channel_name(view, &letter.channel),
            letter.deliver_turn
        ),
        Event::ProposalAccepted {
            acceptance,
            proposer,
        } => format!(
            "*** {} accepts {}'s terms in letter {}: {}",
            side_name(view, &acceptance.side),
            side_name(view, proposer),
            acceptance.letter,
            term_names(view, &acceptance.terms)
        ),
        Event::AgreementReached { agreement } => format!(
            "*** AGREEMENT between {}: {}",
            sides_names(view, &agreement.parties),
            term_names(view, &agreement.terms)
        ),
        _ => return None,
    })
}

/// Injects, incidents, tracks and notes, in a line; `None` for other events.
fn world_line(view: &View, event: &Event) -> Option<String> {
    Some(match event {
        Event::InjectQueued { inject } => format!(
            "* Inject for {} held for the next briefing: {}",
            audience_text(view, &inject.to),
            indent(&inject.text)
        ),
        Event::InjectReleased { inject } => format!(
            "[{} → {}] {}",
            if inject.scripted {
                "briefing"
            } else {
                "umpire inject"
            },
            audience_text(view, &inject.to),
            indent(&inject.text)
        ),
        Event::IncidentOccurred { incident } => format!(
            "!!! Incident ({}): {} — {}",
            audience_text(view, &incident.to),
            incident.name,
            indent(&incident.text)
        ),
        Event::IncidentTriggered { incident, .. } => format!(
            "* At publish, incident {} happens (for {}), as if drawn; its effects join the track changes",
            incident.name,
            audience_text(view, &incident.to)
        ),
        Event::TrackAdjusted { change } => format!(
            "* At publish, {} moves {:+} ({}); the reason goes to those who know it exactly",
            track_name(view, &change.track),
            change.by,
            change.reason
        ),
        Event::TrackMoved {
            track,
            from,
            to,
            reasons,
            ..
        } => format!(
            "* {}: {from} → {to} ({})",
            track_name(view, track),
            reasons.join("; ")
        ),
        Event::TrackBand { track, band } => {
            format!("* {} is now {band}", track_name(view, track))
        }
        Event::NoteWritten {
            text,
            bookmark,
            side,
        } => {
            format!(
                "* {} ({}): {}",
                if *bookmark { "Bookmark" } else { "Note" },
                match side {
                    Some(side) => format!("{} only", side_name(view, side)),
                    None => "umpire only".to_owned(),
                },
                indent(text)
            )
        }
        _ => return None,
    })
}

fn pending_text(view: &View, a: &Adjudication, actions: &[FreeAction]) -> String {
    let mut out = String::new();
    for closed in &a.orders {
        let _ = writeln!(
            out,
            "  {}: {}",
            side_name(view, &closed.side),
            match &closed.submitted {
                Some(s) => format!("{} order(s) submitted", s.items.len()),
                None => "no orders submitted".into(),
            }
        );
    }
    let _ = writeln!(
        out,
        "  letters sent: {}; delivered at publish: {}",
        ids(&a.sent),
        ids(&a.deliveries)
    );
    for (n, id) in a.actions.iter().enumerate() {
        let Some(action) = actions.iter().find(|x| &x.id == id) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  action {} = {} ({}): {}",
            n + 1,
            action.id,
            side_name(view, &action.side),
            indent(&action.what)
        );
        if !action.why.is_empty() {
            let _ = writeln!(out, "    why: {}", indent(&action.why));
        }
        if !action.expected.is_empty() {
            let _ = writeln!(out, "    expected: {}", indent(&action.expected));
        }
        let _ = writeln!(
            out,
            "    ruling: {}; outcome for {}: {}",
            action.ruling.as_ref().map_or_else(
                || "none yet".into(),
                |r| ruling_text(r, action.roll.as_ref())
            ),
            audience_text(view, &action.to),
            action.outcome.as_deref().unwrap_or("(default text)")
        );
    }
    for acc in &a.acceptances {
        let _ = writeln!(
            out,
            "  {} accepts letter {}: {}",
            side_name(view, &acc.side),
            acc.letter,
            term_names(view, &acc.terms)
        );
    }
    for p in &a.publicity {
        let _ = writeln!(
            out,
            "  {} makes letter {} public",
            side_name(view, &p.side),
            p.letter
        );
    }
    for r in &a.strategic {
        let _ = writeln!(
            out,
            "  {} strategic: {} — {}",
            side_name(view, &r.side),
            r.name,
            strategic_text(r)
        );
    }
    if let Some(check) = &a.accident {
        let _ = writeln!(
            out,
            "  accident check: {} {} gives {}%, drew {}: {}",
            check.track.as_deref().unwrap_or("the track"),
            check.value,
            check.percent,
            check.draw,
            check.incident.as_ref().map_or_else(
                || match &check.impossible {
                    Some(why) => format!("no incident: drew one that cannot happen ({why})"),
                    None => "no incident".to_owned(),
                },
                |i| match (check.incident_draw, check.total_weight) {
                    (Some(pick), Some(total)) => {
                        format!(
                            "INCIDENT {} (drew {pick} of weights totalling {total})",
                            i.name
                        )
                    }
                    _ => format!("INCIDENT {}", i.name),
                }
            )
        );
    }
    for i in &a.triggered {
        let _ = writeln!(
            out,
            "  incident brought in: {} (for {})",
            i.name,
            audience_text(view, &i.to)
        );
    }
    if !view.incidents.is_empty() && !a.published {
        let _ = writeln!(
            out,
            "  incidents you may bring in (/incident ID): {}",
            incident_ids(view)
        );
    }
    for c in &a.track_changes {
        let _ = writeln!(
            out,
            "  track {} {:+}: {}",
            track_name(view, &c.track),
            c.by,
            c.reason
        );
    }
    if let Some(agreement) = &a.agreement {
        let _ = writeln!(
            out,
            "  AGREEMENT on letter {}: {} — {}",
            agreement.letter,
            term_names(view, &agreement.terms),
            if a.confirmed {
                "confirmed: publishing ends the crisis"
            } else {
                "confirm with /agree"
            }
        );
    }
    out.trim_end().to_owned()
}

/// The line `/help` adds for the umpire: the incidents `/incident` takes.
pub fn incidents_help(view: &View) -> String {
    if view.incidents.is_empty() {
        String::new()
    } else {
        format!("\n  (incidents: {})", incident_ids(view))
    }
}

/// The ids of the scenario's incidents (the umpire's view has them).
pub fn incident_ids(view: &View) -> String {
    let ids: Vec<&str> = view.incidents.iter().map(|i| i.id.as_str()).collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

fn ids<T: std::fmt::Display>(ids: &[T]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The `/orders` report: each visible side's draft and submission.
pub fn orders_text(view: &View) -> String {
    if view.orders.is_empty() {
        return match view.phase {
            brink_engine::Phase::Orders => "No orders drafted yet this turn.".into(),
            _ => "No orders this turn.".into(),
        };
    }
    let mut out = String::new();
    for side in &view.orders {
        let o = &side.orders;
        let state = match &o.submitted {
            None => "not submitted".to_owned(),
            Some(s) if s.items == o.draft => "submitted".to_owned(),
            Some(_) => "submitted, but the draft has changed since: /submit again".to_owned(),
        };
        let _ = writeln!(out, "{} orders ({state}):", side_name(view, &side.side));
        if o.draft.is_empty() {
            let _ = writeln!(out, "  (empty)");
        }
        for d in &o.draft {
            let _ = writeln!(out, "  #{} {}", d.item, order_line(view, &d.order));
        }
    }
    out.trim_end().to_owned()
}

/// The lines `/status` adds: who has submitted, and the pending adjudication.
pub fn status_text(view: &View) -> String {
    let mut out = String::new();
    if view.phase == brink_engine::Phase::Orders {
        let sides: Vec<String> = view
            .orders
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    side_name(view, &o.side),
                    if o.orders.submitted.is_some() {
                        "submitted"
                    } else {
                        "not submitted"
                    }
                )
            })
            .collect();
        if !sides.is_empty() {
            let _ = writeln!(out, "Orders: {}.", sides.join(", "));
        }
    }
    if !view.orders.is_empty() {
        let _ = writeln!(out, "{}", orders_text(view));
    }
    if let Some(a) = &view.adjudication {
        if a.published {
            let _ = writeln!(out, "Turn {}'s adjudication is published.", a.turn);
        } else {
            let _ = writeln!(
                out,
                "Pending adjudication:\n{}",
                pending_text(view, a, &view.actions)
            );
        }
    }
    if let Some(agreement) = &view.agreement {
        let _ = writeln!(out, "Agreement: {}", term_names(view, &agreement.terms));
    }
    out.trim_end().to_owned()
}

/// The `/letters` report.
pub fn letters_text(view: &View) -> String {
    if view.letters.is_empty() {
        return "No letters yet.".into();
    }
    let mut out = String::new();
    for (n, l) in view.letters.iter().enumerate() {
        let state = if l.is_public() {
            "public"
        } else if l.delivered {
            "delivered"
        } else {
            "in transit"
        };
        let _ = writeln!(
            out,
            "{}. {} from {} to {} by {} (turn {}, {state}): {}",
            n + 1,
            l.id,
            side_name(view, &l.from),
            side_name(view, &l.to),
            channel_name(view, &l.channel),
            l.sent_turn,
            indent(&l.text)
        );
        if !l.terms.is_empty() {
            let _ = writeln!(out, "    proposes: {}", term_names(view, &l.terms));
        }
    }
    out.trim_end().to_owned()
}

/// The `/terms` report: the scenario's channels and terms.
pub fn terms_text(view: &View) -> String {
    let mut out = String::from("Channels (/letter CHANNEL ...):\n");
    for c in &view.scenario.channels {
        let _ = writeln!(
            out,
            "  {:<18} {} ({}, {})",
            c.id,
            c.name,
            if c.public { "public" } else { "secret" },
            match c.delay {
                0 => "arrives at this turn's publish".to_owned(),
                n => format!("arrives {n} turn(s) later"),
            }
        );
    }
    out.push_str("Terms (/letter ... +TERM):\n");
    for t in &view.scenario.terms {
        let _ = writeln!(
            out,
            "  {:<26} {} (done by {})",
            t.id,
            t.name,
            side_name(view, &t.by)
        );
    }
    out.trim_end().to_owned()
}

/// A seat's name for people.
fn seat_name(view: &View, side: &SideId, seat: &brink_engine::SeatId) -> String {
    view.scenario
        .sides
        .iter()
        .find(|s| &s.id == side)
        .and_then(|s| s.seats.iter().find(|t| &t.id == seat))
        .map_or_else(|| seat.to_string(), |t| t.name.clone())
}

fn track_name(view: &View, track: &brink_engine::TrackId) -> String {
    view.tracks
        .iter()
        .find(|t| &t.id == track)
        .map_or_else(|| track.to_string(), |t| t.name.clone())
}

/// The `/tracks` report: a bar for each track known exactly, a band otherwise,
/// and for a track known only by intelligence what it showed, and when.
pub fn tracks_text(view: &View) -> String {
    if view.tracks.is_empty() {
        return "No tracks you may see.".into();
    }
    let width = view
        .tracks
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for t in &view.tracks {
        let _ = write!(out, "{:<width$}  ", t.name);
        match t.value {
            Some(v) => {
                let span = f64::from((t.max - t.min).max(1));
                let filled = (f64::from(v - t.min) / span * 20.0).round() as usize;
                let _ = write!(
                    out,
                    "[{}{}] {v} ({}..{})",
                    "#".repeat(filled.min(20)),
                    ".".repeat(20 - filled.min(20)),
                    t.min,
                    t.max
                );
            }
            None => out.push_str("[   not known exactly  ]"),
        }
        if let Some(band) = &t.band {
            let _ = write!(out, " {band}");
        }
        if let (None, Some(intel)) = (t.value, &t.intel) {
            let _ = write!(
                out,
                " {} as of turn {} (intelligence)",
                intel.value, intel.turn
            );
        }
        let _ = writeln!(out, "  /{}", t.id);
    }
    out.trim_end().to_owned()
}

fn menu_name(view: &View, action: &str) -> String {
    view.menu
        .iter()
        .find(|m| m.id == action)
        .map_or_else(|| action.to_owned(), |m| m.name.clone())
}

/// The `/menu` report: the strategic actions the side may order, and why
/// some cannot be ordered now.
pub fn menu_text(view: &View) -> String {
    if view.menu.is_empty() {
        return "No strategic actions on your menu.".into();
    }
    let mut out = String::new();
    for m in &view.menu {
        let how = match m.resolution {
            brink_engine::Resolution::Auto => "happens".to_owned(),
            brink_engine::Resolution::Roll => format!("2d6 >= {}", m.target),
            brink_engine::Resolution::Umpire => "the umpire rules".to_owned(),
        };
        let _ = write!(
            out,
            "  {:<26} {} [{how}{}]",
            m.id,
            m.name,
            if m.public { ", public" } else { "" }
        );
        for modifier in &m.modifiers {
            let bounds: Vec<String> = [
                modifier.at_least.map(|t| format!("at least {t}")),
                modifier.at_most.map(|t| format!("at most {t}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let _ = write!(
                out,
                "\n      {:+} to the roll while {} is {}",
                modifier.by,
                track_name(view, &modifier.track),
                bounds.join(" and ")
            );
        }
        if view.viewer == brink_engine::Viewer::Umpire {
            let _ = write!(out, " ({})", side_name(view, &m.side));
        }
        if let Some(why) = &m.unavailable {
            let _ = write!(out, "\n      not now: {why}");
        }
        out.push('\n');
    }
    format!("Strategic actions (/do ACTION):\n{}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::parse;
    use brink_engine::{Action, Recorded, Role, redact};
    use brink_engine::{Actor, Command, JoinRole, PlayerId, Scenario, SeatId, Session, Viewer};
    use std::sync::Arc;

    const TINY: &str = include_str!("../../engine/tests/data/tiny.toml");
    const STRAIT: &str = include_str!("../../engine/tests/data/strait.toml");

    /// A session of `text` with the umpire (p1) and one player per side
    /// (p2, p3, ...), in turn 1's Orders phase.
    fn game(text: &str) -> Session {
        let scenario = Scenario::parse("test", text).expect("valid");
        let mut session = Session::new(Arc::new(scenario.clone()));
        let mut joins = vec![Command::Create {
            seed: 7,
            observers: Default::default(),
            title: None,
        }];
        joins.push(Command::Join {
            role: JoinRole::Umpire,
            name: "Control".into(),
            seat: None,
        });
        for side in &scenario.sides {
            joins.push(Command::Join {
                role: JoinRole::Side(side.id.clone()),
                name: side.name.clone(),
                seat: side.seats.first().map(|s| SeatId::from(s.id.as_str())),
            });
        }
        for command in joins {
            run(&mut session, &Actor::System, command);
        }
        for action in [Action::StartGame {}, Action::Advance { force: true }] {
            umpire(&mut session, action);
        }
        session
    }

    fn run(session: &mut Session, actor: &Actor, command: Command) -> Vec<Recorded> {
        let recorded = session
            .decide(actor, &command, 1_000)
            .unwrap_or_else(|r| panic!("{command:?}: {r}"));
        for r in &recorded {
            session.apply(r);
        }
        recorded
    }

    fn umpire(session: &mut Session, action: Action) -> Vec<Recorded> {
        run(
            session,
            &Actor::Player(PlayerId::nth(1)),
            Command::Act(action),
        )
    }

    #[test]
    fn the_umpire_brings_in_an_incident_and_sees_it_pending() {
        let mut session = game(TINY);
        umpire(&mut session, Action::Advance { force: true });
        let view = session.view(&Viewer::Umpire);
        assert!(
            status_text(&view).contains("incidents you may bring in (/incident ID): flare"),
            "{}",
            status_text(&view)
        );
        assert_eq!(incidents_help(&view), "\n  (incidents: flare)");
        let parsed = parse("/incident", "flare", &Role::Umpire, &view);
        let Some(Ok(action)) = parsed else {
            panic!("{parsed:?}");
        };
        assert_eq!(
            action,
            Action::TriggerIncident {
                incident: "flare".into()
            }
        );
        assert!(matches!(
            parse("/incident", "", &Role::Umpire, &view),
            Some(Err(usage)) if usage.contains("the scenario's incidents: flare")
        ));
        // The client's picture follows the event, and says what it means.
        let mut view = view;
        for recorded in umpire(&mut session, action) {
            let said = line(&view, &|p| p.to_string(), &recorded.event).expect("a line");
            assert_eq!(
                said,
                "* At publish, incident A flare happens (for Blue), as if drawn; its effects join the track changes"
            );
            // The umpire's stream is the whole log.
            let seen = redact(&recorded, &Viewer::Umpire).expect("the umpire sees all");
            view.apply(recorded.seq, &seen);
        }
        assert_eq!(view, session.view(&Viewer::Umpire));
        let pending = status_text(&view);
        assert!(
            pending.contains("incident brought in: A flare (for Blue)"),
            "{pending}"
        );
        assert!(
            pending.contains("track Risk +1: Incident: A flare"),
            "{pending}"
        );
        // Sides have no incident table to read.
        let blue = session.view(&Viewer::Side("blue".into()));
        assert_eq!(incidents_help(&blue), "");
    }

    #[test]
    fn tracks_known_only_by_intelligence_show_what_it_saw_and_when() {
        let mut session = game(STRAIT);
        let blue = Viewer::Side("blue".into());
        let admiral = Actor::Player(PlayerId::nth(3));
        for action in [
            Action::AddOrder {
                order: OrderItem::Strategic {
                    action: "recce".into(),
                },
            },
            Action::SubmitOrders {},
        ] {
            run(&mut session, &admiral, Command::Act(action));
        }
        umpire(&mut session, Action::Advance { force: true });
        // Blue's live picture, as its client keeps it from the events.
        let mut live = session.view(&blue);
        assert!(
            !tracks_text(&live).contains("intelligence"),
            "nothing known yet: {}",
            tracks_text(&live)
        );
        let mut seq = session.state().streams.of(&"blue".into());
        for recorded in umpire(&mut session, Action::Publish {}) {
            if let Some(seen) = redact(&recorded, &blue) {
                seq += 1;
                live.apply(seq, &seen);
            }
        }
        // The event names the track blue knew nothing of: the live picture
        // is a fresh view's (a welcome's).
        assert_eq!(live, session.view(&blue));
        let fresh = tracks_text(&live);
        assert!(
            fresh.contains("Red's stock ashore  [   not known exactly  ] 0 as of turn 1 (intelligence)  /red_stock"),
            "{fresh}"
        );
        assert!(
            fresh.contains("Weather             [#######.............] 1 (0..3)  /weather"),
            "tracks known exactly keep their bars: {fresh}"
        );
        // Red knows its stock exactly: no intelligence about it.
        let red = tracks_text(&session.view(&Viewer::Side("red".into())));
        assert!(!red.contains("intelligence"), "{red}");
    }
}
