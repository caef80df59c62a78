//! Brink's computer players (issue 29), pure like the engine: no IO, no
//! clock, and no randomness but a seed given to them.
//!
//! - [`Bot`] plays a seat of a side as a [`Persona`] from that side's view
//!   and stream alone — never the game's state — and answers with ordinary
//!   engine actions; a refusal makes it choose again, and a few give up the
//!   turn with a note to the umpire.
//! - [`Umpire`] is the automatic umpire, from the umpire's view alone.
//! - [`game`] plays headless games in the engine with bots on every side,
//!   each fed its own viewer's stream through the engine's `redact`.

mod bot;
mod ctx;
pub mod game;
mod letters;
mod persona;
mod plan;
mod playbook;
mod rng;
mod umpire;

pub use bot::{Bot, MAX_REFUSALS};
pub use game::{End, Game, Played, SetupError, Totals, play};
pub use letters::NOTED;
pub use persona::{Persona, UnknownPersona};
pub use umpire::{DEFAULT_DIFFICULTY, UNRESOLVED, Umpire};
