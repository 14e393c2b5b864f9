// Shared set-up for the browser tests: serve the release build (dist/) on a loopback port
// and drive Debian's headless Chromium with playwright-core. Every page records console
// errors, page errors and failed requests so each test can assert there were none.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..', '..');
export const dist = join(root, 'dist');
export const artifacts = join(here, '..', 'artifacts');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves dist/ on 127.0.0.1 at a free port; resolves to { url, close }. */
export function serveDist() {
  return serveDirs({ '/': dist });
}

/** Serves folders on 127.0.0.1 at a free port, each under its URL prefix (longest prefix
 * first, e.g. `{'/': dist, '/pkg/': unpacked}`); resolves to { url, close }. */
export async function serveDirs(mounts) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const prefix = prefixes.find((p) => path.startsWith(p));
      const base = mounts[prefix];
      let file = normalize(join(base, path.slice(prefix.length)));
      if (!file.startsWith(base)) throw new Error('outside the folder');
      if (path.endsWith('/')) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches headless Chromium with the flags this machine needs (no network beyond loopback). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens a page that records problems: console errors, uncaught errors, failed requests.
 * `setup(context)` runs before the page opens (routes, init scripts). */
export async function openPage(browser, url, options = {}, setup = async () => {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...options });
  await setup(context);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  await page.goto(url);
  return { page, context, problems };
}

/** Opens a page (see openPage) whose policy tools worker's Wasm is held back until
 * `release()`: for what the page shows while the worker loads. */
export async function openPageToolsHeld(browser, url, options = {}) {
  let release;
  const held = new Promise((r) => { release = r; });
  const opened = await openPage(browser, url, options, (context) =>
    context.route('**/envelope-lab-tools_bg.wasm', async (route) => { await held; await route.continue(); }));
  return { ...opened, release };
}

/** Opens the app (see openPage) and waits until it can step. */
export async function openApp(browser, url, options) {
  const opened = await openPage(browser, url, options);
  await opened.page.waitForSelector('#step-button');
  return opened;
}

/** Waits until the run is computed, then goes to its last step. */
export async function runToEnd(page) {
  await page.waitForFunction(() => !/Simulating|シミュレーション中/.test(document.querySelector('#step-counter')?.textContent ?? ''));
  if (await page.isEnabled('#end-button')) await page.click('#end-button');
  await page.waitForFunction(() => /Step ([\d,]+) of \1$|ステップ ([\d,]+) \/ \2$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the sandbox's picker names preset `name` as the current scenario: an
 * organization or client-side preset comes from the policy tools worker (docs/SIZE.md step
 * 15), so Load takes effect when the worker answers. `page` may be a Frame (not a
 * FrameLocator). */
export async function presetLoaded(page, name) {
  await page.waitForFunction((n) => document.querySelector('#preset-current strong')?.textContent.trim() === n
    && !document.querySelector('#preset-loading'), name, { timeout: 30000 });
}
