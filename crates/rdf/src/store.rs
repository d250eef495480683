//! The Oxigraph store: in memory, or on disk (feature `rocksdb`), with
//! per-article atomic replacement that keeps the default graph the merged
//! knowledge graph, SPARQL, and loading.

use crate::mapping::ArticleGraph;
use crate::query_limits::{MAX_JOINED_PATTERNS, MAX_QUERY_SIZE, parse_query};
use crate::time_limit::{QueryTimedOut, TimeLimit, limit_results, timed_out};
use crate::vocab::PROV_WAS_DERIVED_FROM;
use crate::{ONTOLOGY_GRAPH, ONTOLOGY_TTL};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// What went wrong with a store, a query or a load.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The storage layer failed.
    #[error("storage error: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// The directory exists but does not hold a store.
    #[error(
        "{0} is not an orbitkg store (a non-empty directory without a store in it, or another program's database); \
         nothing in it was changed: give a new or empty directory"
    )]
    NotAStore(PathBuf),
    /// The directory to read from does not hold a store.
    #[error(
        "{0} is not an orbitkg store (a directory without a store in it, or another program's database): give the \
         directory of a store that `orbitkg build INPUT... --store DIR` made"
    )]
    NotAStoreToRead(PathBuf),
    /// The store's files are damaged (a broken CURRENT or MANIFEST, a
    /// truncated or missing table file).
    #[error(
        "the store at {path} is damaged and cannot be opened ({message}); it was left as it is: build a new one with \
         `orbitkg build INPUT... --store NEW_DIR`, or restore a copy"
    )]
    Damaged {
        /// The store's directory.
        path: PathBuf,
        /// What RocksDB said.
        message: String,
    },
    /// There is no store at the path.
    #[error("no store at {0}")]
    NoStore(PathBuf),
    /// Another process holds the store.
    #[error("the store at {path} is locked by another process ({message})")]
    Locked {
        /// The store's directory.
        path: PathBuf,
        /// What RocksDB said.
        message: String,
    },
    /// This build has no on-disk store.
    #[error(
        "this orbitkg was built without on-disk stores; rebuild with `cargo build --release --features rocksdb` (needs libclang: `apt-get install libclang-dev`)"
    )]
    NoDiskSupport,
    /// The query does not parse.
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    /// A SPARQL update where a query was expected.
    #[error("updates are not supported: orbitkg queries are read-only (change the graph with `orbitkg build`)")]
    Update,
    /// A query larger than orbitkg plans ([`MAX_QUERY_SIZE`]).
    #[error(
        "the query has {total} patterns and operators, and joins up to {joined} patterns; orbitkg runs queries of \
         up to {MAX_QUERY_SIZE} that join up to {MAX_JOINED_PATTERNS} (planning a larger one takes seconds to \
         minutes and cannot be stopped): split it into several queries"
    )]
    TooLarge {
        /// Its size, in patterns and operators.
        total: usize,
        /// The most patterns one of its joins has.
        joined: usize,
    },
    /// The query failed while running.
    #[error("SPARQL evaluation error: {0}")]
    Evaluation(String),
    /// The query ran longer than its time limit ([`QueryOptions::with_timeout`]).
    #[error("{0}")]
    Timeout(QueryTimedOut),
    /// RDF input does not parse.
    #[error("{0}")]
    Load(String),
    /// Writing output failed.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
}

/// Memory the bulk loader may use, in megabytes.
const BULK_LOAD_MEGABYTES: usize = 256;

/// Results of a query.
pub type QueryOutput = QueryResults<'static>;

/// How a query may run: [`KgStore::query_with`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct QueryOptions {
    /// Wall-clock limit for evaluating the query and reading its results.
    pub timeout: Option<Duration>,
    /// Variables set from outside the query (see [`crate::params`]).
    pub bindings: Vec<crate::params::Binding>,
}

impl QueryOptions {
    /// Options with no limit.
    pub fn new() -> QueryOptions {
        QueryOptions::default()
    }

    /// Limits the query to `timeout` of wall-clock time, counted from
    /// [`KgStore::query_with`] until its results are read or dropped.
    /// `None` (the default) is no limit.
    pub fn with_timeout(mut self, timeout: impl Into<Option<Duration>>) -> QueryOptions {
        self.timeout = timeout.into();
        self
    }

