// Figures (benchmarks, not tests): load timing, throttled loads (first visit and returning
// learner), the first Fix tab after an idle page, a 100,000-record run, longest frame while
// playing, records/s of client-side runs next to the SSE run. Each build is served compressed as `make serve` serves it
// (scripts/lib/static-server.mjs: brotli, ETag, cache headers).
//
//   node figures.mjs [--old DIR] [--new DIR] [--runs N] [--skip-long]
//
// --old DIR    a previous release build (a copy of its dist/) measured side by side in the
//              same run, alternating with this build's dist/, so both see the same machine
// --new DIR    the build to measure (default: this worktree's dist/)
// --runs N     runs of each throttled load and of the Fix figure (default 3)
// --skip-long  leave out the 100,000-record run and the frame figures
//
// "interactive" is the time from navigation start until the Step button exists (a
// MutationObserver in the page notes it, so the polling of the test driver adds nothing).
// Throttling is Chromium's own (CDP Network.emulateNetworkConditions and
// Emulation.setCPUThrottlingRate), the profiles of issue 24 below.
import { resolve } from 'node:path';
import { dist, launch, openPage, runToEnd, presetLoaded } from './lib/harness.mjs';
import { serveCompressed } from '../../scripts/lib/static-server.mjs';

const PROFILES = [
  { name: 'no throttling', latency: 0, mbps: 0, cpu: 1 },
  { name: '4G (9 Mbps, 60 ms) + CPU x4', latency: 60, mbps: 9, cpu: 4 },
  { name: 'Fast 3G (1.6 Mbps, 150 ms) + CPU x4', latency: 150, mbps: 1.6, cpu: 4 },
];

function parseArgs(argv) {
  const opts = { old: null, new: dist, runs: 3, long: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--old') opts.old = resolve(argv[++i]);
    else if (argv[i] === '--new') opts.new = resolve(argv[++i]);
    else if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--skip-long') opts.long = false;
    else throw new Error(`unknown argument ${argv[i]} (--old DIR, --new DIR, --runs N, --skip-long)`);
  }
  if (!(opts.runs >= 1)) throw new Error('--runs needs a positive number');
  return opts;
}

/** Notes, in the page, when the Step button first exists. */
const MARK_INTERACTIVE = () => {
  const seen = () => {
    if (window.__interactive === undefined && document.getElementById('step-button')) {
      window.__interactive = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

/** A page in `context` with the profile's throttling (set before it navigates). */
async function throttledPage(context, profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.mbps) {
    const bytesPerSecond = (profile.mbps * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  return page;
}

/** Loads the app and returns { interactive, fcp, wasm: bytes of Wasm transferred }. */
async function loadOnce(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 120000 });
  return page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const wasm = performance.getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.wasm'))
      .reduce((n, r) => n + r.transferSize, 0);
    return { interactive: window.__interactive, fcp, wasm };
  });
}

/** First visit (empty cache) then a returning learner (same browser profile, a new
 * navigation from a blank page) under one profile. */
async function throttledLoads(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(MARK_INTERACTIVE);
  const page = await throttledPage(context, profile);
  const first = await loadOnce(page, url);
  await page.goto('about:blank');
  const returning = await loadOnce(page, url);
  await context.close();
  return { first, returning };
}

/** A page with a finished failing run, idle 2 s (the first Fix tab and the first
 * Authorization tab are measured from here). */
async function idleFailure(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(MARK_INTERACTIVE);
  const page = await throttledPage(context, { ...profile, mbps: 0 });
  await page.goto(url);
  await page.waitForSelector('#step-button', { timeout: 120000 });
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await runToEnd(page);
  await page.waitForTimeout(2000);
  return { context, page };
}

/** Ms from a click on element `id` until `selector` shows (a MutationObserver in the page). */
function clickUntil(page, id, selector) {
  return page.evaluate(([id, selector]) => new Promise((done) => {
    const t0 = performance.now();
    const shown = () => document.querySelector(selector);
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); done(performance.now() - t0); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.getElementById(id).click();
    if (shown()) { observer.disconnect(); done(performance.now() - t0); }
  }), [id, selector]);
}

/** The first Fix tab: a preset with a denial, the page idle 2 s, then the first-failure
 * link (which opens the Fix tab); ms from the click until the first fix option shows. */
