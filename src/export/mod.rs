//! Serialising the knowledge graph and extractions: node-link JSON (`whosaid.graph/v1`), the
//! extraction schema (`whosaid.extract/v1`), Graphviz DOT, a self-contained HTML viewer around
//! an SVG picture of the graph, GraphML, GEXF 1.3, Cytoscape.js JSON, CSV tables, W3C PROV-O
//! (Turtle and JSON-LD) and CSV files for Neo4j. Exporters write to any writer and produce
//! byte-identical output for the same graph; they never touch paths or stdout.

mod attrs;
mod cytoscape;
pub(crate) mod dot;
mod gexf;
mod graphml;
mod html;
mod json;
mod neo4j;
mod prov;
mod table;
pub(crate) mod xml;

pub use cytoscape::{cytoscape_json, write_cytoscape};
pub use dot::write_dot;
pub use gexf::{gexf, write_gexf};
pub use graphml::{graphml, write_graphml};
pub use html::write_html;
pub use json::{
    EXTRACT_SCHEMA, GRAPH_SCHEMA, extraction_json, read_graph, read_graph_str, write_extractions,
    write_graph,
};
pub use neo4j::{NEO4J_FILES, neo4j_files};
pub use prov::{
    BASE as PROV_BASE, NS as PROV_NS, node_iri, percent_encode, turtle_string, write_prov_jsonld,
    write_prov_turtle,
};
pub use table::{write_edges_csv, write_nodes_csv};
