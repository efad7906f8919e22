//! Faults of a batch run: bad directory entries are reported and skipped, a closed stdout is an
//! error, repeated document ids are warned about, and ids that differ only in control
//! characters stay apart in DOT, which never carries a Unicode non-character into Graphviz.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use crate::tools::have_dot;
use crate::util::{may_skip, root, tempdir, whosaid, write};

/// Runs `whosaid ARGS INPUT -o OUT`, which must succeed; returns what it wrote to OUT.
fn written(args: &[&str], input: &Path, out: &Path) -> String {
    whosaid()
        .args(args)
        .arg(input)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

#[cfg(unix)]
#[test]
fn a_bad_entry_in_a_directory_is_reported_and_the_rest_is_read() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(articles.join("loop")).unwrap();
    for e in std::fs::read_dir(root().join("examples/articles")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, articles.join(p.file_name().unwrap())).unwrap();
    }
    write(
        &articles,
        "zz-last.txt",
        "Talks failed, Reuters reported.\n",
    );
    std::os::unix::fs::symlink("/nonexistent/gone.txt", articles.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", articles.join("loop/up")).unwrap();
    let out = whosaid()
        .args(["extract", "--format", "jsonl", "-q"])
        .arg(&articles)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // some inputs skipped, the rest written
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("dangling.txt: No such file or directory"),
        "{err}"
    );
    assert!(err.contains("loop/up") && err.contains("loop"), "{err}");
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            crate::util::json(l.as_bytes())["document"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(ids.contains(&"zz-last".to_string()), "{ids:?}");
    assert!(ids.len() >= 2, "{ids:?}");
}

#[test]
fn a_closed_stdout_is_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
        .args(["synth", "--articles", "5000", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // read a little, then go away as `head` does
    let mut some = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut some).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Broken pipe"), "{err}");
}

#[test]
fn repeated_document_ids_are_warned_about() {
    let dir = tempdir();
    let corpus = write(
        dir.path(),
        "dup.jsonl",
        "{\"id\":\"a\",\"text\":\"Talks failed, Reuters reported.\"}\n\
         {\"id\":\"b\",\"text\":\"Talks went on, AFP reported.\"}\n\
         {\"id\":\"a\",\"text\":\"Talks went well, Xinhua reported.\"}\n",
    );
    let out = whosaid()
        .args(["build", "-q"])
        .arg(&corpus)
        .arg("-o")
        .arg(dir.path().join("g.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("document id \"a\" appears more than once"),
        "{err}"
    );
    assert!(!err.contains("\"b\""), "{err}");
}

#[test]
fn dot_keeps_ids_apart_and_drops_noncharacters() {
    let dir = tempdir();
    let graph = write(
        dir.path(),
        "g.json",
        r#"{"schema": "whosaid.graph/v1", "directed": true, "multigraph": true,
          "graph": {"generator": "whosaid", "articles": 0, "claims": 1, "attributions": 2},
          "nodes": [
            {"id": "claim:1", "kind": "claim", "label": "Fees rise\uFFFE now\uFFFF"},
            {"id": "person:a\nb", "kind": "person", "label": "A\nB"},
            {"id": "person:a\tb", "kind": "person", "label": "A\tB"}],
          "links": [
            {"source": "claim:1", "target": "person:a\nb", "kind": "said_by", "key": "1"},
            {"source": "claim:1", "target": "person:a\tb", "kind": "said_by", "key": "2"}]}"#,
    );
    let out = whosaid()
        .args(["export", "--format", "dot"])
        .arg(&graph)
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(!dot.contains(['\u{fffe}', '\u{ffff}']), "{dot}");
    assert!(
        dot.contains("\"person:a%0Ab\"") && dot.contains("\"person:a%09b\""),
        "{dot}"
    );
    if !have_dot() && may_skip("dot") {
        return;
    }
    // Graphviz draws two speakers, and its SVG is XML
    let svg = dir.path().join("g.svg");
    let text = written(&["render", "--engine", "graphviz"], &graph, &svg);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, opts).unwrap();
    let people = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("person:")))
        .count();
    assert_eq!(people, 2, "{text}");
}

#[test]
fn pictures_of_huge_graphs_are_refused_or_cut() {
    let dir = tempdir();
    let corpus = dir.path().join("synth.jsonl");
    whosaid()
        .args(["synth", "--articles", "600", "-q", "-o"])
        .arg(&corpus)
        .assert()
        .success();
    let graph = dir.path().join("g.json");
    whosaid()
        .args(["build", "-q"])
        .arg(&corpus)
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    // the whole graph is too large to lay out: refused, saying how to draw part of it
    let out = whosaid()
        .arg("render")
        .arg(&graph)
        .arg("-o")
        .arg(dir.path().join("all.svg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("more than the 1000 a picture can show") && err.contains("--focus"),
        "{err}"
    );
    assert!(!dir.path().join("all.svg").exists());
    // a report on a claim carried by hundreds of articles draws a few of its attributions
    let page = dir.path().join("r.html");
    let html = written(
        &["report", "-q", "rock lobster restrictions"],
        &graph,
        &page,
    );
    let drawn = html.matches("class=\"node\"").count();
    assert!((3..=40).contains(&drawn), "{drawn} nodes drawn");
    // a part asked for that is still too large: each claim's first attributions, as many as
    // fit (drawn by Graphviz: the built-in layout of a few hundred nodes is slow in a debug build)
    if !have_dot() && may_skip("dot") {
        return;
    }
    let part = dir.path().join("part.svg");
    let svg = written(
        &[
            "render",
            "-q",
            "--engine",
            "graphviz",
            "--focus",
            "rock lobster restrictions",
        ],
        &graph,
        &part,
    );
    let drawn = svg.matches("class=\"node\"").count();
    assert!((10..=1000).contains(&drawn), "{drawn} nodes drawn");
}
