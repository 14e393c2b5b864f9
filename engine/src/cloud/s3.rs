//! S3: buckets with default encryption, objects with their SSE metadata, and the three
//! ways an object key is protected — SSE-S3 (an S3-owned key), SSE-KMS (one KMS data key
//! per object, context = object ARN) and SSE-KMS with a Bucket Key (one KMS call per
//! requester per period, context = bucket ARN, object keys derived locally).

use std::collections::BTreeMap;
use std::sync::Arc;

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use crate::cloud::errors::{self, s3 as serr, AwsError};
use crate::cloud::kms::{DataKey, KmsOp, KmsRequest, KmsResult};
use crate::cloud::{
    Action, AuthReq, Cloud, CtxRef, Principal, Resource, S3Headers, SseHeader, Via,
};
use crate::crypto::{Key256, Nonce, Sealer};
use crate::policy::NamedPolicy;
use crate::runtime::clock::{SimTime, HOUR};
use crate::runtime::fixed_map::FixedMap;
use crate::runtime::notes::Note;
use crate::runtime::rng::SimRng;
use crate::runtime::trace::{Outcome, Step, StepDetail};

/// How long a requester's Bucket Key is reused (modelled: AWS says only "time-limited").
pub const BUCKET_KEY_PERIOD: i64 = HOUR;

/// S3 server-side encryption algorithm (`x-amz-server-side-encryption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SseAlgorithm {
    /// SSE-S3.
    #[default]
    #[serde(rename = "AES256")]
    Aes256,
    /// SSE-KMS.
    #[serde(rename = "aws:kms")]
    AwsKms,
    /// Not encrypted (only for objects that predate default encryption).
    #[serde(rename = "NONE")]
    None,
}

/// S3 Object Ownership, the bucket-level setting that decides who owns the objects other
/// accounts write (S3 User Guide, "Controlling ownership of objects and disabling ACLs for
/// your bucket").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ObjectOwnership {
    /// ACLs disabled: the bucket owner owns every object; the setting of every new bucket.
    #[default]
    BucketOwnerEnforced,
    /// ACLs enabled: an object written with the `bucket-owner-full-control` canned ACL
    /// becomes the bucket owner's; otherwise the writing account owns it.
    BucketOwnerPreferred,
    /// ACLs enabled: the writing account owns the object.
    ObjectWriter,
}

impl ObjectOwnership {
    /// The account that owns an object `writer` puts into a bucket of `bucket_owner`
    /// without sending an ACL (the lab's writes send none; see `Note::ObjectOwnership`).
    pub fn owner_of_write<'a>(self, writer: &'a str, bucket_owner: &'a str) -> &'a str {
        match self {
            ObjectOwnership::BucketOwnerEnforced => bucket_owner,
            // Without `bucket-owner-full-control` the writer keeps the object.
            ObjectOwnership::BucketOwnerPreferred | ObjectOwnership::ObjectWriter => writer,
        }
    }
}

/// Bucket default encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketDefault {
    /// SSE algorithm.
    pub sse: SseAlgorithm,
    /// KMS key index for `aws:kms`.
    pub kms_key: Option<u16>,
    /// Bucket Key enabled.
    pub bucket_key: bool,
}

/// A bucket.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// Name.
    pub name: String,
    /// `arn:aws:s3:::<name>`.
    pub arn: String,
    /// Default encryption.
    pub default: BucketDefault,
    /// Bucket policy.
    pub policy: Option<NamedPolicy>,
    /// The account owning the bucket.
    pub account: Arc<str>,
    /// S3 Object Ownership.
    pub ownership: ObjectOwnership,
    /// Current object version per key.
    pub current: BTreeMap<String, u32>,
}

/// An object key within a bucket (objects and encryption contexts refer to these).
#[derive(Debug, Clone)]
pub struct ObjectName {
    /// Bucket index.
    pub bucket: u16,
    /// Key.
    pub key: String,
}

/// How an object's data key is protected.
#[derive(Debug, Clone)]
pub enum KeyWrap {
    /// Not encrypted.
    None,
    /// SSE-S3: the object key sealed under an S3-owned key.
    S3Owned {
        /// Nonce.
        nonce: Nonce,
        /// Sealed object key.
        sealed: Vec<u8>,
    },
    /// SSE-KMS: the object key is a KMS data key.
    Kms {
        /// Data key index.
        data_key: u32,
    },
    /// SSE-KMS with a Bucket Key: the object key sealed under the bucket key.
    BucketKey {
        /// Data key index of the bucket key.
        data_key: u32,
        /// Nonce.
        nonce: Nonce,
        /// Sealed object key.
        sealed: Vec<u8>,
    },
}

