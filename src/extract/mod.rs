//! Finding attributions in one article: the cue ("said", "according to", ":"), the source span
//! and the content span, with the channels a claim passed through. Rules cover the shapes news
//! writing uses (`S cue that C`, `C, S cue`, `C, cue S`, `according to S, C`, split quotes,
//! headlines, embedded tweets, participial and coordinated cues, `S was quoted (by O) as saying
//! C`, `O quoted S as saying C`, `..., O reported, citing P`); each candidate says which rule
//! produced it. Whom a source spoke to ("told Reuters", "in an interview with the BBC") is kept
//! apart from the content. This module runs the rules over a document (`rules/`, one file per
//! rule family) and owns the noun-phrase readers they share (`phrase`) and cue matching
//! (`cue`). Deterministic, no global state; resolution to entities happens in `resolve`.

mod cue;
mod phrase;
mod rules;

use crate::lexicon::{self, List};
use std::ops::Range;

use phrase::{np_left, subject};
use rules::headline::headline;
use rules::in_sentence;
use rules::quote_credit::quote_credits;
use rules::tweet::{previous_paragraph, tweet};

use crate::domain::Rule;
use crate::text::{Sentence, SentenceView};

/// An attribution as found in the text, before its source is resolved to an entity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// Index of the sentence it was read from.
    pub sentence: usize,
    /// Byte range of the cue.
    pub cue: Range<usize>,
    /// Further pieces of a cue that other words interrupt ("quoted ... as saying").
    pub cue_extra: Vec<Range<usize>>,
    /// Byte range of the source mention, if the text names one.
    pub source: Option<Range<usize>>,
    /// Byte ranges of the content (several for split quotes).
    pub content: Vec<Range<usize>>,
    /// Byte ranges of channel mentions, from the one the article cites directly inward.
    pub via: Vec<Range<usize>>,
    /// Channels known by name rather than by a span (a tweet's platform).
    pub via_names: Vec<&'static str>,
    /// Whom the source spoke to ("told Reuters", "in an interview with the BBC"): channels only
    /// when they turn out to be outlets, and then the innermost ones.
    pub listeners: Vec<Range<usize>>,
    /// Byte range of "citing" in "C, Reuters reported, citing a senior diplomat": the last `via`
    /// mention is then where the source got the claim. When the source is an outlet, the cited
    /// mention is the speaker and the outlet its channel.
    pub citing: Option<Range<usize>>,
    /// Rule that produced it.
    pub rule: Rule,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// True when other candidates of the sentence sit inside this one's content and name this
    /// one's source as their channel ("Qin said C, according to Xinhua"). Whether it is also an
    /// attribution of its own depends on what the source turns out to be.
    pub channel: bool,
}

impl Candidate {
    /// A candidate with one cue piece, its source and contents, and nothing more: no channels,
    /// listeners or "citing" hop, and not a channel itself.
    pub(crate) fn new(
        sentence: usize,
        cue: Range<usize>,
        source: Option<Range<usize>>,
        content: Vec<Range<usize>>,
        rule: Rule,
        confidence: f64,
    ) -> Candidate {
        Candidate {
            sentence,
            cue,
            cue_extra: Vec::new(),
            source,
            content,
            via: Vec::new(),
            via_names: Vec::new(),
            listeners: Vec::new(),
            citing: None,
            rule,
            confidence,
            channel: false,
        }
    }
}