async function firstFix(browser, url, profile) {
  const { context, page } = await idleFailure(browser, url, profile);
  const ms = await clickUntil(page, 'first-failure', '.fix-option');
  await context.close();
  return ms;
}

/** The first Authorization tab: as `firstFix`, then the Authorization tab; ms from its
 * click until the evaluation path's first stage shows (the tools worker draws it since
 * stop 28; the fixes' ask ahead also asks for it). */
async function firstPath(browser, url, profile) {
  const { context, page } = await idleFailure(browser, url, profile);
  await page.click('#first-failure');
  const ms = await clickUntil(page, 'tab-authorization', '.eval-stage');
  await context.close();
  return ms;
}

/** A lesson opened by a link on a first visit: ms from the page's start until its goal
 * checklist says met or not (the tools worker checks it since stop 28, so on a first
 * visit this includes the worker's download and start). */
async function firstGoal(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    new MutationObserver(() => {
      if (window.__goal === undefined && document.getElementById('goal-status')) window.__goal = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await throttledPage(context, profile);
  await page.goto(url.replace(/#.*$/, '#mode=tutorial&lesson=04-your-own-key-producer'));
  await page.waitForSelector('#goal-status', { timeout: 120000 });
  const ms = await page.evaluate(() => window.__goal);
  await context.close();
  return ms;
}

/** The unthrottled figures of one build: the engine alone, the 100,000-record run in the
 * page, frames while playing, scrolling the long timeline. */
async function longRun(browser, url, label) {
  const { page, problems, context } = await openPage(browser, url);
  await page.waitForSelector('#step-button');
  // The engine alone in Wasm (no UI): the same 100,000-record scenario through the module's
  // bench_engine export (same module instance as the app, so no second initialisation).
  const engine = await page.evaluate(async () => {
    const m = await import('./envelope-lab-web.js');
    if (!m.bench_engine) return null;
    const out = []; for (let i = 0; i < 3; i++) out.push(Array.from(m.bench_engine(10000)));
    return out;
  });
  console.log(`[${label}] engine alone in Wasm, 100,000 records ([steps, ms] x3)`, JSON.stringify(engine?.map(([s, ms]) => [s, Math.round(ms)])));
  // 100,000 records: 10,000 invocations x 10 records.
  await page.evaluate(() => {
    window.__frames = []; let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.click('g.node[data-stage="Lambda"]');
  const t0 = Date.now();
  await page.fill('#producer-invocations', '10000');
  await page.waitForFunction(() => /^Step [\d,]+ of [\d,]+$/.test(document.querySelector('#step-counter').textContent.trim()), null, { timeout: 600000 });
  const t1 = Date.now();
  // The run itself, from the app's own marks: re-simulation start (after the 300 ms typing
  // debounce) to the last slice.
  const marks = await page.evaluate(() => {
    const s = performance.getEntriesByName('envelope-lab:run-start').at(-1);
    const d = performance.getEntriesByName('envelope-lab:run-done').at(-1);
    return s && d ? d.startTime - s.startTime : null;
  });
  console.log(`[${label}] 100,000-record run in the page, start to done (ms, app marks)`, marks?.toFixed(0));
  const counterText = await page.textContent('#step-counter');
  const worstDuringRun = await page.evaluate(() => Math.max(...window.__frames));
  console.log(`[${label}] 100,000-record run (ms)`, t1 - t0, counterText, 'longest frame during the sliced run (ms)', worstDuringRun.toFixed(0));
  await page.evaluate(() => { window.__frames = []; });
  await page.selectOption('#speed-select', '100');
  await page.click('#play-button');
  await page.waitForTimeout(3000);
  await page.click('#play-button');
  const worst = await page.evaluate(() => Math.max(...window.__frames));
  console.log(`[${label}] longest frame while playing at 100 steps/s over 3 s, 100k-record trace (ms)`, worst.toFixed(0), await page.textContent('#step-counter'));
  await page.click('#end-button');
  const t2 = Date.now();
  await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForTimeout(200);
  console.log(`[${label}] rows in DOM after scrolling the full timeline`, await page.locator('.tl-row').count(), 'scroll+render (ms)', Date.now() - t2);
  console.log(`[${label}] problems`, problems);
  await context.close();
}

/** Records per second of a client-side run in the page next to the SSE run (issue [5/6]):
 * each preset with 200 invocations x 10 records, from the app's run marks. */
async function clientSideRuns(browser, url, label) {
  const { page, problems, context } = await openPage(browser, url);
  await page.waitForSelector('#step-button');
  for (const preset of ['happy-path', 'client-side-happy-path', 'client-side-caching', 'client-side-both-layers']) {
    await page.selectOption('#preset-select', preset);
    await page.click('#preset-load');
    await presetLoaded(page, preset);
    await runToEnd(page);
    await page.click('g.node[data-stage="Lambda"]');
    const before = await page.evaluate(() => performance.getEntriesByName('envelope-lab:run-done').length);
    await page.fill('#producer-invocations', '200');
    await page.waitForFunction((n) => performance.getEntriesByName('envelope-lab:run-done').length > n, before, { timeout: 600000 });
    const run = await page.evaluate(() => {
      const s = performance.getEntriesByName('envelope-lab:run-start').at(-1);
      const d = performance.getEntriesByName('envelope-lab:run-done').at(-1);
      return s && d ? d.startTime - s.startTime : null;
    });
    const records = 200 * 10;
    console.log(`[${label}] ${preset}: ${records} records in the page ${ms(run)} ms (${run ? Math.round(records / run * 1000) : '–'} records/s), ${await page.textContent('#step-counter')}`);
  }
  console.log(`[${label}] problems`, problems);
  await context.close();
}

const ms = (n) => (n === undefined || n === null ? '–' : `${Math.round(n)}`);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const builds = [{ label: 'new', dir: opts.new }];
  if (opts.old) builds.push({ label: 'old', dir: opts.old });
  for (const b of builds) {
    b.server = await serveCompressed({ '/': b.dir });
    b.url = `${b.server.url}#mode=sandbox`;
  }
  const browser = await launch();
  try {
    for (const profile of PROFILES) {
      const rows = Object.fromEntries(builds.map((b) => [b.label, []]));
      for (let run = 0; run < opts.runs; run++) {
        // Alternate which build goes first, so neither always meets a warmer machine.
        const order = run % 2 ? [...builds].reverse() : builds;
        for (const b of order) rows[b.label].push(await throttledLoads(browser, b.url, profile));
      }
      for (const b of builds) {
        const r = rows[b.label];
        console.log(`[${b.label}] ${profile.name}: interactive first visit (ms) ${r.map((x) => ms(x.first.interactive)).join(' / ')}; `
          + `returning learner ${r.map((x) => ms(x.returning.interactive)).join(' / ')}; `
          + `first contentful paint ${r.map((x) => ms(x.first.fcp)).join(' / ')}; `
          + `Wasm transferred first ${kb(r[0].first.wasm)}, returning ${kb(r[0].returning.wasm)}`);
      }
    }
    for (const profile of PROFILES.slice(0, 2)) {
      for (const b of builds) {
        const times = [];
        for (let run = 0; run < opts.runs; run++) times.push(await firstFix(browser, b.url, profile));
        console.log(`[${b.label}] first Fix tab after 2 s idle, ${profile.cpu > 1 ? `CPU x${profile.cpu}` : 'no throttling'} (ms from the click) ${times.map(ms).join(' / ')}`);
      }
    }
    for (const profile of PROFILES.slice(0, 2)) {
      for (const b of builds) {
        const times = [];
        for (let run = 0; run < opts.runs; run++) times.push(await firstPath(browser, b.url, profile));
        console.log(`[${b.label}] first Authorization tab's path after 2 s idle, ${profile.cpu > 1 ? `CPU x${profile.cpu}` : 'no throttling'} (ms from the click) ${times.map(ms).join(' / ')}`);
      }
    }
    for (const profile of PROFILES) {
      for (const b of builds) {
        const times = [];
        for (let run = 0; run < opts.runs; run++) times.push(await firstGoal(browser, b.url, profile));
        console.log(`[${b.label}] ${profile.name}: a linked lesson's goal checked, first visit (ms from navigation) ${times.map(ms).join(' / ')}`);
      }
    }
    if (opts.long) for (const b of builds) await longRun(browser, b.url, b.label);
    if (opts.long) for (const b of builds) await clientSideRuns(browser, b.url, b.label);
  } finally {
    await browser.close();
    for (const b of builds) await b.server.close();
  }
}

await main();
