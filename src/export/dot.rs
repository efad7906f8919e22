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

/// Text as XML 1.0 accepts it: control characters and non-characters become spaces.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The lines of a node's label: wrapped name or claim text, role, state-media mark, publisher.
pub(crate) fn node_lines(n: &Node) -> Vec<String> {
    let label = clean(&n.label);
    let mut lines = match n.kind {
        NodeKind::Claim => wrap(&label, 34, 4),
        _ => wrap(&label, 28, 2),
    };
    if let Some(role) = &n.role {
        lines.extend(wrap(&clean(role), 30, 2));
    }
    if n.kind == NodeKind::Outlet && n.state_media {
        lines.push("[state media]".to_string());
    }
    if n.kind == NodeKind::Article
        && let Some(p) = &n.publisher
    {
        lines.push(format!("({})", clean(p)));
    }
    lines
}

fn node_stmt(n: &Node) -> Stmt {
    let (shape, fill, st) = style(n.kind);
    let lines = node_lines(n);
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

/// The text on an edge: the cue of an attribution, the position of a channel, or the relation.
pub(crate) fn edge_label(e: &crate::graph::Edge) -> String {
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

/// Colour and line style of each edge kind.
pub(crate) fn edge_style(kind: EdgeKind) -> (&'static str, &'static str) {
    match kind {
        EdgeKind::SaidBy => ("#1f4e99", "solid"),
        EdgeKind::ReportedBy => ("#c0504d", "solid"),
        EdgeKind::AppearsIn => ("#888888", "dashed"),
        EdgeKind::PublishedBy => ("#888888", "dotted"),
        EdgeKind::PartOf | EdgeKind::AffiliatedWith => ("#4f8f4f", "dotted"),
    }
}

fn edge_stmt(e: &crate::graph::Edge, o: DotOptions) -> Stmt {
    let (color, style) = edge_style(e.kind);
    // many claims of one article: "appears in" on every edge only piles labels up; the dashed
    // grey line says it
    let label = if o.speaker_first && matches!(e.kind, EdgeKind::AppearsIn | EdgeKind::PublishedBy)
    {
        String::new()
    } else {
        wrap(&edge_label(e), 24, 2).join(" ")
    };
    let mut attrs = vec![
        plain("id", &edge_id(e)),
        attr("label", quote(&label)),
        plain("color", color),
        plain("fontcolor", color),
        plain("style", style),
    ];
    if let Some(ev) = &e.evidence {
        attrs.push(plain("tooltip", ev));
    }
    // said_by points claim -> speaker; drawn speaker -> claim the chain reads left to right
    let (from, to) = if o.speaker_first && e.kind == EdgeKind::SaidBy {
        (&e.target, &e.source)
    } else {
        (&e.source, &e.target)
    };
    Stmt::Edge(DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quote(from), None)),
            Vertex::N(NodeId(quote(to), None)),
        ),
        attributes: attrs,
    })
}

/// What the edge styles of the picture mean (its unlabelled edges among them).
const EDGE_LEGEND: &str = "blue: said (cue)\\lred: via channel #n\\ldashed grey: appears in\\l\
dotted grey: published by\\ldotted green: part of, affiliated\\l";

fn legend(o: DotOptions) -> Stmt {
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
    if o.speaker_first {
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote("legend:edges"), None),
            vec![
                attr("label", Id::Escaped(format!("\"{EDGE_LEGEND}\""))),
                plain("shape", "plaintext"),
                plain("fontsize", "9"),
            ],
        )));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts,
    })
}

/// How the DOT is laid out beyond the per-kind styling.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DotOptions {
    /// A cluster per article holding the article and the claims found only in it (only when the
    /// graph has more than one article).
    pub(crate) clusters: bool,
    /// Draw said_by edges from the speaker to the claim, so chains read speaker -> claim ->
    /// channel, and claim -> article -> publisher; appears_in and published_by edges are left
    /// unlabelled, and the legend says what each edge style means.
    pub(crate) speaker_first: bool,
    /// Extra graph attributes (name, value).
    pub(crate) graph_attrs: &'static [(&'static str, &'static str)],
}

/// Statements of one cluster per article: the article and the claims that appear in it alone.
/// Returns the statements and the ids placed in clusters.
fn article_clusters(g: &KnowledgeGraph) -> (Vec<Stmt>, std::collections::BTreeSet<String>) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut placed = BTreeSet::new();
    let articles: Vec<&Node> = g.nodes().filter(|n| n.kind == NodeKind::Article).collect();
    if articles.len() < 2 {
        return (Vec::new(), placed);
    }
    let mut members: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
    for c in g.nodes().filter(|n| n.kind == NodeKind::Claim) {
        let ins: Vec<&str> = g
            .out_edges(&c.id)
            .filter(|e| e.kind == EdgeKind::AppearsIn)
            .map(|e| e.target.as_str())
            .collect();
        if let [only] = ins.as_slice() {
            members.entry(only).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        // unlabelled: the article node inside names it
        let mut stmts = vec![
            Stmt::Attribute(plain("style", "rounded,dashed")),
            Stmt::Attribute(plain("color", "#aaaaaa")),
            Stmt::Attribute(plain("fontcolor", "#555555")),
        ];
        stmts.push(node_stmt(a));
        placed.insert(a.id.clone());
        for c in members.get(a.id.as_str()).into_iter().flatten() {
            stmts.push(node_stmt(c));
            placed.insert(c.id.clone());
        }
        out.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_article_{i}")),
            stmts,
        }));
    }
    (out, placed)
}

/// The DOT AST of the graph.
pub(super) fn dot_graph(g: &KnowledgeGraph) -> Graph {
    dot_graph_with(g, DotOptions::default())
}

/// The DOT AST of the graph, with clusters and edge direction as `o` says.
pub(crate) fn dot_graph_with(g: &KnowledgeGraph, o: DotOptions) -> Graph {
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
    stmts.extend(
        o.graph_attrs
            .iter()
            .map(|(k, v)| Stmt::Attribute(plain(k, v))),
    );
    let (clusters, placed) = if o.clusters {
        article_clusters(g)
    } else {
        Default::default()
    };
    stmts.extend(clusters);
    stmts.extend(g.nodes().filter(|n| !placed.contains(&n.id)).map(node_stmt));
    stmts.extend(g.edges().map(|e| edge_stmt(e, o)));
    stmts.push(legend(o));
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