    /// Sets query variables (see [`crate::params`]).
    pub fn with_bindings(mut self, bindings: Vec<crate::params::Binding>) -> QueryOptions {
        self.bindings = bindings;
        self
    }
}

/// An orbitkg knowledge graph in Oxigraph.
#[derive(Clone)]
pub struct KgStore {
    store: Store,
    path: Option<PathBuf>,
    /// [`KgStore::id_base`] once read, shared by clones (which share the
    /// store) and forgotten when the store changes.
    id_base: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

impl std::fmt::Debug for KgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KgStore").field("path", &self.path).finish()
    }
}

/// Whether `path` holds an Oxigraph RocksDB store: a `CURRENT` file, and an
/// `OPTIONS-*` file naming Oxigraph's column families. Checked before
/// RocksDB opens anything, since opening adds files (`LOCK`, `LOG`) and,
/// for writing, column families: another program's RocksDB or LevelDB
/// folder must be refused untouched.
fn is_store_dir(path: &Path) -> bool {
    if !path.join("CURRENT").is_file() {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(path) else { return false };
    entries.filter_map(Result::ok).any(|e| {
        e.file_name().to_string_lossy().starts_with("OPTIONS-")
            && std::fs::read(e.path()).is_ok_and(|b| b.windows(8).any(|w| w == b"\"id2str\""))
    })
}

#[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
fn storage_error(path: &Path, e: oxigraph::store::StorageError) -> StoreError {
    let msg = e.to_string();
    // RocksDB repeats its message once per layer: keep the first.
    let first = msg.split(": Corruption: ").next().unwrap_or(&msg);
    let first = first.split(": IO error: ").next().unwrap_or(first).trim().to_string();
    if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
        StoreError::Locked { path: path.to_path_buf(), message: first }
    } else if msg.contains("Corruption") || msg.contains("No such file or directory") || msg.contains("IO error") {
        StoreError::Damaged { path: path.to_path_buf(), message: first }
    } else {
        StoreError::Storage(e)
    }
}

impl KgStore {
    /// A new, empty in-memory store.
    pub fn in_memory() -> Result<KgStore, StoreError> {
        Ok(KgStore { store: Store::new()?, path: None, id_base: Default::default() })
    }

    /// Opens the on-disk store at `path` for writing, creating it when the
    /// directory is missing or empty. A non-empty directory that is not a
    /// store is refused, so that nothing else is ever overwritten.
    #[cfg(feature = "rocksdb")]
    pub fn create_or_open(path: &Path) -> Result<KgStore, StoreError> {
        if path.exists() {
            let empty = std::fs::read_dir(path).map(|mut d| d.next().is_none()).unwrap_or(false);
            if !path.is_dir() || (!empty && !is_store_dir(path)) {
                return Err(StoreError::NotAStore(path.to_path_buf()));
            }
        }
        let store = Store::open(path).map_err(|e| storage_error(path, e))?;
        Ok(KgStore { store, path: Some(path.to_path_buf()), id_base: Default::default() })
    }

    /// Opens the on-disk store at `path` for writing (not available in this build).
    #[cfg(not(feature = "rocksdb"))]
    pub fn create_or_open(path: &Path) -> Result<KgStore, StoreError> {
        let _ = path;
        Err(StoreError::NoDiskSupport)
    }

    /// Opens an existing on-disk store read-only.
    #[cfg(feature = "rocksdb")]
    pub fn open_existing(path: &Path) -> Result<KgStore, StoreError> {
        if !path.exists() {
            return Err(StoreError::NoStore(path.to_path_buf()));
        }
        if !is_store_dir(path) {
            return Err(StoreError::NotAStoreToRead(path.to_path_buf()));
        }
        let store = Store::open_read_only(path).map_err(|e| storage_error(path, e))?;
        Ok(KgStore { store, path: Some(path.to_path_buf()), id_base: Default::default() })
    }

    /// Opens an existing on-disk store read-only (not available in this build).
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_existing(path: &Path) -> Result<KgStore, StoreError> {
        if !path.exists() {
            return Err(StoreError::NoStore(path.to_path_buf()));
        }
        if !is_store_dir(path) {
            return Err(StoreError::NotAStoreToRead(path.to_path_buf()));
        }
        Err(StoreError::NoDiskSupport)
    }

    /// Whether the store is on disk (rather than in memory).
    pub fn is_on_disk(&self) -> bool {
        self.path.is_some()
    }

