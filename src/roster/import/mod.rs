//! Roster import: the office's roster file (any format [`crate::tabular`] reads) becomes
//! the campaign's students. Two steps for the UI: [`read_preview`] (sheet, header row,
//! detected mapping, first rows) and [`import`] (validate, compare with the stored roster,
//! write added / updated / withdrawn students in one transaction).
//!
//! **Invariants:** an import that fails changes nothing (the file is read and checked
//! before the transaction opens, and the transaction rolls back on any error); a student
//! missing from a newer file is withdrawn, never deleted; rows are never silently dropped
//! (each rejected row is reported with its row number and column).

mod headers;
mod layout;
mod rows;
mod validate;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use super::queries::{self, ImportLog, ImportWriter, ImportedRow, StoredStudent};
use super::{id_number, ineligibility};
use crate::campaign::Campaign;
use crate::store::Clock;
use crate::tabular::{self, normalize_code, Format, Row, TabularError};
use layout::{layout, Layout};

pub use headers::{ColumnMapping, Field, MappingSource, Target, FIELDS};
pub use validate::{parse_duration, parse_grad_year, parse_year, RowIssue, StoredWarning};

/// How many data rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// What the user chose about reading the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The sheets to read as one roster, by name; empty: the first sheet that holds a
    /// header (a "说明" sheet before the data is passed over).
    pub sheets: Vec<String>,
    /// Also read every other sheet whose header is the same as the first one's (one
    /// sheet per 学院): the roster is all of them together.
    pub all_sheets: bool,
    /// The header row as Excel numbers it; default: found automatically.
    pub header_row: Option<u32>,
    /// Column header → what it becomes, over the detected and remembered mapping.
    pub overrides: Vec<(String, Target)>,
    /// The user confirmed that a large share of the roster is withdrawn (more than
    /// [`WITHDRAW_CONFIRM_PERCENT`] %): without it such an import is refused.
    pub allow_withdraw: bool,
}

/// Withdrawing more than this share of the active roster needs the user's confirmation.
pub const WITHDRAW_CONFIRM_PERCENT: usize = 20;

/// Errors of an import. All but `Sqlite` are the user's to fix and leave the DB unchanged.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error(transparent)]
    Closed(#[from] crate::campaign::CampaignClosed),
    #[error(transparent)]
    Read(#[from] TabularError),
    #[error(
        "在工作表「{sheet}」的前 30 行中找不到表头行（至少要有学号、姓名等两个能识别的列名）。\
         请检查文件，或指定表头所在的行和各列的含义。"
    )]
    NoHeader { sheet: String },
    #[error("第 {0} 行不是工作表中有内容的行，不能作为表头行。")]
    BadHeaderRow(u32),
    #[error(
        "工作表「{sheet}」在表头（第 {header_row} 行）下面没有任何学生行，没有导入。\
         请检查是否选错了文件或工作表。"
    )]
    NoDataRows { sheet: String, header_row: u32 },
    #[error(
        "导入这个文件会把 {count} 名学生（占现有名单的 {percent}%）标记为已退出：{classes}。\
         如果文件只是名单的一部分（只导出了部分学院或班级、工作簿分了多个工作表），\
         请导入完整名单；确实要标记退出，请确认后再导入。"
    )]
    TooManyWithdrawals {
        count: usize,
        percent: usize,
        classes: String,
    },
    #[error(
        "找不到「{}」列。文件的列名为：{}。请指定文件中哪一列是学号（或姓名）。",
        .missing.join("」「"), .headers.join("、")
    )]
    MissingColumns {
        missing: Vec<&'static str>,
        headers: Vec<String>,
    },
    #[error(
        "--map 参数「{arg}」格式不对，应为 表头=字段，例如 --map 学生编号=student_no；字段可用：{}",
        field_list()
    )]
    BadMap { arg: String },
    #[error(
        "工作表「{sheet}」的表头与「{first}」不同，不能作为一份名单一起导入。\
         请只选择表头相同的工作表。"
    )]
    HeaderMismatch { sheet: String, first: String },
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl ImportError {
    /// False only for database failures (exit code 2 in the CLI).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, ImportError::Sqlite(_))
    }
}

