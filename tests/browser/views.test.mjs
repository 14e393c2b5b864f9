// Reading a step, state that tells the truth, the phone layout and accessibility, in
// headless Chromium against the release build: the envelope drawn with one encoding for key
// bytes, timeline rows that open in view, the preset picker after loadScenario / a link /
// an import / an edit, the error banner, the top bar's switches, the embedding API, play
// speed, no sideways scrolling at 390 px, Japanese that never breaks inside an API name, and
// axe-core over every mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openPage, screenshot } from './lib/harness.mjs';

const AXE = await readFile(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The app at `fragment` (the sandbox by default: a fresh page is the first visit's tutorial). */
async function open(fragment = '#mode=sandbox', options) {
  const opened = await openPage(browser, `${server.url}${fragment}`, options);
  await opened.page.waitForSelector('#step-button, #pg-title');
  return opened;
}

async function counter(page) {
  const m = /(\d+)\D+(\d+)/.exec(await page.textContent('#step-counter'));
  return { at: Number(m[1]), total: Number(m[2]) };
}

/** Opens the details of the current row on `tab`. */
async function details(page, tab) {
  await page.click('.tl-row.current');
  await page.waitForSelector('#step-details');
  await page.click(`#tab-${tab}`);
  await page.waitForSelector('#tab-panel');
}

/** The width the page lays out at and the width it scrolls to. */
async function widths(page) {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

test('the Envelope tab draws the step and writes key bytes in one encoding, base64 as the Response tab or hex', async () => {
  const { page, context, problems } = await open('#step=8');
  await details(page, 'request');
  const response = JSON.parse(await page.locator('#tab-panel pre').nth(1).textContent());
  assert.ok(response.Plaintext && response.CiphertextBlob, 'GenerateDataKey returns both');
  await page.click('#tab-envelope');
  await page.waitForSelector('#tab-panel .env-figure svg');
  const field = (name) => page.locator(`#tab-panel [data-field="${name}"] dd`).textContent();
  assert.equal(await field('data-key'), response.Plaintext);
  assert.equal(await field('blob'), response.CiphertextBlob);
  // GenerateDataKey has no record: no empty rows, and it says what it produced.
  for (const absent of ['plaintext', 'nonce', 'ciphertext']) {
    assert.equal(await page.locator(`#tab-panel [data-field="${absent}"]`).count(), 0, `${absent} is not shown`);
  }
  assert.doesNotMatch(await page.textContent('#tab-panel dl'), /—\s*$/m);
  assert.match(await page.textContent('#env-produced'), /A new data key/);
  assert.match(await page.textContent('.env-figure title'), /New data key.*→ GenerateDataKey: KMS key KinesisKey → CiphertextBlob/);
  await screenshot(page, 'views-envelope-base64.png');
  // Hex: the same bytes.
  await page.click('#encoding-hex');
  assert.equal(await page.getAttribute('#encoding-hex', 'aria-pressed'), 'true');
  assert.equal(await field('data-key'), Buffer.from(response.Plaintext, 'base64').toString('hex'));
  assert.equal(await field('blob'), Buffer.from(response.CiphertextBlob, 'base64').toString('hex'));
  // The choice holds for the next step (the PutRecord: a 12-byte nonce is 24 hex digits).
  await page.click('.tl-row[data-step="6"]');
  await page.waitForSelector('#tab-panel [data-field="nonce"]');
  assert.match(await field('nonce'), /^[0-9a-f]{24}$/);
  assert.equal(await page.locator('.env-figure .env-lane').count(), 2, 'the key wrapped, the record sealed');
  await page.click('#encoding-base64');
  assert.match(await field('nonce'), /^[A-Za-z0-9+/]{16}$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('GetRecords lists every record it returned with its EncryptionType; a rejected PutRecord is not stored', async () => {
  const { page, context, problems } = await open('#step=21');
  await page.click('.tl-row >> text=GetRecords');
  await page.click('#tab-request');
  const records = JSON.parse(await page.locator('#tab-panel pre').nth(1).textContent()).Records;
  await page.click('#tab-envelope');
  await page.waitForSelector('#tab-panel .env-records');
  const rows = await page.locator('#tab-panel .env-records tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('.etype').textContent.trim()));
  assert.equal(rows.length, records.length);
  assert.deepEqual(rows, records.map((r) => r.EncryptionType ?? 'absent: plaintext'));
  assert.match(await page.textContent('#env-produced'), new RegExp(`Records returned: ${records.length}`));

  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.click('#end-button');
  await page.click('.tl-row.denied >> text=PutRecord');
  await page.click('#tab-envelope');
  const produced = await page.textContent('#env-produced');
  assert.match(produced, /Rejected \(KMSAccessDeniedException\): the stream did not store this record/);
  assert.doesNotMatch(await page.textContent('#tab-panel'), /stored as plaintext/);
  assert.equal(await page.locator('.env-lane.failed').count(), 1);
  await screenshot(page, 'views-envelope-rejected.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a timeline row makes its step current and opens its details in view; AssumeRole rows name their role; codes are whole', async () => {
  const { page, context, problems } = await open('#step=21');
  await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = 0; });
  await page.click('.tl-row[data-step="1"]');
  assert.deepEqual(await counter(page), { at: 2, total: 21 });
  assert.equal(await page.getAttribute('.tl-row.current', 'data-step'), '1');
  const box = await page.evaluate(() => {
    const r = document.getElementById('step-details').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  assert.ok(box.top >= 0 && box.top < box.height, `the details are in view: ${JSON.stringify(box)}`);
  // The steps after it stay listed, marked as ahead.
  await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector('.tl-row.ahead[data-step="20"]');
  await page.locator('#timeline-list').evaluate((el) => { el.scrollTop = 0; });
  await page.waitForSelector('.tl-row[data-step="0"]');
  assert.match(await page.textContent('#step-details h3'), /AssumeRole KinesisS3DestinationRole/);
  const ops = await page.locator('.tl-row[data-step="0"] .c-op, .tl-row[data-step="1"] .c-op').evaluateAll((els) => els.map((e) => e.title));
  assert.deepEqual(ops, ['AssumeRole KinesisStreamSourceRole', 'AssumeRole KinesisS3DestinationRole']);
  // Stepping goes on from the clicked step.
  await page.click('#step-button');
  assert.deepEqual(await counter(page), { at: 3, total: 21 });

  // Outcome codes are shown whole, on the desktop and on a phone.
  for (const options of [{ viewport: { width: 1440, height: 900 } }, PHONE]) {
    const o = await open('#mode=sandbox', options);
    await o.page.selectOption('#preset-select', 'producer-missing-generate-data-key');
    await o.page.click('#preset-load');
    await o.page.click('#end-button');
    await o.page.waitForSelector('.tl-row.denied');
    const cells = await o.page.locator('.tl-row.denied .c-outcome').evaluateAll((els) => els.map((e) => ({
      text: e.textContent, title: e.title, clipped: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
    })));
    assert.ok(cells.length > 0);
    for (const c of cells) {
      assert.ok(!c.clipped, `outcome cut: ${JSON.stringify(c)}`);
      assert.match(c.title, /^KMSAccessDeniedException|^AccessDeniedException/);
    }
    await screenshot(o.page, `views-outcomes-${options.viewport.width}.png`);
    assert.deepEqual(o.problems, []);
    await o.context.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the preset picker says "custom scenario" or "<preset> (edited)" after an edit, an import, a share link and loadScenario', async () => {
  const { page, context, problems } = await open();
  const current = async (p = page) => (await p.textContent('#preset-current')).replace(/\s+/g, ' ').trim();
  assert.equal(await current(), 'Current scenario: happy-path');
  await page.click('g.node[data-stage="Lambda"]');
  await page.fill('#producer-invocations', '3');
  await page.waitForFunction(() => /\(edited\)/.test(document.querySelector('#preset-current').textContent));
  assert.equal(await current(), 'Current scenario: happy-path (edited)');
  assert.match(await page.textContent('#preset-select option:checked'), /happy-path \(edited\)/);
  assert.equal(await page.isDisabled('#preset-load'), true, 'nothing chosen to load');
  // A share link of it is a custom scenario.
  await page.click('#share-button');
  const link = await page.evaluate(() => location.href);
  const viaLink = await openPage(browser, link);
  await viaLink.page.waitForSelector('#preset-current');
  assert.equal(await current(viaLink.page), 'Current scenario: custom scenario');
  await viaLink.context.close();
  // Undo returns to the preset; loading another names it.
  await page.click('#undo-button');
  await page.waitForFunction(() => /happy-path$/.test(document.querySelector('#preset-current').textContent.trim()));
  await page.selectOption('#preset-select', 'sse-off');
  await page.click('#preset-load');
  await page.waitForFunction(() => /sse-off$/.test(document.querySelector('#preset-current').textContent.trim()));
  // An import is a custom scenario, in Japanese too.
  const doc = JSON.parse(await page.evaluate(() => fetch('embed-scenario.json').then((r) => r.text())));
  doc.producers[0].invocations = 2;
  await page.setInputFiles('#import-input', { name: 's.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => /custom scenario/.test(document.querySelector('#preset-current').textContent));
  await page.selectOption('#lang-select', 'ja');
  await page.waitForFunction(() => /カスタムシナリオ/.test(document.querySelector('#preset-current').textContent));
  assert.deepEqual(problems, []);
  await context.close();

  // loadScenario from an embedding page.
  const host = await openPage(browser, `${server.url}embed-example.html`);
  await host.page.waitForSelector('#log .msg-ready');
  const frame = host.page.frameLocator('#lab');
  assert.match(await frame.locator('#preset-current').textContent(), /happy-path/);
  await host.page.click('#ex-load');
  await frame.locator('#preset-current[data-origin="custom"]').waitFor();
  assert.match(await frame.locator('#preset-current').textContent(), /custom scenario/);
  assert.deepEqual(host.problems, []);
  await host.context.close();
});

test('a top-bar switch is pressed only while its panel is shown', async () => {
  const { page, context, problems } = await open();
  await page.click('#panel-logs');
  assert.equal(await page.getAttribute('#panel-logs', 'aria-pressed'), 'true');
  assert.ok(await page.isVisible('#side-panel'));
  await page.click('#mode-playground');
  await page.waitForSelector('#pg-title');
  assert.equal(await page.locator('#panel-logs, #panel-objects, #panel-cost').count(), 0, 'the playground shows no side panel, so no switch');
  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-panel');
  assert.equal(await page.getAttribute('#panel-logs', 'aria-pressed'), 'true');
  const panel = await page.evaluate(() => {
    const r = document.getElementById('side-panel').getBoundingClientRect();
    return { top: r.top, height: innerHeight };
  });
  assert.ok(panel.top < panel.height, `the tutorial shows the open panel in view: ${JSON.stringify(panel)}`);
  await page.click('#side-panel .details-head button');
  assert.equal(await page.getAttribute('#panel-logs', 'aria-pressed'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

/** A host page that records every message its iframe `lab2` (at `fragment`) posts. */
async function hostPage(fragment) {
  const opened = await openPage(browser, `${server.url}embed-example.html`);
  await opened.page.evaluate((src) => {
    window.messages = [];
    addEventListener('message', (e) => { if (e.source === document.getElementById('lab2').contentWindow) window.messages.push(e.data); });
    const f = document.createElement('iframe');
    f.id = 'lab2';
    f.src = src;
    document.body.appendChild(f);
  }, `index.html${fragment}`);
  await opened.page.waitForFunction(() => window.messages.some((m) => m.type === 'ready'));
  return opened;
}

const post = (page, message) => page.evaluate((m) => document.getElementById('lab2').contentWindow.postMessage(m, '*'), message);

test('embedding: one step-0 message after loadScenario, loadLesson opens the tutorial, an unknown message is answered with an error', async () => {
  const { page, context, problems } = await hostPage('#embed=1&lang=en');
  const frame = page.frameLocator('#lab2');
  await post(page, { type: 'step', count: 3 });
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'step' && m.step === 3));
  const scenario = await page.evaluate(() => fetch('embed-scenario.json').then((r) => r.json()));
  scenario.producers[0].invocations = 2;
  const mark = await page.evaluate(() => window.messages.length);
  await post(page, { type: 'loadScenario', scenario });
  await page.waitForFunction((n) => window.messages.slice(n).some((m) => m.type === 'step' && m.step === 0), mark);
  await page.waitForTimeout(600);
  const after = await page.evaluate((n) => window.messages.slice(n), mark);
  assert.equal(after.filter((m) => m.type === 'step' && m.step === 0).length, 1, JSON.stringify(after));

  await post(page, { type: 'teleport' });
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'error'));
  const error = await page.evaluate(() => window.messages.find((m) => m.type === 'error'));
  assert.match(error.message, /unknown message type "teleport"/);
  await post(page, { type: 'step', count: 'x' });
  await page.waitForFunction(() => window.messages.filter((m) => m.type === 'error').length === 2);

  assert.equal(await frame.locator('#lesson-panel').count(), 0, 'sandbox, no lesson panel');
  const lesson = JSON.parse(await readFile(new URL('../../lessons/01-pipeline-in-the-clear.json', import.meta.url), 'utf8'));
  await post(page, { type: 'loadLesson', lesson: { ...lesson, id: 'embedded-lesson', title: { en: 'Embedded', ja: '埋め込み' } } });
  await frame.locator('#lesson-panel[data-lesson="embedded-lesson"]').waitFor();
  assert.match(await frame.locator('#lesson-title').textContent(), /Embedded/);
  // A broken lesson is reported to the page as well as in the panel.
  await post(page, { type: 'loadLesson', lesson: '{"format": 1}' });
  await page.waitForFunction(() => window.messages.some((m) => m.type === 'error' && /^loadLesson/.test(m.message)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('play at 100 steps/s plays 100 steps a second', async () => {
  const { page, context, problems } = await open();
  await page.click('g.node[data-stage="Lambda"]');
  await page.fill('#producer-invocations', '60');
  await page.waitForFunction(() => /^Step 0 of \d{3,}$/.test(document.querySelector('#step-counter').textContent.trim()));
  await page.selectOption('#speed-select', '100');
  const played = await page.evaluate(async () => {
    const at = () => Number(/Step (\d+)/.exec(document.querySelector('#step-counter').textContent)[1]);
    document.querySelector('#play-button').click();
    const [n0, t0] = [at(), performance.now()];
    await new Promise((r) => setTimeout(r, 2000));
    const [n1, t1] = [at(), performance.now()];
    document.querySelector('#play-button').click();
    return { steps: n1 - n0, seconds: (t1 - t0) / 1000 };
  });
  const rate = played.steps / played.seconds;
  assert.ok(rate >= 80 && rate <= 115, `played ${played.steps} steps in ${played.seconds.toFixed(2)} s (${rate.toFixed(0)}/s)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the moving record never covers a name in the diagram', async () => {
  const { page, context, problems } = await open('#step=6');
  await page.click('#step-button'); // PutRecord: a record travels from Lambda into the stream
  const path = await page.getAttribute('.token animateMotion', 'path');
  const [, x1, y1, x2, y2] = /M (\d+) (\d+) L (\d+) (\d+)/.exec(path).map(Number);
  const boxes = await page.locator('g.node').evaluateAll((gs) => gs.map((g) => {
    const [, x, y] = /translate\((\d+) (\d+)\)/.exec(g.getAttribute('transform')).map(Number);
    const r = g.querySelector('rect');
    return { x, y, w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')) };
  }));
  // The dot (radius 9) stays outside every box all along its path.
  for (let t = 0; t <= 1.0001; t += 0.05) {
    const [cx, cy] = [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
    for (const b of boxes) {
      const apart = cx + 9 <= b.x || cx - 9 >= b.x + b.w || cy + 9 <= b.y || cy - 9 >= b.y + b.h;
      assert.ok(apart, `dot at ${cx},${cy} over ${JSON.stringify(b)}`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ['en', 'ja']) {
  test(`phone (390×844), ${lang}: the top bar is a menu, the diagram stands upright, and no view scrolls sideways`, async () => {
    const { page, context, problems } = await open(`#lang=${lang}&step=8`, PHONE);
    const fits = async (what) => {
      const w = await widths(page);
      assert.ok(w.scroll <= 390 && w.inner === 390, `${what}: ${JSON.stringify(w)}`);
    };
    assert.equal(await page.isVisible('#topbar-menu'), false, 'the menu starts folded');
    assert.ok((await page.locator('.topbar').boundingBox()).height < 90, 'the top bar is one line');
    assert.match(await page.getAttribute('svg.diagram', 'viewBox'), /^0 0 360 /);
    await fits('sandbox');
    await page.click('#menu-toggle');
    await fits('menu open');
    await screenshot(page, `views-phone-menu-${lang}.png`);
    await page.click('#menu-toggle');
    for (const tab of ['request', 'authorization', 'envelope', 'cloudtrail']) {
      if (tab === 'request') await details(page, tab); else await page.click(`#tab-${tab}`);
      await fits(`details, ${tab}`);
    }
    await screenshot(page, `views-phone-envelope-${lang}.png`);
    for (const panel of ['objects', 'logs', 'cost']) {
      await page.click('#menu-toggle');
      await page.click(`#panel-${panel}`);
      await page.waitForSelector('#side-panel');
      await fits(`panel ${panel}`);
    }
    await page.click('#menu-toggle');
    await page.click('#mode-tutorial');
    await page.waitForSelector('#lesson-panel[data-lesson]');
    await fits('tutorial, the lesson');
    await page.click('#pane-simulator');
    await page.click('#step-button');
    await details(page, 'envelope');
    await fits('tutorial, the simulator with a step open');
    await page.click('#menu-toggle');
    await page.click('#mode-playground');
    await page.waitForSelector('#pg-title');
    await fits('playground');
    await screenshot(page, `views-phone-playground-${lang}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('Japanese: API names, operators and results never break inside a word; the preset list is not cut', async () => {
  for (const options of [{ viewport: { width: 1440, height: 900 } }, PHONE]) {
    const { page, context, problems } = await open('#lang=ja&mode=playground', options);
    await page.waitForSelector('.conditions');
    const broken = await page.evaluate(() => {
      const lines = (el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      };
      return [...document.querySelectorAll('.conditions th, .conditions .cond-op code, .conditions .cond-result, .stmt-head strong, .stmt .effect')]
        .filter((el) => el.getClientRects().length && lines(el) > 1)
        .map((el) => el.textContent.trim());
    });
    assert.deepEqual(broken, [], `broken inside a word at ${options.viewport.width} px`);
    // Condition keys break only between their parts (after a colon).
    const keys = await page.evaluate(() => [...document.querySelectorAll('.conditions .cond-key code')].map((el) => {
      const range = document.createRange();
      const pieces = [];
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        range.selectNodeContents(node);
        pieces.push({ text: node.textContent, lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size });
      }
      return pieces;
    }).flat().filter((p) => p.lines > 1));
    assert.deepEqual(keys, [], 'a condition key broken inside a part');
    await screenshot(page, `views-ja-playground-${options.viewport.width}.png`);

    await page.click(options.isMobile ? '#menu-toggle' : '#mode-sandbox');
    if (options.isMobile) await page.click('#mode-sandbox');
    await page.waitForSelector('#preset-select');
    const cut = await page.evaluate(() => {
      const select = document.getElementById('preset-select');
      const style = getComputedStyle(select);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return [...select.options].filter((o) => ctx.measureText(o.textContent).width > room).map((o) => o.textContent);
    });
    assert.deepEqual(cut, [], `preset names cut at ${options.viewport.width} px`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('Japanese: the authorization view has no English left', async () => {
  const { page, context, problems } = await open('#lang=ja&step=8');
  await details(page, 'authorization');
  const text = await page.textContent('#tab-panel');
  assert.doesNotMatch(text, /account → IAM|\(direct\)|named directly|everyone/);
  assert.match(text, /アカウント → IAM ポリシーで判定/);
  assert.match(text, /全員 \(\*\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  for (const lang of ['en', 'ja']) {
    test(`axe-core finds no violation in any mode, ${colorScheme}, ${lang}, with a step's details open`, async () => {
      const { page, context, problems } = await open(`#lang=${lang}&step=8`, { colorScheme });
      const found = [];
      for (const tab of ['request', 'authorization', 'envelope', 'cloudtrail']) {
        if (tab === 'request') await details(page, tab); else await page.click(`#tab-${tab}`);
        found.push(...(await axeViolations(page)).map((v) => `sandbox/${tab}: ${v}`));
      }
      await page.click('#panel-objects');
      await page.click('.open-object').catch(() => {});
      found.push(...(await axeViolations(page)).map((v) => `sandbox/objects: ${v}`));
      await page.click('#mode-tutorial');
      await page.waitForSelector('#lesson-panel[data-lesson]');
      await page.click('#step-button');
      await details(page, 'envelope');
      found.push(...(await axeViolations(page)).map((v) => `tutorial: ${v}`));
      await page.click('#mode-playground');
      await page.waitForSelector('#pg-title');
      found.push(...(await axeViolations(page)).map((v) => `playground: ${v}`));
      // The skip link leads to the main content in every mode.
      await page.focus('.skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      assert.deepEqual(found, []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
