//! One page on a claim, a person, an organisation or an outlet, to paste into an analyst's
//! report (`whosaid report`): the subject, each claim with its chains (publisher, channels,
//! speaker, cue) and evidence sentences with their offsets, the other wordings of the claim
//! (corroborating), the claims of other speakers that say the opposite (contradicting), the
//! articles, and a figure sized for a page. Written as self-contained HTML (the figure inline),
//! Markdown (the figure as SVG files beside it) or, through Graphviz, a PDF of the figure with
//! the claims under it. Text from articles is escaped for each format.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use crate::error::{Error, Result};
use crate::export::html::escape_html;
use crate::graph::{EdgeKind, KnowledgeGraph, Node, NodeKind, claim_similarity};
use crate::query::{self, ArticleRef, ClaimReport};
use crate::render::{self, Page, RenderOptions};

/// The most claims a report shows; the best supported come first.
pub const MAX_CLAIMS: usize = 12;

/// The most attributions a report lists under a claim (its first, by article); the rest are
/// counted, and `whosaid trace` of the claim lists every one.
pub const MAX_LISTED: usize = 25;

/// The most articles a report lists; the rest are counted.
pub const MAX_ARTICLES: usize = 100;

/// A figure with more nodes than this is cut to [`FIGURE_ATTRIBUTIONS`] attributions a claim.
const FIGURE_NODES: usize = 150;

/// Attributions a claim keeps in a figure that was cut (its first, by article).
const FIGURE_ATTRIBUTIONS: usize = 6;

/// How alike two claims must read to be compared for contradiction (word-pair similarity).
pub(crate) const RELATED: f64 = 0.3;

/// What a report is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The claim that matches the query best.
    Claim,
    /// A person, organisation or anonymous source: the claims they made.
    Speaker {
        /// Display name.
        name: String,
    },
    /// An outlet: the claims it published, carried or made.
    Outlet {
        /// Display name.
        name: String,
    },
}

/// A claim of another speaker that says the opposite.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// Its claim id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Who said it.
    pub speakers: Vec<String>,
}

/// One claim of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The claim with its provenance.
    pub claim: ClaimReport,
    /// Other wordings of the same claim in the graph (clustered with it).
    pub wordings: Vec<String>,
    /// Claims of other speakers that read alike but with the opposite polarity.
    pub contradicting: Vec<Contradiction>,
}

/// A report: its subject, claims and articles, and the graph of its figure.
#[derive(Debug, Clone)]
pub struct Report {
    /// The query as given.
    pub query: String,
    /// What it is about.
    pub subject: Subject,
    /// The claims, best supported first, at most [`MAX_CLAIMS`].
    pub entries: Vec<Entry>,
    /// How many claims matched before the cut to [`MAX_CLAIMS`].
    pub matched: usize,
    /// The articles the claims appear in, by id.
    pub articles: Vec<ArticleRef>,
    /// The claims with their chains: what the figure draws.
    pub figure: KnowledgeGraph,
}

/// The report on whatever `q` names in `g`: a node id; else a person, organisation or outlet
/// by name or alias (case-insensitive); else the claim whose words match best. An error when
/// nothing matches.
pub fn report(g: &KnowledgeGraph, q: &str) -> Result<Report> {
    let lq = q.trim().to_lowercase();
    let node = g.node(q.trim()).or_else(|| {
        g.nodes()
            .find(|n| n.kind != NodeKind::Claim && names_match(n, &lq))
    });
    let (subject, ids): (Subject, Vec<String>) = match node {
        Some(n) => {
            let outlet = n.kind == NodeKind::Outlet;
            let ids = (n.kind != NodeKind::Claim && n.kind != NodeKind::Article).then(|| {
                g.nodes()
                    .filter(|c| c.kind == NodeKind::Claim)
                    .filter(|c| {
                        g.out_edges(&c.id).any(|e| {
                            e.target == n.id
                                && (e.kind == EdgeKind::SaidBy
                                    || outlet && e.kind == EdgeKind::ReportedBy)
                        }) || outlet && published_by(g, &c.id, &n.id)
                    })
                    .map(|c| c.id.clone())
                    .collect()
            });
            subject_of(q, n, ids)?
        }
        None => {
            let best = query::trace(g, q, false);
            let Some(c) = best.into_iter().next() else {
                return Err(no_match(q, "no claim, person, organisation or outlet"));
            };
            (Subject::Claim, vec![c.id])
        }
    };
    let (claims, matched) = best_claims(g, &ids);
    Ok(report_on(g, q, subject, claims, matched))
}

