//! `whosaid report`: one page on a speaker, an outlet or a claim as HTML, Markdown (with its
//! figure beside it) or PDF, with the evidence and its offsets, escaped for each format.

use std::path::Path;

use crate::tools::have_dot;
use crate::util::{HOSTILE, may_skip, root, tempdir, whosaid, write};

/// Runs `whosaid report QUERY GRAPH -o OUT`, which must succeed; returns the report's text.
fn report(query: &str, graph: &Path, out: &Path) -> String {
    whosaid()
        .args(["report", query])
        .arg(graph)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

fn well_formed_svg(svg: &str) {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, opts).unwrap();
}

#[test]
fn a_speaker_a_claim_and_an_outlet_in_every_format() {
    let dir = tempdir();
    let corpus = root().join("graphs/corpus.json");
    // a person: every claim with its chains, evidence and offsets, and the figure inline
    let html = report("Penny Wong", &corpus, &dir.path().join("wong.html"));
    assert!(html.contains("<h1>Claims of Penny Wong</h1>"), "{html}");
    assert!(html.contains("4 of 4 matching claims"));
    assert!(html.contains("Nikkei Asia &lt;- Penny Wong (&quot;said&quot;)"));
    assert!(html.contains("(article:nikkei-canberra-trade, characters 299–390)"));
    assert!(html.contains("<figure><svg"));
    assert!(html.contains("Other wordings (corroborating)"));
    assert!(!html.contains("<script"));
    // a claim by its words, as Markdown with the figure as SVG beside it
    let md = report(
        "rock lobster exports",
        &corpus,
        &dir.path().join("lobster.md"),
    );
    assert!(md.starts_with("# Where a claim came from\n"), "{md}");
    assert!(md.contains("![Figure: the claims with their chains](lobster-figure.svg)"));
    assert!(
        md.contains("South China Morning Post \\<- Chen Hao (\"told\")"),
        "{md}"
    );
    well_formed_svg(&std::fs::read_to_string(dir.path().join("lobster-figure.svg")).unwrap());
    // an outlet: what it published or carried
    let md = report("Xinhua", &corpus, &dir.path().join("xinhua.md"));
    assert!(md.starts_with("# Claims carried by Xinhua\n"), "{md}");
    // the same bytes twice
    let again = report("Xinhua", &corpus, &dir.path().join("xinhua.md"));
    assert_eq!(md, again);
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let pdf = std::fs::read({
        report("Wang Yi", &corpus, &dir.path().join("wang.pdf"));
        dir.path().join("wang.pdf")
    })
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn hostile_text_is_escaped_and_bad_requests_fail_clearly() {
    let dir = tempdir();
    let article = write(dir.path(), "hostile.txt", HOSTILE);
    let graph = dir.path().join("g.json");
    whosaid()
        .arg("build")
        .arg(&article)
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    let html = report("deal", &graph, &dir.path().join("h.html"));
    assert!(html.contains("&lt;script&gt;alert") && !html.contains("<script>"));
    let md = report("deal", &graph, &dir.path().join("h.md"));
    assert!(md.contains("\\<script\\>alert"), "{md}");
    // nothing matches: exit 1 with a message; a format it cannot write: exit 2
    let none = whosaid()
        .args(["report", "zzz qqq"])
        .arg(&graph)
        .arg("-o")
        .arg(dir.path().join("n.html"))
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("matches"));
    whosaid()
        .args(["report", "deal"])
        .arg(&graph)
        .arg("-o")
        .arg(dir.path().join("r.docx"))
        .assert()
        .code(2);
}
