//! Datelines and wire credits that open a story: "MANILA (Reuters) -", "SEOUL, March 11 (Yonhap)
//! --", "KUALA LUMPUR:", "MOSCOW, February 29. /TASS/.", "BOGOTA, Colombia (AP) —", "Beijing:",
//! a line that is only "(Xinhua)" or "TOKYO", and headline tags such as "(LEAD)". They say where
//! the story was filed and which wire wrote it; they are never part of a sentence, so a place
//! or a wire in one can never become the speaker of what follows.

use std::ops::Range;

/// A dateline at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Bytes of the whole dateline with its separator, from the paragraph start.
    pub range: Range<usize>,
    /// Bytes of the place ("MANILA"), empty for a credit or tag alone.
    pub place: Range<usize>,
    /// Bytes of the credited wire ("Reuters" in "(Reuters)", "TASS" in "/TASS/."), if any.
    pub credit: Option<Range<usize>>,
}

/// Headline tags of wire services, in parentheses before the headline: not a credit.
const TAGS: &[&str] = &[
    "LEAD",
    "URGENT",
    "UPDATE",
    "UPDATED",
    "LD",
    "2ND LD",
    "3RD LD",
    "4TH LD",
    "WRAPUP",
    "CORRECTED",
    "EXCLUSIVE",
    "ANALYSIS",
    "FACTBOX",
    "EXPLAINER",
    "REFILE",
    "BREAKING",
];

/// The paragraphs a dateline may open: the headline, a credit line, and the first lines of text.
pub(crate) const DATELINE_PARAGRAPHS: usize = 4;

/// The dateline opening the paragraph `para` of `text`, if it has one. `is_place` says whether
/// a capitalised word or two ("Beijing") names a known place: only such a place opens a
/// dateline that is not written in capitals ("Beijing: China on Tuesday ...").
pub fn dateline(
    text: &str,
    para: Range<usize>,
    is_place: &dyn Fn(&str) -> bool,
) -> Option<Dateline> {
    let p = text.get(para.clone())?;
    let at = |r: Range<usize>| r.start + para.start..r.end + para.start;
    scan(p, is_place).map(|d| Dateline {
        range: at(d.range),
        place: at(d.place),
        credit: d.credit.map(at),
    })
}

/// The same as [`dateline`] on a paragraph's own text, with offsets into it.
fn scan(p: &str, is_place: &dyn Fn(&str) -> bool) -> Option<Dateline> {
    // a headline tag: "(LEAD) Yoon hopes ..."
    if let Some(inner) = p
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map(|(a, _)| a)
        && TAGS.contains(&inner.trim())
    {
        let end = 1 + inner.len() + 1;
        let end = end + ws(p.get(end..)?);
        return Some(Dateline {
            range: 0..end,
            place: 0..0,
            credit: None,
        });
    }
    // a credit alone on its line: "(Xinhua)", "( Xinhua)"
    if let Some(inner) = p.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
        && credit_like(inner)
    {
        let lead = ws(inner);
        let name = inner.trim();
        return Some(Dateline {
            range: 0..p.len(),
            place: 0..0,
            credit: Some(1 + lead..1 + lead + name.len()),
        });
    }
    // a credit opening the story without a place: "(Reuters) - The minister said"
    if let Some((inner, rest)) = p.strip_prefix('(').and_then(|r| r.split_once(')'))
        && credit_like(inner)
    {
        let gap = ws(rest);
        let after = rest.get(gap..)?;
        if let Some(dash) = ["--", "–", "—", "-"]
            .iter()
            .find(|d| after.starts_with(**d))
        {
            let end = 1 + inner.len() + 1 + gap + dash.len();
            let lead = ws(inner);
            return Some(Dateline {
                range: 0..end + ws(p.get(end..)?),
                place: 0..0,
                credit: Some(1 + lead..1 + lead + inner.trim().len()),
            });
        }
    }
    // the place: up to four words in capitals, or one or two known capitalised words
    let words = leading_words(p, 4);
    let caps = words
        .iter()
        .take_while(|w| is_caps_word(p.get((*w).clone()).unwrap_or("")))
        .count();
    let (place, caps_place) = if caps > 0 {
        (0..words.get(caps - 1)?.end, true)
    } else {
        let two = words.get(1).map(|w| 0..w.end);
        let one = words.first().map(|w| 0..w.end)?;
        let known = |r: &Range<usize>| p.get(r.clone()).is_some_and(is_place);
        match two.filter(known) {
            Some(t) => (t, false),
            None if known(&one) => (one, false),
            None => return None,
        }
    };
    // a line that is only a place in capitals: "TOKYO"
    if caps_place && place.end == p.len() {
        return Some(Dateline {
            range: 0..p.len(),
            place,
            credit: None,
        });
    }
    let mut i = place.end;
    // ", March 11", ", Germany", ", February 29."
    if p.get(i..)?.starts_with(", ") {
        let rest = p.get(i + 2..)?;
        let n: usize = rest
            .split_inclusive(' ')
            .take(3)
            .take_while(|w| {
                let w = w.trim_end();
                let w = w.trim_end_matches(['.', ':', ',']);
                !w.is_empty()
                    && (w.chars().all(|c| c.is_ascii_digit())
                        || w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().all(|c| c.is_alphabetic() || c == '.'))
            })
            .map(str::len)
            .sum();
        let seg = rest.get(..n)?.trim_end().trim_end_matches([':', ',']);
        if seg.is_empty() {
            return None;
        }
        i += 2 + seg.len();
    }
    // "(Reuters)" or "/TASS/."
    let mut credit = None;
    let after = i + ws(p.get(i..)?);
    if let Some(inner) = p
        .get(after..)?
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map(|(a, _)| a)
        && credit_like(inner)
    {
        let lead = ws(inner);
        credit = Some(after + 1 + lead..after + 1 + lead + inner.trim().len());
        i = after + 1 + inner.len() + 1;
    } else if let Some(inner) = p
        .get(after..)?
        .strip_prefix('/')
        .and_then(|r| r.split_once('/'))
        .map(|(a, _)| a)
        && credit_like(inner)
    {
        credit = Some(after + 1..after + 1 + inner.len());
        i = after + 1 + inner.len() + 1;
        if p.get(i..)?.starts_with('.') {
            i += 1;
        }
    }
    // the separator: a dash of any length or a colon
    let after = i + ws(p.get(i..)?);
    let rest = p.get(after..)?;
    let sep = ["--", "—", "–", "-", ":"]
        .iter()
        .find(|s| rest.starts_with(**s));
    let end = match sep {
        Some(s) => after + s.len(),
        // a credit needs none: "/TASS/. The ...", "(AP) The ..."
        None if credit.is_some() => i,
        None => return None,
    };
    // the story follows: a capital letter, a quotation mark or a digit
    let end = end + ws(p.get(end..)?);
    let next = p.get(end..)?.chars().next()?;
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '‘' | '\''))
    {
        return None;
    }
    // a place that is not in capitals needs its colon ("Beijing: ..."), not a dash
    if !caps_place && sep != Some(&":") && credit.is_none() {
        return None;
    }
    Some(Dateline {
        range: 0..end,
        place,
        credit,
    })
}

