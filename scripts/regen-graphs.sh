#!/usr/bin/env bash
# Regenerates everything in graphs/: the graphs of the bundled example article and of the
# fixture corpus, the example's pictures, its HTML viewer and its exports for other tools.
# The tests in tests/graphs.rs, tests/render.rs and tests/viewer.rs compare graphs/ with what
# the current code writes; run this after a change that alters the output.
#
# graphs/example.png needs Graphviz (`apt install graphviz`): without it the script says so
# and leaves the committed PNG alone. graphs/example.svg and the viewer's picture are drawn by Graphviz
# when it is installed and by the built-in layout when it is not.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release
whosaid=target/release/whosaid

# the graph of the example article, with DOT and an SVG picture
"$whosaid" build examples/articles -o graphs/example.json --dot graphs/example.dot --svg graphs/example.svg
# its PNG picture (needs Graphviz)
if command -v dot >/dev/null 2>&1; then
    "$whosaid" render graphs/example.json -o graphs/example.png
else
    echo "regen-graphs: Graphviz's dot is not installed: graphs/example.png left as it is" >&2
fi
# the graph of the fixture corpus (six articles on one event, several outlets)
"$whosaid" build examples/corpus -o graphs/corpus.json --dot graphs/corpus.dot
# the HTML viewer of the example graph
"$whosaid" export graphs/example.json --format html -o graphs/example.html
# the example graph for other tools (GraphML, GEXF, Cytoscape.js JSON, CSV tables)
"$whosaid" export graphs/example.json --format graphml -o graphs/example.graphml
"$whosaid" export graphs/example.json --format gexf -o graphs/example.gexf
"$whosaid" export graphs/example.json --format cytoscape -o graphs/example.cytoscape.json
"$whosaid" export graphs/example.json --format csv -o graphs/example-csv
# its PROV-O (Turtle, JSON-LD) and Neo4j exports
"$whosaid" export graphs/example.json --format prov -o graphs/example.ttl
"$whosaid" export graphs/example.json --format prov-jsonld -o graphs/example.jsonld
"$whosaid" export graphs/example.json --format neo4j -o graphs/example-neo4j
