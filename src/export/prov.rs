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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::graph::{Edge, EdgeKind, KnowledgeGraph, Node, NodeKind};

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

/// Where an edge was read from: article, evidence and offsets.
fn evidence(g: &KnowledgeGraph, e: &Edge, p: &mut Props) {
    if let Some(a) = &e.article {
        let id = format!("article:{a}");
        if g.node(&id).is_some() {
            p.push(("whosaid:article", node_obj(&id)));
        }
    }
    str_props(p, "whosaid:evidence", &e.evidence);
    for (pred, v) in [("whosaid:start", e.start), ("whosaid:end", e.end)] {
        if let Some(v) = v {
            p.push((pred, Obj::Int(v as u64)));
        }
    }
}

fn occurrence(g: &KnowledgeGraph, e: &Edge) -> Obj {
    let mut p: Props = vec![("a", Obj::Class("whosaid:Occurrence"))];
    p.push(("whosaid:key", Obj::Str(e.key.clone())));
    evidence(g, e, &mut p);
    Obj::Blank(p)
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

/// The statements about one claim's versions and reports, one subject each.
fn claim_chain(g: &KnowledgeGraph, claim: &Node, out: &mut Vec<(String, Props)>) {
    // article doc id -> (appears_in edges, order -> outlet -> reported_by edges)
    type Reports<'a> = BTreeMap<u32, BTreeMap<&'a str, Vec<&'a Edge>>>;
    let mut per_article: BTreeMap<&str, (Vec<&Edge>, Reports<'_>)> = BTreeMap::new();
    for e in g.out_edges(&claim.id) {
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
        let in_article = g.node(&article_node).is_some();
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
            for e in g.out_edges(&article_node) {
                if e.kind == EdgeKind::PublishedBy {
                    p.push(("prov:wasAttributedTo", node_obj(&e.target)));
                }
            }
        }
        for o in quoted_from(0) {
            p.push(("prov:wasQuotedFrom", o));
        }
        for e in appears {
            p.push(("whosaid:occurrence", occurrence(g, e)));
        }
        out.push((version_iri(&claim.id, article), p));
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
                    p.push(("whosaid:occurrence", occurrence(g, e)));
                }
                out.push((report_iri(&claim.id, article, *order, outlet), p));
            }
        }
    }
}

/// Every subject with its statements, in a fixed order: nodes by id, each claim followed by its
/// versions and reports.
fn statements(g: &KnowledgeGraph) -> Vec<(String, Props)> {
    let mut out = Vec::new();
    for n in g.nodes() {
        let mut p: Props = types(n).iter().map(|t| ("a", Obj::Class(t))).collect();
        node_fields(n, &mut p);
        for e in g.out_edges(&n.id) {
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
                    evidence(g, e, &mut q);
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
        let is_claim = n.kind == NodeKind::Claim;
        out.push((node_iri(&n.id), p));
        if is_claim {
            claim_chain(g, n, &mut out);
        }
    }
    // a subject listed twice would be legal RDF but surprising: keep the first
    let mut seen = BTreeSet::new();
    out.retain(|(iri, _)| seen.insert(iri.clone()));
    out
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

fn write_err(what: &'static str) -> impl Fn(std::io::Error) -> Error {
    move |source| Error::Write {
        what: what.to_string(),
        source,
    }
}

/// Writes the graph as PROV-O in Turtle, subjects in a fixed order, ending with a newline.
pub fn write_prov_turtle(g: &KnowledgeGraph, mut w: impl Write) -> Result<()> {
    let mut out = String::from(
        "# whosaid source-attribution graph as W3C PROV-O (https://www.w3.org/TR/prov-o/)\n",
    );
    for (p, iri) in PREFIXES {
        let _ = writeln!(out, "@prefix {p}: <{iri}> .");
    }
    for (iri, p) in statements(g) {
        let _ = writeln!(out, "\n<{iri}>");
        turtle_props(&p, 4, &mut out);
        out.push_str(" .\n");
    }
    w.write_all(out.as_bytes())
        .map_err(write_err("PROV Turtle"))
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

/// Writes the same statements as [`write_prov_turtle`] as JSON-LD: an `@context` mapping the
/// `prov`, `rdfs`, `xsd` and `whosaid` prefixes and a `@graph` of subjects, pretty-printed.
pub fn write_prov_jsonld(g: &KnowledgeGraph, mut w: impl Write) -> Result<()> {
    let mut context = Map::new();
    for (p, iri) in PREFIXES {
        context.insert(p.to_string(), Value::String(iri.to_string()));
    }
    let graph: Vec<Value> = statements(g)
        .into_iter()
        .map(|(iri, p)| {
            let mut m = Map::new();
            m.insert("@id".into(), Value::String(iri));
            m.extend(jsonld_props(&p));
            Value::Object(m)
        })
        .collect();
    let doc = json!({ "@context": context, "@graph": graph });
    serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| Error::Write {
        what: "PROV JSON-LD".into(),
        source: e.into(),
    })?;
    w.write_all(b"\n").map_err(write_err("PROV JSON-LD"))
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
