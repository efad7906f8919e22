//! The domain types shared by every stage: documents, entities, attributions and their evidence.
//! These are plain data; the stages that produce them live in `text`, `extract` and `resolve`.
//! The structs written into extraction JSON declare their fields in alphabetical order, the
//! order of the JSON keys (`export::json` writes them directly and tests that they are sorted).

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Metadata about where an article was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// The outlet that published the article ("Mothership", "Reuters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where the article was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date as written by the source (ISO 8601 recommended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Metadata {
    /// Fills every field that is `None` here from `other`.
    pub fn or(mut self, other: &Metadata) -> Metadata {
        self.publisher = self.publisher.or_else(|| other.publisher.clone());
        self.url = self.url.or_else(|| other.url.clone());
        self.title = self.title.or_else(|| other.title.clone());
        self.date = self.date.or_else(|| other.date.clone());
        self
    }
}

/// One article: its id, metadata and exact original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file stem or JSONL `id`.
    pub id: String,
    /// Publisher, URL, title, date.
    pub meta: Metadata,
    /// The text exactly as read (offsets point into it).
    pub text: String,
}

impl Document {
    /// A document with no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            meta: Metadata::default(),
            text: text.into(),
        }
    }
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A government body, company, party or other organisation.
    Organization,
    /// A news outlet or channel (wire, broadcaster, newspaper, platform).
    Outlet,
    /// An unnamed source ("diplomatic sources", "a senior official").
    Anonymous,
}

impl EntityKind {
    /// The lowercase name used in ids and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Outlet => "outlet",
            EntityKind::Anonymous => "anonymous",
        }
    }
}

/// A resolved speaker or channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// For people: the organisation the text ties them to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// Other names used for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// For outlets: the country, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Stable id, e.g. `person:qin-gang`, `outlet:xinhua`.
    pub id: String,
    /// Kind of entity.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// For outlets: wire, broadcaster, newspaper, magazine, platform, state media...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_kind: Option<String>,
    /// For outlets: the parent organisation's canonical name (CGTN -> CCTV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Role or title where the text gives one ("U.S. Secretary of State").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// For outlets: whether it is state-controlled media.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub state_media: bool,
}

impl Entity {
    /// A bare entity with a derived id.
    pub fn new(name: &str, kind: EntityKind) -> Entity {
        Entity {
            id: entity_id(kind, name),
            name: name.to_string(),
            kind,
            role: None,
            aliases: Vec::new(),
            parent: None,
            country: None,
            outlet_kind: None,
            state_media: false,
            affiliation: None,
        }
    }
}

/// `kind:slug`, e.g. `person:qin-gang`.
pub fn entity_id(kind: EntityKind, name: &str) -> String {
    format!("{}:{}", kind.as_str(), slug(name))
}

/// Lowercase alphanumeric words joined by `-` (other scripts are kept, lowercased, so non-Latin
/// names still get distinct ids); periods and apostrophes vanish ("U.S." -> "us").
pub fn slug(name: &str) -> String {
    let out = fold_words(name, '-', |c| !matches!(c, '\'' | '’' | '.'));
    if out.is_empty() {
        "unnamed".to_string()
    } else {
        out
    }
}

/// Lowercases the letters and digits of `text`; a run of characters for which `breaks` holds
/// between two of them becomes one `sep`, any other character is dropped.
fn fold_words(text: &str, sep: char, breaks: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    fold_words_each(text, sep, breaks, |c| out.push(c));
    out
}

/// [`fold_words`], giving each character of the result to `emit` instead of building it.
fn fold_words_each(
    text: &str,
    sep: char,
    breaks: impl Fn(char) -> bool,
    mut emit: impl FnMut(char),
) {
    let mut started = false;
    let mut pending = false;
    for c in text.chars() {
        // ASCII (nearly every character) without the Unicode tables
        let alphanumeric = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alphanumeric {
            if pending && started {
                emit(sep);
            }
            pending = false;
            started = true;
            if c.is_ascii() {
                emit(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut emit);
            }
        } else if breaks(c) {
            pending = true;
        }
    }
}

/// Whether a claim is quoted word for word, paraphrased, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Entirely inside quotation marks.
    Direct,
    /// No quotation marks.
    Indirect,
    /// Paraphrase with quoted fragments.
    Mixed,
}

impl QuoteKind {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// A piece of the article: its text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Code-point spans into the original text.
    pub spans: Vec<[usize; 2]>,
    /// The text covered by the spans, joined by a space when discontinuous.
    pub text: String,
}

