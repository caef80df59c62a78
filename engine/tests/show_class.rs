//! The debrief on the wall: once the game is declassified, the umpire shows
//! the class a moment of the review (a perspective and a point of its
//! stream); every viewer's view holds it, and a fold of the log gives it
//! back. Before declassification, or from anyone but the umpire, it is
//! refused and nothing changes.

use brink_engine::{Action, Event, JoinRole, Moment, RejectCode, SideId, Viewer};

mod common;
use common::Game;

/// A game with an umpire (p1), a Red chief (p2) and an observer (p3),
/// ended with a verdict.
fn ended() -> Game {
    let mut game = Game::with(
        7,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
            (JoinRole::Observer, None),
        ],
    );
    game.ok(1, Action::StartGame {});
    game.ok(
        1,
        Action::EndGame {
            verdict: "Talks settle it.".into(),
        },
    );
    game
}

fn moment(seq: u64) -> Action {
    Action::ShowClass {
        moment: Some(Moment {
            perspective: Viewer::Side(SideId::from("red")),
            seq,
        }),
    }
}

#[test]
fn the_class_is_shown_a_moment_only_once_the_game_is_declassified() {
    let mut game = ended();
    // Given an ended game not yet declassified, when the umpire shows a
    // moment, then it is refused and no view holds one.
    game.refused(1, moment(3), RejectCode::NotDeclassified);
    assert!(game.session.view(&Viewer::Observer).shown.is_none());
    // Given it declassified, when the umpire shows Red's picture at event 3,
    // then every viewer's view holds that moment.
    game.ok(1, Action::Declassify {});
    let events = game.ok(1, moment(3));
    assert!(matches!(&events[..], [Event::ClassShown { moment: Some(m) }] if m.seq == 3));
    for viewer in [
        Viewer::Umpire,
        Viewer::Side(SideId::from("red")),
        Viewer::Observer,
    ] {
        let shown = game.session.view(&viewer).shown;
        assert_eq!(shown.map(|m| m.seq), Some(3), "{viewer:?}");
    }
    // A side the scenario does not have is refused.
    game.refused(
        1,
        Action::ShowClass {
            moment: Some(Moment {
                perspective: Viewer::Side(SideId::from("green")),
                seq: 1,
            }),
        },
        RejectCode::UnknownSide,
    );
    // The same moment again changes nothing; a player may not show one.
    assert!(game.ok(1, moment(3)).is_empty());
    game.refused(2, moment(5), RejectCode::Forbidden);
    // Without a moment the wall goes back to the game.
    game.ok(1, Action::ShowClass { moment: None });
    assert!(game.session.view(&Viewer::Observer).shown.is_none());
}
