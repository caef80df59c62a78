//! Adjudication: when the Orders phase closes, both sides' submitted orders
//! become a pending adjudication that the umpire alone sees — letters sent and
//! due, free-form actions to rule on, acceptances, publicity, an agreement if
//! there is one. The umpire rules (accept, reject, or a seeded 2d6 roll),
//! writes outcomes and picks their audience, confirms or declines the
//! agreement, and publishes: each audience then receives its own part at once.

use crate::command::Audience;
use crate::decide::{check_text, in_phase};
use crate::dice::{self, Roll};
use crate::event::Event;
use crate::ids::{ActionId, ChannelId, LetterId, SeatId, SideId, TermId};
use crate::letters::{Acceptance, Agreement, Letter, Publicity};
use crate::limits::MAX_MESSAGE_CHARS;
use crate::orders::{DraftItem, OrderItem, Submission};
use crate::rejection::{RejectCode, Rejection};
use crate::scenario::Scenario;
use crate::state::{Phase, State};
use crate::tracks::{self, TrackChange};
use serde::{Deserialize, Serialize};

/// The umpire's ruling on a free-form action. `Accept {}` and `Reject {}`
/// are empty struct variants so that unknown fields are refused (see
/// [`crate::Action`]); on the wire, `{"kind": "accept"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(tag = "kind"))]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
pub enum Ruling {
    /// It happens as the side said.
    Accept {},
    /// It does not happen.
    Reject {},
    /// Two dice decide: it happens if they total at least `difficulty`.
    Roll {
        /// The total needed, 2 to 12.
        difficulty: u8,
    },
}

brink_tagged::tag_first!(Ruling, "kind");

/// A free-form action from a side's orders, and what the umpire made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FreeAction {
    /// Its id.
    pub id: ActionId,
    /// The side acting.
    pub side: SideId,
    /// The seat that drafted it.
    pub seat: SeatId,
    /// The turn of the orders.
    pub turn: u32,
    /// What the side does.
    pub what: String,
    /// Why it should work.
    pub why: String,
    /// What the side expects.
    pub expected: String,
    /// The umpire's ruling, once made.
    pub ruling: Option<Ruling>,
    /// The dice, when the ruling was a roll.
    pub roll: Option<Roll>,
    /// How many times the umpire has rolled for it.
    pub rolls: u32,
    /// The outcome the umpire wrote, if any.
    pub outcome: Option<String>,
    /// Who learns the outcome (by default the acting side).
    pub to: Audience,
    /// Whether the written outcome says the action succeeded, if it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_success: Option<bool>,
    /// Whether the umpire let the written outcome stand against the ruling.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overruled: bool,
    /// The scenario's text for success, for a strategic action the umpire
    /// rules on: the default outcome when it succeeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_text: Option<String>,
    /// The scenario's text for failure: the default outcome when it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_text: Option<String>,
}

impl FreeAction {
    /// Whether the ruling made it succeed: accepted, or a roll made; `None`
    /// before a ruling (or a roll).
    pub fn succeeded(&self) -> Option<bool> {
        match (&self.ruling, &self.roll) {
            (Some(Ruling::Accept {}), _) => Some(true),
            (Some(Ruling::Reject {}), _) => Some(false),
            (Some(Ruling::Roll { .. }), Some(roll)) => Some(roll.success),
            _ => None,
        }
    }

    /// Whether its written outcome says otherwise than its ruling, and the
    /// umpire has not let it stand.
    fn contradicted(&self) -> bool {
        !self.overruled
            && matches!((self.outcome_success, self.succeeded()), (Some(says), Some(ruled)) if says != ruled)
    }
}

/// What a written outcome says of success, and whether it stands against
/// the ruling.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Says {
    /// Whether it says the action succeeded, if it says.
    pub success: Option<bool>,
    /// Let it stand against the ruling.
    pub overrule: bool,
}

