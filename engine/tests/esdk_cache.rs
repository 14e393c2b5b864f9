//! Data key caching (engine/src/esdk/cache.rs) held to the thresholds AWS documents
//! (https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/thresholds.html): the
//! counts below are worked out by hand from those rules, and which data key sealed each
//! message is read from the messages themselves (their encrypted data key), not from the
//! cache's own counters.

use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{
    self, AlgorithmSuite, CacheLimits, CachingManager, EncryptRequest, LocalKms,
};
use envelope_lab::runtime::rng::SimRng;

const ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn kms() -> LocalKms {
    let mut kms = LocalKms::new(SimRng::derived(4, 1));
    kms.add_key(ARN, &[0x22; 32]);
    kms
}

fn ctx(stream: &str) -> EncryptionContext {
    [("stream".to_string(), stream.to_string())]
        .into_iter()
        .collect()
}

/// Encrypts `n` messages of `len` bytes at the given times; returns each message's
/// encrypted data key (one per data key) and the messages.
fn run(
    limits: CacheLimits,
    suite: AlgorithmSuite,
    times_ms: &[u64],
    len: usize,
) -> (CachingManager, LocalKms, Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let mut cache = CachingManager::new(limits, 10).unwrap();
    let mut kms = kms();
    let mut rng = SimRng::new(8);
    let context = ctx("orders");
    let request = EncryptRequest {
        key_arn: ARN,
        suite,
        context: &context,
        frame_length: 4096,
    };
    let mut keys = Vec::new();
    let mut messages = Vec::new();
    for &t in times_ms {
        let m = cache
            .encrypt(&mut kms, &mut rng, t, &request, &vec![7u8; len])
            .unwrap();
        let (header, _) = esdk::inspect(&m).unwrap();
        keys.push(header.data_keys[0].ciphertext.clone());
        messages.push(m);
    }
    (cache, kms, keys, messages)
}

/// The number of distinct data keys, in order of first use, and how many messages each sealed.
fn uses(keys: &[Vec<u8>]) -> Vec<usize> {
    let mut out: Vec<(Vec<u8>, usize)> = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if last == k => *n += 1,
            _ => out.push((k.clone(), 1)),
        }
    }
    out.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn max_messages_bounds_each_data_key() {
    let limits = CacheLimits {
        max_messages: 3,
        ..CacheLimits::with_max_age(60_000)
    };
    let times: Vec<u64> = (0..10).collect();
    let (cache, kms, keys, _) = run(
        limits,
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        &times,
        100,
    );
    assert_eq!(uses(&keys), vec![3, 3, 3, 1]);
    assert_eq!(kms.generate_calls, 4);
    assert_eq!(cache.stats.generate_calls, 4);
    assert_eq!(cache.stats.encrypt_hits, 6);
    assert_eq!(cache.stats.calls_saved(), 6);
}

#[test]
fn max_age_counts_from_the_entrys_creation() {
    // created at 0; 1000 ms later it is still usable (age ≤ max_age), 1001 ms is too old
    let (_, kms, keys, _) = run(
        CacheLimits::with_max_age(1000),
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        &[0, 500, 1000, 1001, 1500, 2002, 2003],
        10,
    );
    assert_eq!(uses(&keys), vec![3, 2, 2]);
    assert_eq!(kms.generate_calls, 3);
}

#[test]
fn max_bytes_counts_the_current_message() {
    let limits = CacheLimits {
        max_bytes: 250,
        ..CacheLimits::with_max_age(60_000)
    };
    // 100 + 100 ≤ 250; a third would make 300: evicted, a new key takes it
    let (cache, _, keys, _) = run(
        limits,
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        &[0, 1, 2, 3, 4, 5],
        100,
    );
    assert_eq!(uses(&keys), vec![2, 2, 2]);
    assert_eq!(cache.stats.evicted_by_limit, 2);
    // a message of at least max_bytes is never cached
    let (cache, kms, keys, _) = run(
        limits,
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
        &[0, 1, 2],
        250,
    );
    assert_eq!(uses(&keys), vec![1, 1, 1]);
    assert_eq!((kms.generate_calls, cache.stats.not_cached), (3, 3));
}

