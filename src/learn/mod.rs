//! Learned attribution extraction: a part-of-speech tagger, two sequence taggers (cues, then
//! the source and content of each cue), a named-entity tagger ([`ner`]) and an optional
//! dependency parser ([`parse`]), all averaged perceptrons trained on PolNeAR by `whosaid
//! train`. This module owns the features the models read, so training and extraction cannot
//! drift apart, and the embedded model file `data/whosaid.model`.
//!
//! Pipeline per sentence: tokens (`text::tokens`) -> POS tags (greedy, left to right) ->
//! capitalised words read as names (for resolution) -> cue tokens tagged B/I/O -> in a sentence
//! with a cue, the parse when the model has a parser -> for each cue, every other token of the
//! sentence tagged Source, Content or Outside with features relative to that cue (side,
//! distance, commas, verbs and other cues in between, quotation marks, where it hangs in the
//! parse). The hand-written rules in `extract` still handle the news-specific shapes (channels,
//! tweets, headlines); `pipeline` merges the two.
//!
//! Features are written as groups (`pos_*`, `cue_*`, `role_*`): training hashes them all, and
//! tagging reads the groups of small values from the tables of `tables` (same scores, less work).

mod ner;
mod parse;
mod perceptron;
mod tables;
mod train;

pub(crate) use ner::{NamedWord, Ner, WordClass};
pub use train::{TaggerScores, TrainReport, TrainSettings, score_taggers, train};

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use ner::NER_LABELS;
use perceptron::{Features, Perceptron, WordTable, argmax, argmax_sum, h, hash_byte, hash_bytes};
use tables::{CueTables, PosHistory, RoleScorer, RoleTables};

use crate::domain::Rule;
use crate::error::{Error, Result};
use crate::extract::Candidate;
use crate::text::{Sentence, Token, TokenKind};

/// The model shipped with whosaid, trained by `whosaid train` (see the README).
static BUILTIN: &[u8] = include_bytes!("../../data/whosaid.model");

const MAGIC: &[u8] = b"whosaid-model/3\n";
/// The layout before the named-entity tagger: still read, without one.
const MAGIC_V2: &[u8] = b"whosaid-model/2\n";

/// Labels of the cue tagger.
const CUE_LABELS: &[&str] = &["O", "B", "I"];
const CUE_O: usize = 0;
const CUE_B: usize = 1;
const CUE_I: usize = 2;

/// Labels of the role tagger.
const ROLE_LABELS: &[&str] = &["O", "S", "C"];
const ROLE_O: usize = 0;
const ROLE_S: usize = 1;
const ROLE_C: usize = 2;
/// Role history marker for a cue token.
const ROLE_CUE: usize = 3;
/// Role history marker before the first token.
const ROLE_START: usize = 4;

/// whosaid's learned attribution model: a POS tagger, a cue tagger, a role tagger, a
/// named-entity tagger and optionally a dependency parser. Made by
/// [`train`](crate::train), written with [`Model::write`], used through
/// [`Pipeline`](crate::Pipeline).
#[derive(Debug, Clone)]
pub struct Model {
    tagger: Tagger,
    cue: Perceptron,
    /// Frequent words never seen in a cue: labelled Outside without the perceptron.
    never_cue: WordTable,
    role: Perceptron,
    /// The named-entity tagger (absent from models of the older layout).
    ner: Option<Perceptron>,
    /// The dependency parser: transition scorer and arc labeller (absent from older models).
    parser: Option<(Perceptron, Perceptron)>,
    /// Scores of the cue tagger's small-valued features, precomputed from `cue`.
    cue_tables: CueTables,
    /// Scores of the role tagger's small-valued features, precomputed from `role`.
    role_tables: RoleTables,
}

/// The part-of-speech tagger.
#[derive(Debug, Clone)]
struct Tagger {
    pos: Perceptron,
    /// Frequent words seen with one tag only: tagged without the perceptron.
    tagdict: WordTable,
    /// The hash each tag code stands for in features (see [`tag_hashes`]).
    tags: Vec<u64>,
    /// Scores of the features of the two previous tags, precomputed from `pos`.
    history: PosHistory,
    /// Per tag code: the word class names care about (proper noun, common noun or adjective,
    /// other).
    classes: Vec<WordClass>,
}

impl Tagger {
    fn new(pos: Perceptron, tagdict: WordTable) -> Tagger {
        let tags = tag_hashes(pos.labels());
        let classes = (0..TAG_FIRST)
            .map(|_| WordClass::Other)
            .chain(pos.labels().iter().map(|l| WordClass::of_tag(l)))
            .collect();
        Tagger {
            classes,
            history: PosHistory::new(&pos, &tags),
            tags,
            pos,
            tagdict,
        }
    }

    /// Tags every token of `s` with its part of speech, greedily left to right.
    fn tag(&self, s: &mut EncodedSentence) {
        let mut f = Features::default();
        let n = self.pos.labels().len();
        let mut acc = vec![0i32; self.pos.width()];
        for i in 0..s.len() {
            let k = i as isize;
            let best = match self.tagdict.get(s.w(k)) {
                Some(tag) => usize::from(tag),
                None => {
                    // the same sums as the features of `pos_features`
                    self.history.row(s.code(k - 2), s.code(k - 1), &mut acc);
                    f.clear();
                    pos_words(&mut f, s, i, s.t(k - 1));
                    self.pos.sum(&f.keys, &mut acc);
                    // the scale is positive, so the largest sum is the largest score
                    argmax_sum(acc.get(..n).unwrap_or_default())
                }
            };
            let name = self.pos.labels().get(best);
            let code = name.map_or(TAG_NONE, |_| TAG_FIRST + best);
            let hash = self.tags.get(code).copied().unwrap_or_default();
            let verb = name.is_some_and(|n| n.starts_with("VB"));
            s.set_tag(i, code, hash, verb);
        }
    }
}

