// Every key (issue [3/6] §5): the timeline is one tab stop with arrow keys inside; `n`
// moves the focus to the failure it opens; a sandbox fix is reached and applied with a
// bounded number of Tabs and the focus moves to the re-run's outcome; the CloudFormation
// import report takes the focus, keeps it, closes on Escape and gives it back; "Start
// lesson 1" moves the focus to the lesson; the file buttons show a focus ring.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, runToEnd, root, screenshot } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el?.id ?? '', tag: el?.tagName ?? '', cls: el?.className ?? '', inList: !!el?.closest('#timeline-list'),
    inDetails: !!el?.closest('#step-details'), step: el?.closest('[data-step]')?.dataset.step ?? null };
});

test('a keyboard-only sandbox fix: n opens the failure with the focus on it, Apply is a few Tabs away, the focus moves to the outcome', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`);
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await runToEnd(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // r back to the start, n to the first failure.
  await page.keyboard.press('r');
  await page.keyboard.press('n');
  await page.waitForSelector('#step-details #fixes .fix-apply');
  const opened = await active(page);
  assert.ok(opened.inDetails, `the focus is on the failure n opened: ${JSON.stringify(opened)}`);
  let tabs = 0;
  while (!(await page.evaluate(() => document.activeElement?.classList.contains('fix-apply'))) && tabs < 30) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  assert.ok(tabs <= 12, `Apply reached in ${tabs} Tabs`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'run-outcome');
  await page.waitForSelector('#run-outcome .outcome-mark');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the timeline is one tab stop; arrow keys move inside it', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&step=21`);
  await page.waitForSelector('.tl-row[data-step="20"]');
  await page.focus('#next-failure').catch(() => {});
  await page.focus('#group-steps');
  // From the timeline's tools, Tab enters the list once …
  let tabs = 0;
  while (!(await active(page)).inList && tabs < 6) { await page.keyboard.press('Tab'); tabs += 1; }
  const first = await active(page);
  assert.ok(first.inList, 'Tab reaches the timeline');
  const stops = await page.locator('#timeline-list [tabindex="0"], #timeline-list button:not([tabindex])').count();
  assert.equal(stops, 1, 'one row is a tab stop');
  // … arrows move between rows …
  await page.keyboard.press('ArrowUp');
  const up = await active(page);
  assert.ok(up.inList && up.step !== first.step, `ArrowUp moved: ${first.step} → ${up.step}`);
  await page.keyboard.press('Home');
  assert.equal((await active(page)).step, '0');
  await page.keyboard.press('End');
  assert.equal((await active(page)).step, '20');
  // … without stepping the simulation.
  assert.match(await page.textContent('#step-counter'), /Step 21 of 21/);
  // One more Tab leaves the list.
  await page.keyboard.press('Tab');
  assert.equal((await active(page)).inList, false, 'the next Tab leaves the timeline');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the CloudFormation import report takes the focus, keeps it, closes on Escape and gives it back', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`);
  const files = ['main.yaml', 'kms.yaml', 'kinesis.yaml', 'lambda.yaml'].map((name) => ({
    name, mimeType: 'application/x-yaml', buffer: readFileSync(join(root, 'engine', 'tests', 'cfn', 'seed', name)),
  }));
  await page.focus('#cfn-import-input');
  await page.setInputFiles('#cfn-import-input', files);
  await page.waitForSelector('#cfn-title');
  await page.waitForFunction(() => !!document.activeElement?.closest('.cfn-dialog'));
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.cfn-dialog')), `Tab ${i} stayed in the dialog`);
  }
  await screenshot(page, 'keys-cfn-report.png');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#cfn-title', { state: 'detached' });
  assert.equal((await active(page)).id, 'cfn-import-input', 'the focus is back on the button that opened it');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Start lesson 1 moves the focus to the lesson; Import buttons show a focus ring', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}`);
  await page.waitForSelector('#welcome');
  while (await page.locator('#welcome-next').count() > 0) await page.click('#welcome-next');
  await page.focus('#welcome-start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'lesson-title');
  // The file inputs are hidden; their labels are the buttons and show the ring.
  await page.click('#mode-sandbox');
  await page.focus('#share-button');
  let ring = null;
  for (let i = 0; i < 6 && ring === null; i++) {
    await page.keyboard.press('Tab');
    ring = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el.type !== 'file') return null;
      const label = document.querySelector(`label[for="${el.id}"]`);
      const s = getComputedStyle(label);
      return { id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
  }
  assert.ok(ring, 'Tab reached a file button');
  assert.notEqual(ring.outline, 'none', `${ring.id}: focus ring`);
  assert.ok(ring.width >= 2, `${ring.id}: focus ring width`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard only: lesson 1 from the welcome to "completed", with a bounded number of Tabs', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}`);
  await page.waitForSelector('#welcome');
  let tabs = 0;
  /** Presses Tab until the element with this id has the focus (at most `max` times). */
  const tabTo = async (id, max = 40) => {
    for (let i = 0; i <= max; i++) {
      if (await page.evaluate(() => document.activeElement?.id) === id) { tabs += i; return; }
      await page.keyboard.press('Tab');
    }
    assert.fail(`${id} not reached in ${max} Tabs`);
  };
  while (await page.locator('#welcome-next').count() > 0) {
    await tabTo('welcome-next');
    await page.keyboard.press('Enter');
  }
  await tabTo('welcome-start');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'lesson-title');
  // The lesson's editor holds the Firehose stream: remove its KMS encryption setting.
  await tabTo('lesson-editor-0', 60);
  const stream = JSON.parse(await page.inputValue('#lesson-editor-0'));
  delete stream.encryption;
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify(stream, null, 2));
  await page.waitForSelector('#goal-status[data-met="true"]');
  await page.waitForSelector('#lesson-completion[data-completed="true"]');
  assert.ok(tabs <= 60, `${tabs} Tabs from the welcome to the lesson's editor`);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
