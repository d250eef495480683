//! The store projected onto a petgraph graph of entities and relations.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{GraphName, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use serde::Serialize;

use crate::GraphError;
use crate::error::Candidate;
use crate::vocab::{self, okg_local};

mod indexed;

/// How many evidence sentences an edge keeps (the first ones by document
/// IRI and offset, so the choice is reproducible).
pub const MAX_EVIDENCE: usize = 3;

/// A node of the projection: one entity of the knowledge graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The entity IRI.
    pub iri: String,
    /// Local name of its okg leaf class, e.g. `SpaceAgency`.
    pub class: String,
    /// Its `rdfs:label` (the IRI when the store has none).
    pub label: String,
    /// Its `skos:altLabel`s, sorted.
    pub alt_labels: Vec<String>,
    /// Its `owl:sameAs` IRIs, sorted.
    pub same_as: Vec<String>,
}

/// A sentence that supports a relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// The document IRI (the statement's `prov:wasDerivedFrom`).
    pub document: String,
    /// Start offset of the sentence in the article text (code points).
    pub start: Option<u64>,
    /// End offset, exclusive.
    pub end: Option<u64>,
    /// The sentence.
    pub sentence: String,
}

/// An edge of the projection: one okg relation between two entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// Local name of the okg property, e.g. `participatesIn`.
    pub property: String,
    /// Whether the property is symmetric; such a relation is one edge, from
    /// the entity with the smaller IRI to the other, whichever direction(s)
    /// the store holds.
    pub symmetric: bool,
    /// The documents asserting it, sorted: the named graphs holding it and
    /// the documents its evidence statements are derived from (which is all
    /// a Turtle or N-Triples dump has to tell).
    pub articles: Vec<String>,
    /// Up to [`MAX_EVIDENCE`] supporting sentences.
    pub evidence: Vec<Evidence>,
}

impl Relation {
    /// The number of distinct articles asserting the relation, at least 1
    /// (a fact with neither an article graph nor evidence is still asserted
    /// once).
    pub fn weight(&self) -> usize {
        self.articles.len().max(1)
    }
}

/// The knowledge graph as a directed petgraph graph of [`Entity`] nodes and
/// [`Relation`] edges, with lookups by IRI and name.
///
/// Node indices are dense and follow the sorted entity IRIs; edges follow
/// (source IRI, property, target IRI). A projection of the same store is
/// therefore always the same graph, and every analysis on it is
/// reproducible.
#[derive(Debug, Clone)]
pub struct Projection {
    graph: DiGraph<Entity, Relation>,
    by_iri: HashMap<String, NodeIndex>,
    documents: BTreeMap<String, Option<String>>,
}

#[derive(Default)]
struct EntityParts {
    classes: BTreeSet<String>,
    labels: BTreeSet<(bool, String)>,
    alt_labels: BTreeSet<String>,
    same_as: BTreeSet<String>,
}

#[derive(Default)]
struct StatementParts {
    subject: Option<String>,
    predicate: Option<String>,
    object: Option<String>,
    sentence: Option<String>,
    start: Option<u64>,
    end: Option<u64>,
    document: Option<String>,
    graph: Option<String>,
    is_statement: bool,
    has_status: bool,
}

/// An edge before it is added: (subject, property local name, object).
type EdgeKey = (NodeIndex, String, NodeIndex);

/// One piece of a reified statement, read from one quad.
enum StatementPart {
    IsStatement,
    Subject(String),
    Predicate(String),
    Object(String),
    Document(String),
    Sentence(String),
    Start(Option<u64>),
    End(Option<u64>),
    Status,
}

