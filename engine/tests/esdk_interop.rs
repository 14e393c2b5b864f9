//! The lab's AWS Encryption SDK messages against the official AWS Encryption SDK for Python
//! (`aws-encryption-sdk` in the tests' venv, installed by `scripts/setup.sh test`), in both
//! directions and for both committing suites:
//!
//! 1. the SDK encrypts records (its KMS calls answered from the lab's key material by
//!    `esdk_interop/interop.py`), and the lab decrypts them;
//! 2. the SDK decrypts the lab's messages;
//! 3. one byte altered in the header (message id, context, frame length, commitment, header
//!    tag), the body (ciphertext, tag, sequence number) or the signature of each message,
//!    from either side: both reject it, and the SDK's exception reads as the lab's error
//!    name (`failure_name` in interop.py ↔ `EsdkError::name`).
//!
//! Without the venv (a bare `cargo test` before `scripts/setup.sh test`) the test says so
//! and passes; `make test` always has it.

#[path = "esdk_interop/sdk.rs"]
mod sdk;

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use envelope_lab::crypto::EncryptionContext;
use envelope_lab::esdk::{self, AlgorithmSuite, EncryptRequest, LocalKms};
use envelope_lab::runtime::rng::SimRng;
use serde_json::{json, Value};

const ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MATERIAL: [u8; 32] = [0x5C; 32];
/// Frame lengths the SDK encrypts with (the Python SDK wants multiples of 128 when
/// encrypting, though it reads any).
const FRAMES: [u32; 2] = [128, 4096];
/// Frame lengths the lab encrypts with: also one the Python SDK would not write.
const LAB_FRAMES: [u32; 3] = [100, 128, 4096];

fn run(python: &Path, command: &str, input: &Value) -> Value {
    sdk::run_script(python, "interop.py", &[command], input)
}

