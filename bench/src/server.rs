//! The servers under test as child processes: Brink (`brink-server`, found
//! or built) and B0 (this binary's `b0` mode). Every server command line is
//! built in [`Server::start`], the one place that knows the flags.

use crate::procstat::Proc;
use anyhow::{Context, Result, anyhow, bail};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The admin token the bench gives Brink.
pub const ADMIN_TOKEN: &str = "brink-bench-admin-token";

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The real server.
    Brink,
    /// The bare baseline.
    B0,
}

impl Kind {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Brink => "Brink",
            Kind::B0 => "B0",
        }
    }
}

/// Generous limits for Brink's tuning flags: the bench must not hit a limit
/// meant for strangers. Each is passed only if the binary knows the flag.
const GENEROUS_FLAGS: [(&str, &str); 5] = [
    ("--max-connections", "19000"),
    ("--max-connections-per-ip", "19000"),
    ("--max-sessions", "5000"),
    ("--messages-per-second", "100000"),
    ("--ping-interval-secs", "3600"),
];

/// Where the binaries are.
#[derive(Debug, Clone)]
pub struct Binaries {
    /// `brink-server`.
    pub brink: PathBuf,
    /// This binary, for B0.
    pub bench: PathBuf,
    /// Brink's flags from [`GENEROUS_FLAGS`] that this `brink-server` knows.
    pub brink_flags: Vec<(String, String)>,
}

impl Binaries {
    /// Finds `brink-server`: `explicit`, else `$BRINK_SERVER`, else beside this
    /// binary (`target/<profile>/`), built with cargo first if missing.
    pub fn find(explicit: Option<PathBuf>) -> Result<Self> {
        let bench = std::env::current_exe().context("cannot find this binary")?;
        let brink = match explicit.or_else(|| std::env::var_os("BRINK_SERVER").map(PathBuf::from)) {
            Some(path) => path,
            None => {
                let dir = bench.parent().context("this binary has no directory")?;
                let path = dir.join("brink-server");
                if !path.exists() {
                    build_server(dir)?;
                }
                path
            }
        };
        if !brink.exists() {
            bail!("{} does not exist", brink.display());
        }
        let help = std::process::Command::new(&brink)
            .arg("--help")
            .output()
            .with_context(|| format!("cannot run {}", brink.display()))?;
        let help = String::from_utf8_lossy(&help.stdout);
        let brink_flags = GENEROUS_FLAGS
            .iter()
            .filter(|(flag, _)| help.contains(flag))
            .map(|(f, v)| ((*f).to_owned(), (*v).to_owned()))
            .collect();
        Ok(Self {
            brink,
            bench,
            brink_flags,
        })
    }
}

/// Builds `brink-server` in the profile of `dir` (`target/release` or
/// `target/debug`).
fn build_server(dir: &Path) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.args(["build", "-p", "brink-server"]);
    if dir.file_name() == Some("release".as_ref()) {
        cmd.arg("--release");
    }
    eprintln!("building brink-server: {cmd:?}");
    let status = cmd.status().context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build -p brink-server failed");
    }
    Ok(())
}

/// A running server process, killed when dropped, its data directory removed.
#[derive(Debug)]
pub struct Server {
    child: Child,
    data: Option<PathBuf>,
    /// `ws://ADDR`.
    pub url: String,
    /// Its pid, for CPU and memory.
    pub proc: Proc,
    /// Which server it is.
    pub kind: Kind,
}

impl Server {
    /// Starts a server of `kind` on a free port, with a fresh data directory.
    pub async fn start(kind: Kind, bins: &Binaries) -> Result<Self> {
        Self::start_with(kind, bins, &[]).await
    }

    /// As [`Server::start`], passing `flags` (which both servers take, such
    /// as `--outbox-messages`) to either kind.
    pub async fn start_with(kind: Kind, bins: &Binaries, flags: &[(&str, String)]) -> Result<Self> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let mut data = None;
        let mut cmd = match kind {
            Kind::Brink => {
                let dir = std::env::temp_dir().join(format!(
                    "brink-bench-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                ));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir)?;
                let mut cmd = Command::new(&bins.brink);
                cmd.args(["--listen", "127.0.0.1:0", "--data-dir"])
                    .arg(&dir)
                    .env("BRINK_ADMIN_TOKEN", ADMIN_TOKEN)
                    .env(
                        "RUST_LOG",
                        std::env::var("BRINK_BENCH_SERVER_LOG").unwrap_or_else(|_| "error".into()),
                    );
                for (flag, value) in &bins.brink_flags {
                    cmd.args([flag, value]);
                }
                data = Some(dir);
                cmd
            }
            Kind::B0 => {
                let mut cmd = Command::new(&bins.bench);
                cmd.args(["b0", "--listen", "127.0.0.1:0"]);
                cmd
            }
        };
        for (flag, value) in flags {
            cmd.arg(flag).arg(value);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start {}", kind.name()))?;
        let pid = child.id().context("the server exited at once")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(Duration::from_secs(20), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return Ok(url.to_owned());
                }
            }
            Err(anyhow!("{} exited before listening", kind.name()))
        })
        .await
        .with_context(|| format!("{} did not start in time", kind.name()))??;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self {
            child,
            data,
            url,
            proc: Proc::Pid(pid),
            kind,
        })
    }

    /// Brink's data directory (none for B0).
    pub fn data_dir(&self) -> Option<&std::path::Path> {
        self.data.as_deref()
    }

    /// Stops the server (SIGKILL: nothing of it is measured any more).
    pub async fn stop(mut self) -> Result<()> {
        self.child.kill().await?;
        if let Some(dir) = self.data.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(dir) = self.data.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