/// Finds every attribution candidate in a document.
pub(crate) fn candidates(text: &str, sentences: &[Sentence]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut skip = vec![false; sentences.len()];
    // embedded tweets: "— Name (@handle) Date" after the tweet's text
    for (i, s) in sentences.iter().enumerate() {
        if let Some(c) = tweet(text, sentences, i, s) {
            let before = previous_paragraph(sentences, s);
            for k in before.chain(std::iter::once(i)) {
                if let Some(f) = skip.get_mut(k) {
                    *f = true;
                }
            }
            out.push(c);
        }
    }
    // credited quotations: "“C” ― Name", whose sentences continue no other quotation
    let credits = quote_credits(text, sentences);
    let credited = |s: &Sentence| {
        credits
            .iter()
            .flat_map(|c| &c.content)
            .any(|r| r.start < s.range.end && s.range.start < r.end)
    };
    let credited: Vec<bool> = sentences.iter().map(credited).collect();
    out.extend(credits);
    for (i, s) in sentences.iter().enumerate() {
        if s.boilerplate || skip.get(i).copied().unwrap_or(true) {
            continue;
        }
        // a sentence that is one quotation continues the previous sentence's split quote
        // (the quote's own attribution, not a participle after it: "“C1,” she said, adding
        // that C2. “C3.”")
        if continues_quote(text, s)
            && !credited.get(i).copied().unwrap_or(false)
            // the tweets, then the others, each in sentence order: the search can stop at the
            // first candidate from before the previous sentence
            && let Some(prev) = out
                .iter_mut()
                .rev()
                .take_while(|c| c.sentence + 1 >= i)
                .find(|c| {
                    c.sentence + 1 == i
                        && c.rule.quotes_on()
                })
        {
            let same_para = sentences
                .get(prev.sentence)
                .is_some_and(|p| p.paragraph == s.paragraph);
            if same_para && prev.sentence + 1 == i {
                prev.content.push(s.range.clone());
                if prev.rule != Rule::QuotedAs {
                    prev.rule = Rule::SplitQuote;
                }
                continue;
            }
        }
        if s.headline
            && let Some(c) = headline(text, i, s)
        {
            out.push(c);
            continue;
        }
        out.extend(in_sentence(text, i, s));
    }
    out.sort_by_key(|c| (c.content.first().map_or(0, |r| r.start), c.cue.start));
    out
}

fn continues_quote(text: &str, s: &Sentence) -> bool {
    let t = text.get(s.range.clone()).unwrap_or("").trim();
    let starts = t.starts_with('“') || t.starts_with('"');
    let ends = t.ends_with('”') || t.ends_with('"');
    let inner = t
        .strip_prefix(['“', '"'])
        .and_then(|x| x.strip_suffix(['”', '"']))
        .unwrap_or("");
    starts && ends && !inner.contains(['“', '”', '"'])
}

/// True when the clause piece before byte `at` (back to the last punctuation mark, six words at
/// most, the last one apart) holds "whether" or "if": a verb there sits in an embedded question or a condition
/// ("check whether anyone disclosed it", "if the minister said so") and reports no claim.
pub(crate) fn after_whether_or_if(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let piece = before
        .rsplit(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '.' | '?' | '!' | '\n' | '"' | '“' | '”' | '(' | ')' | '—'
            )
        })
        .next()
        .unwrap_or("");
    // the word right before the verb is its subject at least ("if added" is a typo of "it")
    piece
        .split_whitespace()
        .rev()
        .take(6)
        .skip(1)
        .any(|w| w.eq_ignore_ascii_case("whether") || w.eq_ignore_ascii_case("if"))
}

