//! Pictures of the knowledge graph: SVG drawn by Graphviz when its `dot` program is installed
//! (through graphviz-rust's `exec`) and by an embedded pure-Rust layout (the `layout-rs` crate)
//! when it is not, and PNG or PDF through Graphviz. Before drawing, a large graph can be cut
//! down to the neighbourhood of one node ([`RenderOptions::focus`]), to its best-supported
//! claims ([`RenderOptions::max_claims`]) and without some node kinds
//! ([`RenderOptions::hide_kinds`]); see [`reduce`].
//!
//! The picture uses the DOT exporter's styling (a shape and colour per kind, wrapped claim
//! text, cue labels on edges, state media outlined in red, a legend), drawn left to right as
//! speaker -> claim -> channel and claim -> article -> publisher, with one cluster per article
//! when there are several. Nothing here prints or touches paths: the caller writes the result.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::cmd::{CommandArg, Format};
use graphviz_rust::printer::PrinterContext;
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::error::{Error, Result};
use crate::export::dot::{DotOptions, Legend, caption_stmts, dot_graph_with};
use crate::export::style::{
    EdgeStyle, STATE_MEDIA_LINE, clean, edge_id, edge_label, edge_style, node_lines, node_style,
    wrap,
};
use crate::graph::{EdgeKind, GraphSource, KnowledgeGraph, Node, NodeKind};
use graphviz_rust::dot_structures::Graph;

/// A Graphviz layout program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Layered, following edge direction (the default; the only one drawing article clusters).
    #[default]
    Dot,
    /// Spring model.
    Neato,
    /// Force-directed.
    Fdp,
    /// Force-directed for large graphs.
    Sfdp,
    /// Circular.
    Circo,
}

impl Layout {
    /// The program's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }

    fn graphviz(self) -> graphviz_rust::cmd::Layout {
        use graphviz_rust::cmd::Layout as L;
        match self {
            Layout::Dot => L::Dot,
            Layout::Neato => L::Neato,
            Layout::Fdp => L::Fdp,
            Layout::Sfdp => L::Sfdp,
            Layout::Circo => L::Circo,
        }
    }
}

/// Which engine to draw SVG with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EngineChoice {
    /// Graphviz when `dot` is installed, the built-in layout otherwise.
    #[default]
    Auto,
    /// Graphviz only: an error when `dot` is missing.
    Graphviz,
    /// The built-in layout, even when Graphviz is installed (same output on every machine).
    Builtin,
}

/// The engine that drew a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz, with this layout program.
    Graphviz(Layout),
    /// The embedded pure-Rust layout (layout-rs).
    Builtin,
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Engine::Graphviz(l) => write!(f, "Graphviz ({} layout)", l.as_str()),
            Engine::Builtin => f.write_str("the built-in layout"),
        }
    }
}

/// A picture format that needs Graphviz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG bitmap.
    Png,
    /// PDF document.
    Pdf,
}

impl ImageFormat {
    /// Upper-case name, as in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Pdf => "PDF",
        }
    }
}

/// What to draw and how.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Engine for SVG (PNG and PDF always use Graphviz).
    pub engine: EngineChoice,
    /// Graphviz layout program.
    pub layout: Layout,
    /// Draw only the neighbourhood of the node this names: a node id, a name or alias
    /// (case-insensitive), or words of a claim (the best match, as `whosaid trace` finds it).
    pub focus: Option<String>,
    /// How far from the focus node to go: each step adds every node one edge away (either
    /// direction), and every claim reached is shown with its whole chain (speaker, channels,
    /// article, publisher). 1 shows a claim's chain, or a speaker's, outlet's or article's
    /// claims with theirs; 2 adds the claims sharing a speaker, outlet or article with those.
    pub depth: usize,
    /// Keep only this many claims: those carried by the most articles, then outlets, then
    /// attributions; ties go to the smaller id.
    pub max_claims: Option<usize>,
    /// Node kinds left out of the picture.
    pub hide_kinds: Vec<NodeKind>,
    /// Fit the picture to a page: Graphviz lays it out left to right or top to bottom,
    /// whichever shape is nearer the page's, and scales it down to fit.
    pub page: Option<Page>,
    /// Draw the compact legend (one row of kind colours and a line on edge styles).
    pub legend: bool,
}

impl RenderOptions {
    /// The options to draw one part of [`pages`] with: the same look, nothing cut again.
    pub fn for_part(&self) -> RenderOptions {
        RenderOptions {
            focus: None,
            max_claims: None,
            hide_kinds: Vec::new(),
            ..self.clone()
        }
    }
}

/// The printable area of a page, in inches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// Width in inches.
    pub width: f64,
    /// Height in inches.
    pub height: f64,
}

