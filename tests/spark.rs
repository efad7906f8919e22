//! The Spark recipe (examples/spark/whosaid_spark.py) run for real: PySpark in local mode with
//! two worker threads, on a corpus of a few hundred documents made by `whosaid synth` and the
//! bundled example articles. Outside CI a machine without PySpark or Java skips it; `.ci/run`
//! installs both.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::tools::have_spark;
use crate::util::{may_skip, root, succeeded, tempdir, whosaid};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("whosaid")
}

/// The bundled example articles as JSON Lines records (id: the file's stem, as a one-shot build
/// names them, and the sidecar's metadata), after 300 synthetic ones.
fn corpus(dir: &Path) -> PathBuf {
    let out = succeeded(whosaid().args(["synth", "--articles", "300"]).output());
    let mut jsonl = String::from_utf8(out.stdout).unwrap();
    for sub in ["examples/corpus", "examples/articles"] {
        let mut texts: Vec<PathBuf> = std::fs::read_dir(root().join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        texts.sort();
        for t in texts {
            let stem = t.file_stem().unwrap().to_string_lossy().into_owned();
            let mut rec: serde_json::Map<String, Value> =
                serde_json::from_slice(&std::fs::read(t.with_extension("meta.json")).unwrap())
                    .unwrap();
            rec.insert("id".into(), Value::String(stem));
            rec.insert(
                "text".into(),
                Value::String(std::fs::read_to_string(&t).unwrap()),
            );
            jsonl.push_str(&serde_json::to_string(&rec).unwrap());
            jsonl.push('\n');
        }
    }
    let p = dir.join("corpus.jsonl");
    std::fs::write(&p, jsonl).unwrap();
    p
}

/// `whosaid build CORPUS -o DIR/all.json`: the graph a Spark run must equal.
fn one_shot_build(corpus: &Path, dir: &Path) -> PathBuf {
    let all = dir.join("all.json");
    whosaid()
        .arg("build")
        .arg(corpus)
        .arg("-o")
        .arg(&all)
        .assert()
        .success();
    all
}

/// The summary line the recipe prints last.
fn summary(out: &std::process::Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}

#[test]
fn spark_shards_merged_equal_the_one_shot_build() {
    if !have_spark() && may_skip("PySpark with Java") {
        return;
    }
    let dir = tempdir();
    let corpus = corpus(dir.path());
    let all = one_shot_build(&corpus, dir.path());
    let want = std::fs::read(&all).unwrap();
    let script = root().join("examples/spark/whosaid_spark.py");

    // run by python3 with the binary shipped by the recipe (--whosaid), 2 partitions
    let out2 = dir.path().join("out2");
    let out = succeeded(
        Command::new("python3")
            .arg(&script)
            .args(["graph", "--master", "local[2]", "--partitions", "2"])
            .arg("--whosaid")
            .arg(bin())
            .args(["--export", "dot"])
            .arg(&corpus)
            .arg(&out2)
            .output(),
    );
    let s = summary(&out);
    assert_eq!(
        (s["articles"].as_u64(), s["partitions"].as_u64()),
        (Some(307), Some(2))
    );
    assert!(
        std::fs::read(out2.join("graph.json")).unwrap() == want,
        "2 partitions: the merged graph differs from the one-shot build"
    );
    let dot = succeeded(
        whosaid()
            .arg("export")
            .arg(&all)
            .args(["--format", "dot"])
            .output(),
    );
    assert!(std::fs::read(out2.join("graph.dot")).unwrap() == dot.stdout);

    // run by spark-submit with the binary shipped by Spark (--files), 7 partitions merged 3 at
    // a time: a level of merges on the executors, then the last on the driver
    let out7 = dir.path().join("out7");
    let out = succeeded(
        Command::new("spark-submit")
            .args(["--master", "local[2]", "--files"])
            .arg(bin())
            .arg(&script)
            .args(["graph", "--partitions", "7", "--fan-in", "3"])
            .arg(&corpus)
            .arg(&out7)
            .output(),
    );
    assert_eq!(summary(&out)["partitions"], 7);
    assert!(
        std::fs::read(out7.join("graph.json")).unwrap() == want,
        "7 partitions: the merged graph differs from the one-shot build"
    );
}

#[test]
fn spark_extraction_keeps_every_attribution_and_counts_bad_records() {
    if !have_spark() && may_skip("PySpark with Java") {
        return;
    }
    let dir = tempdir();
    let corpus = corpus(dir.path());
    // the one-shot extraction: (document id, attribution id) of every attribution
    let one = succeeded(
        whosaid()
            .arg("extract")
            .arg(&corpus)
            .args(["--format", "jsonl"])
            .output(),
    );
    let mut want: Vec<(String, String)> = String::from_utf8(one.stdout)
        .unwrap()
        .lines()
        .flat_map(|l| {
            let x: Value = serde_json::from_str(l).unwrap();
            let doc = x["document"]["id"].as_str().unwrap().to_string();
            x["attributions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| (doc.clone(), a["id"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    want.sort();
    // two bad records in the middle of the corpus
    let text = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        format!(
            "{}\nnot json\n{{\"id\":\"no-text\"}}\n{}\n",
            lines[..150].join("\n"),
            lines[150..].join("\n")
        ),
    )
    .unwrap();
    let out_dir = dir.path().join("x");
    let out = succeeded(
        Command::new("python3")
            .arg(root().join("examples/spark/whosaid_spark.py"))
            .args(["extract", "--master", "local[2]", "--partitions", "3"])
            .arg("--whosaid")
            .arg(bin())
            .arg(&bad)
            .arg(&out_dir)
            .output(),
    );
    let s = summary(&out);
    assert_eq!(s["documents"], 307);
    assert_eq!(s["errors"], 2);
    assert_eq!(s["attributions"].as_u64(), Some(want.len() as u64));
    let read_parts = |sub: &str| -> Vec<Value> {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(out_dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("part-")
            })
            .collect();
        parts.sort();
        parts
            .iter()
            .flat_map(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect::<Vec<Value>>()
            })
            .collect()
    };
    let mut got: Vec<(String, String)> = read_parts("attributions")
        .iter()
        .map(|a| {
            (
                a["document"]["id"].as_str().unwrap().to_string(),
                a["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert!(
        got == want,
        "the attributions differ from the one-shot extraction"
    );
    let errors = read_parts("errors");
    let messages: Vec<&str> = errors
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{messages:?}");
    assert!(
        messages[0].ends_with("column 2: expected ident"),
        "{messages:?}"
    );
    assert!(
        messages[1].ends_with("record has no \"text\" field"),
        "{messages:?}"
    );
}

/// A Spark daemon (master or worker) stopped when the test ends, however it ends.
struct Daemon(std::process::Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `spark-class CLASS ARGS` with its log in `log`, and waits for a line containing
/// `ready` (a minute at most); returns the daemon and that line.
fn daemon(class: &str, args: &[&str], log: &Path, ready: &str) -> (Daemon, String) {
    let out = succeeded(
        Command::new("python3")
            .args([
                "-c",
                "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
            ])
            .output(),
    );
    let home = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let child = Command::new(Path::new(&home).join("bin/spark-class"))
        .arg(class)
        .args(args)
        .env("SPARK_HOME", &home)
        .env("SPARK_MASTER_OPTS", "-Dspark.master.rest.enabled=false")
        .stdout(std::fs::File::create(log.with_extension("out")).unwrap())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let d = Daemon(child);
    for _ in 0..600 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if let Some(line) = text.lines().find(|l| l.contains(ready)) {
            return (d, line.to_string());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!(
        "{class} did not start: {}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// On a standalone cluster (a master and a worker on this machine, the executor in its own
/// working directory), with the binary shipped by `spark-submit --files` and no whosaid on
/// the PATH: the executors find it where Spark put it, and the graph is the one-shot build's.
#[test]
fn spark_standalone_cluster_runs_the_recipe_unchanged() {
    if !have_spark() && may_skip("PySpark with Java") {
        return;
    }
    let dir = tempdir();
    let corpus = corpus(dir.path());
    let all = one_shot_build(&corpus, dir.path());
    let (_master, started) = daemon(
        "org.apache.spark.deploy.master.Master",
        &["--host", "127.0.0.1", "--port", "0", "--webui-port", "0"],
        &dir.path().join("master.log"),
        "Starting Spark master at ",
    );
    let url = started.rsplit("at ").next().unwrap().trim().to_string();
    let work = dir.path().join("work");
    let work_arg = work.to_string_lossy().into_owned();
    let _worker = daemon(
        "org.apache.spark.deploy.worker.Worker",
        &[
            &url,
            "--cores",
            "2",
            "--memory",
            "2g",
            "--work-dir",
            &work_arg,
            "--webui-port",
            "0",
        ],
        &dir.path().join("worker.log"),
        "Successfully registered with master",
    );
    // a PATH without whosaid: only the shipped copy can run
    let path = std::env::var("PATH").unwrap_or_default();
    let path: Vec<&str> = path
        .split(':')
        .filter(|d| !Path::new(d).join("whosaid").exists())
        .collect();
    let out_dir = dir.path().join("out");
    succeeded(
        Command::new("spark-submit")
            .env("PATH", path.join(":"))
            .args(["--master", &url, "--files"])
            .arg(bin())
            .arg(root().join("examples/spark/whosaid_spark.py"))
            .args(["graph", "--partitions", "5", "--fan-in", "2"])
            .arg(&corpus)
            .arg(&out_dir)
            .output(),
    );
    assert!(
        std::fs::read(out_dir.join("graph.json")).unwrap() == std::fs::read(&all).unwrap(),
        "the cluster's graph differs from the one-shot build"
    );
    // the executor ran the copy Spark shipped into its working directory
    let shipped = std::fs::read_dir(&work)
        .unwrap()
        .flat_map(|app| std::fs::read_dir(app.unwrap().path()).unwrap())
        .any(|exec| exec.unwrap().path().join("whosaid").is_file());
    assert!(shipped, "no whosaid in an executor's working directory");
}
