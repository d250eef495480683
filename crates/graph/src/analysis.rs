//! Analyses of a [`Projection`], each returning a plain serialisable result.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::str::FromStr;

use petgraph::graph::{EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::projection::{Evidence, Projection, Relation};
use crate::{ClassFilter, GraphError, algo};

/// How many shortest paths [`Projection::path`] lists at most.
pub const MAX_PATHS: usize = 16;

/// An entity as results name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityRef {
    /// Its `rdfs:label`.
    pub label: String,
    /// Its leaf class local name.
    pub class: String,
    /// Its IRI.
    pub iri: String,
}

impl Projection {
    /// The [`EntityRef`] of a node.
    pub fn entity_ref(&self, node: NodeIndex) -> EntityRef {
        let e = self.entity(node);
        EntityRef { label: e.label.clone(), class: e.class.clone(), iri: e.iri.clone() }
    }
}

/// Pairs of entities linked through shared entities of another class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Links {
    /// The class of the linked entities, e.g. `SpaceAgency`.
    pub from: String,
    /// The class they are linked through, e.g. `Program`.
    pub via: String,
    /// Linked pairs, most shared entities first.
    pub pairs: Vec<LinkedPair>,
    /// Which `from` entity is related to which `via` entity.
    pub incidence: Incidence,
}

/// Two entities related to the same entities of the `via` class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedPair {
    /// One entity (the smaller by label).
    pub a: EntityRef,
    /// The other.
    pub b: EntityRef,
    /// The `via` entities both are related to, by label.
    pub shared: Vec<EntityRef>,
    /// Distinct articles asserting any of the relations between `a` or `b`
    /// and a shared entity.
    pub articles: usize,
}

/// The `from` × `via` incidence table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incidence {
    /// `from` entities related to at least one `via` entity, by label.
    pub rows: Vec<EntityRef>,
    /// `via` entities related to at least one `from` entity, by label.
    pub columns: Vec<EntityRef>,
    /// `cells[r][c]`: distinct articles relating `rows[r]` and `columns[c]`
    /// (0: not related).
    pub cells: Vec<Vec<usize>>,
}

/// A centrality measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Degree / (n − 1).
    Degree,
    /// Brandes betweenness, normalised, endpoints excluded.
    Betweenness,
    /// PageRank, damping 0.85.
    PageRank,
    /// Closeness with the Wasserman–Faust correction for disconnected graphs.
    Closeness,
}

impl Measure {
    /// Every measure, in documentation order.
    pub const ALL: [Measure; 4] = [Measure::Degree, Measure::Betweenness, Measure::PageRank, Measure::Closeness];

    /// The measure's lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::PageRank => "pagerank",
            Measure::Closeness => "closeness",
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Measure {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Measure::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown measure {s:?}; use degree, betweenness, pagerank or closeness"))
    }
}

/// Entities ranked by a centrality measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Centrality {
    /// The measure.
    pub measure: Measure,
    /// The classes kept, e.g. `Organization`.
    pub class: String,
    /// The ranked entities, highest score first.
    pub scores: Vec<Score>,
}

/// One entity's centrality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 1-based rank among the entities kept.
    pub rank: usize,
    /// The entity.
    pub entity: EntityRef,
    /// Its score.
    pub score: f64,
    /// Its number of related entities.
    pub degree: usize,
}

/// Shortest paths between two entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paths {
    /// Where the paths start.
    pub from: EntityRef,
    /// Where they end.
    pub to: EntityRef,
    /// Number of hops, `None` when the two are not connected.
    pub length: Option<usize>,
    /// Every shortest path (at most [`MAX_PATHS`]), in node-index order.
    pub paths: Vec<Path>,
}

impl Paths {
    /// Gives each hop without a sentence the first of its relation's
    /// evidence in `store` (a projection read by index carries none): only
    /// the hops printed are looked up.
    pub fn fill_evidence(&mut self, store: &oxigraph::store::Store) -> Result<(), GraphError> {
        for hop in self.paths.iter_mut().flat_map(|p| p.hops.iter_mut()).filter(|h| h.evidence.is_none()) {
            let (s, o) = match hop.direction {
                Direction::Backward => (&hop.to.iri, &hop.from.iri),
                _ => (&hop.from.iri, &hop.to.iri),
            };
            let symmetric = hop.direction == Direction::Both;
            hop.evidence = Projection::evidence(store, s, &hop.property, o, symmetric)?.into_iter().next();
        }
        Ok(())
    }
}

