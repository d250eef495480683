//! What each fuzz target does with one input, shared by the cargo-fuzz
//! targets (`fuzz/fuzz_targets/`, nightly) and the stable replay test
//! (`tests/fuzz_replay.rs`), so that the harness is written once.
//!
//! Each harness runs the code `orbitkg build` or `orbitkg query` runs on the
//! input, and panics when a property that must hold for every input fails
//! (the fuzzer reports a panic as a crash).

use crate::build::{open_archive, parse_file};
use crate::cli::ResultFormat;
use crate::query::{View, has_graph_pattern, write_results};
use orbitkg_extract::input::{self, Article, InputError};
use orbitkg_extract::{Gazetteer, Record, extract_article};
use orbitkg_rdf::{DumpFormat, KgStore, QueryOptions, Quiet, StoreError, dump};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::{QueryResults, QuerySolutionIter, QueryTripleIter};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, LazyLock, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The fuzz targets, by the names of their corpus folders.
pub const TARGETS: &[&str] = &["read_article", "extract", "query"];

/// How a harness ended (every way but a panic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It ran to the end.
    Done,
    /// A query's evaluation was cancelled after [`QUERY_BUDGET`], as `orbitkg
    /// serve --timeout` cancels it: a query may ask for more work than any
    /// budget (a cross product of every triple), which is no bug.
    OutOfTime,
    /// A query's evaluation still ran [`QUERY_WAIT`] after it began, or
    /// another still did: it was left to finish on its own.
    LeftRunning,
}

/// Runs the harness of `target` (one of [`TARGETS`]) on `data`.
pub fn run(target: &str, data: &[u8]) -> Outcome {
    match target {
        "read_article" => read_article(data),
        "extract" => extract(data),
        "query" => query(data),
        other => panic!("no fuzz target {other:?} (known: {TARGETS:?})"),
    }
}

/// Arbitrary bytes as a `.txt`, an `.html` and a `.jsonl` file, read as
/// `orbitkg build` reads them. An article read has text; a JSON-lines file
/// read in chunks of lines (as `build` reads it) gives what it gives whole.
pub fn read_article(data: &[u8]) -> Outcome {
    for ext in ["txt", "html"] {
        match parse_file(ext, &format!("fuzz.{ext}"), data) {
            Ok(a) => check_article(&a),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    let whole = input::from_jsonl_at("fuzz.jsonl", data, 0);
    if let Ok(items) = &whole {
        let lines = data.split_inclusive(|&b| b == b'\n').count();
        for item in items {
            match item {
                Ok(a) => check_article(a),
                Err(InputError::JsonLine { line, .. }) => {
                    assert!(*line >= 1 && *line <= lines, "line {line} of {lines}")
                }
                Err(e) => panic!("a JSON line failed with {e:?}, which names no line"),
            }
        }
        // Two lines a chunk: every chunk boundary a line boundary.
        let mut chunked = Vec::new();
        let mut lines_before = 0;
        let all: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
        for chunk in all.chunks(2) {
            let bytes = chunk.concat();
            chunked.extend(input::from_jsonl_at("fuzz.jsonl", &bytes, lines_before).expect("a UTF-8 chunk reads"));
            lines_before += chunk.len();
        }
        assert_eq!(&chunked, items, "read in chunks, the file gives other articles");
    }
    Outcome::Done
}

fn check_article(a: &Article) {
    assert!(!a.text.trim().is_empty(), "an article without text: {a:?}");
    assert_eq!(a.sha256.len(), 64);
}

/// Arbitrary UTF-8 text as one `.txt` article through `orbitkg build`:
/// extraction, its record (which must read back as written), and the
/// archive's commit into an in-memory store, whose N-Quads dump must load.
pub fn extract(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else { return Outcome::Done };
    let Ok(article) = parse_file("txt", "fuzz.txt", text.as_bytes()) else { return Outcome::Done };
    let gaz = Gazetteer::builtin();
    let x = extract_article(article, gaz);
    let record = Record::from_extraction(&x, gaz);
    record.check().expect("the record of an extraction is consistent");
    let line = record.to_line();
    assert!(!line.contains('\n'), "a record is one line");
    assert_eq!(Record::parse(&line).expect("a record reads back"), record);
    let mut archive = open_archive(None, None).expect("an in-memory archive");
    archive.stage(&record).expect("the record is staged");
    archive.commit(gaz, &Quiet).expect("the article is committed");
    let mut nquads = Vec::new();
    dump(archive.store(), DumpFormat::NQuads, None, &mut nquads).expect("the graph dumps");
    let again = KgStore::in_memory().expect("a store");
    again.load(nquads.as_slice(), RdfFormat::NQuads).expect("the dump loads back");
    assert_eq!(again.len().expect("a length"), archive.store().len().expect("a length"), "quads lost in the dump");
    Outcome::Done
}

/// The store queries run against: the graph `orbitkg build seeds` makes.
static SEEDS: LazyLock<KgStore> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("the seeds").map(|e| e.expect("an entry").path()).collect();
    paths.sort();
    let gaz = Gazetteer::builtin();
    let mut archive = open_archive(None, None).expect("an in-memory archive");
    for p in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let bytes = std::fs::read(p).expect("a seed");
        let source = p.file_name().expect("a name").to_string_lossy();
        let a = parse_file("txt", &format!("seeds/{source}"), &bytes).expect("a seed article");
        archive.stage(&Record::from_extraction(&extract_article(a, gaz), gaz)).expect("staged");
    }
    archive.commit(gaz, &Quiet).expect("committed");
    // As `orbitkg build seeds > kg.trig; orbitkg query --data kg.trig` has it.
    let mut trig = Vec::new();
    dump(archive.store(), DumpFormat::TriG, None, &mut trig).expect("the graph dumps");
    let store = KgStore::in_memory().expect("a store");
    store.load(trig.as_slice(), RdfFormat::TriG).expect("the dump loads");
    store
});

