//! Loading predictions the way the reference scorer does: a directory of `.json` files, one JSON
//! file holding a document or a list of them, or JSON Lines; the document stem from
//! `document.id` (or the other keys the scorer tries, or the file name); spans written in any of
//! the forms the scorer accepts; speaker and channel names as its `_name` picks them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::py;
use super::{Spans, list_dir, read_text};
use crate::domain::Extraction;
use crate::error::{Error, Result};

/// One predicted attribution, reduced to what the metrics use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredAttribution {
    /// Content spans (code points).
    pub content: Spans,
    /// Cue spans.
    pub cue: Spans,
    /// Source spans.
    pub source: Spans,
    /// The speaker's name: a string, `name`, `label` or `id` of an object (the first that is
    /// not empty), or `None`. Kept as JSON because the scorer keeps whatever it finds.
    pub speaker: Option<Value>,
    /// The speaker object's `kind` (or `type`).
    pub speaker_kind: Option<Value>,
    /// The names of the channels, empty ones dropped.
    pub via: Vec<Value>,
}

/// Predicted attributions by document stem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Predictions {
    /// What they were read from (named in errors).
    pub path: PathBuf,
    /// Attributions by document stem. A stem seen twice keeps the later document.
    pub docs: BTreeMap<String, Vec<PredAttribution>>,
}

/// The stem of a predicted document: the base name, without extension, of the first non-empty
/// string among `document.id`, `.path`, `.source`, `.file`, `.name` and the top-level
/// `text_file`, `id`, `path`, `file`; otherwise `fallback`.
fn doc_stem(doc: &Map<String, Value>, fallback: &str) -> String {
    let inner = match doc.get("document") {
        Some(Value::Object(d)) => Some(d),
        _ => None,
    };
    let nested = ["id", "path", "source", "file", "name"]
        .iter()
        .filter_map(|k| inner.and_then(|d| d.get(*k)));
    let top = ["text_file", "id", "path", "file"]
        .iter()
        .filter_map(|k| doc.get(*k));
    for v in nested.chain(top) {
        if let Value::String(s) = v
            && !s.is_empty()
        {
            return py::strip_ext(py::basename(s)).to_string();
        }
    }
    fallback.to_string()
}

/// The scorer's `_spans`: `null`; `{"spans": ...}`; `{"start", "end"}`; a `[start, end]` pair
/// of integers; or a list of any of these, flattened. Anything else counts as no span.
fn spans(v: Option<&Value>) -> std::result::Result<Spans, String> {
    fn collect(v: &Value, out: &mut Spans) -> std::result::Result<(), String> {
        match v {
            Value::Object(m) => {
                if let Some(inner) = m.get("spans") {
                    collect(inner, out)?;
                } else if let (Some(a), Some(b)) = (m.get("start"), m.get("end")) {
                    let int = |x: &Value| {
                        py::int_value(x).ok_or_else(|| format!("offset {x} is not an integer"))
                    };
                    out.push((int(a)?, int(b)?));
                }
            }
            Value::Array(items) => match items.as_slice() {
                [a, b] if py::as_int(a).is_some() && py::as_int(b).is_some() => {
                    out.push((py::as_int(a).unwrap_or(0), py::as_int(b).unwrap_or(0)));
                }
                _ => {
                    for x in items {
                        collect(x, out)?;
                    }
                }
            },
            _ => {}
        }
        Ok(())
    }
    let mut out = Vec::new();
    if let Some(v) = v {
        collect(v, &mut out)?;
    }
    Ok(out)
}

/// The scorer's `_name`: a string as it is; for an object, `name or label or id`.
fn name(v: Option<&Value>) -> Option<Value> {
    let picked = match v? {
        Value::String(_) => v,
        Value::Object(m) => py::or(py::or(m.get("name"), m.get("label")), m.get("id")),
        _ => None,
    };
    picked.filter(|x| !x.is_null()).cloned()
}

/// The scorer's `_kind`: an object's `kind or type`.
fn kind(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Object(m) => py::or(m.get("kind"), m.get("type"))
            .filter(|x| !x.is_null())
            .cloned(),
        _ => None,
    }
}

