//! The official AWS Encryption SDK for Python, as the interop tests find it: the venv
//! `scripts/setup.sh test` creates (`.venv/`, or `ENVELOPE_LAB_VENV`). Under CI (and
//! `make test`, which runs the setup first) a missing SDK is a failure, not a silent pass.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The venv's python when it can import `aws_encryption_sdk`.
fn python() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .to_path_buf();
    let venv = std::env::var_os("ENVELOPE_LAB_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv"));
    let python = venv.join("bin").join("python");
    let has_sdk = Command::new(&python)
        .args(["-c", "import aws_encryption_sdk"])
        .output()
        .is_ok_and(|o| o.status.success());
    has_sdk.then_some(python)
}

/// The SDK's python, or `None` (said on stderr) outside CI; under CI its absence fails `test`.
pub fn python_or_skip(test: &str) -> Option<PathBuf> {
    let found = python();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: no .venv with aws-encryption-sdk under CI (scripts/setup.sh test installs it)"
        );
        eprintln!(
            "SKIPPED {test}: no .venv with aws-encryption-sdk (run scripts/setup.sh test; `make test` does)"
        );
    }
    found
}

/// Runs the script `tests/esdk_interop/<script>` with `args`, then a file holding `input` and
/// the file it answers in, and returns that answer (each call in its own folder: the tests
/// of one binary run in parallel).
pub fn run_script(python: &Path, script: &str, args: &[&str], input: &Value) -> Value {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("esdk-{script}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (src, dst) = (dir.join("in.json"), dir.join("out.json"));
    std::fs::write(&src, input.to_string()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/esdk_interop")
        .join(script);
    let out = Command::new(python)
        .arg(path)
        .args(args)
        .args([src.to_str().unwrap(), dst.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer = serde_json::from_slice(&std::fs::read(&dst).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    answer
}
