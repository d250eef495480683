//! The crash tests' hook, in a module of its own so that the store and the
//! archive both reach it without importing each other. It is the one place
//! outside `cli` that ends the process, and only in a debug build with
//! `ORBITKG_TEST_ABORT_AT` set (`crates/cli/tests/crash_safety.rs`).

/// Test hook for the crash tests: in a debug build, with
/// `ORBITKG_TEST_ABORT_AT=POINT:N` set, the process aborts (as a crash or
/// `kill -9` would end it) the N-th time it passes `POINT`. The points of a
/// commit, in order: `stage` (a record staged, nothing on disk yet),
/// `segment` (a segment written and synced, no state refers to it), `begin`
/// (the state says an update is under way), `delete` (a document graph
/// deleted), `bulk` (inside a bulk load, its files written and not yet
/// ingested), `batch` (a batch of graphs written), `graph` (one graph
/// replaced), `links` (every graph and link written, `state.json` not yet
/// rewritten), `compact` (a compacted segment written, the state not yet
/// moved to it). Release builds never read the variable.
pub(crate) fn abort_point(point: &str) {
    #[cfg(debug_assertions)]
    {
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        static TARGET: OnceLock<Option<(String, u64)>> = OnceLock::new();
        static HITS: AtomicU64 = AtomicU64::new(0);
        let target = TARGET.get_or_init(|| {
            let v = std::env::var("ORBITKG_TEST_ABORT_AT").ok()?;
            let (name, n) = v.split_once(':').unwrap_or((v.as_str(), "1"));
            Some((name.to_string(), n.parse().unwrap_or(1)))
        });
        if let Some((name, n)) = target
            && name == point
            && HITS.fetch_add(1, Ordering::SeqCst) + 1 == *n
        {
            eprintln!("orbitkg: test abort at {point}:{n}");
            std::process::abort();
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
