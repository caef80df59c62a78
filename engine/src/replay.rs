//! Replay and review over a session's log: points in it (`seq:N`, `turn:N`,
//! `turn:N:PHASE`), each viewer's stream of it, the view any viewer had at any
//! point, who may replay which perspective, where a session may be forked, and
//! how far behind observers follow a delayed session.
//!
//! A perspective's replay is built from [`crate::redact`] and [`crate::View`]
//! like the live stream, so replaying as a side shows exactly what that side's
//! connections were sent, no more and no less.

use crate::event::{Event, Recorded, Seen};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::state::{Phase, State};
use crate::view::{View, Viewer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// How observers follow a session, chosen when it is created.
///
/// The field-less modes are empty struct variants so that a mode with a field
/// it does not have (`{"mode": "public", "turns": 2}`) is refused, not read
/// as `public`; they serialize as `{"mode": "public"}` all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "mode"))]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
pub enum ObserverMode {
    /// Observers see what is public, as it happens.
    Public {},
    /// Observers see the umpire's whole picture, `turns` turns behind: in turn
    /// T, everything up to the moment turn T − `turns` + 1 began.
    Delayed {
        /// How many turns behind, 1 or more.
        turns: u32,
    },
    /// Observers see the umpire's whole picture once the game has ended, and
    /// nothing before.
    AfterEnd {},
}

brink_tagged::tag_first!(ObserverMode, "mode");

/// A moment of the review the umpire shows the class: a perspective, and a
/// point of its own stream (`seq`: after that many of its events; 0, its
/// start). The observers' wall draws that perspective's view there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Whose stream.
    pub perspective: Viewer,
    /// The point in it.
    pub seq: u64,
}

impl Default for ObserverMode {
    fn default() -> Self {
        ObserverMode::Public {}
    }
}

impl ObserverMode {
    /// Whether observers see the public stream live (the default).
    pub fn is_public(&self) -> bool {
        *self == ObserverMode::Public {}
    }
}

/// A point in a session's log, as a viewer names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
#[serde(try_from = "String", into = "String")]
pub enum Point {
    /// Before anything happened.
    Start,
    /// After the Nth event of the viewer's own stream (its `seq`).
    Seq(u64),
    /// The moment before turn N began (its briefing not yet out).
    Turn(u32),
    /// The moment before this phase of this turn began: `turn:3:adjudication`
    /// is turn 3 as it stood when orders closed.
    Phase {
        /// The turn.
        turn: u32,
        /// The phase, `briefing`, `orders` or `adjudication`.
        phase: Phase,
    },
    /// Everything so far.
    End,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Point::Start => f.write_str("start"),
            Point::Seq(n) => write!(f, "seq:{n}"),
            Point::Turn(t) => write!(f, "turn:{t}"),
            Point::Phase { turn, phase } => write!(f, "turn:{turn}:{}", phase.as_str()),
            Point::End => f.write_str("end"),
        }
    }
}

impl From<Point> for String {
    fn from(p: Point) -> Self {
        p.to_string()
    }
}

impl TryFrom<String> for Point {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

const POINT_HELP: &str =
    "name a point as start, end, seq:N, turn:N or turn:N:briefing|orders|adjudication";

impl FromStr for Point {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a point: {POINT_HELP}");
        let number = |n: &str| n.trim().parse::<u64>().map_err(|_| bad());
        let parts: Vec<&str> = s.trim().split(':').collect();
        match parts.as_slice() {
            ["start"] => Ok(Point::Start),
            ["end"] => Ok(Point::End),
            ["seq", n] => Ok(Point::Seq(number(n)?)),
            ["turn", n] => Ok(Point::Turn(turn_number(number(n)?).ok_or_else(bad)?)),
            ["turn", n, phase] => {
                let turn = turn_number(number(n)?).ok_or_else(bad)?;
                let phase = match *phase {
                    "briefing" => Phase::Briefing,
                    "orders" => Phase::Orders,
                    "adjudication" => Phase::Adjudication,
                    _ => return Err(bad()),
                };
                Ok(Point::Phase { turn, phase })
            }
            _ => Err(bad()),
        }
    }
}

fn turn_number(n: u64) -> Option<u32> {
    u32::try_from(n).ok().filter(|t| *t >= 1)
}

/// The log positions (0-based indices into the log) of the events in
/// `viewer`'s stream, in order: the event of stream seq `n` is at `[n - 1]`.
pub fn stream_positions(log: &[Recorded], viewer: &Viewer) -> Vec<usize> {
    log.iter()
        .enumerate()
        .filter(|(_, r)| viewer.may_see(&r.visibility))
        .map(|(i, _)| i)
        .collect()
}

