// The SCORM packages as files: manifests valid against the XSDs each package ships
// (checked by xmllint), the suspend-data encoding within SCORM 1.2's 4,096 characters for
// the worst progress a course allows, and the course author's choices (lessons, order,
// mastery, practice exam) from flags and a config file, down to what the LMS records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, root, serveDirs, screenshot } from './lib/harness.mjs';
import { loadCodec } from '../../scripts/bundle.mjs';

const tmp = () => mkdtempSync(join(tmpdir(), 'envelope-lab-pkg-'));
function unpack(zipFile) {
  const dir = tmp();
  execFileSync('unzip', ['-q', zipFile, '-d', dir]);
  return dir;
}

/** A schema that imports every namespace a manifest uses, so xmllint validates all of it
 * (the content-packaging XSD alone only checks its own elements, laxly, past its wildcards). */
const DRIVERS = {
  '2004': {
    'http://www.imsglobal.org/xsd/imscp_v1p1': 'imscp_v1p1.xsd',
    'http://www.adlnet.org/xsd/adlcp_v1p3': 'adlcp_v1p3.xsd',
    'http://www.adlnet.org/xsd/adlseq_v1p3': 'adlseq_v1p3.xsd',
    'http://www.adlnet.org/xsd/adlnav_v1p3': 'adlnav_v1p3.xsd',
    'http://www.imsglobal.org/xsd/imsss': 'imsss_v1p0.xsd',
  },
  '1.2': {
    'http://www.imsproject.org/xsd/imscp_rootv1p1p2': 'imscp_rootv1p1p2.xsd',
    'http://www.adlnet.org/xsd/adlcp_rootv1p2': 'adlcp_rootv1p2.xsd',
  },
};

/** xmllint --schema over the manifest, with the XSDs in `schemaDir`; {ok, output}. */
function validate(manifest, schemaDir, version) {
  const dir = tmp();
  for (const f of readdirSync(schemaDir)) if (/\.(xsd|dtd)$/.test(f)) copyFileSync(join(schemaDir, f), join(dir, f));
  const imports = Object.entries(DRIVERS[version])
    .map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n');
  writeFileSync(join(dir, 'driver.xsd'), `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${imports}\n</xs:schema>\n`);
  writeFileSync(join(dir, 'imsmanifest.xml'), manifest);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', 'driver.xsd', 'imsmanifest.xml'], { cwd: dir, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const packages = {
  '2004': join(root, 'bundle', 'envelope-lab-scorm.zip'),
  '1.2': join(root, 'bundle', 'envelope-lab-scorm12.zip'),
};

for (const [version, zipFile] of Object.entries(packages)) {
  test(`SCORM ${version}: the manifest validates against the XSDs shipped in the package; a broken one does not`, () => {
    const dir = unpack(zipFile);
    const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
    const good = validate(manifest, dir, version);
    assert.ok(good.ok, good.output);
    assert.match(good.output, /imsmanifest.xml validates/);
    // Every file the manifest names, and every schema its schemaLocation names, is there.
    for (const [, href] of manifest.matchAll(/href="([^"]+)"/g)) assert.ok(readdirSync(dir).includes(href), href);
    const locations = manifest.match(/xsi:schemaLocation="([^"]+)"/)[1].trim().split(/\s+/).filter((_, i) => i % 2 === 1);
    for (const xsd of locations) {
      if (xsd !== 'imsmd_rootv1p2p1.xsd' || version === '1.2') assert.ok(readdirSync(dir).includes(xsd), xsd);
    }
    // The check is real: wrong values and unknown elements fail.
    const broken = version === '2004'
      ? manifest.replace('completionSetByContent="true"', 'completionSetByContent="maybe"')
      : manifest.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="widget"');
    assert.notEqual(broken, manifest);
    const bad = validate(broken, dir, version);
    assert.ok(!bad.ok, 'a broken manifest must fail');
    assert.match(bad.output, /fails to validate/);
  });
}

