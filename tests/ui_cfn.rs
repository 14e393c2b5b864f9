//! Native tests of the CloudFormation dialog and its worker's jobs: reading files into a
//! scenario document and a report, refusing unreadable or broken uploads with their place,
//! exporting the current scenario, the jobs and answers as the page and the worker exchange
//! them, and the report rendered in both languages.

use envelope_lab_web::cfn_dialog::{Report, ReportDialog, ReportProps};
use envelope_lab_web::cfn_work::{answer, export_template, import_files, to_json, Answer, Job};
use envelope_lab_web::runner::default_scenario;
use envelope_lab_web::Lang;
use yew::prelude::*;

fn seed() -> Vec<(String, Result<String, String>)> {
    ["main.yaml", "kms.yaml", "kinesis.yaml", "lambda.yaml"]
        .iter()
        .map(|n| {
            let path = format!("{}/engine/tests/cfn/seed/{n}", env!("CARGO_MANIFEST_DIR"));
            (n.to_string(), Ok(std::fs::read_to_string(path).unwrap()))
        })
        .collect()
}

#[test]
fn files_become_a_scenario_document_and_a_report() {
    let (doc, report) = import_files(seed(), Default::default()).unwrap();
    assert_eq!(doc["streams"][0]["name"], "dva-02-005-DataStream");
    assert!(envelope_lab_web::runner::validate(&doc).is_ok());
    assert!(report
        .summary
        .en()
        .starts_with("4 template file(s) became 2 key(s), 3 role(s)"));
    assert!(!report.notices.is_empty() && report.code.len() == 1);
}

#[test]
fn unreadable_and_broken_uploads_are_refused_with_their_place() {
    let mut files = seed();
    files[2].1 = Err("NotReadableError".into());
    let e = import_files(files, Default::default()).unwrap_err().0;
    assert_eq!(e.en(), "kinesis.yaml could not be read: NotReadableError");
    assert!(e.ja().contains("kinesis.yaml を読み込めませんでした"));
    let mut files = seed();
    let _kms = files.remove(1);
    let e = import_files(files, Default::default()).unwrap_err().0;
    assert!(
        e.en()
            .starts_with("main.yaml:25:20 Resources.KMSStack.Properties.TemplateURL: "),
        "{}",
        e.en()
    );
    assert!(
        e.ja().starts_with("main.yaml (行 25、列 20) "),
        "{}",
        e.ja()
    );
}

#[test]
fn the_current_scenario_exports_and_a_broken_one_is_explained() {
    let yaml = export_template(&default_scenario()).unwrap();
    assert!(yaml.contains("Type: \"AWS::KinesisFirehose::DeliveryStream\""));
    let e = export_template(&serde_json::json!({"version": 1})).unwrap_err();
    assert!(!e.en().is_empty() && !e.ja().is_empty());
}

/// The page posts jobs as JSON and the worker answers each with the same result the
/// functions give, under the job's id; a broken upload is a located failure.
#[test]
fn jobs_and_answers_travel_as_json() {
    let import = to_json(&Job::Import {
        id: 7,
        files: seed(),
        params: Default::default(),
        accounts: vec![],
    });
    let Answer::Imported {
        id,
        scenario,
        report,
    } = serde_json::from_str(&answer(&import)).unwrap()
    else {
        panic!("not imported")
    };
    let (doc, direct) = import_files(seed(), Default::default()).unwrap();
    assert_eq!((id, &scenario, &report), (7, &doc, &direct));

    let export = to_json(&Job::Export {
        id: 8,
        scenario: default_scenario(),
    });
    let expected = Answer::Exported {
        id: 8,
        yaml: export_template(&default_scenario()).unwrap(),
        accounts: vec![],
    };
    assert_eq!(
        serde_json::from_str::<Answer>(&answer(&export)).unwrap(),
        expected
    );

    let mut files = seed();
    let _kms = files.remove(1);
    let broken = to_json(&Job::Import {
        id: 9,
        files,
        params: Default::default(),
        accounts: vec![],
    });
    let Answer::Failed { id, error, .. } = serde_json::from_str(&answer(&broken)).unwrap() else {
        panic!("not failed")
    };
    assert_eq!(id, 9);
    assert!(error.en().starts_with("main.yaml:25:20 "), "{}", error.en());
    assert!(
        error.ja().starts_with("main.yaml (行 25、列 20) "),
        "{}",
        error.ja()
    );

    let Answer::Failed { id: 0, error, .. } = serde_json::from_str(&answer("{}")).unwrap() else {
        panic!("not failed")
    };
    assert!(
        error.en().contains("could not read the job")
            && error.ja().contains("ジョブを読み込めませんでした")
    );
}