/// Where `point` falls in `log`, as the length of the log prefix before it,
/// for `viewer` (whose own stream numbers `seq:N`). `seq:N` stands just after
/// the viewer's Nth event, so the view there holds nothing it had not been
/// told; turn and phase points stand just before the public change of phase
/// that begins them.
pub fn cut(log: &[Recorded], viewer: &Viewer, point: Point) -> Result<usize, Rejection> {
    match point {
        Point::Start => Ok(0),
        Point::End => Ok(log.len()),
        Point::Seq(0) => Ok(0),
        Point::Seq(n) => {
            let positions = stream_positions(log, viewer);
            let len = positions.len() as u64;
            if n > len {
                return Err(beyond_end(format!(
                    "this stream has {len} events so far, so seq:{n} is beyond its end"
                )));
            }
            // Just after the viewer's nth event: the view there holds nothing
            // the viewer had not been told by then.
            Ok(usize::try_from(n - 1)
                .ok()
                .and_then(|i| positions.get(i))
                .map_or(log.len(), |p| p + 1))
        }
        Point::Turn(turn) => phase_start(log, turn, Phase::Briefing, point),
        Point::Phase { turn, phase } => phase_start(log, turn, phase, point),
    }
}

/// The log prefix before the phase change into `phase` of `turn`.
fn phase_start(
    log: &[Recorded],
    turn: u32,
    phase: Phase,
    point: Point,
) -> Result<usize, Rejection> {
    log.iter()
        .position(|r| {
            matches!(&r.event, Event::PhaseChanged { turn: t, phase: p, .. } if *t == turn && *p == phase)
        })
        .ok_or_else(|| {
            beyond_end(format!(
                "the game has not reached {point} (the moment {} began); replay to end, or to an earlier point",
                if phase == Phase::Briefing {
                    format!("turn {turn}")
                } else {
                    format!("turn {turn}'s {} phase", phase.as_str())
                }
            ))
        })
}

fn beyond_end(message: String) -> Rejection {
    Rejection::new(RejectCode::BeyondEnd, message)
}

/// How many of `viewer`'s events lie in the first `cut` events of `log`: the
/// viewer's stream seq at that point.
pub fn seq_at(log: &[Recorded], viewer: &Viewer, cut: usize) -> u64 {
    log.iter()
        .take(cut)
        .filter(|r| viewer.may_see(&r.visibility))
        .count() as u64
}

/// The session as it stood after the first `cut` events of `log`.
pub fn session_at(scenario: Arc<Scenario>, log: &[Recorded], cut: usize) -> Session {
    let mut session = Session::new(scenario);
    for recorded in log.iter().take(cut) {
        session.apply(recorded);
    }
    session
}

/// What `viewer` saw of the session after the first `cut` events of `log`.
pub fn view_at(scenario: Arc<Scenario>, log: &[Recorded], cut: usize, viewer: &Viewer) -> View {
    session_at(scenario, log, cut).view(viewer)
}

/// Whether `requester` may replay the session from `perspective`: the umpire
/// any; while the game runs, a side its own and the public one, an observer
/// the public one; once the umpire has declassified the ended session,
/// everyone every perspective. An observer of a delayed session may also
/// replay the umpire's perspective, up to its [`observer_horizon`] (see
/// [`visible_log`]).
pub fn may_replay(
    state: &State,
    requester: &Viewer,
    perspective: &Viewer,
) -> Result<(), Rejection> {
    let allowed = match (requester, perspective) {
        (Viewer::Umpire, _) | (_, Viewer::Observer) => true,
        _ if state.declassified => true,
        (Viewer::Side(mine), Viewer::Side(other)) => mine == other,
        (Viewer::Observer, Viewer::Umpire) => !state.observers.is_public(),
        _ => false,
    };
    if allowed {
        return Ok(());
    }
    Err(Rejection::new(
        RejectCode::PerspectiveForbidden,
        match requester {
            Viewer::Side(side) => format!(
                "you may replay your own side's perspective ({side}) and the public one; every perspective opens once the game has ended and the umpire declassifies it"
            ),
            _ => "observers may replay the public perspective; every perspective opens once the game has ended and the umpire declassifies it".to_owned(),
        },
    ))
}

/// The part of `log` that `requester` may replay from `perspective`: all of
/// it, except for an observer of a delayed session replaying the umpire's
/// perspective before the session is declassified, who gets only as far as
/// observers see (so that no length, point or refusal tells it what lies
/// beyond). Nothing released yet is refused: the umpire's view of a session
/// not yet begun would show what the scenario hides.
pub fn visible_log<'l>(
    state: &State,
    requester: &Viewer,
    perspective: &Viewer,
    log: &'l [Recorded],
) -> Result<&'l [Recorded], Rejection> {
    if *requester != Viewer::Observer || *perspective != Viewer::Umpire || state.declassified {
        return Ok(log);
    }
    let horizon = usize::try_from(observer_horizon(state).unwrap_or(0)).unwrap_or(usize::MAX);
    if horizon == 0 {
        return Err(Rejection::new(
            RejectCode::BeyondHorizon,
            "observers of this session have nothing of the umpire's picture yet; replay the public perspective",
        ));
    }
    Ok(&log[..horizon.min(log.len())])
}

