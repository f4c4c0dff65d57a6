//! Full copies of the database (备份与恢复): `backup` writes a consistent copy with
//! SQLite's online backup API while the database stays in use; `restore` replaces the
//! database with such a copy after checking it is a Rollcall database this build knows,
//! and keeps the replaced file as `<name>.before-restore-<stamp>`.
//!
//! Automatic copies before destructive steps and once a day live in [`auto`].
//!
//! **Invariants:** the replaced database is never deleted; a restored copy gets a new
//! laptop id (it is a new laptop for sync); files are readable by their owner only.

mod auto;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;
use thiserror::Error;

use crate::settings::SettingsError;
use crate::store::Clock;
use crate::store::{Store, StoreError, SCHEMA_VERSION};

pub use auto::{
    auto_backup, auto_backup_conn, auto_backup_file, before_step, daily_backup_if_due, folder,
    latest_auto, list_auto, prune, AutoBackup, AutoReport, Reason,
};

/// Errors of backup and restore; each message says what to do.
#[derive(Debug, Error)]
pub enum BackupError {
    #[error("找不到备份文件 {0}。请检查路径。")]
    Missing(PathBuf),
    #[error(
        "{0} 不是 Rollcall 数据库（或已损坏），未做任何更改。请选择 Rollcall「备份」生成的文件。"
    )]
    NotRollcall(PathBuf),
    #[error(
        "{path} 由更新版本的 Rollcall 写入（数据结构版本 {found}，本程序只认识到 {known}），\
         未做任何更改。请先升级 Rollcall。"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("备份文件不能就是当前数据库 {0} 本身。请换一个保存位置。")]
    SameFile(PathBuf),
    #[error(
        "{0} 是一个符号链接（快捷方式），恢复不会替换链接指向的文件，未做任何更改。\
         请用数据库文件的真实位置（--db）再恢复。"
    )]
    Symlink(PathBuf),
    #[error("文件操作失败（{path}）：{source}。请检查文件夹是否存在、是否有写入权限。")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl BackupError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            BackupError::Sqlite(_) => false,
            BackupError::Store(e) => !matches!(e, StoreError::Sqlite(_) | StoreError::Migrate(_)),
            BackupError::Settings(e) => e.is_user_error(),
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, BackupError>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a backup wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub schema_version: i64,
}

/// Writes a consistent copy of `store` to `out` (replacing `out` only once complete).
pub fn backup(store: &Store, out: &Path) -> Result<BackupReport> {
    if let Some(db) = store.path() {
        if same_file(db, out) {
            return Err(BackupError::SameFile(out.to_path_buf()));
        }
    }
    copy(store.conn(), out)
}

/// Copies the database behind `conn` to `out` with the online backup API (other
/// connections may keep reading and writing meanwhile).
fn copy(conn: &Connection, out: &Path) -> Result<BackupReport> {
    // The copy is renamed over `out`: a symbolic link there is refused, never replaced.
    crate::store::refuse_symlink(out).map_err(io(out))?;
    let tmp = sibling(out, ".part");
    remove_db_files(&tmp)?;
    create_private(&tmp)?;
    conn.backup(MAIN_DB, &tmp, None)?;
    // The copy should not depend on a -wal file next to it: make it a single file.
    Connection::open(&tmp)?.pragma_update(None, "journal_mode", "DELETE")?;
    std::fs::rename(&tmp, out).map_err(io(out))?;
    Ok(BackupReport {
        path: out.to_path_buf(),
        bytes: std::fs::metadata(out).map_err(io(out))?.len(),
        schema_version: SCHEMA_VERSION,
    })
}

/// What a backup file holds, checked without changing it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    pub schema_version: i64,
    pub campaigns: Vec<String>,
}

