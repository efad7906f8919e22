//! What a data engine needs when it runs whosaid as a map step (Spark's `RDD.pipe`, `xargs`, a
//! shell pipeline): records on stdin, one line out per record as soon as it is done, bad records
//! that do not stop the stream, and exit codes that tell the cases apart.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::util::{root, whosaid};

/// Records on stdin to one extraction line each, as a map step runs it.
const RECORDS_TO_LINES: [&str; 6] = [
    "extract",
    "-",
    "--format",
    "jsonl",
    "--input-format",
    "jsonl",
];

fn synth(n: usize) -> Vec<String> {
    let out = whosaid()
        .args(["synth", "--articles", &n.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A document written alone on a pipe comes back before stdin is closed: an engine that feeds
/// and reads one record at a time never waits on whosaid.
#[test]
fn each_record_is_answered_before_the_next_is_read() {
    let records = synth(2);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
        .current_dir(root())
        .args(RECORDS_TO_LINES)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    for r in &records {
        writeln!(stdin, "{r}").unwrap();
        stdin.flush().unwrap();
        // stdin stays open: the answer must come anyway (a generous bound, not a speed test)
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("no output line while stdin is open");
        let sent: Value = serde_json::from_str(r).unwrap();
        let got: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(got["document"]["id"], sent["id"]);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// `--bad-records` and the exit codes: report (3), drop (0), inline (0, an error line in the
/// record's place); a stream that is all bad fails (1) unless bad records are expected.
#[test]
fn bad_records_are_skipped_reported_and_counted() {
    let records = synth(2);
    let input = format!(
        "{}\nnot json\n{{\"id\":\"no-text\"}}\n{}\n",
        records[0], records[1]
    );
    let run = |how: &str| {
        whosaid()
            .args(RECORDS_TO_LINES)
            .args(["--bad-records", how])
            .write_stdin(input.clone())
            .output()
            .unwrap()
    };
    let ids = |stdout: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(stdout)
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                match &v["document"]["id"] {
                    Value::String(id) => id.clone(),
                    _ => format!("error at line {}", v["error"]["line"]),
                }
            })
            .collect()
    };
    let report = run("report");
    assert_eq!(report.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&report.stderr);
    assert!(stderr.contains("-:2: column 2: expected ident"), "{stderr}");
    assert!(
        stderr.contains("-:3: record has no \"text\" field"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 input(s) reported above were skipped"),
        "{stderr}"
    );
    assert_eq!(ids(&report.stdout), ["synth-000001", "synth-000002"]);

    let drop = run("drop");
    assert_eq!(drop.status.code(), Some(0));
    assert_eq!(drop.stdout, report.stdout);
    assert!(String::from_utf8_lossy(&drop.stderr).contains("-:2:"));

    let inline = run("inline");
    assert_eq!(inline.status.code(), Some(0));
    assert_eq!(
        ids(&inline.stdout),
        [
            "synth-000001",
            "error at line 2",
            "error at line 3",
            "synth-000002"
        ]
    );
    let lines: Vec<&str> = std::str::from_utf8(&inline.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(
        lines[2],
        r#"{"error":{"id":"no-text","line":3,"message":"-:3: record has no \"text\" field","path":"-"},"schema":"whosaid.extract/v1"}"#
    );

    // inline needs the line-per-record output
    whosaid()
        .args(["extract", "-", "--bad-records", "inline"])
        .write_stdin(input.clone())
        .assert()
        .code(2);
    // nothing readable: an error, unless bad records are expected (an empty shard)
    whosaid()
        .args(["build", "-", "--input-format", "jsonl"])
        .write_stdin("oops\n")
        .assert()
        .code(1)
        .stdout("");
    let out = whosaid()
        .args([
            "build",
            "-",
            "--input-format",
            "jsonl",
            "--bad-records",
            "drop",
        ])
        .write_stdin("oops\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(g["graph"]["articles"], 0);
}

/// Empty stdin is no document (an empty partition gives an empty shard), and a stated input
/// format is kept: a first line that is not JSON does not turn a record stream into one article.
#[test]
fn empty_input_is_no_document_and_a_stated_format_is_kept() {
    for input in ["", "\n \n"] {
        let out = whosaid()
            .args(["build", "-", "-o", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(out.status.success());
        let g: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(g["graph"]["articles"], 0);
        assert_eq!(g["nodes"], Value::Array(vec![]));
        let out = whosaid()
            .args(["extract", "-", "--format", "jsonl"])
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(out.status.success() && out.stdout.is_empty());
    }
    let records = synth(1);
    let input = format!("Wang said it was fine.\n{}\n", records[0]);
    // sniffed: the first line is not JSON, so all of stdin is one article
    let out = whosaid()
        .args(["extract", "-", "--format", "jsonl"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["id"], "stdin");
    // stated: one bad record, then the record
    let out = whosaid()
        .args(RECORDS_TO_LINES)
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document"]["id"], "synth-000001");
}
