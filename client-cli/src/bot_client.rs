//! Computer players as clients of any server (issue 29): `brink bot CODE`
//! joins with a join code as a bot — a side's seat played by brink-bots'
//! [`Bot`] in a persona, or the umpire's seat by its automatic [`Umpire`] —
//! and acts on what its own connection receives, nothing else: the
//! welcome's view kept current by the engine's fold, and each event. Its
//! commands are ordinary ones, refusals included. `brink solo` creates a
//! session, puts a bot in each other side's leader seat and in the umpire's,
//! and seats you.

use anyhow::{Context, Result, bail};
use brink_bots::{Bot, Persona, Umpire};
use brink_client::{Follow, Link, Taken};
use brink_engine::{Action, Role, Seen, View};
use brink_protocol::{ClientMsg, ServerMsg};
use std::process::ExitCode;

/// A bot's settings.
#[derive(Debug, Clone)]
pub struct BotOptions {
    /// The server's WebSocket address.
    pub server: String,
    /// The join code: a side's (the bot takes `seat`, or the first free
    /// one) or the umpire's (the automatic umpire).
    pub code: String,
    /// How a side's bot plays (the umpire has one way).
    pub persona: Persona,
    /// The seat to take, for a side.
    pub seat: Option<String>,
    /// Its choices' seed.
    pub seed: u64,
    /// The automatic umpire's pace, for a demonstration on the wall: each
    /// phase lasts at least this long.
    pub pace: Option<std::time::Duration>,
}

/// Who the bot is.
enum Agent {
    Side(Box<Bot>),
    Umpire(Umpire),
}

impl Agent {
    fn next(&mut self, view: &View) -> Option<Action> {
        match self {
            Agent::Side(bot) => bot.next(view),
            Agent::Umpire(umpire) => umpire.next(view),
        }
    }

    fn on_event(&mut self, seen: &Seen) {
        if let Agent::Side(bot) = self {
            bot.on_event(seen);
        }
    }

    fn refused(&mut self, code: &str, message: &str) {
        match self {
            Agent::Side(bot) => bot.refused(code, message),
            Agent::Umpire(umpire) => umpire.refused(code, message),
        }
    }
}

/// What a join code admits a bot to: the umpire's seat (`None`), or a
/// side's seat with its name — `wanted`, or the first free one (the
/// leader's first).
async fn seat_for(
    link: &mut Link,
    code: &str,
    wanted: Option<&str>,
) -> Result<Option<(String, String)>> {
    let id = link.next_id();
    let (answer, _) = link
        .request::<ServerMsg>(&ClientMsg::Seats {
            id,
            code: code.to_owned(),
        })
        .await?;
    match answer {
        ServerMsg::Seats { role, seats, .. } => {
            if role == brink_engine::JoinRole::Umpire {
                return Ok(None);
            }
            if let Some(wanted) = wanted {
                return match seats.into_iter().find(|s| s.seat.as_str() == wanted) {
                    Some(s) => Ok(Some((wanted.to_owned(), s.name))),
                    None => bail!("this side has no seat {wanted:?}"),
                };
            }
            let mut free: Vec<_> = seats.into_iter().filter(|s| s.holder.is_none()).collect();
            free.sort_by_key(|s| !s.leader);
            match free.into_iter().next() {
                Some(s) => Ok(Some((s.seat.as_str().to_owned(), s.name))),
                None => bail!("every seat of this side is held; free one first"),
            }
        }
        ServerMsg::Rejected { message, .. } => bail!("{message}"),
        _ => bail!("the server answered something else than the seats"),
    }
}

/// Joins with `o.code` and plays until the game ends or the connection does.
pub async fn run(o: BotOptions) -> Result<ExitCode> {
    let mut link = crate::connect(&o.server).await?;
    // Named as a bot, with its persona (and its seat, so two differ).
    let (seat, name) = match seat_for(&mut link, &o.code, o.seat.as_deref()).await? {
        None => (None, "Automatic umpire".to_owned()),
        Some((seat, seat_name)) => {
            let name = format!("Bot ({}, {seat_name})", o.persona.name());
            (Some(seat), name)
        }
    };
    let (answer, _) = link
        .join::<ServerMsg>(&o.code, &name, seat.as_deref())
        .await?;
    let (view, seq, role) = match answer {
        ServerMsg::Welcome {
            view, seq, role, ..
        } => (view, seq, role),
        ServerMsg::Rejected { code, message, .. } => {
            bail!("the bot could not join ({code}): {message}")
        }
        _ => bail!("the server answered the join with something else"),
    };
    let mut agent = match role {
        Role::Umpire => Agent::Umpire(Umpire::new()),
        Role::Player { side, seat } => {
            Agent::Side(Box::new(Bot::new(o.persona, o.seed, side, seat)))
        }
        Role::Observer => bail!("a bot plays a side or umpires; an observers' code seats none"),
    };
    eprintln!("brink: {name} joined");
    let pace = o.pace.filter(|_| matches!(agent, Agent::Umpire(_)));
    play(&mut link, &mut agent, Follow::new(*view, seq), pace).await?;
    Ok(ExitCode::SUCCESS)
}

/// What a bot says when its connection ends before the game does.
const LOST: &str = "the connection to the server ended before the game did; start the bot again to take a free seat";

