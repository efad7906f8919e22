//! Character spans into an article's original text, and the mapping between the byte offsets
//! Rust strings use and the Unicode code-point offsets whosaid reports (as brat and Python do).

use serde::{Deserialize, Serialize};

/// A half-open range of Unicode code points `[start, end)` in a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given in the wrong order).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start.min(end),
            end: start.max(end),
        }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Maps byte offsets of a `&str` to code-point offsets and back.
///
/// Built once per document; lookups are binary searches over the multi-byte characters only, so
/// ASCII-heavy news text costs almost nothing.
#[derive(Debug, Clone, Default)]
pub struct CharMap {
    /// For every character encoded in more than one byte: its byte offset, its code-point offset
    /// and the extra bytes of all wide characters up to and including it.
    wide: Vec<(usize, usize, usize)>,
    len_bytes: usize,
}

impl CharMap {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        let mut extra = 0;
        // only the lead byte of a multi-byte character needs a look: it gives the length
        for (b, lead) in text.bytes().enumerate() {
            let n = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => continue,
            };
            extra += n - 1;
            wide.push((b, b + n - 1 - extra, extra));
        }
        CharMap {
            wide,
            len_bytes: text.len(),
        }
    }

    /// Code-point offset of byte offset `byte` (a char boundary of the indexed text).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        let idx = self.wide.partition_point(|&(b, _, _)| b < byte);
        let extra = idx
            .checked_sub(1)
            .and_then(|i| self.wide.get(i))
            .map_or(0, |w| w.2);
        byte.saturating_sub(extra)
    }

    /// Byte offset of code-point offset `ch`.
    pub fn byte_of(&self, ch: usize) -> usize {
        let idx = self.wide.partition_point(|&(_, c, _)| c < ch);
        let extra = idx
            .checked_sub(1)
            .and_then(|i| self.wide.get(i))
            .map_or(0, |w| w.2);
        (ch + extra).min(self.len_bytes)
    }

    /// Code-point span of a byte range.
    pub fn span(&self, start_byte: usize, end_byte: usize) -> Span {
        Span::new(self.char_of(start_byte), self.char_of(end_byte))
    }

    /// Byte range of a code-point span.
    pub fn bytes(&self, span: Span) -> std::ops::Range<usize> {
        self.byte_of(span.start)..self.byte_of(span.end)
    }
}

/// Number of values two sorted, duplicate-free slices share (sets of code-point positions in
/// the scorer, of shingle ranks in claim clustering).
pub(crate) fn sorted_overlap(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_both_ways_through_wide_characters() {
        let text = "a“b”é😀z";
        let map = CharMap::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_of(bi), ci, "byte {bi}");
            assert_eq!(map.byte_of(ci), bi, "char {ci}");
        }
        assert_eq!(map.char_of(text.len()), text.chars().count());
        assert_eq!(map.byte_of(text.chars().count()), text.len());
        let sp = map.span(1, text.len());
        assert_eq!(&text[map.bytes(sp)], "“b”é😀z");
    }
}
