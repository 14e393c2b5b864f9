//! KMS: customer managed and AWS managed keys, key states, real AES-256-GCM envelope
//! operations, the request quota, and the CloudTrail log of every call.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::cloud::errors::{kms as kerr, AwsError};
use crate::cloud::{Action, AuthReq, Cloud, CtxRef, Principal, Resource, S3Headers, Via};
use crate::crypto::{canonical_context, CiphertextBlob, EncryptionContext, Key256, Sealer};
use crate::policy::{Grant, NamedPolicy};
use crate::runtime::clock::{SimTime, SEC};
use crate::runtime::notes::Note;
use crate::runtime::rng::SimRng;
use crate::runtime::trace::{Step, StepDetail};

/// KMS cryptographic operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum KmsOp {
    /// GenerateDataKey.
    GenerateDataKey,
    /// Decrypt.
    Decrypt,
    /// Encrypt.
    Encrypt,
    /// DescribeKey.
    DescribeKey,
}

impl KmsOp {
    /// API name.
    pub fn as_str(self) -> &'static str {
        match self {
            KmsOp::GenerateDataKey => "GenerateDataKey",
            KmsOp::Decrypt => "Decrypt",
            KmsOp::Encrypt => "Encrypt",
            KmsOp::DescribeKey => "DescribeKey",
        }
    }

    /// IAM action.
    pub fn action(self) -> Action {
        match self {
            KmsOp::GenerateDataKey => Action::KmsGenerateDataKey,
            KmsOp::Decrypt => Action::KmsDecrypt,
            KmsOp::Encrypt => Action::KmsEncrypt,
            KmsOp::DescribeKey => Action::KmsDescribeKey,
        }
    }

    /// All operations, in a fixed order (summary counters).
    pub const ALL: [KmsOp; 4] = [
        KmsOp::GenerateDataKey,
        KmsOp::Decrypt,
        KmsOp::Encrypt,
        KmsOp::DescribeKey,
    ];
}

/// Request counters of one key.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KeyUsage {
    /// Successful GenerateDataKey calls.
    pub generate_data_key: u64,
    /// Successful Decrypt calls.
    pub decrypt: u64,
    /// Successful Encrypt calls.
    pub encrypt: u64,
    /// Successful DescribeKey calls.
    pub describe_key: u64,
    /// Calls that failed (any error).
    pub failed: u64,
}

/// KMS key states (a scenario sets the initial one; key events change it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum KeyState {
    /// Usable.
    #[default]
    Enabled,
    /// `DisableKey` was called.
    Disabled,
    /// `ScheduleKeyDeletion` was called; the key is unusable until cancelled or deleted.
    PendingDeletion,
    /// The key no longer exists (any request gets `NotFoundException`).
    Deleted,
}

/// A KMS key.
#[derive(Debug, Clone)]
pub struct KmsKey {
    /// Logical name (scenario name, or `aws/kinesis`, `aws/s3`).
    pub name: String,
    /// Key id (UUID).
    pub key_id: String,
    /// Key ARN.
    pub arn: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// AWS managed key.
    pub aws_managed: bool,
    /// Current state.
    pub state: KeyState,
    /// Deletion date while pending deletion.
    pub deletion_date: Option<SimTime>,
    /// Key policy.
    pub policy: NamedPolicy,
    /// Grants.
    pub grants: Vec<Grant>,
    /// Cipher over the key material (the material itself never leaves KMS).
    pub sealer: Sealer,
    /// Counters.
    pub usage: KeyUsage,
}

impl KmsKey {
    /// An enabled customer managed key without aliases or grants.
    pub fn new(
        name: &str,
        key_id: String,
        arn: String,
        policy: NamedPolicy,
        material: &Key256,
    ) -> KmsKey {
        KmsKey {
            name: name.to_string(),
            key_id,
            arn,
            aliases: vec![],
            aws_managed: false,
            state: KeyState::Enabled,
            deletion_date: None,
            policy,
            grants: vec![],
            sealer: Sealer::new(material),
            usage: KeyUsage::default(),
        }
    }
}

