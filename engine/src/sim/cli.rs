//! The CLI's logic as library functions (the binary only parses arguments and reads
//! files), so tests can call them: `presets`, `scenario`, `run`.

use std::fmt::Write as _;

use crate::runtime::clock::{parse_at, parse_duration};
use crate::sim::budget::{Audience, Budget};
use serde::Serialize;

use crate::sim::fixes::{FixCache, FixGroup};
use crate::sim::presets;
use crate::sim::scenario::Scenario;
use crate::sim::simulation::{SimOptions, Simulation};
use crate::sim::summary::Summary;

/// Output format of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One readable line per step.
    #[default]
    Text,
    /// A JSON array of steps.
    Json,
}

impl Format {
    /// Parses `text` or `json`.
    pub fn parse(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format {other:?} (use text or json)")),
        }
    }
}

/// Arguments of `envelope-lab run`.
#[derive(Debug, Clone, Default)]
pub struct RunArgs {
    /// `--preset NAME`.
    pub preset: Option<String>,
    /// Contents of `--scenario FILE`.
    pub scenario_json: Option<String>,
    /// `--seed N` (default 1).
    pub seed: u64,
    /// `--until` (duration from the start such as `30m`, or an RFC 3339 time).
    pub until: Option<String>,
    /// `--format`.
    pub format: Format,
    /// `--summary`.
    pub summary: bool,
    /// `--max-steps N` (default [`Budget::DEFAULT_MAX_STEPS`]).
    pub max_steps: Option<u32>,
    /// `--horizon` (a duration such as `400d`; default [`Budget::DEFAULT_HORIZON`]).
    pub horizon: Option<String>,
}

/// What `run` prints: the trace or summary on stdout, and on stderr the notice of a run
/// that stopped at its budget (so stdout stays what it always was).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOutput {
    /// Standard output.
    pub stdout: String,
    /// A notice for standard error.
    pub notice: Option<String>,
}

impl RunArgs {
    /// The budget the flags ask for.
    pub fn budget(&self) -> Result<Budget, String> {
        let mut budget = Budget::default();
        if let Some(n) = self.max_steps {
            if n == 0 {
                return Err("--max-steps: must be at least 1".into());
            }
            budget.max_steps = n;
        }
        if let Some(h) = &self.horizon {
            let d = parse_duration(h).map_err(|e| format!("--horizon: {e}"))?;
            if d <= 0 {
                return Err("--horizon: must be longer than zero".into());
            }
            budget.horizon = d;
        }
        Ok(budget)
    }
}

/// `envelope-lab presets`: one line per preset.
pub fn presets_text() -> String {
    let mut out = String::new();
    let width = presets::all()
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0);
    for p in presets::all() {
        let _ = writeln!(out, "{:<width$}  {}", p.name, p.description.en());
    }
    out
}

/// `envelope-lab scenario [--preset NAME]`: the scenario JSON.
pub fn scenario_text(preset: Option<&str>) -> Result<String, String> {
    let s = match preset {
        Some(name) => presets::get(name).ok_or_else(|| unknown_preset(name))?,
        None => Scenario::default(),
    };
    Ok(s.to_json_pretty() + "\n")
}

fn unknown_preset(name: &str) -> String {
    let names: Vec<&str> = presets::all().iter().map(|p| p.name).collect();
    format!("unknown preset {name:?}; available: {}", names.join(", "))
}

/// Resolves the scenario of a run (preset, file contents, or the default).
pub fn load_scenario(args: &RunArgs) -> Result<Scenario, String> {
    match (&args.preset, &args.scenario_json) {
        (Some(_), Some(_)) => Err("give either --preset or --scenario, not both".into()),
        (Some(name), None) => presets::get(name).ok_or_else(|| unknown_preset(name)),
        (None, Some(text)) => {
            Scenario::from_json(text).map_err(|e| format!("invalid scenario: {e}"))
        }
        (None, None) => Ok(Scenario::default()),
    }
}

/// `envelope-lab run`: runs and renders the trace or the summary (stdout only; see
/// [`run_output`] for the budget notice).
pub fn run(args: &RunArgs) -> Result<String, String> {
    run_output(args).map(|o| o.stdout)
}

/// `envelope-lab run`: the trace or the summary, and the notice of a budget stop.
pub fn run_output(args: &RunArgs) -> Result<RunOutput, String> {
    let budget = args.budget()?;
    let scenario = load_scenario(args)?;
    let options = SimOptions {
        keep_steps: !args.summary,
        budget,
    };
    let mut sim = Simulation::with_options(&scenario, args.seed, options)
        .map_err(|e| format!("invalid scenario: {e}"))?;
    match &args.until {
        Some(u) => {
            let t = parse_at(u, sim.start_time()).map_err(|e| format!("--until: {e}"))?;
            sim.run_until(t);
        }
        None => sim.run_to_end(),
    }
    let notice = sim
        .budget_stop()
        .map(|stop| format!("notice: {}", stop.notice(Audience::Cli).en()));
    let stdout = render(&sim, args)?;
    Ok(RunOutput { stdout, notice })
}

/// The run summary with the fixes of its failures: once per distinct failure (a retry
/// every few seconds for a day repeats one), each denial naming its entry by `fixes_id`.
#[derive(Serialize)]
pub struct SummaryWithFixes {
    #[serde(flatten)]
    pub summary: Summary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<FixGroup>,
}

/// [`SummaryWithFixes`] of a run.
pub fn summary_with_fixes(sim: &Simulation) -> SummaryWithFixes {
    let mut summary = sim.summary();
    let mut cache = FixCache::new();
    let mut fixes: Vec<FixGroup> = Vec::new();
    for d in &mut summary.denials {
        let Some(f) = cache.fixes_for(sim, d.step) else {
            continue;
        };
        let Some(id) = cache.group_of(sim, d.step) else {
            continue;
        };
        if id == fixes.len() {
            fixes.push(FixGroup::new(id, &f));
        }
        d.fixes_id = Some(id);
    }
    SummaryWithFixes { summary, fixes }
}

/// The trace or the summary of a run.
fn render(sim: &Simulation, args: &RunArgs) -> Result<String, String> {
    if args.summary {
        return serde_json::to_string_pretty(&summary_with_fixes(sim))
            .map(|s| s + "\n")
            .map_err(|e| e.to_string());
    }
    match args.format {
        Format::Text => {
            let mut out = String::new();
            for s in sim.steps() {
                out.push_str(&s.text_line());
                // Which accounts (only when the run spans accounts: one account's lines stay
                // exactly as they were).
                out.push_str(&sim.trace_account_note(s));
                out.push('\n');
            }
            Ok(out)
        }
        Format::Json => serde_json::to_string_pretty(sim.steps())
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
    }
}
