//! The fixes of a finished run's first failure, asked of the policy tools worker before
//! the learner opens the Fix tab. The worker keeps the run it rebuilt and every failure's
//! verified fixes (`tools_work::run_fixes`, `FixCache`), so the Fix tab's own ask, the
//! same job a moment later, is answered from there instead of rebuilding and re-verifying
//! while the learner waits (issue 24's "first Fix tab within 300 ms"; docs/SIZE.md). The
//! answer here is dropped: the tab shows the one to its own ask.

use yew::prelude::*;

use crate::state::{Mode, State};
use crate::tools_client::prefetch_run_fixes;
use crate::web;
use crate::RunHandle;

/// How long a finished run stays unchanged before its first failure's fixes are asked
/// for (ms): long enough that stepping through or editing right away does not start the
/// worker's work for a run about to be replaced, short enough to finish before most
/// learners reach the Fix tab.
const PREFETCH_AFTER_MS: u32 = 400;

/// Asks for the first failure's fixes once a run with a failure has finished and stayed
/// unchanged [`PREFETCH_AFTER_MS`] (not when a lesson withholds the fixes).
#[hook]
pub fn use_prefetch_fixes(state: &UseReducerHandle<State>, run: &RunHandle) {
    let guard = use_mut_ref(|| None::<web::Guard>);
    let withheld = state.fixes_withheld && state.mode == Mode::Tutorial;
    let key = (state.revision, state.seed, state.run_done, withheld);
    let run = run.clone();
    let scenario = state.scenario.clone();
    use_effect_with(key, move |&(revision, seed, done, withheld)| {
        *guard.borrow_mut() = None;
        let first = run.next_failure(None).filter(|_| done && !withheld);
        if let Some(step) = first {
            *guard.borrow_mut() = Some(web::timeout(PREFETCH_AFTER_MS, move || {
                // The run may have been replaced since: ask only for the one scheduled.
                if run.revision() == revision && run.done() {
                    prefetch_run_fixes(&scenario, seed, step as u32);
                }
            }));
        }
    });
}
