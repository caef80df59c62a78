//! How server messages read to a person: one line per event, with names
//! instead of ids (the scenario's names for its things, and the players'
//! own names; an id shows only as the handle a command takes, in the
//! listings that say what to type).

use brink_client::Follow;
use brink_engine::{Audience, Event, MessageChannel, PlayerId, Role, Seen, View, Viewer};
use std::fmt::Write;

/// What the client knows of the session: the view it was welcomed with,
/// kept up to date by folding in the events it receives, from which it puts
/// names on ids.
#[derive(Debug, Default)]
pub struct Known {
    follow: Option<Follow>,
    /// This client's own player, name and role: a delayed observer's view
    /// is the umpire's picture of a while ago, without them in it.
    me: Option<(PlayerId, String, Role)>,
}

impl Known {
    /// Takes a fresh view (from a welcome).
    pub fn reset(&mut self, view: View) {
        self.welcomed(view, 0);
    }

    /// Takes a fresh view from a welcome at stream position `seq`: the
    /// missed events that follow it are in the view already.
    pub fn welcomed(&mut self, view: View, seq: u64) {
        self.follow = Some(Follow::new(view, seq));
    }

    /// Who this client is: its player, the name it joined under, its role.
    pub fn set_me(&mut self, player: PlayerId, name: String, role: Role) {
        self.me = Some((player, name, role));
    }

    /// The client's picture of the session, once welcomed.
    pub fn view(&self) -> Option<&View> {
        self.follow.as_ref().map(Follow::view)
    }

    /// Folds event `seq` of the client's stream into its view (the engine's
    /// one fold, [`View::apply`], through the client library's
    /// [`Follow`]), unless the view holds it already.
    pub fn note(&mut self, seq: u64, seen: &Seen) {
        if let Some(follow) = &mut self.follow {
            follow.apply(seq, seen);
        }
    }

    /// `Name (Seat, Side)` for a player: the name they gave, never their id
    /// (`someone` for a player this client's picture does not hold yet).
    pub fn who(&self, player: &PlayerId) -> String {
        let known = self
            .view()
            .and_then(|v| v.players.iter().find(|p| &p.id == player));
        match (known, &self.me) {
            (Some(p), _) => format!("{} ({})", p.name, self.role_name(&p.role)),
            (None, Some((me, name, role))) if me == player => {
                format!("{name} ({})", self.role_name(role))
            }
            (None, _) => "someone".into(),
        }
    }

    /// A role for people: `Seat, Side` by their names, `umpire` or
    /// `observer`.
    pub fn role_name(&self, role: &Role) -> String {
        match role {
            Role::Umpire => "umpire".into(),
            Role::Observer => "observer".into(),
            Role::Player { side, seat } => {
                let side_def = self
                    .view()
                    .and_then(|v| v.scenario.sides.iter().find(|s| &s.id == side));
                let side_name = side_def.map_or_else(|| side.to_string(), |s| s.name.clone());
                side_def
                    .and_then(|s| s.seats.iter().find(|t| &t.id == seat))
                    .map_or_else(
                        || format!("{seat}, {side_name}"),
                        |t| format!("{}, {side_name}", t.name),
                    )
            }
        }
    }

    /// A side's name, from the scenario.
    fn side(&self, side: &brink_engine::SideId) -> String {
        self.view()
            .map_or_else(|| side.to_string(), |v| crate::describe::side_name(v, side))
    }

