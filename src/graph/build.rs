//! Turning extractions into graph nodes and edges.
//!
//! Entities are resolved within each article by the pipeline; across articles they merge by id,
//! which is the slug of the registry name or of the full name. A speaker that has neither (an
//! anonymous source, or a person the article names by one word only, such as a surname) gets an
//! id scoped to its article (`person:chen@<doc id>`), so it never joins an unrelated node from
//! another article.

use std::sync::Arc;

use super::{Edge, EdgeKind, KnowledgeGraph, Node, NodeKind};
use crate::domain::{Entity, EntityKind, Extraction, entity_id};

/// Whether an entity of this kind and name is known only inside its article.
fn article_scoped(kind: EntityKind, name: &str) -> bool {
    match kind {
        EntityKind::Anonymous => true,
        EntityKind::Person => name.split_whitespace().count() < 2,
        EntityKind::Organization | EntityKind::Outlet => false,
    }
}

/// The graph id of an entity read from document `doc`.
fn node_id(kind: EntityKind, id: &str, name: &str, doc: &str) -> String {
    if article_scoped(kind, name) {
        format!("{id}@{doc}")
    } else {
        id.to_string()
    }
}

fn node_kind(k: EntityKind) -> NodeKind {
    match k {
        EntityKind::Person => NodeKind::Person,
        EntityKind::Organization => NodeKind::Organization,
        EntityKind::Outlet => NodeKind::Outlet,
        EntityKind::Anonymous => NodeKind::Anonymous,
    }
}

fn entity_node(e: &Entity, doc: &str) -> Node {
    let id = node_id(e.kind, &e.id, &e.name, doc);
    let mut n = Node::new(id, node_kind(e.kind), e.name.clone());
    n.aliases = e.aliases.clone();
    n.aliases.sort();
    n.role = e.role.clone();
    n.country = e.country.clone();
    n.outlet_kind = e.outlet_kind.clone();
    n.state_media = e.state_media;
    n
}

/// Builds one graph from many documents' extractions (and graphs), one at a time, so memory
/// holds the graph but never the corpus; [`GraphBuilder::finish`] clusters near-duplicate
/// claims, which a graph must have before it is written or queried.
///
/// ```
/// use whosaid::{Document, GraphBuilder, Pipeline};
///
/// let pipeline = Pipeline::new().unwrap();
/// let mut builder = GraphBuilder::new();
/// for (id, text) in [("a", "Talks lasted six hours, Reuters reported."), ("b", "Talks lasted six hours, AFP said.")] {
///     builder.add(&pipeline.extract(&Document::new(id, text)));
/// }
/// let graph = builder.finish();
/// assert_eq!(graph.meta().articles, 2);
/// ```
#[derive(Debug, Default)]
pub struct GraphBuilder {
    graph: KnowledgeGraph,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    /// Adds one document's article, claims, speakers, channels and their edges.
    pub fn add(&mut self, x: &Extraction) {
        self.graph.add_extraction(x);
    }

    /// Adds every node and edge of a graph (one read from a file, or another builder's).
    pub fn add_graph(&mut self, g: KnowledgeGraph) {
        self.graph.add_graph(g);
    }

    /// Adds one node of a graph whose claims are clustered already, as in a graph store, which
    /// whosaid writes from a finished graph: a graph added a node at a time is never held
    /// beside the union. Add its edges after its nodes.
    pub fn add_node(&mut self, node: Node) {
        self.graph.add_node(node);
    }

    /// Adds one edge of such a graph; an edge to a node not added yet is dropped.
    pub fn add_edge(&mut self, edge: Edge) {
        self.graph.add_edge(edge);
    }

    /// The graph, with its near-duplicate claims clustered.
    pub fn finish(self) -> KnowledgeGraph {
        let mut g = self.graph;
        g.cluster_claims();
        g
    }
}

