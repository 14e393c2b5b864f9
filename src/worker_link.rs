//! The page's side of a Web Worker that answers jobs (the CloudFormation worker,
//! `src/cfn_dialog.rs`; the policy tools worker, `src/tools_client.rs`): started on first
//! use and then kept. Jobs sent before it is ready wait in order; each answer goes to its
//! job's callback; a worker that cannot start or stops fails every job it had, and the
//! next job starts a new one. The messages' text is `src/worker_wire.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::Callback;

use crate::web;
use crate::worker_wire::to_json;
use envelope_lab::text::Text;

/// A worker's answers, as its link tells them apart.
pub trait Answers: DeserializeOwned + 'static {
    /// The worker's Wasm runs and it takes jobs. Each job's callback hears it too, once the
    /// worker can work on that job (a dialog then says it is working, no longer loading).
    fn ready() -> Self;
    fn is_ready(&self) -> bool;
    /// The worker's loader script says its Wasm could not start, and why.
    fn start_failed(&self) -> Option<&str>;
    /// The job this answers (none for the worker's own messages).
    fn id(&self) -> Option<u32>;
    /// Job `id` failed: the worker could not start or stopped.
    fn failed(id: u32, error: Text) -> Self;
}

/// Implements [`Answers`] for a worker's answer enum, which has the variants `Ready`,
/// `StartFailed { message }` and an inherent `id()`; `failed` makes its failure of a job
/// from the job's id and the error.
macro_rules! impl_answers {
    ($answer:ident, |$id:ident, $error:ident| $failed:expr) => {
        impl $crate::worker_link::Answers for $answer {
            fn ready() -> Self {
                $answer::Ready
            }
            fn is_ready(&self) -> bool {
                matches!(self, $answer::Ready)
            }
            fn start_failed(&self) -> Option<&str> {
                match self {
                    $answer::StartFailed { message } => Some(message),
                    _ => None,
                }
            }
            fn id(&self) -> Option<u32> {
                $answer::id(self)
            }
            fn failed($id: u32, $error: envelope_lab::text::Text) -> Self {
                $failed
            }
        }
    };
}
pub(crate) use impl_answers;

/// One worker and its jobs.
pub struct Link<A> {
    /// The worker's loader on the served site (index.html copies it next to the app), and
    /// the data block that carries the whole worker in the single-file build
    /// (scripts/bundle.mjs).
    script: &'static str,
    block: &'static str,
    /// The error every job gets when the worker could not start or stopped, with why.
    unavailable: fn(&str) -> Text,
    worker: Option<web::Worker>,
    /// The worker failed; the next job starts a new one. (It is not dropped at once: its
    /// own event listener is what reports the failure.)
    broken: bool,
    ready: bool,
    waiting: Vec<String>,
    jobs: Vec<(u32, Callback<A>)>,
    last_id: u32,
}

/// A link as its callbacks hold it.
pub type Shared<A> = Rc<RefCell<Link<A>>>;

impl<A: Answers> Link<A> {
    /// A link to the worker loaded from `script` (or the data block `block`); not started.
    pub fn new(script: &'static str, block: &'static str, unavailable: fn(&str) -> Text) -> Self {
        Link {
            script,
            block,
            unavailable,
            worker: None,
            broken: false,
            ready: false,
            waiting: Vec::new(),
            jobs: Vec::new(),
            last_id: 0,
        }
    }

    /// The worker runs and takes jobs.
    pub fn is_ready(&self) -> bool {
        self.ready && !self.broken
    }
}

/// Starts the worker unless it runs.
pub fn start<A: Answers>(link: &Shared<A>) {
    let (script, block) = {
        let mut l = link.borrow_mut();
        if l.worker.is_some() && !l.broken {
            return;
        }
        (l.worker, l.broken, l.ready) = (None, false, false);
        (l.script, l.block)
    };
    let weak = Rc::downgrade(link);
    let heard_from = weak.clone();
    let on_message = Callback::from(move |text: String| {
        if let Some(l) = heard_from.upgrade() {
            heard(&l, &text);
        }
    });
    let on_error = Callback::from(move |why: String| {
        if let Some(l) = weak.upgrade() {
            stopped(&l, &why);
        }
    });
    match web::start_worker(script, block, on_message, on_error) {
        Ok(worker) => link.borrow_mut().worker = Some(worker),
        Err(why) => stopped(link, &why),
    }
}

/// Sends a job (made with its id). `done` hears the ready answer once the worker can work
/// on it (at once if it already can), then the job's answer.
pub fn send<A: Answers, J: Serialize>(
    link: &Shared<A>,
    job: impl FnOnce(u32) -> J,
    done: Callback<A>,
) {
    let ready = {
        let mut l = link.borrow_mut();
        l.last_id += 1;
        let id = l.last_id;
        l.jobs.push((id, done.clone()));
        l.waiting.push(to_json(&job(id)));
        l.is_ready()
    };
    if ready {
        done.emit(A::ready());
    }
    start(link);
    flush(link);
}

/// Posts the waiting jobs if the worker is ready.
fn flush<A: Answers>(link: &Shared<A>) {
    let mut l = link.borrow_mut();
    if !l.is_ready() {
        return;
    }
    let waiting = std::mem::take(&mut l.waiting);
    if let Some(worker) = &l.worker {
        for job in &waiting {
            worker.post(job);
        }
    }
}

/// A message from the worker.
fn heard<A: Answers>(link: &Shared<A>, text: &str) {
    let answer = match serde_json::from_str::<A>(text) {
        Ok(a) => a,
        Err(e) => return stopped(link, &e.to_string()),
    };
    if answer.is_ready() {
        link.borrow_mut().ready = true;
        let jobs: Vec<_> = link.borrow().jobs.iter().map(|(_, d)| d.clone()).collect();
        for done in jobs {
            done.emit(A::ready());
        }
        flush(link);
    } else if let Some(why) = answer.start_failed() {
        stopped(link, why);
    } else {
        let id = answer.id();
        let done = {
            let mut l = link.borrow_mut();
            let at = l.jobs.iter().position(|(j, _)| Some(*j) == id);
            at.map(|at| l.jobs.remove(at).1)
        };
        if let Some(done) = done {
            done.emit(answer);
        }
    }
}

/// The worker could not start or stopped: every job it had fails with the reason.
fn stopped<A: Answers>(link: &Shared<A>, why: &str) {
    let (jobs, error) = {
        let mut l = link.borrow_mut();
        l.broken = true;
        l.ready = false;
        l.waiting.clear();
        (std::mem::take(&mut l.jobs), (l.unavailable)(why))
    };
    for (id, done) in jobs {
        done.emit(A::failed(id, error.clone()));
    }
}
