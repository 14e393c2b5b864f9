// Temporary: screenshots for the lead's review (not committed).
import { serveDist, launch, openPage, runToEnd } from './lib/harness.mjs';
const server = await serveDist();
const browser = await launch();
const out = '/work/shots';
const views = [
  ['first', ''],
  ['sandbox-fail', '#mode=sandbox&lang=LANG'],
  ['tutorial', '#mode=tutorial&lesson=5&lang=LANG'],
  ['playground', '#mode=playground&lang=LANG'],
];
for (const [w, h, tag] of [[1440, 900, 'desk'], [390, 844, 'phone'], [700, 500, 'embed']]) {
  for (const lang of ['en', 'ja']) {
    for (const [name, frag] of views) {
      const opts = { viewport: { width: w, height: h }, locale: lang === 'ja' ? 'ja-JP' : 'en-US' };
      const { page, context, problems } = await openPage(browser, server.url + frag.replace('LANG', lang), opts);
      await page.waitForTimeout(1500);
      if (name === 'sandbox-fail') {
        try {
          if (w < 641) { await page.click('#tab-sandbox-settings, [data-tab=settings]').catch(() => {}); }
          await page.selectOption('#preset-select', 'bucket-key-context-condition');
          await page.click('#preset-load');
          await runToEnd(page);
          await page.click('#first-failure');
          await page.click('#tab-fix');
          await page.waitForTimeout(800);
        } catch (e) { console.log('sandbox-fail', tag, lang, String(e).slice(0, 200)); }
      }
      const sw = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      await page.screenshot({ path: `${out}/${name}-${lang}-${tag}.png` });
      console.log(name, lang, tag, 'scrollWidth', sw, 'problems', JSON.stringify(problems ?? []).slice(0, 200));
      await context.close();
    }
  }
}
await browser.close();
await server.close();
