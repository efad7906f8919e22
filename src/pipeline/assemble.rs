//! From candidates to attributions, one document at a time: each candidate's spans as output
//! (the span conventions of `spans`), its speaker (resolved, or inherited from the voice of a
//! quotation, or the source an outlet cites), its channels, the attribution with its evidence,
//! and the claim a cue noun holds. [`Assembly::finish`] adds the quotations that run over
//! paragraphs and puts the attributions in provenance order with nested speech relayed.

use std::ops::Range;

use super::{Pipeline, SpanStyle, spans};
use crate::domain::{
    Attribution, Entity, EntityKind, EntityRef, Evidence, Mention, QuoteKind, Rule, claim_id,
};
use crate::extract::{self, Candidate};
use crate::learn::NamedWord;
use crate::resolve::{Registry, Resolver};
use crate::span::CharMap;
use crate::text::{self, Sentence};

/// The most confidence an attribution whose speaker is unknown gets.
const UNKNOWN_CONFIDENCE: f64 = 0.3;

/// The confidence of a claim read from a cue noun's complement.
const NOUN_CLAIM_CONFIDENCE: f64 = 0.6;

/// One candidate's byte ranges as they will be written: the cue with its verb group and any
/// "citing" hop, the content after the span conventions, and the source mention.
struct Spans {
    /// The source mention as written (the cited source once an outlet's "citing" is read).
    source: Option<Range<usize>>,
    /// The source read back to its antecedent ("Kyodo, which cited ..." -> "Kyodo").
    whole_source: Option<Range<usize>>,
    /// Channel mentions, from the one the article cites directly inward.
    via: Vec<Range<usize>>,
    /// The cue's pieces.
    cue: Vec<Range<usize>>,
    /// The content's pieces.
    content: Vec<Range<usize>>,
}

/// The attributions and entities of one document as they are assembled.
pub(super) struct Assembly<'a> {
    registry: &'a Registry,
    style: SpanStyle,
    text: &'a str,
    map: CharMap,
    sentences: &'a [Sentence],
    resolver: Resolver<'a>,
    entities: Vec<Entity>,
    attributions: Vec<Attribution>,
    /// Content and speaker of every attribution so far, for "I" and "we" inside a quotation,
    /// with the furthest end of any content up to it, so the search back stops early.
    voices: Vec<(Vec<Range<usize>>, Entity, usize)>,
}

impl<'a> Assembly<'a> {
    /// An empty assembly for `text`; `named` are the tagger's labelled words in text order.
    pub(super) fn new(
        pipeline: &'a Pipeline,
        text: &'a str,
        sentences: &'a [Sentence],
        named: Vec<NamedWord>,
    ) -> Self {
        Assembly {
            registry: &pipeline.registry,
            style: pipeline.spans,
            text,
            map: CharMap::new(text),
            sentences,
            resolver: Resolver::new(&pipeline.registry, text, sentences, named),
            entities: Vec::new(),
            attributions: Vec::new(),
            voices: Vec::new(),
        }
    }

    /// Turns one candidate into its attributions (one per speaker of a coordinated source, and
    /// one for a claim its cue noun holds). Negated speech, lone articles and outer tails that
    /// only name a channel give none.
    pub(super) fn add(&mut self, c: &Candidate) {
        let Some(sentence) = self.sentences.get(c.sentence) else {
            return;
        };
        let mut spans = self.spans(c, sentence);
        let Some((speaker, also)) = self.speaker(c, sentence, &mut spans) else {
            return;
        };
        let via = self.channels(c, &spans, &speaker);
        if c.channel && matches!(speaker.kind, EntityKind::Outlet | EntityKind::Organization) {
            return;
        }
        let said = self.attribution(c, sentence, spans, &speaker, &via);
        for e in &also {
            self.attributions.push(Attribution {
                speaker: EntityRef::from(e),
                ..said.clone()
            });
        }
        let at = self.attributions.len() - also.len();
        self.attributions.insert(at, said);
        for e in std::iter::once(speaker).chain(also).chain(via) {
            collect(self.registry, &mut self.entities, e);
        }
        self.noun_claim(c, sentence);
    }

