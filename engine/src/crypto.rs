//! Envelope encryption primitives: AES-256-GCM seal/open, the canonical encoding of an
//! encryption context (used as additional authenticated data), and the simulator's
//! `CiphertextBlob` layout.
//!
//! The blob layout is ours (AWS's is opaque and undocumented):
//!
//! ```text
//! "ELB1" | key-id length (u8) | key id (ASCII) | nonce (12) | sealed data key (len + 16-byte tag)
//! ```
//!
//! The KMS key id is also bound into the AAD, so editing it inside a blob fails
//! authentication just like editing the sealed bytes does.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce as GcmNonce};
use std::collections::BTreeMap;
use std::fmt;

/// Length of an AES-256 key in bytes.
pub const KEY_LEN: usize = 32;
/// Length of an AES-GCM nonce in bytes.
pub const NONCE_LEN: usize = 12;
/// Length of an AES-GCM authentication tag in bytes.
pub const TAG_LEN: usize = 16;

/// A 256-bit key (KMS key material or a data key).
pub type Key256 = [u8; KEY_LEN];
/// A 96-bit GCM nonce.
pub type Nonce = [u8; NONCE_LEN];

/// An encryption context: string pairs, canonically ordered by key (byte order), which is
/// why a `BTreeMap` is used — pair order in a request never matters, as in KMS.
pub type EncryptionContext = BTreeMap<String, String>;

const BLOB_MAGIC: &[u8; 4] = b"ELB1";

/// Why a cryptographic operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoError {
    /// The tag did not verify: wrong key, wrong AAD (encryption context) or altered bytes.
    AuthenticationFailed,
    /// The bytes are not a blob in this simulator's layout.
    MalformedBlob,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptoError::AuthenticationFailed => f.write_str("AES-GCM authentication failed"),
            CryptoError::MalformedBlob => f.write_str("malformed CiphertextBlob"),
        }
    }
}

impl std::error::Error for CryptoError {}

/// An AES-256-GCM cipher with its key schedule computed once, for keys used many times
/// (a Kinesis data key seals every record for about five minutes).
#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// Prepares a cipher for `key`.
    pub fn new(key: &Key256) -> Self {
        Sealer {
            cipher: Aes256Gcm::new(key.into()),
        }
    }

    /// Encrypts `plaintext`; the result is ciphertext followed by the 16-byte tag.
    pub fn seal(&self, nonce: &Nonce, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        let payload = Payload {
            msg: plaintext,
            aad,
        };
        // Encryption with a 32-byte key and 12-byte nonce only fails for inputs beyond
        // GCM's 64 GiB limit, which the simulator never produces; an empty result would
        // then fail authentication on open rather than panic here.
        self.cipher
            .encrypt(GcmNonce::from_slice(nonce), payload)
            .unwrap_or_default()
    }

    /// Decrypts and authenticates `sealed` (ciphertext + tag).
    pub fn open(&self, nonce: &Nonce, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < TAG_LEN {
            return Err(CryptoError::AuthenticationFailed);
        }
        let payload = Payload { msg: sealed, aad };
        self.cipher
            .decrypt(GcmNonce::from_slice(nonce), payload)
            .map_err(|_| CryptoError::AuthenticationFailed)
    }
}

/// One-shot AES-256-GCM encryption.
pub fn seal(key: &Key256, nonce: &Nonce, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    Sealer::new(key).seal(nonce, plaintext, aad)
}

/// One-shot AES-256-GCM decryption.
pub fn open(
    key: &Key256,
    nonce: &Nonce,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    Sealer::new(key).open(nonce, sealed, aad)
}

/// The canonical byte encoding of an encryption context: pairs sorted by key, each key and
/// value length-prefixed (u32 big-endian). Used as AAD so that pair order never matters but
/// every byte of every key and value does (KMS compares contexts case-sensitively).
pub fn canonical_context(ctx: &EncryptionContext) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        8 + ctx
            .iter()
            .map(|(k, v)| 8 + k.len() + v.len())
            .sum::<usize>(),
    );
    out.extend_from_slice(&(ctx.len() as u32).to_be_bytes());
    for (k, v) in ctx {
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out
}