/// One sentence as the models see it: tokens plus the hashes of their word forms, so a
/// feature costs a few multiplications rather than a pass over a string.
#[derive(Debug, Clone)]
pub(crate) struct EncodedSentence {
    /// Tokens with byte ranges into the document.
    pub toks: Vec<Token>,
    /// Whether each token is inside (or is) a quotation mark.
    pub quoted: Vec<bool>,
    /// Part-of-speech tag of each token as a code (`TAG_*`, or `TAG_FIRST` plus the index into
    /// the tagger's labels), set by `set_tag`.
    codes: Vec<usize>,
    word: Vec<u64>,
    suf3: Vec<u64>,
    suf2: Vec<u64>,
    pre1: Vec<u64>,
    shape: Vec<u64>,
    stem: Vec<u64>,
    tag: Vec<u64>,
    verb: Vec<bool>,
    comma: Vec<bool>,
    /// Whether each token starts with a capital letter.
    cap: Vec<bool>,
    /// The dependency parse, once the sentence is parsed (sentences with a cue only).
    tree: Option<parse::Tree>,
}

/// Hashes of the sentence boundaries.
fn edge(i: isize) -> u64 {
    if i < 0 { h("<s>") } else { h("</s>") }
}

/// Tag codes: before the sentence, after it, a token without a tag, then the tagger's labels.
const TAG_START: usize = 0;
const TAG_END: usize = 1;
const TAG_NONE: usize = 2;
const TAG_FIRST: usize = 3;

/// The hash each tag code stands for in features, given the tagger's labels.
fn tag_hashes(labels: &[String]) -> Vec<u64> {
    let fixed = [h("<s>"), h("</s>"), h("")];
    fixed
        .into_iter()
        .chain(labels.iter().map(|l| h(l)))
        .collect()
}

fn at(v: &[u64], i: isize) -> u64 {
    usize::try_from(i)
        .ok()
        .and_then(|i| v.get(i))
        .copied()
        .unwrap_or_else(|| edge(i))
}

impl EncodedSentence {
    /// Reads the tokens of one sentence of `text`.
    pub(crate) fn new(text: &str, sentence: &Sentence) -> EncodedSentence {
        let toks = sentence.tokens.clone();
        let n = toks.len();
        let mut s = EncodedSentence {
            quoted: Vec::new(),
            codes: vec![TAG_NONE; n],
            word: Vec::with_capacity(n),
            suf3: Vec::with_capacity(n),
            suf2: Vec::with_capacity(n),
            pre1: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            stem: Vec::with_capacity(n),
            tag: vec![0; n],
            verb: vec![false; n],
            comma: Vec::with_capacity(n),
            cap: Vec::with_capacity(n),
            tree: None,
            toks: Vec::new(),
        };
        // a sentence that closes a quote it never opened started inside the quotation
        let inside = toks
            .iter()
            .find(|t| matches!(t.kind, TokenKind::OpenQuote | TokenKind::CloseQuote))
            .is_some_and(|t| t.kind == TokenKind::CloseQuote);
        s.quoted = crate::text::quoted_from(&toks, usize::from(inside));
        // one buffer for every token's shape: no allocation per token
        let mut sh = String::new();
        for (i, t) in toks.iter().enumerate() {
            let raw = text.get(t.range.clone()).unwrap_or("");
            let w = sentence.lower.get(i).unwrap_or("");
            let [word, suf3, suf2, pre1, shape, stem] = word_hashes(raw, w, &mut sh);
            s.word.push(word);
            s.suf3.push(suf3);
            s.suf2.push(suf2);
            s.pre1.push(pre1);
            s.shape.push(shape);
            s.stem.push(stem);
            s.comma.push(matches!(w, "," | ";" | "--" | "—"));
            s.cap
                .push(raw.chars().next().is_some_and(char::is_uppercase));
        }
        s.toks = toks;
        s
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Records the POS tag of token `i`: its code, the hash it stands for and whether it is a
    /// verb tag.
    fn set_tag(&mut self, i: usize, code: usize, hash: u64, verb: bool) {
        if let (Some(c), Some(hh), Some(v)) = (
            self.codes.get_mut(i),
            self.tag.get_mut(i),
            self.verb.get_mut(i),
        ) {
            *c = code;
            *hh = hash;
            *v = verb;
        }
    }

    fn w(&self, i: isize) -> u64 {
        at(&self.word, i)
    }

    fn t(&self, i: isize) -> u64 {
        at(&self.tag, i)
    }

    /// The tag code of token `i` (`TAG_START` before the sentence, `TAG_END` after it).
    fn code(&self, i: isize) -> usize {
        match usize::try_from(i) {
            Err(_) => TAG_START,
            Ok(i) => self.codes.get(i).copied().unwrap_or(TAG_END),
        }
    }

    fn is_quote(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::OpenQuote | TokenKind::CloseQuote))
    }
}

