//! `decide`: every rule of the game. Turns a command into the events it causes,
//! or a rejection that says what is allowed instead. Never changes the state.

use crate::command::{Action, Actor, Command, JoinRole};
use crate::event::Event;
use crate::ids::{LetterId, PlayerId, SideId};
use crate::letters::Letter;
use crate::limits::{
    MAX_MESSAGE_CHARS, MAX_NAME_CHARS, MAX_OBSERVER_DELAY, MAX_OBSERVERS, MAX_PLAYERS,
    MAX_TITLE_CHARS,
};
use crate::rejection::{RejectCode, Rejection};
use crate::replay::ObserverMode;
use crate::scenario::Scenario;
use crate::state::Phase;
use crate::state::{MessageChannel, Player, Role, State};
use crate::view::Viewer;
use crate::{adjudication, clock, injects, orders, tracks};

pub(crate) fn decide(
    scenario: &Scenario,
    state: &State,
    actor: &Actor,
    command: &Command,
    now: u64,
) -> Result<Vec<Event>, Rejection> {
    match command {
        Command::Create {
            seed,
            observers,
            title,
        } => {
            system_only(actor)?;
            if state.created {
                return Err(Rejection::new(
                    RejectCode::AlreadyCreated,
                    "this session already exists; create a new session instead",
                ));
            }
            if let ObserverMode::Delayed { turns } = observers
                && !(1..=MAX_OBSERVER_DELAY).contains(turns)
            {
                return Err(Rejection::new(
                    RejectCode::BadObservers,
                    format!(
                        "observers may follow 1 to {MAX_OBSERVER_DELAY} turns behind; or see only what is public, or everything after the end"
                    ),
                ));
            }
            let title = title.as_deref().map(checked_title).transpose()?;
            Ok(vec![Event::SessionCreated {
                scenario: scenario.id.clone(),
                seed: *seed,
                observers: *observers,
                title,
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
        Command::MarkForked {
            parent,
            at_seq,
            seed,
        } => {
            system_only(actor)?;
            Ok(vec![
                Event::Forked {
                    parent: parent.clone(),
                    turn: state.turn + 1,
                },
                Event::Reseeded {
                    seed: *seed,
                    at_seq: *at_seq,
                },
            ])
        }
        Command::RecordFork { fork, at_seq, turn } => {
            system_only(actor)?;
            Ok(vec![Event::ForkCreated {
                fork: fork.clone(),
                at_seq: *at_seq,
                turn: *turn,
            }])
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
        Actor::Player(id) => match state.players.get(id) {
            None => Err(unknown_player(id)),
            Some(p) if p.former => Err(Rejection::new(
                RejectCode::Forbidden,
                "you are no longer in this session (you left it, or the umpire freed your seat); join again with a join code",
            )),
            Some(p) => Ok(p),
        },
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
    if let Some(problem) = crate::text::name_problem(name) {
        return Err(Rejection::new(
            RejectCode::BadName,
            format!("{problem}; write 1 to {MAX_NAME_CHARS} visible characters"),
        ));
    }
    if name_chars > MAX_NAME_CHARS {
        return Err(Rejection::new(
            RejectCode::BadName,
            format!(
                "a display name has at most {MAX_NAME_CHARS} characters and this one has {name_chars}"
            ),
        ));
    }
    // Players of the session this one was forked from do not count.
    let present = || state.players.values().filter(|p| !p.former);
    if *role == JoinRole::Umpire {
        // Nor may the umpire take a name someone else already goes by.
        let folded = crate::text::folded(name);
        if present().any(|p| p.role != Role::Umpire && crate::text::folded(&p.name) == folded) {
            return Err(Rejection::new(
                RejectCode::BadName,
                "a player of this session already goes by that name; choose another, so that nobody can be taken for the umpire",
            ));
        }
    } else {
        let umpires = present()
            .filter(|p| p.role == Role::Umpire)
            .map(|p| p.name.as_str());
        if let Some(problem) = crate::text::reserved(name, umpires) {
            return Err(Rejection::new(RejectCode::BadName, problem));
        }
    }
    let observers = present().filter(|p| p.role == Role::Observer).count();
    let (count, limit, who) = if *role == JoinRole::Observer {
        (observers, MAX_OBSERVERS, "observers")
    } else {
        (present().count() - observers, MAX_PLAYERS, "players")
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
                    format!("side {side} is not in {}", scenario.title),
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
        role: Box::new(role),
    }])
}

/// A note or bookmark, the umpire's or a side's, within the limit.
fn note(
    state: &State,
    player: &Player,
    text: &str,
    bookmark: bool,
) -> Result<Vec<Event>, Rejection> {
    let side = match &player.role {
        Role::Umpire => None,
        Role::Player { side, .. } => Some(side.clone()),
        Role::Observer => {
            return Err(Rejection::new(
                RejectCode::Forbidden,
                "observers only watch; notes and bookmarks are for the umpire and the sides",
            ));
        }
    };
    let written = state.notes.iter().filter(|n| n.side == side).count();
    if written >= crate::limits::MAX_NOTES {
        return Err(Rejection::new(
            RejectCode::TooManyNotes,
            format!(
                "a session keeps {} notes and bookmarks for each side and for the umpire, and yours are all written",
                crate::limits::MAX_NOTES
            ),
        ));
    }
    injects::note(text, bookmark, side)
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
            umpire_only(
                player,
                "only the umpire sends umpire messages; use team chat or write to the umpire",
            )?;
            if let Some(why) = scenario.audience_problem(to) {
                return Err(Rejection::new(RejectCode::UnknownSide, why));
            }
            (MessageChannel::FromUmpire { to: to.clone() }, text)
        }
        Action::AddOrder { order } => return orders::add(scenario, state, player, order),
        Action::RemoveOrder { item } => return orders::remove(state, player, *item),
        Action::SubmitOrders {} => return orders::submit(scenario, state, player),
        Action::StartGame {}
        | Action::Advance { .. }
        | Action::Pause {}
        | Action::Resume {}
        | Action::SetDeadline { .. }
        | Action::ExtendDeadline { .. }
        | Action::ClearDeadline {}
        | Action::AddTurns { .. }
        | Action::EndGame { .. } => {
            umpire_only(player, "only the umpire runs the clock; ask the umpire")?;
            return clock::decide(scenario, state, action, now);
        }
        Action::AnyMemberSubmits { allowed } => {
            umpire_only(player, "only the umpire decides who submits orders")?;
            if state.phase == Phase::Ended {
                return Err(game_over());
            }
            return Ok(if state.any_member_submits == *allowed {
                Vec::new()
            } else {
                vec![Event::SubmitRuleSet {
                    any_member: *allowed,
                }]
            });
        }
        Action::RuleAction { action, ruling } => {
            umpire_only(player, "only the umpire rules on actions")?;
            return adjudication::rule(state, action, ruling);
        }
        Action::WriteOutcome {
            action,
            text,
            to,
            success,
            overrule,
        } => {
            umpire_only(player, "only the umpire writes outcomes")?;
            let says = adjudication::Says {
                success: *success,
                overrule: *overrule,
            };
            return adjudication::write_outcome(scenario, state, action, text, to, says);
        }
        Action::ConfirmAgreement { confirmed } => {
            umpire_only(player, "only the umpire confirms agreements")?;
            return adjudication::confirm(state, *confirmed);
        }
        Action::AdjustTrack { track, by, reason } => {
            umpire_only(player, "only the umpire moves tracks")?;
            return tracks::adjust(scenario, state, track, *by, reason);
        }
        Action::TriggerIncident { incident } => {
            umpire_only(player, "only the umpire brings in incidents")?;
            return crate::accident::trigger(scenario, state, incident);
        }
        Action::Publish {} => {
            umpire_only(player, "only the umpire publishes the adjudication")?;
            return adjudication::publish(scenario, state);
        }
        Action::Inject {
            to,
            text,
            next_briefing,
        } => {
            umpire_only(
                player,
                "only the umpire injects; write to the umpire instead",
            )?;
            return injects::inject(scenario, state, to, text, *next_briefing);
        }
        Action::Note { text, bookmark } => return note(state, player, text, *bookmark),
        Action::LeaveSeat {} => return crate::seats::leave(player),
        Action::FreeSeat { side, seat } => {
            return crate::seats::free(scenario, state, player, side, seat);
        }
        Action::MovePlayer {
            player: moving,
            seat,
        } => {
            return crate::seats::move_player(scenario, state, player, moving, seat);
        }
        Action::RemovePlayer { player: gone } => {
            return crate::seats::remove(state, player, gone);
        }
        Action::SetTitle { title } => {
            umpire_only(player, "only the umpire names the session")?;
            return set_title(state, title);
        }
        Action::Declassify {} => return declassify(state, player),
        Action::ShowClass { moment } => return show_class(scenario, state, player, moment),
    };
    check_text(text, MAX_MESSAGE_CHARS, "the message")?;
    Ok(vec![Event::MessagePosted {
        from: player.id.clone(),
        channel,
        text: text.clone(),
    }])
}

/// The umpire opens every perspective of the ended game to everyone.
fn declassify(state: &State, player: &Player) -> Result<Vec<Event>, Rejection> {
    umpire_only(player, "only the umpire declassifies the session")?;
    if state.phase != Phase::Ended {
        return Err(Rejection::new(
            RejectCode::NotEnded,
            "a session is declassified only once the game has ended; end it with a verdict first",
        ));
    }
    Ok(if state.declassified {
        Vec::new()
    } else {
        vec![Event::Declassified]
    })
}

/// The umpire puts a moment of the declassified game's review on the wall,
/// or takes it off.
fn show_class(
    scenario: &Scenario,
    state: &State,
    player: &Player,
    moment: &Option<crate::replay::Moment>,
) -> Result<Vec<Event>, Rejection> {
    umpire_only(player, "only the umpire shows the class a moment")?;
    if let Some(crate::replay::Moment {
        perspective: Viewer::Side(side),
        ..
    }) = moment
        && scenario.side(side).is_none()
    {
        return Err(Rejection::new(
            RejectCode::UnknownSide,
            "the scenario has no such side; show the umpire's, the observers' or a side's picture",
        ));
    }
    if moment.is_some() && !state.declassified {
        return Err(Rejection::new(
            RejectCode::NotDeclassified,
            "the class is shown a moment of the review once the game is declassified; end the game and declassify it first",
        ));
    }
    Ok(if &state.shown == moment {
        Vec::new()
    } else {
        vec![Event::ClassShown {
            moment: moment.clone(),
        }]
    })
}

pub(crate) fn umpire_only(player: &Player, message: &str) -> Result<(), Rejection> {
    if player.role == Role::Umpire {
        Ok(())
    } else {
        Err(Rejection::new(RejectCode::Forbidden, message))
    }
}

fn game_over() -> Rejection {
    Rejection::new(
        RejectCode::GameOver,
        "the game has ended; the session stays open for talk and review",
    )
}

/// Refuses unless the game runs (not ended, not paused) in `phase`; `what`
/// says what that phase is for, e.g. "orders are drafted and submitted".
pub(crate) fn in_phase(state: &State, phase: Phase, what: &str) -> Result<(), Rejection> {
    if state.phase == Phase::Ended {
        return Err(game_over());
    }
    if state.clock.paused {
        return Err(Rejection::new(
            RejectCode::Paused,
            "the game is paused; wait for the umpire to resume it",
        ));
    }
    if state.phase != phase {
        return Err(Rejection::new(
            RejectCode::WrongPhase,
            format!(
                "{what} in the {} phase, and this is the {} phase{}",
                phase.as_str(),
                state.phase.as_str(),
                if state.turn == 0 {
                    String::new()
                } else {
                    format!(" of turn {}", state.turn)
                }
            ),
        ));
    }
    Ok(())
}

/// The letter `id` if `side` may see it; the same refusal whether it does not
/// exist or is hidden from the side, so that a refusal never tells a side that
/// a letter it may not see exists.
pub(crate) fn visible_letter<'s>(
    state: &'s State,
    side: &SideId,
    id: &LetterId,
) -> Result<&'s Letter, Rejection> {
    match state.letters.get(id) {
        Some(letter) if Viewer::Side(side.clone()).may_see(&letter.visibility()) => Ok(letter),
        _ => Err(Rejection::new(
            RejectCode::UnknownLetter,
            format!("your side has no letter {id}; name a letter your side sent or received"),
        )),
    }
}

