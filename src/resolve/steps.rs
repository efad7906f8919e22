//! Resolving one mention without its punctuated parts (see `Resolver::resolve`): an ordered list
//! of typed [`Strategy`] steps over a [`ParsedMention`], each of which decides the entity,
//! hands on another mention to resolve instead ("a statement from the ministry" -> "the
//! ministry"), or passes. The order is the order of precedence: pronouns before documents,
//! anonymous descriptions before places, countries before national bodies before the registry,
//! and a name last.

use super::bodies;
use super::countries::{Countries, Form};
use super::mention::{
    demonym, is_anon_word, is_name_word, is_pronoun, is_title, is_title_bare, issuer,
    role_is_title, spoken_for, strip_det,
};
use super::registry::norm_words;
use super::{Resolver, head_word, is_domain, speaker_noun};
use crate::domain::{Entity, EntityKind};
use crate::learn::Ner;
use crate::lexicon::is_calendar_lower;
use crate::lexicon::{self, List};
use crate::resolve::mention;

/// A mention read once for every step: as written, its words lowercased and normalised, and
/// the shapes several steps test.
pub(super) struct ParsedMention<'m> {
    /// The mention as written.
    text: &'m str,
    /// Its words, lowercased and normalised.
    lower: &'m [&'m str],
    /// Its words as written.
    written: Vec<&'m str>,
    /// The last normalised word.
    last: &'m str,
    /// It opens with an indefinite determiner or a number ("a", "some", "two").
    indefinite_det: bool,
    /// It ends in a person's name after words that do not name one ("State Department
    /// spokesperson Matthew Miller"), which the registry does not know.
    person_tail: bool,
    /// It is read in the headline, which drops its articles.
    headline: bool,
}

impl<'m> ParsedMention<'m> {
    pub(super) fn new(
        r: &Resolver<'_>,
        text: &'m str,
        lower: &'m [&'m str],
        headline: bool,
    ) -> Self {
        let written: Vec<&str> = text.split_whitespace().collect();
        let trailing: Vec<&str> = written
            .iter()
            .rev()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_title(w))
            .copied()
            .collect();
        let person_tail = trailing.len() >= 2
            && trailing.len() < written.len()
            && !trailing
                .iter()
                .any(|w| lexicon::words(List::OrgWords).contains(&w.to_lowercase().as_str()))
            && r.registry
                .find_in(&trailing.iter().rev().copied().collect::<Vec<_>>().join(" "))
                .is_none();
        ParsedMention {
            text,
            lower,
            written,
            last: lower.last().copied().unwrap_or(""),
            indefinite_det: lower.first().is_some_and(|w| {
                matches!(
                    *w,
                    "a" | "an" | "some" | "several" | "two" | "three" | "many" | "one"
                )
            }),
            person_tail,
            headline,
        }
    }
}

/// What a step decided.
pub(super) enum Step {
    /// The mention's entity.
    Found(Entity),
    /// Resolve this mention instead.
    Instead(String),
    /// The step does not apply.
    Pass,
}

/// The steps of resolution, in order of precedence.
#[derive(Debug, Clone, Copy)]
pub(super) enum Strategy {
    /// "he", "they": who spoke last or the subject before.
    Pronoun,
    /// A headline's bare "Ministry": "the ministry".
    BareHead,
    /// "a statement from the ministry": whoever issued it.
    Issuer,
    /// "the statement", "the readout": the organisation (else person) that spoke last.
    IssuedDocument,
    /// "a spokeswoman for the agency": the person named next, else anonymous.
    SpokespersonFor,
    /// "two people familiar with the matter": anonymous.
    PostModifiedAnonymous,
    /// "A Foreign Ministry spokesman said ... Spokesman Hong Lei added": the person named next.
    DelayedIdentification,
    /// "A World Health Organization official": the person of that organisation named next.
    OfficialOf,
    /// "a senior official", "some sources": anonymous.
    IndefiniteAnonymous,
    /// "PPP's Sherry Rehman": the person.
    PossessorsPerson,
    /// "China's expansive (claim)": the possessor.
    Possessor,
    /// "Axar.az reports": a site.
    WebAddress,
    /// "the South China Sea": a place, never a speaker.
    Place,
    /// "Beijing said", "The Philippines protested": the government.
    Country,
    /// "the Chinese foreign ministry": a national body.
    NationalBody,
    /// A registry outlet, organisation or person.
    Registry,
    /// Descriptions without a name: anonymous sources, "the official" again, "the minister".
    Description,
    /// A name, possibly with a title: a person (or organisation, acronym, group) by name.
    Name,
}

