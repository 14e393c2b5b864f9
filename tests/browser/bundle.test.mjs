// The single-file build (bundle/envelope-lab.html, `make bundle`) opened from disk as a
// trainer would double-click it: everything works from file:// under its own CSP (the
// CloudFormation importer too, a worker the file carries), no request leaves the file, and
// progress survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, screenshot, root, presetLoaded } from './lib/harness.mjs';

const file = join(root, 'bundle', 'envelope-lab.html');
const fileUrl = pathToFileURL(file).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page that records console errors, page errors and every request its context makes. */
async function openFile(fragment = '', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  context.on('request', (req) => requests.push(req.url()));
  await page.goto(fileUrl + fragment);
  await page.waitForSelector('#step-button', { state: 'attached' });
  return { page, context, problems, requests };
}

/** Only the file itself (any fragment), data: and blob: URLs. */
function strangers(requests) {
  return requests.filter((u) => !(u.split('#')[0] === fileUrl || u.startsWith('data:') || u.startsWith('blob:')));
}

test('the file carries everything: one CSP of hashes, no unsafe-inline, no external reference', async () => {
  const html = await readFile(file, 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[^']+' 'wasm-unsafe-eval';/);
  assert.match(csp, /style-src 'sha256-[^']+';/);
  assert.match(csp, /worker-src blob:;/, 'the CloudFormation worker starts from a blob: URL the page makes');
  assert.doesNotMatch(csp, /unsafe-inline|'self'/);
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)="(?!data:)/, 'no file is referenced');
  for (const block of ['envelope-lab-cfn-worker', 'envelope-lab-tools-worker']) {
    assert.match(html, new RegExp(`<script type="text/plain" id="${block}">`), `the file carries ${block}`);
  }
  assert.match(html, /<script type="application\/octet-stream" id="envelope-lab-esdk-wasm">/, 'the file carries the client-side cryptography module');
  const course = JSON.parse(html.match(/<script type="application\/json" id="envelope-lab-course">([^<]*)<\/script>/)[1]);
  assert.equal(course.lessons.length, 21);
  assert.equal(course.practice.length, 1);
});

test('from file://: lesson 1 completed by editing, kept after reload; sandbox, playground, share link, export and import work; no request leaves the file', async () => {
  const { page, context, problems, requests } = await openFile('#mode=sandbox');
  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-select');
  assert.equal(await page.locator('#lesson-select option').count(), 21, 'every lesson, from inside the file');
  await page.selectOption('#lesson-select', '01-pipeline-in-the-clear');
  await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
  await page.waitForSelector('#goal-status[data-met="false"]');

  // Lesson 1 by editing: the Firehose stream loses its KMS encryption setting.
  const stream = JSON.parse(await page.inputValue('#lesson-editor-0'));
  assert.ok(stream.encryption, 'the lesson starts with Firehose encryption set');
  delete stream.encryption;
  await page.fill('#lesson-editor-0', JSON.stringify(stream, null, 2));
  await page.waitForSelector('#goal-status[data-met="true"]');
  await page.waitForSelector('#lesson-completion[data-completed="true"]');
  await page.check('#q-l01-q1-2');
  await page.click('#question-l01-q1 .check-answer');
  await page.waitForSelector('#question-l01-q1 .answer-result');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('envelope-lab.progress.v1')));
  assert.equal(stored.completed['01-pipeline-in-the-clear'], 'edited');
  await screenshot(page, 'bundle-file-lesson-1.png');

  // Reload: progress is kept in the file's localStorage.
  await page.reload();
  if (await page.locator('#lesson-select').count() === 0) await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
  await page.waitForSelector('#lesson-completion[data-completed="true"]');
  await page.waitForSelector('#question-l01-q1 .answer-result');
  assert.match(await page.textContent('#course-progress'), /^1\/21/);

  // Progress export and import (a download and a file input, both local).
  await page.click('.tutorial-tools summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-progress')]);
  const saved = join(await mkdtemp(join(tmpdir(), 'envelope-lab-')), 'progress.json');
  await download.saveAs(saved);
  assert.equal(JSON.parse(await readFile(saved, 'utf8')).completed['01-pipeline-in-the-clear'], 'edited');
  const more = { ...JSON.parse(await readFile(saved, 'utf8')) };
  more.completed['02-kinesis-sse-aws-managed-key'] = 'solution';
  await page.setInputFiles('#import-progress', { name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(more)) });
  await page.waitForSelector('#tutorial-message[role="status"]');
  assert.match(await page.textContent('#course-progress'), /^2\/21/);

  // Sandbox: step, share the link, open it in a fresh browser from the same file.
  await page.click('#mode-sandbox');
  for (let i = 0; i < 5; i++) await page.click('#step-button');
  await page.click('#share-button');
  const shared = page.url();
  assert.match(shared, /^file:\/\/.*envelope-lab\.html#s=v2\.[0-9a-f]{8}\.[A-Za-z0-9_-]+.*step=5/);
  const fresh = await openFile(shared.slice(fileUrl.length));
  assert.match((await fresh.page.textContent('#step-counter')).trim(), /^Step 5 of/);
  await fresh.context.close();

  // Playground: its lint findings and fixes come from the policy tools worker the file
  // carries (a data block started from a blob: URL, src/tools_client.rs).
  await page.click('#mode-playground');
  await page.waitForSelector('#pg-title');
  await page.waitForSelector('#pg-key-policy');
  await page.fill('#pg-key-policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] }));
  await page.locator('.policy-editor:has(#pg-key-policy) .finding code', { hasText: 'KMS_ALL_ACTIONS_TO_EVERYONE' }).first().waitFor();
  await page.selectOption('#pg-example', '3');
  await page.locator('#pg-fixes .fix-option').first().waitFor();
  assert.ok(requests.some((u) => u.startsWith('blob:')), 'the tools worker started from a blob: URL');
  // The playground's evaluation path comes from the same worker.
  assert.equal(await page.locator('.pg-result .eval-stage.stopped').getAttribute('data-stage'), 'IdentityPolicies');

  // The sandbox's Fix tab: the run's verified fixes come from the same worker.
  await page.click('#mode-sandbox');
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.locator('#first-failure').click({ timeout: 30000 });
  await page.locator('.fix-option').first().waitFor({ timeout: 30000 });
  assert.ok(await page.locator('.fix-option .badge.verified').count() > 0, 'verified run fixes from the worker');
  // And the Authorization tab's evaluation path.
  await page.click('#tab-authorization');
  await page.locator('#cause-authz .eval-stage.stopped').waitFor({ timeout: 30000 });
  assert.equal(await page.locator('#cause-authz .eval-stage.stopped').getAttribute('data-stage'), 'IdentityPolicies');

  assert.deepEqual(problems, []);
  assert.deepEqual(strangers(requests), [], 'no request leaves the file');
  assert.deepEqual(strangers(fresh.requests), []);
  assert.deepEqual(fresh.problems, []);
  await context.close();
});