/// Hashes of a token's lowercased form `w` (see [`crate::text::Lowered`]), its last three and two
/// characters, its first character, its shape and its stem. An ASCII token (nearly every one) is
/// hashed byte by byte without building the shape; the hashes are the same as through the
/// strings.
fn word_hashes(raw: &str, w: &str, sh: &mut String) -> [u64; 6] {
    // British forms read as American ones: the model learned from American text
    if let Some(us) = crate::text::american(w) {
        let raw: String = raw
            .chars()
            .zip(us.chars())
            .map(|(r, u)| {
                if r.is_uppercase() {
                    u.to_ascii_uppercase()
                } else {
                    u
                }
            })
            .chain(us.chars().skip(raw.chars().count()))
            .collect();
        return word_hashes_as_is(&raw, &us, sh);
    }
    word_hashes_as_is(raw, w, sh)
}

fn word_hashes_as_is(raw: &str, w: &str, sh: &mut String) -> [u64; 6] {
    if !raw.is_ascii() {
        shape(raw, sh);
        return [
            h(w),
            h(suffix(w, 3)),
            h(suffix(w, 2)),
            h(prefix(w)),
            h(sh),
            h(stem(w)),
        ];
    }
    let lw = w.as_bytes();
    let tail = |n: usize| lw.get(lw.len().saturating_sub(n)..).unwrap_or(lw);
    // the word (`raw` lowercased is `w`) and its shape in one pass
    let (mut word, mut shape, mut last) = (hash_bytes(&[]), hash_bytes(&[]), 0u8);
    for b in raw.bytes() {
        word = hash_byte(word, b.to_ascii_lowercase());
        let k = match b {
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            b'0'..=b'9' => b'd',
            _ => b,
        };
        if k != last {
            shape = hash_byte(shape, k);
            last = k;
        }
    }
    // most words are their own stem
    let st = stem(w);
    [
        word,
        hash_bytes(tail(3)),
        hash_bytes(tail(2)),
        hash_bytes(lw.get(..1).unwrap_or(lw)),
        shape,
        if st.len() == w.len() { word } else { h(st) },
    ]
}

/// Writes the shape of `w` into `out`: "Beijing" -> "Xx", "U.S." -> "X.X.", "2,500" -> "d,d".
fn shape(w: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
}

/// A crude stem joining inflections of one verb: "says", "said", "saying" -> "sa".
fn stem(w: &str) -> &str {
    // every ending below ends in "g", "d" or "s"
    if !matches!(w.as_bytes().last(), Some(b'g' | b'd' | b's')) {
        return w;
    }
    for end in ["ing", "ied", "ies", "ed", "es", "id", "s", "d"] {
        if let Some(base) = w.strip_suffix(end)
            && base.len() >= 2
        {
            return base;
        }
    }
    w
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    w.get(start..).unwrap_or(w)
}

fn prefix(w: &str) -> &str {
    w.char_indices()
        .nth(1)
        .and_then(|(i, _)| w.get(..i))
        .unwrap_or(w)
}

/// Features of token `i` for the POS tagger, given the hashes of the two previous tags.
fn pos_features(f: &mut Features, s: &EncodedSentence, i: usize, p1: u64, p2: u64) {
    f.clear();
    pos_history(f, p1, p2);
    pos_words(f, s, i, p1);
}

/// POS features of the two previous tags alone (scored ahead of time by `tables`).
fn pos_history(f: &mut Features, p1: u64, p2: u64) {
    f.add(0, &[]);
    f.add(4, &[p1]);
    f.add(5, &[p2, p1]);
}

/// POS features that read words.
fn pos_words(f: &mut Features, s: &EncodedSentence, i: usize, p1: u64) {
    let k = i as isize;
    let w = s.w(k);
    f.add(1, &[w]);
    f.add(2, &[at(&s.suf3, k)]);
    f.add(3, &[at(&s.pre1, k)]);
    f.add(6, &[p1, w]);
    f.add(7, &[s.w(k - 1)]);
    f.add(8, &[at(&s.suf3, k - 1)]);
    f.add(9, &[s.w(k - 2)]);
    f.add(10, &[s.w(k + 1)]);
    f.add(11, &[at(&s.suf3, k + 1)]);
    f.add(12, &[s.w(k + 2)]);
    f.add(13, &[at(&s.shape, k)]);
    f.add(14, &[at(&s.suf2, k)]);
}

/// Features of token `i` for the cue tagger, given the previous cue label. Those of small
/// values only (labels, tags, a flag) are in groups that `tables` scores ahead of time.
fn cue_features(f: &mut Features, s: &EncodedSentence, i: usize, prev: usize) {
    let k = i as isize;
    let q = u64::from(s.quoted.get(i).copied().unwrap_or(false));
    f.clear();
    cue_state(f, prev as u64, q, s.t(k));
    cue_tags_before(f, s.t(k - 1), s.t(k));
    cue_tags_after(f, s.t(k), s.t(k + 1));
    cue_words(f, s, i, prev as u64, q);
}

/// Cue features of the previous label, the quotation flag and the token's tag.
fn cue_state(f: &mut Features, prev: u64, q: u64, t: u64) {
    f.add(20, &[]);
    f.add(23, &[t]);
    f.add(31, &[prev]);
    f.add(33, &[prev, t]);
    f.add(34, &[q, t]);
}

/// Cue feature of the previous token's tag and the token's.
fn cue_tags_before(f: &mut Features, before: u64, t: u64) {
    f.add(24, &[before, t]);
}

