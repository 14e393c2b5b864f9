//! The CLI reads every input bounded and echoes bounded: an endless input (`/dev/zero`,
//! `/dev/urandom`, a pipe) or a file over the limit fails at once with a clear error
//! instead of filling memory, and an error quoting a huge value prints a bounded line.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_envelope-lab");

/// Runs the CLI with `args` (stdin from `stdin` when given); its output and how long it took.
fn cli(args: &[&str], stdin: Option<&str>) -> (Output, Duration) {
    let started = Instant::now();
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(path) = stdin {
        cmd.stdin(std::fs::File::open(path).unwrap());
    }
    let out = cmd.output().expect("the CLI runs");
    (out, started.elapsed())
}

fn refused_as_too_large(out: &Output, took: Duration, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert!(
        err.contains("is larger than 16 MiB, the most the lab reads from one input"),
        "{what}: {err}"
    );
    assert!(out.stdout.is_empty(), "{what}");
    assert!(err.len() < 1000, "{what}: {} bytes of error", err.len());
    // Debug builds read 16 MiB in well under a second; far from reading forever.
    assert!(took < Duration::from_secs(20), "{what}: {took:?}");
}

#[test]
fn endless_inputs_stop_at_the_limit_with_a_clear_error() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !std::path::Path::new(dev).exists() {
            continue;
        }
        for args in [
            vec!["run", "--scenario", dev, "--summary"],
            vec!["eval", dev],
            vec!["lint", dev],
            vec!["import", "cfn", dev],
            vec!["export", "cfn", "--scenario", dev],
            vec!["lessons", "check", dev],
        ] {
            let (out, took) = cli(&args, None);
            refused_as_too_large(&out, took, &format!("{args:?}"));
        }
        let (out, took) = cli(&["eval", "-"], Some(dev));
        refused_as_too_large(&out, took, &format!("eval - < {dev}"));
    }
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("envelope-lab-bounded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len((16 << 20) + 1).unwrap();
    let (out, took) = cli(&["run", "--scenario", big.to_str().unwrap()], None);
    refused_as_too_large(&out, took, "a sparse 16 MiB + 1 file");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_error_quoting_a_huge_value_is_echoed_bounded() {
    // Lesson 1 whose number is a 10 MB string: the parser's error quotes the value.
    let dir = std::env::temp_dir().join(format!("envelope-lab-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lesson = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../lessons/01-pipeline-in-the-clear.json"
    );
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lesson).unwrap()).unwrap();
    doc["number"] = "9".repeat(10 << 20).into();
    let path = dir.join("01-pipeline-in-the-clear.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let (out, _) = cli(&["lessons", "check", path.to_str().unwrap()], None);
    let shown = out.stdout.len() + out.stderr.len();
    assert_ne!(out.status.code(), Some(0));
    assert!(shown < 64 << 10, "{shown} bytes printed");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("more bytes not shown"),
        "{}",
        &all[..all.len().min(2000)]
    );
    let path = dir.join("scenario.json");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(f, "{{\"version\": \"{}\"}}", "9".repeat(10 << 20)).unwrap();
    drop(f);
    let (out, _) = cli(&["run", "--scenario", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.len() < 64 << 10, "{} bytes", out.stderr.len());
    std::fs::remove_dir_all(&dir).ok();
}