impl Page {
    /// A4 portrait less 1.5 cm margins.
    pub const A4: Page = Page {
        width: 7.09,
        height: 10.51,
    };
    /// US Letter portrait less 0.75 in margins.
    pub const LETTER: Page = Page {
        width: 7.0,
        height: 9.5,
    };

    /// The page turned sideways.
    pub fn landscape(self) -> Page {
        Page {
            width: self.height,
            height: self.width,
        }
    }

    /// Reads `a4`, `letter`, either with `-landscape`, or `WxH` in inches (`6x4`) or
    /// centimetres (`16x10cm`).
    pub fn parse(s: &str) -> Option<Page> {
        let s = s.trim().to_ascii_lowercase();
        let (base, landscape) = match s.strip_suffix("-landscape") {
            Some(b) => (b.to_string(), true),
            None => (s.clone(), false),
        };
        let page = match base.as_str() {
            "a4" => Page::A4,
            "letter" => Page::LETTER,
            other => {
                let (dims, per_inch) = match other.strip_suffix("cm") {
                    Some(d) => (d, 2.54),
                    None => (other.strip_suffix("in").unwrap_or(other), 1.0),
                };
                let (w, h) = dims.split_once('x')?;
                let (w, h) = (w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?);
                if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
                    return None;
                }
                Page {
                    width: w / per_inch,
                    height: h / per_inch,
                }
            }
        };
        Some(if landscape { page.landscape() } else { page })
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            engine: EngineChoice::Auto,
            layout: Layout::Dot,
            focus: None,
            depth: 1,
            max_claims: None,
            hide_kinds: Vec::new(),
            page: None,
            legend: true,
        }
    }
}

/// An SVG picture and the engine that drew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The SVG document.
    pub svg: String,
    /// Who drew it.
    pub engine: Engine,
}

