//! The signing suite's ECDSA P-384 / SHA-384 signature: a fresh key pair per data key
//! (drawn from the seeded RNG), the public key stored in the encryption context as base64
//! of its compressed SEC1 point (49 bytes), and a DER signature over the SHA-384 of every
//! byte before the footer. Signing uses RFC 6979 nonces, so it needs no randomness.

use base64::Engine;
use p384::ecdsa::signature::{DigestSigner, DigestVerifier};
use p384::ecdsa::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha384};

use super::error::EsdkError;
use crate::runtime::rng::SimRng;

/// A signing key for one set of encryption materials.
#[derive(Clone)]
pub struct Signer {
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    /// A new P-384 key from the seeded RNG: 48 random bytes, drawn again in the
    /// (2^-190-likely) case they are zero or not below the group order.
    pub fn generate(rng: &mut SimRng) -> Result<Self, EsdkError> {
        for _ in 0..64 {
            let mut bytes = [0u8; 48];
            rng.fill(&mut bytes);
            if let Ok(key) = SigningKey::from_slice(&bytes) {
                return Ok(Signer { key });
            }
        }
        Err(EsdkError::InvalidRequest("no valid P-384 key from the RNG"))
    }

    /// The public key as the `aws-crypto-public-key` context value.
    pub fn public_key_base64(&self) -> String {
        let point = self.key.verifying_key().to_encoded_point(true);
        base64::engine::general_purpose::STANDARD.encode(point.as_bytes())
    }

    /// The DER signature of everything `digest` has hashed.
    pub fn sign(&self, digest: Sha384) -> Vec<u8> {
        let sig: Signature = self.key.sign_digest(digest);
        sig.to_der().as_bytes().to_vec()
    }
}

/// Reads the `aws-crypto-public-key` context value (`offset`: where the context starts, for
/// the error).
pub fn verifying_key(encoded: &str, offset: usize) -> Result<VerifyingKey, EsdkError> {
    let bad = EsdkError::MalformedMessage {
        offset,
        what: "aws-crypto-public-key (base64 of a compressed P-384 point)",
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| bad.clone())?;
    VerifyingKey::from_sec1_bytes(&bytes).map_err(|_| bad)
}

/// Checks a DER `signature` over what `digest` has hashed.
pub fn verify(key: &VerifyingKey, digest: Sha384, signature: &[u8]) -> Result<(), EsdkError> {
    let sig = Signature::from_der(signature).map_err(|_| EsdkError::SignatureInvalid)?;
    key.verify_digest(digest, &sig)
        .map_err(|_| EsdkError::SignatureInvalid)
}

/// A fresh SHA-384 hasher (the message's running digest).
pub fn hasher() -> Sha384 {
    Sha384::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_reject() {
        let signer = Signer::generate(&mut SimRng::new(5)).unwrap();
        let encoded = signer.public_key_base64();
        assert_eq!(encoded.len(), 68, "base64 of 49 bytes");
        let key = verifying_key(&encoded, 0).unwrap();
        let mut h = hasher();
        h.update(b"message");
        let sig = signer.sign(h.clone());
        assert!(verify(&key, h.clone(), &sig).is_ok());
        let mut other = hasher();
        other.update(b"messagf");
        assert_eq!(verify(&key, other, &sig), Err(EsdkError::SignatureInvalid));
        assert_eq!(
            verify(&key, h, b"\x30\x00"),
            Err(EsdkError::SignatureInvalid)
        );
        assert!(verifying_key("not base64!", 0).is_err());
    }
}
