//! The registry of known outlets, organisations and people: the built-in `data/outlets.toml` and
//! `data/organizations.toml` (embedded at build time) plus any user files in the same format
//! (`[[outlet]]`, `[[organization]]`, `[[person]]` tables with `name`, `aliases`, ...).

use std::path::Path;

use rustc_hash::FxHashMap;

use serde::Deserialize;

use crate::domain::{Entity, EntityKind};
use crate::error::{Error, Result};

const OUTLETS: &str = include_str!("../../data/outlets.toml");
const ORGANIZATIONS: &str = include_str!("../../data/organizations.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    state_media: bool,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    outlet: Vec<Row>,
    #[serde(default)]
    organization: Vec<Row>,
    #[serde(default)]
    person: Vec<Row>,
}

/// Known entities, looked up by any of their written forms.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: Vec<Entity>,
    /// normalised alias -> (entry index, alias needs a capital letter in the text)
    by_alias: FxHashMap<String, (usize, bool)>,
    /// For each first word of a name or alias, the most words of any alias starting with it:
    /// `find_in` tries only the word runs that could match.
    first_words: FxHashMap<String, usize>,
    longest: usize,
}

/// Lowercase words with periods and apostrophe-s folded: "the U.S. State Department's" ->
/// ["us", "state", "department"].
pub(crate) fn norm_words(s: &str) -> Vec<String> {
    raw_words(s)
        .filter_map(|w| {
            let mut out = String::new();
            norm_word_into(w, &mut out);
            (!out.is_empty()).then_some(out)
        })
        .collect()
}

/// The words of `s` as written: split at spaces and punctuation that never belongs to a name.
fn raw_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '/')
    })
    .filter(|w| !w.is_empty())
}

/// Appends the normalised form of one word to `out` (nothing when nothing is left of it).
fn norm_word_into(w: &str, out: &mut String) {
    let start = out.len();
    // the ASCII case (nearly every word) without a second copy
    if w.is_ascii() {
        out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&w.replace('’', "'").to_lowercase());
    }
    if out.get(start..).is_some_and(|n| n.ends_with("'s")) {
        out.truncate(out.len() - 2);
    }
    if out.get(start..).is_some_and(|n| n.contains('.')) {
        let kept: String = out.get(start..).unwrap_or("").replace('.', "");
        out.truncate(start);
        out.push_str(&kept);
    }
}

impl Registry {
    /// The built-in registry.
    pub fn builtin() -> Result<Registry> {
        let mut r = Registry::default();
        r.add_str(Path::new("<built-in>/outlets.toml"), OUTLETS)?;
        r.add_str(Path::new("<built-in>/organizations.toml"), ORGANIZATIONS)?;
        Ok(r)
    }

    /// Adds the entries of a user file; its entries win over built-in ones with the same name.
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let raw = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.add_str(path, &raw)
    }

    /// Adds the entries of TOML text (`path` is used in error messages).
    pub fn add_str(&mut self, path: &Path, raw: &str) -> Result<()> {
        let file: File = toml::from_str(raw).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                raw.get(..s.start).map_or(0, |p| p.matches('\n').count()) + 1
            });
            Error::BadRegistry {
                path: path.to_path_buf(),
                line,
                message: e.message().to_string(),
            }
        })?;
        let rows = file
            .outlet
            .into_iter()
            .map(|r| (r, EntityKind::Outlet))
            .chain(
                file.organization
                    .into_iter()
                    .map(|r| (r, EntityKind::Organization)),
            )
            .chain(file.person.into_iter().map(|r| (r, EntityKind::Person)));
        for (row, kind) in rows {
            let mut e = Entity::new(&row.name, kind);
            e.aliases = row.aliases;
            e.country = row.country;
            e.outlet_kind = row.kind;
            e.state_media = row.state_media;
            e.parent = row.parent;
            e.role = row.role;
            self.insert(e);
        }
        Ok(())
    }

    fn insert(&mut self, e: Entity) {
        let idx = self.entries.len();
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            let words = norm_words(form);
            if words.is_empty() {
                continue;
            }
            self.longest = self.longest.max(words.len());
            if let Some(first) = words.first() {
                let most = self.first_words.entry(first.clone()).or_insert(0);
                *most = (*most).max(words.len());
            }
            // one-word names ("X", "AP", "Time") must be capitalised in the text to match
            let needs_cap = words.len() == 1;
            self.by_alias.insert(words.join(" "), (idx, needs_cap));
        }
        self.entries.push(e);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries of one kind.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// The entry whose name or alias is exactly `name` (case-insensitive, periods ignored).
    pub fn get(&self, name: &str) -> Option<&Entity> {
        let (i, _) = self.by_alias.get(&norm_words(name).join(" "))?;
        self.entries.get(*i)
    }

    /// The longest known name inside `mention` (leftmost among equals), on word boundaries.
    pub fn find_in(&self, mention: &str) -> Option<&Entity> {
        // the normalised words in one buffer, one space apart, so any run of them is a slice
        let mut buf = String::with_capacity(mention.len());
        // (start, end, capitalised, most words of a name starting with this word)
        let mut words: Vec<(usize, usize, bool, usize)> = Vec::new();
        for raw in raw_words(mention) {
            if !buf.is_empty() {
                buf.push(' ');
            }
            let start = buf.len();
            norm_word_into(raw, &mut buf);
            if buf.len() == start {
                // a word with nothing left ("'s", "."): only the whole mention can match
                return self.get(mention);
            }
            let capital = raw.chars().next().is_some_and(char::is_uppercase);
            let most = buf
                .get(start..)
                .and_then(|w| self.first_words.get(w))
                .copied()
                .unwrap_or(0);
            words.push((start, buf.len(), capital, most));
        }
        for n in (1..=self.longest.min(words.len())).rev() {
            for (start, first) in words.iter().enumerate().take(words.len() + 1 - n) {
                if first.3 < n {
                    continue;
                }
                let Some(last) = words.get(start + n - 1) else {
                    continue;
                };
                let key = buf.get(first.0..last.1).unwrap_or("");
                if let Some(&(i, needs_cap)) = self.by_alias.get(key)
                    && (!needs_cap || first.2)
                {
                    return self.entries.get(i);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_is_large_and_finds_descriptions() {
        let r = Registry::builtin().unwrap();
        assert!(r.of_kind(EntityKind::Outlet).count() >= 150);
        assert_eq!(
            r.find_in("Chinese state media Xinhua News").unwrap().name,
            "Xinhua"
        );
        assert_eq!(
            r.find_in("a readout by the U.S. state department")
                .unwrap()
                .name,
            "U.S. State Department"
        );
        let cgtn = r
            .find_in("CGTN, the English-language arm of China's state broadcaster CCTV")
            .unwrap();
        assert_eq!(
            (cgtn.name.as_str(), cgtn.parent.as_deref()),
            ("CGTN", Some("CCTV"))
        );
        assert!(r.find_in("at the time of writing").is_none());
        assert_eq!(r.get("twitter").unwrap().name, "Twitter");
    }

    #[test]
    fn user_files_extend_and_errors_name_the_line() {
        let mut r = Registry::builtin().unwrap();
        r.add_str(
            Path::new("mine.toml"),
            "[[outlet]]\nname = \"Harbour Ledger\"\nkind = \"newspaper\"\n",
        )
        .unwrap();
        assert_eq!(
            r.find_in("the Harbour Ledger").unwrap().kind,
            EntityKind::Outlet
        );
        let err = r
            .add_str(
                Path::new("bad.toml"),
                "[[outlet]]\nname = \"A\"\nnope = 1\n",
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:3:"), "{err}");
    }
}
