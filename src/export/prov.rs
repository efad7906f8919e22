//! W3C PROV-O: the graph as RDF, in Turtle (`--format prov`) and JSON-LD (`--format
//! prov-jsonld`). Both serialisations come from one list of statements, so they hold the same
//! triples.
//!
//! The mapping (see the README): claims are `prov:Entity` attributed to their speakers, with the
//! evidence as a qualified `prov:Attribution`; people, organisations, outlets and anonymous
//! sources are `prov:Agent`s; articles are entities attributed to their publisher. The outlet
//! chain is a chain of quotations: the article's version of a claim `prov:wasQuotedFrom` the
//! report of the outlet the article cites (order 1), which was quoted from the next outlet's
//! report, and the last report was quoted from the claim itself (attributed to the speaker).
//! Every node's IRI is [`BASE`]`node/` followed by its id, percent-encoded.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::stream::{Each, Items, Out, write_json};
use crate::error::Result;
use crate::graph::{Edge, EdgeKind, GraphSource, Node, NodeKind};

/// Base of every IRI whosaid mints (`.invalid` is reserved: it never resolves).
pub const BASE: &str = "https://whosaid.invalid/";
/// Namespace of whosaid's own RDF terms (`whosaid:`).
pub const NS: &str = "https://whosaid.invalid/ns#";

const PREFIXES: [(&str, &str); 4] = [
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("whosaid", NS),
];

/// An RDF object.
enum Obj {
    /// A full IRI.
    Iri(String),
    /// A class name written as a prefixed name (`prov:Entity`); only as an `rdf:type`.
    Class(&'static str),
    /// An `xsd:string` literal.
    Str(String),
    /// An `xsd:integer` literal.
    Int(u64),
    /// An `xsd:boolean` literal.
    Bool(bool),
    /// An `xsd:double` literal.
    Double(f64),
    /// A blank node with its own statements.
    Blank(Props),
}

/// Predicate (prefixed name, or `a` for `rdf:type`) and object pairs, in output order.
type Props = Vec<(&'static str, Obj)>;

/// Percent-encodes everything but RFC 3986 unreserved characters, byte by byte of the UTF-8.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The IRI of a node: `https://whosaid.invalid/node/` + the percent-encoded id.
pub fn node_iri(id: &str) -> String {
    format!("{BASE}node/{}", percent_encode(id))
}

fn node_obj(id: &str) -> Obj {
    Obj::Iri(node_iri(id))
}

fn str_props(p: &mut Props, pred: &'static str, v: &Option<impl AsRef<str>>) {
    if let Some(v) = v {
        p.push((pred, Obj::Str(v.as_ref().to_string())));
    }
}

/// The node's own fields.
fn node_fields(n: &Node, p: &mut Props) {
    p.push(("whosaid:id", Obj::Str(n.id.clone())));
    p.push(("rdfs:label", Obj::Str(n.label.clone())));
    for a in &n.aliases {
        p.push(("whosaid:alias", Obj::Str(a.clone())));
    }
    str_props(p, "whosaid:role", &n.role);
    str_props(p, "whosaid:country", &n.country);
    str_props(p, "whosaid:outletKind", &n.outlet_kind);
    if n.state_media {
        p.push(("whosaid:stateMedia", Obj::Bool(true)));
    }
    str_props(p, "whosaid:quote", &n.quote);
    for v in &n.variants {
        p.push(("whosaid:variant", Obj::Str(v.clone())));
    }
    for (pred, v) in [
        ("whosaid:articles", n.articles),
        ("whosaid:outlets", n.outlets),
    ] {
        if let Some(v) = v {
            p.push((pred, Obj::Int(v as u64)));
        }
    }
    str_props(p, "whosaid:publisherName", &n.publisher);
    str_props(p, "whosaid:url", &n.url);
    str_props(p, "whosaid:title", &n.title);
    str_props(p, "whosaid:date", &n.date);
}

/// Which articles the graph has, each looked up once per node written.
struct Articles<'a> {
    g: &'a dyn GraphSource,
    known: HashMap<String, bool>,
}

impl<'a> Articles<'a> {
    fn new(g: &'a dyn GraphSource) -> Self {
        Articles {
            g,
            known: HashMap::new(),
        }
    }

