//! Loading gold annotations the way the reference scorer does: PolNeAR brat standoff
//! (`DIR/text/*.txt` + `DIR/attributions/*.ann`) and claims gold (`DIR/gold/*.json` +
//! `DIR/articles/*.txt`), with the name normalisation (`norm_name`) the claims metrics compare by.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::py;
use super::{GoldKind, Spans, list_dir, read_text};
use crate::error::{Error, Result};

/// One gold attribution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Content spans (code points). For claims gold: the first occurrence of the content text.
    pub content: Spans,
    /// Cue spans (empty for claims gold).
    pub cue: Spans,
    /// Source spans (empty for claims gold).
    pub source: Spans,
    /// Claims gold: the canonical name of the speaker.
    pub speaker: Option<String>,
    /// Claims gold: `person`, `organization`, `outlet` or `anonymous`.
    pub speaker_type: Option<String>,
    /// Claims gold: the channels the claim passed through.
    pub via: Vec<String>,
    /// Claims gold: the content text.
    pub text: Option<String>,
    /// Claims gold: the channel is only implied, so no channel (or fewer) is also right.
    pub via_optional: bool,
}

/// The gold of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldDoc {
    /// The article text as Python reads it (universal newlines).
    pub text: String,
    /// Its attributions, in file order.
    pub attributions: Vec<GoldAttribution>,
    /// Claims gold: every accepted written form of an entity (normalised by [`norm_name`]) to
    /// its canonical name.
    pub accept: BTreeMap<String, String>,
}

/// Gold annotations of a set of articles, by article stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// Which kind of gold this is (it decides the metrics).
    pub kind: GoldKind,
    /// Articles by stem, in sorted order.
    pub docs: BTreeMap<String, GoldDoc>,
}

/// The stem of an annotation file name: `name_<4 hex digits>.ann` loses that suffix; any other
/// name is kept whole (as the scorer's `re.sub` does).
fn ann_stem(file: &str) -> &str {
    let Some(rest) = file.strip_suffix(".ann") else {
        return file;
    };
    let bytes = rest.as_bytes();
    let n = bytes.len();
    let suffix = n.checked_sub(5).and_then(|i| bytes.get(i..));
    match suffix {
        Some([b'_', hex @ ..])
            if hex
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) =>
        {
            rest.get(..n - 5).unwrap_or(file)
        }
        _ => file,
    }
}

/// Loads PolNeAR-style gold: for each stem the first `.ann` file in name order under
/// `DIR/attributions`, and its text `DIR/text/<stem>.txt`. An event (`E` line) is an attribution
/// when it has an `Attribution` or `Attribution-no-source` role and a `Content` role; role names
/// lose trailing digits (`Content2` is `Content`).
pub fn load_polnear(dir: &Path) -> Result<Gold> {
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    for name in list_dir(&ann_dir)? {
        if name.ends_with(".ann") {
            chosen
                .entry(ann_stem(&name).to_string())
                .or_insert(name.clone());
        }
    }
    let mut docs = BTreeMap::new();
    for (stem, file) in chosen {
        let text = read_text(&text_dir.join(format!("{stem}.txt")))?;
        let ann_path = ann_dir.join(&file);
        let ann = read_text(&ann_path)?;
        let attributions = parse_ann(&ann_path, &ann)?;
        docs.insert(
            stem,
            GoldDoc {
                text,
                attributions,
                accept: BTreeMap::new(),
            },
        );
    }
    Ok(Gold {
        kind: GoldKind::Polnear,
        docs,
    })
}

