//! Where a command reads the graph from: a store or RDF dumps.

use clap::{Args, ValueEnum, ValueHint};
use std::path::PathBuf;

/// Where a command reads the graph from.
#[derive(Debug, Args, Clone)]
pub struct Source {
    /// An on-disk store made by `orbitkg build --store DIR`.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, conflicts_with = "data", global = true)]
    pub store: Option<PathBuf>,
    /// An RDF dump to load into memory (format from the extension: .ttl .trig .nt .nq .rdf
    /// .jsonld, each also gzip-compressed as .ttl.gz, .trig.gz, ...; or --data-format). `-` reads
    /// standard input (gzip or not), which needs --data-format. One file per flag; repeat the flag
    /// for more (`--data a.trig --data b.nq.gz`).
    #[arg(long, value_name = "DUMP", value_hint = ValueHint::FilePath, global = true)]
    pub data: Vec<PathBuf>,
    /// The RDF format of every --data value, whatever its extension: needed for `--data -` and
    /// for files with an extension orbitkg does not know. It applies to all --data values, so
    /// load dumps of different formats by their extensions instead.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "data", global = true)]
    pub data_format: Option<DataFormat>,
}

/// The RDF formats `--data` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// TriG (article graphs kept).
    Trig,
    /// N-Quads (article graphs kept).
    Nq,
    /// Turtle (into the default graph).
    Ttl,
    /// N-Triples (into the default graph).
    Nt,
    /// RDF/XML (into the default graph).
    Rdf,
    /// JSON-LD.
    Jsonld,
}

impl DataFormat {
    /// The dump format it names.
    pub fn dump_format(self) -> orbitkg_rdf::DumpFormat {
        let name = self.to_possible_value().expect("no variant is skipped");
        orbitkg_rdf::DumpFormat::from_name(name.get_name()).expect("every DataFormat is a DumpFormat")
    }
}
