//! All SQL for the sync tables: campaign_identity, sync_event_uid, the sync_journal_*
//! tables and sync_log (from migration 0006_sync.sql; sync_meta's laptop id is read in
//! `store::identity`).

use rusqlite::{params, Connection, OptionalExtension};

use super::file::Counts;
use crate::campaign::CampaignId;

pub fn campaign_uuid(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT uuid FROM campaign_identity WHERE campaign_id = ?1",
        [campaign.0],
        |r| r.get(0),
    )
    .optional()
}

/// The campaign's secret sync key (`campaign_key`, made with the campaign).
pub fn campaign_key(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row(
        "SELECT key FROM campaign_key WHERE campaign_id = ?1",
        [campaign.0],
        |r| r.get(0),
    )
    .optional()
}

pub fn campaign_by_uuid(conn: &Connection, uuid: &str) -> rusqlite::Result<Option<CampaignId>> {
    conn.query_row(
        "SELECT campaign_id FROM campaign_identity WHERE uuid = ?1",
        [uuid],
        |r| r.get(0).map(CampaignId),
    )
    .optional()
}

/// Copies into the journal what this database knows about the campaign and the journal
/// does not yet hold: new events, new voids, new walk-ups. Returns rows added.
pub fn refresh_journal(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
) -> rusqlite::Result<Counts> {
    let events = conn.execute(
        "INSERT INTO sync_journal_event (uid, campaign_uuid, student_no, kind, date, time,
             slot_id, source, note, recorded_by, origin, created_at)
         SELECT u.uid, ?2, s.student_no, e.kind, e.date, c.time, c.slot_id, e.source, e.note,
             e.recorded_by, e.origin, e.created_at
         FROM progress_event e
         JOIN sync_event_uid u ON u.event_id = e.id
         JOIN student s ON s.id = e.student_id
         LEFT JOIN check_in c ON c.event_id = e.id
         WHERE e.campaign_id = ?1
           AND NOT EXISTS (SELECT 1 FROM sync_journal_event j WHERE j.uid = u.uid)
         ORDER BY e.id",
        params![campaign.0, uuid],
    )?;
    let voids = conn.execute(
        "INSERT INTO sync_journal_void (event_uid, campaign_uuid, voided_at, reason)
         SELECT u.uid, ?2, e.voided_at, e.void_reason
         FROM progress_event e JOIN sync_event_uid u ON u.event_id = e.id
         WHERE e.campaign_id = ?1 AND e.voided_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sync_journal_void v WHERE v.event_uid = u.uid)
         ORDER BY e.id",
        params![campaign.0, uuid],
    )?;
    let walk_ups = conn.execute(
        "INSERT INTO sync_journal_walk_up (uid, campaign_uuid, student_no, slot_id, date, time,
             note, created_at)
         SELECT w.uid, ?2, w.student_no, w.slot_id, w.date, w.time, w.note, w.created_at
         FROM walk_up w
         WHERE w.campaign_id = ?1
           AND NOT EXISTS (SELECT 1 FROM sync_journal_walk_up j WHERE j.uid = w.uid)
         ORDER BY w.created_at, w.uid",
        params![campaign.0, uuid],
    )?;
    Ok(Counts {
        events: events as i64,
        voids: voids as i64,
        walk_ups: walk_ups as i64,
    })
}

/// A journal event that has no event row here yet.
#[derive(Debug, Clone)]
pub struct PendingEvent {
    pub uid: String,
    pub student_no: String,
    pub kind: String,
    pub date: String,
    pub time: Option<String>,
    pub slot_id: Option<i64>,
    pub source: String,
    pub note: String,
    pub recorded_by: String,
    pub origin: String,
    pub created_at: String,
}

