//! The official AWS Encryption SDK for Python, as the interop tests find it: the venv
//! `scripts/setup.sh test` creates (`.venv/`, or `ENVELOPE_LAB_VENV`). Under CI (and
//! `make test`, which runs the setup first) a missing SDK is a failure, not a silent pass.

use std::path::{Path, PathBuf};
use std::process::Command;

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