/// One path, hop by hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    /// The hops, from [`Paths::from`] to [`Paths::to`].
    pub hops: Vec<Hop>,
}

/// Which way a relation points, seen from the hop's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// `from property to`.
    Forward,
    /// `to property from`.
    Backward,
    /// A symmetric property: both.
    Both,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Where the hop starts.
    pub from: EntityRef,
    /// Where it ends.
    pub to: EntityRef,
    /// The relation (the best supported, when the pair has several).
    pub property: String,
    /// Which way it points.
    pub direction: Direction,
    /// Articles asserting it.
    pub articles: usize,
    /// One supporting sentence, if the store holds any.
    pub evidence: Option<Evidence>,
}

/// Communities found by Louvain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    /// Modularity of the partition (on the article-weighted graph).
    pub modularity: f64,
    /// The communities, largest first.
    pub clusters: Vec<Cluster>,
}

/// One community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// 1-based number, in the order listed.
    pub id: usize,
    /// Members, by label.
    pub members: Vec<EntityRef>,
}

/// The entities around one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neighborhood {
    /// The entity asked about.
    pub center: EntityRef,
    /// How many hops out.
    pub depth: usize,
    /// Every entity within `depth` hops (the centre too, at distance 0), by
    /// distance then label.
    pub nodes: Vec<Neighbor>,
    /// Every relation between two of those entities.
    pub edges: Vec<EdgeView>,
}

/// An entity at some distance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neighbor {
    /// The entity.
    pub entity: EntityRef,
    /// Hops from the centre.
    pub distance: usize,
}

/// A relation as results show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeView {
    /// Subject.
    pub source: EntityRef,
    /// okg property local name.
    pub property: String,
    /// Object.
    pub target: EntityRef,
    /// Whether the property is symmetric.
    pub symmetric: bool,
    /// Articles asserting it.
    pub articles: usize,
}

impl Projection {
    /// Links entities of class `from` through shared entities of class
    /// `via`: two `from` entities are linked when both are directly related
    /// (by any okg relation, in either direction) to the same `via` entity —
    /// with the defaults, two space agencies that participate in the same
    /// program. Indirect routes (`X signed A`, `A concerns P`) are not
    /// followed; ask `via Agreement` for those.
    pub fn links(&self, from: &ClassFilter, via: &ClassFilter) -> Links {
        let graph = self.graph();
        // (from node, via node) -> articles relating them
        let mut incidence: BTreeMap<(NodeIndex, NodeIndex), BTreeSet<&str>> = BTreeMap::new();
        for edge in graph.edge_references() {
            for (x, v) in [(edge.source(), edge.target()), (edge.target(), edge.source())] {
                if x != v && from.contains(&self.entity(x).class) && via.contains(&self.entity(v).class) {
                    let articles = incidence.entry((x, v)).or_default();
                    articles.extend(edge.weight().articles.iter().map(String::as_str));
                }
            }
        }
        let mut by_via: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
        for &(x, v) in incidence.keys() {
            by_via.entry(v).or_default().push(x);
        }
        let mut pairs: BTreeMap<(NodeIndex, NodeIndex), Vec<NodeIndex>> = BTreeMap::new();
        for (&v, xs) in &by_via {
            for (i, &a) in xs.iter().enumerate() {
                for &b in &xs[i + 1..] {
                    pairs.entry((a, b)).or_default().push(v);
                }
            }
        }
        let count = |a: NodeIndex, b: NodeIndex, shared: &[NodeIndex]| -> usize {
            let mut articles = BTreeSet::new();
            let mut weightless = false;
            for &v in shared {
                for x in [a, b] {
                    let docs = &incidence[&(x, v)];
                    weightless |= docs.is_empty();
                    articles.extend(docs.iter().copied());
                }
            }
            articles.len().max(usize::from(weightless))
        };
        let mut pairs: Vec<LinkedPair> = pairs
            .into_iter()
            .map(|((a, b), shared)| {
                let articles = count(a, b, &shared);
                let (a, b) = sorted_pair(self.entity_ref(a), self.entity_ref(b));
                let mut shared: Vec<EntityRef> = shared.iter().map(|&v| self.entity_ref(v)).collect();
                shared.sort();
                LinkedPair { a, b, shared, articles }
            })
            .collect();
        pairs.sort_by(|p, q| {
            (q.shared.len(), q.articles)
                .cmp(&(p.shared.len(), p.articles))
                .then_with(|| (&p.a, &p.b).cmp(&(&q.a, &q.b)))
        });

        let mut rows: Vec<NodeIndex> = incidence.keys().map(|&(x, _)| x).collect();
        let mut columns: Vec<NodeIndex> = incidence.keys().map(|&(_, v)| v).collect();
        for list in [&mut rows, &mut columns] {
            list.sort_by_key(|&n| self.entity_ref(n));
            list.dedup();
        }
        let cells = rows
            .iter()
            .map(|&x| columns.iter().map(|&v| incidence.get(&(x, v)).map_or(0, |d| d.len().max(1))).collect())
            .collect();
        Links {
            from: from.name().to_owned(),
            via: via.name().to_owned(),
            pairs,
            incidence: Incidence {
                rows: rows.iter().map(|&n| self.entity_ref(n)).collect(),
                columns: columns.iter().map(|&n| self.entity_ref(n)).collect(),
                cells,
            },
        }
    }

