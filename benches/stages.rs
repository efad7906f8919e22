//! Throughput of each stage after extraction, on a synthetic corpus: 200 articles from
//! `whosaid::synth` with a fixed seed (about 500 KB of news text), so the figures are the same
//! kind on any machine and need nothing outside the repository.
//!
//! - `text`: splitting into sentences with their tokens (`whosaid::text::sentences`), in bytes
//!   of article text per second.
//! - `resolve`: the full resolver (coreference within an article, "he" and "the minister") is
//!   not public and runs inside `Pipeline::extract` (see the `extract` bench); measured here is
//!   its registry lookup, `Registry::find_in`, over every source mention and speaker name of the
//!   corpus's extractions, in lookups per second.
//! - `graph`: `KnowledgeGraph::from_extractions` (including claim clustering) in attributions per
//!   second; `merge_all` of four graphs of 50 articles each, and reading the graph JSON back, in
//!   nodes plus edges of the inputs per second.
//! - `export`: every format of `whosaid export`, written to memory, in nodes plus edges per
//!   second. The HTML viewer is given a fixed SVG: drawing is `render`'s job, not the exporter's.
//!
//! Each group takes 10 flat samples after a 1 s warm-up, so the whole file runs in about a
//! minute once built. Run with `cargo bench --bench stages` (one group: `-- export`).
#![allow(clippy::expect_used, clippy::print_stderr)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use whosaid::synth::{Synth, SynthSettings};
use whosaid::{Document, Extraction, KnowledgeGraph, Pipeline, export};

/// Articles in the bench corpus and the seed that makes them.
const ARTICLES: usize = 200;
const SEED: u64 = 2026;

fn corpus() -> Vec<Document> {
    let settings = SynthSettings {
        seed: SEED,
        ..SynthSettings::default()
    };
    Synth::new(ARTICLES, &settings).collect()
}

fn extractions(docs: &[Document]) -> Vec<Extraction> {
    let pipeline = Pipeline::new().expect("built-in registry loads");
    docs.iter().map(|d| pipeline.extract(d)).collect()
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    g
}

fn size(g: &KnowledgeGraph) -> u64 {
    (g.node_count() + g.edge_count()) as u64
}

fn text(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut g = group(c, "text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("sentences+tokens", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(whosaid::text::sentences(black_box(&d.text)));
            }
        })
    });
    g.finish();
}

fn resolve(c: &mut Criterion) {
    let xs = extractions(&corpus());
    let pipeline = Pipeline::new().expect("built-in registry loads");
    let registry = pipeline.registry();
    let mentions: Vec<&str> = xs
        .iter()
        .flat_map(|x| &x.attributions)
        .flat_map(|a| {
            a.source
                .iter()
                .map(|m| m.text.as_str())
                .chain(std::iter::once(a.speaker.name.as_str()))
        })
        .collect();
    let mut g = group(c, "resolve");
    g.throughput(Throughput::Elements(mentions.len() as u64));
    g.bench_function("registry-find_in", |b| {
        b.iter(|| {
            for m in &mentions {
                black_box(registry.find_in(black_box(m)));
            }
        })
    });
    // one long article repeating a description no earlier name fits ("the ministry"): each
    // mention once searched back through the whole article (quadratic); compare the two sizes
    for n in [2_000, 16_000] {
        let doc = Document::new(
            "repeated",
            "The ministry said the port would open soon. ".repeat(n),
        );
        g.bench_function(format!("repeated-description-{n}"), |b| {
            b.iter(|| black_box(pipeline.extract(black_box(&doc))))
        });
    }
    g.finish();
}

fn graph(c: &mut Criterion) {
    let xs = extractions(&corpus());
    let attributions: usize = xs.iter().map(|x| x.attributions.len()).sum();
    let parts: Vec<KnowledgeGraph> = xs
        .chunks(ARTICLES / 4)
        .map(KnowledgeGraph::from_extractions)
        .collect();
    let whole = KnowledgeGraph::from_extractions(&xs);
    let mut json = Vec::new();
    export::write_graph(&whole, &mut json).expect("graph JSON");
    let json = String::from_utf8(json).expect("graph JSON is UTF-8");

    let mut g = group(c, "graph");
    g.throughput(Throughput::Elements(attributions as u64));
    g.bench_function("build", |b| {
        b.iter(|| black_box(KnowledgeGraph::from_extractions(black_box(&xs))))
    });
    g.throughput(Throughput::Elements(parts.iter().map(size).sum()));
    g.bench_function("merge-4", |b| {
        b.iter(|| black_box(KnowledgeGraph::merge_all(black_box(&parts))))
    });
    g.throughput(Throughput::Elements(size(&whole)));
    g.bench_function("read-json", |b| {
        b.iter(|| {
            black_box(export::read_graph_str(
                Path::new("bench.json"),
                black_box(&json),
            ))
            .expect("graph JSON reads back")
        })
    });
    g.finish();
}

/// A stand-in picture for the HTML viewer.
const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#;

fn exports(c: &mut Criterion) {
    let whole = KnowledgeGraph::from_extractions(&extractions(&corpus()));
    eprintln!(
        "graph of synth-{ARTICLES}: {} nodes, {} edges",
        whole.node_count(),
        whole.edge_count()
    );
    type Writer = fn(&KnowledgeGraph, &mut Vec<u8>) -> whosaid::Result<()>;
    let formats: [(&str, Writer); 10] = [
        ("json", |g, w| export::write_graph(g, w)),
        ("dot", |g, w| export::write_dot(g, w)),
        ("html", |g, w| export::write_html(g, SVG, w)),
        ("graphml", |g, w| export::write_graphml(g, w)),
        ("gexf", |g, w| export::write_gexf(g, w)),
        ("cytoscape", |g, w| export::write_cytoscape(g, w)),
        ("csv", |g, w| {
            export::write_nodes_csv(g, &mut *w)?;
            export::write_edges_csv(g, w)
        }),
        ("prov", |g, w| export::write_prov_turtle(g, w)),
        ("prov-jsonld", |g, w| export::write_prov_jsonld(g, w)),
        ("neo4j", |g, w| {
            for (_, bytes) in export::neo4j_files(g)? {
                w.extend_from_slice(&bytes);
            }
            Ok(())
        }),
    ];
    let mut g = group(c, "export");
    g.throughput(Throughput::Elements(size(&whole)));
    let mut out = Vec::new();
    for (name, write) in formats {
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                write(black_box(&whole), &mut out).expect("export writes to memory");
                black_box(out.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, text, resolve, graph, exports);
criterion_main!(benches);
