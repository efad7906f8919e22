//! Writing JSON exports as the graph is read: [`Items`] is a JSON array whose items a
//! [`crate::graph::GraphSource`] hands out one at a time and serde serialises as they come, so
//! a JSON export never holds more than one node's worth of values; [`write_json`] writes a
//! document holding such arrays and reports a failure of the source as itself rather than as a
//! serialisation error.

use std::cell::RefCell;
use std::io::Write;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};

/// Hands each item to the callback, stopping at the first error.
pub(super) type Each<'a, T> = dyn Fn(&mut dyn FnMut(&T) -> Result<()>) -> Result<()> + 'a;

/// A JSON array of the items `each` hands out, serialised one at a time.
pub(super) struct Items<'a, T: ?Sized> {
    each: &'a Each<'a, T>,
    failed: &'a RefCell<Option<Error>>,
}

impl<'a, T: ?Sized> Items<'a, T> {
    /// The array of what `each` hands out; a failure of `each` is kept in `failed`.
    pub(super) fn new(each: &'a Each<'a, T>, failed: &'a RefCell<Option<Error>>) -> Self {
        Items { each, failed }
    }
}

impl<T: Serialize + ?Sized> Serialize for Items<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut broke: Option<S::Error> = None;
        let read = (self.each)(&mut |item| {
            seq.serialize_element(item).map_err(|e| {
                broke = Some(e);
                // only stops the source: the serialiser's own error is returned below
                Error::Write {
                    what: "JSON".into(),
                    source: std::io::Error::other("stopped"),
                }
            })
        });
        if let Some(e) = broke {
            return Err(e);
        }
        if let Err(e) = read {
            let message = e.to_string();
            *self.failed.borrow_mut() = Some(e);
            return Err(S::Error::custom(message));
        }
        seq.end()
    }
}

/// Writes `doc` as JSON (indented when `pretty`) and a newline; a failure of a source behind
/// an [`Items`] of `doc` (kept in `failed`) is returned as it was, any other as an error
/// writing `what`.
pub(super) fn write_json(
    doc: &impl Serialize,
    pretty: bool,
    failed: &RefCell<Option<Error>>,
    what: &str,
    w: impl Write,
) -> Result<()> {
    let mut w = std::io::BufWriter::new(w);
    let wrote = if pretty {
        serde_json::to_writer_pretty(&mut w, doc)
    } else {
        serde_json::to_writer(&mut w, doc)
    };
    let fail = |source: std::io::Error| Error::Write {
        what: what.to_string(),
        source,
    };
    if let Err(e) = wrote {
        return Err(failed.borrow_mut().take().unwrap_or_else(|| fail(e.into())));
    }
    w.write_all(b"\n").map_err(fail)?;
    w.flush().map_err(fail)
}

/// A buffered writer whose errors name what is being written.
pub(super) struct Out<W: Write> {
    w: std::io::BufWriter<W>,
    what: &'static str,
}

impl<W: Write> Out<W> {
    /// Writes `what` to `w`.
    pub(super) fn new(w: W, what: &'static str) -> Self {
        Out {
            w: std::io::BufWriter::new(w),
            what,
        }
    }

    fn fail(&self, source: std::io::Error) -> Error {
        Error::Write {
            what: self.what.to_string(),
            source,
        }
    }

    /// Writes `s`.
    pub(super) fn put(&mut self, s: &str) -> Result<()> {
        self.w.write_all(s.as_bytes()).map_err(|e| self.fail(e))
    }

    /// Writes what is buffered.
    pub(super) fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(|e| self.fail(e))
    }
}
