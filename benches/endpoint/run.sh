#!/usr/bin/env bash
# The same HTTP load on `orbitkg serve` and on Oxigraph's own server
# (`oxigraph serve`), on the same data, with the same client (issue 11): the
# seeds as TriG, loaded in memory by both; REQUESTS `GET /query?query=…` from
# CLIENTS keep-alive connections, a mix of the shipped queries that are fast
# on the seeds (the list tests/serve_load.rs sends). Prints a markdown table
# (requests, failures, p50 and p99 latency, requests/s) with the ratios
# orbitkg / oxigraph. A benchmark, not a test: nothing fails on a slow figure,
# but a failed request makes the run fail.
#
#   benches/endpoint/run.sh
#   REQUESTS=2000 benches/endpoint/run.sh           # a quick check
#   OXIGRAPH=~/.cargo/bin/oxigraph benches/endpoint/run.sh
#
# Environment (defaults in brackets):
#   REQUESTS  requests per server [20000]
#   CLIENTS   concurrent keep-alive connections [16]
#   WARMUP    requests sent first, not counted [1000]
#   OXIGRAPH  the oxigraph CLI [.tools/oxigraph/bin/oxigraph if present, else oxigraph on PATH];
#             install it with `pip install oxigraph==0.5.13` (PyPI's `oxigraph` is the CLI) or
#             `cargo install oxigraph-cli --version 0.5.13 --root .tools/oxigraph` (compiles RocksDB)
#   PYTHON    without the CLI: a Python with pyoxigraph, whose engine then runs behind
#             pyoxigraph_server.py (Python's http.server) — a weaker baseline, named as such [python3]
#   CARGO_TARGET_DIR  where the release binaries are built [target]
#
# orbitkg is built in release without RocksDB (`--data` keeps the graph in
# memory); `oxigraph serve` without `--location` is in memory too, loaded
# through its Graph Store endpoint (POST /store). orbitkg runs with --quiet
# (Oxigraph logs no request either) and its default limits (30 s query time
# limit, 100,000 results); Oxigraph with its defaults.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requests="${REQUESTS:-20000}"
clients="${CLIENTS:-16}"
warmup="${WARMUP:-1000}"
target="${CARGO_TARGET_DIR:-$root/target}"
oxigraph="${OXIGRAPH:-}"
python="${PYTHON:-python3}"
if [[ -z "$oxigraph" ]]; then
    if [[ -x "$root/.tools/oxigraph/bin/oxigraph" ]]; then
        oxigraph="$root/.tools/oxigraph/bin/oxigraph"
    else
        oxigraph="$(command -v oxigraph || true)"
    fi
fi
if [[ -n "$oxigraph" && -x "$oxigraph" ]]; then
    baseline="oxigraph serve"
elif "$python" -c 'import pyoxigraph' 2>/dev/null; then
    baseline="pyoxigraph $("$python" -c 'import pyoxigraph; print(pyoxigraph.__version__)') + Python http.server"
    echo "run.sh: no oxigraph CLI; the baseline is pyoxigraph behind Python's http.server (benches/endpoint/pyoxigraph_server.py)" >&2
else
    echo "run.sh: no oxigraph CLI (pip install oxigraph==0.5.13, or cargo install oxigraph-cli --version 0.5.13 --root $root/.tools/oxigraph; or set OXIGRAPH) and no pyoxigraph for PYTHON=$python" >&2
    exit 2
fi

