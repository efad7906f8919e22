//! Extraction throughput: `Pipeline::extract` over a corpus of articles, in bytes of article
//! text per second. Always measured on a synthetic corpus (`synth-200`: 200 articles from
//! `whosaid::synth` with a fixed seed, about 500 KB), so the figure means the same on any
//! machine; and also on `$WHOSAID_BENCH_CORPUS` (files or a directory, read like
//! `whosaid extract` inputs) when it is set, else on the PolNeAR train texts in
//! `../shared/polnear/train/text` when they are there.
//!
//! Run with `cargo bench --bench extract`.
#![allow(clippy::expect_used, clippy::print_stderr)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use whosaid::synth::{Synth, SynthSettings};
use whosaid::{Document, Metadata, Pipeline, ingest};

/// The corpus to read besides the synthetic one, and a short name for the report.
fn corpus_path() -> Option<(PathBuf, &'static str)> {
    if let Some(p) = std::env::var_os("WHOSAID_BENCH_CORPUS") {
        return Some((PathBuf::from(p), "custom"));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let polnear = root.join("../shared/polnear/train/text");
    polnear.is_dir().then_some((polnear, "polnear-train"))
}

fn documents(path: PathBuf) -> Vec<Document> {
    let (inputs, errors) = ingest::expand(&[path], ingest::InputFormat::Auto);
    for e in &errors {
        eprintln!("bench corpus: {e}");
    }
    inputs
        .iter()
        .flat_map(|i| ingest::read(i, &Metadata::default()))
        .filter_map(|d| d.map_err(|e| eprintln!("bench corpus: {e}")).ok())
        .collect()
}

fn extract(c: &mut Criterion) {
    let synth = SynthSettings {
        seed: 2026,
        ..SynthSettings::default()
    };
    let mut corpora = vec![("synth-200", Synth::new(200, &synth).collect::<Vec<_>>())];
    if let Some((path, name)) = corpus_path() {
        let docs = documents(path.clone());
        assert!(!docs.is_empty(), "no articles in {}", path.display());
        eprintln!("corpus {name}: from {}", path.display());
        corpora.push((name, docs));
    }
    let pipeline = Pipeline::new().expect("built-in registry loads");

    let mut group = c.benchmark_group("extract");
    // one pass over the PolNeAR train texts takes about a second: few, flat samples keep a run
    // well under a minute
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(15));
    for (name, docs) in &corpora {
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        eprintln!("corpus {name}: {} articles, {bytes} bytes", docs.len());
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for d in docs {
                    black_box(pipeline.extract(black_box(d)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
