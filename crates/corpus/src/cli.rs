//! Command-line definitions (clap derive). Every `///` is `--help` text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Write benchmark corpora for orbitkg as JSON lines (one article per line).
#[derive(Debug, Parser)]
#[command(name = "orbitkg-corpus", version, about, long_about = None)]
pub struct Cli {
    /// What to write.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate N space-cooperation news articles (about 2 KB each), the same bytes for the
    /// same seed on every machine.
    Generate {
        /// How many articles.
        #[arg(long, value_name = "N")]
        articles: u64,
        /// The seed.
        #[arg(long, value_name = "S", default_value_t = 42)]
        seed: u64,
        /// Start at article I of the seed's sequence: `--first 1000 --articles 100` are the
        /// 100 articles that follow `--articles 1000` (new articles for an existing corpus).
        #[arg(long, value_name = "I", default_value_t = 0)]
        first: u64,
        /// The JSON-lines file to write (`-` is standard output).
        #[arg(long, value_name = "FILE.jsonl")]
        out: PathBuf,
        /// Also write, one JSON line per article, the entities and facts it plants.
        #[arg(long, value_name = "FILE.jsonl")]
        truth: Option<PathBuf>,
    },
    /// Repeat real articles K times, each copy with a last line that makes it unique.
    Repeat {
        /// How many copies of each article.
        #[arg(long, value_name = "K")]
        copies: usize,
        /// Directories (searched recursively) or files of .txt articles.
        #[arg(required = true, value_name = "DIR")]
        inputs: Vec<PathBuf>,
        /// The JSON-lines file to write (`-` is standard output).
        #[arg(long, value_name = "FILE.jsonl")]
        out: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
