//! The store owns the SQLite file: where it lives, how it is opened, and its schema.
//!
//! Every other module reads and writes through a [`Store`] (or a transaction borrowed
//! from it); only this module knows about pragmas and migrations.
//!
//! **Invariant:** the schema changes only through the numbered files in `migrations/`;
//! a shipped file is never edited (a test pins their checksums).

mod clock;
mod dates;
mod health;
mod identity;
pub mod instance;
mod migrations;
mod private;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use thiserror::Error;

pub use clock::{Clock, STAMP};
pub(crate) use dates::{fmt_date, DATE};
pub use health::{quick_check, Health};
pub(crate) use identity::{
    laptop_id, laptop_name, laptop_names, new_uid, remember_laptop, renew_laptop_id, set_name,
    store_laptop_name,
};
pub use migrations::SCHEMA_VERSION;
pub use private::{refuse_symlink, write_file, write_private, Access};
/// rusqlite's error, re-exported so the shells need not depend on rusqlite.
pub use rusqlite::Error as SqliteError;

/// Environment variable that overrides the default database path.
pub const DB_ENV: &str = "ROLLCALL_DB";

/// Errors from opening or migrating the database file.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("无法打开数据库文件 {path}：{source}。请检查路径是否存在、是否有写入权限。")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("无法创建数据库所在的文件夹 {path}：{source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("文件 {path} 不是 Rollcall 数据库（或已损坏）。请选择正确的 .sqlite3 文件。")]
    NotADatabase { path: PathBuf },
    #[error(
        "此数据库由更新版本的 Rollcall 写入（数据结构版本 {found}，本程序只认识到版本 {known}）。\
         请升级 Rollcall 后再打开，数据未被改动。"
    )]
    TooNew { found: i64, known: i64 },
    #[error("升级数据库结构失败：{0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error("找不到用户数据文件夹，请指定数据库文件的位置。")]
    NoDataDir,
    #[error(
        "数据库正被另一个程序使用（已等待 {BUSY_WAIT_SECS} 秒仍未释放）。请关闭另一个 Rollcall 窗口\
         或正在使用该数据库的程序后重试；本次操作未做任何更改。"
    )]
    Busy,
    #[error(
        "磁盘空间不足，无法写入数据库。本次操作未做任何更改，数据库完好。请清理磁盘空间\
         （或把数据库移到空间充足的位置）后重试。"
    )]
    Full,
    #[error(
        "数据库文件是只读的，无法写入。本次操作未做任何更改。请检查文件权限，或文件是否在\
         只读的U盘、光盘上；可把文件复制到可写的文件夹后再打开。"
    )]
    ReadOnly,
    #[error("数据库错误：{0}")]
    Sqlite(#[source] rusqlite::Error),
}

/// How long a writer waits for another program's write to finish before giving up
/// (every write transaction starts IMMEDIATE, so the wait applies to all of them).
pub const BUSY_WAIT_SECS: u64 = 5;

impl From<rusqlite::Error> for StoreError {
    /// Faults of the file itself (in use, disk full, read-only) get their own variant, so
    /// the user reads what to do instead of an SQLite code.
    fn from(e: rusqlite::Error) -> StoreError {
        fault_of_sqlite(&e).unwrap_or(StoreError::Sqlite(e))
    }
}

/// The file fault behind an SQLite error, if it is one.
fn fault_of_sqlite(e: &rusqlite::Error) -> Option<StoreError> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code()? {
        C::DatabaseBusy | C::DatabaseLocked => Some(StoreError::Busy),
        C::DiskFull => Some(StoreError::Full),
        C::ReadOnly => Some(StoreError::ReadOnly),
        _ => None,
    }
}

/// Finds a file fault (in use, disk full, read-only) anywhere in an error's chain of
/// causes: every module wraps SQLite errors in its own enum, and the shells call this to
/// show [`StoreError::Busy`] / [`StoreError::Full`] / [`StoreError::ReadOnly`]'s message
/// (a user error) instead of the module's generic "数据库错误".
pub fn file_fault(err: &(dyn std::error::Error + 'static)) -> Option<StoreError> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(s) = e.downcast_ref::<StoreError>() {
            match s {
                StoreError::Busy => return Some(StoreError::Busy),
                StoreError::Full => return Some(StoreError::Full),
                StoreError::ReadOnly => return Some(StoreError::ReadOnly),
                _ => {}
            }
        }
        if let Some(found) = e
            .downcast_ref::<rusqlite::Error>()
            .and_then(fault_of_sqlite)
        {
            return Some(found);
        }
        cur = e.source();
    }
    None
}

/// An open Rollcall database, migrated to the current schema.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Which opening this is, in this process (see [`Store::version`]).
    opening: u64,
}

