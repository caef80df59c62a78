//! The turn machine through the engine: orders drafted and submitted in
//! secret, letters through channels with delays, a free-form action ruled by a
//! seeded roll, injects, notes, a pending adjudication the umpire amends and
//! publishes, and an agreement that ends the crisis. Every refusal changes
//! nothing, and the log folds again to the same state, byte for byte.

use brink_engine::{
    Action, ActionId, Actor, Audience, Command, Event, JoinRole, LetterId, OrderItem, Phase,
    PlayerId, RejectCode, Ruling, Scenario, SeatId, Session, SideId, TermId, Viewer,
};
use std::sync::Arc;

mod common;
use common::{Game, TINY};

const UMPIRE: u32 = 1;
const RED_CHIEF: u32 = 2;
const RED_AIDE: u32 = 3;
const BLUE_CHIEF: u32 = 4;

/// Umpire p1, Red chief p2, Red aide p3, Blue chief p4, observer p5, at
/// 1,000 ms.
fn game() -> Game {
    Game::with(
        42,
        1_000,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("chief")),
            (JoinRole::Side("red".into()), Some("aide")),
            (JoinRole::Side("blue".into()), Some("chief")),
            (JoinRole::Observer, None),
        ],
    )
}

/// Red's mood, as Red knows it exactly.
fn red_mood(g: &Game) -> Option<i32> {
    g.session
        .view(&red())
        .tracks
        .iter()
        .find(|t| t.id.as_str() == "red_mood")
        .and_then(|t| t.value)
}

fn red() -> Viewer {
    Viewer::Side("red".into())
}
fn blue() -> Viewer {
    Viewer::Side("blue".into())
}

fn letter(channel: &str, to: &str, text: &str, terms: &[&str]) -> Action {
    Action::AddOrder {
        order: OrderItem::Letter {
            channel: channel.into(),
            to: to.into(),
            text: text.into(),
            terms: terms.iter().map(|t| TermId::from(*t)).collect(),
        },
    }
}

fn delivered(events: &[Event]) -> Vec<&LetterId> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::LetterDelivered { letter } => Some(&letter.id),
            _ => None,
        })
        .collect()
}

