//! Training the three models from a PolNeAR split: article text, brat standoff attributions
//! (Source / Cue / Content) and CoreNLP token files whose POS tags teach the tagger. Everything
//! is read through the same tokeniser and features the extractor uses; the order of training
//! examples is shuffled with a fixed seed, so one command always yields the same model file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::Path;

use super::ner::{self, NER_LABELS, Ner};
use super::parse;
use super::perceptron::{Features, Perceptron, Rng, Trainer, WordTable};
use super::{
    Between, CUE_B, CUE_I, CUE_LABELS, CUE_O, EncodedSentence, Model, ROLE_C, ROLE_CUE,
    ROLE_LABELS, ROLE_O, ROLE_S, ROLE_START, Tagger, cue_features, h, pos_features, role_features,
};
use crate::error::{Error, Result};
use crate::eval::{GoldDoc, load_polnear};
use crate::span::CharMap;
use crate::text;

/// Settings of a training run.
#[derive(Debug, Clone)]
pub struct TrainSettings {
    /// Seed of the shuffles.
    pub seed: u64,
    /// Passes over the data for each model.
    pub epochs: usize,
    /// Whether to train the dependency parser, which the role tagger then reads (off: the
    /// model has no parser, as the shipped one).
    pub parser: bool,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            seed: 1,
            epochs: 6,
            parser: true,
        }
    }
}

/// What a training run saw.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Articles read.
    pub articles: usize,
    /// Sentences read.
    pub sentences: usize,
    /// Tokens with a gold POS tag.
    pub pos_tokens: usize,
    /// Attributions with a cue, used to train the role tagger.
    pub attributions: usize,
}

/// One annotated attribution in code-point spans.
#[derive(Debug, Clone, Default)]
struct Gold {
    cue: Vec<Range<usize>>,
    source: Vec<Range<usize>>,
    content: Vec<Range<usize>>,
}

/// A sentence ready for training.
struct Example {
    sent: EncodedSentence,
    /// Code-point range of each token.
    chars: Vec<Range<usize>>,
    gold_tags: Vec<Option<String>>,
    /// Named-entity label of each token (index into `NER_LABELS`; Outside where CoreNLP said
    /// nothing).
    gold_ner: Vec<usize>,
    /// CoreNLP's dependency tree projected onto the tokens: head (None for a root) and label
    /// (None where no CoreNLP token starts the token's span).
    gold_heads: Vec<Option<usize>>,
    gold_deps: Vec<Option<String>>,
    cue_labels: Vec<usize>,
}

/// One CoreNLP token: code-point range, POS tag, named-entity class and its arc in the basic
/// dependencies (sentence number, token number, head token number with 0 for the root, label).
struct CoreTok {
    start: usize,
    end: usize,
    pos: String,
    ner: String,
    sentence: usize,
    index: usize,
    head: usize,
    deprel: String,
}

/// CoreNLP tokens sorted by start.
fn read_tokens(path: &Path) -> Result<Vec<CoreTok>> {
    let raw = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for line in raw.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if let (Some(s), Some(e), Some(pos)) = (cols.get(2), cols.get(3), cols.get(6))
            && let (Ok(start), Ok(end)) = (s.parse(), e.parse())
        {
            let num = |k: usize| cols.get(k).and_then(|v| v.parse().ok()).unwrap_or(0);
            out.push(CoreTok {
                start,
                end,
                pos: (*pos).to_owned(),
                ner: cols.get(7).copied().unwrap_or("O").to_owned(),
                sentence: num(0),
                index: num(1),
                head: num(8),
                deprel: cols.get(9).copied().unwrap_or("").to_owned(),
            });
        }
    }
    out.sort_by_key(|t| t.start);
    Ok(out)
}

fn covers(spans: &[Range<usize>], tok: &Range<usize>) -> bool {
    let len = tok.end.saturating_sub(tok.start).max(1);
    let inside: usize = spans
        .iter()
        .map(|s| tok.end.min(s.end).saturating_sub(tok.start.max(s.start)))
        .sum();
    inside * 2 >= len && inside > 0
}

/// The CoreNLP token for a token: the one that starts where it starts, or the one that
/// contains its start.
fn gold_token<'a>(tokens: &'a [CoreTok], tok: &Range<usize>) -> Option<&'a CoreTok> {
    let i = tokens
        .partition_point(|t| t.start <= tok.start)
        .checked_sub(1)?;
    let t = tokens.get(i)?;
    (t.start <= tok.start && tok.start < t.end).then_some(t)
}

