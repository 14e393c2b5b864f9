//! A timeline row, and what the expanded row's tabs show of a step: the request and
//! response, the authorization and the CloudTrail event (by step index; the envelope is in
//! `envelope.rs`).

use serde_json::Value;

use crate::policy::Explanation;
use crate::runtime::trace::{Outcome, Step, StepDetail};
use crate::sim::simulation::Simulation;
use crate::text::Text;

/// One timeline row.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RowView {
    /// Step index.
    pub index: usize,
    /// `10:57:58.020`.
    pub time: String,
    /// Who acts (`Lambda DataSourceLambda`).
    pub actor: String,
    /// AWS service.
    pub service: String,
    /// API operation.
    pub operation: String,
    /// The principal's ARN (or a service principal).
    pub principal: String,
    /// What the step acts on when its operation alone does not say: the role an
    /// AssumeRole assumes (two AssumeRole rows by one service otherwise read the same).
    pub target: Option<String>,
    /// `(code, message)` when the step failed.
    pub error: Option<(String, String)>,
    /// Nesting depth (a KMS call made for a PutRecord is 1), at most 4.
    pub depth: usize,
    /// The simulator's modelling notes, where the behaviour is not documented AWS
    /// behaviour (empty when it is).
    pub modelled: Vec<Text>,
}

/// `2024-03-27T10:57:58.020000Z` → `10:57:58.020`.
fn time_of_day(iso: &str) -> String {
    iso.get(11..23).unwrap_or(iso).to_string()
}

/// How many parents a step has (capped at 4).
pub(crate) fn depth(steps: &[Step], step: &Step) -> usize {
    let mut d = 0;
    let mut parent = step.parent;
    while let Some(p) = parent {
        d += 1;
        if d >= 4 {
            break;
        }
        parent = steps.get(p as usize).and_then(|s| s.parent);
    }
    d
}

impl Simulation {
    /// The timeline row of step `i`.
    pub fn row(&self, i: usize) -> Option<RowView> {
        let steps = self.steps();
        let step = steps.get(i)?;
        let error = match &step.outcome {
            Outcome::Ok => None,
            Outcome::Error { code, message } => Some((code.to_string(), message.to_string())),
        };
        Some(RowView {
            index: i,
            time: time_of_day(&step.time.iso_micros()),
            actor: step.actor.to_string(),
            service: step.service.to_string(),
            operation: step.operation.to_string(),
            principal: step.principal.to_string(),
            target: match step.detail {
                StepDetail::AssumeRole { .. } => self.role_of_step(step).map(str::to_string),
                _ => None,
            },
            error,
            depth: depth(steps, step),
            modelled: step.modelled.texts().cloned().collect(),
        })
    }

    /// The request and response of step `i` in the AWS CLI's JSON shape.
    pub fn request_response_at(&self, i: usize) -> (Option<Value>, Option<Value>) {
        match self.steps().get(i) {
            Some(step) => (self.request_json(step), self.response_json(step)),
            None => (None, None),
        }
    }

    /// The policy engine's explanation of step `i`'s authorization, if it made one.
    pub fn authorization_at(&self, i: usize) -> Option<Explanation> {
        self.authorization(self.steps().get(i)?)
    }

    /// The KMS event of step `i` as CloudTrail would log it.
    pub fn cloudtrail_at(&self, i: usize) -> Option<Value> {
        self.cloudtrail(self.steps().get(i)?)
    }
}
