//! The Oxigraph store: in memory, or on disk (feature `rocksdb`), with
//! per-article atomic replacement that keeps the default graph the merged
//! knowledge graph, SPARQL, and loading.

use crate::mapping::ArticleGraph;
use crate::vocab::PROV_WAS_DERIVED_FROM;
use crate::{ONTOLOGY_GRAPH, ONTOLOGY_TTL};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter};
use oxigraph::store::Store;
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::{Query, SparqlParser};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};
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

/// The error of a query stopped by its time limit. [`KgStore::query_with`]
/// returns it as [`StoreError::Timeout`]; while results are read it comes
/// inside the [`QueryEvaluationError`] of an item (see [`timed_out`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the query ran out of time (limit: {}; raise it with --timeout)", seconds(*.limit))]
pub struct QueryTimedOut {
    /// The limit that was reached.
    pub limit: Duration,
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{:.1} s", d.as_secs_f64()) }
}

/// The time limit in an evaluation error, when the error is a timeout of a
/// query run by [`KgStore::query_with`] or with a [`TimeLimit`]'s token.
pub fn timed_out(e: &QueryEvaluationError) -> Option<QueryTimedOut> {
    match e {
        QueryEvaluationError::Dataset(inner) => inner.downcast_ref::<QueryTimedOut>().copied(),
        _ => None,
    }
}

/// A running time limit: the watchdog (one thread for the whole process,
/// started with the first limit) cancels [`TimeLimit::token`] when the time
/// is up; dropping the `TimeLimit` forgets it. Give the token to a
/// `SparqlEvaluator` (`with_cancellation_token`) to stop its evaluation.
/// Starting a limit costs a lock and a map insertion, not a thread, so a
/// server can give one to every request.
///
/// Oxigraph checks the token whenever the evaluation reads the store, and
/// [`KgStore::query_with`] checks the clock at each result, so most queries
/// stop at once; but a join of patterns already read (a cross product under
/// `COUNT`, `ORDER BY` or `DISTINCT`) can run on between two reads for as
/// long as the product is large, unless the query is prepared with
/// [`crate::guard::guarded`], as `query_with` does. [`TimeLimit::is_expired`] tells a caller
/// that must stop at once regardless (a command-line run ends its process;
/// a server can answer and leave the evaluation to finish or be cancelled).
///
/// ```
/// use orbitkg_rdf::TimeLimit;
/// use std::time::Duration;
/// let limit = TimeLimit::start(Duration::from_millis(10));
/// assert!(!limit.token().is_cancelled());
/// std::thread::sleep(Duration::from_millis(200));
/// assert!(limit.token().is_cancelled() && limit.is_expired());
/// ```
pub struct TimeLimit {
    token: CancellationToken,
    limit: Duration,
    expired: Arc<AtomicBool>,
    /// Its place in the watchdog's queue; `None` when there is no watchdog.
    key: Option<(Instant, u64)>,
}

impl std::fmt::Debug for TimeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeLimit").field("limit", &self.limit).field("expired", &self.is_expired()).finish()
    }
}

/// The limits running, by deadline, and the thread that expires them.
struct Watchdog {
    queue: Mutex<WatchQueue>,
    wake: Condvar,
}

#[derive(Default)]
struct WatchQueue {
    next_id: u64,
    limits: BTreeMap<(Instant, u64), (CancellationToken, Arc<AtomicBool>)>,
}

