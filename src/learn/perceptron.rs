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

/// Builds feature hashes: a template number and the FNV-1a hashes of its string parts, folded
/// together by multiplication (see [`Features::add`]).
#[derive(Debug)]
pub(crate) struct Features {
    /// The hashes of the current instance.
    pub keys: Vec<u64>,
}

impl Default for Features {
    /// Room for every feature of one token, so the taggers' loops never grow it.
    fn default() -> Features {
        Features {
            keys: Vec::with_capacity(48),
        }
    }
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

/// Odd multipliers of [`Features::add`] (the golden ratio and splitmix64's two).
const FEATURE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const FEATURE_PART: u64 = 0xbf58_476d_1ce4_e5b9;
const FEATURE_FOLD: u64 = 0x94d0_49bb_1331_11eb;

/// splitmix64's finaliser: turns the training seed into the shuffles' first state.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a string, for use as a feature part.
pub(crate) fn h(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// [`h`] of a string given as bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes)
}

/// [`h`] of a string built one byte at a time: start from `hash_bytes(&[])`, add each byte.
pub(crate) fn hash_byte(h: u64, b: u8) -> u64 {
    fnv(h, &[b])
}

impl Features {
    /// Clears the instance.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
    }

    /// Adds the feature `template` with the given part hashes (see [`h`]).
    ///
    /// Each part is folded in with one xor and one multiply by an odd constant (a bijection of
    /// the part, so two parts never cancel); a last multiply brings the high bits, which depend
    /// on every bit of every part, down to the low bits a table slot is taken from.
    pub(crate) fn add(&mut self, template: u8, parts: &[u64]) {
        let mut acc = u64::from(template)
            .wrapping_add(1)
            .wrapping_mul(FEATURE_SEED);
        for p in parts {
            acc = (acc ^ *p).wrapping_mul(FEATURE_PART);
        }
        let z = acc.wrapping_mul(FEATURE_FOLD);
        self.keys.push(z ^ (z >> 40));
    }
}

/// A trained, averaged model. Features are folded into `2^bits` slots (the hashing trick, also
/// during training, so the model learns around collisions); each slot holds one 16-bit weight
/// per label in a flat table. Scoring a feature is one contiguous read, with no probing.
#[derive(Debug, Clone)]
pub(crate) struct Perceptron {
    labels: Vec<String>,
    bits: u8,
    scale: f32,
    /// Weights per slot: the label count, rounded up to whole [`LANES`] for wide models.
    width: usize,
    table: Vec<i16>,
}

/// Weights summed at once by a wide model: its rows are padded to a multiple of this, so a row
/// of the POS tagger (45 labels) is 48 weights, two cache lines, summed without a remainder.
const LANES: usize = 16;

fn width_of(labels: usize) -> usize {
    if labels > LANES {
        labels.next_multiple_of(LANES)
    } else {
        labels
    }
}

/// One row as (feature slot, non-zero (label, weight) cells).
type Row = (u64, Vec<(usize, f32)>);

/// Most labels a model may have (the POS tagger has 45).
const MAX_LABELS: usize = 64;

impl Perceptron {
    fn new(labels: Vec<String>, bits: u8, rows: &[Row]) -> Perceptron {
        let width = width_of(labels.len());
        let scale = scale_of(rows);
        let mask = (1u64 << bits) - 1;
        let mut table = vec![0i16; width << bits];
        for (key, cells) in rows {
            let start = (key & mask) as usize * width;
            for (label, w) in cells {
                if let Some(q) = table.get_mut(start + label) {
                    *q = quantise(*w, scale);
                }
            }
        }
        Perceptron {
            labels,
            bits,
            scale,
            width,
            table,
        }
    }

