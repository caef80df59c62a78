//! How server messages read to a person: one line per event, with names
//! instead of ids.

use brink_engine::{Audience, Event, MessageChannel, PlayerId, Role, Seen, View};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the client knows of the session, to put names on ids.
#[derive(Debug, Default)]
pub struct Roster {
    view: Option<View>,
    players: BTreeMap<PlayerId, (String, Role)>,
}

impl Roster {
    /// Takes a fresh view (from a welcome).
    pub fn reset(&mut self, view: View) {
        self.players = view
            .players
            .iter()
            .map(|p| (p.id.clone(), (p.name.clone(), p.role.clone())))
            .collect();
        self.view = Some(view);
    }

    /// Notes what an event changes about who is who.
    pub fn note(&mut self, seen: &Seen) {
        match &seen.event {
            Event::PlayerJoined { player, name, role } => {
                self.players
                    .insert(player.clone(), (name.clone(), role.clone()));
                if let Some(view) = &mut self.view {
                    view.players.push(brink_engine::PlayerView {
                        id: player.clone(),
                        name: name.clone(),
                        role: role.clone(),
                        online: true,
                    });
                }
            }
            Event::PresenceChanged { player, online } => {
                if let Some(p) = self
                    .view
                    .as_mut()
                    .and_then(|v| v.players.iter_mut().find(|p| &p.id == player))
                {
                    p.online = *online;
                }
            }
            _ => {}
        }
    }

    /// `Name (Seat)` for a player.
    pub fn who(&self, player: &PlayerId) -> String {
        match self.players.get(player) {
            Some((name, role)) => format!("{name} ({})", self.role_name(role)),
            None => player.to_string(),
        }
    }

    /// A role for people: a seat's name, `umpire` or `observer`.
    pub fn role_name(&self, role: &Role) -> String {
        match role {
            Role::Umpire => "umpire".into(),
            Role::Observer => "observer".into(),
            Role::Player { side, seat } => self
                .view
                .as_ref()
                .and_then(|v| v.scenario.sides.iter().find(|s| &s.id == side))
                .and_then(|s| s.seats.iter().find(|t| &t.id == seat))
                .map_or_else(
                    || format!("{side} {seat}"),
                    |t| format!("{}, {side}", t.name),
                ),
        }
    }

    /// The `/who` listing.
    pub fn who_list(&self) -> String {
        let Some(view) = &self.view else {
            return "nobody yet".into();
        };
        let mut out = String::new();
        for side in &view.scenario.sides {
            let _ = writeln!(out, "{} ({}):", side.name, side.id);
            for seat in &side.seats {
                let holder = view
                    .players
                    .iter()
                    .find(|p| matches!(&p.role, Role::Player { side: s, seat: t } if s == &side.id && t == &seat.id));
                let lead = if seat.leader { " [leader]" } else { "" };
                let _ = match holder {
                    Some(p) => writeln!(
                        out,
                        "  {:<28} {}{}",
                        format!("{}{lead}", seat.name),
                        p.name,
                        if p.online { "" } else { " (offline)" }
                    ),
                    None => writeln!(
                        out,
                        "  {:<28} (free: --seat {})",
                        format!("{}{lead}", seat.name),
                        seat.id
                    ),
                };
            }
        }
        for (title, wanted) in [("Umpire", Role::Umpire), ("Observers", Role::Observer)] {
            let names: Vec<String> = view
                .players
                .iter()
                .filter(|p| p.role == wanted)
                .map(|p| format!("{}{}", p.name, if p.online { "" } else { " (offline)" }))
                .collect();
            if !names.is_empty() {
                let _ = writeln!(out, "{title}: {}", names.join(", "));
            }
        }
        out.trim_end().to_owned()
    }

    /// One event as a line for a person.
    pub fn line(&self, seen: &Seen) -> String {
        match &seen.event {
            Event::SessionCreated { scenario, .. } => format!("* session created: {scenario}"),
            Event::PlayerJoined { player, .. } => format!("* {} joined", self.who(player)),
            Event::PresenceChanged { player, online } => format!(
                "* {} is {}",
                self.who(player),
                if *online { "online" } else { "offline" }
            ),
            Event::MessagePosted {
                from,
                channel,
                text,
            } => {
                let place = match channel {
                    MessageChannel::Team { side } => format!("{side} team"),
                    MessageChannel::ToUmpire { side } => format!("{side} → umpire"),
                    MessageChannel::FromUmpire { to: Audience::All } => "umpire → all".into(),
                    MessageChannel::FromUmpire {
                        to: Audience::Side(side),
                    } => format!("umpire → {side}"),
                };
                format!("[{place}] {}: {text}", self.who(from))
            }
        }
    }

    /// The greeting after joining or resuming.
    pub fn welcome(&self, player: &PlayerId, resumed: bool, missed: u64) -> String {
        let Some(view) = &self.view else {
            return String::new();
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} \"{}\" as {}.",
            if resumed { "Back in" } else { "Joined" },
            view.scenario.title,
            self.who(player)
        );
        let _ = writeln!(
            out,
            "Turn {} of {} ({}). Type /help for commands, /who for who is here.",
            view.turn,
            view.scenario.turns,
            serde_json::to_value(view.phase)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
        if resumed {
            let _ = write!(out, "{missed} event(s) while you were away");
            if missed > 0 {
                out.push(':');
            }
        } else if !view.messages.is_empty() {
            let _ = writeln!(out, "Recent messages:");
            for m in &view.messages {
                let seen = Seen {
                    at_ms: m.at_ms,
                    turn: view.turn,
                    phase: view.phase,
                    actor: Some(m.from.clone()),
                    visibility: Event::channel_visibility(&m.channel),
                    event: Event::MessagePosted {
                        from: m.from.clone(),
                        channel: m.channel.clone(),
                        text: m.text.clone(),
                    },
                };
                let _ = writeln!(out, "  {}", self.line(&seen));
            }
        }
        out.trim_end().to_owned()
    }
}