/// CoreNLP's tree over the tokens of one sentence (code-point ranges `chars`): a token's head
/// is the token holding the start of its CoreNLP token's head; a token that shares its CoreNLP
/// token with the one before it (whosaid splits finer) hangs from that one; heads outside the
/// sentence (CoreNLP splits sentences differently) make roots.
fn gold_tree(
    corenlp: &[CoreTok],
    starts: &BTreeMap<(usize, usize), usize>,
    chars: &[Range<usize>],
) -> (Vec<Option<usize>>, Vec<Option<String>>) {
    let holding = |c: usize| chars.iter().position(|r| r.start <= c && c < r.end);
    let mut heads = Vec::with_capacity(chars.len());
    let mut deps = Vec::with_capacity(chars.len());
    let mut prev: Option<((usize, usize), usize)> = None;
    for (i, r) in chars.iter().enumerate() {
        let Some(t) = gold_token(corenlp, r) else {
            heads.push(None);
            deps.push(None);
            prev = None;
            continue;
        };
        let key = (t.sentence, t.index);
        if let Some((k, first)) = prev
            && k == key
        {
            heads.push(Some(first));
            deps.push(Some("dep".to_owned()));
            continue;
        }
        prev = Some((key, i));
        if t.head == 0 {
            heads.push(None);
            deps.push(Some("root".to_owned()));
            continue;
        }
        let head = starts
            .get(&(t.sentence, t.head))
            .and_then(|&c| holding(c))
            .filter(|&j| j != i);
        heads.push(head);
        deps.push(head.map(|_| t.deprel.clone()));
    }
    (heads, deps)
}

/// First contiguous piece of a cue: the cue the tagger learns to find.
fn cue_piece(g: &Gold) -> Option<Range<usize>> {
    g.cue.iter().min_by_key(|r| r.start).cloned()
}

struct Article {
    examples: Vec<Example>,
    golds: Vec<Gold>,
}

/// Gold spans in code points, from the scorer's reading of the annotations.
fn golds(doc: &GoldDoc) -> Vec<Gold> {
    let ranges = |spans: &[(i64, i64)]| -> Vec<Range<usize>> {
        let at = |v: i64| usize::try_from(v).unwrap_or(0);
        spans.iter().map(|(a, b)| at(*a)..at(*b)).collect()
    };
    doc.attributions
        .iter()
        .map(|a| Gold {
            cue: ranges(&a.cue),
            source: ranges(&a.source),
            content: ranges(&a.content),
        })
        .collect()
}

fn read_article(dir: &Path, stem: &str, doc: &GoldDoc) -> Result<Article> {
    let text = doc.text.as_str();
    let tok_path = dir.join("tokens").join(format!("{stem}.tsv"));
    let corenlp = if tok_path.exists() {
        read_tokens(&tok_path)?
    } else {
        Vec::new()
    };
    let golds = golds(doc);
    let map = CharMap::new(text);
    // where each CoreNLP token starts, by (sentence, token number)
    let starts: BTreeMap<(usize, usize), usize> = corenlp
        .iter()
        .map(|t| ((t.sentence, t.index), t.start))
        .collect();
    let mut examples = Vec::new();
    for sentence in text::sentences(text) {
        let sent = EncodedSentence::new(text, &sentence);
        let chars: Vec<Range<usize>> = sent
            .toks
            .iter()
            .map(|t| map.char_of(t.range.start)..map.char_of(t.range.end))
            .collect();
        let gold_tags = chars
            .iter()
            .map(|r| gold_token(&corenlp, r).map(|t| t.pos.clone()))
            .collect();
        let gold_ner = chars
            .iter()
            .map(|r| gold_token(&corenlp, r).map_or(0, |t| Ner::index_of_corenlp(&t.ner)))
            .collect();
        let (gold_heads, gold_deps) = gold_tree(&corenlp, &starts, &chars);
        let mut cue_labels = vec![CUE_O; chars.len()];
        for g in &golds {
            let Some(piece) = cue_piece(g) else { continue };
            let mut first = true;
            for (i, r) in chars.iter().enumerate() {
                if covers(std::slice::from_ref(&piece), r) {
                    if let Some(l) = cue_labels.get_mut(i)
                        && *l == CUE_O
                    {
                        *l = if first { CUE_B } else { CUE_I };
                    }
                    first = false;
                }
            }
        }
        examples.push(Example {
            sent,
            chars,
            gold_tags,
            gold_ner,
            gold_heads,
            gold_deps,
            cue_labels,
        });
    }
    Ok(Article { examples, golds })
}

