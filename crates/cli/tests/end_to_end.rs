//! The `orbitkg` binary end to end on the seeds: every dump format reads back
//! with the same content, rebuilds are byte-identical, the vocabulary graph
//! is optional, and `query` handles every query form.

mod common;

use common::{
    build_seeds, graph_quads, load, orbitkg, parse, quad_set, rdf_format, repo_root, run_ok, seed_files, seeds_dir,
    triple_set,
};
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphNameRef, NamedNodeRef};
use oxigraph::store::Store;
use std::ffi::OsStr;
use std::path::Path;

/// Formats that keep the article graphs.
const DATASET_FORMATS: [&str; 3] = ["trig", "nq", "jsonld"];
/// Formats that hold the default graph (the knowledge graph with its evidence).
const GRAPH_FORMATS: [&str; 3] = ["ttl", "nt", "rdf"];

fn assert_same_content(what: &str, format: &str, read: &Store, quads: &Store) {
    if DATASET_FORMATS.contains(&format) {
        assert_eq!(read.len().unwrap(), quads.len().unwrap(), "{what}: quad count of .{format}");
        assert!(quad_set(read) == quad_set(quads), "{what}: .{format} holds other quads than the N-Quads dump");
    } else {
        let triples = graph_quads(quads, GraphNameRef::DefaultGraph);
        assert_eq!(read.len().unwrap(), triples.len(), "{what}: triple count of .{format}");
        assert!(quad_set(read) == triples, "{what}: .{format} holds other triples than the default graph");
    }
}

#[test]
fn every_dump_format_reads_back_with_the_same_content() {
    let tmp = tempfile::tempdir().unwrap();
    let nq = build_seeds(tmp.path(), "seeds.nq");
    let reference = load(&nq);
    assert!(reference.len().unwrap() > 1000, "the seeds give a real graph");
    let graphs = reference.named_graphs().count();
    assert!(graphs >= seed_files().len(), "one named graph per article, got {graphs}");
    assert!(triple_set(&reference).len() < reference.len().unwrap(), "facts are in article graphs too");
    // The default graph holds every triple of every article graph (and the provenance).
    let default = graph_quads(&reference, GraphNameRef::DefaultGraph);
    for q in reference.iter().map(|q| q.unwrap()).filter(|q| !q.graph_name.is_default_graph()) {
        let t = oxigraph::model::Triple::from(q).in_graph(oxigraph::model::GraphName::DefaultGraph);
        assert!(default.contains(&t.to_string()), "{t} is in an article graph but not in the default graph");
    }

    for format in DATASET_FORMATS.iter().chain(&GRAPH_FORMATS) {
        // `orbitkg dump --format F` to standard output.
        let dumped = run_ok(["dump", "--data", nq.to_str().unwrap(), "--format", format]);
        assert_same_content("dump", format, &parse(&dumped, rdf_format(format)), &reference);
        // `orbitkg build --out seeds.F`.
        let built = build_seeds(tmp.path(), &format!("seeds.{format}"));
        assert_same_content("build --out", format, &load(&built), &reference);
        // `orbitkg dump --out F` writes the same bytes as standard output.
        let out = tmp.path().join(format!("dumped.{format}"));
        run_ok(["dump".as_ref(), "--data".as_ref(), nq.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        assert!(std::fs::read(&out).unwrap() == dumped, "dump --out and dump to stdout differ for .{format}");
    }
}

/// Builds the given inputs with `-j threads` into `out`.
fn build(inputs: &[&Path], threads: &str, out: &Path) -> Vec<u8> {
    let mut args: Vec<&OsStr> = vec!["build".as_ref(), "--quiet".as_ref(), "-j".as_ref(), threads.as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str()]);
    run_ok(args);
    std::fs::read(out).unwrap()
}

#[test]
fn rebuilds_are_byte_identical_whatever_the_input_order_and_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let files = seed_files();
    let forward: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let backward: Vec<&Path> = forward.iter().rev().copied().collect();
    for ext in ["nq", "trig"] {
        let a = build(&forward, "1", &tmp.path().join(format!("a.{ext}")));
        let b = build(&backward, "2", &tmp.path().join(format!("b.{ext}")));
        assert!(!a.is_empty());
        assert!(a == b, ".{ext} dumps differ between input orders / thread counts");
        // The same for a directory input.
        let seeds = seeds_dir();
        let c = build(&[&seeds], "1", &tmp.path().join(format!("c.{ext}")));
        let d = build(&[&seeds], "2", &tmp.path().join(format!("d.{ext}")));
        assert!(c == d, ".{ext} dumps of seeds/ differ between -j 1 and -j 2");
    }
}

