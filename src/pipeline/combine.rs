//! Combining the two extractors: the hand-written rules, which know news shapes, channels and
//! speakers, and the learned tagger, which knows the long tail of cues and where clauses end.
//! The policy (which spans each side wins) is documented on [`merge`].

use std::ops::Range;

use crate::extract::Candidate;

/// Rules whose spans the learned model may correct: the general clause shapes. The others
/// (tweets, headlines, split quotes, `according to`, channel chains) are news-specific and kept.
fn is_generic(rule: &str) -> bool {
    matches!(
        rule,
        "source_cue_content"
            | "content_cue_source"
            | "content_source_cue"
            | "participle"
            | "coordinated_cue"
    )
}

/// A rule's source is weak when it is missing, or starts with neither a capital, a pronoun nor
/// a determiner ("on Thursday", "of RT", "2010"): the learned model's source is preferred then.
fn weak_source(text: &str, source: Option<&Range<usize>>) -> bool {
    let Some(t) = source.and_then(|r| text.get(r.clone())) else {
        return true;
    };
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let leads = matches!(
        first.as_str(),
        "he" | "she"
            | "they"
            | "it"
            | "we"
            | "i"
            | "you"
            | "who"
            | "the"
            | "a"
            | "an"
            | "this"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "some"
            | "many"
            | "several"
    );
    !leads && !t.chars().next().is_some_and(char::is_uppercase)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn total(spans: &[Range<usize>]) -> usize {
    spans.iter().map(Range::len).sum()
}

fn shared(a: &[Range<usize>], b: &[Range<usize>]) -> usize {
    a.iter()
        .flat_map(|x| {
            b.iter()
                .map(move |y| x.end.min(y.end).saturating_sub(x.start.max(y.start)))
        })
        .sum()
}

/// Combines rule and model candidates. Where both found the same cue, the rule's candidate stays
/// (it knows channels and resolves speakers); for general clause shapes it takes the model's
/// content when the two disagree, and the model's source when its own is weak. Model
/// candidates for cues no rule found are added, unless their content is a mention another
/// candidate already uses (a source, a channel, a listener).
pub(super) fn merge(text: &str, rules: &mut Vec<Candidate>, learned: Vec<Candidate>) {
    let mut extra = Vec::new();
    let rule_cues: Vec<Range<usize>> = rules.iter().map(|r| r.cue.clone()).collect();
    let inside = |spans: &[Range<usize>], x: &Range<usize>| {
        spans.iter().any(|s| s.start <= x.start && x.end <= s.end)
    };
    for c in learned {
        let mut found = false;
        for r in rules.iter_mut() {
            let cues = std::iter::once(&r.cue).chain(&r.cue_extra);
            if !cues.into_iter().any(|x| overlaps(x, &c.cue)) {
                continue;
            }
            found = true;
            // rules that parsed a listener, a cue noun or a channel read the sentence closely
            let close_reading = !r.via.is_empty()
                || !r.listeners.is_empty()
                || !r.cue_extra.is_empty()
                || r.citing.is_some()
                || r.channel;
            if !is_generic(r.rule) || close_reading {
                continue;
            }
            let common = shared(&r.content, &c.content);
            let agree = common * 2 >= total(&r.content) && common * 2 >= total(&c.content);
            // a much shorter content means the model stopped at a nested cue ("Qin said Beijing
            // hoped ..."), where the rule's whole clause is right; a content running over into
            // another rule's cue ("remarked that C1 and hoped that C2") ran too far
            let runs_on = rule_cues
                .iter()
                .any(|x| inside(&c.content, x) && !inside(&r.content, x));
            // a content before the cue that the model replaces with words after it ("C, the
            // ministry said in a statement posted online") is the model reading past the clause
            let before =
                |spans: &[Range<usize>]| spans.first().is_some_and(|x| x.start < r.cue.start);
            let same_side = !before(&r.content) || before(&c.content);
            if !agree && !runs_on && same_side && total(&c.content) * 2 >= total(&r.content) {
                r.content.clone_from(&c.content);
            }
            if c.source.is_some() && weak_source(text, r.source.as_ref()) {
                r.source.clone_from(&c.source);
            }
        }
        let mentions = rules.iter().flat_map(|r| {
            r.source
                .iter()
                .chain(&r.via)
                .chain(&r.listeners)
                .chain(&r.citing)
        });
        let is_mention = mentions.into_iter().any(|m| {
            c.content
                .iter()
                .all(|x| m.start <= x.start && x.end <= m.end)
        });
        // a channel of a rule's candidate ("..., Haddad said, according to Reuters") is not a
        // speaker of its own
        let is_channel = c
            .source
            .as_ref()
            .is_some_and(|s| rules.iter().flat_map(|r| &r.via).any(|v| overlaps(v, s)));
        if !found && !is_mention && !is_channel {
            extra.push(c);
        }
    }
    rules.extend(extra);
    rules.sort_by_key(|c| (c.content.first().map_or(0, |r| r.start), c.cue.start));
}
