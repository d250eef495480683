//! orbitkg's extractor reads back what the generator planted: every entity
//! with its class, every fact, in generated articles.

use orbitkg_corpus::{Truth, article};
use orbitkg_extract::input::from_jsonl;
use orbitkg_extract::{Corpus, Gazetteer, extract_article, resolve};

fn named(corpus: &Corpus, i: usize, name: &str) -> bool {
    let e = &corpus.entities[i];
    e.label.eq_ignore_ascii_case(name) || e.alt_labels.iter().any(|a| a.eq_ignore_ascii_case(name))
}

fn has_fact(corpus: &Corpus, s: &str, p: &str, o: &str) -> bool {
    corpus.documents.iter().flat_map(|d| &d.facts).any(|f| {
        f.property.name() == p
            && ((named(corpus, f.subject, s) && named(corpus, f.object, o))
                || (f.property.is_symmetric() && named(corpus, f.subject, o) && named(corpus, f.object, s)))
    })
}

/// Extracts articles `range` of a seed, one corpus per article, and lists
/// what the extractor missed.
fn misses(seed: u64, range: std::ops::Range<u64>) -> (usize, Vec<String>) {
    let gaz = Gazetteer::builtin();
    let mut checked = 0;
    let mut missed = Vec::new();
    for i in range {
        let (a, truth): (_, Truth) = article(seed, i);
        let line = serde_json::to_string(&a).unwrap();
        let parsed = from_jsonl("gen.jsonl", line.as_bytes()).unwrap().remove(0).unwrap();
        let corpus = resolve(vec![extract_article(parsed, gaz)], gaz);
        for e in &truth.entities {
            checked += 1;
            let found = corpus
                .entities
                .iter()
                .enumerate()
                .any(|(k, x)| named(&corpus, k, &e.label) && x.class.name() == e.class);
            if !found {
                missed.push(format!("{}: entity {} ({})", truth.id, e.label, e.class));
            }
        }
        for f in &truth.facts {
            checked += 1;
            if !has_fact(&corpus, &f.subject, f.property, &f.object) {
                missed.push(format!("{}: {} | {} | {}", truth.id, f.subject, f.property, f.object));
            }
        }
    }
    (checked, missed)
}

#[test]
fn the_extractor_finds_every_planted_entity_and_fact() {
    let (checked, missed) = misses(11, 0..40);
    assert!(checked > 40 * 20, "only {checked} expectations");
    assert!(
        missed.is_empty(),
        "{} of {checked} planted entities and facts missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

/// Distinct entities the extractor finds in articles `0..n`, resolved as one corpus.
fn resolved_entities(seed: u64, n: u64) -> usize {
    let gaz = Gazetteer::builtin();
    let extractions = (0..n)
        .map(|i| {
            let line = serde_json::to_string(&article(seed, i).0).unwrap();
            extract_article(from_jsonl("gen.jsonl", line.as_bytes()).unwrap().remove(0).unwrap(), gaz)
        })
        .collect();
    resolve(extractions, gaz).entities.len()
}

#[test]
fn the_graph_grows_with_the_corpus() {
    let (small, large) = (resolved_entities(3, 20), resolved_entities(3, 80));
    // New people, programs, agreements and meetings keep coming, while the
    // popular agencies recur: more than twice the entities, less than four times.
    assert!(large > 2 * small && large < 4 * small, "20 articles: {small} entities; 80 articles: {large}");
}