/// Cue feature of the token's tag and the next token's.
fn cue_tags_after(f: &mut Features, t: u64, after: u64) {
    f.add(25, &[t, after]);
}

/// Cue features that read words (hashed at every token).
fn cue_words(f: &mut Features, s: &EncodedSentence, i: usize, prev: u64, q: u64) {
    let k = i as isize;
    let (w, t) = (s.w(k), s.t(k));
    f.add(21, &[w]);
    f.add(22, &[at(&s.suf3, k)]);
    f.add(26, &[s.w(k - 1)]);
    f.add(27, &[s.w(k + 1)]);
    f.add(28, &[w, s.w(k + 1)]);
    f.add(29, &[s.w(k - 1), w]);
    f.add(30, &[s.w(k + 2)]);
    f.add(32, &[prev, w]);
    f.add(35, &[q, w]);
    f.add(36, &[s.t(k - 1), t, s.t(k + 1)]);
    f.add(37, &[w, s.t(k + 1)]);
    f.add(38, &[s.w(k - 2), s.w(k - 1)]);
    f.add(39, &[at(&s.stem, k)]);
    f.add(39, &[at(&s.stem, k), at(&s.shape, k)]);
    f.add(39, &[at(&s.stem, k), s.w(k + 1)]);
}

/// Counts over a sentence, as prefix sums, so "how many X lie between a and b" is O(1).
#[derive(Debug)]
struct Between {
    commas: Vec<u32>,
    verbs: Vec<u32>,
    quotes: Vec<u32>,
    cues: Vec<u32>,
}

fn prefix_sums(n: usize, mut pred: impl FnMut(usize) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = 0u32;
    out.push(0);
    for i in 0..n {
        acc += u32::from(pred(i));
        out.push(acc);
    }
    out
}

impl Between {
    fn new(s: &EncodedSentence, cue_tokens: &[bool]) -> Between {
        let n = s.len();
        let flag = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
        Between {
            commas: prefix_sums(n, |i| flag(&s.comma, i)),
            verbs: prefix_sums(n, |i| flag(&s.verb, i)),
            quotes: prefix_sums(n, |i| s.is_quote(i)),
            cues: prefix_sums(n, |i| flag(cue_tokens, i)),
        }
    }

    /// Count in the half-open token range `a..b`, bucketed as 0, 1 or 2+.
    fn count(v: &[u32], a: usize, b: usize) -> usize {
        let n = v
            .get(b)
            .zip(v.get(a))
            .map_or(0, |(hi, lo)| hi.saturating_sub(*lo));
        n.min(2) as usize
    }
}

/// The distance buckets of the role features, in tokens from the cue.
const DISTANCES: [u64; 9] = [0, 1, 2, 3, 5, 8, 12, 20, 99];

/// Index in [`DISTANCES`] of the bucket holding `d`.
fn distance_bucket(d: usize) -> usize {
    match d {
        0..=3 => d,
        4..=5 => 4,
        6..=8 => 5,
        9..=12 => 6,
        13..=20 => 7,
        _ => 8,
    }
}

/// What the role features read of one token relative to one cue, each a small number.
#[derive(Debug, Clone, Copy)]
struct RoleAt {
    /// 0 before the cue, 1 after it.
    side: usize,
    /// Index of the distance bucket (see [`DISTANCES`]).
    dist: usize,
    /// Twice "the token is quoted" plus "the cue is quoted".
    quote_state: usize,
    /// Commas, verbs, cue tokens and quotation marks between token and cue, each 0, 1 or 2+.
    counts: [usize; 4],
    /// Whether the token is part of another cue.
    other_cue: usize,
}

impl RoleAt {
    fn new(s: &EncodedSentence, b: &Between, i: usize, cue: &Range<usize>) -> RoleAt {
        let (side, dist, lo, hi) = if i < cue.start {
            (0, cue.start - i, i + 1, cue.start)
        } else {
            (1, i + 1 - cue.end, cue.end, i)
        };
        let q = |j: usize| usize::from(s.quoted.get(j).copied().unwrap_or(false));
        RoleAt {
            side,
            dist: distance_bucket(dist),
            quote_state: q(i) * 2 + q(cue.start),
            counts: [&b.commas, &b.verbs, &b.cues, &b.quotes].map(|v| Between::count(v, lo, hi)),
            other_cue: usize::from(b.cues.get(i + 1) != b.cues.get(i)),
        }
    }

    /// The side as the features spell it: 1 before the cue, 2 after.
    fn dir(&self) -> u64 {
        self.side as u64 + 1
    }
}

/// Features of token `i` for the role tagger, relative to the cue at tokens `cue`, given the
/// two previous role labels (`ROLE_*`, or 3 for a cue token, 4 before the sentence). Groups of
/// small values only are scored ahead of time by `tables`; those reading words are hashed.
#[allow(clippy::too_many_arguments)]
fn role_features(
    f: &mut Features,
    s: &EncodedSentence,
    b: &Between,
    i: usize,
    cue: &Range<usize>,
    p1: usize,
    p2: usize,
) {
    let k = i as isize;
    let r = RoleAt::new(s, b, i, cue);
    let (dir, d, t) = (r.dir(), DISTANCES.get(r.dist).copied().unwrap_or(0), s.t(k));
    let [commas, ..] = r.counts.map(|c| c as u64);
    let (p1, p2) = (p1 as u64, p2 as u64);
    f.clear();
    role_history(f, dir, d, p1, p2);
    role_tag(f, dir, t, p1, r.other_cue as u64);
    role_dist_tag(f, dir, d, t);
    role_between(f, dir, r.counts.map(|c| c as u64), r.quote_state as u64, p1);
    role_cue_tag(f, dir, s.t(cue.start as isize), commas, p1);
    role_tags_before(f, dir, s.t(k - 1), t);
    role_tags_after(f, dir, t, s.t(k + 1));
    role_edge(f, dir, i == 0, i + 1 == s.len());
    role_token_words(f, dir, s, i);
    role_cue_words(f, dir, s, cue);
    role_pair(f, dir, s, i, cue, d, p1);
}

