//! Who sits where, after joining: a side player leaves their seat; the
//! umpire frees a seat, moves a player to another seat of their side, or
//! removes a player. Each is an event in the log saying who did it. A
//! player who leaves, or is freed from a seat or removed, is out of the
//! session: kept for the record (as `former`), holding no seat, their name
//! free for someone else; the server then lets their connections go and
//! refuses their resume token.

use crate::decide::umpire_only;
use crate::event::Event;
use crate::ids::{PlayerId, SeatId, SideId};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::{Player, Role, State};

/// A side player leaves their seat, and the session.
pub(crate) fn leave(player: &Player) -> Result<Vec<Event>, Rejection> {
    if !matches!(player.role, Role::Player { .. }) {
        return Err(Rejection::new(
            RejectCode::Forbidden,
            "only a side's players hold seats to leave; an observer just closes the page, and the umpire stays",
        ));
    }
    Ok(vec![Event::PlayerLeft {
        player: player.id.clone(),
        by: player.id.clone(),
    }])
}

/// The umpire frees `side`'s `seat`: its holder is out of the session.
pub(crate) fn free(
    scenario: &Scenario,
    state: &State,
    umpire: &Player,
    side: &SideId,
    seat: &SeatId,
) -> Result<Vec<Event>, Rejection> {
    umpire_only(
        umpire,
        "only the umpire frees seats; to leave your own, leave it",
    )?;
    let (side_name, seat_name) = seat_of(scenario, side, seat)?;
    let Some(holder) = state.seat_holder(side, seat) else {
        return Err(Rejection::new(
            RejectCode::SeatEmpty,
            format!("nobody holds seat {seat_name} of {side_name}; it is free already"),
        ));
    };
    Ok(vec![Event::PlayerLeft {
        player: holder.id.clone(),
        by: umpire.id.clone(),
    }])
}

/// The umpire moves `player` to another, free seat of their side.
pub(crate) fn move_player(
    scenario: &Scenario,
    state: &State,
    umpire: &Player,
    player: &PlayerId,
    seat: &SeatId,
) -> Result<Vec<Event>, Rejection> {
    umpire_only(umpire, "only the umpire moves players between seats")?;
    let moving = present(state, player)?;
    let Role::Player { side, seat: now } = &moving.role else {
        return Err(Rejection::new(
            RejectCode::SeatNotAllowed,
            format!(
                "{} plays no side, so holds no seat to move from",
                moving.name
            ),
        ));
    };
    let (_, seat_name) = seat_of(scenario, side, seat)?;
    if now == seat {
        return Err(Rejection::new(
            RejectCode::SameSeat,
            format!("{} already holds seat {seat_name}", moving.name),
        ));
    }
    if let Some(holder) = state.seat_holder(side, seat) {
        return Err(Rejection::new(
            RejectCode::SeatTaken,
            format!("{} holds seat {seat_name}; free it first", holder.name),
        ));
    }
    Ok(vec![Event::PlayerMoved {
        player: player.clone(),
        seat: seat.clone(),
        by: umpire.id.clone(),
    }])
}

/// The umpire removes `player` from the session.
pub(crate) fn remove(
    state: &State,
    umpire: &Player,
    player: &PlayerId,
) -> Result<Vec<Event>, Rejection> {
    umpire_only(umpire, "only the umpire removes players")?;
    let gone = present(state, player)?;
    if gone.role == Role::Umpire {
        return Err(Rejection::new(
            RejectCode::Forbidden,
            "an umpire cannot be removed from the session",
        ));
    }
    Ok(vec![Event::PlayerLeft {
        player: player.clone(),
        by: umpire.id.clone(),
    }])
}

/// The player, if they are in the session now.
fn present<'s>(state: &'s State, player: &PlayerId) -> Result<&'s Player, Rejection> {
    state
        .players
        .get(player)
        .filter(|p| !p.former)
        .ok_or_else(|| {
            Rejection::new(
                RejectCode::UnknownPlayer,
                format!("no player {player} is in the session now; the view's players list who is"),
            )
        })
}

/// The names of `side` and its `seat`, for people; refuses a seat `side`
/// does not have.
fn seat_of<'s>(
    scenario: &'s Scenario,
    side: &SideId,
    seat: &SeatId,
) -> Result<(&'s str, &'s str), Rejection> {
    let Some(def) = scenario.side(side) else {
        return Err(Rejection::new(
            RejectCode::UnknownSide,
            format!("the scenario has no side {side}"),
        ));
    };
    if let Some(found) = def.seats.iter().find(|s| &s.id == seat) {
        return Ok((&def.name, &found.name));
    }
    let seats: Vec<&str> = def.seats.iter().map(|s| s.id.as_str()).collect();
    Err(Rejection::new(
        RejectCode::UnknownSeat,
        format!(
            "{} has no seat {seat}; its seats: {}",
            def.name,
            seats.join(", ")
        ),
    ))
}
