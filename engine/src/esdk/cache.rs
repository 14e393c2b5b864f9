//! Data key caching as the SDK's caching cryptographic materials manager does it
//! (https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/thresholds.html):
//!
//! - encryption materials are cached per (KMS key, algorithm suite, the caller's encryption
//!   context); a lookup first counts the message (messages + 1, bytes + its length), then
//!   the entry is used only if it is within every limit — age ≤ max_age, messages ≤
//!   max_messages, bytes ≤ max_bytes — and is evicted otherwise, so a data key encrypts at
//!   most max_messages messages; the first use of a new data key is exempt;
//! - a message whose plaintext is at least max_bytes long is encrypted with fresh
//!   materials that are not cached;
//! - decryption materials are cached per (algorithm suite, encrypted data keys, encryption
//!   context) and only max_age applies to them;
//! - the cache holds at most `capacity` entries of each kind and evicts the least recently
//!   used one.
//!
//! Ages are in milliseconds of the caller's (simulated) clock; the SDKs count max_age in
//! seconds, except for JavaScript's, which counts milliseconds.

use std::collections::BTreeMap;

use super::error::{EsdkError, KmsError};
use super::header::{self, Reader};
use super::kms::{DecryptedKey, GeneratedKey, KmsClient};
use super::materials::{self, EncryptionMaterials};
use super::message::{self, Decrypted};
use super::suite::AlgorithmSuite;
use super::EncryptRequest;
use crate::crypto::EncryptionContext;
use crate::runtime::rng::SimRng;

/// The SDK's ceiling (and default) for max_messages: 2^32.
pub const MAX_MESSAGES_LIMIT: u64 = 1 << 32;
/// The SDK's ceiling (and default) for max_bytes: 2^63 - 1.
pub const MAX_BYTES_LIMIT: u64 = (1 << 63) - 1;

/// The security thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// How long an entry may be used after it was added, in milliseconds (required, > 0).
    pub max_age_ms: u64,
    /// How many messages one data key may encrypt (1 to 2^32).
    pub max_messages: u64,
    /// How many plaintext bytes one data key may encrypt (0 to 2^63 - 1).
    pub max_bytes: u64,
}

impl CacheLimits {
    /// `max_age_ms` with the SDK's defaults for the other two limits.
    pub fn with_max_age(max_age_ms: u64) -> Self {
        CacheLimits {
            max_age_ms,
            max_messages: MAX_MESSAGES_LIMIT,
            max_bytes: MAX_BYTES_LIMIT,
        }
    }

    /// Checks the ranges the SDK accepts.
    pub fn validate(&self) -> Result<(), EsdkError> {
        if self.max_age_ms == 0 {
            return Err(EsdkError::InvalidRequest("max_age must be greater than 0"));
        }
        if self.max_messages == 0 || self.max_messages > MAX_MESSAGES_LIMIT {
            return Err(EsdkError::InvalidRequest("max_messages must be 1 to 2^32"));
        }
        if self.max_bytes > MAX_BYTES_LIMIT {
            return Err(EsdkError::InvalidRequest("max_bytes must be 0 to 2^63 - 1"));
        }
        Ok(())
    }
}

/// What the cache did: the lab shows the KMS calls saved against those made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Messages encrypted through the manager.
    pub encrypt_requests: u64,
    /// GenerateDataKey calls made.
    pub generate_calls: u64,
    /// Messages encrypted with cached materials (GenerateDataKey calls saved).
    pub encrypt_hits: u64,
    /// Messages decrypted through the manager.
    pub decrypt_requests: u64,
    /// Decrypt calls made.
    pub decrypt_calls: u64,
    /// Messages decrypted with a cached data key (Decrypt calls saved).
    pub decrypt_hits: u64,
    /// Entries evicted because they reached a limit.
    pub evicted_by_limit: u64,
    /// Messages too large to be cached (plaintext of at least max_bytes).
    pub not_cached: u64,
}

