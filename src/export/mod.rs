//! Serialising the knowledge graph and extractions: node-link JSON (`whosaid.graph/v1`), the
//! extraction schema (`whosaid.extract/v1`), Graphviz DOT and a self-contained HTML viewer around
//! an SVG picture of the graph. Exporters write to any writer and
//! produce byte-identical output for the same graph; they never touch paths or stdout.

pub(crate) mod dot;
mod html;
mod json;

pub use dot::write_dot;
pub use html::write_html;
pub use json::{
    EXTRACT_SCHEMA, GRAPH_SCHEMA, extraction_json, read_graph, read_graph_str, write_extractions,
    write_graph,
};
