//! The one high-level entry point: text -> candidates -> resolved attributions, per document.
//! Library users and the command line call the same code.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::error::Result;
use crate::extract::{self, Candidate};
use crate::learn::Model;
use crate::model::{
    Attribution, Document, Entity, EntityKind, EntityRef, Evidence, Extraction, Mention, QuoteKind,
    claim_id,
};
use crate::resolve::{Registry, Resolver};
use crate::span::CharMap;
use crate::text;

/// Runs extraction with a registry of known outlets, organisations and people.
#[derive(Debug, Clone)]
pub struct Pipeline {
    registry: Registry,
    model: Option<Arc<Model>>,
}

impl Pipeline {
    /// A pipeline with the built-in registry.
    pub fn new() -> Result<Pipeline> {
        Ok(Pipeline {
            registry: Registry::builtin()?,
            model: Model::builtin()?,
        })
    }

    /// A pipeline with the built-in registry and the hand-written rules only (no learned model);
    /// add one with [`Pipeline::with_model`].
    pub fn rules_only() -> Result<Pipeline> {
        Ok(Pipeline {
            registry: Registry::builtin()?,
            model: None,
        })
    }

    /// Uses `model` instead of the built-in attribution model.
    pub fn with_model(mut self, model: Model) -> Pipeline {
        self.model = Some(Arc::new(model));
        self
    }

    /// Adds a user registry or gazetteer file (`[[outlet]]`, `[[organization]]`, `[[person]]`).
    pub fn with_registry_file(mut self, path: &Path) -> Result<Pipeline> {
        self.registry.add_file(path)?;
        Ok(self)
    }

