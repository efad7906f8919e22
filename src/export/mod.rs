//! Serialising the knowledge graph and extractions: node-link JSON (`whosaid.graph/v1`), the
//! extraction schema (`whosaid.extract/v1`), Graphviz DOT, a self-contained HTML viewer around
//! an SVG picture of the graph, GraphML, GEXF 1.3, Cytoscape.js JSON, CSV tables, W3C PROV-O
//! (Turtle and JSON-LD) and CSV files for Neo4j. Exporters write to any writer and produce
//! byte-identical output for the same graph; they never touch stdout.
//!
//! [`Format`] names every graph format and [`write`] / [`write_dir`] write any of them, so a new
//! format is one file here plus one arm in [`Format`] and one in its `writer`. How nodes and edges
//! look (shapes, colours, labels) lives in `style`, shared with the pictures of [`crate::render`].

mod attrs;
mod cytoscape;
pub(crate) mod dot;
mod gexf;
mod graphml;
pub(crate) mod html;
mod json;
mod neo4j;
mod prov;
mod stream;
pub(crate) mod style;
mod table;
pub(crate) mod xml;

use std::io::Write;
use std::path::Path;

pub use cytoscape::write_cytoscape;
pub use dot::write_dot;
pub use gexf::write_gexf;
pub use graphml::write_graphml;
pub use html::write_html;
pub use json::{
    EXTRACT_SCHEMA, GRAPH_SCHEMA, extraction_json, for_each_graph, read_graph, read_graph_str,
    write_error_line, write_extractions, write_graph, write_graph_line,
};
pub use neo4j::{NEO4J_FILES, neo4j_files};
pub use prov::{
    BASE as PROV_BASE, NS as PROV_NS, node_iri, percent_encode, turtle_string, write_prov_jsonld,
    write_prov_turtle,
};
pub use table::{write_edges_csv, write_nodes_csv};

use crate::error::{Error, Result};
use crate::graph::GraphSource;

/// A format the graph can be exported to (`whosaid export --format NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Format {
    /// Node-link JSON (whosaid.graph/v1).
    Json,
    /// Graphviz DOT.
    Dot,
    /// A self-contained HTML viewer: the picture (drawn with Graphviz), search, filters and
    /// each claim's provenance.
    #[cfg(feature = "render")]
    Html,
    /// GraphML with typed attributes (Gephi, yEd, Cytoscape desktop, networkx).
    Graphml,
    /// GEXF 1.3 with typed attributes and a colour per node kind (Gephi, networkx).
    Gexf,
    /// Cytoscape.js elements JSON (Cytoscape.js, Cytoscape desktop).
    Cytoscape,
    /// CSV tables: `-o DIR` gets nodes.csv and edges.csv (spreadsheets, pandas).
    Csv,
    /// W3C PROV-O in Turtle.
    Prov,
    /// W3C PROV-O in JSON-LD.
    ProvJsonld,
    /// A directory of CSV files for neo4j-admin import, with an import.cypher (needs -o DIR).
    Neo4j,
}

/// A single-file writer.
type WriteOne = fn(&dyn GraphSource, &mut dyn Write) -> Result<()>;
/// How one file of a directory format is written.
pub(crate) type FileWriter = Box<dyn Fn(&dyn GraphSource, &mut dyn Write) -> Result<()>>;
/// A multi-file writer: the name and writer of every file.
type WriteFiles = fn() -> Vec<(String, FileWriter)>;

/// How a format is written: one stream, or a set of named files in a directory.
enum Writer {
    One(WriteOne),
    Files(WriteFiles),
}

impl Format {
    /// The writer of each format: the one place a new format is wired in.
    fn writer(self) -> Writer {
        match self {
            Format::Json => Writer::One(|g, w| write_graph(g, w)),
            Format::Dot => Writer::One(|g, w| write_dot(g, w)),
            #[cfg(feature = "render")]
            Format::Html => Writer::One(html::write_viewer),
            Format::Graphml => Writer::One(|g, w| write_graphml(g, w)),
            Format::Gexf => Writer::One(|g, w| write_gexf(g, w)),
            Format::Cytoscape => Writer::One(|g, w| write_cytoscape(g, w)),
            Format::Csv => Writer::Files(table::csv_files),
            Format::Prov => Writer::One(|g, w| write_prov_turtle(g, w)),
            Format::ProvJsonld => Writer::One(|g, w| write_prov_jsonld(g, w)),
            Format::Neo4j => Writer::Files(neo4j::neo4j_writers),
        }
    }

