//! The word lists every stage reads (cue words, determiners, titles, anonymous heads, ...), as
//! data: `data/lexicon.txt`, embedded at build time, one section per [`List`]. The bottom layer:
//! text, extract, resolve, pipeline and query read their words here, so a word changes in one
//! place. (The learned model learns its cues from annotated text, not from these lists.)

use std::sync::OnceLock;

/// The embedded lexicon file.
const DATA: &str = include_str!("../data/lexicon.txt");

/// A word list of `data/lexicon.txt`, named there by [`List::section`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// Finite reporting verbs, every inflection ("said", "acknowledged").
    ReportingVerbs,
    /// Participles that introduce speech after a comma or "while" ("saying", "warning").
    Participles,
    /// Verbs that are cues only with their particle, as "verb particle" ("called for").
    ParticleVerbs,
    /// Verbs that are cues only before a clause or quotation ("agreed that").
    NeedsThat,
    /// Verbs that reject reported speech ("dismissed reports that ...").
    RejectingVerbs,
    /// Nouns naming reported speech ("claims", "rumours").
    SpeechNouns,
    /// Words of a reporting verb's group before it ("has also said", "did not deny").
    VerbGroup,
    /// Words skipped between a source and its cue ("then", "also").
    Adverbs,
    /// Words a source noun phrase never runs across ("that", "which", "to").
    NpStops,
    /// Determiners and quantifiers opening a noun phrase.
    Determiners,
    /// Connectors between coordinated or participial cues ("and", "while").
    Connectors,
    /// Role nouns a source may be described by ("minister", "spokesman").
    RoleNouns,
    /// Days of the week.
    Weekdays,
    /// Nouns and verbs after which "with" / "to" names whom the source spoke to.
    Listening,
    /// Prepositions that open an adjunct rather than a content.
    Prepositions,
    /// Verbs of narration the learned model reads as cues but that report no claim.
    Narration,
    /// Abbreviations whose period ends no sentence.
    Abbreviations,
    /// Words that open a sentence after an abbreviation.
    SentenceOpeners,
    /// Stems spelt "-our" in British and "-or" in American English.
    OurStems,
    /// Words that form titles and roles rather than names.
    Titles,
    /// Days, months and relative days: nobody's name.
    Calendar,
    /// Words that make a capitalised name an organisation.
    OrgWords,
    /// Head nouns of anonymous sources ("sources", "official").
    AnonHeads,
    /// Head nouns of a person's description ("minister", "spokesman").
    PersonHeads,
    /// Head nouns of an organisation's description ("ministry", "embassy").
    OrgHeads,
    /// Plural heads of anonymous groups ("officials", "diplomats").
    PluralAnon,
    /// Modifiers of anonymous sources ("senior", "diplomatic").
    AnonModifiers,
    /// Post-modifiers after which an anonymous description goes on ("familiar with").
    PostModifiers,
    /// Documents that speak for whoever issued them ("statement", "readout").
    DocNouns,
    /// Lowercase particles inside names ("de", "van", "bin").
    NameParticles,
    /// Heads of place names that never speak ("sea", "strait").
    GeoHeads,
}

impl List {
    /// Every list, in the order of the file.
    pub(crate) const ALL: [List; 31] = [
        List::ReportingVerbs,
        List::Participles,
        List::ParticleVerbs,
        List::NeedsThat,
        List::RejectingVerbs,
        List::SpeechNouns,
        List::VerbGroup,
        List::Adverbs,
        List::NpStops,
        List::Determiners,
        List::Connectors,
        List::RoleNouns,
        List::Weekdays,
        List::Listening,
        List::Prepositions,
        List::Narration,
        List::Abbreviations,
        List::SentenceOpeners,
        List::OurStems,
        List::Titles,
        List::Calendar,
        List::OrgWords,
        List::AnonHeads,
        List::PersonHeads,
        List::OrgHeads,
        List::PluralAnon,
        List::AnonModifiers,
        List::PostModifiers,
        List::DocNouns,
        List::NameParticles,
        List::GeoHeads,
    ];