# The queries of tests/serve_load.rs, read from there so that both send the same.
mapfile -t names < <(sed -n '/^pub const QUERIES/,/;/p' "$root/crates/cli/tests/serve_load.rs" | grep -o '"[a-z-]*"' | tr -d '"')
if [[ ${#names[@]} -eq 0 ]]; then
    echo "run.sh: cannot read the query list from crates/cli/tests/serve_load.rs" >&2
    exit 2
fi
queries=()
for n in "${names[@]}"; do queries+=("$root/queries/$n.rq"); done

echo "building orbitkg and the load client (release)..." >&2
(cd "$root" && cargo build --quiet --release -p orbitkg --bin orbitkg --example endpoint_load)
orbitkg="$target/release/orbitkg"
client="$target/release/examples/endpoint_load"

work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

"$orbitkg" build "$root/seeds" --quiet --out "$work/seeds.trig"

# A free loopback port.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until something answers on 127.0.0.1:$1.
wait_port() {
    for _ in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "run.sh: nothing listens on port $1" >&2
    return 1
}

# answers PORT: the number of quads, then each query's number of CSV lines, so
# that the two servers can be checked to hold the same graph and give the same answers.
answers() {
    local q
    curl -sfG -H 'Accept: text/csv' "http://127.0.0.1:$1/query" \
        --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }' |
        tail -n 1 | tr -d '\r\n'
    for q in "${queries[@]}"; do
        printf ' %s' "$(curl -sfG -H 'Accept: text/csv' --data-urlencode "query=$(cat "$q")" "http://127.0.0.1:$1/query" | wc -l)"
    done
}

# measure NAME PORT: warm-up, then the counted run; prints "NAME<TAB>figures".
measure() {
    "$client" "127.0.0.1:$2" "$warmup" "$clients" "${queries[@]}" > /dev/null
    printf '%s\t%s\n' "$1" "$("$client" "127.0.0.1:$2" "$requests" "$clients" "${queries[@]}")"
}

port="$(free_port)"
"$orbitkg" serve --data "$work/seeds.trig" --bind "127.0.0.1:$port" --quiet 2> "$work/orbitkg.log" &
pids+=($!)
wait_port "$port"
answers_orbitkg="$(answers "$port")"
row_orbitkg="$(measure orbitkg "$port")"
kill "${pids[-1]}"

port="$(free_port)"
if [[ "$baseline" == "oxigraph serve" ]]; then
    "$oxigraph" serve --bind "127.0.0.1:$port" 2> "$work/baseline.log" &
    pids+=($!)
    wait_port "$port"
    curl -sf -X POST -H 'Content-Type: application/trig' --data-binary "@$work/seeds.trig" "http://127.0.0.1:$port/store" > /dev/null
else
    "$python" "$here/pyoxigraph_server.py" "$work/seeds.trig" "$port" 2> "$work/baseline.log" &
    pids+=($!)
    wait_port "$port"
fi
answers_oxigraph="$(answers "$port")"
row_oxigraph="$(measure "$baseline" "$port")"
kill "${pids[-1]}"

# Both servers must hold the same graph and give the same answers, or the
# comparison means nothing.
if [[ "$answers_orbitkg" != "$answers_oxigraph" ]]; then
    echo "run.sh: the servers answer differently (quads, then lines per query): orbitkg $answers_orbitkg, oxigraph $answers_oxigraph" >&2
    exit 1
fi
echo
echo "$(nproc) cores; $requests requests, $clients clients, queries: ${names[*]}"
echo "same answers on both (quads, then CSV lines per query): $answers_orbitkg"
echo "baseline: $baseline$([[ -n "$oxigraph" ]] && echo " ($("$oxigraph" --version 2>/dev/null))"); $("$orbitkg" --version)"
echo
echo "| server | requests | failed | p50 ms | p99 ms | requests/s |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "$row_orbitkg" "$row_oxigraph"; do
    IFS=$'\t' read -r name n failed p50 p99 rps <<< "$row"
    echo "| $name | $n | $failed | $p50 | $p99 | $rps |"
done
IFS=$'\t' read -r _ _ _ a50 a99 arps <<< "$row_orbitkg"
IFS=$'\t' read -r _ _ _ b50 b99 brps <<< "$row_oxigraph"
python3 -c "print('| orbitkg / baseline | | | %.2f | %.2f | %.2f |' % ($a50/$b50, $a99/$b99, $arps/$brps))"
