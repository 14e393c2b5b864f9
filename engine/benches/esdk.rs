//! Client-side encryption throughput (not a timed test): 100-byte records sealed and opened
//! one message each in the AWS Encryption SDK format, for both committing suites, with a
//! data key per record and with data key caching (a cached key per 1,000 records), natively.
//! Each rate is given per wall-clock second and, on Linux, per second of this process's CPU
//! time (`/proc/self/stat`), which stays meaningful on a shared, loaded machine.
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

/// This process's user + system CPU time in seconds (Linux; clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name in parentheses; utime and stime are the 14th and
    // 15th of the line, the 12th and 13th after it.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Records per wall-clock second and per CPU second of `n` records since `(t, cpu)`.
struct Rate {
    wall: f64,
    cpu: Option<f64>,
}

impl Rate {
    fn since(n: usize, t: Instant, cpu: Option<f64>) -> Rate {
        let wall = n as f64 / t.elapsed().as_secs_f64();
        let cpu = match (cpu, cpu_seconds()) {
            (Some(a), Some(b)) if b > a => Some(n as f64 / (b - a)),
            _ => None,
        };
        Rate { wall, cpu }
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cpu {
            Some(c) => write!(f, "{:>8.0}/s wall {:>8.0}/s CPU", self.wall, c),
            None => write!(f, "{:>8.0}/s wall", self.wall),
        }
    }
}

/// Seals `n` records; returns the rate and the messages.
fn seal(suite: AlgorithmSuite, n: usize, cached: bool) -> (Rate, Vec<Vec<u8>>) {
    let context: EncryptionContext = [("stream".to_string(), "orders".to_string())].into();
    let request = EncryptRequest {
        key_arn: ARN,
        suite,
        context: &context,
        frame_length: 4096,
    };
    let (mut kms, mut rng) = (kms(), SimRng::new(2));
    let mut cache = CachingManager::new(limits(), 10).ok();
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let out: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let m = match (&mut cache, cached) {
                (Some(c), true) => c.encrypt(&mut kms, &mut rng, i as u64, &request, &RECORD),
                _ => esdk::encrypt(&mut kms, &mut rng, &request, &RECORD),
            };
            m.unwrap_or_else(|e| panic!("bench encrypt: {e}"))
        })
        .collect();
    (Rate::since(n, t, cpu), out)
}

/// Opens every message; returns the rate.
fn open(messages: &[Vec<u8>], cached: bool) -> Rate {
    let mut kms = kms();
    let none = EncryptionContext::new();
    let mut cache = CachingManager::new(limits(), 10).ok();
    let (t, cpu) = (Instant::now(), cpu_seconds());
    for (i, m) in messages.iter().enumerate() {
        let d = match (&mut cache, cached) {
            (Some(c), true) => c.decrypt(&mut kms, i as u64, m, &[ARN], &none),
            _ => esdk::decrypt(&mut kms, m, &[ARN], &none),
        };
        assert_eq!(d.map(|d| d.plaintext.len()).ok(), Some(RECORD.len()));
    }
    Rate::since(messages.len(), t, cpu)
}

fn main() {
    for suite in AlgorithmSuite::ALL {
        // ECDSA P-384 costs milliseconds a record; AES-GCM and HKDF microseconds.
        let n = if suite.signs() { 2_000 } else { 50_000 };
        for cached in [false, true] {
            let _ = seal(suite, 50, cached); // warm-up
            let (enc, messages) = seal(suite, n, cached);
            let dec = open(&messages, cached);
            println!(
                "{:<46} {:<9} encrypt {enc}  decrypt {dec}  ({} bytes/message)",
                suite.name(),
                if cached { "cached" } else { "uncached" },
                messages[0].len()
            );
        }
    }
}
