#!/usr/bin/env node
// Builds, from the release build in dist/ (`trunk build --release`):
//   bundle/envelope-lab.html         one self-contained page (Wasm, JS, CSS, the course, the
//                                    CloudFormation and policy tools workers, the client-side
//                                    cryptography module): works from
//                                    disk (file://) and makes no request
//   bundle/envelope-lab-scorm.zip    a SCORM 2004 4th edition package (one SCO) of that page
//                                    with the SCORM adapter (static/scorm-adapter.js)
//   bundle/envelope-lab-scorm12.zip  the same as a SCORM 1.2 package
// The course (which lessons, in what order, the practice exam, the mastery score) comes
// from a config file and/or flags; see `node scripts/bundle.mjs --help` and the README.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { zip } from './lib/zip.mjs';
import { manifest2004, manifest12, SCHEMA_FILES } from './lib/scorm-manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `usage: node scripts/bundle.mjs [--config FILE] [--lessons IDS] [--mastery N]
                              [--practice | --no-practice] [--title TEXT] [--id NAME]
                              [--out DIR] [--dist DIR]

  --config FILE    a course file: {"lessons": ["01", "04", "07"], "mastery": 80,
                   "practice": true, "title": "…", "id": "…"} (flags override it)
  --lessons IDS    lessons in the order given, comma-separated: ids or their number
                   prefixes (01,04,07); default every built-in lesson in course order
  --mastery N      the passing score, 0–100 percent of the quiz questions (default 80)
  --no-practice    leave the practice exam out (its questions then do not count)
  --title TEXT     the course title the LMS shows (default "Envelope Lab")
  --id NAME        the manifest identifier (default "envelope-lab"); keep it when you
                   republish the same course so the LMS sees an update
  --out DIR        where to write (default bundle/)
  --dist DIR       the release build to pack (default dist/)`;

/** Reads argv into options; throws with a message on anything unexpected. */
export function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--help': case '-h': opts.help = true; break;
      case '--config': opts.config = value(); break;
      case '--lessons': opts.lessons = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--mastery': opts.mastery = value(); break;
      case '--practice': opts.practice = true; break;
      case '--no-practice': opts.practice = false; break;
      case '--title': opts.title = value(); break;
      case '--id': opts.id = value(); break;
      case '--out': opts.out = value(); break;
      case '--dist': opts.dist = value(); break;
      default: throw new Error(`unknown argument ${JSON.stringify(a)} (see --help)`);
    }
  }
  return opts;
}

const CONFIG_KEYS = ['lessons', 'mastery', 'practice', 'title', 'id'];

/** The course settings: defaults, then the config file, then flags; validated. */
export function courseSettings(opts, builtinIds) {
  let file = {};
  if (opts.config) {
    let text;
    try { text = readFileSync(opts.config, 'utf8'); } catch (e) { throw new Error(`${opts.config}: ${e.message}`); }
    try { file = JSON.parse(text); } catch (e) { throw new Error(`${opts.config}: not JSON: ${e.message}`); }
    if (file === null || typeof file !== 'object' || Array.isArray(file)) throw new Error(`${opts.config}: expected a JSON object`);
    for (const k of Object.keys(file)) {
      if (!CONFIG_KEYS.includes(k)) throw new Error(`${opts.config}: unknown key ${JSON.stringify(k)} (known: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  const pick = (k, dflt) => (opts[k] !== undefined ? opts[k] : file[k] !== undefined ? file[k] : dflt);
  const where = (k) => (opts[k] !== undefined ? `--${k}` : `${opts.config}: ${k}`);

  const wanted = pick('lessons', null);
  let lessons = builtinIds.slice();
  if (wanted !== null) {
    if (!Array.isArray(wanted) || wanted.length === 0 || wanted.some((w) => typeof w !== 'string')) {
      throw new Error(`${where('lessons')}: expected a non-empty list of lesson ids or numbers`);
    }
    lessons = wanted.map((w) => {
      const hits = builtinIds.filter((id) => id === w || id.startsWith(`${w.padStart(2, '0')}-`));
      if (hits.length !== 1) throw new Error(`${where('lessons')}: no lesson ${JSON.stringify(w)} (lessons: ${builtinIds.join(', ')})`);
      return hits[0];
    });
    const dup = lessons.find((id, i) => lessons.indexOf(id) !== i);
    if (dup) throw new Error(`${where('lessons')}: ${dup} is listed twice`);
  }
  const mastery = Number(pick('mastery', 80));
  if (!Number.isInteger(mastery) || mastery < 0 || mastery > 100) {
    throw new Error(`${where('mastery')}: expected a whole percentage 0–100, got ${JSON.stringify(pick('mastery'))}`);
  }
  const practice = pick('practice', true);
  if (typeof practice !== 'boolean') throw new Error(`${where('practice')}: expected true or false`);
  const title = pick('title', 'Envelope Lab');
  if (typeof title !== 'string' || !title.trim() || title.length > 200) throw new Error(`${where('title')}: expected a title of 1–200 characters`);
  const id = pick('id', 'envelope-lab');
  if (typeof id !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(id)) {
    throw new Error(`${where('id')}: expected an XML name (a letter, then letters, digits, "-", "_", "."; at most 64)`);
  }
  return { lessons, mastery, practice, title: title.trim(), id };
}

