//! Reading articles: plain-text files, directories of them, JSON Lines corpora and stdin, with
//! metadata from JSONL fields, `<stem>.meta.json` sidecars or the caller. The only module that
//! knows about files and encodings; it keeps article text byte-exact so offsets stay true.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{Document, Metadata};
use crate::error::{Error, Result};

/// One input after directory expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A plain-text article.
    Text(PathBuf),
    /// A JSON Lines corpus, one article per line.
    Jsonl(PathBuf),
    /// Standard input, read as the format says.
    Stdin(InputFormat),
}

/// How an input is read: from its name (`.jsonl` is a corpus, anything else one article) and,
/// for stdin, from its first non-blank line (`{` starts JSON Lines), or as the caller says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// Files by extension; stdin is JSON Lines when its first non-blank line starts with `{`,
    /// otherwise one plain-text article.
    #[default]
    Auto,
    /// One plain-text article per file, and stdin is one article.
    Text,
    /// One article per line, whatever the name: a first line that is not JSON is a bad record,
    /// not an article (what a pipeline that feeds records wants).
    Jsonl,
}

/// Expands command-line paths: files named are read as `format` says (by default `.jsonl` as a
/// corpus, anything else as plain text), directories are walked recursively for `*.txt` and
/// `*.jsonl` in sorted order (classified by extension), `-` is stdin. Each path that cannot be
/// used gives one error; the others are still returned.
pub fn expand(paths: &[PathBuf], format: InputFormat) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(format));
        } else if path.is_dir() {
            let (found, bad) = walk(path);
            if found.is_empty() && bad.is_empty() {
                errors.push(Error::EmptyDirectory { path: path.clone() });
            }
            inputs.extend(found);
            errors.extend(bad);
        } else if path.is_file() {
            inputs.push(match format {
                InputFormat::Auto => classify(path.clone()),
                InputFormat::Text => Input::Text(path.clone()),
                InputFormat::Jsonl => Input::Jsonl(path.clone()),
            });
        } else {
            errors.push(Error::NotFound { path: path.clone() });
        }
    }
    (inputs, errors)
}

fn classify(path: PathBuf) -> Input {
    if path.extension().is_some_and(|e| e == "jsonl") {
        Input::Jsonl(path)
    } else {
        Input::Text(path)
    }
}

/// The articles under `dir` in name order, and the entries that could not be read.
fn walk(dir: &Path) -> (Vec<Input>, Vec<Error>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
    {
        // a dangling symlink, a symlink loop or an unreadable directory is reported, and the
        // walk goes on with the rest
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let io = match e.io_error() {
                    // the I/O error alone: walkdir's own message repeats the path
                    Some(io) if e.loop_ancestor().is_none() => {
                        std::io::Error::new(io.kind(), io.to_string())
                    }
                    _ => e.into(),
                };
                errors.push(Error::io(path, io));
                continue;
            }
        };
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str());
        if entry.file_type().is_file() && matches!(ext, Some("txt" | "jsonl")) {
            found.push(classify(p.to_path_buf()));
        }
    }
    (found, errors)
}

/// Reads the documents of one input. `overrides` (from the command line) win over sidecar and
/// JSONL metadata. A JSONL corpus yields one result per non-blank line, so one bad record does
/// not hide the others.
pub fn read(input: &Input, overrides: &Metadata) -> Vec<Result<Document>> {
    stream(input, overrides).collect()
}

/// The documents of one input, read lazily: [`read`] one at a time. A JSON Lines file (or JSON
/// Lines on stdin) is read line by line, so memory does not grow with the corpus; plain text
/// (a file, or stdin that is not JSON Lines) is one document read whole.
pub fn stream(input: &Input, overrides: &Metadata) -> Documents {
    match input {
        Input::Text(path) => Documents(Box::new(std::iter::once(read_text_file(path, overrides)))),
        Input::Jsonl(path) => match std::fs::File::open(path) {
            Ok(f) => Documents(Box::new(JsonlReader::new(
                path,
                &stem(path),
                std::io::BufReader::new(f),
                overrides,
            ))),
            Err(e) => Documents(Box::new(std::iter::once(Err(Error::io(path, e))))),
        },
        Input::Stdin(format) => stream_reader(
            Path::new("-"),
            "stdin",
            std::io::stdin().lock(),
            *format,
            overrides,
        ),
    }
}

/// A lazy sequence of documents (or of the errors of the ones that could not be read), in
/// input order.
pub struct Documents(Box<dyn Iterator<Item = Result<Document>>>);

impl Iterator for Documents {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Documents")
    }
}