    /// The list's section name in `data/lexicon.txt`.
    pub(crate) fn section(self) -> &'static str {
        match self {
            List::ReportingVerbs => "reporting_verbs",
            List::Participles => "participles",
            List::ParticleVerbs => "particle_verbs",
            List::NeedsThat => "needs_that",
            List::RejectingVerbs => "rejecting_verbs",
            List::SpeechNouns => "speech_nouns",
            List::VerbGroup => "verb_group",
            List::Adverbs => "adverbs",
            List::NpStops => "np_stops",
            List::Determiners => "determiners",
            List::Connectors => "connectors",
            List::RoleNouns => "role_nouns",
            List::Weekdays => "weekdays",
            List::Listening => "listening",
            List::Prepositions => "prepositions",
            List::Narration => "narration",
            List::Abbreviations => "abbreviations",
            List::SentenceOpeners => "sentence_openers",
            List::OurStems => "our_stems",
            List::Titles => "titles",
            List::Calendar => "calendar",
            List::OrgWords => "org_words",
            List::AnonHeads => "anon_heads",
            List::PersonHeads => "person_heads",
            List::OrgHeads => "org_heads",
            List::PluralAnon => "plural_anon",
            List::AnonModifiers => "anon_modifiers",
            List::PostModifiers => "post_modifiers",
            List::DocNouns => "doc_nouns",
            List::NameParticles => "name_particles",
            List::GeoHeads => "geo_heads",
        }
    }
}

/// The entries of `list`, in file order.
pub(crate) fn words(list: List) -> &'static [&'static str] {
    static LISTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        let sections = sections(DATA);
        List::ALL
            .iter()
            .map(|l| {
                sections
                    .iter()
                    .find(|(name, _)| *name == l.section())
                    .map(|(_, ws)| ws.clone())
                    .unwrap_or_default()
            })
            .collect()
    });
    lists.get(list as usize).map_or(&[], Vec::as_slice)
}

/// The sections of a lexicon file: `[name]` lines, each followed by its entries (trimmed, one
/// per line, blank lines and `#` comments left out).
fn sections(text: &'static str) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((name, Vec::new()));
        } else if let Some((_, words)) = out.last_mut() {
            words.push(line);
        }
    }
    out
}

/// True when the lowercase word `w` can end a description of a speaker: a person's job, an
/// organisation's or an anonymous source's head noun ("ministry", "official", "sources").
pub(crate) fn is_speaker_head(w: &str) -> bool {
    words(List::PersonHeads).contains(&w)
        || words(List::OrgHeads).contains(&w)
        || words(List::AnonHeads).contains(&w)
}

/// True for a day, a month or a relative day, lowercased ("monday", "may", "yesterday").
pub(crate) fn is_calendar_lower(lw: &str) -> bool {
    words(List::Calendar).contains(&lw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_in_the_file_once_and_not_empty() {
        let sections = sections(DATA);
        for l in List::ALL {
            let n = sections.iter().filter(|(s, _)| *s == l.section()).count();
            assert_eq!(n, 1, "[{}]", l.section());
            assert!(!words(l).is_empty(), "[{}] is empty", l.section());
        }
        assert_eq!(sections.len(), List::ALL.len(), "a section no List names");
        for (i, l) in List::ALL.iter().enumerate() {
            assert_eq!(*l as usize, i);
        }
    }

    #[test]
    fn entries_are_trimmed_and_comments_left_out() {
        let s = sections("# c\n[a]\n x y \n\n# d\nz\n[b]\nw\n");
        assert_eq!(s, vec![("a", vec!["x y", "z"]), ("b", vec!["w"])]);
        assert!(words(List::ReportingVerbs).contains(&"said"));
        assert!(words(List::ParticleVerbs).contains(&"called for"));
        assert!(is_speaker_head("ministry") && !is_speaker_head("talks"));
        assert!(is_calendar_lower("tuesday") && !is_calendar_lower("tues"));
    }
}
