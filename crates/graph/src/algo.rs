//! Graph algorithms on simple undirected petgraph graphs, written to give the
//! numbers networkx gives with its defaults.
//!
//! Every function expects a *simple undirected* graph (at most one edge per
//! pair, no self-loops), such as [`Projection::undirected`]; on a graph with
//! parallel edges, neighbours are counted once per edge.
//!
//! Why not petgraph's or rustworkx-core's: petgraph 0.8's `page_rank` is dense
//! (every iteration visits every pair of nodes, hopeless at 100k nodes) and
//! differs from networkx's iteration; rustworkx-core 0.18 builds here and has
//! exact Brandes betweenness and closeness, but no betweenness from a given
//! sample of pivot nodes, which the networkx comparison needs at scale.
//! Brandes and BFS closeness are a few lines each, so one implementation
//! serves both exact and sampled uses, checked against networkx in the tests.
//!
//! [`Projection::undirected`]: crate::Projection::undirected

use std::collections::BTreeMap;

use petgraph::visit::{EdgeRef, IntoEdgeReferences, IntoNeighbors, NodeCount, NodeIndexable};

/// Degree centrality as networkx's `degree_centrality`: degree / (n − 1),
/// and 1 for every node of a one-node graph.
pub fn degree_centrality<G>(graph: G) -> Vec<f64>
where
    G: IntoNeighbors + NodeIndexable + NodeCount,
{
    let n = graph.node_bound();
    if n <= 1 {
        return vec![1.0; n];
    }
    let scale = 1.0 / (n - 1) as f64;
    (0..n).map(|i| graph.neighbors(graph.from_index(i)).count() as f64 * scale).collect()
}