/// One object version.
#[derive(Debug, Clone)]
pub struct S3Object {
    /// Name index.
    pub name: u32,
    /// Written at.
    pub last_modified: SimTime,
    /// SSE algorithm.
    pub sse: SseAlgorithm,
    /// KMS key index for SSE-KMS.
    pub kms_key: Option<u16>,
    /// Written with a Bucket Key.
    pub bucket_key: bool,
    /// Key protection.
    pub wrap: KeyWrap,
    /// Nonce of the body.
    pub body_nonce: Nonce,
    /// Body at rest (ciphertext + tag, or plaintext when not encrypted).
    pub body: Vec<u8>,
    /// Plaintext size.
    pub size: usize,
    /// ETag.
    pub etag: String,
    /// Kinesis records in the body (Firehose objects).
    pub records: Vec<u32>,
    /// Still the current version.
    pub current: bool,
    /// Trace step that wrote it (u32::MAX for objects present at the start).
    pub step: u32,
    /// The account owning the object when it is not the bucket owner (an object another
    /// account wrote into a bucket with ACLs enabled); None: the bucket owner.
    pub owner: Option<Arc<str>>,
}

/// S3 state.
#[derive(Debug, Clone, Default)]
pub struct S3 {
    /// Buckets.
    pub buckets: Vec<Bucket>,
    /// Object names.
    pub names: Vec<ObjectName>,
    /// (bucket, key) → index in `names`, so naming an object stays O(log n) in long runs.
    name_lookup: BTreeMap<(u16, String), u32>,
    /// Object versions in write order.
    pub objects: Vec<S3Object>,
    /// The S3-owned key for SSE-S3 (None until built).
    pub owned_key: Option<Sealer>,
    /// (requester session, bucket, kms key) → (bucket key data key, expiry).
    pub bucket_keys: FixedMap<(u16, u16, u16), (u32, SimTime)>,
    /// (requester session, bucket key data key) → expiry of the decrypted copy.
    pub bucket_key_decrypts: FixedMap<(u16, u32), SimTime>,
}

/// Requested encryption for a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseRequest {
    /// `x-amz-server-side-encryption` (None: bucket default).
    pub sse: Option<SseAlgorithm>,
    /// `x-amz-server-side-encryption-aws-kms-key-id`.
    pub kms_key: Option<u16>,
    /// `x-amz-server-side-encryption-bucket-key-enabled` (None: not sent).
    pub bucket_key: Option<bool>,
}

impl SseRequest {
    /// The encryption headers this request sends, as S3's condition keys see them: none
    /// for what it leaves to the bucket's default encryption.
    pub fn headers(&self) -> S3Headers {
        let sse = match self.sse {
            Some(SseAlgorithm::AwsKms) => Some(SseHeader::AwsKms),
            Some(SseAlgorithm::Aes256) => Some(SseHeader::Aes256),
            Some(SseAlgorithm::None) | None => None,
        };
        S3Headers {
            sse,
            kms_key: self.kms_key.filter(|_| sse == Some(SseHeader::AwsKms)),
            copy_source: None,
        }
    }
}

/// A new object version's own key and body nonce. They are drawn before any KMS call the
/// write makes: the order of draws is part of what a seed reproduces.
#[derive(Debug, Clone, Copy)]
pub struct ObjectKey {
    key: Key256,
    body_nonce: Nonce,
}

impl ObjectKey {
    /// A fresh object key and body nonce.
    pub fn draw(rng: &mut SimRng) -> ObjectKey {
        let key = rng.key();
        let body_nonce = rng.nonce();
        ObjectKey { key, body_nonce }
    }
}

/// How a write protects the object key, once any data key is in hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// Not encrypted.
    None,
    /// SSE-S3: the object key sealed under S3's own key.
    S3Owned,
    /// SSE-KMS: the data key (index into `Kms::data_keys`) encrypts the body itself.
    Kms(u32),
    /// SSE-KMS with a Bucket Key: the object key sealed under the bucket-level data key.
    BucketKey(u32),
}