/// Role features of the side, distance and previous labels.
fn role_history(f: &mut Features, dir: u64, d: u64, p1: u64, p2: u64) {
    f.add(40, &[dir]);
    f.add(41, &[dir, d]);
    f.add(47, &[dir, p1]);
    f.add(49, &[dir, p2, p1]);
    f.add(66, &[dir, d, p1]);
}

/// Role features of the token's tag with the previous label or "in another cue".
fn role_tag(f: &mut Features, dir: u64, t: u64, p1: u64, other_cue: u64) {
    f.add(43, &[dir, t]);
    f.add(48, &[dir, p1, t]);
    f.add(63, &[dir, other_cue, t]);
}

/// Role feature of the distance and the token's tag.
fn role_dist_tag(f: &mut Features, dir: u64, d: u64, t: u64) {
    f.add(44, &[dir, d, t]);
}

/// Role features of what lies between token and cue (commas, verbs, cue tokens, quotation
/// marks) and of the quotation state.
fn role_between(f: &mut Features, dir: u64, counts: [u64; 4], quote_state: u64, p1: u64) {
    let [commas, verbs, cues, quotes] = counts;
    f.add(50, &[dir, quote_state]);
    f.add(51, &[dir, commas]);
    f.add(52, &[dir, verbs]);
    f.add(53, &[dir, cues]);
    f.add(60, &[dir, quotes, quote_state]);
    f.add(64, &[dir, commas, verbs, p1]);
    f.add(67, &[dir, cues, p1]);
}

/// Role features of the cue's first tag.
fn role_cue_tag(f: &mut Features, dir: u64, cue_tag: u64, commas: u64, p1: u64) {
    f.add(62, &[dir, cue_tag]);
    f.add(68, &[dir, cue_tag, commas, p1]);
}

/// Role feature of the previous token's tag and the token's.
fn role_tags_before(f: &mut Features, dir: u64, before: u64, t: u64) {
    f.add(56, &[dir, before, t]);
}

/// Role feature of the token's tag and the next token's.
fn role_tags_after(f: &mut Features, dir: u64, t: u64, after: u64) {
    f.add(57, &[dir, t, after]);
}

/// Role features marking the first and last token of the sentence.
fn role_edge(f: &mut Features, dir: u64, first: bool, last: bool) {
    if first {
        f.add(69, &[dir, 0]);
    }
    if last {
        f.add(69, &[dir, 1]);
    }
}

/// Role features of the token's words, the same for every cue on one side.
fn role_token_words(f: &mut Features, dir: u64, s: &EncodedSentence, i: usize) {
    let k = i as isize;
    f.add(42, &[dir, s.w(k)]);
    f.add(54, &[dir, s.w(k - 1)]);
    f.add(55, &[dir, s.w(k + 1)]);
}

/// Role features of the cue's words, the same for every token on one side.
fn role_cue_words(f: &mut Features, dir: u64, s: &EncodedSentence, cue: &Range<usize>) {
    let (cs, ce) = (cue.start as isize, cue.end as isize);
    f.add(45, &[dir, s.w(cs)]);
    f.add(58, &[dir, s.w(ce)]);
    f.add(59, &[dir, s.w(cs - 1)]);
}

/// Role features joining a word of the token or cue with another value.
fn role_pair(
    f: &mut Features,
    dir: u64,
    s: &EncodedSentence,
    i: usize,
    cue: &Range<usize>,
    d: u64,
    p1: u64,
) {
    let k = i as isize;
    f.add(46, &[dir, s.w(cue.start as isize), s.t(k)]);
    f.add(61, &[dir, p1, s.w(k)]);
    f.add(65, &[dir, s.w(cue.end as isize - 1), d]);
    if let Some(tree) = &s.tree {
        role_syntax(f, dir, s, tree, i, cue, p1);
    }
}

/// Role features of where token `i` hangs in the parse relative to the cue: below the cue's
/// head (and through which of its arcs: subject, complement clause, object), above it, or
/// beside it under a common ancestor (through which arcs on each side), or in another tree.
fn role_syntax(
    f: &mut Features,
    dir: u64,
    s: &EncodedSentence,
    tree: &parse::Tree,
    i: usize,
    cue: &Range<usize>,
    p1: u64,
) {
    // the cue's head: its token whose head lies outside it
    let head = cue
        .clone()
        .find(|&c| {
            tree.heads
                .get(c)
                .copied()
                .flatten()
                .is_none_or(|h| !cue.contains(&h))
        })
        .unwrap_or(cue.start);
    let label = |t: Option<usize>| {
        t.and_then(|t| tree.labels.get(t))
            .map_or(0, |l| *l as u64 + 1)
    };
    let (kind, toward_cue, toward_token) = if tree.dominates(head, i) {
        (1, 0, label(tree.child_toward(head, i)))
    } else if tree.dominates(i, head) {
        (2, label(tree.child_toward(i, head)), 0)
    } else {
        let mut up = tree.heads.get(i).copied().flatten();
        let mut meet = None;
        for _ in 0..tree.heads.len() {
            let Some(a) = up else { break };
            if tree.dominates(a, head) {
                meet = Some(a);
                break;
            }
            up = tree.heads.get(a).copied().flatten();
        }
        match meet {
            Some(a) => (
                3,
                label(tree.child_toward(a, head)),
                label(tree.child_toward(a, i)),
            ),
            None => (4, 0, 0),
        }
    };
    let own = label(Some(i));
    f.add(160, &[dir, kind, toward_cue, toward_token]);
    f.add(161, &[dir, kind, toward_token, p1]);
    f.add(162, &[kind, toward_cue, toward_token, s.t(i as isize)]);
    f.add(163, &[kind, toward_token, s.w(head as isize)]);
    f.add(164, &[dir, kind, toward_token, own]);
}

