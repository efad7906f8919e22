//! Passive cues with their agent: `C has been denied by S`.

use crate::lexicon::{self, List};
use std::ops::Range;

use super::{CueAt, Found, Shape, confidence};
use crate::domain::Rule;
use crate::extract::phrase::np_right;
use crate::text::SentenceView;

/// The content before the verb group and the agent after "by".
pub(super) fn shape(s: &SentenceView<'_>, c: &CueAt, floor: usize) -> Shape {
    // the subject: the words before the verb group, back to a clause boundary
    let mut k = c.start;
    while k > floor
        && c.start - k < 12
        && s.is_word(k - 1)
        && !s.quoted.get(k - 1).copied().unwrap_or(true)
        && !lexicon::words(List::NpStops).contains(&s.w(k - 1))
    {
        k -= 1;
    }
    let Some(source) = np_right(s, c.end + 1).filter(|_| k < c.start) else {
        return Shape::None;
    };
    let content = k..c.start;
    // "by Arce and his government": both (the pipeline splits coordinated speakers)
    let source = match np_right(s, source.end + 1) {
        Some(more) if s.w(source.end) == "and" => source.start..more.end,
        _ => source,
    };
    // the agent ends at the sentence's end or a comma
    let source = source.start
        ..(source.start..source.end)
            .find(|&k| s.is_punct(k, ","))
            .unwrap_or(source.end);
    Shape::Passive { source, content }
}

/// The attribution of a passive cue.
pub(super) fn found(c: &CueAt, source: &Range<usize>, content: &Range<usize>) -> Found {
    Found {
        cue: *c,
        source: Some(source.clone()),
        content: (content.start, content.end),
        extra: Vec::new(),
        via: Vec::new(),
        rule: Rule::PassiveBy,
        confidence: confidence::PASSIVE,
        tail: false,
        channel: false,
        listeners: Vec::new(),
        citing: None,
    }
}
