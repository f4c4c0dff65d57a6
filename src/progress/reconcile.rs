//! Reconciling the agency's lists (缴费名单, 拍摄名单, 线上审核通过名单, 散拍名单) with the
//! roster: reading the file, reading each row's status, matching each row to a student
//! (学号, else 身份证号, else 姓名 + 班级 when unique), and sorting rows into matched,
//! refunded, already recorded, not done, unknown status, unmatched, ambiguous and
//! conflicting.
//!
//! **Invariant:** [`plan`] is pure and decides everything; writing only inserts the
//! events of the matched and refunded rows, so a dry run shows exactly what a real import
//! would do and re-importing the same list records nothing.
//!
//! **Invariant:** nothing is recorded that a row does not say: a status column saying
//! 未拍摄 or 已退款, a 学号 Excel turned into 2.02204E+11, a #N/A where the name should
//! be, or a status we do not know each keep the row out of the events, listed with why.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::events::{already_recorded, conflict, EventKind, Mark, Marks, NewEvent, Source};
use super::ProgressError;
use crate::roster::id_number;
use crate::roster::import::Field;
use crate::tabular::{
    self, code_key, id_key, is_scientific, normalize_code, normalize_header, normalize_name,
    ReadOptions, Row, Sheet,
};

/// One status cell of a row: the column's header as the file writes it, and the cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCell {
    pub header: String,
    /// The cell's text ("" when blank).
    pub text: String,
    /// The formula error the cell showed instead of a value (#N/A …), if any.
    pub error: Option<String>,
}

/// A formula error in one of the recognised columns (the reader blanked the cell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellFault {
    pub column: AgencyColumn,
    /// The column's header as the file writes it.
    pub header: String,
    /// "#N/A", "#REF!" …
    pub error: String,
}

/// One data row of an agency list, cells as read (empty cells are `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgencyRow {
    /// The row number as Excel shows it.
    pub row: u32,
    /// Without spaces or invisible characters, full-width digits made ASCII.
    pub student_no: Option<String>,
    /// As `student_no`, letters upper-case.
    pub id_number: Option<String>,
    pub name: Option<String>,
    pub class_name: Option<String>,
    /// The date cell's text, parsed when the row is planned.
    pub date: Option<String>,
    /// The refund date cell's text (退款时间), the date of a refund recorded from the row.
    pub refund_date: Option<String>,
    /// What is wrong with the photo (错误原因, 勘误内容 …) on a verification list.
    pub reason: Option<String>,
    /// Every status column's cell, left to right; empty when the list has none.
    pub statuses: Vec<StatusCell>,
    /// Formula errors in the identifying, class and date columns.
    pub errors: Vec<CellFault>,
    /// Hidden in Excel: imported like the others, but listed so nobody is surprised.
    pub hidden: bool,
}

impl AgencyRow {
    fn error_in(&self, column: AgencyColumn) -> Option<&CellFault> {
        self.errors.iter().find(|e| e.column == column)
    }
}

/// The columns an agency list can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyColumn {
    StudentNo,
    IdNumber,
    Name,
    ClassName,
    Date,
    /// 退款时间: when a payment list's refund went through.
    RefundDate,
    /// 状态, 订单状态, 审核状态, 核对结果 …: what happened to the row's order or photo. A
    /// list may have several; every one is read.
    Status,
    /// 错误原因, 勘误内容 …: what a student found wrong with the photo (核对有误).
    Reason,
}

impl AgencyColumn {
    const ALL: [AgencyColumn; 8] = [
        AgencyColumn::StudentNo,
        AgencyColumn::IdNumber,
        AgencyColumn::Name,
        AgencyColumn::ClassName,
        AgencyColumn::Date,
        AgencyColumn::RefundDate,
        AgencyColumn::Status,
        AgencyColumn::Reason,
    ];

    /// The columns that say who a row is: a row needs one of them.
    const IDENTIFYING: [AgencyColumn; 3] = [
        AgencyColumn::StudentNo,
        AgencyColumn::IdNumber,
        AgencyColumn::Name,
    ];

    /// Normalised header texts (see [`normalize_header`]): the roster import's synonyms
    /// for the identifying columns, plus the date and status headers agency lists use.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            AgencyColumn::StudentNo => Field::StudentNo.synonyms(),
            AgencyColumn::IdNumber => Field::IdNumber.synonyms(),
            AgencyColumn::Name => Field::Name.synonyms(),
            AgencyColumn::ClassName => Field::ClassName.synonyms(),
            AgencyColumn::Date => &[
                "日期",
                "缴费日期",
                "缴费时间",
                "支付时间",
                "付款时间",
                "拍摄日期",
                "拍摄时间",
                "采集日期",
                "采集时间",
                "审核日期",
                "审核时间",
                "审核通过时间",
                "通过时间",
                "上传时间",
                "完成时间",
                "核对日期",
                "核对时间",
                "校对日期",
                "校对时间",
                "比对日期",
                "比对时间",
                "date",
            ],
            AgencyColumn::RefundDate => &[
                "退款时间",
                "退款日期",
                "退费时间",
                "退费日期",
                "退款完成时间",
            ],
            // Not 退款状态: its "未退款" means the fee stands, the opposite of what a
            // negative word in the other columns means.
            AgencyColumn::Status => &[
                "状态",
                "拍摄状态",
                "订单状态",
                "审核状态",
                "缴费状态",
                "支付状态",
                "付款状态",
                "交易状态",
                "采集状态",
                "处理状态",
                "核对结果",
                "核对状态",
                "校对结果",
                "校对状态",
                "比对结果",
                "比对状态",
                "人像比对结果",
                "图像校对结果",
                "status",
            ],
            AgencyColumn::Reason => &[
                "错误原因",
                "有误原因",
                "错误内容",
                "错误信息",
                "问题描述",
                "勘误内容",
                "更正内容",
                "未通过原因",
                "不通过原因",
                "原因",
            ],
        }
    }

    fn from_header(header: &str) -> Option<AgencyColumn> {
        let h = normalize_header(header);
        AgencyColumn::ALL
            .into_iter()
            .find(|c| c.synonyms().contains(&h.as_str()))
    }
}

/// A recognised column of an agency file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    /// 0 = column A.
    pub index: usize,
    pub letter: String,
    pub header: String,
    pub column: AgencyColumn,
}

/// An agency file read and its columns recognised.
#[derive(Debug, Clone, Serialize)]
pub struct AgencySheet {
    pub file: String,
    /// The sheet the list was found on.
    pub sheet: String,
    pub encoding: Option<String>,
    /// The header's row number as Excel shows it.
    pub header_row: u32,
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<AgencyRow>,
}

