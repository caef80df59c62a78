// @ts-check
// The page's picture of the session: the welcome's view, brought up to date
// by folding in each event the server sends (the mirror of the engine's
// fold), and a feed of what happened for people to read. Pure functions,
// tested without a browser: the page holds only what the server sent it.
import { audienceName, inSentence, kindName, mySide, phaseName, playerName, sideName, span } from './names.js';

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

/** How many messages and injects a view keeps (the engine's VIEW_RECENT_MESSAGES). */
const RECENT = 100;

/** The latest RECENT of `items`. @template T @param {T[]} items */
const recent = (items) => items.slice(Math.max(0, items.length - RECENT));

/** `list` with the item matching `match` replaced by `change(item)`. @template T @param {T[]} list @param {(x: T) => boolean} match @param {(x: T) => T} change */
function update(list, match, change) {
  return list.map((x) => (match(x) ? change(x) : x));
}

/**
 * `items` with `item` in the order of `key`: in place of the one with the
 * same key, or where its key falls (the engine's `upsert`).
 * @template T @param {T[]} items @param {T} item @param {(x: T) => string} key
 */
function upsert(items, item, key) {
  const k = key(item);
  const at = items.findIndex((x) => key(x) >= k);
  if (at === -1) return [...items, item];
  if (key(items[at]) === k) return items.map((x, i) => (i === at ? item : x));
  return [...items.slice(0, at), item, ...items.slice(at)];
}

/**
 * The view with `side`'s orders changed by `change`; a side the view has
 * no orders for yet joins in the order of sides' ids.
 * @param {View} view @param {string} side @param {(o: any) => any} change
 * @returns {View}
 */
function withOrders(view, side, change) {
  /** @type {any} */
  const blank = { side, draft: [], next_item: 0, submitted: null };
  const orders = view.orders.some((o) => o.side === side) ? view.orders : upsert(view.orders, blank, (o) => o.side);
  return { ...view, orders: update(orders, (o) => o.side === side, change) };
}

/**
 * Why `conditions` do not all hold at the view's turn, as the view tells
 * (the engine's `unmet_facts` over a view): tracks known exactly, the
 * side's units in play, the zones' names.
 * @param {View} view @param {string} side @param {any[]} conditions
 * @returns {string | null}
 */
export function unmet(view, side, conditions) {
  for (const c of conditions) {
    const track = c.track == null ? undefined : view.tracks.find((t) => t.id === c.track);
    if (track && track.value != null) {
      if (c.at_least != null && track.value < c.at_least) return `${track.name} must be at least ${c.at_least}`;
      if (c.at_most != null && track.value > c.at_most) return `${track.name} must be at most ${c.at_most}`;
    }
    if (c.from_turn != null && view.turn < c.from_turn) return `not before turn ${c.from_turn}`;
    if (c.until_turn != null && view.turn > c.until_turn) return `not after turn ${c.until_turn}`;
    if (c.unit_in != null) {
      const there = view.units.some(
        (u) => u.side === side && u.zone === c.unit_in && !u.lost && view.turn >= u.enters && (c.kind == null || u.kind === c.kind),
      );
      if (!there) {
        const name = inSentence(view.scenario.zones.find((z) => z.id === c.unit_in)?.name ?? c.unit_in);
        return c.kind != null ? `one of your ${kindName(c.kind)}s must be in ${name}` : `one of your units must be in ${name}`;
      }
    }
  }
  return null;
}

/**
 * The view with one event folded in: the mirror of the engine's
 * `View::apply` (engine/src/fold.rs), arm for arm, so that the page's view
 * is the server's view for this viewer. A browser test folds recorded
 * streams through it and compares with the server's views.
 * @param {View} view @param {any} msg
 * @returns {View}
 */
export function fold(view, msg) {
  const next = foldEvent(view, msg);
  // Whatever changed, the menu says again what is possible now.
  const menu = next.menu.map((m) => ({ ...m, unavailable: unmet(next, m.side, m.requires ?? []) }));
  return { ...next, menu };
}

/**
 * The scenario's seats with `player` at none but `seat` of `side`, if given.
 * @param {any} scenario @param {string} player @param {string | null} side @param {string | null} seat
 */
function seatsHeld(scenario, player, side, seat) {
  const sides = scenario.sides.map((/** @type {any} */ s) => ({
    ...s,
    seats: s.seats.map((/** @type {any} */ t) => {
      if (s.id === side && t.id === seat) return { ...t, holder: player };
      return t.holder === player ? { ...t, holder: null } : t;
    }),
  }));
  return { ...scenario, sides };
}

