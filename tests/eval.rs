//! `whosaid eval` on the small fixture under `tests/fixtures/eval/`: exact figures for PolNeAR
//! and claims gold, every prediction layout, bad inputs, and agreement with the reference scorer
//! `score.py` when a copy of it is at hand.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use whosaid::eval::{self, GoldKind, Predictions};
use whosaid::{Document, Metadata, Pipeline};

use crate::tools::score_py;
use crate::util::{json, may_skip, root, tempdir, whosaid, write};

const POLNEAR: &str = "tests/fixtures/eval/polnear";
const POLNEAR_PRED: &str = "tests/fixtures/eval/pred/polnear.jsonl";
const CLAIMS: &str = "tests/fixtures/eval/claims";
const CLAIMS_PRED: &str = "tests/fixtures/eval/pred/claims.json";

fn stdout(args: &[&str]) -> String {
    let out = whosaid().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn prf(p: f64, r: f64, f1: f64) -> serde_json::Value {
    json!({"p": p, "r": r, "f1": f1})
}

/// Gold (the first annotator's file for `alpha`; `beta` has a discontinuous content):
/// alpha: E1 source/cue/content, E2 a quote, E3 "according to" (not predicted);
/// beta: E1 split content, E2 "one shopkeeper said", E3 without source (not predicted).
/// Predictions: alpha P1 exact after trimming, P2 exact content and cue but a shorter source,
/// P3 the headline (wrong); beta Q1 exact content with a source overlapping by "the",
/// Q2 exact content with a wrong source; a third document not in the gold is ignored.
#[test]
fn polnear_fixture_gives_the_hand_computed_figures() {
    let v = json(stdout(&["eval", "polnear", POLNEAR, POLNEAR_PRED, "--json"]).as_bytes());
    let want = json!({
        "documents": 2,
        "missing_documents": 0,
        "spans": {
            // gold sources 5, predicted 4 (trimmed), 1 exact
            "source": {"exact": prf(0.25, 0.2, 0.2222), "overlap": prf(0.8286, 0.3494, 0.4915)},
            // gold cues 5, predicted 4, all exact
            "cue": {"exact": prf(1.0, 0.8, 0.8889), "overlap": prf(1.0, 0.6207, 0.766)},
            // gold contents 6, predicted 5, 4 exact after trimming quotes and punctuation
            "content": {"exact": prf(0.8, 0.6667, 0.7273), "overlap": prf(0.8468, 0.7047, 0.7692)}
        },
        "attributions": {
            "gold": 6,
            "predicted": 5,
            "content": prf(0.8, 0.6667, 0.7273),
            // found with overlapping source: alpha E1, E2, beta E1
            "content+source": prf(0.6, 0.5, 0.5455)
        }
    });
    assert_eq!(v, want);
    let human = stdout(&["eval", "polnear", POLNEAR, POLNEAR_PRED, "--verbose"]);
    assert_eq!(
        human,
        "  missed   alpha: 'Shipping firms were not consulted' \n\
         \x20 missed   beta: 'Traffic was light' \n\
         source   exact P=0.250 R=0.200 F1=0.222   overlap P=0.829 R=0.349 F1=0.491\n\
         cue      exact P=1.000 R=0.800 F1=0.889   overlap P=1.000 R=0.621 F1=0.766\n\
         content  exact P=0.800 R=0.667 F1=0.727   overlap P=0.847 R=0.705 F1=0.769\n\
         polnear docs=2 missing=0 gold=6 pred=5 content_F1=0.7273 content+source_F1=0.5455 \
         source_exact_F1=0.2222 cue_exact_F1=0.8889 content_overlap_F1=0.7692\n"
    );
}

/// Gold: four attributions, one via an optional channel, one from an anonymous source.
/// Predictions: an accepted alternative name (right), a bare surname that is not an accepted
/// form (wrong speaker), an accepted name without the optional channel (right), an anonymous
/// source named "a union source" but with an extra channel (wrong via), and the headline.
#[test]
fn claims_fixture_gives_the_hand_computed_figures() {
    let v = json(stdout(&["eval", "claims", CLAIMS, CLAIMS_PRED, "--json"]).as_bytes());
    let want = json!({
        "documents": 1,
        "missing_documents": 0,
        "attributions": {
            "gold": 4,
            "predicted": 5,
            "content": prf(0.8, 1.0, 0.8889),
            "speaker_accuracy": 0.75,
            "via_accuracy": 0.75,
            "full": prf(0.4, 0.5, 0.4444)
        }
    });
    assert_eq!(v, want);
    let human = stdout(&["eval", "claims", CLAIMS, CLAIMS_PRED, "--verbose"]);
    assert_eq!(
        human,
        "  speaker  harbour-talks: 'the government would “not take sides”' \
         {\"want\": [\"Ilse Varga\", []], \"got\": [\"Varga\", []]}\n\
         \x20 via      harbour-talks: 'Strikes could resume within days' \
         {\"want\": [\"people familiar with the talks\", []], \"got\": [\"a union source\", [\"Harbor Radio\"]]}\n\
         claims docs=1 missing=0 gold=4 pred=5 content_P=0.8 content_R=1.0 speaker_acc=0.75 \
         via_acc=0.75 full_F1=0.4444\n"
    );
}

#[test]
fn every_prediction_layout_scores_the_same() {
    let dir = tempdir();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(root().join(POLNEAR_PRED))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // a directory of <stem>.json files (the file name is the fallback stem)
    for (i, doc) in lines.iter().enumerate() {
        write(dir.path(), &format!("docs/{i}.json"), doc.to_string());
    }
    write(dir.path(), "docs/notes.txt", "not a prediction");
    // one JSON array, pretty-printed
    let array = write(
        dir.path(),
        "all.json",
        serde_json::to_string_pretty(&lines).unwrap(),
    );
    let reference = stdout(&["eval", "polnear", POLNEAR, POLNEAR_PRED, "--json"]);
    for pred in [dir.path().join("docs"), array] {
        let got = stdout(&["eval", "polnear", POLNEAR, pred.to_str().unwrap(), "--json"]);
        assert_eq!(got, reference, "{}", pred.display());
    }
}

#[test]
fn documents_without_predictions_are_counted_missing() {
    let dir = tempdir();
    let first = std::fs::read_to_string(root().join(POLNEAR_PRED)).unwrap();
    let first = first.lines().next().unwrap();
    let pred = write(dir.path(), "alpha-only.jsonl", format!("{first}\n"));
    let out = stdout(&["eval", "polnear", POLNEAR, pred.to_str().unwrap()]);
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("polnear docs=2 missing=1 gold=6 pred=3 "),
        "{summary}"
    );
}

