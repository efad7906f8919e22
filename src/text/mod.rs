//! Splitting article text into paragraphs, sentences and tokens, pairing quotation marks,
//! cutting datelines and wire credits off the first paragraphs ([`Dateline`]) and flagging
//! boilerplate ("Follow us on Telegram", "Related:", image credits). Pure functions from
//! `&str` to byte ranges (and each sentence's tokens lowercased once, [`Lowered`], for the rules,
//! the learned model and the resolver); they know nothing about attribution.
//!
//! Public so that callers (the benchmarks, the fuzz targets) can split text exactly as
//! extraction does: [`sentences`] (with their tokens), [`paragraphs`], [`quotes`] and [`tokens`].

use crate::lexicon::{self, List};
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

mod dateline;
mod view;
use dateline::DATELINE_PARAGRAPHS;
pub use dateline::{Dateline, dateline};
pub(crate) use view::SentenceView;

/// A sentence: a byte range of the original text plus where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the document, trimmed of surrounding whitespace.
    pub range: Range<usize>,
    /// Index of the paragraph (line) it belongs to.
    pub paragraph: usize,
    /// True when the sentence is its paragraph's only sentence and has no final punctuation
    /// (a headline or subheading).
    pub headline: bool,
    /// True when the paragraph is boilerplate (share lines, image credits, newsletter prompts).
    pub boilerplate: bool,
    /// Its tokens, made once for the rules, the resolver and the learned model.
    pub tokens: Vec<Token>,
    /// Its tokens lowercased, made once for the same readers.
    pub lower: Lowered,
}

/// The tokens of a sentence lowercased, with curly apostrophes made straight (the form the
/// rules and the learned model compare words in), kept in one buffer: no allocation per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lowered {
    buf: String,
    /// Where each token's form lies in `buf`.
    spans: Vec<Range<usize>>,
}

impl Lowered {
    /// The lowercased forms of `toks`, byte ranges of `text` in text order.
    pub fn new(text: &str, toks: &[Token]) -> Lowered {
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
            return Lowered::default();
        };
        let base = first.range.start;
        // an ASCII sentence (nearly every one) is lowercased whole: its tokens keep their offsets
        if let Some(whole) = text.get(base..last.range.end)
            && whole.is_ascii()
        {
            let mut buf = whole.to_string();
            buf.make_ascii_lowercase();
            let spans = toks
                .iter()
                .map(|t| t.range.start.saturating_sub(base)..t.range.end.saturating_sub(base))
                .collect();
            return Lowered { buf, spans };
        }
        let mut l = Lowered {
            buf: String::with_capacity(last.range.end.saturating_sub(base)),
            spans: Vec::with_capacity(toks.len()),
        };
        for t in toks {
            let start = l.buf.len();
            push_lower(text.get(t.range.clone()).unwrap_or(""), &mut l.buf);
            l.spans.push(start..l.buf.len());
        }
        l
    }

    /// Token `i` lowercased.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.buf.get(self.spans.get(i)?.clone())
    }

    /// How many tokens there are.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, digits, and word-internal `.`, `'`, `-`, `&` (U.S., people's, win-win, AT&T).
    Word,
    /// An opening quotation mark.
    OpenQuote,
    /// A closing quotation mark.
    CloseQuote,
    /// Any other punctuation or symbol.
    Punct,
}

/// A token: byte range and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// Kind of token.
    pub kind: TokenKind,
}

/// True when `lw` (lowercased, without its final period) is in [`lexicon::words(List::Abbreviations)`]: a set
/// lookup, since every sentence end asks.
fn is_abbreviation(lw: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        lexicon::words(List::Abbreviations)
            .iter()
            .copied()
            .collect()
    })
    .contains(lw)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Byte ranges of paragraphs: maximal runs of non-blank text between line breaks.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // a newline byte is always a whole character in UTF-8
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let r = trim(text, r);
    if !r.is_empty() {
        out.push(r);
    }
}

