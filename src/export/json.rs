//! Node-link JSON for the graph (`whosaid.graph/v1`, loadable by networkx and D3) and the
//! extraction JSON (`whosaid.extract/v1`, read by the scorer).

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::stream::{Each, Items, write_json};
use crate::domain::{Attribution, Entity, Extraction};
use crate::error::{Error, Result};
use crate::graph::{Edge, GraphMeta, GraphSource, KnowledgeGraph, Node};

/// Schema tag of graph JSON.
pub const GRAPH_SCHEMA: &str = "whosaid.graph/v1";
/// Schema tag of extraction JSON.
pub const EXTRACT_SCHEMA: &str = "whosaid.extract/v1";

/// The graph file as written, from arrays that a [`GraphSource`] fills as they are written
/// ([`Items`]), so writing a large graph copies nothing first. (Read by [`GraphSeed`].)
#[derive(Serialize)]
struct GraphFile<'a> {
    schema: &'static str,
    directed: bool,
    multigraph: bool,
    graph: GraphMeta,
    nodes: Items<'a, Node>,
    links: Items<'a, Edge>,
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
        schema: GRAPH_SCHEMA,
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

/// Reads a graph JSON file written by whosaid, adding each node and link to the graph as it is
/// parsed: memory holds the graph, not the file's text or a list of its nodes as well.
pub fn read_graph(path: &Path) -> Result<KnowledgeGraph> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    parse_graph(path, &mut serde_json::Deserializer::from_reader(reader))
}

/// Parses graph JSON text; `path` names it in errors.
pub fn read_graph_str(path: &Path, text: &str) -> Result<KnowledgeGraph> {
    parse_graph(path, &mut serde_json::Deserializer::from_str(text))
}

fn parse_graph<'de, R: serde_json::de::Read<'de>>(
    path: &Path,
    de: &mut serde_json::Deserializer<R>,
) -> Result<KnowledgeGraph> {
    let bad = RefCell::new(None);
    let read = GraphSeed { bad: &bad }
        .deserialize(&mut *de)
        .and_then(|g| de.end().map(|()| g));
    match (read, bad.into_inner()) {
        (_, Some(message)) => Err(Error::BadGraph {
            path: path.to_path_buf(),
            message,
        }),
        (Ok(g), None) => Ok(g),
        (Err(e), None) => Err(Error::json(path, &e)),
    }
}

/// The fields of a graph file, in the order whosaid writes them.
const GRAPH_FIELDS: &[&str] = &[
    "schema",
    "directed",
    "multigraph",
    "graph",
    "nodes",
    "links",
];

/// Builds the graph while the file is parsed. A graph that parses but is wrong (another
/// schema, a node twice, a link to a missing node) stops the parse with its message in `bad`.
struct GraphSeed<'a> {
    bad: &'a RefCell<Option<String>>,
}

impl GraphSeed<'_> {
    fn fail<E: serde::de::Error>(&self, message: String) -> E {
        let e = E::custom(&message);
        *self.bad.borrow_mut() = Some(message);
        e
    }
}

impl<'de> DeserializeSeed<'de> for GraphSeed<'_> {
    type Value = KnowledgeGraph;

    fn deserialize<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<KnowledgeGraph, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GraphSeed<'_> {
    type Value = KnowledgeGraph;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whosaid graph object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<KnowledgeGraph, A::Error> {
        let mut g = KnowledgeGraph::new();
        let mut seen: Vec<&'static str> = Vec::new();
        // links before nodes (not how whosaid writes them) wait until the nodes are in
        let mut early: Vec<Edge> = Vec::new();
        let mut links = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            let Some(&field) = GRAPH_FIELDS.iter().find(|f| **f == key) else {
                return Err(A::Error::unknown_field(&key, GRAPH_FIELDS));
            };
            if seen.contains(&field) {
                return Err(A::Error::duplicate_field(field));
            }
            seen.push(field);
            match field {
                "schema" => {
                    let schema: String = map.next_value()?;
                    if schema != GRAPH_SCHEMA {
                        return Err(
                            self.fail(format!("schema is {schema:?}, expected {GRAPH_SCHEMA:?}"))
                        );
                    }
                }
                "directed" | "multigraph" => {
                    map.next_value::<bool>()?;
                }
                "graph" => {
                    map.next_value::<GraphMeta>()?;
                }
                "nodes" => map.next_value_seed(EachParsed {
                    seed: &self,
                    add: &mut |n: Node| {
                        if g.node(&n.id).is_some() {
                            return Err(format!("node {:?} appears twice", n.id));
                        }
                        g.add_node(n);
                        Ok(())
                    },
                })?,
                _ if seen.contains(&"nodes") => map.next_value_seed(EachParsed {
                    seed: &self,
                    add: &mut |e: Edge| add_link(&mut g, e, &mut links),
                })?,
                _ => early = map.next_value()?,
            }
        }
        if let Some(missing) = GRAPH_FIELDS.iter().find(|f| !seen.contains(f)) {
            return Err(A::Error::missing_field(missing));
        }
        for e in early {
            add_link(&mut g, e, &mut links).map_err(|m| self.fail(m))?;
        }
        Ok(g)
    }
}

