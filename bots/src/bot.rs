//! [`Bot`]: a computer player holding a seat of a side. It is fed its
//! viewer's stream ([`Bot::on_event`]) and asked, with its viewer's view,
//! what it does next ([`Bot::next`]); it answers with ordinary engine
//! [`Action`]s, one at a time, and hears of a refusal by its code and
//! message ([`Bot::refused`]). It never sees the game's state, so the same
//! code can run beside a session's actor or behind a client's connection.

use crate::ctx::Ctx;
use crate::letters::{self, NOTED};
use crate::persona::Persona;
use crate::plan::{self, Memory};
use crate::rng::{Rng, stream_of};
use brink_engine::{
    Action, Event, MessageChannel, Phase, PlayerId, Role, SeatId, Seen, SideId, View,
};
use std::collections::VecDeque;

/// Refusals in a turn after which a bot gives its orders up for the turn.
pub const MAX_REFUSALS: u32 = 3;

/// A computer player.
#[derive(Debug, Clone)]
pub struct Bot {
    persona: Persona,
    side: SideId,
    seat: SeatId,
    rng: Rng,
    /// Its player id, once its view or stream has shown it joining.
    me: Option<PlayerId>,
    /// What it will do next this turn, in order.
    queue: VecDeque<Action>,
    /// The turn whose orders it has planned.
    planned: Option<u32>,
    /// Refusals this turn.
    refusals: u32,
    /// Teammates' chat not answered yet.
    unanswered: u32,
    /// Random-legal: orders to choose again after a refusal.
    again: u32,
    memory: Memory,
}

impl Bot {
    /// A bot of `persona` for `seat` of `side`, choosing by `seed`.
    pub fn new(persona: Persona, seed: u64, side: SideId, seat: SeatId) -> Self {
        let stream = stream_of(&format!("{side}/{seat}"));
        Self {
            persona,
            rng: Rng::new(seed, stream),
            side,
            seat,
            me: None,
            queue: VecDeque::new(),
            planned: None,
            refusals: 0,
            unanswered: 0,
            again: 0,
            memory: Memory::default(),
        }
    }

    /// How it plays.
    pub fn persona(&self) -> Persona {
        self.persona
    }

    /// The side it plays.
    pub fn side(&self) -> &SideId {
        &self.side
    }

    /// The seat it holds.
    pub fn seat(&self) -> &SeatId {
        &self.seat
    }

    /// The name it joins by: `Hawk bot`.
    pub fn display_name(&self) -> String {
        let name = self.persona.name();
        let mut chars = name.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        format!(
            "{}{} bot",
            first.into_iter().collect::<String>(),
            chars.as_str()
        )
    }

    /// One event of its viewer's stream, as the viewer received it.
    pub fn on_event(&mut self, seen: &Seen) {
        match &seen.event {
            Event::PlayerJoined { player, role, .. } if self.me.is_none() => {
                if matches!(&**role, Role::Player { side, seat } if *side == self.side && *seat == self.seat)
                {
                    self.me = Some(player.clone());
                }
            }
            Event::MessagePosted {
                from,
                channel: MessageChannel::Team { side },
                text,
            } if *side == self.side && Some(from) != self.me.as_ref() && text != NOTED => {
                self.unanswered += 1;
            }
            _ => {}
        }
    }

    /// What it does next, given its viewer's view now; `None` when it has
    /// nothing (more) to do until something changes.
    pub fn next(&mut self, view: &View) -> Option<Action> {
        if self.me.is_none() {
            self.me = view
                .players
                .iter()
                .find(|p| matches!(&p.role, Role::Player { side, seat } if *side == self.side && *seat == self.seat))
                .map(|p| p.id.clone());
        }
        if self.unanswered > 0 {
            self.unanswered = 0;
            return Some(Action::TeamChat {
                text: NOTED.to_owned(),
            });
        }
        if view.phase != Phase::Orders {
            self.queue.clear();
            return None;
        }
        if self.planned != Some(view.turn) {
            self.plan(view);
        }
        if self.again > 0 && self.refusals < MAX_REFUSALS {
            self.again -= 1;
            let ctx = Ctx {
                view,
                side: &self.side,
            };
            if let Some(order) = plan::random_order(&ctx, &mut self.rng) {
                return Some(Action::AddOrder { order });
            }
        }
        self.queue.pop_front()
    }

    /// The rules refused the action it last returned: it chooses again, and
    /// after [`MAX_REFUSALS`] in a turn it gives up ordering for the turn,
    /// with a note to the umpire, submitting its orders as they stand.
    pub fn refused(&mut self, code: &str, message: &str) {
        self.refusals += 1;
        if self.refusals == MAX_REFUSALS {
            let turn = self.planned.unwrap_or_default();
            self.queue.clear();
            self.queue.push_back(Action::MessageUmpire {
                text: letters::giving_up(self.persona, turn, self.refusals, code, message),
            });
            self.queue.push_back(Action::SubmitOrders {});
        } else if self.refusals > MAX_REFUSALS {
            self.queue.clear();
        } else if self.persona == Persona::RandomLegal {
            self.again += 1;
        }
    }

    /// Plans the turn's orders: each as an item of the side's orders, then
    /// the submission (unless its side has submitted already).
    fn plan(&mut self, view: &View) {
        self.planned = Some(view.turn);
        self.refusals = 0;
        self.again = 0;
        self.queue.clear();
        let submitted = view
            .orders
            .iter()
            .any(|o| o.side == self.side && o.orders.submitted.is_some());
        if submitted {
            return;
        }
        let ctx = Ctx {
            view,
            side: &self.side,
        };
        let orders = plan::orders(self.persona, &ctx, &mut self.rng, &mut self.memory);
        self.queue
            .extend(orders.into_iter().map(|order| Action::AddOrder { order }));
        self.queue.push_back(Action::SubmitOrders {});
    }
}