/// A published outcome of a free-form action, as its audience learns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    /// The action.
    pub action: ActionId,
    /// The side that acted.
    pub side: SideId,
    /// The turn.
    pub turn: u32,
    /// The ruling.
    pub ruling: Ruling,
    /// The dice, for a roll.
    pub roll: Option<Roll>,
    /// What came of it.
    pub text: String,
    /// Who learns of it.
    pub to: Audience,
}

/// One turn's adjudication: pending (the umpire's alone) until published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Adjudication {
    /// The turn adjudicated.
    pub turn: u32,
    /// What each side had submitted when the phase closed (none: no orders).
    pub orders: Vec<ClosedOrders>,
    /// Letters sent this turn.
    pub sent: Vec<LetterId>,
    /// Letters the publish delivers (sent this turn or earlier).
    pub deliveries: Vec<LetterId>,
    /// Free-form actions to rule on.
    pub actions: Vec<ActionId>,
    /// Proposals accepted.
    pub acceptances: Vec<Acceptance>,
    /// Letters made public.
    pub publicity: Vec<Publicity>,
    /// Terms both sides now stand behind, if any.
    pub agreement: Option<Agreement>,
    /// Whether the umpire has confirmed the agreement (it then ends the crisis).
    pub confirmed: bool,
    /// Whether it has been published.
    pub published: bool,
    /// Track changes, applied at publish.
    #[serde(default)]
    pub track_changes: Vec<TrackChange>,
    /// Strategic actions resolved at the close (automatic and rolled).
    #[serde(default)]
    pub strategic: Vec<crate::strategic::StrategicResult>,
    /// The accident check made at the close, if the scenario has one.
    #[serde(default)]
    pub accident: Option<crate::accident::AccidentCheck>,
    /// Incidents the umpire brought in from the scenario's table, in order;
    /// they happen at publish like one the check drew.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggered: Vec<crate::accident::Incident>,
    /// Moves, contacts, deliveries, searches and sightings.
    #[serde(default, skip_serializing_if = "crate::naval::NavalReport::is_empty")]
    pub naval: crate::naval::NavalReport,
}

/// A side's orders as they stood when the phase closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClosedOrders {
    /// The side.
    pub side: SideId,
    /// Its last submission, if it made one.
    pub submitted: Option<Submission>,
    /// Not submitted when the deadline closed the phase: the draft as it
    /// stood then, which stands as the side's orders (none when the draft
    /// was empty, or the scenario discards drafts at the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_used: Option<Vec<DraftItem>>,
}

/// The event that closes the Orders phase: the pending adjudication built
/// from every side's last submission (or, when the deadline closed it, the
/// draft of a side that never submitted, if the scenario lets drafts stand).
pub(crate) fn close(scenario: &Scenario, state: &State, by_deadline: bool) -> Event {
    let turn = state.turn;
    let Gathering {
        orders,
        letters,
        actions,
        acceptances,
        publicity,
        strategic,
        track_changes,
        ..
    } = Gathering::of(scenario, state, by_deadline);
    // Letters are done; then ships move, meet and see one another.
    let (naval, naval_changes) = crate::naval::resolve(scenario, state, &orders);
    let mut track_changes = {
        let mut all = naval_changes;
        all.extend(track_changes);
        all
    };
    // What goes on by itself, unless an action ordered this turn stops it,
    // or its conditions do not hold.
    track_changes.extend(each_turn_changes(scenario, state, &strategic));
    let accident = crate::accident::check(scenario, state, turn).map(|(check, changes)| {
        track_changes.extend(changes);
        check
    });
    let deliveries = due_letters(state, &letters);
    let agreement = agreement_of(state, &acceptances);
    Event::AdjudicationPending {
        adjudication: Box::new(Adjudication {
            turn,
            orders,
            sent: letters.iter().map(|l| l.id.clone()).collect(),
            deliveries,
            actions: actions.iter().map(|a| a.id.clone()).collect(),
            acceptances,
            publicity,
            agreement,
            confirmed: false,
            published: false,
            track_changes,
            strategic,
            accident,
            triggered: Vec::new(),
            naval,
        }),
        letters,
        actions,
    }
}

