// Honest small things (issue [3/6] §6): the headline keeps delivery and failed steps apart;
// no "×1 repeated"; "1 step/s"; an editor says "applied" only after an edit; an embedding
// page's `ready` counts the lesson's own run and one move posts one `denial` with the count;
// share links are short and the old ones still open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, openPage, runToEnd } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const open = (hash = '#mode=sandbox', options) => openApp(browser, `${server.url}${hash}`, options);

test('a direct call that failed does not make the delivery a failure: two facts, two marks', async () => {
  const { page, context, problems } = await open();
  await page.selectOption('#preset-select', 'reader-missing-decrypt');
  await page.click('#preset-load');
  await runToEnd(page);
  await page.waitForSelector('#run-outcome .outcome-mark');
  const outcome = (await page.textContent('#run-outcome')).replace(/\s+/g, ' ');
  assert.match(outcome, /(\d+) of \1 records? delivered/, outcome);
  assert.match(outcome, /1 step failed|(\d+) steps failed/, outcome);
  assert.equal(await page.locator('#run-outcome .outcome-mark.ok').count(), 1, 'every record was delivered');
  assert.equal(await page.locator('#run-outcome .failed-mark').count(), 1, 'a failed step is marked on its own');
  // Japanese too.
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('#run-outcome'), /ステップが失敗/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('no "×1 repeated" group while stepping or after Undo; "1 step/s"; "Valid" before an edit', async () => {
  const { page, context, problems } = await open();
  assert.equal((await page.textContent('#speed-select option[value="1"]')).trim(), '1 step/s');
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.click('g.node[data-stage="Lambda"]');
  await page.fill('#producer-invocations', '40');
  await runToEnd(page);
  await page.waitForSelector('.tl-group');
  const ones = () => page.locator('.tl-group .c-n').evaluateAll((els) => els.map((e) => e.textContent).filter((t) => /×1$/.test(t)));
  await page.click('#reset-button');
  for (let i = 0; i < 30; i++) {
    await page.click('#step-button');
    assert.deepEqual(await ones(), [], `step ${i + 1}`);
  }
  await page.click('#undo-button');
  await runToEnd(page);
  assert.deepEqual(await ones(), [], 'after Undo');
  // An editor nobody typed into is valid, not "applied".
  await page.click('g.node[data-stage="KinesisKey"]');
  const status = await page.textContent('#key-policy-KinesisKey-status');
  assert.match(status, /Valid/);
  assert.doesNotMatch(status, /applied/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A page that embeds the app and records its messages. */
async function embedding(hash) {
  const { page, context, problems } = await openPage(browser, `${server.url}embed-example.html`);
  await page.evaluate((src) => {
    window.got = [];
    addEventListener('message', (e) => { if (e.data?.source === 'envelope-lab' && e.source === document.getElementById('lab3')?.contentWindow) window.got.push(e.data); });
    const f = document.createElement('iframe');
    f.id = 'lab3';
    f.style.width = '700px';
    f.style.height = '500px';
    f.src = src;
    document.body.appendChild(f);
  }, `index.html${hash}`);
  return { page, context, problems, frame: page.frameLocator('#lab3') };
}

test("an embedding page's ready counts the lesson's run; a jump over many failures posts one denial with the count", async () => {
  const { page, context, problems, frame } = await embedding('#embed=1&mode=tutorial&lesson=05-consumer-side-firehose');
  await frame.locator('#lesson-panel[data-lesson="05-consumer-side-firehose"]').waitFor();
  await page.waitForFunction(() => window.got.some((m) => m.type === 'ready'));
  await page.waitForTimeout(500);
  const got = await page.evaluate(() => window.got);
  const ready = got.filter((m) => m.type === 'ready');
  assert.equal(ready.length, 1, 'one ready');
  const total = Number((await frame.locator('#pane-simulator').textContent()).match(/\/([\d,]+)/)[1].replace(/,/g, ''));
  assert.equal(ready[0].steps, total, `ready counts lesson 5's run (${total} steps)`);
  // Run to the end in one move: one denial message, with the count of failed steps.
  await page.evaluate(() => { window.got = []; document.getElementById('lab3').contentWindow.postMessage({ type: 'step', count: 100000 }, '*'); });
  await page.waitForFunction(() => window.got.some((m) => m.type === 'step'));
  await page.waitForTimeout(300);
  const denials = (await page.evaluate(() => window.got)).filter((m) => m.type === 'denial');
  assert.equal(denials.length, 1, `one denial message, not ${denials.length}`);
  assert.ok(denials[0].count > 1, `with the count: ${JSON.stringify(denials[0])}`);
  assert.ok(denials[0].code && denials[0].step >= 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('share links are short, and a link in the first format still opens', async () => {
  const { page, context, problems } = await open();
  await page.click('g.node[data-stage="Bucket"]');
  await page.click('#bucket-key');
  await page.click('#share-button');
  const link = page.url();
  assert.ok(link.length < 600, `an edited default scenario's link is ${link.length} characters`);
  const scenario = await page.evaluate(() => JSON.parse(localStorage.getItem('envelope-lab:v1')).scenario);
  await context.close();
  // The new link opens the same scenario.
  const again = await openApp(browser, link);
  await again.page.click('#mode-sandbox');
  await again.page.click('g.node[data-stage="Bucket"]');
  assert.equal(await again.page.isChecked('#bucket-key'), scenario.buckets[0].default_encryption.bucket_key);
  await again.context.close();
  // A v1 link (the whole scenario in base64url) still opens.
  const v1 = `${server.url}#s=v1.${Buffer.from(JSON.stringify(scenario)).toString('base64url')}&mode=sandbox`;
  const old = await openApp(browser, v1);
  await old.page.click('g.node[data-stage="Bucket"]');
  assert.equal(await old.page.isChecked('#bucket-key'), scenario.buckets[0].default_encryption.bucket_key);
  assert.equal(await old.page.locator('.notices .notice.warn').count(), 0);
  assert.deepEqual([...problems, ...again.problems, ...old.problems], []);
  await old.context.close();
});
