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
mod validate;

use std::collections::HashSet;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use thiserror::Error;

use super::ineligibility;
use super::queries::{self, ImportLog, ImportWriter, ImportedRow, StoredStudent};
use crate::campaign::Campaign;
use crate::tabular::{self, Format, ReadOptions, Row, Sheet, TabularError};

pub use headers::{ColumnMapping, Field, MappingSource, Target, FIELDS};
pub use validate::{parse_duration, parse_year, RowIssue, StoredWarning};

/// How many data rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// What the user chose about reading the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The sheet's name; default: the first sheet with data.
    pub sheet: Option<String>,
    /// The header row as Excel numbers it; default: found automatically.
    pub header_row: Option<u32>,
    /// Column header → what it becomes, over the detected and remembered mapping.
    pub overrides: Vec<(String, Target)>,
}

/// Errors of an import. All but `Sqlite` are the user's to fix and leave the DB unchanged.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error(transparent)]
    Closed(#[from] crate::export::CampaignClosed),
    #[error(transparent)]
    Read(#[from] TabularError),
    #[error(
        "在工作表「{sheet}」的前 30 行中找不到表头行（至少要有学号、姓名等两个能识别的列名）。\
         请检查文件，或用 --header-row 指定表头所在行、用 --map 列名=字段 指定列。"
    )]
    NoHeader { sheet: String },
    #[error("第 {0} 行不是工作表中有内容的行，不能作为表头行。")]
    BadHeaderRow(u32),
    #[error(
        "找不到「{}」列。文件的列名为：{}。请用 --map 列名=student_no（或 name）指定对应的列。",
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
#[derive(Debug, Clone, Serialize)]
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
    /// How many data rows the sheet has below the header.
    pub data_rows: usize,
}

/// The sheet with its header found and its columns mapped.
struct Layout {
    sheet: Sheet,
    /// Index in `sheet.rows` of the first data row.
    data_start: usize,
    header_row: u32,
    header_key: String,
    columns: Vec<ColumnMapping>,
}

impl Layout {
    fn data(&self) -> &[Row] {
        &self.sheet.rows[self.data_start..]
    }

    fn missing(&self) -> Vec<Field> {
        [Field::StudentNo, Field::Name]
            .into_iter()
            .filter(|f| !self.columns.iter().any(|c| c.target == Target::Field(*f)))
            .collect()
    }
}

fn layout(conn: &Connection, path: &Path, options: &ImportOptions) -> Result<Layout, ImportError> {
    let sheet = tabular::read(
        path,
        &ReadOptions {
            sheet: options.sheet.clone(),
        },
    )?;
    let overridden: HashSet<String> = options
        .overrides
        .iter()
        .map(|(h, _)| tabular::normalize_header(h))
        .collect();
    let header_index = match options.header_row {
        Some(n) => sheet
            .rows
            .iter()
            .position(|r| r.number == n)
            .ok_or(ImportError::BadHeaderRow(n))?,
        None => match remembered_header(conn, &sheet.rows)? {
            Some(i) => i,
            None => {
                let known = |h: &str| headers::is_known_header(h) || overridden.contains(h);
                tabular::find_header(&sheet.rows, known, 2).ok_or_else(|| {
                    ImportError::NoHeader {
                        sheet: sheet.name.clone(),
                    }
                })?
            }
        },
    };
    let (header_cells, data_start) = header_cells(&sheet.rows, header_index);
    let header_key = headers::header_key(&header_cells);
    let remembered = match queries::get_header_mapping(conn, &header_key)? {
        Some(json) => headers::decode_mapping(&json, header_cells.len()),
        None => None,
    };
    let columns = headers::map_columns(&header_cells, &options.overrides, remembered.as_deref());
    Ok(Layout {
        header_row: sheet.rows[header_index].number,
        sheet,
        data_start,
        header_key,
        columns,
    })
}