#[test]
fn a_secret_letter_a_public_contradiction_an_acceptance_and_an_agreement() {
    let mut g = game();
    g.refused(RED_CHIEF, Action::SubmitOrders {}, RejectCode::WrongPhase);
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: false });

    // Turn 1: both sides draft at once.
    let added = g.ok(
        RED_AIDE,
        letter(
            "cable",
            "blue",
            "SECRET-OFFER",
            &["red_withdraws", "blue_pledges"],
        ),
    );
    assert!(matches!(&added[..], [Event::OrderAdded { item: 1, .. }]));
    g.ok(RED_AIDE, letter("slow", "blue", "SLOW-LETTER", &[]));
    g.ok(
        BLUE_CHIEF,
        Action::AddOrder {
            order: OrderItem::Action {
                what: "BLUE-PLAN: a naval demonstration".into(),
                why: "it shows resolve".into(),
                expected: "Red hesitates".into(),
            },
        },
    );
    g.ok(BLUE_CHIEF, letter("radio", "red", "PUBLIC-WARNING", &[]));
    // The aide may not submit while the chief is there.
    g.refused(RED_AIDE, Action::SubmitOrders {}, RejectCode::Forbidden);
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    // Drafts are the side's and the umpire's alone.
    assert!(g.view_json(&red()).contains("SECRET-OFFER"));
    assert!(g.view_json(&Viewer::Umpire).contains("BLUE-PLAN"));
    for (viewer, secret) in [
        (blue(), "SECRET-OFFER"),
        (red(), "BLUE-PLAN"),
        (Viewer::Observer, "SECRET-OFFER"),
        (Viewer::Observer, "PUBLIC-WARNING"),
    ] {
        assert!(
            !g.view_json(&viewer).contains(secret),
            "{viewer:?} sees {secret}"
        );
    }
    // Orders close early only when every side has submitted.
    g.refused(
        UMPIRE,
        Action::Advance { force: false },
        RejectCode::OrdersMissing,
    );
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    // A revision after submitting counts only once submitted again.
    g.ok(BLUE_CHIEF, Action::RemoveOrder { item: 2 });
    g.refused(
        BLUE_CHIEF,
        Action::RemoveOrder { item: 2 },
        RejectCode::UnknownItem,
    );
    g.ok(BLUE_CHIEF, letter("radio", "red", "PUBLIC-WARNING", &[]));
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});

    let closed = g.ok(UMPIRE, Action::Advance { force: false });
    let Some(Event::AdjudicationPending {
        adjudication,
        letters,
        actions,
    }) = closed.get(1)
    else {
        panic!("no pending adjudication: {closed:?}");
    };
    assert_eq!(letters.len(), 3);
    assert_eq!(
        adjudication.deliveries.len(),
        2,
        "the slow letter arrives next turn"
    );
    assert_eq!(actions.len(), 1);
    let offer = letters
        .iter()
        .find(|l| l.text == "SECRET-OFFER")
        .expect("offer")
        .id
        .clone();
    let slow = letters
        .iter()
        .find(|l| l.text == "SLOW-LETTER")
        .expect("slow")
        .id
        .clone();
    let action = actions[0].id.clone();
    // Pending is the umpire's alone: Blue does not have Red's letter yet.
    assert!(g.view_json(&Viewer::Umpire).contains("SECRET-OFFER"));
    assert!(!g.view_json(&blue()).contains("SECRET-OFFER"));
    assert!(!g.view_json(&Viewer::Observer).contains("PUBLIC-WARNING"));

    g.refused(UMPIRE, Action::Publish {}, RejectCode::NotRuled);
    g.refused(
        UMPIRE,
        Action::RuleAction {
            action: action.clone(),
            ruling: Ruling::Roll { difficulty: 13 },
        },
        RejectCode::BadDifficulty,
    );
    g.refused(
        UMPIRE,
        Action::RuleAction {
            action: ActionId::from("ANONE"),
            ruling: Ruling::Accept {},
        },
        RejectCode::UnknownAction,
    );
    g.refused(
        RED_CHIEF,
        Action::RuleAction {
            action: action.clone(),
            ruling: Ruling::Accept {},
        },
        RejectCode::Forbidden,
    );
    let ruled = g.ok(
        UMPIRE,
        Action::RuleAction {
            action: action.clone(),
            ruling: Ruling::Roll { difficulty: 7 },
        },
    );
    let Some(Event::ActionRuled {
        roll: Some(roll), ..
    }) = ruled.first()
    else {
        panic!("no roll: {ruled:?}");
    };
    assert_eq!(roll.total, roll.dice[0] + roll.dice[1]);
    // Changing the ruling rolls again, as a new roll, also recorded.
    let again = g.ok(
        UMPIRE,
        Action::RuleAction {
            action: action.clone(),
            ruling: Ruling::Roll { difficulty: 7 },
        },
    );
    assert!(matches!(
        again.first(),
        Some(Event::ActionRuled { roll: Some(_), .. })
    ));
    // An outcome of 2,000 characters is taken, one of 2,001 refused.
    let outcome = |text: String| Action::WriteOutcome {
        action: action.clone(),
        text,
        to: Audience::Sides(vec!["red".into(), "blue".into()]),
        success: None,
        overrule: false,
    };
    g.refused(UMPIRE, outcome("é".repeat(2_001)), RejectCode::TextTooLong);
    g.ok(UMPIRE, outcome("é".repeat(2_000)));
    g.ok(
        UMPIRE,
        outcome("OUTCOME-BOTH: the fleet is seen at sea".into()),
    );
    g.refused(
        UMPIRE,
        Action::ConfirmAgreement { confirmed: true },
        RejectCode::NoAgreement,
    );
    g.ok(
        UMPIRE,
        Action::Note {
            text: "UMPIRE-NOTE".into(),
            bookmark: true,
        },
    );
    g.ok(
        UMPIRE,
        Action::Inject {
            to: Audience::Side("blue".into()),
            text: "QUEUED-FOR-BLUE".into(),
            next_briefing: true,
        },
    );

    let published = g.ok(UMPIRE, Action::Publish {});
    assert_eq!(delivered(&published).len(), 2);
    assert!(
        published
            .iter()
            .any(|e| matches!(e, Event::LetterDispatched { letter } if letter.id == slow))
    );
    assert!(published.iter().any(|e| matches!(e, Event::ActionResolved { outcome } if outcome.text.starts_with("OUTCOME-BOTH"))));
    g.refused(UMPIRE, Action::Publish {}, RejectCode::AlreadyPublished);
    assert!(g.view_json(&blue()).contains("SECRET-OFFER"));
    assert!(g.view_json(&Viewer::Observer).contains("PUBLIC-WARNING"));
    assert!(!g.view_json(&Viewer::Observer).contains("SECRET-OFFER"));
    assert!(!g.view_json(&Viewer::Observer).contains("OUTCOME-BOTH"));
    assert!(g.view_json(&red()).contains("OUTCOME-BOTH"));
    assert!(
        !g.view_json(&red()).contains("BLUE-PLAN"),
        "the outcome does not carry the action's text"
    );
    for viewer in [red(), blue(), Viewer::Observer] {
        let json = g.view_json(&viewer);
        assert!(
            !json.contains("UMPIRE-NOTE") && !json.contains("QUEUED-FOR-BLUE"),
            "{viewer:?}"
        );
    }

    // Turn 2: the briefing releases the scenario's injects and the queued one.
    let briefing = g.ok(UMPIRE, Action::Advance { force: false });
    let released: Vec<&str> = briefing
        .iter()
        .filter_map(|e| match e {
            Event::InjectReleased { inject } => Some(inject.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        released,
        [
            "Red intelligence for day two.",
            "Day two dawns.",
            "QUEUED-FOR-BLUE"
        ]
    );
    assert!(g.view_json(&blue()).contains("QUEUED-FOR-BLUE"));
    assert!(!g.view_json(&red()).contains("QUEUED-FOR-BLUE"));
    g.ok(UMPIRE, Action::Advance { force: false });

    // Bad input about letters.
    let accept = |l: &LetterId| Action::AddOrder {
        order: OrderItem::Accept { letter: l.clone() },
    };
    g.refused(RED_CHIEF, accept(&offer), RejectCode::OwnProposal);
    g.refused(
        BLUE_CHIEF,
        accept(&LetterId::from("LNONE")),
        RejectCode::UnknownLetter,
    );
    g.refused(
        BLUE_CHIEF,
        letter("cable", "red", "x", &["no_such_term"]),
        RejectCode::UnknownTerm,
    );
    g.refused(
        BLUE_CHIEF,
        letter("pigeon", "red", "x", &[]),
        RejectCode::UnknownChannel,
    );
    g.refused(
        BLUE_CHIEF,
        letter("cable", "blue", "x", &[]),
        RejectCode::BadRecipient,
    );
    g.refused(
        BLUE_CHIEF,
        letter("cable", "red", &"x".repeat(6_001), &[]),
        RejectCode::TextTooLong,
    );
    let public_warning = g
        .session
        .state()
        .letters
        .values()
        .find(|l| l.text == "PUBLIC-WARNING")
        .expect("warning")
        .id
        .clone();
    g.refused(
        RED_CHIEF,
        Action::AddOrder {
            order: OrderItem::Publicise {
                letter: public_warning.clone(),
            },
        },
        RejectCode::AlreadyPublic,
    );
    g.refused(RED_CHIEF, accept(&public_warning), RejectCode::NoTerms);
    // A letter still in transit is, to Blue, no letter at all.
    g.refused(BLUE_CHIEF, accept(&slow), RejectCode::UnknownLetter);
    assert!(!g.view_json(&blue()).contains("SLOW-LETTER"));
    assert!(g.view_json(&red()).contains("SLOW-LETTER"));

    // While paused, nobody's orders change.
    g.ok(UMPIRE, Action::Pause {});
    g.refused(BLUE_CHIEF, accept(&offer), RejectCode::Paused);
    g.refused(UMPIRE, Action::Advance { force: true }, RejectCode::Paused);
    g.ok(UMPIRE, Action::Resume {});

    // Red contradicts its secret offer in public; Blue accepts the secret
    // offer and publicises it.
    g.ok(
        RED_CHIEF,
        letter("radio", "blue", "PUBLIC-DEMAND", &["red_withdraws"]),
    );
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    g.ok(BLUE_CHIEF, accept(&offer));
    g.refused(BLUE_CHIEF, accept(&offer), RejectCode::DuplicateOrder);
    g.ok(
        BLUE_CHIEF,
        Action::AddOrder {
            order: OrderItem::Publicise {
                letter: offer.clone(),
            },
        },
    );
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: false });
    let pending = g.session.state().adjudication.clone().expect("pending");
    let agreement = pending.agreement.expect("an agreement");
    assert_eq!(agreement.letter, offer);
    assert_eq!(
        agreement.parties,
        [SideId::from("red"), SideId::from("blue")]
    );
    assert!(
        !g.view_json(&red()).contains("\"agreement\":{"),
        "pending is the umpire's"
    );
    g.ok(UMPIRE, Action::ConfirmAgreement { confirmed: true });
    let published = g.ok(UMPIRE, Action::Publish {});
    let ids = delivered(&published);
    assert!(ids.contains(&&slow), "the slow letter arrives a turn late");
    assert!(
        published
            .iter()
            .any(|e| matches!(e, Event::LetterPublicised { letter, .. } if letter.id == offer))
    );
    assert!(
        published
            .iter()
            .any(|e| matches!(e, Event::ProposalAccepted { .. }))
    );
    assert!(
        matches!(published.last(), Some(Event::GameEnded { verdict }) if verdict.contains("Red withdraws; Blue pledges"))
    );
    assert_eq!(g.session.state().phase, Phase::Ended);
    assert_eq!(red_mood(&g), Some(1), "Red's public concession costs it 2");
    let observer = g.view_json(&Viewer::Observer);
    assert!(
        observer.contains("SECRET-OFFER"),
        "publicised: now everyone's"
    );
    assert!(observer.contains("PUBLIC-DEMAND"));
    assert!(!observer.contains("SLOW-LETTER"));

    // The log folds again to the same state, byte for byte.
    let mut again = game();
    again.session = Session::new(Arc::new(Scenario::parse("tiny.toml", TINY).expect("valid")));
    for r in &g.log {
        let json = serde_json::to_string(r).expect("serializes");
        again
            .session
            .apply(&serde_json::from_str(&json).expect("parses"));
    }
    assert_eq!(
        serde_json::to_string(again.session.state()).expect("state"),
        serde_json::to_string(g.session.state()).expect("state")
    );
}

