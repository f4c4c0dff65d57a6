//! Reconciling the agency's lists (缴费名单, 拍摄名单, 线上审核通过名单, 散拍名单) with the
//! roster: reading the file, matching each row to a student (学号, else 身份证号, else
//! 姓名 + 班级 when unique), and sorting rows into matched, already recorded, unmatched,
//! ambiguous and conflicting.
//!
//! **Invariant:** [`plan`] is pure and decides everything; writing only inserts the
//! events of the matched rows, so a dry run shows exactly what a real import would do and
//! re-importing the same list records nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::events::{already_recorded, conflict, Event, EventKind, NewEvent, Source};
use super::ProgressError;
use crate::roster::id_number;
use crate::roster::import::Field;
use crate::tabular::{self, normalize_header, ReadOptions, Row};

/// One data row of an agency list, cells as read (empty cells are `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AgencyRow {
    /// The row number as Excel shows it.
    pub row: u32,
    pub student_no: Option<String>,
    pub id_number: Option<String>,
    pub name: Option<String>,
    pub class_name: Option<String>,
    /// The date cell's text, parsed when the row is planned.
    pub date: Option<String>,
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
}

impl AgencyColumn {
    const ALL: [AgencyColumn; 5] = [
        AgencyColumn::StudentNo,
        AgencyColumn::IdNumber,
        AgencyColumn::Name,
        AgencyColumn::ClassName,
        AgencyColumn::Date,
    ];

    /// Normalised header texts (see [`normalize_header`]): the roster import's synonyms
    /// for the identifying columns, plus the date headers agency lists use.
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
                "date",
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
    pub sheet: String,
    pub encoding: Option<String>,
    /// The header's row number as Excel shows it.
    pub header_row: u32,
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<AgencyRow>,
}

/// Reads an agency list (.xlsx/.xls/.ods/.csv, title rows above the header allowed).
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<AgencySheet, ProgressError> {
    let sheet = tabular::read(path, options)?;
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let known = |h: &str| AgencyColumn::ALL.iter().any(|c| c.synonyms().contains(&h));
    let header = tabular::find_header(&sheet.rows, known, 2)
        .or_else(|| tabular::find_header(&sheet.rows, known, 1))
        .ok_or_else(|| ProgressError::NoHeader(file.clone()))?;
    let columns = recognise(&sheet.rows[header]);
    let index = |want: AgencyColumn| columns.iter().find(|c| c.column == want).map(|c| c.index);
    if [
        AgencyColumn::StudentNo,
        AgencyColumn::IdNumber,
        AgencyColumn::Name,
    ]
    .iter()
    .all(|c| index(*c).is_none())
    {
        return Err(ProgressError::NoHeader(file));
    }
    let at = |row: &Row, want| {
        index(want)
            .map(|i| row.cell(i).to_string())
            .filter(|t| !t.is_empty())
    };
    let rows = sheet.rows[header + 1..]
        .iter()
        .map(|r| AgencyRow {
            row: r.number,
            student_no: at(r, AgencyColumn::StudentNo).map(|t| unwrap_text_formula(&t)),
            id_number: at(r, AgencyColumn::IdNumber).map(|t| normalize_id(&t)),
            name: at(r, AgencyColumn::Name),
            class_name: at(r, AgencyColumn::ClassName),
            date: at(r, AgencyColumn::Date),
        })
        .filter(|r| r.student_no.is_some() || r.id_number.is_some() || r.name.is_some())
        .collect();
    Ok(AgencySheet {
        file,
        sheet: sheet.name,
        encoding: sheet.encoding,
        header_row: sheet.rows[header].number,
        columns,
        rows,
    })
}