fn field_list() -> String {
    let mut list: Vec<String> = FIELDS
        .iter()
        .map(|f| format!("{}（{}）", f.id(), f.label()))
        .collect();
    list.push("extra（保留为其他信息）".into());
    list.push("ignore（忽略）".into());
    list.join("、")
}

/// Parses one `--map 表头=字段` argument.
pub fn parse_map_arg(text: &str) -> Result<(String, Target), ImportError> {
    let (header, target) = text.split_once('=').ok_or_else(|| ImportError::BadMap {
        arg: text.to_string(),
    })?;
    let target = Target::parse(target).ok_or_else(|| ImportError::BadMap {
        arg: text.to_string(),
    })?;
    if header.trim().is_empty() {
        return Err(ImportError::BadMap {
            arg: text.to_string(),
        });
    }
    Ok((header.trim().to_string(), target))
}

/// What the UI shows before the user confirms an import.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Preview {
    pub format: Format,
    pub encoding: Option<String>,
    pub sheet_names: Vec<String>,
    pub sheet: String,
    /// The header row as Excel numbers it.
    pub header_row: u32,
    pub columns: Vec<ColumnMapping>,
    /// Required fields no column maps to (学号, 姓名): the import would refuse.
    pub missing: Vec<Field>,
    /// The first data rows, cells in column order.
    pub rows: Vec<Row>,
    /// How many student rows the sheets have below the header (skipped rows not counted).
    pub data_rows: usize,
    /// Every sheet of the file, with its row count and whether it can join the import.
    pub sheets: Vec<SheetSummary>,
    /// What the reading did to the file that the user should know (merged cells filled
    /// down, which sheet was used, other sheets with the same header …).
    pub notes: Vec<String>,
    /// Rows under the header that are not students (hint rows, totals, signatures).
    pub skipped: Vec<RowIssue>,
}

/// One sheet of the workbook as the import sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SheetSummary {
    pub name: String,
    /// Rows below the header (all non-blank rows when the sheet has no header).
    pub rows: usize,
    /// The sheet's header is the same as the header of the first sheet used.
    pub same_header: bool,
    /// The sheet is read in this import.
    pub used: bool,
}

/// How many students of one class a step concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ClassCount {
    pub class_name: String,
    pub count: usize,
}

/// How many rows share one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ReasonCount {
    pub reason: String,
    pub count: usize,
}

/// Reads the file and shows how it would be imported, without writing anything.
pub fn read_preview(
    conn: &Connection,
    path: &Path,
    options: &ImportOptions,
) -> Result<Preview, ImportError> {
    let l = layout(conn, path, options)?;
    let plan = validate::Plan::new(&l.columns);
    let mut skipped = Vec::new();
    for part in &l.parts {
        for row in part.data() {
            if let Some(why) = rows::not_a_student(&plan, row) {
                skipped.push(in_sheet(&l, part, plan.row_issue(row.number, why.into())));
            }
        }
    }
    let first = l.parts.first();
    Ok(Preview {
        format: l.format,
        encoding: l.encoding.clone(),
        sheet_names: l.sheet_names.clone(),
        sheet: first.map(|p| p.sheet.name.clone()).unwrap_or_default(),
        header_row: l.header_row,
        missing: l.missing(),
        rows: masked_preview(&l.columns, first.map_or(&[][..], |p| p.data())),
        data_rows: l.data_len() - skipped.len(),
        sheets: l.summaries.clone(),
        notes: l.notes.clone(),
        skipped,
        columns: l.columns,
    })
}

/// `issue` named by its sheet when the import reads several.
fn in_sheet(l: &Layout, part: &layout::Part, mut issue: RowIssue) -> RowIssue {
    if l.parts.len() > 1 {
        issue.sheet = Some(part.sheet.name.clone());
    }
    issue
}