/// Betweenness centrality by Brandes' algorithm, unweighted, endpoints
/// excluded and normalised, as networkx's `betweenness_centrality(G,
/// normalized=True)` on an undirected graph.
///
/// With `pivots`, only shortest paths from those source nodes are counted
/// and the result is rescaled as networkx 3.6 does for `k` sampled sources
/// (`1 / ((k − 1)(n − 2))` for a pivot, `1 / (k (n − 2))` for any other node),
/// so that passing the nodes networkx sampled gives networkx's numbers.
/// Repeated pivots are counted once.
///
/// ```
/// use petgraph::graph::UnGraph;
/// use orbitkg_graph::algo::betweenness_centrality;
/// // A path a - b - c: every path between the ends passes b.
/// let g = UnGraph::<(), ()>::from_edges([(0, 1), (1, 2)]);
/// assert_eq!(betweenness_centrality(&g, None), vec![0.0, 1.0, 0.0]);
/// ```
pub fn betweenness_centrality<G>(graph: G, pivots: Option<&[usize]>) -> Vec<f64>
where
    G: IntoNeighbors + NodeIndexable + NodeCount,
{
    let n = graph.node_bound();
    let mut betweenness = vec![0.0; n];
    let sources: Vec<usize> = match pivots {
        Some(p) => {
            let mut seen = vec![false; n];
            p.iter().copied().filter(|&s| s < n && !std::mem::replace(&mut seen[s], true)).collect()
        }
        None => (0..n).collect(),
    };
    let mut dist = vec![u32::MAX; n];
    let mut sigma = vec![0.0_f64; n];
    let mut delta = vec![0.0_f64; n];
    // Nodes in BFS order: the queue while searching, then the stack (read
    // backwards) while accumulating.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for &s in &sources {
        bfs(graph, s, &mut dist, &mut order);
        // Shortest-path counts, in BFS order so that every predecessor is final.
        sigma[s] = 1.0;
        for &v in &order {
            for w in graph.neighbors(graph.from_index(v)) {
                let w = graph.to_index(w);
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // The predecessors of w are its neighbours one step closer to s, so
        // they need not be stored.
        for &w in order.iter().rev() {
            if w == s {
                continue;
            }
            let coeff = (1.0 + delta[w]) / sigma[w];
            for v in graph.neighbors(graph.from_index(w)) {
                let v = graph.to_index(v);
                if dist[v] + 1 == dist[w] {
                    delta[v] += sigma[v] * coeff;
                }
            }
            betweenness[w] += delta[w];
        }
        for &w in &order {
            dist[w] = u32::MAX;
            sigma[w] = 0.0;
            delta[w] = 0.0;
        }
    }
    rescale_betweenness(&mut betweenness, &sources, pivots.is_some());
    betweenness
}

/// networkx 3.6's `_rescale` for normalised, undirected betweenness without
/// endpoints.
fn rescale_betweenness(betweenness: &mut [f64], sources: &[usize], sampled: bool) {
    let n = betweenness.len();
    // Pairs (s, t) with s != t that can pass through v != t.
    let big_n = n.saturating_sub(1);
    if big_n < 2 {
        return;
    }
    let k = sources.len();
    if !sampled || k == n {
        let scale = 1.0 / (big_n * (big_n - 1)) as f64;
        betweenness.iter_mut().for_each(|b| *b *= scale);
        return;
    }
    let scale_source = if k > 1 { 1.0 / ((k - 1) * (big_n - 1)) as f64 } else { f64::NAN };
    let scale_other = 1.0 / (k * (big_n - 1)) as f64;
    let mut is_source = vec![false; n];
    sources.iter().for_each(|&s| is_source[s] = true);
    for (v, b) in betweenness.iter_mut().enumerate() {
        *b *= if is_source[v] { scale_source } else { scale_other };
    }
}

/// Closeness centrality as networkx's `closeness_centrality` (with
/// `wf_improved=True`): `(r − 1) / Σd · (r − 1) / (n − 1)` where `r` counts the
/// nodes reachable from the node (itself included) and `Σd` sums their
/// distances; 0 for an isolated node.
pub fn closeness_centrality<G>(graph: G) -> Vec<f64>
where
    G: IntoNeighbors + NodeIndexable + NodeCount,
{
    let n = graph.node_bound();
    let mut dist = vec![u32::MAX; n];
    let mut order = Vec::with_capacity(n);
    (0..n)
        .map(|s| {
            bfs(graph, s, &mut dist, &mut order);
            let reached = order.len();
            let total: u64 = order.iter().map(|&v| u64::from(dist[v])).sum();
            order.iter().for_each(|&v| dist[v] = u32::MAX);
            if total == 0 || n <= 1 {
                return 0.0;
            }
            let r = (reached - 1) as f64;
            r / total as f64 * (r / (n - 1) as f64)
        })
        .collect()
}

/// Breadth-first search from `s`, filling `dist` (which must hold `u32::MAX`
/// for every node on entry) and `order` with the nodes reached, in order.
pub(crate) fn bfs<G>(graph: G, s: usize, dist: &mut [u32], order: &mut Vec<usize>)
where
    G: IntoNeighbors + NodeIndexable,
{
    order.clear();
    dist[s] = 0;
    order.push(s);
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        for w in graph.neighbors(graph.from_index(v)) {
            let w = graph.to_index(w);
            if dist[w] == u32::MAX {
                dist[w] = dist[v] + 1;
                order.push(w);
            }
        }
    }
}

/// The damping factor networkx's `pagerank` uses by default.
pub const PAGERANK_ALPHA: f64 = 0.85;
/// networkx's default iteration cap for `pagerank`.
pub const PAGERANK_MAX_ITER: usize = 100;
/// networkx's default tolerance: iteration stops once the L1 change is
/// below `n · tol`.
pub const PAGERANK_TOL: f64 = 1e-6;

/// PageRank by power iteration, exactly as networkx's `pagerank` on an
/// unweighted undirected graph (each edge followed both ways): uniform start,
/// uniform teleport, dangling (isolated) nodes' rank spread uniformly,
/// stopping when the L1 change falls below `n · tol`, or after `max_iter`
/// iterations (where networkx raises, this returns the last iterate).
pub fn pagerank<G>(graph: G, alpha: f64, max_iter: usize, tol: f64) -> Vec<f64>
where
    G: IntoNeighbors + NodeIndexable + NodeCount,
{
    let n = graph.node_bound();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let degree: Vec<usize> = (0..n).map(|i| graph.neighbors(graph.from_index(i)).count()).collect();
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iter {
        let dangling: f64 = (0..n).filter(|&i| degree[i] == 0).map(|i| x[i]).sum();
        let base = alpha * dangling / nf + (1.0 - alpha) / nf;
        next.iter_mut().for_each(|v| *v = base);
        for (i, &d) in degree.iter().enumerate() {
            if d > 0 {
                let share = alpha * x[i] / d as f64;
                for j in graph.neighbors(graph.from_index(i)) {
                    next[graph.to_index(j)] += share;
                }
            }
        }
        let err: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if err < nf * tol {
            break;
        }
    }
    x
}

