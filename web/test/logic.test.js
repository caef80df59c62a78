// @ts-check
// The page's logic without a browser (`node --test web/test/`): the orders
// document, letters, the map's layout, notifications and the fold of events
// the room's panels depend on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedSinceSubmit, letterGroups, mayAccept, maySubmit, mayPublicise, orderText, reachable, stancesFor } from '../lib/orders.js';
import { draw, markers, rows, wrap } from '../lib/map.js';
import { alerts, hurry, titleFor } from '../lib/notify.js';
import { apply, fold, welcome } from '../lib/fold.js';

const zones = [
  { id: 'soviet_ports', name: 'Soviet ports', kind: 'port', adjacent: ['mid_atlantic'] },
  { id: 'mid_atlantic', name: 'The mid-Atlantic', kind: 'open_ocean', adjacent: ['approaches'] },
  { id: 'approaches', name: 'The approaches', kind: 'open_ocean', adjacent: ['quarantine_line'] },
  { id: 'quarantine_line', name: 'The quarantine line', kind: 'quarantine', adjacent: ['cuban_waters', 'us_ports'] },
  { id: 'cuban_waters', name: 'Cuban waters', kind: 'coastal_waters', adjacent: ['florida_straits'] },
  { id: 'florida_straits', name: 'The Florida Straits', kind: 'open_ocean', adjacent: ['us_ports'] },
  { id: 'us_ports', name: 'US ports', kind: 'port', adjacent: [] },
];

/** A US member's view in turn 2's Orders phase. @returns {any} */
function view() {
  return {
    viewer: { side: 'us' },
    scenario: {
      title: 'The Cuban Missile Crisis',
      turns: 13,
      sides: [
        { id: 'us', name: 'United States', seats: [{ id: 'president', name: 'President', leader: true, holder: 'p2' }, { id: 'attorney_general', name: 'Attorney General', leader: false, holder: 'p3' }] },
        { id: 'ussr', name: 'Soviet Union', seats: [{ id: 'first_secretary', name: 'First Secretary', leader: true, holder: 'p4' }] },
      ],
      channels: [{ id: 'embassy_cable', name: 'Embassy cable', public: false, delay: 0 }],
      terms: [{ id: 'no_invasion_pledge', name: 'A US pledge not to invade Cuba', by: 'us' }],
      zones,
      stances: [
        { id: 'shadow', name: 'Shadow', side: 'us', kinds: ['surface_ship'] },
        { id: 'inspect', name: 'Stop and board', side: 'us', kinds: ['surface_ship', 'carrier_group'] },
        { id: 'press_on', name: 'Press on', side: 'ussr', kinds: ['surface_ship'] },
      ],
    },
    turn: 2,
    phase: 'orders',
    date: '1962-10-17',
    clock: { paused: false, deadline_at_ms: 1_000_000, remaining_ms: null },
    players: [
      { id: 'p1', name: 'Control', role: { kind: 'umpire' }, online: true },
      { id: 'p2', name: 'Jack', role: { kind: 'player', side: 'us', seat: 'president' }, online: true },
      { id: 'p3', name: 'Bobby', role: { kind: 'player', side: 'us', seat: 'attorney_general' }, online: true },
    ],
    messages: [],
    any_member_submits: false,
    orders: [],
    letters: [],
    outcomes: [],
    injects: [],
    agreement: null,
    tracks: [{ id: 'risk', name: 'Risk of war', min: 0, max: 100, value: null, band: 'low' }],
    menu: [],
    units: [{ id: 'destroyers', name: 'Destroyer Squadron 12', side: 'us', kind: 'surface_ship', zone: 'us_ports', stance: 'shadow', movement: 2, enters: 1, lost: false }],
    sightings: [{ by: 'us', unit: 'poltava', name: 'Freighter Poltava', side: 'ussr', kind: 'surface_ship', zone: 'approaches', turn: 1, inspected: false, cargo: null, lost: false }],
    adjudication: null,
    actions: [],
    queued_injects: [],
    notes: [],
  };
}

