//! The umpire's console and the review in headless Chromium, against the
//! release server (issue 28):
//!
//! 1. **A published adjudication on a 13-turn seminar's log**: a session
//!    played through the protocol for 13 turns (each side chats, drafts a
//!    free-form action and submits; the umpire rules, writes the outcome and
//!    publishes), then the console opened on it. Measured: from the click on
//!    "Publish the adjudication" in the page to the console drawing the turn
//!    as published; and the console's first render over reloads (the
//!    `brink:room` mark), the whole 13-turn view folded and drawn.
//! 2. **The review's scrubber across a 10,000-event session**: a session of
//!    `--events` events (team chat, with an umpire's bookmark every
//!    thousand); the review loads the umpire's stream, then the scrubber
//!    moves to `--steps` points spread over it. Measured: from the scrubber's
//!    input to the picture of that moment drawn (a replay to the point, the
//!    view built by the server, sent and drawn).
//!
//! It prints figures and asserts nothing about time. Run:
//! `cargo bench -p brink-tests --bench console [-- --events N --steps N]`.

use anyhow::{Context, Result, ensure};
use brink_tests::browser::{Chrome, Tab};
use brink_tests::{Client, Server, temp_dir};
use serde_json::{Value, json};
use std::io::Write as _;
use std::time::Duration;

/// `--name value` from the command line, or `default`.
fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

/// The `q`-quantile of sorted `xs`.
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let i = ((xs.len() - 1) as f64 * q).round() as usize;
    xs[i.min(xs.len() - 1)]
}

/// "p50 12.3 ms, p90 …, max …" of `xs`, sorted in place.
fn spread(xs: &mut [f64]) -> String {
    xs.sort_by(f64::total_cmp);
    format!(
        "p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} samples)",
        quantile(xs, 0.5),
        quantile(xs, 0.9),
        quantile(xs, 1.0),
        xs.len()
    )
}

/// Sends `command` and fails unless the server acknowledges it.
async fn must(c: &mut Client, command: Value) -> Result<()> {
    let answer = c.command(command.clone()).await?;
    ensure!(answer["type"] == "ack", "{command} was answered {answer}");
    Ok(())
}

/// Plays turn `turn` up to its pending adjudication, every action ruled
/// and its outcome written.
async fn play_turn(umpire: &mut Client, sides: &mut [(Client, &str)], turn: u32) -> Result<()> {
    must(umpire, json!({"type": "advance"})).await?;
    for (c, side) in sides.iter_mut() {
        for k in 0..3 {
            must(
                c,
                json!({"type": "team_chat", "text": format!("{side} line {k} of turn {turn}")}),
            )
            .await?;
        }
        let action = json!({"kind": "action", "what": format!("{side}'s move of turn {turn}"), "why": "to see", "expected": "an answer"});
        must(c, json!({"type": "add_order", "order": action})).await?;
        must(c, json!({"type": "submit_orders"})).await?;
    }
    must(umpire, json!({"type": "advance"})).await?;
    let pending = umpire
        .event_where(|e| e["type"] == "adjudication_pending")
        .await?;
    for action in pending["event"]["actions"].as_array().into_iter().flatten() {
        let action = &action["id"];
        must(
            umpire,
            json!({"type": "rule_action", "action": action, "ruling": {"kind": "accept"}}),
        )
        .await?;
        must(
            umpire,
            json!({"type": "write_outcome", "action": action, "text": "It is done.", "to": "all"}),
        )
        .await?;
    }
    Ok(())
}

/// Opens the umpire's console on the session of `code`.
async fn console(chrome: &Chrome, site: &str, code: &str) -> Result<Tab> {
    let tab = chrome
        .tab(&format!("{site}/#code={code}"), 1280, 800)
        .await?;
    tab.until("!!document.querySelector('#name')", "the join screen")
        .await?;
    tab.type_into("#name", "Console").await?;
    tab.click("button[type=submit]").await?;
    tab.until("!!document.querySelector('.console')", "the console")
        .await?;
    Ok(tab)
}

