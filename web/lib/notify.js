// @ts-check
// What a player is told when not looking: a letter that reached the side,
// a turn's published results, and five minutes left while the side has not
// submitted. Worked out from the table alone; the room shows them in the
// tab's title and, when the tab is hidden and the player allowed it, as
// browser notifications.
import { phaseName, sideName } from './names.js';
import { ordersOf } from './orders.js';

/** Five minutes, in ms. */
const FIVE = 5 * 60 * 1000;

/** Whether the side is in its last five minutes without having submitted. @param {any} view @param {string} side @param {number} now */
export function hurry(view, side, now) {
  const at = view.clock.deadline_at_ms;
  if (view.phase !== 'orders' || view.clock.paused || !at) return false;
  const left = at - now;
  return left > 0 && left <= FIVE && !ordersOf(view, side).submitted;
}

/**
 * Everything worth telling the player now, each with a key that stays the
 * same while it holds (so the room tells each once).
 * @param {import('./fold.js').Table} table @param {string} side @param {number} now
 * @returns {{ key: string, text: string }[]}
 */
export function alerts(table, side, now) {
  const view = table.view;
  const out = [];
  for (const l of view.letters) {
    if (l.to === side && l.delivered) out.push({ key: `letter:${l.id}`, text: `A letter from ${sideName(view, l.from)} has arrived.` });
  }
  for (const line of table.feed) {
    if (line.type === 'adjudication_published' || line.type === 'deadline_near') out.push({ key: `${line.type}:${line.seq}`, text: line.text });
  }
  if (hurry(view, side, now)) out.push({ key: `hurry:${view.turn}`, text: 'Five minutes left, and the side has not submitted its orders.' });
  return out;
}

/**
 * The tab's title: unread alerts first, then the hurry, then where the game is.
 * @param {any} view @param {string} side @param {number} unread @param {number} now
 */
export function titleFor(view, side, unread, now) {
  const parts = [];
  if (unread > 0) parts.push(`(${unread})`);
  if (hurry(view, side, now)) parts.push('⏰ 5 min left —');
  parts.push(`Turn ${view.turn} ${phaseName(view.phase)} · Brink`);
  return parts.join(' ');
}