    /// The registry in use.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Extracts every attribution from one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let map = CharMap::new(text);
        let sentences = text::sentences(text);
        let mut candidates = extract::candidates(text, &sentences);
        if let Some(model) = &self.model {
            merge(text, &mut candidates, model.candidates(text, &sentences));
        }
        let mut resolver = Resolver::new(&self.registry, text, &sentences);
        let mut entities: Vec<Entity> = Vec::new();
        let mut attributions = Vec::new();
        for c in candidates {
            let Some(sentence) = sentences.get(c.sentence) else {
                continue;
            };
            let speaker = match &c.source {
                Some(r) => resolver.resolve(text.get(r.clone()).unwrap_or(""), r.start, c.sentence),
                None => Entity::new("unknown", EntityKind::Anonymous),
            };
            let mut via: Vec<Entity> = Vec::new();
            for r in &c.via {
                let e = resolver.resolve(text.get(r.clone()).unwrap_or(""), r.start, c.sentence);
                via.push(e);
            }
            for name in &c.via_names {
                if let Some(e) = self.registry.get(name) {
                    let mut e = e.clone();
                    e.aliases.clear();
                    via.push(e);
                }
            }
            // only outlets, platforms and organisations (readouts, statements) are channels; a
            // person or anonymous source around another attribution is a speaker of its own
            via.retain(|v| {
                v.id != speaker.id
                    && matches!(v.kind, EntityKind::Outlet | EntityKind::Organization)
            });
            if c.channel && matches!(speaker.kind, EntityKind::Outlet | EntityKind::Organization) {
                continue;
            }
            via.dedup_by(|a, b| a.id == b.id);
            let spans: Vec<_> = c.content.iter().map(|r| map.span(r.start, r.end)).collect();
            let content = Mention::from_spans(text, &map, &spans);
            let cue = Mention::from_spans(text, &map, &[map.span(c.cue.start, c.cue.end)]);
            let source = c
                .source
                .as_ref()
                .map(|r| Mention::from_spans(text, &map, &[map.span(r.start, r.end)]));
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
            attributions.push(Attribution {
                id: String::new(),
                claim: claim_id(&content.text),
                quote: quote_kind(&content.text),
                content,
                cue,
                source,
                speaker: EntityRef::from(&speaker),
                via: via.iter().map(EntityRef::from).collect(),
                confidence: c.confidence,
                rule: c.rule.to_string(),
                evidence,
            });
            for e in std::iter::once(speaker).chain(via) {
                self.collect(&mut entities, e);
            }
        }
        for (i, a) in attributions.iter_mut().enumerate() {
            a.id = format!("a{}", i + 1);
        }
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        Extraction {
            document: doc.clone(),
            attributions,
            entities,
        }
    }

    /// Adds an entity (and, for outlets, its registry parent), merging aliases and roles.
    fn collect(&self, entities: &mut Vec<Entity>, e: Entity) {
        if let Some(parent) = e.parent.as_deref().and_then(|p| self.registry.get(p)) {
            let mut p = parent.clone();
            p.aliases.clear();
            self.collect(entities, p);
        }
        if let Some(org) = e.affiliation.as_deref().and_then(|o| self.registry.get(o)) {
            let mut o = org.clone();
            o.aliases.clear();
            self.collect(entities, o);
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
}

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

/// A rule's source is weak when it is missing, or neither a name nor a pronoun ("On Thursday",
/// "of RT"): the learned model's source is preferred then.
fn weak_source(text: &str, source: Option<&Range<usize>>) -> bool {
    let Some(t) = source.and_then(|r| text.get(r.clone())) else {
        return true;
    };
    let pronoun = matches!(
        t.to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who"
    );
    !pronoun && !t.chars().next().is_some_and(char::is_uppercase)
}

/// Combines rule and model candidates. Where both found the same cue, the rule's candidate stays
/// (it knows channels and resolves speakers), but for general clause shapes it takes the
/// model's content, and the model's source when its own is weak. Model candidates for cues no
/// rule found are added.
fn merge(text: &str, rules: &mut Vec<Candidate>, learned: Vec<Candidate>) {
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut extra = Vec::new();
    for c in learned {
        let mut found = false;
        for r in rules.iter_mut().filter(|r| overlaps(&r.cue, &c.cue)) {
            found = true;
            let len = |spans: &[Range<usize>]| spans.iter().map(|s| s.len()).sum::<usize>();
            // a much shorter content means the model stopped at a nested cue ("Qin said Beijing
            // hoped ..."), where the rule's whole clause is right
            if is_generic(r.rule) && r.via.is_empty() && !r.channel {
                if len(&c.content) * 2 >= len(&r.content) {
                    r.content.clone_from(&c.content);
                }
                if c.source.is_some() && weak_source(text, r.source.as_ref()) {
                    r.source.clone_from(&c.source);
                }
            }
        }
        if !found {
            extra.push(c);
        }
    }
    rules.extend(extra);
    rules.sort_by_key(|c| (c.content.first().map_or(0, |r| r.start), c.cue.start));
}

/// Direct when nothing but punctuation lies outside quotation marks, mixed when quoted fragments
/// sit in a paraphrase, indirect without quotation marks.
fn quote_kind(content: &str) -> QuoteKind {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Metadata;

    #[test]
    fn quote_kinds() {
        assert_eq!(quote_kind("\"We will not yield,\""), QuoteKind::Direct);
        assert_eq!(quote_kind("“We talk,” “We listen.”"), QuoteKind::Direct);
        assert_eq!(quote_kind("ties were at a “low point”"), QuoteKind::Mixed);
        assert_eq!(quote_kind("ties were poor"), QuoteKind::Indirect);
    }

    /// Token soups from a fixed generator: extraction never panics and every span it reports
    /// slices the text (in code points) back to the reported text.
    #[test]
    fn spans_always_slice_the_text_back() {
        let words = [
            "said",
            "according",
            "to",
            "Reuters",
            "He",
            "the",
            "that",
            "reported",
            "citing",
            "told",
            "Wang",
            "Qin Gang",
            ":",
            "—",
            "(@x)",
            "pic.twitter.com/a",
            "U.S.",
            "Mr.",
            "\"",
            "“",
            "”",
            ",",
            ".",
            "\n",
            "and",
            "hoped",
            "warning",
            "😀",
            "مرحبا",
            "\u{202e}",
            "\r\n",
            "Xinhua",
        ];
        let p = Pipeline::new().unwrap();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..200 {
            let mut text = String::new();
            for _ in 0..(round % 60) * 3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(words[(seed % words.len() as u64) as usize]);
                text.push(' ');
            }
            let doc = Document {
                id: format!("r{round}"),
                meta: Metadata::default(),
                text: text.clone(),
            };
            let chars: Vec<char> = text.chars().collect();
            for a in p.extract(&doc).attributions {
                let mut parts = vec![&a.content, &a.cue];
                parts.extend(a.source.as_ref());
                for m in parts {
                    let pieces: Vec<String> = m
                        .spans
                        .iter()
                        .map(|s| {
                            assert!(s[0] <= s[1] && s[1] <= chars.len(), "{s:?} in {text:?}");
                            chars[s[0]..s[1]].iter().collect()
                        })
                        .collect();
                    assert_eq!(pieces.join(" "), m.text, "in {text:?}");
                }
                assert!(!a.content.text.trim().is_empty());
            }
        }
    }
}