/// What a write settled on for a new object version, besides how it is sealed.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    /// Name index (bucket and key).
    pub name: u32,
    /// Plaintext body.
    pub body: &'a [u8],
    /// SSE algorithm.
    pub sse: SseAlgorithm,
    /// KMS key index for SSE-KMS.
    pub kms_key: Option<u16>,
    /// Kinesis records in the body.
    pub records: Vec<u32>,
    /// Written at.
    pub time: SimTime,
    /// Trace step that wrote it (u32::MAX before the run).
    pub step: u32,
}

impl S3 {
    /// Seals `v.body` as `protection` says and stores it as the current version of its
    /// name; returns the version's index. SSE-S3 and Bucket Keys seal the object key (the
    /// wrap's nonce is drawn from `rng` now); the ETag is the MD5 of the body, except under
    /// SSE-KMS without a Bucket Key, where (as AWS says) it is not an MD5 of the data.
    pub fn put_version(
        &mut self,
        data_keys: &[DataKey],
        rng: &mut SimRng,
        object_key: ObjectKey,
        protection: Protection,
        v: NewVersion<'_>,
    ) -> u32 {
        let Some(n) = self.names.get(v.name as usize) else {
            return u32::MAX;
        };
        let (bucket, key) = (n.bucket, n.key.clone());
        let ObjectKey {
            key: object_key,
            body_nonce,
        } = object_key;
        let sealer_of = |dk: u32| data_keys.get(dk as usize).map(|d| &d.sealer);
        let wrap = match protection {
            Protection::None => KeyWrap::None,
            Protection::S3Owned => {
                let nonce = rng.nonce();
                let sealed = self
                    .owned_key
                    .as_ref()
                    .map(|k| k.seal(&nonce, &object_key, b"sse-s3"))
                    .unwrap_or_default();
                KeyWrap::S3Owned { nonce, sealed }
            }
            Protection::Kms(data_key) => KeyWrap::Kms { data_key },
            Protection::BucketKey(data_key) => {
                let nonce = rng.nonce();
                let sealed = sealer_of(data_key)
                    .map(|s| s.seal(&nonce, &object_key, key.as_bytes()))
                    .unwrap_or_default();
                KeyWrap::BucketKey {
                    data_key,
                    nonce,
                    sealed,
                }
            }
        };
        let (stored, etag) = match protection {
            Protection::None => (v.body.to_vec(), md5_hex(v.body)),
            Protection::Kms(data_key) => {
                let c = match sealer_of(data_key) {
                    Some(s) => s.seal(&body_nonce, v.body, b""),
                    None => Sealer::new(&object_key).seal(&body_nonce, v.body, b""),
                };
                let e = md5_hex(&c);
                (c, e)
            }
            _ => {
                let c = Sealer::new(&object_key).seal(&body_nonce, v.body, b"");
                (c, md5_hex(v.body))
            }
        };
        let index = self.objects.len() as u32;
        if let Some(b) = self.buckets.get_mut(bucket as usize) {
            if let Some(prev) = b.current.insert(key, index) {
                if let Some(o) = self.objects.get_mut(prev as usize) {
                    o.current = false;
                }
            }
        }
        self.objects.push(S3Object {
            name: v.name,
            last_modified: v.time,
            sse: v.sse,
            kms_key: v.kms_key,
            bucket_key: matches!(protection, Protection::BucketKey(_)),
            wrap,
            body_nonce,
            body: stored,
            size: v.body.len(),
            etag,
            records: v.records,
            current: true,
            step: v.step,
            owner: None,
        });
        index
    }

    /// `arn:aws:s3:::<bucket>/<key>`.
    pub fn object_arn(&self, name: u32) -> String {
        match self.names.get(name as usize) {
            Some(n) => format!(
                "{}/{}",
                self.buckets
                    .get(n.bucket as usize)
                    .map(|b| b.arn.as_str())
                    .unwrap_or("arn:aws:s3:::"),
                n.key
            ),
            None => String::new(),
        }
    }

    /// The account owning the bucket of object name `name`.
    pub fn bucket_account(&self, name: u32) -> Option<&Arc<str>> {
        let n = self.names.get(name as usize)?;
        Some(&self.buckets.get(n.bucket as usize)?.account)
    }

