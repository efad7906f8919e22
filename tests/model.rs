//! The learned model from the command line: `whosaid train` on a tiny annotated split written
//! for these tests, `--model` and `--rules-only` on extraction.

use std::path::PathBuf;

use crate::util::{json, succeeded, tempdir, whosaid, write};

/// (source, cue, content) of one attribution.
type Said = (&'static str, &'static str, &'static str);

/// Three invented articles in PolNeAR's layout: text, brat standoff attributions and a
/// CoreNLP-style token file whose POS column the tagger learns from.
const ARTICLES: &[(&str, &str, &[Said])] = &[
    (
        "harbour",
        "The mayor said the harbour would reopen in May .\nShe added that ferries were ready .\n",
        &[
            ("The mayor", "said", "the harbour would reopen in May"),
            ("She", "added", "ferries were ready"),
        ],
    ),
    (
        "budget",
        "Officials said the budget was balanced .\nThe report found that costs fell .\n",
        &[
            ("Officials", "said", "the budget was balanced"),
            ("The report", "found", "costs fell"),
        ],
    ),
    (
        "rail",
        "The minister told reporters that trains would run late .\nUnions warned that strikes loomed .\n",
        &[
            ("The minister", "told", "trains would run late"),
            ("Unions", "warned", "strikes loomed"),
        ],
    ),
];

fn tag(word: &str) -> &'static str {
    match word {
        "The" | "the" => "DT",
        "said" | "added" | "found" | "told" | "warned" | "fell" | "loomed" | "was" => "VBD",
        "would" => "MD",
        "reopen" | "run" => "VB",
        "in" => "IN",
        "that" => "IN",
        "She" => "PRP",
        "were" => "VBD",
        "." => ".",
        w if w.chars().next().is_some_and(char::is_uppercase) => "NNP",
        w if w.ends_with('s') => "NNS",
        _ => "NN",
    }
}

/// Writes the split under `dir` and returns it.
fn split(dir: PathBuf) -> PathBuf {
    for (stem, text, atts) in ARTICLES {
        write(&dir, &format!("text/{stem}.txt"), text);
        let mut ann = String::new();
        for (i, (source, cue, content)) in atts.iter().enumerate() {
            let at = |s: &str| {
                let start = text.find(s).unwrap();
                (start, start + s.len())
            };
            let n = i * 4;
            for (k, (role, s)) in [("Source", source), ("Cue", cue), ("Content", content)]
                .iter()
                .enumerate()
            {
                let (a, b) = at(s);
                ann.push_str(&format!("T{}\t{role} {a} {b}\t{s}\n", n + k + 1));
            }
            let (a, b) = at(cue);
            ann.push_str(&format!("T{}\tAttribution {a} {b}\t{cue}\n", n + 4));
            ann.push_str(&format!(
                "E{}\tAttribution:T{} Content:T{} Cue:T{} Source:T{}\n",
                i + 1,
                n + 4,
                n + 3,
                n + 2,
                n + 1
            ));
        }
        write(&dir, &format!("attributions/{stem}_0a0a.ann"), ann);
        let mut tsv =
            String::from("sentence\ttoken\tstart\tend\tword\tlemma\tpos\tner\thead\tdeprel\n");
        let mut offset = 0;
        for word in text.split_whitespace() {
            let start = offset + text[offset..].find(word).unwrap();
            offset = start + word.len();
            tsv.push_str(&format!(
                "1\t1\t{start}\t{offset}\t{word}\t{word}\t{}\tO\t0\tdep\n",
                tag(word)
            ));
        }
        write(&dir, &format!("tokens/{stem}.tsv"), tsv);
    }
    dir
}

#[test]
fn training_is_deterministic_and_its_model_extracts() {
    let dir = tempdir();
    let data = split(dir.path().join("split"));
    let first = dir.path().join("a.model");
    let second = dir.path().join("b.model");
    for out in [&first, &second] {
        let run = succeeded(
            whosaid()
                .arg("train")
                .arg(&data)
                .arg("-o")
                .arg(out)
                .args(["--epochs", "3", "--seed", "7"])
                .output(),
        );
        assert!(String::from_utf8_lossy(&run.stderr).contains("3 articles"));
    }
    let a = std::fs::read(&first).unwrap();
    assert!(!a.is_empty());
    assert_eq!(
        a,
        std::fs::read(&second).unwrap(),
        "same data and seed, same bytes"
    );
    let article = write(
        dir.path(),
        "a.txt",
        "The mayor said the harbour would reopen in May.\n",
    );
    let out = succeeded(
        whosaid()
            .arg("extract")
            .arg(&article)
            .arg("--model")
            .arg(&first)
            .output(),
    );
    assert!(json(&out.stdout)["attributions"].is_array());
}

#[test]
fn training_needs_token_files() {
    let dir = tempdir();
    let data = split(dir.path().join("split"));
    std::fs::remove_dir_all(data.join("tokens")).unwrap();
    let out = whosaid()
        .arg("train")
        .arg(data)
        .arg("-o")
        .arg(dir.path().join("m.model"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tokens"));
    assert!(!dir.path().join("m.model").exists(), "no model is written");
}

#[test]
fn a_corrupt_model_file_is_reported_with_its_path() {
    let dir = tempdir();
    let model = write(dir.path(), "bad.model", "whosaid-model/2\nnot really");
    let article = write(dir.path(), "a.txt", "Wang said talks went well.\n");
    let out = whosaid()
        .arg("extract")
        .arg(&article)
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.model"), "{err}");
}

/// The attributions `whosaid extract` finds in `article` with the flags `extra`.
fn extracted(article: &std::path::Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let out = whosaid()
        .arg("extract")
        .arg(article)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    json(&out.stdout)["attributions"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn rules_only_leaves_out_the_model() {
    let dir = tempdir();
    // "defended" is a stance the model reports and the rules do not
    let article = write(
        dir.path(),
        "a.txt",
        "Ortiz defended the budget, warning that cuts would hurt growth.\n",
    );
    let rules = |extra: &[&str]| -> Vec<String> {
        extracted(&article, extra)
            .iter()
            .map(|a| a["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&[]).iter().any(|r| r == "model"));
    let only = rules(&["--rules-only"]);
    assert!(!only.is_empty());
    assert!(only.iter().all(|r| r != "model"), "{only:?}");
}

#[test]
fn span_styles_place_the_complementizer_and_the_appositive() {
    let dir = tempdir();
    let article = write(
        dir.path(),
        "a.txt",
        "The harbour has also said that ferries were ready.\n\"Costs fell,\" said Mira Holm, a port economist.\n",
    );
    let spans = |extra: &[&str]| -> Vec<(String, String, String)> {
        extracted(&article, extra)
            .iter()
            .map(|a| {
                let text = |k: &str| a[k]["text"].as_str().unwrap_or("").to_string();
                (text("source"), text("cue"), text("content"))
            })
            .collect()
    };
    let said = |s: &str, c: &str, x: &str| (s.to_string(), c.to_string(), x.to_string());
    // the cue is its verb group in both styles
    assert_eq!(
        spans(&[]),
        [
            said("The harbour", "has also said", "ferries were ready"),
            said("Mira Holm", "said", "\"Costs fell,\""),
        ]
    );
    assert_eq!(
        spans(&["--spans", "polnear"]),
        [
            said("The harbour", "has also said", "that ferries were ready"),
            said("Mira Holm, a port economist", "said", "\"Costs fell,\""),
        ]
    );
}
