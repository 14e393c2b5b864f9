//! Lookup tables with a fixed hash: std's `RandomState` would draw OS randomness, and the
//! simulation draws randomness only from its seeded RNG.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A deterministic hasher for lookup tables (std's `RandomState` would draw OS randomness).
/// The tables are never iterated, so the hash only has to be fast; their keys are small
/// integers and addresses, for which SipHash cost ~4% of a large run in Wasm.
pub type FixedState = BuildHasherDefault<WordHasher>;

/// The multiply-rotate hash of rustc's `FxHasher`: one multiply per word written.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u16(&mut self, i: u16) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
/// A `HashMap` with [`FixedState`].
pub type FixedMap<K, V> = HashMap<K, V, FixedState>;
