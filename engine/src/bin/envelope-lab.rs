//! Native command-line interface over the same library the web app uses.

use clap::{Parser, Subcommand};
use envelope_lab::runtime::clock::format_duration;
use envelope_lab::sim::Budget;

#[derive(Parser)]
#[command(name = "envelope-lab", version = envelope_lab::VERSION, about = "Simulate AWS KMS envelope encryption in a Lambda → Kinesis → Firehose → S3 pipeline")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Tutorial lessons: `check [FILES]` verifies lessons and quizzes, `list` lists the course.
    Lessons {
        #[command(subcommand)]
        command: LessonsCommand,
    },
    /// Evaluate an authorization request against policies (JSON file, or - for stdin).
    Eval {
        /// Input file: {"request": …, "identity_policies": […], "resource_policy": …}.
        file: String,
    },
    /// Validate a policy document and print findings (JSON, or --format text).
    Lint {
        /// Policy file, or - for stdin.
        file: String,
        /// Output format: json or text.
        #[arg(long, default_value = "json")]
        format: String,
        /// Policy kind: identity, trust, key, bucket, resource, scp, boundary (guessed when omitted).
        #[arg(long)]
        kind: Option<String>,
    },
    /// Access Analyzer's custom policy checks on your own documents: `check no-new-access`,
    /// `check access-not-granted` (JSON with result PASS or FAIL; exits 1 on FAIL).
    Check {
        #[command(subcommand)]
        what: CheckWhat,
    },
    /// Run a simulation and print its trace (or --summary JSON).
    Run(RunFlags),
    /// List the scenario presets.
    Presets,
    /// Import templates into a scenario: `import cfn FILE...` prints the scenario JSON.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export a scenario: `export cfn` prints a CloudFormation template (YAML).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Print a scenario as JSON (the default, or a preset's).
    Scenario {
        /// A preset name.
        #[arg(long)]
        preset: Option<String>,
    },
}

/// `envelope-lab import …`
#[derive(Subcommand)]
enum ImportWhat {
    /// CloudFormation templates (YAML or JSON; nested stacks by file name). Notices on
    /// stderr; a problem exits 2 with its file, line, column and template path.
    #[command(
        after_help = "Several accounts: --account ID FILE… --account ID FILE… creates each file's \
        stacks in the account of the --account before it (AWS::AccountId, ARNs, exports); the \
        first account is the scenario's. Templates refer to another account's resources by ARN. \
        With one --account, it applies to every file. Templates exported per account \
        (export cfn --out-dir) carry their account: import them with the scenario's account's \
        template first, no --account needed."
    )]
    Cfn {
        /// Template files (the root and every nested template).
        #[arg(required = true)]
        files: Vec<String>,
        /// A root parameter value, Name=Value (repeatable).
        #[arg(long = "param")]
        params: Vec<String>,
        /// AWS::AccountId of the files after it (repeatable: one template set per account;
        /// default 123456789012, or the exported template's).
        #[arg(long)]
        account: Vec<String>,
        /// AWS::Region (default ap-northeast-1, or the exported template's).
        #[arg(long)]
        region: Option<String>,
        /// AWS::StackName of the root stack (default: its file name).
        #[arg(long)]
        stack_name: Option<String>,
    },
}

/// `envelope-lab check …`
#[derive(Subcommand)]
enum CheckWhat {
    /// Does the policy after the edit allow any request the policy before did not
    /// (CheckNoNewAccess)? Prints the requests that differ both ways.
    NoNewAccess {
        /// The policy before the edit (file, or - for stdin).
        #[arg(long)]
        before: String,
        /// The policy after the edit.
        #[arg(long)]
        after: String,
        /// IDENTITY_POLICY or RESOURCE_POLICY (guessed from Principal when omitted).
        #[arg(long)]
        policy_type: Option<String>,
    },
    /// Does the policy allow any of these actions (CheckAccessNotGranted)?
    AccessNotGranted {
        /// The policy (file, or - for stdin).
        #[arg(long)]
        policy: String,
        /// Actions, comma-separated (kms:Decrypt,kms:PutKeyPolicy).
        #[arg(long, value_delimiter = ',')]
        actions: Vec<String>,
        /// Resource ARNs or patterns, comma-separated (optional).
        #[arg(long, value_delimiter = ',')]
        resources: Vec<String>,
        /// IDENTITY_POLICY or RESOURCE_POLICY (guessed from Principal when omitted).
        #[arg(long)]
        policy_type: Option<String>,
    },
}