impl Strategy {
    /// Every step, in the order they are tried.
    pub(super) const ORDER: [Strategy; 18] = [
        Strategy::Pronoun,
        Strategy::BareHead,
        Strategy::Issuer,
        Strategy::IssuedDocument,
        Strategy::SpokespersonFor,
        Strategy::PostModifiedAnonymous,
        Strategy::DelayedIdentification,
        Strategy::OfficialOf,
        Strategy::IndefiniteAnonymous,
        Strategy::PossessorsPerson,
        Strategy::Possessor,
        Strategy::WebAddress,
        Strategy::Place,
        Strategy::Country,
        Strategy::NationalBody,
        Strategy::Registry,
        Strategy::Description,
        Strategy::Name,
    ];

    /// Runs the step on mention `m`, found at byte `pos` in sentence `si`.
    pub(super) fn apply(
        self,
        r: &mut Resolver<'_>,
        m: &ParsedMention<'_>,
        pos: usize,
        si: usize,
    ) -> Step {
        match self {
            Strategy::Pronoun => pronoun(r, m, pos, si),
            Strategy::BareHead => bare_head(m),
            Strategy::Issuer => issuer(m.text).map_or(Step::Pass, |i| Step::Instead(i.into())),
            Strategy::IssuedDocument => issued_document(r, m, pos, si),
            Strategy::SpokespersonFor => spokesperson_for(r, m, pos, si),
            Strategy::PostModifiedAnonymous => post_modified_anonymous(r, m, pos, si),
            Strategy::DelayedIdentification => delayed_identification(r, m, pos, si),
            Strategy::OfficialOf => official_of(r, m, pos, si),
            Strategy::IndefiniteAnonymous => {
                if m.indefinite_det && lexicon::words(List::AnonHeads).contains(&m.last) {
                    Step::Found(r.anonymous_at(m.text, pos, si))
                } else {
                    Step::Pass
                }
            }
            Strategy::PossessorsPerson => possessors_person(m),
            Strategy::Possessor => possessor(m),
            Strategy::WebAddress => {
                let bare = strip_det(m.text);
                if is_domain(bare) {
                    Step::Found(Entity::new(bare, EntityKind::Outlet))
                } else {
                    Step::Pass
                }
            }
            Strategy::Place => {
                // a named sea, strait, island or river is a place, never a speaker
                let geo = m
                    .written
                    .last()
                    .is_some_and(|w| lexicon::words(List::GeoHeads).contains(w));
                if geo {
                    Step::Found(r.anonymous_at(m.text, pos, si))
                } else {
                    Step::Pass
                }
            }
            Strategy::Country => country(r, m, pos, si),
            Strategy::NationalBody => {
                if !m.person_tail
                    && r.registry.get(strip_det(m.text)).is_none()
                    && let Some(b) = bodies::parse(m.text)
                {
                    Step::Found(r.body(b, pos, si))
                } else {
                    Step::Pass
                }
            }
            Strategy::Registry => registry(r, m, pos, si),
            Strategy::Description => description(r, m, pos, si),
            Strategy::Name => Step::Found(name(r, m, pos, si)),
        }
    }
}

/// A pronoun with nothing to refer to is an unknown source, not a person called "He".
fn pronoun(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    let [p] = m.lower else {
        return Step::Pass;
    };
    if !is_pronoun(p) {
        return Step::Pass;
    }
    Step::Found(
        r.pronoun(p, pos, si)
            .unwrap_or_else(|| Entity::new("unknown", EntityKind::Anonymous)),
    )
}

