//! The projection the analyses run on is read by index from a store with
//! article graphs; read quad by quad, the same store gives the same graph.

mod common;

use common::{build_seeds, load};
use orbitkg_graph::Projection;
use std::collections::BTreeSet;

/// Nodes (IRI, class, label, alt labels, sameAs) and edges (ends, property,
/// articles) of a projection, comparable across reading paths.
fn shape(p: &Projection) -> (BTreeSet<String>, BTreeSet<String>) {
    let g = p.graph();
    let nodes =
        g.node_weights().map(|e| format!("{} {} {} {:?} {:?}", e.iri, e.class, e.label, e.alt_labels, e.same_as));
    let edges = g.edge_indices().map(|i| {
        let (a, b) = g.edge_endpoints(i).expect("edge");
        let r = &g[i];
        format!("{} {} {} {} {:?}", g[a].iri, r.property, g[b].iri, r.symmetric, r.articles)
    });
    (nodes.collect(), edges.collect())
}

#[test]
fn the_indexed_projection_equals_the_projection_of_every_quad() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = load(&build_seeds(tmp.path(), "seeds.trig"));
    let indexed = Projection::from_store(&store).expect("indexed projection");
    let full = Projection::from_every_quad(&store).expect("full projection");
    let (a, b) = (shape(&indexed), shape(&full));
    assert!(a.0.len() > 30 && a.1.len() > 50, "the seeds give a graph: {} nodes, {} edges", a.0.len(), a.1.len());
    assert_eq!(a.0, b.0, "nodes");
    assert_eq!(a.1, b.1, "edges");
    assert_eq!(indexed.documents(), full.documents(), "documents");

    // Evidence is looked up by index for an edge, and equals what the full read collected.
    let g = full.graph();
    let mut checked = 0;
    for i in g.edge_indices() {
        let (s, o) = g.edge_endpoints(i).expect("edge");
        let r = &g[i];
        let found = Projection::evidence(&store, &g[s].iri, &r.property, &g[o].iri, r.symmetric).expect("evidence");
        let first: Vec<_> = found.into_iter().take(orbitkg_graph::MAX_EVIDENCE).collect();
        assert_eq!(first, r.evidence, "{} {} {}", g[s].iri, r.property, g[o].iri);
        checked += usize::from(!r.evidence.is_empty());
    }
    assert!(checked > 50, "edges with evidence: {checked}");
}
