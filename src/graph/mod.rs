//! The knowledge graph: a petgraph `StableDiGraph` of articles, claims, people, organisations,
//! outlets and anonymous sources, with stable readable ids. Owns the id scheme, the merge of
//! nodes that share an id and the clustering of near-duplicate claims; no `NodeIndex` leaves
//! this module.
//!
//! Merging is associative and commutative: node fields combine by set union, logical or and
//! "smallest value wins", parallel edges with one (source, target, key) keep the smallest, and
//! claims are re-clustered from the union of their wordings, so graphs built separately and
//! merged equal the graph built at once.

mod build;
mod cluster;
mod source;

pub use build::GraphBuilder;
pub use cluster::{SHINGLE_WORDS, SIMILARITY, claim_similarity};
pub use source::GraphSource;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;
use std::sync::Arc;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Serialize};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A news article.
    Article,
    /// A claim (normalised content of one or more attributions).
    Claim,
    /// A named person.
    Person,
    /// An organisation.
    Organization,
    /// A news outlet or channel.
    Outlet,
    /// An anonymous source.
    Anonymous,
}

impl NodeKind {
    /// Lowercase name as used in ids and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Article => "article",
            NodeKind::Claim => "claim",
            NodeKind::Person => "person",
            NodeKind::Organization => "organization",
            NodeKind::Outlet => "outlet",
            NodeKind::Anonymous => "anonymous",
        }
    }

    /// Every kind, in legend order.
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Article,
        NodeKind::Claim,
        NodeKind::Person,
        NodeKind::Organization,
        NodeKind::Outlet,
        NodeKind::Anonymous,
    ];
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// claim -> speaker.
    SaidBy,
    /// claim -> outlet or channel; `order` 1 is the one the article cites directly.
    ReportedBy,
    /// claim -> article.
    AppearsIn,
    /// article -> outlet that published it.
    PublishedBy,
    /// outlet -> parent outlet or organisation.
    PartOf,
    /// person -> organisation.
    AffiliatedWith,
}

impl EdgeKind {
    /// Every edge kind, in declaration order.
    pub const ALL: [EdgeKind; 6] = [
        EdgeKind::SaidBy,
        EdgeKind::ReportedBy,
        EdgeKind::AppearsIn,
        EdgeKind::PublishedBy,
        EdgeKind::PartOf,
        EdgeKind::AffiliatedWith,
    ];

    /// snake_case name as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::SaidBy => "said_by",
            EdgeKind::ReportedBy => "reported_by",
            EdgeKind::AppearsIn => "appears_in",
            EdgeKind::PublishedBy => "published_by",
            EdgeKind::PartOf => "part_of",
            EdgeKind::AffiliatedWith => "affiliated_with",
        }
    }
}

