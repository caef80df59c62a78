// @ts-check
// The side's orders document and its letters, for people: what each item
// says in the scenario's names, who may submit, whether the draft changed
// after the last submission, where a unit may go and what stances it may
// take, and the letters sorted as a player thinks of them. Pure functions
// of the view: the page holds only what the server sent.
import { playerName, seatName, sideName } from './names.js';

/** @typedef {import('../types/wire').View} View */

/** @param {View} view @param {string} zone */
export function zoneName(view, zone) {
  return view.scenario.zones.find((/** @type {any} */ z) => z.id === zone)?.name ?? zone;
}

/** @param {View} view @param {string} unit */
export function unitName(view, unit) {
  return (
    view.units.find((/** @type {any} */ u) => u.id === unit)?.name ??
    view.sightings.find((/** @type {any} */ s) => s.unit === unit)?.name ??
    unit
  );
}

/** @param {View} view @param {string} channel */
export function channelOf(view, channel) {
  return view.scenario.channels.find((/** @type {any} */ c) => c.id === channel);
}

/** @param {View} view @param {string} term */
export function termName(view, term) {
  return view.scenario.terms.find((/** @type {any} */ t) => t.id === term)?.name ?? term;
}

/** @param {View} view @param {string} stance */
export function stanceName(view, stance) {
  return view.scenario.stances.find((/** @type {any} */ s) => s.id === stance)?.name ?? stance;
}

/** @param {View} view @param {string} id */
export function letterOf(view, id) {
  return view.letters.find((/** @type {any} */ l) => l.id === id);
}

/**
 * What an order says, in names: a heading and the text under it.
 * @param {View} view @param {any} order
 * @returns {{ kind: string, head: string, body: string, terms?: string[] }}
 */
export function orderText(view, order) {
  switch (order.kind) {
    case 'letter': {
      const channel = channelOf(view, order.channel);
      const how = channel ? `${channel.name}${channel.public ? ' (public)' : ' (secret)'}` : order.channel;
      return {
        kind: 'Letter',
        head: `To ${sideName(view, order.to)} · ${how}`,
        body: order.text,
        terms: (order.terms ?? []).map((/** @type {string} */ t) => termName(view, t)),
      };
    }
    case 'action': {
      const parts = [order.what];
      if (order.why) parts.push(`Why: ${order.why}`);
      if (order.expected) parts.push(`Expected: ${order.expected}`);
      return { kind: 'Action', head: 'For the umpire to rule on', body: parts.join('\n') };
    }
    case 'accept': {
      const letter = letterOf(view, order.letter);
      return {
        kind: 'Accept',
        head: letter ? `The terms of ${sideName(view, letter.from)}'s letter of turn ${letter.sent_turn}` : 'The terms of a letter',
        body: letter ? letter.text : '',
        terms: letter ? letter.terms.map((/** @type {string} */ t) => termName(view, t)) : [],
      };
    }
    case 'publicise': {
      const letter = letterOf(view, order.letter);
      return {
        kind: 'Publicise',
        head: letter ? `Make public ${sideName(view, letter.from)}'s letter to ${sideName(view, letter.to)}` : 'Make a letter public',
        body: letter ? letter.text : '',
      };
    }
    case 'strategic': {
      const item = view.menu.find((/** @type {any} */ m) => m.id === order.action);
      return { kind: 'Strategic', head: item ? item.name : order.action, body: item ? item.description : '' };
    }
    case 'move':
      return { kind: 'Move', head: `${unitName(view, order.unit)} to ${zoneName(view, order.to)}`, body: '' };
    case 'stance':
      return { kind: 'Stance', head: `${unitName(view, order.unit)}: ${stanceName(view, order.stance)}`, body: '' };
    default:
      return { kind: String(order.kind), head: '', body: '' };
  }
}

/** Who drafted an item: "Jack (President)". @param {View} view @param {string} side @param {any} item */
export function draftedBy(view, side, item) {
  return `${playerName(view, item.by)} (${seatName(view, side, item.seat)})`;
}

/** The side's orders this turn, as the view holds them. @param {View} view @param {string} side */
export function ordersOf(view, side) {
  return view.orders.find((/** @type {any} */ o) => o.side === side) ?? { side, draft: [], next_item: 1, submitted: null };
}

/**
 * Whether the draft differs from what was last submitted (so what counts
 * is not what the side now reads). False when nothing was submitted.
 * @param {any} orders
 */
export function changedSinceSubmit(orders) {
  const sub = orders.submitted;
  if (!sub) return false;
  const key = (/** @type {any[]} */ items) => JSON.stringify(items.map((i) => [i.item, i.order]));
  return key(sub.items) !== key(orders.draft);
}

