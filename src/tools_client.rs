//! The page's side of the policy tools worker (`src/tools_work.rs`, `src/bin/tools_worker.rs`):
//! one worker per page, started in the background a few seconds after the page is
//! interactive (`warm_tools`, called by static/loader.js and static/bundle-boot.js when the
//! browser is idle) or by the first job, whichever comes first. Jobs sent before it is ready wait in
//! order; each answer goes to its job's callback; a worker that cannot start fails every job
//! it had, and the next job starts a new one. Components ask through the hooks below, which
//! give nothing until the answer is there (then the latest answer, so a linter does not
//! flicker while the learner types). Natively (the render tests) the hooks compute the
//! answer directly. The sandbox's Fix tab asks for a run's fixes ([`use_run_fixes`]) and
//! Fix all ([`ask_fix_all`]) the same way: the worker rebuilds the run from the scenario
//! and seed, so the fix engine and its verification re-runs stay out of the app's Wasm and
//! off the main thread. So do the "who can read the plaintext" panel
//! ([`use_plaintext_view`]), which replays the run and asks the policy engine as each role,
//! the evaluation path (`eval_path`: the Authorization tab and the playground) and a
//! lesson's goal checklist (`crate::goal_work::use_goal_check`). The organization and
//! client-side presets' scenarios come from it too (`preset`: [`load_preset`]).

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::policy::fix::WrittenFix;
use envelope_lab::policy::{Finding, PolicyKind};
use envelope_lab::sim::fixes::FixAll;
use envelope_lab::text::Text;

use super::tools_work::{Answer, Comparison, Job, LintFinding, PlaintextPanel, ShownFixes};

mod eval_path;
mod preset;
pub use eval_path::{
    prefetch_eval_path, use_eval_path, use_playground_path, EvalPathAsk, PathAnswer,
};
pub use preset::{load_preset, preset_now, preset_pending};

/// The lint findings of `text` as a policy of `kind` (None until the first answer).
#[hook]
pub fn use_lint(text: &str, kind: PolicyKind) -> Option<Rc<Vec<Finding>>> {
    use_job(
        (text.to_string(), kind),
        |(text, kind), id| Job::Lint {
            id,
            text: text.clone(),
            kind: *kind,
        },
        |answer| match answer {
            Answer::Linted { findings, .. } => {
                Some(Rc::new(findings.iter().map(LintFinding::finding).collect()))
            }
            _ => None,
        },
    )
    .map(|(findings, _)| findings)
}

/// The verified fixes of a playground request's `eval` input, and why none is offered when
/// there is none (None until they are there).
#[hook]
pub fn use_eval_fixes(input: Rc<Value>) -> Option<Rc<(Vec<WrittenFix>, Option<Text>)>> {
    use_job(
        input,
        |input, id| Job::EvalFixes {
            id,
            input: input.to_string(),
        },
        |answer| match answer {
            Answer::EvalFixed {
                fixes,
                no_fix_reason,
                ..
            } => Some(Rc::new((fixes, no_fix_reason))),
            _ => None,
        },
    )
    // Fixes are JSON Patch on this very input: an earlier input's do not apply.
    .and_then(|(fixes, current)| current.then_some(fixes))
}

/// `after` compared with `before` (None until the answer for these texts is there).
#[hook]
pub fn use_no_new_access(
    before: Rc<String>,
    after: Rc<String>,
    policy_type: &'static str,
) -> Option<Rc<Comparison>> {
    use_job(
        (before, after, policy_type),
        |(before, after, policy_type), id| Job::NoNewAccess {
            id,
            before: before.to_string(),
            after: after.to_string(),
            policy_type: policy_type.to_string(),
        },
        |answer| match answer {
            Answer::Compared { comparison, .. } => Some(Rc::new(comparison)),
            _ => None,
        },
    )
    // An earlier pair's answer says nothing of this one.
    .and_then(|(comparison, current)| current.then_some(comparison))
}

/// Which run fixes to ask for: failed step `step` of the run `run`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunFixesAsk {
    pub run: RunAsk,
    pub step: u32,
}

/// What the worker answered: the fixes (`None`: the step did not fail), or why the
/// worker could not compute them.
pub type RunFixesAnswer = Result<Option<Rc<ShownFixes>>, Text>;

