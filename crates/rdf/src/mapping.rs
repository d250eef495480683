//! Extracted facts → RDF in the vocabulary, one [`ArticleGraph`] per article.
//!
//! What an article states (the entities it names and the facts it reads) goes
//! into its named graph and, merged as a set, into the default graph; its
//! provenance (the document node and the reified evidence, which belong to
//! this article alone) goes into the default graph only. The default graph is
//! then the knowledge graph and the named graphs say who said what.

use crate::vocab::*;
use orbitkg_extract::{Attribute, Corpus, DocumentFacts, Entity, Evidence};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};
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

/// One article's part of the knowledge graph (or the vocabulary's, which is
/// stored the same way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleGraph {
    /// The document's IRI, which also names the article's graph.
    pub name: NamedNode,
    /// What the article states: the entities it names (class, labels,
    /// `owl:sameAs`) and its facts. Stored in the named graph `name`, and in
    /// the default graph once however many articles state the same triple.
    pub stated: Vec<Triple>,
    /// The document node and the evidence statements (each
    /// `prov:wasDerivedFrom` the document). Only this article produces them,
    /// so they are stored in the default graph only.
    pub provenance: Vec<Triple>,
}

impl ArticleGraph {
    /// The quads of this article alone: `stated` in its named graph and in
    /// the default graph, `provenance` in the default graph, in the order of
    /// `stated` and `provenance` (which [`article_graph`] sorts).
    pub fn quads(&self) -> Vec<Quad> {
        let named = GraphName::NamedNode(self.name.clone());
        self.stated
            .iter()
            .flat_map(|t| [t.clone().in_graph(named.clone()), t.clone().in_graph(GraphName::DefaultGraph)])
            .chain(self.provenance.iter().map(|t| t.clone().in_graph(GraphName::DefaultGraph)))
            .collect()
    }
}

struct Builder {
    name: NamedNode,
    stated: Vec<Triple>,
    provenance: Vec<Triple>,
}

impl Builder {
    fn state(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.stated.push(Triple::new(s, p.into_owned(), o));
    }

    fn record(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.provenance.push(Triple::new(s, p.into_owned(), o));
    }

    /// A fact: stated, with its reified evidence as provenance. A fact the
    /// sentence tells as planned, ended or negated is not stated: its
    /// evidence alone keeps it, with `okg:status`.
    fn fact(&mut self, base: &Base, s: &NamedNode, p: NamedNodeRef<'_>, o: Term, ev: &Evidence) {
        if ev.status.is_none() {
            self.state(s.clone(), p, o.clone());
        }
        let mut h = Sha256::new();
        for part in
            [self.name.as_str(), s.as_str(), p.as_str(), &o.to_string(), &ev.start.to_string(), &ev.end.to_string()]
        {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let st = NamedNode::new_unchecked(format!("{}stmt/{}", base.id, &hex(&h.finalize())[..24]));
        self.record(st.clone(), RDF_TYPE, RDF_STATEMENT.into_owned());
        self.record(st.clone(), RDF_SUBJECT, s.clone());
        self.record(st.clone(), RDF_PREDICATE, p.into_owned());
        self.record(st.clone(), RDF_OBJECT, o);
        self.record(st.clone(), OKG_SENTENCE, Literal::new_simple_literal(&ev.sentence));
        self.record(st.clone(), OKG_START, Literal::from(ev.start as i64));
        self.record(st.clone(), OKG_END, Literal::from(ev.end as i64));
        self.record(st.clone(), PROV_WAS_DERIVED_FROM, self.name.clone());
        self.record(st.clone(), OKG_RULE, Literal::new_simple_literal(&*ev.rule));
        if let Some(status) = ev.status {
            self.record(st.clone(), OKG_STATUS, Literal::new_simple_literal(status.name()));
        }
        self.record(st, OKG_CONFIDENCE, Literal::new_typed_literal(format!("{:.2}", ev.confidence), XSD_DECIMAL));
    }

    fn finish(mut self) -> ArticleGraph {
        for ts in [&mut self.stated, &mut self.provenance] {
            ts.sort_by_cached_key(|t| t.to_string());
            ts.dedup();
        }
        ArticleGraph { name: self.name, stated: self.stated, provenance: self.provenance }
    }
}

/// An article's `dcterms:source`: an IRI when it is a web address (a JSON
/// line's `url`, an HTML page's canonical link), a string otherwise (a path
/// relative to the input root, `feed.jsonl#id`).
fn source_term(source: &str) -> Term {
    let web = ["http://", "https://"].iter().any(|p| source.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)));
    match NamedNode::new(source) {
        Ok(iri) if web => iri.into(),
        _ => Literal::new_simple_literal(source).into(),
    }
}

