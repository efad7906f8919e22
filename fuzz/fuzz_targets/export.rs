//! Every exporter on arbitrary graphs. The fuzzer's bytes describe a graph (nodes with any
//! text in every field, edges between them, and a few short articles run through the pipeline
//! and merged in), limited to what the JSON loader could also produce (finite confidences).
//! Then each exporter runs and its output is parsed back:
//!
//! - node-link JSON: loads again and writes the same bytes;
//! - DOT (`export --format dot` and the DOT given to Graphviz by `render`): parses as DOT;
//! - the built-in SVG picture and GraphML and GEXF: well-formed XML, with one element per node
//!   and edge, carrying each node's id;
//! - the HTML viewer: its data block holds the graph JSON, whole and unbroken;
//! - Cytoscape.js JSON and PROV JSON-LD: parse as JSON, with unique element ids;
//! - PROV Turtle: parses as Turtle;
//! - CSV tables and the Neo4j files: parse as CSV with one row per node or edge.

#![no_main]

#[path = "common.rs"]
mod common;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use arbitrary::Arbitrary;
use common::{check_json_round_trip, graph_json};
use libfuzzer_sys::fuzz_target;
use whosaid::export::{
    neo4j_files, write_cytoscape, write_dot, write_edges_csv, write_gexf, write_graphml,
    write_html, write_nodes_csv, write_prov_jsonld, write_prov_turtle,
};
use whosaid::render::{EngineChoice, Layout, RenderOptions, render_dot, svg};
use whosaid::{Document, Edge, EdgeKind, KnowledgeGraph, Metadata, Node, NodeKind, Pipeline};

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new().expect("the built-in pipeline loads"));

const MAX_NODES: usize = 48;
const MAX_EDGES: usize = 96;
const MAX_ARTICLES: usize = 3;
const MAX_ARTICLE_BYTES: usize = 2000;
/// The built-in layout is slow on big graphs; it is only drawn for graphs up to this size.
const MAX_DRAWN_NODES: usize = 24;

