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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
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

/// The student columns an import writes, in bind order after `campaign_id`.
const IMPORT_COLUMNS: &str = "student_no, name, gender, id_number, college, major, class_name,
     intake_year, duration_years, level, campus, site, enrolment_status, grad_year,
     counselor, phone, ineligible_reason, extra, warnings";

/// A student as stored, with what an import compares.
#[derive(Debug, Clone)]
pub struct StoredStudent {
    pub id: i64,
    pub student: Student,
    pub ineligible_reason: Option<String>,
    pub extra: String,
    pub warnings: String,
    pub withdrawn_at: Option<String>,
}

fn stored_from_row(r: &rusqlite::Row) -> rusqlite::Result<StoredStudent> {
    let no: String = r.get(1)?;
    let gender: Option<String> = r.get(3)?;
    Ok(StoredStudent {
        id: r.get(0)?,
        student: Student {
            student_no: super::StudentNo::from_trusted(no),
            name: r.get(2)?,
            gender: gender.as_deref().and_then(super::Gender::parse),
            id_number: r.get(4)?,
            college: r.get(5)?,
            major: r.get(6)?,
            class_name: r.get(7)?,
            intake_year: r.get(8)?,
            duration_years: r.get(9)?,
            level: r.get(10)?,
            campus: r.get(11)?,
            site: r.get(12)?,
            enrolment_status: r.get(13)?,
            grad_year: r.get(14)?,
            counselor: r.get(15)?,
            phone: r.get(16)?,
        },
        ineligible_reason: r.get(17)?,
        extra: r.get(18)?,
        warnings: r.get(19)?,
        withdrawn_at: r.get(20)?,
    })
}

const SELECT_STORED: &str = "SELECT id, student_no, name, gender, id_number, college, major,
     class_name, intake_year, duration_years, level, campus, site, enrolment_status, grad_year,
     counselor, phone, ineligible_reason, extra, warnings, withdrawn_at FROM student";

/// Every student of the campaign, withdrawn ones included, by 学号.
pub fn load_stored(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
) -> rusqlite::Result<std::collections::HashMap<String, StoredStudent>> {
    let mut stmt = conn.prepare(&format!("{SELECT_STORED} WHERE campaign_id = ?1"))?;
    let rows = stmt.query_map([campaign.0], stored_from_row)?;
    let mut out = std::collections::HashMap::new();
    for r in rows {
        let s = r?;
        out.insert(s.student.student_no.as_str().to_string(), s);
    }
    Ok(out)
}

/// The order [`each_stored`] gives students in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudentOrder {
    /// By 学号.
    StudentNo,
    /// By 学院, 班级, 学号: the order of the final lists.
    CollegeClass,
}

/// Calls `f` with every student of the campaign (withdrawn ones included) in `order`,
/// one at a time as SQLite returns them, so a caller that does not keep them all never
/// holds the whole roster.
pub fn each_stored<E: From<rusqlite::Error>>(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
    order: StudentOrder,
    mut f: impl FnMut(StoredStudent) -> Result<(), E>,
) -> Result<(), E> {
    let by = match order {
        StudentOrder::StudentNo => "student_no",
        StudentOrder::CollegeClass => "college, class_name, student_no",
    };
    let mut stmt = conn.prepare(&format!(
        "{SELECT_STORED} WHERE campaign_id = ?1 ORDER BY {by}"
    ))?;
    let mut rows = stmt.query([campaign.0])?;
    while let Some(r) = rows.next()? {
        f(stored_from_row(r)?)?;
    }
    Ok(())
}

/// Where an eligible, not withdrawn student is counted: row id, 班级, campus (else the
/// off-campus site, as the progress page shows it) and 学院.
pub struct GroupKey<'r> {
    pub id: i64,
    pub class_name: &'r str,
    pub campus: &'r str,
    pub college: &'r str,
}

/// Calls `f` with the [`GroupKey`] of every eligible, not withdrawn student of the
/// campaign: what head counts need, without reading whole students (the overview counts
/// 50,000 students at every start).
pub fn each_group_key<E: From<rusqlite::Error>>(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
    mut f: impl FnMut(GroupKey<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let mut stmt = conn.prepare(
        "SELECT id, class_name, CASE WHEN campus = '' THEN site ELSE campus END, college
         FROM student
         WHERE campaign_id = ?1 AND ineligible_reason IS NULL AND withdrawn_at IS NULL",
    )?;
    let mut rows = stmt.query([campaign.0])?;
    while let Some(r) = rows.next()? {
        // Borrowed from SQLite's row, not copied into a String per student.
        let text = |i: usize| -> rusqlite::Result<&str> {
            r.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
            })
        };
        f(GroupKey {
            id: r.get(0)?,
            class_name: text(1)?,
            campus: text(2)?,
            college: text(3)?,
        })?;
    }
    Ok(())
}

/// What matching a list to the roster needs of one student: row id, 学号, 姓名, 班级,
/// 身份证号.
pub type MatchKey = (i64, String, String, String, Option<String>);

