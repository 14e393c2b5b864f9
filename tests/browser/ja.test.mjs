// The Japanese UI has no English prose: every visible text (and every title/aria-label/
// placeholder) in the main views, in Japanese, either contains Japanese or has no run of
// three English words once what AWS's Japanese documentation also leaves in English is
// taken out (API names, error codes, AWS error message texts, ARNs, JSON, policy elements);
// and no Japanese text carries a run of five English words outside quotes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const JAPANESE = /[ぁ-んァ-ヶー一-龯]/;
const ENGLISH_RUN = /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}/;
const LONG_ENGLISH_RUN = /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){4,}/;
// Exact AWS error message texts, which stay English in the Japanese UI (as the services
// return them).
const AWS_MESSAGES = [
  /is not authorized to perform: \S+ on resource: \S+/,
  /You have exceeded the rate at which you may call KMS/,
  /^Key '[^']*' does not exist$/,
  /\S+ is (disabled|pending deletion)\.?$/,
  /The role defined for the function cannot be assumed by Lambda/,
  /Access was denied\. Ensure that the trust policy/,
];
// Names that are English everywhere (the product, example names).
const NAMES = /Envelope Lab|English/g;

/** The texts on the page that are English prose. */
async function englishProse(page) {
  const texts = await page.evaluate(() => {
    const out = [];
    // Code, and text marked as English (the titles of the AWS pages a lesson cites).
    const code = (el) => el.closest('pre, code, textarea, script, style, [lang="en"]');
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el && !code(el) && shown(el)) out.push(n.textContent);
    }
    // Sentences split over several elements, and the texts only assistive technology or a
    // tooltip shows.
    for (const el of document.querySelectorAll('p, li, label, button, h1, h2, h3, h4, summary, th, td')) {
      if (!code(el) && shown(el)) out.push(el.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const a of ['title', 'aria-label', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    return out;
  });
  const bad = new Set();
  for (const raw of texts) {
    const t = raw.replace(/\s+/g, ' ').trim();
    if (!t) continue;
    if (JAPANESE.test(t)) {
      // A Japanese sentence with an English one inside (quoted text aside).
      const rest = t.replace(/arn:\S+/g, '').replace(/"[^"]*"|「[^」]*」|`[^`]*`/g, '');
      if (LONG_ENGLISH_RUN.test(rest)) bad.add(t);
      continue;
    }
    if (AWS_MESSAGES.some((m) => m.test(t))) continue;
    if (/^[{[]/.test(t)) continue; // a JSON body (CloudTrail event, log record)
    const rest = t.replace(NAMES, '').replace(/arn:\S+/g, '').replace(/"[^"]*"/g, '');
    if (ENGLISH_RUN.test(rest)) bad.add(t);
  }
  return [...bad];
}

async function expectJapanese(page, where) {
  const bad = await englishProse(page);
  assert.deepEqual(bad, [], `English prose in the Japanese UI (${where})`);
}

test('the Japanese sandbox, timeline tabs, settings, panels and playground have no English prose', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#lang=ja&mode=sandbox`);
  await page.waitForSelector('#step-button');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  await expectJapanese(page, 'start');
  // Kinsoku: no line starts with ー or a small kana (issue 20 §6: キ/ーポリシー at 390 px).
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main')).lineBreak), 'strict');
  await page.waitForFunction(() => !/Simulating|シミュレーション中/.test(document.querySelector('#step-counter')?.textContent ?? ''));
  await page.click('#end-button');
  await page.waitForFunction(() => /ステップ ([\d,]+) \/ \1$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
  await expectJapanese(page, 'end of the run');

  // The AssumeRole (a trust policy), a GenerateDataKey (key policy, envelope), a PutObject.
  // Rows are picked by step (clicking a row makes it current and the list follows it, so
  // the n-th rendered row moves under the pointer).
  for (const i of [0, 8, 'last']) {
    await page.locator('#timeline-list').evaluate((el, top) => { el.scrollTop = top ? 0 : el.scrollHeight; }, i !== 'last');
    await (i === 'last' ? page.locator('.tl-row').last() : page.locator(`.tl-row[data-step="${i}"]`)).click();
    await page.waitForSelector('#step-details');
    for (const tab of ['request', 'authorization', 'envelope', 'cloudtrail']) {
      await page.click(`#tab-${tab}`);
      await expectJapanese(page, `timeline row ${i}, ${tab} tab`);
    }
  }

  // A modelled step's note: no space after 「。」 (issue 20 §6).
  await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = 0; });
  await page.locator('.tl-row[data-step="8"]').click();
  await page.waitForSelector('#step-details');
  const notes = await page.locator('.model-note').allTextContents();
  assert.ok(notes.length > 0, 'the PutRecord step carries a modelled note');
  for (const note of notes) assert.doesNotMatch(note, /。 /, note);

  for (const stage of ['Lambda', 'Stream', 'Firehose', 'Bucket', 'KinesisKey', 'ProducerRole']) {
    await page.click(`g.node[data-stage="${stage}"]`);
    await page.waitForSelector('#inspector-close');
    await expectJapanese(page, `settings of ${stage}`);
  }
  await page.click('#inspector-close');
  // Clicking a row made its step current: to the end (if not there), where the bucket
  // holds objects.
  if (await page.isEnabled('#end-button')) await page.click('#end-button');

  for (const panel of ['objects', 'logs', 'cost']) {
    await page.click(`#panel-${panel}`);
    if (panel === 'objects') await page.locator('.open-object').first().click();
    await expectJapanese(page, `${panel} panel`);
  }

  await page.click('#mode-playground');
  await page.waitForSelector('#pg-example');
  const examples = await page.locator('#pg-example option').evaluateAll((os) => os.map((o) => o.value));
  for (const v of examples) {
    await page.selectOption('#pg-example', v);
    await expectJapanese(page, `playground example ${v}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a denied step explains itself in Japanese (authorization tab, deciding rule, policy names)', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#lang=ja&mode=sandbox`);
  await page.waitForSelector('#step-button');
  await page.selectOption('#preset-select', 'lambda-role-trust-denied');
  await page.click('#preset-load');
  await page.waitForFunction(() => /^ステップ 0 \/ \d+$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
  await page.click('#end-button');
  await page.waitForFunction(() => /ステップ ([\d,]+) \/ \1$/.test(document.querySelector('#step-counter')?.textContent.trim() ?? ''));
  const denied = page.locator('.tl-row.denied').first();
  await denied.click();
  for (const tab of ['request', 'authorization']) {
    await page.click(`#tab-${tab}`);
    await expectJapanese(page, `denied AssumeRole, ${tab} tab`);
  }
  assert.match(await page.textContent('#tab-panel'), /DataSourceLambdaRole の信頼ポリシー/);
  await expectJapanese(page, 'undo title after loading a preset');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Japanese tutorial: a lesson with hints, solution and quiz, and the practice exam', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#lang=ja&mode=tutorial&lesson=04-your-own-key-producer`);
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  await page.waitForSelector('#goal-status');
  await expectJapanese(page, 'lesson 4');
  while (await page.locator('#hint-button').count() > 0) await page.click('#hint-button');
  await page.click('#solution-button');
  await page.check('#q-l04-q1-3');
  await page.click('#question-l04-q1 .check-answer');
  await page.check('#q-l04-q2-1');
  await page.click('#question-l04-q2 .check-answer');
  await page.waitForSelector('#question-l04-q2 .answer-result');
  await expectJapanese(page, 'lesson 4 with hints, solution and answers');
  await page.click('#apply-solution');
  await page.waitForSelector('#goal-status[data-met="true"]');
  await expectJapanese(page, 'lesson 4 solved (undo title)');
  await page.click('#practice-toggle');
  await page.waitForSelector('.practice .question');
  await expectJapanese(page, 'practice exam');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Japanese: the summary bar, the Fix tab, the cause, the evaluation path, grouped retries and the playground fixes have no English prose', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#lang=ja&mode=sandbox`);
  await page.waitForSelector('#step-button');
  for (const preset of ['producer-missing-generate-data-key', 'firehose-source-missing-decrypt', 'kinesis-key-disabled', 'explicit-deny', 'kms-throttling']) {
    await page.selectOption('#preset-select', preset);
    await page.click('#preset-load');
    await page.waitForSelector('#first-failure');
    await expectJapanese(page, `${preset}: summary bar and timeline`);
    await page.click('#first-failure');
    await page.locator('.fix-option, #fix-status').first().waitFor();
    await page.waitForFunction(() => !/計算しています/.test(document.querySelector('#fix-status')?.textContent ?? ''));
    await expectJapanese(page, `${preset}: Fix tab`);
    await page.click('#tab-authorization');
    // The evaluation path comes from the policy tools worker.
    await page.waitForFunction(() => !document.querySelector('.eval-path[aria-busy="true"]'), null, { timeout: 30000 });
    await expectJapanese(page, `${preset}: Authorization tab with the evaluation path`);
    if (await page.locator('.tl-group').count()) {
      await page.locator('.tl-group').first().click();
      await expectJapanese(page, `${preset}: an open group`);
    }
  }
  await page.click('#mode-playground');
  await page.selectOption('#pg-example', '3');
  await page.waitForSelector('#pg-fixes');
  await expectJapanese(page, 'playground fixes');
  await page.fill('#pg-key-policy', '{ "Version": ');
  await page.waitForSelector('#pg-outdated');
  await expectJapanese(page, 'playground outdated');
  assert.deepEqual(problems, []);
  await context.close();
});
