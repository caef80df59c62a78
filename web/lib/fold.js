// @ts-check
// The page's picture of the session: the welcome's view, brought up to date
// by folding in each event the server sends (the mirror of the engine's
// fold), and a feed of what happened for people to read. Pure functions,
// tested without a browser: the page holds only what the server sent it.
import { audienceName, phaseName, playerName, sideName, span } from './names.js';

/**
 * @typedef {import('../types/wire').View} View
 * @typedef {import('../types/wire').Role} Role
 * @typedef {import('../types/wire').MessageChannel} MessageChannel
 * @typedef {Extract<import('../types/wire').ServerMsg, { type: 'welcome' }>} Welcome
 * @typedef {Extract<import('../types/wire').ServerMsg, { type: 'event' }>} EventMsg
 * @typedef {{ seq: number, turn: number, atMs: number, kind: string, text: string, who?: string, missed?: boolean, type?: string }} Line
 * @typedef {{ view: View, seq: number, feed: Line[], player: string, role: Role, unread: number }} Table
 */

/** Lines kept in the feed. */
const FEED = 300;

/**
 * The table from a welcome: its view, and (for a page loaded afresh) its
 * recent messages and injects as the feed.
 * @param {Welcome} welcome @param {Table | null} before
 * @returns {Table}
 */
export function welcome(welcome, before) {
  const view = welcome.view;
  /** @type {Line[]} */
  let feed = before ? before.feed : [];
  if (!before) {
    feed = [
      ...view.injects.map((i) => ({ seq: 0, turn: i.turn, atMs: i.at_ms, kind: 'inject', text: i.text, who: `To ${audienceName(view, i.to)}` })),
      ...view.messages.map((m) => messageLine(view, 0, m.at_ms, view.turn, m)),
    ].sort((a, b) => a.atMs - b.atMs);
  }
  return { view, seq: welcome.seq, feed: feed.slice(-FEED), player: welcome.player, role: welcome.role, unread: 0 };
}

/**
 * The table after one `event` message. An event at or before the view's
 * position (one missed while away, sent after a resume's welcome) is
 * already in the view: it only joins the feed, marked as missed.
 * @param {Table} table @param {EventMsg} msg
 * @returns {Table}
 */
export function apply(table, msg) {
  const missed = msg.seq <= table.seq;
  const view = missed ? table.view : fold(table.view, msg);
  const line = describe(view, msg);
  const feed = line ? [...table.feed, { ...line, missed }].slice(-FEED) : table.feed;
  return { ...table, view, seq: Math.max(table.seq, msg.seq), feed };
}

/** `list` with the item matching `match` replaced by `change(item)`. @template T @param {T[]} list @param {(x: T) => boolean} match @param {(x: T) => T} change */
function update(list, match, change) {
  return list.map((x) => (match(x) ? change(x) : x));
}

/** The view's orders with `side`'s document changed by `change`. @param {View} view @param {string} side @param {(o: any) => any} change */
function withOrders(view, side, change) {
  const has = view.orders.some((/** @type {any} */ o) => o.side === side);
  const orders = has ? view.orders : [...view.orders, { side, draft: [], next_item: 1, submitted: null }];
  return { ...view, orders: update(orders, (/** @type {any} */ o) => o.side === side, change) };
}

/** The view's letters with `letter` added, or its delivered and publicised flags raised. @param {View} view @param {any} letter */
function withLetter(view, letter) {
  const known = view.letters.find((/** @type {any} */ l) => l.id === letter.id);
  if (!known) return { ...view, letters: [...view.letters, letter] };
  return {
    ...view,
    letters: update(view.letters, (/** @type {any} */ l) => l.id === letter.id, (/** @type {any} */ l) => ({
      ...l,
      delivered: l.delivered || letter.delivered,
      publicised: l.publicised || letter.publicised,
    })),
  };
}

/**
 * The view with one event folded in: the mirror of the engine's fold, so
 * that the page's view is the server's view for this viewer.
 * @param {View} view @param {any} msg
 * @returns {View}
 */
