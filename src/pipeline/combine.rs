//! Combining the two extractors: the hand-written rules, which know news shapes, channels and
//! speakers, and the learned tagger, which knows the long tail of cues and where clauses end.
//! The policy (which spans each side wins) is documented on [`merge`].

use crate::lexicon::{self, List};
use std::ops::Range;

use crate::extract::Candidate;

/// A rule's source is weak when it is missing, starts with a preposition ("On Thursday", "of
/// RT"), or starts with neither a capital, a pronoun nor a determiner ("2010", "first"): the
/// learned model's source is preferred then.
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
    let preposition = matches!(
        first.as_str(),
        "on" | "in" | "at" | "of" | "for" | "to" | "by" | "with" | "from" | "after" | "before"
    );
    preposition || (!leads && !t.chars().next().is_some_and(char::is_uppercase))
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
    let inside = |spans: &[Range<usize>], x: &Range<usize>| {
        spans.iter().any(|s| s.start <= x.start && x.end <= s.end)
    };
    // Every test below needs a rule span and a model span to meet, so each model candidate is
    // compared only with the rules near it (see `Near`), not with every rule of the document.
    let mut near = Near::default();
    for (i, r) in rules.iter().enumerate() {
        near.add(i, hull(rule_spans(r)));
    }
    // "all of an empty content lies inside a mention" holds as soon as any mention exists
    let mut any_mention = rules.iter().any(|r| rule_mentions(r).next().is_some());
    for c in learned {
        // the rules' test for embedded questions and conditions, on the model's cues too
        if crate::extract::after_whether_or_if(text, c.cue.start) {
            continue;
        }
        let mut found = false;
        let c_hull = hull(std::iter::once(&c.cue).chain(&c.content).chain(&c.source));
        let nearby = near.get(c_hull);
        for &i in &nearby {
            let Some(r) = rules.get(i) else { continue };
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
            if !r.rule.is_generic() || close_reading {
                continue;
            }
            // a rule content before the cue ("C, the ministry said in a statement posted
            // online") keeps the model's words after the cue only when they follow the cue
            // directly ("C1, he said, C2"); after other words they are the sentence's tail
            let rule_before = r.content.iter().all(|x| x.end <= r.cue.start);
            let follows_cue = |x: &Range<usize>| {
                text.get(r.cue.end..x.start).is_some_and(|gap| {
                    gap.split(|ch: char| ch.is_whitespace() || ch.is_ascii_punctuation())
                        .all(|w| w.is_empty() || w == "that" || w == "“" || w == "”")
                })
            };
            let model: Vec<Range<usize>> = c
                .content
                .iter()
                .filter(|x| !rule_before || x.end <= r.cue.start || follows_cue(x))
                // "C, said the source who ...": the rule's source is not content
                .filter(|x| r.source.as_ref().is_none_or(|src| !overlaps(x, src)))
                .cloned()
                .collect();
            let common = shared(&r.content, &model);
            let agree = common * 2 >= total(&r.content) && common * 2 >= total(&model);
            // a much shorter content means the model stopped at a nested cue ("Qin said Beijing
            // hoped ..."), where the rule's whole clause is right; a content running over into
            // another rule's cue ("remarked that C1 and hoped that C2") ran too far
            let runs_on = nearby
                .iter()
                .filter_map(|&k| rules.get(k))
                .any(|other| inside(&model, &other.cue) && !inside(&r.content, &other.cue));
            let take_content = !agree && !runs_on && total(&model) * 2 >= total(&r.content);
            let take_source = c.source.is_some() && weak_source(text, r.source.as_ref());
            let Some(r) = rules.get_mut(i) else { continue };
            if take_content {
                // "C1, he said, C2": one clause the cue interrupts; the rule read C1, the
                // model C2 (not when C1 is an adjunct: "In her book, she said, C2")
                let adjunct = r
                    .content
                    .first()
                    .and_then(|x| text.get(x.clone()))
                    .and_then(|t| t.split_whitespace().next())
                    .is_some_and(|w| {
                        lexicon::words(List::Prepositions).contains(&w.to_lowercase().as_str())
                    });
                let interrupted = rule_before
                    && !adjunct
                    && model.iter().all(|x| x.start >= r.cue.end)
                    && r.content.last().is_some_and(|x| x.end <= r.cue.start);
                if interrupted {
                    r.content.extend(model);
                } else {
                    r.content = model;
                }
            }
            if take_source {
                r.source.clone_from(&c.source);
                any_mention = true;
            }
            if take_content || take_source {
                near.add(i, c_hull);
            }
        }
        let is_mention = if c.content.is_empty() {
            any_mention
        } else {
            nearby.iter().filter_map(|&i| rules.get(i)).any(|r| {
                rule_mentions(r).any(|m| {
                    c.content
                        .iter()
                        .all(|x| m.start <= x.start && x.end <= m.end)
                })
            })
        };
        // a channel of a rule's candidate ("..., Haddad said, according to Reuters") is not a
        // speaker of its own
        let is_channel = c.source.as_ref().is_some_and(|s| {
            nearby
                .iter()
                .filter_map(|&i| rules.get(i))
                .flat_map(|r| &r.via)
                .any(|v| overlaps(v, s))
        });
        // a cue inside a rule's mention ("was quoted by Reuters as saying") is a name
        let cue_in_mention = nearby
            .iter()
            .filter_map(|&i| rules.get(i))
            .any(|r| rule_mentions(r).any(|m| overlaps(m, &c.cue)));
        if !found && !is_mention && !is_channel && !cue_in_mention && !narration(text, &c) {
            extra.push(c);
        }
    }
    rules.extend(extra);
    rules.sort_by_key(|c| (c.content.first().map_or(0, |r| r.start), c.cue.start));
}

