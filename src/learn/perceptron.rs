//! The averaged perceptron (Collins 2002) used by every learned component: a linear model over
//! hashed string features, trained online and averaged, stored as a compact sparse binary block.
//! Feature strings are never kept: a feature is the 64-bit hash of its template and values, so a
//! lookup is one hash-table probe and the model file holds no text of the corpus.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Builds feature hashes: FNV-1a over a template number and its string parts, then mixed.
#[derive(Debug, Default)]
pub(crate) struct Features {
    /// The hashes of the current instance.
    pub keys: Vec<u64>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// splitmix64's finaliser: spreads FNV's output over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a string, for use as a feature part.
pub(crate) fn h(s: &str) -> u64 {
    fnv(FNV_OFFSET, s.as_bytes())
}

impl Features {
    /// Clears the instance.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
    }

    /// Adds the feature `template` with the given part hashes (see [`h`]).
    pub(crate) fn add(&mut self, template: u8, parts: &[u64]) {
        let mut acc = u64::from(template).wrapping_add(1).wrapping_mul(FNV_PRIME);
        for p in parts {
            acc = mix(acc ^ *p).wrapping_add(0x9e37_79b9_7f4a_7c15);
        }
        self.keys.push(mix(acc));
    }
}

/// A trained, averaged model: one weight row per known feature.
#[derive(Debug, Clone)]
pub(crate) struct Perceptron {
    labels: Vec<String>,
    index: KeyMap<u32>,
    weights: Vec<f32>,
    /// For models of at most four labels, the rows stored in the table itself: one memory
    /// access per feature instead of two.
    inline: Option<KeyMap<[f32; 4]>>,
}

impl Perceptron {
    fn new(labels: Vec<String>, index: KeyMap<u32>, weights: Vec<f32>) -> Perceptron {
        let n = labels.len();
        let inline = (n <= 4).then(|| {
            index
                .iter()
                .map(|(k, row)| {
                    let mut r = [0f32; 4];
                    let start = *row as usize * n;
                    for (slot, w) in r
                        .iter_mut()
                        .zip(weights.get(start..start + n).unwrap_or(&[]))
                    {
                        *slot = *w;
                    }
                    (*k, r)
                })
                .collect()
        });
        Perceptron {
            labels,
            index,
            weights,
            inline,
        }
    }

    /// Label names, indexed by class.
    pub(crate) fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Adds each feature's weights into `scores` (one slot per label).
    pub(crate) fn scores(&self, keys: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        if let Some(inline) = &self.inline {
            let mut acc = [0f32; 4];
            for k in keys {
                if let Some(ws) = inline.get(k) {
                    for (a, w) in acc.iter_mut().zip(ws) {
                        *a += *w;
                    }
                }
            }
            for (s, a) in scores.iter_mut().zip(acc) {
                *s = a;
            }
            return;
        }
        let n = self.labels.len();
        for k in keys {
            if let Some(&row) = self.index.get(k) {
                let start = row as usize * n;
                if let Some(ws) = self.weights.get(start..start + n) {
                    for (s, w) in scores.iter_mut().zip(ws) {
                        *s += *w;
                    }
                }
            }
        }
    }

    /// The best class for the features, ties going to the lower class number.
    pub(crate) fn predict(&self, keys: &[u64], scores: &mut [f32]) -> usize {
        self.scores(keys, scores);
        argmax(scores)
    }