/// Shrinks a byte range to exclude surrounding whitespace.
pub(crate) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(r.clone()) else {
        return r.start..r.start;
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        r.start..r.start
    } else {
        r.start + lead..r.end - trail
    }
}

/// Pairs quotation marks inside one paragraph. Returns byte ranges of each quoted passage
/// including its marks. Curly marks pair by direction; straight `"` marks alternate. An
/// unclosed mark is ignored.
pub fn quotes(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let Some(p) = text.get(para.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut open_curly: Option<usize> = None;
    let mut open_straight: Option<usize> = None;
    // only '"' and the first bytes of the curly marks and guillemets need a closer look
    let marks = p
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'"' | 0xC2 | 0xE2))
        .filter_map(|(i, _)| Some((i, p.get(i..)?.chars().next()?)));
    for (i, c) in marks {
        let at = para.start + i;
        if is_open_quote(c) {
            open_curly = Some(at);
        } else if is_close_quote(c) {
            if let Some(s) = open_curly.take() {
                out.push(s..at + c.len_utf8());
            }
        } else if c == '"' {
            match open_straight.take() {
                Some(s) => out.push(s..at + 1),
                None => open_straight = Some(at),
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Bytes a quotation may span and still keep the sentence ends inside it from splitting.
const MAX_QUOTE: usize = 1500;

/// For each token, whether it stands inside quotation marks (the marks themselves count as
/// inside), counting from outside any quotation at the first token.
pub fn quoted(toks: &[Token]) -> Vec<bool> {
    quoted_from(toks, 0)
}

/// [`quoted`], starting inside `depth` quotations.
pub(crate) fn quoted_from(toks: &[Token], depth: usize) -> Vec<bool> {
    let mut depth = depth;
    toks.iter()
        .map(|t| match t.kind {
            TokenKind::OpenQuote => {
                depth += 1;
                true
            }
            TokenKind::CloseQuote => {
                depth = depth.saturating_sub(1);
                true
            }
            _ => depth > 0,
        })
        .collect()
}

/// True when the word ends in a possessive "'s" (straight or curly apostrophe).
pub(crate) fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// The American spelling of a lowercased British word form, when it differs: "criticises" ->
/// "criticizes", "analysed" -> "analyzed", "rumours" -> "rumors", "defence" -> "defense".
/// The learned model reads every word through this, in training (on American text) and in use,
/// so a British form shares what the model learned of the American one. Words that merely look
/// British ("promise" -> "promize") are renamed consistently on both sides and lose nothing.
pub fn american(w: &str) -> Option<String> {
    if w.len() < 6 || !w.is_ascii() {
        return None;
    }
    // most words have neither an "-is-"/"-ys-" ending nor "our": ruled out without allocating
    let b = w.as_bytes();
    let tail = b.get(b.len().saturating_sub(8)..).unwrap_or(b);
    let is_end = tail.windows(2).any(|p| matches!(p, [b'i' | b'y', b's']));
    if !is_end && !w.contains("our") && !matches!(b.last(), Some(b'e' | b's')) {
        return None;
    }
    for end in [
        "ise", "ises", "ised", "ising", "isation", "isations", "yse", "ysed", "yses", "ysing",
    ] {
        if let Some(base) = w.strip_suffix(end) {
            let z = if end.starts_with('y') { "yz" } else { "iz" };
            return Some(format!("{base}{z}{}", end.get(2..).unwrap_or("")));
        }
    }
    for stem in lexicon::words(List::OurStems) {
        if let Some(rest) = w.strip_prefix(stem) {
            let base = stem.strip_suffix("our").unwrap_or(stem);
            return Some(format!("{base}or{rest}"));
        }
    }
    match w {
        "defence" | "offence" | "licence" => w.strip_suffix("ce").map(|b| format!("{b}se")),
        "centre" | "centres" => Some(w.replacen("tre", "ter", 1)),
        _ => None,
    }
}

/// The datelines and wire credits opening the first paragraphs of `text` (see [`Dateline`]).
pub fn datelines(text: &str) -> Vec<Dateline> {
    paragraphs(text)
        .into_iter()
        .take(DATELINE_PARAGRAPHS)
        .filter_map(|p| dateline(text, p, &known_place))
        .collect()
}

/// A place the gazetteer knows by this name ("Beijing", "New Delhi").
fn known_place(name: &str) -> bool {
    let _ = name;
    false
}

/// Splits the text into sentences (see [`Sentence`]).
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, para) in paragraphs(text).into_iter().enumerate() {
        // a dateline is no part of any sentence
        let para = match (pi < DATELINE_PARAGRAPHS)
            .then(|| dateline(text, para.clone(), &known_place))
            .flatten()
        {
            Some(d) => trim(text, d.range.end..para.end),
            None => para,
        };
        if para.is_empty() {
            continue;
        }
        let boilerplate = is_boilerplate(text.get(para.clone()).unwrap_or(""));
        let qs = quotes(text, para.clone());
        let mut start = para.start;
        let bytes = text.as_bytes();
        let first = out.len();
        let mut i = para.start;
        while i < para.end {
            // the next terminator: ASCII, so found by byte and always on a character boundary
            let Some(at) = bytes
                .get(i..para.end)
                .and_then(|b| b.iter().position(|b| matches!(b, b'.' | b'!' | b'?')))
            else {
                break;
            };
            i += at;
            // absorb closing quotes/brackets and repeated terminators
            let mut end = i + 1;
            while let Some(d) = text.get(end..).and_then(|s| s.chars().next()) {
                if matches!(
                    d,
                    '.' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’' | '»'
                ) && end < para.end
                {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            // only quotations opening in the last MAX_QUOTE bytes can hold this one (`qs`
            // is sorted by start), so the scan stays short however many quotes there are
            let lo = qs.partition_point(|q| q.start + MAX_QUOTE <= i);
            let hi = qs.partition_point(|q| q.start < i);
            let in_quote = qs
                .get(lo..hi)
                .unwrap_or_default()
                .iter()
                .any(|q| end < q.end && q.end - q.start < MAX_QUOTE);
            if end < para.end
                && bytes.get(end).is_some_and(u8::is_ascii_whitespace)
                && !in_quote
                && breaks_after(text, start, i, end, para.end)
            {
                push_sentence(text, start..end, pi, boilerplate, &mut out);
                start = end;
            }
            i = end;
        }
        push_sentence(text, start..para.end, pi, boilerplate, &mut out);
        if out.len() == first + 1
            && let Some(s) = out.get_mut(first)
        {
            let last = text.get(s.range.clone()).and_then(|t| t.chars().last());
            s.headline = !matches!(last, Some('.' | '!' | '?' | '"' | '”' | ':' | ',' | ';'));
        }
    }
    out
}

fn push_sentence(
    text: &str,
    r: Range<usize>,
    paragraph: usize,
    boilerplate: bool,
    out: &mut Vec<Sentence>,
) {
    let r = trim(text, r);
    if r.is_empty() {
        return;
    }
    let toks = tokens(text, r.clone());
    if toks.len() <= MAX_SENTENCE_TOKENS {
        out.push(Sentence {
            lower: Lowered::new(text, &toks),
            tokens: toks,
            range: r,
            paragraph,
            headline: false,
            boilerplate,
        });
        return;
    }
    // a run-on "sentence" (a megabyte line without a full stop) is cut into pieces of at most
    // MAX_SENTENCE_TOKENS tokens, so the per-sentence work of the rules and the model stays
    // bounded and time grows linearly with the text
    let mut rest = toks.into_iter().peekable();
    while rest.peek().is_some() {
        let piece: Vec<Token> = rest.by_ref().take(MAX_SENTENCE_TOKENS).collect();
        let (Some(first), Some(last)) = (piece.first(), piece.last()) else {
            break;
        };
        out.push(Sentence {
            range: first.range.start..last.range.end,
            lower: Lowered::new(text, &piece),
            tokens: piece,
            paragraph,
            headline: false,
            boilerplate,
        });
    }
}

/// The most tokens a [`Sentence`] holds: longer runs of text without a sentence end are split
/// into pieces of this many tokens (far above any real sentence, so news text is not affected).
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// Decides whether the terminator at byte `dot` (ending at `end`) closes the sentence.
fn breaks_after(text: &str, start: usize, dot: usize, end: usize, para_end: usize) -> bool {
    let rest = text.get(end..para_end).unwrap_or("").trim_start();
    let Some(first) = rest.chars().next() else {
        return true;
    };
    let next_word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    if first.is_lowercase() {
        return false;
    }
    if text.get(dot..dot + 1) != Some(".") {
        return true; // ! and ? always end a sentence before a capital
    }
    // the word before the period
    let before = text.get(start..dot).unwrap_or("");
    let word: &str = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '\''))
        .next()
        .unwrap_or("");
    let lw = word.to_lowercase();
    let lw = lw.trim_end_matches('.');
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false; // an initial: "J. Smith"
    }
    if is_abbreviation(lw) {
        // "the U.S. The ..." still breaks; "U.S. Secretary" does not
        let acronym = lw.contains('.');
        return acronym && lexicon::words(List::SentenceOpeners).contains(&next_word.as_str());
    }
    if lw.contains('.') && lw.len() <= 6 && word.chars().next().is_some_and(char::is_uppercase) {
        // other dotted acronyms (U.S.-China is one word anyway)
        return lexicon::words(List::SentenceOpeners).contains(&next_word.as_str());
    }
    true
}

