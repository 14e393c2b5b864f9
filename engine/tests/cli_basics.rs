//! The native CLI's basic contract: --help and --version.

use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_envelope-lab"))
}

#[test]
fn version_prints_the_crate_version() {
    let out = cli().arg("--version").output().expect("run envelope-lab");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.trim(),
        format!("envelope-lab {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_describes_the_tool() {
    let out = cli().arg("--help").output().expect("run envelope-lab");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("envelope encryption"), "{text}");
    assert!(text.contains("Usage: envelope-lab"), "{text}");
}
