//! Regressions from issue 9 ("a new user's first hour"), items 19 and 20:
//! completions, and the output people read. Each test is named after what a
//! new user ran into.

mod common;

use common::{build_seeds, orbitkg, run_ok};

/// The words bash completion offers after `option` in the function that
/// completes `subcommand` (e.g. `orbitkg__subcmd__dump`).
fn bash_offers(script: &str, subcommand: &str, option: &str) -> Vec<String> {
    let start =
        script.find(&format!("\n        {subcommand})")).unwrap_or_else(|| panic!("no {subcommand} in the script"));
    let section = &script[start + 1..];
    let end = section[1..].find("\n        orbitkg").map_or(section.len(), |i| i + 1);
    let section = &section[..end];
    let case =
        section.find(&format!("\n                {option})")).unwrap_or_else(|| panic!("{subcommand}: no {option}"));
    let after = &section[case..];
    let after = &after[..after.find(";;").unwrap_or(after.len())];
    match after.split_once("compgen -W \"") {
        Some((_, words)) => words.split('"').next().unwrap().split_whitespace().map(str::to_owned).collect(),
        None => Vec::new(),
    }
}

/// Regression: completions offered file names for `dump --format`, `--class`,
/// `--property`, `--from` and `--via`; they offer the values now.
#[test]
fn completions_offer_formats_classes_and_properties() {
    let script = String::from_utf8(run_ok(["completions", "bash"])).unwrap();
    let formats = ["ttl", "trig", "nt", "nq", "rdf", "jsonld"];
    for sub in ["orbitkg__subcmd__dump", "orbitkg__subcmd__build"] {
        assert_eq!(bash_offers(&script, sub, "--format"), formats, "{sub} --format");
    }
    for (sub, option) in [
        ("orbitkg__subcmd__analyze__subcmd__links", "--from"),
        ("orbitkg__subcmd__analyze__subcmd__links", "--via"),
        ("orbitkg__subcmd__analyze__subcmd__centrality", "--class"),
        ("orbitkg__subcmd__export__subcmd__dot", "--class"),
    ] {
        let offered = bash_offers(&script, sub, option);
        for class in ["SpaceAgency", "Country", "Program", "Person", "Organization", "Entity"] {
            assert!(offered.iter().any(|o| o == class), "{sub} {option} does not offer {class}: {offered:?}");
        }
    }
    let offered = bash_offers(&script, "orbitkg__subcmd__export__subcmd__dot", "--property");
    for property in ["participatesIn", "signed", "cooperatesWith", "location"] {
        assert!(offered.iter().any(|o| o == property), "--property does not offer {property}: {offered:?}");
    }
    // Files are still offered where a file is meant.
    assert!(bash_offers(&script, "orbitkg__subcmd__dump", "--out").is_empty());
}

