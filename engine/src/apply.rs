//! `apply`: folds a recorded event into the state. No rules live here; every
//! check was made by `decide` before the event was recorded.

use crate::event::{Event, Recorded};
use crate::injects::{Note, Released};
use crate::orders::{DraftItem, Submission};
use crate::state::{Clock, ForkOrigin, ForkPoint, Message, Phase, Player, Role, State};

/// Folds `recorded` into `state`: each kind of event into the part of the
/// state it concerns.
pub(crate) fn apply(state: &mut State, recorded: &Recorded) {
    state.last_seq = recorded.seq;
    state.streams.count(&recorded.visibility);
    match &recorded.event {
        Event::SessionCreated { .. }
        | Event::Forked { .. }
        | Event::ForkCreated { .. }
        | Event::Reseeded { .. }
        | Event::Declassified
        | Event::ClassShown { .. }
        | Event::TitleSet { .. }
        | Event::PlayerJoined { .. }
        | Event::PlayerLeft { .. }
        | Event::PlayerMoved { .. }
        | Event::PresenceChanged { .. } => apply_session(state, &recorded.event),
        Event::PhaseChanged { .. }
        | Event::Paused { .. }
        | Event::Resumed
        | Event::DeadlineSet { .. }
        | Event::DeadlineNear { .. }
        | Event::TurnsAdded { .. }
        | Event::GameEnded { .. } => apply_clock(state, recorded),
        Event::MessagePosted { .. }
        | Event::InjectQueued { .. }
        | Event::InjectReleased { .. }
        | Event::NoteWritten { .. } => apply_words(state, recorded),
        Event::OrderAdded { .. }
        | Event::OrderRemoved { .. }
        | Event::OrdersSubmitted { .. }
        | Event::SubmitRuleSet { .. } => apply_orders(state, &recorded.event),
        Event::AdjudicationPending { .. }
        | Event::ActionRuled { .. }
        | Event::OutcomeWritten { .. }
        | Event::AgreementConfirmed { .. }
        | Event::TrackAdjusted { .. }
        | Event::IncidentTriggered { .. } => apply_pending(state, &recorded.event),
        Event::LetterDelivered { .. }
        | Event::LetterDispatched { .. }
        | Event::LetterPublicised { .. }
        | Event::ActionResolved { .. }
        | Event::AdjudicationPublished { .. }
        | Event::AgreementReached { .. }
        | Event::TrackMoved { .. }
        | Event::IntelGathered { .. } => apply_published(state, &recorded.event),
        Event::StanceChanged { .. }
        | Event::UnitMoved { .. }
        | Event::ContactMade { .. }
        | Event::CargoDelivered { .. }
        | Event::UnitSighted { .. } => apply_naval(state, &recorded.event),
        // Told to those who may know; the state keeps nothing of them.
        Event::ProposalAccepted { .. }
        | Event::TrackBand { .. }
        | Event::StrategicResolved { .. }
        | Event::IncidentOccurred { .. }
        | Event::SubmarineSearch { .. }
        | Event::AllSubmitted
        | Event::NotSubmitted { .. } => {}
    }
}

/// The session itself: its creation, title, forks, seed, declassification,
/// and its players and their presence.
fn apply_session(state: &mut State, event: &Event) {
    match event {
        Event::SessionCreated {
            scenario,
            seed,
            observers,
            title,
        } => {
            state.created = true;
            state.scenario_id = scenario.clone();
            state.seed = *seed;
            state.observers = *observers;
            state.title.clone_from(title);
        }
        Event::TitleSet { title } => state.title = Some(title.clone()),
        Event::Forked { parent, turn } => {
            state.forked_from = Some(ForkOrigin {
                session: parent.clone(),
                turn: *turn,
                at_seq: None,
            });
            // The parent's players stay on the record, but nobody here holds
            // their seats: the fork is played by whoever joins it.
            for p in state.players.values_mut() {
                p.online = false;
                p.former = true;
            }
        }
        Event::ForkCreated { fork, at_seq, turn } => state.forks.push(ForkPoint {
            session: fork.clone(),
            at_seq: *at_seq,
            turn: *turn,
        }),
        Event::Reseeded { seed, at_seq } => {
            state.seed = *seed;
            if let Some(origin) = state.forked_from.as_mut() {
                origin.at_seq = Some(*at_seq);
            }
        }
        Event::Declassified => state.declassified = true,
        Event::ClassShown { moment } => state.shown = moment.clone(),
        // Out of the session: on the record, holding no seat, offline.
        Event::PlayerLeft { player, .. } => {
            if let Some(p) = state.players.get_mut(player) {
                p.former = true;
                p.online = false;
            }
        }
        Event::PlayerMoved { player, seat, .. } => {
            if let Some(Role::Player { seat: held, .. }) =
                state.players.get_mut(player).map(|p| &mut p.role)
            {
                *held = seat.clone();
            }
        }
        Event::PlayerJoined { player, name, role } => {
            state.players.insert(
                player.clone(),
                Player {
                    id: player.clone(),
                    name: name.clone(),
                    role: (**role).clone(),
                    // A player joins through an open connection.
                    online: true,
                    former: false,
                },
            );
        }
        Event::PresenceChanged { player, online } => {
            if let Some(p) = state.players.get_mut(player) {
                p.online = *online;
            }
        }
        // `apply` sends no other event here.
        _ => {}
    }
}

