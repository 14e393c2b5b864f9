//! What made a step fail: the nested call that failed under it (the GenerateDataKey under a
//! PutRecord), the failure an expiry or a function that could not run follows from, the
//! failure a Firehose log entry records; and what kind of failure that is (a policy
//! denial, a key state, throttling, a ciphertext problem, a missing object). Works from the
//! failed steps the trace keeps in every mode, so `run --summary` can use it too.

use crate::cloud::{AuthReq, Principal, Resource};
use crate::runtime::trace::{Step, StepDetail};
use crate::sim::scenario::KeyState;
use crate::sim::simulation::Simulation;

/// What kind of failure a cause is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseKind {
    /// Policy evaluation denied this request.
    Denied(AuthReq),
    /// KMS refused the key in this state (`key`: index in KMS).
    KeyState { key: u16, state: KeyState },
    /// KMS throttled the request.
    Throttled,
    /// KMS could not decrypt: a changed ciphertext or another encryption context
    /// (`call`: index into the KMS call log).
    Ciphertext { call: u32 },
    /// The scenario names something that does not exist at that time.
    Missing,
    /// A reader's AWS Encryption SDK refused a message after KMS answered (the required
    /// encryption context, an altered frame).
    Sdk,
    /// S3 refused to read an object another account owns: its ACL grants only its owner
    /// (`object`: the object version; S3 Object Ownership with ACLs enabled).
    ObjectOwner { object: u32 },
    /// Nothing the engine can point to.
    Other,
}

/// The failed step that caused a failure, and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cause {
    pub step: u32,
    pub kind: CauseKind,
}

impl Simulation {
    /// When `principal` (a session ARN) may not read object version `object` because
    /// another account owns it: that owner.
    pub fn object_owner_denial(&self, principal: &str, object: u32) -> Option<&str> {
        let account = crate::policy::arn_account(principal)?;
        self.cloud.s3.acl_denial(account, object).map(|a| &**a)
    }

    /// A step by index: the kept step, or (in summary-only mode) the failed one.
    pub(crate) fn any_step(&self, i: u32) -> Option<&Step> {
        self.step_at(i)
            .or_else(|| self.cloud.trace.errors().iter().find(|s| s.index == i))
    }

    /// The failure that made step `i` fail (itself when it is the cause), or for a
    /// successful Firehose `PutLogEvents`, the failure it logged. `None` for a step that
    /// neither failed nor logged a failure.
    pub fn cause(&self, i: u32) -> Option<Cause> {
        let step = self.any_step(i)?;
        if step.outcome.is_ok() {
            let logged = (step.operation == "PutLogEvents").then(|| self.logged_failure(step))?;
            return self.cause(logged?);
        }
        self.cause_of_failed(step, 0)
    }

    fn cause_of_failed(&self, step: &Step, depth: u8) -> Option<Cause> {
        if depth > 4 {
            return None;
        }
        let errors = self.cloud.trace.errors();
        if let Some(child) = errors.iter().find(|e| e.parent == Some(step.index)) {
            return self.cause_of_failed(child, depth + 1);
        }
        if let Some(earlier) = self.earlier_failure(step) {
            return self.cause_of_failed(earlier, depth + 1);
        }
        let kind = self.kind_of(step);
        Some(Cause {
            step: step.index,
            kind,
        })
    }

    /// The kind of a failure that has no failed child or earlier cause.
    fn kind_of(&self, step: &Step) -> CauseKind {
        let code = step.outcome.code().unwrap_or("");
        if let StepDetail::Kms { call } = step.detail {
            if let Some(c) = self.cloud.kms.calls.get(call as usize) {
                let auth = AuthReq {
                    principal: Principal::Session(c.principal),
                    action: c.op.action(),
                    resource: Resource::Key(c.key),
                    via: c.via,
                    ctx: c.ctx,
                    s3: crate::cloud::S3Headers::NONE,
                };
                let state = |state| CauseKind::KeyState { key: c.key, state };
                return match code {
                    "AccessDeniedException" => CauseKind::Denied(auth),
                    "DisabledException" => state(KeyState::Disabled),
                    "KMSInvalidStateException" => state(KeyState::PendingDeletion),
                    "NotFoundException" => state(KeyState::Deleted),
                    "ThrottlingException" => CauseKind::Throttled,
                    "InvalidCiphertextException" => CauseKind::Ciphertext { call },
                    _ => CauseKind::Other,
                };
            }
        }
        if step.service == crate::cloud::client_side::READER_SERVICE {
            return CauseKind::Sdk;
        }
        if let StepDetail::GetObject { object } = step.detail {
            if self
                .object_owner_denial(step.principal.as_ref(), object)
                .is_some()
            {
                return CauseKind::ObjectOwner { object };
            }
        }
        match (code, step.auth) {
            ("NoSuchKey" | "NoSuchCiphertext", _) => CauseKind::Missing,
            (c, Some(auth)) if c.contains("AccessDenied") => CauseKind::Denied(auth),
            _ => CauseKind::Other,
        }
    }

