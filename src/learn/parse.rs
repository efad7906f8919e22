//! The dependency parser: a greedy arc-eager transition parser (Nivre 2003) scored by an
//! averaged perceptron with the usual word and tag templates (Zhang and Nivre 2011, trimmed),
//! then a second perceptron that labels each arc. Both are trained by `whosaid train` from the
//! CoreNLP basic dependencies of the PolNeAR token files, projected onto whosaid's own tokens.
//!
//! The parse gives the role tagger what word windows cannot see: whether a token lies in the
//! cue's subject, in its complement clause or outside its clause altogether.

use super::perceptron::{Features, Perceptron, argmax_sum, h};
use super::{EncodedSentence, at};

/// The arc labels the parser gives: CoreNLP's 39 basic labels folded into the roles that tell
/// a source from a content (fewer labels also make labelling four times cheaper).
pub(super) const ARC_LABELS: &[&str] = &[
    "root", "subj", "comp", "obj", "advcl", "mod", "nmod", "case", "mark", "conj", "cc", "punct",
    "det", "aux", "other",
    // unused: sixteen labels make rows of whole vector lanes, summed faster
    "-",
];

/// The label of [`ARC_LABELS`] for a CoreNLP basic dependency label.
pub(super) fn fold_label(deprel: &str) -> &'static str {
    match deprel.split(':').next().unwrap_or(deprel) {
        "root" => "root",
        "nsubj" | "nsubjpass" | "csubj" | "csubjpass" | "expl" => "subj",
        "ccomp" | "xcomp" | "parataxis" => "comp",
        "dobj" | "iobj" => "obj",
        "advcl" => "advcl",
        "amod" | "advmod" | "neg" | "nummod" | "appos" | "acl" | "compound" | "det:predet" => "mod",
        "nmod" => "nmod",
        "case" => "case",
        "mark" => "mark",
        "conj" => "conj",
        "cc" => "cc",
        "punct" => "punct",
        "det" => "det",
        "aux" | "auxpass" | "cop" => "aux",
        _ => "other",
    }
}

/// Transitions of the arc-eager system.
pub(super) const ACTIONS: &[&str] = &["SHIFT", "REDUCE", "LEFT", "RIGHT"];
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;

/// A dependency tree over the tokens of one sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    /// Head of each token; `None` for a root (a sentence may have several).
    pub heads: Vec<Option<usize>>,
    /// Label of each token's arc (an index into the labeller's labels; 0 for a root).
    pub labels: Vec<usize>,
}

impl Tree {
    /// Whether `a` is `d` or one of its ancestors.
    pub(crate) fn dominates(&self, a: usize, mut d: usize) -> bool {
        for _ in 0..=self.heads.len() {
            if d == a {
                return true;
            }
            match self.heads.get(d).copied().flatten() {
                Some(next) => d = next,
                None => return false,
            }
        }
        false
    }

    /// The child of `a` on the path down to `d`, when `a` dominates `d` and they differ.
    pub(crate) fn child_toward(&self, a: usize, mut d: usize) -> Option<usize> {
        for _ in 0..=self.heads.len() {
            let up = self.heads.get(d).copied().flatten()?;
            if up == a {
                return Some(d);
            }
            d = up;
        }
        None
    }
}

/// A parser configuration: the stack, the next buffer token and the arcs so far, with each
/// token's leftmost and rightmost child and child counts for the features.
pub(super) struct State {
    pub(super) stack: Vec<usize>,
    pub(super) next: usize,
    pub(super) heads: Vec<Option<usize>>,
    n: usize,
    leftmost: Vec<Option<usize>>,
    rightmost: Vec<Option<usize>>,
    lefts: Vec<u8>,
    rights: Vec<u8>,
}

impl State {
    pub(super) fn new(n: usize) -> State {
        State {
            stack: Vec::with_capacity(n),
            next: 0,
            heads: vec![None; n],
            n,
            leftmost: vec![None; n],
            rightmost: vec![None; n],
            lefts: vec![0; n],
            rights: vec![0; n],
        }
    }

    pub(super) fn done(&self) -> bool {
        self.next >= self.n
    }