/// The first column for each kind, leftmost wins.
fn recognise(header: &Row) -> Vec<ColumnInfo> {
    let mut out: Vec<ColumnInfo> = Vec::new();
    for (index, text) in header.cells.iter().enumerate() {
        if let Some(column) = AgencyColumn::from_header(text) {
            if !out.iter().any(|c| c.column == column) {
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

/// Some systems wrap text in a formula to keep leading zeros: ="0123".
fn unwrap_text_formula(text: &str) -> String {
    text.strip_prefix("=\"")
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .trim()
        .to_string()
}

fn normalize_id(text: &str) -> String {
    unwrap_text_formula(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchBy {
    StudentNo,
    IdNumber,
    NameClass,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedRow {
    pub row: u32,
    pub student_no: String,
    pub name: String,
    pub class_name: String,
    pub date: NaiveDate,
    pub matched_by: MatchBy,
}

/// A row that matched a student but says nothing new, or a problem row; `reason` says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub student_no: String,
    pub name: String,
    pub class_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmbiguousRow {
    pub row: u32,
    pub name: String,
    pub class_name: String,
    pub candidates: Vec<Candidate>,
    pub reason: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub kind: EventKind,
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Events written (0 in a dry run).
    pub recorded: usize,
    pub matched: Vec<MatchedRow>,
    pub duplicates: Vec<RowNote>,
    pub unmatched: Vec<RowNote>,
    pub ambiguous: Vec<AmbiguousRow>,
    pub conflicts: Vec<RowNote>,
}

/// The roster, indexed for matching.
struct Index<'a> {
    students: &'a [StudentRef],
    by_no: HashMap<&'a str, usize>,
    /// 学号 without leading zeros, for lists that stored it as a number.
    by_no_digits: HashMap<&'a str, Vec<usize>>,
    by_id: HashMap<&'a str, usize>,
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(students: &'a [StudentRef]) -> Index<'a> {
        let mut ix = Index {
            students,
            by_no: HashMap::new(),
            by_no_digits: HashMap::new(),
            by_id: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (i, s) in students.iter().enumerate() {
            ix.by_no.insert(s.student_no.as_str(), i);
            ix.by_no_digits
                .entry(s.student_no.trim_start_matches('0'))
                .or_default()
                .push(i);
            if let Some(id) = s.id_number.as_deref().filter(|t| !t.is_empty()) {
                ix.by_id.insert(id, i);
            }
            ix.by_name.entry(s.name.as_str()).or_default().push(i);
        }
        ix
    }

    fn by_student_no(&self, no: &str) -> Option<usize> {
        self.by_no.get(no).copied().or_else(|| {
            match self
                .by_no_digits
                .get(no.trim_start_matches('0'))
                .map(Vec::as_slice)
            {
                Some([one]) => Some(*one),
                _ => None,
            }
        })
    }
}

enum Found {
    One(usize, MatchBy),
    Several(Vec<usize>, String),
    None(String),
}

fn find(ix: &Index, r: &AgencyRow) -> Found {
    if let Some(i) = r.student_no.as_deref().and_then(|n| ix.by_student_no(n)) {
        return Found::One(i, MatchBy::StudentNo);
    }
    if let Some(i) = r.id_number.as_deref().and_then(|n| ix.by_id.get(n)) {
        return Found::One(*i, MatchBy::IdNumber);
    }
    let by_name = r
        .name
        .as_deref()
        .and_then(|n| ix.by_name.get(n))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let in_class: Vec<usize> = match r.class_name.as_deref() {
        Some(c) => by_name
            .iter()
            .copied()
            .filter(|i| ix.students[*i].class_name == c)
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
    if r.id_number.is_some() {
        parts.push("身份证号不在名单中".to_string());
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

/// Inconsistencies between the row and the student its 学号/身份证号 found.
fn mismatch(ix: &Index, r: &AgencyRow, s: &StudentRef) -> Option<String> {
    if let Some(name) = r.name.as_deref().filter(|n| *n != s.name) {
        return Some(format!(
            "学号/身份证号对应「{}」，名单上的姓名是「{name}」",
            s.name
        ));
    }
    let id_owner = r.id_number.as_deref().and_then(|n| ix.by_id.get(n));
    match id_owner {
        Some(&i) if ix.students[i].id != s.id => Some(format!(
            "学号对应「{}」，身份证号却属于「{}」（{}）",
            s.name, ix.students[i].name, ix.students[i].student_no
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

/// What to import: the kind, the file's name (for the events' origin), and the date for
/// rows without one.
#[derive(Debug, Clone)]
pub struct ImportPlanInput<'a> {
    pub kind: EventKind,
    pub file: &'a str,
    pub default_date: NaiveDate,
    pub recorded_by: &'a str,
}

/// Sorts every row and lists the events to write, as (student id, event).
pub fn plan(
    input: &ImportPlanInput,
    rows: &[AgencyRow],
    students: &[StudentRef],
    events: &HashMap<i64, Vec<Event>>,
) -> (ImportReport, Vec<(i64, NewEvent)>) {
    let ix = Index::new(students);
    let mut report = ImportReport {
        kind: input.kind,
        file: input.file.to_string(),
        sheet: String::new(),
        header_row: 0,
        dry_run: true,
        rows: rows.len(),
        recorded: 0,
        matched: Vec::new(),
        duplicates: Vec::new(),
        unmatched: Vec::new(),
        ambiguous: Vec::new(),
        conflicts: Vec::new(),
    };
    let mut writes = Vec::new();
    let mut seen: HashMap<i64, u32> = HashMap::new();
    let none: Vec<Event> = Vec::new();
    for r in rows {
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
        let date = match r.date.as_deref() {
            None => input.default_date,
            Some(text) => match parse_date(text) {
                Some(d) => d,
                None => {
                    let why = format!("日期「{text}」无法识别，应为 2025-04-28 这样的日期");
                    report.unmatched.push(note(r, Some(s), why));
                    continue;
                }
            },
        };
        if let Some(why) = mismatch(&ix, r, s) {
            report.conflicts.push(note(r, Some(s), why));
            continue;
        }
        if let Some(first) = seen.get(&s.id) {
            let why = format!("与第 {first} 行是同一名学生");
            report.duplicates.push(note(r, Some(s), why));
            continue;
        }
        let theirs = events.get(&s.id).unwrap_or(&none);
        if already_recorded(theirs, input.kind) {
            let why = format!("已记录「{}」", input.kind.label());
            report.duplicates.push(note(r, Some(s), why));
            seen.insert(s.id, r.row);
            continue;
        }
        if let Some(why) = conflict(theirs, input.kind) {
            report.conflicts.push(note(r, Some(s), why));
            continue;
        }
        seen.insert(s.id, r.row);
        report.matched.push(MatchedRow {
            row: r.row,
            student_no: s.student_no.clone(),
            name: s.name.clone(),
            class_name: s.class_name.clone(),
            date,
            matched_by: by,
        });
        writes.push((
            s.id,
            NewEvent {
                kind: input.kind,
                date,
                source: Source::AgencyImport,
                note: String::new(),
                recorded_by: input.recorded_by.to_string(),
                origin: format!("{} 第{}行", input.file, r.row),
            },
        ));
    }
    (report, writes)
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
}