/// The first of the top rows whose headers were mapped and remembered before: a layout
/// the user already explained is found even when no header is a known name.
fn remembered_header(conn: &Connection, rows: &[Row]) -> Result<Option<usize>, ImportError> {
    for (i, row) in rows.iter().take(tabular::HEADER_SCAN_ROWS).enumerate() {
        if row.cells.len() >= 2
            && queries::get_header_mapping(conn, &headers::header_key(&row.cells))?.is_some()
        {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The header texts, and where the data starts. Handles the two shapes merged header
/// cells take: a name merged down from the row above (group headers, "学号" spanning two
/// rows), and a sub-header row below (e.g. "联系方式" over "手机" and "邮箱").
fn header_cells(rows: &[Row], index: usize) -> (Vec<String>, usize) {
    let mut cells = rows[index].cells.clone();
    let known = |c: &str| headers::is_known_header(&tabular::normalize_header(c));
    if index > 0 {
        let above = &rows[index - 1];
        for (i, cell) in cells.iter_mut().enumerate() {
            if cell.is_empty() && known(above.cell(i)) {
                *cell = above.cell(i).to_string();
            }
        }
    }
    let Some(next) = rows.get(index + 1) else {
        return (cells, index + 1);
    };
    let key_cols: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(Field::from_header(c), Some(Field::StudentNo | Field::Name)))
        .map(|(i, _)| i)
        .collect();
    let is_sub_header = !key_cols.is_empty()
        && key_cols.iter().all(|i| next.cell(*i).is_empty())
        && next.cells.iter().any(|c| known(c));
    if !is_sub_header {
        return (cells, index + 1);
    }
    if next.cells.len() > cells.len() {
        cells.resize(next.cells.len(), String::new());
    }
    for (i, c) in next.cells.iter().enumerate() {
        if !c.is_empty() {
            cells[i] = c.clone();
        }
    }
    (cells, index + 2)
}

/// Reads the file and shows how it would be imported, without writing anything.
pub fn read_preview(
    conn: &Connection,
    path: &Path,
    options: &ImportOptions,
) -> Result<Preview, ImportError> {
    let l = layout(conn, path, options)?;
    Ok(Preview {
        format: l.sheet.format,
        encoding: l.sheet.encoding.clone(),
        sheet_names: l.sheet.sheet_names.clone(),
        sheet: l.sheet.name.clone(),
        header_row: l.header_row,
        missing: l.missing(),
        rows: masked_preview(&l.columns, l.data()),
        data_rows: l.data().len(),
        columns: l.columns,
    })
}

/// The first rows for the preview, with ID numbers and phones masked: a preview is a
/// screen like any other.
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
            for i in &sensitive {
                if let Some(cell) = r.cells.get_mut(*i) {
                    *cell = crate::roster::id_number::mask(cell);
                }
            }
            r
        })
        .collect()
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize)]
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
    now: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    if !dry_run {
        // Said before the file is read: no point checking 50,000 rows to refuse them.
        crate::export::ensure_open::<ImportError>(conn, campaign.id)?;
    }
    let l = layout(conn, path, options)?;
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
    let data = l.data();
    let total = data.len() * 2;
    let mut report = ImportReport {
        file: path.display().to_string(),
        sheet: l.sheet.name.clone(),
        header_row: l.header_row,
        dry_run,
        read: data.len(),
        ..ImportReport::default()
    };
    let mut parsed = Vec::with_capacity(data.len());
    // Every 学号 in the file, rejected rows too: those students are not withdrawn.
    let mut listed: HashSet<&str> = HashSet::with_capacity(data.len());
    for (i, row) in data.iter().enumerate() {
        if let Some(no) = plan_student_no(&plan, &l.columns, row) {
            listed.insert(no);
        }
        match validate::parse_row(&plan, row, &mut report.warnings) {
            Ok(p) => parsed.push(p),
            Err(issue) => report.rejected.push(issue),
        }
        if i % 4096 == 0 {
            progress(i, total);
        }
    }
    let mut parsed = validate::reject_duplicates(parsed, &plan, &mut report.rejected);
    report.rejected.sort_by_key(|r| r.row);
    let stored = queries::load_stored(conn, campaign.id)?;
    for p in &mut parsed {
        if let Some(s) = stored.get(p.student.student_no.as_str()) {
            validate::keep_unmapped(&plan, &mut p.student, &s.student);
        }
    }
    let grad_year = campaign.facts.grad_year;
    let mut rows = Vec::with_capacity(parsed.len());
    for p in &parsed {
        let reason = ineligibility(&p.student, grad_year);
        report.ineligible += usize::from(reason.is_some());
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
    let withdraw: Vec<i64> = stored
        .values()
        .filter(|s| s.withdrawn_at.is_none() && !listed.contains(s.student.student_no.as_str()))
        .map(|s| s.id)
        .collect();
    report.withdrawn = withdraw.len();
    report.columns = l.columns.clone();
    if dry_run {
        progress(total, total);
        return Ok(report);
    }
    if !withdraw.is_empty() {
        // Withdrawing is what a re-import destroys: a copy to go back to, first. Here, so
        // every shell gets it and none needs a trial run to know.
        let at = chrono::NaiveDateTime::parse_from_str(now, "%Y-%m-%d %H:%M:%S")
            .unwrap_or_else(|_| chrono::Local::now().naive_local());
        let taken = crate::backup::auto_backup_conn(conn, crate::backup::Reason::Reimport, at)?;
        report.auto_backup = taken.map(|t| t.backup.path);
    }
    let tx = conn.transaction()?;
    {
        let mut w = ImportWriter::new(&tx, campaign.id)?;
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
                progress(data.len() + i * data.len() / parsed.len().max(1), total);
            }
        }
        for id in &withdraw {
            w.withdraw(*id, now)?;
        }
    }
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
            sheet: &report.sheet,
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

/// The trimmed 学号 of a row, whatever else is wrong with it.
fn plan_student_no<'r>(
    plan: &validate::Plan,
    columns: &[ColumnMapping],
    row: &'r Row,
) -> Option<&'r str> {
    if !plan.has(Field::StudentNo) {
        return None;
    }
    columns
        .iter()
        .find(|c| c.target == Target::Field(Field::StudentNo))
        .map(|c| row.cell(c.index))
        .filter(|s| !s.is_empty())
}

/// True when the stored student already says everything the row says.
fn same(s: &StoredStudent, p: &validate::ParsedRow, reason: Option<&str>, warnings: &str) -> bool {
    s.withdrawn_at.is_none()
        && s.student == p.student
        && s.ineligible_reason.as_deref() == reason
        && s.extra == p.extra
        && s.warnings == warnings
}
