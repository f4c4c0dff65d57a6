//! All SQL for the progress_event and progress_settings tables.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::events::{Event, EventId, EventKind, Mark, Marks, NewEvent, Source};
use super::status::ProgressSettings;
use crate::campaign::CampaignId;
use crate::roster::StudentNo;
use crate::store::fmt_date;

const SELECT_EVENT: &str = "SELECT e.id, e.student_id, s.student_no, s.name, e.kind, e.date,
     e.source, e.note, e.recorded_by, e.origin, e.created_at, e.voided_at, e.void_reason
     FROM progress_event e JOIN student s ON s.id = e.student_id";

fn bad_text(col: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        format!("unknown {what} {text:?}").into(),
    )
}

/// Kind, date and source are read in place: every status starts from all the events, and
/// an owned copy of each only to parse it was a tenth of the overview's time.
fn event_from_row(r: &rusqlite::Row) -> rusqlite::Result<Event> {
    let text = |i: usize| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
    let kind = text(4)?;
    let source = text(6)?;
    let date = text(5)?;
    let no: String = r.get(2)?;
    Ok(Event {
        id: EventId(r.get(0)?),
        student_id: r.get(1)?,
        student_no: StudentNo::from_trusted(no),
        name: r.get(3)?,
        kind: EventKind::parse(kind).ok_or_else(|| bad_text(4, "event kind", kind))?,
        date: date
            .parse::<NaiveDate>()
            .map_err(|_| bad_text(5, "date", date))?,
        source: Source::parse(source).ok_or_else(|| bad_text(6, "source", source))?,
        note: r.get(7)?,
        recorded_by: r.get(8)?,
        origin: r.get(9)?,
        created_at: r.get(10)?,
        voided_at: r.get(11)?,
        void_reason: r.get(12)?,
    })
}

/// Prepared insert for many events in one transaction.
pub struct EventWriter<'c> {
    stmt: rusqlite::Statement<'c>,
    campaign: CampaignId,
}

impl<'c> EventWriter<'c> {
    pub fn new(conn: &'c Connection, campaign: CampaignId) -> rusqlite::Result<EventWriter<'c>> {
        let stmt = conn.prepare(
            "INSERT INTO progress_event (campaign_id, student_id, kind, date, source, note,
                 recorded_by, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        Ok(EventWriter { stmt, campaign })
    }

    pub fn insert(
        &mut self,
        student_id: i64,
        e: &NewEvent,
        now: &str,
    ) -> rusqlite::Result<EventId> {
        let id = self.stmt.insert(params![
            self.campaign.0,
            student_id,
            e.kind.as_str(),
            fmt_date(e.date),
            e.source.as_str(),
            e.note,
            e.recorded_by,
            e.origin,
            now,
        ])?;
        Ok(EventId(id))
    }
}

pub fn get_event(
    conn: &Connection,
    campaign: CampaignId,
    id: EventId,
) -> rusqlite::Result<Option<Event>> {
    conn.query_row(
        &format!("{SELECT_EVENT} WHERE e.campaign_id = ?1 AND e.id = ?2"),
        params![campaign.0, id.0],
        event_from_row,
    )
    .optional()
}

/// Marks an event void; returns rows changed (0 when missing or already void).
pub fn void_event(
    conn: &Connection,
    campaign: CampaignId,
    id: EventId,
    reason: &str,
    now: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE progress_event SET voided_at = ?3, void_reason = ?4
         WHERE campaign_id = ?1 AND id = ?2 AND voided_at IS NULL",
        params![campaign.0, id.0, now, reason],
    )
}

/// Events of the campaign (of one student when given), oldest first by date then id.
pub fn list_events(
    conn: &Connection,
    campaign: CampaignId,
    student_id: Option<i64>,
    include_void: bool,
) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_EVENT} WHERE e.campaign_id = ?1 AND (?2 IS NULL OR e.student_id = ?2)
           AND (?3 OR e.voided_at IS NULL)
         ORDER BY s.student_no, e.date, e.id"
    ))?;
    let rows = stmt.query_map(
        params![campaign.0, student_id, include_void],
        event_from_row,
    )?;
    rows.collect()
}

/// The campaign's active (not void) events as marks: what every status derivation and
/// every check of a new event starts from. Read from the event table alone, without the
/// student's 学号 and name or the event's history, which none of them needs.
pub fn active_marks(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Marks> {
    let mut stmt = conn.prepare(
        "SELECT student_id, id, kind, date, note FROM progress_event
         WHERE campaign_id = ?1 AND voided_at IS NULL",
    )?;
    let mut pairs = Vec::new();
    let mut rows = stmt.query([campaign.0])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
        let (kind, date) = (text(2)?, text(3)?);
        let mark = Mark {
            id: EventId(r.get(1)?),
            kind: EventKind::parse(kind).ok_or_else(|| bad_text(2, "event kind", kind))?,
            date: date
                .parse::<NaiveDate>()
                .map_err(|_| bad_text(3, "date", date))?,
            note: r.get(4)?,
        };
        pairs.push((r.get(0)?, mark));
    }
    Ok(Marks::from_pairs(pairs))
}

/// (student row id, kind, origin) of the campaign's active verdicts, for an agency list
/// of verdicts read again (see [`super::reconcile::OnRecord`]).
pub fn verdict_origins(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<HashSet<(i64, EventKind, String)>> {
    let mut stmt = conn.prepare(
        "SELECT student_id, kind, origin FROM progress_event
         WHERE campaign_id = ?1 AND voided_at IS NULL AND origin <> ''",
    )?;
    let mut out = HashSet::new();
    let mut rows = stmt.query([campaign.0])?;
    while let Some(r) = rows.next()? {
        let kind = r.get_ref(1)?.as_str()?;
        let kind = EventKind::parse(kind).ok_or_else(|| bad_text(1, "event kind", kind))?;
        if kind.is_verdict() {
            out.insert((r.get(0)?, kind, r.get(2)?));
        }
    }
    Ok(out)
}

/// The campaign's progress settings; defaults when none are stored.
pub fn get_settings(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<ProgressSettings> {
    let stored = conn
        .query_row(
            "SELECT verification_days, warn_days, walk_in_warn_days
             FROM progress_settings WHERE campaign_id = ?1",
            [campaign.0],
            |r| {
                Ok(ProgressSettings {
                    verification_days: r.get(0)?,
                    warn_days: r.get(1)?,
                    walk_in_warn_days: r.get(2)?,
                })
            },
        )
        .optional()?;
    Ok(stored.unwrap_or_default())
}

pub fn put_settings(
    conn: &Connection,
    campaign: CampaignId,
    s: &ProgressSettings,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO progress_settings (campaign_id, verification_days, warn_days, walk_in_warn_days)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (campaign_id) DO UPDATE SET verification_days = ?2, warn_days = ?3,
             walk_in_warn_days = ?4",
        params![campaign.0, s.verification_days, s.warn_days, s.walk_in_warn_days],
    )?;
    Ok(())
}
