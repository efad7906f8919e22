//! The fixture corpus (`examples/corpus/`): cross-article merging of speakers, claim clustering
//! and counts, `whosaid merge` and `whosaid build --append`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{json, tempdir, whosaid};

fn articles() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(crate::util::root().join("examples/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            format!(
                "examples/corpus/{}",
                p.file_name().unwrap().to_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

fn build(inputs: &[&str], out: &Path) {
    whosaid()
        .arg("build")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

fn node<'a>(g: &'a Value, id: &str) -> &'a Value {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn corpus_graph() -> Value {
    let out = whosaid()
        .args(["build", "examples/corpus"])
        .output()
        .unwrap();
    assert!(out.status.success());
    json(&out.stdout)
}

#[test]
fn one_node_per_speaker_and_same_surnames_stay_apart() {
    let g = corpus_graph();
    let people: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "person")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        [
            "person:chen-hao",
            "person:chen-jing",
            "person:penny-wong",
            "person:wang-yi"
        ]
    );
    // every said_by edge of each Chen is the right one, across articles
    let speakers_in = |who: &str| -> Vec<String> {
        let mut v: Vec<String> = g["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "said_by" && e["target"] == who)
            .map(|e| e["article"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        speakers_in("person:chen-hao"),
        [
            "afp-canberra-dialogue",
            "reuters-canberra-talks",
            "scmp-rock-lobster-sources"
        ]
    );
    assert_eq!(
        speakers_in("person:chen-jing"),
        [
            "guardian-wang-leaves-canberra",
            "nikkei-canberra-trade",
            "xinhua-wang-wong-talks"
        ]
    );
    // the AFP article's publisher ("Agence France-Presse") is the registry's AFP
    assert!(
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != "outlet:agence-france-presse")
    );
    assert_eq!(node(&g, "outlet:afp")["aliases"][0], "Agence France-Presse");
    // anonymous sources belong to their article
    assert_eq!(
        node(&g, "anonymous:diplomatic-sources@scmp-rock-lobster-sources")["label"],
        "diplomatic sources"
    );
}

#[test]
fn near_duplicate_claims_are_one_node_with_counts() {
    let g = corpus_graph();
    let claims: Vec<&Value> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "claim")
        .collect();
    assert_eq!(g["graph"]["claims"], claims.len());
    let with = |words: &str| {
        let found: Vec<&&Value> = claims
            .iter()
            .filter(|n| n["label"].as_str().unwrap().contains(words))
            .collect();
        assert_eq!(found.len(), 1, "{words}");
        *found[0]
    };
    // Wang's remark: Reuters, AFP (reworded), Xinhua, Nikkei Asia (via Reuters)
    let partners = with("partners");
    assert_eq!(
        (partners["articles"].as_u64(), partners["outlets"].as_u64()),
        (Some(4), Some(4))
    );
    assert_eq!(partners["variants"].as_array().unwrap().len(), 2);
    // Chen Hao on rock lobster: Reuters, AFP, SCMP
    let lobster = with("review the remaining restrictions");
    assert_eq!(
        (lobster["articles"].as_u64(), lobster["outlets"].as_u64()),
        (Some(3), Some(3))
    );
    // Chen Jing: Xinhua, and the Guardian via CGTN
    let foundation = with("solid foundation");
    assert_eq!(
        (
            foundation["articles"].as_u64(),
            foundation["outlets"].as_u64()
        ),
        (Some(2), Some(3))
    );
    // a paraphrase sharing too few word pairs stays a claim of its own
    assert_eq!(
        claims
            .iter()
            .filter(|n| n["label"].as_str().unwrap().contains("turned a corner"))
            .count(),
        2
    );
    // every claim's edges moved to its cluster: one appears_in per article it counts
    for c in &claims {
        let mut arts: Vec<&str> = g["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["source"] == c["id"] && e["kind"] == "appears_in")
            .map(|e| e["target"].as_str().unwrap())
            .collect();
        arts.sort();
        arts.dedup();
        assert_eq!(
            c["articles"].as_u64(),
            Some(arts.len() as u64),
            "{}",
            c["id"]
        );
    }
}

#[test]
fn shards_merged_in_any_order_equal_the_corpus_build() {
    let dir = tempdir();
    let all = dir.path().join("all.json");
    build(&["examples/corpus"], &all);
    let want = std::fs::read(&all).unwrap();
    let shards: Vec<PathBuf> = articles()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let p = dir.path().join(format!("shard{i}.json"));
            build(&[a], &p);
            p
        })
        .collect();
    let mut orders = vec![shards.clone()];
    orders.push(shards.iter().rev().cloned().collect());
    orders.push(
        shards
            .iter()
            .skip(3)
            .chain(shards.iter().take(3))
            .cloned()
            .collect(),
    );
    for order in orders {
        let out = whosaid().arg("merge").args(&order).output().unwrap();
        assert!(out.status.success());
        assert!(
            out.stdout == want,
            "merge of {order:?} differs from the corpus build"
        );
    }
    // grouping: merge two halves, then the halves
    let (h1, h2, m) = (
        dir.path().join("h1.json"),
        dir.path().join("h2.json"),
        dir.path().join("m.json"),
    );
    whosaid()
        .arg("merge")
        .args(&shards[..2])
        .arg("-o")
        .arg(&h1)
        .assert()
        .success();
    whosaid()
        .arg("merge")
        .args(&shards[2..])
        .arg("-o")
        .arg(&h2)
        .assert()
        .success();
    whosaid()
        .arg("merge")
        .arg(&h2)
        .arg(&h1)
        .arg("-o")
        .arg(&m)
        .arg("--dot")
        .arg(dir.path().join("m.dot"))
        .assert()
        .success();
    assert!(std::fs::read(&m).unwrap() == want);
    // merging a graph with itself changes nothing
    let out = whosaid().arg("merge").arg(&all).arg(&all).output().unwrap();
    assert!(out.stdout == want);
    // shards listed in a file or on stdin, one path a line (as a reduce step passes them)
    let list: String = shards
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    let list_file = dir.path().join("shards.txt");
    std::fs::write(&list_file, &list).unwrap();
    let out = whosaid()
        .args(["merge", "--list"])
        .arg(&list_file)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout == want);
    let out = whosaid()
        .args(["merge", "--list", "-"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout == want);
    // `-o -` is stdout: a graph shard of one partition goes down a pipe
    let out = whosaid()
        .args(["build", "examples/corpus", "-o", "-", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout == want);
    assert!(!Path::new("-").exists());
    // compact shards, one graph a line, merged from stdin or from a .jsonl file
    let mut lines = Vec::new();
    for a in articles() {
        let out = whosaid()
            .args(["build", &a, "--compact", "-q"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout.iter().filter(|b| **b == b'\n').count(), 1);
        lines.extend(out.stdout);
        lines.extend(b"\n");
    }
    let out = whosaid()
        .args(["merge", "-"])
        .write_stdin(lines.clone())
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout == want);
    let shard_lines = dir.path().join("shards.jsonl");
    std::fs::write(&shard_lines, &lines).unwrap();
    let out = whosaid().arg("merge").arg(&shard_lines).output().unwrap();
    assert!(out.status.success() && out.stdout == want);
    // an indented graph on stdin is one graph; a bad line is named by its line number
    let out = whosaid()
        .args(["merge", "-"])
        .write_stdin(want.clone())
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout == want);
    let out = whosaid()
        .args(["merge", "-"])
        .write_stdin("\n{\"schema\":1}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-:2:1:11: invalid type"), "{stderr}");
}

