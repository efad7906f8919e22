//! Span conventions: where an output cue and content begin. The rules and the learned model
//! read the same attribution with different edges (the model, trained on PolNeAR, puts the
//! complementizer "that" in the content; the rules leave it out), so one pass over every
//! attribution gives them the same shape: a cue is its whole verb group ("has also said", "did
//! not deny"), and a content starts after the complementizer ("said that C": C) in the claims
//! conventions, or at it in PolNeAR's ([`SpanStyle`]).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::lexicon::{self, List};

/// Which annotation conventions output spans follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SpanStyle {
    /// The claims conventions (`../shared/eval/CONVENTIONS.md`): a content starts after the
    /// complementizer ("said that C": C).
    #[default]
    Claims,
    /// PolNeAR's conventions: a content starts at its complementizer ("said that C": "that C").
    Polnear,
}

fn in_verb_group(w: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(|| lexicon::words(List::VerbGroup).iter().copied().collect());
    !w.chars().any(char::is_uppercase)
        && (words.contains(w) || w.ends_with("n't") || w.ends_with("n’t"))
}

/// The word that ends just before `end` (after any whitespace, on the same line) and where it
/// starts, or `None` when punctuation, a line break or `floor` comes first.
fn word_before(text: &str, floor: usize, end: usize) -> Option<(usize, &str)> {
    let before = text.get(floor..end)?;
    let trimmed = before.trim_end();
    let gap = before.get(trimmed.len()..)?;
    if gap.is_empty() || gap.contains('\n') {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = trimmed.get(start..)?;
    (!word.is_empty()).then_some((floor + start, word))
}

/// The cue `cue` with the auxiliaries, negations and adverbs right before it ("has also said"),
/// not reaching back past `floor` (the end of the source, or whatever else comes before the
/// cue). Cues that are no verbs ("according to", a colon) stay as they are.
pub(super) fn verb_group(text: &str, cue: &Range<usize>, floor: usize) -> Range<usize> {
    let first = text
        .get(cue.clone())
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or("");
    if !first.chars().next().is_some_and(char::is_alphabetic)
        || matches!(first.to_lowercase().as_str(), "according" | "as")
    {
        return cue.clone();
    }
    let mut start = cue.start;
    while let Some((at, w)) = word_before(text, floor, start) {
        if !in_verb_group(w) {
            break;
        }
        start = at;
    }
    start..cue.end
}

/// Words after which a "that" opening a content is a demonstrative ("said that was wrong"), not
/// a complementizer.
fn demonstrative_before(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "will"
            | "would"
            | "has"
            | "had"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
            | "does"
            | "did"
            | "isn't"
            | "wasn't"
    )
}

/// Moves the start of the first content span after the cue to the style's convention: past a
/// leading complementizer "that" (claims), or back over the "that" just before it (PolNeAR).
pub(super) fn content_start(
    text: &str,
    style: SpanStyle,
    cue_end: usize,
    content: &mut [Range<usize>],
) {
    let Some(first) = content.iter_mut().find(|r| r.start >= cue_end) else {
        return;
    };
    match style {
        SpanStyle::Claims => {
            let Some(t) = text.get(first.clone()) else {
                return;
            };
            let mut words = t.split_whitespace();
            let (Some(that), Some(next)) = (words.next(), words.next()) else {
                return;
            };
            if that.eq_ignore_ascii_case("that")
                && !demonstrative_before(&next.to_lowercase())
                && !next.starts_with(['.', ',', ';', ':'])
            {
                let rest = t.trim_start();
                let after = t.len() - rest.len() + that.len();
                let tail = t.get(after..).unwrap_or("");
                first.start += after + (tail.len() - tail.trim_start().len());
            }
        }
        SpanStyle::Polnear => {
            if let Some((at, w)) = word_before(text, cue_end, first.start)
                && w.eq_ignore_ascii_case("that")
            {
                first.start = at;
            }
        }
    }
}

