//! The client-message decoder (`brink_protocol::decode`) against hostile input:
//!
//! 1. Whatever the text — arbitrary strings, arbitrary bytes read lossily,
//!    JSON-ish character soup — it never panics and answers either a message
//!    or a `rejected` with a code from `codes::ALL` and a message; and it
//!    answers the same text the same way every time.
//! 2. Well-formed but wrong messages — valid messages of every known `type`
//!    with a field removed, an unknown field added, a field's value replaced
//!    by any JSON (wrong types, huge numbers, deep nesting, unicode oddities),
//!    or the `type` swapped — are decoded or rejected the same way; a missing
//!    required field or an unknown field is always `bad_message`, an unknown
//!    `type` always `unknown_type`, and a rejection of a JSON object carries
//!    the object's string `id`.
//! 3. Round trip: every generated `ClientMsg` serializes to JSON that decodes
//!    back equal.

use brink_engine::{
    Action, ActionId, Audience, ChannelId, LetterId, ObserverMode, OrderItem, Phase, Point, Ruling,
    SeatId, SideId, TermId, TrackId, UnitId, Viewer, ZoneId,
};
use brink_protocol::{ClientMsg, Credential, ExportFormat, ReportFormat, ServerMsg, codes, decode};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Checks the decoder's contract on one text: deterministic, and a message
/// (which survives its own round trip) or a rejection with a code the
/// decoder may give and a message. Returns the rejection's code and id.
fn check(text: &str) -> Result<Option<(String, Option<String>)>, TestCaseError> {
    let first = decode(text);
    let second = decode(text);
    prop_assert_eq!(
        &first,
        &second,
        "decoding is not deterministic for {:?}",
        text
    );
    match first {
        Ok(msg) => {
            // What the fast typed parse accepts, the explaining path (a JSON
            // object, read as a `Value`) accepts too, as the same message.
            let value: Value = serde_json::from_str(text)
                .map_err(|e| TestCaseError::fail(format!("{e}: {text:?} accepted")))?;
            prop_assert!(value.is_object(), "{:?} is not an object", text);
            let slow = serde_json::from_value::<ClientMsg>(value).ok();
            prop_assert_eq!(slow.as_ref(), Some(&msg), "{:?}", text);
            let again =
                serde_json::to_string(&msg).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let decoded = decode(&again);
            prop_assert_eq!(
                decoded.as_ref(),
                Ok(&msg),
                "{} re-encoded as {}",
                text,
                again
            );
            Ok(None)
        }
        Err(rejection) => match *rejection {
            ServerMsg::Rejected { code, message, id } => {
                prop_assert!(!code.is_empty(), "empty code for {:?}", text);
                prop_assert!(
                    codes::ALL.contains(&code.as_str()),
                    "code {:?} is not a protocol code (for {:?})",
                    code,
                    text
                );
                prop_assert!(
                    DECODER_CODES.contains(&code.as_str()),
                    "the decoder answered {:?} for {:?}",
                    code,
                    text
                );
                prop_assert!(!message.trim().is_empty(), "empty message for {:?}", text);
                Ok(Some((code, id)))
            }
            other => Err(TestCaseError::fail(format!(
                "decode answered {other:?}, not a rejection, for {text:?}"
            ))),
        },
    }
}

/// The codes a decoding can end in.
const DECODER_CODES: [&str; 3] = [codes::BAD_JSON, codes::BAD_MESSAGE, codes::UNKNOWN_TYPE];

/// The rejection's code and id, or `None` when the text decoded.
fn rejection(text: &str) -> Option<(String, Option<String>)> {
    match decode(text) {
        Ok(_) => None,
        Err(r) => match *r {
            ServerMsg::Rejected { code, id, .. } => Some((code, id)),
            _ => None,
        },
    }
}

/// The fields each message type cannot do without (from docs/protocol.md).
const REQUIRED: &[(&str, &[&str])] = &[
    ("hello", &["protocol"]),
    ("create_session", &["id", "admin_token", "scenario"]),
    ("list_sessions", &["id", "admin_token"]),
    ("server_stats", &["id", "admin_token"]),
    ("join", &["id", "code", "name"]),
    ("seats", &["id", "code"]),
    ("resume", &["id", "token"]),
    ("command", &["id", "command"]),
    ("replay", &["id", "session", "auth", "perspective"]),
    ("export", &["id", "session", "auth", "format"]),
    ("report", &["id", "session", "auth", "format"]),
    ("fork", &["id", "session", "auth", "at"]),
];

