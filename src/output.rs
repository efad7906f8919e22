//! Writing output files atomically (temporary file + rename), for the CLI and library users.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Mode of a newly created output file: what `File::create` gives (0666 less the umask), not
/// the private 0600 temporary files are created with.
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Writes a file atomically: `f` writes into a temporary file in the same directory, which is
/// renamed over `path` only once complete and synced, so a crash never leaves half a file. The
/// new file keeps the mode of the one it replaces. A device or pipe (`/dev/null`, a FIFO) is
/// written in place.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match std::fs::metadata(path) {
        // a device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written in place:
        // renaming a file over it would replace the device itself
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let out = std::fs::OpenOptions::new().write(true).open(path);
            let mut w = std::io::BufWriter::new(out.map_err(|e| Error::io(path, e))?);
            f(&mut w)?;
            return w.flush().map_err(|e| Error::io(path, e));
        }
        _ => {}
    }
    let tmp = temp_beside(path)?;
    let mut w = std::io::BufWriter::new(tmp);
    f(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// A temporary file in `path`'s directory, to be renamed over it, with the mode of the file it
/// replaces (or that of a new file).
pub(crate) fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        _ => default_permissions(),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".whosaid-");
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))
}

/// What writes one file of a set ([`write_atomic_set`]).
pub type WriteFile<'a> = Box<dyn FnOnce(&mut dyn Write) -> Result<()> + 'a>;

/// Writes several files as a set: each is written to a temporary file beside its target and
/// synced, and only once every one is complete are they renamed into place. A failure while
/// writing (a full disk, an error in the data) leaves every old file as it was, never new
/// files beside old ones.
pub fn write_atomic_set<'a>(
    files: impl IntoIterator<Item = (PathBuf, WriteFile<'a>)>,
) -> Result<()> {
    let mut done = Vec::new();
    for (path, f) in files {
        let tmp = temp_beside(&path)?;
        let mut w = std::io::BufWriter::new(tmp);
        f(&mut w)?;
        let tmp = w
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
        done.push((path, tmp));
    }
    for (path, tmp) in done {
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_that_fails_half_way_leaves_every_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = |n: &str| dir.path().join(n);
        for n in ["a.csv", "b.csv", "c.csv"] {
            std::fs::write(path(n), "old").unwrap();
        }
        let ok = |p: PathBuf| -> WriteFile<'static> {
            Box::new(move |w| w.write_all(b"new").map_err(|e| Error::io(&p, e)))
        };
        let fail: WriteFile<'static> = Box::new(|w| {
            w.write_all(b"half").map_err(|e| Error::io("b.csv", e))?;
            Err(Error::Write {
                what: "b.csv".into(),
                source: std::io::Error::other("disk full"),
            })
        });
        let r = write_atomic_set([
            (path("a.csv"), ok(path("a.csv"))),
            (path("b.csv"), fail),
            (path("c.csv"), ok(path("c.csv"))),
        ]);
        assert!(r.is_err());
        for n in ["a.csv", "b.csv", "c.csv"] {
            assert_eq!(std::fs::read_to_string(path(n)).unwrap(), "old");
        }
        // no temporary file is left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
        write_atomic_set([
            (path("a.csv"), ok(path("a.csv"))),
            (path("c.csv"), ok(path("c.csv"))),
        ])
        .unwrap();
        assert_eq!(std::fs::read_to_string(path("a.csv")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(path("b.csv")).unwrap(), "old");
    }
}
