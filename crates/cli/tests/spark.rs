//! Apache Spark as the batch engine (issue 12): `tests/spark/spark_shards.py`
//! pipes partitions of a JSON-lines corpus through `orbitkg extract --stdin`
//! (`RDD.pipe`, Spark in local mode), loads the records and compares the
//! graph with `orbitkg build` of the same file.
//!
//! It needs Java and pyspark (in `ORBITKG_PYTHON`, else the CI venv
//! `${XDG_CACHE_HOME:-$HOME/.cache}/orbitkg-venv`, else `python3`); without
//! them it says it skipped, except where `CI` is set (`.ci/run` installs
//! pyspark), where it fails. It runs with the default features only: the
//! in-memory path is what it checks, and CI runs the suite twice.
#![cfg(not(feature = "rocksdb"))]

mod common;

use common::{repo_root, seed_files};
use std::path::PathBuf;
use std::process::Command;

/// The Python that has pyspark, if any.
fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("ORBITKG_PYTHON") {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    match cache.map(|c| c.join("orbitkg-venv/bin/python")) {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("python3"),
    }
}

/// Why the test cannot run here, if it cannot.
fn missing(python: &PathBuf) -> Option<String> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return Some("no Java (`java -version` fails)".into());
    }
    let spark = Command::new(python).args(["-c", "import pyspark"]).output();
    if !spark.is_ok_and(|o| o.status.success()) {
        return Some(format!("no pyspark in {}", python.display()));
    }
    None
}

#[test]
fn spark_pipes_partitions_through_extract_stdin_into_the_single_build() {
    let python = python();
    if let Some(why) = missing(&python) {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and the Spark test cannot run: {why}");
        }
        println!("skipped: {why}");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut corpus = Vec::new();
    orbitkg_corpus::generate(3, 24, &mut corpus, None).unwrap();
    // Articles without a url too: `extract --source` names them as `build` does.
    for (i, f) in seed_files().iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        corpus.extend_from_slice(format!("{}\n", serde_json::json!({"id": i, "text": text})).as_bytes());
    }
    let path = tmp.path().join("corpus.jsonl");
    std::fs::write(&path, corpus).unwrap();
    let out = Command::new(&python)
        .arg(repo_root().join("tests/spark/spark_shards.py"))
        .arg(env!("CARGO_BIN_EXE_orbitkg"))
        .arg(&path)
        .arg(tmp.path().join("work"))
        .arg("3")
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("equal to the single build"), "{stdout}");
    println!("{stdout}");
}
