//! What a bot reads of its side's view: the menu, the tracks as the side
//! knows them, its own units, the channels and terms, the letters it
//! received. Every question a persona asks goes through here, and here
//! reads only the [`View`].

use brink_engine::scenario::{ChannelDef, TermDef};
use brink_engine::{Letter, OrderItem, SideId, TermId, UnitView, View};

/// A side's view, read for deciding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'v> {
    pub view: &'v View,
    pub side: &'v SideId,
}

impl<'v> Ctx<'v> {
    /// The first other side of the scenario (the one letters go to).
    pub fn other(&self) -> Option<&'v SideId> {
        self.view
            .scenario
            .sides
            .iter()
            .map(|s| &s.id)
            .find(|s| *s != self.side)
    }

    /// Whether the side's menu holds `action` and it may be ordered now.
    pub fn may(&self, action: &str) -> bool {
        self.view
            .menu
            .iter()
            .any(|m| m.id == action && &m.side == self.side && m.unavailable.is_none())
    }

    /// The side's menu items that may be ordered now.
    pub fn available(&self) -> Vec<&'v brink_engine::MenuItem> {
        self.view
            .menu
            .iter()
            .filter(|m| &m.side == self.side && m.unavailable.is_none())
            .collect()
    }

    /// One of the side's own units still in the game.
    pub fn unit(&self, id: &str) -> Option<&'v UnitView> {
        self.view
            .units
            .iter()
            .find(|u| u.id.as_str() == id && &u.side == self.side && !u.lost)
    }

    /// A channel by id.
    pub fn channel(&self, id: &str) -> Option<&'v ChannelDef> {
        self.view
            .scenario
            .channels
            .iter()
            .find(|c| c.id.as_str() == id)
    }

    /// The quickest channel, secret or public.
    pub fn quickest(&self, public: bool) -> Option<&'v ChannelDef> {
        self.view
            .scenario
            .channels
            .iter()
            .filter(|c| c.public == public)
            .min_by_key(|c| c.delay)
    }

    /// The terms `side` would carry out.
    pub fn terms_by(&self, side: &SideId) -> Vec<&'v TermDef> {
        self.view
            .scenario
            .terms
            .iter()
            .filter(|t| &t.by == side)
            .collect()
    }

    /// A term by id.
    pub fn term(&self, id: &TermId) -> Option<&'v TermDef> {
        self.view.scenario.terms.iter().find(|t| &t.id == id)
    }

    /// Letters delivered to this side from another that propose terms.
    pub fn proposals(&self) -> impl Iterator<Item = &'v Letter> + '_ {
        self.view
            .letters
            .iter()
            .filter(|l| &l.to == self.side && &l.from != self.side)
            .filter(|l| l.delivered && !l.terms.is_empty())
    }

    /// The letter `from` sent at `turn`, if this side has it.
    pub fn letter_sent(&self, from: &SideId, turn: u32) -> Option<&'v Letter> {
        self.view
            .letters
            .iter()
            .find(|l| &l.from == from && l.sent_turn == turn)
    }

    /// A side's name for people.
    pub fn side_name(&self, side: &SideId) -> &'v str {
        self.view
            .scenario
            .sides
            .iter()
            .find(|s| &s.id == side)
            .map_or("", |s| s.name.as_str())
    }

    /// The terms' names, for a letter.
    pub fn term_names(&self, terms: &[TermId]) -> String {
        let names: Vec<&str> = terms
            .iter()
            .filter_map(|t| self.term(t))
            .map(|t| t.name.as_str())
            .collect();
        names.join("; ")
    }

    /// A strategic order, when the menu allows it now.
    pub fn strategic(&self, action: &str) -> Option<OrderItem> {
        self.may(action).then(|| OrderItem::Strategic {
            action: action.to_owned(),
        })
    }

    /// A move of one of the side's units, when it has the unit and the
    /// scenario the zone.
    pub fn move_to(&self, unit: &str, zone: &str) -> Option<OrderItem> {
        let unit = self.unit(unit)?;
        let zone = self
            .view
            .scenario
            .zones
            .iter()
            .find(|z| z.id.as_str() == zone)?;
        (unit.zone != zone.id).then(|| OrderItem::Move {
            unit: unit.id.clone(),
            to: zone.id.clone(),
        })
    }

    /// A stance for one of the side's units, when the scenario offers it to
    /// the unit's side and kind.
    pub fn stance(&self, unit: &str, stance: &str) -> Option<OrderItem> {
        let unit = self.unit(unit)?;
        let offered = self
            .view
            .scenario
            .stances
            .iter()
            .any(|s| s.id == stance && &s.side == self.side && s.kinds.contains(&unit.kind));
        (offered && unit.stance.as_deref() != Some(stance)).then(|| OrderItem::Stance {
            unit: unit.id.clone(),
            stance: stance.to_owned(),
        })
    }
}