/// The game commands without fields.
const UNIT_ACTIONS: [&str; 7] = [
    "start_game",
    "pause",
    "resume",
    "clear_deadline",
    "submit_orders",
    "publish",
    "declassify",
];

/// What the decoder must answer for a JSON object, where the object's shape
/// alone decides it: its `type`, a missing required field, an unknown one.
fn oracle(object: &Map<String, Value>) -> Option<&'static str> {
    let Some(Value::String(kind)) = object.get("type") else {
        return Some(codes::BAD_MESSAGE);
    };
    let Some((_, required)) = REQUIRED.iter().find(|(k, _)| k == kind) else {
        return Some(codes::UNKNOWN_TYPE);
    };
    let unknown = |o: &Map<String, Value>| o.keys().any(|k| k.starts_with("zz_"));
    let in_command = matches!(object.get("command"), Some(Value::Object(c)) if unknown(c));
    let missing = required.iter().any(|f| !object.contains_key(*f));
    (missing || unknown(object) || (kind == "command" && in_command)).then_some(codes::BAD_MESSAGE)
}

/// Strings with the oddities people and attackers paste: NULs, control
/// characters, BOMs, bidi overrides, combining marks, emoji, long runs.
fn odd_string() -> BoxedStrategy<String> {
    prop_oneof![
        4 => any::<String>(),
        1 => Just(String::new()),
        1 => Just("\u{0}\u{1}\u{7}\u{1b}[31m\r\n\t".to_owned()),
        1 => Just("\u{feff}\u{202e}evil\u{202c}\u{200b}\u{2028}\u{2029}".to_owned()),
        1 => Just("e\u{301}\u{301}\u{301}\u{301}\u{301}🇺🇸👨‍👩‍👧‍👦\u{10ffff}\u{fffd}".to_owned()),
        1 => (1..20_000usize).prop_map(|n| "x".repeat(n)),
        1 => "[a-z_]{1,12}",
    ]
    .boxed()
}

/// Any JSON value, a few levels deep.
fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        Just(json!(4_294_967_296u64)),
        Just(json!(1e300)),
        odd_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Raw JSON fragments serde_json's `Value` cannot produce: numbers beyond
