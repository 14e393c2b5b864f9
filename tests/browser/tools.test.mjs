// The policy tools worker (issue 24): the linter and the playground's fix engine run in a
// Web Worker of their own (src/tools_work.rs), not in the app's Wasm; the page starts it in
// the background once it is interactive, and the editors' findings and the playground's
// fixes come from it. A worker that cannot load leaves the page working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveDist, launch, dist, root, runToEnd, presetLoaded, openPageToolsHeld } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const TOOLS_FILES = ['tools-worker.js', 'envelope-lab-tools.js', 'envelope-lab-tools_bg.wasm'];
const OPEN_KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }],
}, null, 2);

test("the linter, the fix engine, the run fixes and the goal checks are in the worker's Wasm, not the app's", () => {
  const app = readFileSync(join(dist, 'envelope-lab-web_bg.wasm'));
  const tools = readFileSync(join(dist, 'envelope-lab-tools_bg.wasm'));
  // Finding codes of three lint rule files, and a sentence of the fix engine's probes.
  for (const s of ['KMS_ALL_ACTIONS_TO_EVERYONE', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL']) {
    assert.ok(!app.includes(s), `the app's Wasm has no linter (${s})`);
    assert.ok(tools.includes(s), `the worker's Wasm has the linter (${s})`);
  }
  // Sentences of the policy comparison (policy::compare) and of the run fixes' verification
  // re-runs (sim::fixes): the sandbox's Fix tab asks the worker too.
  for (const s of ['every principal in any other account', 'a re-run of the scenario with this edit still fails the same way', 'AES-GCM authenticates every bit of the ciphertext']) {
    assert.ok(!app.includes(s), `the app's Wasm has no fix engine (${s})`);
    assert.ok(tools.includes(s), `the worker's Wasm has the fix engine (${s})`);
  }
  // Stage notes of the evaluation path (policy::path, English and Japanese as UTF-8) and a
  // sentence of the playground's conditions that protect nothing (policy::analysis): the
  // Authorization tab and the playground ask the worker for them.
  for (const s of [
    'no session policy was passed with these credentials',
    'この認証情報にはセッションポリシーは渡されていません',
    'lets the request through without granting anything',
    'but the request would be allowed without it',
  ]) {
    assert.ok(!app.includes(s), `the app's Wasm has no evaluation path (${s})`);
    assert.ok(tools.includes(s), `the worker's Wasm has the evaluation path (${s})`);
  }
  // Details of the lessons' goal checks (engine/src/lessons/checks.rs), English and Japanese
  // (UTF-8 bytes): the checklist asks the worker (src/goal_work.rs).
  for (const s of ['is not close enough', 'は正解から離れすぎています', 'matching failed', '件のリクエストがすべて想定どおりに判定されました']) {
    assert.ok(!app.includes(Buffer.from(s, 'utf8')), `the app's Wasm has no goal checks (${s})`);
    assert.ok(tools.includes(Buffer.from(s, 'utf8')), `the worker's Wasm has the goal checks (${s})`);
  }
});

test("the organization and client-side presets' builders are in the worker's Wasm, not the app's", () => {
  const app = readFileSync(join(dist, 'envelope-lab-web_bg.wasm'));
  const tools = readFileSync(join(dist, 'envelope-lab-tools_bg.wasm'));
  // String literals of sim::org_presets and sim::client_side_presets (statement ids, key
  // descriptions) that neither the picker's descriptions nor any lesson file holds: the
  // page lists these presets from the engine's catalogue and asks the worker for them.
  for (const s of [
    'AllowWorkloadFirehoseThroughS3',
    'DenyScheduleKeyDeletionExceptBreakGlass',
    "The log-archive account's key for the central bucket",
    "The producer's key for client-side encryption",
    'producer-key-via-kinesis',
  ]) {
    assert.ok(!app.includes(s), `the app's Wasm has no lazy preset builder (${s})`);
    assert.ok(tools.includes(s), `the worker's Wasm has the preset builders (${s})`);
  }
});

/** The native CLI (built from this checkout). */
function cli(args) {
  const out = execFileSync('cargo', ['build', '--quiet', '--message-format=json', '-p', 'envelope-lab', '--bin', 'envelope-lab'],
    { cwd: root, encoding: 'utf8', timeout: 900000, maxBuffer: 64 * 1024 * 1024 });
  const exe = out.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'envelope-lab' && m.executable)?.executable;
  assert.ok(exe, 'cargo built the envelope-lab binary');
  return execFileSync(exe, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

for (const lang of ['en', 'ja']) {
  test(`${lang}: an organization preset picked while the worker loads: the Load button is busy, then the CLI's scenario runs`, async () => {
    const name = 'org-central-log-archive';
    const want = JSON.parse(cli(['scenario', '--preset', name]));
    const wantHash = JSON.parse(cli(['run', '--preset', name, '--seed', '1', '--summary'])).trace_sha256;
    const { page, context, problems, release } = await openPageToolsHeld(browser, `${server.url}#mode=sandbox&lang=${lang}`, { locale: lang });
    await page.waitForSelector('#step-button');
    const before = (await page.textContent('#preset-current strong')).trim();
    await page.selectOption('#preset-select', name);
    await page.click('#preset-load');
    const loading = page.locator('#preset-loading[role="status"]');
    await loading.waitFor();
    const words = lang === 'en' ? 'Loading the preset…' : 'プリセットを読み込んでいます…';
    assert.equal((await loading.textContent()).trim(), words);
    assert.equal(await page.getAttribute('#preset-load', 'aria-busy'), 'true');
    assert.ok(await page.isDisabled('#preset-load'));
    // Said once: the button keeps its label while the status line says it is loading.
    assert.equal((await page.textContent('#preset-load')).trim(), lang === 'en' ? 'Load preset' : 'プリセットを読み込む');
    assert.equal(await page.getByText(words, { exact: true }).count(), 1);
    // Nothing else is shown meanwhile: the scenario is still the one before.
    await page.waitForTimeout(300);
    assert.equal((await page.textContent('#preset-current strong')).trim(), before);
    release();
    await presetLoaded(page, name);
    assert.equal(await page.getAttribute('#preset-load', 'aria-busy'), null);
    assert.equal((await page.textContent('#preset-load')).trim(), lang === 'en' ? 'Load preset' : 'プリセットを読み込む');
    // The scenario the page holds (its saved work) is the CLI's, and so is its run.
    const held_ = () => page.evaluate(() => JSON.parse(localStorage.getItem('envelope-lab:v1') ?? 'null')?.scenario);
    const started = Date.now();
    while (JSON.stringify(await held_()) === undefined && Date.now() - started < 10000) await page.waitForTimeout(100);
    for (let i = 0; i < 50; i++) {
      try { assert.deepEqual(await held_(), want); break; } catch (e) { if (i === 49) throw e; await page.waitForTimeout(200); }
    }
    await runToEnd(page);
    await page.click('#panel-cost');
    await page.click('#run-summary summary');
    await page.waitForFunction((w) => document.querySelector('#trace-sha256')?.textContent.trim() === w, wantHash, { timeout: 30000 });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const lang of ['en', 'ja']) {
  test(`${lang}: the Authorization tab says the evaluation path is loading while the worker works, then draws it`, async () => {
    // The worker's Wasm arrives late, so the tab's ask waits for it.
    const { page, context, problems, release } = await openPageToolsHeld(browser, `${server.url}#mode=sandbox&lang=${lang}`, { locale: lang });
    await page.waitForSelector('#step-button');
    await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
    await page.click('#preset-load');
    await page.locator('#first-failure').click({ timeout: 30000 });
    await page.click('#tab-authorization');
    // The decision and statements are there at once; the path's place says it is coming.
    assert.match(await page.textContent('#cause-authz .decision'), lang === 'en' ? /Implicit deny/ : /暗黙的な拒否/);
    const loading = page.locator('#cause-authz .eval-path[aria-busy="true"] [role="status"]');
    await loading.waitFor();
    assert.equal((await loading.textContent()).trim(), lang === 'en' ? 'Loading the evaluation path…' : '評価の経路を読み込んでいます…');
    assert.equal(await page.locator('#cause-authz .eval-stage').count(), 0);
    release();
    // Then the path replaces it.
    const stopped = page.locator('#cause-authz .eval-stage.stopped');
    await stopped.waitFor({ timeout: 30000 });
    assert.equal(await stopped.getAttribute('data-stage'), 'IdentityPolicies');
    assert.equal(await page.locator('#cause-authz .eval-path[aria-busy="false"]').count(), 1);
    assert.equal(await page.locator('#cause-authz .eval-path [role="status"]').count(), 0);
    assert.match(await page.textContent('#cause-authz .eval-sources'), /IAM/);
    assert.ok(await page.locator('#cause-authz .badge.role').count() > 0, 'every statement has its part');
    assert.ok(await page.locator('#cause-authz .eval-stage.stopped.denied').count() === 1, 'the nested call was denied');
    // The step's own authorization (PutRecord, allowed) has its own path, not its cause's.
    await page.click('#own-authz summary');
    const own = page.locator('#own-authz .eval-stage.stopped');
    await own.waitFor({ timeout: 30000 });
    assert.equal(await page.locator('#own-authz .eval-stage.denied').count(), 0, 'no stage of the own call denied');
    assert.equal(await page.locator('#own-authz .eval-stage.allowed').getAttribute('data-stage'), 'IdentityPolicies');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the worker starts in the background after the first screen; lint findings and playground fixes come from it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname.split('/').pop()));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  // Warmed once the page is idle, with no action of the learner (the worker's own fetches
  // are the context's requests, not the page's resource timing).
  const started = Date.now();
  while (!requests.includes('envelope-lab-tools_bg.wasm') && Date.now() - started < 20000) await page.waitForTimeout(100);
  assert.ok(requests.includes('envelope-lab-tools_bg.wasm'), 'the worker was started without any action');
  await page.click('#mode-playground');
  await page.waitForSelector('#pg-example');
  await page.fill('#pg-key-policy', OPEN_KEY_POLICY);
  const finding = page.locator('.policy-editor:has(#pg-key-policy) .finding code', { hasText: 'KMS_ALL_ACTIONS_TO_EVERYONE' });
  await finding.first().waitFor({ timeout: 20000 });
  // A denied example: its verified fixes come from the worker.
  await page.selectOption('#pg-example', '3');
  await page.locator('#pg-fixes .fix-option').first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#pg-fixes .fix-option').first().getAttribute('data-kind'), 'identity_statement');
  for (const f of TOOLS_FILES) assert.equal(requests.filter((r) => r === f).length, 1, `${f} was loaded once`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a worker that cannot load: the editors still check the policy, the playground still decides, the Fix tab says why it has no fixes', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.route('**/envelope-lab-tools_bg.wasm', (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  await page.click('#mode-playground');
  await page.selectOption('#pg-example', '3');
  assert.match(await page.textContent('.pg-result .decision'), /Implicit deny/);
  await page.fill('#pg-key-policy', '{ "Version": ');
  await page.waitForSelector('#pg-outdated');
  // The sandbox's Fix tab says why it has no fixes rather than computing for ever.
  await page.click('#mode-sandbox');
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.locator('#first-failure').click({ timeout: 30000 });
  const status = page.locator('#fix-status.editor-error[role="alert"]');
  await status.waitFor({ timeout: 30000 });
  assert.match(await status.textContent(), /the policy tools could not start/);
  // The Authorization tab keeps its decision; the path's place says why it is missing.
  await page.click('#tab-authorization');
  assert.match(await page.textContent('#cause-authz .decision'), /Implicit deny/);
  const pathFailed = page.locator('#cause-authz .eval-path [role="alert"]');
  await pathFailed.waitFor({ timeout: 30000 });
  assert.match(await pathFailed.textContent(), /The evaluation path could not be worked out: the policy tools could not start/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a finished run's first failure: its fixes are asked of the worker before the Fix tab opens, and the tab asks for the same step", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // What the page posts to its workers (the tools worker's jobs are JSON text).
  await context.addInitScript(() => {
    window.__jobs = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (typeof msg === 'string') window.__jobs.push(msg);
      return post.call(this, msg, ...rest);
    };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}#mode=sandbox&lang=en`);
  await page.waitForSelector('#step-button');
  const runFixes = async () => (await page.evaluate(() => window.__jobs))
    .map((j) => JSON.parse(j).run_fixes).filter(Boolean);
  // The default scenario has no failure: nothing is asked.
  await page.waitForTimeout(1500);
  assert.deepEqual(await runFixes(), [], 'no fixes asked for a run without a failure');
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.waitForSelector('#first-failure');
  const started = Date.now();
  while ((await runFixes()).length === 0 && Date.now() - started < 20000) await page.waitForTimeout(100);
  const [early, ...more] = await runFixes();
  assert.ok(early, 'the first failure was asked for without a click');
  assert.equal(more.length, 0, 'asked once');
  assert.match(early.scenario, /"producer"|"roles"/);
  // Its evaluation path and its cause's (the nested GenerateDataKey) were asked for too,
  // before the fixes, for the same run.
  const jobs = (await page.evaluate(() => window.__jobs)).map((j) => JSON.parse(j));
  const paths = jobs.map((j) => j.eval_path).filter(Boolean);
  assert.equal(paths.length, 2, 'the failure and its cause');
  assert.equal(paths[0].row, early.step);
  assert.notEqual(paths[1].row, early.step);
  for (const p of paths) assert.deepEqual([p.seed, p.scenario], [early.seed, early.scenario]);
  assert.ok(jobs.findIndex((j) => j.eval_path) < jobs.findIndex((j) => j.run_fixes), 'the paths first');
  await page.click('#first-failure');
  await page.locator('.fix-option').first().waitFor({ timeout: 30000 });
  const asked = await runFixes();
  assert.equal(asked.length, 2, 'the Fix tab asked once more');
  assert.equal(asked[1].step, early.step, 'for the step asked ahead');
  assert.equal(asked[1].seed, early.seed);
  assert.equal(asked[1].scenario, early.scenario);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ['en', 'ja']) {
  test(`${lang}: the playground's cross-account ScheduleKeyDeletion offers no fix and says why, naming both accounts`, async () => {
    // Japanese on a phone: the deciding rule names the key's ARN, which must wrap.
    const width = lang === 'ja' ? 390 : 1280;
    const context = await browser.newContext({ viewport: { width, height: 860 }, locale: lang });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}#mode=playground&lang=${lang}`);
    await page.waitForSelector('#pg-example');
    // A key policy that trusts the other account for everything, and a caller there.
    await page.fill('#pg-key-policy', JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'kms:*', Resource: '*' }],
    }, null, 2));
    await page.fill('#pg-principal', 'arn:aws:iam::333333333333:role/Ops');
    await page.fill('#pg-caller', '333333333333');
    await page.fill('#pg-iam-policy', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
    }, null, 2));
    await page.selectOption('#pg-action', 'kms:ScheduleKeyDeletion');
    const reason = page.locator('#pg-fixes .fix-no-reason');
    await reason.waitFor({ timeout: 30000 });
    const text = await reason.textContent();
    assert.match(text, lang === 'en' ? /No policy edit can allow this request/ : /ポリシーをどう変更しても/);
    assert.match(text, /333333333333/);
    assert.match(text, /123456789012/, "the key's account");
    assert.equal(await page.locator('#pg-fixes .fix-option').count(), 0, 'no edit is offered');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'nothing scrolls the page sideways');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
