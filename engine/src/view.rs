//! Hidden information: what each viewer may see. [`view`] builds a viewer's
//! picture of the session; [`redact`] decides whether, and in what form, a
//! viewer learns of an event. Nothing leaves the engine for a connection by any
//! other path.

use crate::adjudication::{Adjudication, FreeAction, Outcome};
use crate::event::{Recorded, Seen, Visibility, audience_visibility};
use crate::ids::{PlayerId, SeatId, SideId};
use crate::injects::{Inject, Note, Released};
use crate::letters::{Agreement, Letter};
use crate::limits::VIEW_RECENT_MESSAGES;
use crate::orders::SideOrders;
use crate::replay::ObserverMode;
use crate::scenario::{ChannelDef, Scenario, TermDef};
use crate::state::{Clock, ForkOrigin, ForkPoint, Message, Phase, Role, State};
use crate::tracks::TrackView;
use serde::{Deserialize, Serialize};

/// A perspective on a session. Every member of a side shares one perspective.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    /// Sees everything.
    Umpire,
    /// Sees what is public and what is its side's.
    Side(SideId),
    /// Sees what is public.
    Observer,
}

impl Viewer {
    /// Whether this viewer may see what has `visibility`.
    pub fn may_see(&self, visibility: &Visibility) -> bool {
        match (self, visibility) {
            (Viewer::Umpire, _) | (_, Visibility::Public) => true,
            (Viewer::Side(mine), Visibility::Side(side)) => mine == side,
            (Viewer::Side(mine), Visibility::Sides(sides)) => sides.contains(mine),
            _ => false,
        }
    }
}

/// A viewer's picture of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct View {
    /// Whose picture this is.
    pub viewer: Viewer,
    /// The scenario, as everyone may know it.
    pub scenario: ScenarioSummary,
    /// The session's own title (public to all), given at creation or by
    /// the umpire since; none: the session goes by the scenario's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Current turn: 0 in the lobby.
    pub turn: u32,
    /// Current phase.
    pub phase: Phase,
    /// The current turn's date (none in the lobby).
    pub date: Option<String>,
    /// Pause and deadline: everyone sees the time left.
    pub clock: Clock,
    /// The umpire's verdict, once the game has ended.
    pub verdict: Option<String>,
    /// Everyone in the session, with seat and presence (public to all).
    pub players: Vec<PlayerView>,
    /// The most recent messages this viewer may read, oldest first.
    pub messages: Vec<Message>,
    /// Whether any member may submit a side's orders.
    pub any_member_submits: bool,
    /// This turn's orders: a side sees its own, the umpire every side's.
    pub orders: Vec<SideOrders>,
    /// The letters this viewer may read: its side's own once the publish
    /// has sent them, those delivered to it, and every public one (the
    /// umpire's, every letter from the close it was sent at); in the order
    /// of ids.
    pub letters: Vec<Letter>,
    /// Published outcomes of free-form actions this viewer may read.
    pub outcomes: Vec<Outcome>,
    /// The most recent injects this viewer may read, oldest first.
    pub injects: Vec<Released>,
    /// The agreement that ended the crisis, if one did.
    pub agreement: Option<Agreement>,
    /// The tracks, each with its exact value or only its band, as this viewer
    /// may know it, in the scenario's order; those a side knows only by
    /// intelligence follow, in the order it first learned of them.
    pub tracks: Vec<TrackView>,
    /// The strategic actions this viewer's side may order (every side's, for
    /// the umpire), each saying why it is unavailable now, if it is.
    pub menu: Vec<crate::strategic::MenuItem>,
    /// The viewer's side's own units, exactly (every unit, for the umpire).
    pub units: Vec<crate::naval::UnitView>,
    /// Other sides' units as the viewer's side last saw them (every side's
    /// sightings, for the umpire); units never seen are not here.
    pub sightings: Vec<crate::naval::Sighting>,
    /// The umpire's alone: the current adjudication, pending or published.
    pub adjudication: Option<Adjudication>,
    /// The umpire's alone: every free-form action, with rulings and rolls.
    pub actions: Vec<FreeAction>,
    /// The umpire's alone: injects held for the next Briefing.
    pub queued_injects: Vec<Inject>,
    /// Notes and bookmarks: every one for the umpire, a side's own bookmarks
    /// for its members, none for observers; each `seq` is its place in the
    /// viewer's own stream.
    pub notes: Vec<Note>,
    /// How observers follow the session (public to all).
    #[serde(default, skip_serializing_if = "ObserverMode::is_public")]
    pub observers: ObserverMode,
    /// Whether the umpire has opened every perspective to everyone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub declassified: bool,
    /// The moment of the review the umpire shows the class (public to
    /// all), once the game is declassified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<crate::replay::Moment>,
    /// The session this one was forked from, and where (public to all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkOrigin>,
    /// The umpire's alone: the sessions forked from this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forks: Vec<ForkPoint>,
    /// The umpire's alone: the scenario's incident table, which the umpire
    /// may bring into a pending adjudication by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<crate::scenario::IncidentDef>,
    /// The umpire's alone: the scenario's tracks, with who knows each
    /// exactly and its bands, so the umpire can see before publishing what
    /// each side will read of a change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub track_defs: Vec<crate::scenario::TrackDef>,
}