/// Every article's graph, in a deterministic order (by document IRI).
pub fn corpus_graphs(corpus: &Corpus, base: &Base) -> Vec<ArticleGraph> {
    let mut out: Vec<ArticleGraph> =
        corpus.documents.iter().map(|d| article_graph(d, &corpus.entities, base)).collect();
    out.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
    out
}

/// One article's graph; `entities` are the corpus entities its facts point into.
pub fn article_graph(d: &DocumentFacts, entities: &[Entity], base: &Base) -> ArticleGraph {
    let name = base.document(&d.article.sha256);
    let mut g = Builder { name: name.clone(), stated: Vec::new(), provenance: Vec::new() };
    g.record(name.clone(), RDF_TYPE, OKG_DOCUMENT.into_owned());
    if let Some(t) = &d.title {
        g.record(name.clone(), DCTERMS_TITLE, Literal::new_simple_literal(t));
    }
    g.record(name.clone(), DCTERMS_SOURCE, source_term(&d.article.source));
    g.record(name.clone(), OKG_SHA256, Literal::new_simple_literal(&d.article.sha256));
    if let Some(date) = &d.date {
        g.record(name.clone(), DCTERMS_DATE, date_literal(date));
    }
    if d.article.text_is_derived {
        g.record(name.clone(), OKG_TEXT, Literal::new_simple_literal(&d.article.text));
    }
    // Entities this document speaks of. Their descriptions are stated by
    // the article too, so that replacing the article can tell whether
    // another article still names them.
    let mut ents: BTreeSet<usize> = d.mentions.keys().copied().collect();
    for f in &d.facts {
        ents.insert(f.subject);
        ents.insert(f.object);
    }
    for &e in &ents {
        let ent = &entities[e];
        let iri = base.entity(&ent.id);
        let class = NamedNode::new_unchecked(format!("{OKG}{}", ent.class.name()));
        g.state(iri.clone(), RDF_TYPE, class);
        g.state(iri.clone(), RDFS_LABEL, Literal::new_language_tagged_literal_unchecked(&ent.label, "en"));
        g.state(iri.clone(), SKOS_PREF_LABEL, Literal::new_language_tagged_literal_unchecked(&ent.label, "en"));
        for n in d.mentions.get(&e).into_iter().flatten() {
            if *n != ent.label {
                g.state(iri.clone(), SKOS_ALT_LABEL, Literal::new_language_tagged_literal_unchecked(n, "en"));
            }
        }
        if let Some(q) = &ent.qid {
            g.state(iri.clone(), OWL_SAME_AS, NamedNode::new_unchecked(format!("{WIKIDATA}{q}")));
        }
    }
    for f in &d.facts {
        let s = base.entity(&entities[f.subject].id);
        let o = base.entity(&entities[f.object].id);
        let p = NamedNode::new_unchecked(format!("{OKG}{}", f.property.name()));
        g.fact(base, &s, p.as_ref(), o.clone().into(), &f.evidence);
        if f.property.is_symmetric() {
            // Stored both ways, and so is its evidence: a lookup from either end finds the sentence.
            g.fact(base, &o, p.as_ref(), s.into(), &f.evidence);
        }
    }
    for (e, attr, ev) in &d.attributes {
        let s = base.entity(&entities[*e].id);
        let (p, o): (NamedNodeRef<'_>, Literal) = match attr {
            Attribute::Title(t) => (OKG_TITLE, Literal::new_simple_literal(t)),
            Attribute::Date(v) => (OKG_DATE, date_literal(v)),
            Attribute::Status(v) => (OKG_STATUS, Literal::new_simple_literal(v)),
        };
        g.fact(base, &s, p, o.into(), ev);
    }
    g.finish()
}
