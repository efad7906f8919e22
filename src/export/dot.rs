//! Graphviz DOT built with graphviz-rust's AST and printer: a shape and colour per node kind,
//! cue labels on edges, wrapped and shortened claim labels with the full text as tooltip, and a
//! legend. Nodes carry their graph id and edges `source->target#key` as `id`, which Graphviz
//! copies to the SVG groups it draws. Every string from an article is escaped for DOT's quoted strings.

use std::io::Write;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::stream::Out;
use super::style::{
    EDGE_LEGEND, EdgeStyle, STATE_MEDIA_LINE, edge_id, edge_label, edge_style, node_lines,
    node_style, tooltip, wrap,
};
use crate::error::Result;
#[cfg(feature = "render")]
use crate::graph::KnowledgeGraph;
use crate::graph::{EdgeKind, GraphSource, Node, NodeKind};

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

/// Unicode non-characters (U+FFFE, U+FFFF and the like): Graphviz copies them into SVG, which
/// is then not XML.
fn is_noncharacter(c: char) -> bool {
    let u = u32::from(c);
    u & 0xfffe == 0xfffe || (0xfdd0..=0xfdef).contains(&u)
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c if is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
}

/// A node or edge id for DOT: `%`, control characters and non-characters percent-encoded
/// (their UTF-8 bytes), so distinct ids stay distinct ("a\nb" and "a\tb" are not both "a b")
/// and nothing Graphviz would copy into SVG breaks the XML. Ids of letters, digits and
/// punctuation other than `%` are unchanged.
pub(crate) fn dot_id(s: &str) -> Id {
    if !s
        .chars()
        .any(|c| c == '%' || c.is_control() || is_noncharacter(c))
    {
        return quote(s);
    }
    let mut enc = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '%' || c.is_control() || is_noncharacter(c) {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                enc.push_str(&format!("%{b:02X}"));
            }
        } else {
            enc.push(c);
        }
    }
    quote(&enc)
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

/// A graph label of several lines, each escaped and left-justified, and the statements that put
/// it under the picture, at the left.
#[cfg(feature = "render")]
pub(crate) fn caption_stmts(lines: &[String]) -> Vec<Stmt> {
    let mut out = String::from("\"");
    for l in lines {
        push_escaped(&mut out, l);
        out.push_str("\\l");
    }
    out.push('"');
    vec![
        Stmt::Attribute(attr("label", Id::Escaped(out))),
        Stmt::Attribute(plain("labelloc", "b")),
        Stmt::Attribute(plain("labeljust", "l")),
        Stmt::Attribute(plain("fontsize", "9")),
    ]
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(Id::Plain(k.to_string()), v)
}

fn plain(k: &str, v: &str) -> Attribute {
    attr(k, quote(v))
}

fn node_stmt(n: &Node) -> Stmt {
    let look = node_style(n.kind);
    let lines = node_lines(n);
    let mut attrs = vec![
        attr("id", dot_id(&n.id)),
        attr("label", lines_label(&lines)),
        plain("tooltip", &tooltip(n)),
        plain("shape", look.shape),
        plain("style", look.style),
        plain("fillcolor", look.fill),
    ];
    if n.kind == NodeKind::Outlet && n.state_media {
        attrs.push(plain("color", STATE_MEDIA_LINE));
        attrs.push(plain("penwidth", "2"));
    }
    Stmt::Node(DotNode::new(NodeId(dot_id(&n.id), None), attrs))
}

