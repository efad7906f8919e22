//! The outputs of queries: the provenance tree of `whosaid trace`, the aligned table and
//! RFC 4180 CSV of `whosaid query`, the summary of `whosaid stats`, and JSON documents for all
//! three. Every function returns text or writes to a writer; none touches stdout.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use super::{ClaimReport, ClaimSummary, OutletRef, Provenance, Stats};
use crate::error::{Error, Result};

/// Schema tag of `whosaid trace --format json`.
pub const TRACE_SCHEMA: &str = "whosaid.trace/v1";
/// Schema tag of `whosaid query --format json`.
pub const QUERY_SCHEMA: &str = "whosaid.query/v1";
/// Schema tag of `whosaid stats --format json`.
pub const STATS_SCHEMA: &str = "whosaid.stats/v1";

/// Characters that reorder text on a terminal (bidirectional embeddings, overrides and
/// isolates): in an id or a name they could make one line read as another.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Article text on one line for a terminal: control characters (line breaks, tabs, escape
/// sequences) become spaces and bidirectional controls are dropped, so nothing read from an
/// article can move the cursor, recolour the terminal or reorder the line.
fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A node id for a terminal: control and bidirectional characters written as `\u{1b}`, so
/// they do nothing and two ids that differ only there still read differently.
fn id_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// At most `max` characters, ending with an ellipsis when shortened.
fn truncate(s: &str, max: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn channel(o: &OutletRef) -> String {
    match &o.form {
        Some(f) => format!("{} ({f})", o.name),
        None => o.name.clone(),
    }
}

/// `Mothership <- Xinhua (readout) <- Qin Gang ("acknowledged")`: publisher, channels in
/// order, speaker and cue.
pub fn chain_line(p: &Provenance) -> String {
    let mut parts: Vec<String> = p.article.publisher.iter().map(|o| o.name.clone()).collect();
    parts.extend(p.via.iter().map(channel));
    let mut sp = p.speaker.name.clone();
    if let Some(c) = &p.cue {
        let _ = write!(sp, " (\"{c}\")");
    }
    parts.push(sp);
    one_line(&parts.join(" <- "))
}

/// The outlets of a chain without the speaker: `Mothership <- Xinhua`.
pub(crate) fn via_line(p: &Provenance) -> String {
    let mut parts: Vec<String> = p.article.publisher.iter().map(|o| o.name.clone()).collect();
    parts.extend(p.via.iter().map(|o| o.name.clone()));
    one_line(&parts.join(" <- "))
}

fn outlet_detail(o: &OutletRef) -> String {
    let mut s = one_line(&o.name);
    if o.state_media {
        s.push_str(" [state media]");
    }
    if let Some(f) = &o.form {
        let _ = write!(s, " ({f})");
    }
    s
}

/// The provenance of each claim as a tree: the claim, then per attribution its article and
/// publisher, the chain on one line, each channel in order, the speaker with kind and role,
/// the cue, and the evidence sentence with its code-point offsets.
pub fn trace_text(claims: &[ClaimReport]) -> String {
    let mut out = String::new();
    for (ci, c) in claims.iter().enumerate() {
        if ci > 0 {
            out.push('\n');
        }
        let _ = write!(out, "{}", id_text(&c.id));
        if let Some(s) = c.score {
            let _ = write!(out, "  match {s:.3}");
        }
        if let Some(q) = &c.quote {
            let _ = write!(out, "  {q} quote");
        }
        out.push('\n');
        let _ = writeln!(out, "│ {}", one_line(&c.text));
        let n = c.provenance.len();
        for (i, p) in c.provenance.iter().enumerate() {
            let last = i + 1 == n;
            let (branch, indent) = if last {
                ("└─ ", "   ")
            } else {
                ("├─ ", "│  ")
            };
            let mut head = format!("{branch}{}", id_text(&p.article.id));
            if let Some(t) = &p.article.title {
                let _ = write!(head, " \"{}\"", one_line(t));
            }
            let _ = writeln!(out, "{head}");
            let mut lines: Vec<String> = vec![format!("chain: {}", chain_line(p))];
            match &p.article.publisher {
                Some(o) => lines.push(format!("published by: {}", outlet_detail(o))),
                None => lines.push("published by: (unknown)".to_string()),
            }
            for v in &p.via {
                lines.push(format!(
                    "via #{}: {}",
                    v.order.unwrap_or(1),
                    outlet_detail(v)
                ));
            }
            let mut sp = format!(
                "speaker: {} ({}",
                one_line(&p.speaker.name),
                p.speaker.kind.as_str()
            );
            if let Some(r) = &p.speaker.role {
                let _ = write!(sp, ", {}", one_line(r));
            }
            sp.push(')');
            lines.push(sp);
            if let Some(cue) = &p.cue {
                let mut l = format!("cue: \"{}\"", one_line(cue));
                if let Some(m) = &p.mention {
                    let _ = write!(l, ", naming the speaker \"{}\"", one_line(m));
                }
                lines.push(l);
            }
            if let Some(ev) = &p.evidence {
                let at = match (p.start, p.end) {
                    (Some(s), Some(e)) => format!(" [{s}..{e}]"),
                    _ => String::new(),
                };
                lines.push(format!("evidence{at}: {}", one_line(ev)));
            }
            let m = lines.len();
            for (j, l) in lines.iter().enumerate() {
                let b = if j + 1 == m { "└─ " } else { "├─ " };
                let _ = writeln!(out, "{indent}{b}{l}");
            }
        }
        if n == 0 {
            let _ = writeln!(out, "└─ (no attributions)");
        }
    }
    out
}

fn speakers_cell(c: &ClaimSummary) -> String {
    c.speakers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn articles_cell(c: &ClaimSummary) -> String {
    c.articles
        .iter()
        .map(|a| a.strip_prefix("article:").unwrap_or(a))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Aligned text columns: claim id, speaker(s), via chain(s), article(s) and the content,
/// long cells shortened with an ellipsis.
pub fn table(claims: &[ClaimSummary]) -> String {
    let header = ["CLAIM", "SPEAKER", "VIA", "ARTICLES", "CONTENT"].map(String::from);
    let mut rows = vec![header];
    for c in claims {
        rows.push([
            id_text(&c.id),
            truncate(&speakers_cell(c), 30),
            match c.via.join(" | ") {
                v if v.is_empty() => "-".to_string(),
                v => truncate(&v, 40),
            },
            truncate(&articles_cell(c), 30),
            truncate(&c.text, 60),
        ]);
    }
    let mut widths = [0usize; 5];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (i, (cell, w)) in r.iter().zip(widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < r.len() {
                line.extend(std::iter::repeat_n(
                    ' ',
                    w.saturating_sub(cell.chars().count()),
                ));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A spreadsheet cell's text made inert: text starting with `=`, `+`, `-`, `@`, tab or carriage
/// return gets a `'` in front so spreadsheets do not run it as a formula (CSV injection). Used
/// by [`csv_cell`] and the CSV export.
pub fn defuse_formula(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// One CSV cell: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a `'`
/// in front so spreadsheets do not run it as a formula; a cell holding a comma, quote or line
/// break is quoted with inner quotes doubled (RFC 4180).
pub fn csv_cell(s: &str) -> String {
    let v = defuse_formula(s).into_owned();
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// CSV with a header row and CRLF line ends: claim, text, quote, speakers, speaker_kinds, via,
/// articles, outlets, corroboration, single_source, state_media, anonymous.
pub fn csv(claims: &[ClaimSummary]) -> String {
    let mut out = String::from(
        "claim,text,quote,speakers,speaker_kinds,via,articles,outlets,corroboration,\
         single_source,state_media,anonymous\r\n",
    );
    for c in claims {
        let kinds: Vec<&str> = c.speakers.iter().map(|(_, k)| k.as_str()).collect();
        let cells = [
            c.id.clone(),
            c.text.clone(),
            c.quote.clone().unwrap_or_default(),
            speakers_cell(c),
            kinds.join("; "),
            c.via.join(" | "),
            articles_cell(c),
            c.outlets.join("; "),
            c.corroboration.to_string(),
            c.single_source.to_string(),
            c.state_media.to_string(),
            c.anonymous.to_string(),
        ];
        let row: Vec<String> = cells.iter().map(|s| csv_cell(s)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The figures of `whosaid stats` as text.
pub fn stats_text(s: &Stats) -> String {
    let mut out = String::from("nodes\n");
    for (k, n) in &s.nodes {
        let _ = writeln!(out, "  {k:<16}{n:>6}");
    }
    out.push_str("edges\n");
    for (k, n) in &s.edges {
        let _ = writeln!(out, "  {k:<16}{n:>6}");
    }
    for (title, list) in [
        ("top speakers", &s.top_speakers),
        ("top outlets", &s.top_outlets),
    ] {
        let _ = writeln!(out, "{title} (claims)");
        if list.is_empty() {
            out.push_str("  (none)\n");
        }
        for c in list {
            let _ = writeln!(out, "  {:>4}  {}", c.claims, one_line(&c.name));
        }
    }
    let _ = writeln!(out, "claims          {:>6}", s.claims);
    for (label, sh) in [
        ("anonymous", &s.anonymous),
        ("single-source", &s.single_source),
        ("via state media", &s.state_media),
    ] {
        let _ = writeln!(out, "  {label:<16}{:>4}  {:>6}", sh.claims, pct(sh.share));
    }
    out
}

#[derive(Serialize)]
struct TraceDoc<'a> {
    schema: &'static str,
    query: &'a str,
    claims: &'a [ClaimReport],
}

#[derive(Serialize)]
struct QueryDoc<'a> {
    schema: &'static str,
    claims: &'a [ClaimReport],
}

#[derive(Serialize)]
struct StatsDoc<'a> {
    schema: &'static str,
    #[serde(flatten)]
    stats: &'a Stats,
}

fn write_json(what: &str, v: &impl Serialize, mut w: impl Write) -> Result<()> {
    let err = |source: std::io::Error| Error::Write {
        what: what.to_string(),
        source,
    };
    serde_json::to_writer_pretty(&mut w, v).map_err(|e| err(e.into()))?;
    w.write_all(b"\n").map_err(err)
}

/// `{"schema": "whosaid.trace/v1", "query": ..., "claims": [...]}`, pretty-printed.
pub fn write_trace_json(query: &str, claims: &[ClaimReport], w: impl Write) -> Result<()> {
    let doc = TraceDoc {
        schema: TRACE_SCHEMA,
        query,
        claims,
    };
    write_json("trace JSON", &doc, w)
}

/// `{"schema": "whosaid.query/v1", "claims": [...]}`, pretty-printed.
pub fn write_query_json(claims: &[ClaimReport], w: impl Write) -> Result<()> {
    let doc = QueryDoc {
        schema: QUERY_SCHEMA,
        claims,
    };
    write_json("query JSON", &doc, w)
}

/// `{"schema": "whosaid.stats/v1", ...}` with the fields of [`Stats`], pretty-printed.
pub fn write_stats_json(stats: &Stats, w: impl Write) -> Result<()> {
    let doc = StatsDoc {
        schema: STATS_SCHEMA,
        stats,
    };
    write_json("stats JSON", &doc, w)
}