pub fn pending_events(conn: &Connection, uuid: &str) -> rusqlite::Result<Vec<PendingEvent>> {
    let mut stmt = conn.prepare(
        "SELECT uid, student_no, kind, date, time, slot_id, source, note, recorded_by, origin,
             created_at
         FROM sync_journal_event j
         WHERE campaign_uuid = ?1
           AND NOT EXISTS (SELECT 1 FROM sync_event_uid u WHERE u.uid = j.uid)
         ORDER BY created_at, uid",
    )?;
    let rows = stmt.query_map([uuid], |r| {
        Ok(PendingEvent {
            uid: r.get(0)?,
            student_no: r.get(1)?,
            kind: r.get(2)?,
            date: r.get(3)?,
            time: r.get(4)?,
            slot_id: r.get(5)?,
            source: r.get(6)?,
            note: r.get(7)?,
            recorded_by: r.get(8)?,
            origin: r.get(9)?,
            created_at: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// Gives a just-inserted event the id it has on the laptop that made it.
pub fn set_event_uid(conn: &Connection, event_id: i64, uid: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sync_event_uid SET uid = ?2 WHERE event_id = ?1",
        params![event_id, uid],
    )?;
    Ok(())
}

/// Journal voids whose event is here and still active: (event id, voided_at, reason).
pub fn pending_voids(
    conn: &Connection,
    uuid: &str,
) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, v.voided_at, v.reason
         FROM sync_journal_void v
         JOIN sync_event_uid u ON u.uid = v.event_uid
         JOIN progress_event e ON e.id = u.event_id
         WHERE v.campaign_uuid = ?1 AND e.voided_at IS NULL
         ORDER BY e.id",
    )?;
    let rows = stmt.query_map([uuid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Copies journal walk-ups that are not here yet; returns how many.
pub fn materialise_walk_ups(
    conn: &Connection,
    campaign: CampaignId,
    uuid: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT OR IGNORE INTO walk_up (uid, campaign_id, student_no, slot_id, date, time, note,
             created_at)
         SELECT uid, ?1, student_no, slot_id, date, time, note, created_at
         FROM sync_journal_walk_up WHERE campaign_uuid = ?2",
        params![campaign.0, uuid],
    )
}

/// An active event with what decides which of two duplicates stays.
#[derive(Debug, Clone)]
pub struct ActiveEvent {
    pub id: i64,
    pub uid: String,
    pub student_no: String,
    pub name: String,
    pub kind: String,
    pub date: String,
    /// Check-in time, else the time part of created_at.
    pub time: String,
}

pub fn active_events(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Vec<ActiveEvent>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, u.uid, s.student_no, s.name, e.kind, e.date,
             coalesce(c.time, substr(e.created_at, 12, 5))
         FROM progress_event e
         JOIN sync_event_uid u ON u.event_id = e.id
         JOIN student s ON s.id = e.student_id
         LEFT JOIN check_in c ON c.event_id = e.id
         WHERE e.campaign_id = ?1 AND e.voided_at IS NULL
         ORDER BY e.student_id, e.kind, e.date, 7, u.uid",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        Ok(ActiveEvent {
            id: r.get(0)?,
            uid: r.get(1)?,
            student_no: r.get(2)?,
            name: r.get(3)?,
            kind: r.get(4)?,
            date: r.get(5)?,
            time: r.get(6)?,
        })
    })?;
    rows.collect()
}

pub fn is_imported(conn: &Connection, file_id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT at FROM sync_log WHERE direction = 'import' AND file_id = ?1",
        [file_id],
        |r| r.get(0),
    )
    .optional()
}

/// One line of the sync log, as stored.
pub struct LogRow<'a> {
    pub campaign: CampaignId,
    pub direction: &'a str,
    pub file_id: &'a str,
    pub laptop_id: &'a str,
    pub file_name: &'a str,
    pub at: &'a str,
    pub counts: Counts,
    pub summary: &'a str,
    pub changeset: Option<&'a [u8]>,
}

pub fn insert_log(conn: &Connection, row: &LogRow) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO sync_log (campaign_id, direction, file_id, laptop_id, file_name, at,
             events, voids, walk_ups, summary, changeset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            row.campaign.0,
            row.direction,
            row.file_id,
            row.laptop_id,
            row.file_name,
            row.at,
            row.counts.events,
            row.counts.voids,
            row.counts.walk_ups,
            row.summary,
            row.changeset,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Changesets of this campaign's exports after log line `since`, oldest first.
pub fn exports_since(
    conn: &Connection,
    campaign: CampaignId,
    since: i64,
) -> rusqlite::Result<Vec<Vec<u8>>> {
    let mut stmt = conn.prepare(
        "SELECT changeset FROM sync_log
         WHERE campaign_id = ?1 AND direction = 'export' AND id > ?2
           AND changeset IS NOT NULL
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![campaign.0, since], |r| r.get(0))?;
    rows.collect()
}

/// True when `id` is one of this campaign's exports.
pub fn is_export(conn: &Connection, campaign: CampaignId, id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_log
             WHERE campaign_id = ?1 AND id = ?2 AND direction = 'export')",
        params![campaign.0, id],
        |r| r.get(0),
    )
}

/// A sync log line as shown.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(rename = "SyncLogEntry")]
pub struct LogEntry {
    pub id: i64,
    pub direction: String,
    pub file_id: String,
    pub laptop_id: String,
    /// The name that laptop goes by here ("" when no file of it carried one).
    pub laptop_name: String,
    pub file_name: String,
    pub at: String,
    pub counts: Counts,
    pub summary: serde_json::Value,
}

pub fn list_log(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, direction, file_id, laptop_id, file_name, at, events, voids, walk_ups,
             summary
         FROM sync_log WHERE campaign_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        let summary: String = r.get(9)?;
        Ok(LogEntry {
            id: r.get(0)?,
            direction: r.get(1)?,
            file_id: r.get(2)?,
            laptop_id: r.get(3)?,
            laptop_name: String::new(),
            file_name: r.get(4)?,
            at: r.get(5)?,
            counts: Counts {
                events: r.get(6)?,
                voids: r.get(7)?,
                walk_ups: r.get(8)?,
            },
            summary: serde_json::from_str(&summary).unwrap_or(serde_json::Value::Null),
        })
    })?;
    rows.collect()
}