#[test]
fn the_signing_key_is_reused_with_the_data_key() {
    let limits = CacheLimits {
        max_messages: 2,
        ..CacheLimits::with_max_age(60_000)
    };
    let suite = AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384;
    let (_, _, keys, messages) = run(limits, suite, &[0, 1, 2], 5);
    assert_eq!(uses(&keys), vec![2, 1]);
    let pk = |m: &Vec<u8>| esdk::inspect(m).unwrap().0.context["aws-crypto-public-key"].clone();
    assert_eq!(pk(&messages[0]), pk(&messages[1]));
    assert_ne!(pk(&messages[1]), pk(&messages[2]));
    // each message has its own message id, so its own frame key
    let id = |m: &Vec<u8>| esdk::inspect(m).unwrap().0.message_id;
    assert_ne!(id(&messages[0]), id(&messages[1]));
}

#[test]
fn contexts_and_suites_are_separate_entries() {
    let mut cache = CachingManager::new(CacheLimits::with_max_age(60_000), 10).unwrap();
    let mut kms = kms();
    let mut rng = SimRng::new(1);
    for stream in ["a", "b", "a", "b"] {
        for suite in AlgorithmSuite::ALL {
            let context = ctx(stream);
            let request = EncryptRequest {
                key_arn: ARN,
                suite,
                context: &context,
                frame_length: 4096,
            };
            cache
                .encrypt(&mut kms, &mut rng, 0, &request, b"r")
                .unwrap();
        }
    }
    assert_eq!(kms.generate_calls, 4);
    assert_eq!(cache.stats.encrypt_hits, 4);
}

#[test]
fn decryption_reuses_a_data_key_within_max_age() {
    let limits = CacheLimits::with_max_age(1000);
    let (_, _, _, messages) = run(
        CacheLimits {
            max_messages: 5,
            ..limits
        },
        AlgorithmSuite::Aes256GcmHkdfSha512CommitKeyEcdsaP384,
        &[0; 10],
        50,
    );
    let mut reader = CachingManager::new(limits, 10).unwrap();
    let mut kms = kms();
    let none = EncryptionContext::new();
    for (i, m) in messages.iter().enumerate() {
        let d = reader
            .decrypt(&mut kms, i as u64, m, &[ARN], &none)
            .unwrap();
        assert_eq!(d.plaintext, vec![7u8; 50]);
    }
    // two data keys (5 messages each): two Decrypt calls, eight answered from the cache
    assert_eq!((kms.decrypt_calls, reader.stats.decrypt_hits), (2, 8));
    // past max_age the entry is evicted and KMS is asked again
    reader
        .decrypt(&mut kms, 5000, &messages[0], &[ARN], &none)
        .unwrap();
    assert_eq!(kms.decrypt_calls, 3);
    // a cached key does not make an altered message acceptable
    let mut bad = messages[1].clone();
    let n = bad.len();
    bad[n - 1] ^= 1;
    assert_eq!(
        reader
            .decrypt(&mut kms, 5001, &bad, &[ARN], &none)
            .unwrap_err()
            .name(),
        "SignatureInvalid"
    );
}

#[test]
fn limits_outside_the_sdks_ranges_are_refused() {
    let ok = CacheLimits::with_max_age(1);
    assert!(CachingManager::new(ok, 1).is_ok());
    for bad in [
        CacheLimits {
            max_age_ms: 0,
            ..ok
        },
        CacheLimits {
            max_messages: 0,
            ..ok
        },
        CacheLimits {
            max_messages: (1 << 32) + 1,
            ..ok
        },
        CacheLimits {
            max_bytes: 1 << 63,
            ..ok
        },
    ] {
        assert_eq!(
            CachingManager::new(bad, 1).unwrap_err().name(),
            "InvalidRequest"
        );
    }
}

#[test]
fn capacity_evicts_the_least_recently_used_entry() {
    let mut cache = CachingManager::new(CacheLimits::with_max_age(60_000), 2).unwrap();
    let mut kms = kms();
    let mut rng = SimRng::new(1);
    for stream in ["a", "b", "a", "c", "a", "b"] {
        let context = ctx(stream);
        let request = EncryptRequest {
            key_arn: ARN,
            suite: AlgorithmSuite::Aes256GcmHkdfSha512CommitKey,
            context: &context,
            frame_length: 4096,
        };
        cache
            .encrypt(&mut kms, &mut rng, 0, &request, b"r")
            .unwrap();
    }
    // a, b, a (hit), c evicts b, a (hit), b again: 4 data keys
    assert_eq!(kms.generate_calls, 4);
}