#[derive(Arbitrary, Debug)]
struct NodeDesc {
    /// None: a readable id made from kind and position.
    id: Option<String>,
    kind: u8,
    label: String,
    aliases: Vec<String>,
    role: Option<String>,
    country: Option<String>,
    outlet_kind: Option<String>,
    state_media: bool,
    quote: Option<String>,
    variants: Vec<String>,
    articles: Option<u16>,
    outlets: Option<u16>,
    publisher: Option<String>,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct EdgeDesc {
    source: u8,
    target: u8,
    kind: u8,
    key: Option<String>,
    cue: Option<String>,
    mention: Option<String>,
    order: Option<u32>,
    role: Option<String>,
    article: Option<String>,
    evidence: Option<String>,
    start: Option<u64>,
    end: Option<u64>,
    confidence: Option<f64>,
    rule: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct ArticleDesc {
    id: String,
    text: String,
    publisher: Option<String>,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct GraphDesc {
    nodes: Vec<NodeDesc>,
    edges: Vec<EdgeDesc>,
    articles: Vec<ArticleDesc>,
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

fn build(desc: GraphDesc) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let mut ids = Vec::new();
    for (i, d) in desc.nodes.into_iter().take(MAX_NODES).enumerate() {
        let kind = pick(&NodeKind::ALL, d.kind);
        let id = d.id.unwrap_or_else(|| format!("{}:n{i}", kind.as_str()));
        let mut n = Node::new(id.clone(), kind, d.label);
        n.aliases = d.aliases;
        n.role = d.role;
        n.country = d.country;
        n.outlet_kind = d.outlet_kind;
        n.state_media = d.state_media;
        n.quote = d.quote;
        n.variants = d.variants;
        n.articles = d.articles.map(usize::from);
        n.outlets = d.outlets.map(usize::from);
        n.publisher = d.publisher;
        n.url = d.url;
        n.title = d.title;
        n.date = d.date;
        g.add_node(n);
        ids.push(id);
    }
    if !ids.is_empty() {
        for d in desc.edges.into_iter().take(MAX_EDGES) {
            let kind = pick(&EdgeKind::ALL, d.kind);
            let source = ids[usize::from(d.source) % ids.len()].clone();
            let target = ids[usize::from(d.target) % ids.len()].clone();
            let mut e = Edge::new(source, target, kind);
            if let Some(k) = d.key {
                e.key = k;
            }
            e.cue = d.cue;
            e.mention = d.mention;
            e.order = d.order;
            e.role = d.role;
            e.article = d.article;
            e.evidence = d.evidence.map(Into::into);
            e.start = d.start.and_then(|x| usize::try_from(x).ok());
            e.end = d.end.and_then(|x| usize::try_from(x).ok());
            // the loader reads JSON numbers, which are always finite
            e.confidence = d.confidence.filter(|c| c.is_finite());
            e.rule = d.rule;
            g.add_edge(e);
        }
    }
    let mut extractions = Vec::new();
    for a in desc.articles.into_iter().take(MAX_ARTICLES) {
        if a.text.len() > MAX_ARTICLE_BYTES {
            continue;
        }
        let doc = Document {
            id: a.id,
            meta: Metadata {
                publisher: a.publisher,
                url: a.url,
                title: a.title,
                date: a.date,
            },
            text: a.text,
        };
        extractions.push(PIPELINE.extract(&doc));
    }
    if !extractions.is_empty() {
        g.merge(&KnowledgeGraph::from_extractions(&extractions));
    }
    g
}

/// What the XML exporters make of a string: C0 controls other than tab, line feed and carriage
/// return, U+FFFE and U+FFFF become U+FFFD.
fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if u32::from(c) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn check_xml(what: &str, xml: &str, g: &KnowledgeGraph) {
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("{what} is not well-formed XML: {e}\n{xml}"));
    let elements = |name: &str| {
        doc.descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == name)
            .collect::<Vec<_>>()
    };
    let nodes = elements("node");
    assert_eq!(nodes.len(), g.node_count(), "{what}: node elements");
    assert_eq!(
        elements("edge").len(),
        g.edge_count(),
        "{what}: edge elements"
    );
    for (el, n) in nodes.iter().zip(g.nodes()) {
        assert_eq!(
            el.attribute("id"),
            Some(xml_text(&n.id).as_str()),
            "{what}: node id"
        );
    }
}

fn check_dot(what: &str, dot: &str) {
    if let Err(e) = graphviz_rust::parse(dot) {
        panic!("{what} does not parse as DOT: {e}\n{dot}");
    }
}

fn check_csv(what: &str, bytes: &[u8], rows: usize) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let n = r
        .records()
        .map(|rec| rec.unwrap_or_else(|e| panic!("{what}: bad CSV: {e}")))
        .count();
    assert_eq!(n, rows, "{what}: rows");
}

fn json(what: &str, bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what} is not JSON: {e}"))
}

/// Draws `g` with the built-in layout. That layout's library can panic on odd graphs; whosaid
/// turns such a panic into an error, but libFuzzer's panic hook would abort first, so the hook
/// is silenced for the call (a panic outside the caught region still aborts the run).
fn draw(g: &KnowledgeGraph) -> Option<String> {
    let opts = RenderOptions {
        engine: EngineChoice::Builtin,
        ..Default::default()
    };
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(|| svg(g, &opts));
    std::panic::set_hook(hook);
    match r {
        Ok(Ok(rendered)) => Some(rendered.svg),
        Ok(Err(_)) => None,
        Err(p) => std::panic::resume_unwind(p),
    }
}

