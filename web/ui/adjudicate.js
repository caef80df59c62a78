// @ts-check
// The pending adjudication as the umpire's queue: each free-form action
// to accept, reject or roll against a difficulty (with the 2d6 odds of the
// difficulty chosen), its outcome and who learns of it; the strategic
// results, the accident draw, incidents to bring in, the track changes
// with the value each will have and what each side will read of it, the
// agreement to confirm; and publish,
// held while the queue names what is still to do.
import { useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { audienceName, sideName } from '../lib/names.js';
import { letterOf, termName } from '../lib/orders.js';
import { valueOf } from './console.js';

/**
 * @typedef {import('../types/wire').View} View
 * @typedef {import('../types/wire').FreeAction} FreeAction
 * @typedef {import('../types/wire').Audience} Audience
 * @typedef {import('./console.js').Act} Act
 */

/** In how many of 36 throws two dice make `difficulty` or more. @param {number} difficulty */
export function odds(difficulty) {
  let n = 0;
  for (let a = 1; a <= 6; a += 1) for (let b = 1; b <= 6; b += 1) if (a + b >= difficulty) n += 1;
  return n;
}

/** "8 or more: 15 in 36 (42%)". @param {number} d */
export function oddsText(d) {
  const n = odds(d);
  return `${d} or more: ${n} in 36 (${Math.round((n / 36) * 100)}%)`;
}

/** What the ruling says of success: true, false, or null (none yet). @param {FreeAction} a */
export function ruledSuccess(a) {
  if (!a.ruling) return null;
  if (a.ruling.kind === 'accept') return true;
  if (a.ruling.kind === 'reject') return false;
  return a.roll ? a.roll.success : null;
}

/** Whether the written outcome says otherwise than the ruling (the engine's `contradicted`). @param {FreeAction} a */
export function contradicted(a) {
  const said = a.outcome_success;
  const ruled = ruledSuccess(a);
  return said != null && ruled != null && said !== ruled && !a.overruled;
}

/**
 * What still holds the publish, in words: actions without a ruling, and
 * outcomes that contradict theirs.
 * @param {View} view
 */
export function stillToDo(view) {
  const adj = view.adjudication;
  if (!adj || adj.published) return [];
  const actions = adj.actions.map((id) => view.actions.find((a) => a.id === id)).filter((a) => a != null);
  return [
    ...actions.filter((a) => !a.ruling).map((a) => `rule on ${sideName(view, a.side)}’s “${short(a.what)}”`),
    ...actions.filter(contradicted).map((a) => `the outcome of ${sideName(view, a.side)}’s “${short(a.what)}” says otherwise than its ruling`),
  ];
}

/** @param {string} text */
const short = (text) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** The audiences the umpire may address, with names. @param {View} view @returns {[string, Audience][]} */
export function audiences(view) {
  const sides = view.scenario.sides;
  return [
    ...sides.map((s) => /** @type {[string, Audience]} */ ([s.name, { side: s.id }])),
    ...(sides.length > 1 ? [/** @type {[string, Audience]} */ ([sides.map((s) => s.name).join(' and '), { sides: sides.map((s) => s.id) }])] : []),
    ['Everyone (observers too)', 'all'],
  ];
}

/** @param {{ view: View, act: Act }} props */
export function Adjudicate({ view, act }) {
  const adj = view.adjudication;
  if (!adj) return html`<p class="none">There is no adjudication yet: it opens when the Orders phase closes.</p>`;
  const actions = adj.actions.map((id) => view.actions.find((a) => a.id === id)).filter((a) => a != null);
  const todo = stillToDo(view);
  return html`<div class="adjudication">
    <p class="kicker">Turn ${adj.turn} · ${adj.published ? 'published' : 'pending'}</p>
    <section aria-labelledby="free-head">
      <h2 id="free-head">Free-form actions (${actions.length})</h2>
      ${actions.length === 0 ? html`<p class="none">No side ordered one this turn.</p>`
        : html`<ol class="queue">${actions.map((a) => html`<${ActionCard} key=${a.id} view=${view} action=${a} act=${act} open=${!adj.published} />`)}</ol>`}
    </section>
    ${adj.strategic.length > 0 && html`<section aria-labelledby="strategic-head">
      <h2 id="strategic-head">Strategic actions</h2>
      <ul class="results">${adj.strategic.map((r) => html`<li>
        <strong>${r.name}</strong> (${sideName(view, r.side)}) — ${r.roll ? `rolled ${r.roll.total} against ${r.roll.difficulty}: ` : ''}${r.success ? 'succeeds' : 'fails'}${r.public ? ', in public' : ', in secret'}
        ${r.text && html`<p class="hint">${r.text}</p>`}
      </li>`)}</ul>
    </section>`}
    ${adj.accident && html`<section aria-labelledby="accident-head">
      <h2 id="accident-head">The accident check</h2>
      <p>${adj.accident.track ? `${adj.accident.track} at ${adj.accident.value}: ` : ''}${adj.accident.percent}% chance; drew ${adj.accident.draw}.
        ${adj.accident.incident ? html` <strong>${adj.accident.incident.name}</strong>, to ${audienceName(view, adj.accident.incident.to)}.` : adj.accident.impossible ? ` Nothing: ${adj.accident.impossible}` : ' No incident.'}</p>
    </section>`}
    <${Incidents} view=${view} act=${act} open=${!adj.published} />
    <${TrackChanges} view=${view} act=${act} open=${!adj.published} />
    ${adj.agreement && html`<${AgreementBox} view=${view} act=${act} open=${!adj.published} />`}
    ${adj.naval && adj.naval.contacts && adj.naval.contacts.length > 0 && html`<section aria-labelledby="naval-head">
      <h2 id="naval-head">At sea</h2>
      <ul class="results">${adj.naval.contacts.map((c) => html`<li>${c.text}</li>`)}</ul>
    </section>`}
    ${!adj.published && html`<section class="publish" aria-label="Publish">
      ${todo.length > 0 && html`<div class="warning"><p>Before publishing:</p><ul>${todo.map((t) => html`<li>${t}</li>`)}</ul></div>`}
      <button type="button" disabled=${todo.length > 0 || act.busy} onClick=${() => act.run('publish', { type: 'publish' })}>Publish the adjudication</button>
      ${act.error('publish')}
    </section>`}
  </div>`;
}

/** @param {{ view: View, action: FreeAction, act: Act, open: boolean }} props */
function ActionCard({ view, action: a, act, open }) {
  const [difficulty, setDifficulty] = useState(a.ruling?.kind === 'roll' ? a.ruling.difficulty : 8);
  const ruled = ruledSuccess(a);
  const [text, setText] = useState(a.outcome ?? '');
  const choices = audiences(view);
  const own = choices.findIndex(([, to]) => JSON.stringify(to) === JSON.stringify(a.outcome ? a.to : { side: a.side }));
  const [to, setTo] = useState(String(Math.max(0, own)));
  const [says, setSays] = useState(a.outcome_success == null ? (ruled == null ? '' : ruled ? 'yes' : 'no') : a.outcome_success ? 'yes' : 'no');
  const [overrule, setOverrule] = useState(!!a.overruled);
  const key = `action-${a.id}`;
  /** @param {import('../types/wire').Ruling} ruling */
  const rule = (ruling) => act.run(`${key}-rule`, { type: 'rule_action', action: a.id, ruling });
  const write = () => {
    /** @type {Extract<import('../types/wire').Action, { type: 'write_outcome' }>} */
    const command = { type: 'write_outcome', action: a.id, text: text.trim(), to: choices[Number(to)][1] };
    if (says) command.success = says === 'yes';
    if (overrule) command.overrule = true;
    return act.run(`${key}-outcome`, command);
  };
  const suggestion = ruled == null ? '' : (ruled ? a.success_text : a.failure_text) ?? '';
  return html`<li class=${`item action-card${a.ruling ? ' ruled' : ''}`}>
    <p class="item-head"><span class="badge">${sideName(view, a.side)}</span> ${a.what}</p>
    ${a.why && html`<p class="item-body">Why: ${a.why}</p>`}
    ${a.expected && html`<p class="item-body">Expected: ${a.expected}</p>`}
    <p class="ruling">${rulingText(a)}</p>
    ${open && html`<div class="controls">
      <button type="button" class="small" disabled=${act.busy} onClick=${() => rule({ kind: 'accept' })}>Accept</button>
      <button type="button" class="small quiet" disabled=${act.busy} onClick=${() => rule({ kind: 'reject' })}>Reject</button>
      <label class="inline" for=${`${key}-difficulty`}>Roll against</label>
      <select id=${`${key}-difficulty`} value=${difficulty} onChange=${(/** @type {any} */ e) => setDifficulty(Number(valueOf(e)))}>
        ${[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((d) => html`<option value=${d}>${oddsText(d)}</option>`)}
      </select>
      <button type="button" class="small" disabled=${act.busy} onClick=${() => rule({ kind: 'roll', difficulty })}>${a.roll ? 'Roll again' : 'Roll'}</button>
      ${act.error(`${key}-rule`)}
    </div>
    <div class="outcome-form">
      <label for=${`${key}-text`}>Outcome</label>
      <textarea id=${`${key}-text`} rows="2" value=${text} placeholder=${suggestion || 'What came of it'}
        onInput=${(/** @type {any} */ e) => setText(valueOf(e))}></textarea>
      ${suggestion && !text && html`<button type="button" class="small quiet" onClick=${() => setText(suggestion)}>Use the scenario’s text</button>`}
      <div class="row">
        <span><label for=${`${key}-to`}>Who learns of it</label>
          <select id=${`${key}-to`} value=${to} onChange=${(/** @type {any} */ e) => setTo(valueOf(e))}>
            ${choices.map(([name], i) => html`<option value=${String(i)}>${name}</option>`)}
          </select></span>
        <span><label for=${`${key}-says`}>It says the action</label>
          <select id=${`${key}-says`} value=${says} onChange=${(/** @type {any} */ e) => setSays(valueOf(e))}>
            <option value="">(does not say)</option><option value="yes">succeeded</option><option value="no">failed</option>
          </select></span>
      </div>
      <label class="check"><input type="checkbox" checked=${overrule} onChange=${(/** @type {any} */ e) => setOverrule(e.currentTarget.checked)} />
        <span>Overrule the dice (let it stand against the ruling)</span></label>
      <button type="button" class="small" disabled=${!text.trim()} onClick=${write}>Write the outcome</button>
      ${act.error(`${key}-outcome`)}
    </div>`}
    ${a.outcome && html`<p class="written">Outcome for ${audienceName(view, a.to)}: ${a.outcome}${contradicted(a) ? html` <span class="why">(says otherwise than the ruling)</span>` : ''}</p>`}
  </li>`;
}

/** @param {FreeAction} a */
function rulingText(a) {
  if (!a.ruling) return 'Not ruled yet.';
  if (a.ruling.kind === 'accept') return 'Accepted: it succeeds.';
  if (a.ruling.kind === 'reject') return 'Rejected: it fails.';
  const r = a.roll;
  return r ? `Rolled ${r.dice[0]} and ${r.dice[1]}: ${r.total} against ${r.difficulty} — ${r.success ? 'it succeeds' : 'it fails'}.` : `To roll against ${a.ruling.difficulty}.`;
}

/** Incidents brought in, and the table to bring one in from. @param {{ view: View, act: Act, open: boolean }} props */
function Incidents({ view, act, open }) {
  const adj = view.adjudication;
  const [pick, setPick] = useState('');
  const table = view.incidents ?? [];
  if (!adj || (table.length === 0 && !(adj.triggered ?? []).length)) return null;
  return html`<section aria-labelledby="incidents-head">
    <h2 id="incidents-head">Incidents brought in</h2>
    ${(adj.triggered ?? []).length === 0 ? html`<p class="none">None.</p>`
      : html`<ul class="results">${(adj.triggered ?? []).map((i) => html`<li><strong>${i.name}</strong>, to ${audienceName(view, i.to)}</li>`)}</ul>`}
    ${open && html`<div class="controls">
      <label class="inline" for="incident-pick">Bring in</label>
      <select id="incident-pick" value=${pick} onChange=${(/** @type {any} */ e) => setPick(valueOf(e))}>
        <option value="">Choose an incident…</option>
        ${table.map((i) => html`<option value=${i.id}>${i.name} (to ${audienceName(view, i.to)})</option>`)}
      </select>
      <button type="button" class="small" disabled=${!pick} onClick=${() => act.run('incident', { type: 'trigger_incident', incident: pick })}>Bring it in</button>
      ${act.error('incident')}
    </div>`}
  </section>`;
}

/**
 * What a perspective will read of a track at `value`: the number where it
 * knows the track exactly, else the band's name (or nothing).
 * @param {import('../types/wire').TrackDef} def @param {number} value @param {string | null} side (null: the observers)
 */
export function readAs(def, value, side) {
  if (def.public || (side != null && def.exact.includes(side))) return String(value);
  const band = def.bands.find((b) => value <= b.upto);
  return band ? `≈ ${band.name}` : 'nothing';
}

/** The track changes pending, each track's value at publish (as each side will read it), and the umpire's own move. @param {{ view: View, act: Act, open: boolean }} props */
function TrackChanges({ view, act, open }) {
  const adj = view.adjudication;
  const [track, setTrack] = useState(view.tracks[0]?.id ?? '');
  const [by, setBy] = useState(1);
  const [reason, setReason] = useState('');
  if (!adj) return null;
  /** @param {string} id */
  const name = (id) => view.tracks.find((t) => t.id === id)?.name ?? id;
  const after = view.tracks.map((t) => {
    const moves = adj.track_changes.filter((c) => c.track === t.id);
    const sum = moves.reduce((n, c) => n + c.by, 0);
    return { t, sum, to: t.value == null ? null : Math.min(t.max, Math.max(t.min, t.value + sum)) };
  }).filter((x) => x.sum !== 0);
  return html`<section aria-labelledby="tracks-head">
    <h2 id="tracks-head">Track changes at publish</h2>
    ${adj.track_changes.length === 0 ? html`<p class="none">None so far.</p>`
      : html`<ul class="results">${adj.track_changes.map((c) => html`<li>${name(c.track)} ${c.by > 0 ? `+${c.by}` : c.by}: ${c.reason}</li>`)}</ul>`}
    ${after.length > 0 && html`<table class="preview">
      <caption>At publish (before an agreement’s terms and their costs)</caption>
      <thead><tr><th scope="col">Track</th><th scope="col">Now → then</th>
        ${view.scenario.sides.map((s) => html`<th scope="col">${s.name} reads</th>`)}<th scope="col">Observers read</th></tr></thead>
      <tbody>${after.map((x) => {
        const def = (view.track_defs ?? []).find((d) => d.id === x.t.id);
        return html`<tr><th scope="row">${x.t.name}</th><td>${x.t.value} → ${x.to}</td>
          ${view.scenario.sides.map((s) => html`<td>${def && x.to != null ? readAs(def, x.to, s.id) : '?'}</td>`)}
          <td>${def && x.to != null ? readAs(def, x.to, null) : '?'}</td></tr>`;
      })}</tbody>
    </table>`}
    ${open && html`<div class="controls">
      <label class="inline" for="adjust-track">Move</label>
      <select id="adjust-track" value=${track} onChange=${(/** @type {any} */ e) => setTrack(valueOf(e))}>
        ${view.tracks.map((t) => html`<option value=${t.id}>${t.name}</option>`)}
      </select>
      <label class="inline" for="adjust-by">by</label>
      <input id="adjust-by" type="number" min="-10" max="10" value=${by} onInput=${(/** @type {any} */ e) => setBy(Number(valueOf(e)) || 0)} />
      <label class="inline" for="adjust-reason">because</label>
      <input id="adjust-reason" value=${reason} onInput=${(/** @type {any} */ e) => setReason(valueOf(e))} />
      <button type="button" class="small" disabled=${!by || !reason.trim()} onClick=${() => act.run('adjust', { type: 'adjust_track', track, by, reason: reason.trim() }).then((ok) => ok && setReason(''))}>Move the track</button>
      ${act.error('adjust')}
    </div>`}
  </section>`;
}

/** @param {{ view: View, act: Act, open: boolean }} props */
function AgreementBox({ view, act, open }) {
  const adj = view.adjudication;
  const agreement = adj?.agreement;
  if (!adj || !agreement) return null;
  const letter = letterOf(view, agreement.letter);
  return html`<section class="agreement-box" aria-labelledby="agreement-head">
    <h2 id="agreement-head">An agreement</h2>
    <p>${agreement.parties.map((s) => sideName(view, s)).join(' and ')} agree${agreement.public ? ', in public' : ', in secret'}${letter ? `, on the terms of ${sideName(view, letter.from)}’s letter of turn ${letter.sent_turn}` : ''}:</p>
    <ul class="terms">${agreement.terms.map((t) => html`<li>${termName(view, t)}</li>`)}</ul>
    <p><strong>${adj.confirmed ? 'Confirmed: it ends the crisis at publish.' : 'Not confirmed.'}</strong></p>
    ${open && html`<div class="controls">
      ${adj.confirmed
        ? html`<button type="button" class="small quiet" onClick=${() => act.run('agreement', { type: 'confirm_agreement', confirmed: false })}>Withdraw the confirmation</button>`
        : html`<button type="button" class="small" onClick=${() => act.run('agreement', { type: 'confirm_agreement', confirmed: true })}>Confirm the agreement</button>`}
      ${act.error('agreement')}
    </div>`}
  </section>`;
}
