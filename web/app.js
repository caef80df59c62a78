// @ts-check
// The page's entry: which screen to show. A join link (`/#code=…`) opens
// the join screen; a seat this tab already holds (its resume token, kept
// per tab) opens the room; otherwise the page says how to get a link.
import { render } from './vendor/preact.mjs';
import { useState } from './vendor/hooks.mjs';
import { html } from './vendor/html.mjs';
import { Join } from './lib/join.js';
import { Room } from './lib/room.js';
import { forget, remembered } from './lib/link.js';

/** The join code in the page's fragment, if any. */
function codeInFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get('code')?.trim() || null;
}

function App() {
  const [seat, setSeat] = useState(() => remembered());
  const [code] = useState(() => codeInFragment());
  if (seat) {
    return html`<${Room} seat=${seat} onLeave=${() => { forget(); setSeat(null); }} />`;
  }
  if (code) {
    return html`<${Join} code=${code} onJoined=${() => setSeat(remembered())} />`;
  }
  return html`<main class="panel">
    <h1>Brink</h1>
    <p>Open the join link your umpire gave you (it looks like <code>http://…/#code=us-…</code>).</p>
  </main>`;
}

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
