//! Writing output: to stdout, or to the file `-o` names, safely.
//!
//! * A **regular file** (or a path where nothing exists yet) is written to a
//!   temporary file beside it, synced, and renamed over it: the path holds
//!   its old content or the whole new output, never a part, whatever fails.
//!   A new file gets the permissions the umask gives any new file; a file
//!   that existed keeps its mode. A symbolic link is followed: the file it
//!   points to is replaced, the link stays a link.
//! * **Anything else** (`/dev/stdout`, a named pipe, a terminal, `>(cmd)`)
//!   is written through, as a shell redirection would: renaming over it
//!   would replace the device or the pipe with a regular file.
//! * Before any work starts, [`guard`] refuses an output path that is one
//!   of the command's own inputs, or an existing scenario file, unless the
//!   user says `--force`: `negsim run -o scenarios/baseline.toml` is an easy
//!   slip for `negsim run scenarios/baseline.toml`, and would destroy the
//!   file every shipped variant extends.
//!
//! Errors say what is wrong in the user's terms (the directory does not
//! exist, permission denied, the disk is full), never the temporary name.

use crate::model::InputError;
use std::fmt;
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Output could not be written.
#[derive(Debug)]
pub struct WriteError {
    /// Where we tried to write (`<stdout>` for standard output).
    pub path: String,
    /// Why, in words.
    pub why: String,
}

impl std::error::Error for WriteError {}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: cannot write {}: {}", self.path, self.why)
    }
}

/// Writes `text` to stdout, or to `path`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<(), WriteError> {
    match path {
        None => to_stdout(text),
        Some(path) => to_path(text, path),
    }
}

fn to_stdout(text: &str) -> Result<(), WriteError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`negsim run | head`) is the reader's choice.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(WriteError { path: "<stdout>".into(), why: describe(&e, None) }),
        Ok(()) => Ok(()),
    }
}

fn to_path(text: &str, path: &Path) -> Result<(), WriteError> {
    let name = path.display().to_string();
    let fail = |e: &std::io::Error, dir: Option<&Path>| WriteError { path: name.clone(), why: describe(e, dir) };
    // The kernel follows the links, magic ones included: /dev/stdout is a
    // link to /proc/self/fd/1, whose "target" (`pipe:[1234]`) is no path.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            Err(WriteError { path: name, why: "it is a directory; name a file to write".into() })
        }
        Ok(meta) if !meta.file_type().is_file() => write_through(text, path, &meta).map_err(|e| fail(&e, None)),
        Ok(meta) => {
            // A regular file, through any links: replace the file itself,
            // so that the links stay links.
            let target = path.canonicalize().unwrap_or_else(|_| resolve_links(path));
            replace(text, &target, Some(meta.permissions().mode())).map_err(|(e, dir)| fail(&e, dir.as_deref()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Nothing there, or a dangling link: it names where the new
            // file goes.
            let target = resolve_links(path);
            replace(text, &target, None).map_err(|(e, dir)| fail(&e, dir.as_deref()))
        }
        Err(e) => Err(fail(&e, path.parent())),
    }
}

/// The path a chain of symbolic links ends at (at most 40 links, as the
/// kernel allows); the path itself when it is not a link.
fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(next) => {
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Err(_) => break,
        }
    }
    current
}

/// Writes into a device, pipe or terminal as it is.
fn write_through(text: &str, path: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
    let kind = meta.file_type();
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    match file.write_all(text.as_bytes()).and_then(|()| file.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && kind.is_fifo() => Ok(()),
        other => other,
    }
}

/// The temporary file beside `path`, renamed over it. `mode` is the mode of
/// the file being replaced, if any.
fn replace(text: &str, path: &Path, mode: Option<u32>) -> Result<(), (std::io::Error, Option<PathBuf>)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let in_dir = |e: std::io::Error| (e, Some(dir.clone()));
    // 0o666 before the umask, as any program creating a file asks for.
    let mut tmp = tempfile::Builder::new()
        .prefix(".negsim-")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(&dir)
        .map_err(in_dir)?;
    tmp.write_all(text.as_bytes()).map_err(in_dir)?;
    if let Some(mode) = mode {
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode & 0o7777)).map_err(in_dir)?;
    }
    tmp.as_file().sync_all().map_err(in_dir)?;
    tmp.persist(path).map_err(|e| (e.error, Some(dir.clone())))?;
    Ok(())
}

