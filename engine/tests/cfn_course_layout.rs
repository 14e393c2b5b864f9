//! The course's parent template names its children
//! `https://${TemplateBucketName}.s3.${AWS::Region}.amazonaws.com/${Prefix}/${Prefix}-kms.yaml`
//! and a learner uploads them as `dva-02-005-kms.yaml`, …: the import resolves each URL with
//! the parent's parameters before looking for the file, never creates a nested template as
//! a root of its own (which made two keys and two streams where AWS makes one), and runs
//! exactly like the lab's own four-file fixture (tests/cfn/seed, whose trace is the default
//! scenario's, see cfn_seed.rs). Also the reproducers of tests/cfn/repro.

#[path = "cfn/lint.rs"]
mod lint;

use std::path::PathBuf;

use envelope_lab::cfn::{import, NoticeKind, Options, Upload};
use envelope_lab::sim::{Scenario, Simulation};

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cfn")
        .join(sub)
}

fn read(sub: &str, file: &str) -> String {
    let p = dir(sub).join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn upload(name: &str, text: String) -> Upload {
    Upload {
        name: name.into(),
        text,
    }
}

/// The course's layout: tests/cfn/course/main.yaml and the fixture's children under the
/// names `{prefix}-kms.yaml`, … (the names a learner downloads).
fn course(prefix: &str) -> Vec<Upload> {
    let mut files = vec![upload("main.yaml", read("course", "main.yaml"))];
    for child in ["kms", "kinesis", "lambda"] {
        let text = read("seed", &format!("{child}.yaml"));
        files.push(upload(&format!("{prefix}-{child}.yaml"), text));
    }
    files
}

fn seed() -> Vec<Upload> {
    ["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"]
        .iter()
        .map(|f| upload(f, read("seed", f)))
        .collect()
}

fn trace_hash(s: &Scenario) -> String {
    let mut sim = Simulation::new(s, 1).unwrap();
    sim.run_to_end();
    sim.summary().trace_sha256
}

/// The scenario without what only says where it came from.
fn counts(s: &Scenario) -> [usize; 6] {
    [
        s.keys.len(),
        s.streams.len(),
        s.delivery_streams.len(),
        s.buckets.len(),
        s.producers.len(),
        s.roles.len(),
    ]
}

#[test]
fn the_course_layout_imports_as_one_stack_and_runs_like_the_fixture() {
    let imported = import(&course("dva-02-005"), &Options::default()).unwrap();
    let fixture = import(&seed(), &Options::default()).unwrap();
    // One key per AWS::KMS::Key of the children (2), one stream, one delivery stream, one
    // bucket, one producer: nothing created twice.
    assert_eq!(counts(&imported.scenario), [2, 1, 1, 1, 1, 3]);
    assert_eq!(imported.scenario, fixture.scenario);
    assert_eq!(
        trace_hash(&imported.scenario),
        trace_hash(&fixture.scenario)
    );
    // Nothing said about a file not used or a name guessed: every URL named its file.
    assert!(
        imported
            .notices
            .iter()
            .all(|n| !n.message.en().contains("TemplateURL")
                && !n.message.en().contains("is not imported")),
        "{:#?}",
        imported.notices
    );
}

/// The parent as written and its children under the course's names pass cfn-lint.
#[test]
fn the_course_layout_passes_cfn_lint() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-course-layout");
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = vec![];
    for f in course("dva-02-005") {
        let p = dir.join(&f.name);
        std::fs::write(&p, &f.text).unwrap();
        paths.push(p);
    }
    let errors = lint::errors(&paths);
    assert!(errors.is_empty(), "cfn-lint errors: {errors:#?}");
}

#[test]
fn a_child_whose_parameters_have_defaults_is_still_created_once() {
    // Before: the child was also a root of its own (its name did not match
    // `${Prefix}-kms.yaml`), so with a Default for Prefix it was created twice.
    let mut files = course("dva-02-005");
    for f in &mut files[1..] {
        f.text = f.text.replacen(
            "  Prefix:\n    Type: String\n",
            "  Prefix:\n    Type: String\n    Default: other\n",
            1,
        );
    }
    assert!(files[1].text.contains("Default: other"));
    let s = import(&files, &Options::default()).unwrap().scenario;
    assert_eq!(counts(&s)[..4], [2, 1, 1, 1]);
    assert_eq!(s.streams[0].name, "dva-02-005-DataStream");
}

