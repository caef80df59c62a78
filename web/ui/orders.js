// @ts-check
// The side's orders document, shared live: the items drafted so far (who
// drafted each), a form to draft a letter, a free-form action, a strategic
// action from the menu, a move or a stance, and submit — with a warning
// when the draft changed after the last submission. Unsent form text is
// kept in the tab's storage, so a reload or a dropped connection loses
// nothing. Every change goes to the server as a command; the document
// shows only what the server's events say.
import { useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { playerName, sideName } from '../lib/names.js';
import {
  changedSinceSubmit,
  draftedBy,
  maySubmit,
  orderableUnits,
  orderText,
  ordersOf,
  reachable,
  stancesFor,
  zoneName,
} from '../lib/orders.js';

/** @typedef {import('../lib/link.js').Link} Link */

/**
 * State kept in the tab's session storage under `key`, so a half-written
 * letter survives a reload.
 * @template T
 * @param {string} key @param {T} initial
 * @returns {[T, (value: T) => void]}
 */
export function useStored(key, initial) {
  const [value, setValue] = useState(() => {
    try {
      const kept = sessionStorage.getItem(key);
      return kept == null ? initial : /** @type {T} */ (JSON.parse(kept));
    } catch {
      return initial;
    }
  });
  /** @param {T} next */
  const set = (next) => {
    setValue(next);
    try {
      sessionStorage.setItem(key, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the text stays in the page.
    }
  };
  return [value, set];
}

/**
 * Sends a command and reports a refusal through `setError`; resolves true
 * when the server accepted it.
 * @param {Link | null} link @param {import('../types/wire').Action} command @param {(e: string) => void} setError
 */
export async function send(link, command, setError) {
  if (!link) return false;
  const answer = await link.command(command);
  if (answer.type === 'rejected') {
    setError(answer.message);
    return false;
  }
  setError('');
  return true;
}

/** "1 item", "3 items". @param {number} n */
const items = (n) => `${n} item${n === 1 ? '' : 's'}`;

/** @param {{ view: any, side: string, me: string, link: Link | null }} props */
export function Orders({ view, side, me, link }) {
  const [error, setError] = useState('');
  const orders = ordersOf(view, side);
  const submit = maySubmit(view, me);
  const changed = changedSinceSubmit(orders);
  const open = view.phase === 'orders' && !view.clock.paused;
  return html`<div class="orders">
    <h2 id="orders-title">Orders for turn ${view.turn}</h2>
    <${Standing} view=${view} orders=${orders} changed=${changed} />
    ${orders.draft.length === 0
      ? html`<p class="none">${view.phase === 'orders' ? 'Nothing drafted yet. Anyone on the side may draft; every member sees each item as it is added.' : 'Drafting opens in the Orders phase.'}</p>`
      : html`<ol class="draft" aria-labelledby="orders-title">
          ${orders.draft.map((/** @type {any} */ d) => html`<${Item} key=${d.item} view=${view} side=${side} item=${d}
            onRemove=${open ? () => send(link, { type: 'remove_order', item: d.item }, setError) : null} />`)}
        </ol>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${open && html`<div class="submit-row">
      ${submit.may
        ? html`<button type="button" class="submit" disabled=${orders.draft.length === 0 && !orders.submitted}
            onClick=${() => send(link, { type: 'submit_orders' }, setError)}>
            ${orders.submitted ? 'Submit again' : 'Submit orders'} (${items(orders.draft.length)})
          </button>`
        : html`<p class="none">${submit.why}</p>`}
    </div>`}
    ${open && html`<${Draft} view=${view} side=${side} link=${link} />`}
  </div>`;
}

/** Whether the orders are submitted, by whom, and whether the draft changed since. */
function Standing(/** @type {{ view: any, orders: any, changed: boolean }} */ { view, orders, changed }) {
  if (view.phase !== 'orders') return null;
  if (!orders.submitted) return html`<p class="standing not-submitted"><span aria-hidden="true">○ </span>Not submitted yet.</p>`;
  return html`<div>
    <p class="standing submitted"><span aria-hidden="true">✓ </span>Submitted by ${playerName(view, orders.submitted.by)} (${items(orders.submitted.items.length)}).</p>
    ${changed && html`<p class="warning" role="status"><span aria-hidden="true">▲ </span>The draft has changed since it was submitted. Only what was submitted counts: submit again to send the changes.</p>`}
  </div>`;
}

/** @param {{ view: any, side: string, item: any, onRemove: null | (() => void) }} props */
function Item({ view, side, item, onRemove }) {
  const t = orderText(view, item.order);
  return html`<li class="item">
    <p class="item-head"><span class="badge">${item.item}. ${t.kind}</span> <strong>${t.head}</strong></p>
    ${t.body && html`<p class="item-body">${t.body}</p>`}
    ${t.terms && t.terms.length > 0 && html`<ul class="terms">${t.terms.map((n) => html`<li>${n}</li>`)}</ul>`}
    <p class="meta">Drafted by ${draftedBy(view, side, item)}</p>
    ${onRemove && html`<button type="button" class="quiet small" aria-label=${`Remove item ${item.item}`} onClick=${onRemove}>Remove</button>`}
  </li>`;
}

const KINDS = [
  ['letter', 'Letter'],
  ['action', 'Action'],
  ['strategic', 'Strategic'],
  ['move', 'Move'],
  ['stance', 'Stance'],
];

/** The form that drafts one item. @param {{ view: any, side: string, link: Link | null }} props */
function Draft({ view, side, link }) {
  const key = (/** @type {string} */ k) => `brink.draft.${k}`;
  const [kind, setKind] = useStored(key('kind'), 'letter');
  const [error, setError] = useState('');
  const units = orderableUnits(view, side);
  const kinds = KINDS.filter(([k]) => (k !== 'move' && k !== 'stance') || units.length > 0);
  /** @param {import('../types/wire').OrderItem} order @param {() => void} done */
  const add = async (order, done) => {
    if (await send(link, { type: 'add_order', order }, setError)) done();
  };
  return html`<section class="draft-form" aria-labelledby="draft-title">
    <h3 id="draft-title">Draft an item</h3>
    <div class="kinds" role="radiogroup" aria-label="What to draft">
      ${kinds.map(([k, label]) => html`<label class=${`kind${kind === k ? ' on' : ''}`}>
        <input type="radio" name="draft-kind" value=${k} checked=${kind === k} onChange=${() => setKind(k)} />${label}
      </label>`)}
    </div>
    ${kind === 'letter' && html`<${LetterForm} view=${view} side=${side} add=${add} />`}
    ${kind === 'action' && html`<${ActionForm} add=${add} />`}
    ${kind === 'strategic' && html`<${StrategicForm} view=${view} add=${add} />`}
    ${kind === 'move' && html`<${MoveForm} view=${view} units=${units} add=${add} />`}
    ${kind === 'stance' && html`<${StanceForm} view=${view} units=${units} add=${add} />`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

/** @typedef {(order: import('../types/wire').OrderItem, done: () => void) => Promise<void>} Add */

/** @param {any} e */
const value = (e) => e.currentTarget.value;

/** @param {{ view: any, side: string, add: Add }} props */
function LetterForm({ view, side, add }) {
  const others = view.scenario.sides.filter((/** @type {any} */ s) => s.id !== side);
  const [to, setTo] = useStored('brink.draft.letter.to', others[0]?.id ?? '');
  const [channel, setChannel] = useStored('brink.draft.letter.channel', view.scenario.channels[0]?.id ?? '');
  const [text, setText] = useStored('brink.draft.letter.text', '');
  const [terms, setTerms] = useStored('brink.draft.letter.terms', /** @type {string[]} */ ([]));
  const chosen = view.scenario.channels.find((/** @type {any} */ c) => c.id === channel);
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    add({ kind: 'letter', channel, to, text, terms }, () => {
      setText('');
      setTerms([]);
    });
  };
  return html`<form class="letter-form" onSubmit=${submit}>
    <label for="letter-to">To</label>
    <select id="letter-to" value=${to} onChange=${(/** @type {any} */ e) => setTo(value(e))}>
      ${others.map((/** @type {any} */ s) => html`<option value=${s.id}>${s.name}</option>`)}
    </select>
    <label for="letter-channel">Channel</label>
    <select id="letter-channel" value=${channel} onChange=${(/** @type {any} */ e) => setChannel(value(e))}>
      ${view.scenario.channels.map((/** @type {any} */ c) => html`<option value=${c.id}>${c.name} — ${c.public ? 'public' : 'secret'}</option>`)}
    </select>
    ${chosen && html`<p class="hint">${chosen.public ? 'Everyone, observers too, reads it when it arrives.' : 'Only the two sides (and the umpire) read it.'} ${chosen.delay === 0 ? 'It arrives with this turn’s results.' : `It arrives ${chosen.delay} turn${chosen.delay > 1 ? 's' : ''} after this one’s results.`}</p>`}
    <label for="letter-text">Letter</label>
    <textarea id="letter-text" rows="5" maxlength="6000" value=${text} onInput=${(/** @type {any} */ e) => setText(value(e))}></textarea>
    ${view.scenario.terms.length > 0 && html`<fieldset class="term-choice">
      <legend>Terms it proposes (optional)</legend>
      ${view.scenario.terms.map((/** @type {any} */ t) => html`<label class="check">
        <input type="checkbox" value=${t.id} checked=${terms.includes(t.id)}
          onChange=${(/** @type {any} */ e) => setTerms(e.currentTarget.checked ? [...terms, t.id] : terms.filter((x) => x !== t.id))} />
        ${t.name} <span class="hint">(by ${sideName(view, t.by)})</span>
      </label>`)}
    </fieldset>`}
    <button type="submit" disabled=${!text.trim() || !to || !channel}>Add the letter to the orders</button>
  </form>`;
}

/** @param {{ add: Add }} props */
function ActionForm({ add }) {
  const [what, setWhat] = useStored('brink.draft.action.what', '');
  const [why, setWhy] = useStored('brink.draft.action.why', '');
  const [expected, setExpected] = useStored('brink.draft.action.expected', '');
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    add({ kind: 'action', what, why, expected }, () => {
      setWhat('');
      setWhy('');
      setExpected('');
    });
  };
  return html`<form onSubmit=${submit}>
    <label for="action-what">What the side does</label>
    <textarea id="action-what" rows="3" value=${what} onInput=${(/** @type {any} */ e) => setWhat(value(e))}></textarea>
    <label for="action-why">Why it should work</label>
    <textarea id="action-why" rows="2" value=${why} onInput=${(/** @type {any} */ e) => setWhy(value(e))}></textarea>
    <label for="action-expected">What the side expects to come of it</label>
    <textarea id="action-expected" rows="2" value=${expected} onInput=${(/** @type {any} */ e) => setExpected(value(e))}></textarea>
    <button type="submit" disabled=${!what.trim()}>Add the action to the orders</button>
  </form>`;
}

/** @param {{ view: any, add: Add }} props */
function StrategicForm({ view, add }) {
  const [chosen, setChosen] = useState('');
  if (view.menu.length === 0) return html`<p class="none">The scenario gives the side no strategic actions.</p>`;
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    add({ kind: 'strategic', action: chosen }, () => setChosen(''));
  };
  return html`<form onSubmit=${submit}>
    <fieldset class="menu">
      <legend>The side’s strategic actions</legend>
      ${view.menu.map((/** @type {any} */ m) => html`<label class=${`check${m.unavailable ? ' unavailable' : ''}`}>
        <input type="radio" name="strategic" value=${m.id} disabled=${!!m.unavailable} checked=${chosen === m.id}
          onChange=${() => setChosen(m.id)} />
        <span><strong>${m.name}</strong>${m.public ? ' (public)' : ' (secret)'}${m.resolution === 'roll' ? ` · needs ${m.target}+ on two dice` : ''}
        <span class="hint">${m.description}</span>
        ${m.unavailable && html`<span class="why">Not now: ${m.unavailable}</span>`}</span>
      </label>`)}
    </fieldset>
    <button type="submit" disabled=${!chosen}>Add the action to the orders</button>
  </form>`;
}

/** @param {{ view: any, units: any[], add: Add }} props */
function MoveForm({ view, units, add }) {
  const [unit, setUnit] = useState(units[0]?.id ?? '');
  const [to, setTo] = useState('');
  const u = units.find((x) => x.id === unit);
  const zones = u ? reachable(view, u) : [];
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    add({ kind: 'move', unit, to: to || zones[0] }, () => setTo(''));
  };
  return html`<form onSubmit=${submit}>
    <label for="move-unit">Unit</label>
    <select id="move-unit" value=${unit} onChange=${(/** @type {any} */ e) => { setUnit(value(e)); setTo(''); }}>
      ${units.map((x) => html`<option value=${x.id}>${x.name} — in ${zoneName(view, x.zone)}</option>`)}
    </select>
    <label for="move-to">To</label>
    <select id="move-to" value=${to || zones[0] || ''} onChange=${(/** @type {any} */ e) => setTo(value(e))}>
      ${zones.map((z) => html`<option value=${z}>${zoneName(view, z)}</option>`)}
    </select>
    ${u && zones.length === 0 && html`<p class="hint">${u.name} cannot move from here.</p>`}
    <button type="submit" disabled=${!u || zones.length === 0}>Add the move to the orders</button>
  </form>`;
}

