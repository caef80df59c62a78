//! Memory a session holds: the 13-turn seminar of the replay bench (about
//! 10,000 events of the 1962 scenario) rebuilt from its stored log as a
//! restart rebuilds it, and held as a session that played it live holds it
//! (its log grown an event at a time). The heap is counted by the bench's
//! global allocator, so the figures are exact and the same on every run.
//! Prints one line per part, and last a summary line for scripts.
//!
//! `cargo bench -p brink-server --bench memory`

#![allow(clippy::print_stdout)]

use brink_engine::Recorded;
use brink_server::answers::{Answers, REMEMBERED};
use brink_server::rebuild::Rebuilt;
use brink_server::store::Answered;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

// The session builder is shared with `brink-bench`'s S6.
#[path = "../../bench/src/seminar_log.rs"]
mod seminar_log;
use seminar_log::Seminar;

fn main() {
    let seminar = Seminar::built_in().expect("the seminar's log");
    let bytes = seminar.bytes();
    let (scenario, lines) = (&seminar.scenario, &seminar.lines);
    println!(
        "session: {} events, {} turns, {:.2} MB of log; an event is {} bytes in memory before its own heap",
        seminar.log.len(),
        seminar.game.state().turn,
        mb(bytes as i64),
        std::mem::size_of::<Recorded>()
    );

    let restart = held(|| {
        Rebuilt::from_lines(scenario.clone(), lines, Default::default()).expect("the log parses")
    });
    let live = held(|| {
        let mut grown = Vec::new();
        for line in lines {
            let event = serde_json::from_str::<Recorded>(line).expect("an event");
            grown.push((event, line.len()));
        }
        Rebuilt::from_events(scenario.clone(), grown, Default::default())
    });
    let totals = (restart.0, live.0);
    // A session as a seminar begins: created, and its members (umpire and
    // 3 + 3) joined; 7 of the 8 each session of the S7 shape holds before
    // play (its spectator is not in this log).
    let joined = seminar
        .log
        .iter()
        .rposition(|r| matches!(r.event, brink_engine::Event::PlayerJoined { .. }))
        .map_or(0, |i| i + 1);
    let fresh = held(|| {
        Rebuilt::from_lines(scenario.clone(), &lines[..joined], Default::default())
            .expect("the log parses")
    });
    // Six members' answers at the limit each keeps, with ids as the CLI
    // and the bench make them.
    let requests: Vec<Answered> = (0..6)
        .flat_map(|p| {
            (0..REMEMBERED).map(move |n| Answered {
                player: format!("p{p}"),
                request: format!("c{n}"),
                digest: brink_server::secret::sha256_hex(&format!("{p} {n}")),
            })
        })
        .collect();
    // `restore` consumes what it is given: count that back in.
    let given = freed(requests.clone());
    let (restored, answers) = held(|| Answers::restore(requests));
    let answers_held = restored + given;
    drop(answers);
    println!(
        "answers, 6 × {REMEMBERED}    {:>6.2} MB ({:.0} bytes an answer)",
        mb(answers_held),
        answers_held as f64 / (6 * REMEMBERED) as f64
    );
    for (name, (total, rebuilt)) in [
        ("rebuilt at a restart", restart),
        ("played live", live),
        ("new, 7 joined", fresh),
    ] {
        let Rebuilt {
            game, log, streams, ..
        } = rebuilt;
        let log_part = freed(log);
        let streams_part = freed(streams);
        let game_part = freed(game);
        println!(
            "{name:<21} {:>6.3} MB: log {:.3} MB, game {:.3} MB, streams {:.3} MB",
            mb(total),
            mb(log_part),
            mb(game_part),
            mb(streams_part),
        );
    }
    // A session fed chats, 20,000 and then 200,000: what it holds is the
    // window, the state and the streams' counts, whatever its length.
    let mut chatted = Vec::new();
    for chats in [20_000, 200_000] {
        let (total, rebuilt) = held(|| chatty(scenario, chats));
        let Rebuilt { game, log, .. } = rebuilt;
        let events = log.len();
        let log_part = freed(log);
        let game_part = freed(game);
        println!(
            "fed {chats:>7} chats     {:>6.3} MB: log window {:.3} MB, game {:.3} MB ({events} events in all)",
            mb(total),
            mb(log_part),
            mb(game_part),
        );
        chatted.push(total);
    }
    println!(
        "session_mb_restart={:.2} session_mb_live={:.2} bytes_per_event_live={:.0} bytes_per_answer={:.0} chats_20k_mb={:.2} chats_200k_mb={:.2}",
        mb(totals.0),
        mb(totals.1),
        totals.1 as f64 / lines.len() as f64,
        answers_held as f64 / (6 * REMEMBERED) as f64,
        mb(chatted[0]),
        mb(chatted[1]),
    );
}

/// A session of `scenario` whose two US members said `chats` lines of
/// team chat (a chat of 100 characters), held as a live session holds it.
fn chatty(scenario: &std::sync::Arc<brink_engine::Scenario>, chats: usize) -> Rebuilt {
    use brink_engine::{Action, Actor, Command, JoinRole, PlayerId, SeatId, Session};
    let mut game = Session::new(scenario.clone());
    let mut events = Vec::new();
    let mut run = |game: &mut Session, actor: Actor, command: Command| {
        let recorded = game
            .decide(&actor, &command, 1_000)
            .expect("the command is taken");
        for r in recorded {
            game.apply(&r);
            let bytes = serde_json::to_string(&r)
                .expect("an event serializes")
                .len();
            events.push((r, bytes));
        }
    };
    let create = Command::Create {
        seed: 1,
        observers: Default::default(),
        title: None,
    };
    run(&mut game, Actor::System, create);
    for (role, name, seat) in [
        (JoinRole::Umpire, "Control", None),
        (JoinRole::Side("us".into()), "Jack", Some("president")),
        (
            JoinRole::Side("us".into()),
            "Bobby",
            Some("attorney_general"),
        ),
    ] {
        let join = Command::Join {
            role,
            name: name.into(),
            seat: seat.map(SeatId::from),
        };
        run(&mut game, Actor::System, join);
    }
    for i in 0..chats {
        let who = PlayerId::nth(2 + (i % 2) as u32);
        let text = format!("{i:>6} {}", "word ".repeat(19));
        run(
            &mut game,
            Actor::Player(who),
            Command::Act(Action::TeamChat { text }),
        );
    }
    Rebuilt::from_events(scenario.clone(), events, Default::default())
}

/// What `make` leaves allocated, with what it made.
fn held<T>(make: impl FnOnce() -> T) -> (i64, T) {
    let region = Region::new(GLOBAL);
    let made = make();
    (net(region.change()), made)
}

/// What dropping `value` gives back.
fn freed<T>(value: T) -> i64 {
    let region = Region::new(GLOBAL);
    drop(value);
    -net(region.change())
}

fn net(stats: stats_alloc::Stats) -> i64 {
    // A realloc counts its growth in `bytes_allocated` and its shrinking in
    // `bytes_deallocated` already.
    stats.bytes_allocated as i64 - stats.bytes_deallocated as i64
}

fn mb(bytes: i64) -> f64 {
    bytes as f64 / 1e6
}
