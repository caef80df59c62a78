//! The page's fold is the engine's: games played over the real server by
//! protocol clients (the umpire, each side, the observers) are recorded,
//! every viewer's stream is folded by the page's own `web/lib/fold.js` in
//! headless Chromium, and at every checkpoint the result must equal the
//! view the server gives that viewer there (the welcome of a resume).
//!
//! The games are random from a seed: chat, injects, notes and bookmarks;
//! orders of every kind (letters with terms, free-form and strategic
//! actions, moves, stances, acceptances, publicity), some submitted and
//! some left for the deadline; rulings, rolls, outcomes, track changes,
//! agreements; seats changing hands; pauses and the end.

use anyhow::{Context, Result, bail, ensure};
use brink_engine::View;
use brink_tests::browser::Chrome;
use brink_tests::{Client, Dice, Server, temp_dir};
use serde_json::{Value, json};
use std::time::Duration;

/// One viewer's connection and everything it has been sent.
struct Seat {
    who: &'static str,
    client: Client,
    token: Value,
    /// The first welcome's view.
    start: Value,
    /// Every event message so far, in order.
    events: Vec<Value>,
    /// `(events folded so far, the server's view there)`.
    checkpoints: Vec<(usize, Value)>,
}

impl Seat {
    async fn join(url: &str, who: &'static str, code: &str, seat: Option<&str>) -> Result<Self> {
        let name = match who {
            "umpire" => "Control",
            "observer" => "Class",
            side => side,
        };
        let (client, welcome) = Client::join(url, code, name, seat).await?;
        Ok(Self {
            who,
            client,
            token: welcome["resume_token"].clone(),
            start: welcome["view"].clone(),
            events: Vec::new(),
            checkpoints: Vec::new(),
        })
    }

    /// The last seq received.
    fn last(&self) -> u64 {
        self.events
            .last()
            .and_then(|e| e["seq"].as_u64())
            .unwrap_or(0)
    }

    /// Takes in the events received so far.
    async fn drain(&mut self) -> Result<()> {
        self.client.settle(Duration::from_millis(60)).await?;
        let last = self.last();
        self.events.extend(self.client.live_events(last));
        Ok(())
    }

    /// Reconnects (close, then resume from the last seq received): the
    /// welcome's view is the server's view for this viewer, the missed
    /// events (this viewer going offline and back) join the stream.
    async fn checkpoint(&mut self, url: &str) -> Result<()> {
        self.drain().await?;
        self.client.close().await;
        let mut client = Client::connect(url).await?;
        let welcome = client
            .request(json!({"type": "resume", "token": self.token, "last_seq": self.last()}))
            .await?;
        ensure!(
            welcome["type"] == "welcome",
            "{} resumes: {welcome}",
            self.who
        );
        let seq = welcome["seq"].as_u64().context("seq")?;
        self.client = client;
        while self.last() < seq {
            let before = self.last();
            self.client.settle(Duration::from_millis(60)).await?;
            self.events.extend(self.client.live_events(before));
            ensure!(
                self.last() > before || self.last() >= seq,
                "{}: the missed events did not come",
                self.who
            );
        }
        self.checkpoints
            .push((self.events.len(), welcome["view"].clone()));
        Ok(())
    }
}

/// What a side may order, picked at random from what its view shows.
fn order(d: &mut Dice, view: &Value, side: &str, n: usize) -> Value {
    let pick = |d: &mut Dice, list: &Value| -> Value {
        let all = list.as_array().cloned().unwrap_or_default();
        all.get(d.below(all.len())).cloned().unwrap_or(Value::Null)
    };
    let other = if side == "us" { "ussr" } else { "us" };
    match d.below(7) {
        0 => {
            json!({"kind": "action", "what": format!("{side} action {n}"), "why": "because", "expected": ""})
        }
        1 => {
            let terms: Vec<Value> = view["scenario"]["terms"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|_| d.below(2) == 0)
                .map(|t| t["id"].clone())
                .collect();
            let channel = pick(d, &view["scenario"]["channels"]);
            json!({"kind": "letter", "channel": channel["id"], "to": other, "text": format!("{side} letter {n}"), "terms": terms})
        }
        2 => json!({"kind": "strategic", "action": pick(d, &view["menu"])["id"]}),
        3 => {
            let unit = pick(d, &view["units"]);
            let zone = pick(d, &unit_zone_neighbours(view, &unit));
            json!({"kind": "move", "unit": unit["id"], "to": zone})
        }
        4 => {
            let unit = pick(d, &view["units"]);
            let stances: Vec<Value> = view["scenario"]["stances"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["side"] == side)
                .map(|s| s["id"].clone())
                .collect();
            json!({"kind": "stance", "unit": unit["id"], "stance": pick(d, &Value::from(stances))})
        }
        k => {
            let letter = pick(d, &view["letters"]);
            let kind = if k == 5 { "accept" } else { "publicise" };
            json!({"kind": kind, "letter": letter["id"]})
        }
    }
}