    /// When `requester_account` may not read object version `object` because another
    /// account owns it and its ACL grants only that owner (S3 User Guide, "Bucket policies
    /// for Amazon S3": a bucket policy's permissions do not apply to objects other accounts
    /// own): that owner. The lab's writes send no ACL, so an object's ACL is the default
    /// one, FULL_CONTROL for its owner alone.
    pub fn acl_denial(&self, requester_account: &str, object: u32) -> Option<&Arc<str>> {
        let o = self.objects.get(object as usize)?;
        let owner = o.owner.as_ref()?;
        (&**owner != requester_account).then_some(owner)
    }

    /// The bucket policy governing an object name.
    pub fn bucket_policy_for_name(&self, name: u32) -> Option<&NamedPolicy> {
        let n = self.names.get(name as usize)?;
        self.buckets.get(n.bucket as usize)?.policy.as_ref()
    }

    /// Index of the name (bucket, key), adding it if new.
    pub fn name_index(&mut self, bucket: u16, key: &str) -> u32 {
        if let Some(&i) = self.name_lookup.get(&(bucket, key.to_string())) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(ObjectName {
            bucket,
            key: key.to_string(),
        });
        self.name_lookup.insert((bucket, key.to_string()), i);
        i
    }

    /// The bucket of a name.
    pub fn bucket_of(&self, name: u32) -> u16 {
        self.names.get(name as usize).map_or(0, |n| n.bucket)
    }

    /// The object key of a name.
    pub fn key_of(&self, name: u32) -> &str {
        self.names
            .get(name as usize)
            .map(|n| n.key.as_str())
            .unwrap_or("")
    }

    /// Inventory `EncryptionStatus` of an object.
    pub fn encryption_status(o: &S3Object) -> &'static str {
        match o.sse {
            SseAlgorithm::None => "NOT-SSE",
            SseAlgorithm::Aes256 => "SSE-S3",
            SseAlgorithm::AwsKms => "SSE-KMS",
        }
    }

    /// Current objects of a bucket under a prefix, in key order.
    pub fn list(&self, bucket: u16, prefix: &str) -> Vec<u32> {
        match self.buckets.get(bucket as usize) {
            Some(b) => b
                .current
                .range(prefix.to_string()..)
                .take_while(|(k, _)| k.starts_with(prefix))
                .map(|(_, v)| *v)
                .collect(),
            None => vec![],
        }
    }
}

fn md5_hex(b: &[u8]) -> String {
    hex::encode(Md5::digest(b))
}

impl Cloud {
    fn kms_for_s3(
        &mut self,
        op: KmsOp,
        session: u16,
        key: u16,
        ctx: CtxRef,
        blob_of: Option<u32>,
    ) -> Result<u32, AwsError> {
        let actor = self.intern("S3 (on behalf of the caller)");
        let req = KmsRequest {
            op,
            principal: session,
            via: Via::S3,
            key,
            ctx,
            blob_of,
            tamper: false,
            actor,
        };
        let write = op != KmsOp::Decrypt;
        match self.kms_call(&req) {
            Ok(KmsResult::DataKey(d)) => Ok(d),
            Ok(_) => Err(serr::from_kms(
                &AwsError::new("InvalidCiphertextException", ""),
                write,
            )),
            Err(e) => Err(serr::from_kms(&e, write)),
        }
    }

    /// What S3 answers `session` when its request on object name `name` is denied with IAM's
    /// `message`: the sentence with its reason for a caller of the bucket's account, "Access
    /// Denied" across accounts (S3 User Guide, "Troubleshoot access denied (403 Forbidden)
    /// errors").
    fn s3_denied(&self, session: u16, name: u32, message: &str) -> AwsError {
        let caller = self.iam.session_arn(session);
        let bucket_account = self.s3.bucket_account(name).map_or("", |a| a);
        if crate::policy::arn_account(&caller) == Some(bucket_account) {
            serr::access_denied_same_account(message, &self.s3.object_arn(name))
        } else {
            serr::access_denied()
        }
    }

    /// The `s3:PutObject` request `session` makes to write object name `name` with `req`'s
    /// headers (and `copy_source`'s for a CopyObject): what it is authorized by and what
    /// its step keeps.
    pub fn s3_put_auth(
        session: u16,
        name: u32,
        req: &SseRequest,
        copy_source: Option<u32>,
    ) -> AuthReq {
        AuthReq::direct(
            Principal::Session(session),
            Action::S3PutObject,
            Resource::Object(name),
        )
        .with_s3(S3Headers {
            copy_source,
            ..req.headers()
        })
    }

