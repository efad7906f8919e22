//! `export --format graphml|gexf|cytoscape|csv`: each read back by a real reader (networkx for
//! GraphML and GEXF, Python's csv module and pandas when installed for CSV, Cytoscape.js itself
//! under Node.js for the Cytoscape JSON) on the example graph, the graph of a hostile article and a hand-written
//! graph whose text holds markup, quotes, line breaks, emoji, RTL marks, U+2028 and control
//! characters. Outside CI a missing Python or networkx skips the check (see `util::may_skip`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::tools::{cytoscape_js, python_has};
use crate::util::{HOSTILE, export, may_skip, root, succeeded, tempdir, whosaid, write};

/// Text every exporter must carry: markup, quotes, CDATA end, DOT and JS breakers, line breaks,
/// tab, emoji, Hebrew and Arabic, an RTL override, U+2028 and C0 control characters.
const NASTY: &str = "\"q\" 'a' <b>&amp; ]]> \"]; </script><script>alert(1)</script>\nline2\r\nline3\ttab \
                     😀 שלום مرحبا \u{202e}rev \u{2028}sep \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}end";

/// A graph JSON file holding [`NASTY`] in ids, labels, lists and edge fields.
fn nasty_graph(dir: &Path) -> PathBuf {
    let g = json!({
        "schema": "whosaid.graph/v1",
        "directed": true,
        "multigraph": true,
        "graph": {"generator": "whosaid", "articles": 1, "claims": 1, "attributions": 1},
        "nodes": [
            {"id": "article:a", "kind": "article", "label": "a", "title": NASTY,
             "url": "https://example.org/?a=1&b=<2>", "publisher": "=cmd|' /C calc'!A0", "date": "2024-01-02"},
            {"id": "claim:1", "kind": "claim", "label": NASTY, "quote": "direct",
             "variants": ["-1 other wording", NASTY], "articles": 1, "outlets": 2},
            {"id": "outlet:x", "kind": "outlet", "label": "@X News", "country": "CN",
             "outlet_kind": "broadcaster", "state_media": true},
            {"id": "person:<&\"p'>", "kind": "person", "label": "+P", "role": NASTY,
             "aliases": ["P. Q.", "Dr \"P\""]}
        ],
        "links": [
            {"source": "article:a", "target": "outlet:x", "kind": "published_by", "key": "published_by"},
            {"source": "claim:1", "target": "article:a", "kind": "appears_in", "key": "appears_in:a:0",
             "article": "a", "evidence": NASTY, "start": 0, "end": 120},
            {"source": "claim:1", "target": "outlet:x", "kind": "reported_by", "key": "reported_by:a:0",
             "order": 2, "article": "a"},
            {"source": "claim:1", "target": "person:<&\"p'>", "kind": "said_by", "key": "said_by:a:0",
             "cue": NASTY, "mention": "the \"P\"", "article": "a", "evidence": NASTY,
             "start": 0, "end": 120, "confidence": 0.5, "rule": "r"},
            {"source": "person:<&\"p'>", "target": "outlet:x", "kind": "affiliated_with",
             "key": "affiliated_with", "role": "-editor", "confidence": 1.0}
        ]
    });
    write(dir, "nasty.json", serde_json::to_vec_pretty(&g).unwrap())
}

/// Graph JSON files to export: the example, a built hostile article, the hand-written graph.
fn graphs(dir: &Path) -> Vec<PathBuf> {
    let hostile = write(dir, "hostile.txt", HOSTILE);
    let built = dir.join("hostile.json");
    whosaid()
        .arg("build")
        .arg(&hostile)
        .arg("-o")
        .arg(&built)
        .assert()
        .success();
    vec![root().join("graphs/example.json"), built, nasty_graph(dir)]
}

