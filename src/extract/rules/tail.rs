//! Tails: the content first, then the source and its cue at the sentence's edge (`C, S said`,
//! `C, said S`, `C, according to S`), with a second quotation after the cue, a "citing" hop
//! and whom the source spoke to.

use std::ops::Range;

use super::{CueAt, Found, clause_start, confidence, content_end};
use crate::domain::Rule;
use crate::extract::phrase::{citing, is_tell, listeners};
use crate::text::{SentenceView, TokenKind};

/// The attribution of a tail cue whose content ends at the comma (or closing quote) `comma`.
pub(super) fn found(
    s: &SentenceView<'_>,
    c: &CueAt,
    source: &Range<usize>,
    comma: usize,
    rule: Rule,
    found: &[Found],
) -> Found {
    let start = clause_start(s, comma, found);
    let mut extra = Vec::new();
    // "“C1,” Wang said, “C2”": the second quote continues the content
    let after = source.end.max(c.end);
    if s.is_punct(after, ",")
        && s.toks
            .get(after + 1)
            .is_some_and(|t| t.kind == TokenKind::OpenQuote)
    {
        extra.push((after + 1, content_end(s, after + 1, None)));
    }
    let (cited, via) = match citing(s, after) {
        Some((k, p)) => (Some(k), vec![p]),
        None => (None, Vec::new()),
    };
    let end = if s.is_close_quote(comma) {
        comma + 1
    } else {
        comma
    };
    // "..., Wang told Reuters." / "..., the minister said in an interview with the BBC."
    let tell = rule == Rule::ContentSourceCue && is_tell(s.w(c.start));
    let listeners = listeners(s, c.end, s.len(), tell);
    Found {
        cue: *c,
        source: Some(source.clone()),
        content: (start, end),
        extra,
        via,
        rule,
        confidence: confidence::PERIPHERAL_SOURCE,
        tail: true,
        channel: false,
        listeners,
        citing: cited,
    }
}