/// The attributions of one brat standoff file.
fn parse_ann(path: &Path, ann: &str) -> Result<Vec<GoldAttribution>> {
    let mut spans: BTreeMap<&str, Spans> = BTreeMap::new();
    let mut events: Vec<Vec<&str>> = Vec::new();
    for (i, line) in ann.split('\n').enumerate() {
        let bad = |message: String| Error::BadAnnotation {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let parts: Vec<&str> = line.split('\t').collect();
        let (Some(&id), Some(&body)) = (parts.first(), parts.get(1)) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else {
                continue;
            };
            let mut ss = Vec::new();
            for piece in offsets.split(';') {
                let [a, b] = py::split_whitespace(piece)[..] else {
                    return Err(bad(format!("span {piece:?} of {id} is not two offsets")));
                };
                let (Some(a), Some(b)) = (py::int_str(a), py::int_str(b)) else {
                    return Err(bad(format!("span {piece:?} of {id} is not two integers")));
                };
                ss.push((a, b));
            }
            spans.insert(id, ss);
        } else if id.starts_with('E') {
            events.push(py::split_whitespace(body));
        }
    }
    let mut atts = Vec::new();
    for ev in events {
        let mut roles: BTreeMap<&str, Spans> = BTreeMap::new();
        for item in ev {
            let Some((role, tid)) = item.split_once(':') else {
                continue;
            };
            if let Some(ss) = spans.get(tid) {
                let role = role.trim_end_matches(|c| py::digit(c).is_some());
                roles.entry(role).or_default().extend_from_slice(ss);
            }
        }
        let has = |role: &str| roles.get(role).is_some_and(|v| !v.is_empty());
        if !(has("Attribution") || has("Attribution-no-source")) || !has("Content") {
            continue;
        }
        let mut take = |role: &str| roles.remove(role).unwrap_or_default();
        atts.push(GoldAttribution {
            content: take("Content"),
            cue: take("Cue"),
            source: take("Source"),
            ..GoldAttribution::default()
        });
    }
    Ok(atts)
}

/// The scorer's `norm_name`: lowercase, `’` as `'`, runs of anything but `a-z`, `0-9`, `'` and
/// space become one space, a possessive `'s` goes, spaces collapse, a leading `the ` goes, and
/// `u s ` / `u n ` become `us ` / `un `.
pub fn norm_name(s: &str) -> String {
    let lower = s.to_lowercase().replace('\u{2019}', "'");
    let mut kept = String::with_capacity(lower.len());
    let mut in_run = false;
    for c in lower.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'' || c == ' ' {
            kept.push(c);
            in_run = false;
        } else if !in_run {
            kept.push(' ');
            in_run = true;
        }
    }
    // `'s\b`: the `s` is a word character, so the boundary needs no word character after it;
    // only a-z and 0-9 are left that are.
    let chars: Vec<char> = kept.chars().collect();
    let mut no_possessive = String::with_capacity(kept.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let possessive = c == '\''
            && chars.get(i + 1) == Some(&'s')
            && !chars
                .get(i + 2)
                .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
        if possessive {
            i += 2;
        } else {
            no_possessive.push(c);
            i += 1;
        }
    }
    let collapsed = no_possessive
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>();
    let joined = collapsed.join(" ");
    let s = joined.strip_prefix("the ").unwrap_or(&joined);
    s.replace("u s ", "us ").replace("u n ", "un ")
}