impl AgencySheet {
    /// The status columns' headers, left to right.
    pub fn status_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| c.column == AgencyColumn::Status)
            .map(|c| c.header.clone())
            .collect()
    }
}

/// Reads an agency list (.xlsx/.xls/.ods/.csv, title rows above the header allowed).
///
/// Without a sheet name, every sheet is read and the first one holding an agency header
/// is used: workbooks often open with a 说明 sheet, or keep last month's list first.
/// A header with two known columns on any sheet wins over one with a single known column,
/// so a note that happens to say 姓名 is not taken for the list.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<AgencySheet, ProgressError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut sheets = match options.sheet {
        Some(_) => vec![tabular::read(path, options)?],
        // A sheet that cannot be read (a chart sheet, a damaged one) must not hide the
        // list on another: then the first sheet with data is tried as before.
        None => tabular::read_all(path).or_else(|all| {
            tabular::read(path, options)
                .map(|one| vec![one])
                .map_err(|_| all)
        })?,
    };
    let found = [2, 1].into_iter().find_map(|min| {
        sheets
            .iter()
            .enumerate()
            .find_map(|(i, s)| header_of(s, min).map(|h| (i, h)))
    });
    let Some((i, header)) = found else {
        return Err(ProgressError::NoHeader(file));
    };
    let sheet = sheets.swap_remove(i);
    Ok(agency_sheet(file, sheet, header))
}

/// The header row's index in `sheet.rows`, when it has at least `min_known` agency
/// columns and one of them says who a row is.
fn header_of(sheet: &Sheet, min_known: usize) -> Option<usize> {
    let known = |h: &str| AgencyColumn::ALL.iter().any(|c| c.synonyms().contains(&h));
    let header = tabular::find_header(&sheet.rows, known, min_known)?;
    let columns = recognise(&sheet.rows[header]);
    columns
        .iter()
        .any(|c| AgencyColumn::IDENTIFYING.contains(&c.column))
        .then_some(header)
}

fn agency_sheet(file: String, sheet: Sheet, header: usize) -> AgencySheet {
    let columns = recognise(&sheet.rows[header]);
    // One lookup table instead of scanning the error list for every cell.
    let errors: HashMap<(u32, usize), &str> = sheet
        .formula_errors
        .iter()
        .map(|e| ((e.row, e.column), e.error))
        .collect();
    let first = |want: AgencyColumn| columns.iter().find(|c| c.column == want);
    let at = |row: &Row, want: AgencyColumn| {
        first(want)
            .map(|c| row.cell(c.index).to_string())
            .filter(|t| !t.is_empty())
    };
    let rows = sheet.rows[header + 1..]
        .iter()
        .map(|r| AgencyRow {
            row: r.number,
            student_no: at(r, AgencyColumn::StudentNo).map(|t| code_key(&t)),
            id_number: at(r, AgencyColumn::IdNumber).map(|t| id_key(&t)),
            name: at(r, AgencyColumn::Name),
            class_name: at(r, AgencyColumn::ClassName),
            date: at(r, AgencyColumn::Date),
            refund_date: at(r, AgencyColumn::RefundDate),
            reason: at(r, AgencyColumn::Reason),
            statuses: columns
                .iter()
                .filter(|c| c.column == AgencyColumn::Status)
                .map(|c| StatusCell {
                    header: c.header.clone(),
                    text: r.cell(c.index).to_string(),
                    error: errors.get(&(r.number, c.index)).map(|e| e.to_string()),
                })
                .collect(),
            errors: columns
                .iter()
                .filter(|c| c.column != AgencyColumn::Status)
                .filter(|c| first(c.column).is_some_and(|f| f.index == c.index))
                .filter_map(|c| {
                    errors.get(&(r.number, c.index)).map(|e| CellFault {
                        column: c.column,
                        header: c.header.clone(),
                        error: e.to_string(),
                    })
                })
                .collect(),
            hidden: sheet.is_hidden(r.number),
        })
        .filter(|r| {
            r.student_no.is_some()
                || r.id_number.is_some()
                || r.name.is_some()
                || r.errors
                    .iter()
                    .any(|e| AgencyColumn::IDENTIFYING.contains(&e.column))
        })
        .collect();
    AgencySheet {
        file,
        sheet: sheet.name,
        encoding: sheet.encoding,
        header_row: sheet.rows[header].number,
        columns,
        rows,
    }
}

