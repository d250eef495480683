#!/usr/bin/env python3
"""Talk to a running `orbitkg serve` the way users do, and check the answers.

    orbitkg serve --data seeds.trig --bind 127.0.0.1:PORT &
    python tests/python/test_serve.py http://127.0.0.1:PORT/query

The server must hold the seeds (the checks look for NASA and the Artemis
program). SPARQLWrapper gets JSON for a SELECT and an ASK (by GET, by a POSTed
form and by a POSTed query) and Turtle for a CONSTRUCT; plain HTTP checks
content negotiation (CSV, TSV, XML, 406), errors (400 with the parser's
line:column, 403 for every way of sending an update, 404) and the query page.
Prints one line per check and a closing `N passed, N failed`; exits 1 when
any failed.
"""
import re
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import rdflib
from SPARQLWrapper import JSON, JSONLD, N3, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

REPO = Path(__file__).resolve().parents[2]
ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7878/query"
ROOT = ENDPOINT.rsplit("/", 1)[0] + "/"

PREFIXES = """PREFIX okg:  <https://orbitkg.org/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
AGENCIES = PREFIXES + """SELECT DISTINCT ?agency ?program WHERE {
  ?a a okg:SpaceAgency ; rdfs:label ?agency ; okg:participatesIn/rdfs:label ?program .
} ORDER BY ?agency ?program"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def http(method, url, body=None, headers=None):
    """(status, headers, text) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=body.encode() if isinstance(body, str) else body, method=method)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def get(query, accept=None, **params):
    url = ENDPOINT + "?" + urllib.parse.urlencode({"query": query, **params})
    return http("GET", url, headers={"Accept": accept} if accept else None)


def wrapper(query, fmt=JSON, method=None, request_method=None):
    sw = SPARQLWrapper(ENDPOINT)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    if request_method:
        sw.setRequestMethod(request_method)
    return sw


def bindings(result):
    return [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]


def quad_count():
    return int(bindings(wrapper(COUNT).query().convert())[0]["n"])


# --- the checks -------------------------------------------------------------


def test_select_json_by_get():
    res = wrapper(AGENCIES).query()
    assert res.info()["content-type"].startswith("application/sparql-results+json"), res.info()
    rows = bindings(res.convert())
    assert {"agency": "NASA", "program": "Artemis program"} in rows, rows


def test_select_json_by_posted_form_and_by_posted_query():
    for request_method in (URLENCODED, POSTDIRECTLY):
        rows = bindings(wrapper(AGENCIES, method=POST, request_method=request_method).query().convert())
        assert {"agency": "NASA", "program": "Artemis program"} in rows, (request_method, rows)


def test_plain_counts_count_each_thing_once():
    # The default graph is the knowledge graph: an agency named by many
    # articles is one row, as rdflib counts it.
    plain = "PREFIX okg: <https://orbitkg.org/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a okg:SpaceAgency ; rdfs:label ?l }"
    distinct = "PREFIX okg: <https://orbitkg.org/ns#> " \
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a okg:SpaceAgency } }"
    n = int(bindings(wrapper(plain).query().convert())[0]["n"])
    agencies = int(bindings(wrapper(distinct).query().convert())[0]["n"])
    assert n == agencies > 0, (n, agencies)


def test_shipped_query_reads_the_default_graph():
    query = (REPO / "queries" / "agencies-programs.rq").read_text()
    result = wrapper(query).query().convert()
    assert result["head"]["vars"] == ["agency", "country", "program"], result["head"]
    assert len(result["results"]["bindings"]) > 0


def test_ask_json():
    assert wrapper(PREFIXES + "ASK { ?s okg:signed ?a }").query().convert()["boolean"] is True
    assert wrapper(PREFIXES + "ASK { ?s okg:signed okg:Nothing }").query().convert()["boolean"] is False


def test_predeclared_prefixes():
    assert wrapper("ASK { ?a a okg:SpaceAgency ; rdfs:label ?l }").query().convert()["boolean"] is True


def test_construct_turtle():
    q = PREFIXES + "CONSTRUCT { ?a okg:participatesIn ?p } WHERE { ?a a okg:SpaceAgency ; okg:participatesIn ?p }"
    res = wrapper(q, fmt=TURTLE).query()
    assert res.info()["content-type"].startswith("text/turtle"), res.info()
    body = res.response.read().decode()
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert len(g) > 0, body
    assert "okg:participatesIn" in body, body  # written with the vocabulary's prefixes


def test_construct_jsonld_and_n3_as_sparqlwrapper_asks():
    # SPARQLWrapper sends format=<list of JSON-LD types> or format=n3 next to Accept.
    q = PREFIXES + "CONSTRUCT { ?a okg:participatesIn ?p } WHERE { ?a a okg:SpaceAgency ; okg:participatesIn ?p }"
    res = wrapper(q, fmt=JSONLD).query()
    assert res.info()["content-type"].startswith("application/ld+json"), res.info()
    g = rdflib.Graph().parse(data=res.response.read().decode(), format="json-ld")
    assert len(g) > 0
    res = wrapper(q, fmt=N3).query()
    g = rdflib.Graph().parse(data=res.response.read().decode(), format="n3")
    assert len(g) > 0


def test_unknown_format_parameter_falls_back_to_accept():
    status, headers, body = get(AGENCIES, "text/csv", format="png")
    assert status == 200 and headers["Content-Type"].startswith("text/csv"), (status, headers, body[:80])


def test_csv_tsv_xml_by_accept():
    status, headers, body = get(AGENCIES, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv"), (status, headers)
    lines = body.splitlines()
    assert lines[0] == "agency,program" and "NASA,Artemis program" in lines, lines[:5]
    status, headers, body = get(AGENCIES, "text/tab-separated-values")
    assert status == 200 and body.startswith("?agency\t?program"), body[:80]
    status, headers, body = get(AGENCIES, "application/sparql-results+xml")
    assert status == 200 and "<sparql" in body, body[:80]


def test_format_parameter():
    status, headers, body = get(AGENCIES, None, format="csv")
    assert status == 200 and body.startswith("agency,program"), (status, body[:80])


def test_unacceptable_type_is_406():
    status, _, body = get(AGENCIES, "image/png")
    assert status == 406, (status, body)


def test_malformed_query_is_400_with_position():
    status, headers, body = get("SELECT * WHERE {\n  ?s ?p \n}")
    assert status == 400, (status, body)
    assert "syntax error" in body.lower() and re.search(r"\b3:\d+", body), body


def test_updates_are_refused():
    before = quad_count()
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    answers = [
        http("POST", ENDPOINT, insert, {"Content-Type": "application/sparql-update"}),
        http("POST", ENDPOINT, urllib.parse.urlencode({"update": insert}), {"Content-Type": "application/x-www-form-urlencoded"}),
        get(insert),
        http("POST", ROOT + "update", insert, {"Content-Type": "application/sparql-update"}),
    ]
    for status, _, body in answers:
        assert status == 403 and "read-only" in body, (status, body)
    assert quad_count() == before


def test_query_page_and_unknown_paths():
    status, headers, body = http("GET", ROOT)
    assert status == 200 and headers["Content-Type"].startswith("text/html"), (status, headers)
    assert '<textarea name="query"' in body and 'action="/"' in body
    # The page runs the query itself and shows a table, the JSON a link away.
    status, headers, body = http("GET", ROOT + "?" + urllib.parse.urlencode({"query": AGENCIES}))
    assert status == 200 and headers["Content-Type"].startswith("text/html"), (status, headers)
    assert "<table>" in body and "<th>?agency</th>" in body and '"bindings"' not in body, body
    assert "format=json" in body, body
    status, _, _ = http("GET", ROOT + "nothing-here")
    assert status == 404


def main():
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    passed = failed = 0
    for name, f in tests:
        try:
            f()
            passed += 1
            print(f"ok    {name}")
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            print(f"FAIL  {name}")
            traceback.print_exc()
    print(f"serve: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
