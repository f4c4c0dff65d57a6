//! All SQL for the campaign, campus, venue, session_window, milestone, class_setting and
//! campaign_closing tables.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::model::*;
use crate::store::{fmt_date, DATE};

const TIME: &str = "%H:%M";

fn date_col(row: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(idx)?;
    NaiveDate::parse_from_str(&text, DATE).map_err(|e| bad_col(idx, e))
}

fn time_col(row: &Row, idx: usize) -> rusqlite::Result<NaiveTime> {
    let text: String = row.get(idx)?;
    NaiveTime::parse_from_str(&text, TIME).map_err(|e| bad_col(idx, e))
}

fn bad_col(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn fmt_time(t: NaiveTime) -> String {
    t.format(TIME).to_string()
}

const CAMPAIGN_COLS: &str = "id, name, grad_year, office_name, notice_date, school_code, \
     region_code, batch_code, fee_onsite_fen, fee_online_fen, fee_walk_in_fen, agency_name, \
     agency_address, agency_phone, office_contact, created_at";

fn campaign_from_row(row: &Row) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        id: CampaignId(row.get(0)?),
        facts: CampaignFacts {
            name: row.get(1)?,
            grad_year: row.get(2)?,
            office_name: row.get(3)?,
            notice_date: date_col(row, 4)?,
            school_code: row.get(5)?,
            region_code: row.get(6)?,
            batch_code: row.get(7)?,
            fee_onsite: Fen(row.get(8)?),
            fee_online: Fen(row.get(9)?),
            fee_walk_in: Fen(row.get(10)?),
            agency_name: row.get(11)?,
            agency_address: row.get(12)?,
            agency_phone: row.get(13)?,
            office_contact: row.get(14)?,
        },
        created_at: row.get(15)?,
    })
}

pub fn insert_campaign(
    conn: &Connection,
    f: &CampaignFacts,
    now: &str,
) -> rusqlite::Result<CampaignId> {
    conn.execute(
        "INSERT INTO campaign (name, grad_year, office_name, notice_date, school_code, region_code,
             batch_code, fee_onsite_fen, fee_online_fen, fee_walk_in_fen, agency_name,
             agency_address, agency_phone, office_contact, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            f.name,
            f.grad_year,
            f.office_name,
            fmt_date(f.notice_date),
            f.school_code,
            f.region_code,
            f.batch_code,
            f.fee_onsite.0,
            f.fee_online.0,
            f.fee_walk_in.0,
            f.agency_name,
            f.agency_address,
            f.agency_phone,
            f.office_contact,
            now
        ],
    )?;
    Ok(CampaignId(conn.last_insert_rowid()))
}

pub fn update_campaign(
    conn: &Connection,
    id: CampaignId,
    f: &CampaignFacts,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE campaign SET name = ?2, grad_year = ?3, office_name = ?4, notice_date = ?5,
             school_code = ?6, region_code = ?7, batch_code = ?8, fee_onsite_fen = ?9,
             fee_online_fen = ?10, fee_walk_in_fen = ?11, agency_name = ?12,
             agency_address = ?13, agency_phone = ?14, office_contact = ?15
         WHERE id = ?1",
        params![
            id.0,
            f.name,
            f.grad_year,
            f.office_name,
            fmt_date(f.notice_date),
            f.school_code,
            f.region_code,
            f.batch_code,
            f.fee_onsite.0,
            f.fee_online.0,
            f.fee_walk_in.0,
            f.agency_name,
            f.agency_address,
            f.agency_phone,
            f.office_contact
        ],
    )
}

pub fn get_campaign(conn: &Connection, id: CampaignId) -> rusqlite::Result<Option<Campaign>> {
    conn.query_row(
        &format!("SELECT {CAMPAIGN_COLS} FROM campaign WHERE id = ?1"),
        [id.0],
        campaign_from_row,
    )
    .optional()
}

/// The campaign with this name (trimmed, exact), if any.
pub fn find_campaign_by_name(
    conn: &Connection,
    name: &str,
) -> rusqlite::Result<Option<CampaignId>> {
    conn.query_row(
        "SELECT id FROM campaign WHERE trim(name) = ?1 ORDER BY id LIMIT 1",
        [name.trim()],
        |r| Ok(CampaignId(r.get(0)?)),
    )
    .optional()
}

/// Newest first: the highest cohort, then the most recently created.
pub fn list_campaigns(conn: &Connection) -> rusqlite::Result<Vec<Campaign>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CAMPAIGN_COLS} FROM campaign ORDER BY grad_year DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], campaign_from_row)?;
    rows.collect()
}

