//! Times orbitkg-graph's betweenness and PageRank on a graph read from an
//! edge list; `benches/run.sh` runs it beside `networkx_ratio.py` on the
//! same graph and prints the ratio. Not a test: it only measures.
//!
//! Usage: `cargo bench -p orbitkg-graph --bench networkx_ratio -- EDGES PIVOTS OUTDIR`
//! where EDGES has one `u v` pair per line (node ids 0..n), PIVOTS one node
//! id per line (the sampled sources for betweenness), and OUTDIR receives
//! `rust_betweenness.txt` and `rust_pagerank.txt` (one score per node) for
//! the comparison. Timings go to standard output as one JSON object.

use std::fmt::Write as _;
use std::time::Instant;

use orbitkg_graph::algo::{PAGERANK_ALPHA, PAGERANK_MAX_ITER, PAGERANK_TOL, betweenness_centrality, pagerank};
use petgraph::graph::UnGraph;

/// PageRank is fast; time the best of a few runs.
const PAGERANK_RUNS: usize = 5;

fn main() {
    // `cargo bench` appends `--bench`.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let [edges, pivots, outdir] = args.as_slice() else {
        eprintln!("usage: networkx_ratio EDGES PIVOTS OUTDIR");
        std::process::exit(2);
    };
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let number = |s: &str| -> u32 { s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}")) };

    let start = Instant::now();
    let text = read(edges);
    let pairs: Vec<(u32, u32)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace();
            (number(it.next().unwrap()), number(it.next().unwrap()))
        })
        .collect();
    let graph = UnGraph::<(), ()>::from_edges(&pairs);
    let load = start.elapsed().as_secs_f64();
    let pivots: Vec<usize> =
        read(pivots).lines().filter(|l| !l.trim().is_empty()).map(|l| number(l.trim()) as usize).collect();

    let start = Instant::now();
    let betweenness = betweenness_centrality(&graph, Some(&pivots));
    let betweenness_s = start.elapsed().as_secs_f64();

    let mut pagerank_s = f64::INFINITY;
    let mut ranks = Vec::new();
    for _ in 0..PAGERANK_RUNS {
        let start = Instant::now();
        ranks = pagerank(&graph, PAGERANK_ALPHA, PAGERANK_MAX_ITER, PAGERANK_TOL);
        pagerank_s = pagerank_s.min(start.elapsed().as_secs_f64());
    }

    let write = |name: &str, values: &[f64]| {
        let mut text = String::with_capacity(values.len() * 24);
        for v in values {
            let _ = writeln!(text, "{v:e}");
        }
        let path = format!("{outdir}/{name}");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{path}: {e}"));
    };
    write("rust_betweenness.txt", &betweenness);
    write("rust_pagerank.txt", &ranks);
    println!(
        "{{\"nodes\": {}, \"edges\": {}, \"pivots\": {}, \"load_s\": {load}, \
         \"betweenness_s\": {betweenness_s}, \"pagerank_s\": {pagerank_s}}}",
        graph.node_count(),
        graph.edge_count(),
        pivots.len(),
    );
}
