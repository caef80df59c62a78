//! End-to-end: the after-action review over real sockets with the real
//! binaries. The 1962 crisis is played as history went (with a roll, notes
//! and bookmarks), and then:
//!
//! - every perspective's replay equals, event for event, what that
//!   perspective's connections received live, and its view at each
//!   connection's welcome equals the welcome's view; the same holds for
//!   randomised games;
//! - the report holds both sides' secret letters side by side, the rolls,
//!   SVG charts and the history column, and renders in headless Chromium to
//!   a picture that is not blank;
//! - exports, declassification, forks and delayed observers work as the
//!   protocol says, and every refusal has its own code;
//! - the report and the CSV timeline name what they show: no id of the
//!   scenario's that differs from its name (`quarantine_line`, `us`, …).

use anyhow::{Context, Result, bail};
use brink_tests::table::Table;
use brink_tests::{ADMIN, Client, Dice, Server, Session, temp_dir};
use serde_json::{Value, json};

/// Fails if `text`, for people, shows an id of the 1962 scenario that
/// differs from its name (`brink_engine::names::ids_shown`).
fn names_only(what: &str, text: &str) -> Result<()> {
    let scenario = brink_engine::Scenario::parse(
        "cuba",
        include_str!("../../scenarios/cuban-missile-crisis-1962.toml"),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for line in text.lines() {
        let ids = brink_engine::names::ids_shown(&scenario, line);
        if !ids.is_empty() {
            bail!("{what} shows the ids {ids:?}: {line}");
        }
    }
    Ok(())
}

/// How long a delayed observer's connection must be quiet to have it all.
const QUIET: std::time::Duration = std::time::Duration::from_millis(300);

const UMPIRE: usize = 0;
const US: usize = 1;
const USSR: usize = 2;
const CLASS: usize = 3;

/// The four viewers' connections of one game: umpire, us, ussr, observer.
async fn seat(server: &Server, s: Session) -> Result<Table> {
    let seats = vec![
        ("umpire", s.umpire.clone(), "Control", None),
        ("us", s.us.clone(), "Jack", Some("president")),
        ("ussr", s.ussr.clone(), "Nikita", Some("first_secretary")),
        ("observer", s.observer.clone(), "Class", None),
    ];
    Table::join(server, s, seats).await
}

/// Checks that each connection's replay of its own perspective is
/// exactly what it received live, and that the view there at its welcome
/// is the welcome's view.
async fn replays_match(t: &mut Table) -> Result<()> {
    t.sync().await?;
    let mut review = Client::connect(&t.url).await?;
    for i in [UMPIRE, US, USSR, CLASS] {
        let (viewer, client, welcome) = &t.clients[i];
        let perspective = match *viewer {
            "umpire" => json!("umpire"),
            "observer" => json!("observer"),
            side => json!({"side": side}),
        };
        let auth = json!({"token": welcome["resume_token"]});
        let after = welcome["seq"].as_u64().context("welcome seq")?;
        let (events, _) = review
            .replay_all(&t.s.id, &auth, &perspective, None)
            .await?
            .map_err(|r| anyhow::anyhow!("{viewer}'s replay refused: {r}"))?;
        let replayed: Vec<Value> = events
            .into_iter()
            .filter(|e| e["seq"].as_u64().is_some_and(|s| s > after))
            .collect();
        let live = client.live_events(after);
        if replayed != live {
            let at = replayed.iter().zip(&live).position(|(a, b)| a != b);
            bail!(
                "{viewer}'s replay differs from what it received live ({} replayed, {} live; first difference at {at:?})",
                replayed.len(),
                live.len()
            );
        }
        let point = format!("seq:{after}");
        let (_, view) = review
            .replay_all(&t.s.id, &auth, &perspective, Some(&point))
            .await?
            .map_err(|r| anyhow::anyhow!("{viewer}'s replay refused: {r}"))?;
        if view != welcome["view"] {
            bail!("{viewer}'s view at its welcome (seq {after}) differs from the welcome's");
        }
    }
    Ok(())
}

/// History's orders for a side and a turn, from the data file shared with the
/// engine's path test, with letter references resolved from what the side
/// received.
fn history(turn: u32, side: &str, received: &Client) -> Result<Vec<Value>> {
    let script: Value = serde_json::from_str(include_str!("../data/history-1962.json"))?;
    let mut orders = Vec::new();
    for entry in script.as_array().into_iter().flatten() {
        if entry["turn"] == turn && entry["side"] == side {
            for order in entry["orders"].as_array().into_iter().flatten() {
                let mut order = order.clone();
                if let Some(reference) = order.get("letter").filter(|l| l.is_object()).cloned() {
                    let letter = received
                        .log
                        .iter()
                        .find(|m| {
                            m["event"]["type"] == "letter_delivered"
                                && m["event"]["letter"]["from"] == reference["sent_by"]
                                && m["event"]["letter"]["sent_turn"] == reference["turn"]
                        })
                        .map(|m| m["event"]["letter"]["id"].clone())
                        .with_context(|| format!("no letter {reference} arrived"))?;
                    order["letter"] = letter;
                }
                orders.push(order);
            }
        }
    }
    Ok(orders)
}

const US_PLAN: &str = "Low-level reconnaissance flights over San Cristobal, at dawn";
const US_OUTCOME: &str = "The photographs show missiles on their launchers.";

/// How a game parts from history: the US sends a private warning on the
/// 17th (history never saw one), and the Soviet ships turn back a day late,
/// on the 25th.
fn twisted(turn: u32, side: &str, mut orders: Vec<Value>) -> Vec<Value> {
    let turn_back = json!({"kind": "strategic", "action": "turn_ships_back"});
    match (turn, side) {
        (2, "us") => orders.push(json!({"kind": "strategic", "action": "diplomatic_warning"})),
        (9, "ussr") => orders.retain(|o| o != &turn_back),
        (10, "ussr") => orders.push(turn_back),
        _ => {}
    }
    orders
}

/// Plays October 1962 as history went (or, `twist`ed, parting from it both
/// ways), with a roll, notes and bookmarks. Returns the table at the end
/// (the game over, by agreement).
async fn play_history(t: &mut Table, twist: bool) -> Result<()> {
    t.ok(UMPIRE, json!({"type": "start_game"})).await?;
    for turn in 1..=13 {
        t.ok(UMPIRE, json!({"type": "advance"})).await?;
        for (i, side) in [(US, "us"), (USSR, "ussr")] {
            let orders = history(turn, side, &t.clients[i].1)?;
            let orders = if twist {
                twisted(turn, side, orders)
            } else {
                orders
            };
            for order in orders {
                t.ok(i, json!({"type": "add_order", "order": order}))
                    .await?;
            }
            if turn == 3 && side == "us" {
                t.ok(i, json!({"type": "add_order", "order": {"kind": "action", "what": US_PLAN, "why": "they fly under the SAMs", "expected": "close-up photographs"}})).await?;
            }
            t.ok(i, json!({"type": "submit_orders"})).await?;
        }
        t.ok(UMPIRE, json!({"type": "advance"})).await?;
        t.sync().await?;
        let pending = t.last(UMPIRE, "adjudication_pending").context("pending")?;
        for action in pending["actions"].as_array().into_iter().flatten() {
            let id = action["id"].clone();
            t.ok(UMPIRE, json!({"type": "rule_action", "action": id, "ruling": {"kind": "roll", "difficulty": 7}})).await?;
            t.sync().await?;
            let rolled = t
                .last(UMPIRE, "action_ruled")
                .and_then(|r| r["roll"]["success"].as_bool())
                .context("the roll")?;
            // An outcome that says otherwise than the dice is refused.
            let outcome = |success: bool| json!({"type": "write_outcome", "action": id, "text": US_OUTCOME, "to": {"sides": ["us", "ussr"]}, "success": success});
            let against = t.c(UMPIRE).command(outcome(!rolled)).await?;
            if against["code"] != "contradicts_ruling" {
                bail!("an outcome against the dice was not refused: {against}");
            }
            t.ok(UMPIRE, outcome(rolled)).await?;
        }
        if turn == 7 {
            t.ok(UMPIRE, json!({"type": "note", "text": "UMPIRE-NOTE: the ExComm chose the quarantine over the air strike", "bookmark": false})).await?;
            t.ok(UMPIRE, json!({"type": "note", "text": "UMPIRE-BOOKMARK: the quarantine speech", "bookmark": true})).await?;
        }
        if turn == 12 {
            // No Soviet submarine is at the line: none can be forced up.
            let impossible = t
                .c(UMPIRE)
                .command(json!({"type": "trigger_incident", "incident": "submarine_forced_up"}))
                .await?;
            if impossible["code"] != "incident_impossible" {
                bail!("a submarine was forced up with none at the line: {impossible}");
            }
            // History had a U-2 shot down over Cuba on the 27th.
            let answer = t
                .c(UMPIRE)
                .command(json!({"type": "trigger_incident", "incident": "u2_shot_down"}))
                .await?;
            if answer["type"] != "ack" && answer["code"] != "duplicate_incident" {
                bail!("the shoot-down was refused: {answer}");
            }
        }
        if pending["adjudication"]["agreement"].is_object() {
            t.ok(
                UMPIRE,
                json!({"type": "confirm_agreement", "confirmed": true}),
            )
            .await?;
        }
        t.ok(UMPIRE, json!({"type": "publish"})).await?;
        if turn == 9 {
            t.ok(USSR, json!({"type": "note", "text": "USSR-BOOKMARK: our ships turn back", "bookmark": true})).await?;
            t.ok(US, json!({"type": "note", "text": "US-BOOKMARK: eyeball to eyeball", "bookmark": true})).await?;
        }
        t.sync().await?;
        if t.last(UMPIRE, "game_ended").is_some() {
            return Ok(());
        }
        t.ok(UMPIRE, json!({"type": "advance"})).await?;
    }
    bail!("history did not end in agreement by turn 13")
}

#[tokio::test]
async fn history_replays_as_lived_and_makes_a_report() -> Result<()> {
    let data = temp_dir("review")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let mut t = seat(&server, s).await?;
    play_history(&mut t, false).await?;
    assert!(
        t.last(CLASS, "agreement_reached").is_some(),
        "the crisis ended in a public agreement"
    );
    replays_match(&mut t).await?;
    let id = t.s.id.clone();
    let mut review = Client::connect(&server.url).await?;

    // While the session is not declassified, the report and other sides'
    // perspectives are the umpire's alone.
    let report_as = |auth: Value, format: &str| json!({"type": "report", "session": id, "auth": auth, "format": format});
    let refused = review.document(report_as(t.token(US), "html")).await?;
    assert_eq!(
        refused.err().map(|r| r["code"].clone()),
        Some(json!("perspective_forbidden"))
    );
    let theirs = review
        .replay_all(&id, &t.token(US), &json!({"side": "ussr"}), None)
        .await?;
    assert_eq!(
        theirs.err().map(|r| r["code"].clone()),
        Some(json!("perspective_forbidden"))
    );
    let html = review
        .document(report_as(t.token(UMPIRE), "html"))
        .await?
        .map_err(|r| anyhow::anyhow!("report refused: {r}"))?;
    check_report(&html)?;
    names_only("the HTML report", &html)?;
    // Played as history went, the game never parts from it.
    assert!(
        !html.contains("<tr class=\"parted\">"),
        "the historical game parted from history"
    );
    let md = review
        .document(report_as(json!({"code": t.s.umpire}), "md"))
        .await?
        .map_err(|r| anyhow::anyhow!("markdown report refused: {r}"))?;
    names_only("the Markdown report", &md)?;
    for needle in [
        "# After-action report",
        "We will remove the weapons you call offensive",
        "The Jupiters will be gone from Turkey",
        "| Turn | For | Inputs | Result |",
        "UMPIRE-BOOKMARK",
        "USSR-BOOKMARK",
    ] {
        assert!(md.contains(needle), "the Markdown report lacks {needle:?}");
    }
    let png = data.path().join("report.png");
    let html_file = data.path().join("report.html");
    std::fs::write(&html_file, &html)?;
    screenshot(&html_file, &png)?;
    brink_tests::check_not_blank(1000, &png)?;

    // Exports: the umpire's JSON Lines is the whole log, the US's only its
    // stream; the CSV has a row per event.
    let export = |auth: Value, format: &str, perspective: Option<Value>| {
        let mut r = json!({"type": "export", "session": id, "auth": auth, "format": format});
        if let Some(p) = perspective {
            r["perspective"] = p;
        }
        r
    };
    let log = review
        .document(export(t.token(UMPIRE), "jsonl", None))
        .await?
        .map_err(|r| anyhow::anyhow!("export refused: {r}"))?;
    let lines: Vec<Value> = log
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["seq"], json!(i + 1), "the log's seqs run without gaps");
    }
    assert!(log.contains("\"seed\"") && log.contains("UMPIRE-NOTE"));
    let us_log = review
        .document(export(t.token(US), "jsonl", None))
        .await?
        .map_err(|r| anyhow::anyhow!("export refused: {r}"))?;
    assert!(
        !us_log.contains("UMPIRE-NOTE")
            && !us_log.contains("USSR-BOOKMARK")
            && !us_log.contains("\"seed\"")
    );
    assert!(us_log.contains("US-BOOKMARK"));
    assert_eq!(
        us_log.lines().count(),
        t.clients[US]
            .1
            .live_events(t.clients[US].2["seq"].as_u64().unwrap_or(0))
            .len()
            + usize::try_from(t.clients[US].2["seq"].as_u64().unwrap_or(0))?,
        "the US export is its whole stream"
    );
    let csv = review
        .document(export(json!({"code": t.s.observer}), "csv", None))
        .await?
        .map_err(|r| anyhow::anyhow!("csv refused: {r}"))?;
    assert!(csv.starts_with("seq,time_utc,turn,date,phase,actor,visibility,type,summary\r\n"));
    names_only("the observers' CSV", &csv)?;
    let umpire_csv = review
        .document(export(t.token(UMPIRE), "csv", None))
        .await?
        .map_err(|r| anyhow::anyhow!("csv refused: {r}"))?;
    names_only("the umpire's CSV", &umpire_csv)?;
    assert!(
        umpire_csv.contains(
            "Contact at the quarantine line, 500 nautical miles out: the ship is boarded"
        ),
        "a contact's reason names the line"
    );
    // Observers read the public letters in the timeline, the secret ones not.
    assert!(csv.contains("1962-10-22"));
    assert!(
        csv.contains("We will remove the weapons you call offensive"),
        "the letter made public"
    );
    assert!(
        !csv.contains("The Jupiters will be gone from Turkey"),
        "the back channel stays secret"
    );
    let forbidden = review
        .document(export(t.token(USSR), "jsonl", Some(json!("umpire"))))
        .await?;
    assert_eq!(
        forbidden.err().map(|r| r["code"].clone()),
        Some(json!("perspective_forbidden"))
    );

    // Declassified, every perspective and the report open to everyone.
    let refused = t.c(US).command(json!({"type": "declassify"})).await?;
    assert_eq!(refused["code"], "forbidden");
    t.ok(UMPIRE, json!({"type": "declassify"})).await?;
    t.sync().await?;
    assert!(t.last(CLASS, "declassified").is_some());
    let (theirs, _) = review
        .replay_all(&id, &t.token(US), &json!({"side": "ussr"}), None)
        .await?
        .map_err(|r| anyhow::anyhow!("declassified replay refused: {r}"))?;
    assert!(serde_json::to_string(&theirs)?.contains("USSR-BOOKMARK"));
    let html = review
        .document(report_as(json!({"code": t.s.observer}), "html"))
        .await?
        .map_err(|r| anyhow::anyhow!("declassified report refused: {r}"))?;
    assert!(html.contains("USSR-BOOKMARK"));
    Ok(())
}

