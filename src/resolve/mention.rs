//! Readers of a mention's shape, over the words of the lexicon: titles ("Foreign Minister"),
//! demonyms, pronouns, "a statement from X", "a spokeswoman for X", "Name of Organisation",
//! "Title, Name". Pure functions over strings; deciding which entity a mention is stays in the
//! parent module and its `steps`.

use super::countries::{Countries, Form};
use crate::lexicon::{self, List};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use super::registry::norm_words;

pub(super) fn demonym(w: &str) -> Option<&'static str> {
    Some(match w {
        "chinese" | "china" | "beijing" | "prc" => "china",
        "us" | "american" | "america" | "washington" => "us",
        "japanese" | "japan" | "tokyo" => "japan",
        "russian" | "russia" | "moscow" | "kremlin" => "russia",
        "british" | "uk" | "britain" | "london" => "uk",
        "taiwanese" | "taiwan" | "taipei" => "taiwan",
        "indian" | "india" => "india",
        "korean" | "korea" => "korea",
        "french" | "france" => "france",
        "german" | "germany" => "germany",
        // any other country by its name or adjective (not by a capital or a city)
        _ => {
            return Countries::builtin()
                .lookup(w)
                .filter(|(c, f)| !c.place_only && matches!(f, Form::Name | Form::Adjective))
                .map(|(c, _)| c.key.as_str());
        }
    })
}

/// Synonyms a description's head may stand for in a role ("the top diplomat" for a foreign
/// minister or secretary of state).
pub(super) fn head_matches(head: &str, role: &[String]) -> bool {
    let has = |w: &str| role.iter().any(|r| r == w);
    match head {
        "diplomat" => {
            has("diplomat")
                || has("minister") && has("foreign")
                || (has("secretary") && has("state"))
                || has("ambassador")
                || has("envoy")
                || has("foreign") && (has("spokeswoman") || has("spokesman") || has("spokesperson"))
        }
        "official" => true,
        "spokesman" | "spokeswoman" | "spokesperson" => {
            has("spokesman") || has("spokeswoman") || has("spokesperson")
        }
        "advisor" | "adviser" => has("advisor") || has("adviser") || has("director"),
        h => has(h),
    }
}

pub(super) fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "him" | "her" | "it" | "they" | "them" | "we" | "i" | "you"
    )
}

/// A word that may be capitalised in an anonymous description ("Sources", "Diplomatic").
pub(super) fn is_anon_word(w: &str) -> bool {
    let lw = w.to_lowercase();
    lexicon::words(List::AnonHeads).contains(&lw.as_str())
        || lexicon::words(List::AnonModifiers).contains(&lw.as_str())
}

/// The issuer of a document used as a source: "a statement from the ministry" -> "the
/// ministry", "a readout of the meeting released by the State Department" -> "the State
/// Department".
/// Byte offset of `part`, a slice of `whole` (from `split_whitespace`), in `whole`: no search.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Byte offset of the first `needle` in a short `hay`: a plain scan, cheaper than `str::find`'s
/// searcher set-up for the few dozen bytes of a mention.
pub(super) fn find_short(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(n.len()).position(|w| w == n)
}

pub(super) fn issuer(mention: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = mention
        .split_whitespace()
        .map(|w| (offset_in(mention, w), w))
        .collect();
    let is_doc =
        |w: &str| lexicon::words(List::DocNouns).contains(&w.to_lowercase().trim_end_matches(','));
    // "a State Department readout", "a central bank statement"
    if let [first, .., (end, last)] = words.as_slice()
        && is_doc(last)
    {
        let det = matches!(first.1.to_lowercase().as_str(), "a" | "an" | "the");
        let from = if det { words.get(1)?.0 } else { first.0 };
        let by = mention.get(from..*end)?.trim();
        let org_like = by.split_whitespace().any(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || lexicon::words(List::OrgWords).contains(&w.to_lowercase().as_str())
        });
        return (org_like && !by.is_empty()).then_some(by);
    }
    let doc = words.iter().take(4).position(|(_, w)| is_doc(w))?;
    let by = words
        .iter()
        .enumerate()
        .skip(doc + 1)
        .take(8)
        .find(|(_, (_, w))| matches!(*w, "from" | "by"))
        .map(|(i, _)| i)?;
    let (at, _) = words.get(by + 1)?;
    mention.get(*at..).map(str::trim).filter(|r| !r.is_empty())
}

/// A capitalised word that is not a title, a country word or an anonymous modifier.
pub(super) fn is_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && !is_title(w) && !is_anon_word(w)
}

/// True when some word of `s` after its first is a name ("the Chinese minister" has none, "the
/// ministry's Wang Yi" has one); the first word may be capitalised only for the sentence.
pub(super) fn has_name(s: &str) -> bool {
    s.split_whitespace().skip(1).any(is_name_word)
}

