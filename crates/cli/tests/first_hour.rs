//! Regressions from issue 9, "a new user's first hour": each test is named
//! after what a new user ran into.

mod common;

use common::{build_seeds, orbitkg, parse, rdf_format, repo_root, run_ok};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// The single number a `SELECT (COUNT(…) AS ?n)` query prints as TSV.
fn count(data: &Path, sparql: &str) -> usize {
    let out = run_ok(["query".as_ref(), "-e".as_ref(), sparql.as_ref(), "--data".as_ref(), data.as_os_str()]);
    let text = String::from_utf8(out).unwrap();
    let value = text.lines().nth(1).unwrap_or_else(|| panic!("no row for {sparql}: {text}"));
    value.split('^').next().unwrap().trim_matches('"').parse().unwrap_or_else(|e| panic!("{value}: {e}"))
}

/// Regression: `COUNT(*)` over agencies and their labels gave 33 for 3
/// agencies, because the default graph was the union of the article graphs.
#[test]
fn plain_counts_count_each_thing_once() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let agencies = count(&trig, "SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a okg:SpaceAgency } }");
    assert!(agencies >= 3, "the seeds name several agencies, got {agencies}");
    assert_eq!(count(&trig, "SELECT (COUNT(*) AS ?n) { ?s a okg:SpaceAgency ; rdfs:label ?l }"), agencies);
    // A join of two patterns is not multiplied either.
    let pairs =
        count(&trig, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?a ?p { GRAPH ?g { ?a okg:participatesIn ?p } } }");
    assert!(pairs > 0);
    assert_eq!(count(&trig, "SELECT (COUNT(*) AS ?n) { ?a okg:participatesIn ?p . ?p rdfs:label ?l }"), pairs);
    // Every article is a document node in the default graph.
    assert_eq!(count(&trig, "SELECT (COUNT(*) AS ?n) { ?d a okg:Document }"), common::seed_files().len());
}

/// Regression: `DESCRIBE id:nasa` repeated triples (36 lines, 14 distinct).
#[test]
fn describe_has_no_duplicate_triples() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let out = run_ok([
        "query".as_ref(),
        "-e".as_ref(),
        "DESCRIBE id:nasa".as_ref(),
        "--format".as_ref(),
        "nt".as_ref(),
        "--data".as_ref(),
        trig.as_os_str(),
    ]);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let distinct: BTreeSet<&str> = lines.iter().copied().collect();
    assert!(lines.len() > 5, "NASA is described: {text}");
    assert_eq!(lines.len(), distinct.len(), "duplicate triples in:\n{text}");
}

/// Regression: a Turtle dump lost the article counts (`analyze links`
/// reported 1 article, `fact-sources.rq` returned nothing). Every question
/// gets the same answer from .ttl, .nt and .trig.
#[test]
fn turtle_and_trig_dumps_give_the_same_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let counts = [
        "SELECT (COUNT(*) AS ?n) { ?s a okg:SpaceAgency ; rdfs:label ?l }",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "SELECT (COUNT(*) AS ?n) { ?d a okg:Document }",
        "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?st prov:wasDerivedFrom ?d }",
    ];
    let answers = |data: &Path| -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = counts.iter().map(|q| count(data, q).to_string().into_bytes()).collect();
        for q in ["cooperation.rq", "fact-sources.rq", "entity-facts.rq"] {
            let q = repo_root().join("queries").join(q);
            out.push(run_ok([
                "query".as_ref(),
                q.as_os_str(),
                "--format".as_ref(),
                "tsv".as_ref(),
                "--data".as_ref(),
                data.as_os_str(),
            ]));
        }
        for analysis in [&["links"][..], &["centrality", "--top", "5"], &["path", "Bill Nelson", "Hayashi"]] {
            let mut args: Vec<&OsStr> = vec!["analyze".as_ref()];
            args.extend(analysis.iter().map(OsStr::new));
            args.extend([OsStr::new("--format"), OsStr::new("json"), OsStr::new("--data"), data.as_os_str()]);
            out.push(run_ok(args));
        }
        out.push(run_ok(["stats".as_ref(), "--format".as_ref(), "json".as_ref(), "--data".as_ref(), data.as_os_str()]));
        out
    };
    let from_trig = answers(&trig);
    let fact_sources = String::from_utf8(from_trig[5].clone()).unwrap();
    assert!(fact_sources.lines().count() > 50, "fact-sources.rq has rows: {fact_sources}");
    for ext in ["ttl", "nt"] {
        let dump = build_seeds(tmp.path(), &format!("seeds.{ext}"));
        let from_dump = answers(&dump);
        for (i, (a, b)) in from_trig.iter().zip(&from_dump).enumerate() {
            // stats also reports quads and named graphs, which only TriG has.
            if i == from_trig.len() - 1 {
                let (a, b): (serde_json::Value, serde_json::Value) =
                    (serde_json::from_slice(a).unwrap(), serde_json::from_slice(b).unwrap());
                for key in ["articles", "entities", "facts", "top"] {
                    assert_eq!(a[key], b[key], "stats {key}: .trig and .{ext} differ");
                }
            } else {
                assert!(
                    a == b,
                    "answer {i} differs between .trig and .{ext}:\n{}",
                    common::line_diff(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b))
                );
            }
        }
    }
}

