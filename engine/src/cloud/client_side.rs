//! Client-side envelope encryption with the AWS Encryption SDK (`esdk`), beside the
//! services' server-side encryption.
//!
//! - A producer seals each record before PutRecord: the SDK's KMS keyring calls
//!   `GenerateDataKey` itself under the function's execution-role session. The call is
//!   direct — no `invokedBy`, no `kms:ViaService` — so a key policy scoped to
//!   `kms:ViaService` (written for server-side encryption) denies it, with KMS's own error
//!   on the call's step.
//! - A reader decrypts the SDK messages in an object it read: the keyring calls `Decrypt`
//!   under the reader's session (strict mode: only the configured key), then the SDK checks
//!   the commitment, the header, the reader's required encryption context, each frame and
//!   the signature.
//!
//! Every KMS call goes through [`Cloud::kms_call`] (real policy evaluation, CloudTrail);
//! randomness comes from the simulation's seeded RNG and time from its clock.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::errors::AwsError;
use super::kms::{KmsOp, KmsRequest, KmsResult};
use super::{Cloud, CtxRef, Via};
use crate::crypto::EncryptionContext;
use crate::esdk::{
    self, AlgorithmSuite, CacheStats, CachingManager, DecryptedKey, EncryptRequest, EsdkError,
    GeneratedKey, KmsClient, KmsError, DEFAULT_FRAME_LENGTH,
};
use crate::runtime::notes::Note;
use crate::runtime::rng::SimRng;
use crate::runtime::trace::{Outcome, Step};

/// The service name of the SDK's own steps in a reader (the SDK runs in the reader's
/// code, not in an AWS service; a producer's run in its Lambda function's).
pub const READER_SERVICE: &str = "esdk";
/// The operation of a producer's sealing step.
pub const ENCRYPT_OPERATION: &str = "EncryptionSDK.encrypt";
/// The operation of a reader's opening step.
pub const DECRYPT_OPERATION: &str = "EncryptionSDK.decrypt";

/// How one producer encrypts its records.
#[derive(Debug, Clone)]
pub struct ClientSide {
    /// The KMS key's ARN (the keyring's key; the encrypted data key's provider info).
    pub key_arn: String,
    /// The algorithm suite.
    pub suite: AlgorithmSuite,
    /// The caller's encryption context.
    pub context: EncryptionContext,
    /// The caching materials manager, when data key caching is on.
    pub cache: Option<CachingManager>,
    /// Records sealed.
    pub sealed: u64,
    /// Records the SDK failed to seal.
    pub failed: u64,
}

impl ClientSide {
    /// What the cache did (None without caching).
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.cache.as_ref().map(|c| c.stats)
    }

    /// The GenerateDataKey requests its SDK made: one per record it tried to seal without
    /// a cache, else what the cache passed on to KMS.
    pub fn generate_calls(&self) -> u64 {
        self.cache_stats()
            .map_or(self.sealed + self.failed, |s| s.generate_calls)
    }

    /// The GenerateDataKey requests its data key cache saved (records sealed with a cached
    /// data key; none without a cache).
    pub fn calls_saved(&self) -> u64 {
        self.cache_stats().map_or(0, |s| s.encrypt_hits)
    }
}

/// Each producer that seals client-side, in scenario order, with how it seals: the one walk
/// the run summary (`sim::summary`) and the cost panel's usage (`sim::view::usage`) both
/// read their client-side counts from.
pub fn sealers(
    producers: &[super::lambda::Producer],
) -> impl Iterator<Item = (&super::lambda::Producer, &ClientSide)> {
    producers
        .iter()
        .filter_map(|p| p.client_side.as_ref().map(|cs| (p, cs)))
}

/// How a reader decrypts the SDK messages in what it read.
#[derive(Debug, Clone)]
pub struct ReaderDecrypt {
    /// The one key its keyring may ask KMS to decrypt with (strict mode).
    pub key_arn: String,
    /// Pairs the message's encryption context must hold.
    pub required: EncryptionContext,
    /// Flip a bit of each message's first frame before decrypting.
    pub tamper: bool,
}