/// "Omar Haddad", "Mr. Haddad": two to four capitalised words, the last a name.
pub(super) fn is_bare_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.last().is_some_and(|w| is_name_word(w))
        && !words
            .iter()
            .any(|w| lexicon::words(List::OrgWords).contains(&w.to_lowercase().as_str()))
}

/// "a spokeswoman for the agency" -> "the agency".
pub(super) fn spoken_for(mention: &str) -> Option<&str> {
    for w in mention.split_whitespace().take(4) {
        let at = offset_in(mention, w) + w.len();
        let lw = w.to_lowercase();
        if matches!(
            lw.as_str(),
            "spokesman" | "spokeswoman" | "spokesperson" | "representative"
        ) {
            let rest = mention.get(at..)?.trim_start();
            return ["for ", "of "]
                .iter()
                .find_map(|p| rest.strip_prefix(p))
                .map(str::trim)
                .filter(|r| !r.is_empty());
        }
    }
    None
}

/// "Vedant Patel of the State Department": the person part and the organisation part, when the
/// part before "of" / "for" / "at" ends in a name.
pub(super) fn split_affiliation(mention: &str) -> Option<(&str, &str)> {
    let (i, sep) = [" of ", " for ", " at "]
        .iter()
        .filter_map(|s| mention.find(s).map(|i| (i, *s)))
        .min()?;
    let (person, org) = (mention.get(..i)?, mention.get(i + sep.len()..)?);
    let last = person.split_whitespace().last()?;
    let name = last.chars().next().is_some_and(char::is_uppercase)
        && !is_title(last)
        && !lexicon::words(List::OrgWords).contains(&last.to_lowercase().as_str())
        && !is_calendar(last)
        && !is_anon_word(last);
    (name && !org.trim().is_empty()).then_some((person.trim(), org.trim()))
}

pub(super) fn strip_det(s: &str) -> &str {
    let t = s.trim();
    for d in ["the ", "The ", "a ", "A ", "an ", "An ", "some ", "Some "] {
        if let Some(r) = t.strip_prefix(d) {
            return r.trim();
        }
    }
    t
}

/// A title or country word ("Minister", "U.S.", "minister's"), ignoring case, periods,
/// apostrophes and a possessive "'s".
pub(super) fn is_title(w: &str) -> bool {
    title_lookup(w, crate::text::is_possessive(w))
}

/// [`is_title`] of `w` once its periods and apostrophes are gone, so a possessive is not
/// stripped: "ministers" for "minister's".
pub(super) fn is_title_bare(w: &str) -> bool {
    title_lookup(w, false)
}

/// `w` lowercased without periods and apostrophes (and without a final "s" when
/// `possessive`) is a title word or a country word.
fn title_lookup(w: &str, possessive: bool) -> bool {
    static TITLES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    let titles = TITLES.get_or_init(|| lexicon::words(List::Titles).iter().copied().collect());
    // a short ASCII word (nearly every one) is folded on the stack
    let mut buf = [0u8; 32];
    let owned: String;
    let lw = if w.is_ascii() && w.len() <= buf.len() {
        let mut n = 0;
        for b in w.bytes().filter(|b| !matches!(b, b'.' | b'\'')) {
            if let Some(slot) = buf.get_mut(n) {
                *slot = b.to_ascii_lowercase();
                n += 1;
            }
        }
        std::str::from_utf8(buf.get(..n).unwrap_or_default()).unwrap_or_default()
    } else {
        owned = w
            .chars()
            .filter(|c| !matches!(c, '.' | '’' | '\''))
            .flat_map(char::to_lowercase)
            .collect();
        &owned
    };
    let lw = lw.strip_suffix('s').filter(|_| possessive).unwrap_or(lw);
    // "president-elect", "vice-president", "ex-minister"
    let hyphenated = || {
        lw.split_once('-').is_some_and(|(a, b)| {
            titles.contains(a) && matches!(b, "elect" | "designate")
                || matches!(a, "vice" | "ex" | "deputy" | "acting") && titles.contains(b)
        })
    };
    titles.contains(lw) || demonym(lw).is_some() || hyphenated()
}

pub(super) fn role_is_title(r: &str) -> bool {
    r.split_whitespace().all(is_title)
}

fn is_calendar(w: &str) -> bool {
    lexicon::is_calendar_lower(&w.to_lowercase())
}

pub(super) fn role_words(role: &str) -> Vec<String> {
    norm_words(role)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and" | "a"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_file_holds_single_lowercase_words() {
        let words = lexicon::words(List::Titles);
        assert!(words.len() > 100);
        for w in words {
            assert!(
                !w.contains(char::is_whitespace) && w.to_lowercase() == *w,
                "{w:?}"
            );
        }
        assert!(is_title("Minister") && is_title("ambassador's") && is_title("Vice-President"));
        assert!(!is_title("Okafor"));
    }
}
