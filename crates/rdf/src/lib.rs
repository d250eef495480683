//! orbitkg's RDF side: the vocabulary, the mapping from extracted facts to
//! quads, the Oxigraph store, SPARQL and dumps.
//!
//! All parsing and serialising goes through Oxigraph's own I/O. This crate
//! reads and writes no files by itself: callers hand it readers, writers and
//! store directories.
//!
//! ```
//! use orbitkg_extract::{extract_article, input::from_text, resolve, Gazetteer};
//! use orbitkg_rdf::{KgStore, corpus_graphs, Base};
//! let a = from_text("a.txt", b"NASA and JAXA sign deal\n\nNASA and JAXA signed the Artemis Accords.")?;
//! let b = from_text("b.txt", b"Accords\n\nNASA and JAXA signed the Artemis Accords in 2020.")?;
//! let gaz = Gazetteer::builtin();
//! let corpus = resolve(vec![extract_article(a, gaz), extract_article(b, gaz)], gaz);
//! let store = KgStore::in_memory()?;
//! for article in corpus_graphs(&corpus, &Base::default()) {
//!     store.replace_article(&article)?;
//! }
//! // Two articles state both signings; the default graph holds each once.
//! let rows = store.select("SELECT ?s WHERE { ?s okg:signed ?a }")?;
//! assert_eq!(rows.len(), 2);
//! let rows = store.select("SELECT ?s WHERE { GRAPH ?doc { ?s okg:signed ?a } }")?;
//! assert_eq!(rows.len(), 4);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod archive;
mod crash_point;
mod dump;
pub mod guard;
mod mapping;
pub mod params;
mod query_limits;
mod store;
pub mod syntax;
mod time_limit;
pub mod vocab;

pub use archive::{
    Archive, ArchiveError, CommitReport, Progress, Quiet, is_mid_update, never_committed, writer_running,
};
pub use dump::{DumpFormat, dump};
pub use mapping::{ArticleGraph, Base, article_graph, corpus_graphs};
pub use query_limits::{
    MAX_GROUP_DEPTH, MAX_JOINED_PATTERNS, MAX_NEGATIONS, MAX_PAREN_DEPTH, MAX_QUERY_SIZE, parse_query,
};
pub use store::{KgStore, QueryOptions, QueryOutput, StoreError, detect_id_base};
pub use time_limit::{QueryTimedOut, TimeLimit, timed_out};

/// The vocabulary as Turtle (`--with-ontology` loads it).
pub const ONTOLOGY_TTL: &str = include_str!("../data/ontology.ttl");

/// The named graph the vocabulary is loaded into.
pub const ONTOLOGY_GRAPH: &str = "https://orbitkg.org/ns";
