//! Replay speed: a 13-turn session of about 10,000 events of the 1962
//! scenario, as a seminar would make it (chat, drafts, letters, strategic
//! actions, rulings, notes), rebuilt from its stored log. Measured beside a
//! raw `serde_json` parse of the same lines, in the same run. Prints one line
//! per measure, and last a summary line for scripts.
//!
//! `cargo bench -p brink-server --bench replay`

#![allow(clippy::print_stdout)]

use brink_engine::{
    Action, Actor, Command, JoinRole, OrderItem, PlayerId, Recorded, SeatId, Session, Viewer,
};
use brink_server::catalog::Catalog;
use brink_server::review::{self, Request};
use std::time::{Duration, Instant};

/// How many events the session should have, at least.
const TARGET_EVENTS: usize = 10_000;
/// How many times each measure runs; the median is reported.
const RUNS: usize = 15;

fn main() {
    let scenario = Catalog::built_in()
        .ok()
        .and_then(|c| c.get("cuban-missile-crisis-1962"))
        .expect("the built-in 1962 scenario");
    let (game, log) = session(scenario.clone());
    let lines: Vec<String> = log
        .iter()
        .map(|r| serde_json::to_string(r).expect("an event serializes"))
        .collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    println!(
        "session: {} events, {} turns, {:.1} MB of log",
        log.len(),
        game.state().turn,
        bytes as f64 / 1e6
    );

    let raw = median(|| {
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            std::hint::black_box(v);
        }
    });
    let parse = median(|| {
        for line in &lines {
            let r: Recorded = serde_json::from_str(line).expect("an event");
            std::hint::black_box(r);
        }
    });
    let fold = median(|| {
        let mut s = Session::new(scenario.clone());
        for r in &log {
            s.apply(r);
        }
        std::hint::black_box(s.state().last_seq);
    });
    let rebuild = median(|| {
        let mut s = Session::new(scenario.clone());
        for line in &lines {
            let r: Recorded = serde_json::from_str(line).expect("an event");
            s.apply(&r);
        }
        std::hint::black_box(s.state().last_seq);
    });
    let side = Viewer::Side("us".into());
    let replay = median(|| {
        let mut from = None;
        loop {
            let request = Request::Replay {
                perspective: side.clone(),
                from,
                to: None,
                view: from.is_none(),
            };
            let answer = review::answer("s", "r", &game, &log, &side, &request).expect("a replay");
            match answer.as_slice() {
                [
                    brink_protocol::ServerMsg::Replay {
                        events, more: true, ..
                    },
                ] => {
                    from = events.last().map(|e| brink_engine::Point::Seq(e.seq));
                }
                _ => break,
            }
        }
    });
    let report = median(|| {
        let request = Request::Report {
            format: brink_protocol::ReportFormat::Html,
        };
        let answer = review::answer("s", "r", &game, &log, &Viewer::Umpire, &request);
        std::hint::black_box(answer.expect("a report"));
    });
    let per_s = |d: Duration| log.len() as f64 / d.as_secs_f64();
    println!(
        "raw serde_json parse (Value):  {:>8.2} ms  {:>12.0} events/s",
        ms(raw),
        per_s(raw)
    );
    println!(
        "parse into events:             {:>8.2} ms  {:>12.0} events/s",
        ms(parse),
        per_s(parse)
    );
    println!(
        "fold parsed events (apply):    {:>8.2} ms  {:>12.0} events/s",
        ms(fold),
        per_s(fold)
    );
    println!(
        "rebuild from the stored lines: {:>8.2} ms  {:>12.0} events/s",
        ms(rebuild),
        per_s(rebuild)
    );
    println!("a side's whole replay (pages): {:>8.2} ms", ms(replay));
    println!("the HTML report:               {:>8.2} ms", ms(report));
    println!(
        "replay_events_per_s={:.0} rebuild_ms={:.2} raw_parse_ratio={:.2}",
        per_s(rebuild),
        ms(rebuild),
        raw.as_secs_f64() / rebuild.as_secs_f64()
    );
}

