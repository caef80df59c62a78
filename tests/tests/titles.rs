//! Sessions an instructor can find (issue 27, item 9), end to end over real
//! sockets and the real `brink` binary: a session created with a title, the
//! umpire renaming it from the REPL, a player joining and the game started;
//! `list_sessions` and `brink admin list-sessions` show the title, the
//! status, who is online and the last activity — and still do after the
//! server restarts.

use anyhow::{Context, Result, bail};
use brink_tests::{ADMIN, Client, PATIENCE, Server, bin, temp_dir};
use serde_json::{Value, json};
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

const CRISIS: &str = "The Cuban Missile Crisis, October 1962";

/// Now, in ms since the epoch.
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// `brink admin ARGS…` with the admin token; what it printed, if it
/// succeeded.
async fn admin(url: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(bin("brink"))
        .args(["--server", url, "admin"])
        .args(args)
        .env("BRINK_ADMIN_TOKEN", ADMIN)
        .output()
        .await?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "brink admin {args:?} failed: {}{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(stdout)
}

/// The sessions `list_sessions` answers, by id.
async fn sessions(url: &str) -> Result<Vec<Value>> {
    let mut client = Client::connect(url).await?;
    let answer = client
        .request(json!({"type": "list_sessions", "admin_token": ADMIN}))
        .await?;
    if answer["type"] != "sessions" {
        bail!("expected sessions, got {answer}");
    }
    Ok(answer["sessions"].as_array().cloned().unwrap_or_default())
}

/// Session `id` as `list_sessions` shows it.
async fn listed(url: &str, id: &str) -> Result<Value> {
    sessions(url)
        .await?
        .into_iter()
        .find(|s| s["session"] == id)
        .with_context(|| format!("session {id} is not listed"))
}

