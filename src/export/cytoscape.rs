//! Cytoscape.js elements JSON, which Cytoscape desktop also imports:
//! `{"elements": {"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}}`. Node data holds
//! every field of the graph JSON node plus `name` (Cytoscape desktop's label column, the same as
//! `label`); edge data holds every field of the graph JSON link plus `id` (`source->target#key`,
//! unique). Lists stay lists. Nodes sorted by id, edges by (source, target, key), keys sorted.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::attrs::edge_id;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

fn err(e: serde_json::Error) -> Error {
    Error::Write {
        what: "Cytoscape JSON".into(),
        source: e.into(),
    }
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The graph as a Cytoscape.js elements value.
pub fn cytoscape_json(g: &KnowledgeGraph) -> Result<Value> {
    let mut nodes = Vec::with_capacity(g.node_count());
    for n in g.nodes() {
        let mut data = object(serde_json::to_value(n).map_err(err)?);
        data.insert("name".into(), Value::String(n.label.clone()));
        nodes.push(json!({ "data": data }));
    }
    let mut edges = Vec::with_capacity(g.edge_count());
    for e in g.edges() {
        let mut data = object(serde_json::to_value(e).map_err(err)?);
        data.insert("id".into(), Value::String(edge_id(e)));
        edges.push(json!({ "data": data }));
    }
    let meta = serde_json::to_value(g.meta()).map_err(err)?;
    Ok(json!({
        "format_version": "1.0",
        "generated_by": "whosaid",
        "target_cytoscapejs_version": "~3",
        "data": meta,
        "elements": { "nodes": nodes, "edges": edges },
    }))
}

/// Writes the graph as pretty-printed Cytoscape.js elements JSON, ending with a newline.
pub fn write_cytoscape(g: &KnowledgeGraph, mut w: impl Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut w, &cytoscape_json(g)?).map_err(err)?;
    w.write_all(b"\n").map_err(|source| Error::Write {
        what: "Cytoscape JSON".into(),
        source,
    })
}