    /// Authorizes an object request; a refusal is S3's answer, and the trace hash takes in
    /// what made it (the request's S3 condition keys and the deciding rule), as a KMS call's
    /// does: two runs refused for different headers or by different statements differ.
    fn s3_authorize(&mut self, session: u16, name: u32, auth: AuthReq) -> Result<(), AwsError> {
        let Err(m) = self.authorize(auth) else {
            return Ok(());
        };
        let mut bytes = Vec::with_capacity(160);
        for (k, v) in self.build_request(&auth).context.iter() {
            if k.starts_with("s3:") {
                bytes.extend_from_slice(k.as_bytes());
                bytes.push(0);
                for x in v.as_slice() {
                    bytes.extend_from_slice(x.as_bytes());
                    bytes.push(0);
                }
            }
        }
        bytes.push(0xff);
        if let Some(d) = self.decided(&auth) {
            bytes.extend_from_slice(d.rule.as_bytes());
        }
        self.trace.absorb(&bytes);
        Err(self.s3_denied(session, name, &m))
    }

    /// Authorizes and stores an object written by `session` (PutObject, or CopyObject of
    /// `copy_source`), calling KMS on the caller's behalf as needed. The caller writes the
    /// step.
    #[allow(clippy::too_many_arguments)]
    pub fn s3_store(
        &mut self,
        session: u16,
        bucket: u16,
        key: &str,
        body: &[u8],
        req: SseRequest,
        records: Vec<u32>,
        copy_source: Option<u32>,
    ) -> Result<u32, AwsError> {
        let name = self.s3.name_index(bucket, key);
        let auth = Cloud::s3_put_auth(session, name, &req, copy_source);
        self.s3_authorize(session, name, auth)?;
        let Some(b) = self.s3.buckets.get(bucket as usize) else {
            return Err(AwsError::new(
                "NoSuchBucket",
                "The specified bucket does not exist",
            ));
        };
        let default = b.default;
        let sse = req.sse.unwrap_or(default.sse);
        let aws_s3 = self
            .kms
            .keys
            .iter()
            .position(|k| k.name == "aws/s3")
            .map(|i| i as u16);
        let kms_key = match sse {
            SseAlgorithm::AwsKms => req
                .kms_key
                .or(if req.sse.is_none() {
                    default.kms_key
                } else {
                    None
                })
                .or(aws_s3),
            _ => None,
        };
        // A PUT or COPY that does not say gets the destination bucket's Bucket Key setting
        // (S3 User Guide, "Configuring an S3 Bucket Key at the object level").
        let bucket_key =
            sse == SseAlgorithm::AwsKms && req.bucket_key.unwrap_or(default.bucket_key);
        let object_key = ObjectKey::draw(&mut self.rng);
        let protection = match (sse, kms_key) {
            (SseAlgorithm::None, _) => Protection::None,
            (SseAlgorithm::Aes256, _) => Protection::S3Owned,
            (SseAlgorithm::AwsKms, Some(k)) if bucket_key => {
                Protection::BucketKey(self.s3_bucket_key(session, bucket, k)?)
            }
            (SseAlgorithm::AwsKms, Some(k)) => Protection::Kms(self.kms_for_s3(
                KmsOp::GenerateDataKey,
                session,
                k,
                CtxRef::Object(name),
                None,
            )?),
            (SseAlgorithm::AwsKms, None) => {
                return Err(errors::simulator("KMS.NotFoundException", "no KMS key"))
            }
        };
        let version = NewVersion {
            name,
            body,
            sse,
            kms_key,
            records,
            time: self.now,
            step: self.trace.current_parent().unwrap_or(u32::MAX),
        };
        let index = self.s3.put_version(
            &self.kms.data_keys,
            &mut self.rng,
            object_key,
            protection,
            version,
        );
        if let Some(o) = self.s3.objects.get(index as usize) {
            self.trace.absorb(&o.body);
        }
        self.s3_set_owner(session, bucket, index);
        Ok(index)
    }