/// Regression: `--data` took every following argument as a dump, so
/// positionals after it failed.
#[test]
fn data_takes_one_value_so_positionals_may_follow() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let leaders = repo_root().join("queries/leaders.rq");
    let data = trig.as_os_str();
    let out =
        run_ok(["query".as_ref(), "--data".as_ref(), data, leaders.as_os_str(), "--format".as_ref(), "tsv".as_ref()]);
    assert!(String::from_utf8(out).unwrap().contains("Bill Nelson"));
    let out = run_ok([
        "analyze".as_ref(),
        "--data".as_ref(),
        data,
        "path".as_ref(),
        "Bill Nelson".as_ref(),
        "Hayashi".as_ref(),
    ]);
    assert!(!out.is_empty());
    let dot = String::from_utf8(run_ok(["export".as_ref(), "--data".as_ref(), data, "dot".as_ref()])).unwrap();
    graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("export dot is not valid DOT: {e}"));
    // Repeated, it loads each dump.
    let twice = count_with(&[data, data], "SELECT (COUNT(*) AS ?n) { ?d a okg:Document }");
    assert_eq!(twice, common::seed_files().len());
}

fn count_with(data: &[&OsStr], sparql: &str) -> usize {
    let mut args: Vec<&OsStr> = vec!["query".as_ref(), "-e".as_ref(), sparql.as_ref()];
    for d in data {
        args.extend(["--data".as_ref(), *d]);
    }
    let text = String::from_utf8(run_ok(args)).unwrap();
    text.lines().nth(1).unwrap().split('^').next().unwrap().trim_matches('"').parse().unwrap()
}

/// Regression: `analyze … --output json | head -1` printed "error: Broken
/// pipe" and exited 1.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    for analysis in [&["centrality"][..], &["links"], &["communities"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_orbitkg"))
            .arg("analyze")
            .args(analysis)
            .args(["--output", "json", "--data"])
            .arg(&trig)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before a byte is written.
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(status.success() && err.is_empty(), "analyze {analysis:?}: {status}, stderr: {err}");
    }
}

/// Regression: `--out -` wrote a file named `-`; it means standard output.
#[test]
fn out_dash_is_standard_output() {
    let tmp = tempfile::tempdir().unwrap();
    let nt = build_seeds(tmp.path(), "seeds.nt");
    let expected = std::fs::read(&nt).unwrap();
    let seeds = common::seeds_dir();
    let run_in = |args: &[&OsStr]| -> Vec<u8> {
        let out = orbitkg().current_dir(tmp.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let built = run_in(&[
        "build".as_ref(),
        seeds.as_os_str(),
        "-q".as_ref(),
        "--out".as_ref(),
        "-".as_ref(),
        "--format".as_ref(),
        "nt".as_ref(),
    ]);
    assert!(built == expected, "build --out - differs from build --out seeds.nt");
    let dumped = run_in(&[
        "dump".as_ref(),
        "--data".as_ref(),
        nt.as_os_str(),
        "--format".as_ref(),
        "nt".as_ref(),
        "--out".as_ref(),
        "-".as_ref(),
    ]);
    assert!(dumped == expected, "dump --out - differs");
    let dot =
        run_in(&["export".as_ref(), "--data".as_ref(), nt.as_os_str(), "dot".as_ref(), "--out".as_ref(), "-".as_ref()]);
    assert!(String::from_utf8(dot).unwrap().starts_with("digraph"));
    assert!(!tmp.path().join("-").exists(), "a file named - was written");
}

/// Regression: `build seeds > kg.trig` put the summary in the file and threw
/// the graph away.
#[test]
fn build_without_out_or_store_writes_the_dump_to_a_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let out = orbitkg().arg("build").arg(common::seeds_dir()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout == std::fs::read(&trig).unwrap(), "standard output is not the TriG dump");
    assert!(String::from_utf8_lossy(&out.stderr).contains("articles"), "the summary goes to standard error");
    let read = parse(&out.stdout, rdf_format("trig"));
    assert!(read.len().unwrap() > 1000);
}

/// A dump written before the default graph held the knowledge graph (all in
/// named graphs) answers plain queries with nothing: say so.
#[test]
fn a_dump_with_only_named_graphs_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old.nq");
    std::fs::write(&old, "<https://e.org/a> <https://e.org/b> <https://e.org/c> <https://e.org/doc> .\n").unwrap();
    let out = common::orbitkg().args(["query", "-e", "ASK { ?s ?p ?o }", "--data"]).arg(&old).output().unwrap();
    assert!(out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("warning:") && err.contains("only named graphs") && err.contains("old.nq"), "{err}");
    let new = build_seeds(tmp.path(), "seeds.nq");
    let out = common::orbitkg().args(["query", "-e", "ASK { ?s ?p ?o }", "--data"]).arg(&new).output().unwrap();
    assert!(common::stderr(&out).is_empty(), "{}", common::stderr(&out));
}

