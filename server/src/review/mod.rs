//! The after-action review over a session's log: replay from any
//! perspective, exports, the report, and the prefix a fork keeps. Pure
//! functions of the session and its log, so that they are tested without a
//! network; the session actor calls them and the connection sends the answer.
//!
//! Who may see what is the engine's to say: every perspective goes through
//! `brink_engine::replay` (authority, points) and `redact`/`view` (content),
//! the same path the live streams take.

pub mod export;
mod report;
mod story;
mod summary;

use brink_engine::replay::{self, Point};
use brink_engine::{Recorded, RejectCode, Rejection, Session, Viewer};
use brink_protocol::{ExportFormat, MAX_DOCUMENT_PART, ReportFormat, ServerMsg, StreamEvent};

/// Most bytes of events one replay page carries (the view comes on top).
const MAX_PAGE_BYTES: usize = 256 * 1024;

/// What a review request asks for, once its credential is checked.
#[derive(Debug, Clone)]
pub enum Request {
    /// A replay page.
    Replay {
        /// Whose stream.
        perspective: Viewer,
        /// Events after this point.
        from: Option<Point>,
        /// Up to this point.
        to: Option<Point>,
        /// Whether to send the view at `to`.
        view: bool,
    },
    /// An export.
    Export {
        /// The format.
        format: ExportFormat,
        /// Whose stream (default: the requester's own).
        perspective: Option<Viewer>,
    },
    /// The report.
    Report {
        /// The format.
        format: ReportFormat,
    },
}

/// Answers `request` from `requester` about session `id`: the messages to
/// send, in order, or why it is refused.
pub fn answer(
    id: &str,
    request_id: &str,
    game: &Session,
    log: &[Recorded],
    requester: &Viewer,
    request: &Request,
) -> Result<Vec<ServerMsg>, Rejection> {
    match request {
        Request::Replay {
            perspective,
            from,
            to,
            view,
        } => Ok(vec![replay_page(
            id,
            request_id,
            game,
            log,
            requester,
            perspective,
            *from,
            *to,
            *view,
        )?]),
        Request::Export {
            format,
            perspective,
        } => {
            let perspective = perspective.clone().unwrap_or_else(|| requester.clone());
            check_perspective(game, requester, &perspective)?;
            let log = replay::visible_log(game.state(), requester, &perspective, log)?;
            let seen = |r: &Recorded| replay::redact_for(game.state(), requester, &perspective, r);
            let text = match format {
                ExportFormat::Jsonl => export::jsonl(log, &seen),
                ExportFormat::Csv => export::csv(game, log, &seen),
            };
            let ext = match format {
                ExportFormat::Jsonl => "jsonl",
                ExportFormat::Csv => "csv",
            };
            Ok(document(
                request_id,
                &format!(
                    "brink-{}-{}.{ext}",
                    short(id),
                    perspective_name(&perspective)
                ),
                &text,
            ))
        }
        Request::Report { format } => {
            if *requester != Viewer::Umpire && !game.state().declassified {
                return Err(Rejection::new(
                    RejectCode::PerspectiveForbidden,
                    "the report shows every side's secrets: it is the umpire's, and everyone's once the game has ended and the umpire declassifies it",
                ));
            }
            let story = story::Story::tell(id, game, log);
            let (text, ext) = match format {
                ReportFormat::Html => (report::html(&story), "html"),
                ReportFormat::Md => (report::markdown(&story), "md"),
            };
            Ok(document(
                request_id,
                &format!("brink-{}-report.{ext}", short(id)),
                &text,
            ))
        }
    }
}

/// One page of a replay.
#[allow(clippy::too_many_arguments)]
fn replay_page(
    id: &str,
    request_id: &str,
    game: &Session,
    full: &[Recorded],
    requester: &Viewer,
    perspective: &Viewer,
    from: Option<Point>,
    to: Option<Point>,
    want_view: bool,
) -> Result<ServerMsg, Rejection> {
    check_perspective(game, requester, perspective)?;
    let log = replay::visible_log(game.state(), requester, perspective, full)?;
    let limited = |r: Rejection| replay::beyond_horizon(r, log.len());
    let limits = log.len() < full.len();
    let point_cut = |point: Point| {
        replay::cut(log, perspective, point).map_err(|r| if limits { limited(r) } else { r })
    };
    let to_cut = point_cut(to.unwrap_or(Point::End))?;
    let from_cut = point_cut(from.unwrap_or(Point::Start))?;
    if from_cut > to_cut {
        return Err(Rejection::new(
            RejectCode::BadRange,
            "the replay's from point comes after its to point; swap them",
        ));
    }
    let from_seq = replay::seq_at(log, perspective, from_cut);
    let to_seq = replay::seq_at(log, perspective, to_cut);
    let mut events = Vec::new();
    let mut bytes = 0;
    let mut more = false;
    let visible = log[from_cut..to_cut]
        .iter()
        .filter_map(|r| replay::redact_for(game.state(), requester, perspective, r));
    for (seq, event) in (from_seq + 1..).zip(visible) {
        let event = StreamEvent { seq, event };
        bytes += serde_json::to_vec(&event).map_or(0, |v| v.len());
        if !events.is_empty()
            && (bytes > MAX_PAGE_BYTES || events.len() >= brink_engine::limits::MAX_REPLAY_EVENTS)
        {
            more = true;
            break;
        }
        events.push(event);
    }
    let view = want_view.then(|| {
        Box::new(replay::view_at(
            game.shared_scenario(),
            log,
            to_cut,
            perspective,
        ))
    });
    Ok(ServerMsg::Replay {
        id: request_id.to_owned(),
        session: id.to_owned(),
        perspective: perspective.clone(),
        from: from_seq,
        to: to_seq,
        end: replay::seq_at(log, perspective, log.len()),
        ended: game.state().phase == brink_engine::Phase::Ended,
        events,
        more,
        view,
    })
}

