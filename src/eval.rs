//! Scoring attribution extraction against gold annotations: a faithful port of the project's
//! reference scorer (`shared/eval/score.py`), giving the same figures, the same JSON and the
//! same printed lines. This module owns the gold and prediction loaders, the metrics and the
//! result types; Python's semantics that the figures depend on are in the private `py` module.
//!
//! Two kinds of gold are read:
//! - **PolNeAR** (`DIR/text/<stem>.txt` + `DIR/attributions/<stem>_<annotator>.ann`, brat
//!   standoff; the first `.ann` per stem in name order): Source / Cue / Content spans.
//! - **claims** (`DIR/articles/<stem>.txt` + `DIR/gold/<stem>.json`): content, speaker and
//!   channels ("via"), with accepted alternative names.
//!
//! Predictions are `whosaid.extract/v1` documents (or anything shaped like them): a directory of
//! `.json` files, one JSON file holding a document or a list of them, or JSON Lines.
//!
//! ```
//! use whosaid::eval::{self, GoldKind};
//! # fn main() -> whosaid::Result<()> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let root = dir.path();
//! # std::fs::create_dir_all(root.join("text")).unwrap();
//! # std::fs::create_dir_all(root.join("attributions")).unwrap();
//! # std::fs::write(root.join("text/a.txt"), "Rain is due, Ann said.").unwrap();
//! # std::fs::write(
//! #     root.join("attributions/a_0f0f.ann"),
//! #     "T1\tContent 0 11\tRain is due\nT2\tSource 13 16\tAnn\nT3\tCue 17 21\tsaid\n\
//! #      T4\tAttribution 17 21\tsaid\nE1\tAttribution:T4 Content:T1 Source:T2 Cue:T3\n",
//! # ).unwrap();
//! # let pred = root.join("pred.jsonl");
//! # std::fs::write(&pred, r#"{"document": {"id": "a"}, "attributions": [{"content": {"spans": [[0, 11]]}, "source": {"spans": [[13, 16]]}, "cue": {"spans": [[17, 21]]}}]}"#).unwrap();
//! let scores = eval::evaluate(GoldKind::Polnear, root, &pred)?;
//! assert_eq!(scores.attributions.content.f1, 1.0);
//! assert!(scores.summary().starts_with("polnear docs=1 missing=0 gold=1 pred=1"));
//! # Ok(())
//! # }
//! ```

mod gold;
mod metrics;
mod pred;
mod py;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

pub use gold::{Gold, GoldAttribution, GoldDoc, load_claims, load_polnear, norm_name};
pub use pred::{PredAttribution, Predictions, load_predictions};

/// Spans as the scorer keeps them: `(start, end)` code-point offsets, end exclusive, as written
/// (they may be out of range or reversed; the metrics clamp them).
pub type Spans = Vec<(i64, i64)>;

/// Which kind of gold annotation is scored, and so which metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoldKind {
    /// PolNeAR brat standoff: span metrics for source, cue and content, content+source F1.
    Polnear,
    /// Claims gold: content, speaker accuracy, via accuracy, full F1.
    Claims,
}

impl GoldKind {
    /// The name used on the command line and in the summary line.
    pub fn as_str(self) -> &'static str {
        match self {
            GoldKind::Polnear => "polnear",
            GoldKind::Claims => "claims",
        }
    }
}

/// Precision, recall and F1, each rounded to four decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1 (computed from the unrounded precision and recall).
    pub f1: f64,
}

/// Exact and character-overlap scores of one part (source, cue or content).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanScore {
    /// Spans equal after trimming spaces, quotation marks and punctuation at both ends.
    pub exact: Prf,
    /// Non-whitespace characters in common.
    pub overlap: Prf,
}

/// Span scores of the three parts (PolNeAR gold only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanScores {
    /// Source spans.
    pub source: SpanScore,
    /// Cue spans.
    pub cue: SpanScore,
    /// Content spans.
    pub content: SpanScore,
}

/// Attribution-level scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttributionScores {
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions with a non-empty content.
    pub predicted: usize,
    /// A gold attribution is found when one predicted content covers at least half of its
    /// characters; a prediction is correct when at least half of its characters are gold content.
    pub content: Prf,
    /// PolNeAR: found with overlapping source (or a gold attribution without source).
    #[serde(rename = "content+source", skip_serializing_if = "Option::is_none")]
    pub content_source: Option<Prf>,
    /// Claims: share of found attributions whose speaker is right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_accuracy: Option<f64>,
    /// Claims: share of found attributions whose set of channels is right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_accuracy: Option<f64>,
    /// Claims: found with both speaker and channels right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full: Option<Prf>,
}

/// Why a gold attribution counts against the prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissKind {
    /// No prediction covers half of its content.
    Missed,
    /// Found, but with the wrong speaker.
    Speaker,
    /// Found with the right speaker but the wrong channels.
    Via,
}

impl MissKind {
    /// The word the scorer prints.
    pub fn as_str(self) -> &'static str {
        match self {
            MissKind::Missed => "missed",
            MissKind::Speaker => "speaker",
            MissKind::Via => "via",
        }
    }
}

/// What was wanted and what was predicted, for a speaker or via miss.
#[derive(Debug, Clone, PartialEq)]
pub struct MissDetail {
    /// The gold speaker.
    pub want_speaker: Option<String>,
    /// The gold channels, sorted.
    pub want_via: Vec<String>,
    /// The predicted speaker name, as found in the prediction.
    pub got_speaker: Option<Value>,
    /// The predicted channel names, sorted.
    pub got_via: Vec<String>,
}