/// Client-side state kept by the cloud.
#[derive(Debug, Clone, Default)]
pub struct ClientSideState {
    /// The `CiphertextBlob` of every data key a producer's SDK asked for → its index in
    /// `kms.data_keys` (the simulated KMS opens blobs it issued; this finds one by bytes).
    blobs: BTreeMap<Vec<u8>, u32>,
    /// SDK messages readers decrypted.
    pub decrypted: u64,
    /// SDK messages readers failed to decrypt.
    pub decrypt_failed: u64,
}

/// `esdk::KmsClient` over the simulated KMS, as one session: every call is a `kms` step
/// (nested under the innermost open step) and a CloudTrail record.
struct SessionKms<'a> {
    cloud: &'a mut Cloud,
    session: u16,
    actor: Arc<str>,
}

impl SessionKms<'_> {
    /// The data key KMS issued as number `d`.
    fn data_key(&self, d: u32) -> Result<&super::kms::DataKey, KmsError> {
        self.cloud
            .kms
            .data_keys
            .get(d as usize)
            .ok_or_else(unexpected)
    }

    fn call(
        &mut self,
        op: KmsOp,
        key_id: &str,
        context: &EncryptionContext,
        blob_of: Option<u32>,
    ) -> Result<KmsResult, KmsError> {
        let Some(key) = self.cloud.kms.keys.iter().position(|k| k.arn == key_id) else {
            return Err(KmsError {
                code: "NotFoundException".into(),
                message: format!("Key '{key_id}' does not exist"),
            });
        };
        let ctx = self.cloud.context_ref(context);
        let request = KmsRequest {
            op,
            principal: self.session,
            via: Via::Direct,
            key: key as u16,
            ctx,
            blob_of,
            tamper: false,
            actor: self.actor.clone(),
        };
        self.cloud.kms_call(&request).map_err(|e| KmsError {
            code: e.code.to_string(),
            message: e.message.to_string(),
        })
    }
}

fn unexpected() -> KmsError {
    KmsError {
        code: "InvalidCiphertextException".into(),
        message: String::new(),
    }
}

