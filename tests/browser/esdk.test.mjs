// The client-side cryptography module (issue 24): HKDF-SHA512 and ECDSA P-384 of the AWS
// Encryption SDK suites are not in the app's Wasm but in envelope-lab-esdk_bg.wasm
// (src/bin/esdk_module.rs), which the page loads when a scenario seals or opens records
// client-side. The run waits with a visible state, then gives the native CLI's trace
// SHA-256; a module that cannot load leaves a bilingual error and the scenario as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, screenshot, root, dist, runToEnd, openApp, presetLoaded } from './lib/harness.mjs';

const MODULE = 'envelope-lab-esdk_bg.wasm';
const PRESET = 'client-side-happy-path';

let server;
let browser;
let cliHash;
let cliExe;
before(async () => {
  cliHash = cliTraceHash(PRESET);
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** The native CLI (built from this checkout). */
function cli() {
  if (cliExe) return cliExe;
  const out = execFileSync('cargo', ['build', '--quiet', '--message-format=json', '-p', 'envelope-lab', '--bin', 'envelope-lab'],
    { cwd: root, encoding: 'utf8', timeout: 900000, maxBuffer: 64 * 1024 * 1024 });
  cliExe = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'envelope-lab' && m.executable)?.executable;
  assert.ok(cliExe, 'cargo built the envelope-lab binary');
  return cliExe;
}

/** The native CLI's trace SHA-256 of `preset` with seed 1. */
function cliTraceHash(preset) {
  const summary = JSON.parse(execFileSync(cli(), ['run', '--preset', preset, '--seed', '1', '--summary'], { encoding: 'utf8' }));
  assert.match(summary.trace_sha256 ?? '', /^[0-9a-f]{64}$/);
  return summary.trace_sha256;
}

/** A 64-bit constant as the code holds it: `i64.const` (0x42) and its signed LEB128. */
function i64Const(hex) {
  let v = BigInt.asIntN(64, BigInt(`0x${hex}`));
  const out = [0x42];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && (b & 0x40))) { out.push(b); break; }
    out.push(b | 0x80);
  }
  return Buffer.from(out);
}

test("HKDF-SHA512 and ECDSA P-384 are in the module's Wasm, not the app's", () => {
  const app = readFileSync(join(dist, 'envelope-lab-web_bg.wasm'));
  const module = readFileSync(join(dist, MODULE));
  // SHA-512's first round constants (HKDF-SHA512, and SHA-384 for the signatures), inlined
  // in the code as 64-bit constants (the app's SHA-256 has only their upper halves, 32-bit).
  for (const k of ['428a2f98d728ae22', '7137449123ef65cd']) {
    assert.ok(!app.includes(i64Const(k)), `the app's Wasm has no SHA-512 (K ${k})`);
    assert.ok(module.includes(i64Const(k)), `the module has SHA-512 (K ${k})`);
  }
  // The order of P-384's group, as the scalar checks hold it (48 bytes, little-endian).
  const order = Buffer.from('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973', 'hex').reverse();
  assert.ok(!app.includes(order), "the app's Wasm has no P-384");
  assert.ok(module.includes(order), 'the module has P-384');
  // The module's own exports; the app only looks them up.
  const exports = new WebAssembly.Module(module);
  const names = WebAssembly.Module.exports(exports).map((e) => e.name);
  for (const name of ['memory', 'esdk_abi', 'esdk_buffer', 'esdk_call']) assert.ok(names.includes(name), `the module exports ${name}`);
  // Nothing from the page: only wasm-bindgen's externref table set-up, given a no-op.
  for (const i of WebAssembly.Module.imports(exports)) assert.match(`${i.kind} ${i.name}`, /^function __wbindgen_/, 'the module imports only wasm-bindgen set-up');
  assert.ok(module.length < app.length / 4, `the module (${module.length} bytes) is small next to the app (${app.length})`);
});

/** Opens the sandbox with the module's download held until `release()` (or aborted),
 * recording every request of the page's context from the start. */