pub(crate) fn side_of(player: &Player, what: &str) -> Result<SideId, Rejection> {
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

/// The umpire renames the session: `title_set`, or nothing when the title
/// is already that.
fn set_title(state: &State, title: &str) -> Result<Vec<Event>, Rejection> {
    let title = checked_title(title)?;
    Ok(if state.title.as_deref() == Some(title.as_str()) {
        Vec::new()
    } else {
        vec![Event::TitleSet { title }]
    })
}

/// A session's title, trimmed; refused if it is empty, runs over more than
/// one line, holds control characters or unbalanced bidi controls, or
/// runs over [`MAX_TITLE_CHARS`] characters.
pub(crate) fn checked_title(title: &str) -> Result<String, Rejection> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Rejection::new(
            RejectCode::EmptyText,
            "the title is empty; write a line to find the session by, e.g. \"Monday seminar, group B\"",
        ));
    }
    if title.chars().any(char::is_control) {
        return Err(Rejection::new(
            RejectCode::BadText,
            "a title is one line of plain text, without line breaks, tabs or control characters",
        ));
    }
    if let Some(problem) = crate::text::bidi_problem(title) {
        return Err(Rejection::new(
            RejectCode::BadText,
            format!("the title is refused: {problem}"),
        ));
    }
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(Rejection::new(
            RejectCode::TextTooLong,
            format!("the title has {chars} characters; the limit is {MAX_TITLE_CHARS}: shorten it"),
        ));
    }
    Ok(title.to_owned())
}

/// Refuses `text` if it is empty, has control characters other than line
/// breaks and tabs, or runs over `limit` characters; `what` names it.
pub(crate) fn check_text(text: &str, limit: usize, what: &str) -> Result<(), Rejection> {
    if text.trim().is_empty() {
        return Err(Rejection::new(
            RejectCode::EmptyText,
            format!("{what} is empty; write some text"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Rejection::new(
            RejectCode::BadText,
            format!("{what} has control characters; send plain text (line breaks are fine)"),
        ));
    }
    if let Some(problem) = crate::text::bidi_problem(text) {
        return Err(Rejection::new(
            RejectCode::BadText,
            format!("{what} is refused: {problem}"),
        ));
    }
    let chars = text.chars().count();
    if chars > limit {
        return Err(Rejection::new(
            RejectCode::TextTooLong,
            format!("{what} has {chars} characters; the limit is {limit}: shorten it or split it"),
        ));
    }
    Ok(())
}
