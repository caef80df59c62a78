//! Brink's rules engine: the scenario model, the game state, and the four
//! operations everything else is built from.
//!
//! - [`Session::decide`] holds every rule: it turns a command into events or a
//!   [`Rejection`], and changes nothing.
//! - [`Session::apply`] folds one recorded event into the state; it has no rules
//!   and cannot fail. A session's state is the fold of its log.
//! - [`Session::view`] and [`redact`] are the only ways anything leaves the engine
//!   for a viewer: hidden information is filtered here and nowhere else.
//!
//! The engine does no IO and has no clock or randomness of its own: time and the
//! random seed come in as inputs and are recorded in events, so the same log
//! always folds to the same state.

mod apply;
mod clock;
mod command;
mod decide;
mod event;
mod ids;
pub mod limits;
mod rejection;
pub mod scenario;
mod session;
mod state;
mod view;

pub use command::{Action, Actor, Audience, Command, JoinRole};
pub use event::{Event, Recorded, Seen, Visibility};
pub use ids::{PlayerId, SeatId, SideId};
pub use rejection::{RejectCode, Rejection};
pub use scenario::{Scenario, ScenarioError};
pub use session::Session;
pub use state::{Clock, Message, MessageChannel, Phase, Player, Role, State};
pub use view::{PlayerView, ScenarioSummary, SeatSummary, SideSummary, View, Viewer, redact};
