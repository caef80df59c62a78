// @ts-check
// The observers' page, made for the wall: full screen, large type, no
// input. The public tracks, a ticker of what was made public (statements,
// injects, incidents, results), and in a delayed session a banner saying
// how far behind the game it runs. It shows only what an observer's
// connection received.
import { html } from '../vendor/html.mjs';
import { Tracks } from './situation.js';

/** Feed lines the wall shows: not chat, not joins. */
const TICKER = new Set(['inject', 'letter', 'outcome', 'phase']);

/** @param {{ table: import('../lib/fold.js').Table, onLeave: () => void }} props */
export function Projector({ table, onLeave }) {
  const view = table.view;
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
