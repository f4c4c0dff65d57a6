//! Final lists (导出): the list for certificate production (制证名单) and the excluded
//! list (不予制证名单) with the reason, as .xlsx or CSV (UTF-8 with BOM, or GBK); the
//! columns the office chose per list; the export log; closing and reopening a campaign.
//!
//! **Invariants:** a student's status comes from `progress`, never re-derived here;
//! withdrawn and ineligible students are on neither list (the summary line counts them);
//! 学号 and 身份证号 are always text; every file written is logged; a closed campaign
//! exports its frozen lists and refuses edits ([`crate::campaign::ensure_open`]) until
//! reopened.

pub mod close;
pub mod columns;
pub mod csv;
pub mod lists;
pub mod log;
pub(crate) mod queries;
pub mod xlsx;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::campaign::{Campaign, CampaignClosed, CampaignError, CampaignId};
use crate::progress::ProgressError;
use crate::store::Clock;
pub use close::{close, reopen, ClosePreview, Closing};
pub use columns::{Column, ColumnInfo};
pub use csv::Encoding;
pub use lists::{ExcludedReason, ListKind, ListRow, Lists, Method, Summary};
pub use log::LogEntry;

/// Errors of the export module; each message says what to do.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Closed(#[from] CampaignClosed),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("采集任务已于 {closed_at} 关闭，无需再次关闭。")]
    AlreadyClosed { closed_at: String },
    #[error("采集任务没有关闭，无需重新打开。")]
    NotClosed,
    #[error("无法从文件名「{0}」判断格式：文件名请以 .xlsx 或 .csv 结尾。")]
    UnknownFormat(String),
    #[error("{list}没有「{name}」列。可选的列：{available}。")]
    UnknownColumn {
        list: &'static str,
        name: String,
        available: String,
    },
    #[error("「{0}」列选了两次，请每列只写一次。")]
    RepeatedColumn(String),
    #[error("请至少选择一列。")]
    NoColumns,
    #[error(
        "第 {line} 行「{column}」中的字「{ch}」无法用 GBK 编码保存。\
         请改用 UTF-8 编码导出，或导出为 .xlsx。"
    )]
    NotGbk {
        line: usize,
        column: &'static str,
        ch: char,
    },
    #[error(
        "无法写入文件 {path}：{source}。请检查文件夹是否存在、文件是否正在 Excel/WPS 中打开。"
    )]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("写 .xlsx 文件失败：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("写 CSV 失败：{0}")]
    Csv(#[from] ::csv::Error),
    #[error("内部错误：{0}")]
    Internal(String),
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据格式错误：{0}")]
    Json(#[from] serde_json::Error),
}

impl ExportError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            ExportError::Campaign(c) => c.is_user_error(),
            ExportError::Progress(p) => p.is_user_error(),
            ExportError::Backup(b) => b.is_user_error(),
            ExportError::Xlsx(rust_xlsxwriter::XlsxError::IoError(_)) => true,
            ExportError::Xlsx(_)
            | ExportError::Csv(_)
            | ExportError::Internal(_)
            | ExportError::Sqlite(_)
            | ExportError::Json(_) => false,
            _ => true,
        }
    }
}

type Result<T> = std::result::Result<T, ExportError>;

/// The file format, from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ExportFormat")]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// `.xlsx` or `.csv` (any case).
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => Ok(Format::Xlsx),
            Some("csv") => Ok(Format::Csv),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }
}

/// The lists to show or write: the frozen ones when the campaign is closed, else built
/// as of `today`.
pub fn current_lists(
    conn: &Connection,
    campaign: &Campaign,
    today: NaiveDate,
) -> Result<(Lists, Option<Closing>)> {
    match close::current(conn, campaign.id)? {
        Some(c) => Ok((close::frozen_lists(conn, &c)?, Some(c))),
        None => Ok((lists::build(conn, campaign, today)?, None)),
    }
}

