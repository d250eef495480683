#!/usr/bin/env python3
"""The baseline endpoint of benches/endpoint/run.sh when the oxigraph CLI is
missing: Oxigraph's engine (pyoxigraph, the same 0.5 release orbitkg links),
in memory, behind Python's ThreadingHTTPServer (a thread per connection,
HTTP/1.1 keep-alive). It answers `GET /query?query=...` only: SELECT and ASK
as SPARQL JSON (CSV when Accept asks for text/csv), CONSTRUCT and DESCRIBE as
Turtle; a query that fails is 400.

    python3 pyoxigraph_server.py DATA.trig PORT

Prints `listening on 127.0.0.1:PORT` once the data is loaded. This measures
Oxigraph's query engine under a plain Python HTTP layer, not Oxigraph's own
server (`oxigraph serve`, which run.sh uses when it is installed).
"""
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

STORE = ox.Store()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path, _, query_string = self.path.partition("?")
        params = urllib.parse.parse_qs(query_string)
        if path != "/query" or len(params.get("query", [])) != 1:
            self.answer(404 if path != "/query" else 400, "text/plain", b"GET /query?query=SPARQL\n")
            return
        try:
            results = STORE.query(params["query"][0])
            if isinstance(results, ox.QueryTriples):
                self.answer(200, "text/turtle", results.serialize(format=ox.RdfFormat.TURTLE))
            elif "text/csv" in (self.headers.get("Accept") or ""):
                self.answer(200, "text/csv", results.serialize(format=ox.QueryResultsFormat.CSV))
            else:
                body = results.serialize(format=ox.QueryResultsFormat.JSON)
                self.answer(200, "application/sparql-results+json", body)
        except (SyntaxError, ValueError, OSError) as e:
            self.answer(400, "text/plain", f"{e}\n".encode())

    do_HEAD = do_GET


def main():
    data, port = sys.argv[1], int(sys.argv[2])
    STORE.load(path=data, format=ox.RdfFormat.TRIG)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"listening on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
