//! A short seminar run through browser pages only: the instructor creates a
//! titled session on the sessions page (`/#admin`), the umpire opens the
//! console from its join link and runs two turns from it (the deadline, a
//! pause, a roll with an outcome to one side — refused first when it says
//! otherwise than the dice — an inject held for the next briefing, publish;
//! then a turn closed without a side's orders), the players play on their
//! pages and the class watches the projector. After every step each page's
//! DOM and every frame it received are scanned for what it may not see,
//! the umpire's "view as" pane included. Screenshots of the sessions page
//! and the console are kept under `docs/screenshots/` with
//! `BRINK_SCREENSHOTS=1`.

use anyhow::{Context, Result, ensure};
use brink_tests::browser::{Chrome, LAPTOP, PHONE, Tab, WALL};
use brink_tests::{ADMIN, Server, temp_dir};

/// The join link the sessions page shows for `role` (`umpire`, `observer`,
/// or a side's id).
async fn link_for(admin: &Tab, role: &str) -> Result<String> {
    admin
        .until(
            &format!("!!document.querySelector('.link-card.{role} .join-link')"),
            &format!("the {role} link"),
        )
        .await?;
    admin
        .eval(&format!(
            "document.querySelector('.link-card.{role} .join-link').href"
        ))
        .await
}

/// What each page may not hold, and the check after every step.
struct Secrets {
    us: Vec<String>,
    ussr: Vec<String>,
    /// Between the sides, never public: a secret letter once delivered.
    sides: Vec<String>,
    /// The umpire's alone (until the game is declassified): notes.
    umpire: Vec<String>,
}