/// Whether a node's name or an alias is `lq` (lowercase).
pub(crate) fn names_match(n: &Node, lq: &str) -> bool {
    n.label.to_lowercase() == lq || n.aliases.iter().any(|a| a.to_lowercase() == lq)
}

/// The subject of a report on node `n`, and its claims: `n` itself when it is a claim, else
/// `claims` (the claims it said, or for an outlet carried or published). An article is an
/// error.
pub(crate) fn subject_of(
    q: &str,
    n: &Node,
    claims: Option<Vec<String>>,
) -> Result<(Subject, Vec<String>)> {
    let name = n.label.clone();
    match n.kind {
        NodeKind::Claim => Ok((Subject::Claim, vec![n.id.clone()])),
        NodeKind::Article => Err(no_match(
            q,
            "an article: trace or query --article it instead",
        )),
        NodeKind::Outlet => Ok((Subject::Outlet { name }, claims.unwrap_or_default())),
        _ => Ok((Subject::Speaker { name }, claims.unwrap_or_default())),
    }
}

/// The reports of claims `ids`, best supported first (corroboration, then attributions, then
/// id), cut to [`MAX_CLAIMS`], and how many there were before the cut.
fn best_claims(g: &KnowledgeGraph, ids: &[String]) -> (Vec<ClaimReport>, usize) {
    let mut claims: Vec<ClaimReport> = ids
        .iter()
        .filter_map(|id| query::claim_report(g, id))
        .collect();
    claims.sort_by(|a, b| {
        best_first(
            (a.corroboration, a.provenance.len(), &a.id),
            (b.corroboration, b.provenance.len(), &b.id),
        )
    });
    let matched = claims.len();
    claims.truncate(MAX_CLAIMS);
    (claims, matched)
}

/// The order of a report's claims by (corroboration, attributions, id): the best supported
/// first, ties by id.
pub(crate) fn best_first(
    a: (usize, usize, &String),
    b: (usize, usize, &String),
) -> std::cmp::Ordering {
    (b.0, b.1, a.2).cmp(&(a.0, a.1, b.2))
}

/// The report on `claims` (from [`best_claims`]) of `subject`, of which `matched` matched the
/// query. `g` holds the claims' neighbourhoods and every claim that may contradict them.
fn report_on(
    g: &KnowledgeGraph,
    q: &str,
    subject: Subject,
    claims: Vec<ClaimReport>,
    matched: usize,
) -> Report {
    let figure = figure_cut(query::neighbourhood_ids(g, &claims), &claims).of(g);
    let alike: Vec<Stance> = g
        .nodes()
        .filter(|n| n.kind == NodeKind::Claim)
        .filter(|n| claims.iter().any(|c| reads_alike(&c.text, &n.label)))
        .map(|n| stance(g, &n.id, &n.label))
        .collect();
    let entries = claims
        .into_iter()
        .map(|claim| Entry {
            wordings: g
                .node(&claim.id)
                .map(|n| n.variants.clone())
                .unwrap_or_default(),
            contradicting: contradicting(&stance(g, &claim.id, &claim.text), &alike),
            claim,
        })
        .collect();
    Report::new(q, subject, entries, matched, figure)
}

/// The part of the graph a report's figure draws, given the ids of its claims' neighbourhood
/// ([`query::neighbourhood_ids`]): all of it, or when that has more than [`FIGURE_NODES`] nodes
/// (a claim carried by thousands of articles), each claim's first [`FIGURE_ATTRIBUTIONS`]
/// attributions.
pub(crate) fn figure_cut(neighbourhood: BTreeSet<String>, claims: &[ClaimReport]) -> query::Cut {
    if neighbourhood.len() > FIGURE_NODES {
        query::Cut::first_attributions(claims, FIGURE_ATTRIBUTIONS)
    } else {
        query::Cut::among(neighbourhood)
    }
}

