//! Engine tests kept as data: every file in `tests/scripts/` is a scripted game
//! — a scenario, a seed, the players, and steps, each a command with what it
//! must record (event types in order) or the code it must be refused with (and
//! text its message must contain), and
//! what each viewer must see (a part of its view) or must never see (text
//! absent from its view and from every event it has received). Refusals must
//! change nothing, and at the end the log must fold again to the same state,
//! byte for byte. The format is described in `tests/scripts/README.md`.

use brink_engine::{
    Action, Actor, Command, JoinRole, PlayerId, Recorded, Scenario, SeatId, Session, Viewer, redact,
};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

mod common;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    /// What the script shows.
    about: String,
    /// A file in `tests/data/` (without `.toml`), or `scenarios/NAME`.
    scenario: String,
    seed: u64,
    /// `umpire`, `observer` or `SIDE/SEAT`, joining as p1, p2, ... in order.
    players: Vec<String>,
    #[serde(rename = "step")]
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    /// Who acts: one of `players`.
    by: String,
    /// The command, as the protocol's `command` object.
    #[serde(rename = "do")]
    action: toml::Value,
    /// The event types it must record, in order.
    events: Option<Vec<String>>,
    /// The code it must be refused with.
    refused: Option<String>,
    /// With `refused`: text the refusal's message must contain.
    message_contains: Option<String>,
    /// After the step: a part of each named viewer's view (`umpire`,
    /// `observer` or a side): objects match key by key, and each element of
    /// an array must match some element of the view's (an empty array: none);
    /// `"(none)"` stands for null.
    #[serde(default)]
    views: BTreeMap<String, toml::Value>,
    /// After the step: text that must appear nowhere in each named viewer's
    /// view or received events.
    #[serde(default)]
    hidden: BTreeMap<String, Vec<String>>,
    /// After the step: text that must appear in each named viewer's view or
    /// received events.
    #[serde(default)]
    shown: BTreeMap<String, Vec<String>>,
}

fn viewer(name: &str) -> Viewer {
    match name {
        "umpire" => Viewer::Umpire,
        "observer" => Viewer::Observer,
        side => Viewer::Side(side.into()),
    }
}

/// Whether `actual` holds everything `expected` says, as described on [`Step::views`].
/// TOML has no null: the string `"(none)"` stands for null or a missing key.
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::Null) if e == NONE => true,
        (Value::Object(e), Value::Object(a)) => e.iter().all(|(k, v)| match a.get(k) {
            Some(av) => matches(v, av),
            None => v.as_str() == Some(NONE),
        }),
        (Value::Array(e), Value::Array(a)) if e.is_empty() => a.is_empty(),
        (Value::Array(e), Value::Array(a)) => e.iter().all(|ev| a.iter().any(|av| matches(ev, av))),
        _ => expected == actual,
    }
}

const NONE: &str = "(none)";

fn json(value: &toml::Value) -> Value {
    serde_json::to_value(value).expect("TOML converts to JSON")
}

