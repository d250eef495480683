//! Crash safety of `build --store` (issue 11): a build killed at any point
//! leaves a store in which every article is whole or absent, readers are
//! told when the store is mid-update, and running the build again finishes
//! the job with the very dump an uninterrupted build gives.
//!
//! The named kill points come from `ORBITKG_TEST_ABORT_AT=POINT:N`, which a
//! debug build of orbitkg obeys (`orbitkg_rdf::crash_point::abort_point`); the
//! last test also sends real SIGKILLs at times aimed at each stage of a
//! larger build.
#![cfg(feature = "rocksdb")]

mod common;

use common::{orbitkg, parse};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const DOCUMENT: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://orbitkg.org/ns#Document");
const DERIVED_FROM: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
const TYPE: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

/// Writes generated articles `range` of seed 7 to `path`; the first
/// `edited` of them get a sentence more (same source, new content).
fn corpus(path: &Path, range: std::ops::Range<u64>, edited: usize) {
    let mut bytes = Vec::new();
    orbitkg_corpus::generate_range(7, range, &mut bytes, None).unwrap();
    let mut out = String::new();
    for (i, line) in String::from_utf8(bytes).unwrap().lines().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        if i < edited {
            let text = v["text"].as_str().unwrap().to_string();
            v["text"] = format!("{text}\n\nThe agencies will meet again next year, officials said.").into();
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, out).unwrap();
}

fn build_cmd(input: &Path, store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orbitkg"));
    cmd.arg("build").arg(input).arg("--store").arg(store).arg("--quiet");
    cmd.env_remove("ORBITKG_TEST_ABORT_AT");
    cmd
}

fn build(input: &Path, store: &Path) {
    let out = build_cmd(input, store).output().unwrap();
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs a build that must abort at `point`.
fn build_aborting(input: &Path, store: &Path, point: &str) {
    let out = build_cmd(input, store).env("ORBITKG_TEST_ABORT_AT", point).output().unwrap();
    aborted(&out, point);
}

fn aborted(out: &Output, point: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains(&format!("test abort at {point}")),
        "did not abort at {point} ({}):\n{err}",
        out.status
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `dump --store DIR --format nq`: the bytes, and whether it warned that the store is mid-update.
fn dump(store: &Path) -> (Vec<u8>, bool) {
    let out = orbitkg().args(["dump", "--format", "nq", "--store"]).arg(store).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dump failed: {err}");
    let warned = err.contains("is mid-update");
    if warned {
        assert!(err.contains(&format!("--store {}", store.display())), "the warning names no command: {err}");
    }
    (out.stdout, warned)
}

/// What one document contributes: its named graph, and its provenance in the
/// default graph (its document node and the statements derived from it).
#[derive(Debug, PartialEq, Eq)]
struct DocPart {
    graph: BTreeSet<String>,
    provenance: BTreeSet<String>,
}

/// Every document of a dump (named graphs and document nodes), with what it contributes.
fn documents(nq: &[u8]) -> BTreeMap<String, DocPart> {
    let store: Store = parse(nq, RdfFormat::NQuads);
    let mut docs: BTreeSet<String> = BTreeSet::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(n) = g.unwrap() {
            docs.insert(n.into_string());
        }
    }
    for q in store.quads_for_pattern(None, Some(TYPE), Some(DOCUMENT.into()), Some(GraphNameRef::DefaultGraph)) {
        docs.insert(q.unwrap().subject.to_string().trim_matches(['<', '>']).to_string());
    }
    let lines = |it: &mut dyn Iterator<Item = Quad>| it.map(|q| q.to_string()).collect::<BTreeSet<String>>();
    docs.into_iter()
        .filter(|d| d.contains("/doc/"))
        .map(|d| {
            let name = NamedNodeRef::new_unchecked(&d);
            let graph = lines(
                &mut store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(name))).map(Result::unwrap),
            );
            let mut subjects: Vec<NamedOrBlankNode> = vec![name.into_owned().into()];
            for q in store.quads_for_pattern(
                None,
                Some(DERIVED_FROM),
                Some(Term::from(name.into_owned()).as_ref()),
                Some(GraphNameRef::DefaultGraph),
            ) {
                subjects.push(q.unwrap().subject);
            }
            let mut provenance = BTreeSet::new();
            for s in &subjects {
                provenance.extend(lines(
                    &mut store
                        .quads_for_pattern(Some(s.as_ref()), None, None, Some(GraphNameRef::DefaultGraph))
                        .map(Result::unwrap),
                ));
            }
            (d, DocPart { graph, provenance })
        })
        .collect()
}