fn fails_naming(args: &[&str], names: &str) {
    let out = whosaid().args(args).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains(names), "{args:?}: {err}");
    assert!(out.get_output().stdout.is_empty(), "{args:?}");
}

#[test]
fn bad_inputs_fail_naming_the_file() {
    let dir = tempdir();
    let d = dir.path();
    let p = |rel: &str| d.join(rel).to_str().unwrap().to_string();
    fails_naming(
        &["eval", "polnear", POLNEAR, &p("nope.jsonl")],
        "nope.jsonl",
    );
    fails_naming(
        &["eval", "polnear", &p("nogold"), POLNEAR_PRED],
        "attributions",
    );
    write(d, "bad.jsonl", "{\"document\": {\"id\": \"a\"}}\n{oops\n");
    fails_naming(
        &["eval", "polnear", POLNEAR, &p("bad.jsonl")],
        "bad.jsonl:2: column 2: key must be a string",
    );
    write(
        d,
        "obj.jsonl",
        "{\"document\": {\"id\": \"a\"}, \"attributions\": 5}\n",
    );
    fails_naming(
        &["eval", "polnear", POLNEAR, &p("obj.jsonl")],
        "obj.jsonl: document a: \"attributions\" is not a list",
    );
    // an annotation file whose text is missing, and a malformed span
    write(d, "g1/attributions/lost_abcd.ann", "T1\tContent 0 4\tx\n");
    fails_naming(&["eval", "polnear", &p("g1"), POLNEAR_PRED], "lost.txt");
    write(d, "g2/text/x.txt", "Some text.\n");
    write(
        d,
        "g2/attributions/x_abcd.ann",
        "T1\tSource 0 4\tSome\nT2\tContent 5 x\ttext\n",
    );
    fails_naming(
        &["eval", "polnear", &p("g2"), POLNEAR_PRED],
        "x_abcd.ann:2: span \"5 x\" of T2 is not two integers",
    );
    // claims gold whose content is not in the article
    write(d, "g3/articles/a.txt", "Nothing here.\n");
    write(
        d,
        "g3/gold/a.json",
        r#"{"attributions": [{"content": "absent words", "speaker": "X"}]}"#,
    );
    fails_naming(
        &["eval", "claims", &p("g3"), CLAIMS_PRED],
        "a.json: gold content not found in a: 'absent words'",
    );
    write(d, "g4/gold/a.json", "{\"attributions\": [\n}");
    fails_naming(&["eval", "claims", &p("g4"), CLAIMS_PRED], "a.json:2:1");
    // usage errors
    whosaid()
        .args(["eval", "spans", POLNEAR, POLNEAR_PRED])
        .assert()
        .code(2);
    whosaid().args(["eval", "claims", CLAIMS]).assert().code(2);
}

