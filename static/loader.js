// Starts the Wasm app. Trunk's own inline loader is switched off (Trunk.toml:
// inject_scripts = false) so the page can run under a CSP without 'unsafe-inline'. Once the
// app runs and the browser is idle, the policy tools worker starts in the background
// (src/tools_client.rs), so the first lint or Fix rarely waits for its download.
import init, { warm_tools } from './envelope-lab-web.js';

const whenIdle = (f) => (self.requestIdleCallback ? requestIdleCallback(f, { timeout: 3000 }) : setTimeout(f, 1000));

init({ module_or_path: new URL('./envelope-lab-web_bg.wasm', import.meta.url) })
  .then(() => whenIdle(() => warm_tools()))
  .catch((err) => {
    const boot = document.getElementById('boot');
    if (boot) {
      boot.textContent = 'Envelope Lab could not start: ' + err;
      boot.classList.add('boot-error');
    }
    console.error(err);
  });