/// A data key KMS generated (kept so the UI can show the envelope and Decrypt can be
/// replayed; in AWS the plaintext key exists only in the caller's memory).
#[derive(Debug, Clone)]
pub struct DataKey {
    /// KMS key index.
    pub key: u16,
    /// The plaintext data key (the caller discards it after use).
    pub plaintext: Key256,
    /// The encrypted data key as returned in `CiphertextBlob`.
    pub blob: CiphertextBlob,
    /// Encryption context used as AAD.
    pub ctx: CtxRef,
    /// When it was generated.
    pub created: SimTime,
    /// Prepared cipher for data encryption under this data key.
    pub sealer: Sealer,
}

/// One KMS request as CloudTrail records it (compact; the JSON is built on demand).
#[derive(Debug, Clone)]
pub struct KmsCall {
    /// Time.
    pub time: SimTime,
    /// Operation.
    pub op: KmsOp,
    /// Caller session.
    pub principal: u16,
    /// Service the call came through.
    pub via: Via,
    /// KMS key index.
    pub key: u16,
    /// Encryption context.
    pub ctx: CtxRef,
    /// Data key generated or decrypted.
    pub data_key: Option<u32>,
    /// Error, if the call failed.
    pub error: Option<AwsError>,
    /// Trace step of the call.
    pub step: u32,
    /// Decrypt was given a tampered blob.
    pub tampered: bool,
}

/// KMS state.
#[derive(Debug, Clone, Default)]
pub struct Kms {
    /// Keys: customer managed in scenario order, then `aws/kinesis`, `aws/s3`.
    pub keys: Vec<KmsKey>,
    /// Data keys generated.
    pub data_keys: Vec<DataKey>,
    /// CloudTrail log of crypto calls.
    pub calls: Vec<KmsCall>,
    /// Requests per second allowed (shared by all keys, as the account quota is).
    pub quota_per_second: u32,
    window_second: i64,
    window_count: u32,
    /// Successful calls per operation (order of [`KmsOp::ALL`]).
    pub calls_ok: [u64; 4],
    /// Calls denied by authorization.
    pub denied: u64,
    /// Calls throttled.
    pub throttled: u64,
    /// Every successful key state change, in order: `(step, key, new state)` (lets a view
    /// tell a key's state at any earlier step without replaying the run).
    pub state_changes: Vec<(u32, u16, KeyState)>,
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub enum KmsResult {
    /// A data key (GenerateDataKey / Decrypt of a data key).
    DataKey(u32),
    /// Plaintext recovered by Decrypt of a non-data-key blob, or ciphertext of Encrypt.
    Bytes(Vec<u8>),
    /// DescribeKey.
    Described,
}

/// A KMS request.
#[derive(Debug, Clone)]
pub struct KmsRequest {
    /// Operation.
    pub op: KmsOp,
    /// Caller session.
    pub principal: u16,
    /// Through which service.
    pub via: Via,
    /// Key (for Decrypt: the key named in the blob).
    pub key: u16,
    /// Encryption context sent.
    pub ctx: CtxRef,
    /// For Decrypt: the data key whose blob is sent.
    pub blob_of: Option<u32>,
    /// For Decrypt: flip a bit in the blob first.
    pub tamper: bool,
    /// Acting party shown in the trace (e.g. `Kinesis`, `S3`, or the caller).
    pub actor: Arc<str>,
}

impl Kms {
    fn op_index(op: KmsOp) -> usize {
        match op {
            KmsOp::GenerateDataKey => 0,
            KmsOp::Decrypt => 1,
            KmsOp::Encrypt => 2,
            KmsOp::DescribeKey => 3,
        }
    }

