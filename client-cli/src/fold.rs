//! The client's picture of the turn machine (orders, letters, the pending
//! adjudication), kept up to date from the events it receives.

use brink_engine::{DraftItem, Event, Orders, SideId, SideOrders, View};

/// Keeps the client's view up to date with a turn-machine event.
pub fn note(view: &mut View, event: &Event) {
    let orders = |view: &mut View, side: &SideId| -> usize {
        if let Some(i) = view.orders.iter().position(|o| &o.side == side) {
            return i;
        }
        view.orders.push(SideOrders {
            side: side.clone(),
            orders: Orders::default(),
        });
        view.orders.len() - 1
    };
    match event {
        Event::PhaseChanged { phase, .. } if *phase == brink_engine::Phase::Briefing => {
            view.orders.clear();
            view.adjudication = None;
            view.queued_injects.clear();
        }
        Event::OrderAdded {
            side,
            item,
            by,
            seat,
            order,
        } => {
            let i = orders(view, side);
            view.orders[i].orders.draft.push(DraftItem {
                item: *item,
                by: by.clone(),
                seat: seat.clone(),
                order: (**order).clone(),
            });
        }
        Event::OrderRemoved { side, item } => {
            let i = orders(view, side);
            view.orders[i].orders.draft.retain(|d| d.item != *item);
        }
        Event::OrdersSubmitted { side, by, items } => {
            let i = orders(view, side);
            view.orders[i].orders.submitted = Some(brink_engine::Submission {
                by: by.clone(),
                items: items.clone(),
            });
        }
        Event::SubmitRuleSet { any_member } => view.any_member_submits = *any_member,
        Event::AdjudicationPending {
            adjudication,
            letters,
            actions,
        } => {
            view.adjudication = Some((**adjudication).clone());
            view.letters.extend(letters.iter().cloned());
            view.actions.extend(actions.iter().cloned());
        }
        Event::ActionRuled {
            action,
            ruling,
            roll,
        } => {
            if let Some(a) = view.actions.iter_mut().find(|a| &a.id == action) {
                a.ruling = Some(ruling.clone());
                a.roll = roll.clone();
            }
        }
        Event::OutcomeWritten { action, text, to } => {
            if let Some(a) = view.actions.iter_mut().find(|a| &a.id == action) {
                a.outcome = Some(text.clone());
                a.to = to.clone();
            }
        }
        Event::AgreementConfirmed { confirmed } => {
            if let Some(a) = &mut view.adjudication {
                a.confirmed = *confirmed;
            }
        }
        Event::AdjudicationPublished { .. } => {
            if let Some(a) = &mut view.adjudication {
                a.published = true;
            }
        }
        Event::LetterDelivered { letter }
        | Event::LetterDispatched { letter }
        | Event::LetterPublicised { letter, .. } => {
            let mut letter = letter.clone();
            letter.delivered |= matches!(event, Event::LetterDelivered { .. });
            letter.publicised |= matches!(event, Event::LetterPublicised { .. });
            match view.letters.iter_mut().find(|l| l.id == letter.id) {
                Some(known) => {
                    known.delivered |= letter.delivered;
                    known.publicised |= letter.publicised;
                }
                None => view.letters.push(*letter),
            }
        }
        Event::ActionResolved { outcome } => view.outcomes.push((**outcome).clone()),
        Event::AgreementReached { agreement } => view.agreement = Some(agreement.clone()),
        Event::InjectQueued { inject } => view.queued_injects.push(inject.clone()),
        Event::TrackAdjusted { change } => {
            if let Some(a) = &mut view.adjudication {
                a.track_changes.push(change.clone());
            }
        }
        Event::IncidentTriggered { incident, changes } => {
            if let Some(a) = &mut view.adjudication {
                a.triggered.push((**incident).clone());
                a.track_changes.extend(changes.iter().cloned());
            }
        }
        Event::TrackMoved { track, to, .. } => {
            if let Some(t) = view.tracks.iter_mut().find(|t| &t.id == track) {
                t.value = Some(*to);
            }
        }
        Event::TrackBand { track, band } => {
            if let Some(t) = view.tracks.iter_mut().find(|t| &t.id == track) {
                t.band = Some(band.clone());
            }
        }
        _ => crate::naval::note(view, event),
    }
}
