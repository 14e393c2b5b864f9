// How the page looks: a narrow phone screen, colour contrast in both colour schemes, the
// Japanese UI, and the README screenshot. Screenshots land in tests/browser/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, screenshot, openApp } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// A fresh browser with no link would start the first visit's welcome in the tutorial:
// these tests open the sandbox.
const open = (url = `${server.url}#mode=sandbox`, options) => openApp(browser, url, options);

/** Expands the current timeline row and opens a tab. */
async function expandCurrent(page, tab) {
  await page.click('.tl-row.current');
  await page.waitForSelector('#step-details');
  await page.click(`#tab-${tab}`);
  await page.waitForSelector('#tab-panel');
  // The evaluation path comes from the policy tools worker: shown once it is there.
  await page.waitForFunction(() => !document.querySelector('.eval-path[aria-busy="true"]'), null, { timeout: 30000 });
}

test('narrow screen (390×844): sandbox with a step expanded fits the width', async () => {
  const { page, context, problems } = await open(`${server.url}#step=8`, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.waitForSelector('.tl-row.current');
  await expandCurrent(page, 'authorization');
  await screenshot(page, 'narrow-sandbox-authorization.png');
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap, pre, .vlist, .visually-hidden, .skip-link, svg'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10) };
  });
  assert.ok(overflow.scroll <= overflow.width, `no horizontal scrolling: ${JSON.stringify(overflow)}`);
  assert.deepEqual(overflow.wide, []);
  // Tap targets of the controls are at least 40 px tall.
  for (const id of ['#reset-button', '#back-button', '#step-button', '#play-button', '#end-button']) {
    const box = await page.locator(id).boundingBox();
    assert.ok(box.height >= 40, `${id} is ${box.height}px tall`);
  }
  await page.click('#tab-envelope');
  await page.waitForSelector('#tab-panel .envelope');
  await screenshot(page, 'narrow-sandbox-envelope.png');
  assert.deepEqual(problems, []);
  await context.close();
});

