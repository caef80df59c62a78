//! A seminar's log as the engine makes it: a 13-turn session of the 1962
//! scenario (about 10,000 events: chat, drafts, letters, strategic actions,
//! rulings, notes), for the replay measures. Shared, by `#[path]`, between
//! `cargo bench -p brink-server --bench replay` and `brink-bench` (S6).

use brink_engine::{
    Action, Actor, Command, JoinRole, OrderItem, PlayerId, Recorded, SeatId, Session,
};

/// The seminar on the built-in 1962 scenario, as played and as stored.
#[derive(Debug)]
pub struct Seminar {
    /// The scenario it is played on.
    pub scenario: std::sync::Arc<brink_engine::Scenario>,
    /// The game at its end.
    pub game: Session,
    /// Its events.
    pub log: Vec<Recorded>,
    /// Its log as the store keeps it, one JSON line an event.
    pub lines: Vec<String>,
}

impl Seminar {
    /// The seminar of [`session`] on the built-in 1962 scenario.
    pub fn built_in() -> Result<Self, String> {
        let scenario = brink_server::catalog::Catalog::built_in()
            .map_err(|e| e.to_string())?
            .get("cuban-missile-crisis-1962")
            .ok_or("the built-in 1962 scenario is missing")?;
        let (game, log) = session(scenario.clone());
        let lines = log
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            scenario,
            game,
            log,
            lines,
        })
    }

    /// Bytes of stored log.
    pub fn bytes(&self) -> usize {
        self.lines.iter().map(String::len).sum()
    }
}

/// How many events the session should have, at least.
pub const TARGET_EVENTS: usize = 10_000;

/// A 13-turn session of at least `TARGET_EVENTS` events: eight members, who
/// chat and draft in every Orders phase; letters and strategic actions; the
/// umpire rules, notes and publishes.
pub fn session(scenario: std::sync::Arc<brink_engine::Scenario>) -> (Session, Vec<Recorded>) {
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
    run(&mut game, umpire(), act(Action::StartGame {}));
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
            run(&mut game, member(i), act(Action::SubmitOrders {}));
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
        run(&mut game, umpire(), act(Action::Publish {}));
        if game.state().phase == brink_engine::Phase::Ended {
            break;
        }
        if turn < 13 {
            run(&mut game, umpire(), act(Action::Advance { force: false }));
        }
    }
    (game, log)
}
