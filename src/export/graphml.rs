//! GraphML for Gephi, yEd, Cytoscape desktop and networkx: a typed `<key>` for every node and
//! edge attribute (see [`super::attrs`]), nodes sorted by id, edges by (source, target, key),
//! edge ids `source->target#key`. Values a node or edge does not have are left out.

use std::fmt::Write as _;
use std::io::Write;

use super::attrs::{EDGE_ATTRS, NODE_ATTRS, Ty, Val, edge_id, edge_values, node_values};
use super::xml::escape;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

fn graphml_type(t: Ty) -> &'static str {
    match t {
        Ty::Str => "string",
        Ty::Bool => "boolean",
        Ty::Int => "int",
        Ty::Double => "double",
    }
}

fn push_data<'a>(
    out: &mut String,
    prefix: &str,
    attrs: &[(&str, Ty)],
    values: impl IntoIterator<Item = &'a Option<Val>>,
) {
    for ((name, _), v) in attrs.iter().zip(values) {
        if let Some(v) = v {
            let _ = writeln!(
                out,
                "      <data key=\"{prefix}_{name}\">{}</data>",
                escape(&v.text())
            );
        }
    }
}

/// The graph as a GraphML document (UTF-8, ending with a newline).
pub fn graphml(g: &KnowledgeGraph) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (prefix, what, attrs) in [
        ("n", "node", &NODE_ATTRS[..]),
        ("e", "edge", &EDGE_ATTRS[..]),
    ] {
        for (name, ty) in attrs {
            let _ = writeln!(
                out,
                "  <key id=\"{prefix}_{name}\" for=\"{what}\" attr.name=\"{name}\" attr.type=\"{}\"/>",
                graphml_type(*ty)
            );
        }
    }
    out.push_str("  <graph id=\"whosaid\" edgedefault=\"directed\">\n");
    for n in g.nodes() {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&n.id));
        push_data(&mut out, "n", &NODE_ATTRS, &node_values(n));
        out.push_str("    </node>\n");
    }
    for e in g.edges() {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&edge_id(e)),
            escape(&e.source),
            escape(&e.target)
        );
        push_data(&mut out, "e", &EDGE_ATTRS, &edge_values(e));
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Writes the graph as GraphML.
pub fn write_graphml(g: &KnowledgeGraph, mut w: impl Write) -> Result<()> {
    w.write_all(graphml(g).as_bytes())
        .map_err(|source| Error::Write {
            what: "GraphML".into(),
            source,
        })
}