/** An event message as the server sends it. @param {number} seq @param {any} event */
const msg = (seq, event) => ({ type: 'event', seq, at_ms: 900_000 + seq, turn: 2, phase: 'orders', visibility: { side: 'us' }, event });

const letter = { id: 'LK7QM', from: 'ussr', seat: 'first_secretary', to: 'us', channel: 'embassy_cable', public: false, text: 'If assurances were given…', terms: ['no_invasion_pledge'], sent_turn: 1, deliver_turn: 1, delivered: false, publicised: false };

test('two members drafting, a submission, and a change after it', () => {
  let v = view();
  v = fold(v, msg(1, { type: 'order_added', side: 'us', item: 1, by: 'p2', seat: 'president', order: { kind: 'action', what: 'U-2 flights', why: '', expected: '' } }));
  v = fold(v, msg(2, { type: 'order_added', side: 'us', item: 2, by: 'p3', seat: 'attorney_general', order: { kind: 'move', unit: 'destroyers', to: 'quarantine_line' } }));
  assert.deepEqual(v.orders[0].draft.map((/** @type {any} */ d) => d.by), ['p2', 'p3']);
  assert.equal(orderText(v, v.orders[0].draft[1].order).head, 'Destroyer Squadron 12 to The quarantine line');
  assert.equal(changedSinceSubmit(v.orders[0]), false);
  v = fold(v, msg(3, { type: 'orders_submitted', side: 'us', by: 'p2', items: v.orders[0].draft }));
  assert.equal(changedSinceSubmit(v.orders[0]), false);
  v = fold(v, msg(4, { type: 'order_removed', side: 'us', item: 1 }));
  assert.equal(changedSinceSubmit(v.orders[0]), true);
  v = fold(v, msg(5, { type: 'phase_changed', turn: 3, phase: 'briefing', date: '1962-10-18', by_deadline: false }));
  assert.deepEqual(v.orders, []);
});

test('the leader submits; another member only when allowed or the leader is away', () => {
  const v = view();
  assert.equal(maySubmit(v, 'p2').may, true);
  const bobby = maySubmit(v, 'p3');
  assert.equal(bobby.may, false);
  assert.match(bobby.why ?? '', /President submits/);
  assert.equal(maySubmit({ ...v, any_member_submits: true }, 'p3').may, true);
  const away = { ...v, players: v.players.map((/** @type {any} */ p) => (p.id === 'p2' ? { ...p, online: false } : p)) };
  assert.equal(maySubmit(away, 'p3').may, true);
  assert.equal(maySubmit({ ...v, phase: 'briefing' }, 'p2').may, false);
});

test('a unit reaches the zones within its movement, both ways along links', () => {
  const v = view();
  assert.deepEqual(reachable(v, v.units[0]), ['approaches', 'quarantine_line', 'cuban_waters', 'florida_straits']);
  assert.deepEqual(reachable(v, { ...v.units[0], movement: 1 }), ['quarantine_line', 'florida_straits']);
  assert.deepEqual(stancesFor(v, v.units[0]).map((/** @type {any} */ s) => s.id), ['inspect']);
});

test('letters: delivered ones are received, and may be accepted or made public once', () => {
  let v = view();
  // Each event carries the letter as it now stands.
  v = fold(v, msg(1, { type: 'letter_dispatched', letter }));
  assert.equal(v.letters[0].delivered, false);
  v = fold(v, msg(2, { type: 'letter_delivered', letter: { ...letter, delivered: true } }));
  assert.equal(v.letters.length, 1);
  assert.equal(v.letters[0].delivered, true);
  const groups = letterGroups(v, 'us');
  assert.equal(groups.received.length, 1);
  assert.equal(mayAccept(v, 'us', v.letters[0]), true);
  assert.equal(mayAccept(v, 'ussr', v.letters[0]), false);
  assert.equal(mayPublicise(v, 'us', v.letters[0]), true);
  v = fold(v, msg(3, { type: 'order_added', side: 'us', item: 1, by: 'p2', seat: 'president', order: { kind: 'accept', letter: 'LK7QM' } }));
  assert.equal(mayAccept(v, 'us', v.letters[0]), false);
  v = fold(v, msg(4, { type: 'letter_publicised', by: 'us', letter: { ...letter, delivered: true, publicised: true } }));
  assert.equal(v.letters[0].publicised, true);
  assert.equal(mayPublicise(v, 'us', v.letters[0]), false);
});

