//! The `whosaid` binary: parse flags, run, map the outcome to an exit code
//! (0 success, 1 error, 2 usage error, 3 some inputs skipped).
#![allow(clippy::print_stderr)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: extraction makes many short-lived strings and
/// vectors per sentence, and glibc's malloc/free took about 15% of an extraction run.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let parsed = cli::args::Cli::parse();
    match cli::run(
        parsed.command,
        cli::progress::Ui {
            quiet: parsed.quiet,
        },
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure::Fatal(e)) => {
            eprintln!("whosaid: error: {e}");
            ExitCode::from(1)
        }
        Err(cli::Failure::Usage(msg)) => {
            eprintln!("whosaid: usage error: {msg}");
            ExitCode::from(2)
        }
        Err(cli::Failure::NoMatch(msg)) => {
            eprintln!("whosaid: {msg}");
            ExitCode::from(1)
        }
        Err(cli::Failure::Partial(n)) => {
            eprintln!("whosaid: {n} input(s) reported above were skipped");
            ExitCode::from(3)
        }
        Err(cli::Failure::NoneRead(n)) => {
            eprintln!("whosaid: error: none of the inputs could be read ({n} reported above)");
            ExitCode::from(1)
        }
    }
}
