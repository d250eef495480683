//! The arguments of `orbitkg push` (the work is in `crate::push`).

use super::source::Source;
use clap::{Args, ValueEnum};

/// `orbitkg push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Where the graph is.
    #[command(flatten)]
    pub source: Source,
    /// The store's SPARQL 1.1 Update endpoint (Virtuoso `http://HOST:8890/sparql-auth`, Fuseki
    /// `http://HOST:3030/DATASET/update`, GraphDB `http://HOST:7200/repositories/REPO/statements`,
    /// Oxigraph `http://HOST:7878/update`). Graphs go there as `DROP SILENT GRAPH` + `INSERT DATA`
    /// unless --graph-store is given.
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The store's SPARQL 1.1 Graph Store endpoint (Virtuoso
    /// `http://HOST:8890/sparql-graph-crud-auth`, Fuseki `http://HOST:3030/DATASET/data`, GraphDB
    /// `http://HOST:7200/repositories/REPO/rdf-graphs/service`, Oxigraph `http://HOST:7878/store`):
    /// each graph is replaced with PUT `?graph=IRI` (DELETE + POST if PUT is refused with 405 or
    /// 501, and SPARQL Update through --endpoint if those are refused too).
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// Where the default graph (the merged knowledge graph) goes: a named graph, by default the
    /// base of the document IRIs followed by `graph/merged` (<https://orbitkg.org/id/graph/merged>
    /// for the default base), because many stores (Virtuoso, GraphDB) answer
    /// plain queries over the union of all graphs, which would count each fact once per
    /// article. Query it with `FROM <IRI>` or the protocol's `default-graph-uri=IRI`. `default`
    /// writes into the store's own default graph instead.
    #[arg(long, value_name = "IRI")]
    pub default_graph: Option<String>,
    /// How graphs are written: `auto` tries Graph Store PUT, then DELETE + POST, then SPARQL
    /// Update (only Update without --graph-store); the others use one way and no other.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    pub method: Method,
    /// HTTP credentials as USER:PASSWORD, sent (Basic or Digest) only when the store asks. The
    /// command line is visible to other users of the machine: prefer --auth-env.
    #[arg(long, value_name = "USER:PASSWORD", conflicts_with = "auth_env")]
    pub auth: Option<String>,
    /// The name of an environment variable holding USER:PASSWORD.
    #[arg(long, value_name = "VAR")]
    pub auth_env: Option<String>,
    /// Most triples in one request; a larger graph is sent in several (the first replaces the
    /// graph, the others add to it). Default: 20,000 for the Graph Store protocol, 2,000 for
    /// SPARQL Update (Virtuoso 7.2.5's SPARQL compiler refuses a long INSERT DATA with "memory
    /// exhausted"; there, prefer --graph-store).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,
    /// How many times a request is tried again after a failure that may pass (no connection,
    /// a timeout, HTTP 5xx, 429), pausing 0.5 s, 1 s, 2 s, ... (or as the store's Retry-After says).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
    /// Time limit for one request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// No progress bar and no summary (failures are still reported).
    #[arg(long, short)]
    pub quiet: bool,
}

/// How `push` writes a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Graph Store PUT, falling back to DELETE + POST, then to SPARQL Update.
    Auto,
    /// Graph Store PUT (needs --graph-store).
    Put,
    /// Graph Store DELETE, then POST (needs --graph-store).
    DeletePost,
    /// SPARQL Update to --endpoint: DROP SILENT GRAPH, then INSERT DATA.
    Update,
}

impl Method {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Put => "Graph Store PUT",
            Method::DeletePost => "Graph Store DELETE + POST",
            Method::Update => "SPARQL Update",
        }
    }
}
