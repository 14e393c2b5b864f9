//! Properties of the encryption that hold whatever the golden hashes say (issue 11 item 18:
//! a planted bug that sealed every Kinesis record with one nonce was caught only by a
//! recorded hash). Read through the envelope view a learner sees, checked with AES-256-GCM
//! itself: under one data key no nonce repeats; what is stored is not the plaintext; the
//! data key and nonce shown open the stored bytes to the plaintext shown.

use std::collections::{BTreeMap, BTreeSet};

use envelope_lab::crypto::open;
use envelope_lab::sim::{presets, Scenario, Simulation, StepDetail};

/// A run with many records, several data keys (five concurrent environments, each with its
/// own credentials and so its own data key) and SSE-KMS objects.
fn busy() -> Scenario {
    let mut s = Scenario::default();
    if let Some(p) = s.producers.first_mut() {
        p.invocations = 40;
        p.concurrency = 5;
    }
    s
}

/// The envelope view shows at most this many bytes of an S3 object.
const CUT: usize = 4096;

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.try_into().expect("length")
}

/// Checks every sealed envelope written in `scenario`'s run; returns (envelopes, data keys).
fn check(label: &str, scenario: &Scenario, want_step: fn(&StepDetail) -> bool) -> (usize, usize) {
    let mut sim = Simulation::new(scenario, 1).expect("valid");
    sim.run_to_end();
    let mut nonces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut sealed = 0;
    for step in sim.steps().iter().filter(|s| want_step(&s.detail)) {
        let Some(e) = sim.envelope(step) else {
            continue;
        };
        let (Some(key), Some(nonce), Some(stored), Some(pt)) = (
            e.data_key.as_deref(),
            e.nonce.as_deref(),
            e.ciphertext.as_deref(),
            e.plaintext.as_deref(),
        ) else {
            continue;
        };
        let nonce_hex = hex::encode(nonce);
        sealed += 1;
        let fresh = nonces
            .entry(hex::encode(key))
            .or_default()
            .insert(nonce_hex.clone());
        assert!(
            fresh,
            "{label}: step {} reuses nonce {nonce_hex} under one data key",
            step.index
        );
        assert_ne!(
            stored,
            pt.as_bytes(),
            "{label}: step {} stores the plaintext",
            step.index
        );
        if stored.len() >= CUT {
            // The view shows the first 4 KiB of a large object: compare what is shown.
            let shown = &pt.as_bytes()[..pt.len().min(CUT)];
            assert_ne!(
                &stored[..shown.len()],
                shown,
                "{label}: step {}",
                step.index
            );
            continue;
        }
        assert_eq!(
            stored.len(),
            pt.len() + 16,
            "{label}: ciphertext and a 16-byte tag"
        );
        assert!(
            !stored
                .windows(8)
                .any(|w| pt.as_bytes().windows(8).any(|p| p == w)),
            "{label}: step {}: eight plaintext bytes appear in the stored bytes",
            step.index
        );
        let opened = open(&array(key), &array(nonce), stored, b"");
        assert_eq!(
            opened.as_deref(),
            Ok(pt.as_bytes()),
            "{label}: step {}: the key and nonce shown open the stored bytes",
            step.index
        );
    }
    (sealed, nonces.len())
}

#[test]
fn kinesis_records_never_reuse_a_nonce_under_one_data_key() {
    let put = |d: &StepDetail| matches!(d, StepDetail::PutRecord { .. });
    let (sealed, keys) = check("busy", &busy(), put);
    assert_eq!(sealed, 400, "every record was sealed and checked");
    assert!(keys >= 5, "one data key per environment at least: {keys}");
    for name in [
        "happy-path",
        "kinesis-key-disabled-mid-run",
        "kms-throttling",
    ] {
        let s = presets::get(name).expect("preset");
        let (sealed, _) = check(name, &s, put);
        assert!(sealed > 0, "{name}");
    }
}

#[test]
fn s3_objects_never_reuse_a_nonce_under_one_key() {
    let written = |d: &StepDetail| {
        matches!(
            d,
            StepDetail::PutObject {
                object: Some(_),
                ..
            } | StepDetail::CopyObject { to: Some(_), .. }
        )
    };
    let mut total = 0;
    for (label, s) in [
        ("busy", busy()),
        ("happy-path", presets::get("happy-path").expect("preset")),
        (
            "mixed-bucket-encryption",
            presets::get("mixed-bucket-encryption").expect("preset"),
        ),
    ] {
        total += check(label, &s, written).0;
    }
    assert!(total >= 4, "{total} objects checked");
}
