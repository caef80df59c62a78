//! Orders: each side's one document per turn. Any member drafts it, item by
//! item, and the side and the umpire see every change live; the leader seat
//! (or any member, when the umpire allows it or the leader is away) submits it;
//! a submission can be revised until the Orders phase closes, and the last one
//! submitted is what the side does.

use crate::decide::{check_text, in_phase, side_of, visible_letter};
use crate::event::Event;
use crate::ids::{ChannelId, LetterId, PlayerId, SeatId, SideId, TermId, UnitId, ZoneId};
use crate::limits::{MAX_LETTER_CHARS, MAX_MESSAGE_CHARS, MAX_ORDER_ITEMS};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::{Phase, Player, Role, State};
use serde::{Deserialize, Serialize};

/// One thing a side orders for the turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "kind"))]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
pub enum OrderItem {
    /// Send a letter to another side through one of the scenario's channels.
    Letter {
        /// The channel: secret or public, with its delay.
        channel: ChannelId,
        /// The side it is for.
        to: SideId,
        /// What it says.
        text: String,
        /// The terms it proposes, from the scenario's list.
        #[serde(default)]
        terms: Vec<TermId>,
    },
    /// A free-form action, matrix-game style, for the umpire to rule on.
    Action {
        /// What the side does.
        what: String,
        /// Why it should work.
        #[serde(default)]
        why: String,
        /// What the side expects to come of it.
        #[serde(default)]
        expected: String,
    },
    /// Accept the terms of a letter this side received.
    Accept {
        /// The letter.
        letter: LetterId,
    },
    /// Make a letter this side sent or received public.
    Publicise {
        /// The letter.
        letter: LetterId,
    },
    /// Take a strategic action from the side's menu in the scenario.
    Strategic {
        /// The action's id.
        action: String,
    },
    /// Move one of the side's units to a zone within its reach.
    Move {
        /// The unit.
        unit: UnitId,
        /// Where to.
        to: ZoneId,
    },
    /// Set one of the side's units' stance.
    Stance {
        /// The unit.
        unit: UnitId,
        /// The stance, from the scenario's list for its side and kind.
        stance: String,
    },
}

brink_tagged::tag_first!(OrderItem, "kind");

/// An item of a side's orders, numbered within the turn's document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftItem {
    /// Its number in the document, from 1; never reused within a turn.
    pub item: u32,
    /// Who drafted it.
    pub by: PlayerId,
    /// From which seat (a letter's author seat).
    pub seat: SeatId,
    /// The order.
    pub order: OrderItem,
}

/// What a side submitted: the items its orders held at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Submission {
    /// Who submitted.
    pub by: PlayerId,
    /// The orders.
    pub items: Vec<DraftItem>,
}

/// A side's orders document for the current turn.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Orders {
    /// The draft as it stands.
    pub draft: Vec<DraftItem>,
    /// The number the next item gets.
    pub next_item: u32,
    /// The last submission, if any: what the side does when the phase closes.
    pub submitted: Option<Submission>,
}

/// A side's orders as a viewer sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SideOrders {
    /// The side.
    pub side: SideId,
    /// Its draft and last submission.
    #[serde(flatten)]
    pub orders: Orders,
}

/// Adds an item to the player's side's draft.
pub(crate) fn add(
    scenario: &Scenario,
    state: &State,
    player: &Player,
    order: &OrderItem,
) -> Result<Vec<Event>, Rejection> {
    let (side, seat) = drafting(state, player)?;
    let orders = state.orders.get(&side);
    let draft = orders.map(|o| o.draft.as_slice()).unwrap_or_default();
    if draft.len() >= MAX_ORDER_ITEMS {
        return Err(Rejection::new(
            RejectCode::TooManyOrders,
            format!(
                "your orders hold {MAX_ORDER_ITEMS} items, the most they may; remove one first"
            ),
        ));
    }
    check_order(scenario, state, &side, draft, order)?;
    Ok(vec![Event::OrderAdded {
        side,
        item: orders.map_or(1, |o| o.next_item.max(1)),
        by: player.id.clone(),
        seat,
        order: Box::new(order.clone()),
    }])
}

