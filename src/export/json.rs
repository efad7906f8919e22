//! Node-link JSON for the graph (`whosaid.graph/v1`, loadable by networkx and D3) and the
//! extraction JSON (`whosaid.extract/v1`, read by the scorer).

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::{Attribution, Entity, Extraction};
use crate::error::{Error, Result};
use super::stream::{Each, Items, write_json};
use crate::graph::{Edge, GraphMeta, GraphSource, KnowledgeGraph, Node};

/// Schema tag of graph JSON.
pub const GRAPH_SCHEMA: &str = "whosaid.graph/v1";
/// Schema tag of extraction JSON.
pub const EXTRACT_SCHEMA: &str = "whosaid.extract/v1";

/// The graph file: read as owned nodes and edges, written from arrays that a
/// [`GraphSource`] fills as they are written ([`Items`]), so writing a large graph copies
/// nothing first.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphFile<Ns = Vec<Node>, Es = Vec<Edge>> {
    schema: String,
    directed: bool,
    multigraph: bool,
    graph: GraphMeta,
    nodes: Ns,
    links: Es,
}

fn write_err(what: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        what: what.to_string(),
        source,
    }
}

/// The same node-link JSON as [`write_graph`], compact, as a string (for embedding).
pub(super) fn graph_json_compact(g: &KnowledgeGraph) -> Result<String> {
    let mut out = Vec::new();
    write_graph_as(g, &mut out, false)?;
    out.pop();
    String::from_utf8(out).map_err(|e| Error::Write {
        what: "graph JSON".into(),
        source: std::io::Error::other(e),
    })
}

/// Writes the graph as pretty-printed node-link JSON, nodes sorted by id and links by
/// (source, target, key), ending with a newline.
pub fn write_graph(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    write_graph_as(g, w, true)
}

/// Writes the graph JSON on one line (no indentation), followed by a newline: a line of graph
/// JSON Lines, as `whosaid build --compact` writes it and [`for_each_graph`] reads it.
pub fn write_graph_line(g: &dyn GraphSource, w: impl Write) -> Result<()> {
    write_graph_as(g, w, false)
}

fn write_graph_as(g: &dyn GraphSource, w: impl Write, pretty: bool) -> Result<()> {
    let failed = RefCell::new(None);
    let nodes: &Each<'_, Node> = &|f| g.each_node(None, f);
    let links: &Each<'_, Edge> = &|f| g.each_edge(None, f);
    let file = GraphFile {
        schema: GRAPH_SCHEMA.to_string(),
        directed: true,
        multigraph: true,
        graph: g.meta()?,
        nodes: Items::new(nodes, &failed),
        links: Items::new(links, &failed),
    };
    write_json(&file, pretty, &failed, "graph JSON", w)
}

/// Reads the graphs of `reader` one at a time, handing each to `f`: graph JSON Lines (one
/// graph per line, as [`write_graph_line`] writes them; blank lines are skipped), or one
/// indented graph when the first non-blank line is a lone `{`. Memory holds one graph at a
/// time. `path` names the input in errors, with the line of a bad graph (`path:LINE`).
pub fn for_each_graph(
    path: &Path,
    mut reader: impl std::io::BufRead,
    mut f: impl FnMut(KnowledgeGraph),
) -> Result<()> {
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        if reader
            .read_line(&mut line)
            .map_err(|e| Error::io(path, e))?
            == 0
        {
            return Ok(());
        }
        n += 1;
        match line.trim() {
            "" => continue,
            "{" => {
                // an indented graph: the rest of the input is the same graph
                std::io::Read::read_to_string(&mut reader, &mut line)
                    .map_err(|e| Error::io(path, e))?;
                f(read_graph_str(path, &line)?);
                return Ok(());
            }
            one => f(read_graph_str(
                &PathBuf::from(format!("{}:{n}", path.display())),
                one,
            )?),
        }
    }
}

