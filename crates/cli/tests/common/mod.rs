//! Helpers shared by the end-to-end tests: where the repository is, how to
//! run the `orbitkg` binary, and how to read its dumps back.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, Quad, Triple};
use oxigraph::store::Store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root (the cli crate lives in `crates/cli`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

/// The seed articles shipped with the repository.
pub fn seeds_dir() -> PathBuf {
    repo_root().join("seeds")
}

/// The seed articles, one path per file, sorted by name.
pub fn seed_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .expect("seeds/ is readable")
        .map(|e| e.expect("seeds/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .txt files in seeds/");
    files
}

/// A command running the `orbitkg` binary built for these tests. `COLUMNS`
/// is removed, so that tables are the same whatever the shell exports.
pub fn orbitkg() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orbitkg"));
    cmd.env_remove("COLUMNS");
    cmd
}

/// Runs `orbitkg` with `args`, asserts success and returns standard output.
pub fn run_ok<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let out = orbitkg().args(&args).output().expect("orbitkg runs");
    assert!(
        out.status.success(),
        "orbitkg {args:?} failed with {}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Builds the seeds into `dir/name` (format from the extension) and returns the dump's path.
pub fn build_seeds(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    run_ok(["build".as_ref(), seeds_dir().as_os_str(), "--quiet".as_ref(), "--out".as_ref(), out.as_os_str()]);
    out
}

/// The Oxigraph format for a dump file extension.
pub fn rdf_format(ext: &str) -> RdfFormat {
    RdfFormat::from_extension(ext).unwrap_or_else(|| panic!("no RDF format for .{ext}"))
}

/// Parses RDF bytes in `format` into a fresh in-memory store.
pub fn parse(bytes: &[u8], format: RdfFormat) -> Store {
    let store = Store::new().expect("in-memory store");
    store
        .load_from_reader(RdfParser::from_format(format), bytes)
        .unwrap_or_else(|e| panic!("cannot parse the {format} output: {e}"));
    store
}

/// Reads a dump file into a fresh in-memory store (format from its extension).
pub fn load(path: &Path) -> Store {
    let ext = path.extension().and_then(|e| e.to_str()).expect("dump has an extension");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&bytes, rdf_format(ext))
}

/// Every quad of a store, as sorted N-Quads lines (comparable across stores).
pub fn quad_set(store: &Store) -> BTreeSet<String> {
    store.iter().map(|q| q.expect("quad").to_string()).collect()
}

/// The distinct triples of a store, whatever graph they are in.
pub fn triple_set(store: &Store) -> BTreeSet<String> {
    store
        .iter()
        .map(|q| {
            let q: Quad = q.expect("quad");
            Triple::from(q).to_string()
        })
        .collect()
}

/// The quads of one named graph, as sorted N-Quads lines.
pub fn graph_quads(store: &Store, graph: GraphNameRef<'_>) -> BTreeSet<String> {
    store.quads_for_pattern(None, None, None, Some(graph)).map(|q| q.expect("quad").to_string()).collect()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that the command failed with `code` and wrote exactly one line to
/// standard error, an `error: ` line; returns that line.
pub fn single_error_line(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "expected exit code {code}, got {:?}; stderr:\n{err}", out.status.code());
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got:\n{err}");
    assert!(lines[0].starts_with("error: "), "not an `error: ` line: {}", lines[0]);
    lines[0].to_string()
}

/// A readable line diff: `-` lines only expected, `+` lines only produced.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let exp: Vec<&str> = expected.lines().collect();
    let act: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for l in &exp {
        if !act.contains(l) {
            out.push_str(&format!("- {l}\n"));
        }
    }
    for l in &act {
        if !exp.contains(l) {
            out.push_str(&format!("+ {l}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(same lines, different order or repetition)\n");
    }
    out
}
