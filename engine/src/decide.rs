//! `decide`: every rule of the game. Turns a command into the events it causes,
//! or a rejection that says what is allowed instead. Never changes the state.

use crate::clock;
use crate::command::{Action, Actor, Audience, Command, JoinRole};
use crate::event::Event;
use crate::ids::{PlayerId, SideId};
use crate::limits::{MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_OBSERVERS, MAX_PLAYERS};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::{MessageChannel, Player, Role, State};

pub(crate) fn decide(
    scenario: &Scenario,
    state: &State,
    actor: &Actor,
    command: &Command,
    now: u64,
) -> Result<Vec<Event>, Rejection> {
    match command {
        Command::Create { seed } => {
            system_only(actor)?;
            if state.created {
                return Err(Rejection::new(
                    RejectCode::AlreadyCreated,
                    "this session already exists; create a new session instead",
                ));
            }
            Ok(vec![Event::SessionCreated {
                scenario: scenario.id.clone(),
                seed: *seed,
            }])
        }
        _ if !state.created => Err(Rejection::new(
            RejectCode::NotCreated,
            "the session has not been created yet",
        )),
        Command::Join { role, name, seat } => {
            system_only(actor)?;
            join(scenario, state, role, name, seat.as_ref())
        }
        Command::SetPresence { player, online } => {
            system_only(actor)?;
            let Some(p) = state.players.get(player) else {
                return Err(unknown_player(player));
            };
            if p.online == *online {
                return Ok(Vec::new());
            }
            Ok(vec![Event::PresenceChanged {
                player: player.clone(),
                online: *online,
            }])
        }
        Command::Tick => {
            system_only(actor)?;
            Ok(clock::tick(scenario, state, now))
        }
        Command::Act(action) => {
            let player = acting_player(state, actor)?;
            act(scenario, state, player, action, now)
        }
    }
}

fn system_only(actor: &Actor) -> Result<(), Rejection> {
    match actor {
        Actor::System => Ok(()),
        Actor::Player(_) => Err(Rejection::new(
            RejectCode::Forbidden,
            "only the server may do this",
        )),
    }
}

fn unknown_player(player: &PlayerId) -> Rejection {
    Rejection::new(
        RejectCode::UnknownPlayer,
        format!("there is no player {player} in this session"),
    )
}

fn acting_player<'s>(state: &'s State, actor: &Actor) -> Result<&'s Player, Rejection> {
    match actor {
        Actor::System => Err(Rejection::new(
            RejectCode::Forbidden,
            "this is something a player does, not the server",
        )),
        Actor::Player(id) => state.players.get(id).ok_or_else(|| unknown_player(id)),
    }
}

fn join(
    scenario: &Scenario,
    state: &State,
    role: &JoinRole,
    name: &str,
    seat: Option<&crate::ids::SeatId>,
) -> Result<Vec<Event>, Rejection> {
    let name = name.trim();
    let name_chars = name.chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Rejection::new(
            RejectCode::BadName,
            format!(
                "a display name must have 1 to {MAX_NAME_CHARS} characters and no control characters"
            ),
        ));
    }
    let observers = state
        .players
        .values()
        .filter(|p| p.role == Role::Observer)
        .count();
    let (count, limit, who) = if *role == JoinRole::Observer {
        (observers, MAX_OBSERVERS, "observers")
    } else {
        (state.players.len() - observers, MAX_PLAYERS, "players")
    };
    if count >= limit {
        return Err(Rejection::new(
            RejectCode::SessionFull,
            format!("this session already has {limit} {who}, the most it admits"),
        ));
    }
    let role = match role {
        JoinRole::Umpire | JoinRole::Observer => {
            if seat.is_some() {
                return Err(Rejection::new(
                    RejectCode::SeatNotAllowed,
                    "umpires and observers do not take a seat; join without one",
                ));
            }
            if *role == JoinRole::Umpire {
                Role::Umpire
            } else {
                Role::Observer
            }
        }
        JoinRole::Side(side) => {
            let Some(def) = scenario.side(side) else {
                return Err(Rejection::new(
                    RejectCode::UnknownSide,
                    format!("side {side} is not in scenario {}", scenario.id),
                ));
            };
            let seats: Vec<&str> = def.seats.iter().map(|s| s.id.as_str()).collect();
            let Some(seat) = seat else {
                return Err(Rejection::new(
                    RejectCode::SeatRequired,
                    format!("choose a seat of {}: {}", def.name, seats.join(", ")),
                ));
            };
            if !def.seats.iter().any(|s| &s.id == seat) {
                return Err(Rejection::new(
                    RejectCode::UnknownSeat,
                    format!(
                        "{} has no seat {seat}; choose one of: {}",
                        def.name,
                        seats.join(", ")
                    ),
                ));
            }
            if let Some(holder) = state.seat_holder(side, seat) {
                let free: Vec<&str> = seats
                    .iter()
                    .copied()
                    .filter(|s| state.seat_holder(side, &(*s).into()).is_none())
                    .collect();
                return Err(Rejection::new(
                    RejectCode::SeatTaken,
                    format!(
                        "{} already holds seat {seat}; free seats: {} (to return to your own seat, resume with your token)",
                        holder.name,
                        if free.is_empty() {
                            "none".to_owned()
                        } else {
                            free.join(", ")
                        }
                    ),
                ));
            }
            Role::Player {
                side: side.clone(),
                seat: seat.clone(),
            }
        }
    };
    let next = u32::try_from(state.players.len()).unwrap_or(u32::MAX - 1) + 1;
    Ok(vec![Event::PlayerJoined {
        player: PlayerId::nth(next),
        name: name.to_owned(),
        role,
    }])
}

