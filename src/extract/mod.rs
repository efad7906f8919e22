//! Finding attributions in one article: the cue ("said", "according to", ":"), the source span
//! and the content span, with the channels a claim passed through. Rules cover the shapes news
//! writing uses (`S cue that C`, `C, S cue`, `C, cue S`, `according to S, C`, split quotes,
//! headlines, embedded tweets, participial and coordinated cues, `S was quoted (by O) as saying
//! C`, `O quoted S as saying C`, `..., O reported, citing P`); each candidate says which rule
//! produced it. Whom a source spoke to ("told Reuters", "in an interview with the BBC") is kept
//! apart from the content. Deterministic, no global state; resolution to entities happens in
//! `resolve`.

mod cue;
mod phrase;

use std::ops::Range;

use cue::{CueKind, is_speech_noun, match_cue, match_quoted_as, needs_that, rejects};
use phrase::{
    adjunct_to_end, citing, citing_between, clause_like, is_tell, listeners, np_left, np_right,
    subject,
};

use crate::domain::Rule;
use crate::text::{self, Lowered, Sentence, Token, TokenKind};

/// An attribution as found in the text, before its source is resolved to an entity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// Index of the sentence it was read from.
    pub sentence: usize,
    /// Byte range of the cue.
    pub cue: Range<usize>,
    /// Further pieces of a cue that other words interrupt ("quoted ... as saying").
    pub cue_extra: Vec<Range<usize>>,
    /// Byte range of the source mention, if the text names one.
    pub source: Option<Range<usize>>,
    /// Byte ranges of the content (several for split quotes).
    pub content: Vec<Range<usize>>,
    /// Byte ranges of channel mentions, from the one the article cites directly inward.
    pub via: Vec<Range<usize>>,
    /// Channels known by name rather than by a span (a tweet's platform).
    pub via_names: Vec<&'static str>,
    /// Whom the source spoke to ("told Reuters", "in an interview with the BBC"): channels only
    /// when they turn out to be outlets, and then the innermost ones.
    pub listeners: Vec<Range<usize>>,
    /// Byte range of "citing" in "C, Reuters reported, citing a senior diplomat": the last `via`
    /// mention is then where the source got the claim. When the source is an outlet, the cited
    /// mention is the speaker and the outlet its channel.
    pub citing: Option<Range<usize>>,
    /// Rule that produced it.
    pub rule: Rule,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// True when other candidates of the sentence sit inside this one's content and name this
    /// one's source as their channel ("Qin said C, according to Xinhua"). Whether it is also an
    /// attribution of its own depends on what the source turns out to be.
    pub channel: bool,
}

/// A sentence with its tokens, lowercased words and quote nesting.
struct Sent<'a> {
    text: &'a str,
    toks: &'a [Token],
    words: &'a Lowered,
    quoted: Vec<bool>,
    /// The sentence is the headline, where every word may be capitalised.
    headline: bool,
}

impl<'a> Sent<'a> {
    fn new(text: &'a str, sentence: &'a Sentence) -> Self {
        let toks = sentence.tokens.as_slice();
        let quoted = text::quoted(toks);
        Sent {
            text,
            toks,
            words: &sentence.lower,
            headline: sentence.headline,
            quoted,
        }
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn w(&self, i: usize) -> &str {
        self.words.get(i).unwrap_or("")
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn is_cap(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .toks
                .get(i)
                .and_then(|t| self.text.get(t.range.clone()))
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct) && self.w(i) == p
    }

    fn is_close_quote(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::CloseQuote)
    }

    /// Byte range from the start of token `a` to the end of token `b - 1`.
    fn bytes(&self, a: usize, b: usize) -> Option<Range<usize>> {
        if a >= b {
            return None;
        }
        let s = self.toks.get(a)?.range.start;
        let e = self.toks.get(b - 1)?.range.end;
        Some(s..e)
    }

    /// True when only closing punctuation follows token `i` (inclusive).
    fn ends_at(&self, i: usize) -> bool {
        (i..self.len()).all(|k| !self.is_word(k))
    }
}

/// Words that are skipped between a source and its cue ("Blinken then said", "he had noted").
const ADVERBS: &[&str] = &[
    "also",
    "then",
    "later",
    "previously",
    "further",
    "again",
    "repeatedly",
    "reportedly",
    "earlier",
    "once",
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "would",
    "will",
    "did",
    "does",
    "do",
    "publicly",
    "firmly",
    "briefly",
    "strongly",
    "recently",
    "already",
    "never",
    "not",
    "separately",
    "subsequently",
    "privately",
    "openly",
    "candidly",
    "bluntly",
    "could",
    "may",
    "might",
    "should",
    "can",
    "reportedly",
    "frequently",
    "often",
    "last",
    "still",
    "has",
    "even",
    "similarly",
    "likewise",
    "flatly",
    "explicitly",
    "just",
    "initially",
    "originally",
    "first",
    "immediately",
    "angrily",
    "formally",
    "officially",
    "jointly",
    "directly",
    "categorically",
];

/// Words that end a source noun phrase when walking left from a cue.
const NP_STOPS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "but", "or", "while", "when", "as", "because", "if",
    "after", "before", "since", "although", "though", "so", "where", "whether", "than", "to", "on",
    "in", "at", "during", "for", "with", "from", "by", "about", "over", "under", "into", "what",
    "how", "why", "it's", "there", "here", "not", "no", "yes", "also", "and",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my", "some",
    "several", "two", "three", "many", "one", "other", "another", "both", "all", "most",
];