/// Numbers each [`Store`] opened in this process.
static OPENINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What a store shows at one moment: two equal versions of one process's store show the
/// same data. A write on this connection (committed or not), a commit by any other
/// connection to the file, or reopening the file (a restore) makes a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreVersion {
    opening: u64,
    changes: u64,
    data_version: i64,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        create_private(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, Some(path.to_path_buf()))
    }

    /// A fresh database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, None)
    }

    /// A store with no tables at all, standing in for a file still being opened (the
    /// desktop holds one for the moment before its start-up thread has the file, and
    /// no command can reach it then). Nothing is migrated, so it costs nothing at start;
    /// every query on it fails.
    pub fn stand_in() -> Result<Store, StoreError> {
        Ok(Store {
            conn: Connection::open_in_memory()?,
            path: None,
            opening: OPENINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        let not_db = |e: rusqlite::Error, path: &Option<PathBuf>| match (&e, path) {
            (rusqlite::Error::SqliteFailure(f, _), Some(p))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                StoreError::NotADatabase { path: p.clone() }
            }
            _ => StoreError::from(e),
        };
        conn.busy_timeout(std::time::Duration::from_secs(BUSY_WAIT_SECS))?;
        // Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so a
        // writer that finds another program writing waits the busy timeout. A deferred
        // one reads first and, when it then needs to write while the other holds the
        // lock, gets SQLITE_BUSY at once (SQLite never waits there: it could deadlock).
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .map_err(|e| not_db(e, &path))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Migrations run with foreign keys off, as SQLite asks for a table rebuilt to
        // change a constraint (0010): a DROP must not cascade. Each migration checks every
        // foreign key before it commits (`foreign_key_check`), then they are on for good.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations::migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let opening = OPENINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Store {
            conn,
            path,
            opening,
        })
    }

    /// The connection, for reads and single-statement writes.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for functions that open their own transaction.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Rolls back a transaction a failed step left open (a panic unwound through it):
    /// its changes are dropped and the next step can begin its own. True when there
    /// was one.
    pub fn roll_back_open_transaction(&mut self) -> Result<bool, rusqlite::Error> {
        if self.conn.is_autocommit() {
            return Ok(false);
        }
        self.conn.execute_batch("ROLLBACK")?;
        Ok(true)
    }

    /// Starts a transaction: every write that touches many rows goes through one. Like
    /// every `transaction()` on this connection it is IMMEDIATE: it waits up to
    /// [`BUSY_WAIT_SECS`] for another program's write to finish.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, rusqlite::Error> {
        self.conn.transaction()
    }

    /// Where the file is (`None` for an in-memory store).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The data's version now, to tell whether something worked out earlier still holds.
    pub fn version(&self) -> Result<StoreVersion, rusqlite::Error> {
        Ok(StoreVersion {
            opening: self.opening,
            changes: self.conn.total_changes(),
            data_version: self
                .conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))?,
        })
    }
}

/// Creates the file readable by its owner only (0600) before SQLite opens it, so the
/// roster's ID numbers are never world-readable, even for a moment.
fn create_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if !path.exists() {
            // Failure here surfaces as a clearer error from SQLite's own open below.
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path);
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The database path to use: the explicit one, else `ROLLCALL_DB`, else the per-user
/// data folder (`…/rollcall/rollcall.sqlite3`).
pub fn resolve_db_path(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    default_db_path().ok_or(StoreError::NoDataDir)
}

/// `…/rollcall/rollcall.sqlite3` in the OS's per-user data folder.
pub fn default_db_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("rollcall").join("rollcall.sqlite3"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_changes_with_every_write_and_reopening_and_not_with_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.sqlite3");
        let store = Store::open(&path).unwrap();
        let count = |s: &Store| -> i64 {
            s.conn()
                .query_row("SELECT count(*) FROM setting", [], |r| r.get(0))
                .unwrap()
        };
        let put = |s: &Store, key: &str| {
            s.conn()
                .execute(
                    "INSERT INTO setting (key, value, updated_at) VALUES (?1, '1', '')",
                    [key],
                )
                .unwrap()
        };
        let v0 = store.version().unwrap();
        count(&store);
        assert_eq!(store.version().unwrap(), v0, "a read changed the version");
        put(&store, "a");
        let v1 = store.version().unwrap();
        assert_ne!(v1, v0, "a write on this connection");
        // Another program (the CLI) writing to the same file.
        let other = Store::open(&path).unwrap();
        put(&other, "b");
        let v2 = store.version().unwrap();
        assert_ne!(v2, v1, "a commit by another connection");
        assert_eq!(count(&store), 2);
        drop(store);
        // The file reopened (as after a restore), nothing written since.
        let reopened = Store::open(&path).unwrap();
        assert_ne!(reopened.version().unwrap(), v2);
    }

    #[test]
    fn opens_and_migrates_a_new_file_with_private_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("r.sqlite3");
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perm = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(perm & 0o777, 0o600);
        }
    }

    #[test]
    fn refuses_a_database_from_a_newer_version_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.sqlite3");
        drop(Store::open(&path).unwrap());
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
                .unwrap();
        }
        match Store::open(&path) {
            Err(StoreError::TooNew { found, known }) => {
                assert_eq!(found, SCHEMA_VERSION + 5);
                assert_eq!(known, SCHEMA_VERSION);
            }
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("opened a newer database"),
        }
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION + 5);
    }

    #[test]
    fn refuses_a_file_that_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        std::fs::write(&path, b"this is a text file, not sqlite, padded to be long enough to have a header page............................................").unwrap();
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NotADatabase { .. })
        ));
    }
}
