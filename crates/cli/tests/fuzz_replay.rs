//! Replays every committed fuzz input (`fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/`) through the harness the fuzz targets run
//! (`orbitkg::fuzzing`), on stable: a crash found once stays fixed, and an
//! input that takes far longer than the rest of its corpus is reported.

use orbitkg::fuzzing::{Outcome, TARGETS, run};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An input may take this many times what the corpus's median input takes
/// (scaled up by its length when it is longer than the median input).
const SLOWER: f64 = 50.0;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.map(|e| e.expect("a directory entry").path()).filter(|p| p.is_file() && !is_hidden(p)).collect();
    files.sort();
    files
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The time `target` takes on `data` (the fastest of `runs`), and how it ended.
fn time(target: &str, data: &[u8], runs: usize) -> (Duration, Outcome) {
    let mut best = (Duration::MAX, Outcome::Done);
    for _ in 0..runs {
        let t = Instant::now();
        let outcome = run(target, data);
        let took = t.elapsed();
        if took < best.0 {
            best = (took, outcome);
        }
    }
    best
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn replay(target: &str) {
    let corpus = inputs(&fuzz_dir().join("corpus").join(target));
    assert!(!corpus.is_empty(), "no committed corpus for fuzz target {target} in fuzz/corpus/{target}");
    let regressions = inputs(&fuzz_dir().join("regressions").join(target));
    // The query target's store is built before any input is timed; every
    // target is warmed up on an empty input.
    orbitkg::fuzzing::init();
    run(target, b"");
    let mut timed: Vec<(PathBuf, usize, Duration)> = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let data = std::fs::read(path).expect("a fuzz input");
        let (t, outcome) = time(target, &data, 1);
        // A query cancelled after its budget takes the budget, by design.
        if outcome == Outcome::Done {
            timed.push((path.clone(), data.len(), t));
        }
    }
    let secs = |d: &Duration| d.as_secs_f64();
    let typical = median(timed.iter().map(|(_, _, t)| secs(t)).collect());
    let per_byte = median(timed.iter().map(|(_, n, t)| secs(t) / (*n).max(1) as f64).collect());
    let allowed = |n: usize| SLOWER * typical.max(per_byte * n as f64);
    let mut slow = Vec::new();
    for (path, n, t) in &timed {
        if secs(t) > allowed(*n) {
            // Timed again, fastest of three, so that a pause of the machine is not taken for the input.
            let data = std::fs::read(path).expect("a fuzz input");
            let (t, _) = time(target, &data, 3);
            if secs(&t) > allowed(*n) {
                slow.push(format!(
                    "{}: {:.1} ms, {:.0}x the median input ({:.3} ms) for {n} bytes",
                    path.strip_prefix(fuzz_dir()).unwrap_or(path).display(),
                    secs(&t) * 1e3,
                    secs(&t) / typical,
                    typical * 1e3
                ));
            }
        }
    }
    assert!(slow.is_empty(), "fuzz target {target}: inputs far slower than the rest:\n{}", slow.join("\n"));
}

#[test]
fn read_article_inputs_replay() {
    replay("read_article");
}

#[test]
fn extract_inputs_replay() {
    replay("extract");
}

#[test]
fn query_inputs_replay() {
    replay("query");
}

#[test]
fn every_target_is_replayed() {
    assert_eq!(TARGETS, ["read_article", "extract", "query"], "a target without a replay test above");
    let targets = std::fs::read_dir(fuzz_dir().join("fuzz_targets")).expect("fuzz/fuzz_targets");
    let mut names: Vec<String> = targets
        .map(|e| e.expect("an entry").path().file_stem().expect("a name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut known: Vec<&str> = TARGETS.to_vec();
    known.sort();
    assert_eq!(names, known, "fuzz/fuzz_targets and orbitkg::fuzzing::TARGETS disagree");
}
