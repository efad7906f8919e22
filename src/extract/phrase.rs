//! The phrases around a cue: the source noun phrase (walking left from the cue or right from
//! "according to") with the post-modifiers that belong to it, whom the source spoke to ("told
//! Reuters", "in an interview with the BBC"), "citing" hops, and the short adjuncts that may
//! follow a tail cue ("..., the ministry said in a statement.").

use crate::lexicon::{self, List};
use std::ops::Range;

use super::cue::{CueKind, match_cue};
use crate::lexicon::is_calendar_lower;
use crate::text::{SentenceView, TokenKind};

/// The source noun phrase ending just before token `end` (exclusive), walking left.
pub(super) fn np_left(s: &SentenceView<'_>, end: usize, floor: usize) -> Option<Range<usize>> {
    // 'Yoon "stressed ...': the quotation opening with the cue is not part of the source
    let end = if end > floor + 1
        && s.toks
            .get(end - 1)
            .is_some_and(|t| t.kind == TokenKind::OpenQuote)
    {
        end - 1
    } else {
        end
    };
    let j = skip_adjuncts_left(s, end, floor);
    // appositive: "Wang, China's top foreign affairs advisor, said"
    if j > floor + 1 && s.is_punct(j - 1, ",") {
        let mut k = j - 1;
        let mut n = 0;
        while k > floor && !s.is_punct(k - 1, ",") && n < 12 {
            if !s.is_word(k - 1) {
                return None;
            }
            k -= 1;
            n += 1;
        }
        if k > floor + 1 && s.is_punct(k - 1, ",") {
            let head = extend_left(s, simple_np_left(s, k - 1, floor)?, floor);
            // "Haddad, speaking to Bloomberg, said": the aside is not part of the name
            if matches!(
                s.w(k),
                "speaking" | "talking" | "writing" | "citing" | "appearing" | "responding"
            ) {
                return Some(head);
            }
            return Some(head.start..j - 1);
        }
        return None;
    }
    let r = extend_left(s, simple_np_left(s, j, floor)?, floor);
    // "a senior official who declined to be named told": the relative clause's antecedent
    let who = (r.start.saturating_sub(6).max(floor)..r.start)
        .rev()
        .find(|&k| s.w(k) == "who")
        .filter(|&k| (k..r.start).all(|m| s.is_word(m)));
    if let Some(k) = who
        && let Some(ante) = simple_np_left(s, k, floor)
    {
        return Some(extend_left(s, ante, floor));
    }
    Some(r)
}

/// Walks left from token `end` over adverbs, auxiliaries and time adjuncts ("China on Thursday
/// urged", "The ministry had initially reported", "the Houthis late on Monday said").
fn skip_adjuncts_left(s: &SentenceView<'_>, end: usize, floor: usize) -> usize {
    let mut j = end;
    loop {
        let before = j;
        while j > floor && lexicon::words(List::Adverbs).contains(&s.w(j - 1)) {
            j -= 1;
        }
        if let Some(k) = time_adjunct_left(s, j, floor) {
            j = k;
        }
        if j == before {
            return j;
        }
    }
}

/// Where a time adjunct ending just before token `end` starts: "on Thursday", "on Dec. 30",
/// "in 2016", "last week", "Friday", "on Monday night", "earlier this month".
fn time_adjunct_left(s: &SentenceView<'_>, end: usize, floor: usize) -> Option<usize> {
    let mut k = end;
    let mut named_day = false;
    while k > floor && end - k < 5 && !s.quoted.get(k - 1).copied().unwrap_or(true) {
        let w = s.w(k - 1);
        if is_time_word(w) {
            named_day |= is_calendar_lower(w) || matches!(w, "yesterday" | "today" | "tonight");
        } else if !(w.bytes().all(|b| b.is_ascii_digit())
            || w == "," && k < end
            || matches!(w, "the" | "that" | "same") && k < end)
        {
            break;
        }
        k -= 1;
    }
    if k == end {
        return None;
    }
    let prep = |m: usize| {
        m > floor
            && matches!(
                s.w(m - 1),
                "on" | "in" | "late" | "early" | "earlier" | "last" | "this" | "next" | "until"
            )
    };
    if prep(k) {
        return Some(k - 1);
    }
    // "the" may open an adjunct after a preposition ("in the day"), not alone
    while k < end && matches!(s.w(k), "the" | "that" | "same") {
        k += 1;
    }
    // a bare day needs no preposition ("said Friday"); a bare number or "week" does
    (named_day && k < end).then_some(k)
}

