//! The importer against hand-made attacks (alias bombs, deep nesting, huge strings, many
//! files). Every outcome is a scenario or an error located in a file (line ≥ 1) in both
//! languages; nothing panics and nothing takes long. Random mutations of the fixtures run
//! with the other fuzz targets in `fuzz.rs` (`fuzz_cfn`, also in `make fuzz`).

use std::time::{Duration, Instant};

use envelope_lab::cfn::{import, Options, Upload};

/// Imports and checks the outcome is well-formed and quick.
fn check(files: &[Upload]) {
    let start = Instant::now();
    let outcome = import(files, &Options::default());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(3), "import took {took:?}");
    if let Err(e) = outcome {
        assert!(
            !e.file.is_empty() && e.line >= 1 && e.column >= 1,
            "not located: {e:?}"
        );
        assert!(
            !e.message.en().is_empty() && !e.message.ja().is_empty(),
            "{e:?}"
        );
    }
}

#[test]
fn an_alias_bomb_stops_at_the_limit() {
    let mut doc = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 1..10u8 {
        let (p, n) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        doc.push_str(&format!(
            "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    doc.push_str("Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: *j\n");
    let files = [Upload {
        name: "bomb.yaml".into(),
        text: doc,
    }];
    check(&files);
    let e = import(&files, &Options::default()).unwrap_err();
    assert!(e.message.en().contains("expands to more than"), "{e:?}");
}

#[test]
fn deep_nesting_huge_strings_and_many_files_are_refused_quickly() {
    let deep_flow = format!("Resources: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let deep_block: String = (0..3000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let big = format!("Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: \"{}\"\n", "x".repeat(2 << 20));
    // Fn::Split then Fn::Join of a big parameter, many times: the evaluation budget ends it.
    let mut join = String::from("Parameters:\n  P:\n    Type: String\n    Default: ");
    join.push_str(&"ab,".repeat(20_000));
    join.push_str("\nResources:\n");
    for i in 0..400 {
        join.push_str(&format!("  R{i}:\n    Type: Custom::X\n    Properties:\n      V: !Join [\"--\", !Split [\",\", !Ref P]]\n"));
    }
    let many: Vec<Upload> = (0..40)
        .map(|i| Upload {
            name: format!("f{i}.yaml"),
            text: "Resources: {}\n".into(),
        })
        .collect();
    for files in [
        vec![Upload {
            name: "flow.yaml".into(),
            text: deep_flow,
        }],
        vec![Upload {
            name: "block.yaml".into(),
            text: deep_block,
        }],
        vec![Upload {
            name: "big.yaml".into(),
            text: big,
        }],
        vec![Upload {
            name: "join.yaml".into(),
            text: join,
        }],
    ] {
        check(&files);
        assert!(
            import(&files, &Options::default()).is_err(),
            "{}",
            files[0].name
        );
    }
    let e = import(&many, &Options::default()).unwrap_err();
    assert!(e.message.en().contains("at most 32 templates"));
}