    /// Ranks entities by a centrality measure.
    ///
    /// Scores are computed on the whole graph — the simple undirected
    /// [`Projection::undirected`] graph, unweighted — and only then filtered to
    /// `class` and cut to the `top` entries, so a country's betweenness counts
    /// paths through people and programs too. Normalisation follows networkx
    /// defaults: `degree_centrality`, `betweenness_centrality`
    /// (normalized, endpoints excluded), `pagerank` (alpha 0.85, tol 1e-6,
    /// unweighted) and `closeness_centrality` (wf_improved). Ties rank by label.
    pub fn centrality(&self, measure: Measure, class: Option<&ClassFilter>, top: Option<usize>) -> Centrality {
        let simple = self.undirected();
        let scores = match measure {
            Measure::Degree => algo::degree_centrality(&simple),
            Measure::Betweenness => algo::betweenness_centrality(&simple, None),
            Measure::PageRank => {
                algo::pagerank(&simple, algo::PAGERANK_ALPHA, algo::PAGERANK_MAX_ITER, algo::PAGERANK_TOL)
            }
            Measure::Closeness => algo::closeness_centrality(&simple),
        };
        let mut ranked: Vec<(NodeIndex, f64)> = self
            .graph()
            .node_indices()
            .filter(|&n| class.is_none_or(|c| c.contains(&self.entity(n).class)))
            .map(|n| (n, scores[n.index()]))
            .collect();
        ranked.sort_by(|(a, x), (b, y)| y.total_cmp(x).then_with(|| self.entity(*a).label.cmp(&self.entity(*b).label)));
        ranked.truncate(top.unwrap_or(usize::MAX));
        Centrality {
            measure,
            class: class.map_or("Entity", |c| c.name()).to_owned(),
            scores: ranked
                .into_iter()
                .enumerate()
                .map(|(i, (n, score))| Score {
                    rank: i + 1,
                    entity: self.entity_ref(n),
                    score,
                    degree: simple.neighbors(n).count(),
                })
                .collect(),
        }
    }

    /// Every shortest path (up to [`MAX_PATHS`]) between two entities named
    /// as [`Projection::resolve`] reads names, ignoring relation directions.
    /// Each hop names its relation — when a pair has several, the one most
    /// articles assert, then by property name — and one evidence sentence.
    pub fn path(&self, a: &str, b: &str) -> Result<Paths, GraphError> {
        let (from, to) = (self.resolve(a)?, self.resolve(b)?);
        let simple = self.undirected();
        let n = simple.node_count();
        let mut dist = vec![u32::MAX; n];
        let mut order = Vec::new();
        algo::bfs(&simple, from.index(), &mut dist, &mut order);
        let mut result =
            Paths { from: self.entity_ref(from), to: self.entity_ref(to), length: None, paths: Vec::new() };
        if dist[to.index()] == u32::MAX {
            return Ok(result);
        }
        result.length = Some(dist[to.index()] as usize);
        // Walk back from `to` through neighbours one step closer to `from`.
        let mut node_paths: Vec<Vec<NodeIndex>> = Vec::new();
        let mut stack: Vec<Vec<NodeIndex>> = vec![vec![to]];
        while let Some(partial) = stack.pop() {
            if node_paths.len() == MAX_PATHS {
                break;
            }
            let head = *partial.last().expect("paths are never empty");
            if head == from {
                node_paths.push(partial.into_iter().rev().collect());
                continue;
            }
            let mut steps: Vec<NodeIndex> =
                simple.neighbors(head).filter(|v| dist[v.index()] + 1 == dist[head.index()]).collect();
            // Reverse order on the stack, so smaller indices come out first.
            steps.sort_unstable_by(|x, y| y.cmp(x));
            for v in steps {
                let mut longer = partial.clone();
                longer.push(v);
                stack.push(longer);
            }
        }
        node_paths.sort();
        result.paths = node_paths
            .iter()
            .map(|nodes| Path { hops: nodes.windows(2).map(|w| self.hop(w[0], w[1])).collect() })
            .collect();
        Ok(result)
    }

