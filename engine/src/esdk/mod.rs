//! Client-side envelope encryption in the AWS Encryption SDK's message format (version 2),
//! byte-compatible with the official SDKs for the two committing suites:
//! `AES_256_GCM_HKDF_SHA512_COMMIT_KEY` (0x0478) and the default
//! `AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384` (0x0578).
//!
//! The references are AWS's "message format reference", "algorithms reference" and "body
//! AAD reference" of the Encryption SDK developer guide; `engine/tests/esdk_interop.rs`
//! proves the bytes against the official Python SDK in both directions.
//!
//! - `suite.rs` — the suites and their HKDF-SHA512 key schedule (frame key, commitment key);
//! - `header.rs` — the header, its encryption context and encrypted data keys, a bounded
//!   reader that locates every error;
//! - `body.rs` — frames; `sign.rs` — the ECDSA P-384 footer;
//! - `kms.rs` — the KMS calls as a trait ([`KmsClient`]) and [`LocalKms`];
//! - `materials.rs` — encryption materials (signing key, GenerateDataKey);
//! - `message.rs` — encrypt, decrypt (in the SDK's order of checks), inspect;
//! - `cache.rs` — data key caching with the SDK's thresholds;
//! - `primitives.rs` — HKDF-SHA512 and ECDSA P-384 behind a byte interface (native with the
//!   `esdk-native` feature; the web app loads them as a separate Wasm module).
//!
//! Every random byte (message ids, signing keys, and [`LocalKms`]'s data keys) comes from
//! the caller's seeded [`SimRng`]; signatures use RFC 6979 nonces. The simulation uses it
//! through `cloud::client_side` (a producer's and a reader's SDK over the simulated KMS).

mod body;
pub mod cache;
mod error;
pub mod header;
pub mod kms;
pub mod materials;
pub mod message;
pub mod primitives;
pub mod sign;
pub mod suite;

pub use cache::{CacheLimits, CacheStats, CachingManager};
pub use error::{EsdkError, KmsError};
pub use header::{EncryptedDataKey, Header};
pub use kms::{DecryptedKey, GeneratedKey, KmsClient, LocalKms};
pub use materials::EncryptionMaterials;
pub use message::{decrypt, inspect, Decrypted, MessageLayout, DEFAULT_FRAME_LENGTH};
pub use suite::AlgorithmSuite;

use crate::crypto::EncryptionContext;
use crate::runtime::rng::SimRng;

/// What a producer encrypts with: the KMS key, the suite, its encryption context, the
/// frame length.
#[derive(Debug, Clone, Copy)]
pub struct EncryptRequest<'a> {
    /// The KMS key's ARN (the encrypted data key's provider information).
    pub key_arn: &'a str,
    /// The algorithm suite.
    pub suite: AlgorithmSuite,
    /// The caller's encryption context (no `aws-crypto-` keys).
    pub context: &'a EncryptionContext,
    /// The frame length in bytes ([`DEFAULT_FRAME_LENGTH`] in the SDKs).
    pub frame_length: u32,
}

/// Encrypts `plaintext` into one message: one GenerateDataKey, a fresh message id (and
/// signing key for the signing suite) from `rng`.
pub fn encrypt(
    kms: &mut dyn KmsClient,
    rng: &mut SimRng,
    request: &EncryptRequest<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>, EsdkError> {
    let materials = materials::generate(kms, rng, request)?;
    message::encrypt_with(&materials, rng, plaintext, request.frame_length)
}
