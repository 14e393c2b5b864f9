// The SCORM suspend-data codec (static/scorm-codec.js) without a browser: data saved by the
// released codec (version 1, a fixture written by it) still loads after the layout changed
// (version 2 adds the "fix" completion and quiz attempts), and version 2 round-trips them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCodec } from '../../scripts/bundle.mjs';

// Without the browser harness (which loads playwright): this file needs node only.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vm = loadCodec();
const plain = (x) => JSON.parse(JSON.stringify(x));
const lessonFiles = readdirSync(join(root, 'lessons')).filter((f) => /^\d\d-/.test(f)).sort();
const block = {
  lessons: lessonFiles.map((f) => JSON.parse(readFileSync(join(root, 'lessons', f), 'utf8'))),
  practice: [JSON.parse(readFileSync(join(root, 'lessons', 'practice-quiz.json'), 'utf8'))],
};
const course = vm.shape(block);

// Written by the released codec (git show 0a72827:static/scorm-codec.js) for the progress
// below: lesson 4's state "h" is 2 (solution) + 3 × 1 (solution shown) + 6 × 2 (hints).
const RELEASED = '1|05-consumer-side-firehose|01-pipeline-in-the-clear.1,04-your-own-key-producer.h,05-consumer-side-firehose.6|l01-q1.4,p01.1,p13.o|15-cost-and-performance.monthly_cost.3.05';

test('suspend data saved by the released codec (version 1) still loads', () => {
  const p = plain(vm.decode(RELEASED, course));
  assert.equal(p.current, '05-consumer-side-firehose');
  assert.deepEqual(p.completed, { '01-pipeline-in-the-clear': 'edited', '04-your-own-key-producer': 'solution' });
  assert.deepEqual(p.solutions_shown, { '04-your-own-key-producer': true });
  assert.deepEqual(p.hints, { '04-your-own-key-producer': 2, '05-consumer-side-firehose': 1 });
  assert.deepEqual(p.answers, { 'l01-q1': [2], p01: [0], p13: [3, 4] });
  assert.deepEqual(p.attempts, {});
  assert.deepEqual(p.inputs, { '15-cost-and-performance': { monthly_cost: 3.05 } });
  // Saved again, it is written in the current layout and reads back the same.
  const again = vm.encode(p, course);
  assert.ok(again.startsWith('2|'), again);
  assert.deepEqual(plain(vm.decode(again, course)), p);
});

test('version 2 keeps a completion with a suggested fix and the attempts of a question', () => {
  const p = {
    v: 1, completed: { '05-consumer-side-firehose': 'fix', '06-seed-key-policy-anatomy': 'solution' },
    answers: { 'l05-q1': [1], p02: [0] }, attempts: { 'l05-q1': 3 },
    hints: { '05-consumer-side-firehose': 1 }, solutions_shown: {}, inputs: {},
  };
  const text = vm.encode(p, course);
  // 3 (fix) + 8 × 1 hint = 11 = "b"; the attempts follow the first answer's mask.
  assert.equal(text, '2||05-consumer-side-firehose.b,06-seed-key-policy-anatomy.2|l05-q1.2.3,p02.1|');
  assert.deepEqual(plain(vm.decode(text, course)), p);
  // The fix completion did not exist in version 1: the same digits there mean otherwise.
  assert.deepEqual(plain(vm.decode('1||05-consumer-side-firehose.b||', course)).completed, { '05-consumer-side-firehose': 'solution' });
});