export function fold(view, msg) {
  const e = msg.event;
  const adj = (/** @type {(a: any) => any} */ change) => (view.adjudication ? { ...view, adjudication: change(view.adjudication) } : view);
  const unit = (/** @type {string} */ id, /** @type {(u: any) => any} */ change) => ({ ...view, units: update(view.units, (/** @type {any} */ u) => u.id === id, change) });
  switch (e.type) {
    case 'player_joined':
      return { ...view, players: [...view.players.filter((p) => p.id !== e.player), { id: e.player, name: e.name, role: e.role, online: true }] };
    case 'presence_changed':
      return { ...view, players: update(view.players, (/** @type {any} */ p) => p.id === e.player, (/** @type {any} */ p) => ({ ...p, online: e.online })) };
    case 'phase_changed': {
      const next = { ...view, turn: e.turn, phase: e.phase, date: e.date, clock: { ...view.clock, deadline_at_ms: null, remaining_ms: null } };
      return e.phase === 'briefing' ? { ...next, orders: [], adjudication: null, queued_injects: [] } : next;
    }
    case 'paused':
      return { ...view, clock: { paused: true, deadline_at_ms: null, remaining_ms: e.remaining_ms ?? null } };
    case 'resumed': {
      const left = view.clock.remaining_ms;
      return { ...view, clock: { paused: false, deadline_at_ms: left == null ? null : msg.at_ms + left, remaining_ms: null } };
    }
    case 'deadline_set':
      return { ...view, clock: { ...view.clock, deadline_at_ms: e.at_ms ?? null, remaining_ms: null } };
    case 'turns_added':
      return { ...view, scenario: { ...view.scenario, turns: e.total } };
    case 'game_ended':
      return { ...view, phase: 'ended', verdict: e.verdict, clock: { paused: false, deadline_at_ms: null, remaining_ms: null } };
    case 'declassified':
      return { ...view, declassified: true };
    case 'title_set':
      return { ...view, title: e.title };
    case 'message_posted':
      return { ...view, messages: [...view.messages, { at_ms: msg.at_ms, from: e.from, channel: e.channel, text: e.text }] };
    case 'inject_released':
      return { ...view, injects: [...view.injects, { turn: msg.turn, at_ms: msg.at_ms, ...e.inject }] };
    case 'inject_queued':
      return { ...view, queued_injects: [...view.queued_injects, e.inject] };
    case 'order_added':
      return withOrders(view, e.side, (o) => ({ ...o, draft: [...o.draft, { item: e.item, by: e.by, seat: e.seat, order: e.order }] }));
    case 'order_removed':
      return withOrders(view, e.side, (o) => ({ ...o, draft: o.draft.filter((/** @type {any} */ d) => d.item !== e.item) }));
    case 'orders_submitted':
      return withOrders(view, e.side, (o) => ({ ...o, submitted: { by: e.by, items: e.items } }));
    case 'submit_rule_set':
      return { ...view, any_member_submits: e.any_member };
    case 'adjudication_pending':
      return { ...view, adjudication: e.adjudication, letters: [...view.letters, ...e.letters], actions: [...view.actions, ...e.actions] };
    case 'action_ruled':
      return { ...view, actions: update(view.actions, (/** @type {any} */ a) => a.id === e.action, (/** @type {any} */ a) => ({ ...a, ruling: e.ruling, roll: e.roll })) };
    case 'outcome_written':
      return { ...view, actions: update(view.actions, (/** @type {any} */ a) => a.id === e.action, (/** @type {any} */ a) => ({ ...a, outcome: e.text, to: e.to })) };
    case 'agreement_confirmed':
      return adj((a) => ({ ...a, confirmed: e.confirmed }));
    case 'adjudication_published':
      return adj((a) => ({ ...a, published: true }));
    case 'letter_delivered':
      return withLetter(view, { ...e.letter, delivered: true });
    case 'letter_dispatched':
      return withLetter(view, e.letter);
    case 'letter_publicised':
      return withLetter(view, { ...e.letter, publicised: true });
    case 'action_resolved':
      return { ...view, outcomes: [...view.outcomes, e.outcome] };
    case 'agreement_reached':
      return { ...view, agreement: e.agreement };
    case 'track_adjusted':
      return adj((a) => ({ ...a, track_changes: [...a.track_changes, e.change] }));
    case 'incident_triggered':
      return adj((a) => ({ ...a, triggered: [...a.triggered, e.incident], track_changes: [...a.track_changes, ...e.changes] }));
    case 'track_moved':
      return { ...view, tracks: update(view.tracks, (/** @type {any} */ t) => t.id === e.track, (/** @type {any} */ t) => ({ ...t, value: e.to })) };
    case 'track_band':
      return { ...view, tracks: update(view.tracks, (/** @type {any} */ t) => t.id === e.track, (/** @type {any} */ t) => ({ ...t, band: e.band })) };
    case 'unit_moved':
      return unit(e.movement.unit, (u) => ({ ...u, zone: e.movement.to }));
    case 'stance_changed':
      return unit(e.change.unit, (u) => ({ ...u, stance: e.change.stance }));
    case 'contact_made':
      return e.contact.lost ? unit(e.contact.unit, (u) => ({ ...u, lost: true })) : view;
    case 'cargo_delivered':
      return unit(e.delivery.unit, (u) => ({ ...u, delivered: true }));
    case 'unit_sighted':
      return { ...view, sightings: [...view.sightings.filter((/** @type {any} */ s) => !(s.by === e.sighting.by && s.unit === e.sighting.unit)), e.sighting] };
    case 'intel_gathered':
      return { ...view, tracks: update(view.tracks, (/** @type {any} */ t) => t.id === e.intel.track, (/** @type {any} */ t) => ({ ...t, intel: e.intel })) };
    default:
      return view;
  }
}

