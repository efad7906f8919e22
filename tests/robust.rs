//! Hostile and oversized input: bounded work (checked by counting output, never by timing),
//! no panics, byte-exact offsets through CRLF, BOMs, NUL bytes and bidirectional text, binary
//! files skipped in a batch, article text unable to change the structure of any export, output
//! files left whole when a run is killed, and the same bytes for any `--jobs`.

use std::path::Path;
use std::process::Command;

use whosaid::text::{MAX_SENTENCE_TOKENS, sentences};
use whosaid::{Document, Pipeline};

use crate::util::{json, may_skip, succeeded, tempdir, whosaid, write};

fn doc(text: String) -> Document {
    Document {
        id: "d".into(),
        meta: Default::default(),
        text,
    }
}

/// Extracts `text` and checks every span and evidence against it; returns (attributions, bytes
/// of evidence): the work the extraction produced.
fn extract_checked(p: &Pipeline, text: String) -> (usize, usize) {
    let x = p.extract(&doc(text));
    let chars: Vec<char> = x.document.text.chars().collect();
    let mut evidence = 0;
    for a in &x.attributions {
        let e = &a.evidence;
        assert!(e.start <= e.end && e.end <= chars.len());
        let slice: String = chars[e.start..e.end].iter().collect();
        assert_eq!(slice, e.sentence);
        for s in &a.content.spans {
            assert!(s[0] <= s[1] && s[1] <= chars.len());
        }
        evidence += e.sentence.len();
    }
    (x.attributions.len(), evidence)
}

/// The shapes of hostile text, each repeated `n` times.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "run-on line",
            "the minister said that talks went well and ".repeat(n),
        ),
        (
            "quotes",
            format!("He said \"{}\n", "a\" said Wang \"".repeat(n)),
        ),
        ("nested curly", "“Wang said “we will. ".repeat(n)),
        (
            "quotes and ends",
            "\"We won. We will win,\" said Wang. ".repeat(n),
        ),
        ("NUL", "Talks went well, Wang said.\0 \0\0".repeat(n)),
        (
            "mixed newlines",
            "Talks went well, Wang said.\r\nHe left.\rShe said: \"no.\"\n".repeat(n),
        ),
        (
            "bidi",
            "\u{202e}Talks\u{200b} went\u{200d} well, \u{2067}Wang\u{2069} said. ".repeat(n),
        ),
        (
            "repeated description",
            "The ministry said the port would open soon. ".repeat(n),
        ),
        (
            "tweets",
            "Talks went well.\n— Wang Yi (@wangyi) June 1 — Qin (@qin) x — Li (@li) y\n".repeat(n),
        ),
    ]
}

#[test]
fn work_grows_linearly_with_hostile_input() {
    let p = Pipeline::new().unwrap();
    // large enough that a run-on line is already longer than one sentence may be
    let (small, large) = (shapes(100), shapes(800));
    for ((name, a), (_, b)) in small.into_iter().zip(large) {
        let (la, lb) = (a.len(), b.len());
        let (na, ea) = extract_checked(&p, a);
        let (nb, eb) = extract_checked(&p, b);
        // 8 times the input gives about 8 times the attributions and evidence (a little more
        // while the pieces of a run-on line fill up), not 64
        assert!(nb <= 12 * na.max(1), "{name}: {na} -> {nb} attributions");
        assert!(
            eb <= 12 * ea.max(la / 8),
            "{name}: {ea} -> {eb} evidence bytes"
        );
        // each attribution's evidence is one sentence, and a sentence holds at most
        // MAX_SENTENCE_TOKENS cues
        assert!(
            eb <= MAX_SENTENCE_TOKENS * lb,
            "{name}: {eb} evidence bytes for {lb} input bytes"
        );
    }
}