/// Where a time adjunct starting at token `start` ends (exclusive): "Friday", "on Monday",
/// "on Dec. 30,", "last week".
pub(super) fn time_adjunct_right(s: &SentenceView<'_>, start: usize) -> Option<usize> {
    let prep = matches!(
        s.w(start),
        "on" | "in" | "late" | "early" | "earlier" | "last" | "this"
    );
    let mut k = start + usize::from(prep);
    let mut named_day = false;
    let mut any = false;
    while k < s.len() && k - start < 6 && !s.quoted.get(k).copied().unwrap_or(true) {
        let w = s.w(k);
        if is_time_word(w) {
            named_day |= is_calendar_lower(w) || matches!(w, "yesterday" | "today" | "tonight");
            any = true;
        } else if !(any && (w.bytes().all(|b| b.is_ascii_digit()) || w == "," || w == ".")) {
            break;
        }
        k += 1;
    }
    (any && (prep || named_day) && k < s.len()).then_some(k)
}

/// A word that names a time: days, months (also abbreviated), parts of a day, calendar units.
pub(super) fn is_time_word(w: &str) -> bool {
    is_calendar_lower(w)
        || matches!(
            w,
            "yesterday"
                | "today"
                | "tonight"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "day"
                | "week"
                | "weekend"
                | "month"
                | "year"
                | "jan"
                | "jan."
                | "feb"
                | "feb."
                | "aug"
                | "aug."
                | "sept"
                | "sept."
                | "sep."
                | "oct"
                | "oct."
                | "nov"
                | "nov."
                | "dec"
                | "dec."
        )
}

/// Grows a source noun phrase leftward over a post-modifier that belongs to it: "people
/// familiar with | the matter", "a statement from | the ministry", "a spokesman for | the
/// agency", "Vedant Patel of | the State Department".
fn extend_left(s: &SentenceView<'_>, r: Range<usize>, floor: usize) -> Range<usize> {
    let mut r = r;
    for _ in 0..3 {
        if r.start < floor + 2 {
            break;
        }
        let p = r.start - 1;
        let q = p - 1;
        if s.quoted.get(q).copied().unwrap_or(true) || !s.is_word(q) {
            break;
        }
        let (prep, before) = (s.w(p), s.w(q));
        let joins = match prep {
            "with" => matches!(before, "familiar" | "knowledge"),
            "to" => matches!(before, "close" | "closest"),
            "on" => matches!(before, "briefed"),
            "about" => matches!(before, "knowledgeable"),
            "of" => {
                matches!(before, "knowledge" | "behalf")
                    || lexicon::words(List::RoleNouns).contains(&before)
                    || lexicon::words(List::DocNouns).contains(&before)
                    || (s.is_cap(q) && match_cue(s.words, q).is_none())
            }
            "for" | "at" => lexicon::words(List::RoleNouns).contains(&before),
            // "China's embassy in Manila"
            "in" => matches!(
                before,
                "embassy" | "consulate" | "office" | "bureau" | "mission" | "delegation"
            ),
            "from" | "by" => lexicon::words(List::DocNouns).contains(&before),
            _ => false,
        };
        if !joins {
            break;
        }
        match simple_np_left(s, p, floor) {
            Some(l) if l.end == p => r = l.start..r.end,
            _ => break,
        }
    }
    r
}

fn simple_np_left(s: &SentenceView<'_>, end: usize, floor: usize) -> Option<Range<usize>> {
    let mut j = end;
    let mut n = 0;
    while j > floor && n < 10 {
        let k = j - 1;
        let w = s.w(k);
        let word = s.is_word(k) || (w == "@" || w == "(" || w == ")");
        if !word || s.quoted.get(k).copied().unwrap_or(false) {
            break;
        }
        // "Qin and Blinken said"; "Ankara and rights groups condemned", when the first
        // conjunct opens the clause (not "in Tokyo and officials said")
        let opens = |m: usize| {
            m == floor
                || m > floor && !s.is_word(m - 1) && !s.quoted.get(m - 1).copied().unwrap_or(true)
        };
        if w == "and" && k > floor && s.is_cap(k - 1) && (s.is_cap(k + 1) || opens(k - 1)) {
            j = k;
            n += 1;
            continue;
        }
        // a day or a date is never part of a source ("said Friday he hopes")
        if lexicon::words(List::NpStops).contains(&w)
            || (match_cue(s.words, k).is_some() && !s.is_cap(k))
            || is_calendar_lower(w) && s.is_cap(k)
        {
            break;
        }
        j = k;
        n += 1;
        if lexicon::words(List::Determiners).contains(&w) {
            // "Ankara and several rights groups": the first conjunct too
            if k >= floor + 2 && s.w(k - 1) == "and" && s.is_cap(k - 2) && opens(k - 2) {
                j = k - 2;
            }
            break;
        }
    }
    (j < end).then_some(j..end)
}