/// Loads claims gold: `DIR/gold/*.json` in name order, each naming its article (`article`, or
/// the gold file's own name) under `DIR/articles/`. Each attribution's content is located at its
/// first occurrence in the article; a content that does not occur is an error.
pub fn load_claims(dir: &Path) -> Result<Gold> {
    let gdir = dir.join("gold");
    let mut docs = BTreeMap::new();
    for name in list_dir(&gdir)? {
        if !name.ends_with(".json") {
            continue;
        }
        let path = gdir.join(&name);
        let raw = read_text(&path)?;
        let g: Value = serde_json::from_str(&raw).map_err(|e| Error::json(&path, &e))?;
        let bad = |message: String| Error::BadEvalInput {
            path: path.clone(),
            message,
        };
        let Value::Object(g) = g else {
            return Err(bad("expected a JSON object".into()));
        };
        let article = match g.get("article") {
            Some(v) if py::truthy(v) => match v {
                Value::String(s) => s.clone(),
                _ => return Err(bad("\"article\" must be a string".into())),
            },
            _ => name.clone(),
        };
        let stem = py::strip_ext(&article).to_string();
        let text = read_text(&dir.join("articles").join(format!("{stem}.txt")))?;
        let mut accept = BTreeMap::new();
        let entities = match g.get("entities") {
            None => Vec::new(),
            Some(Value::Array(es)) => es.clone(),
            Some(_) => return Err(bad("\"entities\" must be a list".into())),
        };
        for (i, e) in entities.iter().enumerate() {
            let Some(Value::String(canonical)) = e.get("name") else {
                return Err(bad(format!("entity {i} has no \"name\" string")));
            };
            let mut forms = vec![canonical.clone()];
            if let Some(more) = e.get("accept") {
                let more = py::list(more)
                    .ok_or_else(|| bad(format!("entity {i}: \"accept\" must be a list")))?;
                for form in more {
                    match form {
                        Value::String(s) => forms.push(s),
                        v if !py::truthy(&v) => forms.push(String::new()),
                        _ => {
                            return Err(bad(format!("entity {i}: accepted forms must be strings")));
                        }
                    }
                }
            }
            for form in forms {
                accept.insert(norm_name(&form), canonical.clone());
            }
        }
        let Some(Value::Array(gold_atts)) = g.get("attributions") else {
            return Err(bad("\"attributions\" must be a list".into()));
        };
        let mut attributions = Vec::new();
        for (i, a) in gold_atts.iter().enumerate() {
            let Some(Value::String(content)) = a.get("content") else {
                return Err(bad(format!("attribution {i} has no \"content\" string")));
            };
            let Some(byte) = text.find(content.as_str()) else {
                let head: String = content.chars().take(60).collect();
                return Err(bad(format!(
                    "gold content not found in {stem}: {}",
                    py::str_repr(&head)
                )));
            };
            let start = text.get(..byte).map_or(0, |t| t.chars().count());
            let start = i64::try_from(start).unwrap_or(i64::MAX);
            let len = i64::try_from(content.chars().count()).unwrap_or(i64::MAX);
            let speaker = match a.get("speaker") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Null) => None,
                _ => return Err(bad(format!("attribution {i} has no \"speaker\" string"))),
            };
            let mut via = Vec::new();
            if let Some(v) = a.get("via") {
                let v = py::list(v)
                    .ok_or_else(|| bad(format!("attribution {i}: \"via\" must be a list")))?;
                for x in v {
                    match x {
                        Value::String(s) => via.push(s),
                        _ => return Err(bad(format!("attribution {i}: via must list names"))),
                    }
                }
            }
            attributions.push(GoldAttribution {
                content: vec![(start, start.saturating_add(len))],
                cue: Vec::new(),
                source: Vec::new(),
                speaker,
                speaker_type: a
                    .get("speaker_type")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                via,
                text: Some(content.clone()),
                via_optional: a.get("via_optional").is_some_and(py::truthy),
            });
        }
        docs.insert(
            stem,
            GoldDoc {
                text,
                attributions,
                accept,
            },
        );
    }
    Ok(Gold {
        kind: GoldKind::Claims,
        docs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotator_suffix_is_stripped_only_when_it_is_one() {
        assert_eq!(ann_stem("story_2016_ab12.ann"), "story_2016");
        assert_eq!(ann_stem("story_AB12.ann"), "story_AB12.ann");
        assert_eq!(ann_stem("story_ab1.ann"), "story_ab1.ann");
        assert_eq!(ann_stem("_0000.ann"), "");
        assert_eq!(ann_stem("x.ann"), "x.ann");
    }

    #[test]
    fn names_normalise_like_the_scorer() {
        assert_eq!(
            norm_name("The U.S. State Department"),
            "us state department"
        );
        assert_eq!(norm_name("Xinhua’s"), "xinhua");
        assert_eq!(
            norm_name("China's foreign ministry"),
            "china foreign ministry"
        );
        assert_eq!(norm_name("O'shea"), "o'shea");
        assert_eq!(norm_name("the U.N."), "u n");
        assert_eq!(norm_name("the U.N. envoy"), "un envoy");
        assert_eq!(norm_name("'s"), "");
        assert_eq!(norm_name("it's'"), "it'");
        assert_eq!(norm_name("İstanbul"), "i stanbul");
        assert_eq!(norm_name("Théo  Ünal"), "th o nal");
        assert_eq!(norm_name("x's's"), "x");
        assert_eq!(norm_name("The"), "the");
        assert_eq!(norm_name("  "), "");
        assert_eq!(norm_name("bu s line"), "bus line");
    }

    #[test]
    fn brat_events_become_attributions() {
        let ann = "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 12;14 20\tx y\n\
                   T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   E2\tCue:T2 Content:T3\nT5\tContent 30 40\tz\nE3\tAttribution-no-source:T4 Content2:T5 Content:T3 Bad:T99 noise\n\
                   #1\tAnnotatorNotes T1\tignored\n";
        let atts = parse_ann(Path::new("x.ann"), ann).unwrap();
        assert_eq!(atts.len(), 2);
        assert_eq!(atts[0].content, vec![(9, 12), (14, 20)]);
        assert_eq!(atts[0].source, vec![(0, 3)]);
        assert_eq!(atts[0].cue, vec![(4, 8)]);
        assert_eq!(atts[1].content, vec![(30, 40), (9, 12), (14, 20)]);
        assert!(atts[1].source.is_empty());
        let e = parse_ann(Path::new("x.ann"), "T1\tContent 0 5;7\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.ann:1: span \"7\" of T1 is not two offsets"
        );
    }
}
