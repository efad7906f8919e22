//! `whosaid trace`, `query` and `stats` on a graph built from invented articles.

use std::path::{Path, PathBuf};

use crate::util::{json, may_skip, succeeded, tempdir, whosaid, write};

/// Four invented articles: an official via a state-media readout, a remark carried by two
/// wires, anonymous sources, and a claim full of CSV-hostile text. Returns the graph path.
fn graph(dir: &Path) -> PathBuf {
    write(
        dir,
        "arts/harbour.txt",
        "Harbour talks stall\n\nLi Wen said the harbour talks had reached their weakest stage in a decade, according to a readout by Xinhua.\n",
    );
    write(
        dir,
        "arts/harbour.meta.json",
        r#"{"publisher": "Daily Lantern", "title": "Harbour talks stall"}"#,
    );
    write(
        dir,
        "arts/bridge.txt",
        "Bridge to reopen\n\nThe Marrow Bridge will reopen to traffic in early May, Mayor Ana Ruiz said, Reuters reported.\nThe Marrow Bridge will reopen to traffic in early May, Mayor Ana Ruiz said, AFP reported.\n",
    );
    write(
        dir,
        "arts/ferry.txt",
        "Ferry fares set to double\n\nFerry fares on the island route will double next spring, according to port officials who spoke on condition of anonymity.\n",
    );
    write(
        dir,
        "arts/hostile.txt",
        "Odd quote\n\nWang Pei said =cmd|' /C calc'!A0 was harmless, \"really\", and fine.\n",
    );
    let g = dir.join("g.json");
    whosaid()
        .arg("build")
        .arg(dir.join("arts"))
        .arg("-o")
        .arg(&g)
        .assert()
        .success();
    g
}

