//! The fold of a viewer's events into its view: how a client keeps the view
//! it was welcomed with up to date from the events it receives, with no
//! state of its own. [`View::apply`] is the one fold; the property test
//! `folding_a_viewers_stream_gives_its_view` (`server/tests/fold.rs`) shows
//! that, for every viewer and at every point of randomised games, folding
//! the viewer's own stream into its view from the start (or from a welcome
//! in the middle) gives exactly the engine's view there.
//!
//! Every event has its own arm, saying what it changes in a view or why it
//! changes nothing, so that a new event does not compile until it is folded
//! here; and the logic is kept plain, since clients in other languages
//! mirror it. The fold reads only the event and the view it updates, so it
//! cannot give a viewer anything its own stream and view did not hold.

use crate::adjudication::{Adjudication, FreeAction};
use crate::event::{Event, Seen};
use crate::ids::{PlayerId, SeatId, SideId, TrackId, UnitId, ZoneId};
use crate::injects::{Inject, Note, Released};
use crate::letters::Letter;
use crate::limits::VIEW_RECENT_MESSAGES;
use crate::map::UnitKind;
use crate::naval::{Intel, Sighting, UnitView};
use crate::orders::{DraftItem, OrderItem, Orders, SideOrders, Submission};
use crate::state::{Clock, ForkOrigin, ForkPoint, Message, MessageChannel, Phase, Role};
use crate::strategic::Facts;
use crate::tracks::{TrackInfo, TrackView};
use crate::view::{PlayerView, View};

