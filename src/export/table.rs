//! CSV tables for spreadsheets and pandas: `nodes.csv` (`id` and the node attributes of
//! [`super::attrs`]) and `edges.csv` (`id`, `source`, `target` and the edge attributes), RFC 4180
//! via the `csv` crate with CRLF line ends, a header row, empty cells for missing values. Text
//! cells that a spreadsheet would run as a formula get a leading `'` (see
//! [`crate::query::render::defuse_formula`]).

use std::io::Write;

use super::attrs::{EDGE_ATTRS, NODE_ATTRS, Ty, Val, edge_id, edge_values, node_values};
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use crate::query::render::defuse_formula;

fn err(what: &'static str) -> impl Fn(csv::Error) -> Error {
    move |e| Error::Write {
        what: what.into(),
        source: e.into(),
    }
}

fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w)
}

fn cell(v: Option<&Val>) -> String {
    match v {
        None => String::new(),
        Some(Val::Str(s)) => defuse_formula(s).into_owned(),
        Some(v) => v.text(),
    }
}

fn text(s: &str) -> String {
    defuse_formula(s).into_owned()
}

fn header(first: &[&str], attrs: &[(&str, Ty)]) -> Vec<String> {
    first
        .iter()
        .copied()
        .chain(attrs.iter().map(|(n, _)| *n))
        .map(String::from)
        .collect()
}

/// Writes `nodes.csv`: one row per node, sorted by id.
pub fn write_nodes_csv(g: &KnowledgeGraph, w: impl Write) -> Result<()> {
    let e = err("nodes CSV");
    let mut out = writer(w);
    out.write_record(header(&["id"], &NODE_ATTRS)).map_err(&e)?;
    for n in g.nodes() {
        let row = std::iter::once(text(&n.id)).chain(
            node_values(n)
                .iter()
                .map(|v| cell(v.as_ref()))
                .collect::<Vec<_>>(),
        );
        out.write_record(row).map_err(&e)?;
    }
    out.flush().map_err(|source| Error::Write {
        what: "nodes CSV".into(),
        source,
    })
}

/// Writes `edges.csv`: one row per edge, sorted by (source, target, key); `id` is
/// `source->target#key`.
pub fn write_edges_csv(g: &KnowledgeGraph, w: impl Write) -> Result<()> {
    let e = err("edges CSV");
    let mut out = writer(w);
    out.write_record(header(&["id", "source", "target"], &EDGE_ATTRS))
        .map_err(&e)?;
    for x in g.edges() {
        let row = [text(&edge_id(x)), text(&x.source), text(&x.target)]
            .into_iter()
            .chain(
                edge_values(x)
                    .iter()
                    .map(|v| cell(v.as_ref()))
                    .collect::<Vec<_>>(),
            );
        out.write_record(row).map_err(&e)?;
    }
    out.flush().map_err(|source| Error::Write {
        what: "edges CSV".into(),
        source,
    })
}
