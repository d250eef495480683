//! Reproducibility (issue 11): the same articles give the same dump, byte
//! for byte, in every format, whatever the run, the order the inputs are
//! given in, the order a directory lists them in, the number of threads,
//! and (for an on-disk store) the store the graph went through.
//!
//! Three corpora: the seeds, the pattern articles of `tests/articles/`, and
//! 300 generated articles (JSON lines, where the order of lines is an input
//! order too).

mod common;

use common::{line_diff, orbitkg, repo_root, seeds_dir};
use std::path::{Path, PathBuf};

/// Every dump format: all of them are meant to be deterministic.
const FORMATS: [&str; 6] = ["nq", "nt", "trig", "ttl", "rdf", "jsonld"];

/// `orbitkg build INPUTS -j THREADS --out OUT`, returning the dump.
fn build(inputs: &[PathBuf], threads: usize, out: &Path) -> Vec<u8> {
    let output = orbitkg()
        .arg("build")
        .args(inputs)
        .args(["--quiet", "-j", &threads.to_string(), "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "build failed: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::read(out).unwrap()
}

fn same(what: &str, a: &[u8], b: &[u8]) {
    assert!(!a.is_empty(), "{what}: empty dump");
    if a != b {
        let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
        panic!("{what}: the dumps differ\n{}", line_diff(&a, &b).lines().take(20).collect::<Vec<_>>().join("\n"));
    }
}

/// The files of a directory of articles, sorted by name.
fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Copies `files` into `dir`, creating them in the order given (so the
/// directory may list them in another order than a copy made the other way).
fn populate(dir: &Path, files: &[PathBuf]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for f in files {
        std::fs::copy(f, dir.join(f.file_name().unwrap())).unwrap();
    }
    dir.to_path_buf()
}

/// One corpus given two ways: `forward` and `other` are the same articles
/// with the same sources, in other orders.
struct Corpus {
    name: &'static str,
    forward: Vec<PathBuf>,
    other: Vec<PathBuf>,
}

/// The dump of each way, in each of `formats`, with 1 and 4 threads (and 2
/// for TriG), built twice in one of them: every dump of a format is the same.
fn check_in_memory(tmp: &Path, c: &Corpus, formats: &[&str]) {
    for &format in formats {
        let out = |tag: &str| tmp.join(format!("{}-{tag}.{format}", c.name));
        let a = build(&c.forward, 1, &out("forward-1"));
        let b = build(&c.other, 4, &out("other-4"));
        same(&format!("{}: .{format}, another input order and 4 threads", c.name), &a, &b);
        if format == "trig" {
            same(&format!("{}: .{format}, a second run", c.name), &a, &build(&c.forward, 1, &out("again")));
            same(&format!("{}: .{format}, 2 threads", c.name), &a, &build(&c.other, 2, &out("other-2")));
        }
    }
}

/// Sorted lines: the line formats of an on-disk store are written in index
/// order (in constant memory), which depends only on the quads.
#[cfg(feature = "rocksdb")]
fn sorted_lines(bytes: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(bytes).lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// Two on-disk builds (the two input orders, 1 and 4 threads) dump the same
/// bytes in every format, and the same graph as a build in memory: the same
/// bytes, or for N-Quads and N-Triples the same lines in index order.
#[cfg(feature = "rocksdb")]
fn check_on_disk(tmp: &Path, c: &Corpus) {
    let store_build = |inputs: &[PathBuf], threads: usize, store: &Path| {
        let output = orbitkg()
            .arg("build")
            .args(inputs)
            .args(["--quiet", "-j", &threads.to_string(), "--store"])
            .arg(store)
            .output()
            .unwrap();
        assert!(output.status.success(), "build failed: {}", String::from_utf8_lossy(&output.stderr));
    };
    let dump = |store: &Path, format: &str| {
        let output = orbitkg().args(["dump", "--format", format, "--store"]).arg(store).output().unwrap();
        assert!(output.status.success(), "dump failed: {}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let (one, four) = (tmp.join(format!("{}-store-1", c.name)), tmp.join(format!("{}-store-4", c.name)));
    store_build(&c.forward, 1, &one);
    store_build(&c.other, 4, &four);
    for format in FORMATS {
        let a = dump(&one, format);
        same(
            &format!("{}: dump --store .{format}, another input order and 4 threads", c.name),
            &a,
            &dump(&four, format),
        );
        // A build in memory, or where this corpus was built in TriG only, its
        // TriG dump read back into memory and dumped in this format.
        let memory = match std::fs::read(tmp.join(format!("{}-forward-1.{format}", c.name))) {
            Ok(bytes) => bytes,
            Err(_) => {
                let trig = tmp.join(format!("{}-forward-1.trig", c.name));
                let output = orbitkg().args(["dump", "--format", format, "--data"]).arg(&trig).output().unwrap();
                assert!(output.status.success(), "dump failed: {}", String::from_utf8_lossy(&output.stderr));
                output.stdout
            }
        };
        if matches!(format, "nq" | "nt") {
            assert!(
                sorted_lines(&a) == sorted_lines(&memory),
                "{}: .{format} of the store and of memory differ",
                c.name
            );
        } else {
            same(&format!("{}: .{format} of the store and of memory", c.name), &a, &memory);
        }
    }
}

/// Checks a corpus; `formats` are those built in memory both ways (the
/// others are compared between stores, and with the TriG build's graph).
fn check(c: &Corpus, formats: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    check_in_memory(tmp.path(), c, formats);
    #[cfg(feature = "rocksdb")]
    check_on_disk(tmp.path(), c);
}

/// A directory of articles created in reverse order: the same root name as
/// `dir`, another directory listing order.
fn reversed_copy(tmp: &Path, dir: &Path, ext: &str) -> PathBuf {
    let mut files = files_in(dir, ext);
    files.reverse();
    populate(&tmp.join("reversed").join(dir.file_name().unwrap()), &files)
}

#[test]
fn the_seeds_dump_the_same_bytes_whatever_the_order_threads_and_store() {
    let tmp = tempfile::tempdir().unwrap();
    // Files given one by one, forward and backward.
    let forward = files_in(&seeds_dir(), "txt");
    let mut backward = forward.clone();
    backward.reverse();
    check(&Corpus { name: "seed-files", forward, other: backward }, &FORMATS);
    // The folder, and a copy listed in another order.
    let other = reversed_copy(tmp.path(), &seeds_dir(), "txt");
    check(&Corpus { name: "seeds", forward: vec![seeds_dir()], other: vec![other] }, &FORMATS);
}

#[test]
fn the_pattern_articles_dump_the_same_bytes_whatever_the_order_threads_and_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = repo_root().join("tests/articles");
    let other = reversed_copy(tmp.path(), &dir, "txt");
    check(&Corpus { name: "articles", forward: vec![dir], other: vec![other] }, &FORMATS);
}

#[test]
fn a_generated_corpus_dumps_the_same_bytes_whatever_the_order_threads_and_store() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    orbitkg_corpus::generate(11, 300, &mut bytes, None).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let whole = tmp.path().join("feed.jsonl");
    std::fs::write(&whole, format!("{}\n", lines.join("\n"))).unwrap();
    // The same lines shuffled (a fixed permutation: every 7th line first),
    // split into two files given in the other order.
    let mut shuffled: Vec<&str> = Vec::new();
    for start in 0..7 {
        shuffled.extend(lines.iter().skip(start).step_by(7));
    }
    let (a, b) = shuffled.split_at(shuffled.len() / 3);
    let (pa, pb) = (tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl"));
    std::fs::write(&pa, format!("{}\n", a.join("\n"))).unwrap();
    std::fs::write(&pb, format!("{}\n", b.join("\n"))).unwrap();
    // Each build of 300 articles takes a while: TriG and N-Quads are built
    // both ways, every format is dumped from two stores.
    check(&Corpus { name: "generated", forward: vec![whole], other: vec![pb, pa] }, &["trig", "nq"]);
}

/// Regression: of two inputs with the same content, the first given was
/// kept, so the dump depended on the order of the command line. The one with
/// the smallest source is kept now.
#[test]
fn of_two_inputs_with_the_same_content_the_smallest_source_is_kept_whatever_the_order() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = files_in(&seeds_dir(), "txt");
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let names = ["b.txt", "a.txt", "c.txt", "d.txt"];
    for (name, seed) in names.iter().zip([&seeds[0], &seeds[0], &seeds[1], &seeds[1]]) {
        std::fs::copy(seed, dir.join(name)).unwrap();
    }
    let path = |n: &str| dir.join(n);
    // Duplicates within one batch, and (with c and d apart) given last and first.
    let one = build(&[path("b.txt"), path("a.txt"), path("d.txt"), path("c.txt")], 1, &tmp.path().join("1.nq"));
    let two = build(&[path("c.txt"), path("a.txt"), path("b.txt"), path("d.txt")], 2, &tmp.path().join("2.nq"));
    same("duplicates given in other orders", &one, &two);
    let text = String::from_utf8(one).unwrap();
    assert!(text.contains("\"a.txt\"") && text.contains("\"c.txt\""), "the smallest sources are kept");
    assert!(!text.contains("\"b.txt\"") && !text.contains("\"d.txt\""), "a duplicate is kept");
}
