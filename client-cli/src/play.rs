//! The client's flows: admin requests, and joining a session then playing it
//! from a terminal (REPL) or a script.

use crate::AdminCmd;
use crate::render::Known;
use crate::resume::{self, Slot};
use anyhow::{Context, Result, bail};
use brink_client::{Inflight, Link, Resumed, answer_id};
use brink_engine::{Action, Audience, PlayerId, Role, SideId};
use brink_protocol::{ClientMsg, ServerMsg, codes};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tokio::sync::mpsc;

/// How many times a lost connection is tried again (backing off from a
/// quarter second to five) before giving up: about two minutes.
const RECONNECT_ATTEMPTS: u32 = 30;

/// The most messages kept for an `/expect` that comes after them.
const SINCE_SENT: usize = 1_000;

/// How long `/expect` waits for its text.
const EXPECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs one admin request and prints its answer.
pub async fn admin(server: &str, token: &str, command: AdminCmd, json: bool) -> Result<ExitCode> {
    let mut link = crate::connect(server).await?;
    let id = link.next_id();
    let request = match command {
        AdminCmd::CreateSession {
            scenario,
            observer_delay,
            observers_after_end,
            title,
        } => ClientMsg::CreateSession {
            id,
            admin_token: token.to_owned(),
            scenario,
            title,
            observers: match (observer_delay, observers_after_end) {
                (Some(turns), _) => brink_engine::ObserverMode::Delayed { turns },
                (None, true) => brink_engine::ObserverMode::AfterEnd {},
                (None, false) => brink_engine::ObserverMode::Public {},
            },
        },
        AdminCmd::ListSessions => ClientMsg::ListSessions {
            id,
            admin_token: token.to_owned(),
        },
        AdminCmd::Stats => ClientMsg::ServerStats {
            id,
            admin_token: token.to_owned(),
        },
    };
    let (answer, raw) = link.request::<ServerMsg>(&request).await?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{raw}")?;
    }
    match answer {
        ServerMsg::SessionCreated { session, .. } if !json => {
            writeln!(
                out,
                "Session {} \"{}\" created ({}).",
                session.session, session.title, session.scenario
            )?;
            writeln!(out, "Join links (hand each group only its own):")?;
            for c in &session.codes {
                let link = crate::seats::browser_link(server, &c.code);
                writeln!(out, "  {:<10} {link}", c.role)?;
            }
            writeln!(
                out,
                "Open a link in a browser, or join from a terminal with: brink join CODE --name NAME [--seat SEAT]"
            )?;
        }
        ServerMsg::Sessions { sessions, .. } if !json => {
            if sessions.is_empty() {
                writeln!(
                    out,
                    "No sessions. Create one with: brink admin create-session"
                )?;
            }
            let now = crate::render::now_ms();
            for s in &sessions {
                write!(out, "{}", session_text(s, now))?;
            }
        }
        ServerMsg::ServerStats { counters: c, .. } if !json => {
            writeln!(out, "connections open     {}", c.connections)?;
            writeln!(
                out,
                "connections dropped  {}  (for falling behind)",
                c.dropped
            )?;
            writeln!(out, "commands received    {}", c.commands)?;
            writeln!(out, "events recorded      {}", c.events)?;
            writeln!(
                out,
                "event serializations {}  (one per view of an event)",
                c.encodings
            )?;
            writeln!(
                out,
                "event deliveries     {}  (one per recipient)",
                c.deliveries
            )?;
            if let Some(n) = c.allocations {
                writeln!(out, "heap allocations     {n}")?;
            }
        }
        ServerMsg::Rejected { code, message, .. } => {
            return Ok(crate::play::refused(json, &code, &message));
        }
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// A session of `list-sessions`, for people: its title, then its id and
/// scenario, status, players, last activity (as of `now`), and join codes.
pub fn session_text(s: &brink_protocol::SessionInfo, now: u64) -> String {
    use crate::render::{ago, utc};
    let mut text = format!(
        "\"{}\"\n    session   {} ({})\n    status    {}\n    players   {} online of {} joined\n    activity  {} ({})\n    codes\n",
        s.title,
        s.session,
        s.scenario,
        crate::render::session_status(&s.status),
        s.online,
        s.players,
        ago(now, s.last_activity_ms),
        utc(s.last_activity_ms),
    );
    for c in &s.codes {
        text.push_str(&format!("      {:<10} {}\n", c.role, c.code));
    }
    text
}

/// A refusal for people: the server's message, which speaks of the game,
/// and the CLI's own hint of the command that helps, by the refusal's code.
pub fn refusal_line(code: &str, message: &str) -> String {
    let hint = match code {
        "unknown_letter" => Some("/letters lists your side's letters"),
        "unknown_item" | "duplicate_order" => {
            Some("/orders shows the draft; /drop N removes an item")
        }
        "too_many_orders" => Some("/drop N removes an item"),
        "unknown_action" | "not_ruled" => Some("/pending lists the actions to rule on"),
        "orders_missing" => Some("/advance force closes the phase anyway"),
        "unknown_channel" | "unknown_term" => Some("/terms lists the channels and terms"),
        "unknown_strategic" | "precondition_failed" => Some("/menu lists your side's actions"),
        "unknown_unit" | "not_your_unit" | "unknown_zone" | "bad_move" | "bad_stance" => {
            Some("/map lists your units, the zones and the stances")
        }
        "unknown_track" | "bad_adjustment" => Some("/tracks lists the tracks"),
        "unknown_seat" | "seat_taken" | "seat_empty" | "same_seat" | "unknown_player" => {
            Some("/seats shows who holds which seat")
        }
        "forbidden" => Some("/help lists what your role may do"),
        _ => None,
    };
    match hint {
        Some(hint) => format!("! refused ({code}): {message} ({hint})"),
        None => format!("! refused ({code}): {message}"),
    }
}

/// A one-shot request's exit when the server refused it: failure, after
/// saying why (with `--json`, the refusal was printed as it came).
pub fn refused(json: bool, code: &str, message: &str) -> ExitCode {
    if !json {
        eprintln!("brink: refused ({code}): {message}");
    }
    ExitCode::FAILURE
}

/// What `brink join` was asked.
#[derive(Debug)]
pub struct JoinOptions {
    pub server: String,
    pub code: String,
    pub name: String,
    pub seat: Option<String>,
    pub script: Option<PathBuf>,
    pub json: bool,
}

/// Joins (or resumes) and plays until the input ends or the server closes.
pub async fn join(o: JoinOptions) -> Result<ExitCode> {
    let mut link = crate::connect(&o.server).await?;
    let slot = Slot::new(&o.server, &o.code, o.seat.as_deref(), &o.name);
    let mut resumed = false;
    let mut welcome = None;
    let mut last_seen = 0;
    if let Some(seat) = slot.load() {
        last_seen = seat.last_seq;
        match link.resume::<ServerMsg>(&seat.token, seat.last_seq).await? {
            (msg @ ServerMsg::Welcome { .. }, raw) => {
                resumed = true;
                welcome = Some((msg, raw));
            }
            // A token no longer good, or a player out of the session: join afresh.
            (ServerMsg::Rejected { code, .. }, _)
                if code == codes::BAD_TOKEN || code == codes::LEFT_SESSION =>
            {
                slot.forget();
            }
            (ServerMsg::Rejected { message, .. }, _) => bail!("cannot resume: {message}"),
            (other, _) => bail!("unexpected answer: {other:?}"),
        }
    }
    let (welcome, raw) = match welcome {
        Some(w) => w,
        None => {
            match link
                .join::<ServerMsg>(&o.code, &o.name, o.seat.as_deref())
                .await?
            {
                (msg @ ServerMsg::Welcome { .. }, raw) => (msg, raw),
                (ServerMsg::Rejected { code, message, .. }, raw) => {
                    if o.json {
                        let _ = writeln!(std::io::stdout().lock(), "{raw}");
                    }
                    eprintln!("brink: cannot join ({code}): {message}");
                    return Ok(ExitCode::FAILURE);
                }
                (other, _) => bail!("unexpected answer: {other:?}"),
            }
        }
    };
    let ServerMsg::Welcome {
        session: session_id,
        player,
        role,
        resume_token,
        seq,
        view,
        missed,
        ..
    } = welcome
    else {
        bail!("unexpected answer");
    };
    let mut known = Known::default();
    known.welcomed(*view, seq);
    known.set_me(player.clone(), o.name.trim().to_owned(), role.clone());
    // Missed events follow the welcome, numbered up to `seq`.
    let first_seq = seq.saturating_sub(missed);
    let behind = resumed && Resumed::of(last_seen, seq, missed) == Resumed::Snapshot;
    slot.save(&resume::Seat {
        token: resume_token.clone(),
        last_seq: first_seq,
        session: Some(session_id.clone()),
        role: Some(role.clone()),
    })?;
    let interactive = o.script.is_none() && std::io::stdin().is_terminal();
    let (lines, printer) = if interactive {
        interactive_input()?
    } else {
        (script_input(o.script.clone())?, Printer::Stdout)
    };
    let mut session = Play {
        server: o.server.clone(),
        last_seq: first_seq,
        in_flight: Inflight::new(),
        link,
        known,
        session: session_id,
        player,
        role,
        printer,
        json: o.json,
        slot,
        token: resume_token,
        failures: 0,
        interactive,
        quiet: crate::quiet::Quiet::default(),
    };
    if o.json {
        session.print(raw);
    } else {
        let text = session
            .known
            .welcome(&session.player, resumed, missed, behind);
        session.print(text);
    }
    // What was missed follows the welcome; show all of it before any input.
    for _ in 0..missed {
        match session.link.recv::<ServerMsg>().await? {
            Some((msg, raw)) => {
                // The welcome's view already holds what these did: print only.
                session.receive(&msg, raw, false)?;
            }
            None => break,
        }
    }
    session.caught_up();
    session.run(lines).await
}

/// Where output goes: straight to stdout, or through the line editor so that
/// the prompt survives incoming messages.
enum Printer {
    Stdout,
    Editor(Box<dyn rustyline::ExternalPrinter + Send>),
}

/// A joined session being played.
struct Play {
    /// Where the server is, to reconnect.
    server: String,
    /// The last event seq received, to resume from.
    last_seq: u64,
    /// The request sent and not yet answered (one at a time), to send
    /// again (with its id) after a reconnection or when the server asks to
    /// slow down.
    in_flight: Inflight<ClientMsg>,
    link: Link,
    known: Known,
    /// What the feed holds back to sum up.
    quiet: crate::quiet::Quiet,
    session: String,
    player: PlayerId,
    role: Role,
    printer: Printer,
    json: bool,
    slot: Slot,
    token: String,
    failures: u32,
    interactive: bool,
}

/// What one input line asks for.
enum Line {
    Nothing,
    Send(Action),
    Request(ClientMsg),
    Say(String),
    Expect(String),
    Quit,
}

impl Play {
    async fn run(mut self, mut lines: mpsc::Receiver<String>) -> Result<ExitCode> {
        let mut expecting: Option<(String, tokio::time::Instant)> = None;
        // What arrived since the script's last command went out: `/expect`
        // is met by a message that came while the script was not yet
        // reading it (while waiting for an answer, say), not only by one
        // still to come.
        let mut since_sent: Vec<String> = Vec::new();
        loop {
            let deadline = expecting.as_ref().map(|(_, d)| *d);
            tokio::select! {
                incoming = self.link.recv::<ServerMsg>() => {
                    if let Err(e) = &incoming
                        && e.is::<brink_client::ResumedElsewhere>()
                    {
                        self.print(format!("({e}; this one stops here)"));
                        return Ok(ExitCode::FAILURE);
                    }
                    let Ok(Some((msg, raw))) = incoming else {
                        if self.reconnect().await? {
                            continue;
                        }
                        self.print("The server cannot be reached. Run the same brink join again to come back.".into());
                        return Ok(ExitCode::FAILURE);
                    };
                    if let ServerMsg::Rejected { id: Some(id), code, .. } = &msg
                        && code == codes::RATE_LIMITED
                        && let Some(again) = self.in_flight.get(id).cloned()
                    {
                        self.print("(the server asks to slow down: sending that again in a moment)".into());
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        self.link.send(&again).await?;
                        continue;
                    }
                    let printed = self.receive(&msg, raw, true)?;
                    if let Some(id) = answer_id(&msg) {
                        self.in_flight.settle(id);
                    }
                    if let (Some((text, _)), Some(line)) = (&expecting, &printed)
                        && line.contains(text.as_str())
                    {
                        expecting = None;
                    }
                    if let Some(line) = printed
                        && since_sent.len() < SINCE_SENT
                    {
                        since_sent.push(line);
                    }
                }
                line = lines.recv(), if self.in_flight.is_empty() && expecting.is_none() => {
                    let Some(line) = line else { break };
                    match self.interpret(&line) {
                        Line::Nothing => {}
                        Line::Quit => break,
                        Line::Say(text) => self.print(text),
                        Line::Expect(text) => {
                            if !since_sent.iter().any(|l| l.contains(text.as_str())) {
                                expecting = Some((text, tokio::time::Instant::now() + EXPECT_TIMEOUT));
                            }
                        }
                        Line::Send(action) => {
                            since_sent.clear();
                            let id = self.link.next_id();
                            let msg = ClientMsg::Command { id: id.clone(), command: action };
                            self.in_flight.push(id, msg.clone());
                            // A lost connection shows when reading; the command goes again then.
                            let _ = self.link.send(&msg).await;
                        }
                        Line::Request(msg) => {
                            since_sent.clear();
                            if let Some(id) = msg.request_id() {
                                self.in_flight.push(id.to_owned(), msg.clone());
                            }
                            let _ = self.link.send(&msg).await;
                        }
                    }
                }
                () = sleep_until(deadline), if deadline.is_some() => {
                    let text = expecting.take().map(|(t, _)| t).unwrap_or_default();
                    eprintln!("brink: expected {text:?} within {}s but it did not come", EXPECT_TIMEOUT.as_secs());
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Ok(if self.failures == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }

    /// Comes back after a lost connection: resumes with backoff, says so,
    /// shows what was missed, and sends again the request that was waiting
    /// for its answer (with its id, so it is not applied twice). `false`
    /// when the server stays out of reach.
    async fn reconnect(&mut self) -> Result<bool> {
        let mut wait = Duration::from_millis(250);
        for attempt in 1..=RECONNECT_ATTEMPTS {
            self.print(format!(
                "(connection lost; reconnecting in {:.1}s, attempt {attempt} of {RECONNECT_ATTEMPTS})",
                wait.as_secs_f64()
            ));
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(5));
            let Ok(mut link) = crate::connect(&self.server).await else {
                continue;
            };
            match link.resume::<ServerMsg>(&self.token, self.last_seq).await {
                Ok((
                    ServerMsg::Welcome {
                        view, missed, seq, ..
                    },
                    _,
                )) => {
                    self.link = link;
                    self.known.welcomed(*view, seq);
                    let behind = Resumed::of(self.last_seq, seq, missed) == Resumed::Snapshot;
                    self.print(if behind {
                        "(reconnected; too much happened to replay it all: /status shows where things stand)".into()
                    } else {
                        format!("(reconnected; {missed} missed event(s) follow)")
                    });
                    for _ in 0..missed {
                        match self.link.recv::<ServerMsg>().await {
                            Ok(Some((msg, raw))) => {
                                self.receive(&msg, raw, false)?;
                            }
                            _ => break,
                        }
                    }
                    self.caught_up();
                    for (_, again) in self.in_flight.iter() {
                        let _ = self.link.send(again).await;
                    }
                    return Ok(true);
                }
                Ok((ServerMsg::Rejected { code, message, .. }, _))
                    if code != codes::UNAVAILABLE =>
                {
                    self.print(format!("! cannot resume ({code}): {message}"));
                    return Ok(false);
                }
                _ => continue,
            }
        }
        Ok(false)
    }

    /// Says what a catch-up left out, and what it held back to sum up.
    fn caught_up(&mut self) {
        if self.json {
            return;
        }
        let said: Vec<String> = [self.quiet.flush(), self.quiet.presence_left_out()]
            .into_iter()
            .flatten()
            .collect();
        if !said.is_empty() {
            self.print(said.join("\n"));
        }
    }

    /// Handles a server message; returns the line printed for it, if any.
    /// `fold`: whether the event is news to the client's view (missed events
    /// replayed after a welcome are not).
    fn receive(&mut self, msg: &ServerMsg, raw: String, fold: bool) -> Result<Option<String>> {
        let line = match msg {
            ServerMsg::Event { seq, event } => {
                let held = self.quiet.hold(self.known.view(), &event.event, fold);
                if fold {
                    self.known.note(*seq, event);
                }
                self.last_seq = *seq;
                self.slot.save(&resume::Seat {
                    token: self.token.clone(),
                    last_seq: *seq,
                    session: Some(self.session.clone()),
                    role: Some(self.role.clone()),
                })?;
                if held {
                    None
                } else {
                    let line = self.known.line(event);
                    Some(match self.quiet.flush() {
                        Some(summary) => format!("{summary}\n{line}"),
                        None => line,
                    })
                }
            }
            ServerMsg::Forked { session, turn, .. } => {
                Some(crate::review::forked_text(session, *turn))
            }
            ServerMsg::Rejected { code, message, .. } => {
                self.failures += 1;
                Some(refusal_line(code, message))
            }
            _ => None,
        };
        if self.json {
            self.print(raw.clone());
            return Ok(Some(raw));
        }
        if let Some(line) = &line {
            self.print(line.clone());
        }
        Ok(line)
    }

    fn interpret(&mut self, line: &str) -> Line {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Line::Nothing;
        }
        let (word, rest) = match line.split_once(char::is_whitespace) {
            Some((w, r)) => (w, r.trim()),
            None => (line, ""),
        };
        let text = rest.to_owned();
        match word {
            "/help" => Line::Say(self.help()),
            "/who" => Line::Say(self.known.who_list()),
            "/seats" => Line::Say(self.about(crate::seats::seats_text)),
            "/briefing" => Line::Say(self.known.briefing()),
            "/status" => Line::Say(self.known.status()),
            "/start" => Line::Send(Action::StartGame {}),
            "/advance" | "/next" => match rest {
                "" => Line::Send(Action::Advance { force: false }),
                "force" => Line::Send(Action::Advance { force: true }),
                _ => self.usage(format!(
                    "usage: {word} [force] (force: close orders a side has not submitted)"
                )),
            },
            "/orders" => Line::Say(self.about(crate::describe::orders_text)),
            "/letters" => Line::Say(self.about(crate::describe::letters_text)),
            "/terms" | "/channels" => Line::Say(self.about(crate::describe::terms_text)),
            "/tracks" => Line::Say(self.about(crate::describe::tracks_text)),
            "/menu" => Line::Say(self.about(crate::describe::menu_text)),
            "/map" => Line::Say(self.about(crate::naval::map_text)),
            "/pending" => Line::Say(self.about(crate::describe::status_text)),
            "/pause" => Line::Send(Action::Pause {}),
            "/resume" => Line::Send(Action::Resume {}),
            "/deadline" | "/extend" => match seconds(rest) {
                Some(seconds) if word == "/deadline" => Line::Send(Action::SetDeadline { seconds }),
                Some(seconds) => Line::Send(Action::ExtendDeadline { seconds }),
                None => self.usage(format!(
                    "{word} takes minutes (e.g. {word} 10) or seconds (e.g. {word} 90s)"
                )),
            },
            "/nodeadline" => Line::Send(Action::ClearDeadline {}),
            "/declassify" => Line::Send(Action::Declassify {}),
            "/show" => match show_moment(rest, self.known.view()) {
                Ok(moment) => Line::Send(Action::ShowClass { moment }),
                Err(usage) => self.usage(usage),
            },
            "/title" if rest.is_empty() => {
                let title = self.known.view().map_or(String::new(), |v| {
                    v.title.clone().unwrap_or_else(|| v.scenario.title.clone())
                });
                self.usage(format!(
                    "usage: /title TEXT (the session is titled \"{title}\"; the umpire renames it for everyone and the server's list)"
                ))
            }
            "/title" => Line::Send(Action::SetTitle { title: text }),
            "/fork" => match rest.parse::<brink_engine::Point>() {
                Ok(at) => Line::Request(ClientMsg::Fork {
                    id: self.link.next_id(),
                    session: self.session.clone(),
                    auth: brink_protocol::Credential::Token(self.token.clone()),
                    at,
                }),
                Err(_) => self.usage(
                    "usage: /fork turn:N (a new session that stands where this one stood as turn N began)".into(),
                ),
            },
            "/addturns" => match rest.parse() {
                Ok(turns) => Line::Send(Action::AddTurns { turns }),
                Err(_) => self.usage("usage: /addturns N (days added after the last turn)".into()),
            },
            "/end" => Line::Send(Action::EndGame { verdict: text }),
            "/quit" | "/exit" => Line::Quit,
            "/expect" => Line::Expect(text),
            "/say" => Line::Send(Action::TeamChat { text }),
            "/umpire" => Line::Send(Action::MessageUmpire { text }),
            "/all" => Line::Send(Action::UmpireMessage {
                to: Audience::All,
                text,
            }),
            "/to" => {
                let (side, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                Line::Send(Action::UmpireMessage {
                    to: Audience::Side(SideId(side.to_owned())),
                    text: text.trim().to_owned(),
                })
            }
            w if w.starts_with('/') => {
                let parsed = self
                    .known
                    .view()
                    .and_then(|view| crate::commands::parse(w, rest, &self.role, view));
                match parsed {
                    Some(Ok(action)) => Line::Send(action),
                    Some(Err(usage)) => self.usage(usage),
                    None => self.usage(format!("unknown command {w}; /help lists the commands")),
                }
            }
            _ => match self.role {
                Role::Player { .. } => Line::Send(Action::TeamChat {
                    text: line.to_owned(),
                }),
                Role::Umpire => Line::Send(Action::UmpireMessage {
                    to: Audience::All,
                    text: line.to_owned(),
                }),
                Role::Observer => {
                    Line::Say("! observers only watch; /who shows who is here".into())
                }
            },
        }
    }

    /// A mistake in a typed command: said, and counted as a failure in scripts.
    fn usage(&mut self, text: String) -> Line {
        self.failures += u32::from(!self.interactive);
        Line::Say(format!("! {text}"))
    }

    /// A report about the session, from the client's picture of it.
    fn about(&self, report: fn(&brink_engine::View) -> String) -> String {
        self.known.view().map(report).unwrap_or_default()
    }

    fn help(&self) -> String {
        let own = match &self.role {
            Role::Player { side, .. } => format!(
                concat!(
                    "  TEXT              say TEXT to your team ({side}; the umpire reads it too)\n",
                    "  /say TEXT         the same\n",
                    "  /umpire TEXT      write to the umpire (your team reads it too)\n",
                    "Orders (in the orders phase; your side sees every change):\n",
                    "  /letter CHANNEL [@SIDE] [+TERM ...] TEXT   draft a letter, with terms it proposes\n",
                    "  /action WHAT | WHY | EXPECTED               draft a free-form action for the umpire\n",
                    "  /do ACTION        order a strategic action from your menu (/menu lists it)\n",
                    "  /move UNIT ZONE   move one of your units (within its movement)\n",
                    "  /stance UNIT STANCE   set a unit's stance (what it does at a quarantine line)\n",
                    "  /map              zones, your units, and enemy units as last seen\n",
                    "  /accept LETTER    accept the terms of a letter you received\n",
                    "  /publicise LETTER make a letter you sent or received public\n",
                    "  /drop N           remove item #N\n",
                    "  /orders           your side's orders, and whether they are submitted\n",
                    "  /submit           submit them (the leader; again to revise)\n",
                    "  /letters          letters you sent and received\n",
                    "  /terms            the channels and terms of the scenario\n",
                    "  /tracks           the tracks: exact where your side knows them, else bands\n",
                    "  /bookmark TEXT    mark this moment for your side's review (brink replay)"
                ),
                side = side
            ),
            Role::Umpire => concat!(
                "  TEXT              write TEXT to everyone (= /all TEXT)\n",
                "  /all TEXT         write to everyone, observers included\n",
                "  /to SIDE TEXT     write to one side\n",
                "  /start            start the game: turn 1's briefing\n",
                "  /advance [force]  next phase: briefing → orders → adjudication → next turn\n",
                "                    (force: close orders before every side has submitted)\n",
                "  /deadline MIN     close the orders phase MIN minutes from now (or 90s)\n",
                "  /extend MIN       move the deadline MIN minutes (or 90s) later\n",
                "  /nodeadline       remove the deadline\n",
                "  /pause, /resume   stop and restart the game and its deadline\n",
                "  /end VERDICT      end the game with your verdict\n",
                "  /addturns N       add N turns, a day each, after the scenario's last\n",
                "  /title TEXT       rename the session (everyone sees it; so does the server's list)\n",
                "  /anysubmit on|off let any member submit their side's orders\n",
                "Adjudication (after orders close; only you see it until you publish):\n",
                "  /pending          the pending adjudication (also in /status)\n",
                "  /rule ACTION accept|reject|roll N   rule on an action (roll: 2d6 >= N);\n",
                "                    ACTION is its id or its number in /pending\n",
                "  /outcome ACTION side|both|all|SIDE [succeeds|fails [overrule]] TEXT\n                                            write its outcome and who learns it\n",
                "  /agree [no]       confirm the agreement: publishing ends the crisis\n",
                "  /track TRACK +N|-N REASON          move a track at publish\n",
                "  /incident ID      bring an incident of the scenario's table in: it happens\n",
                "                    at publish as if drawn (/pending lists the ids)\n",
                "  /publish          release every audience its part\n",
                "  /inject all|both|SIDE [next] TEXT   an inject, now or at the next briefing\n",
                "  /note TEXT, /bookmark TEXT          private notes for the review\n",
                "  /fork turn:N      a what-if: a new session from the moment turn N began\n",
                "  /declassify       after the end: everyone may replay every perspective\n",
                "  /show WHO SEQ     once declassified: the wall shows WHO's picture (umpire, observers, a side) after SEQ of its events; /show off\n",
                "  /seats            every seat, who holds it and who is online\n",
                "  /briefing         this turn's briefing again\n",
                "  /free [SIDE] SEAT free a seat: its holder is out, the next to join takes it\n",
                "  /move-player NAME SEAT   move a player to a free seat of their side\n",
                "  /remove NAME      remove a player from the session\n",
                "  /orders, /letters, /terms, /tracks  orders; letters; channels and terms; tracks\n",
                "  /map              every unit where it truly is, and what each side has seen"
            )
            .to_owned()
                + &self.about(crate::describe::incidents_help),
            Role::Observer => "  (observers watch; they send nothing)".into(),
        };
        format!(
            "Commands:\n{own}\n  /status           turn, date, phase, deadline\n  /who              who holds which seat, who is online\n  /expect TEXT      (scripts) wait until a message containing TEXT arrives (or has, since the last command)\n  /help             this list\n  /quit             leave (run the same brink join to come back)"
        )
    }

    fn print(&mut self, text: String) {
        match &mut self.printer {
            Printer::Stdout => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{text}");
                let _ = out.flush();
            }
            Printer::Editor(p) => {
                let _ = p.print(text);
            }
        }
    }
}

/// `10` (minutes) or `90s` (seconds) as seconds.
fn seconds(text: &str) -> Option<u32> {
    match text.strip_suffix('s') {
        Some(secs) => secs.trim().parse().ok(),
        None => text.trim().parse::<u32>().ok()?.checked_mul(60),
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// Lines from a script file, or from stdin when it is not a terminal.
fn script_input(script: Option<PathBuf>) -> Result<mpsc::Receiver<String>> {
    let reader: Box<dyn BufRead + Send> = match &script {
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )),
        None => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let (tx, rx) = mpsc::channel(64);
    std::thread::spawn(move || {
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    Ok(rx)
}

/// Lines typed at a terminal, read by a line editor on its own thread.
fn interactive_input() -> Result<(mpsc::Receiver<String>, Printer)> {
    let mut editor = rustyline::DefaultEditor::new().context("cannot open the terminal")?;
    let printer = editor
        .create_external_printer()
        .context("cannot print to the terminal")?;
    let (tx, rx) = mpsc::channel(64);
    std::thread::spawn(move || {
        while let Ok(line) = editor.readline("> ") {
            let _ = editor.add_history_entry(line.as_str());
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    Ok((rx, Printer::Editor(Box::new(printer))))
}

/// The moment `/show` names: `off`, or a perspective (`umpire`,
/// `observers`, a side's id or name) and a point of its stream.
fn show_moment(
    rest: &str,
    view: Option<&brink_engine::View>,
) -> Result<Option<brink_engine::Moment>, String> {
    const USAGE: &str = "usage: /show WHO SEQ (WHO: umpire, observers or a side; SEQ: how many of its events, as in brink replay), or /show off";
    let mut words = rest.split_whitespace();
    let who = words.next().ok_or(USAGE)?;
    if who == "off" {
        return Ok(None);
    }
    let seq = words
        .next()
        .and_then(|w| w.parse::<u64>().ok())
        .ok_or(USAGE)?;
    let perspective = match who.to_lowercase().as_str() {
        "umpire" => brink_engine::Viewer::Umpire,
        "observer" | "observers" => brink_engine::Viewer::Observer,
        other => view
            .and_then(|v| {
                v.scenario
                    .sides
                    .iter()
                    .find(|s| s.id.as_str() == other || s.name.to_lowercase() == other)
            })
            .map(|s| brink_engine::Viewer::Side(s.id.clone()))
            .ok_or(USAGE)?,
    };
    Ok(Some(brink_engine::Moment { perspective, seq }))
}
