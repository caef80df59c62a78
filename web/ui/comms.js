// @ts-check
// The umpire's communication: every chat of both sides and what each side
// wrote to the umpire, a message back; injects, now or held for the next
// briefing, to whom; those held; and the notes and bookmarks on the
// timeline.
import { useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { audienceName, sideName } from '../lib/names.js';
import { audiences } from './adjudicate.js';
import { valueOf } from './console.js';

/** @typedef {import('./console.js').Act} Act */

/** @param {{ table: import('../lib/fold.js').Table, act: Act }} props */
export function Comms({ table, act }) {
  const view = table.view;
  const lines = table.feed.filter((l) => l.kind.startsWith('chat')).slice(-60).reverse();
  return html`<div class="comms">
    <section class="conversation" aria-labelledby="chat-head">
      <h2 id="chat-head">Both sides’ chat</h2>
      <${Compose} view=${view} act=${act} kind="message" />
      ${lines.length === 0 ? html`<p class="none">No one has said anything yet.</p>`
        : html`<ol class="lines talk" aria-label="Conversation">${lines.map((l) => html`<li class=${`line ${l.kind}`}>
            <p class="meta">${l.who} · turn ${l.turn}</p><p class="text">${l.text}</p></li>`)}</ol>`}
    </section>
    <div>
      <section aria-labelledby="inject-head">
        <h2 id="inject-head">Inject</h2>
        <${Compose} view=${view} act=${act} kind="inject" />
        ${view.queued_injects.length > 0 && html`<h3>Held for the next briefing</h3>
          <ul class="lines">${view.queued_injects.map((i) => html`<li class="line inject"><p class="meta">To ${audienceName(view, i.to)}${i.scripted ? ' · from the scenario' : ''}</p><p class="text">${i.text}</p></li>`)}</ul>`}
      </section>
      <${Notes} view=${view} act=${act} />
    </div>
  </div>`;
}

/** A message or an inject, to an audience. @param {{ view: import('../types/wire').View, act: Act, kind: 'message' | 'inject' }} props */
function Compose({ view, act, kind }) {
  const choices = audiences(view);
  // No audience by default: a reply to one side must not go to everyone
  // by accident.
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [later, setLater] = useState(false);
  const id = kind === 'inject' ? 'inject' : 'umpire-say';
  /** @param {Event} e */
  const send = async (e) => {
    e.preventDefault();
    if (!to) return;
    const audience = choices[Number(to)][1];
    const ok = kind === 'inject'
      ? await act.run(id, { type: 'inject', to: audience, text: text.trim(), ...(later ? { next_briefing: true } : {}) })
      : await act.run(id, { type: 'umpire_message', to: audience, text: text.trim() });
    if (ok) setText('');
  };
  return html`<form class="compose" onSubmit=${send}>
    <label for=${`${id}-to`}>To</label>
    <select id=${`${id}-to`} value=${to} onChange=${(/** @type {any} */ e) => setTo(valueOf(e))}>
      <option value="">Choose who…</option>
      ${choices.map(([name], i) => html`<option value=${String(i)}>${name}</option>`)}
    </select>
    <label for=${`${id}-text`}>${kind === 'inject' ? 'What it says' : 'Message'}</label>
    <textarea id=${`${id}-text`} rows="2" value=${text} onInput=${(/** @type {any} */ e) => setText(valueOf(e))}></textarea>
    ${kind === 'inject' && html`<label class="check"><input type="checkbox" checked=${later} onChange=${(/** @type {any} */ e) => setLater(e.currentTarget.checked)} />
      <span>Hold it for the next briefing</span></label>`}
    ${act.error(id)}
    <button type="submit" class="small" disabled=${!text.trim() || !to}>${kind === 'inject' ? (later ? 'Hold the inject' : 'Release the inject') : 'Send'}</button>
  </form>`;
}

/** @param {{ view: import('../types/wire').View, act: Act }} props */
function Notes({ view, act }) {
  const [text, setText] = useState('');
  const [mark, setMark] = useState(false);
  /** @param {Event} e */
  const write = async (e) => {
    e.preventDefault();
    if (await act.run('note', { type: 'note', text: text.trim(), ...(mark ? { bookmark: true } : {}) })) setText('');
  };
  return html`<section aria-labelledby="notes-head">
    <h2 id="notes-head">Notes and bookmarks</h2>
    <form onSubmit=${write}>
      <label for="note-text">A note for the review (only you read it)</label>
      <textarea id="note-text" rows="2" value=${text} onInput=${(/** @type {any} */ e) => setText(valueOf(e))}></textarea>
      <label class="check"><input type="checkbox" checked=${mark} onChange=${(/** @type {any} */ e) => setMark(e.currentTarget.checked)} />
        <span>A bookmark: a moment to come back to in the debrief</span></label>
      ${act.error('note')}
      <button type="submit" class="small" disabled=${!text.trim()}>Write it</button>
    </form>
    ${view.notes.length > 0 && html`<ul class="lines">${[...view.notes].reverse().map((n) => html`<li class=${`line${n.bookmark ? ' bookmark' : ''}`}>
      <p class="meta">${n.bookmark ? '★ Bookmark · ' : ''}turn ${n.turn}${n.side ? ` · ${sideName(view, n.side)}` : ''}</p><p class="text">${n.text}</p></li>`)}</ul>`}
  </section>`;
}