    fn hop(&self, from: NodeIndex, to: NodeIndex) -> Hop {
        let best = self
            .relations_between(from, to)
            .max_by(|x, y| {
                x.weight()
                    .weight()
                    .cmp(&y.weight().weight())
                    .then_with(|| y.weight().property.cmp(&x.weight().property))
            })
            .expect("consecutive path nodes are related");
        let relation = best.weight();
        Hop {
            from: self.entity_ref(from),
            to: self.entity_ref(to),
            property: relation.property.clone(),
            direction: if relation.symmetric {
                Direction::Both
            } else if best.source() == from {
                Direction::Forward
            } else {
                Direction::Backward
            },
            articles: relation.weight(),
            evidence: relation.evidence.first().cloned(),
        }
    }

    fn relations_between(&self, a: NodeIndex, b: NodeIndex) -> impl Iterator<Item = EdgeReference<'_, Relation>> {
        self.graph().edges_connecting(a, b).chain(self.graph().edges_connecting(b, a))
    }

    /// Louvain communities of the simple undirected graph, each pair of
    /// related entities weighted by its article count (see
    /// [`algo::louvain`] for the deterministic tie-break).
    pub fn communities(&self) -> Communities {
        let simple = self.undirected();
        let found = algo::louvain(&simple);
        let modularity = algo::modularity(&simple, &found);
        let mut clusters: Vec<Vec<EntityRef>> = found
            .into_iter()
            .map(|c| {
                let mut members: Vec<EntityRef> = c.into_iter().map(|v| self.entity_ref(NodeIndex::new(v))).collect();
                members.sort();
                members
            })
            .collect();
        clusters.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        Communities {
            modularity,
            clusters: clusters.into_iter().enumerate().map(|(i, members)| Cluster { id: i + 1, members }).collect(),
        }
    }

    /// Every entity within `depth` hops of the named entity, ignoring relation
    /// directions, and every relation among them (the ego graph).
    pub fn neighbors(&self, name: &str, depth: usize) -> Result<Neighborhood, GraphError> {
        let center = self.resolve(name)?;
        let within = self.within(center, depth);
        let mut nodes: Vec<Neighbor> =
            within.iter().map(|(&n, &distance)| Neighbor { entity: self.entity_ref(n), distance }).collect();
        nodes.sort_by(|a, b| (a.distance, &a.entity).cmp(&(b.distance, &b.entity)));
        let mut edges: Vec<EdgeView> = self
            .graph()
            .edge_references()
            .filter(|e| within.contains_key(&e.source()) && within.contains_key(&e.target()))
            .map(|e| self.edge_view(e))
            .collect();
        edges.sort_by(|a, b| (&a.source, &a.property, &a.target).cmp(&(&b.source, &b.property, &b.target)));
        Ok(Neighborhood { center: self.entity_ref(center), depth, nodes, edges })
    }

    /// Nodes within `depth` hops of `center` (ignoring directions), with
    /// their distances.
    pub(crate) fn within(&self, center: NodeIndex, depth: usize) -> BTreeMap<NodeIndex, usize> {
        let mut seen = BTreeMap::from([(center, 0)]);
        let mut queue = VecDeque::from([center]);
        while let Some(v) = queue.pop_front() {
            let d = seen[&v];
            if d == depth {
                continue;
            }
            for u in self.graph().neighbors_undirected(v) {
                if let Entry::Vacant(slot) = seen.entry(u) {
                    slot.insert(d + 1);
                    queue.push_back(u);
                }
            }
        }
        seen
    }

    fn edge_view(&self, e: EdgeReference<'_, Relation>) -> EdgeView {
        EdgeView {
            source: self.entity_ref(e.source()),
            property: e.weight().property.clone(),
            target: self.entity_ref(e.target()),
            symmetric: e.weight().symmetric,
            articles: e.weight().weight(),
        }
    }
}

fn sorted_pair(a: EntityRef, b: EntityRef) -> (EntityRef, EntityRef) {
    if a <= b { (a, b) } else { (b, a) }
}