/// A wrong value is refused with the valid ones named; other spellings and
/// cases that were accepted before still are.
#[test]
fn wrong_values_are_answered_with_the_valid_ones() {
    let out = orbitkg().args(["dump", "--format", "turtle2", "--data", "x.trig"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("possible values: ttl, trig, nt, nq, rdf, jsonld"), "{err}");
    let out = orbitkg().args(["analyze", "links", "--via", "Rocket"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("SpaceAgency") && err.contains("Organization") && err.contains("Entity"), "{err}");

    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let turtle = run_ok(["dump", "--format", "Turtle", "--data", data]);
    assert!(String::from_utf8(turtle).unwrap().contains("@prefix okg:"));
    run_ok(["analyze", "links", "--from", "organization", "--via", "PROGRAM", "--data", data]);
    run_ok(["analyze", "centrality", "--class", "spaceagency", "--data", data]);
    let dot =
        run_ok(["export", "dot", "--property", "okg:participatesIn", "--class", "SpaceAgency,program", "--data", data]);
    assert!(String::from_utf8(dot).unwrap().contains("participatesIn"));
    let out = orbitkg().args(["export", "dot", "--property", "flies", "--data", data]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stderr(&out).contains("participatesIn"), "{}", common::stderr(&out));
}

/// Runs `orbitkg` with `args` and `COLUMNS` set (or removed), returning
/// standard output.
fn run_with_columns(args: &[&str], columns: Option<&str>) -> String {
    let mut cmd = orbitkg();
    cmd.args(args);
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "orbitkg {args:?}: {}", common::stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// Regression: table cells of 80 characters made lines wider than the
/// terminal, and a literal with a line break split its row.
#[test]
fn tables_fit_the_width_and_keep_one_line_per_row() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let q = "SELECT ?st ?sentence { ?st okg:sentence ?sentence } ORDER BY ?st LIMIT 5";
    let narrow = run_with_columns(&["query", "-e", q, "--format", "table", "--data", data], Some("60"));
    assert_eq!(narrow.lines().count(), 2 + 5 + 1, "{narrow}");
    for line in narrow.lines() {
        assert!(line.chars().count() <= 60, "wider than COLUMNS=60: {line:?}");
    }
    assert!(narrow.contains('…'), "{narrow}");
    // Piped without COLUMNS: every cell whole, however long.
    let whole = run_with_columns(&["query", "-e", q, "--format", "table", "--data", data], None);
    assert!(!whole.contains('…'), "{whole}");
    assert!(whole.lines().any(|l| l.chars().count() > 120), "{whole}");
    // analyze tables fit too.
    let path = run_with_columns(&["analyze", "path", "Bill Nelson", "Hayashi", "--data", data], Some("70"));
    assert!(path.lines().all(|l| l.chars().count() <= 70), "{path}");
    // So do stats tables (the headings above them are sentences, left whole).
    let stats = run_with_columns(&["stats", "--data", data], Some("40"));
    let top = stats.split("entities in most facts\n").nth(1).unwrap();
    assert!(top.lines().all(|l| l.chars().count() <= 40) && top.contains('…'), "{stats}");

    let lines = "SELECT ?text ?n { VALUES (?text ?n) { (\"first line\\nsecond line\" 1) (\"tab\\there\" 2) } }";
    let table = run_with_columns(&["query", "-e", lines, "--format", "table", "--data", data], None);
    assert_eq!(
        table,
        "text                    n\n----------------------  -\nfirst line⏎second line  1\ntab here                2\n(2 rows)\n"
    );
}

/// Regression: JSON and XML results ended without a newline, so the shell
/// prompt followed on the same line.
#[test]
fn every_result_format_ends_with_a_newline() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let select = "SELECT ?l { id:nasa rdfs:label ?l }";
    let ask = "ASK { id:nasa a okg:SpaceAgency }";
    let describe = "DESCRIBE id:nasa";
    for (q, formats) in [
        (select, &["table", "csv", "tsv", "json", "xml"][..]),
        (ask, &["table", "csv", "tsv", "json", "xml"][..]),
        (describe, &["ttl", "nt", "rdf", "jsonld"][..]),
    ] {
        for f in formats {
            let out = run_ok(["query", "-e", q, "--format", f, "--data", data]);
            assert!(out.ends_with(b"\n"), "{q} --format {f} ends without a newline: {}", String::from_utf8_lossy(&out));
            assert!(!out.ends_with(b"\n\n"), "{q} --format {f} ends with a blank line");
        }
    }
    for f in ["ttl", "trig", "nt", "nq", "rdf", "jsonld"] {
        let out = run_ok(["dump", "--format", f, "--data", data]);
        assert!(out.ends_with(b"\n") && !out.ends_with(b"\n\n"), "dump --format {f}: no single final newline");
    }
}

/// Regression: `SELECT *` printed its columns sorted by name (Oxigraph's
/// order), not in the order the query names the variables.
#[test]
fn select_star_keeps_the_order_of_the_query() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let q = "SELECT * { ?zagency a okg:SpaceAgency ; rdfs:label ?label ; okg:participatesIn ?aprogram } LIMIT 1";
    let first_line = |format: &str| {
        let out = String::from_utf8(run_ok(["query", "-e", q, "--format", format, "--data", data])).unwrap();
        out.lines().next().unwrap().to_owned()
    };
    assert_eq!(first_line("tsv"), "?zagency\t?label\t?aprogram");
    assert_eq!(first_line("csv"), "zagency,label,aprogram");
    assert!(first_line("table").starts_with("zagency "), "{}", first_line("table"));
    let json = String::from_utf8(run_ok(["query", "-e", q, "--format", "json", "--data", data])).unwrap();
    assert!(json.starts_with("{\"head\":{\"vars\":[\"zagency\",\"label\",\"aprogram\"]}"), "{json}");
    // An explicit projection keeps its own order.
    let q = "SELECT ?label ?zagency { ?zagency a okg:SpaceAgency ; rdfs:label ?label } LIMIT 1";
    let out = String::from_utf8(run_ok(["query", "-e", q, "--format", "tsv", "--data", data])).unwrap();
    assert!(out.starts_with("?label\t?zagency\n"), "{out}");
}

