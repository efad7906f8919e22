//! The scorer's metrics: character sets without whitespace, trimmed span tuples, P/R/F1 rounded
//! to four decimals, exact and overlap span scores per part, and the attribution scores
//! (content, content+source, speaker, via, full) with the list of misses.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::gold::{Gold, GoldAttribution, norm_name};
use super::pred::{PredAttribution, Predictions};
use super::py;
use super::{AttributionScores, Miss, MissDetail, MissKind, Prf, SpanScore, SpanScores};
use crate::error::{Error, Result};

/// What the scorer trims from both ends of a span before comparing spans exactly.
pub(super) const TRIM: &str = " \t\r\n,.;:\"\u{201c}\u{201d}\u{2018}\u{2019}'()[]\u{2014}-";

/// A set of code-point positions, sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct CharSet(Vec<usize>);

impl CharSet {
    fn from_unsorted(mut v: Vec<usize>) -> CharSet {
        v.sort_unstable();
        v.dedup();
        CharSet(v)
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Size of the intersection.
    pub(super) fn common(&self, other: &CharSet) -> usize {
        crate::span::sorted_overlap(&self.0, &other.0)
    }

    /// The union of several sets.
    pub(super) fn union<'a>(sets: impl IntoIterator<Item = &'a CharSet>) -> CharSet {
        CharSet::from_unsorted(sets.into_iter().flat_map(|s| s.0.iter().copied()).collect())
    }
}

/// `range(max(0, a), min(n, b))` as indices (empty when the range is).
fn clamp(n: usize, a: i64, b: i64) -> std::ops::Range<usize> {
    let a = usize::try_from(a.max(0)).unwrap_or(0);
    let b = usize::try_from(b.max(0)).unwrap_or(0).min(n);
    a..b.max(a)
}

/// The scorer's `chars`: the positions covered by `spans`, whitespace (`str.isspace`) excluded,
/// offsets clamped to the text.
pub(super) fn chars(text: &[char], spans: &[(i64, i64)]) -> CharSet {
    let mut out = Vec::new();
    for &(a, b) in spans {
        for i in clamp(text.len(), a, b) {
            if text.get(i).is_some_and(|c| !py::is_space(*c)) {
                out.push(i);
            }
        }
    }
    CharSet::from_unsorted(out)
}

