//! `orbitkg stats`: what is in a graph, in numbers.
//!
//! A *fact* is a distinct triple of one of the vocabulary's relations or
//! literal statements (a title, a date, a status), counted once however many articles state it; the
//! evidence bookkeeping on `rdf:Statement` and `okg:Document` nodes is not a
//! fact. *Stated* counts a fact once per article that states it: the article
//! graphs that hold it and the documents its evidence is derived from, so a
//! Turtle dump (the default graph alone) gives the same numbers as TriG.
//! Symmetric relations (`cooperatesWith`, `metWith`) are stored in both
//! directions and so count twice.

use crate::cli::{StatsArgs, StatsFormat};
use crate::data::open_source;
use crate::exit::ExitStatus;
use anyhow::Result;
use orbitkg_extract::{Class, Property};
use orbitkg_rdf::KgStore;
use orbitkg_rdf::vocab::{
    OKG, OKG_DOCUMENT, OKG_STATUS, PROV_WAS_DERIVED_FROM, RDF_OBJECT, RDF_PREDICATE, RDF_STATEMENT, RDF_SUBJECT,
    RDF_TYPE, RDFS_LABEL,
};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

/// The numbers `orbitkg stats` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Quads in the store.
    pub quads: usize,
    /// Named graphs (one per article, plus the ontology when loaded).
    pub graphs: usize,
    /// `okg:Document` nodes.
    pub articles: usize,
    /// Entities per `okg:` class (`okg:Document` left out), most first.
    pub classes: Vec<(String, usize)>,
    /// Per `okg:` property: distinct facts and times stated, most facts first.
    pub properties: Vec<(String, usize, usize)>,
    /// The entities in most facts (as subject or object), most first.
    pub top: Vec<TopEntity>,
}

/// One line of the "most facts" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopEntity {
    /// Its IRI.
    pub iri: String,
    /// Its `rdfs:label` (the IRI when it has none).
    pub label: String,
    /// Its `okg:` class, without the prefix.
    pub class: String,
    /// Distinct facts it takes part in.
    pub facts: usize,
}