/// The worker's loader scripts report a Wasm that cannot start in the answer the page reads.
#[test]
fn the_loaders_report_a_failed_start_as_an_answer() {
    let failed: Answer =
        serde_json::from_str(r#"{"start_failed":{"message":"CompileError: x"}}"#).unwrap();
    assert_eq!(
        failed,
        Answer::StartFailed {
            message: "CompileError: x".into()
        }
    );
    assert_eq!(to_json(&Answer::Ready), r#""ready""#);
    for loader in ["cfn-worker.js", "cfn-worker-bundle.js"] {
        let path = format!("{}/static/{loader}", env!("CARGO_MANIFEST_DIR"));
        let js = std::fs::read_to_string(path).unwrap();
        assert!(
            js.contains("JSON.stringify({ start_failed: { message: String(err) } })"),
            "{loader}"
        );
    }
}

async fn render(report: Report, lang: Lang) -> String {
    yew::ServerRenderer::<ReportDialog>::with_props(move || ReportProps {
        report,
        lang,
        on_close: Callback::noop(),
        values: Default::default(),
        on_reimport: Callback::noop(),
        on_accounts: Callback::noop(),
    })
    .render()
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_report_reads_in_the_ui_language() {
    let (_, report) = import_files(seed(), Default::default()).unwrap();
    let en = render(report.clone(), Lang::En).await;
    assert!(
        en.contains("CloudFormation imported")
            && en.contains("Defaults (")
            && en.contains("Ignored ("),
        "{en}"
    );
    assert!(en.contains("main.yaml:20:7 Resources.Bucket.Properties.AccessControl: Bucket: AccessControl is not simulated and is ignored"));
    let ja = render(report, Lang::Ja).await;
    assert!(
        ja.contains("CloudFormation をインポートしました")
            && ja.contains("デフォルト値 (")
            && ja.contains("無視される設定 ("),
        "{ja}"
    );
    assert!(ja.contains("main.yaml (行 20、列 7) Resources.Bucket.Properties.AccessControl: Bucket: AccessControl はシミュレートされないため無視されます"));
    assert!(ja.contains("のインラインコード (python3.12): 表示のみで、実行されません"));
    assert!(!ja.contains("is not simulated"), "{ja}");
}

/// The root parameters travel with the report and with a failure about a parameter; the
/// values the page sends are the import's (a wrong one is refused where it is declared).
#[test]
fn parameters_are_offered_and_their_values_used() {
    let (_, report) = import_files(seed(), Default::default()).unwrap();
    let names: Vec<_> = report.parameters.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Prefix", "TemplateBucket"]);
    assert_eq!(report.parameters[0].default.as_deref(), Some("dva-02-005"));
    let values = [("Prefix".to_string(), "my-lab".to_string())].into();
    let (doc, _) = import_files(seed(), values).unwrap();
    assert_eq!(doc["streams"][0]["name"], "my-lab-DataStream");

    let mut files = seed();
    files[0].1 = Ok(files[0].1.clone().unwrap().replace(
        "    Default: dva-02-005\n",
        "    AllowedValues: [a-lab, b-lab]\n",
    ));
    let job = to_json(&Job::Import {
        id: 3,
        files: files.clone(),
        params: Default::default(),
        accounts: vec![],
    });
    let Answer::Failed {
        error, parameters, ..
    } = serde_json::from_str(&answer(&job)).unwrap()
    else {
        panic!("not failed")
    };
    assert!(error.en().contains("Parameters.Prefix"), "{}", error.en());
    assert_eq!(parameters[0].allowed, ["a-lab", "b-lab"]);
    assert_eq!(parameters[0].default, None);
    let values = [("Prefix".to_string(), "b-lab".to_string())].into();
    let (doc, _) = import_files(files, values).unwrap();
    assert_eq!(doc["buckets"][0]["name"], "b-lab");
}

async fn render_form(parameters: Vec<envelope_lab::cfn::Declared>, lang: Lang) -> String {
    use envelope_lab_web::cfn_dialog::{FormProps, ParamForm, P};
    yew::ServerRenderer::<ParamForm>::with_props(move || FormProps {
        parameters,
        values: [("Stage".to_string(), "test".to_string())].into(),
        lang,
        submit: P::Reimport,
        on_submit: Callback::noop(),
        on_cancel: None,
    })
    .render()
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_parameter_form_offers_choices_defaults_and_given_values_in_both_languages() {
    let d = |name: &str, default: Option<&str>, allowed: &[&str]| envelope_lab::cfn::Declared {
        name: name.into(),
        file: "main.yaml".into(),
        kind: "String".into(),
        default: default.map(Into::into),
        allowed: allowed.iter().map(|a| a.to_string()).collect(),
        description: Some("the stage".into()),
        no_echo: false,
    };
    let params = vec![
        d("Prefix", Some("dva-02-005"), &[]),
        d("Stage", Some("prod"), &["prod", "test"]),
        d("Owner", None, &[]),
    ];
    let en = render_form(params.clone(), Lang::En).await;
    assert!(en.contains("value=\"dva-02-005\""), "{en}");
    // The value given before wins over the Default.
    assert!(en.contains("<option value=\"test\" selected"), "{en}");
    assert!(!en.contains("<option value=\"prod\" selected"), "{en}");
    assert!(
        en.contains("required (no Default)") && en.contains("required"),
        "{en}"
    );
    assert!(en.contains("Import again with these values"));
    let ja = render_form(params, Lang::Ja).await;
    assert!(
        ja.contains("必須 (Default なし)") && ja.contains("この値でもう一度インポート"),
        "{ja}"
    );
    assert!(!ja.contains("required (no"), "{ja}");
}

fn accounts_fixture(name: &str) -> (String, Result<String, String>) {
    let path = format!(
        "{}/engine/tests/cfn/accounts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    (name.to_string(), Ok(std::fs::read_to_string(path).unwrap()))
}

/// Issue [4/6] §3 in the page: the import job takes an account per file (the report says
/// the account each file went to), and the export of a scenario of several accounts
/// answers with one template per account as well as the one template.
#[tokio::test(flavor = "current_thread")]
async fn accounts_travel_with_the_jobs_and_the_report_offers_them() {
    let files = vec![
        accounts_fixture("data.yaml"),
        accounts_fixture("producer.yaml"),
    ];
    let job = to_json(&Job::Import {
        id: 4,
        files: files.clone(),
        params: Default::default(),
        accounts: vec!["111111111111".into(), "222222222222".into()],
    });
    let Answer::Imported {
        scenario, report, ..
    } = serde_json::from_str(&answer(&job)).unwrap()
    else {
        panic!("not imported")
    };
    assert_eq!(scenario["account"], "111111111111");
    let role = scenario["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "ProducerRole")
        .unwrap();
    assert_eq!(role["account"], "222222222222");
    assert_eq!(
        report.accounts,
        vec![
            ("data.yaml".to_string(), "111111111111".to_string()),
            ("producer.yaml".to_string(), "222222222222".to_string())
        ]
    );
    // The report offers the accounts, in both languages.
    let en = render(report.clone(), Lang::En).await;
    assert!(en.contains("Accounts (2)") && en.contains("Import again with these accounts"));
    assert!(en.contains("value=\"222222222222\""), "{en}");
    let ja = render(report, Lang::Ja).await;
    assert!(ja.contains("アカウント (2)") && ja.contains("このアカウントでもう一度インポート"));
    // A bad account id is a located error in both languages.
    let job = to_json(&Job::Import {
        id: 5,
        files,
        params: Default::default(),
        accounts: vec!["111111111111".into(), "12345".into()],
    });
    let Answer::Failed { error, .. } = serde_json::from_str(&answer(&job)).unwrap() else {
        panic!("not failed")
    };
    assert!(
        error.en().starts_with("producer.yaml:1:1: "),
        "{}",
        error.en()
    );
    assert!(error.ja().contains("12 桁"), "{}", error.ja());
    // The export of a scenario of several accounts.
    let job = to_json(&Job::Export {
        id: 6,
        scenario: serde_json::to_value(
            envelope_lab::sim::presets::get("org-cross-account-producer").unwrap(),
        )
        .unwrap(),
    });
    let Answer::Exported { yaml, accounts, .. } = serde_json::from_str(&answer(&job)).unwrap()
    else {
        panic!("not exported")
    };
    assert!(yaml.contains("AWS::Kinesis::ResourcePolicy"));
    let names: Vec<&str> = accounts.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(names, ["123456789012", "333333333333"]);
    assert!(accounts[1].1.contains("AWS::Lambda::Function"));
    assert!(!accounts[1].1.contains("AWS::Kinesis::Stream"));
}

async fn render_export(lang: Lang) -> String {
    use envelope_lab_web::cfn_dialog::{ExportDialog, ExportProps};
    yew::ServerRenderer::<ExportDialog>::with_props(move || ExportProps {
        all: "all".into(),
        templates: vec![
            ("123456789012".into(), "a".into()),
            ("333333333333".into(), "b".into()),
        ],
        lang,
        on_close: Callback::noop(),
    })
    .render()
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_export_dialog_offers_one_download_per_account() {
    let en = render_export(Lang::En).await;
    assert!(
        en.contains("Account 123456789012 (the scenario&#x27;s)")
            || en.contains("Account 123456789012 (the scenario's)"),
        "{en}"
    );
    assert!(en.contains("Account 333333333333") && en.contains("One template with every account"));
    let ja = render_export(Lang::Ja).await;
    assert!(
        ja.contains("アカウント 333333333333")
            && ja.contains("すべてのアカウントを含む 1 つのテンプレート")
    );
}
