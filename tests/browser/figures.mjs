// Figures (benchmarks, not tests): load timing, a 100,000-record run, longest frame while playing.
import { serveDist, launch, openPage } from './lib/harness.mjs';
const server = await serveDist(); const browser = await launch();
const { page, problems } = await openPage(browser, `${server.url}#mode=sandbox`);
await page.waitForSelector('#step-button');
const load = await page.evaluate(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { fcp: fcp?.startTime, domContentLoaded: nav.domContentLoadedEventEnd };
});
// "interactive": the time the Step button exists and the page answers a click.
const interactive = await page.evaluate(() => performance.now());
console.log('first contentful paint (ms)', load.fcp?.toFixed(0), 'interactive (ms, Step button present)', interactive.toFixed(0));
// The engine alone in Wasm (no UI): the same 100,000-record scenario through the module's
// bench_engine export (same module instance as the app, so no second initialisation).
const engine = await page.evaluate(async () => {
  const m = await import('./envelope-lab-web.js');
  const out = []; for (let i = 0; i < 3; i++) out.push(Array.from(m.bench_engine(10000)));
  return out;
});
console.log('engine alone in Wasm, 100,000 records ([steps, ms] x3)', JSON.stringify(engine.map(([s, ms]) => [s, Math.round(ms)])));
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
console.log('100,000-record run in the page, start to done (ms, app marks)', marks?.toFixed(0));
const counterText = await page.textContent('#step-counter');
const worstDuringRun = await page.evaluate(() => Math.max(...window.__frames));
console.log('100,000-record run (ms)', t1 - t0, counterText, 'longest frame during the sliced run (ms)', worstDuringRun.toFixed(0));
await page.evaluate(() => { window.__frames = []; });
await page.selectOption('#speed-select', '100');
await page.click('#play-button');
await page.waitForTimeout(3000);
await page.click('#play-button');
const worst = await page.evaluate(() => Math.max(...window.__frames));
console.log('longest frame while playing at 100 steps/s over 3 s, 100k-record trace (ms)', worst.toFixed(0), await page.textContent('#step-counter'));
await page.click('#end-button');
const t2 = Date.now();
await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
await page.waitForTimeout(200);
console.log('rows in DOM after scrolling the full timeline', await page.locator('.tl-row').count(), 'scroll+render (ms)', Date.now() - t2);
console.log('problems', problems);
await browser.close(); await server.close();