/// The noun phrase starting at token `start`, up to a comma, period, relative pronoun or the end.
pub(super) fn np_right(s: &SentenceView<'_>, start: usize) -> Option<Range<usize>> {
    let mut j = start;
    while j < s.len() && j - start < 14 {
        let w = s.w(j);
        if !(s.is_word(j) || matches!(w, "(" | ")" | "@"))
            || matches!(w, "who" | "which" | "that" | "citing" | "and")
        {
            break;
        }
        j += 1;
    }
    (j > start).then_some(start..j)
}

/// ", citing P" after a tail source: P is one more hop toward the original speaker.
/// Also after a short adjunct: "..., Reuters reported on Tuesday, citing two sources." Returns
/// the token of "citing" and P.
pub(super) fn citing(s: &SentenceView<'_>, after: usize) -> Option<(usize, Range<usize>)> {
    let mut j = after;
    while j < after + 10 && s.is_word(j) && match_cue(s.words, j).is_none() {
        j += 1;
    }
    if s.is_punct(j, ",") && s.w(j + 1) == "citing" {
        return Some((j + 1, np_right(s, j + 2)?));
    }
    None
}

/// "Citing P, ..." or ", citing P," between tokens `from` and `to`: the token of "citing" and P.
pub(super) fn citing_between(
    s: &SentenceView<'_>,
    from: usize,
    to: usize,
) -> Option<(usize, Range<usize>)> {
    let k = (from..to).find(|&k| {
        s.w(k) == "citing"
            && (k == from || s.is_punct(k - 1, ","))
            && !s.quoted.get(k).copied().unwrap_or(true)
    })?;
    let p = np_right(s, k + 1)?;
    let p = p.start..p.end.min(to);
    (!p.is_empty()).then_some((k, p))
}

/// True when token `i` opens a time or place adjunct: "in a statement", "on Tuesday", "late on
/// Monday", "at the United Nations" (a preposition before a verb is not one: "insisted on
/// getting").
fn opens_adjunct(s: &SentenceView<'_>, i: usize) -> bool {
    let time = |w: &str| {
        matches!(
            w,
            "week" | "month" | "year" | "morning" | "afternoon" | "evening" | "night" | "weekend"
        ) || lexicon::words(List::Weekdays).contains(&w)
    };
    let np = |k: usize| {
        s.is_cap(k)
            || time(s.w(k))
            || matches!(
                s.w(k),
                "a" | "an" | "the" | "his" | "her" | "their" | "its" | "several" | "two"
            )
    };
    match s.w(i) {
        "in" | "on" | "during" | "after" | "before" | "via" | "through" => np(i + 1),
        "at" => np(i + 1) && !matches!(s.w(i + 1), "least" | "most"),
        "late" | "early" | "earlier" | "later" | "last" | "this" => time(s.w(i + 1)),
        w => lexicon::words(List::Weekdays).contains(&w),
    }
}

/// True when tokens `r` read as a short clause ("she would stay", "ties improved") rather than
/// an object or adverb after a cue ("reporters", "sarcastically", "of Trump").
pub(super) fn clause_like(s: &SentenceView<'_>, r: Range<usize>) -> bool {
    let first = s.w(r.start);
    matches!(first, "he" | "she" | "they" | "it" | "we" | "i" | "you")
        || r.clone().any(|k| {
            matches!(
                s.w(k),
                "would"
                    | "will"
                    | "had"
                    | "has"
                    | "have"
                    | "was"
                    | "is"
                    | "were"
                    | "are"
                    | "could"
                    | "can"
                    | "should"
                    | "may"
                    | "might"
                    | "must"
                    | "did"
                    | "does"
            ) || (k > r.start && !s.is_cap(k) && s.w(k).ends_with("ed"))
        })
}

/// Cue words whose object is the listener ("told Reuters").
pub(super) fn is_tell(w: &str) -> bool {
    matches!(w, "told" | "tells" | "tell" | "telling")
}