fn context() -> EncryptionContext {
    [
        ("stream", "orders"),
        ("producer", "lambda"),
        ("ja", "暗号化"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// (encryption context, plaintext): records of 0 to 1000 bytes under the full context, and
/// one under an empty context (the header then has an AAD length of 0 and no pair count).
fn inputs() -> Vec<(EncryptionContext, Vec<u8>)> {
    let record = |n: usize| (0..n).map(|i| (i * 31 + 7) as u8).collect::<Vec<u8>>();
    let mut out: Vec<_> = [0usize, 100, 256, 1000]
        .iter()
        .map(|&n| (context(), record(n)))
        .collect();
    out.push((EncryptionContext::new(), record(100)));
    out
}

fn kms() -> LocalKms {
    let mut kms = LocalKms::new(SimRng::derived(23, 1));
    kms.add_key(ARN, &MATERIAL);
    kms
}

/// (label, message, plaintext) for every suite × frame length × input, made by the lab.
fn lab_messages() -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut kms = kms();
    let mut rng = SimRng::new(23);
    let mut out = Vec::new();
    for suite in AlgorithmSuite::ALL {
        for frame_length in LAB_FRAMES {
            for (ctx, p) in inputs() {
                let request = EncryptRequest {
                    key_arn: ARN,
                    suite,
                    context: &ctx,
                    frame_length,
                };
                let m = esdk::encrypt(&mut kms, &mut rng, &request, &p).unwrap();
                out.push((
                    format!(
                        "lab {} frame {frame_length} len {} context of {}",
                        suite.name(),
                        p.len(),
                        ctx.len()
                    ),
                    m,
                    p,
                ));
            }
        }
    }
    out
}

/// One byte of each part of `message` altered, with the part's name.
fn tampered(label: &str, message: &[u8]) -> Vec<(String, Vec<u8>)> {
    let (_, layout) = esdk::inspect(message).unwrap();
    let h = &layout.header;
    let first = layout.frames[0];
    let mut at = vec![
        ("message id", 3 + 17),
        ("context value", h.context.1 - 1),
        ("frame length", h.frame_length.1 - 1),
        ("commitment", h.commitment.0 + 5),
        ("header tag", h.auth_tag.1 - 1),
        ("frame tag", first.2 - 1),
    ];
    if first.2 - first.1 > 16 + 16 + 8 {
        at.push(("frame ciphertext", first.2 - 17));
    }
    if let Some(second) = layout.frames.get(1) {
        at.push(("sequence number", second.1 + 3));
    }
    if let Some((_, end)) = layout.footer {
        at.push(("signature", end - 1));
    }
    at.into_iter()
        .map(|(part, i)| {
            let mut bad = message.to_vec();
            bad[i] ^= 0x01;
            (format!("{label}: {part}"), bad)
        })
        .collect()
}

#[test]
fn the_official_sdk_and_the_lab_read_each_other() {
    let Some(python) = sdk::python_or_skip("esdk_interop") else {
        return;
    };
    let spec = |extra: Value| {
        let mut v = json!({"key_arn": ARN, "key_material_hex": hex::encode(MATERIAL)});
        if let (Some(v), Value::Object(m)) = (v.as_object_mut(), extra) {
            v.extend(m);
        }
        v
    };

    // 1. The SDK encrypts; the lab decrypts.
    let mut cases = Vec::new();
    for suite in AlgorithmSuite::ALL {
        for frame_length in FRAMES {
            for (ctx, p) in inputs() {
                cases.push(json!({"suite": suite.name(), "context": ctx,
                    "plaintext_b64": B64.encode(&p), "frame_length": frame_length}));
            }
        }
    }
    let sdk = run(&python, "encrypt", &spec(json!({ "cases": cases })));
    let sdk_messages: Vec<Vec<u8>> = sdk["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| B64.decode(m["ciphertext_b64"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(sdk_messages.len(), cases.len());
    let mut all = Vec::new();
    for (case, message) in cases.iter().zip(&sdk_messages) {
        let expected = B64.decode(case["plaintext_b64"].as_str().unwrap()).unwrap();
        let required: EncryptionContext = serde_json::from_value(case["context"].clone()).unwrap();
        let d = esdk::decrypt(&mut kms(), message, &[ARN], &required)
            .unwrap_or_else(|e| panic!("lab cannot decrypt the SDK's {case}: {e}"));
        assert_eq!(d.plaintext, expected, "{case}");
        assert_eq!(d.header.suite.name(), case["suite"]);
        assert_eq!(
            d.header.frame_length as u64,
            case["frame_length"].as_u64().unwrap()
        );
        let label = format!(
            "sdk {} frame {} len {} context of {}",
            case["suite"],
            case["frame_length"],
            expected.len(),
            required.len()
        );
        all.extend(tampered(&label, message));
    }

    // 2. The lab encrypts; the SDK decrypts (below, with every altered message).
    let lab = lab_messages();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for (label, message, _) in &lab {
        inputs.push((label.clone(), message.clone()));
        all.extend(tampered(label, message));
    }
    inputs.extend(all.iter().cloned());
    let messages: Vec<Value> = inputs
        .iter()
        .map(|(label, m)| json!({"label": label, "ciphertext_b64": B64.encode(m)}))
        .collect();
    let answer = run(&python, "decrypt", &spec(json!({ "messages": messages })));
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), inputs.len());
    eprintln!(
        "aws-encryption-sdk {}: {} SDK messages, {} lab messages, {} altered",
        answer["sdk_version"],
        sdk_messages.len(),
        lab.len(),
        all.len()
    );

    for (i, (label, message, plaintext)) in lab.iter().enumerate() {
        let r = &results[i];
        assert_eq!(r["label"], label.as_str());
        assert_eq!(r["ok"], true, "the SDK rejects {label}: {}", r["detail"]);
        assert_eq!(r["plaintext_b64"], B64.encode(plaintext), "{label}");
        let (header, _) = esdk::inspect(message).unwrap();
        assert_eq!(r["suite"], header.suite.name());
        assert_eq!(r["context"], json!(header.context), "{label}");
    }

    // 3. Every altered message fails on both sides, with the same name.
    let mut names = std::collections::BTreeMap::<String, usize>::new();
    for (r, (label, bad)) in results[lab.len()..].iter().zip(&all) {
        assert_eq!(r["label"], label.as_str());
        let ours = esdk::decrypt(&mut kms(), bad, &[ARN], &EncryptionContext::new())
            .expect_err(&format!("the lab accepts {label}"));
        assert_eq!(r["ok"], false, "the SDK accepts {label}");
        assert_eq!(
            r["error"],
            ours.name(),
            "{label}: SDK {} / lab {ours}",
            r["detail"]
        );
        *names.entry(ours.name().to_string()).or_default() += 1;
    }
    for expected in [
        "CommitmentMismatch",
        "DecryptDataKeyFailed",
        "HeaderAuthenticationFailed",
        "BodyAuthenticationFailed",
        "SignatureInvalid",
        "MalformedMessage",
    ] {
        assert!(
            names.contains_key(expected),
            "no altered message failed with {expected}: {names:?}"
        );
    }
}
