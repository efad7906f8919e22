//! The country gazetteer: which country or territory a phrase names ("China", "Beijing",
//! "Chinese", "the Philippines", "S. Korea") and how it names it (name, adjective, capital,
//! alias, or a city inside it), plus the seas and regions that name no country. Owns
//! `data/countries.tsv`, its parsing and the lookups over it; what a mention of a country means
//! for attribution (its government speaking, a dateline) is decided by the resolver.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// The gazetteer data, embedded at build time.
const DATA: &str = include_str!("../../data/countries.tsv");

/// Longest phrase, in words, that `longest_prefix` tries.
const MAX_WORDS: usize = 6;

/// Key prefix of the rows that are places (seas, straits, regions) rather than countries.
const PLACE_PREFIX: &str = "place:";

/// One row of the gazetteer: a country or territory, or a place that is none.
#[derive(Debug, Clone)]
pub(crate) struct Country {
    /// Slug used in ids: "china", "south-korea", "place:south-china-sea".
    pub(crate) key: String,
    /// Usual English short name: "China", "Türkiye".
    pub(crate) name: String,
    /// Canonical name of its government as a speaker: "Government of the Philippines". Empty
    /// for places.
    pub(crate) government: String,
    /// The first adjective ("Chinese"), used in names of its bodies; the name when the row has
    /// no adjective.
    pub(crate) adjective: String,
    /// A sea, strait or region (key `place:...`): never a speaker.
    pub(crate) place_only: bool,
}

/// How a phrase names its country.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Form {
    /// The country's name: "China".
    Name,
    /// An adjective or demonym: "Chinese", "Filipino".
    Adjective,
    /// A seat of government: "Beijing", "Kuala Lumpur".
    Capital,
    /// Another name of the country itself: "PRC", "Burma".
    Alias,
    /// A city, region or place inside it (or another name of a place row): "Shanghai".
    City,
}

/// The gazetteer: its rows and an index from every normalised form to its row.
#[derive(Debug)]
pub(crate) struct Countries {
    rows: Vec<Country>,
    /// Lowercase, normalised form -> (row, how it names the row). Holds every form but the
    /// all-caps abbreviations.
    forms: FxHashMap<String, (usize, Form)>,
    /// All-caps abbreviations of 2-4 letters ("US", "PRC"), exactly as written.
    abbrevs: FxHashMap<String, (usize, Form)>,
    /// The first word of every form in `forms`: a phrase starting with any other word names
    /// no country, which rules out nearly every word of a text at the cost of one lookup.
    firsts: FxHashSet<String>,
}

/// The columns of one data line, padded with empty columns to seven; `None` for a comment, a
/// blank line or a line with fewer than three columns.
fn columns(line: &str) -> Option<[&str; 7]> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut cols = [""; 7];
    let mut n = 0;
    for (slot, c) in cols.iter_mut().zip(line.split('\t')) {
        *slot = c.trim();
        n += 1;
    }
    (n >= 3).then_some(cols)
}

/// Every form a row's columns list, with how it names the row, in column order.
fn row_forms<'a>(cols: &[&'a str; 7]) -> impl Iterator<Item = (&'a str, Form)> + 'a {
    let [_, name, _, adjectives, capitals, aliases, cities] = *cols;
    let list = |s: &'a str, f: Form| {
        s.split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(move |w| (w, f))
    };
    std::iter::once((name, Form::Name))
        .filter(|(w, _)| !w.is_empty())
        .chain(list(adjectives, Form::Adjective))
        .chain(list(capitals, Form::Capital))
        .chain(list(aliases, Form::Alias))
        .chain(list(cities, Form::City))
}

/// True for an all-caps abbreviation of 2-4 letters ("US", "DPRK"), which matches only as
/// written.
fn is_abbrev(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Appends `s` to `buf` as the index keys are written: lowercase, curly apostrophes straight,
/// words separated by one space.
fn push_norm(buf: &mut String, s: &str) {
    for w in s.split_whitespace() {
        if !buf.is_empty() {
            buf.push(' ');
        }
        if w.is_ascii() {
            buf.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            continue;
        }
        for c in w.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02bc}' => buf.push('\''),
                c => buf.extend(c.to_lowercase()),
            }
        }
    }
}

/// Punctuation a phrase may carry around it ("(Beijing)", "Manila,", "'China'").
fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '\u{201c}'
            | '\u{201d}'
            | '\u{2018}'
            | '\u{2019}'
            | '('
            | ')'
            | '['
            | ']'
    )
}

/// The part of a normalised phrase a form is looked up by: without punctuation around it and
/// without a leading "the ".
fn core(s: &str) -> &str {
    let s = s.trim_matches(is_edge_punct);
    s.strip_prefix("the ").unwrap_or(s)
}