    /// The candidate's spans as output (see [`Spans`]).
    fn spans(&self, c: &Candidate, sentence: &Sentence) -> Spans {
        let text = self.text;
        // a learned cue with no source read ("..., criticizing Trump for ..."): the
        // sentence's subject before it, as for the rules' participles
        let verb_cue = text
            .get(c.cue.clone())
            .and_then(|t| t.split_whitespace().next())
            .is_some_and(|w| w.len() > 4 && (w.ends_with("ing") || w.ends_with("ed")));
        let source = c.source.clone().or_else(|| {
            (c.rule == Rule::Model && verb_cue)
                .then(|| extract::sentence_subject(text, sentence))
                .flatten()
                .filter(|r| r.end <= c.cue.start)
        });
        // "Kyodo, which cited ...": the relative pronoun's antecedent speaks (the source
        // mention stays as written)
        let whole_source = source
            .clone()
            .map(|r| extract::full_source(text, sentence, r));
        // the cue with its verb group ("has also said"), back to whatever comes before it
        let floor = source
            .as_ref()
            .map(|r| spans::source_before_group(text, r, c.cue.start))
            .iter()
            .chain(&c.via)
            .chain(&c.listeners)
            .chain(&c.content)
            .map(|r| r.end)
            .filter(|&end| end <= c.cue.start)
            .chain([sentence.range.start])
            .max()
            .unwrap_or(0);
        let mut cue_group = spans::verb_group(text, &c.cue, floor);
        let mut content = c.content.clone();
        spans::topic_to_cue(text, &mut cue_group, &mut content);
        spans::content_start(text, self.style, cue_group.end, &mut content);
        Spans {
            source,
            whole_source,
            via: c.via.clone(),
            cue: std::iter::once(cue_group)
                .chain(c.cue_extra.iter().cloned())
                .collect(),
            content,
        }
    }

    /// Who speaks (and who else, for a coordinated source): the resolved source, the speaker
    /// going on ("it added"), the voice of the quotation a first person stands in, or the
    /// source an outlet cites ("C, Reuters reported, citing a senior diplomat": the diplomat,
    /// via Reuters, with the cited mention as the source). `None` when the source is negated
    /// or a lone article.
    fn speaker(
        &mut self,
        c: &Candidate,
        sentence: &Sentence,
        s: &mut Spans,
    ) -> Option<(Entity, Vec<Entity>)> {
        let text = self.text;
        // negated sources and lone articles are no attributions
        let (mut speaker, also) = self.speakers(sentence, c.sentence, s.whole_source.clone())?;
        // '"C," (it) added.' with no source the text can read: the speaker goes on
        let goes_on = matches!(
            text.get(c.cue.clone())
                .unwrap_or("")
                .to_lowercase()
                .as_str(),
            "added" | "adds" | "continued" | "went on"
        );
        if goes_on
            && speaker.name == "unknown"
            && let Some(last) = self
                .attributions
                .last()
                .and_then(|a| self.entities.iter().find(|e| e.id == a.speaker.id))
        {
            speaker = last.clone();
        }
        // "I stressed that ..." inside a tweet or a quotation is its author speaking
        let first_person = s
            .source
            .as_ref()
            .and_then(|r| text.get(r.clone()))
            .is_some_and(|m| matches!(m.to_lowercase().as_str(), "i" | "we" | "me" | "us"));
        if first_person
            && let Some((_, voice, _)) = self
                .voices
                .iter()
                .rev()
                .take_while(|(_, _, reach)| *reach > c.cue.start)
                .find(|(spans, _, _)| spans.iter().any(|r| r.contains(&c.cue.start)))
        {
            speaker = voice.clone();
        }
        // "C, Reuters reported, citing a senior diplomat": the diplomat said it, via Reuters
        if let Some(citing) = &c.citing
            && speaker.kind == EntityKind::Outlet
            && let Some(cited) = s.via.pop()
        {
            let m = text.get(cited.clone()).unwrap_or("");
            speaker = self.resolver.resolve(m, cited.start, c.sentence);
            s.via.extend(s.source.replace(cited));
            s.cue.push(citing.clone());
        }
        Some((speaker, also))
    }

