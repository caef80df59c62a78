//! The after-action review from the command line: `brink replay` (a whole run
//! printed, or stepped through with single keys at a terminal), `brink
//! report`, `brink export` and `brink fork`. The server does the work; this
//! asks for it, with the credential it finds: a `--code` or `--token` given,
//! a seat remembered on this machine, or the admin token.

use crate::render::Known;
use crate::resume;
use anyhow::{Context, Result, bail};
use brink_client::Link;
use brink_engine::{Point, Role, View, Viewer};
use brink_protocol::{ClientMsg, Credential, ExportFormat, ReportFormat, ServerMsg, StreamEvent};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// How a review command proves who asks.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// A join code given on the command line.
    pub code: Option<String>,
    /// A resume token given on the command line.
    pub token: Option<String>,
    /// The admin token, from the command line or `BRINK_ADMIN_TOKEN`.
    pub admin_token: Option<String>,
}

impl Auth {
    /// The credential to use in `session` for `perspective` (none: the
    /// widest one): a code or token given, else a seat remembered on this
    /// machine (the umpire's, else one that sees the perspective, else any),
    /// else the admin token. It says on stderr which it uses.
    fn credential(&self, session: &str, perspective: Option<&Viewer>) -> Result<Credential> {
        let (credential, said) = self.choose(session, perspective)?;
        eprintln!("brink: using {said}");
        Ok(credential)
    }

    fn choose(&self, session: &str, perspective: Option<&Viewer>) -> Result<(Credential, String)> {
        if let Some(code) = &self.code {
            return Ok((Credential::Code(code.clone()), "the join code given".into()));
        }
        if let Some(token) = &self.token {
            return Ok((
                Credential::Token(token.clone()),
                "the resume token given".into(),
            ));
        }
        let seats = resume::remembered(session);
        let sees = |seat: &&resume::Seat| match (&seat.role, perspective) {
            (Some(Role::Umpire), _) => true,
            (Some(Role::Player { side, .. }), Some(Viewer::Side(wanted))) => side == wanted,
            _ => false,
        };
        let umpire = seats.iter().find(|s| matches!(s.role, Some(Role::Umpire)));
        // A seat of one's own comes before the admin token, so that a side
        // player with BRINK_ADMIN_TOKEN about never replays as the umpire by
        // surprise.
        if let Some(seat) = umpire.or_else(|| seats.iter().find(sees)).or(seats.first()) {
            let role = match &seat.role {
                Some(Role::Umpire) => "the umpire".to_owned(),
                Some(Role::Player { side, seat }) => format!("{seat} of {side}"),
                Some(Role::Observer) | None => "an observer".to_owned(),
            };
            return Ok((
                Credential::Token(seat.token.clone()),
                format!("your seat in this session, as {role}"),
            ));
        }
        if let Some(admin) = &self.admin_token {
            return Ok((
                Credential::AdminToken(admin.clone()),
                "the admin token".into(),
            ));
        }
        bail!(
            "no seat of session {session} is remembered on this machine; pass --code CODE (your join code) or --token TOKEN, or set BRINK_ADMIN_TOKEN"
        )
    }
}

/// `umpire`, `public` (or `observer`), or a side's id, as a perspective.
pub fn perspective(text: &str) -> Viewer {
    match text {
        "umpire" => Viewer::Umpire,
        "public" | "observer" | "observers" => Viewer::Observer,
        side => Viewer::Side(side.into()),
    }
}

/// What `brink replay` was asked.
#[derive(Debug)]
pub struct ReplayOptions {
    pub server: String,
    pub session: String,
    pub perspective: Viewer,
    pub from: Option<Point>,
    pub to: Option<Point>,
    pub auth: Auth,
    pub json: bool,
}

/// A replay fetched whole: every event from `from` to `to`, and the view at `to`.
struct Run {
    events: Vec<(StreamEvent, String)>,
    view: View,
    to: u64,
    end: u64,
}

