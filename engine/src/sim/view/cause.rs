//! For a failed parent step (PutRecord, PutRecords, GetRecords, PutObject, GetObject,
//! CopyObject) the nested call that made it fail, first: its outcome, its authorization
//! (decision, deciding rule, every statement) and, on demand, its fixes
//! (`Simulation::fixes_for`). The parent's own authorization stays available, no longer the
//! headline. Also the evaluation path of a step's authorization.

use crate::policy::{evaluation_path, EvaluationPath, Explanation};
use crate::sim::fixes::CauseKind;
use crate::sim::simulation::Simulation;

/// The step that made a failure happen.
#[derive(Clone, Debug, PartialEq)]
pub struct CauseView {
    /// Its row.
    pub row: usize,
    /// The failed step is its own cause (no nested or earlier failure).
    pub own: bool,
    pub actor: String,
    pub operation: String,
    /// Error code and message.
    pub code: String,
    pub message: String,
    /// Its authorization, when a policy decided it.
    pub authorization: Option<Explanation>,
    /// For a GetObject refused although the policies allow: the account that owns the
    /// object, whose object ACL grants only itself (S3 Object Ownership with ACLs enabled).
    pub object_owner: Option<String>,
}

impl Simulation {
    /// The cause of the failure at `row` (itself when nothing nested or earlier failed);
    /// `None` for a step that did not fail.
    pub fn cause_at(&self, row: usize) -> Option<CauseView> {
        let step = self.steps().get(row)?;
        if step.outcome.is_ok() {
            return None;
        }
        let cause = self.cause(step.index)?;
        let c = self.step_at(cause.step)?;
        let (code, message) = match &c.outcome {
            crate::runtime::trace::Outcome::Error { code, message } => {
                (code.to_string(), message.to_string())
            }
            crate::runtime::trace::Outcome::Ok => (String::new(), String::new()),
        };
        let authorization = match cause.kind {
            CauseKind::Denied(a) => Some(self.cloud.explain(&a)),
            _ => c.auth.map(|a| self.cloud.explain(&a)),
        };
        let object_owner = match cause.kind {
            CauseKind::ObjectOwner { object } => self
                .object_owner_denial(&c.principal, object)
                .map(str::to_string),
            _ => None,
        };
        Some(CauseView {
            row: cause.step as usize,
            own: cause.step == step.index,
            actor: c.actor.to_string(),
            operation: c.operation.to_string(),
            code,
            message,
            authorization,
            object_owner,
        })
    }

    /// The evaluation path of step `row`'s authorization: the stages of AWS's evaluation
    /// order it reached, where it stopped, and every statement's part.
    pub fn evaluation_path_at(&self, row: usize) -> Option<EvaluationPath> {
        let a = self.steps().get(row)?.auth?;
        let req = self.cloud.build_request(&a);
        Some(
            self.cloud
                .with_policy_set(&a, |set| evaluation_path(&req, set)),
        )
    }
}