/// The first rows for the preview, with ID numbers and phones masked, and any value
/// shaped like an ID number in other columns too: a preview is a screen like any other.
fn masked_preview(columns: &[ColumnMapping], data: &[Row]) -> Vec<Row> {
    let sensitive: Vec<usize> = columns
        .iter()
        .filter(|c| matches!(c.target, Target::Field(Field::IdNumber | Field::Phone)))
        .map(|c| c.index)
        .collect();
    data.iter()
        .take(PREVIEW_ROWS)
        .map(|r| {
            let mut r = r.clone();
            for (i, cell) in r.cells.iter_mut().enumerate() {
                if sensitive.contains(&i) || id_number::looks_like(&normalize_code(cell)) {
                    *cell = id_number::mask(cell);
                } else if let std::borrow::Cow::Owned(masked) = id_number::mask_embedded(cell) {
                    *cell = masked;
                }
            }
            r
        })
        .collect()
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    pub dry_run: bool,
    /// Data rows read (blank rows not counted).
    pub read: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub withdrawn: usize,
    /// Imported rows that are not eligible for this campaign (kept, with the reason).
    pub ineligible: usize,
    pub rejected: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    pub columns: Vec<ColumnMapping>,
    /// The automatic backup taken before students were withdrawn.
    pub auto_backup: Option<std::path::PathBuf>,
    /// The sheets read, in order.
    pub sheets: Vec<String>,
    /// File-level notes, as in [`Preview::notes`].
    pub notes: Vec<String>,
    /// Rows that are not students, skipped (neither imported nor rejected).
    pub skipped: Vec<RowIssue>,
    /// Rows hidden in Excel: imported like the others, listed so nobody is surprised.
    pub hidden: Vec<RowIssue>,
    /// The students withdrawn, per class (largest first).
    pub withdrawn_by_class: Vec<ClassCount>,
    /// More than [`WITHDRAW_CONFIRM_PERCENT`] % of the roster would be withdrawn: the
    /// import needs [`ImportOptions::allow_withdraw`].
    pub needs_confirmation: bool,
    /// The most common reasons students are not eligible (at most five).
    pub ineligible_reasons: Vec<ReasonCount>,
}

/// What to do with one accepted row.
enum Action {
    Add,
    Update(i64),
    Unchanged,
}

