// Nothing lost (issue [3/6] §1): a share link — bad or good — never overwrites the work
// saved in this browser; a lesson's link keeps its lesson through share, reload and the
// next lesson; Back and Forward move between the places the learner went.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, screenshot } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SAVED = 'envelope-lab:v1';
/** The work in a saved document: scenario, seed, step and preset (the language may follow
 * a link's `lang=`, a preference, not work). */
const work = (text) => {
  const { scenario, seed, step, preset } = JSON.parse(text);
  return { scenario, seed, step, preset };
};
const savedWork = async (page) => work(await page.evaluate((k) => localStorage.getItem(k), SAVED));

/** A browser with work saved: the default scenario with the Bucket Key switched off. */
async function withSavedWork() {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`);
  await page.click('g.node[data-stage="Bucket"]');
  await page.waitForSelector('#bucket-key');
  const before = await page.isChecked('#bucket-key');
  await page.click('#bucket-key');
  await page.waitForFunction((b) => document.querySelector('#bucket-key')?.checked === !b, before);
  await page.waitForFunction(([k, b]) => {
    const saved = JSON.parse(localStorage.getItem(k) ?? 'null');
    return saved && saved.scenario.buckets[0].default_encryption.bucket_key === !b;
  }, [SAVED, before]);
  const saved = await page.evaluate((k) => localStorage.getItem(k), SAVED);
  return { page, context, problems, saved, bucketKey: !before };
}

const BAD = ['s=v1.!!!', 's=v1.bm90IGpzb24', 's=v9.abc', `s=v1.${Buffer.from('{"version":1,"keys":7}').toString('base64url')}`];

test('a bad link in a fresh tab shows its error (en and ja) and leaves the saved work as it was', async () => {
  const { page, context, problems, saved } = await withSavedWork();
  for (const [bad, lang, words] of [[BAD[0], 'en', /link/i], [BAD[1], 'ja', /リンク/], [BAD[2], 'en', /newer/i], [BAD[3], 'ja', /リンク/]]) {
    const tab = await context.newPage();
    await tab.goto(`${server.url}#${bad}&mode=sandbox&lang=${lang}`);
    await tab.waitForSelector('#step-button');
    const notice = await tab.textContent('.notices .notice.warn');
    assert.match(notice, words, `${bad}: ${notice}`);
    await tab.waitForTimeout(300);
    assert.deepEqual(await savedWork(tab), work(saved), `${bad} kept the saved work`);
    await tab.close();
  }
  // The first tab still shows and keeps the work.
  await page.reload();
  await page.waitForSelector('#step-button');
  assert.deepEqual(await savedWork(page), work(saved));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad link opened in the page changes nothing and Undo still works', async () => {
  const { page, context, problems, saved, bucketKey } = await withSavedWork();
  assert.equal(await page.isEnabled('#undo-button'), true);
  await page.evaluate(() => { location.hash = 's=v1.!!!&mode=sandbox'; });
  await page.waitForSelector('.notices .notice.warn');
  assert.equal(await page.isChecked('#bucket-key'), bucketKey, 'the scenario is the one being worked on');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), SAVED), saved);
  assert.equal(await page.isEnabled('#undo-button'), true, 'Undo still works');
  await page.click('#undo-button');
  await page.waitForFunction((b) => document.querySelector('#bucket-key')?.checked === b, !bucketKey);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a good link opens as its own state; the saved work is kept and one click goes back to it', async () => {
  // The link: the "bucket-key" preset, shared from another browser.
  const other = await openApp(browser, `${server.url}#mode=sandbox`);
  await other.page.selectOption('#preset-select', { index: 2 });
  await other.page.click('#preset-load');
  await other.page.waitForFunction(() => !/Simulating/.test(document.querySelector('#step-counter')?.textContent ?? ''));
  await other.page.click('#share-button');
  const link = other.page.url();
  const linked = await other.page.evaluate(() => JSON.stringify(JSON.parse(localStorage.getItem('envelope-lab:v1')).scenario));
  assert.match(link, /#s=/);
  await other.context.close();

  const { page, context, problems, saved } = await withSavedWork();
  const tab = await context.newPage();
  await tab.goto(link);
  await tab.waitForSelector('#link-opened');
  assert.match(await tab.textContent('#link-opened'), /saved work is kept/);
  await tab.waitForTimeout(300);
  assert.equal(await tab.evaluate((k) => localStorage.getItem(k), SAVED), saved, 'the link did not overwrite the saved work');
  await screenshot(tab, 'link-opened.png');
  // Back to the saved work.
  await tab.click('#link-back');
  await tab.waitForSelector('#link-opened', { state: 'detached' });
  await tab.click('g.node[data-stage="Bucket"]');
  const savedDoc = JSON.parse(saved);
  await tab.waitForFunction((b) => document.querySelector('#bucket-key')?.checked === b, savedDoc.scenario.buckets[0].default_encryption.bucket_key);
  assert.doesNotMatch(tab.url(), /#s=/, 'the address no longer holds the link');
  assert.notEqual(linked, JSON.stringify(savedDoc.scenario));
  await tab.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link made in a lesson carries the lesson; the lesson follows into the address and through reload', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=tutorial&lesson=01-pipeline-in-the-clear`);
  await page.waitForSelector('#lesson-panel[data-lesson]');
  await page.selectOption('#lesson-select', '04-your-own-key-producer');
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  await page.waitForFunction(() => location.hash.includes('lesson=04-your-own-key-producer'));
  await page.click('#share-button');
  const link = page.url();
  assert.match(link, /lesson=04-your-own-key-producer/);
  // A fresh browser shows lesson 4 over lesson 4's scenario.
  const fresh = await openApp(browser, link);
  await fresh.page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  assert.match(await fresh.page.textContent('#lesson-title'), /4\./);
  await fresh.context.close();
  // Another lesson changes the address; a reload stays on it.
  await page.selectOption('#lesson-select', '05-consumer-side-firehose');
  await page.waitForFunction(() => location.hash.includes('lesson=05-consumer-side-firehose'));
  await page.reload();
  await page.waitForSelector('#lesson-panel[data-lesson="05-consumer-side-firehose"]');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Back and Forward move between the modes and lessons the learner went to', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=tutorial&lesson=01-pipeline-in-the-clear`);
  await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
  await page.selectOption('#lesson-select', '02-kinesis-sse-aws-managed-key');
  await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
  await page.waitForFunction(() => location.hash.includes('lesson=02'));
  await page.click('#mode-sandbox');
  await page.waitForSelector('#preset-select');
  await page.waitForFunction(() => location.hash.includes('mode=sandbox'));
  await page.click('#mode-playground');
  await page.waitForFunction(() => location.hash.includes('mode=playground'));

  await page.goBack();
  await page.waitForSelector('#preset-select');
  await page.goBack();
  await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
  await page.goBack();
  await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
  assert.match(page.url(), /^http:\/\/127\.0\.0\.1/, 'Back stays in the app');
  await page.goForward();
  await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
  await page.goForward();
  await page.waitForSelector('#preset-select');
  assert.deepEqual(problems, []);
  await context.close();
});
