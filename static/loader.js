// Starts the Wasm app. Trunk's own inline loader is switched off (Trunk.toml:
// inject_scripts = false) so the page can run under a CSP without 'unsafe-inline'. A few
// seconds after the app runs, when the browser is idle, the policy tools worker starts in
// the background (src/tools_client.rs), so the first lint or playground fix rarely waits
// for its download; not at once, so compiling it does not compete with the first run and
// the first clicks (docs/SIZE.md). A lint asked for earlier starts it itself.
import init, { warm_tools } from './envelope-lab-web.js';

const WARM_AFTER_MS = 5000;
const later = (f) => setTimeout(() => (self.requestIdleCallback ? requestIdleCallback(f, { timeout: 5000 }) : f()), WARM_AFTER_MS);

init({ module_or_path: new URL('./envelope-lab-web_bg.wasm', import.meta.url) })
  .then(() => later(() => warm_tools()))
  .catch((err) => {
    const boot = document.getElementById('boot');
    if (boot) {
      boot.textContent = 'Envelope Lab could not start: ' + err;
      boot.classList.add('boot-error');
    }
    console.error(err);
  });
