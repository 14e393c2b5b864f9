//! The heavy cryptography of the signing suite and the key schedule, behind a small
//! byte-in/byte-out interface: HKDF-SHA512, and ECDSA P-384 with SHA-384 (key from secret
//! bytes, sign, check a public key, verify).
//!
//! Why an interface: these primitives (RustCrypto's `p384`, `ecdsa`, `hkdf` and SHA-512)
//! are most of the client-side code's size, and the web app loads them only when a
//! scenario seals or opens client-side (issue 24, docs/SIZE.md). With the `esdk-native`
//! feature (on by default: the CLI, tests, benches, the workers) [`Native`] answers every
//! call in this crate. Without it the embedder installs an implementation ([`install`]); the
//! web app installs one that calls the separately loaded Wasm module
//! `src/bin/esdk_module.rs`, which is this same [`Native`] code.
//!
//! Nothing random crosses the interface: the caller draws secret keys from its seeded RNG
//! and signatures use RFC 6979 nonces, so both paths give the same bytes.

use std::cell::RefCell;
use std::rc::Rc;

/// Length of a P-384 secret scalar.
pub const P384_SECRET_LEN: usize = 48;

/// The primitives are not available here (not installed, or the implementation failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// The primitives; every answer is a pure function of the arguments.
pub trait Primitives {
    /// HKDF-SHA512 (RFC 5869) with `salt` and input key material `ikm`, expanded with
    /// `info` to 32 bytes.
    fn hkdf_sha512_32(&self, salt: &[u8], ikm: &[u8], info: &[u8])
        -> Result<[u8; 32], Unavailable>;

    /// The compressed SEC1 public key (49 bytes) of the P-384 secret scalar `secret`, or
    /// `None` when `secret` is zero or not below the group order.
    fn p384_public_key(
        &self,
        secret: &[u8; P384_SECRET_LEN],
    ) -> Result<Option<Vec<u8>>, Unavailable>;

    /// The DER ECDSA signature over SHA-384(`message`) with `secret` (RFC 6979 nonce), or
    /// `None` when `secret` is not a valid scalar.
    fn p384_sign_sha384(
        &self,
        secret: &[u8; P384_SECRET_LEN],
        message: &[u8],
    ) -> Result<Option<Vec<u8>>, Unavailable>;

    /// Whether `sec1` is an encoded point on P-384 (compressed or not).
    fn p384_public_key_valid(&self, sec1: &[u8]) -> Result<bool, Unavailable>;

    /// Whether the DER `signature` over SHA-384(`message`) verifies under `sec1`.
    fn p384_verify_sha384(
        &self,
        sec1: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, Unavailable>;
}

thread_local! {
    static INSTALLED: RefCell<Option<Rc<dyn Primitives>>> = const { RefCell::new(None) };
}

/// Makes `primitives` answer every later call on this thread (the web app's loaded module).
pub fn install(primitives: Rc<dyn Primitives>) {
    INSTALLED.with(|p| *p.borrow_mut() = Some(primitives));
}

/// Whether client-side sealing and opening can run on this thread: an implementation is
/// installed, or the crate has its own (`esdk-native`).
pub fn available() -> bool {
    cfg!(feature = "esdk-native") || INSTALLED.with(|p| p.borrow().is_some())
}

/// Calls `f` with the installed implementation, else the native one, else fails.
pub(crate) fn with<R>(
    f: impl FnOnce(&dyn Primitives) -> Result<R, Unavailable>,
) -> Result<R, Unavailable> {
    let installed = INSTALLED.with(|p| p.borrow().clone());
    match installed {
        Some(p) => f(&*p),
        None => with_native(f),
    }
}

#[cfg(feature = "esdk-native")]
fn with_native<R>(
    f: impl FnOnce(&dyn Primitives) -> Result<R, Unavailable>,
) -> Result<R, Unavailable> {
    thread_local! {
        static NATIVE: Native = Native::default();
    }
    NATIVE.with(|n| f(n))
}

#[cfg(not(feature = "esdk-native"))]
fn with_native<R>(
    _f: impl FnOnce(&dyn Primitives) -> Result<R, Unavailable>,
) -> Result<R, Unavailable> {
    Err(Unavailable)
}

#[cfg(feature = "esdk-native")]
pub use native::Native;

#[cfg(feature = "esdk-native")]
mod native {
    use std::cell::RefCell;

    use hkdf::Hkdf;
    use p384::ecdsa::signature::{DigestSigner, DigestVerifier};
    use p384::ecdsa::{Signature, SigningKey, VerifyingKey};
    use sha2::{Digest, Sha384, Sha512};

    use super::{Primitives, Unavailable, P384_SECRET_LEN};

    /// The primitives in Rust (RustCrypto). Keeps the last signing key: a caching producer
    /// signs many messages with one key, and making a `SigningKey` from bytes computes its
    /// public point.
    #[derive(Default)]
    pub struct Native {
        last_key: RefCell<Option<([u8; P384_SECRET_LEN], SigningKey)>>,
    }

    impl Native {
        fn signing_key(&self, secret: &[u8; P384_SECRET_LEN]) -> Option<SigningKey> {
            let mut last = self.last_key.borrow_mut();
            if let Some((bytes, key)) = last.as_ref() {
                if bytes == secret {
                    return Some(key.clone());
                }
            }
            let key = SigningKey::from_slice(secret).ok()?;
            *last = Some((*secret, key.clone()));
            Some(key)
        }
    }

    impl Primitives for Native {
        fn hkdf_sha512_32(
            &self,
            salt: &[u8],
            ikm: &[u8],
            info: &[u8],
        ) -> Result<[u8; 32], Unavailable> {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA512's limit (255 × 64), so expand cannot fail.
            let _ = Hkdf::<Sha512>::new(Some(salt), ikm).expand(info, &mut out);
            Ok(out)
        }

        fn p384_public_key(
            &self,
            secret: &[u8; P384_SECRET_LEN],
        ) -> Result<Option<Vec<u8>>, Unavailable> {
            Ok(self.signing_key(secret).map(|key| {
                key.verifying_key()
                    .to_encoded_point(true)
                    .as_bytes()
                    .to_vec()
            }))
        }

        fn p384_sign_sha384(
            &self,
            secret: &[u8; P384_SECRET_LEN],
            message: &[u8],
        ) -> Result<Option<Vec<u8>>, Unavailable> {
            Ok(self.signing_key(secret).map(|key| {
                let sig: Signature = key.sign_digest(Sha384::new_with_prefix(message));
                sig.to_der().as_bytes().to_vec()
            }))
        }

        fn p384_public_key_valid(&self, sec1: &[u8]) -> Result<bool, Unavailable> {
            Ok(VerifyingKey::from_sec1_bytes(sec1).is_ok())
        }

        fn p384_verify_sha384(
            &self,
            sec1: &[u8],
            message: &[u8],
            signature: &[u8],
        ) -> Result<bool, Unavailable> {
            let (Ok(key), Ok(sig)) = (
                VerifyingKey::from_sec1_bytes(sec1),
                Signature::from_der(signature),
            ) else {
                return Ok(false);
            };
            Ok(key
                .verify_digest(Sha384::new_with_prefix(message), &sig)
                .is_ok())
        }
    }
}