/// Part 1: the 13-turn seminar.
async fn published(server: &Server, chrome: &Chrome, site: &str, reloads: usize) -> Result<String> {
    let s = server.create_session().await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (us, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    let (ussr, _) = Client::join(&server.url, &s.ussr, "Nikita", Some("first_secretary")).await?;
    let mut sides = [(us, "us"), (ussr, "ussr")];
    must(&mut umpire, json!({"type": "start_game"})).await?;
    for turn in 1..=13 {
        play_turn(&mut umpire, &mut sides, turn).await?;
        if turn < 13 {
            must(&mut umpire, json!({"type": "publish"})).await?;
            must(&mut umpire, json!({"type": "advance"})).await?;
        }
    }
    let tab = console(chrome, site, &s.umpire).await?;
    tab.open("adjudication").await?;
    tab.until(
        "document.querySelector('.adjudication .kicker')?.textContent === 'Turn 13 · pending'",
        "turn 13 pending",
    )
    .await?;
    let publish: f64 = tab
        .eval(
            "(async () => {\
               const b = [...document.querySelectorAll('button')].find(b => b.innerText.includes('Publish the adjudication'));\
               const t = performance.now(); b.click();\
               while (document.querySelector('.adjudication .kicker')?.textContent !== 'Turn 13 · published')\
                 await new Promise(r => requestAnimationFrame(r));\
               return performance.now() - t; })()",
        )
        .await?;
    let mut renders = Vec::new();
    for _ in 0..reloads {
        tab.page.reload().await?;
        tab.until(
            "performance.getEntriesByName('brink:room').length > 0 && !!document.querySelector('.adjudication')",
            "the console's first render",
        )
        .await?;
        renders.push(
            tab.eval::<f64>("performance.getEntriesByName('brink:room')[0].startTime")
                .await?,
        );
    }
    Ok(format!(
        "| publish click → the console shows turn 13 published | {publish:.1} ms |\n\
         | the console's first render, 13 turns' view (reloads) | {} |\n",
        spread(&mut renders)
    ))
}

/// Part 2: the scrubber across a long session.
async fn scrubber(
    server: &Server,
    chrome: &Chrome,
    site: &str,
    events: u64,
    steps: u64,
) -> Result<String> {
    let s = server.create_session().await?;
    let (mut umpire, _) = Client::join(&server.url, &s.umpire, "Control", None).await?;
    let (mut us, _) = Client::join(&server.url, &s.us, "Jack", Some("president")).await?;
    must(&mut umpire, json!({"type": "start_game"})).await?;
    let mut n = 0u64;
    while n < events {
        // In batches, reading as it goes, so no one's outbox fills.
        for _ in 0..200 {
            n += 1;
            us.send(json!({"type": "command", "id": format!("c{n}"), "command": {"type": "team_chat", "text": format!("line {n}")}}))
                .await?;
        }
        us.settle(Duration::from_millis(30)).await?;
        umpire.settle(Duration::from_millis(5)).await?;
        if n.is_multiple_of(1000) {
            must(
                &mut umpire,
                json!({"type": "note", "text": format!("mark {n}"), "bookmark": true}),
            )
            .await?;
        }
    }
    umpire.settle(Duration::from_millis(200)).await?;
    let tab = console(chrome, site, &s.umpire).await?;
    tab.open("review").await?;
    let loaded: f64 = tab
        .eval(
            "(async () => { const t = performance.now();\
               while (!(Number(document.querySelector('#review-at')?.max) > 0 && document.querySelector('.pictures[data-at]:not([data-at=\"-1\"])')))\
                 await new Promise(r => requestAnimationFrame(r));\
               return performance.now() - t; })()",
        )
        .await?;
    let last: u64 = tab
        .eval("Number(document.querySelector('#review-at').max)")
        .await?;
    ensure!(last >= events, "the umpire's stream has {last} events");
    let mut times = Vec::new();
    for k in 0..steps {
        let to = (k * 7919 + 13) % last + 1;
        let ms: f64 = tab
            .eval(&format!(
                "(async () => {{ const r = document.querySelector('#review-at');\
                   const t = performance.now(); r.value = '{to}'; r.dispatchEvent(new Event('input', {{ bubbles: true }}));\
                   while (!document.querySelector('.pictures[data-at=\"{to}\"]')) await new Promise(q => requestAnimationFrame(q));\
                   return performance.now() - t; }})()"
            ))
            .await
            .with_context(|| format!("the scrubber's step to {to}"))?;
        times.push(ms);
    }
    Ok(format!(
        "| the review loads the umpire's stream ({last} events) and draws the end | {loaded:.0} ms |\n\
         | a scrubber step: input → that moment's picture drawn | {} |\n",
        spread(&mut times)
    ))
}

#[tokio::main]
async fn main() -> Result<()> {
    let events = arg("--events", 10_000);
    let steps = arg("--steps", 30);
    let data = temp_dir("bench-console")?;
    let server = Server::start_with(data.path(), &["--messages-per-second", "100000"]).await?;
    let chrome = Chrome::launch().await?;
    let site = server.url.replace("ws://", "http://");
    let mut out = String::from("| measure | figure |\n|---|---|\n");
    out.push_str(&published(&server, &chrome, &site, 10).await?);
    out.push_str(&scrubber(&server, &chrome, &site, events, steps).await?);
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
