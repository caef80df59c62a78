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
    let mut s = Script {
        game: Session::new(scenario),
        log: Vec::new(),
        now: 1_000_000,
    };
    s.run(
        Actor::System,
        Command::Create {
            seed: 1962,
            observers: Default::default(),
            title: None,
        },
    );
    s.run(
        Actor::System,
        Command::Join {
            role: JoinRole::Umpire,
            name: "Control".into(),
            seat: None,
        },
    );
    for (side, seat) in SEATS {
        let join = Command::Join {
            role: JoinRole::Side(side.into()),
            name: seat.into(),
            seat: Some(SeatId::from(seat)),
        };
        s.run(Actor::System, join);
    }
    s.run(umpire(), act(Action::StartGame {}));
    let per_turn = TARGET_EVENTS / 13 + 40;
    for turn in 1..=13u32 {
        s.run(umpire(), act(Action::Advance { force: false }));
        s.talk(turn, per_turn as u64 - 40);
        s.leaders_submit(turn);
        s.run(umpire(), act(Action::Advance { force: true }));
        s.umpire_rules(turn);
        if s.game.state().phase == brink_engine::Phase::Ended {
            break;
        }
        if turn < 13 {
            s.run(umpire(), act(Action::Advance { force: false }));
        }
    }
    (s.game, s.log)
}

/// The members' seats, US then USSR.
const SEATS: [(&str, &str); 6] = [
    ("us", "president"),
    ("us", "attorney_general"),
    ("us", "secretary_of_defense"),
    ("ussr", "first_secretary"),
    ("ussr", "foreign_minister"),
    ("ussr", "ambassador"),
];

fn umpire() -> Actor {
    Actor::Player(PlayerId::nth(1))
}

fn member(i: usize) -> Actor {
    Actor::Player(PlayerId::nth(2 + i as u32))
}

fn act(a: Action) -> Command {
    Command::Act(a)
}

/// The game being scripted, its log, and its clock.
struct Script {
    game: Session,
    log: Vec<Recorded>,
    now: u64,
}

impl Script {
    /// Decides and applies a command, a quarter second after the last.
    fn run(&mut self, actor: Actor, command: Command) {
        self.now += 250;
        if let Ok(events) = self.game.decide(&actor, &command, self.now) {
            for e in events {
                self.game.apply(&e);
                self.log.push(e);
            }
        }
    }

    /// The members chat, and draft and drop an action every fifth line,
    /// until the turn has `events` more events.
    fn talk(&mut self, turn: u32, events: u64) {
        let start = self.game.state().last_seq;
        let mut k = 0;
        while (self.game.state().last_seq - start) < events {
            let i = k % SEATS.len();
            let text = format!(
                "Turn {turn}, line {k}: what does the other side want, and what can it accept?"
            );
            self.run(member(i), act(Action::TeamChat { text: text.clone() }));
            if k % 5 == 0 {
                let order = OrderItem::Action {
                    what: text.clone(),
                    why: "It may work.".into(),
                    expected: "We will see.".into(),
                };
                self.run(member(i), act(Action::AddOrder { order }));
                let item = self
                    .game
                    .state()
                    .orders
                    .get(&SEATS[i].0.into())
                    .map_or(1, |o| o.next_item - 1);
                self.run(member(i), act(Action::RemoveOrder { item }));
            }
            k += 1;
        }
    }

    /// Each side's leader drafts a letter, a strategic action and a
    /// free-form action, and submits.
    fn leaders_submit(&mut self, turn: u32) {
        for (i, (side, _)) in SEATS
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
            self.run(member(i), act(Action::AddOrder { order: letter }));
            let strategic = if *side == "us" {
                "diplomatic_warning"
            } else {
                "halt_construction"
            };
            let order = OrderItem::Strategic {
                action: strategic.into(),
            };
            self.run(member(i), act(Action::AddOrder { order }));
            let order = OrderItem::Action {
                what: "Sound out the other side at the UN.".into(),
                why: String::new(),
                expected: String::new(),
            };
            self.run(member(i), act(Action::AddOrder { order }));
            self.run(member(i), act(Action::SubmitOrders {}));
        }
    }

    /// The umpire rolls for every free-form action, writes a note (a
    /// bookmark every third turn) and publishes.
    fn umpire_rules(&mut self, turn: u32) {
        let actions = self
            .game
            .state()
            .adjudication
            .as_ref()
            .map(|a| a.actions.clone())
            .unwrap_or_default();
        for id in actions {
            let ruling = brink_engine::Ruling::Roll { difficulty: 7 };
            self.run(umpire(), act(Action::RuleAction { action: id, ruling }));
        }
        let note = Action::Note {
            text: format!("Turn {turn} went as expected."),
            bookmark: turn.is_multiple_of(3),
        };
        self.run(umpire(), act(note));
        self.run(umpire(), act(Action::Publish {}));
    }
}
