//! End-to-end through the real `brink` binary: an admin creates a session, the
//! umpire, a US player and a Soviet player join from three processes in script
//! mode, chat, and the US player comes back to his seat by running the same
//! join again.

use anyhow::{Context, Result, bail};
use brink_tests::{ADMIN, PATIENCE, Server, bin, temp_dir};
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// A running `brink join` with its output so far.
struct Cli {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    out: Vec<String>,
}

impl Cli {
    /// Starts `brink join` with `script` and waits for its welcome line.
    async fn join(
        home: &Path,
        url: &str,
        code: &str,
        name: &str,
        seat: Option<&str>,
        script: &str,
    ) -> Result<Self> {
        let file = home.join(format!("{name}.script"));
        std::fs::write(&file, script)?;
        let mut cmd = Command::new(bin("brink"));
        cmd.args(["--server", url, "join", code, "--name", name, "--script"])
            .arg(&file)
            .env("BRINK_HOME", home)
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        if let Some(seat) = seat {
            cmd.args(["--seat", seat]);
        }
        let mut child = cmd.spawn()?;
        let lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
        let mut cli = Self {
            child,
            lines,
            out: Vec::new(),
        };
        cli.until(|l| l.starts_with("Joined") || l.starts_with("Back in"))
            .await?;
        Ok(cli)
    }

    /// Reads output until a line satisfies `pred`.
    async fn until(&mut self, pred: impl Fn(&str) -> bool) -> Result<()> {
        loop {
            let line = tokio::time::timeout(PATIENCE, self.lines.next_line())
                .await
                .context("brink printed nothing in time")??
                .with_context(|| {
                    format!("brink ended early; it printed:\n{}", self.out.join("\n"))
                })?;
            let hit = pred(&line);
            self.out.push(line);
            if hit {
                return Ok(());
            }
        }
    }

    /// Waits for the process to end; returns whether it succeeded and all it printed.
    async fn finish(mut self) -> Result<(bool, String)> {
        loop {
            let Ok(line) = tokio::time::timeout(PATIENCE, self.lines.next_line()).await else {
                bail!(
                    "brink did not end in time; it printed:\n{}",
                    self.out.join("\n")
                );
            };
            let Some(line) = line? else { break };
            self.out.push(line);
        }
        let status = tokio::time::timeout(PATIENCE, self.child.wait()).await??;
        Ok((status.success(), self.out.join("\n")))
    }
}

