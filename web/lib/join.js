// @ts-check
// The join screen: what the link's code admits to (for a side, its seats,
// who holds each and who is online), a name, a seat, and join.
import { useEffect, useState } from '../vendor/hooks.mjs';
import { html } from '../vendor/html.mjs';
import { ask, join, nextId } from './link.js';

/** @typedef {Extract<import('../types/wire').ServerMsg, { type: 'seats' }>} Seats */

/** @param {{ code: string, onJoined: () => void }} props */
export function Join({ code, onJoined }) {
  const [info, setInfo] = useState(/** @type {Seats | null} */ (null));
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const [seat, setSeat] = useState('');
  const [busy, setBusy] = useState(false);

  const load = () => {
    ask({ type: 'seats', id: nextId(), code })
      .then((answer) => {
        if (answer.type === 'rejected') setError(answer.message);
        else if (answer.type === 'seats') {
          setInfo(answer);
          const free = answer.seats.find((s) => !s.holder);
          setSeat((current) => current || free?.seat || '');
        }
      })
      .catch((e) => setError(`${e.message}. Check the link, or try again in a moment.`));
  };
  useEffect(load, [code]);

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const answer = await join(code, name.trim(), info?.seats.length ? seat : null);
      if (answer.type === 'welcome') onJoined();
      else if (answer.type === 'rejected') {
        setError(answer.message);
        load();
      }
    } catch (err) {
      setError(`${/** @type {Error} */ (err).message}. Try again in a moment.`);
    } finally {
      setBusy(false);
    }
  };

  if (!info) {
    return html`<main class="panel">
      <h1>Brink</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : html`<p>Looking up your join link…</p>`}
    </main>`;
  }
  const role = info.role === 'umpire' ? 'the umpire' : info.role === 'observer' ? 'an observer' : info.side_name;
  return html`<main class="panel">
    <p class="kicker">${info.title}</p>
    <h1>Join as ${role}</h1>
    <form onSubmit=${submit}>
      <label for="name">Your name</label>
      <input id="name" name="name" required maxlength="40" autocomplete="name" value=${name}
        onInput=${(/** @type {any} */ e) => setName(e.currentTarget.value)} />
      ${info.seats.length > 0 && html`<fieldset>
        <legend>Your seat</legend>
        ${info.seats.map((s) => html`<label class="seat">
          <input type="radio" name="seat" value=${s.seat} checked=${seat === s.seat}
            onChange=${() => setSeat(s.seat)} />
          <span class="seat-name">${s.name}${s.leader ? ' (leader)' : ''}</span>
          <span class="seat-holder">${s.holder ? `${s.holder} · ${s.online ? 'online' : 'offline'}` : 'free'}</span>
        </label>`)}
      </fieldset>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy || !name.trim()}>Join</button>
    </form>
  </main>`;
}
