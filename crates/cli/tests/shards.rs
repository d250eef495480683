//! A build split into shards (issue 12): `orbitkg extract --shard K/N` on
//! each part, `orbitkg load` of every part's records, gives the graph one
//! `orbitkg build` of the same articles gives; so does a JSON-lines stream
//! piped through `extract --stdin` in partitions, as a batch engine does.

mod common;

use common::{orbitkg, run_ok, seed_files, seeds_dir};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

/// Generated articles in the corpus beside the seeds.
const GENERATED: u64 = 40;

/// A folder `news/` with a generated corpus (`corpus.jsonl`) and a copy of a
/// seed under another name (the same content twice: kept once).
fn news(dir: &Path) -> PathBuf {
    let news = dir.join("news");
    std::fs::create_dir_all(&news).unwrap();
    let mut corpus = Vec::new();
    orbitkg_corpus::generate(7, GENERATED, &mut corpus, None).unwrap();
    std::fs::write(news.join("corpus.jsonl"), corpus).unwrap();
    std::fs::copy(&seed_files()[1], news.join("copy.txt")).unwrap();
    news
}

/// A dump as sorted N-Quads lines: equal graphs, equal lines.
fn canonical(nq: &Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(nq).unwrap().lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn args(parts: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<std::ffi::OsString> {
    parts.iter().map(|p| p.as_ref().to_owned()).collect()
}

fn run(a: Vec<std::ffi::OsString>, stdin: &[u8]) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orbitkg"))
        .args(&a)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("orbitkg runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn assert_same(what: &str, expected: &[String], got: &[String]) {
    if expected != got {
        let missing: Vec<_> = expected.iter().filter(|l| !got.contains(l)).take(5).collect();
        let extra: Vec<_> = got.iter().filter(|l| !expected.contains(l)).take(5).collect();
        panic!(
            "{what}: {} quads, the single build has {}\nmissing: {missing:#?}\nextra: {extra:#?}",
            got.len(),
            expected.len()
        );
    }
}

#[test]
fn shards_loaded_together_equal_one_build_for_1_2_and_5_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    let single = tmp.path().join("single.nq");
    run_ok(args(&[&"build", &seeds_dir(), &news, &"--quiet", &"--out", &single]));
    let expected = canonical(&single);
    assert!(expected.len() > 4_000, "a real graph: {} quads", expected.len());

    for n in [1u64, 2, 5] {
        let dir = tmp.path().join(format!("n{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut parts = Vec::new();
        let mut records = 0;
        for k in 1..=n {
            // Plain and gzip-compressed record files alike.
            let part = dir.join(if k % 2 == 0 { format!("shard-{k}.jsonl.gz") } else { format!("shard-{k}.jsonl") });
            let shard = format!("{k}/{n}");
            run_ok(args(&[&"extract", &seeds_dir(), &news, &"--shard", &shard, &"--quiet", &"--out", &part]));
            if k % 2 == 1 {
                records += std::fs::read_to_string(&part).unwrap().lines().count();
            }
            parts.push(part);
        }
        if n == 1 {
            // Every article, the copy too: `load` keeps it once.
            assert_eq!(records, seed_files().len() + GENERATED as usize + 1);
        }
        // The order the shards arrive in does not matter.
        parts.reverse();
        let out = dir.join("loaded.nq");
        let mut a = args(&[&"load"]);
        a.extend(parts.iter().map(|p| p.as_os_str().to_owned()));
        a.extend(args(&[&"--quiet", &"--out", &out]));
        run_ok(a);
        assert_same(&format!("{n} shards"), &expected, &canonical(&out));
    }
}

#[test]
fn an_article_shard_does_not_depend_on_the_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    let sorted_lines = |bytes: Vec<u8>| {
        let mut v: Vec<String> = String::from_utf8(bytes).unwrap().lines().map(str::to_string).collect();
        v.sort();
        v
    };
    let a = sorted_lines(run_ok(args(&[&"extract", &seeds_dir(), &news, &"--shard", &"2/3", &"--quiet"])));
    let b = sorted_lines(run_ok(args(&[&"extract", &news, &seeds_dir(), &"--shard", &"2/3", &"--quiet"])));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

/// JSON lines piped through `extract --stdin` in contiguous partitions (as
/// Spark's `RDD.pipe` does), the records read back from standard input.
#[test]
fn partitions_piped_through_extract_stdin_load_into_the_single_build() {
    let tmp = tempfile::tempdir().unwrap();
    let mut corpus = Vec::new();
    orbitkg_corpus::generate(11, 30, &mut corpus, None).unwrap();
    // Two articles without a url: named `corpus.jsonl#id`, by --source.
    for (i, f) in seed_files().iter().take(2).enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let line = serde_json::json!({"id": format!("seed-{i}"), "title": "", "text": text});
        corpus.extend_from_slice(format!("{line}\n").as_bytes());
    }
    let path = tmp.path().join("corpus.jsonl");
    std::fs::write(&path, &corpus).unwrap();
    let single = tmp.path().join("single.nq");
    run_ok(args(&[&"build", &path, &"--quiet", &"--out", &single]));

    let text = String::from_utf8(corpus).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut records = Vec::new();
    for part in lines.chunks(lines.len().div_ceil(3)) {
        let input = part.iter().map(|l| format!("{l}\n")).collect::<String>();
        let out = run(args(&[&"extract", &"--stdin", &"--source", &"corpus.jsonl", &"--quiet"]), input.as_bytes());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), part.len());
        records.extend_from_slice(&out.stdout);
    }
    assert!(String::from_utf8_lossy(&records).contains("\"source\":\"corpus.jsonl#seed-1\""));
    let loaded = tmp.path().join("loaded.nq");
    let out = run(args(&[&"load", &"-", &"--quiet", &"--out", &loaded]), &records);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_same("piped partitions", &canonical(&single), &canonical(&loaded));
}

