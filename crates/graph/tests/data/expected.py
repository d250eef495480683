"""Compute the expected analysis results for small.trig with networkx.

Run once, when small.trig changes, and review the diff of expected/*.json:

    /work/venv/bin/python crates/graph/tests/data/expected.py

The projection is rebuilt here independently of the Rust code: entities are
subjects typed with an okg: class other than okg:Document; relations are okg:
properties between two entities; symmetric properties (cooperatesWith,
metWith) count once per unordered pair. Analyses run on the simple undirected
graph (one edge per related pair); Louvain weights each pair by the number of
(relation, article) assertions, the same weight the Rust side uses.
"""

import json
import pathlib

import networkx as nx
import pyoxigraph as ox

HERE = pathlib.Path(__file__).parent
OKG = "https://orbitkg.org/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SYMMETRIC = {"cooperatesWith", "metWith"}
# Pairs whose shortest paths the Rust test checks, by entity IRI local name.
PATH_PAIRS = [
    ("japan", "washington"),
    ("esa", "yoon_young_bin"),
    ("bill_nelson", "japan"),
    ("gateway", "south_korea"),
]


def local(iri):
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def pagerank(g):
    """networkx's PageRank with its defaults (alpha 0.85, tol 1e-6), unweighted.

    nx.pagerank needs scipy; without it, the pure-Python implementation in
    the same module runs the same power iteration.
    """
    try:
        import scipy  # noqa: F401
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(g, alpha=0.85, weight=None)
    return nx.pagerank(g, alpha=0.85, weight=None)


def main():
    store = ox.Store()
    store.load(path=str(HERE / "small.trig"), format=ox.RdfFormat.TRIG)
    entities = set()
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
        cls = q.object.value
        if cls.startswith(OKG) and cls != OKG + "Document":
            entities.add(q.subject.value)
    relations = {}  # (s, p, o) canonical -> set of graphs
    for q in store.quads_for_pattern(None, None, None, None):
        p = q.predicate.value
        if not p.startswith(OKG) or not isinstance(q.object, ox.NamedNode):
            continue
        s, o = q.subject.value, q.object.value
        if s not in entities or o not in entities:
            continue
        prop = p[len(OKG):]
        if prop in SYMMETRIC and s > o:
            s, o = o, s
        relations.setdefault((s, prop, o), set()).add(q.graph_name.value)

    g = nx.Graph()
    for e in sorted(entities):
        g.add_node(local(e))
    for (s, _, o), docs in relations.items():
        a, b = local(s), local(o)
        if a == b:
            continue
        w = g[a][b]["weight"] if g.has_edge(a, b) else 0
        g.add_edge(a, b, weight=w + len(docs))

    def rounded(d):
        return {k: float(v) for k, v in sorted(d.items())}

    expected = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "degree": rounded(nx.degree_centrality(g)),
        # Unweighted, normalized, endpoints excluded: the networkx defaults.
        "betweenness": rounded(nx.betweenness_centrality(g, weight=None)),
        "closeness": rounded(nx.closeness_centrality(g)),
        "pagerank": rounded(pagerank(g)),
    }
    (HERE / "expected" / "centrality.json").write_text(json.dumps(expected, indent=2) + "\n")

    paths = []
    for a, b in PATH_PAIRS:
        found = sorted(nx.all_shortest_paths(g, a, b))
        paths.append({"from": a, "to": b, "paths": found})
    (HERE / "expected" / "paths.json").write_text(json.dumps(paths, indent=2) + "\n")

    # Louvain is randomised in networkx, and on a graph this small different
    # seeds find different local optima. Store every partition that 100 seeds
    # find, with its modularity: the deterministic Rust Louvain must return
    # one of them, and its own modularity must agree with networkx's.
    found = {}
    for seed in range(100):
        comms = nx.community.louvain_communities(g, weight="weight", seed=seed)
        key = tuple(sorted(tuple(sorted(c)) for c in comms))
        found[key] = found.get(key, 0) + 1
    partitions = [
        {
            "modularity": nx.community.modularity(g, [set(c) for c in key], weight="weight"),
            "seeds": count,
            "communities": [list(c) for c in key],
        }
        for key, count in found.items()
    ]
    partitions.sort(key=lambda p: (-p["modularity"], p["communities"]))
    (HERE / "expected" / "communities.json").write_text(json.dumps(partitions, indent=2) + "\n")

if __name__ == "__main__":
    main()