/// every type, lone surrogate escapes, nesting past the parser's limit.
fn raw_fragment() -> BoxedStrategy<String> {
    prop_oneof![
        Just("1e400".to_owned()),
        Just("-1e400".to_owned()),
        Just("123456789012345678901234567890123456789".to_owned()),
        Just("-0".to_owned()),
        Just("0.0000000000000000000000000001".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("\"\\udc00\\ud800\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
        Just("\"\\uD83D\\uDE00\"".to_owned()),
        Just("\"\\x41\"".to_owned()),
        Just("NaN".to_owned()),
        Just("Infinity".to_owned()),
        Just("01".to_owned()),
        Just("true false".to_owned()),
        (1..2_000usize).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (1..2_000usize).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        (1..2_000usize).prop_map(|n| "[".repeat(n)),
    ]
    .boxed()
}

fn side() -> BoxedStrategy<SideId> {
    prop_oneof![Just("us"), Just("ussr"), Just("")]
        .prop_map(SideId::from)
        .boxed()
}

fn audience() -> BoxedStrategy<Audience> {
    prop_oneof![
        Just(Audience::All),
        side().prop_map(Audience::Side),
        prop::collection::vec(side(), 0..3).prop_map(Audience::Sides),
    ]
    .boxed()
}

fn order() -> BoxedStrategy<OrderItem> {
    prop_oneof![
        (
            odd_string(),
            side(),
            odd_string(),
            prop::collection::vec(odd_string(), 0..3)
        )
            .prop_map(|(channel, to, text, terms)| OrderItem::Letter {
                channel: ChannelId(channel),
                to,
                text,
                terms: terms.into_iter().map(TermId).collect(),
            }),
        (odd_string(), odd_string(), odd_string()).prop_map(|(what, why, expected)| {
            OrderItem::Action {
                what,
                why,
                expected,
            }
        }),
        odd_string().prop_map(|l| OrderItem::Accept {
            letter: LetterId(l)
        }),
        odd_string().prop_map(|l| OrderItem::Publicise {
            letter: LetterId(l)
        }),
        odd_string().prop_map(|action| OrderItem::Strategic { action }),
        (odd_string(), odd_string()).prop_map(|(u, z)| OrderItem::Move {
            unit: UnitId(u),
            to: ZoneId(z)
        }),
        (odd_string(), odd_string()).prop_map(|(u, stance)| OrderItem::Stance {
            unit: UnitId(u),
            stance
        }),
    ]
    .boxed()
}

fn action() -> BoxedStrategy<Action> {
    prop_oneof![
        odd_string().prop_map(|text| Action::TeamChat { text }),
        odd_string().prop_map(|text| Action::MessageUmpire { text }),
        (audience(), odd_string()).prop_map(|(to, text)| Action::UmpireMessage { to, text }),
        Just(Action::StartGame {}),
        any::<bool>().prop_map(|force| Action::Advance { force }),
        any::<u32>().prop_map(|seconds| Action::SetDeadline { seconds }),
        any::<u32>().prop_map(|turns| Action::AddTurns { turns }),
        order().prop_map(|order| Action::AddOrder { order }),
        any::<u32>().prop_map(|item| Action::RemoveOrder { item }),
        (
            odd_string(),
            prop_oneof![
                Just(Ruling::Accept {}),
                Just(Ruling::Reject {}),
                any::<u8>().prop_map(|difficulty| Ruling::Roll { difficulty })
            ]
        )
            .prop_map(|(a, ruling)| Action::RuleAction {
                action: ActionId(a),
                ruling
            }),
        (odd_string(), any::<i32>(), odd_string()).prop_map(|(t, by, reason)| {
            Action::AdjustTrack {
                track: TrackId(t),
                by,
                reason,
            }
        }),
        (audience(), odd_string(), any::<bool>()).prop_map(|(to, text, next_briefing)| {
            Action::Inject {
                to,
                text,
                next_briefing,
            }
        }),
        (odd_string(), any::<bool>()).prop_map(|(text, bookmark)| Action::Note { text, bookmark }),
        Just(Action::Declassify {}),
        odd_string().prop_map(|title| Action::SetTitle { title }),
    ]
    .boxed()
}

fn point() -> BoxedStrategy<Point> {
    prop_oneof![
        Just(Point::Start),
        Just(Point::End),
        any::<u64>().prop_map(Point::Seq),
        any::<u32>().prop_map(Point::Turn),
        (
            any::<u32>(),
            prop_oneof![
                Just(Phase::Briefing),
                Just(Phase::Orders),
                Just(Phase::Adjudication)
            ]
        )
            .prop_map(|(turn, phase)| Point::Phase { turn, phase }),
    ]
    .boxed()
}

fn viewer() -> BoxedStrategy<Viewer> {
    prop_oneof![
        Just(Viewer::Umpire),
        Just(Viewer::Observer),
        side().prop_map(Viewer::Side)
    ]
    .boxed()
}

fn credential() -> BoxedStrategy<Credential> {
    prop_oneof![
        odd_string().prop_map(Credential::Token),
        odd_string().prop_map(Credential::Code),
        odd_string().prop_map(Credential::AdminToken),
    ]
    .boxed()
}

/// Every kind of client message, with arbitrary contents.
fn client_msg() -> BoxedStrategy<ClientMsg> {
    prop_oneof![
        (any::<u32>(), odd_string())
            .prop_map(|(protocol, client)| ClientMsg::Hello { protocol, client }),
        (
            odd_string(),
            odd_string(),
            odd_string(),
            prop_oneof![
                Just(ObserverMode::Public {}),
                Just(ObserverMode::AfterEnd {}),
                any::<u32>().prop_map(|turns| ObserverMode::Delayed { turns })
            ],
            prop::option::of(odd_string())
        )
            .prop_map(|(id, admin_token, scenario, observers, title)| {
                ClientMsg::CreateSession {
                    id,
                    admin_token,
                    scenario,
                    observers,
                    title,
                }
            }),
        (odd_string(), odd_string())
            .prop_map(|(id, admin_token)| ClientMsg::ListSessions { id, admin_token }),
        (
            odd_string(),
            odd_string(),
            odd_string(),
            prop::option::of(odd_string())
        )
            .prop_map(|(id, code, name, seat)| ClientMsg::Join {
                id,
                code,
                name,
                seat: seat.map(SeatId)
            }),
        (odd_string(), odd_string()).prop_map(|(id, code)| ClientMsg::Seats { id, code }),
        (odd_string(), odd_string(), any::<u64>()).prop_map(|(id, token, last_seq)| {
            ClientMsg::Resume {
                id,
                token,
                last_seq,
            }
        }),
        (odd_string(), action()).prop_map(|(id, command)| ClientMsg::Command { id, command }),
        (
            odd_string(),
            odd_string(),
            credential(),
            viewer(),
            prop::option::of(point()),
            prop::option::of(point()),
            any::<bool>()
        )
            .prop_map(|(id, session, auth, perspective, from, to, view)| {
                ClientMsg::Replay {
                    id,
                    session,
                    auth,
                    perspective,
                    from,
                    to,
                    view,
                }
            }),
        (
            odd_string(),
            odd_string(),
            credential(),
            prop_oneof![Just(ExportFormat::Jsonl), Just(ExportFormat::Csv)],
            prop::option::of(viewer())
        )
            .prop_map(
                |(id, session, auth, format, perspective)| ClientMsg::Export {
                    id,
                    session,
                    auth,
                    format,
                    perspective
                }
            ),
        (
            odd_string(),
            odd_string(),
            credential(),
            prop_oneof![Just(ReportFormat::Html), Just(ReportFormat::Md)]
        )
            .prop_map(|(id, session, auth, format)| ClientMsg::Report {
                id,
                session,
                auth,
                format
            }),
        (odd_string(), odd_string(), credential(), point()).prop_map(|(id, session, auth, at)| {
            ClientMsg::Fork {
                id,
                session,
                auth,
                at,
            }
        }),
    ]
    .boxed()
}

/// What to do to a valid message's JSON object.
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove the field at this index (of its keys, sorted).
    Remove(usize),
    /// Add a field no message has.
    Extra(String, Value),
    /// Replace the field at this index with any JSON.
    Replace(usize, Value),
    /// Replace the field at this index with a raw fragment.
    Raw(usize, String),
    /// Claim another known type (or an unknown one, or a non-string).
    Retype(Value),
    /// Put a mutation inside the game command's object, if there is one.
    InCommand(Box<Mutation>),
}

fn mutation() -> BoxedStrategy<Mutation> {
    let known = prop::sample::select(ClientMsg::TYPES).prop_map(Value::from);
    let leaf = prop_oneof![
        any::<usize>().prop_map(Mutation::Remove),
        ("[a-z_]{1,8}", any_json()).prop_map(|(k, v)| Mutation::Extra(format!("zz_{k}"), v)),
        (any::<usize>(), any_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        (any::<usize>(), raw_fragment()).prop_map(|(i, f)| Mutation::Raw(i, f)),
        prop_oneof![3 => known, 1 => any_json()].prop_map(Mutation::Retype),
    ];
    prop_oneof![3 => leaf.clone(), 1 => leaf.prop_map(|m| Mutation::InCommand(Box::new(m)))].boxed()
}

/// Applies a mutation to a message's JSON object. A raw fragment goes in
/// as a marker string, `raws` remembers it, and [`text_of`] swaps it in.
fn mutate(object: &mut Map<String, Value>, mutation: &Mutation, raws: &mut Vec<(String, String)>) {
    let keys: Vec<String> = object.keys().cloned().collect();
    // An empty object (a field-less command) has only new fields to get.
    let pick = |i: usize| {
        keys.get(i % keys.len().max(1))
            .cloned()
            .unwrap_or_else(|| "zz_new".to_owned())
    };
    match mutation {
        Mutation::Remove(i) => {
            object.remove(&pick(*i));
        }
        Mutation::Extra(key, value) => {
            object.insert(key.clone(), value.clone());
        }
        Mutation::Replace(i, value) => {
            object.insert(pick(*i), value.clone());
        }
        Mutation::Raw(i, fragment) => {
            let marker = format!("\u{1}RAW{}\u{1}", raws.len());
            object.insert(pick(*i), Value::from(marker.clone()));
            raws.push((marker, fragment.clone()));
        }
        Mutation::Retype(kind) => {
            object.insert("type".into(), kind.clone());
        }
        Mutation::InCommand(inner) => {
            if let Some(Value::Object(command)) = object.get_mut("command") {
                mutate(command, inner, raws);
            }
        }
    }
}

/// The object's text with the raw fragments in place; and whether any is.
fn text_of(object: &Map<String, Value>, raws: &[(String, String)]) -> (String, bool) {
    let mut text = Value::Object(object.clone()).to_string();
    let mut any = false;
    for (marker, fragment) in raws {
        let quoted = Value::from(marker.as_str()).to_string();
        if text.contains(&quoted) {
            text = text.replacen(&quoted, fragment, 1);
            any = true;
        }
    }
    (text, any)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Arbitrary strings.
    #[test]
    fn any_string_is_decoded_or_rejected(text in any::<String>()) {
        check(&text)?;
    }

    /// Arbitrary bytes, as the server would see them after a lossy read.
    #[test]
    fn any_bytes_are_decoded_or_rejected(bytes in prop::collection::vec(any::<u8>(), 0..1_024)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    /// JSON-ish character soup, which gets much further into the parser
    /// than random text does.
    #[test]
    fn json_soup_is_decoded_or_rejected(text in r#"[{}\[\]":,0-9eE.+\-\\ntrufalsy_ pdi\u{0}\u{fffd}é]{0,200}"#) {
        check(&text)?;
    }

    /// Any JSON value at all, and any JSON object with a known `type`.
    #[test]
    fn any_json_is_decoded_or_rejected(
        value in any_json(),
        kind in prop::sample::select(ClientMsg::TYPES),
    ) {
        check(&value.to_string())?;
        if let Value::Object(mut object) = value {
            let id = object.get("id").and_then(Value::as_str).map(str::to_owned);
            object.insert("type".into(), Value::from(kind));
            let text = Value::Object(object).to_string();
            if let Some((_, rejected_id)) = check(&text)? {
                prop_assert_eq!(rejected_id, id, "the rejection of {} lost its id", text);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_500, ..ProptestConfig::default() })]

    /// Valid messages made wrong.
    #[test]
    fn wrong_messages_are_rejected_precisely(
        msg in client_msg(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let Ok(Value::Object(mut object)) = serde_json::to_value(&msg) else {
            return Err(TestCaseError::fail(format!("{msg:?} is not a JSON object")));
        };
        let mut raws = Vec::new();
        for m in &mutations {
            mutate(&mut object, m, &mut raws);
        }
        let (text, raw) = text_of(&object, &raws);
        let answer = check(&text)?;
        if !raw {
            // Still the object: its shape decides what some answers must be.
            if let Some(code) = oracle(&object) {
                prop_assert_eq!(
                    answer.as_ref().map(|(c, _)| c.as_str()),
                    Some(code),
                    "{} after {:?}",
                    text,
                    mutations
                );
            }
            if let Some((code, rejected_id)) = &answer {
                prop_assert_ne!(code.as_str(), codes::BAD_JSON, "{} is JSON", text);
                // An id within the limit comes back; a longer one does not.
                let id = object
                    .get("id")
                    .and_then(Value::as_str)
                    .filter(|id| id.len() <= brink_protocol::MAX_REQUEST_ID_BYTES);
                prop_assert_eq!(rejected_id.as_deref(), id, "the rejection of {} lost its id", text);
            }
        }
    }

    /// Every message the client may send decodes back to itself, unless a
    /// string of it is over its limit (64 bytes for ids, 128 for keys, 100
    /// for the client's name; free texts' limits are the rules'): then it is
    /// refused as `bad_message`, naming the limit.
    #[test]
    fn every_message_round_trips(msg in client_msg()) {
        let text = serde_json::to_string(&msg).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match decode(&text) {
            Ok(decoded) => prop_assert_eq!(decoded, msg, "{}", text),
            Err(rejection) => {
                let ServerMsg::Rejected { code, message, .. } = *rejection else {
                    return Err(TestCaseError::fail(format!("{text}: not a rejection")));
                };
                prop_assert!(longest_string(&value) > brink_engine::limits::MAX_ID_BYTES, "{} is within every limit: {}", text, message);
                prop_assert_eq!(code.as_str(), codes::BAD_MESSAGE, "{}", text);
                prop_assert!(message.contains("limit is") || message.contains("at most"), "{}: {}", text, message);
            }
        }
    }
}

/// The longest string in a JSON value, in bytes.
fn longest_string(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(longest_string).max().unwrap_or(0),
        Value::Object(map) => map.values().map(longest_string).max().unwrap_or(0),
        _ => 0,
    }
}

/// A few hand-picked answers, so that the properties above cannot pass by
/// accepting everything or rejecting everything.
#[test]
fn known_answers() {
    let code = |text: &str| rejection(text).map(|(c, _)| c);
    assert_eq!(code("").as_deref(), Some(codes::BAD_JSON));
    assert_eq!(code("{\"type\":").as_deref(), Some(codes::BAD_JSON));
    assert_eq!(code("[]").as_deref(), Some(codes::BAD_MESSAGE));
    // serde reads a tagged enum from an array led by its tag; the protocol
    // takes objects only.
    assert_eq!(code(r#"["hello",1]"#).as_deref(), Some(codes::BAD_MESSAGE));
    assert_eq!(
        code(r#"["command","r1",{"type":"pause"}]"#).as_deref(),
        Some(codes::BAD_MESSAGE)
    );
    assert_eq!(
        code(r#"{"type":"launch","id":"x"}"#).as_deref(),
        Some(codes::UNKNOWN_TYPE)
    );
    assert_eq!(
        code(r#"{"type":"hello","protocol":-1}"#).as_deref(),
        Some(codes::BAD_MESSAGE)
    );
    assert_eq!(
        code(r#"{"type":"hello","protocol":1,"sneaky":true}"#).as_deref(),
        Some(codes::BAD_MESSAGE)
    );
    assert_eq!(
        rejection(r#"{"type":"join","id":"j7","code":"c"}"#),
        Some((codes::BAD_MESSAGE.to_owned(), Some("j7".to_owned())))
    );
    let deep = format!(
        r#"{{"type":"command","id":"d","command":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(code(&deep).as_deref(), Some(codes::BAD_JSON));
    assert_eq!(
        decode(r#"{"type":"hello","protocol":1}"#),
        Ok(ClientMsg::Hello {
            protocol: 1,
            client: String::new()
        })
    );
}

/// An unknown field is refused everywhere, as docs/protocol.md promises, on
/// the field-less actions, rulings and observer modes too (serde ignores
/// unknown fields on an internally tagged enum's unit variants, so these are
/// empty struct variants).
#[test]
fn unit_actions_refuse_unknown_fields() {
    let mut accepted = Vec::new();
    let mut texts: Vec<String> = UNIT_ACTIONS
        .iter()
        .map(|a| format!(r#"{{"type":"command","id":"u","command":{{"type":"{a}","zz":1}}}}"#))
        .collect();
    texts.push(
        r#"{"type":"command","id":"r","command":{"type":"rule_action","action":"A1","ruling":{"kind":"accept","zz":1}}}"#.to_owned(),
    );
    texts.push(
        r#"{"type":"create_session","id":"c","admin_token":"t","scenario":"s","observers":{"mode":"public","zz":1}}"#.to_owned(),
    );
    for text in texts {
        if rejection(&text).map(|(c, _)| c).as_deref() != Some(codes::BAD_MESSAGE) {
            accepted.push(text);
        }
    }
    assert!(
        accepted.is_empty(),
        "accepted with unknown fields: {accepted:#?}"
    );
}
