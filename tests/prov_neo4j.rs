//! The PROV-O (Turtle, JSON-LD) and Neo4j CSV exports: read back by rdflib (Python) and the
//! `csv` crate, with hostile article text that must come back intact. Outside CI a missing
//! rdflib skips the PROV check; `.ci/run` sets WHOSAID_REQUIRE_TOOLS so it cannot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::python_has;
use crate::util::{HOSTILE, export, may_skip, succeeded, tempdir, whosaid, write};

/// Text that must survive every format: quotes (also three in a row), backslashes, line breaks,
/// emoji, right-to-left text and overrides, U+2028 and control characters.
const NASTY: &str = "Nasty \"headline\"\n\
The spokesperson said that the \"\"\"deal\"\"\" is \\\"done\\\" 😀 שלום مرحبا \u{202e}reversed\u{2028}line \u{1}\u{7f} end.\n";

const QIN: &str = "Qin Gang said China was ready to resume talks with Washington, according to a readout by Xinhua.\n\
Qin Gang also said the two sides should manage their differences, Reuters reported.\n";

/// Builds the graph of the Qin Gang article and the hostile ones; returns the graph path.
fn build(dir: &Path) -> PathBuf {
    let input = dir.join("articles");
    write(&input, "qin.txt", QIN);
    write(&input, "hostile.txt", HOSTILE);
    write(&input, "nasty.txt", NASTY);
    let built = dir.join("built.json");
    whosaid()
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&built)
        .assert()
        .success();
    // values no article sentence has: line breaks, tabs, `"""` at the end, odd ids
    let crafted = serde_json::json!({
        "schema": "whosaid.graph/v1", "directed": true, "multigraph": true,
        "graph": {"generator": "whosaid", "articles": 0, "claims": 1, "attributions": 1},
        "nodes": [
            {"id": "claim:multi line", "kind": "claim", "label": "first line\nsecond\r\n\tthird, \"q\" \\\"\"\"",
             "variants": ["a;b", "c\u{001f}d"]},
            {"id": "person:Zoë Ø@x y/z?#", "kind": "person", "label": "Zoë \u{05e9}\u{0644} \u{2029} 😀",
             "aliases": ["Z\"oë"]}
        ],
        "links": [
            {"source": "claim:multi line", "target": "person:Zoë Ø@x y/z?#", "kind": "said_by",
             "key": "said_by:x:1", "cue": "said\n", "evidence": "ev\nidence \u{0000} \"\"\"", "start": 1,
             "end": 2, "confidence": 0.1}
        ]
    });
    let crafted = write(dir, "crafted.json", crafted.to_string());
    let g = dir.join("g.json");
    whosaid()
        .arg("merge")
        .arg(&built)
        .arg(&crafted)
        .arg("-o")
        .arg(&g)
        .assert()
        .success();
    g
}

/// Every string of the graph JSON that must reach the exports unchanged: node labels and edge
/// evidence.
fn texts(g: &Path) -> (serde_json::Value, BTreeSet<String>) {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(g).unwrap()).unwrap();
    let mut t = BTreeSet::new();
    for n in v["nodes"].as_array().unwrap() {
        t.insert(n["label"].as_str().unwrap().to_string());
    }
    for e in v["links"].as_array().unwrap() {
        if let Some(s) = e["evidence"].as_str() {
            t.insert(s.to_string());
        }
    }
    (v, t)
}

/// The SPARQL query of the README: Qin Gang's claims that reached the article through Xinhua.
pub(crate) const QIN_VIA_XINHUA: &str = "PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX whosaid: <https://whosaid.invalid/ns#>
SELECT DISTINCT ?text WHERE {
  ?claim a whosaid:Claim ; rdfs:label ?text ; prov:wasAttributedTo ?speaker .
  ?speaker rdfs:label \"Qin Gang\" .
  ?version a whosaid:ArticleVersion ; prov:wasQuotedFrom+ ?report .
  ?report a whosaid:Report ; prov:wasAttributedTo ?outlet ; prov:wasQuotedFrom+ ?claim .
  ?outlet rdfs:label \"Xinhua\" .
} ORDER BY ?text";

const RDFLIB_CHECK: &str = r#"
import json, sys
import rdflib
from rdflib.compare import isomorphic
ttl, jsonld, texts, query = sys.argv[1:5]
a = rdflib.Graph().parse(ttl, format="turtle")
b = rdflib.Graph().parse(jsonld, format="json-ld")
assert len(a) == len(b), (len(a), len(b))
assert isomorphic(a, b), "Turtle and JSON-LD differ"
strings = {str(o) for o in a.objects() if isinstance(o, rdflib.Literal)}
missing = [t for t in json.load(open(texts, encoding="utf-8")) if t not in strings]
assert not missing, missing
for iri in a.all_nodes():
    if isinstance(iri, rdflib.URIRef):
        s = str(iri)
        assert all(c.isascii() and c not in ' <>"{}|\\^`' for c in s), s
print(len(a))
for row in a.query(open(query, encoding="utf-8").read()):
    print(row.text)
"#;

