//! Graphviz DOT built with graphviz-rust's AST and printer: a shape and colour per node kind,
//! cue labels on edges, wrapped and shortened claim labels with the full text as tooltip, and a
//! legend. Nodes carry their graph id and edges `source->target#key` as `id`, which Graphviz
//! copies to the SVG groups it draws. Every string from an article is escaped for DOT's quoted strings.

use std::io::Write;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::{Error, Result};
use crate::graph::{EdgeKind, KnowledgeGraph, Node, NodeKind};

/// A quoted DOT string. Backslashes and double quotes are escaped, line breaks and other control
/// characters become spaces, and `&` is written as an entity so Graphviz shows text like `&lt;`
/// literally instead of decoding it.
pub(crate) fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    push_escaped(&mut out, s);
    out.push('"');
    Id::Escaped(out)
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A label of several lines, each escaped, joined with DOT's centred line break.
fn lines_label(lines: &[String]) -> Id {
    let mut out = String::from("\"");
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        push_escaped(&mut out, l);
    }
    out.push('"');
    Id::Escaped(out)
}

/// Wraps text at `width` characters on word boundaries, keeping at most `max_lines` lines and
/// ending a shortened text with an ellipsis.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut truncated = false;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        if !cur.is_empty() && cur.chars().count() + 1 + wlen > width {
            lines.push(std::mem::take(&mut cur));
            if lines.len() == max_lines {
                truncated = true;
                break;
            }
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        if wlen > width {
            cur.extend(word.chars().take(width - 1));
            cur.push('…');
        } else {
            cur.push_str(word);
        }
    }
    if !truncated && !cur.is_empty() {
        lines.push(cur);
    }
    if truncated && let Some(last) = lines.last_mut() {
        let keep = width.saturating_sub(1);
        if last.chars().count() > keep {
            *last = last.chars().take(keep).collect();
        }
        last.push('…');
    }
    lines
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(Id::Plain(k.to_string()), v)
}

fn plain(k: &str, v: &str) -> Attribute {
    attr(k, quote(v))
}

/// Shape, fill colour and style of each node kind.
pub(crate) fn style(kind: NodeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        NodeKind::Article => ("note", "#e6e6e6", "filled"),
        NodeKind::Claim => ("box", "#fff4c2", "rounded,filled"),
        NodeKind::Person => ("ellipse", "#cfe2ff", "filled"),
        NodeKind::Organization => ("hexagon", "#d4edda", "filled"),
        NodeKind::Outlet => ("cylinder", "#ffd8c2", "filled"),
        NodeKind::Anonymous => ("ellipse", "#eeeeee", "dashed,filled"),
    }
}

fn node_stmt(n: &Node) -> Stmt {
    let (shape, fill, st) = style(n.kind);
    let mut lines = match n.kind {
        NodeKind::Claim => wrap(&n.label, 34, 4),
        _ => wrap(&n.label, 28, 2),
    };
    if let Some(role) = &n.role {
        lines.extend(wrap(role, 30, 2));
    }
    if n.kind == NodeKind::Outlet && n.state_media {
        lines.push("[state media]".to_string());
    }
    if n.kind == NodeKind::Article
        && let Some(p) = &n.publisher
    {
        lines.push(format!("({p})"));
    }
    let mut attrs = vec![
        plain("id", &n.id),
        attr("label", lines_label(&lines)),
        plain("tooltip", &tooltip(n)),
        plain("shape", shape),
        plain("style", st),
        plain("fillcolor", fill),
    ];
    if n.kind == NodeKind::Outlet && n.state_media {
        attrs.push(plain("color", "#b22222"));
        attrs.push(plain("penwidth", "2"));
    }
    Stmt::Node(DotNode::new(NodeId(quote(&n.id), None), attrs))
}

fn tooltip(n: &Node) -> String {
    let mut t = n.label.clone();
    if let Some(r) = &n.role {
        t.push_str(&format!(" — {r}"));
    }
    if !n.aliases.is_empty() {
        t.push_str(&format!(" (also: {})", n.aliases.join("; ")));
    }
    t
}

fn edge_label(e: &crate::graph::Edge) -> String {
    match e.kind {
        EdgeKind::SaidBy => e.cue.clone().unwrap_or_else(|| "said".into()),
        EdgeKind::ReportedBy => format!("via #{}", e.order.unwrap_or(1)),
        EdgeKind::AppearsIn => "appears in".into(),
        EdgeKind::PublishedBy => "published by".into(),
        EdgeKind::PartOf => "part of".into(),
        EdgeKind::AffiliatedWith => e.role.clone().unwrap_or_else(|| "affiliated with".into()),
    }
}