/// Checks that `from` is a Rollcall database of a schema version this build knows.
pub fn inspect(from: &Path) -> Result<BackupInfo> {
    if !from.is_file() {
        return Err(BackupError::Missing(from.to_path_buf()));
    }
    let not_rollcall = |_| BackupError::NotRollcall(from.to_path_buf());
    let conn = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(not_rollcall)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_rollcall)?;
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(not_rollcall)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'
             AND name IN ('campaign', 'campus', 'student')",
            [],
            |r| r.get(0),
        )
        .map_err(not_rollcall)?;
    if ok != "ok" || tables != 3 || version < 1 {
        return Err(BackupError::NotRollcall(from.to_path_buf()));
    }
    if version > SCHEMA_VERSION {
        return Err(BackupError::TooNew {
            path: from.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    let mut stmt = conn.prepare("SELECT name FROM campaign ORDER BY id")?;
    let campaigns = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(BackupInfo {
        schema_version: version,
        campaigns,
    })
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RestoreReport {
    pub path: PathBuf,
    pub from: PathBuf,
    /// Where the replaced database now is (`None` when there was none).
    pub kept_old: Option<PathBuf>,
    pub info: BackupInfo,
    /// The restored copy's new laptop id.
    pub laptop_id: String,
    /// The automatic backup of the replaced database, when one could be taken.
    pub auto_backup: Option<PathBuf>,
    /// Why that backup could not be taken (a damaged file is the usual reason to
    /// restore); the replaced file is kept in any case, as `kept_old`.
    pub auto_backup_failed: Option<String>,
}

/// Replaces the database at `path` with the backup `from`; the old file is renamed to
/// `<name>.before-restore-<stamp>` (the clock's `YYYYMMDD-HHMMSS`). Nothing changes when
/// `from` is not a usable backup. No connection to `path` may be open.
///
/// Like every destructive step it first takes an automatic backup of the database it
/// replaces; since the replaced file is kept beside it anyway, a copy that fails (a
/// damaged database cannot always be copied) is reported, not fatal.
pub fn restore(path: &Path, from: &Path, clock: &Clock) -> Result<RestoreReport> {
    if same_file(path, from) {
        return Err(BackupError::SameFile(from.to_path_buf()));
    }
    // The file and its companions are renamed and replaced: through a link that would
    // move the link and write where it points.
    for name in COMPANIONS.iter().map(|suffix| sibling(path, suffix)) {
        if crate::store::refuse_symlink(&name).is_err() {
            return Err(BackupError::Symlink(name));
        }
    }
    let info = inspect(from)?;
    let stamp = &clock.file_stamp();
    let at = clock.now();
    let (auto_backup, auto_backup_failed) =
        match auto::auto_backup_file(path, auto::Reason::Restore, at) {
            Ok(taken) => (taken.map(|t| t.backup.path), None),
            Err(e) => (None, Some(e.to_string())),
        };
    let tmp = sibling(path, ".restore-part");
    remove_db_files(&tmp)?;
    create_private(&tmp)?;
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    src.backup(MAIN_DB, &tmp, None)?;
    drop(src);
    let laptop_id = {
        // Brings an older backup up to this build's schema; a copy is a new laptop.
        let store = Store::open(&tmp)?;
        crate::store::renew_laptop_id(store.conn())?
    };
    let kept_old = if path.exists() {
        let kept = free_name(path, stamp);
        checkpoint(path)?;
        move_db_files(path, &kept)?;
        Some(kept)
    } else {
        None
    };
    move_db_files(&tmp, path)?;
    Ok(RestoreReport {
        path: path.to_path_buf(),
        from: from.to_path_buf(),
        kept_old,
        info,
        laptop_id,
        auto_backup,
        auto_backup_failed,
    })
}

/// `<path><suffix>` in the same folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `<name>.before-restore-<stamp>`, with a counter if that exists already.
fn free_name(path: &Path, stamp: &str) -> PathBuf {
    let base = sibling(path, &format!(".before-restore-{stamp}"));
    let mut candidate = base.clone();
    let mut n = 2;
    while candidate.exists() {
        candidate = sibling(&base, &format!("-{n}"));
        n += 1;
    }
    candidate
}

/// Folds the -wal file into the database so the file alone is complete.
fn checkpoint(path: &Path) -> Result<()> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

const COMPANIONS: [&str; 3] = ["", "-wal", "-shm"];

fn move_db_files(from: &Path, to: &Path) -> Result<()> {
    for suffix in COMPANIONS {
        let (a, b) = (sibling(from, suffix), sibling(to, suffix));
        if a.exists() {
            std::fs::rename(&a, &b).map_err(io(&b))?;
        }
    }
    Ok(())
}

fn remove_db_files(path: &Path) -> Result<()> {
    for suffix in COMPANIONS {
        let p = sibling(path, suffix);
        if p.exists() {
            std::fs::remove_file(&p).map_err(io(&p))?;
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Creates an empty file readable by its owner only: a backup holds ID numbers.
fn create_private(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop).map_err(io(path))
}