    /// Counts a request against the per-second quota; false when throttled.
    fn admit(&mut self, now: SimTime) -> bool {
        let sec = now.0.div_euclid(SEC);
        if sec != self.window_second {
            self.window_second = sec;
            self.window_count = 0;
        }
        if self.window_count >= self.quota_per_second {
            return false;
        }
        self.window_count += 1;
        true
    }

    /// Index of the key with this id.
    pub fn key_by_id(&self, key_id: &str) -> Option<u16> {
        self.keys
            .iter()
            .position(|k| k.key_id == key_id)
            .map(|i| i as u16)
    }

    /// A fresh data key under `key`: a random 256-bit key sealed with the key's material,
    /// `ctx` (what `ctx_ref` stands for) as additional authenticated data. Returns its
    /// index in `data_keys` (None for an unknown key).
    pub fn new_data_key(
        &mut self,
        rng: &mut SimRng,
        key: u16,
        ctx_ref: CtxRef,
        ctx: &EncryptionContext,
        now: SimTime,
    ) -> Option<u32> {
        let k = self.keys.get(key as usize)?;
        let plaintext = rng.key();
        let blob = CiphertextBlob::seal(&k.sealer, &k.key_id, rng.nonce(), &plaintext, ctx);
        self.data_keys.push(DataKey {
            key,
            plaintext,
            blob,
            ctx: ctx_ref,
            created: now,
            sealer: Sealer::new(&plaintext),
        });
        Some((self.data_keys.len() - 1) as u32)
    }

    /// The error a key's state gives `op`, following the KMS key states table
    /// (KMS Developer Guide, "Key states of AWS KMS keys"): DescribeKey works in every
    /// state of an existing key; cryptographic operations need an enabled key.
    fn state_error(key: &KmsKey, op: KmsOp) -> Option<AwsError> {
        match (key.state, op) {
            (KeyState::Enabled, _) => None,
            (KeyState::Deleted, _) => Some(kerr::not_found(&key.arn)),
            (_, KmsOp::DescribeKey) => None,
            (KeyState::Disabled, _) => Some(kerr::disabled(&key.arn)),
            (KeyState::PendingDeletion, _) => Some(kerr::pending_deletion_crypto(&key.arn)),
        }
    }
}

impl Cloud {
    /// Performs a KMS request, writing its trace step (a child of the innermost open
    /// step) and its CloudTrail record. Order of checks: key exists, quota, authorization,
    /// key state, cryptography.
    pub fn kms_call(&mut self, r: &KmsRequest) -> Result<KmsResult, AwsError> {
        let now = self.now;
        let principal_arn = self.iam.session_arn(r.principal);
        let call_index = self.kms.calls.len() as u32;
        let auth = AuthReq {
            principal: Principal::Session(r.principal),
            action: r.op.action(),
            resource: Resource::Key(r.key),
            via: r.via,
            ctx: r.ctx,
            s3: S3Headers::NONE,
        };
        let mut step = Step::new(now, r.actor.clone(), "kms", r.op.as_str(), principal_arn);
        step.detail = StepDetail::Kms { call: call_index };
        let result = self.kms_execute(r, auth, &mut step);
        let (data_key, error) = match &result {
            Ok(KmsResult::DataKey(d)) => (Some(*d), None),
            Ok(_) => (None, None),
            Err(e) => (None, Some(e.clone())),
        };
        if let Some(e) = &error {
            e.fail(&mut step);
        }
        self.absorb_kms_call(r, &step);
        let step_index = self.trace.push(step);
        let key = self.kms.keys.get_mut(r.key as usize);
        if let Some(k) = key {
            match (&error, r.op) {
                (Some(_), _) => k.usage.failed += 1,
                (None, KmsOp::GenerateDataKey) => k.usage.generate_data_key += 1,
                (None, KmsOp::Decrypt) => k.usage.decrypt += 1,
                (None, KmsOp::Encrypt) => k.usage.encrypt += 1,
                (None, KmsOp::DescribeKey) => k.usage.describe_key += 1,
            }
        }
        if error.is_none() {
            self.kms.calls_ok[Kms::op_index(r.op)] += 1;
        }
        self.kms.calls.push(KmsCall {
            time: now,
            op: r.op,
            principal: r.principal,
            via: r.via,
            key: r.key,
            ctx: r.ctx,
            data_key: data_key.or(r.blob_of),
            error,
            step: step_index,
            tampered: r.tamper,
        });
        result
    }