async function openHeld({ abort = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const requests = [];
  const problems = [];
  let release;
  const held = new Promise((r) => { release = r; });
  context.on('request', (r) => requests.push(new URL(r.url()).pathname.split('/').pop()));
  await context.route(`**/${MODULE}`, async (route) => {
    if (abort) return route.abort();
    await held;
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  return { page, context, problems, requests, release };
}

test('a client-side preset: the first screen does not load the module; the run waits visibly, then has the CLI\'s trace SHA-256', async () => {
  const { page, context, problems, requests, release } = await openHeld();
  await page.waitForTimeout(500);
  assert.ok(!requests.includes(MODULE), 'the default scenario does not load the module');
  await page.selectOption('#preset-select', PRESET);
  // Choosing a client-side preset starts the download in the background.
  const started = Date.now();
  while (!requests.includes(MODULE) && Date.now() - started < 10000) await page.waitForTimeout(50);
  assert.ok(requests.includes(MODULE), 'choosing the preset started loading the module');
  await page.click('#preset-load');
  const loading = page.locator('#crypto-loading[role="status"]');
  await loading.waitFor();
  assert.match(await loading.textContent(), /Loading client-side encryption/);
  await page.selectOption('#lang-select', 'ja');
  await page.waitForFunction(() => /クライアント側の暗号化を読み込んでいます/.test(document.querySelector('#crypto-loading')?.textContent ?? ''));
  await page.selectOption('#lang-select', 'en');
  await screenshot(page, 'esdk-loading.png');
  release();
  await loading.waitFor({ state: 'detached', timeout: 30000 });
  await runToEnd(page);
  await page.click('#panel-cost');
  await page.click('#run-summary summary');
  await page.waitForSelector('#trace-sha256');
  assert.equal((await page.textContent('#trace-sha256')).trim(), cliHash, 'the page\'s run is the CLI\'s');
  assert.equal(requests.filter((r) => r === MODULE).length, 1, 'the module was loaded once');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a module that cannot load: a bilingual error, the scenario kept, and Try again runs it', async () => {
  const { page, context, problems, release } = await openHeld({ abort: true });
  await page.selectOption('#preset-select', PRESET);
  await page.click('#preset-load');
  const failed = page.locator('#crypto-failed[role="alert"]');
  await failed.waitFor({ timeout: 30000 });
  assert.match(await failed.textContent(), /needs client-side encryption, which could not be loaded/);
  assert.match(await failed.textContent(), /Your scenario is kept/);
  assert.match(await page.textContent('#preset-current'), new RegExp(PRESET), 'the scenario is the preset, as loaded');
  const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  assert.match(saved, /client_side/, 'the saved work holds the client-side scenario');
  await page.selectOption('#lang-select', 'ja');
  await page.waitForFunction(() => /クライアント側の暗号化が必要ですが、読み込めませんでした/.test(document.querySelector('#crypto-failed')?.textContent ?? ''));
  assert.match(await page.textContent('#crypto-retry'), /もう一度試す/);
  await page.selectOption('#lang-select', 'en');
  await screenshot(page, 'esdk-failed.png');
  // The file can be reached again: Try again loads it and runs the scenario.
  await context.unroute(`**/${MODULE}`);
  release();
  await page.click('#crypto-retry');
  await failed.waitFor({ state: 'detached', timeout: 30000 });
  await runToEnd(page);
  await page.click('#panel-cost');
  await page.click('#run-summary summary');
  await page.waitForSelector('#trace-sha256');
  assert.equal((await page.textContent('#trace-sha256')).trim(), cliHash);
  // The aborted downloads (the preset's preload, the run's load) are the only problems.
  assert.deepEqual(problems.filter((p) => !p.includes(MODULE) && p !== 'console: Failed to load resource: net::ERR_FAILED'), []);
  await context.close();
});

test('every client-side and organization preset runs in the page with the CLI\'s trace SHA-256', async () => {
  const names = execFileSync(cli(), ['presets'], { encoding: 'utf8' }).split('\n')
    .map((l) => l.split(/\s+/)[0]).filter((n) => /^(client-side-|org-|scp-|rcp-)/.test(n));
  assert.ok(names.length >= 14, names.join(' '));
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`, { viewport: { width: 1280, height: 860 } });
  await page.click('#panel-cost');
  await page.click('#run-summary summary');
  for (const name of names) {
    const want = cliTraceHash(name);
    await page.selectOption('#preset-select', name);
    await page.click('#preset-load');
    await presetLoaded(page, name);
    await runToEnd(page);
    const shown = () => page.evaluate(() => document.querySelector('#trace-sha256')?.textContent.trim());
    await page.waitForFunction((w) => document.querySelector('#trace-sha256')?.textContent.trim() === w, want, { timeout: 30000 })
      .catch(() => {});
    assert.equal(await shown(), want, name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