fn run_python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .args(["-c", script])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Reads a GraphML or GEXF file with networkx and compares every node and edge attribute, value
/// and Python type, with the graph JSON it was exported from. Lists are joined with " | ";
/// characters XML 1.0 cannot carry are expected as U+FFFD.
const NX_CHECK: &str = r#"
import json, re, sys
import networkx as nx
fmt, src, path = sys.argv[1:4]
d = json.load(open(src, encoding="utf-8"))
bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
def clean(v):
    if isinstance(v, list):
        v = " | ".join(v)
    if isinstance(v, str):
        return bad.sub("\ufffd", v)
    return v
def same(got, want, what):
    assert got == want, (what, got, want)
    for k in want:
        assert type(got[k]) is type(want[k]), (what, k, type(got[k]), type(want[k]))
if fmt == "graphml":
    g = nx.read_graphml(path, force_multigraph=True)
else:
    g = nx.read_gexf(path)  # a DiGraph when no two edges share their ends
assert g.is_directed()
assert g.number_of_nodes() == len(d["nodes"]), g.number_of_nodes()
assert g.number_of_edges() == len(d["links"]), g.number_of_edges()
for n in d["nodes"]:
    got = dict(g.nodes[n["id"]])
    if fmt == "gexf":
        c = got.pop("viz")["color"]
        assert all(isinstance(c[x], int) for x in "rgb"), c
    want = {k: clean(v) for k, v in n.items() if k != "id"}
    want.setdefault("state_media", False)
    same(got, want, n["id"])
for e in d["links"]:
    eid = "%s->%s#%s" % (e["source"], e["target"], e["key"])
    want = {k: clean(v) for k, v in e.items() if k not in ("source", "target")}
    if fmt == "graphml":
        key = eid
    else:
        key = want.pop("key")
        want["id"] = eid
        want["label"] = e["kind"]
    ends = (e["source"], e["target"], key) if g.is_multigraph() else (e["source"], e["target"])
    same(dict(g.edges[ends]), want, eid)
print("ok", g.number_of_nodes(), g.number_of_edges())
"#;

fn networkx_reads(format: &str) {
    if !python_has("networkx") && may_skip("python3 with networkx") {
        return;
    }
    let dir = tempdir();
    for (i, g) in graphs(dir.path()).iter().enumerate() {
        let out = dir.path().join(format!("g{i}.{format}"));
        export(g, format, &out);
        let text = std::fs::read_to_string(&out).unwrap();
        roxmltree::Document::parse(&text).unwrap();
        let said = run_python(NX_CHECK, &[Path::new(format), g, &out]);
        assert!(said.starts_with("ok "), "{said}");
    }
}

#[test]
fn networkx_reads_graphml_with_typed_attributes() {
    networkx_reads("graphml");
}

#[test]
fn networkx_reads_gexf_1_3_with_typed_attributes_and_colours() {
    networkx_reads("gexf");
}

#[test]
fn xml_exports_carry_no_raw_markup_or_control_characters() {
    let dir = tempdir();
    let g = nasty_graph(dir.path());
    for (format, ns) in [
        ("graphml", "http://graphml.graphdrawing.org/xmlns"),
        ("gexf", "http://gexf.net/1.3"),
    ] {
        let out = dir.path().join(format!("n.{format}"));
        export(&g, format, &out);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            !text.contains("<script>") && !text.contains("]]>"),
            "{format}"
        );
        assert!(
            !text
                .chars()
                .any(|c| (c as u32) < 0x20 && !matches!(c, '\n') || c == '\u{fffe}'),
            "{format}: raw control character"
        );
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
        // the label comes back intact except for the characters XML cannot hold
        let want: String = NASTY
            .chars()
            .map(|c| {
                if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') || c == '\u{fffe}' {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        let found = doc.descendants().any(|n| {
            n.text() == Some(want.as_str()) || n.attribute("label") == Some(want.as_str())
        });
        assert!(found, "{format}: hostile label not read back intact");
    }
}

