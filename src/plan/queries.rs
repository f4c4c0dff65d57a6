//! All SQL for the plan_settings, schedule_slot and schedule_undo tables, and the one
//! read of the student table the planner needs (eligible head counts per class). The
//! class_setting table's SQL is in `campaign::queries`.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::{PlanSettings, Slot};
use crate::campaign::CampaignId;

const DATE: &str = "%Y-%m-%d";
const TIME: &str = "%H:%M";

fn bad_col(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn date_col(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(idx)?;
    NaiveDate::parse_from_str(&text, DATE).map_err(|e| bad_col(idx, e))
}

fn time_col(row: &Row, idx: usize) -> rusqlite::Result<NaiveTime> {
    let text: String = row.get(idx)?;
    NaiveTime::parse_from_str(&text, TIME).map_err(|e| bad_col(idx, e))
}

fn fmt_date(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

fn fmt_time(t: NaiveTime) -> String {
    t.format(TIME).to_string()
}

pub fn get_settings(conn: &Connection, id: CampaignId) -> rusqlite::Result<PlanSettings> {
    Ok(conn
        .query_row(
            "SELECT round_minutes, arrival_minutes FROM plan_settings WHERE campaign_id = ?1",
            [id.0],
            |r| {
                Ok(PlanSettings {
                    round_minutes: r.get(0)?,
                    arrival_minutes: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn set_settings(conn: &Connection, id: CampaignId, s: &PlanSettings) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO plan_settings (campaign_id, round_minutes, arrival_minutes)
         VALUES (?1, ?2, ?3)
         ON CONFLICT (campaign_id) DO UPDATE
           SET round_minutes = excluded.round_minutes, arrival_minutes = excluded.arrival_minutes",
        params![id.0, s.round_minutes, s.arrival_minutes],
    )?;
    Ok(())
}

/// One group of eligible students sharing class and the fields the planner reads.
pub struct ClassGroupRow {
    pub class_name: String,
    pub college: String,
    pub major: String,
    pub campus: String,
    pub counselor: String,
    pub count: u32,
}

/// Eligible students (not withdrawn, no ineligible reason) counted per class and the
/// values of college, major, campus and counselor within it. Lives here rather than in
/// roster/queries.rs because only the planner reads it this way.
pub fn eligible_class_groups(
    conn: &Connection,
    id: CampaignId,
) -> rusqlite::Result<Vec<ClassGroupRow>> {
    let mut stmt = conn.prepare(
        "SELECT class_name, college, major, campus, counselor, count(*) FROM student
         WHERE campaign_id = ?1 AND withdrawn_at IS NULL AND ineligible_reason IS NULL
         GROUP BY class_name, college, major, campus, counselor
         ORDER BY class_name, college, major, campus, counselor",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(ClassGroupRow {
            class_name: r.get(0)?,
            college: r.get(1)?,
            major: r.get(2)?,
            campus: r.get(3)?,
            counselor: r.get(4)?,
            count: r.get(5)?,
        })
    })?;
    rows.collect()
}

const SLOT_COLS: &str = "s.id, c.name, s.venue_id, v.name, s.date, s.start, s.end, s.college, \
     s.major, s.class_name, s.counselor, s.headcount, s.part, s.parts, s.student_offset, s.locked";

fn slot_from_row(r: &Row, arrival_minutes: u32) -> rusqlite::Result<Slot> {
    let start = time_col(r, 5)?;
    Ok(Slot {
        id: r.get(0)?,
        campus: r.get(1)?,
        venue_id: r.get(2)?,
        venue: r.get(3)?,
        date: date_col(r, 4)?,
        start,
        end: time_col(r, 6)?,
        arrival: start - chrono::Duration::minutes(i64::from(arrival_minutes)),
        college: r.get(7)?,
        major: r.get(8)?,
        class_name: r.get(9)?,
        counselor: r.get(10)?,
        headcount: r.get(11)?,
        part: r.get(12)?,
        parts: r.get(13)?,
        student_offset: r.get(14)?,
        locked: r.get(15)?,
    })
}

/// The campaign's slots sorted by date, campus, venue, start.
pub fn list_slots(
    conn: &Connection,
    id: CampaignId,
    arrival_minutes: u32,
) -> rusqlite::Result<Vec<Slot>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SLOT_COLS} FROM schedule_slot s
         JOIN venue v ON v.id = s.venue_id JOIN campus c ON c.id = v.campus_id
         WHERE s.campaign_id = ?1
         ORDER BY s.date, c.position, c.id, v.name, s.start, s.class_name, s.part"
    ))?;
    let rows = stmt.query_map([id.0], |r| slot_from_row(r, arrival_minutes))?;
    rows.collect()
}