    /// True when the graph has the article node of document `doc`.
    fn has(&mut self, doc: &str) -> Result<bool> {
        if let Some(&k) = self.known.get(doc) {
            return Ok(k);
        }
        let k = self.g.has_node(&format!("article:{doc}"))?;
        self.known.insert(doc.to_string(), k);
        Ok(k)
    }
}

/// Where an edge was read from: article, evidence and offsets.
fn evidence(articles: &mut Articles<'_>, e: &Edge, p: &mut Props) -> Result<()> {
    if let Some(a) = &e.article
        && articles.has(a)?
    {
        p.push(("whosaid:article", node_obj(&format!("article:{a}"))));
    }
    str_props(p, "whosaid:evidence", &e.evidence);
    for (pred, v) in [("whosaid:start", e.start), ("whosaid:end", e.end)] {
        if let Some(v) = v {
            p.push((pred, Obj::Int(v as u64)));
        }
    }
    Ok(())
}

fn occurrence(articles: &mut Articles<'_>, e: &Edge) -> Result<Obj> {
    let mut p: Props = vec![("a", Obj::Class("whosaid:Occurrence"))];
    p.push(("whosaid:key", Obj::Str(e.key.clone())));
    evidence(articles, e, &mut p)?;
    Ok(Obj::Blank(p))
}

fn types(n: &Node) -> &'static [&'static str] {
    match n.kind {
        NodeKind::Article => &["prov:Entity", "whosaid:Article"],
        NodeKind::Claim => &["prov:Entity", "whosaid:Claim"],
        NodeKind::Person => &["prov:Agent", "prov:Person", "whosaid:Person"],
        NodeKind::Organization => &["prov:Agent", "prov:Organization", "whosaid:Organization"],
        NodeKind::Outlet => &["prov:Agent", "prov:Organization", "whosaid:Outlet"],
        NodeKind::Anonymous => &["prov:Agent", "whosaid:AnonymousSource"],
    }
}

/// A claim's version in one article (`article` is the document id).
fn version_iri(claim: &str, article: &str) -> String {
    format!(
        "{BASE}version/{}/{}",
        percent_encode(claim),
        percent_encode(article)
    )
}

/// The report of one outlet, at one place in the chain, of a claim in one article.
fn report_iri(claim: &str, article: &str, order: u32, outlet: &str) -> String {
    format!(
        "{BASE}report/{}/{}/{order}/{}",
        percent_encode(claim),
        percent_encode(article),
        percent_encode(outlet)
    )
}

