//! A self-contained HTML viewer: one file holding the SVG picture of the graph, the graph's
//! node-link JSON in a `<script type="application/json">` block, and our own small script and
//! style sheet (no third-party JavaScript, nothing loaded from the network). The script pans and
//! zooms the picture, searches nodes by label and alias, filters by node and edge kind, and shows
//! a claim's provenance (speaker, channels in order, articles, publishers, evidence sentences)
//! or the claims of a person, organisation, outlet or article in a side panel.
//!
//! The picture is passed in as SVG text. The viewer finds a node's drawing by the `id` attribute
//! of a `<g class="node">` element, which must be the node's graph id (the DOT exporter sets it,
//! and Graphviz copies it to the SVG); edges likewise by `source->target#key`.
//!
//! Escaping: article text reaches the page only as JSON inside the data block, with `<`, `>`,
//! `&`, U+2028 and U+2029 written as `\uXXXX` escapes, so no claim can close the block; the
//! script puts text into the page with `textContent`, never as markup. The little text the page
//! carries outside the data block (titles, counts) is escaped for HTML text and attributes.

use std::io::Write;

use crate::error::{Error, Result};
use crate::graph::{KnowledgeGraph, NodeKind};

use super::json::graph_json_compact;

const SCRIPT: &str = include_str!("viewer.js");
const STYLE: &str = include_str!("viewer.css");

