// @ts-check
// The after-action review in the page, over the review protocol: pick a
// perspective (and a second, side by side: what each side knew at the same
// moment); a scrubber over the first one's stream, event by event, with
// its turns and phases to jump to and its bookmarks marked; each
// perspective's picture at that moment, built by the server from its own
// stream; the report opened here or downloaded, the exports downloaded;
// a fork at a turn; and "show the class", the moment full screen for the
// wall. The umpire may review every perspective; a player, once the
// umpire has declassified the game (the server refuses before, and the
// page says so).
import { useEffect, useRef, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { Asker, nextId } from '../lib/link.js';
import { dateName, phaseName } from '../lib/names.js';
import { LinkCard } from './admin.js';
import { Glimpse } from './glimpse.js';
import { valueOf } from './console.js';

/**
 * @typedef {import('../types/wire').View} View
 * @typedef {import('../types/wire').Viewer} Viewer
 * @typedef {import('../types/wire').StreamEvent} StreamEvent
 * @typedef {import('../lib/link.js').Seat} Seat
 * @typedef {{ seq: number, label: string }} Mark
 */

/** The perspectives to review, with names: the umpire's, each side's, the observers'. @param {View} view @returns {[string, Viewer][]} */
export function reviewable(view) {
  return [
    ['The umpire (everything)', 'umpire'],
    ...view.scenario.sides.map((s) => /** @type {[string, Viewer]} */ ([s.name, { side: s.id }])),
    ['The observers', 'observer'],
  ];
}

/**
 * A perspective's whole stream, page by page.
 * @param {Asker} asker @param {Seat} seat @param {Viewer} perspective
 * @returns {Promise<StreamEvent[]>}
 */
export async function wholeStream(asker, seat, perspective) {
  /** @type {StreamEvent[]} */
  const events = [];
  for (;;) {
    /** @type {Extract<import('../types/wire').ClientMsg, { type: 'replay' }>} */
    const request = { type: 'replay', id: nextId(), session: seat.session, auth: { token: seat.token }, perspective };
    if (events.length) request.from = `seq:${events[events.length - 1].seq}`;
    const page = await asker.ask(request);
    if (page.type === 'rejected') throw new Error(page.message);
    if (page.type !== 'replay') throw new Error('the server sent something else than a replay');
    events.push(...page.events);
    if (!page.more || page.events.length === 0) return events;
  }
}

/** The turn and phase boundaries of a stream, to jump to. @param {StreamEvent[]} events @returns {Mark[]} */
export function boundaries(events) {
  return events.flatMap((e) => (e.event.type === 'phase_changed'
    ? [{ seq: e.seq, label: `Turn ${e.event.turn}, ${phaseName(e.event.phase)}` }]
    : []));
}

/** The bookmarks in a stream. @param {StreamEvent[]} events @returns {Mark[]} */
export function bookmarks(events) {
  return events.flatMap((e) => (e.event.type === 'note_written' && e.event.bookmark ? [{ seq: e.seq, label: e.event.text }] : []));
}

/**
 * The same moment in another stream: its last event at or before `atMs`
 * (0: before its first).
 * @param {StreamEvent[]} events @param {number} atMs
 */
export function sameMoment(events, atMs) {
  let seq = 0;
  for (const e of events) {
    if (e.at_ms > atMs) break;
    seq = e.seq;
  }
  return seq;
}

/** @param {{ view: View, seat: Seat, link?: import('../lib/link.js').Link | null }} props */
export function Review(props) {
  if (props.view.viewer !== 'umpire' && !props.view.declassified) {
    return html`<p class="none">The review opens to everyone once the umpire declassifies the game, after it ends.</p>`;
  }
  return html`<${Reviewing} ...${props} />`;
}

/** @param {{ view: View, seat: Seat, link?: import('../lib/link.js').Link | null }} props */
function Reviewing({ view, seat, link = null }) {
  const choices = reviewable(view);
  const [first, setFirst] = useState(view.viewer === 'umpire' ? '1' : '0');
  const [second, setSecond] = useState('');
  const [streams, setStreams] = useState(/** @type {Record<string, StreamEvent[]>} */ ({}));
  const [at, setAt] = useState(0);
  // The pictures at a moment: the first perspective's stream position, and
  // each chosen perspective's view there.
  const [pictures, setPictures] = useState(/** @type {{ at: number, views: (View | null)[] }} */ ({ at: -1, views: [null, null] }));
  const [error, setError] = useState('');
  const [wall, setWall] = useState(false);
  const asker = useRef(/** @type {Asker | null} */ (null));
  if (!asker.current) asker.current = new Asker();
  useEffect(() => () => asker.current?.close(), []);
  const umpire = view.viewer === 'umpire';
  const key = (/** @type {string} */ pick) => JSON.stringify(choices[Number(pick)]?.[1] ?? 'observer');
  const events = streams[key(first)] ?? [];
  const here = events.find((e) => e.seq === at);
  // The current first perspective, for loads that finish after a change;
  // the moment to keep (its time) when the first changes to a stream not
  // loaded yet; the streams being loaded; a count that reloads them all.
  const firstNow = useRef(first);
  firstNow.current = first;
  const keepAt = useRef(/** @type {number | null} */ (null));
  const loading = useRef(/** @type {Set<string>} */ (new Set()));
  const [generation, setGeneration] = useState(0);
  /** @param {import('../types/wire').Action} command */
  const send = async (command) => {
    const answer = await link?.command(command);
    setError(answer?.type === 'rejected' ? answer.message : '');
  };
  /** The last seq of a stream. @param {StreamEvent[]} events */
  const end = (events) => (events.length ? events[events.length - 1].seq : 0);
  // Each chosen perspective's stream, loaded once (again on "Reload").
  useEffect(() => {
    for (const pick of [first, second].filter(Boolean)) {
      const k = key(pick);
      if (streams[k] || loading.current.has(k) || !asker.current) continue;
      loading.current.add(k);
      wholeStream(asker.current, seat, JSON.parse(k))
        .then((events) => {
          setStreams((s) => ({ ...s, [k]: events }));
          if (k === key(firstNow.current)) {
            setAt(keepAt.current == null ? end(events) : sameMoment(events, keepAt.current));
            keepAt.current = null;
          }
        })
        .catch((e) => setError(e.message))
        .finally(() => loading.current.delete(k));
    }
  }, [first, second, generation]);
  /** A new first perspective, at the same moment as the old one's. @param {string} pick */
  const chooseFirst = (pick) => {
    const moment = (streams[key(first)] ?? []).find((e) => e.seq === at);
    const next = streams[key(pick)];
    setFirst(pick);
    if (next) setAt(moment ? sameMoment(next, moment.at_ms) : end(next));
    else keepAt.current = moment ? moment.at_ms : null;
  };
  const reload = () => {
    keepAt.current = here ? here.at_ms : null;
    setStreams({});
    setGeneration((g) => g + 1);
  };
  // The pictures at the moment: the first stream's point, the second's same moment.
  // Asked a moment after the scrubber stops moving, and only the latest
  // answer is drawn: a drag sends few requests, not one per pixel.
  useEffect(() => {
    if (!asker.current || !streams[key(first)]) return undefined;
    let live = true;
    const wait = setTimeout(() => {
      const points = [[key(first), at]];
      if (second && streams[key(second)]) points.push([key(second), here ? sameMoment(streams[key(second)], here.at_ms) : 0]);
      Promise.all(points.map(([k, seq]) => asker.current?.ask({ type: 'replay', id: nextId(), session: seat.session, auth: { token: seat.token }, perspective: JSON.parse(String(k)), from: `seq:${seq}`, to: `seq:${seq}`, view: true })))
        .then((answers) => {
          if (!live) return;
          const refused = answers.find((a) => a?.type === 'rejected');
          if (refused && refused.type === 'rejected') setError(refused.message);
          else {
            setError('');
            setPictures({ at, views: answers.map((a) => (a?.type === 'replay' ? a.view ?? null : null)) });
            performance.mark('brink:scrubbed');
          }
        })
        .catch((e) => live && setError(e.message));
    }, 25);
    return () => { live = false; clearTimeout(wait); };
  }, [first, second, at, streams]);
  const marks = bookmarks(events);
  const turns = boundaries(events);
  const last = events.length ? events[events.length - 1].seq : 0;
  const mark = marks.find((m) => m.seq === at);
  const moment = here
    ? `${mark ? `★ ${mark.label} · ` : ''}${dateName(pictures.views[0]?.date) || `Turn ${here.turn}`} · ${phaseName(here.phase)} · event ${here.seq} of ${last}`
    : 'The start';
  const frames = html`<div class=${second ? 'side-by-side pictures' : 'pictures'} data-at=${pictures.at}>
    ${pictures.views.map((p, i) => (i === 0 || second) && (p ? html`<${Glimpse} view=${p} map=${!second && !wall} />` : html`<p>Loading…</p>`))}
  </div>`;
  if (wall) {
    return html`<div class="show-class" role="dialog" aria-label="Shown to the class">
      <p class="banner">${moment}</p>
      ${frames}
      <button type="button" class="quiet leave" onClick=${() => { setWall(false); if (document.fullscreenElement) document.exitFullscreen(); }}>Back to the review</button>
    </div>`;
  }
  return html`<div class="review">
    <div class="controls">
      <label class="inline" for="review-first">Perspective</label>
      <select id="review-first" value=${first} onChange=${(/** @type {any} */ e) => chooseFirst(valueOf(e))}>
        ${choices.map(([name], i) => html`<option value=${String(i)}>${name}</option>`)}
      </select>
      <label class="inline" for="review-second">beside it</label>
      <select id="review-second" value=${second} onChange=${(/** @type {any} */ e) => setSecond(valueOf(e))}>
        <option value="">(none)</option>
        ${choices.map(([name], i) => html`<option value=${String(i)}>${name}</option>`)}
      </select>
      <button type="button" class="small quiet" onClick=${reload}>Reload</button>
      <button type="button" class="small" onClick=${() => { setWall(true); document.documentElement.requestFullscreen?.().catch(() => {}); }}>Full screen here</button>
      ${umpire && link && html`<button type="button" class="small" onClick=${() => send({ type: 'show_class', moment: { perspective: JSON.parse(key(first)), seq: at } })}>Show the class on the wall</button>
        ${view.shown && html`<button type="button" class="small quiet" onClick=${() => send({ type: 'show_class' })}>Wall back to the game</button>`}`}
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="scrubber">
      <label for="review-at">${moment}</label>
      <input id="review-at" type="range" min="0" max=${last} step="1" value=${at} onInput=${(/** @type {any} */ e) => setAt(Number(valueOf(e)))} />
      <div class="marks" aria-label="Bookmarks">${marks.map((m) => html`<button type="button" class="mark" style=${{ left: `${last ? (m.seq / last) * 100 : 0}%` }}
        title=${m.label} aria-label=${`Bookmark: ${m.label}`} onClick=${() => setAt(m.seq)}>★</button>`)}</div>
      <div class="controls">
        <button type="button" class="small quiet" aria-label="The event before" onClick=${() => setAt(Math.max(0, at - 1))}>◀</button>
        <button type="button" class="small quiet" aria-label="The event after" onClick=${() => setAt(Math.min(last, at + 1))}>▶</button>
        <label class="inline" for="review-turn">Go to</label>
        <select id="review-turn" value="" onChange=${(/** @type {any} */ e) => valueOf(e) && setAt(Number(valueOf(e)))}>
          <option value="">a turn and phase…</option>
          ${turns.map((t) => html`<option value=${String(t.seq)}>${t.label}</option>`)}
        </select>
        ${marks.length > 0 && html`<label class="inline" for="review-mark">or</label>
          <select id="review-mark" value="" onChange=${(/** @type {any} */ e) => valueOf(e) && setAt(Number(valueOf(e)))}>
            <option value="">a bookmark…</option>
            ${marks.map((m) => html`<option value=${String(m.seq)}>★ ${m.label}</option>`)}
          </select>`}
      </div>
    </div>
    ${frames}
    <${Documents} seat=${seat} asker=${asker.current} />
    ${umpire && html`<${Fork} seat=${seat} asker=${asker.current} turns=${turns} view=${view} link=${link} />`}
  </div>`;
}

/**
 * Saves `text` as a file called `name`.
 * @param {string} name @param {string} text @param {string} type
 */
function save(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The report (opened here, or saved) and the exports. @param {{ seat: Seat, asker: Asker | null }} props */
function Documents({ seat, asker }) {
  const [report, setReport] = useState('');
  const [error, setError] = useState('');
  /** @param {import('../types/wire').ClientMsg} request @param {string} type @param {boolean} [open] */
  const fetch = async (request, type, open = false) => {
    if (!asker || !('id' in request)) return;
    try {
      const answer = await asker.ask(/** @type {any} */ (request));
      if (answer.type === 'rejected') { setError(answer.message); return; }
      if (answer.type !== 'document') return;
      setError('');
      if (open) setReport(answer.text.replace(/<style>[\s\S]*?<\/style>/, '<link rel="stylesheet" href="/report.css">'));
      else save(answer.name, answer.text, type);
    } catch (e) {
      setError(/** @type {Error} */ (e).message);
    }
  };
  const base = { session: seat.session, auth: { token: seat.token } };
  return html`<section class="documents" aria-labelledby="documents-head">
    <h2 id="documents-head">The report and the record</h2>
    <div class="controls">
      <button type="button" class="small" onClick=${() => fetch({ type: 'report', id: nextId(), ...base, format: 'html' }, 'text/html', true)}>Open the report here</button>
      <button type="button" class="small quiet" onClick=${() => fetch({ type: 'report', id: nextId(), ...base, format: 'html' }, 'text/html')}>Download the report</button>
      <button type="button" class="small quiet" onClick=${() => fetch({ type: 'export', id: nextId(), ...base, format: 'csv' }, 'text/csv')}>Download the timeline (CSV)</button>
      <button type="button" class="small quiet" onClick=${() => fetch({ type: 'export', id: nextId(), ...base, format: 'jsonl' }, 'application/jsonl')}>Download the log (JSON Lines)</button>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${report && html`<iframe class="report-frame" title="The after-action report" sandbox="allow-same-origin" srcdoc=${report}></iframe>`}
  </section>`;
}

/** A fork at the start of a turn, with the new session's links. @param {{ seat: Seat, asker: Asker | null, turns: Mark[], view: View, link: import('../lib/link.js').Link | null }} props */
function Fork({ seat, asker, view, link }) {
  const [turn, setTurn] = useState(Math.max(1, view.turn));
  const [made, setMade] = useState(/** @type {import('../types/wire').SessionInfo | null} */ (null));
  const [error, setError] = useState('');
  const fork = async () => {
    if (!asker) return;
    try {
      const answer = await asker.ask({ type: 'fork', id: nextId(), session: seat.session, auth: { token: seat.token }, at: `turn:${turn}` });
      if (answer.type === 'forked') { setMade(answer.session); setError(''); } else if (answer.type === 'rejected') setError(answer.message);
    } catch (e) {
      setError(/** @type {Error} */ (e).message);
    }
  };
  const declassify = async () => {
    const answer = await link?.command({ type: 'declassify' });
    if (answer?.type === 'rejected') setError(answer.message);
  };
  return html`<section aria-labelledby="fork-head">
    <h2 id="fork-head">Play it again from a turn</h2>
    <div class="controls">
      <label class="inline" for="fork-turn">Fork at the start of turn</label>
      <input id="fork-turn" type="number" min="2" max=${view.scenario.turns} value=${turn} onInput=${(/** @type {any} */ e) => setTurn(Number(valueOf(e)) || 2)} />
      <button type="button" class="small" onClick=${fork}>Fork</button>
      ${view.phase === 'ended' && !view.declassified && html`<button type="button" class="small quiet" onClick=${declassify}>Declassify: open every perspective to everyone</button>`}
      ${view.declassified && html`<span class="hint">Declassified: every player may review every perspective.</span>`}
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${made && html`<div class="links"><h3>The fork: ${made.title}, from turn ${turn}</h3>
      <ul class="link-cards">${made.codes.map((c) => html`<${LinkCard} key=${c.code} role=${c.role} code=${c.code} />`)}</ul></div>`}
  </section>`;
}