#[test]
fn the_same_seed_rolls_the_same_dice_and_the_leader_may_be_absent() {
    let roll_with = |seed: u64| {
        let mut g = game();
        g.log.clear();
        g.session = Session::new(Arc::new(Scenario::parse("tiny.toml", TINY).expect("valid")));
        g.system(Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        });
        g.system(Command::Join {
            role: JoinRole::Umpire,
            name: "u".into(),
            seat: None,
        });
        g.system(Command::Join {
            role: JoinRole::Side("red".into()),
            name: "c".into(),
            seat: Some("chief".into()),
        });
        g.system(Command::Join {
            role: JoinRole::Side("red".into()),
            name: "a".into(),
            seat: Some("aide".into()),
        });
        g.ok(UMPIRE, Action::StartGame {});
        g.ok(UMPIRE, Action::Advance { force: false });
        g.ok(
            RED_AIDE,
            Action::AddOrder {
                order: OrderItem::Action {
                    what: "w".into(),
                    why: String::new(),
                    expected: String::new(),
                },
            },
        );
        // The chief goes offline: the aide may submit.
        g.refused(RED_AIDE, Action::SubmitOrders {}, RejectCode::Forbidden);
        g.system(Command::SetPresence {
            player: PlayerId::nth(RED_CHIEF),
            online: false,
        });
        g.ok(RED_AIDE, Action::SubmitOrders {});
        g.ok(UMPIRE, Action::Advance { force: true });
        let action = g
            .session
            .state()
            .actions
            .keys()
            .next()
            .expect("action")
            .clone();
        (0..5)
            .map(|_| {
                match g
                    .ok(
                        UMPIRE,
                        Action::RuleAction {
                            action: action.clone(),
                            ruling: Ruling::Roll { difficulty: 7 },
                        },
                    )
                    .first()
                {
                    Some(Event::ActionRuled { roll: Some(r), .. }) => r.dice,
                    other => panic!("{other:?}"),
                }
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(roll_with(9), roll_with(9));
    assert_ne!(roll_with(9), roll_with(10));
}

#[test]
fn the_umpire_may_let_any_member_submit() {
    let mut g = game();
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: false });
    g.refused(RED_AIDE, Action::SubmitOrders {}, RejectCode::Forbidden);
    g.refused(
        RED_AIDE,
        Action::AnyMemberSubmits { allowed: true },
        RejectCode::Forbidden,
    );
    g.ok(UMPIRE, Action::AnyMemberSubmits { allowed: true });
    g.ok(RED_AIDE, Action::SubmitOrders {});
    g.refused(5, Action::SubmitOrders {}, RejectCode::Forbidden);
    g.refused(UMPIRE, Action::SubmitOrders {}, RejectCode::Forbidden);
}