    /// Number of feature rows.
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }

    /// Serialises the model: labels, then rows sorted by key, each holding its non-zero weights
    /// quantised to 16 bits against one scale per model.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let n = self.labels.len();
        put_u32(out, n as u32);
        for l in &self.labels {
            put_u32(out, l.len() as u32);
            out.extend_from_slice(l.as_bytes());
        }
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        let mut rows: Vec<(u64, u32)> = self.index.iter().map(|(k, r)| (*k, *r)).collect();
        rows.sort_unstable();
        put_u32(out, rows.len() as u32);
        for (key, row) in rows {
            out.extend_from_slice(&key.to_le_bytes());
            let start = row as usize * n;
            let ws = self.weights.get(start..start + n).unwrap_or(&[]);
            let nz: Vec<(usize, i16)> = ws
                .iter()
                .enumerate()
                .map(|(i, w)| (i, (w / scale).round() as i16))
                .filter(|(_, q)| *q != 0)
                .collect();
            out.push(nz.len() as u8);
            for (i, q) in nz {
                out.push(i as u8);
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// Reads a model written by [`Perceptron::write`], advancing `input`.
    pub(crate) fn read(input: &mut &[u8]) -> Result<Perceptron> {
        let n = get_u32(input)? as usize;
        if n == 0 || n > 255 {
            return Err(bad("label count"));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let len = get_u32(input)? as usize;
            let bytes = take(input, len)?;
            labels.push(String::from_utf8(bytes.to_vec()).map_err(|_| bad("label"))?);
        }
        let scale = f32::from_le_bytes(array(take(input, 4)?)?);
        let rows = get_u32(input)? as usize;
        let mut index = KeyMap::with_capacity_and_hasher(rows, Default::default());
        let mut weights = vec![0f32; rows * n];
        for row in 0..rows {
            let key = u64::from_le_bytes(array(take(input, 8)?)?);
            let count = *take(input, 1)?.first().ok_or_else(|| bad("row"))? as usize;
            for _ in 0..count {
                let cell = take(input, 3)?;
                let (&label, q) = cell.split_first().ok_or_else(|| bad("cell"))?;
                let q = i16::from_le_bytes(array(q)?);
                let slot = weights
                    .get_mut(row * n + label as usize)
                    .ok_or_else(|| bad("label index"))?;
                *slot = f32::from(q) * scale;
            }
            index.insert(key, row as u32);
        }
        Ok(Perceptron::new(labels, index, weights))
    }
}

/// Words (by hash) with a small number attached: the tag of an unambiguous word, or membership
/// in a set of words that never take part in a cue.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon(KeyMap<u16>);

impl Lexicon {
    /// Adds or replaces an entry.
    pub(crate) fn insert(&mut self, key: u64, value: u16) {
        self.0.insert(key, value);
    }

    /// The value of a word, if listed.
    pub(crate) fn get(&self, key: u64) -> Option<u16> {
        self.0.get(&key).copied()
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Serialises the entries sorted by key.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        let mut rows: Vec<(u64, u16)> = self.0.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        put_u32(out, rows.len() as u32);
        for (k, v) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Reads entries written by [`Lexicon::write`], advancing `input`.
    pub(crate) fn read(input: &mut &[u8]) -> Result<Lexicon> {
        let n = get_u32(input)? as usize;
        let mut map = KeyMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let k = u64::from_le_bytes(array(take(input, 8)?)?);
            let v = u16::from_le_bytes(array(take(input, 2)?)?);
            map.insert(k, v);
        }
        Ok(Lexicon(map))
    }
}

/// Index of the largest score, the first one on ties.
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    let mut top = f32::NEG_INFINITY;
    for (i, s) in scores.iter().enumerate() {
        if *s > top {
            top = *s;
            best = i;
        }
    }
    best
}

