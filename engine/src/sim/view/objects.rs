//! The S3 objects of a run at a step, and opening one as a role: the engine's GetObject (and
//! the KMS Decrypt behind it) with the authorization that decided the outcome.

use serde_json::Value;

use crate::cloud::s3::{S3Object, S3};
use crate::policy::Explanation;
use crate::runtime::trace::Step;
use crate::sim::simulation::Simulation;

/// One S3 object version (inventory row).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectView {
    /// Object key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// `NOT-SSE`, `SSE-S3`, `SSE-KMS` (S3 Inventory's `EncryptionStatus`).
    pub encryption_status: String,
    /// Written with a Bucket Key.
    pub bucket_key: bool,
    /// KMS key ARN for SSE-KMS.
    pub kms_key: Option<String>,
    /// The AWS Encryption SDK messages it holds (one per record, back to back) when the
    /// records were sealed client-side; None otherwise.
    pub sdk_messages: Option<usize>,
}

/// The result of opening an object as a role.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectRead {
    /// The body was returned.
    pub ok: bool,
    /// `head-object` headers on success.
    pub headers: Vec<(String, String)>,
    /// The body (UTF-8, lossy).
    pub body: String,
    /// `(code, message)` on failure.
    pub error: Option<(String, String)>,
    /// What is modelled or only observed about the error (empty when it is documented).
    pub error_notes: Vec<crate::text::Text>,
    /// The authorization that decided: the first that denied, else the KMS Decrypt behind
    /// the read, else the GetObject.
    pub explanation: Option<Explanation>,
    /// The steps the request wrote (`s3 GetObject ✓`, `kms Decrypt ✗ AccessDeniedException`).
    pub steps: Vec<String>,
}

impl Simulation {
    /// The objects in the buckets after `cursor` steps (the current version of each key:
    /// present at the start or written before then), in the order they were written.
    pub(super) fn current_objects(&self, cursor: usize) -> Vec<&S3Object> {
        let s3 = &self.cloud.s3;
        self.current_object_indices(cursor)
            .into_iter()
            .filter_map(|i| s3.objects.get(i))
            .collect()
    }

    /// The indices of [`Simulation::current_objects`].
    fn current_object_indices(&self, cursor: usize) -> Vec<usize> {
        let s3 = &self.cloud.s3;
        // The newest version written by then, per object name.
        let mut latest = vec![usize::MAX; s3.names.len()];
        for (i, o) in s3.objects.iter().enumerate() {
            if o.step == u32::MAX || (o.step as usize) < cursor {
                if let Some(slot) = latest.get_mut(o.name as usize) {
                    *slot = i;
                }
            }
        }
        latest.sort_unstable();
        latest.retain(|&i| i < s3.objects.len());
        latest
    }

    /// The objects after `cursor` steps, as an inventory lists them.
    pub fn objects(&self, cursor: usize) -> Vec<ObjectView> {
        let cloud = &self.cloud;
        self.current_object_indices(cursor)
            .into_iter()
            .filter_map(|i| Some((i, cloud.s3.objects.get(i)?)))
            .map(|(i, o)| ObjectView {
                key: cloud.s3.key_of(o.name).to_string(),
                size: o.size as u64,
                encryption_status: S3::encryption_status(o).to_string(),
                bucket_key: o.bucket_key,
                kms_key: o
                    .kms_key
                    .and_then(|k| cloud.kms.keys.get(k as usize))
                    .map(|k| k.arn.clone()),
                sdk_messages: self.object_holds_sdk(i as u32).then(|| {
                    cloud
                        .s3_body_unchecked(i as u32)
                        .map_or(0, |b| crate::sim::envelope::sdk::count(&b, 100_000))
                }),
            })
            .collect()
    }

    /// Opens `key` in the scenario's first bucket as `role`, now: appends the GetObject
    /// (and KMS) steps to this simulation, so callers open on a copy of the run.
    pub fn open_object_as(&mut self, role: &str, key: &str) -> ObjectRead {
        let Some(bucket) = self.scenario().buckets.first().map(|b| b.name.clone()) else {
            return ObjectRead::default();
        };
        let before = self.steps().len();
        let result = self.open_object(role, &bucket, key);
        let steps = self.steps().get(before..).unwrap_or(&[]);
        let mut read = ObjectRead {
            steps: steps.iter().map(step_line).collect(),
            explanation: self.deciding_authorization(steps),
            ..ObjectRead::default()
        };
        match result {
            Ok(body) => {
                read.ok = true;
                // AWS Encryption SDK messages are binary: written in base64.
                read.body = if crate::sim::envelope::sdk::count(&body, 1) == 1 {
                    crate::sim::inspect::b64(&body)
                } else {
                    String::from_utf8_lossy(&body).into_owned()
                };
                read.headers = steps
                    .iter()
                    .find(|st| st.operation == "GetObject")
                    .and_then(|st| self.response_json(st))
                    .and_then(|v| v.as_object().cloned())
                    .map(|m| m.into_iter().map(|(k, v)| (k, header_text(v))).collect())
                    .unwrap_or_default();
            }
            Err(e) => {
                read.error = Some((e.code.to_string(), e.message.to_string()));
                read.error_notes = e.note.map(|n| n.text().clone()).into_iter().collect();
            }
        }
        read
    }

    /// The authorization that decided a read: the first decision that denied, else the KMS
    /// Decrypt behind the read, else the GetObject.
    fn deciding_authorization(&self, steps: &[Step]) -> Option<Explanation> {
        steps
            .iter()
            .filter(|st| !st.outcome.is_ok())
            .filter_map(|st| self.authorization(st))
            .find(|e| !e.decision.is_allowed())
            .or_else(|| {
                steps
                    .iter()
                    .rev()
                    .filter(|st| st.service == "kms")
                    .find_map(|st| self.authorization(st))
            })
            .or_else(|| steps.iter().find_map(|st| self.authorization(st)))
    }
}

/// `s3 GetObject ✓`, `kms Decrypt ✗ AccessDeniedException`.
fn step_line(st: &Step) -> String {
    let outcome = match st.outcome.code() {
        Some(c) => format!("✗ {c}"),
        None => "✓".into(),
    };
    format!("{} {} {}", st.service, st.operation, outcome)
}

/// A header value as text (strings without their JSON quotes).
fn header_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