/// A role-tagger example: a sentence, one gold cue in it and the gold label of every token.
struct RoleExample {
    sentence: usize,
    cue: Range<usize>,
    labels: Vec<usize>,
}

fn role_examples(article: &Article, offset: usize, out: &mut Vec<RoleExample>) {
    for g in &article.golds {
        let Some(piece) = cue_piece(g) else { continue };
        for (si, ex) in article.examples.iter().enumerate() {
            let cue_toks: Vec<usize> = (0..ex.chars.len())
                .filter(|&i| {
                    ex.chars
                        .get(i)
                        .is_some_and(|r| covers(std::slice::from_ref(&piece), r))
                })
                .collect();
            let (Some(&first), Some(&last)) = (cue_toks.first(), cue_toks.last()) else {
                continue;
            };
            let cue = first..last + 1;
            let labels = ex
                .chars
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    if cue.contains(&i) {
                        ROLE_O
                    } else if covers(&g.source, r) {
                        ROLE_S
                    } else if covers(&g.content, r) {
                        ROLE_C
                    } else {
                        ROLE_O
                    }
                })
                .collect();
            out.push(RoleExample {
                sentence: offset + si,
                cue,
                labels,
            });
            break;
        }
    }
}

/// Words seen at least this often are candidates for the two word lists.
const LEXICON_MIN_COUNT: usize = 10;

/// Slots of the hashed cue and role models (2^bits): a few times their feature counts, so
/// collisions are rare and lookups are one memory access.
const CUE_BITS: u8 = 19;
const POS_BITS: u8 = 16;
const ROLE_BITS: u8 = 18;
const NER_BITS: u8 = 17;
const PARSE_BITS: u8 = 19;
/// Mixed into the seed for the parser's shuffles, so adding it left the others' unchanged.
const PARSER_SEED: u64 = 0x7061_7273_6572;
const LABEL_BITS: u8 = 15;

/// A word is "never in a cue" when fewer than one in this many of its occurrences are.
const NEVER_CUE_RATIO: usize = 50;

/// Averaged weights smaller than this are dropped: a smaller, faster model at no measured cost.
const PRUNE: f32 = 0.5;

/// The tag dictionary (frequent words with one tag in at least 95% of their occurrences) and the
/// never-a-cue list (frequent words almost never inside a gold cue).
fn lexicons(examples: &[Example], tagset: &[&str]) -> (WordTable, WordTable) {
    let mut tags: BTreeMap<u64, BTreeMap<usize, usize>> = BTreeMap::new();
    let mut cue: BTreeMap<u64, (usize, usize)> = BTreeMap::new();
    for ex in examples {
        for i in 0..ex.sent.len() {
            let w = ex.sent.w(i as isize);
            if let Some(g) = ex.gold_tags.get(i).cloned().flatten()
                && let Some(t) = tagset.iter().position(|x| *x == g)
            {
                *tags.entry(w).or_default().entry(t).or_default() += 1;
            }
            let c = cue.entry(w).or_default();
            c.0 += 1;
            c.1 += usize::from(ex.cue_labels.get(i).is_some_and(|l| *l != CUE_O));
        }
    }
    let mut tagdict = WordTable::default();
    for (w, counts) in tags {
        let total: usize = counts.values().sum();
        if let Some((t, n)) = counts.into_iter().max_by_key(|(t, n)| (*n, usize::MAX - t))
            && total >= LEXICON_MIN_COUNT
            && n * 100 >= total * 95
        {
            tagdict.insert(w, t as u16);
        }
    }
    let mut never = WordTable::default();
    for (w, (seen, in_cue)) in cue {
        // rare slips (a "the" inside "the outlook is", once in 500) cost less than tagging
        // every such word
        if seen >= LEXICON_MIN_COUNT && in_cue * NEVER_CUE_RATIO < seen {
            never.insert(w, 0);
        }
    }
    (tagdict, never)
}