/// A node. Optional fields are omitted from JSON when empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id: `person:qin-gang`, `outlet:xinhua`, `article:<doc id>`, `claim:<hash>`.
    pub id: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Display name (claims: the claim text).
    pub label: String,
    /// Other names seen for the entity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Role or title (people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Country (outlets and organisations from the registry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Outlet kind: wire, broadcaster, newspaper, magazine, website, platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_kind: Option<String>,
    /// True for state-controlled media.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub state_media: bool,
    /// Claims: direct, indirect or mixed (the smallest of its attributions' kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Claims: the other wordings clustered into this claim (the label is the canonical one),
    /// sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Claims: number of distinct articles the claim appears in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
    /// Claims: number of distinct outlets that carried it (channels it was reported by, and the
    /// publishers of the articles it appears in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlets: Option<usize>,
    /// Articles: publisher name as given in metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Articles: URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Articles: headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Articles: publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Node {
    /// A node with only id, kind and label set.
    pub fn new(id: impl Into<String>, kind: NodeKind, label: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            kind,
            label: label.into(),
            aliases: Vec::new(),
            role: None,
            country: None,
            outlet_kind: None,
            state_media: false,
            quote: None,
            variants: Vec::new(),
            articles: None,
            outlets: None,
            publisher: None,
            url: None,
            title: None,
            date: None,
        }
    }

    /// Folds another node with the same id into this one: aliases (claims: variants) are united
    /// (sorted), empty fields are filled, and where both have a value the smaller one wins; the
    /// other label becomes an alias (claims: a variant). So merging is associative and
    /// commutative.
    fn merge(&mut self, other: Node) {
        fn pick<T: PartialOrd>(a: &mut Option<T>, b: Option<T>) {
            match (a.as_ref(), b) {
                (None, b) => *a = b,
                (Some(x), Some(y)) if y < *x => *a = Some(y),
                _ => {}
            }
        }
        let (small, large) = if other.label < self.label {
            (other.label, std::mem::take(&mut self.label))
        } else {
            (std::mem::take(&mut self.label), other.label)
        };
        self.label = small;
        let names = if self.kind == NodeKind::Claim {
            &mut self.variants
        } else {
            &mut self.aliases
        };
        names.push(large);
        self.aliases.extend(other.aliases);
        self.variants.extend(other.variants);
        for v in [&mut self.aliases, &mut self.variants] {
            v.retain(|a| *a != self.label);
            v.sort();
            v.dedup();
        }
        pick(&mut self.articles, other.articles);
        pick(&mut self.outlets, other.outlets);
        pick(&mut self.role, other.role);
        pick(&mut self.country, other.country);
        pick(&mut self.outlet_kind, other.outlet_kind);
        pick(&mut self.quote, other.quote);
        pick(&mut self.publisher, other.publisher);
        pick(&mut self.url, other.url);
        pick(&mut self.title, other.title);
        pick(&mut self.date, other.date);
        self.state_media |= other.state_media;
    }
}

/// An edge, with the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Edge kind.
    pub kind: EdgeKind,
    /// Distinguishes parallel edges (networkx multigraph key): unique per (source, target).
    pub key: String,
    /// said_by: the cue ("acknowledged", "according to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// said_by: how the article names the source ("The Chinese foreign minister").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
    /// reported_by: 1 = the outlet the article cites directly, rising toward the speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// affiliated_with: the person's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Article id the edge was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The evidence sentence: one copy shared by the edges of an attribution (said_by,
    /// reported_by, appears_in), the largest string of a graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Arc<str>>,
    /// Code-point offset of the evidence in the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Code-point offset one past the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// said_by: confidence of the extraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// said_by: rule that produced the attribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Edge {
    /// A bare edge; `key` is derived from kind, article and evidence offset when built.
    pub fn new(source: impl Into<String>, target: impl Into<String>, kind: EdgeKind) -> Edge {
        Edge {
            source: source.into(),
            target: target.into(),
            kind,
            key: kind.as_str().to_string(),
            cue: None,
            mention: None,
            order: None,
            role: None,
            article: None,
            evidence: None,
            start: None,
            end: None,
            confidence: None,
            rule: None,
        }
    }
}

/// Graph-level metadata written in the JSON `graph` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphMeta {
    /// Always "whosaid".
    pub generator: String,
    /// Number of article nodes.
    pub articles: usize,
    /// Number of claim nodes.
    pub claims: usize,
    /// Number of said_by edges (attributions).
    pub attributions: usize,
}

/// The source-attribution knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
    /// (source, target, hash of the key) -> the edge: a few bytes per edge, where the strings
    /// themselves would double the size of a large graph. Sorted views are made when asked for.
    edges: FxHashMap<(NodeIndex, NodeIndex, u64), EdgeIndex>,
}

