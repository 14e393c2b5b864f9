//! The byte interface between the page and its client-side cryptography module
//! (`src/bin/esdk_module.rs`): the engine's [`Primitives`] as numbered operations over
//! length-prefixed byte fields. The module answers with [`answer`] (over the engine's
//! native primitives); the page calls it through [`Remote`], which is itself a
//! [`Primitives`] the engine uses once installed (`src/esdk_client.rs`). Natively the same
//! [`Remote`] runs over [`answer`] directly, so the tests check the whole path.
//!
//! A request is its fields, each as a 4-byte little-endian length and the bytes. An answer
//! is bytes whose meaning the operation gives (below). Malformed requests get no answer
//! (the module returns -1), never a panic.

use envelope_lab::esdk::primitives::{Primitives, Unavailable, P384_SECRET_LEN};

/// The interface's version, exported by the module as `esdk_abi` (a page and a module
/// from different builds must not talk).
pub const ABI_VERSION: u32 = 1;

/// HKDF-SHA512: fields salt, ikm, info → 32 bytes.
pub const OP_HKDF_SHA512_32: u32 = 1;
/// P-384 public key: field secret (48 bytes) → 1 and 49 bytes, or 0 (not a valid scalar).
pub const OP_P384_PUBLIC_KEY: u32 = 2;
/// ECDSA P-384/SHA-384 sign: fields secret, message → 1 and the DER signature, or 0.
pub const OP_P384_SIGN_SHA384: u32 = 3;
/// Public key check: field sec1 → 1 (a point on P-384) or 0.
pub const OP_P384_PUBLIC_KEY_VALID: u32 = 4;
/// ECDSA P-384/SHA-384 verify: fields sec1, message, signature → 1 (valid) or 0.
pub const OP_P384_VERIFY_SHA384: u32 = 5;

/// Most fields a request has.
const MAX_FIELDS: usize = 3;

/// A request's bytes for `fields`.
pub fn encode(fields: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fields.iter().map(|f| 4 + f.len()).sum());
    for f in fields {
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}

/// A request's fields (None unless it is exactly well-formed, with at most three fields).
pub fn decode(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut fields = Vec::new();
    while !bytes.is_empty() {
        if fields.len() == MAX_FIELDS {
            return None;
        }
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        if len > rest.len() {
            return None;
        }
        let (field, rest) = rest.split_at(len);
        fields.push(field);
        bytes = rest;
    }
    Some(fields)
}

/// The module's answer to operation `op` with the request `input` (None: malformed, or the
/// primitives failed).
pub fn answer(primitives: &dyn Primitives, op: u32, input: &[u8]) -> Option<Vec<u8>> {
    let fields = decode(input)?;
    let secret = |f: &[u8]| -> Option<[u8; P384_SECRET_LEN]> { f.try_into().ok() };
    let flag = |b: bool| vec![u8::from(b)];
    let optional = |v: Option<Vec<u8>>| match v {
        Some(bytes) => [&[1u8][..], &bytes].concat(),
        None => vec![0],
    };
    match (op, fields.as_slice()) {
        (OP_HKDF_SHA512_32, [salt, ikm, info]) => primitives
            .hkdf_sha512_32(salt, ikm, info)
            .ok()
            .map(|k| k.to_vec()),
        (OP_P384_PUBLIC_KEY, [s]) => primitives.p384_public_key(&secret(s)?).ok().map(optional),
        (OP_P384_SIGN_SHA384, [s, message]) => primitives
            .p384_sign_sha384(&secret(s)?, message)
            .ok()
            .map(optional),
        (OP_P384_PUBLIC_KEY_VALID, [sec1]) => primitives.p384_public_key_valid(sec1).ok().map(flag),
        (OP_P384_VERIFY_SHA384, [sec1, message, signature]) => primitives
            .p384_verify_sha384(sec1, message, signature)
            .ok()
            .map(flag),
        _ => None,
    }
}

/// Sends one request and returns the answer's bytes: the module's calls (or, natively, a
/// direct call of [`answer`]).
pub trait Transport {
    fn exchange(&self, op: u32, input: &[u8]) -> Option<Vec<u8>>;
}

/// The engine's primitives over a [`Transport`]. A missing or ill-shaped answer is
/// [`Unavailable`] (the SDK step then fails with `CryptoUnavailable`, never other bytes).
pub struct Remote<T>(pub T);

impl<T: Transport> Remote<T> {
    fn call(&self, op: u32, fields: &[&[u8]]) -> Result<Vec<u8>, Unavailable> {
        self.0.exchange(op, &encode(fields)).ok_or(Unavailable)
    }

    fn flag(&self, op: u32, fields: &[&[u8]]) -> Result<bool, Unavailable> {
        match self.call(op, fields)?.as_slice() {
            [0] => Ok(false),
            [1] => Ok(true),
            _ => Err(Unavailable),
        }
    }

