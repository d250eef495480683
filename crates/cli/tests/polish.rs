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
