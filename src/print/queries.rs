//! All SQL of printing: the print_setting table, and the ways printing reads the student
//! table (学号, 姓名, 性别 per class for the sheets; with 学院 and 辅导员 for the counselor
//! lists; never the ID number or the phone). Those reads live here rather than in
//! roster/queries.rs because only printing needs them, and they must not even load
//! `id_number` or `phone`.

use rusqlite::{params, Connection, OptionalExtension};

use crate::campaign::CampaignId;

pub fn get_setting(
    conn: &Connection,
    id: CampaignId,
    key: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM print_setting WHERE campaign_id = ?1 AND key = ?2",
        params![id.0, key],
        |r| r.get(0),
    )
    .optional()
}

pub fn set_setting(
    conn: &Connection,
    id: CampaignId,
    key: &str,
    value: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO print_setting (campaign_id, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (campaign_id, key) DO UPDATE SET value = excluded.value",
        params![id.0, key, value],
    )?;
    Ok(())
}

pub fn delete_setting(conn: &Connection, id: CampaignId, key: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM print_setting WHERE campaign_id = ?1 AND key = ?2",
        params![id.0, key],
    )?;
    Ok(())
}

/// A student as a printed list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedStudent {
    pub class_name: String,
    pub student_no: String,
    pub name: String,
    pub gender: String,
}

/// Eligible, not withdrawn students, by class then 学号 (the order slots count
/// `student_offset` in). `class_name` narrows to one class.
pub fn eligible_by_class(
    conn: &Connection,
    id: CampaignId,
    class_name: Option<&str>,
) -> rusqlite::Result<Vec<ListedStudent>> {
    let mut stmt = conn.prepare(
        "SELECT class_name, student_no, name, coalesce(gender, '') FROM student
         WHERE campaign_id = ?1 AND withdrawn_at IS NULL AND ineligible_reason IS NULL
           AND (?2 IS NULL OR class_name = ?2)
         ORDER BY class_name, student_no",
    )?;
    let rows = stmt.query_map(params![id.0, class_name], |r| {
        Ok(ListedStudent {
            class_name: r.get(0)?,
            student_no: r.get(1)?,
            name: r.get(2)?,
            gender: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// A student as the counselor lists need them: what the list prints (学号, 姓名, 性别),
/// where it goes (班级, 学院, 辅导员), and the row id their progress events hang on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounselorListStudent {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub gender: String,
    pub class_name: String,
    pub college: String,
    pub counselor: String,
}

/// The counselor lists' read of the student table; its columns are exactly
/// [`CounselorListStudent`]'s.
const COUNSELOR_LIST_STUDENTS: &str =
    "SELECT id, student_no, name, coalesce(gender, ''), class_name, college, counselor
     FROM student
     WHERE campaign_id = ?1 AND withdrawn_at IS NULL AND ineligible_reason IS NULL
     ORDER BY class_name, student_no";

/// Eligible, not withdrawn students for the counselor lists, by class then 学号.
pub fn counselor_list_students(
    conn: &Connection,
    id: CampaignId,
) -> rusqlite::Result<Vec<CounselorListStudent>> {
    let mut stmt = conn.prepare(COUNSELOR_LIST_STUDENTS)?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok(CounselorListStudent {
            id: r.get(0)?,
            student_no: r.get(1)?,
            name: r.get(2)?,
            gender: r.get(3)?,
            class_name: r.get(4)?,
            college: r.get(5)?,
            counselor: r.get(6)?,
        })
    })?;
    rows.collect()
}
