//! The cue lexicon: reporting verbs, multi-word cues and participles that introduce what
//! somebody said.

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

/// Finite reporting verbs (all inflections listed; matching is on lowercase tokens).
const VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "tell",
    "tells",
    "told",
    "add",
    "adds",
    "added",
    "note",
    "notes",
    "noted",
    "state",
    "states",
    "stated",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "underscore",
    "underscores",
    "underscored",
    "highlight",
    "highlights",
    "highlighted",
    "stress",
    "stresses",
    "stressed",
    "emphasise",
    "emphasises",
    "emphasised",
    "emphasize",
    "emphasizes",
    "emphasized",
    "hope",
    "hopes",
    "hoped",
    "warn",
    "warns",
    "warned",
    "urge",
    "urges",
    "urged",
    "express",
    "expresses",
    "expressed",
    "remark",
    "remarks",
    "remarked",
    "reiterate",
    "reiterates",
    "reiterated",
    "insist",
    "insists",
    "insisted",
    "argue",
    "argues",
    "argued",
    "claim",
    "claims",
    "claimed",
    "explain",
    "explains",
    "explained",
    "announce",
    "announces",
    "announced",
    "report",
    "reports",
    "reported",
    "write",
    "writes",
    "wrote",
    "tweet",
    "tweets",
    "tweeted",
    "post",
    "posts",
    "posted",
    "confirm",
    "confirms",
    "confirmed",
    "deny",
    "denies",
    "denied",
    "suggest",
    "suggests",
    "suggested",
    "predict",
    "predicts",
    "predicted",
    "ask",
    "asks",
    "asked",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "maintain",
    "maintains",
    "maintained",
    "observe",
    "observes",
    "observed",
    "comment",
    "comments",
    "commented",
    "declare",
    "declares",
    "declared",
    "vow",
    "vows",
    "vowed",
    "pledge",
    "pledges",
    "pledged",
    "promise",
    "promises",
    "promised",
    "caution",
    "cautions",
    "cautioned",
    "complain",
    "complains",
    "complained",
    "admit",
    "admits",
    "admitted",
    "concede",
    "concedes",
    "conceded",
    "estimate",
    "estimates",
    "estimated",
    "indicate",
    "indicates",
    "indicated",
    "recall",
    "recalls",
    "recalled",
    "contend",
    "contends",
    "contended",
    "allege",
    "alleges",
    "alleged",
    "assert",
    "asserts",
    "asserted",
    "counter",
    "counters",
    "countered",
    "disclose",
    "discloses",
    "disclosed",
    "reveal",
    "reveals",
    "revealed",
    "testify",
    "testifies",
    "testified",
    "lament",
    "laments",
    "lamented",
    "assure",
    "assures",
    "assured",
    "mention",
    "mentions",
    "mentioned",
    "propose",
    "proposes",
    "proposed",
    "signal",
    "signals",
    "signaled",
    "signalled",
    "conclude",
    "concludes",
    "concluded",
    "demand",
    "demands",
    "demanded",
    "accuse",
    "accuses",
    "accused",
    "charge",
    "charges",
    "charged",
    "acknowledging",
    "agree",
    "agrees",
    "agreed",
    "wonder",
    "wonders",
    "wondered",
    "fear",
    "fears",
    "feared",
    "expect",
    "expects",
    "expected",
    "boast",
    "boasts",
    "boasted",
    "quip",
    "quips",
    "quipped",
    "joke",
    "jokes",
    "joked",
];

/// Participles that continue the previous speaker's sentence.
const PARTICIPLES: &[&str] = &[
    "saying",
    "warning",
    "adding",
    "noting",
    "arguing",
    "insisting",
    "claiming",
    "stressing",
    "urging",
    "stating",
    "explaining",
    "asserting",
    "emphasising",
    "emphasizing",
    "calling",
    "suggesting",
    "telling",
    "declaring",
    "vowing",
    "pledging",
    "promising",
    "acknowledging",
    "highlighting",
    "underscoring",
    "reiterating",
    "expressing",
    "complaining",
    "writing",
];

/// Verbs that are only cues when followed by a particle ("called for", "pointed out").
const PARTICLE_VERBS: &[(&str, &str)] = &[
    ("call", "for"),
    ("calls", "for"),
    ("called", "for"),
    ("calling", "for"),
    ("urged", "for"),
    ("point", "out"),
    ("points", "out"),
    ("pointed", "out"),
    ("pointing", "out"),
    ("spoke", "of"),
    ("made", "clear"),
    ("makes", "clear"),
];