/// A game that parts from history both ways: the report marks, on the right
/// day, what the game did that history did not (the private warning of the
/// 17th), what history did that the game did not (the ships turned back on
/// the 24th) and did another day; it opens with the question the crisis put
/// and closes with what came after, set against how this game ended. With
/// `BRINK_WRITE_SAMPLE` set, it is written to `docs/sample-report.*`.
#[tokio::test]
async fn the_report_marks_history_both_ways_and_what_came_after() -> Result<()> {
    let data = temp_dir("review-twist")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let mut t = seat(&server, s).await?;
    play_history(&mut t, true).await?;
    let id = t.s.id.clone();
    let mut review = Client::connect(&server.url).await?;
    let report = |format: &str| json!({"type": "report", "session": id, "auth": t.token(UMPIRE), "format": format});
    let html = review
        .document(report("html"))
        .await?
        .map_err(|r| anyhow::anyhow!("report refused: {r}"))?;
    check_report(&html)?;
    names_only("the HTML report", &html)?;
    let md = review
        .document(report("md"))
        .await?
        .map_err(|r| anyhow::anyhow!("markdown report refused: {r}"))?;
    for needle in [
        "| 1962-10-17 (turn 2) |",
        "United States (ExComm): A private warning to Khrushchev before anything is public, which history never saw",
        "Soviet Union (Presidium): Turn the ships back from the quarantine line: the game did it on 1962-10-25, history on 1962-10-24",
        "## The question",
        "last clear chance",
        "## What came after, in history",
        "**This game: The crisis ends in agreement",
        "overthrown two years later",
    ] {
        assert!(md.contains(needle), "the Markdown report lacks {needle:?}");
    }
    for needle in [
        "<tr class=\"parted\">",
        "What came after, in history",
        "The question",
    ] {
        assert!(html.contains(needle), "the HTML report lacks {needle:?}");
    }
    // The divergences sit on their own dates' rows.
    let row = |date: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {date}")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row("1962-10-17").contains("which history never saw"));
    assert!(row("1962-10-24").contains("the game did it on 1962-10-25"));
    // The free-form action stands on its day, in the game's column.
    assert!(
        row("1962-10-18").contains(&format!(
            "United States (ExComm): {US_PLAN} (free-form; it "
        )),
        "{}",
        row("1962-10-18")
    );
    if std::env::var_os("BRINK_WRITE_SAMPLE").is_some() {
        let png = data.path().join("report.png");
        let html_file = data.path().join("report.html");
        std::fs::write(&html_file, &html)?;
        screenshot(&html_file, &png)?;
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        std::fs::write(docs.join("sample-report.html"), &html)?;
        std::fs::write(docs.join("sample-report.md"), &md)?;
        std::fs::copy(&png, docs.join("sample-report.png"))?;
    }
    Ok(())
}

