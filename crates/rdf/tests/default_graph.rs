//! The default graph is the knowledge graph with set semantics, and stays so
//! when articles are replaced: what no stored article states any more goes,
//! what another article still states stays.

use orbitkg_rdf::{ArticleGraph, KgStore};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, Quad, Triple};
use std::collections::{BTreeSet, HashSet};

const OKG: &str = "https://orbitkg.org/ns#";
const ID: &str = "https://orbitkg.org/id/";
const PROV: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

/// `id:s okg:p id:o`.
fn fact(s: &str, p: &str, o: &str) -> Triple {
    Triple::new(iri(&format!("{ID}{s}")), iri(&format!("{OKG}{p}")), iri(&format!("{ID}{o}")))
}

fn label(s: &str, l: &str) -> Triple {
    Triple::new(iri(&format!("{ID}{s}")), iri(LABEL), Literal::new_language_tagged_literal_unchecked(l, "en"))
}

/// An article stating `stated`, with one evidence statement per stated fact.
fn article(doc: &str, stated: &[Triple]) -> ArticleGraph {
    let name = iri(&format!("{ID}doc/{doc}"));
    let mut provenance = vec![Triple::new(name.clone(), iri(&format!("{OKG}sha256")), Literal::from(doc))];
    for (i, t) in stated.iter().enumerate() {
        let st = iri(&format!("{ID}stmt/{doc}-{i}"));
        provenance.push(Triple::new(st.clone(), iri(&format!("{OKG}sentence")), Literal::from(t.to_string())));
        provenance.push(Triple::new(st, iri(PROV), name.clone()));
    }
    ArticleGraph { name, stated: stated.to_vec(), provenance }
}

fn default_graph(store: &KgStore) -> HashSet<Triple> {
    store
        .inner()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

/// What the default graph must be when exactly `articles` are stored.
fn expected(articles: &[&ArticleGraph]) -> HashSet<Triple> {
    articles.iter().flat_map(|a| a.stated.iter().chain(&a.provenance).cloned()).collect()
}

fn named(store: &KgStore, a: &ArticleGraph) -> HashSet<Triple> {
    store
        .inner()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(a.name.as_ref())))
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn count(store: &KgStore, sparql: &str) -> usize {
    let rows = store.select(sparql).unwrap();
    match &rows[0][0].1 {
        oxigraph::model::Term::Literal(l) => l.value().parse().unwrap(),
        t => panic!("not a count: {t}"),
    }
}

#[test]
fn a_fact_two_articles_state_is_in_the_default_graph_once() {
    let shared = fact("nasa", "participatesIn", "artemis");
    let a = article("a", &[shared.clone(), label("nasa", "NASA"), fact("nasa", "cooperatesWith", "jaxa")]);
    let b = article("b", &[shared.clone(), label("nasa", "NASA")]);
    let store = KgStore::in_memory().unwrap();
    store.replace_article(&a).unwrap();
    store.replace_article(&b).unwrap();
    assert_eq!(default_graph(&store), expected(&[&a, &b]));
    // Plain queries count each fact once; GRAPH finds who states it.
    assert_eq!(count(&store, "SELECT (COUNT(*) AS ?n) { ?s okg:participatesIn ?o ; rdfs:label ?l }"), 1);
    assert_eq!(count(&store, "SELECT (COUNT(*) AS ?n) { GRAPH ?doc { ?s okg:participatesIn ?o } }"), 2);
    assert_eq!(store.len().unwrap(), default_graph(&store).len() + a.stated.len() + b.stated.len());
}

#[test]
fn replacing_an_article_removes_what_no_other_article_states() {
    let shared = fact("nasa", "participatesIn", "artemis");
    let only_a = fact("nasa", "cooperatesWith", "jaxa");
    let a = article("a", &[shared.clone(), only_a.clone(), label("jaxa", "JAXA")]);
    let b = article("b", &[shared.clone(), label("nasa", "NASA")]);
    let store = KgStore::in_memory().unwrap();
    store.replace_article(&a).unwrap();
    store.replace_article(&b).unwrap();

    // The same article rebuilt without the shared fact nor its own.
    let a2 = article("a", &[label("nasa", "NASA"), fact("esa", "participatesIn", "gateway")]);
    store.replace_article(&a2).unwrap();
    let now = default_graph(&store);
    assert_eq!(now, expected(&[&a2, &b]));
    assert!(now.contains(&shared), "b still states it");
    assert!(!now.contains(&only_a) && !now.contains(&label("jaxa", "JAXA")), "nobody states these any more");
    assert_eq!(named(&store, &a2), a2.stated.iter().cloned().collect());
    // a's old evidence went with it; its new evidence is there.
    assert!(a.provenance.iter().filter(|t| !a2.provenance.contains(t)).all(|t| !now.contains(t)));

    // Replacing it again with the same content changes nothing.
    let before: BTreeSet<String> = store.inner().iter().map(|q| q.unwrap().to_string()).collect();
    store.replace_article(&a2).unwrap();
    let after: BTreeSet<String> = store.inner().iter().map(|q| q.unwrap().to_string()).collect();
    assert_eq!(before, after);

    // An article emptied of all it stated leaves only what b states.
    let a3 = article("a", &[]);
    store.replace_article(&a3).unwrap();
    assert_eq!(default_graph(&store), expected(&[&a3, &b]));

    // A removed article leaves no empty named graph: the store equals one
    // that never held it, named graphs included.
    store.remove_article(&a.name).unwrap();
    assert_eq!(store.document_graphs().unwrap(), vec![b.name.clone()]);
    assert_eq!(default_graph(&store), expected(&[&b]));
}

#[test]
fn article_quads_put_statements_in_both_graphs_and_provenance_in_the_default_graph() {
    let a = article("a", &[fact("nasa", "participatesIn", "artemis")]);
    let quads: Vec<Quad> = a.quads();
    assert_eq!(quads.len(), 2 * a.stated.len() + a.provenance.len());
    let named: Vec<&Quad> = quads.iter().filter(|q| !q.graph_name.is_default_graph()).collect();
    assert_eq!(named.len(), a.stated.len());
}

#[test]
fn the_vocabulary_is_in_its_graph_and_in_the_default_graph() {
    let store = KgStore::in_memory().unwrap();
    store.load_ontology().unwrap();
    store.load_ontology().unwrap();
    let graph = GraphNameRef::NamedNode(oxigraph::model::NamedNodeRef::new_unchecked(orbitkg_rdf::ONTOLOGY_GRAPH));
    let in_graph = store.inner().quads_for_pattern(None, None, None, Some(graph)).count();
    assert!(in_graph > 50, "{in_graph}");
    assert_eq!(default_graph(&store).len(), in_graph);
    assert_eq!(count(&store, "SELECT (COUNT(*) AS ?n) { okg:SpaceAgency rdfs:subClassOf+ okg:Organization }"), 1);
}
