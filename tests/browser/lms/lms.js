// A test LMS: scorm-again is the SCORM run-time (the part an LMS embeds); this page plays
// the rest of the LMS. It launches the package's launch file in an iframe with the API on
// its own window, where the SCO's discovery finds it, optionally with the record of an
// earlier attempt (as an LMS resumes a suspended attempt), and shows what the run-time
// recorded. The browser tests drive it through window.lms.
window.lms = {
  api: null,
  version: null,
  terminated: false,
  /** version "2004" or "1.2"; initial: the cmi JSON the LMS starts the attempt with. */
  start(version, initial, src) {
    const settings = { logLevel: 4, autocommit: false };
    const api = version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
    if (initial) api.loadFromJSON(initial);
    api.on(version === '1.2' ? 'LMSFinish' : 'Terminate', () => { window.lms.terminated = true; window.lms.show(); });
    api.on(version === '1.2' ? 'LMSCommit' : 'Commit', () => window.lms.show());
    window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
    this.api = api;
    this.version = version;
    const frame = document.createElement('iframe');
    frame.id = 'sco';
    frame.title = 'Course';
    frame.src = src;
    document.getElementById('player').appendChild(frame);
  },
  /** The run-time's data model as JSON. */
  record() {
    return JSON.parse(JSON.stringify(this.api.cmi));
  },
  /** Closes the course as an LMS does when the learner leaves it. */
  close() {
    document.getElementById('sco')?.remove();
  },
  show() {
    const c = this.record();
    const rows = this.version === '1.2'
      ? [['lesson_status', c.core.lesson_status], ['score.raw', c.core.score.raw], ['lesson_location', c.core.lesson_location],
        ['session_time', c.core.session_time], ['exit', c.core.exit], ['suspend_data', c.suspend_data]]
      : [['completion_status', c.completion_status], ['success_status', c.success_status], ['progress_measure', c.progress_measure],
        ['score.raw / max', `${c.score.raw} / ${c.score.max}`], ['score.scaled', c.score.scaled], ['location', c.location],
        ['session_time', c.session_time], ['exit', c.exit], ['suspend_data', c.suspend_data]];
    const box = document.getElementById('record');
    box.replaceChildren();
    const h = document.createElement('h2');
    h.textContent = `Recorded (SCORM ${this.version})${this.terminated ? ', terminated' : ''}`;
    const dl = document.createElement('dl');
    for (const [k, v] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v === undefined || v === '' ? '—' : String(v);
      dl.append(dt, dd);
    }
    box.append(h, dl);
  },
};
