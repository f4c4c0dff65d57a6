//! One data row → a [`Student`] with its warnings, or the reason it is rejected; then
//! duplicate 学号 across the file.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::headers::{ColumnMapping, Field, Target, FIELDS};
use crate::roster::id_number::{self, Gender};
use crate::roster::{Student, StudentNo};
use crate::tabular::{code_key, id_key, is_scientific, normalize_code, normalize_name, Row};

/// A problem with one row, named by row (as Excel shows it) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RowIssue {
    /// The sheet, when the import reads several.
    pub sheet: Option<String>,
    pub row: u32,
    /// The column's header as the file has it; `None` for a whole-row problem.
    pub column: Option<String>,
    /// The column letter ("C").
    pub letter: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "工作表「{sheet}」")?;
        }
        write!(f, "第 {} 行", self.row)?;
        if let (Some(c), Some(l)) = (&self.column, &self.letter) {
            write!(f, "「{c}」列（{l} 列）")?;
        }
        write!(f, "：{}", self.reason)
    }
}

/// A warning as stored with the student (row numbers change between imports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StoredWarning {
    pub column: String,
    pub reason: String,
}

/// A row that became a student.
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub row: u32,
    /// The sheet, when the import reads several.
    pub sheet: Option<String>,
    pub student: Student,
    /// Unmapped columns, as a JSON object text.
    pub extra: String,
    pub warnings: Vec<StoredWarning>,
}

/// The mapping laid out for per-row lookups.
pub struct Plan {
    field_col: [Option<usize>; FIELDS.len()],
    headers: Vec<String>,
    extras: Vec<(usize, String)>,
}

impl ParsedRow {
    /// A problem with this row in the column of `f`, named by its sheet when there are
    /// several.
    pub fn issue(&self, plan: &Plan, f: Field, reason: String) -> RowIssue {
        RowIssue {
            sheet: self.sheet.clone(),
            ..plan.issue(self.row, f, reason)
        }
    }
}

impl Plan {
    pub fn new(columns: &[ColumnMapping]) -> Plan {
        let mut field_col = [None; FIELDS.len()];
        let mut extras: Vec<(usize, String)> = Vec::new();
        for c in columns {
            match c.target {
                Target::Field(f) => field_col[f as usize] = Some(c.index),
                Target::Extra => {
                    // Two columns with one header keep both values.
                    let mut key = c.header.clone();
                    let mut n = 2;
                    while extras.iter().any(|(_, k)| *k == key) {
                        key = format!("{}({n})", c.header);
                        n += 1;
                    }
                    extras.push((c.index, key));
                }
                Target::Ignore => {}
            }
        }
        Plan {
            field_col,
            headers: columns.iter().map(|c| c.header.clone()).collect(),
            extras,
        }
    }

    pub fn has(&self, f: Field) -> bool {
        self.field_col[f as usize].is_some()
    }

    fn get<'r>(&self, row: &'r Row, f: Field) -> &'r str {
        self.cell(row, f)
    }

    /// The row's cell for field `f` ("" when no column maps to it).
    pub fn cell<'r>(&self, row: &'r Row, f: Field) -> &'r str {
        self.field_col[f as usize].map_or("", |i| row.cell(i))
    }

    /// A problem with the whole row (no column).
    pub fn row_issue(&self, row: u32, reason: String) -> RowIssue {
        RowIssue {
            sheet: None,
            row,
            column: None,
            letter: None,
            reason,
        }
    }

    pub fn issue(&self, row: u32, f: Field, reason: String) -> RowIssue {
        let col = self.field_col[f as usize];
        RowIssue {
            sheet: None,
            row,
            column: col.map(|i| self.headers[i].clone()),
            letter: col.map(crate::tabular::column_letter),
            reason,
        }
    }

    /// The header text of the column mapped to `f` (its label when unmapped).
    fn header(&self, f: Field) -> String {
        self.field_col[f as usize]
            .map_or_else(|| f.label().to_string(), |i| self.headers[i].clone())
    }
}

