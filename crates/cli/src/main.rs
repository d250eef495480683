//! The `orbitkg` command: build a knowledge graph from space-cooperation
//! news, query it with SPARQL, and dump it as RDF. The work is in the
//! library (`src/lib.rs`).

fn main() -> std::process::ExitCode {
    orbitkg::main()
}
