#!/usr/bin/env python3
"""orbitkg's graph analyses against networkx on the same entity graph (issue 22,
item 3): in one run, side by side, the whole `orbitkg analyze` command and
networkx on the edge list of the same projection, split into load+build and the
algorithm alone. A benchmark, not a test: a slow figure fails nothing, but a
failed command does, and disagreements between the two are printed.

    benches/analyze/vs_networkx.py [DUMP.nq] [--runs N] [--orbitkg BIN]

Needs networkx (`pip install networkx`). Defaults: DUMP /tmp/big/real.nq,
BIN target/release/orbitkg under the repository root, 5 runs per figure
(each figure is the median). If target/release/examples/projection exists (the
`projection` example of crates/graph, built with `cargo build --release -p
orbitkg-graph --example projection`), its own figures are printed too: it is
the only way orbitkg times an algorithm without the load around it (PageRank).

The edge list is the projection's, read from the N-Quads dump with a plain line
parser:
  * entities: IRIs typed, in the default graph, with a leaf class of
    crates/graph/data/classes.tsv (okg:Document is not one);
  * relations: quads, in any graph, of the ten okg relations (vocab.rs
    RELATIONS) from an entity to an entity; the two directions of a symmetric
    property (cooperatesWith, metWith, and any declared owl:SymmetricProperty)
    are one relation; its weight is the number of article (named) graphs
    holding it, at least 1;
  * the analysed graph is simple and undirected: one edge per related pair,
    no self-loops, weighted by the sum of the pair's relation weights; every
    entity is a node, isolated or not (the normalisations count them).
On it networkx runs with the options orbitkg mirrors: betweenness_centrality
(normalised, unweighted), pagerank(alpha 0.85, tol 1e-6, unweighted; networkx's
pure-Python implementation when numpy/scipy are missing, said in the output),
louvain_communities(weighted, resolution 1, threshold 1e-7, a fixed seed) and
shortest_path (unweighted).
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OKG = "https://orbitkg.org/ns#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
OWL_SYMMETRIC = "http://www.w3.org/2002/07/owl#SymmetricProperty"
# crates/graph/src/vocab.rs: RELATIONS and SYMMETRIC_PROPERTIES.
RELATIONS = ("leads", "memberOf", "country", "participatesIn", "signed", "concerns",
             "cooperatesWith", "metWith", "participant", "location")
SYMMETRIC = {"cooperatesWith", "metWith"}
# The leaf classes, should classes.tsv be missing.
FALLBACK_CLASSES = ("Person", "SpaceAgency", "GovernmentBody", "InternationalOrganization",
                    "ResearchInstitute", "Company", "Country", "Program", "Agreement",
                    "Meeting", "Place")

VERBOSE = sys.stderr.isatty()


def say(*parts):
    if VERBOSE:
        print(*parts, file=sys.stderr, flush=True)


def leaf_classes():
    table = REPO / "crates/graph/data/classes.tsv"
    if not table.exists():
        return set(FALLBACK_CLASSES)
    classes = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            classes.add(line.split("\t")[0])
    return classes


# --------------------------------------------------------------------------
# The edge list, from the dump


def split_quad(line):
    """(subject, predicate, object, graph) of an N-Quads line, each as written
    (`<iri>`, `_:b`, a literal), graph None for the default graph; None for a
    blank or comment line. Only objects that are IRIs or blank nodes are
    split exactly; for a literal the object is returned as "" (unused here)."""
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    a = line.find(" ")
    b = line.find(" ", a + 1)
    subject, predicate, rest = line[:a], line[a + 1:b], line[b + 1:]
    if rest.startswith("<") or rest.startswith("_:"):
        end = rest.find(">") + 1 if rest.startswith("<") else rest.find(" ")
        obj, tail = rest[:end], rest[end:]
    else:
        # A literal: the graph, if any, is the last term before the final dot.
        obj, tail = "", rest[rest.rfind('"'):]
        tail = tail[tail.find(" "):] if " " in tail else ""
    tail = tail.strip()
    if tail.endswith("."):
        tail = tail[:-1].strip()
    graph = None
    if tail.startswith("<") and tail.endswith(">"):
        graph = tail
    elif tail.startswith("_:"):
        graph = tail
    return subject, predicate, obj, graph


def extract(dump):
    """Reads the dump; returns the projection as plain data (see the module
    docstring) and a few counts."""
    classes = {f"<{OKG}{c}>" for c in leaf_classes()}
    relation_of = {f"<{OKG}{r}>": r for r in RELATIONS}
    entities = set()
    symmetric = set(SYMMETRIC)
    # (subject, relation, object) -> named graphs holding it
    triples = {}
    in_default = set()
    quads = 0
    with open(dump, encoding="utf-8") as f:
        for line in f:
            quads += 1
            # Only the predicate first: most quads are evidence and labels.
            a = line.find(" ")
            p = line[a + 1:line.find(" ", a + 1)]
            if p != RDF_TYPE and p not in relation_of:
                continue
            q = split_quad(line)
            if q is None:
                continue
            s, p, o, g = q
            if not (s.startswith("<") and o.startswith("<")):
                continue
            rel = relation_of.get(p)
            if rel is not None:
                key = (s[1:-1], rel, o[1:-1])
                graphs = triples.setdefault(key, set())
                if g is None:
                    in_default.add(key)
                else:
                    graphs.add(g[1:-1] if g.startswith("<") else g)
            elif p == RDF_TYPE:
                if o == f"<{OWL_SYMMETRIC}>" and s.startswith(f"<{OKG}"):
                    symmetric.add(s[len(OKG) + 1:-1])
                elif g is None and o in classes:
                    entities.add(s[1:-1])

    relations = {}  # (a, rel, b), symmetric ones with a <= b -> articles
    relations_default = set()
    for stated, graphs in triples.items():
        s, rel, o = stated
        if s not in entities or o not in entities:
            continue
        if rel in symmetric and s > o:
            s, o = o, s
        relations.setdefault((s, rel, o), set()).update(graphs)
        if stated in in_default:
            relations_default.add((s, rel, o))
    pairs = {}
    self_loops = 0
    for (s, rel, o), graphs in relations.items():
        if s == o:
            self_loops += 1
            continue
        pair = (s, o) if s < o else (o, s)
        pairs[pair] = pairs.get(pair, 0) + max(1, len(graphs))
    return {
        "quads": quads,
        "entities": sorted(entities),
        "relations": len(relations),
        "relations_default": len(relations_default),
        "self_loops": self_loops,
        "pairs": sorted((a, b, w) for (a, b), w in pairs.items()),
    }


def write_edge_list(projection, path):
    """One line per node (its IRI), then one per edge: IRI, IRI, weight."""
    with open(path, "w", encoding="utf-8") as f:
        for iri in projection["entities"]:
            f.write(iri + "\n")
        for a, b, w in projection["pairs"]:
            f.write(f"{a}\t{b}\t{w}\n")


def load_edge_list(nx, path):
    g = nx.Graph()
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 1:
                g.add_node(cols[0])
            else:
                g.add_edge(cols[0], cols[1], weight=float(cols[2]))
    return g


# --------------------------------------------------------------------------
# Timing


def median_time(runs, fn):
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run_orbitkg(cmd):
    t = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def orbitkg_json(cmd):
    done = subprocess.run(cmd + ["--format", "json"], capture_output=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return json.loads(done.stdout)


def projection_example(binary, dump, rounds):
    """Runs the `projection` example; returns its figures, or why not."""
    if not binary.exists():
        return None, f"{binary} not built"
    done = subprocess.run([str(binary), str(dump), str(rounds)], capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"{binary} failed: {done.stderr.strip()[:300]}"
    out = done.stdout
    figures = {"raw": out}
    m = re.search(r"loaded in ([\d.]+) s", out)
    figures["load_s"] = float(m.group(1)) if m else None
    m = re.search(r"projection: (\d+) entities, (\d+) relations", out)
    figures["entities"], figures["relations"] = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    for key, label in (("by_index_s", "projection, by index"), ("every_quad_s", "projection, every quad"),
                       ("pagerank_s", "PageRank on it")):
        m = re.search(re.escape(label) + r"[^|]*\|\s*([\d.]+) ms", out)
        figures[key] = float(m.group(1)) / 1e3 if m else None
    return figures, None


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default="/tmp/big/real.nq", help="N-Quads dump [/tmp/big/real.nq]")
    ap.add_argument("--orbitkg", default=str(REPO / "target/release/orbitkg"), help="orbitkg binary")
    ap.add_argument("--example", default=str(REPO / "target/release/examples/projection"),
                    help="the projection example binary (skipped if missing)")
    ap.add_argument("--runs", type=int, default=5, help="runs per figure; figures are medians [5]")
    ap.add_argument("--source", default="NASA", help="path start, as orbitkg reads names; networkx uses the IRI "
                    "https://orbitkg.org/id/<name, lower-cased> [NASA]")
    ap.add_argument("--target", default="JAXA", help="path end [JAXA]")
    ap.add_argument("--seed", type=int, default=42, help="networkx Louvain seed [42]")
    ap.add_argument("--no-check", action="store_true",
                    help="skip the untimed orbitkg --format json runs that check the results")
    args = ap.parse_args()

    try:
        import networkx as nx
    except ImportError:
        sys.exit("networkx is missing: pip install networkx")

    dump = Path(args.data).resolve()
    binary = Path(args.orbitkg)
    if not dump.exists():
        sys.exit(f"no such dump: {dump}")
    if not binary.exists():
        sys.exit(f"no orbitkg binary at {binary}")
    runs = max(1, args.runs)

    # --- the edge list ----------------------------------------------------
    say(f"extracting the edge list from {dump} ({runs} runs)")
    extract_s, proj = median_time(runs, lambda: extract(dump))
    tmp = tempfile.TemporaryDirectory(prefix="okg-vs-nx-")
    edges_path = Path(tmp.name) / "edges.tsv"
    write_edge_list(proj, edges_path)

    # --- networkx -----------------------------------------------------------
    say("networkx: load+build and algorithms")
    build_s, G = median_time(runs, lambda: load_edge_list(nx, edges_path))
    # nx.pagerank needs numpy and scipy; without them, networkx's own
    # pure-Python implementation (the same iteration, a private name).
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401
        pagerank, pagerank_impl = nx.pagerank, "nx.pagerank (scipy)"
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank
        pagerank_impl = "networkx's pure-Python _pagerank_python (numpy/scipy not installed)"
    nasa = "https://orbitkg.org/id/" + args.source.lower()
    jaxa = "https://orbitkg.org/id/" + args.target.lower()
    nx_tasks = {
        "centrality betweenness": lambda: nx.betweenness_centrality(G),
        "centrality pagerank": lambda: pagerank(G, alpha=0.85, tol=1e-6, weight=None),
        "communities (Louvain)": lambda: nx.community.louvain_communities(
            G, weight="weight", resolution=1, threshold=1e-7, seed=args.seed),
        f"path {args.source} {args.target}": lambda: nx.shortest_path(G, nasa, jaxa),
    }
    nx_alone, nx_result = {}, {}
    for task, fn in nx_tasks.items():
        if task.startswith("path") and not (G.has_node(nasa) and G.has_node(jaxa)):
            sys.exit(f"{nasa} or {jaxa} is not an entity of the dump")
        nx_alone[task], nx_result[task] = median_time(runs, fn)

    # --- orbitkg, the whole command ------------------------------------------
    base = [str(binary), "analyze"]
    data = ["--data", str(dump)]
    commands = {
        "centrality betweenness": base + ["centrality", "--measure", "betweenness"] + data,
        "centrality pagerank": base + ["centrality", "--measure", "pagerank"] + data,
        "communities (Louvain)": base + ["communities"] + data,
        f"path {args.source} {args.target}": base + ["path"] + data + [args.source, args.target],
    }
    whole = {}
    for task, cmd in commands.items():
        say(f"orbitkg: {' '.join(cmd[1:])} ({runs} runs)")
        whole[task] = statistics.median(run_orbitkg(cmd) for _ in range(runs))

    # --- the projection example: orbitkg's algorithm alone ---------------------
    say("orbitkg projection example")
    example, example_missing = projection_example(Path(args.example), dump, runs)

    # --- checks (untimed) ----------------------------------------------------
    checks = []
    if not args.no_check:
        say("checks: orbitkg --format json")
        everyone = ["--top", str(len(proj["entities"]) + 10)]
        bc = orbitkg_json(commands["centrality betweenness"] + everyone)
        pr = orbitkg_json(commands["centrality pagerank"] + everyone)
        cm = orbitkg_json(commands["communities (Louvain)"])
        pa = orbitkg_json(commands[f"path {args.source} {args.target}"])

        okg_nodes = len(bc["scores"])
        okg_edges = sum(s["degree"] for s in bc["scores"]) / 2
        checks.append(("nodes (entities)", okg_nodes, G.number_of_nodes(), okg_nodes == G.number_of_nodes()))
        checks.append(("edges (related pairs, undirected)", int(okg_edges), G.number_of_edges(),
                       okg_edges == G.number_of_edges()))
        okg_deg = {s["entity"]["iri"]: s["degree"] for s in bc["scores"]}
        deg_diff = sum(1 for v, d in G.degree() if okg_deg.get(v) != d)
        checks.append(("entities whose degree differs", deg_diff, 0, deg_diff == 0))
        for name, got, want in (("betweenness", bc, nx_result["centrality betweenness"]),
                                ("pagerank", pr, nx_result["centrality pagerank"])):
            scores = {s["entity"]["iri"]: s["score"] for s in got["scores"]}
            diff = max(abs(scores.get(v, float("nan")) - x) for v, x in want.items())
            tol = 1e-9 if name == "betweenness" else 1e-5
            checks.append((f"{name}: largest score difference", f"{diff:.2e}", f"(tolerance {tol:g})", diff < tol))
            top_okg = [s["entity"]["iri"] for s in got["scores"][:5]]
            top_nx = sorted(want, key=lambda v: -want[v])[:5]
            same = [v.rsplit("/", 1)[-1] for v in top_okg] == [v.rsplit("/", 1)[-1] for v in top_nx]
            checks.append((f"{name}: top 5", ", ".join(v.rsplit("/", 1)[-1] for v in top_okg),
                           ", ".join(v.rsplit("/", 1)[-1] for v in top_nx), same))
        nx_comms = nx_result["communities (Louvain)"]
        okg_comms = [{m["iri"] for m in c["members"]} for c in cm["clusters"]]
        q_nx = nx.community.modularity(G, nx_comms, weight="weight")
        q_okg_by_nx = nx.community.modularity(G, okg_comms, weight="weight")
        checks.append(("communities: count", len(okg_comms), len(nx_comms), None))
        checks.append(("communities: modularity (each its own partition)", f"{cm['modularity']:.4f}",
                       f"{q_nx:.4f}", None))
        spread = [nx.community.modularity(G, nx.community.louvain_communities(
            G, weight="weight", resolution=1, threshold=1e-7, seed=seed), weight="weight") for seed in range(10)]
        checks.append(("communities: networkx modularity over seeds 0-9 (min - max)",
                       f"{cm['modularity']:.4f} (deterministic)", f"{min(spread):.4f} - {max(spread):.4f}", None))
        checks.append(("communities: orbitkg's partition, modularity by orbitkg / by networkx",
                       f"{cm['modularity']:.6f}", f"{q_okg_by_nx:.6f}",
                       abs(cm["modularity"] - q_okg_by_nx) < 1e-9))
        ends = (pa["from"]["iri"], pa["to"]["iri"])
        checks.append(("path: ends orbitkg resolved", " -> ".join(e.rsplit("/", 1)[-1] for e in ends),
                       " -> ".join(e.rsplit("/", 1)[-1] for e in (nasa, jaxa)), ends == (nasa, jaxa)))
        nx_len = len(nx_result[f"path {args.source} {args.target}"]) - 1
        checks.append(("path: length (hops)", pa["length"], nx_len, pa["length"] == nx_len))
        all_nx = sorted(nx.all_shortest_paths(G, nasa, jaxa))
        okg_paths = sorted([h["from"]["iri"] for h in p["hops"]] + [p["hops"][-1]["to"]["iri"]]
                           for p in pa["paths"])
        checks.append(("path: all shortest paths (orbitkg lists up to MAX_PATHS)", len(okg_paths),
                       len(all_nx), okg_paths == all_nx[:len(okg_paths)]))
        if example:
            checks.append(("projection example: entities / directed relations",
                           f"{example['entities']} / {example['relations']}",
                           f"{len(proj['entities'])} / {proj['relations']}",
                           (example["entities"], example["relations"]) == (len(proj["entities"]),
                                                                            proj["relations"])))

    # --- report ---------------------------------------------------------------
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    print("# orbitkg analyze vs networkx, same entity graph")
    print()
    print(f"dump: {dump} ({proj['quads']:,} lines, {dump.stat().st_size / 1e6:.0f} MB)")
    print(f"graph: {len(proj['entities'])} entities (nodes), {proj['relations']} relations "
          f"({proj['relations_default']} of them in the default graph, {proj['self_loops']} self-loops), "
          f"{len(proj['pairs'])} related pairs (undirected edges); "
          f"networkx graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
          f"{nx.number_connected_components(G)} connected components")
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"machine: {platform.machine()}, nproc {affinity} (cpu_count {os.cpu_count()}), "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end; "
          f"{platform.python_implementation()} {platform.python_version()}, networkx {nx.__version__}, "
          f"{version([str(binary), '--version'])}")
    print(f"figures: median of {runs} runs (time.perf_counter); stdout of orbitkg discarded; "
          f"networkx PageRank: {pagerank_impl}")
    print()
    print("| task | orbitkg whole command (s) | orbitkg algorithm alone (s) | networkx load+build (s) "
          "| networkx algorithm alone (s) | networkx total (s) | ratio orbitkg / networkx total "
          "| networkx + dump extraction (s) | ratio orbitkg / that |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    def sec(x):
        return f"{x:.3f}" if x >= 0.1 else f"{x:.2g}" if x >= 1e-5 else f"{x:.1e}"

    for task in commands:
        total = build_s + nx_alone[task]
        from_dump = extract_s + total
        alone = "n/a"
        if task == "centrality pagerank" and example and example.get("pagerank_s") is not None:
            alone = f"{sec(example['pagerank_s'])} ¹"
        print(f"| {task} | {sec(whole[task])} | {alone} | {sec(build_s)} | {sec(nx_alone[task])} | {sec(total)} "
              f"| {whole[task] / total:.1f} | {sec(from_dump)} | {whole[task] / from_dump:.2f} |")
    print()
    print(f"dump extraction (Python line parser over the whole dump, this script's own step, "
          f"not networkx): {extract_s:.3f} s")
    print("networkx load+build: reading the edge list file (nodes, then weighted pairs) into nx.Graph")
    print()
    if example:
        print(f"¹ orbitkg's `projection` example ({args.example}, best of {runs}, not a median): "
              f"load {example['load_s']:.2f} s (one load), projection by index "
              f"{example['by_index_s'] * 1e3:.1f} ms, projection quad by quad "
              f"{example['every_quad_s'] * 1e3:.1f} ms, PageRank + ranking on it "
              f"{example['pagerank_s'] * 1e3:.2f} ms; {example['entities']} entities, "
              f"{example['relations']} relations. It times PageRank only: betweenness, Louvain and "
              "the path have no orbitkg timing without the load around them.")
    else:
        print(f"orbitkg algorithm alone: not measured ({example_missing}); orbitkg has no other way "
              "to time an algorithm without the load.")
    if checks:
        print()
        print("## checks (untimed orbitkg --format json runs)")
        print()
        print("| check | orbitkg | networkx / this script | agree |")
        print("|---|---|---|---|")
        for name, a, b, ok in checks:
            verdict = "-" if ok is None else ("yes" if ok else "**NO**")
            print(f"| {name} | {a} | {b} | {verdict} |")
    tmp.cleanup()


if __name__ == "__main__":
    main()
