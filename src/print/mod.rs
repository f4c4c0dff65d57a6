//! Printing (打印): the notice (通知), the schedule (附件1 拍摄安排), sign-in sheets
//! (签到表) and per-class lists for counselors, as A4 PDFs in Chinese with the fonts
//! embedded as subsets.
//!
//! [`fonts`] finds and subsets fonts, [`layout`] places text and tables on pages, and each
//! document module turns campaign data into pages. Printing settings (the edited notice
//! template, the chosen font file) are kept per campaign in `print_setting`.
//!
//! **Invariants:** a full ID number is never printed, and printing's reads never load it
//! or the phone (`queries.rs` selects only what a document prints; the counselor lists
//! derive each student's status with `progress::StatusBasis` rather than through the full
//! student read, and a unit test runs them with those columns unreadable); a document whose text needs a Chinese font is never written without one
//! (no pages of empty boxes); a table row never splits across pages.

pub mod fonts;
pub mod layout;
pub mod list_book;
pub mod lists;
pub mod notice;
pub(crate) mod pdf;
pub(crate) mod queries;
pub mod schedule;
pub mod sign_in;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use crate::campaign::{CampaignError, CampaignId};
pub use fonts::{FontError, FontSet};

/// Errors from producing a printed document.
#[derive(Debug, Error)]
pub enum PrintError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("通知模板第 {line} 行有未知的占位符 {{{name}}}。可用的占位符：{known}。")]
    UnknownPlaceholder {
        name: String,
        line: usize,
        known: String,
    },
    #[error("通知模板第 {line} 行的花括号不成对：“{text}”。占位符写作 {{缴费截止}}，花括号本身写作 {{{{ 或 }}}}。")]
    BadBrace { line: usize, text: String },
    #[error(
        "通知用到了{placeholder}，但任务还没有设置“{milestone}”日程。请在任务设置中补上该日程。"
    )]
    MissingMilestone {
        placeholder: String,
        milestone: &'static str,
    },
    #[error("还没有拍摄安排，无法打印{0}。请先排好拍摄安排。")]
    NoSchedule(&'static str),
    #[error("没有符合条件的{what}：{scope}。请检查校区、日期和班级的写法。")]
    NothingSelected { what: &'static str, scope: String },
    #[error(
        "本任务的应采集学生中没有{what}「{name}」。请检查{what}名称是否与学生名单中的写法一致。"
    )]
    UnknownGroup { what: &'static str, name: String },
    #[error("{scope}没有需要列入{list}的学生（{as_of}），无需打印。")]
    NobodyOnList {
        list: &'static str,
        scope: String,
        as_of: String,
    },
    #[error(
        "无法写入文件 {path}：{message}。请检查路径和权限，或关闭正在打开该文件的程序（PDF 阅读器、Excel 或 WPS）。"
    )]
    Write { path: String, message: String },
    #[error(
        "只有辅导员名单可以导出为 Excel；{what}是 PDF 文件，请把文件名改为以 .pdf 结尾（拍摄安排的 Excel 表在“拍摄安排”页导出）。"
    )]
    NotAWorkbook { what: &'static str },
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Progress(#[from] crate::progress::ProgressError),
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl PrintError {
    /// True when the user can fix it, false for internal faults.
    pub fn is_user_error(&self) -> bool {
        match self {
            PrintError::Campaign(c) => c.is_user_error(),
            PrintError::Plan(p) => p.is_user_error(),
            PrintError::Progress(p) => p.is_user_error(),
            PrintError::Sqlite(_) => false,
            _ => true,
        }
    }
}

pub type Result<T> = std::result::Result<T, PrintError>;

const FONT_PATH: &str = "font_path";

/// The font file chosen in 设置 for this campaign, if any.
pub fn font_path(conn: &Connection, campaign: CampaignId) -> Result<Option<PathBuf>> {
    Ok(queries::get_setting(conn, campaign, FONT_PATH)?.map(PathBuf::from))
}

/// Chooses a font file (checked to load and to hold Chinese), or `None` to search again.
pub fn set_font_path(conn: &Connection, campaign: CampaignId, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) => {
            FontSet::discover(Some(p.to_path_buf()))?;
            queries::set_setting(conn, campaign, FONT_PATH, &p.to_string_lossy())?;
        }
        None => queries::delete_setting(conn, campaign, FONT_PATH)?,
    }
    Ok(())
}

