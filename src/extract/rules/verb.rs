//! Verb cues ("said", "told", "denied", "adding"): `S said (that) C`, `C, said S`, `C, S said`,
//! and cues that share an earlier cue's source (`S said C1 and warned C2`, `..., adding that
//! C2`). The shape decides where the source is; `source_cue` reads the content after the cue.

use crate::lexicon::{self, List};
use std::ops::Range;

use super::{CueAt, Found, Shape, clause_start, confidence, content_end};
use crate::domain::Rule;
use crate::extract::cue::{CueKind, is_speech_noun, match_cue};
use crate::extract::phrase::{
    self, adjunct_to_end, citing_between, clause_like, is_tell, listeners, np_left, np_right,
};
use crate::text::{SentenceView, TokenKind};

/// The shape of a verb or participle cue: inverted (`C, said S`), a tail (`C, S said`), or
/// the source before the cue (none for a participle, whose source is inherited).
pub(super) fn shape(s: &SentenceView<'_>, c: &CueAt, floor: usize, before_comma: bool) -> Shape {
    // "..., said Wang."
    let left = np_left(s, c.start, floor);
    let appositive_subject = left.as_ref().is_some_and(|r| r.start == floor);
    if before_comma
        && c.kind == CueKind::Verb
        && !appositive_subject
        && let Some(src) = np_right(s, c.end)
    {
        // "..., said the source who declined to be named."
        let end_ok = s.ends_at(src.end)
            || s.is_punct(src.end, ",")
            || (matches!(s.w(src.end), "who" | "which")
                && !s.quoted.get(src.end).copied().unwrap_or(true));
        // not "..., said they would also attack": a clause, not a source
        if end_ok && c.start > 1 && !clause_like(s, src.clone()) {
            return Shape::Inverted {
                source: src,
                comma: c.start - 1,
                rule: Rule::ContentCueSource,
            };
        }
    }
    let source = if c.kind == CueKind::Participle {
        None
    } else {
        left
    };
    // "..., Reuters reported." / "..., a senior official told reporters."
    if let Some(src) = &source {
        // "..., he said sarcastically." but not "..., Kovac said she would stay."
        let obj_end = np_right(s, c.end)
            .filter(|r| r.len() <= 3 && !lexicon::words(List::NpStops).contains(&s.w(r.start)))
            .filter(|r| !clause_like(s, r.clone()))
            .map_or(c.end, |r| r.end);
        // "..., Marcos told reporters, adding ..."
        let comma_after = |k: usize| {
            s.is_punct(k, ",")
                && !s
                    .toks
                    .get(k + 1)
                    .is_some_and(|t| t.kind == TokenKind::OpenQuote)
                && s.w(k + 1) != "that"
        };
        let tail_end = s.ends_at(c.end)
            || s.ends_at(obj_end)
            || adjunct_to_end(s, c.end)
            || comma_after(c.end)
            || (obj_end > c.end && comma_after(obj_end));
        let comma_before =
            src.start > 0 && (s.is_punct(src.start - 1, ",") || s.is_close_quote(src.start - 1));
        let words_before = (0..src.start).filter(|&k| s.is_word(k)).count();
        if comma_before
            && (tail_end || s.is_punct(c.end, ","))
            && (words_before >= 3 || s.is_close_quote(src.start - 1))
        {
            let comma = src.start - 1;
            return Shape::Tail {
                source: src.clone(),
                comma,
                rule: Rule::ContentSourceCue,
            };
        }
    }
    if c.kind == CueKind::Verb && source.is_none() {
        let prev = if c.start == 0 { "" } else { s.w(c.start - 1) };
        if !lexicon::words(List::Connectors).contains(&prev) {
            return Shape::None;
        }
    }
    Shape::SourceCue {
        source,
        via: Vec::new(),
    }
}