/// The bot's loop: whatever it has to do, one command at a time, each
/// answered before the next; then the next event.
async fn play(
    link: &mut Link,
    agent: &mut Agent,
    mut follow: Follow,
    pace: Option<std::time::Duration>,
) -> Result<()> {
    let mut phase_began = tokio::time::Instant::now();
    let mut phase = (follow.view().turn, follow.view().phase);
    loop {
        if (follow.view().turn, follow.view().phase) != phase {
            phase = (follow.view().turn, follow.view().phase);
            phase_began = tokio::time::Instant::now();
        }
        if let Some(action) = agent.next(follow.view()) {
            // At a demonstration's pace, the clock waits (reading on).
            if let Some(pace) = pace
                && matches!(action, Action::StartGame {} | Action::Advance { .. })
                && tokio::time::Instant::now() < phase_began + pace
            {
                if let Ok(msg) =
                    tokio::time::timeout_at(phase_began + pace, link.recv::<ServerMsg>()).await
                {
                    match msg? {
                        None => bail!(LOST),
                        Some((ServerMsg::Event { seq, event }, _)) => {
                            take(&mut follow, agent, seq, &event)?
                        }
                        Some(_) => {}
                    }
                }
                continue;
            }
            let id = link.next_id();
            let command = ClientMsg::Command {
                id: id.clone(),
                command: action,
            };
            link.send(&command).await?;
            loop {
                match link.recv::<ServerMsg>().await? {
                    None => bail!(LOST),
                    Some((ServerMsg::Event { seq, event }, _)) => {
                        take(&mut follow, agent, seq, &event)?;
                    }
                    Some((ServerMsg::Ack { id: got, .. }, _)) if got == id => break,
                    // Too fast for the server: the same command again, in a moment.
                    Some((
                        ServerMsg::Rejected {
                            id: Some(got),
                            code,
                            ..
                        },
                        _,
                    )) if got == id && code == brink_protocol::codes::RATE_LIMITED => {
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                        link.send(&command).await?;
                    }
                    Some((
                        ServerMsg::Rejected {
                            id: Some(got),
                            code,
                            message,
                        },
                        _,
                    )) if got == id => {
                        agent.refused(&code, &message);
                        break;
                    }
                    Some(_) => {}
                }
            }
            continue;
        }
        if follow.view().phase == brink_engine::Phase::Ended {
            return Ok(());
        }
        match link.recv::<ServerMsg>().await? {
            None => bail!(LOST),
            Some((ServerMsg::Event { seq, event }, _)) => take(&mut follow, agent, seq, &event)?,
            Some(_) => {}
        }
    }
}

/// One event: into the view, then to the bot.
fn take(follow: &mut Follow, agent: &mut Agent, seq: u64, event: &Seen) -> Result<()> {
    match follow.apply(seq, event) {
        Taken::Next => {
            agent.on_event(event);
            Ok(())
        }
        Taken::Again => Ok(()),
        Taken::Gap => bail!("the stream skipped from {} to {seq}", follow.last()),
    }
}

/// `brink solo`'s settings.
#[derive(Debug, Clone)]
pub struct SoloOptions {
    /// The server's WebSocket address.
    pub server: String,
    /// The admin token, to create the session.
    pub admin_token: String,
    /// The scenario.
    pub scenario: String,
    /// The side you play.
    pub side: String,
    /// How the other sides' bots play.
    pub against: Persona,
    /// The bots' seed.
    pub seed: u64,
    /// Your name.
    pub name: String,
    /// Your commands from a file instead of a terminal.
    pub script: Option<std::path::PathBuf>,
    /// Lines as JSON.
    pub json: bool,
}

/// Creates a session, seats the bots (the other sides' and the umpire) and
/// you, and plays until you quit; the bots stop with you.
pub async fn solo(o: SoloOptions) -> Result<ExitCode> {
    let mut link = crate::connect(&o.server).await?;
    let id = link.next_id();
    let title = format!("Solo: {} against {} bots", o.name, o.against.name());
    let (answer, _) = link
        .request::<ServerMsg>(&ClientMsg::CreateSession {
            id,
            admin_token: o.admin_token.clone(),
            scenario: o.scenario.clone(),
            observers: brink_engine::ObserverMode::default(),
            title: Some(title),
        })
        .await?;
    let session = match answer {
        ServerMsg::SessionCreated { session, .. } => session,
        ServerMsg::Rejected { code, message, .. } => {
            bail!("the session could not be created ({code}): {message}")
        }
        _ => bail!("the server answered the creation with something else"),
    };
    let code_of = |role: &str| {
        session
            .codes
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.code.clone())
    };
    let mine = code_of(&o.side).with_context(|| {
        let sides: Vec<&str> = session
            .codes
            .iter()
            .map(|c| c.role.as_str())
            .filter(|r| *r != "umpire" && *r != "observer")
            .collect();
        format!(
            "this scenario has no side {:?}; its sides are {}",
            o.side,
            sides.join(", ")
        )
    })?;
    let mut bots = Vec::new();
    for (n, code) in session.codes.iter().enumerate() {
        if code.role == o.side || code.role == "observer" {
            continue;
        }
        let options = BotOptions {
            server: o.server.clone(),
            code: code.code.clone(),
            persona: o.against,
            seat: None,
            seed: o.seed.wrapping_add(n as u64),
            pace: None,
        };
        bots.push(tokio::spawn(async move {
            if let Err(e) = run(options).await {
                eprintln!("brink: a bot stopped: {e:#}");
            }
        }));
    }
    eprintln!(
        "brink: session {} with bots; in a browser: {}",
        session.session,
        crate::seats::browser_link(&o.server, &mine)
    );
    let seat = seat_for(&mut link, &mine, None)
        .await?
        .map(|(seat, _)| seat);
    let played = crate::play::join(crate::play::JoinOptions {
        server: o.server,
        code: mine,
        name: o.name,
        seat,
        script: o.script,
        json: o.json,
    })
    .await;
    for bot in bots {
        bot.abort();
    }
    played
}
