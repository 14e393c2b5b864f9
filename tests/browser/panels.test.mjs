// The side panels and sandbox tools: the S3 object browser (open as a chosen role), the
// preset picker, the KMS usage/cost panel at the current step and over the whole run, the
// trace hash against the native engine, and the keyboard shortcuts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, screenshot, root, openApp, runToEnd } from './lib/harness.mjs';

let server;
let browser;
let native;
before(async () => { native = buildNative(); server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// A fresh browser with no link would start the first visit's welcome in the tutorial:
// these tests open the sandbox.
const open = (url = `${server.url}#mode=sandbox`, options) => openApp(browser, url, options);

async function loadPreset(page, name) {
  await page.selectOption('#preset-select', name);
  await page.click('#preset-load');
  await page.waitForFunction(() => /^Step 0 of [\d,]+$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
}

test('the object browser opens the delivered object as the default reader: records and SSE headers', async () => {
  const { page, context, problems } = await open();
  await runToEnd(page);
  await page.click('#panel-objects');
  assert.equal(await page.inputValue('#open-as-role'), 'KinesisS3DestinationRole');
  await page.click('.open-object');
  const body = await page.textContent('#object-read-body');
  assert.match(body, /"TICKER"/, 'the decrypted records');
  assert.match(body, /"(AAPL|AMZN|MSFT|INTC|TBV)"/);
  const headers = await page.textContent('#object-read-headers');
  assert.match(headers, /ServerSideEncryption\s*aws:kms/);
  assert.match(headers, /SSEKMSKeyId\s*arn:aws:kms:ap-northeast-1:123456789012:key\//);
  assert.match(await page.textContent('#object-read'), /kms Decrypt ✓/);
  // The run itself is unchanged by the read.
  assert.match(await page.textContent('#step-counter'), /^Step ([\d,]+) of \1$/);
  await page.locator('#object-read').scrollIntoViewIfNeeded();
  await screenshot(page, 'objects-open-ok.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('preset reader-missing-decrypt: opening as the analyst shows AccessDenied and the deciding rule; the preset load is undoable', async () => {
  const { page, context, problems } = await open();
  await page.selectOption('#preset-select', 'reader-missing-decrypt');
  assert.match(await page.textContent('#preset-description'), /analyst role with s3:GetObject but no kms:Decrypt/i);
  await page.click('#preset-load');
  await runToEnd(page);
  await page.click('#panel-objects');
  assert.equal(await page.inputValue('#open-as-role'), 'AnalystRole', 'the scenario\'s reader role is the default');
  const roles = await page.locator('#open-as-role option').allTextContents();
  for (const r of ['AnalystRole', 'KinesisS3DestinationRole', 'DataSourceLambdaRole']) assert.ok(roles.includes(r), `${r} in ${roles}`);
  await page.selectOption('#open-as-role', 'AnalystRole');
  await page.locator('.open-object').first().click();
  assert.match(await page.textContent('#object-read-error'), /AccessDenied: The ciphertext refers to a customer master key/);
  assert.match(await page.textContent('#object-read .object-read-note'), /Knowledge Center.*2025/);
  const why = await page.textContent('#object-read .object-authz');
  assert.match(why, /Deciding rule/);
  assert.match(why, /implicit deny|no .*allows/i);
  assert.match(await page.textContent('#object-read'), /kms Decrypt ✗/);
  await page.locator('#object-read').scrollIntoViewIfNeeded();
  await screenshot(page, 'objects-open-denied.png');
  // Undo brings the default scenario back (no AnalystRole any more).
  await page.click('#undo-button');
  await page.waitForFunction(() => ![...document.querySelectorAll('#open-as-role option')].some((o) => o.value === 'AnalystRole'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the preset picker lists every preset with its description, in Japanese too', async () => {
  const { page, context, problems } = await open();
  const names = execNative(['presets']).split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean);
  const options = await page.locator('#preset-select option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.length >= 19, `${options.length} presets`);
  for (const n of ['happy-path', 'kinesis-key-disabled', 'explicit-deny', 'reader-missing-decrypt']) assert.ok(options.includes(n), n);
  assert.deepEqual(options, names, 'the same presets as `envelope-lab presets`, in order');
  await loadPreset(page, 'kinesis-key-disabled');
  await runToEnd(page);
  assert.match(await page.textContent('.timeline'), /KMS\.DisabledException|DisabledException/);
  await page.selectOption('#lang-select', 'ja');
  await page.selectOption('#preset-select', 'explicit-deny');
  assert.match(await page.textContent('#preset-description'), /[ぁ-んァ-ン一-龥]/);
  await screenshot(page, 'presets-ja.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the cost panel shows KMS usage at the current step and over the whole run', async () => {
  const { page, context, problems } = await open();
  await page.click('#panel-cost');
  await runToEnd(page);
  await page.click('#reset-button');
  assert.match(await page.textContent('#usage-at-step'), /At step 0/);
  const at = async (op) => Number(await page.textContent(`[data-op-at="${op}"]`));
  const all = async (op) => Number(await page.textContent(`[data-op="${op}"]`));
  assert.equal(await at('GenerateDataKey'), 0);
  assert.ok(await all('GenerateDataKey') >= 2);
  for (let i = 0; i < 3; i++) await page.click('#step-button');
  assert.match(await page.textContent('#usage-at-step'), /At step 3/);
  await runToEnd(page);
  assert.equal(await at('GenerateDataKey'), await all('GenerateDataKey'));
  assert.match(await page.textContent('.cost'), /Whole run/);
  await screenshot(page, 'cost-panel.png');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Builds the native CLI from this checkout (every run: a binary left over from another
 * build would compare the page with old code) and returns its path, as cargo reports it. */
function buildNative() {
  const out = execFileSync('cargo', ['build', '--quiet', '--message-format=json', '-p', 'envelope-lab', '--bin', 'envelope-lab'],
    { cwd: root, encoding: 'utf8', timeout: 900000, maxBuffer: 64 * 1024 * 1024 });
  const exe = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'envelope-lab' && m.executable)?.executable;
  assert.ok(exe, 'cargo built the envelope-lab binary');
  return exe;
}

/** Runs the native CLI built for this test run. */
function execNative(args) {
  return execFileSync(native, args, { encoding: 'utf8' });
}

test('the Wasm run of the default scenario (seed 1) has the native engine\'s trace SHA-256', async () => {
  const summary = execNative(['run', '--preset', 'happy-path', '--seed', '1', '--summary']);
  let hash;
  assert.doesNotThrow(() => { hash = JSON.parse(summary).trace_sha256; }, `the CLI's summary is JSON: ${summary.slice(0, 200)}`);
  const golden = /const GOLDEN: &str = "([0-9a-f]{64})"/.exec(readFileSync(join(root, 'engine/tests/sim_engine.rs'), 'utf8'))?.[1];
  assert.match(hash ?? '', /^[0-9a-f]{64}$/, 'the summary has a trace SHA-256');
  assert.match(golden ?? '', /^[0-9a-f]{64}$/, 'engine/tests/sim_engine.rs still declares the golden hash');
  assert.equal(hash, golden, 'the native run matches the engine test\'s golden hash');
  const { page, context, problems } = await open();
  assert.equal(await page.inputValue('#seed-input'), '1');
  await page.click('#panel-cost');
  await page.click('#run-summary summary');
  await page.waitForSelector('#trace-sha256');
  assert.equal((await page.textContent('#trace-sha256')).trim(), hash);
  await page.locator('#run-summary').scrollIntoViewIfNeeded();
  await screenshot(page, 'run-summary.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Space, arrows and r work when focus is on the page or a non-text control; not while typing', async () => {
  const { page, context, problems } = await open();
  const count = async () => Number(/Step (\d+)/.exec(await page.textContent('#step-counter'))[1]);
  // Focus on a heading-like, non-interactive place.
  await page.click('.diagram-caption', { position: { x: 2, y: 2 } }).catch(() => page.click('h1'));
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  assert.equal(await count(), 2);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await count(), 1);
  // A focused button: Space presses it (Step), → still steps, r resets.
  await page.focus('#step-button');
  await page.keyboard.press('Space');
  assert.equal(await count(), 2, 'Space pressed the focused Step button once');
  await page.focus('#panel-logs');
  await page.keyboard.press('ArrowRight');
  assert.equal(await count(), 3, '→ steps with focus on another button');
  await page.keyboard.press('r');
  assert.equal(await count(), 0);
  // Typing in a text field never steps.
  await page.focus('#seed-input');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('r');
  assert.equal(await count(), 0);
  // A select keeps its arrows.
  await page.focus('#speed-select');
  await page.keyboard.press('ArrowRight');
  assert.equal(await count(), 0);
  assert.match(await page.textContent('.kbd-hint'), /text field/);
  assert.deepEqual(problems, []);
  await context.close();
});