/// Reads a graph JSON file written by whosaid.
pub fn read_graph(path: &Path) -> Result<KnowledgeGraph> {
    let raw = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(raw).map_err(|e| Error::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    read_graph_str(path, &text)
}

/// Parses graph JSON text; `path` names it in errors.
pub fn read_graph_str(path: &Path, text: &str) -> Result<KnowledgeGraph> {
    let file: GraphFile = serde_json::from_str(text).map_err(|e| Error::json(path, &e))?;
    let bad = |message: String| Error::BadGraph {
        path: path.to_path_buf(),
        message,
    };
    if file.schema != GRAPH_SCHEMA {
        return Err(bad(format!(
            "schema is {:?}, expected {GRAPH_SCHEMA:?}",
            file.schema
        )));
    }
    let mut g = KnowledgeGraph::new();
    for n in file.nodes {
        if g.node(&n.id).is_some() {
            return Err(bad(format!("node {:?} appears twice", n.id)));
        }
        g.add_node(n);
    }
    for (i, e) in file.links.into_iter().enumerate() {
        let (s, t) = (e.source.clone(), e.target.clone());
        if !g.add_edge(e) {
            return Err(bad(format!(
                "link {i} ({s} -> {t}) refers to a missing node"
            )));
        }
    }
    Ok(g)
}

/// The document of an extraction. Every struct written into extraction JSON declares its
/// fields in alphabetical order, so they are written with sorted keys without first being
/// copied into a `serde_json::Value` (a test checks the two agree).
#[derive(Serialize)]
struct DocumentOut<'a> {
    date: &'a Option<String>,
    id: &'a str,
    publisher: &'a Option<String>,
    title: &'a Option<String>,
    url: &'a Option<String>,
}

#[derive(Serialize)]
struct ExtractionOut<'a> {
    attributions: &'a [Attribution],
    document: DocumentOut<'a>,
    entities: &'a [Entity],
    schema: &'static str,
}

fn extraction_out(x: &Extraction) -> ExtractionOut<'_> {
    let m = &x.document.meta;
    ExtractionOut {
        schema: EXTRACT_SCHEMA,
        document: DocumentOut {
            id: &x.document.id,
            publisher: &m.publisher,
            url: &m.url,
            title: &m.title,
            date: &m.date,
        },
        attributions: &x.attributions,
        entities: &x.entities,
    }
}

/// The extraction of one document as a JSON value.
pub fn extraction_json(x: &Extraction) -> serde_json::Value {
    serde_json::to_value(extraction_out(x)).unwrap_or(serde_json::Value::Null)
}

/// Writes extractions: `jsonl` gives one compact object per line; otherwise a pretty array when
/// there are several documents and a single object for one.
pub fn write_extractions(xs: &[Extraction], jsonl: bool, mut w: impl Write) -> Result<()> {
    let err = |e: serde_json::Error| Error::Write {
        what: "extraction JSON".into(),
        source: e.into(),
    };
    if jsonl {
        for x in xs {
            serde_json::to_writer(&mut w, &extraction_out(x)).map_err(err)?;
            w.write_all(b"\n").map_err(write_err("extraction JSON"))?;
        }
        return Ok(());
    }
    match xs {
        [one] => serde_json::to_writer_pretty(&mut w, &extraction_out(one)).map_err(err)?,
        many => {
            let v: Vec<ExtractionOut> = many.iter().map(extraction_out).collect();
            serde_json::to_writer_pretty(&mut w, &v).map_err(err)?;
        }
    }
    w.write_all(b"\n").map_err(write_err("extraction JSON"))
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    error: ErrorOut<'a>,
    schema: &'static str,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a Path>,
}