test('SCORM 2004: the manifest also validates against the 3rd edition XSDs (LMSs that stop there)', () => {
  const dir = unpack(packages['2004']);
  const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
  const r = validate(manifest, join(root, 'tools', 'scorm-schemas', 'scorm20043rdedition'), '2004');
  assert.ok(r.ok, r.output);
});

// ---- Suspend data ------------------------------------------------------------------------

const vm = loadCodec();
const plain = (x) => JSON.parse(JSON.stringify(x));
const lessonFiles = readdirSync(join(root, 'lessons')).filter((f) => /^\d\d-/.test(f)).sort();
const fullBlock = {
  lessons: lessonFiles.map((f) => JSON.parse(readFileSync(join(root, 'lessons', f), 'utf8'))),
  practice: [JSON.parse(readFileSync(join(root, 'lessons', 'practice-quiz.json'), 'utf8'))],
};
const course = vm.shape(fullBlock);

test('suspend data: the worst case of the whole course fits SCORM 1.2 (4,096) and round-trips', () => {
  const worst = plain(vm.worstProgress(course));
  const text = vm.encode(worst, course);
  assert.equal(text.length, vm.worstCase(course));
  assert.ok(text.length <= 4096, `${text.length} characters`);
  console.log(`# worst-case suspend data for the full course: ${text.length} characters`);
  assert.deepEqual(plain(vm.decode(text, course)), worst);
  assert.equal(Object.keys(worst.answers).length, 92);
  assert.equal(Object.keys(worst.completed).length, 21);
});

test('suspend data: random progress never encodes longer than the worst case and round-trips', () => {
  let seed = 42;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const worst = vm.worstCase(course);
  const questions = [...fullBlock.lessons.flatMap((l) => l.quiz), ...fullBlock.practice[0].questions];
  for (let round = 0; round < 300; round++) {
    const p = { v: 1, completed: {}, answers: {}, attempts: {}, hints: {}, solutions_shown: {}, inputs: {} };
    for (const l of fullBlock.lessons) {
      if (rnd(2)) p.completed[l.id] = ['edited', 'solution', 'fix'][rnd(3)];
      if (rnd(2)) p.hints[l.id] = 1 + rnd(l.hints.length);
      if (rnd(4) === 0) p.solutions_shown[l.id] = true;
      for (const i of l.inputs ?? []) if (rnd(2)) p.inputs[l.id] = { [i.id]: (rnd(2000000) - 1000000) / (1 + rnd(1000)) };
    }
    for (const q of questions) {
      if (!rnd(2)) continue;
      const chosen = q.choices.map((_, i) => i).filter(() => rnd(2));
      p.answers[q.id] = chosen.length ? chosen : [0];
      if (rnd(3) === 0) p.attempts[q.id] = 2 + rnd(98);
    }
    if (rnd(2)) p.current = fullBlock.lessons[rnd(15)].id;
    const text = vm.encode(p, course);
    assert.ok(text.length <= worst);
    assert.deepEqual(plain(vm.decode(text, course)), p);
  }
});

test('suspend data: foreign text is refused; unknown ids and bad records are skipped, not fatal', () => {
  for (const bad of ['', 'abc', '{"v":1}', '2|||', '1|||']) assert.throws(() => vm.decode(bad, course), /not Envelope Lab suspend data/);
  const p = plain(vm.decode('1|gone-lesson|01-pipeline-in-the-clear.1,gone.2,%%%.1|l01-q1.1,nope.3,l01-q2.zz9|15-cost-and-performance.monthly_cost.12.5,x.y.z', course));
  assert.deepEqual(p.completed, { '01-pipeline-in-the-clear': 'edited' });
  assert.deepEqual(p.answers['l01-q1'], [0]);
  assert.equal(p.current, undefined);
  assert.deepEqual(p.inputs, { '15-cost-and-performance': { monthly_cost: 12.5 } });
  // Progress of lessons the package does not include (a learner's own file) is left out.
  const text = vm.encode({ completed: { mine: 'edited', '01-pipeline-in-the-clear': 'solution' }, answers: { 'my-q': [1] } }, course);
  assert.equal(text, '2||01-pipeline-in-the-clear.2||');
});

// ---- The course author's choices -----------------------------------------------------------