/// Modularity of a partition of a weighted undirected graph, as networkx's
/// `community.modularity` (resolution 1): `Σ_c L_c / m − (d_c / 2m)²`.
pub fn modularity<G>(graph: G, communities: &[Vec<usize>]) -> f64
where
    G: IntoEdgeReferences<EdgeWeight = f64> + NodeIndexable,
{
    let n = graph.node_bound();
    let mut community = vec![usize::MAX; n];
    for (c, members) in communities.iter().enumerate() {
        members.iter().for_each(|&v| community[v] = c);
    }
    let mut inner = vec![0.0; communities.len()];
    let mut degree = vec![0.0; communities.len()];
    let mut m = 0.0;
    for e in graph.edge_references() {
        let (a, b) = (graph.to_index(e.source()), graph.to_index(e.target()));
        let w = *e.weight();
        m += w;
        degree[community[a]] += w;
        degree[community[b]] += w;
        if community[a] == community[b] {
            inner[community[a]] += w;
        }
    }
    if m == 0.0 {
        return 0.0;
    }
    inner.iter().zip(&degree).map(|(l, d)| l / m - (d / (2.0 * m)).powi(2)).sum()
}

/// Smallest modularity gain that counts as an improvement when moving a node
/// (guards against cycling on rounding noise) …
const MOVE_EPSILON: f64 = 1e-12;
/// … and smallest gain of a whole level for Louvain to go on (networkx's
/// `threshold` default).
const LEVEL_THRESHOLD: f64 = 1e-7;

/// Louvain community detection on a weighted undirected graph, following
/// networkx's `louvain_communities` (resolution 1, threshold 1e-7) but
/// reproducible: where networkx visits nodes in a random order, this runs
/// Louvain three times — visiting the nodes of the first level by index,
/// by decreasing degree, and by decreasing index — and keeps the partition of
/// highest modularity (the first on a tie). Among equally good moves a node
/// joins the community with the smallest number.
///
/// Returns the communities, each a sorted list of node indices, sorted.
pub fn louvain<G>(graph: G) -> Vec<Vec<usize>>
where
    G: IntoEdgeReferences<EdgeWeight = f64> + NodeIndexable,
{
    let n = graph.node_bound();
    let mut level = Level::new(n);
    for e in graph.edge_references() {
        let (a, b) = (graph.to_index(e.source()), graph.to_index(e.target()));
        level.add_edge(a, b, *e.weight());
    }
    let m = level.total_weight();
    if m == 0.0 {
        return (0..n).map(|v| vec![v]).collect();
    }
    let by_index: Vec<usize> = (0..n).collect();
    let mut by_degree = by_index.clone();
    by_degree.sort_by(|&a, &b| level.degree(b).total_cmp(&level.degree(a)).then(a.cmp(&b)));
    let reversed: Vec<usize> = (0..n).rev().collect();
    let mut best: Option<(f64, Vec<Vec<usize>>)> = None;
    for order in [by_index, by_degree, reversed] {
        let found = louvain_from(&level, &order, m);
        let mut community = vec![0; n];
        for (c, members) in found.iter().enumerate() {
            members.iter().for_each(|&v| community[v] = c);
        }
        let quality = level.modularity(&community, m);
        if best.as_ref().is_none_or(|(q, _)| quality > q + MOVE_EPSILON) {
            best = Some((quality, found));
        }
    }
    best.map(|(_, found)| found).unwrap_or_default()
}