#[test]
fn rdflib_reads_both_prov_serialisations_alike() {
    if !python_has("rdflib") && may_skip("python3 with rdflib") {
        return;
    }
    let dir = tempdir();
    let g = build(dir.path());
    let (ttl, jsonld) = (dir.path().join("g.ttl"), dir.path().join("g.jsonld"));
    export(&g, "prov", &ttl);
    export(&g, "prov-jsonld", &jsonld);
    let (_, texts) = texts(&g);
    assert!(
        texts.iter().any(|t| t.contains("\"\"\"deal\"\"\"")),
        "the nasty article was read: {texts:?}"
    );
    let texts = write(
        dir.path(),
        "texts.json",
        serde_json::to_vec(&texts).unwrap(),
    );
    let query = write(dir.path(), "query.rq", QIN_VIA_XINHUA);
    let out = succeeded(
        Command::new("python3")
            .args(["-c", RDFLIB_CHECK])
            .args([&ttl, &jsonld, &texts, &query])
            .output(),
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].parse::<usize>().unwrap() > 100, "{stdout}");
    // the Xinhua claim, not the one Reuters carried
    assert_eq!(
        lines[1..],
        ["China was ready to resume talks with Washington"],
        "{stdout}"
    );
}

#[test]
fn prov_output_is_deterministic_and_escaped() {
    let dir = tempdir();
    let g = build(dir.path());
    let (a, b) = (dir.path().join("a.ttl"), dir.path().join("b.ttl"));
    export(&g, "prov", &a);
    export(&g, "prov", &b);
    let ttl = std::fs::read_to_string(&a).unwrap();
    assert_eq!(ttl.as_bytes(), std::fs::read(&b).unwrap());
    assert!(ttl.contains(r#"\"\"\"deal\"\"\""#), "quotes escaped");
    assert!(
        ttl.contains(r"\u2028line \u0001\u007F end"),
        "control chars escaped"
    );
    assert!(!ttl.contains('\u{2028}'));
    assert!(ttl.contains("<https://whosaid.invalid/node/person%3Aqin-gang>"));
}

#[test]
fn neo4j_csv_files_hold_the_whole_graph() {
    let dir = tempdir();
    let g = build(dir.path());
    let out = dir.path().join("neo4j");
    export(&g, "neo4j", &out);
    let (v, want) = texts(&g);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut expected: Vec<String> = whosaid::export::NEO4J_FILES
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    assert_eq!(names, expected);

    let read = |name: &str| {
        let mut r = csv::Reader::from_path(out.join(name)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        (header, rows)
    };
    let mut ids = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut nodes = 0;
    for name in names.iter().filter(|n| n.starts_with("nodes_")) {
        let (header, rows) = read(name);
        assert_eq!(header[0], "id:ID");
        assert_eq!(header[1], "label");
        assert_eq!(header.last().unwrap(), ":LABEL");
        assert!(header.contains(&"articles:int".to_string()));
        for r in rows {
            assert!(ids.insert(r[0].to_string()), "node id twice: {}", &r[0]);
            seen.insert(r[1].to_string());
            let kind = name.trim_start_matches("nodes_").trim_end_matches(".csv");
            assert_eq!(r[header.len() - 1].to_ascii_lowercase(), kind);
            nodes += 1;
        }
    }
    assert_eq!(nodes, v["nodes"].as_array().unwrap().len());
    let mut rels = 0;
    for name in names.iter().filter(|n| n.starts_with("rels_")) {
        let (header, rows) = read(name);
        assert_eq!(header[..4], [":START_ID", ":END_ID", ":TYPE", "key"]);
        for col in ["order:int", "start:int", "end:int", "confidence:double"] {
            assert!(header.contains(&col.to_string()), "{name}: {col}");
        }
        let evidence = header.iter().position(|h| h == "evidence").unwrap();
        let start = header.iter().position(|h| h == "start:int").unwrap();
        for r in rows {
            assert!(ids.contains(&r[0]), "{name}: dangling start {}", &r[0]);
            assert!(ids.contains(&r[1]), "{name}: dangling end {}", &r[1]);
            let kind = name.trim_start_matches("rels_").trim_end_matches(".csv");
            assert_eq!(r[2].to_ascii_lowercase(), kind);
            if !r[evidence].is_empty() {
                seen.insert(r[evidence].to_string());
                r[start].parse::<usize>().unwrap();
            }
            rels += 1;
        }
    }
    assert_eq!(rels, v["links"].as_array().unwrap().len());
    let lost: Vec<&String> = want.difference(&seen).collect();
    assert!(lost.is_empty(), "text lost in the CSV: {lost:?}");

    // Python's csv module reads the same rows (multi-line values included)
    let py = "import csv,glob,json,sys\nrows={}\nfor f in sorted(glob.glob(sys.argv[1]+'/*.csv')):\n    with open(f,newline='',encoding='utf-8') as h:\n        rows[f.rsplit('/',1)[-1]]=list(csv.DictReader(h))\nprint(json.dumps([len([r for k,v in rows.items() if k.startswith(p) for r in v]) for p in ('nodes_','rels_')]))\nprint(json.dumps(sorted({r['label'] for k,v in rows.items() if k.startswith('nodes_') for r in v})))\n";
    if let Ok(o) = Command::new("python3").args(["-c", py]).arg(&out).output() {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(format!("[{nodes}, {rels}]").as_str()));
        let labels: BTreeSet<String> = serde_json::from_str(lines.next().unwrap()).unwrap();
        let want: BTreeSet<String> = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["label"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(labels, want);
    }

    let cypher = std::fs::read_to_string(out.join("import.cypher")).unwrap();
    assert!(
        !cypher.contains("deal") && !cypher.contains("Qin"),
        "no text in the Cypher"
    );
    for name in names.iter().filter(|n| n.ends_with(".csv")) {
        assert!(
            cypher.contains(&format!("'file:///{name}'")),
            "{name} loaded"
        );
    }
}

#[test]
fn neo4j_needs_an_output_directory() {
    let dir = tempdir();
    let g = build(dir.path());
    whosaid()
        .arg("export")
        .arg(&g)
        .args(["--format", "neo4j"])
        .assert()
        .code(2);
}