/// How to fix a number Excel damaged, said once for every such cell.
pub const EXCEL_TEXT_FIX: &str =
    "请在 Excel 中把该列设置为「文本」格式，重新填写或从系统重新导出后再导入";

/// Parses one row. `errors` are the row's formula-error cells (column index, error),
/// blank in `row`. Warnings go both into the row (stored) and `warnings` (reported).
pub fn parse_row(
    plan: &Plan,
    row: &Row,
    errors: &[(usize, &'static str)],
    warnings: &mut Vec<RowIssue>,
) -> Result<ParsedRow, RowIssue> {
    let error_in = |f: Field| {
        plan.field_col[f as usize]
            .and_then(|i| errors.iter().find(|(c, _)| *c == i).map(|(_, e)| *e))
    };
    let formula = |e: &str| format!("是公式错误 {e}，不是数据；请在 Excel 中修正公式或粘贴为数值");
    if let Some(e) = error_in(Field::StudentNo) {
        return Err(plan.issue(row.number, Field::StudentNo, format!("学号{}", formula(e))));
    }
    let no_text = code_key(plan.get(row, Field::StudentNo));
    if is_scientific(&no_text) {
        return Err(plan.issue(
            row.number,
            Field::StudentNo,
            format!("学号「{no_text}」是科学计数法，已被 Excel 改掉了数字：{EXCEL_TEXT_FIX}"),
        ));
    }
    if let Some(e) = error_in(Field::Name) {
        return Err(plan.issue(row.number, Field::Name, format!("姓名{}", formula(e))));
    }
    let name = normalize_name(plan.get(row, Field::Name));
    let Some(student_no) = StudentNo::new(&no_text) else {
        let reason = if name.is_empty() {
            "缺少学号和姓名"
        } else {
            "缺少学号"
        };
        return Err(plan.issue(row.number, Field::StudentNo, reason.into()));
    };
    if name.is_empty() {
        return Err(plan.issue(row.number, Field::Name, "缺少姓名".into()));
    }
    let mut stored = Vec::new();
    let mut warn = |f: Field, reason: String| {
        warnings.push(plan.issue(row.number, f, reason.clone()));
        stored.push(StoredWarning {
            column: plan.header(f),
            reason,
        });
    };
    for f in FIELDS {
        if let Some(e) = error_in(f).filter(|_| !matches!(f, Field::StudentNo | Field::Name)) {
            warn(f, format!("该单元格{}，按空白处理", formula(e)));
        }
    }
    let text = |f: Field| plan.get(row, f).to_string();
    let gender_text = plan.get(row, Field::Gender);
    let mut gender = Gender::parse(gender_text);
    if gender.is_none() && !gender_text.is_empty() {
        warn(
            Field::Gender,
            format!("性别「{gender_text}」无法识别，应为 男 或 女"),
        );
    }
    let id = parse_id(plan.get(row, Field::IdNumber), &mut |reason| {
        warn(Field::IdNumber, reason)
    });
    if let Some(info) = id.as_deref().and_then(|i| id_number::validate(i).ok()) {
        match gender {
            None => gender = Some(info.gender),
            Some(g) if g != info.gender => warn(
                Field::Gender,
                format!(
                    "性别为{}，但身份证号显示为{}",
                    g.as_str(),
                    info.gender.as_str()
                ),
            ),
            Some(_) => {}
        }
    }
    let mut number = |f: Field, parse: fn(&str) -> Option<i32>, what: &str| {
        let t = plan.get(row, f);
        let v = parse(t);
        if v.is_none() && !t.is_empty() {
            warn(f, format!("{what}「{t}」无法识别"));
        }
        v
    };
    let intake_year = number(Field::IntakeYear, parse_year, "年级");
    let duration_years = number(Field::DurationYears, parse_duration, "学制");
    let grad_year = if plan.has(Field::GradYear) {
        number(Field::GradYear, parse_grad_year, "预计毕业时间")
    } else {
        // No graduation column: 2022级 + 三年制 graduate in 2025 (a note says so).
        intake_year.zip(duration_years).map(|(y, d)| y + d)
    };
    let student = Student {
        student_no,
        name,
        gender,
        id_number: id,
        college: text(Field::College),
        major: text(Field::Major),
        class_name: text(Field::ClassName),
        intake_year,
        duration_years,
        level: text(Field::Level),
        campus: text(Field::Campus),
        site: text(Field::Site),
        enrolment_status: text(Field::EnrolmentStatus),
        grad_year,
        counselor: text(Field::Counselor),
        phone: normalize_code(plan.get(row, Field::Phone)),
    };
    Ok(ParsedRow {
        row: row.number,
        sheet: None,
        student,
        extra: extra_json(plan, row),
        warnings: stored,
    })
}

/// The ID number of a cell, or `None` with a warning when it is empty or Excel damaged
/// it (scientific notation, the last digits turned into 000): a damaged number is never
/// stored. Other invalid numbers are kept, with the problem named.
fn parse_id(cell: &str, warn: &mut dyn FnMut(String)) -> Option<String> {
    let id = id_key(cell);
    if id.is_empty() {
        return None;
    }
    if is_scientific(&id) {
        warn(format!(
            "身份证号「{id}」是科学计数法，已被 Excel 改掉了数字，未导入：{EXCEL_TEXT_FIX}"
        ));
        return None;
    }
    match id_number::validate(&id) {
        Ok(_) => Some(id),
        Err(_) if id_number::truncated_by_excel(&id) => {
            warn(format!(
                "身份证号「{}」校验位错误，末尾是 000，可能被 Excel 截断（只保留了 15 位有效数字），\
                 未导入：{EXCEL_TEXT_FIX}",
                id_number::mask(&id)
            ));
            None
        }
        Err(problem) => {
            warn(problem.to_string());
            Some(id)
        }
    }
}

fn extra_json(plan: &Plan, row: &Row) -> String {
    let map: serde_json::Map<String, serde_json::Value> = plan
        .extras
        .iter()
        .filter(|(i, _)| !row.cell(*i).is_empty())
        .map(|(i, k)| {
            (
                k.clone(),
                serde_json::Value::String(row.cell(*i).to_string()),
            )
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The graduation year from how offices write 预计毕业时间: 2025, 2025届, 2025-06-30,
/// 2025年6月, 2025.06, 20250630, or an Excel date serial (45838 = 2025-06-30) when the
/// cell lost its date format.
pub fn parse_grad_year(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return chrono::NaiveDate::parse_from_str(t, "%Y%m%d")
            .ok()
            .map(|d| chrono::Datelike::year(&d));
    }
    let serial = t.strip_suffix(".0").unwrap_or(t);
    if serial.len() == 5 && serial.bytes().all(|b| b.is_ascii_digit()) {
        // Serials 18264–73050 are the years 1950–2099.
        let n: i64 = serial.parse().ok()?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch
            .checked_add_signed(chrono::TimeDelta::days(n))
            .map(|d| chrono::Datelike::year(&d))
            .filter(|y| (1950..=2100).contains(y));
    }
    parse_year(t)
}

/// A year from "2025", "2025届", "2022级", "2025-06-30", "2025年6月": the first run of
/// exactly four digits between 1950 and 2100.
pub fn parse_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: i32 = text[start..i].parse().ok()?;
                return (1950..=2100).contains(&y).then_some(y);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Years of study from "3", "3年", "三年制", "两年制".
pub fn parse_duration(text: &str) -> Option<i32> {
    let first = text.chars().next()?;
    let n = match first {
        '1'..='9' => first.to_digit(10).map(|d| d as i32),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        _ => None,
    }?;
    let rest = text[first.len_utf8()..].trim();
    matches!(rest, "" | "年" | "年制" | ".0").then_some(n)
}

/// Rows with one 学号: an exact copy of an earlier row is kept once (with a warning);
/// rows that disagree are all rejected, naming every row.
pub fn reject_duplicates(
    parsed: Vec<ParsedRow>,
    plan: &Plan,
    rejected: &mut Vec<RowIssue>,
    warnings: &mut Vec<RowIssue>,
) -> Vec<ParsedRow> {
    let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::with_capacity(parsed.len());
    for (i, p) in parsed.iter().enumerate() {
        rows_of
            .entry(p.student.student_no.as_str())
            .or_default()
            .push(i);
    }
    // Index → what happens to that row when its 学号 repeats.
    let mut verdict: HashMap<usize, Result<u32, String>> = HashMap::new();
    for list in rows_of.values().filter(|l| l.len() > 1) {
        let first = &parsed[list[0]];
        let identical = list.iter().all(|i| {
            let p = &parsed[*i];
            p.student == first.student && p.extra == first.extra
        });
        let numbers: Vec<String> = list.iter().map(|i| parsed[*i].row.to_string()).collect();
        for i in &list[1..] {
            verdict.insert(
                *i,
                if identical {
                    Ok(first.row)
                } else {
                    Err(numbers.join("、"))
                },
            );
        }
        if !identical {
            verdict.insert(list[0], Err(numbers.join("、")));
        }
    }
    if verdict.is_empty() {
        return parsed;
    }
    parsed
        .into_iter()
        .enumerate()
        .filter(|(i, p)| match verdict.get(i) {
            None => true,
            Some(Ok(first)) => {
                warnings.push(p.issue(
                    plan,
                    Field::StudentNo,
                    format!("与第 {first} 行完全相同，只导入一次"),
                ));
                false
            }
            Some(Err(rows)) => {
                rejected.push(p.issue(
                    plan,
                    Field::StudentNo,
                    format!(
                        "学号 {} 在第 {rows} 行重复出现且内容不同，这几行都未导入",
                        p.student.student_no
                    ),
                ));
                false
            }
        })
        .map(|(_, p)| p)
        .collect()
}

/// What the roster already holds wins over what the file lacks or got wrong: a field the
/// file has no column for, an empty cell, a gender that vanished, an invalid ID number
/// where a valid one is stored. Each kept value the file did have a column for is
/// warned about with the row and column, so the office can look.
pub fn keep_stored(plan: &Plan, p: &mut ParsedRow, stored: &Student, warnings: &mut Vec<RowIssue>) {
    let mut kept: Vec<(Field, String)> = Vec::new();
    let new = &mut p.student;
    for f in FIELDS {
        let mapped = plan.has(f);
        let keep_text = |new: &mut String, old: &String, kept: &mut Vec<(Field, String)>| {
            if new.is_empty() && !old.is_empty() {
                new.clone_from(old);
                if mapped {
                    kept.push((f, "文件中为空，保留名单中原有的值".into()));
                }
            }
        };
        match f {
            Field::StudentNo | Field::Name => {}
            Field::Gender => {
                if new.gender.is_none() && stored.gender.is_some() {
                    new.gender = stored.gender;
                    if mapped {
                        kept.push((f, "文件中性别为空或无法识别，保留名单中原有的性别".into()));
                    }
                }
            }
            Field::IdNumber => {
                let stored_valid = stored
                    .id_number
                    .as_deref()
                    .is_some_and(|id| id_number::validate(id).is_ok());
                let new_valid = new
                    .id_number
                    .as_deref()
                    .is_some_and(|id| id_number::validate(id).is_ok());
                if stored_valid && !new_valid {
                    let why = if new.id_number.is_some() {
                        "文件中的身份证号无效，保留名单中原有的有效身份证号"
                    } else {
                        "文件中身份证号为空或已损坏，保留名单中原有的有效身份证号"
                    };
                    new.id_number.clone_from(&stored.id_number);
                    if mapped {
                        kept.push((f, why.into()));
                    }
                } else if new.id_number.is_none() && stored.id_number.is_some() {
                    new.id_number.clone_from(&stored.id_number);
                    if mapped {
                        kept.push((
                            f,
                            "文件中身份证号为空或已损坏，保留名单中原有的身份证号".into(),
                        ));
                    }
                }
            }
            Field::College => keep_text(&mut new.college, &stored.college, &mut kept),
            Field::Major => keep_text(&mut new.major, &stored.major, &mut kept),
            Field::ClassName => keep_text(&mut new.class_name, &stored.class_name, &mut kept),
            Field::Level => keep_text(&mut new.level, &stored.level, &mut kept),
            Field::Campus => keep_text(&mut new.campus, &stored.campus, &mut kept),
            Field::Site => keep_text(&mut new.site, &stored.site, &mut kept),
            Field::EnrolmentStatus => keep_text(
                &mut new.enrolment_status,
                &stored.enrolment_status,
                &mut kept,
            ),
            Field::Counselor => keep_text(&mut new.counselor, &stored.counselor, &mut kept),
            Field::Phone => keep_text(&mut new.phone, &stored.phone, &mut kept),
            Field::IntakeYear => keep_year(&mut new.intake_year, stored.intake_year),
            Field::DurationYears => keep_year(&mut new.duration_years, stored.duration_years),
            Field::GradYear => keep_year(&mut new.grad_year, stored.grad_year),
        }
    }
    for (f, reason) in kept {
        warnings.push(p.issue(plan, f, reason.clone()));
        p.warnings.push(StoredWarning {
            column: plan.header(f),
            reason,
        });
    }
}

/// The fields that place a student in a group (and so in a session): an empty one after
/// the stored roster had its say is warned about, never guessed from the rows above (a
/// merged cell saved as CSV leaves exactly such gaps).
pub fn warn_empty_groups(plan: &Plan, p: &mut ParsedRow, warnings: &mut Vec<RowIssue>) {
    for f in [Field::College, Field::Major, Field::ClassName] {
        let value = match f {
            Field::College => &p.student.college,
            Field::Major => &p.student.major,
            _ => &p.student.class_name,
        };
        if plan.has(f) && value.is_empty() {
            let reason = format!(
                "{}为空。如果原表中这一列是合并单元格，请直接导入 Excel 原文件，或在每一行填上",
                f.label()
            );
            warnings.push(p.issue(plan, f, reason.clone()));
            p.warnings.push(StoredWarning {
                column: plan.header(f),
                reason,
            });
        }
    }
}

/// A year the file lacks (or could not be read: already warned) keeps the stored one.
fn keep_year(new: &mut Option<i32>, stored: Option<i32>) {
    if new.is_none() {
        *new = stored;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_durations() {
        assert_eq!(parse_year("2025届"), Some(2025));
        assert_eq!(parse_year("2022级"), Some(2022));
        assert_eq!(parse_year("2025-06-30"), Some(2025));
        assert_eq!(parse_year("45838"), None);
        assert_eq!(parse_year("明年"), None);
        assert_eq!(parse_duration("三年制"), Some(3));
        assert_eq!(parse_duration("两年制"), Some(2));
        assert_eq!(parse_duration("3"), Some(3));
        assert_eq!(parse_duration("3年"), Some(3));
        assert_eq!(parse_duration("很久"), None);
    }

    #[test]
    fn graduation_dates_as_offices_write_them() {
        for t in [
            "2025",
            "2025届",
            "2025-06-30",
            "2025年6月",
            "2025.06",
            "20250630",
            "45838",
        ] {
            assert_eq!(parse_grad_year(t), Some(2025), "{t}");
        }
        assert_eq!(parse_grad_year("20251399"), None);
        assert_eq!(parse_grad_year("12345"), None);
    }

    #[test]
    fn damaged_id_numbers_are_not_kept() {
        let mut said = Vec::new();
        assert_eq!(parse_id("4.40604E+17", &mut |r| said.push(r)), None);
        assert_eq!(parse_id("440604200001011000", &mut |r| said.push(r)), None);
        assert!(said[0].contains("科学计数法"), "{said:?}");
        assert!(said[1].contains("可能被 Excel 截断"), "{said:?}");
        assert!(!said[1].contains("440604200001011000"), "masked: {said:?}");
        let full_width = "１１０１０５１９４９１２３１００２ｘ";
        assert_eq!(
            parse_id(full_width, &mut |r| said.push(r)).as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(said.len(), 2);
    }

    #[test]
    fn text_formula_and_lower_case_x() {
        assert_eq!(code_key("=\"020221234\""), "020221234");
        assert_eq!(id_key("11010519491231002x"), "11010519491231002X");
    }
}