/// Draws the graph (reduced as `opts` says) as SVG: with Graphviz when `dot` is installed and
/// the engine choice allows it, with the built-in layout otherwise.
pub fn svg(graph: &KnowledgeGraph, opts: &RenderOptions) -> Result<Rendered> {
    let g = reduce(graph, opts)?;
    if opts.engine != EngineChoice::Builtin {
        match graphviz(&g, opts, Format::Svg) {
            Ok(bytes) => {
                let svg = String::from_utf8(bytes).map_err(|e| Error::Graphviz {
                    message: format!("SVG output is not UTF-8: {e}"),
                })?;
                return Ok(Rendered {
                    svg,
                    engine: Engine::Graphviz(opts.layout),
                });
            }
            Err(Error::GraphvizMissing { .. }) if opts.engine == EngineChoice::Auto => {}
            Err(Error::GraphvizMissing { .. }) => {
                return Err(Error::GraphvizMissing {
                    format: "SVG with the Graphviz engine".into(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Rendered {
        svg: builtin_svg(&g)?,
        engine: Engine::Builtin,
    })
}

/// Draws the graph (reduced as `opts` says) as PNG or PDF bytes with Graphviz; an error
/// telling how to install it when `dot` is missing. `opts.engine` is ignored.
pub fn image(graph: &KnowledgeGraph, opts: &RenderOptions, format: ImageFormat) -> Result<Vec<u8>> {
    let g = reduce(graph, opts)?;
    let f = match format {
        ImageFormat::Png => Format::Png,
        ImageFormat::Pdf => Format::Pdf,
    };
    graphviz(&g, opts, f).map_err(|e| match e {
        Error::GraphvizMissing { .. } => Error::GraphvizMissing {
            format: format.as_str().into(),
        },
        e => e,
    })
}

/// The lines a node's label is drawn with, by both engines (wrapped and shortened text, role,
/// state-media mark, publisher), before escaping.
pub fn label_lines(n: &Node) -> Vec<String> {
    node_lines(n)
}

/// True when Graphviz's `dot` program can be run.
pub fn graphviz_available() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The DOT text the Graphviz engine is given: the exporter's styling with clusters per article
/// and speaker -> claim edges.
pub fn render_dot(graph: &KnowledgeGraph, layout: Layout) -> String {
    let opts = RenderOptions {
        layout,
        ..RenderOptions::default()
    };
    let mut ctx = PrinterContext::default();
    let mut text = graphviz_rust::printer::DotPrinter::print(
        &dot_graph_with(graph, dot_options(&opts)),
        &mut ctx,
    );
    text.push('\n');
    text
}

fn dot_options(opts: &RenderOptions) -> DotOptions {
    let layout = opts.layout;
    const LAYERED: &[(&str, &str)] = &[("nodesep", "0.25"), ("ranksep", "0.5")];
    // no splines=true: Graphviz 2.43's circo crashes with it
    const SPRING: &[(&str, &str)] = &[("overlap", "false")];
    DotOptions {
        // only dot draws clusters reliably (fdp crashes on some, the others ignore them)
        clusters: layout == Layout::Dot,
        speaker_first: true,
        graph_attrs: if layout == Layout::Dot {
            LAYERED
        } else {
            SPRING
        },
        legend: if opts.legend {
            Legend::Compact
        } else {
            Legend::Off
        },
        cues_at_claims: true,
        top_to_bottom: false,
        size: opts.page.map(|p| (p.width, p.height)),
        dpi: None,
    }
}

/// The smallest scale a page-fitted picture is drawn at (11-point text at 6.6 points): a graph
/// that would need less is split into pages of whole articles.
pub const MIN_PAGE_SCALE: f64 = 0.6;

/// The pictures to draw for `opts.page`, each reduced as `opts` says and ready to draw with
/// [`RenderOptions::for_part`]: the whole graph when it fits the page at [`MIN_PAGE_SCALE`] or
/// more (or no page is set, or Graphviz is missing), else the articles in order, each with its
/// claims and their chains, as many to a page as it holds without drawing them smaller than
/// [`MIN_PAGE_SCALE`] or than the widest of them needs alone (an article too big for a page
/// gets a page of its own, scaled down further).
pub fn pages(graph: &KnowledgeGraph, opts: &RenderOptions) -> Result<Vec<KnowledgeGraph>> {
    let g = reduce(graph, opts)?;
    let Some(page) = opts.page else {
        return Ok(vec![g]);
    };
    if opts.layout != Layout::Dot || !graphviz_available() {
        return Ok(vec![g]);
    }
    let o = DotOptions {
        size: None,
        ..dot_options(opts)
    };
    // the scale the page needs, in the better direction (each page is drawn in the one nearer
    // the page's shape)
    let scale = |p: &KnowledgeGraph| -> Result<f64> {
        let mut best: f64 = 0.0;
        for top_to_bottom in [false, true] {
            let (w, h) = natural_size(p, DotOptions { top_to_bottom, ..o }, opts.layout)?;
            best = best.max((page.width / w).min(page.height / h));
        }
        Ok(best)
    };
    let articles: Vec<String> = g
        .nodes()
        .filter(|n| n.kind == NodeKind::Article)
        .map(|n| n.id.clone())
        .collect();
    if articles.len() < 2 || scale(&g)? >= MIN_PAGE_SCALE {
        return Ok(vec![g]);
    }
    // articles in order, as many to a page as it holds without drawing them smaller than
    // MIN_PAGE_SCALE, or than the smallest of them needs alone
    let part = |group: &[String]| -> Result<KnowledgeGraph> {
        let mut ids = BTreeSet::new();
        for a in group {
            let claims: BTreeSet<String> = g
                .edges()
                .filter(|e| e.kind == EdgeKind::AppearsIn && e.target == *a)
                .map(|e| e.source.clone())
                .collect();
            ids.extend(with_chains(&g, &claims)?);
            ids.insert(a.clone());
        }
        Ok(g.subgraph(&ids))
    };
    let mut pages = Vec::new();
    let mut group: Vec<String> = Vec::new();
    // the scale the articles of the group need alone, the smallest
    let mut needs = f64::INFINITY;
    for a in articles {
        let alone = scale(&part(std::slice::from_ref(&a))?)?;
        if !group.is_empty() {
            let floor = needs.min(alone).min(MIN_PAGE_SCALE) * 0.97;
            let mut with = group.clone();
            with.push(a.clone());
            if scale(&part(&with)?)? < floor {
                pages.push(part(&group)?);
                group.clear();
                needs = f64::INFINITY;
            }
        }
        group.push(a);
        needs = needs.min(alone);
    }
    pages.push(part(&group)?);
    // claims that run across the articles bring every article along: split only when the
    // pages differ
    pages.dedup_by(|a, b| a.nodes().map(|n| &n.id).eq(b.nodes().map(|n| &n.id)));
    if pages.len() < 2 {
        return Ok(vec![g]);
    }
    Ok(pages)
}

/// Pixels per inch of a PNG fitted to a page.
pub const PAGE_DPI: u32 = 150;

/// Height over width of the layout Graphviz makes of `g` with `o`.
fn aspect(g: &KnowledgeGraph, o: DotOptions, layout: Layout) -> Result<f64> {
    let (w, h) = natural_size(g, o, layout)?;
    Ok(h / w)
}

/// Width and height in inches of the layout Graphviz makes of `g` with `o`.
fn natural_size(g: &KnowledgeGraph, o: DotOptions, layout: Layout) -> Result<(f64, f64)> {
    let plain = run_graphviz(g, o, layout, Format::Plain)?;
    // the first line: "graph SCALE WIDTH HEIGHT"
    let text = String::from_utf8_lossy(&plain);
    let dims: Vec<f64> = text
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    match dims.as_slice() {
        [w, h, ..] if *w > 0.0 && *h > 0.0 => Ok((*w, *h)),
        _ => Err(Error::Graphviz {
            message: "plain output without the graph's size".into(),
        }),
    }
}

/// The layout direction whose shape is nearer the page's: top to bottom when that is nearer
/// (a tall page and a wide left-to-right layout, or the other way round).
fn nearer_top_to_bottom(g: &KnowledgeGraph, o: DotOptions, page: Page) -> Result<bool> {
    let want = (page.height / page.width).ln();
    let lr = aspect(g, DotOptions { size: None, ..o }, Layout::Dot)?;
    let tb = aspect(
        g,
        DotOptions {
            size: None,
            top_to_bottom: true,
            ..o
        },
        Layout::Dot,
    )?;
    Ok((tb.ln() - want).abs() < (lr.ln() - want).abs())
}

/// The DOT options for `g`: those of `opts`, in the direction nearer the page's shape when
/// there is a page.
fn page_options(g: &KnowledgeGraph, opts: &RenderOptions) -> Result<DotOptions> {
    let mut o = dot_options(opts);
    if let Some(page) = opts.page
        && opts.layout == Layout::Dot
    {
        o.top_to_bottom = nearer_top_to_bottom(g, o, page)?;
    }
    Ok(o)
}

/// The most nodes either engine is asked to lay out: beyond this a picture takes minutes to hours
/// and shows nothing a reader can follow.
pub const MAX_DRAWN_NODES: usize = 1_000;

/// An error for a graph of `nodes` nodes, too many to draw ([`MAX_DRAWN_NODES`]), saying how
/// to draw part of it.
pub fn drawable(nodes: usize) -> Result<()> {
    if nodes <= MAX_DRAWN_NODES {
        return Ok(());
    }
    Err(Error::Render {
        message: format!(
            "the graph to draw has {nodes} nodes, more than the {MAX_DRAWN_NODES} a picture can \
             show: draw part of it with --focus NODE (and --depth), --max-claims N or --hide KIND"
        ),
    })
}

fn graphviz(g: &KnowledgeGraph, opts: &RenderOptions, format: Format) -> Result<Vec<u8>> {
    drawable(g.node_count())?;
    let mut o = page_options(g, opts)?;
    // a page-sized bitmap at print resolution
    if opts.page.is_some() && matches!(format, Format::Png) {
        o.dpi = Some(PAGE_DPI);
    }
    run_graphviz(g, o, opts.layout, format)
}

fn run_graphviz(
    g: &KnowledgeGraph,
    o: DotOptions,
    layout: Layout,
    format: Format,
) -> Result<Vec<u8>> {
    exec(dot_graph_with(g, o), layout, format)
}

/// A PDF of the graph (reduced as `opts` says, fitted to `opts.page`) with `caption` under it,
/// its lines wrapped at 110 characters and left-justified. Needs Graphviz.
pub fn pdf_with_caption(
    graph: &KnowledgeGraph,
    opts: &RenderOptions,
    caption: &str,
) -> Result<Vec<u8>> {
    let g = reduce(graph, opts)?;
    let mut dot = dot_graph_with(&g, page_options(&g, opts)?);
    let lines: Vec<String> = caption
        .lines()
        .flat_map(|l| {
            let indent = l.len() - l.trim_start().len();
            let wrapped = wrap(l, 110, usize::MAX);
            if wrapped.is_empty() {
                vec![String::new()]
            } else {
                wrapped
                    .into_iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let pad = if i == 0 { indent } else { indent + 4 };
                        format!("{}{w}", " ".repeat(pad))
                    })
                    .collect()
            }
        })
        .collect();
    if let Graph::DiGraph { stmts, .. } = &mut dot {
        stmts.extend(caption_stmts(&lines));
    }
    exec(dot, opts.layout, Format::Pdf).map_err(|e| match e {
        Error::GraphvizMissing { .. } => Error::GraphvizMissing {
            format: "PDF".into(),
        },
        e => e,
    })
}

fn exec(dot: Graph, layout: Layout, format: Format) -> Result<Vec<u8>> {
    let mut ctx = PrinterContext::default();
    graphviz_rust::exec(
        dot,
        &mut ctx,
        vec![
            CommandArg::Layout(layout.graphviz()),
            CommandArg::Format(format),
        ],
    )
    .map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::GraphvizMissing {
                format: format!("{format:?}").to_uppercase(),
            }
        } else {
            Error::Graphviz {
                message: e.to_string().trim().to_string(),
            }
        }
    })
}