#[test]
fn another_prefix_still_finds_the_uploaded_files_by_their_pattern_and_says_so() {
    let options = Options {
        params: [("Prefix".to_string(), "my-lab".to_string())].into(),
        ..Options::default()
    };
    let imported = import(&course("dva-02-005"), &options).unwrap();
    let s = &imported.scenario;
    assert_eq!(counts(s)[..4], [2, 1, 1, 1]);
    assert_eq!(s.streams[0].name, "my-lab-DataStream");
    let said: Vec<_> = imported
        .notices
        .iter()
        .filter(|n| n.message.en().contains("not uploaded; the lab uses"))
        .collect();
    assert_eq!(said.len(), 3, "{:#?}", imported.notices);
    let kms = said
        .iter()
        .find(|n| n.path == "Resources.KMSStack.Properties.TemplateURL")
        .unwrap();
    assert_eq!(
        (kms.file.as_str(), kms.line, kms.kind),
        ("main.yaml", 27, NoticeKind::Default)
    );
    assert!(kms.message.en().contains("\"my-lab-kms.yaml\""));
    assert!(kms.message.en().contains("dva-02-005-kms.yaml"));
    assert!(kms.message.en().contains("*-kms.yaml"));
    assert!(kms.message.ja().contains("パターン *-kms.yaml"));
}

#[test]
fn files_named_with_the_pattern_itself_are_found() {
    let s = import(&course("${Prefix}"), &Options::default())
        .unwrap()
        .scenario;
    assert_eq!(counts(&s)[..4], [2, 1, 1, 1]);
}

#[test]
fn two_files_fitting_one_pattern_are_an_error_naming_both() {
    let mut files = course("a");
    let kms = read("seed", "kms.yaml");
    files.push(upload("b-kms.yaml", kms));
    let options = Options {
        params: [("Prefix".to_string(), "c".to_string())].into(),
        ..Options::default()
    };
    let e = import(&files, &options).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("main.yaml", 27));
    assert!(
        e.message.en().contains("a-kms.yaml, b-kms.yaml"),
        "{}",
        e.message.en()
    );
    assert!(e.message.ja().contains("複数"));
}

#[test]
fn an_empty_template_url_says_so() {
    let mut files = course("dva-02-005");
    files[0].text = files[0].text.replacen(
        "!Sub \"https://${TemplateBucketName}.s3.${AWS::Region}.amazonaws.com/${Prefix}/${Prefix}-kms.yaml\"",
        "\"\"",
        1,
    );
    let e = import(&files, &Options::default()).unwrap_err();
    assert_eq!(e.path, "Resources.KMSStack.Properties.TemplateURL");
    assert!(e.message.en().contains("is empty"), "{}", e.message.en());
    assert!(!e.message.en().contains("\"\""));
    assert!(e.message.ja().contains("TemplateURL が空です"));
}

#[test]
fn a_template_nested_twice_names_its_stack_in_its_notices() {
    let parent = "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://b.s3.amazonaws.com/child.yaml\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://b.s3.amazonaws.com/child.yaml\n";
    let child = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
    let files = vec![
        upload("parent.yaml", parent.into()),
        upload("child.yaml", child.into()),
    ];
    let imported = import(&files, &Options::default()).unwrap();
    let topic: Vec<_> = imported
        .notices
        .iter()
        .filter(|n| n.file == "child.yaml")
        .collect();
    assert_eq!(topic.len(), 2, "{:#?}", imported.notices);
    assert!(topic[0].message.en().starts_with("stack parent-A: "));
    assert!(topic[1].message.en().starts_with("stack parent-B: "));
    assert!(topic[1].message.ja().starts_with("スタック parent-B: "));
    // A file made into one stack keeps its notices as they were.
    let one = parent.split("  B:").next().unwrap().to_string();
    let files = vec![
        upload("parent.yaml", one),
        upload("child.yaml", child.into()),
    ];
    let imported = import(&files, &Options::default()).unwrap();
    let n = imported
        .notices
        .iter()
        .find(|n| n.file == "child.yaml")
        .unwrap();
    assert!(n.message.en().starts_with("Topic"), "{}", n.message.en());
}

// The reproducers (tests/cfn/repro, from the issue): each failed before.

fn repro(sub: &str, names: &[&str]) -> Vec<Upload> {
    names
        .iter()
        .map(|n| upload(n, read(&format!("repro/{sub}"), n)))
        .collect()
}

#[test]
fn repro_nested_pattern_makes_one_key_and_one_stream() {
    let files = repro("cfn-nested-pattern", &["app.yaml", "app-child.yaml"]);
    let s = import(&files, &Options::default()).unwrap().scenario;
    assert_eq!((s.keys.len(), s.streams.len()), (1, 1));
    assert_eq!(s.streams[0].name, "app-stream");
}