impl View {
    /// Folds one event of this viewer's stream into the view. `seq` is the
    /// event's number in the viewer's stream (the `seq` of its `event`
    /// message); `seen` is the event as the viewer received it.
    ///
    /// Events come to a viewer only if it may see them, so an arm for an
    /// event some viewers never receive (the umpire's alone, say) simply
    /// never runs for them.
    pub fn apply(&mut self, seq: u64, seen: &Seen) {
        match &seen.event {
            // The umpire's alone; the view keeps how observers follow.
            Event::SessionCreated {
                observers, title, ..
            } => (self.observers, self.title) = (*observers, title.clone()),
            Event::TitleSet { title } => self.title = Some(title.clone()),
            Event::Forked { parent, turn } => self.forked(parent, *turn),
            // The umpire's alone: how many of the parent's events were kept.
            Event::Reseeded { at_seq, .. } => {
                if let Some(origin) = &mut self.forked_from {
                    origin.at_seq = Some(*at_seq);
                }
            }
            // The umpire's alone.
            Event::ForkCreated { fork, at_seq, turn } => self.forks.push(ForkPoint {
                session: fork.clone(),
                at_seq: *at_seq,
                turn: *turn,
            }),
            Event::Declassified => self.declassified = true,
            Event::ClassShown { moment } => self.shown = moment.clone(),
            Event::PlayerJoined { player, name, role } => self.joined(player, name, role),
            Event::PlayerLeft { player, .. } => self.left(player),
            Event::PlayerMoved { player, seat, .. } => self.moved(player, seat),
            Event::PresenceChanged { player, online } => {
                if let Some(p) = self.players.iter_mut().find(|p| &p.id == player) {
                    p.online = *online;
                }
            }
            Event::PhaseChanged {
                turn, phase, date, ..
            } => self.phase_changed(*turn, *phase, date),
            Event::Paused { remaining_ms } => self.paused(*remaining_ms),
            Event::Resumed => (self.clock.paused, self.clock.remaining_ms) = (false, None),
            Event::DeadlineSet { at_ms } => {
                (self.clock.deadline_at_ms, self.clock.remaining_ms) = (*at_ms, None);
            }
            Event::TurnsAdded {
                added,
                total,
                dates,
            } => self.turns_added(*added, *total, dates),
            Event::GameEnded { verdict } => {
                self.phase = Phase::Ended;
                self.verdict = Some(verdict.clone());
                self.clock = Clock::default();
            }
            Event::MessagePosted {
                from,
                channel,
                text,
            } => self.posted(seen.at_ms, from, channel, text),
            Event::OrderAdded {
                side,
                item,
                by,
                seat,
                order,
            } => self.order_added(side, *item, by, seat, order),
            Event::OrderRemoved { side, item } => {
                if let Some(o) = self.orders.iter_mut().find(|o| &o.side == side) {
                    o.orders.draft.retain(|d| d.item != *item);
                }
            }
            Event::OrdersSubmitted { side, by, items } => {
                let submission = Submission {
                    by: by.clone(),
                    items: items.clone(),
                };
                self.side_orders(side).submitted = Some(submission);
            }
            Event::SubmitRuleSet { any_member } => self.any_member_submits = *any_member,
            // News for the side (and the umpire): the warnings before the
            // deadline and what became of an unsubmitted draft change no
            // view; the draft used is the umpire's adjudication's.
            Event::DeadlineNear { .. } | Event::NotSubmitted { .. } | Event::AllSubmitted => {}
            // The umpire's alone from here to `incident_triggered`: the
            // pending adjudication and the umpire's work on it.
            Event::AdjudicationPending {
                adjudication,
                letters,
                actions,
            } => self.pending(adjudication, letters, actions),
            Event::ActionRuled {
                action,
                ruling,
                roll,
            } => {
                if let Some(a) = self.action(action) {
                    (a.ruling, a.overruled) = (Some(ruling.clone()), false);
                    a.rolls += u32::from(roll.is_some());
                    a.roll = roll.clone();
                }
            }
            written @ Event::OutcomeWritten { .. } => self.outcome_written(written),
            Event::AgreementConfirmed { confirmed } => self.amend(|a| a.confirmed = *confirmed),
            Event::TrackAdjusted { change } => self.amend(|a| a.track_changes.push(change.clone())),
            Event::IncidentTriggered { incident, changes } => self.amend(|a| {
                a.triggered.push((**incident).clone());
                a.track_changes.extend(changes.iter().cloned());
            }),
            // Each carries the letter as it now stands, in full: it replaces
            // the one the view had, or joins the view.
            Event::LetterDelivered { letter }
            | Event::LetterDispatched { letter }
            | Event::LetterPublicised { letter, .. } => self.letter(letter),
            // The view keeps no acceptances: an agreement they lead to comes
            // as `agreement_reached`.
            Event::ProposalAccepted { .. } => {}
            Event::ActionResolved { outcome } => self.outcomes.push((**outcome).clone()),
            // Only the umpire's view holds the adjudication.
            Event::AdjudicationPublished { .. } => self.amend(|a| a.published = true),
            Event::AgreementReached { agreement } => self.agreement = Some(agreement.clone()),
            // The umpire's alone.
            Event::InjectQueued { inject } => self.queued_injects.push(inject.clone()),
            Event::InjectReleased { inject } => self.released(seen, inject),
            // How they went is news, not part of the view: their effects
            // come as `track_moved`, `track_band` and `intel_gathered`.
            Event::StrategicResolved { .. } | Event::IncidentOccurred { .. } => {}
            // Only those who may know the exact value receive it.
            Event::TrackMoved { track, to, .. } => {
                if let Some(t) = self.track(track) {
                    t.value = Some(*to);
                }
            }
            Event::TrackBand { track, band } => {
                if let Some(t) = self.track(track) {
                    t.band = Some(band.clone());
                }
            }
            // The rest of the map's events, but for sightings, concern the
            // units the view holds: the side's own (every one, the umpire's).
            Event::StanceChanged { change } => {
                if let Some(u) = self.unit(&change.unit) {
                    u.stance = Some(change.stance.clone());
                }
            }
            Event::UnitMoved { movement } => {
                if let Some(u) = self.unit(&movement.unit) {
                    u.zone = movement.to.clone();
                }
            }
            // A ship lost at the line; a contact without a loss changes no
            // unit (a ship turned back comes as its own `unit_moved`).
            Event::ContactMade { contact } => {
                if let Some(u) = self.unit(&contact.unit).filter(|_| contact.lost) {
                    u.lost = true;
                }
            }
            Event::CargoDelivered { delivery } => {
                if let Some(u) = self.unit(&delivery.unit) {
                    u.delivered = true;
                }
            }
            // What a search found comes as `unit_sighted`.
            Event::SubmarineSearch { .. } => {}
            Event::UnitSighted { sighting } => self.sighted(sighting),
            Event::IntelGathered { intel, track } => self.intel(intel, track.as_deref()),
            Event::NoteWritten {
                text,
                bookmark,
                side,
            } => self.noted(seq, seen, text, *bookmark, side.as_ref()),
        }
        // Whatever changed, the menu says again what is possible now.
        self.refresh_menu();
    }

    /// Changes the adjudication, if the view holds one (the umpire's does).
    fn amend(&mut self, change: impl FnOnce(&mut Adjudication)) {
        if let Some(a) = &mut self.adjudication {
            change(a);
        }
    }

    /// `paused`: the deadline stops; the time it had left is kept.
    fn paused(&mut self, remaining_ms: Option<u64>) {
        self.clock = Clock {
            paused: true,
            deadline_at_ms: None,
            remaining_ms,
        };
    }

