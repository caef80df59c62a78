//! The fold property: a client that keeps its view by folding the events it
//! receives into the view it was welcomed with (`View::apply`) has, wherever
//! it could be welcomed again, exactly the view the engine would give it.
//!
//! Over the randomised games of `games/mod.rs` (the leak property's: seats
//! changing, players joining late, deadlines warning and passing too), with
//! now and then a tail that ends the game, declassifies it, forks it and
//! lets players join the fork: for every viewer (the umpire, each side, an
//! observer), each event its live stream receives from the server's
//! outbound path (`Streams`, the messages as serialized for the wire) is
//! folded into its view from the start of the session, and into a view it
//! was welcomed with in the middle of the game (a resume); after every
//! command's events (the points where a client may be welcomed: the session
//! actor welcomes between batches of whole commands), both folds equal the
//! engine's `view` for that viewer (`==`).

mod games;

use brink_engine::limits::VIEW_RECENT_MESSAGES;
use brink_engine::{Recorded, Session, View};
use brink_protocol::ServerMsg;
use brink_server::outbound::Stream;
use games::{Aud, Op, VIEWERS, Watch, game, games, play_ops, viewer};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Each viewer's folds, checked against the engine after every command.
struct Folds {
    /// The op after which a second fold starts, from the view then.
    resume_after: usize,
    /// Each viewer's fold from the start of the session.
    from_start: BTreeMap<&'static str, View>,
    /// Each viewer's fold from its welcome after `resume_after`.
    resumed: BTreeMap<&'static str, View>,
    /// Each viewer's last stream seq.
    seqs: BTreeMap<&'static str, u64>,
    /// The events of the command under way, for the failure's message.
    events: Vec<String>,
    /// The first difference found, said.
    failure: Option<String>,
}

impl Folds {
    fn new(resume_after: usize) -> Self {
        // The view of the session before its first event, for every viewer.
        let blank = Session::new(games::scenario(&|_| {}));
        Self {
            resume_after,
            from_start: VIEWERS
                .iter()
                .map(|name| (*name, blank.view(&viewer(name))))
                .collect(),
            resumed: BTreeMap::new(),
            seqs: BTreeMap::new(),
            events: Vec::new(),
            failure: None,
        }
    }

    fn fail(&mut self, why: String) {
        self.failure.get_or_insert(why);
    }
}

impl Watch for Folds {
    /// Each viewer folds the event if its stream received it, as the server
    /// serialized it.
    fn event(&mut self, _: &Session, recorded: &Recorded, out: &[(Stream, String)]) {
        self.events
            .push(format!("{} {:?}", recorded.seq, recorded.event));
        for name in VIEWERS {
            let mine = Stream::Live(viewer(name));
            for (_, msg) in out.iter().filter(|(s, _)| *s == mine) {
                let Ok(ServerMsg::Event { seq, event }) = serde_json::from_str(msg) else {
                    self.fail(format!("{name} got a message that is no event: {msg}"));
                    continue;
                };
                let last = self.seqs.insert(name, seq).unwrap_or(0);
                if seq != last + 1 {
                    self.fail(format!("{name}'s stream went from {last} to {seq}"));
                }
                for folds in [&mut self.from_start, &mut self.resumed] {
                    if let Some(view) = folds.get_mut(name) {
                        view.apply(seq, &event);
                    }
                }
            }
        }
    }

    /// Once the command's events are all in, every fold equals the engine's
    /// view.
    fn command(&mut self, game: &Session) {
        let events = std::mem::take(&mut self.events);
        for name in VIEWERS {
            let expected = game.view(&viewer(name));
            let mut wrong = Vec::new();
            for (kind, folds) in [
                ("from the start", &self.from_start),
                ("resumed", &self.resumed),
            ] {
                if let Some(folded) = folds.get(name)
                    && *folded != expected
                {
                    wrong.push(format!(
                        "{name}'s view folded {kind} differs after the events\n  {}\n{}",
                        events.join("\n  "),
                        differences(folded, &expected)
                    ));
                }
            }
            for why in wrong {
                self.fail(why);
            }
        }
    }

    fn op(&mut self, game: &Session, at: usize) {
        if at == self.resume_after {
            for name in VIEWERS {
                self.resumed.insert(name, game.view(&viewer(name)));
            }
        }
    }
}

/// The parts of two views that differ, as JSON: folded, then expected.
fn differences(folded: &View, expected: &View) -> String {
    let as_json = |v: &View| serde_json::to_value(v).unwrap_or_default();
    let (a, b) = (as_json(folded), as_json(expected));
    let keys: Vec<&String> = b.as_object().into_iter().flat_map(|o| o.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(k.as_str()) != b.get(k.as_str()))
        .map(|k| {
            format!(
                "  {k}:\n    folded:   {}\n    expected: {}",
                a.get(k.as_str()).unwrap_or(&serde_json::Value::Null),
                b[k.as_str()]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Talk and injects, each more than the most recent a view keeps, in some
/// games: a side's team, the umpire to all, and injects for everyone.
const CHATTER: [Op; 3] = [
    Op::Team(1),
    Op::FromUmpire(0, None),
    Op::Inject(Aud::All, false),
];

/// The end of some games: the umpire ends the game and declassifies it;
/// it is forked, and the umpire and a player join the fork.
const TAIL: [Op; 5] = [
    Op::EndGame,
    Op::Declassify,
    Op::Fork,
    Op::Join(0),
    Op::Join(1),
];

proptest! {
    // As many games as each leak property plays (`games()`).
    #![proptest_config(ProptestConfig::with_cases(games()))]

    #[test]
    fn folding_a_viewers_stream_gives_its_view(
        ops in game(),
        seed in any::<u64>(),
        resume in any::<prop::sample::Index>(),
        chatter in prop::bool::weighted(0.2),
        tail in any::<bool>(),
    ) {
        let mut ops = ops;
        if chatter {
            let each = VIEW_RECENT_MESSAGES + 10;
            ops.extend(CHATTER.iter().cycle().take(CHATTER.len() * each).cloned());
        }
        if tail {
            ops.extend(TAIL);
        }
        let ops: Vec<(usize, Op)> = ops.into_iter().enumerate().collect();
        let mut folds = Folds::new(resume.index(ops.len()));
        let table = play_ops(&ops, seed, &|n| format!("text {n}"), &|_| {}, &mut folds);
        prop_assert!(folds.failure.is_none(), "{}", folds.failure.unwrap_or_default());
        // The resumed folds ran, and at the end both are the engine's view.
        prop_assert_eq!(folds.resumed.len(), VIEWERS.len());
        for name in VIEWERS {
            let now = Some(table.game.view(&viewer(name)));
            prop_assert_eq!(folds.from_start.get(name).cloned(), now.clone());
            prop_assert_eq!(folds.resumed.get(name).cloned(), now);
        }
    }
}
