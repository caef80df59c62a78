//! The story of a session, for the report: one fold of its log that keeps, for
//! every turn, what each side knew when it decided (its own view as orders
//! closed), what it decided, how the dice and the umpire resolved it, the
//! tracks at the turn's end; every letter with when it was made public; every
//! roll with its inputs; and the game beside the scenario's history.

use super::summary::Names;
use brink_engine::{
    Adjudication, Event, FreeAction, Incident, Inject, Letter, LetterId, Phase, Recorded, Scenario,
    Session, SideId, State, TrackId, View, Viewer,
};
use std::collections::BTreeMap;

/// Everything the report shows, gathered from the log.
#[derive(Debug)]
pub struct Story<'s> {
    /// The session's id.
    pub session: String,
    /// The scenario.
    pub scenario: &'s Scenario,
    /// The session as it stands now.
    pub state: &'s State,
    /// Each turn played, in order.
    pub turns: Vec<TurnStory>,
    /// Each track's value at the start (index 0) and at the end of each turn.
    pub series: Vec<(TrackId, Vec<i32>)>,
    /// Every letter, in the order sent.
    pub letters: Vec<LetterStory>,
    /// Every roll, in the order made.
    pub rolls: Vec<RollStory>,
    /// The history beside the game, by date.
    pub timeline: Vec<TimelineRow>,
}

/// One turn of the game.
#[derive(Debug, Default)]
pub struct TurnStory {
    /// The turn.
    pub turn: u32,
    /// Its date.
    pub date: String,
    /// Each side's view as its orders closed: what it knew when it decided.
    pub knew: Vec<(SideId, View)>,
    /// The turn's adjudication as it last stood (submissions, results, rolls).
    pub adjudication: Option<Adjudication>,
    /// The turn's free-form actions, with the umpire's rulings.
    pub actions: Vec<FreeAction>,
    /// Track moves at publish (and briefing effects), with their reasons.
    pub moves: Vec<TrackMove>,
    /// Incidents that happened.
    pub incidents: Vec<Incident>,
    /// Injects released.
    pub injects: Vec<Inject>,
}

/// A track's move.
#[derive(Debug, Clone)]
pub struct TrackMove {
    /// The track.
    pub track: TrackId,
    /// From.
    pub from: i32,
    /// To.
    pub to: i32,
    /// Why.
    pub reasons: Vec<String>,
}

/// A letter, with what became of it.
#[derive(Debug, Clone)]
pub struct LetterStory {
    /// The letter as it last stood.
    pub letter: Letter,
    /// The turn it was made public in, if a side did.
    pub publicised: Option<(SideId, u32)>,
    /// The sides that accepted its terms, and when.
    pub accepted: Vec<(SideId, u32)>,
}

/// A roll of the dice, with its inputs.
#[derive(Debug, Clone)]
pub struct RollStory {
    /// The turn.
    pub turn: u32,
    /// What it was for.
    pub what: String,
    /// What went in: the target, the dice.
    pub inputs: String,
    /// What came of it.
    pub result: String,
}

/// One date of the history beside the game.
#[derive(Debug, Clone, Default)]
pub struct TimelineRow {
    /// The date.
    pub date: String,
    /// The turn with this date, if the game has one.
    pub turn: Option<u32>,
    /// What happened in history.
    pub history: Vec<String>,
    /// What happened in the game.
    pub game: Vec<String>,
    /// Where the game parted from history on this date.
    pub divergences: Vec<String>,
}

/// The game's strategic actions, as resolved: `(turn, side, action, name, success)`.
type Taken = Vec<(u32, SideId, String, String, bool)>;

