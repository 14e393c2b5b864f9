//! Wasm size probe: each feature adds one crate's work on top of what the app already has
//! (AES-256-GCM and SHA-256), used on caller-supplied bytes so nothing is optimised away.
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use sha2::Digest;

fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    unsafe { core::slice::from_raw_parts(ptr, len) }
}

#[no_mangle]
pub extern "C" fn base(ptr: *const u8, len: usize, out: *mut u8) -> usize {
    let data = input(ptr, len);
    let key: [u8; 32] = sha2::Sha256::digest(data).into();
    let sealed = Aes256Gcm::new(&key.into())
        .encrypt(
            Nonce::from_slice(&key[..12]),
            Payload {
                msg: data,
                aad: &key,
            },
        )
        .unwrap_or_default();
    unsafe { core::ptr::copy_nonoverlapping(sealed.as_ptr(), out, sealed.len()) };
    sealed.len()
}

#[cfg(feature = "hkdf")]
#[no_mangle]
pub extern "C" fn derive(ptr: *const u8, len: usize, out: *mut u8) {
    let data = input(ptr, len);
    let mut okm = [0u8; 32];
    let _ = hkdf::Hkdf::<sha2::Sha512>::new(Some(&data[..len.min(32)]), data)
        .expand(b"COMMITKEY", &mut okm);
    unsafe { core::ptr::copy_nonoverlapping(okm.as_ptr(), out, 32) };
}

#[cfg(feature = "p384")]
#[no_mangle]
pub extern "C" fn sign_verify(ptr: *const u8, len: usize, out: *mut u8) -> usize {
    use p384::ecdsa::signature::{DigestSigner, DigestVerifier};
    use p384::ecdsa::{Signature, SigningKey, VerifyingKey};
    let data = input(ptr, len);
    let Ok(key) = SigningKey::from_slice(&data[..48.min(len)]) else {
        return 0;
    };
    let sig: Signature = key.sign_digest(sha2::Sha384::new_with_prefix(data));
    let der = sig.to_der();
    let point = key.verifying_key().to_encoded_point(true);
    let Ok(vk) = VerifyingKey::from_sec1_bytes(point.as_bytes()) else {
        return 0;
    };
    let Ok(back) = Signature::from_der(der.as_bytes()) else {
        return 0;
    };
    let ok = vk
        .verify_digest(sha2::Sha384::new_with_prefix(data), &back)
        .is_ok();
    unsafe { core::ptr::copy_nonoverlapping(der.as_bytes().as_ptr(), out, der.len()) };
    der.len() + usize::from(ok)
}