/// A cue found by the cue tagger: token range and the tagger's margin for its first token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundCue {
    /// Tokens of the cue.
    pub tokens: Range<usize>,
    /// Score of B minus the best other label at the first token.
    pub margin: f32,
}

impl Model {
    /// The model compiled into the binary, parsed once; `None` when whosaid was built without
    /// one (an empty `data/whosaid.model`).
    pub(crate) fn builtin() -> Result<Option<Arc<Model>>> {
        static PARSED: OnceLock<std::result::Result<Option<Arc<Model>>, String>> = OnceLock::new();
        PARSED
            .get_or_init(|| {
                if BUILTIN.is_empty() {
                    return Ok(None);
                }
                Model::read(BUILTIN)
                    .map(|m| Some(Arc::new(m)))
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(Error::BadModel)
    }

    /// Parses a model file.
    pub fn read(bytes: &[u8]) -> Result<Model> {
        let (mut input, with_ner) = match (bytes.strip_prefix(MAGIC), bytes.strip_prefix(MAGIC_V2))
        {
            (Some(rest), _) => (rest, true),
            (None, Some(rest)) => (rest, false),
            (None, None) => return Err(Error::BadModel("not a whosaid model file".into())),
        };
        let pos = Perceptron::read(&mut input)?;
        let tagdict = WordTable::read(&mut input)?;
        let cue = Perceptron::read(&mut input)?;
        let never_cue = WordTable::read(&mut input)?;
        let role = Perceptron::read(&mut input)?;
        let ner = if with_ner {
            Some(Perceptron::read(&mut input)?)
        } else {
            None
        };
        let parser = if with_ner && !input.is_empty() {
            Some((Perceptron::read(&mut input)?, Perceptron::read(&mut input)?))
        } else {
            None
        };
        let layout_ok = input.is_empty()
            && cue.labels().len() == CUE_LABELS.len()
            && role.labels().len() == ROLE_LABELS.len()
            && ner
                .as_ref()
                .is_none_or(|p| p.labels().len() == NER_LABELS.len())
            && parser
                .as_ref()
                .is_none_or(|(a, _)| a.labels().len() == parse::ACTIONS.len());
        if !layout_ok {
            return Err(Error::BadModel("unexpected layout".into()));
        }
        Ok(Model::new(
            Tagger::new(pos, tagdict),
            cue,
            never_cue,
            role,
            ner,
            parser,
        ))
    }

    /// A model from its parts, with the taggers' tables computed.
    fn new(
        tagger: Tagger,
        cue: Perceptron,
        never_cue: WordTable,
        role: Perceptron,
        ner: Option<Perceptron>,
        parser: Option<(Perceptron, Perceptron)>,
    ) -> Model {
        Model {
            ner,
            parser,
            cue_tables: CueTables::new(&cue, &tagger.tags),
            role_tables: RoleTables::new(&role, &tagger.tags),
            tagger,
            cue,
            never_cue,
            role,
        }
    }

    /// Serialises the model.
    pub fn write(&self) -> Vec<u8> {
        let mut out = if self.ner.is_some() { MAGIC } else { MAGIC_V2 }.to_vec();
        self.tagger.pos.write(&mut out);
        self.tagger.tagdict.write(&mut out);
        self.cue.write(&mut out);
        self.never_cue.write(&mut out);
        self.role.write(&mut out);
        if let Some(ner) = &self.ner {
            ner.write(&mut out);
            if let Some((arcs, labels)) = &self.parser {
                arcs.write(&mut out);
                labels.write(&mut out);
            }
        }
        out
    }

    /// Sizes of the parts: feature rows of the POS, cue, role, named-entity and parser
    /// (transitions plus labels) models, then entries of the tag dictionary and of the
    /// never-a-cue word list.
    pub fn sizes(&self) -> [usize; 7] {
        [
            self.tagger.pos.len(),
            self.cue.len(),
            self.role.len(),
            self.ner.as_ref().map_or(0, Perceptron::len),
            self.parser.as_ref().map_or(0, |(a, l)| a.len() + l.len()),
            self.tagger.tagdict.len(),
            self.never_cue.len(),
        ]
    }

    /// Cues of a tagged sentence.
    pub(crate) fn cues(&self, s: &EncodedSentence) -> Vec<FoundCue> {
        let mut f = Features::default();
        let mut out: Vec<FoundCue> = Vec::new();
        let mut prev = CUE_O;
        for i in 0..s.len() {
            if self.never_cue.get(s.w(i as isize)).is_some() {
                prev = CUE_O;
                continue;
            }
            let scores = self.cue_tables.scores(&self.cue, &mut f, s, i, prev);
            let mut best = argmax(&scores);
            if best == CUE_I && prev == CUE_O {
                best = CUE_B;
            }
            match best {
                CUE_B => {
                    let others = scores
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| *k != CUE_B)
                        .fold(f32::NEG_INFINITY, |m, (_, v)| m.max(*v));
                    let margin = scores.get(CUE_B).copied().unwrap_or(0.0) - others;
                    out.push(FoundCue {
                        tokens: i..i + 1,
                        margin,
                    });
                }
                CUE_I => {
                    if let Some(c) = out.last_mut() {
                        c.tokens.end = i + 1;
                    }
                }
                _ => {}
            }
            prev = best;
        }
        out
    }

    /// Attribution candidates for the sentences of a document, and the capitalised words the
    /// named-entity tagger labelled, in text order.
    pub(crate) fn candidates(
        &self,
        text: &str,
        sentences: &[Sentence],
    ) -> (Vec<Candidate>, Vec<NamedWord>) {
        let mut out = Vec::new();
        let mut named = Vec::new();
        for (si, sentence) in sentences.iter().enumerate() {
            if sentence.boilerplate {
                continue;
            }
            let mut s = EncodedSentence::new(text, sentence);
            self.tagger.tag(&mut s);
            if let Some(ner) = &self.ner {
                ner::tag(ner, &self.tagger.classes, &s, &mut named);
            }
            let cues = self.cues(&s);
            if cues.is_empty() {
                continue;
            }
            if let Some((arcs, labeller)) = &self.parser {
                s.tree = Some(parse::parse(arcs, labeller, &s));
            }
            let mut is_cue = vec![false; s.len()];
            for c in &cues {
                for flag in is_cue.iter_mut().take(c.tokens.end).skip(c.tokens.start) {
                    *flag = true;
                }
            }
            let between = Between::new(&s, &is_cue);
            let mut roles = RoleScorer::new(&self.role_tables, &self.role, &s, &between);
            for c in &cues {
                let labels = roles.labels(&c.tokens);
                if let Some(cand) = assemble(&s, si, c, &labels) {
                    out.push(cand);
                }
            }
        }
        ner::agree(text, &mut named);
        (out, named)
    }
}

/// Token runs with the given label, as token ranges.
fn runs(labels: &[usize], want: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if *l != want {
            continue;
        }
        match out.last_mut() {
            Some(r) if r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

fn bytes_of(s: &EncodedSentence, r: &Range<usize>) -> Option<Range<usize>> {
    let first = s.toks.get(r.start)?;
    let last = s.toks.get(r.end.checked_sub(1)?)?;
    Some(first.range.start..last.range.end)
}

/// Longest run of Outside words between two content runs that still joins them.
const MAX_GAP: usize = 2;

/// Turns one cue's role labels into a candidate: the source run nearest the cue, every content
/// run that holds a word.
fn assemble(
    s: &EncodedSentence,
    sentence: usize,
    cue: &FoundCue,
    labels: &[usize],
) -> Option<Candidate> {
    let is_word = |i: usize| s.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word);
    // a greedy tagger drops the odd word inside a clause ("as [an] effort [to] steady"): gaps of
    // up to two outside words between content runs are content too
    let mut bridged: Vec<Range<usize>> = Vec::new();
    for r in runs(labels, ROLE_C) {
        match bridged.last_mut() {
            Some(last)
                if r.start - last.end <= MAX_GAP
                    && (last.end..r.start)
                        .all(|i| labels.get(i) == Some(&ROLE_O) && !cue.tokens.contains(&i)) =>
            {
                last.end = r.end;
            }
            _ => bridged.push(r),
        }
    }
    let content: Vec<Range<usize>> = bridged
        .into_iter()
        .filter(|r| r.clone().any(is_word))
        .filter_map(|r| bytes_of(s, &r))
        .collect();
    if content.is_empty() {
        return None;
    }
    // "a dispute that pushed relations to a new low": a noun with a relative clause after it
    // ("that" or "which" and then a verb) is no cue, the clause no content
    let first_content = labels
        .iter()
        .enumerate()
        .skip(cue.tokens.end)
        .find(|(_, l)| **l == ROLE_C)
        .map(|(i, _)| i);
    let relative = first_content.is_some_and(|k| {
        k == cue.tokens.end
            && matches!(s.toks.get(k).map(|t| t.kind), Some(TokenKind::Word))
            && (s.w(k as isize) == h("that") || s.w(k as isize) == h("which"))
            && s.verb.get(k + 1).copied().unwrap_or(false)
    });
    let noun_cue = cue
        .tokens
        .clone()
        .all(|i| !s.verb.get(i).copied().unwrap_or(true));
    if relative && noun_cue {
        return None;
    }
    let source = runs(labels, ROLE_S)
        .into_iter()
        .filter(|r| r.clone().any(is_word))
        .min_by_key(|r| {
            if r.end <= cue.tokens.start {
                cue.tokens.start - r.end
            } else {
                r.start.saturating_sub(cue.tokens.end)
            }
        });
    // "export controls that Washington imposed", "the sanctions, which Washington announced":
    // a source right after a relative pronoun that follows a noun is the subject of a relative
    // clause, whose verb has the noun for its object, not a claim for its content
    if let Some(r) = &source
        && r.end == cue.tokens.start
        && let Some(rel) = r.start.checked_sub(1)
        && [h("that"), h("which"), h("whom")].contains(&s.w(rel as isize))
    {
        let noun = |k: isize| [h("NN"), h("NNS"), h("NNP"), h("NNPS")].contains(&s.t(k));
        let k = rel as isize - 1;
        if noun(k) || s.w(k) == h(",") && noun(k - 1) {
            return None;
        }
    }
    let source = source.and_then(|r| bytes_of(s, &r));
    let confidence = 1.0 / (1.0 + (-f64::from(cue.margin) / 4.0).exp());
    Some(Candidate::new(
        sentence,
        bytes_of(s, &cue.tokens)?,
        source,
        content,
        Rule::Model,
        (confidence * 100.0).round() / 100.0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    #[test]
    fn shapes_and_affixes() {
        let mut out = String::new();
        for (w, want) in [("Beijing", "Xx"), ("U.S.", "X.X."), ("2,500", "d,d")] {
            shape(w, &mut out);
            assert_eq!(out, want);
        }
        assert_eq!(suffix("said", 3), "aid");
        assert_eq!(suffix("é", 3), "é");
        assert_eq!(prefix("Ünited"), "Ü");
    }

    #[test]
    fn ascii_tokens_hash_as_their_strings() {
        let mut sh = String::new();
        for raw in [
            "Beijing", "U.S.", "2,500", "", "a", "AB12x", "'s", "--", "\0X", "said",
        ] {
            let lower = raw.to_ascii_lowercase();
            let got = word_hashes(raw, &lower, &mut sh);
            shape(raw, &mut sh);
            let want = [
                h(&lower),
                h(suffix(&lower, 3)),
                h(suffix(&lower, 2)),
                h(prefix(&lower)),
                h(&sh),
                h(stem(&lower)),
            ];
            assert_eq!(got, want, "{raw:?}");
        }
    }

    #[test]
    fn quotes_opened_before_the_sentence_count() {
        let text = "Talks will go on,” she said.";
        let s = EncodedSentence::new(text, &text::sentences(text)[0]);
        assert!(s.quoted.first().copied().unwrap_or(false));
        assert_eq!(s.len(), 9);
        assert!(!s.quoted.last().copied().unwrap_or(true));
    }

    #[test]
    fn runs_group_adjacent_labels() {
        assert_eq!(
            runs(&[0, 2, 2, 0, 2, 1], ROLE_C),
            vec![1..3, 4..5],
            "two content runs"
        );
    }

    #[test]
    fn short_gaps_inside_a_content_are_bridged() {
        let text = "Aides presented the visit as an effort to steady ties.";
        let s = EncodedSentence::new(text, &text::sentences(text)[0]);
        // Aides presented the visit as an effort to steady ties .
        let labels = [
            ROLE_S, ROLE_O, ROLE_C, ROLE_C, ROLE_C, ROLE_O, ROLE_C, ROLE_O, ROLE_C, ROLE_C, ROLE_O,
        ];
        let cue = FoundCue {
            tokens: 1..2,
            margin: 1.0,
        };
        let c = assemble(&s, 0, &cue, &labels).unwrap();
        let content: Vec<&str> = c
            .content
            .iter()
            .filter_map(|r| text.get(r.clone()))
            .collect();
        assert_eq!(content, vec!["the visit as an effort to steady ties"]);
        assert_eq!(c.source.and_then(|r| text.get(r)), Some("Aides"));
    }

    #[test]
    fn the_builtin_model_finds_a_plain_attribution() {
        let Some(model) = Model::builtin().unwrap() else {
            return;
        };
        let text = "The senator said that the bill would pass next week.";
        let sentences = text::sentences(text);
        let (c, _) = model.candidates(text, &sentences);
        let first = c.first().expect("one candidate");
        assert_eq!(text.get(first.cue.clone()), Some("said"));
        assert_eq!(
            first.source.clone().and_then(|r| text.get(r)),
            Some("The senator")
        );
        let content = first.content.first().and_then(|r| text.get(r.clone()));
        assert!(content.is_some_and(|c| c.contains("the bill would pass")));
    }

    #[test]
    fn the_builtin_model_reads_names() {
        let Some(model) = Model::builtin().unwrap() else {
            return;
        };
        let text =
            "Senator Maria Okafor told reporters in Chicago on Monday that she would vote no.";
        let (_, named) = model.candidates(text, &text::sentences(text));
        let kind = |w: &str| {
            named
                .iter()
                .find(|n| text.get(n.range.clone()) == Some(w))
                .map(|n| n.kind)
        };
        assert_eq!(kind("Okafor"), Some(Ner::Person));
        assert_eq!(kind("Chicago"), Some(Ner::Location));
        assert_eq!(kind("Monday"), Some(Ner::Time));
        // lowercase words are not read
        assert_eq!(kind("reporters"), None);
    }

    #[test]
    fn models_of_the_older_layout_still_load_without_a_name_tagger() {
        let Some(model) = Model::builtin().unwrap() else {
            return;
        };
        let mut old = model.as_ref().clone();
        old.ner = None;
        let bytes = old.write();
        assert!(bytes.starts_with(MAGIC_V2));
        let back = Model::read(&bytes).unwrap();
        assert_eq!(back.sizes().get(3), Some(&0));
        assert_eq!(Model::read(&model.write()).unwrap().sizes(), model.sizes());
    }
}
