//! The protocol's own rejection codes. Game rejections use the engine's codes
//! (`brink_engine::RejectCode`); both kinds appear in `rejected.code`.

/// The message is not valid JSON.
pub const BAD_JSON: &str = "bad_json";
/// The message's `type` is not one the protocol knows.
pub const UNKNOWN_TYPE: &str = "unknown_type";
/// The message lacks a field, has one of the wrong type, or an unknown one.
pub const BAD_MESSAGE: &str = "bad_message";
/// The client speaks another protocol version.
pub const VERSION_MISMATCH: &str = "version_mismatch";
/// A request before `hello`, or a second `hello`.
pub const HELLO_FIRST: &str = "hello_first";
/// A binary frame; the protocol is JSON text.
pub const BINARY_NOT_SUPPORTED: &str = "binary_not_supported";
/// The join code is not valid.
pub const BAD_CODE: &str = "bad_code";
/// The resume token is not valid.
pub const BAD_TOKEN: &str = "bad_token";
/// The admin token is wrong.
pub const NOT_ADMIN: &str = "not_admin";
/// No scenario has that id.
pub const UNKNOWN_SCENARIO: &str = "unknown_scenario";
/// A game command before joining.
pub const NOT_JOINED: &str = "not_joined";
/// A join or resume on a connection that has already joined.
pub const ALREADY_JOINED: &str = "already_joined";
/// The server is at its limit of sessions.
pub const TOO_MANY_SESSIONS: &str = "too_many_sessions";
/// No session has that id.
pub const UNKNOWN_SESSION: &str = "unknown_session";
/// The credential is for another session.
pub const NOT_IN_SESSION: &str = "not_in_session";
/// The server is shutting down or the session is unavailable.
pub const UNAVAILABLE: &str = "unavailable";

/// The connection sends faster than its limit of messages a second; the
/// message was not acted on. Wait, then send it again.
pub const RATE_LIMITED: &str = "rate_limited";
/// A command's id was used before by the same player for another command;
/// every command needs a fresh id (retries reuse theirs).
pub const REQUEST_ID_REUSED: &str = "request_id_reused";

/// The close code of a connection let go because its player resumed (with
/// the same token) on another connection: one token, one live connection,
/// the newest. A client that gets it should not resume on its own (it would
/// take the seat back from the newer one) but say so to its user.
pub const CLOSE_RESUMED_ELSEWHERE: u16 = 4001;

/// Every protocol code, for documentation checks.
pub const ALL: &[&str] = &[
    BAD_JSON,
    UNKNOWN_TYPE,
    BAD_MESSAGE,
    VERSION_MISMATCH,
    HELLO_FIRST,
    BINARY_NOT_SUPPORTED,
    BAD_CODE,
    BAD_TOKEN,
    NOT_ADMIN,
    UNKNOWN_SCENARIO,
    NOT_JOINED,
    ALREADY_JOINED,
    TOO_MANY_SESSIONS,
    UNKNOWN_SESSION,
    NOT_IN_SESSION,
    UNAVAILABLE,
    RATE_LIMITED,
    REQUEST_ID_REUSED,
];
