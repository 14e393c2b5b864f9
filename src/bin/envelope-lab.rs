//! Native command-line interface over the same library the web app uses.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "envelope-lab", version = envelope_lab::VERSION, about = "Simulate AWS KMS envelope encryption in a Lambda → Kinesis → Firehose → S3 pipeline")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
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
        /// Policy kind: identity, key, resource, scp, boundary (guessed when omitted).
        #[arg(long)]
        kind: Option<String>,
    },
}

fn main() {
    let cli = Cli::parse();
    match cli.command {
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            println!();
        }
        Some(command) => match command {
            Command::Eval { file } => policy_eval(&file),
            Command::Lint { file, format, kind } => policy_lint(&file, &format, kind.as_deref()),
        },
    }
}

/// Reads a file, or stdin for `-`; exits 2 on failure.
fn read_input(file: &str) -> String {
    use std::io::Read;
    let mut text = String::new();
    let result = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    if let Err(e) = result {
        eprintln!("error: cannot read {file}: {e}");
        std::process::exit(2);
    }
    text
}

fn policy_eval(file: &str) {
    let input = read_input(file);
    match envelope_lab::policy::cli::eval_json(&input) {
        Ok(v) => println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default()),
        Err(e) => {
            eprintln!("error: {file}: {e}");
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
            eprintln!("error: unknown --kind {k}; expected identity, key, resource, scp or boundary");
            std::process::exit(2);
        }
    };
    let input = read_input(file);
    let findings = cli::lint_findings(&input, kind);
    match format {
        "text" => print!("{}", cli::lint_text(&findings)),
        "json" => println!("{}", serde_json::to_string_pretty(&findings).unwrap_or_default()),
        other => {
            eprintln!("error: unknown --format {other}; expected json or text");
            std::process::exit(2);
        }
    }
}
