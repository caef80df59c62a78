//! Letters and chat: whether a persona accepts a proposal, and the plain
//! sentences bots write — proposals, refusals, the answer to team chat and
//! the note to the umpire when a bot gives up a turn. The templates live
//! here, per persona, and name the scenario's terms and sides by their
//! names from the view.

use crate::ctx::Ctx;
use crate::persona::Persona;
use crate::rng::Rng;
use brink_engine::{Letter, OrderItem, TermId};

/// What a bot answers a teammate's chat with.
pub const NOTED: &str = "Noted.";

/// Whether `persona` accepts the terms `letter` proposes.
///
/// - historical: the first proposal that offers something (a term the other
///   side carries out), as the ExComm took the first letter;
/// - hawk: only terms the other side alone carries out;
/// - dove: any proposal;
/// - random-legal: a coin.
pub(crate) fn accepts(persona: Persona, ctx: &Ctx, letter: &Letter, rng: &mut Rng) -> bool {
    let by_me = |t: &TermId| ctx.term(t).is_some_and(|t| &t.by == ctx.side);
    let mine = letter.terms.iter().filter(|t| by_me(t)).count();
    let theirs = letter.terms.len() - mine;
    match persona {
        Persona::Historical => theirs > 0,
        Persona::Hawk => mine == 0,
        Persona::Dove => true,
        Persona::RandomLegal => rng.chance(50),
    }
}

/// The letter that refuses `letter`, by the quickest secret channel (or the
/// letter's own).
pub(crate) fn refusal(persona: Persona, ctx: &Ctx, letter: &Letter) -> Option<OrderItem> {
    let channel = ctx
        .quickest(false)
        .map_or_else(|| letter.channel.clone(), |c| c.id.clone());
    let terms = ctx.term_names(&letter.terms);
    let text = match persona {
        Persona::Hawk => format!(
            "We reject your terms ({terms}). We make no concessions under threat; the next step is yours."
        ),
        _ => format!(
            "We have read your letter and cannot accept its terms ({terms}) as they stand. We remain ready to talk."
        ),
    };
    Some(OrderItem::Letter {
        channel,
        to: letter.from.clone(),
        text,
        terms: Vec::new(),
    })
}

/// A proposal of `terms` in `persona`'s words, by the quickest secret channel.
pub(crate) fn proposal(persona: Persona, ctx: &Ctx, terms: Vec<TermId>) -> Option<OrderItem> {
    if terms.is_empty() {
        return None;
    }
    let channel = ctx.quickest(false).or_else(|| ctx.quickest(true))?;
    let to = ctx.other()?;
    let names = ctx.term_names(&terms);
    let text = match persona {
        Persona::Hawk => format!(
            "{} demands: {names}. There will be no other offer.",
            ctx.side_name(ctx.side)
        ),
        Persona::Dove => format!(
            "Let us step back together. We propose: {names}. We are ready to settle on these terms today."
        ),
        Persona::Historical | Persona::RandomLegal => format!(
            "To {}: we propose a settlement on these terms: {names}.",
            ctx.side_name(to)
        ),
    };
    Some(OrderItem::Letter {
        channel: channel.id.clone(),
        to: to.clone(),
        text,
        terms,
    })
}

/// The note to the umpire when a bot gives up its orders for a turn.
pub(crate) fn giving_up(
    persona: Persona,
    turn: u32,
    refusals: u32,
    code: &str,
    message: &str,
) -> String {
    format!(
        "The {persona} bot gives up its orders for turn {turn} after {refusals} refusals (the last, {code}: {message}); it submits its orders as they stand."
    )
}