fn stdout(args: &[&str], g: &Path) -> String {
    let out = whosaid()
        .arg(args[0])
        .arg(g)
        .args(&args[1..])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn trace_text_shows_the_chain_and_the_evidence_offsets() {
    let dir = tempdir();
    let g = graph(dir.path());
    let text = stdout(&["trace", "WEAKEST “stage”!"], &g);
    assert!(
        text.contains("chain: Daily Lantern <- Xinhua (readout) <- Li Wen (\"said\")"),
        "{text}"
    );
    assert!(
        text.contains("via #1: Xinhua [state media] (readout)"),
        "{text}"
    );
    assert!(text.contains("speaker: Li Wen (person)"), "{text}");
    assert!(
        text.contains("article:harbour \"Harbour talks stall\""),
        "{text}"
    );
    // the offsets slice the evidence out of the article file (code points)
    let line = text.lines().find(|l| l.contains("evidence [")).unwrap();
    let (range, sentence) = line.split_once("]: ").unwrap();
    let (s, e) = range.rsplit_once('[').unwrap().1.split_once("..").unwrap();
    let src: Vec<char> = std::fs::read_to_string(dir.path().join("arts/harbour.txt"))
        .unwrap()
        .chars()
        .collect();
    let got: String = src[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
        .iter()
        .collect();
    assert_eq!(got, sentence);
    // only the best match without --all
    assert_eq!(text.matches("claim:").count(), 1);
}

#[test]
fn trace_json_all_and_claim_ids() {
    let dir = tempdir();
    let g = graph(dir.path());
    let v = json(stdout(&["trace", "will double", "--all", "--format", "json"], &g).as_bytes());
    assert_eq!(v["schema"], "whosaid.trace/v1");
    assert_eq!(v["query"], "will double");
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2, "{v:#}");
    assert!(
        claims[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Ferry fares")
    );
    assert!(claims[0]["score"].as_f64() > claims[1]["score"].as_f64());
    assert_eq!(claims[0]["anonymous"], true);
    assert_eq!(claims[0]["provenance"][0]["speaker"]["kind"], "anonymous");
    // the same claim by id
    let id = claims[1]["id"].as_str().unwrap();
    let w = json(stdout(&["trace", id, "--format", "json"], &g).as_bytes());
    assert_eq!(w["claims"][0]["id"], id);
    let p = &w["claims"][0]["provenance"];
    assert_eq!(p.as_array().unwrap().len(), 2);
    assert_eq!(p[0]["via"][0]["order"], 1);
    let vias: Vec<&str> = (0..2)
        .map(|i| p[i]["via"][0]["name"].as_str().unwrap())
        .collect();
    assert_eq!(vias, ["Reuters", "AFP"]);
    assert_eq!(w["claims"][0]["corroboration"], 2);
}

#[test]
fn trace_without_a_match_exits_1() {
    let dir = tempdir();
    let g = graph(dir.path());
    for q in ["volcano eruption", "claim:0123456789abcdef", ""] {
        let out = whosaid().arg("trace").arg(&g).arg(q).assert().code(1);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(
            err.contains("no claim in") && err.contains("matches"),
            "{err}"
        );
        assert!(out.get_output().stdout.is_empty());
    }
    let out = whosaid()
        .args(["trace", "missing.json", "x"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn trace_dot_is_the_claims_neighbourhood() {
    let dir = tempdir();
    let g = graph(dir.path());
    let out = dir.path().join("t.dot");
    whosaid()
        .arg("trace")
        .arg(&g)
        .args(["weakest stage", "--format", "dot", "-o"])
        .arg(&out)
        .assert()
        .success();
    let dot = std::fs::read_to_string(&out).unwrap();
    for id in [
        "\"outlet:xinhua\"",
        "\"person:li-wen\"",
        "\"article:harbour\"",
        "\"outlet:daily-lantern\"",
    ] {
        assert!(dot.contains(id), "{id} missing:\n{dot}");
    }
    assert!(!dot.contains("Ferry fares") && !dot.contains("\"outlet:afp\""));
    graphviz_rust::parse(&dot).unwrap();
    if !crate::tools::have_dot() && may_skip("graphviz dot") {
        return;
    }
    succeeded(
        std::process::Command::new("dot")
            .arg("-Tsvg")
            .arg(&out)
            .output(),
    );
}

fn ids(g: &Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["query", "--format", "json"];
    a.extend_from_slice(args);
    let v = json(stdout(&a, g).as_bytes());
    assert_eq!(v["schema"], "whosaid.query/v1");
    v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["text"]
                .as_str()
                .unwrap()
                .split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn query_filters_combine() {
    let dir = tempdir();
    let g = graph(dir.path());
    assert_eq!(ids(&g, &[]).len(), 4);
    assert_eq!(ids(&g, &["--speaker", "Ruiz"]), ["The Marrow"]);
    assert_eq!(ids(&g, &["--speaker", "ana RUIZ"]), ["The Marrow"]);
    assert_eq!(ids(&g, &["--speaker", "Wang"]), ["=cmd|' /C"]);
    assert_eq!(ids(&g, &["--corroborated", "2"]), ["The Marrow"]);
    assert_eq!(ids(&g, &["--state-media"]), ["the harbour"]);
    assert_eq!(ids(&g, &["--anonymous"]), ["Ferry fares"]);
    assert_eq!(
        ids(&g, &["--kind", "anonymous", "--article", "ferry"]),
        ["Ferry fares"]
    );
    assert_eq!(
        ids(
            &g,
            &[
                "--speaker",
                "Li",
                "--state-media",
                "--outlet",
                "Daily Lantern"
            ]
        ),
        ["the harbour"]
    );
    assert!(ids(&g, &["--anonymous", "--outlet", "Xinhua"]).is_empty());
    assert!(ids(&g, &["--single-source", "--corroborated", "2"]).is_empty());
    let single = ids(&g, &["--single-source"]);
    assert_eq!(single.len(), 3, "{single:?}");
    assert!(!single.contains(&"The Marrow".to_string()));
    whosaid()
        .arg("query")
        .arg(&g)
        .args(["--kind", "robot"])
        .assert()
        .code(2);
}

#[test]
fn query_table_and_csv() {
    let dir = tempdir();
    let g = graph(dir.path());
    let table = stdout(&["query", "--outlet", "Xinhua"], &g);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(lines[0].starts_with("CLAIM") && lines[0].contains("SPEAKER"));
    assert!(lines[1].contains("Li Wen") && lines[1].contains("Daily Lantern <- Xinhua"));
    let csv = stdout(&["query", "--format", "csv", "--speaker", "Wang Pei"], &g);
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(rows.len(), 3, "{csv:?}");
    assert!(rows[0].starts_with("claim,text,quote,speakers,"));
    // formula neutralised, commas and quotes quoted, an empty via left empty
    assert!(
        rows[1].contains(",\"'=cmd|' /C calc'!A0 was harmless, \"\"really\"\", and fine\","),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains(",Wang Pei,person,,hostile,"),
        "{}",
        rows[1]
    );
}

#[test]
fn stats_counts() {
    let dir = tempdir();
    let g = graph(dir.path());
    let v = json(stdout(&["stats", "--format", "json"], &g).as_bytes());
    assert_eq!(v["schema"], "whosaid.stats/v1");
    assert_eq!(v["claims"], 4);
    assert_eq!(v["nodes"]["article"], 4);
    assert_eq!(v["nodes"]["claim"], 4);
    assert_eq!(v["edges"]["reported_by"], 3);
    assert_eq!(v["edges"]["published_by"], 1);
    assert_eq!(v["anonymous"]["claims"], 1);
    assert_eq!(v["anonymous"]["share"], 0.25);
    assert_eq!(v["single_source"]["claims"], 3);
    assert_eq!(v["state_media"]["claims"], 1);
    let speakers: Vec<&str> = v["top_speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        speakers,
        ["Ana Ruiz", "Li Wen", "port officials", "Wang Pei"]
    );
    let text = stdout(&["stats"], &g);
    assert!(
        text.contains("via state media") && text.contains("25.0%"),
        "{text}"
    );
}