/// Regression: with `build --base`, `id:` still meant
/// `https://orbitkg.org/id/`: `id:nasa` found nothing, tables showed full
/// IRIs and dumps declared the wrong `id:`. The base is read from the
/// graph's documents, so nothing needs repeating at query time.
#[test]
fn base_moves_the_id_prefix_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    for base in ["https://example.org/kg/", "https://example.org/kg#"] {
        let trig = tmp.path().join("based.trig");
        run_ok(["build", common::seeds_dir().to_str().unwrap(), "--base", base, "--out", trig.to_str().unwrap(), "-q"]);
        let data = trig.to_str().unwrap();
        let dump = String::from_utf8(std::fs::read(&trig).unwrap()).unwrap();
        assert!(dump.contains(&format!("@prefix id: <{base}> .")), "{base}: the dump declares another id:");
        let label =
            String::from_utf8(run_ok(["query", "-e", "SELECT ?l { id:nasa rdfs:label ?l }", "--data", data])).unwrap();
        assert_eq!(label, "?l\n\"NASA\"@en\n", "{base}");
        let table = String::from_utf8(run_ok([
            "query",
            "-e",
            "SELECT ?a { ?a rdfs:label \"NASA\"@en }",
            "--format",
            "table",
            "--data",
            data,
        ]))
        .unwrap();
        assert!(table.contains("\nid:nasa\n"), "{base}: {table}");
        let neighbors = String::from_utf8(run_ok(["analyze", "neighbors", "id:nasa", "--data", data])).unwrap();
        assert!(neighbors.contains("of NASA:"), "{base}: {neighbors}");
        let path = String::from_utf8(run_ok(["analyze", "path", "id:nasa", "id:jaxa", "--data", data])).unwrap();
        assert!(path.contains("from NASA to JAXA"), "{base}: {path}");
        let dot = String::from_utf8(run_ok(["export", "dot", "--around", "id:jaxa", "--data", data])).unwrap();
        assert!(dot.contains("JAXA"), "{base}");
    }
}

/// `id:jaxa` is accepted wherever an entity name is (with the default base).
#[test]
fn id_names_are_accepted_wherever_an_entity_name_is() {
    let tmp = tempfile::tempdir().unwrap();
    let trig = build_seeds(tmp.path(), "seeds.trig");
    let data = trig.to_str().unwrap();
    let by_label = run_ok(["analyze", "neighbors", "JAXA", "--data", data]);
    assert_eq!(run_ok(["analyze", "neighbors", "id:jaxa", "--data", data]), by_label);
    let path = String::from_utf8(run_ok(["analyze", "path", "id:nasa", "id:jaxa", "--data", data])).unwrap();
    assert!(path.contains("from NASA to JAXA"), "{path}");
    let around = run_ok(["export", "dot", "--around", "JAXA", "--data", data]);
    assert_eq!(run_ok(["export", "dot", "--around", "id:jaxa", "--data", data]), around);
    let label =
        String::from_utf8(run_ok(["query", "-e", "SELECT ?l { id:jaxa rdfs:label ?l }", "--data", data])).unwrap();
    assert!(label.contains("JAXA"), "{label}");
}