fn bad(what: &str) -> Error {
    Error::BadModel(format!("truncated or corrupt {what}"))
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
    if input.len() < n {
        return Err(bad("block"));
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N]> {
    bytes.try_into().map_err(|_| bad("number"))
}

fn get_u32(input: &mut &[u8]) -> Result<u32> {
    Ok(u32::from_le_bytes(array(take(input, 4)?)?))
}

/// Online training state: current weights plus the running sums needed for averaging.
#[derive(Debug)]
pub(crate) struct Trainer {
    labels: Vec<String>,
    index: KeyMap<u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    clock: u64,
}

impl Trainer {
    /// A zero model over the given labels.
    pub(crate) fn new(labels: &[&str]) -> Trainer {
        Trainer {
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            index: KeyMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            clock: 0,
        }
    }

    /// Scores with the current (not averaged) weights.
    pub(crate) fn predict(&self, keys: &[u64], scores: &mut [f32]) -> usize {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let n = self.labels.len();
        for k in keys {
            if let Some(&row) = self.index.get(k) {
                let start = row as usize * n;
                if let Some(ws) = self.weights.get(start..start + n) {
                    for (s, w) in scores.iter_mut().zip(ws) {
                        *s += *w;
                    }
                }
            }
        }
        argmax(scores)
    }

    /// One training step: moves weight from the guessed class to the true one when they differ.
    pub(crate) fn update(&mut self, keys: &[u64], truth: usize, guess: usize) {
        self.clock += 1;
        if truth == guess {
            return;
        }
        let n = self.labels.len();
        for k in keys {
            let next = self.index.len() as u32;
            let row = *self.index.entry(*k).or_insert(next);
            if row == next {
                self.weights.resize(self.weights.len() + n, 0.0);
                self.totals.resize(self.totals.len() + n, 0.0);
                self.stamps.resize(self.stamps.len() + n, 0);
            }
            for (label, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let i = row as usize * n + label;
                if let (Some(w), Some(t), Some(s)) = (
                    self.weights.get_mut(i),
                    self.totals.get_mut(i),
                    self.stamps.get_mut(i),
                ) {
                    *t += (self.clock - *s) as f64 * f64::from(*w);
                    *s = self.clock;
                    *w += delta;
                }
            }
        }
    }

    /// The averaged model, without rows whose weights all round to nothing.
    pub(crate) fn finish(self, min_weight: f32) -> Perceptron {
        let n = self.labels.len();
        let clock = self.clock.max(1);
        let mut index = KeyMap::default();
        let mut weights = Vec::new();
        let mut keys: Vec<(u64, u32)> = self.index.into_iter().collect();
        keys.sort_unstable();
        for (key, row) in keys {
            let start = row as usize * n;
            let avg: Vec<f32> = (start..start + n)
                .map(|i| {
                    let w = f64::from(self.weights.get(i).copied().unwrap_or(0.0));
                    let t = self.totals.get(i).copied().unwrap_or(0.0)
                        + (clock - self.stamps.get(i).copied().unwrap_or(0)) as f64 * w;
                    (t / clock as f64) as f32
                })
                .collect();
            if avg.iter().any(|w| w.abs() >= min_weight) {
                index.insert(key, (weights.len() / n) as u32);
                weights.extend(avg);
            }
        }
        Perceptron::new(self.labels, index, weights)
    }
}

/// A small deterministic generator (xorshift64*) for shuffling training data with a fixed seed.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed non-zero constant).
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(mix(seed.wrapping_add(0x9e37_79b9_7f4a_7c15)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(words: &[&str]) -> Vec<u64> {
        let mut f = Features::default();
        for w in words {
            f.add(1, &[h(w)]);
        }
        f.keys
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let data = [
            (feats(&["said", "verb"]), 1),
            (feats(&["table", "noun"]), 0),
            (feats(&["told", "verb"]), 1),
            (feats(&["chair", "noun"]), 0),
        ];
        let mut t = Trainer::new(&["O", "CUE"]);
        let mut scores = [0f32; 2];
        for _ in 0..5 {
            for (k, y) in &data {
                let g = t.predict(k, &mut scores);
                t.update(k, *y, g);
            }
        }
        let model = t.finish(0.0);
        for (k, y) in &data {
            assert_eq!(model.predict(k, &mut scores), *y);
        }
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        let mut input = bytes.as_slice();
        let back = Perceptron::read(&mut input).unwrap();
        assert!(input.is_empty());
        assert_eq!(back.labels(), model.labels());
        assert_eq!(back.predict(&feats(&["verb"]), &mut scores), 1);
        assert_eq!(back.predict(&feats(&["noun"]), &mut scores), 0);
    }

    #[test]
    fn corrupt_models_are_errors() {
        let mut bytes = Vec::new();
        Trainer::new(&["A", "B"]).finish(0.0).write(&mut bytes);
        for cut in 0..bytes.len() {
            let mut input = bytes.get(..cut).unwrap();
            assert!(Perceptron::read(&mut input).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn shuffle_is_fixed_by_the_seed() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