/// A letter written to break the page, and an umpire's note, reach the HTML
/// report as the characters they are, and the Markdown report as text too.
#[tokio::test]
async fn hostile_text_is_text_in_the_report() -> Result<()> {
    const HOSTILE: &str = "<script>alert(1)</script> \"><img src=x onerror=alert(2)>";
    let data = temp_dir("review-hostile")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let mut t = seat(&server, s).await?;
    t.ok(UMPIRE, json!({"type": "start_game"})).await?;
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(US, json!({"type": "add_order", "order": {"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": HOSTILE}})).await?;
    t.ok(UMPIRE, json!({"type": "note", "text": HOSTILE}))
        .await?;
    for i in [US, USSR] {
        t.ok(i, json!({"type": "submit_orders"})).await?;
    }
    t.ok(UMPIRE, json!({"type": "advance"})).await?;
    t.ok(UMPIRE, json!({"type": "publish"})).await?;
    t.sync().await?;
    let mut review = Client::connect(&server.url).await?;
    let report = |format: &str| json!({"type": "report", "session": t.s.id, "auth": t.token(UMPIRE), "format": format});
    let html = review
        .document(report("html"))
        .await?
        .map_err(|r| anyhow::anyhow!("report refused: {r}"))?;
    let escaped =
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;";
    assert!(
        html.matches(escaped).count() >= 3,
        "the letter (in full and as an order) and the note, as text"
    );
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    let md = review
        .document(report("md"))
        .await?
        .map_err(|r| anyhow::anyhow!("markdown report refused: {r}"))?;
    assert!(md.contains("&lt;script&gt;alert(1)"), "{md}");
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    Ok(())
}

