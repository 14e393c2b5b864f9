//! The fixes of a finished run's first failure, and the evaluation paths of that failure
//! and of its cause, asked of the policy tools worker before the learner opens the Fix or
//! Authorization tab. The worker keeps the run it rebuilt and every failure's verified
//! fixes (`tools_work::run_fixes`, `FixCache`; the paths are read from the same run), so
//! the tab's own ask, the same job a moment later, is answered from there instead of
//! rebuilding and re-verifying while the learner waits (issue 24's "first Fix tab within
//! 300 ms"; docs/SIZE.md). The answers here are dropped: a tab shows the one to its own
//! ask. A lesson that withholds the fixes still gets the paths (a path is no fix).

use yew::prelude::*;

use crate::state::{Mode, State};
use crate::tools_client::{prefetch_eval_path, prefetch_run_fixes};
use crate::web;
use crate::RunHandle;

/// How long a finished run stays unchanged before its first failure's fixes are asked
/// for (ms): long enough that stepping through or editing right away does not start the
/// worker's work for a run about to be replaced, short enough to finish before most
/// learners reach the Fix tab.
const PREFETCH_AFTER_MS: u32 = 400;

/// Asks for the first failure's evaluation paths (its own and its cause's) and its fixes
/// once a run with a failure has finished and stayed unchanged [`PREFETCH_AFTER_MS`] (not
/// the fixes when a lesson withholds them).
#[hook]
pub fn use_prefetch_fixes(state: &UseReducerHandle<State>, run: &RunHandle) {
    let guard = use_mut_ref(|| None::<web::Guard>);
    let withheld = state.fixes_withheld && state.mode == Mode::Tutorial;
    let key = (state.revision, state.seed, state.run_done, withheld);
    let run = run.clone();
    let scenario = state.scenario.clone();
    use_effect_with(key, move |&(revision, seed, done, withheld)| {
        *guard.borrow_mut() = None;
        let first = run.next_failure(None).filter(|_| done);
        if let Some(step) = first {
            *guard.borrow_mut() = Some(web::timeout(PREFETCH_AFTER_MS, move || {
                // The run may have been replaced since: ask only for the one scheduled.
                if run.revision() != revision || !run.done() {
                    return;
                }
                // The paths first: cheap once the run is built, and the Authorization tab
                // is the one that opens with a failed step.
                let cause = run.cause(step).map(|c| c.row).filter(|&c| c != step);
                for row in std::iter::once(step).chain(cause) {
                    prefetch_eval_path(&scenario, seed, row as u32);
                }
                if !withheld {
                    prefetch_run_fixes(&scenario, seed, step as u32);
                }
            }));
        }
    });
}
