//! Scores of the taggers' small-valued features, computed ahead of time.
//!
//! Most features of the cue and role taggers join a few values with short ranges: a side, a
//! distance bucket, a POS tag, the previous labels, counts of 0, 1 or 2+. For each group of
//! such features (the `cue_*` and `role_*` functions of the parent module, which training uses
//! too) a [`Table`] holds the summed weights for every combination of values, read from the
//! hashed model when it is loaded; [`PosHistory`] does the same for the POS tagger's features
//! of the two previous tags. Tagging then reads one row per group instead of hashing each
//! feature and reading a random row of a table of megabytes. Features of words stay hashed;
//! those that depend only on a token or only on a cue are summed once per sentence or per cue.
//! Weights are summed as integers, so the scores are exactly the hashed model's.

use std::ops::Range;

use super::perceptron::{Features, Perceptron, argmax};
use super::{
    Between, DISTANCES, EncodedSentence, ROLE_CUE, ROLE_O, ROLE_START, RoleAt, cue_state,
    cue_tags_after, cue_tags_before, cue_words, pos_history, role_between, role_cue_tag,
    role_cue_words, role_dist_tag, role_edge, role_history, role_pair, role_tag, role_tags_after,
    role_tags_before, role_token_words,
};

/// Summed weights (three labels) of one feature group for every combination of its `D`
/// values, the last value varying fastest.
#[derive(Debug, Clone)]
pub(super) struct Table<const D: usize> {
    dims: [usize; D],
    rows: Vec<[i32; 3]>,
}

impl<const D: usize> Table<D> {
    /// Tabulates the features `emit` adds for each combination of values below `dims`.
    fn new(
        p: &Perceptron,
        dims: [usize; D],
        mut emit: impl FnMut([usize; D], &mut Features),
    ) -> Self {
        let total: usize = dims.iter().product();
        let mut rows = Vec::with_capacity(total);
        let mut f = Features::default();
        let mut at = [0usize; D];
        for _ in 0..total {
            f.clear();
            emit(at, &mut f);
            let mut acc = [0i32; 3];
            p.sum3(&f.keys, &mut acc);
            rows.push(acc);
            for (v, n) in at.iter_mut().zip(&dims).rev() {
                *v += 1;
                if *v < *n {
                    break;
                }
                *v = 0;
            }
        }
        Table { dims, rows }
    }

    /// The summed weights for the values `at`.
    fn get(&self, at: [usize; D]) -> [i32; 3] {
        let mut row = 0;
        for (v, n) in at.iter().zip(&self.dims) {
            debug_assert!(v < n, "value {v} out of its range {n}");
            row = row * n + v;
        }
        self.rows.get(row).copied().unwrap_or_default()
    }
}

fn add(acc: &mut [i32; 3], more: [i32; 3]) {
    for (a, m) in acc.iter_mut().zip(more) {
        *a += m;
    }
}

/// The hash a tag code stands for.
fn tag(tags: &[u64], code: usize) -> u64 {
    tags.get(code).copied().unwrap_or(0)
}

/// The POS tagger's summed weights of `pos_history` (the two previous tags) for every pair of
/// tag codes: one row of label weights per pair, as wide as the model's rows.
#[derive(Debug, Clone)]
pub(super) struct PosHistory {
    codes: usize,
    width: usize,
    rows: Vec<i32>,
}

impl PosHistory {
    /// The table of the POS model `p`, whose tag codes stand for `tags`.
    pub(super) fn new(p: &Perceptron, tags: &[u64]) -> PosHistory {
        let (codes, width) = (tags.len(), p.width());
        let mut rows = vec![0i32; codes * codes * width];
        let mut f = Features::default();
        for (pair, row) in rows.chunks_mut(width.max(1)).enumerate() {
            f.clear();
            pos_history(&mut f, tag(tags, pair % codes), tag(tags, pair / codes));
            p.sum(&f.keys, row);
        }
        PosHistory { codes, width, rows }
    }

    /// Writes the row for the tag codes of the two previous tokens into `acc`.
    pub(super) fn row(&self, before: usize, previous: usize, acc: &mut [i32]) {
        let start = (before * self.codes + previous) * self.width;
        let row = self.rows.get(start..start + self.width).unwrap_or_default();
        acc.fill(0);
        for (a, r) in acc.iter_mut().zip(row) {
            *a = *r;
        }
    }
}

