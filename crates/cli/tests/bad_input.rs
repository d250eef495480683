//! Bad input of every kind: each case exits non-zero with one `error:` line
//! on standard error that names the culprit, and loses nothing good.

mod common;

use common::{orbitkg, seed_files, single_error_line};
use std::path::{Path, PathBuf};

/// A folder with one good article (a copy of the first seed) in it.
fn folder_with_a_good_article(root: &Path) -> PathBuf {
    let dir = root.join("articles");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(&seed_files()[0], dir.join("good.txt")).unwrap();
    dir
}

/// The `dcterms:source` values of a dump, sorted.
fn sources(dump: &Path) -> Vec<String> {
    let store = common::load(dump);
    let source = oxigraph::model::NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
    let values: std::collections::BTreeSet<String> = store
        .quads_for_pattern(None, Some(source), None, None)
        .map(|q| match q.unwrap().object {
            // Paths are strings; web addresses are IRIs (shown in angle brackets here).
            oxigraph::model::Term::Literal(l) => l.value().to_string(),
            oxigraph::model::Term::NamedNode(n) => n.to_string(),
            other => panic!("dcterms:source is neither a literal nor an IRI: {other}"),
        })
        .collect();
    values.into_iter().collect()
}

/// Regression: a missing input stopped the whole build (exit 1) where the
/// README promised it is named and skipped (exit 3).
#[test]
fn a_missing_input_is_named_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder_with_a_good_article(tmp.path());
    let missing = tmp.path().join("no-such-folder");
    let dump = tmp.path().join("out.nq");
    let out = orbitkg().arg("build").arg(&missing).arg(&dir).arg("--out").arg(&dump).output().unwrap();
    let line = single_error_line(&out, 3);
    assert!(line.contains("no-such-folder") && line.contains("no such file"), "{line}");
    assert_eq!(sources(&dump), ["articles/good.txt"]);
    // With nothing else to read there is nothing to build.
    let out = orbitkg().arg("build").arg(&missing).arg("--out").arg(&dump).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("no-such-folder") && line.contains("nothing to build"), "{line}");
}

#[test]
fn a_folder_without_articles_is_named_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("README.md"), "not an article").unwrap();
    let out = orbitkg().arg("build").arg(&notes).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("notes") && line.contains("no articles"), "{line}");
    let dir = folder_with_a_good_article(tmp.path());
    let dump = tmp.path().join("out.nq");
    let out = orbitkg().arg("build").arg(&notes).arg(&dir).arg("--out").arg(&dump).output().unwrap();
    let line = single_error_line(&out, 3);
    assert!(line.contains("notes") && line.contains("no articles"), "{line}");
    assert_eq!(sources(&dump), ["articles/good.txt"]);
}

/// Builds a folder holding one good article and `name` with `bytes`: the bad file
/// is reported (its name and `what`), the good one is built, exit status 3.
fn check_skipped_file(name: &str, bytes: &[u8], what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder_with_a_good_article(tmp.path());
    std::fs::write(dir.join(name), bytes).unwrap();
    let dump = tmp.path().join("out.nq");
    let out = orbitkg().arg("build").arg(&dir).arg("--out").arg(&dump).output().unwrap();
    let line = single_error_line(&out, 3);
    assert!(line.contains(name) && line.contains(what), "{line}");
    assert_eq!(sources(&dump), ["articles/good.txt"]);
}

/// Regression (issue 9 item 16): text that is not UTF-8 was skipped; it is
/// read as windows-1252 (as browsers read undeclared pages), with a warning.
#[test]
fn text_that_is_not_utf8_is_read_as_windows_1252_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder_with_a_good_article(tmp.path());
    std::fs::write(dir.join("latin1.txt"), b"NASA and ESA signed the Artemis Accords in Z\xfcrich.").unwrap();
    let dump = tmp.path().join("out.nq");
    let out = orbitkg().arg("build").arg(&dir).arg("--out").arg(&dump).arg("--quiet").output().unwrap();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("warning: ") && err.contains("latin1.txt") && err.contains("windows-1252"), "{err}");
    assert_eq!(sources(&dump), ["articles/good.txt", "articles/latin1.txt"]);
    let dumped = std::fs::read_to_string(&dump).unwrap();
    assert!(dumped.contains("Zürich"), "the sentence evidence holds the decoded text");
}

#[test]
fn a_binary_file_is_skipped_and_the_rest_is_built() {
    check_skipped_file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary");
}

#[test]
fn a_malformed_json_line_is_named_by_file_and_line_and_the_others_are_built() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feed");
    std::fs::create_dir(&dir).unwrap();
    let lines = [
        r#"{"id": "a", "title": "NASA and JAXA sign deal", "text": "NASA and JAXA signed the Artemis Accords in Tokyo."}"#,
        r#"{"id": "b", "title": "Broken", "text": "NASA met ESA."#,
        r#"{"id": "c", "title": "ESA joins Gateway", "text": "ESA will build parts of the Gateway with NASA.", "url": "https://example.org/c"}"#,
    ];
    std::fs::write(dir.join("news.jsonl"), lines.join("\n") + "\n").unwrap();
    let dump = tmp.path().join("out.nq");
    let out = orbitkg().arg("build").arg(&dir).arg("--out").arg(&dump).output().unwrap();
    let line = single_error_line(&out, 3);
    assert!(line.contains("news.jsonl:2"), "the error names the file and line 2: {line}");
    // A JSON line's url is an IRI; without one the source is a string.
    assert_eq!(sources(&dump), ["<https://example.org/c>", "feed/news.jsonl#a"]);
}