/// `envelope-lab export …`
#[derive(Subcommand)]
enum ExportWhat {
    /// A CloudFormation template (YAML) that creates the scenario's resources.
    #[command(
        after_help = "A scenario of several accounts: --out-dir DIR writes one template per account, \
        DIR/<account>.yaml, each with only that account's resources (another account's are \
        named by ARN); the scenario's own account's template holds the organization and the \
        simulation's settings. Without --out-dir, one template holds every account's resources \
        (their account in Metadata.EnvelopeLab)."
    )]
    Cfn {
        /// A preset name.
        #[arg(long, conflicts_with = "scenario")]
        preset: Option<String>,
        /// A scenario JSON file.
        #[arg(long)]
        scenario: Option<String>,
        /// Write one template per account into this directory (<account>.yaml); prints
        /// the files written.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<String>,
    },
}

/// `envelope-lab run …`
#[derive(clap::Args)]
#[command(
    after_help = "Every run has a budget: at most --max-steps steps and --horizon of simulated time \
    from the start. A run that reaches either stops cleanly; a notice on stderr says what was cut \
    (and --summary gains a \"budget\" field); a run within its budget prints exactly as before."
)]
struct RunFlags {
    /// A preset name (see `envelope-lab presets`).
    #[arg(long, conflicts_with = "scenario")]
    preset: Option<String>,
    /// A scenario JSON file (see `envelope-lab scenario`).
    #[arg(long)]
    scenario: Option<String>,
    /// RNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop at this simulated time: an offset such as 30m or an RFC 3339 time.
    #[arg(long)]
    until: Option<String>,
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
    /// Print only the summary JSON.
    #[arg(long)]
    summary: bool,
    /// Stop after this many steps.
    #[arg(long, value_name = "N", default_value_t = Budget::DEFAULT_MAX_STEPS)]
    max_steps: u32,
    /// Schedule nothing later than this long after the start (a duration such as 30d).
    #[arg(long, value_name = "DURATION", default_value_t = format_duration(Budget::DEFAULT_HORIZON))]
    horizon: String,
}

/// `envelope-lab lessons …`
#[derive(Subcommand)]
enum LessonsCommand {
    /// Verify lesson and quiz files (default: every built-in one); exits 1 on a problem.
    Check {
        /// Lesson or quiz JSON files.
        files: Vec<String>,
    },
    /// List the built-in lessons.
    List {
        /// Language of the titles: en or ja.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

fn main() {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Where `import cfn`'s --account options and files stand (each --account applies to
    // the files after it).
    let cfn_positions = matches
        .subcommand_matches("import")
        .and_then(|m| m.subcommand_matches("cfn"))
        .map(|m| {
            let at = |id: &str| -> Vec<(usize, String)> {
                let idx = m.indices_of(id).map(|i| i.collect::<Vec<_>>());
                let vals = m
                    .get_many::<String>(id)
                    .map(|v| v.cloned().collect::<Vec<_>>());
                idx.unwrap_or_default()
                    .into_iter()
                    .zip(vals.unwrap_or_default())
                    .collect()
            };
            (at("files"), at("account"))
        })
        .unwrap_or_default();
    match cli.command {
        None => {
            use clap::CommandFactory;
            emit(&format!("{}\n", Cli::command().render_help()));
        }
        Some(command) => match command {
            Command::Lessons { command } => lessons(command),
            Command::Eval { file } => policy_eval(&file),
            Command::Lint { file, format, kind } => policy_lint(&file, &format, kind.as_deref()),
            Command::Check { what } => check(what),
            Command::Run(flags) => sim_run(flags),
            Command::Import { what } => import(what, &cfn_positions),
            Command::Export { what } => export(what),
            Command::Presets => emit(&envelope_lab::sim::cli::presets_text()),
            Command::Scenario { preset } => {
                match envelope_lab::sim::cli::scenario_text(preset.as_deref()) {
                    Ok(t) => emit(&t),
                    Err(e) => {
                        eprintln!("error: {}", clip(&e.to_string()));
                        std::process::exit(2);
                    }
                }
            }
        },
    }
}

/// Writes to stdout; a reader that went away (`| head`) ends the program quietly, as
/// SIGPIPE ends other tools, instead of a panic.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(141);
    }
}