/// Lines that are page furniture rather than reporting.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    let t = line.trim();
    // No character's lowercase is under a quarter of its length, so a line this long is still
    // too long for the short-line tests below once lowercased: only its start is read, and the
    // longest start listed is well under its first 64 characters.
    let t = if t.len() < 240 {
        t
    } else {
        let head = t.char_indices().nth(64).map_or(t.len(), |(i, _)| i);
        t.get(..head).unwrap_or(t)
    };
    let l = t.to_lowercase();
    const STARTS: &[&str] = &[
        "follow us on",
        "related:",
        "related stories",
        "related articles",
        "read more:",
        "read also",
        "also read",
        "top image",
        "top images",
        "image via",
        "images via",
        "image:",
        "photo:",
        "photo by",
        "photos by",
        "photo via",
        "photo credit",
        "image credit",
        "cover image",
        "featured image",
        "if you like what you read",
        "if you enjoyed",
        "sign up for",
        "subscribe to",
        "share this",
        "share on",
        "click here",
        "advertisement",
        "copyright",
        "all rights reserved",
        "©",
        "download our app",
        "join our",
        "get the latest",
        "this article was originally",
        "(reporting by",
        "reporting by",
        "editing by",
    ];
    STARTS.iter().any(|s| l.starts_with(s))
        || (l.len() < 60 && (l.ends_with("share this article") || l == "share" || l == "related"))
}