/// One run of Louvain, visiting the first level's nodes in `order`.
fn louvain_from(first_level: &Level, order: &[usize], m: f64) -> Vec<Vec<usize>> {
    let n = first_level.adjacency.len();
    // members[c] = original nodes inside node c of the current level.
    let mut members: Vec<Vec<usize>> = (0..n).map(|v| vec![v]).collect();
    let mut quality = first_level.modularity(&(0..n).collect::<Vec<_>>(), m);
    let mut level: Option<Level> = None;
    loop {
        let current = level.as_ref().unwrap_or(first_level);
        let (community, moved) = match &level {
            None => current.one_level(m, order),
            Some(l) => l.one_level(m, &(0..l.adjacency.len()).collect::<Vec<_>>()),
        };
        if !moved && level.is_some() {
            break;
        }
        // Renumber communities by first appearance, so numbering is stable.
        let mut renumber = vec![usize::MAX; community.len()];
        let mut count = 0;
        for &c in &community {
            if renumber[c] == usize::MAX {
                renumber[c] = count;
                count += 1;
            }
        }
        let community: Vec<usize> = community.iter().map(|&c| renumber[c]).collect();
        let mut merged: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (node, inside) in members.into_iter().enumerate() {
            merged[community[node]].extend(inside);
        }
        members = merged;
        let new_quality = current.modularity(&community, m);
        if new_quality - quality <= LEVEL_THRESHOLD {
            break;
        }
        quality = new_quality;
        level = Some(current.aggregate(&community, count));
    }
    for c in &mut members {
        c.sort_unstable();
    }
    members.sort();
    members
}

/// One level of Louvain: a weighted graph whose nodes are the communities of
/// the level below.
struct Level {
    /// Neighbour -> weight, without self-loops; BTreeMap for a fixed order.
    adjacency: Vec<BTreeMap<usize, f64>>,
    /// Weight of each node's self-loop (edges inside it, below).
    self_loops: Vec<f64>,
}

impl Level {
    fn new(n: usize) -> Self {
        Self { adjacency: vec![BTreeMap::new(); n], self_loops: vec![0.0; n] }
    }

    fn add_edge(&mut self, a: usize, b: usize, w: f64) {
        if a == b {
            self.self_loops[a] += w;
        } else {
            *self.adjacency[a].entry(b).or_default() += w;
            *self.adjacency[b].entry(a).or_default() += w;
        }
    }

    /// Weighted degree, a self-loop counting twice (as in networkx).
    fn degree(&self, v: usize) -> f64 {
        self.adjacency[v].values().sum::<f64>() + 2.0 * self.self_loops[v]
    }

    fn total_weight(&self) -> f64 {
        (0..self.adjacency.len()).map(|v| self.degree(v)).sum::<f64>() / 2.0
    }

    fn modularity(&self, community: &[usize], m: f64) -> f64 {
        let count = community.iter().max().map_or(0, |c| c + 1);
        let mut inner = vec![0.0; count];
        let mut degree = vec![0.0; count];
        for v in 0..self.adjacency.len() {
            let c = community[v];
            degree[c] += self.degree(v);
            inner[c] += self.self_loops[v];
            for (&u, &w) in &self.adjacency[v] {
                if u > v && community[u] == c {
                    inner[c] += w;
                }
            }
        }
        inner.iter().zip(&degree).map(|(l, d)| l / m - (d / (2.0 * m)).powi(2)).sum()
    }

    /// Moves nodes between communities while that raises modularity;
    /// returns each node's community and whether any node moved.
    fn one_level(&self, m: f64, order: &[usize]) -> (Vec<usize>, bool) {
        let n = self.adjacency.len();
        let degree: Vec<f64> = (0..n).map(|v| self.degree(v)).collect();
        let mut community: Vec<usize> = (0..n).collect();
        let mut total: Vec<f64> = degree.clone();
        let mut moved_any = false;
        // Each pass strictly raises modularity, so this always ends; the cap
        // is a guard, not a tuning knob.
        for _ in 0..10_000 {
            let mut moved = false;
            for &v in order {
                let current = community[v];
                let mut weights: BTreeMap<usize, f64> = BTreeMap::new();
                for (&u, &w) in &self.adjacency[v] {
                    *weights.entry(community[u]).or_default() += w;
                }
                total[current] -= degree[v];
                let k = degree[v];
                let stay = weights.get(&current).copied().unwrap_or(0.0);
                let remove_cost = -stay / m + total[current] * k / (2.0 * m * m);
                let mut best = current;
                let mut best_gain = 0.0;
                for (&c, &w) in &weights {
                    if c == current {
                        continue;
                    }
                    let gain = remove_cost + w / m - total[c] * k / (2.0 * m * m);
                    if gain > best_gain + MOVE_EPSILON {
                        best = c;
                        best_gain = gain;
                    }
                }
                total[best] += k;
                if best != current {
                    community[v] = best;
                    moved = true;
                    moved_any = true;
                }
            }
            if !moved {
                break;
            }
        }
        (community, moved_any)
    }

