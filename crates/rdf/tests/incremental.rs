//! Adding articles to an archive gives the same graph as building them at
//! once: whatever the split, whatever the order; replacing or removing an
//! article gives the graph of the articles that remain.

use orbitkg_extract::input::from_text;
use orbitkg_extract::record::RecordEntity;
use orbitkg_extract::{Class, Gazetteer, Record, extract_article};
use orbitkg_rdf::{Archive, DumpFormat, KgStore, Quiet, dump};
use std::path::Path;

const EXTRACTOR: &str = "test";
const ID: &str = "https://orbitkg.org/id/";
const SAME_AS: &str = "<http://www.w3.org/2002/07/owl#sameAs>";

fn record(source: &str, text: &str) -> Record {
    let gaz = Gazetteer::builtin();
    Record::from_extraction(&extract_article(from_text(source, text.as_bytes()).unwrap(), gaz), gaz)
}

/// The articles of a folder of the repository, as records.
fn folder(rel: &str) -> Vec<Record> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no articles in {}", dir.display());
    paths
        .iter()
        .map(|p| {
            record(&format!("{rel}/{}", p.file_name().unwrap().to_string_lossy()), &std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn archive() -> Archive {
    Archive::open(KgStore::in_memory().unwrap(), None, None, EXTRACTOR).unwrap()
}

/// Stages `records` and commits.
fn add(a: &mut Archive, records: &[Record]) {
    for r in records {
        a.stage(r).unwrap();
    }
    a.commit(Gazetteer::builtin(), &Quiet).unwrap();
}

/// The sorted N-Quads of the store, and the links from retired IRIs apart.
fn canonical(a: &Archive) -> (Vec<String>, Vec<String>) {
    let bytes = dump(a.store(), DumpFormat::NQuads, None, Vec::new()).unwrap();
    let mut lines: Vec<String> = String::from_utf8(bytes).unwrap().lines().map(str::to_string).collect();
    lines.sort();
    let retired = format!("{SAME_AS} <{ID}");
    let (links, rest): (Vec<String>, Vec<String>) = lines.into_iter().partition(|l| l.contains(&retired));
    (rest, links)
}

fn at_once(records: &[Record]) -> Vec<String> {
    let mut a = archive();
    add(&mut a, records);
    canonical(&a).0
}

fn assert_same(what: &str, got: &[String], want: &[String]) {
    if got != want {
        let extra: Vec<&String> = got.iter().filter(|l| !want.contains(l)).take(5).collect();
        let missing: Vec<&String> = want.iter().filter(|l| !got.contains(l)).take(5).collect();
        panic!("{what}: {} quads vs {}\nextra: {extra:#?}\nmissing: {missing:#?}", got.len(), want.len());
    }
}

/// Every split point, in both orders.
fn check_splits(records: &[Record]) {
    let whole = at_once(records);
    assert!(whole.len() > 100);
    for k in 1..records.len() {
        for (first, second) in [(&records[..k], &records[k..]), (&records[k..], &records[..k])] {
            let mut a = archive();
            add(&mut a, first);
            add(&mut a, second);
            let (got, _) = canonical(&a);
            assert_same(&format!("split at {k}"), &got, &whole);
        }
    }
}

#[test]
fn seeds_added_in_two_builds_equal_one_build() {
    check_splits(&folder("seeds"));
}

#[test]
fn pattern_articles_added_in_two_builds_equal_one_build() {
    // More articles, more shared names: split in the middle and at both ends.
    let records = folder("tests/articles");
    let whole = at_once(&records);
    for k in [1, records.len() / 3, records.len() / 2, records.len() - 1] {
        for (first, second) in [(&records[..k], &records[k..]), (&records[k..], &records[..k])] {
            let mut a = archive();
            add(&mut a, first);
            add(&mut a, second);
            assert_same(&format!("split at {k}"), &canonical(&a).0, &whole);
        }
    }
    // One article at a time.
    let mut a = archive();
    for r in records.iter().rev() {
        add(&mut a, std::slice::from_ref(r));
    }
    assert_same("one at a time", &canonical(&a).0, &whole);
}

/// `n` generated articles, as records.
fn generated(n: u64) -> Vec<Record> {
    let mut jsonl: Vec<u8> = Vec::new();
    orbitkg_corpus::generate(11, n, &mut jsonl, None).unwrap();
    let gaz = Gazetteer::builtin();
    orbitkg_extract::input::from_jsonl("gen.jsonl", &jsonl)
        .unwrap()
        .into_iter()
        .map(|a| Record::from_extraction(&extract_article(a.unwrap(), gaz), gaz))
        .collect()
}

#[test]
fn compaction_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let records = generated(200);
    let mut a = Archive::open(KgStore::in_memory().unwrap(), Some(dir.path()), None, EXTRACTOR).unwrap();
    add(&mut a, &records);
    // Staged again, all but one: the first segment is then mostly dead
    // bytes, and the commit copies the live records into a new one.
    add(&mut a, &records[1..]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("orbitkg"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["segment-2.heads.jsonl", "segment-2.jsonl", "state.json", "writer.lock"]);
    // Every record (and head) is read back from the compacted segment.
    a.remove(&records[7].source);
    a.commit(Gazetteer::builtin(), &Quiet).unwrap();
    let rest: Vec<Record> = records.iter().enumerate().filter(|(i, _)| *i != 7).map(|(_, r)| r.clone()).collect();
    assert_same("after compaction", &canonical(&a).0, &at_once(&rest));
}

#[test]
fn a_generated_corpus_added_in_parts_equals_one_build() {
    // 60 generated articles: invented agencies, people and meetings recur
    // across them, so later parts change how earlier entities resolve.
    let records = generated(60);
    assert_eq!(records.len(), 60);
    let whole = at_once(&records);
    for parts in [2, 3, 7] {
        let mut a = archive();
        for chunk in records.chunks(records.len().div_ceil(parts)).rev() {
            add(&mut a, chunk);
        }
        assert_same(&format!("{parts} parts, last first"), &canonical(&a).0, &whole);
    }
}

#[test]
fn a_changed_article_replaces_its_graph() {
    let records = folder("seeds");
    let mut a = archive();
    add(&mut a, &records);
    let before = canonical(&a).0;
    // The first seed again, with a new paragraph naming a new agency head.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../").join(&records[0].source);
    let original = std::fs::read_to_string(path).unwrap();
    // After the first paragraph of the body (the page's tail is furniture).
    let at = original.match_indices("\n\n").nth(1).unwrap().0;
    let text = format!(
        "{}\n\nCSA President Lisa Campbell said the Canadian Space Agency welcomed the statement.{}",
        &original[..at],
        &original[at..]
    );
    let changed = record(&records[0].source, &text);
    add(&mut a, std::slice::from_ref(&changed));
    let mut expected = records.clone();
    expected[0] = changed;
    let (got, _) = canonical(&a);
    assert_same("after replacing", &got, &at_once(&expected));
    assert!(got.iter().any(|l| l.contains("Lisa Campbell")));
    assert_ne!(got, before);
    // And back: the entity only the new text named is gone.
    add(&mut a, &records[..1]);
    let (got, _) = canonical(&a);
    assert_same("after restoring", &got, &before);
    assert!(!got.iter().any(|l| l.contains("Lisa Campbell")));
}

#[test]
fn removing_articles_leaves_the_graph_of_the_others() {
    let records = folder("seeds");
    for gone in 0..records.len() {
        let mut a = archive();
        add(&mut a, &records);
        assert!(a.remove(&records[gone].source));
        assert!(!a.remove("no/such/article.txt"));
        let report = a.commit(Gazetteer::builtin(), &Quiet).unwrap();
        assert_eq!(report.removed, 1);
        let rest: Vec<Record> =
            records.iter().enumerate().filter(|(i, _)| *i != gone).map(|(_, r)| r.clone()).collect();
        assert_same(&format!("without {}", records[gone].source), &canonical(&a).0, &at_once(&rest));
    }
    let mut a = archive();
    add(&mut a, &records);
    for r in &records {
        a.remove(&r.source);
    }
    a.commit(Gazetteer::builtin(), &Quiet).unwrap();
    assert_eq!(a.store().len().unwrap(), 0, "removing every article empties the store");
}

#[test]
fn a_middle_initial_does_not_move_a_person_iri() {
    let first = record("a.txt", "NASA Administrator Dana Whitfield met ESA officials in Paris on Monday.");
    let second = record(
        "b.txt",
        "NASA Administrator Dana J. Whitfield signed the agreement with ESA Director General Josef Aschbacher.",
    );
    let mut a = archive();
    add(&mut a, std::slice::from_ref(&first));
    assert!(ids(&a).contains("dana-whitfield"));
    add(&mut a, std::slice::from_ref(&second));
    let (got, links) = canonical(&a);
    assert_same("after the second article", &got, &at_once(&[first, second]));
    assert!(ids(&a).contains("dana-whitfield") && links.is_empty(), "{:?} {links:?}", ids(&a));
    assert!(got.iter().any(|l| l.contains("\"Dana J. Whitfield\"@en")));
}

/// A record naming one organisation by `names`.
fn organisation(source: &str, names: &[&str]) -> Record {
    let mut r = record(source, &format!("NASA and ESA met ({source})."));
    r.entities = vec![RecordEntity {
        class: Class::SpaceAgency,
        names: names.iter().map(|n| n.to_string()).collect(),
        gazetteer: None,
        person_key: None,
        surname: None,
        described: false,
        country: None,
    }];
    r.facts.clear();
    r.attributes.clear();
    r
}

#[test]
fn an_iri_that_moves_is_kept_as_same_as() {
    // The longer name a later article gives becomes the label, and the IRI follows it.
    let first = organisation("a.txt", &["Zephyria Space Agency"]);
    let second = organisation("b.txt", &["Zephyria Space Agency", "Zephyria Space Agency of the Republic"]);
    let third = organisation("c.txt", &["Zephyria Space Agency of the Republic of Zephyria"]);
    let mut a = archive();
    add(&mut a, std::slice::from_ref(&first));
    assert!(ids(&a).contains("zephyria-space-agency"));
    add(&mut a, std::slice::from_ref(&second));
    let (got, links) = canonical(&a);
    assert_same("after the second article", &got, &at_once(&[first.clone(), second.clone()]));
    let new = format!("<{ID}zephyria-space-agency-of-the-republic>");
    assert_eq!(links, vec![format!("<{ID}zephyria-space-agency> {SAME_AS} {new} .")]);
    // The link survives an unrelated addition and follows the entity when its IRI moves again.
    let mut third = third;
    third.entities[0].names.push("Zephyria Space Agency of the Republic".into());
    add(&mut a, std::slice::from_ref(&third));
    let (_, links) = canonical(&a);
    let newest = format!("<{ID}zephyria-space-agency-of-the-republic-of-zephyria>");
    assert_eq!(
        links,
        vec![
            format!("<{ID}zephyria-space-agency-of-the-republic> {SAME_AS} {newest} ."),
            format!("<{ID}zephyria-space-agency> {SAME_AS} {newest} ."),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // When the article that named it goes, a retired IRI goes with it.
    a.remove("a.txt");
    a.remove("b.txt");
    a.remove("c.txt");
    a.commit(Gazetteer::builtin(), &Quiet).unwrap();
    assert_eq!(a.store().len().unwrap(), 0);
}

/// The entity ids with an rdfs:label.
fn ids(a: &Archive) -> std::collections::BTreeSet<String> {
    canonical(a)
        .0
        .iter()
        .filter(|l| l.contains("<http://www.w3.org/2000/01/rdf-schema#label>") && l.starts_with(&format!("<{ID}")))
        .map(|l| l[ID.len() + 1..l.find('>').unwrap()].to_string())
        .collect()
}

#[test]
fn records_on_disk_are_read_back_and_damage_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let records = folder("seeds");
    let open = || Archive::open(KgStore::in_memory().unwrap(), Some(dir.path()), None, EXTRACTOR).unwrap();
    let mut a = open();
    add(&mut a, &records[..3]);
    let want = canonical(&a).0;
    drop(a);
    // A second session finds the records: what it holds is not extracted again.
    let b = open();
    assert_eq!(b.len(), 3);
    assert!(b.holds(&records[0].source, &records[0].sha256));
    assert!(!b.holds(&records[4].source, &records[4].sha256));
    let other = Archive::open(KgStore::in_memory().unwrap(), Some(dir.path()), Some("https://example.org/"), "x");
    assert!(matches!(other, Err(orbitkg_rdf::ArchiveError::Base { .. })), "{other:?}");
    drop(b);
    // As after a commit that was cut short (state.json says so): the next
    // commit rewrites every graph from the records on disk, here into a new,
    // empty store, and gives the same graph.
    let state = dir.path().join("orbitkg/state.json");
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("\"complete\":true"));
    std::fs::write(&state, text.replace("\"complete\":true", "\"complete\":false")).unwrap();
    let mut b = open();
    b.commit(Gazetteer::builtin(), &Quiet).unwrap();
    assert_same("rebuilt from the records", &canonical(&b).0, &want);
    drop(b);
    // A cut segment is named, with the article whose record it lost.
    let home = dir.path().join("orbitkg");
    let segment = std::fs::read_dir(&home)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy() == "segment-0.heads.jsonl")
        .expect("the first segment's heads");
    let len = std::fs::metadata(&segment).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&segment).unwrap().set_len(len / 2).unwrap();
    let mut c = open();
    c.stage(&records[4]).unwrap();
    let err = c.commit(Gazetteer::builtin(), &Quiet).unwrap_err().to_string();
    assert!(err.contains("segment-0.heads.jsonl") && err.contains("record of seeds/"), "{err}");
}

#[test]
fn a_writer_holds_the_archive_and_readers_can_tell_it_from_an_interrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let open = || Archive::open(KgStore::in_memory().unwrap(), Some(dir.path()), None, EXTRACTOR);
    assert_eq!(orbitkg_rdf::writer_running(dir.path()), None);
    let a = open().unwrap();
    // While it is open, readers see the writer and its process id …
    assert_eq!(orbitkg_rdf::writer_running(dir.path()), Some(std::process::id().to_string()));
    // … and a second writer is refused, naming it.
    let second = open();
    assert!(
        matches!(&second, Err(orbitkg_rdf::ArchiveError::Busy { pid, .. }) if *pid == std::process::id().to_string()),
        "{second:?}"
    );
    // Nothing was committed: once the writer is gone, the store says so.
    drop(second);
    drop(a);
    assert_eq!(orbitkg_rdf::writer_running(dir.path()), None);
    assert!(orbitkg_rdf::never_committed(dir.path()));
    let mut b = open().unwrap();
    add(&mut b, &folder("seeds")[..1]);
    drop(b);
    assert!(!orbitkg_rdf::never_committed(dir.path()));
}