/// The zones next to a unit's.
fn unit_zone_neighbours(view: &Value, unit: &Value) -> Value {
    let zone = &unit["zone"];
    let zones = view["scenario"]["zones"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut next: Vec<Value> = zones
        .iter()
        .filter(|z| &z["id"] == zone)
        .flat_map(|z| z["adjacent"].as_array().cloned().unwrap_or_default())
        .collect();
    next.extend(
        zones
            .iter()
            .filter(|z| z["adjacent"].as_array().is_some_and(|a| a.contains(zone)))
            .map(|z| z["id"].clone()),
    );
    Value::from(next)
}

/// A command, taken or refused (random orders may be refused; that is fine).
async fn act(c: &mut Client, command: Value) -> Result<Value> {
    let answer = c.command(command).await?;
    if answer["type"] != "ack" && answer["type"] != "rejected" {
        bail!("unexpected answer {answer}");
    }
    Ok(answer)
}

/// The umpire's latest pending adjudication, from its stream.
fn pending(umpire: &Seat) -> Option<Value> {
    umpire
        .events
        .iter()
        .rev()
        .find(|e| e["event"]["type"] == "adjudication_pending")
        .map(|e| e["event"].clone())
}

/// One random game of `turns` turns; every viewer checkpoints after each phase.
async fn game(seed: u64, turns: u32) -> Result<Vec<Seat>> {
    let data = temp_dir("fold-js")?;
    let server = Server::start(data.path()).await?;
    let s = server.create_session().await?;
    let url = server.url.clone();
    let mut umpire = Seat::join(&url, "umpire", &s.umpire, None).await?;
    let mut us = Seat::join(&url, "us", &s.us, Some("president")).await?;
    let mut ussr = Seat::join(&url, "ussr", &s.ussr, Some("first_secretary")).await?;
    let mut class = Seat::join(&url, "observer", &s.observer, None).await?;
    let d = &mut Dice::new(seed);
    act(&mut umpire.client, json!({"type": "start_game"})).await?;
    for turn in 1..=turns {
        // Briefing: words.
        act(&mut umpire.client, json!({"type": "inject", "to": if d.below(2) == 0 { json!("all") } else { json!({"side": "us"}) }, "text": format!("inject {turn}"), "next_briefing": d.below(3) == 0})).await?;
        act(
            &mut us.client,
            json!({"type": "team_chat", "text": format!("us chat {turn}")}),
        )
        .await?;
        act(
            &mut ussr.client,
            json!({"type": "message_umpire", "text": format!("ussr asks {turn}")}),
        )
        .await?;
        act(
            &mut umpire.client,
            json!({"type": "umpire_message", "to": "all", "text": format!("umpire says {turn}")}),
        )
        .await?;
        act(
            &mut us.client,
            json!({"type": "note", "text": format!("us bookmark {turn}"), "bookmark": true}),
        )
        .await?;
        if turn == 2 {
            // Seats change hands: a member joins and is moved (freed next phase).
            let (_, welcome) = Client::join(&url, &s.us, "Bobby", Some("attorney_general")).await?;
            let bobby = welcome["player"].clone();
            act(
                &mut umpire.client,
                json!({"type": "move_player", "player": bobby, "seat": "secretary_of_state"}),
            )
            .await?;
        }
        act(&mut umpire.client, json!({"type": "advance"})).await?;
        for seat in [&mut umpire, &mut us, &mut ussr, &mut class] {
            seat.checkpoint(&url).await?;
        }
        // Orders.
        if turn == 2 {
            let free = json!({"type": "free_seat", "side": "us", "seat": "secretary_of_state"});
            act(&mut umpire.client, free).await?;
        }
        let mut submitted = 0;
        for (seat, side) in [(&mut us, "us"), (&mut ussr, "ussr")] {
            let view = seat
                .checkpoints
                .last()
                .map(|c| c.1.clone())
                .unwrap_or_default();
            for n in 0..1 + d.below(4) {
                let order = order(d, &view, side, n);
                act(
                    &mut seat.client,
                    json!({"type": "add_order", "order": order}),
                )
                .await?;
            }
            if d.below(4) == 0 {
                act(&mut seat.client, json!({"type": "remove_order", "item": 1})).await?;
            }
            if d.below(3) != 0 {
                act(&mut seat.client, json!({"type": "submit_orders"})).await?;
                submitted += 1;
            }
        }
        if d.below(4) == 0 {
            act(&mut umpire.client, json!({"type": "pause"})).await?;
            act(&mut umpire.client, json!({"type": "resume"})).await?;
        }
        if submitted == 2 {
            act(&mut umpire.client, json!({"type": "advance"})).await?;
        } else {
            act(
                &mut umpire.client,
                json!({"type": "set_deadline", "seconds": 1}),
            )
            .await?;
            umpire
                .client
                .event_where(|e| e["type"] == "adjudication_pending")
                .await?;
        }
        for seat in [&mut umpire, &mut us, &mut ussr, &mut class] {
            seat.checkpoint(&url).await?;
        }
        // Adjudication.
        let adjudication = pending(&umpire).context("the adjudication")?;
        for a in adjudication["actions"].as_array().into_iter().flatten() {
            let ruling = match d.below(3) {
                0 => json!({"kind": "accept"}),
                1 => json!({"kind": "reject"}),
                _ => json!({"kind": "roll", "difficulty": 7}),
            };
            act(
                &mut umpire.client,
                json!({"type": "rule_action", "action": a["id"], "ruling": ruling}),
            )
            .await?;
            if d.below(2) == 0 {
                let to = [
                    json!("all"),
                    json!({"side": "us"}),
                    json!({"sides": ["us", "ussr"]}),
                ][d.below(3)]
                .clone();
                let mut outcome = json!({"type": "write_outcome", "action": a["id"], "text": "so it went", "to": to});
                // Sometimes it says how it went, standing against the
                // ruling whatever that was (the page folds both fields).
                if d.below(2) == 0 {
                    outcome["success"] = json!(d.below(2) == 0);
                    outcome["overrule"] = json!(true);
                }
                act(&mut umpire.client, outcome).await?;
            }
        }
        if d.below(2) == 0 {
            let track = ["risk", "defcon", "world_opinion"][d.below(3)];
            act(&mut umpire.client, json!({"type": "adjust_track", "track": track, "by": 1, "reason": "the umpire's call"})).await?;
        }
        if adjudication["adjudication"]["agreement"].is_object() && d.below(2) == 0 {
            act(
                &mut umpire.client,
                json!({"type": "confirm_agreement", "confirmed": true}),
            )
            .await?;
        }
        act(&mut umpire.client, json!({"type": "publish"})).await?;
        if turn == turns && d.below(2) == 0 {
            act(
                &mut umpire.client,
                json!({"type": "end_game", "verdict": "Time."}),
            )
            .await?;
            // The debrief: declassified, a moment on the wall, then off
            // again or left there.
            act(&mut umpire.client, json!({"type": "declassify"})).await?;
            let moment = json!({"perspective": {"side": "us"}, "seq": 3 + d.below(5)});
            act(
                &mut umpire.client,
                json!({"type": "show_class", "moment": moment}),
            )
            .await?;
            if d.below(2) == 0 {
                act(&mut umpire.client, json!({"type": "show_class"})).await?;
            }
        } else {
            act(&mut umpire.client, json!({"type": "advance"})).await?;
        }
        for seat in [&mut umpire, &mut us, &mut ussr, &mut class] {
            seat.checkpoint(&url).await?;
        }
    }
    Ok(vec![umpire, us, ussr, class])
}

/// The page's fold of `seat`'s stream, at each of its checkpoints.
async fn fold_in_page(tab: &brink_tests::browser::Tab, seat: &Seat) -> Result<Vec<Value>> {
    let stream = json!({
        "start": seat.start,
        "events": seat.events,
        "at": seat.checkpoints.iter().map(|c| c.0).collect::<Vec<_>>(),
    });
    let js = format!(
        "(async () => {{ const m = await import('/lib/fold.js'); const s = {stream};\
          let v = s.start; const out = []; let i = 0;\
          for (const at of s.at) {{ for (; i < at; i++) v = m.fold(v, s.events[i]); out.push(v); }}\
          return JSON.stringify(out); }})()"
    );
    let folded: String = tab.eval(&js).await?;
    Ok(serde_json::from_str(&folded)?)
}

/// The first place two JSON values differ, for the failure message.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|k| {
            first_difference(
                &format!("{path}.{k}"),
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
            )
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(&format!("{path}[{i}]"), p, q)),
        _ if a == b => None,
        _ => Some(format!("{path}: the page has {a}, the server {b}")),
    }
}

