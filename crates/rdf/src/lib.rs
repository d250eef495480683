//! orbitkg's RDF side: the vocabulary, the mapping from extracted facts to
//! quads, the Oxigraph store, SPARQL and dumps.
//!
//! All parsing and serialising goes through Oxigraph's own I/O. This crate
//! reads and writes no files by itself: callers hand it readers, writers and
//! store directories.
//!
//! ```
//! use orbitkg_extract::{extract_article, input::from_text, resolve, Gazetteer};
//! use orbitkg_rdf::{KgStore, corpus_quads, Base};
//! let a = from_text("a.txt", b"NASA and JAXA sign deal\n\nNASA and JAXA signed the Artemis Accords.")?;
//! let corpus = resolve(vec![extract_article(a, Gazetteer::builtin())], Gazetteer::builtin());
//! let store = KgStore::in_memory()?;
//! for (graph, quads) in corpus_quads(&corpus, &Base::default()) {
//!     store.replace_graph(&graph, &quads)?;
//! }
//! let rows = store.select("SELECT ?s WHERE { ?s <https://orbitkg.org/ns#signed> ?a }")?;
//! assert_eq!(rows.len(), 2);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod dump;
mod mapping;
mod store;
pub mod vocab;

pub use dump::{DumpFormat, dump};
pub use mapping::{Base, corpus_quads};
pub use store::{KgStore, QueryOutput, StoreError};

/// The vocabulary as Turtle (`--with-ontology` loads it).
pub const ONTOLOGY_TTL: &str = include_str!("../data/ontology.ttl");

/// The named graph the vocabulary is loaded into.
pub const ONTOLOGY_GRAPH: &str = "https://orbitkg.org/ns";
