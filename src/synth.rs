//! Synthetic corpora for load tests and benchmarks: articles made by recombining the sentences
//! of the bundled example articles (embedded, so it works from any directory), with a publisher,
//! date, title and URL each, written as the JSON Lines that [`crate::ingest`] reads. Owns the
//! sentence pool, the seeded random number generator and the JSONL writer; it never prints and
//! touches no paths. The same count and settings give the same articles, byte for byte.

use std::io::Write;

use serde::Serialize;

use crate::domain::{Document, Metadata};
use crate::error::{Error, Result};
use crate::text;

/// The bundled example articles the sentences come from.
const SOURCES: &[&str] = &[
    include_str!("../examples/articles/blinken-beijing-talks.txt"),
    include_str!("../examples/corpus/afp-canberra-dialogue.txt"),
    include_str!("../examples/corpus/guardian-wang-leaves-canberra.txt"),
    include_str!("../examples/corpus/nikkei-canberra-trade.txt"),
    include_str!("../examples/corpus/reuters-canberra-talks.txt"),
    include_str!("../examples/corpus/scmp-rock-lobster-sources.txt"),
    include_str!("../examples/corpus/xinhua-wang-wong-talks.txt"),
];

/// Outlets a synthetic article is published by: its name and the path segment of its URL.
const PUBLISHERS: &[(&str, &str)] = &[
    ("Reuters", "reuters"),
    ("Agence France-Presse", "afp"),
    ("Xinhua", "xinhua"),
    ("The Guardian", "guardian"),
    ("South China Morning Post", "scmp"),
    ("Nikkei Asia", "nikkei"),
    ("CGTN", "cgtn"),
    ("Mothership", "mothership"),
];

/// Sentences per article when not told otherwise: 12 to 30 make a 1.5 to 4 KB article, about
/// the size of a wire story.
pub const DEFAULT_SENTENCES: (usize, usize) = (12, 30);

/// How synthetic articles are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSettings {
    /// Seed of the random number generator: the same seed gives the same articles.
    pub seed: u64,
    /// Fewest sentences in an article (at least 1).
    pub min_sentences: usize,
    /// Most sentences in an article (raised to `min_sentences` when below it).
    pub max_sentences: usize,
}

impl Default for SynthSettings {
    fn default() -> Self {
        SynthSettings {
            seed: 1,
            min_sentences: DEFAULT_SENTENCES.0,
            max_sentences: DEFAULT_SENTENCES.1,
        }
    }
}

/// The sentences synthetic articles are made of: every sentence of the bundled examples that
/// reads as reporting, each once, in the order found. Headlines, bylines, boilerplate, fragments
/// without final punctuation and sentences with an unpaired quotation mark are left out, so
/// that any two of them side by side split back into the same two sentences.
pub fn sentences() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for src in SOURCES {
        for s in text::sentences(src) {
            let Some(t) = src.get(s.range.clone()) else {
                continue;
            };
            if !s.headline && !s.boilerplate && is_reporting(t) && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The headlines of the bundled examples, used as titles.
fn headlines() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for src in SOURCES {
        for s in text::sentences(src) {
            if let Some(t) = src.get(s.range.clone())
                && s.headline
                && !s.boilerplate
                && !t.starts_with('—')
                && !out.contains(&t)
            {
                out.push(t);
            }
        }
    }
    out
}

/// True for a sentence that can stand anywhere in an article.
fn is_reporting(s: &str) -> bool {
    let starts_well = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"'));
    let ends_well = s
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '”' | '"'));
    let straight = s.matches('"').count();
    let quotes_paired =
        straight.is_multiple_of(2) && s.matches('“').count() == s.matches('”').count();
    starts_well && ends_well && quotes_paired && !s.contains("://")
}

/// splitmix64 (Steele, Lea and Flood): a tiny, fast generator with good statistics, plenty for
/// shuffling sentences, and fully determined by its seed on every platform.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-and-shift: the bias is below 2^-32
    /// for the small `n` used here.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A stream of synthetic articles: an iterator of [`Document`]s with ids `synth-000001`,
/// `synth-000002`, ... Each article has a random publisher, date (2023 to 2025), title and URL,
/// and between `min_sentences` and `max_sentences` distinct sentences of [`sentences`] in random
/// order, one to three to a paragraph, paragraphs separated by a blank line. Memory does not
/// grow with the number of articles.
#[derive(Debug, Clone)]
pub struct Synth {
    rng: SplitMix64,
    pool: Vec<&'static str>,
    titles: Vec<&'static str>,
    /// Indices into `pool`, shuffled a step at a time.
    order: Vec<usize>,
    min: usize,
    max: usize,
    next: usize,
    count: usize,
}

impl Synth {
    /// `articles` synthetic articles made as `settings` say.
    pub fn new(articles: usize, settings: &SynthSettings) -> Synth {
        let pool = sentences();
        let min = settings.min_sentences.max(1);
        Synth {
            rng: SplitMix64(settings.seed),
            order: (0..pool.len()).collect(),
            pool,
            titles: headlines(),
            min,
            max: settings.max_sentences.max(min),
            next: 0,
            count: articles,
        }
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        let i = self.rng.below(from.len());
        from.get(i).copied().unwrap_or_default()
    }

    /// The article text: `n` sentences drawn without replacement (a partial Fisher-Yates
    /// shuffle; when `n` exceeds the pool, the pool is reshuffled and drawn again).
    fn text(&mut self, n: usize) -> String {
        let len = self.order.len();
        let mut text = String::with_capacity(n * 140);
        let mut left_in_paragraph = 0;
        for k in 0..n {
            if len == 0 {
                break;
            }
            let i = k % len;
            let j = i + self.rng.below(len - i);
            self.order.swap(i, j);
            let s = self
                .order
                .get(i)
                .and_then(|&x| self.pool.get(x))
                .copied()
                .unwrap_or_default();
            if left_in_paragraph == 0 {
                if k > 0 {
                    text.push_str("\n\n");
                }
                left_in_paragraph = 1 + self.rng.below(3);
            } else {
                text.push(' ');
            }
            text.push_str(s);
            left_in_paragraph -= 1;
        }
        text.push('\n');
        text
    }
}

