//! The named-entity tagger: what kind of thing each capitalised word names (a person, an
//! organisation, a place, something else named, a time or a number), learned from the `ner`
//! column CoreNLP wrote into the PolNeAR token files. Resolution reads it where its word lists
//! run out: a capitalised name no registry, gazetteer or title list knows ("Hezbollah said",
//! "officials in Donetsk said") is typed by the tagger instead of being taken for a person.
//!
//! Only capitalised words are tagged (a lowercase word is Outside): they are the only ones
//! resolution asks about, and they are about one token in seven, so the tagger costs little.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::perceptron::{Features, Perceptron, argmax_sum, h};
use super::{EncodedSentence, at};
use crate::text::TokenKind;

/// Labels of the tagger, in model order.
pub(super) const NER_LABELS: &[&str] = &["O", "PER", "ORG", "LOC", "MISC", "TIME", "NUM"];

/// What a capitalised word names, as the tagger reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Ner {
    /// Not part of a name ("The" opening a sentence, a title).
    Outside,
    /// A person.
    Person,
    /// An organisation: a government body, a party, a company, an armed group.
    Organization,
    /// A place: a country, a region, a city, a sea.
    Location,
    /// Another name: a nationality, an event, a law, a product.
    Misc,
    /// A date, a weekday, a month, a duration.
    Time,
    /// A number, an ordinal, an amount.
    Number,
}

impl Ner {
    /// The label at index `i` of [`NER_LABELS`].
    pub(super) fn from_index(i: usize) -> Ner {
        match i {
            1 => Ner::Person,
            2 => Ner::Organization,
            3 => Ner::Location,
            4 => Ner::Misc,
            5 => Ner::Time,
            6 => Ner::Number,
            _ => Ner::Outside,
        }
    }

    /// The index of this label in [`NER_LABELS`].
    pub(super) fn index(self) -> usize {
        match self {
            Ner::Outside => 0,
            Ner::Person => 1,
            Ner::Organization => 2,
            Ner::Location => 3,
            Ner::Misc => 4,
            Ner::Time => 5,
            Ner::Number => 6,
        }
    }

    /// The training label (index into [`NER_LABELS`]) of a CoreNLP `ner` value.
    pub(super) fn index_of_corenlp(tag: &str) -> usize {
        match tag {
            "PERSON" => 1,
            "ORGANIZATION" => 2,
            "LOCATION" => 3,
            "MISC" => 4,
            "DATE" | "TIME" | "DURATION" | "SET" => 5,
            "NUMBER" | "ORDINAL" | "PERCENT" | "MONEY" => 6,
            _ => 0,
        }
    }
}

/// A capitalised word and the tagger's label for it, by its byte range in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedWord {
    /// Byte range of the word.
    pub range: Range<usize>,
    /// What it names.
    pub kind: Ner,
    /// The kind of its part of speech: "But" and "That" opening a sentence are capitalised
    /// without being names or nouns.
    pub class: WordClass,
}

/// What part of speech a word has, as far as names care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum WordClass {
    /// A proper noun (NNP, NNPS).
    Proper,
    /// A common noun or an adjective ("Culture" in "Culture Minister").
    Nominal,
    /// Anything else: a conjunction, a determiner, an adverb, a verb.
    Other,
}

impl WordClass {
    /// The class of a POS tag.
    pub(super) fn of_tag(tag: &str) -> WordClass {
        if tag.starts_with("NNP") {
            WordClass::Proper
        } else if tag.starts_with("NN") || tag.starts_with("JJ") {
            WordClass::Nominal
        } else {
            WordClass::Other
        }
    }
}

/// Whether token `i` of `s` is one the tagger labels: a word starting with a capital letter.
pub(super) fn is_target(s: &EncodedSentence, i: usize) -> bool {
    s.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
        && s.cap.get(i).copied().unwrap_or(false)
}

/// Features of token `i` for the tagger, given the label of the token before it (Outside when
/// that token was not tagged).
pub(super) fn ner_features(f: &mut Features, s: &EncodedSentence, i: usize, prev: usize) {
    let k = i as isize;
    let (w, shape, t) = (s.w(k), at(&s.shape, k), s.t(k));
    let p = prev as u64;
    let cap = |j: isize| u64::from(usize::try_from(j).is_ok_and(|j| is_target(s, j)));
    f.clear();
    f.add(70, &[]);
    f.add(71, &[w]);
    f.add(72, &[w, shape]);
    f.add(73, &[shape]);
    f.add(74, &[at(&s.suf3, k)]);
    f.add(75, &[at(&s.suf2, k)]);
    f.add(76, &[t]);
    f.add(77, &[s.w(k - 1)]);
    f.add(78, &[s.w(k + 1)]);
    f.add(79, &[at(&s.shape, k - 1)]);
    f.add(80, &[at(&s.shape, k + 1)]);
    f.add(81, &[s.t(k - 1), t]);
    f.add(82, &[t, s.t(k + 1)]);
    f.add(83, &[p]);
    f.add(84, &[p, w]);
    f.add(85, &[p, shape, cap(k + 1)]);
    f.add(86, &[u64::from(i == 0), w]);
    f.add(87, &[w, s.w(k + 1)]);
    f.add(88, &[s.w(k - 1), w]);
    f.add(89, &[s.w(k - 2)]);
    f.add(90, &[s.w(k + 2)]);
    f.add(91, &[at(&s.stem, k)]);
    f.add(92, &[cap(k - 1), cap(k + 1), t]);
    f.add(93, &[s.w(k - 1), s.w(k + 1)]);
    f.add(
        94,
        &[
            h("len"),
            s.toks.get(i).map_or(0, |t| t.range.len().min(12) as u64),
        ],
    );
    // "Gazprom said it ...", "Ortiz said he ...": the pronoun that follows tells a body from
    // a person
    let follows = pronoun_after(s, i);
    f.add(95, &[follows]);
}