/// The `id` a drawn edge carries (`source->target#key`), unique in the graph; the HTML viewer
/// maps SVG elements back to graph edges with it, as it maps nodes by their node id.
pub(crate) fn edge_id(e: &crate::graph::Edge) -> String {
    format!("{}->{}#{}", e.source, e.target, e.key)
}

fn edge_stmt(e: &crate::graph::Edge) -> Stmt {
    let (color, style) = match e.kind {
        EdgeKind::SaidBy => ("#1f4e99", "solid"),
        EdgeKind::ReportedBy => ("#c0504d", "solid"),
        EdgeKind::AppearsIn => ("#888888", "dashed"),
        EdgeKind::PublishedBy => ("#888888", "dotted"),
        EdgeKind::PartOf | EdgeKind::AffiliatedWith => ("#4f8f4f", "dotted"),
    };
    let mut attrs = vec![
        plain("id", &edge_id(e)),
        attr("label", quote(&wrap(&edge_label(e), 24, 2).join(" "))),
        plain("color", color),
        plain("fontcolor", color),
        plain("style", style),
    ];
    if let Some(ev) = &e.evidence {
        attrs.push(plain("tooltip", ev));
    }
    Stmt::Edge(DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quote(&e.source), None)),
            Vertex::N(NodeId(quote(&e.target), None)),
        ),
        attributes: attrs,
    })
}

fn legend() -> Stmt {
    let mut stmts = vec![
        Stmt::Attribute(plain("label", "Legend")),
        Stmt::Attribute(plain("style", "rounded")),
        Stmt::Attribute(plain("color", "#999999")),
    ];
    for k in NodeKind::ALL {
        let (shape, fill, st) = style(k);
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote(&format!("legend:{}", k.as_str())), None),
            vec![
                plain("label", k.as_str()),
                plain("shape", shape),
                plain("style", st),
                plain("fillcolor", fill),
            ],
        )));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts,
    })
}

/// The DOT AST of the graph.
pub(super) fn dot_graph(g: &KnowledgeGraph) -> Graph {
    let mut stmts = vec![
        Stmt::Attribute(plain("rankdir", "LR")),
        Stmt::Attribute(plain("fontname", "Helvetica")),
        Stmt::Attribute(plain("tooltip", "whosaid source-attribution graph")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            plain("fontname", "Helvetica"),
            plain("fontsize", "11"),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![
            plain("fontname", "Helvetica"),
            plain("fontsize", "9"),
        ])),
    ];
    stmts.extend(g.nodes().map(node_stmt));
    stmts.extend(g.edges().map(edge_stmt));
    stmts.push(legend());
    Graph::DiGraph {
        id: Id::Plain("whosaid".into()),
        strict: false,
        stmts,
    }
}

/// Writes the graph as DOT.
pub fn write_dot(g: &KnowledgeGraph, mut w: impl Write) -> Result<()> {
    let mut ctx = PrinterContext::default();
    let mut text = dot_graph(g).print(&mut ctx);
    text.push('\n');
    w.write_all(text.as_bytes()).map_err(|source| Error::Write {
        what: "DOT".into(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_everything_dot_cares_about() {
        let Id::Escaped(s) = quote("a \"b\" \\ {c} <d> & e\nf 😀 مرحبا") else {
            panic!()
        };
        assert_eq!(s, "\"a \\\"b\\\" \\\\ {c} <d> &amp; e f 😀 مرحبا\"");
    }

    #[test]
    fn wrap_shortens_with_an_ellipsis() {
        assert_eq!(
            wrap("one two three four five", 9, 2),
            vec!["one two", "three…"]
        );
        assert_eq!(wrap("short", 10, 3), vec!["short"]);
    }

    #[test]
    fn dot_output_parses_back_with_graphviz_rust() {
        let mut g = KnowledgeGraph::new();
        g.add_node(Node::new(
            "claim:1",
            NodeKind::Claim,
            "He said \"no\" \\ {x} ]; <script> & done\r\nnew line",
        ));
        g.add_node(Node::new(
            "person:\"odd\"",
            NodeKind::Person,
            "Odd \"Name\"",
        ));
        g.add_edge(crate::graph::Edge::new(
            "claim:1",
            "person:\"odd\"",
            EdgeKind::SaidBy,
        ));
        let mut out = Vec::new();
        write_dot(&g, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let parsed = graphviz_rust::parse(&text).unwrap();
        let Graph::DiGraph { stmts, .. } = parsed else {
            panic!("not a digraph")
        };
        let nodes = stmts.iter().filter(|s| matches!(s, Stmt::Node(_))).count();
        assert_eq!(nodes, 2);
        assert!(stmts.iter().any(|s| matches!(s, Stmt::Edge(_))));
    }
}
