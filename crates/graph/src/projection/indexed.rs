//! The projection read by index: the entity-to-entity facts of the default
//! graph and the article graphs that hold each, never the evidence of the
//! whole store. On an archive, where evidence statements are most of the
//! quads, this reads thousands of quads instead of millions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef};
use oxigraph::store::Store;
use petgraph::graph::DiGraph;

use super::{EdgeKey, Entity, Evidence, Projection, Relation};
use crate::GraphError;
use crate::vocab::{self, okg_local};

fn named(iri: &str) -> NamedNodeRef<'_> {
    NamedNodeRef::new_unchecked(iri)
}

/// The literals and IRIs of `subject`'s `property` in the default graph.
fn values(store: &Store, subject: &str, property: &str) -> Result<Vec<Term>, GraphError> {
    store
        .quads_for_pattern(
            Some(NamedOrBlankNodeRef::NamedNode(named(subject))),
            Some(named(property)),
            None,
            Some(GraphNameRef::DefaultGraph),
        )
        .map(|q| q.map(|q| q.object).map_err(GraphError::from))
        .collect()
}

/// Every (subject IRI, object) of `property` in the default graph: one index
/// range, however many subjects.
fn pairs(store: &Store, property: &str) -> Result<Vec<(String, Term)>, GraphError> {
    store
        .quads_for_pattern(None, Some(named(property)), None, Some(GraphNameRef::DefaultGraph))
        .filter_map(|q| match q {
            Ok(q) => match q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(Ok((n.into_string(), q.object))),
                _ => None,
            },
            Err(e) => Some(Err(GraphError::from(e))),
        })
        .collect()
}

/// The subjects of the default graph typed `class`.
fn typed(store: &Store, class: &str) -> Result<Vec<String>, GraphError> {
    store
        .quads_for_pattern(
            None,
            Some(named(vocab::RDF_TYPE)),
            Some(TermRef::NamedNode(named(class))),
            Some(GraphNameRef::DefaultGraph),
        )
        .filter_map(|q| match q {
            Ok(q) => match q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(Ok(n.into_string())),
                _ => None,
            },
            Err(e) => Some(Err(GraphError::from(e))),
        })
        .collect()
}

impl Projection {
    /// The projection by index, when the store keeps its knowledge graph in
    /// the default graph and each article's facts in a named graph (every
    /// orbitkg store, TriG and N-Quads dumps). `None` otherwise (Turtle and
    /// N-Triples dumps, hand-made graphs): those are read quad by quad.
    /// Edges carry no evidence: [`Projection::evidence`] looks it up for
    /// the edges an analysis prints.
    pub(super) fn from_indexes(store: &Store) -> Result<Option<Self>, GraphError> {
        if store.named_graphs().next().transpose()?.is_none() {
            return Ok(None);
        }
        let mut entities: BTreeMap<String, String> = BTreeMap::new();
        for style in vocab::class_table() {
            for iri in typed(store, &format!("{}{}", vocab::OKG, style.class))? {
                // Several classes (which the vocabulary forbids): the first by name.
                let class = entities.entry(iri).or_insert_with(|| style.class.clone());
                if style.class < *class {
                    class.clone_from(&style.class);
                }
            }
        }
        if entities.is_empty() {
            return Ok(None);
        }
        let mut symmetric: BTreeSet<String> = vocab::SYMMETRIC_PROPERTIES.iter().map(|p| (*p).to_owned()).collect();
        for q in store.quads_for_pattern(
            None,
            Some(named(vocab::RDF_TYPE)),
            Some(TermRef::NamedNode(named(vocab::OWL_SYMMETRIC))),
            None,
        ) {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = q?.subject
                && let Some(local) = okg_local(n.as_str())
            {
                symmetric.insert(local.to_owned());
            }
        }
        let mut documents: BTreeMap<String, Option<String>> =
            typed(store, &format!("{}Document", vocab::OKG))?.into_iter().map(|d| (d, None)).collect();
        for (doc, title) in pairs(store, vocab::DCTERMS_TITLE)? {
            if let (Some(slot), Term::Literal(l)) = (documents.get_mut(&doc), title) {
                slot.get_or_insert_with(|| l.value().to_owned());
            }
        }
        #[derive(Default)]
        struct Names {
            labels: BTreeSet<(bool, String)>,
            alt_labels: BTreeSet<String>,
            same_as: BTreeSet<String>,
        }
        let mut names: HashMap<&str, Names> = entities.keys().map(|e| (e.as_str(), Names::default())).collect();
        for (e, t) in pairs(store, vocab::RDFS_LABEL)? {
            if let (Some(n), Term::Literal(l)) = (names.get_mut(e.as_str()), t) {
                let english = l.language().is_none_or(|lang| lang.starts_with("en"));
                n.labels.insert((!english, l.value().to_owned()));
            }
        }
        for (e, t) in pairs(store, vocab::SKOS_ALT_LABEL)? {
            if let (Some(n), Term::Literal(l)) = (names.get_mut(e.as_str()), t) {
                n.alt_labels.insert(l.value().to_owned());
            }
        }
        for (e, t) in pairs(store, vocab::OWL_SAME_AS)? {
            if let (Some(n), Term::NamedNode(o)) = (names.get_mut(e.as_str()), t) {
                n.same_as.insert(o.into_string());
            }
        }

        let mut graph = DiGraph::new();
        let mut by_iri = HashMap::new();
        for (iri, class) in &entities {
            let n = names.remove(iri.as_str()).unwrap_or_default();
            let label = n.labels.into_iter().next().map_or_else(|| iri.clone(), |(_, l)| l);
            let index = graph.add_node(Entity {
                iri: iri.clone(),
                class: class.clone(),
                alt_labels: n.alt_labels.into_iter().filter(|a| *a != label).collect(),
                label,
                same_as: n.same_as.into_iter().collect(),
            });
            by_iri.insert(iri.clone(), index);
        }

        // Each relation, and the article graphs holding it: one index range
        // per property over every graph (a fact's copies in its articles).
        let mut edges: BTreeMap<EdgeKey, BTreeSet<String>> = BTreeMap::new();
        for property in vocab::RELATIONS {
            let p = format!("{}{property}", vocab::OKG);
            for q in store.quads_for_pattern(None, Some(named(&p)), None, None) {
                let q = q?;
                let (oxigraph::model::NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object)
                else {
                    continue;
                };
                let (Some(&a), Some(&b)) = (by_iri.get(s.as_str()), by_iri.get(o.as_str())) else { continue };
                let (a, b) = if symmetric.contains(*property) && a > b { (b, a) } else { (a, b) };
                let articles = edges.entry((a, (*property).to_owned(), b)).or_default();
                if let oxigraph::model::GraphName::NamedNode(g) = q.graph_name {
                    articles.insert(g.into_string());
                }
            }
        }
        for ((s, property, o), articles) in edges {
            let relation = Relation {
                symmetric: symmetric.contains(&property),
                property,
                articles: articles.into_iter().collect(),
                evidence: Vec::new(),
            };
            graph.add_edge(s, o, relation);
        }
        Ok(Some(Self { graph, by_iri, documents }))
    }