#[tokio::test]
async fn the_pages_fold_gives_the_servers_view_for_every_viewer() -> Result<()> {
    let chrome = Chrome::launch().await?;
    for seed in [3, 11, 29] {
        let seats = game(seed, 3).await?;
        // Any page of a server serves the page's modules; this game's will do.
        let data = temp_dir("fold-js-page")?;
        let server = Server::start(data.path()).await?;
        let tab = chrome
            .tab(&server.url.replace("ws://", "http://"), 800, 600)
            .await?;
        tab.until("document.readyState === 'complete'", "the page")
            .await?;
        for seat in &seats {
            let folded = fold_in_page(&tab, seat).await?;
            ensure!(folded.len() == seat.checkpoints.len() && !folded.is_empty());
            for (k, (page, (at, server))) in folded.iter().zip(&seat.checkpoints).enumerate() {
                let page_view: View = serde_json::from_value(page.clone()).with_context(|| {
                    format!("seed {seed}, {}: the page's view does not parse", seat.who)
                })?;
                let server_view: View = serde_json::from_value(server.clone())?;
                if page_view != server_view {
                    let (p, s) = (
                        serde_json::to_value(&page_view)?,
                        serde_json::to_value(&server_view)?,
                    );
                    bail!(
                        "seed {seed}, {} at checkpoint {k} ({at} events): {}",
                        seat.who,
                        first_difference("view", &p, &s).unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}