/// Hands the statements about one claim's versions and reports to `emit`, one subject each,
/// from the claim's out-edges.
fn claim_chain(
    articles: &mut Articles<'_>,
    claim: &Node,
    edges: &[&Edge],
    emit: &mut dyn FnMut(String, Props) -> Result<()>,
) -> Result<()> {
    // article doc id -> (appears_in edges, order -> outlet -> reported_by edges)
    type Reports<'a> = BTreeMap<u32, BTreeMap<&'a str, Vec<&'a Edge>>>;
    let mut per_article: BTreeMap<&str, (Vec<&Edge>, Reports<'_>)> = BTreeMap::new();
    for &e in edges {
        let Some(a) = e.article.as_deref() else {
            continue;
        };
        match e.kind {
            EdgeKind::AppearsIn => per_article.entry(a).or_default().0.push(e),
            EdgeKind::ReportedBy => per_article
                .entry(a)
                .or_default()
                .1
                .entry(e.order.unwrap_or(1))
                .or_default()
                .entry(e.target.as_str())
                .or_default()
                .push(e),
            _ => {}
        }
    }
    for (article, (appears, reports)) in per_article {
        let article_node = format!("article:{article}");
        let in_article = articles.has(article)?;
        let orders: Vec<u32> = reports.keys().copied().collect();
        // who each step quoted from: the reports one step further, or the claim at the end
        let quoted_from = |i: usize| -> Vec<Obj> {
            match orders.get(i).and_then(|o| reports.get(o).map(|r| (o, r))) {
                Some((o, r)) => r
                    .keys()
                    .map(|outlet| Obj::Iri(report_iri(&claim.id, article, *o, outlet)))
                    .collect(),
                None => vec![node_obj(&claim.id)],
            }
        };
        let mut p: Props = vec![
            ("a", Obj::Class("prov:Entity")),
            ("a", Obj::Class("whosaid:ArticleVersion")),
            ("prov:specializationOf", node_obj(&claim.id)),
        ];
        if in_article {
            p.push(("whosaid:inArticle", node_obj(&article_node)));
            articles.g.each_out_edge(&article_node, &mut |e| {
                if e.kind == EdgeKind::PublishedBy {
                    p.push(("prov:wasAttributedTo", node_obj(&e.target)));
                }
                Ok(())
            })?;
        }
        for o in quoted_from(0) {
            p.push(("prov:wasQuotedFrom", o));
        }
        for e in appears {
            p.push(("whosaid:occurrence", occurrence(articles, e)?));
        }
        emit(version_iri(&claim.id, article), p)?;
        for (i, (order, outlets)) in reports.iter().enumerate() {
            for (outlet, edges) in outlets {
                let mut p: Props = vec![
                    ("a", Obj::Class("prov:Entity")),
                    ("a", Obj::Class("whosaid:Report")),
                    ("prov:specializationOf", node_obj(&claim.id)),
                    ("prov:wasAttributedTo", node_obj(outlet)),
                    ("whosaid:order", Obj::Int(u64::from(*order))),
                ];
                if in_article {
                    p.push(("whosaid:inArticle", node_obj(&article_node)));
                }
                for o in quoted_from(i + 1) {
                    p.push(("prov:wasQuotedFrom", o));
                }
                for e in edges {
                    p.push(("whosaid:occurrence", occurrence(articles, e)?));
                }
                emit(report_iri(&claim.id, article, *order, outlet), p)?;
            }
        }
    }
    Ok(())
}

/// Hands every subject with its statements to `f`, in a fixed order: nodes by id, each claim
/// followed by its versions and reports. Reads one node and its out-edges at a time.
fn each_subject(g: &dyn GraphSource, f: &mut dyn FnMut(&str, &Props) -> Result<()>) -> Result<()> {
    let mut articles = Articles::new(g);
    g.each_node_with_edges(&mut |n, edges| {
        articles.known.clear();
        let mut p: Props = types(n).iter().map(|t| ("a", Obj::Class(t))).collect();
        node_fields(n, &mut p);
        for &e in edges {
            let target = node_obj(&e.target);
            match e.kind {
                EdgeKind::SaidBy => {
                    p.push(("prov:wasAttributedTo", node_obj(&e.target)));
                    let mut q: Props = vec![
                        ("a", Obj::Class("prov:Attribution")),
                        ("prov:agent", target),
                        ("whosaid:key", Obj::Str(e.key.clone())),
                    ];
                    str_props(&mut q, "whosaid:cue", &e.cue);
                    str_props(&mut q, "whosaid:mention", &e.mention);
                    evidence(&mut articles, e, &mut q)?;
                    if let Some(c) = e.confidence {
                        q.push(("whosaid:confidence", Obj::Double(c)));
                    }
                    str_props(&mut q, "whosaid:rule", &e.rule);
                    p.push(("prov:qualifiedAttribution", Obj::Blank(q)));
                }
                EdgeKind::ReportedBy => p.push(("whosaid:reportedBy", target)),
                EdgeKind::AppearsIn => p.push(("whosaid:appearsIn", target)),
                EdgeKind::PublishedBy => {
                    p.push(("prov:wasAttributedTo", node_obj(&e.target)));
                    p.push(("whosaid:publishedBy", target));
                }
                EdgeKind::PartOf => p.push(("whosaid:partOf", target)),
                EdgeKind::AffiliatedWith => {
                    p.push(("whosaid:affiliatedWith", node_obj(&e.target)));
                    p.push(("prov:actedOnBehalfOf", node_obj(&e.target)));
                    let mut q: Props =
                        vec![("a", Obj::Class("prov:Delegation")), ("prov:agent", target)];
                    str_props(&mut q, "whosaid:role", &e.role);
                    p.push(("prov:qualifiedDelegation", Obj::Blank(q)));
                }
            }
        }
        // a subject listed twice would be legal RDF but surprising: keep the first (every
        // subject of a node names the node's id, so no other node's can be the same)
        let mut seen = BTreeSet::new();
        let mut emit = |iri: String, p: Props| {
            if seen.insert(iri.clone()) {
                f(&iri, &p)
            } else {
                Ok(())
            }
        };
        emit(node_iri(&n.id), p)?;
        if n.kind == NodeKind::Claim {
            claim_chain(&mut articles, n, edges, &mut emit)?;
        }
        Ok(())
    })
}

/// The lexical form of an `xsd:double` (the same in Turtle and JSON-LD).
fn double_lexical(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "INF" } else { "-INF" }.into()
    } else {
        format!("{x:?}")
    }
}