/// Each source a state holds: its document IRI, and whether its graph is known written.
type Held = BTreeMap<String, (String, bool)>;

/// `orbitkg/state.json`: whether it says the store is complete, and each
/// held source with its document IRI and whether its graph is known written
/// (a digest), or `None` when there is no state yet.
fn state(store: &Path) -> Option<(bool, Held)> {
    let bytes = std::fs::read(store.join("orbitkg/state.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let base = v["base"].as_str().unwrap();
    let docs = v["docs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(s, d)| {
            let sha = d["sha256"].as_str().unwrap();
            let written = !d["digest"].as_str().unwrap_or("").is_empty();
            (s.clone(), (format!("{base}doc/{}", &sha[..16]), written))
        })
        .collect();
    Some((v["complete"].as_bool().unwrap(), docs))
}

/// Every record the state points at is there, whole, once: the line at its
/// offset (records and heads) is its source's, no two sources share a line,
/// and no segment file on disk is one the state does not use when `tidy`.
fn check_records(store: &Path, tidy: bool) {
    let home = store.join("orbitkg");
    let Ok(bytes) = std::fs::read(home.join("state.json")) else { return };
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut lines_used = BTreeSet::new();
    let mut segments = BTreeSet::new();
    for (source, d) in v["docs"].as_object().unwrap() {
        let seg = d["segment"].as_u64().unwrap();
        segments.insert(seg);
        for (file, off, len) in [
            (format!("segment-{seg}.jsonl"), "offset", "len"),
            (format!("segment-{seg}.heads.jsonl"), "head_offset", "head_len"),
        ] {
            let (off, len) = (d[off].as_u64().unwrap() as usize, d[len].as_u64().unwrap() as usize);
            let all = std::fs::read(home.join(&file)).unwrap_or_else(|e| panic!("{file} (record of {source}): {e}"));
            assert!(off + len < all.len() + 1 && all.get(off + len) == Some(&b'\n'), "{file}: {source} is cut short");
            assert!(off == 0 || all[off - 1] == b'\n', "{file}: {source} does not start a line");
            let rec: serde_json::Value = serde_json::from_slice(&all[off..off + len]).unwrap();
            assert_eq!(rec["source"].as_str(), Some(source.as_str()), "{file}: the line of {source} is another's");
            assert_eq!(rec["sha256"], d["sha256"], "{file}: the line of {source} has other content");
            assert!(lines_used.insert((file, off)), "two sources share a record line");
        }
    }
    if tidy {
        for e in std::fs::read_dir(&home).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            if let Some(n) = name.strip_prefix("segment-") {
                let n: u64 = n.trim_end_matches(".jsonl").trim_end_matches(".heads").parse().unwrap();
                assert!(segments.contains(&n), "{name} is left over: the state uses none of its records");
            }
        }
    }
}

