//! All SQL for the check_in and walk_up tables (migration 0006_sync.sql).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::campaign::CampaignId;

/// Records when (HH:MM) and in which slot a check-in event happened.
pub fn insert_check_in(
    conn: &Connection,
    event_id: i64,
    slot_id: Option<i64>,
    time: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO check_in (event_id, slot_id, time) VALUES (?1, ?2, ?3)",
        params![event_id, slot_id, time],
    )?;
    Ok(())
}

/// The HH:MM of a check-in event, if recorded.
pub fn check_in_time(conn: &Connection, event_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT time FROM check_in WHERE event_id = ?1",
        [event_id],
        |r| r.get(0),
    )
    .optional()
}

/// A walk-up as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkUp {
    pub uid: String,
    pub student_no: String,
    pub slot_id: Option<i64>,
    pub date: String,
    pub time: String,
    pub note: String,
    pub created_at: String,
}

pub fn insert_walk_up(conn: &Connection, campaign: CampaignId, w: &WalkUp) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO walk_up (uid, campaign_id, student_no, slot_id, date, time, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            w.uid,
            campaign.0,
            w.student_no,
            w.slot_id,
            w.date,
            w.time,
            w.note,
            w.created_at
        ],
    )?;
    Ok(())
}

/// The earliest walk-up of `student_no` on `date`, if any.
pub fn find_walk_up(
    conn: &Connection,
    campaign: CampaignId,
    student_no: &str,
    date: &str,
) -> rusqlite::Result<Option<WalkUp>> {
    conn.query_row(
        "SELECT uid, student_no, slot_id, date, time, note, created_at FROM walk_up
         WHERE campaign_id = ?1 AND student_no = ?2 AND date = ?3
         ORDER BY time, uid LIMIT 1",
        params![campaign.0, student_no, date],
        walk_up_from_row,
    )
    .optional()
}

fn walk_up_from_row(r: &rusqlite::Row) -> rusqlite::Result<WalkUp> {
    Ok(WalkUp {
        uid: r.get(0)?,
        student_no: r.get(1)?,
        slot_id: r.get(2)?,
        date: r.get(3)?,
        time: r.get(4)?,
        note: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// The campaign's walk-ups, by date, time and 学号.
pub fn list_walk_ups(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Vec<WalkUp>> {
    let mut stmt = conn.prepare(
        "SELECT uid, student_no, slot_id, date, time, note, created_at FROM walk_up
         WHERE campaign_id = ?1 ORDER BY date, time, student_no, uid",
    )?;
    let rows = stmt.query_map([campaign.0], walk_up_from_row)?;
    rows.collect()
}
