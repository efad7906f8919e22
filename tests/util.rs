//! Shared helpers: running the binary, temporary directories, fixtures.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `whosaid` binary under test, run from the repository root.
pub(crate) fn whosaid() -> Command {
    let mut c = Command::cargo_bin("whosaid").unwrap();
    c.current_dir(root());
    c
}

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub(crate) fn write(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, body).unwrap();
    p
}

/// An article full of text that must be escaped in every output format.
pub(crate) const HOSTILE: &str = "Hostile \"headline\" {test}\n\
The spokesperson said that the \"deal\" is {done} <script>alert('x')</script> & ]; \\ backslash 😀 שלום مرحبا \u{202e}reversed.\n\
\"Nothing ends here, not even &lt; or \\N,\" said Wang.\n";

/// Parses stdout as JSON.
pub(crate) fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap()
}

/// True when a required external tool may be skipped (outside CI).
pub(crate) fn may_skip(tool: &str) -> bool {
    if std::env::var_os("WHOSAID_REQUIRE_TOOLS").is_some() {
        panic!("{tool} is required (WHOSAID_REQUIRE_TOOLS is set) but not available");
    }
    eprintln!("skipping: {tool} not available");
    true
}

/// Runs `whosaid export GRAPH --format FORMAT -o OUT`, which must succeed.
pub(crate) fn export(graph: &Path, format: &str, out: &Path) {
    whosaid()
        .arg("export")
        .arg(graph)
        .args(["--format", format, "-o"])
        .arg(out)
        .assert()
        .success();
}

/// The output of a finished command, failing the test with its stderr when it could not run or
/// did not exit 0.
pub(crate) fn succeeded(out: std::io::Result<std::process::Output>) -> std::process::Output {
    let out = out.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