/// What the sides' last submissions come to at the close, gathered side by
/// side and item by item, in the order they were given (letters' and
/// actions' ids are drawn in that order).
struct Gathering<'a> {
    scenario: &'a Scenario,
    state: &'a State,
    /// What each side had submitted.
    orders: Vec<ClosedOrders>,
    /// Letters sent this turn.
    letters: Vec<Letter>,
    /// Free-form actions (and strategic ones the umpire rules on).
    actions: Vec<FreeAction>,
    /// Proposals accepted.
    acceptances: Vec<Acceptance>,
    /// Letters made public (each once).
    publicity: Vec<Publicity>,
    /// Strategic actions resolved automatically or by the dice.
    strategic: Vec<crate::strategic::StrategicResult>,
    /// The track changes those strategic actions bring.
    track_changes: Vec<TrackChange>,
}

impl<'a> Gathering<'a> {
    /// Every side's last submission, in the scenario's order of sides, item
    /// by item.
    fn of(scenario: &'a Scenario, state: &'a State, by_deadline: bool) -> Self {
        let mut gathering = Self {
            scenario,
            state,
            orders: Vec::new(),
            letters: Vec::new(),
            actions: Vec::new(),
            acceptances: Vec::new(),
            publicity: Vec::new(),
            strategic: Vec::new(),
            track_changes: Vec::new(),
        };
        let drafts_stand =
            by_deadline && scenario.drafts_at_deadline == crate::scenario::DraftsAtDeadline::Stand;
        for side in &scenario.sides {
            let orders = state.orders.get(&side.id);
            let submitted = orders.and_then(|o| o.submitted.clone());
            let draft_used = orders
                .filter(|o| drafts_stand && o.submitted.is_none() && !o.draft.is_empty())
                .map(|o| o.draft.clone());
            let items = submitted.as_ref().map(|s| &s.items).or(draft_used.as_ref());
            for item in items.into_iter().flatten() {
                gathering.take(&side.id, item);
            }
            gathering.orders.push(ClosedOrders {
                side: side.id.clone(),
                submitted,
                draft_used,
            });
        }
        gathering
    }

    /// One item of `side`'s orders.
    fn take(&mut self, side: &SideId, item: &DraftItem) {
        match &item.order {
            OrderItem::Strategic { action } => self.strategic(side, &item.seat, action),
            OrderItem::Letter {
                channel,
                to,
                text,
                terms,
            } => self.letter(side, &item.seat, channel, to, text, terms),
            OrderItem::Action {
                what,
                why,
                expected,
            } => {
                let action = new_action(
                    self.state,
                    &self.actions,
                    side,
                    &item.seat,
                    [what, why, expected],
                );
                self.actions.push(action);
            }
            OrderItem::Accept { letter } => self.accept(side, letter),
            // Naval orders are resolved together, after the letters.
            OrderItem::Move { .. } | OrderItem::Stance { .. } => {}
            OrderItem::Publicise { letter } => self.publicise(side, letter),
        }
    }

    /// A strategic action from `side`'s menu: one the umpire rules on becomes
    /// a free-form action; any other is resolved now, with its track changes.
    /// An action not on the side's menu does nothing.
    fn strategic(&mut self, side: &SideId, seat: &SeatId, action: &str) {
        let scenario = self.scenario;
        let Some(def) = scenario
            .strategic
            .iter()
            .find(|a| a.id == action && &a.side == side)
        else {
            return;
        };
        if def.resolution == crate::strategic::Resolution::Umpire {
            // The umpire rules on it as on a free-form action.
            let mut action = new_action(
                self.state,
                &self.actions,
                side,
                seat,
                [&def.name, &def.description, ""],
            );
            if def.public {
                action.to = Audience::All;
            }
            let text = |t: &str| (!t.is_empty()).then(|| t.to_owned());
            action.success_text = text(&def.success_text);
            action.failure_text = text(&def.failure_text);
            self.actions.push(action);
        } else {
            let (result, changes) =
                crate::strategic::resolve(scenario, self.state, side, def, self.state.turn);
            self.strategic.push(result);
            self.track_changes.extend(changes);
        }
    }

