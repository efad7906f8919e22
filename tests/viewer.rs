//! `whosaid export --format html`: the viewer file on hostile input, the committed
//! `graphs/example.html`, and the page run in headless Chromium (search from the URL hash, the
//! claim panel, no script from an article executed, no console errors). Graphviz draws the
//! picture; Chromium runs it. Outside CI a missing tool skips the check (see `may_skip`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools::{CHROMIUM, have_dot};
use crate::util::{may_skip, root, tempdir, whosaid, write};

/// An invented article whose claim tries to close the data block, run a script, inject an image
/// with an event handler, and carries a line separator (U+2028) that JavaScript strings once
/// could not hold.
const PAYLOAD_ARTICLE: &str = "Hostile \"headline\" </title><script>document.title='pwned'</script>\n\
The spokesperson said that the deal </script><script>document.title='pwned';document.body.appendChild(document.createElement('blink')).id='pwned'</script> is done & <img src=x onerror=\"document.title='pwned'\"> ok, according to Xinhua.\n\
\"Nothing ends here, not even &lt; or a line\u{2028}separator,\" said Wang.\n";

/// Builds the graph of `input` and writes its viewer; returns (graph JSON, viewer HTML) paths.
fn viewer(dir: &Path, name: &str, input: &Path) -> (PathBuf, PathBuf) {
    let json = dir.join(format!("{name}.json"));
    let html = dir.join(format!("{name}.html"));
    whosaid()
        .arg("build")
        .arg(input)
        .arg("-o")
        .arg(&json)
        .assert()
        .success();
    whosaid()
        .arg("export")
        .arg(&json)
        .args(["--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    (json, html)
}

/// The text of the `<script type="application/json" id="whosaid-data">` block.
fn data_block(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"whosaid-data\">";
    let start = html.find(open).expect("data block") + open.len();
    let end = start + html[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&html[start..end]).expect("data block is JSON")
}

fn graph_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn html_viewer_of_a_hostile_article_is_inert() {
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let article = write(dir.path(), "payload.txt", PAYLOAD_ARTICLE);
    let (json, html_path) = viewer(dir.path(), "payload", &article);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // only our own two script elements; the article's tags are all escaped
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<img") && !html.contains("<blink"));
    let data_text = &html[html.find("id=\"whosaid-data\"").unwrap()..];
    let data_text = &data_text[..data_text.find("</script>").unwrap()];
    assert!(!data_text.contains('\u{2028}') && !data_text.contains('<'));
    // no network: nothing is loaded from elsewhere
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // the data is the graph, exactly
    let data = data_block(&html);
    assert_eq!(data, graph_json(&json));
    let labels: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("</script><script>")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.contains('\u{2028}')), "{labels:?}");
    // the picture is inline and its nodes carry their graph ids
    assert!(html.contains("<g id=\"outlet:xinhua\" class=\"node\">"));
    // deterministic
    let again = dir.path().join("again.html");
    whosaid()
        .arg("export")
        .arg(&json)
        .args(["--format", "html", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&again).unwrap(), html.as_bytes());
}

#[test]
fn html_export_without_graphviz_uses_the_builtin_layout() {
    let dir = tempdir();
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let out = dir.path().join("v.html");
    let assert = whosaid()
        .env("PATH", &empty)
        .args(["export", "graphs/example.json", "--format", "html", "-o"])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("built-in layout"), "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    let graph = graph_json(&root().join("graphs/example.json"));
    for n in graph["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        assert!(
            html.contains(&format!("<g id=\"{id}\" class=\"node\"")),
            "node {id} not drawn"
        );
    }
    // and it works in a browser
    if !Path::new(CHROMIUM).exists() && may_skip("chromium") {
        return;
    }
    let (dom, log) = chromium_dump(
        &format!("{}#search=Xinhua", file_url(&out)),
        &dir.path().join("profile"),
    );
    assert!(console_lines(&log).is_empty(), "{:?}", console_lines(&log));
    assert!(dom.contains("<g id=\"outlet:xinhua\" class=\"node highlight\""));
    assert!(dom.contains(">1 match<"));
}

#[test]
fn committed_example_viewer_holds_the_committed_graph() {
    // The picture depends on the Graphviz version, so only the data is compared; regenerate
    // with `scripts/regen-graphs.sh` (`whosaid export graphs/example.json --format html -o
    // graphs/example.html`).
    let html = std::fs::read_to_string(root().join("graphs/example.html")).unwrap();
    assert_eq!(
        data_block(&html),
        graph_json(&root().join("graphs/example.json")),
        "graphs/example.html is stale: regenerate it with scripts/regen-graphs.sh"
    );
    let graph = graph_json(&root().join("graphs/example.json"));
    for n in graph["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap().replace('-', "&#45;");
        assert!(
            html.contains(&format!("<g id=\"{id}\" class=\"node\">")),
            "node {id} not drawn"
        );
    }
}

/// Runs headless Chromium on `url`, returning (dumped DOM, stderr). Killed after a minute.
/// Output goes to files, not pipes, so a large DOM cannot block Chromium.
fn chromium_dump(url: &str, profile: &Path) -> (String, String) {
    let (out_path, err_path) = (profile.with_extension("dom"), profile.with_extension("log"));
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = child.wait().unwrap();
    let log = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    assert!(status.success(), "chromium failed on {url}: {log}");
    let dom = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    (dom, log)
}