/// The part of the graph `opts` asks for: the focus neighbourhood, then the best-supported
/// claims, then without the hidden kinds; when that part is focused or cut to claims and still
/// has more than [`MAX_DRAWN_NODES`] nodes, each claim's first attributions, as many as fit. An
/// error when the focus matches nothing.
pub fn reduce(graph: &KnowledgeGraph, opts: &RenderOptions) -> Result<KnowledgeGraph> {
    let mut g = match &opts.focus {
        Some(f) => {
            let start = find_focus(graph, f).ok_or_else(|| Error::Render {
                message: format!("--focus {f:?} matches no node id, name, alias or claim"),
            })?;
            graph.subgraph(&focus_set(graph, &start, opts.depth)?)
        }
        None => graph.clone(),
    };
    if let Some(n) = opts.max_claims {
        let keep = top_claims(&g, n);
        let mut ids = with_chains(&g, &keep)?;
        // people, organisations and outlets unrelated to any claim stay only when nothing is
        // cut (a graph without claims)
        if keep.is_empty() && n > 0 {
            ids.extend(g.nodes().map(|x| x.id.clone()));
        }
        g = g.subgraph(&ids);
    }
    if !opts.hide_kinds.is_empty() {
        let ids = g
            .nodes()
            .filter(|n| !opts.hide_kinds.contains(&n.kind))
            .map(|n| n.id.clone())
            .collect();
        g = g.subgraph(&ids);
    }
    // a part asked for that is still too large to draw (a claim carried by thousands of
    // articles): the most attributions a claim that fit, its first by article
    let cut = opts.focus.is_some() || opts.max_claims.is_some();
    if cut && g.node_count() > MAX_DRAWN_NODES {
        let claims: Vec<_> = g
            .nodes()
            .filter(|n| n.kind == NodeKind::Claim)
            .filter_map(|n| crate::query::claim_report(&g, &n.id))
            .collect();
        // a part without claims (an outlet's thousands of articles) is not cut to nothing:
        // it stays too large, and drawing it is refused
        let cuts: &[usize] = if claims.is_empty() {
            &[]
        } else {
            &[50, 20, 10, 5, 2, 1]
        };
        for &per_claim in cuts {
            let part = crate::query::first_attributions(&g, &claims, per_claim);
            if part.node_count() <= MAX_DRAWN_NODES {
                g = part;
                break;
            }
        }
    }
    Ok(g)
}

