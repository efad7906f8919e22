//! The command line on good input: every subcommand, formats, metadata, determinism.

use crate::util::{HOSTILE, json, root, tempdir, whosaid, write};

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "extract", "build", "export", "trace", "query", "stats", "train", "eval",
    ] {
        let out = whosaid().args([sub, "--help"]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains("Usage: whosaid"), "{sub}: {text}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    whosaid().assert().code(2);
    whosaid().args(["extract"]).assert().code(2);
    whosaid()
        .args(["export", "g.json", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn extract_reads_an_article_with_its_sidecar() {
    let out = whosaid()
        .args(["extract", "examples/articles/blinken-beijing-talks.txt"])
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["schema"], "whosaid.extract/v1");
    assert_eq!(v["document"]["id"], "blinken-beijing-talks");
    assert_eq!(v["document"]["publisher"], "Harbour Ledger");
    let atts = v["attributions"].as_array().unwrap();
    assert!(atts.len() >= 20, "only {} attributions", atts.len());
    // every span slices the original text (code points) back to the reported text
    let text: Vec<char> =
        std::fs::read_to_string(root().join("examples/articles/blinken-beijing-talks.txt"))
            .unwrap()
            .chars()
            .collect();
    for a in atts {
        for part in ["content", "cue", "source"] {
            if a[part].is_null() {
                continue;
            }
            let spans = a[part]["spans"].as_array().unwrap();
            let pieces: Vec<String> = spans
                .iter()
                .map(|s| {
                    let (s, e) = (
                        s[0].as_u64().unwrap() as usize,
                        s[1].as_u64().unwrap() as usize,
                    );
                    text[s..e].iter().collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), a[part]["text"].as_str().unwrap());
        }
    }
    // an official through an outlet, and a tweet through Twitter
    let qin = atts
        .iter()
        .find(|a| a["speaker"]["name"] == "Qin Gang" && a["via"][0]["name"] == "Xinhua");
    assert!(qin.is_some(), "no Qin via Xinhua");
    assert!(
        atts.iter()
            .any(|a| a["speaker"]["name"] == "Antony Blinken" && a["via"][0]["name"] == "Twitter")
    );
}

#[test]
fn directories_give_one_result_per_document_in_sorted_order() {
    let dir = tempdir();
    write(dir.path(), "b.txt", "Prices rose, Reuters reported.\n");
    write(dir.path(), "sub/a.txt", "Talks failed, according to AFP.\n");
    write(
        dir.path(),
        "c.jsonl",
        "{\"id\": \"j1\", \"text\": \"Rain fell, Kyodo reported.\", \"publisher\": \"NHK\"}\n",
    );
    write(dir.path(), "ignored.md", "Not an article, they said.\n");
    let out = whosaid()
        .arg("extract")
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["document"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["b", "j1", "a"]);
    assert_eq!(lines[1]["document"]["publisher"], "NHK");
    assert_eq!(lines[2]["attributions"][0]["speaker"]["name"], "AFP");
    // --format json with several documents writes an array
    let out = whosaid().arg("extract").arg(dir.path()).assert().success();
    assert_eq!(json(&out.get_output().stdout).as_array().unwrap().len(), 3);
}

#[test]
fn stdin_takes_text_or_jsonl_and_flags_set_metadata() {
    let out = whosaid()
        .args([
            "extract",
            "-",
            "--publisher",
            "Mothership",
            "--date",
            "2023-06-19",
        ])
        .write_stdin("Talks lasted hours, Reuters reported.")
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["document"]["id"], "stdin");
    assert_eq!(v["document"]["publisher"], "Mothership");
    assert_eq!(v["document"]["date"], "2023-06-19");
    let out = whosaid()
        .args(["extract", "-", "--format", "jsonl"])
        .write_stdin("{\"id\":\"x\",\"text\":\"A\"}\n{\"id\":\"y\",\"text\":\"B\"}\n")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .lines()
            .count(),
        2
    );
}

#[test]
fn metadata_flags_need_a_single_input() {
    let out = whosaid()
        .args(["extract", "examples/articles", "-", "--publisher", "X"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("single input"));
}

#[test]
fn build_writes_json_and_dot_and_export_round_trips() {
    let dir = tempdir();
    let g = dir.path().join("g.json");
    let d = dir.path().join("g.dot");
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&g)
        .arg("--dot")
        .arg(&d)
        .assert()
        .success();
    let original = std::fs::read(&g).unwrap();
    let v = json(&original);
    assert_eq!(v["schema"], "whosaid.graph/v1");
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for want in [
        "person:qin-gang",
        "person:wang-yi",
        "person:antony-blinken",
        "outlet:xinhua",
        "outlet:cgtn",
        "outlet:cctv",
        "outlet:reuters",
        "outlet:nikkei-asia",
        "outlet:twitter",
        "organization:us-state-department",
        "article:blinken-beijing-talks",
        "outlet:harbour-ledger",
    ] {
        assert!(ids.contains(&want), "missing {want}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "nodes sorted by id");
    let links = v["links"].as_array().unwrap();
    let has = |s: &str, t: &str, k: &str| {
        links
            .iter()
            .any(|l| l["source"] == s && l["target"] == t && l["kind"] == k)
    };
    assert!(has("outlet:cgtn", "outlet:cctv", "part_of"));
    assert!(has(
        "article:blinken-beijing-talks",
        "outlet:harbour-ledger",
        "published_by"
    ));
    // load then save is byte-identical, and export dot equals build --dot
    let out = whosaid()
        .arg("export")
        .arg(&g)
        .args(["--format", "json"])
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, original);
    let out = whosaid()
        .arg("export")
        .arg(&g)
        .args(["--format", "dot"])
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, std::fs::read(&d).unwrap());
}

#[test]
fn same_input_gives_byte_identical_output() {
    let build = || {
        let out = whosaid()
            .args(["build", "examples/articles"])
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    assert_eq!(build(), build());
}

#[test]
fn hostile_text_stays_inside_json_strings() {
    let dir = tempdir();
    let p = write(dir.path(), "hostile.txt", HOSTILE);
    let out = whosaid().arg("build").arg(&p).assert().success();
    let v = json(&out.get_output().stdout);
    let labels: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.contains("<script>alert('x')</script>")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.contains("\\N")), "{labels:?}");
}