/// The first column for each kind, leftmost wins; every status column is kept.
fn recognise(header: &Row) -> Vec<ColumnInfo> {
    let mut out: Vec<ColumnInfo> = Vec::new();
    for (index, text) in header.cells.iter().enumerate() {
        if let Some(column) = AgencyColumn::from_header(text) {
            if column == AgencyColumn::Status || !out.iter().any(|c| c.column == column) {
                out.push(ColumnInfo {
                    index,
                    letter: tabular::column_letter(index),
                    header: text.clone(),
                    column,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Status columns

/// What a row's status cells say about the list's event (see [`judge_status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No status column, or a status saying it happened: record the list's kind.
    Done,
    /// A payment list's row whose fee was refunded: record a refund instead.
    Refunded,
    /// A verification list's row: the verdict it gives (核对通过, 核对有误, 比对未通过),
    /// whichever kind of verification list it is on.
    Outcome(EventKind),
    /// The status says it did not happen, or not yet (未拍摄, 退款中 …); the reason.
    NotDone(String),
    /// A status we cannot read as done or not done: not guessed; the reason.
    Unknown(String),
}

/// How one status text reads, before the list's kind is taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusWord {
    /// 已退款, 退费成功 …
    Refunded,
    /// 退款中, 申请退款 …: the fee still stands, the refund is not done.
    RefundPending,
    /// 未拍摄, 缺席, 审核不通过, 待支付, 已取消 …
    Negative,
    /// Done for these kinds.
    Positive(&'static [EventKind]),
    Unknown,
}

/// Words that, anywhere in a status, mean the thing did not happen or is not finished
/// (未…, 不通过, 待…, …中, 缺席, 取消, 失败, 驳回 …). Checked before the positive words,
/// so 审核不通过 never reads as 通过 and 未完成 never as 完成.
const NEGATIVE_PARTS: &[&str] = &[
    "未", "不", "没", "无", "缺", "待", "中", "取消", "失败", "驳回", "退回", "拒绝", "作废",
    "关闭", "超时", "过期", "异常", "撤销", "放弃", "请假", "否",
];

/// A refund that went through.
const REFUNDED_PARTS: &[&str] = &[
    "已退款",
    "退款成功",
    "退款完成",
    "已退费",
    "退费成功",
    "退费完成",
];

const ALL_KINDS: &[EventKind] = &[
    EventKind::Paid,
    EventKind::Photographed,
    EventKind::OnlineApproved,
    EventKind::WalkInDone,
];
const PAID: &[EventKind] = &[EventKind::Paid];
const PHOTO: &[EventKind] = &[EventKind::Photographed, EventKind::WalkInDone];
const APPROVED: &[EventKind] = &[EventKind::OnlineApproved, EventKind::WalkInDone];

/// Statuses (whole, after [`normalize_code`]) that say the thing happened, and for which
/// lists. A word that means done for another list (已缴费 on a 拍摄名单) does not say
/// this list's event happened.
const POSITIVE: &[(&str, &[EventKind])] = &[
    ("已完成", ALL_KINDS),
    ("完成", ALL_KINDS),
    ("正常", ALL_KINDS),
    ("成功", ALL_KINDS),
    ("有效", ALL_KINDS),
    ("已缴费", PAID),
    ("已交费", PAID),
    ("已缴纳", PAID),
    ("缴费成功", PAID),
    ("已支付", PAID),
    ("支付成功", PAID),
    ("已付款", PAID),
    ("付款成功", PAID),
    ("交易成功", PAID),
    ("已拍摄", PHOTO),
    ("已拍", PHOTO),
    ("拍摄完成", PHOTO),
    ("拍摄成功", PHOTO),
    ("已采集", PHOTO),
    ("采集完成", PHOTO),
    ("采集成功", PHOTO),
    ("审核通过", APPROVED),
    ("已审核通过", APPROVED),
    ("通过", APPROVED),
    ("已通过", APPROVED),
    ("审核成功", APPROVED),
    ("合格", APPROVED),
    ("审核合格", APPROVED),
];

fn status_word(text: &str) -> StatusWord {
    let has = |parts: &[&str]| parts.iter().any(|p| text.contains(p));
    if has(REFUNDED_PARTS) {
        return StatusWord::Refunded;
    }
    if has(&["退款", "退费"]) {
        // 未退款 / 退款失败: the fee may stand, but the row does not say it was paid.
        return if has(&["未", "无", "没", "不", "失败", "拒绝", "驳回", "关闭"]) {
            StatusWord::Unknown
        } else {
            StatusWord::RefundPending
        };
    }
    if has(NEGATIVE_PARTS) {
        return StatusWord::Negative;
    }
    POSITIVE
        .iter()
        .find(|(w, _)| *w == text)
        .map_or(StatusWord::Unknown, |(_, kinds)| {
            StatusWord::Positive(kinds)
        })
}

/// What a row's status cells say about `kind`, the list's event. The one place the
/// status rule lives:
///
/// - no status column: done (a list without statuses names only those it is about);
/// - a formula error, or every status cell blank: unknown (not guessed);
/// - on a payment list, a refund that went through (已退款, 退费成功): refunded;
/// - a refund under way (退款中): not done, the refund not finished either;
/// - any status saying it did not happen (未拍摄, 缺席, 审核不通过, 待支付, 已取消 …): not done;
/// - any status we do not know: unknown;
/// - otherwise done when one status says this list's event happened (已拍摄 on a 拍摄名单,
///   已支付 on a 缴费名单, 已完成 on any); a status that is done only for another kind of
///   list (已缴费 on a 拍摄名单) is unknown, since it does not say what this list records.
pub fn judge_status(kind: EventKind, cells: &[StatusCell]) -> Verdict {
    if cells.is_empty() {
        return Verdict::Done;
    }
    if let Some(c) = cells.iter().find(|c| c.error.is_some()) {
        return Verdict::Unknown(format!(
            "「{}」列是公式错误 {}，无法确认状态，未记录",
            c.header,
            c.error.as_deref().unwrap_or_default()
        ));
    }
    let words: Vec<(&StatusCell, String, StatusWord)> = cells
        .iter()
        .map(|c| (c, normalize_code(&c.text)))
        .filter(|(_, t)| !t.is_empty())
        .map(|(c, t)| {
            let w = status_word(&t);
            (c, t, w)
        })
        .collect();
    if words.is_empty() {
        let headers: Vec<&str> = cells.iter().map(|c| c.header.as_str()).collect();
        return Verdict::Unknown(format!(
            "「{}」为空，无法确认状态，未记录",
            headers.join("」「")
        ));
    }
    let said = |c: &StatusCell, t: &str| format!("{}为「{t}」", c.header);
    if kind.is_verdict() {
        return judge_verdict(&words, said);
    }
    let find = |want: fn(StatusWord) -> bool| words.iter().find(|(_, _, w)| want(*w));
    if kind == EventKind::Paid && find(|w| w == StatusWord::Refunded).is_some() {
        return Verdict::Refunded;
    }
    if let Some((c, t, _)) = find(|w| matches!(w, StatusWord::Refunded | StatusWord::RefundPending))
    {
        return Verdict::NotDone(if kind == EventKind::Paid {
            format!("{}：退款尚未完成，未记录", said(c, t))
        } else {
            format!("{}，未记录", said(c, t))
        });
    }
    if let Some((c, t, _)) = find(|w| w == StatusWord::Negative) {
        return Verdict::NotDone(format!("{}，未记录", said(c, t)));
    }
    if let Some((c, t, _)) = find(|w| w == StatusWord::Unknown) {
        return Verdict::Unknown(format!(
            "{}：无法识别这个状态，未记录。请与图片社核实后手工录入",
            said(c, t)
        ));
    }
    let done_here = |w: StatusWord| matches!(w, StatusWord::Positive(k) if k.contains(&kind));
    if words.iter().any(|(_, _, w)| done_here(*w)) {
        return Verdict::Done;
    }
    let (c, t, _) = &words[0];
    Verdict::Unknown(format!(
        "{}，不能说明「{}」，未记录",
        said(c, t),
        kind.label()
    ))
}

/// How a verification list's status reads (核对结果, 比对结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum VerdictWord {
    /// 人像比对未通过 and the like.
    CompareFailed,
    /// 有误, 错误, 不正确, 核对未通过 …
    Failed,
    /// 未核对, 待核对 …: the student has not checked yet.
    NotChecked,
    Unknown,
    /// 正确, 无误, 核对通过 …
    Passed,
}

/// Whole statuses that say the photo was checked and is right.
const PASSED: &[&str] = &[
    "正确",
    "无误",
    "核对正确",
    "核对无误",
    "确认无误",
    "信息正确",
    "照片正确",
    "已确认",
    "核对通过",
    "校对通过",
    "比对通过",
    "通过",
    "已核对",
    "已校对",
    "已完成",
    "完成",
    "正常",
];

fn verdict_word(text: &str) -> VerdictWord {
    let has = |parts: &[&str]| parts.iter().any(|p| text.contains(p));
    const FAILED: &[&str] = &["未通过", "不通过", "失败", "不一致", "不符"];
    if text.contains("比对") && has(FAILED) {
        return VerdictWord::CompareFailed;
    }
    if has(&[
        "未核对",
        "待核对",
        "未校对",
        "待校对",
        "未确认",
        "待确认",
        "未查看",
    ]) {
        return VerdictWord::NotChecked;
    }
    if has(FAILED) || has(&["有误", "错误", "不正确", "勘误", "更正"]) {
        return VerdictWord::Failed;
    }
    if PASSED.contains(&text) {
        return VerdictWord::Passed;
    }
    VerdictWord::Unknown
}

/// A verification list's statuses: the worst verdict any status cell gives (a failed
/// comparison, then a photo marked wrong, then not checked yet; a status we cannot read
/// keeps the row out), else checked and right.
fn judge_verdict(
    words: &[(&StatusCell, String, StatusWord)],
    said: impl Fn(&StatusCell, &str) -> String,
) -> Verdict {
    let Some((c, t, w)) = words
        .iter()
        .map(|(c, t, _)| (*c, t, verdict_word(t)))
        .min_by_key(|(_, _, w)| *w)
    else {
        return Verdict::Done;
    };
    match w {
        VerdictWord::CompareFailed => Verdict::Outcome(EventKind::CompareFailed),
        VerdictWord::Failed => Verdict::Outcome(EventKind::VerifyFailed),
        VerdictWord::NotChecked => {
            Verdict::NotDone(format!("{}，学生尚未核对，未记录", said(c, t)))
        }
        VerdictWord::Unknown => Verdict::Unknown(format!(
            "{}：无法识别这个核对结果，未记录。请核实后手工录入",
            said(c, t)
        )),
        VerdictWord::Passed => Verdict::Outcome(EventKind::Verified),
    }
}

/// A date as agency lists write it: 2025-04-28, 2025/4/28, 2025.4.28, 2025年4月28日,
/// 20250428, with or without a time after it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let day = t.split([' ', 'T']).next().unwrap_or(t);
    let day = day.trim_end_matches('日');
    let unified: String = day
        .chars()
        .map(|c| {
            if matches!(c, '/' | '.' | '年' | '月') {
                '-'
            } else {
                c
            }
        })
        .collect();
    NaiveDate::parse_from_str(&unified, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&unified, "%Y%m%d"))
        .ok()
}

/// A student as matching needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentRef {
    pub id: i64,
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub id_number: Option<String>,
}

/// How a row found its student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyMatchBy")]
#[serde(rename_all = "snake_case")]
pub enum MatchBy {
    StudentNo,
    IdNumber,
    NameClass,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyMatchedRow")]
pub struct MatchedRow {
    pub row: u32,
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub date: NaiveDate,
    pub matched_by: MatchBy,
    /// The row's status cells, joined with "、" ("" when the list has no status column).
    pub status: String,
    /// What is recorded for the row: the list's kind, or what its status says instead
    /// (a refund on a payment list; 核对有误 or 比对未通过 on a verification list).
    pub kind: EventKind,
    /// The note recorded with it (what is wrong with a failed photo), "" when none.
    pub note: String,
}

/// A row that matched a student but says nothing new, or a problem row; `reason` says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyRowNote")]
pub struct RowNote {
    pub row: u32,
    /// The matched student's 学号, else the row's own.
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    /// Masked.
    pub id_number: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyCandidate")]
pub struct Candidate {
    pub student_no: String,
    pub name: String,
    pub class_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyAmbiguousRow")]
pub struct AmbiguousRow {
    pub row: u32,
    pub name: String,
    pub class_name: String,
    pub candidates: Vec<Candidate>,
    pub reason: String,
}

/// What an import did (or, in a dry run, would do). Every data row is in exactly one of
/// `matched`, `refunds`, `duplicates`, `not_done`, `unknown_status`, `unmatched`,
/// `ambiguous` and `conflicts`; `hidden` lists rows again, whatever became of them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "AgencyImportReport")]
pub struct ImportReport {
    pub kind: EventKind,
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    /// The status columns read (headers as the file writes them); empty when none.
    pub status_columns: Vec<String>,
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Events written, refunds included (0 in a dry run).
    pub recorded: usize,
    pub matched: Vec<MatchedRow>,
    /// Payment-list rows whose status says the fee was refunded: a refund is recorded.
    pub refunds: Vec<MatchedRow>,
    pub duplicates: Vec<RowNote>,
    /// Rows whose status says it did not happen or is not finished (未拍摄, 缺席, 退款中 …):
    /// nothing recorded.
    pub not_done: Vec<RowNote>,
    /// Rows whose status is blank, a formula error or not a word we know: nothing
    /// recorded, nothing guessed.
    pub unknown_status: Vec<RowNote>,
    pub unmatched: Vec<RowNote>,
    pub ambiguous: Vec<AmbiguousRow>,
    pub conflicts: Vec<RowNote>,
    /// Data rows hidden in Excel (row numbers): read like the others, listed because the
    /// person who checked the list on screen did not see them.
    pub hidden: Vec<u32>,
}

/// The roster, indexed for matching. Only the 学号 index is built up front: a list
/// usually names its students by 学号, and building every index for 50,000 students
/// took a fifth of an agency import. The others are built the first time a row needs
/// them, so the result is the same whichever rows the list has.
struct Index<'a> {
    students: &'a [StudentRef],
    by_no: HashMap<String, usize>,
    /// 学号 without leading zeros, for lists that stored it as a number.
    by_no_digits: OnceCell<HashMap<String, Vec<usize>>>,
    by_id: OnceCell<HashMap<String, usize>>,
    /// Students by [`normalize_name`]: "林 子" on a list finds 林子.
    by_name: OnceCell<HashMap<String, Vec<usize>>>,
}

impl<'a> Index<'a> {
    fn new(students: &'a [StudentRef]) -> Index<'a> {
        let by_no = students
            .iter()
            .enumerate()
            .map(|(i, s)| (code_key(&s.student_no), i))
            .collect();
        Index {
            students,
            by_no,
            by_no_digits: OnceCell::new(),
            by_id: OnceCell::new(),
            by_name: OnceCell::new(),
        }
    }

    fn by_student_no(&self, no: &str) -> Option<usize> {
        self.by_no.get(no).copied().or_else(|| {
            let digits = self.by_no_digits.get_or_init(|| {
                let mut map: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, s) in self.students.iter().enumerate() {
                    let no = code_key(&s.student_no);
                    map.entry(no.trim_start_matches('0').to_string())
                        .or_default()
                        .push(i);
                }
                map
            });
            match digits.get(no.trim_start_matches('0')).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            }
        })
    }

    fn by_id_number(&self, id: &str) -> Option<usize> {
        let by_id = self.by_id.get_or_init(|| {
            let mut map = HashMap::new();
            for (i, s) in self.students.iter().enumerate() {
                if let Some(id) = s.id_number.as_deref().map(id_key).filter(|t| !t.is_empty()) {
                    map.insert(id, i);
                }
            }
            map
        });
        by_id.get(&id_key(id)).copied()
    }

    /// The students whose name is `name` once normalized, in roster order.
    fn by_name(&self, name: &str) -> &[usize] {
        self.by_name
            .get_or_init(|| {
                let mut map: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, s) in self.students.iter().enumerate() {
                    map.entry(normalize_name(&s.name)).or_default().push(i);
                }
                map
            })
            .get(name)
            .map_or(&[], Vec::as_slice)
    }
}

enum Found {
    One(usize, MatchBy),
    Several(Vec<usize>, String),
    None(String),
}

/// Why the row cannot say who it is, whatever the roster holds: a formula error in an
/// identifying column, or a 学号/身份证号 Excel rewrote in scientific notation (its
/// digits are gone, so matching "by the digits left" could find the wrong student).
fn identity_fault(r: &AgencyRow) -> Option<String> {
    if let Some(e) = r
        .errors
        .iter()
        .find(|e| AgencyColumn::IDENTIFYING.contains(&e.column))
    {
        return Some(format!(
            "「{}」列是公式错误 {}，无法确认是哪名学生：请在 Excel 中改正公式（或复制后「选择性粘贴 → 数值」）再导入",
            e.header, e.error
        ));
    }
    let scientific = [("学号", &r.student_no), ("身份证号", &r.id_number)]
        .into_iter()
        .find_map(|(what, v)| v.as_deref().filter(|t| is_scientific(t)).map(|t| (what, t)));
    scientific.map(|(what, t)| {
        format!(
            "{what}「{t}」是科学计数法，后面的数字已丢失，不能用来匹配：请在 Excel 中把{what}列设置为「文本」格式，\
             填入完整的{what}（或从原系统重新导出为文本）后再导入"
        )
    })
}

fn find(ix: &Index, r: &AgencyRow) -> Found {
    if let Some(i) = r
        .student_no
        .as_deref()
        .and_then(|n| ix.by_student_no(&code_key(n)))
    {
        return Found::One(i, MatchBy::StudentNo);
    }
    if let Some(i) = r.id_number.as_deref().and_then(|n| ix.by_id_number(n)) {
        return Found::One(i, MatchBy::IdNumber);
    }
    let name = r.name.as_deref().map(normalize_name);
    let by_name = name.as_deref().map(|n| ix.by_name(n)).unwrap_or_default();
    if let Some(e) = r.error_in(AgencyColumn::ClassName) {
        if !by_name.is_empty() {
            return Found::None(format!(
                "{}；「{}」列是公式错误 {}，只凭姓名无法确认是哪名学生",
                why_unmatched(r, by_name.len()),
                e.header,
                e.error
            ));
        }
    }
    let class = r.class_name.as_deref().map(normalize_name);
    let in_class: Vec<usize> = match class.as_deref() {
        Some(c) => by_name
            .iter()
            .copied()
            .filter(|i| normalize_name(&ix.students[*i].class_name) == c)
            .collect(),
        None => Vec::new(),
    };
    match (in_class.as_slice(), r.class_name.is_some()) {
        ([one], _) => Found::One(*one, MatchBy::NameClass),
        ([], false) if by_name.len() > 1 => {
            Found::Several(by_name.to_vec(), "名单没有班级，同名学生有多名".into())
        }
        ([], _) => Found::None(why_unmatched(r, by_name.len())),
        (several, _) => Found::Several(several.to_vec(), "同班有多名同名学生".into()),
    }
}

fn why_unmatched(r: &AgencyRow, same_name: usize) -> String {
    let mut parts = Vec::new();
    if let Some(no) = &r.student_no {
        parts.push(format!("学号 {no} 不在名单中"));
    }
    if let Some(id) = &r.id_number {
        // What Excel keeps of an 18-digit number: 15 digits, then zeros.
        if id.len() == 18 && id.ends_with("000") && id.bytes().all(|b| b.is_ascii_digit()) {
            parts.push(
                "身份证号不在名单中（末尾是 000，可能被 Excel 当作数字截断：请把该列设置为「文本」格式后重新导出）"
                    .to_string(),
            );
        } else {
            parts.push("身份证号不在名单中".to_string());
        }
    }
    match (&r.name, &r.class_name) {
        (Some(n), Some(c)) => parts.push(format!("{c} 没有名为「{n}」的学生")),
        (Some(n), None) if same_name == 1 => {
            parts.push(format!("只有姓名「{n}」没有班级，无法确认是同一人"))
        }
        (Some(n), None) => parts.push(format!("名单中没有名为「{n}」的学生")),
        _ => {}
    }
    if parts.is_empty() {
        "缺少学号、身份证号和姓名".into()
    } else {
        parts.join("；")
    }
}

/// Inconsistencies between the row and the student its 学号/身份证号 found. Names are
/// compared by [`normalize_name`]: "林 子" is 林子, not a different person.
fn mismatch(ix: &Index, i: usize, r: &AgencyRow) -> Option<String> {
    let s = &ix.students[i];
    if let Some(name) = r
        .name
        .as_deref()
        .filter(|n| normalize_name(n) != normalize_name(&s.name))
    {
        return Some(format!(
            "学号/身份证号对应「{}」，名单上的姓名是「{name}」",
            s.name
        ));
    }
    let id_owner = r.id_number.as_deref().and_then(|n| ix.by_id_number(n));
    match id_owner {
        Some(o) if ix.students[o].id != s.id => Some(format!(
            "学号对应「{}」，身份证号却属于「{}」（{}）",
            s.name, ix.students[o].name, ix.students[o].student_no
        )),
        _ => None,
    }
}

fn note(r: &AgencyRow, s: Option<&StudentRef>, reason: String) -> RowNote {
    RowNote {
        row: r.row,
        student_no: s.map_or_else(
            || r.student_no.clone().unwrap_or_default(),
            |s| s.student_no.clone(),
        ),
        name: s.map_or_else(|| r.name.clone().unwrap_or_default(), |s| s.name.clone()),
        class_name: s.map_or_else(
            || r.class_name.clone().unwrap_or_default(),
            |s| s.class_name.clone(),
        ),
        id_number: r
            .id_number
            .as_deref()
            .map(id_number::mask)
            .unwrap_or_default(),
        reason,
    }
}

/// The row's status cells for the report: "已拍摄", "已支付、已退款".
fn status_text(r: &AgencyRow) -> String {
    let texts: Vec<&str> = r
        .statuses
        .iter()
        .map(|c| c.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    texts.join("、")
}

/// What to import: the kind, the file's name (for the events' origin), and the date for
/// rows without one.
#[derive(Debug, Clone)]
pub struct ImportPlanInput<'a> {
    pub kind: EventKind,
    pub file: &'a str,
    pub default_date: NaiveDate,
    pub recorded_by: &'a str,
}

/// A row that found its student and says an event happened, before it is checked
/// against the student's events and the file's other rows.
struct Planned<'r> {
    r: &'r AgencyRow,
    student: usize,
    by: MatchBy,
    date: NaiveDate,
    /// The list's kind, or [`EventKind::Refund`].
    kind: EventKind,
}

