//! `brink-server`: the binary. It reads its arguments, sets up logging, finds
//! the admin token, binds the listener and hands over to [`brink_server::run`]
//! until Ctrl-C or SIGTERM.
//!
//! Two lines go to standard output, for people and scripts: the admin token
//! when it is first generated, and `listening on ws://ADDR` once bound. Logs
//! go to standard error through `tracing` (filter with `RUST_LOG`).

use anyhow::{Context, Result};
use brink_server::catalog::{self, Catalog};
use brink_server::{Config, Limits, secret};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The allocator, counting, in a build with `count-allocations`.
#[cfg(feature = "count-allocations")]
#[global_allocator]
static ALLOCATOR: &stats_alloc::StatsAlloc<std::alloc::System> = &stats_alloc::INSTRUMENTED_SYSTEM;

/// Brink's server: hosts seminar wargame sessions over WebSocket.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:7878")]
    listen: String,
    /// Directory of the database and the admin token.
    #[arg(long, default_value = "./brink-data")]
    data_dir: PathBuf,
    /// A directory of extra scenario files (*.toml), beside the built-in ones.
    #[arg(long)]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(subcommand)]
    command: Option<Tool>,
}

/// The limits (see docs/reliability.md); each flag sets one `Limits` field.
#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Largest message a client may send, in bytes (bigger: closed with 1009).
    #[arg(long, default_value_t = Limits::default().max_message_bytes)]
    max_message_bytes: usize,
    /// Most connections open at once.
    #[arg(long, default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Most connections open at once from one IP address.
    #[arg(long, default_value_t = Limits::default().max_connections_per_ip)]
    max_connections_per_ip: usize,
    /// Most sessions hosted.
    #[arg(long, default_value_t = Limits::default().max_sessions)]
    max_sessions: usize,
    /// Seconds a client has to finish the WebSocket handshake.
    #[arg(long, default_value_t = Limits::default().handshake_timeout.as_secs_f64())]
    handshake_timeout_secs: f64,
    /// Messages a connection may send a second (twice as many in a burst; 0: no limit).
    #[arg(long, default_value_t = Limits::default().messages_per_second)]
    messages_per_second: u32,
    /// Seconds of quiet before a connection is pinged; a ping unanswered for as long again is a dead peer.
    #[arg(long, default_value_t = Limits::default().ping_interval.as_secs_f64())]
    ping_interval_secs: f64,
    /// Messages queued for a connection before it is dropped as too slow.
    #[arg(long, default_value_t = Limits::default().outbox_messages)]
    outbox_messages: usize,
    /// The kernel's send buffer for each connection, in bytes (SO_SNDBUF; unset: the kernel's autotuning).
    #[arg(long)]
    send_buffer_bytes: Option<usize>,
    /// A browser origin allowed to connect (repeat for more; none: any).
    #[arg(long = "allowed-origin")]
    allowed_origins: Vec<String>,
    /// Most of a session's latest events kept in memory (older ones are read back from disk).
    #[arg(long, default_value_t = Limits::default().log_window.events)]
    log_window_events: usize,
    /// Most bytes of a session's latest events kept in memory, as stored.
    #[arg(long, default_value_t = Limits::default().log_window.bytes)]
    log_window_bytes: usize,
}

impl LimitArgs {
    fn limits(&self) -> Result<Limits> {
        let seconds = |name: &str, s: f64| {
            std::time::Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .with_context(|| format!("--{name} must be a positive number of seconds, not {s}"))
        };
        anyhow::ensure!(
            self.outbox_messages > 0 && self.max_connections > 0 && self.max_connections_per_ip > 0,
            "--outbox-messages, --max-connections and --max-connections-per-ip must be at least 1"
        );
        anyhow::ensure!(
            self.log_window_events > 0 && self.log_window_bytes > 0,
            "--log-window-events and --log-window-bytes must be at least 1"
        );
        anyhow::ensure!(
            self.send_buffer_bytes != Some(0),
            "--send-buffer-bytes must be at least 1 (the kernel raises a small one to its minimum); leave it out for the kernel's autotuning"
        );
        Ok(Limits {
            max_message_bytes: self.max_message_bytes,
            max_connections: self.max_connections,
            max_connections_per_ip: self.max_connections_per_ip,
            max_sessions: self.max_sessions,
            handshake_timeout: seconds("handshake-timeout-secs", self.handshake_timeout_secs)?,
            messages_per_second: self.messages_per_second,
            ping_interval: seconds("ping-interval-secs", self.ping_interval_secs)?,
            outbox_messages: self.outbox_messages,
            send_buffer_bytes: self.send_buffer_bytes,
            allowed_origins: self.allowed_origins.clone(),
            log_window: brink_server::log::Window {
                events: self.log_window_events,
                bytes: self.log_window_bytes,
            },
        })
    }
}

#[derive(Debug, Subcommand)]
enum Tool {
    /// Checks scenario files and reports every problem; exits non-zero if any.
    CheckScenario {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Runs SQLite's integrity check on the database in --data-dir; prints `ok`
    /// when it is sound.
    CheckStore,
}

fn main() -> ExitCode {
    let args = Args::parse();
    #[cfg(feature = "count-allocations")]
    brink_server::counters::count_allocations_with(|| {
        let stats = ALLOCATOR.stats();
        (stats.allocations + stats.reallocations) as u64
    });
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let outcome = match args.command {
        Some(Tool::CheckScenario { ref files }) => check(files),
        Some(Tool::CheckStore) => check_store(&args.data_dir),
        None => serve(args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(files: &[PathBuf]) -> Result<ExitCode> {
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for file in files {
        match catalog::load_file(file) {
            Ok(s) => writeln!(
                out,
                "{}: ok ({}: {} sides, {} turns)",
                file.display(),
                s.id,
                s.sides.len(),
                s.turns.len()
            )?,
            Err(e) => {
                failed = true;
                writeln!(out, "{e:#}")?;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn check_store(data_dir: &Path) -> Result<ExitCode> {
    let verdict = brink_server::store::integrity_check(data_dir)?;
    writeln!(std::io::stdout().lock(), "{verdict}")?;
    Ok(if verdict == "ok" {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn serve(args: Args) -> Result<ExitCode> {
    let mut catalog = Catalog::built_in().context("a built-in scenario is broken")?;
    for dir in &args.scenarios {
        catalog.add_dir(dir)?;
    }
    let limits = args.limits.limits()?;
    let admin_token = admin_token(&args.data_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on ws://{addr}")?;
            out.flush()?;
        }
        tracing::info!(%addr, scenarios = ?catalog.ids(), "listening");
        let config = Config {
            data_dir: args.data_dir,
            admin_token,
            catalog,
            limits,
        };
        brink_server::run(listener, config, shutdown_signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The admin token: `BRINK_ADMIN_TOKEN` if set, else the one kept in the data
/// directory, else a new one, saved there (owner-only) and printed once.
fn admin_token(data_dir: &Path) -> Result<String> {
    if let Ok(token) = std::env::var("BRINK_ADMIN_TOKEN")
        && !token.trim().is_empty()
    {
        return Ok(token.trim().to_owned());
    }
    let path = data_dir.join("admin-token");
    if let Ok(token) = std::fs::read_to_string(&path) {
        return Ok(token.trim().to_owned());
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let token = secret::admin_token()?;
    write_private(&path, &token)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "admin token: {token}")?;
    writeln!(
        out,
        "(saved in {}; it is shown only this once)",
        path.display()
    )?;
    out.flush()?;
    Ok(token)
}

/// Writes a file only its owner may read.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