#[test]
fn user_registry_adds_outlets() {
    let dir = tempdir();
    let reg = write(
        dir.path(),
        "reg.toml",
        "[[outlet]]\nname = \"Harbour Ledger\"\naliases = [\"the Ledger\"]\ncountry = \"Singapore\"\nkind = \"newspaper\"\n",
    );
    let out = whosaid()
        .args(["extract", "-", "--registry"])
        .arg(&reg)
        .write_stdin("Ferries were cancelled, the Ledger reported.")
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(
        v["attributions"][0]["speaker"]["id"],
        "outlet:harbour-ledger"
    );
}

#[test]
fn a_role_naming_an_organisation_gives_an_affiliation_edge() {
    let out = whosaid()
        .args(["build", "-"])
        .write_stdin("State Department spokesperson Matthew Miller said the talks were useful.\n")
        .assert()
        .success();
    let v = json(&out.get_output().stdout);
    let link = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "affiliated_with")
        .expect("affiliated_with edge");
    assert_eq!(link["source"], "person:matthew-miller");
    assert_eq!(link["target"], "organization:us-state-department");
    assert_eq!(link["role"], "State Department spokesperson");
}

#[cfg(unix)]
#[test]
fn written_files_get_an_ordinary_mode_or_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let out = dir.path().join("g.json");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&out)
        .assert()
        .success();
    // what an ordinary File::create gives under this process's umask
    let plain = dir.path().join("plain");
    std::fs::File::create(&plain).unwrap();
    assert_eq!(mode(&out), mode(&plain), "not the 0600 of a temporary file");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(mode(&out), 0o640, "a replaced file keeps its mode");
}