/// A bare "Ministry" (a headline's) is "the ministry", not a one-word name.
fn bare_head(m: &ParsedMention<'_>) -> Step {
    match m.lower {
        [w] if bodies::is_head(w) && !m.text.trim().eq_ignore_ascii_case(&format!("the {w}")) => {
            Step::Instead(format!("the {w}"))
        }
        _ => Step::Pass,
    }
}

/// "the statement", "the readout": the organisation (or else the person) that spoke last,
/// which issued it.
fn issued_document(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    let [det, doc] = m.lower else {
        return Step::Pass;
    };
    if !matches!(*det, "the" | "this" | "that")
        || !matches!(
            *doc,
            "statement" | "readout" | "communique" | "communiqué" | "release" | "letter" | "post"
        )
    {
        return Step::Pass;
    }
    let last = |kind: EntityKind| {
        r.spoke
            .iter()
            .rev()
            .map(|(_, e)| e)
            .find(|e| e.kind == kind)
    };
    match last(EntityKind::Organization)
        .or_else(|| last(EntityKind::Person))
        .cloned()
    {
        Some(e) => {
            r.remember(e.clone(), si, pos);
            Step::Found(e)
        }
        None => Step::Pass,
    }
}

/// "a spokeswoman for the agency": an unnamed person, so anonymous (her words are not the
/// agency's statement) unless the next sentences name her.
fn spokesperson_for(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    if spoken_for(m.text).is_none() {
        return Step::Pass;
    }
    let head = m.lower.get(1).copied().unwrap_or("");
    if let Some(e) = r.named_next(head, m.lower, pos, si) {
        r.remember(e.clone(), si, pos);
        return Step::Found(e);
    }
    Step::Found(r.anonymous_at(m.text, pos, si))
}

/// The post-modifiers of the lexicon as whole words: " familiar with ", " who ".
fn post_modifiers() -> &'static [String] {
    static PADDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PADDED.get_or_init(|| {
        lexicon::words(List::PostModifiers)
            .iter()
            .map(|w| format!(" {w} "))
            .collect()
    })
}

/// "two people familiar with the matter", "Sources close to the talks".
fn post_modified_anonymous(
    r: &mut Resolver<'_>,
    m: &ParsedMention<'_>,
    pos: usize,
    si: usize,
) -> Step {
    let core = post_modifiers()
        .iter()
        .filter_map(|p| mention::find_short(m.text, p))
        .min()
        .and_then(|i| m.text.get(..i));
    if let Some(core) = core {
        let cw = norm_words(core);
        let named = core.split_whitespace().skip(1).any(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !is_title(w) && !is_anon_word(w)
        });
        if cw
            .last()
            .is_some_and(|h| lexicon::words(List::AnonHeads).contains(&h.as_str()))
            && !named
        {
            return Step::Found(r.anonymous_at(m.text, pos, si));
        }
    }
    Step::Pass
}

/// Delayed identification: "A Foreign Ministry spokesman said ... Spokesman Hong Lei added": a
/// person named within the next sentences in a role with this head (not "a senior official",
/// who usually stays anonymous).
fn delayed_identification(
    r: &mut Resolver<'_>,
    m: &ParsedMention<'_>,
    pos: usize,
    si: usize,
) -> Step {
    let last = m.last;
    if m.indefinite_det
        && lexicon::words(List::PersonHeads).contains(&last)
        && !matches!(last, "official" | "diplomat" | "source")
        && !m.written.iter().skip(1).any(|w| {
            is_name_word(w) && !lexicon::words(List::OrgWords).contains(&w.to_lowercase().as_str())
        })
        && let Some(e) = r.named_next(last, m.lower, pos, si)
    {
        r.remember(e.clone(), si, pos);
        return Step::Found(e);
    }
    Step::Pass
}

/// "A World Health Organization official said ... Dr. Ana Ruiz, a WHO official, added": an
/// official of a named organisation is the person of that organisation named next.
fn official_of(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    if m.indefinite_det
        && lexicon::words(List::PersonHeads).contains(&m.last)
        && let Some(org) = r
            .registry
            .find_in(m.text)
            .filter(|o| o.kind == EntityKind::Organization)
        && let Some(e) = r.named_next_of(&org.id, m.last, pos, si)
    {
        r.remember(e.clone(), si, pos);
        return Step::Found(e);
    }
    Step::Pass
}