/// Builds the seeds' store that [`query`] runs against, so that the first
/// input is not charged with it (a fuzzer's `init`).
pub fn init() {
    LazyLock::force(&SEEDS);
}

/// How long a query may run before it is cancelled: short, because the
/// fuzzer soon finds queries that would run for seconds on the seeds (a
/// negated property path under `+` closes over every node), and each costs
/// the budget; what is checked of them is that they stop, not how far they
/// get. A query that does not stop within libFuzzer's `-timeout` (1 s) is a
/// hang.
pub const QUERY_BUDGET: Duration = Duration::from_millis(25);

/// Rows (or triples) of a result written out; a query may ask for many more.
const MAX_ROWS: usize = 200;

/// How long [`query`] waits for an evaluation before it leaves it to finish
/// on its own. Oxigraph checks a query's time limit when it reads the store,
/// and a join of patterns already read (a cross product held in memory) can
/// run on for minutes after [`QUERY_BUDGET`]; `orbitkg query` ends the
/// process then (its backstop) and `serve` answers 503 and stops taking
/// queries while too many are still stopping. The harness does as they do.
pub const QUERY_WAIT: Duration = Duration::from_millis(500);

/// The evaluation [`query`] left running, if one still runs.
static STRAY: Mutex<Option<JoinHandle<()>>> = Mutex::new(None);

/// Arbitrary text as `orbitkg query -e TEXT` on the seeds' graph: parsed
/// with the predeclared prefixes, a syntax error's position inside the
/// query, and the first rows written in every output format that fits.
///
/// The evaluation runs on a thread of its own, waited for up to
/// [`QUERY_WAIT`]; while one left running has not ended, inputs are only
/// parsed (one such thread at a time, as `serve` bounds them).
pub fn query(data: &[u8]) -> Outcome {
    let Ok(sparql) = std::str::from_utf8(data) else { return Outcome::Done };
    {
        let mut stray = STRAY.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = stray.take_if(|h| h.is_finished())
            && let Err(panic) = h.join()
        {
            std::panic::resume_unwind(panic);
        }
        if stray.is_some() {
            let prefixes = orbitkg_rdf::vocab::prefixes_for_base(orbitkg_rdf::vocab::ID);
            if let Err(StoreError::Syntax(msg)) = orbitkg_rdf::parse_query(sparql, prefixes) {
                check_position(&msg, sparql);
            }
            return Outcome::LeftRunning;
        }
    }
    let owned = sparql.to_owned();
    let (tx, rx) = mpsc::channel();
    let h = std::thread::spawn(move || {
        let _ = tx.send(evaluate(&owned));
    });
    match rx.recv_timeout(QUERY_WAIT) {
        Ok(outcome) => {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
            outcome
        }
        Err(RecvTimeoutError::Disconnected) => match h.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the evaluation thread sends its outcome before it ends"),
        },
        Err(RecvTimeoutError::Timeout) => {
            *STRAY.lock().unwrap_or_else(|e| e.into_inner()) = Some(h);
            Outcome::LeftRunning
        }
    }
}

