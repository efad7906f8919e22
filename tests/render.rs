//! `whosaid render` and `build --svg`: well-formed SVG holding every node label from both
//! engines, PNG and PDF from Graphviz, the clear error without it, hostile text escaped, and
//! the reductions (--focus, --max-claims, --hide-kinds). Graphviz checks skip outside CI when
//! `dot` is missing (see `may_skip`); the built-in engine is always checked.

use std::path::Path;

use whosaid::render::{self, EngineChoice, RenderOptions};
use whosaid::{EdgeKind, KnowledgeGraph, NodeKind, export};

use crate::tools::have_dot;
use crate::util::{HOSTILE, may_skip, root, tempdir, whosaid, write};

/// Parses the SVG (failing on malformed XML) and returns its text, one line per text node.
fn svg_text(svg: &str) -> String {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, opts)
        .unwrap_or_else(|e| panic!("malformed SVG: {e}"));
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts the SVG is well-formed and shows every line of every node label of `g`.
fn assert_all_labels(svg: &str, g: &KnowledgeGraph) {
    let text = svg_text(svg);
    for n in g.nodes() {
        for line in render::label_lines(n) {
            assert!(
                text.contains(&line),
                "label line {line:?} of {} missing",
                n.id
            );
        }
    }
}

fn render_to(dir: &Path, input: &Path, name: &str, extra: &[&str]) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let a = whosaid()
        .arg("render")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    (out, stderr)
}

