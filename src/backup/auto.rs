//! Automatic backups (自动备份): a full copy in `<db folder>/backups/` before every
//! destructive step and once a day, named `<db name>-<YYYYMMDD-HHMMSS>-<reason>.sqlite3`
//! (`rollcall-…` for the default `rollcall.sqlite3`); only the newest N (setting
//! `backup.keep`, default 10) are kept.
//!
//! **Invariants:** pruning deletes only files whose name matches that pattern for this
//! database (a copy the user put in the folder, or the backups of another database in the
//! same folder, are never touched or offered); the folder is 0700 and each file 0600 (they
//! hold ID numbers); an in-memory store is skipped quietly.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{copy, io, Result};
use crate::settings;
use crate::store::Clock;
use crate::store::Store;

/// The folder next to the database that holds the automatic backups.
pub const FOLDER: &str = "backups";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// Why an automatic backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "BackupReason")]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Before a roster re-import that withdraws students.
    Reimport,
    /// Before a restore replaces the database.
    Restore,
    /// Before the campaign is closed.
    Close,
    /// Before a sync file from another laptop is merged.
    SyncImport,
    /// The first use of the day.
    Daily,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Reimport,
        Reason::Restore,
        Reason::Close,
        Reason::SyncImport,
        Reason::Daily,
    ];

    /// The reason as written in the file name.
    pub fn slug(self) -> &'static str {
        match self {
            Reason::Reimport => "reimport",
            Reason::Restore => "restore",
            Reason::Close => "close",
            Reason::SyncImport => "sync-import",
            Reason::Daily => "daily",
        }
    }

    /// The reason as the 设置 page and the CLI show it.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Reimport => "重新导入名单（有学生将标记退出）前",
            Reason::Restore => "恢复备份前",
            Reason::Close => "关闭任务前",
            Reason::SyncImport => "导入同步文件前",
            Reason::Daily => "每日备份",
        }
    }
}

/// One automatic backup on disk.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AutoBackup {
    pub path: PathBuf,
    pub file_name: String,
    pub reason: Reason,
    pub reason_label: &'static str,
    /// When it was taken (local time, from the file name).
    #[serde(serialize_with = "as_local_text")]
    pub taken_at: NaiveDateTime,
    pub bytes: u64,
    /// Tie-breaks for backups taken in the same second: the file's write time, then the
    /// `-2`, `-3`… in the name.
    #[serde(skip)]
    order: (std::time::SystemTime, u32),
}

fn as_local_text<S: serde::Serializer>(
    t: &NaiveDateTime,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&t.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// What an automatic backup did.
#[derive(Debug, Clone, Serialize)]
pub struct AutoReport {
    pub backup: AutoBackup,
    /// Older automatic backups deleted to keep `keep`.
    pub pruned: Vec<PathBuf>,
    pub keep: u32,
}

/// `<db folder>/backups`.
pub fn folder(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

/// Takes an automatic backup of `store` before a destructive step, then prunes to the
/// `backup.keep` setting. `Ok(None)` for an in-memory store.
pub fn auto_backup(
    store: &Store,
    reason: Reason,
    now: NaiveDateTime,
) -> Result<Option<AutoReport>> {
    let Some(db) = store.path() else {
        return Ok(None);
    };
    take(store.conn(), db, reason, now).map(Some)
}

/// Like [`auto_backup`] for a core function that holds only a connection: the file is
/// the connection's main database. `Ok(None)` in memory. Call it outside a transaction.
pub fn auto_backup_conn(
    conn: &Connection,
    reason: Reason,
    now: NaiveDateTime,
) -> Result<Option<AutoReport>> {
    let Some(db) = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from) else {
        return Ok(None);
    };
    take(conn, &db, reason, now).map(Some)
}

/// The copy taken before a destructive step — a re-import that withdraws students,
/// closing the campaign, merging a sync file — stamped with the step's clock. The one policy, for every
/// step and both shells: the step calls this after its input was checked and before it
/// writes, and a copy that fails stops the step (the copy is the user's way back).
/// Returns where the copy went (`None` for an in-memory database).
pub fn before_step(conn: &Connection, reason: Reason, clock: &Clock) -> Result<Option<PathBuf>> {
    Ok(auto_backup_conn(conn, reason, clock.now())?.map(|t| t.backup.path))
}

/// Like [`auto_backup`] for a database that is not open (before a restore replaces it):
/// read-only, no migration. `Ok(None)` when there is no file yet.
pub fn auto_backup_file(
    db: &Path,
    reason: Reason,
    now: NaiveDateTime,
) -> Result<Option<AutoReport>> {
    if !db.is_file() {
        return Ok(None);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags)?;
    take(&conn, db, reason, now).map(Some)
}

/// The daily backup: taken on the first call of each calendar day (of `now`), skipped
/// (`Ok(None)`) when today's exists or the store is in memory.
pub fn daily_backup_if_due(store: &Store, now: NaiveDateTime) -> Result<Option<AutoReport>> {
    let Some(db) = store.path() else {
        return Ok(None);
    };
    if has_daily(db, now.date())? {
        return Ok(None);
    }
    auto_backup(store, Reason::Daily, now)
}

fn has_daily(db: &Path, day: NaiveDate) -> Result<bool> {
    Ok(list_auto(db)?
        .iter()
        .any(|b| b.reason == Reason::Daily && b.taken_at.date() == day))
}

fn take(conn: &Connection, db: &Path, reason: Reason, now: NaiveDateTime) -> Result<AutoReport> {
    let dir = folder(db);
    create_private_dir(&dir)?;
    let out = free_path(&dir, &prefix(db), reason, now);
    copy(conn, &out)?;
    let keep = settings::backup_keep(conn)?;
    let pruned = prune(db, keep)?;
    let backup = list_auto(db)?
        .into_iter()
        .find(|b| b.path == out)
        .ok_or_else(|| io(&out)(std::io::ErrorKind::NotFound.into()))?;
    Ok(AutoReport {
        backup,
        pruned,
        keep,
    })
}

/// `<db name>-`: whose backups a file holds.
fn prefix(db: &Path) -> String {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "rollcall".into());
    format!("{stem}-")
}