/// Inserts a slot; keeps its id when it has one (a locked slot, or an undo), returns it.
pub fn insert_slot(conn: &Connection, id: CampaignId, s: &Slot) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO schedule_slot (id, campaign_id, venue_id, date, start, end, class_name,
             college, major, counselor, headcount, part, parts, student_offset, locked)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            (s.id > 0).then_some(s.id),
            id.0,
            s.venue_id,
            fmt_date(s.date),
            fmt_time(s.start),
            fmt_time(s.end),
            s.class_name,
            s.college,
            s.major,
            s.counselor,
            s.headcount,
            s.part,
            s.parts,
            s.student_offset,
            s.locked,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn delete_slots(
    conn: &Connection,
    id: CampaignId,
    unlocked_only: bool,
) -> rusqlite::Result<()> {
    let sql = if unlocked_only {
        "DELETE FROM schedule_slot WHERE campaign_id = ?1 AND locked = 0"
    } else {
        "DELETE FROM schedule_slot WHERE campaign_id = ?1"
    };
    conn.execute(sql, [id.0])?;
    Ok(())
}

/// Moves one slot; returns the number of rows changed.
pub fn update_slot_place(conn: &Connection, id: CampaignId, s: &Slot) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE schedule_slot SET venue_id = ?3, date = ?4, start = ?5, end = ?6, locked = ?7
         WHERE campaign_id = ?1 AND id = ?2",
        params![
            id.0,
            s.id,
            s.venue_id,
            fmt_date(s.date),
            fmt_time(s.start),
            fmt_time(s.end),
            s.locked
        ],
    )
}

/// Locks or unlocks every slot of a class; returns the number of rows changed.
pub fn set_class_locked(
    conn: &Connection,
    id: CampaignId,
    class_name: &str,
    locked: bool,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE schedule_slot SET locked = ?3 WHERE campaign_id = ?1 AND class_name = ?2",
        params![id.0, class_name, locked],
    )
}

/// How many snapshots to keep: older ones are dropped.
const UNDO_KEEP: i64 = 50;

pub fn push_undo(
    conn: &Connection,
    id: CampaignId,
    action: &str,
    now: &str,
    slots_json: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO schedule_undo (campaign_id, action, created_at, slots) VALUES (?1, ?2, ?3, ?4)",
        params![id.0, action, now, slots_json],
    )?;
    conn.execute(
        "DELETE FROM schedule_undo WHERE campaign_id = ?1 AND id NOT IN
           (SELECT id FROM schedule_undo WHERE campaign_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![id.0, UNDO_KEEP],
    )?;
    Ok(())
}

/// The newest snapshot: (row id, action, slots as JSON).
pub fn last_undo(
    conn: &Connection,
    id: CampaignId,
) -> rusqlite::Result<Option<(i64, String, String)>> {
    conn.query_row(
        "SELECT id, action, slots FROM schedule_undo WHERE campaign_id = ?1
         ORDER BY id DESC LIMIT 1",
        [id.0],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

pub fn delete_undo(conn: &Connection, undo_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM schedule_undo WHERE id = ?1", [undo_id])?;
    Ok(())
}

pub fn undo_depth(conn: &Connection, id: CampaignId) -> rusqlite::Result<u32> {
    conn.query_row(
        "SELECT count(*) FROM schedule_undo WHERE campaign_id = ?1",
        [id.0],
        |r| r.get(0),
    )
}
