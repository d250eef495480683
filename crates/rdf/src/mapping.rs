//! Extracted facts → quads in the vocabulary, one named graph per article.

use crate::vocab::*;
use orbitkg_extract::{Attribute, Corpus, Evidence};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Where entity and document IRIs live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// Prefix of entity IRIs (`https://orbitkg.org/id/` by default).
    pub id: String,
}

impl Default for Base {
    fn default() -> Self {
        Base { id: ID.to_string() }
    }
}

impl Base {
    /// The IRI of an entity id.
    pub fn entity(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", self.id, id))
    }

    /// The IRI of a document, from its content hash.
    pub fn document(&self, sha256: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}doc/{}", self.id, &sha256[..16.min(sha256.len())]))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A date literal typed by its precision.
pub fn date_literal(value: &str) -> Literal {
    let dt = match value.len() {
        10 => XSD_DATE,
        7 => XSD_G_YEAR_MONTH,
        _ => XSD_G_YEAR,
    };
    Literal::new_typed_literal(value, dt)
}

struct Graph {
    name: NamedNode,
    quads: Vec<Quad>,
}

impl Graph {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p.into_owned(), o, GraphName::NamedNode(self.name.clone())));
    }

    fn evidence(&mut self, base: &Base, s: &NamedNode, p: NamedNodeRef<'_>, o: &Term, ev: &Evidence) {
        let mut h = Sha256::new();
        for part in
            [self.name.as_str(), s.as_str(), p.as_str(), &o.to_string(), &ev.start.to_string(), &ev.end.to_string()]
        {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let st = NamedNode::new_unchecked(format!("{}stmt/{}", base.id, &hex(&h.finalize())[..24]));
        self.add(st.clone(), RDF_TYPE, RDF_STATEMENT.into_owned());
        self.add(st.clone(), RDF_SUBJECT, s.clone());
        self.add(st.clone(), RDF_PREDICATE, p.into_owned());
        self.add(st.clone(), RDF_OBJECT, o.clone());
        self.add(st.clone(), OKG_SENTENCE, Literal::new_simple_literal(&ev.sentence));
        self.add(st.clone(), OKG_START, Literal::from(ev.start as i64));
        self.add(st.clone(), OKG_END, Literal::from(ev.end as i64));
        self.add(st.clone(), PROV_WAS_DERIVED_FROM, self.name.clone());
        self.add(st.clone(), OKG_RULE, Literal::new_simple_literal(ev.rule));
        self.add(st, OKG_CONFIDENCE, Literal::new_typed_literal(format!("{:.2}", ev.confidence), XSD_DECIMAL));
    }
}

/// The quads of every document, graph by graph, in a deterministic order.
pub fn corpus_quads(corpus: &Corpus, base: &Base) -> Vec<(NamedNode, Vec<Quad>)> {
    let mut out = Vec::new();
    for d in &corpus.documents {
        let name = base.document(&d.article.sha256);
        let mut g = Graph { name: name.clone(), quads: Vec::new() };
        g.add(name.clone(), RDF_TYPE, OKG_DOCUMENT.into_owned());
        if let Some(t) = &d.title {
            g.add(name.clone(), DCTERMS_TITLE, Literal::new_simple_literal(t));
        }
        g.add(name.clone(), DCTERMS_SOURCE, Literal::new_simple_literal(&d.article.source));
        g.add(name.clone(), OKG_SHA256, Literal::new_simple_literal(&d.article.sha256));
        if let Some(date) = &d.date {
            g.add(name.clone(), DCTERMS_DATE, date_literal(date));
        }
        if d.article.text_is_derived {
            g.add(name.clone(), OKG_TEXT, Literal::new_simple_literal(&d.article.text));
        }
        // Entities this document speaks of.
        let mut ents: BTreeSet<usize> = d.mentions.keys().copied().collect();
        for f in &d.facts {
            ents.insert(f.subject);
            ents.insert(f.object);
        }
        for &e in &ents {
            let ent = &corpus.entities[e];
            let iri = base.entity(&ent.id);
            let class = NamedNode::new_unchecked(format!("{OKG}{}", ent.class.name()));
            g.add(iri.clone(), RDF_TYPE, class);
            g.add(iri.clone(), RDFS_LABEL, Literal::new_language_tagged_literal_unchecked(&ent.label, "en"));
            g.add(iri.clone(), SKOS_PREF_LABEL, Literal::new_language_tagged_literal_unchecked(&ent.label, "en"));
            for n in d.mentions.get(&e).into_iter().flatten() {
                if *n != ent.label {
                    g.add(iri.clone(), SKOS_ALT_LABEL, Literal::new_language_tagged_literal_unchecked(n, "en"));
                }
            }
            if let Some(q) = &ent.qid {
                g.add(iri.clone(), OWL_SAME_AS, NamedNode::new_unchecked(format!("{WIKIDATA}{q}")));
            }
        }
        for f in &d.facts {
            let s = base.entity(&corpus.entities[f.subject].id);
            let o = base.entity(&corpus.entities[f.object].id);
            let p = NamedNode::new_unchecked(format!("{OKG}{}", f.property.name()));
            g.add(s.clone(), p.as_ref(), o.clone());
            g.evidence(base, &s, p.as_ref(), &o.clone().into(), &f.evidence);
            if f.property.is_symmetric() {
                // Stored both ways, and so is its evidence: a lookup from either end finds the sentence.
                g.add(o.clone(), p.as_ref(), s.clone());
                g.evidence(base, &o, p.as_ref(), &s.into(), &f.evidence);
            }
        }
        for (e, attr, ev) in &d.attributes {
            let s = base.entity(&corpus.entities[*e].id);
            let (p, o): (NamedNodeRef<'_>, Literal) = match attr {
                Attribute::Title(t) => (OKG_TITLE, Literal::new_simple_literal(t)),
                Attribute::Date(v) => (OKG_DATE, date_literal(v)),
                Attribute::Status(v) => (OKG_STATUS, Literal::new_simple_literal(v)),
            };
            g.add(s.clone(), p, o.clone());
            g.evidence(base, &s, p, &o.into(), ev);
        }
        g.quads.sort_by_key(|q| q.to_string());
        g.quads.dedup();
        out.push((name, g.quads));
    }
    out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    out
}
