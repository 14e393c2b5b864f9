// The learner's path through the course (issue 13): a first visit's welcome that leads into
// lesson 1, the goal met, what the lesson taught and the next lesson; opening a lesson always
// shows its own scenario (and the learner's work on it); a returning learner resumes; links
// and embeds keep control; completion is shown only when true; quizzes in a per-learner
// order with the lesson text's markup; the JSON editors' line numbers, AWS names and
// located errors; the split view on a desktop and on a phone. English and Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage, screenshot } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const lessonFile = async (name) => JSON.parse(await readFile(new URL(`../../lessons/${name}.json`, import.meta.url), 'utf8'));

/** The stream node's status line in the diagram (its SSE state and records). */
const streamStatus = (page) => page.locator('g.node[data-stage="Stream"]').textContent();

/** Completes lesson 1 by editing: the Firehose stream loses its KMS encryption setting. */
async function completeLesson1(page) {
  const stream = JSON.parse(await page.inputValue('#lesson-editor-0'));
  delete stream.encryption;
  await page.fill('#lesson-editor-0', JSON.stringify(stream, null, 2));
  await page.waitForSelector('#goal-status[data-met="true"]');
  await page.waitForSelector('#lesson-completion[data-completed="true"]');
}

for (const [lang, locale, words] of [
  ['en', 'en-US', { welcome: /Welcome to Envelope Lab/, start: /Start lesson 1/, next: /Next lesson: 2\. /, learned: /What this lesson taught/, done: /completed by editing/ }],
  ['ja', 'ja-JP', { welcome: /Envelope Lab へようこそ/, start: /レッスン 1 を始める/, next: /次のレッスン: 2\. /, learned: /このレッスンで学んだこと/, done: /編集して完了/ }],
]) {
  test(`first visit (${lang}): welcome → lesson 1 → goal met → what it taught → next lesson → overview`, async () => {
    const { page, context, problems } = await openPage(browser, server.url, { ...DESKTOP, locale });
    // No link, nothing stored: the tutorial opens with the welcome, lesson 1 loaded behind it.
    await page.waitForSelector('#welcome');
    assert.match(await page.textContent('#welcome'), words.welcome);
    assert.equal(await page.getAttribute('#mode-tutorial', 'aria-pressed'), 'true');
    await page.waitForFunction(() => /SSE: (off|オフ)/.test(document.querySelector('g.node[data-stage="Stream"]')?.textContent ?? ''));
    assert.equal(await page.getAttribute('.workspace', 'data-tour'), '0', 'step 1 outlines the diagram');
    await screenshot(page, `course-welcome-${lang}-1440.png`);
    await page.click('#welcome-next');
    assert.equal(await page.getAttribute('.workspace', 'data-tour'), '1');
    await page.click('#welcome-back');
    await page.click('#welcome-next');
    await page.click('#welcome-next');
    assert.match(await page.textContent('#welcome-start'), words.start);
    await page.click('#welcome-start');
    await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
    assert.equal(await page.locator('#welcome').count(), 0);
    assert.equal(await page.getAttribute('#lesson-completion', 'data-completed'), 'false');
    await screenshot(page, `course-lesson-1-${lang}-1440.png`);

    // The goal met by editing: the card says what the lesson taught and leads on.
    await completeLesson1(page);
    await page.waitForSelector('#lesson-done');
    const lesson1 = await lessonFile('01-pipeline-in-the-clear');
    assert.match(await page.textContent('#lesson-done'), words.learned);
    assert.equal((await page.textContent('#lesson-takeaway')).trim(), lesson1.takeaway[lang]);
    assert.match(await page.textContent('#next-lesson'), words.next);
    await page.locator('#lesson-done').scrollIntoViewIfNeeded();
    await screenshot(page, `course-completed-${lang}-1440.png`);
    const lessonColTop = await page.locator('#lesson-done').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(lessonColTop < 900, 'the card is in view once met');

    // Next lesson: lesson 2 with its own scenario (a stream that starts without SSE and two waves).
    await page.click('#next-lesson');
    await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
    await page.waitForSelector('#goal-status[data-met="false"]');
    assert.equal(await page.getAttribute('#lesson-completion', 'data-completed'), 'false');
    assert.equal(await page.locator('#lesson-col').evaluate((el) => el.scrollTop), 0, 'the new lesson starts at its top');

    // The overview: lesson 1 done by editing, with what it taught; lesson 2 in progress.
    await page.click('#overview-button');
    await page.waitForSelector('#course-overview');
    const item1 = page.locator('.overview-item[data-lesson="01-pipeline-in-the-clear"]');
    assert.equal(await item1.getAttribute('data-status'), 'edited');
    assert.match(await item1.textContent(), words.done);
    assert.ok((await item1.textContent()).includes(lesson1.takeaway[lang]));
    assert.equal(await page.getAttribute('.overview-item[data-lesson="02-kinesis-sse-aws-managed-key"]', 'data-status'), 'open');
    assert.equal(await page.getAttribute('.overview-item[data-lesson="03-envelope-encryption-up-close"]', 'data-status'), 'new');
    assert.match(await page.textContent('.overview-progress'), /1\/21/);
    await screenshot(page, `course-overview-${lang}-1440.png`);
    // An overview entry opens its lesson.
    await page.click('.overview-item[data-lesson="01-pipeline-in-the-clear"] .overview-open');
    await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
    await page.waitForSelector('#goal-status[data-met="true"]');

    // A returning learner: no link, the same browser: no welcome, back at the same lesson.
    await page.goto(server.url);
    await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
    assert.equal(await page.locator('#welcome').count(), 0, 'no welcome the second time');
    await page.waitForSelector('#goal-status[data-met="true"]');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the welcome on a phone, then the lesson and the simulator one at a time', async () => {
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    const { page, context, problems } = await openPage(browser, server.url, { ...PHONE, locale });
    await page.waitForSelector('#welcome');
    await screenshot(page, `course-welcome-${lang}-390.png`);
    const top = await page.locator('#welcome-title').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    assert.ok(top < 700, `the welcome starts on the first screen (${top}px)`);
    for (let i = 0; i < 2; i++) await page.click('#welcome-next');
    await page.click('#welcome-start');
    await page.waitForSelector('#lesson-title');
    const titleTop = await page.locator('#lesson-title').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    assert.ok(titleTop < 844, `the lesson text starts on the first screen (${titleTop}px)`);
    assert.ok(!(await page.isVisible('.diagram-panel')), 'the simulator waits behind its button');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await screenshot(page, `course-lesson-1-${lang}-390.png`);
    // The pane buttons stay at the top while the lesson scrolls.
    await page.evaluate(() => window.scrollTo(0, 1500));
    const tabsTop = await page.locator('.pane-tabs').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(tabsTop <= 1, `the pane buttons stay in view (${tabsTop})`);
    await page.click('#pane-simulator');
    await page.waitForSelector('.diagram-panel', { state: 'visible' });
    assert.ok(!(await page.isVisible('#lesson-title')));
    await page.click('#step-button');
    assert.match(await page.textContent('#pane-simulator'), /1/);
    await screenshot(page, `course-simulator-${lang}-390.png`);
    await page.click('#pane-lesson');
    await page.waitForSelector('#lesson-title', { state: 'visible' });
    // A long ARN wraps only after ":" and "/": each of its parts stays on one line.
    await page.selectOption('#lesson-select', '04-your-own-key-producer');
    await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
    while (await page.locator('#hint-button').count() > 0) await page.click('#hint-button');
    const parts = await page.locator('#hint-1 .arn .nb').evaluateAll((els) => els.map((e) => [e.textContent, e.getClientRects().length]));
    assert.ok(parts.length >= 7, JSON.stringify(parts));
    assert.ok(parts.some(([t]) => t === '4b1c7e2a-9d3f-4e6a-8b5c-0f1e2d3c4b5a'), 'the key id is one part');
    for (const [t, lines] of parts) assert.equal(lines, 1, `"${t}" is not split`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('every lesson fits a phone (390 px) in English and Japanese: nothing scrolls sideways', async () => {
  const ids = (await Promise.all(Array.from({ length: 21 }, (_, i) => i + 1).map(async (n) => n))).map(String);
  const course = JSON.parse(await readFile(new URL('../../dist/index.html', import.meta.url), 'utf8').then(() => '[]'));
  assert.deepEqual(course, []);
  for (const locale of ['en-US', 'ja-JP']) {
    const { page, context, problems } = await openPage(browser, `${server.url}#mode=tutorial&lesson=01-pipeline-in-the-clear`, { ...PHONE, locale });
    await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
    const lessons = await page.locator('#lesson-select option').evaluateAll((os) => os.map((o) => o.value));
    assert.equal(lessons.length, ids.length);
    for (const id of lessons) {
      await page.selectOption('#lesson-select', id);
      await page.waitForSelector(`#lesson-panel[data-lesson="${id}"]`);
      await page.waitForSelector('#goal-status');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${locale} ${id}: ${overflow}px sideways`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('desktop split view: the diagram stays in view while the lesson scrolls', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=tutorial&lesson=04-your-own-key-producer`, DESKTOP);
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  const box = async (sel) => page.locator(sel).evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, left: r.left, bottom: r.bottom }; });
  const diagram = await box('.diagram-panel');
  const lesson = await box('#lesson-title');
  assert.ok(lesson.left < diagram.left, 'the lesson is on the left of the simulator');
  assert.ok(lesson.top < 300 && diagram.top < 300, 'both start at the top');
  // Scroll the lesson column to its quiz: the diagram does not move.
  await page.locator('#lesson-quiz').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.ok(await page.locator('#lesson-col').evaluate((el) => el.scrollTop) > 500, 'the lesson column scrolled');
  assert.deepEqual((await box('.diagram-panel')).top, diagram.top);
  assert.ok((await box('.controls')).bottom < 900, 'the controls are in view too');
  await screenshot(page, 'course-split-view-1440.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('opening the tutorial shows the lesson\'s scenario, and a lesson keeps the learner\'s work', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=sandbox`, DESKTOP);
  await page.waitForSelector('#step-button');
  assert.match(await streamStatus(page), /SSE: KMS/, 'the sandbox runs the default scenario');
  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-panel[data-lesson="01-pipeline-in-the-clear"]');
  await page.waitForFunction(() => /SSE: off/.test(document.querySelector('g.node[data-stage="Stream"]')?.textContent ?? ''));
  assert.equal(await page.locator('#welcome').count(), 0, 'a link (mode=sandbox) is not a first visit');

  // Lesson 4, edited halfway; the sandbox loads something else; back in the tutorial the
  // lesson's own scenario returns, with the learner's edit.
  await page.selectOption('#lesson-select', '04-your-own-key-producer');
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  const policy = JSON.parse(await page.inputValue('#lesson-editor-0'));
  policy.Statement.push({ Sid: 'Mine', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' });
  await page.fill('#lesson-editor-0', JSON.stringify(policy, null, 2));
  await page.waitForTimeout(400);
  await page.click('#mode-sandbox');
  await page.selectOption('#preset-select', 'happy-path');
  await page.click('#preset-load');
  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  await page.waitForFunction(() => document.querySelector('#lesson-editor-0')?.value.includes('"Mine"'));
  await page.waitForSelector('#goal-status[data-met="false"]');
  // Restart: the starting scenario, the edit gone.
  await page.click('#restart-lesson');
  await page.waitForFunction(() => !document.querySelector('#lesson-editor-0')?.value.includes('"Mine"'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('completion is shown only when true: a lesson completed before says so once its goal is no longer met', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=tutorial&lesson=02-kinesis-sse-aws-managed-key`, DESKTOP);
  await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
  while (await page.locator('#hint-button').count() > 0) await page.click('#hint-button');
  await page.click('#solution-button');
  await page.click('#apply-solution');
  await page.waitForSelector('#lesson-completion[data-completed="true"][data-met="true"]');
  assert.match(await page.textContent('#lesson-completion'), /^✓ Completed$/);
  await page.click('#restart-lesson');
  await page.waitForSelector('#goal-status[data-met="false"]');
  await page.waitForSelector('#lesson-completion[data-completed="true"][data-met="false"]');
  assert.match(await page.textContent('#lesson-completion'), /Completed earlier \(completed with the solution\)\. Your current scenario does not meet the goal now/);
  assert.equal(await page.locator('#lesson-done').count(), 0, 'no "what you learned" card while the goal is not met');
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('#lesson-completion'), /以前に完了しています \(解答を適用して完了\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('links and embeds keep control: no welcome, the linked lesson', async () => {
  const linked = await openPage(browser, `${server.url}#lesson=05-consumer-side-firehose&mode=tutorial`, DESKTOP);
  await linked.page.waitForSelector('#lesson-panel[data-lesson="05-consumer-side-firehose"]');
  assert.equal(await linked.page.locator('#welcome').count(), 0);
  assert.deepEqual(linked.problems, []);
  await linked.context.close();
  const embedded = await openPage(browser, `${server.url}#embed=1`, DESKTOP);
  await embedded.page.waitForSelector('#step-button');
  assert.equal(await embedded.page.locator('#welcome').count(), 0);
  assert.equal(await embedded.page.locator('#lesson-panel').count(), 0, 'the embed stays in the sandbox');
  assert.deepEqual(embedded.problems, []);
  await embedded.context.close();
  // Inside another page without a fragment (a page that will send loadScenario).
  const host = await openPage(browser, `${server.url}embed-example.html`, DESKTOP);
  await host.page.evaluate(() => {
    const f = document.createElement('iframe');
    f.id = 'bare';
    f.style.width = '1200px';
    f.style.height = '700px';
    f.src = 'index.html';
    document.body.appendChild(f);
  });
  const frame = host.page.frameLocator('#bare');
  await frame.locator('#step-button').waitFor();
  assert.equal(await frame.locator('#welcome').count(), 0);
  assert.deepEqual(host.problems, []);
  await host.context.close();
});

test('quiz choices in a per-learner order, stable across reloads; explanations render code', async () => {
  const url = `${server.url}#mode=tutorial&lesson=01-pipeline-in-the-clear`;
  const { page, context, problems } = await openPage(browser, url, DESKTOP);
  await page.waitForSelector('#question-l01-q1');
  const order = () => page.locator('.question').evaluateAll((qs) => qs.map((q) => [...q.querySelectorAll('input')].map((i) => i.id.split('-').pop()).join('')));
  const first = await order();
  const seed = await page.evaluate(() => JSON.parse(localStorage.getItem('envelope-lab.progress.v1')).quiz_seed);
  assert.match(seed, /^[0-9a-f]{16}$/);
  await page.reload();
  await page.waitForSelector('#question-l01-q1');
  assert.deepEqual(await order(), first, 'the same order after a reload');
  // The explanation's `GetRecords` is code, not backquotes.
  const lesson1 = await lessonFile('01-pipeline-in-the-clear');
  const right = lesson1.quiz[0].choices.findIndex((c) => c.correct);
  await page.check(`#q-l01-q1-${right}`);
  await page.click('#question-l01-q1 .check-answer');
  await page.waitForSelector('#question-l01-q1 .answer-result.correct');
  assert.equal(await page.locator('#question-l01-q1 .answer-result code').first().textContent(), 'GetRecords');
  assert.doesNotMatch(await page.textContent('#question-l01-q1 .answer-result'), /`/);
  assert.match(await page.textContent('#question-l01-q1 .check-answer'), /Check answer/);
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('#question-l01-q1 .check-answer'), /答え合わせ/);

  // Another learner (another browser) sees another order for some question; a learner with
  // a known seed sees the order it gives (deterministic).
  const orders = new Set([first.join('|')]);
  for (const other of ['0000000000000001', '00000000000000ff', 'abcdef0123456789']) {
    const ctx = await browser.newContext(DESKTOP);
    const p = await ctx.newPage();
    await p.addInitScript((s) => localStorage.setItem('envelope-lab.progress.v1', JSON.stringify({ v: 1, quiz_seed: s })), other);
    await p.goto(url);
    await p.waitForSelector('#question-l01-q1');
    const o = await p.locator('.question').evaluateAll((qs) => qs.map((q) => [...q.querySelectorAll('input')].map((i) => i.id.split('-').pop()).join('')));
    orders.add(o.join('|'));
    await p.reload();
    await p.waitForSelector('#question-l01-q1');
    assert.deepEqual(await p.locator('.question').evaluateAll((qs) => qs.map((q) => [...q.querySelectorAll('input')].map((i) => i.id.split('-').pop()).join(''))), o);
    await ctx.close();
  }
  assert.ok(orders.size > 1, 'learners see different orders');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson editor numbers its lines, names fields as AWS does and reports errors on its own lines', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=tutorial&lesson=01-pipeline-in-the-clear`, DESKTOP);
  await page.waitForSelector('#lesson-editor-0');
  const text = await page.inputValue('#lesson-editor-0');
  const lines = text.split('\n');
  assert.equal(await page.locator('.json-editor .gutter .ln').count(), lines.length);
  // The AWS name beside the field: the list, and the hover title on its line number.
  const names = await page.textContent('.aws-names-list');
  assert.match(names, /kms_key\s*↔\s*KMSEncryptionConfig\.AWSKMSKeyARN/);
  const line = lines.findIndex((l) => l.includes('"kms_key"')) + 1;
  assert.match(await page.getAttribute(`.json-editor .gutter .ln:nth-child(${line})`, 'title'), /AWSKMSKeyARN/);
  assert.match(await page.textContent('.aws-context'), /AWS::KinesisFirehose::DeliveryStream/);
  // "encryption": {} is not a KMSEncryptionConfig: the error names the editor's own line.
  const broken = text.replace(/"encryption": \{\s*"kms_key": "S3Key"\s*\}/, '"encryption": {}');
  await page.fill('#lesson-editor-0', broken);
  const at = broken.split('\n').findIndex((l) => l.includes('"encryption": {}')) + 1;
  await page.waitForSelector('.json-editor .editor-error');
  const error = await page.textContent('.json-editor .editor-error');
  assert.match(error, new RegExp(`Line ${at}, column 3: missing field \`kms_key\``));
  assert.doesNotMatch(error, /line 1 column/);
  assert.match(error, /delivery_streams\[0\]\.encryption/);
  assert.equal(await page.getAttribute(`.json-editor .gutter .ln:nth-child(${at})`, 'class'), 'ln marked error');
  assert.equal(await page.inputValue('#lesson-editor-0'), broken, 'the text is kept');
  await page.waitForSelector('#goal-status[data-met="false"]');
  assert.equal(await page.locator('#goal-error').count(), 0, 'the simulation keeps the last valid version');
  await screenshot(page, 'course-editor-error-1440.png');
  await page.selectOption('#lang-select', 'ja');
  assert.match(await page.textContent('.json-editor .editor-error'), new RegExp(`${at} 行 3 列: 必須のフィールド \`kms_key\` がありません`));
  // A JSON syntax error is on its line too.
  await page.fill('#lesson-editor-0', text.replace('"prefix": "firehose/",', '"prefix": "firehose/"'));
  await page.waitForSelector('.json-editor .editor-error');
  const at2 = text.split('\n').findIndex((l) => l.includes('"prefix"')) + 2;
  assert.match(await page.textContent('.json-editor .editor-error'), new RegExp(`${at2} 行`));
  assert.deepEqual(problems, []);
  await context.close();
});