/// The whole source a span names (a span read by the learned model may stop short): a
/// relative pronoun's antecedent ("Kyodo, which cited ..." -> "Kyodo"; "The Houthis, who said
/// ..." -> "The Houthis"), the first conjunct of a coordination that opens the sentence
/// ("and rights groups" in "Ankara and rights groups condemned ..."), and the whole subject
/// around a lowercase fragment of it.
pub(crate) fn full_source(text: &str, sentence: &Sentence, r: Range<usize>) -> Range<usize> {
    let s = SentenceView::new(text, sentence);
    let Some(k) = s.toks.iter().position(|t| t.range.start == r.start) else {
        return r;
    };
    let end = s
        .toks
        .iter()
        .rposition(|t| t.range.end <= r.end)
        .map_or(k + 1, |e| e + 1);
    let found = match s.w(k) {
        "who" | "which" if end == k + 1 && k >= 2 && s.is_punct(k - 1, ",") => {
            np_left(&s, k - 1, 0).and_then(|np| s.bytes(np.start, np.end))
        }
        "and" if k >= 1 && s.is_cap(k - 1) && (k == 1 || !s.is_word(k - 2)) => s.bytes(k - 1, end),
        // a lone article opening the sentence: the sentence's subject
        "the" | "a" | "an" if end == k + 1 && k == 0 => {
            subject(&s).and_then(|np| s.bytes(np.start, np.end))
        }
        // a lowercase fragment of the subject ("culture" in "Germany's culture minister has
        // condemned"): the whole subject
        _ if !s.is_cap(k) => subject(&s)
            .filter(|np| np.start < k && np.end >= end)
            .and_then(|np| s.bytes(np.start, np.end)),
        // a name inside a place adjunct is no subject ("Tokyo is in a dispute over islands in
        // the East China Sea and has expressed concern"): the sentence's subject is
        _ => {
            let mut j = k;
            while j > 0
                && (s.is_cap(j - 1) || lexicon::words(List::Determiners).contains(&s.w(j - 1)))
            {
                j -= 1;
            }
            let in_pp = j > 0 && matches!(s.w(j - 1), "in" | "at" | "near" | "into" | "across");
            subject(&s)
                .filter(|np| in_pp && np.end < j)
                .and_then(|np| s.bytes(np.start, np.end))
        }
    };
    found.unwrap_or(r)
}

