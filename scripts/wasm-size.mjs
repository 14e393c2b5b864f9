#!/usr/bin/env node
// Where a Wasm module's bytes go (docs/SIZE.md): reads the module's own sections, the size
// of every function body and its name from the "name" section (a profiling build keeps it,
// see docs/SIZE.md for the commands), and prints Markdown tables: by section, by crate and
// by function group (what the app does with the code), plus the largest functions.
//   node scripts/wasm-size.mjs FILE.wasm [--top N]
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];

/** The module's sections, function body sizes (by function index) and names. */
export function analyse(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a Wasm module');
  let at = 8;
  const sections = [];
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (at < buf.length) {
    const id = buf[at];
    let size;
    [size, at] = leb(buf, at + 1);
    const start = at;
    const end = at + size;
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      let len;
      [len, at] = leb(buf, at);
      name = `custom "${buf.toString('utf8', at, at + len)}"`;
      if (name === 'custom "name"') readNames(buf, at + len, end, names);
    } else if (id === 2) {
      let count;
      [count, at] = leb(buf, at);
      for (let i = 0; i < count; i++) {
        let len;
        [len, at] = leb(buf, at); at += len; // module
        [len, at] = leb(buf, at); at += len; // field
        const kind = buf[at++];
        if (kind === 0) { imported++; [, at] = leb(buf, at); } else if (kind === 1) { at++; let f; [f, at] = leb(buf, at); [, at] = leb(buf, at); if (f & 1) [, at] = leb(buf, at); } else if (kind === 2) { let f; [f, at] = leb(buf, at); [, at] = leb(buf, at); if (f & 1) [, at] = leb(buf, at); } else if (kind === 3) { at += 2; } else { [, at] = leb(buf, at); [, at] = leb(buf, at); }
      }
    } else if (id === 10) {
      let count;
      [count, at] = leb(buf, at);
      for (let i = 0; i < count; i++) {
        let len;
        const before = at;
        [len, at] = leb(buf, at);
        at += len;
        bodies.push(at - before);
      }
    }
    sections.push({ name, size: end - start });
    at = end;
  }
  return { sections, imported, bodies, names };
}

function readNames(buf, at, end, names) {
  while (at < end) {
    const sub = buf[at];
    let size;
    [size, at] = leb(buf, at + 1);
    const next = at + size;
    if (sub === 1) {
      let count;
      [count, at] = leb(buf, at);
      for (let i = 0; i < count; i++) {
        let index;
        let len;
        [index, at] = leb(buf, at);
        [len, at] = leb(buf, at);
        names.set(index, buf.toString('utf8', at, at + len));
        at += len;
      }
    }
    at = next;
  }
}

/** The crate a function's code belongs to: the first path of its name, or of the type
 * in `<T as Trait>` (generic code is counted where it is instantiated for: serde's
 * visitor for a scenario type counts as the engine's). */
export function crateOf(name) {
  let n = name.replace(/^(core::ptr::drop_in_place|core::ptr::drop_in_place)<(.*)>$/, '$2');
  n = n.replace(/^<+&?(mut )?(dyn )?/, '').replace(/^\(/, '');
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(n);
  if (m) return m[1];
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) return '(no path)';
  return '(other)';
}

/** Function groups, first match wins: what part of the app the code serves. */
export const GROUPS = [
  ['serde (de)serialisation', /serde(_json)?::|_::<impl serde::|Deserialize|Serialize|Visitor/],
  ['policy: lint', /envelope_lab::policy::lint/],
  ['policy: fix engine', /envelope_lab::policy::fix/],
  ['run fixes (sim::fixes)', /envelope_lab::sim::fixes/],
  ['policy: evaluation path', /envelope_lab::policy::(path|analysis)/],
  ['policy: parse, evaluate, explain', /envelope_lab::policy::/],
  ['lessons (checks, model, sources)', /envelope_lab::lessons::/],
  ['engine: simulation and services', /envelope_lab::(sim|cloud|runtime|crypto)::/],
  ['engine: other', /envelope_lab::/],
  ['web: tutorial', /envelope_lab_web::tutorial/],
  ['web: playground and its fixes', /envelope_lab_web::(playground|pg_fixes|policy_editor)/],
  ['web: Fix tab', /envelope_lab_web::fixes/],
  ['web: other components', /envelope_lab_web::/],
  ['Yew', /\byew(_macro)?::|implicit_clone::/],
  ['wasm-bindgen, web-sys, js-sys, gloo', /wasm_bindgen|web_sys::|js_sys::|gloo/],
  ['cryptography (aes, gcm, sha2)', /\b(aes|aes_gcm|ghash|polyval|sha2|md5|ctr|cipher|universal_hash)::/],
  ['chrono, base64, rand_core', /\b(chrono|base64|rand_core|rand_chacha)::/],
  ['Rust std, core, alloc', /^<*\(?&?(mut )?(core|alloc|std|hashbrown|dlmalloc|compiler_builtins|__rustc)(\[[0-9a-f]+\])?::|^<(char|str|u128|i128|f64|f32|u64|i64|usize|\[)/],
];

export function groupOf(name) {
  for (const [group, re] of GROUPS) if (re.test(name)) return group;
  return 'other';
}

function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const top = Number(args[args.indexOf('--top') + 1]) || 25;
  if (!file) {
    console.error('usage: node scripts/wasm-size.mjs FILE.wasm [--top N]');
    process.exit(2);
  }
  const buf = readFileSync(file);
  const { sections, imported, bodies, names } = analyse(buf);
  const code = bodies.reduce((a, b) => a + b, 0);
  const named = names.size > 0;
  const withoutNames = sections.filter((s) => !s.name.startsWith('custom')).reduce((a, s) => a + s.size, 0);
  const kb = (n) => `${(n / 1024).toFixed(1)}`;
  const pct = (n, of) => `${((100 * n) / of).toFixed(1)} %`;
  console.log(`${file}: ${buf.length} bytes, ${withoutNames} without custom sections; gzip ${gzipSync(buf, { level: 9 }).length}, brotli ${brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length} (with its custom sections)\n`);
  console.log('| section | KB | share |\n|---|---:|---:|');
  for (const s of sections) console.log(`| ${s.name} | ${kb(s.size)} | ${pct(s.size, buf.length)} |`);
  if (!named) {
    console.log('\n(no "name" section: build the profiling variant, docs/SIZE.md)');
    return;
  }
  const fns = bodies.map((size, i) => ({ size, name: names.get(i + imported) ?? `func ${i + imported}` }));
  for (const [title, key] of [['crate', (f) => crateOf(f.name)], ['function group', (f) => groupOf(f.name)]]) {
    const totals = new Map();
    for (const f of fns) {
      const k = key(f);
      const t = totals.get(k) ?? { size: 0, count: 0 };
      t.size += f.size;
      t.count++;
      totals.set(k, t);
    }
    console.log(`\n| ${title} | functions | code KB | share of code |\n|---|---:|---:|---:|`);
    for (const [k, t] of [...totals].sort((a, b) => b[1].size - a[1].size)) {
      if (t.size / code >= 0.002) console.log(`| ${k} | ${t.count} | ${kb(t.size)} | ${pct(t.size, code)} |`);
    }
  }
  console.log(`\n| largest functions (of ${fns.length}) | KB |\n|---|---:|`);
  for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`| \`${f.name.replace(/\|/g, '\\|').slice(0, 140)}\` | ${kb(f.size)} |`);
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) main();