    /// A letter `side` sends through `channel`, with an id drawn from the
    /// seed (avoiding those already taken), due after the channel's delay.
    fn letter(
        &mut self,
        side: &SideId,
        seat: &SeatId,
        channel: &ChannelId,
        to: &SideId,
        text: &str,
        terms: &[TermId],
    ) {
        let (state, turn) = (self.state, self.state.turn);
        let def = self.scenario.channel(channel);
        let n = state.letters.values().filter(|l| &l.from == side).count()
            + self.letters.iter().filter(|l| &l.from == side).count();
        let id = dice::letter_id(state.seed, side.as_str(), n, |id| {
            state.letters.contains_key(id) || self.letters.iter().any(|l| &l.id == id)
        });
        self.letters.push(Letter {
            id,
            from: side.clone(),
            seat: seat.clone(),
            to: to.clone(),
            channel: channel.clone(),
            public: def.is_some_and(|c| c.public),
            text: text.to_owned(),
            terms: terms.to_vec(),
            sent_turn: turn,
            deliver_turn: turn + def.map_or(0, |c| c.delay),
            delivered: false,
            publicised: false,
        });
    }

    /// `side` accepts the terms of `letter`, if there is such a letter.
    fn accept(&mut self, side: &SideId, letter: &LetterId) {
        if let Some(found) = self.state.letters.get(letter) {
            self.acceptances.push(Acceptance {
                side: side.clone(),
                letter: letter.clone(),
                terms: found.terms.clone(),
            });
        }
    }

    /// `side` makes `letter` public, unless a side already did this turn.
    fn publicise(&mut self, side: &SideId, letter: &LetterId) {
        if !self.publicity.iter().any(|p| &p.letter == letter) {
            self.publicity.push(Publicity {
                side: side.clone(),
                letter: letter.clone(),
            });
        }
    }
}

/// What goes on by itself this turn, unless an action ordered this turn
/// stops it, or its conditions do not hold: the track changes it brings.
fn each_turn_changes(
    scenario: &Scenario,
    state: &State,
    strategic: &[crate::strategic::StrategicResult],
) -> Vec<TrackChange> {
    let mut changes = Vec::new();
    for each in &scenario.each_turn {
        if crate::strategic::unmet_conditions(scenario, state, None, state.turn, &each.when)
            .is_some()
        {
            continue;
        }
        let stopped = each
            .unless
            .as_ref()
            .is_some_and(|a| strategic.iter().any(|r| &r.action == a && r.success));
        if !stopped {
            let more = tracks::changes(scenario, state, &changes, &each.effects, &each.name);
            changes.extend(more);
        }
    }
    changes
}

/// The letters the publish delivers: those not yet delivered, sent earlier
/// or among this turn's `sent`, that are due by now.
fn due_letters(state: &State, sent: &[Letter]) -> Vec<LetterId> {
    state
        .letters
        .values()
        .chain(sent)
        .filter(|l| !l.delivered && l.deliver_turn <= state.turn)
        .map(|l| l.id.clone())
        .collect()
}

/// The agreement this turn brings, if any: the first acceptance of a known
/// letter's terms, between its sender and the side accepting.
fn agreement_of(state: &State, acceptances: &[Acceptance]) -> Option<Agreement> {
    acceptances.first().and_then(|a| {
        let letter = state.letters.get(&a.letter)?;
        Some(Agreement {
            letter: a.letter.clone(),
            terms: a.terms.clone(),
            parties: vec![letter.from.clone(), a.side.clone()],
            public: false,
        })
    })
}