/// "complained about C", "warned against C": the preposition that opens the first content after
/// the cue belongs to the cue (as in PolNeAR), the content is its object.
pub(super) fn topic_to_cue(text: &str, cue: &mut Range<usize>, content: &mut [Range<usize>]) {
    let Some(first) = content.iter_mut().find(|r| r.start >= cue.end) else {
        return;
    };
    let Some(t) = text.get(first.clone()) else {
        return;
    };
    let word = t.split_whitespace().next().unwrap_or("");
    let gap_clear = text
        .get(cue.end..first.start)
        .is_some_and(|g| g.chars().all(char::is_whitespace));
    let rest = t.get(word.len()..).unwrap_or("");
    let object = rest.trim_start();
    if gap_clear
        && t.starts_with(word)
        && matches!(word.to_lowercase().as_str(), "about" | "against")
        && object.chars().next().is_some_and(char::is_alphanumeric)
    {
        cue.end = first.start + word.len();
        first.start += t.len() - object.len();
    }
}

/// Words that open a clause of the sentence rather than an appositive of the source before them
/// ("said Kim, adding ...", "said Kim, who ...", "said Kim, and C").
fn opens_clause(w: &str) -> bool {
    let w = w.to_lowercase();
    (w.len() > 4 && w.ends_with("ing"))
        || matches!(
            w.as_str(),
            "and"
                | "but"
                | "or"
                | "nor"
                | "so"
                | "then"
                | "however"
                | "though"
                | "although"
                | "because"
                | "since"
                | "while"
                | "when"
                | "where"
                | "which"
                | "if"
                | "as"
                | "after"
                | "before"
                | "during"
                | "in"
                | "on"
                | "at"
                | "for"
                | "to"
                | "with"
                | "without"
                | "than"
                | "like"
                | "according"
                | "despite"
        )
}

/// The longest appositive this reads: words up to the end of the sentence, a line break or a
/// quotation mark, not counting a comma or sentence-final punctuation before that end.
const MAX_APPOSITIVE: usize = 200;

/// In PolNeAR's conventions a source holds the appositive the writer added ("said Victor Cha, a
/// Korea scholar at CSIS"; "Kim, 56, a lawyer, said"): the source span with it, up to `limit`
/// (the sentence end) and never into `content`. The claims conventions keep the name alone.
pub(super) fn source_extent(
    text: &str,
    style: SpanStyle,
    source: &Range<usize>,
    cue: &Range<usize>,
    content: &[Range<usize>],
    limit: usize,
) -> Range<usize> {
    let mut out = source.clone();
    if style != SpanStyle::Polnear {
        return out;
    }
    let clear = |end: usize| !content.iter().any(|c| c.start < end && source.end < c.end);
    if source.end <= cue.start {
        // "Kim, a lawyer, said"
        let Some(gap) = text.get(source.end..cue.start) else {
            return out;
        };
        let inner = gap.trim_end().strip_suffix(',').map(str::trim_end);
        if let Some(inner) = inner.and_then(|g| g.strip_prefix(','))
            && !inner.contains(['"', '“', '”', '\n'])
            && inner
                .split_whitespace()
                .next()
                .is_some_and(|w| !opens_clause(w))
        {
            out.end = source.end + 1 + inner.len();
        }
    } else if let Some(rest) = text.get(source.end..limit.max(source.end))
        && let Some(after) = rest.strip_prefix(',')
        && after
            .split_whitespace()
            .next()
            .is_some_and(|w| !opens_clause(w))
    {
        // "said Kim, a lawyer."
        let end = after
            .find(['"', '“', '”', '\n'])
            .unwrap_or(after.len())
            .min(MAX_APPOSITIVE);
        let Some(chunk) = after.get(..end) else {
            return out;
        };
        let chunk = chunk
            .trim_end()
            .trim_end_matches([',', '.', '?', '!', ';', ':'])
            .trim_end();
        let new_end = source.end + 1 + chunk.len();
        if !chunk.trim().is_empty() && clear(new_end) {
            out.end = new_end;
        }
    }
    out
}

