//! `graphs/` holds the example article's graph; it must match what the current code builds.
//! Regenerate with the command in the README (`cargo run --release -- build examples/articles
//! -o graphs/example.json --dot graphs/example.dot`).

use crate::util::{root, whosaid};

#[test]
fn committed_graphs_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let (j, d) = (
        dir.path().join("example.json"),
        dir.path().join("example.dot"),
    );
    whosaid()
        .args(["build", "examples/articles", "-o"])
        .arg(&j)
        .arg("--dot")
        .arg(&d)
        .assert()
        .success();
    for (fresh, committed) in [(j, "graphs/example.json"), (d, "graphs/example.dot")] {
        let want = std::fs::read(root().join(committed)).unwrap_or_default();
        assert!(
            std::fs::read(&fresh).unwrap() == want,
            "{committed} is stale: regenerate it with the README's build command"
        );
    }
}
