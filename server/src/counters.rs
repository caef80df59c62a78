//! The server's work counters, process-wide: commands received, events
//! recorded, event messages serialized and delivered, connections open and
//! those dropped for falling behind, and
//! (in a build with the `count-allocations` feature) heap allocations. An
//! admin reads them with `server_stats`; the benchmark divides them, to show
//! that an event is serialized once per view, not once per recipient.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

static COMMANDS: AtomicU64 = AtomicU64::new(0);
static EVENTS: AtomicU64 = AtomicU64::new(0);
static ENCODINGS: AtomicU64 = AtomicU64::new(0);
static DELIVERIES: AtomicU64 = AtomicU64::new(0);
static CONNECTIONS: AtomicU64 = AtomicU64::new(0);
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// A player's command reached its session.
pub fn command() {
    COMMANDS.fetch_add(1, Relaxed);
}

/// An event was recorded in a live session.
pub fn event() {
    EVENTS.fetch_add(1, Relaxed);
}

/// An event message was serialized for one view.
pub fn encoding() {
    ENCODINGS.fetch_add(1, Relaxed);
}

/// Event messages were queued to `n` connections.
pub fn deliveries(n: usize) {
    DELIVERIES.fetch_add(n as u64, Relaxed);
}

/// A session let go of a connection that was not keeping up.
pub fn dropped() {
    DROPPED.fetch_add(1, Relaxed);
}

/// Counts a connection open while it lives.
#[derive(Debug)]
pub struct Open(());

/// A connection opened: counted until the returned guard drops.
pub fn connection_opened() -> Open {
    CONNECTIONS.fetch_add(1, Relaxed);
    Open(())
}

impl Drop for Open {
    fn drop(&mut self) {
        CONNECTIONS.fetch_sub(1, Relaxed);
    }
}

/// The counters now.
pub fn snapshot() -> brink_protocol::Counters {
    brink_protocol::Counters {
        commands: COMMANDS.load(Relaxed),
        events: EVENTS.load(Relaxed),
        encodings: ENCODINGS.load(Relaxed),
        deliveries: DELIVERIES.load(Relaxed),
        connections: CONNECTIONS.load(Relaxed),
        dropped: DROPPED.load(Relaxed),
        allocations: ALLOCATIONS.get().map(|count| count()),
    }
}

/// Where allocations are counted: installed by the server binary when it is
/// built with `count-allocations` (which makes its global allocator count).
static ALLOCATIONS: OnceLock<fn() -> u64> = OnceLock::new();

/// Makes `server_stats` report `allocations()`, the allocations so far.
pub fn count_allocations_with(allocations: fn() -> u64) {
    let _ = ALLOCATIONS.set(allocations);
}