impl CacheStats {
    /// KMS calls the cache saved.
    pub fn calls_saved(&self) -> u64 {
        self.encrypt_hits + self.decrypt_hits
    }
}

#[derive(Debug, Clone)]
struct EncryptEntry {
    materials: EncryptionMaterials,
    created_ms: u64,
    messages: u64,
    bytes: u64,
    used: u64,
}

#[derive(Debug, Clone)]
struct DecryptEntry {
    answer: DecryptedKey,
    created_ms: u64,
    used: u64,
}

type EncryptKey = (String, AlgorithmSuite, EncryptionContext);
type DecryptKey = (u16, Vec<u8>, EncryptionContext);

/// A caching materials manager over a KMS key (or several: the key is part of the entry's
/// identity), with its own cache.
#[derive(Debug, Clone)]
pub struct CachingManager {
    limits: CacheLimits,
    capacity: usize,
    encrypt: BTreeMap<EncryptKey, EncryptEntry>,
    decrypt: BTreeMap<DecryptKey, DecryptEntry>,
    tick: u64,
    /// What the cache did so far.
    pub stats: CacheStats,
}

impl CachingManager {
    /// A manager with `limits` and room for `capacity` entries of each kind (at least 1).
    pub fn new(limits: CacheLimits, capacity: usize) -> Result<Self, EsdkError> {
        limits.validate()?;
        Ok(CachingManager {
            limits,
            capacity: capacity.max(1),
            encrypt: BTreeMap::new(),
            decrypt: BTreeMap::new(),
            tick: 0,
            stats: CacheStats::default(),
        })
    }

    /// The limits.
    pub fn limits(&self) -> CacheLimits {
        self.limits
    }

    /// Encrypts one message at simulated time `now_ms`, with cached materials when an
    /// entry is within its limits.
    pub fn encrypt(
        &mut self,
        kms: &mut dyn KmsClient,
        rng: &mut SimRng,
        now_ms: u64,
        request: &EncryptRequest<'_>,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, EsdkError> {
        let materials = self.encryption_materials(kms, rng, now_ms, request, plaintext.len())?;
        message::encrypt_with(&materials, rng, plaintext, request.frame_length)
    }

    /// The materials for one message of `len` bytes.
    pub fn encryption_materials(
        &mut self,
        kms: &mut dyn KmsClient,
        rng: &mut SimRng,
        now_ms: u64,
        request: &EncryptRequest<'_>,
        len: usize,
    ) -> Result<EncryptionMaterials, EsdkError> {
        self.stats.encrypt_requests += 1;
        self.tick += 1;
        let len = len as u64;
        let key = (
            request.key_arn.to_string(),
            request.suite,
            request.context.clone(),
        );
        if let Some(entry) = self.encrypt.get_mut(&key) {
            entry.messages += 1;
            entry.bytes = entry.bytes.saturating_add(len);
            entry.used = self.tick;
            let age = now_ms.saturating_sub(entry.created_ms);
            let limits = self.limits;
            if age <= limits.max_age_ms
                && entry.messages <= limits.max_messages
                && entry.bytes <= limits.max_bytes
            {
                self.stats.encrypt_hits += 1;
                return Ok(entry.materials.clone());
            }
            self.encrypt.remove(&key);
            self.stats.evicted_by_limit += 1;
        }
        self.stats.generate_calls += 1;
        let materials = materials::generate(kms, rng, request)?;
        if len >= self.limits.max_bytes {
            self.stats.not_cached += 1;
            return Ok(materials);
        }
        evict_lru(&mut self.encrypt, self.capacity, |e| e.used);
        let entry = EncryptEntry {
            materials: materials.clone(),
            created_ms: now_ms,
            messages: 1,
            bytes: len,
            used: self.tick,
        };
        self.encrypt.insert(key, entry);
        Ok(materials)
    }

