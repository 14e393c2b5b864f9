// The SCORM packages (`make bundle`) in a test LMS whose run-time is scorm-again (the npm
// package LMSs embed): the package's launch file runs in an iframe as an LMS launches a
// SCO; a lesson is completed and quiz questions answered; the test asserts what the
// run-time recorded (completion, score, objectives, bookmark, suspend data, session time,
// exit), closes the course (Terminate) and relaunches it in a fresh browser (another
// machine) from that record, where progress is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, screenshot, root, serveDirs } from './lib/harness.mjs';
import { loadCodec } from '../../scripts/bundle.mjs';

const here = join(root, 'tests', 'browser');
const vmCodec = loadCodec();
// The codec runs in a node:vm context; its objects are copied out as plain JSON.
const codec = {
  shape: (b) => vmCodec.shape(b),
  decode: (text, c) => JSON.parse(JSON.stringify(vmCodec.decode(text, c))),
};

/** Unpacks a package with Debian's unzip (which also checks the archive). */
function unpack(zipFile) {
  const dir = mkdtempSync(join(tmpdir(), 'envelope-lab-scorm-'));
  execFileSync('unzip', ['-q', zipFile, '-d', dir]);
  return dir;
}

let browser;
let server;
let dirs;
before(async () => {
  dirs = {
    v2004: unpack(join(root, 'bundle', 'envelope-lab-scorm.zip')),
    v12: unpack(join(root, 'bundle', 'envelope-lab-scorm12.zip')),
  };
  server = await serveDirs({
    '/lms/': join(here, 'lms'),
    '/scorm-again/': join(here, 'node_modules', 'scorm-again', 'dist'),
    '/pkg2004/': dirs.v2004,
    '/pkg12/': dirs.v12,
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** The LMS page in a fresh browser context, the course launched with `initial` cmi. */
async function launchInLms(version, initial, pkg, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  await page.goto(`${server.url}lms/`);
  await page.evaluate(([v, init, src]) => window.lms.start(v, init, src), [version, initial, `/${pkg}/envelope-lab.html`]);
  const frame = page.frameLocator('#sco');
  await frame.locator('#lesson-panel[data-lesson]').waitFor();
  return { page, context, frame, problems };
}

async function answer(frame, id, chosen) {
  for (const i of chosen) await frame.locator(`#q-${id}-${i}`).check();
  await frame.locator(`#question-${id} .check-answer`).click();
  await frame.locator(`#question-${id} .answer-result`).waitFor();
}

/** Completes lesson 1 by editing its Firehose editor (the encryption setting removed). */
async function completeLesson1(frame) {
  await frame.locator('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]').waitFor();
  const stream = JSON.parse(await frame.locator('#lesson-editor-0').inputValue());
  delete stream.encryption;
  await frame.locator('#lesson-editor-0').fill(JSON.stringify(stream, null, 2));
  await frame.locator('#lesson-completion[data-completed="true"]').waitFor();
}

const record = (page) => page.evaluate(() => window.lms.record());
const course = codec.shape({
  lessons: ['01-pipeline-in-the-clear', '02-kinesis-sse-aws-managed-key', '03-envelope-encryption-up-close',
    '04-your-own-key-producer', '05-consumer-side-firehose', '06-seed-key-policy-anatomy', '07-via-service',
    '08-encryption-context-conditions', '09-firehose-to-s3-sse-kms', '10-s3-bucket-keys', '11-key-states',
    '12-explicit-deny', '13-encrypting-an-existing-bucket', '14-key-policy-playground', '15-cost-and-performance',
    '16-deny-unencrypted-uploads', '17-encrypt-before-you-send', '18-sse-or-client-side', '19-cross-account-key-use',
    '20-central-log-archive', '21-data-perimeter-rcp']
    .map((id) => JSON.parse(readFileSync(join(root, 'lessons', `${id}.json`), 'utf8'))),
  practice: [JSON.parse(readFileSync(join(root, 'lessons', 'practice-quiz.json'), 'utf8'))],
});

test('SCORM 2004: completion, scores, objectives and suspend data reach the LMS; relaunched elsewhere, progress is back', async () => {
  // The LMS takes the passing score from the manifest's primary objective.
  const manifest = readFileSync(join(dirs.v2004, 'imsmanifest.xml'), 'utf8');
  const passing = manifest.match(/<imsss:minNormalizedMeasure>([^<]+)</)[1];
  assert.equal(passing, '0.80');
  const first = await launchInLms('2004', { scaled_passing_score: passing }, 'pkg2004');
  const { page, frame } = first;
  // The adapter opened the tutorial at the first lesson.
  await completeLesson1(frame);
  await answer(frame, 'l01-q1', [2]); // correct
  await answer(frame, 'l01-q2', [0]); // wrong (3 is right)
  await frame.locator('#practice-toggle').click();
  await answer(frame, 'p01', [0]); // correct
  await page.waitForFunction(() => window.lms.record().score.raw === '2');

  let cmi = await record(page);
  assert.equal(cmi.completion_status, 'incomplete', '1 of 21 lessons');
  assert.equal(cmi.progress_measure, '0.0476');
  assert.deepEqual([cmi.score.raw, cmi.score.min, cmi.score.max, cmi.score.scaled], ['2', '0', '92', '0.0217']);
  assert.equal(cmi.success_status, 'unknown', 'below the passing score, questions still open');
  assert.equal(cmi.location, '01-pipeline-in-the-clear');
  const lesson1 = cmi.objectives['0'];
  assert.deepEqual([lesson1.id, lesson1.completion_status, lesson1.score.raw, lesson1.score.max, lesson1.score.scaled, lesson1.success_status],
    ['01-pipeline-in-the-clear', 'completed', '1', '2', '0.5', 'failed']);
  assert.equal(lesson1.description, 'completed by editing');
  assert.equal(cmi.objectives['1'].completion_status, 'incomplete');
  const exam = cmi.objectives['21'];
  assert.deepEqual([exam.id, exam.score.raw, exam.score.max, exam.completion_status], ['practice-exam', '1', '43', 'incomplete']);
  const progress = codec.decode(cmi.suspend_data, course);
  assert.equal(progress.completed['01-pipeline-in-the-clear'], 'edited');
  assert.deepEqual(progress.answers, { 'l01-q1': [2], 'l01-q2': [0], p01: [0] });
  assert.equal(progress.current, '01-pipeline-in-the-clear');
  await frame.locator('#lesson-title').evaluate((el) => el.scrollIntoView());
  await screenshot(page, 'scorm-lms-after-lesson-1.png');

  // The learner leaves: the LMS removes the frame; the adapter ends the session.
  await page.evaluate(() => window.lms.close());
  await page.waitForFunction(() => window.lms.terminated);
  cmi = await record(page);
  assert.equal(cmi.exit, 'suspend');
  assert.match(cmi.session_time, /^PT\d+H\d+M\d+(\.\d+)?S$/);
  assert.deepEqual(first.problems, []);
  await first.context.close();

  // Another machine: a fresh browser, the LMS resumes the suspended attempt.
  const second = await launchInLms('2004', {
    entry: 'resume', scaled_passing_score: passing, suspend_data: cmi.suspend_data, location: cmi.location,
    completion_status: cmi.completion_status,
  }, 'pkg2004');
  const again = second.frame;
  await again.locator('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]').waitFor();
  await again.locator('#lesson-completion[data-completed="true"]').waitFor();
  await again.locator('#question-l01-q1 .answer-result.correct').waitFor();
  await again.locator('#question-l01-q2 .answer-result.incorrect').waitFor();
  assert.match(await again.locator('#course-progress').textContent(), /^1\/21/);
  assert.match(await again.locator('#lesson-select option[value="01-pipeline-in-the-clear"]').textContent(), /^✓ /);
  // A second answer to the wrong question is kept as an attempt; the first answer counts.
  await answer(again, 'l01-q2', [3]);
  await second.page.waitForFunction(() => window.lms.record().suspend_data.includes('l01-q2.1.2'));
  const after = await record(second.page);
  assert.equal(after.score.raw, '2');
  assert.equal(after.objectives['0'].success_status, 'failed');
  assert.deepEqual(codec.decode(after.suspend_data, course).attempts, { 'l01-q2': 2 });
  await screenshot(second.page, 'scorm-lms-resumed.png');
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test('SCORM 1.2: lesson status, score, objectives, bookmark and suspend data; resumed in a fresh browser', async () => {
  const manifest = readFileSync(join(dirs.v12, 'imsmanifest.xml'), 'utf8');
  const mastery = manifest.match(/<adlcp:masteryscore>(\d+)</)[1];
  assert.equal(mastery, '80');
  const first = await launchInLms('1.2', { student_data: { mastery_score: mastery } }, 'pkg12');
  const { page, frame } = first;
  await frame.locator('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]').waitFor();
  // This time by the hints and the solution.
  while (await frame.locator('#hint-button').count() > 0) await frame.locator('#hint-button').click();
  await frame.locator('#solution-button').click();
  await frame.locator('#apply-solution').click();
  await frame.locator('#lesson-completion[data-completed="true"]').waitFor();
  await answer(frame, 'l01-q1', [2]);
  await page.waitForFunction(() => window.lms.record().core.score.raw !== '');

  let cmi = await record(page);
  assert.equal(cmi.core.lesson_status, 'incomplete');
  assert.deepEqual([cmi.core.score.raw, cmi.core.score.min, cmi.core.score.max], ['1.087', '0', '100'], '1 of 92 questions, in percent');
  assert.equal(cmi.core.lesson_location, '01-pipeline-in-the-clear');
  assert.deepEqual([cmi.objectives['0'].id, cmi.objectives['0'].status, cmi.objectives['0'].score.raw], ['01-pipeline-in-the-clear', 'completed', '50']);
  assert.ok(cmi.suspend_data.length <= 4096);
  const progress = codec.decode(cmi.suspend_data, course);
  assert.equal(progress.completed['01-pipeline-in-the-clear'], 'solution');
  assert.equal(progress.hints['01-pipeline-in-the-clear'], 2);

  await page.evaluate(() => window.lms.close());
  await page.waitForFunction(() => window.lms.terminated);
  cmi = await record(page);
  assert.equal(cmi.core.exit, 'suspend');
  assert.match(cmi.core.session_time, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
  assert.deepEqual(first.problems, []);
  await first.context.close();

  const second = await launchInLms('1.2', {
    core: { entry: 'resume', lesson_location: cmi.core.lesson_location, lesson_status: cmi.core.lesson_status },
    suspend_data: cmi.suspend_data, student_data: { mastery_score: mastery },
  }, 'pkg12');
  const again = second.frame;
  await again.locator('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]').waitFor();
  await again.locator('#lesson-completion[data-completed="true"]').waitFor();
  await again.locator('#question-l01-q1 .answer-result.correct').waitFor();
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test('without an LMS the packaged page is the plain app: no API found, nothing changed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`); });
  await page.goto(`${server.url}pkg2004/envelope-lab.html`);
  await page.waitForSelector('.app');
  // The adapter steers by writing a lesson into an empty address before the app boots,
  // which skips the first visit's welcome: the welcome shows it did not (the app itself
  // then writes where the learner is into the address).
  await page.waitForSelector('#welcome', { timeout: 10000 }); // the adapter did not steer the app
  // A first visit, as in the plain file: the welcome, then the first lesson; the progress
  // the app keeps is its own (no LMS data put there).
  await page.click('#welcome-skip');
  await page.waitForSelector('#step-button');
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('envelope-lab.progress.v1')) ?? '{}');
  assert.deepEqual(stored.completed ?? {}, {});
  assert.deepEqual(stored.answers ?? {}, {});
  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-panel[data-lesson]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('inside the LMS frame, CloudFormation import runs in the worker the package carries', async () => {
  const { page, context, frame, problems } = await launchInLms('2004', {}, 'pkg2004');
  const files = ['main.yaml', 'kms.yaml', 'kinesis.yaml', 'lambda.yaml'].map((name) => ({
    name, mimeType: 'application/x-yaml', buffer: readFileSync(join(root, 'engine', 'tests', 'cfn', 'seed', name)),
  }));
  await frame.locator('#cfn-import-input').setInputFiles(files);
  await frame.locator('#cfn-title').waitFor();
  assert.match(await frame.locator('.cfn-dialog').textContent(), /4 template file\(s\) became 2 key\(s\), 3 role\(s\)/);
  await screenshot(page, 'scorm-cfn-import.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('inside the LMS frame, a client-side preset runs with the cryptography module the package carries', async () => {
  const { page, context, frame, problems } = await launchInLms('2004', {}, 'pkg2004');
  await frame.locator('#mode-sandbox').click();
  await frame.locator('#preset-select').selectOption('client-side-happy-path');
  await frame.locator('#preset-load').click();
  // The client-side preset comes from the tools worker the package carries (docs/SIZE.md
  // step 15): Load takes effect when it answers.
  await frame.locator('#preset-current strong').filter({ hasText: /^client-side-happy-path$/ }).waitFor({ timeout: 30000 });
  await frame.locator('#preset-loading').waitFor({ state: 'detached' });
  const counter = frame.locator('#step-counter');
  await counter.filter({ hasNotText: /Simulating/ }).waitFor({ timeout: 60000 });
  assert.equal(await frame.locator('#crypto-failed').count(), 0, 'the module loaded');
  // Below 1200 px the panel buttons are behind "More".
  if (await frame.locator('#menu-toggle').isVisible()) await frame.locator('#menu-toggle').click();
  await frame.locator('#panel-cost').click();
  await frame.locator('#run-summary summary').click();
  const table = readFileSync(join(root, 'engine', 'tests', 'sim_golden.rs'), 'utf8');
  const golden = /"client-side-happy-path",\s*"([0-9a-f]{64})"/.exec(table)?.[1];
  assert.equal((await frame.locator('#trace-sha256').textContent()).trim(), golden);
  await screenshot(page, 'scorm-client-side.png');
  assert.deepEqual(problems, []);
  await context.close();
});
