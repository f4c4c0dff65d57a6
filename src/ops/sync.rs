//! 设置 → 同步与备份: sync files between laptops, backups (by hand, automatic, the
//! number kept), restoring one, and the health check of a file before it is opened.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Clock, Failure, Result};
use crate::backup::{self, AutoBackup, BackupInfo, BackupReport, RestoreReport};
use crate::campaign::CampaignId;
use crate::settings::{self, LaptopName};
use crate::store::{self, Health, Store};
use crate::sync::{self, ExportReport, ImportReport, SyncLog};

pub fn log(store: &Store, campaign: CampaignId) -> Result<SyncLog> {
    Ok(sync::log(store.conn(), campaign)?)
}

/// Writes what this laptop recorded (since sync `since`, else everything) to `out`.
pub fn export(
    store: &mut Store,
    clock: &Clock,
    campaign: CampaignId,
    out: &Path,
    since: Option<i64>,
) -> Result<ExportReport> {
    Ok(sync::export(store.conn_mut(), campaign, out, since, clock)?)
}

/// Merges another laptop's sync file (checked whole first; an automatic backup before).
pub fn import(
    store: &mut Store,
    clock: &Clock,
    expected: Option<CampaignId>,
    file: &Path,
) -> Result<ImportReport> {
    Ok(sync::import(store.conn_mut(), file, expected, clock)?)
}

/// A copy of the whole database, by hand.
pub fn backup_to(store: &Store, out: &Path) -> Result<BackupReport> {
    Ok(backup::backup(store, out)?)
}

/// What a backup file holds, before restoring it.
pub fn inspect(from: &Path) -> Result<BackupInfo> {
    Ok(backup::inspect(from)?)
}

/// Replaces the database file `db` with the backup `from` (no connection to `db` may
/// be open); the replaced file is kept beside it.
pub fn restore_file(db: &Path, from: &Path, clock: &Clock) -> Result<RestoreReport> {
    Ok(backup::restore(db, from, clock)?)
}

/// Replaces the open database with a backup: the store is closed first and reopened on
/// the restored file (or on the untouched old one when the backup is refused).
pub fn restore(store: &mut Store, clock: &Clock, from: &Path) -> Result<RestoreReport> {
    let db = store
        .path()
        .map(PathBuf::from)
        .ok_or_else(|| Failure::refused("backup.InMemory", "内存中的数据库没有文件，不能恢复。"))?;
    *store = Store::open_in_memory()?;
    let result = backup::restore(&db, from, clock);
    *store = Store::open(&db)?;
    Ok(result?)
}

/// The automatic backups (newest first), where they are and how many are kept.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct AutoBackups {
    pub folder: PathBuf,
    pub keep: u32,
    pub backups: Vec<AutoBackup>,
}

/// The automatic backups of the database file `db` (the window's file, also while a
/// problem at start keeps it closed); the number kept is `store`'s setting.
pub fn auto_backups(store: &Store, db: &Path) -> Result<AutoBackups> {
    Ok(AutoBackups {
        folder: backup::folder(db),
        keep: settings::backup_keep(store.conn())?,
        backups: backup::list_auto(db)?,
    })
}

/// Sets how many automatic backups of `db` are kept; older ones are deleted at once.
/// Returns the deleted files.
pub fn set_backup_keep(store: &Store, clock: &Clock, db: &Path, keep: u32) -> Result<Vec<PathBuf>> {
    settings::set_backup_keep(store.conn(), keep, clock)?;
    Ok(backup::prune(db, keep)?)
}

/// What `doctor` finds: the file's health (read-only) and the newest automatic backup.
#[derive(Debug, Serialize)]
pub struct Doctor {
    pub path: PathBuf,
    pub health: Health,
    pub latest_backup: Option<AutoBackup>,
}

/// Checks `db` as it is, before anything opens (and so migrates) it.
pub fn doctor(db: &Path) -> Result<Doctor> {
    Ok(Doctor {
        path: db.to_path_buf(),
        health: health(db)?,
        latest_backup: latest_auto_backup(db)?,
    })
}

/// `PRAGMA quick_check` on a read-only open of `db`.
pub fn health(db: &Path) -> Result<Health> {
    Ok(store::quick_check(db)?)
}

/// The newest automatic backup of `db`, if any.
pub fn latest_auto_backup(db: &Path) -> Result<Option<AutoBackup>> {
    Ok(backup::latest_auto(db)?)
}

/// The day's first automatic backup, when the desktop opens the file; `None` when
/// today's exists (or the store is in memory).
pub fn daily_backup(store: &Store, clock: &Clock) -> Result<Option<PathBuf>> {
    Ok(backup::daily_backup_if_due(store, clock.now())?.map(|t| t.backup.path))
}

/// This laptop's id and name (设置 → 本机名称).
pub fn laptop_name(store: &Store) -> Result<LaptopName> {
    Ok(settings::laptop_name(store.conn())?)
}

/// Names this laptop; `None` (or blank) goes back to the computer's host name.
pub fn set_laptop_name(store: &Store, name: Option<&str>) -> Result<LaptopName> {
    Ok(settings::set_laptop_name(store.conn(), name)?)
}