impl Report {
    /// The report of `entries` (best first), of which `matched` matched query `q`, with its
    /// articles in the order the entries first cite them.
    pub(crate) fn new(
        q: &str,
        subject: Subject,
        entries: Vec<Entry>,
        matched: usize,
        figure: KnowledgeGraph,
    ) -> Report {
        let mut seen = BTreeSet::new();
        let articles = entries
            .iter()
            .flat_map(|e| &e.claim.provenance)
            .filter(|p| seen.insert(p.article.id.clone()))
            .map(|p| p.article.clone())
            .collect();
        Report {
            query: q.to_string(),
            subject,
            entries,
            matched,
            articles,
            figure,
        }
    }
}

pub(crate) fn no_match(q: &str, what: &str) -> Error {
    Error::Render {
        message: format!("report {q:?}: {what} matches"),
    }
}

/// True when claim `c` appears in an article `outlet` published.
fn published_by(g: &KnowledgeGraph, c: &str, outlet: &str) -> bool {
    g.out_edges(c)
        .filter(|e| e.kind == EdgeKind::AppearsIn)
        .any(|a| {
            g.out_edges(&a.target)
                .any(|p| p.kind == EdgeKind::PublishedBy && p.target == outlet)
        })
}

/// Whether a claim, with the cues it was said with, denies: a negation in its words or a
/// denying cue ("denied", "rejected").
fn negated(text: &str, cues: &[String]) -> bool {
    let words = text.to_lowercase();
    let negation = words
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w,
                "not" | "no" | "never" | "nothing" | "none" | "neither" | "nor"
            ) || w.ends_with("n't")
        });
    negation
        || cues.iter().any(|c| {
            let c = c.to_lowercase();
            ["deni", "deny", "reject", "dismiss", "refut", "dispute"]
                .iter()
                .any(|d| c.contains(d))
        })
}

/// A claim as contradiction sees it: its words, whether it denies, and who said it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stance {
    /// Claim id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Whether it denies ([`negated`] of its text and cues).
    pub negated: bool,
    /// Its speakers' names.
    pub speakers: BTreeSet<String>,
}

impl Stance {
    /// The stance of claim `id` with `text`, said with `cues` by `speakers`.
    pub(crate) fn new(id: &str, text: &str, cues: &[String], speakers: BTreeSet<String>) -> Stance {
        Stance {
            id: id.to_string(),
            text: text.to_string(),
            negated: negated(text, cues),
            speakers,
        }
    }
}

/// The stance of claim `id` in `g`, from its said_by edges.
fn stance(g: &KnowledgeGraph, id: &str, text: &str) -> Stance {
    let said = || g.out_edges(id).filter(|e| e.kind == EdgeKind::SaidBy);
    let cues: Vec<String> = said().filter_map(|e| e.cue.clone()).collect();
    let speakers = said()
        .filter_map(|e| g.node(&e.target).map(|n| n.label.clone()))
        .collect();
    Stance::new(id, text, &cues, speakers)
}

/// True when two claim texts read alike enough to be compared for contradiction.
pub(crate) fn reads_alike(a: &str, b: &str) -> bool {
    claim_similarity(a, b) >= RELATED
}