#[test]
fn jobs_do_not_change_the_output() {
    let run = |args: &[&str], jobs: &str| {
        let out = whosaid()
            .args(args)
            .args(["examples/corpus", "--jobs", jobs])
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    for args in [&["extract", "--format", "jsonl"][..], &["build"][..]] {
        let one = run(args, "1");
        assert!(!one.is_empty(), "{args:?}: no output");
        assert_eq!(
            one,
            run(args, "2"),
            "{args:?}: --jobs 2 differs from --jobs 1"
        );
    }
    // --jobs 0 is a usage error
    whosaid()
        .args(["extract", "examples/corpus", "--jobs", "0"])
        .assert()
        .code(2);
}

#[test]
fn jsonl_on_stdin_streams_one_line_per_record_in_order() {
    // more records than one parallel batch, with a bad one in the middle
    let mut input = String::from("\n");
    for i in 0..150 {
        if i == 70 {
            input.push_str("{oops\n");
        }
        input.push_str(&format!(
            "{{\"id\":\"doc-{i}\",\"text\":\"Talks failed, officials said on day {i}.\"}}\n"
        ));
    }
    for jobs in ["1", "2"] {
        let out = whosaid()
            .args(["extract", "-", "--format", "jsonl", "--jobs", jobs])
            .write_stdin(input.clone())
            .assert()
            .code(3);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("-:72: column 2"), "{stderr}");
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let ids: Vec<String> = stdout
            .lines()
            .map(|l| {
                json(l.as_bytes())["document"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let want: Vec<String> = (0..150).map(|i| format!("doc-{i}")).collect();
        assert_eq!(ids, want);
    }
}

#[test]
fn jsonl_output_matches_the_json_output() {
    let out = whosaid()
        .args(["extract", "examples/corpus"])
        .assert()
        .success();
    let all = json(&out.get_output().stdout);
    let out = whosaid()
        .args(["extract", "examples/corpus", "--format", "jsonl"])
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| json(l.as_bytes()))
        .collect();
    assert_eq!(all.as_array().unwrap(), &lines);
}

#[test]
fn jsonl_on_stdin_is_written_before_the_input_ends() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
        .args(["extract", "-", "--format", "jsonl", "--jobs", "2"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // one full batch of records; stdin stays open
    for i in 0..64 {
        writeln!(
            stdin,
            "{{\"id\":\"r{i}\",\"text\":\"Prices rose, Reuters reported.\"}}"
        )
        .unwrap();
    }
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = BufReader::new(stdout);
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        tx.send(first).unwrap();
        // the rest is read too: a reader that went away would make the run fail
        std::io::copy(&mut out, &mut std::io::sink()).unwrap();
    });
    let first = rx.recv_timeout(std::time::Duration::from_secs(60));
    drop(stdin);
    let status = child.wait().unwrap();
    let first = first.expect("no output while stdin was still open");
    assert_eq!(json(first.as_bytes())["document"]["id"], "r0");
    assert!(status.success());
}

/// A directory of two articles and one file that is not UTF-8.
fn two_articles_and_a_bad_file() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "a.txt", "Prices rose, Reuters reported.\n");
    write(dir.path(), "b.txt", "Talks failed, according to AFP.\n");
    write(dir.path(), "c.txt", b"abc\xffdef");
    dir
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = two_articles_and_a_bad_file();
    for format in ["json", "jsonl"] {
        let out = whosaid()
            .args(["extract", "--jobs", "2", "--format", format])
            .arg(dir.path())
            .assert()
            .code(3);
        let (stdout, stderr) = (&out.get_output().stdout, &out.get_output().stderr);
        let stderr = String::from_utf8(stderr.clone()).unwrap();
        for text in [stdout.as_slice(), stderr.as_bytes()] {
            assert!(!text.contains(&b'\r'), "{format}: a carriage return");
            assert!(!text.contains(&0x1b), "{format}: an escape sequence");
        }
        for bar in ["documents", "/s)", "█", "░"] {
            assert!(!stderr.contains(bar), "{format}: {bar:?} in {stderr}");
        }
        assert!(stderr.contains("c.txt: invalid UTF-8"), "{stderr}");
    }
}

#[test]
fn quiet_keeps_errors_and_the_exit_code_but_not_the_news() {
    let dir = two_articles_and_a_bad_file();
    let run = |quiet: &[&str]| {
        let out = whosaid()
            .args(quiet)
            .arg("build")
            .arg(dir.path())
            .arg("--svg")
            .arg(dir.path().join("g.svg"))
            .arg("-o")
            .arg(dir.path().join("g.json"))
            .assert()
            .code(3);
        assert!(out.get_output().stdout.is_empty());
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let loud = run(&[]);
    assert!(loud.contains("whosaid: drew "), "{loud}");
    for quiet in [&["--quiet"][..], &["-q"]] {
        let stderr = run(quiet);
        assert!(!stderr.contains("drew"), "{stderr}");
        assert!(stderr.contains("c.txt: invalid UTF-8"), "{stderr}");
        assert!(stderr.contains("1 input(s) reported above were skipped"));
    }
    // also after the subcommand
    let out = whosaid()
        .args(["extract", "-q"])
        .arg(dir.path())
        .assert()
        .code(3);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("invalid UTF-8"));
}