/// Bytes of ASCII whitespace at the start of `s`.
fn ws(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t']).len()
}

/// The byte ranges of the first `n` space-separated words of `p`, without trailing commas,
/// colons or dashes.
fn leading_words(p: &str, n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for w in p.split(' ').take(n) {
        let core = w.trim_end_matches([',', ':']);
        let core_end = start + core.len();
        if core.is_empty() {
            break;
        }
        out.push(start..core_end);
        if core.len() != w.len() {
            break;
        }
        start += w.len() + 1;
    }
    out
}

/// A word in capitals naming a place: "MANILA", "KUALA", "AL-MUKALLA", "N'DJAMENA"; not a single
/// letter, and not the pronoun "I" or an initial.
fn is_caps_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// What a wire credit looks like: one to four capitalised words, short.
fn credit_like(inner: &str) -> bool {
    let t = inner.trim();
    !t.is_empty()
        && t.len() <= 40
        && t.split(' ').count() <= 4
        && t.chars().next().is_some_and(char::is_uppercase)
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '&' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &str) -> Option<(&str, &str, Option<&str>, &str)> {
        let known = |w: &str| matches!(w, "Beijing" | "New Delhi");
        let d = scan(p, &known)?;
        Some((
            p.get(d.range.clone())?,
            p.get(d.place)?,
            d.credit.and_then(|c| p.get(c)),
            p.get(d.range.end..)?,
        ))
    }

    #[test]
    fn wire_datelines_are_found_with_their_credit() {
        let cases = [
            (
                "LIMA (Reuters) - The minister said",
                "LIMA",
                Some("Reuters"),
                "The minister said",
            ),
            (
                "LIMA (Reuters) -The minister said",
                "LIMA",
                Some("Reuters"),
                "The minister said",
            ),
            (
                "SAN JOSE, May 2 (Yonhap) -- Talks",
                "SAN JOSE",
                Some("Yonhap"),
                "Talks",
            ),
            ("OSLO – The talks", "OSLO", None, "The talks"),
            (
                "NAIROBI, Kenya (AP) — Police",
                "NAIROBI",
                Some("AP"),
                "Police",
            ),
            (
                "RIGA, March 3. /TASS/. The envoy",
                "RIGA",
                Some("TASS"),
                "The envoy",
            ),
            ("PORT LOUIS: The cabinet", "PORT LOUIS", None, "The cabinet"),
            (
                "Beijing: China on Monday",
                "Beijing",
                None,
                "China on Monday",
            ),
            ("New Delhi: India said", "New Delhi", None, "India said"),
            ("QUITO, Ecuador: \"We will\"", "QUITO", None, "\"We will\""),
        ];
        for (p, place, credit, rest) in cases {
            let (_, pl, cr, re) = parts(p).unwrap_or_else(|| panic!("{p}"));
            assert_eq!((pl, cr, re), (place, credit, rest), "{p}");
        }
    }

    #[test]
    fn credit_lines_place_lines_and_tags() {
        assert_eq!(parts("(Xinhua)").map(|d| d.2), Some(Some("Xinhua")));
        assert_eq!(parts("( Xinhua)").map(|d| d.2), Some(Some("Xinhua")));
        let opening = parts("(Reuters) – The minister said").unwrap();
        assert_eq!(
            (opening.2, opening.3),
            (Some("Reuters"), "The minister said")
        );
        assert!(parts("(Updated) The minister said").is_none());
        assert_eq!(parts("OSLO").map(|d| (d.1, d.3)), Some(("OSLO", "")));
        let tag = parts("(LEAD) Mayor hopes for rain").unwrap();
        assert_eq!((tag.2, tag.3), (None, "Mayor hopes for rain"));
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        for p in [
            "US denies the report",
            "UK helps the talks along",
            "The minister said - at length - that",
            "Officials: none came",
            "Update: the talks resumed",
            "NATO and the EU said",
            "I said - no",
            "(This is an aside) and more",
            "Wang said: \"No.\"",
        ] {
            assert_eq!(parts(p), None, "{p}");
        }
    }
}
