// @ts-check
// The instructor's sessions page (`/#admin`): the admin token, typed once
// and kept only in this tab's sessionStorage (never in a URL); the sessions
// by title, scenario, where each stands and when it last did something; a
// form to create one (scenario, title, how observers follow it); and for the
// session opened, its join links — one a side, the umpire's, the
// observers' — each with a copy button and a QR code.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { Asker, nextId } from '../lib/link.js';
import { phaseName } from '../lib/names.js';
import { Qr } from './qr.js';

/**
 * @typedef {import('../types/wire').SessionInfo} SessionInfo
 * @typedef {import('../types/wire').ScenarioEntry} ScenarioEntry
 * @typedef {import('../types/wire').ObserverMode} ObserverMode
 */

const KEY = 'brink.admin';

/** The admin token this tab holds, if any. */
export function adminToken() {
  return sessionStorage.getItem(KEY);
}

/** Where a session stands, in words. @param {SessionInfo['status']} status */
export function statusName(status) {
  if (status.state === 'lobby') return 'In the lobby';
  if (status.state === 'ended') return `Ended in turn ${status.turn}`;
  return `Turn ${status.turn} · ${phaseName(status.phase)}${status.paused ? ' · paused' : ''}`;
}

/** "just now", "12 min ago", "3 h ago", "2 days ago". @param {number} ms @param {number} now */
export function ago(ms, now) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  return `${d} day${d > 1 ? 's' : ''} ago`;
}

/** A join code's link on this server. @param {string} code */
export function joinLink(code) {
  return `${location.origin}/#code=${encodeURIComponent(code)}`;
}

/** The page, behind the admin token. */
export function Admin() {
  const [token, setToken] = useState(() => adminToken());
  if (!token) return html`<${TokenForm} onToken=${setToken} />`;
  return html`<${Sessions} token=${token} onForget=${() => { sessionStorage.removeItem(KEY); setToken(null); }} />`;
}

/** @param {{ onToken: (t: string) => void }} props */
function TokenForm({ onToken }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    const asker = new Asker();
    try {
      const answer = await asker.ask({ type: 'list_sessions', id: nextId(), admin_token: text.trim() });
      if (answer.type === 'sessions') {
        sessionStorage.setItem(KEY, text.trim());
        onToken(text.trim());
      } else setError(answer.type === 'rejected' ? answer.message : 'The server gave an unexpected answer.');
    } catch (err) {
      setError(`${/** @type {Error} */ (err).message}. Try again in a moment.`);
    } finally {
      asker.close();
      setBusy(false);
    }
  };
  return html`<main class="panel">
    <p class="kicker">Brink · for the instructor</p>
    <h1>Sessions</h1>
    <form onSubmit=${submit}>
      <label for="admin-token">Admin token</label>
      <input id="admin-token" type="password" autocomplete="off" required value=${text}
        onInput=${(/** @type {any} */ e) => setText(e.currentTarget.value)} />
      <p class="hint">The server printed it when it started (or it is in its data directory, in <code>admin-token</code>). It is kept in this tab only, until you close it.</p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy || !text.trim()}>Open the sessions</button>
    </form>
  </main>`;
}

/** @param {{ token: string, onForget: () => void }} props */
function Sessions({ token, onForget }) {
  const [asker] = useState(() => new Asker());
  const [list, setList] = useState(/** @type {{ sessions: SessionInfo[], scenarios: ScenarioEntry[] } | null} */ (null));
  const [open, setOpen] = useState(/** @type {string | null} */ (null));
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());
  const load = () => {
    asker.ask({ type: 'list_sessions', id: nextId(), admin_token: token })
      .then((a) => {
        if (a.type === 'sessions') { setList({ sessions: a.sessions, scenarios: a.scenarios }); setError(''); }
        else if (a.type === 'rejected') setError(a.message);
        setNow(Date.now());
      })
      .catch((e) => setError(`${e.message}.`));
  };
  useEffect(() => {
    load();
    const every = setInterval(load, 10000);
    return () => { clearInterval(every); asker.close(); };
  }, [token]);
  /** @param {SessionInfo} made */
  const created = (made) => { setOpen(made.session); load(); };
  const opened = list?.sessions.find((s) => s.session === open);
  return html`<main class="admin">
    <header class="top">
      <div class="title"><p class="kicker">Brink · for the instructor</p><h1>Sessions</h1></div>
      <button type="button" class="quiet small" onClick=${onForget}>Forget the admin token</button>
    </header>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${opened && html`<${Links} session=${opened} scenarios=${list?.scenarios ?? []} onClose=${() => setOpen(null)} />`}
    <div class="admin-grid">
      <section aria-labelledby="list-head">
        <h2 id="list-head">On this server <button type="button" class="small quiet" onClick=${load}>Refresh</button></h2>
        ${!list ? html`<p>Loading…</p>` : list.sessions.length === 0
          ? html`<p class="none">No session yet. Create one.</p>`
          : html`<table class="sessions">
              <thead><tr><th scope="col">Title</th><th scope="col">Scenario</th><th scope="col">Where it stands</th><th scope="col">Players</th><th scope="col">Last activity</th><th scope="col"><span class="sr">Open</span></th></tr></thead>
              <tbody>${[...list.sessions].reverse().map((s) => html`<tr key=${s.session} class=${s.session === open ? 'current' : ''}>
                <td class="session-title">${s.title}</td>
                <td>${list.scenarios.find((c) => c.id === s.scenario)?.title ?? s.scenario}</td>
                <td>${statusName(s.status)}</td>
                <td>${s.online} online of ${s.players}</td>
                <td>${ago(s.last_activity_ms, now)}</td>
                <td><button type="button" class="small" aria-label=${`Join links for ${s.title}`} onClick=${() => setOpen(s.session)}>Join links</button></td>
              </tr>`)}</tbody>
            </table>`}
      </section>
      ${list && html`<${Create} token=${token} asker=${asker} scenarios=${list.scenarios} onCreated=${created} />`}
    </div>
  </main>`;
}