function luminance([r, g, b]) {
  const c = [r, g, b].map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function parse(color) {
  color = color.trim();
  if (color.startsWith('#')) {
    const h = color.length === 4 ? [...color.slice(1)].map((x) => x + x).join('') : color.slice(1);
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }
  const m = /rgba?\(([^)]+)\)/.exec(color);
  return m[1].split(/[ ,]+/).slice(0, 3).map(Number);
}
function ratio(a, b) {
  const [l1, l2] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

// [foreground, background, minimum]: text 4.5:1, UI component boundaries and focus 3:1.
const PAIRS = [
  ['--text', '--bg', 4.5], ['--text', '--panel', 4.5], ['--text', '--panel-2', 4.5],
  ['--text', '--accent-soft', 4.5], ['--text', '--deny-bg', 4.5], ['--text', '--warn-bg', 4.5], ['--text', '--ok-bg', 4.5],
  ['--muted', '--bg', 4.5], ['--muted', '--panel', 4.5], ['--muted', '--panel-2', 4.5],
  ['--muted', '--accent-soft', 4.5], ['--muted', '--deny-bg', 4.5], ['--muted', '--node-bg', 4.5],
  ['--accent-text', '--accent', 4.5], ['--accent', '--panel', 4.5], ['--accent', '--bg', 4.5],
  ['--deny', '--panel', 4.5], ['--deny', '--deny-bg', 4.5], ['--ok', '--panel', 4.5], ['--ok', '--ok-bg', 4.5],
  ['--key', '--key-bg', 4.5], ['--key', '--panel', 4.5], ['--role', '--role-bg', 4.5], ['--role', '--panel', 4.5],
  ['--text', '--node-bg', 4.5], ['--text', '--key-bg', 4.5], ['--text', '--role-bg', 4.5],
  ['--control-border', '--panel', 3], ['--control-border', '--bg', 3], ['--focus', '--panel', 3], ['--focus', '--bg', 3],
  ['--accent', '--node-bg', 3], ['--deny', '--deny-bg', 3],
];

for (const colorScheme of ['light', 'dark']) {
  test(`WCAG contrast in the ${colorScheme} colour scheme`, async () => {
    const { page, context, problems } = await open(`${server.url}#step=8`, { colorScheme });
    await page.waitForSelector('.tl-row.current');
    const vars = await page.evaluate((names) => {
      const style = getComputedStyle(document.documentElement);
      return Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)]));
    }, [...new Set(PAIRS.flatMap(([a, b]) => [a, b]))]);
    const failures = [];
    for (const [fg, bg, min] of PAIRS) {
      assert.ok(vars[fg] && vars[bg], `${fg} and ${bg} are defined`);
      const r = ratio(vars[fg], vars[bg]);
      if (r < min) failures.push(`${fg} ${vars[fg]} on ${bg} ${vars[bg]}: ${r.toFixed(2)} < ${min}`);
    }
    // And what the page really paints: text colour against the nearest opaque background.
    const painted = await page.evaluate(() => {
      const bgOf = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && !/rgba\([^)]*,\s*0\)|transparent/.test(c)) return c;
        }
        return getComputedStyle(document.documentElement).backgroundColor;
      };
      const sel = ['body', '.tagline', '.muted', '#step-button', '#reset-button', '#panel-objects', '.tl-row.current .c-op', '.tl-row .c-n', '.step-counter', '.footer', '.kbd-hint', 'label[for="seed-input"]'];
      return sel.flatMap((s) => [...document.querySelectorAll(s)].slice(0, 1)
        .filter((el) => !el.disabled)
        .map((el) => ({ s, fg: getComputedStyle(el).color, bg: bgOf(el), size: parseFloat(getComputedStyle(el).fontSize), bold: Number(getComputedStyle(el).fontWeight) >= 700 })));
    });
    for (const p of painted) {
      const large = p.size >= 24 || (p.bold && p.size >= 18.66);
      const r = ratio(p.fg, p.bg);
      if (r < (large ? 3 : 4.5)) failures.push(`${p.s}: ${p.fg} on ${p.bg}: ${r.toFixed(2)}`);
    }
    assert.deepEqual(failures, []);
    await screenshot(page, `contrast-${colorScheme}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('Japanese: the engine\'s envelope steps and goal-check details are in Japanese', async () => {
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
  const { page, context, problems } = await open(`${server.url}#lang=ja&step=8`);
  await page.waitForSelector('.tl-row.current');
  await expandCurrent(page, 'envelope');
  await page.waitForSelector('#tab-panel .env-steps li');
  const envelope = await page.evaluate(() => ({
    subject: document.querySelector('#tab-panel .env-subject strong')?.textContent ?? '',
    steps: [...document.querySelectorAll('#tab-panel .env-steps li')].map((li) => li.textContent.trim()),
  }));
  assert.match(envelope.subject, japanese, `subject: ${envelope.subject}`);
  assert.ok(envelope.steps.length > 0);
  for (const step of envelope.steps) assert.match(step, japanese, `envelope step in English: ${step}`);
  assert.match(envelope.steps.join('\n'), /データキー/);
  await screenshot(page, 'ja-envelope.png');

  await page.click('#mode-tutorial');
  await page.waitForSelector('#lesson-select');
  await page.selectOption('#lesson-select', '04-your-own-key-producer');
  await page.waitForSelector('#lesson-panel[data-lesson="04-your-own-key-producer"]');
  await page.waitForSelector('#goal-checklist .check-detail');
  const details = await page.locator('#goal-checklist .check-detail').allTextContents();
  assert.ok(details.length > 0);
  for (const d of details) assert.match(d, japanese, `goal-check detail in English: ${d}`);
  assert.ok(details.some((d) => /\d+ 件中 \d+ 件のレコードが配信されました/.test(d)), details.join(' | '));
  // Switching back to English gives the English wording.
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const english = await page.locator('#goal-checklist .check-detail').allTextContents();
  assert.ok(english.some((d) => /[\d,]+ of [\d,]+ records? delivered/.test(d)), english.join(' | '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Japanese: the sandbox with the Authorization tab and the tutorial panel, no English left', async () => {
  const { page, context, problems } = await open(`${server.url}#lang=ja&step=8`);
  await page.waitForSelector('.tl-row.current');
  await expandCurrent(page, 'authorization');
  await screenshot(page, 'ja-sandbox-authorization.png');
  // UI chrome (not data: names, JSON, ARNs) is Japanese.
  const chrome = await page.evaluate(() => [...document.querySelectorAll('button, label, legend, h2, h3, h4, th, summary, .section-title')]
    .map((el) => el.textContent.trim()).filter((t) => /^[A-Z][a-z]+( [a-z]+){1,}$/.test(t)));
  assert.deepEqual(chrome, [], 'English phrases left in the Japanese UI');
  await page.click('#mode-tutorial');
  await page.waitForSelector('.lesson-panel');
  await screenshot(page, 'ja-tutorial.png');
  assert.deepEqual(problems, []);
  await context.close();
});