/** @param {any} view @param {any} msg @returns {View} */
function foldEvent(view, msg) {
  const e = msg.event;
  /** @param {(a: any) => any} change */
  const amend = (change) => (view.adjudication ? { ...view, adjudication: change(view.adjudication) } : view);
  /** @param {string} id @param {(u: any) => any} change */
  const unit = (id, change) => ({ ...view, units: update(view.units, (/** @type {any} */ u) => u.id === id, change) });
  /** @param {string} id @param {(t: any) => any} change */
  const track = (id, change) => ({ ...view, tracks: update(view.tracks, (/** @type {any} */ t) => t.id === id, change) });
  /** @param {string} id @param {(a: any) => any} change */
  const action = (id, change) => ({ ...view, actions: update(view.actions, (/** @type {any} */ a) => a.id === id, change) });
  /** @param {any[]} list @param {any} item */
  const byId = (list, item) => upsert(list, item, (/** @type {any} */ x) => x.id);
  switch (e.type) {
    case 'session_created':
      return { ...view, observers: e.observers ?? { mode: 'public' } };
    case 'forked':
      return {
        ...view,
        players: view.players.map((/** @type {any} */ p) => ({ ...p, online: false, former: true })),
        scenario: {
          ...view.scenario,
          sides: view.scenario.sides.map((/** @type {any} */ s) => ({ ...s, seats: s.seats.map((/** @type {any} */ t) => ({ ...t, holder: null })) })),
        },
        forked_from: { session: e.parent, turn: e.turn, at_seq: null },
      };
    case 'reseeded':
      return view.forked_from ? { ...view, forked_from: { ...view.forked_from, at_seq: e.at_seq } } : view;
    case 'fork_created':
      return { ...view, forks: [...(view.forks ?? []), { session: e.fork, at_seq: e.at_seq, turn: e.turn }] };
    case 'declassified':
      return { ...view, declassified: true };
    case 'class_shown': {
      const { shown: _shown, ...rest } = view;
      return e.moment ? { ...rest, shown: e.moment } : rest;
    }
    case 'title_set':
      return { ...view, title: e.title };
    case 'player_joined': {
      const players = byId(view.players, { id: e.player, name: e.name, role: e.role, online: true, former: false });
      const role = e.role;
      if (role.kind !== 'player') return { ...view, players };
      const sides = view.scenario.sides.map((/** @type {any} */ s) =>
        s.id === role.side ? { ...s, seats: s.seats.map((/** @type {any} */ t) => (t.id === role.seat ? { ...t, holder: e.player } : t)) } : s,
      );
      return { ...view, players, scenario: { ...view.scenario, sides } };
    }
    case 'player_left': {
      const players = update(view.players, (/** @type {any} */ p) => p.id === e.player, (/** @type {any} */ p) => ({ ...p, former: true, online: false }));
      return { ...view, players, scenario: seatsHeld(view.scenario, e.player, null, null) };
    }
    case 'player_moved': {
      const moving = view.players.find((/** @type {any} */ p) => p.id === e.player);
      if (!moving || moving.role.kind !== 'player') return view;
      const players = update(view.players, (/** @type {any} */ p) => p.id === e.player, (/** @type {any} */ p) => ({ ...p, role: { ...p.role, seat: e.seat } }));
      return { ...view, players, scenario: seatsHeld(view.scenario, e.player, moving.role.side, e.seat) };
    }
    case 'presence_changed':
      return { ...view, players: update(view.players, (/** @type {any} */ p) => p.id === e.player, (/** @type {any} */ p) => ({ ...p, online: e.online })) };
    case 'phase_changed': {
      const next = { ...view, turn: e.turn, phase: e.phase, date: e.date, clock: { ...view.clock, deadline_at_ms: null, remaining_ms: null } };
      return e.phase === 'briefing' ? { ...next, orders: [], adjudication: null, queued_injects: [] } : next;
    }
    case 'paused':
      return { ...view, clock: { paused: true, deadline_at_ms: null, remaining_ms: e.remaining_ms ?? null } };
    case 'resumed':
      return { ...view, clock: { ...view.clock, paused: false, remaining_ms: null } };
    case 'deadline_set':
      return { ...view, clock: { ...view.clock, deadline_at_ms: e.at_ms ?? null, remaining_ms: null } };
    case 'turns_added': {
      const own = view.scenario.dates.slice(0, Math.max(0, e.total - e.added));
      const dates = e.dates?.length ? [...own, ...e.dates] : view.scenario.dates;
      return { ...view, scenario: { ...view.scenario, turns: e.total, dates } };
    }
    case 'game_ended':
      return { ...view, phase: 'ended', verdict: e.verdict, clock: { paused: false, deadline_at_ms: null, remaining_ms: null } };
    case 'message_posted':
      return { ...view, messages: recent([...view.messages, { at_ms: msg.at_ms, from: e.from, channel: e.channel, text: e.text }]) };
    case 'order_added':
      return withOrders(view, e.side, (o) => ({ ...o, draft: [...o.draft, { item: e.item, by: e.by, seat: e.seat, order: e.order }], next_item: e.item + 1 }));
    case 'order_removed':
      return view.orders.some((/** @type {any} */ o) => o.side === e.side)
        ? withOrders(view, e.side, (o) => ({ ...o, draft: o.draft.filter((/** @type {any} */ d) => d.item !== e.item) }))
        : view;
    case 'orders_submitted':
      return withOrders(view, e.side, (o) => ({ ...o, submitted: { by: e.by, items: e.items } }));
    case 'submit_rule_set':
      return { ...view, any_member_submits: e.any_member };
    // News for the side: they change no view.
    case 'deadline_near':
    case 'not_submitted':
    case 'all_submitted':
      return view;
    case 'adjudication_pending': {
      let letters = view.letters;
      for (const l of e.letters) letters = byId(letters, l);
      let actions = view.actions;
      for (const a of e.actions) actions = byId(actions, a);
      return { ...view, letters, actions, adjudication: e.adjudication };
    }
    case 'action_ruled':
      return action(e.action, (a) => {
        // An overrule stood against the ruling it was written under.
        const { overruled: _overruled, ...rest } = a;
        return { ...rest, ruling: e.ruling, rolls: a.rolls + (e.roll ? 1 : 0), roll: e.roll };
      });
    case 'outcome_written':
      return action(e.action, (a) => {
        const { outcome_success: _said, overruled: _overruled, ...rest } = a;
        return {
          ...rest,
          outcome: e.text,
          to: e.to,
          ...(e.success != null ? { outcome_success: e.success } : {}),
          ...(e.overrule ? { overruled: true } : {}),
        };
      });
    case 'agreement_confirmed':
      return amend((a) => ({ ...a, confirmed: e.confirmed }));
    case 'track_adjusted':
      return amend((a) => ({ ...a, track_changes: [...a.track_changes, e.change] }));
    case 'incident_triggered':
      return amend((a) => ({ ...a, triggered: [...(a.triggered ?? []), e.incident], track_changes: [...a.track_changes, ...e.changes] }));
    // Each carries the letter as it now stands, in full.
    case 'letter_delivered':
    case 'letter_dispatched':
    case 'letter_publicised':
      return { ...view, letters: byId(view.letters, e.letter) };
    case 'proposal_accepted':
      return view;
    case 'action_resolved':
      return { ...view, outcomes: [...view.outcomes, e.outcome] };
    case 'adjudication_published':
      return amend((a) => ({ ...a, published: true }));
    case 'agreement_reached':
      return { ...view, agreement: e.agreement };
    case 'inject_queued':
      return { ...view, queued_injects: [...view.queued_injects, e.inject] };
    case 'inject_released':
      return { ...view, injects: recent([...view.injects, { turn: msg.turn, at_ms: msg.at_ms, ...e.inject }]) };
    case 'strategic_resolved':
    case 'incident_occurred':
      return view;
    case 'track_moved':
      return track(e.track, (t) => ({ ...t, value: e.to }));
    case 'track_band':
      return track(e.track, (t) => ({ ...t, band: e.band }));
    case 'stance_changed':
      return unit(e.change.unit, (u) => ({ ...u, stance: e.change.stance }));
    case 'unit_moved':
      return unit(e.movement.unit, (u) => ({ ...u, zone: e.movement.to }));
    case 'contact_made':
      return e.contact.lost ? unit(e.contact.unit, (u) => ({ ...u, lost: true })) : view;
    case 'cargo_delivered':
      return unit(e.delivery.unit, (u) => ({ ...u, delivered: true }));
    case 'submarine_search':
      return view;
    case 'unit_sighted':
      return { ...view, sightings: upsert(view.sightings, e.sighting, (/** @type {any} */ s) => `${s.by}\u0000${s.unit}`) };
    case 'intel_gathered': {
      const known = view.tracks.find((/** @type {any} */ t) => t.id === e.intel.track);
      if (known) return known.value != null ? view : track(e.intel.track, (t) => ({ ...t, intel: e.intel }));
      const info = e.track;
      const added = {
        id: e.intel.track,
        name: info?.name ?? e.intel.track,
        min: info?.min ?? e.intel.value,
        max: info?.max ?? e.intel.value,
        value: null,
        band: null,
        intel: e.intel,
      };
      return { ...view, tracks: [...view.tracks, added] };
    }
    case 'note_written': {
      const note = { seq: msg.seq, turn: msg.turn, phase: msg.phase, text: e.text, bookmark: e.bookmark, ...(e.side ? { side: e.side } : {}) };
      return { ...view, notes: [...view.notes, note] };
    }
    default:
      return view;
  }
}

/**
 * @param {View} view @param {number} seq @param {number} atMs @param {number} turn
 * @param {{ from: string, channel: MessageChannel, text: string }} m a message, or the event that posted it
 */
function messageLine(view, seq, atMs, turn, m) {
  // A side's own members know whose team it is; the umpire reads both.
  const whose = mySide(view) ? '' : `${sideName(view, 'side' in m.channel ? m.channel.side : '')} · `;
  const where = {
    team: `${whose}Team`,
    to_umpire: `${whose}To the umpire`,
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
    case 'player_left':
      return { ...at, kind: 'presence', text: e.player === e.by ? `${playerName(view, e.player)} left the session` : `The umpire freed ${playerName(view, e.player)}’s seat` };
    case 'player_moved':
      return { ...at, kind: 'presence', text: `The umpire moved ${playerName(view, e.player)}` };
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