function read(path) {
  try { return readFileSync(path); } catch (e) { throw new Error(`${path}: ${e.message} (run \`make build\` first)`); }
}

/** The built-in lessons, in course (file name) order: [{id, lesson}]. */
function builtinLessons() {
  const dir = join(root, 'lessons');
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.json$/.test(f))
    .sort()
    .map((f) => {
      const lesson = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return { id: lesson.id, lesson };
    });
}

/** The course data block's object: the chosen lessons in order, and the practice set. */
function courseBlock(settings, builtin) {
  const lessons = settings.lessons.map((id) => builtin.find((b) => b.id === id).lesson);
  const practice = settings.practice
    ? [JSON.parse(readFileSync(join(root, 'lessons', 'practice-quiz.json'), 'utf8'))]
    : [];
  return { lessons, practice };
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** JSON for a data block: every "<" escaped, so "</script" cannot end the block early. */
const dataJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

function replaceOnce(html, pattern, replacement, what) {
  if (!pattern.test(html)) throw new Error(`dist/index.html: ${what} not found (has index.html changed?)`);
  return html.replace(pattern, () => replacement);
}

const staticText = (name) => readFileSync(join(root, 'static', name), 'utf8');

/** The Web Workers the page starts on first use (or, for the policy tools, in the
 * background once it is interactive): the bundle carries each whole in a data block. */
export const WORKERS = [
  { name: 'envelope-lab-cfn', block: 'envelope-lab-cfn-worker', wasmConst: 'ENVELOPE_LAB_CFN_WASM', start: 'cfn-worker-bundle.js' },
  { name: 'envelope-lab-tools', block: 'envelope-lab-tools-worker', wasmConst: 'ENVELOPE_LAB_WORKER_WASM', start: 'tools-worker-bundle.js' },
];

/** The client-side cryptography module (HKDF-SHA512, ECDSA P-384): only its Wasm, which the
 * page loads on first need; the bundle carries it as base64 of its gzip. */
export const ESDK_MODULE = { file: 'envelope-lab-esdk_bg.wasm', block: 'envelope-lab-esdk-wasm' };

/** A worker whole, as one classic script: wasm-bindgen's glue, its Wasm (base64 of the
 * gzip) and the start (static/cfn-worker-bundle.js, static/tools-worker-bundle.js). The
 * page carries it in a data block and starts it from a blob: URL (src/cfn_dialog.rs,
 * src/tools_client.rs). */
export function workerScript(dist, worker = WORKERS[0]) {
  const glue = read(join(dist, `${worker.name}.js`)).toString('utf8');
  if (!/\bwasm_bindgen\b/.test(glue)) throw new Error(`${worker.name}.js: no wasm_bindgen (has wasm-bindgen changed?)`);
  const wasm = gzipSync(read(join(dist, `${worker.name}_bg.wasm`)), { level: 9 }).toString('base64');
  return [glue, staticText('bundle-inflate.js'), `const ${worker.wasmConst} = '${wasm}';`, staticText(worker.start)].join('\n');
}

/** The single page: dist/index.html with every file inlined and a CSP of hashes. */
export function buildPage({ dist, block, scorm }) {
  const glue = read(join(dist, 'envelope-lab-web.js')).toString('utf8');
  if (!glue.includes('__wbg_init as default')) throw new Error('envelope-lab-web.js: no __wbg_init (has wasm-bindgen changed?)');
  const moduleScript = `${glue}\n${staticText('bundle-inflate.js')}\n${staticText('bundle-boot.js')}`;
  const workers = WORKERS.map((w) => [w, workerScript(dist, w)]);
  const css = read(join(dist, 'style.css')).toString('utf8');
  const wasm = read(join(dist, 'envelope-lab-web_bg.wasm'));
  const favicon = read(join(dist, 'favicon.svg')).toString('base64');
  for (const [name, text] of [['envelope-lab-web.js', moduleScript], ['style.css', css], ...workers.map(([w, text]) => [`${w.name}.js`, text])]) {
    if (/<\/(script|style)|<!--/i.test(text)) throw new Error(`${name} contains a closing tag or "<!--"; it cannot be inlined`);
  }
  let adapter = null;
  if (scorm) {
    adapter = ['scorm-codec.js', 'scorm-adapter.js'].map(staticText).join('\n');
    if (/<\/script/i.test(adapter)) throw new Error('the SCORM adapter contains "</script"');
  }
  const scripts = [sha256(moduleScript), ...(adapter ? [sha256(adapter)] : [])].join(' ');
  const csp = `default-src 'none'; script-src ${scripts} 'wasm-unsafe-eval'; style-src ${sha256(css)}; img-src data:; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'`;

  // Trunk's leftover directives and the blank lines they leave go first, before any file is
  // inlined (the hashes are of the inlined text exactly).
  let html = read(join(dist, 'index.html')).toString('utf8')
    .replace(/[ \t]*<link data-trunk[^>]*>\n?/g, '')
    // The served page's preloads name files the single file carries inline (and its CSP
    // would refuse): they go, with the comment that explains them.
    .replace(/[ \t]*<!-- The app's module and Wasm are fetched at once[\s\S]*?-->\n?/, '')
    .replace(/[ \t]*<link rel="(?:modulepreload|preload)"[^>]*>\n?/g, '')
    .replace(/\n\s*\n(\s*\n)+/g, '\n');
  html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'the CSP meta');
  html = replaceOnce(html, /<link rel="icon"[^>]*>/, `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,${favicon}">`, 'the icon link');
  html = replaceOnce(html, /<link rel="stylesheet"[^>]*>/, `<style>${css}</style>`, 'the stylesheet link');
  html = replaceOnce(html, /<script type="module" src="loader.js"><\/script>/, `<script type="module">${moduleScript}</script>`, 'the loader script');
  const tail = [
    `<script type="application/json" id="envelope-lab-course">${dataJson(block)}</script>`,
    ...(scorm ? [
      `<script type="application/json" id="envelope-lab-scorm">${dataJson(scorm)}</script>`,
      `<script>${adapter}</script>`,
    ] : []),
    ...workers.map(([w, text]) => `<script type="text/plain" id="${w.block}">${text}</script>`),
    // The client-side cryptography module (src/bin/esdk_module.rs): Wasm the page
    // instantiates itself when a scenario needs it (src/esdk_client.rs), no script.
    `<script type="application/octet-stream" id="${ESDK_MODULE.block}">${gzipSync(read(join(dist, ESDK_MODULE.file)), { level: 9 }).toString('base64')}</script>`,
    `<script type="application/octet-stream" id="envelope-lab-wasm">${gzipSync(wasm, { level: 9 }).toString('base64')}</script>`,
  ].join('\n');
  // In <head>: Yew replaces everything in <body> when it mounts, data blocks included.
  return replaceOnce(html, /<\/head>/, `${tail}\n</head>`, '</head>');
}

/** The codec the adapter uses, loaded as the page loads it (a classic script). */
export function loadCodec() {
  const context = {};
  vm.createContext(context);
  vm.runInContext(`${readFileSync(join(root, 'static', 'scorm-codec.js'), 'utf8')}\nthis.codec = EnvelopeLabScormCodec;`, context);
  return context.codec;
}

/** cmi.suspend_data limits: SCORM 1.2 CMIString4096; SCORM 2004 4th edition SPM 64,000. */
export const SUSPEND_LIMIT = { '1.2': 4096, '2004': 64000 };

function schemaEntries(version) {
  const { dir, files } = SCHEMA_FILES[version];
  const base = join(root, 'tools', 'scorm-schemas', dir);
  if (!existsSync(join(root, 'tools', 'scorm-schemas', '.complete'))) {
    throw new Error('tools/scorm-schemas/ is missing: run scripts/setup.sh build');
  }
  return files.map((f) => ({ name: f, data: readFileSync(join(base, f)) }));
}

export function build(opts) {
  const builtin = builtinLessons();
  const settings = courseSettings(opts, builtin.map((b) => b.id));
  const dist = resolve(opts.dist ?? join(root, 'dist'));
  const out = resolve(opts.out ?? join(root, 'bundle'));
  const block = courseBlock(settings, builtin);
  const codec = loadCodec();
  const worst = codec.worstCase(codec.shape(block));
  for (const [version, limit] of Object.entries(SUSPEND_LIMIT)) {
    if (worst > limit) throw new Error(`this course's progress can need ${worst} characters of suspend data; SCORM ${version} keeps ${limit}`);
  }
  mkdirSync(out, { recursive: true });
  const files = {};
  const page = buildPage({ dist, block });
  files['envelope-lab.html'] = Buffer.from(page, 'utf8');
  for (const [version, name, manifest] of [['2004', 'envelope-lab-scorm.zip', manifest2004], ['1.2', 'envelope-lab-scorm12.zip', manifest12]]) {
    const scorm = { version, mastery: settings.mastery, lessons: settings.lessons.length };
    const launch = 'envelope-lab.html';
    files[name] = zip([
      { name: 'imsmanifest.xml', data: manifest({ id: settings.id, title: settings.title, mastery: settings.mastery, launch }) },
      { name: launch, data: buildPage({ dist, block, scorm }) },
      ...schemaEntries(version),
    ]);
  }
  const sizes = {};
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(out, name), data);
    sizes[name] = { raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  }
  return { out, settings, sizes, worstSuspend: worst };
}

function main() {
  let result;
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(HELP);
      return;
    }
    result = build(opts);
  } catch (e) {
    console.error(`bundle: ${e.message}`);
    process.exit(2);
  }
  const { out, settings, sizes, worstSuspend } = result;
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`course: ${settings.lessons.length} lessons (${settings.lessons.map((l) => l.slice(0, 2)).join(',')}), practice exam ${settings.practice ? 'in' : 'out'}, mastery ${settings.mastery}%`);
  console.log(`suspend data: at most ${worstSuspend} characters (SCORM 1.2 keeps 4096, SCORM 2004 64000)`);
  for (const [name, s] of Object.entries(sizes)) console.log(`${join(out, name)}  ${kb(s.raw)} (gzip ${kb(s.gzip)})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
