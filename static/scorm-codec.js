// Envelope Lab's progress in SCORM suspend data: a compact text encoding of the progress
// document (engine/src/lessons/progress.rs) for the lessons and questions of one packaged
// course. SCORM 1.2 keeps at most 4,096 characters of cmi.suspend_data and SCORM 2004 4th
// edition 64,000, so only what the course defines is encoded and `worstCase` gives the
// longest text the course can produce (scripts/bundle.mjs refuses to build a package whose
// worst case does not fit). Ids are kept (not positions), so a republished course with
// lessons added, removed or reordered still restores what it can.
//
//   2|<current lesson>|<lesson>.<state>,…|<question>.<choices>[.<answers>],…|<lesson>.<input>.<number>,…
//
// state = completion (0 none, 1 edited, 2 solution, 3 fix) + 4 × solution shown + 8 × hints
// seen, in base 36; choices = bit mask of the first answer submitted (the one that counts),
// in base 36; answers = how many answers were submitted (the attempts), in base 36, only
// when more than one (at most MAX_ATTEMPTS); ids are URI-encoded (with "." too) so the
// separators cannot appear in them. Version 1 (the released codec, up to this change) had
// no "fix" completion, no attempts, and state = completion + 3 × shown + 6 × hints; decode
// still reads it (tests/browser/scorm.test.mjs keeps a fixture it wrote). A classic script
// (no modules): the packaged page inlines it, and tests load it with node:vm.
var EnvelopeLabScormCodec = (function () {
  'use strict';

  var VERSION = '2';
  /** The most attempts per question kept (two base-36 digits). */
  var MAX_ATTEMPTS = 99;
  var HOW = ['', 'edited', 'solution', 'fix'];

  function esc(id) {
    return encodeURIComponent(id).replace(/\./g, '%2E');
  }

  /** An id back from its escaped form; null for text that is not a valid escape. */
  function unesc(text) {
    try { return decodeURIComponent(text); } catch (e) { return null; }
  }

  /** The course's shape from the page's course block: lessons (id, quiz questions with
   * their choice counts, inputs, hints) and practice questions. */
  function shape(block) {
    var questions = function (qs) {
      return (qs || []).map(function (q) {
        return { id: String(q.id), choices: (q.choices || []).length };
      });
    };
    var lessons = (block.lessons || []).map(function (l) {
      return {
        id: String(l.id),
        hints: (l.hints || []).length,
        quiz: questions(l.quiz),
        inputs: (l.inputs || []).map(function (i) { return String(i.id); }),
      };
    });
    var practice = [];
    (block.practice || []).forEach(function (set) {
      practice = practice.concat(questions(set.questions));
    });
    return { lessons: lessons, practice: practice };
  }

  function allQuestions(course) {
    var out = [];
    course.lessons.forEach(function (l) { out = out.concat(l.quiz); });
    return out.concat(course.practice);
  }

  function own(obj, key) {
    return obj != null && key != null && Object.prototype.hasOwnProperty.call(obj, key);
  }

  /** Progress document → suspend data (only the course's lessons and questions). */
  function encode(progress, course) {
    var p = progress || {};
    var ids = {};
    course.lessons.forEach(function (l) { ids[l.id] = true; });
    var current = typeof p.current === 'string' && ids[p.current] ? esc(p.current) : '';
    var lessons = [];
    var inputs = [];
    course.lessons.forEach(function (l) {
      var how = own(p.completed, l.id) ? Math.max(1, HOW.indexOf(p.completed[l.id])) : 0;
      var shown = own(p.solutions_shown, l.id) && p.solutions_shown[l.id] === true ? 1 : 0;
      var hints = own(p.hints, l.id) ? Math.min(Math.max(0, Math.floor(Number(p.hints[l.id]) || 0)), l.hints) : 0;
      var state = how + 4 * shown + 8 * hints;
      if (state > 0) lessons.push(esc(l.id) + '.' + state.toString(36));
      var typed = own(p.inputs, l.id) ? p.inputs[l.id] : null;
      l.inputs.forEach(function (input) {
        if (own(typed, input) && typeof typed[input] === 'number' && isFinite(typed[input])) {
          inputs.push(esc(l.id) + '.' + esc(input) + '.' + String(typed[input]));
        }
      });
    });
    var answers = [];
    allQuestions(course).forEach(function (q) {
      if (!own(p.answers, q.id) || !Array.isArray(p.answers[q.id])) return;
      var mask = 0;
      p.answers[q.id].forEach(function (i) {
        if (Number.isInteger(i) && i >= 0 && i < q.choices && i < 31) mask |= 1 << i;
      });
      var n = own(p.attempts, q.id) ? Math.min(Math.floor(Number(p.attempts[q.id]) || 0), MAX_ATTEMPTS) : 0;
      answers.push(esc(q.id) + '.' + mask.toString(36) + (n > 1 ? '.' + n.toString(36) : ''));
    });
    return [VERSION, current, lessons.join(','), answers.join(','), inputs.join(',')].join('|');
  }

  function records(section) {
    return section === '' ? [] : section.split(',');
  }

  /** Suspend data → progress document for the course; throws on text that is not ours.
   * Records naming lessons or questions the course does not have are skipped. */
  function decode(text, course) {
    var parts = String(text).split('|');
    if (parts.length !== 5 || (parts[0] !== VERSION && parts[0] !== '1')) {
      throw new Error('not Envelope Lab suspend data (version ' + JSON.stringify(parts[0]) + ')');
    }
    var lessons = {};
    course.lessons.forEach(function (l) { lessons[l.id] = l; });
    var questions = {};
    allQuestions(course).forEach(function (q) { questions[q.id] = q; });
    // Version 1 packed a lesson's state in threes (no "fix" completion).
    var ways = parts[0] === '1' ? 3 : 4;
    var p = { v: 1, completed: {}, answers: {}, attempts: {}, hints: {}, solutions_shown: {}, inputs: {} };
    var current = unesc(parts[1]);
    if (current !== null && own(lessons, current)) p.current = current;
    records(parts[2]).forEach(function (r) {
      var m = /^([^.]+)\.([0-9a-z]+)$/.exec(r);
      if (!m || !own(lessons, unesc(m[1]))) return;
      var id = unesc(m[1]);
      var state = parseInt(m[2], 36);
      var how = state % ways;
      if (how > 0) p.completed[id] = HOW[how];
      if (Math.floor(state / ways) % 2 === 1) p.solutions_shown[id] = true;
      var hints = Math.min(Math.floor(state / (2 * ways)), lessons[id].hints);
      if (hints > 0) p.hints[id] = hints;
    });
    records(parts[3]).forEach(function (r) {
      var m = /^([^.]+)\.([0-9a-z]+)(?:\.([0-9a-z]{1,2}))?$/.exec(r);
      if (!m || !own(questions, unesc(m[1]))) return;
      var q = questions[unesc(m[1])];
      var n = m[3] === undefined ? 0 : parseInt(m[3], 36);
      if (n > 1) p.attempts[q.id] = Math.min(n, MAX_ATTEMPTS);
      var mask = parseInt(m[2], 36);
      var chosen = [];
      for (var i = 0; i < q.choices && i < 31; i++) if (mask & (1 << i)) chosen.push(i);
      p.answers[q.id] = chosen;
    });
    records(parts[4]).forEach(function (r) {
      var m = /^([^.]+)\.([^.]+)\.(.+)$/.exec(r);
      if (!m) return;
      var lesson = unesc(m[1]);
      var input = unesc(m[2]);
      var value = Number(m[3]);
      if (!own(lessons, lesson) || lessons[lesson].inputs.indexOf(input) < 0 || !isFinite(value)) return;
      if (!own(p.inputs, lesson)) p.inputs[lesson] = {};
      p.inputs[lesson][input] = value;
    });
    return p;
  }

  /** The progress that encodes longest for the course: every lesson completed with a
   * suggested fix after every hint and the solution, every choice of every question chosen, every input typed
   * as the longest number JavaScript prints, and the longest lesson id current. */
  function worstProgress(course) {
    var p = { v: 1, completed: {}, answers: {}, attempts: {}, hints: {}, solutions_shown: {}, inputs: {} };
    var longest = null;
    course.lessons.forEach(function (l) {
      p.completed[l.id] = 'fix';
      p.solutions_shown[l.id] = true;
      p.hints[l.id] = l.hints;
      if (longest === null || esc(l.id).length > esc(longest).length) longest = l.id;
      if (l.inputs.length) {
        p.inputs[l.id] = {};
        // 25 characters: the longest text String() gives for a number.
        l.inputs.forEach(function (i) { p.inputs[l.id][i] = -0.0000012345678901234567; });
      }
    });
    if (longest !== null) p.current = longest;
    allQuestions(course).forEach(function (q) {
      var all = [];
      for (var i = 0; i < q.choices; i++) all.push(i);
      p.answers[q.id] = all;
      p.attempts[q.id] = MAX_ATTEMPTS;
    });
    return p;
  }

  function worstCase(course) {
    return encode(worstProgress(course), course).length;
  }

  return {
    shape: shape,
    encode: encode,
    decode: decode,
    worstProgress: worstProgress,
    worstCase: worstCase,
  };
})();