/// The attribution of a cue with its source before it (or inherited): the content after the
/// cue, or for "quoted as saying" at the end, the quotation before it. `floor` is the end of
/// the previous cue, `next` where the next cue's own part begins.
pub(super) fn source_cue(
    s: &SentenceView<'_>,
    c: &CueAt,
    floor: usize,
    source: &Option<Range<usize>>,
    via: &[Range<usize>],
    next: Option<(usize, usize)>,
    found: &mut Vec<Found>,
) {
    let cs = content_start(s, c.end);
    // "wrote about the talks", "spoke on Monday": no content follows
    if matches!(
        s.w(cs),
        "about" | "on" | "in" | "at" | "with" | "from" | "during" | "after" | "before"
    ) {
        return;
    }
    // '"C," RIA cited Kabulov as saying.': the quotation before is the content
    let quoting = matches!(c.kind, CueKind::QuotedPassive | CueKind::QuotedActive);
    // (also with the channel after the cue: '"C," Ryabkov was quoted as saying by TASS.')
    let after = via.iter().map(|v| v.end).fold(cs, usize::max);
    if quoting && (s.ends_at(cs) || (after > c.end && s.ends_at(after))) {
        let first = via
            .iter()
            .chain(source.iter())
            .map(|r| r.start)
            .min()
            .unwrap_or(c.start);
        if first > 1 && (s.is_punct(first - 1, ",") || s.is_close_quote(first - 1)) {
            let end = if s.is_close_quote(first - 1) {
                first
            } else {
                first - 1
            };
            found.push(Found {
                cue: *c,
                source: source.clone(),
                content: (clause_start(s, first - 1, found), end),
                extra: Vec::new(),
                via: via.to_vec(),
                rule: Rule::QuotedAs,
                confidence: confidence::PERIPHERAL_SOURCE,
                tail: true,
                channel: false,
                listeners: Vec::new(),
                citing: None,
            });
        }
        return;
    }
    // "He said Beijing hoped ...": the next attribution is part of this content
    let next = next.filter(|&(src_start, _)| src_start > cs);
    let ce = content_end(s, cs, next);
    let inherited = source.is_none();
    let rule = match (c.kind, inherited) {
        (CueKind::Participle, _) => Rule::Participle,
        (CueKind::QuotedPassive | CueKind::QuotedActive, _) => Rule::QuotedAs,
        (_, true) => Rule::CoordinatedCue,
        _ => Rule::SourceCueContent,
    };
    // "Wang told Reuters that ...", "In an interview with the BBC, Kovac said ...",
    // "Kovac, speaking to Reuters, said ..."
    let mut heard = listeners(s, c.end, cs, is_tell(s.w(c.start)));
    let mut via = via.to_vec();
    let mut cited = None;
    if source.is_some() {
        let lead = floor;
        heard.extend(listeners(s, lead, c.start, false));
        // "Citing two sources, Reuters reported ...", "Reuters, citing ..., reported"
        if let Some((k, p)) = citing_between(s, lead, c.start) {
            via.push(p);
            cited = Some(k);
        }
    }
    found.push(Found {
        cue: *c,
        source: source.clone(),
        content: (cs, ce),
        extra: Vec::new(),
        via,
        rule,
        confidence: if inherited {
            confidence::INHERITED_SOURCE
        } else {
            confidence::NAMED_SOURCE
        },
        tail: false,
        channel: false,
        listeners: heard,
        citing: cited,
    });
}

/// True when the quotation opening at token `k` is long (not a title: "told ABC's “Good Morning
/// America”") and nothing but punctuation follows it.
fn whole_quote(s: &SentenceView<'_>, k: usize) -> bool {
    let close = (k + 1..s.len()).find(|&m| s.is_close_quote(m));
    close.is_some_and(|m| {
        (k..m).filter(|&x| s.is_word(x)).count() >= 4
            && (s.ends_at(m + 1) || s.is_punct(m + 1, ","))
    })
}

/// Skips "that" / ":" (and an indirect object before "that": "told Blinken that").
pub(super) fn content_start(s: &SentenceView<'_>, after_cue: usize) -> usize {
    let mut i = after_cue;
    let tell = after_cue > 0 && is_tell(s.w(after_cue - 1));
    let open = |k: usize| {
        s.toks
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::OpenQuote)
    };
    // "told reporters that", "said on Monday that", "said in a statement that"
    for k in after_cue..(after_cue + 8).min(s.len()) {
        // "said in a statement that", "as saying by the state news agency that"
        let words_between = || {
            (after_cue..k).all(|m| {
                // a clause between ("said it was retaliating after X ruled that") is content
                !matches!(
                    s.w(m),
                    "it" | "he"
                        | "she"
                        | "they"
                        | "we"
                        | "i"
                        | "was"
                        | "is"
                        | "were"
                        | "are"
                        | "had"
                        | "has"
                        | "will"
                        | "would"
                ) && s.is_word(m)
                    && (match_cue(s.words, m).is_none()
                        || s.is_cap(m)
                        || (m > 0 && lexicon::words(List::Determiners).contains(&s.w(m - 1))))
            })
        };
        if s.w(k) == "that" && !s.quoted.get(k).copied().unwrap_or(true) {
            // "dispelled rumours that C": the rumours are the content
            if words_between() && !(after_cue..k).any(|m| is_speech_noun(s.w(m))) {
                return k + 1;
            }
            break;
        }
        // "told parliament: “...”", "said on Tuesday, “...”", "told Breitbart News “...”"
        let colon = s.is_punct(k, ":")
            && s.toks
                .get(k)
                .zip(s.toks.get(k + 1))
                .is_some_and(|(a, b)| a.range.end < b.range.start || open(k + 1));
        let named = || (after_cue..k).all(|m| s.is_cap(m) || matches!(s.w(m), "the" | "'s"));
        if k > after_cue
            && s.w(after_cue) != "about"
            && (colon
                || (s.is_punct(k, ",") && open(k + 1))
                || (tell && open(k) && whole_quote(s, k) && named()))
            && words_between()
        {
            i = k;
            break;
        }
        if !s.is_word(k) {
            break;
        }
    }
    // "told reporters the talks were candid"
    if tell && i == after_cue && matches!(s.w(i), "reporters" | "journalists" | "lawmakers") {
        i += 1;
    }
    // "said Friday he hopes", "said on Monday the Philippines would"
    if i == after_cue {
        i = phrase::time_adjunct_right(s, i).unwrap_or(i);
    }
    while i < s.len() && (s.w(i) == "that" || s.is_punct(i, ":") || s.is_punct(i, ",")) {
        i += 1;
    }
    i
}