    /// Who owns a new object version `session` wrote into `bucket` (S3 Object Ownership):
    /// another account's object is marked, and the step notes that the ACL the write sent
    /// (none) is the lab's model.
    fn s3_set_owner(&mut self, session: u16, bucket: u16, object: u32) {
        let Some(b) = self.s3.buckets.get(bucket as usize) else {
            return;
        };
        let writer_arn = self.iam.session_arn(session);
        let Some(writer) = crate::policy::arn_account(&writer_arn) else {
            return;
        };
        if writer == &*b.account {
            return;
        }
        let enforced = b.ownership == ObjectOwnership::BucketOwnerEnforced;
        let owner = b.ownership.owner_of_write(writer, &b.account);
        let other = (owner != &*b.account).then(|| owner.to_string());
        if !enforced {
            self.trace.mark_open_modelled(Note::ObjectOwnership);
        }
        if let Some(owner) = other {
            let owner = self.intern(&owner);
            self.trace.absorb(owner.as_bytes());
            if let Some(o) = self.s3.objects.get_mut(object as usize) {
                o.owner = Some(owner);
            }
        }
    }

    /// The requester's Bucket Key for `bucket` under KMS key `k`: reused within its period,
    /// else a new data key from KMS (context: the bucket ARN).
    fn s3_bucket_key(&mut self, session: u16, bucket: u16, k: u16) -> Result<u32, AwsError> {
        let cached = self
            .s3
            .bucket_keys
            .get(&(session, bucket, k))
            .filter(|(_, exp)| self.now < *exp)
            .map(|(d, _)| *d);
        if let Some(d) = cached {
            self.trace.mark_open_modelled(Note::BucketKey);
            return Ok(d);
        }
        let d = self.kms_for_s3(
            KmsOp::GenerateDataKey,
            session,
            k,
            CtxRef::Bucket(bucket),
            None,
        )?;
        self.s3
            .bucket_keys
            .insert((session, bucket, k), (d, self.now.plus(BUCKET_KEY_PERIOD)));
        Ok(d)
    }

    /// The object's plaintext key without KMS calls or authorization (for the UI).
    pub fn s3_object_key_unchecked(&self, object: u32) -> Option<Key256> {
        let o = self.s3.objects.get(object as usize)?;
        let key_arr = |v: Vec<u8>| -> Option<Key256> { v.try_into().ok() };
        match &o.wrap {
            KeyWrap::None => None,
            KeyWrap::S3Owned { nonce, sealed } => key_arr(
                self.s3
                    .owned_key
                    .as_ref()?
                    .open(nonce, sealed, b"sse-s3")
                    .ok()?,
            ),
            KeyWrap::Kms { data_key } => {
                Some(self.kms.data_keys.get(*data_key as usize)?.plaintext)
            }
            KeyWrap::BucketKey {
                data_key,
                nonce,
                sealed,
            } => {
                let key = self.s3.key_of(o.name).to_string();
                key_arr(
                    self.kms
                        .data_keys
                        .get(*data_key as usize)?
                        .sealer
                        .open(nonce, sealed, key.as_bytes())
                        .ok()?,
                )
            }
        }
    }

    /// The object's plaintext body (for the UI; no authorization).
    pub fn s3_body_unchecked(&self, object: u32) -> Option<Vec<u8>> {
        let o = self.s3.objects.get(object as usize)?;
        match &o.wrap {
            KeyWrap::None => Some(o.body.clone()),
            _ => Sealer::new(&self.s3_object_key_unchecked(object)?)
                .open(&o.body_nonce, &o.body, b"")
                .ok(),
        }
    }