/// Connectors between coordinated or participial cues ("and hoped", ", while warning").
const CONNECTORS: &[&str] = &["and", "while", "but", "also", ",", "then", ";"];

/// Finds every attribution candidate in a document.
pub(crate) fn candidates(text: &str, sentences: &[Sentence]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut skip = vec![false; sentences.len()];
    // embedded tweets: "— Name (@handle) Date" after the tweet's text
    for (i, s) in sentences.iter().enumerate() {
        if let Some(c) = tweet(text, sentences, i, s) {
            let before = previous_paragraph(sentences, s);
            for k in before.chain(std::iter::once(i)) {
                if let Some(f) = skip.get_mut(k) {
                    *f = true;
                }
            }
            out.push(c);
        }
    }
    // credited quotations: "“C” ― Name", whose sentences continue no other quotation
    let credits = quote_credits(text, sentences);
    let credited = |s: &Sentence| {
        credits
            .iter()
            .flat_map(|c| &c.content)
            .any(|r| r.start < s.range.end && s.range.start < r.end)
    };
    let credited: Vec<bool> = sentences.iter().map(credited).collect();
    out.extend(credits);
    for (i, s) in sentences.iter().enumerate() {
        if s.boilerplate || skip.get(i).copied().unwrap_or(true) {
            continue;
        }
        // a sentence that is one quotation continues the previous sentence's split quote
        // (the quote's own attribution, not a participle after it: "“C1,” she said, adding
        // that C2. “C3.”")
        if continues_quote(text, s)
            && !credited.get(i).copied().unwrap_or(false)
            // the tweets, then the others, each in sentence order: the search can stop at the
            // first candidate from before the previous sentence
            && let Some(prev) = out
                .iter_mut()
                .rev()
                .take_while(|c| c.sentence + 1 >= i)
                .find(|c| {
                    c.sentence + 1 == i
                        && c.rule.quotes_on()
                })
        {
            let same_para = sentences
                .get(prev.sentence)
                .is_some_and(|p| p.paragraph == s.paragraph);
            if same_para && prev.sentence + 1 == i {
                prev.content.push(s.range.clone());
                if prev.rule != Rule::QuotedAs {
                    prev.rule = Rule::SplitQuote;
                }
                continue;
            }
        }
        if s.headline
            && let Some(c) = headline(text, i, s)
        {
            out.push(c);
            continue;
        }
        out.extend(in_sentence(text, i, s));
    }
    out.sort_by_key(|c| (c.content.first().map_or(0, |r| r.start), c.cue.start));
    out
}

fn continues_quote(text: &str, s: &Sentence) -> bool {
    let t = text.get(s.range.clone()).unwrap_or("").trim();
    let starts = t.starts_with('“') || t.starts_with('"');
    let ends = t.ends_with('”') || t.ends_with('"');
    let inner = t
        .strip_prefix(['“', '"'])
        .and_then(|x| x.strip_suffix(['”', '"']))
        .unwrap_or("");
    starts && ends && !inner.contains(['“', '”', '"'])
}

/// `— Name (@handle) June 18, 2023` following the tweet text's paragraph.
/// Indices of the sentences of the paragraph before `s`'s (sentences are in paragraph order),
/// found by binary search so that many tweets in a long text do not each scan every sentence.
fn previous_paragraph(sentences: &[Sentence], s: &Sentence) -> Range<usize> {
    let Some(want) = s.paragraph.checked_sub(1) else {
        return 0..0;
    };
    let lo = sentences.partition_point(|p| p.paragraph < want);
    let hi = sentences.partition_point(|p| p.paragraph <= want);
    lo..hi.max(lo)
}

fn tweet(text: &str, sentences: &[Sentence], i: usize, s: &Sentence) -> Option<Candidate> {
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
        sentence: i,
        cue: s.range.start..s.range.start + dash.len_utf8(),
        source: Some(source),
        content: std::iter::once(start..end).collect(),
        cue_extra: Vec::new(),
        via: Vec::new(),
        via_names: vec!["Twitter"],
        listeners: Vec::new(),
        citing: None,
        rule: Rule::Tweet,
        confidence: 0.9,
        channel: false,
    })
}