#[test]
fn dumps_hold_no_machine_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let nq = std::fs::read_to_string(build_seeds(tmp.path(), "seeds.nq")).unwrap();
    let root = common::repo_root();
    assert!(!nq.contains(root.to_str().unwrap()), "the dump names the checkout's absolute path");
    assert!(nq.contains("\"seeds/"), "document sources are relative to the input root");
}

#[test]
fn with_ontology_adds_the_vocabulary_graph() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = load(&build_seeds(tmp.path(), "plain.nq"));
    let out = tmp.path().join("onto.nq");
    run_ok([
        "build".as_ref(),
        seeds_dir().as_os_str(),
        "-q".as_ref(),
        "--with-ontology".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let with = load(&out);

    let graph = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(orbitkg_rdf::ONTOLOGY_GRAPH));
    let vocabulary = Store::new().unwrap();
    vocabulary
        .load_from_reader(
            RdfParser::from_format(rdf_format("ttl")).with_default_graph(graph.into_owned()),
            orbitkg_rdf::ONTOLOGY_TTL.as_bytes(),
        )
        .unwrap();
    let onto = graph_quads(&with, graph);
    assert!(onto.len() > 50, "the vocabulary graph is missing or tiny: {} quads", onto.len());
    assert!(onto == quad_set(&vocabulary), "the vocabulary graph is not the shipped ontology");
    assert!(graph_quads(&plain, graph).is_empty(), "without --with-ontology there is no vocabulary graph");
    assert_eq!(
        with.len().unwrap(),
        plain.len().unwrap() + 2 * onto.len(),
        "the vocabulary adds its own graph and its copy in the default graph, nothing else"
    );
    for ask in [
        "ASK { GRAPH <https://orbitkg.org/ns> { okg:Person rdfs:subClassOf schema:Person } }",
        "ASK { okg:SpaceAgency rdfs:subClassOf okg:Organization }",
    ] {
        let answer = run_ok(["query".as_ref(), "-e".as_ref(), ask.as_ref(), "--data".as_ref(), out.as_os_str()]);
        assert_eq!(String::from_utf8(answer).unwrap().trim(), "true", "{ask}");
    }
}

#[test]
fn ask_and_construct_queries_work() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let okg = "PREFIX okg: <https://orbitkg.org/ns#> ";

    let yes = run_ok(["query", "-e", &format!("{okg} ASK {{ ?a a okg:SpaceAgency }}"), "--data", data]);
    assert_eq!(String::from_utf8(yes).unwrap().trim(), "true");
    let no = run_ok(["query", "-e", &format!("{okg} ASK {{ ?a a okg:NoSuchClass }}"), "--data", data]);
    assert_eq!(String::from_utf8(no).unwrap().trim(), "false");
    let json =
        run_ok(["query", "-e", &format!("{okg} ASK {{ ?a a okg:SpaceAgency }}"), "--data", data, "--format", "json"]);
    assert!(String::from_utf8(json).unwrap().contains("\"boolean\":true"));

    let construct = format!("{okg} CONSTRUCT {{ ?p okg:worksWith ?o }} WHERE {{ ?p okg:leads|okg:memberOf ?o }}");
    let expected = run_ok([
        "query",
        "-e",
        &format!("{okg} SELECT DISTINCT ?p ?o WHERE {{ ?p okg:leads|okg:memberOf ?o }}"),
        "--data",
        data,
    ])
    .split(|b| *b == b'\n')
    .filter(|l| !l.is_empty())
    .count()
        - 1;
    assert!(expected > 0);
    for (format, ext) in
        [(None, "ttl"), (Some("ttl"), "ttl"), (Some("nt"), "nt"), (Some("rdf"), "rdf"), (Some("jsonld"), "jsonld")]
    {
        let mut args = vec!["query", "-e", &construct, "--data", data];
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        let graph = parse(&run_ok(args), rdf_format(ext));
        assert_eq!(graph.len().unwrap(), expected, "CONSTRUCT as {format:?}");
    }
}

