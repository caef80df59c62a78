// @ts-check
// The player's room (for an observer, the projector; for the umpire, the
// console): the header with the date, turn, phase, the countdown on the
// server's clock and the connection's state; then, in tabs on a phone and side by side on a
// wider screen, the side's orders, its letters, the situation (map and
// tracks), the feed, the chat and who is at the table. Player-written text
// is always put in as text.
import { useEffect, useRef, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { apply, welcome } from './fold.js';
import { Link } from './link.js';
import { dateName, mySide, phaseName, seatName, sideName, span } from './names.js';
import { alerts, titleFor } from './notify.js';
import { ordersOf } from './orders.js';
import { Orders } from '../ui/orders.js';
import { Letters } from '../ui/letters.js';
import { Tracks, ZoneMap } from '../ui/situation.js';
import { Projector } from '../ui/projector.js';
import { Console } from '../ui/console.js';
import { Review } from '../ui/review.js';

/** Wide enough for the chat beside the tabs. */
const WIDE = '(min-width: 1000px)';

/** @param {{ seat: import('./link.js').Seat, onLeave: () => void }} props */
export function Room({ seat, onLeave }) {
  const [table, setTable] = useState(/** @type {import('./fold.js').Table | null} */ (null));
  const [state, setState] = useState(/** @type {{ state: string, why?: string }} */ ({ state: 'connecting' }));
  const link = useRef(/** @type {Link | null} */ (null));
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const l = new Link(seat, {
      message: (msg) => {
        if (msg.type === 'welcome') setTable((t) => welcome(msg, t));
        else if (msg.type === 'event') setTable((t) => (t ? apply(t, msg) : t));
      },
      state: (s, why) => setState({ state: s, why }),
    });
    link.current = l;
    const tick = setInterval(() => setNow(l.now()), 1000);
    return () => { clearInterval(tick); l.stop(); };
  }, [seat.token]);

  // For the benchmark: when the room first showed, from the page's start.
  const shown = !!table;
  useEffect(() => {
    if (shown && performance.getEntriesByName('brink:room').length === 0) performance.mark('brink:room');
  }, [shown]);

  if (state.state === 'refused' || state.state === 'elsewhere') {
    return html`<main class="panel">
      <h1>Brink</h1>
      <p class="error" role="alert">${state.state === 'refused' ? `This seat cannot be resumed: ${state.why}` : state.why}</p>
      <button onClick=${onLeave}>Join again</button>
    </main>`;
  }
  if (!table) return html`<main class="panel"><p>Connecting to the server…</p></main>`;
  const leave = () => { link.current?.stop(); onLeave(); };
  // A side player gives the seat up for good, so another may take it.
  const giveUp = async () => {
    await link.current?.command({ type: 'leave_seat' });
    leave();
  };
  const side = mySide(table.view);
  // By the role the welcome gave, not the view's viewer: a delayed
  // observer's view is the umpire's picture, but it is no umpire.
  const umpire = table.role.kind === 'umpire';
  const body = side
    ? html`<${Desk} table=${table} side=${side} now=${now} link=${link.current} seat=${seat} onLeave=${giveUp} />`
    : umpire
      ? html`<${Console} table=${table} link=${link.current} seat=${seat} />`
      : html`<${Projector} table=${table} seat=${seat} onLeave=${leave} />`;
  return html`<div class=${`room${side ? '' : umpire ? ' umpire' : ' wall'}`}>
    <${Header} view=${table.view} now=${now} state=${state.state} umpire=${umpire} />
    ${body}
  </div>`;
}

/** The countdown's words, on the server's clock. @param {any} clock @param {number} now */
export function countdown(clock, now) {
  if (clock.paused) return clock.remaining_ms != null ? `Paused · ${span(clock.remaining_ms)} left` : 'Paused';
  if (clock.deadline_at_ms) return `${span(clock.deadline_at_ms - now)} left`;
  return '';
}

/** @param {{ view: any, now: number, state: string, umpire: boolean }} props */
function Header({ view, now, state, umpire }) {
  const left = countdown(view.clock, now);
  const side = mySide(view);
  return html`<header class="top">
    <div class="title">
      <p class="kicker">${view.title ?? view.scenario.title}${side ? ` · ${sideName(view, side)}` : umpire ? ' · Umpire' : ' · Observers'}</p>
      <h1>${view.date ? dateName(view.date) : 'Before the crisis'}</h1>
    </div>
    <dl class="status">
      <div><dt>Turn</dt><dd>${view.turn} of ${view.scenario.turns}</dd></div>
      <div><dt>Phase</dt><dd>${phaseName(view.phase)}</dd></div>
      ${left && html`<div><dt>Deadline</dt><dd class="countdown">${left}</dd></div>`}
      <div><dt>Connection</dt><dd class=${`link ${state}`} role="status">${state === 'open' ? 'Connected' : state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</dd></div>
    </dl>
  </header>`;
}