/// What [`query`] runs on its thread.
fn evaluate(sparql: &str) -> Outcome {
    let store = &*SEEDS;
    has_graph_pattern(sparql);
    let started = Instant::now();
    let out_of_time = || started.elapsed() >= QUERY_BUDGET;
    let results = match oxigraph_may_panic(|| store.query_with(sparql, &QueryOptions::new().with_timeout(QUERY_BUDGET)))
    {
        Ok(r) => r,
        Err(StoreError::Syntax(msg)) => {
            check_position(&msg, sparql);
            return Outcome::Done;
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return if out_of_time() { Outcome::OutOfTime } else { Outcome::Done };
        }
    };
    let view = |terminal| View {
        terminal,
        width: Some(80),
        prefixes: orbitkg_rdf::vocab::prefixes_for_base(orbitkg_rdf::vocab::ID),
    };
    let write = |r: QueryResults<'_>, format: Option<ResultFormat>, terminal: bool| {
        let mut out = Vec::new();
        let written = write_results(r, format, sparql, &view(terminal), &mut out);
        if written.is_ok() {
            // A graph with no triples is written as nothing at all.
            assert!(out.is_empty() || out.ends_with(b"\n"), "{format:?} output does not end with a line break");
        }
        written
    };
    match results {
        QueryResults::Boolean(b) => {
            for (format, terminal) in [(None, true), (None, false), (Some(ResultFormat::Json), false)] {
                write(QueryResults::Boolean(b), format, terminal).expect("a boolean is written");
            }
        }
        QueryResults::Solutions(solutions) => {
            let vars: Arc<[_]> = solutions.variables().into();
            let mut rows = Vec::new();
            for s in solutions.take(MAX_ROWS) {
                match s {
                    Ok(s) => rows.push(s.values().to_vec()),
                    Err(_) if out_of_time() => return Outcome::OutOfTime,
                    Err(_) => return Outcome::Done,
                }
            }
            use ResultFormat::*;
            for (format, terminal) in
                [(None, true), (None, false), (Some(Csv), false), (Some(Json), false), (Some(Xml), false)]
            {
                let again = QuerySolutionIter::from_tuples(vars.clone(), rows.clone().into_iter().map(Ok));
                let written = write(QueryResults::Solutions(again), format, terminal);
                // The table, TSV and CSV are written for any solutions.
                if matches!(format, None | Some(Csv)) {
                    written.expect("solutions are written");
                }
            }
        }
        QueryResults::Graph(triples) => {
            let mut all = Vec::new();
            for t in triples.take(MAX_ROWS) {
                match t {
                    Ok(t) => all.push(t),
                    Err(_) if out_of_time() => return Outcome::OutOfTime,
                    Err(_) => return Outcome::Done,
                }
            }
            use ResultFormat::*;
            for format in [None, Some(Nt), Some(Rdf), Some(Jsonld)] {
                let again = QueryTripleIter::new(all.clone().into_iter().map(Ok));
                let written = write(QueryResults::Graph(again), format, false);
                // Turtle and N-Triples can write any triple; RDF/XML cannot.
                if matches!(format, None | Some(Nt)) {
                    written.expect("triples are written");
                }
            }
        }
    }
    if out_of_time() { Outcome::OutOfTime } else { Outcome::Done }
}

/// A syntax error's `line:column` lies inside the query (or just past its end).
fn check_position(msg: &str, sparql: &str) {
    assert!(!msg.is_empty() && !msg.contains('\n'), "syntax error message: {msg:?}");
    let Some((line, column)) = position(msg) else { return };
    let lines: Vec<&str> = sparql.split('\n').collect();
    assert!(line >= 1 && line <= lines.len(), "{msg:?}: line {line} of {}", lines.len());
    let width = lines[line - 1].chars().count();
    assert!(column >= 1 && column <= width + 2, "{msg:?}: column {column} of a {width}-character line");
}

/// The first `L:C` in a message.
fn position(msg: &str) -> Option<(usize, usize)> {
    msg.split(|c: char| !(c.is_ascii_digit() || c == ':')).find_map(|w| {
        let (l, c) = w.split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    })
}

thread_local! {
    static CAUGHT_INSIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, inside which [`KgStore::query_with`] turns Oxigraph's own panics
/// into errors. libFuzzer's panic hook aborts on every panic, even one that
/// is caught; while `f` runs, the hook installed here neither prints nor
/// aborts, so a caught panic is the error it becomes. A panic that escapes
/// `f` still reaches libfuzzer-sys, which aborts: that is a crash.
fn oxigraph_may_panic<T>(f: impl FnOnce() -> T) -> T {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let outer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CAUGHT_INSIDE.with(std::cell::Cell::get) {
                outer(info);
            }
        }));
    });
    CAUGHT_INSIDE.with(|c| c.set(true));
    let out = f();
    CAUGHT_INSIDE.with(|c| c.set(false));
    out
}
