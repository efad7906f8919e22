//! GraphML for Gephi, yEd, Cytoscape desktop and networkx: a typed `<key>` for every node and
//! edge attribute (see [`super::attrs`]), nodes sorted by id, edges by (source, target, key),
//! edge ids `source->target#key`. Values a node or edge does not have are left out.

use std::fmt::Write as _;
use std::io::Write;

use super::attrs::{EDGE_ATTRS, NODE_ATTRS, Ty, Val, edge_id, edge_values, node_values};
use super::stream::Out;
use super::xml::escape;
use crate::error::Result;
use crate::graph::GraphSource;

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

/// Writes the graph as GraphML (UTF-8, ending with a newline), a node or edge at a time.
pub fn write_graphml(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let mut out = Out::new(w, "GraphML");
    let mut head = String::from(
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
                head,
                "  <key id=\"{prefix}_{name}\" for=\"{what}\" attr.name=\"{name}\" attr.type=\"{}\"/>",
                graphml_type(*ty)
            );
        }
    }
    head.push_str("  <graph id=\"whosaid\" edgedefault=\"directed\">\n");
    out.put(&head)?;
    let mut chunk = String::new();
    g.each_node(None, &mut |n| {
        chunk.clear();
        let _ = writeln!(chunk, "    <node id=\"{}\">", escape(&n.id));
        push_data(&mut chunk, "n", &NODE_ATTRS, &node_values(n));
        chunk.push_str("    </node>\n");
        out.put(&chunk)
    })?;
    g.each_edge(None, &mut |e| {
        chunk.clear();
        let _ = writeln!(
            chunk,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            escape(&edge_id(e)),
            escape(&e.source),
            escape(&e.target)
        );
        push_data(&mut chunk, "e", &EDGE_ATTRS, &edge_values(e));
        chunk.push_str("    </edge>\n");
        out.put(&chunk)
    })?;
    out.put("  </graph>\n</graphml>\n")?;
    out.finish()
}