/// Writes the line that stands in an extraction's JSON Lines output for an input or record that
/// could not be read: `{"error":{"id":I,"line":L,"message":M,"path":P},"schema":...}` (id, line
/// and path when known), so a reader downstream can count and keep the records that failed.
pub fn write_error_line(e: &Error, mut w: impl Write) -> Result<()> {
    let (path, line, id) = match e {
        Error::BadRecord { path, line, id, .. } => {
            (Some(path.as_path()), Some(*line), id.as_deref())
        }
        Error::Io { path, .. }
        | Error::NotFound { path }
        | Error::EmptyDirectory { path }
        | Error::InvalidUtf8 { path, .. } => (Some(path.as_path()), None, None),
        _ => (None, None, None),
    };
    let out = ErrorLine {
        error: ErrorOut {
            id,
            line,
            message: e.to_string(),
            path,
        },
        schema: EXTRACT_SCHEMA,
    };
    serde_json::to_writer(&mut w, &out).map_err(|e| Error::Write {
        what: "extraction JSON".into(),
        source: e.into(),
    })?;
    w.write_all(b"\n").map_err(write_err("extraction JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeKind, NodeKind};

    fn hostile_graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.add_node(Node::new(
            "claim:1",
            NodeKind::Claim,
            "\"quoted\" \\ {braces} <script>alert(1)</script> & 😀 مرحبا\nnext",
        ));
        g.add_node(Node::new("person:a", NodeKind::Person, "A"));
        let mut e = Edge::new("claim:1", "person:a", EdgeKind::SaidBy);
        e.cue = Some("said".into());
        e.start = Some(3);
        g.add_edge(e);
        g
    }

    #[test]
    fn graph_json_round_trips_byte_for_byte() {
        let mut first = Vec::new();
        write_graph(&hostile_graph(), &mut first).unwrap();
        let text = String::from_utf8(first.clone()).unwrap();
        let back = read_graph_str(Path::new("g.json"), &text).unwrap();
        let mut second = Vec::new();
        write_graph(&back, &mut second).unwrap();
        assert_eq!(first, second);
        assert!(text.contains("\"schema\": \"whosaid.graph/v1\""));
    }

    /// Found by the `export` fuzz target: without serde_json's `float_roundtrip` feature this
    /// confidence was read back one unit in the last place off (...072e184), so a graph changed
    /// on every load and save.
    #[test]
    fn fuzz_confidence_survives_a_load_save_round_trip() {
        for x in [
            -2.9025204581856076e184,
            0.1,
            0.7000000000000001,
            5e-324,
            f64::MAX,
        ] {
            let mut g = KnowledgeGraph::new();
            g.add_node(Node::new("claim:1", NodeKind::Claim, "c"));
            let mut e = Edge::new("claim:1", "claim:1", EdgeKind::AppearsIn);
            e.confidence = Some(x);
            g.add_edge(e);
            let mut first = Vec::new();
            write_graph(&g, &mut first).unwrap();
            let back =
                read_graph_str(Path::new("g.json"), std::str::from_utf8(&first).unwrap()).unwrap();
            assert_eq!(back.edges().next().unwrap().confidence, Some(x));
            let mut second = Vec::new();
            write_graph(&back, &mut second).unwrap();
            assert_eq!(first, second);
        }
    }

    /// Extraction JSON is written straight from the structs; its keys must come out sorted,
    /// exactly as a `serde_json::Value` (a sorted map) writes them.
    #[test]
    fn extraction_json_is_written_with_sorted_keys() {
        use crate::domain::{Document, Metadata};
        let text = "The \"deal\" is {done} <script>x</script> & ]; \\ 😀 שלום \u{202e}, Reuters \
                    reported, citing the foreign ministry.\n\"Nothing ends,\" said Wang."
            .to_string();
        let pipeline = crate::Pipeline::new().unwrap();
        let mut x = pipeline.extract(&Document {
            id: "d\"1".into(),
            meta: Metadata {
                publisher: Some("Xinhua".into()),
                url: Some("https://example.org/?a=<b>".into()),
                title: Some("T".into()),
                date: Some("2023-06-19".into()),
            },
            text,
        });
        // every optional field filled at least once
        let e = x.entities.first_mut().unwrap();
        e.role = Some("r".into());
        e.parent = Some("p".into());
        e.country = Some("c".into());
        e.outlet_kind = Some("k".into());
        e.affiliation = Some("a".into());
        e.aliases = vec!["x".into()];
        e.state_media = true;
        x.attributions.first_mut().unwrap().speaker.role = Some("r".into());
        assert!(x.attributions.iter().any(|a| !a.via.is_empty()));
        for jsonl in [true, false] {
            for xs in [std::slice::from_ref(&x), &[x.clone(), x.clone()]] {
                let mut direct = Vec::new();
                write_extractions(xs, jsonl, &mut direct).unwrap();
                let values: Vec<serde_json::Value> = xs.iter().map(extraction_json).collect();
                let sorted = match (jsonl, values.as_slice()) {
                    (true, _) => values.iter().map(|v| format!("{v}\n")).collect(),
                    (false, [one]) => serde_json::to_string_pretty(one).unwrap() + "\n",
                    (false, _) => serde_json::to_string_pretty(&values).unwrap() + "\n",
                };
                assert_eq!(String::from_utf8(direct).unwrap(), sorted, "jsonl {jsonl}");
            }
        }
    }

    #[test]
    fn bad_graphs_are_rejected_with_a_position() {
        let e = read_graph_str(Path::new("g.json"), "{\"schema\": 1,\n}").unwrap_err();
        assert!(e.to_string().starts_with("g.json:1:"), "{e}");
        let e = read_graph_str(Path::new("g.json"), r#"{"schema":"whosaid.graph/v1","directed":true,"multigraph":true,"graph":{"generator":"whosaid","articles":0,"claims":0,"attributions":0},"nodes":[],"links":[{"source":"a","target":"b","kind":"said_by","key":"k"}]}"#).unwrap_err();
        assert!(e.to_string().contains("missing node"), "{e}");
    }
}