/// Quotations credited with a dash and a name after them, as vox pops, epigraphs and pull
/// quotes are: "“He represents our greatest shame.” ― Ana Ruiz". The content is the whole
/// quotation, however many sentences it has; the name is two to four capitalised words.
fn quote_credits(text: &str, sentences: &[Sentence]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (close, q) in text.match_indices(['”', '"']) {
        let after = close + q.len();
        let Some(rest) = text.get(after..) else {
            continue;
        };
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        let Some(dash) = rest
            .get(gap..)
            .and_then(|r| r.chars().next())
            .filter(|c| matches!(c, '―' | '—' | '–'))
        else {
            continue;
        };
        let cue = after + gap..after + gap + dash.len_utf8();
        let Some(tail) = text.get(cue.end..) else {
            continue;
        };
        let lead = tail.len() - tail.trim_start_matches([' ', '\u{a0}']).len();
        let name_start = cue.end + lead;
        // the name: capitalised words on the same line, up to a quotation mark or a comma
        let line = text
            .get(name_start..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        let (mut name_end, mut words, mut offset) = (name_start, 0, 0);
        for w in line.split(' ') {
            let word = w.trim_end_matches(['.', ',']);
            let capitalised = word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
                && word.len() <= 20;
            if !capitalised || words == 4 {
                break;
            }
            words += 1;
            // an initial keeps its period ("Edwin G. Monroy"); another period or a comma ends
            // the name
            let initial = word.chars().count() == 1 && w.ends_with('.');
            name_end = name_start + offset + if initial { w.len() } else { word.len() };
            offset += w.len() + 1;
            if w.len() != word.len() && !initial {
                break;
            }
        }
        if !(2..=4).contains(&words) {
            continue;
        }
        let Some(open) = quotation_start(text, close, q) else {
            continue;
        };
        let Some(sentence) = sentences
            .iter()
            .position(|s| s.range.start <= cue.start && cue.start < s.range.end)
        else {
            continue;
        };
        out.push(Candidate {
            sentence,
            cue,
            source: Some(name_start..name_end),
            content: std::iter::once(open..after).collect(),
            cue_extra: Vec::new(),
            via: Vec::new(),
            via_names: Vec::new(),
            listeners: Vec::new(),
            citing: None,
            rule: Rule::QuoteCredit,
            confidence: 0.85,
            channel: false,
        });
    }
    out
}

/// Where the quotation closed by the mark `q` at byte `close` opens: back over the quotations
/// nested in it ("“... “hell” than ...”"), within its paragraph; a paragraph whose opening
/// mark is a misprinted closing one opens at its first mark.
fn quotation_start(text: &str, close: usize, q: &str) -> Option<usize> {
    let para_start = text.get(..close)?.rfind('\n').map_or(0, |k| k + 1);
    let para = text.get(para_start..close)?;
    if q == "\"" {
        return para.rfind('"').map(|k| para_start + k);
    }
    let mut depth = 0usize;
    for (k, c) in para.char_indices().rev() {
        match c {
            '”' => depth += 1,
            '“' if depth == 0 => return Some(para_start + k),
            '“' => depth -= 1,
            _ => {}
        }
    }
    para.find(['“', '”']).map(|k| para_start + k)
}

/// `Qin: US-China relations at lowest point`, or with the source last: `Five killed in
/// raid: ministry`, `We have not devalued the naira – CBN`.
fn headline(text: &str, i: usize, s: &Sentence) -> Option<Candidate> {
    let line = text.get(s.range.clone())?;
    if let Some(c) = headline_tail(text, i, s, line) {
        return Some(c);
    }
    let colon = line.find(": ")?;
    let name = line.get(..colon)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 4
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let c0 = s.range.start + colon;
    let content = text::trim(text, c0 + 1..s.range.end);
    if content.is_empty() {
        return None;
    }
    Some(Candidate {
        sentence: i,
        cue: c0..c0 + 1,
        source: Some(s.range.start..c0),
        content: vec![content],
        cue_extra: Vec::new(),
        via: Vec::new(),
        via_names: Vec::new(),
        listeners: Vec::new(),
        citing: None,
        rule: Rule::HeadlineColon,
        confidence: 0.8,
        channel: false,
    })
}

/// A headline ending in its source after a colon or a dash: one to four words, capitalised
/// ("CBN", "Foreign Ministry") or a description ending in a speaker's head noun ("ministry",
/// "police", "officials").
fn headline_tail(text: &str, i: usize, s: &Sentence, line: &str) -> Option<Candidate> {
    let trimmed = line.trim_end_matches(['.', ' ']);
    let (cut, sep) = [": ", " – ", " — ", " - "]
        .iter()
        .filter_map(|sep| trimmed.rfind(sep).map(|k| (k, sep.len())))
        .max()?;
    let name = trimmed.get(cut + sep..)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let described = words
        .last()
        .is_some_and(|w| crate::resolve::lexicon::is_speaker_head(&w.to_lowercase()))
        && words.len() <= 3;
    let claim = line.get(..cut)?;
    if words.is_empty()
        || words.len() > 4
        || !(capitalised || described)
        || claim.split_whitespace().count() < 3
    {
        return None;
    }
    let c0 = s.range.start + cut;
    let source = c0 + sep..c0 + sep + name.len();
    let content = text::trim(text, s.range.start..c0);
    Some(Candidate {
        sentence: i,
        // the mark itself, without its spaces
        cue: c0 + usize::from(line.get(cut..)?.starts_with(' '))..c0 + sep - 1,
        source: Some(source),
        content: vec![content],
        cue_extra: Vec::new(),
        via: Vec::new(),
        via_names: Vec::new(),
        listeners: Vec::new(),
        citing: None,
        rule: Rule::HeadlineColon,
        confidence: 0.8,
        channel: false,
    })
}

/// A cue occurrence in a sentence.
#[derive(Debug, Clone, Copy)]
struct CueAt {
    start: usize,
    end: usize,
    kind: CueKind,
    /// Tokens inside `start..end` that are not part of the cue ("by Reuters" in "was quoted by
    /// Reuters as saying").
    gap: Option<(usize, usize)>,
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

/// True when the clause piece before byte `at` (back to the last punctuation mark, six words at
/// most, the last one apart) holds "whether" or "if": a verb there sits in an embedded question or a condition
/// ("check whether anyone disclosed it", "if the minister said so") and reports no claim.
pub(crate) fn after_whether_or_if(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let piece = before
        .rsplit(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '.' | '?' | '!' | '\n' | '"' | '“' | '”' | '(' | ')' | '—'
            )
        })
        .next()
        .unwrap_or("");
    // the word right before the verb is its subject at least ("if added" is a typo of "it")
    piece
        .split_whitespace()
        .rev()
        .take(6)
        .skip(1)
        .any(|w| w.eq_ignore_ascii_case("whether") || w.eq_ignore_ascii_case("if"))
}