/// The font file chosen in 设置, and the fonts documents would use (or why none).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FontInfo {
    pub chosen: Option<PathBuf>,
    /// One line per font found, as [`FontSet::describe`] gives them.
    pub found: Vec<String>,
    /// Why no usable Chinese font was found (documents cannot be printed until fixed).
    pub error: Option<String>,
}

/// What 设置 and `rollcall print font` show about the campaign's fonts.
pub fn font_info(conn: &Connection, campaign: CampaignId) -> Result<FontInfo> {
    let chosen = font_path(conn, campaign)?;
    Ok(match fonts_for(conn, campaign, None) {
        Ok(set) => FontInfo {
            chosen,
            found: set.describe(),
            error: None,
        },
        Err(e) => FontInfo {
            chosen,
            found: Vec::new(),
            error: Some(e.to_string()),
        },
    })
}

/// The fonts for a campaign's documents: `override_path`, else the one chosen in 设置,
/// else the machine's.
pub fn fonts_for(
    conn: &Connection,
    campaign: CampaignId,
    override_path: Option<PathBuf>,
) -> Result<FontSet> {
    let chosen = match override_path {
        Some(p) => Some(p),
        None => font_path(conn, campaign)?,
    };
    Ok(FontSet::discover(chosen)?)
}

/// Whether each student (by 学号) has paid the on-site fee, from their progress events
/// (a refund unpays). `as_of` ignores events dated later; `None` counts every event.
/// Students without events are absent: not paid.
pub fn paid_students(
    conn: &Connection,
    campaign: CampaignId,
    as_of: Option<NaiveDate>,
) -> Result<HashMap<String, bool>> {
    let mut by_student: HashMap<String, Vec<crate::progress::Event>> = HashMap::new();
    for e in crate::progress::list_events(conn, campaign, None, false)? {
        if as_of.is_none_or(|d| e.date <= d) {
            by_student
                .entry(e.student_no.as_str().to_string())
                .or_default()
                .push(e);
        }
    }
    Ok(by_student
        .into_iter()
        .map(|(no, events)| {
            let paid = crate::progress::events::is_paid(&events);
            (no, paid)
        })
        .collect())
}

/// Writes a finished PDF (whole, never through a symbolic link: [`crate::store::write_file`];
/// a PDF never holds an ID number, so it is not private).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::store::write_file(path, bytes, crate::store::Access::Shared).map_err(|e| {
        PrintError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    })
}

/// Number of pages of a PDF this module wrote (its page objects are plain dictionaries,
/// `/Type/Page`), so the UI can say how long a document is without a PDF reader.
pub fn page_count(pdf: &[u8]) -> usize {
    const NEEDLE: &[u8] = b"/Type/Page";
    pdf.windows(NEEDLE.len() + 1)
        .filter(|w| w.starts_with(NEEDLE) && w[NEEDLE.len()] != b's')
        .count()
}

/// `2025年4月27日`.
pub fn date_long(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `4月27日`.
pub fn date_short(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// `2025年4月28日至4月30日`; the year is repeated only when it changes.
pub fn date_range(start: Option<NaiveDate>, end: NaiveDate) -> String {
    match start {
        Some(s) if s == end => date_long(end),
        Some(s) if s.year() == end.year() => format!("{}至{}", date_long(s), date_short(end)),
        Some(s) => format!("{}至{}", date_long(s), date_long(end)),
        None => date_long(end),
    }
}

/// `4月28日（周一）`.
pub fn date_with_weekday(d: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    format!(
        "{}（周{}）",
        date_long(d),
        DAYS[d.weekday().num_days_from_monday() as usize]
    )
}

/// "高明" → "高明校区"; a name that already says 校区 stays.
pub fn campus_label(name: &str) -> String {
    if name.ends_with("校区") || name.is_empty() {
        name.to_string()
    } else {
        format!("{name}校区")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn page_count_skips_the_page_tree() {
        assert_eq!(
            page_count(b"<</Type/Pages/Count 2>> <</Type/Page/P 1>> <</Type/Page>>"),
            2
        );
        assert_eq!(page_count(b""), 0);
    }

    #[test]
    fn dates_read_like_the_notice() {
        assert_eq!(
            date_range(Some(d(4, 28)), d(4, 30)),
            "2025年4月28日至4月30日"
        );
        assert_eq!(date_range(None, d(9, 30)), "2025年9月30日");
        assert_eq!(date_with_weekday(d(4, 28)), "2025年4月28日（周一）");
        assert_eq!(campus_label("高明"), "高明校区");
    }
}
