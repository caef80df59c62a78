// @ts-check
// The page's connection to the server, the way lichess keeps one: it says
// hello, joins (once) or resumes (every time after), and when the
// connection drops it shows "reconnecting" and resumes with the last event
// it saw; a command waiting for its answer is sent again with the same id,
// so nothing is lost or done twice. The seat this tab holds (its resume
// token) is kept in the tab's sessionStorage: two tabs are two players.

const KEY = 'brink.seat';
const PROTOCOL = 1;

/**
 * @typedef {{ token: string, session: string, lastSeq: number }} Seat
 * @typedef {'connecting' | 'open' | 'reconnecting' | 'elsewhere' | 'refused'} LinkState
 * @typedef {import('../types/wire').ClientMsg} ClientMsg
 * @typedef {import('../types/wire').ServerMsg} ServerMsg
 * @typedef {import('../types/wire').Action} Action
 * @typedef {Extract<ClientMsg, { id: string }>} Request a message that is answered
 */

/** The seat this tab holds, if any. @returns {Seat | null} */
export function remembered() {
  try {
    const seat = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return seat && typeof seat.token === 'string' ? seat : null;
  } catch {
    return null;
  }
}

/** @param {Seat} seat */
function remember(seat) {
  sessionStorage.setItem(KEY, JSON.stringify(seat));
}

/**
 * Forgets the seat this tab holds ("leave this seat"), and every unsent
 * draft kept for it, so the next seat taken in this tab starts clean.
 */
export function forget() {
  sessionStorage.removeItem(KEY);
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith('brink.draft.')) sessionStorage.removeItem(key);
  }
}

/** The game's WebSocket address: this page's own server. */
export function serverUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

/** A fresh request id: this page load's random prefix and a count. */
const prefix = Math.random().toString(36).slice(2, 10);
let count = 0;
export function nextId() {
  count += 1;
  return `web-${prefix}-${count}`;
}

/**
 * Sends one request on a fresh connection and resolves with its answer (a
 * `seats` question before joining, or the `join` itself).
 * @param {Request} request
 * @returns {Promise<ServerMsg>}
 */
export function ask(request) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(serverUrl());
    ws.onopen = () => ws.send(JSON.stringify(/** @satisfies {ClientMsg} */ ({ type: 'hello', protocol: PROTOCOL, client: 'brink-web' })));
    ws.onmessage = (e) => {
      /** @type {ServerMsg} */
      const msg = JSON.parse(e.data);
      if (msg.type === 'hello') ws.send(JSON.stringify(request));
      else if (('id' in msg && msg.id === request.id) || (msg.type === 'rejected' && !msg.id)) {
        ws.close(1000);
        resolve(msg);
      }
    };
    ws.onerror = () => reject(new Error('the server cannot be reached'));
    ws.onclose = () => reject(new Error('the server closed the connection'));
  });
}

/**
 * Joins with `code` as `name` in `seat`; on success this tab holds the seat.
 * @param {string} code @param {string} name @param {string | null} seat
 * @returns {Promise<ServerMsg>} the welcome, or the refusal
 */
export async function join(code, name, seat) {
  /** @type {Extract<ClientMsg, { type: 'join' }>} */
  const request = { type: 'join', id: nextId(), code, name };
  if (seat) request.seat = seat;
  const answer = await ask(request);
  if (answer.type === 'welcome') {
    remember({ token: answer.resume_token, session: answer.session, lastSeq: answer.seq });
  }
  return answer;
}

/** A held seat's live connection. */
export class Link {
  /**
   * @param {Seat} seat
   * @param {{ message: (msg: ServerMsg) => void, state: (state: LinkState, why?: string) => void }} on
   */
  constructor(seat, on) {
    this.seat = seat;
    this.on = on;
    /** Commands sent and not yet answered, by id, in order. @type {Map<string, {msg: Request, resolve: (m: ServerMsg) => void}>} */
    this.pending = new Map();
    /** The server's clock minus this browser's, in ms. */
    this.offset = 0;
    this.tries = 0;
    this.stopped = false;
    /** @type {WebSocket | null} */
    this.ws = null;
    /** Whether the current connection has been welcomed. */
    this.ready = false;
    this.connect();
  }