#[test]
fn repro_bare_get_azs_is_the_region() {
    for f in ["getazs1.yaml", "getazs4.json"] {
        let s = import(&repro("cfn-getazs-bare", &[f]), &Options::default())
            .unwrap_or_else(|e| panic!("{f}: {e}"))
            .scenario;
        assert_eq!(s.buckets[0].name, "ap-northeast-1a", "{f}");
    }
}

#[test]
fn repro_a_default_that_is_not_a_string_says_what_cloudformation_says_and_where() {
    for (f, what, line, col) in [
        ("listdefault.yaml", "is a list", 4, 14),
        ("mapdefault.yaml", "is a mapping", 4, 14),
        ("default-is-ref.yaml", "is the function Ref", 5, 14),
    ] {
        let e = import(&repro("cfn-default-not-scalar", &[f]), &Options::default()).unwrap_err();
        let en = e.message.en();
        assert_eq!((e.file.as_str(), e.line, e.column), (f, line, col), "{en}");
        assert_eq!(e.path, "Parameters.P.Default");
        assert!(en.contains(what), "{en}");
        assert!(en.contains("Every Default member must be a string"), "{en}");
        assert!(!en.contains("has no Default"), "{en}");
        assert!(e.message.ja().contains("文字列でなければなりません"));
    }
}

/// A nested stack whose own parent passes another value than its Default: before any
/// stack is created the Default names one file, the creation another; the file no stack
/// used is said, not dropped silently.
#[test]
fn a_file_no_created_stack_uses_is_said() {
    let root = "Resources:\n  Mid:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://b.s3.amazonaws.com/mid.yaml\n      Parameters:\n        Env: prod\n";
    let mid = "Parameters:\n  Env:\n    Type: String\n    Default: dev\nResources:\n  Leaf:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub https://b.s3.amazonaws.com/${Env}-leaf.yaml\n";
    let leaf = |key: &str| format!("Resources:\n  {key}:\n    Type: AWS::KMS::Key\n");
    let mut files = vec![
        upload("root.yaml", root.into()),
        upload("mid.yaml", mid.into()),
        upload("dev-leaf.yaml", leaf("DevKey")),
        upload("prod-leaf.yaml", leaf("ProdKey")),
    ];
    // In any upload order, prod-leaf.yaml (a root to the first guess) is created once,
    // nested.
    files.reverse();
    let reversed = import(&files, &Options::default()).unwrap();
    assert_eq!(reversed.scenario.keys.len(), 1);
    files.reverse();
    let imported = import(&files, &Options::default()).unwrap();
    let keys: Vec<_> = imported
        .scenario
        .keys
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(keys, ["ProdKey"]);
    let n = imported
        .notices
        .iter()
        .find(|n| n.file == "dev-leaf.yaml")
        .expect("the unused file is named");
    assert_eq!((n.kind, n.line), (NoticeKind::NotSimulated, 1));
    assert!(
        n.message.en().contains("dev-leaf.yaml is not imported"),
        "{}",
        n.message.en()
    );
    assert!(n.message.ja().contains("インポートされません"));
}

/// What the page asks for: the root's parameters only (the children's come from it), with
/// their Defaults and AllowedValues; a Systems Manager type's Default names a parameter
/// the lab cannot read, so none is offered.
#[test]
fn the_parameters_to_ask_for_are_the_roots() {
    let mut files = course("dva-02-005");
    files[0].text = files[0].text.replace(
        "Resources:",
        "  Ami:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /aws/service/x\n    NoEcho: true\nResources:",
    );
    let asked = envelope_lab::cfn::root_parameters(&files);
    let names: Vec<_> = asked.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Prefix", "TemplateBucketName", "Ami"]);
    assert_eq!(asked[0].default.as_deref(), Some("dva-02-005"));
    assert_eq!(asked[0].file, "main.yaml");
    assert_eq!(asked[2].default, None);
    assert!(asked[2].no_echo);
}

/// A URL whose file name is all unknown (`${Name}.yaml`) names no uploaded file by
/// pattern: another root uploaded beside it stays a root, and the missing file is said.
#[test]
fn a_file_name_of_only_unknown_values_is_not_guessed() {
    let a = "Parameters:\n  Name:\n    Type: String\n    Default: missing\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: !Sub https://b.s3.amazonaws.com/${Name}.yaml\n";
    let b = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n";
    let files = vec![upload("a.yaml", a.into()), upload("b.yaml", b.into())];
    let e = import(&files, &Options::default()).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("a.yaml", 9));
    assert!(
        e.message.en().contains("add the file \"missing.yaml\""),
        "{}",
        e.message.en()
    );
}