/// Trains the POS, cue and role models on a PolNeAR split (`text/`, `attributions/`,
/// `tokens/`). `progress` hears about each stage.
pub fn train(
    dir: &Path,
    settings: &TrainSettings,
    mut progress: impl FnMut(&str),
) -> Result<(Model, TrainReport)> {
    let gold = load_polnear(dir)?;
    let mut report = TrainReport::default();
    let mut examples: Vec<Example> = Vec::new();
    let mut roles: Vec<RoleExample> = Vec::new();
    for (stem, doc) in &gold.docs {
        let article = read_article(dir, stem, doc)?;
        role_examples(&article, examples.len(), &mut roles);
        report.articles += 1;
        examples.extend(article.examples);
    }
    report.sentences = examples.len();
    report.attributions = roles.len();
    report.pos_tokens = examples
        .iter()
        .map(|e| e.gold_tags.iter().flatten().count())
        .sum();
    progress(&format!(
        "read {} articles, {} sentences, {} tagged tokens, {} attributions",
        report.articles, report.sentences, report.pos_tokens, report.attributions
    ));
    // one random stream and one shuffled order shared by the phases, in this order, so a seed
    // always gives the same model
    let mut run = Run {
        epochs: settings.epochs,
        rng: Rng::new(settings.seed),
        order: (0..examples.len()).collect(),
        f: Features::default(),
    };
    let (tagger, never_cue) = run.pos(dir, &mut examples, &mut progress)?;
    let cue = run.cues(&examples, &mut progress);
    // the parser, with shuffles of its own, then a parse of every sentence for the roles
    let parser = settings.parser.then(|| {
        let mut parser_rng = Rng::new(settings.seed ^ PARSER_SEED);
        let (arcs, labeller) = train_parser(&examples, settings, &mut parser_rng, &mut progress);
        for ex in &mut examples {
            ex.sent.tree = Some(parse::parse(&arcs, &labeller, &ex.sent));
        }
        (arcs, labeller)
    });
    let role = run.roles(&examples, &roles, &mut progress);
    // named entities, last, so the shuffles of the models above stay what they were
    let ner = run.ner(&examples, &mut progress);
    Ok((
        Model::new(tagger, cue, never_cue, role, Some(ner), parser),
        report,
    ))
}

/// The state the training phases share: the epochs, the random stream, the shuffled order of
/// the sentences and the feature buffer.
struct Run {
    epochs: usize,
    rng: Rng,
    order: Vec<usize>,
    f: Features,
}

impl Run {
    /// The part-of-speech tagger, which then tags every sentence, and the tag dictionary and
    /// never-a-cue words.
    fn pos(
        &mut self,
        dir: &Path,
        examples: &mut [Example],
        progress: &mut impl FnMut(&str),
    ) -> Result<(Tagger, WordTable)> {
        let tagset: BTreeSet<&str> = examples
            .iter()
            .flat_map(|e| e.gold_tags.iter().flatten().map(String::as_str))
            .collect();
        let tagset: Vec<&str> = tagset.into_iter().collect();
        if tagset.is_empty() {
            return Err(Error::BadEvalInput {
                path: dir.join("tokens"),
                message: "no CoreNLP token files (<stem>.tsv with a pos column) to learn tags from"
                    .into(),
            });
        }
        let f = &mut self.f;
        let mut pos = Trainer::new(&tagset, POS_BITS);
        let mut scores = vec![0f32; tagset.len()];
        for epoch in 0..self.epochs {
            self.rng.shuffle(&mut self.order);
            let (mut right, mut total) = (0usize, 0usize);
            for &k in &self.order {
                let Some(ex) = examples.get(k) else { continue };
                let (mut p1, mut p2) = (h("<s>"), h("<s>"));
                for i in 0..ex.sent.len() {
                    pos_features(f, &ex.sent, i, p1, p2);
                    let guess = pos.predict(&f.keys, &mut scores);
                    let gold = ex
                        .gold_tags
                        .get(i)
                        .cloned()
                        .flatten()
                        .and_then(|g| tagset.iter().position(|t| *t == g));
                    if let Some(g) = gold {
                        pos.update(&f.keys, g, guess);
                        right += usize::from(g == guess);
                        total += 1;
                    }
                    p2 = p1;
                    p1 = h(tagset.get(guess).copied().unwrap_or("NN"));
                }
            }
            progress(&format!(
                "pos epoch {}: {:.4} training accuracy",
                epoch + 1,
                right as f64 / total.max(1) as f64
            ));
        }
        let pos = pos.finish(PRUNE);
        let (tagdict, never_cue) = lexicons(examples, &tagset);
        let tagger = Tagger::new(pos, tagdict);
        for ex in examples.iter_mut() {
            tagger.tag(&mut ex.sent);
        }
        Ok((tagger, never_cue))
    }