/// Imports `path` into `campaign`'s roster (see the module doc). `now` stamps
/// withdrawals and the import log; `progress(done, total)` is called as rows are checked
/// and written. With `dry_run` the report is the same and nothing is written.
pub fn import(
    conn: &mut Connection,
    campaign: &Campaign,
    path: &Path,
    options: &ImportOptions,
    dry_run: bool,
    clock: &Clock,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    let now = &clock.stamp();
    if !dry_run {
        // Said before the file is read: no point checking 50,000 rows to refuse them.
        crate::campaign::ensure_open::<ImportError>(conn, campaign.id)?;
    }
    // The file is read while the stored roster is loaded: neither needs the other, and
    // each is a good part of a re-import of 50,000 students.
    let (sheets, stored) = std::thread::scope(|s| {
        let reading = s.spawn(|| tabular::read_all(path));
        let stored = queries::load_stored(conn, campaign.id);
        let sheets = reading
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (sheets, stored)
    });
    let mut l = layout::layout_of(conn, sheets?, options)?;
    let stored = stored?;
    let missing = l.missing();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            missing: missing.iter().map(|f| f.label()).collect(),
            headers: l
                .columns
                .iter()
                .map(|c| c.header.clone())
                .filter(|h| !h.is_empty())
                .collect(),
        });
    }
    let plan = validate::Plan::new(&l.columns);
    let total = l.data_len() * 2;
    let mut report = ImportReport {
        file: path.display().to_string(),
        sheet: l
            .parts
            .first()
            .map(|p| p.sheet.name.clone())
            .unwrap_or_default(),
        sheets: l.parts.iter().map(|p| p.sheet.name.clone()).collect(),
        header_row: l.header_row,
        dry_run,
        notes: l.notes.clone(),
        ..ImportReport::default()
    };
    let read = read_rows(&l, &plan, &mut report, progress);
    // The file's rows are not needed past this point.
    let file_rows = std::mem::take(&mut l.parts);
    if report.read == 0 {
        return Err(ImportError::NoDataRows {
            sheet: report.sheet.clone(),
            header_row: l.header_row,
        });
    }
    let ReadRows {
        parsed,
        mut listed,
        unknown_students,
    } = read;
    let mut parsed =
        validate::reject_duplicates(parsed, &plan, &mut report.rejected, &mut report.warnings);
    restore_leading_zeros(&plan, &mut parsed, &stored, &mut listed, &mut report);
    for p in &mut parsed {
        if let Some(s) = stored.get(p.student.student_no.as_str()) {
            validate::keep_stored(&plan, p, &s.student, &mut report.warnings);
        }
        validate::warn_empty_groups(&plan, p, &mut report.warnings);
    }
    report
        .rejected
        .sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
    report
        .warnings
        .sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
    if !plan.has(Field::GradYear) && plan.has(Field::IntakeYear) && plan.has(Field::DurationYears) {
        report.notes.push(
            "文件没有预计毕业时间列，已按 年级 + 学制 推算毕业年份（如 2022级 三年制 → 2025）"
                .into(),
        );
    }
    let grad_year = campaign.facts.grad_year;
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(parsed.len());
    for p in &parsed {
        let reason = ineligibility(&p.student, grad_year);
        if let Some(r) = &reason {
            report.ineligible += 1;
            *reasons.entry(r.clone()).or_default() += 1;
        }
        let warnings = serde_json::to_string(&p.warnings).unwrap_or_else(|_| "[]".into());
        let action = match stored.get(p.student.student_no.as_str()) {
            None => Action::Add,
            Some(s) if same(s, p, reason.as_deref(), &warnings) => Action::Unchanged,
            Some(s) => Action::Update(s.id),
        };
        match action {
            Action::Add => report.added += 1,
            Action::Update(_) => report.updated += 1,
            Action::Unchanged => report.unchanged += 1,
        }
        rows.push((action, reason, warnings));
    }
    report.ineligible_reasons = top_reasons(reasons);
    if let Some(note) = ineligible_note(report.ineligible, parsed.len(), &report.ineligible_reasons)
    {
        report.notes.push(note);
    }
    let withdraw = to_withdraw(&stored, &listed, unknown_students, &mut report);
    report.columns = l.columns.clone();
    if dry_run {
        progress(total, total);
        return Ok(report);
    }
    if report.needs_confirmation && !options.allow_withdraw {
        return Err(ImportError::TooManyWithdrawals {
            count: withdraw.len(),
            percent: withdraw.len() * 100 / active_count(&stored).max(1),
            classes: class_list(&report.withdrawn_by_class),
        });
    }
    if !withdraw.is_empty() {
        // Withdrawing is what a re-import destroys: a copy to go back to, first. Here, so
        // every shell gets it and none needs a trial run to know.
        report.auto_backup =
            crate::backup::before_step(conn, crate::backup::Reason::Reimport, clock)?;
    }
    let tx = conn.transaction()?;
    std::thread::scope(|s| -> Result<(), ImportError> {
        // Freeing the file's million cells takes a while: beside the write, not before it.
        s.spawn(move || drop(file_rows));
        let mut w = ImportWriter::new(&tx, campaign.id)?;
        let half = total / 2;
        for (i, (p, (action, reason, warnings))) in parsed.iter().zip(&rows).enumerate() {
            let row = ImportedRow {
                student: &p.student,
                ineligible_reason: reason.as_deref(),
                extra: &p.extra,
                warnings,
            };
            match action {
                Action::Add => w.insert(&row)?,
                Action::Update(id) => w.update(*id, &row)?,
                Action::Unchanged => {}
            }
            if i % 4096 == 0 {
                progress(half + i * half / parsed.len().max(1), total);
            }
        }
        for id in &withdraw {
            w.withdraw(*id, now)?;
        }
        Ok(())
    })?;
    queries::put_header_mapping(
        &tx,
        &l.header_key,
        &headers::encode_mapping(&l.columns),
        now,
    )?;
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy())
        .unwrap_or_default();
    queries::insert_import_log(
        &tx,
        campaign.id,
        &ImportLog {
            file_name: &file_name,
            sheet: &report.sheets.join("、"),
            imported_at: now,
            counts: [
                report.read,
                report.added,
                report.updated,
                report.unchanged,
                report.withdrawn,
                report.ineligible,
                report.rejected.len(),
                report.warnings.len(),
            ],
        },
    )?;
    tx.commit()?;
    progress(total, total);
    Ok(report)
}

