//! The simulation's only source of randomness: ChaCha8 seeded from the user's `u64` seed.
//! Every draw happens in a fixed order during stepping, which is what makes a seed
//! reproduce the same trace byte for byte, natively and in Wasm.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::crypto::{Key256, Nonce};

/// Seeded deterministic RNG with the helpers the services need.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: ChaCha8Rng,
}

impl SimRng {
    /// A generator for `seed`; equal seeds give equal sequences on every platform.
    pub fn new(seed: u64) -> Self {
        SimRng {
            inner: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A generator for one purpose, independent of how much the main stream has been used
    /// (e.g. key material fixed at build time).
    pub fn derived(seed: u64, purpose: u64) -> Self {
        SimRng {
            inner: ChaCha8Rng::seed_from_u64(seed ^ purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A value in `0..n` (0 when `n == 0`); uses rejection-free multiply-shift, fine for
    /// the small ranges used here.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Fills `buf` with random bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        self.inner.fill_bytes(buf);
    }

    /// A fresh 256-bit key.
    pub fn key(&mut self) -> Key256 {
        let mut k = [0u8; 32];
        self.fill(&mut k);
        k
    }

    /// A fresh 96-bit nonce.
    pub fn nonce(&mut self) -> Nonce {
        let mut n = [0u8; 12];
        self.fill(&mut n);
        n
    }

    /// A random (version 4 layout) UUID string from seeded bytes.
    pub fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.fill(&mut b);
        uuid_from_bytes(b)
    }

    /// `len` random characters from `alphabet` (e.g. access key ids).
    pub fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                let i = self.below(alphabet.len() as u64) as usize;
                alphabet.get(i).copied().unwrap_or(b'A') as char
            })
            .collect()
    }
}

/// Formats 16 bytes as a version-4 UUID (version and variant bits set).
pub fn uuid_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A UUID derived from a name (SHA-256), for ids that must not depend on the seed
/// (e.g. AWS managed key ids, CloudTrail event ids).
pub fn uuid_from_name(name: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid_from_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        let mut a = SimRng::new(42);
        let mut b = SimRng::new(42);
        assert_eq!(a.next_u64(), b.next_u64());
        assert_eq!(a.uuid(), b.uuid());
        let u = SimRng::new(1).uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(SimRng::new(3).below(5) < 5);
    }
}
