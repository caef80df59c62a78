// @ts-check
// The player's room (and the observers' page): the header with the date,
// turn, phase, the countdown on the server's clock and the connection's
// state; the feed; the chat; who is at the table. Player-written text is
// always put in as text.
import { useEffect, useRef, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { apply, welcome } from './fold.js';
import { Link } from './link.js';
import { dateName, mySide, phaseName, seatName, sideName, span } from './names.js';

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

  if (state.state === 'refused' || state.state === 'elsewhere') {
    return html`<main class="panel">
      <h1>Brink</h1>
      <p class="error" role="alert">${state.state === 'refused' ? `This seat cannot be resumed: ${state.why}` : state.why}</p>
      <button onClick=${onLeave}>Join again</button>
    </main>`;
  }
  if (!table) return html`<main class="panel"><p>Connecting to the server…</p></main>`;
  const view = table.view;
  const side = mySide(view);
  return html`<div class="room">
    <${Header} view=${view} now=${now} state=${state.state} />
    <main class="columns">
      <section class="feed" aria-label="What happened">
        <h2>The crisis</h2>
        <${Feed} lines=${table.feed} />
      </section>
      ${side && html`<${Chat} view=${view} side=${side} link=${link.current} />`}
      <aside class="table" aria-label="At the table">
        <h2>At the table</h2>
        <${Players} view=${view} />
        <button class="quiet" onClick=${() => { link.current?.stop(); onLeave(); }}>Leave this seat</button>
      </aside>
    </main>
  </div>`;
}

/** @param {{ view: import('./fold.js').View, now: number, state: string }} props */
function Header({ view, now, state }) {
  const clock = view.clock;
  let countdown = '';
  if (clock.paused) countdown = clock.remaining_ms != null ? `Paused · ${span(clock.remaining_ms)} left` : 'Paused';
  else if (clock.deadline_at_ms) countdown = `${span(clock.deadline_at_ms - now)} left`;
  const side = mySide(view);
  return html`<header class="top">
    <div class="title">
      <p class="kicker">${view.scenario.title}${side ? ` · ${sideName(view, side)}` : ' · Observer'}</p>
      <h1>${view.date ? dateName(view.date) : 'Before the crisis'}</h1>
    </div>
    <dl class="status">
      <div><dt>Turn</dt><dd>${view.turn} of ${view.scenario.turns}</dd></div>
      <div><dt>Phase</dt><dd>${phaseName(view.phase)}</dd></div>
      ${countdown && html`<div><dt>Deadline</dt><dd class="countdown">${countdown}</dd></div>`}
      <div><dt>Connection</dt><dd class=${`link ${state}`} role="status">${state === 'open' ? 'Connected' : state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</dd></div>
    </dl>
  </header>`;
}

/** @param {{ lines: import('./fold.js').Line[] }} props */
function Feed({ lines }) {
  if (lines.length === 0) return html`<p class="none">Nothing yet. Briefings, letters and results will appear here.</p>`;
  return html`<ol class="lines">
    ${[...lines].reverse().map((l) => html`<li class=${`line ${l.kind}${l.missed ? ' missed' : ''}`}>
      <p class="meta">${l.who ? `${l.who} · ` : ''}turn ${l.turn}${l.missed ? ' · while you were away' : ''}</p>
      <p class="text">${l.text}</p>
    </li>`)}
  </ol>`;
}

/** @param {{ view: import('./fold.js').View, side: string, link: Link | null }} props */
function Chat({ view, side, link }) {
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

/** @param {{ view: import('./fold.js').View }} props */
function Players({ view }) {
  return html`<ul class="players">
    ${view.players.filter((p) => !p.former).map((p) => html`<li>
      <span class=${`dot ${p.online ? 'on' : 'off'}`} aria-hidden="true">${p.online ? '●' : '○'}</span>
      <span class="who">${p.name}</span>
      <span class="what">${p.role.kind === 'player' ? `${sideName(view, p.role.side)}, ${seatName(view, p.role.side, p.role.seat)}` : p.role.kind}</span>
      <span class="sr">${p.online ? 'online' : 'offline'}</span>
    </li>`)}
  </ul>`;
}
