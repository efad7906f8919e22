//! Bad input: clear messages naming the file (and line or offset), exit code 1, never a panic,
//! and the rest of a batch still processed.

use crate::util::{json, tempdir, whosaid, write};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn missing_path_is_named() {
    let out = whosaid()
        .args(["extract", "no/such/file.txt"])
        .assert()
        .code(1);
    assert!(stderr(out.get_output()).contains("no/such/file.txt: no such file or directory"));
}

#[test]
fn directory_without_articles_is_an_error() {
    let dir = tempdir();
    write(dir.path(), "notes.md", "nothing");
    let out = whosaid().arg("extract").arg(dir.path()).assert().code(1);
    assert!(stderr(out.get_output()).contains("directory contains no articles"));
}

#[test]
fn invalid_utf8_names_file_and_offset_and_the_rest_is_processed() {
    let dir = tempdir();
    write(dir.path(), "bad.txt", b"Good start \xff\xfe bad bytes");
    write(dir.path(), "good.txt", "Talks ended, Reuters reported.");
    let out = whosaid()
        .arg("extract")
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .assert()
        .code(3);
    let o = out.get_output();
    assert!(
        stderr(o).contains("bad.txt: invalid UTF-8 at byte offset 11"),
        "{}",
        stderr(o)
    );
    let v = json(&o.stdout);
    assert_eq!(v["document"]["id"], "good");
}

#[test]
fn empty_file_is_a_document_without_attributions() {
    let dir = tempdir();
    let p = write(dir.path(), "empty.txt", "");
    let out = whosaid().arg("extract").arg(&p).assert().success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["document"]["id"], "empty");
    assert_eq!(v["attributions"].as_array().unwrap().len(), 0);
}

#[test]
fn malformed_jsonl_line_is_named_and_others_processed() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "corpus.jsonl",
        "{\"id\":\"ok1\",\"text\":\"Rain fell, AFP said.\"}\n{broken\n{\"id\":\"ok2\",\"text\":\"Snow fell.\"}\n",
    );
    let out = whosaid()
        .arg("extract")
        .arg(&p)
        .args(["--format", "jsonl"])
        .assert()
        .code(3);
    let o = out.get_output();
    assert!(
        stderr(o).contains("corpus.jsonl:2: column 2"),
        "{}",
        stderr(o)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
}

#[test]
fn unreadable_graph_json_names_line_and_column() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "g.json",
        "{\n  \"schema\": \"whosaid.graph/v1\",\n  \"nodes\": [,]\n}\n",
    );
    let out = whosaid()
        .arg("export")
        .arg(&p)
        .args(["--format", "dot"])
        .assert()
        .code(1);
    assert!(
        stderr(out.get_output()).contains("g.json:3:13"),
        "{}",
        stderr(out.get_output())
    );
    let p = write(
        dir.path(),
        "other.json",
        "{\"schema\": \"something/v9\", \"directed\": true, \"multigraph\": true, \"graph\": {\"generator\": \"x\", \"articles\": 0, \"claims\": 0, \"attributions\": 0}, \"nodes\": [], \"links\": []}",
    );
    let out = whosaid()
        .arg("export")
        .arg(&p)
        .args(["--format", "json"])
        .assert()
        .code(1);
    assert!(stderr(out.get_output()).contains("not a whosaid graph"));
}

#[test]
fn bad_sidecar_is_named() {
    let dir = tempdir();
    let p = write(dir.path(), "a.txt", "Text.");
    write(dir.path(), "a.meta.json", "{\"publisher\": }");
    let out = whosaid().arg("extract").arg(&p).assert().code(1);
    assert!(
        stderr(out.get_output()).contains("a.meta.json:1:"),
        "{}",
        stderr(out.get_output())
    );
}

#[test]
fn output_file_is_replaced_whole() {
    let dir = tempdir();
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").unwrap();
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&out)
        .assert()
        .success();
    let v = json(&std::fs::read(&out).unwrap());
    assert_eq!(v["schema"], "whosaid.graph/v1");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".whosaid-"))
        .collect();
    assert!(leftovers.is_empty());
}