/// Removes item `item` from the player's side's draft.
pub(crate) fn remove(state: &State, player: &Player, item: u32) -> Result<Vec<Event>, Rejection> {
    let (side, _) = drafting(state, player)?;
    let draft = state
        .orders
        .get(&side)
        .map(|o| o.draft.as_slice())
        .unwrap_or_default();
    if !draft.iter().any(|d| d.item == item) {
        let items: Vec<String> = draft.iter().map(|d| d.item.to_string()).collect();
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        return Err(Rejection::new(
            RejectCode::UnknownItem,
            format!(
                "your orders have no item {item}; they hold: {}",
                list(&items)
            ),
        ));
    }
    Ok(vec![Event::OrderRemoved { side, item }])
}

/// Submits the player's side's draft as its orders for the turn.
pub(crate) fn submit(
    scenario: &Scenario,
    state: &State,
    player: &Player,
) -> Result<Vec<Event>, Rejection> {
    let (side, seat) = drafting(state, player)?;
    if let Some(leader) = scenario
        .side(&side)
        .and_then(|s| s.seats.iter().find(|s| s.leader))
        && leader.id != seat
        && !state.any_member_submits
        && state
            .seat_holder(&side, &leader.id)
            .is_some_and(|p| p.online)
    {
        return Err(Rejection::new(
            RejectCode::Forbidden,
            format!(
                "the {} submits your side's orders; ask them, or ask the umpire to let any member submit",
                leader.name
            ),
        ));
    }
    let orders = state.orders.get(&side);
    let items = orders.map(|o| o.draft.clone()).unwrap_or_default();
    // The last side's first submission: the umpire learns that all are in.
    let last = orders.is_none_or(|o| o.submitted.is_none())
        && scenario.sides.iter().all(|s| {
            s.id == side
                || state
                    .orders
                    .get(&s.id)
                    .is_some_and(|o| o.submitted.is_some())
        });
    let mut events = vec![Event::OrdersSubmitted {
        side,
        by: player.id.clone(),
        items,
    }];
    if last {
        events.push(Event::AllSubmitted);
    }
    Ok(events)
}

/// The side and seat of a player who may change orders now.
fn drafting(state: &State, player: &Player) -> Result<(SideId, SeatId), Rejection> {
    let side = side_of(player, "orders")?;
    in_phase(state, Phase::Orders, "orders are drafted and submitted")?;
    let Role::Player { seat, .. } = &player.role else {
        return Err(Rejection::new(
            RejectCode::Forbidden,
            "orders are for side players",
        ));
    };
    Ok((side, seat.clone()))
}