/// The verified fixes of a run's failed step, computed by the policy tools worker (None
/// until its answer to this very ask is there; nothing is asked while `ask` is None).
#[hook]
pub fn use_run_fixes(ask: Option<RunFixesAsk>) -> Option<RunFixesAnswer> {
    use_answer(
        ask,
        |ask, id| Job::RunFixes {
            id,
            scenario: ask.run.scenario.to_string(),
            seed: ask.run.seed,
            step: ask.step,
        },
        |answer| match answer {
            Answer::RunFixed { fixes, rule, .. } => {
                Some(fixes.map(|fixes| Rc::new(ShownFixes { fixes, rule })))
            }
            _ => None,
        },
    )
}

/// Which run to ask about: the run of `scenario` with `seed`, the page's scenario revision
/// `revision` (asks are equal when revision and seed are: the revision names the scenario).
#[derive(Clone, Debug)]
pub struct RunAsk {
    pub revision: u64,
    pub seed: u64,
    pub scenario: Rc<Value>,
}

impl PartialEq for RunAsk {
    fn eq(&self, other: &Self) -> bool {
        (self.revision, self.seed) == (other.revision, other.seed)
    }
}

/// What the worker answered for the "who can read the plaintext" panel (`None`: the
/// scenario does not run), or why it could not.
pub type PlaintextAnswer = Result<Option<Rc<PlaintextPanel>>, Text>;

/// Who can read the plaintext at the end of a run, computed by the policy tools worker on
/// its own replay of the run (None until its answer to this very ask is there; nothing is
/// asked while `ask` is None).
#[hook]
pub fn use_plaintext_view(ask: Option<RunAsk>) -> Option<PlaintextAnswer> {
    use_answer(
        ask,
        |ask, id| Job::PlaintextView {
            id,
            scenario: ask.scenario.to_string(),
            seed: ask.seed,
        },
        |answer| match answer {
            Answer::PlaintextViewed { panel, .. } => Some(panel.map(Rc::new)),
            _ => None,
        },
    )
}

/// The worker's answer to `ask` (posted when `ask` changes): what `read` takes from it, or
/// the worker's failure; None until the answer to this very ask is there, so an earlier
/// run's answer is never shown for this one.
#[hook]
pub(crate) fn use_answer<K: PartialEq + Clone + 'static, T: Clone + 'static>(
    ask: Option<K>,
    job: fn(&K, u32) -> Job,
    read: fn(Answer) -> Option<T>,
) -> Option<Result<T, Text>> {
    let latest = use_state(|| None::<(K, Result<T, Text>)>);
    {
        let latest = latest.clone();
        use_effect_with(ask.clone(), move |ask| {
            if let Some(ask) = ask.clone() {
                let asked = ask.clone();
                send(
                    move |id| job(&asked, id),
                    Callback::from(move |answer: Answer| {
                        let got = match answer {
                            Answer::Failed { error, .. } => Err(error),
                            other => match read(other) {
                                Some(t) => Ok(t),
                                // The worker's ready answer, heard first.
                                None => return,
                            },
                        };
                        latest.set(Some((ask.clone(), got)));
                    }),
                );
            }
        });
    }
    (*latest)
        .clone()
        .filter(|(asked, _)| Some(asked) == ask.as_ref())
        .map(|(_, answer)| answer)
}

/// Asks the worker for the fixes of failed step `step` of (`scenario`, `seed`) ahead of
/// the Fix tab, dropping the answer: the worker keeps them for the tab's own ask
/// (`fixes::prefetch`).
pub fn prefetch_run_fixes(scenario: &Value, seed: u64, step: u32) {
    let scenario = scenario.to_string();
    prefetch(move |id| Job::RunFixes {
        id,
        scenario,
        seed,
        step,
    });
}

/// Asks the worker for something ahead of the view that will ask for it, dropping the
/// answer: the worker keeps its run (and fixes) for the view's own ask.
fn prefetch(job: impl FnOnce(u32) -> Job + 'static) {
    send(job, Callback::noop());
}