/// What a list's rows are checked against: what is already recorded.
#[derive(Debug, Default)]
pub struct OnRecord {
    /// Every active event, by student.
    pub marks: Marks,
    /// (student row id, kind, origin) of every active verdict: a list of verdicts read
    /// again must not record them again, but a new verdict on a re-shoot is new.
    pub verdicts: HashSet<(i64, EventKind, String)>,
}

/// Sorts every row and lists the events to write, as (student id, event).
pub fn plan(
    input: &ImportPlanInput,
    rows: &[AgencyRow],
    students: &[StudentRef],
    known: &OnRecord,
) -> (ImportReport, Vec<(i64, NewEvent)>) {
    let ix = Index::new(students);
    let mut report = ImportReport {
        kind: input.kind,
        file: input.file.to_string(),
        sheet: String::new(),
        header_row: 0,
        status_columns: Vec::new(),
        dry_run: true,
        rows: rows.len(),
        recorded: 0,
        matched: Vec::new(),
        refunds: Vec::new(),
        duplicates: Vec::new(),
        not_done: Vec::new(),
        unknown_status: Vec::new(),
        unmatched: Vec::new(),
        ambiguous: Vec::new(),
        conflicts: Vec::new(),
        hidden: rows.iter().filter(|r| r.hidden).map(|r| r.row).collect(),
    };
    // Pass 1: each row on its own.
    let mut candidates = Vec::new();
    for r in rows {
        let kind = match judge_status(input.kind, &r.statuses) {
            Verdict::Done => match input.kind {
                // A 核对有误 list whose reason names the face comparison.
                EventKind::VerifyFailed
                    if r.reason.as_deref().is_some_and(|t| t.contains("比对")) =>
                {
                    EventKind::CompareFailed
                }
                k => k,
            },
            Verdict::Refunded => EventKind::Refund,
            Verdict::Outcome(k) => k,
            Verdict::NotDone(why) => {
                report.not_done.push(note(r, shown_student(&ix, r), why));
                continue;
            }
            Verdict::Unknown(why) => {
                report
                    .unknown_status
                    .push(note(r, shown_student(&ix, r), why));
                continue;
            }
        };
        if let Some(why) = identity_fault(r) {
            report.unmatched.push(note(r, None, why));
            continue;
        }
        let (i, by) = match find(&ix, r) {
            Found::One(i, by) => (i, by),
            Found::Several(list, reason) => {
                report.ambiguous.push(ambiguous(r, &ix, &list, reason));
                continue;
            }
            Found::None(reason) => {
                report.unmatched.push(note(r, None, reason));
                continue;
            }
        };
        let s = &students[i];
        let date = match row_date(r, kind, input.default_date) {
            Ok(d) => d,
            Err(why) => {
                report.unmatched.push(note(r, Some(s), why));
                continue;
            }
        };
        if let Some(why) = mismatch(&ix, i, r) {
            report.conflicts.push(note(r, Some(s), why));
            continue;
        }
        candidates.push(Planned {
            r,
            student: i,
            by,
            date,
            kind,
        });
    }
    // A student whose rows say both paid and refunded (paid again after a refund, or two
    // orders): which came last is not on the list, so neither is recorded.
    let mut kinds_of: HashMap<usize, Vec<(EventKind, u32)>> = HashMap::new();
    for c in &candidates {
        let seen = kinds_of.entry(c.student).or_default();
        if !seen.iter().any(|(k, _)| *k == c.kind) {
            seen.push((c.kind, c.r.row));
        }
    }
    // Pass 2: rows against the student's events and the file's earlier rows.
    let mut writes = Vec::new();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for c in candidates {
        let (r, s) = (c.r, &students[c.student]);
        let kinds = kinds_of
            .get(&c.student)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if kinds.len() > 1 {
            let said: Vec<String> = kinds
                .iter()
                .map(|(k, row)| format!("第 {row} 行「{}」", k.label()))
                .collect();
            let why = format!(
                "同一名学生在名单上既有{}，看不出哪个在后，未记录：请与图片社核实后手工录入",
                said.join("又有")
            );
            report.conflicts.push(note(r, Some(s), why));
            continue;
        }
        if let Some(first) = seen.get(&s.id) {
            let why = format!("与第 {first} 行是同一名学生");
            report.duplicates.push(note(r, Some(s), why));
            continue;
        }
        let theirs = known.marks.of(s.id);
        let origin = format!("{} 第{}行", input.file, r.row);
        // A verdict is about one photo: the same list read again after a re-shoot must
        // not fail the new photo.
        let from_this_list =
            c.kind.is_verdict() && known.verdicts.contains(&(s.id, c.kind, origin.clone()));
        if from_this_list || already_recorded(theirs, c.kind) {
            let why = format!("已记录「{}」", c.kind.label());
            report.duplicates.push(note(r, Some(s), why));
            seen.insert(s.id, r.row);
            continue;
        }
        if let Some(why) = conflict(theirs, c.kind).or_else(|| refund_too_early(theirs, &c)) {
            report.conflicts.push(note(r, Some(s), why));
            continue;
        }
        seen.insert(s.id, r.row);
        let row = MatchedRow {
            row: r.row,
            student_no: s.student_no.clone(),
            name: s.name.clone(),
            class_name: s.class_name.clone(),
            date: c.date,
            matched_by: c.by,
            status: status_text(r),
            kind: c.kind,
            note: match c.kind {
                k if k.is_failure() => failure_note(r, k),
                _ => String::new(),
            },
        };
        let event_note = match c.kind {
            EventKind::Refund => format!("名单状态：{}", status_text(r)),
            _ => row.note.clone(),
        };
        if c.kind == EventKind::Refund {
            report.refunds.push(row);
        } else {
            report.matched.push(row);
        }
        writes.push((
            s.id,
            NewEvent {
                kind: c.kind,
                date: c.date,
                source: Source::AgencyImport,
                note: event_note,
                recorded_by: input.recorded_by.to_string(),
                origin,
            },
        ));
    }
    (report, writes)
}

