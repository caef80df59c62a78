// @ts-check
// The umpire's console: the clock always in view (start, advance and
// force, pause and resume, the deadline, more turns, the end with a
// verdict; who has submitted), and in tabs the orders of both sides side by
// side, the adjudication as a queue, the seats, the conversation with
// injects and notes, the letters, a "view as" pane, and the review. Every
// control sends an ordinary umpire command; a refusal shows its message
// next to the control that sent it.
import { useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { changedSinceSubmit, draftedBy, orderText, ordersOf } from '../lib/orders.js';
import { Adjudicate } from './adjudicate.js';
import { Comms } from './comms.js';
import { LetterCard } from './letters.js';
import { ViewAs } from './viewas.js';
import { Review } from './review.js';

/**
 * @typedef {import('../lib/link.js').Link} Link
 * @typedef {import('../types/wire').Action} Action
 * @typedef {import('../types/wire').View} View
 * @typedef {{ run: (key: string, command: Action) => Promise<boolean>, error: (key: string) => any, busy: boolean }} Act
 */

/**
 * Commands with their refusals kept by the control that sent them.
 * @param {Link | null} link
 * @returns {Act}
 */
export function useAct(link) {
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [busy, setBusy] = useState(false);
  /** @param {string} key @param {Action} command */
  const run = async (key, command) => {
    if (!link) return false;
    setBusy(true);
    try {
      const answer = await link.command(command);
      const message = answer.type === 'rejected' ? answer.message : '';
      setErrors((e) => ({ ...e, [key]: message }));
      return !message;
    } finally {
      setBusy(false);
    }
  };
  /** @param {string} key */
  const error = (key) => (errors[key] ? html`<p class="error" role="alert" data-for=${key}>${errors[key]}</p>` : null);
  return { run, error, busy };
}

/** @param {any} e */
export const valueOf = (e) => e.currentTarget.value;

/** @param {{ table: import('../lib/fold.js').Table, link: Link | null, seat: import('../lib/link.js').Seat }} props */
export function Console({ table, link, seat }) {
  const view = table.view;
  const act = useAct(link);
  const [tab, setTab] = useState(() => (view.phase === 'adjudication' ? 'adjudication' : 'orders'));
  const pending = view.adjudication && !view.adjudication.published ? ' •' : '';
  const tabs = [
    ['orders', 'Orders'],
    ['adjudication', `Adjudication${pending}`],
    ['seats', 'Seats'],
    ['talk', 'Talk & injects'],
    ['letters', `Letters (${view.letters.length})`],
    ['view-as', 'View as'],
    ['review', 'Review'],
  ];
  /** @type {Record<string, () => any>} */
  const panels = {
    orders: () => html`<${SideBySide} view=${view} />`,
    adjudication: () => html`<${Adjudicate} view=${view} act=${act} />`,
    seats: () => html`<${Seats} view=${view} act=${act} />`,
    talk: () => html`<${Comms} table=${table} act=${act} />`,
    letters: () => html`<${AllLetters} view=${view} />`,
    'view-as': () => html`<${ViewAs} view=${view} seq=${table.seq} seat=${seat} />`,
    review: () => html`<${Review} view=${view} seat=${seat} link=${link} />`,
  };
  return html`<main class="console">
    <${Clock} view=${view} act=${act} />
    <nav class="tabs" role="tablist" aria-label="Console">
      ${tabs.map(([t, label]) => html`<button type="button" role="tab" id=${`tab-${t}`} class="tab"
        aria-selected=${t === tab ? 'true' : 'false'} aria-controls="panel" onClick=${() => setTab(t)}>${label}</button>`)}
    </nav>
    <section id="panel" class=${`panel-body panel-${tab}`} role="tabpanel" aria-labelledby=${`tab-${tab}`}>${(panels[tab] ?? panels.orders)()}</section>
  </main>`;
}

/** Each side's orders standing, in words. @param {View} view @param {string} side */
export function standing(view, side) {
  const orders = ordersOf(view, side);
  const n = orders.draft.length;
  if (orders.submitted) {
    const by = view.players.find((p) => p.id === orders.submitted?.by)?.name ?? 'someone';
    return { done: true, text: `Submitted by ${by}${changedSinceSubmit(orders) ? ', changed since' : ''}` };
  }
  return { done: false, text: n ? `Drafting (${n} item${n === 1 ? '' : 's'})` : 'Nothing drafted' };
}

/** @param {{ view: View, act: Act }} props */
function Clock({ view, act }) {
  const [minutes, setMinutes] = useState(15);
  const [more, setMore] = useState(1);
  const [verdict, setVerdict] = useState('');
  const [ending, setEnding] = useState(false);
  const sides = view.scenario.sides;
  const all = sides.every((s) => standing(view, s.id).done);
  const phase = view.phase;
  /** @type {Record<string, [string, Action]>} */
  const steps = {
    lobby: ['Start the game', { type: 'start_game' }],
    briefing: ['Open orders', { type: 'advance' }],
    orders: [all ? 'Close orders (both sides are ready)' : 'Close orders', { type: 'advance' }],
    adjudication: [view.turn >= view.scenario.turns ? 'End of the last turn' : 'Next turn’s briefing', { type: 'advance' }],
  };
  const next = steps[phase];
  const published = !view.adjudication || view.adjudication.published;
  return html`<section class="clock" aria-label="The clock">
    <div class="clock-row">
      ${next && html`<div class="control">
        <button type="button" disabled=${act.busy || (phase === 'adjudication' && !published)} onClick=${() => act.run('advance', next[1])}>${next[0]}</button>
        ${phase === 'orders' && !all && html`<button type="button" class="quiet" onClick=${() => act.run('advance', { type: 'advance', force: true })}>Close orders anyway</button>`}
        ${phase === 'adjudication' && !published && html`<p class="hint">Publish the adjudication first.</p>`}
        ${act.error('advance')}
      </div>`}
      ${phase !== 'lobby' && phase !== 'ended' && html`<div class="control">
        ${view.clock.paused
          ? html`<button type="button" onClick=${() => act.run('pause', { type: 'resume' })}>Resume</button>`
          : html`<button type="button" class="quiet" onClick=${() => act.run('pause', { type: 'pause' })}>Pause</button>`}
        ${act.error('pause')}
      </div>`}
      ${phase === 'orders' && html`<div class="control deadline">
        <label for="deadline-minutes">Deadline, minutes</label>
        <input id="deadline-minutes" type="number" min="1" max="600" value=${minutes} onInput=${(/** @type {any} */ e) => setMinutes(Number(valueOf(e)) || 1)} />
        <button type="button" class="small" onClick=${() => act.run('deadline', { type: 'set_deadline', seconds: minutes * 60 })}>Set</button>
        ${(view.clock.deadline_at_ms != null || view.clock.remaining_ms != null) && html`
          <button type="button" class="small quiet" onClick=${() => act.run('deadline', { type: 'extend_deadline', seconds: minutes * 60 })}>Extend by ${minutes} min</button>
          <button type="button" class="small quiet" onClick=${() => act.run('deadline', { type: 'clear_deadline' })}>Clear</button>`}
        ${act.error('deadline')}
      </div>`}
    </div>
    ${(phase === 'orders' || phase === 'adjudication') && html`<ul class="ready">
      ${sides.map((s) => {
        const st = standing(view, s.id);
        return html`<li class=${st.done ? 'done' : ''}><strong>${s.name}</strong>: ${phase === 'orders' || st.done ? st.text : 'Did not submit'}</li>`;
      })}
    </ul>`}
    ${phase !== 'ended' && html`<details class="more">
      <summary>More turns, or end the game</summary>
      <div class="control">
        <label for="more-turns">Turns to add</label>
        <input id="more-turns" type="number" min="1" max="30" value=${more} onInput=${(/** @type {any} */ e) => setMore(Number(valueOf(e)) || 1)} />
        <button type="button" class="small" onClick=${() => act.run('turns', { type: 'add_turns', turns: more })}>Add ${more} turn${more === 1 ? '' : 's'}</button>
        ${act.error('turns')}
      </div>
      <div class="control">
        <label for="verdict">Verdict</label>
        <textarea id="verdict" rows="2" value=${verdict} onInput=${(/** @type {any} */ e) => setVerdict(valueOf(e))}></textarea>
        ${ending
          ? html`<p class="warning">End the game now, for everyone? <button type="button" class="small" onClick=${() => act.run('end', { type: 'end_game', verdict: verdict.trim() }).then(() => setEnding(false))}>End the game</button>
              <button type="button" class="small quiet" onClick=${() => setEnding(false)}>Not yet</button></p>`
          : html`<button type="button" class="small quiet" disabled=${!verdict.trim()} onClick=${() => setEnding(true)}>End the game…</button>`}
        ${act.error('end')}
      </div>
    </details>`}
  </section>`;
}

/** Both sides' drafts and submissions, side by side, live. @param {{ view: View }} props */
function SideBySide({ view }) {
  return html`<div class="side-by-side">
    ${view.scenario.sides.map((s) => {
      const orders = ordersOf(view, s.id);
      const st = standing(view, s.id);
      return html`<section class="side-orders" aria-label=${`${s.name}'s orders`}>
        <h2>${s.name}</h2>
        <p class=${`standing ${st.done ? 'submitted' : 'not-submitted'}`}>${st.text}</p>
        ${orders.draft.length === 0
          ? html`<p class="none">No item drafted this turn.</p>`
          : html`<ol class="draft">${orders.draft.map((item) => {
              const t = orderText(view, item.order);
              return html`<li class="item">
                <p class="item-head"><span class="badge">${t.kind}</span> ${t.head}</p>
                ${t.body && html`<p class="item-body">${t.body}</p>`}
                ${t.terms && t.terms.length > 0 && html`<ul class="terms">${t.terms.map((x) => html`<li>${x}</li>`)}</ul>`}
                <p class="meta">Drafted by ${draftedBy(view, s.id, item)}</p>
              </li>`;
            })}</ol>`}
      </section>`;
    })}
  </div>`;
}

/** Every seat, who holds it and whether they are online; free, move, remove. @param {{ view: View, act: Act }} props */
function Seats({ view, act }) {
  const [moving, setMoving] = useState(/** @type {Record<string, string>} */ ({}));
  const present = view.players.filter((p) => !p.former);
  const others = present.filter((p) => p.role.kind !== 'player');
  return html`<div class="seats">
    ${view.scenario.sides.map((side) => {
      const free = side.seats.filter((seat) => !present.some((p) => p.role.kind === 'player' && p.role.side === side.id && p.role.seat === seat.id));
      return html`<section aria-label=${`${side.name}'s seats`}>
        <h2>${side.name}</h2>
        <table class="seat-table"><tbody>
          ${side.seats.map((seat) => {
            const p = present.find((q) => q.role.kind === 'player' && q.role.side === side.id && q.role.seat === seat.id);
            const key = `seat-${side.id}-${seat.id}`;
            return html`<tr>
              <th scope="row">${seat.name}${seat.leader ? ' (leader)' : ''}</th>
              <td>${p ? html`<span class=${`dot ${p.online ? 'on' : 'off'}`} aria-hidden="true">${p.online ? '●' : '○'}</span> ${p.name} <span class="hint">${p.online ? 'online' : 'offline'}</span>` : html`<span class="none">free</span>`}</td>
              <td class="seat-actions">${p && html`
                <button type="button" class="small quiet" aria-label=${`Free the ${seat.name} seat`} onClick=${() => act.run(key, { type: 'free_seat', side: side.id, seat: seat.id })}>Free the seat</button>
                ${free.length > 0 && html`<label class="sr" for=${`${key}-to`}>Move ${p.name} to</label>
                  <select id=${`${key}-to`} value=${moving[p.id] ?? ''} onChange=${(/** @type {any} */ e) => setMoving({ ...moving, [p.id]: valueOf(e) })}>
                    <option value="">Move to…</option>
                    ${free.map((f) => html`<option value=${f.id}>${f.name}</option>`)}
                  </select>
                  <button type="button" class="small quiet" disabled=${!moving[p.id]} onClick=${() => act.run(key, { type: 'move_player', player: p.id, seat: moving[p.id] })}>Move</button>`}
                <button type="button" class="small quiet" aria-label=${`Remove ${p.name}`} onClick=${() => act.run(key, { type: 'remove_player', player: p.id })}>Remove</button>`}
                ${act.error(key)}
              </td>
            </tr>`;
          })}
        </tbody></table>
      </section>`;
    })}
    <section aria-label="Umpires and observers">
      <h2>Umpires and observers</h2>
      <ul class="players">${others.map((p) => html`<li>
        <span class=${`dot ${p.online ? 'on' : 'off'}`} aria-hidden="true">${p.online ? '●' : '○'}</span>
        <span class="who">${p.name}</span>
        <span class="what">${p.role.kind === 'umpire' ? 'umpire' : 'observer'} · ${p.online ? 'online' : 'offline'}
          ${p.role.kind === 'observer' && html` <button type="button" class="small quiet" aria-label=${`Remove ${p.name}`} onClick=${() => act.run(`player-${p.id}`, { type: 'remove_player', player: p.id })}>Remove</button>`}</span>
        ${act.error(`player-${p.id}`)}
      </li>`)}</ul>
    </section>
    <section aria-label="Who submits">
      <h2>Who submits a side’s orders</h2>
      <label class="check"><input type="checkbox" checked=${view.any_member_submits}
        onChange=${(/** @type {any} */ e) => act.run('any-member', { type: 'any_member_submits', allowed: e.currentTarget.checked })} />
        <span>Any member may submit (otherwise the leader seat, or anyone while it is empty or offline)</span></label>
      ${act.error('any-member')}
    </section>
  </div>`;
}

/** Every letter, in the order sent. @param {{ view: View }} props */
function AllLetters({ view }) {
  if (view.letters.length === 0) return html`<p class="none">No letter has been sent yet.</p>`;
  return html`<ul class="letter-list">${[...view.letters].reverse().map((l) => html`<${LetterCard} key=${l.id} view=${view} letter=${l} accept=${null} publicise=${null} />`)}</ul>`;
}
