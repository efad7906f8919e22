//! The sentence view the extraction rules read: one sentence's tokens with their lowercased
//! words, whether each stands inside a quotation, and word tests by token index.

use std::ops::Range;

use super::{Lowered, Sentence, Token, TokenKind, quoted};

/// A sentence as the extraction rules read it: its tokens, lowercased words, quote nesting and
/// whether it is the headline, with word tests by token index.
pub(crate) struct SentenceView<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: &'a [Token],
    pub(crate) words: &'a Lowered,
    pub(crate) quoted: Vec<bool>,
    /// The sentence is the headline, where every word may be capitalised.
    pub(crate) headline: bool,
}

impl<'a> SentenceView<'a> {
    pub(crate) fn new(text: &'a str, sentence: &'a Sentence) -> Self {
        let toks = sentence.tokens.as_slice();
        let quoted = quoted(toks);
        SentenceView {
            text,
            toks,
            words: &sentence.lower,
            headline: sentence.headline,
            quoted,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    pub(crate) fn w(&self, i: usize) -> &str {
        self.words.get(i).unwrap_or("")
    }

    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub(crate) fn is_cap(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .toks
                .get(i)
                .and_then(|t| self.text.get(t.range.clone()))
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    pub(crate) fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct) && self.w(i) == p
    }

    pub(crate) fn is_close_quote(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::CloseQuote)
    }

    /// Byte range from the start of token `a` to the end of token `b - 1`.
    pub(crate) fn bytes(&self, a: usize, b: usize) -> Option<Range<usize>> {
        if a >= b {
            return None;
        }
        let s = self.toks.get(a)?.range.start;
        let e = self.toks.get(b - 1)?.range.end;
        Some(s..e)
    }

    /// True when only closing punctuation follows token `i` (inclusive).
    pub(crate) fn ends_at(&self, i: usize) -> bool {
        (i..self.len()).all(|k| !self.is_word(k))
    }
}
