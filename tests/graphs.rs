//! `graphs/` holds the graphs of the example article and of the fixture corpus; they must match
//! what the current code builds. Regenerate them with `scripts/regen-graphs.sh` (it runs
//! `whosaid build examples/articles -o graphs/example.json --dot graphs/example.dot --svg
//! graphs/example.svg`, and
//! the same for `examples/corpus` into `graphs/corpus.*`). The pictures are checked in
//! `render.rs`. The other exports of the example graph (GraphML, GEXF, Cytoscape.js JSON, CSV,
//! PROV, Neo4j) are made from `graphs/example.json` with the `export` commands in
//! `scripts/regen-graphs.sh` and compared byte for byte.

use crate::util::{root, whosaid};

fn check(input: &str, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (j, d) = (
        dir.path().join(format!("{name}.json")),
        dir.path().join(format!("{name}.dot")),
    );
    whosaid()
        .args(["build", input, "-o"])
        .arg(&j)
        .arg("--dot")
        .arg(&d)
        .assert()
        .success();
    for (fresh, committed) in [
        (j, format!("graphs/{name}.json")),
        (d, format!("graphs/{name}.dot")),
    ] {
        let want = std::fs::read(root().join(&committed)).unwrap_or_default();
        assert!(
            std::fs::read(&fresh).unwrap() == want,
            "{committed} is stale: regenerate it with scripts/regen-graphs.sh"
        );
    }
}

#[test]
fn committed_graphs_are_up_to_date() {
    check("examples/articles", "example");
}

#[test]
fn committed_corpus_graphs_are_up_to_date() {
    check("examples/corpus", "corpus");
}

#[test]
fn committed_exports_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    for (format, committed) in [
        ("graphml", "graphs/example.graphml"),
        ("gexf", "graphs/example.gexf"),
        ("cytoscape", "graphs/example.cytoscape.json"),
        ("csv", "graphs/example-csv"),
    ] {
        let out = dir.path().join(format);
        whosaid()
            .args(["export", "graphs/example.json", "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let files = if format == "csv" {
            vec![
                (out.join("nodes.csv"), format!("{committed}/nodes.csv")),
                (out.join("edges.csv"), format!("{committed}/edges.csv")),
            ]
        } else {
            vec![(out, committed.to_string())]
        };
        for (fresh, committed) in files {
            let want = std::fs::read(root().join(&committed)).unwrap_or_default();
            assert!(
                std::fs::read(&fresh).unwrap() == want,
                "{committed} is stale: regenerate it with scripts/regen-graphs.sh"
            );
        }
    }
}

/// The PROV and Neo4j exports of the example graph, made by `scripts/regen-graphs.sh`
/// (`whosaid export graphs/example.json --format prov -o graphs/example.ttl`,
/// `--format prov-jsonld -o graphs/example.jsonld`, `--format neo4j -o graphs/example-neo4j`).
#[test]
fn committed_prov_and_neo4j_exports_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for (format, name) in [
        ("prov", "example.ttl"),
        ("prov-jsonld", "example.jsonld"),
        ("neo4j", "example-neo4j"),
    ] {
        let out = dir.path().join(name);
        whosaid()
            .args(["export", "graphs/example.json", "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        if format == "neo4j" {
            for f in whosaid::export::NEO4J_FILES {
                pairs.push((out.join(f), format!("graphs/{name}/{f}")));
            }
            let committed = std::fs::read_dir(root().join("graphs").join(name))
                .map(|d| d.count())
                .unwrap_or(0);
            assert_eq!(
                committed,
                whosaid::export::NEO4J_FILES.len(),
                "graphs/{name} holds other files"
            );
        } else {
            pairs.push((out, format!("graphs/{name}")));
        }
    }
    for (fresh, committed) in pairs {
        let want = std::fs::read(root().join(&committed)).unwrap_or_default();
        assert!(
            std::fs::read(&fresh).unwrap() == want,
            "{committed} is stale: regenerate it with scripts/regen-graphs.sh"
        );
    }
}