impl<'s> Story<'s> {
    /// Folds `log` (the whole log of session `id`, whose state `game` is).
    pub fn tell(id: &str, game: &'s Session, log: &[Recorded]) -> Self {
        let scenario = game.scenario();
        let mut replay = Session::new(game.shared_scenario());
        let mut turns: BTreeMap<u32, TurnStory> = BTreeMap::new();
        let mut ends: BTreeMap<u32, BTreeMap<TrackId, i32>> = BTreeMap::new();
        let mut letters: Vec<LetterId> = Vec::new();
        let mut publicised: BTreeMap<LetterId, (SideId, u32)> = BTreeMap::new();
        let mut accepted: BTreeMap<LetterId, Vec<(SideId, u32)>> = BTreeMap::new();
        let mut rolls = Vec::new();
        let mut taken: Taken = Vec::new();
        let mut agreed: Option<u32> = None;
        for recorded in log {
            if let Event::PhaseChanged { turn, phase, .. } = &recorded.event {
                match phase {
                    Phase::Adjudication => {
                        let story = turns.entry(*turn).or_default();
                        story.knew = scenario
                            .sides
                            .iter()
                            .map(|s| (s.id.clone(), replay.view(&Viewer::Side(s.id.clone()))))
                            .collect();
                    }
                    Phase::Briefing if *turn > 1 => {
                        close_turn(&replay, turn - 1, &mut turns, &mut ends, &mut rolls);
                    }
                    _ => {}
                }
            }
            replay.apply(recorded);
            let turn = recorded.turn;
            let story = turns.entry(turn.max(1)).or_default();
            match &recorded.event {
                Event::TrackMoved {
                    track,
                    from,
                    to,
                    reasons,
                    ..
                } => story.moves.push(TrackMove {
                    track: track.clone(),
                    from: *from,
                    to: *to,
                    reasons: reasons.clone(),
                }),
                Event::IncidentOccurred { incident } => story.incidents.push((**incident).clone()),
                Event::InjectReleased { inject } => story.injects.push(inject.clone()),
                Event::ActionRuled {
                    action,
                    roll: Some(roll),
                    ..
                } => {
                    let names = Names {
                        scenario,
                        state: replay.state(),
                    };
                    let what = replay
                        .state()
                        .actions
                        .get(action)
                        .map_or(action.to_string(), |a| {
                            format!("{} ({}): {}", a.id, names.side(&a.side), a.what)
                        });
                    rolls.push(RollStory {
                        turn,
                        what: format!("Free-form action {what}"),
                        inputs: format!("2d6 against {}", roll.difficulty),
                        result: roll_result(roll.dice, roll.total, roll.success),
                    });
                }
                Event::AdjudicationPending { letters: sent, .. } => {
                    letters.extend(sent.iter().map(|l| l.id.clone()));
                }
                Event::LetterPublicised { by, letter } => {
                    publicised.insert(letter.id.clone(), (by.clone(), turn));
                }
                Event::ProposalAccepted { acceptance, .. } => accepted
                    .entry(acceptance.letter.clone())
                    .or_default()
                    .push((acceptance.side.clone(), turn)),
                Event::StrategicResolved { result } => taken.push((
                    turn,
                    result.side.clone(),
                    result.action.clone(),
                    result.name.clone(),
                    result.success,
                )),
                Event::AgreementReached { .. } => agreed = Some(turn),
                _ => {}
            }
        }
        let last = replay.state().turn;
        if last >= 1 {
            close_turn(&replay, last, &mut turns, &mut ends, &mut rolls);
        }
        turns.retain(|t, _| *t >= 1 && *t <= last);
        for (turn, story) in &mut turns {
            story.turn = *turn;
            story.date = brink_engine::replay::date_of(scenario, *turn).unwrap_or_default();
        }
        let series = scenario
            .tracks
            .iter()
            .map(|t| {
                let mut values = vec![t.start];
                let mut value = t.start;
                for turn in 1..=last {
                    if let Some(v) = ends.get(&turn).and_then(|e| e.get(&t.id)) {
                        value = *v;
                    }
                    values.push(value);
                }
                (t.id.clone(), values)
            })
            .collect();
        let state = game.state();
        let letters = letters
            .iter()
            .filter_map(|id| state.letters.get(id))
            .map(|l| LetterStory {
                letter: l.clone(),
                publicised: publicised.get(&l.id).cloned(),
                accepted: accepted.get(&l.id).cloned().unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        let names = Names { scenario, state };
        let timeline = timeline(&names, last, &turns, &letters, &taken, agreed);
        Story {
            session: id.to_owned(),
            scenario,
            state,
            turns: turns.into_values().collect(),
            series,
            letters,
            rolls,
            timeline,
        }
    }

    /// Names for ids.
    pub fn names(&self) -> Names<'s> {
        Names {
            scenario: self.scenario,
            state: self.state,
        }
    }
}

/// Keeps turn `turn`'s end: its adjudication, actions and tracks, and the
/// rolls its adjudication made.
fn close_turn(
    replay: &Session,
    turn: u32,
    turns: &mut BTreeMap<u32, TurnStory>,
    ends: &mut BTreeMap<u32, BTreeMap<TrackId, i32>>,
    rolls: &mut Vec<RollStory>,
) {
    let state = replay.state();
    let names = Names {
        scenario: replay.scenario(),
        state,
    };
    let story = turns.entry(turn).or_default();
    story.adjudication = state.adjudication.clone().filter(|a| a.turn == turn);
    story.actions = state
        .actions
        .values()
        .filter(|a| a.turn == turn)
        .cloned()
        .collect();
    ends.insert(
        turn,
        replay
            .scenario()
            .tracks
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    state.tracks.get(&t.id).copied().unwrap_or(t.start),
                )
            })
            .collect(),
    );
    let Some(adjudication) = &story.adjudication else {
        return;
    };
    for result in &adjudication.strategic {
        if let Some(roll) = &result.roll {
            rolls.push(RollStory {
                turn,
                what: format!("{} ({})", result.name, names.side(&result.side)),
                inputs: format!("2d6 against {}", roll.difficulty),
                result: roll_result(roll.dice, roll.total, roll.success),
            });
        }
    }
    rolls.extend(search_rolls(&names, turn, &adjudication.naval.searches));
    if let Some(check) = &adjudication.accident {
        rolls.push(RollStory {
            turn,
            what: "Accident check".into(),
            inputs: format!(
                "{} at {} gives a {}% chance; drew {} of 100",
                names.accident_track(),
                check.value,
                check.percent,
                check.draw
            ),
            result: match (&check.incident, &check.impossible) {
                (Some(incident), _) => format!("an incident: {}", incident.name),
                (None, Some(why)) => format!("no incident: drawn, but it cannot happen ({why})"),
                (None, None) => "no incident".into(),
            },
        });
    }
}

