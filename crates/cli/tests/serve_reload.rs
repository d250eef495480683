//! `orbitkg serve --store S` while `orbitkg build --store S` adds articles:
//! the build is not blocked, no query fails, the server never shows a
//! half-written commit, and it serves the new articles once the commit is
//! complete. `orbitkg serve --data DUMP` loads the dump again when it is
//! replaced.

mod common;
mod endpoint;

use endpoint::{Served, count, wait_for};
use std::path::Path;
use std::time::Duration;

const AGENCIES: [&str; 8] = ["NASA", "JAXA", "ESA", "ISRO", "CNES", "DLR", "KASA", "CSA"];
const TOPICS: [&str; 5] =
    ["lunar exploration", "Earth observation", "space debris", "Mars sample return", "satellite navigation"];

/// Writes `n` short articles (numbered from `first`) into `dir`, each naming two agencies.
fn write_articles(dir: &Path, first: usize, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in first..first + n {
        let (a, b) = (AGENCIES[i % 8], AGENCIES[(i / 8 + 1 + i) % 8]);
        let b = if a == b { AGENCIES[(i + 3) % 8] } else { b };
        let topic = TOPICS[i % 5];
        let text = format!(
            "{a} and {b} agree on {topic} (report {i})\n\n\
             On March {day}, 2024, {a} and {b} signed a memorandum of understanding on cooperation in {topic}. \
             The agreement, number {i}, covers joint missions and data sharing.\n",
            day = i % 28 + 1
        );
        std::fs::write(dir.join(format!("article-{i:04}.txt")), text).unwrap();
    }
}

const DOCUMENTS: &str = "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a <https://orbitkg.org/ns#Document> }";

#[test]
#[cfg(feature = "rocksdb")]
fn a_build_adds_articles_while_the_store_is_served() {
    let tmp = tempfile::tempdir().unwrap();
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    let (first, more, store) = (tmp.path().join("first"), tmp.path().join("more"), tmp.path().join("store"));
    write_articles(&first, 0, 30);
    write_articles(&more, 30, 300);
    common::run_ok(["build".as_ref(), first.as_os_str(), "--quiet".as_ref(), "--store".as_ref(), store.as_os_str()]);

    let mut served = Served::start(&["--store".as_ref(), store.as_os_str(), "--reload".as_ref(), "100".as_ref()]);
    let addr = served.addr;
    assert_eq!(count(addr, DOCUMENTS).unwrap(), 30);

    // Queries in a loop on three connections while the build runs.
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let loops: Vec<_> = (0..3)
        .map(|_| {
            let (stop, seen, failures) = (Arc::clone(&stop), Arc::clone(&seen), Arc::clone(&failures));
            std::thread::spawn(move || {
                let mut queries = 0;
                while !stop.load(Ordering::SeqCst) || queries == 0 {
                    match count(addr, DOCUMENTS) {
                        Ok(n) => seen.lock().unwrap().push(n),
                        Err(e) => failures.lock().unwrap().push(e),
                    }
                    queries += 1;
                }
                queries
            })
        })
        .collect();

    let out = common::orbitkg()
        .args(["build".as_ref(), more.as_os_str(), "--quiet".as_ref(), "--store".as_ref(), store.as_os_str()])
        .output()
        .unwrap();
    assert!(out.status.success(), "the build failed beside the server: {}", String::from_utf8_lossy(&out.stderr));

    let reloaded = wait_for(Duration::from_secs(60), || count(addr, DOCUMENTS) == Ok(330));
    stop.store(true, Ordering::SeqCst);
    let queries: usize = loops.into_iter().map(|l| l.join().unwrap()).sum();
    assert!(reloaded, "the new articles never showed: {:?}\n{}", count(addr, DOCUMENTS), served.stderr());
    let failures = failures.lock().unwrap();
    assert!(failures.is_empty(), "{} of {queries} queries failed: {failures:?}", failures.len());
    // Only whole commits were ever served: the store before the build, or after it.
    let seen = seen.lock().unwrap();
    let mut distinct: Vec<(u64, usize)> = Vec::new();
    for n in seen.iter() {
        match distinct.last_mut() {
            Some((m, k)) if m == n => *k += 1,
            _ => distinct.push((*n, 1)),
        }
    }
    assert!(
        seen.iter().all(|n| *n == 30 || *n == 330),
        "a half-written store was served (count, times in a row): {distinct:?}\n{}",
        served.stderr()
    );
    // The server says so (on standard error, which the reader thread may not have read yet).
    let said = wait_for(Duration::from_secs(10), || served.stderr().contains("a build changed the store"));
    assert!(said, "{}", served.stderr());
    assert!(!served.stderr().contains("warning"), "{}", served.stderr());
    assert!(served.alive());
}

#[test]
fn a_replaced_dump_is_served_once_it_is_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, more, dump) = (tmp.path().join("first"), tmp.path().join("more"), tmp.path().join("kg.nq"));
    write_articles(&first, 0, 10);
    write_articles(&more, 10, 20);
    let build = |input: &Path| {
        common::run_ok(["build".as_ref(), input.as_os_str(), "--quiet".as_ref(), "--out".as_ref(), dump.as_os_str()])
    };
    build(&first);
    let mut served = Served::start(&["--data".as_ref(), dump.as_os_str(), "--reload".as_ref(), "100".as_ref()]);
    let addr = served.addr;
    assert_eq!(count(addr, DOCUMENTS).unwrap(), 10);

    // `build --out` replaces the dump: the new graph is served.
    build(&more);
    let reloaded = wait_for(Duration::from_secs(30), || count(addr, DOCUMENTS) == Ok(20));
    assert!(reloaded, "the new dump never showed: {:?}\n{}", count(addr, DOCUMENTS), served.stderr());

    // A dump that no longer loads is reported, and the last good graph stays.
    let good = std::fs::read(&dump).unwrap();
    std::fs::write(&dump, &good[..good.len() / 2]).unwrap();
    let said = wait_for(Duration::from_secs(30), || served.stderr().contains("cannot load the changed dumps"));
    assert!(said, "{}", served.stderr());
    assert!(served.stderr().contains("kg.nq"), "the warning names the dump: {}", served.stderr());
    assert_eq!(count(addr, DOCUMENTS).unwrap(), 20);

    // Mended, it is served again.
    std::fs::write(&dump, &good).unwrap();
    let said = wait_for(Duration::from_secs(30), || served.stderr().matches("a dump changed").count() == 2);
    assert!(said, "{}", served.stderr());
    assert_eq!(count(addr, DOCUMENTS).unwrap(), 20);
    assert!(served.alive());
}

#[test]
fn reload_zero_keeps_the_dump_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, more, dump) = (tmp.path().join("first"), tmp.path().join("more"), tmp.path().join("kg.trig"));
    write_articles(&first, 0, 5);
    write_articles(&more, 5, 5);
    let build = |input: &Path| {
        common::run_ok(["build".as_ref(), input.as_os_str(), "--quiet".as_ref(), "--out".as_ref(), dump.as_os_str()])
    };
    build(&first);
    let mut served = Served::start(&["--data".as_ref(), dump.as_os_str(), "--reload".as_ref(), "0".as_ref()]);
    let addr = served.addr;
    build(&more);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(count(addr, DOCUMENTS).unwrap(), 5);
    assert!(!served.stderr().contains("a dump changed"), "{}", served.stderr());
    assert!(served.alive());
}