    /// The cue tagger.
    fn cues(&mut self, examples: &[Example], progress: &mut impl FnMut(&str)) -> Perceptron {
        let f = &mut self.f;
        let mut cue = Trainer::new(CUE_LABELS, CUE_BITS);
        let mut scores = [0f32; 3];
        for epoch in 0..self.epochs {
            self.rng.shuffle(&mut self.order);
            let mut errors = 0usize;
            for &k in &self.order {
                let Some(ex) = examples.get(k) else { continue };
                let mut prev = CUE_O;
                for i in 0..ex.sent.len() {
                    cue_features(f, &ex.sent, i, prev);
                    let guess = cue.predict(&f.keys, &mut scores);
                    let gold = ex.cue_labels.get(i).copied().unwrap_or(CUE_O);
                    cue.update(&f.keys, gold, guess);
                    errors += usize::from(gold != guess);
                    prev = guess;
                }
            }
            progress(&format!("cue epoch {}: {errors} token errors", epoch + 1));
        }
        cue.finish(PRUNE)
    }

    /// The role tagger (source and content around a gold cue), over the attributions.
    fn roles(
        &mut self,
        examples: &[Example],
        roles: &[RoleExample],
        progress: &mut impl FnMut(&str),
    ) -> Perceptron {
        let f = &mut self.f;
        let mut role = Trainer::new(ROLE_LABELS, ROLE_BITS);
        let mut scores = [0f32; 3];
        let mut order: Vec<usize> = (0..roles.len()).collect();
        for epoch in 0..self.epochs {
            self.rng.shuffle(&mut order);
            let mut errors = 0usize;
            for &k in &order {
                let Some(r) = roles.get(k) else { continue };
                let Some(ex) = examples.get(r.sentence) else {
                    continue;
                };
                let is_cue: Vec<bool> = ex.cue_labels.iter().map(|l| *l != CUE_O).collect();
                let between = Between::new(&ex.sent, &is_cue);
                let (mut p1, mut p2) = (ROLE_START, ROLE_START);
                for i in 0..ex.sent.len() {
                    if r.cue.contains(&i) {
                        p2 = p1;
                        p1 = ROLE_CUE;
                        continue;
                    }
                    role_features(f, &ex.sent, &between, i, &r.cue, p1, p2);
                    let guess = role.predict(&f.keys, &mut scores);
                    let gold = r.labels.get(i).copied().unwrap_or(ROLE_O);
                    role.update(&f.keys, gold, guess);
                    errors += usize::from(gold != guess);
                    p2 = p1;
                    p1 = guess;
                }
            }
            progress(&format!("role epoch {}: {errors} token errors", epoch + 1));
        }
        role.finish(PRUNE)
    }

    /// The named-entity tagger, over capitalised words.
    fn ner(&mut self, examples: &[Example], progress: &mut impl FnMut(&str)) -> Perceptron {
        let f = &mut self.f;
        let mut ner = Trainer::new(NER_LABELS, NER_BITS);
        let mut scores = vec![0f32; NER_LABELS.len()];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for epoch in 0..self.epochs {
            self.rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &k in &order {
                let Some(ex) = examples.get(k) else { continue };
                let mut prev = 0;
                for i in 0..ex.sent.len() {
                    if !ner::is_target(&ex.sent, i) {
                        prev = 0;
                        continue;
                    }
                    ner::ner_features(f, &ex.sent, i, prev);
                    let guess = ner.predict(&f.keys, &mut scores);
                    let gold = ex.gold_ner.get(i).copied().unwrap_or(0);
                    ner.update(&f.keys, gold, guess);
                    right += usize::from(gold == guess);
                    total += 1;
                    prev = guess;
                }
            }
            progress(&format!(
                "ner epoch {}: {:.4} training accuracy on capitalised words",
                epoch + 1,
                right as f64 / total.max(1) as f64
            ));
        }
        ner.finish(PRUNE)
    }
}

