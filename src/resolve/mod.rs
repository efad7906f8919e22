//! Deciding who a source mention refers to. The resolver first reads the whole article (its
//! document entity model): people named in full with their titles, registry organisations and
//! outlets, national bodies named with their country ([`bodies`]), and the country the article
//! is about. Then each mention is resolved in text order: pronouns to the person who just spoke
//! or the subject before them, descriptions to the person or body whose role fits, surnames to
//! full names, countries and capitals to their governments ([`countries`], the gazetteer),
//! national bodies to adjective-and-institution names ("Chinese Foreign Ministry"), anonymous
//! sources to one node per description per article. The only module that decides two mentions
//! are the same entity.

mod bodies;
pub(crate) mod countries;
pub(crate) mod mention;
mod registry;
mod steps;

use crate::lexicon::{self, List};
use mention::{
    demonym, has_name, head_matches, is_bare_name, is_pronoun, is_title, role_words,
    split_affiliation, strip_det,
};
pub use registry::Registry;
use registry::norm_words;

use countries::{Countries, Country, Form};
use steps::{ParsedMention, Step, Strategy};

use std::ops::Range;

use crate::domain::{Entity, EntityKind};
use crate::learn::{NamedWord, Ner, WordClass};
use crate::lexicon::is_calendar_lower;
use crate::text::{Sentence, TokenKind};

#[derive(Debug, Clone)]
struct Known {
    entity: Entity,
    /// Name words, lowercased, for surname / given-name matching.
    parts: Vec<String>,
    /// Role words (normalised).
    role_words: Vec<String>,
}

/// Resolves the source and channel mentions of one document, in text order.
#[derive(Debug)]
pub(crate) struct Resolver<'r> {
    registry: &'r Registry,
    known: Vec<Known>,
    /// Per sentence: (byte position, index into `known`) of entity mentions, in order.
    mentions: Vec<Vec<(usize, usize)>>,
    /// Per sentence: byte range, boilerplate, headline.
    sentences: Vec<(usize, usize, bool, bool)>,
    /// The country the article is about, when one is named clearly more often than any other:
    /// whose government "the government" is.
    main_country: Option<&'static Country>,
    /// The entities resolved as sources so far with their sentences, latest last: who issued
    /// "the statement", whom "she added" means.
    spoke: Vec<(usize, Entity)>,
    /// Byte positions of the names mentioned inside quotation marks: the speaker's words, not
    /// the subjects a pronoun after them refers to.
    quoted_at: rustc_hash::FxHashSet<usize>,
    /// Capitalised words the named-entity tagger labelled, in text order (none without the
    /// learned model).
    named: Vec<NamedWord>,
    /// Byte range of the mention being resolved.
    mention_at: Range<usize>,
}

impl<'r> Resolver<'r> {
    /// Scans `text` for people named in full ("U.S. Secretary of State Antony Blinken"), known
    /// organisations and outlets, and plural anonymous subjects ("U.S. officials briefed ...") so
    /// later surnames, pronouns and descriptions can be resolved to them.
    /// `named` are the tagger's labelled words in text order.
    pub(crate) fn new(
        registry: &'r Registry,
        text: &str,
        sentences: &[Sentence],
        named: Vec<NamedWord>,
    ) -> Self {
        let mut r = Resolver {
            registry,
            known: Vec::new(),
            mentions: vec![Vec::new(); sentences.len()],
            sentences: sentences
                .iter()
                .map(|s| (s.range.start, s.range.end, s.boilerplate, s.headline))
                .collect(),
            main_country: main_country(text, sentences),
            spoke: Vec::new(),
            quoted_at: rustc_hash::FxHashSet::default(),
            named,
            mention_at: 0..0,
        };
        for (si, s) in sentences.iter().enumerate() {
            if s.boilerplate {
                continue;
            }
            r.scan_sentence(text, si, s);
        }
        r
    }

