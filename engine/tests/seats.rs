//! Seats after joining: a player leaves theirs; the umpire frees one, moves
//! a player to another seat of their side, removes a player; each is an
//! event saying who did it, the seat is free for the next to join, and
//! every refusal changes nothing.

use brink_engine::{Action, Event, JoinRole, PlayerId, RejectCode, SeatId, SideId, Viewer};

mod common;
use common::{Game, join};

/// The umpire (p1), Red's chief (p2) and aide (p3), an observer (p4).
fn game() -> Game {
    Game::with(
        5,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
            (JoinRole::Side(SideId::from("red")), Some("aide")),
            (JoinRole::Observer, None),
        ],
    )
}

fn p(n: u32) -> PlayerId {
    PlayerId::nth(n)
}

fn holder(g: &Game, seat: &str) -> Option<PlayerId> {
    g.session
        .view(&Viewer::Umpire)
        .scenario
        .sides
        .iter()
        .flat_map(|s| &s.seats)
        .find(|s| s.id.as_str() == seat)
        .and_then(|s| s.holder.clone())
}

#[test]
fn a_player_leaves_and_the_seat_is_free_for_the_next() {
    let mut g = game();
    let left = g.ok(3, Action::LeaveSeat {});
    assert_eq!(
        left,
        [Event::PlayerLeft {
            player: p(3),
            by: p(3)
        }]
    );
    assert_eq!(holder(&g, "aide"), None);
    let view = g.session.view(&Viewer::Side(SideId::from("red")));
    let aide = view
        .players
        .iter()
        .find(|x| x.id == p(3))
        .expect("on the record");
    assert!(aide.former && !aide.online);
    // Out of the session: no more commands, and the seat (and name) are free.
    g.refused(
        3,
        Action::TeamChat {
            text: "still here?".into(),
        },
        RejectCode::Forbidden,
    );
    let again = g.system(join(JoinRole::Side(SideId::from("red")), Some("aide")));
    assert!(
        matches!(&again[..], [Event::PlayerJoined { .. }]),
        "{again:?}"
    );
    assert_eq!(holder(&g, "aide"), Some(p(5)));
    g.refused(4, Action::LeaveSeat {}, RejectCode::Forbidden);
    g.refused(1, Action::LeaveSeat {}, RejectCode::Forbidden);
}

#[test]
fn the_umpire_frees_moves_and_removes() {
    let mut g = game();
    let red_view = || Viewer::Side(SideId::from("red"));
    let start = g.session.view(&red_view());
    let from = g.log.len();
    let chief = || SeatId::from("chief");
    let red = || SideId::from("red");
    g.refused(
        2,
        Action::FreeSeat {
            side: red(),
            seat: chief(),
        },
        RejectCode::Forbidden,
    );
    g.refused(
        1,
        Action::FreeSeat {
            side: red(),
            seat: "admiral".into(),
        },
        RejectCode::UnknownSeat,
    );
    g.refused(
        1,
        Action::MovePlayer {
            player: p(2),
            seat: "aide".into(),
        },
        RejectCode::SeatTaken,
    );
    g.refused(
        1,
        Action::MovePlayer {
            player: p(2),
            seat: chief(),
        },
        RejectCode::SameSeat,
    );
    g.refused(
        1,
        Action::MovePlayer {
            player: p(4),
            seat: chief(),
        },
        RejectCode::SeatNotAllowed,
    );
    g.refused(
        1,
        Action::RemovePlayer { player: p(1) },
        RejectCode::Forbidden,
    );
    g.refused(
        1,
        Action::RemovePlayer { player: p(9) },
        RejectCode::UnknownPlayer,
    );

    // The aide's machine died: the umpire frees the seat.
    let freed = g.ok(
        1,
        Action::FreeSeat {
            side: red(),
            seat: "aide".into(),
        },
    );
    assert_eq!(
        freed,
        [Event::PlayerLeft {
            player: p(3),
            by: p(1)
        }]
    );
    g.refused(
        1,
        Action::FreeSeat {
            side: red(),
            seat: "aide".into(),
        },
        RejectCode::SeatEmpty,
    );
    g.refused(
        1,
        Action::RemovePlayer { player: p(3) },
        RejectCode::UnknownPlayer,
    );

    // The chief moves to the free seat; the leader seat is free.
    let moved = g.ok(
        1,
        Action::MovePlayer {
            player: p(2),
            seat: "aide".into(),
        },
    );
    assert_eq!(
        moved,
        [Event::PlayerMoved {
            player: p(2),
            seat: "aide".into(),
            by: p(1)
        }]
    );
    assert_eq!(
        (holder(&g, "chief"), holder(&g, "aide")),
        (None, Some(p(2)))
    );

    // The observer is removed.
    assert_eq!(
        g.ok(1, Action::RemovePlayer { player: p(4) }),
        [Event::PlayerLeft {
            player: p(4),
            by: p(1)
        }]
    );
    // Red's view, folded from its stream, is the engine's view.
    let mut view = start;
    let mut seq = g.log[..from]
        .iter()
        .filter(|r| brink_engine::redact(r, &red_view()).is_some())
        .count() as u64;
    for r in &g.log[from..] {
        if let Some(seen) = brink_engine::redact(r, &red_view()) {
            seq += 1;
            view.apply(seq, &seen);
        }
    }
    assert_eq!(view, g.session.view(&red_view()));
}
