//! What a goal check looks at: the scenario, the run's summary (record counts per
//! producer and per stream included) and the trace's steps, gathered once per run.

use std::collections::BTreeMap;

use crate::sim::{Scenario, Simulation, Summary};
use crate::text::Text;

/// One step of the trace, reduced to what checks filter on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFact {
    /// Service.
    pub service: String,
    /// Operation.
    pub operation: String,
    /// Principal ARN.
    pub principal: String,
    /// Error code, None when the step succeeded.
    pub error_code: Option<String>,
}

/// Record outcomes of one producer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProducerFacts {
    /// Records attempted.
    pub total: u64,
    /// PutRecord failed.
    pub rejected: u64,
    /// Delivered to S3.
    pub delivered: u64,
}

/// Everything checks read.
#[derive(Debug, Clone)]
pub struct Observation {
    /// The scenario that ran.
    pub scenario: Scenario,
    /// The run's summary.
    pub summary: Summary,
    /// Every step.
    pub steps: Vec<StepFact>,
    /// Per producer name.
    pub producers: BTreeMap<String, ProducerFacts>,
    /// Per stream name: (records stored encrypted, records stored in plaintext).
    pub stream_records: BTreeMap<String, (u64, u64)>,
    /// Typed answers (input id → value).
    pub answers: BTreeMap<String, f64>,
}

impl Observation {
    /// Gathers the facts of a simulation (normally one that has run to its end).
    pub fn of(sim: &Simulation) -> Observation {
        let scenario = sim.scenario().clone();
        let summary = sim.summary();
        let steps = sim
            .steps()
            .iter()
            .map(|s| StepFact {
                service: s.service.to_string(),
                operation: s.operation.to_string(),
                principal: s.principal.to_string(),
                error_code: s.outcome.code().map(str::to_string),
            })
            .collect();
        // Per-producer and per-stream counts come from the run's summary (the same
        // numbers `envelope-lab run --summary` prints), not from the services' internals.
        let producers = summary
            .producers
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    ProducerFacts {
                        total: p.produced,
                        rejected: p.put_failed,
                        delivered: p.delivered,
                    },
                )
            })
            .collect();
        let stream_records = summary
            .streams
            .iter()
            .map(|s| (s.name.clone(), (s.records_kms, s.records_plain)))
            .collect();
        Observation {
            scenario,
            summary,
            steps,
            producers,
            stream_records,
            answers: BTreeMap::new(),
        }
    }

    /// Runs a scenario to its end and gathers the facts.
    pub fn run(scenario: &Scenario, seed: u64) -> Result<Observation, String> {
        Observation::run_text(scenario, seed).map_err(|t| t.into_en())
    }

    /// [`Observation::run`] with the error (`path: explanation`) in English and Japanese.
    pub fn run_text(scenario: &Scenario, seed: u64) -> Result<Observation, Text> {
        let mut sim = Simulation::new(scenario, seed).map_err(|e| e.located())?;
        sim.run_to_end();
        Ok(Observation::of(&sim))
    }

    /// Builder: sets the typed answers.
    pub fn with_answers(mut self, answers: BTreeMap<String, f64>) -> Self {
        self.answers = answers;
        self
    }

    /// Whether a principal ARN is a session of (or is) the scenario role `role`.
    pub fn principal_is_role(principal: &str, role: &str) -> bool {
        principal.contains(&format!(":assumed-role/{role}/"))
            || principal.ends_with(&format!(":role/{role}"))
    }
}