/// Cue labels: O, B, I.
const CUE_LABEL_COUNT: usize = 3;

/// The cue tagger's tables.
#[derive(Debug, Clone)]
pub(super) struct CueTables {
    /// `cue_state`: previous label, quotation flag, tag.
    state: Table<3>,
    /// `cue_tags_before`: previous tag, tag.
    before: Table<2>,
    /// `cue_tags_after`: tag, next tag.
    after: Table<2>,
}

impl CueTables {
    /// Tables of the cue model `p`, whose tag codes stand for `tags`.
    pub(super) fn new(p: &Perceptron, tags: &[u64]) -> CueTables {
        let n = tags.len();
        CueTables {
            state: Table::new(p, [CUE_LABEL_COUNT, 2, n], |[prev, q, t], f| {
                cue_state(f, prev as u64, q as u64, tag(tags, t));
            }),
            before: Table::new(p, [n, n], |[a, b], f| {
                cue_tags_before(f, tag(tags, a), tag(tags, b));
            }),
            after: Table::new(p, [n, n], |[a, b], f| {
                cue_tags_after(f, tag(tags, a), tag(tags, b));
            }),
        }
    }

    /// Scores of token `i` of `s` for each cue label, given the previous label.
    pub(super) fn scores(
        &self,
        p: &Perceptron,
        f: &mut Features,
        s: &EncodedSentence,
        i: usize,
        prev: usize,
    ) -> [f32; 3] {
        let k = i as isize;
        let q = usize::from(s.quoted.get(i).copied().unwrap_or(false));
        let t = s.code(k);
        let mut acc = self.state.get([prev, q, t]);
        add(&mut acc, self.before.get([s.code(k - 1), t]));
        add(&mut acc, self.after.get([t, s.code(k + 1)]));
        f.clear();
        cue_words(f, s, i, prev as u64, q as u64);
        p.sum3(&f.keys, &mut acc);
        p.scale3(acc)
    }
}

/// Previous-label values of the role features: the three labels, a cue token, the start.
const ROLE_HISTORY: usize = ROLE_START + 1;

/// The role tagger's tables.
#[derive(Debug, Clone)]
pub(super) struct RoleTables {
    /// `role_history`: side, distance, previous label, the one before.
    history: Table<4>,
    /// `role_tag`: side, tag, previous label, "in another cue".
    tag: Table<4>,
    /// `role_dist_tag`: side, distance, tag.
    dist_tag: Table<3>,
    /// `role_between`: side, commas, verbs, cue tokens, quotation marks, quotation state,
    /// previous label.
    between: Table<7>,
    /// `role_cue_tag`: side, the cue's tag, commas, previous label.
    cue_tag: Table<4>,
    /// `role_tags_before`: side, previous tag, tag.
    before: Table<3>,
    /// `role_tags_after`: side, tag, next tag.
    after: Table<3>,
    /// `role_edge`: side, first token, last token.
    edge: Table<3>,
}

impl RoleTables {
    /// Tables of the role model `p`, whose tag codes stand for `tags`.
    pub(super) fn new(p: &Perceptron, tags: &[u64]) -> RoleTables {
        let n = tags.len();
        let dir = |side: usize| side as u64 + 1;
        let dist = |d: usize| DISTANCES.get(d).copied().unwrap_or(0);
        let (h, d) = (ROLE_HISTORY, DISTANCES.len());
        RoleTables {
            history: Table::new(p, [2, d, h, h], |[side, dd, p1, p2], f| {
                role_history(f, dir(side), dist(dd), p1 as u64, p2 as u64);
            }),
            tag: Table::new(p, [2, n, h, 2], |[side, t, p1, other], f| {
                role_tag(f, dir(side), tag(tags, t), p1 as u64, other as u64);
            }),
            dist_tag: Table::new(p, [2, d, n], |[side, dd, t], f| {
                role_dist_tag(f, dir(side), dist(dd), tag(tags, t));
            }),
            between: Table::new(p, [2, 3, 3, 3, 3, 4, h], |[side, c, v, k, q, qs, p1], f| {
                let counts = [c, v, k, q].map(|x| x as u64);
                role_between(f, dir(side), counts, qs as u64, p1 as u64);
            }),
            cue_tag: Table::new(p, [2, n, 3, h], |[side, ct, commas, p1], f| {
                role_cue_tag(f, dir(side), tag(tags, ct), commas as u64, p1 as u64);
            }),
            before: Table::new(p, [2, n, n], |[side, a, b], f| {
                role_tags_before(f, dir(side), tag(tags, a), tag(tags, b));
            }),
            after: Table::new(p, [2, n, n], |[side, a, b], f| {
                role_tags_after(f, dir(side), tag(tags, a), tag(tags, b));
            }),
            edge: Table::new(p, [2, 2, 2], |[side, first, last], f| {
                role_edge(f, dir(side), first == 1, last == 1);
            }),
        }
    }
}