fn find_cues(s: &Sent<'_>) -> Vec<CueAt> {
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
            && !DETERMINERS.contains(&(if i == 0 { "" } else { s.w(i - 1) }))
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
            && (s.w(aux - 1).ends_with("ly") || ADVERBS.contains(&s.w(aux - 1)))
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
        let noun_use = DETERMINERS.contains(&prev) || prev == "to" || prev == "'s" || passive;
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

/// Where the content of a cue ends: before the next cue's own construction.
fn content_end(s: &Sent<'_>, from: usize, next: Option<(usize, usize)>) -> usize {
    let mut end = match next {
        Some((src_start, _)) => src_start,
        None => s.len(),
    };
    while end > from
        && (CONNECTORS.contains(&s.w(end - 1))
            || s.is_punct(end - 1, ".")
            || s.is_punct(end - 1, ":"))
        && !s.quoted.get(end - 1).copied().unwrap_or(false)
    {
        end -= 1;
    }
    end
}

/// True when the quotation opening at token `k` is long (not a title: "told ABC's “Good Morning
/// America”") and nothing but punctuation follows it.
fn whole_quote(s: &Sent<'_>, k: usize) -> bool {
    let close = (k + 1..s.len()).find(|&m| s.is_close_quote(m));
    close.is_some_and(|m| {
        (k..m).filter(|&x| s.is_word(x)).count() >= 4
            && (s.ends_at(m + 1) || s.is_punct(m + 1, ","))
    })
}

/// Skips "that" / ":" (and an indirect object before "that": "told Blinken that").
fn content_start(s: &Sent<'_>, after_cue: usize) -> usize {
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
                        || (m > 0 && DETERMINERS.contains(&s.w(m - 1))))
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

struct Found {
    cue: CueAt,
    source: Option<Range<usize>>,
    content: (usize, usize),
    extra: Vec<(usize, usize)>,
    via: Vec<Range<usize>>,
    rule: Rule,
    confidence: f64,
    /// Tail attributions (source at the periphery) whose content may hold inner attributions.
    tail: bool,
    channel: bool,
    /// Whom the source spoke to (see [`Candidate::listeners`]).
    listeners: Vec<Range<usize>>,
    /// Token of "citing" when a tail names where its source got the claim ("..., Reuters
    /// reported, citing a senior diplomat").
    citing: Option<usize>,
}

fn in_sentence(text: &str, idx: usize, sentence: &Sentence) -> Vec<Candidate> {
    let s = Sent::new(text, sentence);
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
            Shape::AccordingInitial { source, comma, via } => found.push(Found {
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
                content: (comma + 1, content_end(&s, comma + 1, None)),
                extra: Vec::new(),
                via: via.iter().cloned().collect(),
                rule: Rule::AccordingToInitial,
                confidence: 0.85,
                tail: true,
                channel: false,
                listeners: Vec::new(),
                citing: None,
            }),
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
                let start = clause_start(&s, *comma, &found);
                let mut extra = Vec::new();
                // "“C1,” Wang said, “C2”": the second quote continues the content
                let after = source.end.max(c.end);
                if s.is_punct(after, ",")
                    && s.toks
                        .get(after + 1)
                        .is_some_and(|t| t.kind == TokenKind::OpenQuote)
                {
                    extra.push((after + 1, content_end(&s, after + 1, None)));
                }
                let (cited, via) = match citing(&s, after) {
                    Some((k, p)) => (Some(k), vec![p]),
                    None => (None, Vec::new()),
                };
                let end = if s.is_close_quote(*comma) {
                    comma + 1
                } else {
                    *comma
                };
                // "..., Wang told Reuters." / "..., the minister said in an interview with the BBC."
                let tell = *rule == Rule::ContentSourceCue && is_tell(s.w(c.start));
                let listeners = listeners(&s, c.end, s.len(), tell);
                found.push(Found {
                    cue: *c,
                    source: Some(source.clone()),
                    content: (start, end),
                    extra,
                    via,
                    rule: *rule,
                    confidence: 0.85,
                    tail: true,
                    channel: false,
                    listeners,
                    citing: cited,
                });
            }
            Shape::SourceCue { source, via } => {
                let cs = content_start(&s, c.end);
                // "wrote about the talks", "spoke on Monday": no content follows
                if matches!(
                    s.w(cs),
                    "about" | "on" | "in" | "at" | "with" | "from" | "during" | "after" | "before"
                ) {
                    continue;
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
                            content: (clause_start(&s, first - 1, &found), end),
                            extra: Vec::new(),
                            via: via.clone(),
                            rule: Rule::QuotedAs,
                            confidence: 0.85,
                            tail: true,
                            channel: false,
                            listeners: Vec::new(),
                            citing: None,
                        });
                    }
                    continue;
                }
                // "He said Beijing hoped ...": the next attribution is part of this content
                let next = next.filter(|&(src_start, _)| src_start > cs);
                let ce = content_end(&s, cs, next);
                let inherited = source.is_none();
                let rule = match (c.kind, inherited) {
                    (CueKind::Participle, _) => Rule::Participle,
                    (CueKind::QuotedPassive | CueKind::QuotedActive, _) => Rule::QuotedAs,
                    (_, true) => Rule::CoordinatedCue,
                    _ => Rule::SourceCueContent,
                };
                // "Wang told Reuters that ...", "In an interview with the BBC, Kovac said ...",
                // "Kovac, speaking to Reuters, said ..."
                let mut heard = listeners(&s, c.end, cs, is_tell(s.w(c.start)));
                let mut via = via.clone();
                let mut cited = None;
                if source.is_some() {
                    let lead = if ci == 0 {
                        0
                    } else {
                        cues.get(ci - 1).map_or(0, |p| p.end)
                    };
                    heard.extend(listeners(&s, lead, c.start, false));
                    // "Citing two sources, Reuters reported ...", "Reuters, citing ..., reported"
                    if let Some((k, p)) = citing_between(&s, lead, c.start) {
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
                    confidence: if inherited { 0.7 } else { 0.9 },
                    tail: false,
                    channel: false,
                    listeners: heard,
                    citing: cited,
                });
            }
            Shape::Passive { source, content } => found.push(Found {
                cue: *c,
                source: Some(source.clone()),
                content: (content.start, content.end),
                extra: Vec::new(),
                via: Vec::new(),
                rule: Rule::PassiveBy,
                confidence: 0.8,
                tail: false,
                channel: false,
                listeners: Vec::new(),
                citing: None,
            }),
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

