// Beyond one account (issue [4/6] §3): the diagram draws the accounts of a cross-account
// pipeline as labelled boundaries (wide and upright), a single-account pipeline draws none,
// and a cross-account denial names the account whose policy denied it, in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, runToEnd, screenshot, presetLoaded } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function loadPreset(page, name) {
  await page.selectOption('#preset-select', name);
  await page.click('#preset-load');
  await presetLoaded(page, name);
  await runToEnd(page);
}

/** The boundaries drawn: label and rectangle (in page pixels). */
function boundaries(page) {
  return page.$$eval('.diagram .account-boundary', (gs) => gs.map((g) => {
    const r = g.querySelector('rect').getBoundingClientRect();
    return { label: g.querySelector('text').textContent, x: r.x, y: r.y, w: r.width, h: r.height };
  }));
}

/** Which boundary each box of the diagram sits in (by its data-stage). */
function boxesIn(page) {
  return page.evaluate(() => {
    const bs = [...document.querySelectorAll('.diagram .account-boundary rect')].map((r) => r.getBoundingClientRect());
    const out = {};
    for (const n of document.querySelectorAll('.diagram g.node')) {
      const r = n.querySelector('rect').getBoundingClientRect();
      out[n.dataset.stage] = bs.findIndex((b) => r.x >= b.x && r.y >= b.y && r.right <= b.right && r.bottom <= b.bottom);
    }
    return out;
  });
}

for (const [lang, size, tag] of [['en', DESKTOP, 'desktop'], ['ja', PHONE, 'phone'], ['en', PHONE, 'phone'], ['ja', DESKTOP, 'desktop']]) {
  test(`${lang} ${tag}: the central log archive draws the workload and log-archive accounts around their boxes`, async () => {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, size);
    await loadPreset(page, 'happy-path');
    assert.equal(await page.locator('.diagram .account-boundary').count(), 0, 'one account: no boundary');
    await loadPreset(page, 'org-central-log-archive');
    const b = await boundaries(page);
    assert.equal(b.length, 2, JSON.stringify(b));
    const archive = b.findIndex((x) => x.label.includes('222222222222'));
    const workload = b.findIndex((x) => x.label.includes('123456789012'));
    assert.ok(archive >= 0 && workload >= 0, JSON.stringify(b));
    assert.match(b[archive].label, /OU Security/);
    const inside = await boxesIn(page);
    assert.equal(inside.Bucket, archive);
    assert.equal(inside.S3Key, archive);
    for (const s of ['Lambda', 'Stream', 'Firehose', 'KinesisKey', 'ProducerRole', 'SourceRole', 'DestinationRole']) {
      assert.equal(inside[s], workload, `${s} in the workload account`);
    }
    // The two boundaries do not overlap, and the page does not scroll sideways.
    const [p, q] = b;
    assert.ok(p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y, JSON.stringify(b));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), size.viewport.width);
    await screenshot(page, `accounts-archive-${lang}-${tag}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const lang of ['en', 'ja']) {
  test(`${lang}: a cross-account denial names the account whose key policy denied it`, async () => {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, DESKTOP);
    await loadPreset(page, 'org-mistake-key-policy-missing');
    await page.click('#first-failure');
    await page.waitForSelector('#cause-banner .denied-by');
    const text = await page.textContent('#cause-banner .denied-by');
    assert.match(text, lang === 'en' ? /^Denied by the key policy \(account 123456789012\)$/ : /^キーポリシー \(アカウント 123456789012\) によって拒否されました$/);
    await loadPreset(page, 'org-mistake-iam-missing');
    await page.click('#first-failure');
    await page.waitForSelector('#cause-banner .denied-by');
    assert.match(await page.textContent('#cause-banner .denied-by'), /333333333333/, 'the producer account\'s IAM');
    await loadPreset(page, 'org-mistake-object-writer');
    await page.click('#first-failure');
    await page.waitForSelector('#cause-banner .denied-by');
    assert.match(await page.textContent('#cause-banner .denied-by'), lang === 'en' ? /ACL of the object.*123456789012/ : /ACL.*123456789012/);
    // An SCP level without an Allow (OU Prod): the caller's account's SCPs.
    // The producer's own call failed (no cause banner): its Authorization tab names it.
    await loadPreset(page, 'org-mistake-scp-ou-level');
    await page.click('#first-failure');
    await page.click('#tab-authorization');
    await page.waitForSelector('.deciding-rule + .denied-by');
    assert.match(await page.textContent('.deciding-rule + .denied-by'), lang === 'en' ? /^Denied by the SCPs of the caller's account \(account 123456789012\): no SCP attached at OU Prod \(ou-ab12-44444444\) allows it$/ : /^呼び出し元アカウントの SCP \(アカウント 123456789012\) によって拒否されました。OU Prod \(ou-ab12-44444444\) にアタッチされた SCP はどれも許可していません$/);
    // A single-account denial says nothing more than before.
    await loadPreset(page, 'producer-missing-generate-data-key');
    await page.click('#first-failure');
    await page.waitForSelector('#cause-banner');
    assert.equal(await page.locator('#cause-banner .denied-by').count(), 0);
    await screenshot(page, `accounts-denied-by-${lang}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