pub fn list_campuses(conn: &Connection, id: CampaignId) -> rusqlite::Result<Vec<Campus>> {
    let mut stmt =
        conn.prepare("SELECT id, name FROM campus WHERE campaign_id = ?1 ORDER BY position, id")?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(Campus {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    rows.collect()
}

pub fn insert_campus(conn: &Connection, id: CampaignId, name: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO campus (campaign_id, name, position)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM campus WHERE campaign_id = ?1))",
        params![id.0, name],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn rename_campus(
    conn: &Connection,
    id: CampaignId,
    campus_id: i64,
    name: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE campus SET name = ?3 WHERE id = ?2 AND campaign_id = ?1",
        params![id.0, campus_id, name],
    )
}

pub fn delete_campus(conn: &Connection, id: CampaignId, campus_id: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM campus WHERE id = ?2 AND campaign_id = ?1",
        params![id.0, campus_id],
    )
}

pub fn list_venues(conn: &Connection, id: CampaignId) -> rusqlite::Result<Vec<Venue>> {
    let mut stmt = conn.prepare(
        "SELECT v.id, v.campus_id, c.name, v.name, v.stations, v.throughput_per_hour
         FROM venue v JOIN campus c ON c.id = v.campus_id
         WHERE c.campaign_id = ?1 ORDER BY c.position, c.id, v.name",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(Venue {
            id: r.get(0)?,
            campus_id: r.get(1)?,
            campus: r.get(2)?,
            name: r.get(3)?,
            stations: r.get(4)?,
            throughput_per_hour: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// Inserts a venue under a campus of this campaign; `None` if the campus is not ours.
pub fn insert_venue(
    conn: &Connection,
    id: CampaignId,
    campus_id: i64,
    v: &VenueInput,
) -> rusqlite::Result<Option<i64>> {
    let n = conn.execute(
        "INSERT INTO venue (campus_id, name, stations, throughput_per_hour)
         SELECT id, ?3, ?4, ?5 FROM campus WHERE id = ?2 AND campaign_id = ?1",
        params![id.0, campus_id, v.name, v.stations, v.throughput_per_hour],
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

pub fn update_venue(
    conn: &Connection,
    id: CampaignId,
    venue_id: i64,
    v: &VenueInput,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE venue SET name = ?3, stations = ?4, throughput_per_hour = ?5
         WHERE id = ?2 AND campus_id IN (SELECT id FROM campus WHERE campaign_id = ?1)",
        params![id.0, venue_id, v.name, v.stations, v.throughput_per_hour],
    )
}

pub fn delete_venue(conn: &Connection, id: CampaignId, venue_id: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM venue WHERE id = ?2 AND campus_id IN (SELECT id FROM campus WHERE campaign_id = ?1)",
        params![id.0, venue_id],
    )
}

pub fn list_windows(conn: &Connection, id: CampaignId) -> rusqlite::Result<Vec<SessionWindow>> {
    let mut stmt = conn.prepare(
        "SELECT w.id, w.venue_id, w.date, w.start, w.end
         FROM session_window w JOIN venue v ON v.id = w.venue_id JOIN campus c ON c.id = v.campus_id
         WHERE c.campaign_id = ?1 ORDER BY w.date, w.start, c.position, v.name",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(SessionWindow {
            id: r.get(0)?,
            venue_id: r.get(1)?,
            date: date_col(r, 2)?,
            start: time_col(r, 3)?,
            end: time_col(r, 4)?,
        })
    })?;
    rows.collect()
}

const OWN_VENUE: &str =
    "SELECT v.id FROM venue v JOIN campus c ON c.id = v.campus_id WHERE c.campaign_id = ?1";

pub fn insert_window(
    conn: &Connection,
    id: CampaignId,
    venue_id: i64,
    w: &WindowInput,
) -> rusqlite::Result<Option<i64>> {
    let n = conn.execute(
        &format!(
            "INSERT INTO session_window (venue_id, date, start, end)
             SELECT ?2, ?3, ?4, ?5 WHERE ?2 IN ({OWN_VENUE})"
        ),
        params![
            id.0,
            venue_id,
            fmt_date(w.date),
            fmt_time(w.start),
            fmt_time(w.end)
        ],
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

pub fn update_window(
    conn: &Connection,
    id: CampaignId,
    window_id: i64,
    w: &WindowInput,
) -> rusqlite::Result<usize> {
    conn.execute(
        &format!(
            "UPDATE session_window SET date = ?3, start = ?4, end = ?5
             WHERE id = ?2 AND venue_id IN ({OWN_VENUE})"
        ),
        params![
            id.0,
            window_id,
            fmt_date(w.date),
            fmt_time(w.start),
            fmt_time(w.end)
        ],
    )
}

pub fn delete_window(conn: &Connection, id: CampaignId, window_id: i64) -> rusqlite::Result<usize> {
    conn.execute(
        &format!("DELETE FROM session_window WHERE id = ?2 AND venue_id IN ({OWN_VENUE})"),
        params![id.0, window_id],
    )
}

pub fn list_milestones(conn: &Connection, id: CampaignId) -> rusqlite::Result<Vec<Milestone>> {
    let mut stmt = conn
        .prepare("SELECT kind, start_date, end_date, note FROM milestone WHERE campaign_id = ?1")?;
    let rows = stmt.query_map([id.0], |r| {
        let kind: String = r.get(0)?;
        let start: Option<String> = r.get(1)?;
        Ok(Milestone {
            kind: MilestoneKind::parse(&kind).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("unknown milestone kind {kind}").into(),
                )
            })?,
            start: start
                .map(|s| NaiveDate::parse_from_str(&s, DATE).map_err(|e| bad_col(1, e)))
                .transpose()?,
            end: date_col(r, 2)?,
            note: r.get(3)?,
        })
    })?;
    let mut list = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    list.sort_by_key(|m| m.kind);
    Ok(list)
}