/// The turn's submarine searches, automatic and routine: every roll kept,
/// grouped one row per side and zone. A roll that found nothing decided
/// nothing, so it is not called a success.
fn search_rolls(names: &Names<'_>, turn: u32, searches: &[brink_engine::Search]) -> Vec<RollStory> {
    let mut groups: BTreeMap<(&SideId, &brink_engine::ZoneId), Vec<&brink_engine::Search>> =
        BTreeMap::new();
    for search in searches {
        groups
            .entry((&search.side, &search.zone))
            .or_default()
            .push(search);
    }
    groups
        .into_iter()
        .map(|((side, zone), searches)| {
            let inputs: Vec<String> = searches
                .iter()
                .map(|s| {
                    format!(
                        "{}: {} + {} = {} against {}",
                        names.unit(&s.unit),
                        s.roll.dice[0],
                        s.roll.dice[1],
                        s.roll.total,
                        s.roll.difficulty
                    )
                })
                .collect();
            let found: Vec<brink_engine::UnitId> = searches
                .iter()
                .flat_map(|s| s.found.iter().cloned())
                .collect();
            RollStory {
                turn,
                what: format!(
                    "Submarine search{} in {} ({})",
                    if searches.len() == 1 { "" } else { "es" },
                    names.zone(zone),
                    names.side(side)
                ),
                inputs: inputs.join("; "),
                result: if found.is_empty() {
                    "nothing found".to_owned()
                } else {
                    format!("found {}", names.units(&found))
                },
            }
        })
        .collect()
}

fn roll_result(dice: [u8; 2], total: u8, success: bool) -> String {
    format!(
        "{} + {} = {total}: {}",
        dice[0],
        dice[1],
        if success { "success" } else { "failure" }
    )
}

