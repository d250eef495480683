#!/usr/bin/env python3
"""Read orbitkg dumps the way a notebook user does, and check what they get.

    python tests/python/test_notebook_read.py SEEDS.trig [DUMP ...] [--input-root DIR]

1. Loads the TriG dump with a plain rdflib.Dataset() and runs the shipped
   queries/agencies-programs.rq: it must return rows, the same rows as a plain
   pyoxigraph query; a COUNT over agencies and their labels must agree too
   (the default graph is the knowledge graph, each fact once, no flag needed).
2. Loads every dump given (.trig .nq .jsonld keep the article graphs; .ttl .nt
   .rdf hold the default graph) with rdflib and with pyoxigraph, prints the
   counts, and fails when the two libraries disagree, when the dataset formats
   differ in quad count, or when the graph formats differ from the dataset's
   default graph.
3. With --input-root (the folder the build's inputs are relative to, e.g. the
   repository root for `orbitkg build seeds`), checks the evidence offsets:
   text[start:end] is the okg:sentence, for every rdf:Statement, and the
   okg:sha256 of every .txt article matches its bytes.

Plain Python (rdflib, pyoxigraph); exits non-zero on the first kind of failure
it finds, after printing all of them.
"""
import argparse
import hashlib
import os
import sys
from pathlib import Path

import pyoxigraph
import rdflib

REPO = Path(__file__).resolve().parents[2]
DATASET_FORMATS = {".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}
GRAPH_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}")


def rdflib_count(path):
    """(quads, triples in the default graph) as rdflib reads them."""
    ext = path.suffix
    if ext in DATASET_FORMATS:
        ds = rdflib.Dataset()
        ds.parse(str(path), format=DATASET_FORMATS[ext])
        quads = sum(1 for _ in ds.quads((None, None, None, None)))
        # rdflib 7.5 renamed default_context to default_graph.
        default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context
        return quads, len(default)
    g = rdflib.Graph()
    g.parse(str(path), format=GRAPH_FORMATS[ext])
    return len(g), len(g)


def oxigraph_store(path):
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.from_extension(path.suffix[1:]))
    return store


def oxigraph_count(path):
    """(quads, triples in the default graph) as pyoxigraph reads them."""
    store = oxigraph_store(path)
    quads = len(store)
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
    return quads, default


def term_key(t):
    """A comparable form of an rdflib or pyoxigraph term (lexical value and kind)."""
    if t is None:
        return None
    value = getattr(t, "value", None)
    if value is None:
        value = str(t)
    return (type(t).__name__ in ("Literal",), str(value))


COUNT_AGENCIES = """PREFIX okg: <https://orbitkg.org/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(*) AS ?n) WHERE { ?s a okg:SpaceAgency ; rdfs:label ?l }"""
DISTINCT_AGENCIES = """PREFIX okg: <https://orbitkg.org/ns#>
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a okg:SpaceAgency } }"""


def check_default_graph_query(trig):
    query = (REPO / "queries" / "agencies-programs.rq").read_text(encoding="utf-8")
    ds = rdflib.Dataset()
    ds.parse(str(trig), format="trig")
    rows = [tuple(str(v) if v is not None else None for v in r) for r in ds.query(query)]
    print(f"rdflib Dataset(): agencies-programs.rq gives {len(rows)} rows")
    for r in rows[:5]:
        print("   ", " | ".join(x or "" for x in r))
    if not rows:
        fail("agencies-programs.rq returns no rows in a plain rdflib Dataset()")

    store = oxigraph_store(trig)
    ox = store.query(query)
    ox_rows = [tuple(s[v].value if s[v] is not None else None for v in ox.variables) for s in ox]
    print(f"pyoxigraph, default query: {len(ox_rows)} rows")
    if ox_rows != rows:
        fail(f"rdflib and pyoxigraph disagree on agencies-programs.rq:\n  rdflib {rows}\n  pyoxigraph {ox_rows}")

    # A plain count is right in both: one row per agency (one label each),
    # however many articles name it.
    n_rdflib = int(next(iter(ds.query(COUNT_AGENCIES)))[0])
    n_oxigraph = int(next(iter(store.query(COUNT_AGENCIES)))["n"].value)
    agencies = int(next(iter(store.query(DISTINCT_AGENCIES)))["n"].value)
    print(f"agencies with labels: rdflib {n_rdflib}, pyoxigraph {n_oxigraph}, distinct agencies {agencies}")
    if not (n_rdflib == n_oxigraph == agencies > 0):
        fail(f"agency counts differ: rdflib {n_rdflib}, pyoxigraph {n_oxigraph}, agencies {agencies}")