fn check_order(
    scenario: &Scenario,
    state: &State,
    side: &SideId,
    draft: &[DraftItem],
    order: &OrderItem,
) -> Result<(), Rejection> {
    match order {
        OrderItem::Letter {
            channel,
            to,
            text,
            terms,
        } => {
            if scenario.channel(channel).is_none() {
                let known: Vec<&str> = scenario.channels.iter().map(|c| c.id.as_str()).collect();
                return Err(Rejection::new(
                    RejectCode::UnknownChannel,
                    format!(
                        "there is no channel {channel}; the channels are: {}",
                        list(&known)
                    ),
                ));
            }
            if to == side || scenario.side(to).is_none() {
                let others: Vec<&str> = scenario
                    .sides
                    .iter()
                    .filter(|s| &s.id != side)
                    .map(|s| s.id.as_str())
                    .collect();
                return Err(Rejection::new(
                    RejectCode::BadRecipient,
                    format!("a letter goes to another side: {}", list(&others)),
                ));
            }
            check_text(text, MAX_LETTER_CHARS, "the letter")?;
            let by = scenario.channel(channel);
            let arrives = state.turn + by.map_or(0, |c| c.delay);
            let last = crate::clock::total_turns(scenario, state);
            if arrives > last {
                return Err(Rejection::new(
                    RejectCode::WrongPhase,
                    format!(
                        "the letter would arrive at turn {arrives} by {}, after the game's last turn ({last}); choose a faster channel",
                        by.map_or(channel.as_str(), |c| c.name.as_str())
                    ),
                ));
            }
            for (i, term) in terms.iter().enumerate() {
                if scenario.term(term).is_none() {
                    let known: Vec<&str> = scenario.terms.iter().map(|t| t.id.as_str()).collect();
                    return Err(Rejection::new(
                        RejectCode::UnknownTerm,
                        format!("there is no term {term}; the terms are: {}", list(&known)),
                    ));
                }
                if terms[..i].contains(term) {
                    let name = scenario
                        .term(term)
                        .map_or(term.as_str(), |t| t.name.as_str());
                    return Err(Rejection::new(
                        RejectCode::DuplicateOrder,
                        format!("the term \"{name}\" is listed twice; list each term once"),
                    ));
                }
            }
            Ok(())
        }
        OrderItem::Action {
            what,
            why,
            expected,
        } => {
            check_text(what, MAX_MESSAGE_CHARS, "what the side does")?;
            for (text, what) in [
                (why, "why it should work"),
                (expected, "what the side expects"),
            ] {
                if !text.trim().is_empty() {
                    check_text(text, MAX_MESSAGE_CHARS, what)?;
                }
            }
            Ok(())
        }
        OrderItem::Accept { letter } => {
            let found = visible_letter(state, side, letter)?;
            if &found.from == side {
                return Err(Rejection::new(
                    RejectCode::OwnProposal,
                    format!(
                        "letter {letter} is your own side's; accept a proposal the other side sent"
                    ),
                ));
            }
            if &found.to != side {
                return Err(Rejection::new(
                    RejectCode::OwnProposal,
                    format!(
                        "letter {letter} was not written to your side; accept a proposal made to you"
                    ),
                ));
            }
            if found.terms.is_empty() {
                return Err(Rejection::new(
                    RejectCode::NoTerms,
                    format!(
                        "letter {letter} proposes no terms; there is nothing to accept (answer it with a letter)"
                    ),
                ));
            }
            if draft
                .iter()
                .any(|d| matches!(&d.order, OrderItem::Accept { .. }))
            {
                return Err(Rejection::new(
                    RejectCode::DuplicateOrder,
                    "your orders accept a proposal already; remove that item to accept another",
                ));
            }
            Ok(())
        }
        OrderItem::Strategic { action } => {
            let def = crate::strategic::check(scenario, state, side, action)?;
            if draft.iter().any(|d| d.order == *order) {
                return Err(Rejection::new(
                    RejectCode::DuplicateOrder,
                    format!("your orders hold \"{}\" already", def.name),
                ));
            }
            Ok(())
        }
        OrderItem::Move { unit, to } => {
            crate::naval::check_move(scenario, state, side, draft, unit, to)
        }
        OrderItem::Stance { unit, stance } => {
            crate::naval::check_stance(scenario, state, side, draft, unit, stance)
        }
        OrderItem::Publicise { letter } => {
            let found = visible_letter(state, side, letter)?;
            if found.is_public() {
                return Err(Rejection::new(
                    RejectCode::AlreadyPublic,
                    format!("letter {letter} is public already"),
                ));
            }
            if draft.iter().any(|d| d.order == *order) {
                return Err(Rejection::new(
                    RejectCode::DuplicateOrder,
                    format!("your orders publicise letter {letter} already"),
                ));
            }
            Ok(())
        }
    }
}

/// Items for a message: `a, b, c`, or `none`.
pub(crate) fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}