    /// Decrypts one message at simulated time `now_ms`, answering KMS Decrypt from the cache
    /// when the same data keys and context were decrypted within max_age.
    pub fn decrypt(
        &mut self,
        kms: &mut dyn KmsClient,
        now_ms: u64,
        message: &[u8],
        key_arns: &[&str],
        required: &EncryptionContext,
    ) -> Result<Decrypted, EsdkError> {
        self.stats.decrypt_requests += 1;
        self.tick += 1;
        let Some(key) = decrypt_key(message) else {
            // Not even a header: the uncached path reports the same error.
            return message::decrypt(kms, message, key_arns, required);
        };
        if let Some(entry) = self.decrypt.get_mut(&key) {
            if now_ms.saturating_sub(entry.created_ms) <= self.limits.max_age_ms {
                entry.used = self.tick;
                self.stats.decrypt_hits += 1;
                let mut cached = Cached(entry.answer.clone());
                return message::decrypt(&mut cached, message, key_arns, required);
            }
            self.decrypt.remove(&key);
            self.stats.evicted_by_limit += 1;
        }
        let mut recorder = Recorder {
            inner: kms,
            calls: 0,
            answer: None,
        };
        let result = message::decrypt(&mut recorder, message, key_arns, required);
        self.stats.decrypt_calls += recorder.calls;
        if let Some(answer) = recorder.answer {
            evict_lru(&mut self.decrypt, self.capacity, |e| e.used);
            let entry = DecryptEntry {
                answer,
                created_ms: now_ms,
                used: self.tick,
            };
            self.decrypt.insert(key, entry);
        }
        result
    }
}

/// The decryption cache key: suite id, the header's data keys as written, the context.
fn decrypt_key(message: &[u8]) -> Option<DecryptKey> {
    let head = header::parse(&mut Reader::new(message)).ok()?.header;
    let mut keys = Vec::new();
    for k in &head.data_keys {
        for field in [k.provider_id.as_bytes(), &k.provider_info, &k.ciphertext] {
            keys.extend_from_slice(&(field.len() as u32).to_be_bytes());
            keys.extend_from_slice(field);
        }
    }
    Some((head.suite.id(), keys, head.context))
}

fn evict_lru<K: Ord + Clone, V>(
    map: &mut BTreeMap<K, V>,
    capacity: usize,
    used: impl Fn(&V) -> u64,
) {
    while map.len() >= capacity {
        let Some(oldest) = map
            .iter()
            .min_by_key(|(_, v)| used(v))
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        map.remove(&oldest);
    }
}

/// A KMS that answers Decrypt from a cached answer (no call) for the same key.
struct Cached(DecryptedKey);

impl KmsClient for Cached {
    fn generate_data_key(
        &mut self,
        key_id: &str,
        _context: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError> {
        Err(KmsError {
            code: "UnsupportedOperation".into(),
            message: format!("no GenerateDataKey for {key_id} while decrypting"),
        })
    }

    fn decrypt(
        &mut self,
        key_id: &str,
        _blob: &[u8],
        _context: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError> {
        if key_id == self.0.key_arn {
            Ok(self.0.clone())
        } else {
            Err(KmsError {
                code: "CacheMiss".into(),
                message: format!("the cached data key is not under {key_id}"),
            })
        }
    }
}

/// Passes calls on and keeps KMS's first successful Decrypt answer.
struct Recorder<'k> {
    inner: &'k mut dyn KmsClient,
    calls: u64,
    answer: Option<DecryptedKey>,
}

impl KmsClient for Recorder<'_> {
    fn generate_data_key(
        &mut self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError> {
        self.inner.generate_data_key(key_id, context)
    }

    fn decrypt(
        &mut self,
        key_id: &str,
        blob: &[u8],
        context: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError> {
        self.calls += 1;
        let answer = self.inner.decrypt(key_id, blob, context)?;
        if self.answer.is_none() {
            self.answer = Some(answer.clone());
        }
        Ok(answer)
    }
}