    /// Whether this build can open on-disk stores.
    pub fn disk_support() -> bool {
        cfg!(feature = "rocksdb")
    }

    /// The underlying Oxigraph store.
    pub fn inner(&self) -> &Store {
        &self.store
    }

    /// Stores one article (or the vocabulary) in one transaction, replacing
    /// what an earlier build stored for it: readers see the old article or
    /// the new one, never half of either.
    ///
    /// Its named graph becomes `article.stated`; the default graph gains the
    /// stated triples and the provenance. What the earlier version of the
    /// article put into the default graph goes: its document node and
    /// evidence statements always, a stated triple only when no other named
    /// graph still states it. So the default graph stays the set union of
    /// what the stored articles state, plus their provenance.
    pub fn replace_article(&self, article: &ArticleGraph) -> Result<(), StoreError> {
        self.forget_id_base();
        let name = article.name.as_ref();
        let graph = GraphNameRef::NamedNode(name);
        let default = GraphNameRef::DefaultGraph;
        let mut t = self.store.start_transaction()?;
        let old: Vec<Triple> = t
            .quads_for_pattern(None, None, None, Some(graph))
            .map(|q| q.map(Triple::from))
            .collect::<Result<_, _>>()?;
        t.clear_graph(graph)?;

        // The old provenance: the document node and every statement derived from it.
        let mut subjects: Vec<NamedOrBlankNode> = vec![name.into_owned().into()];
        for q in t.quads_for_pattern(None, Some(PROV_WAS_DERIVED_FROM), Some(name.into()), Some(default)) {
            subjects.push(q?.subject);
        }
        let mut gone: Vec<Quad> = Vec::new();
        for s in &subjects {
            for q in t.quads_for_pattern(Some(s.as_ref()), None, None, Some(default)) {
                gone.push(q?);
            }
        }
        // The old statements that no other article states any more.
        let kept: HashSet<&Triple> = article.stated.iter().collect();
        for triple in old.iter().filter(|tr| !kept.contains(tr)) {
            let mut elsewhere = false;
            for q in t.quads_for_pattern(
                Some(triple.subject.as_ref()),
                Some(triple.predicate.as_ref()),
                Some(triple.object.as_ref()),
                None,
            ) {
                if !q?.graph_name.is_default_graph() {
                    elsewhere = true;
                    break;
                }
            }
            if !elsewhere {
                gone.push(triple.clone().in_graph(GraphName::DefaultGraph));
            }
        }
        for q in &gone {
            t.remove(q);
        }
        // An article with nothing to state has no graph, as in a fresh build
        // (a bulk load makes graphs only from quads): no empty graph is left behind.
        if article.stated.is_empty() {
            t.remove_named_graph(name)?;
        }
        t.extend(article.quads().iter());
        t.commit()?;
        Ok(())
    }

    /// Removes one article: its named graph, its provenance, and what it
    /// alone stated from the default graph.
    pub fn remove_article(&self, name: &NamedNode) -> Result<(), StoreError> {
        self.replace_article(&ArticleGraph { name: name.clone(), stated: Vec::new(), provenance: Vec::new() })
    }