    /// True when the format is a set of files written into a directory ([`write_dir`]) rather
    /// than one stream ([`write`]).
    pub fn is_directory(self) -> bool {
        matches!(self.writer(), Writer::Files(_))
    }
}

/// Writes `graph` in `format` to `out`, a node or edge at a time as the source hands them out
/// (the viewer, [`Format::Html`], draws a picture, and reads the whole graph first). A
/// directory format ([`Format::is_directory`]) is an error here: write it with [`write_dir`].
pub fn write(graph: &dyn GraphSource, format: Format, out: &mut dyn Write) -> Result<()> {
    match format.writer() {
        Writer::One(f) => f(graph, out),
        Writer::Files(_) => Err(Error::Write {
            what: format!("{format:?} export"),
            source: std::io::Error::other("this format writes several files: give a directory"),
        }),
    }
}

/// Writes `graph` in a directory format into `dir` (created when missing), the files as one
/// set ([`crate::output::write_atomic_set`]): every file of the format is written, so a new
/// export replaces all of an older one, and a failure leaves the older one whole. A
/// single-file format is an error here: write it with [`write`].
pub fn write_dir(graph: &dyn GraphSource, format: Format, dir: &Path) -> Result<()> {
    let Writer::Files(f) = format.writer() else {
        return Err(Error::Write {
            what: format!("{format:?} export"),
            source: std::io::Error::other("this format writes one file, not a directory"),
        });
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::output::write_atomic_set(f().into_iter().map(|(name, write)| {
        let file: crate::output::WriteFile<'_> = Box::new(move |w| write(graph, w));
        (dir.join(name), file)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;
    use crate::{Document, Pipeline};

    fn graph() -> KnowledgeGraph {
        let p = Pipeline::rules_only().unwrap();
        let x = p.extract(&Document::new(
            "t",
            "Talks lasted <six> \"hours\", Reuters reported, citing a senior diplomat.",
        ));
        KnowledgeGraph::from_extractions(&[x])
    }

    #[test]
    fn every_format_writes_what_its_own_writer_writes() {
        let g = graph();
        type Own = fn(&KnowledgeGraph, &mut Vec<u8>) -> Result<()>;
        let direct: [(Format, Own); 7] = [
            (Format::Json, |g, w| write_graph(g, w)),
            (Format::Dot, |g, w| write_dot(g, w)),
            (Format::Graphml, |g, w| write_graphml(g, w)),
            (Format::Gexf, |g, w| write_gexf(g, w)),
            (Format::Cytoscape, |g, w| write_cytoscape(g, w)),
            (Format::Prov, |g, w| write_prov_turtle(g, w)),
            (Format::ProvJsonld, |g, w| write_prov_jsonld(g, w)),
        ];
        for (f, own) in direct {
            assert!(!f.is_directory(), "{f:?}");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            write(&g, f, &mut a).unwrap();
            own(&g, &mut b).unwrap();
            assert_eq!(a, b, "{f:?}");
        }
    }

    #[test]
    fn directory_formats_write_every_file_and_only_into_a_directory() {
        let g = graph();
        let dir = tempfile::tempdir().unwrap();
        for (f, files) in [
            (Format::Csv, vec!["edges.csv", "nodes.csv"]),
            (Format::Neo4j, NEO4J_FILES.to_vec()),
        ] {
            assert!(f.is_directory());
            assert!(write(&g, f, &mut Vec::new()).is_err(), "{f:?}");
            let out = dir.path().join(format!("{f:?}"));
            write_dir(&g, f, &out).unwrap();
            let mut names: Vec<String> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let mut want: Vec<String> = files.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(names, want, "{f:?}");
        }
        let nodes = std::fs::read(dir.path().join("Csv/nodes.csv")).unwrap();
        let mut direct = Vec::new();
        write_nodes_csv(&g, &mut direct).unwrap();
        assert_eq!(nodes, direct);
        assert!(write_dir(&g, Format::Json, dir.path()).is_err());
    }
}
