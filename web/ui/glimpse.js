// @ts-check
// One perspective's picture, read-only: what a side (or the observers)
// had at a moment — the date and phase, the tracks as it knew them, its
// orders, the letters it could read, the injects and outcomes it was told,
// and the map. Drawn from a view the server built from that perspective's
// own stream (a replay), never by hiding parts of the umpire's.
import { html } from '../vendor/html.mjs';
import { audienceName, dateName, mySide, phaseName, sideName } from '../lib/names.js';
import { orderText, ordersOf } from '../lib/orders.js';
import { Letters } from './letters.js';
import { Tracks, ZoneMap } from './situation.js';

/** @param {{ view: import('../types/wire').View, map?: boolean }} props */
export function Glimpse({ view, map = true }) {
  const side = mySide(view);
  const who = side ? sideName(view, side) : view.viewer === 'umpire' ? 'The umpire' : 'The observers';
  const orders = side ? ordersOf(view, side) : null;
  return html`<article class="glimpse" data-viewer=${side ?? String(view.viewer)} aria-label=${`What ${who} sees`}>
    <p class="kicker">${who}</p>
    <h3>${view.date ? dateName(view.date) : 'Before the crisis'} · turn ${view.turn}, ${phaseName(view.phase)}</h3>
    ${view.verdict && html`<p class="verdict">${view.verdict}</p>`}
    <section><h4>Tracks</h4><${Tracks} view=${view} /></section>
    ${orders && html`<section><h4>Orders this turn</h4>
      ${orders.draft.length === 0 ? html`<p class="none">None drafted.</p>` : html`<ul class="draft">${orders.draft.map((i) => {
        const t = orderText(view, i.order);
        return html`<li class="item"><p class="item-head"><span class="badge">${t.kind}</span> ${t.head}</p>${t.body && html`<p class="item-body">${t.body}</p>`}</li>`;
      })}</ul>`}
    </section>`}
    <section><h4>Letters</h4><${Letters} view=${view} side=${side} link=${null} readOnly=${true} /></section>
    <section><h4>Injects and results</h4>
      ${view.injects.length + view.outcomes.length === 0 ? html`<p class="none">Nothing yet.</p>` : html`<ul class="lines">
        ${view.injects.slice(-10).reverse().map((i) => html`<li class="line inject"><p class="meta">To ${audienceName(view, i.to)} · turn ${i.turn}</p><p class="text">${i.text}</p></li>`)}
        ${view.outcomes.slice(-10).reverse().map((o) => html`<li class="line outcome"><p class="meta">Result · turn ${o.turn}</p><p class="text">${o.text}</p></li>`)}
      </ul>`}
    </section>
    ${map && view.scenario.zones.length > 0 && html`<section><h4>The map</h4><${ZoneMap} view=${view} /></section>`}
  </article>`;
}