/// Whether the static oracle's transitions rebuild the gold tree of `ex` (it is projective
/// and whole): only such sentences teach the parser.
fn parsable(ex: &Example) -> bool {
    let mut st = parse::State::new(ex.sent.len());
    while !st.done() {
        st.apply(st.oracle(&ex.gold_heads));
    }
    st.heads == ex.gold_heads
}

/// Trains the transition scorer (following the oracle, updating where the best valid action
/// differs from it) and the arc labeller (on the gold arcs).
fn train_parser(
    examples: &[Example],
    settings: &TrainSettings,
    rng: &mut Rng,
    progress: &mut impl FnMut(&str),
) -> (Perceptron, Perceptron) {
    let trees: Vec<usize> = (0..examples.len())
        .filter(|&k| examples.get(k).is_some_and(parsable))
        .collect();
    let labels = parse::ARC_LABELS;
    progress(&format!(
        "parser: {} of {} sentences projective and whole, {} arc labels",
        trees.len(),
        examples.len(),
        labels.len()
    ));
    let mut f = Features::default();
    let mut arcs = Trainer::new(parse::ACTIONS, PARSE_BITS);
    let mut labeller = Trainer::new(labels, LABEL_BITS);
    let mut scores = vec![0f32; parse::ACTIONS.len()];
    let mut label_scores = vec![0f32; labels.len()];
    let mut order = trees;
    // a parser needs more passes than the taggers to settle
    for epoch in 0..settings.epochs * 2 {
        rng.shuffle(&mut order);
        let (mut errors, mut label_errors) = (0usize, 0usize);
        for &k in &order {
            let Some(ex) = examples.get(k) else { continue };
            let mut st = parse::State::new(ex.sent.len());
            while !st.done() {
                parse::arc_features(&mut f, &ex.sent, &st);
                arcs.predict(&f.keys, &mut scores);
                let costs = st.costs(&ex.gold_heads);
                let best_of = |ok: &dyn Fn(usize) -> bool| {
                    (0..parse::ACTIONS.len()).filter(|&a| ok(a)).fold(
                        None,
                        |best: Option<usize>, a| match best {
                            Some(b) if scores.get(b) >= scores.get(a) => Some(b),
                            _ => Some(a),
                        },
                    )
                };
                let Some(guess) = best_of(&|a| st.valid(a)) else {
                    break;
                };
                // the best-scoring action that loses no more arcs than any other
                let least = costs.iter().copied().min().unwrap_or(0);
                let gold = best_of(&|a| costs.get(a) == Some(&least)).unwrap_or(guess);
                arcs.update(&f.keys, gold, guess);
                errors += usize::from(gold != guess);
                // from the second pass on, follow the model's own choice: it learns to
                // recover from its mistakes
                st.apply(if epoch > 0 { guess } else { gold });
            }
            for (d, hd) in ex.gold_heads.iter().enumerate() {
                let (Some(hd), Some(Some(dep))) = (hd, ex.gold_deps.get(d)) else {
                    continue;
                };
                let Some(gold) = labels.iter().position(|l| *l == parse::fold_label(dep)) else {
                    continue;
                };
                parse::label_features(&mut f, &ex.sent, *hd, d);
                let guess = labeller.predict(&f.keys, &mut label_scores);
                labeller.update(&f.keys, gold, guess);
                label_errors += usize::from(gold != guess);
            }
        }
        progress(&format!(
            "parser epoch {}: {errors} transition errors, {label_errors} label errors",
            epoch + 1
        ));
    }
    (arcs.finish(PRUNE), labeller.finish(PRUNE))
}