fn key_hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        KnowledgeGraph::default()
    }

    /// Adds a node, merging it into an existing node with the same id.
    pub fn add_node(&mut self, node: Node) {
        match self.index.get(&node.id) {
            Some(&ix) => {
                if let Some(n) = self.graph.node_weight_mut(ix) {
                    n.merge(node);
                }
            }
            None => {
                let id = node.id.clone();
                let ix = self.graph.add_node(node);
                self.index.insert(id, ix);
            }
        }
    }

    /// Adds an edge between existing nodes; of the edges with one (source, target, key) the
    /// smallest (compared as JSON text) is kept, whatever the order they come in. Returns false
    /// when an endpoint is missing.
    pub fn add_edge(&mut self, edge: Edge) -> bool {
        let (Some(&a), Some(&b)) = (self.index.get(&edge.source), self.index.get(&edge.target))
        else {
            return false;
        };
        match self.find_edge(a, b, &edge.key) {
            Some(ix) => {
                if let Some(old) = self.graph.edge_weight_mut(ix)
                    && edge_order(&edge) < edge_order(old)
                {
                    *old = edge;
                }
            }
            None => {
                let k = (a, b, key_hash(&edge.key));
                let ix = self.graph.add_edge(a, b, edge);
                self.edges.entry(k).or_insert(ix);
            }
        }
        true
    }

    /// Makes room for this many more nodes and edges.
    pub(crate) fn reserve(&mut self, nodes: usize, edges: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(edges);
        self.edges.reserve(edges);
    }

    /// The edge from `a` to `b` with this key.
    fn find_edge(&self, a: NodeIndex, b: NodeIndex, key: &str) -> Option<EdgeIndex> {
        let ix = *self.edges.get(&(a, b, key_hash(key)))?;
        if self.graph.edge_weight(ix).is_some_and(|e| e.key == key) {
            return Some(ix);
        }
        // two keys with one hash: the index holds the first, the others are found by a scan
        self.graph
            .edges_connecting(a, b)
            .find(|e| e.weight().key == key)
            .map(|e| e.id())
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index
            .get(id)
            .and_then(|&ix| self.graph.node_weight(ix))
    }

    /// All nodes, sorted by id.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.index
            .values()
            .filter_map(|&ix| self.graph.node_weight(ix))
    }

    /// All edges, sorted by (source, target, key).
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        // node ranks in id order: the sort compares integers, and keys only between two nodes
        let mut rank = vec![0usize; self.graph.node_bound()];
        for (r, ix) in self.index.values().enumerate() {
            if let Some(slot) = rank.get_mut(ix.index()) {
                *slot = r;
            }
        }
        let at = |ix: NodeIndex| rank.get(ix.index()).copied().unwrap_or(usize::MAX);
        let mut all: Vec<(usize, usize, &Edge)> = self
            .graph
            .edge_references()
            .map(|e| (at(e.source()), at(e.target()), e.weight()))
            .collect();
        all.sort_unstable_by(|x, y| (x.0, x.1, &x.2.key).cmp(&(y.0, y.1, &y.2.key)));
        all.into_iter().map(|(_, _, e)| e)
    }

    /// Edges leaving node `id`, sorted.
    pub fn out_edges<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        let mut out: Vec<&Edge> = self.index.get(id).map_or_else(Vec::new, |&ix| {
            self.graph
                .edges_directed(ix, Direction::Outgoing)
                .map(|e| e.weight())
                .collect()
        });
        out.sort_unstable_by(|x, y| (&x.target, &x.key).cmp(&(&y.target, &y.key)));
        out.into_iter()
    }

    /// Edges entering node `id`, in no particular order.
    pub fn in_edges<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.index.get(id).into_iter().flat_map(|&ix| {
            self.graph
                .edges_directed(ix, Direction::Incoming)
                .map(|e| e.weight())
        })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Counts for the JSON `graph` object.
    pub fn meta(&self) -> GraphMeta {
        let count = |k| self.nodes().filter(|n| n.kind == k).count();
        GraphMeta {
            generator: "whosaid".to_string(),
            articles: count(NodeKind::Article),
            claims: count(NodeKind::Claim),
            attributions: self
                .graph
                .edge_weights()
                .filter(|e| e.kind == EdgeKind::SaidBy)
                .count(),
        }
    }

    /// Adds every node and edge of `other`, then re-clusters the claims of the union (see
    /// [`KnowledgeGraph::cluster_claims`]). Associative and commutative: any order and grouping
    /// of merges gives the same graph, and merging the graphs of separate articles gives the
    /// graph built from all of them at once.
    pub fn merge(&mut self, other: &KnowledgeGraph) {
        *self = KnowledgeGraph::merge_all([&*self, other]);
    }

    /// The merge of all `graphs` (empty for none), clustering claims once at the end: the same
    /// graph as merging them one by one, in any order.
    pub fn merge_all<'a>(graphs: impl IntoIterator<Item = &'a KnowledgeGraph>) -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        for other in graphs {
            b.add_graph(other.clone());
        }
        b.finish()
    }

    /// Moves every node and edge of `other` into this graph; [`GraphBuilder::finish`] clusters
    /// the claims after the last one. Merging graphs one at a time this
    /// way holds only the union and the graph being added. `other` is clustered first: a graph
    /// read from a file need not be (a claim node may not be named after its label), and nodes
    /// of one id must hold the same claim for merging to be idempotent; on graphs whosaid wrote
    /// this changes nothing.
    pub(crate) fn add_graph(&mut self, mut other: KnowledgeGraph) {
        other.cluster_claims();
        let (nodes, edges) = other.graph.into_nodes_edges_iters();
        for n in nodes {
            self.add_node(n.weight);
        }
        for e in edges {
            self.add_edge(e.weight);
        }
    }

    /// The nodes whose ids are in `keep`, and the edges between them.
    pub fn subgraph(&self, keep: &std::collections::BTreeSet<String>) -> KnowledgeGraph {
        self.subgraph_where(keep, |_| true)
    }

    /// The nodes whose ids are in `keep`, and the edges between them that pass `edge`.
    pub fn subgraph_where(
        &self,
        keep: &std::collections::BTreeSet<String>,
        edge: impl Fn(&Edge) -> bool,
    ) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for n in self.nodes().filter(|n| keep.contains(&n.id)) {
            g.add_node(n.clone());
        }
        for e in self
            .edges()
            .filter(|e| keep.contains(&e.source) && keep.contains(&e.target) && edge(e))
        {
            g.add_edge(e.clone());
        }
        g
    }

    /// The graph without the attributions extracted with a confidence below `min` (0 to 1),
    /// as `build --min-confidence` would have left them out: their said_by edges go, with the
    /// reported_by and appears_in edges read from the same evidence unless a confident speaker
    /// shares it; claims left with no speaker go, and so do speakers and channels no kept
    /// attribution names (with the affiliations and parents only they led to). Articles and
    /// their publishers stay; a claim keeps all its wordings; counts are recomputed.
    pub fn retain_confident(&self, min: f64) -> KnowledgeGraph {
        let weak = |e: &Edge| e.kind == EdgeKind::SaidBy && e.confidence.is_some_and(|c| c < min);
        let key = |e: &'_ Edge| -> (String, Option<String>, Option<usize>) {
            (e.source.clone(), e.article.clone(), e.start)
        };
        let said: Vec<&Edge> = self
            .edges()
            .filter(|e| e.kind == EdgeKind::SaidBy)
            .collect();
        let confident: BTreeSet<_> = said.iter().filter(|e| !weak(e)).map(|e| key(e)).collect();
        let dropped: BTreeSet<_> = said.iter().filter(|e| weak(e)).map(|e| key(e)).collect();
        let keep_edge = |e: &Edge| match e.kind {
            EdgeKind::SaidBy => !weak(e),
            EdgeKind::ReportedBy | EdgeKind::AppearsIn => {
                let k = key(e);
                !dropped.contains(&k) || confident.contains(&k)
            }
            _ => true,
        };
        let spoken: BTreeSet<&str> = said
            .iter()
            .filter(|e| !weak(e))
            .map(|e| e.source.as_str())
            .collect();
        let mut keep: BTreeSet<String> = self
            .nodes()
            .filter(|n| n.kind == NodeKind::Article)
            .map(|n| n.id.clone())
            .collect();
        keep.extend(spoken.iter().map(|c| (*c).to_owned()));
        // what kept claims and articles name, then the affiliations and parents of those
        let mut frontier: Vec<String> = self
            .edges()
            .filter(|e| {
                keep_edge(e)
                    && (spoken.contains(e.source.as_str()) && e.kind != EdgeKind::AppearsIn
                        || e.kind == EdgeKind::PublishedBy)
            })
            .map(|e| e.target.clone())
            .collect();
        while let Some(id) = frontier.pop() {
            if keep.insert(id.clone()) {
                frontier.extend(
                    self.out_edges(&id)
                        .filter(|e| matches!(e.kind, EdgeKind::AffiliatedWith | EdgeKind::PartOf))
                        .map(|e| e.target.clone()),
                );
            }
        }
        let mut g = KnowledgeGraph::new();
        for n in self.nodes().filter(|n| keep.contains(&n.id)) {
            g.add_node(n.clone());
        }
        for e in self
            .edges()
            .filter(|e| keep_edge(e) && keep.contains(&e.source) && keep.contains(&e.target))
        {
            g.add_edge(e.clone());
        }
        g.recount();
        g
    }

    /// The underlying petgraph graph, for algorithms (node weights are [`Node`]s).
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }
}