/** Whether the screen is wide enough for the chat beside the tabs. */
function useWide() {
  const query = typeof matchMedia === 'function' ? matchMedia(WIDE) : null;
  const [wide, setWide] = useState(query ? query.matches : true);
  useEffect(() => {
    if (!query) return undefined;
    const change = () => setWide(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return wide;
}

/**
 * Tab title and notifications: a new letter, a published result, five
 * minutes left while the side has not submitted.
 * @param {import('./fold.js').Table} table @param {string} side @param {number} now
 */
function useAlerts(table, side, now) {
  const seen = useRef(/** @type {Set<string> | null} */ (null));
  const [unread, setUnread] = useState(/** @type {string[]} */ ([]));
  useEffect(() => {
    const all = alerts(table, side, now);
    // What held when the page opened is not news.
    if (!seen.current) {
      seen.current = new Set(all.map((a) => a.key));
      return;
    }
    const known = seen.current;
    const fresh = all.filter((a) => !known.has(a.key));
    if (fresh.length === 0) return;
    for (const a of fresh) known.add(a.key);
    if (document.hidden) {
      setUnread((u) => [...u, ...fresh.map((a) => a.text)]);
      if (typeof Notification === 'function' && Notification.permission === 'granted') {
        for (const a of fresh) new Notification('Brink', { body: a.text, tag: a.key });
      }
    }
  }, [table, now]);
  useEffect(() => {
    const back = () => { if (!document.hidden) setUnread([]); };
    document.addEventListener('visibilitychange', back);
    return () => document.removeEventListener('visibilitychange', back);
  }, []);
  useEffect(() => {
    document.title = titleFor(table.view, side, unread.length, now);
  }, [table, unread, now]);
}

/** @param {{ table: import('./fold.js').Table, side: string, now: number, link: Link | null, seat: import('./link.js').Seat, onLeave: () => void }} props */
function Desk({ table, side, now, link, seat, onLeave }) {
  const view = table.view;
  const wide = useWide();
  const [tab, setTab] = useState(() => (view.phase === 'orders' ? 'orders' : 'feed'));
  useAlerts(table, side, now);
  const submitted = ordersOf(view, side).submitted;
  const letters = view.letters.length ? ` (${view.letters.length})` : '';
  const tick = view.phase === 'orders' && submitted ? ' ✓' : '';
  const tabs = wide
    ? [['orders', `Orders${tick}`], ['letters', `Letters${letters}`], ['situation', 'Map & tracks'], ['feed', 'The crisis']]
    : [['orders', `Orders${tick}`], ['letters', `Letters${letters}`], ['situation', 'Map'], ['feed', 'Crisis'], ['talk', 'Talk'], ['table', 'Table']];
  // Once the umpire declassifies the ended game, every perspective opens.
  if (view.declassified) tabs.push(['review', 'Review']);
  const current = tabs.some(([t]) => t === tab) ? tab : 'orders';
  /** @param {KeyboardEvent} e */
  const keys = (e) => {
    const i = tabs.findIndex(([t]) => t === current);
    const j = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : -2;
    if (j === -2) return;
    e.preventDefault();
    const next = tabs[(j + tabs.length) % tabs.length][0];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  /** @type {Record<string, () => any>} */
  const panels = {
    orders: () => html`<${Orders} view=${view} side=${side} me=${table.player} link=${link} />`,
    letters: () => html`<${Letters} view=${view} side=${side} link=${link} />`,
    situation: () => html`<div class="situation"><section><h2>Tracks</h2><${Tracks} view=${view} /></section>
      <section><h2>The map</h2><${ZoneMap} view=${view} /></section></div>`,
    feed: () => html`<${Feed} lines=${table.feed.filter((l) => !isChat(l))} />`,
    talk: () => html`<${Chat} view=${view} side=${side} link=${link} lines=${table.feed.filter(isChat)} />`,
    table: () => html`<${Players} view=${view} onLeave=${onLeave} />`,
    review: () => html`<${Review} view=${view} seat=${seat} />`,
  };
  const panel = panels[current] ?? panels.orders;
  return html`<main class=${wide ? 'desk wide' : 'desk'}>
    ${view.verdict && html`<p class="verdict ended" role="status">${view.verdict}</p>`}
    <div class="tabbed">
      <nav class="tabs" role="tablist" aria-label="Sections" onKeyDown=${keys}>
        ${tabs.map(([t, label]) => html`<button type="button" role="tab" id=${`tab-${t}`} class="tab"
          aria-selected=${t === current ? 'true' : 'false'} aria-controls="panel" tabindex=${t === current ? 0 : -1}
          onClick=${() => setTab(t)}>${label}</button>`)}
      </nav>
      <section id="panel" class=${`panel-body panel-${current}`} role="tabpanel" aria-labelledby=${`tab-${current}`}>${panel()}</section>
    </div>
    ${wide && html`<aside class="side">
      <${Chat} view=${view} side=${side} link=${link} lines=${table.feed.filter(isChat)} />
      <${Players} view=${view} onLeave=${onLeave} />
    </aside>`}
  </main>`;
}

/** @param {{ lines: import('./fold.js').Line[] }} props */
export function Feed({ lines }) {
  if (lines.length === 0) return html`<p class="none">Nothing yet. Briefings, letters and results will appear here.</p>`;
  return html`<ol class="lines feed" aria-label="What happened">
    ${[...lines].reverse().map((l) => html`<li class=${`line ${l.kind}${l.missed ? ' missed' : ''}`}>
      <p class="meta">${l.who ? `${l.who} · ` : ''}turn ${l.turn}${l.missed ? ' · while you were away' : ''}</p>
      <p class="text">${l.text}</p>
    </li>`)}
  </ol>`;
}

/** Whether a feed line is chat. @param {import('./fold.js').Line} line */
const isChat = (line) => line.kind.startsWith('chat');

/** The conversation, oldest first, and a form to add to it. @param {{ view: any, side: string, link: Link | null, lines: import('./fold.js').Line[] }} props */
function Chat({ view, side, link, lines }) {
  const end = useRef(/** @type {HTMLElement | null} */ (null));
  useEffect(() => { end.current?.scrollIntoView?.({ block: 'nearest' }); }, [lines.length]);
  const [text, setText] = useState('');
  const [to, setTo] = useState('team');
  const [error, setError] = useState('');
  /** @param {Event} e */
  const send = async (e) => {
    e.preventDefault();
    if (!link || !text.trim()) return;
    const said = text;
    setText('');
    const answer = await link.command(to === 'team' ? { type: 'team_chat', text: said } : { type: 'message_umpire', text: said });
    if (answer.type === 'rejected') {
      setError(answer.message);
      setText(said);
    } else setError('');
  };
  return html`<section class="chat" aria-label="Chat">
    <h2>Talk</h2>
    <ol class="lines talk" aria-label="Conversation" aria-live="polite">
      ${lines.length === 0 && html`<li class="none">No one has said anything yet. Team chat stays within your side; the umpire reads messages sent to the umpire.</li>`}
      ${lines.map((l) => html`<li class=${`line ${l.kind}${l.missed ? ' missed' : ''}`}>
        <p class="meta">${l.who} · turn ${l.turn}${l.missed ? ' · while you were away' : ''}</p>
        <p class="text">${l.text}</p>
      </li>`)}
      <li ref=${end} aria-hidden="true"></li>
    </ol>
    <form onSubmit=${send}>
      <label for="to">To</label>
      <select id="to" value=${to} onChange=${(/** @type {any} */ e) => setTo(e.currentTarget.value)}>
        <option value="team">${sideName(view, side)} team</option>
        <option value="umpire">The umpire</option>
      </select>
      <label for="say">Message</label>
      <textarea id="say" rows="3" value=${text} onInput=${(/** @type {any} */ e) => setText(e.currentTarget.value)}></textarea>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${!text.trim()}>Send</button>
    </form>
  </section>`;
}

/** @param {{ view: any, onLeave: () => void }} props */
export function Players({ view, onLeave }) {
  const [asked, setAsked] = useState(typeof Notification === 'function' ? Notification.permission : 'denied');
  const [sure, setSure] = useState(false);
  return html`<section class="table" aria-label="At the table">
    <h2>At the table</h2>
    <ul class="players">
      ${view.players.filter((/** @type {any} */ p) => !p.former).map((/** @type {any} */ p) => html`<li>
        <span class=${`dot ${p.online ? 'on' : 'off'}`} aria-hidden="true">${p.online ? '●' : '○'}</span>
        <span class="who">${p.name}</span>
        <span class="what">${p.role.kind === 'player' ? `${sideName(view, p.role.side)}, ${seatName(view, p.role.side, p.role.seat)}` : p.role.kind}</span>
        <span class="sr">${p.online ? 'online' : 'offline'}</span>
      </li>`)}
    </ul>
    ${asked === 'default' && html`<button type="button" class="quiet" onClick=${() => Notification.requestPermission().then(setAsked)}>Notify me when this tab is hidden</button>`}
    ${sure
      ? html`<div class="warning" role="alert">
          <p>Leave your seat? Someone else may take it, and you will need your join link to come back.</p>
          <button type="button" onClick=${onLeave}>Leave the seat</button>
          <button type="button" class="quiet" onClick=${() => setSure(false)}>Stay</button>
        </div>`
      : html`<button type="button" class="quiet" onClick=${() => setSure(true)}>Leave this seat</button>`}
  </section>`;
}