/// The most any one input may hold. Scenarios, policies and lessons are kilobytes and a
/// CloudFormation template at most 1 MB (the importer's own limit); the size is checked
/// while reading, so an endless input (`/dev/zero`, a pipe) stops here at once instead of
/// filling memory.
const MAX_INPUT_BYTES: u64 = 16 << 20;

/// The most of one line of an error the CLI prints: a message quoting a huge value is
/// cut, saying how much was left out.
const MAX_ECHO_BYTES: usize = 4096;

/// Reads a file, or stdin for `-`, as UTF-8 text of at most [`MAX_INPUT_BYTES`]; exits 2
/// on failure (for bytes that are not UTF-8, saying at which byte offset).
fn read_input(file: &str) -> String {
    match read_bounded(file, MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}", clip(&e));
            std::process::exit(2);
        }
    }
}

fn read_bounded(file: &str, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let too_big = || {
        format!("{file} is larger than {} MiB, the most the lab reads from one input; it was not read further", limit >> 20)
    };
    let reader: Box<dyn Read> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        if f.metadata().is_ok_and(|m| m.is_file() && m.len() > limit) {
            return Err(too_big());
        }
        Box::new(f)
    };
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {file}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    match envelope_lab::text::decode_utf8(&bytes) {
        Ok(_) => Ok(String::from_utf8(bytes).unwrap_or_default()),
        Err(e) => Err(format!("{file}: {}", e.en())),
    }
}

/// `text` with every line longer than [`MAX_ECHO_BYTES`] cut (at a character boundary),
/// saying how many bytes are not shown.
fn clip(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 16));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.len() <= MAX_ECHO_BYTES {
            out.push_str(line);
            continue;
        }
        let mut end = MAX_ECHO_BYTES;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&line[..end]);
        out.push_str(&format!("… [{} more bytes not shown]", line.len() - end));
    }
    out
}

fn policy_eval(file: &str) {
    let input = read_input(file);
    match envelope_lab::policy::cli::eval_json(&input) {
        Ok(v) => emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n")),
        Err(e) => {
            eprintln!("error: {file}: {}", clip(&e.to_string()));
            std::process::exit(2);
        }
    }
}

fn policy_lint(file: &str, format: &str, kind: Option<&str>) {
    use envelope_lab::policy::cli;
    let kind = match kind.map(|k| (k, cli::parse_kind(k))) {
        None => None,
        Some((_, Some(k))) => Some(k),
        Some((k, None)) => {
            eprintln!("error: unknown --kind {k}; expected {}", cli::KINDS);
            std::process::exit(2);
        }
    };
    let input = read_input(file);
    let findings = cli::lint_findings(&input, kind);
    match format {
        "text" => emit(&cli::lint_text(&findings)),
        "json" => emit(&(serde_json::to_string_pretty(&findings).unwrap_or_default() + "\n")),
        other => {
            eprintln!("error: unknown --format {other}; expected json or text");
            std::process::exit(2);
        }
    }
    // Like Access Analyzer in CI: an ERROR (the policy will not work as written) fails.
    let errors = findings
        .iter()
        .filter(|f| f.severity == envelope_lab::policy::Severity::Error)
        .count();
    if errors > 0 {
        std::process::exit(1);
    }
}

