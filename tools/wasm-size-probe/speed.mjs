// The probe's functions timed in Node's Wasm engine (V8, as in Chromium), per call in wall
// and CPU time (process.cpuUsage, which stays meaningful on a loaded machine).
//   node tools/wasm-size-probe/speed.mjs PROBE.wasm
import { readFileSync } from 'node:fs';

const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]), {});
const e = instance.exports;
const base = e.memory.grow(2) * 65536;
const u8 = new Uint8Array(e.memory.buffer);
for (let i = 0; i < 148; i++) u8[base + i] = (i * 37 + 11) & 0xff;
u8[base] = 0x01; // the signing key's first byte: keeps the 48-byte scalar below the group order
const [input, len, out] = [base, 148, base + 4096];
// base: SHA-256 + AES-256-GCM of 148 bytes; derive: one HKDF-SHA512;
// sign_verify: P-384 key from bytes, sign, encode + decompress the public key, verify.
for (const [name, n] of [['base', 20000], ['derive', 20000], ['sign_verify', 100]]) {
  if (!e[name]) continue;
  e[name](input, len, out);
  const t = performance.now();
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) e[name](input, len, out);
  const wall = (performance.now() - t) / n;
  const u = process.cpuUsage(c);
  const cpu = (u.user + u.system) / 1000 / n;
  console.log(`${name.padEnd(12)} wall ${wall.toFixed(4)} ms, CPU ${cpu.toFixed(4)} ms a call`);
}
