//! `envelope-lab import cfn` and `envelope-lab export cfn` as library functions (the
//! binary only parses arguments and reads files).

use std::collections::BTreeMap;

use super::{export, import, Imported, Options, Upload};
use crate::sim::cli::{load_scenario, RunArgs};

/// The scenario JSON (stdout) and the notices, one per line (stderr).
pub fn import_text(
    files: Vec<Upload>,
    params: &[String],
    account: Option<String>,
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
    } = import(&files, &options).map_err(|e| e.to_string())?;
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