    /// `turns_added`: how many turns the game has, and the dates of the
    /// scenario's own turns followed by those of every turn added (an old
    /// log's event has no dates: the view keeps those it had).
    fn turns_added(&mut self, added: u32, total: u32, dates: &[String]) {
        self.scenario.turns = total;
        if !dates.is_empty() {
            let scenario_turns = total.saturating_sub(added) as usize;
            self.scenario.dates.truncate(scenario_turns);
            self.scenario.dates.extend(dates.iter().cloned());
        }
    }

    /// `message_posted`: the message, sent at `at_ms`; the view keeps the
    /// latest few.
    fn posted(&mut self, at_ms: u64, from: &PlayerId, channel: &MessageChannel, text: &str) {
        self.messages.push(Message {
            at_ms,
            from: from.clone(),
            channel: channel.clone(),
            text: text.to_owned(),
        });
        keep_recent(&mut self.messages);
    }

    /// `order_added`: the item at the end of the side's draft; the next
    /// item is numbered after it.
    fn order_added(
        &mut self,
        side: &SideId,
        item: u32,
        by: &PlayerId,
        seat: &SeatId,
        order: &OrderItem,
    ) {
        let orders = self.side_orders(side);
        orders.draft.push(DraftItem {
            item,
            by: by.clone(),
            seat: seat.clone(),
            order: order.clone(),
        });
        orders.next_item = item + 1;
    }

    /// `inject_released`: the inject, released in the event's turn at its
    /// time; the view keeps the latest few.
    fn released(&mut self, seen: &Seen, inject: &Inject) {
        self.injects.push(Released {
            turn: seen.turn,
            at_ms: seen.at_ms,
            inject: inject.clone(),
        });
        keep_recent(&mut self.injects);
    }

    /// `note_written`: the note or bookmark, at its place in the viewer's
    /// own stream (`seq`) and the event's turn and phase.
    fn noted(&mut self, seq: u64, seen: &Seen, text: &str, bookmark: bool, side: Option<&SideId>) {
        self.notes.push(Note {
            seq,
            turn: seen.turn,
            phase: seen.phase,
            text: text.to_owned(),
            bookmark,
            side: side.cloned(),
        });
    }

    /// `forked`: the players here came with the parent's log and hold no
    /// seats; the session says whose fork it is.
    fn forked(&mut self, parent: &str, turn: u32) {
        for p in &mut self.players {
            p.online = false;
            p.former = true;
        }
        for seat in self.scenario.sides.iter_mut().flat_map(|s| &mut s.seats) {
            seat.holder = None;
        }
        self.forked_from = Some(ForkOrigin {
            session: parent.to_owned(),
            turn,
            at_seq: None,
        });
    }

    /// `player_joined`: the player, online, among the players in the order
    /// of their ids; a side player holds their seat.
    fn joined(&mut self, player: &PlayerId, name: &str, role: &Role) {
        let joined = PlayerView {
            id: player.clone(),
            name: name.to_owned(),
            role: role.clone(),
            online: true,
            former: false,
        };
        upsert(&mut self.players, joined, |p| p.id.clone());
        if let Role::Player { side, seat } = role {
            let seat = self
                .scenario
                .sides
                .iter_mut()
                .filter(|s| &s.id == side)
                .flat_map(|s| &mut s.seats)
                .find(|s| &s.id == seat);
            if let Some(seat) = seat {
                seat.holder = Some(player.clone());
            }
        }
    }

    /// `player_left`: the player is on the record but at no seat, offline.
    fn left(&mut self, player: &PlayerId) {
        if let Some(p) = self.players.iter_mut().find(|p| &p.id == player) {
            (p.former, p.online) = (true, false);
        }
        self.seat_holder(player, None);
    }

    /// `player_moved`: the player's seat, and both seats' holders.
    fn moved(&mut self, player: &PlayerId, seat: &SeatId) {
        let Some(p) = self.players.iter_mut().find(|p| &p.id == player) else {
            return;
        };
        let Role::Player { side, seat: held } = &mut p.role else {
            return;
        };
        *held = seat.clone();
        let side = side.clone();
        self.seat_holder(player, None);
        let seat = self
            .scenario
            .sides
            .iter_mut()
            .filter(|s| s.id == side)
            .flat_map(|s| &mut s.seats)
            .find(|s| &s.id == seat);
        if let Some(seat) = seat {
            seat.holder = Some(player.clone());
        }
    }

    /// Every seat `player` holds now holds `holder` instead.
    fn seat_holder(&mut self, player: &PlayerId, holder: Option<&PlayerId>) {
        for seat in self.scenario.sides.iter_mut().flat_map(|s| &mut s.seats) {
            if seat.holder.as_ref() == Some(player) {
                seat.holder = holder.cloned();
            }
        }
    }

