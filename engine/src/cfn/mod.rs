//! CloudFormation import and export.
//!
//! Import: template files (YAML or JSON, nested stacks and cross-stack exports included)
//! become a scenario, the way CloudFormation would create the stacks: yaml.rs reads the
//! files with positions, stack.rs creates the stacks (params.rs, conditions.rs,
//! intrinsic.rs, names.rs), map.rs and map_iam.rs turn the created resources into the
//! scenario. Every problem is located (file, line, column, template path) in English and
//! Japanese; what the simulator does not model is listed in notices, never silently
//! dropped.
//!
//! Export (export.rs): a scenario becomes one YAML template with short-form tags that
//! creates the same keys, roles, stream, delivery stream, bucket and producer; what only
//! the simulation needs (key ids, producer settings, events) rides along in
//! `Metadata.EnvelopeLab`, so importing an export gives back the same scenario.
//!
//! Several accounts: [`import_accounts`] creates each file's stacks in its own account, and
//! [`export_accounts`] writes one template per account (see docs/ARCHITECTURE.md,
//! "CloudFormation across accounts").

pub mod cli;
pub mod conditions;
pub mod declared;
pub mod emit;
pub mod error;
pub mod export;
pub mod intrinsic;
pub mod limits;
pub mod managed;
pub mod map;
pub mod map_iam;
pub mod names;
pub mod nesting;
pub mod params;
pub mod props;
pub mod stack;
pub mod yaml;

use std::collections::BTreeMap;

pub use declared::{root_parameters, Declared};
pub use error::{CfnError, Notice, NoticeKind};
pub use export::{export, export_accounts};
pub use map::FunctionCode;

use crate::sim::scenario::{EventSpec, KmsSettings, ReaderSpec, Scenario};
use error::{Fail, Mark};
use yaml::{Node, V};

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file name (a nested stack's `TemplateURL` ends with it).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// What the learner chooses for an import (all optional).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `AWS::AccountId` (default: the exported template's, else 123456789012).
    pub account: Option<String>,
    /// `AWS::Region` (default: the exported template's, else ap-northeast-1).
    pub region: Option<String>,
    /// `AWS::StackName` of the first root template (default: its file name).
    pub stack_name: Option<String>,
    /// Parameter values for the root templates.
    pub params: BTreeMap<String, String>,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The scenario (validated).
    pub scenario: Scenario,
    /// Defaults filled in, resources not simulated, properties ignored.
    pub notices: Vec<Notice>,
    /// Inline function code, shown to the learner (never run).
    pub code: Vec<FunctionCode>,
    /// The account each file's root stack was created in, by file (a nested file: the
    /// account it was given or the scenario's; it is created in its parent's).
    pub accounts: Vec<String>,
}

const DEFAULT_ACCOUNT: &str = "123456789012";
const DEFAULT_REGION: &str = "ap-northeast-1";
const DEFAULT_START: &str = "2024-03-27T10:57:58Z";

/// Imports template files into a scenario.
pub fn import(files: &[Upload], options: &Options) -> Result<Imported, CfnError> {
    import_accounts(files, &[], options)
}

/// Imports template files, each into its own account: `accounts[i]` is the account of
/// file `i` (`None`, or a missing entry: the account its `Metadata.EnvelopeLab` names,
/// else `options.account`, else the default). Each file's stacks are created in its
/// account (`AWS::AccountId`, the ARNs of what they create, their exports); the first
/// file's account is the scenario's `account` and the resources of every other account
/// carry theirs. With no per-file account this is [`import`].
pub fn import_accounts(
    files: &[Upload],
    accounts: &[Option<String>],
    options: &Options,
) -> Result<Imported, CfnError> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    import_inner(files, accounts, options).map_err(|e| e.locate(&names))
}

/// Is `a` an AWS account id (12 digits)?
pub fn is_account_id(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}

/// The error for an account id that is not 12 digits, at file `file`.
fn bad_account(file: u16, a: &str) -> Fail {
    Fail::new(
        Mark {
            file,
            line: 1,
            col: 1,
        },
        "",
        format!("the account id {a:?} given for this file is not an AWS account id (12 digits)"),
        format!("このファイルに指定されたアカウント ID {a:?} は AWS アカウント ID (12 桁の数字) ではありません"),
    )
}

fn file_error(en: String, ja: String) -> Fail {
    Fail::new(Mark::default(), "", en, ja)
}

