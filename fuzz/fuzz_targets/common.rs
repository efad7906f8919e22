//! Checks shared by the fuzz targets. A failed check panics, which libFuzzer reports as a crash.

#![allow(dead_code)]

use std::path::Path;

use whosaid::KnowledgeGraph;
use whosaid::export::{read_graph_str, write_graph};

/// Inputs longer than this are skipped: the targets look for wrong answers, not slow big inputs.
pub const MAX_INPUT: usize = 64 * 1024;

/// The graph as whosaid writes it (pretty node-link JSON).
pub fn graph_json(g: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    write_graph(g, &mut out).expect("write_graph into a Vec");
    String::from_utf8(out).expect("graph JSON is UTF-8")
}

/// Writes `g`, reads it back with the loader `whosaid export`/`trace` use and writes it again:
/// the loader must accept what the writer wrote, and the two writings must be identical.
pub fn check_json_round_trip(g: &KnowledgeGraph) -> String {
    let json = graph_json(g);
    let back = read_graph_str(Path::new("fuzz.json"), &json)
        .unwrap_or_else(|e| panic!("written graph does not load: {e}\n{json}"));
    assert_eq!(back.node_count(), g.node_count());
    assert_eq!(back.edge_count(), g.edge_count());
    let again = graph_json(&back);
    assert_eq!(json, again, "graph JSON changes on a load/save round trip");
    json
}

/// True when `r` is a non-empty range of `text` on character boundaries.
pub fn valid_range(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start < r.end && text.get(r.clone()).is_some()
}
