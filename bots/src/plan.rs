//! A persona's orders for a turn, from its side's view: the script of the
//! scenario if the persona has one (`playbook.rs`), its answers to the
//! proposals it has received, its own proposals, and — for random-legal —
//! anything the view offers.

use crate::ctx::Ctx;
use crate::letters;
use crate::persona::Persona;
use crate::playbook;
use crate::rng::Rng;
use brink_engine::{LetterId, OrderItem, Resolution, TermId};
use std::collections::BTreeSet;

/// The chance, in per cent, that a hawk holds back one of its script's
/// actions for a day: without it hawks reach war in every game, and risk
/// would be a script.
const HAWK_HOLDS_BACK: u32 = 20;

/// What a bot remembers of its own letters between turns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memory {
    /// Proposals it has answered (accepted or refused).
    pub answered: BTreeSet<LetterId>,
    /// Proposals it has sent.
    pub proposed: u32,
    /// Steps of its script it held back, to take the next turn.
    pub deferred: Vec<playbook::Step>,
}

/// The orders `persona` gives this turn.
pub(crate) fn orders(
    persona: Persona,
    ctx: &Ctx,
    rng: &mut Rng,
    memory: &mut Memory,
) -> Vec<OrderItem> {
    let mut orders = Vec::new();
    let script = playbook::script(&ctx.view.scenario.id, persona);
    if let Some(plays) = script {
        let steps = std::mem::take(&mut memory.deferred).into_iter().chain(
            plays
                .iter()
                .filter(|p| p.side == ctx.side.as_str() && p.turn == ctx.view.turn)
                .flat_map(|p| p.steps.iter().copied()),
        );
        for step in steps.collect::<Vec<_>>() {
            // A hawk, too, sometimes holds a step back a day.
            let escalation = matches!(step, playbook::Step::Do(_));
            if persona == Persona::Hawk && escalation && rng.chance(HAWK_HOLDS_BACK) {
                memory.deferred.push(step);
                continue;
            }
            orders.extend(playbook::order(ctx, &step));
        }
    } else {
        orders.extend(general(persona, ctx, rng));
    }
    for order in &orders {
        match order {
            OrderItem::Accept { letter } => {
                memory.answered.insert(letter.clone());
            }
            OrderItem::Letter { terms, .. } if !terms.is_empty() => memory.proposed += 1,
            _ => {}
        }
    }
    answer_proposals(persona, ctx, rng, memory, &mut orders);
    // A script that writes the side's letters leaves the historical and the
    // hawkish proposals to it.
    let scripted = script.is_some_and(|plays| {
        plays.iter().any(|p| {
            p.side == ctx.side.as_str()
                && p.steps
                    .iter()
                    .any(|s| matches!(s, playbook::Step::Letter(..)))
        })
    });
    let general_proposals = persona == Persona::Dove || !scripted;
    if let Some(proposal) = general_proposals
        .then(|| propose(persona, ctx, memory))
        .flatten()
    {
        memory.proposed += 1;
        orders.push(proposal);
    }
    if persona == Persona::RandomLegal {
        let n = rng.below(4);
        orders.extend((0..n).filter_map(|_| random_order(ctx, rng)));
    }
    orders
}

/// Accepts at most one proposal a turn (the first the persona takes) and
/// refuses, in a letter, those it will not take.
fn answer_proposals(
    persona: Persona,
    ctx: &Ctx,
    rng: &mut Rng,
    memory: &mut Memory,
    orders: &mut Vec<OrderItem>,
) {
    let mut accepted = orders.iter().any(|o| matches!(o, OrderItem::Accept { .. }));
    for letter in ctx.proposals() {
        if memory.answered.contains(&letter.id) {
            continue;
        }
        if letters::accepts(persona, ctx, letter, rng) {
            if !accepted {
                accepted = true;
                memory.answered.insert(letter.id.clone());
                orders.push(OrderItem::Accept {
                    letter: letter.id.clone(),
                });
            }
        } else {
            memory.answered.insert(letter.id.clone());
            if persona != Persona::RandomLegal {
                orders.extend(letters::refusal(persona, ctx, letter));
            }
        }
    }
}