    fn scan_sentence(&mut self, text: &str, si: usize, s: &Sentence) {
        let toks = &s.tokens;
        let word = |i: usize| {
            toks.get(i)
                .and_then(|t| text.get(t.range.clone()))
                .unwrap_or("")
        };
        let is_cap = |i: usize| {
            toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
                && word(i).chars().next().is_some_and(char::is_uppercase)
        };
        // lowercased (no word list here holds an apostrophe, so straightening them is moot)
        let low = |i: usize| s.lower.get(i).unwrap_or("");
        // "U.S. officials briefed reporters ...": a group "they" may refer to later
        let mut h = 0;
        while matches!(low(h), "but" | "and" | "the" | "some")
            || (h < 4
                && toks.get(h).is_some_and(|t| t.kind == TokenKind::Word)
                && !lexicon::words(List::PluralAnon).contains(&low(h))
                && (is_cap(h) || lexicon::words(List::AnonModifiers).contains(&low(h))))
        {
            h += 1;
        }
        if lexicon::words(List::PluralAnon).contains(&low(h))
            && let (Some(a), Some(b)) = (toks.first(), toks.get(h))
            && let Some(np) = text.get(a.range.start..b.range.end)
        {
            let np = np
                .trim_start_matches("But ")
                .trim_start_matches("And ")
                .to_string();
            let e = anonymous(&np);
            self.remember(e, si, a.range.start);
        }
        // national bodies named with their country ("the Palestinian health ministry"), so
        // "the ministry" and "it" can refer to them, before or after
        for h in 0..toks.len() {
            if !bodies::is_head(low(h)) {
                continue;
            }
            let end = toks.get(h).map_or(0, |t| t.range.end);
            let body = (h.saturating_sub(4)..h).find_map(|k| {
                let start = toks.get(k)?.range.start;
                bodies::parse(text.get(start..end)?)
                    .filter(|b| b.country.is_some())
                    .map(|b| (start, b))
            });
            if let Some((start, b)) = body
                && let Some(c) = b.country
            {
                let e = self.national(&b.name_for(c), c);
                self.remember(e, si, start);
            }
        }
        let quoted = crate::text::quoted(toks);
        let mut i = 0;
        while i < toks.len() {
            if !is_cap(i) {
                // a known surname or given name on its own
                i += 1;
                continue;
            }
            let mut j = i;
            // "Bank of Japan", "Albert del Rosario"
            // "Cheng Yonghua Tuesday": a day ends the name
            while j < toks.len()
                && !(j > i && is_calendar_lower(low(j)))
                && (is_cap(j)
                    || (word(j) == "of"
                        || j > i && lexicon::words(List::NameParticles).contains(&word(j)))
                        && is_cap(j + 1))
            {
                j += 1;
            }
            // "Although Trump ...", "''Did Trump ...": a word capitalised for opening a
            // sentence or a quotation, which the tagger reads as no name (and no title), is not
            // part of the name after it
            let opening = i == 0 || toks.get(i - 1).is_some_and(|t| t.kind != TokenKind::Word);
            let start = if opening
                && j - i >= 2
                && !is_title(word(i))
                && toks.get(i).is_some_and(|t| self.no_name(t.range.clone()))
            {
                i + 1
            } else {
                i
            };
            let run: Vec<&str> = (start..j).map(word).collect();
            let pos = toks.get(start).map_or(0, |t| t.range.start);
            if quoted.get(start).copied().unwrap_or(false) {
                self.quoted_at.insert(pos);
            }
            self.note_run(text, si, pos, &run, s, start, j);
            i = j;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn note_run(
        &mut self,
        text: &str,
        si: usize,
        pos: usize,
        run: &[&str],
        s: &Sentence,
        i: usize,
        j: usize,
    ) {
        let toks = &s.tokens;
        let low = |m: usize| s.lower.get(m).unwrap_or("");
        // organisations and outlets, for "it" and "the ministry"
        let in_run = self.registry.find_in(&run.join(" "));
        if let Some(e) =
            in_run.filter(|e| matches!(e.kind, EntityKind::Organization | EntityKind::Outlet))
        {
            let mut e = e.clone();
            e.aliases.clear();
            self.remember(e, si, pos);
        }
        // split leading title words from the trailing name
        let name_len = run.iter().rev().take_while(|w| !is_title(w)).count().min(3);
        let name_words: Vec<&str> = run.get(run.len() - name_len..).unwrap_or(&[]).to_vec();
        if name_words.is_empty() {
            return;
        }
        // a name that is the whole run was looked up just now
        let known = if name_len == run.len() {
            in_run.is_some()
        } else {
            self.registry.find_in(&name_words.join(" ")).is_some()
        };
        let name_at = j - name_len..j;
        if known
            || name_at
                .clone()
                .any(|m| lexicon::words(List::OrgWords).contains(&low(m)))
        {
            return;
        }
        if name_words.iter().any(|w| !name_word(w))
            || name_at.clone().any(|m| is_calendar_lower(low(m)))
        {
            return;
        }
        // a new name the tagger reads as a place, a body, a date or a number is nobody's
        let name_span = toks.get(j - name_len).map_or(0, |t| t.range.start)
            ..toks.get(j - 1).map_or(0, |t| t.range.end);
        let not_a_person = self.named_kind(name_span).is_some_and(|k| {
            matches!(
                k,
                Ner::Location | Ner::Organization | Ner::Time | Ner::Number | Ner::Misc
            )
        });
        // (the people already known are looked through only then: most runs are names)
        if not_a_person {
            let lowered: Vec<String> = name_words.iter().map(|w| w.to_lowercase()).collect();
            let seen = self.known.iter().any(|k| {
                k.entity.kind == EntityKind::Person
                    && (k.parts == lowered
                        || lowered.len() == 1 && lowered.iter().all(|w| k.parts.contains(w)))
            });
            if !seen {
                return;
            }
        }
        // "Everyone I ...": a pronoun is no name
        if let [one] = name_words.as_slice()
            && is_pronoun(&one.to_lowercase())
        {
            return;
        }
        let name = name_words.join(" ");
        // a country, a capital, a city or a sea is never a person
        if Countries::builtin()
            .longest_prefix(&name_words)
            .is_some_and(|(n, _, _)| n == name_words.len())
        {
            return;
        }
        let title_words = run.get(..run.len() - name_len).unwrap_or(&[]);
        // lowercase title words just before the run: "China's foreign minister Qin Gang"
        let mut k = i;
        let word = |m: usize| {
            toks.get(m)
                .and_then(|t| text.get(t.range.clone()))
                .unwrap_or("")
        };
        while k > 0 {
            let lw = low(k - 1);
            let base = lw.strip_suffix("'s").unwrap_or(lw);
            if toks.get(k - 1).is_some_and(|t| t.kind == TokenKind::Word)
                && (is_title(base) || demonym(&base.replace('.', "")).is_some())
                && base != "the"
                && base != "and"
            {
                k -= 1;
            } else {
                break;
            }
        }
        let before: Vec<&str> = (k..i).map(word).collect();
        let mut role_parts: Vec<&str> = before;
        role_parts.extend_from_slice(title_words);
        // appositive after the name: "Wang Yi, director of the Central Foreign Affairs Office,",
        // "Dr. Ana Ruiz, a WHO official monitoring emergencies,"
        let honorific = role_parts.iter().all(|w| {
            matches!(
                w.trim_end_matches('.').to_lowercase().as_str(),
                "dr" | "mr" | "mrs" | "ms" | "prof" | "sir" | "dame"
            )
        });
        if honorific
            && toks
                .get(j)
                .is_some_and(|t| text.get(t.range.clone()) == Some(","))
        {
            let first = low(j + 1);
            // "a WHO official ...": an article, then a job within the next words
            let described = matches!(first, "a" | "an")
                && (j + 2..(j + 8).min(toks.len()))
                    .take_while(|&m| toks.get(m).is_some_and(|t| t.kind == TokenKind::Word))
                    .any(|m| lexicon::words(List::PersonHeads).contains(&low(m)));
            if (is_title(first) && first != "the" && first != "and") || described {
                let j = if described { j + 1 } else { j };
                let mut e = j + 1;
                while e < toks.len()
                    && toks.get(e).is_some_and(|t| t.kind == TokenKind::Word)
                    && e - j < 10
                    && word(e) != "who"
                {
                    e += 1;
                }
                let (a, b) = (
                    toks.get(j + 1).map_or(0, |t| t.range.start),
                    toks.get(e - 1).map_or(0, |t| t.range.end),
                );
                let role = text.get(a..b).unwrap_or("").to_string();
                return self.add_person(si, pos, &name, Some(role), name_len >= 2);
            }
        }
        let role = (!role_parts.is_empty())
            .then(|| role_parts.join(" ").trim_start_matches("the ").to_string());
        self.add_person(si, pos, &name, role, name_len >= 2);
    }

    fn add_person(&mut self, si: usize, pos: usize, name: &str, role: Option<String>, full: bool) {
        let parts: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        let existing = self.known.iter().rposition(|k| {
            k.entity.kind == EntityKind::Person
                && (k.entity.name == name
                    || (!full
                        && parts.len() == 1
                        && parts.first().is_some_and(|p| k.parts.contains(p))))
        });
        let idx = match existing {
            Some(i) => i,
            None if full => {
                let mut e = Entity::new(name, EntityKind::Person);
                e.role = role.clone();
                let affiliation = role
                    .as_deref()
                    .and_then(|r| self.registry.find_in(r))
                    .filter(|o| o.kind == EntityKind::Organization);
                e.affiliation = affiliation.map(|o| o.name.clone());
                self.known.push(Known {
                    role_words: role.as_deref().map(role_words).unwrap_or_default(),
                    entity: e,
                    parts,
                });
                self.known.len() - 1
            }
            None => return,
        };
        if let (Some(k), Some(role)) = (self.known.get_mut(idx), role) {
            if k.entity.role.is_none()
                || k.entity.role.as_ref().is_some_and(|r| r.len() < role.len())
            {
                k.entity.role = Some(role.clone());
            }
            k.role_words.extend(role_words(&role));
        }
        if let Some(m) = self.mentions.get_mut(si) {
            m.push((pos, idx));
        }
    }

    /// Resolves a source mention found at byte `pos` in sentence `si`.
    pub(crate) fn resolve(&mut self, mention: &str, pos: usize, si: usize) -> Entity {
        let raw = mention;
        let mention = strip_time(mention.trim());
        // "Secretary Antony Blinken (@SecBlinken)"
        let (mention, handle) = match mention.find("(@") {
            Some(i) => (
                mention.get(..i).unwrap_or(mention).trim(),
                mention
                    .get(i + 1..)
                    .map(|h| h.trim_end_matches(')').to_string()),
            ),
            None => (mention, None),
        };
        // "Wang, China's top foreign affairs advisor": the name, then its role
        let (mention, appositive) = match mention.split_once(", ") {
            // "The central bank governor, Omar Haddad": the role first, then the name
            Some((head, rest)) if !head.is_empty() && is_bare_name(rest) && !has_name(head) => {
                (rest.trim(), Some(strip_det(head).to_string()))
            }
            Some((head, rest)) if !head.is_empty() => {
                (head.trim(), Some(strip_det(rest).to_string()))
            }
            _ => (mention, None),
        };
        // "Vedant Patel of the State Department": the person, tied to the organisation
        let (mention, employer) = match split_affiliation(mention) {
            Some((person, org)) => (person, self.registry.find_in(org)),
            None => (mention, None),
        };
        // the name left after the splits, a slice of the mention as written
        let start = pos + (mention.as_ptr() as usize).saturating_sub(raw.as_ptr() as usize);
        self.mention_at = start..start + mention.len();
        let mut e = self.resolve_plain(mention, pos, si);
        if e.kind == EntityKind::Person && e.role.is_none() {
            e.role = appositive;
        }
        if e.kind == EntityKind::Person
            && e.affiliation.is_none()
            && let Some(o) =
                employer.filter(|o| matches!(o.kind, EntityKind::Organization | EntityKind::Outlet))
        {
            e.affiliation = Some(o.name.clone());
        }
        if let Some(h) = handle
            && !e.aliases.contains(&h)
        {
            e.aliases.push(h);
        }
        if e.kind != EntityKind::Anonymous {
            self.spoke.push((si, e.clone()));
        }
        e
    }

    /// Resolves a mention without its handle, appositive and affiliation: the first
    /// [`Strategy`] that decides, in order.
    fn resolve_plain(&mut self, mention: &str, pos: usize, si: usize) -> Entity {
        let words = norm_words(mention);
        let lower: Vec<&str> = words.iter().map(String::as_str).collect();
        let headline = self.sentences.get(si).is_some_and(|s| s.3);
        let m = ParsedMention::new(self, mention, &lower, headline);
        for step in Strategy::ORDER {
            match step.apply(self, &m, pos, si) {
                Step::Found(e) => return e,
                Step::Instead(other) => return self.resolve_plain(&other, pos, si),
                Step::Pass => {}
            }
        }
        // the last step, a name, always decides
        Entity::new("unknown", EntityKind::Anonymous)
    }

    /// What the tagger reads the name in bytes `range` as: a person when any of its
    /// capitalised words is read as one ("Luis Arce", however "Arce" alone was read), else
    /// what its last one is read as ("Hamas spokesman Abu Obeida", "Human Rights Watch").
    fn named_kind(&self, range: Range<usize>) -> Option<Ner> {
        let words = self.named_in(range);
        if words.iter().any(|w| w.kind == Ner::Person) {
            return Some(Ner::Person);
        }
        words.last().map(|w| w.kind)
    }

    /// The tagged words starting in bytes `range`.
    fn named_in(&self, range: Range<usize>) -> &[NamedWord] {
        let from = self.named.partition_point(|w| w.range.start < range.start);
        let to = self.named.partition_point(|w| w.range.start < range.end);
        self.named.get(from..to).unwrap_or_default()
    }

    /// Whether the tagger read the words in bytes `range` as no name, and their parts of
    /// speech are no nouns or adjectives: a capitalised "But", "That" or "Although" (not the
    /// "Culture" of "Culture Minister").
    fn no_name(&self, range: Range<usize>) -> bool {
        let words = self.named_in(range);
        !words.is_empty()
            && words
                .iter()
                .all(|w| w.kind == Ner::Outside && w.class == WordClass::Other)
    }

    /// The government of `c`, as the registry names it when it knows it.
    fn government(&self, c: &Country) -> Entity {
        self.national(&c.government, c)
    }

    /// A body of country `c` named `name`: the registry's entry when it has one.
    fn national(&self, name: &str, c: &Country) -> Entity {
        if let Some(e) = self.registry.get(name) {
            let mut e = e.clone();
            e.aliases.clear();
            return e;
        }
        let mut e = Entity::new(name, EntityKind::Organization);
        e.country = Some(c.name.clone());
        e
    }

    /// The entity of a national body: the country's when the mention names one; else the body
    /// of that kind the article named last (or, failing that, names next); else the bare title,
    /// which the graph keeps to its article.
    fn body(&mut self, b: bodies::Body, pos: usize, si: usize) -> Entity {
        let e = match b.country {
            Some(c) => self.national(&b.name_for(c), c),
            None => {
                let title = b.institution.title.to_lowercase();
                let same = |k: &Known| {
                    k.entity.kind == EntityKind::Organization
                        && k.entity.country.is_some()
                        && k.entity.name.to_lowercase().ends_with(&title)
                };
                let found = self
                    .nearest(pos, si, usize::MAX, same)
                    .or_else(|| self.next_mention(pos, si, same))
                    .and_then(|i| self.known.get(i));
                match (found, self.main_country) {
                    (Some(k), _) => k.entity.clone(),
                    // "the government", "the military" of a story about one country
                    (None, Some(c)) if b.institution.is_domestic() => {
                        self.national(&b.name_for(c), c)
                    }
                    (None, _) => Entity::new(&b.institution.title, EntityKind::Organization),
                }
            }
        };
        self.remember(e.clone(), si, pos);
        e
    }

    /// The person first named after byte `pos` of sentence `si`, within the next three
    /// sentences, in a role whose words hold `head` and agree with the description's country.
    fn named_next(&self, head: &str, words: &[&str], pos: usize, si: usize) -> Option<Entity> {
        let dem: Vec<&str> = words.iter().filter_map(|w| demonym(w)).collect();
        self.known.iter().enumerate().find_map(|(idx, k)| {
            let (ks, kp) = self.first_seen(idx)?;
            let later = (ks, kp) >= (si, pos) && ks <= si + 3;
            let kdem: Vec<&str> = k.role_words.iter().filter_map(|w| demonym(w)).collect();
            let agrees = kdem.is_empty() || dem.iter().all(|d| kdem.contains(d));
            (k.entity.kind == EntityKind::Person
                && later
                && agrees
                && head_matches(head, &k.role_words))
            .then(|| k.entity.clone())
        })
    }

    /// The person first named after byte `pos` of sentence `si`, within the next three
    /// sentences, whose role has `head` and names the organisation `org` (a registry id).
    fn named_next_of(&self, org: &str, head: &str, pos: usize, si: usize) -> Option<Entity> {
        let i = self.next_mention(pos, si, |k| {
            k.entity.kind == EntityKind::Person
                && head_matches(head, &k.role_words)
                && k.entity
                    .role
                    .as_deref()
                    .and_then(|r| self.registry.find_in(r))
                    .is_some_and(|o| o.id == org)
        })?;
        let (first, _) = self.first_seen(i)?;
        (first <= si + 3).then(|| self.known.get(i).map(|k| k.entity.clone()))?
    }

    /// Where entity `idx` of `known` is first mentioned: (sentence, byte position).
    fn first_seen(&self, idx: usize) -> Option<(usize, usize)> {
        self.mentions
            .iter()
            .enumerate()
            .find_map(|(k, m)| m.iter().find(|(_, i)| *i == idx).map(|&(p, _)| (k, p)))
    }

    /// The entity of the first mention after byte `pos` of sentence `si` that `want` accepts.
    fn next_mention(&self, pos: usize, si: usize, want: impl Fn(&Known) -> bool) -> Option<usize> {
        let ok = |i: &usize| self.known.get(*i).is_some_and(&want);
        let here = self
            .mentions
            .get(si)
            .and_then(|m| m.iter().find(|(mp, i)| *mp > pos && ok(i)));
        here.or_else(|| {
            self.mentions
                .iter()
                .skip(si + 1)
                .find_map(|m| m.iter().find(|(_, i)| ok(i)))
        })
        .map(|&(_, i)| i)
    }

    fn remember(&mut self, e: Entity, si: usize, pos: usize) {
        let idx = match self.known.iter().position(|k| k.entity.id == e.id) {
            Some(i) => i,
            None => {
                let parts = e.name.split_whitespace().map(str::to_lowercase).collect();
                let role_words = e.role.as_deref().map(role_words).unwrap_or_default();
                self.known.push(Known {
                    entity: e,
                    parts,
                    role_words,
                });
                self.known.len() - 1
            }
        };
        if let Some(m) = self.mentions.get_mut(si)
            && !m.iter().any(|&(p, _)| p == pos)
        {
            m.push((pos, idx));
            m.sort_unstable();
        }
    }

    fn pronoun(&mut self, p: &str, pos: usize, si: usize) -> Option<Entity> {
        match p {
            "he" | "she" | "him" | "her" => {
                // the same sentence's subject first (not a name inside a quotation), then the
                // person who spoke in this sentence or the one before ("Nuland said ... the
                // ambassador ... She added"), then the nearest earlier sentence's first person
                let person = |i: &usize| {
                    self.known
                        .get(*i)
                        .is_some_and(|k| k.entity.kind == EntityKind::Person)
                };
                let here = self
                    .mentions
                    .get(si)
                    .and_then(|m| {
                        m.iter()
                            .find(|&(mp, i)| *mp < pos && person(i) && !self.quoted_at.contains(mp))
                    })
                    .map(|&(_, i)| i);
                let before = (0..si)
                    .rev()
                    .find(|&k| !self.sentences.get(k).is_some_and(|s| s.2));
                let speaker = self
                    .spoke
                    .iter()
                    .rev()
                    .take_while(|(s, _)| *s == si || Some(*s) == before)
                    .find(|(_, e)| e.kind == EntityKind::Person)
                    .and_then(|(_, e)| self.known.iter().position(|k| k.entity.id == e.id));
                let idx = here.or(speaker).or_else(|| {
                    (0..si)
                        .rev()
                        .take(4)
                        .filter(|&k| !self.sentences.get(k).is_some_and(|s| s.2))
                        .find_map(|k| {
                            self.mentions
                                .get(k)
                                .and_then(|m| m.iter().find(|(_, i)| person(i)))
                                .map(|&(_, i)| i)
                        })
                })?;
                let e = self.known.get(idx)?.entity.clone();
                self.remember(e.clone(), si, pos);
                Some(e)
            }
            // the nearest organisation or outlet
            "it" => {
                let i = self.nearest(pos, si, 3, |k| {
                    matches!(k.entity.kind, EntityKind::Organization | EntityKind::Outlet)
                })?;
                self.known.get(i).map(|k| k.entity.clone())
            }
            // the nearest group of anonymous sources ("U.S. officials ... They said")
            "they" | "them" => {
                let i = self.nearest(pos, si, 3, |k| {
                    k.entity.kind == EntityKind::Anonymous
                        && norm_words(&k.entity.name)
                            .last()
                            .is_some_and(|h| lexicon::words(List::PluralAnon).contains(&h.as_str()))
                })?;
                self.known.get(i).map(|k| k.entity.clone())
            }
            // first-person pronouns are left unresolved
            _ => None,
        }
    }

    /// The entity of the mention nearest before byte `pos` of sentence `si` that `want` accepts,
    /// looking back at most `back` sentences.
    fn nearest(
        &self,
        pos: usize,
        si: usize,
        back: usize,
        want: impl Fn(&Known) -> bool,
    ) -> Option<usize> {
        let ok = |i: &usize| self.known.get(*i).is_some_and(&want);
        let here = self
            .mentions
            .get(si)
            .and_then(|m| m.iter().rev().find(|(mp, i)| *mp < pos && ok(i)));
        here.or_else(|| {
            (0..si)
                .rev()
                .take(back)
                .filter(|&k| !self.sentences.get(k).is_some_and(|s| s.2))
                .find_map(|k| self.mentions.get(k)?.iter().rev().find(|(_, i)| ok(i)))
        })
        .map(|&(_, i)| i)
    }

    /// An anonymous source, remembered so "the official" can refer back to it.
    fn anonymous_at(&mut self, mention: &str, pos: usize, si: usize) -> Entity {
        let e = anonymous(mention);
        self.remember(e.clone(), si, pos);
        e
    }

    fn description(&mut self, words: &[&str], head: &str, pos: usize, si: usize) -> Option<Entity> {
        let want_org = lexicon::words(List::OrgHeads).contains(&head)
            && !lexicon::words(List::PersonHeads).contains(&head);
        let dem: Vec<&str> = words.iter().filter_map(|w| demonym(w)).collect();
        if want_org {
            // "the ministry": the nearest organisation named so before (or, in a headline or a
            // lead, the one named next)
            let matches = |k: &Known| {
                let name = norm_words(&k.entity.name);
                let kdem: Vec<&str> = name
                    .iter()
                    .map(String::as_str)
                    .chain(k.entity.country.as_deref())
                    .filter_map(|w| demonym(&w.to_lowercase()))
                    .collect();
                k.entity.kind == EntityKind::Organization
                    && name.iter().any(|w| w == head)
                    && (kdem.is_empty() || dem.iter().all(|d| kdem.contains(d)))
            };
            // the entities that fit, found once: the search back through the article then
            // only compares ids, and is skipped when nothing fits (a long article repeating
            // "the ministry said" with no ministry named was quadratic)
            let fits: Vec<String> = self
                .known
                .iter()
                .filter(|k| matches(k))
                .map(|k| k.entity.id.clone())
                .collect();
            if fits.is_empty() {
                return None;
            }
            let fit = |k: &Known| fits.contains(&k.entity.id);
            let i = self
                .nearest(pos, si, usize::MAX, fit)
                .or_else(|| self.next_mention(pos, si, fit))?;
            let e = self.known.get(i)?.entity.clone();
            self.remember(e.clone(), si, pos);
            return Some(e);
        }
        let mut best: Option<(i32, usize)> = None;
        for (i, k) in self.known.iter().enumerate() {
            if k.entity.kind != EntityKind::Person {
                continue;
            }
            let mut score = if head_matches(head, &k.role_words) {
                2
            } else {
                continue;
            };
            let kdem: Vec<&str> = k
                .role_words
                .iter()
                .chain(&k.parts)
                .filter_map(|w| demonym(w))
                .collect();
            for d in &dem {
                if kdem.contains(d) {
                    score += 1;
                } else if !kdem.is_empty() {
                    score -= 3;
                }
            }
            for w in words {
                if *w != head && demonym(w).is_none() && k.role_words.iter().any(|r| r == w) {
                    score += 1;
                }
            }
            // later entities win ties: they were mentioned more recently; a description whose
            // country contradicts the person's is not theirs
            if score > 0 && best.is_none_or(|(s, _)| score >= s) {
                best = Some((score, i));
            }
        }
        // "the French foreign minister said ... ¶ Jean-Noel Barrot said": with nobody in that
        // role, the person next introduced (by full name, with no role of their own) within the
        // next two sentences
        let i = match best {
            Some((_, i)) => i,
            // (the same mention read again, for a second cue, keeps its reading)
            None => self
                .mentions
                .get(si)
                .and_then(|m| m.iter().find(|&&(p, _)| p == pos))
                .map(|&(_, i)| i)
                .filter(|&i| {
                    self.known
                        .get(i)
                        .is_some_and(|k| k.entity.kind == EntityKind::Person)
                })
                .or_else(|| self.introduced_next(pos, si, 2))?,
        };
        let e = self.known.get(i)?.entity.clone();
        self.remember(e.clone(), si, pos);
        Some(e)
    }

    /// The person first mentioned after byte `pos` of sentence `si` and within `reach` more
    /// sentences, by a full name with no role: someone the text introduces there.
    fn introduced_next(&self, pos: usize, si: usize, reach: usize) -> Option<usize> {
        self.mentions
            .iter()
            .enumerate()
            .skip(si)
            .take(reach + 1)
            .flat_map(|(k, m)| m.iter().map(move |&(p, i)| (k, p, i)))
            .filter(|&(k, p, _)| (k, p) > (si, pos))
            .map(|(k, p, i)| (self.first_seen(i) == Some((k, p)), i))
            .find(|&(_, i)| {
                self.known
                    .get(i)
                    .is_some_and(|k| k.entity.kind == EntityKind::Person)
            })
            .filter(|&(first, i)| {
                first
                    && self
                        .known
                        .get(i)
                        .is_some_and(|k| k.role_words.is_empty() && k.parts.len() >= 2)
            })
            .map(|(_, i)| i)
    }
}

/// The country named most often in the article's sentences (by name, adjective, capital or
/// other name; a name opening the headline or the lead counts three times), if it is named at
/// least twice and more often than any other.
fn main_country(text: &str, sentences: &[Sentence]) -> Option<&'static Country> {
    let countries = Countries::builtin();
    let mut counts: Vec<(&'static Country, usize)> = Vec::new();
    for (si, s) in sentences.iter().filter(|s| !s.boilerplate).enumerate() {
        let words: Vec<&str> = s
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .filter_map(|t| text.get(t.range.clone()))
            .collect();
        let mut i = 0;
        while i < words.len() {
            let starts_cap = words
                .get(i)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase);
            let found = starts_cap
                .then(|| countries.longest_prefix(words.get(i..).unwrap_or_default()))
                .flatten()
                .filter(|(_, c, f)| !c.place_only && *f != Form::City);
            match found {
                Some((n, c, _)) => {
                    // the subject of the headline or the lead ("Japan lodges protest with
                    // China") is whose story it is: it counts three times
                    let weight = if i == 0 && si < 2 { 3 } else { 1 };
                    match counts.iter_mut().find(|(x, _)| std::ptr::eq(*x, c)) {
                        Some((_, k)) => *k += weight,
                        None => counts.push((c, weight)),
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.key.cmp(&b.0.key)));
    match counts.as_slice() {
        [(c, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| m < n) => Some(*c),
        _ => None,
    }
}

/// A noun that names a speaker by itself: a title, an organisation or a group.
fn speaker_noun(w: &str) -> bool {
    lexicon::words(List::PersonHeads).contains(&w)
        || lexicon::words(List::OrgHeads).contains(&w)
        || lexicon::words(List::OrgWords).contains(&w)
        || lexicon::words(List::AnonHeads).contains(&w)
        || lexicon::words(List::PluralAnon).contains(&w)
        || is_title(w)
        || w.ends_with("ers")
        || w.ends_with("ors")
}

/// A web address: one word ending in a dot and two to four lowercase letters ("Axar.az",
/// "news.example.com"), not an initial or an abbreviation ("U.S.", "Jr.").
fn is_domain(m: &str) -> bool {
    !m.contains(char::is_whitespace)
        && m.rsplit_once('.').is_some_and(|(host, tld)| {
            host.chars().filter(|c| c.is_alphanumeric()).count() >= 2
                && (2..=4).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_lowercase())
        })
}

/// A mention without a trailing day ("the Houthis on Monday" -> "the Houthis").
fn strip_time(mention: &str) -> &str {
    let Some((rest, last)) = mention.rsplit_once(' ') else {
        return mention;
    };
    if !is_calendar_lower(&last.to_lowercase()) {
        return mention;
    }
    let rest = rest.trim_end();
    rest.strip_suffix(" on").unwrap_or(rest).trim_end()
}

/// The last non-empty word of a mention's normalised words.
fn head_word<'a>(lower: &[&'a str]) -> &'a str {
    lower
        .iter()
        .rev()
        .find(|w| !w.is_empty())
        .copied()
        .unwrap_or("")
}

/// A word that may be part of a person's name: no digits, periods or "@", not an acronym
/// ("CBN"), and a hyphen only between syllables of a name ("Suk-yeol", "Jean-Yves"), not in
/// "Iranian-backed" or "Saudi-led".
fn name_word(w: &str) -> bool {
    if w.contains(['.', '@']) || w.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    match w.split_once('-') {
        None => true,
        Some((first, rest)) => {
            Countries::builtin().lookup(first).is_none()
                && rest.split('-').all(|p| {
                    p.chars().next().is_some_and(char::is_uppercase)
                        || p.chars().count() <= 4 && !p.ends_with("ed")
                })
        }
    }
}

/// True when `phrase` names a country or a place as a whole ("Bosnia and Herzegovina").
pub(crate) fn is_country(phrase: &str) -> bool {
    Countries::builtin().lookup(strip_det(phrase)).is_some()
}

fn anonymous(mention: &str) -> Entity {
    Entity::new(strip_det(mention), EntityKind::Anonymous)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;
    use mention::{is_title_bare, issuer, spoken_for};

    fn resolver_for<'a>(reg: &'a Registry, text: &str) -> Resolver<'a> {
        Resolver::new(reg, text, &text::sentences(text), Vec::new())
    }

    /// A resolver whose tagger read the given words (each at its first occurrence) as given.
    fn tagged<'a>(reg: &'a Registry, text: &str, readings: &[(&str, Ner)]) -> Resolver<'a> {
        let mut named: Vec<NamedWord> = readings
            .iter()
            .filter_map(|(w, kind)| {
                let at = text.find(w)?;
                Some(NamedWord {
                    range: at..at + w.len(),
                    kind: *kind,
                    class: if *kind == Ner::Outside {
                        WordClass::Other
                    } else {
                        WordClass::Proper
                    },
                })
            })
            .collect();
        named.sort_by_key(|w| w.range.start);
        Resolver::new(reg, text, &text::sentences(text), named)
    }

    #[test]
    fn names_no_list_knows_are_typed_by_the_tagger() {
        let reg = Registry::builtin().unwrap();
        let text = "Vostok Holdings said its exports rose. Meridia said talks would go on. \
                    But Ada Okafor said he would stay. Ban Ki-moon, the head of the United Nations, said so.";
        let mut r = tagged(
            &reg,
            text,
            &[
                ("Vostok", Ner::Organization),
                ("Holdings", Ner::Organization),
                ("Meridia", Ner::Location),
                ("But", Ner::Outside),
                ("Ada", Ner::Person),
                ("Okafor", Ner::Person),
                ("Ban", Ner::Person),
                ("Ki-moon", Ner::Person),
                ("United", Ner::Organization),
                ("Nations", Ner::Organization),
            ],
        );
        let at = |m: &str| text.find(m).unwrap_or(0);
        let body = r.resolve("Vostok Holdings", at("Vostok"), 0);
        assert_eq!(
            (body.name.as_str(), body.kind),
            ("Vostok Holdings", EntityKind::Organization)
        );
        // the same name again is the same organisation
        assert_eq!(r.resolve("Vostok Holdings", at("Vostok"), 0).id, body.id);
        // a place never speaks as a person
        assert_eq!(
            r.resolve("Meridia", at("Meridia"), 1).kind,
            EntityKind::Anonymous
        );
        // the opening "But" is not part of the name found in the first pass
        let okafor = r.resolve("he", at("he would"), 2);
        assert_eq!(
            (okafor.name.as_str(), okafor.kind),
            ("Ada Okafor", EntityKind::Person)
        );
        // the appositive's organisation does not make the name before it one
        let ban = r.resolve("Ban Ki-moon, the head of the United Nations,", at("Ban"), 3);
        assert_eq!(
            (ban.name.as_str(), ban.kind),
            ("Ban Ki-moon", EntityKind::Person)
        );
    }

    #[test]
    fn an_opening_noun_stays_in_the_title() {
        let reg = Registry::builtin().unwrap();
        let text = "Culture Minister Ana Ruiz said the archive would reopen. She said so twice.";
        let word = |w: &str, kind: Ner, class: WordClass| {
            let at = text.find(w).unwrap_or(0);
            NamedWord {
                range: at..at + w.len(),
                kind,
                class,
            }
        };
        let named = vec![
            word("Culture", Ner::Outside, WordClass::Nominal),
            word("Minister", Ner::Outside, WordClass::Proper),
            word("Ana", Ner::Person, WordClass::Proper),
            word("Ruiz", Ner::Person, WordClass::Proper),
        ];
        let mut r = Resolver::new(&reg, text, &text::sentences(text), named);
        let she = r.resolve("She", text.find("She").unwrap_or(0), 1);
        assert_eq!(she.name, "Ana Ruiz");
        assert_eq!(she.role.as_deref(), Some("Culture Minister"));
    }

    #[test]
    fn a_capitalised_word_the_tagger_reads_as_no_name_is_nobody() {
        let reg = Registry::builtin().unwrap();
        let text = "That said the plan would fail.";
        let mut r = tagged(&reg, text, &[("That", Ner::Outside)]);
        assert_eq!(r.resolve("That", 0, 0).name, "unknown");
        // without the tagger's reading the old guess stands
        let mut r = resolver_for(&reg, text);
        assert_eq!(r.resolve("That", 0, 0).kind, EntityKind::Person);
    }

    #[test]
    fn bare_title_and_calendar_tests_read_words_as_their_folded_forms() {
        for w in [
            "Minister",
            "minister's",
            "Minister’s",
            "U.S.",
            "ministers",
            "Chinese",
            "Sec.",
            "Wang",
            "É.",
            "Monday",
            "MAY",
            "Tomorrow’s",
        ] {
            let folded = w.to_lowercase().replace(['.', '’', '\''], "");
            assert_eq!(is_title_bare(w), is_title(&folded), "{w}");
            assert_eq!(
                is_calendar_lower(&w.to_lowercase()),
                matches!(w, "Monday" | "MAY"),
                "{w}"
            );
        }
        assert!(is_title("minister's") && !is_title_bare("minister's"));
    }

    #[test]
    fn titles_become_roles_and_surnames_resolve() {
        let reg = Registry::builtin().unwrap();
        let t = "U.S. Secretary of State Antony Blinken met China's foreign minister Qin Gang.\nQin said so.";
        let mut r = resolver_for(&reg, t);
        let e = r.resolve("Qin", t.find("Qin said").unwrap(), 1);
        assert_eq!(
            (e.name.as_str(), e.id.as_str()),
            ("Qin Gang", "person:qin-gang")
        );
        assert_eq!(e.role.as_deref(), Some("China's foreign minister"));
        let b = r.resolve("U.S. Secretary of State Antony Blinken", 0, 0);
        assert_eq!(
            (b.name.as_str(), b.role.as_deref()),
            ("Antony Blinken", Some("U.S. Secretary of State"))
        );
    }

    #[test]
    fn pronouns_and_descriptions_find_the_right_person() {
        let reg = Registry::builtin().unwrap();
        let t = "Foreign Minister Qin Gang hosted U.S. Secretary of State Antony Blinken.\nThe Chinese foreign minister said ties were poor.\nBlinken listened.\nHe said little.";
        let mut r = resolver_for(&reg, t);
        let s = text::sentences(t);
        let d = r.resolve("The Chinese foreign minister", s[1].range.start, 1);
        assert_eq!(d.name, "Qin Gang");
        let he = r.resolve("He", s[3].range.start, 3);
        assert_eq!(he.name, "Antony Blinken");
        let top = r.resolve("The top U.S. diplomat", s[3].range.start, 3);
        assert_eq!(top.name, "Antony Blinken");
    }

    #[test]
    fn it_they_and_unresolved_pronouns() {
        let reg = Registry::builtin().unwrap();
        let t = "The Japanese Foreign Ministry issued a note.\nIt said talks helped.\nU.S. officials briefed reporters.\nThey said talks helped.\nWe said talks helped.";
        let mut r = resolver_for(&reg, t);
        let s = text::sentences(t);
        let it = r.resolve("It", s[1].range.start, 1);
        assert_eq!(
            (it.name.as_str(), it.kind),
            ("Japanese Foreign Ministry", EntityKind::Organization)
        );
        let they = r.resolve("They", s[3].range.start, 3);
        assert_eq!(
            (they.name.as_str(), they.kind),
            ("U.S. officials", EntityKind::Anonymous)
        );
        let we = r.resolve("We", s[4].range.start, 4);
        assert_eq!(
            (we.name.as_str(), we.kind),
            ("unknown", EntityKind::Anonymous)
        );
    }

    #[test]
    fn organisation_descriptions_take_the_nearest_match() {
        let reg = Registry::builtin().unwrap();
        let t = "The Russian Foreign Ministry objected.\nThe Japanese Foreign Ministry agreed.\nThe ministry said so.\nThe Russian ministry said no.";
        let mut r = resolver_for(&reg, t);
        let s = text::sentences(t);
        let m = r.resolve("The ministry", s[2].range.start, 2);
        assert_eq!(m.name, "Japanese Foreign Ministry");
        let ru = r.resolve("The Russian ministry", s[3].range.start, 3);
        assert_eq!(ru.name, "Russian Foreign Ministry");
        let stmt = r.resolve("A statement from the ministry", s[3].range.end, 3);
        assert_eq!(stmt.kind, EntityKind::Organization);
    }

    #[test]
    fn web_addresses_are_sites() {
        for m in ["Axar.az", "news.example.com", "Example.org"] {
            assert!(is_domain(m), "{m}");
        }
        for m in ["U.S.", "Jr.", "Dr. Ahmed", "Mr.", "St.Louis"] {
            assert!(!is_domain(m), "{m}");
        }
    }

    #[test]
    fn mention_shapes() {
        assert_eq!(
            issuer("A statement from the ministry"),
            Some("the ministry")
        );
        assert_eq!(
            issuer("a readout of the call released by the White House"),
            Some("the White House")
        );
        assert_eq!(issuer("the ministry"), None);
        assert_eq!(
            issuer("a State Department readout"),
            Some("State Department")
        );
        assert_eq!(issuer("a central bank statement"), Some("central bank"));
        assert_eq!(issuer("a recent report"), None);
        assert_eq!(spoken_for("A spokesman for the agency"), Some("the agency"));
        assert_eq!(spoken_for("a senior official"), None);
        assert_eq!(
            split_affiliation("Deputy spokesperson Vedant Rao of the State Department"),
            Some(("Deputy spokesperson Vedant Rao", "the State Department"))
        );
        assert_eq!(split_affiliation("Secretary of State Antony Blinken"), None);
        assert_eq!(split_affiliation("Bank of Japan"), None);
    }

    #[test]
    fn capitalised_and_post_modified_anonymous_sources() {
        let reg = Registry::builtin().unwrap();
        let mut r = resolver_for(&reg, "x");
        for m in [
            "Sources",
            "Diplomatic sources",
            "Senior officials",
            "Two people familiar with the matter",
            "officials briefed on the talks",
        ] {
            assert_eq!(r.resolve(m, 0, 0).kind, EntityKind::Anonymous, "{m}");
        }
        // "the official" a moment later is the same source
        let a = r.resolve("a senior U.S. official", 10, 0);
        let b = r.resolve("the official", 20, 0);
        assert_eq!(a.id, b.id);
    }

    #[test]
    fn anonymous_sources_and_registry_entries() {
        let reg = Registry::builtin().unwrap();
        let mut r = resolver_for(&reg, "x");
        let a = r.resolve("diplomatic sources", 0, 0);
        assert_eq!(
            (a.kind, a.id.as_str()),
            (EntityKind::Anonymous, "anonymous:diplomatic-sources")
        );
        let o = r.resolve("a readout by Chinese state news agency Xinhua", 0, 0);
        assert_eq!((o.kind, o.name.as_str()), (EntityKind::Outlet, "Xinhua"));
        let s = r.resolve("a senior State Department official", 0, 0);
        assert_eq!(s.kind, EntityKind::Anonymous);
        let m = r.resolve("State Department spokesperson Matthew Miller", 0, 0);
        assert_eq!(
            (m.kind, m.name.as_str()),
            (EntityKind::Person, "Matthew Miller")
        );
        assert_eq!(m.role.as_deref(), Some("State Department spokesperson"));
        assert_eq!(m.affiliation.as_deref(), Some("U.S. State Department"));
    }
}
