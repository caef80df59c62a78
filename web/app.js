// @ts-check
// The page's entry: which screen to show. `/#admin` is the instructor's
// sessions page; a join link (`/#code=…`) opens the join screen; a seat
// this tab already holds (its resume token, kept per tab) opens the room;
// otherwise the page says how to get a link.
import { render } from './vendor/preact.mjs';
import { useEffect, useState } from './vendor/hooks.mjs';
import { html } from './vendor/html.mjs';
import { Join } from './lib/join.js';
import { Room } from './lib/room.js';
import { Admin } from './ui/admin.js';
import { forget, remembered } from './lib/link.js';

/** The join code in the page's fragment, if any. */
function codeInFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get('code')?.trim() || null;
}

function App() {
  const [seat, setSeat] = useState(() => remembered());
  const [code] = useState(() => codeInFragment());
  const [admin, setAdmin] = useState(() => location.hash === '#admin');
  useEffect(() => {
    const moved = () => setAdmin(location.hash === '#admin');
    addEventListener('hashchange', moved);
    return () => removeEventListener('hashchange', moved);
  }, []);
  if (admin) return html`<${Admin} />`;
  if (seat) {
    return html`<${Room} seat=${seat} onLeave=${() => { forget(); setSeat(null); }} />`;
  }
  if (code) {
    return html`<${Join} code=${code} onJoined=${() => setSeat(remembered())} />`;
  }
  return html`<main class="panel">
    <h1>Brink</h1>
    <p>Open the join link your umpire gave you (it looks like <code>http://…/#code=us-…</code>).</p>
    <p class="hint">Instructors: <a href="#admin">create and find sessions</a> with the server's admin token.</p>
  </main>`;
}

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