impl KnowledgeGraph {
    /// Builds the graph of several documents' extractions, merging nodes that share an id and
    /// clustering near-duplicate claims (see [`GraphBuilder`] to add them one at a time).
    pub fn from_extractions(extractions: &[Extraction]) -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        for x in extractions {
            b.add(x);
        }
        b.finish()
    }

    /// Adds one document's article, claims, speakers, channels and their edges. Claims are not
    /// clustered: [`GraphBuilder::finish`] does that after the last one.
    pub(crate) fn add_extraction(&mut self, x: &Extraction) {
        let doc = &x.document;
        let scoped = |kind: EntityKind, id: &str, name: &str| node_id(kind, id, name, &doc.id);
        let article_id = format!("article:{}", doc.id);
        let mut article = Node::new(
            article_id.clone(),
            NodeKind::Article,
            doc.meta.title.clone().unwrap_or_else(|| doc.id.clone()),
        );
        article.publisher = doc.meta.publisher.clone();
        article.url = doc.meta.url.clone();
        article.title = doc.meta.title.clone();
        article.date = doc.meta.date.clone();
        self.add_node(article);
        if let Some(p) = &doc.meta.publisher {
            // the publisher is an outlet: from the extraction's entities when known there
            let id = entity_id(EntityKind::Outlet, p);
            let known = x
                .entities
                .iter()
                .find(|e| e.kind == EntityKind::Outlet && (e.name == *p || e.aliases.contains(p)));
            let (id, node) = match known {
                Some(e) => (e.id.clone(), entity_node(e, &doc.id)),
                None => (id.clone(), Node::new(id, NodeKind::Outlet, p.clone())),
            };
            self.add_node(node);
            let mut e = Edge::new(article_id.clone(), id, EdgeKind::PublishedBy);
            e.article = Some(doc.id.clone());
            self.add_edge(e);
        }
        for e in &x.entities {
            self.add_node(entity_node(e, &doc.id));
        }
        let id_of = |e: &Entity| scoped(e.kind, &e.id, &e.name);
        for e in &x.entities {
            if let Some(parent) = e.parent.as_deref()
                && let Some(p) = x.entities.iter().find(|p| p.name == parent)
            {
                self.add_edge(Edge::new(id_of(e), id_of(p), EdgeKind::PartOf));
            }
            if let Some(org) = e.affiliation.as_deref()
                && let Some(o) = x.entities.iter().find(|o| o.name == org)
            {
                let mut edge = Edge::new(id_of(e), id_of(o), EdgeKind::AffiliatedWith);
                edge.role = e.role.clone();
                self.add_edge(edge);
            }
        }
        for a in &x.attributions {
            let mut claim = Node::new(a.claim.clone(), NodeKind::Claim, a.content.text.clone());
            claim.quote = Some(a.quote.as_str().to_string());
            self.add_node(claim);
            let speaker = scoped(a.speaker.kind, &a.speaker.id, &a.speaker.name);
            // the speaker node carries the way this article named it as an alias
            if let Some(src) = &a.source
                && let Some(n) = self
                    .index
                    .get(&speaker)
                    .and_then(|&ix| self.graph.node_weight_mut(ix))
            {
                let pronoun = matches!(
                    src.text.to_lowercase().as_str(),
                    "he" | "she" | "they" | "it" | "we" | "i" | "him" | "her" | "them"
                );
                if !pronoun
                    && src.text != n.label
                    && !n.aliases.contains(&src.text)
                    && src.text.chars().count() <= 80
                {
                    n.aliases.push(src.text.clone());
                    n.aliases.sort();
                }
            }
            let key = |kind: EdgeKind| format!("{}:{}:{}", kind.as_str(), doc.id, a.evidence.start);
            let evidence: Arc<str> = Arc::from(a.evidence.sentence.as_str());
            let with_evidence = |mut e: Edge| {
                e.article = Some(doc.id.clone());
                e.evidence = Some(Arc::clone(&evidence));
                e.start = Some(a.evidence.start);
                e.end = Some(a.evidence.end);
                e
            };
            let mut said = with_evidence(Edge::new(a.claim.clone(), speaker, EdgeKind::SaidBy));
            said.key = key(EdgeKind::SaidBy);
            said.cue = Some(a.cue.text.clone());
            said.mention = a.source.as_ref().map(|m| m.text.clone());
            said.confidence = Some(a.confidence);
            said.rule = Some(a.rule.to_string());
            self.add_edge(said);
            for (i, v) in a.via.iter().enumerate() {
                let mut e = with_evidence(Edge::new(
                    a.claim.clone(),
                    scoped(v.kind, &v.id, &v.name),
                    EdgeKind::ReportedBy,
                ));
                e.key = format!("{}:{}", key(EdgeKind::ReportedBy), i + 1);
                e.order = u32::try_from(i + 1).ok();
                self.add_edge(e);
            }
            let mut appears = with_evidence(Edge::new(
                a.claim.clone(),
                article_id.clone(),
                EdgeKind::AppearsIn,
            ));
            appears.key = key(EdgeKind::AppearsIn);
            self.add_edge(appears);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Document, Metadata};
    use crate::pipeline::Pipeline;

    fn doc(id: &str, publisher: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            meta: Metadata {
                publisher: Some(publisher.into()),
                ..Metadata::default()
            },
            text: text.into(),
        }
    }

    #[test]
    fn a_builder_fed_one_at_a_time_finishes_with_the_graph_of_all() {
        let p = crate::Pipeline::rules_only().unwrap();
        let xs: Vec<_> = [
            "The talks ended without a deal on Monday, Reuters said.",
            "The talks ended without any deal on Monday, AFP reported.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| p.extract(&crate::Document::new(format!("a{i}"), *t)))
        .collect();
        let mut b = GraphBuilder::new();
        for x in &xs {
            b.add(x);
        }
        let g = b.finish();
        let json = |g: &KnowledgeGraph| {
            let mut out = Vec::new();
            crate::export::write_graph(g, &mut out).unwrap();
            out
        };
        assert_eq!(json(&g), json(&KnowledgeGraph::from_extractions(&xs)));
        // the two wordings are one clustered claim
        assert_eq!(g.meta().claims, 1);
    }

    #[test]
    fn full_names_merge_across_articles_and_surnames_alone_do_not() {
        let p = Pipeline::rules_only().unwrap();
        let docs = [
            doc(
                "one",
                "Agence France-Presse",
                "Vice Minister Chen Hao said the talks went well.\nChen added that more were planned.\nThe date is not set, diplomatic sources said.\n",
            ),
            doc(
                "two",
                "AFP",
                "Embassy spokeswoman Chen Jing said the visit went well.\nChen said a second visit was planned.\nThe date is still open, diplomatic sources said.\n",
            ),
            doc("three", "Reuters", "Chen said nothing had been decided.\n"),
            doc("four", "Reuters", "Chen Hao said the talks were useful.\n"),
        ];
        let xs: Vec<Extraction> = docs.iter().map(|d| p.extract(d)).collect();
        let g = KnowledgeGraph::from_extractions(&xs);
        let people: Vec<&str> = g
            .nodes()
            .filter(|n| n.kind == NodeKind::Person)
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(
            people,
            ["person:chen-hao", "person:chen-jing", "person:chen@three"]
        );
        let said_by = |who: &str| {
            g.edges()
                .filter(|e| e.kind == EdgeKind::SaidBy && e.target == who)
                .count()
        };
        assert_eq!(said_by("person:chen-hao"), 3);
        assert_eq!(said_by("person:chen-jing"), 2);
        assert_eq!(said_by("person:chen@three"), 1);
        // anonymous sources of different articles stay apart
        assert!(g.node("anonymous:diplomatic-sources@one").is_some());
        assert!(g.node("anonymous:diplomatic-sources@two").is_some());
        // the publisher's registry name joins both AFP articles to one outlet
        let afp: Vec<&str> = g
            .edges()
            .filter(|e| e.kind == EdgeKind::PublishedBy && e.target == "outlet:afp")
            .map(|e| e.source.as_str())
            .collect();
        assert_eq!(afp, ["article:one", "article:two"]);
    }

    #[test]
    fn a_graph_filtered_by_confidence_is_the_graph_of_the_confident_attributions() {
        let p = Pipeline::new().unwrap();
        let docs = [
            doc(
                "a",
                "Reuters",
                "Finance Minister Lena Ortiz said inflation had peaked, Xinhua reported. He \
                 said nothing would change. “Rates will fall,” they said.",
            ),
            doc(
                "b",
                "AFP",
                "Lena Ortiz said inflation had peaked. They said the deal was off.",
            ),
        ];
        let all: Vec<Extraction> = docs.iter().map(|d| p.extract(d)).collect();
        let weak = all
            .iter()
            .flat_map(|x| &x.attributions)
            .filter(|a| a.confidence < 0.5)
            .count();
        assert!(
            weak > 0,
            "the fixture needs an attribution below the threshold"
        );
        let graph = KnowledgeGraph::from_extractions(&all).retain_confident(0.5);
        let confident: Vec<Extraction> = all
            .into_iter()
            .map(|mut x| {
                x.retain_confident(0.5);
                x
            })
            .collect();
        let expected = KnowledgeGraph::from_extractions(&confident);
        let json = |g: &KnowledgeGraph| {
            let mut out = Vec::new();
            crate::export::write_graph(g, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(json(&graph), json(&expected));
    }
}