/// Rebuilding articles into an existing store replaces their contribution:
/// the same inputs twice give the same store, and plain counts stay counts.
#[cfg(feature = "rocksdb")]
#[test]
fn rebuilding_into_a_store_replaces_and_does_not_multiply() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("kg");
    let dump = |name: &str| -> Vec<u8> {
        let out = tmp.path().join(name);
        run_ok(["dump".as_ref(), "--store".as_ref(), store.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        std::fs::read(out).unwrap()
    };
    let build = |inputs: &[std::path::PathBuf]| {
        let mut args: Vec<&OsStr> = vec!["build".as_ref(), "-q".as_ref(), "--store".as_ref(), store.as_os_str()];
        args.extend(inputs.iter().map(|p| p.as_os_str()));
        run_ok(args);
    };
    build(&[common::seeds_dir()]);
    let once = dump("once.nq");
    build(&[common::seeds_dir()]);
    assert!(dump("twice.nq") == once, "a second build of the same articles changed the store");
    // One article rebuilt alone resolves its entities alone; what it no
    // longer states and no other article states goes from the default graph.
    build(&common::seed_files()[..1]);
    let q = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } \
             FILTER NOT EXISTS { ?s a okg:Document } FILTER NOT EXISTS { ?s a rdf:Statement } }";
    let out = run_ok(["query".as_ref(), "-e".as_ref(), q.as_ref(), "--store".as_ref(), store.as_os_str()]);
    assert_eq!(String::from_utf8(out).unwrap().lines().nth(1), Some("0"), "default-graph triples no article states");
}

/// Regression: `build` said 204 facts (22 signed) where `stats` said 157 (11
/// signed) for the same graph. One definition, the same numbers.
#[test]
fn build_and_stats_count_facts_and_entities_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = tmp.path().join("seeds.trig");
    let summary = String::from_utf8(run_ok([
        "build".as_ref(),
        common::seeds_dir().as_os_str(),
        "--out".as_ref(),
        trig.as_os_str(),
    ]))
    .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&run_ok([
        "stats".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--data".as_ref(),
        trig.as_os_str(),
    ]))
    .unwrap();
    let line = |name: &str| -> usize {
        let l = summary.lines().find(|l| l.split_whitespace().next() == Some(name));
        l.and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in:\n{summary}"))
    };
    let sum = |key: &str, field: &str| -> usize {
        stats[key].as_array().unwrap().iter().map(|x| x[field].as_u64().unwrap() as usize).sum()
    };
    assert_eq!(line("facts"), sum("facts", "facts"));
    assert_eq!(line("entities"), sum("entities", "count"));
    for fact in stats["facts"].as_array().unwrap() {
        let property = fact["property"].as_str().unwrap();
        assert_eq!(line(property), fact["facts"].as_u64().unwrap() as usize, "{property}");
    }
}

/// Regression: `analyze` took `--output` where every other command takes
/// `--format` (and `--out` is a file). `--output` still works.
#[test]
fn analyze_takes_format_like_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    for analysis in ["links", "centrality", "communities"] {
        let with = |flag: &str| {
            run_ok([
                "analyze".as_ref(),
                analysis.as_ref(),
                flag.as_ref(),
                "csv".as_ref(),
                "--data".as_ref(),
                trig.as_os_str(),
            ])
        };
        let csv = with("--format");
        assert!(String::from_utf8_lossy(&csv).lines().next().unwrap().contains(','), "{analysis}: not CSV");
        assert_eq!(csv, with("--output"), "{analysis}: --output is --format");
    }
}

