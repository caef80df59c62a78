//! Names, never ids, in every line the CLI prints about a game: the 1962
//! crisis played as history went (`tests/data/history-1962.json`, the
//! engine's and the review's history too), with chat, umpire messages,
//! bookmarks and a free-form action on top, rendered for the umpire, each
//! side, an observer and a delayed observer as their streams come (each
//! event folded into the view first, as `brink join` does), with `/status`,
//! `/orders` and `/letters` after every command: no line shows an id of the
//! scenario that differs from its name (`brink_engine::names::ids_shown`).
//! The listings that say what to type (`/map`, `/terms`, `/menu`,
//! `/tracks`) show ids beside names on purpose, and are not scanned; nor is
//! a line's hint of a command and what it takes (`(/incident ID): …`).

use crate::render::Known;
use brink_engine::replay::redact_delayed;
use brink_engine::{
    Action, Actor, Command, JoinRole, OrderItem, PlayerId, Recorded, Role, Scenario, SeatId,
    Session, SideId, Viewer, names::ids_shown, redact,
};
use std::sync::Arc;

const CUBA: &str = include_str!("../../scenarios/cuban-missile-crisis-1962.toml");
const HISTORY: &str = include_str!("../../tests/data/history-1962.json");

/// One reader of the game: what it is shown of each event, and its CLI.
struct Reader {
    name: &'static str,
    show: fn(&Recorded) -> Option<brink_engine::Seen>,
    known: Known,
    seq: u64,
}

/// Everything the readers were told, and what went wrong.
struct Table {
    session: Session,
    readers: Vec<Reader>,
    lines: usize,
    shown: Vec<String>,
}

impl Table {
    fn scan(&mut self, reader: &str, text: &str) {
        for line in text.lines() {
            self.lines += 1;
            if line.contains("(/") {
                continue;
            }
            let ids = ids_shown(self.session.scenario(), line);
            if !ids.is_empty() {
                self.shown.push(format!("{reader} read {ids:?} in: {line}"));
            }
        }
    }

    /// Decides `command` by `actor`; its events go to every reader.
    fn run(&mut self, actor: Actor, command: Command) -> bool {
        let Ok(recorded) = self.session.decide(&actor, &command, 1_000) else {
            return false;
        };
        let mut said = Vec::new();
        for r in &recorded {
            self.session.apply(r);
            for reader in &mut self.readers {
                if let Some(seen) = (reader.show)(r) {
                    reader.seq += 1;
                    reader.known.note(reader.seq, &seen);
                    said.push((reader.name, reader.known.line(&seen)));
                }
            }
        }
        let mut reports = Vec::new();
        for reader in &self.readers {
            if let Some(view) = reader.known.view() {
                reports.push((reader.name, reader.known.status()));
                reports.push((reader.name, crate::describe::letters_text(view)));
                reports.push((reader.name, reader.known.briefing()));
            }
        }
        for (reader, text) in said.into_iter().chain(reports) {
            self.scan(reader, &text);
        }
        true
    }

    fn act(&mut self, who: u32, action: Action) -> bool {
        self.run(Actor::Player(PlayerId::nth(who)), Command::Act(action))
    }
}

/// The history file's orders for `side` at `turn`, with its letters found.
fn history(session: &Session, turn: u32, side: &str) -> Vec<OrderItem> {
    let script: serde_json::Value = serde_json::from_str(HISTORY).expect("JSON");
    let mut orders = Vec::new();
    for entry in script.as_array().into_iter().flatten() {
        if entry["turn"] != turn || entry["side"] != side {
            continue;
        }
        for order in entry["orders"].as_array().into_iter().flatten() {
            let mut order = order.clone();
            if let Some(reference) = order.get("letter").filter(|l| l.is_object()).cloned() {
                let from = SideId::from(reference["sent_by"].as_str().unwrap_or_default());
                let sent = reference["turn"].as_u64().unwrap_or_default();
                let letter = session
                    .state()
                    .letters
                    .values()
                    .find(|l| l.from == from && u64::from(l.sent_turn) == sent)
                    .map(|l| l.id.clone())
                    .expect("the letter was sent");
                order["letter"] = serde_json::json!(letter);
            }
            orders.push(serde_json::from_value(order).expect("an order"));
        }
    }
    orders
}

fn reader(name: &'static str, show: fn(&Recorded) -> Option<brink_engine::Seen>) -> Reader {
    Reader {
        name,
        show,
        known: Known::default(),
        seq: 0,
    }
}

