//! The `orbitkg` command as a library: the binary (`src/main.rs`) calls
//! [`main`]. Build, query and dump an RDF knowledge graph of space-cooperation
//! news.
//!
//! Only this crate touches files, the terminal and the process; the work
//! lives in `orbitkg-extract` (text → facts) and `orbitkg-rdf` (facts → store).

mod analyze;
mod build;
mod cli;
mod completions;
mod data;
mod exit;
mod export;
mod interrupt;
mod push;
mod query;
mod serve;
mod shards;
mod stats;
mod table;

#[doc(hidden)]
pub mod fuzzing;

use clap::Parser;
use cli::{Cli, Command};
use exit::ExitStatus;
use std::process::ExitCode;

/// Runs the command line: parses the arguments, runs the command, reports
/// an error on standard error and gives the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Success.into(),
        Err(e) => {
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                msg.push_str(": ");
                msg.push_str(&cause.to_string());
            }
            eprintln!("error: {msg}");
            ExitStatus::Failure.into()
        }
    }
}

/// Output piped into `head` and closed early is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Remove(args) => build::run_remove(&args),
        Command::Extract(args) => shards::run_extract(&args),
        Command::Load(args) => shards::run_load(&args),
        Command::Query(args) => query::run_query(&args),
        Command::Dump(args) => query::run_dump(&args),
        Command::Analyze(cmd) => {
            let store = data::open_source(&cmd.source)?;
            let mut out = std::io::stdout().lock();
            analyze::run(&cli::analyze::AnalyzeArgs { command: cmd.command }, store.inner(), &mut out)?;
            Ok(ExitStatus::Success)
        }
        Command::Export(cmd) => {
            let store = data::open_source(&cmd.source)?;
            let mut out = std::io::stdout().lock();
            export::run(&cli::export::ExportArgs { format: cmd.format }, store.inner(), &mut out)?;
            Ok(ExitStatus::Success)
        }
        Command::Serve(args) => serve::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Push(args) => push::run(&args),
        Command::Completions(args) => completions::run_completions(&args),
        Command::Man(args) => completions::run_man(&args),
    }
}
