//! [`GraphSource`]: a graph read in a fixed order, one node or edge at a time, which is all the
//! exporters need. A [`KnowledgeGraph`] in memory is one; a graph store
//! (`crate::store::Store`) is another that reads its rows as they were written, so an export
//! of a store holds one node and its out-edges in memory at a time, whatever the graph's size.

use std::borrow::Cow;

use super::{Edge, EdgeKind, GraphMeta, KnowledgeGraph, Node, NodeKind};
use crate::error::Result;

/// A graph handed out in order: nodes by id, edges by (source, target, key). Every method calls
/// `f` once per item and stops at the first error `f` returns, returning it.
pub trait GraphSource {
    /// The counts of the graph JSON's `graph` object.
    fn meta(&self) -> Result<GraphMeta>;

    /// The number of nodes.
    fn node_count(&self) -> Result<usize>;

    /// The whole graph in memory: a graph in memory is itself, a store reads every row.
    fn whole(&self) -> Result<Cow<'_, KnowledgeGraph>>;

    /// Each node (only those of `kind` when given), by id.
    fn each_node(
        &self,
        kind: Option<NodeKind>,
        f: &mut dyn FnMut(&Node) -> Result<()>,
    ) -> Result<()>;

    /// Each edge (only those of `kind` when given), by (source, target, key).
    fn each_edge(
        &self,
        kind: Option<EdgeKind>,
        f: &mut dyn FnMut(&Edge) -> Result<()>,
    ) -> Result<()>;

    /// Each node by id, with its out-edges by (target, key).
    fn each_node_with_edges(&self, f: &mut dyn FnMut(&Node, &[&Edge]) -> Result<()>) -> Result<()>;

    /// True when the graph has a node with this id.
    fn has_node(&self, id: &str) -> Result<bool>;

    /// Each out-edge of node `id` by (target, key); none when there is no such node.
    fn each_out_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()>;

    /// Each in-edge of node `id`; none when there is no such node.
    fn each_in_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()>;

    /// The kind of node `id`, when there is one.
    fn node_kind(&self, id: &str) -> Result<Option<NodeKind>>;
}

impl GraphSource for KnowledgeGraph {
    fn meta(&self) -> Result<GraphMeta> {
        Ok(KnowledgeGraph::meta(self))
    }

    fn node_count(&self) -> Result<usize> {
        Ok(KnowledgeGraph::node_count(self))
    }

    fn whole(&self) -> Result<Cow<'_, KnowledgeGraph>> {
        Ok(Cow::Borrowed(self))
    }

    fn each_node(
        &self,
        kind: Option<NodeKind>,
        f: &mut dyn FnMut(&Node) -> Result<()>,
    ) -> Result<()> {
        self.nodes()
            .filter(|n| kind.is_none_or(|k| n.kind == k))
            .try_for_each(f)
    }

    fn each_edge(
        &self,
        kind: Option<EdgeKind>,
        f: &mut dyn FnMut(&Edge) -> Result<()>,
    ) -> Result<()> {
        self.edges()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .try_for_each(f)
    }

    fn each_node_with_edges(&self, f: &mut dyn FnMut(&Node, &[&Edge]) -> Result<()>) -> Result<()> {
        let mut out = Vec::new();
        for n in self.nodes() {
            out.clear();
            out.extend(self.out_edges(&n.id));
            f(n, &out)?;
        }
        Ok(())
    }

    fn has_node(&self, id: &str) -> Result<bool> {
        Ok(self.node(id).is_some())
    }

    fn each_out_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()> {
        self.out_edges(id).try_for_each(f)
    }

    fn each_in_edge(&self, id: &str, f: &mut dyn FnMut(&Edge) -> Result<()>) -> Result<()> {
        self.in_edges(id).try_for_each(f)
    }

    fn node_kind(&self, id: &str) -> Result<Option<NodeKind>> {
        Ok(self.node(id).map(|n| n.kind))
    }
}
