//! Golden trace hashes: every preset, seed 1, pinned. Any change to what a run does or
//! to the step encoding changes a hash here; update the table only for an intended
//! behaviour change (and say so in the commit). The hash is computed from fixed-width
//! little-endian integers and string bytes only (no `usize`, no map iteration order), so
//! the same table holds natively (64-bit) and in the browser (wasm32).

use envelope_lab::sim::{presets, SimOptions, Simulation};

/// (preset, trace_sha256 with seed 1).
const GOLDEN: &[(&str, &str)] = &[
    (
        "happy-path",
        "c71dd3ad950c2306032993be9373e3bc01f74b1a3ef816160e7099632b26e3d6",
    ),
    (
        "sse-off",
        "074e049b466832f6e3f9732a09580b967bcfa0ebfb0640fca566699b62680771",
    ),
    (
        "aws-managed-kinesis-key",
        "4aed9e343ce43ddc65484e5e6025047ebe3bf418ee1612dc7ba2894d8286db7f",
    ),
    (
        "sse-enabled-mid-stream",
        "c34f3180c89935e9124890a3462e586ab3602f7a9e5a493e023705e3ad7590de",
    ),
    (
        "producer-missing-generate-data-key",
        "96479f3e5ba554e28f832db8efadfe8684839827ea8f7c26bb31f84c1b2cff5d",
    ),
    (
        "firehose-source-missing-decrypt",
        "9cf08fd34d45e3394f92cfa70581d8f9634981e591ca2eb2405035a31713efc2",
    ),
    (
        "s3-destination-missing-kms",
        "d7dd37556da1dd598a117dff80dae409a08edb32d22102a3bf575703fe54caee",
    ),
    (
        "kinesis-key-disabled",
        "ae2af8c62ed796dac378244a7cd9737a93ea45ccd0676afc6a5d622dfdfbf785",
    ),
    (
        "kinesis-key-disabled-mid-run",
        "8ff517159cb168772b4c8a2a97cb5db33baaae868b357dde8933ea25d40292ba",
    ),
    (
        "kinesis-key-pending-deletion",
        "22eda358c0437bbc0ef21103682c0f6093715b16283f62f8fa4001612b4c69f2",
    ),
    (
        "kinesis-key-deleted",
        "e0eaefce0cc35a2f94198f936aefb5edf35326746bb124ea1525bb095ce87399",
    ),
    (
        "explicit-deny",
        "476b5e50e7bf1afcfa79cf0f7013ec2e7c886abe20495b0318272c95505e5aea",
    ),
    (
        "via-service-mismatch",
        "1d590c0fe8d5366e3d18a3d67e4b932ea4bcbe14cc5fc4a09fc987067d990734",
    ),
    (
        "bucket-key-context-condition",
        "d7dd37556da1dd598a117dff80dae409a08edb32d22102a3bf575703fe54caee",
    ),
    (
        "reader-missing-decrypt",
        "f0b9f12eea53e26851035cbbe634f93483c2d9fc818e9396a96c9c9be51825ea",
    ),
    (
        "tampered-ciphertext",
        "d1aa51f1ec93b9d487c4dfe7b9835e4be8725970e91d77a221226745e05619a8",
    ),
    (
        "wrong-encryption-context",
        "00ba0c03975a06f0a135fd54aef56cb76a08714a035371377b00764fca7a4fbf",
    ),
    (
        "kms-throttling",
        "671b04b472131be61b33b55d64b435ef5c3e301be321a600e640770d4481667c",
    ),
    (
        "mixed-bucket-encryption",
        "80b165a6a54e714e7b4490b545c75793b9e56b59ba47a97d61dcc493abe43310",
    ),
    (
        "producer-put-records",
        "08b376d9c268fba15e55fef0b4406bc33a007e111dade9b0f27dabbbe9a5896f",
    ),
    (
        "lambda-role-trust-denied",
        "ee5228f98e0e8fac6d442fd7d1ad994a247cda361c0d703ee7fd69f255c9cc83",
    ),
    (
        "firehose-source-role-trust-denied",
        "69c4a1c7f63debbf6c24834f60cdaaf0ed42df2cd39a6ddc218b3de54261eeba",
    ),
    (
        "firehose-destination-role-trust-denied",
        "ce846807fcb0f0bdd80a59ddbccd64ba72e1b15333a608f7029a286ca727557f",
    ),
];

fn hash(name: &str, keep_steps: bool) -> String {
    let scenario = presets::get(name).unwrap_or_else(|| panic!("preset {name}"));
    let mut sim = Simulation::with_options(&scenario, 1, SimOptions::keeping(keep_steps)).unwrap();
    sim.run_to_end();
    assert!(sim.is_finished(), "{name} did not drain");
    sim.trace_sha256()
}

#[test]
fn every_preset_has_its_golden_hash() {
    let mut changed = Vec::new();
    for (name, want) in GOLDEN {
        let got = hash(name, true);
        if got != *want {
            changed.push(format!("    (\"{name}\", \"{got}\"),"));
        }
    }
    assert!(
        changed.is_empty(),
        "trace hash changed for {} preset(s); if intended, update GOLDEN:\n{}",
        changed.len(),
        changed.join("\n")
    );
}

#[test]
fn the_table_lists_every_preset_once() {
    let table: Vec<&str> = GOLDEN.iter().map(|(n, _)| *n).collect();
    let names: Vec<&str> = presets::all().iter().map(|p| p.name).collect();
    assert_eq!(table, names, "GOLDEN must follow presets::all() order");
}

#[test]
fn summary_only_runs_hash_the_same() {
    for (name, want) in GOLDEN {
        assert_eq!(hash(name, false), *want, "{name} summary-only");
    }
}

#[test]
fn the_hash_depends_on_the_seed() {
    let scenario = presets::get("happy-path").unwrap();
    let mut sim = Simulation::new(&scenario, 2).unwrap();
    sim.run_to_end();
    assert_ne!(sim.trace_sha256(), GOLDEN[0].1);
}
