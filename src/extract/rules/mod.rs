//! The extraction rules, one file per family. Sentence rules find a sentence's cues
//! (`cues`), read each cue's shape (where its source and content lie) and turn the shapes into
//! candidates:
//! - `verb`: verb cues, `S said C`, `C, said S`, `C, S said`, coordinated and participial cues;
//! - `according`: `According to S, C` (and `C, according to S` as a tail);
//! - `quoted`: `S was quoted (by O) as saying C`, `O quoted S as saying C`;
//! - `passive`: `C has been denied by S`;
//! - `tail`: the content first, the source and cue at the end (verb and "according to" tails).
//!
//! Document rules read across sentences: `tweet` (embedded tweets), `quote_credit` (`“C” ―
//! Name`) and `headline`. How much each reading is trusted is in [`confidence`]; which rule
//! produced a candidate is a [`Rule`].

mod according;
mod cues;
pub(crate) mod headline;
mod passive;
pub(crate) mod quote_credit;
mod quoted;
mod tail;
pub(crate) mod tweet;
mod verb;

use crate::lexicon::{self, List};
use std::ops::Range;

use super::Candidate;
use super::cue::CueKind;
use super::phrase::subject;
use crate::domain::Rule;
use crate::text::{self, Sentence, SentenceView};
use cues::find_cues;

/// How much each reading is trusted, in `[0, 1]` (an attribution's `confidence`).
pub(crate) mod confidence {
    /// A source named at its cue: `S said C`, a tweet's signature.
    pub(crate) const NAMED_SOURCE: f64 = 0.9;
    /// A source at the sentence's edge, apart from its content: `C, S said`, `According to S,
    /// C`, a credited quotation, a quotation before "S was quoted as saying".
    pub(crate) const PERIPHERAL_SOURCE: f64 = 0.85;
    /// A passive agent: `C has been denied by S`.
    pub(crate) const PASSIVE: f64 = 0.8;
    /// A headline's `S: C` or `C – S`.
    pub(crate) const HEADLINE: f64 = 0.8;
    /// A cue that shares the source of an earlier one (coordinated, participle).
    pub(crate) const INHERITED_SOURCE: f64 = 0.7;
}

/// A cue occurrence in a sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct CueAt {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: CueKind,
    /// Tokens inside `start..end` that are not part of the cue ("by Reuters" in "was quoted by
    /// Reuters as saying").
    pub(super) gap: Option<(usize, usize)>,
}

impl CueAt {
    /// The cue's pieces as token ranges.
    fn pieces(&self) -> Vec<(usize, usize)> {
        match self.gap {
            Some((a, b)) => vec![(self.start, a), (b, self.end)],
            None => vec![(self.start, self.end)],
        }
    }
}

/// An attribution read in one sentence, in token indices, before it becomes a [`Candidate`].
pub(super) struct Found {
    pub(super) cue: CueAt,
    pub(super) source: Option<Range<usize>>,
    pub(super) content: (usize, usize),
    pub(super) extra: Vec<(usize, usize)>,
    pub(super) via: Vec<Range<usize>>,
    pub(super) rule: Rule,
    pub(super) confidence: f64,
    /// Tail attributions (source at the periphery) whose content may hold inner attributions.
    pub(super) tail: bool,
    pub(super) channel: bool,
    /// Whom the source spoke to (see [`Candidate::listeners`]).
    pub(super) listeners: Vec<Range<usize>>,
    /// Token of "citing" when a tail names where its source got the claim ("..., Reuters
    /// reported, citing a senior diplomat").
    pub(super) citing: Option<usize>,
}

/// Where a cue's source and content lie.
#[derive(Debug)]
pub(super) enum Shape {
    AccordingInitial {
        source: Range<usize>,
        comma: usize,
        /// The outlet when it cites the source ("According to Kyodo, which cited ...").
        via: Option<Range<usize>>,
    },
    Tail {
        source: Range<usize>,
        comma: usize,
        rule: Rule,
    },
    Inverted {
        source: Range<usize>,
        comma: usize,
        rule: Rule,
    },
    /// "C has been denied by S": the content before the cue.
    Passive {
        source: Range<usize>,
        content: Range<usize>,
    },
    SourceCue {
        source: Option<Range<usize>>,
        /// Channels named inside the cue ("was quoted by Xinhua as saying").
        via: Vec<Range<usize>>,
    },
    None,
}

