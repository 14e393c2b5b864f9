//! The importer against broken and hostile input: random mutations of the fixtures and
//! hand-made attacks (alias bombs, deep nesting, huge strings, many files). Every outcome
//! is a scenario or an error located in a file (line ≥ 1) in both languages; nothing
//! panics and nothing takes long.

use std::time::{Duration, Instant};

use envelope_lab::cfn::{import, Options, Upload};

fn fixture(dir: &str, names: &[&str]) -> Vec<Upload> {
    names
        .iter()
        .map(|n| Upload {
            name: n.to_string(),
            text: std::fs::read_to_string(format!(
                "{}/tests/cfn/{dir}/{n}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        })
        .collect()
}

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

/// xorshift64*: reproducible mutations without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!Join ",
    "!Select ",
    "!Split ",
    "!If ",
    "!ImportValue ",
    "!FindInMap ",
    "!Condition ",
    "!Equals ",
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    "- ",
    "\n",
    "  ",
    "\t",
    "${",
    "}",
    "Fn::Sub",
    "AWS::NoValue",
    "AWS::AccountId",
    "'",
    "\"",
    "#",
    "|\n",
    ">\n",
    "---\n",
    "!!str ",
    "!!int ",
    "~",
    "Ref",
    "Outputs.",
    ".Arn",
    "DependsOn: KMSStack\n",
    "Condition: X\n",
    "\u{3042}",
    "\\",
    "%",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut t: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(t.len() + 1);
        match rng.below(5) {
            0 => {
                let end = (at + rng.below(40)).min(t.len());
                t.drain(at..end);
            }
            1 => {
                let end = (at + rng.below(60)).min(t.len());
                let copy: Vec<char> = t[at..end].to_vec();
                let to = rng.below(t.len() + 1);
                t.splice(to..to, copy);
            }
            2 | 3 => {
                let tok = TOKENS[rng.below(TOKENS.len())];
                t.splice(at..at, tok.chars());
            }
            _ => {
                if at < t.len() {
                    t[at] = (b' ' + rng.below(95) as u8) as char;
                }
            }
        }
    }
    t.into_iter().collect()
}

#[test]
fn random_mutations_of_the_fixtures_never_break_the_importer() {
    let sets = [
        fixture(
            "seed",
            &["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"],
        ),
        fixture("intrinsics", &["intrinsics.yaml", "exporter.yaml"]),
        fixture("intrinsics", &["intrinsics.json", "exporter.yaml"]),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..600 {
        let mut files = sets[rng.below(sets.len())].clone();
        let i = rng.below(files.len());
        files[i].text = mutate(&mut rng, &files[i].text);
        check(&files);
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