#[test]
fn a_sparql_syntax_error_gives_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("tiny.nq");
    std::fs::write(&data, "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n").unwrap();
    let query = tmp.path().join("broken.rq");
    std::fs::write(&query, "PREFIX okg: <https://orbitkg.org/ns#>\nSELECT ?s\nWHER { ?s ?p ?o }\n").unwrap();
    let out = orbitkg().arg("query").arg(&query).arg("--data").arg(&data).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("broken.rq"), "the error names the query file: {line}");
    assert!(line.contains("3:6"), "the error gives line:column: {line}");
}

#[test]
fn an_undefined_prefix_is_reported_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("tiny.nq");
    std::fs::write(&data, "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n").unwrap();
    let query = tmp.path().join("no-prefix.rq");
    std::fs::write(&query, "SELECT ?s\nWHERE {\n  ?s foo:leads ?o\n}\n").unwrap();
    let out = orbitkg().arg("query").arg(&query).arg("--data").arg(&data).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("no-prefix.rq") && line.contains("3:") && line.contains("undefined prefix"), "{line}");
}

/// A folder of someone else's files, which no command may touch.
fn foreign_folder(root: &Path) -> PathBuf {
    let dir = root.join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("thesis.tex"), "precious").unwrap();
    dir
}

fn assert_untouched(dir: &Path) {
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["thesis.tex"], "files were added to {}", dir.display());
    assert_eq!(std::fs::read_to_string(dir.join("thesis.tex")).unwrap(), "precious");
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn store_without_the_rocksdb_feature_says_how_to_get_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = foreign_folder(tmp.path());
    let out = orbitkg().arg("build").arg(common::seeds_dir()).arg("--store").arg(&dir).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("rocksdb"), "the error says which feature is missing: {line}");
    assert_untouched(&dir);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_non_store_folder_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = foreign_folder(tmp.path());
    let out = orbitkg().arg("build").arg(common::seeds_dir()).arg("--store").arg(&dir).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("mine") && line.contains("not an orbitkg store"), "{line}");
    assert_untouched(&dir);
    let out = orbitkg().args(["query", "-e", "ASK {}", "--store"]).arg(&dir).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("mine") && line.contains("not an orbitkg store"), "{line}");
    assert_untouched(&dir);
}

#[test]
fn querying_a_missing_store_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = orbitkg().args(["query", "-e", "ASK {}", "--store"]).arg(tmp.path().join("nowhere")).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("nowhere") && line.contains("orbitkg build"), "{line}");
}

/// Counts the quads of an on-disk store through the binary.
#[cfg(feature = "rocksdb")]
fn count_quads(store: &Path) -> String {
    let q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let out = common::run_ok(["query".as_ref(), "-e".as_ref(), q.as_ref(), "--store".as_ref(), store.as_os_str()]);
    String::from_utf8(out).unwrap()
}

/// Builds the seeds into the on-disk store at `dir`.
#[cfg(feature = "rocksdb")]
fn build_seeds_into(dir: &Path) {
    common::run_ok([
        "build".as_ref(),
        common::seeds_dir().as_os_str(),
        "-q".as_ref(),
        "--store".as_ref(),
        dir.as_os_str(),
    ]);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_store_held_by_another_process_is_reported_as_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    build_seeds_into(&dir);
    let held = oxigraph::store::Store::open(&dir).expect("the test opens the store");
    let out = orbitkg().arg("build").arg(common::seeds_dir()).arg("-q").arg("--store").arg(&dir).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("store") && line.contains("locked"), "{line}");
    drop(held);
    assert!(count_quads(&dir).lines().count() == 2, "the store still opens once released");
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_failed_build_leaves_the_store_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    build_seeds_into(&dir);
    let before = count_quads(&dir);
    let bad_out = tmp.path().join("no-such-dir").join("seeds.nq");
    let out = orbitkg()
        .arg("build")
        .arg(common::seeds_dir())
        .arg("-q")
        .arg("--store")
        .arg(&dir)
        .arg("--out")
        .arg(&bad_out)
        .output()
        .unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("no-such-dir"), "the error names the output path: {line}");
    assert!(!bad_out.parent().unwrap().exists());
    assert_eq!(count_quads(&dir), before, "the store lost or gained quads");
}

/// A store from before the default graph held the knowledge graph (all in
/// named graphs) is not added to, and reading it warns that plain queries
/// find nothing.
#[cfg(feature = "rocksdb")]
#[test]
fn a_store_with_only_named_graphs_is_not_added_to() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    {
        let old = oxigraph::store::Store::open(&dir).unwrap();
        old.load_from_slice(
            oxigraph::io::RdfFormat::NQuads,
            "<https://e.org/a> <https://e.org/b> <https://e.org/c> <https://e.org/doc> .\n",
        )
        .unwrap();
        old.flush().unwrap();
    }
    let out = orbitkg().arg("build").arg(common::seeds_dir()).arg("-q").arg("--store").arg(&dir).output().unwrap();
    let line = single_error_line(&out, 1);
    assert!(line.contains("earlier orbitkg") && line.contains("new directory"), "{line}");
    assert_eq!(count_quads(&dir).lines().nth(1), Some("1"), "the store was changed");
    let out = orbitkg().args(["query", "-e", "ASK { ?s ?p ?o }", "--store"]).arg(&dir).output().unwrap();
    assert!(common::stderr(&out).contains("only named graphs"), "{}", common::stderr(&out));
}