/// Appends `w` lowercased, with curly apostrophes made straight, to `out`.
fn push_lower(w: &str, out: &mut String) {
    if w.is_ascii() {
        let start = out.len();
        out.push_str(w);
        if let Some(tail) = out.get_mut(start..) {
            tail.make_ascii_lowercase();
        }
        return;
    }
    for c in w.chars() {
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Tokenises a byte range of the text.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let Some(s) = text.get(range.clone()) else {
        return out;
    };
    // the character starting at byte `b` of `s`, and the one ending there; an ASCII byte is
    // always a whole character, so only other bytes are decoded
    let bytes = s.as_bytes();
    let at = |b: usize| match bytes.get(b) {
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        _ => s.get(b..).and_then(|t| t.chars().next()),
    };
    let before = |b: usize| match b.checked_sub(1).and_then(|p| bytes.get(p)) {
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        _ => s.get(..b).and_then(|t| t.chars().next_back()),
    };
    let alnum_at = |b: usize| at(b).is_some_and(char::is_alphanumeric);
    let mut b = 0;
    let mut straight_open = false;
    while let Some(c) = at(b) {
        let start = range.start + b;
        if c.is_whitespace() {
            b += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = b + c.len_utf8();
            while let Some(d) = at(j) {
                let after = j + d.len_utf8();
                if d.is_alphanumeric() {
                    j = after;
                } else if matches!(d, '\'' | '’' | '-' | '&' | '.' | ',') && alnum_at(after) {
                    // "U.S" "win-win" "people's" "AT&T" "1,000" — a comma only between digits
                    if d == ','
                        && !(before(j).is_some_and(|x| x.is_ascii_digit())
                            && at(after).is_some_and(|x| x.is_ascii_digit()))
                    {
                        break;
                    }
                    j = after + at(after).map_or(0, char::len_utf8);
                } else {
                    break;
                }
            }
            // a trailing period belongs to the word when it is an abbreviation or acronym
            let mut end = j;
            if at(j) == Some('.') {
                let w = s.get(b..j).unwrap_or_default();
                if w.contains('.')
                    || is_abbreviation(&w.to_lowercase())
                    || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                {
                    end = j + 1;
                }
            }
            // "U.S.'s"
            if end > j
                && let Some(apostrophe) = at(end).filter(|x| matches!(x, '\'' | '’'))
                && at(end + apostrophe.len_utf8()) == Some('s')
                && !alnum_at(end + apostrophe.len_utf8() + 1)
            {
                end += apostrophe.len_utf8() + 1;
            }
            out.push(Token {
                range: start..range.start + end,
                kind: TokenKind::Word,
            });
            b = end;
            continue;
        }
        let kind = if is_open_quote(c) || c == '‘' {
            TokenKind::OpenQuote
        } else if is_close_quote(c) {
            TokenKind::CloseQuote
        } else if c == '"' {
            straight_open = !straight_open;
            if straight_open {
                TokenKind::OpenQuote
            } else {
                TokenKind::CloseQuote
            }
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            range: start..start + c.len_utf8(),
            kind,
        });
        b += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn british_spellings_read_as_american() {
        for (gb, us) in [
            ("criticises", "criticizes"),
            ("emphasised", "emphasized"),
            ("analysing", "analyzing"),
            ("rumours", "rumors"),
            ("favourable", "favorable"),
            ("defence", "defense"),
            ("centre", "center"),
        ] {
            assert_eq!(american(gb).as_deref(), Some(us), "{gb}");
        }
        for w in ["said", "rise", "four", "hour", "criticizes", "course"] {
            assert_eq!(american(w), None, "{w}");
        }
    }

    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|s| &t[s.range]).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        let t = "Mr. Wang met Gen. Li on Jun. 18 in the U.S. Capitol. Growth was 5.2 per cent. J. R. Smith left.";
        assert_eq!(
            split(t),
            vec![
                "Mr. Wang met Gen. Li on Jun. 18 in the U.S. Capitol.",
                "Growth was 5.2 per cent.",
                "J. R. Smith left."
            ]
        );
    }

    #[test]
    fn acronym_at_sentence_end_splits_before_an_opener() {
        let t = "He flew to the U.S. The talks began. See No. 5 on the list.";
        assert_eq!(
            split(t),
            vec![
                "He flew to the U.S.",
                "The talks began.",
                "See No. 5 on the list."
            ]
        );
    }

    #[test]
    fn urls_and_quotes_spanning_sentences_stay_whole() {
        let t = "Read it at https://example.org/a.b now. She said: \"We won. We will win again.\" Then she left.";
        assert_eq!(
            split(t),
            vec![
                "Read it at https://example.org/a.b now.",
                "She said: \"We won. We will win again.\"",
                "Then she left."
            ]
        );
    }

    #[test]
    fn headlines_and_boilerplate_are_flagged() {
        let t = "Follow us on Telegram: https://t.me/x\nQin: ties at lowest point\nBody text here.\nRelated:";
        let s = sentences(t);
        assert_eq!(s.len(), 4);
        assert!(s[0].boilerplate && !s[1].boilerplate && s[3].boilerplate);
        assert!(s[1].headline && !s[2].headline);
    }

    #[test]
    fn credits_prompts_and_share_lines_are_boilerplate() {
        for line in [
            "Top image via Reuters",
            "Photo by Kim Lee/Reuters",
            "Image credit: the ministry",
            "If you like what you read, follow us on Facebook.",
            "Share this article",
            "Share on WhatsApp",
            "Read more: what the minister said",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "The minister said the photo was genuine.",
            "Share prices fell.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn run_on_sentences_are_cut_at_the_token_limit() {
        let t = format!("{}the end.", "said ".repeat(MAX_SENTENCE_TOKENS * 2 + 7));
        let s = sentences(&t);
        let sizes: Vec<usize> = s.iter().map(|x| x.tokens.len()).collect();
        assert_eq!(sizes, vec![MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 10]);
        assert_eq!(
            &t[s[2].range.clone()],
            "said said said said said said said the end."
        );
        assert!(s.windows(2).all(|w| w[0].range.end < w[1].range.start));
        assert!(s.iter().all(|x| !x.headline));
    }

    #[test]
    fn sentence_ends_inside_a_quotation_among_many_stay_whole() {
        // many short quotations before the one that matters: the lookup finds the right one
        let t = format!(
            "{}He said \"We won. We will win.\" Then he left.",
            "\"a\" ".repeat(2000)
        );
        let parts = split(&t);
        assert_eq!(parts.last(), Some(&"Then he left."));
        assert!(
            parts
                .iter()
                .any(|p| p.ends_with("He said \"We won. We will win.\""))
        );
    }

    #[test]
    fn quotes_pair_curly_and_straight_marks() {
        let t = "He said “a” and \"b\" and “c";
        let q: Vec<&str> = quotes(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, vec!["“a”", "\"b\""]);
        // guillemets and low marks, among other multi-byte characters (é, —, emoji)
        let t = "Élan — «a» then „b” 🎉 \"c\"";
        let q: Vec<&str> = quotes(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, vec!["«a»", "„b”", "\"c\""]);
    }

    #[test]
    fn lowered_words_match_each_token_lowercased() {
        // an ASCII sentence is lowercased whole; any other goes token by token
        for t in [
            "The U.S.'s win-win DEAL, said Wang.",
            "Élan’s “DEAL” — ΣΟΦΊΑ said 🎉 İstanbul’s",
        ] {
            for s in sentences(t) {
                let want: Vec<String> = s
                    .tokens
                    .iter()
                    .map(|k| t[k.range.clone()].to_lowercase().replace('’', "'"))
                    .collect();
                let got: Vec<&str> = (0..s.lower.len()).filter_map(|i| s.lower.get(i)).collect();
                assert_eq!(got, want, "{t}");
                assert_eq!(s.lower.get(s.tokens.len()), None);
            }
        }
        assert!(Lowered::new("", &[]).is_empty());
    }

    #[test]
    fn tokens_keep_acronyms_and_apostrophes() {
        let t = "The U.S.'s win-win “deal” cost $1,000.";
        let w: Vec<&str> = tokens(t, 0..t.len())
            .into_iter()
            .map(|k| &t[k.range])
            .collect();
        assert_eq!(
            w,
            vec![
                "The", "U.S.'s", "win-win", "“", "deal", "”", "cost", "$", "1,000", "."
            ]
        );
    }
}
