#!/usr/bin/env node
// `make serve`: serves the release build (dist/) the way a documentation site should
// (scripts/lib/static-server.mjs: brotli or gzip by Accept-Encoding, Vary, ETag, cache
// headers; README, "Embedding it in a documentation site") and prints the URL.
//   node scripts/serve.mjs [--dir dist] [--address 127.0.0.1] [--port 8080]
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveCompressed } from './lib/static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { dir: join(root, 'dist'), address: '127.0.0.1', port: 8080 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || i + 1 >= argv.length) {
    console.error(`serve: unknown argument or missing value: ${argv[i]} (--dir, --address, --port)`);
    process.exit(2);
  }
  opts[key] = key === 'port' ? Number(argv[++i]) : argv[++i];
}
if (!existsSync(join(opts.dir, 'index.html'))) {
  console.error(`serve: ${opts.dir}/index.html is missing (run \`make build\` first)`);
  process.exit(2);
}
console.log(`compressing ${opts.dir} (brotli and gzip)…`);
try {
  const server = await serveCompressed({ '/': resolve(opts.dir) }, { address: opts.address, port: opts.port });
  console.log(`Envelope Lab is served at ${server.url} (Ctrl-C stops it)`);
} catch (e) {
  console.error(`serve: ${e.message}`);
  process.exit(1);
}