    /// The channels of an attribution: the channel mentions resolved, platforms named by the
    /// rule, and whom the source spoke to when that is an outlet ("told Reuters"); only
    /// outlets, organisations and spokespeople, never the speaker.
    fn channels(&mut self, c: &Candidate, s: &Spans, speaker: &Entity) -> Vec<Entity> {
        let text = self.text;
        let mut via: Vec<Entity> = Vec::new();
        for r in &s.via {
            let m = text.get(r.clone()).unwrap_or("");
            via.push(self.resolver.resolve(m, r.start, c.sentence));
        }
        for name in &c.via_names {
            if let Some(e) = self.registry.get(name) {
                let mut e = e.clone();
                e.aliases.clear();
                via.push(e);
            }
        }
        // whom the source spoke to is a channel only when it is an outlet ("told Reuters")
        for r in &c.listeners {
            let heard = text.get(r.clone()).and_then(|m| self.registry.find_in(m));
            if let Some(o) = heard.filter(|o| o.kind == EntityKind::Outlet) {
                let mut o = o.clone();
                o.aliases.clear();
                via.push(o);
            }
        }
        // only outlets, platforms, organisations (readouts, statements) and spokespeople
        // ("according to a briefing by his spokeswoman Kim") are channels; another person
        // or an anonymous source around an attribution is a speaker of its own
        via.retain(|v| {
            v.id != speaker.id
                && (matches!(v.kind, EntityKind::Outlet | EntityKind::Organization)
                    || v.kind == EntityKind::Person
                        && v.role
                            .as_deref()
                            .is_some_and(|r| r.to_lowercase().contains("spokes")))
        });
        via.dedup_by(|a, b| a.id == b.id);
        via
    }

    /// The attribution of a candidate with its spans, speaker and channels, and its evidence:
    /// the sentence, widened to the whole content.
    fn attribution(
        &mut self,
        c: &Candidate,
        sentence: &Sentence,
        s: Spans,
        speaker: &Entity,
        via: &[Entity],
    ) -> Attribution {
        let (text, map) = (self.text, &self.map);
        let content_spans: Vec<_> = s.content.iter().map(|r| map.span(r.start, r.end)).collect();
        let content = Mention::from_spans(text, map, &content_spans);
        let mut cue_ranges = s.cue;
        cue_ranges.sort_by_key(|r| r.start);
        let cue_spans: Vec<_> = cue_ranges
            .iter()
            .map(|r| map.span(r.start, r.end))
            .collect();
        let cue = Mention::from_spans(text, map, &cue_spans);
        let source = s.source.as_ref().map(|r| {
            let r = spans::source_before_group(text, r, c.cue.start);
            let r =
                spans::source_extent(text, self.style, &r, &c.cue, &c.content, sentence.range.end);
            Mention::from_spans(text, map, &[map.span(r.start, r.end)])
        });
        let ev_start = c
            .content
            .iter()
            .map(|r| r.start)
            .chain([sentence.range.start])
            .min()
            .unwrap_or(0);
        let ev_end = c
            .content
            .iter()
            .map(|r| r.end)
            .chain([sentence.range.end])
            .max()
            .unwrap_or(0);
        let evidence = Evidence {
            sentence: text.get(ev_start..ev_end).unwrap_or("").to_string(),
            start: map.char_of(ev_start),
            end: map.char_of(ev_end),
        };
        let reach = c
            .content
            .iter()
            .map(|r| r.end)
            .chain(self.voices.last().map(|v| v.2))
            .max()
            .unwrap_or(0);
        self.voices
            .push((c.content.clone(), speaker.clone(), reach));
        // a claim whose speaker is unknown is kept, but with little confidence, so a
        // reader can leave it out (`--min-confidence`)
        let confidence = if speaker.name == "unknown" {
            c.confidence.min(UNKNOWN_CONFIDENCE)
        } else {
            c.confidence
        };
        Attribution {
            id: String::new(),
            claim: claim_id(&content.text),
            quote: quote_kind(&content.text),
            content,
            cue,
            source,
            speaker: EntityRef::from(speaker),
            via: via.iter().map(EntityRef::from).collect(),
            confidence,
            rule: c.rule,
            evidence,
        }
    }