fn edge_stmt(e: &crate::graph::Edge, o: DotOptions) -> Stmt {
    let EdgeStyle { color, line: style } = edge_style(e.kind);
    // many claims of one article: "appears in" on every edge only piles labels up; the dashed
    // grey line says it
    let label = if o.speaker_first && matches!(e.kind, EdgeKind::AppearsIn | EdgeKind::PublishedBy)
    {
        String::new()
    } else {
        wrap(&edge_label(e), 24, 2).join(" ")
    };
    // a cue drawn at the claim end of its own edge, where edges from one speaker do not
    // bundle, so each cue sits by the edge it belongs to
    let at_head = o.cues_at_claims && e.kind == EdgeKind::SaidBy;
    let mut attrs = vec![
        attr("id", dot_id(&edge_id(e))),
        attr(if at_head { "headlabel" } else { "label" }, quote(&label)),
        plain("color", color),
        plain("fontcolor", color),
        plain("style", style),
    ];
    if at_head {
        attrs.extend([
            plain("labelfontcolor", color),
            plain("labelfontsize", "9"),
            plain("labeldistance", "2.5"),
            plain("labelangle", "20"),
        ]);
    }
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
            Vertex::N(NodeId(dot_id(from), None)),
            Vertex::N(NodeId(dot_id(to), None)),
        ),
        attributes: attrs,
    })
}

/// The legend of the picture: a box with a node of each kind and what the edge styles mean
/// ([`Legend::Full`]), or one row of coloured kind names ([`Legend::Compact`]).
fn legend(o: DotOptions) -> Option<Stmt> {
    match o.legend {
        Legend::Full => Some(full_legend(o)),
        Legend::Compact => Some(compact_legend()),
        Legend::Off => None,
    }
}

/// One row of the node kinds in their fill colours, and the edge styles, as an HTML-like label.
fn compact_legend() -> Stmt {
    let mut cells = String::new();
    for k in NodeKind::ALL {
        cells.push_str(&format!(
            "<TD BGCOLOR=\"{}\">{}</TD>",
            node_style(k).fill,
            k.as_str()
        ));
    }
    let edges = EDGE_LEGEND.replace("\\l", "; ");
    let edges = edges.trim_end_matches("; ");
    let label = format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\" CELLPADDING=\"3\"><TR>{cells}</TR>\
         <TR><TD COLSPAN=\"{}\" BORDER=\"0\"><FONT POINT-SIZE=\"8\">{edges}</FONT></TD></TR></TABLE>>",
        NodeKind::ALL.len()
    );
    Stmt::Node(DotNode::new(
        NodeId(quote("legend"), None),
        vec![
            attr("label", Id::Html(label)),
            plain("shape", "plaintext"),
            plain("fontsize", "9"),
        ],
    ))
}