/// A Turtle string literal: `"..."` with quotes, backslashes, line breaks and control
/// characters escaped.
pub fn turtle_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn turtle_obj(o: &Obj, indent: usize, out: &mut String) {
    match o {
        Obj::Iri(i) => {
            let _ = write!(out, "<{i}>");
        }
        Obj::Class(c) => out.push_str(c),
        Obj::Str(s) => out.push_str(&turtle_string(s)),
        Obj::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Obj::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Obj::Double(x) => {
            let _ = write!(out, "{}^^xsd:double", turtle_string(&double_lexical(*x)));
        }
        Obj::Blank(p) => {
            out.push_str("[\n");
            turtle_props(p, indent + 4, out);
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
    }
}

fn turtle_props(p: &Props, indent: usize, out: &mut String) {
    let mut last: Option<&str> = None;
    for (pred, o) in p {
        if last == Some(*pred) {
            // another object of the same predicate: `a prov:Entity, whosaid:Claim`
            out.push_str(", ");
        } else {
            if last.is_some() {
                out.push_str(" ;\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push_str(pred);
            out.push(' ');
        }
        turtle_obj(o, indent, out);
        last = Some(pred);
    }
}

/// Writes the graph as PROV-O in Turtle, subjects in a fixed order, ending with a newline; a
/// node's statements at a time.
pub fn write_prov_turtle(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let mut to = Out::new(w, "PROV Turtle");
    let mut out = String::from(
        "# whosaid source-attribution graph as W3C PROV-O (https://www.w3.org/TR/prov-o/)\n",
    );
    for (p, iri) in PREFIXES {
        let _ = writeln!(out, "@prefix {p}: <{iri}> .");
    }
    to.put(&out)?;
    each_subject(g, &mut |iri, p| {
        out.clear();
        let _ = writeln!(out, "\n<{iri}>");
        turtle_props(p, 4, &mut out);
        out.push_str(" .\n");
        to.put(&out)
    })?;
    to.finish()
}

fn jsonld_obj(o: &Obj) -> Value {
    let typed = |v: String, t: &str| json!({"@value": v, "@type": t});
    match o {
        Obj::Iri(i) => json!({ "@id": i }),
        Obj::Class(c) => Value::String((*c).to_string()),
        Obj::Str(s) => Value::String(s.clone()),
        Obj::Int(n) => typed(n.to_string(), "xsd:integer"),
        Obj::Bool(b) => typed(b.to_string(), "xsd:boolean"),
        Obj::Double(x) => typed(double_lexical(*x), "xsd:double"),
        Obj::Blank(p) => Value::Object(jsonld_props(p)),
    }
}

fn jsonld_props(p: &Props) -> Map<String, Value> {
    let mut m = Map::new();
    for (pred, o) in p {
        let key = if *pred == "a" { "@type" } else { pred };
        let slot = m
            .entry(key.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(v) = slot {
            v.push(jsonld_obj(o));
        }
    }
    m
}

/// The JSON-LD document: its keys in the sorted order of a `serde_json::Value`.
#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: Map<String, Value>,
    #[serde(rename = "@graph")]
    graph: Items<'a, Value>,
}

/// Writes the same statements as [`write_prov_turtle`] as JSON-LD: an `@context` mapping the
/// `prov`, `rdfs`, `xsd` and `whosaid` prefixes and a `@graph` of subjects, pretty-printed, a
/// node's subjects at a time.
pub fn write_prov_jsonld(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let mut context = Map::new();
    for (p, iri) in PREFIXES {
        context.insert(p.to_string(), Value::String(iri.to_string()));
    }
    let failed = RefCell::new(None);
    let subjects: &Each<'_, Value> = &|f| {
        each_subject(g, &mut |iri, p| {
            let mut m = Map::new();
            m.insert("@id".into(), Value::String(iri.to_string()));
            m.extend(jsonld_props(p));
            f(&Value::Object(m))
        })
    };
    let doc = JsonLd {
        context,
        graph: Items::new(subjects, &failed),
    };
    write_json(&doc, true, &failed, "PROV JSON-LD", w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_valid_iris() {
        assert_eq!(
            node_iri("anonymous:two sides@art/1"),
            "https://whosaid.invalid/node/anonymous%3Atwo%20sides%40art%2F1"
        );
        assert_eq!(percent_encode("é<>"), "%C3%A9%3C%3E");
    }

    #[test]
    fn turtle_strings_are_escaped() {
        assert_eq!(
            turtle_string("a\"b\\c\nd\u{1}\u{2028}😀"),
            "\"a\\\"b\\\\c\\nd\\u0001\\u2028😀\""
        );
    }

    #[test]
    fn doubles_have_valid_lexical_forms() {
        assert_eq!(double_lexical(0.85), "0.85");
        assert_eq!(double_lexical(1.0), "1.0");
        assert_eq!(double_lexical(f64::INFINITY), "INF");
    }
}
