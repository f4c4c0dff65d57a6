//! One desktop window per database file. Two windows on one file would each show data
//! the other changes under it (and both would take automatic backups), so the second one
//! is told the file is already open instead. The CLI does not take this lock: it may run
//! beside the app, and SQLite's own locking (with the busy timeout) keeps writes apart.
//!
//! The lock is an OS file lock on `<db>.lock`: it is released when the process ends,
//! however it ends, so a crash never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why the window could not take the database.
#[derive(Debug, Error)]
pub enum InstanceError {
    #[error(
        "数据库 {0} 已经在另一个 Rollcall 窗口中打开。请切换到那个窗口继续工作\
         （同一个数据库同时只能在一个窗口中打开）。"
    )]
    AlreadyOpen(PathBuf),
    #[error("无法创建锁文件 {path}：{source}。请检查数据库所在文件夹是否可写。")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Held for as long as the window has the database; dropping it releases the file.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the lock for `db`, or says it is already open in another window.
    pub fn acquire(db: &Path) -> Result<InstanceLock, InstanceError> {
        let path = lock_path(db);
        let io = |source| InstanceError::Io {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(InstanceError::AlreadyOpen(db.to_path_buf())),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_window_on_the_same_file_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rollcall.sqlite3");
        let first = InstanceLock::acquire(&db).unwrap();
        assert!(first.path().ends_with("rollcall.sqlite3.lock"));
        let err = InstanceLock::acquire(&db).unwrap_err();
        assert!(matches!(err, InstanceError::AlreadyOpen(_)));
        assert!(err.to_string().contains("另一个 Rollcall 窗口"));
        // Another database is not affected.
        let other = InstanceLock::acquire(&dir.path().join("other.sqlite3")).unwrap();
        drop(first);
        InstanceLock::acquire(&db).unwrap();
        drop(other);
    }
}