/// The public part of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScenarioSummary {
    /// Scenario id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The sides and their seats.
    pub sides: Vec<SideSummary>,
    /// How many turns the scenario has.
    pub turns: u32,
    /// The date of each turn, turn 1 first.
    pub dates: Vec<String>,
    /// The channels letters travel by.
    pub channels: Vec<ChannelDef>,
    /// The terms a letter may propose.
    pub terms: Vec<TermDef>,
    /// The map's zones.
    pub zones: Vec<crate::map::ZoneDef>,
    /// The stances units may take, every side's.
    pub stances: Vec<crate::map::StanceDef>,
}

/// A side and its seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SideSummary {
    /// Side id.
    pub id: SideId,
    /// Name for people.
    pub name: String,
    /// The seats.
    pub seats: Vec<SeatSummary>,
}

/// A seat and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeatSummary {
    /// Seat id.
    pub id: SeatId,
    /// Name for people.
    pub name: String,
    /// Whether it is the side's leader seat.
    pub leader: bool,
    /// The player holding it, if any.
    pub holder: Option<PlayerId>,
}

/// A player as everyone may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlayerView {
    /// Player id.
    pub id: PlayerId,
    /// Display name.
    pub name: String,
    /// Role, side and seat.
    pub role: Role,
    /// Whether they are connected.
    pub online: bool,
    /// Whether they came with the log of the session this one was forked
    /// from, holding no seat here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
}