impl Watchdog {
    /// The process's watchdog, started on first use; `None` if its thread
    /// cannot be started.
    fn get() -> Option<&'static Watchdog> {
        static WATCHDOG: OnceLock<Option<&'static Watchdog>> = OnceLock::new();
        *WATCHDOG.get_or_init(|| {
            let dog: &'static Watchdog =
                Box::leak(Box::new(Watchdog { queue: Mutex::new(WatchQueue::default()), wake: Condvar::new() }));
            std::thread::Builder::new().name("orbitkg-query-limit".into()).spawn(move || dog.run()).ok().map(|_| dog)
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, WatchQueue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Expires each limit at its deadline, sleeping until the earliest.
    fn run(&self) {
        let mut queue = self.lock();
        loop {
            let now = Instant::now();
            while let Some(entry) = queue.limits.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                let (token, expired) = entry.remove();
                expired.store(true, Ordering::SeqCst);
                token.cancel();
            }
            queue = match queue.limits.keys().next() {
                Some(&(deadline, _)) => {
                    self.wake.wait_timeout(queue, deadline - now).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.wake.wait(queue).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

impl Drop for TimeLimit {
    fn drop(&mut self) {
        if let (Some(key), Some(dog)) = (self.key, Watchdog::get()) {
            dog.lock().limits.remove(&key);
        }
    }
}

impl TimeLimit {
    /// Starts the clock.
    pub fn start(limit: Duration) -> TimeLimit {
        let token = CancellationToken::new();
        let expired = Arc::new(AtomicBool::new(false));
        let key = match Watchdog::get() {
            Some(dog) => {
                // A limit too far away to represent is no limit.
                Instant::now().checked_add(limit).map(|deadline| {
                    let mut queue = dog.lock();
                    let key = (deadline, queue.next_id);
                    queue.next_id += 1;
                    let earliest = queue.limits.keys().next().is_none_or(|first| key < *first);
                    queue.limits.insert(key, (token.clone(), Arc::clone(&expired)));
                    if earliest {
                        dog.wake.notify_one();
                    }
                    key
                })
            }
            None => {
                // No thread to watch the clock: stop at once rather than run unlimited.
                expired.store(true, Ordering::SeqCst);
                token.cancel();
                None
            }
        };
        TimeLimit { token, limit, expired, key }
    }

    /// The token the watchdog cancels.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// The limit.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Whether the time is up.
    pub fn is_expired(&self) -> bool {
        self.expired.load(Ordering::SeqCst)
    }

    /// `e`, said as a timeout when the time is up and `e` is the
    /// cancellation.
    pub fn explain(&self, e: QueryEvaluationError) -> QueryEvaluationError {
        match e {
            QueryEvaluationError::Cancelled if self.is_expired() => {
                QueryEvaluationError::Dataset(Box::new(QueryTimedOut { limit: self.limit }))
            }
            e => e,
        }
    }

    /// The next item of a result iterator under this limit: a timeout error
    /// (once) when the time is up, whether or not the evaluation noticed.
    fn next_item<T>(
        &self,
        item: Option<Result<T, QueryEvaluationError>>,
        stopped: &mut bool,
    ) -> Option<Result<T, QueryEvaluationError>> {
        if *stopped {
            return None;
        }
        if self.is_expired() {
            *stopped = true;
            return Some(Err(QueryEvaluationError::Dataset(Box::new(QueryTimedOut { limit: self.limit }))));
        }
        item.map(|r| r.map_err(|e| self.explain(e)))
    }
}

/// The next item of guarded results (crate::guard): `None` when a guard
/// stopped the evaluation, which happens only once the time is up (the
/// caller then reports the timeout); any other unwind goes on.
fn guarded_next<I: Iterator>(results: &mut I) -> Option<I::Item> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| results.next())) {
        Ok(item) => item,
        Err(panic) if crate::guard::is_stop(&*panic) => None,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Results under a [`TimeLimit`]: each item checks the clock, and the
/// watchdog lives as long as the results.
fn limit_results(results: QueryOutput, limit: TimeLimit) -> QueryOutput {
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Arc<[oxigraph::sparql::Variable]> = solutions.variables().into();
            let mut solutions = solutions;
            let mut stopped = false;
            QueryResults::Solutions(QuerySolutionIter::new(
                variables,
                std::iter::from_fn(move || {
                    let item = if stopped || limit.is_expired() { None } else { guarded_next(&mut solutions) };
                    limit.next_item(item, &mut stopped)
                }),
            ))
        }
        QueryResults::Graph(triples) => {
            let mut triples = triples;
            let mut stopped = false;
            QueryResults::Graph(QueryTripleIter::new(std::iter::from_fn(move || {
                let item = if stopped || limit.is_expired() { None } else { guarded_next(&mut triples) };
                limit.next_item(item, &mut stopped)
            })))
        }
        boolean => boolean,
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
                        return StoreError::Timeout(QueryTimedOut { limit: l.limit });
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

/// The parser's message, with an undefined prefix said plainly and long
/// "expected one of" lists cut short.
pub fn concise_syntax_error(msg: &str) -> String {
    // The parser's character classes run over several lines; a message is one.
    let msg = &msg.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let position = msg.split(": expected").next().unwrap_or(msg);
    if msg.contains("Prefix not found") {
        let known: Vec<&str> = crate::vocab::PREFIXES.iter().map(|(p, _)| *p).collect();
        return format!("{position}: undefined prefix (declare it with PREFIX; predeclared: {}:)", known.join(":, "));
    }
    match msg.split_once("expected one of ") {
        Some((head, list)) => {
            let items: Vec<String> = list.split(", ").map(short_class).collect();
            if items.len() > 6 {
                format!("{head}expected one of {}, … ({} more)", items[..6].join(", "), items.len() - 6)
            } else {
                format!("{head}expected one of {}", items.join(", "))
            }
        }
        None => msg.to_string(),
    }
}

/// Parses a query as orbitkg runs it, with `prefixes` predeclared. Refused
/// before parsing: parentheses nested over [`MAX_PAREN_DEPTH`] deep, groups
/// over [`MAX_GROUP_DEPTH`]; after: an update ([`StoreError::Update`]), a
/// query over [`MAX_QUERY_SIZE`] ([`StoreError::TooLarge`]). Syntax errors
/// give `line:column`.
///
/// ```
/// let q = orbitkg_rdf::parse_query("ASK { ?s okg:signed ?o }", [("okg", "https://orbitkg.org/ns#")]);
/// assert!(q.is_ok());
/// let deep = format!("ASK {}{}", "{".repeat(100), "}".repeat(100));
/// assert!(orbitkg_rdf::parse_query(&deep, [("okg", "https://orbitkg.org/ns#")]).is_err());
/// ```
pub fn parse_query<P: AsRef<str>, I: AsRef<str>>(
    sparql: &str,
    prefixes: impl IntoIterator<Item = (P, I)>,
) -> Result<Query, StoreError> {
    let nesting = Nesting::of(sparql);
    if nesting.parens > MAX_PAREN_DEPTH {
        return Err(StoreError::Syntax(format!(
            "parentheses nested {} deep; orbitkg reads queries nested up to {MAX_PAREN_DEPTH} deep",
            nesting.parens
        )));
    }
    if nesting.negations > MAX_NEGATIONS {
        return Err(StoreError::Syntax(format!("{} `!` in a row; SPARQL allows {MAX_NEGATIONS}", nesting.negations)));
    }
    if nesting.groups > MAX_GROUP_DEPTH {
        return Err(StoreError::Syntax(format!(
            "groups ({{ … }} or [ … ]) nested {} deep; orbitkg reads queries with groups nested up to {MAX_GROUP_DEPTH} deep",
            nesting.groups
        )));
    }
    if nesting.operators > MAX_OPERATORS {
        return Err(StoreError::Syntax(format!(
            "{} operators (`||`, `+`, `=`, a path's `/` …); orbitkg reads queries with up to {MAX_OPERATORS}",
            nesting.operators
        )));
    }
    let mut parser = SparqlParser::new();
    for (p, iri) in prefixes {
        parser = parser.with_prefix(p.as_ref(), iri.as_ref()).map_err(|e| StoreError::Syntax(e.to_string()))?;
    }
    let query = match parser.clone().parse_query(sparql) {
        Ok(q) => q,
        // An update is well-formed SPARQL, just not a query: say that, not "syntax error".
        Err(_) if parser.parse_update(sparql).is_ok() => return Err(StoreError::Update),
        // The parser's position is the furthest it reached; the token at fault may be earlier.
        Err(e) => {
            return Err(StoreError::Syntax(
                crate::syntax::locate(sparql)
                    .map(|m| format!("error at {m}"))
                    .unwrap_or_else(|| concise_syntax_error(&e.to_string())),
            ));
        }
    };
    let size = algebra_size(&query);
    if size.total > MAX_QUERY_SIZE || size.joined > MAX_JOINED_PATTERNS {
        return Err(StoreError::TooLarge { total: size.total, joined: size.joined });
    }
    Ok(query)
}

/// The deepest nesting of parentheses a query may have. The SPARQL parser's
/// time doubles with each level of some nestings (`SELECT (!(!(!…`: 16
/// levels take seconds, 20 a minute, found by fuzzing), and parsing cannot
/// be cancelled, so deeper queries are refused before they are parsed.
pub const MAX_PAREN_DEPTH: usize = 10;

/// The most `!` a query may have in a row: SPARQL's grammar allows one
/// (`!` applies to a primary expression or a path), but the parser tries
/// every `!` of a run at each level of parentheses before it says so (ten
/// levels of four hundred: seconds).
pub const MAX_NEGATIONS: usize = 1;

/// The most binary operators a query may have. A chain of them (`1+1+…`,
/// `?a || ?b || …`, `<a>/<b>/…`) is parsed into a tree as deep as the chain
/// is long, which Oxigraph walks recursively: 5,000 `+` overflow the stack,
/// which ends the process (a server with it).
pub const MAX_OPERATORS: usize = 256;

/// The deepest nesting of groups (`{ … }`, and blank nodes' `[ … ]`) a
/// query may have. Oxigraph walks a query's algebra recursively: 1,500
/// nested subqueries (or 2,000 nested `[`) overflow the stack, which ends
/// the process (a server with it), so deeper queries are refused before they
/// are parsed. Hand-written queries nest a few deep.
pub const MAX_GROUP_DEPTH: usize = 64;

/// The largest query orbitkg runs, in the units of `algebra_size` (about one per
/// triple pattern and one per group, `OPTIONAL`, `UNION`, `FILTER`…), and
/// the most patterns one join of it may have. Oxigraph's optimizer takes time
/// that grows with the cube of the patterns a join has (40: a tenth of a
/// second, 80: over a second, 160: twenty) and with the square of a chain
/// of `OPTIONAL`s (160: two seconds, 320: eighteen), and cannot be
/// cancelled, nor can a query run without it (every join then becomes a
/// cross product), so larger queries are refused after parsing.
pub const MAX_QUERY_SIZE: usize = 256;

/// See [`MAX_QUERY_SIZE`].
pub const MAX_JOINED_PATTERNS: usize = 48;

/// How deep parentheses and groups nest in a query, outside comments,
/// strings and IRIs.
#[derive(Debug, Default, PartialEq)]
struct Nesting {
    parens: usize,
    groups: usize,
    /// The most `!` in a row (spaces between them allowed, `!=` not counted).
    negations: usize,
    /// Binary operators (`||`, `+`, `=`, a path's `/` …), each counted once.
    operators: usize,
}

impl Nesting {
    fn of(sparql: &str) -> Nesting {
        let (mut parens, mut groups, mut negations) = (0usize, 0usize, 0usize);
        let mut max = Nesting::default();
        let mut chars = sparql.chars().peekable();
        // Whether the current word is a prefixed name (`id:ann-mcclain`) or a
        // language tag (`@en-US`), in which `-` is a letter, not an operator.
        let mut in_name = false;
        let mut prev = ' ';
        while let Some(c) = chars.next() {
            if c == '!' && chars.peek() != Some(&'=') {
                negations += 1;
                max.negations = max.negations.max(negations);
                prev = c;
                continue;
            }
            if !c.is_whitespace() {
                negations = 0;
            }
            if c == '@'
                || c == ':' && (prev.is_alphanumeric() || prev.is_whitespace() || matches!(prev, '(' | '{' | '/' | '|'))
            {
                in_name = true;
            } else if !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%' | '\\')) {
                in_name = false;
            }
            // Operators combine what is around them into one expression or path,
            // nested as deep as the chain is long; `a|b` and `a||b` count once.
            let doubled = matches!(c, '|' | '&') && prev == c;
            if (matches!(c, '|' | '&' | '+' | '*' | '/' | '=' | '>') || c == '-' && !in_name) && !doubled {
                max.operators += 1;
            }
            prev = c;
            match c {
                '(' => {
                    parens += 1;
                    max.parens = max.parens.max(parens);
                }
                ')' => parens = parens.saturating_sub(1),
                '{' | '[' => {
                    groups += 1;
                    max.groups = max.groups.max(groups);
                }
                '}' | ']' => groups = groups.saturating_sub(1),
                '#' => {
                    // The parser ends a comment at either line break.
                    chars.by_ref().find(|&c| c == '\n' || c == '\r');
                }
                // An IRI (`<http://…>`), not the operator `<` (`?a < ?b`,
                // `?a <= 3`), which is followed by a space, `=` or a value.
                '<' if chars
                    .peek()
                    .is_some_and(|&d| !d.is_whitespace() && !matches!(d, '=' | '?' | '$' | '"' | '\'' | '(')) =>
                {
                    chars.by_ref().find(|&c| c == '>' || c.is_whitespace());
                }
                '<' => max.operators += 1,
                '"' | '\'' => {
                    while let Some(d) = chars.next() {
                        match d {
                            '\\' => {
                                chars.next();
                            }
                            d if d == c => break,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        max
    }
}

/// The size of a query's algebra.
#[derive(Debug, Default, PartialEq)]
struct AlgebraSize {
    /// Operators and triple patterns, with those of `EXISTS` filters.
    total: usize,
    /// The most triple patterns and operands one join has (Oxigraph's
    /// optimizer orders them), nested joins and groups flattened.
    joined: usize,
}

/// See [`AlgebraSize`].
fn algebra_size(query: &Query) -> AlgebraSize {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut size = AlgebraSize::default();
    // Work lists, not recursion: a query's algebra may be deep.
    let mut todo = vec![pattern];
    while let Some(p) = todo.pop() {
        size.total += 1;
        match p {
            GraphPattern::Bgp { patterns } => {
                size.total += patterns.len();
                size.joined = size.joined.max(patterns.len());
            }
            GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
            GraphPattern::Join { .. } => {
                // The whole join, once: its operands are walked on their own.
                let mut joined = 0;
                let mut operands = vec![p];
                while let Some(o) = operands.pop() {
                    match o {
                        GraphPattern::Join { left, right } => {
                            size.total += 1;
                            operands.extend([&**left, &**right]);
                        }
                        GraphPattern::Bgp { patterns } => {
                            size.total += 1 + patterns.len();
                            joined += patterns.len();
                        }
                        other => {
                            joined += 1;
                            todo.push(other);
                        }
                    }
                }
                size.total -= 1;
                size.joined = size.joined.max(joined);
            }
            GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => todo.extend([&**left, &**right]),
            GraphPattern::LeftJoin { left, right, expression } => {
                todo.extend([&**left, &**right]);
                todo.extend(expression.iter().flat_map(exists_patterns));
            }
            GraphPattern::Filter { expr, inner } => {
                todo.push(inner);
                todo.extend(exists_patterns(expr));
            }
            GraphPattern::Extend { inner, expression, .. } => {
                todo.push(inner);
                todo.extend(exists_patterns(expression));
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => todo.push(inner),
        }
    }
    size
}

/// The patterns of the `EXISTS` in an expression, where `!`, `&&` and
/// `||` combine them.
fn exists_patterns(e: &Expression) -> Vec<&GraphPattern> {
    let mut found = Vec::new();
    let mut todo = vec![e];
    while let Some(e) = todo.pop() {
        match e {
            Expression::Exists(p) => found.push(&**p),
            Expression::Not(e) => todo.push(e),
            Expression::And(a, b) | Expression::Or(a, b) => todo.extend([&**a, &**b]),
            _ => {}
        }
    }
    found
}

/// A character class of the parser's, `['A' ..= 'Z' | 'a' ..= 'z' | …]`
/// (hundreds of characters long), cut after its first range.
fn short_class(item: &str) -> String {
    match item.find(" | ") {
        Some(i) if item.starts_with('[') => format!("{} | …]", &item[..i]),
        _ => item.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_positions() {
        let s = KgStore::in_memory().unwrap();
        let e = s.query("SELECT * WHERE {\n  ?s ?p \n}").err().expect("a syntax error").to_string();
        assert!(e.contains("3:1") || e.contains("2:"), "{e}");
    }

    #[test]
    fn vocabulary_prefixes_are_predeclared() {
        let s = KgStore::in_memory().unwrap();
        assert!(s.query("ASK { ?s okg:signed ?a ; rdfs:label ?l }").is_ok());
    }

    #[test]
    fn undefined_prefixes_are_named_plainly() {
        let s = KgStore::in_memory().unwrap();
        let e = s.query("SELECT * WHERE {\n  ?s foo:leads ?o }").err().expect("an error").to_string();
        assert!(e.contains("2:") && e.contains("undefined prefix"), "{e}");
        assert!(e.lines().count() == 1 && e.len() < 200, "{e}");
    }

    /// Regression (found by the `query` fuzz target): a syntax error listed
    /// character classes over several lines and hundreds of characters.
    #[test]
    fn syntax_errors_are_one_short_line() {
        let s = KgStore::in_memory().unwrap();
        for q in ["SELECT ?x WHERE { ?s ?p ?o } GROUP BY", "SELECT DISTINCT ?agencyA ?age\nWHERE {"] {
            let e = s.query(q).err().expect("a syntax error").to_string();
            assert!(e.lines().count() == 1 && e.len() < 200, "{e}");
        }
        let e = s.query("SELECT ?x WHERE { ?s ?p ?o } GROUP BY").err().expect("a syntax error").to_string();
        assert!(e.contains("['A' ..= 'Z' | …]"), "{e}");
    }

    /// Regression (found by the `query` fuzz target): 47 bytes of nested
    /// parentheses kept the parser busy for a minute.
    #[test]
    fn deeply_nested_parentheses_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let deep = format!("SELECT {}E", "(!".repeat(20));
        let e = s.query(&deep).err().expect("refused").to_string();
        assert!(e.contains("nested 20 deep"), "{e}");
        // Regression (found by the `query` fuzz target): a comment ended by a
        // carriage return hid the parentheses after it.
        let hidden = format!("SELECT # a comment\r{}E", "(!".repeat(20));
        assert!(s.query(&hidden).err().expect("refused").to_string().contains("nested 20 deep"));
        // Strings and comments do not count; ten levels are read.
        let ok = format!(
            "# {}\nASK {{ FILTER({}1{} || REGEX(\"((((((((((((\", \"x\")) }}",
            "(".repeat(30),
            "(".repeat(9),
            ")".repeat(9)
        );
        assert!(s.query(&ok).is_ok(), "{:?}", s.query(&ok).err());
    }

    /// Regression (found by the `query` fuzz target): eight levels of
    /// parentheses each after a hundred `!` kept the parser busy for seconds.
    #[test]
    fn long_runs_of_negations_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let q = |bangs: usize| format!("SELECT ?c {}COUNT", format!("({} ", "!".repeat(bangs)).repeat(8));
        let e = s.query(&q(100)).err().expect("refused").to_string();
        assert!(e.contains("100 `!` in a row"), "{e}");
        // Up to the limit, the parser's own error.
        let e = s.query(&q(MAX_NEGATIONS)).err().expect("a syntax error").to_string();
        assert!(e.contains("1:"), "{e}");
        assert!(s.query("ASK { ?s !rdf:type ?o FILTER(!BOUND(?x) && !(1 != 2) || ?s != ?o) }").is_ok());
    }

    /// Regression (found by the `query` fuzz target): 1,500 nested
    /// subqueries overflowed the stack, which ends the process (and a server).
    #[test]
    fn deeply_nested_groups_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let nest = |n: usize| format!("ASK {{ {} ?s ?p ?o {} }}", "{ SELECT * WHERE { ".repeat(n), "} }".repeat(n));
        let e = s.query(&nest(1500)).err().expect("refused").to_string();
        assert!(e.contains("nested 3001 deep"), "{e}");
        // At the limit, on a test thread's small stack in a debug build: read.
        let ok = nest((MAX_GROUP_DEPTH - 1) / 2);
        assert!(s.query(&ok).is_ok(), "{:?}", s.query(&ok).err());
        // Braces in strings, comments and IRIs do not count.
        let quoted = format!("# {}\nASK {{ ?s ?p \"{}\" }}", "{".repeat(100), "{".repeat(100));
        assert!(s.query(&quoted).is_ok(), "{:?}", s.query(&quoted).err());
        assert_eq!(
            Nesting::of("ASK { ?a ?b <http://x/(((#{{> FILTER(?a < ?b && ! !!(?a != ?b)) }"),
            Nesting { parens: 2, groups: 1, negations: 3, operators: 3 }
        );
    }

    /// Regression (found by probing what the fuzz target found): chains of
    /// 5,000 `+` (10 KB) or `||`, and 2,000 nested `[`, overflowed the stack.
    #[test]
    fn long_operator_chains_are_refused_before_parsing() {
        let s = KgStore::in_memory().unwrap();
        let plus = |n: usize| format!("SELECT * {{ ?s ?p ?o BIND({} AS ?z) }}", vec!["1"; n].join("+"));
        let or = |n: usize| format!("SELECT * {{ ?s ?p ?o FILTER({}) }}", vec!["?s = <a:b>"; n].join(" || "));
        let path = |n: usize| format!("SELECT * {{ ?s {} ?o }}", vec!["<a:b>"; n].join("/"));
        let minus = |n: usize| format!("SELECT * {{ ?s ?p ?o BIND({} AS ?z) }}", vec!["?s"; n].join("-"));
        for q in [plus(5000), or(5000), path(5000), minus(5000)] {
            let e = s.query(&q).err().expect("refused").to_string();
            assert!(e.contains("operators") && e.contains("up to 256"), "{e}");
        }
        // At the limit, on a test thread's small stack in a debug build: read.
        // (A path's steps are joined patterns: their own limit applies.)
        for q in [plus(MAX_OPERATORS / 2), or(MAX_OPERATORS / 2), path(MAX_JOINED_PATTERNS - 8)] {
            assert!(s.query(&q).is_ok(), "{:?}", s.query(&q).err());
        }
        let blank = |n: usize| format!("SELECT * {{ ?s ?p {} ?o {} }}", "[ ?p ".repeat(n), "]".repeat(n));
        assert!(s.query(&blank(2000)).err().expect("refused").to_string().contains("nested 2001 deep"));
        assert!(s.query(&blank(MAX_JOINED_PATTERNS - 8)).is_ok());
        // Hyphens in names and language tags are letters.
        let names = format!("SELECT * {{ VALUES ?x {{ {} }} }}", "id:ann-mcclain \"a\"@en-US ".repeat(200));
        assert!(s.query(&names).is_ok(), "{:?}", s.query(&names).err());
    }

    /// Regression (found by the `query` fuzz target): a join of 160
    /// patterns kept Oxigraph's optimizer busy for twenty seconds, before
    /// any time limit could stop it.
    #[test]
    fn queries_too_large_to_plan_are_refused() {
        let s = KgStore::in_memory().unwrap();
        let join = |n: usize| format!("SELECT * {{ {} }}", "?s ?p ?o . ".repeat(n));
        assert!(s.query(&join(MAX_JOINED_PATTERNS)).is_ok());
        let e = s.query(&join(MAX_JOINED_PATTERNS + 1)).err().expect("refused");
        assert!(matches!(e, StoreError::TooLarge { joined: 49, .. }), "{e}");
        assert!(e.to_string().contains("split it"), "{e}");
        // Groups and subqueries joined count as one join.
        let groups = format!("SELECT * {{ {} }}", "{ ?s ?p ?o FILTER(true) } ?s ?p ?o . ".repeat(25));
        assert!(matches!(s.query(&groups), Err(StoreError::TooLarge { joined: 50, .. })));
        // A long chain of OPTIONALs, each small.
        let chain = |n: usize| format!("SELECT * {{ ?s ?p ?o {} }}", "OPTIONAL { ?s ?p ?o } ".repeat(n));
        assert!(s.query(&chain(80)).is_ok());
        assert!(matches!(s.query(&chain(100)), Err(StoreError::TooLarge { joined: 1, .. })));
        // EXISTS filters count with what they hold.
        let exists = format!("ASK {{ ?s ?p ?o FILTER({}) }}", vec!["EXISTS { ?s ?p ?o }"; 130].join(" && "));
        assert!(matches!(s.query(&exists), Err(StoreError::TooLarge { .. })));
    }

    #[test]
    fn updates_are_not_queries() {
        let s = KgStore::in_memory().unwrap();
        // Regression: an update was reported as a syntax error.
        assert!(matches!(s.query("INSERT DATA { <a:a> <a:b> <a:c> }"), Err(StoreError::Update)));
        assert!(matches!(s.query("DELETE WHERE { ?s okg:signed ?o }"), Err(StoreError::Update)));
        assert!(matches!(s.query("INSERT DATA { <a:a> <a:b> }"), Err(StoreError::Syntax(_))));
    }

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

    /// A query that would run for years stops at its limit and says so.
    #[test]
    fn one_watchdog_keeps_many_limits_each_at_its_own_time() {
        // A long limit first: the watchdog sleeps towards it, and must wake
        // for the short ones that come after.
        let long = TimeLimit::start(Duration::from_secs(600));
        let dropped = TimeLimit::start(Duration::from_millis(30));
        let dropped_key = dropped.key.expect("a watchdog");
        drop(dropped);
        let short: Vec<_> = (0..50).map(|i| TimeLimit::start(Duration::from_millis(20 + i))).collect();
        let deadline = Instant::now() + Duration::from_secs(30);
        while !short.iter().all(TimeLimit::is_expired) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(short.iter().all(|l| l.is_expired() && l.token().is_cancelled()), "short limits did not expire");
        assert!(!long.is_expired() && !long.token().is_cancelled());
        let dog = Watchdog::get().unwrap();
        let queue = dog.lock();
        assert!(!queue.limits.contains_key(&dropped_key), "a dropped limit stays queued");
        assert!(queue.limits.contains_key(&long.key.unwrap()));
    }

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