    fn aggregate(&self, community: &[usize], count: usize) -> Self {
        let mut next = Self::new(count);
        for v in 0..self.adjacency.len() {
            next.self_loops[community[v]] += self.self_loops[v];
            for (&u, &w) in &self.adjacency[v] {
                if u > v {
                    next.add_edge(community[v], community[u], w);
                }
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::UnGraph;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    /// Two triangles joined by the edge 2 - 3.
    fn barbell() -> UnGraph<(), f64> {
        UnGraph::from_edges([(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0)])
    }

    #[test]
    fn betweenness_of_a_star_centre_is_one() {
        let g = UnGraph::<(), ()>::from_edges([(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert!(close(&betweenness_centrality(&g, None), &[1.0, 0.0, 0.0, 0.0, 0.0]));
    }

    #[test]
    fn betweenness_of_the_barbell_bridge() {
        // networkx: betweenness_centrality(barbell) -> 0.6 for 2 and 3.
        let b = betweenness_centrality(&barbell(), None);
        assert!(close(&b, &[0.0, 0.0, 0.6, 0.6, 0.0, 0.0]), "{b:?}");
    }

    #[test]
    fn betweenness_with_every_node_as_pivot_is_exact() {
        let all: Vec<usize> = (0..6).collect();
        assert!(close(&betweenness_centrality(&barbell(), Some(&all)), &betweenness_centrality(&barbell(), None)));
    }

    #[test]
    fn betweenness_sampled_matches_networkx_rescaling() {
        // networkx 3.6: the inner loop of betweenness_centrality with
        // sampled nodes [0, 3] on the barbell gives these values.
        let b = betweenness_centrality(&barbell(), Some(&[0, 3, 3]));
        assert!(close(&b, &[0.0, 0.0, 0.625, 0.5, 0.0, 0.0]), "{b:?}");
    }

    #[test]
    fn closeness_handles_disconnected_nodes() {
        // 0 - 1 and an isolated 2: networkx gives 0.5, 0.5, 0.
        let mut g = UnGraph::<(), ()>::from_edges([(0, 1)]);
        g.add_node(());
        assert!(close(&closeness_centrality(&g), &[0.5, 0.5, 0.0]));
    }

    #[test]
    fn pagerank_is_a_distribution_and_uniform_on_a_cycle() {
        let g = UnGraph::<(), ()>::from_edges([(0, 1), (1, 2), (2, 3), (3, 0)]);
        let p = pagerank(&g, PAGERANK_ALPHA, PAGERANK_MAX_ITER, PAGERANK_TOL);
        assert!(close(&p, &[0.25; 4]));
        let star = UnGraph::<(), ()>::from_edges([(0, 1), (0, 2), (0, 3)]);
        let p = pagerank(&star, PAGERANK_ALPHA, PAGERANK_MAX_ITER, PAGERANK_TOL);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9 && p[0] > p[1]);
    }

    #[test]
    fn louvain_splits_the_barbell() {
        let g = barbell();
        let communities = louvain(&g);
        assert_eq!(communities, [vec![0, 1, 2], vec![3, 4, 5]]);
        // networkx: modularity(barbell, [{0,1,2},{3,4,5}]) = 5/14.
        assert!((modularity(&g, &communities) - 5.0 / 14.0).abs() < 1e-12);
    }

    #[test]
    fn louvain_of_an_edgeless_graph_is_singletons() {
        let mut g = UnGraph::<(), f64>::default();
        g.add_node(());
        g.add_node(());
        assert_eq!(louvain(&g), [vec![0], vec![1]]);
    }
}
