//! Load client for SPARQL endpoints, the one `tests/serve_load.rs` uses:
//!
//! ```text
//! cargo run --release --example endpoint_load -- ADDR REQUESTS CLIENTS QUERY.rq...
//! ```
//!
//! sends REQUESTS `GET /query?query=…` over CLIENTS keep-alive connections to
//! ADDR (`127.0.0.1:7878`), the queries in turn, and prints one line of
//! tab-separated figures: requests, failures, p50 ms, p99 ms, requests/s
//! (and the same in words on standard error).
//! Exits 1 when a request failed (the first reasons go to standard error).

#[path = "../tests/endpoint/load.rs"]
mod load;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: endpoint_load ADDR REQUESTS CLIENTS QUERY.rq...";
    let [addr, requests, clients, files @ ..] = args.as_slice() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let (Ok(addr), Ok(requests), Ok(clients)) = (addr.parse(), requests.parse(), clients.parse()) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let mut queries = Vec::new();
    for f in files {
        match std::fs::read_to_string(f) {
            Ok(q) => queries.push((f.clone(), q)),
            Err(e) => {
                eprintln!("endpoint_load: cannot read {f}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if queries.is_empty() {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let report = load::run(&load::Load { addr, path: "/query".into(), requests, clients, queries });
    println!(
        "{}\t{}\t{:.3}\t{:.3}\t{:.1}",
        report.ok + report.failed,
        report.failed,
        report.quantile(0.5).as_secs_f64() * 1e3,
        report.quantile(0.99).as_secs_f64() * 1e3,
        report.per_second()
    );
    eprintln!("endpoint_load: {}", report.summary());
    for f in &report.failures {
        eprintln!("endpoint_load: {f}");
    }
    if report.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
