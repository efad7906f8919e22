//! National bodies named by a description: "the Chinese foreign ministry", "Japan's Ministry of
//! Foreign Affairs", "China's embassy in Manila", "the Philippine government". The institutions
//! and the forms that name them are data (`data/institutions.tsv`); the countries come from the
//! gazetteer. A body tied to a country gets the country in its name ("Chinese Foreign Ministry"),
//! so ministries of different countries never share a node.

use std::sync::OnceLock;

use super::countries::{Countries, Country, Form};

/// One kind of state institution and the forms that name it.
#[derive(Debug)]
pub(crate) struct Institution {
    /// "Foreign Ministry", "Embassy", "Government".
    pub(crate) title: String,
    /// Lowercase forms, each as its words, longest first.
    forms: Vec<Vec<String>>,
}

impl Institution {
    /// True for the government itself, whose canonical name comes from the gazetteer.
    pub(crate) fn is_government(&self) -> bool {
        self.title == "Government"
    }

    /// True for bodies a story calls by their bare title when it means those of the country
    /// it is about ("the government", "the military", "the police").
    pub(crate) fn is_domestic(&self) -> bool {
        matches!(
            self.title.as_str(),
            "Government" | "Military" | "Police" | "Parliament" | "Presidency"
        )
    }
}

/// The built-in institutions, parsed once.
fn institutions() -> &'static [Institution] {
    static ALL: OnceLock<Vec<Institution>> = OnceLock::new();
    ALL.get_or_init(|| {
        include_str!("../../data/institutions.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (title, forms) = l.split_once('\t')?;
                let mut forms: Vec<Vec<String>> = forms
                    .split(',')
                    .map(|f| f.split_whitespace().map(str::to_string).collect())
                    .filter(|f: &Vec<String>| !f.is_empty())
                    .collect();
                forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
                Some(Institution {
                    title: title.to_string(),
                    forms,
                })
            })
            .collect()
    })
}

/// True when `w` (lowercase) ends some institution's form ("ministry", "embassy", "military"):
/// where a scan for national bodies looks.
pub(crate) fn is_head(w: &str) -> bool {
    static HEADS: OnceLock<Vec<String>> = OnceLock::new();
    HEADS
        .get_or_init(|| {
            let mut h: Vec<String> = institutions()
                .iter()
                .flat_map(|i| i.forms.iter().filter_map(|f| f.last().cloned()))
                .collect();
            h.sort();
            h.dedup();
            h
        })
        .binary_search_by(|x| x.as_str().cmp(w))
        .is_ok()
}

/// A national body a mention names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Body {
    pub(crate) institution: &'static Institution,
    /// The country the mention ties it to, if it names one.
    pub(crate) country: Option<&'static Country>,
}

impl Body {
    /// The canonical name of the body of `country`: "Chinese Foreign Ministry", "Government of
    /// China".
    pub(crate) fn name_for(&self, country: &Country) -> String {
        if self.institution.is_government() {
            country.government.clone()
        } else {
            format!("{} {}", country.adjective, self.institution.title)
        }
    }
}

/// A word as the institution forms are written: lowercase, curly apostrophes straight, without
/// a possessive or periods.
fn fold(w: &str) -> String {
    let l = w.to_lowercase().replace('’', "'");
    let l = l.strip_suffix("'s").unwrap_or(&l);
    l.replace('.', "")
}

/// The words of a mention as written, without the punctuation around them.
fn raw_words(mention: &str) -> Vec<&str> {
    mention
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”'))
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The national body `mention` names as its head, if any: the institution must end the mention
/// or be followed only by "of" / "in" / "to" and a country or place ("the embassy in Manila").
pub(crate) fn parse(mention: &str) -> Option<Body> {
    let raw = raw_words(mention);
    let low: Vec<String> = raw.iter().map(|w| fold(w)).collect();
    let mut found: Option<(usize, usize, &'static Institution)> = None;
    'words: for i in 0..low.len() {
        for inst in institutions() {
            for f in &inst.forms {
                let end = i + f.len();
                if low.get(i..end).is_some_and(|ws| ws == f.as_slice()) {
                    found = Some((i, end, inst));
                    break 'words;
                }
            }
        }
    }
    let (start, end, institution) = found?;
    let countries = Countries::builtin();
    let country_at = |j: usize| {
        countries
            .longest_prefix(raw.get(j..)?)
            .filter(|(_, c, form)| !c.place_only && *form != Form::City)
            .map(|(n, c, _)| (n, c))
    };
    // what follows the institution: nothing, or "of China", "in Manila", "to the Philippines";
    // only "of" names the owner (China's embassy in Manila is not the Philippines')
    let mut country = None;
    if end < low.len() {
        let prep = low.get(end).map(String::as_str);
        if !matches!(prep, Some("of" | "in" | "to")) {
            return None;
        }
        let owner = prep == Some("of");
        let mut j = end + 1;
        if low.get(j).is_some_and(|w| w == "the") {
            j += 1;
        }
        let (n, c) = countries
            .longest_prefix(raw.get(j..)?)
            .filter(|(_, c, _)| !c.place_only)
            .map(|(n, c, _)| (n, c))?;
        if j + n != low.len() {
            return None;
        }
        country = owner.then_some(c);
    }
    // before it: "Chinese", "China's", "the Philippine"
    let mut j = 0;
    while country.is_none() && j < start {
        match country_at(j) {
            Some((n, c)) if j + n <= start => {
                country = Some(c);
            }
            _ => j += 1,
        }
    }
    Some(Body {
        institution,
        country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(mention: &str) -> Option<String> {
        let b = parse(mention)?;
        Some(match b.country {
            Some(c) => b.name_for(c),
            None => b.institution.title.clone(),
        })
    }

    #[test]
    fn bodies_take_their_country_from_the_mention() {
        let cases = [
            ("the Chinese foreign ministry", "Chinese Foreign Ministry"),
            (
                "Japan's Ministry of Foreign Affairs",
                "Japanese Foreign Ministry",
            ),
            ("China’s embassy in Manila", "Chinese Embassy"),
            ("the embassy of China", "Chinese Embassy"),
            (
                "The Palestinian health ministry",
                "Palestinian Health Ministry",
            ),
            ("the Philippine government", "Government of the Philippines"),
            ("Turkish Defence Ministry", "Turkish Defence Ministry"),
            ("Foreign Ministry", "Foreign Ministry"),
            ("the embassy", "Embassy"),
        ];
        for (m, want) in cases {
            assert_eq!(named(m).as_deref(), Some(want), "{m}");
        }
        assert_eq!(named("the ministry"), None);
    }

    #[test]
    fn a_body_must_head_the_mention() {
        for m in [
            "Chinese Foreign Ministry spokesman Wang Wenbin",
            "the government source",
            "the embassy staff",
        ] {
            assert!(parse(m).is_none(), "{m}");
        }
    }
}