/**
 * Whether this player may submit the side's orders now, and why not: the
 * leader seat may; another member when the umpire allows any member, or
 * when the leader seat is empty or its holder is offline.
 * @param {View} view @param {string} me the player's id
 * @returns {{ may: boolean, why?: string }}
 */
export function maySubmit(view, me) {
  const role = view.players.find((p) => p.id === me)?.role;
  if (!role || role.kind !== 'player') return { may: false, why: 'Only a side’s members submit its orders.' };
  if (view.phase !== 'orders') return { may: false, why: 'Orders are submitted in the Orders phase.' };
  const side = view.scenario.sides.find((s) => s.id === role.side);
  const leader = side?.seats.find((s) => s.leader);
  if (!leader || leader.id === role.seat || view.any_member_submits) return { may: true };
  const holder = view.players.find((/** @type {any} */ p) => p.id === leader.holder);
  if (!holder || !holder.online) return { may: true };
  return { may: false, why: `The ${leader.name} submits the side’s orders (${holder.name} holds the seat).` };
}

/**
 * The zones `unit` may move to this turn: within its movement, not where
 * it is. Adjacency goes both ways.
 * @param {View} view @param {any} unit
 * @returns {string[]}
 */
export function reachable(view, unit) {
  /** @type {Map<string, Set<string>>} */
  const next = new Map();
  const link = (/** @type {string} */ a, /** @type {string} */ b) => {
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)?.add(b);
  };
  for (const z of view.scenario.zones) {
    for (const a of z.adjacent ?? []) {
      link(z.id, a);
      link(a, z.id);
    }
  }
  const seen = new Set([unit.zone]);
  let frontier = [unit.zone];
  for (let step = 0; step < unit.movement; step++) {
    /** @type {string[]} */
    const more = [];
    for (const z of frontier) {
      for (const n of next.get(z) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          more.push(n);
        }
      }
    }
    frontier = more;
  }
  seen.delete(unit.zone);
  return view.scenario.zones.map((/** @type {any} */ z) => z.id).filter((/** @type {string} */ z) => seen.has(z));
}

/** The stances `unit` may take other than its own. @param {View} view @param {any} unit */
export function stancesFor(view, unit) {
  return view.scenario.stances.filter(
    (/** @type {any} */ s) => s.side === unit.side && s.kinds.includes(unit.kind) && s.id !== unit.stance,
  );
}

/** The side's units that may be ordered: entered, not lost. @param {View} view @param {string} side */
export function orderableUnits(view, side) {
  return view.units.filter((/** @type {any} */ u) => u.side === side && !u.lost && u.enters <= view.turn);
}

/**
 * The letters as a side thinks of them: received (delivered to it), sent
 * (delivered), in transit (sent, not yet delivered), and public letters
 * between others.
 * @param {View} view @param {string | null} side
 */
export function letterGroups(view, side) {
  /** @type {{ received: any[], sent: any[], transit: any[], public: any[] }} */
  const groups = { received: [], sent: [], transit: [], public: [] };
  for (const l of view.letters) {
    if (side && l.to === side && l.delivered) groups.received.push(l);
    else if (side && l.from === side) (l.delivered ? groups.sent : groups.transit).push(l);
    else groups.public.push(l);
  }
  const newest = (/** @type {any} */ a, /** @type {any} */ b) => b.sent_turn - a.sent_turn;
  groups.received.sort(newest);
  groups.sent.sort(newest);
  groups.transit.sort(newest);
  groups.public.sort(newest);
  return groups;
}

/**
 * Whether the side may order acceptance of a letter's terms: one it
 * received, with terms, not already in its draft.
 * @param {View} view @param {string} side @param {any} letter
 */
export function mayAccept(view, side, letter) {
  if (letter.to !== side || !letter.delivered || letter.terms.length === 0) return false;
  return !ordersOf(view, side).draft.some((/** @type {any} */ d) => d.order.kind === 'accept' && d.order.letter === letter.id);
}

/** Whether the side may order a letter made public. @param {View} view @param {string} side @param {any} letter */
export function mayPublicise(view, side, letter) {
  if (letter.publicised || (letter.public && letter.delivered)) return false;
  if (letter.from !== side && !(letter.to === side && letter.delivered)) return false;
  return !ordersOf(view, side).draft.some((/** @type {any} */ d) => d.order.kind === 'publicise' && d.order.letter === letter.id);
}

/** A letter's state for people. @param {View} view @param {any} letter */
export function letterStatus(view, letter) {
  const parts = [];
  if (!letter.delivered) parts.push(`in transit, due at turn ${letter.deliver_turn}’s results`);
  else parts.push(`delivered at turn ${letter.deliver_turn}’s results`);
  if (letter.publicised) parts.push('made public');
  else if (letter.public) parts.push('public');
  else parts.push('secret');
  return parts.join(' · ');
}
