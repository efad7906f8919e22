//! Headline attributions: `S: C` with the source first, `C: S` and `C – S` with it last.

use crate::domain::Rule;
use crate::extract::Candidate;
use crate::text::{self, Sentence};

use super::confidence;

/// `Qin: US-China relations at lowest point`, or with the source last: `Five killed in
/// raid: ministry`, `We have not devalued the naira – CBN`.
pub(crate) fn headline(text: &str, i: usize, s: &Sentence) -> Option<Candidate> {
    let line = text.get(s.range.clone())?;
    if let Some(c) = headline_tail(text, i, s, line) {
        return Some(c);
    }
    let colon = line.find(": ")?;
    let name = line.get(..colon)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 4
        || !words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let c0 = s.range.start + colon;
    let content = text::trim(text, c0 + 1..s.range.end);
    if content.is_empty() {
        return None;
    }
    Some(Candidate::new(
        i,
        c0..c0 + 1,
        Some(s.range.start..c0),
        vec![content],
        Rule::HeadlineColon,
        confidence::HEADLINE,
    ))
}

/// A headline ending in its source after a colon or a dash: one to four words, capitalised
/// ("CBN", "Foreign Ministry") or a description ending in a speaker's head noun ("ministry",
/// "police", "officials").
fn headline_tail(text: &str, i: usize, s: &Sentence, line: &str) -> Option<Candidate> {
    let trimmed = line.trim_end_matches(['.', ' ']);
    let (cut, sep) = [": ", " – ", " — ", " - "]
        .iter()
        .filter_map(|sep| trimmed.rfind(sep).map(|k| (k, sep.len())))
        .max()?;
    let name = trimmed.get(cut + sep..)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let described = words
        .last()
        .is_some_and(|w| crate::lexicon::is_speaker_head(&w.to_lowercase()))
        && words.len() <= 3;
    let claim = line.get(..cut)?;
    if words.is_empty()
        || words.len() > 4
        || !(capitalised || described)
        || claim.split_whitespace().count() < 3
    {
        return None;
    }
    let c0 = s.range.start + cut;
    let source = c0 + sep..c0 + sep + name.len();
    let content = text::trim(text, s.range.start..c0);
    // the mark itself, without its spaces
    let cue = c0 + usize::from(line.get(cut..)?.starts_with(' '))..c0 + sep - 1;
    Some(Candidate::new(
        i,
        cue,
        Some(source),
        vec![content],
        Rule::HeadlineColon,
        confidence::HEADLINE,
    ))
}