fn act(
    scenario: &Scenario,
    state: &State,
    player: &Player,
    action: &Action,
    now: u64,
) -> Result<Vec<Event>, Rejection> {
    let (channel, text) = match action {
        Action::TeamChat { text } => (
            MessageChannel::Team {
                side: side_of(player, "team chat")?,
            },
            text,
        ),
        Action::MessageUmpire { text } => (
            MessageChannel::ToUmpire {
                side: side_of(player, "writing to the umpire")?,
            },
            text,
        ),
        Action::UmpireMessage { to, text } => {
            if player.role != Role::Umpire {
                return Err(Rejection::new(
                    RejectCode::Forbidden,
                    "only the umpire sends umpire messages; use team chat or write to the umpire",
                ));
            }
            if let Audience::Side(side) = to
                && scenario.side(side).is_none()
            {
                let sides: Vec<&str> = scenario.sides.iter().map(|s| s.id.as_str()).collect();
                return Err(Rejection::new(
                    RejectCode::UnknownSide,
                    format!(
                        "there is no side {side}; write to all or to one of: {}",
                        sides.join(", ")
                    ),
                ));
            }
            (MessageChannel::FromUmpire { to: to.clone() }, text)
        }
        Action::StartGame
        | Action::Advance
        | Action::Pause
        | Action::Resume
        | Action::SetDeadline { .. }
        | Action::ExtendDeadline { .. }
        | Action::ClearDeadline
        | Action::EndGame { .. } => {
            if player.role != Role::Umpire {
                return Err(Rejection::new(
                    RejectCode::Forbidden,
                    "only the umpire runs the clock; ask the umpire",
                ));
            }
            return clock::decide(scenario, state, action, now);
        }
    };
    check_text(text)?;
    Ok(vec![Event::MessagePosted {
        from: player.id.clone(),
        channel,
        text: text.clone(),
    }])
}

fn side_of(player: &Player, what: &str) -> Result<SideId, Rejection> {
    match &player.role {
        Role::Player { side, .. } => Ok(side.clone()),
        Role::Umpire => Err(Rejection::new(
            RejectCode::Forbidden,
            format!("{what} is for side players; the umpire writes with an umpire message"),
        )),
        Role::Observer => Err(Rejection::new(
            RejectCode::Forbidden,
            format!("{what} is for side players; observers only watch"),
        )),
    }
}

fn check_text(text: &str) -> Result<(), Rejection> {
    if text.trim().is_empty() {
        return Err(Rejection::new(
            RejectCode::EmptyText,
            "the message is empty; write some text",
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Rejection::new(
            RejectCode::BadText,
            "the message has control characters; send plain text (line breaks are fine)",
        ));
    }
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(Rejection::new(
            RejectCode::TextTooLong,
            format!(
                "the message has {chars} characters; the limit is {MAX_MESSAGE_CHARS}: shorten it or split it"
            ),
        ));
    }
    Ok(())
}