#[tokio::test]
async fn a_seminar_from_the_command_line() -> Result<()> {
    let data = temp_dir("cli-data")?;
    let home = temp_dir("cli-home")?;
    let server = Server::start(data.path()).await?;

    let out = tokio::process::Command::new(bin("brink"))
        .args([
            "--server",
            &server.url,
            "--json",
            "admin",
            "create-session",
            "--admin-token",
            ADMIN,
        ])
        .output()
        .await?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: Value = serde_json::from_slice(&out.stdout)?;
    let code = |role: &str| -> String {
        created["session"]["codes"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["role"] == role))
            .and_then(|c| c["code"].as_str())
            .unwrap_or_default()
            .to_owned()
    };

    let umpire = Cli::join(
        home.path(),
        &server.url,
        &code("umpire"),
        "Control",
        None,
        "/expect Jack (President, United States (ExComm)): we hold the line\n/expect asks the umpire\n/all BARRIER\n",
    )
    .await?;
    let ussr = Cli::join(
        home.path(),
        &server.url,
        &code("ussr"),
        "Nikita",
        Some("first_secretary"),
        "/expect BARRIER\n/who\n",
    )
    .await?;
    let us = Cli::join(
        home.path(),
        &server.url,
        &code("us"),
        "Jack",
        Some("president"),
        "we hold the line\n/umpire Jack asks the umpire\n/expect BARRIER\n",
    )
    .await?;

    let (ok, umpire_out) = umpire.finish().await?;
    assert!(ok, "{umpire_out}");
    assert!(
        umpire_out.contains("[United States (ExComm) team] Jack (President, United States (ExComm)): we hold the line"),
        "{umpire_out}"
    );
    assert!(umpire_out.contains("[United States (ExComm) → umpire] Jack (President, United States (ExComm)): Jack asks the umpire"));
    let (ok, us_out) = us.finish().await?;
    assert!(ok, "{us_out}");
    assert!(
        us_out.contains("[umpire → all] Control (umpire): BARRIER"),
        "{us_out}"
    );
    let (ok, ussr_out) = ussr.finish().await?;
    assert!(ok, "{ussr_out}");
    assert!(ussr_out.contains("BARRIER"));
    assert!(
        !ussr_out.contains("hold the line") && !ussr_out.contains("asks the umpire"),
        "{ussr_out}"
    );
    assert!(
        ussr_out.contains("President [leader]           Jack"),
        "/who lists seats: {ussr_out}"
    );

    // The same join again puts Jack back in his seat and shows what he missed,
    // less the comings and goings (his own going offline, at least), which
    // are counted, not listed.
    let again = Cli::join(
        home.path(),
        &server.url,
        &code("us"),
        "Jack",
        Some("president"),
        "/quit\n",
    )
    .await?;
    let (ok, again_out) = again.finish().await?;
    assert!(ok, "{again_out}");
    assert!(
        again_out.starts_with(
            "Back in \"The Cuban Missile Crisis, October 1962\" as Jack (President, United States (ExComm))."
        ),
        "{again_out}"
    );
    assert!(
        !again_out.contains("is offline") && again_out.contains("comings and goings left out"),
        "{again_out}"
    );

    // In script mode a refused command makes the exit code non-zero.
    let observer = Cli::join(
        home.path(),
        &server.url,
        &code("observer"),
        "Class",
        None,
        "/umpire may I?\n",
    )
    .await?;
    let (ok, observer_out) = observer.finish().await?;
    assert!(!ok);
    assert!(
        observer_out.contains("! refused (forbidden)"),
        "{observer_out}"
    );

    let out = tokio::process::Command::new(bin("brink"))
        .args(["--server", &server.url, "admin", "list-sessions"])
        .env("BRINK_ADMIN_TOKEN", ADMIN)
        .output()
        .await?;
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.contains("\"The Cuban Missile Crisis, October 1962\"\n")
            && listing.contains(" (cuban-missile-crisis-1962)\n")
            && listing.contains(" online of 4 joined\n"),
        "{listing}"
    );
    Ok(())
}

/// Runs one `brink join` (joining, or resuming the seat) with `script` to its
/// end; asserts it succeeded and returns what it printed.
async fn step(
    home: &Path,
    url: &str,
    code: &str,
    who: (&str, Option<&str>),
    script: &str,
) -> Result<String> {
    let cli = Cli::join(home, url, code, who.0, who.1, script).await?;
    let (ok, out) = cli.finish().await?;
    assert!(ok, "{} failed:\n{out}", who.0);
    Ok(out)
}

