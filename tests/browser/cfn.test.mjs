// CloudFormation in the page: drop the course's four template files on the page, see the
// imported stack in the diagram, run it, share it, undo it; the same in Japanese through
// the Import CloudFormation button; a broken upload keeps the learner's scenario; Export
// CloudFormation downloads a template.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readFileSync as read } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, screenshot, root, openApp, runToEnd } from './lib/harness.mjs';

let server;
let browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const NAMES = ['main.yaml', 'kms.yaml', 'kinesis.yaml', 'lambda.yaml'];
// The fixture stack with its own prefix, so the diagram shows the import, not the default.
const FILES = NAMES.map((name) => {
  let text = readFileSync(join(root, 'engine', 'tests', 'cfn', 'seed', name), 'utf8');
  if (name === 'main.yaml') text = text.replace('Default: dva-02-005', 'Default: course-lab');
  return { name, text };
});

// A fresh browser with no link would start the first visit's welcome: open the sandbox.
const open = (url = `${server.url}#mode=sandbox`, options) => openApp(browser, url, options);

/** Drops files on the page as a file manager would (a drop event carrying Files). */
async function drop(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'application/x-yaml' }));
    const target = document.querySelector('.main') ?? document.body;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('dropping the four templates imports the stack; it runs, shares and undoes', async () => {
  const { page, context, problems } = await open();
  await drop(page, FILES);
  await page.waitForSelector('#cfn-title');
  const report = await page.textContent('.cfn-dialog');
  assert.match(report, /4 template file\(s\) became 2 key\(s\), 3 role\(s\), 1 stream\(s\), 1 producer\(s\), 1 delivery stream\(s\) and 1 bucket\(s\)/);
  assert.match(report, /Defaults \(\d+\)/);
  assert.match(report, /Ignored \(\d+\)/);
  assert.match(report, /records_per_invocation = 10/);
  assert.match(report, /main\.yaml:20:7 Resources\.Bucket\.Properties\.AccessControl/);
  assert.match(report, /Inline code of DataSourceLambda \(python3\.12\): shown, never run/);
  await page.click('.cfn-dialog details:last-of-type summary');
  assert.match(await page.textContent('.cfn-code'), /put_record/);
  await screenshot(page, 'cfn-import-report.png');
  await page.click('#cfn-report-close');
  assert.equal(await page.locator('.cfn-dialog').count(), 0);

  // The diagram shows the imported stack.
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
  assert.match(await page.textContent('g.node[data-stage="Bucket"]'), /course-lab/);
  assert.match(await page.textContent('g.node[data-stage="Firehose"]'), /course-lab-FirehoseDeliveryStream/);
  await runToEnd(page);
  assert.match(await page.textContent('g.node[data-stage="Bucket"]'), /1 object\b/);
  await screenshot(page, 'cfn-imported-run.png');

  // The share link carries the imported scenario.
  await page.click('#share-button');
  const url = page.url();
  assert.match(url, /#s=v1\./);
  const fresh = await open(url);
  assert.match(await fresh.page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);

  // One undo brings the previous scenario back.
  await page.click('#undo-button');
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /dva-02-005-DataStream/);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.context.close();
  await context.close();
});

for (const [width, height] of [[1440, 900], [390, 844]]) {
  test(`in Japanese at ${width}x${height}: the button imports, the report is Japanese`, async () => {
    const { page, context, problems } = await open(`${server.url}#mode=sandbox&lang=ja`, { viewport: { width, height } });
    await page.setInputFiles('#cfn-import-input', FILES.map((f) => ({ name: f.name, mimeType: 'application/x-yaml', buffer: Buffer.from(f.text) })));
    await page.waitForSelector('#cfn-title');
    assert.equal(await page.textContent('#cfn-title'), 'CloudFormation をインポートしました');
    const report = await page.textContent('.cfn-dialog');
    assert.match(report, /4 個のテンプレートファイルから/);
    assert.match(report, /デフォルト値 \(\d+\)/);
    assert.match(report, /main\.yaml \(行 20、列 7\) Resources\.Bucket\.Properties\.AccessControl: Bucket: AccessControl はシミュレートされないため無視されます/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await page.click('.cfn-dialog details:nth-of-type(2) summary');
    await screenshot(page, `cfn-import-report-ja-${width}.png`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.cfn-dialog').count(), 0);
    assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
    await runToEnd(page);
    assert.match(await page.textContent('g.node[data-stage="Bucket"]'), /course-lab/);
    await screenshot(page, `cfn-imported-run-ja-${width}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a template that nests a missing file is refused with its place; the scenario stays', async () => {
  const { page, context, problems } = await open(`${server.url}#mode=sandbox&lang=ja`);
  await drop(page, FILES.filter((f) => f.name !== 'kms.yaml'));
  await page.waitForSelector('.notice.warn');
  const notice = await page.textContent('.notices');
  assert.match(notice, /main\.yaml \(行 \d+、列 \d+\) Resources\.KMSStack\.Properties\.TemplateURL/);
  assert.match(notice, /ファイル "kms\.yaml" を追加してください/);
  assert.equal(await page.locator('.cfn-dialog').count(), 0);
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /dva-02-005-DataStream/);
  await screenshot(page, 'cfn-import-error-ja.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Export CloudFormation downloads a template of the current scenario', async () => {
  const { page, context, problems } = await open();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cfn-export-button')]);
  assert.equal(download.suggestedFilename(), 'envelope-lab-template.yaml');
  const text = read(await download.path(), 'utf8');
  assert.match(text, /Type: "AWS::KMS::Key"/);
  assert.match(text, /KeyId: !GetAtt KinesisKey\.Arn/);
  assert.match(text, /ZipFile: \|/);
  // The downloaded template imports back (the round trip a learner makes).
  await page.setInputFiles('#cfn-import-input', { name: 'envelope-lab-template.yaml', mimeType: 'application/x-yaml', buffer: Buffer.from(text) });
  await page.waitForSelector('#cfn-title');
  assert.match(await page.textContent('.cfn-dialog'), /1 template file\(s\) became 2 key\(s\)/);
  assert.deepEqual(problems, []);
  await context.close();
});