/// The claims among `alike` of other speakers that read like `own` with the opposite polarity,
/// by id.
pub(crate) fn contradicting(own: &Stance, alike: &[Stance]) -> Vec<Contradiction> {
    let mut out: Vec<Contradiction> = alike
        .iter()
        .filter(|s| s.id != own.id && reads_alike(&own.text, &s.text))
        .filter(|s| s.negated != own.negated)
        .filter(|s| !s.speakers.is_subset(&own.speakers) || own.speakers.is_empty())
        .map(|s| Contradiction {
            id: s.id.clone(),
            text: s.text.clone(),
            speakers: s.speakers.iter().cloned().collect(),
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The heading of a report.
fn title(r: &Report) -> String {
    match &r.subject {
        Subject::Claim => "Where a claim came from".to_string(),
        Subject::Speaker { name } => format!("Claims of {name}"),
        Subject::Outlet { name } => format!("Claims carried by {name}"),
    }
}

/// The options the figure is drawn with: fitted to `page`, with the compact legend.
pub fn figure_options(page: Page) -> RenderOptions {
    RenderOptions {
        page: Some(page),
        ..RenderOptions::default()
    }
}

/// The figure as SVG: the claims with their chains, fitted to `page` (at most
/// [`MAX_CLAIMS`] claims, so one page holds them).
pub fn figure_svg(r: &Report, page: Page) -> Result<String> {
    Ok(render::svg(&r.figure, &figure_options(page))?.svg)
}

/// Text for Markdown: characters Markdown would read as markup are backslash-escaped, and
/// line breaks become spaces.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// How well a claim is supported: articles, outlets, independent reports, and its marks.
fn support(c: &ClaimReport) -> String {
    let mut s = format!(
        "{} article(s), {} outlet(s), corroboration {}",
        c.articles.len(),
        c.outlets.len(),
        c.corroboration
    );
    if c.state_media {
        s.push_str(", state media");
    }
    if c.anonymous {
        s.push_str(", anonymous source");
    }
    s
}

/// Where an evidence sentence is: its article and character offsets.
fn location(p: &query::Provenance) -> Option<String> {
    let (a, b) = (p.start?, p.end?);
    Some(format!("{}, characters {a}–{b}", p.article.id))
}

/// The attributions of `c` a report lists ([`MAX_LISTED`]), and the line that counts the
/// rest when there are more.
fn listed(c: &ClaimReport) -> (&[query::Provenance], Option<String>) {
    let n = c.provenance.len().min(MAX_LISTED);
    let rest = c.provenance.len() - n;
    let more = (rest > 0).then(|| {
        format!(
            "… and {rest} more attributions (whosaid trace GRAPH {} lists every one)",
            c.id
        )
    });
    (c.provenance.get(..n).unwrap_or_default(), more)
}

/// The articles a report lists ([`MAX_ARTICLES`]), and the line that counts the rest when
/// there are more.
fn listed_articles(r: &Report) -> (&[ArticleRef], Option<String>) {
    let n = r.articles.len().min(MAX_ARTICLES);
    let rest = r.articles.len() - n;
    let more = (rest > 0).then(|| format!("… and {rest} more articles"));
    (r.articles.get(..n).unwrap_or_default(), more)
}

/// The claims of a report as lines of text: each claim, its chains with cue and evidence.
fn claim_lines(e: &Entry) -> Vec<String> {
    let (shown, more) = listed(&e.claim);
    let mut lines = Vec::new();
    for p in shown {
        let mut l = query::output::chain_line(p);
        if let Some(at) = location(p) {
            let _ = write!(l, " [{at}]");
        }
        lines.push(l);
    }
    lines.extend(more);
    lines
}

/// Writes the report as Markdown; the figure is referenced as the SVG file `figure` (written
/// beside it by the caller).
pub fn write_markdown(r: &Report, figure: &str, w: &mut dyn Write) -> Result<()> {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", md(&title(r)));
    let _ = writeln!(
        s,
        "Query: {} — {} of {} matching claims, best supported first.\n",
        md(&r.query),
        r.entries.len(),
        r.matched
    );
    let _ = writeln!(s, "![Figure: the claims with their chains]({figure})\n");
    for (i, e) in r.entries.iter().enumerate() {
        let c = &e.claim;
        let _ = writeln!(s, "## {}. {}\n", i + 1, md(&c.text));
        let _ = writeln!(s, "`{}` — {}\n", c.id, support(c));
        let (shown, more) = listed(c);
        for p in shown {
            let _ = writeln!(s, "- {}", md(&query::output::chain_line(p)));
            if let Some(ev) = &p.evidence {
                let at = location(p).map_or_else(String::new, |l| format!(" ({})", md(&l)));
                let _ = writeln!(s, "  > {}{at}", md(ev));
            }
        }
        if let Some(more) = more {
            let _ = writeln!(s, "- {}", md(&more));
        }
        if !e.wordings.is_empty() {
            let _ = writeln!(s, "\nOther wordings (corroborating):\n");
            for v in &e.wordings {
                let _ = writeln!(s, "- {}", md(v));
            }
        }
        if !e.contradicting.is_empty() {
            let _ = writeln!(s, "\nContradicting:\n");
            for x in &e.contradicting {
                let _ = writeln!(s, "- {} ({})", md(&x.text), md(&x.speakers.join(", ")));
            }
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Articles\n");
    let (shown, more) = listed_articles(r);
    for a in shown {
        let _ = writeln!(s, "- {}", md(&article_line(a)));
    }
    if let Some(more) = more {
        let _ = writeln!(s, "- {}", md(&more));
    }
    w.write_all(s.as_bytes()).map_err(|e| Error::Write {
        what: "Markdown report".into(),
        source: e,
    })
}

fn article_line(a: &ArticleRef) -> String {
    let mut l = a.title.clone().unwrap_or_else(|| a.id.clone());
    if let Some(p) = &a.publisher {
        let _ = write!(l, " — {}", p.name);
    }
    if let Some(d) = &a.date {
        let _ = write!(l, ", {d}");
    }
    if let Some(u) = &a.url {
        let _ = write!(l, ", {u}");
    }
    l
}

/// Writes the report as one self-contained HTML page with the figure (SVG) inline.
pub fn write_html(r: &Report, figure: &str, w: &mut dyn Write) -> Result<()> {
    let h = escape_html;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p class=\"muted\">Query: {} — {} of {} matching claims, best supported first.</p>\n",
        h(&title(r)),
        h(&title(r)),
        h(&r.query),
        r.entries.len(),
        r.matched
    );
    let _ = writeln!(s, "<figure>{}</figure>", svg_element(figure)?);
    for (i, e) in r.entries.iter().enumerate() {
        let c = &e.claim;
        let _ = writeln!(
            s,
            "<section>\n<h2>{}. {}</h2>\n<p class=\"muted\"><code>{}</code> — {}</p>\n<ul>",
            i + 1,
            h(&c.text),
            h(&c.id),
            support(c)
        );
        let (shown, more) = listed(c);
        for p in shown {
            let _ = write!(s, "<li>{}", h(&query::output::chain_line(p)));
            if let Some(ev) = &p.evidence {
                let at = location(p).map_or_else(String::new, |l| {
                    format!(" <span class=\"muted\">({})</span>", h(&l))
                });
                let _ = write!(s, "<blockquote>{}{at}</blockquote>", h(ev));
            }
            s.push_str("</li>\n");
        }
        if let Some(more) = more {
            let _ = writeln!(s, "<li class=\"muted\">{}</li>", h(&more));
        }
        s.push_str("</ul>\n");
        if !e.wordings.is_empty() {
            s.push_str("<h3>Other wordings (corroborating)</h3>\n<ul>\n");
            for v in &e.wordings {
                let _ = writeln!(s, "<li>{}</li>", h(v));
            }
            s.push_str("</ul>\n");
        }
        if !e.contradicting.is_empty() {
            s.push_str("<h3>Contradicting</h3>\n<ul>\n");
            for x in &e.contradicting {
                let _ = writeln!(
                    s,
                    "<li>{} <span class=\"muted\">({})</span></li>",
                    h(&x.text),
                    h(&x.speakers.join(", "))
                );
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }
    s.push_str("<h2>Articles</h2>\n<ul>\n");
    let (shown, more) = listed_articles(r);
    for a in shown {
        let _ = writeln!(s, "<li>{}</li>", h(&article_line(a)));
    }
    if let Some(more) = more {
        let _ = writeln!(s, "<li class=\"muted\">{}</li>", h(&more));
    }
    s.push_str("</ul>\n</body>\n</html>\n");
    w.write_all(s.as_bytes()).map_err(|e| Error::Write {
        what: "HTML report".into(),
        source: e,
    })
}

/// The `<svg>` element of an SVG document (without its XML prologue and doctype).
fn svg_element(svg: &str) -> Result<&str> {
    let start = svg.find("<svg").ok_or_else(|| Error::Render {
        message: "the figure holds no <svg> element".into(),
    })?;
    Ok(svg.get(start..).unwrap_or(svg).trim_end())
}

/// The claims of a report as a caption under its PDF figure: left-justified lines.
pub fn caption(r: &Report) -> String {
    let mut lines = vec![title(r), format!("Query: {}", r.query), String::new()];
    for (i, e) in r.entries.iter().enumerate() {
        lines.push(format!("{}. {}", i + 1, e.claim.text));
        lines.extend(claim_lines(e).into_iter().map(|l| format!("    {l}")));
        for x in &e.contradicting {
            lines.push(format!(
                "    contradicted by: {} ({})",
                x.text,
                x.speakers.join(", ")
            ));
        }
    }
    lines.join("\n")
}

const STYLE: &str = "body { font-family: Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.5em; } h3 { font-size: 1em; }
.muted { color: #666; font-size: 0.9em; }
blockquote { margin: 0.3em 0 0.6em 1em; padding-left: 0.8em; border-left: 3px solid #ccc; }
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }
code { font-size: 0.9em; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_and_line_breaks() {
        assert_eq!(
            md("a*b_[c](d)\n<script>`x` & #1|~"),
            "a\\*b\\_\\[c\\](d) \\<script\\>\\`x\\` \\& \\#1\\|\\~"
        );
    }

    /// A claim with `n` attributions, each in an article of its own.
    fn claim_in(n: usize) -> ClaimReport {
        let provenance: Vec<query::Provenance> = (0..n)
            .map(|i| query::Provenance {
                article: ArticleRef::bare(&format!("article:a{i:03}")),
                via: Vec::new(),
                speaker: query::SpeakerRef {
                    id: "person:li-wei".into(),
                    name: "Li Wei".into(),
                    kind: NodeKind::Person,
                    role: None,
                },
                cue: Some("said".into()),
                mention: None,
                evidence: Some(format!("Li Wei said so in article {i}.")),
                start: Some(0),
                end: Some(30),
                confidence: Some(0.9),
            })
            .collect();
        ClaimReport {
            id: "claim:0123456789abcdef".into(),
            text: "the port will reopen".into(),
            quote: None,
            score: None,
            articles: provenance.iter().map(|p| p.article.id.clone()).collect(),
            outlets: Vec::new(),
            chains: 1,
            corroboration: n,
            single_source: true,
            state_media: false,
            anonymous: false,
            provenance,
        }
    }

    fn written(r: &Report) -> (String, String) {
        let mut md = Vec::new();
        write_markdown(r, "f.svg", &mut md).unwrap();
        let mut html = Vec::new();
        write_html(r, "<svg></svg>", &mut html).unwrap();
        (
            String::from_utf8(md).unwrap(),
            String::from_utf8(html).unwrap(),
        )
    }

    #[test]
    fn a_report_lists_the_first_attributions_and_articles_and_counts_the_rest() {
        let report = |n| {
            let entry = Entry {
                claim: claim_in(n),
                wordings: Vec::new(),
                contradicting: Vec::new(),
            };
            Report::new(
                "port",
                Subject::Claim,
                vec![entry],
                1,
                KnowledgeGraph::new(),
            )
        };
        let r = report(130);
        let (md, html) = written(&r);
        for text in [&md, &html] {
            assert_eq!(text.matches("in article ").count(), MAX_LISTED, "{text}");
            assert!(text.contains("article 24."));
            assert!(!text.contains("article 25."));
            assert!(text.contains("… and 105 more attributions"), "{text}");
            assert!(text.contains("a099"));
            assert!(!text.contains("a100"));
            assert!(text.contains("… and 30 more articles"), "{text}");
        }
        assert!(caption(&r).contains("… and 105 more attributions"));
        assert_eq!(claim_lines(&r.entries[0]).len(), MAX_LISTED + 1);
        // a small claim is listed whole, with no count
        let r = report(3);
        let (md, html) = written(&r);
        for text in [&md, &html] {
            assert_eq!(text.matches("in article ").count(), 3);
            assert!(!text.contains("more attributions") && !text.contains("more articles"));
        }
    }

    #[test]
    fn denials_and_negations_have_the_opposite_polarity() {
        assert!(negated("the talks did not fail", &[]));
        assert!(negated("the talks failed", &["denied".into()]));
        assert!(negated("Beijing won't attend", &[]));
        assert!(!negated("the talks failed", &["said".into()]));
        assert!(!negated("notably, talks went on", &[]));
    }
}