/// Reads `reader` as stdin is read (see [`read_bytes`]), streaming when it is JSON Lines: with
/// [`InputFormat::Auto`], only the leading blank lines and the first record are looked at before
/// deciding. Input that is empty or blank is no document.
fn stream_reader(
    path: &Path,
    id: &str,
    mut reader: impl BufRead + 'static,
    format: InputFormat,
    overrides: &Metadata,
) -> Documents {
    if format == InputFormat::Jsonl {
        return Documents(Box::new(JsonlReader::new(path, id, reader, overrides)));
    }
    let mut head = Vec::new();
    let first = loop {
        let start = head.len();
        match reader.read_until(b'\n', &mut head) {
            Ok(0) => break None,
            Ok(_) => {}
            Err(e) => return Documents(Box::new(std::iter::once(Err(Error::io(path, e))))),
        }
        let line = head.get(start..).unwrap_or_default();
        let line = if start == 0 {
            line.strip_prefix(BOM).unwrap_or(line)
        } else {
            line
        };
        if let Some(b) = line.iter().find(|b| !b.is_ascii_whitespace()) {
            break Some(*b);
        }
    };
    if first.is_none() {
        return Documents(Box::new(std::iter::empty()));
    }
    if first == Some(b'{') && format == InputFormat::Auto {
        let rest = std::io::Cursor::new(head).chain(reader);
        return Documents(Box::new(JsonlReader::new(path, id, rest, overrides)));
    }
    if let Err(e) = reader.read_to_end(&mut head) {
        return Documents(Box::new(std::iter::once(Err(Error::io(path, e)))));
    }
    Documents(Box::new(std::iter::once(decode(path, head).map(|text| {
        Document {
            id: id.to_string(),
            meta: overrides.clone(),
            text,
        }
    }))))
}

/// Reads in-memory bytes as stdin would be read: JSON Lines when the first non-blank line starts
/// with `{`, otherwise one plain-text document with id `id`; empty or blank bytes are no document.
pub fn read_bytes(
    path: &Path,
    id: &str,
    bytes: &[u8],
    overrides: &Metadata,
) -> Vec<Result<Document>> {
    let reader = std::io::Cursor::new(bytes.to_vec());
    stream_reader(path, id, reader, InputFormat::Auto, overrides).collect()
}

fn read_text_file(path: &Path, overrides: &Metadata) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(path, bytes)?;
    let stem = stem(path);
    let sidecar = path.with_file_name(format!("{stem}.meta.json"));
    let meta = if sidecar.is_file() {
        let raw = std::fs::read_to_string(&sidecar).map_err(|e| Error::io(&sidecar, e))?;
        let side: Metadata = serde_json::from_str(&raw).map_err(|e| Error::json(&sidecar, &e))?;
        overrides.clone().or(&side)
    } else {
        overrides.clone()
    };
    Ok(Document {
        id: stem,
        meta,
        text,
    })
}

/// The UTF-8 byte order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The text of a file's bytes, without a leading byte order mark (offsets count from after it).
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: bom + e.utf8_error().valid_up_to(),
    })
}

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(flatten)]
    meta: Metadata,
}

/// A file's name without its extension: the id of a plain-text article, and the prefix of the
/// ids of a corpus's records that have none.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// JSON Lines read one line at a time: one result per non-blank line.
struct JsonlReader<R> {
    reader: R,
    path: PathBuf,
    stem: String,
    overrides: Metadata,
    line_no: usize,
    offset: usize,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// `stem`: the prefix of the ids of records that have none (`stem-LINE`).
    fn new(path: &Path, stem: &str, reader: R, overrides: &Metadata) -> Self {
        JsonlReader {
            reader,
            path: path.to_path_buf(),
            stem: stem.to_string(),
            overrides: overrides.clone(),
            line_no: 0,
            offset: 0,
            done: false,
        }
    }

    fn record(&self, raw: &[u8], line_start: usize) -> Result<Document> {
        let bad = |id: Option<String>, message: String| Error::BadRecord {
            path: self.path.clone(),
            line: self.line_no,
            id,
            message,
        };
        let line = std::str::from_utf8(raw).map_err(|e| {
            let at = line_start + e.valid_up_to();
            bad(None, format!("invalid UTF-8 at byte offset {at}"))
        })?;
        let rec: Record = serde_json::from_str(line)
            .map_err(|e| bad(None, format!("column {}: {}", e.column(), strip(&e))))?;
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(text) = rec.text else {
            return Err(bad(id, "record has no \"text\" field".to_string()));
        };
        let id = id.unwrap_or_else(|| format!("{}-{}", self.stem, self.line_no));
        Ok(Document {
            id,
            meta: self.overrides.clone().or(&rec.meta),
            text,
        })
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = Vec::new();
        while !self.done {
            buf.clear();
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(n) => {
                    self.line_no += 1;
                    let line_start = self.offset;
                    self.offset += n;
                    let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
                    let (raw, line_start) = match raw.strip_prefix(BOM) {
                        Some(rest) if line_start == 0 => (rest, BOM.len()),
                        _ => (raw, line_start),
                    };
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(self.record(raw, line_start));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::io(&self.path, e)));
                }
            }
        }
        None
    }
}

