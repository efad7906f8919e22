//! CSV tables for spreadsheets and pandas: `nodes.csv` (`id` and the node attributes of
//! [`super::attrs`]) and `edges.csv` (`id`, `source`, `target` and the edge attributes), RFC 4180
//! via the `csv` crate with CRLF line ends, a header row, empty cells for missing values. Text
//! cells that a spreadsheet would run as a formula get a leading `'` (see
//! [`crate::query::output::defuse_formula`]).

use std::io::Write;

use super::FileWriter;
use super::attrs::{EDGE_ATTRS, NODE_ATTRS, Ty, Val, edge_id, edge_values, node_values};
use crate::error::{Error, Result};
use crate::graph::GraphSource;
use crate::query::output::defuse_formula;

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
pub fn write_nodes_csv(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let e = err("nodes CSV");
    let mut out = writer(w);
    out.write_record(header(&["id"], &NODE_ATTRS)).map_err(&e)?;
    g.each_node(None, &mut |n| {
        let row = std::iter::once(text(&n.id)).chain(
            node_values(n)
                .iter()
                .map(|v| cell(v.as_ref()))
                .collect::<Vec<_>>(),
        );
        out.write_record(row).map_err(&e)
    })?;
    out.flush().map_err(|source| Error::Write {
        what: "nodes CSV".into(),
        source,
    })
}

/// Writes `edges.csv`: one row per edge, sorted by (source, target, key); `id` is
/// `source->target#key`.
pub fn write_edges_csv(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let e = err("edges CSV");
    let mut out = writer(w);
    out.write_record(header(&["id", "source", "target"], &EDGE_ATTRS))
        .map_err(&e)?;
    g.each_edge(None, &mut |x| {
        let row = [text(&edge_id(x)), text(&x.source), text(&x.target)]
            .into_iter()
            .chain(
                edge_values(x)
                    .iter()
                    .map(|v| cell(v.as_ref()))
                    .collect::<Vec<_>>(),
            );
        out.write_record(row).map_err(&e)
    })?;
    out.flush().map_err(|source| Error::Write {
        what: "edges CSV".into(),
        source,
    })
}

/// The CSV export's files: `nodes.csv` and `edges.csv`.
pub(crate) fn csv_files() -> Vec<(String, FileWriter)> {
    vec![
        ("nodes.csv".into(), Box::new(|g, w| write_nodes_csv(g, w))),
        ("edges.csv".into(), Box::new(|g, w| write_edges_csv(g, w))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, EdgeKind, KnowledgeGraph, Node, NodeKind};

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let mut c = Node::new("claim:1", NodeKind::Claim, "=1+1, \"two\"\r\nlines");
        c.variants = vec!["a".into(), "b".into()];
        c.articles = Some(1);
        g.add_node(c);
        g.add_node(Node::new("person:p", NodeKind::Person, "P"));
        let mut e = Edge::new("claim:1", "person:p", EdgeKind::SaidBy);
        e.confidence = Some(0.75);
        e.start = Some(4);
        g.add_edge(e);
        g
    }

    #[test]
    fn nodes_csv_is_rfc_4180_with_formulas_defused() {
        let mut out = Vec::new();
        write_nodes_csv(&graph(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.split("\r\n");
        assert!(lines.next().unwrap().starts_with("id,kind,label,aliases,"));
        assert_eq!(lines.next().unwrap(), "claim:1,claim,\"'=1+1, \"\"two\"\"");
        assert!(text.contains("lines\",,,,,false,,a | b,1,,,,,\r\nperson:p,person,P,"));
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn edges_csv_has_ids_and_numbers() {
        let mut out = Vec::new();
        write_edges_csv(&graph(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "claim:1->person:p#said_by,claim:1,person:p,said_by,said_by,,,,,,,4,,0.75,"
        );
    }

    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::other("disk full"))
        }
    }

    #[test]
    fn write_failures_are_typed_errors() {
        let e = write_nodes_csv(&graph(), Broken).unwrap_err();
        assert!(matches!(e, Error::Write { .. }), "{e}");
        let e = crate::export::write_graphml(&graph(), Broken).unwrap_err();
        assert!(matches!(e, Error::Write { .. }), "{e}");
        let e = crate::export::write_gexf(&graph(), Broken).unwrap_err();
        assert!(matches!(e, Error::Write { .. }), "{e}");
        let e = crate::export::write_cytoscape(&graph(), Broken).unwrap_err();
        assert!(matches!(e, Error::Write { .. }), "{e}");
    }
}
