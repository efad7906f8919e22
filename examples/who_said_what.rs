//! Builds the knowledge graph of the bundled example articles and prints who said what, through
//! which outlets, with the sentence each claim came from.
//!
//! Run with `cargo run --example who_said_what` (or pass article paths as arguments).

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use whosaid::{EdgeKind, GraphBuilder, Metadata, NodeKind, Pipeline, ingest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        paths.push(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/articles"
        )));
    }
    let pipeline = Pipeline::new()?;
    let (inputs, errors) = ingest::expand(&paths, ingest::InputFormat::Auto);
    for e in errors {
        eprintln!("skipped: {e}");
    }
    let mut docs = Vec::new();
    for input in &inputs {
        for doc in ingest::read(input, &Metadata::default()) {
            match doc {
                Ok(doc) => docs.push(doc),
                Err(e) => eprintln!("skipped: {e}"),
            }
        }
    }
    // in parallel, in input order; a large corpus goes through in batches of a few dozen
    let mut builder = GraphBuilder::new();
    for batch in docs.chunks(64) {
        for x in pipeline.extract_batch(batch) {
            builder.add(&x);
        }
    }
    // finish() clusters near-duplicate claims
    let graph = builder.finish();
    for claim in graph.nodes().filter(|n| n.kind == NodeKind::Claim) {
        for said in graph
            .out_edges(&claim.id)
            .filter(|e| e.kind == EdgeKind::SaidBy)
        {
            let speaker = graph.node(&said.target).map_or("?", |n| n.label.as_str());
            let mut via: Vec<(u32, &str)> = graph
                .out_edges(&claim.id)
                .filter(|e| e.kind == EdgeKind::ReportedBy && e.article == said.article)
                .map(|e| {
                    (
                        e.order.unwrap_or(0),
                        graph.node(&e.target).map_or("?", |n| n.label.as_str()),
                    )
                })
                .collect();
            via.sort();
            let chain: Vec<&str> = via.iter().map(|v| v.1).collect();
            println!(
                "{speaker} ({}){}: {}",
                said.cue.as_deref().unwrap_or("said"),
                if chain.is_empty() {
                    String::new()
                } else {
                    format!(" via {}", chain.join(" <- "))
                },
                claim.label
            );
            if let (Some(ev), Some(s), Some(e)) = (&said.evidence, said.start, said.end) {
                println!(
                    "    [{}:{s}-{e}] {ev}",
                    said.article.as_deref().unwrap_or("?")
                );
            }
        }
    }
    Ok(())
}