/// Under a terminal (util-linux `script`), a run that lasts over a second draws the bar on
/// stderr, while stdout (a file) holds only the JSON Lines; `--quiet` draws nothing.
#[test]
fn progress_bar_on_a_terminal_only_on_stderr() {
    if !crate::tools::have_script() && crate::util::may_skip("script (util-linux)") {
        return;
    }
    let dir = tempdir();
    let record =
        |i: usize| format!("{{\"id\":\"r{i}\",\"text\":\"Prices rose, Reuters reported.\"}}\n");
    // a full batch now, and another after the run has lasted over a second
    write(
        dir.path(),
        "first.jsonl",
        (0..64).map(record).collect::<String>(),
    );
    write(
        dir.path(),
        "second.jsonl",
        (64..80).map(record).collect::<String>(),
    );
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    // both at once, to keep the test short
    let runs: Vec<_> = ["", "--quiet"]
        .into_iter()
        .enumerate()
        .map(|(n, quiet)| {
            let sh = format!(
                "{{ cat first.jsonl; sleep 2; cat second.jsonl; }} | '{}' extract {quiet} \
                 --format jsonl - > out{n}.jsonl",
                bin.display()
            );
            let child = std::process::Command::new("script")
                .args(["-qfec", &sh, "/dev/null"])
                .current_dir(dir.path())
                // indicatif draws nothing on a dumb terminal (CI may have no TERM at all)
                .env("TERM", "xterm")
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            (n, quiet, child)
        })
        .collect();
    for (n, quiet, child) in runs {
        let tty = child.wait_with_output().unwrap();
        assert!(tty.status.success(), "{tty:?}");
        let tty = String::from_utf8_lossy(&tty.stdout);
        if quiet.is_empty() {
            assert!(tty.contains(" documents ("), "no bar: {tty:?}");
            assert!(tty.contains("/s)"), "no rate: {tty:?}");
        } else {
            assert!(!tty.contains("documents"), "a bar with --quiet: {tty:?}");
        }
        let out = std::fs::read_to_string(dir.path().join(format!("out{n}.jsonl"))).unwrap();
        assert!(!out.contains(['\r', '\u{1b}']));
        let ids: Vec<_> = out
            .lines()
            .map(|l| json(l.as_bytes())["document"]["id"].clone())
            .collect();
        assert_eq!(ids.len(), 80);
        assert_eq!(ids[79], "r79");
    }
}

#[test]
fn synth_writes_a_corpus_that_build_reads() {
    let dir = tempdir();
    let corpus = dir.path().join("synth.jsonl");
    whosaid()
        .args(["synth", "--articles", "50", "--seed", "3", "-o"])
        .arg(&corpus)
        .assert()
        .success();
    let body = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 50);
    for (i, line) in lines.iter().enumerate() {
        let rec = json(line.as_bytes());
        assert_eq!(rec["id"], format!("synth-{:06}", i + 1));
        assert!(rec["text"].as_str().is_some_and(|t| t.len() > 500));
        assert!(rec["publisher"].is_string() && rec["date"].is_string());
    }
    // stdout gives the same bytes as -o
    let out = whosaid()
        .args(["synth", "--articles", "50", "--seed", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, body.as_bytes());

    let graph = dir.path().join("graph.json");
    whosaid()
        .arg("build")
        .arg(&corpus)
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    let g = json(&std::fs::read(&graph).unwrap());
    assert_eq!(g["graph"]["articles"], 50);
    // the same sentence in two articles is one claim: claims stay few, attributions do not
    assert!(g["graph"]["claims"].as_u64().is_some_and(|n| n > 10));
    assert!(g["graph"]["attributions"].as_u64().is_some_and(|n| n > 200));
}

#[test]
fn synth_rejects_an_empty_sentence_range() {
    whosaid()
        .args(["synth", "--articles", "1", "--sentences", "5..2"])
        .assert()
        .code(2);
}

#[test]
fn min_confidence_leaves_out_claims_with_no_known_speaker() {
    let dir = tempdir();
    // the second claim has no speaker the text names: "unknown", confidence 0.3 at most
    let a = write(
        dir.path(),
        "a.txt",
        "Mayor Ana Ruiz said the port would reopen in May.\nWe said nothing more.\n",
    );
    let speakers = |extra: &[&str]| {
        let out = whosaid()
            .arg("extract")
            .arg(&a)
            .args(extra)
            .assert()
            .success();
        let v = json(&out.get_output().stdout);
        v["attributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["speaker"]["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let all = speakers(&[]);
    assert!(all.contains(&"unknown".to_string()), "{all:?}");
    assert_eq!(speakers(&["--min-confidence", "0.5"]), ["Ana Ruiz"]);
    whosaid()
        .arg("extract")
        .arg(&a)
        .args(["--min-confidence", "1.5"])
        .assert()
        .code(2);
    // on a graph already built, stats and export leave the same claims out as build does
    let all = dir.path().join("all.json");
    let strict = dir.path().join("strict.json");
    whosaid()
        .arg("build")
        .arg(&a)
        .arg("-o")
        .arg(&all)
        .assert()
        .success();
    whosaid()
        .arg("build")
        .arg(&a)
        .args(["--min-confidence", "0.5", "-o"])
        .arg(&strict)
        .assert()
        .success();
    let run = |args: &[&str], graph: &std::path::Path, extra: &[&str]| {
        let out = whosaid()
            .args(args)
            .arg(graph)
            .args(extra)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let filtered = run(
        &["export", "--format", "json"],
        &all,
        &["--min-confidence", "0.5"],
    );
    assert_eq!(filtered, run(&["export", "--format", "json"], &strict, &[]));
    assert_ne!(filtered, run(&["export", "--format", "json"], &all, &[]));
    let stats = run(
        &["stats", "--format", "json"],
        &all,
        &["--min-confidence", "0.5"],
    );
    assert_eq!(stats, run(&["stats", "--format", "json"], &strict, &[]));
}