pub fn upsert_milestone(
    conn: &Connection,
    id: CampaignId,
    m: &Milestone,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO milestone (campaign_id, kind, start_date, end_date, note)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (campaign_id, kind) DO UPDATE SET
             start_date = excluded.start_date, end_date = excluded.end_date, note = excluded.note",
        params![
            id.0,
            m.kind.as_str(),
            m.start.map(fmt_date),
            fmt_date(m.end),
            m.note
        ],
    )
}

pub fn delete_milestone(
    conn: &Connection,
    id: CampaignId,
    kind: MilestoneKind,
) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM milestone WHERE campaign_id = ?1 AND kind = ?2",
        params![id.0, kind.as_str()],
    )
}

pub fn list_class_settings(
    conn: &Connection,
    id: CampaignId,
) -> rusqlite::Result<Vec<ClassSetting>> {
    let mut stmt = conn.prepare(
        "SELECT class_name, campus, online, not_before, not_on FROM class_setting
         WHERE campaign_id = ?1 ORDER BY class_name",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        let not_before: Option<String> = r.get(3)?;
        let not_on: String = r.get(4)?;
        Ok(ClassSetting {
            class_name: r.get(0)?,
            campus: r.get(1)?,
            online: r.get(2)?,
            not_before: not_before
                .map(|t| NaiveDate::parse_from_str(&t, DATE).map_err(|e| bad_col(3, e)))
                .transpose()?,
            not_on: serde_json::from_str(&not_on).map_err(|e| bad_col(4, e))?,
        })
    })?;
    rows.collect()
}

pub fn upsert_class_setting(
    conn: &Connection,
    id: CampaignId,
    s: &ClassSetting,
) -> rusqlite::Result<()> {
    let not_on = serde_json::to_string(&s.not_on).map_err(|e| bad_col(4, e))?;
    conn.execute(
        "INSERT INTO class_setting (campaign_id, class_name, campus, online, not_before, not_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (campaign_id, class_name) DO UPDATE SET campus = excluded.campus,
           online = excluded.online, not_before = excluded.not_before, not_on = excluded.not_on",
        params![
            id.0,
            s.class_name,
            s.campus,
            s.online,
            s.not_before.map(fmt_date),
            not_on
        ],
    )?;
    Ok(())
}

/// A closing as stored, raw.
pub struct ClosingRow {
    pub id: i64,
    pub closed_at: String,
    pub as_of: String,
    pub summary_json: String,
    pub reopened_at: Option<String>,
}

const SELECT_CLOSING: &str =
    "SELECT id, closed_at, as_of, summary, reopened_at FROM campaign_closing";

fn closing_from_row(r: &rusqlite::Row) -> rusqlite::Result<ClosingRow> {
    Ok(ClosingRow {
        id: r.get(0)?,
        closed_at: r.get(1)?,
        as_of: r.get(2)?,
        summary_json: r.get(3)?,
        reopened_at: r.get(4)?,
    })
}

/// The closing in force (not reopened), if the campaign is closed.
pub fn open_closing(
    conn: &Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Option<ClosingRow>> {
    conn.query_row(
        &format!("{SELECT_CLOSING} WHERE campaign_id = ?1 AND reopened_at IS NULL"),
        [campaign.0],
        closing_from_row,
    )
    .optional()
}

/// Every closing of the campaign, oldest first.
pub fn list_closings(conn: &Connection, campaign: CampaignId) -> rusqlite::Result<Vec<ClosingRow>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_CLOSING} WHERE campaign_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([campaign.0], closing_from_row)?;
    rows.collect()
}

pub fn insert_closing(
    conn: &Connection,
    campaign: CampaignId,
    as_of: NaiveDate,
    summary_json: &str,
    now: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO campaign_closing (campaign_id, closed_at, as_of, summary)
         VALUES (?1, ?2, ?3, ?4)",
        params![campaign.0, now, fmt_date(as_of), summary_json],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn mark_reopened(conn: &Connection, closing_id: i64, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE campaign_closing SET reopened_at = ?2 WHERE id = ?1",
        params![closing_id, now],
    )?;
    Ok(())
}
