// Client-side encryption as a learner sees it (issue [5/6]), in headless Chromium against
// the release build, at 1440 and 390 px, in English and Japanese: the client-side presets
// load from the picker; the Envelope tab draws the producer's AWS Encryption SDK message
// (suite, key ARN, aws-kms data key, public key in the context, commitment, frames, footer)
// and, with both layers on, the SDK message inside Kinesis's SSE layer; "who can read the
// plaintext" says Firehose moves ciphertext only and some role is denied; the cost panel
// counts the producer's GenerateDataKey calls with and without caching beside SSE's
// modelled cadence; the objects panel says S3 holds SDK messages. No sideways scrolling,
// axe clean. "Who can read" is computed by the policy tools worker (issue 24): its code and
// sentences are in the worker's Wasm only, and the panel says so while it waits or when the
// worker cannot load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, runToEnd, screenshot, dist, presetLoaded } from './lib/harness.mjs';

const AXE = await readFile(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const PRODUCER_KEY = 'arn:aws:kms:ap-northeast-1:123456789012:key/0b5c8f2e-7a41-4d3b-9e6f-3c2a1d8e4f70';
const SIGNING = 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384';
const WIDTHS = {
  1440: { viewport: { width: 1440, height: 900 } },
  390: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function loadPreset(page, name) {
  await page.selectOption('#preset-select', name);
  await page.click('#preset-load');
  await presetLoaded(page, name);
  await page.waitForFunction(() => /^(Step 0 of [\d,]+|ステップ 0 \/ [\d,]+)$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
  await runToEnd(page);
}

/** Moves the cursor to `cursor` (the row of step index cursor - 1 is current) and opens
 * that row's Envelope tab. */
async function envelopeAt(page, cursor) {
  await page.click('#reset-button');
  for (let i = 0; i < cursor; i++) await page.click('#step-button');
  await page.click('.tl-row.current');
  await page.waitForSelector('#step-details');
  await page.click('#tab-envelope');
  await page.waitForSelector('#tab-panel .envelope');
}

async function fits(page, what) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
  assert.ok(w.scroll <= w.inner, `${what}: the page is ${w.scroll} px wide at ${w.inner} px`);
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

/** Opens a side panel from the top bar (on a phone, from its menu). */
async function openPanel(page, width, name) {
  if (width < 640) await page.click('#menu-toggle');
  await page.click(`#panel-${name}`);
  await page.waitForSelector('#side-panel');
}

for (const lang of ['en', 'ja']) {
  for (const width of [1440, 390]) {
    test(`${lang} ${width} px: both layers — the SDK message in the Envelope tab, nested in Kinesis SSE; who reads; cost; objects`, async () => {
      const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, WIDTHS[width]);
      await loadPreset(page, 'client-side-both-layers');

      // #6 EncryptionSDK.encrypt: the message the producer sealed.
      await envelopeAt(page, 7);
      assert.match(await page.textContent('#step-details-title'), /EncryptionSDK\.encrypt/);
      const sdk = page.locator('#tab-panel #sdk-message');
      assert.equal(await sdk.getAttribute('data-suite'), SIGNING);
      assert.match(await sdk.locator('.sdk-size').textContent(), new RegExp(SIGNING));
      assert.match(await sdk.locator('[data-field="suite"] code').textContent(), /^0x0578 AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384$/);
      assert.equal(await sdk.locator('[data-field="provider-id"] code').textContent(), 'aws-kms');
      assert.equal((await sdk.locator('[data-field="key-arn"] code').textContent()).replace(/\s/g, ''), PRODUCER_KEY);
      assert.match(await sdk.locator('[data-field="context"] dt').allTextContents().then((t) => t.join('\n')), /aws-crypto-public-key/);
      assert.match(await sdk.locator('[data-field="context"] dt').allTextContents().then((t) => t.join('\n')), /purpose/);
      assert.match(await sdk.locator('[data-field="blob"] code').textContent(), lang === 'ja' ? /バイト中の先頭 16 バイト/ : /first 16 of \d+ bytes/);
      for (const part of ['header', 'header-auth', 'frame', 'footer']) {
        assert.equal(await sdk.locator(`[data-part="${part}"]`).count(), 1, `${part} drawn`);
      }
      assert.equal(await page.locator('#tab-panel [data-layer]').count(), 0, 'the sealing step has no server-side layer around it');
      await fits(page, 'envelope of the encrypt step');
      assert.deepEqual(await axeViolations(page), [], 'axe: envelope of the encrypt step');

      // #8 PutRecord: the SDK message inside the stream's SSE.
      await envelopeAt(page, 9);
      assert.match(await page.textContent('#step-details-title'), /PutRecord/);
      const layer = page.locator('#tab-panel [data-layer="sse-kinesis"]');
      assert.match(await layer.locator('.sdk-layer-title').textContent(), /KinesisKey/);
      assert.equal(await layer.locator('#sdk-message').count(), 1, 'the SDK message is inside the SSE layer');
      assert.equal(await page.locator('#tab-panel [data-field="plaintext"]').count(), 0, 'no plaintext record at the stream');
      await fits(page, 'envelope of the PutRecord');
      assert.deepEqual(await axeViolations(page), [], 'axe: envelope of the PutRecord');

      // Who can read the plaintext.
      await openPanel(page, width, 'plaintext');
      await page.waitForSelector('#plaintext-roles');
      assert.equal(await page.getAttribute('#plaintext-layers', 'data-layers'), 'both');
      const cell = (role, n) => page.locator(`#plaintext-roles [data-role="${role}"] [data-reach]`).nth(n);
      // Firehose (its source role) carries SDK messages it cannot open.
      assert.equal(await cell('KinesisStreamSourceRole', 1).getAttribute('data-reach'), 'ciphertext-only');
      assert.match(await cell('KinesisStreamSourceRole', 1).textContent(), lang === 'ja' ? /暗号文 \(SDK メッセージ\) だけ見える/ : /Sees ciphertext only/);
      // The analyst holds kms:Decrypt on both keys: plaintext from S3; the producer's role reads nothing back.
      assert.equal(await cell('AnalystRole', 2).getAttribute('data-reach'), 'plaintext');
      assert.equal(await cell('DataSourceLambdaRole', 0).getAttribute('data-reach'), 'denied');
      assert.match(await cell('DataSourceLambdaRole', 0).textContent(), lang === 'ja' ? /拒否/ : /Denied/);
      await page.locator('#side-panel').scrollIntoViewIfNeeded();
      await fits(page, 'who can read');
      assert.deepEqual(await axeViolations(page), [], 'axe: who can read');

      // Cost: the producer's own GenerateDataKey per record, no caching; SSE beside it, modelled.
      await openPanel(page, width, 'cost');
      const run = page.locator('#client-side-cost .cs-run');
      assert.equal(await run.getAttribute('data-calls'), '10');
      assert.equal(await run.getAttribute('data-saved'), '0');
      assert.match(await page.textContent('#caching-tradeoff'), lang === 'ja' ? /1 つのデータキーが多くのレコードを保護/ : /one data key protects many records/);
      assert.match(await page.textContent('#client-side-cost .model-note'), lang === 'ja' ? /モデル化/ : /Modelled/);
      await fits(page, 'cost');
      assert.deepEqual(await axeViolations(page), [], 'axe: cost');

      // Objects (at the end of the run): S3 holds SDK messages, not records.
      await runToEnd(page);
      await openPanel(page, width, 'objects');
      assert.match(await page.locator('.object-sdk').first().textContent(), lang === 'ja' ? /AWS Encryption SDK のメッセージ 10 件/ : /Holds 10 AWS Encryption SDK messages/);
      await fits(page, 'objects');
      assert.deepEqual(await axeViolations(page), [], 'axe: objects');
      await screenshot(page, `client-side-${lang}-${width}.png`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('caching vs none, client-side alone vs a reader without kms:Decrypt: the counts and reaches the engine computed', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`, WIDTHS[1440]);
  await loadPreset(page, 'client-side-caching');
  await openPanel(page, 1440, 'cost');
  const run = page.locator('#client-side-cost .cs-run');
  assert.equal(await run.getAttribute('data-calls'), '1');
  assert.equal(await run.getAttribute('data-saved'), '9');
  assert.match(await run.textContent(), /max_age 5 min: 9 requests saved/);
  // The sealing step of the second record used the cached data key: no KMS lane.
  await envelopeAt(page, 10);
  assert.match(await page.textContent('#step-details-title'), /EncryptionSDK\.encrypt/);
  assert.match(await page.textContent('.env-figure title'), /Cached data key/);

  // Client-side alone: the stream stores the message as sent (no SSE layer); Firehose ciphertext only.
  await loadPreset(page, 'client-side-happy-path');
  await openPanel(page, 1440, 'plaintext');
  await page.waitForSelector('#plaintext-roles');
  assert.equal(await page.getAttribute('#plaintext-layers', 'data-layers'), 'client-side');
  const reach = (role, n) => page.locator(`#plaintext-roles [data-role="${role}"] [data-reach]`).nth(n).getAttribute('data-reach');
  assert.equal(await reach('KinesisStreamSourceRole', 0), 'ciphertext-only');
  assert.equal(await reach('KinesisStreamSourceRole', 1), 'ciphertext-only');
  assert.equal(await reach('AnalystRole', 2), 'plaintext');

  // Without kms:Decrypt on ProducerKey the analyst gets SDK messages only.
  await loadPreset(page, 'client-side-reader-missing-decrypt');
  await page.waitForSelector('#plaintext-roles [data-role="AnalystRole"]');
  assert.equal(await reach('AnalystRole', 2), 'ciphertext-only');

  // SSE only: readers get plaintext from the services; no client-side cost section.
  await loadPreset(page, 'happy-path');
  await page.waitForFunction(() => document.querySelector('#plaintext-layers')?.dataset.layers === 'sse');
  assert.equal(await reach('KinesisStreamSourceRole', 1), 'plaintext');
  await openPanel(page, 1440, 'cost');
  assert.equal(await page.locator('#client-side-cost').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("who can read the plaintext is computed in the tools worker: its code and sentences are in the worker's Wasm, not the app's", () => {
  const app = readFileSync(join(dist, 'envelope-lab-web_bg.wasm'));
  const tools = readFileSync(join(dist, 'envelope-lab-tools_bg.wasm'));
  // The view's method, a layer's sentence and a reach's words (sim::view::plaintext), and a
  // Japanese one, as the engine writes them.
  for (const s of [
    'Firehose reads only as its source role and never runs the SDK',
    "only holders of kms:Decrypt on the producer's key can read the records",
    'Sees ciphertext only (SDK messages)',
    '暗号文 (SDK メッセージ) だけ見える',
  ]) {
    assert.ok(!app.includes(Buffer.from(s)), `the app's Wasm has no plaintext view (${s})`);
    assert.ok(tools.includes(Buffer.from(s)), `the worker's Wasm has the plaintext view (${s})`);
  }
});

/** The sandbox with the tools worker's Wasm routed by `route` from the start. */
/** The page's saved work (localStorage) after loading preset `name`, the worker up. */
async function savedWith(name) {
  const context = await browser.newContext(WIDTHS[1440]);
  const page = await context.newPage();
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  await loadPreset(page, name);
  const saved = await page.evaluate(() => localStorage.getItem('envelope-lab:v1'));
  await context.close();
  assert.ok(saved, 'the page saved its work');
  return saved;
}

async function sandboxWithWorker(lang, route, saved) {
  const context = await browser.newContext(WIDTHS[1440]);
  await context.route('**/envelope-lab-tools_bg.wasm', route);
  if (saved) await context.addInitScript((s) => localStorage.setItem('envelope-lab:v1', s), saved);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}#mode=sandbox&lang=${lang}`);
  await page.waitForSelector('#step-button');
  return { page, context, errors };
}

test('who can read the plaintext: a visible, bilingual wait while the worker answers; stepping works meanwhile; a worker that cannot load is said', async () => {
  // A client-side preset comes from the worker itself (docs/SIZE.md step 15), so the
  // scenario is the learner's saved work here, there before the worker.
  const saved = await savedWith('client-side-happy-path');
  for (const lang of ['en', 'ja']) {
    // The worker's Wasm arrives 6 s late: the panel waits for it, the page does not.
    const { page, context, errors } = await sandboxWithWorker(lang, async (route) => {
      await new Promise((r) => setTimeout(r, 6000));
      await route.continue();
    }, saved);
    await presetLoaded(page, 'client-side-happy-path');
    await runToEnd(page);
    await openPanel(page, 1440, 'plaintext');
    const status = page.locator('#who-can-read[aria-busy="true"] #plaintext-status');
    await status.waitFor({ timeout: 3000 });
    assert.match(await status.textContent(), lang === 'ja' ? /プレーンテキストを読めるのは誰かを評価しています/ : /Working out who can read the plaintext/);
    await page.click('#reset-button');
    await page.click('#step-button');
    assert.match(await page.textContent('#step-counter'), lang === 'ja' ? /^ステップ 1 \// : /^Step 1 of/);
    assert.equal(await page.locator('#plaintext-roles').count(), 0, 'still waiting for the worker');
    await page.waitForSelector('#plaintext-roles', { timeout: 30000 });
    assert.equal(await page.getAttribute('#plaintext-layers', 'data-layers'), 'client-side');
    assert.equal(await page.locator('#plaintext-roles [data-role="KinesisStreamSourceRole"] [data-reach]').nth(1).getAttribute('data-reach'), 'ciphertext-only');
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { page, context, errors } = await sandboxWithWorker('en', (route) => route.abort());
  await loadPreset(page, 'happy-path');
  await openPanel(page, 1440, 'plaintext');
  const failed = page.locator('#plaintext-status.editor-error[role="alert"]');
  await failed.waitFor({ timeout: 30000 });
  assert.match(await failed.textContent(), /Who can read the plaintext could not be worked out: the policy tools could not start/);
  assert.equal(await page.locator('#plaintext-roles').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
