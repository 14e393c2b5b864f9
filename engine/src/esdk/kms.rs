//! The two KMS calls the SDK's KMS keyring makes, as a trait the caller implements: the
//! lab's simulated KMS (`cloud::kms`, with its authorization and CloudTrail) can be plugged
//! in here, and [`LocalKms`] answers from key material alone (tests, benchmarks, and the
//! interop test, whose Python side answers the official SDK's calls from the same material).

use std::collections::BTreeMap;

use super::error::KmsError;
use crate::crypto::{CiphertextBlob, EncryptionContext, Key256, Sealer};
use crate::runtime::rng::SimRng;

/// GenerateDataKey's answer (NumberOfBytes = 32).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedKey {
    /// The response's `KeyId`: the key ARN.
    pub key_arn: String,
    /// The plaintext data key.
    pub plaintext: Key256,
    /// The `CiphertextBlob`.
    pub ciphertext_blob: Vec<u8>,
}

/// Decrypt's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptedKey {
    /// The response's `KeyId`: the key ARN.
    pub key_arn: String,
    /// The plaintext data key.
    pub plaintext: Vec<u8>,
}

/// The KMS calls of encryption and decryption, each with the message's full encryption
/// context (for signing suites it includes `aws-crypto-public-key`).
pub trait KmsClient {
    /// `GenerateDataKey` for `key_id` with 32 bytes.
    fn generate_data_key(
        &mut self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError>;

    /// `Decrypt` of `ciphertext_blob`, naming `key_id` (the SDK's strict mode always does).
    fn decrypt(
        &mut self,
        key_id: &str,
        ciphertext_blob: &[u8],
        context: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError>;
}

/// A KMS that holds key material by ARN and answers with the simulator's `CiphertextBlob`
/// layout (`crypto.rs`); data keys and nonces come from its seeded RNG. It authorizes
/// nothing: every caller may use every key.
#[derive(Debug, Clone)]
pub struct LocalKms {
    keys: BTreeMap<String, (String, Sealer)>,
    rng: SimRng,
    /// GenerateDataKey calls answered.
    pub generate_calls: u64,
    /// Decrypt calls answered.
    pub decrypt_calls: u64,
}

impl LocalKms {
    /// An empty KMS drawing data keys from `rng`.
    pub fn new(rng: SimRng) -> Self {
        LocalKms {
            keys: BTreeMap::new(),
            rng,
            generate_calls: 0,
            decrypt_calls: 0,
        }
    }

    /// Adds a key: its ARN (`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`) and 256-bit material.
    pub fn add_key(&mut self, arn: &str, material: &Key256) {
        let key_id = arn.rsplit('/').next().unwrap_or(arn).to_string();
        self.keys
            .insert(arn.to_string(), (key_id, Sealer::new(material)));
    }

    fn key(&self, arn: &str) -> Result<&(String, Sealer), KmsError> {
        self.keys.get(arn).ok_or_else(|| KmsError {
            code: "NotFoundException".into(),
            message: format!("Key '{arn}' does not exist"),
        })
    }
}

fn invalid_ciphertext() -> KmsError {
    KmsError {
        code: "InvalidCiphertextException".into(),
        message: String::new(),
    }
}

impl KmsClient for LocalKms {
    fn generate_data_key(
        &mut self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<GeneratedKey, KmsError> {
        self.generate_calls += 1;
        let plaintext = self.rng.key();
        let nonce = self.rng.nonce();
        let (id, sealer) = self.key(key_id)?;
        let blob = CiphertextBlob::seal(sealer, id, nonce, &plaintext, context);
        Ok(GeneratedKey {
            key_arn: key_id.to_string(),
            plaintext,
            ciphertext_blob: blob.to_bytes(),
        })
    }

    fn decrypt(
        &mut self,
        key_id: &str,
        ciphertext_blob: &[u8],
        context: &EncryptionContext,
    ) -> Result<DecryptedKey, KmsError> {
        self.decrypt_calls += 1;
        let blob = CiphertextBlob::from_bytes(ciphertext_blob).map_err(|_| invalid_ciphertext())?;
        let (id, sealer) = self.key(key_id)?;
        if blob.key_id != *id {
            return Err(KmsError {
                // The code KMS documents for a KeyId that did not encrypt the blob; its
                // wording is not reproduced.
                code: "IncorrectKeyException".into(),
                message: String::new(),
            });
        }
        let plaintext = blob
            .open(sealer, context)
            .map_err(|_| invalid_ciphertext())?;
        Ok(DecryptedKey {
            key_arn: key_id.to_string(),
            plaintext,
        })
    }
}
