//! A bounded load on `orbitkg serve` over loopback: 16 clients on keep-alive
//! connections send a mix of the shipped queries (those that are fast on the
//! seeds) and every request is answered 200. 20,000 requests in a release
//! build, 2,000 in a debug one (the debug store evaluates ten times slower);
//! prints p50/p99 latency and requests/s (`--nocapture`). The same client
//! measures `orbitkg serve` against `oxigraph serve` in `benches/endpoint/run.sh`.

mod common;
mod endpoint;

use endpoint::Served;
use endpoint::load::{Load, run};

/// The shipped queries the load sends: each answers in milliseconds on the seeds.
pub const QUERIES: [&str; 6] =
    ["agencies-programs", "agreements", "cooperation", "leaders", "signatories", "agencies-linked-by-program"];

#[test]
fn sixteen_clients_and_no_failure() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::build_seeds(dir.path(), "seeds.trig");
    let served = Served::start(&["--data".as_ref(), data.as_os_str()]);
    let queries: Vec<(String, String)> = QUERIES
        .iter()
        .map(|q| {
            let path = common::repo_root().join("queries").join(format!("{q}.rq"));
            (q.to_string(), std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    let requests = if cfg!(debug_assertions) { 2_000 } else { 20_000 };
    let load = Load { addr: served.addr, path: "/query".into(), requests, clients: 16, queries };
    let report = run(&load);
    println!("orbitkg serve, {} queries: {}", QUERIES.len(), report.summary());
    assert_eq!(report.failed, 0, "failures: {:?}", report.failures);
    assert_eq!(report.ok, requests);
}
