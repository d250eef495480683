"""The networkx side of the orbitkg-graph benchmark (see run.sh).

    networkx_ratio.py generate NODES SEED K OUTDIR   # edges.txt, pivots.txt
    networkx_ratio.py time OUTDIR                    # timings JSON; nx_*.txt
    networkx_ratio.py compare OUTDIR RUST.json NX.json

The graph is a Barabási–Albert graph (each new node attaches to 3 existing
ones, preferring well-connected nodes: hubs, as in a knowledge graph), made
by networkx from SEED and written as an edge list, so both sides read the
same graph. Exact betweenness on 100k nodes would take networkx hours, so
both sides count shortest paths from the same K pivot nodes (drawn from
SEED) and rescale as networkx's `betweenness_centrality(G, k=K)` does;
networkx runs its own internals (`_single_source_shortest_path_basic`,
`_accumulate_basic`, `_rescale`) on those pivots, exactly the loop that
`betweenness_centrality` runs on the pivots it samples.
"""

import json
import pathlib
import random
import sys
import time

import networkx as nx
from networkx.algorithms.centrality.betweenness import (
    _accumulate_basic,
    _rescale,
    _single_source_shortest_path_basic,
)

PAGERANK_RUNS = 3


def generate(nodes, seed, k, outdir):
    g = nx.barabasi_albert_graph(nodes, 3, seed=seed)
    with open(outdir / "edges.txt", "w") as f:
        for u, v in g.edges():
            f.write(f"{u} {v}\n")
    pivots = random.Random(seed).sample(range(nodes), k)
    (outdir / "pivots.txt").write_text("".join(f"{p}\n" for p in pivots))


def read_graph(outdir):
    g = nx.Graph()
    with open(outdir / "edges.txt") as f:
        for line in f:
            u, v = line.split()
            g.add_edge(int(u), int(v))
    return g


def betweenness(g, pivots):
    b = dict.fromkeys(g, 0.0)
    for s in pivots:
        S, P, sigma, _ = _single_source_shortest_path_basic(g, s)
        b, _ = _accumulate_basic(b, S, P, sigma, s)
    return _rescale(b, len(g), normalized=True, directed=False, endpoints=False, sampled_nodes=pivots)


def pagerank(g):
    try:
        import scipy  # noqa: F401
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(g, alpha=0.85), "pure Python (no scipy)"
    return nx.pagerank(g, alpha=0.85), "scipy"


def time_networkx(outdir):
    start = time.perf_counter()
    g = read_graph(outdir)
    load = time.perf_counter() - start
    pivots = [int(line) for line in (outdir / "pivots.txt").read_text().split()]

    start = time.perf_counter()
    b = betweenness(g, pivots)
    betweenness_s = time.perf_counter() - start

    pagerank_s = float("inf")
    for _ in range(PAGERANK_RUNS):
        start = time.perf_counter()
        pr, flavour = pagerank(g)
        pagerank_s = min(pagerank_s, time.perf_counter() - start)

    n = g.number_of_nodes()
    for name, values in (("nx_betweenness.txt", b), ("nx_pagerank.txt", pr)):
        (outdir / name).write_text("".join(f"{values[i]!r}\n" for i in range(n)))
    print(json.dumps({
        "nodes": n,
        "edges": g.number_of_edges(),
        "pivots": len(pivots),
        "load_s": load,
        "betweenness_s": betweenness_s,
        "pagerank_s": pagerank_s,
        "pagerank_flavour": flavour,
        "networkx": nx.__version__,
    }))


def compare(outdir, rust_json, nx_json):
    rust = json.loads(pathlib.Path(rust_json).read_text())
    py = json.loads(pathlib.Path(nx_json).read_text())
    print(f"graph: {py['nodes']} nodes, {py['edges']} edges (Barabási–Albert, m=3); "
          f"betweenness from {py['pivots']} pivots; networkx {py['networkx']}, "
          f"PageRank via {py['pagerank_flavour']}")
    print(f"{'':14}{'orbitkg-graph':>15}{'networkx':>12}{'ratio':>10}{'max |diff|':>14}")
    for measure in ("betweenness", "pagerank"):
        ours = [float(x) for x in (outdir / f"rust_{measure}.txt").read_text().split()]
        theirs = [float(x) for x in (outdir / f"nx_{measure}.txt").read_text().split()]
        assert len(ours) == len(theirs), (len(ours), len(theirs))
        diff = max(abs(a - b) for a, b in zip(ours, theirs))
        r, p = rust[f"{measure}_s"], py[f"{measure}_s"]
        print(f"{measure:14}{r:>14.4f}s{p:>11.3f}s{p / r:>9.0f}x{diff:>14.2e}")


def main():
    command, *args = sys.argv[1:]
    if command == "generate":
        nodes, seed, k, outdir = args
        generate(int(nodes), int(seed), int(k), pathlib.Path(outdir))
    elif command == "time":
        time_networkx(pathlib.Path(args[0]))
    elif command == "compare":
        compare(pathlib.Path(args[0]), args[1], args[2])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