fn attribution(a: &Value) -> std::result::Result<PredAttribution, String> {
    let Value::Object(a) = a else {
        return Err("not a JSON object".into());
    };
    let part = |k: &str| spans(a.get(k)).map_err(|e| format!("{k}: {e}"));
    let via = match a.get("via") {
        Some(v) if py::truthy(v) => py::list(v).ok_or_else(|| format!("via {v} is not a list"))?,
        _ => Vec::new(),
    };
    Ok(PredAttribution {
        content: part("content")?,
        cue: part("cue")?,
        source: part("source")?,
        speaker: name(a.get("speaker")),
        speaker_kind: kind(a.get("speaker")),
        via: via
            .iter()
            .filter_map(|x| name(Some(x)))
            .filter(py::truthy)
            .collect(),
    })
}

fn attributions(doc: &Map<String, Value>) -> std::result::Result<Vec<PredAttribution>, String> {
    let items = match doc.get("attributions") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(v) if py::truthy(v) => return Err("\"attributions\" is not a list".into()),
        _ => &[],
    };
    items
        .iter()
        .enumerate()
        .map(|(i, a)| attribution(a).map_err(|e| format!("attribution {i}: {e}")))
        .collect()
}

/// Documents by stem, each with the file it came from; later ones replace earlier ones.
type Raw = BTreeMap<String, (PathBuf, Map<String, Value>)>;

fn add(raw: &mut Raw, file: &Path, doc: Value, fallback: &str, what: &str) -> Result<()> {
    let Value::Object(doc) = doc else {
        return Err(Error::BadEvalInput {
            path: file.to_path_buf(),
            message: format!("{what} is not a JSON object"),
        });
    };
    raw.insert(doc_stem(&doc, fallback), (file.to_path_buf(), doc));
    Ok(())
}

/// Loads predictions from a directory of `*.json` files (one document each, in name order), a
/// JSON file holding one document or a list of documents, or a JSON Lines file.
pub fn load_predictions(path: &Path) -> Result<Predictions> {
    let mut raw = Raw::new();
    if path.is_dir() {
        for name in list_dir(path)? {
            let Some(fallback) = name.strip_suffix(".json") else {
                continue;
            };
            let file = path.join(&name);
            let text = read_text(&file)?;
            let doc = serde_json::from_str(&text).map_err(|e| Error::json(&file, &e))?;
            add(&mut raw, &file, doc, fallback, "the document")?;
        }
    } else {
        let text = read_text(path)?;
        match serde_json::from_str::<Value>(&text) {
            Ok(doc @ Value::Object(_)) => add(&mut raw, path, doc, "0", "the document")?,
            Ok(Value::Array(docs)) => {
                for (i, doc) in docs.into_iter().enumerate() {
                    add(
                        &mut raw,
                        path,
                        doc,
                        &i.to_string(),
                        &format!("document {i}"),
                    )?;
                }
            }
            _ => {
                for (i, raw_line) in py::splitlines(&text).into_iter().enumerate() {
                    let line = py::strip(raw_line);
                    if line.is_empty() {
                        continue;
                    }
                    let lead = raw_line.len() - raw_line.trim_start_matches(py::is_space).len();
                    let doc = serde_json::from_str(line).map_err(|e| {
                        let msg = e.to_string();
                        let msg = msg
                            .rfind(" at line ")
                            .and_then(|i| msg.get(..i))
                            .unwrap_or(&msg);
                        Error::BadRecord {
                            path: path.to_path_buf(),
                            line: i + 1,
                            id: None,
                            message: format!("column {}: {msg}", e.column() + lead),
                        }
                    })?;
                    add(
                        &mut raw,
                        path,
                        doc,
                        &i.to_string(),
                        &format!("line {}", i + 1),
                    )?;
                }
            }
        }
    }
    finish(path.to_path_buf(), raw)
}

/// Reads the attributions of the documents that were kept.
fn finish(path: PathBuf, raw: Raw) -> Result<Predictions> {
    let mut docs = BTreeMap::new();
    for (stem, (file, doc)) in raw {
        let atts = attributions(&doc).map_err(|message| Error::BadEvalInput {
            path: file,
            message: format!("document {stem}: {message}"),
        })?;
        docs.insert(stem, atts);
    }
    Ok(Predictions { path, docs })
}