/// The history beside the game, date by date, with where they parted.
fn timeline(
    names: &Names<'_>,
    last: u32,
    turns: &BTreeMap<u32, TurnStory>,
    letters: &[LetterStory],
    taken: &Taken,
    agreed: Option<u32>,
) -> Vec<TimelineRow> {
    let scenario = names.scenario;
    let date_of = |turn: u32| brink_engine::replay::date_of(scenario, turn).unwrap_or_default();
    let turn_of = |date: &str| (1..=last).find(|t| date_of(*t) == date);
    let mut rows: BTreeMap<String, TimelineRow> = BTreeMap::new();
    for turn in 1..=last {
        let date = date_of(turn);
        rows.entry(date.clone()).or_insert_with(|| TimelineRow {
            date,
            turn: Some(turn),
            ..TimelineRow::default()
        });
    }
    for entry in &scenario.timeline {
        let row = rows
            .entry(entry.date.clone())
            .or_insert_with(|| TimelineRow {
                date: entry.date.clone(),
                turn: turn_of(&entry.date),
                ..TimelineRow::default()
            });
        row.history.push(entry.text.clone());
    }
    // The game's side of each date.
    for (turn, side, _, name, success) in taken {
        if let Some(row) = rows.get_mut(&date_of(*turn)) {
            row.game.push(format!(
                "{}: {name}{}",
                names.side(side),
                if *success { "" } else { " (failed)" }
            ));
        }
    }
    for l in letters {
        if let Some(row) = rows.get_mut(&date_of(l.letter.sent_turn)) {
            row.game.push(format!(
                "{} writes to {} ({}){}",
                names.side(&l.letter.from),
                names.side(&l.letter.to),
                if l.letter.public { "public" } else { "secret" },
                if l.letter.terms.is_empty() {
                    String::new()
                } else {
                    format!(": {}", super::summary::terms_text(names, &l.letter.terms))
                }
            ));
        }
    }
    for story in turns.values() {
        if let Some(row) = rows.get_mut(&story.date) {
            // Free-form actions, on their day: history cannot mark them, so
            // the reader compares them with the history column.
            row.game.extend(story.actions.iter().map(|a| {
                let ruled = match a.succeeded() {
                    Some(true) => "it happened",
                    Some(false) => "it did not happen",
                    None => "not ruled",
                };
                format!("{}: {} (free-form; {ruled})", names.side(&a.side), a.what)
            }));
            row.game.extend(
                story
                    .incidents
                    .iter()
                    .map(|i| format!("Incident: {}", i.name)),
            );
        }
    }
    if let Some(turn) = agreed
        && let Some(row) = rows.get_mut(&date_of(turn))
    {
        row.game.push("Agreement reached".into());
    }
    // Where the game parted from history: each of history's marked moves
    // made on another day, or not at all; and each move of the game's that
    // history never made.
    let reached = |date: &str| turn_of(date).is_some() || date < date_of(1).as_str();
    let first = date_of(1);
    for entry in &scenario.timeline {
        // Entries before the game began are its background, not its course.
        if entry.date < first {
            continue;
        }
        for mark in &entry.moves {
            let done: Vec<u32> = match &mark.action {
                Some(action) => taken
                    .iter()
                    .filter(|(_, s, a, _, _)| *s == mark.side && a == action)
                    .map(|(t, ..)| *t)
                    .collect(),
                None => letters
                    .iter()
                    .filter(|l| {
                        l.letter.from == mark.side
                            && mark.terms.iter().all(|t| l.letter.terms.contains(t))
                    })
                    .map(|l| l.letter.sent_turn)
                    .collect(),
            };
            let what = format!("{}: {}", names.side(&mark.side), history_move(names, mark));
            if done.iter().any(|t| date_of(*t) == entry.date) {
                continue;
            }
            let note = match done.first() {
                Some(turn) => format!(
                    "{what}: the game did it on {}, history on {}",
                    date_of(*turn),
                    entry.date
                ),
                None if !reached(&entry.date) => continue,
                None => format!("{what}: history did it, the game did not"),
            };
            if let Some(row) = rows.get_mut(&entry.date) {
                row.divergences.push(note);
            }
        }
    }
    // Only a scenario that marks history's moves can say which of the
    // game's history never made.
    let marked = scenario.timeline.iter().any(|e| !e.moves.is_empty());
    for (turn, side, action, name, _) in taken {
        let in_history = scenario.timeline.iter().any(|e| {
            e.moves
                .iter()
                .any(|m| &m.side == side && m.action.as_deref() == Some(action.as_str()))
        });
        if marked
            && !in_history
            && let Some(row) = rows.get_mut(&date_of(*turn))
        {
            row.divergences.push(format!(
                "{}: {name}, which history never saw",
                names.side(side)
            ));
        }
    }
    rows.into_values().collect()
}

/// A move of history's, for people: the action's name, or the letter's terms.
pub fn history_move(names: &Names<'_>, mark: &brink_engine::map::HistoryMove) -> String {
    match &mark.action {
        Some(action) => names.action(&mark.side, action),
        None => format!(
            "a letter proposing {}",
            super::summary::terms_text(names, &mark.terms)
        ),
    }
}