impl KmsClient for SessionKms<'_> {
    fn generate_data_key(
        &mut self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError> {
        match self.call(KmsOp::GenerateDataKey, key_id, context, None)? {
            KmsResult::DataKey(d) => {
                let dk = self.data_key(d)?;
                let blob = dk.blob.to_bytes();
                let plaintext = dk.plaintext;
                self.cloud.client_side.blobs.insert(blob.clone(), d);
                Ok(GeneratedKey {
                    key_arn: key_id.to_string(),
                    plaintext,
                    ciphertext_blob: blob,
                })
            }
            _ => Err(unexpected()),
        }
    }

    fn decrypt(
        &mut self,
        key_id: &str,
        ciphertext_blob: &[u8],
        context: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError> {
        // A blob KMS never issued (altered in the message) still reaches KMS, which answers
        // InvalidCiphertextException after authorizing the call.
        let found = self.cloud.client_side.blobs.get(ciphertext_blob).copied();
        match self.call(KmsOp::Decrypt, key_id, context, found)? {
            KmsResult::DataKey(d) => {
                let dk = self.data_key(d)?;
                Ok(DecryptedKey {
                    key_arn: key_id.to_string(),
                    plaintext: dk.plaintext.to_vec(),
                })
            }
            _ => Err(unexpected()),
        }
    }
}

/// The SDK's failure as a step outcome: the lab's stable name, its message, the note.
fn sdk_error(e: &EsdkError) -> AwsError {
    AwsError::modelled(e.name(), e.message().into_en(), Note::EncryptionSdk)
}

impl Cloud {
    /// The context reference for `context` (the last custom context when equal, so a run
    /// with one context does not grow the list per call).
    pub(crate) fn context_ref(&mut self, context: &EncryptionContext) -> CtxRef {
        if context.is_empty() {
            return CtxRef::None;
        }
        if self.custom_contexts.last() != Some(context) {
            self.custom_contexts.push(context.clone());
        }
        CtxRef::Custom((self.custom_contexts.len() - 1) as u32)
    }

    /// Seals `record` for producer `producer` (which must have client-side encryption)
    /// under `session`: an `EncryptionSDK.encrypt` step of the function (child of
    /// `parent`, the invocation) with the KMS calls under it. Returns the SDK message, or
    /// the error that ends the invocation (the SDK raises; the function puts nothing more).
    pub fn client_side_seal(
        &mut self,
        producer: u16,
        session: u16,
        parent: Option<u32>,
        record: &[u8],
    ) -> Result<Vec<u8>, AwsError> {
        let Some(p) = self.lambda.producers.get_mut(producer as usize) else {
            return Err(super::errors::simulator(
                "ResourceNotFoundException",
                "no such function",
            ));
        };
        let actor = p.actor.clone();
        let Some(mut cs) = p.client_side.take() else {
            return Err(super::errors::simulator(
                "ResourceNotFoundException",
                "no client-side setting",
            ));
        };
        let mut step = Step::new(
            self.now,
            actor.clone(),
            "lambda",
            ENCRYPT_OPERATION,
            self.iam.session_arn(session),
        );
        step.parent = parent;
        self.trace.open(step);
        // One draw from the simulation's RNG seeds the SDK's randomness for this record
        // (message id, signing key); KMS draws its data keys from the simulation's RNG.
        let mut rng = SimRng::new(self.rng.next_u64());
        let now_ms = (self.now.0 / crate::runtime::clock::MS).max(0) as u64;
        let request = EncryptRequest {
            key_arn: &cs.key_arn,
            suite: cs.suite,
            context: &cs.context,
            frame_length: DEFAULT_FRAME_LENGTH,
        };
        let mut kms = SessionKms {
            cloud: self,
            session,
            actor,
        };
        let sealed = match cs.cache.as_mut() {
            Some(cache) => cache.encrypt(&mut kms, &mut rng, now_ms, &request, record),
            None => esdk::encrypt(&mut kms, &mut rng, &request, record),
        };
        let result = sealed.map_err(|e| sdk_error(&e));
        match &result {
            Ok(message) => {
                cs.sealed += 1;
                self.trace.absorb(message);
                self.trace.close(Outcome::Ok, None);
            }
            Err(e) => {
                cs.failed += 1;
                e.close(&mut self.trace, None);
            }
        }
        if let Some(p) = self.lambda.producers.get_mut(producer as usize) {
            p.client_side = Some(cs);
        }
        result
    }

    /// Decrypts the SDK messages stored back to back in `body` (a Firehose object holds one
    /// per record) as `session`: one `EncryptionSDK.decrypt` step per message, the KMS
    /// Decrypt under it. Stops at the first failure (the SDK raises; the reader's code
    /// reads no further). Returns the plaintexts decrypted.
    pub fn client_side_open(
        &mut self,
        actor: Arc<str>,
        session: u16,
        settings: &ReaderDecrypt,
        body: &[u8],
    ) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let principal = self.iam.session_arn(session);
            let step = Step::new(
                self.now,
                actor.clone(),
                READER_SERVICE,
                DECRYPT_OPERATION,
                principal,
            );
            self.trace.open(step);
            // The structure alone tells where this message ends and the next begins.
            let (message, next) = match esdk::inspect(rest) {
                Ok((_, layout)) => {
                    // At least one byte, so the loop always moves on.
                    let end = layout.end().clamp(1, rest.len());
                    let mut message = rest[..end].to_vec();
                    if settings.tamper {
                        // The last byte of the first frame: its AES-GCM tag.
                        if let Some(&(_, _, frame_end)) = layout.frames.first() {
                            if let Some(b) = message.get_mut(frame_end.saturating_sub(1)) {
                                *b ^= 0x01;
                            }
                        }
                    }
                    (message, &rest[end..])
                }
                Err(e) => {
                    self.client_side.decrypt_failed += 1;
                    sdk_error(&e).close(&mut self.trace, None);
                    return out;
                }
            };
            let mut kms = SessionKms {
                cloud: self,
                session,
                actor: actor.clone(),
            };
            let keys = [settings.key_arn.as_str()];
            match esdk::decrypt(&mut kms, &message, &keys, &settings.required) {
                Ok(d) => {
                    self.client_side.decrypted += 1;
                    self.trace.absorb(&d.plaintext);
                    self.trace.close(Outcome::Ok, None);
                    out.push(d.plaintext);
                }
                Err(e) => {
                    self.client_side.decrypt_failed += 1;
                    sdk_error(&e).close(&mut self.trace, None);
                    return out;
                }
            }
            rest = next;
        }
        out
    }

    /// SDK messages readers decrypted and failed to decrypt.
    pub fn client_side_reads(&self) -> (u64, u64) {
        (self.client_side.decrypted, self.client_side.decrypt_failed)
    }
}
