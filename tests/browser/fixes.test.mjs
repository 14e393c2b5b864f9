// From "why" to "how" (issue 12): the summary bar, the first-failure link, the Fix tab with
// Apply (one undoable edit that re-runs) and Show me, next/previous failure with buttons and
// keys, grouped retries that expand, the failed parent's cause first, and the evaluation
// path with the stage where it stopped. In English and Japanese, at desktop and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, screenshot, openApp, runToEnd } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function loadPreset(page, name) {
  await page.selectOption('#preset-select', name);
  await page.click('#preset-load');
  await runToEnd(page);
}

const outcome = async (page) => (await page.textContent('#run-outcome')).replace(/\s+/g, ' ').trim();

/** Applies the first fix of the open Fix tab and waits for the re-run's summary. */
async function applyFirst(page) {
  const before = await outcome(page);
  await page.locator('.fix-option').first().waitFor();
  await page.click('#fix-option-0 .fix-apply');
  await page.waitForFunction((b) => {
    const t = document.querySelector('#run-outcome')?.textContent.replace(/\s+/g, ' ').trim();
    return t && t !== b && !/Running|実行中/.test(t);
  }, before);
  await runToEnd(page);
}

for (const lang of ['en', 'ja']) {
  const words = lang === 'en'
    ? { denied: /^✗ ?0 of 10 records delivered/, delivered: /^✓ ?10 of 10 records delivered in 1 object, SSE-KMS\.$/, step: /^step \d+: /, fix: 'Fix', apply: 'Apply' }
    : { denied: /^✗ ?10 件のレコードのうち、配信されたものはありません/, delivered: /^✓ ?10 件中 10 件のレコードを 1 個のオブジェクトに配信しました/, step: /^ステップ \d+: /, fix: '修正', apply: '適用' };

  test(`${lang}: producer-missing → Fix → Apply → the next failure is the first-failure link → Apply → 10 of 10 delivered; Undo twice returns to the denial`, async () => {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, DESKTOP);
    await loadPreset(page, 'producer-missing-generate-data-key');
    assert.match(await outcome(page), words.denied);
    const first = (await page.textContent('#first-failure')).trim();
    assert.match(first, words.step);
    assert.match(first, /PutRecord KMSAccessDeniedException/);

    // The first failure opens on its Fix tab: the nested GenerateDataKey is the cause.
    await page.click('#first-failure');
    assert.equal((await page.textContent('#tab-fix')).trim(), words.fix);
    assert.equal(await page.getAttribute('#tab-fix', 'aria-selected'), 'true');
    await page.locator('.fix-option').first().waitFor();
    assert.match(await page.textContent('#cause-banner'), /GenerateDataKey/);
    const option = page.locator('#fix-option-0');
    assert.equal(await option.getAttribute('data-kind'), 'identity_statement');
    assert.match(await option.textContent(), /DataSourceLambdaPolicy/);
    assert.match(await option.textContent(), /"kms:GenerateDataKey"/);
    assert.match(await option.textContent(), /arn:aws:kms:ap-northeast-1:123456789012:key\//, 'the key ARN is filled in');
    assert.ok(await option.locator('.badge.verified').count());
    assert.equal((await option.locator('.fix-apply').textContent()).trim(), words.apply);
    assert.ok(await page.locator('.fix-option[data-kind="key_policy_statement"]').count(), 'a key-policy option too');
    await screenshot(page, `fix-denial-${lang}-1440.png`);
    // The rule's words come from the tools worker beside its fixes; the Authorization tab
    // says the same from the page's own run.
    const fixRule = (await page.textContent('#fixes .deciding-rule')).trim();
    await page.click('#tab-authorization');
    assert.equal((await page.textContent('#cause-authz .deciding-rule')).trim(), fixRule);
    assert.match(fixRule, lang === 'en' ? /no identity-based policy allows.*: implicit deny$/ : /アイデンティティベースのポリシー.*: 暗黙的な拒否$/);
    await page.click('#tab-fix');
    await page.locator('.fix-option').first().waitFor();

    // Apply: one undoable edit; the new run fails further on (Firehose's Decrypt).
    await applyFirst(page);
    const second = await outcome(page);
    assert.doesNotMatch(second, words.delivered);
    const next = (await page.textContent('#first-failure')).trim();
    assert.match(next, /GetRecords/);
    await page.click('#first-failure');
    await applyFirst(page);
    assert.match(await outcome(page), words.delivered);
    assert.equal(await page.locator('#first-failure').count(), 0);
    await screenshot(page, `fix-delivered-${lang}-1440.png`);

    // Undo twice: back to the denial, the first failure where it was.
    await page.click('#undo-button');
    await page.waitForFunction((d) => (document.querySelector('#run-outcome')?.textContent ?? '').replace(/\s+/g, ' ').trim() === d, second);
    await page.click('#undo-button');
    await page.waitForFunction((re) => new RegExp(re).test((document.querySelector('#run-outcome')?.textContent ?? '').replace(/\s+/g, ' ').trim()), words.denied.source);
    assert.equal((await page.textContent('#first-failure')).trim(), first);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('next / previous failure: buttons and the n / p keys open the failed steps in order; grouped retries expand', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`, DESKTOP);
  await loadPreset(page, 'firehose-source-missing-decrypt');
  const failures = Number((await page.textContent('#sum-failures dd')).replace(/,/g, ''));
  assert.ok(failures > 10, `${failures} failed steps`);
  // Hundreds of retries read in a screen: one group row ×N with its time range.
  const group = page.locator('.tl-group.denied').first();
  await group.waitFor();
  assert.match(await group.textContent(), /×\d+/);
  const rowsBefore = await page.locator('.tl-row').count();
  assert.ok(rowsBefore < 40, `${rowsBefore} step rows shown`);
  await screenshot(page, 'grouped-retries-1440.png');
  // Expand with the keyboard.
  await group.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.tl-group.open')?.getAttribute('aria-expanded') === 'true');
  assert.ok(await page.locator('.tl-member .tl-row').count() > 0);
  await page.locator('.tl-group.open').click();
  await page.waitForFunction(() => !document.querySelector('.tl-group.open'));

  // From the start: n goes to the first failure, again to the second, p back.
  await page.click('#reset-button');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('n');
  await page.waitForSelector('#step-details');
  const heading = async () => (await page.textContent('#step-details h3')).trim();
  const firstFailure = await heading();
  const firstLink = (await page.textContent('#first-failure')).trim();
  assert.ok(firstLink.includes(firstFailure.split(' ')[1]), `${firstLink} vs ${firstFailure}`);
  await page.keyboard.press('n');
  await page.waitForFunction((h) => document.querySelector('#step-details h3')?.textContent.trim() !== h, firstFailure);
  const secondFailure = await heading();
  assert.notEqual(secondFailure, firstFailure);
  await page.keyboard.press('p');
  await page.waitForFunction((h) => document.querySelector('#step-details h3')?.textContent.trim() === h, firstFailure);
  await page.click('#next-failure');
  await page.waitForFunction((h) => document.querySelector('#step-details h3')?.textContent.trim() === h, secondFailure);
  await page.click('#prev-failure');
  await page.waitForFunction((h) => document.querySelector('#step-details h3')?.textContent.trim() === h, firstFailure);
  assert.ok(await page.isDisabled('#prev-failure'), 'nothing fails before the first failure');

  // The filter: failures only.
  await page.selectOption('#timeline-filter', 'failures');
  await page.waitForFunction(() => [...document.querySelectorAll('.tl-row')].every((r) => r.classList.contains('denied')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a failed PutRecord leads with the nested GenerateDataKey; the evaluation path shows where it stopped; Show me highlights the new statement', async () => {
  for (const [lang, size] of [['en', DESKTOP], ['ja', DESKTOP], ['en', PHONE], ['ja', PHONE]]) {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, size);
    await loadPreset(page, 'producer-missing-generate-data-key');
    await page.click('#first-failure');
    await page.click('#tab-authorization');
    // The nested call first, its own authorization folded below.
    assert.match(await page.textContent('#cause-authz h4'), /GenerateDataKey/);
    assert.equal(await page.locator('#own-authz[open]').count(), 0);
    // The path comes from the policy tools worker (src/tools_work/eval_path.rs).
    const stopped = page.locator('#cause-authz .eval-stage.stopped');
    await stopped.waitFor({ timeout: 30000 });
    assert.equal(await stopped.count(), 1);
    assert.equal(await stopped.getAttribute('data-stage'), 'IdentityPolicies');
    assert.match(await stopped.textContent(), lang === 'en' ? /Evaluation stopped here/ : /ここで評価が終了/);
    assert.ok(await page.locator('#cause-authz .eval-stage.not-reached').count() > 0);
    assert.ok(await page.locator('#cause-authz .badge.role').count() > 0, 'every statement has its part');
    const tag = `${lang}-${size.viewport.width}`;
    await page.locator('#cause-authz .eval-path').scrollIntoViewIfNeeded();
    await screenshot(page, `eval-path-${tag}.png`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);

    // Show me: the role's inline policy, the fix previewed with its statement highlighted.
    await page.click('#tab-fix');
    await page.locator('#fix-option-0 .fix-show').click();
    await page.waitForSelector('#spotlight-banner');
    const added = page.locator('.code-area .ln.added');
    assert.ok(await added.count() >= 5, 'the new statement is highlighted');
    assert.ok(await page.locator('.code-area textarea[readonly]').count() > 0, 'a preview until applied');
    await screenshot(page, `fix-show-me-${tag}.png`);
    const before = await outcome(page);
    await page.click('#spotlight-apply');
    await page.waitForFunction((b) => (document.querySelector('#run-outcome')?.textContent ?? '').replace(/\s+/g, ' ').trim() !== b, before);
    assert.ok(await page.locator('.code-area .ln.added').count() >= 5, 'still highlighted once applied');
    assert.equal(await page.locator('.code-area textarea[readonly]').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('playground: a denied request offers verified fixes that Apply makes allowed; an invalid edit marks the result outdated with the error on its line; a condition that protects nothing is called out', async () => {
  for (const lang of ['en', 'ja']) {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, DESKTOP);
    await page.click('#mode-playground');
    await page.waitForSelector('#pg-example');
    const decision = async () => (await page.textContent('.pg-result .decision')).trim();
    // The EventBridge example: the account-administrator statement allows any SecretARN.
    await page.selectOption('#pg-example', '2');
    await page.waitForSelector('#pg-shadowed');
    assert.match(await page.textContent('#pg-shadowed'), /SecretARN/);
    // Root-only key policy, no IAM permission: denied, with fixes.
    await page.selectOption('#pg-example', '3');
    assert.match(await decision(), lang === 'en' ? /Implicit deny/ : /暗黙的な拒否/);
    // The fixes come from the policy tools worker (src/tools_client.rs).
    await page.locator('#pg-fixes .fix-option').first().waitFor();
    assert.ok(await page.locator('#pg-fixes .fix-option').count() >= 2);
    assert.equal(await page.locator('#pg-fixes .fix-option').first().getAttribute('data-kind'), 'identity_statement');
    assert.ok(await page.locator('#pg-fixes .badge.verified').count() > 0);
    assert.equal(await page.locator('.pg-result .eval-stage.stopped').getAttribute('data-stage'), 'IdentityPolicies');
    await screenshot(page, `playground-fixes-${lang}-1440.png`);
    await page.locator('#pg-fixes .fix-apply').first().click();
    await page.waitForFunction(() => /Allowed|許可/.test(document.querySelector('.pg-result .decision')?.textContent ?? ''));
    assert.match(await page.inputValue('#pg-iam-policy'), /"kms:GenerateDataKey"/);
    assert.equal(await page.locator('#pg-fixes').count(), 0);
    // Compared with the example before the edit (CheckNoNewAccess in the worker): the fix
    // grants new access, said in words; the key policy was not edited, so it is not compared.
    await page.waitForSelector('#pg-compare-iam .pg-compare-verdict');
    assert.match(await page.textContent('#pg-compare-iam .pg-compare-verdict'), lang === 'en' ? /^FAIL: your version grants new access/ : /^FAIL: 編集後のポリシーは新しいアクセスを許可します/);
    assert.match(await page.textContent('#pg-compare-iam ul'), /kms:GenerateDataKey/);
    assert.equal(await page.locator('#pg-compare-key').count(), 0);

    // Break the key policy: the allowed result stays, marked outdated; the error sits above
    // the editor with its line marked.
    assert.equal(await page.locator('#pg-outdated').count(), 0);
    await page.fill('#pg-key-policy', '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" \n');
    await page.waitForSelector('#pg-outdated');
    assert.match(await page.textContent('#pg-outdated'), lang === 'en' ? /Outdated/ : /古い結果/);
    assert.match(await decision(), /Allowed|許可/);
    assert.ok(await page.locator('.code-area .ln.error').count() === 1);
    const status = await page.locator('#pg-key-policy').evaluate((ta) => ta.closest('.policy-editor').querySelector('.editor-status').getBoundingClientRect().bottom);
    const area = await page.locator('#pg-key-policy').evaluate((ta) => ta.getBoundingClientRect().top);
    assert.ok(status <= area, 'the error is above the text, not below a tall editor');
    await screenshot(page, `playground-outdated-${lang}-1440.png`);
    await page.click('#pg-example'); // leave the text field
    await page.selectOption('#pg-example', '0');
    await page.waitForFunction(() => !document.querySelector('#pg-outdated'));
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('phone and desktop, English and Japanese: the summary bar, a denial with its fixes and grouped retries fit the screen', async () => {
  for (const lang of ['en', 'ja']) {
    for (const size of [DESKTOP, PHONE]) {
      const tag = `${lang}-${size.viewport.width}`;
      const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, size);
      await loadPreset(page, 'firehose-source-missing-decrypt');
      await page.locator('.tl-group').first().waitFor();
      await page.locator('#summary-bar').scrollIntoViewIfNeeded();
      await screenshot(page, `summary-grouped-${tag}.png`);
      await page.click('#first-failure');
      await page.locator('.fix-option').first().waitFor();
      await screenshot(page, `fix-firehose-decrypt-${tag}.png`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${tag}: no sideways scrolling (${overflow}px)`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});

test('chains said out loud: each option names where the run stops next; Fix all lists one fix per failure and applies them as one undoable edit; a removed Deny is shown struck through — English and Japanese, desktop and phone', async () => {
  for (const lang of ['en', 'ja']) {
    const w = lang === 'en'
      ? { next: /the run then stops at: .*(GetRecords|Decrypt)/, delivered: /^✓ ?10 of 10 records delivered/, denied: /^✗ ?0 of 10 records delivered/, control: /changes a control/ }
      : { next: /実行は次で止まります: .*(GetRecords|Decrypt)/, delivered: /^✓ ?10 件中 10 件のレコード/, denied: /^✗ ?10 件のレコードのうち、配信されたものはありません/, control: /制御を変更/ };
    for (const size of [DESKTOP, PHONE]) {
      const tag = `${lang}-${size.viewport.width}`;
      const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, size);
      await loadPreset(page, 'producer-missing-generate-data-key');
      await page.click('#first-failure');
      await page.locator('.fix-option').first().waitFor();
      assert.match((await page.textContent('#fix-option-0 .fix-next')).replace(/\s+/g, ' '), w.next);

      // Fix all: listed first, nothing changed yet.
      const denied = await outcome(page);
      await page.click('#fix-all-compute');
      await page.locator('#fix-all-list').waitFor();
      const steps = page.locator('.fix-all-step');
      assert.equal(await steps.count(), 2, `${tag}: the producer's fix, then Firehose's`);
      assert.match(await steps.nth(0).textContent(), /GenerateDataKey/);
      assert.match(await steps.nth(1).textContent(), /GetRecords|Decrypt/);
      assert.equal(await outcome(page), denied, 'listing changes nothing');
      await page.locator('#fix-all-list').scrollIntoViewIfNeeded();
      await screenshot(page, `fix-all-${tag}.png`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${tag}: no sideways scrolling (${overflow}px)`);

      // Apply all: one edit; everything delivered; one Undo returns to the denial.
      await page.click('#fix-all-apply');
      await page.waitForFunction((b) => {
        const t = document.querySelector('#run-outcome')?.textContent.replace(/\s+/g, ' ').trim();
        return t && t !== b && !/Running|実行中/.test(t);
      }, denied);
      await runToEnd(page);
      assert.match(await outcome(page), w.delivered);
      if (size === DESKTOP) { // the phone layout keeps Undo in its menu
        await page.click('#undo-button');
        await page.waitForFunction((re) => new RegExp(re).test((document.querySelector('#run-outcome')?.textContent ?? '').replace(/\s+/g, ' ').trim()), w.denied.source);
      }

      // A removal: the Deny it takes away, struck through, and marked as changing a control.
      await loadPreset(page, 'explicit-deny');
      await page.click('#first-failure');
      await page.locator('.fix-option').first().waitFor();
      const removal = page.locator('.fix-option:has(.fix-removed)').first();
      assert.ok(await removal.count(), `${tag}: an option that removes something`);
      assert.match(await removal.locator('.fix-removed del').textContent(), /"Effect": "Deny"/);
      assert.match(await removal.locator('.fix-badges').textContent(), w.control);
      await removal.scrollIntoViewIfNeeded();
      await screenshot(page, `fix-removal-${tag}.png`);
      // Show me: the editor's preview strikes through what Apply removes.
      await removal.locator('.fix-show').click();
      await page.locator('.fix-removed-lines del').first().waitFor();
      assert.match(await page.locator('.fix-removed-lines').first().textContent(), /DenyProducerRole/);
      await page.locator('.fix-removed-lines').first().scrollIntoViewIfNeeded();
      await screenshot(page, `fix-show-removal-${tag}.png`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
