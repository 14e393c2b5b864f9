// Drives the embedded Envelope Lab through its postMessage API (see the README):
// the app announces {source:"envelope-lab", type:"ready"|"step"|"denial"|"lessonComplete"|"error"};
// it accepts {type:"loadScenario", scenario, seed?}, {type:"loadLesson", lesson},
// {type:"step", count?}, {type:"reset"}.
(function () {
  'use strict';
  const frame = document.getElementById('lab');
  const log = document.getElementById('log');
  // The app's origin; for a cross-origin embed put the app's origin here.
  const appOrigin = new URL(frame.src, location.href).origin;
  let lastScenario = null;

  function send(message) {
    frame.contentWindow.postMessage(message, appOrigin);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    const data = event.data;
    if (!data || data.source !== 'envelope-lab') return;
    const item = document.createElement('li');
    item.className = 'msg msg-' + data.type;
    item.textContent = JSON.stringify(data);
    log.appendChild(item);
    document.body.dataset.lastType = data.type;
  });

  document.getElementById('ex-step').addEventListener('click', () => send({ type: 'step' }));
  document.getElementById('ex-step5').addEventListener('click', () => send({ type: 'step', count: 5 }));
  document.getElementById('ex-reset').addEventListener('click', () => send({ type: 'reset' }));
  document.getElementById('ex-load').addEventListener('click', async () => {
    // A scenario is the JSON document the app exports ("Export JSON"); here: the default
    // one, fetched from a file next to this page, with the Kinesis key disabled.
    if (!lastScenario) {
      const response = await fetch('embed-scenario.json');
      lastScenario = await response.json();
    }
    const scenario = JSON.parse(JSON.stringify(lastScenario));
    scenario.keys[0].state = 'Disabled';
    send({ type: 'loadScenario', scenario: scenario });
  });
})();
