//! Hooks for the fuzz targets in `fuzz/` (feature `fuzzing`, off by default, not public API):
//! read-only views of the text splitter, which is otherwise private.

use std::ops::Range;

use crate::text;

/// A sentence as the splitter made it, with its token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceView {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Index of its paragraph.
    pub paragraph: usize,
    /// Headline flag.
    pub headline: bool,
    /// Boilerplate flag.
    pub boilerplate: bool,
    /// Byte ranges of its tokens.
    pub tokens: Vec<Range<usize>>,
}

/// Byte ranges of the paragraphs of `text`.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    text::paragraphs(text)
}

/// Byte ranges of the quoted passages of one paragraph.
pub fn quotes(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    text::quotes(text, para)
}

/// The sentences of `text`.
pub fn sentences(text: &str) -> Vec<SentenceView> {
    text::sentences(text)
        .into_iter()
        .map(|s| SentenceView {
            range: s.range,
            paragraph: s.paragraph,
            headline: s.headline,
            boilerplate: s.boilerplate,
            tokens: s.tokens.into_iter().map(|t| t.range).collect(),
        })
        .collect()
}

/// Byte ranges of the tokens of a byte range of `text`.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    text::tokens(text, range)
        .into_iter()
        .map(|t| t.range)
        .collect()
}
