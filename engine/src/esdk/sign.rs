//! The signing suite's ECDSA P-384 / SHA-384 signature: a fresh key pair per data key
//! (drawn from the seeded RNG), the public key stored in the encryption context as base64
//! of its compressed SEC1 point (49 bytes), and a DER signature over the SHA-384 of every
//! byte before the footer. Signing uses RFC 6979 nonces, so it needs no randomness. The
//! curve arithmetic itself is behind [`super::primitives`] (loaded later in the web app).

use base64::Engine;

use super::error::EsdkError;
use super::primitives::{self, P384_SECRET_LEN};
use crate::runtime::rng::SimRng;

/// A signing key for one set of encryption materials: its secret scalar and public key.
#[derive(Clone)]
pub struct Signer {
    secret: [u8; P384_SECRET_LEN],
    public: Vec<u8>,
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
            let mut secret = [0u8; P384_SECRET_LEN];
            rng.fill(&mut secret);
            if let Some(public) = primitives::with(|p| p.p384_public_key(&secret))? {
                return Ok(Signer { secret, public });
            }
        }
        Err(EsdkError::InvalidRequest("no valid P-384 key from the RNG"))
    }

    /// The public key as the `aws-crypto-public-key` context value.
    pub fn public_key_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.public)
    }

    /// The DER signature over SHA-384(`message`).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, EsdkError> {
        primitives::with(|p| p.p384_sign_sha384(&self.secret, message))?
            .ok_or(EsdkError::InvalidRequest("no valid P-384 key from the RNG"))
    }
}

/// A public key read from a message: the SEC1 bytes of a point on P-384.
#[derive(Debug, Clone)]
pub struct VerifyingKey(Vec<u8>);

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
    if primitives::with(|p| p.p384_public_key_valid(&bytes))? {
        Ok(VerifyingKey(bytes))
    } else {
        Err(bad)
    }
}

/// Checks a DER `signature` over SHA-384(`message`).
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> Result<(), EsdkError> {
    if primitives::with(|p| p.p384_verify_sha384(&key.0, message, signature))? {
        Ok(())
    } else {
        Err(EsdkError::SignatureInvalid)
    }
}

#[cfg(all(test, feature = "esdk-native"))]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_and_reject() {
        let signer = Signer::generate(&mut SimRng::new(5)).unwrap();
        let encoded = signer.public_key_base64();
        assert_eq!(encoded.len(), 68, "base64 of 49 bytes");
        let key = verifying_key(&encoded, 0).unwrap();
        let sig = signer.sign(b"message").unwrap();
        assert!(verify(&key, b"message", &sig).is_ok());
        assert_eq!(
            verify(&key, b"messagf", &sig),
            Err(EsdkError::SignatureInvalid)
        );
        assert_eq!(
            verify(&key, b"message", b"\x30\x00"),
            Err(EsdkError::SignatureInvalid)
        );
        assert!(verifying_key("not base64!", 0).is_err());
        assert!(verifying_key("AAAA", 0).is_err(), "not a point");
    }
}
