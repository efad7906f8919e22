//! The attribute columns shared by the tabular and XML exports (GraphML, GEXF, CSV): one fixed,
//! ordered list of typed node attributes and one of edge attributes, and each node's or edge's
//! values in that order. Lists (aliases, variants) are joined with [`LIST_SEP`].

use crate::graph::{Edge, Node};

/// Separator of joined list values (aliases, variants).
pub(crate) const LIST_SEP: &str = " | ";

/// The type of an attribute column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Text.
    Str,
    /// true / false.
    Bool,
    /// A non-negative whole number.
    Int,
    /// A floating-point number.
    Double,
}

/// One value of an attribute.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// Text.
    Str(String),
    /// true / false.
    Bool(bool),
    /// A whole number.
    Int(u64),
    /// A floating-point number.
    Double(f64),
}

impl Val {
    /// The value as text: `true`/`false`, decimal numbers (shortest form that reads back
    /// exactly), text as is.
    pub(crate) fn text(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Bool(b) => b.to_string(),
            Val::Int(i) => i.to_string(),
            Val::Double(d) => d.to_string(),
        }
    }
}

/// Node attribute columns, in output order.
pub(crate) const NODE_ATTRS: [(&str, Ty); 15] = [
    ("kind", Ty::Str),
    ("label", Ty::Str),
    ("aliases", Ty::Str),
    ("role", Ty::Str),
    ("country", Ty::Str),
    ("outlet_kind", Ty::Str),
    ("state_media", Ty::Bool),
    ("quote", Ty::Str),
    ("variants", Ty::Str),
    ("articles", Ty::Int),
    ("outlets", Ty::Int),
    ("publisher", Ty::Str),
    ("url", Ty::Str),
    ("title", Ty::Str),
    ("date", Ty::Str),
];

/// Edge attribute columns, in output order.
pub(crate) const EDGE_ATTRS: [(&str, Ty); 12] = [
    ("kind", Ty::Str),
    ("key", Ty::Str),
    ("cue", Ty::Str),
    ("mention", Ty::Str),
    ("order", Ty::Int),
    ("role", Ty::Str),
    ("article", Ty::Str),
    ("evidence", Ty::Str),
    ("start", Ty::Int),
    ("end", Ty::Int),
    ("confidence", Ty::Double),
    ("rule", Ty::Str),
];

fn s(v: &Option<impl AsRef<str>>) -> Option<Val> {
    v.as_ref().map(|x| Val::Str(x.as_ref().to_string()))
}

fn list(v: &[String]) -> Option<Val> {
    (!v.is_empty()).then(|| Val::Str(v.join(LIST_SEP)))
}

fn int<T: Copy + TryInto<u64>>(v: Option<T>) -> Option<Val> {
    v.and_then(|x| x.try_into().ok()).map(Val::Int)
}

/// A node's values, aligned with [`NODE_ATTRS`]; `None` where the node has no value.
pub(crate) fn node_values(n: &Node) -> [Option<Val>; 15] {
    [
        Some(Val::Str(n.kind.as_str().to_string())),
        Some(Val::Str(n.label.clone())),
        list(&n.aliases),
        s(&n.role),
        s(&n.country),
        s(&n.outlet_kind),
        Some(Val::Bool(n.state_media)),
        s(&n.quote),
        list(&n.variants),
        int(n.articles),
        int(n.outlets),
        s(&n.publisher),
        s(&n.url),
        s(&n.title),
        s(&n.date),
    ]
}

/// An edge's values, aligned with [`EDGE_ATTRS`]; `None` where the edge has no value.
pub(crate) fn edge_values(e: &Edge) -> [Option<Val>; 12] {
    [
        Some(Val::Str(e.kind.as_str().to_string())),
        Some(Val::Str(e.key.clone())),
        s(&e.cue),
        s(&e.mention),
        int(e.order),
        s(&e.role),
        s(&e.article),
        s(&e.evidence),
        int(e.start),
        int(e.end),
        e.confidence.map(Val::Double),
        s(&e.rule),
    ]
}

pub(crate) use super::style::edge_id;
