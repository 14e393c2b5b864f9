// The flows a learner follows, in headless Chromium against the release build. Every test
// also asserts the page logged no console error and made no failed request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, screenshot, openApp, runToEnd } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const ROOT_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AccountRoot', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }],
}, null, 2);
const PUT_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['kinesis:PutRecord'], Resource: ['arn:aws:kinesis:ap-northeast-1:123456789012:stream/dva-02-005-DataStream'] }],
}, null, 2);

// A fresh browser with no link would start the first visit's welcome in the tutorial:
// these tests open the sandbox.
const open = (url = `${server.url}#mode=sandbox`, options) => openApp(browser, url, options);

async function counter(page) {
  return (await page.textContent('#step-counter')).trim();
}

async function selectNode(page, stage) {
  await page.click(`g.node[data-stage="${stage}"]`);
  await page.waitForSelector('#inspector-close');
}

test('step through the default scenario to the S3 object and open it', async () => {
  const { page, context, problems } = await open();
  let objects = '';
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(i % 2 ? 'Space' : 'ArrowRight');
    objects = await page.textContent('g.node[data-stage="Bucket"]');
    if (/1 object\b/.test(objects)) break;
  }
  assert.match(objects, /1 object\b/, 'the object arrived in the bucket');
  assert.match(await page.textContent('.tl-row.current'), /PutObject|GenerateDataKey/);
  await screenshot(page, 'flow-object-arrived.png');
  await page.click('#panel-objects');
  await page.click('.open-object');
  const read = await page.textContent('#object-read');
  assert.match(read, /ServerSideEncryption/);
  assert.match(read, /aws:kms/);
  assert.match(await page.textContent('.inventory'), /SSE-KMS/);
  await screenshot(page, 'flow-object-opened.png');
  // ← steps back, r resets.
  const at = await counter(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowLeft');
  assert.notEqual(await counter(page), at);
  await page.keyboard.press('r');
  assert.match(await counter(page), /^Step 0 of/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a root-only key policy without kms:GenerateDataKey in the role denies the producer, with the deciding rule', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'KinesisKey');
  await page.fill('#key-policy-KinesisKey', ROOT_ONLY);
  await page.waitForSelector('.editor-ok');
  await selectNode(page, 'ProducerRole');
  await page.fill('#role-DataSourceLambdaRole-0', PUT_ONLY);
  await page.waitForSelector('.editor-ok');
  await runToEnd(page);
  // The producer's PutRecord fails with KMSAccessDeniedException …
  await page.locator('.tl-row.denied', { hasText: 'KMSAccessDeniedException' }).first().waitFor();
  // … because the GenerateDataKey Kinesis makes on its behalf is denied.
  const denied = page.locator('.tl-row.denied', { hasText: 'GenerateDataKey' }).first();
  await denied.click();
  await page.click('#tab-authorization');
  const rule = await page.textContent('.deciding-rule');
  assert.match(rule, /delegates to account 123456789012, but no identity-based policy allows/);
  assert.match(await page.textContent('.authz'), /Implicit deny/);
  await screenshot(page, 'flow-denied-authorization.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('disabling the Kinesis key fails the producer\'s puts', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'KinesisKey');
  await page.click('#key-disable');
  assert.equal(await page.textContent('#key-state-value'), 'Disabled');
  assert.match(await page.textContent('g.node[data-stage="KinesisKey"]'), /Disabled/);
  await runToEnd(page);
  const denied = page.locator('.tl-row.denied', { hasText: /Disabled/ }).first();
  await denied.waitFor();
  await denied.click();
  assert.match(await page.textContent('#step-details'), /is disabled/);
  await screenshot(page, 'flow-key-disabled.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('S3 Bucket Keys cut the S3 KMS requests', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'Lambda');
  await page.fill('#producer-invocations', '20');
  await page.click('#panel-cost');
  await runToEnd(page);
  const count = async () => {
    const m = (await page.textContent('#bucket-key-usage')).match(/(\d+) objects? written with (\d+) S3 KMS requests?/);
    assert.ok(m, 'usage line');
    return [Number(m[1]), Number(m[2])];
  };
  const [objectsOff, requestsOff] = await count();
  assert.ok(objectsOff >= 3, `several objects (${objectsOff})`);
  assert.equal(requestsOff, objectsOff, 'one GenerateDataKey per object without Bucket Keys');
  await selectNode(page, 'Bucket');
  await page.check('#bucket-key');
  await runToEnd(page);
  const [objectsOn, requestsOn] = await count();
  assert.equal(objectsOn, objectsOff);
  assert.ok(requestsOn < requestsOff, `fewer requests with Bucket Keys (${requestsOn} < ${requestsOff})`);
  await screenshot(page, 'flow-bucket-key-cost.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an edit can be undone and redone', async () => {
  const { page, context, problems } = await open();
  assert.ok(await page.isDisabled('#undo-button'));
  await selectNode(page, 'KinesisKey');
  await page.click('#key-disable');
  assert.equal(await page.textContent('#key-state-value'), 'Disabled');
  await page.click('#undo-button');
  assert.equal(await page.textContent('#key-state-value'), 'Enabled');
  await page.click('#redo-button');
  assert.equal(await page.textContent('#key-state-value'), 'Disabled');
  assert.deepEqual(problems, []);
  await context.close();
});

test('invalid policy JSON shows a located error and keeps the text', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'KinesisKey');
  const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" "Action": "kms:*" } ]\n}';
  await page.fill('#key-policy-KinesisKey', broken);
  const error = await page.textContent('.editor-error');
  assert.match(error, /Line 3, column \d+/);
  assert.equal(await page.inputValue('#key-policy-KinesisKey'), broken, 'the learner\'s text is kept');
  assert.ok(await page.isDisabled('#undo-button'), 'nothing was applied');
  await screenshot(page, 'flow-invalid-json.png');
  // Leaving and coming back keeps the draft too.
  await selectNode(page, 'S3Key');
  await selectNode(page, 'KinesisKey');
  assert.equal(await page.inputValue('#key-policy-KinesisKey'), broken);
  // In Japanese the same error reads in Japanese.
  await page.selectOption('#lang-select', 'ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  const errorJa = await page.textContent('.editor-error');
  assert.match(errorJa, /3 行 \d+ 列: JSON が無効です: (メンバー "Effect" の後に )?',' または '}' が必要ですが/);
  assert.doesNotMatch(errorJa, /expected/);
  assert.equal(await page.inputValue('#key-policy-KinesisKey'), broken);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reload keeps the work', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'KinesisKey');
  await page.click('#key-disable');
  await page.click('#step-button');
  await page.click('#step-button');
  await page.click('#step-button');
  const before = await counter(page);
  await page.reload();
  await page.waitForSelector('#step-button');
  await page.waitForFunction((want) => document.querySelector('#step-counter')?.textContent.trim() === want, before);
  assert.match(await page.textContent('g.node[data-stage="KinesisKey"]'), /Disabled/);
  // Corrupted storage is reported and replaced, never a blank page.
  await page.evaluate(() => localStorage.setItem('envelope-lab:v1', '{"v":1,"scenario":'));
  await page.reload();
  await page.waitForSelector('#step-button');
  assert.match(await page.textContent('.notices'), /could not be read/);
  // In Japanese, the reason a saved scenario was rejected is Japanese too.
  await page.evaluate(() => { location.hash = '#lang=ja'; });
  await page.evaluate(() => localStorage.setItem('envelope-lab:v1', JSON.stringify({ v: 1, scenario: { version: 2 }, seed: 1 })));
  await page.reload();
  await page.waitForSelector('#step-button');
  const notice = await page.textContent('.notices');
  assert.match(notice, /このブラウザに保存された作業を読み込めませんでした/);
  assert.match(notice, /必須のフィールド `account` がありません/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link opens on the same step in a fresh page', async () => {
  const { page, context, problems } = await open();
  await selectNode(page, 'KinesisKey');
  await page.click('#key-disable');
  for (let i = 0; i < 7; i++) await page.click('#step-button');
  await page.click('#share-button');
  const url = page.url();
  assert.match(url, /#s=v2\.[0-9a-f]{8}\.[A-Za-z0-9_-]+.*step=7/);
  await context.close();
  const fresh = await open(url);
  assert.match(await counter(fresh.page), /^Step 7 of/);
  assert.match(await fresh.page.textContent('g.node[data-stage="KinesisKey"]'), /Disabled/);
  assert.equal(await fresh.page.locator('.tl-row').count(), 7);
  // A broken link explains itself and shows the default.
  const broken = await open(`${server.url}#s=v9.AAAA`);
  assert.match(await broken.page.textContent('.notices'), /newer Envelope Lab/);
  assert.deepEqual([...problems, ...fresh.problems, ...broken.problems], []);
  await fresh.context.close();
  await broken.context.close();
});

test('switching to Japanese translates the whole UI', async () => {
  const { page, context, problems } = await open();
  await page.selectOption('#lang-select', 'ja');
  await page.waitForFunction(() => document.documentElement.lang === 'ja');
  assert.match(await page.textContent('#step-button'), /ステップ/);
  assert.match(await page.textContent('#timeline'), /タイムライン/);
  await page.click('#step-button');
  await selectNode(page, 'KinesisKey');
  assert.match(await page.textContent('.inspector'), /キーポリシー/);
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /データストリーム/);
  await screenshot(page, 'flow-japanese.png');
  const viaLink = await open(`${server.url}#lang=ja`, { locale: 'en-US' });
  assert.match(await viaLink.page.textContent('#step-button'), /ステップ/);
  const viaBrowser = await open(server.url, { locale: 'ja-JP' });
  assert.match(await viaBrowser.page.textContent('#step-button'), /ステップ/);
  assert.deepEqual([...problems, ...viaLink.problems, ...viaBrowser.problems], []);
  await viaLink.context.close();
  await viaBrowser.context.close();
  await context.close();
});

test('embed mode and the postMessage API round trip from embed-example.html', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}embed-example.html`);
  await page.waitForSelector('#log .msg-ready');
  const frame = page.frameLocator('#lab');
  await frame.locator('#step-button').waitFor();
  assert.equal(await frame.locator('.topbar').count(), 0, 'no top bar in embed mode');
  await page.click('#ex-step');
  await page.waitForSelector('#log .msg-step >> text=/"step":1/');
  await page.click('#ex-step5');
  await page.waitForSelector('#log .msg-step >> text=/"step":6/');
  assert.match(await frame.locator('#step-counter').textContent(), /Step 6 of/);
  await page.click('#ex-reset');
  await page.waitForSelector('#log .msg-step >> text=/"step":0/');
  await page.click('#ex-load');
  for (let i = 0; i < 10 && (await page.locator('#log .msg-denial').count()) === 0; i++) {
    await page.click('#ex-step5');
    await page.waitForTimeout(100);
  }
  assert.match(await page.locator('#log .msg-denial').first().textContent(), /Disabled/);
  await screenshot(page, 'flow-embed.png');
  assert.deepEqual(problems, []);
  await context.close();
});