#[test]
fn bad_record_lines_are_named_and_the_others_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single.nq");
    run_ok(args(&[&"build", &seeds_dir(), &"--quiet", &"--out", &single]));
    let records = String::from_utf8(run_ok(args(&[&"extract", &seeds_dir(), &"--quiet"]))).unwrap();
    let mut lines: Vec<&str> = records.lines().collect();
    lines.insert(2, "{\"v\":1,\"source\":\"broken");
    lines.insert(4, "not json at all");
    let file = tmp.path().join("records.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let loaded = tmp.path().join("loaded.nq");
    let out = orbitkg().args(args(&[&"load", &file, &"--quiet", &"--out", &loaded])).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let name = file.display().to_string();
    assert!(err.contains(&format!("{name}:3: ")) && err.contains(&format!("{name}:5: ")), "{err}");
    assert_same("the good lines", &canonical(&single), &canonical(&loaded));
}

#[test]
fn records_of_another_extractor_gazetteer_or_format_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let records = String::from_utf8(run_ok(args(&[&"extract", &seeds_dir(), &"--quiet"]))).unwrap();
    let extractor = records.lines().next().unwrap().split("\"extractor\":\"").nth(1).unwrap().split('"').next();
    let extractor = extractor.unwrap().to_string();
    assert!(extractor.starts_with("orbitkg-extract "), "{extractor}");
    // The record's own stamp is its last field (entities name gazetteer entries too).
    let first = records.lines().next().unwrap();
    let at = first.rfind("\"gazetteer\":\"").unwrap();
    let other_gazetteer = format!("{}\"gazetteer\":\"0badcafe\"}}{}", &first[..at], &records[first.len()..]);
    let cases = [
        ("extractor", records.replacen(&extractor, "orbitkg-extract 0.0.1+00000000deadbeef", 1), "0.0.1"),
        ("gazetteer", other_gazetteer, "0badcafe"),
        ("format", records.replacen("{\"v\":1,", "{\"v\":7,", 1), "version 7"),
    ];
    for (what, text, says) in cases {
        assert_ne!(text, records, "{what}: the case changes the records");
        let file = tmp.path().join(format!("{what}.jsonl"));
        std::fs::write(&file, &text).unwrap();
        let out = orbitkg().args(args(&[&"load", &file, &"--out", &tmp.path().join("x.nq")])).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains(&format!("{}:1: ", file.display())) && err.contains(says), "{what}: {err}");
        assert!(err.contains("again with this orbitkg"), "{what}: {err}");
        assert!(!tmp.path().join("x.nq").exists(), "{what}: nothing is written");
    }
}

/// Shards loaded one after the other into a growing on-disk store.
#[cfg(feature = "rocksdb")]
#[test]
fn shards_loaded_into_a_store_one_by_one_equal_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    let single = tmp.path().join("single.nq");
    run_ok(args(&[&"build", &seeds_dir(), &news, &"--quiet", &"--out", &single]));
    let store = tmp.path().join("kg");
    for k in 1..=3 {
        let part = tmp.path().join(format!("shard-{k}.jsonl.gz"));
        let shard = format!("{k}/3");
        run_ok(args(&[&"extract", &seeds_dir(), &news, &"--shard", &shard, &"--quiet", &"--out", &part]));
        run_ok(args(&[&"load", &part, &"--quiet", &"--store", &store]));
    }
    let dump = tmp.path().join("store.nq");
    run_ok(args(&[&"dump", &"--store", &store, &"--out", &dump]));
    // Entity IRIs that moved while shards arrived stay as owl:sameAs links.
    let retired = "<http://www.w3.org/2002/07/owl#sameAs> <https://orbitkg.org/id/";
    let got: Vec<String> = canonical(&dump).into_iter().filter(|l| !l.contains(retired)).collect();
    assert_same("a store grown shard by shard", &canonical(&single), &got);
}

/// Records of one content under two names, in two files (as partitions a
/// batch engine cut by position give): kept once, under the smallest name,
/// as `build` keeps it, whichever file is loaded first.
#[test]
fn copies_in_two_record_files_are_kept_once() {
    let tmp = tempfile::tempdir().unwrap();
    let original = &seed_files()[1];
    let copy = tmp.path().join("copy.txt");
    std::fs::copy(original, &copy).unwrap();
    let single = tmp.path().join("single.nq");
    run_ok(args(&[&"build", original, &copy, &"--quiet", &"--out", &single]));
    let (a, b) = (tmp.path().join("a.jsonl"), tmp.path().join("b.jsonl"));
    run_ok(args(&[&"extract", original, &"--quiet", &"--out", &a]));
    run_ok(args(&[&"extract", &copy, &"--quiet", &"--out", &b]));
    for (first, second) in [(&a, &b), (&b, &a)] {
        let loaded = tmp.path().join("loaded.nq");
        let out = orbitkg().args(args(&[&"load", first, second, &"--quiet", &"--out", &loaded])).output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("has the same content as"));
        assert_same("copies", &canonical(&single), &canonical(&loaded));
    }
}
