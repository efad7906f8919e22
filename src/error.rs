//! The crate's error type: every variant says what went wrong and where (file, line, column or
//! byte offset), so a user can fix the input without reading the code.

use std::path::PathBuf;

/// Everything that can go wrong in whosaid's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An input path does not exist.
    #[error("{}: no such file or directory", path.display())]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// A directory was given but holds no `*.txt` or `*.jsonl` articles.
    #[error("{}: directory contains no articles (*.txt or *.jsonl)", path.display())]
    EmptyDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// A file is not valid UTF-8.
    #[error("{}: invalid UTF-8 at byte offset {offset}", path.display())]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A JSON Lines record could not be parsed, or lacks a field it needs (`text` for an
    /// article) or has the wrong shape.
    #[error("{}:{line}: {message}", path.display())]
    BadRecord {
        /// The JSONL file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The record's `id`, when the record could be read that far.
        id: Option<String>,
        /// What is wrong with the record.
        message: String,
    },
    /// A JSON file (metadata sidecar, graph) could not be parsed.
    #[error("{}:{line}:{column}: {message}", path.display())]
    BadJson {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A graph file parsed as JSON but is not a whosaid graph.
    #[error("{}: not a whosaid graph: {message}", path.display())]
    BadGraph {
        /// The file.
        path: PathBuf,
        /// What is inconsistent.
        message: String,
    },
    /// A registry or gazetteer file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    BadRegistry {
        /// The file (or `<built-in>`).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The learned attribution model could not be read.
    #[error("attribution model: {0}")]
    BadModel(String),
    /// An evaluation input (gold annotations or predictions) does not have the shape the scorer
    /// reads.
    #[error("{}: {message}", path.display())]
    BadEvalInput {
        /// The file (or directory) involved.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A line of a brat standoff (`.ann`) annotation file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    BadAnnotation {
        /// The `.ann` file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A picture format that only Graphviz can draw was asked for, and Graphviz's `dot` program
    /// is not installed (or not on PATH).
    #[error(
        "{format} output needs Graphviz's `dot` program, which was not found on PATH: install \
         Graphviz (`apt install graphviz`, `brew install graphviz`) or write .svg, which the \
         built-in layout can draw"
    )]
    GraphvizMissing {
        /// The format asked for (PNG, PDF, or SVG with the Graphviz engine forced).
        format: String,
    },
    /// Graphviz's `dot` ran but failed.
    #[error("graphviz dot failed: {message}")]
    Graphviz {
        /// What dot said on stderr.
        message: String,
    },
    /// A graph could not be rendered as asked (e.g. `--focus` matches nothing).
    #[error("render: {message}")]
    Render {
        /// What went wrong.
        message: String,
    },
    /// A graph store (SQLite file) could not be written or read.
    #[error("{}: graph store: {message}", path.display())]
    Store {
        /// The store file.
        path: std::path::PathBuf,
        /// What went wrong (SQLite's message).
        message: String,
    },
    /// Writing an export failed.
    #[error("writing {what}: {source}")]
    Write {
        /// What was being written.
        what: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps a serde_json error with the file it came from.
    pub fn json(path: impl Into<PathBuf>, err: &serde_json::Error) -> Self {
        Error::BadJson {
            path: path.into(),
            line: err.line(),
            column: err.column(),
            message: strip_position(&err.to_string()),
        }
    }
}

/// serde_json appends " at line L column C" to its messages; we print the position ourselves.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_names_file_line_and_column() {
        let err = serde_json::from_str::<serde_json::Value>("{\n  \"a\": ,\n}").unwrap_err();
        let e = Error::json("g.json", &err);
        assert_eq!(e.to_string(), "g.json:2:8: expected value");
    }
}
