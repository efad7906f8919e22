//! Matching cues: reporting verbs, multi-word cues and participles that introduce what
//! somebody said (their words are in the lexicon, `data/lexicon.txt`).

use crate::lexicon::{self, List};
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text::Lowered;

/// How a cue behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// A finite reporting verb: "said", "acknowledged", "called for".
    Verb,
    /// A participle after a comma or "while": "..., saying ...", "while warning that ...".
    Participle,
    /// "according to".
    AccordingTo,
    /// "was quoted (by O) as saying": the source is on the left, the channel after "by".
    QuotedPassive,
    /// "O quoted S as saying": the channel is on the left, the source inside the cue.
    QuotedActive,
    /// A passive with its agent: "Those claims have been denied by X": the content is the
    /// subject, the source follows "by".
    PassiveBy,
}

/// A "quoted ... as saying" cue: tokens `start..end`, minus the tokens `gap` inside it that are
/// not part of the cue ("by Reuters" in the passive, the quoted person in the active form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuotedAs {
    pub kind: CueKind,
    pub start: usize,
    pub end: usize,
    pub gap: Option<(usize, usize)>,
}

/// Verbs that need a clause or quote after them to be cues ("agreed that", "expected that"),
/// otherwise they are ordinary verbs ("agreed to follow up").
pub(crate) fn needs_that(word: &str) -> bool {
    lexicon::words(List::NeedsThat).contains(&word)
}

/// Verbs that reject what somebody else said ("dismissed reports that ...", "dispelled rumours
/// that ..."): cues when their object is reported speech (see [`is_speech_noun`]).
pub(crate) fn rejects(word: &str) -> bool {
    lexicon::words(List::RejectingVerbs).contains(&word)
}

/// Nouns naming reported speech, the object of a rejecting verb: "claims", "reports",
/// "rumours", "allegations".
pub(crate) fn is_speech_noun(word: &str) -> bool {
    lexicon::words(List::SpeechNouns).contains(&word)
}

/// The "as saying" ending of a quotation cue at token `k`: its length in tokens.
fn as_saying(words: &Lowered, k: usize) -> Option<usize> {
    if words.get(k) != Some("as") {
        return None;
    }
    match words.get(k + 1) {
        Some("having") if words.get(k + 2) == Some("said") => Some(3),
        Some(w) if cue_sets().participles.contains(w) => Some(2),
        _ => None,
    }
}

/// Recognises "was quoted (by O) as saying" and "O quoted S as saying" (also "cited") at token
/// `i` of `words`.
pub(crate) fn match_quoted_as(words: &Lowered, i: usize) -> Option<QuotedAs> {
    let w = |k: usize| words.get(k).unwrap_or("");
    let quoted = |k: usize| matches!(w(k), "quoted" | "cited");
    // passive: "was quoted as saying", "has been quoted by Xinhua as saying"
    let verb = match w(i) {
        "has" | "have" | "had" if w(i + 1) == "been" => Some(i + 2),
        "was" | "were" | "is" | "are" | "been" | "being" => Some(i + 1),
        _ => None,
    };
    if let Some(v) = verb.filter(|&v| quoted(v)) {
        if let Some(n) = as_saying(words, v + 1) {
            return Some(QuotedAs {
                kind: CueKind::QuotedPassive,
                start: i,
                end: v + 1 + n,
                gap: None,
            });
        }
        // "quoted by Xinhua as saying", "quoted in the Financial Times as saying"
        if matches!(w(v + 1), "by" | "in" | "on") {
            for k in v + 3..(v + 12).min(words.len()) {
                if let Some(n) = as_saying(words, k) {
                    return Some(QuotedAs {
                        kind: CueKind::QuotedPassive,
                        start: i,
                        end: k + n,
                        gap: Some((v + 1, k)),
                    });
                }
                if matches!(w(k), "as" | "that" | "said" | "says" | "." | ";" | ":") {
                    break;
                }
            }
        }
        return None;
    }
    // active: "Reuters quoted a senior diplomat as saying"
    let passive = i > 0
        && matches!(
            w(i - 1),
            "was" | "were" | "is" | "are" | "been" | "being" | "be"
        );
    if !passive
        && matches!(
            w(i),
            "quoted" | "quotes" | "quote" | "cited" | "cites" | "cite"
        )
    {
        for k in i + 2..(i + 14).min(words.len()) {
            if let Some(n) = as_saying(words, k) {
                return Some(QuotedAs {
                    kind: CueKind::QuotedActive,
                    start: i,
                    end: k + n,
                    gap: Some((i + 1, k)),
                });
            }
            if matches!(w(k), "as" | "that" | "said" | "says" | "." | ";" | ":") {
                break;
            }
        }
    }
    None
}