/// The whole source a span names (a span read by the learned model may stop short): a
/// relative pronoun's antecedent ("Kyodo, which cited ..." -> "Kyodo"; "The Houthis, who said
/// ..." -> "The Houthis"), the first conjunct of a coordination that opens the sentence
/// ("and rights groups" in "Ankara and rights groups condemned ..."), and the whole subject
/// around a lowercase fragment of it.
pub(crate) fn full_source(text: &str, sentence: &Sentence, r: Range<usize>) -> Range<usize> {
    let s = Sent::new(text, sentence);
    let Some(k) = s.toks.iter().position(|t| t.range.start == r.start) else {
        return r;
    };
    let end = s
        .toks
        .iter()
        .rposition(|t| t.range.end <= r.end)
        .map_or(k + 1, |e| e + 1);
    let found = match s.w(k) {
        "who" | "which" if end == k + 1 && k >= 2 && s.is_punct(k - 1, ",") => {
            np_left(&s, k - 1, 0).and_then(|np| s.bytes(np.start, np.end))
        }
        "and" if k >= 1 && s.is_cap(k - 1) && (k == 1 || !s.is_word(k - 2)) => s.bytes(k - 1, end),
        // a lone article opening the sentence: the sentence's subject
        "the" | "a" | "an" if end == k + 1 && k == 0 => {
            subject(&s).and_then(|np| s.bytes(np.start, np.end))
        }
        // a lowercase fragment of the subject ("culture" in "Germany's culture minister has
        // condemned"): the whole subject
        _ if !s.is_cap(k) => subject(&s)
            .filter(|np| np.start < k && np.end >= end)
            .and_then(|np| s.bytes(np.start, np.end)),
        // a name inside a place adjunct is no subject ("Tokyo is in a dispute over islands in
        // the East China Sea and has expressed concern"): the sentence's subject is
        _ => {
            let mut j = k;
            while j > 0 && (s.is_cap(j - 1) || DETERMINERS.contains(&s.w(j - 1))) {
                j -= 1;
            }
            let in_pp = j > 0 && matches!(s.w(j - 1), "in" | "at" | "near" | "into" | "across");
            subject(&s)
                .filter(|np| in_pp && np.end < j)
                .and_then(|np| s.bytes(np.start, np.end))
        }
    };
    found.unwrap_or(r)
}

/// The subject opening `sentence`, with a second conjunct ("Russia and Iran have ..."), if it
/// has one.
pub(crate) fn sentence_subject(text: &str, sentence: &Sentence) -> Option<Range<usize>> {
    let s = Sent::new(text, sentence);
    let r = subject(&s)?;
    let mut end = r.end;
    if s.w(end) == "and" && s.is_cap(end + 1) {
        end += 1;
        while s.is_cap(end) {
            end += 1;
        }
    }
    s.bytes(r.start, end)
}

