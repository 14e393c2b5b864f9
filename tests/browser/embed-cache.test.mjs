// A documentation page with three embeds of the app downloads each of the app's files once
// (issue 24): the build served as `make serve` serves it (scripts/lib/static-server.mjs:
// brotli, ETag, Cache-Control), a page with two embeds on its first screen and a third with
// loading="lazy" far below. The server's own log counts what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, launch } from './lib/harness.mjs';
import { serveCompressed } from '../../scripts/lib/static-server.mjs';

const frame = (id, lang, extra = '') =>
  `<iframe id="${id}" src="../index.html#embed=1&lang=${lang}&mode=sandbox" title="Envelope Lab" width="800" height="500"${extra}></iframe>`;

const DOCS = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>docs</title></head><body>
<h1>Envelope encryption</h1>
${frame('a', 'en')}
${frame('b', 'ja')}
<div style="height: 12000px"></div>
${frame('c', 'en', ' loading="lazy"')}
</body></html>`;

let server;
let browser;
let docs;
before(async () => {
  docs = await mkdtemp(join(tmpdir(), 'envelope-lab-docs-'));
  await writeFile(join(docs, 'index.html'), DOCS);
  server = await serveCompressed({ '/': dist, '/docs/': docs });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (docs) await rm(docs, { recursive: true, force: true });
});

/** Waits until the embed `id` shows its Step button. */
async function ready(page, id) {
  const f = page.frameLocator(`#${id}`);
  await f.locator('#step-button').waitFor({ timeout: 60000 });
}

test('three embeds on one page: the Wasm and the scripts are sent once, brotli-compressed; the lazy one starts only near the viewport', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${server.url}docs/`);
  await ready(page, 'a');
  await ready(page, 'b');
  const sent = (path) => server.log.filter((r) => r.path === path && r.status === 200);

  // Below the fold and lazy: nothing of it has started (the other two loaded everything).
  const lazyStarted = await page.locator('#c').evaluate((el) => {
    try { return Boolean(el.contentDocument?.getElementById('boot') || el.contentDocument?.getElementById('step-button')); } catch { return true; }
  });
  assert.equal(lazyStarted, false, 'the lazy embed far below the fold has not loaded the app');

  await page.locator('#c').scrollIntoViewIfNeeded();
  await ready(page, 'c');

  const wasm = sent('/envelope-lab-web_bg.wasm');
  assert.equal(wasm.length, 1, `the app's Wasm was sent once, not ${wasm.length} times`);
  assert.equal(wasm[0].encoding, 'br', 'Chromium accepts brotli, so the Wasm comes brotli-compressed');
  for (const path of ['/loader.js', '/envelope-lab-web.js', '/style.css']) {
    assert.equal(sent(path).length, 1, `${path} was sent once`);
  }
  // The CloudFormation worker is not part of an embed's start.
  assert.equal(sent('/envelope-lab-cfn_bg.wasm').length, 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(server.log.filter((r) => r.status >= 400), [], 'no request failed');
  await context.close();
});

test('the server answers a revalidation with 304 and offers gzip to a client without brotli', async () => {
  const url = `${server.url}envelope-lab-web_bg.wasm`;
  const gz = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.equal(gz.headers.get('vary'), 'Accept-Encoding');
  assert.equal(gz.headers.get('content-type'), 'application/wasm');
  assert.match(gz.headers.get('cache-control'), /max-age=\d+/);
  const etag = gz.headers.get('etag');
  await gz.arrayBuffer();
  const again = await fetch(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  const bytes = new Uint8Array(await plain.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d], 'identity is the Wasm itself');
  const page = await fetch(server.url, { headers: { 'accept-encoding': 'br' } });
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.equal(page.headers.get('content-encoding'), 'br');
});

test("the app's Wasm starts downloading with the page (preloaded), and once", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const events = [];
  const name = (r) => new URL(r.url()).pathname.split('/').pop();
  page.on('request', (r) => events.push(['request', name(r)]));
  page.on('requestfinished', (r) => events.push(['finished', name(r)]));
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  const at = (kind, file) => events.findIndex(([k, f]) => k === kind && f === file);
  // Without the preload the Wasm is asked for only once the module that fetches it has
  // arrived and run; with it, before the loader (and so the module) has even finished.
  assert.ok(at('request', 'envelope-lab-web_bg.wasm') >= 0);
  assert.ok(at('request', 'envelope-lab-web_bg.wasm') < at('finished', 'loader.js'),
    `the Wasm was asked for before loader.js arrived: ${JSON.stringify(events.slice(0, 12))}`);
  assert.equal(events.filter(([k, f]) => k === 'request' && f === 'envelope-lab-web_bg.wasm').length, 1,
    'the preload is the download the app uses');
  await context.close();
});