    /// Who speaks through a source mention (`whole`, the span read back to its antecedent):
    /// the resolved entity, or for a "they" with no group named before it the sentence's
    /// subject ("Russia and Iran ..., what they say"); then the other speakers of a coordinated
    /// source ("Ankara and rights groups condemned") or of "both" (the last two speakers named).
    /// `None` for negated speech ("Neither government announced", "No official commented") and
    /// a lone article ("a dispute that ..."), a noun phrase rather than a source and its cue.
    fn speakers(
        &mut self,
        sentence: &Sentence,
        si: usize,
        whole: Option<Range<usize>>,
    ) -> Option<(Entity, Vec<Entity>)> {
        let text = self.text;
        let mut speaker = match &whole {
            Some(r) => self
                .resolver
                .resolve(text.get(r.clone()).unwrap_or(""), r.start, si),
            None => Entity::new("unknown", EntityKind::Anonymous),
        };
        let source_text = whole
            .as_ref()
            .and_then(|r| text.get(r.clone()))
            .unwrap_or("")
            .to_lowercase();
        if ["neither ", "no ", "none "]
            .iter()
            .any(|n| source_text.starts_with(n))
            || matches!(source_text.as_str(), "a" | "an" | "the")
        {
            return None;
        }
        let mut whole = whole;
        if matches!(source_text.as_str(), "they" | "them")
            && speaker.name == "unknown"
            && let Some(subject) = extract::sentence_subject(text, sentence)
                .filter(|r| whole.as_ref().is_some_and(|w| r.end <= w.start))
        {
            let m = text.get(subject.clone()).unwrap_or("");
            let group = self.resolver.resolve(m, subject.start, si);
            // "they" is never one person
            if group.kind != EntityKind::Person || m.contains(" and ") {
                speaker = group;
                whole = Some(subject);
            }
        }
        let mut also: Vec<Entity> = Vec::new();
        if matches!(
            source_text.as_str(),
            "both"
                | "both sides"
                | "the two sides"
                | "both leaders"
                | "both governments"
                | "the two leaders"
                | "both men"
        ) {
            let mut ids: Vec<&str> = Vec::new();
            for a in self.attributions.iter().rev() {
                let id = a.speaker.id.as_str();
                if a.speaker.kind != EntityKind::Anonymous && !ids.contains(&id) {
                    ids.push(id);
                }
                if ids.len() == 2 {
                    break;
                }
            }
            let known = |id: &str| self.entities.iter().find(|e| e.id == id).cloned();
            if let [later, earlier] = ids[..]
                && let (Some(a), Some(b)) = (known(earlier), known(later))
            {
                speaker = a;
                also.push(b);
            }
        }
        if let Some(r) = &whole
            && let Some((a, b)) = text
                .get(r.clone())
                .and_then(|m| coordinated(self.registry, m))
        {
            let first = self.resolver.resolve(a, r.start, si);
            match b {
                Some(b) => {
                    let second = self.resolver.resolve(b, r.end - b.len(), si);
                    if first.id != second.id {
                        speaker = first;
                        also.push(second);
                    }
                }
                // the span ran into the next verb: the first conjunct is the speaker
                None => speaker = first,
            }
        }
        Some((speaker, also))
    }

    /// "rejected the Philippine accusations that C": C is the accusers' claim ("called
    /// accusations that C lies": a cue read with its noun holds C too), unless another
    /// attribution already reads that noun as its cue.
    fn noun_claim(&mut self, c: &Candidate, sentence: &Sentence) {
        let (text, map) = (self.text, &self.map);
        let cue_noun = text
            .get(c.cue.clone())
            .and_then(|t| t.rfind(' '))
            .map(|k| c.cue.start + k + 1);
        let held = c
            .content
            .first()
            .and_then(|r| noun_claim(text, r.clone()))
            .map(|n| (n, false))
            .or_else(|| {
                let r = c.content.first()?;
                Some((noun_claim(text, cue_noun?..r.end)?, true))
            });
        let Some((n, own)) = held else {
            return;
        };
        let read = self.attributions.iter().any(|a| {
            a.cue
                .spans
                .iter()
                .any(|s| s[0] < map.char_of(n.noun.end) && map.char_of(n.noun.start) < s[1])
        });
        if read && !own {
            return;
        }
        let holder = match &n.holder {
            Some(h) => {
                let m = text.get(h.clone()).unwrap_or("");
                self.resolver.resolve(m, h.start, c.sentence)
            }
            None => Entity::new(
                text.get(n.noun.clone()).unwrap_or(""),
                EntityKind::Anonymous,
            ),
        };
        let content = Mention::from_spans(text, map, &[map.span(n.claim.start, n.claim.end)]);
        self.attributions.push(Attribution {
            id: String::new(),
            claim: claim_id(&content.text),
            quote: quote_kind(&content.text),
            content,
            cue: Mention::from_spans(text, map, &[map.span(n.noun.start, n.noun.end)]),
            source: n
                .holder
                .as_ref()
                .map(|h| Mention::from_spans(text, map, &[map.span(h.start, h.end)])),
            speaker: EntityRef::from(&holder),
            via: Vec::new(),
            confidence: NOUN_CLAIM_CONFIDENCE,
            rule: Rule::CueNounClaim,
            evidence: Evidence {
                sentence: text.get(sentence.range.clone()).unwrap_or("").to_string(),
                start: map.char_of(sentence.range.start),
                end: map.char_of(sentence.range.end),
            },
        });
        collect(self.registry, &mut self.entities, holder);
    }