/// A source read right before its cue without the verb-group words at its end ("he doesn't |
/// think": the source is "he", the cue "doesn't think").
pub(super) fn source_before_group(
    text: &str,
    source: &Range<usize>,
    cue_start: usize,
) -> Range<usize> {
    let mut out = source.clone();
    if !text
        .get(source.end..cue_start)
        .is_some_and(|gap| gap.chars().all(char::is_whitespace))
    {
        return out;
    }
    // a one-word source stays whole
    while let Some(t) = text.get(out.clone()).map(str::trim_end)
        && let Some(start) = t
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| i + c.len_utf8())
        && t.get(start..).is_some_and(in_verb_group)
    {
        out.end = out.start + t.get(..start).map_or(0, |h| h.trim_end().len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(text: &str, cue: &str, floor: usize) -> String {
        let at = text.find(cue).expect("cue in text");
        let r = verb_group(text, &(at..at + cue.len()), floor);
        text[r].to_string()
    }

    #[test]
    fn a_cue_takes_its_auxiliaries_negations_and_adverbs() {
        assert_eq!(
            group("Kim has also said that C.", "said", 3),
            "has also said"
        );
        assert_eq!(group("Kim didn't deny it.", "deny", 3), "didn't deny");
        assert_eq!(
            group("Kim did not immediately deny it.", "deny", 3),
            "did not immediately deny"
        );
        assert_eq!(
            group("Kim had repeatedly warned of C.", "warned", 3),
            "had repeatedly warned"
        );
        // not the source, not a capitalised word, not over punctuation or a line break
        assert_eq!(group("Also said C.", "said", 0), "said");
        assert_eq!(group("It was, he said, C.", "said", 11), "said");
        assert_eq!(group("was\nsaid C.", "said", 0), "said");
        assert_eq!(group("They have said C.", "said", 9), "said");
        // no verb, no group
        assert_eq!(
            group("C, as has according to Kim.", "according to", 0),
            "according to"
        );
    }

    #[test]
    fn a_preposition_opening_the_content_joins_the_cue() {
        let text = "Lee complained about the fees.";
        let at = text.find("complained").expect("cue");
        let mut cue = at..at + "complained".len();
        let mut content: Vec<Range<usize>> =
            std::iter::once(text.find("about").expect("about")..text.len() - 1).collect();
        topic_to_cue(text, &mut cue, &mut content);
        assert_eq!(&text[cue], "complained about");
        assert_eq!(&text[content[0].clone()], "the fees");
    }

    #[test]
    fn the_complementizer_follows_the_style() {
        let text = "Kim said that the plan failed. Lee said that was wrong.";
        let cue = text.find("said").expect("cue") + 4;
        let that = text.find("that").expect("that");
        let mut c: Vec<Range<usize>> = std::iter::once(that..29).collect();
        content_start(text, SpanStyle::Claims, cue, &mut c);
        assert_eq!(&text[c[0].clone()], "the plan failed");
        content_start(text, SpanStyle::Polnear, cue, &mut c);
        assert_eq!(&text[c[0].clone()], "that the plan failed");
        // a demonstrative "that" is the content's own word
        let cue = text.rfind("said").expect("cue") + 4;
        let that = text.rfind("that").expect("that");
        let mut c: Vec<Range<usize>> = std::iter::once(that..text.len() - 1).collect();
        content_start(text, SpanStyle::Claims, cue, &mut c);
        assert_eq!(&text[c[0].clone()], "that was wrong");
    }

    fn source(text: &str, name: &str, cue: &str, style: SpanStyle) -> String {
        let at = text.find(name).expect("source in text");
        let c = text.find(cue).expect("cue in text");
        let r = source_before_group(text, &(at..at + name.len()), c);
        let r = source_extent(text, style, &r, &(c..c + cue.len()), &[], text.len());
        text[r].to_string()
    }

    #[test]
    fn a_polnear_source_holds_its_appositive() {
        let after = "\"C,\" said Mira Holm, a port economist.";
        assert_eq!(
            source(after, "Mira Holm", "said", SpanStyle::Claims),
            "Mira Holm"
        );
        assert_eq!(
            source(after, "Mira Holm", "said", SpanStyle::Polnear),
            "Mira Holm, a port economist"
        );
        let before = "Mira Holm, 56, a port economist, said C.";
        assert_eq!(
            source(before, "Mira Holm", "said", SpanStyle::Polnear),
            "Mira Holm, 56, a port economist"
        );
        // a clause after the name is no appositive
        let adding = "\"C,\" said Mira Holm, adding that D.";
        assert_eq!(
            source(adding, "Mira Holm", "said", SpanStyle::Polnear),
            "Mira Holm"
        );
        // verb-group words read into the source go to the cue
        assert_eq!(
            source(
                "He doesn't think so.",
                "He doesn't",
                "think",
                SpanStyle::Claims
            ),
            "He"
        );
    }
}
