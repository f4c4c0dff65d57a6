//! This copy of the database's identity: the random laptop id in `sync_meta` (a restore
//! renews it, so two laptops never share one) and the uids made from it, unique across
//! laptops, that sync files and walk-ups carry; and the laptops' human names (this
//! copy's, set in 设置 or the computer's host name, and the others' from their sync
//! files).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

/// What a laptop is called when neither a name was set nor the host name is known.
const UNNAMED: &str = "本机";

/// This database's laptop id.
pub fn laptop_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT value FROM sync_meta WHERE key = 'laptop_id'",
        [],
        |r| r.get(0),
    )
}

/// Gives this database a new random laptop id (after a restore: a new copy, which
/// also drops the name set on the laptop the backup came from).
pub fn renew_laptop_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.execute(
        "UPDATE sync_meta SET value = lower(hex(randomblob(6))) WHERE key = 'laptop_id'",
        [],
    )?;
    conn.execute("DELETE FROM sync_meta WHERE key = 'laptop_name'", [])?;
    laptop_id(conn)
}

/// The name set for this laptop, if one was.
pub fn set_name(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM sync_meta WHERE key = 'laptop_name'",
        [],
        |r| r.get(0),
    )
    .optional()
}

/// This laptop's name: the one set, else the computer's host name.
pub fn laptop_name(conn: &Connection) -> rusqlite::Result<String> {
    Ok(set_name(conn)?.unwrap_or_else(host_name))
}

/// Sets (or, with `None`, clears) this laptop's name; checked by the caller.
pub fn store_laptop_name(conn: &Connection, name: Option<&str>) -> rusqlite::Result<()> {
    match name {
        Some(n) => conn.execute(
            "INSERT INTO sync_meta (key, value) VALUES ('laptop_name', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [n],
        )?,
        None => conn.execute("DELETE FROM sync_meta WHERE key = 'laptop_name'", [])?,
    };
    Ok(())
}

/// Keeps the name another laptop's sync file gave (the newest wins). A blank or
/// overlong name (a file of an earlier version, a damaged one) is passed over.
pub fn remember_laptop(conn: &Connection, id: &str, name: &str, at: &str) -> rusqlite::Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO laptop (laptop_id, name, seen_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (laptop_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
        params![id, name, at],
    )?;
    Ok(())
}

/// Every laptop's name this database knows, by id, this laptop's own included.
pub fn laptop_names(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT laptop_id, name FROM laptop")?;
    let mut names = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<String, String>>>()?;
    names.insert(laptop_id(conn)?, laptop_name(conn)?);
    Ok(names)
}

/// The computer's name as the system calls it: `COMPUTERNAME` on Windows, the kernel's
/// host name on Linux.
fn host_name() -> String {
    let from_env = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok());
    let from_file = || {
        ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
    };
    from_env
        .or_else(from_file)
        .map(|n| n.trim().chars().take(40).collect::<String>())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| UNNAMED.to_string())
}

/// A new random id, unique across laptops: '<laptop>-<16 hex digits>'.
pub fn new_uid(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
                || lower(hex(randomblob(8)))",
        [],
        |r| r.get(0),
    )
}