/// One cue being labelled: its tokens, its first tag and the summed weights of its words on
/// each side.
#[derive(Debug)]
struct CueAt<'c> {
    tokens: &'c Range<usize>,
    tag: usize,
    words: [[i32; 3]; 2],
}

/// Labels the tokens of one sentence for each of its cues, remembering the sums of the
/// features that do not depend on the cue.
#[derive(Debug)]
pub(super) struct RoleScorer<'a> {
    tables: &'a RoleTables,
    p: &'a Perceptron,
    s: &'a EncodedSentence,
    b: &'a Between,
    f: Features,
    /// Cue-independent sums per token and side, once computed.
    memo: Vec<Option<[i32; 3]>>,
}

impl<'a> RoleScorer<'a> {
    /// A scorer for the sentence `s` with the role model `p` and its tables.
    pub(super) fn new(
        tables: &'a RoleTables,
        p: &'a Perceptron,
        s: &'a EncodedSentence,
        b: &'a Between,
    ) -> RoleScorer<'a> {
        RoleScorer {
            tables,
            p,
            s,
            b,
            f: Features::default(),
            memo: vec![None; 2 * s.len()],
        }
    }

    /// Role labels (Outside, Source, Content) of every token for the cue at tokens `cue`,
    /// greedily left to right; cue tokens are Outside.
    pub(super) fn labels(&mut self, cue: &Range<usize>) -> Vec<usize> {
        let cue = self.cue(cue);
        let mut out = Vec::with_capacity(self.s.len());
        let (mut p1, mut p2) = (ROLE_START, ROLE_START);
        for i in 0..self.s.len() {
            let (label, history) = if cue.tokens.contains(&i) {
                (ROLE_O, ROLE_CUE)
            } else {
                let best = argmax(&self.p.scale3(self.sum(&cue, i, p1, p2)));
                (best, best)
            };
            p2 = p1;
            p1 = history;
            out.push(label);
        }
        out
    }

    fn cue<'c>(&mut self, tokens: &'c Range<usize>) -> CueAt<'c> {
        let words = [1, 2].map(|dir| {
            self.f.clear();
            role_cue_words(&mut self.f, dir, self.s, tokens);
            let mut acc = [0i32; 3];
            self.p.sum3(&self.f.keys, &mut acc);
            acc
        });
        CueAt {
            tokens,
            tag: self.s.code(tokens.start as isize),
            words,
        }
    }

    /// Summed weights of every role feature of token `i` (not in the cue), given the two
    /// previous labels: the same as summing the hashed features of `role_features`.
    fn sum(&mut self, cue: &CueAt, i: usize, p1: usize, p2: usize) -> [i32; 3] {
        let (s, t) = (self.s, self.tables);
        let r = RoleAt::new(s, self.b, i, cue.tokens);
        let mut acc = cue.words.get(r.side).copied().unwrap_or_default();
        add(&mut acc, self.token(i, r.side));
        let code = s.code(i as isize);
        let [commas, verbs, cues, quotes] = r.counts;
        add(&mut acc, t.history.get([r.side, r.dist, p1, p2]));
        add(&mut acc, t.tag.get([r.side, code, p1, r.other_cue]));
        add(&mut acc, t.dist_tag.get([r.side, r.dist, code]));
        let between = [r.side, commas, verbs, cues, quotes, r.quote_state, p1];
        add(&mut acc, t.between.get(between));
        add(&mut acc, t.cue_tag.get([r.side, cue.tag, commas, p1]));
        self.f.clear();
        let d = DISTANCES.get(r.dist).copied().unwrap_or(0);
        role_pair(&mut self.f, r.dir(), s, i, cue.tokens, d, p1 as u64);
        self.p.sum3(&self.f.keys, &mut acc);
        acc
    }

    /// Summed weights of token `i`'s features that do not depend on the cue, on one side.
    fn token(&mut self, i: usize, side: usize) -> [i32; 3] {
        let slot = 2 * i + side;
        if let Some(Some(acc)) = self.memo.get(slot) {
            return *acc;
        }
        let (s, t) = (self.s, self.tables);
        let k = i as isize;
        let code = s.code(k);
        let mut acc = t.before.get([side, s.code(k - 1), code]);
        add(&mut acc, t.after.get([side, code, s.code(k + 1)]));
        let [first, last] = [i == 0, i + 1 == s.len()].map(usize::from);
        add(&mut acc, t.edge.get([side, first, last]));
        self.f.clear();
        role_token_words(&mut self.f, side as u64 + 1, s, i);
        self.p.sum3(&self.f.keys, &mut acc);
        if let Some(m) = self.memo.get_mut(slot) {
            *m = Some(acc);
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Model, TAG_FIRST, cue_features, h, pos_features, role_features};
    use super::*;
    use crate::text;

    /// Tagged sentences of our own, with quotation marks, several cues and boundary tokens.
    fn sentences(model: &Model) -> Vec<EncodedSentence> {
        let text = "“We will not back down,” the minister said on Tuesday, adding that talks, \
                    which aides described as tense, would resume. Officials told Reuters the \
                    plan, first reported by a local paper, was shelved; “nothing is final,” \
                    one said. Rain.";
        text::sentences(text)
            .iter()
            .map(|sentence| {
                let mut s = EncodedSentence::new(text, sentence);
                model.tagger.tag(&mut s);
                s
            })
            .collect()
    }

    #[test]
    fn pos_tags_are_the_hashed_features_tags() {
        let Some(model) = Model::builtin().unwrap() else {
            return;
        };
        let tagger = &model.tagger;
        let mut f = Features::default();
        let mut scores = vec![0f32; tagger.pos.labels().len()];
        for s in sentences(&model) {
            // tag again with every feature hashed, as training does
            let (mut p1, mut p2) = (h("<s>"), h("<s>"));
            for i in 0..s.len() {
                pos_features(&mut f, &s, i, p1, p2);
                let want = tagger.pos.predict(&f.keys, &mut scores);
                let known = tagger.tagdict.get(s.w(i as isize)).is_some();
                if !known {
                    assert_eq!(s.code(i as isize), TAG_FIRST + want, "token {i}");
                }
                (p2, p1) = (p1, s.t(i as isize));
            }
        }
    }

    #[test]
    fn tables_score_exactly_like_the_hashed_features() {
        let Some(model) = Model::builtin().unwrap() else {
            return;
        };
        let mut f = Features::default();
        let mut checked = 0;
        for s in sentences(&model) {
            for i in 0..s.len() {
                for prev in 0..CUE_LABEL_COUNT {
                    cue_features(&mut f, &s, i, prev);
                    let mut want = [0f32; 3];
                    model.cue.scores(&f.keys, &mut want);
                    let got = model.cue_tables.scores(&model.cue, &mut f, &s, i, prev);
                    assert_eq!(got, want, "cue scores of token {i} after label {prev}");
                }
            }
            let is_cue: Vec<bool> = (0..s.len()).map(|i| i % 7 == 3).collect();
            let b = Between::new(&s, &is_cue);
            let mut scorer = RoleScorer::new(&model.role_tables, &model.role, &s, &b);
            for cue in [0..1, 3..5, s.len().saturating_sub(1)..s.len()] {
                let at = scorer.cue(&cue);
                for i in (0..s.len()).filter(|i| !cue.contains(i)) {
                    for (p1, p2) in [(0, 0), (1, 4), (2, 3), (3, 1), (4, 4)] {
                        role_features(&mut f, &s, &b, i, &cue, p1, p2);
                        let mut want = [0i32; 3];
                        model.role.sum3(&f.keys, &mut want);
                        let got = scorer.sum(&at, i, p1, p2);
                        assert_eq!(got, want, "role sums of token {i}, cue {cue:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked} role scores compared");
    }
}
