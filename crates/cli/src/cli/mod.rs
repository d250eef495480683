//! Command-line definitions (clap derive). Every `///` is `--help` text.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use std::path::PathBuf;

pub mod analyze;
pub mod export;
pub mod push;
mod source;
pub mod values;

pub use source::{DataFormat, Source};

/// The exit statuses, as `--help` and the man page state them (see `exit.rs`).
pub const EXIT_STATUS: &str = "Exit status:
  0  success
  1  failure (nothing incomplete was stored)
  2  the command line could not be read
  3  the build (or removal) finished, but some inputs were skipped (each one is named)";

/// The RDF formats of `build --format` and `dump --format`, so that
/// completions offer them and a wrong one is answered with the list. The
/// other spellings `DumpFormat::from_name` reads are accepted, not offered.
pub fn dump_formats() -> PossibleValuesParser {
    PossibleValuesParser::new([
        PossibleValue::new("ttl").alias("turtle").help("Turtle: the default graph"),
        PossibleValue::new("trig").help("TriG: the default graph and the article graphs"),
        PossibleValue::new("nt").aliases(["ntriples", "n-triples"]).help("N-Triples: the default graph"),
        PossibleValue::new("nq").aliases(["nquads", "n-quads"]).help("N-Quads: with the article graphs"),
        PossibleValue::new("rdf").aliases(["xml", "rdfxml", "rdf-xml", "owl"]).help("RDF/XML: the default graph"),
        PossibleValue::new("jsonld").alias("json-ld").help("JSON-LD: with the article graphs"),
    ])
}

/// Build and query a knowledge graph of international space cooperation news.
#[derive(Debug, Parser)]
#[command(name = "orbitkg", version, about, long_about = None, propagate_version = true, after_long_help = EXIT_STATUS)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities and facts from articles into an RDF graph.
    Build(BuildArgs),
    /// Take articles out of an on-disk store, as if they had never been built into it.
    ///
    /// Their graphs and evidence go, and so does every entity and fact that only they stated;
    /// entities they shared with other articles are resolved again without them.
    Remove(RemoveArgs),
    /// Extract articles into extraction records (JSON lines), one shard at a time: the map stage.
    ///
    /// `orbitkg load` merges the records of every shard into one graph, the graph `orbitkg build`
    /// would make of all the articles. `--stdin` reads JSON-lines articles from standard input
    /// and writes one record per article as it goes, for a batch engine to pipe partitions
    /// through (Spark's `RDD.pipe`).
    Extract(ExtractArgs),
    /// Resolve entities across extraction records and load the graph: the reduce stage.
    ///
    /// The records come from `orbitkg extract` (of every shard, in any order); the graph is the
    /// one `orbitkg build` makes of the same articles. Records of another orbitkg (another
    /// extractor or gazetteer) are refused; bad lines are named and skipped.
    Load(LoadArgs),
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the graph.
    Query(QueryArgs),
    /// Write the graph as RDF.
    Dump(DumpArgs),
    /// Relationship analysis: links through shared programs, centrality, paths, communities.
    Analyze(AnalyzeCmd),
    /// Pictures of the graph (GraphViz DOT, rendered to SVG or PNG with the system `dot`).
    Export(ExportCmd),
    /// Serve the graph over HTTP as a read-only SPARQL endpoint.
    ///
    /// The SPARQL 1.1 Protocol at `/query` (GET `?query=`, POST `application/sparql-query` or a
    /// form); results by `Accept` (or `&format=json|xml|csv|tsv|ttl|nt|rdf|jsonld`): SPARQL JSON
    /// by default, Turtle for CONSTRUCT and DESCRIBE. A query page at `/` shows them as a table.
    /// The default graph is the knowledge graph (each fact once, with its evidence); `GRAPH ?doc`
    /// reaches each article's own graph. Updates are refused (403); a syntax error is a 400 with
    /// its line:column.
    Serve(ServeArgs),
    /// Count articles, entities per class, facts per property, the busiest entities.
    ///
    /// A fact is a distinct `okg:` triple about an entity, counted once however many articles
    /// state it ("stated" counts it once per article). Symmetric relations count both directions.
    Stats(StatsArgs),
    /// Copy the graph into an existing SPARQL store (Virtuoso, Fuseki, GraphDB, Oxigraph server).
    ///
    /// Each article's named graph is replaced over the SPARQL 1.1 Graph Store protocol (PUT, or
    /// DELETE and POST where PUT is refused) or, without --graph-store, by SPARQL 1.1 Update. The
    /// default graph (the merged knowledge graph) goes into the named graph --default-graph.
    /// Requests that fail for a passing reason are tried again; graphs that still fail are listed,
    /// and the exit status is 1.
    Push(push::PushArgs),
    /// Print a shell completion script.
    ///
    /// For example `orbitkg completions bash > ~/.local/share/bash-completion/completions/orbitkg`,
    /// or `orbitkg completions zsh > ~/.zfunc/_orbitkg`.
    Completions(CompletionsArgs),
    /// Write man pages, generated from this `--help`.
    ///
    /// `orbitkg.1` to standard output, or one page per subcommand with --out: e.g.
    /// `orbitkg man --out ~/.local/share/man/man1 && man orbitkg-serve`.
    Man(ManArgs),
}