    /// Label names, indexed by class.
    pub(crate) fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Adds each feature's weights into `scores` (one slot per label): what the taggers'
    /// precomputed tables must agree with.
    #[cfg(test)]
    pub(crate) fn scores(&self, keys: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; MAX_LABELS];
        self.sum(keys, &mut acc);
        self.scale(&acc, scores);
    }

    /// Weights per row: `acc` given to [`Perceptron::sum`] should be this long (the label
    /// count or a little more).
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Adds the quantised weights of each feature to `acc` (one slot per label); integer sums,
    /// so any grouping of the features gives the same total.
    pub(crate) fn sum(&self, keys: &[u64], acc: &mut [i32]) {
        let w = self.width;
        let mask = (1u64 << self.bits) - 1;
        for k in keys {
            let start = (k & mask) as usize * w;
            let Some(ws) = self.table.get(start..start + w) else {
                continue;
            };
            if w.is_multiple_of(LANES) && acc.len() >= w {
                // whole lanes: fixed-size adds the compiler turns into vector code
                for (a, ws) in acc.chunks_exact_mut(LANES).zip(ws.chunks_exact(LANES)) {
                    if let (Ok(a), Ok(ws)) = (
                        <&mut [i32; LANES]>::try_from(a),
                        <&[i16; LANES]>::try_from(ws),
                    ) {
                        for (a, w) in a.iter_mut().zip(ws) {
                            *a += i32::from(*w);
                        }
                    }
                }
            } else {
                for (a, w) in acc.iter_mut().zip(ws) {
                    *a += i32::from(*w);
                }
            }
        }
    }

    /// Scores from the sums of [`Perceptron::sum`].
    #[cfg(test)]
    pub(crate) fn scale(&self, acc: &[i32], scores: &mut [f32]) {
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = *a as f32 * self.scale;
        }
    }

    /// Adds the quantised weights of each feature to `acc`, for a model with three labels (the
    /// cue and role taggers); integer sums, so any grouping of the features gives the same total.
    pub(crate) fn sum3(&self, keys: &[u64], acc: &mut [i32; 3]) {
        let mask = (1u64 << self.bits) - 1;
        for k in keys {
            let start = (k & mask) as usize * 3;
            if let Some(ws) = self.table.get(start..start + 3)
                && let Ok(ws) = <&[i16; 3]>::try_from(ws)
            {
                acc[0] += i32::from(ws[0]);
                acc[1] += i32::from(ws[1]);
                acc[2] += i32::from(ws[2]);
            }
        }
    }

    /// Adds the quantised weights of each feature to `acc`, for a model with four labels (the
    /// parser's transitions): [`Perceptron::sum`] unrolled for the one row width. (One generic
    /// `sum_n::<N>` in place of this and `sum3` made extraction 9% slower: 4.06 against 4.47
    /// MiB/s on `cargo bench --bench extract -- polnear-train`.)
    pub(crate) fn sum4(&self, keys: &[u64], acc: &mut [i32; 4]) {
        let mask = (1u64 << self.bits) - 1;
        for k in keys {
            let start = (k & mask) as usize * 4;
            if let Some(ws) = self.table.get(start..start + 4)
                && let Ok(ws) = <&[i16; 4]>::try_from(ws)
            {
                acc[0] += i32::from(ws[0]);
                acc[1] += i32::from(ws[1]);
                acc[2] += i32::from(ws[2]);
                acc[3] += i32::from(ws[3]);
            }
        }
    }

    /// Scores from the sums of [`Perceptron::sum3`].
    pub(crate) fn scale3(&self, acc: [i32; 3]) -> [f32; 3] {
        acc.map(|a| a as f32 * self.scale)
    }

    /// The best class for the features, ties going to the lower class number.
    #[cfg(test)]
    pub(crate) fn predict(&self, keys: &[u64], scores: &mut [f32]) -> usize {
        self.scores(keys, scores);
        argmax(scores)
    }

    /// Number of slots holding a weight.
    pub(crate) fn len(&self) -> usize {
        self.rows().len()
    }

    /// The slots holding a weight, in slot order.
    fn rows(&self) -> Vec<Row> {
        let n = self.labels.len();
        self.table
            .chunks(self.width.max(1))
            .map(|r| r.get(..n).unwrap_or(r))
            .enumerate()
            .filter(|(_, r)| r.iter().any(|q| *q != 0))
            .map(|(slot, r)| {
                let cells = r.iter().enumerate().filter(|(_, q)| **q != 0);
                let cells = cells.map(|(l, q)| (l, f32::from(*q) * self.scale));
                (slot as u64, cells.collect())
            })
            .collect()
    }

    /// Serialises the model: labels, table size, scale, then the slots holding a weight, each
    /// with its non-zero 16-bit weights.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.labels.len() as u32);
        for l in &self.labels {
            put_u32(out, l.len() as u32);
            out.extend_from_slice(l.as_bytes());
        }
        out.push(self.bits);
        let rows = self.rows();
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, rows.len() as u32);
        for (key, cells) in rows {
            out.extend_from_slice(&key.to_le_bytes());
            let nz: Vec<(usize, i16)> = cells
                .iter()
                .map(|(i, w)| (*i, quantise(*w, self.scale)))
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
        if n == 0 || n > MAX_LABELS {
            return Err(bad("label count"));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let len = get_u32(input)? as usize;
            let bytes = take(input, len)?;
            labels.push(String::from_utf8(bytes.to_vec()).map_err(|_| bad("label"))?);
        }
        let bits = *take(input, 1)?.first().ok_or_else(|| bad("bits"))?;
        if !(1..=24).contains(&bits) {
            return Err(bad("table size"));
        }
        let scale = f32::from_le_bytes(array(take(input, 4)?)?);
        let count = get_u32(input)? as usize;
        // the stored 16-bit weights go straight into the table
        let mask = (1u64 << bits) - 1;
        let width = width_of(n);
        let mut table = vec![0i16; width << bits];
        for _ in 0..count {
            let (key, rest) = input.split_first_chunk::<8>().ok_or_else(|| bad("row"))?;
            let (&cells, rest) = rest.split_first().ok_or_else(|| bad("row"))?;
            let (cells, rest) = rest
                .split_at_checked(usize::from(cells) * 3)
                .ok_or_else(|| bad("cell"))?;
            *input = rest;
            let start = (u64::from_le_bytes(*key) & mask) as usize * width;
            for cell in cells.chunks_exact(3) {
                let (&label, q) = cell.split_first().ok_or_else(|| bad("cell"))?;
                let slot = table
                    .get_mut(start + usize::from(label))
                    .filter(|_| usize::from(label) < n)
                    .ok_or_else(|| bad("label index"))?;
                *slot = i16::from_le_bytes(array(q)?);
            }
        }
        Ok(Perceptron {
            labels,
            bits,
            scale,
            width,
            table,
        })
    }
}

