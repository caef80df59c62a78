//! The scenario validator, kept as data: each case of `validator.toml` edits a
//! scenario of `tests/data/` and lists every problem `Scenario::parse` must
//! report, with its line, place and message — and nothing more, so that a
//! typo that cascades into follow-on problems fails. And every good scenario
//! (those that ship, and the tests' own) reads exactly as a whole-file read
//! would, with no problem.

use brink_engine::Scenario;
use brink_engine::scenario::ScenarioDef;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case shows.
    about: String,
    /// A file of `tests/data/`, without `.toml`.
    scenario: String,
    /// Each: the first occurrence of the first string is replaced by the second.
    edits: Vec<(String, String)>,
    /// Every problem, in order.
    problem: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// None: the problem has no position.
    line: Option<usize>,
    /// When given, the column too.
    column: Option<usize>,
    place: String,
    message: String,
}

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{name}.toml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_case_reports_exactly_its_problems() {
    let cases: Cases = toml::from_str(include_str!("validator.toml")).expect("validator.toml");
    for case in &cases.case {
        let mut text = data(&case.scenario);
        for (from, to) in &case.edits {
            assert!(
                text.contains(from.as_str()),
                "{}: {} no longer has {from:?}",
                case.about,
                case.scenario
            );
            text = text.replacen(from.as_str(), to, 1);
        }
        let err = Scenario::parse("case.toml", &text)
            .expect_err(&format!("{}: the edits are refused", case.about));
        let shown = err.to_string();
        assert_eq!(
            err.problems.len(),
            case.problem.len(),
            "{}: these problems, no more, no fewer:\n{shown}",
            case.about
        );
        for (found, expected) in err.problems.iter().zip(&case.problem) {
            let at = found.position;
            assert_eq!(
                (found.place.as_str(), found.message.as_str()),
                (expected.place.as_str(), expected.message.as_str()),
                "{}:\n{shown}",
                case.about
            );
            assert_eq!(
                at.map(|p| p.line),
                expected.line,
                "{}: the line of {expected:?}:\n{shown}",
                case.about
            );
            if let Some(column) = expected.column {
                assert_eq!(
                    at.map(|p| p.column),
                    Some(column),
                    "{}: the column of {expected:?}:\n{shown}",
                    case.about
                );
            }
            assert!(
                !found.fix.is_empty(),
                "{}: a fix for {expected:?}",
                case.about
            );
        }
    }
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn good_scenarios_read_piece_by_piece_as_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = toml_files(&root.join("../scenarios"));
    assert!(files.len() >= 2, "the shipped scenarios: {files:?}");
    files.extend(toml_files(&root.join("tests/data")));
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let name = file.display().to_string();
        let scenario = Scenario::parse(&name, &text).unwrap_or_else(|e| panic!("{e}"));
        let whole: ScenarioDef = toml::from_str(&text).expect("reads whole");
        assert_eq!(*scenario, whole, "{name}");
    }
}
