//! Where a step happens in the pipeline (the diagram's boxes) and which role a principal is.
//! Roles are resolved through the sessions IAM issued, never by reading names out of ARNs.

use crate::cloud::Principal;
use crate::runtime::trace::{Step, StepDetail};
use crate::sim::simulation::Simulation;

/// A place in the pipeline a step can be at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The producer function.
    Lambda,
    /// The Kinesis data stream.
    Stream,
    /// The Firehose delivery stream.
    Firehose,
    /// The S3 bucket.
    Bucket,
    /// The stream's KMS key.
    KinesisKey,
    /// The bucket's (Firehose's) KMS key.
    S3Key,
    /// The producer's execution role.
    ProducerRole,
    /// Firehose's role for reading the stream.
    SourceRole,
    /// Firehose's role for writing to S3.
    DestinationRole,
}

impl Simulation {
    /// The IAM role whose session `principal` (an assumed-role ARN) is; None for service
    /// principals, the account root and unknown ARNs.
    pub fn role_of_principal(&self, principal: &str) -> Option<&str> {
        let iam = &self.cloud.iam;
        let session = iam.sessions.iter().find(|s| &*s.arn == principal)?;
        iam.roles
            .get(session.role as usize)
            .map(|r| r.name.as_str())
    }

    /// The role a step is about: the role assumed by an AssumeRole, else the role of the
    /// session that made the call.
    pub fn role_of_step(&self, step: &Step) -> Option<&str> {
        let session = match (step.detail, step.auth.map(|a| a.principal)) {
            (StepDetail::AssumeRole { session }, _) => session,
            (_, Some(Principal::Session(session))) => session,
            _ => return None,
        };
        let iam = &self.cloud.iam;
        let role = iam.session(session)?.role;
        iam.roles.get(role as usize).map(|r| r.name.as_str())
    }

    /// The diagram box of a role: the first producer's role, or the first delivery stream's
    /// source or destination role.
    pub fn role_stage(&self, role: &str) -> Option<Stage> {
        let sc = self.scenario();
        let delivery = sc.delivery_streams.first();
        if sc.producers.first().is_some_and(|p| p.role == role) {
            Some(Stage::ProducerRole)
        } else if delivery.is_some_and(|d| d.source_role == role) {
            Some(Stage::SourceRole)
        } else if delivery.is_some_and(|d| d.destination_role == role) {
            Some(Stage::DestinationRole)
        } else {
            None
        }
    }

    /// The name of the KMS key a KMS step used (a call, or a key state change).
    fn key_name_of(&self, step: &Step) -> Option<&str> {
        let kms = &self.cloud.kms;
        let key = match step.detail {
            StepDetail::Kms { call } => kms.calls.get(call as usize)?.key,
            StepDetail::KeyState { key } => key,
            _ => return None,
        };
        kms.keys.get(key as usize).map(|k| k.name.as_str())
    }

    /// Where a step happens, and the stages a record moves between in it (a PutRecord
    /// carries a record from the producer into the stream).
    pub fn stage_of(&self, step: &Step) -> (Option<Stage>, Option<(Stage, Stage)>) {
        match (step.service, step.operation) {
            ("lambda", _) => (Some(Stage::Lambda), None),
            ("kinesis", "PutRecord") | ("kinesis", "PutRecords") => {
                (Some(Stage::Stream), Some((Stage::Lambda, Stage::Stream)))
            }
            ("kinesis", "GetRecords") => (
                Some(Stage::Firehose),
                Some((Stage::Stream, Stage::Firehose)),
            ),
            ("kinesis", _) => (Some(Stage::Stream), None),
            ("kms", _) => {
                let stream_key = self
                    .scenario()
                    .streams
                    .first()
                    .and_then(|s| s.encryption.key.as_deref());
                match self.key_name_of(step) {
                    Some(key) if Some(key) == stream_key => (Some(Stage::KinesisKey), None),
                    _ => (Some(Stage::S3Key), None),
                }
            }
            ("s3", "PutObject") => (Some(Stage::Bucket), Some((Stage::Firehose, Stage::Bucket))),
            ("s3", _) => (Some(Stage::Bucket), None),
            ("firehose", _) | ("logs", _) => (Some(Stage::Firehose), None),
            ("sts", _) => (
                self.role_of_step(step).and_then(|r| self.role_stage(r)),
                None,
            ),
            _ => (None, None),
        }
    }
}