    fn optional(&self, op: u32, fields: &[&[u8]]) -> Result<Option<Vec<u8>>, Unavailable> {
        let answer = self.call(op, fields)?;
        match answer.split_first() {
            Some((0, [])) => Ok(None),
            Some((1, bytes)) => Ok(Some(bytes.to_vec())),
            _ => Err(Unavailable),
        }
    }
}

impl<T: Transport> Primitives for Remote<T> {
    fn hkdf_sha512_32(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
    ) -> Result<[u8; 32], Unavailable> {
        self.call(OP_HKDF_SHA512_32, &[salt, ikm, info])?
            .try_into()
            .map_err(|_| Unavailable)
    }

    fn p384_public_key(
        &self,
        secret: &[u8; P384_SECRET_LEN],
    ) -> Result<Option<Vec<u8>>, Unavailable> {
        self.optional(OP_P384_PUBLIC_KEY, &[secret])
    }

    fn p384_sign_sha384(
        &self,
        secret: &[u8; P384_SECRET_LEN],
        message: &[u8],
    ) -> Result<Option<Vec<u8>>, Unavailable> {
        self.optional(OP_P384_SIGN_SHA384, &[secret, message])
    }

    fn p384_public_key_valid(&self, sec1: &[u8]) -> Result<bool, Unavailable> {
        self.flag(OP_P384_PUBLIC_KEY_VALID, &[sec1])
    }

    fn p384_verify_sha384(
        &self,
        sec1: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<bool, Unavailable> {
        self.flag(OP_P384_VERIFY_SHA384, &[sec1, message, signature])
    }
}

#[cfg(all(test, feature = "native-crypto"))]
mod tests {
    use super::*;
    use envelope_lab::esdk::primitives::{self, Native};
    use envelope_lab::sim::{presets, SimOptions, Simulation};
    use std::rc::Rc;

    /// The module's side in process.
    struct Direct(Native);
    impl Transport for Direct {
        fn exchange(&self, op: u32, input: &[u8]) -> Option<Vec<u8>> {
            answer(&self.0, op, input)
        }
    }

    #[test]
    fn requests_round_trip_and_malformed_ones_get_no_answer() {
        let fields: [&[u8]; 3] = [b"salt", b"", b"info"];
        assert_eq!(decode(&encode(&fields)).unwrap(), fields.to_vec());
        assert_eq!(decode(&[1, 0, 0]), None, "short length");
        assert_eq!(decode(&[5, 0, 0, 0, 1]), None, "field past the end");
        assert_eq!(
            decode(&encode(&[b"a", b"b", b"c", b"d"])),
            None,
            "four fields"
        );
        let native = Native::default();
        assert_eq!(answer(&native, 99, &encode(&[b"x"])), None, "unknown op");
        assert_eq!(
            answer(&native, OP_P384_PUBLIC_KEY, &encode(&[b"short"])),
            None
        );
        assert_eq!(answer(&native, OP_HKDF_SHA512_32, &encode(&[b"one"])), None);
    }

    #[test]
    fn remote_answers_as_native() {
        let (remote, native) = (Remote(Direct(Native::default())), Native::default());
        let secret = [7u8; P384_SECRET_LEN];
        assert_eq!(
            remote.hkdf_sha512_32(b"s", b"k", b"i"),
            native.hkdf_sha512_32(b"s", b"k", b"i")
        );
        let public = remote.p384_public_key(&secret).unwrap().unwrap();
        assert_eq!(
            Some(public.clone()),
            native.p384_public_key(&secret).unwrap()
        );
        assert_eq!(
            remote.p384_public_key(&[0u8; P384_SECRET_LEN]),
            Ok(None),
            "zero scalar"
        );
        let sig = remote.p384_sign_sha384(&secret, b"m").unwrap().unwrap();
        assert_eq!(
            Some(sig.clone()),
            native.p384_sign_sha384(&secret, b"m").unwrap()
        );
        assert_eq!(remote.p384_verify_sha384(&public, b"m", &sig), Ok(true));
        assert_eq!(remote.p384_verify_sha384(&public, b"n", &sig), Ok(false));
        assert_eq!(remote.p384_public_key_valid(&public), Ok(true));
        assert_eq!(remote.p384_public_key_valid(b"nope"), Ok(false));
    }

    #[test]
    fn a_client_side_run_through_the_wire_has_the_native_trace() {
        let hash = || {
            let scenario = presets::get("client-side-happy-path").unwrap();
            let mut sim =
                Simulation::with_options(&scenario, 1, SimOptions::keeping(true)).unwrap();
            sim.run_to_end();
            sim.trace_sha256()
        };
        // A fresh thread has nothing installed: the engine's own primitives.
        let native = std::thread::spawn(hash).join().unwrap();
        primitives::install(Rc::new(Remote(Direct(Native::default()))));
        assert_eq!(hash(), native);
    }
}
