//! `graphs/` holds the graphs of the example article and of the fixture corpus; they must match
//! what the current code builds. Regenerate with the commands in the README (`cargo run
//! --release -- build examples/articles -o graphs/example.json --dot graphs/example.dot --svg
//! graphs/example.svg`, and
//! the same for `examples/corpus` into `graphs/corpus.*`). The pictures are checked in
//! `render.rs`.

use crate::util::{root, whosaid};

fn check(input: &str, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (j, d) = (
        dir.path().join(format!("{name}.json")),
        dir.path().join(format!("{name}.dot")),
    );
    whosaid()
        .args(["build", input, "-o"])
        .arg(&j)
        .arg("--dot")
        .arg(&d)
        .assert()
        .success();
    for (fresh, committed) in [
        (j, format!("graphs/{name}.json")),
        (d, format!("graphs/{name}.dot")),
    ] {
        let want = std::fs::read(root().join(&committed)).unwrap_or_default();
        assert!(
            std::fs::read(&fresh).unwrap() == want,
            "{committed} is stale: regenerate it with the README's build command"
        );
    }
}

#[test]
fn committed_graphs_are_up_to_date() {
    check("examples/articles", "example");
}

#[test]
fn committed_corpus_graphs_are_up_to_date() {
    check("examples/corpus", "corpus");
}