#[test]
fn terms_agreed_in_secret_stay_secret_and_late_things_are_refused() {
    let mut g = game();
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: false });
    g.ok(
        RED_CHIEF,
        letter("cable", "blue", "QUIET-OFFER", &["red_withdraws"]),
    );
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Publish {});
    let offer = g
        .session
        .state()
        .letters
        .keys()
        .next()
        .expect("letter")
        .clone();
    let briefing = g.ok(UMPIRE, Action::Advance { force: false });
    assert!(
        briefing.len() > 1,
        "the briefing releases the scripted injects"
    );
    // The injects released with the briefing belong to the new turn.
    let stamps: Vec<(u32, Phase)> = g.log[g.log.len() - briefing.len()..]
        .iter()
        .map(|r| (r.turn, r.phase))
        .collect();
    assert_eq!(stamps[1..], vec![(2, Phase::Briefing); briefing.len() - 1]);
    g.ok(UMPIRE, Action::Advance { force: false });
    g.ok(
        BLUE_CHIEF,
        Action::AddOrder {
            order: OrderItem::Accept { letter: offer },
        },
    );
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::ConfirmAgreement { confirmed: true });
    let published = g.ok(UMPIRE, Action::Publish {});
    let Some(Event::GameEnded { verdict }) = published.last() else {
        panic!("{published:?}");
    };
    assert!(!verdict.contains("Red withdraws"), "{verdict}");
    assert!(g.session.view(&blue()).agreement.is_some());
    assert_eq!(red_mood(&g), Some(3), "a secret concession costs nothing");
    assert!(g.session.view(&Viewer::Observer).agreement.is_none());
    assert!(!g.view_json(&Viewer::Observer).contains("red_withdraws\"]"));

    // On the last turn: no letter that would arrive after it, no inject for a
    // briefing that never comes.
    let mut g = game();
    g.ok(UMPIRE, Action::StartGame {});
    for _ in 0..2 {
        g.ok(UMPIRE, Action::Advance { force: true });
        g.ok(UMPIRE, Action::Advance { force: true });
        g.ok(UMPIRE, Action::Publish {});
        g.ok(UMPIRE, Action::Advance { force: true });
    }
    g.ok(UMPIRE, Action::Advance { force: true });
    assert_eq!(g.session.state().turn, 3);
    g.refused(
        RED_CHIEF,
        letter("slow", "blue", "too late", &[]),
        RejectCode::WrongPhase,
    );
    g.ok(RED_CHIEF, letter("cable", "blue", "in time", &[]));
    g.refused(
        UMPIRE,
        Action::Inject {
            to: Audience::All,
            text: "tomorrow".into(),
            next_briefing: true,
        },
        RejectCode::LastTurn,
    );
}

