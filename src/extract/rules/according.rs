//! "According to": `According to S, C` (the source opens the sentence, maybe with an
//! appositive or "which cited" hop) and `C, according to S` (a tail, read by `tail`).

use crate::lexicon::{self, List};
use std::ops::Range;

use super::{CueAt, Found, Shape, confidence, content_end};
use crate::domain::Rule;
use crate::extract::phrase::np_right;
use crate::text::SentenceView;

/// The shape of an "according to" cue: initial with its source and comma, or a tail.
pub(super) fn shape(s: &SentenceView<'_>, c: &CueAt, before_comma: bool) -> Shape {
    let lead = (0..c.start).all(|k| matches!(s.w(k), "but" | "and" | "yet" | "so"));
    let Some(src) = np_right(s, c.end) else {
        return Shape::None;
    };
    if lead {
        if !s.is_punct(src.end, ",") {
            return Shape::None;
        }
        // "According to CGTN, the English-language arm of CCTV, Wang urged ..."
        let mut comma = src.end;
        let mut source = src;
        if lexicon::words(List::Determiners).contains(&s.w(comma + 1))
            && let Some(app) = np_right(s, comma + 1)
            && s.is_punct(app.end, ",")
            && s.len() > app.end + 3
        {
            source = source.start..app.end;
            comma = app.end;
        }
        // "According to Kyodo, which cited diplomatic sources, C": the sources speak,
        // via Kyodo
        if matches!(s.w(comma + 1), "which" | "who")
            && matches!(s.w(comma + 2), "cited" | "quoted")
            && let Some(cited) = np_right(s, comma + 3)
            && s.is_punct(cited.end, ",")
        {
            return Shape::AccordingInitial {
                comma: cited.end,
                source: cited,
                via: Some(source),
            };
        }
        return Shape::AccordingInitial {
            source,
            comma,
            via: None,
        };
    }
    let comma = if before_comma { c.start - 1 } else { c.start };
    Shape::Tail {
        source: src,
        comma,
        rule: Rule::AccordingToFinal,
    }
}

/// `According to S, C`: the content runs from the comma to the sentence's end.
pub(super) fn initial(
    s: &SentenceView<'_>,
    c: &CueAt,
    source: &Range<usize>,
    comma: usize,
    via: &Option<Range<usize>>,
) -> Found {
    Found {
        // "According to Kyodo, which cited ...": the cue is "According to ... cited"
        cue: match via {
            Some(_) => CueAt {
                end: source.start,
                gap: Some((c.end, source.start - 1)),
                ..*c
            },
            None => *c,
        },
        source: Some(source.clone()),
        content: (comma + 1, content_end(s, comma + 1, None)),
        extra: Vec::new(),
        via: via.iter().cloned().collect(),
        rule: Rule::AccordingToInitial,
        confidence: confidence::PERIPHERAL_SOURCE,
        tail: true,
        channel: false,
        listeners: Vec::new(),
        citing: None,
    }
}