/// Fix all of `scenario` run with `seed`, computed by the policy tools worker; `done` hears
/// the chain (with the scenario it leaves), or why it could not be computed.
pub fn ask_fix_all(scenario: &Value, seed: u64, done: Callback<Result<Rc<FixAll>, Text>>) {
    let scenario = scenario.to_string();
    send(
        move |id| Job::FixAll { id, scenario, seed },
        Callback::from(move |answer: Answer| match answer {
            Answer::FixedAll { all, scenario, .. } => done.emit(all.map(|mut all| {
                all.scenario = scenario;
                Rc::new(all)
            })),
            Answer::Failed { error, .. } => done.emit(Err(error)),
            _ => {}
        }),
    );
}

/// Natively: the job done at once, as the worker would do it.
#[cfg(not(target_arch = "wasm32"))]
fn send(job: impl FnOnce(u32) -> Job, done: Callback<Answer>) {
    done.emit(super::tools_work::run(job(0)));
}

/// In the browser: the job posted to the worker (`done` also hears its ready answer and
/// passes over it).
#[cfg(target_arch = "wasm32")]
fn send(job: impl FnOnce(u32) -> Job, done: Callback<Answer>) {
    worker::send(job, done);
}

/// Natively: the job done at once, as the worker would do it (always current).
#[cfg(not(target_arch = "wasm32"))]
#[hook]
fn use_job<K: PartialEq + 'static, T: Clone + 'static>(
    key: K,
    job: fn(&K, u32) -> Job,
    read: fn(Answer) -> Option<T>,
) -> Option<(T, bool)> {
    let answer = use_memo(key, |key| read(super::tools_work::run(job(key, 0))));
    (*answer).clone().map(|t| (t, true))
}

/// In the browser: the job posted to the worker when `key` changes; the latest answer and
/// whether it answers this `key`.
#[cfg(target_arch = "wasm32")]
#[hook]
fn use_job<K: PartialEq + Clone + 'static, T: Clone + 'static>(
    key: K,
    job: fn(&K, u32) -> Job,
    read: fn(Answer) -> Option<T>,
) -> Option<(T, bool)> {
    let latest = use_state(|| None::<(K, T)>);
    {
        let latest = latest.clone();
        use_effect_with(key.clone(), move |key| {
            let key = key.clone();
            let asked = key.clone();
            worker::send(
                move |id| job(&asked, id),
                Callback::from(move |answer: Answer| {
                    if let Some(t) = read(answer) {
                        latest.set(Some((key.clone(), t)));
                    }
                }),
            );
        });
    }
    (*latest).clone().map(|(k, t)| (t, k == key))
}

/// Starts the policy tools worker in the background (static/loader.js calls it, through
/// the app's `warm_tools` export, a few seconds after the page is interactive, when the
/// browser is idle), so the first lint or playground fix rarely waits for its download.
#[cfg(target_arch = "wasm32")]
pub fn warm() {
    worker::start();
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::rc::Rc;

    use yew::Callback;

    use super::super::tools_work::{Answer, Job};
    use super::super::worker_link::{self, impl_answers, Link, Shared};
    use envelope_lab::text::Text;

    /// The worker's loader on the served site (index.html copies it next to the app), and
    /// the data block that carries the whole worker in the single-file build.
    const WORKER_SCRIPT: &str = "tools-worker.js";
    const WORKER_BLOCK: &str = "envelope-lab-tools-worker";

    thread_local! {
        static LINK: Shared<Answer> = Rc::new(RefCell::new(Link::new(
            WORKER_SCRIPT,
            WORKER_BLOCK,
            |why| {
                Text::new(
                    format!("the policy tools could not start: {why}"),
                    format!("ポリシーツールを開始できませんでした: {why}"),
                )
            },
        )));
    }

    fn link() -> Shared<Answer> {
        LINK.with(Rc::clone)
    }

    impl_answers!(Answer, |id, error| Answer::Failed { id, error });

    /// Starts the worker unless it runs.
    pub fn start() {
        worker_link::start(&link());
    }

    /// Sends a job; `done` hears its answer (and first the ready answer, which the hooks'
    /// readers pass over).
    pub fn send(job: impl FnOnce(u32) -> Job, done: Callback<Answer>) {
        worker_link::send(&link(), job, done);
    }
}
