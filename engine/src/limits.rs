//! Limits on what the engine accepts. Each is a named constant, tested at its edge.

/// Longest id (of a side, seat, unit, zone, track, term, channel, letter,
/// action, incident, strategic action or stance) read from the network or a
/// scenario file, in bytes.
pub const MAX_ID_BYTES: usize = 64;
/// Longest display name, in characters (after trimming).
pub const MAX_NAME_CHARS: usize = 40;
/// Longest session title, in characters (after trimming): a line an
/// instructor finds the session by, e.g. "Monday seminar, group B".
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest chat line or message to or from the umpire, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Most umpires and side players one session admits.
pub const MAX_PLAYERS: usize = 64;
/// Most observers one session admits (counted apart, so that an audience can
/// never lock the players out).
pub const MAX_OBSERVERS: usize = 256;
/// How many of the most recent messages a view carries.
pub const VIEW_RECENT_MESSAGES: usize = 100;
/// Longest Orders deadline the umpire may set or add at once, in seconds (10 hours).
pub const MAX_DEADLINE_SECONDS: u32 = 36_000;
/// Longest letter, in characters (Khrushchev's letter of 26 October ran to
/// some 3,000 words in English; a seminar letter is shorter).
pub const MAX_LETTER_CHARS: usize = 6_000;
/// Most notes and bookmarks a session keeps for each side, and for the
/// umpire.
pub const MAX_NOTES: usize = 500;
/// Most items one side's orders may hold in a turn.
pub const MAX_ORDER_ITEMS: usize = 40;
/// Most turns the umpire may add to a scenario's, in all.
pub const MAX_ADDED_TURNS: u32 = 30;
/// Most turns observers of a delayed session may follow behind.
pub const MAX_OBSERVER_DELAY: u32 = 30;
/// Most events one replay answer carries; the client asks again for more.
pub const MAX_REPLAY_EVENTS: usize = 500;
