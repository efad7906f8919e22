//! One line for `cargo test`: the external checks that cannot run on this machine and what each
//! needs (they skip quietly otherwise; `.ci/run` installs the tools and makes them required).
#![allow(clippy::print_stdout, dead_code)]

#[path = "tools.rs"]
mod tools;

fn main() {
    let missing: Vec<String> = tools::checks()
        .into_iter()
        .filter(|(_, here, _)| !here)
        .map(|(name, _, needs)| format!("{name} (needs {needs})"))
        .collect();
    if missing.is_empty() {
        println!("whosaid: every external check ran");
    } else {
        println!(
            "whosaid: external checks skipped: {}; `.ci/run` installs the tools and requires them (score.py when ../shared is there)",
            missing.join(", ")
        );
    }
}