fn import_inner(
    files: &[Upload],
    accounts: &[Option<String>],
    options: &Options,
) -> Result<Imported, Fail> {
    if files.is_empty() {
        return Err(file_error(
            "no template file given".into(),
            "テンプレートファイルが指定されていません".into(),
        ));
    }
    if files.len() > limits::FILES {
        return Err(file_error(
            format!(
                "{} files; at most {} templates at once",
                files.len(),
                limits::FILES
            ),
            format!(
                "{} 個のファイルがあります。一度に扱えるテンプレートは最大 {} 個です",
                files.len(),
                limits::FILES
            ),
        ));
    }
    let mut sources = Vec::with_capacity(files.len());
    let mut read_notices = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if files[..i].iter().any(|g| g.name == f.name) {
            return Err(Fail::new(Mark { file: i as u16, line: 1, col: 1 }, "", format!("two files are named {:?}; nested stacks find templates by file name", f.name), format!("{:?} という名前のファイルが 2 つあります。ネストされたスタックはファイル名でテンプレートを探します", f.name)));
        }
        let (root, duplicates) = yaml::parse_noting(i as u16, &f.text)?;
        read_notices.extend(duplicates);
        sources.push(stack::Source {
            name: f.name.clone(),
            root,
        });
    }
    let lab_value = |k: &str| {
        sources.iter().find_map(|s| {
            s.root
                .get("Metadata")
                .and_then(|m| m.get("EnvelopeLab"))
                .and_then(|m| m.get(k))
                .and_then(Node::scalar_text)
        })
    };
    if accounts.len() > files.len() {
        return Err(file_error(
            format!(
                "{} accounts given for {} files",
                accounts.len(),
                files.len()
            ),
            format!(
                "{} 個のファイルに {} 個のアカウントが指定されています",
                files.len(),
                accounts.len()
            ),
        ));
    }
    for (i, a) in accounts.iter().enumerate() {
        if let Some(a) = a.as_deref().filter(|a| !is_account_id(a)) {
            return Err(bad_account(i as u16, a));
        }
    }
    // The account of each file: given for it, else (unless one account is given for all)
    // the account its own `Metadata.EnvelopeLab` names (a template exported per account).
    let own_account = |i: usize| {
        sources[i]
            .root
            .get("Metadata")
            .and_then(|m| m.get("EnvelopeLab"))
            .and_then(|m| m.get("account"))
            .and_then(Node::scalar_text)
    };
    let file_accounts: Vec<Option<String>> = (0..files.len())
        .map(|i| match accounts.get(i).cloned().flatten() {
            Some(a) => Some(a),
            None if options.account.is_none() => own_account(i),
            None => None,
        })
        .collect();
    let account = accounts
        .first()
        .cloned()
        .flatten()
        .or_else(|| options.account.clone())
        .or_else(|| lab_value("account"))
        .unwrap_or_else(|| DEFAULT_ACCOUNT.into());
    let region = options
        .region
        .clone()
        .or_else(|| lab_value("region"))
        .unwrap_or_else(|| DEFAULT_REGION.into());
    let start = lab_value("start_time").unwrap_or_else(|| DEFAULT_START.into());
    let accounts: Vec<String> = (0..files.len())
        .map(|i| file_accounts[i].clone().unwrap_or_else(|| account.clone()))
        .collect();
    let settings = stack::Settings {
        account: account.clone(),
        file_accounts,
        region: region.clone(),
        stack_name: options.stack_name.clone(),
        params: options.params.clone(),
    };
    let world = stack::create(&sources, &settings)?;
    let mut mapped = map::map(&world, &account, &region, &start)?;
    simulation_settings(&world.lab, &mut mapped.scenario, &mut mapped.origins)?;
    if let Err(e) = mapped.scenario.validate() {
        return Err(locate_validation(&e, &mapped.origins));
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let shared = |n: &error::RawNotice| world.stacks_of(n.at.mark.file) > 1;
    let mut notices: Vec<Notice> = read_notices
        .iter()
        .chain(&world.notices)
        .chain(&mapped.notices)
        .map(|n| match shared(n) {
            true => n.clone().name_stack(),
            false => n.clone(),
        })
        .map(|n| n.locate(&names))
        .collect();
    notices.sort_by(|a, b| {
        (a.kind, &a.file, a.line, a.column).cmp(&(b.kind, &b.file, b.line, b.column))
    });
    Ok(Imported {
        scenario: mapped.scenario,
        notices,
        code: mapped.code,
        accounts,
    })
}

/// `Metadata.EnvelopeLab` of the root templates: events, readers and KMS settings (what
/// an exported template carries for the simulation).
fn simulation_settings(
    lab: &[Node],
    s: &mut Scenario,
    origins: &mut Vec<(String, Mark, String)>,
) -> Result<(), Fail> {
    fn read<T: serde::de::DeserializeOwned>(n: &Node, k: &str) -> Result<Option<T>, Fail> {
        let Some(v) = n.get(k) else { return Ok(None) };
        props::from_json(&v.to_json()).map(Some).map_err(|e| {
            let t = crate::sim::scenario::json_error_text(&e);
            Fail::with_text(v.mark, format!("Metadata.EnvelopeLab.{k}"), t)
        })
    }
    for n in lab {
        if let Some(e) = read::<Vec<EventSpec>>(n, "events")? {
            s.events.extend(e);
        }
        if let Some(r) = read::<Vec<ReaderSpec>>(n, "readers")? {
            // A reader the simulator refuses (its client-side key, say) is located at its
            // entry of the list.
            if let Some(V::Seq(items)) = n.get("readers").map(|v| &v.v) {
                for (k, item) in items.iter().enumerate() {
                    let at = format!("readers[{}]", s.readers.len() + k);
                    let tpath = format!("Metadata.EnvelopeLab.readers[{k}]");
                    map::origins_below(origins, &at, item, &tpath);
                }
            }
            s.readers.extend(r);
        }
        if let Some(k) = read::<KmsSettings>(n, "kms")? {
            s.kms = k;
        }
        if let Some(o) = read::<serde_json::Value>(n, "organization")? {
            s.organization = Some(o);
        }
    }
    Ok(())
}

/// A scenario validation error, located at the template value it came from.
fn locate_validation(
    e: &crate::sim::scenario::ScenarioError,
    origins: &[(String, Mark, String)],
) -> Fail {
    let best = origins
        .iter()
        .filter(|(p, _, _)| {
            e.path == *p
                || e.path.starts_with(&format!("{p}."))
                || e.path.starts_with(&format!("{p}["))
        })
        .max_by_key(|(p, _, _)| p.len());
    let first = Mark {
        file: 0,
        line: 1,
        col: 1,
    };
    let (mark, path) = best
        .map(|(_, m, t)| (*m, t.clone()))
        .unwrap_or((first, String::new()));
    Fail::new(
        mark,
        path,
        format!(
            "the simulator cannot run this ({}: {})",
            e.path,
            e.message.en()
        ),
        format!(
            "シミュレーターでは実行できません ({}: {})",
            e.path,
            e.message.get("ja")
        ),
    )
}
