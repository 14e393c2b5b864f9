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
        "022a03c2ce254485a9dc437ce5e7a86d2b4374d5503a6966080029939d6fdd3b",
    ),
    (
        "sse-off",
        "074e049b466832f6e3f9732a09580b967bcfa0ebfb0640fca566699b62680771",
    ),
    (
        "aws-managed-kinesis-key",
        "7b0cbce01ffab0dcc105693543b2772e3f945257204a7bb2c9ffc6259fb8e784",
    ),
    (
        "sse-enabled-mid-stream",
        "8a508fb51933d576715a47c5600e6bbb262582963f0edd4a30dd6c9b46cd88a7",
    ),
    (
        "producer-missing-generate-data-key",
        "ec6a643554fe6b8f9a863865e6be903710051df30e88544e1859051887902b71",
    ),
    (
        "firehose-source-missing-decrypt",
        "f9d1b37b8a54ca7a36a245a5d650d4f40812cd2a1eba27ebf12ee6b8e2b101f8",
    ),
    (
        "s3-destination-missing-kms",
        "e9129d1bcbfe94ddbc921f8519556553e874009185bbec1128376f75a6b09438",
    ),
    (
        "kinesis-key-disabled",
        "63cc315c7b1ff9fed9ac5b9ecda7311f87aad8e82cafb6b5a4dcc43f026b117e",
    ),
    (
        "kinesis-key-disabled-mid-run",
        "cec0aedb474be87adecfdaf5bfc9a446a5138696596b19e80690dda3271b4f9b",
    ),
    (
        "kinesis-key-pending-deletion",
        "b681712140b180366c5026acc170f4f66cfd2862e6cf59a7e8a9bfb427ae9fe4",
    ),
    (
        "kinesis-key-deleted",
        "e7cee91aad8837029a9507ddeca25ac706e403c859ed6bfbecdbab628b04600c",
    ),
    (
        "explicit-deny",
        "1c6e08e90905552a53c4fe73ef8ad29d4397231bfac146088320fc73b1daa792",
    ),
    (
        "via-service-mismatch",
        "88dd33f95f3ac7048e443120cbf31eef7e3169a2a2cac45dcd8b5f50036387c0",
    ),
    (
        "bucket-key-context-condition",
        "7bd05cb03e2c21e2d18a89ae9ec28aa2c1f71e9db873baa4a7526c2bf9293e70",
    ),
    (
        "reader-missing-decrypt",
        "13f7a69c53d88d220c92dd18e2f204a3d8afaa9acaa099deebf38393d4cef055",
    ),
    (
        "tampered-ciphertext",
        "c8472385b88ad94ae6319bdf2f367cf854e045305fab44e51934589d37eb7f42",
    ),
    (
        "wrong-encryption-context",
        "83b55c47e5d43675f381aab80d80f6f537d678379c1a1cada98077c996a5a030",
    ),
    (
        "kms-throttling",
        "f4993a784b456edda167a08c9725c11abaf1561e1b31aea5cef3743363fb9594",
    ),
    (
        "mixed-bucket-encryption",
        "c3a754595a37fa74cb9b7a4d2a282d66ecbef726956a32320bd4dd19809bded1",
    ),
    (
        "producer-put-records",
        "1696d11e0af64772bd38222301639b62d0ff4747efe766b5fa6bd8dc221054dd",
    ),
    (
        "lambda-role-trust-denied",
        "ee5228f98e0e8fac6d442fd7d1ad994a247cda361c0d703ee7fd69f255c9cc83",
    ),
    (
        "firehose-source-role-trust-denied",
        "b7df93050fd7a966c859083d2263bf0fe0bed63f6e313d207d9388b077703ce0",
    ),
    (
        "firehose-destination-role-trust-denied",
        "36d408e13bf21d9231da93c5ce1b8b256499632070c51ec898c7c58d19517e92",
    ), // Issue 20 §1: the bucket-policy presets (S3 requests carry their headers as condition
    // keys). No hash above changed: the trace takes in an S3 request's condition keys and
    // deciding rule only when the request is refused, and no earlier preset has an S3
    // request refused by a policy (their S3 failures are KMS's).
    (
        "bucket-policy-require-sse-kms",
        "f79bc5c48a6eed4d5c55789ed1ea740f0dc0ac025e7b9eb7862836ef37ca5854",
    ),
    (
        "bucket-policy-deny-missing-sse-header",
        "69a9b9a97680cf18cc208866aa6f4f618042e56a922293dc68caac54985f1a81",
    ),
    (
        "bucket-policy-null-with-default-encryption",
        "472b8229ace6b04aff7cb79499ce1e7093c2117beaf65903ff4602d28dcbd8f4",
    ),
    (
        "bucket-policy-require-this-key",
        "2c7c46ad21ed4c42ce88f135dbfacfa73a461c98ccc1dbfc5c06d381981fd0be",
    ),
    (
        "rcp-data-perimeter",
        "06cf518befae59f79ecdff49f53e8431bfcb2616e1e8ae6c71ad968f81ee07ff",
    ),
    (
        "scp-deny-key-deletion",
        "96ff6545d7fa258bb0414e956125e51e65f465631142f3b44fa7003f0138b34e",
    ),
    (
        "org-central-log-archive",
        "9033473d15f4a5041d222b39ebc547bed429ba65f9b9865649fb1be7195fbb6f",
    ),
    (
        "org-cross-account-producer",
        "97cf1b2ca50ee127cb4131749b532649cae79049533b0c80983b3dbdac412a9e",
    ),
    (
        "org-mistake-iam-missing",
        "4fdc074718dcb96b0beab1da713d371ad1bbd0796a44d82956d6d7b15617577d",
    ),
    (
        "org-mistake-key-policy-missing",
        "e8dddfe9eb1255160081a388376c7dd1c9be7867255df15c1437d3948d34c088",
    ),
    (
        "org-mistake-object-writer",
        "594ba55697401331938a953b5a6d132e7387ef411c442c9f4cf87e280c409e54",
    ),
    (
        "org-mistake-scp-ou-level",
        "52dc1d0e2f5b4b287c09f36d8aa32af8f0a268ca6af0005b1f40ec21ef28340d",
    ),
    (
        "client-side-happy-path",
        "ad3ac9ab89ba7400e6749ebe897bfc2e35f6c91484bb2505ac364bf09b1969c0",
    ),
    (
        "client-side-key-via-service-only",
        "0c8ca2cb7d3a32907f8fe22afbe0fa9fc01f77d4d2acfa538c23eca3f5c9b34f",
    ),
    (
        "client-side-reader-missing-decrypt",
        "3816f789b36bb9eadf2a0f0ec191f3d5c6a9b3cc99e48b3187612de8d2ce0863",
    ),
    (
        "client-side-wrong-encryption-context",
        "8d9ff524edf0cf3c4ff3e11e3209a993f3ad90cb3c282acbd8676efaa7018d04",
    ),
    (
        "client-side-tampered-object",
        "8a31f80d9dea25f0c94f5054915ffe4a2ae24ca238dbdf8ad563893e2f4ced03",
    ),
    (
        "client-side-caching",
        "de032ca953403d371bf7559e34f4a867e612c2048db6781c59a587c2de46b995",
    ),
    (
        "client-side-both-layers",
        "d9dd8cfa23ddaa077f16273e5a544a7c059a66fdb2cf8796bb929f9932ea5d47",
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
fn no_two_presets_share_a_hash() {
    // Two presets that run differently must hash differently: a KMS step's hash covers its
    // encryption context and the rule that decided it, not only its call index.
    let mut seen = std::collections::BTreeMap::new();
    for (name, hash) in GOLDEN {
        if let Some(other) = seen.insert(*hash, *name) {
            panic!("{name} and {other} share the hash {hash}");
        }
    }
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