/// The quantisation step that maps the largest weight to the largest 16-bit value.
fn scale_of(rows: &[Row]) -> f32 {
    let max = rows
        .iter()
        .flat_map(|r| r.1.iter().map(|c| c.1.abs()))
        .fold(0f32, f32::max);
    if max > 0.0 { max / 32767.0 } else { 1.0 }
}

fn quantise(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-32767.0, 32767.0) as i16
}

/// Words (by hash) with a small number attached: the tag of an unambiguous word, or membership
/// in a set of words that never take part in a cue.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordTable(KeyMap<u16>);

impl WordTable {
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

    /// Reads entries written by [`WordTable::write`], advancing `input`.
    pub(crate) fn read(input: &mut &[u8]) -> Result<WordTable> {
        let n = get_u32(input)? as usize;
        let mut map = KeyMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let k = u64::from_le_bytes(array(take(input, 8)?)?);
            let v = u16::from_le_bytes(array(take(input, 2)?)?);
            map.insert(k, v);
        }
        Ok(WordTable(map))
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

/// Index of the largest of the integer sums [`Perceptron::sum`] adds, the first one on ties:
/// the class [`argmax`] picks from their scores, as the scale is positive and the sums are far
/// below the 2^24 past which `f32` would merge neighbours.
pub(crate) fn argmax_sum(sums: &[i32]) -> usize {
    let mut best = 0;
    let mut top = i32::MIN;
    for (i, s) in sums.iter().enumerate() {
        if *s > top || i == 0 {
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
    bits: u8,
    index: KeyMap<u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    clock: u64,
}

impl Trainer {
    /// A zero model over at most 64 labels whose features are folded into `2^bits` slots
    /// (1 to 24).
    pub(crate) fn new(labels: &[&str], bits: u8) -> Trainer {
        Trainer {
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            bits: bits.clamp(1, 24),
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
            if let Some(&row) = self.index.get(&self.slot(*k)) {
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

    fn slot(&self, key: u64) -> u64 {
        key & ((1u64 << self.bits) - 1)
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
            let key = self.slot(*k);
            let row = *self.index.entry(key).or_insert(next);
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
        let mut keys: Vec<(u64, u32)> = self.index.into_iter().collect();
        keys.sort_unstable();
        let mut rows = Vec::new();
        for (key, row) in keys {
            let start = row as usize * n;
            let avg: Vec<(usize, f32)> = (start..start + n)
                .map(|i| {
                    let w = f64::from(self.weights.get(i).copied().unwrap_or(0.0));
                    let t = self.totals.get(i).copied().unwrap_or(0.0)
                        + (clock - self.stamps.get(i).copied().unwrap_or(0)) as f64 * w;
                    (i - start, (t / clock as f64) as f32)
                })
                .filter(|(_, w)| *w != 0.0)
                .collect();
            if avg.iter().any(|(_, w)| w.abs() >= min_weight) {
                rows.push((key, avg));
            }
        }
        Perceptron::new(self.labels, self.bits, &rows)
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
    fn the_largest_sum_is_the_largest_score() {
        // a scale that is not a power of two, so the conversion rounds
        let p = Perceptron::new(vec!["a".into(); 3], 1, &[(0, vec![(0, 32767.0 * 0.0137)])]);
        let cases: [&[i32]; 6] = [
            &[1, 2, 3],
            &[3, 3, 1],
            &[-5, -4, -4],
            &[i32::MIN, i32::MIN, -1],
            &[491_505, 491_504, -491_505],
            &[0, 0, 0],
        ];
        let mut scores = [0f32; 3];
        for sums in cases {
            p.scale(sums, &mut scores);
            assert_eq!(argmax_sum(sums), argmax(&scores), "{sums:?}");
        }
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let data = [
            (feats(&["said", "verb"]), 1),
            (feats(&["table", "noun"]), 0),
            (feats(&["told", "verb"]), 1),
            (feats(&["chair", "noun"]), 0),
        ];
        let mut t = Trainer::new(&["O", "CUE"], 12);
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
    fn hashed_models_score_like_their_files() {
        let data = [
            (feats(&["said", "verb"]), 1),
            (feats(&["table", "noun"]), 0),
        ];
        let mut t = Trainer::new(&["O", "CUE", "X"], 8);
        let mut scores = [0f32; 3];
        for _ in 0..3 {
            for (k, y) in &data {
                let g = t.predict(k, &mut scores);
                t.update(k, *y, g);
            }
        }
        let model = t.finish(0.0);
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        let back = Perceptron::read(&mut bytes.as_slice()).unwrap();
        let mut again = Vec::new();
        back.write(&mut again);
        assert_eq!(
            bytes, again,
            "a hashed model survives a round trip unchanged"
        );
        for (k, y) in &data {
            assert_eq!(back.predict(k, &mut scores), *y);
        }
    }

    #[test]
    fn corrupt_models_are_errors() {
        let mut bytes = Vec::new();
        Trainer::new(&["A", "B"], 4).finish(0.0).write(&mut bytes);
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