/// An I/O error in the user's terms, with the directory when it is the
/// directory that is wrong.
fn describe(e: &std::io::Error, dir: Option<&Path>) -> String {
    use std::io::ErrorKind as K;
    let dir_name = dir.map(|d| d.display().to_string()).unwrap_or_else(|| ".".into());
    let dir_missing = dir.is_some_and(|d| !d.exists());
    match e.kind() {
        K::NotFound if dir_missing => format!("the directory {dir_name} does not exist; create it first"),
        K::NotFound => "no such file or directory".into(),
        K::PermissionDenied if dir.is_some() => {
            format!("permission denied: you cannot create files in {dir_name}")
        }
        K::PermissionDenied => "permission denied".into(),
        K::NotADirectory => format!("{dir_name} is not a directory"),
        K::ReadOnlyFilesystem => format!("{dir_name} is on a read-only file system"),
        K::StorageFull => "the disk is full".into(),
        K::IsADirectory => "it is a directory; name a file to write".into(),
        _ => {
            // Rust's messages end in "(os error N)"; keep the words.
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Refuses, before any work, an output path that is one of the command's
/// inputs, or an existing scenario file, unless `force`.
pub fn guard(output: &Path, inputs: &[PathBuf], force: bool) -> Result<(), InputError> {
    if force {
        return Ok(());
    }
    refuse_inputs(
        output,
        inputs,
        "write the output to another file (or add --force if you really mean to replace it)",
    )?;
    refuse_scenario(output, false)
}

/// Refuses an output path that is one of `inputs`, whatever the flags.
pub fn refuse_inputs(output: &Path, inputs: &[PathBuf], help: &str) -> Result<(), InputError> {
    let Ok(out) = resolve_links(output).canonicalize() else {
        // Nothing there yet: nothing to destroy.
        return Ok(());
    };
    if inputs.iter().filter_map(|p| p.canonicalize().ok()).any(|p| p == out) {
        return Err(InputError::plain(
            format!("-o {} would overwrite a file this command reads", output.display()),
            help,
        ));
    }
    Ok(())
}

/// Refuses an output path that holds a scenario file, unless `force`.
pub fn refuse_scenario(output: &Path, force: bool) -> Result<(), InputError> {
    if force {
        return Ok(());
    }
    let Ok(out) = resolve_links(output).canonicalize() else {
        return Ok(());
    };
    let shown = output.display();
    if looks_like_scenario(&out) {
        return Err(InputError::plain(
            format!("-o {shown} would overwrite a scenario file"),
            "did you mean to run it (`negsim run FILE`)? Otherwise write to another file, or add --force to replace it",
        ));
    }
    Ok(())
}

/// A regular file of TOML that names itself or extends another: what every
/// scenario file is.
fn looks_like_scenario(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if !meta.is_file() || meta.len() > crate::model::load::MAX_FILE_BYTES {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let Ok(table) = text.parse::<toml::Table>() else { return false };
    table.contains_key("extends")
        || (table.contains_key("name") && table.keys().any(|k| SECTIONS.contains(&k.as_str())))
}

/// Tables only a scenario file has.
const SECTIONS: [&str; 7] = ["simulation", "start", "drivers", "war", "meetings", "tactics", "rules"];

/// Prints a message on stderr. A failed write there (`2>/dev/full`, a
/// closed terminal) is ignored: there is nowhere left to report it.
pub fn say(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_follow_the_umask_and_old_files_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.txt");
        emit("a\n", Some(&new)).unwrap();
        let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode, 0o600, "a new file is not private by accident");
        assert_eq!(mode & 0o200, 0o200, "the owner can write it");
        let old = dir.path().join("old.txt");
        std::fs::write(&old, "x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        emit("b\n", Some(&old)).unwrap();
        assert_eq!(std::fs::metadata(&old).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "b\n");
    }

    #[test]
    fn a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("real.txt");
        std::fs::write(&file, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        emit("new", Some(&link)).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

    #[test]
    fn a_link_to_a_pipe_is_written_through() {
        // /dev/stdout when stdout is a pipe: a link to /proc/self/fd/1,
        // whose target reads `pipe:[...]`.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&writer);
        let magic = PathBuf::from(format!("/proc/self/fd/{fd}"));
        let link = dir.path().join("out");
        std::os::unix::fs::symlink(&magic, &link).unwrap();
        emit("through\n", Some(&link)).unwrap();
        drop(writer);
        assert_eq!(reader.join().unwrap(), "through\n");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }

    #[test]
    fn a_missing_directory_is_named() {
        let err = emit("x", Some(Path::new("/nonexistent-negsim-dir/r.html"))).unwrap_err();
        assert_eq!(err.why, "the directory /nonexistent-negsim-dir does not exist; create it first");
        assert!(!err.to_string().contains(".negsim-"), "{err}");
    }

    #[test]
    fn scenarios_and_inputs_are_guarded() {
        let dir = tempfile::tempdir().unwrap();
        let scenario = dir.path().join("s.toml");
        std::fs::write(&scenario, "extends = \"builtin:baseline\"\nname = \"s\"\n").unwrap();
        assert!(guard(&scenario, &[], false).is_err());
        assert!(guard(&scenario, &[], true).is_ok());
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "hello").unwrap();
        assert!(guard(&notes, &[], false).is_ok());
        assert!(guard(&notes, std::slice::from_ref(&notes), false).is_err());
        assert!(guard(&dir.path().join("new.json"), &[], false).is_ok());
    }
}
