//! A timeline row, and what the expanded row's tabs show of a step: the request and
//! response, the authorization, the envelope and the CloudTrail event (by step index).

use serde_json::Value;

use crate::policy::Explanation;
use crate::runtime::trace::{Outcome, Step};
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
    /// `(code, message)` when the step failed.
    pub error: Option<(String, String)>,
    /// Nesting depth (a KMS call made for a PutRecord is 1), at most 4.
    pub depth: usize,
    /// The simulator's modelling notes, where the behaviour is not documented AWS
    /// behaviour (empty when it is).
    pub modelled: Vec<Text>,
}

/// The envelope of one step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EnvelopeView {
    /// True for a decryption (the reverse path).
    pub decrypt: bool,
    /// KMS key ARN.
    pub key_arn: String,
    /// Plaintext.
    pub plaintext: String,
    /// Plaintext data key (hex).
    pub data_key_hex: String,
    /// Nonce (hex).
    pub nonce_hex: String,
    /// Ciphertext + tag (base64).
    pub ciphertext: String,
    /// Encrypted data key (base64).
    pub blob: String,
    /// Encryption context.
    pub context: Vec<(String, String)>,
    /// What was sealed (`Kinesis record`, `S3 object`, `data key`), in both languages.
    pub subject: Text,
    /// The algorithm (`AES-256-GCM`).
    pub algorithm: String,
    /// The path in numbered steps, in both languages.
    pub path: Vec<Text>,
    /// The modelling note, where AWS documents nothing.
    pub modelled: Option<Text>,
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

    /// The envelope of step `i` (encrypt or decrypt path).
    pub fn envelope_at(&self, i: usize) -> Option<EnvelopeView> {
        let d = self.envelope(self.steps().get(i)?)?;
        Some(EnvelopeView {
            decrypt: d.direction == "decrypt",
            key_arn: d.kms_key_arn.unwrap_or_default(),
            plaintext: d.plaintext.unwrap_or_default(),
            data_key_hex: d.data_key_hex.unwrap_or_default(),
            nonce_hex: d.nonce_hex.unwrap_or_default(),
            ciphertext: d.ciphertext_base64.unwrap_or_default(),
            blob: d.ciphertext_blob_base64.unwrap_or_default(),
            context: d
                .encryption_context
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            subject: d.subject,
            algorithm: d.algorithm.to_string(),
            path: d.path,
            modelled: d.modelled,
        })
    }
}