/// "PPP's Sherry Rehman": a party's or a country's person is the person.
fn possessors_person(m: &ParsedMention<'_>) -> Step {
    if let [first, rest @ ..] = m.written.as_slice()
        && crate::text::is_possessive(first)
        && rest.len() >= 2
        && rest
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_title(w))
    {
        return Step::Instead(rest.join(" "));
    }
    Step::Pass
}

/// "China's expansive (claim)", "Beijing's (refusal)": the possessor speaks, unless the words
/// after it name a speaker themselves ("Germany's culture minister").
fn possessor(m: &ParsedMention<'_>) -> Step {
    let w = &m.written;
    if let Some(p) = w.iter().position(|w| crate::text::is_possessive(w))
        && p + 1 < w.len()
        && w.iter()
            .skip(p + 1)
            .all(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !speaker_noun(head_word(m.lower))
    {
        let possessor = w.get(..=p).map(|ws| ws.join(" ")).unwrap_or_default();
        let possessor = possessor
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_string();
        return Step::Instead(possessor);
    }
    Step::Pass
}

/// A country, its capital or another of its names speaking is its government ("Beijing said",
/// "The Philippines protested"); a city or a sea never speaks.
fn country(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    let Some((c, form)) = Countries::builtin().lookup(strip_det(m.text)) else {
        return Step::Pass;
    };
    if c.place_only || form == Form::City {
        return Step::Found(r.anonymous_at(m.text, pos, si));
    }
    let e = r.government(c);
    r.remember(e.clone(), si, pos);
    Step::Found(e)
}

/// A registry outlet, organisation or person named in the mention (not when the mention ends
/// in a person's name the registry does not know).
fn registry(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    if m.person_tail {
        return Step::Pass;
    }
    let Some(e) = r.registry.find_in(m.text) else {
        return Step::Pass;
    };
    let mut e = e.clone();
    if e.kind == EntityKind::Person {
        r.remember(e.clone(), si, pos);
    }
    e.aliases.clear();
    Step::Found(e)
}

/// Descriptions without a name: anonymous sources ("diplomatic sources", "a senior official"),
/// the same anonymous source as a moment ago ("the official"), definite descriptions of a
/// person or body ("the Chinese foreign minister", "the ministry"), and groups the article
/// leaves unnamed ("the two sides", "protesters").
fn description(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Step {
    let (mention, lower) = (m.text, m.lower);
    // strip a leading determiner
    let det = lower.first().is_some_and(|w| {
        matches!(
            *w,
            "the" | "a" | "an" | "some" | "several" | "two" | "three" | "many" | "one"
        )
    });
    let head = lower
        .iter()
        .rev()
        .find(|w| !w.is_empty())
        .copied()
        .unwrap_or("");
    // headlines drop their articles: "Russian diplomat says" is a definite description
    let det = det || m.headline && !head.ends_with('s');
    let indefinite = lower.first().is_some_and(|w| !matches!(*w, "the")) && !m.headline;
    let name_caps = m.written.iter().any(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !is_title_bare(w)
            && demonym(&norm_words(w).join("")).is_none()
            && !is_anon_word(w)
            && !matches!(*w, "A" | "An")
    });
    if name_caps {
        return Step::Pass;
    }
    // anonymous: "diplomatic sources", "a senior official", "a Western journalist"
    if lexicon::words(List::AnonHeads).contains(&head) && (indefinite || !det)
        || m.indefinite_det && !lexicon::words(List::OrgHeads).contains(&head)
    {
        return Step::Found(r.anonymous_at(mention, pos, si));
    }
    // "the official", "the sources": the same anonymous source as a moment ago
    if lexicon::words(List::AnonHeads).contains(&head) {
        let same = r.nearest(pos, si, 3, |k| {
            k.entity.kind == EntityKind::Anonymous
                && norm_words(&k.entity.name).last().map(String::as_str) == Some(head)
        });
        if let Some(e) = same.and_then(|i| r.known.get(i)).map(|k| k.entity.clone()) {
            r.remember(e.clone(), si, pos);
            return Step::Found(e);
        }
        if !lexicon::words(List::PersonHeads).contains(&head) {
            return Step::Found(r.anonymous_at(mention, pos, si));
        }
    }
    // definite descriptions: "the Chinese foreign minister", "the ministry"
    if lexicon::words(List::PersonHeads).contains(&head)
        || lexicon::words(List::OrgHeads).contains(&head)
    {
        if let Some(e) = r.description(lower, head, pos, si) {
            return Step::Found(e);
        }
        if !lexicon::words(List::OrgHeads).contains(&head) {
            return Step::Found(r.anonymous_at(mention, pos, si));
        }
        return Step::Found(Entity::new(strip_det(mention), EntityKind::Organization));
    }
    // no name at all ("the two sides", "protesters"): a description of a group or person
    // the article leaves unnamed
    if !mention.chars().any(char::is_uppercase) {
        return Step::Found(r.anonymous_at(mention, pos, si));
    }
    Step::Pass
}

/// A name, possibly with a title in front ("Opposition figure Hassan Abdelazim"): an
/// organisation when it has an organisation word or is an acronym or a plural group, nobody
/// when it is a day, a pronoun or an abstract noun, else a person, matched to the people the
/// article named before (by surname too) or typed by the tagger when no list knows it.
fn name(r: &mut Resolver<'_>, m: &ParsedMention<'_>, pos: usize, si: usize) -> Entity {
    let (mention, lower) = (m.text, m.lower);
    // a name, possibly with a title in front
    let all = &m.written;
    // the name is the capitalised words at the end ("Opposition figure Hassan Abdelazim")
    let n = all
        .iter()
        .rev()
        .take_while(|w| !is_title_bare(w) && w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let name_words = all.get(all.len() - n.min(all.len())..).unwrap_or(&[]);
    if let Some(org) = organisation_name(m, name_words) {
        return org;
    }
    let name = name_words
        .iter()
        .map(|w| w.trim_end_matches(['’', '\'']))
        .collect::<Vec<_>>()
        .join(" ");
    let name = name.strip_suffix("'s").unwrap_or(&name).to_string();
    // an acronym is an organisation ("its Spanish acronym ELN")
    if let [one] = name_words
        && !one.is_empty()
        && one.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && one.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
    {
        return Entity::new(one, EntityKind::Organization);
    }
    // a day is nobody; "everyone I": a pronoun is no name
    if name_words
        .iter()
        .any(|w| is_calendar_lower(&w.to_lowercase()))
        || matches!(name_words, [one] if is_pronoun(&one.to_lowercase()))
    {
        return r.anonymous_at(mention, pos, si);
    }
    // "the Houthis": a group named in the plural
    if lower.first() == Some(&"the") && !name.contains(' ') && name.ends_with('s') {
        return Entity::new(&name, EntityKind::Organization);
    }
    // a person's name is capitalised words ("the talks on", "of dismissing" are not), and
    // no abstract noun ("Opposition", "Management")
    let abstract_noun = !name.contains(' ')
        && [
            "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship",
        ]
        .iter()
        .any(|x| name.to_lowercase().ends_with(x));
    if abstract_noun
        || name.split_whitespace().any(|w| {
            w.chars().next().is_some_and(|c| !c.is_uppercase())
                && !lexicon::words(List::NameParticles).contains(&w)
        })
    {
        return r.anonymous_at(mention, pos, si);
    }
    if name.is_empty() {
        // "Beijing", "Washington": a capital or country speaking stands for its government
        let kind = if all.len() == 1 && demonym(&lower.join("")).is_some() {
            EntityKind::Organization
        } else {
            EntityKind::Anonymous
        };
        return Entity::new(strip_det(mention), kind);
    }
    let role = (n < all.len()).then(|| {
        all.get(..all.len() - n)
            .map(|r| r.join(" "))
            .unwrap_or_default()
    });
    let role = role.filter(|r| {
        !r.is_empty() && r.chars().next().is_some_and(char::is_uppercase) || role_is_title(r)
    });
    person(r, m, &name, name_words.len(), role, pos, si)
}

/// A name with an organisation word is an organisation: the words after a lowercase head noun
/// ("British maritime security firm Ambrey": Ambrey), else the whole mention.
fn organisation_name(m: &ParsedMention<'_>, name_words: &[&str]) -> Option<Entity> {
    let (all, lower) = (&m.written, m.lower);
    let org_word = |w: &str| lexicon::words(List::OrgWords).contains(&w);
    let org = name_words.iter().any(|w| org_word(&w.to_lowercase()))
        || lower.iter().any(|w| org_word(w)) && name_words.len() != 2;
    if !org {
        return None;
    }
    let named = all
        .iter()
        .rposition(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|&i| org_word(&all.get(i).map(|w| w.to_lowercase()).unwrap_or_default()))
        .and_then(|i| all.get(i + 1..))
        .filter(|rest| !rest.is_empty());
    let name = named.map_or_else(|| strip_det(m.text).to_string(), |rest| rest.join(" "));
    Some(Entity::new(&name, EntityKind::Organization))
}

/// A person by name: one the article named before (a surname alone matches its full name),
/// else what the tagger reads a name no list knows as, else a new person, with its title as
/// role and the organisation the role names as affiliation.
fn person(
    r: &mut Resolver<'_>,
    m: &ParsedMention<'_>,
    name: &str,
    name_len: usize,
    role: Option<String>,
    pos: usize,
    si: usize,
) -> Entity {
    if name.split_whitespace().count() == 1 {
        let p = name.to_lowercase();
        if let Some(k) = r
            .known
            .iter()
            .rev()
            .find(|k| k.entity.kind == EntityKind::Person && k.parts.contains(&p))
        {
            let e = k.entity.clone();
            r.remember(e.clone(), si, pos);
            return e;
        }
    }
    let known = r
        .known
        .iter()
        .find(|k| k.entity.kind == EntityKind::Person && k.entity.name == name)
        .map(|k| k.entity.clone());
    // a name no list knows, with no title in front: what the tagger reads it as, once
    // per article
    if known.is_none() && role.is_none() {
        if let Some(k) = r
            .known
            .iter()
            .find(|k| k.entity.kind == EntityKind::Organization && k.entity.name == name)
        {
            return k.entity.clone();
        }
        match r.named_kind(r.mention_at.clone()) {
            Some(Ner::Organization) => {
                let e = Entity::new(name, EntityKind::Organization);
                r.remember(e.clone(), si, pos);
                return e;
            }
            Some(Ner::Location | Ner::Time | Ner::Number) => {
                return r.anonymous_at(m.text, pos, si);
            }
            // "But said", "That, he said": a capitalised word that names nothing (a
            // headline capitalises every word, so the tagger can't tell there)
            _ if name_len == 1 && !m.headline && r.no_name(r.mention_at.clone()) => {
                return Entity::new("unknown", EntityKind::Anonymous);
            }
            _ => {}
        }
    }
    let mut e = known.unwrap_or_else(|| Entity::new(name, EntityKind::Person));
    if let Some(title) = role.filter(|t| e.role.as_ref().is_none_or(|x| x.len() < t.len())) {
        e.role = Some(title);
    }
    if e.affiliation.is_none() {
        let org = e
            .role
            .as_deref()
            .and_then(|role| r.registry.find_in(role))
            .filter(|o| o.kind == EntityKind::Organization);
        e.affiliation = org.map(|o| o.name.clone());
    }
    r.remember(e.clone(), si, pos);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_modifiers_match_whole_words_only() {
        assert!(post_modifiers().iter().any(|p| p == " who "));
        assert!(post_modifiers().iter().any(|p| p == " familiar with "));
        let registry = crate::resolve::Registry::builtin().unwrap();
        let text = "Officials wholeheartedly agreed, the report said.";
        let mut r = Resolver::new(&registry, text, &[], Vec::new());
        assert_eq!(
            r.resolve("two people familiar with the matter", 0, 0).kind,
            EntityKind::Anonymous
        );
    }
}