/// Session `id` as listed, once `until` holds of it (presence is recorded
/// just after a connection closes).
async fn listed_when(url: &str, id: &str, until: impl Fn(&Value) -> bool) -> Result<Value> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let s = listed(url, id).await?;
        if until(&s) {
            return Ok(s);
        }
        if tokio::time::Instant::now() > deadline {
            bail!("session {id} never came to be listed as expected: {s}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A `brink join` running a script, with what it printed so far.
struct Repl {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    out: Vec<String>,
}

impl Repl {
    async fn start(home: &std::path::Path, url: &str, code: &str, script: &str) -> Result<Self> {
        let file = home.join("umpire.script");
        std::fs::write(&file, script)?;
        let mut child = Command::new(bin("brink"))
            .args([
                "--server", url, "join", code, "--name", "Control", "--script",
            ])
            .arg(&file)
            .env("BRINK_HOME", home)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()?;
        let lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
        Ok(Self {
            child,
            lines,
            out: Vec::new(),
        })
    }

    /// Reads until a line holds `text`.
    async fn until(&mut self, text: &str) -> Result<()> {
        loop {
            let line = tokio::time::timeout(PATIENCE, self.lines.next_line())
                .await
                .with_context(|| format!("no {text:?} in time:\n{}", self.out.join("\n")))??
                .with_context(|| format!("brink ended early:\n{}", self.out.join("\n")))?;
            let hit = line.contains(text);
            self.out.push(line);
            if hit {
                return Ok(());
            }
        }
    }

    /// Waits for the script to end; everything it printed, if it succeeded.
    async fn finish(mut self) -> Result<String> {
        while let Some(line) = tokio::time::timeout(PATIENCE, self.lines.next_line()).await?? {
            self.out.push(line);
        }
        let status = tokio::time::timeout(PATIENCE, self.child.wait()).await??;
        let out = self.out.join("\n");
        if !status.success() {
            bail!("the umpire's script failed:\n{out}");
        }
        Ok(out)
    }
}

#[tokio::test]
async fn an_instructor_finds_sessions_by_title_status_players_and_activity() -> Result<()> {
    let data = temp_dir("titles-data")?;
    let home = temp_dir("titles-home")?;
    let mut server = Server::start(data.path()).await?;
    let url = server.url.clone();

    // One session with a title, from the CLI; another without, over the wire.
    let out = admin(
        &url,
        &[
            "--json",
            "create-session",
            "--title",
            "Monday seminar, group B",
        ],
    )
    .await?;
    let created: Value = serde_json::from_str(out.trim())?;
    let session = &created["session"];
    assert_eq!(session["title"], "Monday seminar, group B", "{created}");
    assert_eq!(session["status"], json!({"state": "lobby"}));
    assert_eq!(
        (&session["players"], &session["online"]),
        (&json!(0), &json!(0))
    );
    let id = session["session"].as_str().context("id")?.to_owned();
    let code = |role: &str| -> String {
        session["codes"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["role"] == role))
            .and_then(|c| c["code"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let other = server.create_session().await?;
    let out = admin(&url, &["create-session", "--title", " "]).await;
    assert!(
        out.as_ref()
            .is_err_and(|e| e.to_string().contains("empty_text")),
        "an empty title is refused: {out:?}"
    );

    // The umpire renames it from the REPL, waits for the US president,
    // starts the game and opens the orders.
    let before = now_ms();
    let mut umpire = Repl::start(
        home.path(),
        &url,
        &code("umpire"),
        "/title Group B, week 2\n/expect Jack (President, United States (ExComm)) joined\n/start\n/advance\n/expect orders phase\n",
    )
    .await?;
    umpire.until("renamed the session").await?;
    let (mut jack, welcome) = Client::join(&url, &code("us"), "Jack", Some("president")).await?;
    assert_eq!(welcome["view"]["title"], "Group B, week 2", "{welcome}");
    jack.event_where(|e| e["type"] == "phase_changed" && e["phase"] == "orders")
        .await?;
    let out = umpire.finish().await?;
    let after = now_ms();
    assert!(
        out.starts_with(&format!(
            "Joined \"Monday seminar, group B\" ({CRISIS}) as Control (umpire)."
        )),
        "{out}"
    );
    assert!(
        out.contains("* The umpire renamed the session: \"Group B, week 2\""),
        "{out}"
    );

    // The umpire's script has ended: Jack alone is online.
    let s = listed_when(&url, &id, |s| s["online"] == 1).await?;
    assert_eq!(s["title"], "Group B, week 2");
    assert_eq!(s["scenario"], "cuban-missile-crisis-1962");
    assert_eq!(
        s["status"],
        json!({"state": "playing", "turn": 1, "phase": "orders"})
    );
    assert_eq!(s["players"], 2);
    let last = s["last_activity_ms"].as_u64().context("last activity")?;
    assert!(
        (before..=after).contains(&last),
        "the last activity ({last}) is the game's, between {before} and {after}"
    );
    // The other session, untitled, goes by the scenario's title.
    let o = listed(&url, &other.id).await?;
    assert_eq!(o["title"], CRISIS);
    assert_eq!(o["status"], json!({"state": "lobby"}));
    assert_eq!((&o["players"], &o["online"]), (&json!(0), &json!(0)));

    let listing = admin(&url, &["list-sessions"]).await?;
    let ours = listing
        .split("\n\"")
        .find(|block| block.contains(&id))
        .with_context(|| format!("{id} is not in:\n{listing}"))?;
    for line in [
        "Group B, week 2\"\n",
        &format!("    session   {id} (cuban-missile-crisis-1962)\n"),
        "    status    turn 1, orders phase\n",
        "    players   1 online of 2 joined\n",
        &format!("      umpire     {}\n", code("umpire")),
    ] {
        assert!(ours.contains(line), "{line:?} is not in:\n{listing}");
    }
    // How long ago, and when in UTC: `just now (2026-11-25 03:49 UTC)`.
    let activity = ours
        .lines()
        .find_map(|l| l.strip_prefix("    activity  "))
        .and_then(|a| a.split_once(" ("))
        .with_context(|| format!("no activity line in:\n{listing}"))?;
    assert!(
        (activity.0 == "just now" || activity.0.ends_with(" s ago"))
            && activity.1.len() == "2026-11-25 03:49 UTC)".len()
            && activity.1.ends_with(" UTC)"),
        "{activity:?}"
    );
    assert!(
        listing.contains(&format!("\"{CRISIS}\"\n"))
            && listing.contains("    status    lobby (not started)\n"),
        "{listing}"
    );

    // After a restart, the list is the same, nobody online; and the
    // restart's recording everyone offline is no activity.
    jack.close().await;
    server.terminate().await?;
    let server = Server::start(data.path()).await?;
    let url = server.url.clone();
    let s = listed(&url, &id).await?;
    assert_eq!(s["title"], "Group B, week 2");
    assert_eq!(
        s["status"],
        json!({"state": "playing", "turn": 1, "phase": "orders"})
    );
    assert_eq!((&s["players"], &s["online"]), (&json!(2), &json!(0)));
    assert_eq!(s["last_activity_ms"], last);
    assert_eq!(listed(&url, &other.id).await?["title"], CRISIS);
    let listing = admin(&url, &["list-sessions"]).await?;
    assert!(
        listing.contains("\"Group B, week 2\"\n")
            && listing.contains("    status    turn 1, orders phase\n")
            && listing.contains("    players   0 online of 2 joined\n"),
        "{listing}"
    );

    // A player joining now sees the title too.
    let (_class, welcome) = Client::join(&url, &code("observer"), "Class", None).await?;
    assert_eq!(welcome["view"]["title"], "Group B, week 2");
    let s = listed_when(&url, &id, |s| s["online"] == 1).await?;
    assert_eq!(s["players"], 3);
    assert!(s["last_activity_ms"].as_u64() > Some(last));
    Ok(())
}
