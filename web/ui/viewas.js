// @ts-check
// The console's "view as": exactly what a side or the observers see now.
// The picture is the one the server builds from that perspective's own
// stream (a replay to the end, asked with the umpire's token), asked again
// whenever the umpire's stream moves, so nothing of it comes from the
// umpire's view.
import { useEffect, useRef, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { Asker, nextId } from '../lib/link.js';
import { Glimpse } from './glimpse.js';
import { valueOf } from './console.js';

/**
 * @typedef {import('../types/wire').View} View
 * @typedef {import('../types/wire').Viewer} Viewer
 */

/** The perspectives of a session, with names. @param {View} view @returns {[string, Viewer][]} */
export function perspectives(view) {
  return [
    ...view.scenario.sides.map((s) => /** @type {[string, Viewer]} */ ([s.name, { side: s.id }])),
    ['The observers', 'observer'],
  ];
}

/**
 * A perspective's view at a point of the log, from the server.
 * @param {Asker} asker @param {{ session: string, token: string }} seat @param {Viewer} perspective @param {string} to
 * @returns {Promise<{ view: View, to: number, end: number } | { error: string }>}
 */
export async function viewAt(asker, seat, perspective, to) {
  const answer = await asker.ask({ type: 'replay', id: nextId(), session: seat.session, auth: { token: seat.token }, perspective, from: to, to, view: true });
  if (answer.type === 'replay' && answer.view) return { view: answer.view, to: answer.to, end: answer.end };
  return { error: answer.type === 'rejected' ? answer.message : 'The server sent no view.' };
}

/** @param {{ view: View, seq: number, seat: import('../lib/link.js').Seat }} props */
export function ViewAs({ view, seq, seat }) {
  const choices = perspectives(view);
  const [pick, setPick] = useState('0');
  // The picture, and which choice it is of (a picture of another lingers
  // only until the new one comes).
  const [seen, setSeen] = useState(/** @type {{ pick: string, view: View } | null} */ (null));
  const [error, setError] = useState('');
  const asker = useRef(/** @type {Asker | null} */ (null));
  useEffect(() => {
    asker.current = new Asker();
    return () => asker.current?.close();
  }, []);
  useEffect(() => {
    const perspective = choices[Number(pick)]?.[1] ?? 'observer';
    let live = true;
    const wait = setTimeout(() => {
      if (!asker.current) return;
      viewAt(asker.current, seat, perspective, 'end')
        .then((got) => { if (!live) return; if ('view' in got) { setSeen({ pick, view: got.view }); setError(''); } else setError(got.error); })
        .catch((e) => live && setError(`${e.message}.`));
    }, 150);
    return () => { live = false; clearTimeout(wait); };
  }, [pick, seq]);
  return html`<div class="view-as">
    <div class="controls">
      <label class="inline" for="view-as-who">See the game as</label>
      <select id="view-as-who" value=${pick} onChange=${(/** @type {any} */ e) => setPick(valueOf(e))}>
        ${choices.map(([name], i) => html`<option value=${String(i)}>${name}</option>`)}
      </select>
      <span class="hint">Read-only: built by the server from that perspective’s own stream.${(view.observers?.mode ?? 'public') !== 'public' ? ' The observers’ choice is the public picture; this session’s observers see yours, later.' : ''}</span>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${seen && seen.pick === pick ? html`<${Glimpse} view=${seen.view} />` : !error && html`<p>Loading…</p>`}
  </div>`;
}
