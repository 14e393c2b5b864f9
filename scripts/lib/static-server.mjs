// A small static file server for the release build (dist/), as a documentation site should
// serve it: every text and Wasm file precompressed once with brotli (quality 11) and gzip
// (level 9), the best encoding the browser accepts chosen per request, with
// `Content-Encoding`, `Vary: Accept-Encoding`, a strong `ETag` and the cache headers of
// CACHE below. Used by `make serve` (scripts/serve.mjs) and by the figures
// (tests/browser/figures.mjs). Node's own zlib does both compressions: nothing to install.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { extname, join, normalize, relative, sep } from 'node:path';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Types worth compressing (PNG already is). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json']);

/** Cache-Control by kind. The file names carry no content hash (Trunk.toml: filehash =
 * false, so static/loader.js can name the app), so nothing may be cached as immutable:
 * the page revalidates (a 304 without a body when unchanged), and the files it loads may be
 * reused for five minutes without asking, so a page with several embeds, or a learner who
 * comes back soon, loads each once. */
export const CACHE = {
  html: 'no-cache',
  asset: 'public, max-age=300, must-revalidate',
};

/** The encodings of one file: `{identity, br?, gzip?}` buffers, compressed once when the
 * server starts (brotli at quality 11 takes a few seconds for the app's Wasm). */
async function encodings(file) {
  const body = await readFile(file);
  const out = { identity: body };
  if (!COMPRESSIBLE.has(extname(file)) || body.length < 256) return out;
  out.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  out.gzip = gzipSync(body, { level: 9 });
  return out;
}

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, then none
 * (a q=0 refuses one). */
export function pickEncoding(accept, available) {
  const offered = new Map();
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => available[name] && (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Loads every file under `dir` once into a map from URL path to { type, etag, cache,
 * encodings }. */
export async function loadSite(dir) {
  const site = new Map();
  const walk = async (d) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const file = join(d, entry.name);
      if (entry.isDirectory()) await walk(file);
      else {
        const enc = await encodings(file);
        const url = '/' + relative(dir, file).split(sep).join('/');
        const ext = extname(file);
        site.set(url, {
          type: TYPES[ext] ?? 'application/octet-stream',
          etag: createHash('sha256').update(enc.identity).digest('base64url').slice(0, 27),
          cache: ext === '.html' ? CACHE.html : CACHE.asset,
          encodings: enc,
        });
      }
    }
  };
  await walk(normalize(dir));
  return site;
}

/** Serves the folders of `mounts` (`{'/': dist, '/old/': other}`, longest prefix first) on
 * `address`:`port` (0 = any free port). Resolves to { url, close, log } where `log` lists
 * each response: { path, status, encoding, bytes }. */
export async function serveCompressed(mounts, { address = '127.0.0.1', port = 0 } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const sites = {};
  for (const p of prefixes) sites[p] = await loadSite(mounts[p]);
  const log = [];
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      path = '';
    }
    const prefix = prefixes.find((p) => path.startsWith(p));
    let key = prefix === undefined ? null : '/' + path.slice(prefix.length);
    if (key?.endsWith('/')) key += 'index.html';
    const entry = key && sites[prefix].get(key);
    if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(entry ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(entry ? 'method not allowed' : 'not found');
      log.push({ path, status: entry ? 405 : 404, encoding: 'identity', bytes: 0 });
      return;
    }
    const encoding = pickEncoding(req.headers['accept-encoding'], entry.encodings);
    // One validator per representation: the brotli and gzip bodies are different bytes.
    const etag = encoding === 'identity' ? `"${entry.etag}"` : `"${entry.etag}-${encoding}"`;
    const headers = { 'content-type': entry.type, 'cache-control': entry.cache, etag, vary: 'Accept-Encoding' };
    const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes(etag)) {
      res.writeHead(304, headers);
      res.end();
      log.push({ path, status: 304, encoding: 'identity', bytes: 0 });
      return;
    }
    const body = entry.encodings[encoding];
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    log.push({ path, status: 200, encoding, bytes: body.length });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  const bound = server.address();
  return {
    url: `http://${address}:${bound.port}/`,
    log,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