#[tokio::test]
async fn a_game_from_the_command_line_letters_an_action_and_an_agreement() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("cli-game").await?;
    let home = temp_dir("cli-game-home")?;
    let (h, url) = (home.path(), server.url.as_str());
    let umpire = ("Control", None);
    let jack = ("Jack", Some("president"));
    let nikita = ("Nikita", Some("first_secretary"));

    let out = step(h, url, &s.umpire, umpire, "/help\n/start\n/advance\n").await?;
    assert!(
        out.contains("/incident ID      bring an incident of the scenario's table in")
            && out.contains(
                "(incidents: u2_shot_down, u2_strays, submarine_forced_up, collision_at_the_line, false_alarm)"
            ),
        "the umpire's help lists the incidents /incident takes: {out}"
    );
    let out = step(
        h,
        url,
        &s.us,
        jack,
        "/action Low-level flights over San Cristobal | under the SAMs | photographs\n/menu\n/do u2_overflight\n/submit\n/status\n",
    )
    .await?;
    assert!(out.contains("Strategic actions (/do ACTION):"), "{out}");
    assert!(
        out.contains("not now: US DEFCON (5 is peace, 1 is war) must be at most 3"),
        "the menu says why an invasion cannot be ordered yet: {out}"
    );
    assert!(
        out.contains("#2 strategic action: U-2 overflight of Cuba"),
        "{out}"
    );
    assert!(
        out.contains("Orders: United States (ExComm) submitted."),
        "{out}"
    );
    assert!(
        out.contains("#1 action: Low-level flights over San Cristobal"),
        "{out}"
    );
    let out = step(
        h,
        url,
        &s.ussr,
        nikita,
        "/letter embassy_cable +soviet_missiles_removed +no_invasion_pledge Pledge not to invade Cuba and our specialists will leave.\n/submit\n",
    )
    .await?;
    assert!(out.contains("proposing: Soviet offensive missiles removed from Cuba [by Soviet Union (Presidium)]; A US pledge not to invade Cuba [by United States (ExComm)]"), "{out}");

    let out = step(
        h,
        url,
        &s.umpire,
        umpire,
        "/advance\n/rule 1 roll 7\n/outcome 1 both succeeds overrule The photographs show missiles on their launchers.\n/track risk +20 Tension at the line\n/track kennedy_prestige +5 Resolve shown\n/publish\n/advance\n/advance\n",
    )
    .await?;
    assert!(
        out.contains("=== Pending adjudication, turn 1 (umpire only) ==="),
        "{out}"
    );
    assert!(out.contains("* Ruling on A"), "{out}");
    assert!(out.contains("rolled "), "{out}");
    // The outcome says how it went, standing whatever the dice said.
    assert!(
        out.contains(", it succeeds, overruling the ruling): The photographs show missiles"),
        "{out}"
    );

    // Jack, back in his seat, reads what he missed: the letter and the outcome.
    let out = step(
        h,
        url,
        &s.us,
        jack,
        "/letters\n/tracks\n/accept 1\n/publicise 1\n/submit\n",
    )
    .await?;
    assert!(out.contains("* Risk of war is now elevated"), "{out}");
    assert!(
        out.contains("* United States (ExComm): U-2 overflight of Cuba — rolled "),
        "{out}"
    );
    // The photographs (a roll of 4 or more, from the session's random seed)
    // show the operational missiles as of that day: 4, one day's work.
    // /tracks shows them as intelligence; a failed flight shows nothing.
    let photographed = out.contains("against 4: success");
    assert!(photographed || out.contains("against 4: failure"), "{out}");
    assert_eq!(
        out.lines()
            .any(|l| l.starts_with("Operational missiles in Cuba ")
                && l.ends_with(
                    "[   not known exactly  ] 4 as of turn 1 (intelligence)  /missiles_operational"
                )),
        photographed,
        "{out}"
    );
    assert_eq!(out.contains("(intelligence)"), photographed, "{out}");
    // An accident at the close (the session's seed decides) moves the
    // tracks too; without one, the figures are exact.
    let accident = out.contains("!!! Incident");
    assert!(
        out.contains("* Kennedy's prestige: 55 → 60 (Resolve shown)")
            || accident
                && out
                    .lines()
                    .any(|l| l.starts_with("* Kennedy's prestige: 55 → ")
                        && l.ends_with("Resolve shown)")),
        "{out}"
    );
    assert!(
        !out.contains("Tension at the line"),
        "the risk's reasons are the umpire's: {out}"
    );
    assert!(
        out.contains("[   not known exactly  ] elevated  /risk")
            || accident && out.contains("[   not known exactly  ] high  /risk"),
        "{out}"
    );
    assert!(
        out.contains("[############........] 60 (0..100) steady  /kennedy_prestige")
            || accident && out.contains(" (0..100) steady  /kennedy_prestige"),
        "{out}"
    );
    assert!(out.contains("=== Secret letter L"), "{out}");
    assert!(
        out.contains("* Outcome of United States (ExComm)'s action (rolled "),
        "{out}"
    );
    assert!(out.contains("The photographs show missiles"), "{out}");
    assert!(out.contains("1. L"), "{out}");
    assert!(
        !out.contains("Pledge not to invade") || out.contains("(accept with /accept L"),
        "{out}"
    );
    let out = step(h, url, &s.ussr, nikita, "/submit\n").await?;
    assert!(
        !out.contains("U-2 overflight"),
        "a secret action is the US's: {out}"
    );
    let out = step(
        h,
        url,
        &s.umpire,
        umpire,
        "/advance\n/pending\n/agree\n/publish\n",
    )
    .await?;
    assert!(out.contains("AGREEMENT on letter L"), "{out}");
    assert!(
        out.contains("*** AGREEMENT between Soviet Union (Presidium) and United States (ExComm)"),
        "{out}"
    );
    assert!(
        out.contains("=== The game has ended. Verdict: The crisis ends in agreement"),
        "{out}"
    );

    // An observer joining now reads the publicised letter, and nothing secret.
    let out = step(h, url, &s.observer, ("Class", None), "/letters\n/status\n").await?;
    assert!(out.contains("Pledge not to invade Cuba"), "{out}");
    assert!(!out.contains("San Cristobal"), "{out}");
    assert!(!out.contains("U-2 overflight"), "{out}");
    assert!(out.contains("The game has ended."), "{out}");
    Ok(())
}