impl Predictions {
    /// The predictions of extractions made in this process, read exactly as their
    /// `whosaid.extract/v1` JSON would be.
    pub fn from_extractions(xs: &[Extraction]) -> Result<Predictions> {
        let path = PathBuf::from("<extractions>");
        let mut raw = Raw::new();
        for (i, x) in xs.iter().enumerate() {
            let doc = crate::export::extraction_json(x);
            add(
                &mut raw,
                &path,
                doc,
                &i.to_string(),
                &format!("extraction {i}"),
            )?;
        }
        finish(path, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spans_in_every_accepted_form() {
        let s = |v: Value| spans(Some(&v)).unwrap();
        assert_eq!(
            s(json!({"text": "x", "spans": [[1, 4], [6, 9]]})),
            [(1, 4), (6, 9)]
        );
        assert_eq!(s(json!({"start": 3, "end": "7"})), [(3, 7)]);
        assert_eq!(s(json!({"start": 3.9, "end": true})), [(3, 1)]);
        assert_eq!(s(json!([2, 5])), [(2, 5)]);
        assert_eq!(s(json!([[2, 5], {"start": 8, "end": 9}])), [(2, 5), (8, 9)]);
        assert_eq!(s(json!([2.0, 5.0])), []);
        assert_eq!(s(json!([3, [1, 2]])), [(1, 2)]);
        assert_eq!(s(json!({"spans": null, "start": 1, "end": 2})), []);
        assert_eq!(s(json!("0-5")), []);
        assert_eq!(s(json!({"start": 1})), []);
        assert!(spans(Some(&json!({"start": null, "end": 2}))).is_err());
        assert_eq!(spans(None).unwrap(), []);
    }

    #[test]
    fn names_and_kinds_as_the_scorer_picks_them() {
        assert_eq!(name(Some(&json!("Qin"))), Some(json!("Qin")));
        assert_eq!(
            name(Some(&json!({"name": "", "label": "L"}))),
            Some(json!("L"))
        );
        assert_eq!(name(Some(&json!({"name": "", "id": ""}))), Some(json!("")));
        assert_eq!(name(Some(&json!({"label": 0, "id": null}))), None);
        assert_eq!(name(Some(&json!({"id": 7}))), Some(json!(7)));
        assert_eq!(name(Some(&json!(3))), None);
        assert_eq!(name(None), None);
        assert_eq!(
            kind(Some(&json!({"kind": "", "type": "anonymous"}))),
            Some(json!("anonymous"))
        );
        assert_eq!(kind(Some(&json!("anonymous"))), None);
    }

    #[test]
    fn stems_follow_the_scorer() {
        let m = |v: Value| match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        assert_eq!(
            doc_stem(&m(json!({"document": {"id": "a/b.c.txt"}})), "f"),
            "b.c"
        );
        assert_eq!(
            doc_stem(&m(json!({"document": {"id": "", "path": "p.txt"}})), "f"),
            "p"
        );
        assert_eq!(
            doc_stem(&m(json!({"document": "x", "id": "top"})), "f"),
            "top"
        );
        assert_eq!(doc_stem(&m(json!({"document": {"id": 5}})), "f"), "f");
        assert_eq!(
            doc_stem(&m(json!({"text_file": "dir/t.txt", "id": "i"})), "f"),
            "t"
        );
    }

    #[test]
    fn via_and_attributions_tolerate_what_the_scorer_tolerates() {
        let a = attribution(&json!({"via": [{"name": "X"}, "", null, {"kind": "outlet"}, "Y"]}))
            .unwrap();
        assert_eq!(a.via, vec![json!("X"), json!("Y")]);
        let a = attribution(&json!({"via": {"AFP": 1}})).unwrap();
        assert_eq!(a.via, vec![json!("AFP")]);
        assert!(attribution(&json!({"via": 3})).is_err());
        assert!(attribution(&json!({"via": 0})).unwrap().via.is_empty());
        let doc = |v: Value| match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        assert!(
            attributions(&doc(json!({"attributions": null})))
                .unwrap()
                .is_empty()
        );
        assert!(
            attributions(&doc(json!({"attributions": {}})))
                .unwrap()
                .is_empty()
        );
        assert!(attributions(&doc(json!({"attributions": {"a": 1}}))).is_err());
        assert!(attributions(&doc(json!({"attributions": [1]}))).is_err());
    }
}
