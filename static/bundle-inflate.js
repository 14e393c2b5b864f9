// Wasm as the single-file build carries it (scripts/bundle.mjs): base64 of its gzip,
// inflated with the browser's own DecompressionStream, so nothing is fetched and it runs
// from file://. Used by the page (static/bundle-boot.js) and the CloudFormation worker
// (static/cfn-worker-bundle.js).
const inflateBase64Gzip = async (base64) => {
  const text = atob(base64);
  const gzip = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) gzip[i] = text.charCodeAt(i);
  const inflated = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(inflated).arrayBuffer();
};