/// The clock: the turn and phase, pauses, the Orders deadline, turns added,
/// and the end.
fn apply_clock(state: &mut State, recorded: &Recorded) {
    match &recorded.event {
        Event::PhaseChanged { turn, phase, .. } => {
            state.turn = *turn;
            state.phase = *phase;
            // A deadline belongs to one Orders phase.
            state.clock.deadline_at_ms = None;
            state.clock.remaining_ms = None;
            state.deadline_warned_ms = None;
            if *phase == Phase::Briefing {
                state.turn_starts.push(recorded.seq);
                // A new turn: fresh orders; the queue is released with it.
                state.orders.clear();
                state.adjudication = None;
                state.queued_injects.clear();
            }
        }
        Event::Paused { remaining_ms } => {
            state.clock.paused = true;
            state.clock.deadline_at_ms = None;
            state.clock.remaining_ms = *remaining_ms;
        }
        Event::Resumed => {
            state.clock.paused = false;
            state.clock.remaining_ms = None;
        }
        Event::DeadlineSet { at_ms } => {
            state.clock.deadline_at_ms = *at_ms;
            state.clock.remaining_ms = None;
            state.deadline_warned_ms = None;
        }
        Event::DeadlineNear { left_ms, .. } => {
            let given = crate::clock::warning_for(*left_ms);
            state.deadline_warned_ms =
                Some(state.deadline_warned_ms.map_or(given, |w| w.min(given)));
        }
        Event::TurnsAdded { added, .. } => state.added_turns = *added,
        Event::GameEnded { verdict } => {
            state.phase = Phase::Ended;
            state.verdict = Some(verdict.clone());
            state.clock = Clock::default();
        }
        // `apply` sends no other event here.
        _ => {}
    }
}

/// What people write and read: messages, the umpire's injects (queued or
/// released) and notes on the timeline.
fn apply_words(state: &mut State, recorded: &Recorded) {
    match &recorded.event {
        Event::MessagePosted {
            from,
            channel,
            text,
        } => {
            state.messages.push(Message {
                at_ms: recorded.at_ms,
                from: from.clone(),
                channel: channel.clone(),
                text: text.clone(),
            });
            forget_old_messages(&mut state.messages);
        }
        Event::InjectQueued { inject } => state.queued_injects.push(inject.clone()),
        Event::InjectReleased { inject } => state.injects.push(Released {
            turn: state.turn,
            at_ms: recorded.at_ms,
            inject: inject.clone(),
        }),
        Event::NoteWritten {
            text,
            bookmark,
            side,
        } => {
            if let Some(side) = side {
                let seq = state.streams.of(side);
                state.bookmark_seqs.insert(recorded.seq, seq);
            }
            state.notes.push(Note {
                seq: recorded.seq,
                turn: recorded.turn,
                phase: recorded.phase,
                text: text.clone(),
                bookmark: *bookmark,
                side: side.clone(),
            });
        }
        // `apply` sends no other event here.
        _ => {}
    }
}

/// The sides' orders documents: items drafted and removed, submissions, and
/// who may submit.
fn apply_orders(state: &mut State, event: &Event) {
    match event {
        Event::OrderAdded {
            side,
            item,
            by,
            seat,
            order,
        } => {
            let orders = state.orders.entry(side.clone()).or_default();
            orders.draft.push(DraftItem {
                item: *item,
                by: by.clone(),
                seat: seat.clone(),
                order: (**order).clone(),
            });
            orders.next_item = item + 1;
        }
        Event::OrderRemoved { side, item } => {
            if let Some(orders) = state.orders.get_mut(side) {
                orders.draft.retain(|d| d.item != *item);
            }
        }
        Event::OrdersSubmitted { side, by, items } => {
            state.orders.entry(side.clone()).or_default().submitted = Some(Submission {
                by: by.clone(),
                items: items.clone(),
            });
        }
        Event::SubmitRuleSet { any_member } => state.any_member_submits = *any_member,
        // `apply` sends no other event here.
        _ => {}
    }
}