#[test]
fn run_on_text_is_cut_into_bounded_sentences() {
    for n in [100, 800] {
        let text = "the minister said that talks went well and ".repeat(n);
        let s = sentences(&text);
        let tokens: usize = s.iter().map(|x| x.tokens.len()).sum();
        assert_eq!(tokens, 8 * n, "no token lost or repeated");
        assert!(s.iter().all(|x| x.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(s.len(), (8 * n).div_ceil(MAX_SENTENCE_TOKENS));
        for x in &s {
            assert!(text.get(x.range.clone()).is_some());
            let first = x.tokens.first().unwrap();
            let last = x.tokens.last().unwrap();
            assert_eq!(x.range, first.range.start..last.range.end);
        }
    }
}

/// Code points `start..end` of `text`.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Checks that every evidence of `extract` output slices back out of `text`; returns them.
fn evidence_of(out: &serde_json::Value, text: &str) -> Vec<String> {
    let mut all = Vec::new();
    for a in out["attributions"].as_array().unwrap() {
        let e = &a["evidence"];
        let s = e["sentence"].as_str().unwrap();
        assert_eq!(
            chars(
                text,
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap()
            ),
            s
        );
        all.push(s.to_string());
    }
    all
}

#[test]
fn crlf_bom_nul_and_bidi_text_keep_true_offsets() {
    let dir = tempdir();
    let body = "Title line\r\n\r\nTalks went well, Wang said.\r\n\"We left\u{0},\" Qin said.\rThe \u{202e}deal\u{202c} is\u{200b} done, Reuters reported.\n";
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(body.as_bytes());
    let f = write(dir.path(), "a.txt", &bytes);
    let out = whosaid().arg("extract").arg(&f).assert().success();
    let out = json(&out.get_output().stdout);
    // the byte order mark is not text: offsets count from after it
    let ev = evidence_of(&out, body);
    assert!(ev.len() >= 3, "{ev:?}");
    assert!(
        ev.iter()
            .all(|e| !e.contains('\u{feff}') && !e.contains('\r'))
    );
    assert!(
        ev.iter()
            .any(|e| e.contains("\u{202e}deal\u{202c} is\u{200b} done"))
    );
    assert!(ev.iter().any(|e| e.contains('\u{0}')));
    // the same as JSON Lines, BOM first
    let mut jl = b"\xef\xbb\xbf".to_vec();
    jl.extend_from_slice(
        serde_json::json!({"id": "j", "text": body})
            .to_string()
            .as_bytes(),
    );
    jl.extend_from_slice(b"\r\n");
    let f = write(dir.path(), "c.jsonl", &jl);
    let out = whosaid().arg("extract").arg(&f).assert().success();
    assert_eq!(evidence_of(&json(&out.get_output().stdout), body), ev);
}

#[test]
fn a_binary_file_in_a_batch_is_reported_and_skipped() {
    let dir = tempdir();
    let mut junk: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    junk.splice(0..0, b"Talks went".iter().copied());
    write(dir.path(), "in/a.txt", "Talks went well, Wang said.\n");
    write(dir.path(), "in/b.txt", &junk);
    write(dir.path(), "in/c.txt", "\0\0\0Talks failed, Qin said.\0\n");
    let out = whosaid()
        .args(["extract", "--format", "jsonl"])
        .arg(dir.path().join("in"))
        .assert()
        .code(3);
    let o = out.get_output();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("b.txt: invalid UTF-8 at byte offset 138"),
        "{err}"
    );
    let lines: Vec<serde_json::Value> = o
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(json)
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["document"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "c"]);
}

/// Text that must stay text in every format: DOT, HTML, XML, CSV, Cypher and JSON breakers.
const PAYLOAD: &str = "=cmd \"]; node [x] </script><!-- --> ]]> {a} \\ 'b' `c` 😀 \u{202e}evil";

fn payload_graph(dir: &Path, name: &str, payload: &str) -> std::path::PathBuf {
    let article = write(
        dir,
        &format!("{name}.txt"),
        format!("Talks failed.\n\"{payload}\", Wang said.\n"),
    );
    let g = dir.join(format!("{name}.json"));
    whosaid()
        .arg("build")
        .arg(&article)
        .arg("-o")
        .arg(&g)
        .assert()
        .success();
    let v = json(&std::fs::read(&g).unwrap());
    let label = format!("\"{payload}\"");
    assert!(
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["label"] == label.as_str()),
        "the payload is a claim"
    );
    g
}

