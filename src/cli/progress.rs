//! What the command line says on stderr besides errors: informational lines, and a progress bar
//! (indicatif) while documents are extracted. Both are off with `--quiet`; the bar is drawn
//! only when stderr is a terminal and only once a run has lasted a second, so pipes, files
//! and quick runs never see it. Nothing here ever writes to stdout.
#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes on before its progress bar is drawn.
const DELAY: Duration = Duration::from_secs(1);

/// How the command line talks on stderr.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ui {
    /// `--quiet`: errors and warnings only.
    pub(crate) quiet: bool,
}

impl Ui {
    /// Prints an informational line (`whosaid: {msg}`), unless quiet.
    pub(crate) fn info(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("whosaid: {msg}");
        }
    }

    /// A progress counter of documents: a bar out of `total` when the number is known, a
    /// spinner otherwise. Silent when quiet or when stderr is not a terminal.
    pub(crate) fn progress(&self, total: Option<u64>) -> Progress {
        let bar = (!self.quiet && std::io::stderr().is_terminal()).then(|| {
            // hidden until the run has lasted DELAY
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
            let template = match total {
                Some(_) => {
                    "{spinner} [{elapsed}] {wide_bar} {human_pos}/{human_len} documents ({per_sec:1})"
                }
                None => "{spinner} [{elapsed}] {human_pos} documents ({per_sec:1})",
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            shown: AtomicBool::new(false),
        }
    }
}

/// Documents done so far, drawn on stderr (see [`Ui::progress`]). Shared by the extraction
/// threads; cleared from the terminal when dropped.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
}

impl Progress {
    /// Counts `n` more documents done.
    pub(crate) fn inc(&self, n: u64) {
        let Some(bar) = &self.bar else { return };
        bar.inc(n);
        if bar.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.force_draw();
            // keeps the spinner and the elapsed time going while the input is slow
            bar.enable_steady_tick(Duration::from_millis(200));
        }
    }

    /// Runs `f` with the bar taken off the terminal, for output that could land on it.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Prints `line` on stderr without mixing it into the bar.
    pub(crate) fn eprintln(&self, line: impl std::fmt::Display) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
