//! Rulings and outcomes agree: the default outcome follows the ruling, in
//! the scenario's words where it gives them (a strategic action the umpire
//! rules on, a rolled one's result); an outcome that says otherwise than its
//! ruling is refused unless the umpire overrules, and a ruling made after the
//! outcome that contradicts it holds the publish until one of them changes.

use brink_engine::{Action, ActionId, Audience, Event, JoinRole, OrderItem, RejectCode, Ruling};

mod common;
use common::{Game, TINY};

const UMPIRE: u32 = 1;
const RED_CHIEF: u32 = 2;
const BLUE_CHIEF: u32 = 3;

/// The tiny scenario with texts for Blue's parley and Red's gamble.
fn scenario() -> String {
    TINY.replace(
        "description = \"Ask for talks\"\nresolution = \"umpire\"",
        "description = \"Ask for talks\"\nresolution = \"umpire\"\nsuccess_text = \"PARLEY-WORKS: the envoys meet.\"\nfailure_text = \"PARLEY-FAILS: the envoys are turned away.\"",
    )
    .replace(
        "on_failure = [{ track = \"red_mood\", by = -1 }]",
        "on_failure = [{ track = \"red_mood\", by = -1 }]\nsuccess_text = \"GAMBLE-PAYS\"\nfailure_text = \"GAMBLE-LOST\"",
    )
}

/// Turn 1 closed with Blue's parley to rule on and Red's gamble rolled.
fn closed() -> (Game, ActionId) {
    let mut g = Game::of(
        &scenario(),
        7,
        1_000,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("chief")),
            (JoinRole::Side("blue".into()), Some("chief")),
        ],
    );
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: false });
    let strategic = |id: &str| Action::AddOrder {
        order: OrderItem::Strategic { action: id.into() },
    };
    g.ok(BLUE_CHIEF, strategic("parley"));
    g.ok(RED_CHIEF, strategic("gamble"));
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    let events = g.ok(UMPIRE, Action::Advance { force: false });
    let action = events
        .iter()
        .find_map(|e| match e {
            Event::AdjudicationPending { actions, .. } => actions.first().map(|a| a.id.clone()),
            _ => None,
        })
        .expect("the parley is the umpire's to rule on");
    (g, action)
}

fn rule(action: &ActionId, ruling: Ruling) -> Action {
    Action::RuleAction {
        action: action.clone(),
        ruling,
    }
}

fn outcome(action: &ActionId, text: &str, success: Option<bool>, overrule: bool) -> Action {
    Action::WriteOutcome {
        action: action.clone(),
        text: text.into(),
        to: Audience::Side("blue".into()),
        success,
        overrule,
    }
}

fn published_outcome(events: &[Event]) -> String {
    events
        .iter()
        .find_map(|e| match e {
            Event::ActionResolved { outcome } => Some(outcome.text.clone()),
            _ => None,
        })
        .expect("an outcome")
}

#[test]
fn the_default_outcome_is_the_scenarios_text_for_the_ruling() {
    for (ruling, expected) in [
        (
            Ruling::Accept {},
            "The umpire accepts it: PARLEY-WORKS: the envoys meet.",
        ),
        (
            Ruling::Reject {},
            "The umpire rejects it: PARLEY-FAILS: the envoys are turned away.",
        ),
    ] {
        let (mut g, action) = closed();
        g.ok(UMPIRE, rule(&action, ruling));
        let published = g.ok(UMPIRE, Action::Publish {});
        assert_eq!(published_outcome(&published), expected);
        // The rolled action's result carries the text for how it went.
        let gamble = published
            .iter()
            .find_map(|e| match e {
                Event::StrategicResolved { result } => Some(result),
                _ => None,
            })
            .expect("the gamble's result");
        let said = if gamble.success {
            "GAMBLE-PAYS"
        } else {
            "GAMBLE-LOST"
        };
        assert_eq!(gamble.text.as_deref(), Some(said));
    }
}

#[test]
fn a_rolled_default_says_what_the_dice_decided() {
    let (mut g, action) = closed();
    let ruled = g.ok(UMPIRE, rule(&action, Ruling::Roll { difficulty: 7 }));
    let Some(Event::ActionRuled {
        roll: Some(roll), ..
    }) = ruled.first()
    else {
        panic!("a roll: {ruled:?}");
    };
    let text = published_outcome(&g.ok(UMPIRE, Action::Publish {}));
    let words = if roll.success {
        "PARLEY-WORKS"
    } else {
        "PARLEY-FAILS"
    };
    assert!(
        text.starts_with("The dice decide: ") && text.contains(words),
        "{text}"
    );
}

#[test]
fn an_outcome_against_its_ruling_needs_the_umpire_to_overrule() {
    let (mut g, action) = closed();
    g.ok(UMPIRE, rule(&action, Ruling::Reject {}));
    g.refused(
        UMPIRE,
        outcome(&action, "The envoys meet after all.", Some(true), false),
        RejectCode::ContradictsRuling,
    );
    // One that agrees, or one that does not say, is taken.
    g.ok(
        UMPIRE,
        outcome(&action, "Turned away at the door.", Some(false), false),
    );
    g.ok(UMPIRE, outcome(&action, "Nobody knows.", None, false));
    // Overruled, it stands.
    g.ok(
        UMPIRE,
        outcome(&action, "OVERRULED: they meet.", Some(true), true),
    );
    let text = published_outcome(&g.ok(UMPIRE, Action::Publish {}));
    assert_eq!(text, "OVERRULED: they meet.");
}

#[test]
fn a_ruling_after_the_outcome_that_contradicts_it_holds_the_publish() {
    let (mut g, action) = closed();
    g.ok(UMPIRE, outcome(&action, "They meet.", Some(true), false));
    g.ok(UMPIRE, rule(&action, Ruling::Reject {}));
    g.refused(UMPIRE, Action::Publish {}, RejectCode::ContradictsRuling);
    // Ruled again to agree, it publishes.
    g.ok(UMPIRE, rule(&action, Ruling::Accept {}));
    assert_eq!(
        published_outcome(&g.ok(UMPIRE, Action::Publish {})),
        "They meet."
    );
}
