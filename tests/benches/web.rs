//! The web client's benchmark (issue 26), in headless Chromium against the
//! release server:
//!
//! 1. **Page weight**: every file the player's page loads, uncompressed, as
//!    the browser's resource timing reports it.
//! 2. **First render**: from navigation to the player's room showing the
//!    session (the page's `brink:room` mark: the welcome folded and drawn),
//!    over reloads of a seated tab (each resumes its seat over a new
//!    WebSocket).
//! 3. **Chat to a teammate's page** at seminar load: `--sessions` sessions
//!    of 13 players (every seat of both sides), each player chatting to the
//!    team every `--every-ms` on average; in one of them two seats are
//!    browser pages, and one sends `--pings` lines that the other's page
//!    shows. The time is from the sender's click to the line's node in the
//!    teammate's DOM (both pages share the machine's clock).
//!
//! It prints figures and asserts nothing about time. Run:
//! `cargo bench -p brink-tests --bench web [-- --sessions N --pings N --every-ms N]`.

use anyhow::{Context, Result, ensure};
use brink_tests::browser::{Chrome, Tab};
use brink_tests::{Client, Server, temp_dir};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

const US: [&str; 7] = [
    "president",
    "attorney_general",
    "secretary_of_state",
    "secretary_of_defense",
    "national_security_adviser",
    "joint_chiefs",
    "un_ambassador",
];
const USSR: [&str; 6] = [
    "first_secretary",
    "defence_minister",
    "foreign_minister",
    "ambassador",
    "first_deputy_premier",
    "cuba_commander",
];

/// The bench's settings, from `--name value` pairs.
struct Settings {
    sessions: usize,
    pings: usize,
    every_ms: u64,
    reloads: usize,
}

fn settings() -> Settings {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str, default: u64| -> u64 {
        args.windows(2)
            .find(|w| w[0] == name)
            .and_then(|w| w[1].parse().ok())
            .unwrap_or(default)
    };
    Settings {
        sessions: usize::try_from(get("--sessions", 10)).unwrap_or(10),
        pings: usize::try_from(get("--pings", 200)).unwrap_or(200),
        every_ms: get("--every-ms", 3000),
        reloads: usize::try_from(get("--reloads", 20)).unwrap_or(20),
    }
}

/// A protocol player chatting to the team every `every_ms` on average
/// (jittered), and reading everything it is sent, until the bench ends.
async fn chatter(
    url: String,
    code: String,
    seat: &'static str,
    n: u64,
    every_ms: u64,
) -> Result<()> {
    let (mut c, _) = Client::join(&url, &code, &format!("P{n}"), Some(seat)).await?;
    let mut tick = tokio::time::interval(Duration::from_millis(every_ms));
    tokio::time::sleep(Duration::from_millis(n * 7919 % every_ms.max(1))).await;
    let mut said = 0u64;
    loop {
        tokio::select! {
            msg = c.recv() => { msg?; }
            _ = tick.tick() => {
                said += 1;
                c.send(json!({"type": "command", "id": format!("c{said}"), "command": {"type": "team_chat", "text": format!("background line {said} from seat {seat}")}})).await?;
            }
        }
    }
}

/// Joins `tab` through the join screen into `seat`.
async fn join(tab: &Tab, name: &str, seat: &str) -> Result<()> {
    tab.until("!!document.querySelector('#name')", "the join screen")
        .await?;
    tab.type_into("#name", name).await?;
    tab.click(&format!("input[value='{seat}']")).await?;
    tab.click("button[type=submit]").await?;
    tab.until("!!document.querySelector('.room .link.open')", "the room")
        .await
}

/// The `q`-quantile of sorted `xs`.
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let i = ((xs.len() - 1) as f64 * q).round() as usize;
    xs[i.min(xs.len() - 1)]
}

/// Page weight: every resource the page loaded, uncompressed.
async fn weight(tab: &Tab) -> Result<(u64, usize)> {
    let all: Vec<f64> = tab
        .eval(
            "[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]\
             .filter(e => !e.name.startsWith('ws'))\
             .map(e => e.decodedBodySize)",
        )
        .await?;
    Ok((all.iter().sum::<f64>() as u64, all.len()))
}

