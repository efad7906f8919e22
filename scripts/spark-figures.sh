#!/usr/bin/env bash
# The figures of docs/performance.md, "On Spark": the plain CLI against the Spark recipe
# (examples/spark, local mode with 2 worker threads) on one synthetic corpus, wall time and the
# peak resident memory of the whole process tree (scripts/peak-rss.py), each Spark graph checked
# byte-identical to the CLI's; then the cost of `merge` as the number of shards grows.
# Usage: scripts/spark-figures.sh [ARTICLES]   (default 20000; needs PySpark and Java)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
bin=${WHOSAID:-target/release/whosaid}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/spark.log"

measure() { # LABEL COMMAND...: one line of figures
    local label=$1
    shift
    rm -f "$work/m"
    python3 scripts/peak-rss.py -o "$work/m" "$@" >/dev/null 2>>"$log"
    printf '%-44s %s\n' "$label" "$(cat "$work/m")"
}

"$bin" synth --articles "$n" >"$work/corpus.jsonl"
echo "corpus: $n articles, $(du -m "$work/corpus.jsonl" | cut -f1) MB of JSON Lines"
measure "whosaid build" "$bin" build "$work/corpus.jsonl" -q -o "$work/all.json"
echo "graph: $(du -m "$work/all.json" | cut -f1) MB of graph JSON"
measure "whosaid extract --format jsonl" "$bin" extract "$work/corpus.jsonl" --format jsonl -q \
    -o "$work/all.jsonl"
for parts in 2 4 16; do
    measure "spark graph job, $parts partitions" python3 examples/spark/whosaid_spark.py graph \
        --master 'local[2]' --partitions "$parts" --whosaid "$bin" "$work/corpus.jsonl" "$work/g$parts"
    cmp "$work/all.json" "$work/g$parts/graph.json"
    measure "spark extract job, $parts partitions" python3 examples/spark/whosaid_spark.py extract \
        --master 'local[2]' --partitions "$parts" --whosaid "$bin" "$work/corpus.jsonl" "$work/x$parts"
done
echo "every Spark graph is byte-identical to the one-shot build"

for k in 1 2 4 8 16 32 64; do
    mkdir "$work/s$k"
    split -n "l/$k" -d -a 3 --additional-suffix=.jsonl "$work/corpus.jsonl" "$work/s$k/p"
    for f in "$work/s$k"/p*.jsonl; do
        "$bin" build "$f" -q -o "${f%.jsonl}.json"
        rm "$f"
    done
    ls "$work/s$k"/p*.json >"$work/s$k/list"
    measure "merge --list of $k shards" "$bin" merge --list "$work/s$k/list" -q -o "$work/m$k.json"
    cmp "$work/all.json" "$work/m$k.json"
    rm -r "$work/s$k" "$work/m$k.json"
done
