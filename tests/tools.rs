//! The external tools some end-to-end checks run their outputs through (Graphviz, Chromium,
//! Python readers, Cytoscape.js, PySpark, the reference scorer, `script`): one place that says whether
//! each is here. The checks read it, and so does `tests/tools_summary.rs`, which prints the one
//! line `cargo test` shows about the checks it could not run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The project root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where the viewer's browser test looks for Chromium.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// True when `cmd arg` runs and succeeds.
fn runs(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Graphviz's `dot`.
pub(crate) fn have_dot() -> bool {
    runs("dot", "-V")
}

/// True when `python3` can import `module`.
pub(crate) fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Where the `cytoscape` npm package is: `$WHOSAID_CYTOSCAPE_JS`, or `.ci/node_modules/cytoscape`
/// where `.ci/run` installs it (with Node.js to run it).
pub(crate) fn cytoscape_js() -> Option<PathBuf> {
    let p = std::env::var_os("WHOSAID_CYTOSCAPE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".ci/node_modules/cytoscape"));
    (p.is_dir() && runs("node", "--version")).then_some(p)
}

/// The reference scorer: `$WHOSAID_SCORE_PY`, or `../shared/eval/score.py` beside the project.
pub(crate) fn score_py() -> Option<PathBuf> {
    let path = match std::env::var_os("WHOSAID_SCORE_PY") {
        Some(p) => PathBuf::from(p),
        None => root().join("../shared/eval/score.py"),
    };
    (path.is_file() && runs("python3", "--version")).then_some(path)
}

/// PySpark with its `spark-submit` and a Java runtime to start Spark with.
pub(crate) fn have_spark() -> bool {
    python_has("pyspark") && runs("spark-submit", "--version") && runs("java", "-version")
}

/// util-linux `script`, which gives the progress-bar test a terminal.
pub(crate) fn have_script() -> bool {
    runs("script", "--version")
}

/// Each external check: its name, whether its tool is here, and what to install if not.
pub(crate) fn checks() -> Vec<(&'static str, bool, &'static str)> {
    vec![
        ("Graphviz", have_dot(), "apt-get install graphviz"),
        (
            "headless Chromium",
            Path::new(CHROMIUM).exists(),
            "apt-get install chromium",
        ),
        ("networkx", python_has("networkx"), "pip install networkx"),
        ("rdflib", python_has("rdflib"), "pip install rdflib"),
        (
            "Cytoscape.js",
            cytoscape_js().is_some(),
            "Node.js and `npm install --prefix .ci cytoscape@3`",
        ),
        (
            "Spark recipe",
            have_spark(),
            "pip install pyspark and a Java 17 runtime (apt-get install openjdk-17-jre-headless)",
        ),
        (
            "score.py agreement",
            score_py().is_some(),
            "../shared/eval/score.py or WHOSAID_SCORE_PY",
        ),
        (
            "progress bar on a terminal",
            have_script(),
            "util-linux `script`",
        ),
    ]
}

/// Under WHOSAID_REQUIRE_TOOLS (`.ci/run`) every external check can run: the score.py agreement
/// only when `WHOSAID_SCORE_PY` names the scorer (`.ci/run` does when ../shared is there).
#[test]
fn required_tools_are_all_here() {
    if std::env::var_os("WHOSAID_REQUIRE_TOOLS").is_none() {
        return;
    }
    let pointed = std::env::var_os("WHOSAID_SCORE_PY").is_some();
    let missing: Vec<&str> = checks()
        .into_iter()
        .filter(|(name, here, _)| !here && (pointed || *name != "score.py agreement"))
        .map(|(name, _, _)| name)
        .collect();
    assert!(missing.is_empty(), "required but missing: {missing:?}");
}
