//! `build --store` into an existing store, and `remove`, give the graph a
//! single build of the articles held would give (issue 10, part 1), through
//! the command line and an on-disk store.
#![cfg(feature = "rocksdb")]

mod common;

use common::{orbitkg, run_ok, seed_files};
use std::path::{Path, PathBuf};

/// Copies `files` into `dir/seeds/` (so their sources are `seeds/NAME`, as in
/// a build of the whole folder) and returns that folder.
fn folder(dir: &Path, files: &[PathBuf]) -> PathBuf {
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for f in files {
        std::fs::copy(f, seeds.join(f.file_name().unwrap())).unwrap();
    }
    seeds
}

fn build(input: &Path, store: &Path) -> String {
    let out = run_ok(["build".as_ref(), input.as_os_str(), "--store".as_ref(), store.as_os_str()]);
    String::from_utf8(out).unwrap()
}

/// The store's dump as sorted N-Quads lines, without the `owl:sameAs` links
/// that keep retired entity IRIs working (only a store built in steps has them).
fn canonical(store: &Path) -> Vec<String> {
    let out = run_ok(["dump".as_ref(), "--store".as_ref(), store.as_os_str(), "--format".as_ref(), "nq".as_ref()]);
    let retired = "<http://www.w3.org/2002/07/owl#sameAs> <https://orbitkg.org/id/";
    let mut lines: Vec<String> =
        String::from_utf8(out).unwrap().lines().filter(|l| !l.contains(retired)).map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn two_builds_into_one_store_equal_one_build_and_remove_undoes_an_article() {
    let tmp = tempfile::tempdir().unwrap();
    let files = seed_files();
    let all = folder(&tmp.path().join("all"), &files);
    let whole = tmp.path().join("whole");
    build(&all, &whole);
    let want = canonical(&whole);
    assert!(want.len() > 1000);

    for (k, reversed) in [(2, false), (2, true), (4, false)] {
        let (a, b) = files.split_at(k);
        let (first, second) = if reversed { (b, a) } else { (a, b) };
        let case = tmp.path().join(format!("split-{k}-{reversed}"));
        let store = case.join("kg");
        build(&folder(&case.join("first"), first), &store);
        let summary = build(&folder(&case.join("second"), second), &store);
        assert!(summary.contains(&format!("articles   {} ({} added", files.len(), second.len())), "{summary}");
        assert_eq!(canonical(&store), want, "split at {k}, reversed: {reversed}");
    }

    // Building the same articles again changes nothing and extracts nothing.
    let summary = build(&all, &whole);
    assert!(summary.contains(&format!("({} unchanged", files.len())) || summary.contains("0 added"), "{summary}");
    assert_eq!(canonical(&whole), want);

    // Removing an article gives the graph of the others.
    let gone = format!("seeds/{}", files[1].file_name().unwrap().to_string_lossy());
    let out = run_ok(["remove".as_ref(), gone.as_ref(), "--store".as_ref(), whole.as_os_str()]);
    assert!(String::from_utf8_lossy(&out).contains("removed    1 articles"));
    let others: Vec<PathBuf> = files.iter().enumerate().filter(|(i, _)| *i != 1).map(|(_, f)| f.clone()).collect();
    let rest = tmp.path().join("rest");
    build(&folder(&tmp.path().join("others"), &others), &rest);
    assert_eq!(canonical(&whole), canonical(&rest));

    // An unknown source is named, the others are still removed, and the status says so.
    let keep = format!("seeds/{}", files[0].file_name().unwrap().to_string_lossy());
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    let out = orbitkg().args(["remove", &name, "--store"]).arg(&whole).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no such article") && err.contains(&format!("did you mean {keep}?")), "{err}");
}

#[test]
fn a_store_records_what_it_was_built_with() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg");
    let files = seed_files();
    build(&folder(&tmp.path().join("a"), &files[..1]), &store);
    assert!(store.join("orbitkg/state.json").is_file());
    // Another base would move every IRI: refused, and the store is untouched.
    let before = canonical(&store);
    let out = orbitkg()
        .arg("build")
        .arg(folder(&tmp.path().join("b"), &files[1..2]))
        .args(["--base", "https://example.org/kg/", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(canonical(&store), before);
}
