// Every width (issue [3/6] §4): with a long failing run whose timeline groups repeated
// steps, no page scrolls sideways and no two cells of a timeline row overlap, at a phone's
// 390 px, the phone layout's last 640 px, a documentation embed's 700 px and 820 px; on the
// desktop, group rows line up with step rows. Screenshots in English and Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, openPage, runToEnd, screenshot } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The failing preset run long: every invocation's PutRecord denied, repeated. */
async function longFailingRun(page) {
  await page.selectOption('#preset-select', 'producer-missing-generate-data-key');
  await page.click('#preset-load');
  await page.click('g.node[data-stage="Lambda"]');
  await page.fill('#producer-invocations', '40');
  await page.waitForFunction(() => !document.querySelector('#producer-invocations').classList.contains('invalid'));
  await runToEnd(page);
  await page.waitForSelector('.tl-group');
  await page.waitForSelector('.tl-row.denied, .tl-group.denied');
}

/** Cells of every rendered timeline row that overlap another cell of the same row. */
function overlaps(page) {
  return page.evaluate(() => {
    const found = [];
    for (const row of document.querySelectorAll('.tl-head, .tl-row, .tl-group, .tl-idle')) {
      const cells = [...row.children].filter((c) => getComputedStyle(c).display !== 'none')
        .map((c) => ({ cls: c.className, r: c.getBoundingClientRect() }))
        .filter((c) => c.r.width > 0 && c.r.height > 0);
      for (let i = 0; i < cells.length; i++) {
        for (let j = i + 1; j < cells.length; j++) {
          const a = cells[i].r;
          const b = cells[j].r;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 1 && y > 1) found.push(`${row.className}: ${cells[i].cls} × ${cells[j].cls}`);
        }
      }
      // Every cell stays inside its row.
      const box = row.getBoundingClientRect();
      for (const c of cells) {
        if (c.r.right > box.right + 1 || c.r.left < box.left - 1) found.push(`${row.className}: ${c.cls} outside the row`);
      }
    }
    return [...new Set(found)];
  });
}

/** The x of each column in step rows and in group rows (desktop: they line up). */
function columns(page) {
  return page.evaluate(() => {
    const xs = (sel) => {
      const row = document.querySelector(sel);
      if (!row) return null;
      return Object.fromEntries([...row.children].filter((c) => getComputedStyle(c).display !== 'none')
        .map((c) => [c.className.split(' ')[0], Math.round(c.getBoundingClientRect().left)]));
    };
    return { step: xs('.tl-row'), group: xs('.tl-group'), head: xs('.tl-head') };
  });
}