/// The real reader: Cytoscape.js (headless, under Node.js) loads every element, and the ids,
/// labels and edge ends it reports are the graph's.
#[test]
fn cytoscape_js_loads_the_elements() {
    let Some(lib) = cytoscape_js() else {
        may_skip("node and the cytoscape npm package");
        return;
    };
    let script = r#"
const [lib, file] = process.argv.slice(1);
const cytoscape = require(lib);
const data = JSON.parse(require('fs').readFileSync(file, 'utf8'));
const cy = cytoscape({ headless: true, elements: data.elements });
const out = {
  nodes: cy.nodes().map(n => [n.id(), n.data('label')]),
  edges: cy.edges().map(e => [e.id(), e.source().id(), e.target().id()]),
};
process.stdout.write(JSON.stringify(out));
"#;
    let dir = tempdir();
    for (i, g) in graphs(dir.path()).iter().enumerate() {
        let out = dir.path().join(format!("g{i}.cyjs"));
        export(g, "cytoscape", &out);
        let run = succeeded(
            Command::new("node")
                .args(["-e", script])
                .arg(&lib)
                .arg(&out)
                .output(),
        );
        let got: Value = serde_json::from_slice(&run.stdout).unwrap();
        let src: Value = serde_json::from_slice(&std::fs::read(g).unwrap()).unwrap();
        let mut want_nodes: Vec<Value> = src["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| json!([n["id"], n["label"]]))
            .collect();
        let mut got_nodes = got["nodes"].as_array().unwrap().clone();
        want_nodes.sort_by_key(|v| v.to_string());
        got_nodes.sort_by_key(|v| v.to_string());
        assert_eq!(
            got_nodes,
            want_nodes,
            "Cytoscape.js nodes of {}",
            g.display()
        );
        let mut want_edges: Vec<Value> = src["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| json!([e["source"], e["target"]]))
            .collect();
        let mut got_edges: Vec<Value> = got["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| json!([e[1], e[2]]))
            .collect();
        want_edges.sort_by_key(|v| v.to_string());
        got_edges.sort_by_key(|v| v.to_string());
        assert_eq!(
            got_edges,
            want_edges,
            "Cytoscape.js edges of {}",
            g.display()
        );
    }
}

#[test]
fn cytoscape_json_ids_are_unique_and_references_resolve() {
    let dir = tempdir();
    for (i, g) in graphs(dir.path()).iter().enumerate() {
        let out = dir.path().join(format!("g{i}.cyjs"));
        export(g, "cytoscape", &out);
        let src: Value = serde_json::from_slice(&std::fs::read(g).unwrap()).unwrap();
        let cy: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        let nodes = cy["elements"]["nodes"].as_array().unwrap();
        let edges = cy["elements"]["edges"].as_array().unwrap();
        assert_eq!(nodes.len(), src["nodes"].as_array().unwrap().len());
        assert_eq!(edges.len(), src["links"].as_array().unwrap().len());
        let mut ids = std::collections::BTreeSet::new();
        for (n, want) in nodes.iter().zip(src["nodes"].as_array().unwrap()) {
            let d = &n["data"];
            assert!(ids.insert(d["id"].as_str().unwrap().to_string()), "dup {d}");
            for k in ["id", "label", "kind"] {
                assert_eq!(d[k], want[k], "node {k}");
            }
            assert_eq!(d["name"], want["label"]);
            for (k, v) in want.as_object().unwrap() {
                assert_eq!(&d[k], v, "node field {k} kept as is");
            }
        }
        for (e, want) in edges.iter().zip(src["links"].as_array().unwrap()) {
            let d = &e["data"];
            let id = d["id"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "edge id {id} not unique");
            for end in ["source", "target"] {
                let r = d[end].as_str().unwrap();
                assert!(
                    nodes.iter().any(|n| n["data"]["id"] == r),
                    "{id}: {end} {r} missing"
                );
            }
            assert_eq!(
                id,
                format!(
                    "{}->{}#{}",
                    want["source"].as_str().unwrap(),
                    want["target"].as_str().unwrap(),
                    want["key"].as_str().unwrap()
                )
            );
            for (k, v) in want.as_object().unwrap() {
                assert_eq!(&d[k], v, "edge field {k} kept as is");
            }
        }
    }
}

/// Reads nodes.csv and edges.csv with Python's csv module (and pandas when it is installed) and
/// prints the row counts and the hostile claim's label and the guarded publisher.
const CSV_CHECK: &str = r#"
import csv, json, sys
d = sys.argv[1]
rows = {}
for name in ("nodes", "edges"):
    with open(f"{d}/{name}.csv", newline="", encoding="utf-8") as f:
        rows[name] = list(csv.DictReader(f))
nodes = {r["id"]: r for r in rows["nodes"]}
try:
    import pandas
except ImportError:
    pandas = None
if pandas is not None:
    for name in ("nodes", "edges"):
        df = pandas.read_csv(f"{d}/{name}.csv", dtype=str, keep_default_na=False)
        assert len(df) == len(rows[name]), name
        assert list(df.columns) == list(rows[name][0].keys()), name
print(json.dumps({"nodes": len(rows["nodes"]), "edges": len(rows["edges"]),
                  "claim": nodes.get("claim:1", {}).get("label"),
                  "publisher": nodes.get("article:a", {}).get("publisher"),
                  "said_by": [r for r in rows["edges"] if r["kind"] == "said_by"][0]}))
"#;

#[test]
fn csv_tables_read_back_with_formulas_defused() {
    let dir = tempdir();
    let g = nasty_graph(dir.path());
    let out = dir.path().join("tables");
    export(&g, "csv", &out);
    let nodes = std::fs::read(out.join("nodes.csv")).unwrap();
    let edges = std::fs::read(out.join("edges.csv")).unwrap();
    assert!(nodes.starts_with(
        b"id,kind,label,aliases,role,country,outlet_kind,state_media,quote,variants,articles,\
          outlets,publisher,url,title,date\r\n"
    ));
    assert!(edges.starts_with(
        b"id,source,target,kind,key,cue,mention,order,role,article,evidence,start,end,\
          confidence,rule\r\n"
    ));
    // Rust side: the csv crate reads what we wrote
    let mut r = csv::Reader::from_reader(&nodes[..]);
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(recs.len(), 4);
    let claim = recs.iter().find(|x| &x[0] == "claim:1").unwrap();
    assert_eq!(&claim[2], NASTY, "the claim text survives CSV intact");
    assert_eq!(&claim[9], format!("'-1 other wording | {NASTY}"));
    assert_eq!(&claim[10], "1");
    let outlet = recs.iter().find(|x| &x[0] == "outlet:x").unwrap();
    assert_eq!((&outlet[2], &outlet[7]), ("'@X News", "true"));
    let person = recs.iter().find(|x| x[0].starts_with("person:")).unwrap();
    assert_eq!(&person[2], "'+P");
    let mut r = csv::Reader::from_reader(&edges[..]);
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(recs.len(), 5);
    let aff = recs.iter().find(|x| &x[3] == "affiliated_with").unwrap();
    assert_eq!((&aff[8], &aff[13]), ("'-editor", "1"));

    if !python_has("csv") && may_skip("python3") {
        return;
    }
    let said: Value = serde_json::from_str(&run_python(CSV_CHECK, &[&out])).unwrap();
    assert_eq!(said["nodes"], 4);
    assert_eq!(said["edges"], 5);
    assert_eq!(said["claim"], NASTY);
    assert_eq!(said["publisher"], "'=cmd|' /C calc'!A0");
    assert_eq!(said["said_by"]["evidence"], NASTY);
    assert_eq!(said["said_by"]["confidence"], "0.5");
    assert_eq!(said["said_by"]["id"], "claim:1->person:<&\"p'>#said_by:a:0");
}

#[test]
fn csv_needs_an_output_directory_and_writes_nothing_else() {
    whosaid()
        .args(["export", "graphs/example.json", "--format", "csv"])
        .assert()
        .code(2);
    let dir = tempdir();
    let out = dir.path().join("new/dir");
    export(&root().join("graphs/example.json"), "csv", &out);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["edges.csv", "nodes.csv"], "no temporary files left");
}
