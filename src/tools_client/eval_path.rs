//! The page's side of the evaluation path jobs (`tools_work::eval_path`): the Authorization
//! tab's path of a run's row, the playground's path of a request, and the ask ahead for a
//! finished run's first failure (`fixes::prefetch`). Like the other run jobs, an answer is
//! given only to the ask it answers (revision, seed and row; the playground's input), so
//! a path of another step, scenario or seed is never shown.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use envelope_lab::text::Text;

use super::super::tools_work::eval_path::PathPanel;
use super::super::tools_work::{Answer, Job};
use super::{prefetch, use_answer, RunAsk};

/// Which evaluation path to ask for: row `row` of the run `run`.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalPathAsk {
    pub run: RunAsk,
    pub row: u32,
}

/// What the worker answered: the path (`None`: the row has no authorization, or the
/// scenario does not run), or why the worker could not work it out.
pub type PathAnswer = Result<Option<Rc<PathPanel>>, Text>;

fn read(answer: Answer) -> Option<Option<Rc<PathPanel>>> {
    match answer {
        Answer::EvalPathed { path, .. } => Some(path.map(Rc::new)),
        _ => None,
    }
}

/// The evaluation path of a run's row, worked out by the policy tools worker on its own
/// run of the scenario (None until its answer to this very ask is there; nothing is asked
/// while `ask` is None).
#[hook]
pub fn use_eval_path(ask: Option<EvalPathAsk>) -> Option<PathAnswer> {
    use_answer(
        ask,
        |ask, id| Job::EvalPath {
            id,
            scenario: ask.run.scenario.to_string(),
            seed: ask.run.seed,
            row: ask.row,
        },
        read,
    )
}

/// The evaluation path of a playground request and its conditions that protect nothing,
/// from its `eval` input (None until the answer to this very input is there).
#[hook]
pub fn use_playground_path(input: Option<Rc<Value>>) -> Option<PathAnswer> {
    use_answer(
        input,
        |input, id| Job::PlaygroundPath {
            id,
            input: input.to_string(),
        },
        read,
    )
}

/// Asks the worker for row `row`'s path of (`scenario`, `seed`) ahead of the Authorization
/// tab, dropping the answer: the worker then holds the run, so the tab's own ask is quick.
pub fn prefetch_eval_path(scenario: &Value, seed: u64, row: u32) {
    let scenario = scenario.to_string();
    prefetch(move |id| Job::EvalPath {
        id,
        scenario,
        seed,
        row,
    });
}
