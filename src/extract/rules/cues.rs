//! Finding the cues of a sentence: words of the cue lexicon used as speech verbs (not as
//! nouns, names, or verbs inside an embedded question), passive "denied by", "quoted as
//! saying" with its gap, and rejecting verbs whose object is reported speech.

use super::CueAt;
use crate::extract::after_whether_or_if;
use crate::extract::cue::{
    CueKind, is_speech_noun, match_cue, match_quoted_as, needs_that, rejects,
};
use crate::lexicon::{self, List};
use crate::text::{SentenceView, TokenKind};

pub(super) fn find_cues(s: &SentenceView<'_>) -> Vec<CueAt> {
    let mut cues = Vec::new();
    let mut i = 0;
    while i < s.len() {
        // a quotation that opens with its own cue: 'Yoon "stressed the importance of ..."'
        let opens_quote = i >= 2
            && s.toks
                .get(i - 1)
                .is_some_and(|t| t.kind == TokenKind::OpenQuote)
            && !s.quoted.get(i - 2).copied().unwrap_or(true)
            && s.is_cap(i - 2);
        if (s.quoted.get(i).copied().unwrap_or(false) && !opens_quote) || !s.is_word(i) {
            i += 1;
            continue;
        }
        if opens_quote {
            if let Some((CueKind::Verb, n)) = match_cue(s.words, i) {
                cues.push(CueAt {
                    start: i,
                    end: i + n,
                    kind: CueKind::Verb,
                    gap: None,
                });
                i += n;
            } else {
                i += 1;
            }
            continue;
        }
        if let Some(q) = match_quoted_as(s.words, i) {
            cues.push(CueAt {
                start: q.start,
                end: q.end,
                kind: q.kind,
                gap: q.gap,
            });
            i = q.end;
            continue;
        }
        // "dismissed reports that ...": a rejecting verb whose object is reported speech
        if rejects(s.w(i))
            && (i + 1..(i + 4).min(s.len()))
                .take_while(|&k| s.is_word(k))
                .any(|k| is_speech_noun(s.w(k)))
            && !lexicon::words(List::Determiners).contains(&(if i == 0 { "" } else { s.w(i - 1) }))
        {
            cues.push(CueAt {
                start: i,
                end: i + 1,
                kind: CueKind::Verb,
                gap: None,
            });
            i += 1;
            continue;
        }
        // a capitalised cue word inside a sentence is a name or part of one: "the Washington
        // Post that", "..., Express News reported" (not after an opening quote or a colon)
        let opens = i == 0
            || s.is_punct(i - 1, ":")
            || s.toks
                .get(i - 1)
                .is_some_and(|t| t.kind == TokenKind::OpenQuote);
        if !opens && s.is_cap(i) && !s.headline && i + 1 < s.len() {
            i += 1;
            continue;
        }
        let Some((kind, n)) = match_cue(s.words, i).or_else(|| {
            // "have been strongly denied by X" also for verbs that are cues only in the passive
            (rejects(s.w(i)) && s.w(i + 1) == "by").then_some((CueKind::Verb, 1))
        }) else {
            i += 1;
            continue;
        };
        // the auxiliary before the cue, across adverbs: "have been strongly denied"
        let mut aux = i;
        while aux > 0
            && (s.w(aux - 1).ends_with("ly")
                || lexicon::words(List::Adverbs).contains(&s.w(aux - 1)))
            && !matches!(s.w(aux - 1), "was" | "were" | "is" | "are")
        {
            aux -= 1;
        }
        let prev = if i == 0 { "" } else { s.w(i - 1) };
        let next = s.w(i + n);
        let passive = matches!(
            prev,
            "was" | "were" | "been" | "be" | "being" | "is" | "are"
        );
        let be = if aux == 0 { "" } else { s.w(aux - 1) };
        if kind == CueKind::Verb
            && n == 1
            && next == "by"
            && matches!(be, "was" | "were" | "been" | "is" | "are")
            && s.w(i).ends_with('d')
        {
            // back over the rest of the verb group: "have been", "had been"
            let mut start = aux - 1;
            while start > 0 && matches!(s.w(start - 1), "has" | "have" | "had" | "been") {
                start -= 1;
            }
            cues.push(CueAt {
                start,
                end: i + 1,
                kind: CueKind::PassiveBy,
                gap: None,
            });
            i += 1;
            continue;
        }
        let noun_use = lexicon::words(List::Determiners).contains(&prev)
            || prev == "to"
            || prev == "'s"
            || passive;
        let weak = kind == CueKind::Verb
            && n == 1
            && needs_that(s.w(i))
            && !matches!(next, "that" | ":")
            && !s
                .toks
                .get(i + n)
                .is_some_and(|t| t.kind == TokenKind::OpenQuote)
            && !s.ends_at(i + n);
        let participle_ok = kind != CueKind::Participle
            || (i > 0
                && (s.is_punct(i - 1, ",")
                    || matches!(prev, "while" | "and" | "before" | "after")));
        // "check whether anyone disclosed the information", "if the minister said so": a
        // verb inside an embedded question or a condition reports no claim
        let embedded = kind == CueKind::Verb
            && s.toks
                .get(aux)
                .is_some_and(|t| after_whether_or_if(s.text, t.range.start));
        if !noun_use && !weak && participle_ok && !embedded {
            cues.push(CueAt {
                start: i,
                end: i + n,
                kind,
                gap: None,
            });
        }
        i += n;
    }
    cues
}