/// `<prefix><stamp>-<reason>.sqlite3`, or `…-<reason>-2.sqlite3` if taken this second.
fn free_path(dir: &Path, prefix: &str, reason: Reason, now: NaiveDateTime) -> PathBuf {
    let base = format!("{prefix}{}-{}", now.format(STAMP), reason.slug());
    let mut path = dir.join(format!("{base}{SUFFIX}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}{SUFFIX}"));
        n += 1;
    }
    path
}

/// The automatic backups of the database at `db`, newest first.
pub fn list_auto(db: &Path) -> Result<Vec<AutoBackup>> {
    let dir = folder(db);
    let prefix = prefix(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir)(e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(&dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken_at, reason, seq)) = parse_name(&name, &prefix) else {
            continue;
        };
        let meta = entry.metadata().map_err(io(&entry.path()))?;
        if !meta.is_file() {
            continue;
        }
        found.push(AutoBackup {
            path: entry.path(),
            file_name: name,
            reason,
            reason_label: reason.label(),
            taken_at,
            bytes: meta.len(),
            order: (meta.modified().unwrap_or(std::time::UNIX_EPOCH), seq),
        });
    }
    found.sort_by_key(|b| std::cmp::Reverse((b.taken_at, b.order)));
    Ok(found)
}

/// The newest automatic backup, to offer when the database is damaged.
pub fn latest_auto(db: &Path) -> Result<Option<AutoBackup>> {
    Ok(list_auto(db)?.into_iter().next())
}

/// Deletes all but the newest `keep` automatic backups; returns what it deleted.
pub fn prune(db: &Path, keep: u32) -> Result<Vec<PathBuf>> {
    let keep = usize::try_from(keep).unwrap_or(usize::MAX);
    let mut pruned = Vec::new();
    for old in list_auto(db)?.into_iter().skip(keep) {
        std::fs::remove_file(&old.path).map_err(io(&old.path))?;
        pruned.push(old.path);
    }
    remove_leftovers(&folder(db), &prefix(db))?;
    Ok(pruned)
}

/// A `.part` file older than this is a leftover, not another program's backup running.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Deletes `<one of our names>.part` files left by a backup that was interrupted (the
/// program killed, the disk full): half copies, never complete backups.
fn remove_leftovers(dir: &Path, prefix: &str) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name
            .strip_suffix(".part")
            .and_then(|n| parse_name(n, prefix));
        if ours.is_none() {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if age.is_some_and(|a| a > LEFTOVER_AGE) {
            std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
        }
    }
    Ok(())
}

/// `<prefix>YYYYMMDD-HHMMSS-<reason>[-N].sqlite3` → (time, reason, N); anything else is
/// not ours.
fn parse_name(name: &str, prefix: &str) -> Option<(NaiveDateTime, Reason, u32)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(SUFFIX)?;
    let (stamp, rest) = (rest.get(..15)?, rest.get(15..)?);
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let rest = rest.strip_prefix('-')?;
    Reason::ALL.iter().find_map(|&r| {
        let tail = rest.strip_prefix(r.slug())?;
        if tail.is_empty() {
            return Some((taken_at, r, 1));
        }
        let n = tail.strip_prefix('-')?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((taken_at, r, n.parse().ok()?))
    })
}

/// Creates the backups folder readable by its owner only (it holds ID numbers).
fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))?;
    // A folder made by someone else (or an older version) is made private too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)
            .map_err(io(dir))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(io(dir))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn names_round_trip_and_strangers_are_ignored() {
        let t = at("2025-04-20 09:05:01");
        assert_eq!(
            parse_name("rollcall-20250420-090501-sync-import.sqlite3", "rollcall-"),
            Some((t, Reason::SyncImport, 1))
        );
        assert_eq!(
            parse_name("rollcall-20250420-090501-close-3.sqlite3", "rollcall-"),
            Some((t, Reason::Close, 3))
        );
        for other in [
            "rollcall-20250420-090501-close.sqlite3.part",
            "rollcall-20250420-090501-unknown.sqlite3",
            "rollcall-20250420-090501-close-.sqlite3",
            "rollcall-20251320-090501-close.sqlite3",
            "my-copy.sqlite3",
            "rollcall-2025.sqlite3",
            "rollcall-2025-20250420-090501-close.sqlite3",
        ] {
            assert_eq!(parse_name(other, "rollcall-"), None, "{other}");
        }
    }

    #[test]
    fn each_database_has_its_own_prefix() {
        assert_eq!(prefix(Path::new("/d/rollcall.sqlite3")), "rollcall-");
        assert_eq!(prefix(Path::new("/d/高明.sqlite3")), "高明-");
        assert_eq!(prefix(Path::new("main.db")), "main-");
    }

    #[test]
    fn in_memory_stores_are_skipped() {
        let store = Store::open_in_memory().unwrap();
        let now = at("2025-04-20 09:00:00");
        assert!(auto_backup(&store, Reason::Close, now).unwrap().is_none());
        assert!(daily_backup_if_due(&store, now).unwrap().is_none());
    }
}