/// The invariants of a store that a build left, killed or not, against the
/// dumps `before` and `after` of the build that was interrupted: each
/// document is whole (equal to itself in one of them), every article the
/// state says is written is there, and readers are warned exactly when the
/// store is mid-update.
fn check_interrupted(store: &Path, before: &BTreeMap<String, DocPart>, after: &BTreeMap<String, DocPart>) -> String {
    check_records(store, false);
    let (nq, warned) = dump(store);
    let docs = documents(&nq);
    for (d, part) in &docs {
        let whole = before.get(d) == Some(part) || after.get(d) == Some(part);
        assert!(whole, "{d} is there in part (or is neither the old nor the new article)");
    }
    match state(store) {
        None => {
            assert!(docs.is_empty() && !warned, "no state, yet the store holds documents");
            "no state yet".into()
        }
        Some((complete, held)) => {
            assert_eq!(warned, !complete, "readers must be warned exactly when the store is mid-update");
            for (source, (doc, written)) in &held {
                if complete || *written {
                    assert!(docs.contains_key(doc), "{source} is recorded as done but its document is missing");
                }
            }
            if complete {
                let docs_held: BTreeSet<&String> = held.values().map(|(d, _)| d).collect();
                assert_eq!(docs.keys().collect::<BTreeSet<_>>(), docs_held, "a complete store holds other documents");
            }
            format!("{} ({} documents of {})", if complete { "complete" } else { "mid-update" }, docs.len(), held.len())
        }
    }
}

/// Kill points of an update (100 articles held; 10 of them replaced, 100
/// added), each checked, then finished by running the build again.
#[test]
fn a_build_aborted_at_each_step_leaves_whole_articles_and_a_rerun_finishes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first/feed.jsonl");
    corpus(&first, 0..100, 0);
    let second = tmp.path().join("second");
    corpus(&second.join("a.jsonl"), 0..100, 10);
    corpus(&second.join("b.jsonl"), 100..200, 0);

    // Uninterrupted: the first build, then the second into the same store.
    let held = tmp.path().join("held");
    build(&first, &held);
    let (before_nq, _) = dump(&held);
    let reference = tmp.path().join("reference");
    copy_dir(&held, &reference);
    build(&second, &reference);
    let (want, warned) = dump(&reference);
    assert!(!warned);
    let (before, after) = (documents(&before_nq), documents(&want));
    assert_eq!(after.len(), 200);

    let points =
        ["stage:1", "stage:60", "segment:1", "begin:1", "delete:1", "delete:6", "bulk:1", "batch:1", "links:1"];
    for point in points {
        let store = tmp.path().join(point.replace(':', "-"));
        copy_dir(&held, &store);
        build_aborting(&second, &store, point);
        let left = check_interrupted(&store, &before, &after);
        eprintln!("{point}: {left}");
        if point.starts_with("stage") || point.starts_with("segment") {
            assert_eq!(dump(&store).0, before_nq, "{point}: the store changed before the update began");
        }
        // The recovery itself is interrupted between two replaced graphs
        // (after an interruption every graph is rewritten, one at a time).
        if point == "bulk:1" {
            build_aborting(&second, &store, "graph:40");
            check_interrupted(&store, &before, &after);
        }
        build(&second, &store);
        check_records(&store, true);
        let (got, warned) = dump(&store);
        assert!(!warned, "{point}: still mid-update after the rerun");
        assert!(got == want, "{point}: the rerun's dump differs from an uninterrupted build's");
        std::fs::remove_dir_all(&store).unwrap();
    }
}

/// A commit that removes most articles compacts the records; killed after
/// the new segment is written and before the state moves to it, the store is
/// the removal's, and the next update deletes the unused segment.
#[test]
fn a_compaction_killed_midway_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("feed.jsonl");
    corpus(&input, 0..150, 0);
    let held = tmp.path().join("held");
    build(&input, &held);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(held.join("orbitkg/state.json")).unwrap()).unwrap();
    let sources: Vec<String> = v["docs"].as_object().unwrap().keys().cloned().collect();
    let gone = &sources[..70];
    // The articles kept, as an input that changes nothing.
    let kept = tmp.path().join("kept.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .filter(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            !gone.iter().any(|g| v["url"].as_str() == Some(g.as_str()))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(lines.len(), 80);
    std::fs::write(&kept, lines.concat()).unwrap();

    let remove = |store: &Path, sources: &[String], abort: Option<&str>| {
        let mut cmd = orbitkg();
        cmd.arg("remove").args(sources).arg("--store").arg(store).arg("--quiet");
        if let Some(p) = abort {
            cmd.env("ORBITKG_TEST_ABORT_AT", p);
        }
        cmd.output().unwrap()
    };
    let reference = tmp.path().join("reference");
    copy_dir(&held, &reference);
    assert!(remove(&reference, gone, None).status.success());
    let killed = tmp.path().join("killed");
    copy_dir(&held, &killed);
    aborted(&remove(&killed, gone, Some("compact:1")), "compact:1");
    check_records(&killed, false);
    let (got, warned) = dump(&killed);
    assert!(!warned && got == dump(&reference).0, "the removal was committed before the compaction");

    // The next update (here one that changes nothing) deletes the segment
    // the compaction left unused.
    for store in [&reference, &killed] {
        build(&kept, store);
        check_records(store, true);
    }
    assert!(dump(&killed).0 == dump(&reference).0);
}

