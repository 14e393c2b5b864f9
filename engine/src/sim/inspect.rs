//! On-demand views of one step, rebuilt from the services' state: the request and response
//! in the AWS CLI's JSON shape, the authorization explanation (policy engine), the
//! CloudTrail event, and S3 listings (the envelope detail is `sim/envelope.rs`). Nothing
//! here changes the simulation.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};

use crate::cloud::kms::KmsOp;
use crate::cloud::s3::S3;
use crate::policy::Explanation;
use crate::runtime::rng::uuid_from_name;
use crate::runtime::trace::{Outcome, Step, StepDetail};
use crate::sim::simulation::Simulation;
use crate::sim::summary::sse_label;

/// Base64 as the AWS CLI prints blobs.
pub(crate) fn b64(b: &[u8]) -> String {
    B64.encode(b)
}

fn error_body(step: &Step) -> Option<Value> {
    match &step.outcome {
        Outcome::Ok => None,
        Outcome::Error { code, message } => Some(if step.service == "s3" {
            json!({"Error": {"Code": code, "Message": &**message}})
        } else if message.is_empty() {
            // KMS sends InvalidCiphertextException without a message (observed; the step
            // carries the note).
            json!({"__type": code})
        } else {
            json!({"__type": code, "message": &**message})
        }),
    }
}

/// The `keyMaterialId` CloudTrail logs for a cryptographic operation: 64 hex digits naming
/// the key material used. AWS derives it from the material; the simulator from the key id
/// (modelled: it identifies, and reveals nothing).
fn key_material_id(key_id: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("key-material:{key_id}").as_bytes()))
}

/// Up to 4 KiB of `b` as (lossy) UTF-8, `…` marking a cut.
pub(crate) fn cut(b: &[u8]) -> String {
    let n = b.len().min(4096);
    let mut s = String::from_utf8_lossy(&b[..n]).into_owned();
    if b.len() > n {
        s.push('…');
    }
    s
}

impl Simulation {
    /// The step with index `i` (when steps are kept).
    pub fn step_at(&self, i: u32) -> Option<&Step> {
        let steps = self.steps();
        steps
            .get(i as usize)
            .filter(|s| s.index == i)
            .or_else(|| steps.iter().find(|s| s.index == i))
    }

    /// The ARN of KMS key `k` (empty when unknown).
    pub(crate) fn key_arn(&self, k: u16) -> String {
        self.cloud
            .kms
            .keys
            .get(k as usize)
            .map(|k| k.arn.clone())
            .unwrap_or_default()
    }

    fn shard_iterator(&self, stream: u16, shard: u16, pos: u32) -> String {
        b64(format!("envelope-lab:{stream}:{shard}:{pos}").as_bytes())
    }