/// Verbs that need a clause or quote after them to be cues ("agreed that", "expected that"),
/// otherwise they are ordinary verbs ("agreed to follow up").
pub(crate) fn needs_that(word: &str) -> bool {
    matches!(
        word,
        "agree"
            | "agrees"
            | "agreed"
            | "expect"
            | "expects"
            | "expected"
            | "fear"
            | "fears"
            | "feared"
            | "post"
            | "posts"
            | "posted"
            | "report"
            | "reports"
            | "charge"
            | "charges"
            | "charged"
            | "accuse"
            | "accuses"
            | "accused"
            | "demand"
            | "demands"
            | "demanded"
            | "think"
            | "thinks"
            | "state"
            | "states"
            | "note"
            | "notes"
            | "signal"
            | "signals"
            | "counter"
            | "counters"
            | "estimate"
            | "estimates"
            | "announce"
            | "announces"
            | "announced"
            | "confirm"
            | "confirms"
            | "confirmed"
    )
}

/// Verbs that reject what somebody else said ("dismissed reports that ...", "dispelled rumours
/// that ..."): cues when their object is reported speech (see [`is_speech_noun`]).
pub(crate) fn rejects(word: &str) -> bool {
    matches!(
        word,
        "reject"
            | "rejects"
            | "rejected"
            | "dismiss"
            | "dismisses"
            | "dismissed"
            | "dispel"
            | "dispels"
            | "dispelled"
            | "refute"
            | "refutes"
            | "refuted"
            | "rebut"
            | "rebuts"
            | "rebutted"
    )
}

/// Nouns naming reported speech, the object of a rejecting verb: "claims", "reports",
/// "rumours", "allegations".
pub(crate) fn is_speech_noun(word: &str) -> bool {
    matches!(
        word,
        "claim"
            | "claims"
            | "report"
            | "reports"
            | "rumour"
            | "rumours"
            | "rumor"
            | "rumors"
            | "allegation"
            | "allegations"
            | "accusation"
            | "accusations"
            | "speculation"
            | "speculations"
            | "suggestion"
            | "suggestions"
            | "remark"
            | "remarks"
            | "comments"
            | "assertion"
            | "assertions"
            | "charge"
            | "charges"
            | "news"
    )
}

/// The "as saying" ending of a quotation cue at token `k`: its length in tokens.
fn as_saying(words: &Lowered, k: usize) -> Option<usize> {
    if words.get(k) != Some("as") {
        return None;
    }
    match words.get(k + 1) {
        Some("having") if words.get(k + 2) == Some("said") => Some(3),
        Some(w) if lexicon().participles.contains(w) => Some(2),
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
    let lex = lexicon();
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

/// The cue lists as hash sets: `match_cue` runs on every word of every sentence.
struct Lexicon {
    verbs: FxHashSet<&'static str>,
    participles: FxHashSet<&'static str>,
    particle_verbs: FxHashSet<(&'static str, &'static str)>,
    /// Every word a cue of the three sets above starts with.
    heads: FxHashSet<&'static str>,
    /// For each first byte, the lengths (bit `min(len, 15)`) of the heads starting with it.
    head_shapes: [u16; 256],
}

impl Lexicon {
    /// False when no head has `w`'s first byte and length: a test cheaper than hashing `w`.
    fn may_head(&self, w: &str) -> bool {
        let first = usize::from(w.as_bytes().first().copied().unwrap_or(0));
        let shapes = self.head_shapes.get(first).copied().unwrap_or(0);
        shapes & (1 << w.len().min(15)) != 0
    }
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let heads: FxHashSet<&'static str> = VERBS
            .iter()
            .chain(PARTICIPLES)
            .chain(PARTICLE_VERBS.iter().map(|(head, _)| head))
            .copied()
            .collect();
        let mut head_shapes = [0u16; 256];
        for h in &heads {
            let first = usize::from(h.as_bytes().first().copied().unwrap_or(0));
            if let Some(s) = head_shapes.get_mut(first) {
                *s |= 1 << h.len().min(15);
            }
        }
        Lexicon {
            verbs: VERBS.iter().copied().collect(),
            participles: PARTICIPLES.iter().copied().collect(),
            particle_verbs: PARTICLE_VERBS.iter().copied().collect(),
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