/// Real SIGKILLs, at times aimed at each stage of a larger build: while it
/// extracts, and while it writes the store (the window in which `state.json`
/// says the store is mid-update, timed on an uninterrupted build; each kill
/// in it waits for the window to open).
#[test]
fn builds_killed_at_varied_times_recover_to_the_same_dump() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("feed.jsonl");
    corpus(&input, 0..500, 0);

    // The uninterrupted build, with the times its store update began and ended.
    let reference = tmp.path().join("reference");
    let started = Instant::now();
    let mut child = build_cmd(&input, &reference).stdout(Stdio::null()).spawn().unwrap();
    let (mut begin, mut end) = (None, None);
    let state_path = reference.join("orbitkg/state.json");
    loop {
        let status = child.try_wait().unwrap();
        let complete = std::fs::read(&state_path)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .map(|v| v["complete"].as_bool() == Some(true));
        match complete {
            Some(false) if begin.is_none() => begin = Some(started.elapsed()),
            Some(true) if end.is_none() && begin.is_some() => end = Some(started.elapsed()),
            _ => {}
        }
        if let Some(status) = status {
            assert!(status.success());
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let total = started.elapsed();
    let begin = begin.expect("the update's start was seen");
    let end = end.unwrap_or(total);
    let (want, _) = dump(&reference);
    let after = documents(&want);
    let before = BTreeMap::new();
    eprintln!("reference: {total:?}, store update from {begin:?} to {end:?}");

    // Two kills while it extracts (timed from the start), three while it
    // writes the store (timed from when `state.json` says so).
    let update = end - begin;
    let kills: Vec<(bool, Duration)> = [(false, begin.mul_f64(0.3)), (false, begin.mul_f64(0.8))]
        .into_iter()
        .chain([0.0, 0.3, 0.6].map(|f| (true, update.mul_f64(f))))
        .collect();
    let mut mid_update = 0;
    for (k, (in_update, at)) in kills.iter().enumerate() {
        let store = tmp.path().join(format!("killed-{k}"));
        let mut child = build_cmd(&input, &store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        if *in_update {
            let path = store.join("orbitkg/state.json");
            while child.try_wait().unwrap().is_none()
                && !std::fs::read(&path).is_ok_and(|b| {
                    serde_json::from_slice::<serde_json::Value>(&b).is_ok_and(|v| v["complete"] == false)
                })
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        std::thread::sleep(*at);
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let left = check_interrupted(&store, &before, &after);
        let when = if *in_update { "after the update began" } else { "after the start" };
        eprintln!("SIGKILL {at:?} {when} ({status}): {left}");
        mid_update += usize::from(left.starts_with("mid-update"));
        build(&input, &store);
        check_records(&store, true);
        let (got, warned) = dump(&store);
        assert!(!warned && got == want, "killed at {at:?}: the rerun's dump differs from an uninterrupted build's");
        std::fs::remove_dir_all(&store).unwrap();
    }
    // Not asserted (timing on a shared machine varies): how many kills hit the update itself.
    eprintln!("{mid_update} of {} kills left the store mid-update", kills.len());
}