/// The subject opening `sentence`, with a second conjunct ("Russia and Iran have ..."), if it
/// has one.
pub(crate) fn sentence_subject(text: &str, sentence: &Sentence) -> Option<Range<usize>> {
    let s = SentenceView::new(text, sentence);
    let r = subject(&s)?;
    let mut end = r.end;
    if s.w(end) == "and" && s.is_cap(end + 1) {
        end += 1;
        while s.is_cap(end) {
            end += 1;
        }
    }
    s.bytes(r.start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    /// (source, cue, content, via) texts of each candidate.
    fn run(t: &str) -> Vec<(String, String, String, Vec<String>)> {
        let sents = text::sentences(t);
        candidates(t, &sents)
            .into_iter()
            .map(|c| {
                let g = |r: &Range<usize>| t[r.clone()].to_string();
                (
                    c.source.as_ref().map(g).unwrap_or_default(),
                    std::iter::once(&c.cue)
                        .chain(&c.cue_extra)
                        .map(g)
                        .collect::<Vec<_>>()
                        .join(" "),
                    c.content.iter().map(g).collect::<Vec<_>>().join(" | "),
                    c.via.iter().map(g).collect(),
                )
            })
            .collect()
    }

    fn one(src: &str, cue: &str, content: &str) -> (String, String, String, Vec<String>) {
        (src.into(), cue.into(), content.into(), vec![])
    }

    #[test]
    fn source_cue_that_content() {
        assert_eq!(
            run("The foreign minister acknowledged that ties were at a low ebb."),
            vec![one(
                "The foreign minister",
                "acknowledged",
                "ties were at a low ebb"
            )]
        );
        // the "that" of a later clause does not open the content
        assert_eq!(
            run(
                "Oslo said it was retaliating after regulators ruled that the channel had no licence."
            ),
            vec![one(
                "Oslo",
                "said",
                "it was retaliating after regulators ruled that the channel had no licence"
            )]
        );
    }

    #[test]
    fn content_then_source_and_cue() {
        assert_eq!(
            run("Talks lasted six hours, Reuters reported."),
            vec![one("Reuters", "reported", "Talks lasted six hours")]
        );
        assert_eq!(
            run("\"We will not yield,\" said Wang."),
            vec![one("Wang", "said", "\"We will not yield,\"")]
        );
    }

    #[test]
    fn according_to_at_either_end() {
        assert_eq!(
            run("The meeting ran late, according to Kyodo."),
            vec![one("Kyodo", "according to", "The meeting ran late")]
        );
        assert_eq!(
            run("According to the ministry, the visit is off."),
            vec![one("the ministry", "According to", "the visit is off")]
        );
    }

    #[test]
    fn inner_speaker_gets_the_outlet_as_channel() {
        let got = run("Qin said that ties were poor, according to a readout by Xinhua.");
        assert_eq!(got.len(), 2, "{got:?}");
        let qin = got.iter().find(|g| g.0 == "Qin").unwrap();
        assert_eq!(qin.2, "ties were poor");
        assert_eq!(qin.3, vec!["a readout by Xinhua".to_string()]);
        let got = run("Wang told Blinken that the fault lay in Washington, CGTN reported.");
        assert_eq!(got.len(), 2, "{got:?}");
        let wang = got.iter().find(|g| g.0 == "Wang").unwrap();
        assert_eq!(wang.2, "the fault lay in Washington");
        assert_eq!(wang.3, vec!["CGTN".to_string()]);
    }

    #[test]
    fn coordinated_and_participial_cues_share_the_source() {
        let got = run("Wang remarked that talks helped and hoped that visits would continue.");
        assert_eq!(
            got,
            vec![
                one("Wang", "remarked", "talks helped"),
                one("Wang", "hoped", "visits would continue")
            ]
        );
        let got = run("He pressed Tokyo to act, warning that time was short.");
        assert_eq!(got, vec![one("He", "warning", "time was short")]);
    }

    #[test]
    fn appositive_sources_and_split_quotes() {
        let got = run("Wang, the top diplomat, said the trip mattered.");
        assert_eq!(
            got,
            vec![one("Wang, the top diplomat", "said", "the trip mattered")]
        );
        let got = run("“We talk,” Blinken said. “We listen.”");
        assert_eq!(
            got,
            vec![one("Blinken", "said", "“We talk,” | “We listen.”")]
        );
    }

    #[test]
    fn headlines_and_tweets() {
        let got = run("Qin: ties at lowest point\nBody.");
        assert_eq!(got, vec![one("Qin", ":", "ties at lowest point")]);
        // the source last, after a colon or a dash
        let got = run("Three miners rescued in the north: ministry\nBody.");
        assert_eq!(
            got,
            vec![one("ministry", ":", "Three miners rescued in the north")]
        );
        let got = run("We never raised the tariff – ZRA\nBody.");
        assert_eq!(got, vec![one("ZRA", "–", "We never raised the tariff")]);
        // not a source: a topic after the colon, a second name in a dash pair
        assert!(run("Budget day: five things to watch\nBody.").is_empty());
        assert!(run("Lula - Milei rift deepens over trade\nBody.").is_empty());
        let t = "Great talks today. pic.twitter.com/abc\n— Jane Roe (@janeroe) May 1, 2023\n";
        let got = run(t);
        assert_eq!(
            got,
            vec![one("Jane Roe (@janeroe)", "—", "Great talks today.")]
        );
    }

    #[test]
    fn participles_after_an_introductory_adjunct_take_the_subject() {
        assert_eq!(
            run(
                "During a rally in Ohio, Senator Vance pressed the board, saying the plant must stay open."
            ),
            vec![one("Senator Vance", "saying", "the plant must stay open")]
        );
        assert_eq!(
            run("Chastened, the bank changed course, promising that fees would fall."),
            vec![one("the bank", "promising", "fees would fall")]
        );
    }

    #[test]
    fn passives_with_their_agent_and_rejected_reports() {
        assert_eq!(
            run("Those reports were flatly denied by the harbour authority and its owners."),
            vec![one(
                "the harbour authority and its owners",
                "were flatly denied",
                "Those reports"
            )]
        );
        // not reported speech: no cue
        assert!(run("The bill was passed by the Senate.").is_empty());
        assert_eq!(
            run("The mayor dismissed rumours that the depot would close."),
            vec![one(
                "The mayor",
                "dismissed",
                "rumours that the depot would close"
            )]
        );
        assert!(run("The mayor rejected the budget.").is_empty());
    }

    fn via(
        src: &str,
        cue: &str,
        content: &str,
        via: &[&str],
    ) -> (String, String, String, Vec<String>) {
        let mut o = one(src, cue, content);
        o.3 = via.iter().map(|v| v.to_string()).collect();
        o
    }

    #[test]
    fn quoted_as_saying_in_the_passive() {
        assert_eq!(
            run("The envoy was quoted as saying that the border would reopen next month."),
            vec![one(
                "The envoy",
                "was quoted as saying",
                "the border would reopen next month"
            )]
        );
        assert_eq!(
            run("Foreign Minister Kamal Reyes was quoted by Reuters as saying the truce held."),
            vec![via(
                "Foreign Minister Kamal Reyes",
                "was quoted as saying",
                "the truce held",
                &["Reuters"]
            )]
        );
    }

    #[test]
    fn outlet_quoted_or_cited_someone_as_saying() {
        assert_eq!(
            run("Reuters quoted a senior diplomat as saying the talks had stalled."),
            vec![via(
                "a senior diplomat",
                "quoted as saying",
                "the talks had stalled",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run("Bloomberg cited people familiar with the plan as saying a deal was near."),
            vec![via(
                "people familiar with the plan",
                "cited as saying",
                "a deal was near",
                &["Bloomberg"]
            )]
        );
        assert!(run("He quoted the poet at length.").is_empty());
    }

    #[test]
    fn citing_after_a_tail_source_is_kept_for_the_pipeline() {
        let t = "The army will pull back, the Kyiv Independent reported, citing a military spokesperson.";
        let sents = text::sentences(t);
        let got = candidates(t, &sents);
        assert_eq!(got.len(), 1, "{got:?}");
        let c = &got[0];
        assert_eq!(&t[c.source.clone().unwrap()], "the Kyiv Independent");
        assert_eq!(&t[c.citing.clone().unwrap()], "citing");
        let v: Vec<&str> = c.via.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(v, vec!["a military spokesperson"]);
    }

    #[test]
    fn statements_interviews_and_readouts() {
        assert_eq!(
            run("The ministry said in a statement that the tariffs would start on Monday."),
            vec![one(
                "The ministry",
                "said",
                "the tariffs would start on Monday"
            )]
        );
        assert_eq!(
            run("In a statement on Tuesday, the ministry said the shipments had resumed."),
            vec![one("the ministry", "said", "the shipments had resumed")]
        );
        assert_eq!(
            run("A statement from the ministry said the shipments would resume."),
            vec![one(
                "A statement from the ministry",
                "said",
                "the shipments would resume"
            )]
        );
        assert_eq!(
            run("The levy is unfair, the ministry said in a statement."),
            vec![one("the ministry", "said", "The levy is unfair")]
        );
        assert_eq!(
            run(
                "According to a readout of the call released by the U.S. State Department, both sides agreed to talk again."
            ),
            vec![one(
                "a readout of the call released by the U.S. State Department",
                "According to",
                "both sides agreed to talk again"
            )]
        );
    }

    #[test]
    fn listeners_are_not_content() {
        let t = "Kovac said in an interview with the BBC that she would stay.";
        let sents = text::sentences(t);
        let got = candidates(t, &sents);
        assert_eq!(got.len(), 1);
        assert_eq!(&t[got[0].content[0].clone()], "she would stay");
        let heard: Vec<&str> = got[0].listeners.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(heard, vec!["the BBC"]);
        assert_eq!(
            run("Wang told Reuters on Tuesday that the dispute could be settled."),
            vec![one("Wang", "told", "the dispute could be settled")]
        );
        assert_eq!(
            run("Ortiz told parliament: “Inflation has peaked.”"),
            vec![one("Ortiz", "told", "“Inflation has peaked.”")]
        );
        assert_eq!(
            run("Wang told reporters the dispute could be settled."),
            vec![one("Wang", "told", "the dispute could be settled")]
        );
        assert_eq!(
            run("“The dispute can be settled,” Wang told Reuters in an interview."),
            vec![one("Wang", "told", "“The dispute can be settled,”")]
        );
    }

    #[test]
    fn source_phrases_keep_their_modifiers() {
        assert_eq!(
            run("Two people familiar with the matter said the deal was close."),
            vec![one(
                "Two people familiar with the matter",
                "said",
                "the deal was close"
            )]
        );
        assert_eq!(
            run("A spokeswoman for the agency said the launch was delayed."),
            vec![one(
                "A spokeswoman for the agency",
                "said",
                "the launch was delayed"
            )]
        );
        assert_eq!(
            run("Deputy spokesperson Vedant Rao of the State Department said talks went well."),
            vec![one(
                "Deputy spokesperson Vedant Rao of the State Department",
                "said",
                "talks went well"
            )]
        );
    }

    #[test]
    fn split_quotes_with_straight_marks_across_sentences() {
        assert_eq!(
            run("\"Inflation has peaked,\" Ortiz said. \"Rates will fall soon.\""),
            vec![one(
                "Ortiz",
                "said",
                "\"Inflation has peaked,\" | \"Rates will fall soon.\""
            )]
        );
        assert_eq!(
            run("\"Inflation has peaked,\" Ortiz said, \"and rates will fall.\""),
            vec![one(
                "Ortiz",
                "said",
                "\"Inflation has peaked,\" | \"and rates will fall.\""
            )]
        );
    }

    #[test]
    fn short_adjuncts_after_a_tail_cue() {
        assert_eq!(
            run("The port reopened, officials said on Friday."),
            vec![one("officials", "said", "The port reopened")]
        );
        // a prepositional verb is not an adjunct
        assert!(
            run("He said that if talks failed, he would have insisted on leaving early.")
                .iter()
                .all(|g| g.1 != "insisted")
        );
    }

    #[test]
    fn verbs_in_embedded_questions_and_conditions_are_not_cues() {
        let got = run("Aides said they would check whether anyone illegally disclosed the memo.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got.first().map(|g| g.1.as_str()), Some("said"));
        assert!(run("If the ministry announced it, nobody noticed.").is_empty());
        // a typo for "it added" is still a cue: the word before the verb is its subject
        assert!(after_whether_or_if("asked if the envoy said", 19));
        assert!(!after_whether_or_if("“We are ready,” if added", 23));
        assert!(!after_whether_or_if("If so, the envoy said", 17));
    }

    #[test]
    fn quotations_credited_with_a_dash_and_a_name() {
        let text = "“The harbour is our livelihood. Close it and we starve.” ― Edwin G. Monroy\n\n\
                    “We want a “fair” deal,” said Ana Ruiz. “Nobody listens.” — Carla Sanchez. \
                    Photo: agency.\n\n”We waited years.” – Tomas Lind";
        let sentences = text::sentences(text);
        let got: Vec<(String, String)> = candidates(text, &sentences)
            .into_iter()
            .filter(|c| c.rule == Rule::QuoteCredit)
            .map(|c| {
                let span = |r: &Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
                (
                    c.source.as_ref().map(span).unwrap_or_default(),
                    c.content.first().map(span).unwrap_or_default(),
                )
            })
            .collect();
        let expected = [
            (
                "Edwin G. Monroy",
                "“The harbour is our livelihood. Close it and we starve.”",
            ),
            ("Carla Sanchez", "“Nobody listens.”"),
            // a misprinted opening mark opens the paragraph's quotation
            ("Tomas Lind", "”We waited years.”"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect();
        assert_eq!(got, expected);
        // the credited quotation continues no other speaker's split quote
        let said = run(text);
        assert!(
            said.iter()
                .all(|g| !(g.1 == "said" && g.2.contains("Nobody"))),
            "{said:?}"
        );
        // one name word, or none, is no credit
        let one = "“Close it.” ― Madonna";
        assert!(quote_credits(one, &text::sentences(one)).is_empty());
    }

    #[test]
    fn ordinary_verbs_are_not_cues() {
        assert!(run("Both sides agreed to follow up on the summit.").is_empty());
        assert!(run("The report was released on Monday.").is_empty());
    }
}
