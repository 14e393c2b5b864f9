//! "Who can read the plaintext": for each role of the scenario, what it gets from the
//! stream (its own GetRecords), through Firehose (only Firehose's source role reads the
//! stream for it) and from the S3 objects Firehose wrote — the records, SDK messages it
//! cannot open (client-side encryption), or nothing (denied). Computed by the policy
//! engine from the policies and key states as they stand at the end of the run, with the
//! requests the services and the SDK make (KMS Decrypt through Kinesis or S3 with their
//! encryption context; the reader's own, direct Decrypt with the producer's context).
//! No step is written: the trace and its hash do not change.

use serde::{Deserialize, Serialize};

use crate::cloud::client_side::ClientSide;
use crate::cloud::kms::KmsOp;
use crate::cloud::s3::KeyWrap;
use crate::cloud::{Action, AuthReq, CtxRef, Principal, Resource, S3Headers, Via};
use crate::sim::scenario::KeyState;
use crate::sim::simulation::Simulation;

/// What a role gets at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// The records in plaintext.
    Plaintext,
    /// Only AWS Encryption SDK messages it cannot decrypt.
    CiphertextOnly,
    /// Refused (the read or a server-side Decrypt is not allowed, or the key is unusable).
    Denied,
    /// Nothing to read there for this role (Firehose reads only as its source role; no
    /// object was written).
    NotApplicable,
}

/// One role's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaintextRow {
    /// Role name.
    pub role: String,
    /// Reading the stream itself (GetRecords).
    pub stream: Reach,
    /// What Firehose holds when it reads as this role (its source role only).
    pub firehose: Reach,
    /// Reading the first object Firehose wrote (GetObject).
    pub s3_object: Reach,
}

/// The key and context of a direct, client-side Decrypt of the producer's messages.
#[derive(Clone, Copy)]
struct Sealed {
    key: u16,
    ctx: CtxRef,
}

impl Simulation {
    /// Each role of the scenario × (stream, Firehose, S3 object); see the module docs.
    /// Adds a session for roles that have none yet (as opening an object as a role does).
    pub fn who_reads_plaintext(&mut self) -> Vec<PlaintextRow> {
        let sealed = self.sealed_by_producer();
        let roles: Vec<String> = self.scenario.roles.iter().map(|r| r.name.clone()).collect();
        let source_role = self
            .scenario
            .delivery_streams
            .first()
            .map(|d| d.source_role.clone());
        let object = self
            .cloud
            .s3
            .objects
            .iter()
            .position(|o| o.current && !o.records.is_empty());
        roles
            .into_iter()
            .map(|role| {
                let session = self.session_for(&role, None);
                let stream = self.stream_reach(session, sealed);
                let firehose = if source_role.as_deref() == Some(role.as_str()) {
                    // Firehose never runs the SDK: at best it moves SDK messages.
                    match (stream, sealed) {
                        (Reach::Denied, _) => Reach::Denied,
                        (_, Some(_)) => Reach::CiphertextOnly,
                        _ => Reach::Plaintext,
                    }
                } else {
                    Reach::NotApplicable
                };
                let s3_object = match object {
                    Some(o) => self.object_reach(session, o as u32, sealed),
                    None => Reach::NotApplicable,
                };
                PlaintextRow {
                    role,
                    stream,
                    firehose,
                    s3_object,
                }
            })
            .collect()
    }

    /// The first client-side producer's key and the context its first sealed data key was
    /// made with (its declared context when it sealed nothing).
    fn sealed_by_producer(&mut self) -> Option<Sealed> {
        let (producer, cs): (usize, ClientSide) = self
            .cloud
            .lambda
            .producers
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.client_side.clone().map(|c| (i, c)))?;
        let key = self
            .cloud
            .kms
            .keys
            .iter()
            .position(|k| k.arn == cs.key_arn)? as u16;
        let sessions: Vec<u16> = self
            .cloud
            .lambda
            .producers
            .get(producer)
            .map(|p| p.sessions.iter().flatten().copied().collect())
            .unwrap_or_default();
        let made = self.cloud.kms.calls.iter().find(|c| {
            c.op == KmsOp::GenerateDataKey
                && c.error.is_none()
                && c.key == key
                && c.via == Via::Direct
                && sessions.contains(&c.principal)
        });
        let ctx = match made {
            Some(c) => c.ctx,
            None => self.cloud.context_ref(&cs.context),
        };
        Some(Sealed { key, ctx })
    }

    fn allowed(&mut self, a: AuthReq) -> bool {
        self.cloud.authorize(a).is_ok()
    }

    fn key_usable(&self, key: u16) -> bool {
        self.cloud
            .kms
            .keys
            .get(key as usize)
            .is_some_and(|k| k.state == KeyState::Enabled)
    }

    /// A KMS Decrypt as `session` allowed and possible.
    fn can_decrypt(&mut self, session: u16, key: u16, via: Via, ctx: CtxRef) -> bool {
        self.key_usable(key)
            && self.allowed(AuthReq {
                principal: Principal::Session(session),
                action: Action::KmsDecrypt,
                resource: Resource::Key(key),
                via,
                ctx,
                s3: S3Headers::NONE,
            })
    }

    /// After the services' layer: the records, or SDK messages only the producer key's
    /// Decrypt opens.
    fn open_client_side(&mut self, session: u16, sealed: Option<Sealed>) -> Reach {
        match sealed {
            None => Reach::Plaintext,
            Some(s) if self.can_decrypt(session, s.key, Via::Direct, s.ctx) => Reach::Plaintext,
            Some(_) => Reach::CiphertextOnly,
        }
    }

    fn stream_reach(&mut self, session: u16, sealed: Option<Sealed>) -> Reach {
        let Some(st) = self.cloud.kinesis.streams.first() else {
            return Reach::NotApplicable;
        };
        let key = st.key;
        let read = AuthReq::direct(
            Principal::Session(session),
            Action::KinesisGetRecords,
            Resource::Stream(0),
        );
        if !self.allowed(read) {
            return Reach::Denied;
        }
        if let Some(k) = key {
            if !self.can_decrypt(session, k, Via::Kinesis, CtxRef::Stream(0)) {
                return Reach::Denied;
            }
        }
        self.open_client_side(session, sealed)
    }

    fn object_reach(&mut self, session: u16, object: u32, sealed: Option<Sealed>) -> Reach {
        let Some(o) = self.cloud.s3.objects.get(object as usize) else {
            return Reach::NotApplicable;
        };
        let (name, wrap, key) = (o.name, o.wrap.clone(), o.kms_key);
        let bucket = self.cloud.s3.bucket_of(name);
        let read = AuthReq::direct(
            Principal::Session(session),
            Action::S3GetObject,
            Resource::Object(name),
        );
        if !self.allowed(read) {
            return Reach::Denied;
        }
        let ctx = match wrap {
            KeyWrap::Kms { .. } => Some(CtxRef::Object(name)),
            KeyWrap::BucketKey { .. } => Some(CtxRef::Bucket(bucket)),
            KeyWrap::None | KeyWrap::S3Owned { .. } => None,
        };
        if let (Some(ctx), Some(k)) = (ctx, key) {
            if !self.can_decrypt(session, k, Via::S3, ctx) {
                return Reach::Denied;
            }
        }
        self.open_client_side(session, sealed)
    }
}