/// What a failed photo's row says is wrong: the reason column, else the status when it
/// says more than the event's own name (姓名有误, not 有误 or 人像比对未通过).
fn failure_note(r: &AgencyRow, kind: EventKind) -> String {
    let reason = r.reason.as_deref().map(str::trim).unwrap_or_default();
    if !reason.is_empty() {
        return reason.chars().take(200).collect();
    }
    let status = status_text(r);
    let generic = ["有误", "错误", "不正确", "核对有误", "未通过"];
    if status.is_empty() || kind.label().contains(&status) || generic.contains(&status.as_str()) {
        return String::new();
    }
    status.chars().take(200).collect()
}

/// The date of the event a row records: a refund's from the 退款时间 column (the other
/// date columns of a payment list tell when the fee was paid), else the import's date;
/// any other event's from the date column, else the import's date. A formula error or
/// a text that is not a date is never replaced by a guess.
fn row_date(r: &AgencyRow, kind: EventKind, default: NaiveDate) -> Result<NaiveDate, String> {
    let (column, text) = match kind {
        EventKind::Refund => (AgencyColumn::RefundDate, r.refund_date.as_deref()),
        _ => (AgencyColumn::Date, r.date.as_deref()),
    };
    if let Some(e) = r.error_in(column) {
        return Err(format!(
            "「{}」列是公式错误 {}，没有日期，未记录",
            e.header, e.error
        ));
    }
    match text {
        None => Ok(default),
        Some(text) => parse_date(text)
            .ok_or_else(|| format!("日期「{text}」无法识别，应为 2025-04-28 这样的日期")),
    }
}

