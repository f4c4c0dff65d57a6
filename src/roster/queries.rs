//! All SQL for the student table.

use rusqlite::{params, Transaction};
use serde::Serialize;

use super::{ineligibility, Student};
use crate::campaign::CampaignId;

pub fn insert_students(
    tx: &Transaction,
    campaign: CampaignId,
    grad_year: i32,
    students: &[Student],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO student (campaign_id, student_no, name, gender, id_number, college, major,
             class_name, intake_year, duration_years, level, campus, site, enrolment_status,
             grad_year, counselor, phone, ineligible_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for s in students {
        stmt.execute(params![
            campaign.0,
            s.student_no.as_str(),
            s.name,
            s.gender.map(|g| g.as_str()),
            s.id_number,
            s.college,
            s.major,
            s.class_name,
            s.intake_year,
            s.duration_years,
            s.level,
            s.campus,
            s.site,
            s.enrolment_status,
            s.grad_year,
            s.counselor,
            s.phone,
            ineligibility(s, grad_year),
        ])?;
    }
    Ok(())
}

/// Head counts of a campaign's roster.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RosterCounts {
    /// Everyone on the roster and not withdrawn.
    pub total: i64,
    pub eligible: i64,
    pub ineligible: i64,
    pub withdrawn: i64,
}

pub fn counts(conn: &rusqlite::Connection, campaign: CampaignId) -> rusqlite::Result<RosterCounts> {
    conn.query_row(
        "SELECT
             coalesce(sum(withdrawn_at IS NULL), 0),
             coalesce(sum(withdrawn_at IS NULL AND ineligible_reason IS NULL), 0),
             coalesce(sum(withdrawn_at IS NULL AND ineligible_reason IS NOT NULL), 0),
             coalesce(sum(withdrawn_at IS NOT NULL), 0)
         FROM student WHERE campaign_id = ?1",
        [campaign.0],
        |r| {
            Ok(RosterCounts {
                total: r.get(0)?,
                eligible: r.get(1)?,
                ineligible: r.get(2)?,
                withdrawn: r.get(3)?,
            })
        },
    )
}
