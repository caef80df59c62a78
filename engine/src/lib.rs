//! Brink's rules engine: the scenario model, the game state, and the four
//! operations everything else is built from.
//!
//! - [`Session::decide`] holds every rule: it turns a command into events or a
//!   [`Rejection`], and changes nothing.
//! - [`Session::apply`] folds one recorded event into the state; it has no rules
//!   and cannot fail. A session's state is the fold of its log.
//! - [`Session::view`] and [`redact`] are the only ways anything leaves the engine
//!   for a viewer: hidden information is filtered here and nowhere else.
//! - [`View::apply`] folds one event of a viewer's stream into its view, as a
//!   client keeps the view it was welcomed with; it equals [`Session::view`]
//!   at every point.
//!
//! The engine does no IO and has no clock or randomness of its own: time and the
//! random seed come in as inputs and are recorded in events, so the same log
//! always folds to the same state.

mod accident;
mod adjudication;
mod apply;
mod clock;
mod command;
mod decide;
mod dice;
mod event;
mod fold;
mod ids;
mod injects;
mod letters;
pub mod limits;
pub mod map;
pub mod names;
mod naval;
mod orders;
mod rejection;
pub mod replay;
pub mod scenario;
mod seats;
mod session;
mod state;
mod strategic;
pub mod text;
mod tracks;
mod view;

pub use accident::{AccidentCheck, Incident};
pub use adjudication::{Adjudication, ClosedOrders, FreeAction, Outcome, Ruling};
pub use command::{Action, Actor, Audience, Command, JoinRole};
pub use dice::Roll;
pub use event::{Event, Recorded, Seen, Visibility, audience_visibility};
pub use ids::{
    ActionId, ChannelId, LetterId, PlayerId, SeatId, SideId, TermId, TrackId, UnitId, ZoneId,
    check_id,
};
pub use injects::{Inject, Note, Released};
pub use letters::{Acceptance, Agreement, Letter, Publicity};
pub use naval::{
    Contact, Delivery, Intel, NavalReport, Search, Sighting, StanceChange, UnitMove, UnitState,
    UnitView,
};
pub use orders::{DraftItem, OrderItem, Orders, SideOrders, Submission};
pub use rejection::{RejectCode, Rejection};
pub use replay::{Moment, ObserverMode, Point};
pub use scenario::{Scenario, ScenarioError};
pub use session::Session;
pub use state::{
    Clock, ForkOrigin, ForkPoint, Message, MessageChannel, Phase, Player, Role, State, StreamCounts,
};
pub use strategic::{
    AppliedModifier, Condition, Effect, MenuItem, Modifier, Resolution, StrategicResult,
};
pub use tracks::{TrackChange, TrackInfo, TrackView};
pub use view::{PlayerView, ScenarioSummary, SeatSummary, SideSummary, View, Viewer, redact};