#[test]
fn article_text_cannot_change_the_structure_of_any_export() {
    let dir = tempdir();
    let g = payload_graph(dir.path(), "p", PAYLOAD);
    let claim = format!("\"{PAYLOAD}\"");
    let run = |format: &str, out: &Path| {
        whosaid()
            .arg("export")
            .arg(&g)
            .args(["--format", format, "-o"])
            .arg(out)
            .assert()
            .success();
    };
    // XML: one well-formed document that gives the label back
    for f in ["graphml", "gexf"] {
        let p = dir.path().join(format!("g.{f}"));
        run(f, &p);
        let text = std::fs::read_to_string(&p).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert!(
            doc.descendants().any(|n| n.text() == Some(claim.as_str())
                || n.attribute("label") == Some(claim.as_str())),
            "{f}"
        );
        assert!(
            !doc.descendants().any(|n| n.is_comment()),
            "{f}: a comment was opened"
        );
    }
    // JSON formats parse and hold the text
    for f in ["cytoscape", "prov-jsonld", "json"] {
        let p = dir.path().join(format!("g.{f}.json"));
        run(f, &p);
        let v = json(&std::fs::read(&p).unwrap());
        assert!(
            v.to_string()
                .contains(&serde_json::to_string(&claim).unwrap()[1..20]),
            "{f}"
        );
    }
    // CSV: same number of cells on every row; the claim cell comes back (no formula: it starts
    // with a quotation mark)
    let csv_dir = dir.path().join("csv");
    run("csv", &csv_dir);
    for f in ["nodes.csv", "edges.csv"] {
        let mut r = csv::Reader::from_path(csv_dir.join(f)).unwrap();
        let width = r.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert!(rows.iter().all(|x| x.len() == width), "{f}");
        if f == "nodes.csv" {
            assert!(rows.iter().any(|x| &x[2] == claim.as_str()));
        }
    }
    // Neo4j: the Cypher holds no article text, and the CSV files it loads read back
    let neo = dir.path().join("neo4j");
    run("neo4j", &neo);
    let cypher = std::fs::read_to_string(neo.join("import.cypher")).unwrap();
    assert!(!cypher.contains("evil") && !cypher.contains("cmd"));
    assert_eq!(cypher_literals_are_closed(&cypher), Ok(()));
    for e in std::fs::read_dir(&neo).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            let mut r = csv::Reader::from_path(&p).unwrap();
            let width = r.headers().unwrap().len();
            assert!(r.records().all(|x| x.unwrap().len() == width), "{p:?}");
        }
    }
    // HTML: the data block is not ended early and is the graph
    let html = dir.path().join("g.html");
    run("html", &html);
    let html = std::fs::read_to_string(&html).unwrap();
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<!-- -->"));
    // DOT: Graphviz reads it and draws the text as text
    let dot = dir.path().join("g.dot");
    run("dot", &dot);
    if !crate::tools::have_dot() && may_skip("graphviz dot") {
        return;
    }
    let out = succeeded(Command::new("dot").arg("-Tsvg").arg(&dot).output());
    let svg = String::from_utf8(out.stdout).unwrap();
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let svg = roxmltree::Document::parse_with_options(&svg, opts).unwrap();
    assert!(!svg.descendants().any(|n| n.has_tag_name("script")));
    let count = |svg: &roxmltree::Document, class: &str| {
        svg.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .count()
    };
    // the same drawing as for harmless text: as many nodes and edges
    let plain = payload_graph(dir.path(), "plain", "harmless words here");
    let plain_dot = dir.path().join("plain.dot");
    whosaid()
        .arg("export")
        .arg(&plain)
        .args(["--format", "dot", "-o"])
        .arg(&plain_dot)
        .assert()
        .success();
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(&plain_dot)
        .output()
        .unwrap();
    let plain_svg = String::from_utf8(out.stdout).unwrap();
    let plain_svg = roxmltree::Document::parse_with_options(
        &plain_svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    for class in ["node", "edge"] {
        assert_eq!(count(&svg, class), count(&plain_svg, class), "{class}s");
    }
    assert!(count(&svg, "node") > 3);
    assert!(
        svg.descendants()
            .any(|n| n.text().is_some_and(|t| t.contains("</script>")))
    );
}

/// Every `'`, `"` and backtick literal of a Cypher script is closed before its line ends, and
/// every statement ends with `;`.
fn cypher_literals_are_closed(cypher: &str) -> Result<(), String> {
    let mut statement = String::new();
    for line in cypher.lines() {
        if line.trim_start().starts_with("//") || line.trim().is_empty() {
            continue;
        }
        let mut open: Option<char> = None;
        let mut escaped = false;
        for c in line.chars() {
            match open {
                Some(q) if escaped => {
                    escaped = false;
                    let _ = q;
                }
                Some(_) if c == '\\' => escaped = true,
                Some(q) if c == q => open = None,
                Some(_) => {}
                None if matches!(c, '\'' | '"' | '`') => open = Some(c),
                None => {}
            }
        }
        if open.is_some() {
            return Err(format!("unclosed literal: {line}"));
        }
        statement.push_str(line);
    }
    if !statement.trim_end().ends_with(';') {
        return Err("last statement has no ';'".into());
    }
    Ok(())
}