/// A free-form action of `side` for this turn's adjudication, with an id drawn
/// from the seed (avoiding those already taken), told by default to its side.
fn new_action(
    state: &State,
    so_far: &[FreeAction],
    side: &SideId,
    seat: &SeatId,
    [what, why, expected]: [&str; 3],
) -> FreeAction {
    let n = state.actions.values().filter(|a| &a.side == side).count()
        + so_far.iter().filter(|a| &a.side == side).count();
    let id = dice::action_id(state.seed, side.as_str(), n, |id| {
        state.actions.contains_key(id) || so_far.iter().any(|a| &a.id == id)
    });
    FreeAction {
        id,
        side: side.clone(),
        seat: seat.clone(),
        turn: state.turn,
        what: what.to_owned(),
        why: why.to_owned(),
        expected: expected.to_owned(),
        ruling: None,
        roll: None,
        rolls: 0,
        outcome: None,
        to: Audience::Side(side.clone()),
        outcome_success: None,
        overruled: false,
        success_text: None,
        failure_text: None,
    }
}

/// The pending adjudication the umpire may still change.
pub(crate) fn pending(state: &State) -> Result<&Adjudication, Rejection> {
    in_phase(
        state,
        Phase::Adjudication,
        "the adjudication is amended and published",
    )?;
    match &state.adjudication {
        Some(a) if a.published => Err(Rejection::new(
            RejectCode::AlreadyPublished,
            format!(
                "turn {}'s adjudication is published; advance to the next turn",
                a.turn
            ),
        )),
        Some(a) => Ok(a),
        None => Err(Rejection::new(
            RejectCode::WrongPhase,
            "there is no adjudication pending",
        )),
    }
}

fn pending_action<'s>(state: &'s State, action: &ActionId) -> Result<&'s FreeAction, Rejection> {
    let adjudication = pending(state)?;
    match state.actions.get(action) {
        Some(found) if adjudication.actions.contains(action) => Ok(found),
        _ => {
            let ids: Vec<&str> = adjudication.actions.iter().map(ActionId::as_str).collect();
            Err(Rejection::new(
                RejectCode::UnknownAction,
                format!(
                    "there is no action {action} in this adjudication; its actions are: {}",
                    crate::orders::list(&ids)
                ),
            ))
        }
    }
}

/// The umpire rules on an action; a roll is made here, from the seed.
pub(crate) fn rule(
    state: &State,
    action: &ActionId,
    ruling: &Ruling,
) -> Result<Vec<Event>, Rejection> {
    let found = pending_action(state, action)?;
    let roll = match ruling {
        Ruling::Roll { difficulty } => {
            if !(2..=12).contains(difficulty) {
                return Err(Rejection::new(
                    RejectCode::BadDifficulty,
                    "two dice total 2 to 12; give a difficulty in that range (7 is even odds)",
                ));
            }
            Some(dice::roll(state.seed, action, found.rolls, *difficulty))
        }
        Ruling::Accept {} | Ruling::Reject {} => None,
    };
    Ok(vec![Event::ActionRuled {
        action: action.clone(),
        ruling: ruling.clone(),
        roll,
    }])
}

/// The umpire writes an action's outcome and who learns of it.
pub(crate) fn write_outcome(
    scenario: &Scenario,
    state: &State,
    action: &ActionId,
    text: &str,
    to: &Audience,
    says: Says,
) -> Result<Vec<Event>, Rejection> {
    let found = pending_action(state, action)?;
    if let Some(why) = scenario.audience_problem(to) {
        return Err(Rejection::new(RejectCode::UnknownSide, why));
    }
    check_text(text, MAX_MESSAGE_CHARS, "the outcome")?;
    if let (Some(said), Some(ruled)) = (says.success, found.succeeded())
        && said != ruled
        && !says.overrule
    {
        return Err(Rejection::new(
            RejectCode::ContradictsRuling,
            format!(
                "{}, but this outcome says it {}: write one that agrees, or send it again overruling the {}",
                ruling_said(found),
                if said { "succeeds" } else { "fails" },
                if found.roll.is_some() {
                    "dice"
                } else {
                    "ruling"
                },
            ),
        ));
    }
    Ok(vec![Event::OutcomeWritten {
        action: action.clone(),
        text: text.to_owned(),
        to: to.clone(),
        success: says.success,
        overrule: says.overrule,
    }])
}

