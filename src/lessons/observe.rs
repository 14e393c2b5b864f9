//! What a goal check looks at: the scenario, the run's summary and a few facts from the
//! trace and the services' state, gathered once per run.

use std::collections::BTreeMap;

use crate::cloud::kinesis::RecordStatus;
use crate::sim::{Scenario, Simulation, Summary};

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
        let cloud = sim.cloud();
        let mut producers: BTreeMap<String, ProducerFacts> = BTreeMap::new();
        let mut stream_records: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for r in &cloud.kinesis.records {
            let name = scenario
                .producers
                .get(r.producer as usize)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let p = producers.entry(name).or_default();
            p.total += 1;
            match r.status {
                RecordStatus::Rejected => p.rejected += 1,
                RecordStatus::Delivered => p.delivered += 1,
                _ => {}
            }
            if r.status != RecordStatus::Rejected {
                let stream = cloud
                    .kinesis
                    .streams
                    .get(r.stream as usize)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let e = stream_records.entry(stream).or_default();
                if r.data_key.is_some() {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
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
        let mut sim = Simulation::new(scenario, seed).map_err(|e| e.to_string())?;
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