/// Writes a corpus of `n` short articles as JSON Lines.
fn corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&serde_json::json!({
            "id": format!("d{i}"),
            "text": format!("Talks on item {i} failed, Wang said. \"We will try again on {i},\" Qin told Reuters. The deal {i} is off, officials said.")
        }).to_string());
        s.push('\n');
    }
    write(dir, "corpus.jsonl", s)
}

/// Starts `whosaid <subcommand> -q <input> -o <out>` without waiting for it.
fn spawn_writing(subcommand: &str, input: &Path, out: &Path) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
        .args([subcommand, "-q"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_build_leaves_the_old_output_whole() {
    let dir = tempdir();
    let small = write(dir.path(), "small.txt", "Talks failed, Wang said.\n");
    let out = dir.path().join("out.json");
    whosaid()
        .arg("build")
        .arg(&small)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let old = std::fs::read(&out).unwrap();
    let big = corpus(dir.path(), 20_000);
    for signal in ["-TERM", "-INT"] {
        let mut child = spawn_writing("build", &big, &out);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let killed = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let now = std::fs::read(&out).unwrap();
        if status.success() {
            // it finished first: then the file is the complete new graph
            let v = json(&now);
            assert!(v["nodes"].as_array().unwrap().len() > 1000);
        } else {
            assert_eq!(now, old, "{signal}: the old output was changed");
        }
        // nothing else is left in the directory but hidden temporary files
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            assert!(
                ["small.txt", "out.json", "corpus.jsonl"].contains(&name.as_str())
                    || name.starts_with(".whosaid-"),
                "{signal}: left {name}"
            );
        }
    }
}

/// `-o /dev/null` or a named pipe is written in place: the atomic rename over it would replace
/// the device or pipe with a regular file (it once turned /dev/null into one).
#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_into_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempdir();
    let fifo = dir.path().join("out.fifo");
    succeeded(Command::new("mkfifo").arg(&fifo).output());
    let article = write(dir.path(), "a.txt", "Talks failed, Wang said.\n");
    let mut child = spawn_writing("extract", &article, &fifo);
    // the reader waits for a writer to open the pipe and reads until it closes it
    let path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(path));
    assert!(child.wait().unwrap().success());
    let kind = std::fs::metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
    let got = reader.join().unwrap().unwrap();
    assert_eq!(json(&got)["attributions"][0]["speaker"]["name"], "Wang");
}

#[test]
fn any_jobs_and_any_run_give_the_same_bytes() {
    let dir = tempdir();
    let input = corpus(dir.path(), 150);
    let mut first: Option<Vec<Vec<u8>>> = None;
    for (run, jobs) in ["1", "2", "3", "2"].into_iter().enumerate() {
        let d = dir.path().join(format!("run{run}"));
        let g = d.join("g.json");
        std::fs::create_dir_all(&d).unwrap();
        whosaid()
            .arg("build")
            .arg(&input)
            .args(["--jobs", jobs, "-o"])
            .arg(&g)
            .arg("--dot")
            .arg(d.join("g.dot"))
            .assert()
            .success();
        let mut files = vec![
            std::fs::read(&g).unwrap(),
            std::fs::read(d.join("g.dot")).unwrap(),
        ];
        for (format, out) in [("graphml", "g.graphml"), ("csv", "csv"), ("gexf", "g.gexf")] {
            whosaid()
                .arg("export")
                .arg(&g)
                .args(["--format", format, "-o"])
                .arg(d.join(out))
                .assert()
                .success();
        }
        for f in ["g.graphml", "g.gexf", "csv/nodes.csv", "csv/edges.csv"] {
            files.push(std::fs::read(d.join(f)).unwrap());
        }
        match &first {
            None => first = Some(files),
            Some(f) => assert!(f == &files, "--jobs {jobs} (run {run}) differs"),
        }
    }
}