test('the map: rows by distance, own units exactly, sightings with their age', () => {
  assert.deepEqual(rows(zones), [['soviet_ports'], ['mid_atlantic'], ['approaches'], ['quarantine_line'], ['cuban_waters', 'us_ports'], ['florida_straits']]);
  assert.deepEqual(wrap('The quarantine line, 500 nautical miles out', 20), ['The quarantine line,', '500 nautical miles', 'out']);
  const v = view();
  assert.equal(markers(v, 'us_ports')[0].mark, 'own');
  assert.match(markers(v, 'approaches')[0].text, /Freighter Poltava \(seen last turn\)/);
  const d = draw(v);
  assert.equal(d.boxes.length, zones.length);
  const ports = d.boxes.find((b) => b.id === 'us_ports');
  const cuba = d.boxes.find((b) => b.id === 'cuban_waters');
  assert.ok(ports && cuba && ports.y === cuba.y && ports.x > cuba.x, 'zones at the same distance share a row');
  assert.equal(d.links.length, 7);
});

test('notifications: a letter, published results, five minutes left unsubmitted', () => {
  let t = welcome({ type: 'welcome', seq: 0, player: 'p2', role: {}, view: view() }, null);
  const soon = 1_000_000 - 4 * 60 * 1000;
  assert.equal(hurry(t.view, 'us', soon), true);
  assert.equal(hurry(t.view, 'us', 1_000_000 - 6 * 60 * 1000), false);
  assert.match(titleFor(t.view, 'us', 2, soon), /^\(2\) ⏰ 5 min left — Turn 2 Orders · Brink$/);
  t = apply(t, msg(1, { type: 'letter_delivered', letter: { ...letter, delivered: true } }));
  t = apply(t, msg(2, { type: 'adjudication_published', turn: 2 }));
  const keys = alerts(t, 'us', soon).map((a) => a.key);
  assert.deepEqual(keys, ['letter:LK7QM', 'adjudication_published:2', 'hurry:2']);
  t = apply(t, msg(3, { type: 'deadline_near', side: 'us', left_ms: 240_000, draft_stands: true }));
  assert.match(t.feed.at(-1)?.text ?? '', /^4:00 left before the deadline.*draft as it stands/);
  assert.ok(alerts(t, 'us', soon).some((a) => a.key === 'deadline_near:3'));
  t = apply(t, msg(4, { type: 'orders_submitted', side: 'us', by: 'p2', items: [] }));
  assert.equal(hurry(t.view, 'us', soon), false);
});

test('an event already in the view (missed while away) joins the feed only', () => {
  const t = welcome({ type: 'welcome', seq: 5, player: 'p2', role: {}, view: view() }, null);
  const after = apply(t, msg(4, { type: 'order_added', side: 'us', item: 1, by: 'p2', seat: 'president', order: { kind: 'action', what: 'x', why: '', expected: '' } }));
  assert.deepEqual(after.view.orders, []);
  const chat = apply(t, msg(5, { type: 'message_posted', from: 'p3', channel: { kind: 'team', side: 'us' }, text: '<b>hi</b>' }));
  assert.equal(chat.feed.at(-1)?.missed, true);
  assert.equal(chat.feed.at(-1)?.text, '<b>hi</b>');
});

test('the umpire renaming the session changes the view\'s title and says so in the feed', () => {
  const t = welcome({ type: 'welcome', seq: 5, player: 'p2', role: {}, view: view() }, null);
  assert.equal(t.view.title, undefined);
  const after = apply(t, msg(6, { type: 'title_set', title: 'Monday seminar, group B' }));
  assert.equal(after.view.title, 'Monday seminar, group B');
  assert.equal(after.feed.at(-1)?.text, 'The umpire renamed the session: Monday seminar, group B');
});
