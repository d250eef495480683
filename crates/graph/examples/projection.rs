//! Times the projection of a dump both ways, in one process: read by index
//! (what `analyze` and `export` do) against read quad by quad, and an
//! analysis on it, with the ratios. A benchmark, not a test.
//!
//! ```text
//! cargo run --release -p orbitkg-graph --example projection -- kg.nq [ROUNDS]
//! ```

use std::time::{Duration, Instant};

use orbitkg_graph::{Measure, Projection};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: projection DUMP.nq|DUMP.trig [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(3), |r| r.parse())?;
    let format = if path.ends_with(".trig") { RdfFormat::TriG } else { RdfFormat::NQuads };
    let store = Store::new()?;
    let t = Instant::now();
    store.load_from_reader(format, std::io::BufReader::new(std::fs::File::open(&path)?))?;
    let quads = store.len()?;
    println!("{path}: {quads} quads, loaded in {:.2} s", t.elapsed().as_secs_f64());

    let indexed = Projection::from_store(&store)?;
    let g = indexed.graph();
    println!("projection: {} entities, {} relations", g.node_count(), g.edge_count());
    let by_index = best(rounds, || drop(Projection::from_store(&store).expect("indexed")));
    let every = best(rounds, || drop(Projection::from_every_quad(&store).expect("full")));
    let centrality = best(rounds, || drop(indexed.centrality(Measure::PageRank, None, Some(20))));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("| step | time (best of {rounds}) | ratio |");
    println!("|---|---|---|");
    println!("| projection, every quad (before) | {:.1} ms | 1.00 |", ms(every));
    println!("| projection, by index | {:.1} ms | {:.3} |", ms(by_index), ms(by_index) / ms(every));
    println!("| PageRank on it (top 20) | {:.1} ms | {:.3} |", ms(centrality), ms(centrality) / ms(every));
    Ok(())
}
