//! Native command-line interface over the same library the web app uses.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "envelope-lab", version = envelope_lab::VERSION, about = "Simulate AWS KMS envelope encryption in a Lambda → Kinesis → Firehose → S3 pipeline")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {}

fn main() {
    let cli = Cli::parse();
    match cli.command {
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            println!();
        }
        Some(command) => match command {},
    }
}