/// What `viewer` may know of the session.
pub(crate) fn view(scenario: &Scenario, state: &State, viewer: &Viewer) -> View {
    let umpire = *viewer == Viewer::Umpire;
    View {
        viewer: viewer.clone(),
        scenario: ScenarioSummary {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            sides: scenario
                .sides
                .iter()
                .map(|side| SideSummary {
                    id: side.id.clone(),
                    name: side.name.clone(),
                    seats: side
                        .seats
                        .iter()
                        .map(|seat| SeatSummary {
                            id: seat.id.clone(),
                            name: seat.name.clone(),
                            leader: seat.leader,
                            holder: state.seat_holder(&side.id, &seat.id).map(|p| p.id.clone()),
                        })
                        .collect(),
                })
                .collect(),
            turns: crate::clock::total_turns(scenario, state),
            dates: (1..=crate::clock::total_turns(scenario, state))
                .filter_map(|t| crate::clock::date_of(scenario, t))
                .collect(),
            channels: scenario.channels.clone(),
            terms: scenario.terms.clone(),
            zones: crate::map::both_ways(&scenario.zones),
            stances: scenario.stances.clone(),
        },
        title: state.title.clone(),
        turn: state.turn,
        phase: state.phase,
        date: crate::clock::date_of(scenario, state.turn),
        clock: state.clock.clone(),
        verdict: state.verdict.clone(),
        players: state
            .players
            .values()
            .map(|p| PlayerView {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
                online: p.online,
                former: p.former,
            })
            .collect(),
        messages: recent(
            state
                .messages
                .iter()
                .filter(|m| viewer.may_see(&crate::event::Event::channel_visibility(&m.channel))),
        ),
        any_member_submits: state.any_member_submits,
        orders: state
            .orders
            .iter()
            .filter(|(side, _)| viewer.may_see(&Visibility::Side((*side).clone())))
            .map(|(side, orders)| SideOrders {
                side: side.clone(),
                orders: orders.clone(),
            })
            .collect(),
        letters: state
            .letters
            .values()
            .filter(|l| {
                viewer.may_see(&l.visibility())
                    && (umpire || !state.pending_letters.contains(&l.id))
            })
            .cloned()
            .collect(),
        outcomes: state
            .outcomes
            .iter()
            .filter(|o| viewer.may_see(&audience_visibility(&o.to)))
            .cloned()
            .collect(),
        injects: recent(
            state
                .injects
                .iter()
                .filter(|i| viewer.may_see(&audience_visibility(&i.inject.to))),
        ),
        agreement: state.agreement.clone().filter(|a| {
            viewer.may_see(&if a.public {
                Visibility::Public
            } else {
                Visibility::Sides(a.parties.clone())
            })
        }),
        tracks: crate::tracks::view(scenario, state, viewer),
        menu: crate::strategic::menu(scenario, state, viewer),
        units: crate::naval::view_units(scenario, state, viewer),
        sightings: crate::naval::view_sightings(state, viewer),
        adjudication: umpire.then(|| state.adjudication.clone()).flatten(),
        actions: if umpire {
            state.actions.values().cloned().collect()
        } else {
            Vec::new()
        },
        queued_injects: if umpire {
            state.queued_injects.clone()
        } else {
            Vec::new()
        },
        notes: state
            .notes
            .iter()
            .filter(|n| match (viewer, &n.side) {
                (Viewer::Umpire, _) => true,
                (Viewer::Side(mine), Some(side)) => mine == side,
                _ => false,
            })
            .map(|n| Note {
                // A side's bookmark is placed in the side's own stream.
                seq: if umpire {
                    n.seq
                } else {
                    state.bookmark_seqs.get(&n.seq).copied().unwrap_or_default()
                },
                ..n.clone()
            })
            .collect(),
        observers: state.observers,
        declassified: state.declassified,
        shown: state.shown.clone(),
        forked_from: state.forked_from.clone().map(|origin| ForkOrigin {
            at_seq: origin.at_seq.filter(|_| umpire),
            ..origin
        }),
        forks: if umpire {
            state.forks.clone()
        } else {
            Vec::new()
        },
        incidents: if umpire {
            scenario.incidents.clone()
        } else {
            Vec::new()
        },
        track_defs: if umpire {
            scenario.tracks.clone()
        } else {
            Vec::new()
        },
    }
}

/// The last [`VIEW_RECENT_MESSAGES`] items, oldest first.
fn recent<'s, T: Clone + 's>(items: impl Iterator<Item = &'s T>) -> Vec<T> {
    let all: Vec<&T> = items.collect();
    let skip = all.len().saturating_sub(VIEW_RECENT_MESSAGES);
    all.into_iter().skip(skip).cloned().collect()
}

/// Whether, and how, `viewer` learns of a recorded event: `None` when it may
/// not, otherwise the event as it may see it, without its log position.
pub fn redact(recorded: &Recorded, viewer: &Viewer) -> Option<Seen> {
    if !viewer.may_see(&recorded.visibility) {
        return None;
    }
    Some(Seen {
        at_ms: recorded.at_ms,
        turn: recorded.turn,
        phase: recorded.phase,
        actor: recorded.actor.clone(),
        visibility: recorded.visibility.clone(),
        event: recorded.event.clone(),
    })
}