fn full_legend(o: DotOptions) -> Stmt {
    let mut stmts = vec![
        Stmt::Attribute(plain("label", "Legend")),
        Stmt::Attribute(plain("style", "rounded")),
        Stmt::Attribute(plain("color", "#999999")),
    ];
    for k in NodeKind::ALL {
        let look = node_style(k);
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote(&format!("legend:{}", k.as_str())), None),
            vec![
                plain("label", k.as_str()),
                plain("shape", look.shape),
                plain("style", look.style),
                plain("fillcolor", look.fill),
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
    #[cfg_attr(not(feature = "render"), allow(dead_code))]
    pub(crate) clusters: bool,
    /// Draw said_by edges from the speaker to the claim, so chains read speaker -> claim ->
    /// channel, and claim -> article -> publisher; appears_in and published_by edges are left
    /// unlabelled, and the legend says what each edge style means.
    pub(crate) speaker_first: bool,
    /// Extra graph attributes (name, value).
    pub(crate) graph_attrs: &'static [(&'static str, &'static str)],
    /// Which legend to draw.
    pub(crate) legend: Legend,
    /// Draw each cue at the claim end of its said_by edge rather than mid-edge.
    pub(crate) cues_at_claims: bool,
    /// Lay out top to bottom instead of left to right.
    pub(crate) top_to_bottom: bool,
    /// The most the picture may measure, in inches (width, height): Graphviz scales it down to
    /// fit.
    pub(crate) size: Option<(f64, f64)>,
    /// Pixels per inch of a bitmap.
    pub(crate) dpi: Option<u32>,
}

/// The legend of a picture (the pictures of `render` use the compact one or none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(not(feature = "render"), allow(dead_code))]
pub(crate) enum Legend {
    /// A box with a node of each kind and the meaning of each edge style.
    #[default]
    Full,
    /// One row of coloured kind names and a line on edge styles.
    Compact,
    /// None.
    Off,
}

#[cfg(feature = "render")]
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

/// The graph attributes that open every DOT of `o`.
fn head(o: DotOptions) -> Vec<Stmt> {
    let mut stmts = vec![
        Stmt::Attribute(plain("rankdir", if o.top_to_bottom { "TB" } else { "LR" })),
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
    if let Some((w, h)) = o.size {
        stmts.push(Stmt::Attribute(plain("size", &format!("{w:.2},{h:.2}"))));
    }
    if let Some(dpi) = o.dpi {
        stmts.push(Stmt::Attribute(plain("dpi", &dpi.to_string())));
    }
    stmts
}

/// The DOT AST of the graph, with clusters and edge direction as `o` says.
#[cfg(feature = "render")]
pub(crate) fn dot_graph_with(g: &KnowledgeGraph, o: DotOptions) -> Graph {
    let mut stmts = head(o);
    let (clusters, placed) = if o.clusters {
        article_clusters(g)
    } else {
        Default::default()
    };
    stmts.extend(clusters);
    stmts.extend(g.nodes().filter(|n| !placed.contains(&n.id)).map(node_stmt));
    stmts.extend(g.edges().map(|e| edge_stmt(e, o)));
    stmts.extend(legend(o));
    Graph::DiGraph {
        id: Id::Plain(GRAPH_ID.into()),
        strict: false,
        stmts,
    }
}

/// The name of the DOT graph.
const GRAPH_ID: &str = "whosaid";

/// One statement as graphviz-rust prints it inside the graph: indented, without the line break.
fn stmt_text(s: Stmt) -> String {
    let one = Graph::DiGraph {
        id: Id::Plain(GRAPH_ID.into()),
        strict: false,
        stmts: vec![s],
    };
    let text = one.print(&mut PrinterContext::default());
    let open = format!("digraph {GRAPH_ID} {{\n");
    text.strip_prefix(open.as_str())
        .and_then(|t| t.strip_suffix("\n}"))
        .map_or_else(|| text.clone(), str::to_string)
}

/// Writes the graph as DOT (what [`dot_graph_with`] prints with the default options), a
/// statement at a time.
pub fn write_dot(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let o = DotOptions::default();
    let mut out = Out::new(w, "DOT");
    out.put(&format!("digraph {GRAPH_ID} {{"))?;
    let mut put = |s: Stmt| {
        out.put("\n")?;
        out.put(&stmt_text(s))
    };
    head(o).into_iter().try_for_each(&mut put)?;
    g.each_node(None, &mut |n| put(node_stmt(n)))?;
    g.each_edge(None, &mut |e| put(edge_stmt(e, o)))?;
    legend(o).into_iter().try_for_each(&mut put)?;
    out.put("\n}\n")?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;

    #[test]
    fn quotes_escape_everything_dot_cares_about() {
        let Id::Escaped(s) = quote("a \"b\" \\ {c} <d> & e\nf 😀 مرحبا") else {
            panic!()
        };
        assert_eq!(s, "\"a \\\"b\\\" \\\\ {c} <d> &amp; e f 😀 مرحبا\"");
    }

    #[test]
    fn distinct_ids_stay_distinct_and_noncharacters_are_dropped() {
        let ids = ["a\nb", "a\tb", "a b", "a%0Ab", "a\u{fffe}b", "a\u{ffff}b"];
        let written: std::collections::BTreeSet<String> = ids
            .iter()
            .map(|i| match dot_id(i) {
                Id::Escaped(s) => s,
                _ => panic!(),
            })
            .collect();
        assert_eq!(written.len(), ids.len(), "{written:?}");
        assert!(
            written
                .iter()
                .all(|w| !w.contains(['\n', '\t', '\u{fffe}', '\u{ffff}']))
        );
        assert_eq!(dot_id("person:qin-gang"), quote("person:qin-gang"));
        let Id::Escaped(label) = quote("ok\u{fffe}\u{ffff}\u{fdd0}\u{1fffe} fine") else {
            panic!()
        };
        assert_eq!(label, "\"ok fine\"");
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