/// A total order on edges that does not depend on insertion: their JSON text.
fn edge_order(e: &Edge) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXTS: [&str; 5] = [
        "Beijing was ready to review the remaining restrictions on lobster",
        "Beijing is ready to review the remaining restrictions on lobster",
        "beijing is ready to review the remaining restrictions on lobster.",
        "The talks lasted four hours",
        "Nobody wants to lose the momentum now",
    ];

    /// One attribution: text, article, outlet, speaker, role and evidence offset choices.
    type Piece = (usize, usize, usize, usize, usize, usize);

    fn shard(pieces: &[Piece]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        for &(t, a, o, p, r, start) in pieces {
            let text = TEXTS[t % TEXTS.len()];
            let claim = crate::domain::claim_id(text);
            let article = format!("article:a{a}");
            let outlet = format!("outlet:o{o}");
            let person = format!("person:p{p}");
            let mut c = Node::new(claim.clone(), NodeKind::Claim, text);
            c.quote = Some(["direct", "indirect"][r % 2].into());
            g.add_node(c);
            let mut an = Node::new(article.clone(), NodeKind::Article, format!("A{a}"));
            an.publisher = Some(format!("O{o}"));
            g.add_node(an);
            g.add_node(Node::new(outlet.clone(), NodeKind::Outlet, format!("O{o}")));
            let mut pn = Node::new(person.clone(), NodeKind::Person, format!("P{p}"));
            pn.role = Some(format!("role {r}"));
            pn.aliases.push(format!("alias {r}"));
            g.add_node(pn);
            let mut said = Edge::new(claim.clone(), person, EdgeKind::SaidBy);
            said.key = format!("said_by:a{a}:{start}");
            said.cue = Some(["said", "told"][r % 2].into());
            g.add_edge(said);
            let mut via = Edge::new(
                claim.clone(),
                format!("outlet:o{}", (o + 1) % 3),
                EdgeKind::ReportedBy,
            );
            via.key = format!("reported_by:a{a}:{start}:1");
            via.order = Some(1);
            g.add_node(Node::new(via.target.clone(), NodeKind::Outlet, "x"));
            g.add_edge(via);
            let mut appears = Edge::new(claim, article.clone(), EdgeKind::AppearsIn);
            appears.key = format!("appears_in:a{a}:{start}");
            g.add_edge(appears);
            g.add_edge(Edge::new(article, outlet, EdgeKind::PublishedBy));
        }
        g.cluster_claims();
        g
    }

    fn bytes(g: &KnowledgeGraph) -> Vec<u8> {
        let mut out = Vec::new();
        crate::export::write_graph(g, &mut out).unwrap();
        out
    }

    fn merged(a: &KnowledgeGraph, b: &KnowledgeGraph) -> KnowledgeGraph {
        let mut g = a.clone();
        g.merge(b);
        g
    }

    fn pieces() -> impl Strategy<Value = Vec<Piece>> {
        prop::collection::vec(
            (
                0..5usize,
                0..4usize,
                0..3usize,
                0..3usize,
                0..3usize,
                0..4usize,
            ),
            0..6,
        )
    }

    proptest! {
        #[test]
        fn merge_is_commutative_and_associative(a in pieces(), b in pieces(), c in pieces()) {
            let (ga, gb, gc) = (shard(&a), shard(&b), shard(&c));
            let left = merged(&merged(&ga, &gb), &gc);
            let right = merged(&ga, &merged(&gb, &gc));
            let swapped = merged(&merged(&gc, &ga), &gb);
            let all = KnowledgeGraph::merge_all([&gb, &gc, &ga]);
            prop_assert_eq!(bytes(&left), bytes(&right));
            prop_assert_eq!(bytes(&left), bytes(&swapped));
            prop_assert_eq!(bytes(&left), bytes(&all));
            // the shards merged equal the graph of all pieces at once, and merging is idempotent
            let at_once: Vec<Piece> = a.iter().chain(&b).chain(&c).copied().collect();
            prop_assert_eq!(bytes(&left), bytes(&shard(&at_once)));
            prop_assert_eq!(bytes(&left), bytes(&merged(&left, &ga)));
        }
    }

    #[test]
    fn conflicting_labels_and_edges_merge_the_same_in_any_order() {
        let node = |label: &str, role: &str| {
            let mut n = Node::new("person:us-envoy", NodeKind::Person, label);
            n.role = Some(role.into());
            n
        };
        let edge = |cue: &str| {
            let mut e = Edge::new(
                "person:us-envoy",
                "person:us-envoy",
                EdgeKind::AffiliatedWith,
            );
            e.role = Some(cue.into());
            e
        };
        let mut ab = KnowledgeGraph::new();
        ab.add_node(node("US envoy", "b"));
        ab.add_node(node("U.S. envoy", "a"));
        ab.add_edge(edge("y"));
        ab.add_edge(edge("x"));
        let mut ba = KnowledgeGraph::new();
        ba.add_node(node("U.S. envoy", "a"));
        ba.add_node(node("US envoy", "b"));
        ba.add_edge(edge("x"));
        ba.add_edge(edge("y"));
        assert_eq!(bytes(&ab), bytes(&ba));
        let n = ab.node("person:us-envoy").unwrap();
        assert_eq!(
            (n.label.as_str(), n.aliases.clone()),
            ("U.S. envoy", vec!["US envoy".to_string()])
        );
        assert_eq!(ab.edges().next().unwrap().role.as_deref(), Some("x"));
    }

    #[test]
    fn nodes_with_the_same_id_merge_and_edges_dedupe() {
        let mut g = KnowledgeGraph::new();
        let mut a = Node::new("person:qin-gang", NodeKind::Person, "Qin Gang");
        a.aliases.push("Qin".into());
        g.add_node(a);
        let mut b = Node::new("person:qin-gang", NodeKind::Person, "Qin Gang");
        b.role = Some("Foreign Minister".into());
        b.aliases.push("the Chinese foreign minister".into());
        g.add_node(b);
        g.add_node(Node::new("claim:1", NodeKind::Claim, "x"));
        assert!(g.add_edge(Edge::new("claim:1", "person:qin-gang", EdgeKind::SaidBy)));
        assert!(g.add_edge(Edge::new("claim:1", "person:qin-gang", EdgeKind::SaidBy)));
        assert!(!g.add_edge(Edge::new("claim:1", "person:nobody", EdgeKind::SaidBy)));
        assert_eq!((g.node_count(), g.edge_count()), (2, 1));
        let q = g.node("person:qin-gang").unwrap();
        assert_eq!(q.aliases, vec!["Qin", "the Chinese foreign minister"]);
        assert_eq!(q.role.as_deref(), Some("Foreign Minister"));
        assert_eq!(g.out_edges("claim:1").count(), 1);
        let keep = ["claim:1".to_string()].into_iter().collect();
        let sub = g.subgraph(&keep);
        assert_eq!((sub.node_count(), sub.edge_count()), (1, 0));
    }
}
