// Starts the Wasm app. Trunk's own inline loader is switched off (Trunk.toml:
// inject_scripts = false) so the page can run under a CSP without 'unsafe-inline'.
import init from './envelope-lab-web.js';

init({ module_or_path: new URL('./envelope-lab-web_bg.wasm', import.meta.url) })
  .catch((err) => {
    const boot = document.getElementById('boot');
    if (boot) {
      boot.textContent = 'Envelope Lab could not start: ' + err;
      boot.classList.add('boot-error');
    }
    console.error(err);
  });
