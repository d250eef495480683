//! The corpus files: same bytes for the same seed, size linear in N, new
//! entities as N grows, and the `orbitkg-corpus` command.

use assert_cmd::Command;
use orbitkg_corpus::{Truth, article, generate};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Same seed, same bytes — on every machine: the digest is fixed here, so a
/// change of platform, dependency or generator shows up. (A deliberate change
/// of the generator updates this digest.)
#[test]
fn the_same_seed_gives_the_same_bytes_everywhere() {
    let mut out = Vec::new();
    generate(42, 20, &mut out, None).unwrap();
    let mut again = Vec::new();
    generate(42, 20, &mut again, None).unwrap();
    assert_eq!(out, again);
    assert_eq!(sha256(&out), "ff0b3a34e97cb1ab0d80316cd7fafc7f9d26d3f1b795d819f7a9132e457d4508");
    let mut other = Vec::new();
    generate(43, 20, &mut other, None).unwrap();
    assert_ne!(out, other);
}

#[test]
fn a_range_continues_the_corpus() {
    let (mut whole, mut head, mut tail) = (Vec::new(), Vec::new(), Vec::new());
    generate(4, 12, &mut whole, None).unwrap();
    generate(4, 9, &mut head, None).unwrap();
    orbitkg_corpus::generate_range(4, 9..12, &mut tail, None).unwrap();
    head.extend(tail);
    assert_eq!(head, whole);
}

#[test]
fn size_is_about_two_kilobytes_an_article_and_linear() {
    let size = |n| {
        let mut out = Vec::new();
        generate(7, n, &mut out, None).unwrap().bytes
    };
    let (small, large) = (size(100), size(1000));
    assert!((180_000..240_000).contains(&small), "100 articles: {small} bytes");
    let ratio = large as f64 / small as f64;
    assert!((9.0..11.0).contains(&ratio), "1000 articles are {ratio:.2} times 100");
}

#[test]
fn articles_are_valid_orbitkg_input_with_unique_ids() {
    let mut out = Vec::new();
    generate(9, 50, &mut out, None).unwrap();
    let parsed = orbitkg_extract::input::from_jsonl("g.jsonl", &out).unwrap();
    assert_eq!(parsed.len(), 50);
    let sources: BTreeSet<String> = parsed.into_iter().map(|a| a.unwrap().source).collect();
    assert_eq!(sources.len(), 50);
}

/// The planted entities keep growing: four times the articles, well over
/// twice the distinct names (the popular ones recur, new ones keep coming).
#[test]
fn new_entities_keep_appearing() {
    let distinct = |n: u64| {
        let mut names = BTreeSet::new();
        for i in 0..n {
            names.extend(article(1, i).1.entities.into_iter().map(|e| e.label));
        }
        names.len()
    };
    let (a, b) = (distinct(1000), distinct(4000));
    assert!(b * 10 > a * 22 && b < a * 4, "1000 articles: {a} names; 4000: {b}");
}

/// Popular agencies recur: NASA is in many articles, an invented agency in few.
#[test]
fn popular_agencies_recur() {
    let with = |label: &str| (0..500).filter(|&i| article(2, i).1.entities.iter().any(|e| e.label == label)).count();
    let nasa = with("NASA");
    let invented = with("Tordafeni Space Agency");
    assert!(nasa > 50 && invented < nasa / 4, "NASA in {nasa} of 500 articles, Tordafeni Space Agency in {invented}");
}

#[test]
fn the_command_writes_articles_and_truth() {
    let dir = tempfile::tempdir().unwrap();
    let (out, truth) = (dir.path().join("a.jsonl"), dir.path().join("t.jsonl"));
    Command::cargo_bin("orbitkg-corpus")
        .unwrap()
        .args(["generate", "--articles", "5", "--seed", "42"])
        .arg("--out")
        .arg(&out)
        .arg("--truth")
        .arg(&truth)
        .assert()
        .success();
    let mut expected = Vec::new();
    generate(42, 5, &mut expected, None).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    let truths: Vec<serde_json::Value> =
        std::fs::read_to_string(&truth).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(truths.len(), 5);
    let first: Truth = article(42, 0).1;
    assert_eq!(truths[0]["id"], first.id);
    assert_eq!(truths[0]["facts"].as_array().unwrap().len(), first.facts.len());
}

#[test]
fn repeat_makes_unique_copies_of_real_articles() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("in");
    std::fs::create_dir_all(articles.join("sub")).unwrap();
    std::fs::write(articles.join("one.txt"), "NASA and ESA sign a deal\n\nNASA met ESA in Paris.\n").unwrap();
    std::fs::write(articles.join("sub/two.txt"), "JAXA joins Gateway\n\nJAXA joined the Gateway.\n").unwrap();
    std::fs::write(articles.join("notes.md"), "not an article").unwrap();
    let out = dir.path().join("r.jsonl");
    Command::cargo_bin("orbitkg-corpus")
        .unwrap()
        .args(["repeat", "--copies", "3"])
        .arg(&articles)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let parsed: Vec<_> =
        orbitkg_extract::input::from_jsonl("r.jsonl", &bytes).unwrap().into_iter().map(Result::unwrap).collect();
    assert_eq!(parsed.len(), 6);
    let hashes: BTreeSet<&str> = parsed.iter().map(|a| a.sha256.as_str()).collect();
    assert_eq!(hashes.len(), 6, "every copy is an article of its own");
    assert!(parsed[0].text.starts_with("NASA and ESA sign a deal\n\nNASA met ESA in Paris."));
}

#[test]
fn repeat_without_articles_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("orbitkg-corpus")
        .unwrap()
        .args(["repeat", "--copies", "2"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("r.jsonl"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("no .txt articles"));
}