/// A refusal of a point beyond what a limited requester sees (see
/// [`visible_log`]), said as such.
pub fn beyond_horizon(rejection: Rejection, seen: usize) -> Rejection {
    if rejection.code != RejectCode::BeyondEnd {
        return rejection;
    }
    Rejection::new(
        RejectCode::BeyondHorizon,
        format!(
            "observers of this session follow the umpire's picture up to seq:{seen} so far; replay to that point or earlier"
        ),
    )
}

/// How much of the umpire's stream observers see, as a log position (they
/// see events 1 to it), or `None` when observers follow the public stream
/// live.
pub fn observer_horizon(state: &State) -> Option<u64> {
    let turns = match state.observers {
        ObserverMode::Public {} => return None,
        _ if state.phase == Phase::Ended => return Some(state.last_seq),
        ObserverMode::AfterEnd {} => return Some(0),
        ObserverMode::Delayed { turns } => turns,
    };
    // In turn T, observers see everything before turn T - turns + 1 began:
    // the entry `T - turns` of `turn_starts` (turn k began at `[k - 1]`).
    let Some(index) = state.turn.checked_sub(turns) else {
        return Some(0);
    };
    Some(
        state
            .turn_starts
            .get(index as usize)
            .map_or(0, |seq| seq.saturating_sub(1)),
    )
}

/// An event as observers of a delayed session see it: as the umpire does,
/// but never with the seed, which decides every roll to come. (The umpire's
/// own replay, and everyone's once the session is declassified, show it.)
pub fn redact_delayed(recorded: &Recorded) -> Option<Seen> {
    let mut seen = crate::view::redact(recorded, &Viewer::Umpire)?;
    if let Event::SessionCreated { seed, .. } | Event::Reseeded { seed, .. } = &mut seen.event {
        *seed = 0;
    }
    Some(seen)
}

/// How `requester` sees `recorded` in a replay of `perspective`: as that
/// perspective's connections did, except that an observer of a delayed
/// session replaying the umpire's perspective sees it as its own stream
/// does ([`redact_delayed`]) until the session is declassified.
pub fn redact_for(
    state: &State,
    requester: &Viewer,
    perspective: &Viewer,
    recorded: &Recorded,
) -> Option<Seen> {
    if *requester == Viewer::Observer && *perspective == Viewer::Umpire && !state.declassified {
        redact_delayed(recorded)
    } else {
        crate::view::redact(recorded, perspective)
    }
}

/// Where a session may be forked at `point`: a turn boundary, the moment
/// before a turn began. Returns the length of the log prefix the fork keeps.
pub fn fork_cut(log: &[Recorded], point: Point) -> Result<usize, Rejection> {
    let not_boundary = || {
        Rejection::new(
            RejectCode::NotABoundary,
            format!(
                "{point} is not a turn boundary; fork at turn:N (the moment before turn N began), or at the seq:N just before a turn's briefing"
            ),
        )
    };
    let cut = match point {
        Point::Turn(_)
        | Point::Phase {
            phase: Phase::Briefing,
            ..
        } => cut(log, &Viewer::Umpire, point)?,
        Point::Seq(n) => {
            let n = usize::try_from(n).map_err(|_| not_boundary())?;
            if n > log.len() {
                return Err(beyond_end(format!(
                    "the log has {} events, so seq:{n} is beyond its end",
                    log.len()
                )));
            }
            n
        }
        _ => return Err(not_boundary()),
    };
    match log.get(cut).map(|r| &r.event) {
        Some(Event::PhaseChanged {
            phase: Phase::Briefing,
            ..
        }) => Ok(cut),
        _ => Err(not_boundary()),
    }
}

/// The date of turn `turn` (1-based), the scenario's or, for a turn the
/// umpire added, a day after the one before.
pub fn date_of(scenario: &Scenario, turn: u32) -> Option<String> {
    crate::clock::date_of(scenario, turn)
}

/// How many turns the game has: the scenario's, and those the umpire added.
pub fn total_turns(scenario: &Scenario, state: &State) -> u32 {
    crate::clock::total_turns(scenario, state)
}

/// The civil date (`YYYY-MM-DD`, UTC) `days` days after 1 January 1970.
pub fn civil_date(days: i64) -> String {
    crate::clock::days_after("1970-01-01", days).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_parse_and_print_back() {
        for text in [
            "start",
            "end",
            "seq:0",
            "seq:42",
            "turn:3",
            "turn:2:orders",
            "turn:13:adjudication",
        ] {
            let point: Point = text.parse().expect("a point");
            assert_eq!(point.to_string(), text);
        }
        for bad in [
            "",
            "turn:0",
            "turn:x",
            "seq:-1",
            "turn:2:lobby",
            "turn:2:ended",
            "middle",
            "seq:1:2",
        ] {
            let err = bad.parse::<Point>().expect_err(bad);
            assert!(err.contains("start, end, seq:N"), "{err}");
        }
    }
}