#[test]
fn tracks_move_at_publish_exactly_for_some_and_by_band_for_all() {
    let mut g = game();
    let adjust = |track: &str, by: i32, reason: &str| Action::AdjustTrack {
        track: track.into(),
        by,
        reason: reason.into(),
    };
    g.refused(UMPIRE, adjust("risk", 1, "x"), RejectCode::WrongPhase);
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.refused(UMPIRE, adjust("dread", 1, "x"), RejectCode::UnknownTrack);
    g.refused(UMPIRE, adjust("risk", 0, "x"), RejectCode::BadAdjustment);
    g.refused(UMPIRE, adjust("risk", 11, "x"), RejectCode::BadAdjustment);
    g.refused(RED_CHIEF, adjust("risk", 1, "x"), RejectCode::Forbidden);
    g.ok(UMPIRE, adjust("risk", 2, "RISK-WHY-1"));
    g.ok(UMPIRE, adjust("risk", 1, "RISK-WHY-2"));
    g.ok(UMPIRE, adjust("red_mood", -1, "MOOD-WHY"));
    g.ok(UMPIRE, adjust("weather", 1, "WEATHER-WHY"));
    // Pending: nobody but the umpire knows of it yet.
    for viewer in [red(), blue(), Viewer::Observer] {
        assert!(!g.view_json(&viewer).contains("WHY"), "{viewer:?}");
    }
    let published = g.ok(UMPIRE, Action::Publish {});
    let moved: Vec<(String, i32, i32, Vec<String>)> = g.log[g.log.len() - published.len()..]
        .iter()
        .filter_map(|r| match &r.event {
            Event::TrackMoved {
                track,
                from,
                to,
                reasons,
                ..
            } => Some((
                format!("{track} {:?}", r.visibility),
                *from,
                *to,
                reasons.clone(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        moved,
        [
            (
                "risk Umpire".to_owned(),
                2,
                5,
                vec!["RISK-WHY-1".to_owned(), "RISK-WHY-2".to_owned()]
            ),
            (
                "red_mood Side(SideId(\"red\"))".to_owned(),
                3,
                2,
                vec!["MOOD-WHY".to_owned()]
            ),
            (
                "weather Public".to_owned(),
                1,
                2,
                vec!["WEATHER-WHY".to_owned()]
            ),
        ]
    );
    assert!(published.contains(&Event::TrackBand {
        track: "risk".into(),
        band: "high".into()
    }));
    let tracks = |viewer: Viewer| -> Vec<(String, Option<i32>, Option<String>)> {
        g.session
            .view(&viewer)
            .tracks
            .into_iter()
            .map(|t| (t.id.to_string(), t.value, t.band))
            .collect()
    };
    let high = Some("high".to_owned());
    assert_eq!(
        tracks(Viewer::Umpire),
        [
            ("risk".into(), Some(5), high.clone()),
            ("red_mood".into(), Some(2), None),
            ("weather".into(), Some(2), None)
        ]
    );
    assert_eq!(
        tracks(red()),
        [
            ("risk".into(), None, high.clone()),
            ("red_mood".into(), Some(2), None),
            ("weather".into(), Some(2), None)
        ]
    );
    assert_eq!(
        tracks(blue()),
        [
            ("risk".into(), None, high.clone()),
            ("weather".into(), Some(2), None)
        ]
    );
    assert_eq!(tracks(Viewer::Observer), tracks(blue()));

    // A track stops at the end of its range, and there the scenario's
    // ending (war) ends the game, whatever else was agreed.
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    // At risk 5 the accident check is certain (tiny.toml): a flare, for
    // Blue alone, which adds 1 to the risk.
    let check = g
        .session
        .state()
        .adjudication
        .clone()
        .and_then(|a| a.accident)
        .expect("a check");
    assert_eq!((check.value, check.percent), (5, 100));
    assert_eq!(
        check.incident.as_ref().map(|i| i.id.as_str()),
        Some("flare")
    );
    g.ok(UMPIRE, adjust("risk", 3, "close to the brink"));
    let published = g.ok(UMPIRE, Action::Publish {});
    assert!(
        !published
            .iter()
            .any(|e| matches!(e, Event::GameEnded { .. })),
        "9 is not 10"
    );
    assert_eq!(g.session.view(&Viewer::Umpire).tracks[0].value, Some(9));
    let flare = g.log[g.log.len() - published.len()..]
        .iter()
        .find(|r| matches!(r.event, Event::IncidentOccurred { .. }))
        .expect("the incident");
    assert_eq!(
        flare.visibility,
        brink_engine::Visibility::Side("blue".into())
    );
    assert!(
        g.view_json(&Viewer::Umpire).contains("\"draw\":"),
        "the umpire sees the draw"
    );
    assert!(!g.view_json(&blue()).contains("\"draw\":"));
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, adjust("risk", 10, "everything at once"));
    let published = g.ok(UMPIRE, Action::Publish {});
    assert_eq!(g.session.view(&Viewer::Umpire).tracks[0].value, Some(10));
    assert_eq!(
        published.last(),
        Some(&Event::GameEnded {
            verdict: "War. Everyone loses.".into()
        })
    );
    assert_eq!(g.session.state().phase, Phase::Ended);
}

#[test]
fn strategic_actions_from_the_menu_resolve_at_the_close_and_tell_their_audience() {
    let mut g = game();
    let take = |action: &str| Action::AddOrder {
        order: OrderItem::Strategic {
            action: action.into(),
        },
    };
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(RED_CHIEF, take("mobilise"));
    g.ok(RED_CHIEF, take("gamble"));
    g.refused(RED_CHIEF, take("mobilise"), RejectCode::DuplicateOrder);
    g.refused(RED_CHIEF, take("calm"), RejectCode::UnknownStrategic);
    g.refused(BLUE_CHIEF, take("nuke"), RejectCode::UnknownStrategic);
    // Calm needs the (public) weather at 2 or more; it is 1.
    g.refused(BLUE_CHIEF, take("calm"), RejectCode::PreconditionFailed);
    g.ok(BLUE_CHIEF, take("parley"));
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: false });
    let pending = g.session.state().adjudication.clone().expect("pending");
    let results: Vec<(&str, bool, bool)> = pending
        .strategic
        .iter()
        .map(|r| (r.action.as_str(), r.roll.is_some(), r.public))
        .collect();
    assert_eq!(
        results,
        [("mobilise", false, true), ("gamble", true, false)]
    );
    let gamble = &pending.strategic[1];
    let mood = if gamble.success { 1 } else { -1 };
    let changes: Vec<(String, i32)> = pending
        .track_changes
        .iter()
        .map(|c| (c.track.to_string(), c.by))
        .collect();
    assert_eq!(
        changes,
        [("risk".to_owned(), 2), ("red_mood".to_owned(), mood)]
    );
    // The umpire-resolved action waits for a ruling like a free-form one.
    assert_eq!(pending.actions.len(), 1);
    g.refused(UMPIRE, Action::Publish {}, RejectCode::NotRuled);
    let parley = pending.actions[0].clone();
    g.ok(
        UMPIRE,
        Action::RuleAction {
            action: parley,
            ruling: Ruling::Accept {},
        },
    );
    let published = g.ok(UMPIRE, Action::Publish {});
    let told: Vec<(String, String)> = g.log[g.log.len() - published.len()..]
        .iter()
        .filter_map(|r| match &r.event {
            Event::StrategicResolved { result } => {
                Some((result.action.clone(), format!("{:?}", r.visibility)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        told,
        [
            ("mobilise".to_owned(), "Public".to_owned()),
            ("gamble".to_owned(), "Side(SideId(\"red\"))".to_owned())
        ]
    );
    assert_eq!(g.session.view(&Viewer::Umpire).tracks[0].value, Some(4));
    assert_eq!(g.session.view(&red()).tracks[1].value, Some(3 + mood));
    assert!(!g.view_json(&blue()).contains("gamble"));
}

#[test]
fn what_goes_on_each_turn_goes_on_unless_an_action_stops_it() {
    let text = format!(
        "{TINY}[[each_turn]]\nname = \"Red digs in\"\neffects = [{{ track = \"red_mood\", by = 1 }}]\nunless = \"mobilise\"\n"
    );
    let scenario = Scenario::parse("tiny.toml", &text).expect("valid");
    let mut g = game();
    g.session = Session::new(Arc::new(scenario));
    g.system(Command::Create {
        seed: 1,
        observers: Default::default(),
        title: None,
    });
    for (role, seat) in [
        (JoinRole::Umpire, None),
        (JoinRole::Side("red".into()), Some("chief")),
    ] {
        g.system(Command::Join {
            name: format!("{role:?} {seat:?}"),
            role,
            seat: seat.map(SeatId::from),
        });
    }
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Publish {});
    assert_eq!(red_mood(&g), Some(4), "turn 1: Red digs in");
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(
        RED_CHIEF,
        Action::AddOrder {
            order: OrderItem::Strategic {
                action: "mobilise".into(),
            },
        },
    );
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Publish {});
    assert_eq!(red_mood(&g), Some(4), "turn 2: mobilising stops it");
}

#[test]
fn a_rolled_actions_modifiers_move_its_target_by_the_tracks_at_the_close() {
    // Gamble gets easier by 3 while the (public) weather is 1 or more, and
    // harder by 1 while Red's mood is 2 or less; the mood starts at 3.
    let text = TINY.replace(
        "on_failure = [{ track = \"red_mood\", by = -1 }]",
        "on_failure = [{ track = \"red_mood\", by = -1 }]\nmodifiers = [{ track = \"weather\", at_least = 1, by = 3 }, { track = \"red_mood\", at_most = 2, by = -1 }]",
    );
    let scenario = Arc::new(Scenario::parse("tiny.toml", &text).expect("valid"));
    let mut made_by_the_modifier = 0;
    for seed in 1..=40 {
        let mut g = game();
        g.session = Session::new(scenario.clone());
        g.system(Command::Create {
            seed,
            observers: Default::default(),
            title: None,
        });
        for (role, seat) in [
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("chief")),
        ] {
            g.system(Command::Join {
                name: format!("{role:?} {seat:?}"),
                role,
                seat: seat.map(SeatId::from),
            });
        }
        g.ok(UMPIRE, Action::StartGame {});
        g.ok(UMPIRE, Action::Advance { force: true });
        let menu = g.session.view(&red()).menu;
        let gamble = menu.iter().find(|m| m.id == "gamble").expect("on the menu");
        assert_eq!(gamble.modifiers.len(), 2, "the menu shows the modifiers");
        g.ok(
            RED_CHIEF,
            Action::AddOrder {
                order: OrderItem::Strategic {
                    action: "gamble".into(),
                },
            },
        );
        g.ok(RED_CHIEF, Action::SubmitOrders {});
        g.ok(UMPIRE, Action::Advance { force: true });
        let pending = g.session.state().adjudication.clone().expect("pending");
        let result = &pending.strategic[0];
        assert_eq!(
            result.modifiers,
            [brink_engine::AppliedModifier {
                track: "weather".into(),
                by: 3,
                why: "Weather at least 1".into(),
            }],
            "only the weather's modifier holds"
        );
        let roll = result.roll.as_ref().expect("rolled");
        assert_eq!(
            roll.total,
            roll.dice[0] + roll.dice[1],
            "the dice as thrown"
        );
        assert_eq!(roll.difficulty, 7 - 3);
        assert_eq!(result.success, roll.total >= 4);
        made_by_the_modifier += usize::from(result.success && roll.total < 7);
        // At publish the side learns how it went, modifiers and all.
        let published = g.ok(UMPIRE, Action::Publish {});
        assert!(published.iter().any(|e| matches!(
            e,
            Event::StrategicResolved { result } if result.modifiers.len() == 1
        )));
    }
    assert!(
        made_by_the_modifier > 0,
        "in some seeds the modifier turns a failure into a success"
    );
}

#[test]
fn the_umpire_may_bring_an_incident_of_the_table_into_the_adjudication() {
    let mut g = game();
    let flare = || Action::TriggerIncident {
        incident: "flare".into(),
    };
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.refused(UMPIRE, flare(), RejectCode::WrongPhase);
    g.ok(UMPIRE, Action::Advance { force: true });
    g.refused(RED_CHIEF, flare(), RejectCode::Forbidden);
    // An id not in the table gets its own code, and the list of those that are.
    let unknown = g
        .session
        .decide(
            &Actor::Player(PlayerId::nth(UMPIRE)),
            &Command::Act(Action::TriggerIncident {
                incident: "meteor".into(),
            }),
            1_000,
        )
        .expect_err("not in the table");
    assert_eq!(unknown.code, RejectCode::UnknownIncident);
    assert_eq!(
        unknown.message,
        "there is no incident meteor in the scenario's table; its incidents are: flare"
    );
    // At risk 2 the check drew nothing (tiny.toml): the umpire brings the flare in.
    let pending = g.session.state().adjudication.clone().expect("pending");
    assert!(pending.accident.and_then(|a| a.incident).is_none());
    let events = g.ok(UMPIRE, flare());
    assert!(matches!(
        &events[..],
        [Event::IncidentTriggered { incident, changes }]
            if incident.id == "flare" && changes.len() == 1
    ));
    assert_eq!(
        g.log.last().map(|r| &r.visibility),
        Some(&brink_engine::Visibility::Umpire)
    );
    g.refused(UMPIRE, flare(), RejectCode::DuplicateIncident);
    for viewer in [red(), blue(), Viewer::Observer] {
        assert!(
            !g.view_json(&viewer).contains("flare"),
            "{viewer:?} must not know yet"
        );
    }
    // At publish it goes out exactly like a drawn one: to its audience (Blue),
    // its effects with the tracks.
    let published = g.ok(UMPIRE, Action::Publish {});
    let told = g.log[g.log.len() - published.len()..]
        .iter()
        .find(|r| matches!(r.event, Event::IncidentOccurred { .. }))
        .expect("the incident happens");
    assert_eq!(
        told.visibility,
        brink_engine::Visibility::Side("blue".into())
    );
    assert!(published.iter().any(|e| matches!(
        e,
        Event::TrackMoved { track, from: 2, to: 3, reasons, .. }
            if track.as_str() == "risk" && reasons == &["Incident: A flare".to_owned()]
    )));
    assert!(brink_engine::redact(told, &blue()).is_some());
    assert!(brink_engine::redact(told, &red()).is_none());
    assert!(brink_engine::redact(told, &Viewer::Observer).is_none());
    g.refused(UMPIRE, flare(), RejectCode::AlreadyPublished);

    // When the check drew it already, it is in the adjudication once.
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(
        UMPIRE,
        Action::AdjustTrack {
            track: "risk".into(),
            by: 2,
            reason: "tension".into(),
        },
    );
    g.ok(UMPIRE, Action::Publish {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Advance { force: true });
    let drawn = g
        .session
        .state()
        .adjudication
        .clone()
        .and_then(|a| a.accident)
        .and_then(|a| a.incident);
    assert_eq!(
        drawn.map(|i| i.id),
        Some("flare".to_owned()),
        "risk 5: certain"
    );
    g.refused(UMPIRE, flare(), RejectCode::DuplicateIncident);
}

#[test]
fn an_order_for_an_enemy_unit_never_seen_is_refused_as_for_no_unit_at_all() {
    const STRAIT: &str = include_str!("data/strait.toml");
    // The same sea, where Red has no freighter at all.
    let without = STRAIT.replacen("id = \"freighter\"", "id = \"hulk\"", 1);
    let start = |text: &str| {
        let scenario = Scenario::parse("strait", text).expect("valid");
        let mut g = game();
        g.session = Session::new(Arc::new(scenario));
        g.system(Command::Create {
            seed: 3,
            observers: Default::default(),
            title: None,
        });
        for (role, seat) in [
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("captain")),
            (JoinRole::Side("blue".into()), Some("admiral")),
        ] {
            g.system(Command::Join {
                name: format!("{role:?} {seat:?}"),
                role,
                seat: seat.map(SeatId::from),
            });
        }
        g.ok(UMPIRE, Action::StartGame {});
        g.ok(UMPIRE, Action::Advance { force: true });
        g
    };
    let blue_orders = |g: &Game, order: OrderItem| {
        g.session
            .decide(
                &Actor::Player(PlayerId::nth(3)),
                &Command::Act(Action::AddOrder { order }),
                1_000,
            )
            .expect_err("refused")
    };
    let move_freighter = || OrderItem::Move {
        unit: "freighter".into(),
        to: "the_line".into(),
    };
    let stance_freighter = || OrderItem::Stance {
        unit: "freighter".into(),
        stance: "watch".into(),
    };
    let mut real = start(STRAIT);
    let fake = start(&without);
    for order in [move_freighter(), stance_freighter()] {
        let unseen = blue_orders(&real, order.clone());
        let absent = blue_orders(&fake, order);
        assert_eq!(unseen.code, RejectCode::UnknownUnit);
        assert_eq!(
            (unseen.code, &unseen.message),
            (absent.code, &absent.message),
            "the same refusal, code and message"
        );
    }
    // Once Blue's patrol plane has seen the freighter, it is a real ship, but
    // another side's.
    g_move(&mut real, 3, "plane", "the_line");
    real.ok(3, Action::SubmitOrders {});
    real.ok(UMPIRE, Action::Advance { force: true });
    real.ok(UMPIRE, Action::Publish {});
    assert!(
        real.view_json(&blue()).contains("\"unit\":\"freighter\""),
        "Blue sighted the freighter"
    );
    real.ok(UMPIRE, Action::Advance { force: true });
    real.ok(UMPIRE, Action::Advance { force: true });
    for order in [move_freighter(), stance_freighter()] {
        let seen = blue_orders(&real, order);
        assert_eq!(seen.code, RejectCode::NotYourUnit);
        assert!(
            seen.message
                .starts_with("Freighter is not your side's to command")
        );
    }
}

fn g_move(g: &mut Game, who: u32, unit: &str, to: &str) {
    g.ok(
        who,
        Action::AddOrder {
            order: OrderItem::Move {
                unit: unit.into(),
                to: to.into(),
            },
        },
    );
}

/// However long the sides talk, the state keeps the latest messages of each
/// conversation only, and every viewer's view is what it would be with all
/// of them kept: its own latest 100.
#[test]
fn the_state_keeps_each_conversations_latest_messages_and_views_lose_nothing() {
    let mut g = game();
    let say = |text: String| Action::TeamChat { text };
    for i in 0..250 {
        g.ok(2, say(format!("red {i}")));
        if i % 5 == 0 {
            g.ok(4, say(format!("blue {i}")));
            g.ok(
                1,
                Action::UmpireMessage {
                    to: Audience::All,
                    text: format!("all {i}"),
                },
            );
        }
    }
    let limit = brink_engine::limits::VIEW_RECENT_MESSAGES;
    assert!(g.session.state().messages.len() <= 3 * limit);
    // A fold of the whole log, without forgetting, gives the same views.
    let mut all = Vec::new();
    for r in &g.log {
        if let Event::MessagePosted {
            from,
            channel,
            text,
        } = &r.event
        {
            all.push((from.clone(), channel.clone(), text.clone()));
        }
    }
    for viewer in [red(), blue(), Viewer::Umpire, Viewer::Observer] {
        let shown: Vec<String> = g
            .session
            .view(&viewer)
            .messages
            .iter()
            .map(|m| m.text.clone())
            .collect();
        let visible: Vec<String> = all
            .iter()
            .filter(|(_, channel, _)| viewer.may_see(&Event::channel_visibility(channel)))
            .map(|(_, _, text)| text.clone())
            .collect();
        let expected = &visible[visible.len().saturating_sub(limit)..];
        assert_eq!(shown, expected, "{viewer:?}");
    }
}

/// A side's bookmarks, and the umpire's notes, stop at the session's limit.
#[test]
fn notes_and_bookmarks_stop_at_their_limit() {
    let mut g = game();
    let bookmark = |i: usize| Action::Note {
        text: format!("mark {i}"),
        bookmark: true,
    };
    for i in 0..brink_engine::limits::MAX_NOTES {
        g.ok(2, bookmark(i));
    }
    g.refused(3, bookmark(0), RejectCode::TooManyNotes);
    // The other side and the umpire keep their own.
    g.ok(4, bookmark(0));
    g.ok(1, bookmark(0));
}
