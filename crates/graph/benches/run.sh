#!/usr/bin/env bash
# Times betweenness and PageRank in orbitkg-graph (release build) and in
# networkx on the same synthetic graph, and prints how many times faster the
# Rust side is. A benchmark, not a test: nothing here fails on a slow run.
#
#   crates/graph/benches/run.sh                  # 100k nodes, 64 pivots
#   NODES=20000 PIVOTS=32 crates/graph/benches/run.sh
#
# PYTHON must have networkx (scipy optional: without it networkx's PageRank
# falls back to its pure-Python iteration, and the script says so).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
nodes="${NODES:-100000}"
seed="${SEED:-42}"
pivots="${PIVOTS:-64}"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "generating a ${nodes}-node graph (seed ${seed}) and ${pivots} pivots…" >&2
"$python" "$here/networkx_ratio.py" generate "$nodes" "$seed" "$pivots" "$tmp"

echo "timing orbitkg-graph (cargo bench, release)…" >&2
(cd "$here/.." && cargo bench -q -p orbitkg-graph --bench networkx_ratio -- \
    "$tmp/edges.txt" "$tmp/pivots.txt" "$tmp") > "$tmp/rust.json"

echo "timing networkx…" >&2
"$python" "$here/networkx_ratio.py" time "$tmp" > "$tmp/nx.json"

"$python" "$here/networkx_ratio.py" compare "$tmp" "$tmp/rust.json" "$tmp/nx.json"
