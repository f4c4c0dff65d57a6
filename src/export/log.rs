//! The export log: every file written (what, when, how many rows, where, which columns,
//! whether it carries full ID numbers), for the 导出 page and `rollcall export log`.

use rusqlite::Connection;
use serde::Serialize;

use super::lists::ListKind;
use super::queries;
use super::ExportError;
use crate::campaign::CampaignId;

/// One export as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "ExportLogEntry")]
pub struct LogEntry {
    pub id: i64,
    pub list: ListKind,
    pub list_label: &'static str,
    /// `xlsx` or `csv`.
    pub format: String,
    /// `utf8` or `gbk` for CSV, empty for xlsx.
    pub encoding: String,
    /// The day the list was built for (the closing day for a frozen list).
    pub as_of: String,
    pub rows: i64,
    pub file_name: String,
    pub columns: Vec<String>,
    /// True when the file holds full 身份证号: keep it safe.
    pub has_id_numbers: bool,
    /// True when written from the frozen lists of a closed campaign.
    pub frozen: bool,
    pub created_at: String,
}

/// The campaign's exports, newest first.
pub fn list(conn: &Connection, campaign: CampaignId) -> Result<Vec<LogEntry>, ExportError> {
    queries::list_log(conn, campaign)?
        .into_iter()
        .map(|r| {
            let list = ListKind::parse(&r.list).ok_or_else(|| {
                ExportError::Internal(format!("导出记录 {} 的名单类型「{}」未知", r.id, r.list))
            })?;
            Ok(LogEntry {
                id: r.id,
                list,
                list_label: list.label(),
                format: r.format,
                encoding: r.encoding,
                as_of: r.as_of,
                rows: r.rows,
                file_name: r.file_name,
                // Written by this module as JSON; an unreadable value shows as no columns.
                columns: serde_json::from_str(&r.columns_json).unwrap_or_default(),
                has_id_numbers: r.has_id_numbers,
                frozen: r.frozen,
                created_at: r.created_at,
            })
        })
        .collect()
}
