//! GEXF 1.3 (`http://gexf.net/1.3`) for Gephi and networkx: declared, typed node and edge
//! attributes (see [`super::attrs`]; the node label is GEXF's own `label`, the edge kind is
//! also the edge `label`), and each node's kind as its `viz:color` (the DOT export's fill
//! colours). The edge key is the attribute titled `networkx_key`, which networkx reads as the
//! multigraph key. Nodes sorted by id, edges by (source, target, key), edge ids `source->target#key`.

use std::fmt::Write as _;
use std::io::Write;

use super::attrs::{EDGE_ATTRS, NODE_ATTRS, Ty, Val, edge_id, edge_values, node_values};
use super::stream::Out;
use super::style::node_style;
use super::xml::escape;
use crate::error::Result;
use crate::graph::GraphSource;

fn gexf_type(t: Ty) -> &'static str {
    match t {
        Ty::Str => "string",
        Ty::Bool => "boolean",
        Ty::Int => "integer",
        Ty::Double => "double",
    }
}

/// The title of an attribute: its name, except the edge key, titled `networkx_key` because
/// networkx's reader takes an attribute of that title as the multigraph key (and fails on one
/// titled `key`), so networkx gets the same keys as from the graph JSON.
fn title<'a>(class: &str, name: &'a str) -> &'a str {
    if class == "edge" && name == "key" {
        "networkx_key"
    } else {
        name
    }
}

/// `#rrggbb` as (r, g, b); black for anything else.
fn rgb(hex: &str) -> (u8, u8, u8) {
    let part = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|p| u8::from_str_radix(p, 16).ok())
            .unwrap_or(0)
    };
    (part(1), part(3), part(5))
}

fn push_attvalues<'a>(
    out: &mut String,
    attrs: &[(&str, Ty)],
    values: impl IntoIterator<Item = &'a Option<Val>>,
) {
    let present: Vec<(&str, &Val)> = attrs
        .iter()
        .zip(values)
        .filter(|((name, _), _)| *name != "label")
        .filter_map(|((name, _), v)| v.as_ref().map(|v| (*name, v)))
        .collect();
    if present.is_empty() {
        return;
    }
    out.push_str("        <attvalues>\n");
    for (name, v) in present {
        let _ = writeln!(
            out,
            "          <attvalue for=\"{name}\" value=\"{}\"/>",
            escape(&v.text())
        );
    }
    out.push_str("        </attvalues>\n");
}

/// Writes the graph as a GEXF 1.3 document (UTF-8, ending with a newline), a node or edge at
/// a time.
pub fn write_gexf(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let mut to = Out::new(w, "GEXF");
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n\
         \x20 <meta>\n\
         \x20   <creator>whosaid</creator>\n\
         \x20   <description>source-attribution graph (whosaid.graph/v1)</description>\n\
         \x20 </meta>\n\
         \x20 <graph defaultedgetype=\"directed\" mode=\"static\">\n",
    );
    for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (name, ty) in attrs.iter().filter(|(name, _)| *name != "label") {
            let _ = writeln!(
                out,
                "      <attribute id=\"{name}\" title=\"{}\" type=\"{}\"/>",
                title(class, name),
                gexf_type(*ty)
            );
        }
        out.push_str("    </attributes>\n");
    }
    out.push_str("    <nodes>\n");
    to.put(&out)?;
    g.each_node(None, &mut |n| {
        out.clear();
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            escape(&n.id),
            escape(&n.label)
        );
        push_attvalues(&mut out, &NODE_ATTRS, &node_values(n));
        let (r, gr, b) = rgb(node_style(n.kind).fill);
        let _ = writeln!(out, "        <viz:color r=\"{r}\" g=\"{gr}\" b=\"{b}\"/>");
        out.push_str("      </node>\n");
        to.put(&out)
    })?;
    to.put("    </nodes>\n    <edges>\n")?;
    g.each_edge(None, &mut |e| {
        out.clear();
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\">",
            escape(&edge_id(e)),
            escape(&e.source),
            escape(&e.target),
            e.kind.as_str()
        );
        push_attvalues(&mut out, &EDGE_ATTRS, &edge_values(e));
        out.push_str("      </edge>\n");
        to.put(&out)
    })?;
    to.put("    </edges>\n  </graph>\n</gexf>\n")?;
    to.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(rgb("#fff4c2"), (255, 244, 194));
        assert_eq!(rgb("#zz"), (0, 0, 0));
    }
}
