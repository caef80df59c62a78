//! The answer to `seats`: what a join code admits to and, for a side's
//! code, that side's seats with who holds each and whether they are online
//! — the same names every player's view shows, and nothing else.

use brink_engine::{JoinRole, Role, Scenario, State};
use brink_protocol::{SeatInfo, ServerMsg};

/// The `seats` answer for a code granting `role`.
pub(super) fn answer(scenario: &Scenario, state: &State, id: String, role: JoinRole) -> ServerMsg {
    let side = match &role {
        JoinRole::Side(side) => scenario.side(side),
        JoinRole::Umpire | JoinRole::Observer => None,
    };
    let seats = side.map_or_else(Vec::new, |side| {
        side.seats
            .iter()
            .map(|seat| {
                let holder = state.players.values().find(|p| {
                    !p.former
                        && matches!(&p.role, Role::Player { side: s, seat: t } if *s == side.id && *t == seat.id)
                });
                SeatInfo {
                    seat: seat.id.clone(),
                    name: seat.name.clone(),
                    leader: seat.leader,
                    holder: holder.map(|p| p.name.clone()),
                    online: holder.is_some_and(|p| p.online),
                }
            })
            .collect()
    });
    ServerMsg::Seats {
        id,
        role,
        side_name: side.map(|s| s.name.clone()),
        title: scenario.title.clone(),
        seats,
    }
}