#[test]
fn every_line_the_cli_prints_names_what_it_shows() {
    let scenario = Arc::new(Scenario::parse("cuba", CUBA).expect("valid"));
    let mut session = Session::new(scenario.clone());
    let create = Command::Create {
        seed: 11,
        observers: Default::default(),
        title: None,
    };
    let recorded = session
        .decide(&Actor::System, &create, 1_000)
        .expect("create");
    session.apply(&recorded[0]);
    let mut readers = vec![
        reader("the umpire", |r| redact(r, &Viewer::Umpire)),
        reader("the US", |r| redact(r, &Viewer::Side("us".into()))),
        reader("the USSR", |r| redact(r, &Viewer::Side("ussr".into()))),
        reader("an observer", |r| redact(r, &Viewer::Observer)),
        reader("a delayed observer", redact_delayed),
    ];
    for reader in &mut readers {
        let viewer = match reader.name {
            "the US" => Viewer::Side("us".into()),
            "the USSR" => Viewer::Side("ussr".into()),
            "an observer" => Viewer::Observer,
            _ => Viewer::Umpire,
        };
        reader.seq = u64::from(viewer == Viewer::Umpire);
        reader.known.reset(session.view(&viewer));
    }
    // The delayed observer joins later, and is not in the picture it is shown.
    readers[4]
        .known
        .set_me(PlayerId::nth(9), "Bea".into(), Role::Observer);
    let mut t = Table {
        session,
        readers,
        lines: 0,
        shown: Vec::new(),
    };
    for (role, name, seat) in [
        (JoinRole::Umpire, "Control", None),
        (JoinRole::Side("us".into()), "Jack", Some("president")),
        (
            JoinRole::Side("ussr".into()),
            "Nikita",
            Some("first_secretary"),
        ),
        (JoinRole::Observer, "Ann", None),
    ] {
        let join = Command::Join {
            role,
            name: name.into(),
            seat: seat.map(SeatId::from),
        };
        assert!(t.run(Actor::System, join));
    }
    assert!(t.act(1, Action::StartGame {}));
    for turn in 1..=13 {
        t.act(1, Action::Advance { force: false });
        for (who, side) in [(2, "us"), (3, "ussr")] {
            for order in history(&t.session, turn, side) {
                assert!(t.act(who, Action::AddOrder { order }), "turn {turn}");
            }
            if turn == 3 {
                let order = OrderItem::Action {
                    what: "Low-level flights over the sites".into(),
                    why: "to see them close".into(),
                    expected: "photographs".into(),
                };
                assert!(t.act(who, Action::AddOrder { order }));
            }
            assert!(t.act(who, Action::SubmitOrders {}));
            t.act(
                who,
                Action::TeamChat {
                    text: "Hold firm.".into(),
                },
            );
            t.act(
                who,
                Action::MessageUmpire {
                    text: "Any news?".into(),
                },
            );
        }
        assert!(t.act(1, Action::Advance { force: false }));
        let pending = t
            .session
            .state()
            .actions
            .keys()
            .cloned()
            .collect::<Vec<_>>();
        for action in pending {
            let ruling = brink_engine::Ruling::Roll { difficulty: 7 };
            t.act(1, Action::RuleAction { action, ruling });
        }
        if turn == 12 {
            t.act(
                1,
                Action::TriggerIncident {
                    incident: "u2_shot_down".into(),
                },
            );
            t.act(1, Action::ConfirmAgreement { confirmed: true });
        }
        let to = brink_engine::Audience::Sides(vec!["us".into(), "ussr".into()]);
        t.act(
            1,
            Action::UmpireMessage {
                to,
                text: "The world watches.".into(),
            },
        );
        t.act(
            2,
            Action::Note {
                text: "Our moment.".into(),
                bookmark: true,
            },
        );
        assert!(t.act(1, Action::Publish {}), "turn {turn}");
        if t.session.state().phase == brink_engine::Phase::Ended {
            break;
        }
        assert!(t.act(1, Action::Advance { force: false }), "turn {turn}");
    }
    assert!(
        t.session.state().agreement.is_some(),
        "history ended in agreement"
    );
    assert!(t.lines > 2_000, "only {} lines were read", t.lines);
    assert!(
        t.shown.is_empty(),
        "ids where people read:\n{}",
        t.shown.join("\n")
    );
    // The delayed observer's own join is after its picture: it reads its
    // own name, as anyone else's.
    let welcome = t.readers[4]
        .known
        .welcome(&PlayerId::nth(9), false, 0, false);
    assert!(welcome.contains("as Bea (observer)."), "{welcome}");
    assert!(!welcome.contains("p9"), "{welcome}");
}