#[test]
fn in_process_extractions_score_like_their_json() {
    let path = root().join(CLAIMS).join("articles/harbour-talks.txt");
    let doc = Document {
        id: "harbour-talks".into(),
        meta: Metadata::default(),
        text: std::fs::read_to_string(&path).unwrap(),
    };
    let x = Pipeline::new().unwrap().extract(&doc);
    let gold = eval::load_claims(&root().join(CLAIMS)).unwrap();
    let scores = eval::score(&gold, &Predictions::from_extractions(&[x]).unwrap()).unwrap();

    let dir = tempdir();
    let pred = dir.path().join("pred.json");
    whosaid()
        .args([
            "extract",
            path.to_str().unwrap(),
            "-o",
            pred.to_str().unwrap(),
        ])
        .assert()
        .success();
    let cli = eval::evaluate(GoldKind::Claims, &root().join(CLAIMS), &pred).unwrap();
    assert_eq!(scores, cli);
    assert_eq!(scores.attributions.gold, 4);
}

fn run_score_py(script: &Path, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "score.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn agrees_with_the_reference_scorer() {
    // required (under WHOSAID_REQUIRE_TOOLS) only when pointed at: `.ci/run` does when
    // ../shared is there
    let Some(script) = score_py() else {
        if std::env::var_os("WHOSAID_SCORE_PY").is_some() {
            may_skip("score.py at $WHOSAID_SCORE_PY, with python3");
        }
        return;
    };
    for (kind, gold, pred) in [
        ("polnear", POLNEAR, POLNEAR_PRED),
        ("claims", CLAIMS, CLAIMS_PRED),
        // each gold scored against the other's predictions: all missing
        ("polnear", POLNEAR, CLAIMS_PRED),
        ("claims", CLAIMS, POLNEAR_PRED),
    ] {
        let args = [kind, gold, pred];
        // --json: score.py prints the JSON, then the summary line
        let py = run_score_py(&script, &[kind, gold, pred, "--json"]);
        let (py_json, py_summary) = py.trim_end().rsplit_once('\n').unwrap();
        let ours = stdout(&["eval", kind, gold, pred, "--json"]);
        assert_eq!(json(py_json.as_bytes()), json(ours.as_bytes()), "{args:?}");
        assert_eq!(format!("{py_json}\n"), ours, "{args:?}: JSON text");
        // the human lines and the misses, byte for byte
        for extra in [None, Some("--verbose")] {
            let mut a = vec![kind, gold, pred];
            a.extend(extra);
            let py = run_score_py(&script, &a);
            let mut b = vec!["eval"];
            b.extend(&a);
            assert_eq!(py, stdout(&b), "{a:?}");
            assert_eq!(py.lines().last(), Some(py_summary), "{a:?}");
        }
    }
}