/// What the ruling on `action` said, for people: `the dice said it fails (3
/// + 2 = 5 against 8)`.
fn ruling_said(action: &FreeAction) -> String {
    match (&action.ruling, &action.roll) {
        (_, Some(r)) => format!(
            "the dice said it {} ({} + {} = {} against {})",
            if r.success { "succeeds" } else { "fails" },
            r.dice[0],
            r.dice[1],
            r.total,
            r.difficulty
        ),
        (Some(Ruling::Reject {}), None) => "the ruling rejected it".to_owned(),
        _ => "the ruling accepted it".to_owned(),
    }
}

/// The umpire confirms (or withdraws confirmation of) the agreement.
pub(crate) fn confirm(state: &State, confirmed: bool) -> Result<Vec<Event>, Rejection> {
    if pending(state)?.agreement.is_none() {
        return Err(Rejection::new(
            RejectCode::NoAgreement,
            "no side accepted a proposal this turn, so there is no agreement to confirm",
        ));
    }
    Ok(vec![Event::AgreementConfirmed { confirmed }])
}

/// Publishes the pending adjudication: every audience's part at once.
pub(crate) fn publish(scenario: &Scenario, state: &State) -> Result<Vec<Event>, Rejection> {
    let adjudication = pending(state)?;
    every_action_ruled(state, adjudication)?;
    let mut events = letter_events(state, adjudication);
    events.extend(acceptance_events(state, adjudication));
    events.extend(outcome_events(state, adjudication));
    events.extend(crate::naval::publish(&adjudication.naval));
    for result in &adjudication.strategic {
        events.push(Event::StrategicResolved {
            result: Box::new(result.clone()),
        });
    }
    // The incident the check drew, then those the umpire brought in.
    events.extend(incident_events(adjudication));
    let moves = tracks::publish(scenario, state, &adjudication.track_changes);
    let ending = tracks::ending(scenario, state, &moves);
    // An agreement's terms cost the conceding sides: in public, or (often
    // nothing) in secret.
    let moves = match &adjudication.agreement {
        Some(agreement) if ending.is_none() && adjudication.confirmed => {
            moves_with_costs(scenario, state, adjudication, agreement)
        }
        _ => moves,
    };
    // Intelligence: what a successful reconnaissance shows, as of now.
    events.extend(intel_events(scenario, state, adjudication, &moves));
    events.extend(moves);
    events.push(Event::AdjudicationPublished {
        turn: adjudication.turn,
    });
    // An ending the tracks reached (nuclear war) comes before any agreement.
    if let Some(verdict) = ending {
        events.push(Event::GameEnded { verdict });
    } else if let Some(agreement) = &adjudication.agreement
        && adjudication.confirmed
    {
        events.extend(agreement_events(scenario, state, adjudication, agreement));
    }
    Ok(events)
}

/// Refuses to publish while a free-form action awaits the umpire's ruling.
fn every_action_ruled(state: &State, adjudication: &Adjudication) -> Result<(), Rejection> {
    let unruled: Vec<&str> = adjudication
        .actions
        .iter()
        .filter(|id| state.actions.get(*id).is_none_or(|a| a.ruling.is_none()))
        .map(ActionId::as_str)
        .collect();
    if !unruled.is_empty() {
        return Err(Rejection::new(
            RejectCode::NotRuled,
            format!(
                "rule on every free-form action before publishing; still to rule: {}",
                unruled.join(", ")
            ),
        ));
    }
    // A ruling made after its outcome was written may disagree with it.
    let contradicted: Vec<String> = adjudication
        .actions
        .iter()
        .filter_map(|id| state.actions.get(id))
        .filter(|a| a.contradicted())
        .map(|a| format!("{} ({})", a.id, ruling_said(a)))
        .collect();
    if contradicted.is_empty() {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::ContradictsRuling,
            format!(
                "an outcome says otherwise than its ruling: {}; write one that agrees, or write it again overruling the ruling",
                contradicted.join(", ")
            ),
        ))
    }
}

