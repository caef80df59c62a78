//! The seminar table in a real browser, over the real network path: two US
//! members, a Soviet member and an observer each in a browser context of
//! their own join by link, talk, and are checked after every step — each
//! page's DOM and every WebSocket frame it received — for the other side's
//! secrets (canary texts). A letter-like script injection renders as text;
//! a server restart behind a proxy drops every page's connection, and each
//! resumes with nothing lost; a reloaded tab keeps its seat. Screenshots of
//! each screen are taken (kept under `docs/screenshots/` with
//! `BRINK_SCREENSHOTS=1`).

use anyhow::{Context, Result, ensure};
use brink_tests::browser::{Chrome, LAPTOP, PHONE, WALL};
use brink_tests::proxy::Proxy;
use brink_tests::{Client, Server, temp_dir};
use serde_json::{Value, json};

/// The texts of the injects the umpire saw released to `side` alone.
fn injects_to(umpire: &Client, side: &str) -> Vec<String> {
    umpire
        .live_events(0)
        .iter()
        .filter(|e| {
            e["event"]["type"] == "inject_released"
                && e["event"]["inject"]["to"] == json!({"side": side})
        })
        .filter_map(|e| e["event"]["inject"]["text"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_turn_at_the_seminar_table_in_the_browser() -> Result<()> {
    let data = temp_dir("browser")?;
    let mut server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let proxy = Proxy::start(&server.url, 0, 1000, 7).await?;
    let site = proxy.url.replace("ws://", "http://");
    let (mut umpire, welcome) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let chrome = Chrome::launch().await?;
    // `BRINK_SCREENSHOTS=1` keeps the pictures for the README.
    let shots = match std::env::var_os("BRINK_SCREENSHOTS") {
        Some(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots"),
        None => data.path().to_owned(),
    };

    // Join by link: the page offers the side's seats, and takes a name.
    let jack = chrome
        .tab(&format!("{site}/#code={}", s.us), PHONE.0, PHONE.1)
        .await?;
    jack.shows("President").await?;
    jack.screenshot(&shots.join("join-phone.png")).await?;
    jack.join("Jack", Some("president")).await?;
    let bobby = chrome
        .tab(&format!("{site}/#code={}", s.us), LAPTOP.0, LAPTOP.1)
        .await?;
    bobby.shows("Jack · online").await?;
    bobby.join("Bobby", Some("attorney_general")).await?;
    let nikita = chrome
        .tab(&format!("{site}/#code={}", s.ussr), LAPTOP.0, LAPTOP.1)
        .await?;
    nikita.join("Nikita", Some("first_secretary")).await?;
    let class = chrome
        .tab(&format!("{site}/#code={}", s.observer), WALL.0, WALL.1)
        .await?;
    class.join("Class", None).await?;
    jack.shows("Nikita").await?;

    // The game starts; each side's briefing is its own.
    umpire.command(json!({"type": "start_game"})).await?;
    umpire.command(json!({"type": "advance"})).await?;
    umpire.settle(std::time::Duration::from_millis(300)).await?;
    let (us_only, ussr_only) = (injects_to(&umpire, "us"), injects_to(&umpire, "ussr"));
    ensure!(
        !us_only.is_empty() && !ussr_only.is_empty(),
        "each side has a briefing of its own"
    );
    for tab in [&jack, &bobby, &nikita, &class] {
        tab.shows("Briefing").await?;
    }
    bobby.shows(&us_only[0]).await?;

    // Team chat reaches the teammate, and only the team.
    jack.say("US-CANARY-1: hold the line at 500 miles").await?;
    bobby
        .shows("US-CANARY-1: hold the line at 500 miles")
        .await?;
    nikita
        .say("USSR-CANARY-1: the ships turn back at dawn")
        .await?;
    nikita.shows("USSR-CANARY-1").await?;

    // Player-written text is text: a script injection shows its characters.
    let hostile =
        "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
    jack.say(hostile).await?;
    bobby.shows("<img src=x onerror=").await?;
    for tab in [&jack, &bobby] {
        let planted: u32 = tab
            .eval("document.querySelectorAll('.room img, .room script').length")
            .await?;
        let title: String = tab.eval("document.title").await?;
        ensure!(
            planted == 0 && !title.contains("pwned"),
            "the injection became markup: {planted} elements, title {title:?}"
        );
    }

    // The secrets of each side never reach the other, nor the class.
    let mut us_secrets: Vec<String> = us_only.clone();
    us_secrets.push("US-CANARY".into());
    let mut ussr_secrets: Vec<String> = ussr_only.clone();
    ussr_secrets.push("USSR-CANARY".into());
    let both: Vec<String> = us_secrets.iter().chain(&ussr_secrets).cloned().collect();
    nikita.holds_none(&us_secrets, "the Soviet member").await?;
    jack.holds_none(&ussr_secrets, "Jack").await?;
    bobby.holds_none(&ussr_secrets, "Bobby").await?;
    class.holds_none(&both, "the observers").await?;

    jack.screenshot(&shots.join("room-phone.png")).await?;
    brink_tests::check_not_blank(300, &shots.join("room-phone.png"))?;

    // The server restarts: every page shows it is reconnecting, resumes,
    // and has lost nothing.
    server.terminate().await?;
    for tab in [&jack, &bobby] {
        tab.until(
            "!!document.querySelector('.link.reconnecting, .link.connecting')",
            "the reconnecting state",
        )
        .await?;
    }
    let server = Server::start(data.path()).await?;
    proxy.reroute(&server.url);
    let mut umpire = Client::connect(&server.url).await?;
    let back = umpire
        .request(json!({"type": "resume", "token": welcome["resume_token"], "last_seq": 0}))
        .await?;
    ensure!(back["type"] == "welcome", "the umpire resumes: {back}");
    for tab in [&jack, &bobby, &nikita, &class] {
        tab.until(
            "!!document.querySelector('.link.open')",
            "the connection back",
        )
        .await?;
    }
    bobby.say("US-CANARY-2: after the restart").await?;
    jack.shows("US-CANARY-2: after the restart").await?;
    jack.shows("US-CANARY-1: hold the line at 500 miles")
        .await?;

    // A reloaded tab keeps its seat and what was said.
    bobby.page.reload().await?;
    bobby
        .until(
            "!!document.querySelector('.room .link.open')",
            "the room after a reload",
        )
        .await?;
    bobby
        .shows("US-CANARY-1: hold the line at 500 miles")
        .await?;
    let seats: Value = bobby
        .eval("JSON.parse(sessionStorage.getItem('brink.seat'))")
        .await
        .context("the seat kept in the tab")?;
    ensure!(seats["token"].is_string());

    // Two members draft at once, and each sees the other's item as it lands.
    jack.open("orders").await?;
    jack.click("input[name=draft-kind][value=action]").await?;
    jack.type_into(
        "#action-what",
        "US-CANARY-ACTION: fly low over San Cristobal",
    )
    .await?;
    bobby.open("orders").await?;
    bobby.click("input[name=draft-kind][value=move]").await?;
    bobby.choose("#move-to", "quarantine_line").await?;
    jack.press("Add the action").await?;
    bobby.press("Add the move").await?;
    for tab in [&jack, &bobby] {
        tab.shows("US-CANARY-ACTION").await?;
        tab.shows("to The quarantine line").await?;
        tab.shows("Drafted by Bobby (Attorney General)").await?;
    }

    // A secret letter with terms, drafted and submitted by the Soviet side.
    nikita.open("orders").await?;
    nikita.choose("#letter-channel", "embassy_cable").await?;
    nikita
        .type_into(
            "#letter-text",
            "USSR-LETTER: assurances, and the specialists go home",
        )
        .await?;
    nikita.click("input[value=soviet_missiles_removed]").await?;
    nikita.click("input[value=no_invasion_pledge]").await?;
    nikita.press("Add the letter").await?;
    nikita
        .shows("Soviet offensive missiles removed from Cuba")
        .await?;
    nikita.press("Submit orders").await?;
    nikita.shows("Submitted by Nikita").await?;

    // The leader submits; a later change is flagged until submitted again.
    jack.press("Submit orders").await?;
    bobby.shows("Submitted by Jack").await?;
    bobby.click("input[name=draft-kind][value=action]").await?;
    bobby
        .type_into(
            "#action-what",
            "US-CANARY-ACTION-2: a back channel through Scali",
        )
        .await?;
    bobby.press("Add the action").await?;
    bobby
        .shows("The draft has changed since it was submitted")
        .await?;
    jack.shows("The draft has changed since it was submitted")
        .await?;
    jack.press("Submit again").await?;
    bobby
        .until("!document.querySelector('.warning')", "the warning gone")
        .await?;
    us_secrets.push("US-CANARY-ACTION".into());
    nikita.holds_none(&us_secrets, "the Soviet member").await?;
    jack.holds_none(&["USSR-LETTER".into()], "Jack").await?;
    class
        .holds_none(
            &[both.clone(), us_secrets.clone(), vec!["USSR-LETTER".into()]].concat(),
            "the observers",
        )
        .await?;
    // Every control has a name a screen reader can say.
    for (tab, who) in [(&jack, "Jack's room"), (&bobby, "Bobby's room")] {
        tab.named(who).await?;
    }
    bobby.screenshot(&shots.join("room-laptop.png")).await?;

    // The umpire rules and publishes: the letter reaches the US side.
    umpire.command(json!({"type": "advance"})).await?;
    umpire.settle(std::time::Duration::from_millis(300)).await?;
    let pending = umpire
        .live_events(0)
        .into_iter()
        .find(|e| e["event"]["type"] == "adjudication_pending")
        .context("the adjudication")?;
    for action in pending["event"]["actions"].as_array().into_iter().flatten() {
        let id = action["id"].clone();
        umpire
            .command(json!({"type": "rule_action", "action": id, "ruling": {"kind": "accept"}}))
            .await?;
        umpire
            .command(json!({"type": "write_outcome", "action": id, "text": "US-CANARY-OUTCOME: the pictures are clear", "to": {"side": "us"}}))
            .await?;
    }
    umpire.command(json!({"type": "publish"})).await?;
    jack.open("letters").await?;
    jack.shows("USSR-LETTER: assurances").await?;
    jack.shows("A US pledge not to invade Cuba").await?;
    us_secrets.push("US-CANARY-OUTCOME".into());
    nikita.holds_none(&us_secrets, "the Soviet member").await?;
    class
        .holds_none(
            &[both.clone(), us_secrets.clone(), vec!["USSR-LETTER".into()]].concat(),
            "the observers",
        )
        .await?;

    class.shows("results are published").await?;
    class.screenshot(&shots.join("projector.png")).await?;
    brink_tests::check_not_blank(1000, &shots.join("projector.png"))?;

    // Next turn the US accepts the terms from the letter; the umpire
    // confirms, and both sides read that the crisis is settled.
    umpire.command(json!({"type": "advance"})).await?;
    umpire.command(json!({"type": "advance"})).await?;
    jack.press("Accept these terms").await?;
    jack.open("orders").await?;
    jack.shows("The terms of Soviet Union (Presidium)'s letter")
        .await?;
    jack.screenshot(&shots.join("orders-phone.png")).await?;
    jack.press("Submit orders").await?;
    bobby.open("situation").await?;
    bobby
        .until("!!document.querySelector('.map svg .zone')", "the map")
        .await?;
    bobby.shows("Destroyer").await?;
    bobby
        .screenshot(&shots.join("situation-laptop.png"))
        .await?;
    umpire
        .command(json!({"type": "advance", "force": true}))
        .await?;
    umpire
        .command(json!({"type": "confirm_agreement", "confirmed": true}))
        .await?;
    umpire.command(json!({"type": "publish"})).await?;
    for tab in [&jack, &nikita] {
        tab.open("feed").await?;
        tab.shows("An agreement was reached.").await?;
    }
    nikita.holds_none(&us_secrets, "the Soviet member").await?;
    class.holds_none(&both, "the observers").await?;
    for (tab, who) in [
        (&jack, "Jack"),
        (&bobby, "Bobby"),
        (&nikita, "Nikita"),
        (&class, "the class"),
    ] {
        tab.faultless(who).await?;
    }

    // Bobby gives his seat up: asked to be sure, he leaves, and the table
    // reads that he left; the seat is free for the next to join.
    bobby.open("table").await?;
    bobby.press("Leave this seat").await?;
    bobby.press("Leave the seat").await?;
    bobby
        .until("!document.querySelector('.room')", "the room closed")
        .await?;
    jack.open("feed").await?;
    jack.shows("Bobby left the session").await?;

    // The umpire frees Nikita's seat: her page says she is out, and how
    // to come back.
    let freed = umpire
        .command(json!({"type": "free_seat", "side": "ussr", "seat": "first_secretary"}))
        .await?;
    ensure!(freed["type"] == "ack", "{freed}");
    nikita.shows("no longer in this session").await?;
    nikita.shows("Join again").await?;
    Ok(())
}
