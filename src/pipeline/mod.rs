//! The one high-level entry point: text -> candidates -> resolved attributions, per document.
//! Library users and the command line call the same code.

mod assemble;
mod combine;
mod spans;

use std::path::Path;
use std::sync::Arc;

use crate::domain::{Document, Entity, Extraction};
use crate::error::Result;
use crate::extract;
use crate::learn::Model;
use crate::resolve::Registry;
use crate::text;
use assemble::Assembly;
pub use spans::SpanStyle;

/// Runs extraction with a registry of known outlets, organisations and people.
#[derive(Debug, Clone)]
pub struct Pipeline {
    registry: Registry,
    model: Option<Arc<Model>>,
    spans: SpanStyle,
}

impl Pipeline {
    /// A pipeline with the built-in registry.
    pub fn new() -> Result<Pipeline> {
        Ok(Pipeline {
            registry: Registry::builtin()?,
            model: Model::builtin()?,
            spans: SpanStyle::default(),
        })
    }

    /// A pipeline with the built-in registry and the hand-written rules only (no learned model);
    /// add one with [`Pipeline::with_model`].
    pub fn rules_only() -> Result<Pipeline> {
        Ok(Pipeline {
            registry: Registry::builtin()?,
            model: None,
            spans: SpanStyle::default(),
        })
    }

    /// Uses `model` instead of the built-in attribution model.
    pub fn with_model(mut self, model: Model) -> Pipeline {
        self.model = Some(Arc::new(model));
        self
    }

    /// Follows `style`'s conventions for where cues and contents begin (default: the claims
    /// conventions).
    pub fn with_spans(mut self, style: SpanStyle) -> Pipeline {
        self.spans = style;
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

    /// Extracts every attribution from each document, in parallel on the current rayon thread
    /// pool (all cores unless the caller installs a smaller one), in input order. Feed a large
    /// corpus in batches of a few dozen documents to keep memory bounded.
    pub fn extract_batch(&self, docs: &[Document]) -> Vec<Extraction> {
        use rayon::prelude::*;
        docs.par_iter().map(|d| self.extract(d)).collect()
    }

    /// Extracts every attribution from one document: the rules' candidates, merged with the
    /// learned model's, assembled into attributions with resolved speakers and channels.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let sentences = text::sentences(text);
        let mut candidates = extract::candidates(text, &sentences);
        let mut named = Vec::new();
        if let Some(model) = &self.model {
            let (learned, words) = model.candidates(text, &sentences);
            combine::merge(text, &mut candidates, learned);
            named = words;
        }
        let mut assembly = Assembly::new(self, text, &sentences, named);
        for c in &candidates {
            assembly.add(c);
        }
        let (attributions, mut entities) = assembly.finish();
        let document = self.document(doc, &mut entities);
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        Extraction {
            document,
            attributions,
            entities,
        }
    }

    /// The document with its publisher: a wire credited in the dateline ("MANILA (Reuters) -")
    /// when the metadata names none. The publisher joins `entities` when the registry knows it
    /// under the name the metadata gives ("Agence France-Presse" -> AFP), so every article of
    /// one outlet links to one node.
    fn document(&self, doc: &Document, entities: &mut Vec<Entity>) -> Document {
        let text = doc.text.as_str();
        let mut document = doc.clone();
        if document.meta.publisher.is_none() {
            document.meta.publisher = text::datelines(text)
                .into_iter()
                .find_map(|d| text.get(d.credit?))
                .map(|c| {
                    self.registry
                        .get(c)
                        .map_or(c, |e| e.name.as_str())
                        .to_string()
                });
        }
        if let Some(p) = &document.meta.publisher
            && let Some(e) = self.registry.get(p)
        {
            let mut e = e.clone();
            e.aliases = if e.name == *p {
                Vec::new()
            } else {
                vec![p.clone()]
            };
            assemble::collect(&self.registry, entities, e);
        }
        document
    }
}

#[cfg(test)]
mod tests {
    use super::assemble::quote_kind;
    use super::*;
    use crate::domain::Extraction;
    use crate::domain::{Attribution, EntityKind, Metadata, QuoteKind, Rule};
    use crate::resolve::Resolver;

    /// One resolved attribution: source text, cue text, content text, speaker name, via names.
    #[derive(Debug, PartialEq)]
    struct Said {
        source: String,
        cue: String,
        content: String,
        speaker: String,
        via: Vec<String>,
    }