    /// `phase_changed`: the turn, phase and date; a deadline belongs to one
    /// Orders phase; a new turn (its Briefing) starts with no orders, no
    /// adjudication and the queue of injects released.
    fn phase_changed(&mut self, turn: u32, phase: Phase, date: &str) {
        self.turn = turn;
        self.phase = phase;
        self.date = Some(date.to_owned());
        self.clock.deadline_at_ms = None;
        self.clock.remaining_ms = None;
        if phase == Phase::Briefing {
            self.orders.clear();
            self.adjudication = None;
            self.queued_injects.clear();
        }
    }

    /// `side`'s orders, added (in the order of sides' ids) if the view has
    /// none yet.
    fn side_orders(&mut self, side: &SideId) -> &mut Orders {
        let at = match self.orders.binary_search_by(|o| o.side.cmp(side)) {
            Ok(at) => at,
            Err(at) => {
                let orders = SideOrders {
                    side: side.clone(),
                    orders: Orders::default(),
                };
                self.orders.insert(at, orders);
                at
            }
        };
        &mut self.orders[at].orders
    }

    /// `adjudication_pending`: the adjudication, and the letters and
    /// actions it brings, each in the order of ids.
    fn pending(&mut self, adjudication: &Adjudication, letters: &[Letter], actions: &[FreeAction]) {
        for letter in letters {
            self.letter(letter);
        }
        for action in actions {
            upsert(&mut self.actions, action.clone(), |a| a.id.clone());
        }
        self.adjudication = Some(adjudication.clone());
    }

    /// The umpire's outcome of a pending action, and what it says.
    fn outcome_written(&mut self, written: &Event) {
        let Event::OutcomeWritten {
            action,
            text,
            to,
            success,
            overrule,
        } = written
        else {
            return;
        };
        if let Some(a) = self.action(action) {
            (a.outcome, a.to) = (Some(text.clone()), to.clone());
            (a.outcome_success, a.overruled) = (*success, *overrule);
        }
    }

    fn action(&mut self, id: &crate::ids::ActionId) -> Option<&mut FreeAction> {
        self.actions.iter_mut().find(|a| &a.id == id)
    }

    /// A letter as it now stands, in the order of ids.
    fn letter(&mut self, letter: &Letter) {
        upsert(&mut self.letters, letter.clone(), |l| l.id.clone());
    }

    fn track(&mut self, id: &TrackId) -> Option<&mut TrackView> {
        self.tracks.iter_mut().find(|t| &t.id == id)
    }

    fn unit(&mut self, id: &UnitId) -> Option<&mut UnitView> {
        self.units.iter_mut().find(|u| &u.id == id)
    }

    /// `unit_sighted`: the latest sighting of the unit by that side, in the
    /// order of the seeing side, then of the unit.
    fn sighted(&mut self, sighting: &Sighting) {
        upsert(&mut self.sightings, sighting.clone(), |s| {
            (s.by.clone(), s.unit.clone())
        });
    }

    /// `intel_gathered` (a side's own): what the side learned of a track it
    /// does not know exactly. A track it knew nothing of until now joins
    /// the view at the end, with the name and range the event carries.
    fn intel(&mut self, intel: &Intel, info: Option<&TrackInfo>) {
        match self.track(&intel.track) {
            // A track the viewer knows exactly needs no intelligence.
            Some(t) if t.value.is_some() => {}
            Some(t) => t.intel = Some(intel.clone()),
            None => self.tracks.push(TrackView {
                id: intel.track.clone(),
                // An old log's event has no name nor range: the id, and
                // the value as the range, until a welcome brings them.
                name: info.map_or_else(|| intel.track.to_string(), |i| i.name.clone()),
                min: info.map_or(intel.value, |i| i.min),
                max: info.map_or(intel.value, |i| i.max),
                value: None,
                band: None,
                intel: Some(intel.clone()),
            }),
        }
    }

    /// Each menu item's `unavailable`, worked out again from its
    /// `requires` and the view, as the rules work it out from the state.
    fn refresh_menu(&mut self) {
        let reasons: Vec<Option<String>> = self
            .menu
            .iter()
            .map(|m| crate::strategic::unmet_facts(self, Some(&m.side), self.turn, &m.requires))
            .collect();
        for (item, reason) in self.menu.iter_mut().zip(reasons) {
            item.unavailable = reason;
        }
    }
}