/// `orbitkg analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeCmd {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// The analysis.
    #[command(subcommand)]
    pub command: analyze::AnalyzeCommand,
}

/// `orbitkg export`.
#[derive(Debug, Args)]
pub struct ExportCmd {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// The export format.
    #[command(subcommand)]
    pub format: export::ExportFormat,
}

/// `orbitkg build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Articles: files or directories (searched recursively) of .txt, .html/.htm and .jsonl
    /// (one JSON object per line with "id", "title", "text" and optional "url", "date").
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Write into the on-disk store at DIR (created if missing; each article's graph is
    /// replaced atomically). Without it the graph lives in memory.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub store: Option<PathBuf>,
    /// Write a dump of the graph to FILE (format from the extension, or --format); `-` is
    /// standard output (TriG unless --format says otherwise). Without --out and --store the dump
    /// goes to standard output when that is not a terminal (`orbitkg build seeds > kg.trig`).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Dump format for --out (default: from its extension). TriG, N-Quads and JSON-LD keep
    /// the article graphs too; Turtle, N-Triples and RDF/XML hold the default graph (the knowledge
    /// graph with its evidence).
    #[arg(long, value_name = "FORMAT", value_parser = dump_formats(), ignore_case = true)]
    pub format: Option<String>,
    /// Also load the orbitkg vocabulary (classes, properties) into the graph <https://orbitkg.org/ns>.
    #[arg(long)]
    pub with_ontology: bool,
    /// Base IRI for entities and documents (default https://orbitkg.org/id/, or the one
    /// the --store was built with; a store's base cannot change).
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
    /// Number of extraction threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary (the summary goes to standard error).
    #[arg(long, short)]
    pub quiet: bool,
    /// Print one line per article.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// `orbitkg remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The articles' sources as the build named them (their `dcterms:source`: a path relative to
    /// the input folder's parent, such as `seeds/000_article.txt`, a `FILE.jsonl#id`, or a URL),
    /// or article files on disk: the articles read from them (an HTML page under the URL it
    /// declares).
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The on-disk store made by `orbitkg build --store DIR`.
    #[arg(long, value_name = "DIR", required = true)]
    pub store: PathBuf,
    /// No summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One shard of N (`--shard K/N`, K from 1 to N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub k: u64,
    /// How many shards.
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("{s:?} is not K/N (shard K of N, 1 <= K <= N: 1/4, 2/4, 3/4, 4/4)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let (k, n): (u64, u64) = (k.trim().parse().map_err(|_| usage())?, n.trim().parse().map_err(|_| usage())?);
        if n == 0 || k == 0 || k > n {
            return Err(usage());
        }
        Ok(Shard { k, n })
    }
}