impl Iterator for Synth {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if self.next == self.count {
            return None;
        }
        self.next += 1;
        let id = format!("synth-{:06}", self.next);
        let (publisher, slug) = PUBLISHERS
            .get(self.rng.below(PUBLISHERS.len()))
            .copied()
            .unwrap_or_default();
        let titles = std::mem::take(&mut self.titles);
        let title = self.pick(&titles);
        self.titles = titles;
        let date = format!(
            "{}-{:02}-{:02}",
            2023 + self.rng.below(3),
            1 + self.rng.below(12),
            1 + self.rng.below(28)
        );
        let n = self.min + self.rng.below(self.max - self.min + 1);
        let text = self.text(n);
        Some(Document {
            meta: Metadata {
                publisher: Some(publisher.to_string()),
                url: Some(format!("https://synth.example/{slug}/{id}")),
                title: Some(title.to_string()),
                date: Some(date),
            },
            id,
            text,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Synth {}

/// One JSON Lines record: the fields [`crate::ingest`] reads.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    #[serde(flatten)]
    meta: &'a Metadata,
    text: &'a str,
}

/// Writes documents as JSON Lines (`{"id", "publisher", "url", "title", "date", "text"}`, one
/// per line), the input `whosaid extract` and `whosaid build` read, one document at a time.
/// Returns how many were written.
pub fn write_jsonl(docs: impl IntoIterator<Item = Document>, w: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    for d in docs {
        let rec = Record {
            id: &d.id,
            meta: &d.meta,
            text: &d.text,
        };
        serde_json::to_writer(&mut *w, &rec).map_err(|e| Error::Write {
            what: "synthetic articles".into(),
            source: e.into(),
        })?;
        w.write_all(b"\n").map_err(|e| Error::io("-", e))?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(n: usize, settings: &SynthSettings) -> Vec<u8> {
        let mut out = Vec::new();
        assert_eq!(write_jsonl(Synth::new(n, settings), &mut out).unwrap(), n);
        out
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let s = SynthSettings::default();
        let a = jsonl(40, &s);
        assert_eq!(a, jsonl(40, &s));
        let other = SynthSettings { seed: 2, ..s };
        assert_ne!(a, jsonl(40, &other));
    }

    #[test]
    fn makes_n_articles_with_unique_padded_ids() {
        let docs: Vec<Document> = Synth::new(120, &SynthSettings::default()).collect();
        assert_eq!(docs.len(), 120);
        assert_eq!(docs[0].id, "synth-000001");
        assert_eq!(docs[119].id, "synth-000120");
        let ids: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), 120);
        for d in &docs {
            let m = &d.meta;
            assert!(
                PUBLISHERS
                    .iter()
                    .any(|p| Some(p.0) == m.publisher.as_deref())
            );
            assert!(m.title.is_some() && m.url.is_some());
            assert_eq!(m.date.as_deref().map(str::len), Some(10));
        }
    }

    #[test]
    fn pool_is_realistic_news_text() {
        let pool = sentences();
        assert!(pool.len() >= 40, "{} sentences", pool.len());
        assert!(pool.iter().all(|s| is_reporting(s)));
        assert!(!pool.iter().any(|s| s.contains("Sign up")));
        assert!(!headlines().is_empty());
    }

    #[test]
    fn every_sentence_comes_from_the_examples_and_counts_are_in_range() {
        let pool = sentences();
        for (min, max) in [(12, 30), (1, 1), (3, 5), (100, 120)] {
            let settings = SynthSettings {
                seed: 7,
                min_sentences: min,
                max_sentences: max,
            };
            for d in Synth::new(30, &settings) {
                let split = text::sentences(&d.text);
                assert!(
                    (min..=max).contains(&split.len()),
                    "{} sentences, not {min}..={max}",
                    split.len()
                );
                for s in &split {
                    let t = &d.text[s.range.clone()];
                    assert!(pool.contains(&t), "not from the examples: {t:?}");
                }
                if max <= pool.len() {
                    let distinct: std::collections::BTreeSet<_> =
                        split.iter().map(|s| &d.text[s.range.clone()]).collect();
                    assert_eq!(distinct.len(), split.len(), "a sentence repeats");
                }
            }
        }
    }

    #[test]
    fn articles_are_wire_story_sized_and_read_back() {
        let bytes = jsonl(200, &SynthSettings::default());
        let docs = crate::ingest::read_bytes(
            std::path::Path::new("synth.jsonl"),
            "synth",
            &bytes,
            &Metadata::default(),
        );
        assert_eq!(docs.len(), 200);
        let back: Vec<Document> = docs.into_iter().map(Result::unwrap).collect();
        let made: Vec<Document> = Synth::new(200, &SynthSettings::default()).collect();
        assert_eq!(back, made);
        let mean = made.iter().map(|d| d.text.len()).sum::<usize>() / made.len();
        assert!((1500..=4500).contains(&mean), "mean article {mean} bytes");
    }

    #[test]
    fn settings_are_made_sane() {
        let odd = SynthSettings {
            seed: 0,
            min_sentences: 0,
            max_sentences: 0,
        };
        for d in Synth::new(5, &odd) {
            assert_eq!(text::sentences(&d.text).len(), 1);
        }
        assert_eq!(Synth::new(0, &odd).count(), 0);
    }
}