/// A persona's own proposal this turn, if it makes one:
/// - dove: a trade (one term each) at once, then every other turn all it
///   would carry out itself, conceding;
/// - hawk: at turn 2, every term the other side would carry out;
/// - historical: a trade at the middle of the game, when it has proposed
///   nothing yet.
fn propose(persona: Persona, ctx: &Ctx, memory: &Memory) -> Option<OrderItem> {
    let other = ctx.other()?;
    let ids = |terms: Vec<&brink_engine::scenario::TermDef>| -> Vec<TermId> {
        terms.into_iter().map(|t| t.id.clone()).collect()
    };
    let mine = ids(ctx.terms_by(ctx.side));
    let theirs = ids(ctx.terms_by(other));
    let trade = || -> Vec<TermId> {
        theirs
            .iter()
            .take(1)
            .chain(mine.iter().take(1))
            .cloned()
            .collect()
    };
    let turn = ctx.view.turn;
    let terms = match persona {
        Persona::Dove if memory.proposed == 0 => trade(),
        Persona::Dove if turn.is_multiple_of(2) => mine.clone(),
        Persona::Hawk if memory.proposed == 0 && turn == 2 => theirs.clone(),
        Persona::Historical
            if memory.proposed == 0 && turn == ctx.view.scenario.turns.div_ceil(2) =>
        {
            trade()
        }
        _ => return None,
    };
    letters::proposal(persona, ctx, terms)
}

/// For a scenario without a script: a hawk orders one of its menu's rolled
/// or public actions at random each turn; the others order nothing beyond
/// their letters.
fn general(persona: Persona, ctx: &Ctx, rng: &mut Rng) -> Vec<OrderItem> {
    if persona != Persona::Hawk {
        return Vec::new();
    }
    let bold: Vec<&str> = ctx
        .available()
        .into_iter()
        .filter(|m| m.public || m.resolution == Resolution::Roll)
        .map(|m| m.id.as_str())
        .collect();
    rng.pick(&bold)
        .and_then(|id| ctx.strategic(id))
        .into_iter()
        .collect()
}

/// Any one order the view offers: a menu item, a move to a next zone, a
/// stance, a letter with random terms, accepting or publicising a letter,
/// or a free-form action.
pub(crate) fn random_order(ctx: &Ctx, rng: &mut Rng) -> Option<OrderItem> {
    let view = ctx.view;
    match rng.below(7) {
        0 => {
            let menu = ctx.available();
            let item = rng.pick(&menu)?;
            ctx.strategic(&item.id)
        }
        1 => {
            let units: Vec<_> = view.units.iter().filter(|u| &u.side == ctx.side).collect();
            let unit = rng.pick(&units)?;
            let zone = view.scenario.zones.iter().find(|z| z.id == unit.zone)?;
            let to = rng.pick(&zone.adjacent)?;
            ctx.move_to(unit.id.as_str(), to.as_str())
        }
        2 => {
            let units: Vec<_> = view.units.iter().filter(|u| &u.side == ctx.side).collect();
            let unit = rng.pick(&units)?;
            let stances: Vec<&str> = view
                .scenario
                .stances
                .iter()
                .filter(|s| &s.side == ctx.side && s.kinds.contains(&unit.kind))
                .map(|s| s.id.as_str())
                .collect();
            ctx.stance(unit.id.as_str(), rng.pick(&stances)?)
        }
        3 => {
            let terms: Vec<TermId> = view
                .scenario
                .terms
                .iter()
                .filter(|_| rng.chance(30))
                .map(|t| t.id.clone())
                .collect();
            let channel = rng.pick(&view.scenario.channels)?;
            Some(OrderItem::Letter {
                channel: channel.id.clone(),
                to: ctx.other()?.clone(),
                text: "A letter from a random player.".to_owned(),
                terms,
            })
        }
        4 => {
            let proposals: Vec<_> = ctx.proposals().collect();
            Some(OrderItem::Accept {
                letter: rng.pick(&proposals)?.id.clone(),
            })
        }
        5 => Some(OrderItem::Publicise {
            letter: rng.pick(&view.letters)?.id.clone(),
        }),
        _ => Some(OrderItem::Action {
            what: "A move no menu holds.".to_owned(),
            why: "To see what comes of it.".to_owned(),
            expected: "Something.".to_owned(),
        }),
    }
}
