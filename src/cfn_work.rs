//! The CloudFormation importer and exporter as jobs of their own Web Worker.
//!
//! Only trainers who bring a template use `envelope_lab::cfn`, and it would make up a sixth
//! of the app's Wasm, so the page does not carry it: `src/bin/cfn_worker.rs` is a second
//! Wasm module, started the first time the import or export is used
//! (`src/cfn_dialog.rs`), that answers these jobs. The page and the worker exchange them as
//! JSON text; nothing in the page calls the functions below, so the app's own Wasm links
//! none of the importer (tests/browser/cfn.test.mjs checks the built files). Natively, the
//! tests call them directly. See docs/ARCHITECTURE.md ("The web app").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use envelope_lab::cfn::{self, Declared, FunctionCode, NoticeKind, Options, Upload};
use envelope_lab::sim::scenario::{json_error_text, Scenario};
use envelope_lab::text::Text;

use crate::worker_wire::reply;
pub use crate::worker_wire::to_json;

/// A job for the worker; `id` comes back in its answer. (Jobs and answers are externally
/// tagged, `{"import": {…}}`: unlike `#[serde(tag = …)]` that needs no buffering of the
/// message, measured smaller in both Wasm modules.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Template files as read by the page: each its name and its text, or why it could
    /// not be read.
    Import {
        id: u32,
        files: Vec<(String, Result<String, String>)>,
        /// Values of the root templates' parameters (the dialog's Parameters form).
        #[serde(default)]
        params: BTreeMap<String, String>,
        /// The account of each file (the dialog's Accounts form; empty: the account the
        /// template says, else the scenario's).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accounts: Vec<String>,
    },
    /// The current scenario document, to be written as a template.
    Export { id: u32, scenario: Value },
}

/// What the worker says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Its Wasm is running and it takes jobs (sent once, first).
    Ready,
    /// Its Wasm could not start (sent by the worker's loader script, static/cfn-worker*.js).
    StartFailed { message: String },
    /// An import's scenario document and report.
    Imported {
        id: u32,
        scenario: Value,
        report: Report,
    },
    /// An export's template, and for a scenario of several accounts one template per
    /// account (`(account, YAML)`, the scenario's own first).
    Exported {
        id: u32,
        yaml: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accounts: Vec<(String, String)>,
    },
    /// A job's located error, in both languages (the learner's scenario stays as it was),
    /// and for an import the root parameters the learner can give (to try again with).
    Failed {
        id: u32,
        error: Text,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        parameters: Vec<Declared>,
    },
}

impl Answer {
    /// The job this answers (none for the worker's own messages).
    pub fn id(&self) -> Option<u32> {
        match self {
            Answer::Ready | Answer::StartFailed { .. } => None,
            Answer::Imported { id, .. }
            | Answer::Exported { id, .. }
            | Answer::Failed { id, .. } => Some(*id),
        }
    }
}

/// What the last import did, shown until the learner closes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// One line: files in, what came out.
    pub summary: Text,
    /// Defaults, not simulated, ignored: each located (file, line, column, path).
    pub notices: Vec<ReportNotice>,
    /// Inline function code (shown, never run).
    pub code: Vec<FunctionCode>,
    /// The root templates' parameters (the dialog offers to import again with others).
    #[serde(default)]
    pub parameters: Vec<Declared>,
    /// Each file and the account its stacks were created in (the dialog offers to import
    /// again with others when there are several files).
    #[serde(default)]
    pub accounts: Vec<(String, String)>,
}

/// One notice of the report, already located (file, line, column, path) in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportNotice {
    pub kind: NoticeKind,
    pub text: Text,
}

/// Imports read files with the learner's parameter values: the scenario document and the
/// report, or a located error with the root parameters (the caller keeps the current
/// scenario).
pub fn import_files(
    files: Vec<(String, Result<String, String>)>,
    params: BTreeMap<String, String>,
) -> Result<(Value, Report), (Text, Vec<Declared>)> {
    import_files_in(files, params, vec![])
}