/// The data rows read: the students parsed, every 学号 the file lists (rejected rows too:
/// those students are not withdrawn), and how many rows name a student we cannot know.
struct ReadRows {
    parsed: Vec<validate::ParsedRow>,
    listed: HashSet<String>,
    /// Rows whose 学号 Excel damaged or a formula error replaced.
    unknown_students: usize,
}

/// Reads every data row of every sheet: skips the rows that are not students, notes the
/// hidden ones, parses the rest. A large sheet's two halves are checked at once, one per
/// thread, and joined in row order.
fn read_rows(
    l: &Layout,
    plan: &validate::Plan,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize, usize),
) -> ReadRows {
    let total = l.data_len() * 2;
    let mut out = ReadRows {
        parsed: Vec::with_capacity(l.data_len()),
        listed: HashSet::with_capacity(l.data_len()),
        unknown_students: 0,
    };
    let mut done = 0;
    for part in &l.parts {
        let mut errors: HashMap<u32, Vec<(usize, &'static str)>> = HashMap::new();
        for e in &part.sheet.formula_errors {
            errors.entry(e.row).or_default().push((e.column, e.error));
        }
        let check = RowCheck {
            l,
            part,
            plan,
            errors: &errors,
        };
        let data = part.data();
        let half = if data.len() >= SPLIT_CHECK_FROM {
            data.len() / 2
        } else {
            data.len()
        };
        let (head, tail) = data.split_at(half);
        let (first, second) = std::thread::scope(|s| {
            let second = (!tail.is_empty()).then(|| s.spawn(|| check.rows(tail, &mut |_| {})));
            // Both halves go at about the same pace: the one here counts for both.
            let step = if tail.is_empty() { 1 } else { 2 };
            let first = check.rows(head, &mut |n| progress(done + n * step, total));
            let second = second.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (first, second)
        });
        done += data.len();
        for checked in std::iter::once(first).chain(second) {
            checked.add_to(report, &mut out);
        }
    }
    out
}

/// Sheets with fewer data rows are checked on one thread.
const SPLIT_CHECK_FROM: usize = 8192;

/// Checking the rows of one sheet.
struct RowCheck<'a> {
    l: &'a Layout,
    part: &'a layout::Part,
    plan: &'a validate::Plan,
    /// Formula errors by row number: (column, error).
    errors: &'a HashMap<u32, Vec<(usize, &'static str)>>,
}

/// What checking a run of rows found, each list in row order.
#[derive(Default)]
struct Checked {
    read: usize,
    skipped: Vec<RowIssue>,
    hidden: Vec<RowIssue>,
    rejected: Vec<RowIssue>,
    warnings: Vec<RowIssue>,
    parsed: Vec<validate::ParsedRow>,
    listed: Vec<String>,
    unknown_students: usize,
}