/// `brink replay`: prints the run, or steps through it at a terminal.
pub async fn replay(o: ReplayOptions) -> Result<ExitCode> {
    let mut link = crate::connect(&o.server).await?;
    let auth = o.auth.credential(&o.session, Some(&o.perspective))?;
    let run = match fetch(&mut link, &o, &auth, o.from, o.to).await? {
        Ok(run) => run,
        Err(refusal) => {
            eprintln!("brink: {refusal}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let interactive = !o.json && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if interactive {
        return step(&mut link, &o, &auth, run).await;
    }
    let mut out = std::io::stdout().lock();
    if o.json {
        for (_, raw) in &run.events {
            writeln!(out, "{raw}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut known = Known::default();
    known.reset(run.view.clone());
    writeln!(
        out,
        "Replay of session {} as {}: {} to {} ({} event(s); the stream has {} so far)",
        o.session,
        name(&o.perspective, &run.view),
        o.from.unwrap_or(Point::Start),
        o.to.unwrap_or(Point::End),
        run.events.len(),
        run.end
    )?;
    for (event, _) in &run.events {
        writeln!(out, "[{}] {}", event.seq, known.line(&event.event))?;
    }
    writeln!(
        out,
        "--- As {} stood at seq {} ---",
        name(&o.perspective, &run.view),
        run.to
    )?;
    writeln!(out, "{}", known.status())?;
    let tracks = crate::describe::tracks_text(&run.view);
    if !tracks.is_empty() {
        writeln!(out, "{tracks}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Fetches a replay's every page; a refusal comes back as its text.
async fn fetch(
    link: &mut Link,
    o: &ReplayOptions,
    auth: &Credential,
    from: Option<Point>,
    mut to: Option<Point>,
) -> Result<std::result::Result<Run, String>> {
    let mut events = Vec::new();
    let mut after = from;
    let mut view = None;
    loop {
        let id = link.next_id();
        let request = ClientMsg::Replay {
            id,
            session: o.session.clone(),
            auth: auth.clone(),
            perspective: o.perspective.clone(),
            from: after,
            to,
            view: view.is_none(),
        };
        match link.request::<ServerMsg>(&request).await? {
            (
                ServerMsg::Replay {
                    events: page,
                    more,
                    view: page_view,
                    to: at,
                    end,
                    ..
                },
                _,
            ) => {
                if let Some(v) = page_view {
                    view = Some(*v);
                }
                let last = page.last().map(|e| e.seq);
                for event in page {
                    let raw = serde_json::to_string(&event)?;
                    events.push((event, raw));
                }
                match (more, last) {
                    (true, Some(last)) => {
                        after = Some(Point::Seq(last));
                        // A live session goes on: the rest of the pages stop
                        // where the first one's view stands.
                        to = Some(Point::Seq(at));
                    }
                    _ => {
                        let view = view.context("the server sent no view")?;
                        return Ok(Ok(Run {
                            events,
                            view,
                            to: at,
                            end,
                        }));
                    }
                }
            }
            (ServerMsg::Rejected { code, message, .. }, _) => {
                return Ok(Err(format!("refused ({code}): {message}")));
            }
            (other, _) => bail!("unexpected answer: {other:?}"),
        }
    }
}

/// Steps through a run with single keys, asking the server for the view at
/// each step.
async fn step(link: &mut Link, o: &ReplayOptions, auth: &Credential, run: Run) -> Result<ExitCode> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind};
    let first = run
        .events
        .first()
        .map_or(run.to, |(e, _)| e.seq.saturating_sub(1));
    let mut at: usize = run.events.len();
    crossterm::terminal::enable_raw_mode().context("cannot read single keys from this terminal")?;
    let outcome = async {
        let mut view = run.view.clone();
        loop {
            let seq = if at == 0 {
                first
            } else {
                run.events[at - 1].0.seq
            };
            draw(o, &run, at, seq, &view)?;
            let key = tokio::task::spawn_blocking(event::read).await??;
            let Event::Key(key) = key else { continue };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let turn_of = |i: usize| {
                run.events
                    .get(i.wrapping_sub(1))
                    .map_or(0, |(e, _)| e.event.turn)
            };
            let next = match key.code {
                KeyCode::Char('q') | KeyCode::Esc => break,
                KeyCode::Right | KeyCode::Char('n') | KeyCode::Char(' ') => {
                    (at + 1).min(run.events.len())
                }
                KeyCode::Left | KeyCode::Char('p') => at.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('N') => {
                    let turn = turn_of(at);
                    (at + 1..=run.events.len())
                        .find(|i| turn_of(*i) > turn)
                        .unwrap_or(run.events.len())
                }
                KeyCode::Up | KeyCode::Char('P') => {
                    // To the start of this turn, or from there to the start
                    // of the turn before.
                    let turn = turn_of(at);
                    let start = |t: u32| (1..=run.events.len()).find(|i| turn_of(*i) >= t);
                    match start(turn) {
                        Some(s) if s < at && turn > 0 => s,
                        _ if turn > 1 => start(turn - 1).unwrap_or(0),
                        _ => 0,
                    }
                }
                KeyCode::Char('b') => (at + 1..=run.events.len())
                    .find(|i| {
                        matches!(
                            run.events[i - 1].0.event.event,
                            brink_engine::Event::NoteWritten { bookmark: true, .. }
                        )
                    })
                    .unwrap_or(at),
                KeyCode::Home | KeyCode::Char('g') => 0,
                KeyCode::End | KeyCode::Char('G') => run.events.len(),
                _ => at,
            };
            if next != at {
                at = next;
                let seq = if at == 0 {
                    first
                } else {
                    run.events[at - 1].0.seq
                };
                let point = Some(Point::Seq(seq));
                let single = ReplayOptions {
                    server: o.server.clone(),
                    session: o.session.clone(),
                    perspective: o.perspective.clone(),
                    from: point,
                    to: point,
                    auth: o.auth.clone(),
                    json: false,
                };
                if let Ok(step) = fetch(link, &single, auth, point, point).await? {
                    view = step.view;
                }
            }
        }
        anyhow::Ok(())
    }
    .await;
    crossterm::terminal::disable_raw_mode()?;
    writeln!(std::io::stdout().lock())?;
    outcome?;
    Ok(ExitCode::SUCCESS)
}

/// Draws one step of the replay: the last events up to it, and the view there.
fn draw(o: &ReplayOptions, run: &Run, at: usize, seq: u64, view: &View) -> Result<()> {
    let mut known = Known::default();
    known.reset(view.clone());
    // Names come from the run's end, which knows every player so far.
    let mut names = Known::default();
    names.reset(run.view.clone());
    let (width, height) = crossterm::terminal::size().unwrap_or((100, 40));
    let width = usize::from(width.max(20));
    // Each text as the terminal's rows, long lines cut to its width.
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.chars().take(width).collect::<String>())
            .collect()
    };
    let mut top = rows(&format!(
        "Replay of {} as {} — step {at} of {} (seq {seq})",
        o.session,
        name(&o.perspective, &run.view),
        run.events.len()
    ));
    top.extend(rows(&known.status()));
    top.push(String::new());
    let mut bottom = vec![String::new()];
    bottom.extend(rows(&crate::describe::tracks_text(view)));
    bottom.push(String::new());
    bottom.extend(rows(
        "→/n next  ←/p back  ↓/N next turn  ↑/P previous turn  b next bookmark  g/G start/end  q quit",
    ));
    // The events up to this step, the latest last, as many as fit between.
    let room = usize::from(height).saturating_sub(top.len() + bottom.len() + 1);
    let mut middle: Vec<String> = Vec::new();
    for (i, (event, _)) in run.events.iter().enumerate().take(at).rev() {
        let mark = if i + 1 == at { ">" } else { " " };
        let lines = rows(&format!(
            "{mark} [{}] {}",
            event.seq,
            names.line(&event.event)
        ));
        if middle.len() + lines.len() > room {
            break;
        }
        middle.splice(0..0, lines);
    }
    let mut screen = String::from("\x1b[2J\x1b[H");
    for line in top.iter().chain(&middle).chain(&bottom) {
        screen.push_str(line);
        screen.push_str("\r\n");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(screen.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// `brink report`: writes the report to a file.
pub async fn report(
    server: &str,
    session: &str,
    format: ReportFormat,
    out: PathBuf,
    auth: &Auth,
) -> Result<ExitCode> {
    let credential = auth.credential(session, None)?;
    let mut link = crate::connect(server).await?;
    let id = link.next_id();
    let request = ClientMsg::Report {
        id,
        session: session.to_owned(),
        auth: credential,
        format,
    };
    write_document(&mut link, &request, Some(&out)).await
}

/// `brink export`: writes an export to a file, or to stdout.
pub async fn export(
    server: &str,
    session: &str,
    format: ExportFormat,
    perspective: Option<Viewer>,
    out: Option<PathBuf>,
    auth: &Auth,
) -> Result<ExitCode> {
    let credential = auth.credential(session, perspective.as_ref())?;
    let mut link = crate::connect(server).await?;
    let id = link.next_id();
    let request = ClientMsg::Export {
        id,
        session: session.to_owned(),
        auth: credential,
        format,
        perspective,
    };
    write_document(&mut link, &request, out.as_ref()).await
}

/// Sends a request for a document and writes its parts, in order.
async fn write_document(
    link: &mut Link,
    request: &ClientMsg,
    out: Option<&PathBuf>,
) -> Result<ExitCode> {
    let mut text = String::new();
    let (mut answer, _) = link.request::<ServerMsg>(request).await?;
    loop {
        match answer {
            ServerMsg::Document {
                text: part, last, ..
            } => {
                text.push_str(&part);
                if last {
                    break;
                }
            }
            ServerMsg::Rejected { code, message, .. } => {
                eprintln!("brink: refused ({code}): {message}");
                return Ok(ExitCode::FAILURE);
            }
            other => bail!("unexpected answer: {other:?}"),
        }
        answer = match link.recv::<ServerMsg>().await? {
            Some((msg, _)) => msg,
            None => bail!("the server closed the connection before the document was complete"),
        };
    }
    match out {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {} ({} bytes).", path.display(), text.len());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `brink fork`: forks a session and prints the new one's join codes.
pub async fn fork(
    server: &str,
    session: &str,
    at: Point,
    auth: &Auth,
    json: bool,
) -> Result<ExitCode> {
    let credential = auth.credential(session, Some(&Viewer::Umpire))?;
    let mut link = crate::connect(server).await?;
    let id = link.next_id();
    let request = ClientMsg::Fork {
        id,
        session: session.to_owned(),
        auth: credential,
        at,
    };
    let (answer, raw) = link.request::<ServerMsg>(&request).await?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{raw}")?;
    }
    match answer {
        ServerMsg::Forked { session, turn, .. } => {
            if !json {
                writeln!(out, "{}", forked_text(&session, turn))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        ServerMsg::Rejected { code, message, .. } => {
            eprintln!("brink: refused ({code}): {message}");
            Ok(ExitCode::FAILURE)
        }
        other => bail!("unexpected answer: {other:?}"),
    }
}

/// What a fork made, for people: the new session and its join codes.
pub fn forked_text(session: &brink_protocol::SessionInfo, turn: u32) -> String {
    let mut text = format!(
        "Forked: session {} stands where this one stood as turn {turn} began.\nJoin codes for the fork (hand each group only its own):",
        session.session
    );
    for c in &session.codes {
        text.push_str(&format!("\n  {:<10} {}", c.role, c.code));
    }
    text.push_str("\nJoin it with: brink join CODE --name NAME [--seat SEAT] (the umpire too: the fork is a new session)");
    text
}

fn name(perspective: &Viewer, view: &View) -> String {
    match perspective {
        Viewer::Umpire => "the umpire".into(),
        Viewer::Observer => "the public".into(),
        Viewer::Side(side) => crate::describe::side_name(view, side),
    }
}
