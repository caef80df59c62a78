// @ts-check
// The observers' page, made for the wall: full screen, large type, no
// input. The public tracks, a ticker of what was made public (statements,
// injects, incidents, results), and in a delayed session a banner saying
// how far behind the game it runs. It shows only what an observer's
// connection received — and, in the debrief, the moment of the review the
// umpire shows the class, which it replays itself with its own credential
// (declassification opens every perspective to it).
import { useEffect, useRef, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { Asker, nextId } from '../lib/link.js';
import { Glimpse } from './glimpse.js';
import { Tracks } from './situation.js';

/** Feed lines the wall shows: not chat, not joins. */
const TICKER = new Set(['inject', 'letter', 'outcome', 'phase']);

/** @param {{ table: import('../lib/fold.js').Table, seat: import('../lib/link.js').Seat, onLeave: () => void }} props */
export function Projector({ table, seat, onLeave }) {
  const view = table.view;
  if (view.shown) return html`<${Shown} moment=${view.shown} seat=${seat} onLeave=${onLeave} />`;
  const mode = view.observers ?? { mode: 'public' };
  const lines = table.feed.filter((l) => TICKER.has(l.kind)).slice(-8).reverse();
  const tracks = { ...view, tracks: view.tracks.filter((/** @type {any} */ t) => t.value != null || t.band) };
  return html`<main class="projector">
    ${mode.mode === 'delayed' && html`<p class="banner" role="status">This screen runs ${mode.turns} turn${mode.turns > 1 ? 's' : ''} behind the game.</p>`}
    ${mode.mode === 'after_end' && view.phase !== 'ended' && html`<p class="banner" role="status">Observers see the game once it has ended.</p>`}
    ${view.verdict && html`<p class="verdict">${view.verdict}</p>`}
    <div class="wall-grid">
      <section class="wall-tracks" aria-label="Tracks">
        <h2>Where things stand</h2>
        <${Tracks} view=${tracks} large=${true} />
      </section>
      <section class="ticker" aria-label="Latest">
        <h2>Latest</h2>
        ${lines.length === 0
          ? html`<p class="none">Nothing public yet.</p>`
          : html`<ol class="lines">${lines.map((l) => html`<li class=${`line ${l.kind}`}>
              <p class="meta">${l.who ? `${l.who} · ` : ''}turn ${l.turn}</p>
              <p class="text">${l.text}</p>
            </li>`)}</ol>`}
      </section>
    </div>
    <button type="button" class="quiet leave" onClick=${onLeave}>Leave</button>
  </main>`;
}

/**
 * The moment the umpire shows the class: that perspective's view there,
 * replayed by this page.
 * @param {{ moment: import('../types/wire').Moment, seat: import('../lib/link.js').Seat, onLeave: () => void }} props
 */
function Shown({ moment, seat, onLeave }) {
  const [picture, setPicture] = useState(/** @type {import('../types/wire').View | null} */ (null));
  const [error, setError] = useState('');
  const asker = useRef(/** @type {Asker | null} */ (null));
  useEffect(() => {
    asker.current = new Asker();
    return () => asker.current?.close();
  }, []);
  const key = JSON.stringify(moment);
  useEffect(() => {
    let live = true;
    const point = `seq:${moment.seq}`;
    asker.current?.ask({ type: 'replay', id: nextId(), session: seat.session, auth: { token: seat.token }, perspective: moment.perspective, from: point, to: point, view: true })
      .then((a) => {
        if (!live) return;
        if (a.type === 'replay' && a.view) { setPicture(a.view); setError(''); } else if (a.type === 'rejected') setError(a.message);
      })
      .catch((e) => live && setError(e.message));
    return () => { live = false; };
  }, [key]);
  return html`<main class="projector show-class wall-shown" data-shown=${key}>
    <p class="banner" role="status">The debrief: a moment of the game, as the umpire shows it</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${picture ? html`<${Glimpse} view=${picture} map=${false} />` : !error && html`<p>Loading…</p>`}
    <button type="button" class="quiet leave" onClick=${onLeave}>Leave</button>
  </main>`;
}