/// The letters' part: those delivered, then those sent this turn that are
/// still on their way, then those a side made public (unless they are public
/// already, or a public letter delivered now).
fn letter_events(state: &State, adjudication: &Adjudication) -> Vec<Event> {
    let mut events = Vec::new();
    for id in &adjudication.deliveries {
        if let Some(letter) = state.letters.get(id) {
            events.push(Event::LetterDelivered {
                letter: Box::new(Letter {
                    delivered: true,
                    ..letter.clone()
                }),
            });
        }
    }
    for id in &adjudication.sent {
        if let Some(letter) = state.letters.get(id)
            && !adjudication.deliveries.contains(id)
        {
            events.push(Event::LetterDispatched {
                letter: Box::new(letter.clone()),
            });
        }
    }
    for p in &adjudication.publicity {
        if let Some(letter) = state.letters.get(&p.letter)
            && !letter.is_public()
            && !(letter.public && adjudication.deliveries.contains(&letter.id))
        {
            events.push(Event::LetterPublicised {
                by: p.side.clone(),
                letter: Box::new(Letter {
                    delivered: letter.delivered || adjudication.deliveries.contains(&letter.id),
                    publicised: true,
                    ..letter.clone()
                }),
            });
        }
    }
    events
}

/// The proposals accepted, each with the side that proposed it.
fn acceptance_events(state: &State, adjudication: &Adjudication) -> Vec<Event> {
    let mut events = Vec::new();
    for a in &adjudication.acceptances {
        if let Some(letter) = state.letters.get(&a.letter) {
            events.push(Event::ProposalAccepted {
                acceptance: Box::new(a.clone()),
                proposer: letter.from.clone(),
            });
        }
    }
    events
}

/// The free-form actions' outcomes: the text the umpire wrote, or one that
/// says how the ruling went.
fn outcome_events(state: &State, adjudication: &Adjudication) -> Vec<Event> {
    let mut events = Vec::new();
    for id in &adjudication.actions {
        if let Some(action) = state.actions.get(id)
            && let Some(ruling) = &action.ruling
        {
            events.push(Event::ActionResolved {
                outcome: Box::new(Outcome {
                    action: id.clone(),
                    side: action.side.clone(),
                    turn: action.turn,
                    ruling: ruling.clone(),
                    roll: action.roll.clone(),
                    text: action
                        .outcome
                        .clone()
                        .unwrap_or_else(|| default_outcome(action)),
                    to: action.to.clone(),
                }),
            });
        }
    }
    events
}

/// The incident the check drew, then those the umpire brought in: each goes
/// to its audience alike, so nobody can tell which was which.
fn incident_events(adjudication: &Adjudication) -> Vec<Event> {
    let mut events = Vec::new();
    let drawn = adjudication
        .accident
        .as_ref()
        .and_then(|a| a.incident.clone());
    for incident in drawn.into_iter().chain(adjudication.triggered.clone()) {
        events.push(Event::IncidentOccurred {
            incident: Box::new(incident),
        });
    }
    events
}

/// The tracks' moves once a confirmed agreement's terms cost the conceding
/// sides (in public, or often nothing in secret), and then take effect.
fn moves_with_costs(
    scenario: &Scenario,
    state: &State,
    adjudication: &Adjudication,
    agreement: &Agreement,
) -> Vec<Event> {
    let public = agreement_is_public(state, adjudication, agreement);
    let mut changes = adjudication.track_changes.clone();
    let terms: Vec<&crate::scenario::TermDef> = agreement
        .terms
        .iter()
        .filter_map(|t| scenario.term(t))
        .collect();
    for term in &terms {
        let (costs, reason) = if public {
            (&term.public_cost, format!("Agreed: {}", term.name))
        } else {
            (
                &term.secret_cost,
                format!("Agreed in secret: {}", term.name),
            )
        };
        let more = tracks::changes(scenario, state, &changes, costs, &reason);
        changes.extend(more);
    }
    for term in &terms {
        // The deed is seen, the deal is not: a secret term is named only to
        // those who alone know the tracks it moves.
        for e in &term.effects {
            let named = public
                || scenario
                    .track(&e.track)
                    .is_some_and(|t| t.known_only_within(&agreement.parties));
            let reason = if named {
                format!("Carried out: {}", term.name)
            } else {
                "The agreement is carried out".to_owned()
            };
            let more = tracks::changes(scenario, state, &changes, std::slice::from_ref(e), &reason);
            changes.extend(more);
        }
    }
    tracks::publish(scenario, state, &changes)
}