/// [`import_files`], each file in the account given for it (an empty or missing entry:
/// the account its template says, else the scenario's).
pub fn import_files_in(
    files: Vec<(String, Result<String, String>)>,
    params: BTreeMap<String, String>,
    accounts: Vec<String>,
) -> Result<(Value, Report), (Text, Vec<Declared>)> {
    let mut uploads = Vec::with_capacity(files.len());
    for (name, text) in files {
        match text {
            Ok(text) => uploads.push(Upload { name, text }),
            Err(e) => {
                let why = Text::new(
                    format!("{name} could not be read: {e}"),
                    format!("{name} を読み込めませんでした: {e}"),
                );
                return Err((why, vec![]));
            }
        }
    }
    let n = uploads.len();
    let parameters = cfn::root_parameters(&uploads);
    let options = Options {
        params,
        ..Options::default()
    };
    let accounts: Vec<Option<String>> = accounts
        .into_iter()
        .map(|a| Some(a.trim().to_string()).filter(|a| !a.is_empty()))
        .collect();
    let out = match cfn::import_accounts(&uploads, &accounts, &options) {
        Ok(out) => out,
        // The form is offered again when the problem is a parameter's value.
        Err(e) if e.path.starts_with("Parameters") => return Err((e.located(), parameters)),
        Err(e) => return Err((e.located(), vec![])),
    };
    let s = &out.scenario;
    let doc =
        serde_json::to_value(s).map_err(|e| (Text::new(e.to_string(), e.to_string()), vec![]))?;
    let summary = Text::new(
        format!(
            "{n} template file(s) became {} key(s), {} role(s), {} stream(s), {} producer(s), {} delivery stream(s) and {} bucket(s). The import is one edit: Undo brings your previous scenario back.",
            s.keys.len(), s.roles.len(), s.streams.len(), s.producers.len(), s.delivery_streams.len(), s.buckets.len()
        ),
        format!(
            "{n} 個のテンプレートファイルから、キー {} 個、ロール {} 個、ストリーム {} 個、プロデューサー {} 個、Firehose ストリーム {} 個、バケット {} 個を作成しました。インポートは 1 つの編集です。元に戻すと以前のシナリオに戻ります。",
            s.keys.len(), s.roles.len(), s.streams.len(), s.producers.len(), s.delivery_streams.len(), s.buckets.len()
        ),
    );
    let accounts = uploads
        .iter()
        .map(|u| u.name.clone())
        .zip(out.accounts.iter().cloned())
        .collect();
    let notices = out
        .notices
        .iter()
        .map(|n| ReportNotice {
            kind: n.kind,
            text: n.located(),
        })
        .collect();
    Ok((
        doc,
        Report {
            summary,
            notices,
            code: out.code,
            parameters,
            accounts,
        },
    ))
}

/// The current scenario as a CloudFormation template. The page checks the scenario with
/// its own `Scenario::from_json` first (the error located by JSON path); here it is read
/// straight from the JSON value, the way the importer reads scenario values, so the worker
/// holds one deserializer of the scenario (measured: smaller), and checked again.
pub fn export_template(doc: &Value) -> Result<String, Text> {
    export_templates(doc).map(|(yaml, _)| yaml)
}

/// The current scenario as one template, and, when it spans several accounts, as one
/// template per account (`(account, YAML)`; empty for one account).
pub fn export_templates(doc: &Value) -> Result<(String, Vec<(String, String)>), Text> {
    let s = Scenario::deserialize(doc).map_err(|e| json_error_text(&e))?;
    s.validate().map_err(|e| e.located())?;
    let mut per_account = cfn::export_accounts(&s);
    if per_account.len() < 2 {
        per_account.clear();
    }
    Ok((cfn::export(&s), per_account))
}

/// Does a job.
pub fn run(job: Job) -> Answer {
    match job {
        Job::Import {
            id,
            files,
            params,
            accounts,
        } => match import_files_in(files, params, accounts) {
            Ok((scenario, report)) => Answer::Imported {
                id,
                scenario,
                report,
            },
            Err((error, parameters)) => Answer::Failed {
                id,
                error,
                parameters,
            },
        },
        Job::Export { id, scenario } => match export_templates(&scenario) {
            Ok((yaml, accounts)) => Answer::Exported { id, yaml, accounts },
            Err(error) => Answer::Failed {
                id,
                error,
                parameters: vec![],
            },
        },
    }
}

/// The worker's whole protocol: a job's JSON in, its answer's JSON out. A message that is
/// not a job (only the page posts to the worker, so a bug) is answered as job 0's failure.
pub fn answer(message: &str) -> String {
    reply(message, run, |e| Answer::Failed {
        id: 0,
        error: Text::new(
            format!("the CloudFormation worker could not read the job: {e}"),
            format!("CloudFormation のワーカーがジョブを読み込めませんでした: {e}"),
        ),
        parameters: vec![],
    })
}
