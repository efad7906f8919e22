//! Arbitrary bytes given to the graph JSON loader that `whosaid export`, `trace`, `query`,
//! `stats`, `render` and `merge` use (`export::read_graph_str`, after the same UTF-8 check as
//! `read_graph`). A graph that loads must survive a save/load round trip unchanged, and the
//! queries (stats, trace, query, their text/CSV/JSON renderings) and merging must not fail.

#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use common::{MAX_INPUT, check_json_round_trip, graph_json};
use libfuzzer_sys::fuzz_target;
use whosaid::export::read_graph_str;
use whosaid::query::output::{
    csv, stats_text, table, trace_text, write_query_json, write_stats_json, write_trace_json,
};
use whosaid::query::{Filter, neighbourhood, query, stats, trace};
use whosaid::{KnowledgeGraph, NodeKind};

fn parses(bytes: &[u8]) {
    serde_json::from_slice::<serde_json::Value>(bytes).expect("query JSON parses");
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(g) = read_graph_str(Path::new("fuzz.json"), text) else {
        return;
    };
    check_json_round_trip(&g);

    let s = stats(&g);
    let _ = stats_text(&s);
    let mut out = Vec::new();
    write_stats_json(&s, &mut out).expect("stats JSON writes");
    parses(&out);

    // trace by a claim's words and by a speaker's name, as `whosaid trace` is used
    let mut words: Vec<String> = Vec::new();
    for kind in [NodeKind::Claim, NodeKind::Person, NodeKind::Outlet] {
        if let Some(n) = g.nodes().find(|n| n.kind == kind) {
            words.push(n.label.chars().take(200).collect());
        }
    }
    words.push("said".into());
    for w in &words {
        for all in [false, true] {
            let claims = trace(&g, w, all);
            let _ = trace_text(&claims);
            let mut out = Vec::new();
            write_trace_json(w, &claims, &mut out).expect("trace JSON writes");
            parses(&out);
            let near = neighbourhood(&g, &claims);
            check_json_round_trip(&near);
        }
    }

    let mut filter = Filter::default();
    let claims = query(&g, &filter);
    let rows: Vec<_> = claims.iter().map(whosaid::query::ClaimReport::summary).collect();
    let _ = table(&rows);
    let _ = csv(&rows);
    let mut out = Vec::new();
    write_query_json(&claims, &mut out).expect("query JSON writes");
    parses(&out);
    filter.speaker = words.get(1).cloned();
    filter.single_source = true;
    let _ = query(&g, &filter);

    // merging a graph with itself, and re-clustering, change nothing the second time
    let mut twice = g.clone();
    twice.merge(&g);
    let once = graph_json(&twice);
    twice.merge(&g);
    assert_eq!(once, graph_json(&twice), "merge is not idempotent");
    let merged = KnowledgeGraph::merge_all([&g, &g]);
    assert_eq!(once, graph_json(&merged), "merge_all differs from merge");
});
