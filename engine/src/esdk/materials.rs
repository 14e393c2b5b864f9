//! Encryption materials, as the SDK's default materials manager makes them with a KMS key:
//! for a signing suite a fresh P-384 key pair whose public key joins the encryption
//! context first, then one `GenerateDataKey` with that full context. A caching manager
//! (`cache.rs`) hands the same materials to several messages.

use super::error::{EsdkError, KmsError};
use super::header::{EncryptedDataKey, KMS_PROVIDER_ID, PUBLIC_KEY_CONTEXT_KEY};
use super::kms::KmsClient;
use super::sign::Signer;
use super::suite::AlgorithmSuite;
use super::EncryptRequest;
use crate::crypto::{EncryptionContext, Key256};
use crate::runtime::rng::SimRng;

/// The prefix of context keys the SDK reserves for itself.
pub const RESERVED_PREFIX: &str = "aws-crypto-";

/// What one or more messages are encrypted with.
#[derive(Debug, Clone)]
pub struct EncryptionMaterials {
    /// The algorithm suite.
    pub suite: AlgorithmSuite,
    /// The full encryption context (with `aws-crypto-public-key` for signing suites).
    pub context: EncryptionContext,
    /// The plaintext data key.
    pub data_key: Key256,
    /// The data key encrypted by KMS.
    pub encrypted_data_key: EncryptedDataKey,
    /// The signing key (signing suites only).
    pub signer: Option<Signer>,
}

/// Makes materials for the request's suite under its KMS key; the request's context may
/// not use the reserved `aws-crypto-` prefix.
pub fn generate(
    kms: &mut dyn KmsClient,
    rng: &mut SimRng,
    request: &EncryptRequest<'_>,
) -> Result<EncryptionMaterials, EsdkError> {
    let (suite, context) = (request.suite, request.context);
    if context.keys().any(|k| k.starts_with(RESERVED_PREFIX)) {
        return Err(EsdkError::InvalidRequest(
            "encryption context keys beginning with aws-crypto- are reserved",
        ));
    }
    let mut full = context.clone();
    let signer = if suite.signs() {
        let signer = Signer::generate(rng)?;
        full.insert(PUBLIC_KEY_CONTEXT_KEY.into(), signer.public_key_base64());
        Some(signer)
    } else {
        None
    };
    let generated = kms
        .generate_data_key(request.key_arn, &full)
        .map_err(EsdkError::GenerateDataKeyFailed)?;
    if !generated.key_arn.starts_with("arn:") {
        return Err(EsdkError::GenerateDataKeyFailed(KmsError {
            code: "InvalidKeyId".into(),
            message: format!(
                "the response's KeyId {} is not a key ARN",
                generated.key_arn
            ),
        }));
    }
    Ok(EncryptionMaterials {
        suite,
        context: full,
        data_key: generated.plaintext,
        encrypted_data_key: EncryptedDataKey {
            provider_id: KMS_PROVIDER_ID.into(),
            provider_info: generated.key_arn.into_bytes(),
            ciphertext: generated.ciphertext_blob,
        },
        signer,
    })
}