#[test]
fn builtin_svg_is_well_formed_with_every_label() {
    let dir = tempdir();
    let json = root().join("graphs/example.json");
    let (out, stderr) = render_to(dir.path(), &json, "b.svg", &["--engine", "builtin"]);
    assert!(stderr.contains("built-in layout"), "{stderr}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert_all_labels(&svg, &export::read_graph(&json).unwrap());
    // deterministic
    let (again, _) = render_to(dir.path(), &json, "c.svg", &["--engine", "builtin"]);
    assert_eq!(svg, std::fs::read_to_string(again).unwrap());
}

#[test]
fn articles_are_built_on_the_fly() {
    let dir = tempdir();
    let (out, _) = render_to(
        dir.path(),
        &root().join("examples/articles"),
        "a.svg",
        &["--engine", "builtin"],
    );
    let g = export::read_graph(&root().join("graphs/example.json")).unwrap();
    assert_all_labels(&std::fs::read_to_string(out).unwrap(), &g);
}

#[test]
fn graphviz_svg_png_and_pdf() {
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let json = root().join("graphs/corpus.json");
    let g = export::read_graph(&json).unwrap();
    let (out, stderr) = render_to(dir.path(), &json, "g.svg", &[]);
    assert!(stderr.contains("Graphviz (dot layout)"), "{stderr}");
    assert_all_labels(&std::fs::read_to_string(out).unwrap(), &g);
    for layout in ["neato", "fdp", "sfdp", "circo"] {
        let (out, _) = render_to(dir.path(), &json, "g.svg", &["--layout", layout]);
        assert_all_labels(&std::fs::read_to_string(out).unwrap(), &g);
    }
    let (png, _) = render_to(dir.path(), &json, "g.png", &[]);
    assert!(
        std::fs::read(png)
            .unwrap()
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    let (pdf, _) = render_to(dir.path(), &json, "g.pdf", &[]);
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
}

#[test]
fn without_graphviz_svg_falls_back_and_png_fails_clearly() {
    let dir = tempdir();
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let out = dir.path().join("x.png");
    let a = whosaid()
        .env("PATH", &empty)
        .args(["render", "graphs/example.json", "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        stderr.contains("PNG output needs Graphviz") && stderr.contains("apt install graphviz"),
        "{stderr}"
    );
    assert!(!out.exists());
    let svg = dir.path().join("x.svg");
    let a = whosaid()
        .env("PATH", &empty)
        .args(["render", "graphs/example.json", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(stderr.contains("built-in layout") && stderr.contains("apt install graphviz"));
    svg_text(&std::fs::read_to_string(svg).unwrap());
    whosaid()
        .env("PATH", &empty)
        .args([
            "render",
            "graphs/example.json",
            "--engine",
            "graphviz",
            "-o",
        ])
        .arg(dir.path().join("y.svg"))
        .assert()
        .code(1);
}

#[test]
fn hostile_article_renders_escaped() {
    let dir = tempdir();
    let hostile = write(dir.path(), "hostile.txt", HOSTILE);
    let mut engines = vec!["builtin"];
    if have_dot() || !may_skip("graphviz dot") {
        engines.push("graphviz");
    }
    for engine in engines {
        let (out, _) = render_to(
            dir.path(),
            &hostile,
            &format!("{engine}.svg"),
            &["--engine", engine],
        );
        let svg = std::fs::read_to_string(out).unwrap();
        let text = svg_text(&svg);
        assert!(text.contains("<script>"), "{engine}: text shown as text");
        assert!(
            svg.contains("&lt;script&gt;") && !svg.contains("<script>"),
            "{engine}: script escaped"
        );
    }
}

#[test]
fn usage_errors() {
    let dir = tempdir();
    whosaid()
        .args(["render", "graphs/example.json", "-o"])
        .arg(dir.path().join("x.gif"))
        .assert()
        .code(2);
    let a = whosaid()
        .args([
            "render",
            "graphs/example.json",
            "--focus",
            "zzzz qqqq",
            "-o",
        ])
        .arg(dir.path().join("x.svg"))
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("--focus"));
}

fn corpus() -> KnowledgeGraph {
    export::read_graph(&root().join("graphs/corpus.json")).unwrap()
}

fn ids(g: &KnowledgeGraph) -> Vec<String> {
    g.nodes().map(|n| n.id.clone()).collect()
}

fn kinds(g: &KnowledgeGraph, k: NodeKind) -> Vec<String> {
    g.nodes()
        .filter(|n| n.kind == k)
        .map(|n| n.id.clone())
        .collect()
}

#[test]
fn focus_keeps_the_neighbourhood_with_whole_chains() {
    let g = corpus();
    let opts = RenderOptions {
        focus: Some("penny wong".into()),
        ..Default::default()
    };
    let sub = render::reduce(&g, &opts).unwrap();
    let claims = kinds(&sub, NodeKind::Claim);
    assert!(!claims.is_empty() && claims.len() < kinds(&g, NodeKind::Claim).len());
    for c in &claims {
        let out: Vec<_> = sub.out_edges(c).collect();
        assert!(
            out.iter()
                .any(|e| e.kind == EdgeKind::SaidBy && e.target == "person:penny-wong"),
            "{c} not said by Penny Wong"
        );
        assert!(out.iter().any(|e| e.kind == EdgeKind::AppearsIn), "{c}");
    }
    // depth 2 reaches further; a claim's words work too
    let wider = render::reduce(
        &g,
        &RenderOptions {
            depth: 2,
            ..opts.clone()
        },
    )
    .unwrap();
    assert!(wider.node_count() > sub.node_count());
    let by_words = render::reduce(
        &g,
        &RenderOptions {
            focus: Some("rock lobster exports".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(kinds(&by_words, NodeKind::Claim).len(), 1);
}

#[test]
fn max_claims_and_hide_kinds_reduce_deterministically() {
    let g = corpus();
    let opts = RenderOptions {
        max_claims: Some(3),
        hide_kinds: vec![NodeKind::Anonymous, NodeKind::Organization],
        engine: EngineChoice::Builtin,
        ..Default::default()
    };
    let sub = render::reduce(&g, &opts).unwrap();
    assert_eq!(kinds(&sub, NodeKind::Claim).len(), 3);
    assert!(kinds(&sub, NodeKind::Anonymous).is_empty());
    assert!(kinds(&sub, NodeKind::Organization).is_empty());
    // the kept claims are the best carried: none left out is carried by more articles
    let min_kept = sub
        .nodes()
        .filter_map(|n| n.articles)
        .min()
        .unwrap_or_default();
    let kept = kinds(&sub, NodeKind::Claim);
    assert!(
        g.nodes()
            .filter(|n| n.kind == NodeKind::Claim && !kept.contains(&n.id))
            .all(|n| n.articles.unwrap_or(0) <= min_kept)
    );
    let again = render::reduce(&g, &opts).unwrap();
    assert_eq!(ids(&sub), ids(&again));
    // and the CLI passes them on
    let dir = tempdir();
    let (out, _) = render_to(
        dir.path(),
        &root().join("graphs/corpus.json"),
        "m.svg",
        &[
            "--engine",
            "builtin",
            "--max-claims",
            "3",
            "--hide-kinds",
            "anonymous,organization",
        ],
    );
    let svg = std::fs::read_to_string(out).unwrap();
    assert_eq!(svg, render::svg(&g, &opts).unwrap().svg);
    assert_all_labels(&svg, &sub);
}

/// `graphs/example.svg` is drawn by whichever engine the machine has, so it is compared by
/// structure, not bytes: well-formed, and showing every label of the committed graph.
/// `graphs/example.png` (Graphviz only) must be a PNG.
#[test]
fn committed_pictures_match_the_graph() {
    let g = export::read_graph(&root().join("graphs/example.json")).unwrap();
    let svg = std::fs::read_to_string(root().join("graphs/example.svg")).unwrap_or_default();
    assert_all_labels(&svg, &g);
    let png = std::fs::read(root().join("graphs/example.png")).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "graphs/example.png");
}

#[test]
fn build_writes_svg_too() {
    let dir = tempdir();
    let svg = dir.path().join("e.svg");
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(dir.path().join("e.json"))
        .arg("--svg")
        .arg(&svg)
        .assert()
        .success();
    let g = export::read_graph(&dir.path().join("e.json")).unwrap();
    assert_all_labels(&std::fs::read_to_string(svg).unwrap(), &g);
}

/// Width and height of a PNG file.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{}",
        path.display()
    );
    let be = |k: usize| u32::from_be_bytes(bytes[k..k + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Asserts the PNG fits a page of `w` x `h` inches at the page resolution.
fn assert_fits(path: &Path, w: f64, h: f64) {
    let dpi = f64::from(render::PAGE_DPI);
    let (pw, ph) = png_size(path);
    assert!(
        f64::from(pw) <= w * dpi + 2.0 && f64::from(ph) <= h * dpi + 2.0,
        "{}: {pw}x{ph} px is larger than {w}x{h} in",
        path.display()
    );
    // not a sliver: a page figure uses a fair part of the page's width or height
    assert!(
        f64::from(pw) >= 0.5 * w * dpi || f64::from(ph) >= 0.5 * h * dpi,
        "{}: {pw}x{ph} px",
        path.display()
    );
}

#[test]
fn page_figures_fit_the_page_and_big_graphs_go_one_article_per_page() {
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let json = root().join("graphs/corpus.json");
    // the example article fits an A4 page, a Letter page on its side, and a 16 x 10 cm box
    let example = root().join("graphs/example.json");
    let (png, _) = render_to(dir.path(), &example, "a4.png", &["--page", "a4"]);
    assert_fits(&png, 7.09, 10.51);
    let (png, _) = render_to(
        dir.path(),
        &example,
        "l.png",
        &["--page", "letter-landscape"],
    );
    assert_fits(&png, 9.5, 7.0);
    let (png, _) = render_to(dir.path(), &example, "s.png", &["--page", "16x10cm"]);
    assert_fits(&png, 16.0 / 2.54, 10.0 / 2.54);
    // the six articles of the corpus are too many for one page: pages of whole articles
    let out = dir.path().join("c.png");
    let (_, stderr) = render_to(dir.path(), &json, "c.png", &["--page", "a4"]);
    let pages: usize = stderr
        .split("too big for one page: drew ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!((2..=6).contains(&pages), "{stderr}");
    assert!(!out.exists());
    for k in 1..=pages {
        assert_fits(&dir.path().join(format!("c-{k}.png")), 7.09, 10.51);
    }
    assert!(!dir.path().join(format!("c-{}.png", pages + 1)).exists());
    // the legend is one row, and can be left out
    let (svg, _) = render_to(dir.path(), &json, "l.svg", &[]);
    assert!(
        std::fs::read_to_string(svg)
            .unwrap()
            .contains("<title>legend</title>")
    );
    let (svg, _) = render_to(dir.path(), &json, "n.svg", &["--no-legend"]);
    assert!(!std::fs::read_to_string(svg).unwrap().contains("legend"));
    // a page that is no page is a usage error
    whosaid()
        .arg("render")
        .arg(&json)
        .args(["--page", "a5x", "-o"])
        .arg(dir.path().join("x.svg"))
        .assert()
        .code(2);
}