/// Intelligence: what each successful reconnaissance shows of the tracks it
/// reveals, as of now (after this publish's `moves`).
fn intel_events(
    scenario: &Scenario,
    state: &State,
    adjudication: &Adjudication,
    moves: &[Event],
) -> Vec<Event> {
    let mut events = Vec::new();
    for result in adjudication.strategic.iter().filter(|r| r.success) {
        let Some(def) = scenario
            .strategic
            .iter()
            .find(|d| d.id == result.action && d.side == result.side)
        else {
            continue;
        };
        for track in def.reveals.iter().filter_map(|t| scenario.track(t)) {
            let value = moves
                .iter()
                .find_map(|e| match e {
                    Event::TrackMoved { track: t, to, .. } if *t == track.id => Some(*to),
                    _ => None,
                })
                .unwrap_or_else(|| tracks::value(state, track));
            events.push(Event::IntelGathered {
                intel: crate::naval::Intel {
                    side: result.side.clone(),
                    track: track.id.clone(),
                    value,
                    turn: adjudication.turn,
                },
                track: Some(Box::new(crate::tracks::TrackInfo {
                    name: track.name.clone(),
                    min: track.min,
                    max: track.max,
                })),
            });
        }
    }
    events
}

/// The confirmed agreement, and the end of the crisis it brings. Terms
/// agreed in secret stay secret: everyone learns that the crisis is over,
/// and only the parties what it cost, unless the letter is public.
fn agreement_events(
    scenario: &Scenario,
    state: &State,
    adjudication: &Adjudication,
    agreement: &Agreement,
) -> [Event; 2] {
    let names: Vec<&str> = agreement
        .terms
        .iter()
        .map(|t| scenario.term(t).map_or(t.as_str(), |d| d.name.as_str()))
        .collect();
    let public = agreement_is_public(state, adjudication, agreement);
    [
        Event::AgreementReached {
            agreement: Agreement {
                public,
                ..agreement.clone()
            },
        },
        Event::GameEnded {
            verdict: if public {
                format!("The crisis ends in agreement: {}.", names.join("; "))
            } else {
                "The crisis ends in an agreement whose terms are not public.".to_owned()
            },
        },
    ]
}

/// Whether the agreement's letter is public by the end of this publish.
fn agreement_is_public(state: &State, adjudication: &Adjudication, agreement: &Agreement) -> bool {
    state.letters.get(&agreement.letter).is_some_and(|l| {
        l.is_public()
            || (l.public && adjudication.deliveries.contains(&l.id))
            || adjudication.publicity.iter().any(|p| p.letter == l.id)
    })
}

/// The outcome of a ruled action the umpire wrote none for: what the ruling
/// made of it, in the scenario's words where it has them.
fn default_outcome(action: &FreeAction) -> String {
    let success = action.succeeded();
    let scenario_text = match success {
        Some(true) => action.success_text.as_deref(),
        Some(false) => action.failure_text.as_deref(),
        None => None,
    };
    let ruling = match (&action.ruling, &action.roll) {
        (_, Some(r)) => format!(
            "The dice decide: {} + {} = {} against {}",
            r.dice[0], r.dice[1], r.total, r.difficulty
        ),
        (Some(Ruling::Reject {}), None) => "The umpire rejects it".to_owned(),
        (Some(Ruling::Roll { .. }), None) => "The dice decide".to_owned(),
        _ => "The umpire accepts it".to_owned(),
    };
    match (scenario_text, success) {
        (Some(text), _) => format!("{ruling}: {text}"),
        (None, Some(true)) => format!("{ruling}: it happens."),
        (None, Some(false)) => format!("{ruling}: it does not happen."),
        (None, None) => format!("{ruling}."),
    }
}