/// The pending adjudication, as the close makes it and the umpire amends it:
/// letters and actions, rulings, outcomes, confirmation, track changes and
/// incidents brought in.
fn apply_pending(state: &mut State, event: &Event) {
    match event {
        Event::AdjudicationPending {
            adjudication,
            letters,
            actions,
        } => {
            for letter in letters {
                state.letters.insert(letter.id.clone(), letter.clone());
                state.pending_letters.insert(letter.id.clone());
            }
            for action in actions {
                state.actions.insert(action.id.clone(), action.clone());
            }
            state.adjudication = Some((**adjudication).clone());
        }
        Event::ActionRuled {
            action,
            ruling,
            roll,
        } => {
            if let Some(a) = state.actions.get_mut(action) {
                a.ruling = Some(ruling.clone());
                // An overrule stood against the ruling it was written under.
                a.overruled = false;
                if roll.is_some() {
                    a.rolls += 1;
                }
                a.roll = roll.clone();
            }
        }
        Event::OutcomeWritten {
            action,
            text,
            to,
            success,
            overrule,
        } => {
            if let Some(a) = state.actions.get_mut(action) {
                a.outcome = Some(text.clone());
                a.to = to.clone();
                a.outcome_success = *success;
                a.overruled = *overrule;
            }
        }
        Event::AgreementConfirmed { confirmed } => {
            if let Some(a) = state.adjudication.as_mut() {
                a.confirmed = *confirmed;
            }
        }
        Event::TrackAdjusted { change } => {
            if let Some(a) = state.adjudication.as_mut() {
                a.track_changes.push(change.clone());
            }
        }
        Event::IncidentTriggered { incident, changes } => {
            if let Some(a) = state.adjudication.as_mut() {
                a.triggered.push((**incident).clone());
                a.track_changes.extend(changes.iter().cloned());
            }
        }
        // `apply` sends no other event here.
        _ => {}
    }
}

/// What a publish settles: letters delivered, dispatched and made public, outcomes, the
/// adjudication published, an agreement, the tracks' new values and
/// intelligence gathered.
fn apply_published(state: &mut State, event: &Event) {
    match event {
        Event::LetterDelivered { letter } => {
            state.pending_letters.remove(&letter.id);
            if let Some(l) = state.letters.get_mut(&letter.id) {
                l.delivered = true;
            }
        }
        // The sender learns that its letter is on its way.
        Event::LetterDispatched { letter } => {
            state.pending_letters.remove(&letter.id);
        }
        Event::LetterPublicised { letter, .. } => {
            if let Some(l) = state.letters.get_mut(&letter.id) {
                l.publicised = true;
            }
        }
        Event::ActionResolved { outcome } => state.outcomes.push((**outcome).clone()),
        Event::AdjudicationPublished { .. } => {
            if let Some(a) = state.adjudication.as_mut() {
                a.published = true;
            }
        }
        Event::AgreementReached { agreement } => state.agreement = Some(agreement.clone()),
        Event::TrackMoved { track, to, .. } => {
            state.tracks.insert(track.clone(), *to);
        }
        Event::IntelGathered { intel, .. } => {
            let learned = state.intel.entry(intel.side.clone()).or_default();
            match learned.iter_mut().find(|i| i.track == intel.track) {
                Some(known) => *known = intel.clone(),
                None => learned.push(intel.clone()),
            }
        }
        // `apply` sends no other event here.
        _ => {}
    }
}

/// The units: stances, moves, losses, cargo delivered, and what each side
/// has sighted of the others'.
fn apply_naval(state: &mut State, event: &Event) {
    match event {
        Event::StanceChanged { change } => {
            state.units.entry(change.unit.clone()).or_default().stance =
                Some(change.stance.clone());
        }
        Event::UnitMoved { movement } => {
            state.units.entry(movement.unit.clone()).or_default().zone = Some(movement.to.clone());
        }
        // A ship lost at the line (a contact without a loss changes nothing).
        Event::ContactMade { contact } if contact.lost => {
            state.units.entry(contact.unit.clone()).or_default().lost = true;
        }
        Event::CargoDelivered { delivery } => {
            state
                .units
                .entry(delivery.unit.clone())
                .or_default()
                .delivered = true;
        }
        Event::UnitSighted { sighting } => {
            state
                .sightings
                .entry(sighting.by.clone())
                .or_default()
                .insert(sighting.unit.clone(), (**sighting).clone());
        }
        // A contact without a loss; `apply` sends no other event here.
        _ => {}
    }
}

/// How many messages the state takes in between two looks at what it may
/// forget.
const FORGET_EVERY: usize = 256;

/// Keeps the latest [`crate::limits::VIEW_RECENT_MESSAGES`] of each
/// conversation and forgets older ones, every [`FORGET_EVERY`] messages (so
/// that the look costs next to nothing a message): a view shows a viewer the
/// latest that many of the conversations it may read, which are all among
/// those kept, so the state stays bounded however long players talk. (The
/// log keeps every message.)
fn forget_old_messages(messages: &mut Vec<Message>) {
    if !messages.len().is_multiple_of(FORGET_EVERY) {
        return;
    }
    let mut keep = vec![false; messages.len()];
    let mut counts: Vec<(&crate::state::MessageChannel, usize)> = Vec::new();
    for (i, m) in messages.iter().enumerate().rev() {
        let at = match counts.iter().position(|(c, _)| **c == m.channel) {
            Some(at) => at,
            None => {
                counts.push((&m.channel, 0));
                counts.len() - 1
            }
        };
        counts[at].1 += 1;
        keep[i] = counts[at].1 <= crate::limits::VIEW_RECENT_MESSAGES;
    }
    let mut kept = keep.into_iter();
    messages.retain(|_| kept.next().unwrap_or(true));
}