/// The index key of a form from the data (as `core` leaves it).
fn form_key(form: &str) -> String {
    let mut k = String::with_capacity(form.len());
    push_norm(&mut k, form);
    core(&k).to_string()
}

impl Countries {
    /// The built-in gazetteer (parsed once).
    pub(crate) fn builtin() -> &'static Countries {
        static BUILTIN: OnceLock<Countries> = OnceLock::new();
        BUILTIN.get_or_init(|| Countries::parse(DATA))
    }

    /// Parses gazetteer text. Where two rows claim one form the first keeps it (the data's
    /// tests forbid that); within a row the earlier column wins, so a form that is both a
    /// name and an adjective ("Myanmar") is a name.
    fn parse(text: &str) -> Countries {
        let mut c = Countries {
            rows: Vec::new(),
            forms: FxHashMap::default(),
            abbrevs: FxHashMap::default(),
            firsts: FxHashSet::default(),
        };
        for cols in text.lines().filter_map(columns) {
            let [key, name, government, adjectives, ..] = cols;
            let i = c.rows.len();
            let adjective = adjectives
                .split(',')
                .map(str::trim)
                .find(|a| !a.is_empty())
                .unwrap_or(name);
            c.rows.push(Country {
                key: key.to_string(),
                name: name.to_string(),
                government: government.to_string(),
                adjective: adjective.to_string(),
                place_only: key.starts_with(PLACE_PREFIX),
            });
            for (form, how) in row_forms(&cols) {
                let (map, k) = if is_abbrev(form) {
                    (&mut c.abbrevs, form.to_string())
                } else {
                    (&mut c.forms, form_key(form))
                };
                if !k.is_empty() {
                    map.entry(k).or_insert((i, how));
                }
            }
        }
        c.firsts = c
            .forms
            .keys()
            .filter_map(|k| k.split(' ').next())
            .map(str::to_string)
            .collect();
        c
    }

    /// False when no form can start with the word `raw` (as written): its lowercase form,
    /// without punctuation around it, a possessive or a final period, starts none.
    fn may_start(&self, raw: &str) -> bool {
        let mut buf = String::with_capacity(raw.len());
        push_norm(&mut buf, raw);
        let w = buf.trim_matches(is_edge_punct);
        let has = |t: &str| self.firsts.contains(t);
        has(w) || w.strip_suffix("'s").is_some_and(has) || w.strip_suffix('.').is_some_and(has)
    }

    /// The row and form of an all-caps abbreviation as written, allowing a leading "the" and
    /// a possessive: "US", "the UK", "PRC's".
    fn abbrev(&self, raw: &str) -> Option<(usize, Form)> {
        let s = raw.trim_matches(is_edge_punct);
        let s = s
            .strip_suffix("'s")
            .or_else(|| s.strip_suffix("\u{2019}s"))
            .unwrap_or(s);
        if !is_abbrev(s) {
            return None;
        }
        self.abbrevs.get(s).copied()
    }

    /// The row and form of a normalised (lowercase) phrase, trying it as it is, without a
    /// sentence's final period, and without a possessive 's.
    fn find(&self, norm: &str) -> Option<(usize, Form)> {
        let s = core(norm);
        let get = |t: &str| self.forms.get(t).copied();
        if s.is_empty() {
            return None;
        }
        get(s)
            .or_else(|| s.strip_suffix('.').and_then(get))
            .or_else(|| s.strip_suffix("'s").and_then(get))
    }

    /// The country a phrase names as a whole ("China", "Beijing", "the Philippines", "S. Korea",
    /// "Chinese", "Kuala Lumpur", "KUALA LUMPUR", "China's", "Filipino"), and how it names it.
    /// Case-insensitive (apart from the all-caps abbreviation rule), ignores a leading "the " and a
    /// trailing possessive 's or ’s, and straightens ’ to '.
    pub(crate) fn lookup(&self, phrase: &str) -> Option<(&Country, Form)> {
        let mut words = phrase.split_whitespace();
        let first = words.next()?;
        let second = words.next();
        let raw_abbrev = match (second, words.next()) {
            (None, _) => Some(first),
            (Some(w), None) if first.eq_ignore_ascii_case("the") => Some(w),
            _ => None,
        };
        let lead = if first.eq_ignore_ascii_case("the") {
            second.unwrap_or(first)
        } else {
            first
        };
        let hit = match raw_abbrev.and_then(|w| self.abbrev(w)) {
            Some(hit) => Some(hit),
            None if !self.may_start(lead) => None,
            None => {
                let mut buf = String::with_capacity(phrase.len() + 4);
                push_norm(&mut buf, phrase);
                self.find(&buf)
            }
        };
        let (i, form) = hit?;
        Some((self.rows.get(i)?, form))
    }

    /// The longest gazetteer phrase at the start of `words` (words as written, e.g. ["South", "Korea's", "foreign", "minister"]):
    /// returns how many words it spans, the country and the form. Phrases are at most 6 words.
    pub(crate) fn longest_prefix(&self, words: &[&str]) -> Option<(usize, &Country, Form)> {
        let lead = match words {
            [the, w, ..] if the.eq_ignore_ascii_case("the") => w,
            [w, ..] => w,
            [] => return None,
        };
        if !self.may_start(lead) {
            // only an abbreviation may still match ("US", "the UK")
            let n = usize::from(!std::ptr::eq(lead, words.first()?)) + 1;
            let (i, form) = self.abbrev(lead)?;
            return Some((n, self.rows.get(i)?, form));
        }
        let mut buf = String::new();
        for n in (1..=words.len().min(MAX_WORDS)).rev() {
            let span = words.get(..n)?;
            let abbrev = match span {
                [w] => self.abbrev(w),
                [the, w] if the.eq_ignore_ascii_case("the") => self.abbrev(w),
                _ => None,
            };
            let hit = abbrev.or_else(|| {
                buf.clear();
                for w in span {
                    push_norm(&mut buf, w);
                }
                self.find(&buf)
            });
            if let Some((i, form)) = hit {
                return Some((n, self.rows.get(i)?, form));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_key<'a>(c: &'a Countries, key: &str) -> Option<&'a Country> {
        c.rows.iter().find(|r| r.key == key)
    }
    use std::collections::HashMap;

    /// The data lines (neither comments nor blank).
    fn data_lines() -> impl Iterator<Item = &'static str> {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    }

    fn key_of(phrase: &str) -> Option<(&'static str, Form)> {
        Countries::builtin()
            .lookup(phrase)
            .map(|(c, f)| (c.key.as_str(), f))
    }

    #[test]
    fn every_row_parses() {
        let c = Countries::builtin();
        let lines: Vec<&str> = data_lines().collect();
        assert_eq!(c.rows.len(), lines.len(), "a data row was skipped");
        let mut keys = HashMap::new();
        for line in &lines {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 7, "not 7 columns: {line:?}");
            for col in &cols {
                assert_eq!(col.trim(), *col, "space around a column: {line:?}");
                assert!(
                    !col.split(',')
                        .any(|f| !col.is_empty() && f.trim().is_empty()),
                    "empty form in a list: {line:?}"
                );
            }
            let key = cols[0];
            assert!(keys.insert(key, ()).is_none(), "duplicate key {key}");
            let slug = key.strip_prefix(PLACE_PREFIX).unwrap_or(key);
            assert!(
                !slug.is_empty() && slug.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "bad key {key:?}"
            );
            assert!(!cols[1].is_empty(), "no name: {line:?}");
            if key.starts_with(PLACE_PREFIX) {
                assert!(
                    cols[2..6].iter().all(|c| c.is_empty()),
                    "a place has only a name and other names: {line:?}"
                );
            } else {
                assert!(!cols[2].is_empty(), "no government: {line:?}");
            }
        }
        let countries = c.rows.iter().filter(|r| !r.place_only).count();
        assert!(countries >= 190, "only {countries} countries");
        for (i, r) in c.rows.iter().enumerate() {
            assert_eq!(r.place_only, r.key.starts_with(PLACE_PREFIX), "row {i}");
            assert!(r.place_only || !r.adjective.is_empty());
        }
    }

    /// Every name, adjective, capital, alias and city belongs to one row only (abbreviations
    /// compared as written, everything else case-insensitively), fits in `MAX_WORDS` words and
    /// is found by `lookup` and `longest_prefix` as its own row's.
    #[test]
    fn every_form_names_one_row() {
        let c = Countries::builtin();
        let mut owner: HashMap<String, &str> = HashMap::new();
        let mut clashes = Vec::new();
        for cols in data_lines().filter_map(columns) {
            let key = cols[0];
            for (form, _) in row_forms(&cols) {
                let k = if is_abbrev(form) {
                    format!("ABBREV {form}")
                } else {
                    form_key(form)
                };
                assert!(!k.is_empty(), "empty form in {key}");
                assert!(
                    form.split_whitespace().count() <= MAX_WORDS,
                    "{form:?} is longer than {MAX_WORDS} words"
                );
                match owner.get(&k) {
                    Some(&other) if other != key => {
                        clashes.push(format!("{form:?} in {other} and {key}"));
                    }
                    _ => {
                        owner.insert(k, key);
                    }
                }
                let found = c.lookup(form).map(|(r, _)| r.key.as_str());
                assert_eq!(found, Some(key), "lookup({form:?})");
                let words: Vec<&str> = form.split_whitespace().collect();
                let found = c
                    .longest_prefix(&words)
                    .map(|(n, r, _)| (n, r.key.as_str()));
                assert_eq!(found, Some((words.len(), key)), "longest_prefix({form:?})");
            }
        }
        assert!(
            clashes.is_empty(),
            "forms in two rows:\n{}",
            clashes.join("\n")
        );
    }

    #[test]
    fn lookups() {
        use Form::*;
        let cases: &[(&str, &str, Form)] = &[
            ("China", "china", Name),
            ("chinese", "china", Adjective),
            ("Beijing", "china", Capital),
            ("KUALA LUMPUR", "malaysia", Capital),
            ("Kuala Lumpur", "malaysia", Capital),
            ("the Philippines", "philippines", Name),
            ("The Philippines", "philippines", Name),
            ("Philippine", "philippines", Adjective),
            ("Filipino", "philippines", Adjective),
            ("US", "united-states", Adjective),
            ("the US", "united-states", Adjective),
            ("US's", "united-states", Adjective),
            ("U.S.", "united-states", Adjective),
            ("United States", "united-states", Name),
            ("the United States", "united-states", Name),
            ("Türkiye", "turkey", Name),
            ("Turkey", "turkey", Alias),
            ("Ankara", "turkey", Capital),
            ("Moscow", "russia", Capital),
            ("Russia's", "russia", Name),
            ("China\u{2019}s", "china", Name),
            ("S. Korea", "south-korea", Alias),
            ("Tulkarem", "palestine", City),
            ("PRC", "china", Alias),
            ("DPRK", "north-korea", Alias),
            ("UK", "uk", Adjective),
            ("Britain", "uk", Alias),
            ("The Hague", "netherlands", Capital),
            ("St. John's", "antigua-and-barbuda", Capital),
            ("Côte d\u{2019}Ivoire", "ivory-coast", Alias),
            ("Philippines'", "philippines", Name),
            ("Sanaa", "yemen", City),
        ];
        for &(phrase, key, form) in cases {
            assert_eq!(key_of(phrase), Some((key, form)), "lookup({phrase:?})");
        }
        let (sea, form) = Countries::builtin()
            .lookup("South China Sea")
            .expect("South China Sea");
        assert!(sea.place_only);
        assert_eq!(form, Name);
        assert!(sea.government.is_empty());
        for phrase in [
            "us",
            "Us",
            "It",
            "it",
            "the",
            "",
            "  ",
            "male",
            "nice",
            "said",
            "government",
            "Korea",
            "Korean",
            "Congolese Republic",
        ] {
            assert_eq!(key_of(phrase), None, "lookup({phrase:?})");
        }
    }

    #[test]
    fn country_fields() {
        let c = Countries::builtin();
        let ph = by_key(c, "philippines").expect("philippines");
        assert_eq!(ph.name, "Philippines");
        assert_eq!(ph.government, "Government of the Philippines");
        assert_eq!(ph.adjective, "Philippine");
        let tr = by_key(c, "turkey").expect("turkey");
        assert_eq!(tr.name, "Türkiye");
        assert_eq!(tr.government, "Government of Türkiye");
        assert_eq!(
            by_key(c, "palestine").map(|p| p.government.as_str()),
            Some("Palestinian Authority")
        );
        // no adjective of its own: the name stands in
        assert_eq!(
            by_key(c, "dominica").map(|d| d.adjective.as_str()),
            Some("Dominica")
        );
        assert!(by_key(c, "nowhere").is_none());
    }

    #[test]
    fn longest_prefixes() {
        let c = Countries::builtin();
        let at = |words: &[&str]| {
            c.longest_prefix(words)
                .map(|(n, r, f)| (n, r.key.as_str(), f))
        };
        assert_eq!(
            at(&["South", "Korea's", "foreign", "minister"]),
            Some((2, "south-korea", Form::Name))
        );
        assert_eq!(
            at(&["Kuala", "Lumpur", "said"]),
            Some((2, "malaysia", Form::Capital))
        );
        assert_eq!(
            at(&["the", "Philippines", "protested"]),
            Some((2, "philippines", Form::Name))
        );
        assert_eq!(
            at(&["South", "China", "Sea", "tensions"]),
            Some((3, "place:south-china-sea", Form::Name))
        );
        assert_eq!(at(&["Chinese", "Taipei"]), Some((2, "taiwan", Form::Alias)));
        assert_eq!(
            at(&["US", "officials"]),
            Some((1, "united-states", Form::Adjective))
        );
        assert_eq!(
            at(&["Manila,", "Philippines"]),
            Some((1, "philippines", Form::Capital))
        );
        assert_eq!(at(&["us", "today"]), None);
        assert_eq!(at(&["It", "said"]), None);
        assert_eq!(at(&["the"]), None);
        assert_eq!(at(&[]), None);
    }
}
