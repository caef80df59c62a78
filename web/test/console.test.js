// @ts-check
// The console's and the review's logic without a browser: the dice's odds,
// what holds the publish, what each side will read of a track, the same
// moment in another perspective's stream, the sessions page's words, and
// the QR code's modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contradicted, odds, oddsText, readAs, stillToDo } from '../ui/adjudicate.js';
import { bookmarks, boundaries, sameMoment } from '../ui/review.js';
import { ago, statusName } from '../ui/admin.js';
import { modules } from '../ui/qr.js';

test('two dice make 7 or more in 21 throws of 36, 2 or more always, 12 once', () => {
  assert.equal(odds(7), 21);
  assert.equal(odds(2), 36);
  assert.equal(odds(12), 1);
  assert.equal(odds(13), 0);
  assert.equal(oddsText(8), '8 or more: 15 in 36 (42%)');
});

/** @param {any} overrides */
const action = (overrides) => ({ id: 'a1', side: 'us', seat: 'president', turn: 1, what: 'Fly low over San Cristobal', why: '', expected: '', ruling: null, roll: null, rolls: 0, outcome: null, to: { side: 'us' }, ...overrides });

test('the publish is held by an action without a ruling, and by an outcome against its ruling unless overruled', () => {
  const view = /** @type {any} */ ({
    scenario: { sides: [{ id: 'us', name: 'United States', seats: [] }] },
    adjudication: { published: false, actions: ['a1', 'a2', 'a3'] },
    actions: [
      action({}),
      action({ id: 'a2', ruling: { kind: 'roll', difficulty: 7 }, roll: { dice: [1, 2], total: 3, difficulty: 7, success: false }, outcome: 'It worked', outcome_success: true }),
      action({ id: 'a3', ruling: { kind: 'accept' }, outcome: 'It worked', outcome_success: true }),
    ],
  });
  const todo = stillToDo(view);
  assert.equal(todo.length, 2);
  assert.match(todo[0], /rule on United States’s “Fly low/);
  assert.match(todo[1], /says otherwise than its ruling/);
  assert.ok(!todo.some((t) => t.includes('a3')), 'no id in what the umpire reads');
  assert.equal(contradicted({ ...view.actions[1], overruled: true }), false);
  view.adjudication.published = true;
  assert.deepEqual(stillToDo(view), []);
});

test('each side reads a track exactly where it knows it, else by its band', () => {
  const def = { id: 'risk', name: 'Risk of war', min: 0, max: 100, start: 10, public: false, exact: ['us'], bands: [{ name: 'low', upto: 30 }, { name: 'high', upto: 100 }] };
  assert.equal(readAs(def, 35, 'us'), '35');
  assert.equal(readAs(def, 35, 'ussr'), '≈ high');
  assert.equal(readAs(def, 20, null), '≈ low');
  assert.equal(readAs({ ...def, bands: [] }, 20, 'ussr'), 'nothing');
  assert.equal(readAs({ ...def, public: true }, 20, null), '20');
});

/** @param {number} seq @param {number} at @param {any} event */
const ev = (seq, at, event) => ({ seq, at_ms: at, turn: 1, phase: 'orders', actor: null, visibility: 'public', event });

test('the same moment in another stream is its last event at or before the time', () => {
  const other = [ev(1, 100, {}), ev(2, 200, {}), ev(3, 300, {})];
  assert.equal(sameMoment(other, 50), 0);
  assert.equal(sameMoment(other, 200), 2);
  assert.equal(sameMoment(other, 299), 2);
  assert.equal(sameMoment(other, 1000), 3);
});

test('the scrubber finds turns, phases and bookmarks in a stream', () => {
  const events = /** @type {any} */ ([
    ev(1, 1, { type: 'phase_changed', turn: 2, phase: 'orders' }),
    ev(2, 2, { type: 'note_written', text: 'The letter', bookmark: true }),
    ev(3, 3, { type: 'note_written', text: 'private', bookmark: false }),
  ]);
  assert.deepEqual(boundaries(events), [{ seq: 1, label: 'Turn 2, Orders' }]);
  assert.deepEqual(bookmarks(events), [{ seq: 2, label: 'The letter' }]);
});

test('the sessions page says where a session stands and when it last moved', () => {
  assert.equal(statusName({ state: 'lobby' }), 'In the lobby');
  assert.equal(statusName({ state: 'playing', turn: 3, phase: 'orders', paused: true }), 'Turn 3 · Orders · paused');
  assert.equal(statusName({ state: 'ended', turn: 5, verdict: 'x' }), 'Ended in turn 5');
  assert.equal(ago(1_000, 31_000), 'just now');
  assert.equal(ago(0, 12 * 60_000), '12 min ago');
  assert.equal(ago(0, 2 * 86_400_000), '2 days ago');
});

test('a QR code is drawn as one path of its dark modules', () => {
  assert.equal(modules([[true, false], [false, true]]), 'M0 0h1v1h-1zM1 1h1v1h-1z');
});