  connect() {
    this.ready = false;
    const ws = new WebSocket(serverUrl());
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify(/** @satisfies {ClientMsg} */ ({ type: 'hello', protocol: PROTOCOL, client: 'brink-web' })));
    ws.onmessage = (e) => this.receive(JSON.parse(e.data));
    ws.onclose = (e) => this.closed(e.code, e.reason);
  }

  /** @param {ServerMsg} msg */
  receive(msg) {
    if (msg.type === 'hello') {
      if (msg.now_ms) this.offset = msg.now_ms - Date.now();
      this.send({ type: 'resume', id: nextId(), token: this.seat.token, last_seq: this.seat.lastSeq });
      return;
    }
    if (msg.type === 'welcome') {
      // The welcome's view is current to its seq: a later resume starts there.
      this.seat.lastSeq = Math.max(this.seat.lastSeq, msg.seq);
      remember(this.seat);
      this.ready = true;
      this.tries = 0;
      this.on.state('open');
      this.on.message(msg);
      // What was sent and not answered goes again, with the same ids.
      for (const { msg: pending } of this.pending.values()) this.send(pending);
      return;
    }
    if (msg.type === 'rejected' && !this.ready && msg.code === 'ahead_of_stream') {
      // A position this stream never reached (the server's data was
      // restored from an older copy): start from the welcome's view.
      this.seat.lastSeq = 0;
      this.send({ type: 'resume', id: nextId(), token: this.seat.token, last_seq: 0 });
      return;
    }
    if (msg.type === 'rejected' && !this.ready) {
      // The token is no longer good (the seat was freed, or the session is gone).
      this.stopped = true;
      this.on.state('refused', msg.message);
      this.ws?.close(1000);
      return;
    }
    if (msg.type === 'event') {
      if (msg.seq > this.seat.lastSeq) {
        this.seat.lastSeq = msg.seq;
        remember(this.seat);
      }
    }
    const id = 'id' in msg ? msg.id : undefined;
    const waiting = id ? this.pending.get(id) : undefined;
    if (waiting && id) {
      if (msg.type === 'rejected' && msg.code === 'rate_limited') {
        setTimeout(() => this.send(waiting.msg), 500);
        return;
      }
      this.pending.delete(id);
      waiting.resolve(msg);
    }
    this.on.message(msg);
  }

  /** @param {number} code @param {string} reason */
  closed(code, reason) {
    this.ws = null;
    this.ready = false;
    if (this.stopped) return;
    if (code === 4002) {
      this.stopped = true;
      this.on.state('refused', 'you are no longer in this session (you left it, or the umpire freed your seat). Open your join link to join again.');
      return;
    }
    if (code === 4001) {
      this.stopped = true;
      this.on.state('elsewhere', 'This seat was opened in another tab or window.');
      return;
    }
    this.on.state('reconnecting', reason);
    this.tries += 1;
    const wait = Math.min(8000, 500 * 2 ** Math.min(this.tries - 1, 4));
    setTimeout(() => { if (!this.stopped) this.connect(); }, wait);
  }

  /** @param {ClientMsg} msg */
  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  /**
   * Sends a game command; resolves with its answer (an ack or a refusal),
   * however many reconnections it takes.
   * @param {Action} action
   * @returns {Promise<ServerMsg>}
   */
  command(action) {
    /** @type {Request} */
    const msg = { type: 'command', id: nextId(), command: action };
    return new Promise((resolve) => {
      this.pending.set(msg.id, { msg, resolve });
      if (this.ready) this.send(msg);
    });
  }

  /** The server's clock now, in ms since the epoch. */
  now() {
    return Date.now() + this.offset;
  }

  stop() {
    this.stopped = true;
    this.ws?.close(1000);
  }
}

/**
 * A connection for requests that are not a seat's (the admin's, and the
 * review's): opened on the first request, each answered by its id. A
 * document sent in parts is joined and resolved as one `document`. When
 * the connection drops, what waits is refused with the reason, and the
 * next request opens a new one.
 */
export class Asker {
  constructor() {
    /** @type {Map<string, { resolve: (m: ServerMsg) => void, reject: (e: Error) => void, parts: string[] }>} */
    this.waiting = new Map();
    /** @type {Promise<WebSocket> | null} */
    this.open = null;
    /** @type {WebSocket | null} */
    this.socket = null;
    /** What was asked, by id, to send again after a `rate_limited`. @type {Map<string, Request>} */
    this.asked = new Map();
  }

  /** @returns {Promise<WebSocket>} */
  connect() {
    if (this.open) return this.open;
    this.open = new Promise((resolve, reject) => {
      const ws = new WebSocket(serverUrl());
      ws.onopen = () => ws.send(JSON.stringify(/** @satisfies {ClientMsg} */ ({ type: 'hello', protocol: PROTOCOL, client: 'brink-web' })));
      ws.onmessage = (e) => {
        /** @type {ServerMsg} */
        const msg = JSON.parse(e.data);
        if (msg.type === 'hello') resolve(ws);
        else this.receive(msg);
      };
      ws.onerror = () => reject(new Error('the server cannot be reached'));
      ws.onclose = () => {
        reject(new Error('the server closed the connection'));
        // Only this socket's own waiting requests, and only if it is still the current one.
        if (this.socket !== ws) return;
        this.open = null;
        this.socket = null;
        for (const w of this.waiting.values()) w.reject(new Error('the connection to the server was lost; try again'));
        this.waiting.clear();
      };
      this.socket = ws;
    });
    return this.open;
  }

  /** @param {ServerMsg} msg */
  receive(msg) {
    const id = 'id' in msg ? msg.id : undefined;
    const waiting = id ? this.waiting.get(id) : undefined;
    if (!waiting || !id) return;
    if (msg.type === 'rejected' && msg.code === 'rate_limited') {
      const again = this.asked.get(id);
      if (again) setTimeout(() => this.socket?.send(JSON.stringify(again)), 500);
      return;
    }
    if (msg.type === 'document' && !msg.last) {
      waiting.parts.push(msg.text);
      return;
    }
    this.waiting.delete(id);
    this.asked.delete(id);
    if (msg.type === 'document') waiting.resolve({ ...msg, text: [...waiting.parts, msg.text].join('') });
    else waiting.resolve(msg);
  }

  /**
   * Sends `request` and resolves with its answer (a refusal included).
   * @param {Request} request
   * @returns {Promise<ServerMsg>}
   */
  async ask(request) {
    const ws = await this.connect();
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject, parts: [] });
      this.asked.set(request.id, request);
      ws.send(JSON.stringify(request));
    });
  }

  close() {
    this.socket?.close(1000);
    this.socket = null;
    this.open = null;
  }
}