fn strip(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    msg.rfind(" at line ")
        .and_then(|i| msg.get(..i))
        .unwrap_or(&msg)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_reports_bad_lines_and_keeps_good_ones() {
        let data = b"{\"id\":\"a\",\"text\":\"One.\",\"publisher\":\"Reuters\"}\n\n{oops\n{\"title\":\"x\"}\n{\"text\":\"Two.\"}\n";
        let docs = read_bytes(Path::new("c.jsonl"), "c", data, &Metadata::default());
        assert_eq!(docs.len(), 4);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.meta.publisher.as_deref()),
            ("a", Some("Reuters"))
        );
        assert!(
            docs[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("c.jsonl:3: column 2")
        );
        assert_eq!(
            docs[2].as_ref().unwrap_err().to_string(),
            "c.jsonl:4: record has no \"text\" field"
        );
        assert_eq!(docs[3].as_ref().unwrap().id, "c-5");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let docs = read_bytes(Path::new("x.txt"), "x", b"abc\xffdef", &Metadata::default());
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "x.txt: invalid UTF-8 at byte offset 3"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let docs = read_bytes(
            Path::new("x.txt"),
            "x",
            b"\xef\xbb\xbfHi.\r\n",
            &Metadata::default(),
        );
        assert_eq!(docs[0].as_ref().unwrap().text, "Hi.\r\n");
        let docs = read_bytes(
            Path::new("x.txt"),
            "x",
            b"\xef\xbb\xbfa\xff",
            &Metadata::default(),
        );
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "x.txt: invalid UTF-8 at byte offset 4"
        );
        let docs = read_bytes(
            Path::new("c.jsonl"),
            "c",
            b"\xef\xbb\xbf{\"text\":\"T.\"}\n{\"text\":\"\xff\"}\n",
            &Metadata::default(),
        );
        assert_eq!(docs[0].as_ref().unwrap().text, "T.");
        assert_eq!(
            docs[1].as_ref().unwrap_err().to_string(),
            "c.jsonl:2: invalid UTF-8 at byte offset 26"
        );
    }

    #[test]
    fn overrides_win_over_record_metadata() {
        let o = Metadata {
            publisher: Some("AFP".into()),
            ..Metadata::default()
        };
        let docs = read_bytes(
            Path::new("-"),
            "stdin",
            b"{\"text\":\"t\",\"publisher\":\"AP\",\"url\":\"u\"}",
            &o,
        );
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.meta.publisher.as_deref(), Some("AFP"));
        assert_eq!(d.meta.url.as_deref(), Some("u"));
    }

    fn stdin_as(bytes: &[u8], format: InputFormat) -> Vec<Result<Document>> {
        let reader = std::io::Cursor::new(bytes.to_vec());
        stream_reader(
            Path::new("-"),
            "stdin",
            reader,
            format,
            &Metadata::default(),
        )
        .collect()
    }

    #[test]
    fn empty_or_blank_input_is_no_document() {
        for format in [InputFormat::Auto, InputFormat::Text, InputFormat::Jsonl] {
            assert!(stdin_as(b"", format).is_empty(), "{format:?}");
            assert!(stdin_as(b" \n\n\t\n", format).is_empty(), "{format:?}");
        }
        assert!(read_bytes(Path::new("-"), "stdin", b"\n", &Metadata::default()).is_empty());
    }

    #[test]
    fn a_stated_format_is_kept_whatever_the_first_line() {
        // JSON Lines: a first line that is not JSON is one bad record, the rest still read
        let docs = stdin_as(b"not json\n{\"text\":\"T.\"}\n", InputFormat::Jsonl);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "-:1: column 2: expected ident"
        );
        // a record without an id is named after stdin and its line
        assert_eq!(docs[1].as_ref().unwrap().id, "stdin-2");
        // the same bytes sniffed: one plain-text article
        let docs = stdin_as(b"not json\n{\"text\":\"T.\"}\n", InputFormat::Auto);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].as_ref().unwrap().id, "stdin");
        // text: a line starting with `{` does not make a corpus
        let docs = stdin_as(b"{braces} open the article.\n", InputFormat::Text);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].as_ref().unwrap().text,
            "{braces} open the article.\n"
        );
    }
}