/**
 * @param {View} view @param {number} seq @param {number} atMs @param {number} turn
 * @param {{ from: string, channel: MessageChannel, text: string }} m a message, or the event that posted it
 */
function messageLine(view, seq, atMs, turn, m) {
  const where = {
    team: 'Team',
    to_umpire: 'To the umpire',
    from_umpire: `Umpire to ${m.channel.kind === 'from_umpire' ? audienceName(view, m.channel.to) : ''}`,
  }[/** @type {'team' | 'to_umpire' | 'from_umpire'} */ (m.channel.kind)] ?? '';
  return { seq, turn, atMs, kind: `chat ${m.channel.kind}`, text: m.text, who: `${playerName(view, m.from)} · ${where}` };
}

/**
 * What an event says to a person, as a feed line; none for events the
 * feed does not show.
 * @param {View} view @param {EventMsg} msg
 * @returns {Line | null}
 */
export function describe(view, msg) {
  const e = msg.event;
  const at = { seq: msg.seq, turn: msg.turn, atMs: msg.at_ms, type: e.type };
  switch (e.type) {
    case 'message_posted':
      return { ...messageLine(view, msg.seq, msg.at_ms, msg.turn, e), type: e.type };
    case 'inject_released':
      return { ...at, kind: 'inject', text: e.inject.text, who: `To ${audienceName(view, e.inject.to)}` };
    case 'phase_changed':
      return { ...at, turn: e.turn, kind: 'phase', text: `Turn ${e.turn}: ${phaseName(e.phase)}${e.by_deadline ? ' (the deadline passed)' : ''}` };
    case 'player_joined':
      return { ...at, kind: 'presence', text: `${e.name} joined` };
    case 'game_ended':
      return { ...at, kind: 'phase', text: `The game ended: ${e.verdict}` };
    case 'adjudication_published':
      return { ...at, kind: 'phase', text: `Turn ${e.turn}'s results are published` };
    case 'action_resolved':
      return { ...at, kind: 'outcome', text: e.outcome.text, who: `Outcome for ${sideName(view, e.outcome.side)}` };
    case 'letter_delivered':
      return { ...at, kind: 'letter', text: e.letter.text, who: `${e.letter.public ? 'Public' : 'Secret'} letter from ${sideName(view, e.letter.from)} to ${sideName(view, e.letter.to)}` };
    case 'letter_publicised':
      return { ...at, kind: 'letter', text: e.letter.text, who: `Made public by ${sideName(view, e.by)}: ${sideName(view, e.letter.from)}’s letter to ${sideName(view, e.letter.to)}` };
    case 'track_moved': {
      const track = view.tracks.find((/** @type {any} */ t) => t.id === e.track);
      const name = track ? track.name : e.track;
      const why = e.reasons.length ? `: ${e.reasons.join('; ')}` : '';
      return { ...at, kind: 'outcome', text: `${name} ${e.to > e.from ? 'rose' : 'fell'} from ${e.from} to ${e.to}${why}` };
    }
    case 'deadline_near':
      return { ...at, kind: 'warning', text: `${span(e.left_ms)} left before the deadline, and the orders are not submitted. ${e.draft_stands ? 'At the deadline the draft as it stands becomes the side’s orders.' : 'At the deadline an unsubmitted draft is discarded.'}` };
    case 'not_submitted':
      return { ...at, kind: 'warning', text: e.items === 0 ? 'The deadline passed before the orders were submitted, and the draft was empty: no orders this turn.' : e.used ? `The deadline passed before the orders were submitted: the draft at the deadline (${e.items} item${e.items === 1 ? '' : 's'}) is the side’s orders.` : `The deadline passed before the orders were submitted: the draft (${e.items} item${e.items === 1 ? '' : 's'}) was discarded.` };
    case 'incident_occurred':
      return { ...at, kind: 'inject', text: `${e.incident.name}: ${e.incident.text}` };
    case 'agreement_reached':
      return { ...at, kind: 'phase', text: 'An agreement was reached.' };
    case 'title_set':
      return { ...at, kind: 'phase', text: `The umpire renamed the session: ${e.title}` };
    default:
      return null;
  }
}
