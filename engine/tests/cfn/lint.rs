//! cfn-lint over template files, for the tests that write or keep templates
//! (`#[path = "cfn/lint.rs"] mod lint;`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `$CFN_LINT`, else the project's `.venv/bin/cfn-lint`, else `cfn-lint` on PATH.
pub fn cfn_lint() -> PathBuf {
    if let Ok(p) = std::env::var("CFN_LINT") {
        return PathBuf::from(p);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/cfn-lint");
    if venv.exists() {
        return venv;
    }
    let on_path = Command::new("cfn-lint")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(on_path, "cfn-lint not found: run `scripts/setup.sh test` (it installs cfn-lint into .venv/), or set CFN_LINT");
    PathBuf::from("cfn-lint")
}

/// cfn-lint's findings of level Error for `files` (every finding is printed).
pub fn errors(files: &[impl AsRef<Path>]) -> Vec<Value> {
    let out = Command::new(cfn_lint())
        .arg("--format")
        .arg("json")
        .args(files.iter().map(AsRef::as_ref))
        .output()
        .expect("cfn-lint runs");
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "cfn-lint output: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    for f in &findings {
        eprintln!(
            "cfn-lint {} {} {}: {}",
            f["Level"], f["Rule"]["Id"], f["Filename"], f["Message"]
        );
    }
    findings
        .into_iter()
        .filter(|f| f["Level"] == "Error")
        .collect()
}
