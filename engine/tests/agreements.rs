//! An agreement's terms take effect as it ends the crisis: the deed is
//! seen, the deal is not. A term agreed in secret that moves a public track
//! moves it for everyone, without naming the term.

use brink_engine::{Action, Event, JoinRole, LetterId, OrderItem, Phase, TermId, Viewer};

mod common;
use common::{Game, TINY};

const UMPIRE: u32 = 1;
const RED_CHIEF: u32 = 2;
const BLUE_CHIEF: u32 = 3;

#[test]
fn a_secret_terms_effect_on_a_public_track_is_seen_but_not_named() {
    let scenario = TINY.replace(
        "name = \"Blue pledges\"\nby = \"blue\"",
        "name = \"Blue pledges\"\nby = \"blue\"\neffects = [{ track = \"weather\", to = 0 }]",
    );
    let mut g = Game::of(
        &scenario,
        11,
        1_000,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side("red".into()), Some("chief")),
            (JoinRole::Side("blue".into()), Some("chief")),
            (JoinRole::Observer, None),
        ],
    );
    g.ok(UMPIRE, Action::StartGame {});
    g.ok(UMPIRE, Action::Advance { force: false });
    // Turn 1: Red proposes, by the secret cable, that Blue pledges.
    g.ok(
        RED_CHIEF,
        Action::AddOrder {
            order: OrderItem::Letter {
                channel: "cable".into(),
                to: "blue".into(),
                text: "Pledge, and we are done.".into(),
                terms: vec![TermId::from("blue_pledges")],
            },
        },
    );
    g.ok(RED_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::Publish {});
    let letter: LetterId = g
        .session
        .state()
        .letters
        .keys()
        .next()
        .cloned()
        .expect("the letter");
    // Turn 2: Blue accepts, in secret; the umpire confirms.
    g.ok(UMPIRE, Action::Advance { force: false });
    g.ok(UMPIRE, Action::Advance { force: false });
    g.ok(
        BLUE_CHIEF,
        Action::AddOrder {
            order: OrderItem::Accept { letter },
        },
    );
    g.ok(BLUE_CHIEF, Action::SubmitOrders {});
    g.ok(UMPIRE, Action::Advance { force: true });
    g.ok(UMPIRE, Action::ConfirmAgreement { confirmed: true });
    let published = g.ok(UMPIRE, Action::Publish {});
    assert_eq!(g.session.state().phase, Phase::Ended);
    let moved = published
        .iter()
        .find_map(|e| match e {
            Event::TrackMoved {
                track, to, reasons, ..
            } if track.as_str() == "weather" => Some((*to, reasons.clone())),
            _ => None,
        })
        .expect("the weather moved");
    assert_eq!(moved, (0, vec!["The agreement is carried out".to_owned()]));
    // Observers see the weather cleared and the crisis over, not the terms.
    let observer = g.session.view(&Viewer::Observer);
    let weather = observer.tracks.iter().find(|t| t.id.as_str() == "weather");
    assert_eq!(weather.and_then(|t| t.value), Some(0));
    assert_eq!(
        observer.verdict.as_deref(),
        Some("The crisis ends in an agreement whose terms are not public.")
    );
    assert!(observer.agreement.is_none());
}