    /// Adds articles the store does not hold yet, with the bulk loader
    /// (not atomic: callers that need atomicity use [`KgStore::replace_article`]).
    pub fn add_articles<'a>(&self, articles: impl IntoIterator<Item = &'a ArticleGraph>) -> Result<(), StoreError> {
        let quads: Vec<Quad> = articles.into_iter().flat_map(ArticleGraph::quads).collect();
        if quads.is_empty() {
            return Ok(());
        }
        // Oxigraph's default aims at 2 GB a thread; a build must stay well
        // under 2 GB in all.
        let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(BULK_LOAD_MEGABYTES);
        loader.load_quads(quads)?;
        crate::crash_point::abort_point("bulk");
        loader.commit()?;
        Ok(())
    }

    /// Removes and inserts quads in one transaction.
    pub fn apply<'a>(
        &self,
        remove: impl IntoIterator<Item = &'a Quad>,
        insert: impl IntoIterator<Item = &'a Quad>,
    ) -> Result<(), StoreError> {
        let mut t = self.store.start_transaction()?;
        for q in remove {
            t.remove(q);
        }
        for q in insert {
            t.insert(q);
        }
        t.commit()?;
        Ok(())
    }

    /// The named graphs of documents (every named graph but the vocabulary's).
    pub fn document_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g?
                && n.as_str() != ONTOLOGY_GRAPH
            {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// Loads the orbitkg vocabulary into the graph [`ONTOLOGY_GRAPH`] and the
    /// default graph (so that plain queries can follow `rdfs:subClassOf`),
    /// replacing an earlier copy.
    pub fn load_ontology(&self) -> Result<(), StoreError> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let stated = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(ONTOLOGY_TTL.as_bytes())
            .map(|q| q.map(Triple::from))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Load(format!("the shipped vocabulary does not parse: {e}")))?;
        self.replace_article(&ArticleGraph { name: graph, stated, provenance: Vec::new() })
    }

    /// Loads RDF in `format` from `reader` (in one transaction). Triples of
    /// graph formats (Turtle, N-Triples, RDF/XML) go into the default graph,
    /// where orbitkg's dumps in those formats took them from.
    pub fn load(&self, reader: impl Read, format: RdfFormat) -> Result<(), StoreError> {
        self.forget_id_base();
        self.store.load_from_reader(RdfParser::from_format(format), reader).map_err(|e| StoreError::Load(e.to_string()))
    }

    /// Whether the default graph is empty while named graphs are not: a
    /// dataset from before the default graph held the knowledge graph, on
    /// which plain queries find nothing.
    pub fn only_named_graphs(&self) -> Result<bool, StoreError> {
        let default_empty =
            self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)).next().is_none();
        Ok(default_empty && self.store.named_graphs().next().transpose()?.is_some())
    }

    /// The base IRI of the graph's entities, as `orbitkg build --base` set
    /// it: read from the document nodes (`{base}doc/{hash}`), so that `id:`
    /// means the same in a query as in the dump. The default base when the
    /// graph has no documents or its documents disagree (dumps built with
    /// different bases, loaded together).
    pub fn id_base(&self) -> Result<String, StoreError> {
        let mut cached = self.id_base.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(base) = cached.as_ref() {
            return Ok(base.clone());
        }
        let base = detect_id_base(&self.store)?;
        *cached = Some(base.clone());
        Ok(base)
    }

    fn forget_id_base(&self) {
        *self.id_base.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.store.len()?)
    }

    /// Whether the store holds no quads.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.is_empty()?)
    }

    /// Flushes an on-disk store.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        if self.path.is_some() {
            self.store.flush()?;
        }
        Ok(())
    }

    /// Runs a SPARQL query. The default graph is the knowledge graph (each
    /// triple once); `GRAPH ?doc { … }` reaches what each article states.
    /// The vocabulary's prefixes (`okg:`, `id:`, `rdfs:`, `skos:`, …) are
    /// predeclared. Syntax errors give `line:column`.
    pub fn query(&self, sparql: &str) -> Result<QueryOutput, StoreError> {
        self.query_with(sparql, &QueryOptions::default())
    }

    /// Runs a SPARQL query as [`KgStore::query`] does, within `options`.
    /// With a timeout, a query still running when the time is up stops:
    /// [`StoreError::Timeout`] here, or an error item (see [`timed_out`])
    /// while its results are read; reading the results counts.
    ///
    /// ```
    /// use orbitkg_rdf::{KgStore, QueryOptions};
    /// use std::time::Duration;
    /// let store = KgStore::in_memory()?;
    /// let options = QueryOptions::new().with_timeout(Duration::from_secs(30));
    /// let rows = store.query_with("SELECT * { ?s ?p ?o }", &options)?;
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn query_with(&self, sparql: &str, options: &QueryOptions) -> Result<QueryOutput, StoreError> {
        // The clock starts before parsing: the limit is the caller's wait.
        let limit = options.timeout.map(TimeLimit::start);
        let query = parse_query(sparql, crate::vocab::prefixes_for_base(&self.id_base()?))?;
        let query = crate::params::apply(query, &options.bindings);
        // Under a limit, cross products are guarded (crate::guard): the
        // limit then stops them too, by an unwind caught below.
        let prepared = crate::guard::prepare(query, limit.as_ref().map(TimeLimit::token));
        // Oxigraph 0.5 can panic while evaluating some queries (its ORDER BY
        // comparison is not a total order when a variable mixes IRIs and
        // literals, e.g. `?p okg:title? ?t ORDER BY ?t`): that is an error
        // for this query, not the end of the process or of a server worker.
        let results =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepared.on_store(&self.store).execute()))
                .map_err(|panic| {
                    if let (true, Some(l)) = (crate::guard::is_stop(&*panic), &limit) {
                        return StoreError::Timeout(QueryTimedOut { limit: l.limit() });
                    }
                    let why = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "no message".into());
                    StoreError::Evaluation(format!(
                        "Oxigraph failed while evaluating this query ({why}); rewrite the query"
                    ))
                })?;
        match limit {
            None => results.map_err(|e| StoreError::Evaluation(e.to_string())),
            Some(limit) => match results {
                Ok(results) => Ok(limit_results(results, limit)),
                Err(e) => {
                    let e = limit.explain(e);
                    Err(match timed_out(&e) {
                        Some(t) => StoreError::Timeout(t),
                        None => StoreError::Evaluation(e.to_string()),
                    })
                }
            },
        }
    }

    /// Runs a SELECT query and collects its rows as `(variable, value)` pairs.
    pub fn select(&self, sparql: &str) -> Result<Vec<Vec<(String, Term)>>, StoreError> {
        match self.query(sparql)? {
            QueryResults::Solutions(solutions) => solutions
                .map(|s| {
                    let s = s.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                    Ok(s.iter().map(|(v, t)| (v.as_str().to_string(), t.clone())).collect())
                })
                .collect(),
            _ => Err(StoreError::Evaluation("not a SELECT query".into())),
        }
    }
}

