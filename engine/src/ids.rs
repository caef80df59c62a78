//! Identifiers of sides, seats and players.
//!
//! Side and seat ids come from the scenario file (`us`, `president`); player ids
//! are handed out by the engine in join order (`p1`, `p2`, ...), so that they are
//! deterministic and the same log always names the same players.

use crate::limits::MAX_ID_BYTES;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Refuses an id longer than [`MAX_ID_BYTES`], saying so.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "an id has at most {MAX_ID_BYTES} bytes and this one has {}; ids are short names such as `president` or `LK7QM`",
            id.len()
        ));
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(transparent)]
        pub struct $name(pub String);

        /// Read as a string of at most [`MAX_ID_BYTES`] bytes: an id from the
        /// network or a file is never longer.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let id = String::deserialize(d)?;
                check_id(&id).map_err(serde::de::Error::custom)?;
                Ok(Self(id))
            }
        }

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// A side of the game, as the scenario names it: `us`, `ussr`.
    SideId
);
string_id!(
    /// A seat of a side, as the scenario names it: `president`, `first_secretary`.
    SeatId
);
string_id!(
    /// A player of a session: `p1`, `p2`, ... in the order they joined.
    PlayerId
);

impl PlayerId {
    /// The id of the `n`th player to join (1-based).
    pub fn nth(n: u32) -> Self {
        Self(format!("p{n}"))
    }
}

string_id!(
    /// A letter channel of the scenario: `embassy_cable`, `radio_moscow`.
    ChannelId
);
string_id!(
    /// A term a letter may propose, from the scenario's list: `quarantine_lifted`.
    TermId
);
string_id!(
    /// A letter, once sent: `L` and four letters, e.g. `LK7QM`. Ids are drawn
    /// from the session's seed, so they say nothing about how many letters
    /// others have sent.
    LetterId
);
string_id!(
    /// A free-form action, once orders close: `A` and four letters, e.g. `A3RTX`.
    ActionId
);
string_id!(
    /// A track of the scenario: `risk`, `defcon`, `kennedy_prestige`.
    TrackId
);
string_id!(
    /// A zone of the scenario's map: `quarantine_line`, `cuban_waters`.
    ZoneId
);
string_id!(
    /// A unit of the scenario: `poltava`, `destroyer_group_1`.
    UnitId
);
