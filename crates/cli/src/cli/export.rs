//! The arguments of `orbitkg export` (the work is in `crate::export`).

use super::values::{PropertyNames, class_names};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `orbitkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The export format.
    #[command(subcommand)]
    pub format: ExportFormat,
}

/// Export formats.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// GraphViz DOT: nodes shaped, coloured and grouped by class, edges
    /// labelled by property and thicker the more articles assert them.
    Dot(DotArgs),
}

/// What `dot` renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Scalable vector graphics (hover a node for its IRI).
    Svg,
    /// A bitmap.
    Png,
}

impl RenderFormat {
    pub(crate) fn name(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
        }
    }
}

/// `orbitkg export dot`.
#[derive(Debug, Args)]
pub struct DotArgs {
    /// Draw only the neighbourhood of this entity (a label, alt label or IRI).
    #[arg(long, value_name = "ENTITY")]
    pub around: Option<String>,
    /// With --around: how many hops out to draw.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Draw only entities of these classes or groups (SpaceAgency, Organization,
    /// Country, Program, …); repeat or separate with commas.
    #[arg(long = "class", value_name = "CLASS", value_delimiter = ',', value_parser = class_names(), ignore_case = true)]
    pub classes: Vec<String>,
    /// Draw only relations with these properties (participatesIn, signed, …);
    /// repeat or separate with commas. Entities left unrelated are omitted.
    #[arg(long = "property", value_name = "PROPERTY", value_delimiter = ',', value_parser = PropertyNames)]
    pub properties: Vec<String>,
    /// Do not group nodes in one box per class.
    #[arg(long, conflicts_with = "clusters")]
    pub no_clusters: bool,
    /// Group nodes in one box per class also for the whole graph (by default only
    /// --around and --class views are grouped; the whole graph reads better flowing freely).
    #[arg(long)]
    pub clusters: bool,
    /// Also draw entities that have no relation in the view (left out by default).
    #[arg(long)]
    pub keep_isolated: bool,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Render with GraphViz's `dot` instead of writing DOT text (default: from
    /// the extension of --out when it is .svg or .png).
    #[arg(long, value_enum)]
    pub render: Option<RenderFormat>,
}