/// Recognises a cue starting at token `i` of `words` (lowercased token texts). Returns its kind
/// and length in tokens.
pub(crate) fn match_cue(words: &Lowered, i: usize) -> Option<(CueKind, usize)> {
    let w = words.get(i)?;
    let next = words.get(i + 1);
    if w == "according" && next == Some("to") {
        return Some((CueKind::AccordingTo, 2));
    }
    let lex = cue_sets();
    // most words start no cue: their first byte and length rule them out, else one lookup
    if !lex.may_head(w) || !lex.heads.contains(w) {
        return None;
    }
    if let Some(p) = next
        && lex.particle_verbs.contains(&(w, p))
    {
        let kind = if w.ends_with("ing") {
            CueKind::Participle
        } else {
            CueKind::Verb
        };
        return Some((kind, 2));
    }
    if lex.participles.contains(w) {
        return Some((CueKind::Participle, 1));
    }
    if lex.verbs.contains(w) {
        return Some((CueKind::Verb, 1));
    }
    None
}

/// The cue lists of the lexicon as hash sets: `match_cue` runs on every word of every sentence.
struct CueSets {
    verbs: FxHashSet<&'static str>,
    participles: FxHashSet<&'static str>,
    particle_verbs: FxHashSet<(&'static str, &'static str)>,
    /// Every word a cue of the three sets above starts with.
    heads: FxHashSet<&'static str>,
    /// For each first byte, the lengths (bit `min(len, 15)`) of the heads starting with it.
    head_shapes: [u16; 256],
}

impl CueSets {
    /// False when no head has `w`'s first byte and length: a test cheaper than hashing `w`.
    fn may_head(&self, w: &str) -> bool {
        let first = usize::from(w.as_bytes().first().copied().unwrap_or(0));
        let shapes = self.head_shapes.get(first).copied().unwrap_or(0);
        shapes & (1 << w.len().min(15)) != 0
    }
}

fn cue_sets() -> &'static CueSets {
    static SETS: OnceLock<CueSets> = OnceLock::new();
    SETS.get_or_init(|| {
        // "called for": the verb and its particle
        let particle_verbs: FxHashSet<(&'static str, &'static str)> =
            lexicon::words(List::ParticleVerbs)
                .iter()
                .filter_map(|pv| pv.split_once(' '))
                .collect();
        let heads: FxHashSet<&'static str> = lexicon::words(List::ReportingVerbs)
            .iter()
            .chain(lexicon::words(List::Participles))
            .copied()
            .chain(particle_verbs.iter().map(|(head, _)| *head))
            .collect();
        let mut head_shapes = [0u16; 256];
        for h in &heads {
            let first = usize::from(h.as_bytes().first().copied().unwrap_or(0));
            if let Some(s) = head_shapes.get_mut(first) {
                *s |= 1 << h.len().min(15);
            }
        }
        CueSets {
            verbs: lexicon::words(List::ReportingVerbs)
                .iter()
                .copied()
                .collect(),
            participles: lexicon::words(List::Participles).iter().copied().collect(),
            particle_verbs,
            heads,
            head_shapes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(s: &str) -> Lowered {
        Lowered::new(s, &crate::text::tokens(s, 0..s.len()))
    }

    #[test]
    fn recognises_single_and_multi_word_cues() {
        assert_eq!(
            match_cue(&ws("according to reuters"), 0),
            Some((CueKind::AccordingTo, 2))
        );
        assert_eq!(
            match_cue(&ws("called for calm"), 0),
            Some((CueKind::Verb, 2))
        );
        assert_eq!(
            match_cue(&ws("saying it"), 0),
            Some((CueKind::Participle, 1))
        );
        assert_eq!(
            match_cue(&ws("acknowledged that"), 0),
            Some((CueKind::Verb, 1))
        );
        assert_eq!(match_cue(&ws("called him"), 0), None);
        assert_eq!(match_cue(&ws("met"), 0), None);
    }

    #[test]
    fn recognises_quoted_as_saying() {
        let q = match_quoted_as(&ws("he was quoted as saying it"), 1).unwrap();
        assert_eq!(
            (q.kind, q.start, q.end, q.gap),
            (CueKind::QuotedPassive, 1, 5, None)
        );
        let q = match_quoted_as(&ws("he was quoted by the paper as saying it"), 1).unwrap();
        assert_eq!(q.gap, Some((3, 6)));
        assert_eq!(q.end, 8);
        let q = match_quoted_as(&ws("xinhua quoted li as saying it"), 1).unwrap();
        assert_eq!(
            (q.kind, q.gap, q.end),
            (CueKind::QuotedActive, Some((2, 3)), 5)
        );
        let q = match_quoted_as(&ws("he was quoted in the paper as saying it"), 1).unwrap();
        assert_eq!((q.kind, q.gap), (CueKind::QuotedPassive, Some((3, 6))));
        assert!(match_quoted_as(&ws("he was quoted in the paper as saying it"), 2).is_none());
        assert!(match_quoted_as(&ws("he quoted the bible at length"), 1).is_none());
        assert!(match_quoted_as(&ws("it was cited as evidence"), 1).is_none());
    }
}
