//! Native tests of the CloudFormation dialog: reading files into a scenario document and a
//! report, refusing unreadable or broken uploads with their place, exporting the current
//! scenario, and the report rendered in both languages.

use envelope_lab_web::cfn_dialog::{
    export_template, import_files, Report, ReportDialog, ReportProps,
};
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
    let (doc, report) = import_files(seed()).unwrap();
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
    let e = import_files(files).unwrap_err();
    assert_eq!(e.en(), "kinesis.yaml could not be read: NotReadableError");
    assert!(e.ja().contains("kinesis.yaml を読み込めませんでした"));
    let mut files = seed();
    let _kms = files.remove(1);
    let e = import_files(files).unwrap_err();
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

async fn render(report: Report, lang: Lang) -> String {
    yew::ServerRenderer::<ReportDialog>::with_props(move || ReportProps {
        report,
        lang,
        on_close: Callback::noop(),
    })
    .render()
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn the_report_reads_in_the_ui_language() {
    let (_, report) = import_files(seed()).unwrap();
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