    /// The sentences behind the fact `subject property object` (either
    /// direction for a symmetric property), sorted by document and offset, as
    /// the statements of the default graph give them: read from the
    /// statements about `subject` (an index lookup), never from the whole
    /// store's evidence. Statements with an `okg:status` tell a fact that
    /// did not plainly happen and are not its evidence.
    pub fn evidence(
        store: &Store,
        subject: &str,
        property: &str,
        object: &str,
        symmetric: bool,
    ) -> Result<Vec<Evidence>, GraphError> {
        let p = format!("{}{property}", vocab::OKG);
        let mut found = BTreeSet::new();
        let directions: &[(&str, &str)] =
            if symmetric { &[(subject, object), (object, subject)] } else { &[(subject, object)] };
        for &(s, o) in directions {
            let statements = store.quads_for_pattern(
                None,
                Some(named(vocab::RDF_SUBJECT)),
                Some(TermRef::NamedNode(named(s))),
                Some(GraphNameRef::DefaultGraph),
            );
            for st in statements {
                let st = st?.subject;
                let oxigraph::model::NamedOrBlankNode::NamedNode(st) = st else { continue };
                let one = |property: &str| -> Result<Option<Term>, GraphError> {
                    Ok(values(store, st.as_str(), property)?.into_iter().next())
                };
                let is = |t: Option<Term>, iri: &str| matches!(t, Some(Term::NamedNode(n)) if n.as_str() == iri);
                if !is(one(vocab::RDF_PREDICATE)?, &p) || !is(one(vocab::RDF_OBJECT)?, o) {
                    continue;
                }
                if one(&format!("{}status", vocab::OKG))?.is_some() {
                    continue;
                }
                let (Some(Term::NamedNode(document)), Some(Term::Literal(sentence))) =
                    (one(vocab::PROV_DERIVED)?, one(&format!("{}sentence", vocab::OKG))?)
                else {
                    continue;
                };
                let offset = |name: &str| -> Result<Option<u64>, GraphError> {
                    Ok(one(&format!("{}{name}", vocab::OKG))?.and_then(|t| match t {
                        Term::Literal(l) => l.value().parse().ok(),
                        _ => None,
                    }))
                };
                found.insert(Evidence {
                    document: document.into_string(),
                    start: offset("start")?,
                    end: offset("end")?,
                    sentence: sentence.value().to_owned(),
                });
            }
        }
        Ok(found.into_iter().collect())
    }
}
