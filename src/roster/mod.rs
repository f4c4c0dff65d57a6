//! The roster: the campaign's students, who is eligible, and the rules on their fields.
//!
//! **Invariant:** a student is never deleted by an import; one missing from a newer roster
//! is marked withdrawn so their progress stays.

pub mod id_number;
pub mod import;
pub(crate) mod queries;

use std::fmt;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::campaign::CampaignId;
pub use id_number::Gender;
pub use queries::{ListFilter, RosterCounts};

/// The enrolment status that makes a student eligible (学信网 注册学籍).
pub const ELIGIBLE_STATUS: &str = "注册学籍";

/// How student information systems write "registered" (注册学籍). Anything else — 休学,
/// 保留学籍, 退学, 结业 … — is not eligible.
const REGISTERED: &[&str] = &[ELIGIBLE_STATUS, "在籍", "在读", "注册", "有学籍", "已注册"];

/// True when an enrolment status means 注册学籍 (spaces inside ignored: "在 籍").
pub fn is_registered(status: &str) -> bool {
    let compact: String = status.split_whitespace().collect();
    REGISTERED.contains(&compact.as_str())
}

/// 学号: text, never a number (leading zeros matter).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
pub struct StudentNo(String);

impl StudentNo {
    /// Trims spaces (ASCII and full-width); `None` when nothing is left.
    pub fn new(text: &str) -> Option<StudentNo> {
        let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        (!t.is_empty()).then(|| StudentNo(t.to_string()))
    }

    /// For numbers made by the program itself (demo, tests), already clean and non-empty.
    pub(crate) fn from_trusted(text: String) -> StudentNo {
        debug_assert!(!text.trim().is_empty());
        StudentNo(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StudentNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A student as the roster gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Student {
    pub student_no: StudentNo,
    pub name: String,
    pub gender: Option<Gender>,
    pub id_number: Option<String>,
    pub college: String,
    pub major: String,
    pub class_name: String,
    pub intake_year: Option<i32>,
    pub duration_years: Option<i32>,
    pub level: String,
    pub campus: String,
    pub site: String,
    pub enrolment_status: String,
    pub grad_year: Option<i32>,
    pub counselor: String,
    pub phone: String,
}

/// Why a student is not eligible for this campaign, or `None` when they are.
pub fn ineligibility(s: &Student, campaign_grad_year: i32) -> Option<String> {
    if !is_registered(&s.enrolment_status) {
        let status = if s.enrolment_status.trim().is_empty() {
            "空"
        } else {
            s.enrolment_status.trim()
        };
        return Some(format!("学籍状态为「{status}」，不是「{ELIGIBLE_STATUS}」"));
    }
    match s.grad_year {
        Some(y) if y == campaign_grad_year => None,
        Some(y) => Some(format!("预计毕业年份为 {y}，不是 {campaign_grad_year}")),
        None => Some("缺少预计毕业年份".to_string()),
    }
}

/// Errors from reading or writing the roster.
#[derive(Debug, Error)]
pub enum RosterError {
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Adds students to a campaign in one transaction, computing eligibility.
pub fn insert_all(
    conn: &mut Connection,
    campaign: CampaignId,
    grad_year: i32,
    students: &[Student],
) -> Result<(), RosterError> {
    let tx = conn.transaction()?;
    queries::insert_students(&tx, campaign, grad_year, students)?;
    tx.commit()?;
    Ok(())
}

/// A student as the roster shows them: the fields, eligibility, withdrawal, the file's
/// extra columns and the import's warnings.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RosterEntry {
    #[serde(flatten)]
    pub student: Student,
    /// `None` when eligible.
    pub ineligible_reason: Option<String>,
    /// When a later import no longer listed the student.
    pub withdrawn_at: Option<String>,
    /// Columns of the imported file that map to no field, header → value.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub warnings: Vec<import::StoredWarning>,
}

impl RosterEntry {
    /// The entry as screens and logs show it by default: ID number and phone masked.
    pub fn masked(mut self) -> RosterEntry {
        self.student.id_number = self.student.id_number.map(|id| id_number::mask(&id));
        self.student.phone = id_number::mask(&self.student.phone);
        // An ID number kept in an unmapped column is as sensitive as the ID field.
        for value in self.extra.values_mut() {
            if let Some(text) = value.as_str() {
                if let std::borrow::Cow::Owned(masked) = id_number::mask_embedded(text) {
                    *value = serde_json::Value::String(masked);
                }
            }
        }
        self
    }
}

/// The campaign's students in 学号 order, filtered (withdrawn ones only when asked).
pub fn list(
    conn: &Connection,
    campaign: CampaignId,
    filter: &ListFilter,
) -> Result<Vec<RosterEntry>, RosterError> {
    let stored = queries::list_stored(conn, campaign, filter)?;
    Ok(stored
        .into_iter()
        .map(|s| RosterEntry {
            student: s.student,
            ineligible_reason: s.ineligible_reason,
            withdrawn_at: s.withdrawn_at,
            // Written by the import as JSON; an unreadable value shows as empty.
            extra: serde_json::from_str(&s.extra).unwrap_or_default(),
            warnings: serde_json::from_str(&s.warnings).unwrap_or_default(),
        })
        .collect())
}

/// How many students the campaign has, by eligibility.
pub fn counts(conn: &Connection, campaign: CampaignId) -> Result<RosterCounts, RosterError> {
    Ok(queries::counts(conn, campaign)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_statuses() {
        for s in ["注册学籍", "在籍", "在读", "注册", "有学籍", " 在 籍 "] {
            assert!(is_registered(s), "{s}");
        }
        for s in ["休学", "保留学籍", "退学", "结业", "", "注册学籍？"] {
            assert!(!is_registered(s), "{s}");
        }
    }

    #[test]
    fn student_no_keeps_leading_zeros_and_trims_full_width_space() {
        assert_eq!(
            StudentNo::new("\u{3000}020221234 ").unwrap().as_str(),
            "020221234"
        );
        assert!(StudentNo::new(" \u{3000}").is_none());
    }
}