/// The shape of cue `c`: where its source and content lie. `floor` is the end of the cue before.
fn shape(s: &SentenceView<'_>, c: &CueAt, floor: usize) -> Shape {
    let before_comma =
        c.start > 0 && (s.is_punct(c.start - 1, ",") || s.is_close_quote(c.start - 1));
    match c.kind {
        CueKind::AccordingTo => according::shape(s, c, before_comma),
        CueKind::Verb | CueKind::Participle => verb::shape(s, c, floor, before_comma),
        // "Those claims have been denied by Arce and his government."
        CueKind::PassiveBy => passive::shape(s, c, floor),
        CueKind::QuotedPassive => quoted::passive_shape(s, c, floor),
        CueKind::QuotedActive => quoted::active_shape(s, c, floor),
    }
}

pub(crate) fn in_sentence(text: &str, idx: usize, sentence: &Sentence) -> Vec<Candidate> {
    let s = SentenceView::new(text, sentence);
    let cues = find_cues(&s);
    if cues.is_empty() {
        return Vec::new();
    }
    // first pass: the source of each cue, so content can stop where the next cue's part begins
    let mut shapes = Vec::new();
    for (ci, c) in cues.iter().enumerate() {
        let floor = if ci == 0 {
            0
        } else {
            cues.get(ci - 1).map_or(0, |p| p.end)
        };
        shapes.push(shape(&s, c, floor));
    }
    let mut found: Vec<Found> = Vec::new();
    for (ci, (c, sh)) in cues.iter().zip(&shapes).enumerate() {
        let next = cues
            .get(ci + 1)
            .zip(shapes.get(ci + 1))
            .map(|(n, nsh)| match nsh {
                Shape::SourceCue {
                    source: Some(r),
                    via,
                } => {
                    let first = via.iter().map(|v| v.start).fold(r.start, usize::min);
                    (first.min(n.start), n.start)
                }
                Shape::Tail { comma, .. } | Shape::Inverted { comma, .. } => (*comma, n.start),
                _ => (n.start, n.start),
            });
        match sh {
            Shape::AccordingInitial { source, comma, via } => {
                found.push(according::initial(&s, c, source, *comma, via));
            }
            Shape::Tail {
                source,
                comma,
                rule,
            }
            | Shape::Inverted {
                source,
                comma,
                rule,
            } => {
                let f = tail::found(&s, c, source, *comma, *rule, &found);
                found.push(f);
            }
            Shape::SourceCue { source, via } => {
                let floor = if ci == 0 {
                    0
                } else {
                    cues.get(ci - 1).map_or(0, |p| p.end)
                };
                verb::source_cue(&s, c, floor, source, via, next, &mut found);
            }
            Shape::Passive { source, content } => found.push(passive::found(c, source, content)),
            Shape::None => {}
        }
    }
    // inherit sources for coordinated and participial cues
    let mut last_source: Option<Range<usize>> = None;
    for f in &mut found {
        if f.source.is_none() {
            f.source = last_source.clone().or_else(|| subject(&s));
        }
        // "C, the ministry said, adding that ..." (but not "..., according to Xinhua, ...")
        if f.source.is_some() && (!f.tail || f.cue.kind == CueKind::Verb) {
            last_source = f.source.clone();
        }
    }
    nest(&mut found);
    found
        .into_iter()
        .filter(|f| f.content.0 < f.content.1 && f.source.is_some())
        .filter_map(|f| {
            let mut content = vec![s.bytes(f.content.0, f.content.1)?];
            content.extend(f.extra.iter().filter_map(|&(a, b)| s.bytes(a, b)));
            let content: Vec<Range<usize>> = content
                .into_iter()
                .map(|r| trim_content(text, r))
                .filter(|r| !r.is_empty())
                .collect();
            if content.is_empty() {
                return None;
            }
            let mut cue = f
                .cue
                .pieces()
                .into_iter()
                .filter_map(|(a, b)| s.bytes(a, b));
            Some(Candidate {
                sentence: idx,
                cue: cue.next()?,
                cue_extra: cue.collect(),
                source: f.source.and_then(|r| s.bytes(r.start, r.end)),
                content,
                via: f
                    .via
                    .iter()
                    .filter_map(|r| s.bytes(r.start, r.end))
                    .collect(),
                via_names: Vec::new(),
                listeners: f
                    .listeners
                    .iter()
                    .filter_map(|r| s.bytes(r.start, r.end))
                    .collect(),
                citing: f
                    .citing
                    .filter(|_| !f.channel)
                    .and_then(|k| s.bytes(k, k + 1)),
                rule: f.rule,
                confidence: f.confidence,
                channel: f.channel,
            })
        })
        .collect()
}