    fn said(source: &str, cue: &str, content: &str, speaker: &str, via: &[&str]) -> Said {
        Said {
            source: source.into(),
            cue: cue.into(),
            content: content.into(),
            speaker: speaker.into(),
            via: via.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn extract(text: &str) -> Extraction {
        let doc = Document {
            id: "t".into(),
            meta: Metadata::default(),
            text: text.into(),
        };
        Pipeline::new().unwrap().extract(&doc)
    }

    fn run(text: &str) -> Vec<Said> {
        extract(text)
            .attributions
            .into_iter()
            .map(|a| Said {
                source: a.source.map(|m| m.text).unwrap_or_default(),
                cue: a.cue.text,
                content: a.content.text,
                speaker: a.speaker.name,
                via: a.via.into_iter().map(|v| v.name).collect(),
            })
            .collect()
    }

    /// The speaker of the attribution whose content is `content`, with its kind and role.
    fn speaker_of(x: &Extraction, content: &str) -> (String, EntityKind, Option<String>) {
        let a = x
            .attributions
            .iter()
            .find(|a| a.content.text == content)
            .unwrap_or_else(|| panic!("no attribution of {content:?} in {x:#?}"));
        let e = x.entities.iter().find(|e| e.id == a.speaker.id).unwrap();
        (e.name.clone(), e.kind, e.role.clone())
    }

    /// Speaker name and kind of every attribution, in order.
    fn speakers(text: &str) -> Vec<(String, EntityKind)> {
        extract(text)
            .attributions
            .into_iter()
            .map(|a| (a.speaker.name, a.speaker.kind))
            .collect()
    }

    fn org(name: &str) -> (String, EntityKind) {
        (name.to_string(), EntityKind::Organization)
    }

    // --- who speaks: metonyms, national bodies, places, datelines, coordination

    #[test]
    fn a_batch_is_extracted_in_input_order_as_one_by_one() {
        let p = Pipeline::new().unwrap();
        let docs: Vec<Document> = (0..9)
            .map(|i| {
                Document::new(
                    format!("d{i}"),
                    format!("Talks lasted {i} hours, Reuters said."),
                )
            })
            .collect();
        let batch = p.extract_batch(&docs);
        let one_by_one: Vec<Extraction> = docs.iter().map(|d| p.extract(d)).collect();
        assert_eq!(batch, one_by_one);
        assert_eq!(batch[8].document.id, "d8");
        let x = Extraction::from_text("Talks lasted 8 hours, Reuters said.").unwrap();
        assert_eq!(x.attributions, one_by_one[8].attributions);
    }

    #[test]
    fn countries_and_capitals_speak_for_their_governments() {
        let t = "Oslo on Monday urged both sides to return to talks.\n\
                 Peru said the vote was fair.\n\
                 The Philippines protested the move.";
        assert_eq!(
            speakers(t),
            vec![
                org("Government of Norway"),
                org("Government of Peru"),
                org("Government of the Philippines"),
            ]
        );
    }

    #[test]
    fn national_bodies_carry_their_country_and_never_merge_across_countries() {
        let t = "The Kenyan health ministry said 12 cases were confirmed.\n\
                 The Chilean foreign ministry said the envoy was recalled.\n\
                 The ministry said a note would follow.";
        assert_eq!(
            speakers(t),
            vec![
                org("Kenyan Health Ministry"),
                org("Chilean Foreign Ministry"),
                org("Chilean Foreign Ministry")
            ]
        );
        let x = extract(t);
        assert_eq!(
            x.attributions.first().map(|a| a.speaker.id.as_str()),
            Some("organization:kenyan-health-ministry")
        );
        // a description named before the body it refers to still finds it
        let t = "Nine people were hurt, the ministry said.\n\
                 The Kenyan health ministry said the clinic was full.";
        assert_eq!(
            speakers(t),
            vec![org("Kenyan Health Ministry"), org("Kenyan Health Ministry")]
        );
    }

    #[test]
    fn places_days_and_datelines_are_never_speakers() {
        let t = "LIMA (Reuters) - Peru on Thursday said the border would reopen.\n\
                 Interior Minister Rosa Quispe said on Friday that police were ready.\n\
                 She said the roads were clear.";
        let x = extract(t);
        let names: Vec<&str> = x
            .attributions
            .iter()
            .map(|a| a.speaker.name.as_str())
            .collect();
        assert_eq!(names, ["Government of Peru", "Rosa Quispe", "Rosa Quispe"]);
        assert_eq!(x.document.meta.publisher.as_deref(), Some("Reuters"));
        assert!(
            x.entities
                .iter()
                .all(|e| e.name != "LIMA" && e.name != "Thursday")
        );
    }

    #[test]
    fn coordinated_speakers_get_one_attribution_each() {
        let t = "Ankara and several rights groups have condemned the pushbacks.";
        let x = extract(t);
        let got: Vec<(&str, &str)> = x
            .attributions
            .iter()
            .map(|a| (a.speaker.name.as_str(), a.content.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Government of Türkiye", "the pushbacks"),
                ("several rights groups", "the pushbacks")
            ]
        );
        // a verb the source ran into is no second speaker; a party's person is the person
        let r = Registry::builtin().expect("registry");
        assert_eq!(
            assemble::coordinated(&r, "Lena Brandt and hoped"),
            Some(("Lena Brandt", None))
        );
        let mut res = Resolver::new(&r, "", &[], Vec::new());
        assert_eq!(
            res.resolve("PPP's Sherry Rehman", 0, 0).name,
            "Sherry Rehman"
        );
    }

    #[test]
    fn a_relative_pronoun_speaks_for_its_antecedent() {
        let t = "The rebels, who said they had seized the port, denied any losses.";
        let x = extract(t);
        assert!(
            x.attributions
                .iter()
                .any(|a| a.speaker.name == "rebels" && a.content.text.contains("seized the port")),
            "{:#?}",
            x.attributions
        );
    }

    #[test]
    fn headline_descriptions_refer_to_the_person_named_below() {
        let t = "Peruvian minister says border will reopen\n\
                 Interior Minister Rosa Quispe said on Friday that the border would reopen.";
        assert_eq!(
            speakers(t),
            vec![
                ("Rosa Quispe".to_string(), EntityKind::Person),
                ("Rosa Quispe".to_string(), EntityKind::Person)
            ]
        );
    }

    #[test]
    fn a_pronoun_after_a_speaker_is_that_speaker_not_a_name_in_her_words() {
        let t = "Spokeswoman Lina Sato said Ambassador Omar Haddad had been summoned.\n\
                 She added that the meeting was short.\n\
                 \"As Minister Ren Tao said, we will wait,\" she said.";
        let got: Vec<String> = speakers(t).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Lina Sato", "Lina Sato", "Lina Sato"]);
    }

    #[test]
    fn groups_acronyms_days_and_descriptions_around_names() {
        let t = "Envoy Cheng Wei Tuesday met the press.\n\
                 Cheng said the talks would go on.\n\
                 The Houthis on Monday said they had hit a ship.\n\
                 Rights figure Amina Bello told reporters the march was peaceful.";
        assert_eq!(
            speakers(t),
            vec![
                ("Cheng Wei".to_string(), EntityKind::Person),
                org("Houthis"),
                ("Amina Bello".to_string(), EntityKind::Person),
            ]
        );
    }

    #[test]
    fn the_holder_of_accusations_and_claims_speaks_their_complement() {
        let t = "Minister Rosa Quispe rejected the Chilean accusations on Tuesday that Peru had moved troops.\n\
                 The navy denied claims made by the rebel movement that it had sunk a ship.\n\
                 Oslo dismissed reports and rumours that it had closed the embassy.\n\
                 The league rejects reports on moving the final abroad.";
        let x = extract(t);
        let held: Vec<(&str, &str, &str)> = x
            .attributions
            .iter()
            .filter(|a| a.rule == Rule::CueNounClaim)
            .map(|a| {
                (
                    a.speaker.name.as_str(),
                    a.cue.text.as_str(),
                    a.content.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            held,
            [
                (
                    "Government of Chile",
                    "accusations",
                    "Peru had moved troops"
                ),
                ("rebel movement", "claims", "it had sunk a ship"),
                ("reports", "reports", "it had closed the embassy"),
                ("reports", "reports", "moving the final abroad"),
            ]
        );
        // the unnamed holders are anonymous, and in provenance order each comes before the
        // rejection that carries it
        let order: Vec<&str> = x.attributions.iter().map(|a| a.cue.text.as_str()).collect();
        assert_eq!(
            order,
            [
                "accusations",
                "rejected",
                "claims",
                "denied",
                "reports",
                "dismissed",
                "reports",
                "rejects"
            ]
        );
        assert!(
            x.attributions
                .iter()
                .filter(|a| a.cue.text == "reports")
                .all(|a| a.speaker.kind == EntityKind::Anonymous)
        );
        // a named holder deep in the content, once
        let x = extract(
            "Mayor Ivo Petrov says there is no truth in Carla Diaz's allegations that the depot was sold.",
        );
        let held: Vec<(&str, &str)> = x
            .attributions
            .iter()
            .filter(|a| a.cue.text == "allegations")
            .map(|a| (a.speaker.name.as_str(), a.content.text.as_str()))
            .collect();
        assert_eq!(held, [("Carla Diaz", "the depot was sold")]);
    }

    #[test]
    fn a_spokesman_named_a_sentence_later_is_the_speaker() {
        let t = "A Foreign Ministry spokesman on Monday said the talks would resume.\n\
                 Spokeswoman Lina Sato told a briefing that dates were set.\n\
                 A senior official said nothing was signed.";
        let got: Vec<String> = speakers(t).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Lina Sato", "Lina Sato", "senior official"]);
        // an official of a named organisation, named with that organisation a paragraph later
        let t = "A World Health Organization official warned that cases would rise.\n\n\
                 Rains continued in the east.\n\n\
                 Dr. Omar Haidari, a WHO official in Nairobi, said vaccines were short.\n\n\
                 An Oxfam official said the roads were closed.";
        let got: Vec<String> = speakers(t).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Omar Haidari", "Omar Haidari", "Oxfam official"]);
    }

    #[test]
    fn a_speaker_going_on_without_a_readable_source_is_the_last_speaker() {
        let t = "Minister Tomas Varga said the port would reopen. \
                 \"We have repaired the cranes,\" if added.";
        let x = extract(t);
        let added = x.attributions.iter().find(|a| a.cue.text == "added");
        assert_eq!(added.map(|a| a.speaker.name.as_str()), Some("Tomas Varga"));
    }

    #[test]
    fn a_lead_description_is_the_person_introduced_next_and_the_story_is_the_leads_country() {
        let t = "Tariffs to rise next month\n\n\
                 The Norwegian trade minister said on Monday that tariffs would rise.\n\n\
                 \"It is overdue,\" Lars Moen said in an interview.";
        let got: Vec<String> = speakers(t).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["Lars Moen", "Lars Moen"]);
        // the country opening the headline and the lead is whose government "the government" is
        let t = "Peru lodges protest with Chile over boats\n\
                 Peru on Tuesday protested to Chile after Chilean boats entered its waters.\n\
                 The government summoned the Chilean ambassador, demanding that it never happen again.";
        let got = speakers(t);
        assert!(
            got.iter().any(|(n, _)| n == "Government of Peru")
                && !got.iter().any(|(n, _)| n == "Government of Chile"),
            "{got:?}"
        );
    }

    #[test]
    fn quotations_running_over_paragraphs_belong_to_the_closing_speaker() {
        let t = "Mayor Ana Ruiz spoke at the harbour.\n\
                 “The port will reopen in May and the ferries will run again.\n\
                 “We have repaired the cranes,” she said.";
        let x = extract(t);
        let got: Vec<(&str, &str, &str)> = x
            .attributions
            .iter()
            .map(|a| {
                (
                    a.content.text.as_str(),
                    a.speaker.name.as_str(),
                    a.rule.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got.first().copied(),
            Some((
                "The port will reopen in May and the ferries will run again",
                "Ana Ruiz",
                "quote_continued"
            ))
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn the_outer_speaker_of_nested_speech_is_its_channel() {
        let t = "The spokeswoman Mia Berg said Prime Minister Lars Holm told lawmakers that taxes would fall.";
        let x = extract(t);
        let inner = x
            .attributions
            .iter()
            .find(|a| a.speaker.name == "Lars Holm")
            .unwrap_or_else(|| panic!("{:#?}", x.attributions));
        let via = |a: &Attribution| a.via.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        assert_eq!(via(inner), ["Mia Berg"]);
        // a quotation that opens with the inner cue
        let t = "Prime Minister Lars Holm spoke on Monday.\n\
                 Holm \"stressed the need for calm in the north,\" Mia Berg said.";
        let x = extract(t);
        let inner = x
            .attributions
            .iter()
            .find(|a| a.cue.text == "stressed")
            .unwrap_or_else(|| panic!("{:#?}", x.attributions));
        assert_eq!(inner.speaker.name, "Lars Holm");
        assert_eq!(inner.content.text, "the need for calm in the north");
        assert_eq!(via(inner), ["Mia Berg"]);
    }

    // --- "was quoted as saying", "O quoted S as saying", "O reported, citing P"

    #[test]
    fn quoted_as_saying_names_the_speaker_and_the_outlet() {
        assert_eq!(
            run("Prime Minister Anna Kovac was quoted as saying that the border would reopen."),
            vec![said(
                "Prime Minister Anna Kovac",
                "was quoted as saying",
                "the border would reopen",
                "Anna Kovac",
                &[]
            )]
        );
        assert_eq!(
            run("Foreign Minister Kamal Reyes was quoted by Reuters as saying the truce held."),
            vec![said(
                "Foreign Minister Kamal Reyes",
                "was quoted as saying",
                "the truce held",
                "Kamal Reyes",
                &["Reuters"]
            )]
        );
    }

    #[test]
    fn outlet_quoting_or_citing_someone_is_the_channel() {
        assert_eq!(
            run("Reuters quoted a senior diplomat as saying the talks had stalled."),
            vec![said(
                "a senior diplomat",
                "quoted as saying",
                "the talks had stalled",
                "senior diplomat",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run("Xinhua cited Premier Li Wen as saying the economy would grow."),
            vec![said(
                "Premier Li Wen",
                "cited as saying",
                "the economy would grow",
                "Li Wen",
                &["Xinhua"]
            )]
        );
    }

    #[test]
    fn outlets_citing_someone_before_or_after_the_quotation() {
        assert_eq!(
            run(
                "\"The pipeline deal is off,\" TASS cited Igor Lenkov, a deputy minister as saying. \
                 \"Talks will resume in spring.\""
            ),
            vec![said(
                "Igor Lenkov, a deputy minister",
                "cited as saying",
                "\"The pipeline deal is off,\" \"Talks will resume in spring.\"",
                "Igor Lenkov",
                &["TASS"]
            )]
        );
        assert_eq!(
            run(
                "According to Kyodo, which cited two government sources, the summit will be delayed."
            ),
            vec![said(
                "two government sources",
                "According to cited",
                "the summit will be delayed",
                "two government sources",
                &["Kyodo"]
            )]
        );
        // a capitalised cue word inside an outlet's name is part of the name
        assert_eq!(
            run("Ito told the Washington Post that the yen was undervalued."),
            vec![said(
                "Ito",
                "told",
                "the yen was undervalued",
                "Ito",
                &["The Washington Post"]
            )]
        );
    }

    #[test]
    fn an_outlet_reporting_a_quotation_is_its_channel_and_places_never_speak() {
        let t = "Station chief Lena Brandt said the closure came as a shock. \
                 \"We only know we must hand back our passes,\" the BBC reported.";
        let (name, _, _) = speaker_of(
            &extract(t),
            "\"We only know we must hand back our passes,\"",
        );
        assert_eq!(name, "Lena Brandt");
        let x = extract(t);
        let a = x
            .attributions
            .iter()
            .find(|a| a.cue.text == "reported")
            .expect("reported");
        assert_eq!(
            a.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
            ["BBC"]
        );
        // with nobody speaking before it, the outlet stays the speaker
        let (name, kind, _) = speaker_of(
            &extract("\"Calm has returned,\" the BBC reported."),
            "\"Calm has returned,\"",
        );
        assert_eq!((name.as_str(), kind), ("BBC", EntityKind::Outlet));
        let registry = Registry::builtin().expect("registry");
        for m in ["the Taiwan Strait", "China Sea", "the Mekong River"] {
            let mut r = Resolver::new(&registry, m, &[], Vec::new());
            assert_eq!(r.resolve(m, 0, 0).kind, EntityKind::Anonymous, "{m}");
        }
    }

    #[test]
    fn outlet_reporting_citing_someone_is_the_channel() {
        assert_eq!(
            run(
                "The army will pull back from the valley, the Kyiv Independent reported, citing a military spokesperson."
            ),
            vec![said(
                "a military spokesperson",
                "reported citing",
                "The army will pull back from the valley",
                "military spokesperson",
                &["Kyiv Independent"]
            )]
        );
        // a person citing reasons stays the speaker
        let got = run("Growth will slow, Finance Minister Lena Ortiz said, citing weak exports.");
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].speaker.as_str(), got[0].cue.as_str()),
            ("Lena Ortiz", "said")
        );
    }

    #[test]
    fn quoted_variants_and_citing_anywhere() {
        assert_eq!(
            run(
                "The central bank governor, Omar Haddad, was quoted as saying by Xinhua that rates would stay high."
            ),
            vec![said(
                "The central bank governor, Omar Haddad",
                "was quoted as saying",
                "rates would stay high",
                "Omar Haddad",
                &["Xinhua"]
            )]
        );
        assert_eq!(
            run("Haddad was quoted in the Financial Times as saying rates would stay high."),
            vec![said(
                "Haddad",
                "was quoted as saying",
                "rates would stay high",
                "Haddad",
                &["Financial Times"]
            )]
        );
        let two = |cue: &str, content: &str| {
            vec![said(
                "two sources",
                cue,
                content,
                "two sources",
                &["Reuters"],
            )]
        };
        assert_eq!(
            run("Reuters, citing two sources, reported that the drills had ended."),
            two("citing reported", "the drills had ended")
        );
        assert_eq!(
            run("Citing two sources, Reuters reported that the drills had ended."),
            two("Citing reported", "the drills had ended")
        );
        assert_eq!(
            run("The drills had ended, Reuters reported on Tuesday, citing two sources."),
            two("reported citing", "The drills had ended")
        );
    }

    #[test]
    fn asides_between_source_and_cue() {
        assert_eq!(
            run("Haddad, speaking to Bloomberg on Friday, said rates would stay high."),
            vec![said(
                "Haddad",
                "said",
                "rates would stay high",
                "Haddad",
                &["Bloomberg"]
            )]
        );
        let x = extract("The central bank governor, Omar Haddad, said rates would stay high.");
        assert_eq!(
            speaker_of(&x, "rates would stay high"),
            (
                "Omar Haddad".to_string(),
                EntityKind::Person,
                Some("central bank governor".to_string())
            )
        );
    }

    // --- statements, interviews, readouts

    #[test]
    fn tail_cues_with_statements_and_participles() {
        let m = "Chinese Defence Ministry";
        assert_eq!(
            run(
                "The drills have ended, the Chinese Defence Ministry said in a statement posted on its website."
            ),
            vec![said(
                "the Chinese Defence Ministry",
                "said",
                "The drills have ended",
                m,
                &[]
            )]
        );
        assert_eq!(
            run(
                "The drills have ended, the Chinese Defence Ministry said in a statement, adding that the ships were back in port."
            ),
            vec![
                said(
                    "the Chinese Defence Ministry",
                    "said",
                    "The drills have ended",
                    m,
                    &[]
                ),
                said(
                    "the Chinese Defence Ministry",
                    "adding",
                    "the ships were back in port",
                    m,
                    &[]
                ),
            ]
        );
        assert_eq!(
            run("Rates will stay high, Haddad said, according to Reuters."),
            vec![said(
                "Haddad",
                "said",
                "Rates will stay high",
                "Haddad",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run(
                "Haddad said rates would stay high, Reuters reported, citing a State Department readout."
            ),
            vec![said(
                "Haddad",
                "said",
                "rates would stay high",
                "Haddad",
                &["Reuters", "U.S. State Department"]
            )]
        );
        // the quotation after a participle still continues the first one
        let x = extract(
            "“Rates will stay high,” she said, adding that inflation was easing. “We are patient.”",
        );
        let quote = x
            .attributions
            .iter()
            .find(|a| a.cue.text == "said")
            .unwrap();
        assert_eq!(
            quote.content.text,
            "“Rates will stay high,” “We are patient.”"
        );
        assert_eq!(x.attributions.len(), 2);
    }

    #[test]
    fn statements_and_readouts_speak_for_their_issuer() {
        let t = "The Japanese Foreign Ministry said in a statement that the tariffs would start on Monday.\n\
                 In a statement, the ministry said the tariffs were fair.\n\
                 In a statement on Tuesday, the ministry said shipments had resumed.\n\
                 A statement from the ministry said exports would recover.";
        let got = run(t);
        let m = "Japanese Foreign Ministry";
        assert_eq!(
            got,
            vec![
                said(
                    "The Japanese Foreign Ministry",
                    "said",
                    "the tariffs would start on Monday",
                    m,
                    &[]
                ),
                said("the ministry", "said", "the tariffs were fair", m, &[]),
                said("the ministry", "said", "shipments had resumed", m, &[]),
                said(
                    "A statement from the ministry",
                    "said",
                    "exports would recover",
                    m,
                    &[]
                ),
            ]
        );
        assert_eq!(
            run(
                "According to a readout of the meeting released by the U.S. State Department, the two sides agreed to keep talking."
            ),
            vec![
                said(
                    "a readout of the meeting released by the U.S. State Department",
                    "According to",
                    "the two sides agreed to keep talking",
                    "U.S. State Department",
                    &[]
                ),
                // "the two sides agreed" inside it reports a joint action, not a claim
            ]
        );
    }

    #[test]
    fn interviews_with_outlets_make_them_channels() {
        assert_eq!(
            run("Prime Minister Anna Kovac said in an interview with the BBC that she would stay."),
            vec![said(
                "Prime Minister Anna Kovac",
                "said",
                "she would stay",
                "Anna Kovac",
                &["BBC"]
            )]
        );
        assert_eq!(
            run("In an interview with the BBC, Kovac said she would stay."),
            vec![said("Kovac", "said", "she would stay", "Kovac", &["BBC"])]
        );
    }

    // --- "S told O that C"

    #[test]
    fn telling_an_outlet_makes_it_the_channel() {
        assert_eq!(
            run("Wang told Reuters that the dispute could be settled."),
            vec![said(
                "Wang",
                "told",
                "the dispute could be settled",
                "Wang",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run("The dispute could be settled, Wang told Reuters on Tuesday."),
            vec![said(
                "Wang",
                "told",
                "The dispute could be settled",
                "Wang",
                &["Reuters"]
            )]
        );
        // reporters, people and ministries who hear a claim are not channels
        for t in [
            "Wang told reporters that the dispute could be settled.",
            "Wang told Blinken that the dispute could be settled.",
            "Wang told the Japanese Foreign Ministry that the dispute could be settled.",
        ] {
            let got = run(t);
            assert_eq!(got.len(), 1, "{t}");
            assert!(got[0].via.is_empty(), "{t}: {got:?}");
            assert_eq!(got[0].content, "the dispute could be settled");
        }
    }

    // --- the shapes that were there before

    #[test]
    fn source_cue_content() {
        assert_eq!(
            run("Finance Minister Lena Ortiz said that inflation had peaked."),
            vec![said(
                "Finance Minister Lena Ortiz",
                "said",
                "inflation had peaked",
                "Lena Ortiz",
                &[]
            )]
        );
        assert_eq!(
            run("Ortiz says rates will fall."),
            vec![said("Ortiz", "says", "rates will fall", "Ortiz", &[])]
        );
    }

    #[test]
    fn content_source_cue_and_content_cue_source() {
        assert_eq!(
            run("Inflation had peaked, the central bank governor said."),
            vec![said(
                "the central bank governor",
                "said",
                "Inflation had peaked",
                "central bank governor",
                &[]
            )]
        );
        assert_eq!(
            run("“We will not yield,” said Finance Minister Lena Ortiz."),
            vec![said(
                "Finance Minister Lena Ortiz",
                "said",
                "“We will not yield,”",
                "Lena Ortiz",
                &[]
            )]
        );
        // a cue that interrupts one clause: the clause on both sides is the content
        let content = |t: &str| -> Vec<String> { run(t).into_iter().map(|s| s.content).collect() };
        assert_eq!(
            content("But to keep order, the mayor said, officials should close the harbour."),
            ["to keep order officials should close the harbour"]
        );
    }

    #[test]
    fn according_to_at_either_end() {
        assert_eq!(
            run("According to the IMF, growth will slow."),
            vec![said(
                "the IMF",
                "According to",
                "growth will slow",
                "IMF",
                &[]
            )]
        );
        assert_eq!(
            run("Growth will slow, according to the IMF."),
            vec![said(
                "the IMF",
                "according to",
                "Growth will slow",
                "IMF",
                &[]
            )]
        );
    }

    #[test]
    fn colon_before_a_quotation() {
        assert_eq!(
            run("Ortiz said: “Inflation has peaked.”"),
            vec![said(
                "Ortiz",
                "said",
                "“Inflation has peaked.”",
                "Ortiz",
                &[]
            )]
        );
    }

    #[test]
    fn split_quotes_within_and_across_sentences() {
        assert_eq!(
            run("“Inflation has peaked,” Ortiz said, “and rates will fall.”"),
            vec![said(
                "Ortiz",
                "said",
                "“Inflation has peaked,” “and rates will fall.”",
                "Ortiz",
                &[]
            )]
        );
        let x = extract("“Inflation has peaked,” Ortiz said. “Rates will fall.”");
        assert_eq!(x.attributions.len(), 1);
        assert_eq!(x.attributions[0].rule, Rule::SplitQuote);
        assert_eq!(x.attributions[0].content.spans.len(), 2);
    }

    #[test]
    fn headline_attributions() {
        assert_eq!(
            run("Qin: US-China relations at lowest point\nThe talks ran late."),
            vec![said(
                "Qin",
                ":",
                "US-China relations at lowest point",
                "Qin",
                &[]
            )]
        );
        assert_eq!(
            run("Ortiz says inflation has peaked\nThe data came out on Monday."),
            vec![said("Ortiz", "says", "inflation has peaked", "Ortiz", &[])]
        );
    }

    #[test]
    fn embedded_tweet_author_speaks_via_twitter() {
        let t = "Good talks with the finance team today. pic.twitter.com/a1b2c3\n\
                 — Lena Ortiz (@lenaortiz) March 3, 2024\n";
        assert_eq!(
            run(t),
            vec![said(
                "Lena Ortiz (@lenaortiz)",
                "—",
                "Good talks with the finance team today.",
                "Lena Ortiz",
                &["Twitter"]
            )]
        );
    }

    #[test]
    fn first_person_inside_a_tweet_is_its_author() {
        let t = "Long day of talks. I stressed that trade must stay open for farmers.\n\
                 — Lena Ortiz (@lenaortiz) March 3, 2024\n";
        let nested: Vec<Said> = run(t).into_iter().filter(|a| a.source == "I").collect();
        assert!(!nested.is_empty(), "the model finds the nested cue");
        assert!(
            nested.iter().all(|a| a.speaker == "Lena Ortiz"),
            "{nested:?}"
        );
    }

    #[test]
    fn participial_and_coordinated_cues() {
        // the learned model adds the stance "defended the budget", as PolNeAR would annotate it
        let participle =
            |t: &str| -> Vec<Said> { run(t).into_iter().filter(|a| a.cue != "defended").collect() };
        assert_eq!(
            participle("Ortiz defended the budget, warning that cuts would hurt growth."),
            vec![said(
                "Ortiz",
                "warning",
                "cuts would hurt growth",
                "Ortiz",
                &[]
            )]
        );
        assert_eq!(
            participle("Ortiz defended the budget, saying it would protect jobs."),
            vec![said(
                "Ortiz",
                "saying",
                "it would protect jobs",
                "Ortiz",
                &[]
            )]
        );
        assert_eq!(
            run("Ortiz remarked that growth was strong and hoped that rates would fall."),
            vec![
                said("Ortiz", "remarked", "growth was strong", "Ortiz", &[]),
                said("Ortiz", "hoped", "rates would fall", "Ortiz", &[]),
            ]
        );
    }

    #[test]
    fn outlet_chains() {
        assert_eq!(
            run("Ortiz said inflation had peaked, according to Reuters."),
            vec![said(
                "Ortiz",
                "said",
                "inflation had peaked",
                "Ortiz",
                &["Reuters"]
            )]
        );
        assert_eq!(
            run("Ortiz said inflation had peaked, Bloomberg reported."),
            vec![said(
                "Ortiz",
                "said",
                "inflation had peaked",
                "Ortiz",
                &["Bloomberg"]
            )]
        );
        assert_eq!(
            run("Ortiz said inflation had peaked, Bloomberg reported, citing Xinhua."),
            vec![said(
                "Ortiz",
                "said",
                "inflation had peaked",
                "Ortiz",
                &["Bloomberg", "Xinhua"]
            )]
        );
        assert_eq!(
            run("Li was quoted by Xinhua as saying the economy was stable, Reuters reported."),
            vec![said(
                "Li",
                "was quoted as saying",
                "the economy was stable",
                "Li",
                &["Reuters", "Xinhua"]
            )]
        );
    }

    #[test]
    fn outlet_on_its_own_account() {
        assert_eq!(
            run("The talks lasted seven hours, according to Reuters."),
            vec![said(
                "Reuters",
                "according to",
                "The talks lasted seven hours",
                "Reuters",
                &[]
            )]
        );
        assert_eq!(
            run("The talks lasted seven hours, Reuters reported."),
            vec![said(
                "Reuters",
                "reported",
                "The talks lasted seven hours",
                "Reuters",
                &[]
            )]
        );
    }

    #[test]
    fn abbreviations_do_not_break_attributions() {
        let t = "Mr. Li met Gen. Tan on Jun. 18 in the U.S. capital. \
                 Gen. Tan said No. 2 Fleet had grown 3.5 per cent since J. R. Moss left.";
        assert_eq!(
            run(t),
            vec![said(
                "Gen. Tan",
                "said",
                "No. 2 Fleet had grown 3.5 per cent since J. R. Moss left",
                "Tan",
                &[]
            )]
        );
        let t = "Details are at https://example.org/a.b?c=1. Ortiz said the site was new.";
        assert_eq!(
            run(t),
            vec![said("Ortiz", "said", "the site was new", "Ortiz", &[])]
        );
    }

    #[test]
    fn boilerplate_lines_say_nothing() {
        let t = "Follow us on Telegram: Ortiz says rates will fall\n\
                 Related: Ortiz says rates will fall\n\
                 Top image via Reuters, which said it was taken on Monday.\n\
                 Photo by Reuters, which said it was taken on Monday.\n\
                 If you like what you read, tell us that you did.\n\
                 Share this article: Ortiz says rates will fall\n\
                 Ortiz said growth was strong.";
        assert_eq!(
            run(t),
            vec![said("Ortiz", "said", "growth was strong", "Ortiz", &[])]
        );
    }

    // --- resolution

    #[test]
    fn pronouns_find_their_antecedents() {
        let t = "Finance Minister Lena Ortiz met bankers on Monday. She said inflation had peaked.\n\
                 Central bank governor Omar Haddad spoke next. He said rates would stay high.\n\
                 The Japanese Foreign Ministry issued a statement. It said the visit was useful.\n\
                 U.S. officials briefed reporters afterwards. They said the talks were candid.";
        let x = extract(t);
        let who = |c: &str| speaker_of(&x, c).0;
        assert_eq!(who("inflation had peaked"), "Lena Ortiz");
        assert_eq!(who("rates would stay high"), "Omar Haddad");
        assert_eq!(who("the visit was useful"), "Japanese Foreign Ministry");
        assert_eq!(who("the talks were candid"), "U.S. officials");
        assert_eq!(
            speaker_of(&x, "the talks were candid").1,
            EntityKind::Anonymous
        );
        // nothing to refer to: an unknown source, not a person called "She"
        let x = extract("The meeting ended late. She said it went well.");
        assert_eq!(
            speaker_of(&x, "it went well"),
            ("unknown".to_string(), EntityKind::Anonymous, None)
        );
    }

    #[test]
    fn descriptions_find_people_and_organisations() {
        let t = "Chinese Foreign Minister Qin Gang met U.S. Secretary of State Antony Blinken in Beijing.\n\
                 The Chinese foreign minister said ties were at a low point.\n\
                 The US official said both sides wanted stability.\n\
                 The Chinese Foreign Ministry later issued a note. The ministry said the visit helped.";
        let x = extract(t);
        let who = |c: &str| speaker_of(&x, c).0;
        assert_eq!(who("ties were at a low point"), "Qin Gang");
        assert_eq!(who("both sides wanted stability"), "Antony Blinken");
        assert_eq!(who("the visit helped"), "Chinese Foreign Ministry");
        // an anonymous official mentioned a moment ago is "the US official"
        let t = "A senior US official said the trip was planned in May. \
                 The official said more meetings would follow.";
        let x = extract(t);
        let a = speaker_of(&x, "the trip was planned in May");
        assert_eq!(a, speaker_of(&x, "more meetings would follow"));
        assert_eq!(a.1, EntityKind::Anonymous);
    }

    #[test]
    fn surnames_and_titles() {
        let t = "U.S. Secretary of State Antony Blinken arrived on Sunday.\n\
                 Blinken said the trip was overdue.";
        let x = extract(t);
        assert_eq!(
            speaker_of(&x, "the trip was overdue"),
            (
                "Antony Blinken".to_string(),
                EntityKind::Person,
                Some("U.S. Secretary of State".to_string())
            )
        );
        let x =
            extract("Deputy spokesperson Vedant Rao of the State Department said talks went well.");
        let rao = x.entities.iter().find(|e| e.name == "Vedant Rao").unwrap();
        assert_eq!(rao.role.as_deref(), Some("Deputy spokesperson"));
        assert_eq!(rao.affiliation.as_deref(), Some("U.S. State Department"));
    }

    #[test]
    fn anonymous_sources() {
        for (t, name) in [
            ("Sources said the talks were candid.", "Sources"),
            (
                "Diplomatic sources said the talks were candid.",
                "Diplomatic sources",
            ),
            (
                "A senior official said the talks were candid.",
                "senior official",
            ),
            (
                "Two people familiar with the matter said the talks were candid.",
                "Two people familiar with the matter",
            ),
            // an unnamed spokeswoman is not her agency's statement
            (
                "A spokeswoman for the agency said the talks were candid.",
                "spokeswoman for the agency",
            ),
        ] {
            let x = extract(t);
            let (n, k, _) = speaker_of(&x, "the talks were candid");
            assert_eq!(n, name, "{t}");
            let want = EntityKind::Anonymous;
            assert_eq!(k, want, "{t}");
        }
    }

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
            "was quoted",
            "quoted",
            "as saying",
            "by",
            "in an interview with",
            "speaking to",
            "the BBC",
            "familiar with",
            "a statement from",
            "in a statement",
            "on Tuesday",
            "adding",
            "she would stay",
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

    #[test]
    fn a_noun_with_a_relative_clause_is_no_claim() {
        // the learned cue tagger reads "dispute" as a cue noun; its relative clause is no content
        assert_eq!(
            run("The two neighbours are locked in a dispute that pushed ties to a new low."),
            vec![]
        );
        // nor is the verb of a relative clause whose object is the noun before it
        let got = run(
            "The ministry said the tariffs, which Ottawa announced on Friday, would not change \
             its policy.",
        );
        assert_eq!(
            got.iter().map(|g| g.cue.as_str()).collect::<Vec<_>>(),
            ["said"]
        );
        // an embedded question is no claim, for the learned cues too
        let got = run("Aides said they would check whether anyone illegally disclosed the memo.");
        assert_eq!(
            got.iter().map(|g| g.cue.as_str()).collect::<Vec<_>>(),
            ["said"]
        );
    }
}