/// `orbitkg extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Articles: files or directories (searched recursively) of .txt, .html/.htm and .jsonl, as
    /// for `orbitkg build` (and named the same way, so that the records merge into its graph).
    #[arg(value_name = "INPUT", required_unless_present = "stdin", conflicts_with = "stdin")]
    pub inputs: Vec<PathBuf>,
    /// Read JSON-lines articles from standard input (one object per line with "id", "title",
    /// "text" and optional "url", "date") and write each batch's records as soon as it is read.
    #[arg(long)]
    pub stdin: bool,
    /// With --stdin: the file name standard input stands for. Articles without a "url" are
    /// `NAME#id`, as `orbitkg build NAME` names them, so give each article an "id" (or "url")
    /// when partitions are piped separately.
    #[arg(long, value_name = "NAME", default_value = "stdin", requires = "stdin")]
    pub source: String,
    /// Extract only shard K of N (K from 1 to N). An article's shard is the first 16 hex digits
    /// of its SHA-256 (of the file's bytes; of its line for JSON lines) read as a number, modulo
    /// N, plus 1: it depends on the content alone, never on the input order, so copies of one
    /// article fall in one shard and are kept once, as in a single build.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Write the records to the file RECORDS (gzip-compressed when it ends in .gz); `-` or nothing is
    /// standard output.
    #[arg(long, value_name = "RECORDS")]
    pub out: Option<PathBuf>,
    /// Number of extraction threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary (the summary goes to standard error).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `orbitkg load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Record files written by `orbitkg extract` (plain or .gz); `-` is standard input.
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<PathBuf>,
    /// Load into the on-disk store at DIR (created if missing; records of articles it already
    /// holds replace them). Without it the graph lives in memory.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub store: Option<PathBuf>,
    /// Write a dump of the graph to FILE (format from the extension, or --format); `-` is
    /// standard output, as for `orbitkg build --out`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Dump format for --out (default: from its extension).
    #[arg(long, value_name = "FORMAT", value_parser = dump_formats(), ignore_case = true)]
    pub format: Option<String>,
    /// Base IRI for entities and documents, as for `orbitkg build --base`.
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output formats of `orbitkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultFormat {
    /// An aligned text table (the default on a terminal), as wide as the terminal or `COLUMNS`.
    Table,
    /// SPARQL results as CSV.
    Csv,
    /// SPARQL results as TSV (the default when piped).
    Tsv,
    /// SPARQL results as JSON.
    Json,
    /// SPARQL results as XML.
    Xml,
    /// CONSTRUCT/DESCRIBE results as Turtle.
    Ttl,
    /// CONSTRUCT/DESCRIBE results as N-Triples.
    Nt,
    /// CONSTRUCT/DESCRIBE results as RDF/XML.
    Rdf,
    /// CONSTRUCT/DESCRIBE results as JSON-LD.
    Jsonld,
}

/// `orbitkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A file with the SPARQL query (`-` for standard input).
    #[arg(value_name = "FILE.rq", required_unless_present = "expr", conflicts_with = "expr")]
    pub file: Option<PathBuf>,
    /// The SPARQL query itself.
    #[arg(short = 'e', long = "expr", value_name = "SPARQL")]
    pub expr: Option<String>,
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<ResultFormat>,
    /// Stop the query after SECS seconds (evaluation and output) with an error and exit
    /// status 1. Default: no limit (Ctrl-C stops a query run by hand).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Set a query variable: `--bind n='"JAXA"@en'`, `--bind e=id:jaxa`, `--bind
    /// e='<https://…>'`. A one-variable VALUES block of the variable takes this value
    /// instead of its own; any other variable starts the query bound. Repeatable.
    #[arg(long = "bind", value_name = "VAR=TERM")]
    pub bind: Vec<String>,
}

/// `orbitkg dump`.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// The RDF format (default: from --out's extension). TriG, N-Quads and JSON-LD keep the
    /// article graphs too; Turtle, N-Triples and RDF/XML hold the default graph
    /// (the knowledge graph with its evidence).
    #[arg(long, value_name = "FORMAT", value_parser = dump_formats(), ignore_case = true)]
    pub format: Option<String>,
    /// Only this named graph (an article's document IRI).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `orbitkg serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// Address and port to listen on. The default is loopback only; anything else exposes the
    /// graph to your network (there is no authentication).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Time limit for one query, in seconds (evaluation and serialisation); a query over it is
    /// answered 503. 0: no limit.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) one answer may hold; a larger
    /// answer is refused with 413 and nothing else (never silently truncated): add a LIMIT.
    /// 0: no limit.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_results: usize,
    /// Send `Access-Control-Allow-Origin: *`, so that web pages from other origins may query
    /// the endpoint from a browser.
    #[arg(long)]
    pub cors: bool,
    /// How often to look for a build that has changed the store (--store) or for a changed
    /// dump (--data), in milliseconds. A store is reopened once the build's commit is
    /// complete; dumps are loaded again once a changed file has stayed the same for one
    /// more poll (not `--data -`). 0: serve the graph as it was at start.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub reload: u64,
    /// Seconds a client has to send a request's head, and again its body; a slower one is
    /// answered 408 and disconnected (a keep-alive connection idle for longer is closed).
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Do not log each request (method, path, status, size, time) to standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output formats of `orbitkg stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned text tables.
    Table,
    /// One JSON object.
    Json,
}

/// `orbitkg stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
    /// How many of the entities with most facts to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
}

/// `orbitkg completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `orbitkg man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `orbitkg.1` and one `orbitkg-SUBCOMMAND.1` per subcommand into DIR (created if
    /// missing) instead of printing `orbitkg.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn shards_are_k_of_n_from_one() {
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { k: 2, n: 5 }));
        assert_eq!("1/1".parse::<Shard>(), Ok(Shard { k: 1, n: 1 }));
        for bad in ["0/5", "6/5", "1/0", "5", "a/b", "-1/5"] {
            assert!(bad.parse::<Shard>().unwrap_err().contains("K/N"), "{bad}");
        }
    }
}