/// Adds link number `n` (counting from 0), counting it; an error for a link to a missing node.
fn add_link(g: &mut KnowledgeGraph, e: Edge, n: &mut usize) -> std::result::Result<(), String> {
    let (s, t) = (e.source.clone(), e.target.clone());
    let i = *n;
    *n += 1;
    if g.add_edge(e) {
        Ok(())
    } else {
        Err(format!("link {i} ({s} -> {t}) refers to a missing node"))
    }
}

/// A JSON array whose items are handed to `add` as they are parsed.
struct EachParsed<'s, 'a, T> {
    seed: &'s GraphSeed<'s>,
    add: &'a mut dyn FnMut(T) -> std::result::Result<(), String>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for EachParsed<'_, '_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for EachParsed<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.add)(item).map_err(|m| self.seed.fail(m))?;
        }
        Ok(())
    }
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

    #[test]
    fn graph_json_is_read_from_a_file_as_it_is_parsed_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        let mut text = Vec::new();
        write_graph(&hostile_graph(), &mut text).unwrap();
        std::fs::write(&path, &text).unwrap();
        let mut again = Vec::new();
        write_graph(&read_graph(&path).unwrap(), &mut again).unwrap();
        assert_eq!(text, again);

        let head = r#""schema": "whosaid.graph/v1", "directed": true, "multigraph": true,
            "graph": {"generator": "whosaid", "articles": 0, "claims": 1, "attributions": 0}"#;
        let node = r#"{"id": "claim:1", "kind": "claim", "label": "c"}"#;
        let link = r#"{"source": "claim:1", "target": "claim:1", "kind": "appears_in",
            "key": "k"}"#;
        let read = |body: String| read_graph_str(Path::new("g.json"), &body);
        // links written before nodes are added once the nodes are in
        let g = read(format!(
            "{{{head}, \"links\": [{link}], \"nodes\": [{node}]}}"
        ))
        .unwrap();
        assert_eq!((g.node_count(), g.edge_count()), (1, 1));
        for (body, want) in [
            (
                format!("{{{head}, \"nodes\": [{node}, {node}], \"links\": []}}"),
                "node \"claim:1\" appears twice",
            ),
            (
                format!("{{{head}, \"nodes\": [], \"links\": [{link}]}}"),
                "link 0 (claim:1 -> claim:1) refers to a missing node",
            ),
            (
                format!("{{{head}, \"links\": [{link}], \"nodes\": []}}"),
                "link 0 (claim:1 -> claim:1) refers to a missing node",
            ),
            (
                format!(
                    "{{{}, \"nodes\": [], \"links\": []}}",
                    head.replace("v1", "v9")
                ),
                "schema is \"whosaid.graph/v9\"",
            ),
            (
                format!("{{{head}, \"nodes\": [], \"nodes\": [], \"links\": []}}"),
                "duplicate field `nodes`",
            ),
            (
                format!("{{{head}, \"nodes\": [], \"links\": [], \"extra\": 1}}"),
                "unknown field `extra`",
            ),
            (
                format!("{{{head}, \"nodes\": []}}"),
                "missing field `links`",
            ),
            (
                format!("{{{head}, \"nodes\": [], \"links\": []}} trailing"),
                "trailing characters",
            ),
        ] {
            let e = read(body).unwrap_err().to_string();
            assert!(e.contains(want), "{e} (wanted {want})");
        }
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