function bundle(args) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), ...args], { encoding: 'utf8' });
}

test('course settings: bad lessons, mastery and config files are refused with a reason', () => {
  const dir = tmp();
  const cases = [
    [['--lessons', '99'], /no lesson "99" \(lessons: 01-pipeline-in-the-clear/],
    [['--lessons', '01,1'], /01-pipeline-in-the-clear is listed twice/],
    [['--mastery', '101'], /--mastery: expected a whole percentage 0–100/],
    [['--id', '9 lives'], /--id: expected an XML name/],
    [['--nope'], /unknown argument "--nope"/],
  ];
  const config = join(dir, 'course.json');
  writeFileSync(config, '{"lessons": ["01"], "mastry": 70}');
  cases.push([['--config', config], /course.json: unknown key "mastry"/]);
  writeFileSync(join(dir, 'broken.json'), '{"lessons": [');
  cases.push([['--config', join(dir, 'broken.json')], /broken.json: not JSON/]);
  for (const [args, message] of cases) {
    const r = bundle([...args, '--out', dir]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

let browser;
let server;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('course settings: lessons 04 then 01, mastery 50, no practice exam; the LMS gets that course and passes the learner', async () => {
  const out = tmp();
  const config = join(out, 'course.json');
  writeFileSync(config, JSON.stringify({ lessons: ['07'], mastery: 70, practice: true, title: 'KMS basics', id: 'kms-basics' }));
  // Flags override the file.
  const r = bundle(['--config', config, '--lessons', '04,01-pipeline-in-the-clear', '--mastery', '50', '--no-practice', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /course: 2 lessons \(04,01\), practice exam out, mastery 50%/);
  const dir = unpack(join(out, 'envelope-lab-scorm.zip'));
  const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
  assert.match(manifest, /<imsss:minNormalizedMeasure>0\.50</);
  assert.match(manifest, /<title>KMS basics<\/title>/);
  assert.match(manifest, /identifier="kms-basics"/);
  assert.ok(validate(manifest, dir, '2004').ok);
  assert.match(readFileSync(join(unpack(join(out, 'envelope-lab-scorm12.zip')), 'imsmanifest.xml'), 'utf8'), /<adlcp:masteryscore>50</);

  server = await serveDirs({
    '/lms/': join(root, 'tests', 'browser', 'lms'),
    '/scorm-again/': join(root, 'tests', 'browser', 'node_modules', 'scorm-again', 'dist'),
    '/pkg/': dir,
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  await page.goto(`${server.url}lms/`);
  await page.evaluate(() => window.lms.start('2004', { scaled_passing_score: '0.50' }, '/pkg/envelope-lab.html'));
  const frame = page.frameLocator('#sco');
  // The first lesson of this course is lesson 4.
  await frame.locator('#lesson-panel[data-lesson="04-your-own-key-producer"]').waitFor();
  const options = await frame.locator('#lesson-select option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['04-your-own-key-producer', '01-pipeline-in-the-clear']);
  assert.equal(await frame.locator('#practice-toggle').count(), 0, 'no practice exam');
  assert.match(await frame.locator('#course-progress').textContent(), /^0\/2/);
  for (const [id, right] of [['l04-q1', 3], ['l04-q2', 2]]) {
    await frame.locator(`#q-${id}-${right}`).check();
    await frame.locator(`#question-${id} .check-answer`).click();
    await frame.locator(`#question-${id} .answer-result.correct`).waitFor();
  }
  await page.waitForFunction(() => window.lms.record().success_status === 'passed');
  const cmi = await page.evaluate(() => window.lms.record());
  assert.deepEqual([cmi.score.raw, cmi.score.max, cmi.score.scaled], ['2', '4', '0.5']);
  assert.equal(cmi.completion_status, 'incomplete', 'passed, but no lesson completed yet');
  assert.equal(cmi.objectives['0'].id, '04-your-own-key-producer');
  assert.equal(cmi.objectives['2'], undefined, 'no practice-exam objective');
  await screenshot(page, 'scorm-lms-author-course.png');
  assert.deepEqual(problems, []);
  await context.close();
});