fn statement_part(predicate: &str, object: &Term) -> Option<StatementPart> {
    Some(match (predicate, object) {
        (vocab::RDF_TYPE, Term::NamedNode(o)) if o.as_str() == vocab::RDF_STATEMENT => StatementPart::IsStatement,
        (vocab::RDF_SUBJECT, Term::NamedNode(o)) => StatementPart::Subject(o.as_str().to_owned()),
        (vocab::RDF_PREDICATE, Term::NamedNode(o)) => StatementPart::Predicate(o.as_str().to_owned()),
        (vocab::RDF_OBJECT, Term::NamedNode(o)) => StatementPart::Object(o.as_str().to_owned()),
        (vocab::PROV_DERIVED, Term::NamedNode(o)) => StatementPart::Document(o.as_str().to_owned()),
        (_, Term::Literal(l)) => match okg_local(predicate)? {
            "sentence" => StatementPart::Sentence(l.value().to_owned()),
            "start" => StatementPart::Start(l.value().parse().ok()),
            "end" => StatementPart::End(l.value().parse().ok()),
            "status" => StatementPart::Status,
            _ => return None,
        },
        _ => return None,
    })
}

impl StatementPart {
    fn set(self, st: &mut StatementParts) {
        match self {
            Self::IsStatement => st.is_statement = true,
            Self::Subject(v) => st.subject = Some(v),
            Self::Predicate(v) => st.predicate = Some(v),
            Self::Object(v) => st.object = Some(v),
            Self::Document(v) => st.document = Some(v),
            Self::Sentence(v) => st.sentence = Some(v),
            Self::Start(v) => st.start = v,
            Self::End(v) => st.end = v,
            Self::Status => st.has_status = true,
        }
    }
}

fn stmt<'a>(
    statements: &'a mut HashMap<String, StatementParts>,
    subject: &str,
    graph: &Option<String>,
) -> &'a mut StatementParts {
    let st = statements.entry(subject.to_owned()).or_default();
    if st.graph.is_none() {
        st.graph.clone_from(graph);
    }
    st
}