    /// The document's attributions, with the quotations that run over paragraphs, in
    /// provenance order with nested speech relayed and numbered `a1`, `a2`, ...; and the
    /// entities they refer to.
    pub(super) fn finish(mut self) -> (Vec<Attribution>, Vec<Entity>) {
        let continued = continued_quotes(self.text, &self.map, &self.attributions);
        let attributions = &mut self.attributions;
        attributions.extend(continued);
        // a cue noun the model also read ("Namah's allegations that C") is held once
        let held: Vec<Vec<[usize; 2]>> = attributions
            .iter()
            .filter(|a| a.rule == Rule::CueNounClaim)
            .map(|a| a.cue.spans.clone())
            .collect();
        attributions.retain(|a| a.rule != Rule::Model || !held.contains(&a.cue.spans));
        provenance_order(attributions);
        relay_nested(attributions);
        reported_quotes(attributions);
        for (i, a) in attributions.iter_mut().enumerate() {
            a.id = format!("a{}", i + 1);
        }
        (self.attributions, self.entities)
    }
}

/// The two speakers of a coordinated source ("Ankara and global rights groups"), unless the
/// whole is one name ("Trinidad and Tobago", "Ministry of Trade and Industry"); the second is
/// `None` when it is no speaker but a verb the span ran into ("Sherry Rehman and hoped").
pub(super) fn coordinated<'m>(
    registry: &Registry,
    mention: &'m str,
) -> Option<(&'m str, Option<&'m str>)> {
    let (a, b) = mention.split_once(" and ")?;
    let (a, b) = (a.trim(), b.trim());
    let one_name = a.contains(" of ")
        || registry.get(mention).is_some()
        || crate::resolve::is_country(mention);
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // a second speaker, not a verb the source span ran into ("Sherry Rehman and hoped")
    let speaker_like = capital(b)
        || b.split_whitespace().count() >= 2
        || crate::lexicon::is_speaker_head(&b.to_lowercase());
    (!one_name && capital(a) && !b.is_empty()).then_some((a, speaker_like.then_some(b)))
}

/// Adds an entity (and, for outlets, its registry parent), merging aliases and roles.
pub(super) fn collect(registry: &Registry, entities: &mut Vec<Entity>, e: Entity) {
    if let Some(parent) = e.parent.as_deref().and_then(|p| registry.get(p)) {
        let mut p = parent.clone();
        p.aliases.clear();
        collect(registry, entities, p);
    }
    if let Some(org) = e.affiliation.as_deref().and_then(|o| registry.get(o)) {
        let mut o = org.clone();
        o.aliases.clear();
        collect(registry, entities, o);
    }
    match entities.iter_mut().find(|x| x.id == e.id) {
        Some(x) => {
            for a in e.aliases {
                if !x.aliases.contains(&a) {
                    x.aliases.push(a);
                }
            }
            if x.role.is_none() {
                x.role = e.role;
            }
        }
        None => entities.push(e),
    }
}

