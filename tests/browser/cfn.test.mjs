// CloudFormation in the page: drop the course's four template files on the page, see the
// imported stack in the diagram, run it, share it, undo it; the same in Japanese through
// the Import CloudFormation button; a broken upload keeps the learner's scenario; Export
// CloudFormation downloads a template. The importer is a Web Worker of its own: the app
// loads without it, the first import loads it (the dialog says so, and Cancel leaves the
// scenario as it is), and an importer that cannot load is a clear error, not a broken page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readFileSync as read } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, screenshot, root, dist, openApp, runToEnd, presetLoaded } from './lib/harness.mjs';

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
  assert.match(url, /#s=v2\.[0-9a-f]{8}\./);
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

const WORKER_FILES = ['cfn-worker.js', 'envelope-lab-cfn.js', 'envelope-lab-cfn_bg.wasm'];

/** Opens the app recording every request its context makes (the importer's included). */
async function openRecording(url, options) {
  const opened = await open(url, options);
  const requests = [];
  opened.context.on('request', (r) => requests.push(new URL(r.url()).pathname.split('/').pop()));
  return { ...opened, requests };
}

/** Holds the importer's Wasm until `release()` (so the loading state can be seen). */
async function holdImporter(context) {
  let held;
  let arrived;
  const here = new Promise((resolve) => { arrived = resolve; });
  await context.route('**/envelope-lab-cfn_bg.wasm', (route) => { held = route; arrived(); });
  return { here, release: async () => { await here; await held.continue(); } };
}

test('the app loads without the importer: its Wasm is a separate file, fetched on first use', async () => {
  const main = readFileSync(join(dist, 'envelope-lab-web_bg.wasm'));
  const worker = readFileSync(join(dist, 'envelope-lab-cfn_bg.wasm'));
  for (const s of ['AWSTemplateFormatVersion', 'TemplateURL', 'Fn::GetAtt']) {
    assert.ok(!main.includes(s), `the app's Wasm has no importer (${s})`);
    assert.ok(worker.includes(s), `the worker's Wasm has the importer (${s})`);
  }
  const { page, context, problems, requests } = await openRecording(server.url);
  await runToEnd(page);
  await page.click('#share-button');
  assert.deepEqual(requests.filter((r) => WORKER_FILES.includes(r)), [], 'nothing of the importer before it is used');
  await page.setInputFiles('#cfn-import-input', FILES.map((f) => ({ name: f.name, mimeType: 'application/x-yaml', buffer: Buffer.from(f.text) })));
  await page.waitForSelector('#cfn-title');
  assert.deepEqual(WORKER_FILES.filter((f) => !requests.includes(f)), [], 'the importer was fetched');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [lang, width, height] of [['en', 1440, 900], ['ja', 390, 844]]) {
  test(`while the importer loads, the dialog says so (${lang}, ${width}x${height}); then the report`, async () => {
    const { page, context, problems } = await open(`${server.url}#lang=${lang}`, { viewport: { width, height } });
    const gate = await holdImporter(context);
    await drop(page, FILES);
    await page.waitForSelector('.cfn-busy #cfn-status[data-phase="loading"]');
    await gate.here;
    const busy = await page.textContent('.cfn-busy');
    if (lang === 'en') {
      assert.match(busy, /Importing CloudFormation/);
      assert.match(busy, /Loading the importer…/);
      assert.match(busy, /loads the first time you import or export a template/);
    } else {
      assert.match(busy, /CloudFormation をインポートしています/);
      assert.match(busy, /インポーターを読み込んでいます…/);
      assert.match(busy, /初めてインポートまたはエクスポートするときに読み込まれます/);
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cfn-cancel');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await screenshot(page, `cfn-loading-${lang}-${width}.png`);
    await gate.release();
    await page.waitForSelector('#cfn-title');
    assert.equal(await page.locator('.cfn-busy').count(), 0);
    assert.match(await page.textContent('.cfn-dialog'), lang === 'en' ? /4 template file\(s\) became/ : /4 個のテンプレートファイルから/);
    await screenshot(page, `cfn-loaded-${lang}-${width}.png`);
    assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('Cancel while the importer loads keeps the scenario; the next import uses the loaded importer', async () => {
  const { page, context, problems } = await open();
  const gate = await holdImporter(context);
  await drop(page, FILES);
  await page.waitForSelector('.cfn-busy');
  await page.click('#cfn-cancel');
  assert.equal(await page.locator('.cfn-busy').count(), 0);
  await gate.release();
  // The importer finishes loading and answers the abandoned import: nothing happens.
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('.cfn-dialog').count(), 0);
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /dva-02-005-DataStream/);
  assert.equal(await page.isDisabled('#undo-button'), true, 'no edit was made');
  await drop(page, FILES);
  await page.waitForSelector('#cfn-title');
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an importer that cannot load is a clear error in both languages; the next try loads it', async () => {
  const { page, context, problems } = await open(`${server.url}#lang=ja`);
  await context.route('**/envelope-lab-cfn_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await drop(page, FILES);
  await page.waitForSelector('.notice.warn');
  assert.match(await page.textContent('.notices'), /インポートに失敗しました: CloudFormation のインポーターを読み込めませんでした \(.+\)/);
  assert.equal(await page.locator('.cfn-dialog').count(), 0);
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /dva-02-005-DataStream/);
  await page.selectOption('#lang-select', 'en');
  assert.match(await page.textContent('.notices'), /Import failed: the CloudFormation importer could not be loaded \(.+\)/);
  await screenshot(page, 'cfn-importer-unavailable.png');
  await context.unroute('**/envelope-lab-cfn_bg.wasm');
  await drop(page, FILES);
  await page.waitForSelector('#cfn-title');
  assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
  assert.deepEqual(problems.filter((p) => !/envelope-lab-cfn_bg\.wasm/.test(p)), []);
  await context.close();
});

// The course's layout: the parent names its children `${Prefix}/${Prefix}-kms.yaml`, and its
// Prefix has no Default here, so the dialog asks for it (TemplateBucketName as a choice from
// AllowedValues, its Default selected) and imports again with the values given; the report
// offers the same form to import again with others.
const COURSE = [
  {
    name: 'main.yaml',
    text: readFileSync(join(root, 'engine', 'tests', 'cfn', 'course', 'main.yaml'), 'utf8')
      .replace('    Default: dva-02-005\n', '    Description: Names the stack resources\n')
      .replace('    Default: lab-templates\n', '    Default: lab-templates\n    AllowedValues: [lab-templates, course-templates]\n'),
  },
  ...['kms', 'kinesis', 'lambda'].map((c) => ({
    name: `course-lab-${c}.yaml`,
    text: readFileSync(join(root, 'engine', 'tests', 'cfn', 'seed', `${c}.yaml`), 'utf8'),
  })),
];

for (const [lang, width, height] of [['en', 1440, 900], ['ja', 1440, 900], ['en', 390, 844], ['ja', 390, 844]]) {
  test(`the course's layout asks for its parameters and imports with them (${lang}, ${width}x${height})`, async () => {
    assert.ok(!COURSE[0].text.includes('Default: dva-02-005') && COURSE[0].text.includes('AllowedValues'));
    const { page, context, problems } = await open(`${server.url}#mode=sandbox&lang=${lang}`, { viewport: { width, height } });
    await drop(page, COURSE);
    await page.waitForSelector('.cfn-ask');
    const ask = await page.textContent('.cfn-ask');
    if (lang === 'en') {
      assert.match(ask, /CloudFormation import failed/);
      assert.match(ask, /main\.yaml:\d+:\d+ Parameters\.Prefix: parameter Prefix has no Default/);
      assert.match(ask, /Give the parameter values and import again/);
      assert.match(ask, /required \(no Default\)/);
    } else {
      assert.match(ask, /CloudFormation をインポートできませんでした/);
      assert.match(ask, /main\.yaml \(行 \d+、列 \d+\) Parameters\.Prefix: パラメータ Prefix には Default がなく/);
      assert.match(ask, /必須 \(Default なし\)/);
      assert.doesNotMatch(ask, /required|no Default and/);
    }
    assert.match(ask, /Names the stack resources/);
    // The choice lists AllowedValues with the Default selected; the required field is empty.
    const bucket = page.locator('.cfn-ask select[name="TemplateBucketName"]');
    assert.deepEqual(await bucket.locator('option').allTextContents(), ['lab-templates', 'course-templates']);
    assert.equal(await bucket.inputValue(), 'lab-templates');
    assert.equal(await page.inputValue('.cfn-ask input[name="Prefix"]'), '');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await screenshot(page, `cfn-ask-params-${lang}-${width}.png`);
    // An empty required field is not sent.
    await page.click('#cfn-params-submit');
    assert.equal(await page.locator('.cfn-ask').count(), 1);
    await page.fill('.cfn-ask input[name="Prefix"]', 'course-lab');
    await bucket.selectOption('course-templates');
    await page.click('#cfn-params-submit');
    await page.waitForSelector('#cfn-title');
    assert.equal(await page.locator('.cfn-ask').count(), 0);
    assert.match(await page.textContent('.cfn-dialog'), lang === 'en' ? /4 template file\(s\) became 2 key\(s\)/ : /4 個のテンプレートファイルから、キー 2 個/);
    assert.match(await page.textContent('g.node[data-stage="Stream"]'), /course-lab-DataStream/);
    // The report's form starts from the values used, and imports again with others.
    await page.click('.cfn-params-group summary');
    assert.equal(await page.inputValue('.cfn-params-group input[name="Prefix"]'), 'course-lab');
    assert.equal(await page.inputValue('.cfn-params-group select[name="TemplateBucketName"]'), 'course-templates');
    await screenshot(page, `cfn-report-params-${lang}-${width}.png`);
    await page.fill('.cfn-params-group input[name="Prefix"]', 'other-lab');
    await page.click('#cfn-params-submit');
    await page.waitForFunction(() => document.querySelector('g.node[data-stage="Stream"]')?.textContent.includes('other-lab-DataStream'));
    await page.waitForSelector('.cfn-params-group');
    // The files keep the course's names: the report says which file each URL's pattern found.
    assert.match(await page.textContent('.cfn-dialog'), lang === 'en' ? /the lab uses course-lab-kms\.yaml/ : /course-lab-kms\.yaml を使用します/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.cfn-dialog').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a scenario of two accounts exports one template per account; both files import back into their accounts and run the same', async () => {
  const { page, context, problems } = await open();
  await page.selectOption('#preset-select', 'org-cross-account-producer');
  await page.click('#preset-load');
  await presetLoaded(page, 'org-cross-account-producer');
  await runToEnd(page);
  const before = await page.textContent('#run-outcome');
  await page.click('#cfn-export-button');
  await page.waitForSelector('#cfn-export-title');
  const files = [];
  for (const i of [0, 1]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#cfn-export-account-${i}`)]);
    const name = download.suggestedFilename();
    assert.match(name, /^envelope-lab-\d{12}\.yaml$/);
    files.push({ name, mimeType: 'application/x-yaml', buffer: Buffer.from(read(await download.path(), 'utf8')) });
  }
  assert.notEqual(files[0].name, files[1].name, 'one file per account');
  const text = files.map((f) => f.buffer.toString()).join('\n');
  assert.match(text, /Type: "AWS::Kinesis::ResourcePolicy"/, "the stream's policy is a resource of its account's template");
  await screenshot(page, 'cfn-export-accounts.png');
  await page.click('#cfn-export-close');
  await page.waitForSelector('#cfn-export-title', { state: 'detached' });

  await page.setInputFiles('#cfn-import-input', files);
  await page.waitForSelector('#cfn-title');
  // Each file's account, read from what the export recorded, in the report's form.
  const accounts = [await page.inputValue('#cfn-account-0'), await page.inputValue('#cfn-account-1')];
  assert.deepEqual(accounts, files.map((f) => f.name.match(/\d{12}/)[0]));
  await screenshot(page, 'cfn-import-accounts.png');
  await page.click('#cfn-report-close');
  await runToEnd(page);
  assert.equal(await page.textContent('#run-outcome'), before, 'the imported accounts run as the preset did');
  assert.deepEqual(problems, []);
  await context.close();
});