/// Where the content of a cue ends: before the next cue's own construction.
pub(super) fn content_end(
    s: &SentenceView<'_>,
    from: usize,
    next: Option<(usize, usize)>,
) -> usize {
    let mut end = match next {
        Some((src_start, _)) => src_start,
        None => s.len(),
    };
    while end > from
        && (lexicon::words(List::Connectors).contains(&s.w(end - 1))
            || s.is_punct(end - 1, ".")
            || s.is_punct(end - 1, ":"))
        && !s.quoted.get(end - 1).copied().unwrap_or(false)
    {
        end -= 1;
    }
    end
}

pub(super) fn clause_start(s: &SentenceView<'_>, before: usize, found: &[Found]) -> usize {
    // the content of a tail cue starts after any earlier tail's cue part
    found
        .iter()
        .filter(|f| f.tail && f.cue.end <= before)
        .map(|f| {
            f.source
                .as_ref()
                .map_or(f.cue.end, |r| r.end.max(f.cue.end))
        })
        .max()
        .map_or(0, |e| {
            let mut e = e;
            while s.is_punct(e, ",") {
                e += 1;
            }
            e
        })
}

/// Tail attributions whose content holds another attribution's cue name that attribution's
/// channel: "Qin said C, according to Xinhua" -> Qin via Xinhua. The outer one is kept, marked
/// `channel`, for the pipeline to drop once its source is known to be an outlet or organisation.
fn nest(found: &mut [Found]) {
    let mut channel = vec![false; found.len()];
    for oi in 0..found.len() {
        let Some(outer) = found.get(oi) else { continue };
        if !outer.tail {
            continue;
        }
        let (a, b) = outer.content;
        let src = outer.source.clone();
        let mut chain: Vec<Range<usize>> = src.into_iter().collect();
        chain.extend(outer.via.iter().cloned());
        let mut any = false;
        for (ii, inner) in found.iter_mut().enumerate() {
            // inside the outer content, or a tail just before it: "C, Wang said, according to O"
            let adjacent = inner.tail
                && inner.cue.kind == CueKind::Verb
                && inner
                    .source
                    .as_ref()
                    .map_or(inner.cue.end, |r| r.end.max(inner.cue.end))
                    == b;
            if ii != oi && ((inner.cue.start >= a && inner.cue.end <= b) || adjacent) {
                let mut v = chain.clone();
                v.append(&mut inner.via);
                inner.via = v;
                // the inner content must not run into the outer cue
                inner.content.1 = inner.content.1.min(b);
                any = true;
            }
        }
        if let Some(r) = channel.get_mut(oi) {
            *r = any;
        }
    }
    for (f, c) in found.iter_mut().zip(channel) {
        f.channel = c;
    }
}

fn trim_content(text: &str, r: Range<usize>) -> Range<usize> {
    let mut r = text::trim(text, r);
    while let Some(c) = text.get(r.clone()).and_then(|t| t.chars().last()) {
        if matches!(c, ',' | ';' | ':' | '.' | ' ') && r.end > r.start {
            r.end -= c.len_utf8();
        } else {
            break;
        }
    }
    text::trim(text, r)
}