/// How the POS tagger, named-entity tagger and parser of a model do on the CoreNLP tokens of a
/// split.
#[derive(Debug, Clone, Default)]
pub struct TaggerScores {
    /// Tokens with a CoreNLP POS tag.
    pub pos_tokens: usize,
    /// Share of them tagged as CoreNLP did.
    pub pos_accuracy: f64,
    /// Capitalised words (the named-entity tagger labels only those).
    pub ner_tokens: usize,
    /// Share of them labelled as CoreNLP's class folded into the tagger's labels.
    pub ner_accuracy: f64,
    /// Per label other than Outside: (label, precision, recall, F1) over capitalised words.
    pub ner_labels: Vec<(String, f64, f64, f64)>,
    /// Tokens with a CoreNLP head in the same sentence (or the root), punctuation left out.
    pub parse_tokens: usize,
    /// Unlabelled attachment score over them: share with the right head.
    pub uas: f64,
    /// Labelled attachment score: share with the right head and label.
    pub las: f64,
    /// Gold cues the role tagger was run on.
    pub role_cues: usize,
    /// Tokens of their sentences outside the cue.
    pub role_tokens: usize,
    /// Share of those tokens labelled Source, Content or Outside as the gold has them.
    pub role_accuracy: f64,
    /// Share of gold cues whose source tokens are exactly right (no source when none).
    pub role_source_exact: f64,
    /// Share of gold cues whose content tokens are exactly right.
    pub role_content_exact: f64,
}

