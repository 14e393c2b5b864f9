//! KMS usage of a run: requests per operation (every request, as KMS bills them, failures
//! included), how many records shared a Kinesis data key, and the S3 requests Bucket Keys
//! save, and what a client-side producer's AWS Encryption SDK asked KMS for (with the calls
//! its data key cache saved). The UI scales these into a monthly cost.

use crate::cloud::kms::KmsOp;
use crate::cloud::Via;
use crate::sim::simulation::Simulation;

/// KMS usage of a run (in the simulation's state now).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct UsageView {
    /// Requests per operation, in the order they first happened.
    pub by_operation: Vec<(String, u64)>,
    /// Kinesis records stored encrypted.
    pub records_encrypted: u64,
    /// Distinct data keys those records were sealed with.
    pub kinesis_data_keys: u64,
    /// S3 object versions.
    pub objects: u64,
    /// GenerateDataKey requests S3 made.
    pub s3_kms_requests: u64,
    /// The bucket's default encryption uses a Bucket Key.
    pub bucket_key: bool,
    /// Customer managed keys (each billed monthly).
    pub customer_keys: u64,
    /// KMS requests Kinesis made for server-side encryption (GenerateDataKey and Decrypt
    /// through Kinesis).
    pub kinesis_kms_requests: u64,
    /// Each producer that seals client-side, in scenario order.
    pub client_side: Vec<ClientSideUsage>,
}

/// The KMS requests of one client-side producer (the AWS Encryption SDK's own calls).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClientSideUsage {
    /// The function's name.
    pub producer: String,
    /// The algorithm suite's SDK name.
    pub suite: &'static str,
    /// Records sealed.
    pub records_sealed: u64,
    /// GenerateDataKey requests the SDK made (one per record without caching).
    pub generate_calls: u64,
    /// GenerateDataKey requests caching saved (records sealed with a cached data key).
    pub calls_saved: u64,
    /// The caching thresholds, when data key caching is on: max_age (ms), max_messages.
    pub caching: Option<(u64, u64)>,
}

impl Simulation {
    /// KMS usage in this simulation's state now.
    pub fn usage(&self) -> UsageView {
        let cloud = &self.cloud;
        let mut by_operation: Vec<(String, u64)> = Vec::new();
        for call in &cloud.kms.calls {
            let name = call.op.as_str();
            match by_operation.iter_mut().find(|(n, _)| n == name) {
                Some((_, c)) => *c += 1,
                None => by_operation.push((name.to_string(), 1)),
            }
        }
        let mut keys: Vec<u32> = cloud
            .kinesis
            .records
            .iter()
            .filter_map(|r| r.data_key)
            .collect();
        let records_encrypted = keys.len() as u64;
        keys.sort_unstable();
        keys.dedup();
        UsageView {
            by_operation,
            records_encrypted,
            kinesis_data_keys: keys.len() as u64,
            objects: cloud.s3.objects.len() as u64,
            s3_kms_requests: cloud
                .kms
                .calls
                .iter()
                .filter(|c| c.via == Via::S3 && c.op == KmsOp::GenerateDataKey)
                .count() as u64,
            bucket_key: self
                .scenario()
                .buckets
                .first()
                .is_some_and(|b| b.default_encryption.bucket_key),
            customer_keys: cloud.kms.keys.iter().filter(|k| !k.aws_managed).count() as u64,
            kinesis_kms_requests: cloud
                .kms
                .calls
                .iter()
                .filter(|c| c.via == Via::Kinesis)
                .count() as u64,
            client_side: crate::cloud::client_side::sealers(&cloud.lambda.producers)
                .map(|(p, cs)| ClientSideUsage {
                    producer: p.name.clone(),
                    suite: cs.suite.name(),
                    records_sealed: cs.sealed,
                    generate_calls: cs.generate_calls(),
                    calls_saved: cs.calls_saved(),
                    caching: cs.cache.as_ref().map(|c| {
                        let l = c.limits();
                        (l.max_age_ms, l.max_messages)
                    }),
                })
                .collect(),
        }
    }
}