/// Escapes text for HTML text content and for quoted attribute values: `&`, `<`, `>`, `"` and
/// `'` become character references.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes JSON text safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 become
/// `\uXXXX` escapes. Those characters only occur inside JSON strings, where the escapes mean the
/// same characters, so the data parses to the same value.
pub(crate) fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The `<svg>` element of an SVG document: the XML declaration, doctype and comments are
/// dropped, as they have no place inside HTML.
fn svg_element(svg: &str) -> Result<String> {
    let bad = |m: &str| Error::Write {
        what: "HTML viewer".into(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, m.to_string()),
    };
    let start = svg
        .find("<svg")
        .ok_or_else(|| bad("the picture is not SVG: no <svg> element"))?;
    let end = svg
        .rfind("</svg>")
        .ok_or_else(|| bad("the picture is not SVG: no </svg> end tag"))?;
    let body = svg
        .get(start..end + "</svg>".len())
        .ok_or_else(|| bad("the picture is not SVG: </svg> before <svg>"))?;
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("<!--") {
        out.push_str(rest.get(..i).unwrap_or_default());
        match rest.get(i..).and_then(|r| r.find("-->").map(|j| i + j + 3)) {
            Some(k) => rest = rest.get(k..).unwrap_or_default(),
            None => return Err(bad("unterminated comment in the SVG")),
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The viewer around the picture whosaid draws of the graph: Graphviz when installed, the
/// built-in layout otherwise (see [`crate::render::svg`]).
#[cfg(feature = "render")]
pub(crate) fn write_viewer(
    source: &dyn crate::graph::GraphSource,
    w: &mut dyn Write,
) -> Result<()> {
    // refused before a store is read whole
    crate::render::drawable(source.node_count()?)?;
    let graph = source.whole()?;
    let picture = crate::render::svg(&graph, &crate::render::RenderOptions::default())?;
    write_html(&graph, &picture.svg, w)
}

/// Writes the viewer of `graph` with `svg` (an SVG document drawing it, such as Graphviz's
/// `dot -Tsvg` of [`super::write_dot`]) as one self-contained HTML file. Returns an error when
/// `svg` holds no `<svg>` element or writing fails.
pub fn write_html(graph: &KnowledgeGraph, svg: &str, w: &mut dyn Write) -> Result<()> {
    let picture = svg_element(svg)?;
    let data = escape_json_for_script(&graph_json_compact(graph)?);
    let meta = graph.meta();
    let summary = format!(
        "{}, {}, {}",
        plural(meta.articles, "article", "articles"),
        plural(meta.claims, "claim", "claims"),
        plural(meta.attributions, "attribution", "attributions")
    );
    let mut articles = String::new();
    for n in graph.nodes().filter(|n| n.kind == NodeKind::Article) {
        let title = n.title.as_deref().unwrap_or(&n.label);
        articles.push_str(&format!(
            "<li data-node=\"{}\">{}",
            escape_html(&n.id),
            escape_html(title)
        ));
        if let Some(p) = &n.publisher {
            articles.push_str(&format!(
                " <span class=\"muted\">({})</span>",
                escape_html(p)
            ));
        }
        articles.push_str("</li>\n");
    }
    let mut kinds = String::new();
    for k in NodeKind::ALL {
        if graph.nodes().any(|n| n.kind == k) {
            kinds.push_str(&format!(
                "<label><input type=\"checkbox\" data-kind=\"{0}\" checked> {0}</label>\n",
                k.as_str()
            ));
        }
    }
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="whosaid">
<title>whosaid: {summary}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<strong>whosaid</strong> <span class="muted">{summary}</span>
<input id="search" type="search" placeholder="Search names and claims" autocomplete="off" aria-label="Search nodes">
<span id="matches" class="muted" aria-live="polite"></span>
<span id="kinds">
{kinds}</span>
<button id="reset" type="button" title="Show the whole picture">Fit</button>
</header>
<main>
<div id="graph">
{picture}
</div>
<aside id="panel">
<div id="details">
<p class="muted">Click a claim to see where it came from, or a person, organisation or outlet to list its claims. Drag to pan, use the wheel to zoom.</p>
<h3>Articles</h3>
<ul>
{articles}</ul>
</div>
</aside>
</main>
<script type="application/json" id="whosaid-data">{data}</script>
<script>
{SCRIPT}</script>
</body>
</html>
"#,
        summary = escape_html(&summary),
    );
    w.write_all(html.as_bytes()).map_err(|source| Error::Write {
        what: "HTML viewer".into(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, EdgeKind, Node};

    const HOSTILE: &str =
        "He said \"yes\" & 'no' </script><script>alert(1)</script> <!-- x \u{2028}line\u{2029}para";

    fn hostile_graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.add_node(Node::new("claim:1", NodeKind::Claim, HOSTILE));
        let mut a = Node::new("article:a", NodeKind::Article, "A </title><b>bold</b>");
        a.publisher = Some("P \"&\" <Q>".into());
        g.add_node(a);
        g.add_node(Node::new("person:x", NodeKind::Person, "X"));
        let mut e = Edge::new("claim:1", "person:x", EdgeKind::SaidBy);
        e.evidence = Some(HOSTILE.into());
        g.add_edge(e);
        g.add_edge(Edge::new("claim:1", "article:a", EdgeKind::AppearsIn));
        g
    }

    fn page(g: &KnowledgeGraph) -> String {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- c -->\n<svg><g id=\"claim:1\" class=\"node\"><!-- claim:1 --></g></svg>\n";
        let mut out = Vec::new();
        write_html(g, svg, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn html_escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html("<a href=\"x\">'&amp;'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn json_in_script_cannot_close_the_block() {
        let json = serde_json::to_string(HOSTILE).unwrap();
        let safe = escape_json_for_script(&json);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!safe.contains(bad), "{bad:?} left in {safe}");
        }
        // the escapes decode to the very same text
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, HOSTILE);
    }

    #[test]
    fn the_page_holds_the_data_once_and_no_hostile_markup() {
        let g = hostile_graph();
        let html = page(&g);
        // exactly our two script elements open and close
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert_eq!(html.matches("</script").count(), 2);
        assert!(!html.contains("<b>bold"));
        assert!(!html.contains('\u{2028}') && !html.contains('\u{2029}'));
        assert!(html.contains("A &lt;/title&gt;&lt;b&gt;bold&lt;/b&gt;"));
        assert!(html.contains("(P &quot;&amp;&quot; &lt;Q&gt;)"));
        // the data block parses back to the graph JSON
        let start = html.find("id=\"whosaid-data\">").unwrap() + "id=\"whosaid-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let v: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        let mut plain = Vec::new();
        crate::export::write_graph(&g, &mut plain).unwrap();
        let expected: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(v, expected);
        assert_eq!(v["nodes"][1]["id"], "claim:1");
        assert_eq!(v["nodes"][1]["label"], HOSTILE);
    }

    #[test]
    fn svg_prolog_and_comments_are_dropped() {
        let html = page(&hostile_graph());
        assert!(html.contains("<svg><g id=\"claim:1\" class=\"node\"></g></svg>"));
        assert!(
            !html.contains("<?xml") && !html.contains("<!DOCTYPE svg") && !html.contains("<!-- c")
        );
    }

    #[test]
    fn output_is_deterministic_and_rejects_non_svg() {
        let g = hostile_graph();
        assert_eq!(page(&g), page(&g));
        let mut out = Vec::new();
        assert!(write_html(&g, "<html>not a picture</html>", &mut out).is_err());
    }

    #[test]
    fn our_script_and_style_cannot_end_their_elements() {
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!STYLE.to_ascii_lowercase().contains("</style"));
    }
}
