//! `orbitkg serve`: a read-only SPARQL 1.1 Protocol endpoint.
//!
//! `GET /query?query=…`, `POST /query` with an `application/sparql-query`
//! body or an `application/x-www-form-urlencoded` `query=` field, like
//! Oxigraph's own server. Results are negotiated by `Accept` (or a `format`
//! parameter); queries see the store's default graph (the knowledge graph,
//! each triple once) and its named graphs (one per article), unless the query
//! names a dataset (`FROM`) or the request does (`default-graph-uri`,
//! `named-graph-uri`).
//!
//! The page at `/` is for people: a query box, and (`/?query=…`) the
//! results as an HTML table, yes/no or Turtle, with links to the same
//! answer from `/query`. It loads no scripts or styles from elsewhere.
//!
//! What it deliberately does not do: updates (refused with 403, whichever way
//! they are sent), federated `SERVICE` calls (this build has no HTTP client),
//! TLS or authentication. It binds to loopback unless told otherwise.
//!
//! With `--store`, a build may add articles while the endpoint runs: the
//! store is opened read-only (no lock is taken, so `build` can write), and
//! `DIR/orbitkg/state.json` is polled; when a commit has completed, the
//! store is reopened and served from then on (see [`watch`]). With `--data`,
//! the dump files are polled instead and loaded again once a changed file has
//! stayed the same for one poll (see [`watch_dumps`]).
//!
//! The HTTP plumbing ([`http`]: a thread per connection, deadlines and size
//! limits on requests, a few requests answered at a time) is kept apart from
//! [`Endpoint::handle`], a plain function from a request to a response, so
//! that tests exercise the protocol without sockets.

use crate::cli::{ServeArgs, Source};
use crate::data::{is_stdout, open_source};
use crate::exit::ExitStatus;

pub mod http;
use anyhow::{Context, Result};
use orbitkg_rdf::vocab::prefixes_for_base;
use orbitkg_rdf::{KgStore, TimeLimit};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Request bodies larger than this are refused (413): a query is text.
const MAX_BODY: usize = 1 << 20;

/// Requests answered at a time.
const WORKERS: usize = 4;

/// Requests still running past their time limit above which new ones are refused.
const RUNAWAY_LIMIT: usize = 2 * WORKERS;

/// States of a request answered on a thread of its own.
const RUNNING: u8 = 0;
const DONE: u8 = 1;
const ABANDONED: u8 = 2;

/// How long past its time limit a request is waited for before its client is told 503.
const GRACE: Duration = Duration::from_millis(250);

/// How the answer to a query that met a storage error starts.
const STORAGE_ERROR: &str = "the store changed under this query";

/// How the endpoint limits a query.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time for evaluating and serialising one query (`None`: no limit).
    pub timeout: Option<Duration>,
    /// Most solutions or triples one answer may hold (`None`: no limit).
    pub max_results: Option<usize>,
    /// Whether to send `Access-Control-Allow-Origin: *`.
    pub cors: bool,
}

/// An HTTP request, reduced to what the endpoint reads.
#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query string, e.g. `/query?query=ASK%7B%7D`.
    pub url: String,
    /// Header names and values (names compared case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An HTTP response, before it is written.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, `Content-Type` included.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> HttpResponse {
        HttpResponse { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
    }

    /// A plain-text message, ending with a newline.
    fn text(status: u16, message: impl std::fmt::Display) -> HttpResponse {
        HttpResponse::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    fn with_header(mut self, name: &str, value: &str) -> HttpResponse {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of a header.
    #[cfg(test)]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Runs `orbitkg serve` until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<ExitStatus> {
    let store = open_source(&args.source)?;
    let limits = Limits {
        timeout: (args.timeout > 0).then(|| Duration::from_secs(args.timeout)),
        max_results: (args.max_results > 0).then_some(args.max_results),
        cors: args.cors,
    };
    let watched = args.source.store.as_ref().map(|dir| dir.join("orbitkg").join("state.json"));
    // What the store says before it is read: a reload needs a newer state.
    let served_state = watched.as_deref().and_then(file_stamp);
    // The dumps' stamps before they are read; a graph read from standard
    // input cannot be read again, so it is not reloaded.
    let dumps: Vec<PathBuf> =
        if args.source.data.iter().any(|p| is_stdout(p)) { Vec::new() } else { args.source.data.clone() };
    let served_dumps = stamps(&dumps);
    // `open_source` has said what state the store is in; here, what serving it means.
    if args.source.store.as_deref().and_then(crate::data::store_warning).is_some() {
        eprintln!("orbitkg: serving the store as it is; it is reloaded when a build into it completes");
    }
    let endpoint = Arc::new(Endpoint::new(store.inner().clone(), limits)?);
    let request_time = Duration::from_secs(args.request_timeout);
    let config = http::HttpConfig {
        head_timeout: request_time,
        body_timeout: request_time,
        idle_timeout: request_time,
        ..http_config()
    };
    let server = spawn(Arc::clone(&endpoint), &args.bind, config, !args.quiet)?;
    let addr = server.addr();
    if !addr.ip().is_loopback() {
        eprintln!("orbitkg: warning: listening on {addr}, beyond this machine; there is no authentication");
    }
    let quads = store.len().unwrap_or(0);
    eprintln!("orbitkg: serving {quads} quads at http://{addr}/  (SPARQL endpoint: http://{addr}/query; Ctrl-C stops)");
    drop(store);
    if let Some(dir) = &args.source.store
        && args.reload > 0
    {
        let every = Duration::from_millis(args.reload);
        let (dir, endpoint) = (dir.clone(), Arc::clone(&endpoint));
        std::thread::spawn(move || watch(&dir, &endpoint, every, served_state));
    } else if !dumps.is_empty() && args.reload > 0 {
        let every = Duration::from_millis(args.reload);
        let (source, endpoint) = (args.source.clone(), Arc::clone(&endpoint));
        std::thread::spawn(move || watch_dumps(&source, &dumps, &endpoint, every, served_dumps));
    }
    server.wait();
    Ok(ExitStatus::Success)
}

/// The server's limits: bodies up to [`MAX_BODY`], [`WORKERS`] requests
/// answered at a time, the rest as [`http::HttpConfig::default`].
pub fn http_config() -> http::HttpConfig {
    http::HttpConfig { max_body: MAX_BODY, workers: WORKERS, ..Default::default() }
}

/// Starts the server on `bind` (its address is useful with port 0), logging
/// each request to standard error when `log` is set.
pub fn spawn(endpoint: Arc<Endpoint>, bind: &str, config: http::HttpConfig, log: bool) -> Result<http::HttpServer> {
    let listener = std::net::TcpListener::bind(bind).with_context(|| {
        let hint = if bind.contains(':') { "" } else { " (give ADDR:PORT, e.g. 127.0.0.1:7878)" };
        format!("cannot listen on {bind}{hint}")
    })?;
    let handler = move |req: &HttpRequest| {
        let started = Instant::now();
        let response = endpoint.handle(req);
        if log {
            let path = req.url.split('?').next().unwrap_or("");
            eprintln!(
                "{} {} -> {} ({} bytes, {} ms)",
                req.method,
                path,
                response.status,
                response.body.len(),
                started.elapsed().as_millis()
            );
        }
        response
    };
    http::HttpServer::start(listener, config, Arc::new(handler)).with_context(|| format!("cannot serve on {bind}"))
}

/// What a file is on disk, to tell that it changed: the archive replaces
/// `state.json` (write, then rename) when a commit starts and when it ends,
/// and `orbitkg build --out` replaces a dump the same way, so a changed stamp
/// means a commit or a new dump.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

fn file_stamp(path: &Path) -> Option<FileStamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some(FileStamp { len: m.len(), modified: m.modified().ok(), inode })
}

/// What `state.json` says: whether the store holds a whole commit, and how
/// many distinct documents (article contents) it holds then. `None`: no
/// readable state.
fn read_state(path: &Path) -> Option<(bool, usize)> {
    let bytes = std::fs::read(path).ok()?;
    let state = serde_json::from_slice::<serde_json::Value>(&bytes).ok()?;
    let complete = state.get("complete")?.as_bool()?;
    let docs = state.get("docs")?.as_object()?;
    let shas: std::collections::HashSet<&str> = docs.values().filter_map(|d| d.get("sha256")?.as_str()).collect();
    Some((complete, shas.len()))
}