/// Regression: asked-for formats were silently replaced (SELECT as ttl
/// printed TSV, CONSTRUCT as csv printed N-Triples, `dump --format ttl --out
/// x.nq` wrote Turtle). Each is refused with what fits.
#[test]
fn formats_that_do_not_fit_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let fails = |args: &[std::ffi::OsString], wanted: &[&str]| {
        let out = orbitkg().args(args).output().unwrap();
        let line = common::single_error_line(&out, 1);
        assert!(wanted.iter().all(|w| line.contains(w)), "{args:?}: {line}");
        assert!(out.stdout.is_empty(), "{args:?} printed something");
    };
    let data = trig.as_os_str();
    let select = "SELECT ?s { ?s a okg:SpaceAgency }";
    let construct = "CONSTRUCT { ?s a okg:SpaceAgency } WHERE { ?s a okg:SpaceAgency }";
    let q = |e: &str, f: &str| -> Vec<std::ffi::OsString> {
        ["query", "-e", e, "--format", f, "--data"].iter().map(|a| a.into()).chain([data.to_owned()]).collect()
    };
    fails(&q(select, "ttl"), &["--format ttl", "csv", "json"]);
    fails(&q("ASK { ?s ?p ?o }", "nt"), &["--format nt", "ASK"]);
    fails(&q(construct, "csv"), &["--format csv", "ttl", "jsonld"]);
    let nq = tmp.path().join("x.nq");
    let dump: Vec<std::ffi::OsString> = vec![
        "dump".into(),
        "--data".into(),
        data.into(),
        "--format".into(),
        "ttl".into(),
        "--out".into(),
        nq.clone().into(),
    ];
    fails(&dump, &["--format ttl", "x.nq"]);
    assert!(!nq.exists());
    // What fits still works.
    assert!(!run_ok(q(construct, "nt")).is_empty());
    assert!(!run_ok(q(select, "json")).is_empty());
}

/// Regression: misdirected requests passed silently: `dump --graph` of a
/// graph that is not there printed nothing, an update was a "syntax error".
#[test]
fn misdirected_requests_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.as_os_str();
    let out = orbitkg()
        .args([
            "dump".as_ref(),
            "--graph".as_ref(),
            "https://nope/".as_ref(),
            "--format".as_ref(),
            "nt".as_ref(),
            "--data".as_ref(),
            data,
        ])
        .output()
        .unwrap();
    let line = common::single_error_line(&out, 1);
    assert!(line.contains("no graph <https://nope/>"), "{line}");
    let out = orbitkg()
        .args([
            "query".as_ref(),
            "-e".as_ref(),
            "INSERT DATA { id:a okg:leads id:b }".as_ref(),
            "--data".as_ref(),
            data,
        ])
        .output()
        .unwrap();
    let line = common::single_error_line(&out, 1);
    assert!(line.contains("updates are not supported") && !line.contains("syntax"), "{line}");
    let out = orbitkg()
        .args(["export".as_ref(), "--data".as_ref(), data, "dot".as_ref(), "--class".as_ref(), "Place".as_ref()])
        .output()
        .unwrap();
    let line = common::single_error_line(&out, 1);
    assert!(line.contains("nothing to draw"), "{line}");
    // An article's own graph is there, and dumps.
    let doc = String::from_utf8(run_ok([
        "query".as_ref(),
        "-e".as_ref(),
        "SELECT ?g { GRAPH ?g {} } LIMIT 1".as_ref(),
        "--data".as_ref(),
        data,
    ]))
    .unwrap();
    let doc = doc.lines().nth(1).unwrap().trim_matches(|c| c == '<' || c == '>').to_string();
    assert!(
        !run_ok([
            "dump".as_ref(),
            "--graph".as_ref(),
            doc.as_ref(),
            "--format".as_ref(),
            "nt".as_ref(),
            "--data".as_ref(),
            data
        ])
        .is_empty()
    );
}

/// A Turtle dump has no article graphs: a GRAPH query on it is warned
/// about rather than silently empty; TriG answers it without a warning.
#[test]
fn graph_queries_on_data_without_article_graphs_are_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let q = "SELECT (COUNT(*) AS ?n) { GRAPH ?doc { ?s okg:signed ?a } }";
    for (ext, warned) in [("ttl", true), ("trig", false)] {
        let dump = build_seeds(tmp.path(), &format!("seeds.{ext}"));
        let out = orbitkg()
            .args(["query".as_ref(), "-e".as_ref(), q.as_ref(), "--data".as_ref(), dump.as_os_str()])
            .output()
            .unwrap();
        assert!(out.status.success());
        let err = common::stderr(&out);
        assert_eq!(err.contains("warning: the data has no article graphs"), warned, ".{ext}: {err}");
    }
}