impl Mention {
    /// A mention of the given spans of `text` (code-point offsets).
    pub fn from_spans(text: &str, map: &crate::span::CharMap, spans: &[Span]) -> Mention {
        let parts: Vec<&str> = spans
            .iter()
            .filter_map(|s| text.get(map.bytes(*s)))
            .collect();
        Mention {
            text: parts.join(" "),
            spans: spans.iter().map(|s| [s.start, s.end]).collect(),
        }
    }
}

/// The sentence an attribution was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Code-point offset one past the sentence end.
    pub end: usize,
    /// The sentence text.
    pub sentence: String,
    /// Code-point offset of the sentence start in the article.
    pub start: usize,
}

/// A compact reference to an entity as emitted in extraction output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// Role or title, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl From<&Entity> for EntityRef {
    fn from(e: &Entity) -> Self {
        EntityRef {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            role: e.role.clone(),
        }
    }
}

/// One attribution: who said what, through which channels, with the spans it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Stable claim id (`claim:<hash>`) of the normalised content.
    pub claim: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// What was claimed.
    pub content: Mention,
    /// The cue ("said", "according to", ":").
    pub cue: Mention,
    /// The sentence it came from.
    pub evidence: Evidence,
    /// `a1`, `a2`, ... within the document, in provenance order (text order, a claim nested in
    /// another's content just before it).
    pub id: String,
    /// Direct, indirect or mixed quotation.
    pub quote: QuoteKind,
    /// The rule that produced the attribution.
    pub rule: Rule,
    /// How the article names the source, or `None` when it does not (an unattributed headline).
    pub source: Option<Mention>,
    /// The resolved speaker.
    pub speaker: EntityRef,
    /// Channels the claim passed through, from the one the article cites directly toward the
    /// original speaker.
    pub via: Vec<EntityRef>,
}

/// The rule (or the learned model) that found an attribution, serialised under the names the
/// extraction JSON and the graph's `rule` attribute carry (`source_cue_content`, `model`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// `S said (that) C`.
    SourceCueContent,
    /// `C, said S`.
    ContentCueSource,
    /// `C, S said`.
    ContentSourceCue,
    /// A participle sharing an earlier source: `S said C1, adding that C2`.
    Participle,
    /// A second cue sharing an earlier source: `S said C1 and warned C2`.
    CoordinatedCue,
    /// `S was quoted (by O) as saying C`, `O quoted S as saying C`.
    QuotedAs,
    /// `C has been denied by S`.
    PassiveBy,
    /// `According to S, C`.
    AccordingToInitial,
    /// `C, according to S`.
    AccordingToFinal,
    /// A tail attribution whose quotation goes on in the next sentence.
    SplitQuote,
    /// An embedded tweet: its text, then `— Name (@handle) date`.
    Tweet,
    /// A quotation credited with a dash: `“C” ― Name`.
    QuoteCredit,
    /// A headline: `S: C`, `C: S`, `C – S`.
    HeadlineColon,
    /// The claim a cue noun holds: `rejected the accusations that C`.
    CueNounClaim,
    /// A paragraph that goes on with the quotation of the paragraph before.
    QuoteContinued,
    /// The learned attribution model.
    Model,
}

impl Rule {
    /// The rule's name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::SourceCueContent => "source_cue_content",
            Rule::ContentCueSource => "content_cue_source",
            Rule::ContentSourceCue => "content_source_cue",
            Rule::Participle => "participle",
            Rule::CoordinatedCue => "coordinated_cue",
            Rule::QuotedAs => "quoted_as",
            Rule::PassiveBy => "passive_by",
            Rule::AccordingToInitial => "according_to_initial",
            Rule::AccordingToFinal => "according_to_final",
            Rule::SplitQuote => "split_quote",
            Rule::Tweet => "tweet",
            Rule::QuoteCredit => "quote_credit",
            Rule::HeadlineColon => "headline_colon",
            Rule::CueNounClaim => "cue_noun_claim",
            Rule::QuoteContinued => "quote_continued",
            Rule::Model => "model",
        }
    }

    /// True for the rules whose spans the learned model may correct: the general clause shapes.
    /// The others (tweets, headlines, split quotes, `according to`, channel chains) are
    /// news-specific and kept (see `pipeline::combine`).
    pub(crate) fn is_generic(self) -> bool {
        matches!(
            self,
            Rule::SourceCueContent
                | Rule::ContentCueSource
                | Rule::ContentSourceCue
                | Rule::Participle
                | Rule::CoordinatedCue
        )
    }

    /// True for a tail attribution whose quotation a next sentence may continue.
    pub(crate) fn quotes_on(self) -> bool {
        matches!(
            self,
            Rule::ContentSourceCue | Rule::ContentCueSource | Rule::QuotedAs
        )
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The document.
    pub document: Document,
    /// Its attributions in provenance order (see [`Attribution::id`]).
    pub attributions: Vec<Attribution>,
    /// Entities referred to by the attributions (speakers, channels), with roles and parents,
    /// and the publisher when the registry knows the name the metadata gives.
    pub entities: Vec<Entity>,
}