/// Whom the source spoke to, between tokens `from` and `to`: the object of a "told" cue at
/// `from` (when `tell`), and the object of "with" / "to" after [`lexicon::words(List::Listening)`] words.
pub(super) fn listeners(
    s: &SentenceView<'_>,
    from: usize,
    to: usize,
    tell: bool,
) -> Vec<Range<usize>> {
    let object = |a: usize| {
        let mut b = a;
        while b < to
            && b < a + 8
            && s.is_word(b)
            && !s.quoted.get(b).copied().unwrap_or(true)
            && !lexicon::words(List::NpStops).contains(&s.w(b))
            && (b == a || s.is_cap(b) || match_cue(s.words, b).is_none())
            // a name ends at a lowercase word: "the Washington Post conducted before ..."
            && (b <= a || !s.is_cap(b - 1) || s.is_cap(b) || matches!(s.w(b), "of" | "and"))
        {
            b += 1;
        }
        (b > a).then_some(a..b)
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    if tell {
        out.extend(object(from));
    }
    for k in from..to {
        if matches!(s.w(k), "with" | "to")
            && k > 0
            && lexicon::words(List::Listening).contains(&s.w(k - 1))
            && let Some(r) = object(k + 1)
        {
            out.push(r);
        }
    }
    out
}

/// True when tokens `i..` hold nothing but a short adjunct before the sentence ends: "..., the
/// ministry said in a statement.", "..., Wang told Reuters on Tuesday."
pub(super) fn adjunct_to_end(s: &SentenceView<'_>, i: usize) -> bool {
    let mut i = i;
    if i > 0 && is_tell(s.w(i - 1)) {
        // the listener first: "told a crowd in Ohio"
        let mut j = i;
        while j < i + 3 && s.is_word(j) && !opens_adjunct(s, j) {
            j += 1;
        }
        if j == i || s.ends_at(j) {
            return j > i;
        }
        i = j;
    }
    // the adjunct runs to the end, or to ", adding ..." / ", citing ..."
    let end = (i..s.len())
        .find(|&k| {
            s.is_punct(k, ",")
                && (s.w(k + 1) == "citing"
                    || match_cue(s.words, k + 1).is_some_and(|(kind, _)| kind != CueKind::Verb))
        })
        .unwrap_or(s.len());
    opens_adjunct(s, i)
        && end - i <= 11
        && (i..end).all(|k| {
            !s.quoted.get(k).copied().unwrap_or(true)
                && s.w(k) != "that"
                && (k == i
                    || match_cue(s.words, k).is_none()
                    || matches!(s.w(k), "posted" | "released" | "published"))
                && (s.is_word(k) || matches!(s.w(k), "," | "." | "(" | ")" | "!" | "?"))
        })
}

/// The sentence subject: the noun phrase before its first verb-like word (for participles
/// whose main verb is not a cue: "Wang pressed Washington ..., warning that ...").
pub(super) fn subject(s: &SentenceView<'_>) -> Option<Range<usize>> {
    let a = intro_end(s);
    let mut j = a;
    while j < s.len()
        && j < a + 8
        && (s.is_cap(j)
            || (j > 0 && lexicon::words(List::Determiners).contains(&s.w(j)))
            // "The Central Bank of Nigeria (CBN)"
            || (j > a && s.w(j) == "of" && s.is_cap(j + 1))
            || (j > a && s.w(j) == "(" && s.is_cap(j + 1) && s.w(j + 2) == ")")
            || (j > a + 1 && s.w(j) == ")" && s.w(j - 2) == "("))
    {
        j += 1;
    }
    // "A World Health Organization official": a job or body after the name that qualifies it
    if j > a && s.is_cap(j - 1) && crate::lexicon::is_speaker_head(s.w(j)) {
        j += 1;
    }
    // "Germany's culture minister": the nouns after a possessive, as after a determiner
    let possessive = j > a && crate::text::is_possessive(s.w(j - 1));
    if j == a && matches!(s.w(a), "he" | "she" | "they" | "it" | "we" | "i") {
        j = a + 1;
    }
    // "The campaign declined ..., saying": the nouns after a determiner, up to the verb
    if j > a && (lexicon::words(List::Determiners).contains(&s.w(j - 1)) || possessive) {
        let start = j;
        while j < s.len()
            && j < start + 4
            && s.is_word(j)
            && !s.is_cap(j)
            && !lexicon::words(List::Adverbs).contains(&s.w(j))
            && !lexicon::words(List::NpStops).contains(&s.w(j))
            && !s.w(j).ends_with("ed")
            && match_cue(s.words, j).is_none()
        {
            j += 1;
        }
    }
    // a lone "The" is no subject
    let named = (a..j).any(|k| !lexicon::words(List::Determiners).contains(&s.w(k)));
    (j > a && named).then_some(a..j)
}

/// Where the sentence proper starts after an introductory adjunct closed by a comma: "During
/// a speech on Tuesday, Trump ...", "Recently, the ministry ...", "Chastened, the bank ...".
fn intro_end(s: &SentenceView<'_>) -> usize {
    let first = s.w(0);
    let opener = matches!(
        first,
        "during"
            | "after"
            | "before"
            | "in"
            | "on"
            | "at"
            | "since"
            | "while"
            | "when"
            | "despite"
            | "following"
            | "amid"
            | "earlier"
            | "later"
            | "last"
            | "as"
            | "for"
    ) || (first.len() > 4 && (first.ends_with("ly") || first.ends_with("ed")));
    if !opener || s.quoted.first().copied().unwrap_or(true) {
        return 0;
    }
    (1..s.len().min(14))
        .find(|&k| s.is_punct(k, ","))
        .filter(|&k| (1..k).all(|m| s.is_word(m) && match_cue(s.words, m).is_none()))
        .map_or(0, |k| k + 1)
}
