//! Brink's client library: what every program that talks to a Brink server
//! needs, written once. The `brink` CLI, the end-to-end tests' clients and
//! the load generator (`brink-bench`) are all built on it.
//!
//! - [`link`]: the connection — connect (with the socket settings a caller
//!   wants), say hello, send, receive, and send a request until it is
//!   answered (again after a `rate_limited` refusal).
//! - [`seat`]: join and resume, and what a welcome says.
//! - [`ids`]: request ids that never repeat for a player.
//! - [`retry`]: the commands sent and not yet answered, to send again after
//!   a reconnection with the same ids, so that the server answers them
//!   rather than applies them twice.
//! - [`fold`]: a player's stream — each event the one after the last — and
//!   its fold into the view (the engine's [`brink_engine::View::apply`]).
//!
//! The library speaks the protocol both typed ([`brink_protocol::ServerMsg`])
//! and as plain JSON ([`serde_json::Value`]): the tests and the benchmark read
//! the wire as JSON, and the benchmark's bare baseline server sends welcomes
//! that are not Brink's.

pub mod fold;
pub mod ids;
pub mod link;
pub mod retry;
pub mod seat;

pub use fold::{Follow, Resumed, Stream, Taken};
pub use ids::Ids;
pub use link::{Answer, Link, Options, Request, ResumedElsewhere, Ws, answer_id};
pub use retry::Inflight;
pub use seat::Welcome;
