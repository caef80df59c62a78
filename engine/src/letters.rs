//! Letters between sides, and the proposals and agreements they carry. A
//! letter is written as an order; it is sent when the Orders phase closes and
//! delivered at the publish of the turn its channel's delay brings it to.

use crate::event::Visibility;
use crate::ids::{ChannelId, LetterId, SeatId, SideId, TermId};
use serde::{Deserialize, Serialize};

/// A letter that has been sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Letter {
    /// Its id, for accepting or publicising it.
    pub id: LetterId,
    /// The side that sent it.
    pub from: SideId,
    /// The seat that wrote it.
    pub seat: SeatId,
    /// The side it is for.
    pub to: SideId,
    /// The channel it travels by.
    pub channel: ChannelId,
    /// Whether the channel is public: delivered to everyone, observers included.
    pub public: bool,
    /// What it says.
    pub text: String,
    /// The terms it proposes.
    pub terms: Vec<TermId>,
    /// The turn it was sent.
    pub sent_turn: u32,
    /// The turn whose publish delivers it.
    pub deliver_turn: u32,
    /// Whether it has been delivered.
    pub delivered: bool,
    /// Whether a side has made it public.
    pub publicised: bool,
}

impl Letter {
    /// Whether everyone may read it: a delivered public letter, or one a side
    /// has publicised.
    pub fn is_public(&self) -> bool {
        (self.public && self.delivered) || self.publicised
    }

    /// Who may read it now: everyone once public; the two sides once
    /// delivered; before that, its sender alone. The umpire always.
    pub fn visibility(&self) -> Visibility {
        if self.is_public() {
            Visibility::Public
        } else if self.delivered {
            Visibility::Sides(vec![self.from.clone(), self.to.clone()])
        } else {
            Visibility::Side(self.from.clone())
        }
    }
}

/// A side accepting the terms of a letter it received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Acceptance {
    /// The side accepting.
    pub side: SideId,
    /// The letter whose terms it accepts.
    pub letter: LetterId,
    /// Those terms.
    pub terms: Vec<TermId>,
}

/// A side making a letter public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Publicity {
    /// The side publicising.
    pub side: SideId,
    /// The letter.
    pub letter: LetterId,
}

/// Terms that both sides stand behind: one proposed them, the other accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agreement {
    /// The letter that proposed the terms.
    pub letter: LetterId,
    /// The terms.
    pub terms: Vec<TermId>,
    /// The proposing side, then the accepting side.
    pub parties: Vec<SideId>,
    /// Whether the letter is public, and so the terms (else the parties' alone).
    pub public: bool,
}
