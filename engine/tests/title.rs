//! A session's title: given at creation (or the scenario's), renamed by the
//! umpire alone, public to every viewer, kept in the log so that a fold
//! again gives it back — and logs from before titles replay byte for byte.

use brink_engine::{
    Action, Actor, Command, Event, JoinRole, RejectCode, Scenario, Session, SideId, Viewer,
    limits::MAX_TITLE_CHARS,
};
use std::sync::Arc;

mod common;
use common::{Game, TINY, join};

/// A session with an umpire (p1), a Red chief (p2) and an observer (p3).
fn game() -> Game {
    Game::with(
        7,
        0,
        &[
            (JoinRole::Umpire, None),
            (JoinRole::Side(SideId::from("red")), Some("chief")),
            (JoinRole::Observer, None),
        ],
    )
}

/// Every viewer of the tiny scenario.
fn viewers() -> [Viewer; 4] {
    [
        Viewer::Umpire,
        Viewer::Side(SideId::from("red")),
        Viewer::Side(SideId::from("blue")),
        Viewer::Observer,
    ]
}

fn fresh() -> Session {
    Session::new(Arc::new(Scenario::parse("tiny.toml", TINY).expect("valid")))
}

fn create(title: Option<&str>) -> Command {
    Command::Create {
        seed: 7,
        observers: Default::default(),
        title: title.map(str::to_owned),
    }
}

fn set_title(title: &str) -> Action {
    Action::SetTitle {
        title: title.to_owned(),
    }
}

#[test]
fn a_title_given_at_creation_is_the_sessions_for_every_viewer() {
    let mut session = fresh();
    let events = session
        .decide(
            &Actor::System,
            &create(Some("  Monday seminar, group B ")),
            0,
        )
        .expect("created");
    let [created] = events.as_slice() else {
        panic!("one event: {events:?}")
    };
    assert_eq!(
        created.event,
        Event::SessionCreated {
            scenario: "tiny".into(),
            seed: 7,
            observers: Default::default(),
            title: Some("Monday seminar, group B".into()),
        },
        "the title is recorded trimmed"
    );
    session.apply(created);
    assert_eq!(session.title(), "Monday seminar, group B");
    for viewer in viewers() {
        assert_eq!(
            session.view(&viewer).title.as_deref(),
            Some("Monday seminar, group B"),
            "{viewer:?}"
        );
    }
}

#[test]
fn without_a_title_the_session_goes_by_the_scenarios_and_old_logs_replay_byte_for_byte() {
    let g = game();
    assert_eq!(g.session.title(), "Tiny");
    assert_eq!(g.session.view(&Viewer::Observer).title, None);
    let json = serde_json::to_string(&g.log[0]).expect("json");
    assert!(!json.contains("title"), "{json}");
    // A session_created line written before sessions had titles.
    let old = r#"{"seq":1,"at_ms":0,"turn":0,"phase":"lobby","actor":null,"visibility":"umpire","event":{"type":"session_created","scenario":"tiny","seed":7}}"#;
    let recorded: brink_engine::Recorded = serde_json::from_str(old).expect("old line");
    assert_eq!(recorded, g.log[0]);
    assert_eq!(serde_json::to_string(&recorded).expect("json"), old);
    assert!(!g.view_json(&Viewer::Umpire).contains("\"title\":null"));
}

#[test]
fn the_umpire_renames_the_session_and_everyone_sees_it() {
    let mut g = game();
    let events = g.ok(1, set_title("Monday seminar, group B"));
    assert_eq!(
        events,
        [Event::TitleSet {
            title: "Monday seminar, group B".into()
        }]
    );
    let recorded = g.log.last().expect("recorded");
    assert_eq!(recorded.visibility, brink_engine::Visibility::Public);
    for viewer in viewers() {
        assert!(
            brink_engine::redact(recorded, &viewer).is_some(),
            "{viewer:?}"
        );
        assert_eq!(
            g.session.view(&viewer).title.as_deref(),
            Some("Monday seminar, group B")
        );
    }
    assert_eq!(g.session.title(), "Monday seminar, group B");

    // The same title again changes nothing and records nothing.
    assert_eq!(g.ok(1, set_title(" Monday seminar, group B")), []);
    // A new one replaces it, and the log folds again to the same state.
    g.ok(1, set_title("Group B, week 2"));
    let mut again = fresh();
    for r in &g.log {
        again.apply(r);
    }
    assert_eq!(again.title(), "Group B, week 2");
    assert_eq!(again.state(), g.session.state());
}

#[test]
fn only_the_umpire_renames_and_only_to_one_line_of_limited_length() {
    let mut g = game();
    g.refused(2, set_title("Red's game now"), RejectCode::Forbidden);
    g.refused(3, set_title("The audience's game"), RejectCode::Forbidden);
    g.refused(1, set_title(" \t "), RejectCode::EmptyText);
    g.refused(1, set_title("Group B\nweek 2"), RejectCode::BadText);
    g.refused(1, set_title("Group B\u{7}"), RejectCode::BadText);
    g.refused(1, set_title("\u{202E}B puorG"), RejectCode::BadText);
    let long = "x".repeat(MAX_TITLE_CHARS + 1);
    g.refused(1, set_title(&long), RejectCode::TextTooLong);
    let longest = "é".repeat(MAX_TITLE_CHARS);
    assert_eq!(
        g.ok(1, set_title(&longest)),
        [Event::TitleSet { title: longest }]
    );
}

#[test]
fn a_creation_with_a_bad_title_creates_nothing() {
    for (title, code) in [
        ("   ", RejectCode::EmptyText),
        ("two\nlines", RejectCode::BadText),
        (&*"y".repeat(MAX_TITLE_CHARS + 1), RejectCode::TextTooLong),
    ] {
        let session = fresh();
        let refused = session
            .decide(&Actor::System, &create(Some(title)), 0)
            .expect_err("refused");
        assert_eq!(refused.code, code, "{title:?}");
    }
}

#[test]
fn the_umpire_renames_while_paused_and_after_the_end() {
    let mut g = game();
    g.ok(1, Action::StartGame {});
    g.ok(1, Action::Pause {});
    g.ok(1, set_title("Paused for lunch"));
    g.ok(
        1,
        Action::EndGame {
            verdict: "Talks continue.".into(),
        },
    );
    g.ok(1, set_title("Group B, archived"));
    assert_eq!(
        g.session.view(&Viewer::Observer).title.as_deref(),
        Some("Group B, archived")
    );
    // Joining later, a player's view carries it too.
    g.system(join(JoinRole::Side(SideId::from("blue")), Some("chief")));
    assert_eq!(
        g.session
            .view(&Viewer::Side(SideId::from("blue")))
            .title
            .as_deref(),
        Some("Group B, archived")
    );
}