impl Projection {
    /// Builds the projection of a store.
    ///
    /// A store that keeps its knowledge graph in the default graph and each
    /// article's facts in a named graph (every orbitkg store, a TriG or
    /// N-Quads dump) is read by index: the entities by class, their names,
    /// the okg relations between them, and for each relation the article
    /// graphs that hold it; evidence is not read (see
    /// [`Projection::evidence`]). Any other graph is read quad by quad, in
    /// all graphs, as follows, with the same result on a store both can read.
    ///
    /// Entities are the IRIs typed with an okg class other than
    /// `okg:Document`; should one carry several (which the vocabulary
    /// forbids), the first by name is kept. Edges are the okg properties whose
    /// subject and object are both entities, in any graph (the default graph
    /// holds each once). Each edge's articles are the named graphs holding it
    /// and the documents of the reified `rdf:Statement`s about the same triple
    /// (for a symmetric relation, about either direction), which also give its
    /// evidence sentences; a statement with an `okg:status` (a fact told as
    /// planned, ended or not done) counts for neither.
    ///
    /// ```
    /// use oxigraph::{io::RdfFormat, store::Store};
    /// use orbitkg_graph::Projection;
    /// let store = Store::new()?;
    /// store.load_from_slice(RdfFormat::TriG, r#"
    ///   @prefix okg: <https://orbitkg.org/ns#> . @prefix id: <https://orbitkg.org/id/> .
    ///   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ///   <https://orbitkg.org/id/doc/1> {
    ///     id:nasa a okg:SpaceAgency ; rdfs:label "NASA"@en ; okg:participatesIn id:gateway .
    ///     id:gateway a okg:Program ; rdfs:label "Gateway"@en .
    ///   }"#)?;
    /// let projection = Projection::from_store(&store)?;
    /// assert_eq!(projection.graph().node_count(), 2);
    /// assert_eq!(projection.graph().edge_count(), 1);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_store(store: &Store) -> Result<Self, GraphError> {
        match Self::from_indexes(store)? {
            Some(projection) => Ok(projection),
            None => Self::from_every_quad(store),
        }
    }

    /// The projection from every quad of the store, evidence included (see
    /// [`Projection::from_store`], which reads a store with article graphs by
    /// index instead, to the same nodes, edges and article counts).
    pub fn from_every_quad(store: &Store) -> Result<Self, GraphError> {
        let mut entities: BTreeMap<String, EntityParts> = BTreeMap::new();
        let mut symmetric: BTreeSet<String> = vocab::SYMMETRIC_PROPERTIES.iter().map(|p| (*p).to_owned()).collect();
        let mut documents: BTreeMap<String, Option<String>> = BTreeMap::new();
        // (subject, property local name, object) -> graphs holding it
        let mut triples: BTreeMap<(String, String, String), BTreeSet<Option<String>>> = BTreeMap::new();
        let mut statements: HashMap<String, StatementParts> = HashMap::new();

        for quad in store.iter() {
            let quad = quad?;
            let graph = match &quad.graph_name {
                GraphName::NamedNode(g) => Some(g.as_str().to_owned()),
                _ => None,
            };
            let predicate = quad.predicate.as_str();
            let subject = match &quad.subject {
                NamedOrBlankNode::NamedNode(s) => s.as_str(),
                // Reified statements may be blank nodes; entities may not.
                NamedOrBlankNode::BlankNode(_) => {
                    if let Some(part) = statement_part(predicate, &quad.object) {
                        part.set(stmt(&mut statements, &quad.subject.to_string(), &graph));
                    }
                    continue;
                }
            };
            if let Some(part) = statement_part(predicate, &quad.object) {
                part.set(stmt(&mut statements, subject, &graph));
                continue;
            }
            match (predicate, &quad.object) {
                (vocab::RDF_TYPE, Term::NamedNode(class)) => {
                    if class.as_str() == vocab::OWL_SYMMETRIC {
                        if let Some(local) = okg_local(subject) {
                            symmetric.insert(local.to_owned());
                        }
                    } else if let Some(local) = okg_local(class.as_str()) {
                        if local == "Document" {
                            documents.entry(subject.to_owned()).or_default();
                        } else if !vocab::NON_ENTITY_CLASSES.contains(&local) {
                            entities.entry(subject.to_owned()).or_default().classes.insert(local.to_owned());
                        }
                    }
                }
                (vocab::RDFS_LABEL, Term::Literal(l)) => {
                    let english = l.language().is_none_or(|lang| lang.starts_with("en"));
                    // Sorting puts English labels (false < true) first.
                    entities.entry(subject.to_owned()).or_default().labels.insert((!english, l.value().to_owned()));
                }
                (vocab::SKOS_ALT_LABEL, Term::Literal(l)) => {
                    entities.entry(subject.to_owned()).or_default().alt_labels.insert(l.value().to_owned());
                }
                (vocab::OWL_SAME_AS, Term::NamedNode(o)) => {
                    entities.entry(subject.to_owned()).or_default().same_as.insert(o.as_str().to_owned());
                }
                (vocab::DCTERMS_TITLE, Term::Literal(l)) => {
                    documents.insert(subject.to_owned(), Some(l.value().to_owned()));
                }
                (_, Term::NamedNode(object)) => {
                    if let Some(property) = okg_local(predicate) {
                        triples
                            .entry((subject.to_owned(), property.to_owned(), object.as_str().to_owned()))
                            .or_default()
                            .insert(graph);
                    }
                }
                _ => {}
            }
        }

        // Only subjects with a class are entities; the label-only leftovers
        // (documents, ontology terms) are dropped here.
        let mut graph = DiGraph::new();
        let mut by_iri = HashMap::new();
        for (iri, parts) in entities {
            let Some(class) = parts.classes.into_iter().next() else {
                continue;
            };
            let label = parts.labels.into_iter().next().map_or_else(|| iri.clone(), |(_, l)| l);
            let index = graph.add_node(Entity {
                iri: iri.clone(),
                class,
                alt_labels: parts.alt_labels.into_iter().filter(|a| *a != label).collect(),
                label,
                same_as: parts.same_as.into_iter().collect(),
            });
            by_iri.insert(iri, index);
        }

        // Merge the two directions of symmetric relations, then attach evidence.
        let mut edges: BTreeMap<EdgeKey, (BTreeSet<String>, BTreeSet<Evidence>)> = BTreeMap::new();
        let key_of = |s: &str, p: &str, o: &str| -> Option<EdgeKey> {
            let (mut s, mut o) = (*by_iri.get(s)?, *by_iri.get(o)?);
            if symmetric.contains(p) && s > o {
                std::mem::swap(&mut s, &mut o);
            }
            Some((s, p.to_owned(), o))
        };
        for ((s, p, o), graphs) in triples {
            if let Some(key) = key_of(&s, &p, &o) {
                edges.entry(key).or_default().0.extend(graphs.into_iter().flatten());
            }
        }
        for st in statements.into_values() {
            // A sentence that tells the fact as planned, ended or not done is no evidence of it.
            let (true, false, Some(s), Some(p), Some(o)) =
                (st.is_statement, st.has_status, st.subject, st.predicate, st.object)
            else {
                continue;
            };
            let Some(p) = okg_local(&p) else { continue };
            let Some(document) = st.document.or(st.graph) else {
                continue;
            };
            let Some(edge) = key_of(&s, p, &o).and_then(|key| edges.get_mut(&key)) else {
                continue;
            };
            // The evidence names its document, so a dump without named graphs
            // (Turtle, N-Triples) still tells which articles assert the relation.
            edge.0.insert(document.clone());
            if let Some(sentence) = st.sentence {
                edge.1.insert(Evidence { document, start: st.start, end: st.end, sentence });
            }
        }
        for ((s, property, o), (articles, evidence)) in edges {
            graph.add_edge(
                s,
                o,
                Relation {
                    symmetric: symmetric.contains(&property),
                    property,
                    articles: articles.into_iter().collect(),
                    evidence: evidence.into_iter().take(MAX_EVIDENCE).collect(),
                },
            );
        }
        Ok(Self { graph, by_iri, documents })
    }

    /// The petgraph graph: nodes are entities, edges relations. A symmetric
    /// relation is a single edge; read [`Relation::symmetric`] before
    /// reading meaning into its direction.
    pub fn graph(&self) -> &DiGraph<Entity, Relation> {
        &self.graph
    }

    /// The entity at a node.
    pub fn entity(&self, node: NodeIndex) -> &Entity {
        &self.graph[node]
    }

    /// The node of an entity IRI.
    pub fn node(&self, iri: &str) -> Option<NodeIndex> {
        self.by_iri.get(iri).copied()
    }

    /// The documents (`okg:Document`) of the store, with their titles.
    pub fn documents(&self) -> &BTreeMap<String, Option<String>> {
        &self.documents
    }

    /// The okg properties that occur on edges, sorted.
    pub fn properties(&self) -> BTreeSet<&str> {
        self.graph.edge_weights().map(|r| r.property.as_str()).collect()
    }

    /// Finds the entity a person means by `name`: its IRI, else its label,
    /// else one of its alt labels, all case-insensitive.
    ///
    /// A name matching the labels of several entities (or, if none, the alt
    /// labels of several) is ambiguous; a name matching nothing is unknown,
    /// and the error suggests entities whose names contain it.
    pub fn resolve(&self, name: &str) -> Result<NodeIndex, GraphError> {
        let wanted = name.trim().to_lowercase();
        if let Some(node) = self.node(name.trim()) {
            return Ok(node);
        }
        // "id:jaxa": the prefixed name, whatever base the entity IRIs use.
        if let Some(local) = name.trim().strip_prefix("id:").filter(|l| !l.is_empty() && !l.contains('/')) {
            let suffix = format!("/{local}");
            let hits: Vec<NodeIndex> =
                self.graph.node_indices().filter(|&n| self.graph[n].iri.ends_with(&suffix)).collect();
            if let [one] = hits.as_slice() {
                return Ok(*one);
            }
        }
        let by = |matches: &dyn Fn(&Entity) -> bool| -> Vec<NodeIndex> {
            self.graph.node_indices().filter(|&n| matches(&self.graph[n])).collect()
        };
        // A single word that is only another name of one entity ("Yoon") may be
        // part of other entities' full names: then it is ambiguous, not theirs.
        let word_of_label = |e: &Entity| {
            !wanted.contains(' ') && e.label.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == wanted)
        };
        for (i, mut found) in [
            by(&|e: &Entity| e.label.to_lowercase() == wanted),
            by(&|e: &Entity| e.alt_labels.iter().any(|a| a.to_lowercase() == wanted)),
        ]
        .into_iter()
        .enumerate()
        {
            if i == 1 && !found.is_empty() {
                let class = self.graph[found[0]].class.clone();
                let more: Vec<NodeIndex> = by(&|e: &Entity| e.class == class && word_of_label(e))
                    .into_iter()
                    .filter(|n| !found.contains(n))
                    .collect();
                found.extend(more);
            }
            match found.as_slice() {
                [] => {}
                [one] => return Ok(*one),
                many => {
                    return Err(GraphError::AmbiguousEntity {
                        name: name.to_owned(),
                        candidates: many.iter().map(|&n| self.candidate(n)).collect(),
                    });
                }
            }
        }
        const MAX_SUGGESTIONS: usize = 10;
        let close = |s: &str| {
            let s = s.to_lowercase();
            !wanted.is_empty() && (s.contains(&wanted) || (s.len() >= 3 && wanted.contains(&s)))
        };
        let candidates = by(&|e: &Entity| close(&e.label) || e.alt_labels.iter().any(|a| close(a)))
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|n| self.candidate(n))
            .collect();
        Err(GraphError::UnknownEntity { name: name.to_owned(), candidates })
    }

    pub(crate) fn candidate(&self, node: NodeIndex) -> Candidate {
        let e = &self.graph[node];
        Candidate { label: e.label.clone(), class: e.class.clone(), iri: e.iri.clone() }
    }

    /// The simple undirected graph the analyses run on: same node indices,
    /// one edge per pair of related entities (whatever the number of
    /// relations and their directions), no self-loops. The edge weight is the
    /// sum of the pair's relation weights (article counts).
    pub fn undirected(&self) -> UnGraph<(), f64> {
        let mut pairs: BTreeMap<(NodeIndex, NodeIndex), f64> = BTreeMap::new();
        for edge in self.graph.raw_edges() {
            let (a, b) = (edge.source(), edge.target());
            if a != b {
                *pairs.entry((a.min(b), a.max(b))).or_default() += edge.weight.weight() as f64;
            }
        }
        let mut simple = UnGraph::with_capacity(self.graph.node_count(), pairs.len());
        for _ in self.graph.node_indices() {
            simple.add_node(());
        }
        for ((a, b), w) in pairs {
            simple.add_edge(a, b, w);
        }
        simple
    }

    /// Validates property names against the relations of the vocabulary and
    /// of this graph (case-insensitive), returning their canonical spelling.
    pub fn properties_named<S: AsRef<str>>(&self, names: &[S]) -> Result<Vec<String>, GraphError> {
        let mut known: BTreeSet<&str> = vocab::RELATIONS.iter().copied().collect();
        known.extend(self.properties());
        names
            .iter()
            .map(|name| {
                let name = name.as_ref();
                let local = okg_local(name).unwrap_or(name).trim_start_matches("okg:");
                known.iter().find(|k| k.eq_ignore_ascii_case(local)).map(|k| (*k).to_owned()).ok_or_else(|| {
                    GraphError::UnknownProperty {
                        name: name.to_owned(),
                        known: known.iter().map(|k| (*k).to_owned()).collect(),
                    }
                })
            })
            .collect()
    }
}
