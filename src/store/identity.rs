//! This copy of the database's identity: the random laptop id in `sync_meta` (a restore
//! renews it, so two laptops never share one) and the uids made from it, unique across
//! laptops, that sync files and walk-ups carry.

use rusqlite::Connection;

/// This database's laptop id.
pub fn laptop_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT value FROM sync_meta WHERE key = 'laptop_id'",
        [],
        |r| r.get(0),
    )
}

/// Gives this database a new random laptop id (after a restore: a new copy).
pub fn renew_laptop_id(conn: &Connection) -> rusqlite::Result<String> {
    conn.execute(
        "UPDATE sync_meta SET value = lower(hex(randomblob(6))) WHERE key = 'laptop_id'",
        [],
    )?;
    laptop_id(conn)
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
