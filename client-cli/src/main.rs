//! `brink`: the command-line client. `brink admin ...` for the server's admin,
//! `brink join CODE ...` for everyone in a session: a REPL for a person at a
//! terminal, and a script runner when stdin is not a terminal or with
//! `--script FILE` (with `--json`, one JSON line per server message).

mod link;
mod naval;
mod play;
mod render;
mod resume;
mod turn;

use anyhow::Result;
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
}

#[derive(Debug, Subcommand)]
enum AdminCmd {
    /// Create a session from a scenario and print its join codes.
    CreateSession {
        /// The scenario's id.
        #[arg(long, default_value = "cuban-missile-crisis-1962")]
        scenario: String,
    },
    /// List the sessions on the server.
    ListSessions,
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
    }
}