/// Scores the model's POS and named-entity taggers and its parser on a PolNeAR split's CoreNLP tokens (the
/// dev split, to report what training cannot).
pub fn score_taggers(model: &Model, dir: &Path) -> Result<TaggerScores> {
    let gold = load_polnear(dir)?;
    let mut out = TaggerScores::default();
    let (mut pos_right, mut ner_right) = (0usize, 0usize);
    let (mut heads_right, mut labels_right) = (0usize, 0usize);
    let n = NER_LABELS.len();
    // per label: predicted, gold, both
    let mut counts = vec![(0usize, 0usize, 0usize); n];
    let (mut role_right, mut source_same, mut content_same) = (0usize, 0usize, 0usize);
    for (stem, doc) in &gold.docs {
        let mut article = read_article(dir, stem, doc)?;
        let mut roles = Vec::new();
        role_examples(&article, 0, &mut roles);
        for ex in &mut article.examples {
            model.tagger.tag(&mut ex.sent);
            if let Some((arcs, labeller)) = &model.parser {
                ex.sent.tree = Some(parse::parse(arcs, labeller, &ex.sent));
            }
        }
        // the role tagger given each gold cue
        for r in &roles {
            let Some(ex) = article.examples.get(r.sentence) else {
                continue;
            };
            let is_cue: Vec<bool> = ex.cue_labels.iter().map(|l| *l != CUE_O).collect();
            let between = Between::new(&ex.sent, &is_cue);
            let mut scorer =
                super::RoleScorer::new(&model.role_tables, &model.role, &ex.sent, &between);
            let got = scorer.labels(&r.cue);
            let outside_cue = |i: &usize| !r.cue.contains(i);
            let n = r.labels.len();
            out.role_tokens += (0..n).filter(outside_cue).count();
            role_right += (0..n)
                .filter(outside_cue)
                .filter(|&i| got.get(i) == r.labels.get(i))
                .count();
            let same = |label: usize| {
                (0..n).all(|i| (got.get(i) == Some(&label)) == (r.labels.get(i) == Some(&label)))
            };
            out.role_cues += 1;
            source_same += usize::from(same(ROLE_S));
            content_same += usize::from(same(ROLE_C));
        }
        for ex in article.examples {
            for (i, g) in ex.gold_tags.iter().enumerate() {
                let Some(g) = g else { continue };
                out.pos_tokens += 1;
                let code = ex.sent.code(i as isize);
                let guess = code
                    .checked_sub(super::TAG_FIRST)
                    .and_then(|c| model.tagger.pos.labels().get(c));
                pos_right += usize::from(guess == Some(g));
            }
            if let (Some((_, labeller)), Some(tree)) = (&model.parser, &ex.sent.tree) {
                for (d, gold) in ex.gold_deps.iter().enumerate() {
                    let Some(gold) = gold.as_deref().filter(|l| *l != "punct") else {
                        continue;
                    };
                    out.parse_tokens += 1;
                    let head = tree.heads.get(d) == ex.gold_heads.get(d);
                    let label = tree
                        .labels
                        .get(d)
                        .and_then(|&l| labeller.labels().get(l))
                        .is_some_and(|l| l == parse::fold_label(gold));
                    heads_right += usize::from(head);
                    labels_right += usize::from(head && label);
                }
            }
            let Some(ner) = &model.ner else { continue };
            let mut words = Vec::new();
            ner::tag(ner, &model.tagger.classes, &ex.sent, &mut words);
            let targets = (0..ex.sent.len()).filter(|&i| ner::is_target(&ex.sent, i));
            for (i, w) in targets.zip(&words) {
                let truth = ex.gold_ner.get(i).copied().unwrap_or(0);
                let guess = w.kind.index();
                out.ner_tokens += 1;
                ner_right += usize::from(truth == guess);
                if let Some(c) = counts.get_mut(guess) {
                    c.0 += 1;
                }
                if let Some(c) = counts.get_mut(truth) {
                    c.1 += 1;
                    c.2 += usize::from(truth == guess);
                }
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    out.pos_accuracy = ratio(pos_right, out.pos_tokens);
    out.ner_accuracy = ratio(ner_right, out.ner_tokens);
    out.uas = ratio(heads_right, out.parse_tokens);
    out.role_accuracy = ratio(role_right, out.role_tokens);
    out.role_source_exact = ratio(source_same, out.role_cues);
    out.role_content_exact = ratio(content_same, out.role_cues);
    out.las = ratio(labels_right, out.parse_tokens);
    out.ner_labels = NER_LABELS
        .iter()
        .zip(&counts)
        .skip(1)
        .map(|(l, &(pred, truth, both))| {
            let (p, r) = (ratio(both, pred), ratio(both, truth));
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            ((*l).to_string(), p, r, f)
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_coverage_needs_half_the_token() {
        assert!(covers(std::slice::from_ref(&(0..10)), &(2..6)));
        assert!(covers(std::slice::from_ref(&(0..4)), &(2..6)));
        assert!(!covers(std::slice::from_ref(&(0..3)), &(2..6)));
        assert!(!covers(&[], &(2..6)));
    }

    /// A sentence of our own with its tree, as training reads it.
    fn example(text: &str, heads: &[Option<usize>], deps: &[&str]) -> Example {
        let sentence = text::sentences(text).remove(0);
        let sent = EncodedSentence::new(text, &sentence);
        assert_eq!(sent.len(), heads.len(), "{text}");
        Example {
            chars: sent.toks.iter().map(|t| t.range.clone()).collect(),
            gold_tags: vec![None; heads.len()],
            gold_ner: vec![0; heads.len()],
            gold_heads: heads.to_vec(),
            gold_deps: deps.iter().map(|d| Some((*d).to_owned())).collect(),
            cue_labels: vec![CUE_O; heads.len()],
            sent,
        }
    }

    #[test]
    fn the_parser_learns_the_trees_it_is_shown() {
        let examples = vec![
            // Officials said talks went well .
            example(
                "Officials said talks went well.",
                &[Some(1), None, Some(3), Some(1), Some(3), Some(1)],
                &["nsubj", "root", "nsubj", "ccomp", "advmod", "punct"],
            ),
            // The minister denied the report .
            example(
                "The minister denied the report.",
                &[Some(1), Some(2), None, Some(4), Some(2), Some(2)],
                &["det", "nsubj", "root", "det", "dobj", "punct"],
            ),
        ];
        assert!(examples.iter().all(parsable));
        let settings = TrainSettings {
            epochs: 10,
            ..TrainSettings::default()
        };
        let (arcs, labeller) = train_parser(
            &examples,
            &settings,
            &mut Rng::new(settings.seed),
            &mut |_| {},
        );
        for ex in &examples {
            let tree = parse::parse(&arcs, &labeller, &ex.sent);
            assert_eq!(tree.heads, ex.gold_heads);
            let labels: Vec<Option<&str>> = tree
                .labels
                .iter()
                .zip(&tree.heads)
                .map(|(l, hd)| {
                    hd.map(|_| labeller.labels().get(*l).map_or("", String::as_str))
                        .or(Some("root"))
                })
                .collect();
            let gold: Vec<Option<&str>> = ex
                .gold_deps
                .iter()
                .map(|d| d.as_deref().map(parse::fold_label))
                .collect();
            assert_eq!(labels, gold);
        }
    }

    #[test]
    fn a_non_projective_tree_teaches_nothing() {
        // arcs 0 -> 2 and 1 -> 3 cross
        let ex = example(
            "Aa bb cc dd",
            &[Some(2), Some(3), None, Some(2)],
            &["x", "x", "root", "x"],
        );
        assert!(!parsable(&ex));
    }
}
