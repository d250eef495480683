//! Extraction throughput on the seed articles repeated to at least 10 MB.
//!
//! `cargo bench -p orbitkg-extract --bench throughput`
//!
//! Prints words per second for the whole per-article extraction, single
//! threaded and on all cores, and for a baseline run in the same process:
//! cleaning, sentence splitting and tokenising alone (the floor any extractor
//! pays). Figures are reported as ratios against that baseline.

use orbitkg_extract::input::{Article, from_text};
use orbitkg_extract::{Gazetteer, clean, extract_article, model::Span, text};
use std::time::Instant;

fn seeds() -> Vec<Article> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("seeds/").map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| from_text(&p.display().to_string(), &std::fs::read(p).unwrap()).unwrap())
        .collect()
}

fn baseline(a: &Article) -> usize {
    let c = clean::clean(&a.text);
    let mut n = 0;
    for b in &c.blocks {
        for s in text::sentences(&a.text, *b) {
            n += text::tokenize(&a.text, Span { start: s.start, end: s.end }).len();
        }
    }
    n
}

fn main() {
    let base = seeds();
    let mut corpus = Vec::new();
    let mut bytes = 0;
    while bytes < 10 * 1024 * 1024 {
        for a in &base {
            bytes += a.text.len();
            corpus.push(a.clone());
        }
    }
    let words: usize = corpus.iter().map(|a| a.text.split_whitespace().count()).sum();
    let gaz = Gazetteer::builtin();
    let _ = extract_article(corpus[0].clone(), gaz); // load the gazetteer outside the timing

    let t = Instant::now();
    let toks: usize = corpus.iter().map(baseline).sum();
    let base_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let facts: usize = corpus.iter().map(|a| extract_article(a.clone(), gaz).facts.len()).sum();
    let one_s = t.elapsed().as_secs_f64();

    use rayon::prelude::*;
    let t = Instant::now();
    let facts_par: usize = corpus.par_iter().map(|a| extract_article(a.clone(), gaz).facts.len()).sum();
    let par_s = t.elapsed().as_secs_f64();
    assert_eq!(facts, facts_par);

    let wps = |s: f64| words as f64 / s;
    println!(
        "corpus: {} articles, {:.1} MB, {} words ({} tokens)",
        corpus.len(),
        bytes as f64 / 1048576.0,
        words,
        toks
    );
    println!("baseline (clean + split + tokenize), 1 thread: {:>12.0} words/s", wps(base_s));
    println!(
        "extraction, 1 thread:                        {:>12.0} words/s  ({:.2}x the baseline's time)",
        wps(one_s),
        one_s / base_s
    );
    println!(
        "extraction, {} threads:                       {:>12.0} words/s  ({:.2}x the baseline's time)",
        rayon::current_num_threads(),
        wps(par_s),
        par_s / base_s
    );
}