/// One gold attribution the prediction got wrong, as the scorer's `--verbose` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// The article stem.
    pub stem: String,
    /// What went wrong.
    pub kind: MissKind,
    /// The gold content text.
    pub text: String,
    /// Wanted and got (claims gold, speaker and via misses).
    pub detail: Option<MissDetail>,
}

impl Miss {
    /// The scorer's `--verbose` line:
    /// `  missed   stem: 'content…' ` or `  speaker  stem: '…' {"want": […], "got": […]}`.
    pub fn line(&self) -> String {
        let head: String = self.text.chars().take(90).collect();
        let detail = self.detail.as_ref().map_or(String::new(), |d| {
            let names = |v: &[String]| Value::from(v.to_vec());
            let want = Value::Array(vec![
                d.want_speaker.clone().map_or(Value::Null, Value::String),
                names(&d.want_via),
            ]);
            let got = Value::Array(vec![
                d.got_speaker.clone().unwrap_or(Value::Null),
                names(&d.got_via),
            ]);
            format!(
                "{{\"want\": {}, \"got\": {}}}",
                py::json_dumps(&want),
                py::json_dumps(&got)
            )
        });
        format!(
            "  {:8} {}: {} {}",
            self.kind.as_str(),
            self.stem,
            py::str_repr(&head),
            detail
        )
    }
}

/// All figures of one evaluation. Serialises to the scorer's `--json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Which gold was scored.
    #[serde(skip)]
    pub kind: GoldKind,
    /// Gold documents.
    pub documents: usize,
    /// Gold documents with no predicted document.
    pub missing_documents: usize,
    /// Span scores (PolNeAR gold only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spans: Option<SpanScores>,
    /// Attribution scores.
    pub attributions: AttributionScores,
    /// The gold attributions counted against the prediction, in the scorer's order.
    #[serde(skip)]
    pub misses: Vec<Miss>,
}

impl Scores {
    /// The per-part lines the scorer prints without `--json` for PolNeAR gold
    /// (`source   exact P=0.500 R=…   overlap P=…`); none for claims gold.
    pub fn table(&self) -> Vec<String> {
        let Some(s) = &self.spans else {
            return Vec::new();
        };
        [("source", s.source), ("cue", s.cue), ("content", s.content)]
            .iter()
            .map(|(part, m)| {
                format!(
                    "{part:8} exact P={:.3} R={:.3} F1={:.3}   overlap P={:.3} R={:.3} F1={:.3}",
                    m.exact.p, m.exact.r, m.exact.f1, m.overlap.p, m.overlap.r, m.overlap.f1
                )
            })
            .collect()
    }

    /// The scorer's one-line summary, character for character.
    pub fn summary(&self) -> String {
        let a = &self.attributions;
        let f = py::float_repr;
        let head = format!(
            "{} docs={} missing={} gold={} pred={}",
            self.kind.as_str(),
            self.documents,
            self.missing_documents,
            a.gold,
            a.predicted
        );
        match (&self.spans, self.kind) {
            (Some(s), GoldKind::Polnear) => format!(
                "{head} content_F1={} content+source_F1={} source_exact_F1={} cue_exact_F1={} \
                 content_overlap_F1={}",
                f(a.content.f1),
                f(a.content_source.map_or(0.0, |p| p.f1)),
                f(s.source.exact.f1),
                f(s.cue.exact.f1),
                f(s.content.overlap.f1)
            ),
            _ => format!(
                "{head} content_P={} content_R={} speaker_acc={} via_acc={} full_F1={}",
                f(a.content.p),
                f(a.content.r),
                f(a.speaker_accuracy.unwrap_or(0.0)),
                f(a.via_accuracy.unwrap_or(0.0)),
                f(a.full.map_or(0.0, |p| p.f1))
            ),
        }
    }
}

/// Scores predictions against loaded gold, with the metrics of the gold's kind.
///
/// Fails only where the scorer would: a claims prediction whose speaker or channel name is
/// neither a string nor empty.
pub fn score(gold: &Gold, preds: &Predictions) -> Result<Scores> {
    let missing = gold
        .docs
        .keys()
        .filter(|s| !preds.docs.contains_key(*s))
        .count();
    let claims = gold.kind == GoldKind::Claims;
    let spans = (!claims).then(|| metrics::span_metrics(gold, preds));
    let (attributions, misses) = metrics::attribution_metrics(gold, preds, claims)?;
    Ok(Scores {
        kind: gold.kind,
        documents: gold.docs.len(),
        missing_documents: missing,
        spans,
        attributions,
        misses,
    })
}

/// Loads the predictions at `pred` and the gold under `gold_dir`, and scores them: what
/// `score.py KIND GOLD_DIR PRED` computes.
pub fn evaluate(kind: GoldKind, gold_dir: &Path, pred: &Path) -> Result<Scores> {
    let preds = load_predictions(pred)?;
    let gold = match kind {
        GoldKind::Polnear => load_polnear(gold_dir)?,
        GoldKind::Claims => load_claims(gold_dir)?,
    };
    score(&gold, &preds)
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::NotFound {
            path: path.to_path_buf(),
        }
    } else {
        Error::io(path, e)
    }
}

/// A UTF-8 text file as Python's `open(path, encoding='utf-8').read()` returns it.
fn read_text(path: &Path) -> Result<String> {
    let raw = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let text = String::from_utf8(raw).map_err(|e| Error::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(py::universal_newlines(&text))
}

/// The entry names of a directory in sorted order (`sorted(os.listdir(dir))`).
fn list_dir(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}