/// What conditions read, from the view: its tracks known exactly, its own
/// units (every unit, for the umpire) and the map.
impl Facts for View {
    fn track(&self, id: &TrackId) -> Option<(&str, i32)> {
        let t = self.tracks.iter().find(|t| &t.id == id)?;
        Some((t.name.as_str(), t.value?))
    }

    fn unit_in(&self, side: &SideId, zone: &ZoneId, kind: Option<UnitKind>) -> bool {
        self.units.iter().any(|u| {
            &u.side == side
                && &u.zone == zone
                && !u.lost
                && self.turn >= u.enters
                && kind.is_none_or(|k| u.kind == k)
        })
    }

    fn zone_name(&self, zone: &ZoneId) -> Option<&str> {
        self.scenario
            .zones
            .iter()
            .find(|z| &z.id == zone)
            .map(|z| z.name.as_str())
    }

    fn side_name(&self, side: &SideId) -> Option<&str> {
        let s = self.scenario.sides.iter().find(|s| &s.id == side)?;
        Some(s.name.as_str())
    }
}

/// Puts `item` in `items`, kept in the order of `key`: in place of the one
/// with the same key, or where its key falls.
fn upsert<T, K: Ord>(items: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    match items.binary_search_by(|x| key(x).cmp(&k)) {
        Ok(at) => items[at] = item,
        Err(at) => items.insert(at, item),
    }
}

/// Keeps the latest [`VIEW_RECENT_MESSAGES`] items, as a view holds them.
fn keep_recent<T>(items: &mut Vec<T>) {
    let over = items.len().saturating_sub(VIEW_RECENT_MESSAGES);
    items.drain(..over);
}

#[cfg(test)]
mod tests {
    use crate::{Action, Actor, Command, Event, JoinRole, PlayerId, Scenario, Session, Viewer};
    use crate::{redact, view::View};
    use std::sync::Arc;

    /// An observer's view, folded from its stream: the view, and the seq of
    /// the last event folded in.
    struct Observer(View, u64);

    /// Decides `command` and applies its events, which the observer folds in
    /// as far as it may see them; returns those.
    fn run(game: &mut Session, actor: &Actor, command: Command, o: &mut Observer) -> Vec<Event> {
        let recorded = game
            .decide(actor, &command, 1_000)
            .unwrap_or_else(|r| panic!("{command:?}: {r}"));
        let mut seen_events = Vec::new();
        for r in &recorded {
            game.apply(r);
            if let Some(seen) = redact(r, &Viewer::Observer) {
                o.1 += 1;
                o.0.apply(o.1, &seen);
                seen_events.push(seen.event);
            }
        }
        seen_events
    }

    #[test]
    fn a_public_tracks_new_band_is_told_and_folded() {
        // The tiny scenario's public weather, given bands.
        let text = include_str!("../tests/data/tiny.toml").replace(
            "start = 1\npublic = true\n",
            "start = 1\npublic = true\nbands = [{ name = \"calm\", upto = 1 }, { name = \"stormy\", upto = 3 }]\n",
        );
        let scenario = Scenario::parse("tiny.toml", &text).expect("valid");
        let mut game = Session::new(Arc::new(scenario));
        let mut observer = Observer(game.view(&Viewer::Observer), 0);
        let create = Command::Create {
            seed: 1,
            observers: Default::default(),
            title: None,
        };
        run(&mut game, &Actor::System, create, &mut observer);
        for (role, name) in [(JoinRole::Umpire, "Control"), (JoinRole::Observer, "Press")] {
            let join = Command::Join {
                role,
                name: name.into(),
                seat: None,
            };
            run(&mut game, &Actor::System, join, &mut observer);
        }
        let umpire = Actor::Player(PlayerId::nth(1));
        for action in [
            Action::StartGame {},
            Action::Advance { force: true },
            Action::Advance { force: true },
            Action::AdjustTrack {
                track: "weather".into(),
                by: 2,
                reason: "A front comes in".into(),
            },
        ] {
            run(&mut game, &umpire, Command::Act(action), &mut observer);
        }
        let publish = Command::Act(Action::Publish {});
        let told = run(&mut game, &umpire, publish, &mut observer);
        // Everyone knows the weather exactly, and is told its new band too.
        let band = Event::TrackBand {
            track: "weather".into(),
            band: "stormy".into(),
        };
        assert!(told.contains(&band), "{told:?}");
        let weather = observer
            .0
            .tracks
            .iter()
            .find(|t| t.id.as_str() == "weather");
        let weather = weather.expect("the weather is public");
        assert_eq!(
            (weather.value, weather.band.as_deref()),
            (Some(3), Some("stormy"))
        );
        assert_eq!(observer.0, game.view(&Viewer::Observer));
    }
}