/** @param {{ token: string, asker: Asker, scenarios: ScenarioEntry[], onCreated: (s: SessionInfo) => void }} props */
function Create({ token, asker, scenarios, onCreated }) {
  const [scenario, setScenario] = useState(scenarios[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState('public');
  const [turns, setTurns] = useState(1);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    /** @type {ObserverMode} */
    const observers = mode === 'delayed' ? { mode: 'delayed', turns } : mode === 'after_end' ? { mode: 'after_end' } : { mode: 'public' };
    /** @type {Extract<import('../types/wire').ClientMsg, { type: 'create_session' }>} */
    const request = { type: 'create_session', id: nextId(), admin_token: token, scenario, observers };
    if (title.trim()) request.title = title.trim();
    try {
      const answer = await asker.ask(request);
      if (answer.type === 'session_created') { setError(''); setTitle(''); onCreated(answer.session); }
      else if (answer.type === 'rejected') setError(answer.message);
    } catch (err) {
      setError(`${/** @type {Error} */ (err).message}.`);
    } finally {
      setBusy(false);
    }
  };
  /** @param {any} e */
  const value = (e) => e.currentTarget.value;
  return html`<section class="create" aria-labelledby="create-head">
    <h2 id="create-head">A new session</h2>
    <form onSubmit=${submit}>
      <label for="new-scenario">Scenario</label>
      <select id="new-scenario" value=${scenario} onChange=${(/** @type {any} */ e) => setScenario(value(e))}>
        ${scenarios.map((s) => html`<option value=${s.id}>${s.title} (${s.turns} turns)</option>`)}
      </select>
      <label for="new-title">Title</label>
      <input id="new-title" maxlength="120" placeholder="e.g. Syndicate B, 12 March" value=${title}
        onInput=${(/** @type {any} */ e) => setTitle(value(e))} />
      <fieldset>
        <legend>Observers see</legend>
        <label class="check"><input type="radio" name="observers" value="public" checked=${mode === 'public'} onChange=${() => setMode('public')} />
          <span>What is public, as it happens</span></label>
        <label class="check"><input type="radio" name="observers" value="delayed" checked=${mode === 'delayed'} onChange=${() => setMode('delayed')} />
          <span>Everything, some turns behind</span></label>
        ${mode === 'delayed' && html`<label for="new-delay">Turns behind</label>
          <input id="new-delay" type="number" min="1" max="30" value=${turns} onInput=${(/** @type {any} */ e) => setTurns(Number(value(e)) || 1)} />`}
        <label class="check"><input type="radio" name="observers" value="after_end" checked=${mode === 'after_end'} onChange=${() => setMode('after_end')} />
          <span>Everything, once the game has ended</span></label>
      </fieldset>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy || !scenario}>Create the session</button>
    </form>
  </section>`;
}

/** @param {{ session: SessionInfo, scenarios: ScenarioEntry[], onClose: () => void }} props */
function Links({ session, onClose }) {
  const order = (/** @type {string} */ role) => (role === 'umpire' ? 0 : role === 'observer' ? 2 : 1);
  const codes = [...session.codes].sort((a, b) => order(a.role) - order(b.role));
  return html`<section class="links" aria-labelledby="links-head">
    <h2 id="links-head">Join links · ${session.title}</h2>
    <p class="hint">Give each team its side's link (or let it scan its code, one side at a time); keep the umpire's to yourself. Anyone with a link can join in that role.</p>
    <ul class="link-cards">${codes.map((c) => html`<${LinkCard} key=${c.code} role=${c.role} code=${c.code} />`)}</ul>
    <button type="button" class="quiet small" onClick=${onClose}>Close</button>
  </section>`;
}

/** @param {{ role: string, code: string }} props */
export function LinkCard({ role, code }) {
  const [side, setSide] = useState(/** @type {string | null} */ (null));
  const [copied, setCopied] = useState(false);
  // The umpire's code is the instructor's: its QR code shows only when asked,
  // so the class does not scan it off the wall by mistake.
  const [shown, setShown] = useState(role !== 'umpire');
  const link = joinLink(code);
  useEffect(() => {
    if (role === 'umpire' || role === 'observer') return;
    const asker = new Asker();
    asker.ask({ type: 'seats', id: nextId(), code })
      .then((a) => { if (a.type === 'seats' && a.side_name) setSide(a.side_name); })
      .catch(() => {})
      .finally(() => asker.close());
  }, [code]);
  const who = role === 'umpire' ? 'The umpire' : role === 'observer' ? 'Observers (the projector)' : side ?? 'A side';
  const copy = async () => {
    try { await navigator.clipboard.writeText(link); setCopied(true); } catch { setCopied(false); }
  };
  return html`<li class=${`link-card ${role}`}>
    <h3>${who}</h3>
    ${shown
      ? html`<${Qr} text=${link} label=${`QR code of the join link for ${who}`} />`
      : html`<button type="button" class="small quiet" onClick=${() => setShown(true)}>Show its QR code</button>`}
    <p><a href=${link} target="_blank" rel="noopener noreferrer" class="join-link">${link}</a></p>
    <button type="button" class="small" aria-label=${`Copy the link for ${who}`} onClick=${copy}>${copied ? 'Copied' : 'Copy the link'}</button>
  </li>`;
}
