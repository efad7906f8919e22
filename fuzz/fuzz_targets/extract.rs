//! Arbitrary bytes read exactly as `whosaid extract -` reads stdin (`ingest::read_bytes`: JSON
//! Lines when the first non-blank byte is `{`, otherwise one plain-text article, where invalid
//! UTF-8 is an error and a BOM or NUL is kept as text), then the full pipeline (rules and the
//! built-in learned model) on every document that reads. Checks that every span lies in the
//! text and that mention and evidence text is what the spans cover, that the extraction JSON
//! writes, and that the graph built from the extractions survives a JSON round trip.

#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;
use std::sync::LazyLock;

use common::{MAX_INPUT, check_json_round_trip};
use libfuzzer_sys::fuzz_target;
use whosaid::export::write_extractions;
use whosaid::ingest::read_bytes;
use whosaid::{Extraction, KnowledgeGraph, Mention, Metadata, Pipeline};

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new().expect("the built-in pipeline loads"));

/// The code points `start..end` of `chars`.
fn slice(chars: &[char], start: usize, end: usize) -> String {
    assert!(
        start <= end && end <= chars.len(),
        "span {start}..{end} of {}",
        chars.len()
    );
    chars[start..end].iter().collect()
}

fn check_mention(chars: &[char], m: &Mention) {
    let parts: Vec<String> = m.spans.iter().map(|[s, e]| slice(chars, *s, *e)).collect();
    assert_eq!(
        m.text,
        parts.join(" "),
        "mention text differs from its spans {:?}",
        m.spans
    );
}

fn check(text: &str, x: &Extraction) {
    let chars: Vec<char> = text.chars().collect();
    for a in &x.attributions {
        let ev = &a.evidence;
        assert_eq!(
            ev.sentence,
            slice(&chars, ev.start, ev.end),
            "evidence text"
        );
        check_mention(&chars, &a.content);
        check_mention(&chars, &a.cue);
        if let Some(s) = &a.source {
            check_mention(&chars, s);
        }
        assert!(
            !a.id.is_empty() && !a.speaker.id.is_empty(),
            "empty id in {a:?}"
        );
        assert!(a.confidence.is_finite(), "confidence {}", a.confidence);
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let docs = read_bytes(Path::new("fuzz"), "fuzz", data, &Metadata::default());
    let mut extractions = Vec::new();
    for doc in docs.into_iter().flatten() {
        let x = PIPELINE.extract(&doc);
        check(&doc.text, &x);
        assert_eq!(x, PIPELINE.extract(&doc), "extraction is not deterministic");
        extractions.push(x);
    }
    let mut out = Vec::new();
    write_extractions(&extractions, true, &mut out).expect("extraction JSON writes");
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("extraction JSON parses");
    }
    let graph = KnowledgeGraph::from_extractions(&extractions);
    check_json_round_trip(&graph);
});