    /// Mixes into the trace hash what makes one KMS call differ from another with the same
    /// call index: its encryption context, the decision and the rule that decided it (two
    /// presets denied by different statements, or for a different context, made the same
    /// hash while the step itself holds only the call index).
    fn absorb_kms_call(&mut self, r: &KmsRequest, step: &Step) {
        let mut bytes = Vec::with_capacity(160);
        for (k, v) in self.context_of(r.ctx) {
            bytes.extend_from_slice(k.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(v.as_bytes());
            bytes.push(0);
        }
        bytes.push(0xff);
        match step.auth.as_ref().and_then(|a| self.decided(a)) {
            None => bytes.push(0),
            Some(d) => {
                bytes.extend_from_slice(d.decision.as_str().as_bytes());
                bytes.push(0);
                bytes.extend_from_slice(d.rule.as_bytes());
            }
        }
        self.trace.absorb(&bytes);
    }

    fn kms_execute(
        &mut self,
        r: &KmsRequest,
        auth: AuthReq,
        step: &mut Step,
    ) -> Result<KmsResult, AwsError> {
        let Some(key) = self.kms.keys.get(r.key as usize) else {
            return Err(kerr::not_found(&format!("key index {}", r.key)));
        };
        if key.state == KeyState::Deleted {
            return Err(kerr::not_found(&key.arn));
        }
        if !self.kms.admit(self.now) {
            self.kms.throttled += 1;
            step.modelled.add(Note::KmsQuota);
            return Err(kerr::throttling());
        }
        step.auth = Some(auth);
        if let Err(msg) = self.authorize(auth) {
            self.kms.denied += 1;
            return Err(kerr::access_denied(msg.to_string()));
        }
        let key = &self.kms.keys[r.key as usize];
        if let Some(e) = Kms::state_error(key, r.op) {
            return Err(e);
        }
        match r.op {
            KmsOp::GenerateDataKey => {
                let ctx = self.context_of(r.ctx);
                let dk = self
                    .kms
                    .new_data_key(&mut self.rng, r.key, r.ctx, &ctx, self.now)
                    .ok_or_else(|| kerr::not_found(&format!("key index {}", r.key)))?;
                if let Some(d) = self.kms.data_keys.get(dk as usize) {
                    self.trace.absorb(&d.blob.sealed_key);
                }
                Ok(KmsResult::DataKey(dk))
            }
            KmsOp::Decrypt => {
                let Some(dk_index) = r.blob_of else {
                    return Err(kerr::invalid_ciphertext());
                };
                let Some(dk) = self.kms.data_keys.get(dk_index as usize) else {
                    return Err(kerr::invalid_ciphertext());
                };
                let mut bytes = dk.blob.to_bytes();
                if r.tamper {
                    if let Some(last) = bytes.last_mut() {
                        *last ^= 0x01;
                    }
                }
                let ctx = self.context_of(r.ctx);
                let opened = CiphertextBlob::from_bytes(&bytes).ok().and_then(|blob| {
                    let k = self.kms.key_by_id(&blob.key_id)?;
                    blob.open(&self.kms.keys[k as usize].sealer, &ctx).ok()
                });
                match opened {
                    Some(pt) if pt.as_slice() == dk.plaintext.as_slice() => {
                        Ok(KmsResult::DataKey(dk_index))
                    }
                    Some(pt) => Ok(KmsResult::Bytes(pt)),
                    None => Err(kerr::invalid_ciphertext()),
                }
            }
            KmsOp::Encrypt => {
                let nonce = self.rng.nonce();
                let ctx = self.context_of(r.ctx);
                let key = &self.kms.keys[r.key as usize];
                Ok(KmsResult::Bytes(key.sealer.seal(
                    &nonce,
                    b"",
                    &canonical_context(&ctx),
                )))
            }
            KmsOp::DescribeKey => Ok(KmsResult::Described),
        }
    }

    /// ScheduleKeyDeletion called by `session`: authorized (identity policy, key policy,
    /// the organization's SCPs and RCPs) before the key's state changes; a denial is
    /// KMS's AccessDeniedException and leaves the key as it was.
    pub fn kms_schedule_deletion_by(&mut self, key: u16, session: u16, actor: Arc<str>, days: u32) {
        let principal = self.iam.session_arn(session);
        let mut step = Step::new(self.now, actor, "kms", "ScheduleKeyDeletion", principal);
        step.detail = StepDetail::KeyState { key };
        let auth = AuthReq {
            principal: Principal::Session(session),
            action: Action::KmsScheduleKeyDeletion,
            resource: Resource::Key(key),
            via: Via::Direct,
            ctx: CtxRef::None,
            s3: S3Headers::NONE,
        };
        step.auth = Some(auth);
        if let Err(msg) = self.authorize(auth) {
            self.kms.denied += 1;
            kerr::access_denied(msg.to_string()).fail(&mut step);
            self.trace.push(step);
            return;
        }
        self.kms_change_state(step, key, KeyState::PendingDeletion, Some(days));
    }

    /// Changes a key's state (administrative call by the account), writing a step.
    pub fn kms_set_state(
        &mut self,
        key: u16,
        op: &'static str,
        to: KeyState,
        deletion_days: Option<u32>,
    ) {
        let actor = self.intern("Administrator");
        let admin = self.admin_arn.clone();
        let mut step = Step::new(self.now, actor, "kms", op, admin);
        step.detail = StepDetail::KeyState { key };
        self.kms_change_state(step, key, to, deletion_days);
    }

    /// Applies a state change the key states table allows (or fails `step` with KMS's
    /// error) and writes `step`.
    fn kms_change_state(
        &mut self,
        mut step: Step,
        key: u16,
        to: KeyState,
        deletion_days: Option<u32>,
    ) {
        let now = self.now;
        let op = step.operation;
        if let Some(k) = self.kms.keys.get_mut(key as usize) {
            // The key states table: CancelKeyDeletion needs a key pending deletion ([4]);
            // EnableKey, DisableKey and ScheduleKeyDeletion refuse one ([3]).
            let allowed = match (k.state, to) {
                (KeyState::Deleted, _) => Err(kerr::not_found(&k.arn)),
                (KeyState::PendingDeletion, _) if op == "CancelKeyDeletion" => Ok(()),
                (_, _) if op == "CancelKeyDeletion" => Err(kerr::not_pending_deletion(&k.arn)),
                (KeyState::PendingDeletion, KeyState::Deleted) => Ok(()),
                (KeyState::PendingDeletion, _) => Err(kerr::pending_deletion(&k.arn)),
                _ => Ok(()),
            };
            match allowed {
                Ok(()) => {
                    self.kms.state_changes.push((self.trace.len(), key, to));
                    k.state = to;
                    k.deletion_date = deletion_days.map(|d| now.plus(d as i64 * 86_400 * SEC));
                    if to != KeyState::PendingDeletion {
                        k.deletion_date = None;
                    }
                }
                Err(e) => e.fail(&mut step),
            }
        }
        self.trace.push(step);
    }

    /// The plaintext of an encryption context reference as a JSON-friendly map.
    pub fn context_json(&self, c: CtxRef) -> EncryptionContext {
        self.context_of(c)
    }
}