    fn s0(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    /// Whether action `a` can be taken.
    pub(super) fn valid(&self, a: usize) -> bool {
        let buffer = self.next < self.n;
        match (a, self.s0()) {
            (SHIFT, _) => buffer,
            (REDUCE, Some(s0)) => self.heads.get(s0).is_some_and(Option::is_some),
            (LEFT, Some(s0)) => buffer && self.heads.get(s0).is_some_and(Option::is_none),
            (RIGHT, Some(_)) => buffer,
            _ => false,
        }
    }

    fn attach(&mut self, head: usize, dep: usize) {
        if let Some(slot) = self.heads.get_mut(dep) {
            *slot = Some(head);
        }
        if dep < head {
            if let Some(c) = self.lefts.get_mut(head) {
                *c = c.saturating_add(1);
            }
            if let Some(l) = self.leftmost.get_mut(head)
                && l.is_none_or(|x| dep < x)
            {
                *l = Some(dep);
            }
        } else {
            if let Some(c) = self.rights.get_mut(head) {
                *c = c.saturating_add(1);
            }
            if let Some(r) = self.rightmost.get_mut(head)
                && r.is_none_or(|x| dep > x)
            {
                *r = Some(dep);
            }
        }
    }

    /// Takes action `a`, which must be valid.
    pub(super) fn apply(&mut self, a: usize) {
        let b0 = self.next;
        match a {
            LEFT => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(b0, s0);
                }
            }
            RIGHT => {
                if let Some(s0) = self.s0() {
                    self.attach(s0, b0);
                }
                self.stack.push(b0);
                self.next += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            _ => {
                self.stack.push(b0);
                self.next += 1;
            }
        }
    }

    /// The gold arcs each action would make unreachable from here (the dynamic oracle of
    /// Goldberg and Nivre 2012 for arc-eager): the actions of cost 0 are the right ones, and
    /// training can follow its own mistakes and still learn the best next step.
    pub(super) fn costs(&self, gold: &[Option<usize>]) -> [usize; 4] {
        let head = |i: usize| gold.get(i).copied().flatten();
        let unattached = |i: usize| self.heads.get(i).is_some_and(Option::is_none);
        let b0 = self.next;
        let buffer = b0..self.n;
        let below: &[usize] = match self.stack.split_last() {
            Some((_, rest)) => rest,
            None => &[],
        };
        let mut costs = [usize::MAX; 4];
        if self.valid(SHIFT) {
            // b0's head or dependents among the stack are lost
            costs[SHIFT] = self
                .stack
                .iter()
                .filter(|&&k| head(b0) == Some(k) || head(k) == Some(b0) && unattached(k))
                .count();
        }
        if let Some(s0) = self.s0() {
            if self.valid(REDUCE) {
                // s0's dependents still in the buffer are lost
                costs[REDUCE] = buffer.clone().filter(|&k| head(k) == Some(s0)).count();
            }
            if self.valid(LEFT) {
                // s0's head beyond b0, and its dependents in the buffer, are lost
                let far_head = head(s0).is_some_and(|hd| hd > b0);
                costs[LEFT] = usize::from(far_head && head(s0) != Some(b0))
                    + buffer.clone().filter(|&k| head(k) == Some(s0)).count();
            }
            if self.valid(RIGHT) {
                // b0's head elsewhere (below s0 in the stack or later in the buffer), and its
                // unattached dependents below s0 in the stack, are lost
                let elsewhere =
                    head(b0).is_some_and(|hd| hd != s0 && (below.contains(&hd) || hd > b0));
                costs[RIGHT] = usize::from(elsewhere)
                    + below
                        .iter()
                        .filter(|&&k| head(k) == Some(b0) && unattached(k))
                        .count()
                    + usize::from(head(s0) == Some(b0) && unattached(s0));
            }
        }
        costs
    }

    /// The action the static oracle takes towards the tree `gold`.
    pub(super) fn oracle(&self, gold: &[Option<usize>]) -> usize {
        let b0 = self.next;
        let head = |i: usize| gold.get(i).copied().flatten();
        if let Some(s0) = self.s0()
            && b0 < self.n
        {
            if head(s0) == Some(b0) {
                return LEFT;
            }
            if head(b0) == Some(s0) {
                return RIGHT;
            }
            let below = self.stack.get(..self.stack.len() - 1).unwrap_or_default();
            let pending = below
                .iter()
                .any(|&k| head(b0) == Some(k) || head(k) == Some(b0));
            if pending && self.valid(REDUCE) {
                return REDUCE;
            }
        }
        SHIFT
    }
}

