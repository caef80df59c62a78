// @ts-check
// The page's picture of the session: the welcome's view, brought up to date
// by folding in each event the server sends, and a feed of what happened
// for people to read. Pure functions, tested without a browser: the page
// holds only what the server sent it.
import { audienceName, phaseName, playerName, sideName } from './names.js';

/**
 * @typedef {import('../types/wire').View} View
 * @typedef {import('../types/wire').Role} Role
 * @typedef {import('../types/wire').MessageChannel} MessageChannel
 * @typedef {Extract<import('../types/wire').ServerMsg, { type: 'welcome' }>} Welcome
 * @typedef {Extract<import('../types/wire').ServerMsg, { type: 'event' }>} EventMsg
 * @typedef {{ seq: number, turn: number, atMs: number, kind: string, text: string, who?: string, missed?: boolean }} Line
 * @typedef {{ view: View, seq: number, feed: Line[], player: string, role: Role, unread: number }} Table
 */

/** Lines kept in the feed. */
const FEED = 300;

/**
 * The table from a welcome: its view, and (for a page loaded afresh) its
 * recent messages and injects as the feed.
 * @param {Welcome} welcome @param {Table | null} before
 * @returns {Table}
 */
export function welcome(welcome, before) {
  const view = welcome.view;
  /** @type {Line[]} */
  let feed = before ? before.feed : [];
  if (!before) {
    feed = [
      ...view.injects.map((i) => ({ seq: 0, turn: i.turn, atMs: i.at_ms, kind: 'inject', text: i.text, who: `To ${audienceName(view, i.to)}` })),
      ...view.messages.map((m) => messageLine(view, 0, m.at_ms, view.turn, m)),
    ].sort((a, b) => a.atMs - b.atMs);
  }
  return { view, seq: welcome.seq, feed: feed.slice(-FEED), player: welcome.player, role: welcome.role, unread: 0 };
}

/**
 * The table after one `event` message. An event at or before the view's
 * position (one missed while away, sent after a resume's welcome) is
 * already in the view: it only joins the feed, marked as missed.
 * @param {Table} table @param {EventMsg} msg
 * @returns {Table}
 */
export function apply(table, msg) {
  const missed = msg.seq <= table.seq;
  const view = missed ? table.view : fold(table.view, msg);
  const line = describe(view, msg);
  const feed = line ? [...table.feed, { ...line, missed }].slice(-FEED) : table.feed;
  return { ...table, view, seq: Math.max(table.seq, msg.seq), feed };
}

/**
 * The view with one event folded in (the parts of the view this page
 * shows; the rest waits for the next welcome).
 * @param {View} view @param {EventMsg} msg
 * @returns {View}
 */
export function fold(view, msg) {
  const e = msg.event;
  switch (e.type) {
    case 'player_joined':
      return { ...view, players: [...view.players.filter((p) => p.id !== e.player), { id: e.player, name: e.name, role: e.role, online: true }] };
    case 'presence_changed':
      return { ...view, players: view.players.map((p) => (p.id === e.player ? { ...p, online: e.online } : p)) };
    case 'phase_changed':
      return { ...view, turn: e.turn, phase: e.phase, date: e.date, clock: { ...view.clock, deadline_at_ms: null, remaining_ms: null } };
    case 'paused':
      return { ...view, clock: { paused: true, deadline_at_ms: null, remaining_ms: e.remaining_ms ?? null } };
    case 'resumed': {
      const left = view.clock.remaining_ms;
      return { ...view, clock: { paused: false, deadline_at_ms: left == null ? null : msg.at_ms + left, remaining_ms: null } };
    }
    case 'deadline_set':
      return { ...view, clock: { ...view.clock, deadline_at_ms: e.at_ms ?? null } };
    case 'game_ended':
      return { ...view, phase: 'ended', verdict: e.verdict };
    case 'message_posted':
      return { ...view, messages: [...view.messages, { at_ms: msg.at_ms, from: e.from, channel: e.channel, text: e.text }] };
    case 'inject_released':
      return { ...view, injects: [...view.injects, { turn: msg.turn, at_ms: msg.at_ms, ...e.inject }] };
    case 'track_band':
      return { ...view, tracks: view.tracks.map((t) => (t.id === e.track ? { ...t, band: e.band } : t)) };
    case 'track_moved':
      return { ...view, tracks: view.tracks.map((t) => (t.id === e.track && t.value != null ? { ...t, value: e.to } : t)) };
    default:
      return view;
  }
}

/**
 * @param {View} view @param {number} seq @param {number} atMs @param {number} turn
 * @param {{ from: string, channel: MessageChannel, text: string }} m a message, or the event that posted it
 */
function messageLine(view, seq, atMs, turn, m) {
  const where = {
    team: 'Team',
    to_umpire: 'To the umpire',
    from_umpire: `Umpire to ${m.channel.kind === 'from_umpire' ? audienceName(view, m.channel.to) : ''}`,
  }[/** @type {'team' | 'to_umpire' | 'from_umpire'} */ (m.channel.kind)] ?? '';
  return { seq, turn, atMs, kind: `chat ${m.channel.kind}`, text: m.text, who: `${playerName(view, m.from)} · ${where}` };
}

/**
 * What an event says to a person, as a feed line; none for events the
 * feed does not show.
 * @param {View} view @param {EventMsg} msg
 * @returns {Line | null}
 */
export function describe(view, msg) {
  const e = msg.event;
  const at = { seq: msg.seq, turn: msg.turn, atMs: msg.at_ms };
  switch (e.type) {
    case 'message_posted':
      return messageLine(view, msg.seq, msg.at_ms, msg.turn, e);
    case 'inject_released':
      return { ...at, kind: 'inject', text: e.inject.text, who: `To ${audienceName(view, e.inject.to)}` };
    case 'phase_changed':
      return { ...at, turn: e.turn, kind: 'phase', text: `Turn ${e.turn}: ${phaseName(e.phase)}${e.by_deadline ? ' (the deadline passed)' : ''}` };
    case 'player_joined':
      return { ...at, kind: 'presence', text: `${e.name} joined` };
    case 'game_ended':
      return { ...at, kind: 'phase', text: `The game ended: ${e.verdict}` };
    case 'adjudication_published':
      return { ...at, kind: 'phase', text: `Turn ${e.turn}'s results are published` };
    case 'action_resolved':
      return { ...at, kind: 'outcome', text: e.outcome.text, who: `Outcome for ${sideName(view, e.outcome.side)}` };
    case 'letter_delivered':
      return { ...at, kind: 'letter', text: e.letter.text, who: `${e.letter.public ? 'Public' : 'Secret'} letter from ${sideName(view, e.letter.from)} to ${sideName(view, e.letter.to)}` };
    case 'incident_occurred':
      return { ...at, kind: 'inject', text: `${e.incident.name}: ${e.incident.text}` };
    case 'agreement_reached':
      return { ...at, kind: 'phase', text: 'An agreement was reached.' };
    default:
      return null;
  }
}