test('from file://, in Japanese on a phone', async () => {
  const { page, context, problems, requests } = await openFile('#mode=tutorial&lang=ja&lesson=04-your-own-key-producer', {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
  });
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  assert.match(await page.textContent('#lesson-title'), /レッスン/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
  await screenshot(page, 'bundle-file-ja-phone.png');
  assert.deepEqual(problems, []);
  assert.deepEqual(strangers(requests), []);
  await context.close();
});

test('from file://: CloudFormation import and export run in the worker the file carries; no request leaves the file', async () => {
  const files = ['main.yaml', 'kms.yaml', 'kinesis.yaml', 'lambda.yaml'].map((name) => {
    let text = readFileSync(join(root, 'engine', 'tests', 'cfn', 'seed', name), 'utf8');
    if (name === 'main.yaml') text = text.replace('Default: dva-02-005', 'Default: course-lab');
    return { name, mimeType: 'application/x-yaml', buffer: Buffer.from(text) };
  });
  const { page, context, problems, requests } = await openFile('#lang=ja');
  await page.setInputFiles('#cfn-import-input', files);
  await page.waitForSelector('#cfn-title');
  assert.match(await page.textContent('.cfn-dialog'), /4 個のテンプレートファイルから、キー 2 個/);
  await screenshot(page, 'bundle-file-cfn-import-ja.png');
  await page.click('#cfn-report-close');
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cfn-export-button')]);
  const saved = join(await mkdtemp(join(tmpdir(), 'envelope-lab-')), 'template.yaml');
  await download.saveAs(saved);
  const template = await readFile(saved, 'utf8');
  assert.match(template, /Type: "AWS::KMS::Key"/);
  assert.match(template, /course-lab-DataStream/);
  assert.ok(requests.some((u) => u.startsWith('blob:')), 'the worker started from a blob: URL');
  assert.deepEqual(strangers(requests), [], 'no request leaves the file');
  assert.deepEqual(problems, []);
  await context.close();
});

/** The golden trace SHA-256 of `preset` (seed 1) in engine/tests/sim_golden.rs. */
function golden(preset) {
  const table = readFileSync(join(root, 'engine', 'tests', 'sim_golden.rs'), 'utf8');
  const hash = new RegExp(`"${preset}",\\s*"([0-9a-f]{64})"`).exec(table)?.[1];
  assert.match(hash ?? '', /^[0-9a-f]{64}$/, `sim_golden.rs has ${preset}`);
  return hash;
}

test('from file://: a client-side preset runs with the cryptography module the file carries; no request leaves the file', async () => {
  const { page, context, problems, requests } = await openFile('#mode=sandbox&lang=en');
  await page.selectOption('#preset-select', 'client-side-happy-path');
  await page.click('#preset-load');
  await presetLoaded(page, 'client-side-happy-path');
  await page.waitForFunction(() => !/Simulating/.test(document.querySelector('#step-counter')?.textContent ?? ''), null, { timeout: 60000 });
  assert.equal(await page.locator('#crypto-failed').count(), 0, 'the module loaded');
  assert.equal(await page.locator('#crypto-loading').count(), 0);
  await page.click('#panel-cost');
  await page.click('#run-summary summary');
  await page.waitForSelector('#trace-sha256');
  assert.equal((await page.textContent('#trace-sha256')).trim(), golden('client-side-happy-path'));
  assert.deepEqual(strangers(requests), [], 'no request leaves the file');
  assert.deepEqual(problems, []);
  await context.close();
});
