//! The integrity check at start: `PRAGMA quick_check` on a read-only connection, so a
//! damaged file is reported (and a backup offered) before anything writes to it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::StoreError;

/// At most this many problems are listed (SQLite's own default for quick_check).
const MAX_MESSAGES: usize = 100;

/// What the integrity check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Health {
    /// The file passed `PRAGMA quick_check`.
    Ok,
    /// There is no file yet: it will be created on first open.
    Missing,
    /// The file is damaged or not a database; SQLite's messages, as it wrote them.
    Damaged { messages: Vec<String> },
}

impl Health {
    pub fn is_damaged(&self) -> bool {
        matches!(self, Health::Damaged { .. })
    }
}

/// Checks the database at `path` without changing it (read-only open, no migration).
/// Errors only when the file cannot be read at all (permissions, in use by a writer that
/// holds it longer than the busy timeout).
pub fn quick_check(path: &Path) -> Result<Health, StoreError> {
    if !path.exists() {
        return Ok(Health::Missing);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(super::BUSY_WAIT_SECS))?;
    match messages(&conn) {
        Ok(m) if m.len() == 1 && m[0] == "ok" => Ok(Health::Ok),
        Ok(messages) => Ok(Health::Damaged { messages }),
        Err(e) if is_damage(&e) => Ok(Health::Damaged {
            messages: vec![e.to_string()],
        }),
        Err(e) => Err(StoreError::from(e)),
    }
}

fn messages(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA quick_check({MAX_MESSAGES})"))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Errors that mean the file's content is bad (as opposed to it being unreachable).
fn is_damage(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(
        e.sqlite_error_code(),
        Some(C::DatabaseCorrupt | C::NotADatabase)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_fresh_database_is_ok_and_a_missing_one_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.sqlite3");
        assert_eq!(quick_check(&path).unwrap(), Health::Missing);
        drop(Store::open(&path).unwrap());
        assert_eq!(quick_check(&path).unwrap(), Health::Ok);
    }

    #[test]
    fn a_text_file_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.sqlite3");
        std::fs::write(&path, vec![b'x'; 8192]).unwrap();
        assert!(quick_check(&path).unwrap().is_damaged());
    }
}