/// The office's saved columns for `list`, else the defaults.
pub fn saved_columns(conn: &Connection, list: ListKind) -> Result<Vec<Column>> {
    let saved: Vec<String> = match queries::get_columns(conn, list)? {
        // Written by `save_columns` as JSON; unreadable falls back to the defaults.
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(columns::from_saved(list, &saved))
}

/// Saves the columns (and their order) for `list`, office-wide.
pub fn save_columns(
    conn: &Connection,
    list: ListKind,
    cols: &[Column],
    clock: &Clock,
) -> Result<()> {
    let now = &clock.stamp();
    if cols.is_empty() {
        return Err(ExportError::NoColumns);
    }
    let headers: Vec<&str> = cols.iter().map(|c| c.header()).collect();
    Ok(queries::put_columns(
        conn,
        list,
        &serde_json::to_string(&headers)?,
        now,
    )?)
}

/// The 导出 page: counts, the columns in use and available, and the first rows (ID
/// numbers masked, as on every screen).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "ExportPreview")]
pub struct Preview {
    pub list: ListKind,
    pub list_label: &'static str,
    pub as_of: NaiveDate,
    pub summary: Summary,
    /// Rows the file would have.
    pub total: i64,
    pub columns: Vec<ColumnInfo>,
    pub available: Vec<ColumnInfo>,
    /// The first rows, cells in column order.
    pub rows: Vec<Vec<String>>,
    /// Set when the campaign is closed: the lists are the frozen ones.
    pub closed: Option<Closing>,
}

fn cells(cols: &[Column], row: &ListRow, mask: bool) -> Vec<String> {
    cols.iter()
        .map(|c| match c {
            Column::IdNumber if mask && !row.id_number.is_empty() => {
                crate::roster::id_number::mask(&row.id_number)
            }
            c => c.cell(row).into_owned(),
        })
        .collect()
}

/// Previews `list` as of `today` with `cols` (saved or default when `None`), `limit`
/// rows.
pub fn preview(
    conn: &Connection,
    campaign: &Campaign,
    list: ListKind,
    today: NaiveDate,
    cols: Option<Vec<Column>>,
    limit: usize,
) -> Result<Preview> {
    let cols = match cols {
        Some(c) => c,
        None => saved_columns(conn, list)?,
    };
    let (lists, closed) = current_lists(conn, campaign, today)?;
    let rows = lists.rows(list);
    Ok(Preview {
        list,
        list_label: list.label(),
        as_of: lists.as_of,
        summary: lists.summary,
        total: rows.len() as i64,
        available: columns::info(&columns::available(list)),
        rows: rows
            .iter()
            .take(limit)
            .map(|r| cells(&cols, r, true))
            .collect(),
        columns: columns::info(&cols),
        closed,
    })
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub list: ListKind,
    pub path: PathBuf,
    /// The day the list is built for (ignored when the campaign is closed).
    pub today: NaiveDate,
    /// CSV only.
    pub encoding: Encoding,
    /// `None`: the saved columns, else the defaults.
    pub columns: Option<Vec<Column>>,
    /// Save `columns` as the list's choice.
    pub save_columns: bool,
}

/// What an export wrote (also the log entry).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportOutcome {
    pub path: String,
    pub format: Format,
    pub encoding: Option<Encoding>,
    pub summary: Summary,
    pub entry: LogEntry,
}

/// The sheet title: campaign, list, day, export time.
fn title(campaign: &Campaign, list: ListKind, as_of: NaiveDate, frozen: bool, now: &str) -> String {
    let when = if frozen {
        format!("截至 {as_of}，任务已关闭")
    } else {
        format!("截至 {as_of}")
    };
    format!(
        "{} {}（{when}）    导出时间：{now}",
        campaign.facts.name,
        list.label()
    )
}

/// Writes the list to the request's path (.xlsx or .csv by its name) and logs it. An
/// open campaign's list is written a row at a time as it is built, never held whole; a
/// closed one's frozen list is read back and written.
pub fn export(
    conn: &Connection,
    campaign: &Campaign,
    req: &ExportRequest,
    clock: &Clock,
) -> Result<ExportOutcome> {
    let now = &clock.stamp();
    let format = Format::of(&req.path)?;
    let cols = match &req.columns {
        Some(c) => c.clone(),
        None => saved_columns(conn, req.list)?,
    };
    let closed = close::current(conn, campaign.id)?;
    let mut written = Written::default();
    let (as_of, summary) = match &closed {
        Some(c) => {
            let lists = close::frozen_lists(conn, c)?;
            let title = title(campaign, req.list, lists.as_of, true, now);
            write_rows(
                req,
                format,
                &cols,
                title,
                &lists.summary,
                &mut written,
                |each| lists.rows(req.list).iter().try_for_each(each),
            )?;
            (lists.as_of, lists.summary)
        }
        None => {
            let as_of = req.today;
            let title = title(campaign, req.list, as_of, false, now);
            let mut summary = Summary::default();
            write_rows_streamed(
                conn,
                campaign,
                req,
                format,
                &cols,
                title,
                &mut written,
                &mut summary,
            )?;
            (as_of, summary)
        }
    };
    if req.save_columns {
        save_columns(conn, req.list, &cols, clock)?;
    }
    let encoding = (format == Format::Csv).then_some(req.encoding);
    let entry = record(
        conn,
        campaign.id,
        req,
        &cols,
        as_of,
        written,
        closed.is_some(),
        now,
    )?;
    Ok(ExportOutcome {
        path: req.path.display().to_string(),
        format,
        encoding,
        summary,
        entry,
    })
}

