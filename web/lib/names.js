// @ts-check
// Names for people, from the scenario and the view: a person reads "United
// States", "President", "Jack", never `us`, `president` or `p3`.

/** @typedef {import('../types/wire').View} View */

/** @param {View} view @param {string} side */
export function sideName(view, side) {
  return view.scenario.sides.find((s) => s.id === side)?.name ?? side;
}

/** @param {View} view @param {string} side @param {string} seat */
export function seatName(view, side, seat) {
  const s = view.scenario.sides.find((s) => s.id === side);
  return s?.seats.find((t) => t.id === seat)?.name ?? seat;
}

/** @param {View} view @param {string} player */
export function playerName(view, player) {
  const p = view.players.find((p) => p.id === player);
  if (!p) return 'someone';
  if (p.role.kind === 'umpire') return `${p.name} (umpire)`;
  return p.name;
}

/** The viewer's side, if it plays one. @param {View} view @returns {string | null} */
export function mySide(view) {
  const v = view.viewer;
  return v && typeof v === 'object' && 'side' in v ? v.side : null;
}

/** @param {View} view @param {import('../types/wire').Audience} to */
export function audienceName(view, to) {
  if (to === 'all') return 'everyone';
  if ('side' in to) return sideName(view, to.side);
  if ('sides' in to) return to.sides.map((s) => sideName(view, s)).join(' and ');
  return 'someone';
}

/**
 * A name as it reads inside a line (the engine's `map::in_sentence`): "The
 * quarantine line" becomes "the quarantine line" after other words.
 * @param {string} name
 */
export function inSentence(name) {
  return name.startsWith('The ') ? `the ${name.slice(4)}` : name;
}

/** A unit's kind in words (the engine's `UnitKind::describe`). @param {string} kind */
export function kindName(kind) {
  return { surface_ship: 'surface ship', submarine: 'submarine', patrol_aircraft: 'patrol aircraft', carrier_group: 'carrier group', ground_unit: 'ground unit' }[kind] ?? kind;
}

/** @param {string} phase */
export function phaseName(phase) {
  return { lobby: 'Lobby', briefing: 'Briefing', orders: 'Orders', adjudication: 'Adjudication', ended: 'Ended' }[phase] ?? phase;
}

/** "12:05" or "1:02:03" for a span in ms. @param {number} ms */
export function span(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "Tuesday 16 October 1962" for "1962-10-16". @param {string | null | undefined} date */
export function dateName(date) {
  if (!date) return '';
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
