#!/usr/bin/env bash
# The users' own paths: the example notebook, and the SPARQL endpoint.
#
#   PYTHON=venv/bin/python bash .ci/users.sh path/to/orbitkg TMPDIR
#
# 1. examples/notebook.ipynb is in step with its twin examples/notebook.py,
#    and runs (with nbclient) against a fresh build of the seeds, writing a
#    non-empty PNG.
# 2. `orbitkg serve --data seeds.trig` on a free loopback port answers
#    tests/python/test_serve.py (SPARQLWrapper and plain HTTP) and a few curl
#    requests the README shows. The server is stopped on exit, whatever happens.
# 3. `orbitkg stats`, `orbitkg completions` and `orbitkg man` run on it.
set -euo pipefail

BIN=$(realpath "${1:?usage: users.sh ORBITKG_BINARY TMPDIR}")
TMP=${2:?usage: users.sh ORBITKG_BINARY TMPDIR}
PYTHON=${PYTHON:-python3}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p "$TMP"
TMP=$(realpath "$TMP")

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

echo "-- seeds"
"$BIN" build seeds --out "$TMP/seeds.trig" --quiet
test -s "$TMP/seeds.trig"

echo "-- notebook"
"$PYTHON" examples/make_notebook.py --check
rm -f "$TMP/agency-programs.png"
ORBITKG_BIN="$BIN" ORBITKG_DUMP="$TMP/seeds.trig" ORBITKG_PNG="$TMP/agency-programs.png" \
  "$PYTHON" - <<'EOF'
import nbclient, nbformat
nb = nbformat.read("examples/notebook.ipynb", as_version=4)
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": "examples"}}).execute()
print(f"notebook ran: {len(nb.cells)} cells")
EOF
test -s "$TMP/agency-programs.png" || { echo "the notebook wrote no PNG" >&2; exit 1; }
echo "PNG: $(wc -c < "$TMP/agency-programs.png") bytes"

echo "-- serve"
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
"$BIN" serve --data "$TMP/seeds.trig" --bind "127.0.0.1:$PORT" --timeout 20 2> "$TMP/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "$URL/" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; echo "the server died" >&2; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "$URL/" || { cat "$TMP/serve.log" >&2; echo "the server did not answer" >&2; exit 1; }

"$PYTHON" tests/python/test_serve.py "$URL/query" || { cat "$TMP/serve.log" >&2; exit 1; }

# The README's curl lines.
Q='SELECT DISTINCT ?agency WHERE { ?a a okg:SpaceAgency ; rdfs:label ?agency } ORDER BY ?agency'
csv=$(curl -fsS -G "$URL/query" --data-urlencode "query=$Q" -H 'Accept: text/csv' | tr -d '\r')
[ "$(head -1 <<< "$csv")" = agency ] || { echo "CSV header: $csv" >&2; exit 1; }
grep -q '^NASA' <<< "$csv" || { echo "no NASA in: $csv" >&2; exit 1; }
code=$(curl -sS -o "$TMP/bad.txt" -w '%{http_code}' -G "$URL/query" --data-urlencode 'query=SELECT * WHERE { ?s ?p }')
[ "$code" = 400 ] && grep -Eq '[0-9]+:[0-9]+' "$TMP/bad.txt" || { echo "malformed query: $code $(cat "$TMP/bad.txt")" >&2; exit 1; }
code=$(curl -sS -o "$TMP/update.txt" -w '%{http_code}' "$URL/query" -H 'Content-Type: application/sparql-update' --data 'CLEAR ALL')
[ "$code" = 403 ] || { echo "update: $code $(cat "$TMP/update.txt")" >&2; exit 1; }
echo "curl: CSV, 400 with position, 403 for an update: ok"

echo "-- stats, completions, man"
"$BIN" stats --data "$TMP/seeds.trig" > "$TMP/stats.txt"
head -1 "$TMP/stats.txt"
grep -q '^SpaceAgency ' "$TMP/stats.txt"
"$BIN" stats --data "$TMP/seeds.trig" --format json | "$PYTHON" -c 'import json, sys; d = json.load(sys.stdin); assert d["articles"] > 0 and d["top"], d'
for shell in bash zsh fish elvish powershell; do
  "$BIN" completions "$shell" | grep -q serve || { echo "completions $shell: no 'serve'" >&2; exit 1; }
done
"$BIN" man --out "$TMP/man" 2> /dev/null
test -s "$TMP/man/orbitkg.1" && test -s "$TMP/man/orbitkg-serve.1"
echo "users: ok"