impl Secrets {
    /// Neither side's page, nor the projector, nor the umpire's "view as"
    /// pane for a side, holds what that page may not see.
    async fn check(&self, jack: &Tab, nikita: &Tab, class: &Tab, umpire: &Tab) -> Result<()> {
        let both: Vec<String> = self
            .us
            .iter()
            .chain(&self.ussr)
            .chain(&self.sides)
            .chain(&self.umpire)
            .cloned()
            .collect();
        let not_us: Vec<String> = self.ussr.iter().chain(&self.umpire).cloned().collect();
        let not_ussr: Vec<String> = self.us.iter().chain(&self.umpire).cloned().collect();
        jack.holds_none(&not_us, "the US player").await?;
        nikita.holds_none(&not_ussr, "the Soviet player").await?;
        class.holds_none(&both, "the projector").await?;
        // The umpire's pane as the Soviet side shows nothing of the US's.
        umpire.open("view-as").await?;
        umpire.choose("#view-as-who", "1").await?;
        umpire
            .until(
                "!!document.querySelector('.view-as .glimpse[data-viewer=ussr]')",
                "the Soviet side's picture",
            )
            .await?;
        let pane: String = umpire
            .eval("document.querySelector('.view-as').outerHTML")
            .await?;
        for secret in &not_ussr {
            ensure!(
                !pane.contains(secret.as_str()),
                "the umpire's view as the Soviet side shows {secret:?}"
            );
        }
        // And as the US side, nothing of the Soviet side's.
        umpire.choose("#view-as-who", "0").await?;
        umpire
            .until(
                "!!document.querySelector('.view-as .glimpse[data-viewer=us]')",
                "the US side's picture",
            )
            .await?;
        let pane: String = umpire
            .eval("document.querySelector('.view-as').outerHTML")
            .await?;
        for secret in &not_us {
            ensure!(
                !pane.contains(secret.as_str()),
                "the umpire's view as the US side shows {secret:?}"
            );
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_seminar_run_from_browser_pages_only() -> Result<()> {
    let data = temp_dir("seminar")?;
    let server = Server::start(data.path()).await?;
    let site = server.url.replace("ws://", "http://");
    let chrome = Chrome::launch().await?;
    let shots = match std::env::var_os("BRINK_SCREENSHOTS") {
        Some(_) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots"),
        None => data.path().to_owned(),
    };

    // The instructor opens the sessions page: a wrong token is refused and
    // not kept; the right one lists the sessions.
    let admin = chrome
        .tab(&format!("{site}/#admin"), LAPTOP.0, LAPTOP.1)
        .await?;
    admin.type_into("#admin-token", "not-the-token").await?;
    admin.press("Open the sessions").await?;
    admin.shows("admin token").await?;
    admin
        .until(
            "!!document.querySelector('.error')",
            "the wrong token refused",
        )
        .await?;
    let kept: bool = admin
        .eval("sessionStorage.getItem('brink.admin') !== null")
        .await?;
    ensure!(!kept, "a refused token was kept");
    admin
        .eval::<bool>("document.querySelector('#admin-token').value = '', true")
        .await?;
    admin.type_into("#admin-token", ADMIN).await?;
    admin.press("Open the sessions").await?;
    admin.shows("No session yet").await?;

    // It creates a titled session of the 1962 scenario.
    admin
        .choose("#new-scenario", "cuban-missile-crisis-1962")
        .await?;
    admin
        .type_into("#new-title", "Syndicate B, 12 March")
        .await?;
    admin.press("Create the session").await?;
    admin
        .until(
            "document.querySelector('.links h2')?.textContent === 'Join links · Syndicate B, 12 March'",
            "the new session's join links",
        )
        .await?;
    admin.shows("In the lobby").await?;
    admin.shows("United States").await?;
    let qr: u32 = admin
        .eval("[...document.querySelectorAll('.link-card svg.qr path')].filter(p => p.getAttribute('d').length > 500).length")
        .await?;
    ensure!(
        qr == 3,
        "a QR code for each side's link and the observers', not the umpire's unless asked: {qr}"
    );
    admin.press("Show its QR code").await?;
    let qr: u32 = admin
        .eval("document.querySelectorAll('.link-card.umpire svg.qr').length")
        .await?;
    ensure!(qr == 1, "the umpire's QR code, once asked");
    // The token is in this tab's session alone: not in the URL, nor kept
    // beyond the tab.
    let (href, stored): (String, u32) = (
        admin.eval("location.href").await?,
        admin.eval("localStorage.length").await?,
    );
    ensure!(
        !href.contains(ADMIN) && stored == 0,
        "the admin token leaked: {href}, {stored} items in localStorage"
    );
    admin.named("the sessions page").await?;
    admin.screenshot(&shots.join("sessions.png")).await?;
    brink_tests::check_not_blank(1000, &shots.join("sessions.png"))?;

    // Everyone joins by the links the page shows.
    let umpire = chrome
        .tab(&link_for(&admin, "umpire").await?, LAPTOP.0, LAPTOP.1)
        .await?;
    umpire.join("Control", None).await?;
    umpire.shows("Start the game").await?;
    let jack = chrome
        .tab(&link_for(&admin, "us").await?, PHONE.0, PHONE.1)
        .await?;
    jack.join("Jack", Some("president")).await?;
    let nikita = chrome
        .tab(&link_for(&admin, "ussr").await?, LAPTOP.0, LAPTOP.1)
        .await?;
    nikita.join("Nikita", Some("first_secretary")).await?;
    let class = chrome
        .tab(&link_for(&admin, "observer").await?, WALL.0, WALL.1)
        .await?;
    class.join("Class", None).await?;
    umpire.open("seats").await?;
    umpire.shows("Free the seat").await?;
    umpire.named("the seats").await?;
    umpire.shows("Jack").await?;
    umpire.shows("Nikita").await?;
    let mut secrets = Secrets {
        us: vec![],
        ussr: vec![],
        sides: vec![],
        umpire: vec![],
    };

    // Turn 1: the umpire starts the game and opens the Orders phase with
    // a deadline, pauses and resumes.
    umpire.press("Start the game").await?;
    umpire.press("Open orders").await?;
    jack.shows("Orders").await?;
    umpire.press("Set").await?;
    jack.shows("left").await?;
    umpire.press("Pause").await?;
    for tab in [&jack, &nikita, &class] {
        tab.shows("Paused").await?;
    }
    umpire.press("Resume").await?;
    jack.until(
        "!document.body.innerText.includes('Paused')",
        "the game resumed",
    )
    .await?;

    // Each side talks within itself; the umpire reads both, by side.
    jack.say("US-CANARY-CHAT: hold the line").await?;
    nikita.say("USSR-CANARY-CHAT: the ships turn back").await?;
    secrets.us.push("US-CANARY-CHAT".into());
    secrets.ussr.push("USSR-CANARY-CHAT".into());
    umpire.open("talk").await?;
    umpire.shows("USSR-CANARY-CHAT").await?;
    umpire.shows("Jack · United States (ExComm) · Team").await?;

    // The sides draft; the umpire reads both drafts side by side, live.
    jack.open("orders").await?;
    jack.click("input[name=draft-kind][value=action]").await?;
    jack.type_into(
        "#action-what",
        "US-CANARY-ACTION: fly low over San Cristobal",
    )
    .await?;
    jack.press("Add the action").await?;
    secrets.us.push("US-CANARY-ACTION".into());
    nikita.open("orders").await?;
    nikita.choose("#letter-channel", "embassy_cable").await?;
    nikita
        .type_into("#letter-text", "USSR-CANARY-LETTER: the ships go home")
        .await?;
    nikita.press("Add the letter").await?;
    secrets.ussr.push("USSR-CANARY-LETTER".into());
    umpire.open("orders").await?;
    umpire.shows("US-CANARY-ACTION").await?;
    umpire.shows("USSR-CANARY-LETTER").await?;
    jack.press("Submit orders").await?;
    nikita.press("Submit orders").await?;
    umpire.shows("Close orders (both sides are ready)").await?;
    umpire.screenshot(&shots.join("console-orders.png")).await?;
    secrets.check(&jack, &nikita, &class, &umpire).await?;

    // The adjudication: a roll against 7, with its odds shown; an outcome
    // that says otherwise than the dice is refused next to its control,
    // then the right one goes to the US alone.
    umpire.press("Close orders").await?;
    umpire.open("adjudication").await?;
    umpire.shows("Before publishing").await?;
    umpire
        .choose(".action-card select[id$='-difficulty']", "7")
        .await?;
    umpire.shows("7 or more: 21 in 36 (58%)").await?;
    umpire.press("Roll").await?;
    umpire.shows("Rolled ").await?;
    let succeeded: bool = umpire
        .eval("document.querySelector('.action-card .ruling').innerText.includes('it succeeds')")
        .await?;
    let (wrong, right) = if succeeded {
        ("no", "yes")
    } else {
        ("yes", "no")
    };
    umpire
        .type_into(
            ".action-card textarea",
            "US-CANARY-OUTCOME: the pictures are clear",
        )
        .await?;
    umpire.choose(".action-card select[id$='-to']", "0").await?;
    umpire
        .choose(".action-card select[id$='-says']", wrong)
        .await?;
    umpire.press("Write the outcome").await?;
    umpire
        .until(
            "!!document.querySelector(\".action-card [data-for$='-outcome']\")",
            "the refusal beside the outcome",
        )
        .await?;
    umpire.shows("dice").await?;
    umpire
        .choose(".action-card select[id$='-says']", right)
        .await?;
    umpire.press("Write the outcome").await?;
    umpire
        .until(
            "!document.querySelector(\".action-card [data-for$='-outcome']\")",
            "the refusal gone",
        )
        .await?;
    umpire
        .shows("Outcome for United States (ExComm): US-CANARY-OUTCOME")
        .await?;
    secrets.us.push("US-CANARY-OUTCOME".into());

    // An inject held for the next briefing, to the US alone.
    umpire.open("talk").await?;
    umpire.choose("#inject-to", "0").await?;
    umpire
        .type_into("#inject-text", "US-CANARY-INJECT: Scali hears from Fomin")
        .await?;
    umpire.click(".compose input[type=checkbox]").await?;
    umpire.press("Hold the inject").await?;
    umpire.shows("Held for the next briefing").await?;
    secrets.us.push("US-CANARY-INJECT".into());
    umpire.open("adjudication").await?;
    umpire.named("the adjudication").await?;
    umpire
        .screenshot(&shots.join("console-adjudication.png"))
        .await?;
    brink_tests::check_not_blank(1000, &shots.join("console-adjudication.png"))?;
    secrets.check(&jack, &nikita, &class, &umpire).await?;

    // Publish: the outcome reaches the US; the next briefing brings the
    // held inject.
    umpire.open("adjudication").await?;
    umpire.press("Publish the adjudication").await?;
    jack.open("feed").await?;
    jack.shows("US-CANARY-OUTCOME").await?;
    // The Soviet letter is delivered: the US reads it now; it stays
    // between the sides.
    jack.open("letters").await?;
    jack.shows("USSR-CANARY-LETTER").await?;
    secrets.ussr.retain(|s| s != "USSR-CANARY-LETTER");
    secrets.sides.push("USSR-CANARY-LETTER".into());
    // A bookmark for the debrief, at this moment.
    umpire.open("talk").await?;
    umpire
        .type_into("#note-text", "UMPIRE-BOOKMARK: the first letter is read")
        .await?;
    umpire
        .click("#note-text ~ label input[type=checkbox]")
        .await?;
    umpire.press("Write it").await?;
    umpire.shows("UMPIRE-BOOKMARK").await?;
    secrets.umpire.push("UMPIRE-BOOKMARK".into());
    umpire.press("Next turn").await?;
    jack.open("feed").await?;
    jack.shows("US-CANARY-INJECT").await?;
    secrets.check(&jack, &nikita, &class, &umpire).await?;

    // Turn 2: the orders close without the Soviet side's, and the turn is
    // published with nothing to rule.
    umpire.press("Open orders").await?;
    jack.open("orders").await?;
    jack.click("input[name=draft-kind][value=move]").await?;
    jack.choose("#move-to", "quarantine_line").await?;
    jack.press("Add the move").await?;
    jack.press("Submit orders").await?;
    umpire.press("Close orders anyway").await?;
    umpire.open("adjudication").await?;
    umpire.press("Publish the adjudication").await?;
    umpire
        .until(
            "document.querySelector('.adjudication .kicker')?.textContent === 'Turn 2 · published'",
            "turn 2 published",
        )
        .await?;
    class.shows("results are published").await?;
    secrets.check(&jack, &nikita, &class, &umpire).await?;
    umpire.open("view-as").await?;
    umpire.choose("#view-as-who", "0").await?;
    umpire
        .until(
            "!!document.querySelector('.glimpse[data-viewer=us]')?.innerText.includes('US-CANARY-OUTCOME')",
            "the US side's picture, with its result",
        )
        .await?;
    umpire
        .screenshot(&shots.join("console-view-as.png"))
        .await?;

    // The umpire ends the game with a verdict.
    umpire.click("details.more summary").await?;
    umpire
        .type_into("#verdict", "VERDICT: talks in New York settle it")
        .await?;
    umpire.press("End the game…").await?;
    umpire.press("End the game").await?;
    for tab in [&jack, &nikita, &class] {
        tab.shows("VERDICT: talks in New York settle it").await?;
    }
    secrets.check(&jack, &nikita, &class, &umpire).await?;

    // Before declassification a side's page has no review, and the server
    // refuses the other side's stream to it.
    let tabs: bool = jack.eval("!!document.querySelector('#tab-review')").await?;
    ensure!(!tabs, "the US page offers a review before declassification");
    let refused: String = jack
        .eval(
            "new Promise((done) => { const seat = JSON.parse(sessionStorage.getItem('brink.seat'));               const ws = new WebSocket(`ws://${location.host}/`);               ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', protocol: 1 }));               ws.onmessage = (e) => { const m = JSON.parse(e.data);                 if (m.type === 'hello') ws.send(JSON.stringify({ type: 'replay', id: 'peek', session: seat.session, auth: { token: seat.token }, perspective: { side: 'ussr' } }));                 else if (m.id === 'peek') { ws.close(); done(m.type === 'rejected' ? m.code : JSON.stringify(m).slice(0, 200)); } }; })",
        )
        .await?;
    ensure!(
        refused == "perspective_forbidden",
        "the server let the US page replay the Soviet stream: {refused}"
    );

    // The debrief: the umpire declassifies, then scrubs to the bookmark with
    // its own picture and the US's side by side — at that moment the US had
    // its result and the Soviet letter, not yet the inject of turn 2.
    umpire.open("review").await?;
    umpire.press("Declassify").await?;
    umpire.shows("Declassified").await?;
    umpire.choose("#review-first", "0").await?;
    umpire.choose("#review-second", "1").await?;
    umpire
        .until(
            "!!document.querySelector('#review-mark option[value]:not([value=\"\"])')",
            "the bookmark on the scrubber",
        )
        .await?;
    let mark: String = umpire
        .eval("document.querySelector('#review-mark option:not([value=\"\"])').value")
        .await?;
    umpire.choose("#review-mark", &mark).await?;
    let us_then =
        format!("document.querySelector('.pictures[data-at=\"{mark}\"] .glimpse[data-viewer=us]')");
    umpire
        .until(
            &format!("!!document.querySelector('.pictures[data-at=\"{mark}\"] .glimpse[data-viewer=umpire]') && !!{us_then}"),
            "both pictures at the bookmark",
        )
        .await?;
    let early: String = umpire.eval(&format!("{us_then}.innerText")).await?;
    ensure!(
        early.contains("US-CANARY-OUTCOME")
            && early.contains("USSR-CANARY-LETTER")
            && !early.contains("US-CANARY-INJECT"),
        "the US's picture at the bookmark is of that moment: {early}"
    );
    umpire.named("the review").await?;
    umpire.screenshot(&shots.join("review.png")).await?;

    // The report, opened here and downloaded; the timeline downloaded.
    let downloads = data.path().join("downloads");
    std::fs::create_dir_all(&downloads)?;
    umpire.downloads_to(&downloads).await?;
    umpire.press("Download the report").await?;
    let report = umpire.downloaded(&downloads, "report.html").await?;
    ensure!(
        report.contains("VERDICT: talks in New York") && report.contains("US-CANARY-OUTCOME"),
        "the downloaded report is this session's"
    );
    umpire.press("Download the timeline (CSV)").await?;
    let csv = umpire.downloaded(&downloads, ".csv").await?;
    ensure!(csv.starts_with("seq,"), "the CSV timeline: {csv:.80}");
    umpire.press("Open the report here").await?;
    umpire
        .until(
            "document.querySelector('.report-frame')?.contentDocument?.body?.innerText.includes('VERDICT: talks in New York')",
            "the report in the page",
        )
        .await?;

    // A fork at the start of turn 2 gives a new session with its own links.
    umpire.press("Fork").await?;
    umpire.shows("The fork: Syndicate B, 12 March").await?;
    let fork_links: u32 = umpire
        .eval("document.querySelectorAll('#fork-head ~ .links .link-card').length")
        .await?;
    ensure!(
        fork_links == 4,
        "the fork's four join links, not {fork_links}"
    );

    // Shown to the class: the umpire puts the moment on the observers'
    // wall, which replays it itself; then back to the game. The umpire's
    // own screen can show it full screen too.
    umpire.press("Show the class on the wall").await?;
    class
        .until(
            "!!document.querySelector('.wall-shown .glimpse[data-viewer=umpire]')",
            "the moment on the wall",
        )
        .await?;
    class.shows("turn 1, Adjudication").await?;
    class.shows("US-CANARY-OUTCOME").await?;
    let wall: String = class.text().await?;
    ensure!(
        !wall.contains("US-CANARY-INJECT"),
        "the wall shows a later moment than the one chosen"
    );
    class.screenshot(&shots.join("debrief-wall.png")).await?;
    brink_tests::check_not_blank(1000, &shots.join("debrief-wall.png"))?;
    umpire.press("Wall back to the game").await?;
    class
        .until(
            "!document.querySelector('.wall-shown') && !!document.querySelector('.projector')",
            "the wall back on the game",
        )
        .await?;
    umpire.size(WALL.0, WALL.1).await?;
    umpire.press("Full screen here").await?;
    umpire
        .until(
            "!!document.querySelector('.show-class .glimpse')",
            "the full screen",
        )
        .await?;
    umpire.press("Back to the review").await?;

    // Declassified, a player reviews the other side's perspective too.
    jack.until("!!document.querySelector('#tab-review')", "the review tab")
        .await?;
    jack.open("review").await?;
    jack.until("!!document.querySelector('#review-first')", "the review")
        .await?;
    jack.choose("#review-first", "2").await?;
    jack.until(
        "!!document.querySelector('.pictures .glimpse[data-viewer=ussr]')",
        "the Soviet perspective, for the US player",
    )
    .await?;

    // The sessions page sees the game move on.
    admin.press("Refresh").await?;
    admin.shows("Ended in turn 2").await?;
    for (tab, who) in [
        (&admin, "the instructor"),
        (&umpire, "the umpire"),
        (&jack, "Jack"),
        (&nikita, "Nikita"),
        (&class, "the class"),
    ] {
        tab.faultless(who).await.context("a page fault")?;
    }
    Ok(())
}
