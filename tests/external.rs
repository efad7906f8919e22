//! Outputs checked by the real tools that read them: Graphviz `dot` and Python's networkx.
//! Outside CI a missing tool skips the check; `.ci/run` sets WHOSAID_REQUIRE_TOOLS so it cannot.

use std::process::Command;

use crate::tools::{have_dot, python_has};
use crate::util::{HOSTILE, may_skip, root, succeeded, tempdir, whosaid, write};

#[test]
fn graphviz_accepts_every_dot_we_write() {
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let hostile = write(dir.path(), "hostile.txt", HOSTILE);
    for (name, input) in [
        ("example", root().join("examples/articles")),
        ("hostile", hostile),
    ] {
        let dot = dir.path().join(format!("{name}.dot"));
        whosaid()
            .arg("build")
            .arg(&input)
            .arg("--dot")
            .arg(&dot)
            .arg("-o")
            .arg(dir.path().join(format!("{name}.json")))
            .assert()
            .success();
        let out = Command::new("dot").arg("-Tsvg").arg(&dot).output().unwrap();
        assert!(
            out.status.success(),
            "dot rejected {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(svg.contains("</svg>"));
        if name == "hostile" {
            // the text is shown as text: escaped in the SVG, not markup
            assert!(
                svg.contains("&lt;script&gt;") && !svg.contains("<script>"),
                "script escaped in SVG"
            );
            assert!(svg.contains("&amp;lt;"), "entity-like text shown literally");
        }
    }
}

#[test]
fn networkx_loads_the_graph_json() {
    let py = "import json,sys,networkx as nx\nd=json.load(open(sys.argv[1]))\ng=nx.node_link_graph(d,edges='links')\nassert g.is_directed() and g.is_multigraph()\nprint(g.number_of_nodes(), g.number_of_edges())\nprint(sorted(t for s,t,k in g.edges(keys=True) if s=='outlet:cgtn'))\n";
    if !python_has("networkx") && may_skip("python3 with networkx") {
        return;
    }
    let dir = tempdir();
    let g = dir.path().join("g.json");
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&g)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&g).unwrap()).unwrap();
    let out = succeeded(Command::new("python3").args(["-c", py]).arg(&g).output());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let counts = format!(
        "{} {}",
        v["nodes"].as_array().unwrap().len(),
        v["links"].as_array().unwrap().len()
    );
    assert_eq!(lines.next(), Some(counts.as_str()));
    assert_eq!(lines.next(), Some("['outlet:cctv']"));
}
