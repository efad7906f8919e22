//! How a node or an edge looks wherever the graph is drawn or styled: the shape, fill and line of
//! each node kind, the colour and line of each edge kind, the lines of a node's label, the text
//! on an edge and the legend. DOT, the built-in picture (`render`), GEXF's colours and the HTML
//! viewer (which shows the DOT picture) all read it from here, so they cannot drift apart.

use crate::graph::{Edge, EdgeKind, Node, NodeKind};

/// How a node of one kind is drawn (Graphviz names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NodeStyle {
    /// Graphviz shape.
    pub(crate) shape: &'static str,
    /// Fill colour, `#rrggbb`.
    pub(crate) fill: &'static str,
    /// Graphviz style list.
    pub(crate) style: &'static str,
}

/// Shape, fill colour and style of each node kind.
pub(crate) fn node_style(kind: NodeKind) -> NodeStyle {
    let (shape, fill, style) = match kind {
        NodeKind::Article => ("note", "#e6e6e6", "filled"),
        NodeKind::Claim => ("box", "#fff4c2", "rounded,filled"),
        NodeKind::Person => ("ellipse", "#cfe2ff", "filled"),
        NodeKind::Organization => ("hexagon", "#d4edda", "filled"),
        NodeKind::Outlet => ("cylinder", "#ffd8c2", "filled"),
        NodeKind::Anonymous => ("ellipse", "#eeeeee", "dashed,filled"),
    };
    NodeStyle { shape, fill, style }
}

/// The outline of a state-media outlet.
pub(crate) const STATE_MEDIA_LINE: &str = "#b22222";

/// How an edge of one kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EdgeStyle {
    /// Line and label colour, `#rrggbb`.
    pub(crate) color: &'static str,
    /// `solid`, `dashed` or `dotted`.
    pub(crate) line: &'static str,
}

/// Colour and line style of each edge kind.
pub(crate) fn edge_style(kind: EdgeKind) -> EdgeStyle {
    let (color, line) = match kind {
        EdgeKind::SaidBy => ("#1f4e99", "solid"),
        EdgeKind::ReportedBy => ("#c0504d", "solid"),
        EdgeKind::AppearsIn => ("#888888", "dashed"),
        EdgeKind::PublishedBy => ("#888888", "dotted"),
        EdgeKind::PartOf | EdgeKind::AffiliatedWith => ("#4f8f4f", "dotted"),
    };
    EdgeStyle { color, line }
}

/// What the edge styles of the picture mean (its unlabelled edges among them), as DOT
/// left-justified lines.
pub(crate) const EDGE_LEGEND: &str = "blue: said (cue)\\lred: via channel #n\\ldashed grey: appears in\\l\
dotted grey: published by\\ldotted green: part of, affiliated\\l";

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

/// The tooltip of a node: its label, role and aliases.
pub(crate) fn tooltip(n: &Node) -> String {
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
pub(crate) fn edge_label(e: &Edge) -> String {
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
pub(crate) fn edge_id(e: &Edge) -> String {
    format!("{}->{}#{}", e.source, e.target, e.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_shortens_with_an_ellipsis() {
        assert_eq!(
            wrap("one two three four five", 9, 2),
            vec!["one two", "three…"]
        );
        assert_eq!(wrap("short", 10, 3), vec!["short"]);
    }
}