impl Extraction {
    /// Extracts every attribution from `text` in one call, with the built-in registry and
    /// model (built once per process), as a document with the id `text`. A [`crate::Pipeline`]
    /// offers metadata, user registries, other models and span styles.
    ///
    /// ```
    /// let x = whosaid::Extraction::from_text("Talks lasted six hours, Reuters reported.").unwrap();
    /// assert_eq!(x.attributions[0].speaker.name, "Reuters");
    /// ```
    pub fn from_text(text: &str) -> crate::Result<Extraction> {
        static DEFAULT: std::sync::OnceLock<crate::Pipeline> = std::sync::OnceLock::new();
        let pipeline = match DEFAULT.get() {
            Some(p) => p,
            None => {
                let p = crate::Pipeline::new()?;
                DEFAULT.get_or_init(|| p)
            }
        };
        Ok(pipeline.extract(&Document::new("text", text)))
    }

    /// Leaves out the attributions extracted with a confidence below `min`, and the entities
    /// that only they referred to (the publisher stays).
    pub fn retain_confident(&mut self, min: f64) {
        self.attributions.retain(|a| a.confidence >= min);
        let publisher = self.document.meta.publisher.as_deref();
        let used = |e: &Entity| {
            publisher.is_some_and(|p| e.name == p || e.aliases.iter().any(|a| a == p))
                || self
                    .attributions
                    .iter()
                    .any(|a| a.speaker.id == e.id || a.via.iter().any(|v| v.id == e.id))
                || self.entities.iter().any(|x| {
                    x.parent.as_deref() == Some(e.name.as_str())
                        || x.affiliation.as_deref() == Some(e.name.as_str())
                })
        };
        let keep: Vec<bool> = self.entities.iter().map(used).collect();
        let mut k = keep.into_iter();
        self.entities.retain(|_| k.next().unwrap_or(true));
    }
}

/// Normalises claim text for hashing: lowercase, letters and digits only, single spaces.
pub fn normalise_claim(text: &str) -> String {
    fold_words(text, ' ', claim_break)
}

/// Characters that separate the words of a claim.
fn claim_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '—' | '–' | '/')
}

/// `claim:` followed by 16 hex digits of the FNV-1a 64-bit hash of the normalised text.
///
/// FNV-1a is fixed and documented, so ids stay stable across versions and platforms.
pub fn claim_id(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    // the bytes of `normalise_claim(text)`, hashed as they are made
    fold_words_each(text, ' ', claim_break, |c| {
        for b in c.encode_utf8(&mut [0; 4]).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    });
    format!("claim:{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("Qin Gang"), "qin-gang");
        assert_eq!(slug("U.S. State Department"), "us-state-department");
        assert_eq!(slug("People's Daily"), "peoples-daily");
        assert_eq!(slug("  "), "unnamed");
        assert_eq!(slug("王毅"), "王毅");
    }

    #[test]
    fn claim_ids_ignore_case_quotes_and_spacing() {
        let a = claim_id("US-China relations at \u{201c}lowest point\u{201d}");
        let b = claim_id("us china relations at  \"lowest point\".");
        assert_eq!(a, b);
        assert_ne!(a, claim_id("US-China relations at highest point"));
        assert!(a.starts_with("claim:") && a.len() == 22);
    }

    #[test]
    fn claim_ids_hash_the_normalised_text() {
        let fnv = |s: &str| {
            let h = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("claim:{h:016x}")
        };
        for t in [
            "",
            "  -- ",
            "Wang said: “Talks — frank/candid – went well.”",
            "ΣΟΦΙΑ İstanbul ǅ 王毅 said 🎉 \u{202e}right-to-left",
            "<script>alert(1)</script>\n{\"x\"}",
        ] {
            assert_eq!(claim_id(t), fnv(&normalise_claim(t)), "{t}");
        }
    }
}
