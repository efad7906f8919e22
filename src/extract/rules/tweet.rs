//! Embedded tweets: the tweet's text, then a signature line `— Name (@handle) date`. The
//! author speaks, via Twitter.

use std::ops::Range;

use crate::domain::Rule;
use crate::extract::Candidate;
use crate::text::{self, Sentence};

use super::confidence;

/// `— Name (@handle) June 18, 2023` following the tweet text's paragraph.
pub(crate) fn tweet(
    text: &str,
    sentences: &[Sentence],
    i: usize,
    s: &Sentence,
) -> Option<Candidate> {
    // a signature opens its own line: only the first sentence of a paragraph can be one, so
    // each paragraph is the text of one tweet at most
    if i.checked_sub(1)
        .and_then(|k| sentences.get(k))
        .is_some_and(|p| p.paragraph == s.paragraph)
    {
        return None;
    }
    let line = text.get(s.range.clone())?;
    let dash = line
        .chars()
        .next()
        .filter(|c| matches!(c, '—' | '–' | '-'))?;
    let rest = line.get(dash.len_utf8()..)?;
    let open = rest.find("(@")?;
    let close = open + rest.get(open..)?.find(')')?;
    let name = rest.get(..open)?.trim();
    if name.is_empty() || name.split_whitespace().count() > 8 {
        return None;
    }
    let lead = rest.len() - rest.trim_start().len();
    let src_start = s.range.start + dash.len_utf8() + lead;
    let source = src_start..s.range.start + dash.len_utf8() + close + 1;
    // the tweet text is the previous paragraph, without trailing picture links
    let para: Vec<&Sentence> = previous_paragraph(sentences, s)
        .filter_map(|k| sentences.get(k))
        .collect();
    let start = para.first()?.range.start;
    let mut end = para.last()?.range.end;
    loop {
        let body = text.get(start..end)?;
        let last = body.rsplit(char::is_whitespace).next().unwrap_or("");
        let link = ["pic.twitter.com/", "https://", "http://", "t.co/"]
            .iter()
            .any(|p| last.starts_with(p));
        if link && last.len() < body.len() {
            end -= last.len();
            end = text::trim(text, start..end).end;
        } else {
            break;
        }
    }
    Some(Candidate {
        via_names: vec!["Twitter"],
        ..Candidate::new(
            i,
            s.range.start..s.range.start + dash.len_utf8(),
            Some(source),
            std::iter::once(start..end).collect(),
            Rule::Tweet,
            confidence::NAMED_SOURCE,
        )
    })
}

/// Indices of the sentences of the paragraph before `s`'s (sentences are in paragraph order),
/// found by binary search so that many tweets in a long text do not each scan every sentence.
pub(crate) fn previous_paragraph(sentences: &[Sentence], s: &Sentence) -> Range<usize> {
    let Some(want) = s.paragraph.checked_sub(1) else {
        return 0..0;
    };
    let lo = sentences.partition_point(|p| p.paragraph < want);
    let hi = sentences.partition_point(|p| p.paragraph <= want);
    lo..hi.max(lo)
}