fn check(what: CheckWhat) {
    use envelope_lab::policy::compare::check;
    let out = match what {
        CheckWhat::NoNewAccess {
            before,
            after,
            policy_type,
        } => check::no_new_access(
            &read_input(&before),
            &read_input(&after),
            policy_type.as_deref(),
        ),
        CheckWhat::AccessNotGranted {
            policy,
            actions,
            resources,
            policy_type,
        } => check::access_not_granted(
            &read_input(&policy),
            &actions,
            &resources,
            policy_type.as_deref(),
        ),
    };
    match out {
        Ok(v) => {
            emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
            if v["result"] == "FAIL" {
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("error: {}", e.en());
            std::process::exit(2);
        }
    }
}

fn sim_run(flags: RunFlags) {
    use envelope_lab::sim::cli;
    let format = match cli::Format::parse(&flags.format) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {}", clip(&e.to_string()));
            std::process::exit(2);
        }
    };
    let args = cli::RunArgs {
        preset: flags.preset,
        scenario_json: flags.scenario.as_deref().map(read_input),
        seed: flags.seed,
        until: flags.until,
        format,
        summary: flags.summary,
        max_steps: Some(flags.max_steps),
        horizon: Some(flags.horizon),
    };
    match cli::run_output(&args) {
        Ok(out) => {
            emit(&out.stdout);
            if let Some(notice) = out.notice {
                eprintln!("{}", clip(&notice));
            }
        }
        Err(e) => {
            eprintln!("error: {}", clip(&e.to_string()));
            std::process::exit(2);
        }
    }
}

type Positions = (Vec<(usize, String)>, Vec<(usize, String)>);

fn import(what: ImportWhat, (file_at, account_at): &Positions) {
    let ImportWhat::Cfn {
        files,
        params,
        account: _,
        region,
        stack_name,
    } = what;
    let (account, file_accounts) =
        match envelope_lab::cfn::cli::assign_accounts(file_at, account_at) {
            Ok(a) => a,
            Err(t) => {
                eprintln!("error: {}\n{}", t.en(), t.get("ja"));
                std::process::exit(2);
            }
        };
    let uploads = files
        .iter()
        .map(|f| {
            let name = std::path::Path::new(f)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.clone());
            envelope_lab::cfn::Upload {
                name,
                text: read_input(f),
            }
        })
        .collect();
    match envelope_lab::cfn::cli::import_text(
        uploads,
        &params,
        account,
        &file_accounts,
        region,
        stack_name,
    ) {
        Ok((out, notices)) => {
            eprint!("{}", clip(&notices));
            emit(&out);
        }
        Err(e) => {
            eprintln!("error: {}", clip(&e.to_string()));
            std::process::exit(2);
        }
    }
}

fn export(what: ExportWhat) {
    let ExportWhat::Cfn {
        preset,
        scenario,
        out_dir,
    } = what;
    let scenario = scenario.as_deref().map(read_input);
    if let Some(dir) = out_dir {
        match envelope_lab::cfn::cli::export_accounts_text(preset, scenario) {
            Ok(templates) => {
                let dir = std::path::Path::new(&dir);
                if let Err(e) = std::fs::create_dir_all(dir) {
                    eprintln!("error: {}: {e}", dir.display());
                    std::process::exit(2);
                }
                for (account, text) in templates {
                    let path = dir.join(format!("{account}.yaml"));
                    if let Err(e) = std::fs::write(&path, text) {
                        eprintln!("error: {}: {e}", path.display());
                        std::process::exit(2);
                    }
                    emit(&format!("{}\n", path.display()));
                }
            }
            Err(e) => {
                eprintln!("error: {}", clip(&e.to_string()));
                std::process::exit(2);
            }
        }
        return;
    }
    match envelope_lab::cfn::cli::export_text(preset.clone(), scenario.clone()) {
        Ok(t) => {
            emit(&t);
            // Say that one template per account exists (the template above is unchanged).
            if let Ok(per) = envelope_lab::cfn::cli::export_accounts_text(preset, scenario) {
                if per.len() > 1 {
                    eprintln!("notice: this scenario spans {} accounts; --out-dir DIR writes one template per account", per.len());
                }
            }
        }
        Err(e) => {
            eprintln!("error: {}", clip(&e.to_string()));
            std::process::exit(2);
        }
    }
}

fn lessons(command: LessonsCommand) {
    use envelope_lab::lessons::cli;
    match command {
        LessonsCommand::List { lang } => emit(&cli::list_text(&lang)),
        LessonsCommand::Check { files } => {
            let inputs = if files.is_empty() {
                cli::builtin_files()
            } else {
                files.iter().map(|f| (f.clone(), read_input(f))).collect()
            };
            let out = cli::check_files(&inputs);
            emit(&clip(&out.text));
            if !out.ok {
                std::process::exit(1);
            }
        }
    }
}