#[test]
fn append_adds_articles_in_place() {
    let dir = tempdir();
    let all = dir.path().join("all.json");
    build(&["examples/corpus"], &all);
    let arts = articles();
    let g = dir.path().join("g.json");
    build(&[&arts[0]], &g);
    whosaid()
        .args(["build", "--append"])
        .arg(&g)
        .args(&arts[1..3])
        .assert()
        .success();
    // -o writes elsewhere and leaves the appended-to file alone
    let other = dir.path().join("other.json");
    let before = std::fs::read(&g).unwrap();
    whosaid()
        .args(["build", "--append"])
        .arg(&g)
        .args(&arts[3..])
        .arg("-o")
        .arg(&other)
        .assert()
        .success();
    assert!(std::fs::read(&g).unwrap() == before);
    assert!(std::fs::read(&other).unwrap() == std::fs::read(&all).unwrap());
    whosaid()
        .args(["build", "--append"])
        .arg(&g)
        .args(&arts[3..])
        .assert()
        .success();
    assert!(std::fs::read(&g).unwrap() == std::fs::read(&all).unwrap());
    // appending an article already there is a no-op
    whosaid()
        .args(["build", "--append"])
        .arg(&g)
        .arg(&arts[0])
        .assert()
        .success();
    assert!(std::fs::read(&g).unwrap() == std::fs::read(&all).unwrap());
    // no leftover temporary files
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().starts_with(".whosaid-")),
        "{names:?}"
    );
}

#[test]
fn merge_and_append_errors_name_the_file() {
    let dir = tempdir();
    let bad = crate::util::write(dir.path(), "bad.json", "{\"schema\": \"other\"}");
    let out = whosaid().arg("merge").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
    let missing = dir.path().join("missing.json");
    let out = whosaid()
        .args(["build", "--append"])
        .arg(&missing)
        .arg("examples/corpus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
    assert!(!missing.exists());
    whosaid().arg("merge").assert().code(2);
}
