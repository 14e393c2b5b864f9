//! `envelope-lab import cfn` and `envelope-lab export cfn` as library functions (the
//! binary only parses arguments and reads files).

use std::collections::BTreeMap;

use super::{export, import_accounts, is_account_id, Imported, Options, Upload};
use crate::sim::cli::{load_scenario, RunArgs};
use crate::text::Text;

/// Which account each file of `import cfn` goes to, from where the `--account` options
/// and the files stand on the command line (`(position, value)` each): no `--account`,
/// the default for every file; one, that account for every file wherever it stands (as
/// before several accounts); several, each applies to the files after it, up to the next.
/// Returns the account for all files, or the account of each file.
pub fn assign_accounts(
    files: &[(usize, String)],
    accounts: &[(usize, String)],
) -> Result<(Option<String>, Vec<Option<String>>), Text> {
    match accounts {
        [] => return Ok((None, vec![])),
        [(_, one)] => return Ok((Some(one.clone()), vec![])),
        _ => {}
    }
    for (_, a) in accounts {
        if !is_account_id(a) {
            return Err(Text::new(
                format!("--account {a:?}: an AWS account id is 12 digits"),
                format!("--account {a:?}: AWS アカウント ID は 12 桁の数字です"),
            ));
        }
    }
    for (k, (at, a)) in accounts.iter().enumerate() {
        let next = accounts.get(k + 1).map(|(n, _)| *n).unwrap_or(usize::MAX);
        if !files.iter().any(|(f, _)| *f > *at && *f < next) {
            return Err(Text::new(
                format!("--account {a} has no files after it: with several --account options, each applies to the template files that follow it (--account ID FILE… --account ID FILE…)"),
                format!("--account {a} の後にファイルがありません。--account を複数指定する場合、それぞれの --account は後に続くテンプレートファイルに適用されます (--account ID ファイル… --account ID ファイル…)"),
            ));
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for (at, f) in files {
        match accounts.iter().rev().find(|(a, _)| a < at) {
            Some((_, a)) => out.push(Some(a.clone())),
            None => {
                return Err(Text::new(
                    format!("{f} comes before any --account: with several --account options, each applies to the files after it, so put the files of each account after its --account"),
                    format!("{f} がどの --account よりも前にあります。--account を複数指定する場合、それぞれの --account は後に続くファイルに適用されます。各アカウントのファイルはその --account の後に置いてください"),
                ))
            }
        }
    }
    Ok((None, out))
}

/// The scenario JSON (stdout) and the notices, one per line (stderr).
pub fn import_text(
    files: Vec<Upload>,
    params: &[String],
    account: Option<String>,
    file_accounts: &[Option<String>],
    region: Option<String>,
    stack_name: Option<String>,
) -> Result<(String, String), String> {
    let mut map = BTreeMap::new();
    for p in params {
        let Some((k, v)) = p.split_once('=') else {
            return Err(format!("--param {p:?}: write Name=Value"));
        };
        map.insert(k.trim().to_string(), v.to_string());
    }
    let options = Options {
        account,
        region,
        stack_name,
        params: map,
    };
    let Imported {
        scenario,
        notices,
        code,
        ..
    } = import_accounts(&files, file_accounts, &options).map_err(|e| e.to_string())?;
    let mut err = String::new();
    for n in &notices {
        err.push_str(&format!(
            "notice: {}: {}\n",
            n.kind.title().en().to_lowercase(),
            n.located().en()
        ));
    }
    for c in &code {
        err.push_str(&format!(
            "notice: inline code of {} ({}) is shown in the lab, never run\n",
            c.function, c.runtime
        ));
    }
    Ok((scenario.to_json_pretty() + "\n", err))
}

/// The template of a preset, a scenario file, or the default scenario.
pub fn export_text(
    preset: Option<String>,
    scenario_json: Option<String>,
) -> Result<String, String> {
    let args = RunArgs {
        preset,
        scenario_json,
        ..Default::default()
    };
    let s = load_scenario(&args)?;
    Ok(export(&s))
}

/// One template per account (see [`super::export_accounts`]): `(account, YAML)`, the
/// scenario's own account first.
pub fn export_accounts_text(
    preset: Option<String>,
    scenario_json: Option<String>,
) -> Result<Vec<(String, String)>, String> {
    let args = RunArgs {
        preset,
        scenario_json,
        ..Default::default()
    };
    let s = load_scenario(&args)?;
    Ok(super::export_accounts(&s))
}
