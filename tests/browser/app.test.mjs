// The first page: loads cleanly, shows the product, and the Step button moves it on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, screenshot } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the page loads with no console error or failed request and shows the pipeline', async () => {
  const { page, context, problems } = await openPage(browser, server.url);
  await page.waitForSelector('.app');
  assert.equal(await page.title(), 'Envelope Lab');
  assert.match(await page.textContent('h1'), /Envelope Lab/);
  const diagram = page.locator('svg.diagram');
  await diagram.waitFor();
  const labels = await diagram.locator('.node-title').allTextContents();
  for (const name of ['Lambda (producer)', 'Kinesis data stream', 'Firehose stream', 'S3 bucket', 'KMS key']) {
    assert.ok(labels.includes(name), `diagram shows ${name}: ${labels}`);
  }
  await screenshot(page, 'first-page.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('README screenshot: the default scenario at the Kinesis GenerateDataKey, Authorization tab open (UPDATE_SCREENSHOTS=1 writes docs/screenshot.png)', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#step=8`, { viewport: { width: 1280, height: 1440 }, colorScheme: 'light' });
  await page.waitForSelector('.tl-row.current');
  assert.match(await page.textContent('.tl-row.current'), /GenerateDataKey/);
  await page.click('.tl-row.current');
  await page.click('#tab-authorization');
  await page.waitForSelector('#tab-panel .authz');
  // The evaluation path comes from the policy tools worker.
  await page.waitForSelector('#tab-panel .eval-stage', { timeout: 30000 });
  assert.match(await page.textContent('#tab-panel'), /kms:ViaService/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'readme-screenshot.png');
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: new URL('../../docs/screenshot.png', import.meta.url).pathname, fullPage: false });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the CloudTrail tab shows the KMS guide\'s current event shape and what of it is modelled', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#step=8`);
  await page.waitForSelector('.tl-row.current');
  assert.match(await page.textContent('.tl-row.current'), /GenerateDataKey/);
  await page.click('.tl-row.current');
  await page.click('#tab-cloudtrail');
  await page.waitForSelector('#tab-panel .cloudtrail-note');
  const event = JSON.parse(await page.textContent('#tab-panel pre.json'));
  assert.equal(event.eventVersion, '1.11');
  assert.match(event.additionalEventData.keyMaterialId, /^[0-9a-f]{64}$/);
  assert.equal(event.userIdentity.invokedBy, 'kinesis.amazonaws.com');
  assert.match(await page.textContent('#tab-panel .cloudtrail-note'), /Modelled: .*invokedBy.*keyMaterialId/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking Step changes the page', async () => {
  const { page, context, problems } = await openPage(browser, server.url);
  await page.waitForSelector('#step-button');
  // The first scenario's run is ready (a click while it is still being set up is not the
  // behaviour under test).
  await page.waitForFunction(() => /^Step 0 of [\d,]+$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
  const before = await page.textContent('.step-counter');
  const activeBefore = await page.locator('.node.active').count();
  await page.click('#step-button');
  // The re-render after the click is asynchronous: wait for it, then count.
  await page.waitForFunction((b) => document.querySelector('.step-counter')?.textContent !== b, before);
  await page.waitForSelector('.tl-row');
  const after = await page.textContent('.step-counter');
  assert.notEqual(after, before);
  assert.equal(activeBefore, 0);
  assert.equal(await page.locator('.tl-row').count(), 1);
  await screenshot(page, 'after-step.png');
  assert.deepEqual(problems, []);
  await context.close();
});