/// The median time of `RUNS` runs of `f` (after one to warm up).
fn median(mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A 13-turn session of at least `TARGET_EVENTS` events: eight members, who
/// chat and draft in every Orders phase; letters and strategic actions; the
/// umpire rules, notes and publishes.
fn session(scenario: std::sync::Arc<brink_engine::Scenario>) -> (Session, Vec<Recorded>) {
    let mut game = Session::new(scenario);
    let mut log: Vec<Recorded> = Vec::new();
    let mut now = 1_000_000;
    let mut run = |game: &mut Session, actor: Actor, command: Command| {
        now += 250;
        if let Ok(events) = game.decide(&actor, &command, now) {
            for e in events {
                game.apply(&e);
                log.push(e);
            }
        }
    };
    run(
        &mut game,
        Actor::System,
        Command::Create {
            seed: 1962,
            observers: Default::default(),
        },
    );
    let seats = [
        ("us", "president"),
        ("us", "attorney_general"),
        ("us", "secretary_of_defense"),
        ("ussr", "first_secretary"),
        ("ussr", "foreign_minister"),
        ("ussr", "ambassador"),
    ];
    run(
        &mut game,
        Actor::System,
        Command::Join {
            role: JoinRole::Umpire,
            name: "Control".into(),
            seat: None,
        },
    );
    for (side, seat) in seats {
        let join = Command::Join {
            role: JoinRole::Side(side.into()),
            name: seat.into(),
            seat: Some(SeatId::from(seat)),
        };
        run(&mut game, Actor::System, join);
    }
    let umpire = || Actor::Player(PlayerId::nth(1));
    let member = |i: usize| Actor::Player(PlayerId::nth(2 + i as u32));
    let act = |a: Action| Command::Act(a);
    run(&mut game, umpire(), act(Action::StartGame));
    let per_turn = TARGET_EVENTS / 13 + 40;
    for turn in 1..=13u32 {
        run(&mut game, umpire(), act(Action::Advance { force: false }));
        let start = game.state().last_seq;
        let mut k = 0;
        while (game.state().last_seq - start) < per_turn as u64 - 40 {
            let i = k % seats.len();
            let text = format!(
                "Turn {turn}, line {k}: what does the other side want, and what can it accept?"
            );
            run(
                &mut game,
                member(i),
                act(Action::TeamChat { text: text.clone() }),
            );
            if k % 5 == 0 {
                let order = OrderItem::Action {
                    what: text.clone(),
                    why: "It may work.".into(),
                    expected: "We will see.".into(),
                };
                run(&mut game, member(i), act(Action::AddOrder { order }));
                let item = game
                    .state()
                    .orders
                    .get(&seats[i].0.into())
                    .map_or(1, |o| o.next_item - 1);
                run(&mut game, member(i), act(Action::RemoveOrder { item }));
            }
            k += 1;
        }
        for (i, (side, _)) in seats
            .iter()
            .enumerate()
            .filter(|(_, (_, s))| *s == "president" || *s == "first_secretary")
        {
            let to = if *side == "us" { "ussr" } else { "us" };
            let letter = OrderItem::Letter {
                channel: "embassy_cable".into(),
                to: to.into(),
                text: format!("A letter of turn {turn}."),
                terms: Vec::new(),
            };
            run(
                &mut game,
                member(i),
                act(Action::AddOrder { order: letter }),
            );
            let strategic = if *side == "us" {
                "diplomatic_warning"
            } else {
                "halt_construction"
            };
            run(
                &mut game,
                member(i),
                act(Action::AddOrder {
                    order: OrderItem::Strategic {
                        action: strategic.into(),
                    },
                }),
            );
            let order = OrderItem::Action {
                what: "Sound out the other side at the UN.".into(),
                why: String::new(),
                expected: String::new(),
            };
            run(&mut game, member(i), act(Action::AddOrder { order }));
            run(&mut game, member(i), act(Action::SubmitOrders));
        }
        run(&mut game, umpire(), act(Action::Advance { force: true }));
        let actions = game
            .state()
            .adjudication
            .as_ref()
            .map(|a| a.actions.clone())
            .unwrap_or_default();
        for id in actions {
            run(
                &mut game,
                umpire(),
                act(Action::RuleAction {
                    action: id,
                    ruling: brink_engine::Ruling::Roll { difficulty: 7 },
                }),
            );
        }
        run(
            &mut game,
            umpire(),
            act(Action::Note {
                text: format!("Turn {turn} went as expected."),
                bookmark: turn % 3 == 0,
            }),
        );
        run(&mut game, umpire(), act(Action::Publish));
        if game.state().phase == brink_engine::Phase::Ended {
            break;
        }
        if turn < 13 {
            run(&mut game, umpire(), act(Action::Advance { force: false }));
        }
    }
    (game, log)
}
