//! Office-wide settings (设置) kept in the database's `setting` table: typed getters and
//! setters with their defaults. This file holds all SQL for that table. Also this
//! laptop's name (本机名称), which belongs to the copy, not the office: it lives with
//! the laptop id in `store`, and is checked here.
//!
//! **Invariant:** a missing or unreadable row means the default, so an older database
//! (or a hand-edited value) never stops the app.

use rusqlite::{params, Connection, OptionalExtension};
use thiserror::Error;

use crate::store::Clock;

/// How many automatic backups are kept when nothing is set.
pub const DEFAULT_BACKUP_KEEP: u32 = 10;
/// The most automatic backups one may ask to keep (each is a full copy of the data).
pub const MAX_BACKUP_KEEP: u32 = 1000;

const BACKUP_KEEP: &str = "backup.keep";

/// Errors of reading or changing a setting.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("保留的自动备份份数须在 1 到 {MAX_BACKUP_KEEP} 之间（收到 {0}）。")]
    BadKeep(u32),
    #[error("本机名称须为 1 到 {MAX_LAPTOP_NAME} 个字，且不含换行等控制字符（收到「{0}」）。")]
    BadLaptopName(String),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The longest laptop name, in characters (it is shown in narrow table columns).
pub const MAX_LAPTOP_NAME: usize = 40;

/// This laptop's name as 设置 shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct LaptopName {
    pub laptop_id: String,
    /// The name shown in sync logs and on other laptops.
    pub name: String,
    /// False while the name is the computer's host name (nothing was set).
    pub is_set: bool,
}

/// This laptop's id and name.
pub fn laptop_name(conn: &Connection) -> Result<LaptopName, SettingsError> {
    Ok(LaptopName {
        laptop_id: crate::store::laptop_id(conn)?,
        name: crate::store::laptop_name(conn)?,
        is_set: crate::store::set_name(conn)?.is_some(),
    })
}

/// Names this laptop (`None` or blank: back to the computer's host name). Sync files
/// written from now on carry the name; other laptops show it next to the id.
pub fn set_laptop_name(conn: &Connection, name: Option<&str>) -> Result<LaptopName, SettingsError> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Some(n) = name {
        if n.chars().count() > MAX_LAPTOP_NAME || n.chars().any(char::is_control) {
            return Err(SettingsError::BadLaptopName(n.to_string()));
        }
    }
    crate::store::store_laptop_name(conn, name)?;
    laptop_name(conn)
}

impl SettingsError {
    /// False only for database failures.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, SettingsError::Sqlite(_))
    }
}

/// How many automatic backups to keep (newest first); the default when unset.
pub fn backup_keep(conn: &Connection) -> Result<u32, SettingsError> {
    Ok(get(conn, BACKUP_KEEP)?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|n| (1..=MAX_BACKUP_KEEP).contains(n))
        .unwrap_or(DEFAULT_BACKUP_KEEP))
}

/// Sets how many automatic backups to keep (1..=[`MAX_BACKUP_KEEP`]).
pub fn set_backup_keep(conn: &Connection, keep: u32, clock: &Clock) -> Result<(), SettingsError> {
    let now = &clock.stamp();
    if !(1..=MAX_BACKUP_KEEP).contains(&keep) {
        return Err(SettingsError::BadKeep(keep));
    }
    set(conn, BACKUP_KEEP, &keep.to_string(), now)
}

/// The stored text of `key`; `None` when unset or when the table does not exist yet (a
/// database read before its migration, e.g. one about to be restored over).
fn get(conn: &Connection, key: &str) -> Result<Option<String>, SettingsError> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'setting'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set(conn: &Connection, key: &str, value: &str, now: &str) -> Result<(), SettingsError> {
    conn.execute(
        "INSERT INTO setting (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn keep_defaults_to_ten_and_is_remembered() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(backup_keep(store.conn()).unwrap(), DEFAULT_BACKUP_KEEP);
        set_backup_keep(store.conn(), 3, &Clock::parse("2025-04-01 10:00:00")).unwrap();
        assert_eq!(backup_keep(store.conn()).unwrap(), 3);
        set_backup_keep(store.conn(), 4, &Clock::parse("2025-04-01 10:00:01")).unwrap();
        assert_eq!(backup_keep(store.conn()).unwrap(), 4);
    }

    #[test]
    fn keep_refuses_zero_and_absurd_values() {
        let store = Store::open_in_memory().unwrap();
        assert!(matches!(
            set_backup_keep(store.conn(), 0, &Clock::parse("2025-04-01 09:00:00")),
            Err(SettingsError::BadKeep(0))
        ));
        assert!(set_backup_keep(
            store.conn(),
            MAX_BACKUP_KEEP + 1,
            &Clock::parse("2025-04-01 09:00:00")
        )
        .is_err());
        assert_eq!(backup_keep(store.conn()).unwrap(), DEFAULT_BACKUP_KEEP);
    }

    #[test]
    fn a_database_without_the_table_reads_the_default() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(backup_keep(&conn).unwrap(), DEFAULT_BACKUP_KEEP);
    }
}
