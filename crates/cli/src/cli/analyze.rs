//! The arguments of `orbitkg analyze` (the work is in `crate::analyze`).

use super::values::class_names;
use clap::{Args, Subcommand, ValueEnum};
use orbitkg_graph::Measure;

/// `orbitkg analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The analysis to run.
    #[command(subcommand)]
    pub command: AnalyzeCommand,
}

/// The analyses.
#[derive(Debug, Subcommand)]
pub enum AnalyzeCommand {
    /// Pairs of entities related to the same entities of another class
    /// (by default: space agencies that share programs).
    Links(LinksArgs),
    /// Rank entities by degree, betweenness, PageRank or closeness centrality.
    Centrality(CentralityArgs),
    /// Shortest paths between two entities, each hop with a supporting sentence.
    Path(PathArgs),
    /// Communities of closely related entities (Louvain, deterministic).
    Communities(CommunitiesArgs),
    /// The entities within a few hops of one entity, and their relations.
    Neighbors(NeighborsArgs),
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// The full result as JSON.
    Json,
}

/// The output option every analysis takes.
#[derive(Debug, Args)]
pub struct Output {
    /// Output format (`--output` is an older name for it). Like every command, `--format`
    /// says how, `--out` where.
    #[arg(long = "format", alias = "output", value_name = "FORMAT", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// `orbitkg analyze links`.
#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Class of the entities to link: a class (SpaceAgency, Country, Person, …),
    /// Organization (all five organisation classes) or Entity (all).
    #[arg(long, value_name = "CLASS", default_value = "SpaceAgency", value_parser = class_names(), ignore_case = true)]
    pub from: String,
    /// Class of the entities they share, e.g. Program, Agreement, Meeting.
    #[arg(long, value_name = "CLASS", default_value = "Program", value_parser = class_names(), ignore_case = true)]
    pub via: String,
    /// Print the FROM × VIA incidence table (articles per pair) instead of the
    /// linked pairs (table and CSV; JSON always holds both).
    #[arg(long)]
    pub incidence: bool,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}

/// Centrality measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureArg {
    /// Number of related entities, divided by n − 1.
    Degree,
    /// Share of shortest paths through the entity (normalised, as networkx).
    Betweenness,
    /// PageRank with damping 0.85 (as networkx).
    Pagerank,
    /// Inverse mean distance to the others (as networkx).
    Closeness,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Self {
        match m {
            MeasureArg::Degree => Measure::Degree,
            MeasureArg::Betweenness => Measure::Betweenness,
            MeasureArg::Pagerank => Measure::PageRank,
            MeasureArg::Closeness => Measure::Closeness,
        }
    }
}

/// `orbitkg analyze centrality`.
#[derive(Debug, Args)]
pub struct CentralityArgs {
    /// The measure.
    #[arg(long, value_enum, default_value_t = MeasureArg::Degree)]
    pub measure: MeasureArg,
    /// Rank only entities of this class or group (scores still count the whole graph).
    #[arg(long, value_name = "CLASS", value_parser = class_names(), ignore_case = true)]
    pub class: Option<String>,
    /// How many entities to list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}

/// `orbitkg analyze path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where to start: a label, alt label or IRI (case-insensitive).
    #[arg(value_name = "A")]
    pub from: String,
    /// Where to end: a label, alt label or IRI (case-insensitive).
    #[arg(value_name = "B")]
    pub to: String,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}

/// `orbitkg analyze communities`.
#[derive(Debug, Args)]
pub struct CommunitiesArgs {
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}

/// `orbitkg analyze neighbors`.
#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The entity: a label, alt label or IRI (case-insensitive).
    #[arg(value_name = "X")]
    pub entity: String,
    /// How many hops out.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}
