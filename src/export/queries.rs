//! All SQL for the export_log, export_columns and closing_row tables (the
//! campaign_closing table's SQL is in `campaign::queries`).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::lists::ListKind;
use crate::campaign::CampaignId;
use crate::store::fmt_date;

/// An export to record.
pub struct NewLogEntry<'a> {
    pub list: ListKind,
    pub format: &'a str,
    pub encoding: &'a str,
    pub as_of: NaiveDate,
    pub rows: i64,
    pub file_name: &'a str,
    pub columns_json: &'a str,
    pub has_id_numbers: bool,
    pub frozen: bool,
    pub created_at: &'a str,
}

pub fn insert_log(
    conn: &Connection,
    campaign: CampaignId,
    e: &NewLogEntry,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO export_log (campaign_id, list, format, encoding, as_of, rows, file_name,
             columns, has_id_numbers, frozen, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            campaign.0,
            e.list.as_str(),
            e.format,
            e.encoding,
            fmt_date(e.as_of),
            e.rows,
            e.file_name,
            e.columns_json,
            e.has_id_numbers,
            e.frozen,
            e.created_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A stored log row, raw.
pub struct LogRow {
    pub id: i64,
    pub list: String,
    pub format: String,
    pub encoding: String,
    pub as_of: String,
    pub rows: i64,
    pub file_name: String,
    pub columns_json: String,
    pub has_id_numbers: bool,
    pub frozen: bool,
    pub created_at: String,
}

/// The campaign's exports, newest first.
pub fn list_log(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Vec<LogRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, list, format, encoding, as_of, rows, file_name, columns, has_id_numbers,
                frozen, created_at
         FROM export_log WHERE campaign_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        Ok(LogRow {
            id: r.get(0)?,
            list: r.get(1)?,
            format: r.get(2)?,
            encoding: r.get(3)?,
            as_of: r.get(4)?,
            rows: r.get(5)?,
            file_name: r.get(6)?,
            columns_json: r.get(7)?,
            has_id_numbers: r.get(8)?,
            frozen: r.get(9)?,
            created_at: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// The saved headers of a list (JSON array), if any.
pub fn get_columns(conn: &Connection, list: ListKind) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT columns FROM export_columns WHERE list = ?1",
        [list.as_str()],
        |r| r.get(0),
    )
    .optional()
}

pub fn put_columns(
    conn: &Connection,
    list: ListKind,
    json: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO export_columns (list, columns, saved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (list) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at",
        params![list.as_str(), json, now],
    )?;
    Ok(())
}

/// Prepared insert of frozen rows, for one transaction.
pub struct FrozenWriter<'c> {
    stmt: rusqlite::Statement<'c>,
    closing_id: i64,
}

impl<'c> FrozenWriter<'c> {
    pub fn new(conn: &'c Connection, closing_id: i64) -> rusqlite::Result<FrozenWriter<'c>> {
        let stmt = conn.prepare(
            "INSERT INTO closing_row (closing_id, list, position, student_no, data)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        Ok(FrozenWriter { stmt, closing_id })
    }

    pub fn insert(
        &mut self,
        list: ListKind,
        position: usize,
        student_no: &str,
        json: &str,
    ) -> rusqlite::Result<()> {
        self.stmt.execute(params![
            self.closing_id,
            list.as_str(),
            i64::try_from(position).unwrap_or(i64::MAX),
            student_no,
            json
        ])?;
        Ok(())
    }
}

/// A closing's frozen rows of one list (JSON), in their order.
pub fn frozen_rows(
    conn: &Connection,
    closing_id: i64,
    list: ListKind,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT data FROM closing_row WHERE closing_id = ?1 AND list = ?2 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![closing_id, list.as_str()], |r| r.get(0))?;
    rows.collect()
}