    /// The `/who` listing.
    pub fn who_list(&self) -> String {
        let Some(view) = self.view() else {
            return "nobody yet".into();
        };
        let mut out = String::new();
        for side in &view.scenario.sides {
            let _ = writeln!(out, "{} ({}):", side.name, side.id);
            for seat in &side.seats {
                let holder = view
                    .players
                    .iter()
                    .find(|p| !p.former && matches!(&p.role, Role::Player { side: s, seat: t } if s == &side.id && t == &seat.id));
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
            Event::SessionCreated { scenario, title, .. } => {
                let scenario = self.view()
                    .filter(|v| &v.scenario.id == scenario)
                    .map_or_else(|| scenario.clone(), |v| v.scenario.title.clone());
                match title {
                    Some(title) => format!("* session created: \"{title}\" ({scenario})"),
                    None => format!("* session created: {scenario}"),
                }
            }
            Event::TitleSet { title } => format!("* The umpire renamed the session: \"{title}\""),
            Event::Forked { parent, turn, .. } => format!(
                "* This session is a fork of {parent}: its log up to turn {turn}; play turn {turn} again from here"
            ),
            Event::Reseeded { at_seq, .. } => format!(
                "* The fork kept the parent's first {at_seq} events and drew its own seed for the rolls to come (umpire only)"
            ),
            Event::ForkCreated { fork, turn, .. } => {
                format!("* Forked at turn {turn} into session {fork} (umpire only)")
            }
            Event::Declassified => "=== The umpire declassified the session: every perspective can now be replayed (brink replay, brink report) ===".into(),
            Event::ClassShown { moment: Some(m) } => format!(
                "* The wall shows the class {} at event {} of its stream",
                match &m.perspective {
                    Viewer::Umpire => "the umpire's picture".to_owned(),
                    Viewer::Side(side) => format!("{}'s picture", self.side(side)),
                    Viewer::Observer => "the observers' picture".to_owned(),
                },
                m.seq
            ),
            Event::ClassShown { moment: None } => "* The wall is back on the game".into(),
            Event::PlayerJoined { player, .. } => format!("* {} joined", self.who(player)),
            Event::PresenceChanged { player, online } => format!(
                "* {} is {}",
                self.who(player),
                if *online { "online" } else { "offline" }
            ),
            Event::PhaseChanged {
                turn,
                phase,
                date,
                by_deadline,
            } => format!(
                "=== Turn {turn}, {date}: {} phase{} ===",
                phase.as_str(),
                if *by_deadline {
                    " (the orders deadline passed)"
                } else {
                    ""
                }
            ),
            Event::Paused { remaining_ms } => match remaining_ms {
                Some(ms) => format!(
                    "* The umpire paused the game ({} left on the orders deadline)",
                    duration(*ms)
                ),
                None => "* The umpire paused the game".into(),
            },
            Event::Resumed => "* The game resumes".into(),
            Event::DeadlineSet { at_ms: Some(at) } => {
                format!(
                    "* Orders deadline: {} from now",
                    duration(at.saturating_sub(seen.at_ms))
                )
            }
            Event::DeadlineSet { at_ms: None } => "* The orders deadline is cleared".into(),
            Event::GameEnded { verdict } => {
                format!("=== The game has ended. Verdict: {verdict} ===")
            }
            Event::TurnsAdded { added, total, .. } => format!(
                "* The umpire extends the game: {total} turns now ({added} added after the scenario's last)"
            ),
            Event::MessagePosted {
                from,
                channel,
                text,
            } => {
                let place = match channel {
                    MessageChannel::Team { side } => format!("{} team", self.side(side)),
                    MessageChannel::ToUmpire { side } => format!("{} → umpire", self.side(side)),
                    MessageChannel::FromUmpire { to: Audience::All } => "umpire → all".into(),
                    MessageChannel::FromUmpire {
                        to: Audience::Side(side),
                    } => format!("umpire → {}", self.side(side)),
                    MessageChannel::FromUmpire {
                        to: Audience::Sides(sides),
                    } => format!(
                        "umpire → {}",
                        sides
                            .iter()
                            .map(|s| self.side(s))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                };
                // Continuation lines are indented, so a message can never pass
                // for a line of its own (an umpire's order, say).
                format!(
                    "[{place}] {}: {}",
                    self.who(from),
                    text.replace('\n', "\n    ")
                )
            }
            other => self.view()
                .and_then(|view| crate::describe::line(view, &|p| self.who(p), other))
                .unwrap_or_else(|| format!("* {other:?}")),
        }
    }

    /// The `/status` report: turn, date, phase, pause and deadline.
    pub fn status(&self) -> String {
        let Some(view) = self.view() else {
            return String::new();
        };
        let mut out = match view.phase {
            brink_engine::Phase::Lobby => {
                "In the lobby: the umpire has not started the game.".to_owned()
            }
            brink_engine::Phase::Ended => format!(
                "The game has ended. Verdict: {}",
                view.verdict.as_deref().unwrap_or("none")
            ),
            phase => format!(
                "Turn {} of {}, {}: {} phase.",
                view.turn,
                view.scenario.turns,
                view.date.as_deref().unwrap_or("?"),
                phase.as_str()
            ),
        };
        if view.clock.paused {
            out.push_str(" PAUSED.");
        }
        if let Some(ms) = view.clock.remaining_ms {
            let _ = write!(out, " Orders deadline: {} left when resumed.", duration(ms));
        }
        if let Some(at) = view.clock.deadline_at_ms {
            let _ = write!(
                out,
                " Orders deadline: {} left.",
                duration(at.saturating_sub(now_ms()))
            );
        }
        let more = crate::describe::status_text(view);
        if !more.is_empty() {
            out.push('\n');
            out.push_str(&more);
        }
        out
    }

    /// `/briefing`: this turn's injects the viewer may read (the scripted
    /// briefing and the umpire's), as they were released.
    pub fn briefing(&self) -> String {
        let Some(view) = self.view() else {
            return String::new();
        };
        let lines: Vec<String> = view
            .injects
            .iter()
            .filter(|i| i.turn == view.turn && view.turn > 0)
            .map(|i| {
                let seen = Seen {
                    at_ms: i.at_ms,
                    turn: i.turn,
                    phase: view.phase,
                    actor: None,
                    visibility: brink_engine::audience_visibility(&i.inject.to),
                    event: Event::InjectReleased {
                        inject: i.inject.clone(),
                    },
                };
                format!("  {}", self.line(&seen))
            })
            .collect();
        if lines.is_empty() {
            return "No briefing for this turn (yet).".into();
        }
        format!("Turn {}'s briefing:\n{}", view.turn, lines.join("\n"))
    }

    /// The greeting after joining or resuming.
    pub fn welcome(&self, player: &PlayerId, resumed: bool, missed: u64, behind: bool) -> String {
        let Some(view) = self.view() else {
            return String::new();
        };
        let mut out = String::new();
        let title = match &view.title {
            Some(title) => format!("\"{title}\" ({})", view.scenario.title),
            None => format!("\"{}\"", view.scenario.title),
        };
        let _ = writeln!(
            out,
            "{} {title} as {}.",
            if resumed { "Back in" } else { "Joined" },
            self.who(player)
        );
        let _ = writeln!(
            out,
            "{}\nType /help for commands, /who for who is here.",
            self.status()
        );
        // A late joiner (or one back after too long) reads the turn's briefing.
        if (!resumed || behind) && view.injects.iter().any(|i| i.turn == view.turn) {
            let _ = writeln!(out, "{}", self.briefing());
        }
        if resumed && !behind {
            let _ = write!(out, "{missed} event(s) while you were away");
            if missed > 0 {
                out.push(':');
            }
        } else if !view.messages.is_empty() {
            if behind {
                let _ = writeln!(
                    out,
                    "You were away too long to replay everything; here is where things stand."
                );
            }
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

/// A duration for people: `9 min 30 s`.
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// How long ago `then` was, as of `now` (both ms since the epoch), for
/// people: `just now`, `40 s ago`, `3 min ago`, `2 h 5 min ago`, `4 days ago`.
pub fn ago(now: u64, then: u64) -> String {
    let s = now.saturating_sub(then) / 1000;
    match s {
        0..5 => "just now".into(),
        5..60 => format!("{s} s ago"),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => match (s / 3600, s % 3600 / 60) {
            (h, 0) => format!("{h} h ago"),
            (h, m) => format!("{h} h {m} min ago"),
        },
        86_400..172_800 => "1 day ago".into(),
        _ => format!("{} days ago", s / 86_400),
    }
}

/// A moment (ms since the epoch) as a UTC date and time to the minute:
/// `2026-11-24 14:03 UTC`.
pub fn utc(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm,
    // for dates after the epoch).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// Where a session's game stands, for people: `lobby (not started)`,
/// `turn 3, orders phase (paused)`, `ended at turn 5: VERDICT`.
pub fn session_status(status: &brink_protocol::SessionStatus) -> String {
    match status {
        brink_protocol::SessionStatus::Lobby => "lobby (not started)".into(),
        brink_protocol::SessionStatus::Playing {
            turn,
            phase,
            paused,
        } => format!(
            "turn {turn}, {} phase{}",
            phase.as_str(),
            if *paused { " (paused)" } else { "" }
        ),
        brink_protocol::SessionStatus::Ended { turn, verdict } => {
            format!("ended at turn {turn}: {verdict}")
        }
    }
}

/// The time now, in ms since the epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_engine::Phase;
    use brink_protocol::SessionStatus;

    #[test]
    fn times_read_as_how_long_ago_and_in_utc() {
        let now = 1_795_578_380_296;
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now, now + 5_000), "just now", "a clock a little ahead");
        assert_eq!(ago(now, now - 40_000), "40 s ago");
        assert_eq!(ago(now, now - 3 * 60_000 - 59_000), "3 min ago");
        assert_eq!(ago(now, now - 2 * 3_600_000), "2 h ago");
        assert_eq!(ago(now, now - 2 * 3_600_000 - 5 * 60_000), "2 h 5 min ago");
        assert_eq!(ago(now, now - 30 * 3_600_000), "1 day ago");
        assert_eq!(ago(now, now - 4 * 86_400_000), "4 days ago");
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_795_578_380_296), "2026-11-25 03:46 UTC");
    }

    #[test]
    fn a_sessions_status_reads_as_lobby_turn_and_phase_or_its_end() {
        assert_eq!(session_status(&SessionStatus::Lobby), "lobby (not started)");
        let orders = SessionStatus::Playing {
            turn: 3,
            phase: Phase::Orders,
            paused: true,
        };
        assert_eq!(session_status(&orders), "turn 3, orders phase (paused)");
        let ended = SessionStatus::Ended {
            turn: 5,
            verdict: "No war.".into(),
        };
        assert_eq!(session_status(&ended), "ended at turn 5: No war.");
    }
}
