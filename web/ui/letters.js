// @ts-check
// Letters: those the side received, sent, has in transit, and the public
// ones between others — each with its channel, its terms and its state;
// in the Orders phase a received letter's terms can be accepted and a
// letter made public, each as an item of the side's orders.
import { useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { sideName, seatName } from '../lib/names.js';
import { channelOf, letterGroups, letterStatus, mayAccept, mayPublicise, termName } from '../lib/orders.js';
import { send } from './orders.js';

/** @typedef {import('../lib/link.js').Link} Link */

/** @param {{ view: any, side: string | null, link: Link | null, readOnly?: boolean }} props */
export function Letters({ view, side, link, readOnly = false }) {
  const [error, setError] = useState('');
  const groups = letterGroups(view, side);
  const open = !readOnly && side != null && view.phase === 'orders' && !view.clock.paused;
  /** @type {[string, any[], string | null][]} */
  const sections = side
    ? [
        ['Received', groups.received, 'No letter has reached the side yet.'],
        ['In transit', groups.transit, 'Nothing on its way.'],
        ['Sent', groups.sent, 'No letter of the side’s has arrived yet.'],
        ['Public, between others', groups.public, null],
      ]
    : view.viewer === 'umpire'
      ? [['Every letter', view.letters, 'No letter yet.']]
      : [['Public letters', groups.public, 'No public letter yet.']];
  return html`<div class="letters">
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${sections.map(([title, letters, none]) => (letters.length > 0 || none) && html`<section>
      <h2>${title} ${letters.length > 0 ? html`<span class="count">(${letters.length})</span>` : ''}</h2>
      ${letters.length === 0
        ? html`<p class="none">${none}</p>`
        : html`<ul class="letter-list">
            ${letters.map((/** @type {any} */ l) => html`<${LetterCard} key=${l.id} view=${view} letter=${l}
              accept=${open && side && mayAccept(view, side, l) ? () => send(link, { type: 'add_order', order: { kind: 'accept', letter: l.id } }, setError) : null}
              publicise=${open && side && mayPublicise(view, side, l) ? () => send(link, { type: 'add_order', order: { kind: 'publicise', letter: l.id } }, setError) : null} />`)}
          </ul>`}
    </section>`)}
  </div>`;
}

/** @param {{ view: any, letter: any, accept: null | (() => void), publicise: null | (() => void) }} props */
export function LetterCard({ view, letter, accept, publicise }) {
  const channel = channelOf(view, letter.channel);
  return html`<li class=${`letter-card${letter.public || letter.publicised ? ' public' : ' secret'}`}>
    <p class="meta">
      <span class="badge">${letter.public || letter.publicised ? 'Public' : 'Secret'}</span>
      ${' '}From ${sideName(view, letter.from)} (${seatName(view, letter.from, letter.seat)}) to ${sideName(view, letter.to)}
      · ${channel ? channel.name : letter.channel} · turn ${letter.sent_turn}
    </p>
    <p class="letter-text">${letter.text}</p>
    ${letter.terms.length > 0 && html`<div class="terms-box"><p class="meta">It proposes:</p><ul class="terms">
      ${letter.terms.map((/** @type {string} */ t) => html`<li>${termName(view, t)}</li>`)}
    </ul></div>`}
    <p class="meta">${letterStatus(view, letter)}</p>
    ${(accept || publicise) && html`<div class="actions">
      ${accept && html`<button type="button" class="small" onClick=${accept}>Accept these terms (adds to orders)</button>`}
      ${publicise && html`<button type="button" class="quiet small" onClick=${publicise}>Make it public (adds to orders)</button>`}
    </div>`}
  </li>`;
}
