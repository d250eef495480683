#!/usr/bin/env bash
# One big machine first (issue 12): an on-disk store of at least 100 million
# quads built from generated articles, in steps, the way an archive grows.
# Each step generates STEP new articles (disjoint from the earlier ones), adds
# them with `orbitkg build --store`, and deletes its input again, so the disk
# holds the store and its records, not the corpus. Prints one markdown row per
# step (articles held, wall time, time per 1,000 articles added, peak RSS,
# store and record sizes) and, at the end, the store's quad count. A
# benchmark, not a test: nothing here fails on a slow figure.
#
#   benches/archive/big.sh                       # 4 steps of 52,000 articles
#   STEPS=2 STEP=1000 benches/archive/big.sh     # a quick check
#
# Environment (defaults in brackets):
#   STEPS     how many builds [4]
#   STEP      articles per build [52000]
#   SEED      corpus seed [42]
#   THREADS   extraction threads [2]
#   RESULTS   where the store and raw timings go [target/big-bench/UTC-TIMESTAMP]
#   KEEP      keep the store at the end when set
#   CARGO_TARGET_DIR  where the release binaries are built [target]
#
# Needs: a Rust toolchain, libclang (RocksDB), /usr/bin/time (Debian package
# `time`), and about 25 GB of free disk for the default run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
steps="${STEPS:-4}"
step="${STEP:-52000}"
seed="${SEED:-42}"
threads="${THREADS:-2}"
results="${RESULTS:-$root/target/big-bench/$(date -u +%Y%m%dT%H%M%SZ)}"
say() { echo "== $*" >&2; }

mkdir -p "$results/raw"
raw="$results/raw"
store="$results/store"

if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time (Debian package time)"
    apt-get install -y time >&2 || sudo apt-get install -y time >&2
fi
if [[ -z "${NO_BUILD:-}" ]]; then
    say "building release binaries (rocksdb)"
    (cd "$root" && cargo build -q --release -p orbitkg -p orbitkg-corpus --features orbitkg/rocksdb)
fi
target_dir="${CARGO_TARGET_DIR:-$root/target}"
okg="$target_dir/release/orbitkg"
gen="$target_dir/release/orbitkg-corpus"

# field FILE LABEL: a value from a /usr/bin/time -v report.
field() { sed -n "s/^[[:space:]]*$2: //p" "$1"; }
# seconds FILE: wall time of a /usr/bin/time -v report, in seconds.
seconds() {
    field "$1" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }'
}
size_of() { du -sb "$1" 2>/dev/null | awk '{ printf "%.2f GB", $1 / 1e9 }'; }

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM); orbitkg $(git -C "$root" rev-parse --short HEAD), release, --features rocksdb; STEPS=$steps STEP=$step THREADS=$threads"
echo
echo "| step | articles held | build time | s per 1k added | peak RSS | store | records |"
echo "|---|---|---|---|---|---|---|"
for ((i = 0; i < steps; i++)); do
    first=$((i * step))
    input="$results/step-$i.jsonl"
    say "step $((i + 1))/$steps: generating articles $first..$((first + step))"
    "$gen" generate --articles "$step" --first "$first" --seed "$seed" --out "$input" 2> "$raw/gen-$i.out"
    say "step $((i + 1))/$steps: build --store"
    /usr/bin/time -v -o "$raw/build-$i.time" "$okg" build "$input" -j "$threads" --store "$store" \
        > "$raw/build-$i.out" 2>&1 || { say "build failed, see $raw/build-$i.out"; exit 1; }
    rm -f "$input"
    t=$(seconds "$raw/build-$i.time")
    rss=$(field "$raw/build-$i.time" 'Maximum resident set size (kbytes)' | awk '{ printf "%.2f GiB", $1 / 1048576 }')
    per=$(awk -v t="$t" -v n="$step" 'BEGIN { printf "%.2f", t / n * 1000 }')
    rocks=$(du -sb --exclude=orbitkg "$store" | awk '{ printf "%.2f GB", $1 / 1e9 }')
    echo "| $((i + 1)) | $((first + step)) | ${t} s | $per | $rss | $rocks | $(size_of "$store/orbitkg") |"
done

say "counting quads"
count='SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }'
/usr/bin/time -v -o "$raw/count.time" "$okg" query -e "$count" --store "$store" --format tsv > "$raw/count.out" 2>&1
quads=$(tail -n 1 "$raw/count.out" | tr -dc '0-9')
echo
echo "quads in the store: $quads (counted in $(seconds "$raw/count.time") s, peak RSS $(field "$raw/count.time" 'Maximum resident set size (kbytes)' | awk '{ printf "%.2f GiB", $1 / 1048576 }'))"
[[ -n "${KEEP:-}" ]] || rm -rf "$store"