/// The id of the node `q` names: an id, then a name or alias (case-insensitive), then the
/// claim whose words match best.
fn find_focus(g: &KnowledgeGraph, q: &str) -> Option<String> {
    if g.node(q).is_some() {
        return Some(q.to_string());
    }
    let lq = q.trim().to_lowercase();
    if let Some(n) = g.nodes().find(|n| is_named(n, &lq)) {
        return Some(n.id.clone());
    }
    crate::query::trace(g, q, false)
        .into_iter()
        .next()
        .map(|c| c.id)
}

/// True when `n` is not a claim and its name or an alias is `lq` (lowercase).
fn is_named(n: &Node, lq: &str) -> bool {
    n.kind != NodeKind::Claim
        && (n.label.to_lowercase() == lq || n.aliases.iter().any(|a| a.to_lowercase() == lq))
}

/// The part of a graph store a picture focused on `q` draws, read without reading the store
/// whole: the id of the node `q` names (found as from the graph JSON) and the graph of its
/// neighbourhood ([`focus_set`]). Drawing that part focused on that id gives the picture of
/// the whole graph focused on `q`.
#[cfg(feature = "db")]
pub fn store_focus(
    db: &crate::store::Store,
    q: &str,
    depth: usize,
) -> Result<(String, KnowledgeGraph)> {
    let start = if db.has_node(q)? {
        Some(q.to_string())
    } else {
        let lq = q.trim().to_lowercase();
        let mut named: Option<String> = None;
        for k in NodeKind::ALL.into_iter().filter(|k| *k != NodeKind::Claim) {
            db.each_node(Some(k), &mut |n| {
                if is_named(n, &lq) && named.as_ref().is_none_or(|m| n.id < *m) {
                    named = Some(n.id.clone());
                }
                Ok(())
            })?;
        }
        match named {
            Some(id) => Some(id),
            None => db.trace(q, false)?.into_iter().next().map(|c| c.id),
        }
    };
    let start = start.ok_or_else(|| Error::Render {
        message: format!("--focus {q:?} matches no node id, name, alias or claim"),
    })?;
    let part = db.part(&crate::query::Cut::among(focus_set(db, &start, depth)?))?;
    Ok((start, part))
}

