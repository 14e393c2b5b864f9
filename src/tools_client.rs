//! The page's side of the policy tools worker (`src/tools_work.rs`, `src/bin/tools_worker.rs`):
//! one worker per page, started in the background a few seconds after the page is
//! interactive (`warm_tools`, called by static/loader.js and static/bundle-boot.js when the
//! browser is idle) or by the first job, whichever comes first. Jobs sent before it is ready wait in
//! order; each answer goes to its job's callback; a worker that cannot start fails every job
//! it had, and the next job starts a new one. Components ask through the hooks below, which
//! give nothing until the answer is there (then the latest answer, so a linter does not
//! flicker while the learner types). Natively (the render tests) the hooks compute the
//! answer directly.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::policy::fix::WrittenFix;
use envelope_lab::policy::{Finding, PolicyKind};

use super::tools_work::{Answer, Fix, Job, LintFinding};

/// The lint findings of `text` as a policy of `kind` (None until the first answer).
#[hook]
pub fn use_lint(text: &str, kind: PolicyKind) -> Option<Rc<Vec<Finding>>> {
    use_job(
        (text.to_string(), kind),
        |(text, kind), id| Job::Lint {
            id,
            text: text.clone(),
            kind: (*kind).into(),
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

/// The verified fixes of a playground request's `eval` input (None until they are there).
#[hook]
pub fn use_eval_fixes(input: Rc<Value>) -> Option<Rc<Vec<WrittenFix>>> {
    use_job(
        input,
        |input, id| Job::EvalFixes {
            id,
            input: input.to_string(),
        },
        |answer| match answer {
            Answer::EvalFixed { fixes, .. } => {
                Some(Rc::new(fixes.iter().map(Fix::written).collect()))
            }
            _ => None,
        },
    )
    // Fixes are JSON Patch on this very input: an earlier input's do not apply.
    .and_then(|(fixes, current)| current.then_some(fixes))
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

    use super::super::tools_work::{to_json, Answer, Job};
    use super::super::web;
    use envelope_lab::text::Text;

    /// The worker's loader on the served site (index.html copies it next to the app), and
    /// the data block that carries the whole worker in the single-file build.
    const WORKER_SCRIPT: &str = "tools-worker.js";
    const WORKER_BLOCK: &str = "envelope-lab-tools-worker";

    #[derive(Default)]
    struct Client {
        worker: Option<web::Worker>,
        /// The worker failed; the next job starts a new one.
        broken: bool,
        ready: bool,
        waiting: Vec<String>,
        jobs: Vec<(u32, Callback<Answer>)>,
        last_id: u32,
    }

    thread_local! {
        static CLIENT: Rc<RefCell<Client>> = Rc::default();
    }

    fn client() -> Rc<RefCell<Client>> {
        CLIENT.with(Rc::clone)
    }

    /// Starts the worker unless it runs.
    pub fn start() {
        let client = client();
        {
            let mut c = client.borrow_mut();
            if c.worker.is_some() && !c.broken {
                return;
            }
            (c.worker, c.broken, c.ready) = (None, false, false);
        }
        let on_message = Callback::from(|text: String| heard(&text));
        let on_error = Callback::from(|why: String| stopped(&why));
        match web::start_worker(WORKER_SCRIPT, WORKER_BLOCK, on_message, on_error) {
            Ok(worker) => client.borrow_mut().worker = Some(worker),
            Err(why) => stopped(&why),
        }
    }

    /// Sends a job; `done` hears its answer.
    pub fn send(job: impl FnOnce(u32) -> Job, done: Callback<Answer>) {
        {
            let client = client();
            let mut c = client.borrow_mut();
            c.last_id += 1;
            let id = c.last_id;
            c.jobs.push((id, done));
            c.waiting.push(to_json(&job(id)));
        }
        start();
        flush();
    }

    /// Posts the waiting jobs if the worker is ready.
    fn flush() {
        let client = client();
        let mut c = client.borrow_mut();
        if !c.ready || c.broken {
            return;
        }
        let waiting = std::mem::take(&mut c.waiting);
        if let Some(worker) = &c.worker {
            for job in &waiting {
                worker.post(job);
            }
        }
    }

    /// A message from the worker.
    fn heard(text: &str) {
        let answer = match serde_json::from_str::<Answer>(text) {
            Ok(a) => a,
            Err(e) => return stopped(&e.to_string()),
        };
        match answer {
            Answer::Ready => {
                client().borrow_mut().ready = true;
                flush();
            }
            Answer::StartFailed { message } => stopped(&message),
            answer => {
                let id = answer.id();
                let done = {
                    let client = client();
                    let mut c = client.borrow_mut();
                    let at = c.jobs.iter().position(|(j, _)| Some(*j) == id);
                    at.map(|at| c.jobs.remove(at).1)
                };
                if let Some(done) = done {
                    done.emit(answer);
                }
            }
        }
    }

    /// The worker could not start or stopped: every job it had fails with the reason.
    fn stopped(why: &str) {
        let jobs = {
            let client = client();
            let mut c = client.borrow_mut();
            c.broken = true;
            c.ready = false;
            c.waiting.clear();
            std::mem::take(&mut c.jobs)
        };
        let error = Text::new(
            format!("the policy tools could not start: {why}"),
            format!("ポリシーツールを開始できませんでした: {why}"),
        );
        for (id, done) in jobs {
            done.emit(Answer::Failed {
                id,
                error: error.clone(),
            });
        }
    }
}