#[tokio::test]
async fn the_map_from_the_command_line_moves_stances_and_fog() -> Result<()> {
    let (_data, server, s) = brink_tests::with_session("cli-map").await?;
    let home = temp_dir("cli-map-home")?;
    let (h, url) = (home.path(), server.url.as_str());
    let umpire = ("Control", None);
    let jack = ("Jack", Some("president"));
    let nikita = ("Nikita", Some("first_secretary"));

    step(h, url, &s.umpire, umpire, "/start\n/advance\n").await?;
    let out = step(
        h,
        url,
        &s.us,
        jack,
        "/map\n/do quarantine\n/move destroyers_east quarantine_line\n/move essex_group quarantine_line\n/submit\n",
    )
    .await?;
    assert!(
        out.contains("quarantine_line — The quarantine line, 500 nautical miles out (quarantine line) — next to: approaches, cuban_waters, us_ports"),
        "{out}"
    );
    assert!(
        out.contains(
            "destroyers_east Destroyer Squadron 12 (United States (ExComm), surface ship), moves 2, stance Shadow and report (shadow)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "drafted #2: move Destroyer Squadron 12 to the quarantine line, 500 nautical miles out"
        ),
        "{out}"
    );
    assert!(!out.contains("Poltava"), "Soviet ships are unseen: {out}");

    // A Soviet player cannot order a US ship, and learns nothing from trying:
    // one it has never sighted is refused as if there were none.
    let cli = Cli::join(
        h,
        url,
        &s.ussr,
        nikita.0,
        nikita.1,
        "/move destroyers_east approaches\n",
    )
    .await?;
    let (ok, out) = cli.finish().await?;
    assert!(!ok);
    assert!(
        out.contains("! refused (unknown_unit): there is no unit destroyers_east;"),
        "{out}"
    );
    let out = step(
        h,
        url,
        &s.ussr,
        nikita,
        "/map\n/stance aleksandrovsk submit\n/move aleksandrovsk quarantine_line\n/submit\n",
    )
    .await?;
    assert!(
        out.contains("carrying Nuclear warheads"),
        "the USSR knows its own cargo: {out}"
    );
    assert!(!out.contains("Destroyer"), "US ships are unseen: {out}");

    step(
        h,
        url,
        &s.umpire,
        umpire,
        "/advance\n/publish\n/advance\n/advance\n",
    )
    .await?;

    // Both sides now see the other's ships at the line, as of turn 1; the
    // cargo stays hidden until a boarding.
    let out = step(
        h,
        url,
        &s.us,
        jack,
        "/map\n/stance destroyers_east inspect\n/submit\n",
    )
    .await?;
    assert!(
        out.contains("seen: Freighter Aleksandrovsk (Soviet Union (Presidium), surface ship) in the quarantine line, 500 nautical miles out, turn 1"),
        "{out}"
    );
    assert!(!out.contains("Nuclear warheads"), "{out}");
    assert!(
        out.contains("drafted #1: Destroyer Squadron 12 takes stance Hail, stop and board"),
        "the quarantine is in force, so US ships may board: {out}"
    );
    let out = step(h, url, &s.ussr, nikita, "/map\n/submit\n").await?;
    assert!(
        out.contains("seen: Destroyer Squadron 12 (United States (ExComm), surface ship) in the quarantine line, 500 nautical miles out, turn 1"),
        "{out}"
    );
    Ok(())
}

