//! Cytoscape.js elements JSON, which Cytoscape desktop also imports:
//! `{"elements": {"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}}`. Node data holds
//! every field of the graph JSON node plus `name` (Cytoscape desktop's label column, the same as
//! `label`); edge data holds every field of the graph JSON link plus `id` (`source->target#key`,
//! unique). Lists stay lists. Nodes sorted by id, edges by (source, target, key), keys sorted.
//! Written as the graph is read: one element at a time.

use std::cell::RefCell;
use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::attrs::edge_id;
use super::stream::{Each, Items, write_json};
use crate::error::{Error, Result};
use crate::graph::GraphSource;

fn err(e: serde_json::Error) -> Error {
    Error::Write {
        what: "Cytoscape JSON".into(),
        source: e.into(),
    }
}

/// `v`'s fields with `key` set to `value`, as `{"data": {...}}`.
fn element(v: impl Serialize, key: &str, value: &str) -> Result<Value> {
    let mut data = match serde_json::to_value(v).map_err(err)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    data.insert(key.into(), Value::String(value.to_string()));
    Ok(json!({ "data": data }))
}

/// The document, its fields in sorted order as a `serde_json::Value` would write them.
#[derive(Serialize)]
struct Document<'a> {
    data: Value,
    elements: Elements<'a>,
    format_version: &'static str,
    generated_by: &'static str,
    target_cytoscapejs_version: &'static str,
}

#[derive(Serialize)]
struct Elements<'a> {
    edges: Items<'a, Value>,
    nodes: Items<'a, Value>,
}

/// Writes the graph as pretty-printed Cytoscape.js elements JSON, ending with a newline.
pub fn write_cytoscape(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    let failed = RefCell::new(None);
    let nodes: &Each<'_, Value> =
        &|f| g.each_node(None, &mut |n| f(&element(n, "name", &n.label)?));
    let edges: &Each<'_, Value> =
        &|f| g.each_edge(None, &mut |e| f(&element(e, "id", &edge_id(e))?));
    let doc = Document {
        data: serde_json::to_value(g.meta()?).map_err(err)?,
        elements: Elements {
            edges: Items::new(edges, &failed),
            nodes: Items::new(nodes, &failed),
        },
        format_version: "1.0",
        generated_by: "whosaid",
        target_cytoscapejs_version: "~3",
    };
    write_json(&doc, true, &failed, "Cytoscape JSON", w)
}
