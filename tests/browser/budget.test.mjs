// No scenario can kill the tab: the reproducers that ran for millions of steps (or never
// ended) are imported as a learner would; the page keeps answering while it simulates,
// stops at its budget and says what was cut, in English and Japanese; a time past the
// representable range is refused with its line and column, keeping the learner's scenario.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openPage, screenshot, root } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const repro = (name) => readFileSync(join(root, 'engine/tests/repro', name));

async function importFile(page, name, buffer) {
  await page.setInputFiles('#import-input', { name, mimeType: 'application/json', buffer });
}

const counter = (page) => page.textContent('#step-counter').then((t) => t.trim());

/** Waits for the run to finish while checking the page keeps answering: the longest
 * wait for an evaluation during the run, in ms. */
async function finishWhileResponsive(page) {
  let worst = 0;
  for (;;) {
    const t0 = Date.now();
    const text = await page.evaluate(() => document.querySelector('#step-counter')?.textContent ?? '');
    worst = Math.max(worst, Date.now() - t0);
    if (!/Simulating|シミュレーション中/.test(text)) return worst;
    await page.waitForTimeout(100);
  }
}

test('an event a century out while Firehose keeps failing: the run stops at the 400-day horizon and says so', async () => {
  for (const file of ['run-unbounded-retries.json', 'run-unbounded-retries-106751d.json']) {
    const { page, context, problems } = await openPage(browser, `${server.url}#mode=sandbox`, { viewport: { width: 1440, height: 900 } });
    await page.waitForSelector('#step-button');
    await importFile(page, file, repro(file));
    await page.waitForFunction(() => /Scenario imported/.test(document.querySelector('.notices')?.textContent ?? ''));
    const worst = await finishWhileResponsive(page);
    assert.ok(worst < 1000, `${file}: the page answered within ${worst} ms while simulating`);
    const notice = await page.textContent('#budget-notice');
    assert.match(notice, /The run stopped at its simulated horizon, 400 days after the start \(2025-05-01T10:57:58Z\)/);
    assert.match(notice, /1 scheduled event\(s\) after it \(the first at 2[123]\d\d-/);
    assert.match(notice, /Move the events earlier/);
    assert.match(await counter(page), /^Step 0 of [\d,]+$/);
    // The learner can step through what did run.
    await page.click('#step-button');
    assert.match(await counter(page), /^Step 1 of /);
    if (file === 'run-unbounded-retries.json') {
      await screenshot(page, 'budget-horizon-en-1440.png');
      await page.selectOption('#lang-select', 'ja');
      const ja = await page.textContent('#budget-notice');
      assert.match(ja, /実行は、開始から 400 日後のシミュレーション期間の上限 \(2025-05-01T10:57:58Z\) で停止しました/);
      assert.match(ja, /イベントの時刻を早めてください/);
      await screenshot(page, 'budget-horizon-ja-1440.png');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'budget-horizon-ja-390.png');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at 390 px (${overflow} px)`);
      // On a phone the language is in the top bar's menu.
      await page.click('#menu-toggle');
      await page.selectOption('#lang-select', 'en');
      await page.click('#menu-toggle');
      await screenshot(page, 'budget-horizon-en-390.png');
    }
    assert.deepEqual(problems, [], file);
    await context.close();
  }
});

test('a run past the step budget stops at 1,500,000 steps and says how to make it smaller', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=sandbox`);
  await page.waitForSelector('#step-button');
  // The seed stack (this reproducer without its event) with 2,000,000 records.
  const scenario = JSON.parse(repro('run-event-beyond-date-range.json').toString('utf8'));
  scenario.events = [];
  scenario.producers[0].invocations = 20;
  scenario.producers[0].records_per_invocation = 100000;
  scenario.producers[0].record_spacing = '1ms';
  await importFile(page, 'big.json', Buffer.from(JSON.stringify(scenario)));
  const worst = await finishWhileResponsive(page);
  assert.ok(worst < 1000, `the page answered within ${worst} ms while simulating`);
  const notice = await page.textContent('#budget-notice');
  assert.match(notice, /The run stopped at its budget of 1,500,000 steps, at simulated time \d{4}-/);
  assert.match(notice, /Lower the producers' invocations or records per invocation/);
  const total = Number(/^Step 0 of ([\d,]+)$/.exec(await counter(page))?.[1]?.replaceAll(',', ''));
  assert.ok(total >= 1_500_000 && total < 1_500_600, `${total} steps`);
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('#budget-notice'), /ステップ数の上限 \(1,500,000 ステップ\) に達したため/);
  await screenshot(page, 'budget-steps-ja.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an event past 9999-12-31 is refused at its line and column; the scenario is kept', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=sandbox`);
  await page.waitForSelector('#step-button');
  const before = await counter(page);
  await importFile(page, 'far.json', repro('run-event-beyond-date-range.json'));
  await page.waitForFunction(() => /Import failed/.test(document.querySelector('.notices')?.textContent ?? ''));
  const text = await page.textContent('.notices');
  assert.match(text, /line 285, column 4 \(events\[0\]\.at\): "100000000d" is after 9999-12-31T23:59:59Z/);
  assert.equal(await counter(page), before, 'the run shown is the one before');
  assert.equal(await page.locator('#budget-notice').count(), 0);
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('.notices'), /285 行 4 列 \(events\[0\]\.at\): "100000000d" は 9999-12-31T23:59:59Z より後の時刻です/);
  assert.deepEqual(problems, []);
  await context.close();
});