/// Refuses a perspective that is not the scenario's, or that `requester` may
/// not replay.
fn check_perspective(
    game: &Session,
    requester: &Viewer,
    perspective: &Viewer,
) -> Result<(), Rejection> {
    if let Viewer::Side(side) = perspective
        && game.scenario().side(side).is_none()
    {
        let sides: Vec<&str> = game
            .scenario()
            .sides
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        return Err(Rejection::new(
            RejectCode::UnknownSide,
            format!(
                "there is no side {side} in this session; the perspectives are umpire, observer (the public one), {}",
                sides.join(", ")
            ),
        ));
    }
    replay::may_replay(game.state(), requester, perspective)
}

/// A document split into parts that each fit a WebSocket message.
fn document(request_id: &str, name: &str, text: &str) -> Vec<ServerMsg> {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let mut end = rest.len().min(MAX_DOCUMENT_PART);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (part, tail) = rest.split_at(end);
        rest = tail;
        parts.push(ServerMsg::Document {
            id: request_id.to_owned(),
            name: name.to_owned(),
            part: u32::try_from(parts.len()).unwrap_or(u32::MAX),
            last: rest.is_empty(),
            text: part.to_owned(),
        });
        if rest.is_empty() {
            return parts;
        }
    }
}

/// The first part of a session id, for file names.
fn short(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// A perspective's name in file names and text: `umpire`, `public`, a side's id.
pub fn perspective_name(perspective: &Viewer) -> String {
    match perspective {
        Viewer::Umpire => "umpire".into(),
        Viewer::Observer => "public".into(),
        Viewer::Side(side) => side.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_engine::{Action, Actor, Command, JoinRole, OrderItem, PlayerId, SeatId};

    /// A 1962 game whose US orders `action` in turn 1 and which then ends.
    fn played(action: &str) -> (Session, Vec<Recorded>) {
        let scenario = crate::catalog::Catalog::built_in()
            .ok()
            .and_then(|c| c.get("cuban-missile-crisis-1962"))
            .expect("the 1962 scenario");
        let mut game = Session::new(scenario);
        let mut log = Vec::new();
        let mut run = |game: &mut Session, actor: Actor, command: Command| {
            let events = game.decide(&actor, &command, 1_000).expect("allowed");
            for e in events {
                game.apply(&e);
                log.push(e);
            }
        };
        let umpire = || Actor::Player(PlayerId::nth(1));
        let us = || Actor::Player(PlayerId::nth(2));
        run(
            &mut game,
            Actor::System,
            Command::Create {
                seed: 7,
                observers: Default::default(),
                title: None,
            },
        );
        for (role, seat) in [
            (JoinRole::Umpire, None),
            (JoinRole::Side("us".into()), Some("president")),
        ] {
            let join = Command::Join {
                name: seat.unwrap_or("Moderator").into(),
                role,
                seat: seat.map(SeatId::from),
            };
            run(&mut game, Actor::System, join);
        }
        run(&mut game, umpire(), Command::Act(Action::StartGame {}));
        run(
            &mut game,
            umpire(),
            Command::Act(Action::Advance { force: false }),
        );
        let order = OrderItem::Strategic {
            action: action.into(),
        };
        run(&mut game, us(), Command::Act(Action::AddOrder { order }));
        run(&mut game, us(), Command::Act(Action::SubmitOrders {}));
        run(
            &mut game,
            umpire(),
            Command::Act(Action::Advance { force: true }),
        );
        run(&mut game, umpire(), Command::Act(Action::Publish {}));
        let end = Action::EndGame {
            verdict: "Stopped for the seminar.".into(),
        };
        run(&mut game, umpire(), Command::Act(end));
        (game, log)
    }

    #[test]
    fn the_report_marks_where_the_game_left_history() {
        let (game, log) = played("air_strike");
        let story = story::Story::tell("s", &game, &log);
        let first = story
            .timeline
            .iter()
            .find(|r| r.turn == Some(1))
            .expect("turn 1's row");
        assert!(
            first
                .divergences
                .iter()
                .any(|d| d.contains("which history never saw")),
            "{:?}",
            first.divergences
        );
        // A move history also made, on another day, is marked with both days.
        let (game, log) = played("quarantine");
        let story = story::Story::tell("s", &game, &log);
        let quarantine = story
            .timeline
            .iter()
            .find(|r| r.turn == Some(1))
            .expect("row");
        assert!(
            quarantine.divergences.is_empty(),
            "{:?}",
            quarantine.divergences
        );
        let speech = story
            .timeline
            .iter()
            .find(|r| r.date == "1962-10-22")
            .expect("the 22nd");
        assert_eq!(
            speech.divergences,
            [
                "United States (ExComm): Declare a naval quarantine of Cuba: the game did it on 1962-10-16, history on 1962-10-22"
            ],
            "and history's other move that day is not yet due"
        );
        let html = report::html(&story);
        assert!(html.contains("Stopped for the seminar."));
    }

    #[test]
    fn a_document_is_cut_into_parts_that_join_up() {
        let text = "é".repeat(MAX_DOCUMENT_PART);
        let parts = document("r", "f.txt", &text);
        assert!(parts.len() >= 2);
        let joined: String = parts
            .iter()
            .map(|p| match p {
                ServerMsg::Document { text, .. } => text.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(joined, text);
        assert!(matches!(
            parts.last(),
            Some(ServerMsg::Document { last: true, .. })
        ));
        assert!(matches!(
            document("r", "f", "").as_slice(),
            [ServerMsg::Document { last: true, .. }]
        ));
    }
}