/// The scorer's `trimmed`: the spans in sorted order, clamped, with [`TRIM`] characters cut from
/// both ends, empty ones dropped.
pub(super) fn trimmed(text: &[char], spans: &[(i64, i64)]) -> Vec<(usize, usize)> {
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    let trim = |i: usize| text.get(i).is_some_and(|c| TRIM.contains(*c));
    let mut out = Vec::new();
    for (a, b) in sorted {
        let r = clamp(text.len(), a, b);
        let (mut a, mut b) = (r.start, r.end);
        while a < b && trim(a) {
            a += 1;
        }
        while b > a && trim(b - 1) {
            b -= 1;
        }
        if a < b {
            out.push((a, b));
        }
    }
    out
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

/// The scorer's `prf`: precision `tp_p / n_p`, recall `tp_r / n_r`, F1 from the unrounded
/// values, each then rounded to four decimals (0 where a denominator is 0).
pub(super) fn prf(tp_p: usize, n_p: usize, tp_r: usize, n_r: usize) -> Prf {
    let p = ratio(tp_p, n_p);
    let r = ratio(tp_r, n_r);
    let f = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf {
        p: py::round4(p),
        r: py::round4(r),
        f1: py::round4(f),
    }
}

/// The scorer's `round(n / d, 4) if d else 0.0`.
pub(super) fn accuracy(n: usize, d: usize) -> f64 {
    py::round4(ratio(n, d))
}

#[derive(Clone, Copy)]
enum Part {
    Source,
    Cue,
    Content,
}

fn gold_part(a: &GoldAttribution, part: Part) -> &[(i64, i64)] {
    match part {
        Part::Source => &a.source,
        Part::Cue => &a.cue,
        Part::Content => &a.content,
    }
}

fn pred_part(a: &PredAttribution, part: Part) -> &[(i64, i64)] {
    match part {
        Part::Source => &a.source,
        Part::Cue => &a.cue,
        Part::Content => &a.content,
    }
}

const NO_PREDICTIONS: &[PredAttribution] = &[];

/// `{trimmed(text, s) for s in spans if s} - {()}`: the distinct non-empty trimmed spans.
fn tuples<'a>(
    text: &[char],
    spans: impl Iterator<Item = &'a [(i64, i64)]>,
) -> HashSet<Vec<(usize, usize)>> {
    spans
        .filter(|s| !s.is_empty())
        .map(|s| trimmed(text, s))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The scorer's `span_metrics`: for each part, exact matches of trimmed span tuples (as sets per
/// document) and overlap of the character sets.
pub(super) fn span_metrics(gold: &Gold, preds: &Predictions) -> SpanScores {
    let texts: Vec<Vec<char>> = gold
        .docs
        .values()
        .map(|g| g.text.chars().collect())
        .collect();
    let score = |part: Part| {
        let (mut tp, mut n_pred, mut n_gold) = (0, 0, 0);
        let (mut ov, mut pc, mut gc) = (0, 0, 0);
        for ((stem, g), text) in gold.docs.iter().zip(&texts) {
            let ps = preds.docs.get(stem).map_or(NO_PREDICTIONS, Vec::as_slice);
            let gs = tuples(text, g.attributions.iter().map(|a| gold_part(a, part)));
            let pset = tuples(text, ps.iter().map(|a| pred_part(a, part)));
            tp += gs.intersection(&pset).count();
            n_pred += pset.len();
            n_gold += gs.len();
            let gch: Vec<CharSet> = g
                .attributions
                .iter()
                .map(|a| chars(text, gold_part(a, part)))
                .collect();
            let pch: Vec<CharSet> = ps.iter().map(|a| chars(text, pred_part(a, part))).collect();
            let (gch, pch) = (CharSet::union(&gch), CharSet::union(&pch));
            ov += gch.common(&pch);
            pc += pch.len();
            gc += gch.len();
        }
        SpanScore {
            exact: prf(tp, n_pred, tp, n_gold),
            overlap: prf(ov, pc, ov, gc),
        }
    };
    SpanScores {
        source: score(Part::Source),
        cue: score(Part::Cue),
        content: score(Part::Content),
    }
}

/// `norm_name` of a name the scorer got from the predictions: `None` and other empty values
/// normalise to `""`; a non-empty value that is not a string is an error, as in the scorer.
fn norm_value(v: Option<&Value>) -> std::result::Result<String, String> {
    match v {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(norm_name(s)),
        Some(v) if !py::truthy(v) => Ok(String::new()),
        Some(v) => Err(format!("name {v} is not a string")),
    }
}

/// Python's `text[a:b]` with the scorer's offsets (negative ones count from the end).
fn py_slice(text: &[char], a: i64, b: i64) -> String {
    let n = i64::try_from(text.len()).unwrap_or(i64::MAX);
    let fix = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let (a, b) = (fix(a), fix(b));
    if a >= b {
        return String::new();
    }
    let (a, b) = (
        usize::try_from(a).unwrap_or(0),
        usize::try_from(b).unwrap_or(0),
    );
    text.get(a..b)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

/// The scorer's `attribution_metrics`, with its misses in the order it lists them.
pub(super) fn attribution_metrics(
    gold: &Gold,
    preds: &Predictions,
    claims: bool,
) -> Result<(AttributionScores, Vec<Miss>)> {
    let (mut found, mut found_src, mut n_gold, mut correct, mut n_pred) = (0, 0, 0, 0, 0);
    let (mut spk_ok, mut spk_n, mut via_ok, mut via_n, mut full_ok) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for (stem, g) in &gold.docs {
        let bad = |i: usize, message: String| Error::BadEvalInput {
            path: preds.path.clone(),
            message: format!("document {stem}: attribution {i}: {message}"),
        };
        let text: Vec<char> = g.text.chars().collect();
        let ps = preds.docs.get(stem).map_or(NO_PREDICTIONS, Vec::as_slice);
        let pred_chars: Vec<CharSet> = ps.iter().map(|p| chars(&text, &p.content)).collect();
        let gold_chars: Vec<CharSet> = g
            .attributions
            .iter()
            .map(|a| chars(&text, &a.content))
            .collect();
        let all_gold = CharSet::union(&gold_chars);
        for pch in &pred_chars {
            if pch.is_empty() {
                continue;
            }
            n_pred += 1;
            if 2 * pch.common(&all_gold) >= pch.len() {
                correct += 1;
            }
        }
        for (a, gch) in g.attributions.iter().zip(&gold_chars) {
            n_gold += 1;
            // best_cover: the first prediction with the largest share of the gold characters
            let mut best: Option<(usize, usize)> = None;
            if !gch.is_empty() {
                for (i, pch) in pred_chars.iter().enumerate() {
                    let inter = gch.common(pch);
                    if inter > best.map_or(0, |(_, b)| b) {
                        best = Some((i, inter));
                    }
                }
            }
            let best = best.filter(|&(_, inter)| 2 * inter >= gch.len());
            let Some((pi, p)) = best.and_then(|(i, _)| ps.get(i).map(|p| (i, p))) else {
                let t = match &a.text {
                    Some(t) if !t.is_empty() => t.clone(),
                    _ => a
                        .content
                        .first()
                        .map(|&(s, e)| py_slice(&text, s, e))
                        .unwrap_or_default(),
                };
                misses.push(Miss {
                    stem: stem.clone(),
                    kind: MissKind::Missed,
                    text: t,
                    detail: None,
                });
                continue;
            };
            found += 1;
            if !claims {
                if a.source.is_empty()
                    || chars(&text, &a.source).common(&chars(&text, &p.source)) > 0
                {
                    found_src += 1;
                }
                continue;
            }
            spk_n += 1;
            let norm = |v: Option<&Value>| norm_value(v).map_err(|e| bad(pi, e));
            let want = norm_name(a.speaker.as_deref().unwrap_or(""));
            let key = norm(p.speaker.as_ref())?;
            let got = match g.accept.get(&key) {
                Some(canonical) => norm_name(canonical),
                None => norm(p.speaker.as_ref())?,
            };
            let s_ok = if a.speaker_type.as_deref() == Some("anonymous") {
                p.speaker_kind.as_ref().and_then(Value::as_str) == Some("anonymous")
                    || key.contains("source")
            } else {
                got == want
            };
            let want_via: BTreeSet<String> = a.via.iter().map(|v| norm_name(v)).collect();
            let mut got_via = BTreeSet::new();
            for v in &p.via {
                let k = norm(Some(v))?;
                got_via.insert(match g.accept.get(&k) {
                    Some(canonical) => norm_name(canonical),
                    None => k,
                });
            }
            let v_ok = got_via == want_via || (a.via_optional && got_via.is_subset(&want_via));
            spk_ok += usize::from(s_ok);
            via_n += 1;
            via_ok += usize::from(v_ok);
            full_ok += usize::from(s_ok && v_ok);
            if !(s_ok && v_ok) {
                let mut want_names = a.via.clone();
                want_names.sort();
                let mut got_names: Vec<String> = p
                    .via
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect();
                got_names.sort();
                misses.push(Miss {
                    stem: stem.clone(),
                    kind: if s_ok {
                        MissKind::Via
                    } else {
                        MissKind::Speaker
                    },
                    text: a.text.clone().unwrap_or_default(),
                    detail: Some(MissDetail {
                        want_speaker: a.speaker.clone(),
                        want_via: want_names,
                        got_speaker: p.speaker.clone(),
                        got_via: got_names,
                    }),
                });
            }
        }
    }
    let mut out = AttributionScores {
        gold: n_gold,
        predicted: n_pred,
        content: prf(correct, n_pred, found, n_gold),
        content_source: None,
        speaker_accuracy: None,
        via_accuracy: None,
        full: None,
    };
    if claims {
        out.speaker_accuracy = Some(accuracy(spk_ok, spk_n));
        out.via_accuracy = Some(accuracy(via_ok, via_n));
        out.full = Some(prf(full_ok.min(correct), n_pred, full_ok, n_gold));
    } else {
        out.content_source = Some(prf(found_src.min(correct), n_pred, found_src, n_gold));
    }
    Ok((out, misses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn chars_skip_whitespace_and_clamp() {
        let text = t("ab c\u{1c}d\u{a0}e");
        assert_eq!(chars(&text, &[(0, 4)]).0, [0, 1, 3]);
        assert_eq!(chars(&text, &[(-3, 2), (1, 3), (5, 99)]).0, [0, 1, 5, 7]);
        assert_eq!(
            chars(&text, &[(4, 5)]).len(),
            0,
            "U+001C is whitespace to Python"
        );
        assert!(chars(&text, &[(3, 1)]).is_empty());
    }

    #[test]
    fn trimming_cuts_quotes_and_punctuation() {
        let text = t("He said: \u{201c}Yes, (we) will.\u{201d} - ok");
        // [8, 28) is ` “Yes, (we) will.” -`
        assert_eq!(trimmed(&text, &[(8, 28)]), [(10, 24)]);
        assert_eq!(trimmed(&text, &[(28, 29), (-5, 2)]), [(0, 2)]);
        assert_eq!(trimmed(&text, &[(29, 8)]), []);
        assert_eq!(trimmed(&text, &[(12, 20), (0, 2)]), [(0, 2), (12, 18)]);
    }

    #[test]
    fn prf_rounds_like_python() {
        assert_eq!(
            prf(1, 3, 2, 3),
            Prf {
                p: 0.3333,
                r: 0.6667,
                f1: 0.4444
            }
        );
        assert_eq!(
            prf(0, 0, 0, 5),
            Prf {
                p: 0.0,
                r: 0.0,
                f1: 0.0
            }
        );
        assert_eq!(
            prf(1, 32, 1, 1),
            Prf {
                p: 0.0312,
                r: 1.0,
                f1: 0.0606
            }
        );
        assert_eq!(accuracy(2, 3), 0.6667);
        assert_eq!(accuracy(5, 0), 0.0);
    }

    #[test]
    fn sets_intersect_and_unite() {
        let a = CharSet::from_unsorted(vec![5, 1, 3, 3]);
        let b = CharSet::from_unsorted(vec![3, 4, 5]);
        assert_eq!(a.common(&b), 2);
        assert_eq!(CharSet::union([&a, &b]).0, [1, 3, 4, 5]);
        assert_eq!(CharSet::union(std::iter::empty()).len(), 0);
    }

    fn claims_gold(text: &str, atts: Vec<GoldAttribution>) -> Gold {
        let mut doc = super::super::GoldDoc {
            text: text.into(),
            attributions: atts,
            ..Default::default()
        };
        doc.accept
            .insert("harbor radio".into(), "Harbour Radio".into());
        Gold {
            kind: super::super::GoldKind::Claims,
            docs: [("d".to_string(), doc)].into(),
        }
    }

    fn preds(atts: Vec<PredAttribution>) -> Predictions {
        Predictions {
            path: "p.json".into(),
            docs: [("d".to_string(), atts)].into(),
        }
    }

    #[test]
    fn speakers_and_channels_are_judged_like_the_scorer() {
        let text = "Aa bb cc. Dd ee ff.";
        let gold = claims_gold(
            text,
            vec![
                GoldAttribution {
                    content: vec![(0, 8)],
                    speaker: Some("Some officials".into()),
                    speaker_type: Some("anonymous".into()),
                    text: Some("Aa bb cc".into()),
                    ..Default::default()
                },
                GoldAttribution {
                    content: vec![(10, 18)],
                    speaker: Some("Ann Lee".into()),
                    via: vec!["Harbour Radio".into()],
                    via_optional: true,
                    text: Some("Dd ee ff".into()),
                    ..Default::default()
                },
            ],
        );
        let p = |content, speaker: Value, kind: Option<Value>, via: Vec<Value>| PredAttribution {
            content: vec![content],
            speaker: Some(speaker),
            speaker_kind: kind,
            via,
            ..Default::default()
        };
        // anonymous by kind; the channel's accepted spelling; half of a gold content is enough
        let good = preds(vec![
            p((0, 5), json!("Whoever"), Some(json!("anonymous")), vec![]),
            p(
                (10, 18),
                json!("ann lee"),
                None,
                vec![json!("Harbor Radio")],
            ),
        ]);
        let (s, misses) = attribution_metrics(&gold, &good, true).unwrap();
        assert_eq!((s.speaker_accuracy, s.via_accuracy), (Some(1.0), Some(1.0)));
        assert_eq!(s.full, Some(prf(2, 2, 2, 2)));
        assert!(misses.is_empty());
        // less than half covered: missed; an optional channel may be left out, not replaced
        let bad = preds(vec![
            p((0, 2), json!("x"), None, vec![]),
            p((10, 18), json!("Ann Lee"), None, vec![json!("AFP")]),
        ]);
        let (s, misses) = attribution_metrics(&gold, &bad, true).unwrap();
        assert_eq!(s.content, prf(2, 2, 1, 2));
        assert_eq!((s.speaker_accuracy, s.via_accuracy), (Some(1.0), Some(0.0)));
        assert_eq!(s.full, Some(prf(0, 2, 0, 2)));
        let kinds: Vec<MissKind> = misses.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MissKind::Missed, MissKind::Via]);
        assert_eq!(
            misses[1].line(),
            "  via      d: 'Dd ee ff' {\"want\": [\"Ann Lee\", [\"Harbour Radio\"]], \"got\": [\"Ann Lee\", [\"AFP\"]]}"
        );
        // a speaker name that is neither a string nor empty fails, as the scorer does
        let odd = preds(vec![p((0, 8), json!(7), None, vec![])]);
        let e = attribution_metrics(&gold, &odd, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.json: document d: attribution 0: name 7 is not a string"
        );
        let empty = preds(vec![p((0, 8), json!(0), None, vec![])]);
        assert!(attribution_metrics(&gold, &empty, true).is_ok());
    }

    #[test]
    fn slices_like_python() {
        let text = t("abcdef");
        assert_eq!(py_slice(&text, 1, 3), "bc");
        assert_eq!(py_slice(&text, -2, 99), "ef");
        assert_eq!(py_slice(&text, 4, 2), "");
    }
}
