//! `brink`: the command-line client. `brink admin ...` for the server's admin,
//! `brink join CODE ...` for everyone in a session: a REPL for a person at a
//! terminal, and a script runner when stdin is not a terminal or with
//! `--script FILE` (with `--json`, one JSON line per server message).

mod bot_client;
mod bots;
mod commands;
mod describe;
#[cfg(test)]
mod names_tests;
mod naval;
mod play;
mod quiet;
mod render;
mod resume;
mod review;
mod seats;

use anyhow::Result;
use brink_client::{Link, Options};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Brink's client: create sessions, join them, play.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The server's address.
    #[arg(
        long,
        global = true,
        env = "BRINK_SERVER",
        default_value = "ws://127.0.0.1:7878"
    )]
    server: String,
    /// Print every server message as one JSON line, for machines.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Server administration (needs the admin token).
    Admin {
        /// The admin token the server printed when it first started.
        #[arg(long, global = true, env = "BRINK_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
        #[command(subcommand)]
        command: AdminCmd,
    },
    /// Join a session with a join code (or come back to your seat).
    Join {
        /// The join code your umpire handed out.
        code: String,
        /// Your display name.
        #[arg(long)]
        name: String,
        /// The seat to take (side players): e.g. president, first_secretary.
        #[arg(long)]
        seat: Option<String>,
        /// Run the commands in FILE instead of reading a terminal.
        #[arg(long)]
        script: Option<PathBuf>,
    },
    /// What a join code admits to, and who holds the side's seats.
    Seats {
        /// The join code.
        code: String,
    },
    /// Replay a session from a perspective: the whole run printed, or stepped
    /// through with single keys at a terminal.
    Replay {
        /// The session's id.
        session: String,
        /// Whose perspective: umpire, public, or a side (us, ussr, ...).
        #[arg(long = "as", default_value = "public")]
        perspective: String,
        /// Start after this point: start, seq:N, turn:N (the moment turn N
        /// began), turn:N:briefing|orders|adjudication.
        #[arg(long)]
        from: Option<brink_engine::Point>,
        /// Replay up to this point (default: the end so far).
        #[arg(long)]
        to: Option<brink_engine::Point>,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Write the after-action report of a session (the umpire's; everyone's
    /// once declassified).
    Report {
        /// The session's id.
        session: String,
        /// html (one self-contained file) or md (Markdown).
        #[arg(long, default_value = "html")]
        format: ReportFormatArg,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Export a session's log: jsonl (one event per line) or csv (the timeline).
    Export {
        /// The session's id.
        session: String,
        /// jsonl or csv.
        #[arg(long, default_value = "jsonl")]
        format: ExportFormatArg,
        /// Whose stream: umpire (the raw log), public, or a side (default: your own).
        #[arg(long = "as")]
        perspective: Option<String>,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Play bot games headless, in the engine (no server): a bot of a
    /// persona on each side and the automatic umpire; one line a game
    /// (outcome, turns, final tracks), the totals last.
    Bots {
        /// A built-in scenario's id, or a scenario file.
        #[arg(long, default_value = "cuban-missile-crisis-1962")]
        scenario: String,
        /// The US persona (1962): historical, hawk, dove or random-legal.
        #[arg(long)]
        us: Option<String>,
        /// The Soviet persona (1962).
        #[arg(long)]
        ussr: Option<String>,
        /// Any side's persona, as SIDE=PERSONA (e.g. east=hawk); a side
        /// given none plays historical.
        #[arg(long = "side", value_name = "SIDE=PERSONA")]
        sides: Vec<String>,
        /// How many games.
        #[arg(long, default_value_t = 100)]
        games: u64,
        /// The first game's seed; each next game's is one more.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// A computer player joins with a join code and plays until the game
    /// ends: a side's seat in a persona, or (with the umpire's code) the
    /// automatic umpire. It acts on what its own connection receives alone.
    Bot {
        /// The join code: a side's, or the umpire's.
        code: String,
        /// How it plays a side: historical, hawk, dove or random-legal.
        #[arg(long, default_value = "historical")]
        persona: String,
        /// The seat to take (default: the first free one, the leader's first).
        #[arg(long)]
        seat: Option<String>,
        /// Its choices' seed, so a bot plays the same way again.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The automatic umpire's pace for a demonstration on the wall: each
        /// phase lasts at least this many seconds.
        #[arg(long)]
        pace: Option<f64>,
    },
    /// Practise alone: a new session on the server with bots on the other
    /// side and the automatic umpire, and you in your side's leader seat
    /// (also printed as a link for the browser). Needs the admin token.
    Solo {
        /// The side you play (a side's id: us, ussr; allies, east).
        #[arg(long, default_value = "us")]
        side: String,
        /// How the other side's bots play: historical, hawk, dove or random-legal.
        #[arg(long, default_value = "historical")]
        against: String,
        /// The scenario.
        #[arg(long, default_value = "cuban-missile-crisis-1962")]
        scenario: String,
        /// Your display name.
        #[arg(long, default_value = "Student")]
        name: String,
        /// The bots' seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Run the commands in FILE instead of reading a terminal.
        #[arg(long)]
        script: Option<PathBuf>,
        /// The admin token the server printed when it first started.
        #[arg(long, env = "BRINK_ADMIN_TOKEN", hide_env_values = true)]
        admin_token: Option<String>,
    },
    /// Fork a session at a turn boundary into a new session with new join
    /// codes, to play a decision again (the umpire).
    Fork {
        /// The session's id.
        session: String,
        /// Where: turn:N, the moment before turn N began.
        #[arg(long)]
        at: brink_engine::Point,
        #[command(flatten)]
        auth: AuthArgs,
    },
}

/// How a review command proves who asks (default: a seat remembered on this
/// machine, else the admin token).
#[derive(Debug, clap::Args)]
struct AuthArgs {
    /// A join code of the session (yours).
    #[arg(long)]
    code: Option<String>,
    /// A resume token of the session.
    #[arg(long)]
    token: Option<String>,
    /// The admin token: the umpire's authority in any session.
    #[arg(long, env = "BRINK_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
}

impl From<AuthArgs> for review::Auth {
    fn from(a: AuthArgs) -> Self {
        review::Auth {
            code: a.code,
            token: a.token,
            admin_token: a.admin_token,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ReportFormatArg {
    Html,
    Md,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormatArg {
    Jsonl,
    Csv,
}

#[derive(Debug, Subcommand)]
enum AdminCmd {
    /// Create a session from a scenario and print its join codes.
    CreateSession {
        /// The scenario's id.
        #[arg(long, default_value = "cuban-missile-crisis-1962")]
        scenario: String,
        /// Observers see the umpire's whole picture N turns behind, instead
        /// of what is public as it happens.
        #[arg(long, value_name = "TURNS", conflicts_with = "observers_after_end")]
        observer_delay: Option<u32>,
        /// Observers see the umpire's whole picture once the game has ended,
        /// and nothing before.
        #[arg(long)]
        observers_after_end: bool,
        /// The session's title, to find it by in list-sessions, e.g.
        /// "Monday seminar, group B" (default: the scenario's title; the
        /// umpire may change it with /title).
        #[arg(long)]
        title: Option<String>,
    },
    /// List the sessions on the server: each one's title, scenario, status,
    /// players online and last activity, and its join codes.
    ListSessions,
    /// The server's work counters: connections, commands, events, and how
    /// many times events were serialized and delivered.
    Stats,
}

/// Connects to `server` and exchanges hellos, as `brink <version>`.
pub async fn connect(server: &str) -> Result<Link> {
    Link::connect(
        server,
        Options::new(format!("brink {}", env!("CARGO_PKG_VERSION"))),
    )
    .await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("brink: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Cmd::Admin {
            admin_token,
            command,
        } => {
            let Some(token) = admin_token else {
                anyhow::bail!(
                    "admin commands need the admin token: pass --admin-token TOKEN or set BRINK_ADMIN_TOKEN (the server printed it when it first started, and keeps it in its data directory's admin-token file)"
                );
            };
            play::admin(&args.server, &token, command, args.json).await
        }
        Cmd::Join {
            code,
            name,
            seat,
            script,
        } => {
            let options = play::JoinOptions {
                server: args.server,
                code,
                name,
                seat,
                script,
                json: args.json,
            };
            play::join(options).await
        }
        Cmd::Seats { code } => seats::seats(&args.server, code, args.json).await,
        Cmd::Replay {
            session,
            perspective,
            from,
            to,
            auth,
        } => {
            review::replay(review::ReplayOptions {
                server: args.server,
                session,
                perspective: review::perspective(&perspective),
                from,
                to,
                auth: auth.into(),
                json: args.json,
            })
            .await
        }
        Cmd::Report {
            session,
            format,
            out,
            auth,
        } => {
            let format = match format {
                ReportFormatArg::Html => brink_protocol::ReportFormat::Html,
                ReportFormatArg::Md => brink_protocol::ReportFormat::Md,
            };
            review::report(&args.server, &session, format, out, &auth.into()).await
        }
        Cmd::Export {
            session,
            format,
            perspective,
            out,
            auth,
        } => {
            let format = match format {
                ExportFormatArg::Jsonl => brink_protocol::ExportFormat::Jsonl,
                ExportFormatArg::Csv => brink_protocol::ExportFormat::Csv,
            };
            let perspective = perspective.as_deref().map(review::perspective);
            review::export(
                &args.server,
                &session,
                format,
                perspective,
                out,
                &auth.into(),
            )
            .await
        }
        Cmd::Bots {
            scenario,
            us,
            ussr,
            sides,
            games,
            seed,
        } => bots::from_args(scenario, [("us", us), ("ussr", ussr)], sides, games, seed),
        Cmd::Bot {
            code,
            persona,
            seat,
            seed,
            pace,
        } => {
            let pace = match pace {
                Some(s) if s.is_finite() && (0.0..=3600.0).contains(&s) => {
                    Some(std::time::Duration::from_secs_f64(s))
                }
                Some(s) => anyhow::bail!("--pace takes seconds from 0 to 3600, not {s}"),
                None => None,
            };
            let persona = persona.parse::<brink_bots::Persona>()?;
            bot_client::run(bot_client::BotOptions {
                server: args.server,
                code,
                persona,
                seat,
                seed,
                pace,
            })
            .await
        }
        Cmd::Solo {
            side,
            against,
            scenario,
            name,
            seed,
            script,
            admin_token,
        } => {
            let Some(admin_token) = admin_token else {
                anyhow::bail!(
                    "brink solo creates a session: give the admin token with --admin-token or BRINK_ADMIN_TOKEN"
                );
            };
            bot_client::solo(bot_client::SoloOptions {
                server: args.server,
                admin_token,
                scenario,
                side,
                against: against.parse::<brink_bots::Persona>()?,
                seed,
                name,
                script,
                json: args.json,
            })
            .await
        }
        Cmd::Fork { session, at, auth } => {
            review::fork(&args.server, &session, at, &auth.into(), args.json).await
        }
    }
}