/// The entity base of the graph in `store` (see [`KgStore::id_base`]).
pub fn detect_id_base(store: &Store) -> Result<String, oxigraph::store::StorageError> {
    let mut bases = std::collections::BTreeSet::new();
    for quad in
        store.quads_for_pattern(None, Some(crate::vocab::RDF_TYPE), Some(crate::vocab::OKG_DOCUMENT.into()), None)
    {
        if let NamedOrBlankNode::NamedNode(doc) = quad?.subject
            && let Some(i) = doc.as_str().rfind("doc/")
        {
            bases.insert(doc.as_str()[..i].to_string());
        }
    }
    let mut bases = bases.into_iter();
    Ok(match (bases.next(), bases.next()) {
        (Some(one), None) => one,
        _ => crate::vocab::ID.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::QueryEvaluationError;
    use std::time::Instant;

    /// `id:` is the base the graph was built with, read from its documents.
    #[test]
    fn the_entity_base_is_read_from_the_documents() {
        let s = KgStore::in_memory().unwrap();
        assert_eq!(s.id_base().unwrap(), crate::vocab::ID, "no documents: the default");
        let doc = |base: &str| {
            format!(
                "<{base}doc/0123456789abcdef> a <https://orbitkg.org/ns#Document> . <{base}nasa> a <https://orbitkg.org/ns#SpaceAgency> ."
            )
        };
        s.load(doc("https://example.org/kg#").as_bytes(), RdfFormat::Turtle).unwrap();
        assert_eq!(s.id_base().unwrap(), "https://example.org/kg#");
        assert!(matches!(s.query("ASK { id:nasa a okg:SpaceAgency }").unwrap(), QueryResults::Boolean(true)));
        // Loading more forgets what was read: two bases disagree, so the default.
        s.load(doc("https://example.org/other/").as_bytes(), RdfFormat::Turtle).unwrap();
        assert_eq!(s.id_base().unwrap(), crate::vocab::ID);
    }

    /// A store of `n` triples, for queries that run for ever.
    fn store_of(n: usize) -> KgStore {
        let s = KgStore::in_memory().unwrap();
        let ttl: String = (0..n).map(|i| format!("<urn:s{i}> <urn:p> <urn:o{}> .\n", i + 1)).collect();
        s.load(ttl.as_bytes(), RdfFormat::Turtle).unwrap();
        s
    }

    /// Reads the results to the end; the first error, if any.
    fn drain(results: QueryOutput) -> Option<QueryEvaluationError> {
        match results {
            QueryResults::Solutions(s) => s.filter_map(Result::err).next(),
            QueryResults::Graph(t) => t.filter_map(Result::err).next(),
            QueryResults::Boolean(_) => None,
        }
    }

    const FOREVER: &str = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }";

    #[test]
    fn queries_stop_at_their_time_limit() {
        let s = store_of(200);
        let limit = Duration::from_millis(300);
        let options = QueryOptions::new().with_timeout(limit);
        for q in [FOREVER, "CONSTRUCT { ?a ?b ?o } { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?o }"] {
            let start = std::time::Instant::now();
            let e = match s.query_with(q, &options) {
                Ok(results) => drain(results).map(|e| e.to_string()).expect("a timeout"),
                Err(e) => e.to_string(),
            };
            let took = start.elapsed();
            assert!(e.contains("ran out of time") && e.contains("0.3 s"), "{q}: {e}");
            assert!(took < limit * 20, "{q}: stopped {took:?} after a limit of {limit:?}");
        }
    }

    /// Products whose rows Oxigraph combines in memory, between two reads
    /// of the store, stop at the limit too (crate::guard); without the
    /// guards each runs for hours and takes gigabytes.
    #[test]
    fn cross_products_stop_at_their_time_limit() {
        let s = store_of(200);
        let limit = Duration::from_millis(300);
        for q in [
            "SELECT (COUNT(*) AS ?n) { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z . ?d <urn:p> ?w . ?e <urn:p> ?v }",
            "SELECT DISTINCT ?x ?w { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z . ?d <urn:p> ?w } ORDER BY ?w",
            "SELECT (COUNT(*) AS ?n) { { ?a <urn:p> ?x } { ?b <urn:p> ?y } { ?c <urn:p> ?z } { ?d <urn:p> ?w } }",
            "SELECT DISTINCT * { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z OPTIONAL { ?d <urn:p> ?w } } ORDER BY ?w",
            "ASK { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z . ?d <urn:p> ?w FILTER(STR(?x) = CONCAT(STR(?w), STR(?y), \"!\")) }",
        ] {
            let (tx, rx) = std::sync::mpsc::channel();
            let store = s.clone();
            let start = Instant::now();
            std::thread::spawn(move || {
                let e = match store.query_with(q, &QueryOptions::new().with_timeout(limit)) {
                    Ok(results) => drain(results).map(|e| e.to_string()),
                    Err(e) => Some(e.to_string()),
                };
                let _ = tx.send(e);
            });
            let e = rx.recv_timeout(limit * 100).unwrap_or_else(|_| panic!("{q}: still running after 100 limits"));
            let e = e.unwrap_or_else(|| panic!("{q}: finished within its limit"));
            assert!(e.contains("ran out of time") && e.contains("0.3 s"), "{q}: {e}");
            let took = start.elapsed();
            assert!(took < limit * 20, "{q}: stopped {took:?} after a limit of {limit:?}");
        }
    }

    #[test]
    fn timeouts_are_recognised_in_result_items() {
        let s = store_of(200);
        let options = QueryOptions::new().with_timeout(Duration::from_millis(50));
        let e = drain(s.query_with(FOREVER, &options).unwrap()).expect("a timeout");
        assert_eq!(timed_out(&e), Some(QueryTimedOut { limit: Duration::from_millis(50) }));
        assert_eq!(timed_out(&QueryEvaluationError::Cancelled), None);
    }

    /// A quick query is not disturbed by a limit, and its watchdog goes
    /// when its results do.
    #[test]
    fn quick_queries_under_a_limit_answer_in_full() {
        let s = store_of(50);
        let options = QueryOptions::new().with_timeout(Duration::from_secs(60));
        let QueryResults::Solutions(rows) = s.query_with("SELECT * { ?s <urn:p> ?o }", &options).unwrap() else {
            panic!("a SELECT")
        };
        assert_eq!(rows.map(Result::unwrap).count(), 50);
        assert!(matches!(s.query_with("ASK { <urn:s1> ?p ?o }", &options).unwrap(), QueryResults::Boolean(true)));
        assert!(matches!(s.query_with("INSERT DATA { <a:a> <a:b> <a:c> }", &options), Err(StoreError::Update)));
        assert!(matches!(s.query_with("SELECT * {", &options), Err(StoreError::Syntax(_))));
    }

    #[test]
    fn missing_and_foreign_directories_are_refused() {
        let dir = std::env::temp_dir().join(format!("orbitkg-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(matches!(KgStore::open_existing(&dir), Err(StoreError::NoStore(_))));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        // A reader is told to give a store; a writer, a new or empty directory.
        assert!(matches!(KgStore::open_existing(&dir), Err(StoreError::NotAStoreToRead(_))));
        if KgStore::disk_support() {
            assert!(matches!(KgStore::create_or_open(&dir), Err(StoreError::NotAStore(_))));
            assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
