//! Files of the wrong kind given where articles or records are expected: each
//! is named once, with what to use instead, and nothing is written. (Apart from
//! `bad_input.rs`, whose timed tests these builds would slow down.)

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

/// A file named on the command line that is no article — an RDF dump, a
/// query, extraction records — is refused with what to use instead, and
/// nothing is written (`build seeds.trig` once read Turtle syntax as news).
#[test]
fn dumps_queries_and_records_named_as_articles_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = common::build_seeds(tmp.path(), "seeds.trig");
    let query = tmp.path().join("q.rq");
    std::fs::write(&query, "SELECT * WHERE { ?s ?p ?o }").unwrap();
    let records = tmp.path().join("records.jsonl");
    let articles = folder_with_a_good_article(tmp.path());
    common::run_ok([
        "extract".as_ref(),
        articles.as_os_str(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        records.as_os_str(),
    ]);
    for (input, says) in [(&dump, "--data"), (&query, "orbitkg query"), (&records, "orbitkg load")] {
        for command in ["build", "extract"] {
            let out_file = tmp.path().join(format!("out-{command}.trig"));
            let out = orbitkg()
                .args([command.as_ref(), input.as_os_str(), "--out".as_ref(), out_file.as_os_str()])
                .output()
                .unwrap();
            let line = single_error_line(&out, 1);
            assert!(line.contains(&input.display().to_string()) && line.contains(says), "{command} {input:?}: {line}");
            assert!(!out_file.exists(), "{command} {input:?} wrote {out_file:?}");
        }
    }
    // A JSON-lines file of articles still builds.
    let jsonl = tmp.path().join("articles.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\":\"a\",\"title\":\"NASA and JAXA sign\",\"text\":\"NASA and JAXA signed the Artemis Accords.\"}\n",
    )
    .unwrap();
    common::run_ok([
        "build".as_ref(),
        jsonl.as_os_str(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        tmp.path().join("j.trig").as_os_str(),
    ]);
}

/// `load` given a file that is no extraction records says once what the file
/// looks like and what to use instead; a records file with bad lines names the
/// first ten and counts the rest (a TriG dump printed 4,089 error lines).
#[test]
fn load_names_a_file_of_the_wrong_kind_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = common::build_seeds(tmp.path(), "seeds.trig");
    let articles = tmp.path().join("articles.jsonl");
    let line = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"NASA and JAXA signed the Artemis Accords.\"}\n";
    std::fs::write(&articles, line.repeat(50)).unwrap();
    for (input, says) in [(&dump, "--data"), (&articles, "orbitkg build")] {
        let out =
            orbitkg().args(["load".as_ref(), input.as_os_str(), "--format".as_ref(), "nq".as_ref()]).output().unwrap();
        let err = common::stderr(&out);
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert!(lines.len() <= 2, "{input:?}: {err}");
        assert!(lines[0].contains(&input.display().to_string()) && lines[0].contains(says), "{input:?}: {err}");
        assert_ne!(out.status.code(), Some(0));
    }
    // Records with 30 broken lines: ten named, the rest counted, the good ones loaded.
    let records = tmp.path().join("records.jsonl");
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(&common::seed_files()[0], src.join("a.txt")).unwrap();
    common::run_ok(["extract".as_ref(), src.as_os_str(), "--quiet".as_ref(), "--out".as_ref(), records.as_os_str()]);
    let mut text = std::fs::read_to_string(&records).unwrap();
    text.push_str(&"not a record\n".repeat(30));
    std::fs::write(&records, text).unwrap();
    let out =
        orbitkg().args(["load".as_ref(), records.as_os_str(), "--format".as_ref(), "nq".as_ref()]).output().unwrap();
    let err = common::stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 11, "{err}");
    assert!(lines[10].contains("20 more lines") && lines[10].contains("30 in all"), "{err}");
    assert!(!out.stdout.is_empty(), "the good record is loaded");
}
