//! One line of plain text per event, for the CSV timeline and the report:
//! who did what, with names from the scenario and the session instead of ids
//! (ids stay in the JSON Lines export). Only the ids a player uses as handles
//! (letters' and free-form actions', drawn from the seed) are shown as such.

use brink_engine::{Audience, Event, MessageChannel, PlayerId, Role, Scenario, State};

/// Names for the ids in events: the scenario's, and the session's players.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The session's state (for its players).
    pub state: &'a State,
}

impl Names<'_> {
    /// A player's name, with seat or role: `Jack (President, United States
    /// (ExComm))`, `Ann (observer)`.
    pub fn player(&self, id: &PlayerId) -> String {
        match self.state.players.get(id) {
            Some(p) => match &p.role {
                Role::Umpire => format!("{} (umpire)", p.name),
                Role::Observer => format!("{} (observer)", p.name),
                Role::Player { side, seat } => {
                    format!(
                        "{} ({}, {})",
                        p.name,
                        self.seat(side, seat),
                        self.side(side)
                    )
                }
            },
            None => "someone".to_owned(),
        }
    }

    /// A seat's name.
    pub fn seat(&self, side: &brink_engine::SideId, seat: &brink_engine::SeatId) -> String {
        self.scenario
            .seat(side, seat)
            .map_or(seat.to_string(), |s| s.name.clone())
    }

    /// A stance's name.
    pub fn stance(&self, id: &str) -> String {
        self.scenario
            .stances
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_owned(), |s| s.name.clone())
    }

    /// A perspective's picture, by name: "the umpire's picture", a side's.
    pub fn perspective(&self, viewer: &brink_engine::Viewer) -> String {
        match viewer {
            brink_engine::Viewer::Umpire => "the umpire's picture".into(),
            brink_engine::Viewer::Side(side) => format!("{}'s picture", self.side(side)),
            brink_engine::Viewer::Observer => "the observers' picture".into(),
        }
    }

    /// A side's name.
    pub fn side(&self, id: &brink_engine::SideId) -> String {
        self.scenario
            .side(id)
            .map_or(id.to_string(), |s| s.name.clone())
    }

    /// A track's name.
    pub fn track(&self, id: &brink_engine::TrackId) -> String {
        self.scenario
            .track(id)
            .map_or(id.to_string(), |t| t.name.clone())
    }

    /// A term's name.
    pub fn term(&self, id: &brink_engine::TermId) -> String {
        self.scenario
            .term(id)
            .map_or(id.to_string(), |t| t.name.clone())
    }

    /// A unit's name.
    pub fn unit(&self, id: &brink_engine::UnitId) -> String {
        self.scenario
            .units
            .iter()
            .find(|u| &u.id == id)
            .map_or(id.to_string(), |u| u.name.clone())
    }

    /// A zone's name, as it reads inside a line (`the quarantine line`).
    pub fn zone(&self, id: &brink_engine::ZoneId) -> String {
        brink_engine::names::zone_in_sentence(&self.scenario.zones, id)
    }

    /// The name of the track the accident check reads (`Risk of war`).
    pub fn accident_track(&self) -> String {
        self.scenario
            .accident
            .as_ref()
            .map_or("the risk".to_owned(), |a| self.track(&a.track))
    }

    /// A strategic action's name, from the side's menu.
    pub fn action(&self, side: &brink_engine::SideId, id: &str) -> String {
        self.scenario
            .strategic
            .iter()
            .find(|a| a.id == id && &a.side == side)
            .map_or(id.to_owned(), |a| a.name.clone())
    }

    /// Units for people, joined: `nothing` for none.
    pub fn units(&self, units: &[brink_engine::UnitId]) -> String {
        if units.is_empty() {
            return "nothing".to_owned();
        }
        units
            .iter()
            .map(|u| self.unit(u))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// An audience: `everyone`, a side, or sides.
    pub fn audience(&self, to: &Audience) -> String {
        match to {
            Audience::All => "everyone".into(),
            Audience::Side(side) => self.side(side),
            Audience::Sides(sides) => sides
                .iter()
                .map(|s| self.side(s))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

/// "5 minutes", "1 minute", "40 seconds": time left, for people.
pub fn minutes(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    match secs {
        60 => "1 minute".into(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        s if s > 60 => format!("{} minutes", s.div_ceil(60)),
        s => format!("{s} seconds"),
    }
}

/// What happened, in a line.
pub fn line(names: &Names<'_>, event: &Event) -> String {
    use Event::*;
    match event {
        SessionCreated { .. }
        | Forked { .. }
        | Reseeded { .. }
        | ForkCreated { .. }
        | Declassified
        | ClassShown { .. }
        | TitleSet { .. }
        | PlayerJoined { .. }
        | PlayerLeft { .. }
        | PlayerMoved { .. }
        | PresenceChanged { .. }
        | PhaseChanged { .. }
        | Paused { .. }
        | Resumed
        | DeadlineSet { .. }
        | TurnsAdded { .. }
        | GameEnded { .. }
        | MessagePosted { .. }
        | NoteWritten { .. } => session_line(names, event),
        OrderAdded { .. }
        | OrderRemoved { .. }
        | OrdersSubmitted { .. }
        | DeadlineNear { .. }
        | AllSubmitted
        | NotSubmitted { .. }
        | SubmitRuleSet { .. }
        | AdjudicationPending { .. }
        | ActionRuled { .. }
        | OutcomeWritten { .. }
        | AgreementConfirmed { .. }
        | ActionResolved { .. }
        | AdjudicationPublished { .. }
        | StrategicResolved { .. } => orders_line(names, event),
        LetterDelivered { .. }
        | LetterDispatched { .. }
        | LetterPublicised { .. }
        | ProposalAccepted { .. }
        | AgreementReached { .. } => letters_line(names, event),
        InjectQueued { .. }
        | InjectReleased { .. }
        | IncidentTriggered { .. }
        | IncidentOccurred { .. }
        | TrackAdjusted { .. }
        | TrackMoved { .. }
        | TrackBand { .. }
        | StanceChanged { .. }
        | UnitMoved { .. }
        | ContactMade { .. }
        | CargoDelivered { .. }
        | SubmarineSearch { .. }
        | UnitSighted { .. }
        | IntelGathered { .. } => world_line(names, event),
    }
}

/// The session, its players and its clock, in a line ([`line`] sends only these here).
fn session_line(names: &Names<'_>, event: &Event) -> String {
    let n = names;
    match event {
        Event::SessionCreated {
            title: Some(title), ..
        } => format!("Session \"{title}\" created ({})", n.scenario.title),
        Event::SessionCreated { .. } => format!("Session created ({})", n.scenario.title),
        Event::TitleSet { title } => format!("The umpire renamed the session \"{title}\""),
        Event::Forked { parent, turn, .. } => {
            format!("Forked from session {parent}, to play again from turn {turn}")
        }
        Event::Reseeded { at_seq, .. } => {
            format!("The fork kept the parent's first {at_seq} events and drew its own seed")
        }
        Event::ForkCreated { fork, turn, .. } => {
            format!("Forked into session {fork} at turn {turn}")
        }
        Event::Declassified => "The umpire declassified the session".into(),
        Event::ClassShown { moment: Some(m) } => format!(
            "The umpire showed the class {} at event {}",
            names.perspective(&m.perspective),
            m.seq
        ),
        Event::ClassShown { moment: None } => "The umpire returned the wall to the game".into(),
        Event::PlayerJoined { player, .. } => format!("{} joined", n.player(player)),
        Event::PlayerLeft { player, by } if player == by => {
            format!("{} left the session, freeing their seat", n.player(player))
        }
        Event::PlayerLeft { player, by } => format!(
            "{} freed {}'s seat: {} is out of the session",
            n.player(by),
            n.player(player),
            n.player(player)
        ),
        Event::PlayerMoved { player, seat, by } => {
            let seat = match n.state.players.get(player).map(|p| &p.role) {
                Some(Role::Player { side, .. }) => n.seat(side, seat),
                _ => seat.to_string(),
            };
            format!("{} moved {} to seat {seat}", n.player(by), n.player(player))
        }
        Event::PresenceChanged { player, online } => format!(
            "{} went {}",
            n.player(player),
            if *online { "online" } else { "offline" }
        ),
        Event::PhaseChanged {
            turn,
            phase,
            date,
            by_deadline,
        } => {
            let deadline = if *by_deadline {
                " (deadline passed)"
            } else {
                ""
            };
            format!("Turn {turn} ({date}): {} phase{deadline}", phase.as_str())
        }
        Event::Paused { .. } => "The umpire paused the game".into(),
        Event::Resumed => "The game resumed".into(),
        Event::DeadlineSet { at_ms: Some(_) } => "The orders deadline was set".into(),
        Event::DeadlineSet { at_ms: None } => "The orders deadline was cleared".into(),
        Event::TurnsAdded { total, .. } => format!("The umpire extended the game to {total} turns"),
        Event::GameEnded { verdict } => format!("The game ended: {verdict}"),
        Event::MessagePosted {
            from,
            channel,
            text,
        } => format!("[{}] {}: {text}", place(n, channel), n.player(from)),
        Event::NoteWritten {
            text,
            bookmark,
            side,
        } => {
            let kind = if *bookmark { "bookmark" } else { "note" };
            match side {
                Some(side) => format!("{} {kind}: {text}", n.side(side)),
                None => format!("Umpire {kind}: {text}"),
            }
        }
        _ => String::new(),
    }
}

/// Orders, rulings and their outcomes, in a line ([`line`] sends only these here).
fn orders_line(names: &Names<'_>, event: &Event) -> String {
    let n = names;
    match event {
        Event::OrderAdded {
            side, by, order, ..
        } => {
            format!(
                "{} drafted for {}: {}",
                n.player(by),
                n.side(side),
                order_text(n, side, order)
            )
        }
        Event::OrderRemoved { side, item } => format!("{} dropped order item {item}", n.side(side)),
        Event::OrdersSubmitted { side, by, items } => format!(
            "{} submitted {}'s orders ({} item(s))",
            n.player(by),
            n.side(side),
            items.len()
        ),
        Event::DeadlineNear { side, left_ms, .. } => format!(
            "{} had not submitted with {} left before the deadline",
            n.side(side),
            minutes(*left_ms)
        ),
        Event::AllSubmitted => "Every side has submitted its orders".into(),
        Event::NotSubmitted { side, items: 0, .. } => {
            format!(
                "{} had not submitted at the deadline: no orders",
                n.side(side)
            )
        }
        Event::NotSubmitted { side, items, used } => format!(
            "{} had not submitted at the deadline: {} ({} item(s))",
            n.side(side),
            if *used {
                "the draft at the deadline was used"
            } else {
                "its draft was discarded"
            },
            items
        ),
        Event::SubmitRuleSet { any_member } => if *any_member {
            "Any member may submit a side's orders"
        } else {
            "Only leaders submit a side's orders"
        }
        .into(),
        Event::AdjudicationPending { adjudication, .. } => {
            format!(
                "Orders closed; turn {}'s adjudication is pending",
                adjudication.turn
            )
        }
        Event::ActionRuled {
            action,
            roll: Some(r),
            ..
        } => format!("The umpire ruled on {action}: {}", roll_text(r, r.success)),
        Event::ActionRuled { action, ruling, .. } => format!(
            "The umpire ruled on {action}: {}",
            match ruling {
                brink_engine::Ruling::Accept {} => "accept".to_owned(),
                brink_engine::Ruling::Reject {} => "reject".to_owned(),
                brink_engine::Ruling::Roll { difficulty } => format!("roll against {difficulty}"),
            }
        ),
        Event::OutcomeWritten { action, to, .. } => {
            format!(
                "The umpire wrote the outcome of {action} for {}",
                n.audience(to)
            )
        }
        Event::AgreementConfirmed { confirmed } => if *confirmed {
            "The umpire confirmed the agreement"
        } else {
            "The umpire withdrew the agreement's confirmation"
        }
        .into(),
        Event::ActionResolved { outcome } => {
            format!(
                "Outcome of {} ({}): {}",
                outcome.action,
                n.side(&outcome.side),
                outcome.text
            )
        }
        Event::AdjudicationPublished { turn } => format!("Turn {turn}'s adjudication published"),
        Event::StrategicResolved { result } => {
            let how = match &result.roll {
                Some(r) => format!(" (rolled {})", roll_text(r, result.success)),
                None if result.success => String::new(),
                None => " (failed)".into(),
            };
            format!("{}: {}{how}", n.side(&result.side), result.name)
        }
        _ => String::new(),
    }
}

/// Letters and agreements, in a line ([`line`] sends only these here).
fn letters_line(names: &Names<'_>, event: &Event) -> String {
    let n = names;
    match event {
        Event::LetterDelivered { letter } => format!(
            "Letter {} from {} delivered to {} ({})",
            letter.id,
            n.side(&letter.from),
            n.side(&letter.to),
            if letter.public { "public" } else { "secret" }
        ),
        Event::LetterDispatched { letter } => {
            format!(
                "Letter {} is on its way to {}",
                letter.id,
                n.side(&letter.to)
            )
        }
        Event::LetterPublicised { by, letter } => format!(
            "{} made letter {} public: {}",
            n.side(by),
            letter.id,
            letter.text
        ),
        Event::ProposalAccepted { acceptance, .. } => format!(
            "{} accepted the terms of letter {}: {}",
            n.side(&acceptance.side),
            acceptance.letter,
            terms_text(n, &acceptance.terms)
        ),
        Event::AgreementReached { agreement } => format!(
            "Agreement{}: {}",
            if agreement.public { "" } else { " (secret)" },
            terms_text(n, &agreement.terms)
        ),
        _ => String::new(),
    }
}

/// Injects, incidents, the tracks and the map, in a line ([`line`] sends only these here).
fn world_line(names: &Names<'_>, event: &Event) -> String {
    let n = names;
    match event {
        Event::InjectQueued { inject } => {
            format!(
                "Inject for {} queued: {}",
                n.audience(&inject.to),
                inject.text
            )
        }
        Event::InjectReleased { inject } => {
            format!("Inject to {}: {}", n.audience(&inject.to), inject.text)
        }
        Event::IncidentTriggered { incident, .. } => {
            format!("The umpire brought in an incident: {}", incident.name)
        }
        Event::IncidentOccurred { incident } => {
            format!("Incident: {}: {}", incident.name, incident.text)
        }
        Event::TrackAdjusted { change } => format!(
            "The umpire moved {} by {:+}: {}",
            n.track(&change.track),
            change.by,
            change.reason
        ),
        Event::TrackMoved {
            track,
            from,
            to,
            reasons,
            ..
        } => format!("{}: {from} → {to} ({})", n.track(track), reasons.join("; ")),
        Event::TrackBand { track, band } => format!("{} is now {band}", n.track(track)),
        Event::StanceChanged { change } => format!(
            "{} takes stance {}",
            n.unit(&change.unit),
            n.stance(&change.stance)
        ),
        Event::UnitMoved { movement } => format!(
            "{} moved from {} to {}{}",
            n.unit(&movement.unit),
            n.zone(&movement.from),
            n.zone(&movement.to),
            aside(movement.note.as_deref())
        ),
        Event::ContactMade { contact } => {
            format!("Contact at {}: {}", n.zone(&contact.zone), contact.text)
        }
        Event::CargoDelivered { delivery } => {
            format!(
                "{} delivered {} in {}",
                n.unit(&delivery.unit),
                delivery.cargo,
                n.zone(&delivery.zone)
            )
        }
        Event::SubmarineSearch { search } => format!(
            "{} searched {} for submarines: rolled {} against {}, found {}",
            n.unit(&search.unit),
            n.zone(&search.zone),
            search.roll.total,
            search.roll.difficulty,
            n.units(&search.found)
        ),
        Event::UnitSighted { sighting } => format!(
            "{} sighted {} in {}{}",
            n.side(&sighting.by),
            sighting.name,
            n.zone(&sighting.zone),
            sighting
                .cargo
                .as_ref()
                .map_or(String::new(), |c| format!(", carrying {c}"))
        ),
        Event::IntelGathered { intel, .. } => format!(
            "{} learned {} = {} by intelligence",
            n.side(&intel.side),
            n.track(&intel.track),
            intel.value
        ),
        _ => String::new(),
    }
}

/// Where a message was posted.
fn place(n: &Names<'_>, channel: &MessageChannel) -> String {
    match channel {
        MessageChannel::Team { side } => format!("{} team chat", n.side(side)),
        MessageChannel::ToUmpire { side } => format!("{} to the umpire", n.side(side)),
        MessageChannel::FromUmpire { to } => format!("umpire to {}", n.audience(to)),
    }
}

/// A 2d6 roll against a difficulty: "3 + 4 = 7 against 8: failure".
fn roll_text(r: &brink_engine::Roll, success: bool) -> String {
    format!(
        "{} + {} = {} against {}: {}",
        r.dice[0],
        r.dice[1],
        r.total,
        r.difficulty,
        if success { "success" } else { "failure" }
    )
}

/// " (note)", or nothing.
fn aside(note: Option<&str>) -> String {
    note.map_or(String::new(), |note| format!(" ({note})"))
}

/// An order for people.
pub fn order_text(
    n: &Names<'_>,
    side: &brink_engine::SideId,
    order: &brink_engine::OrderItem,
) -> String {
    use brink_engine::OrderItem;
    match order {
        OrderItem::Letter {
            channel,
            to,
            text,
            terms,
        } => format!(
            "letter to {} by {}{}: {text}",
            n.side(to),
            n.scenario
                .channel(channel)
                .map_or(channel.to_string(), |c| c.name.clone()),
            if terms.is_empty() {
                String::new()
            } else {
                format!(", proposing {}", terms_text(n, terms))
            }
        ),
        OrderItem::Action {
            what,
            why,
            expected,
        } => {
            let mut s = format!("action: {what}");
            if !why.trim().is_empty() {
                s.push_str(&format!("; because {why}"));
            }
            if !expected.trim().is_empty() {
                s.push_str(&format!("; expecting {expected}"));
            }
            s
        }
        OrderItem::Accept { letter } => format!("accept the terms of letter {letter}"),
        OrderItem::Publicise { letter } => format!("make letter {letter} public"),
        OrderItem::Strategic { action } => n.action(side, action),
        OrderItem::Move { unit, to } => format!("move {} to {}", n.unit(unit), n.zone(to)),
        OrderItem::Stance { unit, stance } => {
            format!("{}: stance {}", n.unit(unit), n.stance(stance))
        }
    }
}

/// Terms for people, joined.
pub fn terms_text(n: &Names<'_>, terms: &[brink_engine::TermId]) -> String {
    terms
        .iter()
        .map(|t| n.term(t))
        .collect::<Vec<_>>()
        .join("; ")
}
