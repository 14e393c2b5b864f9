//! The order a learner sees a question's choices in. A file lists the correct choice
//! wherever its author put it; the tutorial shows each learner a permutation drawn from a
//! random id kept with the learner's progress (`Progress::quiz_seed`) and the question's
//! id, so the order is the same on every reload and for every language, differs between
//! learners, and says nothing about which choice is right. Answers are stored as the file's
//! indices, so changing the order never changes a score.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// FNV-1a over the seed, a separator and the question id: one 64-bit seed per question.
fn question_seed(seed: &str, question_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain([0u8]).chain(question_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The file indices `0..n` in the order this learner sees them (Fisher–Yates over a
/// ChaCha8 stream seeded per question).
pub fn choice_order(seed: &str, question_id: &str, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(question_seed(seed, question_id));
    for i in (1..n).rev() {
        let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permutation_stable_for_a_learner_and_different_between_learners() {
        let a = choice_order("3f2a9c01d4e5b678", "l04-q1", 4);
        assert_eq!(a, choice_order("3f2a9c01d4e5b678", "l04-q1", 4));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3]);
        assert!(choice_order("x", "q", 0).is_empty());
        assert_eq!(choice_order("x", "q", 1), vec![0]);
        // Over many learners every position holds the first choice about equally often.
        let mut first = [0usize; 4];
        for learner in 0..4000 {
            let order = choice_order(&format!("{learner:016x}"), "l04-q1", 4);
            let shown_at = order.iter().position(|&i| i == 0).unwrap_or(0);
            first[shown_at] += 1;
        }
        assert!(
            first.iter().all(|&n| (850..=1150).contains(&n)),
            "{first:?}"
        );
    }
}
