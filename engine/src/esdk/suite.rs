//! The two committing algorithm suites of message format version 2 and their key schedule.
//!
//! Both derive the frame key and the commitment key from the data key with HKDF-SHA512,
//! salted with the 32-byte message id:
//!
//! - encryption key: info = algorithm id (2 bytes, big-endian) ‖ "DERIVEKEY", 32 bytes;
//! - commitment key: info = "COMMITKEY", 32 bytes, stored in the header as the algorithm
//!   suite data and recomputed on decrypt.
//!
//! `…_ECDSA_P384` also signs the whole message with ECDSA P-384 / SHA-384 (see `sign.rs`).

use super::error::EsdkError;
use super::primitives;
use crate::crypto::Key256;

/// Length of a message id in format version 2.
pub const MESSAGE_ID_LEN: usize = 32;
/// Length of the commitment key (the algorithm suite data of both suites).
pub const COMMITMENT_LEN: usize = 32;

const DERIVE_LABEL: &[u8; 9] = b"DERIVEKEY";
const COMMIT_LABEL: &[u8; 9] = b"COMMITKEY";

/// A committing algorithm suite (AES-256-GCM, HKDF-SHA512 key derivation and commitment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlgorithmSuite {
    /// 0x0478: no signature.
    Aes256GcmHkdfSha512CommitKey,
    /// 0x0578: the SDK's default; the footer carries an ECDSA P-384 signature.
    Aes256GcmHkdfSha512CommitKeyEcdsaP384,
}

impl AlgorithmSuite {
    /// Both suites, the default first.
    pub const ALL: [AlgorithmSuite; 2] = [
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
    ];

    /// The 2-byte algorithm id written in the header.
    pub fn id(self) -> u16 {
        match self {
            AlgorithmSuite::Aes256GcmHkdfSha512CommitKey => 0x0478,
            AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => 0x0578,
        }
    }

    /// The suite for an algorithm id, if it is one of the two implemented here.
    pub fn from_id(id: u16) -> Option<Self> {
        AlgorithmSuite::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The SDK's name of the suite (as the SDKs' enumerations spell it).
    pub fn name(self) -> &'static str {
        match self {
            AlgorithmSuite::Aes256GcmHkdfSha512CommitKey => "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
            AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384 => {
                "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
            }
        }
    }

    /// The suite for an SDK name.
    pub fn from_name(name: &str) -> Option<Self> {
        AlgorithmSuite::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether messages carry a footer signature (and the public key in their context).
    pub fn signs(self) -> bool {
        matches!(self, AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384)
    }
}

/// The frame key: HKDF-SHA512(salt = message id, ikm = data key, info = id ‖ "DERIVEKEY").
pub fn derive_key(
    suite: AlgorithmSuite,
    data_key: &Key256,
    message_id: &[u8],
) -> Result<Key256, EsdkError> {
    let mut info = [0u8; 2 + DERIVE_LABEL.len()];
    info[..2].copy_from_slice(&suite.id().to_be_bytes());
    info[2..].copy_from_slice(DERIVE_LABEL);
    expand(data_key, message_id, &info)
}

/// The commitment key: HKDF-SHA512(salt = message id, ikm = data key, info = "COMMITKEY").
pub fn commitment_key(
    data_key: &Key256,
    message_id: &[u8],
) -> Result<[u8; COMMITMENT_LEN], EsdkError> {
    expand(data_key, message_id, COMMIT_LABEL)
}

fn expand(data_key: &Key256, salt: &[u8], info: &[u8]) -> Result<[u8; 32], EsdkError> {
    Ok(primitives::with(|p| {
        p.hkdf_sha512_32(salt, data_key, info)
    })?)
}

#[cfg(all(test, feature = "esdk-native"))]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_round_trip() {
        for s in AlgorithmSuite::ALL {
            assert_eq!(AlgorithmSuite::from_id(s.id()), Some(s));
            assert_eq!(AlgorithmSuite::from_name(s.name()), Some(s));
        }
        assert_eq!(AlgorithmSuite::from_id(0x0378), None);
    }

    #[test]
    fn derived_keys_differ_by_label_suite_and_salt() {
        let dk = [1u8; 32];
        let id = [2u8; 32];
        let a = derive_key(AlgorithmSuite::Aes256GcmHkdfSha512CommitKey, &dk, &id).unwrap();
        let b = derive_key(
            AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
            &dk,
            &id,
        )
        .unwrap();
        let commit = |salt: &[u8]| commitment_key(&dk, salt).unwrap();
        assert_ne!(a, b);
        assert_ne!(a, commit(&id));
        assert_ne!(commit(&id), commit(&[3u8; 32]));
    }
}