fn clause_start(s: &Sent<'_>, before: usize, found: &[Found]) -> usize {
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

#[derive(Debug)]
enum Shape {
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

fn shape(s: &Sent<'_>, c: &CueAt, floor: usize) -> Shape {
    let before_comma =
        c.start > 0 && (s.is_punct(c.start - 1, ",") || s.is_close_quote(c.start - 1));
    match c.kind {
        CueKind::AccordingTo => {
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
                if DETERMINERS.contains(&s.w(comma + 1))
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
        CueKind::Verb | CueKind::Participle => {
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
                    .filter(|r| r.len() <= 3 && !NP_STOPS.contains(&s.w(r.start)))
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
                let comma_before = src.start > 0
                    && (s.is_punct(src.start - 1, ",") || s.is_close_quote(src.start - 1));
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
                if !CONNECTORS.contains(&prev) {
                    return Shape::None;
                }
            }
            Shape::SourceCue {
                source,
                via: Vec::new(),
            }
        }
        // "Those claims have been denied by Arce and his government."
        CueKind::PassiveBy => {
            // the subject: the words before the verb group, back to a clause boundary
            let mut k = c.start;
            while k > floor
                && c.start - k < 12
                && s.is_word(k - 1)
                && !s.quoted.get(k - 1).copied().unwrap_or(true)
                && !NP_STOPS.contains(&s.w(k - 1))
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
        // "Li was quoted by Xinhua as saying", "Li was quoted as saying by Xinhua that"
        CueKind::QuotedPassive => {
            let by = match c.gap {
                Some((a, b)) => np_right(s, a + 1).map(|r| r.start..r.end.min(b)),
                None if s.w(c.end) == "by" => np_right(s, c.end + 1),
                None => None,
            };
            Shape::SourceCue {
                source: np_left(s, c.start, floor),
                via: by.into_iter().collect(),
            }
        }
        // "Reuters quoted a senior diplomat as saying"
        CueKind::QuotedActive => {
            let Some((mut a, mut b)) = c.gap else {
                return Shape::None;
            };
            while a < b && s.is_punct(a, ",") {
                a += 1;
            }
            while b > a && s.is_punct(b - 1, ",") {
                b -= 1;
            }
            if a >= b {
                return Shape::None;
            }
            Shape::SourceCue {
                source: Some(a..b),
                via: np_left(s, c.start, floor).into_iter().collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (source, cue, content, via) texts of each candidate.
    fn run(t: &str) -> Vec<(String, String, String, Vec<String>)> {
        let sents = text::sentences(t);
        candidates(t, &sents)
            .into_iter()
            .map(|c| {
                let g = |r: &Range<usize>| t[r.clone()].to_string();
                (
                    c.source.as_ref().map(g).unwrap_or_default(),
                    std::iter::once(&c.cue)
                        .chain(&c.cue_extra)
                        .map(g)
                        .collect::<Vec<_>>()
                        .join(" "),
                    c.content.iter().map(g).collect::<Vec<_>>().join(" | "),
                    c.via.iter().map(g).collect(),
                )
            })
            .collect()
    }

    fn one(src: &str, cue: &str, content: &str) -> (String, String, String, Vec<String>) {
        (src.into(), cue.into(), content.into(), vec![])
    }

    #[test]
    fn source_cue_that_content() {
        assert_eq!(
            run("The foreign minister acknowledged that ties were at a low ebb."),
            vec![one(
                "The foreign minister",
                "acknowledged",
                "ties were at a low ebb"
            )]
        );
        // the "that" of a later clause does not open the content
        assert_eq!(
            run(
                "Oslo said it was retaliating after regulators ruled that the channel had no licence."
            ),
            vec![one(
                "Oslo",
                "said",
                "it was retaliating after regulators ruled that the channel had no licence"
            )]
        );
    }

    #[test]
    fn content_then_source_and_cue() {
        assert_eq!(
            run("Talks lasted six hours, Reuters reported."),
            vec![one("Reuters", "reported", "Talks lasted six hours")]
        );
        assert_eq!(
            run("\"We will not yield,\" said Wang."),
            vec![one("Wang", "said", "\"We will not yield,\"")]
        );
    }

    #[test]
    fn according_to_at_either_end() {
        assert_eq!(
            run("The meeting ran late, according to Kyodo."),
            vec![one("Kyodo", "according to", "The meeting ran late")]
        );
        assert_eq!(
            run("According to the ministry, the visit is off."),
            vec![one("the ministry", "According to", "the visit is off")]
        );
    }

    #[test]
    fn inner_speaker_gets_the_outlet_as_channel() {
        let got = run("Qin said that ties were poor, according to a readout by Xinhua.");
        assert_eq!(got.len(), 2, "{got:?}");
        let qin = got.iter().find(|g| g.0 == "Qin").unwrap();
        assert_eq!(qin.2, "ties were poor");
        assert_eq!(qin.3, vec!["a readout by Xinhua".to_string()]);
        let got = run("Wang told Blinken that the fault lay in Washington, CGTN reported.");
        assert_eq!(got.len(), 2, "{got:?}");
        let wang = got.iter().find(|g| g.0 == "Wang").unwrap();
        assert_eq!(wang.2, "the fault lay in Washington");
        assert_eq!(wang.3, vec!["CGTN".to_string()]);
    }

    #[test]
    fn coordinated_and_participial_cues_share_the_source() {
        let got = run("Wang remarked that talks helped and hoped that visits would continue.");
        assert_eq!(
            got,
            vec![
                one("Wang", "remarked", "talks helped"),
                one("Wang", "hoped", "visits would continue")
            ]
        );
        let got = run("He pressed Tokyo to act, warning that time was short.");
        assert_eq!(got, vec![one("He", "warning", "time was short")]);
    }

    #[test]
    fn appositive_sources_and_split_quotes() {
        let got = run("Wang, the top diplomat, said the trip mattered.");
        assert_eq!(
            got,
            vec![one("Wang, the top diplomat", "said", "the trip mattered")]
        );
        let got = run("“We talk,” Blinken said. “We listen.”");
        assert_eq!(
            got,
            vec![one("Blinken", "said", "“We talk,” | “We listen.”")]
        );
    }

    #[test]
    fn headlines_and_tweets() {
        let got = run("Qin: ties at lowest point\nBody.");
        assert_eq!(got, vec![one("Qin", ":", "ties at lowest point")]);
        // the source last, after a colon or a dash
        let got = run("Three miners rescued in the north: ministry\nBody.");
        assert_eq!(
            got,
            vec![one("ministry", ":", "Three miners rescued in the north")]
        );
        let got = run("We never raised the tariff – ZRA\nBody.");
        assert_eq!(got, vec![one("ZRA", "–", "We never raised the tariff")]);
        // not a source: a topic after the colon, a second name in a dash pair
        assert!(run("Budget day: five things to watch\nBody.").is_empty());
        assert!(run("Lula - Milei rift deepens over trade\nBody.").is_empty());
        let t = "Great talks today. pic.twitter.com/abc\n— Jane Roe (@janeroe) May 1, 2023\n";
        let got = run(t);
        assert_eq!(
            got,
            vec![one("Jane Roe (@janeroe)", "—", "Great talks today.")]
        );
    }

    #[test]
    fn participles_after_an_introductory_adjunct_take_the_subject() {
        assert_eq!(
            run(
                "During a rally in Ohio, Senator Vance pressed the board, saying the plant must stay open."
            ),
            vec![one("Senator Vance", "saying", "the plant must stay open")]
        );
        assert_eq!(
            run("Chastened, the bank changed course, promising that fees would fall."),
            vec![one("the bank", "promising", "fees would fall")]
        );
    }

    #[test]
    fn passives_with_their_agent_and_rejected_reports() {
        assert_eq!(
            run("Those reports were flatly denied by the harbour authority and its owners."),
            vec![one(
                "the harbour authority and its owners",
                "were flatly denied",
                "Those reports"
            )]
        );
        // not reported speech: no cue
        assert!(run("The bill was passed by the Senate.").is_empty());
        assert_eq!(
            run("The mayor dismissed rumours that the depot would close."),
            vec![one(
                "The mayor",
                "dismissed",
                "rumours that the depot would close"
            )]
        );
        assert!(run("The mayor rejected the budget.").is_empty());
    }

    fn via(
        src: &str,
        cue: &str,
        content: &str,
        via: &[&str],
    ) -> (String, String, String, Vec<String>) {
        let mut o = one(src, cue, content);
        o.3 = via.iter().map(|v| v.to_string()).collect();
        o
    }

    #[test]
    fn quoted_as_saying_in_the_passive() {
        assert_eq!(
            run("The envoy was quoted as saying that the border would reopen next month."),
            vec![one(
                "The envoy",
                "was quoted as saying",
                "the border would reopen next month"
            )]
        );
        assert_eq!(
            run("Foreign Minister Kamal Reyes was quoted by Reuters as saying the truce held."),
            vec![via(
                "Foreign Minister Kamal Reyes",
                "was quoted as saying",
                "the truce held",
                &["Reuters"]
            )]
        );
    }

    #[test]
    fn outlet_quoted_or_cited_someone_as_saying() {
        assert_eq!(
            run("Reuters quoted a senior diplomat as saying the talks had stalled."),
            vec![via(
                "a senior diplomat",
                "quoted as saying",
                "the talks had stalled",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run("Bloomberg cited people familiar with the plan as saying a deal was near."),
            vec![via(
                "people familiar with the plan",
                "cited as saying",
                "a deal was near",
                &["Bloomberg"]
            )]
        );
        assert!(run("He quoted the poet at length.").is_empty());
    }

    #[test]
    fn citing_after_a_tail_source_is_kept_for_the_pipeline() {
        let t = "The army will pull back, the Kyiv Independent reported, citing a military spokesperson.";
        let sents = text::sentences(t);
        let got = candidates(t, &sents);
        assert_eq!(got.len(), 1, "{got:?}");
        let c = &got[0];
        assert_eq!(&t[c.source.clone().unwrap()], "the Kyiv Independent");
        assert_eq!(&t[c.citing.clone().unwrap()], "citing");
        let v: Vec<&str> = c.via.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(v, vec!["a military spokesperson"]);
    }

    #[test]
    fn statements_interviews_and_readouts() {
        assert_eq!(
            run("The ministry said in a statement that the tariffs would start on Monday."),
            vec![one(
                "The ministry",
                "said",
                "the tariffs would start on Monday"
            )]
        );
        assert_eq!(
            run("In a statement on Tuesday, the ministry said the shipments had resumed."),
            vec![one("the ministry", "said", "the shipments had resumed")]
        );
        assert_eq!(
            run("A statement from the ministry said the shipments would resume."),
            vec![one(
                "A statement from the ministry",
                "said",
                "the shipments would resume"
            )]
        );
        assert_eq!(
            run("The levy is unfair, the ministry said in a statement."),
            vec![one("the ministry", "said", "The levy is unfair")]
        );
        assert_eq!(
            run(
                "According to a readout of the call released by the U.S. State Department, both sides agreed to talk again."
            ),
            vec![one(
                "a readout of the call released by the U.S. State Department",
                "According to",
                "both sides agreed to talk again"
            )]
        );
    }

    #[test]
    fn listeners_are_not_content() {
        let t = "Kovac said in an interview with the BBC that she would stay.";
        let sents = text::sentences(t);
        let got = candidates(t, &sents);
        assert_eq!(got.len(), 1);
        assert_eq!(&t[got[0].content[0].clone()], "she would stay");
        let heard: Vec<&str> = got[0].listeners.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(heard, vec!["the BBC"]);
        assert_eq!(
            run("Wang told Reuters on Tuesday that the dispute could be settled."),
            vec![one("Wang", "told", "the dispute could be settled")]
        );
        assert_eq!(
            run("Ortiz told parliament: “Inflation has peaked.”"),
            vec![one("Ortiz", "told", "“Inflation has peaked.”")]
        );
        assert_eq!(
            run("Wang told reporters the dispute could be settled."),
            vec![one("Wang", "told", "the dispute could be settled")]
        );
        assert_eq!(
            run("“The dispute can be settled,” Wang told Reuters in an interview."),
            vec![one("Wang", "told", "“The dispute can be settled,”")]
        );
    }

    #[test]
    fn source_phrases_keep_their_modifiers() {
        assert_eq!(
            run("Two people familiar with the matter said the deal was close."),
            vec![one(
                "Two people familiar with the matter",
                "said",
                "the deal was close"
            )]
        );
        assert_eq!(
            run("A spokeswoman for the agency said the launch was delayed."),
            vec![one(
                "A spokeswoman for the agency",
                "said",
                "the launch was delayed"
            )]
        );
        assert_eq!(
            run("Deputy spokesperson Vedant Rao of the State Department said talks went well."),
            vec![one(
                "Deputy spokesperson Vedant Rao of the State Department",
                "said",
                "talks went well"
            )]
        );
    }

    #[test]
    fn split_quotes_with_straight_marks_across_sentences() {
        assert_eq!(
            run("\"Inflation has peaked,\" Ortiz said. \"Rates will fall soon.\""),
            vec![one(
                "Ortiz",
                "said",
                "\"Inflation has peaked,\" | \"Rates will fall soon.\""
            )]
        );
        assert_eq!(
            run("\"Inflation has peaked,\" Ortiz said, \"and rates will fall.\""),
            vec![one(
                "Ortiz",
                "said",
                "\"Inflation has peaked,\" | \"and rates will fall.\""
            )]
        );
    }

    #[test]
    fn short_adjuncts_after_a_tail_cue() {
        assert_eq!(
            run("The port reopened, officials said on Friday."),
            vec![one("officials", "said", "The port reopened")]
        );
        // a prepositional verb is not an adjunct
        assert!(
            run("He said that if talks failed, he would have insisted on leaving early.")
                .iter()
                .all(|g| g.1 != "insisted")
        );
    }

    #[test]
    fn verbs_in_embedded_questions_and_conditions_are_not_cues() {
        let got = run("Aides said they would check whether anyone illegally disclosed the memo.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got.first().map(|g| g.1.as_str()), Some("said"));
        assert!(run("If the ministry announced it, nobody noticed.").is_empty());
        // a typo for "it added" is still a cue: the word before the verb is its subject
        assert!(after_whether_or_if("asked if the envoy said", 19));
        assert!(!after_whether_or_if("“We are ready,” if added", 23));
        assert!(!after_whether_or_if("If so, the envoy said", 17));
    }

    #[test]
    fn quotations_credited_with_a_dash_and_a_name() {
        let text = "“The harbour is our livelihood. Close it and we starve.” ― Edwin G. Monroy\n\n\
                    “We want a “fair” deal,” said Ana Ruiz. “Nobody listens.” — Carla Sanchez. \
                    Photo: agency.\n\n”We waited years.” – Tomas Lind";
        let sentences = text::sentences(text);
        let got: Vec<(String, String)> = candidates(text, &sentences)
            .into_iter()
            .filter(|c| c.rule == Rule::QuoteCredit)
            .map(|c| {
                let span = |r: &Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
                (
                    c.source.as_ref().map(span).unwrap_or_default(),
                    c.content.first().map(span).unwrap_or_default(),
                )
            })
            .collect();
        let expected = [
            (
                "Edwin G. Monroy",
                "“The harbour is our livelihood. Close it and we starve.”",
            ),
            ("Carla Sanchez", "“Nobody listens.”"),
            // a misprinted opening mark opens the paragraph's quotation
            ("Tomas Lind", "”We waited years.”"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect();
        assert_eq!(got, expected);
        // the credited quotation continues no other speaker's split quote
        let said = run(text);
        assert!(
            said.iter()
                .all(|g| !(g.1 == "said" && g.2.contains("Nobody"))),
            "{said:?}"
        );
        // one name word, or none, is no credit
        let one = "“Close it.” ― Madonna";
        assert!(quote_credits(one, &text::sentences(one)).is_empty());
    }

    #[test]
    fn ordinary_verbs_are_not_cues() {
        assert!(run("Both sides agreed to follow up on the summit.").is_empty());
        assert!(run("The report was released on Monday.").is_empty());
    }
}
