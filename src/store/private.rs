//! Every file the app writes for the user (exports, PDFs, sync files) goes through
//! [`write_file`]: written whole to a temporary file in the target folder and renamed
//! into place, so a half-written file never has the name the user chose; a symbolic link
//! at the target or at the temporary name is refused, never followed (it could point at
//! the database or at a file of another program); files with personal data are created
//! readable by their owner only (0600), from the first byte: a file made world-readable
//! and then tightened would be readable in between.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Who may read a file the app writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The owner only (0600 on Unix): files with ID numbers or phone numbers, sync files,
    /// copies of the database.
    Private,
    /// As the user's other files (0666 less the umask): schedules, notices, lists
    /// without ID numbers.
    Shared,
}

/// The temporary name next to `target`: `.<name>.rollcall-part`.
pub fn temp_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.rollcall-part"))
}

/// A refusal to write through a symbolic link, in words the user can act on.
fn symlink_refused(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "「{}」是一个符号链接（快捷方式），为安全起见不会写入它指向的文件。\
             请删除这个链接，或换一个文件名保存。",
            path.display()
        ),
    )
}

/// Refuses `path` when it is a symbolic link (a missing path is fine).
pub fn refuse_symlink(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(symlink_refused(path)),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path`: to a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. Refuses (nothing written) when `path` or the temporary name
/// is a symbolic link; a stale temporary file of an interrupted write is replaced.
/// [`Access::Private`] files are created 0600; an existing file at `path` is replaced,
/// so it does not keep a wider mode.
pub fn write_file(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    refuse_symlink(path)?;
    let tmp = temp_name(path);
    refuse_symlink(&tmp)?;
    if tmp.exists() {
        std::fs::remove_file(&tmp)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    // create_new: O_EXCL, which never follows a link made in the meantime either.
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if access == Access::Private {
            opts.mode(0o600);
        }
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut file = opts.open(&tmp).map_err(|e| match refuse_symlink(&tmp) {
        Err(link) => link,
        Ok(()) => e,
    })?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Writes `bytes` to `path` readable by its owner only ([`write_file`] with
/// [`Access::Private`]).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, Access::Private)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_whole_files_and_private_ones_0600_even_over_a_wider_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单.csv");
        std::fs::write(&path, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        write_file(&path, b"new", Access::Private).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(!temp_name(&path).exists());
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        // A stale temporary file of an interrupted write is replaced.
        std::fs::write(temp_name(&path), b"stale").unwrap();
        write_file(&path, b"newer", Access::Shared).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"newer");
        assert!(!temp_name(&path).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_or_the_temporary_name_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("rollcall.sqlite3");
        std::fs::write(&victim, b"precious").unwrap();
        let path = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let err = write_file(&path, b"x", Access::Private).unwrap_err();
        assert!(err.to_string().contains("符号链接"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");

        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&victim, temp_name(&path)).unwrap();
        let err = write_file(&path, b"x", Access::Private).unwrap_err();
        assert!(err.to_string().contains("符号链接"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert!(!path.exists());
    }
}