/// What a report of the historical game must hold.
fn check_report(html: &str) -> Result<()> {
    for needle in [
        "<!DOCTYPE html>",
        // Both sides' hidden decisions, side by side, each with what it knew.
        "What it knew as orders closed",
        "What it decided",
        "Declare a naval quarantine",
        // Every letter in full, secret and public marked.
        "We will remove the weapons you call offensive if you pledge not to invade Cuba and lift the blockade.",
        "The Jupiters will be gone from Turkey within four to five months",
        "badge secret",
        "badge public",
        "made public by",
        // Every roll with its inputs.
        "Every roll",
        "2d6 against 7",
        "Accident check",
        // Charts as SVG.
        "<svg",
        "<polyline",
        "Risk of war",
        // History beside the game.
        "History beside the game",
        "The President tells the nation of the missiles and announces the quarantine.",
        // Notes and bookmarks.
        "UMPIRE-NOTE",
        "UMPIRE-BOOKMARK",
        "US-BOOKMARK",
        US_PLAN,
        US_OUTCOME,
    ] {
        if !html.contains(needle) {
            bail!("the report lacks {needle:?}");
        }
    }
    if html.contains("<script") || html.contains("http://") || html.contains("https://") {
        bail!("the report fetches or runs something");
    }
    Ok(())
}