    /// For a failure that follows from an earlier one (records expired unread, a batch
    /// given up, a function whose role could not be assumed), that earlier failure.
    fn earlier_failure(&self, step: &Step) -> Option<&Step> {
        let errors = self.cloud.trace.errors();
        let before = |actors: &[&str], ops: &[&str]| {
            errors
                .iter()
                .filter(|e| e.index < step.index && e.parent.is_none())
                .filter(|e| actors.contains(&&*e.actor) && ops.contains(&e.operation))
                .max_by_key(|e| e.index)
        };
        match step.detail {
            StepDetail::RecordsExpired { stream, .. } => {
                let actors: Vec<&str> = self
                    .cloud
                    .firehose
                    .streams
                    .iter()
                    .filter(|d| d.source_stream == stream)
                    .map(|d| &*d.actor)
                    .collect();
                before(&actors, &["GetRecords", "AssumeRole"])
            }
            StepDetail::DeliveryAbandoned { .. } => {
                before(&[&*step.actor], &["PutObject", "AssumeRole"])
            }
            StepDetail::Invoke { .. } => before(&[&*step.actor], &["AssumeRole"]),
            _ => None,
        }
    }

    /// The failure a Firehose log entry step records: the latest failed top-level step of
    /// the same Firehose before it.
    fn logged_failure(&self, log: &Step) -> Option<u32> {
        self.cloud
            .trace
            .errors()
            .iter()
            .filter(|e| e.index < log.index && e.parent.is_none() && e.actor == log.actor)
            .max_by_key(|e| e.index)
            .map(|e| e.index)
    }
}

/// A failure with its particulars left out (time, ids, object keys, the key it used, the
/// error code), so that the same failure in another run of an edited scenario is
/// recognised: the same operation by the same principal (its role, whichever session) for
/// the same purpose (the service a KMS call came through, the bucket, stream or role it
/// was on). The key is left out on purpose: a fix that moves the call to another key and
/// gets the same denial there has not fixed anything.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signature {
    pub service: &'static str,
    pub operation: &'static str,
    /// The role of the caller's session, or the principal ARN (a service).
    pub principal: String,
    /// `via kinesis`, `via s3`, `direct` for a KMS call; else the resource's ARN (the
    /// bucket of an object).
    pub purpose: String,
}

impl Simulation {
    /// The signature of a failed step.
    pub fn signature(&self, step: &Step) -> Signature {
        let c = &self.cloud;
        let purpose = match (step.detail, step.auth) {
            (StepDetail::Kms { call }, _) => c
                .kms
                .calls
                .get(call as usize)
                .map(|k| match k.via.service() {
                    Some(s) => format!("via {s}"),
                    None => "direct".to_string(),
                })
                .unwrap_or_default(),
            _ => self.resource_of(step),
        };
        Signature {
            service: step.service,
            operation: step.operation,
            principal: self
                .role_of_principal(&step.principal)
                .map_or_else(|| step.principal.to_string(), str::to_string),
            purpose,
        }
    }

    /// What a failed step was on, exactly (the key's ARN for a KMS call, the bucket's for an
    /// object): with the signature and the error code, the failures whose fixes are the
    /// same edits.
    pub(crate) fn resource_of(&self, step: &Step) -> String {
        let c = &self.cloud;
        match (step.detail, step.auth) {
            (StepDetail::Kms { call }, _) => c
                .kms
                .calls
                .get(call as usize)
                .map(|k| self.key_arn(k.key))
                .unwrap_or_default(),
            (_, Some(auth)) => match auth.resource {
                Resource::Object(n) => {
                    c.s3.buckets
                        .get(c.s3.bucket_of(n) as usize)
                        .map(|b| b.arn.clone())
                        .unwrap_or_default()
                }
                _ => c.build_request(&auth).resource,
            },
            (StepDetail::RecordsExpired { stream, .. }, _) => c
                .kinesis
                .streams
                .get(stream as usize)
                .map(|s| s.arn.clone())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }
}