/// A refund dated before the student's latest payment would leave them paid (the latest
/// of the two decides), so importing the list again would record it again: such a row
/// is a conflict (the student probably paid again after that refund).
fn refund_too_early(theirs: &[Mark], planned: &Planned) -> Option<String> {
    if planned.kind != EventKind::Refund {
        return None;
    }
    let last_paid = theirs
        .iter()
        .filter(|e| e.kind == EventKind::Paid)
        .map(|e| e.date)
        .max()?;
    (planned.date < last_paid).then(|| {
        format!(
            "退费日期 {} 早于最近一次缴费（{last_paid}），可能退费后又重新缴费，未记录：请核实",
            planned.date
        )
    })
}

/// The student a row names, for showing next to a row nothing is recorded for: only when
/// the row identifies them without doubt.
fn shown_student<'a>(ix: &Index<'a>, r: &AgencyRow) -> Option<&'a StudentRef> {
    if identity_fault(r).is_some() {
        return None;
    }
    match find(ix, r) {
        Found::One(i, _) if mismatch(ix, i, r).is_none() => Some(&ix.students[i]),
        _ => None,
    }
}

fn ambiguous(r: &AgencyRow, ix: &Index, list: &[usize], reason: String) -> AmbiguousRow {
    AmbiguousRow {
        row: r.row,
        name: r.name.clone().unwrap_or_default(),
        class_name: r.class_name.clone().unwrap_or_default(),
        candidates: list
            .iter()
            .map(|i| {
                let s = &ix.students[*i];
                Candidate {
                    student_no: s.student_no.clone(),
                    name: s.name.clone(),
                    class_name: s.class_name.clone(),
                }
            })
            .collect(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_shapes_agencies_write() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 28);
        for t in [
            "2025-04-28",
            "2025/4/28",
            "2025.4.28",
            "2025年4月28日",
            "20250428",
            "2025-04-28 10:12:00",
            "2025/04/28T10:12",
        ] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("四月"), None);
    }

    fn cell(header: &str, text: &str) -> StatusCell {
        StatusCell {
            header: header.into(),
            text: text.into(),
            error: None,
        }
    }

    fn verdict(kind: EventKind, text: &str) -> Verdict {
        judge_status(kind, &[cell("状态", text)])
    }

    #[test]
    fn status_words_decide_what_a_row_says() {
        use EventKind::*;
        use Verdict::*;
        assert_eq!(judge_status(Photographed, &[]), Done, "no status column");
        for t in [
            "未拍摄",
            "缺席",
            "未到",
            "已退款",
            "退款中",
            "审核不通过",
            "未通过",
            "不通过",
            "驳回",
            "未缴费",
            "未支付",
            "待支付",
            "已取消",
            "取消",
            "失败",
            "待审核",
            "审核中",
            "未审核",
            "未完成",
            "拍摄失败",
            "订单关闭",
        ] {
            for k in [Photographed, OnlineApproved, WalkInDone] {
                assert!(matches!(verdict(k, t), NotDone(_)), "{t} {k:?}");
            }
        }
        assert_eq!(
            verdict(Photographed, "未拍摄"),
            NotDone("状态为「未拍摄」，未记录".into())
        );
        for t in [
            "已拍摄",
            "已完成",
            "完成",
            "正常",
            "成功",
            "有效",
            " 已 拍摄 ",
        ] {
            assert_eq!(verdict(Photographed, t), Done, "{t}");
        }
        for t in [
            "已缴费",
            "已支付",
            "支付成功",
            "交易成功",
            "已完成",
            "正常",
            "有效",
        ] {
            assert_eq!(verdict(Paid, t), Done, "{t}");
        }
        for t in ["审核通过", "通过", "已通过", "成功"] {
            assert_eq!(verdict(OnlineApproved, t), Done, "{t}");
            assert_eq!(verdict(WalkInDone, t), Done, "{t}");
        }
        // Refunds: recorded on a payment list only; under way is not done.
        for t in ["已退款", "退费成功", "已退费", "退款成功"] {
            assert_eq!(verdict(Paid, t), Refunded, "{t}");
            assert!(matches!(verdict(Photographed, t), NotDone(_)), "{t}");
        }
        match verdict(Paid, "退款中") {
            NotDone(why) => assert!(why.contains("退款尚未完成"), "{why}"),
            other => panic!("{other:?}"),
        }
        // Done for another list is not done for this one; unknown words are not guessed.
        for (k, t) in [
            (Photographed, "已缴费"),
            (Paid, "已拍摄"),
            (OnlineApproved, "已拍摄"),
            (Photographed, "已处理"),
            (Photographed, "OK"),
            (Paid, "未退款"),
            (Paid, "退款失败"),
        ] {
            assert!(matches!(verdict(k, t), Unknown(_)), "{t} {k:?}");
        }
        match verdict(Photographed, "已处理") {
            Unknown(why) => assert!(why.contains("无法识别"), "{why}"),
            other => panic!("{other:?}"),
        }
        // Blank and formula errors are unknown, never done.
        assert!(matches!(verdict(Photographed, ""), Unknown(_)));
        let error = StatusCell {
            error: Some("#N/A".into()),
            ..cell("拍摄状态", "")
        };
        match judge_status(Photographed, &[error]) {
            Unknown(why) => assert!(why.contains("「拍摄状态」列是公式错误 #N/A"), "{why}"),
            other => panic!("{other:?}"),
        }
        // Several columns: any negative wins; one saying done for this list suffices.
        let two = |a: &str, b: &str| [cell("订单状态", a), cell("拍摄状态", b)];
        assert_eq!(judge_status(Photographed, &two("已支付", "已拍摄")), Done);
        assert!(matches!(
            judge_status(Photographed, &two("已支付", "未拍摄")),
            NotDone(_)
        ));
        assert_eq!(judge_status(Paid, &two("已退款", "未拍摄")), Refunded);
        assert_eq!(judge_status(Photographed, &two("", "已拍摄")), Done);
    }

    fn student(id: i64, no: &str, name: &str, class: &str, idn: Option<&str>) -> StudentRef {
        StudentRef {
            id,
            student_no: no.into(),
            name: name.into(),
            class_name: class.into(),
            id_number: idn.map(str::to_string),
        }
    }

    fn input(kind: EventKind) -> ImportPlanInput<'static> {
        ImportPlanInput {
            kind,
            file: "名单.xlsx",
            default_date: NaiveDate::from_ymd_opt(2025, 5, 6).unwrap(),
            recorded_by: "",
        }
    }

    fn row(n: u32, no: &str, name: &str, status: &str) -> AgencyRow {
        AgencyRow {
            row: n,
            student_no: Some(no.to_string()).filter(|t| !t.is_empty()),
            name: Some(name.to_string()).filter(|t| !t.is_empty()),
            class_name: Some("软件2201班".into()),
            statuses: vec![cell("状态", status)],
            ..AgencyRow::default()
        }
    }

    fn stored(id: i64, kind: EventKind, date: NaiveDate) -> Mark {
        Mark {
            id: crate::progress::EventId(id),
            kind,
            date,
            note: String::new(),
        }
    }

    fn roster() -> Vec<StudentRef> {
        vec![
            student(1, "2022001", "林子", "软件2201班", None),
            student(
                2,
                "2022002",
                "欧阳娜娜",
                "软件2201班",
                Some("11010519491231002X"),
            ),
            student(3, "2022003", "张三", "软件2201班", None),
            student(4, "2022004", "李四", "软件2201班", None),
        ]
    }

    #[test]
    fn padded_names_full_width_numbers_and_excel_damage() {
        let students = roster();
        let mut rows = vec![
            row(2, "", "林 子", "已拍摄"),
            row(3, "２０２２００２", "欧阳\u{200b}娜娜", ""),
            row(4, "2.02204E+11", "张三", ""),
            row(5, "", "", ""),
            row(6, "2022004", "李四", ""),
        ];
        rows[1].statuses.clear();
        rows[2].statuses.clear();
        rows[3].statuses.clear();
        rows[3].errors.push(CellFault {
            column: AgencyColumn::StudentNo,
            header: "学号".into(),
            error: "#N/A".into(),
        });
        rows[4].statuses.clear();
        rows[4].hidden = true;
        rows[4].errors.push(CellFault {
            column: AgencyColumn::Date,
            header: "拍摄日期".into(),
            error: "#VALUE!".into(),
        });
        let (report, writes) = plan(
            &input(EventKind::Photographed),
            &rows,
            &students,
            &OnRecord::default(),
        );
        let ids: Vec<i64> = writes.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(report.matched[0].matched_by, MatchBy::NameClass);
        assert_eq!(report.matched[1].matched_by, MatchBy::StudentNo);
        let unmatched: Vec<(u32, &str)> = report
            .unmatched
            .iter()
            .map(|n| (n.row, n.reason.as_str()))
            .collect();
        assert_eq!(unmatched.len(), 3, "{unmatched:?}");
        assert!(unmatched[0].1.contains("科学计数法") && unmatched[0].1.contains("文本"));
        assert!(unmatched[1].1.contains("「学号」列是公式错误 #N/A"));
        assert_eq!(unmatched[2].0, 6);
        assert!(unmatched[2].1.contains("#VALUE!"));
        assert_eq!(report.hidden, [6]);
    }

    #[test]
    fn refunds_need_a_payment_and_are_recorded_once() {
        let students = roster();
        let rows = vec![
            row(2, "2022001", "林子", "已退款"),
            row(3, "2022002", "欧阳娜娜", "已退款"),
            row(4, "2022003", "张三", "已支付"),
            row(5, "2022003", "张三", "已退款"),
            row(6, "2022004", "李四", "退款中"),
        ];
        let paid = (
            1,
            stored(
                1,
                EventKind::Paid,
                NaiveDate::from_ymd_opt(2025, 4, 20).unwrap(),
            ),
        );
        let known = OnRecord {
            marks: Marks::from_pairs(vec![paid.clone()]),
            ..OnRecord::default()
        };
        let (report, writes) = plan(&input(EventKind::Paid), &rows, &students, &known);
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].0, 1);
        assert_eq!(writes[0].1.kind, EventKind::Refund);
        assert_eq!(
            writes[0].1.date,
            NaiveDate::from_ymd_opt(2025, 5, 6).unwrap()
        );
        assert_eq!(report.refunds.len(), 1);
        let conflicts: Vec<u32> = report.conflicts.iter().map(|n| n.row).collect();
        assert_eq!(conflicts, [3, 4, 5], "no payment; paid and refunded rows");
        assert_eq!(report.not_done.len(), 1);
        assert_eq!(report.not_done[0].student_no, "2022004");
        // Once recorded, the refund is a duplicate.
        let refund = (1, stored(2, EventKind::Refund, writes[0].1.date));
        let known = OnRecord {
            marks: Marks::from_pairs(vec![refund, paid]),
            ..OnRecord::default()
        };
        let (again, writes) = plan(&input(EventKind::Paid), &rows[..1], &students, &known);
        assert!(writes.is_empty());
        assert_eq!(again.duplicates.len(), 1);
    }
}
