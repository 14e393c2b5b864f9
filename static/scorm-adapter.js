// The SCORM adapter of the packaged build (scripts/bundle.mjs inlines it after
// scorm-codec.js and the data blocks in <head>: a classic script, it runs while the page is
// parsed, before the Wasm app's module script starts). It finds the
// LMS's run-time API with the discovery algorithm of the SCORM run-time books (the window's
// parents, then the opener's), and when there is none it does nothing at all: the app runs
// exactly as the plain single file. With an LMS it
//   - on start: Initialize; puts the progress kept in cmi.suspend_data into the app's
//     localStorage (the LMS's record wins over whatever this browser holds, so a learner
//     resumes on any machine and the next learner on a shared one starts clean); opens the
//     tutorial at the bookmarked lesson; marks a first attempt incomplete;
//   - on every `envelope-lab:progress` event the app dispatches (src/tutorial/report.rs):
//     completion, progress, score and success, one objective per lesson and one for the
//     practice exam, the bookmark and the suspend data, then Commit;
//   - when the page goes away: session time, exit "suspend" (so the LMS keeps the suspend
//     data for the next launch), Commit and Terminate, once.
// The two versions' data models differ; see README "SCORM package" for the mapping.
(function () {
  'use strict';
  var KEY = 'envelope-lab.progress.v1';
  var Codec = EnvelopeLabScormCodec;

  function dataBlock(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  var config = dataBlock('envelope-lab-scorm') || {};
  var course = Codec.shape(dataBlock('envelope-lab-course') || {});

  // ---- Finding the API -------------------------------------------------------------------
  // The run-time books' algorithm walks window.parent up to a bound (500 tries for
  // API_1484_11, 7 for SCORM 1.2's API), then does the same from window.opener. A frame of
  // another origin throws on access: it cannot hold the LMS's API, so the walk goes on past it.
  function lookup(win, name) {
    try { return win[name] || null; } catch (e) { return null; }
  }
  function parentOf(win) {
    try { return win.parent; } catch (e) { return null; }
  }
  function scan(win, name, maxTries) {
    for (var tries = 0; win; tries++) {
      var api = lookup(win, name);
      if (api) return api;
      var parent = parentOf(win);
      if (!parent || parent === win || tries >= maxTries) return null;
      win = parent;
    }
    return null;
  }
  function discover(name, maxTries) {
    var api = scan(window, name, maxTries);
    if (api) return api;
    var opener = null;
    try { opener = window.opener; } catch (e) { opener = null; }
    return opener ? scan(opener, name, maxTries) : null;
  }

  // The two APIs differ only in their methods' names.
  var NAMES_2004 = ['Initialize', 'GetValue', 'SetValue', 'Commit', 'Terminate', 'GetLastError'];
  var NAMES_12 = ['LMSInitialize', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSFinish', 'LMSGetLastError'];
  function runtime(version, names) {
    return function (api) {
      var call = function (i, a, b) { var r = api[names[i]](a, b); return r == null ? '' : String(r); };
      return {
        version: version,
        initialize: function () { return call(0, '') === 'true'; },
        get: function (k) { return call(1, k); },
        set: function (k, v) { return call(2, k, String(v)) === 'true'; },
        commit: function () { return call(3, '') === 'true'; },
        terminate: function () { return call(4, '') === 'true'; },
        error: function () { return call(5); },
      };
    };
  }
  var rte2004 = runtime('2004', NAMES_2004);
  var rte12 = runtime('1.2', NAMES_12);

  var candidates = [['API_1484_11', 500, rte2004], ['API', 7, rte12]];
  if (config.version === '1.2') candidates.reverse();
  var rte = null;
  for (var c = 0; c < candidates.length && !rte; c++) {
    var found = discover(candidates[c][0], candidates[c][1]);
    if (found) rte = candidates[c][2](found);
  }
  if (!rte) return; // no LMS: nothing changes
  if (!rte.initialize()) {
    console.warn('Envelope Lab: the LMS did not accept Initialize (error ' + rte.error() + '); progress is not reported');
    return;
  }
  var v2004 = rte.version === '2004';
  var startedAt = Date.now();

  // Values already sent, so a report sends only what changed.
  var sent = {};
  function put(key, value) {
    var text = String(value);
    if (sent[key] === text) return;
    if (rte.set(key, text)) sent[key] = text;
    else console.warn('Envelope Lab: the LMS refused ' + key + ' = ' + text + ' (error ' + rte.error() + ')');
  }

  // ---- Start: passing score, first attempt, resume --------------------------------------
  var passing = (Number(config.mastery) || 0) / 100;
  var fromLms = v2004 ? rte.get('cmi.scaled_passing_score') : rte.get('cmi.student_data.mastery_score');
  if (fromLms !== '' && isFinite(Number(fromLms))) passing = v2004 ? Number(fromLms) : Number(fromLms) / 100;

  var status = rte.get(v2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status');
  if (status === '' || status === 'unknown' || status === 'not attempted') {
    put(v2004 ? 'cmi.completion_status' : 'cmi.core.lesson_status', 'incomplete');
    rte.commit();
  }

  var progress = { v: 1, completed: {}, answers: {}, attempts: {}, hints: {}, solutions_shown: {}, inputs: {} };
  var suspended = rte.get('cmi.suspend_data');
  if (suspended !== '') {
    try {
      progress = Codec.decode(suspended, course);
    } catch (e) {
      console.warn('Envelope Lab: starting afresh; the suspend data the LMS holds is not ours: ' + e.message);
    }
  }
  var local = null;
  try { local = JSON.parse(localStorage.getItem(KEY)); } catch (e) { local = null; }
  var lesson = progress.current || (course.lessons[0] && course.lessons[0].id);
  if (!location.hash && lesson) {
    // The tutorial, at the bookmarked lesson. A lesson link starts the lesson afresh, so
    // it is left out when this browser already holds that lesson's work.
    var here = local && local.current === lesson;
    if (!here) delete progress.current;
    history.replaceState(null, '', '#mode=tutorial' + (here ? '' : '&lesson=' + encodeURIComponent(lesson)));
  }
  // The order in which this browser shows each question's choices (the progress's
  // quiz_seed) is not part of the suspend data: keep this browser's, so it does not change.
  if (local && typeof local.quiz_seed === 'string') progress.quiz_seed = local.quiz_seed;
  try { localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* no storage: the app keeps nothing either */ }

  // ---- Reports ---------------------------------------------------------------------------
  var HOW_TEXT = {
    edited: 'completed by editing',
    solution: 'completed with the solution',
    fix: 'completed with a suggested fix',
  };
  var num = function (x) { return String(Math.round(x * 10000) / 10000); };
  function judge(correct, answered, total) {
    if (total === 0 || answered === 0) return 'unknown';
    if (correct / total >= passing) return 'passed';
    return answered === total ? 'failed' : 'unknown';
  }

  function report2004(lessons, all, practice) {
    var done = lessons.filter(function (l) { return l.completed; }).length;
    put('cmi.completion_status', lessons.length > 0 && done === lessons.length ? 'completed' : 'incomplete');
    if (lessons.length > 0) put('cmi.progress_measure', num(done / lessons.length));
    if (all.answered > 0) {
      put('cmi.score.min', 0);
      put('cmi.score.max', all.total);
      put('cmi.score.raw', all.correct);
      put('cmi.score.scaled', num(all.correct / all.total));
      put('cmi.success_status', judge(all.correct, all.answered, all.total));
    }
    var objective = function (n, id, completed, quiz, how) {
      var o = 'cmi.objectives.' + n + '.';
      put(o + 'id', id);
      put(o + 'completion_status', completed ? 'completed' : 'incomplete');
      // How it was completed: by the learner's own edits, with the solution, or with a fix
      // the Fix tab suggested (the progress's `completed` value; SCORM 1.2 has no place).
      if (completed && HOW_TEXT[how]) put(o + 'description', HOW_TEXT[how]);
      if (quiz.answered > 0) {
        put(o + 'score.min', 0);
        put(o + 'score.max', quiz.total);
        put(o + 'score.raw', quiz.correct);
        put(o + 'score.scaled', num(quiz.correct / quiz.total));
        put(o + 'success_status', judge(quiz.correct, quiz.answered, quiz.total));
      }
    };
    lessons.forEach(function (l, i) { objective(i, l.id, l.completed, l.quiz, l.how); });
    if (practice.total > 0) objective(lessons.length, 'practice-exam', practice.answered === practice.total, practice);
  }

  function report12(lessons, all, practice) {
    var done = lessons.filter(function (l) { return l.completed; }).length;
    var pct = function (t) { return num((100 * t.correct) / t.total); };
    var verdict = judge(all.correct, all.answered, all.total);
    var finished = lessons.length > 0 && done === lessons.length;
    put('cmi.core.lesson_status', !finished ? 'incomplete' : verdict === 'unknown' ? 'completed' : verdict);
    if (all.answered > 0) {
      put('cmi.core.score.min', 0);
      put('cmi.core.score.max', 100);
      put('cmi.core.score.raw', pct(all));
    }
    var objective = function (n, id, state, quiz) {
      var o = 'cmi.objectives.' + n + '.';
      put(o + 'id', id);
      if (quiz.answered > 0) {
        put(o + 'score.min', 0);
        put(o + 'score.max', 100);
        put(o + 'score.raw', pct(quiz));
      }
      put(o + 'status', state);
    };
    lessons.forEach(function (l, i) { objective(i, l.id, l.completed ? 'completed' : 'incomplete', l.quiz); });
    if (practice.total > 0) {
      var v = judge(practice.correct, practice.answered, practice.total);
      objective(lessons.length, 'practice-exam', v === 'unknown' ? 'incomplete' : v, practice);
    }
  }

  function onProgress(event) {
    var d = event.detail || {};
    var known = {};
    course.lessons.forEach(function (l) { known[l.id] = true; });
    // Only the packaged course counts, not a lesson the learner loaded from a file.
    var lessons = (d.lessons || []).filter(function (l) { return known[l.id]; });
    var zero = { correct: 0, answered: 0, total: 0 };
    var practice = d.practice || zero;
    var all = lessons.reduce(function (t, l) {
      var q = l.quiz || zero;
      return { correct: t.correct + q.correct, answered: t.answered + q.answered, total: t.total + q.total };
    }, practice);
    if (v2004) report2004(lessons, all, practice);
    else report12(lessons, all, practice);
    var p = d.progress || {};
    if (known[p.current]) put(v2004 ? 'cmi.location' : 'cmi.core.lesson_location', p.current);
    put('cmi.suspend_data', Codec.encode(p, course));
    rte.commit();
  }
  window.addEventListener('envelope-lab:progress', onProgress);

  // ---- End -------------------------------------------------------------------------------
  function sessionTime() {
    var cs = Math.max(0, Math.round((Date.now() - startedAt) / 10)); // hundredths
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    if (v2004) return 'PT' + h + 'H' + m + 'M' + s.toFixed(2) + 'S';
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return two(Math.min(h, 9999)) + ':' + two(m) + ':' + (s < 10 ? '0' : '') + s.toFixed(2);
  }
  var ended = false;
  function end() {
    if (ended) return;
    ended = true;
    window.removeEventListener('envelope-lab:progress', onProgress);
    put(v2004 ? 'cmi.session_time' : 'cmi.core.session_time', sessionTime());
    put(v2004 ? 'cmi.exit' : 'cmi.core.exit', 'suspend');
    rte.commit();
    rte.terminate();
  }
  window.addEventListener('pagehide', end);
})();