/// First render over `reloads` reloads of a seated tab, in ms, sorted.
async fn first_render(tab: &Tab, reloads: usize) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for _ in 0..reloads {
        tab.page.reload().await?;
        tab.until(
            "performance.getEntriesByName('brink:room').length > 0",
            "the room's mark",
        )
        .await?;
        let ms: f64 = tab
            .eval("performance.getEntriesByName('brink:room')[0].startTime")
            .await?;
        times.push(ms);
        tab.until("!!document.querySelector('.link.open')", "the connection")
            .await?;
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

/// Watches the page for lines `PING-k` and notes when each first appears.
const WATCH: &str = "window.__seen = {};\
  new MutationObserver((muts) => {\
    const t = performance.timeOrigin + performance.now();\
    for (const m of muts) {\
      const nodes = m.type === 'characterData' ? [m.target] : [...m.addedNodes];\
      for (const n of nodes) for (const x of (n.textContent || '').matchAll(/PING-(\\d+)/g))\
        if (!(x[1] in window.__seen)) window.__seen[x[1]] = t;\
    }\
  }).observe(document.body, { childList: true, subtree: true, characterData: true }); true";

/// Sends `PING-k` from the chat form once the form has taken the text;
/// returns the moment of the click.
fn ping(k: usize) -> String {
    format!(
        "(async () => {{ const ta = document.querySelector('#say'); ta.value = 'PING-{k}';\
          ta.dispatchEvent(new Event('input', {{ bubbles: true }}));\
          const b = document.querySelector('.chat button[type=submit]');\
          for (let i = 0; i < 100 && b.disabled; i++) await new Promise(r => setTimeout(r, 1));\
          const t = performance.timeOrigin + performance.now(); b.click(); return t; }})()"
    )
}

#[tokio::main]
async fn main() -> Result<()> {
    let set = settings();
    let data = temp_dir("bench-web")?;
    let server = Server::start(data.path()).await?;
    let mut sessions = Vec::new();
    for _ in 0..set.sessions.max(1) {
        sessions.push(server.create_session().await?);
    }
    // Every seat but the two browser seats of the first session chats.
    let mut n = 0;
    for (i, s) in sessions.iter().enumerate() {
        for (code, seats) in [(&s.us, &US[..]), (&s.ussr, &USSR[..])] {
            for seat in seats {
                if i == 0 && (*seat == "president" || *seat == "attorney_general") {
                    continue;
                }
                n += 1;
                let (url, code) = (server.url.clone(), code.clone());
                tokio::spawn(chatter(url, code, seat, n, set.every_ms));
            }
        }
    }
    eprintln!(
        "{n} protocol players chatting in {} sessions",
        sessions.len()
    );

    let chrome = Chrome::launch().await?;
    let site = server.url.replace("ws://", "http://");
    let s = &sessions[0];
    let sender = chrome
        .tab(&format!("{site}/#code={}", s.us), 1280, 800)
        .await?;
    join(&sender, "Jack", "president").await?;
    let (bytes, files) = weight(&sender).await?;
    let reader = chrome
        .tab(&format!("{site}/#code={}", s.us), 1280, 800)
        .await?;
    join(&reader, "Bobby", "attorney_general").await?;
    let render = first_render(&reader, set.reloads).await?;

    let _: bool = reader.eval(WATCH).await?;
    let mut sent = Vec::new();
    for k in 0..set.pings {
        let t: f64 = sender.eval(&ping(k)).await?;
        sent.push(t);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let seen: Value = reader.eval("window.__seen").await?;
    let mut latencies: Vec<f64> = sent
        .iter()
        .enumerate()
        .filter_map(|(k, t)| seen[k.to_string()].as_f64().map(|s| s - t))
        .collect();
    latencies.sort_by(f64::total_cmp);
    let lost = set.pings - latencies.len();
    ensure!(!latencies.is_empty(), "no ping reached the teammate's page");

    let mut out = String::from("| measure | figure |\n|---|---|\n");
    writeln!(
        out,
        "| page weight, uncompressed | {bytes} bytes in {files} files |"
    )?;
    writeln!(
        out,
        "| first render of the room (ms; {} reloads) | p50 {:.0}, p90 {:.0}, max {:.0} |",
        render.len(),
        quantile(&render, 0.5),
        quantile(&render, 0.9),
        quantile(&render, 1.0)
    )?;
    writeln!(
        out,
        "| chat send → teammate's DOM (ms; {} pings, {n} players chatting every {} ms) | p50 {:.1}, p99 {:.1}, max {:.1}; {lost} not seen |",
        set.pings,
        set.every_ms,
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.99),
        quantile(&latencies, 1.0)
    )?;
    writeln!(
        out,
        "page_bytes={bytes} first_render_p50_ms={:.0} chat_dom_p50_ms={:.1} chat_dom_p99_ms={:.1}",
        quantile(&render, 0.5),
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.99)
    )?;
    std::io::stdout().write_all(out.as_bytes())?;
    let stats = sender
        .eval::<Value>("document.querySelectorAll('.talk .line').length")
        .await
        .context("the sender's page")?;
    eprintln!("sender's page shows {stats} chat lines");
    Ok(())
}