fuzz_target!(|desc: GraphDesc| {
    let g = build(desc);
    let json_text = check_json_round_trip(&g);

    let mut out = Vec::new();
    write_dot(&g, &mut out).expect("DOT writes");
    check_dot(
        "the DOT export",
        std::str::from_utf8(&out).expect("DOT is UTF-8"),
    );
    check_dot("the render DOT", &render_dot(&g, Layout::Dot));

    let text = |write: fn(&KnowledgeGraph, &mut Vec<u8>) -> whosaid::Result<()>| {
        let mut out = Vec::new();
        write(&g, &mut out).expect("XML writes");
        String::from_utf8(out).expect("XML is UTF-8")
    };
    check_xml("GraphML", &text(|g, w| write_graphml(g, w)), &g);
    check_xml("GEXF", &text(|g, w| write_gexf(g, w)), &g);

    let picture = if g.node_count() <= MAX_DRAWN_NODES {
        draw(&g)
    } else {
        None
    };
    if let Some(svg) = &picture {
        roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("the built-in SVG is not well-formed XML: {e}\n{svg}"));
    }
    let svg = picture.unwrap_or_else(|| "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into());
    let mut out = Vec::new();
    write_html(&g, &svg, &mut out).expect("HTML writes");
    let html = String::from_utf8(out).expect("HTML is UTF-8");
    let open = "<script type=\"application/json\" id=\"whosaid-data\">";
    let start = html.find(open).expect("HTML has the data block") + open.len();
    let len = html[start..]
        .find("</script>")
        .expect("the data block is closed");
    let data: serde_json::Value = json("the HTML data block", html[start..start + len].as_bytes());
    assert_eq!(
        data,
        json("graph JSON", json_text.as_bytes()),
        "HTML data block"
    );
    let articles = g.nodes().filter(|n| n.kind == NodeKind::Article).count();
    assert_eq!(
        html.matches("<li data-node=").count(),
        articles,
        "HTML article list"
    );

    let mut out = Vec::new();
    write_cytoscape(&g, &mut out).expect("Cytoscape JSON writes");
    let cy = json("Cytoscape JSON", &out);
    let mut seen = BTreeSet::new();
    for part in ["nodes", "edges"] {
        let list = cy["elements"][part].as_array().expect("element list");
        for el in list {
            let id = el["data"]["id"].as_str().expect("element id").to_string();
            assert!(
                seen.insert(id.clone()),
                "Cytoscape: duplicate element id {id:?}"
            );
        }
    }
    assert_eq!(
        seen.len(),
        g.node_count() + g.edge_count(),
        "Cytoscape elements"
    );

    let mut out = Vec::new();
    write_prov_turtle(&g, &mut out).expect("PROV Turtle writes");
    for triple in oxttl::TurtleParser::new().for_slice(&out) {
        if let Err(e) = triple {
            panic!(
                "PROV Turtle does not parse: {e}\n{}",
                String::from_utf8_lossy(&out)
            );
        }
    }
    let mut out = Vec::new();
    write_prov_jsonld(&g, &mut out).expect("PROV JSON-LD writes");
    let ld = json("PROV JSON-LD", &out);
    assert!(ld["@graph"].is_array(), "JSON-LD has a @graph");

    let mut out = Vec::new();
    write_nodes_csv(&g, &mut out).expect("nodes CSV writes");
    check_csv("nodes.csv", &out, g.node_count());
    let mut out = Vec::new();
    write_edges_csv(&g, &mut out).expect("edges CSV writes");
    check_csv("edges.csv", &out, g.edge_count());

    let (mut node_rows, mut rel_rows) = (0, 0);
    for (name, bytes) in neo4j_files(&g).expect("Neo4j files") {
        if !name.ends_with(".csv") {
            continue;
        }
        let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let n = r
            .records()
            .map(|rec| rec.unwrap_or_else(|e| panic!("{name}: bad CSV: {e}")))
            .count();
        if name.starts_with("nodes_") {
            node_rows += n;
        } else {
            rel_rows += n;
        }
    }
    assert_eq!(node_rows, g.node_count(), "Neo4j node rows");
    assert_eq!(rel_rows, g.edge_count(), "Neo4j relationship rows");

    // the graph JSON is stable
    assert_eq!(json_text, graph_json(&g));
});
