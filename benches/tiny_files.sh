#!/usr/bin/env bash
# How the cost of a build grows with the number of files: 1,000 and 10,000
# tiny articles built in turn (median of RUNS each), time per file and the
# ratio of the two. A file should cost about the same among 10,000 as among
# 1,000 (ratio near 1): no work per file that grows with the folder.
#   benches/tiny_files.sh            # uses target/release/orbitkg
#   BIN=path/to/orbitkg RUNS=5 benches/tiny_files.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${BIN:-target/release/orbitkg}
RUNS=${RUNS:-3}
[ -x "$BIN" ] || { echo "no $BIN: cargo build --release -p orbitkg first" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
declare -A per_file
for n in 1000 10000; do
  mkdir "$TMP/tiny$n"
  for ((i = 0; i < n; i++)); do
    printf 'NASA and ESA met in Paris on day %d.\n' "$i" > "$TMP/tiny$n/$(printf '%05d' "$i").txt"
  done
  secs=$(for ((r = 0; r < RUNS; r++)); do
    start=$(date +%s.%N)
    "$BIN" build "$TMP/tiny$n" --quiet --out "$TMP/tiny$n.nq"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
  done | median)
  per_file[$n]=$(awk -v s="$secs" -v n="$n" 'BEGIN { print s / n * 1000 }')
  printf '%6d files: %.2f s (median of %d), %.3f ms a file\n' "$n" "$secs" "$RUNS" "${per_file[$n]}"
done
printf 'ratio (a file among 10,000 / among 1,000): %.2f\n' "$(awk -v a="${per_file[10000]}" -v b="${per_file[1000]}" 'BEGIN { print a / b }')"
