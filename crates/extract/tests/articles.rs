//! Data-driven extraction tests: every `tests/articles/NAME.txt` (written for
//! these tests, not taken from the seeds) with `NAME.facts` listing what must be
//! read from it.
//!
//! `.facts` lines: `subject | property | object` (labels or any name the
//! article uses) must be extracted as a plain fact; `! s | p | o` must not be;
//! `planned s | p | o` (likewise `ended`, `negated`) must be kept with that
//! status and not asserted by it; `date E | 2024-05-03` gives entity E that
//! date and `! date E | 2024-05-03` must not; `FIXME s | p | o` is a known miss, asserted still missing so that a
//! fix shows up here.

use orbitkg_extract::{Gazetteer, extract_article, input::from_text, resolve};
use std::path::PathBuf;

fn articles_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/articles")
}

fn named(corpus: &orbitkg_extract::Corpus, i: usize, name: &str) -> bool {
    let e = &corpus.entities[i];
    e.label.eq_ignore_ascii_case(name) || e.alt_labels.iter().any(|a| a.eq_ignore_ascii_case(name))
}

/// Whether `s p o` was read with this status (`None`: a plain fact).
fn has_fact(corpus: &orbitkg_extract::Corpus, s: &str, p: &str, o: &str, status: Option<&str>) -> bool {
    let named = |i: usize, name: &str| named(corpus, i, name);
    corpus.documents.iter().flat_map(|d| &d.facts).any(|f| {
        f.evidence.status.map(|s| s.name()) == status
            && f.property.name() == p
            && ((named(f.subject, s) && named(f.object, o))
                || (f.property.is_symmetric() && named(f.subject, o) && named(f.object, s)))
    })
}

#[test]
fn every_pattern_family_article_yields_its_facts() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(articles_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for txt in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let facts = std::fs::read_to_string(txt.with_extension("facts"))
            .unwrap_or_else(|_| panic!("{} has no .facts file", txt.display()));
        let bytes = std::fs::read(txt).unwrap();
        let article = from_text(&txt.file_name().unwrap().to_string_lossy(), &bytes).unwrap();
        let corpus = resolve(vec![extract_article(article, Gazetteer::builtin())], Gazetteer::builtin());
        for (n, line) in facts.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (mode, rest) = if let Some(r) = line.strip_prefix("! date ") {
                ("no date", r)
            } else if let Some(r) = line.strip_prefix('!') {
                ("absent", r)
            } else if let Some(r) = line.strip_prefix("FIXME") {
                ("fixme", r)
            } else if let Some(r) = line.strip_prefix("date ") {
                ("date", r)
            } else if let Some((st, r)) =
                ["planned ", "ended ", "negated "].iter().find_map(|st| line.strip_prefix(st).map(|r| (st.trim(), r)))
            {
                (st, r)
            } else {
                ("present", line)
            };
            let cells: Vec<&str> = rest.split('|').map(str::trim).collect();
            let found = if matches!(mode, "date" | "no date") {
                assert_eq!(cells.len(), 2, "{}:{}: expected `date E | value`", txt.display(), n + 1);
                corpus.documents.iter().flat_map(|d| &d.attributes).any(|(e, a, _)| {
                    matches!(a, orbitkg_extract::Attribute::Date(v) if v == cells[1]) && named(&corpus, *e, cells[0])
                })
            } else {
                assert_eq!(cells.len(), 3, "{}:{}: expected `s | p | o`", txt.display(), n + 1);
                let status = matches!(mode, "planned" | "ended" | "negated").then_some(mode);
                let with_status = has_fact(&corpus, cells[0], cells[1], cells[2], status);
                // A fact kept with a status must not also be asserted by the article.
                with_status && (status.is_none() || !has_fact(&corpus, cells[0], cells[1], cells[2], None))
            };
            checked += 1;
            let ok = if matches!(mode, "absent" | "fixme" | "no date") { !found } else { found };
            if !ok {
                let why = match mode {
                    "present" | "date" => "missing",
                    "planned" | "ended" | "negated" => "not kept with that status (or also asserted)",
                    "absent" | "no date" => "extracted but must not be",
                    _ => "now extracted: promote this FIXME line to an expectation",
                };
                let name = txt.file_name().unwrap().to_string_lossy().to_string();
                failures.push(format!("{name}:{}: {} ({why})", n + 1, rest.trim()));
            }
        }
    }
    assert!(checked > 30, "only {checked} expectations found");
    assert!(failures.is_empty(), "{} of {checked} expectations failed:\n{}", failures.len(), failures.join("\n"));
}
