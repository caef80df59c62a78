//! `brink-server check-scenario`: every scenario under `scenarios/` passes, and
//! a broken copy is refused with the file, the place and the fix.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    files
}

fn check(files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_brink-server"))
        .arg("check-scenario")
        .args(files)
        .output()
        .expect("brink-server runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A fresh directory for broken copies, and the 1962 scenario's text to break.
fn workbench(label: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("brink-check-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = scenarios()
        .into_iter()
        .find(|p| p.ends_with("cuban-missile-crisis-1962.toml"))
        .expect("the 1962 scenario");
    (dir, std::fs::read_to_string(file).expect("scenario"))
}

#[test]
fn every_shipped_scenario_passes() {
    let files = scenarios();
    assert!(!files.is_empty());
    let (ok, out) = check(&files);
    assert!(ok, "{out}");
    assert!(
        out.contains("cuban-missile-crisis-1962: 2 sides, 13 turns"),
        "{out}"
    );
    assert!(out.contains("berlin-1961: 2 sides, 4 turns"), "{out}");
}

#[test]
fn a_broken_scenario_is_refused_naming_file_place_and_fix() {
    let (dir, text) = workbench("base");
    let syntax = dir.join("syntax.toml");
    std::fs::write(&syntax, text.replacen("title = \"", "title = ", 1)).expect("write");
    let leaders = dir.join("leaders.toml");
    std::fs::write(&leaders, text.replace("leader = true", "leader = false")).expect("write");

    let (ok, out) = check(&[syntax.clone(), leaders.clone()]);
    assert!(!ok);
    assert!(
        out.contains(&format!("{}: line 8, column ", syntax.display())),
        "{out}"
    );
    assert!(
        out.contains("sides[0] (us).seats: side us has 0 leader seats"),
        "{out}"
    );
    assert!(out.contains("sides[1] (ussr).seats"), "{out}");
    assert!(
        out.contains("mark exactly one seat of each side with leader = true"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_broken_map_is_refused_naming_every_problem() {
    let (dir, text) = workbench("map");
    let broken = text
        .replacen(
            "adjacent = [\"mid_atlantic\"]",
            "adjacent = [\"mid_atlantik\"]",
            1,
        )
        .replacen("start = \"us_ports\"", "start = \"us_port\"", 1)
        .replacen("id = \"kimovsk\"", "id = \"poltava\"", 1)
        .replacen("other = \"press_on\"", "other = \"press_onn\"", 1)
        .replacen("cargo = \"warheads\"", "cargo = \"warheadz\"", 1);
    let map = dir.join("map.toml");
    std::fs::write(&map, broken).expect("write");
    let (ok, out) = check(std::slice::from_ref(&map));
    assert!(!ok);
    let place = |p: &str| format!("{}: {p}", map.display());
    for expected in [
        place(
            "zones[0] (soviet_ports): it is next to zone mid_atlantik, which is not on the map — list ids of [[zones]] in `adjacent`",
        ),
        place(
            "zones[1] (mid_atlantic): zone mid_atlantic cannot be reached from zone soviet_ports — connect it to the rest of the map with `adjacent`",
        ),
        place("units[1] (poltava): unit id \"poltava\" is not a valid, unique id"),
        place(
            "units[10] (destroyers_east): it starts in zone us_port, which is not on the map — set `start` to the id of one of the [[zones]]",
        ),
        place("units[3] (aleksandrovsk): it carries warheadz, which is not one of the [[cargoes]]"),
        place("contacts[0]: there is no stance press_onn — name stances of the [[stances]]"),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in:\n{out}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bounds_outside_a_track_and_unknown_tracks_are_refused_wherever_conditions_are() {
    let (dir, text) = workbench("bounds");
    let edits = [
        // A precondition, a modifier, an each-turn condition and an accident
        // step that can never (or always) hold: each outside its track's range.
        (
            "requires = [{ track = \"quarantine\", at_most = 0 }]",
            "requires = [{ track = \"quarantine\", at_most = 5 }]",
        ),
        (
            "modifiers = [{ track = \"defcon\", at_most = 3, by = 1 }]",
            "modifiers = [{ track = \"defcon\", at_most = 0, by = 1 }]",
        ),
        (
            "when = [{ track = \"khrushchev_standing\", at_most = 30 }]",
            "when = [{ track = \"khrushchev_standing\", at_most = 130 }]",
        ),
        (
            "{ at_least = 75, percent = 35 }",
            "{ at_least = 175, percent = 35 }",
        ),
        // Tracks that do not exist, in a precondition and an inject's condition.
        (
            "requires = [{ track = \"khrushchev_standing\", at_least = 25 }]",
            "requires = [{ track = \"khrushchev_standin\", at_least = 25 }]",
        ),
        (
            "when = [{ track = \"khrushchev_standing\", at_most = 40 }]",
            "when = [{ track = \"khrushchev\", at_most = 40 }]",
        ),
    ];
    let mut broken = text.clone();
    for (from, to) in edits {
        assert!(broken.contains(from), "the scenario no longer has {from}");
        broken = broken.replacen(from, to, 1);
    }
    let path = dir.join("bounds.toml");
    std::fs::write(&path, broken).expect("write");
    let (ok, out) = check(std::slice::from_ref(&path));
    assert!(!ok);
    let place = |p: &str| format!("{}: {p}", path.display());
    for expected in [
        place(
            "actions[2] (quarantine): `at_most = 5` is outside track quarantine (0..1) — give a bound within the track's range",
        ),
        place("actions[3] (air_strike).modifiers[0]: `at_most = 0` is outside track defcon (1..5)"),
        place("each_turn[1]: `at_most = 130` is outside track khrushchev_standing (0..100)"),
        place(
            "accident.chances: a step at 175 is outside track risk (0..100) — give every `at_least` within the track's range",
        ),
        place(
            "actions[13] (turn_ships_back): there is no track khrushchev_standin — name one of the [[tracks]]",
        ),
        place("injects[4]: there is no track khrushchev — name one of the [[tracks]]"),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        out.contains("has 6 problem(s)"),
        "one problem for each edit, no more: {out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_broken_timeline_is_refused_naming_every_problem() {
    let (dir, text) = workbench("timeline");
    let broken = text
        .replacen(
            "moves = [{ side = \"us\", action = \"un_presentation\" }]",
            "moves = [{ side = \"us\", action = \"turn_ships_back\" }]",
            1,
        )
        .replacen(
            "moves = [{ side = \"ussr\", action = \"announce_withdrawal\" }]",
            "moves = [{ side = \"cuba\", terms = [\"cuba_annexed\"] }]",
            1,
        );
    let timeline = dir.join("timeline.toml");
    std::fs::write(&timeline, broken).expect("write");
    let (ok, out) = check(std::slice::from_ref(&timeline));
    assert!(!ok);
    for expected in [
        ".moves[0]: us has no strategic action turn_ships_back — name an action of the side's menu",
        ".moves[0]: there is no side cuba — name a side of the scenario's [[sides]]",
        ".moves[0]: there is no term cuba_annexed — name a term of the scenario's [[terms]]",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