/// The kind of the first personal pronoun within a few tokens after token `i`: 0 none, 1 "it",
/// 2 "he" or "she", 3 "they".
fn pronoun_after(s: &EncodedSentence, i: usize) -> u64 {
    static PRONOUNS: std::sync::OnceLock<[(u64, u64); 10]> = std::sync::OnceLock::new();
    let table = PRONOUNS.get_or_init(|| {
        [
            (h("it"), 1),
            (h("its"), 1),
            (h("he"), 2),
            (h("his"), 2),
            (h("him"), 2),
            (h("she"), 2),
            (h("her"), 2),
            (h("they"), 3),
            (h("their"), 3),
            (h("them"), 3),
        ]
    });
    (i + 1..(i + 8).min(s.len()))
        .find_map(|j| {
            let w = s.w(j as isize);
            table.iter().find(|(p, _)| *p == w).map(|(_, k)| *k)
        })
        .unwrap_or(0)
}

/// Labels every capitalised word of a tagged sentence, left to right. `classes` gives the
/// word class of each POS tag code.
pub(super) fn tag(
    p: &Perceptron,
    classes: &[WordClass],
    s: &EncodedSentence,
    out: &mut Vec<NamedWord>,
) {
    let mut f = Features::default();
    let mut acc = vec![0i32; p.width()];
    let n = p.labels().len();
    let mut prev = 0;
    for i in 0..s.len() {
        if !is_target(s, i) {
            prev = 0;
            continue;
        }
        ner_features(&mut f, s, i, prev);
        acc.iter_mut().for_each(|a| *a = 0);
        p.sum(&f.keys, &mut acc);
        let best = argmax_sum(acc.get(..n).unwrap_or_default());
        prev = best;
        if let Some(t) = s.toks.get(i) {
            out.push(NamedWord {
                range: t.range.clone(),
                kind: Ner::from_index(best),
                class: classes
                    .get(s.code(i as isize))
                    .copied()
                    .unwrap_or(WordClass::Other),
            });
        }
    }
}

/// Whether `kind` names something (a person, body, place or other name), as opposed to a time,
/// a number or no name.
fn is_name(kind: Ner) -> bool {
    matches!(
        kind,
        Ner::Person | Ner::Organization | Ner::Location | Ner::Misc
    )
}

/// One reading per word in a document: a word read as a name in several places takes the
/// reading it got most often, so "Obama" read as an organisation once and as a person five
/// times is a person throughout. Ties keep each reading; Outside, times and numbers don't vote.
pub(super) fn agree(text: &str, words: &mut [NamedWord]) {
    let key = |w: &NamedWord| {
        text.get(w.range.clone()).map(|s| {
            s.trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
    };
    let mut votes: FxHashMap<String, [u32; NER_LABELS.len()]> = FxHashMap::default();
    for w in words.iter().filter(|w| is_name(w.kind)) {
        if let Some(k) = key(w)
            && let Some(n) = votes.entry(k).or_default().get_mut(w.kind.index())
        {
            *n += 1;
        }
    }
    for w in words.iter_mut().filter(|w| is_name(w.kind)) {
        let Some(v) = key(w).and_then(|k| votes.get(&k)) else {
            continue;
        };
        let own = v.get(w.kind.index()).copied().unwrap_or(0);
        if let Some((best, _)) = v
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > own)
            .max_by_key(|(i, n)| (**n, usize::MAX - i))
        {
            w.kind = Ner::from_index(best);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corenlp_classes_fold_into_seven_labels() {
        for (tag, label) in [
            ("PERSON", "PER"),
            ("ORGANIZATION", "ORG"),
            ("LOCATION", "LOC"),
            ("MISC", "MISC"),
            ("DATE", "TIME"),
            ("DURATION", "TIME"),
            ("MONEY", "NUM"),
            ("ORDINAL", "NUM"),
            ("O", "O"),
            ("CAUSE_OF_DEATH", "O"),
        ] {
            let i = Ner::index_of_corenlp(tag);
            assert_eq!(NER_LABELS.get(i), Some(&label), "{tag}");
        }
        for i in 0..NER_LABELS.len() {
            assert_eq!(Ner::from_index(i).index(), i);
        }
        assert_eq!(Ner::from_index(99), Ner::Outside);
    }
}
