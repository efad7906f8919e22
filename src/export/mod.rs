//! Serialising the knowledge graph and extractions: node-link JSON (`whosaid.graph/v1`), the
//! extraction schema (`whosaid.extract/v1`), Graphviz DOT, a self-contained HTML viewer around
//! an SVG picture of the graph, GraphML, GEXF 1.3, Cytoscape.js JSON and CSV tables. Exporters
//! write to any writer and produce byte-identical output for the same graph; they never touch
//! paths or stdout.

mod attrs;
mod cytoscape;
pub(crate) mod dot;
mod gexf;
mod graphml;
mod html;
mod json;
mod table;
mod xml;

pub use cytoscape::{cytoscape_json, write_cytoscape};
pub use dot::write_dot;
pub use gexf::{gexf, write_gexf};
pub use graphml::{graphml, write_graphml};
pub use html::write_html;
pub use json::{
    EXTRACT_SCHEMA, GRAPH_SCHEMA, extraction_json, read_graph, read_graph_str, write_extractions,
    write_graph,
};
pub use table::{write_edges_csv, write_nodes_csv};