/// Runs `orbitkg stats`.
pub fn run(args: &StatsArgs) -> Result<ExitStatus> {
    let store = open_source(&args.source)?;
    let stats = compute(&store, args.top)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        StatsFormat::Table => write_table(&stats, &mut out)?,
        StatsFormat::Json => {
            // Rendered first, so that a closed pipe is an I/O error like any other.
            let text = serde_json::to_string_pretty(&to_json(&stats))?;
            writeln!(out, "{text}")?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The properties whose triples are facts: the vocabulary's relations and
/// its literal statements (`okg:title`, `okg:date`, `okg:status`).
fn fact_properties() -> Vec<NamedNode> {
    Property::ALL
        .iter()
        .map(|p| p.name())
        .chain(["title", "date", "status"])
        .map(|p| NamedNode::new_unchecked(format!("{OKG}{p}")))
        .collect()
}

/// Counts what is in `store`; `top` is how many entities to list. Each count
/// reads one index range (a class, a property), never the evidence, so it
/// stays cheap on a store of millions of quads.
pub fn compute(store: &KgStore, top: usize) -> Result<Stats> {
    let kg = store.inner();
    let default = GraphNameRef::DefaultGraph;
    let local = |iri: &str| iri.strip_prefix(OKG).unwrap_or(iri).to_string();
    let quads = store.len()?;
    let graphs = kg.named_graphs().count();
    let articles = kg.quads_for_pattern(None, Some(RDF_TYPE), Some(OKG_DOCUMENT.into()), Some(default)).count();

    // Entities and their classes.
    let mut class_of: HashMap<NamedOrBlankNode, String> = HashMap::new();
    for class in Class::ALL {
        let node = NamedNode::new_unchecked(format!("{OKG}{}", class.name()));
        for q in kg.quads_for_pattern(None, Some(RDF_TYPE), Some(node.as_ref().into()), Some(default)) {
            // An entity has one leaf class; if the data says more, keep the first by name.
            let c = class.name().to_string();
            class_of.entry(q?.subject).and_modify(|old| *old = std::cmp::min(old.clone(), c.clone())).or_insert(c);
        }
    }
    let mut per_class: BTreeMap<String, usize> = BTreeMap::new();
    for c in class_of.values() {
        *per_class.entry(c.clone()).or_default() += 1;
    }
    let mut classes: Vec<(String, usize)> = per_class.into_iter().collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    // Facts: distinct triples of the default graph, per property and per entity.
    let mut per_property: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut per_entity: HashMap<String, usize> = HashMap::new();
    let properties = fact_properties();
    // An evidence statement's okg:status says what its sentence tells of a
    // fact that is not asserted: it is no fact itself.
    let is_statement = |s: &NamedOrBlankNode| -> Result<bool> {
        Ok(kg
            .quads_for_pattern(Some(s.as_ref()), Some(RDF_TYPE), Some(RDF_STATEMENT.into()), Some(default))
            .next()
            .is_some())
    };
    for p in &properties {
        for q in kg.quads_for_pattern(None, Some(p.as_ref()), None, Some(default)) {
            let q = q?;
            if p.as_ref() == OKG_STATUS && is_statement(&q.subject)? {
                continue;
            }
            per_property.entry(local(p.as_str())).or_default().0 += 1;
            let s = q.subject.to_string();
            *per_entity.entry(s.clone()).or_default() += 1;
            if let Term::NamedNode(o) = &q.object
                && o.to_string() != s
            {
                *per_entity.entry(o.to_string()).or_default() += 1;
            }
        }
    }
    // Stated: once per article graph that holds the fact; without article
    // graphs (a Turtle dump), once per document its evidence comes from.
    let mut stated_in_graphs = false;
    for p in &properties {
        for q in kg.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            if q?.graph_name.is_default_graph() {
                continue;
            }
            stated_in_graphs = true;
            per_property.entry(local(p.as_str())).or_default().1 += 1;
        }
    }
    if !stated_in_graphs {
        let mut seen: HashSet<(String, String, String, String)> = HashSet::new();
        for st in kg.quads_for_pattern(None, Some(RDF_TYPE), Some(RDF_STATEMENT.into()), Some(default)) {
            let st = st?.subject;
            let one = |p: NamedNodeRef<'_>| -> Result<Option<Term>> {
                Ok(kg
                    .quads_for_pattern(Some(st.as_ref()), Some(p), None, Some(default))
                    .next()
                    .transpose()?
                    .map(|q| q.object))
            };
            let (Some(s), Some(Term::NamedNode(p)), Some(o), Some(d)) =
                (one(RDF_SUBJECT)?, one(RDF_PREDICATE)?, one(RDF_OBJECT)?, one(PROV_WAS_DERIVED_FROM)?)
            else {
                continue;
            };
            // A planned, ended or negated statement states nothing.
            if one(OKG_STATUS)?.is_some() {
                continue;
            }
            if properties.contains(&p) && seen.insert((s.to_string(), p.to_string(), o.to_string(), d.to_string())) {
                per_property.entry(local(p.as_str())).or_default().1 += 1;
            }
        }
    }
    let mut properties: Vec<(String, usize, usize)> = per_property.into_iter().map(|(p, (f, s))| (p, f, s)).collect();
    properties.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    // The entities in most facts, with their names.
    let mut ranked: Vec<(String, usize)> = per_entity.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut chosen: Vec<TopEntity> = Vec::new();
    for (e, facts) in ranked {
        if chosen.len() >= top {
            break;
        }
        let Ok(node) = NamedNode::new(e.trim_start_matches('<').trim_end_matches('>')) else { continue };
        let Some(class) = class_of.get(&NamedOrBlankNode::from(node.clone())).cloned() else { continue };
        let label = kg
            .quads_for_pattern(Some(node.as_ref().into()), Some(RDFS_LABEL), None, Some(default))
            .filter_map(|q| match q.ok()?.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .min()
            .unwrap_or_else(|| node.as_str().to_string());
        chosen.push(TopEntity { iri: node.into_string(), label, class, facts });
    }
    chosen.sort_by(|a, b| b.facts.cmp(&a.facts).then_with(|| a.label.cmp(&b.label)).then_with(|| a.iri.cmp(&b.iri)));

    Ok(Stats { quads, graphs, articles, classes, properties, top: chosen })
}

/// The stats as one JSON object (lists keep their order).
pub fn to_json(s: &Stats) -> serde_json::Value {
    json!({
        "quads": s.quads,
        "graphs": s.graphs,
        "articles": s.articles,
        "entities": s.classes.iter().map(|(c, n)| json!({"class": c, "count": n})).collect::<Vec<_>>(),
        "facts": s.properties.iter().map(|(p, f, st)| json!({"property": p, "facts": f, "stated": st})).collect::<Vec<_>>(),
        "top": s.top.iter().map(|t| json!({"iri": t.iri, "label": t.label, "class": t.class, "facts": t.facts})).collect::<Vec<_>>(),
    })
}

/// Writes the stats as aligned tables.
pub fn write_table(s: &Stats, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{} articles, {} named graphs, {} quads", s.articles, s.graphs, s.quads)?;
    let total_entities: usize = s.classes.iter().map(|c| c.1).sum();
    writeln!(out, "\nentities per class ({total_entities} in all)")?;
    let rows: Vec<Vec<String>> = s.classes.iter().map(|(c, n)| vec![c.clone(), n.to_string()]).collect();
    table(out, &["class", "entities"], &rows)?;
    let total_facts: usize = s.properties.iter().map(|p| p.1).sum();
    writeln!(out, "\nfacts per property ({total_facts} in all; stated: times found across articles)")?;
    let rows: Vec<Vec<String>> =
        s.properties.iter().map(|(p, f, st)| vec![p.clone(), f.to_string(), st.to_string()]).collect();
    table(out, &["property", "facts", "stated"], &rows)?;
    writeln!(out, "\nentities in most facts")?;
    let rows: Vec<Vec<String>> =
        s.top.iter().map(|t| vec![t.label.clone(), t.class.clone(), t.facts.to_string()]).collect();
    table(out, &["entity", "class", "facts"], &rows)?;
    Ok(())
}

/// An aligned table: text columns to the left, numbers to the right, as
/// wide as the terminal (`table.rs`).
fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| !rows.is_empty() && rows.iter().all(|r| r[i].chars().all(|c| c.is_ascii_digit())))
        .collect();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    crate::table::write_aligned(out, &header, rows, &numeric, crate::table::output_width())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    /// Two articles in orbitkg's shape: the knowledge graph in the default
    /// graph (NASA–Artemis once, though both articles state it), what each
    /// article states in its graph, and evidence naming the documents. The
    /// documents' own triples and the evidence are bookkeeping, not facts.
    const DATA: &str = r#"
        @prefix okg: <https://orbitkg.org/ns#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix id: <https://orbitkg.org/id/> .
        id:doc1 a okg:Document ; okg:sha256 "aa" .
        id:doc2 a okg:Document ; okg:sha256 "bb" .
        id:NASA a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:Artemis ; okg:cooperatesWith id:JAXA .
        id:JAXA a okg:SpaceAgency ; rdfs:label "JAXA"@en ; okg:cooperatesWith id:NASA .
        id:Artemis a okg:Program ; rdfs:label "Artemis program"@en .
        id:Bill a okg:Person ; rdfs:label "Bill Nelson"@en ; okg:leads id:NASA ; okg:title "NASA Administrator" .
        id:st1 a rdf:Statement ; rdf:subject id:NASA ; rdf:predicate okg:participatesIn ; rdf:object id:Artemis ;
            okg:sentence "NASA leads Artemis." ; okg:start 0 ; okg:end 19 ; prov:wasDerivedFrom id:doc1 .
        id:st2 a rdf:Statement ; rdf:subject id:NASA ; rdf:predicate okg:cooperatesWith ; rdf:object id:JAXA ;
            prov:wasDerivedFrom id:doc1 .
        id:st3 a rdf:Statement ; rdf:subject id:JAXA ; rdf:predicate okg:cooperatesWith ; rdf:object id:NASA ;
            prov:wasDerivedFrom id:doc1 .
        id:st4 a rdf:Statement ; rdf:subject id:NASA ; rdf:predicate okg:participatesIn ; rdf:object id:Artemis ;
            prov:wasDerivedFrom id:doc2 .
        id:st5 a rdf:Statement ; rdf:subject id:Bill ; rdf:predicate okg:leads ; rdf:object id:NASA ;
            prov:wasDerivedFrom id:doc2 .
        id:st6 a rdf:Statement ; rdf:subject id:Bill ; rdf:predicate okg:title ; rdf:object "NASA Administrator" ;
            prov:wasDerivedFrom id:doc2 .
        id:doc1 {
            id:NASA a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:Artemis ; okg:cooperatesWith id:JAXA .
            id:JAXA a okg:SpaceAgency ; rdfs:label "JAXA"@en ; okg:cooperatesWith id:NASA .
            id:Artemis a okg:Program ; rdfs:label "Artemis program"@en .
        }
        id:doc2 {
            id:NASA a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:Artemis .
            id:Bill a okg:Person ; rdfs:label "Bill Nelson"@en ; okg:leads id:NASA ; okg:title "NASA Administrator" .
        }
    "#;

    fn stats() -> Stats {
        let store = KgStore::in_memory().unwrap();
        store.load(DATA.as_bytes(), RdfFormat::TriG).unwrap();
        compute(&store, 3).unwrap()
    }

    #[test]
    fn counts_articles_classes_and_facts() {
        let s = stats();
        assert_eq!(s.articles, 2);
        assert_eq!(s.graphs, 2);
        assert_eq!(
            s.classes,
            vec![("SpaceAgency".to_string(), 2), ("Person".to_string(), 1), ("Program".to_string(), 1)]
        );
        assert_eq!(
            s.properties,
            vec![
                ("cooperatesWith".to_string(), 2, 2),
                ("leads".to_string(), 1, 1),
                ("participatesIn".to_string(), 1, 2),
                ("title".to_string(), 1, 1),
            ]
        );
    }

    /// Regression: a Turtle dump (the default graph alone) counted no
    /// article and no statement; the evidence names the documents.
    #[test]
    fn the_default_graph_alone_gives_the_same_counts() {
        let full = KgStore::in_memory().unwrap();
        full.load(DATA.as_bytes(), RdfFormat::TriG).unwrap();
        let mut ttl = Vec::new();
        orbitkg_rdf::dump(&full, orbitkg_rdf::DumpFormat::Turtle, None, &mut ttl).unwrap();
        let plain = KgStore::in_memory().unwrap();
        plain.load(ttl.as_slice(), RdfFormat::Turtle).unwrap();
        assert_eq!(plain.inner().named_graphs().count(), 0);
        let (a, b) = (stats(), compute(&plain, 3).unwrap());
        assert_eq!((b.articles, &b.classes, &b.properties, &b.top), (a.articles, &a.classes, &a.properties, &a.top));
    }

    #[test]
    fn ranks_entities_by_facts() {
        let s = stats();
        let top: Vec<(&str, &str, usize)> =
            s.top.iter().map(|t| (t.label.as_str(), t.class.as_str(), t.facts)).collect();
        // NASA: participatesIn, cooperatesWith both ways, led by Bill.
        assert_eq!(top, vec![("NASA", "SpaceAgency", 4), ("Bill Nelson", "Person", 2), ("JAXA", "SpaceAgency", 2)]);
    }

    #[test]
    fn table_and_json() {
        let s = stats();
        let mut out = Vec::new();
        write_table(&s, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("2 articles, 2 named graphs"), "{text}");
        assert!(text.contains("SpaceAgency         2\n"), "{text}");
        let j = to_json(&s);
        assert_eq!(j["articles"], 2);
        assert_eq!(j["facts"][0]["property"], "cooperatesWith");
        assert_eq!(j["top"][0]["label"], "NASA");
    }
}