/// What was written: rows, and whether any had an ID number.
#[derive(Debug, Clone, Copy, Default)]
struct Written {
    rows: usize,
    id_numbers: bool,
}

impl Written {
    fn note(&mut self, row: &ListRow) {
        self.rows += 1;
        self.id_numbers |= !row.id_number.is_empty();
    }
}

/// Rows to write: calls the given function on each, in order.
type EachRow<'r> = &'r mut dyn FnMut(&ListRow) -> Result<()>;

/// Writes the file from rows `rows` gives one by one.
fn write_rows(
    req: &ExportRequest,
    format: Format,
    cols: &[Column],
    title: String,
    summary: &Summary,
    written: &mut Written,
    rows: impl FnOnce(EachRow) -> Result<()>,
) -> Result<()> {
    match format {
        Format::Xlsx => {
            let mut w = xlsx::SheetWriter::new(req.list.label(), &title, &summary.line(), cols)?;
            rows(&mut |row| {
                written.note(row);
                Ok(w.row(row)?)
            })?;
            w.save(&req.path)?;
        }
        Format::Csv => {
            let mut w = csv::ListCsv::new(cols, req.encoding)?;
            rows(&mut |row| {
                written.note(row);
                w.row(row)
            })?;
            w.save(&req.path)?;
        }
    }
    Ok(())
}

/// Builds the list a row at a time and writes each as it comes ([`lists::stream`]).
#[allow(clippy::too_many_arguments)]
fn write_rows_streamed(
    conn: &Connection,
    campaign: &Campaign,
    req: &ExportRequest,
    format: Format,
    cols: &[Column],
    title: String,
    written: &mut Written,
    summary_out: &mut Summary,
) -> Result<()> {
    match format {
        Format::Xlsx => {
            // The sheet starts once the summary (its second line) is known.
            let w: std::cell::RefCell<Option<xlsx::SheetWriter>> = Default::default();
            let missing = || ExportError::Internal("表头未写".into());
            *summary_out = lists::stream(
                conn,
                campaign,
                req.today,
                req.list,
                |summary| {
                    let sheet =
                        xlsx::SheetWriter::new(req.list.label(), &title, &summary.line(), cols)?;
                    *w.borrow_mut() = Some(sheet);
                    Ok(())
                },
                |row| {
                    written.note(row);
                    Ok(w.borrow_mut().as_mut().ok_or_else(missing)?.row(row)?)
                },
            )?;
            w.into_inner().ok_or_else(missing)?.save(&req.path)?;
        }
        Format::Csv => {
            // No title or summary in a CSV: the rows go straight after the header.
            let mut w = csv::ListCsv::new(cols, req.encoding)?;
            *summary_out = lists::stream(
                conn,
                campaign,
                req.today,
                req.list,
                |_| Ok(()),
                |row| {
                    written.note(row);
                    w.row(row)
                },
            )?;
            w.save(&req.path)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn record(
    conn: &Connection,
    campaign: CampaignId,
    req: &ExportRequest,
    cols: &[Column],
    as_of: NaiveDate,
    written: Written,
    frozen: bool,
    now: &str,
) -> Result<LogEntry> {
    let format = Format::of(&req.path)?;
    let headers: Vec<&str> = cols.iter().map(|c| c.header()).collect();
    let has_id_numbers = cols.contains(&Column::IdNumber) && written.id_numbers;
    let encoding = match format {
        Format::Csv => req.encoding.as_str(),
        Format::Xlsx => "",
    };
    let file_name = std::path::absolute(&req.path)
        .unwrap_or_else(|_| req.path.clone())
        .display()
        .to_string();
    let columns: Vec<String> = cols.iter().map(|c| c.header().to_string()).collect();
    let rows = written.rows as i64;
    let entry = |id| LogEntry {
        id,
        list: req.list,
        list_label: req.list.label(),
        format: format.as_str().to_string(),
        encoding: encoding.to_string(),
        as_of: as_of.format("%Y-%m-%d").to_string(),
        rows,
        file_name: file_name.clone(),
        columns: columns.clone(),
        has_id_numbers,
        frozen,
        created_at: now.to_string(),
    };
    let id = queries::insert_log(
        conn,
        campaign,
        &queries::NewLogEntry {
            list: req.list,
            format: format.as_str(),
            encoding,
            as_of,
            rows,
            file_name: &file_name,
            columns_json: &serde_json::to_string(&headers)?,
            has_id_numbers,
            frozen,
            created_at: now,
        },
    )?;
    Ok(entry(id))
}

/// The campaign's export log, newest first.
pub fn export_log(conn: &Connection, campaign: CampaignId) -> Result<Vec<LogEntry>> {
    log::list(conn, campaign)
}