/// The simulator's CiphertextBlob: which KMS key sealed the data key, the nonce, and the
/// sealed data key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiphertextBlob {
    /// The KMS key id (UUID form) whose material sealed the data key.
    pub key_id: String,
    /// The nonce used to seal the data key.
    pub nonce: Nonce,
    /// The data key encrypted under the KMS key, with its tag.
    pub sealed_key: Vec<u8>,
}

impl CiphertextBlob {
    /// Seals `data_key` under `kms_key` with `ctx` (and the key id) as AAD.
    pub fn seal(
        kms_key: &Sealer,
        key_id: &str,
        nonce: Nonce,
        data_key: &[u8],
        ctx: &EncryptionContext,
    ) -> Self {
        let aad = blob_aad(key_id, ctx);
        CiphertextBlob {
            key_id: key_id.to_string(),
            nonce,
            sealed_key: kms_key.seal(&nonce, data_key, &aad),
        }
    }

    /// Recovers the data key; fails with `AuthenticationFailed` for a different context,
    /// a different key or altered bytes.
    pub fn open(&self, kms_key: &Sealer, ctx: &EncryptionContext) -> Result<Vec<u8>, CryptoError> {
        kms_key.open(&self.nonce, &self.sealed_key, &blob_aad(&self.key_id, ctx))
    }

    /// Serializes the blob in the layout described at the top of this module.
    pub fn to_bytes(&self) -> Vec<u8> {
        let id = self.key_id.as_bytes();
        let id_len = id.len().min(255);
        let mut out = Vec::with_capacity(5 + id_len + NONCE_LEN + self.sealed_key.len());
        out.extend_from_slice(BLOB_MAGIC);
        out.push(id_len as u8);
        out.extend_from_slice(&id[..id_len]);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.sealed_key);
        out
    }

    /// Parses a blob; any structural problem is `MalformedBlob`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let rest = bytes
            .strip_prefix(BLOB_MAGIC)
            .ok_or(CryptoError::MalformedBlob)?;
        let (&id_len, rest) = rest.split_first().ok_or(CryptoError::MalformedBlob)?;
        let id_len = id_len as usize;
        if rest.len() < id_len + NONCE_LEN + TAG_LEN {
            return Err(CryptoError::MalformedBlob);
        }
        let (id, rest) = rest.split_at(id_len);
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let key_id = std::str::from_utf8(id).map_err(|_| CryptoError::MalformedBlob)?;
        let mut n = [0u8; NONCE_LEN];
        n.copy_from_slice(nonce);
        Ok(CiphertextBlob {
            key_id: key_id.to_string(),
            nonce: n,
            sealed_key: sealed.to_vec(),
        })
    }
}

fn blob_aad(key_id: &str, ctx: &EncryptionContext) -> Vec<u8> {
    let mut aad = Vec::with_capacity(key_id.len() + 64);
    aad.extend_from_slice(key_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(&canonical_context(ctx));
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> EncryptionContext {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn roundtrip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let sealed = seal(&key, &nonce, b"hello", b"aad");
        assert_eq!(open(&key, &nonce, &sealed, b"aad").unwrap(), b"hello");
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert_eq!(
            open(&key, &nonce, &bad, b"aad"),
            Err(CryptoError::AuthenticationFailed)
        );
        assert!(open(&key, &nonce, &sealed, b"other").is_err());
    }

    #[test]
    fn blob_binds_context_in_any_order() {
        let kms = Sealer::new(&[9u8; 32]);
        let c1 = ctx(&[("a", "1"), ("b", "2")]);
        let blob = CiphertextBlob::seal(&kms, "key-1", [3u8; 12], &[5u8; 32], &c1);
        let parsed = CiphertextBlob::from_bytes(&blob.to_bytes()).unwrap();
        assert_eq!(parsed, blob);
        let c2 = ctx(&[("b", "2"), ("a", "1")]);
        assert_eq!(parsed.open(&kms, &c2).unwrap(), vec![5u8; 32]);
        assert!(parsed.open(&kms, &ctx(&[("a", "1"), ("b", "3")])).is_err());
        assert!(parsed.open(&kms, &ctx(&[("A", "1"), ("b", "2")])).is_err());
        assert_eq!(
            CiphertextBlob::from_bytes(b"nope"),
            Err(CryptoError::MalformedBlob)
        );
    }
}