/// Nested speech: the speaker of an attribution whose content holds another attribution's cue
/// ("the ministry said Rubio welcomed the talks") relayed that claim, and becomes its outermost
/// channel.
fn relay_nested(attributions: &mut [Attribution]) {
    // every content span (start, end, attribution)
    let spans = SpanIndex::new(
        attributions
            .iter()
            .enumerate()
            .flat_map(|(j, o)| o.content.spans.iter().map(move |c| (c[0], c[1], j)))
            .collect(),
    );
    let relays: Vec<(usize, EntityRef)> = attributions
        .iter()
        .enumerate()
        .filter_map(|(i, inner)| {
            // the learned model's nested cues are too often events ("attacked") to relay
            if inner.rule == Rule::Model {
                return None;
            }
            let cue = inner.cue.spans.first()?;
            // the inner source is named inside the outer content too ("said Rubio welcomed")
            let source = inner.source.as_ref()?.spans.first()?;
            let holds = |o: &Attribution, x: &[usize; 2]| {
                o.content.spans.iter().any(|c| c[0] <= x[0] && x[1] <= c[1])
            };
            let mut around: Vec<usize> = spans.holding(cue[0], cue[1]).map(|s| s.2).collect();
            around.sort_unstable();
            around.dedup();
            let outer = around
                .iter()
                .filter_map(|&j| attributions.get(j))
                .filter(|o| {
                    o.speaker.id != inner.speaker.id
                        && o.speaker.kind != EntityKind::Anonymous
                        && holds(o, cue)
                        && holds(o, source)
                        && !denies(&o.cue.text)
                })
                // the innermost enclosing content
                .min_by_key(|o| o.content.spans.iter().map(|c| c[1] - c[0]).sum::<usize>())?;
            Some((i, outer.speaker.clone()))
        })
        .collect();
    for (i, by) in relays {
        if let Some(a) = attributions.get_mut(i)
            && !a.via.iter().any(|v| v.id == by.id)
        {
            a.via.insert(0, by);
        }
    }
}

/// A quotation an outlet "reported" right after a person spoke is that person's, with the outlet
/// as its channel: 'Rescheto said the closure came as a surprise. "We have to give back our
/// cards," the BBC reported.' An outlet does not speak in quotation marks of its own.
fn reported_quotes(attributions: &mut [Attribution]) {
    for i in 1..attributions.len() {
        let Some(a) = attributions.get(i) else {
            continue;
        };
        let reported = a
            .cue
            .text
            .to_lowercase()
            .split_whitespace()
            .any(|w| w.starts_with("report"));
        if a.speaker.kind != EntityKind::Outlet || a.quote != QuoteKind::Direct || !reported {
            continue;
        }
        let start = a.evidence.start;
        // the person who spoke in the sentence just before
        let before = attributions.iter().take(i).rev().find(|b| {
            b.evidence.end <= start
                && start - b.evidence.end <= 2
                && b.speaker.kind == EntityKind::Person
        });
        let Some(person) = before.map(|b| b.speaker.clone()) else {
            continue;
        };
        if let Some(a) = attributions.get_mut(i) {
            let outlet = std::mem::replace(&mut a.speaker, person);
            a.via.insert(0, outlet);
        }
    }
}

/// Spans `(start, end, tag)` sorted by start. A span holding a range starts at most the longest
/// span's length before the range ends, so the spans holding it are found among those, not by
/// comparing every span with every other (quadratic on a long article).
struct SpanIndex<T> {
    spans: Vec<(usize, usize, T)>,
    longest: usize,
}

impl<T: Ord> SpanIndex<T> {
    fn new(mut spans: Vec<(usize, usize, T)>) -> Self {
        spans.sort_unstable();
        let longest = spans
            .iter()
            .map(|s| s.1.saturating_sub(s.0))
            .max()
            .unwrap_or(0);
        SpanIndex { spans, longest }
    }

