//! Firehose's CloudWatch Logs error events: each event's message is the JSON body Firehose
//! writes (`deliveryStreamARN`, `destination`, `deliveryStreamVersionId`, `message`,
//! `errorCode`), built once by [`Simulation::log_message`].

use serde_json::Value;

use crate::sim::simulation::Simulation;

/// One CloudWatch Logs event.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// The step that wrote it.
    pub step: u32,
    /// When it was logged (`2024-03-27T11:02:59.000000Z`).
    pub time: String,
    /// The event's message, as Firehose writes it.
    pub message: Value,
}

impl Simulation {
    /// The error events Firehose logged in the first `cursor` steps.
    pub fn logs(&self, cursor: usize) -> Vec<LogEntry> {
        self.cloud
            .firehose
            .logs
            .iter()
            .enumerate()
            .filter(|(_, e)| (e.step as usize) < cursor)
            .filter_map(|(i, e)| {
                Some(LogEntry {
                    step: e.step,
                    time: e.time.iso_micros(),
                    message: self.log_message(i as u32)?,
                })
            })
            .collect()
    }
}
