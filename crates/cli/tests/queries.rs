//! Every shipped query in `queries/` runs on the seeds and gives the results
//! recorded in `tests/expected/queries/NAME.tsv`.
//!
//! When extraction changes, refresh the expectations and review the diff:
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test -p orbitkg --test queries
//! git diff tests/expected/queries
//! ```

mod common;

use common::{build_seeds, line_diff, repo_root, run_ok};
use std::path::{Path, PathBuf};

/// The shipped queries, sorted by name.
fn queries() -> Vec<PathBuf> {
    let dir = repo_root().join("queries");
    let mut qs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("queries/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    qs.sort();
    assert!(qs.len() >= 7, "expected at least 7 queries in queries/, found {}", qs.len());
    qs
}

fn name(query: &Path) -> String {
    query.file_stem().expect("query file name").to_string_lossy().into_owned()
}

fn expected_path(query: &Path) -> PathBuf {
    repo_root().join("tests/expected/queries").join(format!("{}.tsv", name(query)))
}

/// Runs one query as TSV against `source` (`--data DUMP` or `--store DIR`).
fn run_query(query: &Path, source: &[&std::ffi::OsStr]) -> String {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["query".as_ref(), query.as_os_str(), "--format".as_ref(), "tsv".as_ref()];
    args.extend_from_slice(source);
    String::from_utf8(run_ok(args)).expect("query output is UTF-8")
}

/// Compares one query's output with its expectation (or records it with
/// `UPDATE_EXPECT=1`); returns a description of the mismatch, if any.
fn check(query: &Path, actual: &str) -> Option<String> {
    let rows = actual.lines().count().saturating_sub(1);
    if rows == 0 {
        return Some(format!("{}: no rows on the seeds (output: {actual:?})", name(query)));
    }
    let path = expected_path(query);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create tests/expected/queries");
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return None;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            return Some(format!(
                "{}: cannot read {} ({e}); run with UPDATE_EXPECT=1 to record it",
                name(query),
                path.display()
            ));
        }
    };
    (expected != actual)
        .then(|| format!("{}: results differ from {}:\n{}", name(query), path.display(), line_diff(&expected, actual)))
}

fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of the queries failed (refresh with UPDATE_EXPECT=1 cargo test -p orbitkg --test queries, \
         then review the diff):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shipped_queries_give_the_expected_results_on_the_seeds() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dump = build_seeds(tmp.path(), "seeds.nq");
    let failures: Vec<String> =
        queries().iter().filter_map(|q| check(q, &run_query(q, &["--data".as_ref(), dump.as_os_str()]))).collect();
    assert_no_failures(&failures);
}

/// Under a time limit a query's cross products are rewritten to pass a
/// guard (orbitkg_rdf::guard), which must not change what it finds.
#[test]
fn shipped_queries_give_the_expected_results_under_a_time_limit() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dump = build_seeds(tmp.path(), "seeds.nq");
    let source = ["--data".as_ref(), dump.as_os_str(), "--timeout".as_ref(), "600".as_ref()];
    let failures: Vec<String> = queries().iter().filter_map(|q| check(q, &run_query(q, &source))).collect();
    assert_no_failures(&failures);
}

#[test]
fn every_query_has_an_expectation_and_every_expectation_a_query() {
    let names: Vec<String> = queries().iter().map(|q| name(q)).collect();
    let dir = repo_root().join("tests/expected/queries");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        // The first UPDATE_EXPECT=1 run creates the folder.
        assert!(std::env::var_os("UPDATE_EXPECT").is_some(), "{} is missing", dir.display());
        return;
    };
    for e in entries {
        let p = e.expect("entry").path();
        let stem = p.file_stem().expect("file name").to_string_lossy().into_owned();
        assert!(names.contains(&stem), "{} has no query queries/{stem}.rq", p.display());
    }
}

/// An on-disk store answers every query exactly like the dump does.
#[cfg(feature = "rocksdb")]
#[test]
fn shipped_queries_give_the_same_results_on_a_store() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = tmp.path().join("store");
    let dump = tmp.path().join("seeds.nq");
    run_ok([
        "build".as_ref(),
        common::seeds_dir().as_os_str(),
        "--quiet".as_ref(),
        "--store".as_ref(),
        store.as_os_str(),
        "--out".as_ref(),
        dump.as_os_str(),
    ]);
    let mut failures = Vec::new();
    for q in queries() {
        let from_dump = run_query(&q, &["--data".as_ref(), dump.as_os_str()]);
        let from_store = run_query(&q, &["--store".as_ref(), store.as_os_str()]);
        if from_store != from_dump {
            failures.push(format!(
                "{}: --store differs from --data:\n{}",
                name(&q),
                line_diff(&from_dump, &from_store)
            ));
        } else if std::env::var_os("UPDATE_EXPECT").is_none() {
            failures.extend(check(&q, &from_store));
        }
    }
    assert_no_failures(&failures);
}