/// Renders `html` in headless Chromium to `png`.
fn screenshot(html: &std::path::Path, png: &std::path::Path) -> Result<()> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .context("headless Chromium is needed to check the report as a picture: install Debian's chromium package (.ci/run does)")?;
    let profile = png.with_extension("profile");
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1400,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if !status.success() || !png.exists() {
        bail!("chromium could not render the report ({status})");
    }
    Ok(())
}

#[tokio::test]
async fn random_games_replay_as_lived() -> Result<()> {
    let data = temp_dir("review-random")?;
    let server = Server::start(data.path()).await?;
    for seed in 1..=3u64 {
        let s = server.create_session().await?;
        let mut t = seat(&server, s).await?;
        let mut dice = Dice::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut extra = Vec::new();
        t.ok(UMPIRE, json!({"type": "start_game"})).await?;
        for step in 0..90 {
            let (who, command) = random_op(&t, &mut dice, step);
            // Refusals are part of the game too: they change nothing.
            let _ = t.c(who).command(command).await?;
            // A member joins mid-game, and later leaves: presence is in
            // every stream.
            if step == 30 {
                let (late, _) =
                    Client::join(&server.url, &t.s.us, "Dean", Some("secretary_of_state")).await?;
                extra.push(late);
            }
            if step == 60 {
                extra.clear();
            }
        }
        replays_match(&mut t).await?;
    }
    Ok(())
}

/// A random command from a random member of the game.
fn random_op(t: &Table, dice: &mut Dice, step: usize) -> (usize, Value) {
    let text = format!("random text {step}");
    let letter_id = |i: usize| {
        t.clients[i]
            .1
            .log
            .iter()
            .rev()
            .find(|m| m["event"]["type"] == "letter_delivered")
            .map(|m| m["event"]["letter"]["id"].clone())
            .unwrap_or(json!("LNONE"))
    };
    let action_id = t
        .last(UMPIRE, "adjudication_pending")
        .and_then(|p| p["actions"].get(0).map(|a| a["id"].clone()))
        .unwrap_or(json!("ANONE"));
    let side = 1 + dice.below(2);
    let other = if side == US { "ussr" } else { "us" };
    let strategic = if side == US {
        [
            "u2_overflight",
            "quarantine",
            "raise_defcon",
            "un_presentation",
        ][dice.below(4)]
    } else {
        [
            "turn_ships_back",
            "halt_construction",
            "propose_trade",
            "raise_alert",
        ][dice.below(4)]
    };
    let order = |o: Value| json!({"type": "add_order", "order": o});
    let audience =
        [json!("all"), json!({"side": "us"}), json!({"side": "ussr"})][dice.below(3)].clone();
    let track = ["risk", "kennedy_prestige", "defcon"][dice.below(3)];
    let channel = ["embassy_cable", "public_statement", "back_channel"][dice.below(3)];
    let terms = if dice.below(2) == 0 {
        json!(["no_invasion_pledge"])
    } else {
        json!([])
    };
    let kind = ["accept", "publicise"][dice.below(2)];
    match dice.below(16) {
        0 => (UMPIRE, json!({"type": "advance"})),
        1 => (UMPIRE, json!({"type": "advance", "force": true})),
        2 => (UMPIRE, json!({"type": "publish"})),
        3 => (
            UMPIRE,
            json!({"type": "note", "text": text, "bookmark": dice.below(2) == 0}),
        ),
        4 => (
            UMPIRE,
            json!({"type": "inject", "to": audience, "text": text}),
        ),
        5 => (
            UMPIRE,
            json!({"type": "adjust_track", "track": track, "by": 3, "reason": text}),
        ),
        6 => (
            UMPIRE,
            json!({"type": "rule_action", "action": action_id, "ruling": {"kind": "roll", "difficulty": 7}}),
        ),
        7 => (side, json!({"type": "team_chat", "text": text})),
        8 => (side, json!({"type": "message_umpire", "text": text})),
        9 => (
            side,
            order(
                json!({"kind": "letter", "channel": channel, "to": other, "text": text, "terms": terms}),
            ),
        ),
        10 => (
            side,
            order(json!({"kind": "action", "what": text, "why": "because", "expected": "results"})),
        ),
        11 => (
            side,
            order(json!({"kind": "strategic", "action": strategic})),
        ),
        12 | 13 => (side, json!({"type": "submit_orders"})),
        14 => (
            side,
            order(json!({"kind": kind, "letter": letter_id(side)})),
        ),
        _ => (
            side,
            json!({"type": "note", "text": text, "bookmark": true}),
        ),
    }
}

