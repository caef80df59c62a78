//! `brink-server check-scenario`: every scenario under `scenarios/` passes, and
//! a broken copy is refused with the file, the line, the place and the fix of
//! every problem, one problem a mistake.

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

/// Whether `out` reports, for `file`, a problem (at some line and column)
/// whose place, message and fix begin with `said`.
fn reports(out: &str, file: &Path, said: &str) -> bool {
    let file = format!("  {}:", file.display());
    out.lines().any(|line| {
        line.strip_prefix(&file)
            .and_then(|rest| rest.split_once(": "))
            .is_some_and(|(at, rest)| {
                at.split(':').all(|n| n.parse::<usize>().is_ok()) && rest.starts_with(said)
            })
    })
}

/// The line (from 1) of the first `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("the text has it");
    text[..at].matches('\n').count() + 1
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
    assert!(out.contains(&format!("{}:8:", syntax.display())), "{out}");
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
    for expected in [
        "zones[0] (soviet_ports): it is next to zone mid_atlantik, which is not on the map (did you mean mid_atlantic?) — list ids of [[zones]] in `adjacent`",
        "units[1] (poltava): unit id \"poltava\" is not a valid, unique id",
        "units[10] (destroyers_east): it starts in zone us_port, which is not on the map (did you mean us_ports?) — set `start` to the id of one of the [[zones]]",
        "units[3] (aleksandrovsk): it carries warheadz, which is not one of the [[cargoes]] (did you mean warheads?)",
        "contacts[0]: there is no stance press_onn (did you mean press_on?) — name stances of the [[stances]]",
    ] {
        assert!(
            reports(&out, &map, expected),
            "missing {expected:?} in:\n{out}"
        );
    }
    // The misspelt neighbour does not also cut the map in two.
    assert!(!out.contains("cannot be reached"), "{out}");
    assert!(out.contains("has 5 problem(s)"), "one a mistake: {out}");
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
    for expected in [
        "actions[2] (quarantine): `at_most = 5` is outside track quarantine (0..1) — give a bound within the track's range",
        "actions[3] (air_strike).modifiers[0]: `at_most = 0` is outside track defcon (1..5)",
        "each_turn[1]: `at_most = 130` is outside track khrushchev_standing (0..100)",
        "accident.chances: a step at 175 is outside track risk (0..100) — give every `at_least` within the track's range",
        "actions[13] (turn_ships_back): there is no track khrushchev_standin (did you mean khrushchev_standing?) — name one of the [[tracks]]",
        // Too far from any track to guess.
        "injects[7]: there is no track khrushchev — name one of the [[tracks]]",
    ] {
        assert!(
            reports(&out, &path, expected),
            "missing {expected:?} in:\n{out}"
        );
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

#[test]
fn two_mistakes_in_two_tables_are_both_reported_each_with_its_line() {
    let (dir, text) = workbench("lines");
    // A type error (a misspelt zone kind) and an unknown id (a misspelt
    // track), far apart in the file: the first no longer stops the reading.
    let kind = "kind = \"open_ocean\"";
    let track = "[accident]\ntrack = \"risk\"";
    assert!(
        text.contains(kind) && text.contains(track),
        "the scenario changed"
    );
    let broken = text.replacen(kind, "kind = \"open_ocen\"", 1).replacen(
        track,
        "[accident]\ntrack = \"riks\"",
        1,
    );
    let path = dir.join("two.toml");
    std::fs::write(&path, &broken).expect("write");
    let (ok, out) = check(std::slice::from_ref(&path));
    assert!(!ok, "refused: {out}");
    let kind_line = line_of(&broken, "kind = \"open_ocen\"");
    let track_line = line_of(&broken, "track = \"riks\"");
    for (line, said) in [
        (
            kind_line,
            ".kind: unknown value `open_ocen` (did you mean `open_ocean`?)",
        ),
        (
            track_line,
            "accident: there is no track riks (did you mean risk?)",
        ),
    ] {
        let at = format!("  {}:{line}:", path.display());
        assert!(
            out.lines().any(|l| l.starts_with(&at) && l.contains(said)),
            "missing line {line}: {said:?} in:\n{out}"
        );
    }
    assert!(
        out.contains("has 2 problem(s)"),
        "no more than the two: {out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