/// Regression (issue 9 item 2): `meetings.rq` showed a meeting series with one
/// session's date and another session's attendees. Two articles report two
/// sessions of one dialogue; each row keeps its own article's date, place,
/// participants and topics.
#[test]
fn meetings_keep_the_facts_of_each_session_apart() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let articles = tmp.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a-2019.txt"),
        "Canada and Japan hold space policy dialogue in Tokyo\n\n\
         The Canada-Japan Space Policy Dialogue was held in Tokyo on April 19, 2019.\n\n\
         The Canadian delegation was led by Sylvain Laporte, president of the Canadian Space Agency.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("b-2023.txt"),
        "Canada and Japan meet again on space policy\n\n\
         The Canada-Japan Space Policy Dialogue was held in Ottawa on June 5, 2023.\n\n\
         The dialogue covered the Lunar Gateway.\n\n\
         The Japanese delegation was led by Hiroshi Yamakawa, president of JAXA.\n",
    )
    .unwrap();
    let dump = tmp.path().join("kg.trig");
    run_ok(["build".as_ref(), articles.as_os_str(), "--quiet".as_ref(), "--out".as_ref(), dump.as_os_str()]);
    let out = run_query(&repo_root().join("queries/meetings.rq"), &["--data".as_ref(), dump.as_os_str()]);
    let rows: Vec<&str> = out.lines().skip(1).filter(|r| r.contains("Canada-Japan Space Policy Dialogue")).collect();
    assert_eq!(rows.len(), 2, "one row per session:\n{out}");
    let (first, second) = (rows[0], rows[1]);
    assert!(
        first.contains("\"2019-04-19\"") && first.contains("Tokyo") && first.contains("Sylvain Laporte"),
        "{first}"
    );
    for other in ["2023", "Ottawa", "Hiroshi Yamakawa", "JAXA", "Gateway"] {
        assert!(!first.contains(other), "the 2019 session shows {other:?} from the 2023 article: {first}");
    }
    assert!(
        second.contains("\"2023-06-05\"") && second.contains("Ottawa") && second.contains("Hiroshi Yamakawa"),
        "{second}"
    );
    assert!(second.contains("Gateway"), "{second}");
    for other in ["2019", "Tokyo", "Sylvain Laporte"] {
        assert!(!second.contains(other), "the 2023 session shows {other:?} from the 2019 article: {second}");
    }
}

/// `--bind` asks a shipped query about another entity: the answer equals the
/// query file edited by hand, and a binding the query cannot take is refused
/// with one error line naming the query.
#[test]
fn bind_sets_a_query_variable_as_editing_the_file_would() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dump = build_seeds(tmp.path(), "seeds.trig");
    let query = repo_root().join("queries/entity-facts.rq");
    let text = std::fs::read_to_string(&query).expect("entity-facts.rq");
    assert!(text.contains("VALUES ?n { \"NASA\"@en }"), "the query names its entity in a VALUES block");
    let edited = tmp.path().join("jaxa.rq");
    std::fs::write(&edited, text.replace("VALUES ?n { \"NASA\"@en }", "VALUES ?n { \"JAXA\"@en }")).unwrap();
    let data = ["--data".as_ref(), dump.as_os_str()];
    let by_hand = run_query(&edited, &data);
    let mut bound: Vec<&std::ffi::OsStr> = data.to_vec();
    bound.extend([std::ffi::OsStr::new("--bind"), std::ffi::OsStr::new("n=\"JAXA\"@en")]);
    let by_bind = run_query(&query, &bound);
    assert!(by_hand.lines().count() > 3 && by_hand.contains("JAXA"), "{by_hand}");
    assert_eq!(by_bind, by_hand, "{}", line_diff(&by_hand, &by_bind));
    assert_ne!(by_bind, run_query(&query, &data), "the binding changed the question");

    // A variable with no VALUES block starts the query bound (here, one not selected).
    let e = "SELECT ?p WHERE { ?e okg:country ?p }";
    let out = run_ok(["query", "-e", e, "--format", "tsv", "--bind", "e=id:jaxa", "--data", dump.to_str().unwrap()]);
    assert_eq!(String::from_utf8(out).unwrap(), "?p\n<https://orbitkg.org/id/japan>\n");

    for (bind, says) in [
        ("n=JAXA", "quote a name"),
        ("x=\"JAXA\"@en", "has no variable ?x"),
        ("JAXA", "NAME=VALUE"),
        ("n=nope:jaxa", "not a term"),
    ] {
        let out = common::orbitkg()
            .args(["query".as_ref(), query.as_os_str(), "--bind".as_ref(), bind.as_ref()])
            .args(data)
            .output()
            .expect("orbitkg runs");
        let line = common::single_error_line(&out, 1);
        assert!(line.contains(says) && line.contains(&format!("--bind {bind}")), "{bind}: {line}");
    }
}
