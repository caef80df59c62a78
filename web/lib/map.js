// @ts-check
// The map's drawing, worked out without a browser: zones laid out in rows
// by their distance (in moves) from the scenario's first zone, each zone a
// box holding its name and the units in it — the side's own exactly, the
// other side's only where last seen and how long ago. The room turns the
// result into SVG.

/** @typedef {import('../types/wire').View} View */
/**
 * @typedef {{ text: string, mark: 'own' | 'seen' | 'lost', title: string }} Marker
 * @typedef {{ id: string, name: string[], kind: string, words: string | null, x: number, y: number, w: number, h: number, markers: Marker[] }} Box
 * @typedef {{ width: number, height: number, boxes: Box[], links: [Box, Box][] }} Drawing
 */

/** The drawing's width, in SVG units. */
export const WIDTH = 400;
const GAP = 26;
const LINE = 17;
const PAD = 8;
/** Characters that fit in one SVG unit of width, at the label size. */
const PER_UNIT = 1 / 7.2;

/**
 * Breaks `text` into lines of at most `max` characters, at spaces.
 * @param {string} text @param {number} max
 * @returns {string[]}
 */
export function wrap(text, max) {
  /** @type {string[]} */
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while (line.length > max) {
      lines.push(line.slice(0, max - 1) + '-');
      line = line.slice(max - 1);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Rows of zone ids: the first zone's row, then those one move away, and so
 * on; zones no path reaches come last, a row each.
 * @param {any[]} zones
 * @returns {string[][]}
 */
export function rows(zones) {
  /** @type {Map<string, Set<string>>} */
  const next = new Map(zones.map((z) => [z.id, new Set()]));
  for (const z of zones) {
    for (const a of z.adjacent ?? []) {
      next.get(z.id)?.add(a);
      next.get(a)?.add(z.id);
    }
  }
  /** @type {Map<string, number>} */
  const depth = new Map();
  /** @type {string[][]} */
  const out = [];
  for (const start of zones) {
    if (depth.has(start.id)) continue;
    const base = out.length;
    depth.set(start.id, base);
    const queue = [start.id];
    while (queue.length) {
      const z = /** @type {string} */ (queue.shift());
      const d = /** @type {number} */ (depth.get(z));
      for (const n of next.get(z) ?? []) {
        if (!depth.has(n)) {
          depth.set(n, d + 1);
          queue.push(n);
        }
      }
    }
    for (const z of zones) {
      const d = depth.get(z.id);
      if (d === undefined || d < base) continue;
      while (out.length <= d) out.push([]);
      if (!out[d].includes(z.id)) out[d].push(z.id);
    }
  }
  return out.filter((r) => r.length > 0);
}

/**
 * The markers for one zone: the viewer's own units there (for the umpire,
 * every unit), then other sides' units last seen there.
 * @param {View} view @param {string} zone
 * @returns {Marker[]}
 */
export function markers(view, zone) {
  /** @type {Marker[]} */
  const out = [];
  for (const u of view.units) {
    if (u.zone !== zone || u.enters > view.turn) continue;
    const stance = view.scenario.stances.find((/** @type {any} */ s) => s.id === u.stance)?.name;
    out.push({
      text: `${u.lost ? '✕' : '■'} ${u.name}${u.lost ? ' (lost)' : ''}`,
      mark: u.lost ? 'lost' : 'own',
      title: `${u.name}${stance ? ` · ${stance}` : ''}${u.cargo ? ` · carrying ${u.cargo}` : ''}`,
    });
  }
  const mine = new Set(view.units.map((/** @type {any} */ u) => u.id));
  for (const s of view.sightings) {
    if (s.zone !== zone || mine.has(s.unit)) continue;
    const ago = view.turn - s.turn;
    const when = ago <= 0 ? 'seen this turn' : ago === 1 ? 'seen last turn' : `seen ${ago} turns ago`;
    out.push({
      text: `◇ ${s.name} (${when})`,
      mark: s.lost ? 'lost' : 'seen',
      title: `${s.name}, ${when}${s.inspected ? `, inspected: ${s.cargo ?? 'nothing of note aboard'}` : ''}`,
    });
  }
  return out;
}

/**
 * The map's drawing for `view`.
 * @param {View} view
 * @returns {Drawing}
 */
export function draw(view) {
  const zones = view.scenario.zones;
  /** @type {Map<string, Box>} */
  const boxes = new Map();
  let y = PAD;
  for (const row of rows(zones)) {
    const w = (WIDTH - PAD * 2 - GAP * (row.length - 1)) / row.length;
    const chars = Math.max(8, Math.floor((w - PAD * 2) * PER_UNIT));
    const laid = row.map((id, i) => {
      const zone = zones.find((/** @type {any} */ z) => z.id === id);
      const name = wrap(zone?.name ?? id, chars);
      const marks = markers(view, id).map((m) => ({ ...m, text: wrap(m.text, chars).join('\n') }));
      const lines = name.length + marks.reduce((n, m) => n + m.text.split('\n').length, 0);
      return { id, name, kind: zone?.kind ?? '', words: zone?.kind_name ?? null, x: PAD + i * (w + GAP), y, w, h: PAD * 2 + lines * LINE, markers: marks };
    });
    const h = Math.max(...laid.map((b) => b.h));
    for (const b of laid) boxes.set(b.id, { ...b, h });
    y += h + GAP;
  }
  /** @type {[Box, Box][]} */
  const links = [];
  for (const z of zones) {
    for (const a of z.adjacent ?? []) {
      const from = boxes.get(z.id);
      const to = boxes.get(a);
      if (from && to) links.push([from, to]);
    }
  }
  return { width: WIDTH, height: y - GAP + PAD, boxes: [...boxes.values()], links };
}