impl RowCheck<'_> {
    /// Checks `rows` (a run of the sheet's data rows); `tick(n)` every 4096 rows.
    fn rows(&self, rows: &[Row], tick: &mut dyn FnMut(usize)) -> Checked {
        let (l, part, plan) = (self.l, self.part, self.plan);
        let mut out = Checked {
            parsed: Vec::with_capacity(rows.len()),
            listed: Vec::with_capacity(rows.len()),
            ..Checked::default()
        };
        let no_col = l
            .columns
            .iter()
            .find(|c| c.target == Target::Field(Field::StudentNo))
            .map(|c| c.index);
        for (i, row) in rows.iter().enumerate() {
            if (i + 1) % 4096 == 0 {
                tick(i + 1);
            }
            if let Some(why) = rows::not_a_student(plan, row) {
                let issue = plan.row_issue(row.number, why.into());
                out.skipped.push(in_sheet(l, part, issue));
                continue;
            }
            out.read += 1;
            if part.sheet.is_hidden(row.number) {
                let issue =
                    plan.row_issue(row.number, "该行在 Excel 中是隐藏的，已照常导入".into());
                out.hidden.push(in_sheet(l, part, issue));
            }
            let no = normalize_code(no_col.map_or("", |i| row.cell(i)));
            let row_errors = self.errors.get(&row.number).map_or(&[][..], Vec::as_slice);
            let damaged =
                tabular::is_scientific(&no) || row_errors.iter().any(|(c, _)| Some(*c) == no_col);
            if damaged {
                out.unknown_students += 1;
            } else if !no.is_empty() {
                out.listed.push(no);
            }
            match validate::parse_row(plan, row, row_errors, &mut out.warnings) {
                Ok(mut p) => {
                    if l.parts.len() > 1 {
                        p.sheet = Some(part.sheet.name.clone());
                    }
                    out.parsed.push(p)
                }
                Err(issue) => out.rejected.push(issue),
            }
        }
        if l.parts.len() > 1 {
            for issue in out.rejected.iter_mut().chain(out.warnings.iter_mut()) {
                issue.sheet = Some(part.sheet.name.clone());
            }
        }
        out
    }
}

impl Checked {
    /// Adds what was found to the report and the rows read, after what is there.
    fn add_to(self, report: &mut ImportReport, out: &mut ReadRows) {
        report.read += self.read;
        report.skipped.extend(self.skipped);
        report.hidden.extend(self.hidden);
        report.rejected.extend(self.rejected);
        report.warnings.extend(self.warnings);
        out.parsed.extend(self.parsed);
        out.listed.extend(self.listed);
        out.unknown_students += self.unknown_students;
    }
}

/// A 学号 Excel stored as a number lost its leading zeros (0522010001 → 522010001): when
/// exactly one stored student has that number once the zeros are put back, the row is
/// that student, with a warning. Never when the file also lists that student as written.
fn restore_leading_zeros(
    plan: &validate::Plan,
    parsed: &mut [validate::ParsedRow],
    stored: &HashMap<String, StoredStudent>,
    listed: &mut HashSet<String>,
    report: &mut ImportReport,
) {
    let unknown = |p: &validate::ParsedRow| {
        let no = p.student.student_no.as_str();
        !stored.contains_key(no) && !no.starts_with('0') && no.bytes().all(|b| b.is_ascii_digit())
    };
    if !parsed.iter().any(unknown) {
        return;
    }
    let mut by_digits: HashMap<&str, Vec<&str>> = HashMap::new();
    for no in stored.keys().filter(|n| n.starts_with('0')) {
        by_digits
            .entry(no.trim_start_matches('0'))
            .or_default()
            .push(no.as_str());
    }
    for p in parsed.iter_mut().filter(|p| unknown(p)) {
        let written = p.student.student_no.to_string();
        let Some([full]) = by_digits.get(written.as_str()).map(Vec::as_slice) else {
            continue;
        };
        if listed.contains(*full) {
            continue;
        }
        let Some(no) = crate::roster::StudentNo::new(full) else {
            continue;
        };
        let reason = format!(
            "学号「{written}」缺少开头的 0（Excel 把学号当成了数字），已按名单中的 {full} 匹配；\
             {}",
            validate::EXCEL_TEXT_FIX
        );
        report
            .warnings
            .push(p.issue(plan, Field::StudentNo, reason.clone()));
        p.warnings.push(StoredWarning {
            column: Field::StudentNo.label().to_string(),
            reason,
        });
        listed.remove(&written);
        listed.insert(full.to_string());
        p.student.student_no = no;
    }
}