for (const lang of ['en', 'ja']) {
  test(`${lang}: no sideways scroll and no overlapping cells at 390, 640, 700 and 820 px`, async () => {
    for (const width of [390, 640, 700, 820]) {
      const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, {
        viewport: { width, height: 760 },
      });
      await longFailingRun(page);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
      assert.ok(scroll <= inner, `${lang} ${width} px: the page is ${scroll} px wide`);
      assert.deepEqual(await overlaps(page), [], `${lang} ${width} px`);
      // Error codes are whole (wrapped between words, never cut).
      const cut = await page.locator('.tl-row.denied .c-outcome, .tl-group.denied .c-outcome').evaluateAll((els) => els
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent));
      assert.deepEqual(cut, [], `${lang} ${width} px: outcome cut`);
      if (width > 640) {
        const { step, group } = await columns(page);
        for (const [cell, x] of Object.entries(group)) {
          if (step[cell] !== undefined) assert.ok(Math.abs(step[cell] - x) <= 2, `${lang} ${width} px: ${cell} at ${x} in a group row, ${step[cell]} in a step row`);
        }
      }
      await screenshot(page, `widths-${lang}-${width}.png`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

test('desktop: group rows line up with step rows', async () => {
  const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox`, { viewport: { width: 1280, height: 860 } });
  await longFailingRun(page);
  const { step, group, head } = await columns(page);
  for (const [cell, x] of Object.entries(step)) {
    assert.ok(Math.abs(group[cell] - x) <= 2, `${cell}: ${x} in a step row, ${group[cell]} in a group row`);
    assert.ok(Math.abs(head[cell] - x) <= 2, `${cell}: ${x} in a step row, ${head[cell]} in the heading`);
  }
  assert.deepEqual(await overlaps(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone: the tutorial has the summary bar; Next lesson lands at the lesson heading; the welcome shows the diagram it talks about', async () => {
  const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  // The welcome, on a first visit.
  {
    // The controls are not part of the welcome's first step: wait for the welcome itself.
    const { page, context, problems } = await openPage(browser, `${server.url}`, PHONE);
    await page.waitForSelector('#welcome[data-step="0"]');
    const welcomeTop = await page.locator('#welcome-title').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(welcomeTop < 400, `the welcome comes first (${welcomeTop}px)`);
    assert.match(await page.textContent('#welcome'), /diagram/);
    const diagram = await page.locator('.diagram-panel').boundingBox();
    assert.ok(diagram && diagram.height > 50, 'the diagram the welcome talks about is shown');
    await screenshot(page, 'widths-phone-welcome.png');
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { page, context, problems } = await openPage(browser, `${server.url}#mode=tutorial&lesson=02-kinesis-sse-aws-managed-key`, PHONE); // the simulator is behind its tab
  await page.waitForSelector('#lesson-panel[data-lesson="02-kinesis-sse-aws-managed-key"]');
  await page.click('#pane-simulator');
  await runToEnd(page);
  await page.waitForSelector('#summary-bar #run-outcome');
  await page.click('#pane-lesson');
  while (await page.locator('#hint-button').count() > 0) await page.click('#hint-button');
  await page.click('#solution-button');
  await page.click('#apply-solution');
  await page.waitForSelector('#next-lesson');
  await page.click('#next-lesson');
  await page.waitForSelector('#lesson-panel[data-lesson="03-envelope-encryption-up-close"]');
  await page.waitForTimeout(200);
  const top = await page.evaluate(() => document.getElementById('lesson-title').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 400, `lesson 3's heading is in view (top ${top})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('between phone and wide desktop the tools fold behind "More": the bar stays short, every tool is one click away', async () => {
  for (const [lang, width, more] of [['en', 720, 'More'], ['ja', 830, 'その他の操作'], ['en', 1024, 'More']]) {
    const { page, context, problems } = await openApp(browser, `${server.url}#mode=sandbox&lang=${lang}`, { viewport: { width, height: 760 } });
    const bar = () => page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(await bar() <= 145, `${lang} ${width} px: the top bar is ${await bar()} px tall`);
    assert.equal(await page.isVisible('#share-button'), false, `${lang} ${width} px: tools folded`);
    assert.equal(await page.isVisible('#seed-input'), true, 'the seed stays in view');
    assert.equal((await page.innerText('#menu-toggle')).replace('☰', '').trim(), more);
    await page.click('#menu-toggle');
    assert.equal(await page.getAttribute('#menu-toggle', 'aria-expanded'), 'true');
    for (const id of ['#undo-button', '#share-button', '#export-button', '#panel-cost']) {
      assert.equal(await page.isVisible(id), true, `${lang} ${width} px: ${id} shown in the open menu`);
    }
    await page.click('#panel-cost');
    await page.waitForSelector('.side-panel');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
    assert.deepEqual(problems, []);
    await context.close();
  }
  // A wide desktop shows every tool without the button.
  const { page, context } = await openApp(browser, `${server.url}#mode=sandbox`, { viewport: { width: 1280, height: 860 } });
  assert.equal(await page.isVisible('#menu-toggle'), false);
  assert.equal(await page.isVisible('#share-button'), true);
  await context.close();
});