/// True when a learned candidate reports an action or a topic rather than a claim
/// ("discussed", "met", "agreed to", "wrote about"), is negated ("has not commented"), or is a hedge with no source ("is widely
/// seen", "is expected to", "was announced"): none of them is an attribution.
fn narration(text: &str, c: &Candidate) -> bool {
    let cue = text.get(c.cue.clone()).unwrap_or("").to_lowercase();
    let words: Vec<&str> = cue.split_whitespace().collect();
    let hedge = c.source.is_none()
        && words.iter().any(|w| {
            matches!(
                *w,
                "seen" | "expected" | "known" | "considered" | "believed" | "announced"
            )
        });
    // "agreed to meet" is a joint action; "agreed that", "agreed with" take a stance
    let agreed_to = words.last().is_some_and(|w| w.starts_with("agree"))
        && text
            .get(c.cue.end..)
            .is_some_and(|rest| rest.trim_start().starts_with("to "));
    // "wrote about", "talked about": a topic, not a claim
    let topic = words.last() == Some(&"about")
        && words.iter().rev().nth(1).is_some_and(|w| {
            matches!(
                *w,
                "wrote"
                    | "write"
                    | "writes"
                    | "talked"
                    | "talk"
                    | "talks"
                    | "spoke"
                    | "speak"
                    | "speaks"
                    | "asked"
                    | "posted"
                    | "tweeted"
                    | "speculation"
            )
        });
    // "posted a second message", "released a video clip": the object is a document, not what
    // it says
    let content: Vec<&str> = c
        .content
        .iter()
        .filter_map(|r| text.get(r.clone()))
        .flat_map(str::split_whitespace)
        .collect();
    let document = content.len() <= 4
        && content.last().is_some_and(|w| {
            let w = w.trim_end_matches(['.', ',']).to_lowercase();
            lexicon::words(List::DocNouns).contains(&w.as_str())
                || matches!(
                    w.as_str(),
                    "messages" | "video" | "clip" | "tweet" | "photo"
                )
        });
    hedge
        || agreed_to
        || topic
        || document
        || words.iter().any(|w| {
            lexicon::words(List::Narration).contains(w) || matches!(*w, "not" | "never" | "n't")
        })
}

