//! Helpers shared by the integration tests.

// Each test binary uses some of them only.
#![allow(dead_code)]

use std::path::PathBuf;

use orbitkg_graph::Projection;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

/// The test data folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The projection of a TriG text.
pub fn projection_of(trig: &str) -> Projection {
    let store = Store::new().expect("in-memory store");
    store.load_from_slice(RdfFormat::TriG, trig).expect("valid TriG");
    Projection::from_store(&store).expect("projection")
}

/// The projection of `tests/data/small.trig`.
pub fn small() -> Projection {
    let trig = std::fs::read_to_string(data_dir().join("small.trig")).expect("small.trig");
    projection_of(&trig)
}

/// A JSON file of `tests/data/expected/`.
pub fn expected(name: &str) -> serde_json::Value {
    let path = data_dir().join("expected").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// The local name of an entity IRI (`https://orbitkg.org/id/nasa` -> `nasa`).
pub fn local(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or(iri)
}

/// The IRI of a test entity.
pub fn iri(local: &str) -> String {
    format!("https://orbitkg.org/id/{local}")
}