/** @param {{ view: any, units: any[], add: Add }} props */
function StanceForm({ view, units, add }) {
  const [unit, setUnit] = useState(units[0]?.id ?? '');
  const [stance, setStance] = useState('');
  const u = units.find((x) => x.id === unit);
  const stances = u ? stancesFor(view, u) : [];
  const chosen = stances.find((/** @type {any} */ s) => s.id === (stance || stances[0]?.id));
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    add({ kind: 'stance', unit, stance: stance || stances[0]?.id }, () => setStance(''));
  };
  return html`<form onSubmit=${submit}>
    <label for="stance-unit">Unit</label>
    <select id="stance-unit" value=${unit} onChange=${(/** @type {any} */ e) => { setUnit(value(e)); setStance(''); }}>
      ${units.map((x) => html`<option value=${x.id}>${x.name}</option>`)}
    </select>
    <label for="stance-to">Stance</label>
    <select id="stance-to" value=${stance || stances[0]?.id || ''} onChange=${(/** @type {any} */ e) => setStance(value(e))}>
      ${stances.map((/** @type {any} */ s) => html`<option value=${s.id}>${s.name}</option>`)}
    </select>
    ${chosen?.description && html`<p class="hint">${chosen.description}</p>`}
    ${u && stances.length === 0 && html`<p class="hint">${u.name} has no other stance to take.</p>`}
    <button type="submit" disabled=${!u || stances.length === 0}>Add the stance to the orders</button>
  </form>`;
}