/// The documents (`okg:Document`) in a store's default graph.
fn documents_in(store: &Store) -> Option<usize> {
    let q = "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a <https://orbitkg.org/ns#Document> }";
    let QueryResults::Solutions(mut s) = SparqlEvaluator::new().parse_query(q).ok()?.on_store(store).execute().ok()?
    else {
        return None;
    };
    match s.next()?.ok()?.get("n")? {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

/// Reopens the store at `dir` whenever a build has committed to it: polls
/// `DIR/orbitkg/state.json` every `every`, and when it has changed and says
/// the store is complete, opens the store anew (read-only) and serves it if
/// the state did not change while it was being opened and the store holds
/// as many documents as the state lists, so that a half-written commit is
/// never served. Queries under way finish on the store they started on.
fn watch(dir: &Path, endpoint: &Endpoint, every: Duration, mut served: Option<FileStamp>) {
    let state = dir.join("orbitkg").join("state.json");
    // Reopened stores in a row that held fewer or more documents than the state said.
    let mut mismatches = 0;
    loop {
        std::thread::sleep(every);
        let now = file_stamp(&state);
        let stale = endpoint.stale.swap(false, Ordering::SeqCst);
        if now.is_none() || (now == served && !stale) {
            continue;
        }
        let Some((true, documents)) = read_state(&state) else { continue };
        let reopened = KgStore::open_existing(dir);
        if file_stamp(&state) != now {
            // A commit started while the store was being opened: try again later.
            continue;
        }
        // The last check: the store opened holds as many documents as the
        // state says (a read-only open that raced the writer's last flush
        // or compaction could miss some); else try again at the next poll.
        if let Ok(s) = &reopened
            && documents_in(s.inner()) != Some(documents)
        {
            mismatches += 1;
            if mismatches < 5 {
                endpoint.stale.store(true, Ordering::SeqCst);
                continue;
            }
            eprintln!(
                "orbitkg: warning: the store at {} does not hold the {documents} documents its state lists; serving it as it is",
                dir.display()
            );
        }
        mismatches = 0;
        match reopened.map_err(anyhow::Error::new).and_then(|s| endpoint.replace(s.inner().clone())) {
            Ok(()) => {
                served = now;
                eprintln!("orbitkg: a build changed the store: serving it as it is now");
            }
            Err(e) => {
                eprintln!(
                    "orbitkg: warning: cannot reopen the store at {}: {e:#}; serving the previous one",
                    dir.display()
                );
            }
        }
    }
}

fn stamps(paths: &[PathBuf]) -> Vec<Option<FileStamp>> {
    paths.iter().map(|p| file_stamp(p)).collect()
}

/// Loads the `--data` dumps again whenever one of them has changed: polls
/// their stamps every `every`, and once a change has stayed put for one
/// poll (a tool writing a dump in place has finished), loads them all into a
/// new in-memory store and serves it. A dump that no longer loads (or has
/// gone) is reported once and the previous graph stays served. Queries under
/// way finish on the graph they started on.
fn watch_dumps(
    source: &Source,
    paths: &[PathBuf],
    endpoint: &Endpoint,
    every: Duration,
    mut served: Vec<Option<FileStamp>>,
) {
    let mut last = served.clone();
    loop {
        std::thread::sleep(every);
        let now = stamps(paths);
        if now == served || now != last {
            // Unchanged, or changed since the last poll: wait until it settles.
            last = now;
            continue;
        }
        let loaded = open_source(source).and_then(|s| {
            endpoint.replace(s.inner().clone())?;
            s.len().map_err(anyhow::Error::new)
        });
        match loaded {
            Ok(quads) => eprintln!("orbitkg: a dump changed: serving it as it is now ({quads} quads)"),
            Err(e) => eprintln!("orbitkg: warning: cannot load the changed dumps: {e:#}; serving the previous graph"),
        }
        served = now;
    }
}

/// The graph being served, with its prefixes.
struct Graph {
    store: Store,
    /// The vocabulary's prefixes, `id:` at the graph's own base (`build --base`).
    prefixes: Vec<(String, String)>,
}

impl Graph {
    fn new(store: Store) -> Result<Graph> {
        let base = orbitkg_rdf::detect_id_base(&store)?;
        let prefixes = prefixes_for_base(&base).into_iter().map(|(p, iri)| (p.to_string(), iri)).collect();
        Ok(Graph { store, prefixes })
    }
}

/// What answers requests: the graph (replaced when a build changes the
/// store) and the limits.
pub struct Endpoint {
    graph: RwLock<Arc<Graph>>,
    limits: Limits,
    /// Set when a query met a storage error (a build compacted away a file
    /// the open store still used): the next poll reopens the store.
    stale: AtomicBool,
    /// Requests still running after their client was told they ran out of
    /// time (see [`Endpoint::handle`]).
    runaway: Arc<AtomicUsize>,
    /// The threads that answer requests under a time limit.
    workers: Arc<Workers>,
}

/// A request's work, handed to a worker thread.
type Job = Box<dyn FnOnce() + Send>;

/// Threads that answer requests under a time limit, each kept for the next
/// request when it finishes, so that a request costs no thread start (half
/// the time of a small query). A new one starts when none is idle; one whose
/// query ran out of time is idle again only once that query has stopped;
/// one idle for [`IDLE_WORKER`] leaves.
#[derive(Default)]
struct Workers {
    /// The idle workers, each with its number and where to send it a job.
    idle: Mutex<Vec<(u64, mpsc::Sender<Job>)>>,
    started: AtomicU64,
}

/// How long a worker waits for a request before it leaves.
const IDLE_WORKER: Duration = Duration::from_secs(30);

impl Workers {
    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<(u64, mpsc::Sender<Job>)>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `job` on an idle worker, or on a new one.
    fn run(self: &Arc<Self>, job: Job) -> std::io::Result<()> {
        let popped = self.idle().pop();
        let job = match popped {
            // An idle worker is no longer in the list, so it does not leave
            // before it has received this.
            Some((_, worker)) => match worker.send(job) {
                Ok(()) => return Ok(()),
                // It died (a job panicked): start another.
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        let id = self.started.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel::<Job>();
        let workers = Arc::clone(self);
        std::thread::Builder::new().name("orbitkg-query".into()).spawn(move || {
            job();
            loop {
                workers.idle().push((id, tx.clone()));
                let next = loop {
                    match rx.recv_timeout(IDLE_WORKER) {
                        Ok(job) => break Some(job),
                        Err(_) => {
                            let mut idle = workers.idle();
                            match idle.iter().position(|(i, _)| *i == id) {
                                Some(at) => {
                                    idle.swap_remove(at);
                                    break None;
                                }
                                // Taken from the list: its job is on its way.
                                None => continue,
                            }
                        }
                    }
                };
                match next {
                    Some(job) => job(),
                    None => return,
                }
            }
        })?;
        Ok(())
    }
}

impl Endpoint {
    /// An endpoint for `store`; reads the graph's entity base once.
    pub fn new(store: Store, limits: Limits) -> Result<Endpoint> {
        Ok(Endpoint {
            graph: RwLock::new(Arc::new(Graph::new(store)?)),
            limits,
            stale: AtomicBool::new(false),
            runaway: Arc::new(AtomicUsize::new(0)),
            workers: Arc::default(),
        })
    }

    /// Serves `store` from now on; queries under way finish on the old one.
    pub fn replace(&self, store: Store) -> Result<()> {
        let graph = Arc::new(Graph::new(store)?);
        *self.graph.write().unwrap_or_else(|e| e.into_inner()) = graph;
        Ok(())
    }

    fn graph(&self) -> Arc<Graph> {
        Arc::clone(&self.graph.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Answers one request: the HTML page at `/`, SPARQL at `/query`.
    ///
    /// With a time limit, the request is answered on a worker thread ([`Workers`])
    /// and the caller waits for it until the limit (and a moment): Oxigraph
    /// checks its cancellation token only when it reads from the store, so a
    /// query that computes a large join in memory can run well past the
    /// limit. Its client is told 503 on time and the query stops at
    /// Oxigraph's next check, or at the next row of a cross product
    /// (orbitkg_rdf::guard); while more than [`RUNAWAY_LIMIT`] such queries
    /// are still stopping, new requests are refused with 503.
    pub fn handle(&self, req: &HttpRequest) -> HttpResponse {
        let graph = self.graph();
        let response = match self.limits.timeout {
            None => route(&graph, &self.limits, req),
            Some(limit) if self.runaway.load(Ordering::SeqCst) >= RUNAWAY_LIMIT => {
                HttpResponse::text(503, "busy: queries that ran out of time are still stopping; try again shortly")
                    .with_header("Retry-After", &limit.as_secs().max(1).to_string())
            }
            Some(limit) => {
                let (tx, rx) = mpsc::channel();
                // Running, then done (by the thread) or abandoned (by the caller, on time-out).
                let state = Arc::new(AtomicU8::new(RUNNING));
                let (limits, req, runaway, st) =
                    (self.limits, req.clone(), Arc::clone(&self.runaway), Arc::clone(&state));
                let spawned = self.workers.run(Box::new(move || {
                    // A guard stopping a cross product at the limit unwinds
                    // (orbitkg_rdf::guard): the query ran out of time.
                    let response =
                        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| route(&graph, &limits, &req))) {
                            Ok(response) => response,
                            Err(panic) if orbitkg_rdf::guard::is_stop(&*panic) => out_of_time(&limits),
                            Err(panic) => std::panic::resume_unwind(panic),
                        };
                    if st.swap(DONE, Ordering::SeqCst) == ABANDONED {
                        runaway.fetch_sub(1, Ordering::SeqCst);
                    }
                    let _ = tx.send(response);
                }));
                match spawned.map(|_| rx.recv_timeout(limit + GRACE)) {
                    Ok(Ok(response)) => response,
                    Ok(Err(_)) => {
                        self.runaway.fetch_add(1, Ordering::SeqCst);
                        if state.compare_exchange(RUNNING, ABANDONED, Ordering::SeqCst, Ordering::SeqCst).is_err() {
                            // It finished just now: it is not running away.
                            self.runaway.fetch_sub(1, Ordering::SeqCst);
                        }
                        out_of_time(&self.limits)
                    }
                    Err(_) => {
                        HttpResponse::text(503, "busy: cannot start a thread for this request; try again shortly")
                    }
                }
            }
        };
        if response.status == 503 && response.body.starts_with(STORAGE_ERROR.as_bytes()) {
            self.stale.store(true, Ordering::SeqCst);
        }
        let response = if self.limits.cors {
            response
                .with_header("Access-Control-Allow-Origin", "*")
                .with_header("Access-Control-Allow-Headers", "Accept, Content-Type")
                .with_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        } else {
            response
        };
        response.with_header("Server", concat!("orbitkg/", env!("CARGO_PKG_VERSION")))
    }
}

/// Routes one request.
fn route(graph: &Graph, limits: &Limits, req: &HttpRequest) -> HttpResponse {
    let (store, prefixes) = (&graph.store, graph.prefixes.as_slice());
    let (path, query_string) = req.url.split_once('?').unwrap_or((&req.url, ""));
    let method = req.method.as_str();
    match (path, method) {
        ("/", "GET" | "HEAD") => {
            let params = parse_form(query_string.as_bytes());
            if params.iter().any(|(k, _)| k == "query") {
                html_results(store, prefixes, &params, limits)
            } else {
                HttpResponse::new(200, HTML, index_page(prefixes, SAMPLE_QUERY, ""))
            }
        }
        ("/query", "OPTIONS") | ("/", "OPTIONS") => HttpResponse::new(204, "text/plain; charset=utf-8", Vec::new())
            .with_header("Allow", "GET, HEAD, POST, OPTIONS"),
        ("/query", "GET" | "HEAD") => {
            let params = parse_form(query_string.as_bytes());
            if params.is_empty() {
                return HttpResponse::text(400, "no query: send GET /query?query=SPARQL, or POST it; a form is at /");
            }
            sparql(store, prefixes, &params, req, limits)
        }
        ("/query", "POST") => {
            let content_type = req.header("Content-Type").unwrap_or("");
            let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            let mut params = parse_form(query_string.as_bytes());
            match media.as_str() {
                "application/sparql-query" => match String::from_utf8(req.body.clone()) {
                    Ok(q) => params.push(("query".into(), q)),
                    Err(_) => return HttpResponse::text(400, "the query is not UTF-8"),
                },
                "application/x-www-form-urlencoded" => params.extend(parse_form(&req.body)),
                "application/sparql-update" => return read_only(),
                "" => {
                    return HttpResponse::text(
                        415,
                        "say what the body is: Content-Type application/sparql-query or application/x-www-form-urlencoded",
                    );
                }
                other => {
                    return HttpResponse::text(
                        415,
                        format!(
                            "cannot read a {other} body: use application/sparql-query or application/x-www-form-urlencoded"
                        ),
                    );
                }
            }
            sparql(store, prefixes, &params, req, limits)
        }
        ("/update", _) => read_only(),
        ("/" | "/query", _) => HttpResponse::text(405, format!("{method} is not allowed here"))
            .with_header("Allow", "GET, HEAD, POST, OPTIONS"),
        _ => HttpResponse::text(404, format!("nothing at {path}: the SPARQL endpoint is /query, a query form is at /")),
    }
}

/// Answers one request with a new [`Endpoint`] (which reads the store's
/// entity base first): for tests and one-off calls.
#[cfg(test)]
pub fn handle(store: &Store, req: &HttpRequest, limits: &Limits) -> HttpResponse {
    Endpoint::new(store.clone(), *limits).expect("the store can be read").handle(req)
}

fn read_only() -> HttpResponse {
    HttpResponse::text(
        403,
        "this endpoint is read-only: SPARQL updates are refused (change the graph with `orbitkg build`)",
    )
}

/// A query read from the protocol's parameters, parsed with its dataset, and
/// the time limit that cancels it.
struct Prepared {
    query: PreparedSparqlQuery,
    /// Dropping it stops the watchdog.
    _limit: Option<TimeLimit>,
}

/// Reads the SPARQL Protocol parameters: exactly one `query`, and the
/// dataset (`default-graph-uri`, `named-graph-uri`); refuses updates.
fn prepare(
    params: &[(String, String)],
    prefixes: &[(String, String)],
    limits: &Limits,
) -> Result<Prepared, HttpResponse> {
    if params.iter().any(|(k, _)| k == "update") {
        return Err(read_only());
    }
    let queries: Vec<&str> = params.iter().filter(|(k, _)| k == "query").map(|(_, v)| v.as_str()).collect();
    let query = match queries.as_slice() {
        [q] => *q,
        [] => return Err(HttpResponse::text(400, "no query: give the SPARQL as the `query` parameter")),
        _ => return Err(HttpResponse::text(400, "give exactly one `query` parameter")),
    };
    let mut default_graphs = Vec::new();
    let mut named_graphs = Vec::new();
    for (k, v) in params {
        let target = match k.as_str() {
            "default-graph-uri" => &mut default_graphs,
            "named-graph-uri" => &mut named_graphs,
            _ => continue,
        };
        match NamedNode::new(v) {
            Ok(n) => target.push(n),
            Err(e) => return Err(HttpResponse::text(400, format!("{k} {v:?} is not an IRI: {e}"))),
        }
    }
    // The clock starts before parsing, as `orbitkg query --timeout` has it.
    let limit = limits.timeout.map(TimeLimit::start);
    // Refused as `orbitkg query` refuses them: nestings and sizes whose
    // parsing or planning would take the worker for minutes, or its stack.
    let parsed = match orbitkg_rdf::parse_query(query, prefixes.iter().map(|(p, i)| (p, i))) {
        Ok(q) => q,
        Err(orbitkg_rdf::StoreError::Update) => return Err(read_only()),
        Err(e) => return Err(HttpResponse::text(400, e.to_string())),
    };
    // Under a limit, cross products are guarded: the limit stops them too
    // (the unwind is answered in `Endpoint::handle`, as running out of time).
    let mut prepared = orbitkg_rdf::guard::prepare(parsed, limit.as_ref().map(TimeLimit::token));
    let dataset = prepared.dataset_mut();
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        // The protocol's dataset replaces the query's (SPARQL 1.1 Protocol §2.1.4).
        dataset.set_default_graph(default_graphs.into_iter().map(GraphName::NamedNode).collect());
        if !named_graphs.is_empty() {
            dataset.set_available_named_graphs(named_graphs.into_iter().map(NamedOrBlankNode::NamedNode).collect());
        }
    }
    Ok(Prepared { query: prepared, _limit: limit })
}

/// The answer to a query that ran out of time.
fn out_of_time(limits: &Limits) -> HttpResponse {
    let secs = limits.timeout.map(|t| t.as_secs_f64()).unwrap_or_default();
    HttpResponse::text(503, format!("the query ran out of time (limit: {secs} s, see --timeout)"))
}

/// The answer to a query cancelled by the watchdog or failed otherwise.
fn evaluation_error(e: QueryEvaluationError, limits: &Limits) -> HttpResponse {
    match e {
        QueryEvaluationError::Cancelled => out_of_time(limits),
        e if orbitkg_rdf::timed_out(&e).is_some() => out_of_time(limits),
        QueryEvaluationError::Dataset(e) => {
            HttpResponse::text(503, format!("{STORAGE_ERROR} (a build is writing it); try again in a moment ({e})"))
                .with_header("Retry-After", "2")
        }
        e => HttpResponse::text(500, format!("SPARQL evaluation error: {e}")),
    }
}

/// The answer to a query with more than `n` solutions or triples.
fn too_many_results(n: usize) -> HttpResponse {
    HttpResponse::text(
        413,
        format!("the answer has more than {n} solutions or triples (see --max-results): add a LIMIT to the query"),
    )
}

/// Parses the SPARQL Protocol parameters and answers the query.
fn sparql(
    store: &Store,
    prefixes: &[(String, String)],
    params: &[(String, String)],
    req: &HttpRequest,
    limits: &Limits,
) -> HttpResponse {
    let Prepared { query: prepared, _limit } = match prepare(params, prefixes, limits) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let format = params.iter().rev().find(|(k, _)| k == "format").map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());

    let eval_error = |e: QueryEvaluationError| evaluation_error(e, limits);
    let results = match prepared.on_store(store).execute() {
        Ok(r) => r,
        Err(e) => return eval_error(e),
    };
    let accept = req.header("Accept");
    let too_many = too_many_results;
    let over = |count: usize| limits.max_results.is_some_and(|n| count > n);
    match results {
        QueryResults::Solutions(solutions) => {
            let f = match results_format(format, accept) {
                Ok(f) => f,
                Err(r) => return r,
            };
            let vars = solutions.variables().to_vec();
            let mut w = match QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(Vec::new(), vars) {
                Ok(w) => w,
                Err(e) => return HttpResponse::text(500, e),
            };
            for (i, s) in solutions.enumerate() {
                if over(i + 1) {
                    return too_many(i);
                }
                match s {
                    Ok(s) => {
                        if let Err(e) = w.serialize(&s) {
                            return HttpResponse::text(500, e);
                        }
                    }
                    Err(e) => return eval_error(e),
                }
            }
            match w.finish() {
                Ok(body) => HttpResponse::new(200, f.media_type(), body),
                Err(e) => HttpResponse::text(500, e),
            }
        }
        QueryResults::Boolean(b) => {
            let f = match results_format(format, accept) {
                Ok(f) => f,
                Err(r) => return r,
            };
            match QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(Vec::new(), b) {
                Ok(body) => HttpResponse::new(200, f.media_type(), body),
                Err(e) => HttpResponse::text(500, e),
            }
        }
        QueryResults::Graph(triples) => {
            let f = match graph_format(format, accept) {
                Ok(f) => f,
                Err(r) => return r,
            };
            let mut ser = RdfSerializer::from_format(f);
            if f == RdfFormat::Turtle {
                for (p, iri) in prefixes {
                    ser = ser.with_prefix(p.as_str(), iri.as_str()).expect("the prefixes are valid IRIs");
                }
            }
            let mut w = ser.for_writer(Vec::new());
            for (i, t) in triples.enumerate() {
                if over(i + 1) {
                    return too_many(i);
                }
                match t {
                    Ok(t) => {
                        if let Err(e) = w.serialize_triple(&t) {
                            return HttpResponse::text(500, e);
                        }
                    }
                    Err(e) => return eval_error(e),
                }
            }
            match w.finish() {
                Ok(body) => HttpResponse::new(200, f.media_type(), body),
                Err(e) => HttpResponse::text(500, e),
            }
        }
    }
}

/// Formats offered for SELECT and ASK, the default first.
const RESULTS_FORMATS: [QueryResultsFormat; 4] =
    [QueryResultsFormat::Json, QueryResultsFormat::Xml, QueryResultsFormat::Csv, QueryResultsFormat::Tsv];

/// Formats offered for CONSTRUCT and DESCRIBE, the default first.
fn graph_formats() -> [RdfFormat; 4] {
    [RdfFormat::Turtle, RdfFormat::NTriples, RdfFormat::RdfXml, RdfFormat::JsonLd { profile: Default::default() }]
}

fn same_graph_format(a: RdfFormat, b: RdfFormat) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

/// The format for solutions and booleans: the `format` parameter (a short
/// name as `orbitkg query --format` takes, a media type, or a list of media
/// types as SPARQLWrapper sends), else `Accept`. A `format` that names nothing
/// this answer can be leaves the choice to `Accept`, as Fuseki does.
fn results_format(param: Option<&str>, accept: Option<&str>) -> Result<QueryResultsFormat, HttpResponse> {
    let named = param.and_then(|p| match p.to_ascii_lowercase().as_str() {
        "json" => Some(QueryResultsFormat::Json),
        "xml" => Some(QueryResultsFormat::Xml),
        "csv" => Some(QueryResultsFormat::Csv),
        "tsv" => Some(QueryResultsFormat::Tsv),
        other if other.contains('/') => negotiate(
            Some(other),
            &RESULTS_FORMATS,
            |f| f.media_type(),
            QueryResultsFormat::from_media_type,
            |a, b| a == b,
        ),
        _ => None,
    });
    if let Some(f) = named {
        return Ok(f);
    }
    negotiate(accept, &RESULTS_FORMATS, |f| f.media_type(), QueryResultsFormat::from_media_type, |a, b| a == b).ok_or_else(|| {
        HttpResponse::text(406, "cannot answer in any type the Accept header allows: SELECT and ASK give application/sparql-results+json, application/sparql-results+xml, text/csv or text/tab-separated-values")
    })
}

/// The format for graphs (CONSTRUCT, DESCRIBE), as [`results_format`]; N3 is
/// answered with Turtle, which every N3 reader reads.
fn graph_format(param: Option<&str>, accept: Option<&str>) -> Result<RdfFormat, HttpResponse> {
    let named = param.and_then(|p| match p.to_ascii_lowercase().as_str() {
        "ttl" | "turtle" | "n3" | "text/n3" | "text/rdf+n3" => Some(RdfFormat::Turtle),
        "nt" | "ntriples" | "n-triples" => Some(RdfFormat::NTriples),
        "rdf" | "rdfxml" | "xml" => Some(RdfFormat::RdfXml),
        "jsonld" | "json-ld" | "json" => Some(RdfFormat::JsonLd { profile: Default::default() }),
        other if other.contains('/') => {
            negotiate(Some(other), &graph_formats(), |f| f.media_type(), RdfFormat::from_media_type, same_graph_format)
        }
        _ => None,
    });
    if let Some(f) = named {
        return Ok(f);
    }
    negotiate(accept, &graph_formats(), |f| f.media_type(), RdfFormat::from_media_type, same_graph_format).ok_or_else(|| {
        HttpResponse::text(406, "cannot answer in any type the Accept header allows: CONSTRUCT and DESCRIBE give text/turtle, application/n-triples, application/rdf+xml or application/ld+json")
    })
}

/// Picks one of `offered` (the default first) for an `Accept` header:
/// ranges by decreasing `q`, then by specificity, then in the header's order;
/// `*/*` or no header gives the default; `q=0` excludes. `None`: nothing fits.
fn negotiate<F: Copy>(
    accept: Option<&str>,
    offered: &[F],
    media_type: impl Fn(F) -> &'static str,
    parse: impl Fn(&str) -> Option<F>,
    same: impl Fn(F, F) -> bool,
) -> Option<F> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offered.first().copied();
    };
    let mut ranges: Vec<(f32, u8, usize, String)> = Vec::new();
    for (i, item) in accept.split(',').enumerate() {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if range.is_empty() {
            continue;
        }
        let mut q = 1.0f32;
        for p in parts {
            if let Some((k, v)) = p.split_once('=')
                && k.trim().eq_ignore_ascii_case("q")
            {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        let specificity = if range == "*/*" {
            0
        } else if range.ends_with("/*") {
            1
        } else {
            2
        };
        ranges.push((q, specificity, i, range));
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    for (q, _, _, range) in ranges {
        if q <= 0.0 {
            continue;
        }
        if range == "*/*" {
            return offered.first().copied();
        }
        if let Some(main) = range.strip_suffix("/*") {
            if let Some(f) = offered.iter().find(|f| media_type(**f).starts_with(&format!("{main}/"))) {
                return Some(*f);
            }
            continue;
        }
        if let Some(f) = parse(&range)
            && let Some(o) = offered.iter().find(|o| same(**o, f))
        {
            return Some(*o);
        }
    }
    None
}

/// Decodes `application/x-www-form-urlencoded` pairs (also URL query strings).
pub fn parse_form(input: &[u8]) -> Vec<(String, String)> {
    input
        .split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &[][..]),
            };
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(input: &[u8]) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < input.len() => match (hex(input[i + 1]), hex(input[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media type of the pages at `/`.
const HTML: &str = "text/html; charset=utf-8";

/// The query the form at `/` starts with.
const SAMPLE_QUERY: &str = "# Which space agencies take part in which programs?\nSELECT DISTINCT ?agency ?program\nWHERE {\n  ?a a okg:SpaceAgency ; rdfs:label ?agency ; okg:participatesIn ?p .\n  ?p rdfs:label ?program .\n}\nORDER BY ?agency ?program\nLIMIT 100\n";

/// Escapes text for HTML content and attribute values.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a URL query component (all but the unreserved characters).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An IRI as `prefix:local` when a known prefix fits and the rest is a plain
/// local name, else `<iri>`.
fn short_iri(iri: &str, prefixes: &[(String, String)]) -> String {
    for (p, ns) in prefixes {
        if let Some(local) = iri.strip_prefix(ns.as_str())
            && !local.is_empty()
            && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            && !local.ends_with('.')
        {
            return format!("{p}:{local}");
        }
    }
    format!("<{iri}>")
}

/// One RDF term in a result table: IRIs shortened, with the full IRI on
/// hover, each a link: to what the graph says about it (a DESCRIBE on this
/// page) for the graph's own entities, documents and vocabulary, to the IRI
/// itself for the rest of the web (Wikidata items, article URLs); literals
/// by value, with their language or datatype in grey.
fn html_term(term: &Term, prefixes: &[(String, String)]) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            let own = prefixes.iter().any(|(p, ns)| matches!(p.as_str(), "id" | "okg") && iri.starts_with(ns.as_str()));
            let web = iri.starts_with("https://") || iri.starts_with("http://");
            let href = if own || !web {
                format!("/?query={}", percent_encode(&format!("DESCRIBE <{iri}>")))
            } else {
                iri.to_string()
            };
            format!(
                "<a href=\"{}\" title=\"{}\">{}</a>",
                escape_html(&href),
                escape_html(iri),
                escape_html(&short_iri(iri, prefixes))
            )
        }
        Term::Literal(l) => {
            let value = escape_html(l.value());
            if let Some(lang) = l.language() {
                format!("{value}<span class=\"meta\">@{}</span>", escape_html(lang))
            } else if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" {
                value
            } else {
                format!(
                    "{value}<span class=\"meta\">^^{}</span>",
                    escape_html(&short_iri(l.datatype().as_str(), prefixes))
                )
            }
        }
        other => escape_html(&other.to_string()),
    }
}

/// Links to the same request at `/query` in each of `formats` (the
/// `format` parameter value and its name), for programs and downloads.
fn format_links(params: &[(String, String)], formats: &[(&str, &str)]) -> String {
    let kept: String = params
        .iter()
        .filter(|(k, _)| k != "format")
        .map(|(k, v)| format!("{}={}&", percent_encode(k), percent_encode(v)))
        .collect();
    formats
        .iter()
        .map(|(f, name)| format!("<a href=\"/query?{}format={f}\">{name}</a>", escape_html(&kept)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `/?query=…`: the form with the query, and its results for a person to
/// read — a table for SELECT, yes or no for ASK, Turtle for CONSTRUCT and
/// DESCRIBE — with the same answer for programs (JSON, XML, CSV, TSV, or
/// the RDF formats) a click away at `/query`. Errors are shown on the page,
/// with the status `/query` would give.
fn html_results(
    store: &Store,
    prefixes: &[(String, String)],
    params: &[(String, String)],
    limits: &Limits,
) -> HttpResponse {
    let query = params.iter().rev().find(|(k, _)| k == "query").map(|(_, v)| v.as_str()).unwrap_or("");
    let page = |status: u16, results: String| HttpResponse::new(status, HTML, index_page(prefixes, query, &results));
    let fail = |r: HttpResponse| {
        let message = String::from_utf8_lossy(&r.body).trim().to_string();
        page(r.status, format!("<p class=\"error\">{}</p>\n", escape_html(&message)))
    };
    let Prepared { query: prepared, _limit } = match prepare(params, prefixes, limits) {
        Ok(p) => p,
        Err(r) => return fail(r),
    };
    let results = match prepared.on_store(store).execute() {
        Ok(r) => r,
        Err(e) => return fail(evaluation_error(e, limits)),
    };
    let over = |count: usize| limits.max_results.is_some_and(|n| count > n);
    let table_formats = [("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV")];
    match results {
        QueryResults::Solutions(solutions) => {
            let vars = crate::query::in_query_order(solutions.variables(), query);
            let mut rows = String::new();
            let mut count = 0;
            for s in solutions {
                count += 1;
                if over(count) {
                    return fail(too_many_results(count - 1));
                }
                let s: QuerySolution = match s {
                    Ok(s) => s,
                    Err(e) => return fail(evaluation_error(e, limits)),
                };
                rows.push_str("<tr>");
                for v in &vars {
                    rows.push_str("<td>");
                    if let Some(t) = s.get(v) {
                        rows.push_str(&html_term(t, prefixes));
                    }
                    rows.push_str("</td>");
                }
                rows.push_str("</tr>\n");
            }
            let head: String = vars.iter().map(|v| format!("<th>?{}</th>", escape_html(v.as_str()))).collect();
            page(
                200,
                format!(
                    "<p class=\"meta\">{count} row{} · as {}</p>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
                    if count == 1 { "" } else { "s" },
                    format_links(params, &table_formats)
                ),
            )
        }
        QueryResults::Boolean(b) => page(
            200,
            format!(
                "<p class=\"ask\">{}</p>\n<p class=\"meta\">as {}</p>\n",
                if b { "yes" } else { "no" },
                format_links(params, &table_formats)
            ),
        ),
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, iri) in prefixes {
                ser = ser.with_prefix(p.as_str(), iri.as_str()).expect("the prefixes are valid IRIs");
            }
            let mut w = ser.for_writer(Vec::new());
            let mut count = 0;
            for t in triples {
                count += 1;
                if over(count) {
                    return fail(too_many_results(count - 1));
                }
                match t {
                    Ok(t) => {
                        if let Err(e) = w.serialize_triple(&t) {
                            return fail(HttpResponse::text(500, e));
                        }
                    }
                    Err(e) => return fail(evaluation_error(e, limits)),
                }
            }
            let turtle = match w.finish() {
                Ok(body) => String::from_utf8_lossy(&body).into_owned(),
                Err(e) => return fail(HttpResponse::text(500, e)),
            };
            let graph_formats = [("ttl", "Turtle"), ("nt", "N-Triples"), ("rdf", "RDF/XML"), ("jsonld", "JSON-LD")];
            page(
                200,
                format!(
                    "<p class=\"meta\">{count} triple{} · as {}</p>\n<pre>{}</pre>\n",
                    if count == 1 { "" } else { "s" },
                    format_links(params, &graph_formats),
                    escape_html(&turtle)
                ),
            )
        }
    }
}

/// The page at `/`: a query box that sends the query to `/` itself, and
/// below it `results` (HTML) when there are any.
fn index_page(prefixes: &[(String, String)], query: &str, results: &str) -> String {
    let escaped = escape_html(query);
    let prefix_list = prefixes
        .iter()
        .map(|(p, iri)| format!("<code title=\"{}\">{p}:</code>", escape_html(iri)))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>orbitkg SPARQL endpoint</title>
<style>
body {{ font-family: sans-serif; max-width: 72em; margin: 2em auto; padding: 0 1em; }}
textarea {{ width: 100%; font-family: monospace; font-size: 0.95em; }}
code {{ background: #f3f3f3; padding: 0 0.2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; white-space: pre-wrap; }}
th {{ background: #f3f3f3; }}
a {{ color: #0645ad; text-decoration: none; }}
.meta {{ color: #777; }}
.ask {{ font-size: 1.5em; font-weight: bold; }}
.error {{ color: #b00; white-space: pre-wrap; font-family: monospace; }}
pre {{ background: #f8f8f8; padding: 0.5em; overflow-x: auto; }}
</style>
</head>
<body>
<h1>orbitkg SPARQL endpoint</h1>
<p>Read-only. The default graph is the knowledge graph, each fact once however many articles
state it, with its evidence; <code>GRAPH ?doc {{ … }}</code> asks what one article states. The
vocabulary's prefixes are predeclared: {prefix_list}.</p>
<form method="get" action="/">
<p><textarea name="query" rows="14" cols="80" spellcheck="false">{escaped}</textarea></p>
<p><button type="submit">Run query</button></p>
</form>
{results}<p>From a program: <code>GET /query?query=...</code> or <code>POST /query</code> with an
<code>application/sparql-query</code> body, as the SPARQL 1.1 Protocol says; pick the result type with
<code>Accept</code> or <code>&amp;format=json|xml|csv|tsv|ttl|nt|rdf|jsonld</code>.</p>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Two articles in orbitkg's shape: what each states in its own graph,
    /// and all of it once in the default graph.
    const DATA: &str = r#"
        @prefix okg: <https://orbitkg.org/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://orbitkg.org/id/NASA> a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn <https://orbitkg.org/id/Artemis> .
        <https://orbitkg.org/id/Artemis> a okg:Program ; rdfs:label "Artemis program"@en .
        <https://orbitkg.org/id/JAXA> a okg:SpaceAgency ; rdfs:label "JAXA"@en ; okg:participatesIn <https://orbitkg.org/id/Artemis> .
        <https://orbitkg.org/id/doc1> {
            <https://orbitkg.org/id/NASA> a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn <https://orbitkg.org/id/Artemis> .
            <https://orbitkg.org/id/Artemis> a okg:Program ; rdfs:label "Artemis program"@en .
        }
        <https://orbitkg.org/id/doc2> {
            <https://orbitkg.org/id/JAXA> a okg:SpaceAgency ; rdfs:label "JAXA"@en ; okg:participatesIn <https://orbitkg.org/id/Artemis> .
            <https://orbitkg.org/id/Artemis> a okg:Program ; rdfs:label "Artemis program"@en .
        }
    "#;

    fn store() -> Store {
        let store = Store::new().unwrap();
        store.load_from_reader(RdfFormat::TriG, DATA.as_bytes()).unwrap();
        store
    }

    #[test]
    fn workers_are_kept_for_the_next_request() {
        let workers = Arc::new(Workers::default());
        for i in 0..100 {
            let (tx, rx) = mpsc::channel();
            workers.run(Box::new(move || tx.send(i).unwrap())).unwrap();
            assert_eq!(rx.recv().unwrap(), i);
            // Until the worker is back in the idle list, another may start.
            let deadline = Instant::now() + Duration::from_secs(10);
            while workers.idle().is_empty() && Instant::now() < deadline {
                std::thread::yield_now();
            }
        }
        assert_eq!(workers.started.load(Ordering::SeqCst), 1, "one thread answers one request after another");

        // Requests at the same time get a thread each, and a busy one is not handed a request.
        let gate = Arc::new(std::sync::Barrier::new(4));
        let (tx, rx) = mpsc::channel();
        for i in 0..3 {
            let (gate, tx) = (Arc::clone(&gate), tx.clone());
            workers
                .run(Box::new(move || {
                    gate.wait();
                    tx.send(i).unwrap();
                }))
                .unwrap();
        }
        gate.wait();
        let mut done: Vec<i32> = (0..3).map(|_| rx.recv_timeout(Duration::from_secs(10)).unwrap()).collect();
        done.sort();
        assert_eq!(done, [0, 1, 2]);
        assert_eq!(workers.started.load(Ordering::SeqCst), 3);
    }

    fn limits() -> Limits {
        Limits { timeout: Some(Duration::from_secs(10)), max_results: Some(100), cors: false }
    }

    fn get(url: &str, accept: Option<&str>) -> HttpRequest {
        let mut headers = Vec::new();
        if let Some(a) = accept {
            headers.push(("Accept".to_string(), a.to_string()));
        }
        HttpRequest { method: "GET".into(), url: url.into(), headers, body: Vec::new() }
    }

    fn post(content_type: &str, body: &str, accept: Option<&str>) -> HttpRequest {
        let mut r = get("/query", accept);
        r.method = "POST".into();
        r.headers.push(("Content-Type".into(), content_type.into()));
        r.body = body.as_bytes().to_vec();
        r
    }

    fn body(r: &HttpResponse) -> String {
        String::from_utf8(r.body.clone()).unwrap()
    }

    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    }

    const SELECT: &str = "SELECT ?l WHERE { ?a <https://orbitkg.org/ns#participatesIn> ?p ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l";

    #[test]
    fn accept_picks_the_preferred_offered_type() {
        let r = |a: Option<&str>| results_format(None, a).map_err(|r| r.status);
        assert_eq!(r(None), Ok(QueryResultsFormat::Json));
        assert_eq!(r(Some("*/*")), Ok(QueryResultsFormat::Json));
        assert_eq!(r(Some("text/csv")), Ok(QueryResultsFormat::Csv));
        assert_eq!(r(Some("text/tab-separated-values")), Ok(QueryResultsFormat::Tsv));
        assert_eq!(r(Some("application/sparql-results+xml")), Ok(QueryResultsFormat::Xml));
        assert_eq!(r(Some("text/csv;q=0.5, application/sparql-results+xml")), Ok(QueryResultsFormat::Xml));
        assert_eq!(r(Some("image/png, text/*;q=0.3")), Ok(QueryResultsFormat::Csv));
        assert_eq!(r(Some("image/png, */*;q=0.1")), Ok(QueryResultsFormat::Json));
        assert_eq!(r(Some("text/csv;q=0, application/json")), Ok(QueryResultsFormat::Json));
        assert_eq!(r(Some("image/png")), Err(406));
        // What SPARQLWrapper sends for JSON.
        assert_eq!(
            r(Some("application/sparql-results+json,application/json,text/javascript,application/javascript")),
            Ok(QueryResultsFormat::Json)
        );
        // A browser.
        assert_eq!(
            r(Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")),
            Ok(QueryResultsFormat::Xml)
        );
    }

    #[test]
    fn accept_for_graphs() {
        let g = |a: Option<&str>| graph_format(None, a).map(|f| f.media_type()).map_err(|r| r.status);
        assert_eq!(g(None), Ok("text/turtle"));
        assert_eq!(g(Some("*/*")), Ok("text/turtle"));
        assert_eq!(g(Some("application/n-triples")), Ok("application/n-triples"));
        assert_eq!(g(Some("application/rdf+xml")), Ok("application/rdf+xml"));
        assert_eq!(g(Some("application/ld+json")), Ok("application/ld+json"));
        // SPARQLWrapper's Turtle: a non-standard type first.
        assert_eq!(g(Some("application/turtle,text/turtle")), Ok("text/turtle"));
        assert_eq!(g(Some("application/sparql-results+json")), Err(406));
    }

    #[test]
    fn format_parameter_overrides_accept() {
        assert_eq!(results_format(Some("csv"), Some("application/json")).ok(), Some(QueryResultsFormat::Csv));
        assert_eq!(results_format(Some("text/tab-separated-values"), None).ok(), Some(QueryResultsFormat::Tsv));
        assert_eq!(graph_format(Some("nt"), None).ok(), Some(RdfFormat::NTriples));
    }

    /// SPARQLWrapper sends `format=` next to `Accept`: a list of media types for
    /// JSON-LD, `n3` for N3; an unknown `format` leaves the choice to `Accept`.
    #[test]
    fn sparqlwrapper_format_parameters_are_understood() {
        let jsonld = "application/ld+json,application/x-json+ld,application/json";
        assert!(matches!(graph_format(Some(jsonld), None), Ok(RdfFormat::JsonLd { .. })));
        assert_eq!(graph_format(Some("n3"), Some("text/rdf+n3")).ok(), Some(RdfFormat::Turtle));
        assert_eq!(
            results_format(Some("png"), Some("text/csv")).ok(),
            Some(QueryResultsFormat::Csv),
            "an unknown format falls back to Accept"
        );
        assert_eq!(results_format(Some("png"), None).ok(), Some(QueryResultsFormat::Json));
        assert_eq!(
            results_format(Some("application/ld+json"), Some("application/sparql-results+xml")).ok(),
            Some(QueryResultsFormat::Xml)
        );
    }

    #[test]
    fn forms_are_decoded() {
        assert_eq!(
            parse_form(b"query=SELECT+*%20WHERE%7B%7D&format=csv&empty=&flag"),
            vec![
                ("query".to_string(), "SELECT * WHERE{}".to_string()),
                ("format".to_string(), "csv".to_string()),
                ("empty".to_string(), String::new()),
                ("flag".to_string(), String::new()),
            ]
        );
        assert_eq!(parse_form(b"q=%E2%82%AC%2"), vec![("q".to_string(), "€%2".to_string())]);
        assert_eq!(parse_form(b"q=100%"), vec![("q".to_string(), "100%".to_string())]);
        assert!(parse_form(b"").is_empty());
    }

    #[test]
    fn get_select_defaults_to_json_over_the_default_graph() {
        let r = handle(&store(), &get(&format!("/query?query={}", enc(SELECT)), None), &limits());
        assert_eq!(r.status, 200, "{}", body(&r));
        assert_eq!(r.header("Content-Type"), Some("application/sparql-results+json"));
        let b = body(&r);
        assert!(b.contains("\"JAXA\"") && b.contains("\"NASA\""), "{b}");
    }

    /// Regression: the endpoint's default graph was the union of the article
    /// graphs, so NASA and JAXA, each in the default graph and one article
    /// graph, counted 4; and DESCRIBE repeated their triples.
    #[test]
    fn plain_queries_count_each_triple_once() {
        let count = "SELECT (COUNT(*) AS ?n) { ?s a okg:SpaceAgency ; rdfs:label ?l }";
        let r = handle(&store(), &get(&format!("/query?query={}", enc(count)), Some("text/csv")), &limits());
        assert_eq!(body(&r).replace("\r\n", "\n"), "n\n2\n");
        let describe = "DESCRIBE <https://orbitkg.org/id/NASA>";
        let r = handle(
            &store(),
            &get(&format!("/query?query={}", enc(describe)), Some("application/n-triples")),
            &limits(),
        );
        assert_eq!(r.status, 200, "{}", body(&r));
        let lines: Vec<String> = body(&r).lines().map(str::to_owned).collect();
        let distinct: std::collections::BTreeSet<&String> = lines.iter().collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(distinct.len(), lines.len());
    }

    #[test]
    fn get_with_accept_csv() {
        let r = handle(&store(), &get(&format!("/query?query={}", enc(SELECT)), Some("text/csv")), &limits());
        assert_eq!(r.status, 200);
        assert_eq!(r.header("Content-Type"), Some("text/csv; charset=utf-8"));
        assert_eq!(body(&r).replace("\r\n", "\n"), "l\nJAXA\nNASA\n");
    }

    #[test]
    fn post_bodies_and_forms() {
        let r = handle(
            &store(),
            &post("application/sparql-query", "ASK { ?s a <https://orbitkg.org/ns#Program> }", None),
            &limits(),
        );
        assert_eq!(r.status, 200);
        assert!(body(&r).contains("true"), "{}", body(&r));
        let r = handle(
            &store(),
            &post(
                "application/x-www-form-urlencoded; charset=UTF-8",
                &format!("query={}", enc(SELECT)),
                Some("text/tab-separated-values"),
            ),
            &limits(),
        );
        assert_eq!(r.status, 200);
        assert!(body(&r).starts_with("?l\n"), "{}", body(&r));
        let r = handle(&store(), &post("text/plain", "ASK {}", None), &limits());
        assert_eq!(r.status, 415);
    }

    #[test]
    fn construct_gives_turtle_with_prefixes() {
        let q = "CONSTRUCT { ?a <https://orbitkg.org/ns#participatesIn> ?p } WHERE { ?a <https://orbitkg.org/ns#participatesIn> ?p }";
        let r = handle(&store(), &post("application/sparql-query", q, None), &limits());
        assert_eq!(r.status, 200);
        assert_eq!(r.header("Content-Type"), Some("text/turtle"));
        assert!(body(&r).contains("okg:participatesIn"), "{}", body(&r));
        let r = handle(&store(), &post("application/sparql-query", q, Some("application/n-triples")), &limits());
        assert_eq!(body(&r).lines().count(), 2);
    }

    #[test]
    fn vocabulary_prefixes_are_predeclared() {
        let ask = "ASK { ?a okg:participatesIn ?p ; rdfs:label ?l }";
        let r = handle(&store(), &post("application/sparql-query", ask, None), &limits());
        assert_eq!(r.status, 200, "{}", body(&r));
        assert!(body(&r).contains("true"));
        let insert = "INSERT DATA { okg:a okg:b okg:c }";
        let r = handle(&store(), &post("application/sparql-query", insert, None), &limits());
        assert_eq!(r.status, 403);
    }

    #[test]
    fn the_protocol_dataset_replaces_the_default_graph() {
        let url = format!("/query?query={}&default-graph-uri={}", enc(SELECT), enc("https://orbitkg.org/id/doc1"));
        let r = handle(&store(), &get(&url, Some("text/csv")), &limits());
        assert_eq!(body(&r).replace("\r\n", "\n"), "l\nNASA\n");
    }

    #[test]
    fn updates_are_refused() {
        let insert = "INSERT DATA { <a:s> <a:p> <a:o> }";
        let s = store();
        let before = s.len().unwrap();
        for r in [
            handle(&s, &post("application/sparql-update", insert, None), &limits()),
            handle(&s, &post("application/x-www-form-urlencoded", &format!("update={}", enc(insert)), None), &limits()),
            handle(&s, &get(&format!("/query?query={}", enc(insert)), None), &limits()),
            handle(&s, &post("application/sparql-query", insert, None), &limits()),
        ] {
            assert_eq!(r.status, 403, "{}", body(&r));
            assert!(body(&r).contains("read-only"));
        }
        assert_eq!(s.len().unwrap(), before, "nothing was inserted");
    }

    #[test]
    fn syntax_errors_are_400_with_a_position() {
        let r =
            handle(&store(), &get(&format!("/query?query={}", enc("SELECT * WHERE {\n  ?s ?p \n}")), None), &limits());
        assert_eq!(r.status, 400);
        let b = body(&r);
        // The parser's message, with the line:column where it stopped.
        assert!(b.starts_with("SPARQL syntax error") && b.contains(" 3:2"), "{b}");
    }

    /// Queries whose parsing or planning cannot be stopped in time, or whose
    /// nesting would overflow a worker's stack (ending the server), are
    /// refused as `orbitkg query` refuses them, before they take a worker.
    #[test]
    fn queries_too_deep_or_too_large_are_400() {
        let deep_parens = format!("SELECT {}E", "(!".repeat(20));
        let deep_groups = format!("ASK {{ {} ?s ?p ?o {} }}", "{ SELECT * WHERE { ".repeat(1500), "} }".repeat(1500));
        let large = format!("SELECT * {{ {} }}", "?s ?p ?o . ".repeat(160));
        for (q, says) in [(deep_parens, "nested 20 deep"), (deep_groups, "nested 3001 deep"), (large, "split it")] {
            let r = handle(&store(), &post("application/sparql-query", &q, None), &limits());
            assert_eq!(r.status, 400, "{}", body(&r));
            assert!(body(&r).contains(says), "{}", body(&r));
        }
    }

    #[test]
    fn too_many_results_are_413() {
        let l = Limits { max_results: Some(2), ..limits() };
        let r = handle(&store(), &get(&format!("/query?query={}", enc("SELECT * { ?s ?p ?o }")), None), &l);
        assert_eq!(r.status, 413);
        assert!(body(&r).contains("LIMIT"));
        let r = handle(&store(), &get(&format!("/query?query={}", enc("SELECT * { ?s ?p ?o } LIMIT 2")), None), &l);
        assert_eq!(r.status, 200);
    }

    #[test]
    fn slow_queries_time_out_with_503() {
        let l = Limits { timeout: Some(Duration::from_millis(50)), max_results: None, cors: false };
        // A cross product big enough to take seconds: 7^8 solutions, counted.
        let q = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }";
        let started = Instant::now();
        let r = handle(&store(), &get(&format!("/query?query={}", enc(q)), None), &l);
        assert_eq!(r.status, 503, "{}", body(&r));
        assert!(body(&r).contains("time"));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn other_paths_and_methods() {
        let s = store();
        let r = handle(&s, &get("/", None), &limits());
        assert_eq!(r.status, 200);
        assert!(body(&r).contains("<textarea name=\"query\"") && body(&r).contains("okg:SpaceAgency"));
        assert!(body(&r).contains(">dcterms:</code>"));
        assert_eq!(handle(&s, &get("/nothing", None), &limits()).status, 404);
        assert_eq!(handle(&s, &get("/query", None), &limits()).status, 400);
        let mut del = get("/query", None);
        del.method = "DELETE".into();
        assert_eq!(handle(&s, &del, &limits()).status, 405);
        let cors = Limits { cors: true, ..limits() };
        assert_eq!(handle(&s, &get("/", None), &cors).header("Access-Control-Allow-Origin"), Some("*"));
        assert_eq!(handle(&s, &get("/", None), &limits()).header("Access-Control-Allow-Origin"), None);
    }

    /// Regression: the form at `/` showed raw SPARQL JSON. It shows an HTML
    /// table now, IRIs shortened and linked, with the JSON a link away.
    #[test]
    fn the_form_shows_results_as_a_table() {
        let q = "SELECT ?a ?l WHERE { ?a okg:participatesIn ?p ; rdfs:label ?l } ORDER BY ?l";
        let r = handle(&store(), &get(&format!("/?query={}", enc(q)), None), &limits());
        assert_eq!(r.status, 200, "{}", body(&r));
        assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
        let b = body(&r);
        assert!(!b.contains("\"bindings\""), "raw JSON on the page: {b}");
        assert!(b.contains("<th>?a</th><th>?l</th>"), "{b}");
        assert!(b.contains("2 rows"), "{b}");
        // IRIs shortened with the known prefixes, linked to a DESCRIBE, the full IRI on hover.
        assert!(b.contains("title=\"https://orbitkg.org/id/JAXA\">id:JAXA</a>"), "{b}");
        assert!(b.contains("href=\"/?query=DESCRIBE%20%3Chttps%3A%2F%2Forbitkg.org%2Fid%2FJAXA%3E\""), "{b}");
        assert!(b.contains("<td>NASA<span class=\"meta\">@en</span></td>"), "{b}");
        // The same query as JSON for programs, at the protocol endpoint.
        let json = format!("href=\"/query?query={}&amp;format=json\"", enc(q));
        assert!(b.contains(&json), "no JSON link {json} in {b}");
        // The query is kept in the form, escaped.
        assert!(b.contains("?a okg:participatesIn ?p ; rdfs:label ?l } ORDER BY ?l</textarea>"), "{b}");
        // /query itself still answers JSON.
        let r = handle(&store(), &get(&format!("/query?query={}", enc(q)), None), &limits());
        assert_eq!(r.header("Content-Type"), Some("application/sparql-results+json"));
    }

    #[test]
    fn the_form_escapes_what_it_shows() {
        let s = Store::new().unwrap();
        s.load_from_reader(
            RdfFormat::Turtle,
            r#"<https://orbitkg.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert('&')</script>\nline two" ."#
                .as_bytes(),
        )
        .unwrap();
        let q = "SELECT ?l { ?x rdfs:label ?l } # <b>";
        let b = body(&handle(&s, &get(&format!("/?query={}", enc(q)), None), &limits()));
        assert!(!b.contains("<script>") && !b.contains("# <b>"), "{b}");
        assert!(b.contains("&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;\nline two</td>"), "{b}");
    }

    /// The graph's own IRIs link to their DESCRIBE; the web's to themselves.
    #[test]
    fn the_form_links_iris_where_they_lead() {
        let s = Store::new().unwrap();
        s.load_from_reader(
            RdfFormat::Turtle,
            r#"<https://orbitkg.org/id/nasa> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q23548> ;
                 a <https://orbitkg.org/ns#SpaceAgency> ."#
                .as_bytes(),
        )
        .unwrap();
        let q = "SELECT ?x ?c ?wd { ?x a ?c ; owl:sameAs ?wd }";
        let b = body(&handle(&s, &get(&format!("/?query={}", enc(q)), None), &limits()));
        assert!(b.contains("<a href=\"http://www.wikidata.org/entity/Q23548\" title="), "{b}");
        assert!(b.contains(">wd:Q23548</a>"), "{b}");
        assert!(b.contains("<a href=\"/?query=DESCRIBE%20%3Chttps%3A%2F%2Forbitkg.org%2Fns%23SpaceAgency%3E\""), "{b}");
        assert!(b.contains(">okg:SpaceAgency</a>"), "{b}");
    }

    #[test]
    fn the_form_shows_ask_construct_and_errors() {
        let ask = |q: &str| body(&handle(&store(), &get(&format!("/?query={}", enc(q)), None), &limits()));
        assert!(ask("ASK { ?s a okg:Program }").contains("<p class=\"ask\">yes</p>"));
        assert!(ask("ASK { ?s a okg:Person }").contains("<p class=\"ask\">no</p>"));
        let b = ask("CONSTRUCT { ?a okg:participatesIn ?p } WHERE { ?a okg:participatesIn ?p }");
        assert!(b.contains("2 triples"), "{b}");
        assert!(b.contains("<pre>@prefix ") && b.contains("@prefix okg: &lt;https://orbitkg.org/ns#&gt; ."), "{b}");
        assert!(b.contains("id:NASA okg:participatesIn id:Artemis ."), "{b}");
        assert!(b.contains("format=ttl\">Turtle</a>"), "{b}");
        let r = handle(&store(), &get(&format!("/?query={}", enc("SELECT * WHERE {")), None), &limits());
        assert_eq!(r.status, 400);
        assert!(body(&r).contains("<p class=\"error\">SPARQL syntax error"), "{}", body(&r));
        assert!(body(&r).contains("<textarea"), "the form stays to fix the query");
        let l = Limits { max_results: Some(1), ..limits() };
        let r = handle(&store(), &get(&format!("/?query={}", enc("SELECT * { ?s ?p ?o }")), None), &l);
        assert_eq!(r.status, 413);
        assert!(body(&r).contains("add a LIMIT"));
    }

    /// With `build --base`, `id:` is the graph's base in queries and on the page.
    #[test]
    fn id_follows_the_base_of_the_graph() {
        let s = Store::new().unwrap();
        s.load_from_reader(
            RdfFormat::Turtle,
            r#"<https://example.org/kg/doc/0123456789abcdef> a <https://orbitkg.org/ns#Document> .
               <https://example.org/kg/nasa> <http://www.w3.org/2000/01/rdf-schema#label> "NASA" ."#
                .as_bytes(),
        )
        .unwrap();
        let q = "SELECT * { ?x rdfs:label ?l . FILTER(?x = id:nasa) }";
        let b = body(&handle(&s, &get(&format!("/?query={}", enc(q)), None), &limits()));
        assert!(b.contains(">id:nasa</a></td><td>NASA</td>"), "{b}");
        assert!(b.contains("<th>?x</th><th>?l</th>"), "SELECT * keeps the query's order: {b}");
        assert!(b.contains("<code title=\"https://example.org/kg/\">id:</code>"), "{b}");
    }

    #[test]
    fn serves_over_tcp() {
        let endpoint = Arc::new(Endpoint::new(store(), limits()).unwrap());
        let server = spawn(endpoint, "127.0.0.1:0", http_config(), false).unwrap();
        let addr = server.addr();
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let q = enc("ASK { ?s ?p ?o }");
        write!(
            stream,
            "GET /query?query={q} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.to_ascii_lowercase().contains("content-type: text/csv"), "{response}");
        assert!(response.trim_end().ends_with("true"), "{response}");
    }
}