def check_counts(dumps):
    dataset_quads, dataset_triples, graph_triples = {}, {}, {}
    print(f"\n{'dump':<28}{'rdflib quads':>14}{'pyoxigraph quads':>18}{'distinct triples':>18}")
    for path in dumps:
        if path.suffix not in DATASET_FORMATS and path.suffix not in GRAPH_FORMATS:
            fail(f"{path}: unknown dump extension")
            continue
        rq, rt = rdflib_count(path)
        oq, ot = oxigraph_count(path)
        print(f"{path.name:<28}{rq:>14}{oq:>18}{rt:>18}")
        if rq == 0:
            fail(f"{path}: rdflib reads no triples")
        if (rq, rt) != (oq, ot):
            fail(f"{path}: rdflib reads {rq} quads / {rt} triples, pyoxigraph {oq} / {ot}")
        if path.suffix in DATASET_FORMATS:
            dataset_quads[path.name] = rq
            dataset_triples[path.name] = rt
        else:
            graph_triples[path.name] = rt
    if len(set(dataset_quads.values())) > 1:
        fail(f"dataset formats differ in quad count: {dataset_quads}")
    expected = set(dataset_triples.values())
    for name, n in graph_triples.items():
        if expected and n not in expected:
            fail(f"{name} holds {n} triples, the dataset's default graph {sorted(expected)}")


def check_evidence(trig, root):
    ds = rdflib.Dataset()
    ds.parse(str(trig), format="trig")
    docs = ds.query(
        """PREFIX okg: <https://orbitkg.org/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT DISTINCT ?doc ?source ?sha ?text WHERE {
             ?doc a okg:Document ; dcterms:source ?source ; okg:sha256 ?sha .
             OPTIONAL { ?doc okg:text ?text } }"""
    )
    texts = {}
    for doc, source, sha, text in docs:
        if text is not None:
            texts[doc] = str(text)
            continue
        path = root / str(source)
        if not path.is_file():
            print(f"note: {source} is not under {root}; its offsets are not checked")
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != str(sha):
            fail(f"{source}: okg:sha256 is not the SHA-256 of its bytes")
        texts[doc] = data.decode("utf-8").removeprefix("\ufeff")
    rows = ds.query(
        """PREFIX okg: <https://orbitkg.org/ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
           PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
           SELECT DISTINCT ?st ?doc ?sentence ?start ?end WHERE {
             ?st a rdf:Statement ; prov:wasDerivedFrom ?doc ; okg:sentence ?sentence ;
                 okg:start ?start ; okg:end ?end }"""
    )
    checked = bad = 0
    for st, doc, sentence, start, end in rows:
        if doc not in texts:
            continue
        checked += 1
        got = texts[doc][int(start) : int(end)]
        if got != str(sentence):
            bad += 1
            if bad <= 5:
                fail(f"{st}: text[{start}:{end}] is {got!r}, okg:sentence is {str(sentence)!r}")
    print(f"\nevidence offsets: {checked} statements checked, {bad} wrong")
    if checked == 0:
        fail("no evidence statement could be checked")
    elif bad > 5:
        fail(f"... {bad} statements in all have wrong offsets")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trig", type=Path, help="a TriG dump of the graph")
    ap.add_argument("dumps", type=Path, nargs="*", help="more dumps of the same graph, any format")
    ap.add_argument("--input-root", type=Path, help="folder the build's input paths are relative to")
    args = ap.parse_args()
    if args.trig.suffix != ".trig":
        ap.error(f"{args.trig} is not a .trig file")
    for p in [args.trig, *args.dumps]:
        if not p.is_file():
            ap.error(f"{p}: no such file")

    check_default_graph_query(args.trig)
    check_counts([args.trig, *[d for d in args.dumps if d != args.trig]])
    if args.input_root:
        check_evidence(args.trig, args.input_root)

    if failures:
        print(f"\n{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("\nok: rdflib and pyoxigraph read every dump the same way")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
