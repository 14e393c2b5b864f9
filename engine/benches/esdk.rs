//! Client-side encryption throughput (not a timed test): 100-byte records sealed and opened
//! one message each in the AWS Encryption SDK format, for both committing suites, with a
//! data key per record and with data key caching (a cached key per 1,000 records), natively.
//!
//! Run with `cargo bench --bench esdk`.

use std::time::Instant;

use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{
    self, AlgorithmSuite, CacheLimits, CachingManager, EncryptRequest, LocalKms,
};
use envelope_lab::runtime::rng::SimRng;

const ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const RECORD: [u8; 100] = [0x42; 100];

fn kms() -> LocalKms {
    let mut kms = LocalKms::new(SimRng::derived(1, 1));
    kms.add_key(ARN, &[0x33; 32]);
    kms
}

fn limits() -> CacheLimits {
    CacheLimits {
        max_messages: 1000,
        ..CacheLimits::with_max_age(300_000)
    }
}

/// Seals `n` records; returns records/s and the messages.
fn seal(suite: AlgorithmSuite, n: usize, cached: bool) -> (f64, Vec<Vec<u8>>) {
    let context: EncryptionContext = [("stream".to_string(), "orders".to_string())].into();
    let request = EncryptRequest {
        key_arn: ARN,
        suite,
        context: &context,
        frame_length: 4096,
    };
    let (mut kms, mut rng) = (kms(), SimRng::new(2));
    let mut cache = CachingManager::new(limits(), 10).ok();
    let t = Instant::now();
    let out: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let m = match (&mut cache, cached) {
                (Some(c), true) => c.encrypt(&mut kms, &mut rng, i as u64, &request, &RECORD),
                _ => esdk::encrypt(&mut kms, &mut rng, &request, &RECORD),
            };
            m.unwrap_or_else(|e| panic!("bench encrypt: {e}"))
        })
        .collect();
    (n as f64 / t.elapsed().as_secs_f64(), out)
}

/// Opens every message; returns records/s.
fn open(messages: &[Vec<u8>], cached: bool) -> f64 {
    let mut kms = kms();
    let none = EncryptionContext::new();
    let mut cache = CachingManager::new(limits(), 10).ok();
    let t = Instant::now();
    for (i, m) in messages.iter().enumerate() {
        let d = match (&mut cache, cached) {
            (Some(c), true) => c.decrypt(&mut kms, i as u64, m, &[ARN], &none),
            _ => esdk::decrypt(&mut kms, m, &[ARN], &none),
        };
        assert_eq!(d.map(|d| d.plaintext.len()).ok(), Some(RECORD.len()));
    }
    messages.len() as f64 / t.elapsed().as_secs_f64()
}

fn main() {
    let n = 5_000;
    for suite in AlgorithmSuite::ALL {
        for cached in [false, true] {
            let _ = seal(suite, 50, cached); // warm-up
            let (enc, messages) = seal(suite, n, cached);
            let dec = open(&messages, cached);
            println!(
                "{:<46} {:<10} encrypt {:>8.0} records/s  decrypt {:>8.0} records/s  ({} bytes/message)",
                suite.name(),
                if cached { "cached" } else { "uncached" },
                enc,
                dec,
                messages[0].len()
            );
        }
    }
}