/// Every student of the campaign (withdrawn ones included) by 学号, only the columns a
/// list is matched on (an agency list against 50,000 students reads these five, not the
/// whole roster).
pub fn match_keys(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
) -> rusqlite::Result<Vec<MatchKey>> {
    let mut stmt = conn.prepare(
        "SELECT id, student_no, name, class_name, id_number FROM student
         WHERE campaign_id = ?1 ORDER BY student_no",
    )?;
    let rows = stmt.query_map([campaign.0], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    rows.collect()
}

/// What the roster list filters on; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub class_name: Option<String>,
    pub campus: Option<String>,
    pub college: Option<String>,
    /// Substring of 学号, 姓名 or 班级.
    pub search: Option<String>,
    pub include_withdrawn: bool,
}

/// The campaign's students in 学号 order, filtered.
pub fn list_stored(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
    f: &ListFilter,
) -> rusqlite::Result<Vec<StoredStudent>> {
    let sql = format!(
        "{SELECT_STORED} WHERE campaign_id = ?1
           AND (?2 IS NULL OR class_name = ?2)
           AND (?3 IS NULL OR campus = ?3)
           AND (?4 IS NULL OR college = ?4)
           AND (?5 IS NULL OR instr(student_no, ?5) > 0 OR instr(name, ?5) > 0
                OR instr(class_name, ?5) > 0)
           AND (?6 OR withdrawn_at IS NULL)
         ORDER BY student_no"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            campaign.0,
            f.class_name,
            f.campus,
            f.college,
            f.search,
            f.include_withdrawn
        ],
        stored_from_row,
    )?;
    rows.collect()
}

/// A student row to write, with everything derived already.
pub struct ImportedRow<'a> {
    pub student: &'a Student,
    pub ineligible_reason: Option<&'a str>,
    pub extra: &'a str,
    pub warnings: &'a str,
}

/// Prepared statements for one import, reused for every row.
pub struct ImportWriter<'c> {
    insert: rusqlite::Statement<'c>,
    update: rusqlite::Statement<'c>,
    withdraw: rusqlite::Statement<'c>,
    campaign: CampaignId,
}

impl<'c> ImportWriter<'c> {
    pub fn new(tx: &'c Transaction, campaign: CampaignId) -> rusqlite::Result<ImportWriter<'c>> {
        let insert = tx.prepare(&format!(
            "INSERT INTO student (campaign_id, {IMPORT_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20)"
        ))?;
        // ?1 is the row id here; withdrawn students listed again come back.
        let update = tx.prepare(
            "UPDATE student SET student_no = ?2, name = ?3, gender = ?4, id_number = ?5,
                 college = ?6, major = ?7, class_name = ?8, intake_year = ?9,
                 duration_years = ?10, level = ?11, campus = ?12, site = ?13,
                 enrolment_status = ?14, grad_year = ?15, counselor = ?16, phone = ?17,
                 ineligible_reason = ?18, extra = ?19, warnings = ?20, withdrawn_at = NULL
             WHERE id = ?1",
        )?;
        let withdraw = tx.prepare("UPDATE student SET withdrawn_at = ?2 WHERE id = ?1")?;
        Ok(ImportWriter {
            insert,
            update,
            withdraw,
            campaign,
        })
    }

    fn bind(stmt: &mut rusqlite::Statement, key: i64, r: &ImportedRow) -> rusqlite::Result<()> {
        let s = r.student;
        stmt.execute(params![
            key,
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
            r.ineligible_reason,
            r.extra,
            r.warnings,
        ])?;
        Ok(())
    }

    pub fn insert(&mut self, r: &ImportedRow) -> rusqlite::Result<()> {
        let c = self.campaign.0;
        Self::bind(&mut self.insert, c, r)
    }

    pub fn update(&mut self, id: i64, r: &ImportedRow) -> rusqlite::Result<()> {
        Self::bind(&mut self.update, id, r)
    }

    pub fn withdraw(&mut self, id: i64, now: &str) -> rusqlite::Result<()> {
        self.withdraw.execute(params![id, now])?;
        Ok(())
    }
}

/// The mapping remembered for a header set, as stored JSON.
pub fn get_header_mapping(
    conn: &rusqlite::Connection,
    key: &str,
) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT mapping FROM header_mapping WHERE header_key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()
}

pub fn put_header_mapping(
    conn: &rusqlite::Connection,
    key: &str,
    mapping: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO header_mapping (header_key, mapping, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping,
             updated_at = excluded.updated_at",
        params![key, mapping, now],
    )?;
    Ok(())
}

/// Counts of one import, as logged.
pub struct ImportLog<'a> {
    pub file_name: &'a str,
    pub sheet: &'a str,
    pub imported_at: &'a str,
    /// read, added, updated, unchanged, withdrawn, ineligible, rejected, warnings.
    pub counts: [usize; 8],
}

pub fn insert_import_log(
    conn: &rusqlite::Connection,
    campaign: CampaignId,
    log: &ImportLog,
) -> rusqlite::Result<()> {
    let c = log.counts.map(|n| n as i64);
    conn.execute(
        "INSERT INTO roster_import (campaign_id, file_name, sheet, imported_at, read, added,
             updated, unchanged, withdrawn, ineligible, rejected, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            campaign.0,
            log.file_name,
            log.sheet,
            log.imported_at,
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[6],
            c[7]
        ],
    )?;
    Ok(())
}
