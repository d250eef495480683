//! Ctrl-C during a build (issue 23): the process ends as an interrupted one
//! does (by SIGINT), and first says what was kept and what the next build
//! will do. The signal is sent once the build has extracted its first batch
//! (its `--verbose` lines), while it extracts the second of three, so
//! nothing depends on timing.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Writes 3,000 generated articles (three extraction batches) to `path`.
fn corpus(path: &Path) {
    let mut bytes = Vec::new();
    orbitkg_corpus::generate(5, 3_000, &mut bytes, None).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs `orbitkg ARGS --verbose`, sends SIGINT after its first line on
/// standard error, and returns how it ended and everything it said there.
fn interrupted(args: &[&std::ffi::OsStr]) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orbitkg"))
        .args(args)
        .arg("--verbose")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    err.read_line(&mut said).unwrap();
    assert!(said.contains(" words, "), "expected a --verbose line first, got {said:?}");
    let kill = Command::new("kill").arg("-INT").arg(child.id().to_string()).status().unwrap();
    assert!(kill.success());
    err.read_to_string(&mut said).unwrap();
    (child.wait().unwrap(), said)
}

#[test]
fn ctrl_c_during_an_in_memory_build_says_nothing_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    corpus(&input);
    let out = dir.path().join("kg.trig");
    let (status, said) = interrupted(&["build".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(status.signal(), Some(2), "ended by SIGINT; said:\n{said}");
    let last = said.lines().last().unwrap_or_default();
    assert!(last.starts_with("interrupted") && last.contains("nothing was written"), "said:\n{said}");
    assert!(!out.exists(), "no dump is written by an interrupted build");
}

#[cfg(feature = "rocksdb")]
#[test]
fn ctrl_c_while_extracting_leaves_the_store_as_it_was_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    corpus(&input);
    let store = dir.path().join("kg");
    common::run_ok([
        "build".as_ref(),
        common::seeds_dir().as_os_str(),
        "--store".as_ref(),
        store.as_os_str(),
        "-q".as_ref(),
    ]);
    let (status, said) = interrupted(&["build".as_ref(), input.as_os_str(), "--store".as_ref(), store.as_os_str()]);
    assert_eq!(status.signal(), Some(2), "ended by SIGINT; said:\n{said}");
    let last = said.lines().last().unwrap_or_default();
    assert!(last.contains("is as it was") && last.contains("next build"), "said:\n{said}");
    // As it was: the five seeds, and a build of them again changes nothing.
    let stats = common::run_ok(["stats".as_ref(), "--store".as_ref(), store.as_os_str()]);
    let stats = String::from_utf8(stats).unwrap();
    assert!(stats.starts_with("5 articles"), "{stats}");
    let again =
        common::run_ok(["build".as_ref(), common::seeds_dir().as_os_str(), "--store".as_ref(), store.as_os_str()]);
    assert!(String::from_utf8(again).unwrap().contains("5 unchanged"));
}