    /// Reads an object as `session`: authorization, then KMS Decrypt on the caller's
    /// behalf when the object is SSE-KMS. No step is written (see `s3_get_object`).
    pub fn s3_read(&mut self, session: u16, object: u32) -> Result<Vec<u8>, AwsError> {
        let Some(o) = self.s3.objects.get(object as usize) else {
            return Err(serr::no_such_key());
        };
        let (name, wrap, kms_key) = (o.name, o.wrap.clone(), o.kms_key);
        let bucket = self.s3.bucket_of(name);
        let auth = AuthReq::direct(
            Principal::Session(session),
            Action::S3GetObject,
            Resource::Object(name),
        );
        self.s3_authorize(session, name, auth)?;
        let requester = self.iam.session_arn(session);
        let requester = crate::policy::arn_account(&requester).unwrap_or_default();
        if let Some(owner) = self.s3.acl_denial(requester, object) {
            let bytes = format!("object-acl:{owner}");
            self.trace.absorb(bytes.as_bytes());
            self.trace.mark_open_modelled(Note::ObjectOwnership);
            return Err(serr::access_denied());
        }
        let key = kms_key.unwrap_or(0);
        match wrap {
            KeyWrap::Kms { data_key } => {
                self.kms_for_s3(
                    KmsOp::Decrypt,
                    session,
                    key,
                    CtxRef::Object(name),
                    Some(data_key),
                )?;
            }
            KeyWrap::BucketKey { data_key, .. } => {
                self.s3_open_bucket_key(session, bucket, key, data_key)?
            }
            KeyWrap::None | KeyWrap::S3Owned { .. } => {}
        }
        self.s3_body_unchecked(object).ok_or_else(|| {
            errors::simulator(
                "InternalError",
                "We encountered an internal error. Please try again.",
            )
        })
    }

    /// The requester's decrypted copy of a Bucket Key: reused within its period, else KMS
    /// Decrypt of the bucket-level data key (context: the bucket ARN).
    fn s3_open_bucket_key(
        &mut self,
        session: u16,
        bucket: u16,
        key: u16,
        data_key: u32,
    ) -> Result<(), AwsError> {
        let cached = self
            .s3
            .bucket_key_decrypts
            .get(&(session, data_key))
            .is_some_and(|e| self.now < *e);
        if cached {
            self.trace.mark_open_modelled(Note::BucketKey);
            return Ok(());
        }
        let ctx = CtxRef::Bucket(bucket);
        self.kms_for_s3(KmsOp::Decrypt, session, key, ctx, Some(data_key))?;
        self.s3
            .bucket_key_decrypts
            .insert((session, data_key), self.now.plus(BUCKET_KEY_PERIOD));
        Ok(())
    }

    /// `GetObject` by a reader role, writing its step.
    pub fn s3_get_object(
        &mut self,
        actor: Arc<str>,
        session: u16,
        object: u32,
    ) -> Result<Vec<u8>, AwsError> {
        let principal = self.iam.session_arn(session);
        let name = self
            .s3
            .objects
            .get(object as usize)
            .map(|o| o.name)
            .unwrap_or(0);
        let mut step = Step::new(self.now, actor, "s3", "GetObject", principal);
        step.detail = StepDetail::GetObject { object };
        // Its s3:signatureversion and s3:authType are the lab's choice too.
        step.modelled.add(Note::S3RequestKeys);
        step.auth = Some(AuthReq::direct(
            Principal::Session(session),
            Action::S3GetObject,
            Resource::Object(name),
        ));
        self.trace.open(step);
        let r = self.s3_read(session, object);
        match &r {
            Ok(_) => self.trace.close(Outcome::Ok, None),
            Err(e) => e.close(&mut self.trace, None),
        }
        r
    }

    /// `CopyObject` of an object onto itself with new encryption settings, writing its
    /// step. Needs read access (and kms:Decrypt for SSE-KMS sources) and write access.
    pub fn s3_copy_in_place(
        &mut self,
        actor: Arc<str>,
        session: u16,
        object: u32,
        req: SseRequest,
    ) -> Result<u32, AwsError> {
        let principal = self.iam.session_arn(session);
        let (name, records) = match self.s3.objects.get(object as usize) {
            Some(o) => (o.name, o.records.clone()),
            None => return Err(serr::no_such_key()),
        };
        let bucket = self.s3.bucket_of(name);
        let key = self.s3.key_of(name).to_string();
        let mut step = Step::new(self.now, actor, "s3", "CopyObject", principal);
        step.detail = StepDetail::CopyObject {
            from: object,
            to: None,
        };
        step.auth = Some(Cloud::s3_put_auth(session, name, &req, Some(name)));
        step.modelled.add(Note::CopyBucketKey);
        step.modelled.add(Note::S3RequestKeys);
        self.trace.open(step);
        let r = self
            .s3_read(session, object)
            .and_then(|body| self.s3_store(session, bucket, &key, &body, req, records, Some(name)));
        match &r {
            Ok(to) => self.trace.close(
                Outcome::Ok,
                Some(StepDetail::CopyObject {
                    from: object,
                    to: Some(*to),
                }),
            ),
            Err(e) => e.close(&mut self.trace, None),
        }
        r
    }
}