/// Plays two turns, both sides submitting and the umpire publishing; the
/// game stands at turn 2's published adjudication.
async fn two_turns(t: &mut Table) -> Result<()> {
    t.ok(UMPIRE, json!({"type": "start_game"})).await?;
    for turn in 1..=2 {
        t.ok(UMPIRE, json!({"type": "advance"})).await?;
        t.ok(US, json!({"type": "add_order", "order": {"kind": "letter", "channel": "embassy_cable", "to": "ussr", "text": format!("US-SECRET-{turn}")}})).await?;
        t.ok(
            UMPIRE,
            json!({"type": "note", "text": format!("UMPIRE-NOTE-{turn}")}),
        )
        .await?;
        for i in [US, USSR] {
            t.ok(i, json!({"type": "submit_orders"})).await?;
        }
        t.ok(UMPIRE, json!({"type": "advance"})).await?;
        t.ok(UMPIRE, json!({"type": "publish"})).await?;
        if turn == 1 {
            t.ok(UMPIRE, json!({"type": "advance"})).await?;
        }
    }
    t.sync().await
}

#[tokio::test]
async fn a_fork_stands_where_its_parent_stood() -> Result<()> {
    let data = temp_dir("review-fork")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let mut t = seat(&server, s).await?;
    two_turns(&mut t).await?;
    let id = t.s.id.clone();
    let mut review = Client::connect(&server.url).await?;
    let fork =
        |auth: Value, at: &str| json!({"type": "fork", "session": id, "auth": auth, "at": at});
    for (auth, at, code) in [
        (t.token(US), "turn:2", "forbidden"),
        (t.token(UMPIRE), "seq:7", "not_a_boundary"),
        (t.token(UMPIRE), "turn:2:orders", "not_a_boundary"),
        (t.token(UMPIRE), "turn:9", "beyond_end"),
        (json!({"code": "umpire-nonsense"}), "turn:2", "bad_code"),
    ] {
        let answer = review.request(fork(auth, at)).await?;
        assert_eq!(answer["code"], code, "fork at {at}: {answer}");
    }
    let answer = review
        .request(fork(json!({"admin_token": ADMIN}), "turn:2"))
        .await?;
    assert_eq!(answer["type"], "forked", "{answer}");
    assert_eq!(answer["turn"], 2);
    let at_seq = answer["at_seq"].as_u64().context("at_seq")?;
    let child = answer["session"]["session"]
        .as_str()
        .context("id")?
        .to_owned();
    let code = |role: &str| {
        answer["session"]["codes"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["role"] == role))
            .map(|c| c["code"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    // The parent records the fork, for its umpire only.
    t.sync().await?;
    assert_eq!(
        t.last(UMPIRE, "fork_created").map(|e| e["fork"].clone()),
        Some(json!(child))
    );
    assert!(t.last(US, "fork_created").is_none());
    // At the fork point, the fork is the parent, event for event and view
    // for view.
    let umpire = json!("umpire");
    let (parent_events, parent_view) = review
        .replay_all(&id, &t.token(UMPIRE), &umpire, Some("turn:2"))
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    let point = format!("seq:{at_seq}");
    let fork_auth = json!({"code": code("umpire")});
    let (fork_events, fork_view) = review
        .replay_all(&child, &fork_auth, &umpire, Some(&point))
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    assert_eq!(parent_events.len() as u64, at_seq);
    assert_eq!(parent_events, fork_events);
    assert_eq!(parent_view, fork_view);
    // The fork draws its own seed, and tells its players nothing of how
    // many events the parent had.
    let (all, _) = review
        .replay_all(&child, &fork_auth, &umpire, None)
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    let reseeded = all
        .iter()
        .find(|e| e["event"]["type"] == "reseeded")
        .context("the fork's seed")?;
    assert_ne!(reseeded["event"]["seed"], parent_events[0]["event"]["seed"]);
    let forked = all
        .iter()
        .find(|e| e["event"]["type"] == "forked")
        .context("forked")?;
    assert_eq!(forked["visibility"], "public");
    assert!(forked["event"].get("at_seq").is_none(), "{forked}");
    // The parent's credentials are not the fork's.
    let answer = review
        .request(json!({"type": "replay", "session": child, "auth": t.token(UMPIRE), "perspective": "umpire"}))
        .await?;
    assert_eq!(answer["code"], "not_in_session");
    // The fork is played by whoever joins it, in the same seats.
    let (mut control, welcome) =
        Client::join(&server.url, &code("umpire"), "Control II", None).await?;
    assert_eq!(welcome["view"]["forked_from"]["session"], json!(id));
    assert!(welcome["view"]["forked_from"]["at_seq"].is_u64());
    let (_jack, welcome) =
        Client::join(&server.url, &code("us"), "Jack II", Some("president")).await?;
    assert!(
        welcome["view"]["forked_from"].get("at_seq").is_none(),
        "the count is the umpire's"
    );
    let answer = control.command(json!({"type": "advance"})).await?;
    assert_eq!(answer["type"], "ack", "{answer}");
    let turn = control
        .event_where(|e| e["type"] == "phase_changed")
        .await?;
    assert_eq!(
        (
            turn["event"]["turn"].clone(),
            turn["event"]["phase"].clone()
        ),
        (json!(2), json!("briefing"))
    );
    // After a restart both sessions are there, the fork with its parent.
    drop(control);
    drop(review);
    let mut server = server;
    server.terminate().await?;
    let server = Server::start(data.path()).await?;
    let mut review = Client::connect(&server.url).await?;
    let (events, view) = review
        .replay_all(&child, &fork_auth, &umpire, None)
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    assert!(events.len() as u64 > at_seq);
    assert_eq!(view["forked_from"]["session"], json!(id));
    assert_eq!(
        view["turn"], 2,
        "the fork's own turn 2 survived the restart"
    );
    let (_, parent) = review
        .replay_all(&id, &t.token(UMPIRE), &umpire, None)
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    assert_eq!(parent["forks"][0]["session"], json!(child));
    Ok(())
}

#[tokio::test]
async fn delayed_observers_follow_a_turn_behind() -> Result<()> {
    let data = temp_dir("review-delay")?;
    let server = Server::start(data.path()).await?;
    let s = server
        .create_session_with(json!({"observers": {"mode": "delayed", "turns": 1}}))
        .await?;
    let mut t = seat(&server, s).await?;
    t.delayed = true;
    assert_eq!(
        t.clients[CLASS].2["seq"], 0,
        "nothing is out for observers in the lobby"
    );
    // Nor anything the scenario hides: the umpire's view of a session not yet
    // begun would list every unit and its cargo.
    let lobby = &t.clients[CLASS].2["view"];
    assert_eq!(
        (lobby["viewer"].clone(), lobby["units"].clone()),
        (json!("observer"), json!([]))
    );
    let mut early = Client::connect(&t.url).await?;
    let refused = early
        .replay_all(
            &t.s.id,
            &json!({"code": t.s.observer}),
            &json!("umpire"),
            None,
        )
        .await?;
    assert_eq!(
        refused.err().map(|r| r["code"].clone()),
        Some(json!("beyond_horizon"))
    );
    two_turns(&mut t).await?;
    t.c(CLASS).settle(QUIET).await?;
    // In turn 2, observers have the umpire's picture of turn 1, secrets and
    // all, but nothing of turn 2, and never the seed.
    let class = t.clients[CLASS].1.transcript();
    assert!(class.contains("US-SECRET-1") && class.contains("UMPIRE-NOTE-1"));
    assert!(!class.contains("US-SECRET-2") && !class.contains("UMPIRE-NOTE-2"));
    let mut review = Client::connect(&t.url).await?;
    let (log, _) = review
        .replay_all(&t.s.id, &t.token(UMPIRE), &json!("umpire"), Some("seq:1"))
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    let seed = log[0]["event"]["seed"].as_u64().context("the seed")?;
    assert!(seed != 0 && class.contains("\"seed\":0"));
    assert!(
        !class.contains(&format!("\"seed\":{seed}")),
        "observers learned the seed"
    );
    // The class's stream is the umpire's, numbered as the umpire's.
    let seqs: Vec<u64> = t.clients[CLASS]
        .1
        .log
        .iter()
        .filter(|m| m["type"] == "event")
        .filter_map(|m| m["seq"].as_u64())
        .collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    // A late observer is welcomed with the same delayed picture.
    let (_late, welcome) = Client::join(&server.url, &t.s.observer, "Late", None).await?;
    assert_eq!(welcome["seq"].as_u64(), seqs.last().copied());
    assert_eq!(welcome["view"]["viewer"], "umpire");
    assert!(!welcome.to_string().contains("US-SECRET-2"));
    // Replaying the umpire's perspective, observers reach as far as they see.
    let auth = json!({"code": t.s.observer});
    let (events, _) = review
        .replay_all(&t.s.id, &auth, &json!("umpire"), None)
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    assert_eq!(events.len(), seqs.len());
    let beyond = review
        .replay_all(&t.s.id, &auth, &json!("umpire"), Some("turn:2:orders"))
        .await?;
    assert_eq!(
        beyond.err().map(|r| r["code"].clone()),
        Some(json!("beyond_horizon"))
    );
    // Nothing tells them how long the log really is.
    let answer = review
        .request(json!({"type": "replay", "session": t.s.id, "auth": auth, "perspective": "umpire", "to": "seq:1"}))
        .await?;
    assert_eq!(answer["end"].as_u64(), seqs.last().copied());
    let answer = review
        .request(json!({"type": "replay", "session": t.s.id, "auth": auth, "perspective": "umpire", "to": "seq:100000"}))
        .await?;
    assert_eq!(answer["code"], "beyond_horizon");
    let full = t.clients[UMPIRE]
        .1
        .log
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .max()
        .unwrap_or(0);
    assert!(
        !answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains(&full.to_string())
    );
    // At the end, everything.
    t.ok(
        UMPIRE,
        json!({"type": "end_game", "verdict": "Both sides stood down."}),
    )
    .await?;
    t.sync().await?;
    t.c(CLASS).settle(QUIET).await?;
    assert!(t.clients[CLASS].1.transcript().contains("US-SECRET-2"));

    // After the end only: nothing at all before.
    let s = server
        .create_session_with(json!({"observers": {"mode": "after_end"}}))
        .await?;
    let mut t = seat(&server, s).await?;
    t.delayed = true;
    two_turns(&mut t).await?;
    t.c(CLASS).settle(QUIET).await?;
    assert!(
        t.clients[CLASS].1.live_events(0).is_empty(),
        "observers of an after-the-end session see nothing while it runs"
    );
    t.ok(UMPIRE, json!({"type": "end_game", "verdict": "Over."}))
        .await?;
    t.sync().await?;
    t.c(CLASS).settle(QUIET).await?;
    assert!(t.clients[CLASS].1.transcript().contains("US-SECRET-1"));
    let refused = Client::connect(&t.url)
        .await?
        .request(json!({"type": "create_session", "admin_token": ADMIN, "scenario": "cuban-missile-crisis-1962", "observers": {"mode": "delayed", "turns": 0}}))
        .await?;
    assert_eq!(refused["code"], "bad_observers");
    Ok(())
}

#[tokio::test]
async fn review_requests_are_refused_each_with_its_code() -> Result<()> {
    let data = temp_dir("review-refusals")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let other = server.create_session().await?;
    let mut t = seat(&server, s).await?;
    two_turns(&mut t).await?;
    let id = t.s.id.clone();
    let mut review = Client::connect(&server.url).await?;
    let replay = |session: &str, auth: Value, perspective: Value, extra: Value| {
        let mut r =
            json!({"type": "replay", "session": session, "auth": auth, "perspective": perspective});
        if let (Some(r), Some(e)) = (r.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        r
    };
    let us = t.token(US);
    for (request, code) in [
        (
            replay(&id, us.clone(), json!("umpire"), json!({})),
            "perspective_forbidden",
        ),
        (
            replay(&id, us.clone(), json!({"side": "ussr"}), json!({})),
            "perspective_forbidden",
        ),
        (
            replay(
                &id,
                json!({"code": t.s.observer}),
                json!({"side": "us"}),
                json!({}),
            ),
            "perspective_forbidden",
        ),
        (
            replay(&id, us.clone(), json!({"side": "cuba"}), json!({})),
            "unknown_side",
        ),
        (
            replay(&id, us.clone(), json!("observer"), json!({"to": "turn:9"})),
            "beyond_end",
        ),
        (
            replay(
                &id,
                us.clone(),
                json!("observer"),
                json!({"to": "seq:100000"}),
            ),
            "beyond_end",
        ),
        (
            replay(
                &id,
                us.clone(),
                json!("observer"),
                json!({"from": "turn:2", "to": "turn:1"}),
            ),
            "bad_range",
        ),
        (
            replay(&id, us.clone(), json!("observer"), json!({"to": "noon"})),
            "bad_message",
        ),
        (
            replay(
                "no-such-session",
                json!({"admin_token": ADMIN}),
                json!("umpire"),
                json!({}),
            ),
            "unknown_session",
        ),
        (
            replay(&other.id, us.clone(), json!("observer"), json!({})),
            "not_in_session",
        ),
        (
            replay(&id, json!({"code": other.us}), json!("observer"), json!({})),
            "not_in_session",
        ),
        (
            replay(
                &id,
                json!({"token": "nonsense"}),
                json!("observer"),
                json!({}),
            ),
            "bad_token",
        ),
        (
            replay(
                &id,
                json!({"admin_token": "wrong"}),
                json!("umpire"),
                json!({}),
            ),
            "not_admin",
        ),
        (
            json!({"type": "export", "session": other.id, "auth": us, "format": "csv"}),
            "not_in_session",
        ),
        (
            json!({"type": "report", "session": id, "auth": {"code": t.s.ussr}, "format": "md"}),
            "perspective_forbidden",
        ),
    ] {
        let answer = review.request(request.clone()).await?;
        assert_eq!(answer["code"], code, "{request} → {answer}");
        let text = answer.to_string();
        assert!(
            !text.contains("US-SECRET") && !text.contains("UMPIRE-NOTE"),
            "a refusal leaked: {text}"
        );
    }
    // A side may replay itself and the public, and nothing there is another's.
    let (mine, _) = review
        .replay_all(&id, &t.token(USSR), &json!({"side": "ussr"}), None)
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    let (public, _) = review
        .replay_all(&id, &t.token(USSR), &json!("observer"), Some("turn:2"))
        .await?
        .map_err(|r| anyhow::anyhow!("{r}"))?;
    assert!(serde_json::to_string(&mine)?.contains("US-SECRET-1"));
    let text = serde_json::to_string(&(mine, public))?;
    assert!(!text.contains("UMPIRE-NOTE"));
    // Declassifying a running game is refused.
    let answer = t.c(UMPIRE).command(json!({"type": "declassify"})).await?;
    assert_eq!(answer["code"], "not_ended");
    Ok(())
}