fn run(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let script: Script = toml::from_str(&text).map_err(|e| e.to_string())?;
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = match script.scenario.strip_prefix("scenarios/") {
        Some(name) => here.join("../scenarios").join(format!("{name}.toml")),
        None => here
            .join("tests/data")
            .join(format!("{}.toml", script.scenario)),
    };
    let source = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let scenario = Scenario::parse(&script.scenario, &source).map_err(|e| e.to_string())?;
    let scenario = Arc::new(scenario);
    let mut session = Session::new(scenario.clone());
    let mut log: Vec<Recorded> = Vec::new();
    record(
        &mut session,
        &mut log,
        &Actor::System,
        &Command::Create {
            seed: script.seed,
            observers: Default::default(),
            title: None,
        },
    )
    .map_err(|r| r.to_string())?;
    let mut who = BTreeMap::new();
    for (i, label) in script.players.iter().enumerate() {
        let (role, seat) = match label.split_once('/') {
            Some((side, seat)) => (JoinRole::Side(side.into()), Some(SeatId::from(seat))),
            None if label == "umpire" => (JoinRole::Umpire, None),
            None => (JoinRole::Observer, None),
        };
        // "observer" is a word only the umpire may take as a name.
        let name = if label == "observer" {
            "The class".to_owned()
        } else {
            label.clone()
        };
        let join = Command::Join { role, name, seat };
        record(&mut session, &mut log, &Actor::System, &join)
            .map_err(|r| format!("{label}: {r}"))?;
        who.insert(
            label.clone(),
            PlayerId::nth(u32::try_from(i + 1).unwrap_or(0)),
        );
    }
    for (n, step) in script.steps.iter().enumerate() {
        let at = format!("step {} ({} does {})", n + 1, step.by, json(&step.action));
        let player = who
            .get(&step.by)
            .ok_or(format!("{at}: no player {}", step.by))?;
        let action: Action =
            serde_json::from_value(json(&step.action)).map_err(|e| format!("{at}: {e}"))?;
        if step.message_contains.is_some() && step.refused.is_none() {
            return Err(format!(
                "{at}: `message_contains` is for refusals; give `refused` too"
            ));
        }
        let before = serde_json::to_string(session.state()).map_err(|e| e.to_string())?;
        let got = record(
            &mut session,
            &mut log,
            &Actor::Player(player.clone()),
            &Command::Act(action),
        );
        match (&got, &step.refused) {
            (Ok(events), None) => {
                if let Some(expected) = &step.events {
                    let types: Vec<String> = events.iter().map(|r| json_type(&r.event)).collect();
                    if &types != expected {
                        return Err(format!("{at}: recorded {types:?}, expected {expected:?}"));
                    }
                }
            }
            (Err(r), Some(code)) => {
                if r.code.as_str() != code {
                    return Err(format!("{at}: refused {r}, expected {code}"));
                }
                if let Some(command) = common::slash_command(&r.message) {
                    return Err(format!(
                        "{at}: refused {r}: the message names the CLI's {command}; say it in the game's words"
                    ));
                }
                if let Some(text) = &step.message_contains
                    && !r.message.contains(text.as_str())
                {
                    return Err(format!(
                        "{at}: refused {r}, expected a message with {text:?}"
                    ));
                }
                let after = serde_json::to_string(session.state()).map_err(|e| e.to_string())?;
                if after != before {
                    return Err(format!("{at}: a refusal changed the state"));
                }
            }
            (Ok(_), Some(code)) => return Err(format!("{at}: accepted, expected {code}")),
            (Err(r), None) => return Err(format!("{at}: refused: {r}")),
        }
        for (name, expected) in &step.views {
            let view =
                serde_json::to_value(session.view(&viewer(name))).map_err(|e| e.to_string())?;
            if !matches(&json(expected), &view) {
                return Err(format!(
                    "{at}: {name}'s view does not hold {}\nview: {view}",
                    json(expected)
                ));
            }
        }
        for (names, must, expect_present) in
            [(&step.hidden, "never", false), (&step.shown, "", true)]
        {
            for (name, texts) in names {
                let v = viewer(name);
                let mut seen =
                    serde_json::to_string(&session.view(&v)).map_err(|e| e.to_string())?;
                for r in &log {
                    if let Some(s) = redact(r, &v) {
                        seen.push_str(&serde_json::to_string(&s).map_err(|e| e.to_string())?);
                    }
                }
                for text in texts {
                    if seen.contains(text.as_str()) != expect_present {
                        return Err(format!("{at}: {name} must {must} see {text:?}"));
                    }
                }
            }
        }
    }
    // The same log folds to the same state, byte for byte.
    let mut again = Session::new(scenario);
    for r in &log {
        again.apply(r);
    }
    if serde_json::to_string(again.state()).ok() != serde_json::to_string(session.state()).ok() {
        return Err("the log folds again to a different state".into());
    }
    let _ = &script.about;
    Ok(())
}

/// Decides and applies a command, keeping what it records in `log`.
fn record(
    session: &mut Session,
    log: &mut Vec<Recorded>,
    actor: &Actor,
    command: &Command,
) -> Result<Vec<Recorded>, brink_engine::Rejection> {
    let recorded = session.decide(actor, command, 1_000)?;
    for r in &recorded {
        session.apply(r);
    }
    log.extend(recorded.iter().cloned());
    Ok(recorded)
}

fn json_type(event: &brink_engine::Event) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|v| v["type"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn every_script_plays_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/scripts exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scripts in {}", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| run(f).err().map(|e| format!("{}: {e}", f.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_script_that_is_wrong_fails() {
    // The runner itself: a wrong expectation must be caught.
    let dir = std::env::temp_dir().join(format!("brink-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("wrong.toml");
    let script = r#"
about = "a wrong expectation"
scenario = "strait"
seed = 1
players = ["umpire", "red/captain", "blue/admiral"]
[[step]]
by = "umpire"
do = { type = "start_game" }
events = ["game_ended"]
"#;
    std::fs::write(&path, script).expect("write");
    let got = run(&path);
    assert!(got.is_err_and(|e| e.contains("expected [\"game_ended\"]")));
    // A refusal whose message does not say what the script expects.
    let script = r#"
about = "a wrong message"
scenario = "strait"
seed = 1
players = ["umpire", "red/captain", "blue/admiral"]
[[step]]
by = "red/captain"
do = { type = "start_game" }
refused = "forbidden"
message_contains = "only the referee"
"#;
    std::fs::write(&path, script).expect("write");
    let got = run(&path);
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        got.as_ref()
            .is_err_and(|e| e.contains("expected a message with \"only the referee\"")),
        "{got:?}"
    );
}