#[test]
fn query_reads_the_query_from_a_file_and_from_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let nq = build_seeds(tmp.path(), "seeds.nq");
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://orbitkg.org/ns#SpaceAgency> }";
    let file = tmp.path().join("count.rq");
    std::fs::write(&file, q).unwrap();
    let from_file = run_ok(["query".as_ref(), file.as_os_str(), "--data".as_ref(), nq.as_os_str()]);
    let from_stdin = orbitkg()
        .args(["query".as_ref(), "-".as_ref(), "--data".as_ref(), nq.as_os_str()])
        .write_stdin(q)
        .assert()
        .success();
    assert_eq!(from_stdin.get_output().stdout, from_file);
    let from_expr = run_ok(["query".as_ref(), "-e".as_ref(), q.as_ref(), "--data".as_ref(), nq.as_os_str()]);
    assert_eq!(from_expr, from_file);
}

#[test]
fn query_without_a_graph_says_where_to_get_one() {
    let out = orbitkg().args(["query", "-e", "ASK {}"]).output().unwrap();
    let line = common::single_error_line(&out, 1);
    assert!(line.contains("--store") && line.contains("--data"), "{line}");
}

#[test]
fn queries_may_use_the_vocabulary_prefixes_without_declaring_them() {
    let tmp = tempfile::tempdir().unwrap();
    let nq = build_seeds(tmp.path(), "seeds.nq");
    let q =
        "ASK { ?a a okg:SpaceAgency ; rdfs:label ?l ; okg:participatesIn ?p . ?d a okg:Document ; dcterms:title ?t }";
    let answer = run_ok(["query".as_ref(), "-e".as_ref(), q.as_ref(), "--data".as_ref(), nq.as_os_str()]);
    assert_eq!(String::from_utf8(answer).unwrap().trim(), "true");
}

/// Issue 9 item 16: a page's canonical URL and a JSON line's `url` are
/// `dcterms:source` IRIs, and the queries that show sources read them.
#[test]
fn web_sources_are_iris_and_the_queries_show_them() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        r#"{"id": "c", "title": "ESA joins Gateway", "text": "ESA and NASA signed an agreement on the Gateway in Paris.", "url": "https://example.org/c"}
"#,
    )
    .unwrap();
    let page = repo_root().join("tests/pages/cp1252-newsletter.html");
    let dump = tmp.path().join("kg.nq");
    run_ok([
        "build".as_ref(),
        feed.as_os_str(),
        page.as_os_str(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        dump.as_os_str(),
    ]);
    let nq = std::fs::read_to_string(&dump).unwrap();
    for url in ["https://example.org/c", "https://news.example.org/2024/05/swiss-italian-lunar-telescope?ref=home&x=1"]
    {
        assert!(nq.contains(&format!("<http://purl.org/dc/terms/source> <{url}>")), "{url} is not an IRI source");
    }
    let rows = run_ok([
        "query".as_ref(),
        repo_root().join("queries/fact-sources.rq").as_os_str(),
        "--format".as_ref(),
        "tsv".as_ref(),
        "--data".as_ref(),
        dump.as_os_str(),
    ]);
    let rows = String::from_utf8(rows).unwrap();
    assert!(rows.contains("\"https://example.org/c\""), "fact-sources.rq lost the IRI sources:\n{rows}");
}