/// Lines of Chromium's log that come from the page's console (errors, uncaught exceptions).
/// The viewer never logs, so any such line is a failure.
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

#[test]
fn viewer_runs_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() && may_skip("chromium") {
        return;
    }
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let profile = dir.path().join("profile");

    // the example graph, searched from the URL hash
    let (json, html) = viewer(dir.path(), "example", &root().join("examples/articles"));
    let (dom, log) = chromium_dump(&format!("{}#search=Xinhua", file_url(&html)), &profile);
    assert!(console_lines(&log).is_empty(), "{:?}", console_lines(&log));
    let graph = graph_json(&json);
    for n in graph["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        assert!(
            dom.contains(&format!("<g id=\"{id}\" class=\"node")),
            "{id} missing"
        );
    }
    assert!(
        dom.contains("<g id=\"outlet:xinhua\" class=\"node highlight\">"),
        "Xinhua not highlighted"
    );
    assert_eq!(
        dom.matches(" highlight\"").count(),
        1,
        "only Xinhua matches"
    );
    assert!(dom.contains("<input id=\"search\""));
    assert!(dom.contains(">1 match<"));

    // a claim's provenance panel, opened from the hash
    let claim = graph["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "reported_by" && e["target"] == "outlet:xinhua")
        .unwrap()["source"]
        .as_str()
        .unwrap()
        .to_string();
    let (dom, log) = chromium_dump(&format!("{}#select={claim}", file_url(&html)), &profile);
    assert!(console_lines(&log).is_empty(), "{:?}", console_lines(&log));
    let panel = &dom[dom.find("<div id=\"details\">").unwrap()..];
    assert!(
        panel.contains("<h3>Chain</h3>") && panel.contains("via #1"),
        "{panel}"
    );
    assert!(panel.contains(">Xinhua<") && panel.contains("class=\"evidence\""));
    assert!(dom.contains(&format!("<g id=\"{claim}\" class=\"node selected\">")));

    // the hostile article: the payload is shown as text and never runs
    let article = write(dir.path(), "payload.txt", PAYLOAD_ARTICLE);
    let (json, html) = viewer(dir.path(), "payload", &article);
    let graph = graph_json(&json);
    let hostile = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"].as_str().unwrap().contains("</script>"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (dom, log) = chromium_dump(
        &format!(
            "{}#search=%3C%2Fscript%3E&select={hostile}",
            file_url(&html)
        ),
        &profile,
    );
    assert!(console_lines(&log).is_empty(), "{:?}", console_lines(&log));
    assert!(
        !dom.contains("id=\"pwned\"") && !dom.contains("<title>pwned"),
        "payload ran"
    );
    assert!(
        !dom.contains("<blink") && !dom.contains("<img"),
        "markup injected"
    );
    assert!(dom.contains("<title>whosaid: 1 article"));
    // the panel shows the claim as text
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;document.title='pwned'"));
    assert!(dom.contains(&format!(
        "<g id=\"{hostile}\" class=\"node highlight selected\">"
    )));
}

/// The value of attribute `name` on the viewer's `<div id="graph">` in a dumped DOM.
fn graph_attr<'a>(dom: &'a str, name: &str) -> &'a str {
    let div = &dom[dom.find("<div id=\"graph\"").unwrap()..];
    let div = &div[..div.find('>').unwrap()];
    let at = div
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name} on {div}"));
    let v = &div[at + name.len() + 3..];
    &v[..v.find('"').unwrap()]
}

/// Asserts the viewer, as Chromium laid it out, shows `id` (any node when `None`) inside the
/// viewport with its label at least 10 pixels high.
fn assert_legible(dom: &str, id: Option<&str>) {
    if let Some(id) = id {
        assert_eq!(graph_attr(dom, "data-focus"), id);
    }
    assert_eq!(graph_attr(dom, "data-focus-in-view"), "yes");
    let px: f64 = graph_attr(dom, "data-focus-label-px").parse().unwrap();
    assert!(px >= 10.0, "label {px} px high");
    let zoom: f64 = graph_attr(dom, "data-zoom").parse().unwrap();
    assert!(zoom >= 0.9, "zoom {zoom} pixels per unit");
}

#[test]
fn viewer_opens_legible_and_brings_a_match_into_view() {
    if !Path::new(CHROMIUM).exists() && may_skip("chromium") {
        return;
    }
    if !have_dot() && may_skip("graphviz dot") {
        return;
    }
    let dir = tempdir();
    let profile = dir.path().join("profile");
    // six articles: the whole picture at once would be too small to read
    let (_, html) = viewer(dir.path(), "corpus", &root().join("examples/corpus"));
    let (dom, log) = chromium_dump(&file_url(&html), &profile);
    assert!(console_lines(&log).is_empty(), "{:?}", console_lines(&log));
    assert_legible(&dom, None);
    let (dom, _) = chromium_dump(&format!("{}#search=Xinhua", file_url(&html)), &profile);
    assert_legible(&dom, Some("outlet:xinhua"));
    let (dom, _) = chromium_dump(
        &format!("{}#select=person:penny-wong", file_url(&html)),
        &profile,
    );
    assert_legible(&dom, Some("person:penny-wong"));
    // and as a person sees it: a screenshot of the window
    let shot = dir.path().join("first.png");
    let status = Command::new(CHROMIUM)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1200,800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("{}#search=Xinhua", file_url(&html)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let be = |k: usize| u32::from_be_bytes(png[k..k + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (1200, 800));
}
