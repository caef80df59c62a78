//! The protocol's own rejection codes. Game rejections use the engine's codes
//! (`brink_engine::RejectCode`); both kinds appear in `rejected.code`.

/// Declares the protocol's codes from one table: a line per code, its
/// constant and its wire name, under its description; `ALL` comes from the
/// same lines, so a code is written once.
macro_rules! protocol_codes {
    ($($(#[doc = $doc:literal])* $name:ident = $wire:literal,)*) => {
        $($(#[doc = $doc])* pub const $name: &str = $wire;)*

        /// Every protocol code, for documentation checks.
        pub const ALL: &[&str] = &[$($name,)*];
    };
}

protocol_codes! {
    /// The message is not valid JSON.
    BAD_JSON = "bad_json",
    /// The message's `type` is not one the protocol knows.
    UNKNOWN_TYPE = "unknown_type",
    /// The message lacks a field, has one of the wrong type, or an unknown one.
    BAD_MESSAGE = "bad_message",
    /// The client speaks another protocol version.
    VERSION_MISMATCH = "version_mismatch",
    /// A request before `hello`, or a second `hello`.
    HELLO_FIRST = "hello_first",
    /// A binary frame; the protocol is JSON text.
    BINARY_NOT_SUPPORTED = "binary_not_supported",
    /// The join code is not valid.
    BAD_CODE = "bad_code",
    /// The resume token is not valid.
    BAD_TOKEN = "bad_token",
    /// A resume's `last_seq` is past the end of the player's stream: no
    /// event with it was ever sent on it. Resume with the last `seq`
    /// received (0 for none).
    AHEAD_OF_STREAM = "ahead_of_stream",
    /// A resume of a player who is out of the session: they left it, or the
    /// umpire freed their seat or removed them. Join again with a join code.
    LEFT_SESSION = "left_session",
    /// The admin token is wrong.
    NOT_ADMIN = "not_admin",
    /// No scenario has that id.
    UNKNOWN_SCENARIO = "unknown_scenario",
    /// A game command before joining.
    NOT_JOINED = "not_joined",
    /// A join or resume on a connection that has already joined.
    ALREADY_JOINED = "already_joined",
    /// The server is at its limit of sessions.
    TOO_MANY_SESSIONS = "too_many_sessions",
    /// No session has that id.
    UNKNOWN_SESSION = "unknown_session",
    /// The credential is for another session.
    NOT_IN_SESSION = "not_in_session",
    /// The server is shutting down or the session is unavailable.
    UNAVAILABLE = "unavailable",
    /// The connection sends faster than its limit of messages a second; the
    /// message was not acted on. Wait, then send it again.
    RATE_LIMITED = "rate_limited",
    /// A command's id was used before by the same player for another command;
    /// every command needs a fresh id (retries reuse theirs).
    REQUEST_ID_REUSED = "request_id_reused",
}

/// The close code of a connection let go because its player resumed (with
/// the same token) on another connection: one token, one live connection,
/// the newest. A client that gets it should not resume on its own (it would
/// take the seat back from the newer one) but say so to its user.
pub const CLOSE_RESUMED_ELSEWHERE: u16 = 4001;

/// The close code of a connection let go because its player is out of the
/// session: they left it, or the umpire freed their seat or removed them.
/// Their token no longer works; a client should say so and offer to join
/// again with a join code.
pub const CLOSE_LEFT_SESSION: u16 = 4002;