/// The neighbourhood of `start`: `depth` rounds of adding every node one edge away (either
/// direction) and then the whole chain of every claim reached. Read from any source, so a
/// graph store gives the part of a picture without being read whole.
pub fn focus_set(g: &dyn GraphSource, start: &str, depth: usize) -> Result<BTreeSet<String>> {
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut frontier = vec![start.to_string()];
    let mut claims = BTreeSet::new();
    if g.node_kind(start)? == Some(NodeKind::Claim) {
        claims.insert(start.to_string());
    }
    for _ in 0..depth {
        let mut next = Vec::new();
        for id in &frontier {
            let mut near = BTreeSet::new();
            g.each_out_edge(id, &mut |e| {
                near.insert(e.target.clone());
                Ok(())
            })?;
            g.each_in_edge(id, &mut |e| {
                near.insert(e.source.clone());
                Ok(())
            })?;
            for n in near {
                if seen.insert(n.clone()) {
                    if g.node_kind(&n)? == Some(NodeKind::Claim) {
                        claims.insert(n.clone());
                    }
                    next.push(n);
                }
            }
        }
        for id in with_chains(g, &claims)? {
            if seen.insert(id.clone()) {
                if g.node_kind(&id)? == Some(NodeKind::Claim) {
                    claims.insert(id.clone());
                }
                next.push(id);
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(seen)
}

/// The claims and everything on their chains: speakers, channels, articles, the articles'
/// publishers and the parents of those outlets.
fn with_chains(g: &dyn GraphSource, claims: &BTreeSet<String>) -> Result<BTreeSet<String>> {
    let mut keep = claims.clone();
    let mut hop: Vec<String> = Vec::new();
    for c in claims {
        g.each_out_edge(c, &mut |e| {
            keep.insert(e.target.clone());
            hop.push(e.target.clone());
            Ok(())
        })?;
    }
    while let Some(id) = hop.pop() {
        g.each_out_edge(&id, &mut |e| {
            if matches!(e.kind, EdgeKind::PublishedBy | EdgeKind::PartOf)
                && keep.insert(e.target.clone())
            {
                hop.push(e.target.clone());
            }
            Ok(())
        })?;
    }
    Ok(keep)
}

/// The `n` claims with the most support: articles, then outlets, then attributions (said_by
/// edges); ties to the smaller id.
fn top_claims(g: &KnowledgeGraph, n: usize) -> BTreeSet<String> {
    let mut claims: Vec<(usize, usize, usize, &str)> = g
        .nodes()
        .filter(|c| c.kind == NodeKind::Claim)
        .map(|c| {
            let said = g
                .out_edges(&c.id)
                .filter(|e| e.kind == EdgeKind::SaidBy)
                .count();
            (
                c.articles.unwrap_or(0),
                c.outlets.unwrap_or(0),
                said,
                c.id.as_str(),
            )
        })
        .collect();
    claims.sort_by(|a, b| (b.0, b.1, b.2, a.3).cmp(&(a.0, a.1, a.2, b.3)));
    claims
        .into_iter()
        .take(n)
        .map(|c| c.3.to_string())
        .collect()
}

/// Font size of every text in the built-in drawing (one size keeps layout-rs's style sheet
/// deterministic).
const FONT: usize = 12;

fn builtin_node(n: &Node, legend: bool) -> Element {
    let dir = Orientation::LeftToRight.flip();
    let text = if legend {
        n.kind.as_str().to_string()
    } else {
        label_lines(n).join("\n")
    };
    let (rounded, shape) = match n.kind {
        NodeKind::Claim => (10, ShapeKind::new_box(&text)),
        NodeKind::Article => (0, ShapeKind::new_box(&text)),
        _ => (0, ShapeKind::new_circle(&text)),
    };
    let fill = node_style(n.kind).fill;
    let (line, width) = if n.kind == NodeKind::Outlet && n.state_media {
        (STATE_MEDIA_LINE, 3)
    } else {
        ("#555555", 1)
    };
    let look = StyleAttr::new(
        Color::fast(line),
        width,
        Some(Color::fast(fill)),
        rounded,
        FONT,
    );
    let size = get_shape_size(dir, &shape, FONT, false);
    if legend {
        return Element::create(shape, look, dir, size);
    }
    // the graph id on the drawn group, as Graphviz writes it, so the HTML viewer can find it
    let props = format!(
        "id=\"{}\" class=\"node\"",
        crate::export::xml::escape(&n.id)
    );
    Element::create_with_properties(shape, look, dir, size, props)
}

/// The SVG of the built-in layout.
fn builtin_svg(g: &KnowledgeGraph) -> Result<String> {
    drawable(g.node_count())?;
    let run = || {
        let mut vg = VisualGraph::new(Orientation::LeftToRight);
        let mut handles = BTreeMap::new();
        for n in g.nodes() {
            handles.insert(n.id.as_str(), vg.add_node(builtin_node(n, false)));
        }
        for e in g.edges() {
            let (Some(&s), Some(&t)) = (
                handles.get(e.source.as_str()),
                handles.get(e.target.as_str()),
            ) else {
                continue;
            };
            let (from, to) = if e.kind == EdgeKind::SaidBy {
                (t, s)
            } else {
                (s, t)
            };
            let EdgeStyle { color, line: st } = edge_style(e.kind);
            let line = match st {
                "dashed" => LineStyleKind::Dashed,
                "dotted" => LineStyleKind::Dotted,
                _ => LineStyleKind::Normal,
            };
            let look = StyleAttr::new(Color::fast(color), 1, None, 0, FONT);
            let label = if matches!(e.kind, EdgeKind::AppearsIn | EdgeKind::PublishedBy) {
                String::new()
            } else {
                clean(&edge_label(e))
            };
            let props = format!(
                "id=\"{}\" class=\"edge\"",
                crate::export::xml::escape(&edge_id(e))
            );
            let arrow = Arrow::with_properties(
                LineEndKind::None,
                LineEndKind::Arrow,
                line,
                &wrap(&label, 24, 2).join(" "),
                &look,
                props,
                &None,
                &None,
            );
            vg.add_edge(arrow, from, to);
        }
        // the legend: one row of the kinds, tied by invisible edges so it stays together
        let mut prev = None;
        for k in NodeKind::ALL {
            let n = Node::new(format!("legend:{}", k.as_str()), k, k.as_str());
            let h = vg.add_node(builtin_node(&n, true));
            if let Some(p) = prev {
                vg.add_edge(Arrow::invisible(), p, h);
            }
            prev = Some(h);
        }
        let mut w = SVGWriter::new();
        vg.do_it(false, false, false, &mut w);
        w.finalize()
    };
    let svg = std::panic::catch_unwind(run).map_err(|_| Error::Render {
        message: "the built-in layout failed on this graph; try Graphviz".into(),
    })?;
    let svg = svg.replace(
        "font-family: Times, serif;",
        "font-family: Helvetica, Arial, sans-serif;",
    );
    Ok(edges_under_nodes(&sort_style_block(&svg)))
}

/// The layout crate draws the edges after the nodes, so lines run across the boxes: the edge
/// groups (their lines, not their labels) move before the first node, under the filled boxes.
fn edges_under_nodes(svg: &str) -> String {
    const OPEN: &str = "class=\"edge\">";
    let Some(first_node) = svg.find("<g id=") else {
        return svg.to_string();
    };
    let mut rest = String::with_capacity(svg.len());
    let mut edges = String::new();
    let mut at = first_node;
    while let Some(k) = svg.get(at..).and_then(|t| t.find("<g id=")) {
        let start = at + k;
        let tag_end = svg
            .get(start..)
            .and_then(|t| t.find('>'))
            .map(|e| start + e + 1);
        let close = svg
            .get(start..)
            .and_then(|t| t.find("</g>"))
            .map(|e| start + e + 4);
        let (Some(tag_end), Some(close)) = (tag_end, close) else {
            break;
        };
        rest.push_str(svg.get(at..start).unwrap_or(""));
        let group = svg.get(start..close).unwrap_or("");
        if svg
            .get(start..tag_end)
            .is_some_and(|tag| tag.ends_with(OPEN))
        {
            edges.push_str(group);
            edges.push('\n');
        } else {
            rest.push_str(group);
        }
        at = close;
    }
    rest.push_str(svg.get(at..).unwrap_or(""));
    let mut out = String::with_capacity(svg.len() + 1);
    out.push_str(svg.get(..first_node).unwrap_or(""));
    out.push_str(&edges);
    out.push_str(&rest);
    out
}

/// The layout crate writes one CSS class per font size from a hash map, in no fixed order: the
/// lines of the `<style>` block are sorted so the same graph always gives the same bytes.
fn sort_style_block(svg: &str) -> String {
    let (Some(a), Some(b)) = (svg.find("<style>"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let open = a + "<style>".len();
    let Some(inner) = svg.get(open..b) else {
        return svg.to_string();
    };
    let mut lines: Vec<&str> = inner.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(svg.get(..open).unwrap_or(""));
    out.push('\n');
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(svg.get(b..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_edges_are_drawn_under_the_boxes() {
        let svg = "<svg><style>\n</style>\n<g id=\"a\" class=\"node\"><rect/></g>\n<text>A</text>\
                   <g id=\"a-&gt;b#0\" class=\"edge\"><path/></g>\n<text>said</text></svg>";
        assert_eq!(
            edges_under_nodes(svg),
            "<svg><style>\n</style>\n<g id=\"a-&gt;b#0\" class=\"edge\"><path/></g>\n\
             <g id=\"a\" class=\"node\"><rect/></g>\n<text>A</text>\n<text>said</text></svg>"
        );
        let g = sample();
        let drawn = builtin_svg(&g).unwrap();
        let last_edge = drawn.rfind("class=\"edge\"").unwrap();
        let first_node = drawn.find("class=\"node\"").unwrap();
        assert!(last_edge < first_node);
    }

    #[test]
    fn pages_are_named_or_measured() {
        assert_eq!(Page::parse("A4"), Some(Page::A4));
        assert_eq!(
            Page::parse("letter-landscape"),
            Some(Page::LETTER.landscape())
        );
        assert_eq!(
            Page::parse("6x4"),
            Some(Page {
                width: 6.0,
                height: 4.0
            })
        );
        let cm = Page::parse("25.4x12.7cm").unwrap();
        assert!((cm.width - 10.0).abs() < 1e-9 && (cm.height - 5.0).abs() < 1e-9);
        for bad in ["a5", "0x4", "6x", "x", "-1x2", "infx2", ""] {
            assert_eq!(Page::parse(bad), None, "{bad}");
        }
    }
    use crate::graph::Edge;

    fn sample() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for (id, kind, label) in [
            ("person:a", NodeKind::Person, "Ann <b>"),
            ("person:b", NodeKind::Person, "Bob"),
            ("claim:1", NodeKind::Claim, "talks were candid & useful"),
            ("claim:2", NodeKind::Claim, "rates will rise"),
            ("article:x", NodeKind::Article, "Story X"),
            ("outlet:o", NodeKind::Outlet, "Wire"),
        ] {
            g.add_node(Node::new(id, kind, label));
        }
        for (s, t, k) in [
            ("claim:1", "person:a", EdgeKind::SaidBy),
            ("claim:2", "person:b", EdgeKind::SaidBy),
            ("claim:1", "article:x", EdgeKind::AppearsIn),
            ("claim:2", "article:x", EdgeKind::AppearsIn),
            ("article:x", "outlet:o", EdgeKind::PublishedBy),
        ] {
            g.add_edge(Edge::new(s, t, k));
        }
        g
    }

    fn ids(g: &KnowledgeGraph) -> Vec<String> {
        g.nodes().map(|n| n.id.clone()).collect()
    }

    #[test]
    fn focus_on_a_person_keeps_their_claims_with_chains() {
        let opts = RenderOptions {
            focus: Some("ann <B>".into()),
            ..Default::default()
        };
        let g = reduce(&sample(), &opts).unwrap();
        assert_eq!(
            ids(&g),
            ["article:x", "claim:1", "outlet:o", "person:a"].map(String::from)
        );
        let none = RenderOptions {
            focus: Some("zzz".into()),
            ..Default::default()
        };
        assert!(reduce(&sample(), &none).is_err());
    }

    #[test]
    fn a_focused_part_without_claims_is_refused_not_cut_to_nothing() {
        // an outlet that published more articles than a picture holds, and carried no claim
        let mut g = KnowledgeGraph::new();
        g.add_node(Node::new("outlet:o", NodeKind::Outlet, "O"));
        for i in 0..MAX_DRAWN_NODES {
            let a = format!("article:{i:04}");
            g.add_node(Node::new(a.clone(), NodeKind::Article, a.clone()));
            g.add_edge(crate::graph::Edge::new(
                a,
                "outlet:o",
                EdgeKind::PublishedBy,
            ));
        }
        let opts = RenderOptions {
            focus: Some("outlet:o".into()),
            ..Default::default()
        };
        let part = reduce(&g, &opts).unwrap();
        assert_eq!(part.node_count(), MAX_DRAWN_NODES + 1);
        let e = drawable(part.node_count()).unwrap_err().to_string();
        assert!(e.contains("--focus"), "{e}");
    }

    #[test]
    fn max_claims_and_hidden_kinds_cut_deterministically() {
        let opts = RenderOptions {
            max_claims: Some(1),
            hide_kinds: vec![NodeKind::Outlet],
            ..Default::default()
        };
        let g = reduce(&sample(), &opts).unwrap();
        // equal support: the smaller id wins
        assert_eq!(
            ids(&g),
            ["article:x", "claim:1", "person:a"].map(String::from)
        );
    }

    #[test]
    fn style_lines_are_sorted() {
        let svg = "<svg><style>\n.b { x }\n.a { y }\n</style><g/></svg>";
        assert_eq!(
            sort_style_block(svg),
            "<svg><style>\n.a { y }\n.b { x }\n</style><g/></svg>"
        );
        assert_eq!(sort_style_block("<svg/>"), "<svg/>");
    }

    #[test]
    fn builtin_svg_is_deterministic_and_escaped() {
        let opts = RenderOptions {
            engine: EngineChoice::Builtin,
            ..Default::default()
        };
        let a = svg(&sample(), &opts).unwrap();
        let b = svg(&sample(), &opts).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.engine, Engine::Builtin);
        assert!(a.svg.contains("Ann &lt;b&gt;"));
        assert!(a.svg.contains("candid &amp; useful"));
    }
}