    /// The request as the AWS CLI would send it.
    pub fn request_json(&self, step: &Step) -> Option<Value> {
        let c = &self.cloud;
        Some(match step.detail {
            StepDetail::None
            | StepDetail::RecordsExpired { .. }
            | StepDetail::DeliveryAbandoned { .. }
            | StepDetail::Flush { .. } => return None,
            StepDetail::AssumeRole { session } => {
                let s = c.iam.session(session)?;
                json!({"RoleArn": c.iam.roles.get(s.role as usize)?.arn, "RoleSessionName": s.name})
            }
            StepDetail::Invoke { producer, .. } => {
                json!({"FunctionName": c.lambda.producers.get(producer as usize)?.name, "InvocationType": "Event"})
            }
            StepDetail::PutRecord { record } => {
                let r = c.kinesis.records.get(record as usize)?;
                json!({
                    "StreamName": c.kinesis.streams.get(r.stream as usize)?.name,
                    "Data": b64(&c.record_plaintext(record)?),
                    "PartitionKey": &*r.partition_key,
                })
            }
            StepDetail::PutRecords { first, count } => {
                let r = c.kinesis.records.get(first as usize)?;
                let records: Vec<Value> = (first..first.saturating_add(count))
                    .filter_map(|ri| {
                        let r = c.kinesis.records.get(ri as usize)?;
                        Some(json!({
                            "Data": b64(&c.record_plaintext(ri)?),
                            "PartitionKey": &*r.partition_key,
                        }))
                    })
                    .collect();
                json!({
                    "Records": records,
                    "StreamName": c.kinesis.streams.get(r.stream as usize)?.name,
                })
            }
            StepDetail::DescribeStream { stream, .. } => {
                json!({"StreamName": c.kinesis.streams.get(stream as usize)?.name})
            }
            StepDetail::GetShardIterator { stream, shard, .. } => json!({
                "StreamName": c.kinesis.streams.get(stream as usize)?.name,
                "ShardId": c.kinesis.shard(stream, shard)?.id,
                "ShardIteratorType": "LATEST",
            }),
            StepDetail::GetRecords {
                stream,
                shard,
                first,
                ..
            } => {
                json!({"ShardIterator": self.shard_iterator(stream, shard, first), "Limit": 10000})
            }
            StepDetail::StreamEncryption { stream, key } => match key {
                Some(k) => {
                    json!({"StreamName": c.kinesis.streams.get(stream as usize)?.name, "EncryptionType": "KMS", "KeyId": self.key_arn(k)})
                }
                None => {
                    json!({"StreamName": c.kinesis.streams.get(stream as usize)?.name, "EncryptionType": "KMS"})
                }
            },
            StepDetail::KeyState { key } => json!({"KeyId": self.key_arn(key)}),
            StepDetail::Kms { call } => {
                let k = c.kms.calls.get(call as usize)?;
                let ctx = c.context_of(k.ctx);
                match k.op {
                    KmsOp::GenerateDataKey => {
                        json!({"KeyId": self.key_arn(k.key), "EncryptionContext": ctx, "KeySpec": "AES_256"})
                    }
                    KmsOp::Decrypt => {
                        let mut blob = c.kms.data_keys.get(k.data_key? as usize)?.blob.to_bytes();
                        if k.tampered {
                            if let Some(l) = blob.last_mut() {
                                *l ^= 1;
                            }
                        }
                        json!({"CiphertextBlob": b64(&blob), "EncryptionContext": ctx})
                    }
                    KmsOp::Encrypt => {
                        json!({"KeyId": self.key_arn(k.key), "Plaintext": "", "EncryptionContext": ctx})
                    }
                    KmsOp::DescribeKey => json!({"KeyId": self.key_arn(k.key)}),
                }
            }
            StepDetail::PutObject {
                delivery, batch, ..
            } => {
                let d = c.firehose.streams.get(delivery as usize)?;
                let b = d.batches.get(batch as usize)?;
                let mut v = json!({
                    "Bucket": c.s3.buckets.get(d.bucket as usize)?.name,
                    "Key": b.key,
                    "ContentLength": b.size,
                });
                if let Some(k) = d.kms_key {
                    v["ServerSideEncryption"] = json!("aws:kms");
                    v["SSEKMSKeyId"] = json!(self.key_arn(k));
                }
                v
            }
            StepDetail::GetObject { object } => {
                let o = c.s3.objects.get(object as usize)?;
                let n = c.s3.names.get(o.name as usize)?;
                json!({"Bucket": c.s3.buckets.get(n.bucket as usize)?.name, "Key": n.key})
            }
            StepDetail::CopyObject { from, to } => {
                let o = c.s3.objects.get(from as usize)?;
                let n = c.s3.names.get(o.name as usize)?;
                let bucket = &c.s3.buckets.get(n.bucket as usize)?.name;
                let mut v = json!({"Bucket": bucket, "Key": n.key, "CopySource": format!("{bucket}/{}", n.key), "MetadataDirective": "COPY"});
                if let Some(t) = to.and_then(|t| c.s3.objects.get(t as usize)) {
                    v["ServerSideEncryption"] = json!(sse_label(t.sse));
                    if let Some(k) = t.kms_key {
                        v["SSEKMSKeyId"] = json!(self.key_arn(k));
                    }
                    v["BucketKeyEnabled"] = json!(t.bucket_key);
                }
                v
            }
            StepDetail::BucketEncryption { bucket } => {
                let b = c.s3.buckets.get(bucket as usize)?;
                let mut rule = json!({"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": sse_label(b.default.sse)}, "BucketKeyEnabled": b.default.bucket_key});
                if let Some(k) = b.default.kms_key {
                    rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] =
                        json!(self.key_arn(k));
                }
                json!({"Bucket": b.name, "ServerSideEncryptionConfiguration": {"Rules": [rule]}})
            }
            StepDetail::LogEvent { event } => {
                let l = c.firehose.logs.get(event as usize)?;
                let d = c.firehose.streams.get(l.delivery as usize)?;
                json!({
                    "logGroupName": d.log_group,
                    "logStreamName": d.log_stream,
                    "logEvents": [{"timestamp": l.time.0 / 1000, "message": self.log_message(event)?.to_string()}],
                })
            }
        })
    }

    /// A Firehose CloudWatch Logs event body.
    pub fn log_message(&self, event: u32) -> Option<Value> {
        let c = &self.cloud;
        let l = c.firehose.logs.get(event as usize)?;
        let d = c.firehose.streams.get(l.delivery as usize)?;
        Some(json!({
            "deliveryStreamARN": d.arn,
            "destination": format!("arn:aws:s3:::{}", c.s3.buckets.get(d.bucket as usize)?.name),
            "deliveryStreamVersionId": 1,
            "message": &*l.message,
            "errorCode": l.code,
        }))
    }

    /// The response as the AWS CLI would print it (error body on failure).
    pub fn response_json(&self, step: &Step) -> Option<Value> {
        if let Some(e) = error_body(step) {
            return Some(e);
        }
        let c = &self.cloud;
        Some(match step.detail {
            StepDetail::AssumeRole { session } => {
                let s = c.iam.session(session)?;
                json!({
                    "Credentials": {
                        "AccessKeyId": s.access_key_id,
                        "SecretAccessKey": "(hidden)",
                        "SessionToken": "(hidden)",
                        "Expiration": step.time.plus(3600 * 1_000_000).iso_seconds(),
                    },
                    "AssumedRoleUser": {"AssumedRoleId": s.principal_id, "Arn": &*s.arn},
                })
            }
            StepDetail::Invoke { .. } => json!({"StatusCode": 202}),
            StepDetail::PutRecord { record } => {
                let r = c.kinesis.records.get(record as usize)?;
                let sh = c.kinesis.shard(r.stream, r.shard)?;
                let mut v = json!({"ShardId": sh.id, "SequenceNumber": sh.sequence_number(r.seq)});
                if r.data_key.is_some() {
                    v["EncryptionType"] = json!("KMS");
                }
                v
            }
            StepDetail::PutRecords { first, count } => self.put_records_response(first, count)?,
            StepDetail::DescribeStream {
                stream,
                key,
                updating,
            } => {
                let s = c.kinesis.streams.get(stream as usize)?;
                json!({"StreamDescription": {
                    "KeyId": key.map(|k| self.key_arn(k)),
                    "EncryptionType": if key.is_some() { "KMS" } else { "NONE" },
                    "StreamStatus": if updating { "UPDATING" } else { "ACTIVE" },
                    "StreamName": s.name,
                    "Shards": s.shards.iter().map(|sh| json!({
                        "ShardId": sh.id,
                        "HashKeyRange": {"StartingHashKey": sh.start_hash.to_string(), "EndingHashKey": sh.end_hash.to_string()},
                        "SequenceNumberRange": {"StartingSequenceNumber": sh.sequence_number(sh.first_seq)},
                    })).collect::<Vec<_>>(),
                    "StreamARN": s.arn,
                    "HasMoreShards": false,
                    "RetentionPeriodHours": s.retention / 3_600_000_000,
                    "StreamCreationTimestamp": s.created.epoch_seconds_f64(),
                    "EnhancedMonitoring": [{"ShardLevelMetrics": []}],
                }})
            }
            StepDetail::GetShardIterator {
                stream,
                shard,
                position,
            } => {
                json!({"ShardIterator": self.shard_iterator(stream, shard, position)})
            }
            StepDetail::GetRecords {
                stream,
                shard,
                first,
                count,
            } => {
                let sh = c.kinesis.shard(stream, shard)?;
                let records: Vec<Value> = sh
                    .records
                    .iter()
                    .skip(first as usize)
                    .take(count as usize)
                    .filter_map(|&ri| {
                        let r = c.kinesis.records.get(ri as usize)?;
                        let mut v = json!({
                            "SequenceNumber": sh.sequence_number(r.seq),
                            "ApproximateArrivalTimestamp": r.arrival.epoch_seconds_f64(),
                            "Data": b64(&c.record_plaintext(ri)?),
                            "PartitionKey": &*r.partition_key,
                        });
                        if r.data_key.is_some() {
                            v["EncryptionType"] = json!("KMS");
                        }
                        Some(v)
                    })
                    .collect();
                json!({
                    "Records": records,
                    "NextShardIterator": self.shard_iterator(stream, shard, first + count),
                    "MillisBehindLatest": 0,
                })
            }
            StepDetail::Kms { call } => {
                let k = c.kms.calls.get(call as usize)?;
                let arn = self.key_arn(k.key);
                match k.op {
                    KmsOp::GenerateDataKey => {
                        let d = c.kms.data_keys.get(k.data_key? as usize)?;
                        json!({"CiphertextBlob": b64(&d.blob.to_bytes()), "Plaintext": b64(&d.plaintext), "KeyId": arn})
                    }
                    KmsOp::Decrypt => {
                        let d = c.kms.data_keys.get(k.data_key? as usize)?;
                        json!({"KeyId": arn, "Plaintext": b64(&d.plaintext), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"})
                    }
                    KmsOp::Encrypt => {
                        json!({"KeyId": arn, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"})
                    }
                    KmsOp::DescribeKey => {
                        let key = c.kms.keys.get(k.key as usize)?;
                        json!({"KeyMetadata": {
                            "AWSAccountId": crate::policy::arn_account(&key.arn).unwrap_or(&c.account),
                            "KeyId": key.key_id,
                            "Arn": key.arn,
                            "Enabled": key.state == crate::sim::scenario::KeyState::Enabled,
                            "KeyState": format!("{:?}", key.state),
                            "KeyUsage": "ENCRYPT_DECRYPT",
                            "KeySpec": "SYMMETRIC_DEFAULT",
                            "KeyManager": if key.aws_managed { "AWS" } else { "CUSTOMER" },
                            "Origin": "AWS_KMS",
                            "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
                        }})
                    }
                }
            }
            StepDetail::PutObject { object, .. } => self.object_headers(object?, false)?,
            StepDetail::GetObject { object } => self.object_headers(object, true)?,
            StepDetail::CopyObject { to, .. } => {
                let t = to?;
                let o = c.s3.objects.get(t as usize)?;
                let mut v = self.object_headers(t, false)?;
                v["CopyObjectResult"] = json!({"ETag": format!("\"{}\"", o.etag), "LastModified": o.last_modified.iso_seconds()});
                v
            }
            StepDetail::LogEvent { .. } => {
                json!({"nextSequenceToken": format!("{:056}", step.index)})
            }
            _ => json!({}),
        })
    }

    /// `head-object`-style headers of an object version.
    pub fn object_headers(&self, object: u32, with_body_info: bool) -> Option<Value> {
        let c = &self.cloud;
        let o = c.s3.objects.get(object as usize)?;
        let mut v =
            json!({"ETag": format!("\"{}\"", o.etag), "ServerSideEncryption": sse_label(o.sse)});
        if o.sse == crate::sim::scenario::SseAlgorithm::None {
            v.as_object_mut()?.remove("ServerSideEncryption");
        }
        if let Some(k) = o.kms_key {
            v["SSEKMSKeyId"] = json!(self.key_arn(k));
            v["BucketKeyEnabled"] = json!(o.bucket_key);
        }
        if with_body_info {
            v["AcceptRanges"] = json!("bytes");
            v["LastModified"] = json!(o.last_modified.iso_seconds());
            v["ContentLength"] = json!(o.size);
            v["ContentType"] = json!("binary/octet-stream");
        }
        Some(v)
    }

    /// A successful PutRecords response: one entry per request record, in request order
    /// (`SequenceNumber` + `ShardId`, or `ErrorCode` + `ErrorMessage`), `FailedRecordCount`
    /// and the stream's `EncryptionType`.
    fn put_records_response(&self, first: u32, count: u32) -> Option<Value> {
        let c = &self.cloud;
        let mut failed = 0u32;
        let mut encrypted = false;
        let mut entries = Vec::with_capacity(count as usize);
        for ri in first..first.saturating_add(count) {
            let r = c.kinesis.records.get(ri as usize)?;
            let sh = c.kinesis.shard(r.stream, r.shard);
            match (r.status, sh) {
                (crate::cloud::kinesis::RecordStatus::Rejected, _) | (_, None) => {
                    // The only per-record failure the simulator produces is a record it
                    // could not place; the API reference's code for that is InternalFailure.
                    failed += 1;
                    entries.push(json!({
                        "ErrorCode": "InternalFailure",
                        "ErrorMessage": "Internal Service Failure",
                    }));
                }
                (_, Some(sh)) => {
                    encrypted |= r.data_key.is_some();
                    entries.push(json!({
                        "SequenceNumber": sh.sequence_number(r.seq),
                        "ShardId": sh.id,
                    }));
                }
            }
        }
        Some(json!({
            "FailedRecordCount": failed,
            "Records": entries,
            "EncryptionType": if encrypted { "KMS" } else { "NONE" },
        }))
    }

    /// The policy engine's explanation of the step's authorization (computed now).
    pub fn authorization(&self, step: &Step) -> Option<Explanation> {
        step.auth.map(|a| self.cloud.explain(&a))
    }

    /// The CloudTrail event of a KMS step, or of the AssumeRole a service made.
    pub fn cloudtrail(&self, step: &Step) -> Option<Value> {
        let call = match step.detail {
            StepDetail::Kms { call } => call,
            StepDetail::AssumeRole { session } => return self.assume_role_event(step, session),
            _ => return None,
        };
        let c = &self.cloud;
        let k = c.kms.calls.get(call as usize)?;
        let s = c.iam.session(k.principal)?;
        let role = c.iam.roles.get(s.role as usize)?;
        let key = c.kms.keys.get(k.key as usize)?;
        let ctx = c.context_of(k.ctx);
        let invoked_by = k.via.service().map(|v| format!("{v}.amazonaws.com"));
        // Each party in its own account: the caller's session, its role, the key. The event
        // shown is the copy in the caller's trail (KMS logs a cross-account call in both
        // accounts, and a denied one only in the caller's: KMS Developer Guide, "Logging
        // AWS KMS API calls with AWS CloudTrail").
        let caller = crate::policy::arn_account(&s.arn).unwrap_or(&c.account);
        let role_account = crate::policy::arn_account(&role.arn).unwrap_or(&c.account);
        let key_account = crate::policy::arn_account(&key.arn).unwrap_or(&c.account);
        let mut user = json!({
            "type": "AssumedRole",
            "principalId": s.principal_id,
            "arn": &*s.arn,
            "accountId": caller,
            "accessKeyId": s.access_key_id,
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": role.role_id, "arn": role.arn, "accountId": role_account, "userName": role.name},
                "attributes": {"creationDate": self.start_time().iso_seconds(), "mfaAuthenticated": "false"}
            }
        });
        if let Some(i) = &invoked_by {
            user["invokedBy"] = json!(i);
        }
        let mut params = json!({"keyId": key.arn});
        match k.op {
            KmsOp::GenerateDataKey => {
                params["keySpec"] = json!("AES_256");
                params["encryptionContext"] = json!(ctx);
            }
            KmsOp::Decrypt => {
                params["encryptionAlgorithm"] = json!("SYMMETRIC_DEFAULT");
                params["encryptionContext"] = json!(ctx);
            }
            KmsOp::Encrypt => {
                params["encryptionAlgorithm"] = json!("SYMMETRIC_DEFAULT");
                params["encryptionContext"] = json!(ctx);
            }
            KmsOp::DescribeKey => {}
        }
        let source = invoked_by
            .clone()
            .unwrap_or_else(|| "192.0.2.10".to_string());
        // The shape of the KMS guide's current examples (eventVersion 1.11, with
        // additionalEventData.keyMaterialId; https://docs.aws.amazon.com/kms/latest/
        // developerguide/ct-generatedatakey.html, ct-decrypt.html); the modelled values are
        // listed in notes::CLOUDTRAIL_NOTE.
        let mut ev = json!({
            "eventVersion": "1.11",
            "userIdentity": user,
            "eventTime": k.time.iso_seconds(),
            "eventSource": "kms.amazonaws.com",
            "eventName": k.op.as_str(),
            "awsRegion": c.region,
            "sourceIPAddress": source,
            "userAgent": invoked_by.clone().unwrap_or_else(|| "aws-cli/2.15.0".to_string()),
            "requestParameters": params,
            "responseElements": null,
            "requestID": uuid_from_name(&format!("{}:{}:request", self.seed(), step.index)),
            "eventID": uuid_from_name(&format!("{}:{}:event", self.seed(), step.index)),
            "readOnly": true,
            "resources": [{"accountId": key_account, "type": "AWS::KMS::Key", "ARN": key.arn}],
            "eventType": "AwsApiCall",
            "managementEvent": true,
            "recipientAccountId": caller,
            "eventCategory": "Management",
        });
        // A cross-account call that succeeded is delivered to both accounts, which CloudTrail
        // ties together with one sharedEventID (CloudTrail record contents).
        if caller != key_account && k.error.is_none() {
            ev["sharedEventID"] = json!(uuid_from_name(&format!(
                "{}:{}:shared",
                self.seed(),
                step.index
            )));
        }
        match &k.error {
            Some(e) => {
                ev["errorCode"] = json!(e.code);
                if !e.message.is_empty() {
                    ev["errorMessage"] = json!(&*e.message);
                }
            }
            None if k.op != KmsOp::DescribeKey => {
                ev["additionalEventData"] = json!({"keyMaterialId": key_material_id(&key.key_id)});
            }
            None => {}
        }
        if invoked_by.is_none() {
            ev["tlsDetails"] = json!({
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_256_GCM_SHA384",
                "clientProvidedHostHeader": format!("kms.{}.amazonaws.com", c.region),
            });
        }
        Some(ev)
    }

    /// The CloudTrail event of the AssumeRole a service made with a role: CloudTrail records
    /// it with the service principal as the caller (IAM User Guide, "Logging IAM and AWS STS
    /// API calls with AWS CloudTrail"); the modelled values are listed in
    /// notes::CLOUDTRAIL_NOTE. None for an AssumeRole not made by a service.
    fn assume_role_event(&self, step: &Step, session: u16) -> Option<Value> {
        let c = &self.cloud;
        let s = c.iam.session(session)?;
        let service = s.assumed_by?;
        let role = c.iam.roles.get(s.role as usize)?;
        let role_account = crate::policy::arn_account(&role.arn).unwrap_or(&c.account);
        let mut ev = json!({
            "eventVersion": "1.11",
            "userIdentity": {"type": "AWSService", "invokedBy": service},
            "eventTime": step.time.iso_seconds(),
            "eventSource": "sts.amazonaws.com",
            "eventName": "AssumeRole",
            "awsRegion": c.region,
            "sourceIPAddress": service,
            "userAgent": service,
            "requestParameters": {"roleArn": role.arn, "roleSessionName": s.name},
            "responseElements": {
                "credentials": {
                    "accessKeyId": s.access_key_id,
                    "expiration": step.time.plus(3600 * 1_000_000).iso_seconds(),
                },
                "assumedRoleUser": {"assumedRoleId": s.principal_id, "arn": &*s.arn},
            },
            "requestID": uuid_from_name(&format!("{}:{}:request", self.seed(), step.index)),
            "eventID": uuid_from_name(&format!("{}:{}:event", self.seed(), step.index)),
            "readOnly": true,
            "resources": [{"accountId": role_account, "type": "AWS::IAM::Role", "ARN": role.arn}],
            "eventType": "AwsApiCall",
            "managementEvent": true,
            "recipientAccountId": role_account,
            "eventCategory": "Management",
        });
        if let Outcome::Error { code, message } = &step.outcome {
            ev["errorCode"] = json!(code);
            ev["errorMessage"] = json!(&**message);
            ev["responseElements"] = Value::Null;
        }
        Some(ev)
    }

    /// `list-objects-v2` of a bucket (current versions under `prefix`).
    pub fn list_objects_v2(&self, bucket: &str, prefix: &str) -> Option<Value> {
        let c = &self.cloud;
        let bi = c.s3.buckets.iter().position(|b| b.name == bucket)? as u16;
        let contents: Vec<Value> =
            c.s3.list(bi, prefix)
                .into_iter()
                .filter_map(|o| {
                    let obj = c.s3.objects.get(o as usize)?;
                    Some(json!({
                        "Key": c.s3.key_of(obj.name),
                        "LastModified": obj.last_modified.iso_seconds(),
                        "ETag": format!("\"{}\"", obj.etag),
                        "Size": obj.size,
                        "StorageClass": "STANDARD",
                    }))
                })
                .collect();
        Some(
            json!({"Contents": contents, "KeyCount": contents.len(), "Name": bucket, "Prefix": prefix, "MaxKeys": 1000, "IsTruncated": false}),
        )
    }

    /// An S3 Inventory listing with `EncryptionStatus` and `BucketKeyStatus`.
    pub fn inventory(&self, bucket: &str) -> Vec<InventoryRow> {
        let c = &self.cloud;
        let Some(bi) = c.s3.buckets.iter().position(|b| b.name == bucket) else {
            return vec![];
        };
        c.s3.list(bi as u16, "")
            .into_iter()
            .filter_map(|o| {
                let obj = c.s3.objects.get(o as usize)?;
                Some(InventoryRow {
                    bucket: bucket.to_string(),
                    key: c.s3.key_of(obj.name).to_string(),
                    size: obj.size,
                    last_modified: obj.last_modified.iso_seconds(),
                    encryption_status: S3::encryption_status(obj),
                    bucket_key_status: if obj.bucket_key {
                        "ENABLED"
                    } else {
                        "DISABLED"
                    },
                    kms_key_arn: obj.kms_key.map(|k| self.key_arn(k)),
                })
            })
            .collect()
    }
}

/// One row of an S3 Inventory report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InventoryRow {
    /// Bucket.
    pub bucket: String,
    /// Key.
    pub key: String,
    /// Size.
    pub size: usize,
    /// Last modified.
    pub last_modified: String,
    /// `NOT-SSE`, `SSE-S3` or `SSE-KMS`.
    pub encryption_status: &'static str,
    /// `ENABLED` or `DISABLED`.
    pub bucket_key_status: &'static str,
    /// KMS key for SSE-KMS.
    pub kms_key_arn: Option<String>,
}