/// Distance between two tokens in a few buckets.
fn distance(a: usize, b: usize) -> u64 {
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Features of a configuration for the transition scorer.
pub(super) fn arc_features(f: &mut Features, s: &EncodedSentence, st: &State) {
    let none = h("<none>");
    let w = |i: Option<usize>| i.map_or(none, |i| s.w(i as isize));
    let t = |i: Option<usize>| i.map_or(none, |i| s.t(i as isize));
    let n = s.len();
    let s0 = st.s0();
    let s1 = st
        .stack
        .len()
        .checked_sub(2)
        .and_then(|k| st.stack.get(k).copied());
    let b = |k: usize| Some(st.next + k).filter(|&i| i < n);
    let (b0, b1, b2) = (b(0), b(1), b(2));
    let (s0w, s0t, b0w, b0t) = (w(s0), t(s0), w(b0), t(b0));
    let child = |v: &[Option<usize>], i: Option<usize>| i.and_then(|i| v.get(i).copied().flatten());
    let count = |v: &[u8], i: Option<usize>| {
        i.and_then(|i| v.get(i))
            .map_or(9, |c| u64::from(*c.min(&3)))
    };
    let dist = match (s0, b0) {
        (Some(a), Some(b)) => distance(a, b),
        _ => 8,
    };
    let s0_head = s0.and_then(|i| st.heads.get(i).copied().flatten());
    let commas = match (s0, b0) {
        (Some(a), Some(b)) => (a + 1..b)
            .filter(|&i| s.comma.get(i).copied().unwrap_or(false))
            .count()
            .min(2) as u64,
        _ => 3,
    };
    f.clear();
    f.add(100, &[]);
    f.add(101, &[s0w]);
    f.add(102, &[s0t]);
    f.add(104, &[b0w]);
    f.add(105, &[b0t]);
    f.add(107, &[w(b1)]);
    f.add(108, &[t(b1)]);
    f.add(109, &[t(b2)]);
    f.add(110, &[t(s1)]);
    f.add(112, &[s0w, b0w]);
    f.add(113, &[s0t, b0t]);
    f.add(116, &[s0t, b0t, t(b1)]);
    f.add(117, &[b0t, t(b1), t(b2)]);
    f.add(118, &[t(s1), s0t, b0t]);
    f.add(119, &[t(s0_head), s0t, b0t]);
    f.add(120, &[t(child(&st.leftmost, s0)), s0t, b0t]);
    f.add(121, &[t(child(&st.rightmost, s0)), s0t, b0t]);
    f.add(122, &[t(child(&st.leftmost, b0)), s0t, b0t]);
    f.add(123, &[dist, s0t, b0t]);
    f.add(126, &[count(&st.rights, s0), s0t]);
    f.add(127, &[count(&st.lefts, s0), s0t]);
    f.add(128, &[count(&st.lefts, b0), b0t]);
    f.add(129, &[u64::from(s0_head.is_some()), s0t, b0t]);
    f.add(130, &[commas, s0t, b0t]);
    let s0_head2 = s0_head.and_then(|i| st.heads.get(i).copied().flatten());
    f.add(133, &[w(s0_head), s0t, b0t]);
    f.add(134, &[t(s0_head2), t(s0_head), s0t]);
    f.add(139, &[b0t, t(b1), t(b2), t(b(3))]);
    let s2 = st
        .stack
        .len()
        .checked_sub(3)
        .and_then(|k| st.stack.get(k).copied());
    f.add(170, &[t(s2), t(s1), s0t]);
}

/// Features of the arc from `head` to `dep` for the labeller.
pub(super) fn label_features(f: &mut Features, s: &EncodedSentence, head: usize, dep: usize) {
    let (hk, dk) = (head as isize, dep as isize);
    let (hw, ht, dw, dt) = (s.w(hk), s.t(hk), s.w(dk), s.t(dk));
    let dir = u64::from(dep < head);
    f.clear();
    f.add(140, &[]);
    f.add(141, &[dw]);
    f.add(142, &[dt]);
    f.add(143, &[hw]);
    f.add(144, &[ht]);
    f.add(145, &[ht, dt, dir]);
    f.add(146, &[hw, dt, dir]);
    f.add(147, &[ht, dw, dir]);
    f.add(148, &[dir, distance(head, dep), ht, dt]);
    f.add(149, &[dt, s.t(dk + 1)]);
    f.add(150, &[s.t(dk - 1), dt]);
    f.add(151, &[at(&s.suf3, dk), dir]);
    f.add(152, &[at(&s.stem, hk), dt, dir]);
}

/// Parses a tagged sentence: greedy transitions, then a label for each arc.
pub(super) fn parse(arcs: &Perceptron, labeller: &Perceptron, s: &EncodedSentence) -> Tree {
    let mut f = Features::default();
    let mut st = State::new(s.len());
    while !st.done() {
        arc_features(&mut f, s, &st);
        let mut acc = [0i32; 4];
        arcs.sum4(&f.keys, &mut acc);
        // the scale is positive, so the largest sum is the largest score; ties go to the
        // lower action, and SHIFT is valid while the buffer holds a token
        let best = (0..ACTIONS.len())
            .filter(|&a| st.valid(a))
            .fold(None, |best: Option<(usize, i32)>, a| {
                let v = acc.get(a).copied().unwrap_or(i32::MIN);
                match best {
                    Some((_, bv)) if bv >= v => best,
                    _ => Some((a, v)),
                }
            })
            .map_or(SHIFT, |(a, _)| a);
        st.apply(best);
    }
    let n = labeller.labels().len();
    let mut acc = vec![0i32; labeller.width()];
    let labels = st
        .heads
        .iter()
        .enumerate()
        .map(|(d, hd)| {
            hd.map_or(0, |hd| {
                label_features(&mut f, s, hd, d);
                acc.iter_mut().for_each(|a| *a = 0);
                labeller.sum(&f.keys, &mut acc);
                argmax_sum(acc.get(..n).unwrap_or_default())
            })
        })
        .collect();
    Tree {
        heads: st.heads,
        labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The static oracle's transitions rebuild a projective tree exactly.
    #[test]
    fn the_oracle_rebuilds_a_projective_tree() {
        // "officials said the talks went well": said <- officials; said -> went; went -> talks
        // -> the; went -> well
        let gold = vec![Some(1), None, Some(3), Some(4), Some(1), Some(4)];
        let mut st = State::new(gold.len());
        let mut steps = 0;
        while !st.done() && steps < 100 {
            let a = st.oracle(&gold);
            assert!(st.valid(a), "{a}");
            st.apply(a);
            steps += 1;
        }
        assert_eq!(st.heads, gold);
    }

    /// Along the static oracle's path every step it takes costs nothing.
    #[test]
    fn the_oracles_agree_on_a_projective_tree() {
        let gold = vec![Some(1), None, Some(3), Some(4), Some(1), Some(4)];
        let mut st = State::new(gold.len());
        while !st.done() {
            let a = st.oracle(&gold);
            assert_eq!(st.costs(&gold).get(a), Some(&0), "{a}");
            st.apply(a);
        }
        // a wrong first step: officials <- talks? LEFT from "officials" onto "said" is right,
        // SHIFT leaves it for later and costs nothing yet; RIGHT (officials -> said) loses
        // said's being the root and officials' head
        let st = {
            let mut st = State::new(gold.len());
            st.apply(SHIFT);
            st
        };
        let costs = st.costs(&gold);
        assert_eq!(costs[LEFT], 0);
        assert!(costs[RIGHT] >= 1);
    }

    #[test]
    fn labels_fold_into_the_parsers_set() {
        for (deprel, folded) in [
            ("nsubjpass", "subj"),
            ("ccomp", "comp"),
            ("acl:relcl", "mod"),
            ("nmod:poss", "nmod"),
            ("dobj", "obj"),
            ("discourse", "other"),
        ] {
            assert_eq!(fold_label(deprel), folded);
            assert!(ARC_LABELS.contains(&folded));
        }
    }

    #[test]
    fn dominance_and_the_child_on_the_path() {
        let tree = Tree {
            heads: vec![Some(1), None, Some(3), Some(4), Some(1), Some(4)],
            labels: vec![0; 6],
        };
        assert!(tree.dominates(1, 2) && tree.dominates(4, 2) && tree.dominates(2, 2));
        assert!(!tree.dominates(0, 2) && !tree.dominates(2, 4));
        assert_eq!(tree.child_toward(1, 2), Some(4));
        assert_eq!(tree.child_toward(4, 2), Some(3));
        assert_eq!(tree.child_toward(0, 2), None);
    }
}