/// Active students the file does not list, to be withdrawn; fills the report's counts.
/// When some rows name a student nobody can know (a damaged 学号), nobody is withdrawn:
/// the missing student may be on that row.
fn to_withdraw(
    stored: &HashMap<String, StoredStudent>,
    listed: &HashSet<String>,
    unknown_students: usize,
    report: &mut ImportReport,
) -> Vec<i64> {
    let missing: Vec<&StoredStudent> = stored
        .values()
        .filter(|s| s.withdrawn_at.is_none() && !listed.contains(s.student.student_no.as_str()))
        .collect();
    if unknown_students > 0 && !missing.is_empty() {
        report.notes.push(format!(
            "有 {unknown_students} 行的学号无法识别，本次没有把任何学生标记为已退出\
             （名单中有 {} 名学生不在文件里）；修正这些行后重新导入",
            missing.len()
        ));
        return Vec::new();
    }
    let mut by_class: HashMap<&str, usize> = HashMap::new();
    for s in &missing {
        *by_class.entry(s.student.class_name.as_str()).or_default() += 1;
    }
    let mut classes: Vec<ClassCount> = by_class
        .into_iter()
        .map(|(c, count)| ClassCount {
            class_name: if c.is_empty() {
                "（无班级）".into()
            } else {
                c.to_string()
            },
            count,
        })
        .collect();
    classes.sort_by(|a, b| b.count.cmp(&a.count).then(a.class_name.cmp(&b.class_name)));
    report.withdrawn = missing.len();
    report.withdrawn_by_class = classes;
    report.needs_confirmation =
        missing.len() * 100 > active_count(stored) * WITHDRAW_CONFIRM_PERCENT;
    missing.iter().map(|s| s.id).collect()
}

fn active_count(stored: &HashMap<String, StoredStudent>) -> usize {
    stored.values().filter(|s| s.withdrawn_at.is_none()).count()
}

/// "软件2201 40 人、会计2202 38 人 …" (the first eight classes).
fn class_list(classes: &[ClassCount]) -> String {
    let mut list: Vec<String> = classes
        .iter()
        .take(8)
        .map(|c| format!("{} {} 人", c.class_name, c.count))
        .collect();
    if classes.len() > 8 {
        list.push(format!("等 {} 个班级", classes.len()));
    }
    list.join("、")
}

/// The five most common reasons, most common first.
fn top_reasons(reasons: HashMap<String, usize>) -> Vec<ReasonCount> {
    let mut list: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    list.truncate(5);
    list
}

/// When half or more of the file comes out ineligible, the mapping is probably wrong.
fn ineligible_note(ineligible: usize, accepted: usize, top: &[ReasonCount]) -> Option<String> {
    if accepted < 5 || ineligible * 2 < accepted {
        return None;
    }
    let reasons: Vec<String> = top
        .iter()
        .take(3)
        .map(|r| format!("{}（{} 人）", r.reason, r.count))
        .collect();
    Some(format!(
        "有 {ineligible} 名学生（占 {}%）不符合采集条件，最常见的原因：{}。\
         如果这不对，可能是列的对应关系错了（例如学籍状态、预计毕业时间对应到了别的列），请检查列的设置",
        ineligible * 100 / accepted,
        reasons.join("；")
    ))
}

/// True when the stored student already says everything the row says.
fn same(s: &StoredStudent, p: &validate::ParsedRow, reason: Option<&str>, warnings: &str) -> bool {
    s.withdrawn_at.is_none()
        && s.student == p.student
        && s.ineligible_reason.as_deref() == reason
        && s.extra == p.extra
        && s.warnings == warnings
}