    /// The spans that hold `start..end`, nearest start first.
    fn holding(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &(usize, usize, T)> + Clone {
        let upto = self.spans.partition_point(|s| s.0 <= start);
        self.spans
            .get(..upto)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(move |s| s.0 + self.longest >= end)
            .filter(move |s| end <= s.1)
    }
}

/// Sorts attributions in text order, except that a claim nested in another's content comes
/// before the claim that carries it ("the ministry rejected accusations that C": C, the
/// accusers' claim, then the ministry's rejection of it): origin before relay, as a trace reads.
fn provenance_order(attributions: &mut Vec<Attribution>) {
    let span = |a: &Attribution| {
        let c = &a.content.spans;
        (c.first().map_or(0, |s| s[0]), c.last().map_or(0, |s| s[1]))
    };
    let spans: Vec<(usize, usize)> = attributions.iter().map(span).collect();
    let index = SpanIndex::new(spans.iter().map(|&(a, b)| (a, b, ())).collect());
    // the start of the outermost content holding each claim, and how deep it is nested
    let mut keyed: Vec<_> = attributions
        .drain(..)
        .zip(&spans)
        .map(|(a, &(start, end))| {
            let holders = index
                .holding(start, end)
                .filter(|&&(oa, ob, ())| (oa, ob) != (start, end));
            let root = holders.clone().map(|h| h.0).min().unwrap_or(start);
            let cue = a.cue.spans.first().map_or(0, |s| s[0]);
            ((root, std::cmp::Reverse(holders.count()), start, cue), a)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    attributions.extend(keyed.into_iter().map(|(_, a)| a));
}

/// Quotations that run over several paragraphs: a paragraph that opens a quotation and does not
/// close it goes on in the next one, and the words of all of them belong to the speaker named
/// where the quotation finally closes ("“A ... ¶ “B ...,” he said."). One attribution per such
/// paragraph, with the closing paragraph's speaker, cue and channels.
fn continued_quotes(text: &str, map: &CharMap, found: &[Attribution]) -> Vec<Attribution> {
    let paras = text::paragraphs(text);
    let opens = |p: &str| p.starts_with(['“', '"']);
    // more quotation marks opened than closed
    let open_ended = |p: &str| {
        let count = |c: char| p.chars().filter(|x| *x == c).count();
        opens(p) && (count('“') > count('”') || count('"') % 2 == 1)
    };
    let mut out = Vec::new();
    let mut run: Vec<std::ops::Range<usize>> = Vec::new();
    for para in paras {
        let Some(p) = text.get(para.clone()) else {
            continue;
        };
        if open_ended(p) {
            run.push(para);
            continue;
        }
        // the closing paragraph: a quotation with its attribution
        let closes = opens(p).then(|| {
            let (start, end) = (map.char_of(para.start), map.char_of(para.end));
            found.iter().find(|a| {
                a.content
                    .spans
                    .first()
                    .is_some_and(|c| c[0] >= start && c[0] <= start + 1 && c[1] <= end)
            })
        });
        if let Some(Some(a)) = closes {
            for r in run.drain(..) {
                let open = text
                    .get(r.clone())
                    .and_then(|p| p.chars().next())
                    .map_or(0, char::len_utf8);
                let body = r.start + open..r.end;
                let body_text = text.get(body.clone()).unwrap_or("");
                let trimmed = body_text.trim_end_matches(['.', ',', ' ']);
                let span = map.span(body.start, body.start + trimmed.len());
                let content = Mention::from_spans(text, map, &[span]);
                out.push(Attribution {
                    id: String::new(),
                    claim: claim_id(&content.text),
                    quote: QuoteKind::Direct,
                    content,
                    source: None,
                    rule: Rule::QuoteContinued,
                    evidence: Evidence {
                        sentence: text.get(r.clone()).unwrap_or("").to_string(),
                        start: map.char_of(r.start),
                        end: map.char_of(r.end),
                    },
                    ..a.clone()
                });
            }
        }
        run.clear();
    }
    out
}

/// A claim held by a cue noun inside another attribution's content: "the Philippine
/// accusations (on Wednesday) that C", "claims made by the Houthi movement that C".
struct NounClaim {
    /// Who holds it ("Philippine", "the Houthi movement"), if the text says.
    holder: Option<Range<usize>>,
    noun: Range<usize>,
    claim: Range<usize>,
}

/// Finds a [`NounClaim`] opening the content `r` (within its first words).
fn noun_claim(text: &str, r: Range<usize>) -> Option<NounClaim> {
    let body = text.get(r.clone())?;
    let words: Vec<(usize, &str)> = body
        .split_whitespace()
        .map(|w| (r.start + (w.as_ptr() as usize - body.as_ptr() as usize), w))
        .collect();
    let bytes = |a: usize, b: usize| -> Option<Range<usize>> {
        let (s, _) = words.get(a)?;
        let (e, w) = words.get(b.checked_sub(1)?)?;
        (a < b).then(|| *s..e + w.len())
    };
    // near the start, or anywhere after a named holder: "no truth in Belden Namah's
    // allegations that C"
    let n = words.iter().enumerate().position(|(i, (_, w))| {
        matches!(
            w.to_lowercase().as_str(),
            "accusations"
                | "accusation"
                | "allegations"
                | "allegation"
                | "claims"
                | "rumours"
                | "rumors"
                | "reports"
        ) && (i < 6
            || i.checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|(_, p)| text::is_possessive(p) && p.starts_with(char::is_uppercase)))
    })?;
    let lower = |i: usize| {
        words
            .get(i)
            .map(|(_, w)| w.to_lowercase())
            .unwrap_or_default()
    };
    // the holder before the noun, after its article: "the Philippine accusations"
    let mut first = usize::from(matches!(
        lower(0).as_str(),
        "the" | "a" | "an" | "these" | "those"
    ));
    // a named holder deep in the content: the capitalised words before the noun
    if n >= 6 {
        first = n;
        while first > 0
            && words
                .get(first - 1)
                .is_some_and(|(_, w)| w.starts_with(char::is_uppercase))
        {
            first -= 1;
        }
    }
    // "Belden Namah's allegations": the holder without its possessive ending
    let mut holder = bytes(first, n).map(|h| {
        let t = text.get(h.clone()).unwrap_or("");
        let bare = t.trim_end_matches("'s").trim_end_matches("’s");
        h.start..h.start + bare.len()
    });
    // "made by X that": the holder after the noun
    let mut k = n + 1;
    // "reports and speculations that C": a second noun joined to the first
    if lower(k) == "and"
        && words.get(k + 1).is_some()
        && k + 2 < words.len()
        && lower(k + 2) == "that"
    {
        k += 2;
    }
    // "reports on suspending the deal": the complement is the gerund's clause
    if matches!(lower(k).as_str(), "on" | "of" | "about") && lower(k + 1).ends_with("ing") {
        let claim = bytes(k + 1, words.len())?;
        let claim_text = text.get(claim.clone())?.trim_end_matches(['.', ',', ' ']);
        return Some(NounClaim {
            holder: bytes(first, n),
            noun: bytes(n, n + 1)?,
            claim: claim.start..claim.start + claim_text.len(),
        });
    }
    if lower(k) == "made" {
        k += 1;
    }
    if lower(k) == "by" {
        let from = k + 1;
        let to = (from..words.len().min(from + 8))
            .find(|&m| matches!(lower(m).as_str(), "that" | "on"))?;
        holder = bytes(from, to);
        k = to;
    }
    // a time adjunct before "that": "on Wednesday"
    while k < words.len() && lower(k) != "that" && k < n + 12 {
        let w = lower(k);
        let timeish = w == "on"
            || w.trim_end_matches(',').ends_with("day")
            || w.chars().all(|c| c.is_ascii_digit() || c == ',');
        if !timeish {
            return None;
        }
        k += 1;
    }
    if lower(k) != "that" {
        return None;
    }
    let claim = bytes(k + 1, words.len())?;
    let claim_text = text.get(claim.clone())?;
    // "accusations that C “lies”": the complement ends where another quotation opens
    let claim_text = claim_text
        .find(" “")
        .map_or(claim_text, |q| claim_text.get(..q).unwrap_or(claim_text));
    let trimmed = claim_text.trim_end_matches(['.', ',', ' ']);
    Some(NounClaim {
        holder,
        noun: bytes(n, n + 1)?,
        claim: claim.start..claim.start + trimmed.len(),
    })
}

/// A cue that rejects what it reports ("denied", "dismissed"): its content is not relayed.
fn denies(cue: &str) -> bool {
    let c = cue.to_lowercase();
    ["deni", "deny", "reject", "dismiss", "dispel", "refut"]
        .iter()
        .any(|d| c.contains(d))
}

/// Direct when nothing but punctuation lies outside quotation marks, mixed when quoted fragments
/// sit in a paraphrase, indirect without quotation marks.
pub(super) fn quote_kind(content: &str) -> QuoteKind {
    let is_q = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    let mut inside = false;
    let mut marks = 0;
    let mut words_outside = false;
    for c in content.chars() {
        if is_q(c) {
            inside = !inside;
            marks += 1;
        } else if !inside && c.is_alphanumeric() {
            words_outside = true;
        }
    }
    match (marks, words_outside) {
        (0, _) => QuoteKind::Indirect,
        (_, false) => QuoteKind::Direct,
        (_, true) => QuoteKind::Mixed,
    }
}