/// The mentions of a rule candidate that are not its content: source, channels, listeners and
/// the "citing" word.
fn rule_mentions(r: &Candidate) -> impl Iterator<Item = &Range<usize>> {
    r.source
        .iter()
        .chain(&r.via)
        .chain(&r.listeners)
        .chain(&r.citing)
}

/// Every span of a rule candidate.
fn rule_spans(r: &Candidate) -> impl Iterator<Item = &Range<usize>> {
    std::iter::once(&r.cue)
        .chain(&r.cue_extra)
        .chain(&r.content)
        .chain(rule_mentions(r))
}

/// The smallest closed interval of byte offsets holding every span.
fn hull<'a>(spans: impl Iterator<Item = &'a Range<usize>>) -> (usize, usize) {
    spans.fold((usize::MAX, 0), |(lo, hi), r| {
        (lo.min(r.start), hi.max(r.end))
    })
}

/// Bytes of text per bucket of [`Near`].
const BUCKET: usize = 4096;

/// Rule candidates by where their spans lie: each is listed in the buckets of [`BUCKET`] bytes
/// its spans reach, so the candidates whose spans may meet a given interval are found without
/// looking at the others.
#[derive(Default)]
struct Near(std::collections::HashMap<usize, Vec<usize>>);

impl Near {
    fn add(&mut self, i: usize, (lo, hi): (usize, usize)) {
        if lo > hi {
            return;
        }
        for b in lo / BUCKET..=hi / BUCKET {
            self.0.entry(b).or_default().push(i);
        }
    }

    /// Indices of the candidates listed anywhere in `lo..=hi`, in order, without repeats.
    fn get(&self, (lo, hi): (usize, usize)) -> Vec<usize> {
        if lo > hi {
            return Vec::new();
        }
        let mut out: Vec<usize> = (lo / BUCKET..=hi / BUCKET)
            .filter_map(|b| self.0.get(&b))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Rule;

    fn cand(
        rule: Rule,
        cue: Range<usize>,
        source: Option<Range<usize>>,
        content: Range<usize>,
    ) -> Candidate {
        Candidate::new(0, cue, source, vec![content], rule, 0.5)
    }

    #[test]
    fn weak_sources_are_neither_names_pronouns_nor_noun_phrases() {
        let text = "On Thursday she said the senator of RT 2010";
        let at = |w: &str| text.find(w).map(|s| s..s + w.len());
        assert!(weak_source(text, at("On Thursday").as_ref()));
        assert!(!weak_source(text, at("she").as_ref()));
        assert!(!weak_source(text, at("the senator").as_ref()));
        assert!(weak_source(text, at("of RT").as_ref()));
        assert!(weak_source(text, at("2010").as_ref()));
        assert!(weak_source(text, None));
    }

    #[test]
    fn the_model_fills_gaps_but_never_doubles_a_rule() {
        //          0         1         2         3         4         5
        //          0123456789012345678901234567890123456789012345678901234
        let text = "Ortiz said rates would fall, and aides hinted at cuts.";
        let mut rules = vec![cand(Rule::SourceCueContent, 6..10, Some(0..5), 11..27)];
        let learned = vec![
            // same cue: the rule stays, the contents agree
            cand(Rule::Model, 6..10, Some(0..5), 11..27),
            // a cue no rule found: added
            cand(Rule::Model, 39..45, Some(33..38), 46..53),
            // content that is the rule's own source mention: dropped
            cand(Rule::Model, 28..31, None, 0..5),
        ];
        merge(text, &mut rules, learned);
        let got: Vec<(&str, Range<usize>)> = rules
            .iter()
            .map(|c| (c.rule.as_str(), c.cue.clone()))
            .collect();
        assert_eq!(got, vec![("source_cue_content", 6..10), ("model", 39..45)]);
    }
}