/// Runs `brink ARGS` with `BRINK_HOME` set to `home`; returns whether it
/// succeeded, its stdout and its stderr.
async fn brink(home: &Path, args: &[&str]) -> Result<(bool, String, String)> {
    let out = tokio::process::Command::new(bin("brink"))
        .args(args)
        .env("BRINK_HOME", home)
        .env_remove("BRINK_ADMIN_TOKEN")
        .stdin(Stdio::null())
        .output()
        .await?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[tokio::test]
async fn the_review_from_the_command_line() -> Result<()> {
    let data = temp_dir("cli-review-data")?;
    let umpire_home = temp_dir("cli-review-umpire")?;
    let us_home = temp_dir("cli-review-us")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let url = server.url.as_str();
    // The US player joins first and waits; the umpire runs a turn and ends the
    // game; the US bookmarks a moment of its own.
    let us = Cli::join(
        us_home.path(),
        url,
        &s.us,
        "Jack",
        Some("president"),
        "/expect orders phase\n/bookmark US-CLI-MARK\n/letter embassy_cable US-CLI-LETTER we stand firm\n/submit\n/expect The game has ended\n",
    )
    .await?;
    let umpire = Cli::join(
        umpire_home.path(),
        url,
        &s.umpire,
        "Control",
        None,
        "/start\n/advance\n/note UMPIRE-CLI-NOTE\n/expect submitted the orders\n/advance force\n/publish\n/end Both sides stood down.\n",
    )
    .await?;
    let (ok, out) = umpire.finish().await?;
    assert!(ok, "{out}");
    let (ok, out) = us.finish().await?;
    assert!(ok, "{out}");

    // A side replays itself, from the seat this machine remembers.
    let (ok, out, err) = brink(
        us_home.path(),
        &["--server", url, "replay", &s.id, "--as", "us"],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(
        out.starts_with(&format!(
            "Replay of session {} as United States (ExComm)",
            s.id
        )),
        "{out}"
    );
    assert!(
        out.contains("US-CLI-MARK") && out.contains("US-CLI-LETTER"),
        "{out}"
    );
    assert!(!out.contains("UMPIRE-CLI-NOTE"), "{out}");
    assert!(
        out.contains("--- As United States (ExComm) stood at seq"),
        "{out}"
    );
    // Up to a point: before turn 1 began, nothing of it.
    let (ok, out, err) = brink(
        us_home.path(),
        &[
            "--server", url, "replay", &s.id, "--as", "us", "--to", "turn:1",
        ],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(
        !out.contains("US-CLI-MARK") && out.contains("In the lobby"),
        "{out}"
    );
    // Not the umpire's perspective, and not the report, before declassifying.
    let (ok, _, err) = brink(
        us_home.path(),
        &["--server", url, "replay", &s.id, "--as", "umpire"],
    )
    .await?;
    assert!(!ok && err.contains("perspective_forbidden"), "{err}");
    let report = us_home.path().join("report.html");
    let report_arg = report.to_string_lossy().into_owned();
    let (ok, _, err) = brink(
        us_home.path(),
        &["--server", url, "report", &s.id, "--out", &report_arg],
    )
    .await?;
    assert!(!ok && err.contains("perspective_forbidden"), "{err}");
    // The CSV timeline of one's own stream goes to stdout.
    let (ok, out, err) = brink(
        us_home.path(),
        &["--server", url, "export", &s.id, "--format", "csv"],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(
        out.starts_with("seq,time_utc,turn,date,phase,actor,visibility,type,summary"),
        "{out}"
    );
    assert!(
        out.contains("US-CLI-LETTER") && !out.contains("UMPIRE-CLI-NOTE"),
        "{out}"
    );
    // The umpire writes the report and the raw log, and forks the game.
    let (ok, _, err) = brink(
        umpire_home.path(),
        &["--server", url, "report", &s.id, "--out", &report_arg],
    )
    .await?;
    assert!(ok, "{err}");
    let html = std::fs::read_to_string(&report)?;
    assert!(
        html.contains("After-action report")
            && html.contains("UMPIRE-CLI-NOTE")
            && html.contains("US-CLI-MARK")
    );
    let (ok, out, err) = brink(
        umpire_home.path(),
        &["--server", url, "export", &s.id, "--format", "jsonl"],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(
        out.lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
            && out.contains("UMPIRE-CLI-NOTE")
    );
    let (ok, out, err) = brink(
        umpire_home.path(),
        &["--server", url, "fork", &s.id, "--at", "turn:1"],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(
        out.starts_with("Forked: session") && out.contains("umpire-"),
        "{out}"
    );
    // A join code works where no seat is remembered.
    let nowhere = temp_dir("cli-review-nowhere")?;
    let (ok, out, err) = brink(
        nowhere.path(),
        &[
            "--server",
            url,
            "replay",
            &s.id,
            "--as",
            "public",
            "--code",
            &s.observer,
        ],
    )
    .await?;
    assert!(ok, "{err}");
    assert!(!out.contains("US-CLI-LETTER"), "{out}");
    let (ok, _, err) = brink(nowhere.path(), &["--server", url, "replay", &s.id]).await?;
    assert!(!ok && err.contains("no seat of session"), "{err}");
    Ok(())
}

#[tokio::test]
async fn the_cli_reconnects_by_itself_after_the_server_restarts() -> Result<()> {
    let data = temp_dir("cli-reconnect")?;
    let home = temp_dir("cli-reconnect-home")?;
    let mut server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    // The CLI reaches the server through a proxy that follows it to its new
    // port after the restart, as a DNS name or a fixed port would.
    let proxy = brink_tests::proxy::Proxy::start(&server.url, 0, 1, 1).await?;
    let script = "/say before\n/expect after the restart\n/say back again\n";
    let mut jack = Cli::join(
        home.path(),
        &proxy.url,
        &s.us,
        "Jack",
        Some("president"),
        script,
    )
    .await?;
    jack.until(|l| l.contains("before")).await?;
    server.kill().await?;
    jack.until(|l| l.contains("connection lost; reconnecting"))
        .await?;
    let server = Server::start(data.path()).await?;
    proxy.reroute(&server.url);
    jack.until(|l| l.contains("reconnected")).await?;
    let (mut bobby, _) =
        brink_tests::Client::join(&server.url, &s.us, "Bobby", Some("attorney_general")).await?;
    let r = bobby
        .command(serde_json::json!({"type": "team_chat", "text": "after the restart"}))
        .await?;
    assert_eq!(r["type"], "ack");
    let (ok, out) = jack.finish().await?;
    assert!(
        ok,
        "the script went on to its end after reconnecting:\n{out}"
    );
    bobby.settle(std::time::Duration::from_millis(300)).await?;
    let heard = bobby
        .log
        .iter()
        .filter(|m| m["event"]["text"] == "back again")
        .count();
    assert_eq!(heard, 1, "{out}");
    Ok(())
}

/// The same seat joined again from a second terminal: the second resumes
/// the remembered token, and the first is told that its seat went elsewhere
/// and stops instead of taking it back.
#[tokio::test]
async fn a_seat_resumed_in_another_terminal_stops_the_first() -> Result<()> {
    let data = temp_dir("cli-elsewhere-data")?;
    let home = temp_dir("cli-elsewhere-home")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    // The first waits for something that never comes.
    let mut first = Cli::join(
        home.path(),
        &server.url,
        &s.us,
        "Jack",
        Some("president"),
        "/expect nothing of the sort\n",
    )
    .await?;
    // Another name, so another script file (the seat is what is remembered).
    let second = Cli::join(
        home.path(),
        &server.url,
        &s.us,
        "Jack again",
        Some("president"),
        "/status\n",
    )
    .await?;
    first
        .until(|l| l.contains("resumed on another connection"))
        .await?;
    let (ok, printed) = first.finish().await?;
    assert!(!ok, "the first stops with a failure: {printed}");
    assert!(!printed.contains("reconnecting"), "{printed}");
    let (ok, printed) = second.finish().await?;
    assert!(ok, "{printed}");
    assert!(
        printed.contains("Back in"),
        "the second resumed the seat: {printed}"
    );
    Ok(())
}

/// The admin's create-session prints a browser link per role; `brink seats`
/// says who holds the side's seats before anyone joins, and refuses a wrong
/// code with the server's reason.
#[tokio::test]
async fn links_and_seats_from_the_command_line() -> Result<()> {
    let data = temp_dir("cli-seats")?;
    let home = temp_dir("cli-seats-home")?;
    let server = Server::start(data.path()).await?;
    let (ok, out, err) = brink(
        home.path(),
        &[
            "--server",
            &server.url,
            "admin",
            "create-session",
            "--admin-token",
            ADMIN,
        ],
    )
    .await?;
    anyhow::ensure!(ok, "create-session failed: {err}");
    let page = server.url.replace("ws://", "http://");
    let link = |role: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(role))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(str::to_owned)
    };
    let us = link("us").context("a link for the US side")?;
    anyhow::ensure!(us.starts_with(&format!("{page}/#code=us-")), "{out}");
    let code = us.split("#code=").nth(1).context("the code in the link")?;

    let s = server.create_session().await?;
    let (_jack, _) =
        brink_tests::Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (ok, out, err) = brink(home.path(), &["--server", &server.url, "seats", &s.us]).await?;
    anyhow::ensure!(ok, "seats failed: {err}");
    anyhow::ensure!(
        out.contains("this code joins as United States")
            && out.contains("President (leader): Jack (online)")
            && out.contains("Attorney General: free"),
        "{out}"
    );
    let (ok, _, _) = brink(home.path(), &["--server", &server.url, "seats", code]).await?;
    anyhow::ensure!(ok, "the code from the link works too");
    let (ok, _, err) = brink(home.path(), &["--server", &server.url, "seats", "us-nope"]).await?;
    anyhow::ensure!(!ok && err.contains("refused"), "a wrong code: {err}");
    Ok(())
}

/// A player who joins during a turn reads its briefing in the greeting.
#[tokio::test]
async fn a_late_joiner_reads_the_turns_briefing() -> Result<()> {
    let data = temp_dir("cli-briefing")?;
    let home = temp_dir("cli-briefing-home")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let (mut umpire, _) =
        brink_tests::Client::join(&server.url, &s.umpire, "Control", None).await?;
    for step in ["start_game", "advance"] {
        let ack = umpire.command(serde_json::json!({"type": step})).await?;
        anyhow::ensure!(ack["type"] == "ack", "{ack}");
    }
    let (ok, out, err) = brink(
        home.path(),
        &[
            "--server",
            &server.url,
            "join",
            &s.us,
            "--name",
            "Late",
            "--seat",
            "attorney_general",
        ],
    )
    .await?;
    anyhow::ensure!(ok, "join failed: {err}");
    anyhow::ensure!(
        out.contains("Turn 1's briefing:")
            && out.contains("National Photographic Interpretation Center"),
        "{out}"
    );
    umpire.settle(std::time::Duration::from_millis(200)).await?;
    let soviet: Vec<String> = umpire
        .live_events(0)
        .iter()
        .filter(|e| {
            e["event"]["type"] == "inject_released" && e["event"]["inject"]["to"]["side"] == "ussr"
        })
        .filter_map(|e| e["event"]["inject"]["text"].as_str().map(str::to_owned))
        .collect();
    anyhow::ensure!(
        !soviet.is_empty(),
        "the Soviet side has a briefing of its own"
    );
    anyhow::ensure!(
        soviet.iter().all(|t| !out.contains(t.as_str())),
        "the Soviet side's briefing stays the Soviet side's: {out}"
    );
    Ok(())
}
